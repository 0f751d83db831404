/*
 * planfact.c - plan versus fact (METRICS.md "Plan-fact metrics"). One pass
 * over the period's span of each event table accumulates the raw additive
 * parts of every user (leads, calls, call seconds, ...) into per-user
 * arrays; teams and the department sum their members' parts and the ratios
 * are recomputed from the sums. Plans come from the dataset's monthly rows:
 * an additive month target is spread over its working days
 * (vo_plan_days_sum), so a week or a range gets the sum of its days; the
 * plan of a team or of the department is its own where set, else the sum
 * of its members' plans, month by month: a team's members are its users;
 * the department's are its teams (each with its own plan or its users'
 * sum) and the users without a team. A ratio or snapshot plan
 * is never summed nor spread: it is the scope's own target of the one month
 * that holds the whole period (none for a period over several months).
 * Design notes: docs/internals/analytics.md.
 */
#include "analytics/planfact.h"

#include <math.h>
#include <string.h>

#include "analytics/dataset_days.h"
#include "analytics/plan.h"
#include "base/checked.h"

#define M VO_M__COUNT
#define P VO_PF__COUNT

__extension__ typedef __int128 i128;

/* Counts (leads, calls, ...) are incremented once per row and the rows of
 * a dataset are indexed by int32, so no count reaches INT64_MAX; money
 * and seconds are sums of stored values and are checked (base/checked.h). */
bool vo_pf_scan_events(const struct vo_dataset *ds, int64_t from, int64_t to, int64_t *pt)
{
    if (from >= to)
        return true;
    bool ok = true;
    const struct vo_ds_deals *d = &ds->deals;
    struct vo_ds_span s = vo_ds_deals_created(ds, from, to);
    for (size_t i = s.lo; i < s.hi; i++)
        pt[(size_t)d->owner[i] * P + VO_PF_LEADS]++;
    s = vo_ds_deals_closed(ds, from, to);
    for (size_t k = s.lo; k < s.hi; k++) {
        size_t i = (size_t)d->by_closed[k];
        if (d->status[i] != VO_DEAL_WON)
            continue;
        int64_t *u = pt + (size_t)d->owner[i] * P;
        u[VO_PF_WON]++;
        if (d->amount[i] != VO_NULL && !vo_add_ok(&u[VO_PF_REVENUE], d->amount[i]))
            ok = false;
    }
    const struct vo_ds_activities *ac = &ds->acts;
    s = vo_ds_acts_in(ds, from, to);
    for (size_t i = s.lo; i < s.hi; i++)
        if (!vo_pf_add_activity(ac, i, pt))
            ok = false;
    const struct vo_ds_tasks *t = &ds->tasks;
    s = vo_ds_tasks_done(ds, from, to);
    for (size_t k = s.lo; k < s.hi; k++) {
        size_t i = (size_t)t->by_done[k];
        int64_t *u = pt + (size_t)t->assignee[i] * P;
        u[VO_PF_TASKS_DONE]++;
        if (t->done_at[i] <= t->due_at[i])
            u[VO_PF_TASKS_ON_TIME]++;
    }
    const struct vo_ds_payments *py = &ds->pays;
    s = vo_ds_pays_in(ds, from, to);
    for (size_t i = s.lo; i < s.hi; i++)
        if (py->user[i] >= 0 &&
            !vo_add_ok(&pt[(size_t)py->user[i] * P + VO_PF_PAYMENTS], py->amount[i]))
            ok = false;
    return ok;
}

/* The whole days of [from, to) from the dataset's rollup (dataset_days.c),
 * the partial first and last days scanned. */
bool vo_pf_add_events(const struct vo_dataset *ds, int64_t from, int64_t to, int64_t *pt)
{
    size_t k0, k1;
    if (!vo_ds_days_whole(ds, from, to, &k0, &k1))
        return vo_pf_scan_events(ds, from, to, pt);
    return vo_pf_scan_events(ds, from, ds->days.start[k0], pt) && vo_ds_days_sum(ds, k0, k1, pt) &&
           vo_pf_scan_events(ds, ds->days.start[k1], to, pt);
}

