/*
 * test_api_competitions.c - /api/v1/competitions through the real HTTP
 * server (docs/competitions.md): a finished competition answers its frozen
 * standings with the tied winners, a running one its live standings, one
 * to come none; who may create, change and cancel; a manager sees only
 * what they take part in; versions and If-Match; the status filter; the
 * bounds refused naming the field; the audit rows.
 *
 * The company (Europe/Moscow), November 2025: won deals Анна Менеджер
 * 300000 (11-10), Борис Менеджер 300000 (11-12), Ольга Руководитель
 * (head) 100000 (11-20).
 * By hand, "Ноябрь" (revenue, Nov 1..30, everyone): Анна 300000 = Борис
 * 300000 -> both 1 and both winners, Ольга 100000 -> 3. A running
 * competition (yesterday..tomorrow, whatever today is) has no deals: all
 * three at 0 share rank 1.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <string.h>

#include "api_fixture.h"
#include "http/http.h"
#include "fixture.h"
#include "testutil.h"

static int64_t boris;

static void extra(struct vo_store *st, struct vo_svc *svc)
{
    boris = vo_test_company_user(svc, "Борис Менеджер", "boris@example.com", "manager");
    vo_fx_use(st, svc);
    int64_t pipe;
    vo_fx_begin_sales(&pipe);
    int64_t s = vo_fx_stage(pipe, "New", 1, VO_NULL);
    struct {
        const char *ext;
        int64_t owner, amount;
        const char *closed;
    } won[] = {{"D1", vo_api.manager_id, 300000, "2025-11-10 12:00"},
               {"D2", boris, 300000, "2025-11-12 12:00"},
               {"D3", vo_api.head_id, 100000, "2025-11-20 12:00"}};
    for (size_t i = 0; i < sizeof won / sizeof won[0]; i++)
        vo_fx_deal((struct vo_fx_deal){won[i].ext, pipe, s, won[i].owner, 0, VO_DEAL_WON,
                                       won[i].amount, "2025-11-02 10:00", won[i].closed, NULL,
                                       NULL});
    struct vo_error e = {0};
    cr_assert_eq(vo_store_commit(st, &e), VO_OK, "%s", e.msg);
}

static void setup(void)
{
    vo_api_start(NULL, extra);
}

TestSuite(api_competitions, .init = setup, .fini = vo_api_stop, .timeout = 120);

#define BASE "/api/v1/competitions"

static const char *one(int64_t id)
{
    return vo_api_fmt(BASE "/%lld", (long long)id);
}

/* The standings as "rank name value; ..." for one comparison (g_free). */
static char *rows_text(const json_t *o, const char *key)
{
    GString *s = g_string_new(NULL);
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(o, key), i, r)
    {
        json_t *rank = json_object_get(r, "rank"), *v = json_object_get(r, "value");
        if (rank)
            g_string_append_printf(s, "%s%lld ", i ? "; " : "",
                                   (long long)json_integer_value(rank));
        else
            g_string_append(s, i ? "; " : "");
        g_string_append(s, jstr(r, "name"));
        if (v)
            g_string_append_printf(s, " %g", json_number_value(v));
    }
    return g_string_free(s, FALSE);
}

static void expect_rows(const json_t *o, const char *key, const char *want)
{
    char *t = rows_text(o, key);
    cr_expect_str_eq(t, want, "%s", key);
    g_free(t);
}

/* The rows of competition id's frozen standings, read from the store. */
static size_t results(int64_t id)
{
    struct vo_store *st = vo_api_open(0);
    struct vo_error e = {0};
    struct vo_competition_result *v = NULL;
    size_t n = 0;
    cr_assert_eq(vo_store_competition_results(st, vo_api.org_id, id, vo_api_arena(), &v, &n, &e),
                 VO_OK, "%s", e.msg);
    vo_store_close(st);
    return n;
}

