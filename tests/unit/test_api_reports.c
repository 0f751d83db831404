/*
 * test_api_reports.c - GET /api/v1/reports/KIND against a real server on a
 * small demo company: every kind answers 200 with exactly the JSON of
 * `voronka report KIND --format json` on the same database (the binary is
 * run and both documents compared), a manager sees their own rows and the
 * department's only, a viewer reads, and a report right after a write (a
 * plan set through the service, a payment told to the live dataset)
 * includes it without reloading the dataset (vo_live_stats).
 */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http/http_int.h"
#include "demo/demo.h"
#include "service/plans.h"
#include "http_client.h"
#include "testutil.h"
#include "service/dataset_load.h"

static char *dir, *db;
static struct vo_server *srv;
static int port;
static struct vo_demo_result demo;
static struct vo_arena arena;

#define AS_OF "2026-02-10"

/* The shared client (http_client.c) on this suite's server. */
static struct vo_test_resp http(const char *method, const char *path, const char *cookie,
                                const char *body)
{
    return vo_test_http(port, method, path, cookie, NULL, NULL, body);
}

static void setup(void)
{
    dir = vo_test_tmpdir();
    db = vo_test_db(dir, "demo.db");
    vo_arena_init(&arena, 0);
    struct vo_store *st = NULL;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_open(db, VO_STORE_CREATE, &st, &e), VO_OK, "open: %s", e.msg);
    struct vo_demo_opts o = {
        .seed = 11, .managers = 4, .deals = 800, .as_of = {2026, 2, 10}, .months = 4};
    cr_assert_eq(vo_demo_generate(st, &o, &arena, &demo, &e), VO_OK, "demo: %s", e.msg);
    vo_store_close(st);
    struct vo_server_opts so = {
        .db_path = db, .listen = "127.0.0.1:0", .threads = 2, .quiet = true};
    cr_assert_eq(vo_server_start(&so, &srv, &port, &e), VO_OK, "%s", e.msg);
}

static void teardown(void)
{
    vo_server_stop(srv);
    vo_arena_cleanup(&arena);
    vo_test_rmtree(dir);
    g_free(db);
    g_free(dir);
}

TestSuite(api_reports, .init = setup, .fini = teardown, .timeout = 180);

static const struct vo_demo_login *login_of(const char *role, int nth)
{
    for (size_t i = 0; i < demo.nlogins; i++)
        if (strcmp(demo.logins[i].role, role) == 0 && nth-- == 0)
            return &demo.logins[i];
    cr_assert_fail("no %s login", role);
    return NULL;
}

/* Signs in; the session cookie (g_free). */
static char *sign_in(const struct vo_demo_login *l)
{
    char *body = g_strdup_printf("{\"email\":\"%s\",\"password\":\"%s\"}", l->email, l->password);
    struct vo_test_resp r = http("POST", "/api/v1/session", NULL, body);
    g_free(body);
    cr_assert_eq(r.status, 200, "login %s: %s", l->email, r.body);
    cr_assert(r.cookie, "no session cookie");
    char *cookie = g_strdup(r.cookie);
    vo_test_resp_free(&r);
    return cookie;
}

/* `voronka report KIND ARGS --format json` on the same database. */
static json_t *cli(const char *kind, const char *args)
{
    char *cmd = g_strdup_printf("%s report %s --db %s --format json %s 2>/dev/null",
                                vo_test_binary(), kind, db, args);
    char *out = NULL;
    int rc = vo_test_run(cmd, &out);
    cr_assert_eq(rc, 0, "%s: %s", cmd, out);
    json_error_t je;
    json_t *j = json_loads(out, 0, &je);
    cr_assert(j, "%s: not JSON: %s", cmd, out);
    g_free(out);
    g_free(cmd);
    return j;
}

static json_t *api(const char *cookie, const char *kind, const char *query, int want)
{
    char *path = g_strdup_printf("/api/v1/reports/%s?%s", kind, query);
    struct vo_test_resp r = http("GET", path, cookie, NULL);
    cr_assert_eq(r.status, want, "%s: %d %s", path, r.status, r.body);
    json_t *j = r.json ? json_incref(r.json) : NULL;
    vo_test_resp_free(&r);
    g_free(path);
    return j;
}