vo_err vo_pf_overflow(struct vo_error *e)
{
    return vo_error_set(e, VO_EINVAL, NULL,
                        "a sum of the report is beyond the range of the reports (about 9.2e18): "
                        "the data holds amounts or durations over their documented maximum");
}

void vo_pf_set_overdue(const struct vo_dataset *ds, int64_t as_of, int64_t *pt)
{
    /* the snapshot: open at as_of and due before it, from the late-task
     * index (dataset_late.c): two binary searches a user */
    for (size_t u = 0; u < ds->users.n; u++)
        pt[u * P + VO_PF_TASKS_OVERDUE] = vo_ds_tasks_overdue(ds, (int32_t)u, as_of);
}

vo_err vo_pf_user_parts(const struct vo_dataset *ds, int64_t from, int64_t to, int64_t as_of,
                        struct vo_arena *a, int64_t **parts, struct vo_error *e)
{
    int64_t *pt = VO_ARENA_ARRAY(a, int64_t, ds->users.n * P + 1);
    if (!pt)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory for the plan-fact");
    if (!vo_pf_add_events(ds, from, to < as_of ? to : as_of, pt))
        return vo_pf_overflow(e);
    vo_pf_set_overdue(ds, as_of, pt);
    *parts = pt;
    return VO_OK;
}

/* The part that holds an additive or snapshot metric's fact, -1 for a
 * ratio. */
static int part_of(enum vo_metric m)
{
    static const int map[M] = {
        [VO_M_LEADS] = VO_PF_LEADS,
        [VO_M_CALLS] = VO_PF_CALLS,
        [VO_M_CALL_MINUTES] = VO_PF_CALL_SECONDS,
        [VO_M_MEETINGS] = VO_PF_MEETINGS,
        [VO_M_DEALS_WON] = VO_PF_WON,
        [VO_M_REVENUE] = VO_PF_REVENUE,
        [VO_M_PAYMENTS] = VO_PF_PAYMENTS,
        [VO_M_AVG_CHECK] = -1,
        [VO_M_CONVERSION] = -1,
        [VO_M_TASKS_DONE] = VO_PF_TASKS_DONE,
        [VO_M_TASKS_DONE_ON_TIME] = VO_PF_TASKS_ON_TIME,
        [VO_M_TASKS_OVERDUE] = VO_PF_TASKS_OVERDUE,
    };
    return map[m];
}

int64_t vo_pf_additive_raw(enum vo_metric m, const int64_t *p)
{
    int k = part_of(m);
    return k < 0 ? 0 : p[k];
}

static double round2(double x)
{
    return (x < 0 ? -floor(-x * 100 + 0.5) : floor(x * 100 + 0.5)) / 100;
}

/* n / d rounded half away from zero, d > 0, exact in 128 bits (the money
 * rounding of METRICS.md, for products that may leave int64). */
static double div_round(i128 n, i128 d)
{
    i128 q = n >= 0 ? (2 * n + d) / (2 * d) : -((-2 * n + d) / (2 * d));
    return (double)q;
}

/* One cell from summed parts p and the plan (NaN = none, in the plan unit:
 * counts, minor units, whole minutes, a fraction). */
