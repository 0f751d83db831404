/*
 * report_query.c - report options to engine queries, once for the CLI and
 * the API: as_of and the period (METRICS.md: a period is a local calendar
 * period, as_of the end of a local day), the names of users, teams,
 * pipelines, channels, regions and sources to dataset indexes, and the
 * restriction of a manager's reports to their own figures (the org row
 * where a report has one stays whole: it is the department's context).
 */
#include "analytics/report_query.h"

#include <stddef.h>
#include <string.h>

/* Resolves period / from / to against q->as_of_date into q->period. */
static vo_err resolve_period(struct vo_report_query *q, const char *period, const char *from,
                             const char *to, struct vo_error *e)
{
    const struct vo_calendar *cal = &q->ds->cal;
    struct vo_date anchor = q->as_of_date;
    if (from || to) {
        struct vo_date f, t;
        if (!from || !to)
            return vo_error_set(e, VO_EINVAL, from ? "to" : "from", "--from and --to go together");
        vo_err rc = vo_date_parse(from, &f, "from", e);
        if (!rc)
            rc = vo_date_parse(to, &t, "to", e);
        if (!rc)
            rc = vo_cal_range(cal, f, t, &q->period, e);
        q->period_kind = "range";
        q->period_given = true;
        return rc;
    }
    const char *p = period ? period : "month";
    q->period_given = period != NULL;
    int y, m;
    struct vo_date d;
    if (strcmp(p, "day") == 0)
        q->period = vo_cal_day(cal, anchor);
    else if (strcmp(p, "week") == 0)
        q->period = vo_cal_week(cal, anchor);
    else if (strcmp(p, "month") == 0)
        q->period = vo_cal_month(cal, anchor);
    else if (strcmp(p, "quarter") == 0)
        q->period = vo_cal_quarter(cal, anchor);
    else if (g_ascii_isdigit(p[0]) && strlen(p) == 7) {
        if (vo_month_parse(p, &y, &m, "period", e))
            return VO_EINVAL;
        q->period = vo_cal_month(cal, (struct vo_date){y, m, 1});
        q->period_kind = "month";
        return VO_OK;
    } else if (g_ascii_isdigit(p[0]) && strlen(p) == 10) {
        if (vo_date_parse(p, &d, "period", e))
            return VO_EINVAL;
        q->period = vo_cal_day(cal, d);
        q->period_kind = "day";
        return VO_OK;
    } else
        return vo_error_set(e, VO_EINVAL, "period",
                            "\"%s\" is not a period (day, week, month, quarter, YYYY-MM or "
                            "YYYY-MM-DD)",
                            p);
    q->period_kind = p;
    return VO_OK;
}

vo_err vo_report_query_init(const struct vo_dataset *ds, const struct vo_report_args *a,
                            int64_t now, int32_t self, struct vo_arena *arena,
                            struct vo_report_query *q, struct vo_error *e)
{
    *q = (struct vo_report_query){.ds = ds,
                                  .arena = arena,
                                  .by = a->by,
                                  .scope = a->scope,
                                  .user = a->user,
                                  .team = a->team,
                                  .channel = a->channel,
                                  .region = a->region,
                                  .source = a->source,
                                  .pipeline = a->pipeline,
                                  .date = a->date,
                                  .list = a->list,
                                  .history = a->history,
                                  .metric = a->metric,
                                  .pct = a->pct,
                                  .self = self};
    if (a->of && strcmp(a->of, "products") != 0 && strcmp(a->of, "clients") != 0)
        return vo_error_set(e, VO_EINVAL, "of", "of is clients or products, not \"%s\"", a->of);
    q->products = a->of && strcmp(a->of, "products") == 0;
    if (a->versus && strcmp(a->versus, "team") != 0)
        return vo_error_set(e, VO_EINVAL, "versus", "versus is team, not \"%s\"", a->versus);
    q->versus_team = a->versus != NULL;
    if (a->as_of) {
        vo_err rc = vo_cal_as_of_parse(&ds->cal, a->as_of, &q->as_of, "as_of", e);
        if (rc)
            return rc;
        q->as_of_given = true;
    } else {
        q->as_of = now + 1;
    }
    q->as_of_date = vo_cal_as_of_date(&ds->cal, q->as_of);
    return resolve_period(q, a->period, a->from, a->to, e);
}

int32_t vo_report_find_team(const struct vo_dataset *ds, const char *name)
{
    for (size_t i = 0; i < ds->teams.n; i++)
        if (strcmp(ds->teams.name[i], name) == 0)
            return (int32_t)i;
    return -1;
}