/* The same report through the API and the CLI. */
static void same(const char *cookie, const char *kind, const char *query, const char *args,
                 const char *const *keys)
{
    json_t *a = api(cookie, kind, query, 200);
    json_t *c = cli(kind, args);
    for (size_t i = 0; keys[i]; i++)
        cr_assert(json_object_get(a, keys[i]), "%s: no \"%s\"", kind, keys[i]);
    char *as = json_dumps(a, JSON_SORT_KEYS | JSON_COMPACT);
    char *cs = json_dumps(c, JSON_SORT_KEYS | JSON_COMPACT);
    cr_assert(json_equal(a, c), "%s differs:\nAPI %.400s\nCLI %.400s", kind, as, cs);
    free(as);
    free(cs);
    json_decref(a);
    json_decref(c);
}

Test(api_reports, every_kind_is_the_cli_json)
{
    char *head = sign_in(login_of("head", 0));
    const char *pf[] = {"from", "to", "as_of", "elapsed_wd", "total_wd", "rows", NULL};
    same(head, "plan-fact", "as_of=" AS_OF "&by=user", "--as-of " AS_OF " --by user", pf);
    same(head, "plan-fact", "as_of=" AS_OF "&period=2026-01&by=team",
         "--as-of " AS_OF " --period 2026-01 --by team", pf);
    const char *fu[] = {"pipeline", "from", "to", "groups", NULL};
    same(head, "funnel", "as_of=" AS_OF "&from=2025-11-01&to=2026-01-31&by=user",
         "--as-of " AS_OF " --from 2025-11-01 --to 2026-01-31 --by user", fu);
    const char *hy[] = {"as_of", "settings", "rows", NULL};
    same(head, "hygiene", "as_of=" AS_OF, "--as-of " AS_OF, hy);
    const char *hyl[] = {"as_of", "settings", "rows", "list", NULL};
    same(head, "hygiene", "as_of=" AS_OF "&list=1", "--as-of " AS_OF " --list", hyl);
    const char *da[] = {"kind", "date",   "as_of",          "review", "month",
                        "rows", "behind", "investigations", NULL};
    same(head, "daily", "date=" AS_OF, "--date " AS_OF, da);
    const char *wk[] = {"kind", "from", "to", "prev", "as_of", "rows", "behind", NULL};
    same(head, "weekly", "date=" AS_OF, "--date " AS_OF, wk);
    /* issue 12, item 6: the investigations, in the monthly review and alone */
    const char *mo[] = {"kind",   "from",           "to", "prev", "as_of", "rows",
                        "behind", "investigations", NULL};
    same(head, "monthly", "date=" AS_OF, "--date " AS_OF, mo);
    const char *inv[] = {"from",        "to",         "as_of",          "baseline_from",
                         "baseline_to", "elapsed_wd", "investigations", NULL};
    same(head, "investigations", "as_of=" AS_OF, "--as-of " AS_OF, inv);
    const char *lo[] = {"from",    "to",      "as_of",    "pipeline", "total",
                        "reasons", "by_user", "by_stage", NULL};
    same(head, "losses", "as_of=" AS_OF "&from=2025-11-01&to=2026-01-31",
         "--as-of " AS_OF " --from 2025-11-01 --to 2026-01-31", lo);
    /* issue 12, item 5: the forecast, by user, with its deals */
    const char *fc[] = {
        "as_of", "from",  "to", "stage_probability", "weighted_pipeline", "p50", "backtest",
        "rows",  "deals", NULL};
    same(head, "forecast", "as_of=" AS_OF "&by=user&list=1", "--as-of " AS_OF " --by user --list",
         fc);
    /* issue 12, clients */
    const char *ab[] = {"from", "to", "as_of", "basis", "total", "clients", "matrix", NULL};
    same(head, "abc-xyz", "as_of=" AS_OF, "--as-of " AS_OF, ab);
    /* issue 12, item 2: the class history */
    const char *abh[] = {"from", "to", "clients", "matrix", "history", "moved", NULL};
    same(head, "abc-xyz", "as_of=" AS_OF "&history=1", "--as-of " AS_OF " --history", abh);
    const char *ar[] = {"from", "to", "as_of", "days", "clients", "churn", NULL};
    same(head, "at-risk", "as_of=" AS_OF, "--as-of " AS_OF, ar);
    /* issue 12, item 2: NPS by month (the demo has answers) */
    const char *np[] = {"from", "to", "as_of", "by", "groups", "detractors", NULL};
    same(head, "nps", "as_of=" AS_OF "&from=2025-11-01&to=2026-02-28&by=month",
         "--as-of " AS_OF " --from 2025-11-01 --to 2026-02-28 --by month", np);
    /* issue 12, item 4: channel economics, by channel and by source */
    const char *ch[] = {"from", "to", "as_of", "by", "gross_margin", "rows", NULL};
    same(head, "channels", "as_of=" AS_OF "&from=2025-11-01&to=2026-01-31",
         "--as-of " AS_OF " --from 2025-11-01 --to 2026-01-31", ch);
    same(head, "channels", "as_of=" AS_OF "&from=2025-11-01&to=2026-01-31&by=source",
         "--as-of " AS_OF " --from 2025-11-01 --to 2026-01-31 --by source", ch);
    const char *cd[] = {"metric", "channel", "as_of", "months", NULL};
    same(head, "channel-dynamics", "as_of=" AS_OF "&metric=conversion",
         "--as-of " AS_OF " --metric conversion", cd);
    const char *cp[] = {"from", "to", "as_of", "rows", NULL};
    same(head, "channel-plans", "as_of=" AS_OF "&period=2026-01",
         "--as-of " AS_OF " --period 2026-01", cp);
    /* issue 12, item 1: the key accounts of the month of as_of */
    const char *ka[] = {"month", "as_of", "plan", "fact", "pct", "clients", NULL};
    same(head, "key-accounts", "as_of=" AS_OF, "--as-of " AS_OF, ka);
    /* a bad option is a 422 naming it */
    json_t *bad = api(head, "plan-fact", "period=someday", 422);
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(bad, "error"), "field")),
                     "period");
    json_decref(bad);
    g_free(head);
}

