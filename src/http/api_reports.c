/*
 * api_reports.c - GET /api/v1/reports/{plan-fact,funnel,hygiene,daily,
 * weekly,monthly,losses,leaderboard,investigations,nps,forecast,abc-xyz,at-risk}: the CLI's reports
 * over HTTP. The query arguments are the CLI's options (period, from, to, as_of, by, scope, user,
 * team, channel, region, source, pipeline, date, list, metric, pct) and the body is the very JSON
 * of `voronka report KIND
 * --format json` (docs/reports.md): both resolve the options through service/report.h and build the
 * JSON through render/report_json.h. The org's dataset is the server's live copy (it already holds
 * every committed write), read-locked while the report is computed and rendered. Who sees what (a
 * manager: their own figures) is decided by service/report.c, not here.
 */
#include "http/api.h"
#include "http/http_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "render/action_summary_json.h"
#include "render/channels_json.h"
#include "render/client_reports_json.h"
#include "render/forecast_json.h"
#include "render/investigate_json.h"
#include "render/leaderboard_json.h"
#include "render/report_json.h"
#include "service/action_plans.h"
#include "service/channels.h"
#include "service/client_reports.h"
#include "service/forecast.h"
#include "service/investigate.h"
#include "service/key_accounts.h"
#include "service/promises.h"
#include "service/recognition.h"
#include "service/report.h"
/* issue 12, item 2: NPS */
#include "render/nps_json.h"
#include "service/nps.h"

enum kind {
    PLAN_FACT,
    FUNNEL,
    HYGIENE,
    DAILY,
    WEEKLY,
    MONTHLY,
    LOSSES,
    LEADERBOARD,
    ABC_XYZ, /* issue 12, clients */
    AT_RISK,
    FORECAST,       /* issue 12, item 5 */
    INVESTIGATIONS, /* issue 12, item 6 */
    NPS,            /* issue 12, item 2 */
    CHANNELS,
    CHANNEL_DYNAMICS,
    CHANNEL_PLANS,
    KEY_ACCOUNTS, /* issue 12, item 1 */
};

/* issue 11: the weekly report's "promises" block: per manager, the
 * promises due in the report's week [from, to] (local days) and their
 * fate (service/promises.h, vo_svc_promise_tally). */
static vo_err weekly_promises(struct vo_req *r, json_t *root)
{
    struct vo_date from, to;
    struct vo_promise_tally *v = NULL;
    size_t n = 0;
    const char *f = json_string_value(json_object_get(root, "from"));
    const char *t = json_string_value(json_object_get(root, "to"));
    if (!f || !t || !vo_date_scan(f, &from) || !vo_date_scan(t, &to))
        return VO_OK; /* not a week: nothing to add */
    vo_err rc =
        vo_svc_promise_tally(&r->svc, vo_date_start(r->svc.tz, from),
                             vo_date_start(r->svc.tz, vo_date_add_days(to, 1)), &v, &n, &r->err);
    if (rc)
        return rc;
    json_t *rows = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            rows, json_pack("{s:I, s:s, s:I, s:I, s:I, s:o}", "user_id", (json_int_t)v[i].user_id,
                            "name", v[i].name, "kept", (json_int_t)v[i].kept, "broken",
                            (json_int_t)v[i].broken, "open", (json_int_t)v[i].open, "pct",
                            isnan(v[i].pct) ? json_null() : json_real(v[i].pct)));
    json_object_set_new(root, "promises",
                        json_pack("{s:s, s:s, s:o}", "from", f, "to", t, "rows", rows));
    return VO_OK;
}

