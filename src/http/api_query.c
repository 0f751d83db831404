/*
 * api_query.c - the query parameters each route reads: one table, the
 * OpenAPI document's parameters (api_meta.c) and the check that keeps the
 * handlers to it.
 *
 * A handler reads a query parameter through vo_req_query. With
 * VO_STRICT_QUERY=1 in the environment (every unit test and the browser
 * tests' server run with it: CMakeLists.txt, tests/web/run.sh) a read of a
 * name this table does not give the route aborts the process, naming the
 * route and the parameter: a parameter added to a handler and not here
 * fails the suite, so the document cannot leave it out. Without it (a
 * server in production) the read is answered as always.
 *
 * The names mean the same on every route (one description each, below);
 * `format` (json, csv, xlsx) and `lang` are every exported list's and
 * report's (export.c, docs/export.md) and come without a row.
 */
#include "http/api.h"
#include "http/http_int.h"

#include <stdlib.h>
#include <string.h>

/* Every name a route may read: its type and what it says. */
static const struct vo_query_param params[] = {
    {"action", "string", NULL, "the audit entries of this action only"},
    {"archived", "boolean", NULL, "the archived objects (1) or the others (0, the default)"},
    {"as_of", "string", NULL,
     "the report's moment: YYYY-MM-DD (the start of that day in the org's time zone, "
     "exclusive) or an ISO 8601 instant; default now"},
    {"attestation_id", "integer", NULL, "the objects of this attestation test only"},
    {"before", "integer", NULL, "the notifications older than this id (paging)"},
    {"by", "string", NULL, "one row per: user or team (reports), or the plan's split"},
    {"channel", "string", NULL, "the deals (or the objects' deals) of this channel only"},
    {"checklist_id", "integer", NULL, "the reviews by this checklist only"},
    {"client_id", "integer", NULL, "the objects of this client only"},
    {"cursor", "string", NULL, "the next page: the cursor the previous page answered"},
    {"date", "string", "date", "the day (YYYY-MM-DD) of a daily report"},
    {"deal_id", "integer", NULL, "the objects of this deal only"},
    {"dry_run", "boolean", NULL, "check everything and roll back: nothing is written"},
    {"entity", "string", NULL, "the custom fields of this object kind: deal or client"},
    {"filename", "string", NULL, "the uploaded file's name (its extension says its kind)"},
    {"from", "string", NULL,
     "from this moment (YYYY-MM-DD: the start of that day in the org's time zone, or an "
     "ISO 8601 instant), inclusive; of a document's diff: the version compared from"},
    {"from_month", "string", NULL, "the first month, YYYY-MM"},
    {"history", "integer", NULL, "how many earlier periods to compare with"},
    {"index", "integer", NULL, "the position of the item in its list, from 0"},
    {"kind", "string", NULL, "the objects of this kind only"},
    {"lang", "string", NULL, "the language of the answer's texts: ru (default) or en"},
    {"last_event_id", "integer", NULL,
     "resume the stream after this event (as the Last-Event-ID header)"},
    {"limit", "integer", NULL, "the page's rows (default and maximum per list: docs/api-crm.md)"},
    {"list", "string", NULL, "the report's detail list instead of its figures"},
    {"meeting_id", "integer", NULL,
     "the promises made at this meeting (the trainings in its block) only"},
    {"mentor_id", "integer", NULL, "the onboarding plans of this mentor's newcomers only"},
    {"metric", "string", NULL, "the plan metric (revenue, deals_won, ...: METRICS.md)"},
    {"month", "string", NULL, "the month, YYYY-MM"},
    {"of", "string", NULL, "what the report or list is of (abc-xyz: clients or products)"},
    {"owner_id", "integer", NULL, "the objects of this user only"},
    {"pct", "number", NULL, "a share, as a fraction (0.8 = 80%)"},
    {"pending", "boolean", NULL, "the attempts with free answers still to score only"},
    {"period", "string", NULL,
     "the calendar period: YYYY-MM (a month), YYYY-Www (a week), YYYY-Qn (a quarter), YYYY (a "
     "year) or YYYY-MM-DD (a day), in the org's time zone"},
    {"pipeline", "string", NULL, "the deals of this pipeline only (its name)"},
    {"pipeline_id", "integer", NULL, "the deals of this pipeline only"},
    {"preset", "string", NULL,
     "the import's preset (amocrm, bitrix24, hubspot, kommo, pipedrive, salesforce: "
     "docs/import.md); "
     "without it a preset is detected by the file's headers"},
    {"promises", "boolean", NULL, "add the promises of the period"},
    {"q", "string", NULL, "the text to search for"},
    {"region", "string", NULL, "the clients of this region only"},
    {"revenue", "integer", NULL, "the revenue to reach, in minor units"},
    {"scope", "string", NULL, "org, team:NAME or user:EMAIL"},
    {"skip_invalid", "boolean", NULL,
     "import the valid rows and answer the rejected ones, instead of all or nothing"},
    {"sort", "string", NULL, "the sort key; a leading - sorts descending"},
    {"source", "string", NULL, "the deals of this lead source only"},
    {"stage", "string", NULL, "the candidates at this hiring stage only (docs/hiring.md)"},
    {"stage_id", "integer", NULL, "the deals at this stage only"},
    {"status", "string", NULL, "the objects in this status only"},
    {"stuck", "boolean", NULL, "the deals stuck at their stage only"},
    {"team", "string", NULL, "the team (its name)"},
    {"team_id", "integer", NULL, "the users of this team only"},
    {"required", "boolean", NULL, "the required-reading documents (1) or the others (0)"},
    {"to", "string", NULL,
     "to this moment (as `from`), exclusive; of a document's diff: the version compared to"},
    {"to_month", "string", NULL, "the last month, YYYY-MM"},
    {"type", "string", NULL, "the activities of this type only"},
    {"unread", "boolean", NULL,
     "the unread notifications only; the required documents whose current version the caller "
     "has not acknowledged"},
    {"updated_since", "string", NULL,
     "the objects created or changed at or after this moment (an ISO 8601 instant, YYYY-MM-DD: "
     "the start of that day in the org's time zone, or unix seconds), oldest change first: "
     "poll again with the largest updated_at seen (docs/api-crm.md \"Changes since\")"},
    {"user", "string", NULL, "the user (an email)"},
    {"user_id", "integer", NULL, "the objects of this user only"},
    {"vacancy", "integer", NULL, "the candidates (or the figures) of this vacancy only"},
    {"versus", "string", NULL,
     "funnel: team adds the department's cohort to compare with (\"team\")"},
    {"week", "string", NULL, "the week, YYYY-Www"},
    {"year", "integer", NULL, "the calendar year"},
};