static void cell(enum vo_metric m, const int64_t *p, double plan, int elapsed, int total,
                 struct vo_pf_cell *c)
{
    const struct vo_metric_def *def = &vo_metrics[m];
    c->plan = plan;
    c->pct = c->forecast = c->gap = c->per_day_needed = NAN;
    int k = part_of(m);
    int64_t raw = k >= 0 ? p[k] : 0; /* exact: seconds for call_minutes */
    if (m == VO_M_AVG_CHECK)
        c->fact = p[VO_PF_WON] ? (double)vo_plan_div_round(p[VO_PF_REVENUE], p[VO_PF_WON]) : NAN;
    else if (m == VO_M_CONVERSION)
        c->fact = p[VO_PF_LEADS] ? (double)p[VO_PF_WON] / (double)p[VO_PF_LEADS] : NAN;
    else if (m == VO_M_CALL_MINUTES)
        c->fact = (double)raw / 60.0;
    else
        c->fact = (double)raw;
    if (!isnan(plan) && plan != 0 && !isnan(c->fact))
        c->pct = c->fact / plan;
    if (!isnan(plan) && !isnan(c->fact))
        c->gap = plan - c->fact;
    if (def->kind == VO_METRIC_RATIO) {
        c->forecast = c->fact;
        return;
    }
    if (def->kind == VO_METRIC_SNAPSHOT)
        return;
    /* 128-bit products: raw (up to 9.2e18) times the working days of a
     * long range, a plan in minutes times 60, do not fit in int64 */
    if (elapsed > 0) {
        double f = div_round((i128)raw * total, elapsed);
        c->forecast = m == VO_M_CALL_MINUTES ? f / 60.0 : f;
    }
    int left = total - elapsed;
    if (!isnan(plan) && left > 0) {
        int scale = m == VO_M_CALL_MINUTES ? 60 : 1;
        double gap_d; /* the plan in raw units minus the fact, >= 0 */
        i128 gap = 0;
        bool exact = fabs(plan) < 0x1p62; /* a plan an int64 holds (sums of plans are doubles) */
        if (exact) {
            gap = (i128)(int64_t)plan * scale - raw;
            if (gap < 0)
                gap = 0;
            gap_d = (double)gap;
        } else {
            gap_d = plan * scale - (double)raw;
            if (gap_d < 0)
                gap_d = 0;
        }
        if (def->unit == VO_UNIT_MONEY)
            c->per_day_needed = exact ? div_round(gap, left) : round(gap_d / left);
        else if (m == VO_M_CALL_MINUTES)
            c->per_day_needed = round2(gap_d / 60.0 / left);
        else
            c->per_day_needed = round2(gap_d / left);
    }
}

struct plans {
    double *user, *team, *org; /* [index * M + metric], NaN = none */
};

/* Adds v to *dst, turning "none" into v. */
static void add(double *dst, double v)
{
    *dst = isnan(*dst) ? v : *dst + v;
}

/* The days f..l of month y-mo of a month target t, as vo_plan_days_sum
 * computes them, in O(1) from the month's working days: vo_plan_month_days
 * splits t >= 0 equally over the k working days by largest remainder, so
 * working day i (0-based, in date order) gets t / k, plus 1 when i < t % k
 * (equal remainders go to the earliest). i0 and i1 are the working days of
 * the month before f and up to l. Anything else (no working day, a negative
 * target: errors) goes through vo_plan_days_sum itself. One month with
 * hundreds of user plans called the full split for each (most of the
 * plan-fact's time). */
struct month_days {
    int y, mo, k, i0, i1;
    struct vo_date f, l;
};

static vo_err month_part(const struct vo_calendar *cal, const struct month_days *md, int64_t t,
                         int64_t *out, struct vo_error *e)
{
    if (t < 0 || md->k == 0) {
        struct vo_plan_month pm = {md->y, md->mo, t};
        return vo_plan_days_sum(cal, md->f, md->l, &pm, 1, out, e);
    }
    int64_t q = t / md->k, r = t % md->k;
    int64_t a = r < md->i0 ? r : md->i0, b = r < md->i1 ? r : md->i1;
    *out = q * (md->i1 - md->i0) + (b - a);
    return VO_OK;
}

/* One month's own targets, VO_NULL = none: the org's, each team's and
 * each user's ([index * M + metric]). */
struct month_targets {
    int64_t org[M];
    int64_t *team, *user;
    size_t nt, nu;
};

/* The targets of month (y, mo). */
static void month_targets(const struct vo_ds_plans *pl, int y, int mo, struct month_targets *mt)
{
    for (size_t i = 0; i < M; i++)
        mt->org[i] = VO_NULL;
    for (size_t i = 0; i < mt->nu * M; i++)
        mt->user[i] = VO_NULL;
    for (size_t i = 0; i < mt->nt * M; i++)
        mt->team[i] = VO_NULL;
    for (size_t r = 0; r < pl->n; r++) {
        if (pl->year[r] != y || pl->month[r] != mo)
            continue;
        size_t k = pl->metric[r];
        if (pl->scope_kind[r] == VO_SCOPE_ORG)
            mt->org[k] = pl->target[r];
        else if (pl->scope_kind[r] == VO_SCOPE_TEAM && pl->scope[r] >= 0)
            mt->team[(size_t)pl->scope[r] * M + k] = pl->target[r];
        else if (pl->scope_kind[r] == VO_SCOPE_USER && pl->scope[r] >= 0)
            mt->user[(size_t)pl->scope[r] * M + k] = pl->target[r];
    }
}