/* Computes kind over ds and renders it into *root (*flags: how to print). */
static vo_err build(struct vo_req *r, enum kind k, const struct vo_report_query *q, json_t **root,
                    size_t *flags)
{
    vo_err rc = VO_OK;
    *flags = VO_REPORT_JSON_FLAGS;
    switch (k) {
    case PLAN_FACT: {
        struct vo_pf_result pf;
        if (!(rc = vo_svc_report_pf(&r->svc, q, &pf, &r->err)))
            *root = vo_pf_to_json(q, &pf);
        break;
    }
    case FUNNEL: {
        struct vo_funnel *f = NULL;
        if (!(rc = vo_svc_report_funnel(&r->svc, q, &f, &r->err)))
            *root = vo_funnel_to_json(q, f);
        break;
    }
    case HYGIENE: {
        struct vo_report_hygiene h;
        *flags = VO_HYGIENE_JSON_FLAGS;
        if (!(rc = vo_svc_report_hygiene(&r->svc, q, &h, &r->err)))
            *root = vo_hygiene_to_json(q, &h);
        break;
    }
    case LOSSES: {
        struct vo_losses l;
        if (!(rc = vo_svc_report_losses(&r->svc, q, &l, &r->err)))
            *root = vo_losses_to_json(q, &l);
        break;
    }
    case LEADERBOARD: {
        struct vo_lb lb;
        if (!(rc = vo_svc_report_leaderboard(&r->svc, q, &lb, &r->err)))
            *root = vo_lb_to_json(q, &lb);
        break;
    }
    case FORECAST: { /* issue 12, item 5 */
        struct vo_report_forecast fc;
        *flags = VO_FORECAST_JSON_FLAGS;
        if (!(rc = vo_svc_report_forecast(&r->svc, q, &fc, &r->err)))
            *root = vo_forecast_to_json(q, &fc);
        break;
    }
    /* issue 12, clients (service/client_reports.h) */
    case ABC_XYZ: {
        if (q->products) { /* ?of=products: the ABC of products */
            struct vo_abcp p;
            if (!(rc = vo_svc_report_abc_products(&r->svc, q, &p, &r->err)))
                *root = vo_abcp_to_json(q, &p);
            break;
        }
        struct vo_abc x;
        if (!(rc = vo_svc_report_abc(&r->svc, q, &x, &r->err)))
            *root = vo_abc_to_json(q, &x);
        break;
    }
    case AT_RISK: {
        struct vo_risk x;
        if (!(rc = vo_svc_report_at_risk(&r->svc, q, &x, &r->err)))
            *root = vo_risk_to_json(q, &x);
        break;
    }
    case KEY_ACCOUNTS: { /* issue 12, item 1 */
        struct vo_ka x;
        if (!(rc = vo_svc_report_key_accounts(&r->svc, q, &x, &r->err)))
            *root = vo_ka_to_json(q, &x);
        break;
    }
    case INVESTIGATIONS: { /* issue 12 */
        struct vo_inv *v = NULL;
        if (!(rc = vo_svc_report_investigations(&r->svc, q, &v, &r->err)))
            *root = vo_inv_to_json(q, v);
        break;
    }
    case NPS: { /* issue 12, item 2 */
        struct vo_nps_result nr;
        if (!(rc = vo_svc_report_nps(&r->svc, q, &nr, &r->err)))
            *root = vo_nps_to_json(q, &nr);
        break;
    }
    case CHANNELS: { /* issue 12, item 4 (service/channels.h) */
        struct vo_ch c;
        if (!(rc = vo_svc_report_channels(&r->svc, q, &c, &r->err)))
            *root = vo_ch_to_json(q, &c);
        break;
    }
    case CHANNEL_PLANS: {
        struct vo_ch_plans p;
        if (!(rc = vo_svc_report_channel_plans(&r->svc, q, &p, &r->err)))
            *root = vo_ch_plans_to_json(q, &p);
        break;
    }
    case CHANNEL_DYNAMICS: {
        struct vo_ch_dyn d;
        if (!(rc = vo_svc_report_channel_dynamics(&r->svc, q, &d, &r->err)))
            *root = vo_ch_dyn_to_json(q, &d);
        break;
    }
    case DAILY: {
        struct vo_daily d;
        if (!(rc = vo_svc_report_daily(&r->svc, q, &d, &r->err)))
            *root = vo_daily_to_json(q, &d);
        break;
    }
    case WEEKLY:
    case MONTHLY: {
        struct vo_review v;
        if (!(rc = vo_svc_report_review(&r->svc, q, k == MONTHLY, &v, &r->err)))
            *root = vo_review_to_json(q, &v);
        /* issue 11, item 6: the week's recognitions (read from the store) */
        if (!rc && k == WEEKLY)
            rc = vo_svc_recognitions_block(
                &r->svc, v.cur.start, v.cur.end < v.as_of ? v.cur.end : v.as_of, *root, &r->err);
        /* issue 11: the reviewed week's action plans (docs/action-plans.md) */
        struct vo_action_summary s;
        if (!rc && k == WEEKLY &&
            !(rc = vo_svc_action_plan_summary(&r->svc, v.cur.first, &s, &r->err)))
            json_object_set_new(*root, "action_plans", vo_action_summary_to_json(&s));
        /* opt-in: the default body stays the CLI's JSON */
        if (!rc && k == WEEKLY && vo_req_query(r, "promises"))
            rc = weekly_promises(r, *root);
        break;
    }
    }
    return rc;
}