int32_t vo_report_find_user(const struct vo_dataset *ds, const char *who)
{
    for (size_t i = 0; i < ds->users.n; i++)
        if ((ds->users.email[i] && g_ascii_strcasecmp(ds->users.email[i], who) == 0) ||
            strcmp(ds->users.name[i], who) == 0)
            return (int32_t)i;
    return -1;
}

/* ---- plan-fact ---- */

vo_err vo_report_pf_query(const struct vo_report_query *q, struct vo_pf_query *out,
                          struct vo_error *e)
{
    out->period = q->period;
    out->as_of = q->as_of;
    out->scope = VO_SCOPE_ORG;
    out->scope_index = -1;
    const char *team = q->team, *user = q->user;
    if (q->scope && strncmp(q->scope, "team:", 5) == 0)
        team = q->scope + 5;
    else if (q->scope && strncmp(q->scope, "user:", 5) == 0)
        user = q->scope + 5;
    else if (q->scope && strcmp(q->scope, "org") != 0)
        return vo_error_set(e, VO_EINVAL, "scope", "\"%s\" is not org, team:NAME or user:EMAIL",
                            q->scope);
    if (user) {
        out->scope = VO_SCOPE_USER;
        if ((out->scope_index = vo_report_find_user(q->ds, user)) < 0)
            return vo_error_set(e, VO_ENOTFOUND, "user", "no user \"%s\"", user);
    } else if (team) {
        out->scope = VO_SCOPE_TEAM;
        if ((out->scope_index = vo_report_find_team(q->ds, team)) < 0)
            return vo_error_set(e, VO_ENOTFOUND, "team", "no team \"%s\"", team);
    }
    if (!q->by)
        out->by = VO_PF_BY_NONE;
    else if (strcmp(q->by, "user") == 0)
        out->by = VO_PF_BY_USER;
    else if (strcmp(q->by, "team") == 0)
        out->by = VO_PF_BY_TEAM;
    else
        return vo_error_set(e, VO_EINVAL, "by", "plan-fact groups --by user or team, not \"%s\"",
                            q->by);
    if (q->self >= 0) {
        /* a manager: the department row, then their own row */
        out->scope = VO_SCOPE_ORG;
        out->scope_index = -1;
        out->by = VO_PF_BY_USER;
    }
    return VO_OK;
}

void vo_report_pf_restrict(const struct vo_report_query *q, struct vo_pf_result *r)
{
    if (q->self < 0)
        return;
    size_t k = 0;
    for (size_t i = 0; i < r->nrows; i++) {
        const struct vo_pf_row *row = &r->rows[i];
        if (strcmp(row->scope, "org") == 0 ||
            (strcmp(row->scope, "user") == 0 && row->index == q->self))
            r->rows[k++] = *row;
    }
    r->nrows = k;
}

/* ---- leaderboard ---- */

vo_err vo_report_lb_query(const struct vo_report_query *q, struct vo_lb_query *out,
                          struct vo_error *e)
{
    *out = (struct vo_lb_query){.period = q->period, .as_of = q->as_of, .pct = q->pct, .team = -1};
    if (!q->metric || !*q->metric)
        return vo_error_set(e, VO_EINVAL, "metric", "%s is required", "metric");
    const struct vo_metric_def *m = vo_metric_find(q->metric);
    if (!m)
        return vo_error_set(e, VO_EINVAL, "metric", "unknown metric \"%s\"", q->metric);
    out->metric = m->id;
    if (q->team && (out->team = vo_report_find_team(q->ds, q->team)) < 0)
        return vo_error_set(e, VO_ENOTFOUND, "team", "no team \"%s\"", q->team);
    return VO_OK;
}

/* ---- funnel ---- */

/* The filters the funnel and the loss report share (user, team, channel,
 * region, source; a manager's own deals when restricted) into *out. */
static vo_err deal_filters(const struct vo_report_query *q, struct vo_funnel_query *out,
                           struct vo_error *e)
{
    const struct vo_dataset *ds = q->ds;
    if (q->user) {
        out->user = vo_report_find_user(ds, q->user);
        if (out->user < 0)
            return vo_error_set(e, VO_ENOTFOUND, "user", "no user \"%s\"", q->user);
    }
    if (q->team) {
        out->team = vo_report_find_team(ds, q->team);
        if (out->team < 0)
            return vo_error_set(e, VO_ENOTFOUND, "team", "no team \"%s\"", q->team);
    }
    /* a channel, region or source no deal has gives an empty cohort */
    const char *dims[] = {q->channel, q->region, q->source};
    const struct vo_ds_dict *dicts[] = {&ds->channels, &ds->regions, &ds->sources};
    int32_t *dst[] = {&out->channel, &out->region, &out->source};
    for (size_t i = 0; i < 3; i++)
        if (dims[i]) {
            int32_t id = vo_ds_dict_find(dicts[i], dims[i]);
            *dst[i] = id > 0 ? id : VO_FUNNEL_NOTHING;
        }
    if (q->self >= 0) {
        /* a manager's funnel is the cohort of their own deals */
        out->user = q->self;
        out->team = VO_FUNNEL_ANY;
    }
    return VO_OK;
}