/* Local date d days from today in the org's zone, YYYY-MM-DD. */
static const char *day(int d)
{
    GTimeZone *tz = g_time_zone_new_identifier("Europe/Moscow");
    GDateTime *now = g_date_time_new_now(tz), *t = g_date_time_add_days(now, d);
    const char *s = vo_api_fmt("%04d-%02d-%02d", g_date_time_get_year(t), g_date_time_get_month(t),
                               g_date_time_get_day_of_month(t));
    g_date_time_unref(t);
    g_date_time_unref(now);
    g_time_zone_unref(tz);
    return s;
}

Test(api_competitions, finished_running_upcoming)
{
    const struct vo_test_login *head = vo_api_user("head");
    int64_t nov = vo_api_create(head, BASE,
                                "{\"name\":\"Ноябрь\",\"metric\":\"revenue\",\"first_day\":"
                                "\"2025-11-01\",\"last_day\":\"2025-11-30\",\"prize\":\"Ужин\","
                                "\"rules\":\"Кто больше продаст\"}");
    struct vo_test_resp r = as(head, "GET", one(nov), NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect_str_eq(jstr(r.json, "status"), "finished");
    cr_expect(json_is_true(json_object_get(r.json, "final")));
    cr_expect_str_eq(jstr(r.json, "prize"), "Ужин");
    cr_expect_str_eq(jstr(r.json, "participants_kind"), "users");
    expect_rows(r.json, "standings",
                "1 Анна Менеджер 300000; 1 Борис Менеджер 300000; 3 Ольга Руководитель 100000");
    expect_rows(r.json, "winners", "Анна Менеджер; Борис Менеджер");
    cr_expect(json_is_string(json_object_get(r.json, "fixed_at")));
    vo_test_resp_free(&r);
    cr_expect_eq(results(nov), 3);

    int64_t now =
        vo_api_create(head, BASE,
                      vo_api_fmt("{\"name\":\"Неделя\",\"metric\":\"revenue\",\"first_day\":\"%s\","
                                 "\"last_day\":\"%s\",\"participants\":[%lld,%lld]}",
                                 day(-1), day(1), (long long)vo_api.manager_id, (long long)boris));
    r = as(head, "GET", one(now), NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect_str_eq(jstr(r.json, "status"), "running");
    cr_expect(json_is_false(json_object_get(r.json, "final")));
    expect_rows(r.json, "standings", "1 Анна Менеджер 0; 1 Борис Менеджер 0");
    expect_rows(r.json, "winners", "");
    vo_test_resp_free(&r);

    vo_api_create(head, BASE,
                  "{\"name\":\"Потом\",\"metric\":\"calls\",\"pct\":true,\"first_day\":"
                  "\"2199-01-01\",\"last_day\":\"2199-01-31\"}");
    const char *st[] = {"finished", "running", "upcoming", "cancelled"};
    const size_t want[] = {1, 1, 1, 0};
    for (size_t i = 0; i < 4; i++)
        cr_expect_eq(vo_api_items(head, vo_api_fmt(BASE "?status=%s", st[i])), want[i], "%s",
                     st[i]);
    cr_expect_eq(vo_api_items(vo_api_user("viewer"), BASE), 3);
    /* the list as CSV: a header and one line per competition */
    r = as(head, "GET", BASE "?format=csv", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect(strncmp(r.content_type, "text/csv", 8) == 0, "%s", r.content_type);
    size_t lines = 0;
    for (const char *p = r.body; *p; p++)
        lines += *p == '\n';
    cr_expect_eq(lines, 4, "%s", r.body);
    cr_expect(strstr(r.body, "Ноябрь") && strstr(r.body, "finished"), "%s", r.body);
    vo_test_resp_free(&r);
}

Test(api_competitions, roles_and_visibility)
{
    const struct vo_test_login *head = vo_api_user("head"), *anna = vo_api_user("anna"),
                               *viewer = vo_api_user("viewer");
    const char *body = vo_api_fmt("{\"name\":\"Пара\",\"metric\":\"revenue\",\"first_day\":"
                                  "\"2199-01-01\",\"last_day\":\"2199-01-31\",\"participants\":"
                                  "[%lld]}",
                                  (long long)boris);
    int64_t id = vo_api_create(head, BASE, body);
    const struct vo_api_case cases[] = {
        {anna, "POST", BASE, body, 403, NULL, "a manager creates"},
        {viewer, "POST", BASE, body, 403, NULL, "a viewer creates"},
        {anna, "GET", one(id), NULL, 404, "id", "a manager reads another's"},
        {viewer, "GET", one(id), NULL, 200, NULL, "a viewer reads"},
        {anna, "DELETE", one(id), NULL, 403, NULL, "a manager cancels"},
        {NULL, "GET", BASE, NULL, 401, NULL, "anonymous"},
        {head, "GET", one(999999), NULL, 404, "id", "no such"},
        {NULL, NULL, NULL, NULL, 0, NULL, NULL}};
    vo_api_expect_all(cases);
    cr_expect_eq(vo_api_items(anna, BASE), 0);
    vo_api_create(head, BASE,
                  "{\"name\":\"Все\",\"metric\":\"revenue\",\"first_day\":\"2199-01-01\","
                  "\"last_day\":\"2199-01-31\"}");
    cr_expect_eq(vo_api_items(anna, BASE), 1);
}

Test(api_competitions, versions_cancel_and_audit)
{
    const struct vo_test_login *head = vo_api_user("head");
    int64_t id = vo_api_create(head, BASE,
                               "{\"name\":\"Потом\",\"metric\":\"revenue\",\"first_day\":"
                               "\"2199-01-01\",\"last_day\":\"2199-01-31\"}");
    struct vo_test_resp r = vo_api_as_if(head, "PATCH", one(id), "\"0\"", "{\"prize\":\"Отпуск\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect_str_eq(jstr(r.json, "prize"), "Отпуск");
    cr_expect_eq(jint(r.json, "version"), 1);
    vo_test_resp_free(&r);
    r = vo_api_as_if(head, "PATCH", one(id), "\"0\"", "{\"prize\":\"Ужин\"}");
    cr_expect_eq(r.status, 409, "%s", r.body);
    vo_test_resp_free(&r);
    r = vo_api_as_if(head, "DELETE", one(id), "\"1\"", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect_str_eq(jstr(r.json, "status"), "cancelled");
    vo_test_resp_free(&r);
    r = as(head, "PATCH", one(id), "{\"prize\":\"Ужин\"}");
    cr_expect_eq(r.status, 409, "a cancelled one: %s", r.body);
    vo_test_resp_free(&r);
    int64_t nov = vo_api_create(head, BASE,
                                "{\"name\":\"Ноябрь\",\"metric\":\"revenue\",\"first_day\":"
                                "\"2025-11-01\",\"last_day\":\"2025-11-30\"}");
    r = as(head, "PATCH", one(nov), "{\"name\":\"Октябрь\"}");
    cr_expect_eq(r.status, 409, "a finished one: %s", r.body);
    vo_test_resp_free(&r);
    cr_expect_geq(vo_api_count("audit_log"), 4);
}

Test(api_competitions, bounds_name_the_field)
{
    const struct vo_test_login *head = vo_api_user("head");
    const struct vo_api_case cases[] = {
        {head, "POST", BASE,
         "{\"metric\":\"revenue\",\"first_day\":\"2199-01-01\",\"last_day\":"
         "\"2199-01-31\"}",
         422, "name", "no name"},
        {head, "POST", BASE,
         "{\"name\":\"x\",\"metric\":\"revnue\",\"first_day\":\"2199-01-01\","
         "\"last_day\":\"2199-01-31\"}",
         422, "metric", "bad metric"},
        {head, "POST", BASE,
         "{\"name\":\"x\",\"metric\":\"revenue\",\"first_day\":\"2199-02-01\","
         "\"last_day\":\"2199-01-31\"}",
         422, "last_day", "last before first"},
        {head, "POST", BASE,
         "{\"name\":\"x\",\"metric\":\"revenue\",\"first_day\":\"2198-01-01\","
         "\"last_day\":\"2199-01-31\"}",
         422, "last_day", "too long"},
        {head, "POST", BASE,
         "{\"name\":\"x\",\"metric\":\"revenue\",\"first_day\":\"2199-01-01\","
         "\"last_day\":\"2199-01-31\",\"participants\":[\"anna\"]}",
         422, "participants", "not ids"},
        {head, "POST", BASE,
         "{\"name\":\"x\",\"metric\":\"revenue\",\"first_day\":\"2199-01-01\","
         "\"last_day\":\"2199-01-31\",\"participants\":[999999]}",
         422, "participants", "not a user"},
        {head, "POST", BASE,
         "{\"name\":\"x\",\"metric\":\"revenue\",\"first_day\":\"2199-01-01\","
         "\"last_day\":\"2199-01-31\",\"winner\":1}",
         422, "winner", "unknown member"},
        {head, "GET", BASE "?status=soon", NULL, 422, "status", "bad status"},
        {NULL, NULL, NULL, NULL, 0, NULL, NULL}};
    vo_api_expect_all(cases);
    cr_expect_eq(vo_api_items(head, BASE), 0);
}

/* The server's tick fixes a competition that ended without anyone reading
 * it: "Ноябрь" (revenue, Nov 2025, everyone) stored before the server
 * starts; within a few ticks of 100 ms its three final rows are in the
 * store (Анна 1, Борис 1, Ольга 3), fixed_at set. */
static int64_t ticked;

static void extra_tick(struct vo_store *st, struct vo_svc *svc)
{
    extra(st, svc);
    struct vo_competition c = {.org_id = svc->org.id,
                               .name = "Ноябрь",
                               .metric = "revenue",
                               .first_day = "2025-11-01",
                               .last_day = "2025-11-30",
                               .prize = "",
                               .rules = "",
                               .fixed_at = VO_NULL,
                               .created_at = 1};
    struct vo_error e = {0};
    cr_assert_eq(vo_store_competition_insert(st, &c, &e), VO_OK, "%s", e.msg);
    ticked = c.id;
}

static void setup_tick(void)
{
    struct vo_server_opts o = {.threads = 2, .body_limit = 64 * 1024, .remind_ms = 100};
    vo_api_start(&o, extra_tick);
}

TestSuite(api_competitions_tick, .init = setup_tick, .fini = vo_api_stop, .timeout = 60);

Test(api_competitions_tick, the_tick_fixes_the_winners)
{
    size_t n = 0;
    for (int i = 0; i < 100 && (n = results(ticked)) == 0; i++)
        g_usleep(50 * 1000);
    cr_assert_eq(n, 3, "the tick fixed %zu rows", n);
    struct vo_store *st = vo_api_open(0);
    struct vo_error e = {0};
    struct vo_competition_result *v = NULL;
    cr_assert_eq(
        vo_store_competition_results(st, vo_api.org_id, ticked, vo_api_arena(), &v, &n, &e), VO_OK);
    struct vo_competition c;
    cr_assert_eq(vo_store_competition_get(st, vo_api.org_id, ticked, vo_api_arena(), &c, &e),
                 VO_OK);
    vo_store_close(st);
    cr_expect_neq(c.fixed_at, VO_NULL);
    cr_expect_eq(v[0].rank, 1);
    cr_expect_eq(v[1].rank, 1);
    cr_expect_eq(v[2].rank, 3);
    cr_expect_str_eq(v[2].name, "Ольга Руководитель");
    cr_expect(v[2].value == 100000);
}