/* A boolean argument: present and not "0" / "false". */
static bool flag(struct vo_req *r, const char *name)
{
    const char *v = vo_req_query(r, name);
    return v && strcmp(v, "0") != 0 && strcmp(v, "false") != 0;
}

/* One query argument for the cache key: "-" for none, else its length and
 * bytes (unambiguous whatever the value holds). */
static void key_arg(GString *key, const char *v)
{
    if (v)
        g_string_append_printf(key, "|%zu:%s", strlen(v), v);
    else
        g_string_append(key, "|-");
}

/* The cache key of a report (NULL when the report depends on the clock:
 * no as_of, or a meeting report without a date): the kind, the org, the
 * role restriction (a manager's own user id), and the arguments. */
static char *cache_key(struct vo_req *r, enum kind k, const struct vo_report_args *a)
{
    bool meeting = k == DAILY || k == WEEKLY || k == MONTHLY;
    /* the weekly report holds the week's recognitions, action plans and
     * (asked for) promises, which are not in the dataset whose generations
     * keep the cache fresh: never cached */
    /* NPS answers, the marketing spend, gross_margin and the key accounts'
     * plans are not in the dataset either (issue 12): never cached */
    if (!a->as_of || (meeting && !a->date) || k == WEEKLY || k == NPS || k == CHANNELS ||
        k == CHANNEL_DYNAMICS || k == CHANNEL_PLANS || k == KEY_ACCOUNTS)
        return NULL;
    int64_t self = r->svc.actor_role == VO_ROLE_MANAGER ? r->svc.actor_id : 0;
    GString *key = g_string_new(NULL);
    g_string_append_printf(key, "%d|%lld|%d|%lld|%d|%d|%d", (int)k, (long long)r->svc.org.id,
                           (int)r->svc.actor_role, (long long)self, (int)a->list, (int)a->pct,
                           (int)a->history);
    const char *v[] = {a->period, a->from,   a->to,      a->as_of,  a->by,     a->scope,
                       a->user,   a->team,   a->channel, a->region, a->source, a->pipeline,
                       a->date,   a->metric, a->of,      a->versus};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        key_arg(key, v[i]);
    return g_string_free(key, FALSE);
}

static vo_err run(struct vo_req *r, enum kind k)
{
    struct vo_report_args a = {
        .period = vo_req_query(r, "period"),
        .from = vo_req_query(r, "from"),
        .to = vo_req_query(r, "to"),
        .as_of = vo_req_query(r, "as_of"),
        .by = vo_req_query(r, "by"),
        .scope = vo_req_query(r, "scope"),
        .user = vo_req_query(r, "user"),
        .team = vo_req_query(r, "team"),
        .channel = vo_req_query(r, "channel"),
        .region = vo_req_query(r, "region"),
        .source = vo_req_query(r, "source"),
        .pipeline = vo_req_query(r, "pipeline"),
        .date = vo_req_query(r, "date"),
        .list = flag(r, "list"),
        .metric = vo_req_query(r, "metric"),
        .pct = flag(r, "pct"),
        .history = flag(r, "history"), /* abc-xyz (issue 12, item 2) */
        .of = vo_req_query(r, "of"),   /* abc-xyz: clients or products */
    };
    if (k == FUNNEL) /* versus=team: the department's cohort beside */
        a.versus = vo_req_query(r, "versus");
    if (k == KEY_ACCOUNTS && !a.period) /* issue 12, item 1: ?month=YYYY-MM */
        a.period = vo_req_query(r, "month");
    r->out_type = "application/json; charset=utf-8";
    /* The same report since no change: the body built then (cache.c). The
     * generations are read before the dataset, so a change that lands
     * while this one computes leaves its entry stale. An export
     * (export.c) takes the JSON itself, never a cached text. */
    bool exporting = vo_export_wanted(r);
    char *key = exporting ? NULL : cache_key(r, k, &a);
    struct vo_cache_gen gen;
    vo_cache_gen_now(r->srv, &gen);
    if (key && (r->out_bytes = vo_cache_report_get(r->srv, key))) {
        g_free(key);
        r->status = 200;
        return VO_OK;
    }
    const struct vo_dataset *ds = NULL;
    int64_t org = r->svc.org.id;
    vo_err rc = vo_live_acquire(r->srv, r->st, org, &ds, &r->err);
    if (rc) {
        g_free(key);
        return rc;
    }
    struct vo_report_query q;
    json_t *root = NULL;
    size_t flags = 0;
    rc = vo_svc_report_query(&r->svc, ds, &a, &q, &r->err);
    if (!rc)
        rc = build(r, k, &q, &root, &flags);
    vo_live_release(r->srv, org);
    if (rc) {
        g_free(key);
        return rc;
    }
    if (exporting) {
        vo_req_json(r, 200, root);
        return VO_OK;
    }
    char *text = root ? json_dumps(root, flags) : NULL;
    json_decref(root);
    if (!text) {
        g_free(key);
        return vo_error_set(&r->err, VO_ENOMEM, NULL, "out of memory");
    }
    size_t n = strlen(text);
    /* jansson's buffer becomes the body as it is (no copy) */
    r->out_bytes = g_bytes_new_with_free_func(text, n, free, text);
    if (key)
        vo_cache_report_put(r->srv, key, &gen, r->out_bytes);
    g_free(key);
    r->status = 200;
    return VO_OK;
}