/* The parameters of every report (api_reports.c's one reader). */
#define REPORT                                                                                     \
    "as_of by channel date from history list metric of pct period pipeline region scope source "   \
    "team to user"
/* The CRM's lists (api_crm.c, read_query): paging, sort, filters. */
#define CRM_LIST                                                                                   \
    "channel client_id cursor deal_id from limit owner_id pipeline_id q sort stage_id status to "  \
    "updated_since"

/* The routes that read parameters, and the names they read (space-separated). */
static const struct {
    enum vo_method method;
    const char *path;
    const char *names;
} routes[] = {
    {VO_DELETE, "/api/v1/meetings/{id}/decisions", "index"},
    {VO_GET, "/api/v1/action-plans", "of user_id week"},
    {VO_GET, "/api/v1/attestation-assignments", "attestation_id user_id"},
    {VO_GET, "/api/v1/attestation-attempts", "attestation_id pending user_id"},
    {VO_GET, "/api/v1/attestation-results", "user_id"},
    {VO_GET, "/api/v1/activities",
     "client_id cursor deal_id from limit owner_id pipeline_id q "
     "sort stage_id status to type updated_since"},
    {VO_GET, "/api/v1/audit", "action cursor from limit sort to user"},
    {VO_GET, "/api/v1/board/stages/{id}", "channel cursor limit owner_id sort stuck team_id"},
    {VO_GET, "/api/v1/board", "channel limit owner_id pipeline_id stuck team_id"},
    {VO_GET, "/api/v1/candidates", "q source stage vacancy"},
    {VO_GET, "/api/v1/clients/{id}/timeline", "cursor limit sort"},
    {VO_GET, "/api/v1/clients", CRM_LIST},
    {VO_GET, "/api/v1/competitions", "of status"},
    {VO_GET, "/api/v1/custom-fields", "entity"},
    {VO_GET, "/api/v1/documents/{id}/diff", "from to"},
    {VO_GET, "/api/v1/documents", "archived kind q required unread"},
    {VO_GET, "/api/v1/deals/{id}/timeline", "cursor limit sort"},
    {VO_GET, "/api/v1/deals", CRM_LIST},
    {VO_GET, "/api/v1/events", "last_event_id"},
    {VO_GET, "/api/v1/hiring/summary", "from to vacancy"},
    {VO_GET, "/api/v1/holidays", "year"},
    {VO_GET, "/api/v1/idp/{id}", "as_of"},
    {VO_GET, "/api/v1/idp", "status user_id"},
    {VO_GET, "/api/v1/key-accounts", REPORT " month"},
    {VO_GET, "/api/v1/marketing-spend", "from to"},
    {VO_GET, "/api/v1/meetings/{id}/protocol", "lang of"},
    {VO_GET, "/api/v1/meetings", "from kind to"},
    {VO_GET, "/api/v1/notifications", "before limit unread"},
    {VO_GET, "/api/v1/onboarding", "mentor_id status user_id"},
    {VO_GET, "/api/v1/payments", CRM_LIST},
    {VO_GET, "/api/v1/plans/days", "by metric period"},
    {VO_GET, "/api/v1/plans/reverse", "period revenue user"},
    {VO_GET, "/api/v1/plans", "period scope"},
    {VO_GET, "/api/v1/promises/record", "from_month to_month user_id"},
    {VO_GET, "/api/v1/promises", "from meeting_id status to user_id"},
    {VO_GET, "/api/v1/recognitions", "from to user_id"},
    {VO_GET, "/api/v1/reports/abc-xyz", REPORT},
    {VO_GET, "/api/v1/reports/at-risk", REPORT},
    {VO_GET, "/api/v1/reports/bonus", "as_of of period"},
    {VO_GET, "/api/v1/reports/channel-dynamics", REPORT},
    {VO_GET, "/api/v1/reports/channel-plans", REPORT},
    {VO_GET, "/api/v1/reports/channels", REPORT},
    {VO_GET, "/api/v1/reports/daily", REPORT},
    {VO_GET, "/api/v1/reports/director", "as_of date of period"},
    {VO_GET, "/api/v1/reports/forecast", REPORT},
    {VO_GET, "/api/v1/reports/funnel", REPORT " versus"},
    {VO_GET, "/api/v1/reports/hygiene", REPORT},
    {VO_GET, "/api/v1/reports/investigations", REPORT},
    {VO_GET, "/api/v1/reports/key-accounts", REPORT " month"},
    {VO_GET, "/api/v1/reports/leaderboard", REPORT},
    {VO_GET, "/api/v1/reports/losses", REPORT},
    {VO_GET, "/api/v1/reports/monthly", REPORT},
    {VO_GET, "/api/v1/reports/nps", REPORT},
    {VO_GET, "/api/v1/reports/plan-fact", REPORT},
    {VO_GET, "/api/v1/reports/weekly", REPORT " promises"},
    {VO_GET, "/api/v1/reviews/summary", "from to user_id"},
    {VO_GET, "/api/v1/reviews", "checklist_id from to user_id"},
    {VO_GET, "/api/v1/saved-filters", "kind"},
    {VO_GET, "/api/v1/search", "limit q"},
    {VO_GET, "/api/v1/tasks", CRM_LIST},
    {VO_GET, "/api/v1/teams", "of"},
    {VO_GET, "/api/v1/trainings", "from kind meeting_id to user_id"},
    {VO_GET, "/api/v1/vacancies", "status"},
    {VO_GET, "/api/v1/webhooks/{id}/deliveries", "limit"},
    {VO_POST, "/api/v1/import", "dry_run lang preset skip_invalid"},
    {VO_PUT, "/api/v1/candidates/{id}/cv", "filename"},
};

