/*
 * report_json.c - the JSON of the reports (docs/reports.md), one builder
 * per kind over the computed result, shared by `voronka report --format
 * json` and the API so both print the same document. Numbers: money in
 * minor units, ratios as fractions, null for a figure that does not exist.
 */
#include "render/report_json.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "analytics/hygiene.h"
#include "render/investigate_json.h"
#include "render/leaderboard_json.h"

/* ---- shared ---- */

json_t *vo_json_figure(double v)
{
    if (isnan(v))
        return json_null();
    if (v == floor(v) && fabs(v) < 9e15)
        return json_integer((json_int_t)v);
    return json_real(v);
}

/* body's keys after head's, in their order; steals body, returns head. */
static json_t *prepend(json_t *head, json_t *body)
{
    json_object_update_new(head, body);
    return head;
}

json_t *vo_report_head(const struct vo_report_query *q, struct vo_period p, json_t *body)
{
    char a[16], b[16], c[40];
    vo_date_format(p.first, a, sizeof a);
    vo_date_format(p.last, b, sizeof b);
    vo_time_format(q->as_of, q->ds->cal.tz, c, sizeof c);
    return prepend(json_pack("{s:s,s:s,s:s}", "from", a, "to", b, "as_of", c), body);
}

json_t *vo_report_as_of(const struct vo_report_query *q, json_t *body)
{
    char c[40];
    vo_time_format(q->as_of, q->ds->cal.tz, c, sizeof c);
    return prepend(json_pack("{s:s}", "as_of", c), body);
}

static json_t *jstr(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* The short name the builders below use. */
static json_t *jnum(double v)
{
    return vo_json_figure(v);
}

/* ---- plan-fact ---- */

json_t *vo_pf_to_json(const struct vo_report_query *q, const struct vo_pf_result *r)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < r->nrows; i++) {
        const struct vo_pf_row *row = &r->rows[i];
        json_t *ms = json_object();
        for (size_t k = 0; k < VO_M__COUNT; k++) {
            const struct vo_pf_cell *cl = &row->m[k];
            json_object_set_new(ms, vo_metrics[k].key,
                                json_pack("{s:o,s:o,s:o,s:o,s:o,s:o}", "plan", jnum(cl->plan),
                                          "fact", jnum(cl->fact), "pct", jnum(cl->pct), "forecast",
                                          jnum(cl->forecast), "gap", jnum(cl->gap),
                                          "per_day_needed", jnum(cl->per_day_needed)));
        }
        json_array_append_new(
            rows, json_pack("{s:s,s:s,s:o,s:o}", "scope", row->scope, "name", row->name, "email",
                            row->email ? json_string(row->email) : json_null(), "metrics", ms));
    }
    return vo_report_head(q, q->period,
                          json_pack("{s:i,s:i,s:o}", "elapsed_wd", r->elapsed_wd, "total_wd",
                                    r->total_wd, "rows", rows));
}

/* ---- funnel ---- */

/* A ratio or a day count as JSON: null when absent. */
static json_t *jreal(double v)
{
    return isnan(v) ? json_null() : json_real(v);
}

static json_t *jmoney(int64_t v)
{
    return v == VO_NULL ? json_null() : json_integer(v);
}

/* A figure of a result struct by its member's name: where it is and how it
 * is written (int64_t as an integer; double through jreal; int64_t money
 * through jmoney). */
enum jkind { J_INT, J_REAL, J_MONEY };
struct jmember {
    const char *key;
    enum jkind kind;
    size_t off;
};
#define JM(type, member, kind_)                                                                    \
    {                                                                                              \
        .key = #member, .kind = kind_, .off = offsetof(type, member)                               \
    }

/* The figures of a funnel's group and of its stages, in the document's
 * order (the keys are the members' names). */
#define GROUP(member, kind) JM(struct vo_funnel_group, member, kind)
#define STAGE(member, kind) JM(struct vo_funnel_stage, member, kind)
static const struct jmember group_members[] = {GROUP(size, J_INT),
                                               GROUP(won, J_INT),
                                               GROUP(lost, J_INT),
                                               GROUP(open, J_INT),
                                               GROUP(overall, J_REAL),
                                               GROUP(win_rate, J_REAL),
                                               GROUP(avg_deal_size, J_MONEY),
                                               GROUP(sales_cycle_days, J_REAL)};