/* The emails of the user rows of a report's "rows". */
static void user_rows(json_t *rows, const char *scope_key, size_t *nusers, size_t *norg,
                      const char **email)
{
    *nusers = *norg = 0;
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        const char *scope = json_string_value(json_object_get(row, scope_key));
        if (strcmp(scope, "org") == 0)
            (*norg)++;
        else {
            cr_assert_str_eq(scope, "user", "a %s row", scope);
            (*nusers)++;
            *email = json_string_value(json_object_get(row, "email"));
        }
    }
}

Test(api_reports, a_manager_sees_their_own_rows_and_the_department)
{
    const struct vo_demo_login *m = login_of("manager", 0);
    char *cookie = sign_in(m);
    const char *kinds[] = {"plan-fact", "hygiene", "daily", "weekly"};
    const char *queries[] = {"as_of=" AS_OF "&by=team", "as_of=" AS_OF "&list=1", "date=" AS_OF,
                             "date=" AS_OF};
    for (size_t k = 0; k < 4; k++) {
        json_t *j = api(cookie, kinds[k], queries[k], 200);
        size_t nu, no;
        const char *email = NULL;
        user_rows(json_object_get(j, "rows"), "scope", &nu, &no, &email);
        cr_assert_eq(no, 1, "%s: the department row", kinds[k]);
        cr_assert_eq(nu, 1, "%s: %zu user rows", kinds[k], nu);
        cr_assert_str_eq(email, m->email, "%s", kinds[k]);
        json_decref(j);
    }
    /* the list holds their deals only */
    json_t *h = api(cookie, "hygiene", "as_of=" AS_OF "&list=1", 200);
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(json_object_get(h, "list"), "deals"), i, d)
        cr_assert_str_eq(json_string_value(json_object_get(d, "owner")), m->name);
    json_decref(h);
    /* the funnel is the cohort of their deals: the CLI with --user */
    json_t *a = api(cookie, "funnel", "as_of=" AS_OF "&period=2026-01", 200);
    char *args = g_strdup_printf("--as-of " AS_OF " --period 2026-01 --user %s", m->email);
    json_t *c = cli("funnel", args);
    cr_assert(json_equal(a, c), "the manager's funnel");
    json_decref(a);
    json_decref(c);
    g_free(args);
    /* versus=team: their cohort, and beside it the department's as the
     * head reads it (the manager's card compares the two) */
    a = api(cookie, "funnel", "as_of=" AS_OF "&period=2026-01&versus=team", 200);
    char *head = sign_in(login_of("head", 0));
    c = api(head, "funnel", "as_of=" AS_OF "&period=2026-01", 200);
    json_t *team = json_object_get(a, "team"),
           *dept = json_array_get(json_object_get(c, "groups"), 0);
    cr_assert(team && dept);
    cr_assert(json_equal(team, dept), "the department's cohort");
    cr_assert_lt(json_integer_value(
                     json_object_get(json_array_get(json_object_get(a, "groups"), 0), "size")),
                 json_integer_value(json_object_get(team, "size")), "theirs is a part of it");
    cr_assert_null(json_object_get(c, "team"), "only when asked");
    json_decref(a);
    json_decref(c);
    a = api(head, "funnel", "versus=user", 422);
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(a, "error"), "field")),
                     "versus");
    json_decref(a);
    g_free(head);
    /* their losses are their own: one user row, the CLI with --user */
    a = api(cookie, "losses", "as_of=" AS_OF "&from=2025-11-01&to=2026-01-31", 200);
    args =
        g_strdup_printf("--as-of " AS_OF " --from 2025-11-01 --to 2026-01-31 --user %s", m->email);
    c = cli("losses", args);
    cr_assert(json_equal(a, c), "the manager's losses");
    json_t *users = json_object_get(a, "by_user");
    cr_assert_eq(json_array_size(users), 1);
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(users, 0), "email")),
                     m->email);
    cr_assert_gt(json_integer_value(json_object_get(json_object_get(a, "total"), "count")), 0);
    json_decref(a);
    json_decref(c);
    g_free(args);
    g_free(cookie);
}

