/*
 * daily.c - the daily coordination report and the weekly / monthly review
 * (PRODUCT.md, "Management rituals"), composed from the plan-fact engine
 * and the hygiene audit. Each period's users' parts are counted once
 * (vo_pf_add_events) and give both the by-user and the by-team plan-fact
 * (vo_pf_compute_views sums them, the plans built once); a period whose
 * span contains an earlier one's (the month and the reviewed days) only
 * counts the rest, and tasks_overdue, which depends on as_of alone, is
 * counted once. So the daily report costs one pass over the month to
 * date, a few binary searches a user, and one hygiene pass, whatever the
 * number of managers.
 *
 * A user listed by one period but not by another (say, an admin who
 * logged a call this month but not on the reviewed day) gets in the
 * other period a cell with a fact of 0 and no plan, so every row has all
 * its columns. Decisions (the reviewed days, the month of the meeting day,
 * the plan to date) are written in docs/reports.md, "Daily, weekly,
 * monthly".
 */
#include "analytics/daily.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

const enum vo_metric vo_daily_metrics[VO_DAILY_NM] = {
    VO_M_LEADS,     VO_M_CALLS,   VO_M_CALL_MINUTES, VO_M_MEETINGS,
    VO_M_DEALS_WON, VO_M_REVENUE, VO_M_PAYMENTS,
};

/* One period computed by user and by team; pos[u] is user u's row in
 * by_user, -1 when the period does not list u. */
struct pair {
    struct vo_pf_result by_user, by_team;
    int32_t *pos;
};

/* The users' parts of the periods computed so far, to extend rather than
 * recount: the events of [from, lim) (lim = min(period end, as_of)). */
struct parts_cache {
    int64_t as_of;
    size_t n;
    struct {
        int64_t from, lim;
        const int64_t *pt;
    } c[4];
};

/* The users' parts of [from, to) as of c->as_of (vo_pf_user_parts). When
 * an earlier period's events span [f, l) lies inside [from, lim), they are
 * copied and only [from, f) and [l, lim) are counted: the parts are sums
 * over disjoint ranges (the month to date of the daily report contains its
 * reviewed days, so the month costs one pass). tasks_overdue depends on
 * as_of only and is copied along. */
static vo_err parts_of(const struct vo_dataset *ds, struct parts_cache *c, int64_t from, int64_t to,
                       struct vo_arena *a, const int64_t **out, struct vo_error *e)
{
    size_t np = ds->users.n * VO_PF__COUNT;
    int64_t lim = to < c->as_of ? to : c->as_of;
    if (lim < from)
        lim = from;
    int64_t *pt = VO_ARENA_ARRAY(a, int64_t, np + 1);
    if (!pt)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory for the daily report");
    size_t best = c->n; /* the widest cached span inside [from, lim) */
    for (size_t i = 0; i < c->n; i++)
        if (c->c[i].from >= from && c->c[i].lim <= lim &&
            (best == c->n || c->c[i].lim - c->c[i].from > c->c[best].lim - c->c[best].from))
            best = i;
    bool ok;
    if (best < c->n) {
        memcpy(pt, c->c[best].pt, np * sizeof *pt);
        ok = vo_pf_add_events(ds, from, c->c[best].from, pt) &&
             vo_pf_add_events(ds, c->c[best].lim, lim, pt);
    } else {
        ok = vo_pf_add_events(ds, from, lim, pt);
        vo_pf_set_overdue(ds, c->as_of, pt);
    }
    if (!ok)
        return vo_pf_overflow(e);
    if (c->n < sizeof c->c / sizeof c->c[0]) {
        c->c[c->n].from = from;
        c->c[c->n].lim = lim;
        c->c[c->n].pt = pt;
        c->n++;
    }
    *out = pt;
    return VO_OK;
}

/* Period p by user and by team from one set of the users' parts and one
 * build of the period's plans (vo_pf_compute_views): the team and
 * department rows sum the users' parts, no second pass over the events. */
static vo_err run(const struct vo_dataset *ds, const struct vo_period *p, struct parts_cache *pc,
                  struct vo_arena *a, struct pair *out, struct vo_error *e)
{
    struct vo_pf_query q = {.period = *p,
                            .as_of = pc->as_of,
                            .scope = VO_SCOPE_ORG,
                            .scope_index = -1,
                            .by = VO_PF_BY_NONE};
    static const enum vo_pf_by by[2] = {VO_PF_BY_USER, VO_PF_BY_TEAM};
    struct vo_pf_result r[2];
    const int64_t *parts = NULL;
    vo_err rc = parts_of(ds, pc, p->start, p->end, a, &parts, e);
    if (!rc)
        rc = vo_pf_compute_views(ds, &q, by, 2, parts, a, r, e);
    if (rc)
        return rc;
    out->by_user = r[0];
    out->by_team = r[1];
    out->pos = VO_ARENA_ARRAY(a, int32_t, ds->users.n + 1);
    if (!out->pos)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory for the daily report");
    for (size_t u = 0; u < ds->users.n; u++)
        out->pos[u] = -1;
    for (size_t i = 1; i < out->by_user.nrows; i++)
        out->pos[out->by_user.rows[i].index] = (int32_t)i;
    return VO_OK;
}