/* The pipeline named q->pipeline into *pl; when none is named, the org's
 * first (VO_FUNNEL_ANY instead with any). VO_ENOTFOUND naming "pipeline"
 * when there is no such pipeline (or none at all and one is needed). */
static vo_err pipeline(const struct vo_report_query *q, bool any, int32_t *pl, struct vo_error *e)
{
    const struct vo_dataset *ds = q->ds;
    *pl = -1;
    if (!q->pipeline && any) {
        *pl = VO_FUNNEL_ANY;
        return VO_OK;
    }
    for (size_t i = 0; i < ds->pipelines.n && *pl < 0; i++)
        if (!q->pipeline || strcmp(ds->pipelines.name[i], q->pipeline) == 0)
            *pl = (int32_t)i;
    if (*pl < 0)
        return q->pipeline
                   ? vo_error_set(e, VO_ENOTFOUND, "pipeline", "no pipeline \"%s\"", q->pipeline)
                   : vo_error_set(e, VO_ENOTFOUND, "pipeline", "the org has no pipeline");
    return VO_OK;
}

vo_err vo_report_funnel_query(const struct vo_report_query *q, struct vo_funnel_query *out,
                              struct vo_error *e)
{
    int32_t pl;
    vo_err rc = pipeline(q, false, &pl, e);
    if (rc)
        return rc;
    *out = vo_funnel_query_default(pl, q->period.start, q->period.end, q->as_of);
    if (q->by) {
        if (!vo_funnel_by_parse(q->by, &out->by))
            return vo_error_set(e, VO_EINVAL, "by",
                                "the funnel groups by user, team, channel, region or source");
    }
    return deal_filters(q, out, e);
}

vo_err vo_report_losses_query(const struct vo_report_query *q, vo_losses_query *out,
                              struct vo_error *e)
{
    int32_t pl;
    vo_err rc = pipeline(q, true, &pl, e);
    if (rc)
        return rc;
    if (q->by)
        return vo_error_set(e, VO_EINVAL, "by",
                            "the loss-reasons report is always by reason, by user and by stage: "
                            "filter it with user or team instead of by");
    *out = vo_funnel_query_default(pl, q->period.start, q->period.end, q->as_of);
    return deal_filters(q, out, e);
}

/* ---- hygiene ---- */

static bool kept(const struct vo_dataset *ds, const struct vo_report_hygiene *f, int32_t u)
{
    if (f->user >= 0 && u != f->user)
        return false;
    if (f->team >= 0 && (u < 0 || ds->users.team[u] != f->team))
        return false;
    return true;
}

vo_err vo_report_hygiene_filter(const struct vo_report_query *q, struct vo_report_hygiene *out,
                                struct vo_error *e)
{
    const struct vo_dataset *ds = q->ds;
    out->user = out->team = -1;
    if (q->user && (out->user = vo_report_find_user(ds, q->user)) < 0)
        return vo_error_set(e, VO_ENOTFOUND, "user", "no user \"%s\"", q->user);
    if (q->team && (out->team = vo_report_find_team(ds, q->team)) < 0)
        return vo_error_set(e, VO_ENOTFOUND, "team", "no team \"%s\"", q->team);
    if (q->self >= 0) {
        out->user = q->self;
        out->team = -1;
    }
    return VO_OK;
}

void vo_report_hygiene_narrow(const struct vo_report_query *q, struct vo_report_hygiene *r)
{
    const struct vo_dataset *ds = q->ds;
    struct vo_hygiene *h = &r->h;
    size_t k = 0;
    for (size_t i = 0; i < h->ndeals; i++)
        if (kept(ds, r, ds->deals.owner[h->deals[i].deal]))
            h->deals[k++] = h->deals[i];
    h->ndeals = k;
    k = 0;
    for (size_t i = 0; i < h->ntasks; i++)
        if (kept(ds, r, ds->tasks.assignee[h->tasks[i].task]))
            h->tasks[k++] = h->tasks[i];
    h->ntasks = k;
}

bool vo_report_hygiene_shown(const struct vo_report_query *q, const struct vo_report_hygiene *r,
                             size_t u)
{
    const struct vo_dataset *ds = q->ds;
    const struct vo_hygiene_row *row = &r->h.users[u];
    if (!kept(ds, r, (int32_t)u))
        return false;
    if (row->open_deals || row->open_tasks)
        return true;
    return ds->users.active[u] &&
           (ds->users.role[u] == VO_ROLE_MANAGER || ds->users.role[u] == VO_ROLE_HEAD);
}

