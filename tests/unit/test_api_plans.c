/*
 * test_api_plans.c - the read-only plan views of the JSON API against a
 * real server on 127.0.0.1 with a temporary database: a month's plans
 * spread over its working days (by day and by week, each row's columns
 * adding up exactly to its target, nothing on a day off) and the reverse
 * funnel from a user's imported 3-month history (exact needs, null when
 * the history cannot tell, a manager for themselves only). Bad arguments
 * get a 422 naming the field.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "api_fixture.h"
#include "http/http.h"
#include "testutil.h"

static void setup(void)
{
    vo_api_start(NULL, vo_test_company_boris);
}

TestSuite(api_plans, .init = setup, .fini = vo_api_stop, .timeout = 120);

static json_int_t find_user(const struct vo_test_login *l, const char *email)
{
    struct vo_test_resp r = as(l, "GET", "/api/v1/users", NULL);
    vo_test_expect(&r, 200, NULL, "users");
    json_t *items = json_object_get(r.json, "items");
    json_int_t id = 0;
    for (size_t i = 0; i < json_array_size(items); i++)
        if (strcmp(jstr(json_array_get(items, i), "email"), email) == 0)
            id = jint(json_array_get(items, i), "id");
    vo_test_resp_free(&r);
    cr_assert(id > 0, "no user %s", email);
    return id;
}

/* The sum of a row's parts; checks each column's parts against its
 * working days (nothing on a column without one). */
static json_int_t row_sum(json_t *body, json_t *row)
{
    json_t *parts = json_object_get(row, "parts"), *cols = json_object_get(body, "columns");
    cr_assert_eq(json_array_size(parts), json_array_size(cols));
    json_int_t sum = 0;
    for (size_t i = 0; i < json_array_size(parts); i++) {
        json_int_t v = json_integer_value(json_array_get(parts, i));
        if (jint(json_array_get(cols, i), "working_days") == 0)
            cr_assert_eq(v, 0, "a part on a column without a working day");
        sum += v;
    }
    return sum;
}

