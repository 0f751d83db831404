/*
 * test_api_action_plans.c - weekly action plans through the real HTTP
 * server (issue 11; docs/action-plans.md): a manager's week (two actions
 * on two days, one checked off, the other carried to the next week, once),
 * the week named as YYYY-Www or by any of its dates (2026 has a week 53,
 * 2027 none), who reads and edits whose plan (a manager their own, the
 * head any, a viewer reads; the assignee checks their action off on the
 * head's plan and changes nothing else), versions (If-Match), the bounds
 * of every field naming it, the audit rows and the CSV of a plan.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <string.h>

#include "api_fixture.h"
#include "http/http.h"
#include "testutil.h"

static void setup(void)
{
    vo_api_start_crm(NULL, true, "Новая", "Переговоры", NULL);
}

TestSuite(api_action_plans, .init = setup, .fini = vo_api_stop, .timeout = 120);

#define PLANS "/api/v1/action-plans"
#define ITEMS "/api/v1/action-plans/items"
#define CARRY "/api/v1/action-plans/carry"

static const char *item(int64_t id)
{
    return vo_api_fmt(ITEMS "/%lld", (long long)id);
}

/* GET the plan of query as l, which must answer 200 (a new reference). */
static json_t *plan(const struct vo_test_login *l, const char *query)
{
    struct vo_test_resp r = as(l, "GET", vo_api_fmt(PLANS "?%s", query), NULL);
    cr_assert_eq(r.status, 200, "%s: %s", query, r.body);
    json_t *j = json_incref(r.json);
    vo_test_resp_free(&r);
    return j;
}

