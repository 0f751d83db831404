/*
 * test_api_promises.c - promises through the real HTTP server
 * (docs/meetings.md, "Promises"): recorded in a daily meeting, given
 * there and due at the next one; a promise tied to a metric checked by
 * the clock, kept and broken; a promise not yet due left open; the head
 * marks the others; who records and reads whose; overdue promises told to
 * their owner once; the record (kept %) by month. Dates pinned in 2021,
 * the org's zone Europe/Moscow (UTC+3).
 *
 * The metric case, by hand: anna's calls are at 2021-03-10 10:00 (the day
 * before the promises were given: not counted), 2021-03-11 10:00 and
 * 11:00, 2021-03-12 17:00 (counted: [11.03, 12.03] local), 2021-03-13
 * 10:00 (after the due day: not counted). Fact = 3 calls. "calls >= 3" is
 * kept (3 >= 3), "calls >= 4" broken (3 < 4).
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "api_fixture.h"
#include "base/timeutil.h"
#include "http/http.h"
#include "service/notify.h"
#include "testutil.h"

static void setup(void)
{
    vo_api_start_crm(NULL, true, "Новая", "Переговоры", NULL);
}

TestSuite(api_promises, .init = setup, .fini = vo_api_stop, .timeout = 120);

#define BASE "/api/v1/promises"

static const char *one(int64_t id, const char *tail)
{
    return vo_api_fmt(BASE "/%lld%s", (long long)id, tail);
}

static int64_t instant(const char *s)
{
    GTimeZone *tz = g_time_zone_new_identifier("Europe/Moscow");
    int64_t t = 0;
    struct vo_error e = {0};
    cr_assert_eq(vo_time_parse(s, tz, &t, "t", &e), VO_OK, "%s", e.msg);
    g_time_zone_unref(tz);
    return t;
}

static void call_at(const struct vo_test_login *l, int64_t deal, const char *at)
{
    vo_api_create(l, "/api/v1/activities",
                  vo_api_fmt("{\"type\":\"call\",\"at\":\"%s\",\"deal_id\":%lld,\"duration_s\":60}",
                             at, (long long)deal));
}

/* The audit rows of action on promises, each the system's (user 0). */
static size_t audit(const char *action)
{
    return vo_api_audit(action, "promise", 0);
}