Test(api_plans, days_and_weeks)
{
    const struct vo_test_login *head = vo_api_user("head"), *anna = vo_api_user("anna");
    vo_api_expect_all((const struct vo_api_case[]){
        {head, "POST", "/api/v1/plans",
         "{\"period\":\"2026-03\",\"scope\":\"org\",\"metric\":\"revenue\",\"target\":\"1 000 "
         "000\"}",
         200, NULL, "set the org plan"},
        {head, "POST", "/api/v1/plans",
         "{\"period\":\"2026-03\",\"scope\":\"user:anna@example.com\",\"metric\":\"revenue\","
         "\"target\":\"400 000,01\"}",
         200, NULL, "set a user plan"},
        {head, "POST", "/api/v1/plans",
         "{\"period\":\"2026-03\",\"scope\":\"user:anna@example.com\",\"metric\":\"calls\","
         "\"target\":301}",
         200, NULL, "set a count plan"},
        {0}});

    /* By day, read by a manager: 31 columns, the org first, exact sums. */
    struct vo_test_resp r = as(anna, "GET", "/api/v1/plans/days?period=2026-03", NULL);
    vo_test_expect(&r, 200, NULL, "by day");
    cr_assert_str_eq(jstr(r.json, "by"), "day");
    cr_assert_str_eq(jstr(r.json, "unit"), "minor_units");
    json_t *cols = json_object_get(r.json, "columns"), *rows = json_object_get(r.json, "rows");
    cr_assert_eq(json_array_size(cols), 31);
    cr_assert_str_eq(jstr(json_array_get(cols, 0), "from"), "2026-03-01");
    cr_assert_str_eq(jstr(json_array_get(cols, 30), "to"), "2026-03-31");
    json_int_t wd = 0;
    for (size_t i = 0; i < 31; i++)
        wd += jint(json_array_get(cols, i), "working_days");
    cr_assert_eq(wd, jint(r.json, "working_days"));
    cr_assert(wd >= 15 && wd <= 23, "%lld working days", (long long)wd);
    cr_assert_eq(json_array_size(rows), 2, "%s", r.body);
    json_t *org = json_array_get(rows, 0), *user = json_array_get(rows, 1);
    cr_assert_str_eq(jstr(org, "scope"), "org");
    cr_assert_eq(row_sum(r.json, org), 100000000);
    cr_assert_str_eq(jstr(user, "scope"), "user:anna@example.com");
    cr_assert_str_eq(jstr(user, "email"), "anna@example.com");
    cr_assert_eq(jint(user, "target"), 40000001);
    cr_assert_eq(row_sum(r.json, user), 40000001);
    /* equal parts on working days: they differ by at most one kopeck */
    json_int_t lo = INT64_MAX, hi = 0;
    json_t *parts = json_object_get(user, "parts");
    for (size_t i = 0; i < 31; i++)
        if (jint(json_array_get(cols, i), "working_days")) {
            json_int_t v = json_integer_value(json_array_get(parts, i));
            lo = v < lo ? v : lo;
            hi = v > hi ? v : hi;
        }
    cr_assert(hi - lo <= 1, "parts %lld..%lld", (long long)lo, (long long)hi);
    vo_test_resp_free(&r);

    /* By week: 2026-03-01 is a Sunday, so 1, 2-8, 9-15, 16-22, 23-29, 30-31. */
    r = as(anna, "GET", "/api/v1/plans/days?period=2026-03&by=week&metric=calls", NULL);
    vo_test_expect(&r, 200, NULL, "by week");
    cols = json_object_get(r.json, "columns");
    rows = json_object_get(r.json, "rows");
    cr_assert_eq(json_array_size(cols), 6, "%s", r.body);
    cr_assert_str_eq(jstr(json_array_get(cols, 0), "to"), "2026-03-01");
    cr_assert_str_eq(jstr(json_array_get(cols, 1), "from"), "2026-03-02");
    cr_assert_str_eq(jstr(json_array_get(cols, 1), "to"), "2026-03-08");
    cr_assert_str_eq(jstr(json_array_get(cols, 5), "from"), "2026-03-30");
    cr_assert_str_eq(jstr(json_array_get(cols, 5), "to"), "2026-03-31");
    cr_assert_str_eq(jstr(r.json, "unit"), "count");
    cr_assert_eq(json_array_size(rows), 1, "%s", r.body);
    cr_assert_eq(row_sum(r.json, json_array_get(rows, 0)), 301);
    vo_test_resp_free(&r);

    /* A month without plans: columns, no rows. */
    r = as(anna, "GET", "/api/v1/plans/days?period=2027-02&by=week", NULL);
    vo_test_expect(&r, 200, NULL, "no plans");
    cr_assert_eq(json_array_size(json_object_get(r.json, "rows")), 0);
    cr_assert(json_array_size(json_object_get(r.json, "columns")) >= 4);
    vo_test_resp_free(&r);

    vo_api_expect_all((const struct vo_api_case[]){
        {anna, "GET", "/api/v1/plans/days?period=2026-03&by=month", NULL, 422, "by", "bad by"},
        {anna, "GET", "/api/v1/plans/days?period=2026-3x", NULL, 422, "period", "bad period"},
        {anna, "GET", "/api/v1/plans/days", NULL, 422, "period", "no period"},
        {anna, "GET", "/api/v1/plans/days?period=2026-03&metric=happiness", NULL, 422, "metric",
         "bad metric"},
        {NULL, "GET", "/api/v1/plans/days?period=2026-03", NULL, 401, NULL, "anonymous"},
        {0}});
}

/* Anna's history in January-March 2026: 4 deals created (leads), 2 won
 * for 100 + 300 (average check 200), 2 meetings. */
static const char import_history[] =
    "{\"files\":{"
    "\"pipelines.csv\":\"pipeline,stage,position,max_days\\nОпт,Лид,1,\\nОпт,Встреча,2,\\n\","
    "\"deals.csv\":\"id,owner,pipeline,created_at,stage,status,amount,closed_at\\n"
    "H1,anna@example.com,Опт,2026-01-10,Встреча,won,100,2026-02-01\\n"
    "H2,anna@example.com,Опт,2026-01-20,Встреча,won,300,2026-03-02\\n"
    "H3,anna@example.com,Опт,2026-02-05,Лид,open,50,\\n"
    "H4,anna@example.com,Опт,2026-02-15,Лид,open,,\\n\","
    "\"activities.csv\":\"id,type,user,at,deal\\n"
    "M1,meeting,anna@example.com,2026-02-10 11:00,H3\\n"
    "M2,meeting,anna@example.com,2026-02-20 15:00,H4\\n\"}}";

