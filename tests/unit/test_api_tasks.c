/*
 * test_api_tasks.c - tasks beyond create / change / complete, through the
 * real HTTP server (issue 10, part "tasks"): a task's type, the comment
 * kept on completion, reschedules (counted and logged, by the route and
 * by a PATCH of due_at), recurring tasks (daily, weekly, monthly, every N
 * working days of the org's production calendar; the next occurrence
 * created by the completion; stopping), and that a re-import of tasks.csv
 * keeps what only these use cases write. Every date is pinned in 2100, so
 * completing "now" is before each due time whatever today is.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <string.h>

#include "api_fixture.h"
#include "base/timeutil.h"
#include "http/http.h"
#include "store/store.h"
#include "testutil.h"

static void setup(void)
{
    vo_api_start_crm(NULL, true, NULL);
}

TestSuite(api_tasks, .init = setup, .fini = vo_api_stop, .timeout = 120);

/* A new task of anna's due at due (local text), its id. */
static int64_t new_task(const char *title, const char *type, const char *due)
{
    char *body =
        g_strdup_printf("{\"title\":\"%s\",\"type\":\"%s\",\"due_at\":\"%s\"}", title, type, due);
    int64_t id = vo_api_create(vo_api_user("anna"), "/api/v1/tasks", body);
    g_free(body);
    return id;
}

static char *task_path(int64_t id, const char *tail)
{
    return g_strdup_printf("/api/v1/tasks/%lld%s", (long long)id, tail);
}

/* The audit rows of action, oldest first, into *out. */
static size_t audit(const char *action, struct vo_audit_entry **out)
{
    struct vo_store *st = vo_api_open(0);
    struct vo_error e = {0};
    struct vo_audit_filter f = {.action = action, .from = VO_NULL, .to = VO_NULL, .limit = 100};
    size_t n = 0;
    cr_assert_eq(vo_store_audit_list(st, vo_api.org_id, &f, vo_api_arena(), out, &n, &e), VO_OK,
                 "%s", e.msg);
    vo_store_close(st);
    return n;
}

/* Completes task id as anna (200); the open occurrence that follows it,
 * found among anna's open tasks (0 when none). */
static int64_t complete(int64_t id, const char *body)
{
    char *p = task_path(id, "/complete");
    struct vo_test_resp r = as(vo_api_user("anna"), "POST", p, body);
    cr_assert_eq(r.status, 200, "%s: %s", p, r.body);
    cr_assert(json_is_true(json_object_get(r.json, "done")));
    vo_test_resp_free(&r);
    g_free(p);
    r = as(vo_api_user("anna"), "GET", "/api/v1/tasks?status=open&limit=100", NULL);
    cr_assert_eq(r.status, 200);
    json_t *items = json_object_get(r.json, "items"), *it;
    size_t i;
    int64_t next = 0;
    json_array_foreach(items, i, it)
    {
        if (jint(it, "id") > id && json_is_integer(json_object_get(it, "recurrence_id"))) {
            cr_assert_eq(next, 0, "two open occurrences after task %lld", (long long)id);
            next = jint(it, "id");
        }
    }
    vo_test_resp_free(&r);
    return next;
}

static void expect_due(int64_t id, const char *due)
{
    char *p = task_path(id, "");
    struct vo_test_resp r = as(vo_api_user("anna"), "GET", p, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "due_at"), due, "task %lld", (long long)id);
    vo_test_resp_free(&r);
    g_free(p);
}

static void set_rule(int64_t id, const char *body)
{
    char *p = task_path(id, "/recurrence");
    struct vo_test_resp r = as(vo_api_user("anna"), "POST", p, body);
    cr_assert_eq(r.status, 200, "%s %s: %s", p, body, r.body);
    cr_assert(json_is_true(json_object_get(r.json, "active")));
    vo_test_resp_free(&r);
    g_free(p);
}