static const struct jmember stage_members[] = {
    STAGE(reached, J_INT),          STAGE(conv_next, J_REAL), STAGE(lost_at, J_INT),
    STAGE(dropoff, J_REAL),         STAGE(open_at, J_INT),    STAGE(time_mean_days, J_REAL),
    STAGE(time_median_days, J_REAL)};

/* Sets the n members t of the struct at obj on o, in t's order. */
static void set_members(json_t *o, const void *obj, const struct jmember *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *at = (const char *)obj + t[i].off;
        int64_t whole = 0;
        double real = 0;
        if (t[i].kind == J_REAL)
            memcpy(&real, at, sizeof real);
        else
            memcpy(&whole, at, sizeof whole);
        json_object_set_new(o, t[i].key,
                            t[i].kind == J_REAL    ? jreal(real)
                            : t[i].kind == J_MONEY ? jmoney(whole)
                                                   : json_integer(whole));
    }
}

static const char *stage_name(const struct vo_dataset *ds, const struct vo_funnel_stage *s)
{
    return ds->stages.name[s->stage];
}

/* A group of the funnel f (by: its grouping, NULL for none). */
static json_t *funnel_group(const struct vo_dataset *ds, const struct vo_funnel *f, const char *by,
                            const struct vo_funnel_group *g)
{
    json_t *o = json_object();
    json_object_set_new(o, "by", by ? json_string(by) : json_null());
    json_object_set_new(o, "key", g->name ? json_string(g->name) : json_null());
    set_members(o, g, group_members, sizeof group_members / sizeof group_members[0]);
    json_t *stages = json_array();
    for (size_t p = 0; p < f->nstages; p++) {
        const struct vo_funnel_stage *s = &g->stages[p];
        json_t *so = json_object();
        json_object_set_new(so, "stage", json_string(stage_name(ds, s)));
        set_members(so, s, stage_members, sizeof stage_members / sizeof stage_members[0]);
        json_array_append_new(stages, so);
    }
    json_object_set_new(o, "stages", stages);
    json_t *bn = json_null();
    if (g->has_bottleneck) {
        bn = json_object();
        json_object_set_new(bn, "stage", json_string(stage_name(ds, &g->stages[g->bottleneck])));
        json_object_set_new(bn, "loss", json_integer(g->bottleneck_loss));
    }
    json_object_set_new(o, "bottleneck", bn);
    return o;
}

json_t *vo_funnel_to_json(const struct vo_report_query *q, const struct vo_funnel *f)
{
    const struct vo_dataset *ds = q->ds;
    char from[16], to[16];
    json_t *root = json_object();
    bool none = f->pipeline == VO_FUNNEL_NO_PIPELINE;
    json_object_set_new(root, "pipeline",
                        none ? json_null() : json_string(ds->pipelines.name[f->pipeline]));
    json_object_set_new(root, "no_pipeline", json_boolean(none));
    json_object_set_new(root, "from",
                        json_string(vo_date_format(q->period.first, from, sizeof from)));
    json_object_set_new(root, "to", json_string(vo_date_format(q->period.last, to, sizeof to)));
    json_t *groups = json_array();
    for (size_t i = 0; i < f->ngroups; i++)
        json_array_append_new(groups, funnel_group(ds, f, vo_funnel_by_name(f->by), &f->groups[i]));
    json_object_set_new(root, "groups", groups);
    if (f->team)
        json_object_set_new(root, "team", funnel_group(ds, f, NULL, f->team));
    return root;
}

/* ---- loss reasons ---- */

static json_t *loss_cell(const struct vo_losses_cell *c)
{
    return json_pack("{s:I,s:I,s:I}", "count", (json_int_t)c->count, "amount",
                     (json_int_t)c->amount, "with_amount", (json_int_t)c->with_amount);
}