/* The cell of metric k (of vo_daily_metrics) of a row in period p. */
static struct vo_pf_cell cell_of(const struct pair *p, const struct vo_daily_who *w, size_t k)
{
    enum vo_metric m = vo_daily_metrics[k];
    if (w->index < 0)
        return p->by_user.rows[0].m[m];
    if (strcmp(w->scope, "team") == 0)
        return p->by_team.rows[1 + w->index].m[m];
    int32_t i = p->pos[w->index];
    if (i >= 0)
        return p->by_user.rows[i].m[m];
    struct vo_pf_cell c = {NAN, 0, NAN, p->by_user.elapsed_wd > 0 ? 0 : NAN, NAN, NAN};
    return c;
}

/* The rows' identities: the org, every team, then the users any of the
 * np periods lists, by name; with the hygiene figures of h. */
static vo_err make_who(const struct vo_dataset *ds, const struct pair *ps, size_t np,
                       const struct vo_hygiene *h, struct vo_arena *a, struct vo_daily_who **out,
                       size_t *nteams, size_t *nusers, struct vo_error *e)
{
    size_t nu = ds->users.n, nt = ds->teams.n;
    int32_t *order = VO_ARENA_ARRAY(a, int32_t, nu + 1);
    struct vo_daily_who *w = VO_ARENA_ARRAY(a, struct vo_daily_who, 1 + nt + nu);
    struct vo_hygiene_row *th = VO_ARENA_ARRAY(a, struct vo_hygiene_row, nt + 1);
    if (!order || !w || !th)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory for the daily report");
    size_t n = 0;
    for (size_t u = 0; u < nu; u++) {
        bool keep = false;
        for (size_t i = 0; i < np && !keep; i++)
            keep = ps[i].pos[u] >= 0;
        if (keep)
            order[n++] = (int32_t)u;
        if (ds->users.team[u] >= 0) {
            struct vo_hygiene_row *t = &th[ds->users.team[u]];
            t->open_deals += h->users[u].open_deals;
            t->overdue_tasks += h->users[u].overdue_tasks;
            t->clean += h->users[u].clean;
        }
    }
    vo_ds_users_sort_by_name(&ds->users, order, n);
    w[0] = (struct vo_daily_who){.scope = "org",
                                 .name = ps[0].by_user.rows[0].name,
                                 .index = -1,
                                 .open_deals = h->org.open_deals,
                                 .overdue_tasks = h->org.overdue_tasks,
                                 .score_x10 = h->org.score_x10};
    for (size_t t = 0; t < nt; t++) {
        int64_t od = th[t].open_deals;
        w[1 + t] = (struct vo_daily_who){
            .scope = "team",
            .name = ds->teams.name[t],
            .index = (int32_t)t,
            .open_deals = od,
            .overdue_tasks = th[t].overdue_tasks,
            /* 100 * clean / open in tenths, halves up, as hygiene.c */
            .score_x10 = od ? (int32_t)((2000 * th[t].clean + od) / (2 * od)) : -1};
    }
    for (size_t i = 0; i < n; i++) {
        size_t u = (size_t)order[i];
        int32_t tm = ds->users.team[u];
        w[1 + nt + i] = (struct vo_daily_who){.scope = "user",
                                              .name = ds->users.name[u],
                                              .email = ds->users.email[u],
                                              .team = tm >= 0 ? ds->teams.name[tm] : NULL,
                                              .index = order[i],
                                              .open_deals = h->users[u].open_deals,
                                              .overdue_tasks = h->users[u].overdue_tasks,
                                              .score_x10 = h->users[u].score_x10};
    }
    *out = w;
    *nteams = nt;
    *nusers = n;
    return VO_OK;
}

/* The rows first..first+n-1 whose fact[r] is below due[r] (names in
 * name[r]), by shortfall descending, then name. */