/* The report of each path under /api/v1/reports/. */
static const struct {
    const char *name;
    enum kind k;
} reports[] = {
    {"plan-fact", PLAN_FACT},
    {"funnel", FUNNEL},
    {"hygiene", HYGIENE},
    {"daily", DAILY},
    {"weekly", WEEKLY},
    {"monthly", MONTHLY},
    {"losses", LOSSES},
    {"leaderboard", LEADERBOARD},
    /* issue 12, clients */
    {"abc-xyz", ABC_XYZ},
    {"at-risk", AT_RISK},
    {"forecast", FORECAST},             /* issue 12, item 5 */
    {"investigations", INVESTIGATIONS}, /* issue 12 */
    {"nps", NPS},                       /* issue 12, item 2 */
    {"channels", CHANNELS},             /* issue 12, item 4 */
    {"channel-dynamics", CHANNEL_DYNAMICS},
    {"channel-plans", CHANNEL_PLANS},
    {"key-accounts", KEY_ACCOUNTS}, /* issue 12, item 1 */
};

vo_err api_reports(struct vo_req *r)
{
    const char *slash = strrchr(r->path, '/');
    const char *name = slash ? slash + 1 : r->path;
    for (size_t i = 0; i < sizeof reports / sizeof reports[0]; i++)
        if (strcmp(reports[i].name, name) == 0)
            return run(r, reports[i].k);
    /* not reached: the route table names only these paths */
    return vo_error_set(&r->err, VO_ENOTFOUND, NULL, "no report \"%s\"", name);
}

/* issue 11, meetings: the report a meeting freezes when it starts. */
vo_err vo_api_meeting_report(struct vo_req *r, const char *kind, const char *date, const char *user,
                             int64_t as_of, char **text)
{
    struct vo_report_args a = {.date = date};
    bool one = strcmp(kind, "one_to_one") == 0;
    enum kind k = strcmp(kind, "weekly") == 0    ? WEEKLY
                  : strcmp(kind, "monthly") == 0 ? MONTHLY
                                                 : DAILY;
    const struct vo_dataset *ds = NULL;
    int64_t org = r->svc.org.id;
    vo_err rc = vo_live_acquire(r->srv, r->st, org, &ds, &r->err);
    if (rc)
        return rc;
    struct vo_report_query q;
    json_t *root = NULL, *hygiene = NULL;
    size_t flags = 0;
    if (one) /* that manager's plan-fact and hygiene rows */
        a = (struct vo_report_args){.user = user};
    rc = vo_svc_report_query(&r->svc, ds, &a, &q, &r->err);
    if (!rc && !one) { /* as of the start instant */
        q.as_of = as_of;
        q.as_of_given = true;
        q.as_of_date = vo_cal_as_of_date(&ds->cal, as_of);
    }
    if (!rc)
        rc = build(r, one ? PLAN_FACT : k, &q, &root, &flags);
    if (!rc && one && !(rc = build(r, HYGIENE, &q, &hygiene, &flags)))
        root = json_pack("{s:s, s:o, s:o}", "kind", "one_to_one", "plan_fact", root, "hygiene",
                         hygiene);
    vo_live_release(r->srv, org);
    if (rc) {
        json_decref(root);
        return rc;
    }
    char *dump =
        root ? json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12))
             : NULL;
    json_decref(root);
    if (!dump)
        return vo_error_set(&r->err, VO_ENOMEM, NULL, "out of memory");
    *text = vo_arena_strdup(&r->arena, dump);
    free(dump);
    return VO_OK;
}