Test(api_plans, reverse_funnel)
{
    const struct vo_test_login *head = vo_api_user("head"), *anna = vo_api_user("anna"),
                               *viewer = vo_api_user("viewer");
    /* The history adds a pipeline: an administrator's import. */
    const struct vo_test_login *admin = vo_api_user("admin");
    struct vo_test_resp r = as(admin, "POST", "/api/v1/import", import_history);
    vo_test_expect(&r, 200, NULL, "import the history");
    cr_assert(json_is_true(json_object_get(r.json, "committed")), "%s", r.body);
    vo_test_resp_free(&r);
    json_int_t anna_id = find_user(head, "anna@example.com");
    json_int_t boris_id = find_user(head, "boris@example.com");

    /* 1 000,00 in April: won ceil(100000 / 20000) = 5, meetings
     * ceil(5 * 2 / 2) = 5, leads ceil(5 * 4 / 2) = 10. */
    char *path = g_strdup_printf("/api/v1/plans/reverse?user=%lld&revenue=100000&period=2026-04",
                                 (long long)anna_id);
    r = as(head, "GET", path, NULL);
    vo_test_expect(&r, 200, NULL, "reverse");
    json_t *h = json_object_get(r.json, "history"), *need = json_object_get(r.json, "need");
    cr_assert_str_eq(jstr(h, "from"), "2026-01");
    cr_assert_str_eq(jstr(h, "to"), "2026-03");
    cr_assert_eq(jint(h, "revenue"), 40000, "%s", r.body);
    cr_assert_eq(jint(h, "deals_won"), 2);
    cr_assert_eq(jint(h, "meetings"), 2);
    cr_assert_eq(jint(h, "leads"), 4);
    cr_assert_eq(jint(r.json, "avg_check"), 20000);
    cr_assert_eq(jint(need, "won"), 5);
    cr_assert_eq(jint(need, "meetings"), 5);
    cr_assert_eq(jint(need, "leads"), 10);
    json_int_t wd = jint(r.json, "working_days");
    cr_assert(wd > 0);
    double pd = json_real_value(json_object_get(json_object_get(r.json, "per_day"), "leads"));
    cr_assert_float_eq(pd, 10.0 / (double)wd, 1e-9);
    cr_assert_float_eq(
        json_real_value(json_object_get(json_object_get(r.json, "conversion"), "lead_to_meeting")),
        0.5, 1e-9);
    cr_assert_str_eq(jstr(json_object_get(r.json, "user"), "email"), "anna@example.com");
    vo_test_resp_free(&r);

    /* Anna for herself (the default user), and the viewer reads. */
    r = as(anna, "GET", "/api/v1/plans/reverse?revenue=100000&period=2026-04", NULL);
    vo_test_expect(&r, 200, NULL, "a manager for herself");
    cr_assert_eq(jint(json_object_get(r.json, "need"), "won"), 5);
    vo_test_resp_free(&r);
    vo_api_expect_all((const struct vo_api_case[]){
        {anna, "GET", path, NULL, 200, NULL, "a manager names herself"},
        {viewer, "GET", path, NULL, 200, NULL, "a viewer reads"},
        {0}});
    g_free(path);

    /* Anna cannot ask about Boris: not found, naming the user. */
    path = g_strdup_printf("/api/v1/plans/reverse?user=%lld&revenue=100000&period=2026-04",
                           (long long)boris_id);
    vo_api_expect(anna, "GET", path, NULL, 404, "user", "a manager for another");
    /* Boris has no history: every figure is null, never 0. */
    r = as(head, "GET", path, NULL);
    vo_test_expect(&r, 200, NULL, "no history");
    cr_assert(json_is_null(json_object_get(r.json, "avg_check")), "%s", r.body);
    cr_assert(json_is_null(json_object_get(json_object_get(r.json, "need"), "won")));
    cr_assert(json_is_null(json_object_get(json_object_get(r.json, "need"), "leads")));
    cr_assert(json_is_null(json_object_get(json_object_get(r.json, "per_day"), "won")));
    vo_test_resp_free(&r);
    g_free(path);

    vo_api_expect_all((const struct vo_api_case[]){
        {head, "GET", "/api/v1/plans/reverse?user=99999&revenue=1&period=2026-04", NULL, 404,
         "user", "unknown user"},
        {head, "GET", "/api/v1/plans/reverse?user=abc&revenue=1&period=2026-04", NULL, 422, "user",
         "a user that is not an id"},
        {anna, "GET", "/api/v1/plans/reverse?revenue=-5&period=2026-04", NULL, 422, "revenue",
         "negative revenue"},
        {anna, "GET", "/api/v1/plans/reverse?revenue=12.5&period=2026-04", NULL, 422, "revenue",
         "revenue not in minor units"},
        {anna, "GET", "/api/v1/plans/reverse?period=2026-04", NULL, 422, "revenue", "no revenue"},
        {anna, "GET", "/api/v1/plans/reverse?revenue=1&period=April", NULL, 422, "period",
         "bad period"},
        {NULL, "GET", "/api/v1/plans/reverse?revenue=1&period=2026-04", NULL, 401, NULL,
         "anonymous"},
        {0}});
}