/* A row of a breakdown: its cell, its top reason, and its non-zero cells
 * per reason in the reasons' order. */
static json_t *loss_row(const struct vo_losses *l, const struct vo_losses_row *row, json_t *o)
{
    json_object_update_new(o, loss_cell(&row->c));
    const struct vo_losses_reason *top = &l->reasons[row->top];
    json_object_set_new(o, "top_reason", jstr(top->name));
    json_t *rs = json_array();
    for (size_t p = 0; p < l->nreasons; p++) {
        if (row->by_reason[p].count == 0)
            continue;
        json_t *x = loss_cell(&row->by_reason[p]);
        json_object_set_new(x, "reason", jstr(l->reasons[p].name));
        json_array_append_new(rs, x);
    }
    json_object_set_new(o, "reasons", rs);
    return o;
}

json_t *vo_losses_to_json(const struct vo_report_query *q, const struct vo_losses *l)
{
    const struct vo_dataset *ds = q->ds;
    json_t *reasons = json_array();
    for (size_t p = 0; p < l->nreasons; p++) {
        const struct vo_losses_reason *r = &l->reasons[p];
        json_t *o = json_pack("{s:o}", "reason", jstr(r->name));
        json_object_update_new(o, loss_cell(&r->c));
        json_object_set_new(o, "share", jreal(r->share));
        json_object_set_new(o, "amount_share", jreal(r->amount_share));
        json_array_append_new(reasons, o);
    }
    json_t *users = json_array();
    for (size_t i = 0; i < l->nusers; i++) {
        int32_t u = l->users[i].key;
        json_array_append_new(users, loss_row(l, &l->users[i],
                                              json_pack("{s:s,s:o}", "user", ds->users.name[u],
                                                        "email", jstr(ds->users.email[u]))));
    }
    json_t *stages = json_array();
    for (size_t i = 0; i < l->nstages; i++) {
        int32_t st = l->stages[i].key;
        json_t *o = json_pack("{s:o,s:o}", "pipeline",
                              st >= 0 ? json_string(ds->pipelines.name[ds->stages.pipeline[st]])
                                      : json_null(),
                              "stage", st >= 0 ? json_string(ds->stages.name[st]) : json_null());
        json_array_append_new(stages, loss_row(l, &l->stages[i], o));
    }
    return vo_report_head(q, q->period,
                          json_pack("{s:o,s:o,s:o,s:o,s:o}", "pipeline", jstr(q->pipeline), "total",
                                    loss_cell(&l->total), "reasons", reasons, "by_user", users,
                                    "by_stage", stages));
}

/* ---- hygiene ---- */

/* --user / --team: the user index or team index to keep, -1 = all. */
struct filter {
    int32_t user, team;
};

static const char *user_name(const struct vo_dataset *ds, int32_t u)
{
    return u >= 0 ? ds->users.name[u] : "—";
}

static json_t *score_json(int32_t x10)
{
    return x10 < 0 ? json_null() : json_real(x10 / 10.0);
}