Test(api_tasks, type_and_completion_comment)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    struct vo_test_resp r = as(
        anna, "POST", "/api/v1/tasks",
        "{\"title\":\"Встреча с клиентом\",\"type\":\"meeting\",\"due_at\":\"2100-03-01 15:30\"}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    int64_t id = jint(r.json, "id");
    cr_assert_str_eq(jstr(r.json, "type"), "meeting");
    cr_assert_str_eq(jstr(r.json, "due_at"), "2100-03-01T15:30:00+03:00");
    cr_assert(json_is_null(json_object_get(r.json, "comment")));
    cr_assert_eq(jint(r.json, "reschedules"), 0);
    cr_assert(json_is_null(json_object_get(r.json, "recurrence_id")));
    vo_test_resp_free(&r);

    /* no type: "other"; a type outside the four is refused naming it */
    r = as(anna, "POST", "/api/v1/tasks", "{\"title\":\"Прочее\",\"due_at\":\"2100-03-01\"}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "type"), "other");
    vo_test_resp_free(&r);
    char *p = task_path(id, "");
    vo_api_expect_all((const struct vo_api_case[]){
        {anna, "POST", "/api/v1/tasks",
         "{\"title\":\"x\",\"type\":\"message\",\"due_at\":\"2100-03-01\"}", 422, "type", NULL},
        {anna, "PATCH", p, "{\"type\":\"visit\"}", 422, "type", NULL},
        {anna, "PATCH", p, "{\"type\":\"call\"}", 200, NULL, NULL},
        {0}});
    cr_assert_eq(vo_api_task(id).type, VO_TASK_CALL);

    char *done = task_path(id, "/complete");
    r = as(anna, "POST", done, "{\"comment\":\"Договорились о поставке\\nв марте\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "comment"), "Договорились о поставке\nв марте");
    cr_assert_str_eq(jstr(r.json, "type"), "call");
    vo_test_resp_free(&r);
    struct vo_task t = vo_api_task(id);
    cr_assert_str_eq(t.comment, "Договорились о поставке\nв марте");
    cr_assert_neq(t.done_at, VO_NULL);
    /* a second completion changes nothing, the comment stays */
    vo_api_expect(anna, "POST", done, "{\"comment\":\"другое\"}", 409, "done_at", NULL);
    cr_assert_str_eq(vo_api_task(id).comment, "Договорились о поставке\nв марте");
    /* a comment longer than a note (5000) is refused naming it */
    int64_t other = new_task("Длинный", "email", "2100-03-02");
    char *long_done = task_path(other, "/complete");
    char *big = vo_api_repeat("{\"comment\":\"", "я", 5001);
    const char *big_body = vo_api_fmt("%s\"}", big);
    vo_api_expect(anna, "POST", long_done, big_body, 422, "comment", NULL);
    cr_assert_eq(vo_api_task(other).done_at, VO_NULL);
    g_free(big);
    g_free(long_done);
    g_free(done);
    g_free(p);
}

Test(api_tasks, reschedule)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    const struct vo_test_login *boris = vo_api_user("boris");
    const struct vo_test_login *viewer = vo_api_user("viewer");
    int64_t id = new_task("Позвонить", "call", "2100-03-01 10:00");
    char *p = task_path(id, "/reschedule");
    struct vo_test_resp r =
        as(anna, "POST", p, "{\"due_at\":\"2100-03-03 11:30\",\"reason\":\"Клиент в отпуске\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "due_at"), "2100-03-03T11:30:00+03:00");
    cr_assert_eq(jint(r.json, "reschedules"), 1);
    vo_test_resp_free(&r);

    vo_api_expect_all((const struct vo_api_case[]){
        {anna, "POST", p, "{\"due_at\":\"2100-03-03 11:30\"}", 409, "due_at", "the same time"},
        {anna, "POST", p, "{}", 422, "due_at", "no due_at"},
        {anna, "POST", p, "{\"due_at\":\"2100-02-30\"}", 422, "due_at", "not a date"},
        {anna, "POST", p, "{\"due_at\":\"2100-03-04\",\"why\":\"x\"}", 422, "why", "unknown field"},
        {boris, "POST", p, "{\"due_at\":\"2100-03-04\"}", 404, NULL, "another manager's task"},
        {viewer, "POST", p, "{\"due_at\":\"2100-03-04\"}", 403, NULL, "a viewer"},
        {0}});

    /* a PATCH of due_at is a reschedule too (without a reason); of the
     * title alone it is not */
    char *tp = task_path(id, "");
    vo_api_expect(anna, "PATCH", tp, "{\"due_at\":\"2100-03-05 09:00\"}", 200, NULL, NULL);
    vo_api_expect(anna, "PATCH", tp, "{\"title\":\"Позвонить ещё\"}", 200, NULL, NULL);
    cr_assert_eq(vo_api_task(id).reschedules, 2);

    char *lp = task_path(id, "/reschedules");
    r = as(anna, "GET", lp, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    json_t *items = json_object_get(r.json, "items");
    cr_assert_eq(json_array_size(items), 2);
    json_t *a = json_array_get(items, 0), *b = json_array_get(items, 1);
    cr_assert_str_eq(jstr(a, "from"), "2100-03-01T10:00:00+03:00");
    cr_assert_str_eq(jstr(a, "to"), "2100-03-03T11:30:00+03:00");
    cr_assert_str_eq(jstr(a, "reason"), "Клиент в отпуске");
    cr_assert_eq(jint(a, "user_id"), vo_api.manager_id);
    cr_assert_str_eq(jstr(b, "from"), "2100-03-03T11:30:00+03:00");
    cr_assert_str_eq(jstr(b, "to"), "2100-03-05T09:00:00+03:00");
    cr_assert(json_is_null(json_object_get(b, "reason")));
    vo_test_resp_free(&r);
    vo_api_expect(boris, "GET", lp, NULL, 404, NULL, NULL);
    cr_assert_eq(vo_api_count("task_reschedules"), 2);

    struct vo_audit_entry *v = NULL;
    cr_assert_eq(audit("task.reschedule", &v), 1);
    cr_assert_eq(v[0].object_id, id);
    cr_assert_str_eq(v[0].detail,
                     "2100-03-01T10:00:00+03:00 -> 2100-03-03T11:30:00+03:00: Клиент в отпуске");

    /* a completed task is not rescheduled */
    char *done = task_path(id, "/complete");
    vo_api_expect(anna, "POST", done, "{}", 200, NULL, NULL);
    vo_api_expect(anna, "POST", p, "{\"due_at\":\"2100-03-09\"}", 409, "due_at", NULL);
    cr_assert_eq(vo_api_task(id).reschedules, 2);
    cr_assert_eq(vo_api_count("task_reschedules"), 2);
    g_free(done);
    g_free(lp);
    g_free(tp);
    g_free(p);
}

Test(api_tasks, weekly_recurrence)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    /* 2100-03-01 is a Monday; the rule: Mondays and Wednesdays */
    int64_t id = new_task("Планёрка", "meeting", "2100-03-01 10:00");
    char *p = task_path(id, "/recurrence");
    struct vo_test_resp r = as(anna, "POST", p, "{\"rule\":\"weekly\",\"weekdays\":[3,1]}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "rule"), "weekly");
    cr_assert_eq(json_array_size(json_object_get(r.json, "weekdays")), 2);
    cr_assert_eq(json_integer_value(json_array_get(json_object_get(r.json, "weekdays"), 0)), 1);
    cr_assert_eq(json_integer_value(json_array_get(json_object_get(r.json, "weekdays"), 1)), 3);
    int64_t rule = jint(r.json, "id");
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_task(id).recurrence_id, rule);

    int64_t n1 = complete(id, "{\"comment\":\"провели\"}");
    cr_assert_neq(n1, 0);
    expect_due(n1, "2100-03-03T10:00:00+03:00"); /* Mon -> Wed */
    struct vo_task t = vo_api_task(n1);
    cr_assert_str_eq(t.title, "Планёрка");
    cr_assert_eq(t.type, VO_TASK_MEETING);
    cr_assert_eq(t.assignee_id, vo_api.manager_id);
    cr_assert_eq(t.recurrence_id, rule);
    cr_assert_null(t.comment);
    int64_t n2 = complete(n1, "{}");
    expect_due(n2, "2100-03-08T10:00:00+03:00"); /* Wed -> next Mon */
    /* the next occurrence's creation is in the audit, naming its origin */
    struct vo_audit_entry *v = NULL;
    size_t n = audit("task.create", &v);
    cr_assert_eq(v[n - 1].object_id, n2);
    const char *want = vo_api_fmt("next occurrence of task %lld", (long long)n1);
    cr_assert_str_eq(v[n - 1].detail, want);

    /* the rule is read from any occurrence; stopping it ends the series */
    char *p2 = task_path(n2, "/recurrence");
    r = as(anna, "DELETE", p2, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert(json_is_false(json_object_get(r.json, "active")));
    cr_assert(json_is_string(json_object_get(r.json, "stopped_at")));
    vo_test_resp_free(&r);
    vo_api_expect(anna, "DELETE", p2, NULL, 409, "recurrence", "stopped already");
    int64_t tasks = vo_api_count("tasks");
    cr_assert_eq(complete(n2, "{}"), 0);
    cr_assert_eq(vo_api_count("tasks"), tasks);
    r = as(anna, "GET", p, NULL);
    cr_assert_eq(r.status, 200);
    cr_assert(json_is_false(json_object_get(r.json, "active")));
    vo_test_resp_free(&r);
    g_free(p2);
    g_free(p);
}

Test(api_tasks, monthly_daily_and_late_completion)
{
    /* monthly on the 31st: 2100 is not a leap year, so Feb 28, then Mar 31 */
    int64_t id = new_task("Сверка", "email", "2100-01-31 17:00");
    set_rule(id, "{\"rule\":\"monthly\",\"month_day\":31}");
    int64_t n1 = complete(id, "{}");
    expect_due(n1, "2100-02-28T17:00:00+03:00");
    int64_t n2 = complete(n1, "{}");
    expect_due(n2, "2100-03-31T17:00:00+03:00");

    /* every 2 days, completed late on Jan 6 at 12:00: the past occurrences
     * (Jan 3, Jan 5 at 10:00) are skipped, the next is Jan 7 at 10:00 */
    int64_t d = new_task("Обход", "other", "2100-01-01 10:00");
    set_rule(d, "{\"rule\":\"daily\",\"every\":2}");
    int64_t d1 = complete(d, "{\"done_at\":\"2100-01-06 12:00\"}");
    expect_due(d1, "2100-01-07T10:00:00+03:00");

    /* replacing a rule stops the old one */
    set_rule(d1, "{\"rule\":\"weekly\",\"weekdays\":[5]}");
    struct vo_store *st = vo_api_open(0);
    struct vo_error e = {0};
    struct vo_task_recurrence old, now;
    cr_assert_eq(vo_store_task_recurrence_get(st, vo_api.org_id, vo_api_task(d).recurrence_id,
                                              vo_api_arena(), &old, &e),
                 VO_OK);
    cr_assert_eq(vo_store_task_recurrence_get(st, vo_api.org_id, vo_api_task(d1).recurrence_id,
                                              vo_api_arena(), &now, &e),
                 VO_OK);
    vo_store_close(st);
    cr_assert_eq(old.rule, VO_RECUR_DAILY);
    cr_assert_eq(old.every, 2);
    cr_assert_neq(old.stopped_at, VO_NULL);
    cr_assert_eq(now.rule, VO_RECUR_WEEKLY);
    cr_assert_eq(now.weekdays, 1 << 4);
    cr_assert_eq(now.stopped_at, VO_NULL);
    int64_t d2 = complete(d1, "{}");
    expect_due(d2, "2100-01-08T10:00:00+03:00"); /* Thu Jan 7 -> Fri Jan 8 */
}

Test(api_tasks, workdays_follow_the_production_calendar)
{
    const struct vo_test_login *admin = vo_api_user("admin");
    /* Sat 2100-03-06 is a worked day, Mon 2100-03-08 a holiday */
    vo_api_create(admin, "/api/v1/holidays",
                  "{\"date\":\"2100-03-06\",\"kind\":\"workday\",\"name\":\"Перенос\"}");
    vo_api_create(admin, "/api/v1/holidays",
                  "{\"date\":\"2100-03-08\",\"kind\":\"holiday\",\"name\":\"8 Марта\"}");
    int64_t id = new_task("Отчёт", "other", "2100-03-05 09:00"); /* a Friday */
    set_rule(id, "{\"rule\":\"workdays\",\"every\":1}");
    int64_t n1 = complete(id, "{}");
    expect_due(n1, "2100-03-06T09:00:00+03:00"); /* the worked Saturday */
    int64_t n2 = complete(n1, "{}");
    expect_due(n2, "2100-03-09T09:00:00+03:00"); /* Sunday and the holiday skipped */
    set_rule(n2, "{\"rule\":\"workdays\",\"every\":3}");
    int64_t n3 = complete(n2, "{}");
    expect_due(n3, "2100-03-12T09:00:00+03:00"); /* Wed, Thu, Fri */
}

Test(api_tasks, recurrence_refusals)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    const struct vo_test_login *boris = vo_api_user("boris");
    int64_t id = new_task("Проверка", "call", "2100-03-01 10:00");
    char *p = task_path(id, "/recurrence");
    vo_api_expect_all((const struct vo_api_case[]){
        {anna, "GET", p, NULL, 404, "recurrence", "never recurred"},
        {anna, "DELETE", p, NULL, 409, "recurrence", "nothing to stop"},
        {anna, "POST", p, "{}", 422, "rule", "no rule"},
        {anna, "POST", p, "{\"rule\":\"yearly\"}", 422, "rule", "unknown rule"},
        {anna, "POST", p, "{\"rule\":\"weekly\"}", 422, "weekdays", "weekly without days"},
        {anna, "POST", p, "{\"rule\":\"weekly\",\"weekdays\":[8]}", 422, "weekdays", "day 8"},
        {anna, "POST", p, "{\"rule\":\"weekly\",\"weekdays\":[1,1]}", 422, "weekdays", "twice"},
        {anna, "POST", p, "{\"rule\":\"weekly\",\"weekdays\":\"1\"}", 422, "weekdays", "text"},
        {anna, "POST", p, "{\"rule\":\"monthly\"}", 422, "month_day", "monthly without a day"},
        {anna, "POST", p, "{\"rule\":\"monthly\",\"month_day\":32}", 422, "month_day", "day 32"},
        {anna, "POST", p, "{\"rule\":\"daily\",\"every\":0}", 422, "every", "every 0"},
        {anna, "POST", p, "{\"rule\":\"daily\",\"every\":367}", 422, "every", "every 367"},
        {anna, "POST", p, "{\"rule\":\"daily\",\"weekdays\":[1]}", 422, "weekdays", "daily days"},
        {anna, "POST", p, "{\"rule\":\"weekly\",\"weekdays\":[1],\"every\":2}", 422, "every",
         "every on a weekly rule"},
        {boris, "POST", p, "{\"rule\":\"daily\"}", 404, NULL, "another manager's task"},
        {0}});
    cr_assert_eq(vo_api_count("task_recurrences"), 0);
    cr_assert_eq(vo_api_task(id).recurrence_id, 0);
    char *done = task_path(id, "/complete");
    vo_api_expect(anna, "POST", done, "{}", 200, NULL, NULL);
    vo_api_expect(anna, "POST", p, "{\"rule\":\"daily\"}", 409, "id", "a completed task");
    cr_assert_eq(vo_api_count("task_recurrences"), 0);
    g_free(done);
    g_free(p);
}

/* The import writes a task's core columns only: a re-import of the same
 * row keeps the type, the comment and the rule set through the API. */
Test(api_tasks, reimport_keeps_type_comment_and_rule)
{
    struct vo_store *st = vo_api_open(0);
    struct vo_error e = {0};
    struct vo_task t = {.org_id = vo_api.org_id,
                        .ext_id = "T-1",
                        .assignee_id = vo_api.manager_id,
                        .title = "Из файла",
                        .created_at = 4102444800, /* 2100-01-01T00:00:00Z */
                        .due_at = 4102531200,
                        .done_at = VO_NULL};
    cr_assert_eq(vo_store_task_upsert(st, &t, NULL, &e), VO_OK, "%s", e.msg);
    vo_store_close(st);
    char *p = task_path(t.id, "");
    vo_api_expect(vo_api_user("anna"), "PATCH", p, "{\"type\":\"email\"}", 200, NULL, NULL);
    set_rule(t.id, "{\"rule\":\"daily\"}");
    int64_t rule = vo_api_task(t.id).recurrence_id;
    cr_assert_neq(rule, 0);

    st = vo_api_open(0);
    struct vo_task again = t;
    again.title = "Из файла, исправлено";
    again.type = VO_TASK_OTHER;
    enum vo_upsert res;
    cr_assert_eq(vo_store_task_upsert(st, &again, &res, &e), VO_OK, "%s", e.msg);
    vo_store_close(st);
    cr_assert_eq(again.id, t.id);
    struct vo_task now = vo_api_task(t.id);
    cr_assert_str_eq(now.title, "Из файла, исправлено");
    cr_assert_eq(now.type, VO_TASK_EMAIL);
    cr_assert_eq(now.recurrence_id, rule);
    g_free(p);
}