/* The days of period p inside month (y, mo): its working days, and which
 * of them the period covers. */
static struct month_days month_days_of(const struct vo_calendar *cal, int y, int mo,
                                       const struct vo_period *p)
{
    int mdays = vo_month_days(y, mo);
    struct vo_date f = {y, mo, 1}, l = {y, mo, mdays};
    if (vo_date_cmp(f, p->first) < 0)
        f = p->first;
    if (vo_date_cmp(l, p->last) > 0)
        l = p->last;
    struct month_days md = {.y = y, .mo = mo, .f = f, .l = l};
    for (int d = 1; d <= mdays; d++) {
        struct vo_date x = {y, mo, d};
        if (!vo_cal_is_working(cal, x))
            continue;
        md.k++;
        if (vo_date_cmp(x, f) < 0)
            md.i0++;
        if (vo_date_cmp(x, l) <= 0)
            md.i1++;
    }
    if (md.i1 < md.i0) /* an empty range (l before f) */
        md.i1 = md.i0;
    return md;
}

/* A metric that does not add up over months (a ratio, an average): its
 * target is the month's own, scaled, and only for a one-month period. */
static void kept_targets(const struct month_targets *mt, size_t k, double scale, struct plans *out)
{
    if (mt->org[k] != VO_NULL)
        out->org[k] = (double)mt->org[k] * scale;
    for (size_t i = 0; i < mt->nt; i++)
        if (mt->team[i * M + k] != VO_NULL)
            out->team[i * M + k] = (double)mt->team[i * M + k] * scale;
    for (size_t i = 0; i < mt->nu; i++)
        if (mt->user[i * M + k] != VO_NULL)
            out->user[i * M + k] = (double)mt->user[i * M + k] * scale;
}

/* An additive metric: each user's part of the month, then the sums (a
 * team's or the org's own target replaces the sum of its members). */
static vo_err additive_targets(const struct vo_dataset *ds, const struct month_days *md,
                               const struct month_targets *mt, size_t k, struct plans *out,
                               struct vo_error *e)
{
    size_t nt = mt->nt;
    double team_sum[nt + 1], org_sum = NAN;
    int64_t part;
    vo_err rc;
    for (size_t i = 0; i < nt; i++)
        team_sum[i] = NAN;
    for (size_t i = 0; i < mt->nu; i++) {
        if (mt->user[i * M + k] == VO_NULL)
            continue;
        if ((part = 0, rc = month_part(&ds->cal, md, mt->user[i * M + k], &part, e)))
            return rc;
        add(&out->user[i * M + k], (double)part);
        if (ds->users.team[i] >= 0)
            add(&team_sum[ds->users.team[i]], (double)part);
        else
            add(&org_sum, (double)part);
    }
    for (size_t i = 0; i < nt; i++) {
        double v = team_sum[i];
        if (mt->team[i * M + k] != VO_NULL) {
            if ((part = 0, rc = month_part(&ds->cal, md, mt->team[i * M + k], &part, e)))
                return rc;
            v = (double)part;
        }
        if (!isnan(v)) {
            add(&out->team[i * M + k], v);
            add(&org_sum, v);
        }
    }
    if (mt->org[k] != VO_NULL) {
        if ((part = 0, rc = month_part(&ds->cal, md, mt->org[k], &part, e)))
            return rc;
        org_sum = (double)part;
    }
    if (!isnan(org_sum))
        add(&out->org[k], org_sum);
    return VO_OK;
}

