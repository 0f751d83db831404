/*
 * test_api_bonus.c - bonuses through the real HTTP server (docs/
 * bonuses.md): who writes and reads schemes, who sees which payouts, the
 * report's JSON, its CSV for payroll, and bad members named.
 *
 * The company (api_fixture.h): managers anna@example.com and
 * boris@example.com, the head, an admin and a viewer. Anna's deal gets a
 * payment of 1 000 000 kopecks on 2026-11-20 and a payments plan of
 * 20 000,00 for November (a plan's target is in major units: 2 000 000
 * kopecks; so 50%).
 * The scheme «Менеджеры» from 2026-11 for Anna and Boris: base 20 000,00
 * (2 000 000), 10% of payments, tiers 0 -> x0.5, 0.5 -> x1.
 * By hand: Anna: commission 0.1 x 1 000 000 = 100 000, pct 0.5 = the
 * second tier's from exactly: x1 -> payout 2 100 000. Boris: no plan
 * (x1), no payments: payout 2 000 000.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <string.h>

#include "api_fixture.h"
#include "testutil.h"

#define SCHEME                                                                                              \
    "{\"name\":\"Менеджеры\",\"base\":20000,\"commission\":{\"metric\":\"payments\",\"rate\":0.1}" \
    ","                                                                                                     \
    "\"tiers\":[{\"from\":0,\"multiplier\":0.5},{\"from\":0.5,\"multiplier\":1}],"                          \
    "\"users\":[\"anna@example.com\",\"boris@example.com\"],\"from_month\":\"2026-11\"}"
#define REPORT "/api/v1/reports/bonus?period=2026-11&as_of=2026-11-30"

static void setup(void)
{
    vo_api_start_crm(NULL, true, "Новая", NULL);
    int64_t deal = vo_api_create(vo_api_user("anna"), "/api/v1/deals",
                                 "{\"title\":\"Д\",\"pipeline\":\"Продажи\",\"amount\":5000}");
    vo_api_create(vo_api_user("anna"), "/api/v1/payments",
                  vo_api_fmt("{\"amount\":1000000,\"paid_at\":\"2026-11-20\",\"deal_id\":%lld}",
                             (long long)deal));
    vo_api_expect(vo_api_user("head"), "POST", "/api/v1/plans",
                  vo_api_fmt("{\"period\":\"2026-11\",\"metric\":\"payments\",\"target\":20000,"
                             "\"scope\":\"user:anna@example.com\"}"),
                  200, NULL, "anna's plan");
}

TestSuite(api_bonus, .init = setup, .fini = vo_api_stop, .timeout = 120);

Test(api_bonus, who_writes_and_reads_schemes)
{
    static const char *const refused[] = {"anna", "viewer"};
    for (size_t i = 0; i < 2; i++)
        vo_api_expect(vo_api_user(refused[i]), "POST", "/api/v1/bonus-schemes", SCHEME, 403, NULL,
                      refused[i]);
    int64_t id = vo_api_create(vo_api_user("head"), "/api/v1/bonus-schemes", SCHEME);
    const char *one = vo_api_fmt("/api/v1/bonus-schemes/%lld", (long long)id);
    vo_api_expect(vo_api_user("anna"), "GET", "/api/v1/bonus-schemes", NULL, 403, NULL, "anna");
    vo_api_expect(vo_api_user("viewer"), "GET", one, NULL, 200, NULL, "the viewer reads");
    /* the admin adds a version from December: base 25 000 */
    vo_api_expect(vo_api_user("admin"), "PATCH", one,
                  "{\"base\":25000,\"commission\":{\"rate\":0.1},\"from_month\":\"2026-12\"}", 200,
                  NULL, "admin's new version");
    struct vo_test_resp r = as(vo_api_user("head"), "GET", one, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    json_t *v = json_object_get(r.json, "versions");
    cr_assert_eq(json_array_size(v), 2, "%s", r.body);
    cr_expect_str_eq(jstr(json_array_get(v, 1), "from_month"), "2026-12");
    cr_expect_eq(json_real_value(json_object_get(json_array_get(v, 1), "base")), 25000.0);
    cr_expect_eq(json_array_size(json_object_get(r.json, "users")), 2, "%s", r.body);
    vo_test_resp_free(&r);
    vo_api_expect(vo_api_user("head"), "PATCH", "/api/v1/bonus-schemes/999999",
                  "{\"commission\":{\"rate\":0.1},\"from_month\":\"2026-12\"}", 404, "id", "none");
}