static json_t *opt_str(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *deal_flags_json(const struct vo_dataset *ds, const struct vo_hygiene_deal *d)
{
    json_t *f = json_array();
    if (d->flags & VO_HY_NO_NEXT_TASK)
        json_array_append_new(f, json_pack("{s:s}", "flag", "no_next_task"));
    if (d->flags & VO_HY_STALE)
        json_array_append_new(
            f, json_pack("{s:s,s:I}", "flag", "stale", "days", (json_int_t)d->idle_days));
    if (d->flags & VO_HY_STUCK)
        json_array_append_new(f, json_pack("{s:s,s:s,s:I,s:i}", "flag", "stuck", "stage",
                                           ds->stages.name[d->stage], "days",
                                           (json_int_t)d->stage_days, "max_days", d->max_days));
    if (d->flags & VO_HY_INCOMPLETE) {
        json_t *m = json_array();
        for (unsigned b = 1; b <= VO_HY_REQ_SOURCE; b <<= 1)
            if (d->missing & b)
                json_array_append_new(m, json_string(vo_hygiene_field_name(b)));
        json_array_append_new(f, json_pack("{s:s,s:o}", "flag", "incomplete", "missing", m));
    }
    return f;
}

json_t *vo_hygiene_to_json(const struct vo_report_query *q, const struct vo_report_hygiene *hr)
{
    const struct vo_dataset *ds = q->ds;
    const struct vo_hygiene *h = &hr->h;
    const struct vo_report_item *di = hr->di, *ti = hr->ti;
    char asof[40];
    vo_time_format(h->as_of, ds->cal.tz, asof, sizeof asof);
    json_t *req = json_array();
    for (unsigned b = 1; b <= VO_HY_REQ_SOURCE; b <<= 1)
        if (h->settings.required & b)
            json_array_append_new(req, json_string(vo_hygiene_field_name(b)));
    json_t *root = json_pack(
        "{s:s,s:{s:i,s:o,s:o}}", "as_of", asof, "settings", "stale_days", h->settings.stale_days,
        "open_deal_limit",
        h->settings.open_deal_limit >= 0 ? json_integer(h->settings.open_deal_limit) : json_null(),
        "required_deal_fields", req);
    json_t *rows = json_array();
    for (size_t u = 0; u <= h->nusers; u++) {
        if (u < h->nusers && !vo_report_hygiene_shown(q, hr, u))
            continue;
        const struct vo_hygiene_row *r = u < h->nusers ? &h->users[u] : &h->org;
        json_t *o = json_pack("{s:s,s:o,s:o}", "scope", u < h->nusers ? "user" : "org", "name",
                              u < h->nusers ? json_string(ds->users.name[u]) : json_null(), "email",
                              u < h->nusers ? opt_str(ds->users.email[u]) : json_null());
        for (int k = 0; k < VO_HYGIENE_NFIG; k++)
            json_object_set_new(o, vo_hygiene_fig_keys[k], json_integer(vo_hygiene_fig(r, k)));
        json_object_set_new(o, "hygiene_score", score_json(r->score_x10));
        json_array_append_new(rows, o);
    }
    json_object_set_new(root, "rows", rows);
    if (q->list) {
        json_t *deals = json_array(), *tasks = json_array();
        for (size_t i = 0; i < h->ndeals; i++) {
            const struct vo_hygiene_deal *d = &h->deals[i];
            /* "id" is the import's external id when the deal has one;
             * "deal_id" is always the store id (GET /api/v1/deals/{id}). */
            json_array_append_new(deals,
                                  json_pack("{s:s,s:I,s:o,s:o,s:s,s:o}", "id", di[i].id, "deal_id",
                                            (json_int_t)ds->deals.id[d->deal], "title",
                                            opt_str(di[i].title), "client", opt_str(di[i].client),
                                            "owner", user_name(ds, ds->deals.owner[d->deal]),
                                            "flags", deal_flags_json(ds, d)));
        }
        for (size_t j = 0; j < h->ntasks; j++) {
            int32_t tk = h->tasks[j].task, td = ds->tasks.deal[tk];
            json_array_append_new(tasks,
                                  json_pack("{s:s,s:I,s:o,s:o,s:s,s:s,s:I}", "id", ti[j].id,
                                            "task_id", (json_int_t)ds->tasks.id[tk], "deal_id",
                                            td >= 0 ? json_integer(ds->deals.id[td]) : json_null(),
                                            "title", opt_str(ti[j].title), "assignee",
                                            user_name(ds, ds->tasks.assignee[tk]), "due", ti[j].due,
                                            "days_overdue", (json_int_t)h->tasks[j].days_overdue));
        }
        json_object_set_new(root, "list", json_pack("{s:o,s:o}", "deals", deals, "tasks", tasks));
    }
    return root;
}

/* ---- daily, weekly, monthly ---- */

static const char *iso(const struct vo_report_query *q, struct vo_date d)
{
    char b[16];
    vo_date_format(d, b, sizeof b);
    return vo_arena_strdup(q->arena, b);
}

static json_t *who_json(const struct vo_daily_who *w)
{
    return json_pack("{s:s,s:s,s:o,s:o,s:I,s:I,s:o}", "scope", w->scope, "name", w->name, "email",
                     jstr(w->email), "team", jstr(w->team), "open_deals", (json_int_t)w->open_deals,
                     "overdue_tasks", (json_int_t)w->overdue_tasks, "hygiene_score",
                     w->score_x10 < 0 ? json_null() : json_real(w->score_x10 / 10.0));
}

/* The time t as ISO 8601 in the org's zone, in the query's arena. */
static const char *iso_time(const struct vo_report_query *q, int64_t t)
{
    char b[40];
    vo_time_format(t, q->ds->cal.tz, b, sizeof b);
    return vo_arena_strdup(q->arena, b);
}

/* The "rows" of a sheet (the daily, a review): nrows rows of sz bytes,
 * each its who (at offset who_off) and what add() sets from the row. */
static json_t *sheet_rows_json(const void *rows, size_t nrows, size_t sz, size_t who_off,
                               void (*add)(json_t *o, const void *row))
{
    json_t *a = json_array();
    for (size_t i = 0; i < nrows; i++) {
        const char *row = (const char *)rows + i * sz;
        json_t *o = who_json((const void *)(row + who_off));
        add(o, row);
        json_array_append_new(a, o);
    }
    return a;
}

/* One entry of "behind": a user, the revenue due, the fact and the
 * shortfall. */
static json_t *behind_item(const struct vo_daily_who *w, const char *due_key, double due,
                           const struct vo_pf_cell *c, double shortfall)
{
    return json_pack("{s:s,s:o,s:o,s:o,s:o,s:o,s:o}", "name", w->name, "email", jstr(w->email),
                     due_key, jnum(due), "fact", jnum(c->fact), "pct",
                     jnum(due != 0 ? c->fact / due : NAN), "shortfall", jnum(shortfall),
                     "per_day_needed", jnum(c->per_day_needed));
}

/* A daily row's own parts: the review day, today, the month to date. */
static void daily_row_json(json_t *o, const void *p)
{
    const struct vo_daily_row *row = p;
    json_t *rv = json_object(), *td = json_object(), *mt = json_object();
    for (size_t k = 0; k < VO_DAILY_NM; k++) {
        const char *key = vo_metrics[vo_daily_metrics[k]].key;
        const struct vo_pf_cell *a = &row->review[k], *m = &row->mtd[k];
        json_object_set_new(rv, key,
                            json_pack("{s:o,s:o,s:o}", "plan", jnum(a->plan), "fact", jnum(a->fact),
                                      "pct", jnum(a->pct)));
        json_object_set_new(td, key, json_pack("{s:o}", "plan", jnum(row->today_plan[k])));
        json_object_set_new(mt, key,
                            json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "plan", jnum(m->plan),
                                      "plan_to_date", jnum(row->plan_to_date[k]), "fact",
                                      jnum(m->fact), "pct", jnum(m->pct), "forecast",
                                      jnum(m->forecast), "gap", jnum(m->gap), "per_day_needed",
                                      jnum(m->per_day_needed)));
    }
    json_object_set_new(o, "review", rv);
    json_object_set_new(o, "today", td);
    json_object_set_new(o, "mtd", mt);
}