/* The plans of every user, team and the org for period p. */
static vo_err period_plans(const struct vo_dataset *ds, const struct vo_period *p,
                           struct vo_arena *a, struct plans *out, struct vo_error *e)
{
    size_t nu = ds->users.n, nt = ds->teams.n;
    struct month_targets mt = {.nt = nt, .nu = nu};
    out->user = VO_ARENA_ARRAY(a, double, nu *M + 1);
    out->team = VO_ARENA_ARRAY(a, double, nt *M + 1);
    out->org = VO_ARENA_ARRAY(a, double, M);
    mt.user = VO_ARENA_ARRAY(a, int64_t, nu * M + 1);
    mt.team = VO_ARENA_ARRAY(a, int64_t, nt * M + 1);
    if (!out->user || !out->team || !out->org || !mt.user || !mt.team)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory for the plans");
    for (size_t i = 0; i < nu * M; i++)
        out->user[i] = NAN;
    for (size_t i = 0; i < nt * M; i++)
        out->team[i] = NAN;
    for (size_t i = 0; i < M; i++)
        out->org[i] = NAN;
    bool one_month = p->first.y == p->last.y && p->first.m == p->last.m;
    /* months as one count (y * 12 + m - 1): the loop runs last - first + 1
     * times whatever the dates hold */
    int64_t k_first = (int64_t)p->first.y * 12 + p->first.m - 1;
    int64_t k_last = (int64_t)p->last.y * 12 + p->last.m - 1;
    for (int64_t km = k_first; km <= k_last; km++) {
        int y = (int)(km / 12), mo = (int)(km % 12) + 1;
        month_targets(&ds->plans, y, mo, &mt);
        struct month_days md = month_days_of(&ds->cal, y, mo, p);
        for (size_t k = 0; k < M; k++) {
            if (vo_metrics[k].kind != VO_METRIC_ADDITIVE) {
                double scale = vo_metrics[k].unit == VO_UNIT_RATIO ? 1.0 / 10000 : 1.0;
                if (one_month)
                    kept_targets(&mt, k, scale, out);
                continue;
            }
            vo_err rc = additive_targets(ds, &md, &mt, k, out, e);
            if (rc)
                return rc;
        }
    }
    return VO_OK;
}

/* Fills row r from summed parts and the plan row. */
static void fill(struct vo_pf_row *r, const int64_t *parts, const double *plan, int el, int tot)
{
    for (size_t k = 0; k < M; k++)
        cell((enum vo_metric)k, parts, plan[k], el, tot, &r->m[k]);
}

vo_err vo_pf_compute(const struct vo_dataset *ds, const struct vo_pf_query *q, struct vo_arena *a,
                     struct vo_pf_result *out, struct vo_error *e)
{
    return vo_pf_compute_views(ds, q, &q->by, 1, NULL, a, out, e);
}

/* What the views of one query share: its users' parts, their sums by team
 * (sum[t * P], the org's at sum[nt * P]) and the period's plans. */
struct shared {
    const int64_t *parts;
    int64_t *sum;
    struct plans pl;
    int el, tot;
};

/* The users that the rows by user list, in name order, into order[]
 * (n of them). */
static size_t users_listed(const struct vo_dataset *ds, const struct vo_pf_query *q,
                           const struct shared *sh, int32_t *order)
{
    const struct vo_ds_users *us = &ds->users;
    size_t n = 0;
    for (size_t u = 0; u < us->n; u++) {
        if (q->scope == VO_SCOPE_TEAM && us->team[u] != q->scope_index)
            continue;
        bool keep = us->role[u] == VO_ROLE_MANAGER || us->role[u] == VO_ROLE_HEAD;
        for (size_t k = 0; k < P && !keep; k++)
            keep = sh->parts[u * P + k] != 0;
        for (size_t k = 0; k < M && !keep; k++)
            keep = !isnan(sh->pl.user[u * M + k]);
        if (keep)
            order[n++] = (int32_t)u;
    }
    vo_ds_users_sort_by_name(us, order, n);
    return n;
}

/* One view of q (its rows by `by`) into *out: the rows it has, no more
 * (the daily report keeps eight results). */