Test(api_reports, a_viewer_reads_everything)
{
    char *cookie = sign_in(login_of("viewer", 0));
    json_t *a = api(cookie, "plan-fact", "as_of=" AS_OF "&by=user", 200);
    json_t *c = cli("plan-fact", "--as-of " AS_OF " --by user");
    cr_assert(json_equal(a, c));
    json_decref(a);
    json_decref(c);
    struct vo_test_resp r = http("GET", "/api/v1/reports/plan-fact", NULL, NULL);
    cr_assert_eq(r.status, 401);
    vo_test_resp_free(&r);
    g_free(cookie);
}

/* The org row's cell of a plan-fact metric. */
static json_t *org_cell(json_t *pf, const char *metric, const char *field)
{
    json_t *row = json_array_get(json_object_get(pf, "rows"), 0);
    cr_assert_str_eq(json_string_value(json_object_get(row, "scope")), "org");
    return json_object_get(json_object_get(json_object_get(row, "metrics"), metric), field);
}

Test(api_reports, a_write_is_in_the_next_report_without_a_reload)
{
    char *cookie = sign_in(login_of("head", 0));
    const char *q = "as_of=" AS_OF "&period=2026-02";
    json_t *before = api(cookie, "plan-fact", q, 200);
    json_int_t paid = json_integer_value(org_cell(before, "payments", "fact"));
    struct vo_live_stats s0, s1;
    vo_live_stats(&s0);

    /* a plan set through the service, told to the server as the API does */
    struct vo_store *st = NULL;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_open(db, 0, &st, &e), VO_OK, "%s", e.msg);
    struct vo_svc svc;
    struct vo_arena a;
    vo_arena_init(&a, 0);
    cr_assert_eq(vo_svc_init(&svc, st, demo.org_id, &a, &e), VO_OK, "%s", e.msg);
    svc.on_change = vo_live_on_change;
    svc.on_change_ctx = srv;
    cr_assert_eq(vo_svc_plan_set(&svc, 2026, 2, "org", VO_M_REVENUE, 987654321, &e), VO_OK, "%s",
                 e.msg);
    /* a payment of a deal, stored and told as the payments use case will */
    struct vo_dataset *ds = NULL;
    cr_assert_eq(vo_svc_dataset_load(st, demo.org_id, &ds, &e), VO_OK, "%s", e.msg);
    struct vo_payment p = {.org_id = demo.org_id,
                           .amount = 1234567,
                           .paid_at = vo_cal_day_start(&ds->cal, (struct vo_date){2026, 2, 9}),
                           .deal_id = ds->deals.id[ds->deals.n / 2]};
    vo_ds_free(ds);
    cr_assert_eq(vo_store_begin(st, &e), VO_OK);
    enum vo_upsert res;
    cr_assert_eq(vo_store_payment_upsert(st, &p, &res, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_store_commit(st, &e), VO_OK);
    vo_svc_emit(&svc, &(struct vo_change){.kind = VO_CHANGE_PAYMENT, .payment = &p});

    json_t *after = api(cookie, "plan-fact", q, 200);
    cr_assert_eq(json_integer_value(org_cell(after, "revenue", "plan")), 987654321);
    cr_assert_eq(json_integer_value(org_cell(after, "payments", "fact")), paid + 1234567);
    vo_live_stats(&s1);
    /* On PostgreSQL the server also hears these writes of another
     * connection (docs/SCALING.md, "Several servers"): a plan's makes the
     * dataset reload, so only SQLite's count is exact */
    if (!vo_test_pg()) {
        cr_assert_eq(s1.loads, s0.loads, "the dataset was reloaded");
        cr_assert_eq(s1.applied, s0.applied + 2);
    }
    /* and it is what a fresh load computes */
    json_t *c = cli("plan-fact", "--as-of " AS_OF " --period 2026-02");
    cr_assert(json_equal(after, c));
    json_decref(c);
    json_decref(before);
    json_decref(after);
    vo_svc_cleanup(&svc);
    vo_store_close(st);
    vo_arena_cleanup(&a);
    g_free(cookie);
}