Test(api_action_plans, a_managers_week_checked_off_and_carried)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    int64_t a1 = vo_api_create(anna, ITEMS,
                               "{\"week\":\"2026-W47\",\"what\":\"Позвонить в Акме\","
                               "\"day\":\"2026-11-18\"}");
    int64_t a2 = vo_api_create(anna, ITEMS,
                               "{\"week\":\"2026-11-20\",\"what\":\"Три встречи\","
                               "\"day\":\"2026-11-16\",\"metric\":\"meetings\",\"target\":3}");
    /* any date of the week names it: 2026-W47 is 11-16..11-22 */
    json_t *p = plan(anna, "week=2026-11-22");
    cr_assert_str_eq(jstr(p, "week"), "2026-W47");
    cr_assert_str_eq(jstr(p, "monday"), "2026-11-16");
    cr_assert_str_eq(jstr(p, "sunday"), "2026-11-22");
    cr_assert_eq(jint(p, "user_id"), vo_api.manager_id);
    cr_assert_eq(jint(p, "total"), 2);
    cr_assert_eq(jint(p, "done"), 0);
    json_t *items = json_object_get(p, "items");
    /* by day: Monday's (a2) first */
    cr_assert_eq(jint(json_array_get(items, 0), "id"), a2);
    cr_assert_eq(jint(json_array_get(items, 1), "id"), a1);
    json_t *x = json_array_get(items, 0);
    cr_assert_str_eq(jstr(x, "metric"), "meetings");
    cr_assert_eq(jint(x, "target"), 3);
    cr_assert_eq(jint(x, "assignee_id"), vo_api.manager_id, "the owner by default");
    cr_assert(json_is_false(json_object_get(x, "done")));
    json_decref(p);

    /* checked off against its version; a stale one is refused */
    struct vo_test_resp r = vo_api_as_if(anna, "PATCH", item(a1), "\"0\"", "{\"done\":true}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert(json_is_true(json_object_get(r.json, "done")));
    cr_assert_eq(jint(r.json, "done_by"), vo_api.manager_id);
    cr_assert_eq(jint(r.json, "version"), 1);
    vo_test_resp_free(&r);
    r = vo_api_as_if(anna, "PATCH", item(a1), "\"0\"", "{\"done\":false}");
    cr_assert_eq(r.status, 409, "%s", r.body);
    vo_test_resp_free(&r);

    /* the open one (a2) carried to 2026-W48, on the same weekday, once */
    r = as(anna, "POST", CARRY, "{\"from_week\":\"2026-W47\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(jint(r.json, "carried"), 1);
    cr_assert_str_eq(jstr(r.json, "to_week"), "2026-W48");
    vo_test_resp_free(&r);
    r = as(anna, "POST", CARRY, "{\"from_week\":\"2026-W47\"}");
    cr_assert_eq(jint(r.json, "carried"), 0, "carried twice: %s", r.body);
    vo_test_resp_free(&r);
    p = plan(anna, "week=2026-W48");
    cr_assert_eq(jint(p, "total"), 1);
    x = json_array_get(json_object_get(p, "items"), 0);
    cr_assert_str_eq(jstr(x, "what"), "Три встречи");
    cr_assert_str_eq(jstr(x, "day"), "2026-11-23");
    cr_assert_eq(jint(x, "carried_from"), a2);
    cr_assert_eq(jint(x, "target"), 3);
    json_decref(p);
    p = plan(anna, "week=2026-W47");
    cr_assert_eq(jint(p, "done"), 1);
    x = json_array_get(json_object_get(p, "items"), 0);
    cr_assert(json_is_true(json_object_get(x, "carried")));
    json_decref(p);
    cr_assert_eq(vo_api_audit("action.create", NULL, -1), 2);
    cr_assert_eq(vo_api_audit("action.update", NULL, -1), 1);
    cr_assert_eq(vo_api_audit("action_plan.carry", NULL, -1), 2);

    /* deleted against its version */
    vo_api_expect(anna, "DELETE", item(a1), "{\"version\":0}", 409, "version", "stale delete");
    vo_api_expect(anna, "DELETE", item(a1), "{\"version\":1}", 200, NULL, "delete");
    p = plan(anna, "week=2026-W47");
    cr_assert_eq(jint(p, "total"), 1);
    json_decref(p);

    /* the CSV of a plan, Russian headers */
    r = as(anna, "GET", PLANS "?week=2026-W48&format=csv&lang=ru", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert(strstr(r.body, "Что сделать") && strstr(r.body, "Три встречи"), "%s", r.body);
    vo_test_resp_free(&r);
}

Test(api_action_plans, whose_plan)
{
    const struct vo_test_login *anna = vo_api_user("anna"), *head = vo_api_user("head"),
                               *viewer = vo_api_user("viewer"),
                               *boris = vo_api_user("boris@example.com");
    int64_t a = vo_api_create(anna, ITEMS, "{\"week\":\"2026-W47\",\"what\":\"Своё\"}");
    /* the head's (department's) plan, one action assigned to anna */
    int64_t h = vo_api_create(head, ITEMS,
                              vo_api_fmt("{\"week\":\"2026-W47\",\"what\":\"Разбор КП\","
                                         "\"assignee_id\":%lld}",
                                         (long long)vo_api.manager_id));
    const char *annas =
        vo_api_fmt(PLANS "?week=2026-W47&user_id=%lld", (long long)vo_api.manager_id);
    const char *heads = vo_api_fmt(PLANS "?week=2026-W47&user_id=%lld", (long long)vo_api.head_id);
    struct vo_api_case cases[] = {
        {boris, "GET", annas, NULL, 404, "user_id", "another manager's plan"},
        {boris, "PATCH", item(a), "{\"done\":true}", 404, "id", "another manager's action"},
        {boris, "DELETE", item(a), NULL, 404, "id", "nor deletes it"},
        {viewer, "GET", annas, NULL, 200, NULL, "a viewer reads"},
        {viewer, "POST", ITEMS, "{\"week\":\"2026-W47\",\"what\":\"x\"}", 403, NULL,
         "a viewer writes nothing"},
        {head, "GET", annas, NULL, 200, NULL, "the head reads anna's"},
        {head, "POST", ITEMS,
         vo_api_fmt("{\"week\":\"2026-W47\",\"user_id\":%lld,\"what\":\"От руководителя\"}",
                    (long long)vo_api.manager_id),
         201, NULL, "and adds to it"},
        {anna, "GET", heads, NULL, 404, "user_id", "a manager reads no other plan"},
        {anna, "PATCH", item(h), "{\"what\":\"Моё\"}", 404, "id",
         "the assignee changes nothing else on the head's plan"},
        {anna, "PATCH", item(h), "{\"done\":true}", 200, NULL, "but checks her action off"},
        {viewer, "GET", PLANS "?week=2026-W47", NULL, 422, "user_id",
         "a viewer has no plan of their own"},
        {NULL, NULL, NULL, NULL, 0, NULL, NULL},
    };
    vo_api_expect_all(cases);
    json_t *p = plan(head, "week=2026-W47");
    cr_assert_eq(jint(p, "user_id"), vo_api.head_id, "the head's own by default");
    cr_assert_eq(jint(p, "done"), 1);
    json_decref(p);
    p = plan(anna, vo_api_fmt("week=2026-W47&user_id=%lld", (long long)vo_api.manager_id));
    cr_assert_eq(jint(p, "total"), 2);
    json_decref(p);
}

Test(api_action_plans, bounds_name_the_field)
{
    const struct vo_test_login *anna = vo_api_user("anna"),
                               *boris = vo_api_user("boris@example.com");
    int64_t deal = vo_api_create(boris, "/api/v1/deals",
                                 "{\"title\":\"Чужая\",\"amount\":1000,\"pipeline\":\"Продажи\"}");
    char *w500 = vo_api_repeat("{\"week\":\"2026-W47\",\"what\":\"", "щ", 500);
    char *w501 = vo_api_repeat("{\"week\":\"2026-W47\",\"what\":\"", "щ", 501);
    const char *ok500 = vo_api_fmt("%s\"}", w500), *long501 = vo_api_fmt("%s\"}", w501);
    struct vo_api_case cases[] = {
        {anna, "POST", ITEMS, "{\"what\":\"x\"}", 422, "week", "no week"},
        {anna, "POST", ITEMS, "{\"week\":\"2026-W47\"}", 422, "what", "no what"},
        {anna, "POST", ITEMS, "{\"week\":\"2026-W47\",\"what\":\"\"}", 422, "what", "empty"},
        {anna, "POST", ITEMS, long501, 422, "what", "501 characters"},
        {anna, "POST", ITEMS, ok500, 201, NULL, "500 characters"},
        {anna, "POST", ITEMS, "{\"week\":\"2026-W54\",\"what\":\"x\"}", 422, "week", "week 54"},
        {anna, "POST", ITEMS, "{\"week\":\"2027-W53\",\"what\":\"x\"}", 422, "week",
         "2027 has 52 weeks"},
        {anna, "POST", ITEMS, "{\"week\":\"2026-W53\",\"what\":\"x\",\"day\":\"2026-12-28\"}", 201,
         NULL, "2026 has 53: its Monday is 12-28"},
        {anna, "POST", ITEMS, "{\"week\":\"2026-W47\",\"what\":\"x\",\"day\":\"2026-11-23\"}", 422,
         "day", "the next Monday is not of the week"},
        {anna, "POST", ITEMS, "{\"week\":\"2026-W47\",\"what\":\"x\",\"day\":\"2026-11-15\"}", 422,
         "day", "nor the Sunday before"},
        {anna, "POST", ITEMS,
         "{\"week\":\"2026-W47\",\"what\":\"x\",\"metric\":\"likes\",\"target\":1}", 422, "metric",
         "not a metric"},
        {anna, "POST", ITEMS, "{\"week\":\"2026-W47\",\"what\":\"x\",\"metric\":\"calls\"}", 422,
         "target", "a metric without a target"},
        {anna, "POST", ITEMS, "{\"week\":\"2026-W47\",\"what\":\"x\",\"target\":5}", 422, "target",
         "a target without a metric"},
        {anna, "POST", ITEMS,
         "{\"week\":\"2026-W47\",\"what\":\"x\",\"metric\":\"calls\",\"target\":-1}", 422, "target",
         "below 0"},
        {anna, "POST", ITEMS,
         "{\"week\":\"2026-W47\",\"what\":\"x\",\"metric\":\"revenue\",\"target\":"
         "1000000000000001}",
         422, "target", "above 10^15"},
        {anna, "POST", ITEMS, "{\"week\":\"2026-W47\",\"what\":\"x\",\"assignee_id\":999999}", 422,
         "assignee_id", "no such user"},
        {anna, "POST", ITEMS,
         vo_api_fmt("{\"week\":\"2026-W47\",\"what\":\"x\",\"deal_id\":%lld}", (long long)deal),
         422, "deal_id", "a deal she does not see"},
        {anna, "POST", ITEMS,
         vo_api_fmt("{\"week\":\"2026-W47\",\"what\":\"x\",\"user_id\":%lld}",
                    (long long)vo_api.admin_id),
         422, "user_id", "an admin has no plan"},
        {anna, "POST", CARRY, "{}", 422, "from_week", "carry: no week"},
        {anna, "GET", PLANS "?week=2026-47", NULL, 422, "week", "not a week"},
        {NULL, NULL, NULL, NULL, 0, NULL, NULL},
    };
    vo_api_expect_all(cases);
    json_t *p = plan(anna, "week=2026-W53");
    cr_assert_str_eq(jstr(p, "monday"), "2026-12-28");
    cr_assert_str_eq(jstr(p, "sunday"), "2027-01-03");
    json_decref(p);
    p = plan(anna, "week=2027-01-03");
    cr_assert_str_eq(jstr(p, "week"), "2026-W53", "2027-01-03 is a day of 2026's last week");
    json_decref(p);
    g_free(w500);
    g_free(w501);
}

/* The owner of id in a weekly report's action_plans (NULL: none). */
static json_t *owner_in(json_t *rep, int64_t id)
{
    json_t *o, *owners = json_object_get(json_object_get(rep, "action_plans"), "owners");
    size_t i;
    json_array_foreach(owners, i, o) if (jint(o, "user_id") == id) return o;
    return NULL;
}

Test(api_action_plans, the_weekly_report_carries_them_into_the_meeting)
{
    const struct vo_test_login *anna = vo_api_user("anna"), *head = vo_api_user("head");
    int64_t a1 = vo_api_create(anna, ITEMS, "{\"week\":\"2026-W47\",\"what\":\"Сделано\"}");
    int64_t a2 = vo_api_create(
        anna, ITEMS, "{\"week\":\"2026-W47\",\"what\":\"Открыто\",\"day\":\"2026-11-19\"}");
    vo_api_create(head, ITEMS, "{\"week\":\"2026-W47\",\"what\":\"Разбор недели\"}");
    vo_api_create(anna, ITEMS, "{\"week\":\"2026-W48\",\"what\":\"Не та неделя\"}");
    vo_api_expect(anna, "PATCH", item(a1), "{\"done\":true}", 200, NULL, "done");
    /* the meeting of Wednesday 11-25 reviews the last full week, W47 */
    const char *q = "/api/v1/reports/weekly?date=2026-11-25&as_of=2026-11-25";
    struct vo_test_resp r = as(head, "GET", q, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    json_t *ap = json_object_get(r.json, "action_plans");
    cr_assert_str_eq(jstr(ap, "week"), "2026-W47");
    cr_assert_eq(json_array_size(json_object_get(ap, "owners")), 2, "the head's and anna's");
    json_t *o = owner_in(r.json, vo_api.manager_id);
    cr_assert(o);
    cr_assert_eq(jint(o, "done"), 1);
    cr_assert_eq(jint(o, "total"), 2);
    json_t *open = json_object_get(o, "open");
    cr_assert_eq(json_array_size(open), 1);
    cr_assert_eq(jint(json_array_get(open, 0), "id"), a2);
    cr_assert_str_eq(jstr(json_array_get(open, 0), "day"), "2026-11-19");
    o = owner_in(r.json, vo_api.head_id);
    cr_assert(o && jint(o, "total") == 1 && jint(o, "done") == 0);
    vo_test_resp_free(&r);
    /* after a change the same report follows it (the weekly report is not cached) */
    vo_api_expect(anna, "PATCH", item(a2), "{\"done\":true}", 200, NULL, "done");
    r = as(head, "GET", q, NULL);
    cr_assert_eq(jint(owner_in(r.json, vo_api.manager_id), "done"), 2);
    vo_test_resp_free(&r);
    /* a manager sees her own plan only */
    r = as(anna, "GET", q, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(
        json_array_size(json_object_get(json_object_get(r.json, "action_plans"), "owners")), 1);
    cr_assert(owner_in(r.json, vo_api.manager_id));
    vo_test_resp_free(&r);
}
