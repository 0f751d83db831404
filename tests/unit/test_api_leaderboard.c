/*
 * test_api_leaderboard.c - GET /api/v1/reports/leaderboard through the real
 * HTTP server (docs/reports.md, "Leaderboard"): the exact JSON, ties
 * sharing a rank, the pct board leaving out users without a plan, every
 * role reading the whole board, the options refused naming the field, and
 * the CSV export.
 *
 * The company (Europe/Moscow), November 2026: won deals Анна Менеджер
 * 300000 (11-10), Борис Менеджер 300000 (11-12), Ольга Руководитель (head,
 * a sales user) 100000 (11-20), Анна 50000 on 12-01 00:00 (December: not
 * counted); Анна's revenue plan 600000, nobody else's.
 * By hand: revenue Анна 300000 = Борис 300000 -> both 1 (by name: Анна
 * before Борис), Ольга 100000 -> 3. pct: Анна 300000 / 600000 = 0.5 -> 1;
 * Борис and Ольга have no plan: left out.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <string.h>

#include "api_fixture.h"
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
    } won[] = {{"D1", vo_api.manager_id, 300000, "2026-11-10 12:00"},
               {"D2", boris, 300000, "2026-11-12 12:00"},
               {"D3", vo_api.head_id, 100000, "2026-11-20 12:00"},
               {"D4", vo_api.manager_id, 50000, "2026-12-01 00:00"}};
    for (size_t i = 0; i < sizeof won / sizeof won[0]; i++)
        vo_fx_deal((struct vo_fx_deal){won[i].ext, pipe, s, won[i].owner, 0, VO_DEAL_WON,
                                       won[i].amount, "2026-11-02 10:00", won[i].closed, NULL,
                                       NULL});
    vo_fx_plan(2026, 11, VO_SCOPE_USER, vo_api.manager_id, VO_M_REVENUE, 600000);
    struct vo_error e = {0};
    cr_assert_eq(vo_store_commit(st, &e), VO_OK, "%s", e.msg);
}

static void setup(void)
{
    vo_api_start(NULL, extra);
}

TestSuite(api_leaderboard, .init = setup, .fini = vo_api_stop, .timeout = 120);

#define LB "/api/v1/reports/leaderboard?period=2026-11&as_of=2026-11-30"

/* The board's rows as "rank name value; ..." for one comparison. */
static char *rows_text(const json_t *root)
{
    GString *s = g_string_new(NULL);
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(root, "rows"), i, r)
    {
        json_t *v = json_object_get(r, "value");
        g_string_append_printf(s, "%s%lld %s %g", i ? "; " : "", (long long)jint(r, "rank"),
                               jstr(r, "name"), json_number_value(v));
    }
    return g_string_free(s, FALSE);
}

Test(api_leaderboard, revenue_ties_and_every_role)
{
    const char *who[] = {"head", "anna", "viewer", "admin"};
    for (size_t k = 0; k < 4; k++) {
        struct vo_test_resp r = as(vo_api_user(who[k]), "GET", LB "&metric=revenue", NULL);
        cr_assert_eq(r.status, 200, "%s: %d %s", who[k], r.status, r.body);
        cr_expect_str_eq(jstr(r.json, "metric"), "revenue");
        cr_expect(json_is_false(json_object_get(r.json, "pct")));
        cr_expect_str_eq(jstr(r.json, "from"), "2026-11-01");
        cr_expect_str_eq(jstr(r.json, "to"), "2026-11-30");
        char *t = rows_text(r.json);
        cr_expect_str_eq(t,
                         "1 Анна Менеджер 300000; 1 Борис Менеджер 300000; "
                         "3 Ольга Руководитель 100000",
                         "%s", who[k]);
        g_free(t);
        json_t *first = json_array_get(json_object_get(r.json, "rows"), 0);
        cr_expect_eq(jint(first, "user_id"), vo_api.manager_id);
        cr_expect_str_eq(jstr(first, "email"), "anna@example.com");
        cr_expect(json_is_null(json_object_get(first, "team")));
        cr_expect(json_is_integer(json_object_get(first, "value")));
        vo_test_resp_free(&r);
    }
}

Test(api_leaderboard, pct_leaves_out_users_without_a_plan)
{
    struct vo_test_resp r = as(vo_api_user("head"), "GET", LB "&metric=revenue&pct=1", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect(json_is_true(json_object_get(r.json, "pct")));
    char *t = rows_text(r.json);
    cr_expect_str_eq(t, "1 Анна Менеджер 0.5");
    g_free(t);
    vo_test_resp_free(&r);
}

Test(api_leaderboard, bad_options_name_the_field)
{
    const struct vo_test_login *head = vo_api_user("head");
    const struct vo_api_case cases[] = {
        {head, "GET", LB, NULL, 422, "metric", "no metric"},
        {head, "GET", LB "&metric=revnue", NULL, 422, "metric", "no such metric"},
        {head, "GET", LB "&metric=revenue&team=Nowhere", NULL, 404, "team", "no such team"},
        {head, "GET", "/api/v1/reports/leaderboard?metric=revenue&period=fortnight", NULL, 422,
         "period", "bad period"},
        {head, "GET", "/api/v1/reports/leaderboard?metric=revenue&from=2026-11-01", NULL, 422, "to",
         "from without to"},
        {NULL, "GET", LB "&metric=revenue", NULL, 401, NULL, "anonymous"},
        {NULL, NULL, NULL, NULL, 0, NULL, NULL}};
    vo_api_expect_all(cases);
}

Test(api_leaderboard, csv_export)
{
    struct vo_test_resp r = as(vo_api_user("head"), "GET", LB "&metric=revenue&format=csv", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect(strncmp(r.content_type, "text/csv", 8) == 0, "%s", r.content_type);
    cr_expect(strstr(r.body, "Борис Менеджер") != NULL, "%s", r.body);
    /* a header line and three rows */
    size_t lines = 0;
    for (const char *p = r.body; *p; p++)
        lines += *p == '\n';
    cr_expect_eq(lines, 4, "%s", r.body);
    vo_test_resp_free(&r);
}