/* ---- daily, weekly, monthly ---- */

vo_err vo_report_meeting_day(const struct vo_report_query *q, int64_t now, struct vo_date *d,
                             int64_t *as_of, struct vo_error *e)
{
    const struct vo_calendar *cal = &q->ds->cal;
    if (q->date) {
        vo_err rc = vo_date_parse(q->date, d, "date", e);
        if (rc)
            return rc;
    } else {
        *d = vo_cal_date_of(cal, now);
    }
    *as_of = q->as_of_given ? q->as_of : vo_cal_day_start(cal, *d);
    return VO_OK;
}

/* Whether a sheet row stays for a restricted query. */
static bool own_row(const struct vo_report_query *q, const struct vo_daily_who *w)
{
    return strcmp(w->scope, "org") == 0 || (strcmp(w->scope, "user") == 0 && w->index == q->self);
}

/* The counts and lists of a sheet (vo_daily, vo_review) that a restriction
 * narrows: its rows (nrows of sz bytes, each with its vo_daily_who at
 * offset who) and its behind entries. */
struct sheet {
    void *rows;
    size_t sz, who;
    size_t *nrows, *nteams, *nusers;
    struct vo_daily_behind *behind;
    size_t *nbehind;
};

/* Keeps the rows of the sheet that stay for q (in order), and the behind
 * entries of those, renumbered; no team rows stay. On OOM, nothing stays. */
static void restrict_sheet(const struct vo_report_query *q, const struct sheet *s)
{
    if (q->self < 0)
        return;
    long *map = vo_arena_array(q->arena, *s->nrows + 1, sizeof *map);
    if (!map) {
        *s->nrows = *s->nbehind = *s->nteams = *s->nusers = 0;
        return;
    }
    char *rows = s->rows;
    size_t k = 0, nusers = 0;
    for (size_t i = 0; i < *s->nrows; i++) {
        const struct vo_daily_who *w = (const void *)(rows + i * s->sz + s->who);
        map[i] = -1;
        if (own_row(q, w)) {
            nusers += strcmp(w->scope, "user") == 0;
            map[i] = (long)k;
            memmove(rows + k++ * s->sz, rows + i * s->sz, s->sz);
        }
    }
    *s->nrows = k;
    *s->nteams = 0;
    *s->nusers = nusers;
    k = 0;
    for (size_t i = 0; i < *s->nbehind; i++)
        if (map[s->behind[i].row] >= 0) {
            s->behind[k] = s->behind[i];
            s->behind[k++].row = (size_t)map[s->behind[i].row];
        }
    *s->nbehind = k;
}

void vo_report_daily_restrict(const struct vo_report_query *q, struct vo_daily *r)
{
    restrict_sheet(q, &(struct sheet){r->rows, sizeof *r->rows, offsetof(struct vo_daily_row, who),
                                      &r->nrows, &r->nteams, &r->nusers, r->behind, &r->nbehind});
}

void vo_report_review_restrict(const struct vo_report_query *q, struct vo_review *r)
{
    restrict_sheet(q, &(struct sheet){r->rows, sizeof *r->rows, offsetof(struct vo_review_row, who),
                                      &r->nrows, &r->nteams, &r->nusers, r->behind, &r->nbehind});
}

/* ---- forecast (issue 12, item 5) ---- */

vo_err vo_report_fc_query(const struct vo_report_query *q, struct vo_fc_query *out,
                          struct vo_error *e)
{
    *out = (struct vo_fc_query){.as_of = q->as_of,
                                .period = q->period,
                                .pipeline = VO_FC_ANY_PIPE,
                                .user = VO_FC_ANY_USER,
                                .list = q->list,
                                .runs = VO_FC_RUNS,
                                .seed = VO_FC_SEED};
    if (q->by && strcmp(q->by, "user") != 0)
        return vo_error_set(e, VO_EINVAL, "by", "the forecast groups by user only");
    out->by_user = q->by != NULL;
    if (q->pipeline) {
        vo_err rc = pipeline(q, false, &out->pipeline, e);
        if (rc)
            return rc;
    }
    if (q->user) {
        out->user = vo_report_find_user(q->ds, q->user);
        if (out->user < 0)
            return vo_error_set(e, VO_ENOTFOUND, "user", "no user \"%s\"", q->user);
    }
    /* a manager: their own deals only, whatever was asked */
    if (q->self >= 0)
        out->user = q->self;
    return VO_OK;
}