const struct vo_query_param *vo_query_param_of(const char *name)
{
    for (size_t i = 0; i < sizeof params / sizeof params[0]; i++)
        if (strcmp(params[i].name, name) == 0)
            return &params[i];
    return NULL;
}

const char *vo_route_query_names(const struct vo_route *rt)
{
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (routes[i].method == rt->method && strcmp(routes[i].path, rt->path) == 0)
            return routes[i].names;
    return NULL;
}

size_t vo_route_query_params(const struct vo_route *rt, const struct vo_query_param **out)
{
    size_t n = 0;
    for (const char *p = vo_route_query_names(rt); p && *p && n < VO_QUERY_MAX;) {
        size_t k = strcspn(p, " ");
        for (size_t i = 0; i < sizeof params / sizeof params[0]; i++)
            if (strlen(params[i].name) == k && memcmp(params[i].name, p, k) == 0)
                out[n++] = &params[i];
        p += k;
        p += strspn(p, " ");
    }
    return n;
}

bool vo_route_query_declared(const struct vo_route *rt, const char *name)
{
    if (strcmp(name, "format") == 0 && rt->method == VO_GET)
        return true; /* format=json on every GET, csv and xlsx on the exported ones */
    if (strcmp(name, "lang") == 0 && rt->method == VO_GET && vo_export_route(rt->path))
        return true;
    const struct vo_query_param *qp[VO_QUERY_MAX];
    size_t n = vo_route_query_params(rt, qp);
    for (size_t i = 0; i < n; i++)
        if (strcmp(qp[i]->name, name) == 0)
            return true;
    return false;
}

static gsize strict_once;
static bool strict;

void vo_query_check(const struct vo_req *r, const char *name)
{
    if (g_once_init_enter(&strict_once)) {
        const char *v = getenv("VO_STRICT_QUERY");
        strict = v && strcmp(v, "1") == 0;
        g_once_init_leave(&strict_once, 1);
    }
    if (!strict || !r->path)
        return;
    const struct vo_route *rt = vo_route_find(r->method, r->path);
    if (rt && !vo_route_query_declared(rt, name))
        g_error("%s %s reads the query parameter \"%s\", which src/http/api_query.c does not "
                "declare for the route",
                vo_http_method_name(rt->method), rt->path, name);
}