Test(api_bonus, bad_members_are_named)
{
    const struct vo_test_login *head = vo_api_user("head");
    const struct vo_api_case cases[] = {
        {head, "POST", "/api/v1/bonus-schemes",
         "{\"name\":\"X\",\"commission\":{\"rate\":0.1},\"users\":[\"nobody@example.com\"],"
         "\"from_month\":\"2026-11\"}",
         422, "users[0]", "unknown e-mail"},
        {head, "POST", "/api/v1/bonus-schemes",
         "{\"name\":\"X\",\"commission\":{\"rate\":0.1},\"tiers\":[{\"from\":1,\"multiplier\":1},"
         "{\"from\":0.5,\"multiplier\":1}],\"from_month\":\"2026-11\"}",
         422, "tiers[1].from", "tiers not increasing"},
        {head, "POST", "/api/v1/bonus-schemes",
         "{\"name\":\"X\",\"commission\":{\"metric\":\"calls\",\"rate\":0.1},"
         "\"from_month\":\"2026-11\"}",
         422, "commission.metric", "a count is no commission"},
        {head, "POST", "/api/v1/bonus-schemes",
         "{\"name\":\"X\",\"commission\":{\"rate\":0.1},\"from_month\":\"ноябрь\"}", 422,
         "from_month", "bad month"},
        {head, "GET", "/api/v1/reports/bonus?period=2026-11-05", NULL, 422, "period", "a day"},
        {NULL, NULL, NULL, NULL, 0, NULL, NULL},
    };
    vo_api_expect_all(cases);
}

/* The rows of the report as who, which must answer 200. */
static json_t *rows_as(const char *who, const char *path)
{
    struct vo_test_resp r = as(vo_api_user(who), "GET", path, NULL);
    cr_assert_eq(r.status, 200, "%s: %s", who, r.body);
    json_t *rows = json_incref(json_object_get(r.json, "rows"));
    vo_test_resp_free(&r);
    return rows;
}

Test(api_bonus, payouts_by_role)
{
    vo_api_create(vo_api_user("head"), "/api/v1/bonus-schemes", SCHEME);
    json_t *rows = rows_as("head", REPORT "&lang=ru");
    cr_assert_eq(json_array_size(rows), 2);
    json_t *anna = json_array_get(rows, 0), *boris = json_array_get(rows, 1);
    cr_expect_str_eq(jstr(anna, "email"), "anna@example.com");
    cr_expect_eq(jint(anna, "fact"), 1000000);
    cr_expect_eq(jint(anna, "plan"), 2000000);
    cr_expect_eq(jint(anna, "commission"), 100000);
    cr_expect_eq(json_real_value(json_object_get(anna, "multiplier")), 1.0);
    cr_expect_eq(jint(anna, "payout"), 2100000);
    cr_expect_str_eq(jstr(json_array_get(json_object_get(anna, "lines"), 0), "label"), "Оклад");
    cr_expect_str_eq(jstr(json_array_get(json_object_get(anna, "lines"), 2), "label"),
                     "Множитель 1 за выполнение на 50% плана «Поступления»");
    cr_expect_str_eq(jstr(boris, "email"), "boris@example.com");
    cr_expect(json_is_null(json_object_get(boris, "plan")));
    cr_expect_eq(jint(boris, "payout"), 2000000);
    json_decref(rows);
    /* the viewer reads every row; a manager their own only */
    rows = rows_as("viewer", REPORT);
    cr_expect_eq(json_array_size(rows), 2);
    json_decref(rows);
    rows = rows_as("anna", REPORT);
    cr_assert_eq(json_array_size(rows), 1);
    cr_expect_str_eq(jstr(json_array_get(rows, 0), "email"), "anna@example.com");
    cr_expect_str_eq(
        jstr(json_array_get(json_object_get(json_array_get(rows, 0), "lines"), 0), "label"),
        "Base salary");
    json_decref(rows);
    rows = rows_as("boris", REPORT);
    cr_assert_eq(json_array_size(rows), 1);
    cr_expect_str_eq(jstr(json_array_get(rows, 0), "email"), "boris@example.com");
    json_decref(rows);
    /* the head (no scheme) is in nobody's rows; a month before the scheme is empty */
    rows = rows_as("head", "/api/v1/reports/bonus?period=2026-10&as_of=2026-10-31");
    cr_expect_eq(json_array_size(rows), 0);
    json_decref(rows);
}