static vo_err behind_list(const char *const *name, const double *due, const double *fact,
                          size_t first, size_t n, struct vo_arena *a, struct vo_daily_behind **out,
                          size_t *nout, struct vo_error *e)
{
    struct vo_daily_behind *b = VO_ARENA_ARRAY(a, struct vo_daily_behind, n + 1);
    if (!b)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory for the daily report");
    size_t nb = 0;
    for (size_t r = first; r < first + n; r++) {
        if (isnan(due[r]) || isnan(fact[r]) || fact[r] >= due[r])
            continue;
        struct vo_daily_behind x = {r, due[r] - fact[r]};
        size_t j = nb++;
        while (j > 0) {
            const struct vo_daily_behind *p = &b[j - 1];
            if (p->shortfall > x.shortfall ||
                (p->shortfall == x.shortfall && strcmp(name[p->row], name[r]) <= 0))
                break;
            b[j] = b[j - 1];
            j--;
        }
        b[j] = x;
    }
    *out = b;
    *nout = nb;
    return VO_OK;
}

/* Arena arrays of the rows' names, due revenue and revenue fact. */
struct revenue_cols {
    const char **name;
    double *due, *fact;
};

static vo_err revenue_cols(size_t n, struct vo_arena *a, struct revenue_cols *c, struct vo_error *e)
{
    c->name = VO_ARENA_ARRAY(a, const char *, n + 1);
    c->due = VO_ARENA_ARRAY(a, double, n + 1);
    c->fact = VO_ARENA_ARRAY(a, double, n + 1);
    if (!c->name || !c->due || !c->fact)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory for the daily report");
    return VO_OK;
}

/* The rows of a sheet (the daily, a review) over the parts ps[0..np): the
 * hygiene as of as_of, then the org, team and user rows (counts in
 * *nteams, *nusers), in *rows an arena array of 1 + teams + users rows of
 * sz bytes whose who (at offset who_off) is set. VO_ENOMEM names `what`. */
static vo_err sheet_rows(const struct vo_dataset *ds, const struct pair *ps, size_t np,
                         int64_t as_of, const struct vo_hygiene_settings *hs, struct vo_arena *a,
                         size_t sz, size_t who_off, void **rows, size_t *nrows, size_t *nteams,
                         size_t *nusers, const char *what, struct vo_error *e)
{
    struct vo_hygiene h;
    struct vo_daily_who *who = NULL;
    vo_err rc = vo_hygiene_compute(ds, as_of, hs, false, a, &h, e);
    if (!rc)
        rc = make_who(ds, ps, np, &h, a, &who, nteams, nusers, e);
    if (rc)
        return rc;
    *nrows = 1 + *nteams + *nusers;
    char *p = vo_arena_array(a, *nrows, sz);
    if (!p)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory for %s", what);
    for (size_t r = 0; r < *nrows; r++)
        memcpy(p + r * sz + who_off, &who[r], sizeof who[r]);
    *rows = p;
    return VO_OK;
}

vo_err vo_daily_compute(const struct vo_dataset *ds, struct vo_date date, int64_t as_of,
                        const struct vo_hygiene_settings *hs, struct vo_arena *a,
                        struct vo_daily *out, struct vo_error *e)
{
    const struct vo_calendar *cal = &ds->cal;
    memset(out, 0, sizeof *out);
    out->date = date;
    out->as_of = as_of;
    out->today_working = vo_cal_is_working(cal, date);
    struct vo_date yd = vo_date_add_days(date, -1), rd = yd;
    for (int i = 0; i < 400 && !vo_cal_is_working(cal, rd); i++)
        rd = vo_date_add_days(rd, -1);
    if (!vo_cal_is_working(cal, rd))
        rd = yd;
    out->review_day = rd;
    vo_err rc = vo_cal_range(cal, rd, yd, &out->review, e);
    if (rc)
        return rc;
    struct vo_period today = vo_cal_day(cal, date);
    out->month = vo_cal_month(cal, date);
    /* the plan to date: the month's days up to the local date of as_of */
    bool started = as_of > out->month.start;
    struct vo_date last = vo_cal_as_of_date(cal, as_of);
    if (vo_date_cmp(last, out->month.last) > 0)
        last = out->month.last;
    struct vo_period to_date = out->month;
    if (started && (rc = vo_cal_range(cal, out->month.first, last, &to_date, e)))
        return rc;
    struct pair ps[4];
    size_t np = started ? 4 : 3;
    struct parts_cache pc = {.as_of = as_of};
    rc = run(ds, &out->review, &pc, a, &ps[0], e);
    if (!rc)
        rc = run(ds, &today, &pc, a, &ps[1], e);
    if (!rc)
        rc = run(ds, &out->month, &pc, a, &ps[2], e);
    if (!rc && started)
        rc = run(ds, &to_date, &pc, a, &ps[3], e);
    void *rows = NULL;
    if (!rc)
        rc = sheet_rows(ds, ps, np, as_of, hs, a, sizeof *out->rows,
                        offsetof(struct vo_daily_row, who), &rows, &out->nrows, &out->nteams,
                        &out->nusers, "the daily report", e);
    if (rc)
        return rc;
    out->rows = rows;
    out->elapsed_wd = ps[2].by_user.elapsed_wd;
    out->total_wd = ps[2].by_user.total_wd;
    for (size_t r = 0; r < out->nrows; r++) {
        struct vo_daily_row *row = &out->rows[r];
        for (size_t k = 0; k < VO_DAILY_NM; k++) {
            row->review[k] = cell_of(&ps[0], &row->who, k);
            row->today_plan[k] = cell_of(&ps[1], &row->who, k).plan;
            row->mtd[k] = cell_of(&ps[2], &row->who, k);
            if (started)
                row->plan_to_date[k] = cell_of(&ps[3], &row->who, k).plan;
            else
                row->plan_to_date[k] = isnan(row->mtd[k].plan) ? NAN : 0;
        }
    }
    struct revenue_cols c;
    if ((rc = revenue_cols(out->nrows, a, &c, e)))
        return rc;
    for (size_t r = 0; r < out->nrows; r++) {
        c.name[r] = out->rows[r].who.name;
        c.due[r] = out->rows[r].plan_to_date[VO_DAILY_REVENUE];
        c.fact[r] = out->rows[r].mtd[VO_DAILY_REVENUE].fact;
    }
    return behind_list(c.name, c.due, c.fact, 1 + out->nteams, out->nusers, a, &out->behind,
                       &out->nbehind, e);
}