json_t *vo_daily_to_json(const struct vo_report_query *q, const struct vo_daily *r)
{
    const char *asof = iso_time(q, r->as_of);
    json_t *rows = sheet_rows_json(r->rows, r->nrows, sizeof *r->rows,
                                   offsetof(struct vo_daily_row, who), daily_row_json);
    json_t *root = json_pack(
        "{s:s,s:s,s:s,s:b,s:{s:s,s:s,s:s},s:{s:s,s:s,s:i,s:i},s:o,s:o}", "kind", "daily", "date",
        iso(q, r->date), "as_of", asof, "today_working", r->today_working, "review", "day",
        iso(q, r->review_day), "from", iso(q, r->review.first), "to", iso(q, r->review.last),
        "month", "from", iso(q, r->month.first), "to", iso(q, r->month.last), "elapsed_wd",
        r->elapsed_wd, "total_wd", r->total_wd, "rows", rows, "behind", json_array());
    json_t *bh = json_object_get(root, "behind");
    for (size_t i = 0; i < r->nbehind; i++) {
        const struct vo_daily_row *row = &r->rows[r->behind[i].row];
        json_array_append_new(bh, behind_item(&row->who, "plan_to_date",
                                              row->plan_to_date[VO_DAILY_REVENUE],
                                              &row->mtd[VO_DAILY_REVENUE], r->behind[i].shortfall));
    }
    /* issue 11: the running competitions (docs/reports.md, "Daily,
     * weekly, monthly") */
    json_object_set_new(root, "competitions", vo_lb_comps_to_json(r->comps, r->ncomps));
    /* issue 12: the investigations (render/investigate_json.h) */
    json_object_set_new(root, "investigations",
                        r->inv ? vo_inv_findings_to_json(q->ds, r->inv, q->arena) : json_array());
    /* issue 14, item 6: the attestations overdue (docs/attestations.md) */
    json_t *att = json_array();
    for (size_t i = 0; i < r->natt; i++)
        json_array_append_new(att, json_pack("{s:I,s:s,s:I,s:s,s:s}", "user_id",
                                             (json_int_t)r->att[i].user_id, "user", r->att[i].user,
                                             "attestation_id", (json_int_t)r->att[i].attestation_id,
                                             "title", r->att[i].title, "due", r->att[i].due));
    json_object_set_new(root, "attestations_overdue", att);
    return root;
}