Test(api_bonus, csv_for_payroll)
{
    vo_api_create(vo_api_user("head"), "/api/v1/bonus-schemes", SCHEME);
    struct vo_test_resp r = as(vo_api_user("head"), "GET", REPORT "&format=csv", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    /* one header and one line per user; money in major units */
    size_t lines = 0;
    for (const char *c = r.body; *c; c++)
        lines += *c == '\n';
    cr_expect_eq(lines, 3, "%s", r.body);
    cr_expect(strstr(r.body, "anna@example.com") && strstr(r.body, "21000.00"), "%s", r.body);
    cr_expect(strstr(r.body, "10000.00,20000.00") != NULL, "fact, plan as money: %s", r.body);
    vo_test_resp_free(&r);
}

/* ---- recognitions ---- */

Test(api_bonus, recognitions)
{
    const struct vo_test_login *head = vo_api_user("head");
    const char *give = vo_api_fmt("{\"user_id\":%lld,\"badge\":\"best_month\",\"comment\":\"Ноябрь "
                                  "— рекорд\"}",
                                  (long long)vo_api.manager_id);
    const struct vo_api_case cases[] = {
        {vo_api_user("anna"), "POST", "/api/v1/recognitions", give, 403, NULL, "a manager"},
        {vo_api_user("viewer"), "POST", "/api/v1/recognitions", give, 403, NULL, "a viewer"},
        {head, "POST", "/api/v1/recognitions",
         vo_api_fmt("{\"user_id\":%lld,\"badge\":\"medal\"}", (long long)vo_api.manager_id), 422,
         "badge", "no such badge"},
        {head, "POST", "/api/v1/recognitions",
         vo_api_fmt("{\"user_id\":%lld,\"badge\":\"thanks\"}", (long long)vo_api.manager_id), 422,
         "comment", "a thanks without a comment"},
        {head, "POST", "/api/v1/recognitions", "{\"user_id\":999999,\"badge\":\"mentor\"}", 422,
         "user_id", "nobody"},
        {NULL, NULL, NULL, NULL, 0, NULL, NULL},
    };
    vo_api_expect_all(cases);
    cr_expect_eq(vo_api_items(vo_api_user("admin"), "/api/v1/recognitions"), 0);
    int64_t id = vo_api_create(head, "/api/v1/recognitions", give);
    vo_api_create(head, "/api/v1/recognitions",
                  vo_api_fmt("{\"user_id\":%lld,\"badge\":\"thanks\",\"comment\":\"За помощь\"}",
                             (long long)vo_api_boris_id));
    /* anyone reads; user_id narrows */
    json_t *items = vo_api_list(vo_api_user("anna"),
                                vo_api_fmt("/api/v1/recognitions?user_id=%lld&from=2000-01-01",
                                           (long long)vo_api.manager_id),
                                1);
    json_t *g = json_array_get(items, 0);
    cr_expect_eq(jint(g, "id"), id);
    cr_expect_str_eq(jstr(g, "badge"), "best_month");
    cr_expect_str_eq(jstr(g, "badge_name"), "Лучший месяц");
    cr_expect_str_eq(jstr(g, "comment"), "Ноябрь — рекорд");
    cr_expect_eq(jint(g, "author_id"), vo_api.head_id);
    json_decref(items);
    cr_expect_eq(vo_api_items(vo_api_user("viewer"), "/api/v1/recognitions"), 2);
    cr_expect_eq(vo_api_items(vo_api_user("viewer"), "/api/v1/recognitions?to=2000-01-01"), 0);
    /* anna is notified (kind and object "recognition", the badge's name) */
    json_t *notes = vo_api_list(vo_api_user("anna"), "/api/v1/notifications", SIZE_MAX);
    json_t *nt = NULL, *x;
    size_t k;
    json_array_foreach(notes, k, x) if (strcmp(jstr(x, "kind"), "recognition") == 0) nt = x;
    cr_assert(nt, "no recognition notification");
    cr_expect_str_eq(jstr(nt, "object"), "recognition");
    cr_expect_eq(jint(nt, "object_id"), id);
    cr_expect_str_eq(jstr(nt, "title"), "Лучший месяц");
    json_decref(notes);
    /* the weekly report holds the week's recognitions: the report of the
     * day a week from today (the org's zone) reviews this very week */
    GTimeZone *tz = g_time_zone_new_identifier("Europe/Moscow");
    GDateTime *now = g_date_time_new_now(tz), *next = g_date_time_add_days(now, 7);
    char *day = g_date_time_format(next, "%Y-%m-%d");
    struct vo_test_resp w =
        as(vo_api_user("anna"), "GET", vo_api_fmt("/api/v1/reports/weekly?date=%s", day), NULL);
    cr_assert_eq(w.status, 200, "%s", w.body);
    json_t *block = json_object_get(w.json, "recognitions");
    cr_assert_eq(json_array_size(block), 2, "%s", w.body);
    cr_expect_str_eq(jstr(json_array_get(block, 0), "badge_name"), "Лучший месяц");
    cr_expect_str_eq(jstr(json_array_get(block, 1), "badge"), "thanks");
    vo_test_resp_free(&w);
    g_free(day);
    g_date_time_unref(next);
    g_date_time_unref(now);
    g_time_zone_unref(tz);
    /* the author or an admin deletes */
    const char *one = vo_api_fmt("/api/v1/recognitions/%lld", (long long)id);
    vo_api_expect(vo_api_user("anna"), "DELETE", one, NULL, 403, NULL, "a manager deletes");
    vo_api_expect(vo_api_user("admin"), "DELETE", one, NULL, 200, NULL, "the admin deletes");
    vo_api_expect(head, "DELETE", one, NULL, 404, "id", "gone");
    cr_expect_eq(vo_api_items(vo_api_user("admin"), "/api/v1/recognitions"), 1);
}