/* The raw body of GET path as cookie (g_free). */
static char *raw(const char *cookie, const char *path)
{
    struct vo_test_resp r = http("GET", path, cookie, NULL);
    cr_assert_eq(r.status, 200, "%s: %d %s", path, r.status, r.body);
    char *body = g_strdup(r.body);
    vo_test_resp_free(&r);
    return body;
}

Test(api_reports, a_cached_report_is_the_computed_one_byte_for_byte)
{
    char *cookie = sign_in(login_of("head", 0));
    const char *path = "/api/v1/reports/plan-fact?period=month&as_of=" AS_OF "&by=user";
    /* the dataset loaded first (a load while a report computes leaves it
     * uncached: it may be older than the load) */
    json_decref(api(cookie, "funnel", "period=month", 200));
    unsigned h0, m0, h1, m1, h2, m2;
    size_t bytes;
    vo_cache_report_stats(srv, &h0, &m0, &bytes);
    char *computed = raw(cookie, path);
    vo_cache_report_stats(srv, &h1, &m1, &bytes);
    cr_assert_eq(m1, m0 + 1, "the first one is computed");
    cr_assert_geq(bytes, strlen(computed));
    char *cached = raw(cookie, path);
    vo_cache_report_stats(srv, &h2, &m2, &bytes);
    cr_assert_eq(h2, h1 + 1, "the second one is the cached body");
    cr_assert_str_eq(cached, computed);
    /* the manager's own view is another entry, not the head's */
    char *anna = sign_in(login_of("manager", 0));
    json_t *own = api(anna, "plan-fact", "period=month&as_of=" AS_OF "&by=user", 200);
    char *own_text = json_dumps(own, JSON_COMPACT);
    cr_assert_str_neq(own_text, computed);
    free(own_text);
    json_decref(own);
    /* without as_of the report depends on the clock: never cached */
    vo_cache_report_stats(srv, &h1, &m1, &bytes);
    json_decref(api(cookie, "plan-fact", "period=month", 200));
    json_decref(api(cookie, "plan-fact", "period=month", 200));
    vo_cache_report_stats(srv, &h2, &m2, &bytes);
    cr_assert_eq(h2, h1);
    g_free(anna);
    g_free(cached);
    g_free(computed);
    g_free(cookie);
}