/* A review row's own part: this period and the one before, by metric. */
static void review_row_json(json_t *o, const void *p)
{
    const struct vo_review_row *row = p;
    json_t *ms = json_object();
    for (size_t k = 0; k < VO_DAILY_NM; k++) {
        const struct vo_pf_cell *c = &row->cur[k], *pr = &row->prev[k];
        json_object_set_new(ms, vo_metrics[vo_daily_metrics[k]].key,
                            json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "plan", jnum(c->plan),
                                      "fact", jnum(c->fact), "pct", jnum(c->pct), "prev_plan",
                                      jnum(pr->plan), "prev_fact", jnum(pr->fact), "prev_pct",
                                      jnum(pr->pct), "change", jnum(row->change[k]), "change_pct",
                                      jnum(row->change_pct[k])));
    }
    json_object_set_new(o, "metrics", ms);
}

json_t *vo_review_to_json(const struct vo_report_query *q, const struct vo_review *r)
{
    const char *asof = iso_time(q, r->as_of);
    json_t *rows = sheet_rows_json(r->rows, r->nrows, sizeof *r->rows,
                                   offsetof(struct vo_review_row, who), review_row_json);
    json_t *root = json_pack("{s:s,s:s,s:s,s:i,s:{s:s,s:s,s:i},s:s,s:o,s:o}", "kind",
                             r->monthly ? "monthly" : "weekly", "from", iso(q, r->cur.first), "to",
                             iso(q, r->cur.last), "working_days", r->cur_wd, "prev", "from",
                             iso(q, r->prev.first), "to", iso(q, r->prev.last), "working_days",
                             r->prev_wd, "as_of", asof, "rows", rows, "behind", json_array());
    json_t *bh = json_object_get(root, "behind");
    for (size_t i = 0; i < r->nbehind; i++) {
        const struct vo_review_row *row = &r->rows[r->behind[i].row];
        json_array_append_new(bh, behind_item(&row->who, "plan", row->cur[VO_DAILY_REVENUE].plan,
                                              &row->cur[VO_DAILY_REVENUE], r->behind[i].shortfall));
    }
    /* issue 11: the period's revenue leaderboard and the running
     * competitions (docs/reports.md, "Daily, weekly, monthly") */
    json_object_set_new(root, "leaderboard", vo_lb_rows_to_json(q->ds, &r->leaderboard, false));
    json_object_set_new(root, "competitions", vo_lb_comps_to_json(r->comps, r->ncomps));
    /* issue 12: the investigations (render/investigate_json.h) */
    json_object_set_new(root, "investigations",
                        r->inv ? vo_inv_findings_to_json(q->ds, r->inv, q->arena) : json_array());
    return root;
}
