/*
 * test_api_meetings.c - meetings and promises through the real HTTP
 * server (docs/meetings.md): a daily meeting planned, started (its report
 * frozen), its attendance, notes and decisions, closed (then final); the
 * frozen report unchanged after the data changes; who reads and who runs
 * a meeting; the agenda templates; promises recorded in a meeting, shown
 * as given there and as due at the next one; a metric promise kept and
 * one broken by the clock, one not yet due left open; the record by month.
 * Every date is pinned in 2021 (the org's zone, Europe/Moscow, UTC+3), so
 * the suite passes whatever today's date is.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "api_fixture.h"
#include "testutil.h"

static void setup(void)
{
    vo_api_start_crm(NULL, true, "Новая", "Переговоры", NULL);
}

TestSuite(api_meetings, .init = setup, .fini = vo_api_stop, .timeout = 120);

#define BASE "/api/v1/meetings"

static const char *one(int64_t id, const char *tail)
{
    return vo_api_fmt(BASE "/%lld%s", (long long)id, tail);
}

/* A daily meeting on 2021-03-11 09:00 Moscow with anna and boris. */
static int64_t plan_daily(const struct vo_test_login *head, const char *when)
{
    return vo_api_create(head, BASE,
                         vo_api_fmt("{\"kind\":\"daily\",\"scheduled_at\":\"%s\","
                                    "\"participants\":[%lld,%lld]}",
                                    when, (long long)vo_api.manager_id,
                                    (long long)vo_api_boris_id));
}

/* The review-day fact of metric in anna's row of a daily report. */
static double anna_review(const json_t *report, const char *metric)
{
    json_t *rows = json_object_get(report, "rows");
    for (size_t i = 0; i < json_array_size(rows); i++) {
        json_t *row = json_array_get(rows, i);
        const char *email = json_string_value(json_object_get(row, "email"));
        if (email && strcmp(email, "anna@example.com") == 0)
            return json_number_value(
                json_object_get(json_object_get(json_object_get(row, "review"), metric), "fact"));
    }
    cr_assert_fail("no row of anna in the report");
    return NAN;
}