Test(api_reports, a_write_through_the_api_changes_the_next_cached_report)
{
    char *cookie = sign_in(login_of("head", 0));
    const char *q = "as_of=" AS_OF "&period=2026-02";
    char *path = g_strdup_printf("/api/v1/reports/plan-fact?%s", q);
    char *before = raw(cookie, path);
    char *again = raw(cookie, path);
    cr_assert_str_eq(again, before);
    char *csrf = NULL;
    struct vo_test_resp r = http("GET", "/api/v1/session", cookie, NULL);
    csrf = g_strdup(json_string_value(json_object_get(r.json, "csrf_token")));
    vo_test_resp_free(&r);
    r = vo_test_http(port, "POST", "/api/v1/plans", cookie, csrf, NULL,
                     "{\"period\":\"2026-02\",\"scope\":\"org\",\"metric\":\"revenue\","
                     "\"target\":123456789}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    vo_test_resp_free(&r);
    char *after = raw(cookie, path);
    cr_assert_str_neq(after, before, "the plan is in the next report");
    json_t *j = json_loads(after, 0, NULL);
    cr_assert_eq(json_integer_value(org_cell(j, "revenue", "plan")), 12345678900);
    json_decref(j);
    g_free(after);
    g_free(again);
    g_free(before);
    g_free(csrf);
    g_free(path);
    g_free(cookie);
}

/* The field named by a 422's body. */
static void refused(const char *cookie, const char *kind, const char *query, const char *field)
{
    json_t *j = api(cookie, kind, query, 422);
    const char *f = json_string_value(json_object_get(json_object_get(j, "error"), "field"));
    cr_assert(f && strcmp(f, field) == 0, "%s?%s: field %s, want %s", kind, query, f ? f : "(none)",
              field);
    json_decref(j);
}

/* Issue 8, item 13: a viewer's `weekly?date=0001-01-08` put every worker in
 * an endless loop (the week before is in year 0). Dates outside
 * 1970-01-01..2200-12-31 are 422 naming the option, for the CLI as well;
 * /health still answers afterwards. Item 22: as_of=9999-12-31 computed for
 * 1970-01. */
Test(api_reports, dates_outside_the_range_are_refused, .timeout = 60)
{
    char *cookie = sign_in(login_of("viewer", 0));
    const char *dates[] = {"0001-01-01", "0001-01-08", "0001-01-14", "0001-02-01",
                           "0001-01-31", "1969-12-31", "2201-01-01"};
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
        char *q = g_strdup_printf("date=%s", dates[i]);
        refused(cookie, "weekly", q, "date");
        refused(cookie, "monthly", q, "date");
        refused(cookie, "daily", q, "date");
        g_free(q);
    }
    refused(cookie, "plan-fact", "as_of=9999-12-31", "as_of");
    refused(cookie, "hygiene", "as_of=0001-01-01", "as_of");
    refused(cookie, "plan-fact", "period=0001-01", "period");
    refused(cookie, "plan-fact", "period=9999-12-31", "period");
    refused(cookie, "funnel", "from=0001-01-01&to=2026-01-31", "from");
    refused(cookie, "funnel", "from=2026-01-01&to=2201-01-31", "to");
    /* the range's own ends are fine */
    json_decref(api(cookie, "plan-fact", "as_of=2200-12-31&period=2200-12", 200));
    json_decref(api(cookie, "weekly", "date=1970-01-08&as_of=1970-01-08", 200));
    struct vo_test_resp r = http("GET", "/api/v1/health", NULL, NULL);
    cr_assert_eq(r.status, 200);
    vo_test_resp_free(&r);
    /* the CLI: an error naming the option, at once */
    char *cmd = g_strdup_printf("timeout 20 %s report weekly --db %s --date 0001-01-08 2>&1",
                                vo_test_binary(), db);
    char *out = NULL;
    int rc = vo_test_run(cmd, &out);
    cr_assert_eq(rc, 2, "%s: %d %s", cmd, rc, out);
    cr_assert(strstr(out, "date") && strstr(out, "1970-01-01..2200-12-31"), "%s", out);
    g_free(out);
    g_free(cmd);
    g_free(cookie);
}