static vo_err view(const struct vo_dataset *ds, const struct vo_pf_query *q, enum vo_pf_by by,
                   const struct shared *sh, struct vo_arena *a, struct vo_pf_result *out,
                   struct vo_error *e)
{
    const struct vo_ds_users *us = &ds->users;
    size_t nu = us->n, nt = ds->teams.n, n = 0;
    const int64_t *parts = sh->parts, *sum = sh->sum;
    const struct plans *pl = &sh->pl;
    int32_t *order = NULL;
    /* a user has no rows under it, a team no teams */
    if (q->scope == VO_SCOPE_USER || (by == VO_PF_BY_TEAM && q->scope != VO_SCOPE_ORG))
        by = VO_PF_BY_NONE;
    if (by == VO_PF_BY_USER) {
        if (!(order = VO_ARENA_ARRAY(a, int32_t, nu + 1)))
            return vo_error_set(e, VO_ENOMEM, NULL, "out of memory for the plan-fact");
        n = users_listed(ds, q, sh, order);
    } else if (by == VO_PF_BY_TEAM) {
        n = nt;
    }
    *out = (struct vo_pf_result){.elapsed_wd = sh->el, .total_wd = sh->tot};
    if (!(out->rows = VO_ARENA_ARRAY(a, struct vo_pf_row, n + 1)))
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory for the plan-fact");
    int el = sh->el, tot = sh->tot;
    struct vo_pf_row *r = &out->rows[out->nrows++];
    if (q->scope == VO_SCOPE_ORG) {
        *r = (struct vo_pf_row){.scope = "org", .name = "Отдел продаж", .index = -1};
        fill(r, sum + nt * P, pl->org, el, tot);
    } else if (q->scope == VO_SCOPE_TEAM) {
        size_t t = (size_t)q->scope_index;
        *r =
            (struct vo_pf_row){.scope = "team", .name = ds->teams.name[t], .index = q->scope_index};
        fill(r, sum + t * P, pl->team + t * M, el, tot);
    } else {
        size_t u = (size_t)q->scope_index;
        *r = (struct vo_pf_row){
            .scope = "user", .name = us->name[u], .email = us->email[u], .index = q->scope_index};
        fill(r, parts + u * P, pl->user + u * M, el, tot);
    }
    for (size_t i = 0; i < n; i++) {
        r = &out->rows[out->nrows++];
        if (by == VO_PF_BY_TEAM) {
            *r =
                (struct vo_pf_row){.scope = "team", .name = ds->teams.name[i], .index = (int32_t)i};
            fill(r, sum + i * P, pl->team + i * M, el, tot);
        } else {
            size_t u = (size_t)order[i];
            *r = (struct vo_pf_row){
                .scope = "user", .name = us->name[u], .email = us->email[u], .index = order[i]};
            fill(r, parts + u * P, pl->user + u * M, el, tot);
        }
    }
    return VO_OK;
}

vo_err vo_pf_compute_views(const struct vo_dataset *ds, const struct vo_pf_query *q,
                           const enum vo_pf_by *by, size_t nby, const int64_t *given,
                           struct vo_arena *a, struct vo_pf_result *out, struct vo_error *e)
{
    const struct vo_ds_users *us = &ds->users;
    size_t nu = us->n, nt = ds->teams.n;
    if ((q->scope == VO_SCOPE_USER && (q->scope_index < 0 || (size_t)q->scope_index >= nu)) ||
        (q->scope == VO_SCOPE_TEAM && (q->scope_index < 0 || (size_t)q->scope_index >= nt)))
        return vo_error_set(e, VO_EINVAL, "scope", "no such team or user");
    struct shared sh = {.parts = given,
                        .tot = vo_cal_period_wd(&ds->cal, &q->period),
                        .el = vo_cal_elapsed_wd(&ds->cal, &q->period, q->as_of)};
    vo_err rc = VO_OK;
    if (!sh.parts) {
        int64_t *own = NULL;
        rc = vo_pf_user_parts(ds, q->period.start, q->period.end, q->as_of, a, &own, e);
        sh.parts = own;
    }
    if (!rc)
        rc = period_plans(ds, &q->period, a, &sh.pl, e);
    if (rc)
        return rc;
    if (!(sh.sum = VO_ARENA_ARRAY(a, int64_t, (nt + 1) * P)))
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory for the plan-fact");
    for (size_t u = 0; u < nu; u++)
        for (size_t k = 0; k < P; k++)
            if (!vo_add_ok(&sh.sum[nt * P + k], sh.parts[u * P + k]) ||
                (us->team[u] >= 0 &&
                 !vo_add_ok(&sh.sum[(size_t)us->team[u] * P + k], sh.parts[u * P + k])))
                return vo_pf_overflow(e);
    for (size_t v = 0; v < nby && !rc; v++)
        rc = view(ds, q, by[v], &sh, a, &out[v], e);
    return rc;
}