Test(api_meetings, daily_meeting_start_freeze_protocol_close)
{
    const struct vo_test_login *head = vo_api_user("head"), *anna = vo_api_user("anna");
    const struct vo_test_login *viewer = vo_api_user("viewer");
    int64_t id = plan_daily(head, "2021-03-11T09:00:00+03:00");

    struct vo_test_resp r = as(head, "GET", one(id, ""), NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "kind"), "daily");
    cr_assert_str_eq(jstr(r.json, "status"), "planned");
    cr_assert_str_eq(jstr(r.json, "scheduled_at"), "2021-03-11T09:00:00+03:00");
    cr_assert_eq(jint(r.json, "limit_min"), 20); /* the daily default */
    cr_assert_eq(jint(r.json, "lead_id"), vo_api.head_id);
    json_t *agenda = json_object_get(r.json, "agenda");
    cr_assert_eq(json_array_size(agenda), 5);
    cr_assert_str_eq(jstr(json_array_get(agenda, 0), "text"), "Факт вчера");
    cr_assert_str_eq(jstr(json_array_get(agenda, 4), "text"), "Обещания");
    cr_assert_eq(json_array_size(json_object_get(r.json, "participants")), 2);
    cr_assert(json_is_null(json_object_get(r.json, "report")));
    /* no meeting before it: the promises due since 7 days before */
    cr_assert_str_eq(jstr(r.json, "promises_due_from"), "2021-03-04T09:00:00+03:00");
    vo_test_resp_free(&r);

    /* a participant and a viewer read it; a manager cannot run it */
    vo_api_expect(anna, "GET", one(id, ""), NULL, 200, NULL, NULL);
    vo_api_expect(viewer, "GET", one(id, ""), NULL, 200, NULL, NULL);
    vo_api_expect(anna, "POST", one(id, "/start"), NULL, 403, NULL, NULL);
    vo_api_expect(anna, "POST", BASE, "{\"kind\":\"daily\",\"scheduled_at\":\"2021-03-12\"}", 403,
                  NULL, NULL);
    vo_api_expect(head, "POST", one(id, "/close"), NULL, 409, "status", "close before start");

    /* started: the daily report of 2021-03-11 frozen in, as of the start */
    r = as(head, "POST", one(id, "/start"), NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "status"), "running");
    json_t *report = json_object_get(r.json, "report");
    cr_assert_str_eq(jstr(report, "kind"), "daily");
    cr_assert_str_eq(jstr(report, "date"), "2021-03-11");
    cr_assert_str_eq(jstr(json_object_get(report, "review"), "day"), "2021-03-10");
    cr_assert_eq(anna_review(report, "payments"), 0);
    char *frozen = json_dumps(report, JSON_SORT_KEYS);
    vo_test_resp_free(&r);
    vo_api_expect(head, "POST", one(id, "/start"), NULL, 409, "status", "started twice");

    /* the data changes after the start: anna's payment of 1 500,00 on the
     * review day 2021-03-10; the live report shows it, the frozen does not */
    int64_t deal = vo_api_create(
        anna, "/api/v1/deals", "{\"title\":\"Станки\",\"pipeline\":\"Продажи\",\"amount\":150000}");
    vo_api_create(anna, "/api/v1/payments",
                  vo_api_fmt("{\"amount\":150000,\"paid_at\":\"2021-03-10T12:00:00\","
                             "\"deal_id\":%lld}",
                             (long long)deal));
    r = as(head, "GET", "/api/v1/reports/daily?date=2021-03-11", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(anna_review(r.json, "payments"), 150000);
    vo_test_resp_free(&r);
    r = as(head, "GET", one(id, ""), NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    char *again = json_dumps(json_object_get(r.json, "report"), JSON_SORT_KEYS);
    cr_assert_str_eq(again, frozen, "the frozen report changed");
    vo_test_resp_free(&r);
    free(again);
    free(frozen);

    /* the protocol: attendance, a note, two decisions, one removed */
    r = as(
        head, "PUT", one(id, "/attendance"),
        vo_api_fmt("{\"user_id\":%lld,\"attendance\":\"present\"}", (long long)vo_api.manager_id));
    cr_assert_eq(r.status, 200, "%s", r.body);
    vo_test_resp_free(&r);
    r = as(head, "PUT", one(id, "/attendance"),
           vo_api_fmt("{\"user_id\":%lld,\"attendance\":\"absent\",\"reason\":\"Болеет\"}",
                      (long long)vo_api_boris_id));
    cr_assert_eq(r.status, 200, "%s", r.body);
    json_t *people = json_object_get(r.json, "participants");
    cr_assert_str_eq(jstr(json_array_get(people, 0), "attendance"), "present");
    cr_assert_str_eq(jstr(json_array_get(people, 1), "attendance"), "absent");
    cr_assert_str_eq(jstr(json_array_get(people, 1), "reason"), "Болеет");
    vo_test_resp_free(&r);
    vo_api_expect(
        head, "PUT", one(id, "/attendance"),
        vo_api_fmt("{\"user_id\":%lld,\"attendance\":\"present\"}", (long long)vo_api.viewer_id),
        404, "user_id", "not a participant");
    vo_api_expect(
        head, "PUT", one(id, "/attendance"),
        vo_api_fmt("{\"user_id\":%lld,\"attendance\":\"asleep\"}", (long long)vo_api.manager_id),
        422, "attendance", NULL);
    r = as(head, "PUT", one(id, "/notes"), "{\"item\":2,\"notes\":\"Анна: 5 звонков до обеда\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(jstr(json_array_get(json_object_get(r.json, "agenda"), 1), "notes"),
                     "Анна: 5 звонков до обеда");
    vo_test_resp_free(&r);
    vo_api_expect(head, "PUT", one(id, "/notes"), "{\"item\":6,\"notes\":\"x\"}", 404, "item",
                  "no sixth agenda item");
    vo_api_expect(head, "POST", one(id, "/decisions"), "{\"text\":\"Звонить до 11:00\"}", 201, NULL,
                  NULL);
    vo_api_expect(head, "POST", one(id, "/decisions"), "{\"text\":\"КП в тот же день\"}", 201, NULL,
                  NULL);
    r = as(head, "DELETE", one(id, "/decisions?index=1"), NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    json_t *dec = json_object_get(r.json, "decisions");
    cr_assert_eq(json_array_size(dec), 1);
    cr_assert_eq(jint(json_array_get(dec, 0), "index"), 1);
    cr_assert_str_eq(jstr(json_array_get(dec, 0), "text"), "КП в тот же день");
    vo_test_resp_free(&r);

    /* a promise given at the meeting */
    vo_api_create(head, "/api/v1/promises",
                  vo_api_fmt("{\"user_id\":%lld,\"text\":\"3 КП\",\"due_at\":"
                             "\"2021-03-12T18:00\",\"meeting_id\":%lld}",
                             (long long)vo_api.manager_id, (long long)id));

    /* closed: final */
    r = as(head, "POST", one(id, "/close"), NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "status"), "closed");
    cr_assert(json_is_string(json_object_get(r.json, "closed_at")));
    vo_test_resp_free(&r);
    vo_api_expect(head, "PUT", one(id, "/notes"), "{\"item\":1,\"notes\":\"поздно\"}", 409,
                  "status", "a closed protocol");
    vo_api_expect(head, "POST", one(id, "/decisions"), "{\"text\":\"поздно\"}", 409, "status",
                  NULL);

    /* the protocol: a message for a messenger, and its rows for XLSX */
    r = as(viewer, "GET", one(id, "/protocol?format=text"), NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(r.content_type, "text/plain; charset=utf-8");
    cr_assert_str_eq(r.body, "Планёрка 11.03.2021 (чт) 09:00, 20 мин\n"
                             "Присутствовали: Анна Менеджер\n"
                             "Отсутствовали: Борис Менеджер (Болеет)\n"
                             "\n"
                             "Повестка:\n"
                             "1. Факт вчера\n"
                             "2. План на сегодня — Анна: 5 звонков до обеда\n"
                             "3. Что повторить / чего не делать\n"
                             "4. Обучение или мотивация\n"
                             "5. Обещания\n"
                             "\n"
                             "Решения:\n"
                             "— КП в тот же день\n"
                             "\n"
                             "Обещания:\n"
                             "— Анна Менеджер: 3 КП до пт 12.03\n");
    vo_test_resp_free(&r);
    r = as(head, "GET", one(id, "/protocol"), NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    /* 2 participants + 5 agenda items + 1 decision + 1 promise */
    json_t *rows = json_object_get(r.json, "rows");
    cr_assert_eq(json_array_size(rows), 9);
    cr_assert_str_eq(jstr(json_array_get(rows, 1), "mark"), "отсутствовал(а)");
    cr_assert_str_eq(jstr(json_array_get(rows, 8), "section"), "Обещания");
    cr_assert_str_eq(jstr(json_array_get(rows, 8), "who"), "Анна Менеджер");
    vo_test_resp_free(&r);
    r = as(head, "GET", one(id, "/protocol?format=xlsx&lang=ru"), NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(r.content_type,
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    cr_assert(r.body_len > 1000 && memcmp(r.body, "PK", 2) == 0, "not a zip");
    vo_test_resp_free(&r);
    r = as(head, "GET", one(id, "/protocol?format=csv"), NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert(strstr(r.body, "Звонить до 11:00") == NULL); /* removed */
    cr_assert(strstr(r.body, "КП в тот же день"), "%s", r.body);
    vo_test_resp_free(&r);
}

Test(api_meetings, who_reads_which_meeting_and_bounds)
{
    const struct vo_test_login *head = vo_api_user("head"), *anna = vo_api_user("anna");
    const struct vo_test_login *boris = vo_api_user("boris");
    int64_t mine = vo_api_create(head, BASE,
                                 vo_api_fmt("{\"kind\":\"one_to_one\",\"scheduled_at\":"
                                            "\"2021-03-12T15:00:00\",\"participants\":[%lld]}",
                                            (long long)vo_api.manager_id));
    /* anna's one-to-one: boris neither reads nor lists it */
    vo_api_expect(boris, "GET", one(mine, ""), NULL, 404, "id", NULL);
    cr_assert_eq(vo_api_items(boris, BASE), 0);
    cr_assert_eq(vo_api_items(anna, BASE), 1);
    cr_assert_eq(vo_api_items(head, BASE "?kind=one_to_one"), 1);
    cr_assert_eq(vo_api_items(head, BASE "?kind=daily"), 0);
    cr_assert_eq(vo_api_items(head, BASE "?from=2021-03-13"), 0);
    cr_assert_eq(vo_api_items(head, BASE "?from=2021-03-12&to=2021-03-13"), 1);
    struct vo_test_resp r = as(head, "GET", one(mine, ""), NULL);
    cr_assert_eq(jint(r.json, "limit_min"), 30);
    vo_test_resp_free(&r);
    /* a one-to-one's report: that manager's plan-fact and hygiene */
    r = as(head, "POST", one(mine, "/start"), NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    json_t *rep = json_object_get(r.json, "report");
    cr_assert_str_eq(jstr(rep, "kind"), "one_to_one");
    cr_assert(json_is_object(json_object_get(rep, "plan_fact")));
    cr_assert(json_is_object(json_object_get(rep, "hygiene")));
    vo_test_resp_free(&r);

    static const struct vo_api_case cases[] = {
        {NULL, "POST", BASE, "{\"kind\":\"yearly\",\"scheduled_at\":\"2021-03-12\"}", 422, "kind",
         NULL},
        {NULL, "POST", BASE, "{\"kind\":\"daily\"}", 422, "scheduled_at", NULL},
        {NULL, "POST", BASE, "{\"kind\":\"daily\",\"scheduled_at\":\"2021-02-30\"}", 422,
         "scheduled_at", NULL},
        {NULL, "POST", BASE, "{\"kind\":\"daily\",\"scheduled_at\":\"2021-03-12\",\"limit_min\":0}",
         422, "limit_min", NULL},
        {NULL, "POST", BASE,
         "{\"kind\":\"daily\",\"scheduled_at\":\"2021-03-12\",\"limit_min\":481}", 422, "limit_min",
         NULL},
        {NULL, "POST", BASE,
         "{\"kind\":\"daily\",\"scheduled_at\":\"2021-03-12\",\"limit_min\":-9223372036854775808}",
         422, "limit_min", "the least integer is no absent limit"},
        {NULL, "POST", BASE, "{\"kind\":\"one_to_one\",\"scheduled_at\":\"2021-03-12\"}", 422,
         "participants", "a one-to-one without its manager"},
        {NULL, "POST", BASE,
         "{\"kind\":\"daily\",\"scheduled_at\":\"2021-03-12\",\"participants\":[999]}", 422,
         "participants", NULL},
        {NULL, "POST", BASE,
         "{\"kind\":\"daily\",\"scheduled_at\":\"2021-03-12\",\"participants\":\"all\"}", 422,
         "participants", NULL},
        {NULL, "GET", BASE "?kind=yearly", NULL, 422, "kind", NULL},
        {NULL, NULL, NULL, NULL, 0, NULL, NULL},
    };
    for (const struct vo_api_case *c = cases; c->method; c++)
        vo_api_expect(head, c->method, c->path, c->body, c->status, c->field, c->what);
    /* every manager by default */
    int64_t all =
        vo_api_create(head, BASE, "{\"kind\":\"weekly\",\"scheduled_at\":\"2021-03-15\"}");
    r = as(head, "GET", one(all, ""), NULL);
    cr_assert_eq(json_array_size(json_object_get(r.json, "participants")), 2);
    cr_assert_eq(jint(r.json, "limit_min"), 60);
    cr_assert_eq(json_array_size(json_object_get(r.json, "agenda")), 4);
    vo_test_resp_free(&r);
    /* rescheduled with If-Match */
    struct vo_test_resp u =
        vo_api_as_if(head, "PATCH", one(all, ""), "\"0\"", "{\"limit_min\":45}");
    cr_assert_eq(u.status, 200, "%s", u.body);
    cr_assert_eq(jint(u.json, "limit_min"), 45);
    vo_test_resp_free(&u);
    u = vo_api_as_if(head, "PATCH", one(all, ""), "\"0\"", "{\"limit_min\":50}");
    cr_assert_eq(u.status, 409, "%s", u.body);
    vo_test_resp_free(&u);
}

Test(api_meetings, templates_per_org)
{
    const struct vo_test_login *head = vo_api_user("head"), *anna = vo_api_user("anna");
    struct vo_test_resp r = as(anna, "GET", "/api/v1/meeting-templates", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    json_t *monthly = json_object_get(r.json, "monthly");
    cr_assert_eq(json_array_size(json_object_get(monthly, "items")), 3);
    cr_assert_str_eq(json_string_value(json_array_get(json_object_get(monthly, "items"), 0)),
                     "Официальный отчёт за месяц");
    cr_assert(json_is_false(json_object_get(monthly, "custom")));
    cr_assert_eq(jint(monthly, "limit_min"), 90);
    vo_test_resp_free(&r);
    vo_api_expect(anna, "PUT", "/api/v1/meeting-templates",
                  "{\"kind\":\"daily\",\"items\":[\"Факт\"]}", 403, NULL, NULL);
    vo_api_expect(head, "PUT", "/api/v1/meeting-templates", "{\"kind\":\"daily\",\"items\":[]}",
                  422, "items", NULL);
    vo_api_expect(head, "PUT", "/api/v1/meeting-templates",
                  "{\"kind\":\"daily\",\"items\":[\"a\\nb\"]}", 422, "items", NULL);
    r = as(head, "PUT", "/api/v1/meeting-templates",
           "{\"kind\":\"daily\",\"items\":[\"Факт\",\"План\"]}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert(json_is_true(json_object_get(json_object_get(r.json, "daily"), "custom")));
    vo_test_resp_free(&r);
    int64_t id = vo_api_create(head, BASE, "{\"kind\":\"daily\",\"scheduled_at\":\"2021-03-12\"}");
    r = as(head, "GET", one(id, ""), NULL);
    json_t *agenda = json_object_get(r.json, "agenda");
    cr_assert_eq(json_array_size(agenda), 2);
    cr_assert_str_eq(jstr(json_array_get(agenda, 1), "text"), "План");
    vo_test_resp_free(&r);
}