vo_err vo_review_compute(const struct vo_dataset *ds, bool monthly, struct vo_date date,
                         int64_t as_of, const struct vo_hygiene_settings *hs, struct vo_arena *a,
                         struct vo_review *out, struct vo_error *e)
{
    const struct vo_calendar *cal = &ds->cal;
    memset(out, 0, sizeof *out);
    out->monthly = monthly;
    out->as_of = as_of;
    if (monthly) {
        out->cur = vo_cal_month(cal, vo_date_add_days(vo_cal_month(cal, date).first, -1));
        out->prev = vo_cal_month(cal, vo_date_add_days(out->cur.first, -1));
    } else {
        out->cur = vo_cal_week(cal, vo_date_add_days(vo_cal_week(cal, date).first, -1));
        out->prev = vo_cal_week(cal, vo_date_add_days(out->cur.first, -1));
    }
    out->cur_wd = vo_cal_period_wd(cal, &out->cur);
    out->prev_wd = vo_cal_period_wd(cal, &out->prev);
    struct pair ps[2];
    struct parts_cache pc = {.as_of = as_of};
    vo_err rc = run(ds, &out->cur, &pc, a, &ps[0], e);
    if (!rc)
        rc = run(ds, &out->prev, &pc, a, &ps[1], e);
    void *rows = NULL;
    if (!rc)
        rc = sheet_rows(ds, ps, 2, as_of, hs, a, sizeof *out->rows,
                        offsetof(struct vo_review_row, who), &rows, &out->nrows, &out->nteams,
                        &out->nusers, "the review", e);
    if (rc)
        return rc;
    out->rows = rows;
    for (size_t r = 0; r < out->nrows; r++) {
        struct vo_review_row *row = &out->rows[r];
        for (size_t k = 0; k < VO_DAILY_NM; k++) {
            row->cur[k] = cell_of(&ps[0], &row->who, k);
            row->prev[k] = cell_of(&ps[1], &row->who, k);
            double c = row->cur[k].fact, p = row->prev[k].fact;
            row->change[k] = c - p;
            row->change_pct[k] = p != 0 ? (c - p) / p : NAN;
        }
    }
    struct revenue_cols c;
    if ((rc = revenue_cols(out->nrows, a, &c, e)))
        return rc;
    for (size_t r = 0; r < out->nrows; r++) {
        c.name[r] = out->rows[r].who.name;
        c.due[r] = out->rows[r].cur[VO_DAILY_REVENUE].plan;
        c.fact[r] = out->rows[r].cur[VO_DAILY_REVENUE].fact;
    }
    if ((rc = behind_list(c.name, c.due, c.fact, 1 + out->nteams, out->nusers, a, &out->behind,
                          &out->nbehind, e)))
        return rc;
    /* issue 11: the period's revenue leaderboard, the meeting's standings */
    struct vo_lb_query lq = {
        .period = out->cur, .as_of = as_of, .metric = VO_M_REVENUE, .team = -1};
    return vo_lb_compute(ds, &lq, a, &out->leaderboard, e);
}