/* The status of promise id as head reads it (the check runs first). */
static const char *status_of(int64_t id)
{
    struct vo_test_resp r = as(vo_api_user("head"), "GET", one(id, ""), NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    const char *s = vo_api_fmt("%s", jstr(r.json, "status"));
    vo_test_resp_free(&r);
    return s;
}

Test(api_promises, meeting_promises_checked_by_the_clock)
{
    const struct vo_test_login *head = vo_api_user("head"), *anna = vo_api_user("anna");
    const struct vo_test_login *boris = vo_api_user("boris");
    long long a = (long long)vo_api.manager_id;
    int64_t m1 = vo_api_create(head, "/api/v1/meetings",
                               "{\"kind\":\"daily\",\"scheduled_at\":\"2021-03-11T09:00\"}");
    int64_t deal = vo_api_create(anna, "/api/v1/deals",
                                 "{\"title\":\"Станки\",\"pipeline\":\"Продажи\",\"amount\":100}");
    call_at(anna, deal, "2021-03-10T10:00");
    call_at(anna, deal, "2021-03-11T10:00");
    call_at(anna, deal, "2021-03-11T11:00");
    call_at(anna, deal, "2021-03-12T17:00");
    call_at(anna, deal, "2021-03-13T10:00");

    /* three promises given at the meeting, one not yet due */
    int64_t kp = vo_api_create(head, BASE,
                               vo_api_fmt("{\"user_id\":%lld,\"text\":\"3 КП\",\"due_at\":"
                                          "\"2021-03-12T18:00\",\"meeting_id\":%lld}",
                                          a, (long long)m1));
    int64_t three = vo_api_create(
        head, BASE,
        vo_api_fmt("{\"user_id\":%lld,\"text\":\"Звонки\",\"due_at\":\"2021-03-12T18:00\","
                   "\"metric\":\"calls\",\"target\":3,\"meeting_id\":%lld,\"deal_id\":%lld}",
                   a, (long long)m1, (long long)deal));
    int64_t four = vo_api_create(
        head, BASE,
        vo_api_fmt("{\"user_id\":%lld,\"text\":\"Больше звонков\",\"due_at\":"
                   "\"2021-03-12T18:00\",\"metric\":\"calls\",\"target\":4,\"meeting_id\":%lld}",
                   a, (long long)m1));
    int64_t later = vo_api_create(
        head, BASE,
        vo_api_fmt("{\"user_id\":%lld,\"text\":\"Потом\",\"due_at\":\"2200-01-01\",\"metric\":"
                   "\"calls\",\"target\":1}",
                   a));
    /* given on 2021-03-11 at the meeting (the API stamps now) */
    vo_api_sql(vo_api_fmt("UPDATE promises SET created_at = %lld",
                          (long long)instant("2021-03-11T09:10")));

    /* overdue, told to its owner once: the reminders at 2021-03-12 19:00
     * see the three due at 18:00 (the metric ones not checked yet) */
    struct vo_store *st = vo_api_open(0);
    struct vo_error e = {0};
    struct vo_notification *v = NULL;
    size_t n = 0;
    int64_t t = instant("2021-03-12T19:00");
    cr_assert_eq(vo_svc_notify_tick(st, t, vo_api_arena(), &v, &n, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(n, 3);
    for (size_t i = 0; i < n; i++) {
        cr_assert_eq(v[i].kind, VO_NOTIFY_PROMISE_DUE);
        cr_assert_eq(v[i].user_id, vo_api.manager_id);
        cr_assert_str_eq(v[i].object, "promise");
    }
    cr_assert_eq(vo_svc_notify_tick(st, t + 60, vo_api_arena(), &v, &n, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(n, 0, "told twice");
    vo_store_close(st);

    /* the check by the clock: 3 calls over [11.03, 12.03] */
    cr_assert_str_eq(status_of(three), "kept");
    cr_assert_str_eq(status_of(four), "broken");
    cr_assert_str_eq(status_of(later), "open");
    cr_assert_str_eq(status_of(kp), "open");    /* no metric: the head's to mark */
    cr_assert_eq(audit("promise.check"), 2);    /* once each, by the system */
    cr_assert_str_eq(status_of(three), "kept"); /* read again: settled once */
    cr_assert_eq(audit("promise.check"), 2);

    /* the head marks the other one; a manager cannot; "open" is no mark */
    vo_api_expect(anna, "POST", one(kp, "/resolve"), "{\"status\":\"kept\"}", 403, NULL, NULL);
    vo_api_expect(head, "POST", one(kp, "/resolve"), "{\"status\":\"open\"}", 422, "status", NULL);
    struct vo_test_resp r =
        as(head, "POST", one(kp, "/resolve"), "{\"status\":\"kept\",\"comment\":\"Отправила\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "status"), "kept");
    cr_assert_str_eq(jstr(r.json, "comment"), "Отправила");
    vo_test_resp_free(&r);

    /* the meeting: the promises given there */
    r = as(head, "GET", vo_api_fmt("/api/v1/meetings/%lld", (long long)m1), NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(json_array_size(json_object_get(r.json, "promises_given")), 3);
    vo_test_resp_free(&r);
    /* the next daily meeting opens with the promises due since 11.03 09:00 */
    int64_t m2 = vo_api_create(head, "/api/v1/meetings",
                               "{\"kind\":\"daily\",\"scheduled_at\":\"2021-03-15T09:00\"}");
    r = as(head, "GET", vo_api_fmt("/api/v1/meetings/%lld", (long long)m2), NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "promises_due_from"), "2021-03-11T09:00:00+03:00");
    json_t *due = json_object_get(r.json, "promises_due");
    cr_assert_eq(json_array_size(due), 3);
    cr_assert_eq(jint(json_array_get(due, 0), "id"), kp);
    cr_assert_str_eq(jstr(json_array_get(due, 0), "status"), "kept");
    cr_assert_str_eq(jstr(json_array_get(due, 1), "status"), "kept");
    cr_assert_str_eq(jstr(json_array_get(due, 2), "status"), "broken");
    cr_assert_eq(jint(json_array_get(due, 1), "target"), 3);
    cr_assert_str_eq(jstr(json_array_get(due, 1), "metric"), "calls");
    cr_assert_eq(json_array_size(json_object_get(r.json, "promises_given")), 0);
    vo_test_resp_free(&r);

    /* the record: March 2 kept + 1 broken = 2/3; April none */
    r = as(head, "GET",
           vo_api_fmt(BASE "/record?user_id=%lld&from_month=2021-03&to_month=2021-04", a), NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    json_t *months = json_object_get(r.json, "months");
    cr_assert_eq(json_array_size(months), 2);
    json_t *mar = json_array_get(months, 0), *apr = json_array_get(months, 1);
    cr_assert_str_eq(jstr(mar, "month"), "2021-03");
    cr_assert_eq(jint(mar, "kept"), 2);
    cr_assert_eq(jint(mar, "broken"), 1);
    cr_assert_eq(jint(mar, "open"), 0);
    cr_assert_float_eq(json_real_value(json_object_get(mar, "pct")), 2.0 / 3.0, 1e-12);
    cr_assert(json_is_null(json_object_get(apr, "pct")));
    vo_test_resp_free(&r);
    vo_api_expect(head, "GET", BASE "/record?from_month=2021-03&to_month=2024-04", NULL, 422,
                  "to_month", "37 months");
    vo_api_expect(head, "GET", BASE "/record?from_month=2021-13", NULL, 422, "from_month", NULL);

    /* whose: boris sees none of anna's; lists filter by status */
    cr_assert_eq(vo_api_items(boris, BASE), 0);
    vo_api_expect(boris, "GET", one(kp, ""), NULL, 404, "id", NULL);
    cr_assert_eq(vo_api_items(anna, BASE), 4);
    cr_assert_eq(vo_api_items(head, BASE "?status=kept"), 2);
    cr_assert_eq(vo_api_items(head, BASE "?status=open"), 1);
    cr_assert_eq(vo_api_items(head, vo_api_fmt(BASE "?meeting_id=%lld", (long long)m1)), 3);

    /* the weekly report of 15.03 (the week 08.03-14.03): anna's promises
     * due in it, 2 kept and 1 broken; the one due in 2200 is not there */
    r = as(head, "GET", "/api/v1/reports/weekly?date=2021-03-15&promises=1", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    json_t *block = json_object_get(r.json, "promises");
    cr_assert_str_eq(jstr(block, "from"), "2021-03-08");
    cr_assert_str_eq(jstr(block, "to"), "2021-03-14");
    json_t *rows = json_object_get(block, "rows");
    cr_assert_eq(json_array_size(rows), 1, "%s", r.body);
    json_t *ar = json_array_get(rows, 0);
    cr_assert_eq(jint(ar, "user_id"), a);
    cr_assert_str_eq(jstr(ar, "name"), "Анна Менеджер");
    cr_assert_eq(jint(ar, "kept"), 2);
    cr_assert_eq(jint(ar, "broken"), 1);
    cr_assert_eq(jint(ar, "open"), 0);
    cr_assert_float_eq(json_real_value(json_object_get(ar, "pct")), 2.0 / 3.0, 1e-12);
    vo_test_resp_free(&r);
    /* boris reads the same week: his own row only, and he has none */
    r = as(boris, "GET", "/api/v1/reports/weekly?date=2021-03-15&promises=1", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(json_array_size(json_object_get(json_object_get(r.json, "promises"), "rows")), 0);
    vo_test_resp_free(&r);
    /* without ?promises= the body is the CLI's: no block */
    r = as(head, "GET", "/api/v1/reports/weekly?date=2021-03-15", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_null(json_object_get(r.json, "promises"));
    vo_test_resp_free(&r);
}

Test(api_promises, who_records_and_bounds)
{
    const struct vo_test_login *head = vo_api_user("head"), *anna = vo_api_user("anna");
    const struct vo_test_login *viewer = vo_api_user("viewer");
    long long a = (long long)vo_api.manager_id, b = (long long)vo_api_boris_id;
    /* a manager records their own (user_id omitted: the actor) */
    int64_t own = vo_api_create(anna, BASE, "{\"text\":\"Перезвонить\",\"due_at\":\"2021-03-12\"}");
    struct vo_test_resp r = as(anna, "GET", one(own, ""), NULL);
    cr_assert_eq(jint(r.json, "user_id"), a);
    cr_assert_str_eq(jstr(r.json, "status"), "open");
    cr_assert(json_is_null(json_object_get(r.json, "metric")));
    vo_test_resp_free(&r);
    int64_t m = vo_api_create(head, "/api/v1/meetings",
                              "{\"kind\":\"daily\",\"scheduled_at\":\"2021-03-11T09:00\"}");
    vo_api_expect(head, "POST", vo_api_fmt("/api/v1/meetings/%lld/start", (long long)m), "{}", 200,
                  NULL, NULL);
    vo_api_expect(head, "POST", vo_api_fmt("/api/v1/meetings/%lld/close", (long long)m), "{}", 200,
                  NULL, NULL);
    const struct vo_api_case cases[] = {
        {anna, "POST", BASE,
         vo_api_fmt("{\"user_id\":%lld,\"text\":\"x\",\"due_at\":\"2021-03-12\"}", b), 403,
         "user_id", "a manager for another"},
        {viewer, "POST", BASE, "{\"text\":\"x\",\"due_at\":\"2021-03-12\"}", 403, NULL, NULL},
        {head, "POST", BASE, "{\"due_at\":\"2021-03-12\"}", 422, "text", NULL},
        {head, "POST", BASE, "{\"text\":\"x\"}", 422, "due_at", NULL},
        {head, "POST", BASE, "{\"text\":\"x\",\"due_at\":\"2021-02-30\"}", 422, "due_at", NULL},
        {head, "POST", BASE,
         "{\"text\":\"x\",\"due_at\":\"2021-03-12\",\"metric\":\"conversion\",\"target\":1}", 422,
         "metric", "a ratio is no promise"},
        {head, "POST", BASE, "{\"text\":\"x\",\"due_at\":\"2021-03-12\",\"metric\":\"calls\"}", 422,
         "target", NULL},
        {head, "POST", BASE,
         "{\"text\":\"x\",\"due_at\":\"2021-03-12\",\"metric\":\"calls\",\"target\":0}", 422,
         "target", NULL},
        {head, "POST", BASE,
         "{\"text\":\"x\",\"due_at\":\"2021-03-12\",\"target\":-9223372036854775808}", 422,
         "target", "the least integer is no absent target"},
        {head, "POST", BASE, "{\"text\":\"x\",\"due_at\":\"2021-03-12\",\"target\":5}", 422,
         "target", "a target without a metric"},
        {head, "POST", BASE, "{\"text\":\"x\",\"due_at\":\"2021-03-12\",\"deal_id\":999}", 422,
         "deal_id", NULL},
        {head, "POST", BASE, "{\"text\":\"x\",\"due_at\":\"2021-03-12\",\"user_id\":999}", 422,
         "user_id", NULL},
        {head, "POST", BASE,
         vo_api_fmt("{\"text\":\"x\",\"due_at\":\"2021-03-12\",\"meeting_id\":%lld}", (long long)m),
         409, "status", "a closed meeting"},
        {head, "GET", BASE "?status=maybe", NULL, 422, "status", NULL},
        {NULL, NULL, NULL, NULL, 0, NULL, NULL},
    };
    vo_api_expect_all(cases);
    char *longtext = vo_api_repeat("{\"text\":\"", "я", 501);
    char *body = g_strconcat(longtext, "\",\"due_at\":\"2021-03-12\"}", NULL);
    vo_api_expect(head, "POST", BASE, body, 422, "text", "501 characters");
    g_free(body);
    g_free(longtext);
}

/* A deal created at 2021-03-10 10:00 in "Новая", moved to "Переговоры"
 * at move_at (NULL: never), won or lost (close "/win", "/lose", NULL) at
 * 2021-03-12 12:00; every time pinned by SQL before any read loads the
 * dataset. */
static int64_t staged_deal(const char *title, const char *move_at, const char *close)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    int64_t d = vo_api_create(
        anna, "/api/v1/deals",
        vo_api_fmt("{\"title\":\"%s\",\"pipeline\":\"Продажи\",\"amount\":100}", title));
    int64_t neg = vo_api_deal(d).d.stage_id;
    if (move_at)
        vo_api_expect(anna, "POST", vo_api_deal_path(d, "/move"), "{\"stage\":\"Переговоры\"}", 200,
                      NULL, NULL);
    if (close)
        vo_api_expect(anna, "POST", vo_api_deal_path(d, close),
                      strcmp(close, "/lose") == 0 ? "{\"reason\":\"Дорого\"}" : "{}", 200, NULL,
                      NULL);
    vo_api_sql(vo_api_fmt(
        "UPDATE deals SET created_at = %lld, closed_at = CASE WHEN closed_at IS NULL THEN NULL "
        "ELSE %lld END WHERE id = %lld; UPDATE stage_changes SET at = CASE WHEN stage_id = %lld "
        "THEN %lld ELSE %lld END WHERE deal_id = %lld",
        (long long)instant("2021-03-10T10:00"), (long long)instant("2021-03-12T12:00"),
        (long long)d, (long long)neg, (long long)instant("2021-03-10T10:00"),
        (long long)(move_at ? instant(move_at) : 0), (long long)d));
    return d;
}

/*
 * A promise tied to a deal with a target stage ("Переговоры"), given on
 * 2021-03-11 09:10 and due on 2021-03-12 18:00, is checked by the clock
 * from the deal's stage history, as of the due instant:
 *   reached: moved to "Переговоры" on 12.03 12:00 (before 18:00): kept;
 *   late: moved on 13.03 10:00, at 12.03 18:00 still in "Новая" (an
 *     earlier stage): broken;
 *   won: won from "Новая" on 12.03 12:00: kept (a won deal passed every
 *     stage);
 *   lost: in "Переговоры" since 11.03 12:00, lost on 12.03 12:00: broken.
 */
Test(api_promises, deal_stage_checked_by_the_clock)
{
    const struct vo_test_login *head = vo_api_user("head");
    long long a = (long long)vo_api.manager_id;
    int64_t reached = staged_deal("Вовремя", "2021-03-12T12:00", NULL);
    int64_t late = staged_deal("Поздно", "2021-03-13T10:00", NULL);
    int64_t won = staged_deal("Выиграна", NULL, "/win");
    int64_t lost = staged_deal("Проиграна", "2021-03-11T12:00", "/lose");
    long long stage = (long long)vo_api_deal(reached).d.stage_id; /* "Переговоры" */
    int64_t p[4];
    const int64_t deals[4] = {reached, late, won, lost};
    for (size_t i = 0; i < 4; i++)
        p[i] = vo_api_create(head, BASE,
                             vo_api_fmt("{\"user_id\":%lld,\"text\":\"Договор\",\"due_at\":"
                                        "\"2021-03-12T18:00\",\"deal_id\":%lld,"
                                        "\"target_stage_id\":%lld}",
                                        a, (long long)deals[i], stage));
    vo_api_sql(vo_api_fmt("UPDATE promises SET created_at = %lld",
                          (long long)instant("2021-03-11T09:10")));

    cr_assert_str_eq(status_of(p[0]), "kept");
    cr_assert_str_eq(status_of(p[1]), "broken");
    cr_assert_str_eq(status_of(p[2]), "kept");
    cr_assert_str_eq(status_of(p[3]), "broken");
    cr_assert_eq(audit("promise.check"), 4); /* once each, by the system */
    struct vo_test_resp r = as(head, "GET", one(p[0], ""), NULL);
    cr_assert_eq(jint(r.json, "target_stage_id"), stage);
    cr_assert_eq(jint(r.json, "deal_id"), reached);
    vo_test_resp_free(&r);

    /* bounds: a stage needs a deal, of the deal's pipeline */
    int64_t opt = vo_api_create(head, "/api/v1/pipelines", "{\"name\":\"Опт\"}");
    vo_api_expect(head, "POST", vo_api_fmt("/api/v1/pipelines/%lld/stages", (long long)opt),
                  "{\"name\":\"Старт\"}", 201, NULL, NULL);
    int64_t other = vo_api_deal(vo_api_create(head, "/api/v1/deals",
                                              "{\"title\":\"Опт\",\"pipeline\":\"Опт\"}"))
                        .d.stage_id; /* "Старт" of "Опт" */
    const struct vo_api_case cases[] = {
        {head, "POST", BASE,
         vo_api_fmt("{\"text\":\"x\",\"due_at\":\"2021-03-12\",\"target_stage_id\":%lld}", stage),
         422, "target_stage_id", "a stage without a deal"},
        {head, "POST", BASE,
         vo_api_fmt("{\"text\":\"x\",\"due_at\":\"2021-03-12\",\"deal_id\":%lld,"
                    "\"target_stage_id\":%lld}",
                    (long long)reached, (long long)other),
         422, "target_stage_id", "another pipeline's stage"},
        {head, "POST", BASE,
         vo_api_fmt("{\"text\":\"x\",\"due_at\":\"2021-03-12\",\"deal_id\":%lld,"
                    "\"target_stage_id\":999999}",
                    (long long)reached),
         422, "target_stage_id", "no such stage"},
        {head, "POST", BASE,
         vo_api_fmt("{\"text\":\"x\",\"due_at\":\"2021-03-12\",\"deal_id\":%lld,"
                    "\"target_stage_id\":-1}",
                    (long long)reached),
         422, "target_stage_id", "not an id"},
        {NULL, NULL, NULL, NULL, 0, NULL, NULL},
    };
    vo_api_expect_all(cases);
}

/* The reminder tick settles promises nobody reads: a promise "calls >= 1"
 * due on 2021-03-12 18:00 (no call of its owner at all: fact 0 < 1) is
 * broken within a few ticks of 100 ms, without a request; one due in 2200
 * stays open. Both stored before the server starts. */
static int64_t tick_due, tick_later;

static void extra_tick(struct vo_store *st, struct vo_svc *svc)
{
    struct vo_user *u = NULL;
    size_t n = 0;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_user_list(st, svc->org.id, vo_api_arena(), &u, &n, &e), VO_OK, "%s",
                 e.msg);
    cr_assert_gt(n, 0);
    struct vo_promise p = {.org_id = svc->org.id,
                           .user_id = u[0].id,
                           .text = "Звонок",
                           .due_at = instant("2021-03-12T18:00"),
                           .metric = "calls",
                           .target = 1,
                           .created_at = instant("2021-03-11T09:10")};
    cr_assert_eq(vo_store_promise_insert(st, &p, &e), VO_OK, "%s", e.msg);
    tick_due = p.id;
    p.due_at = instant("2200-01-01T00:00");
    cr_assert_eq(vo_store_promise_insert(st, &p, &e), VO_OK, "%s", e.msg);
    tick_later = p.id;
}

static void setup_tick(void)
{
    struct vo_server_opts o = {.threads = 2, .body_limit = 64 * 1024, .remind_ms = 100};
    vo_api_start(&o, extra_tick);
}

TestSuite(api_promises_tick, .init = setup_tick, .fini = vo_api_stop, .timeout = 60);

/* The stored status of promise id (no request: no read-time check). */
static const char *stored_status(int64_t id)
{
    struct vo_store *st = vo_api_open(0);
    struct vo_error e = {0};
    struct vo_promise p;
    cr_assert_eq(vo_store_promise_get(st, vo_api.org_id, id, vo_api_arena(), &p, &e), VO_OK, "%s",
                 e.msg);
    vo_store_close(st);
    return p.status;
}

Test(api_promises_tick, the_tick_settles_promises_nobody_reads)
{
    for (int i = 0; i < 100 && strcmp(stored_status(tick_due), "open") == 0; i++)
        g_usleep(50 * 1000);
    cr_assert_str_eq(stored_status(tick_due), "broken");
    cr_assert_str_eq(stored_status(tick_later), "open");
    cr_assert_eq(audit("promise.check"), 1);
}
