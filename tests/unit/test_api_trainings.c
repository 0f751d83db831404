/*
 * test_api_trainings.c - training through the real HTTP server (issue 14,
 * item 4; docs/trainings.md): a training planned with its trainer,
 * materials and attendees (each attendee notified), held, attendance
 * marked, attendees changed (a kept one keeps their mark), cancelled; who
 * reads what (a manager the schedule and only their own attendance: 403 on
 * another's list), who writes (admin, head); the schedule's week and month
 * at a month's turn (pinned dates, the org's zone Europe/Moscow); the
 * training made from the reviews with its topic and attendees worked out by
 * hand; the weekly meeting's block; bad input naming the field.
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
    vo_api_start_crm(NULL, true, NULL);
}

TestSuite(api_trainings, .init = setup, .fini = vo_api_stop, .timeout = 120);

#define TRAININGS "/api/v1/trainings"

static const char *training(int64_t id)
{
    return vo_api_fmt(TRAININGS "/%lld", (long long)id);
}

static const char *attendance(int64_t id)
{
    return vo_api_fmt(TRAININGS "/%lld/attendance", (long long)id);
}

/* The attendance of user in training JSON t ("" when not listed). */
static const char *mark_of(const json_t *t, int64_t user)
{
    json_t *v = json_object_get(t, "attendees"), *p;
    size_t i;
    json_array_foreach(v, i, p)
    {
        if (jint(p, "user_id") == user)
            return jstr(p, "attendance");
    }
    return "";
}

/* A training of kind at `at` with attendees (a JSON list) as the head. */
static int64_t add_training(const char *topic, const char *at, const char *attendees)
{
    return vo_api_create(vo_api_user("head"), TRAININGS,
                         vo_api_fmt("{\"kind\":\"pair\",\"topic\":\"%s\",\"starts_at\":\"%s\","
                                    "\"attendees\":%s}",
                                    topic, at, attendees));
}

Test(api_trainings, planned_held_marked_cancelled)
{
    const struct vo_test_login *head = vo_api_user("head"), *anna = vo_api_user("anna");
    long long a = (long long)vo_api.manager_id, b = (long long)vo_api_boris_id;
    int64_t doc = vo_api_create(head, "/api/v1/documents",
                                "{\"kind\":\"script\",\"title\":\"Холодный звонок\","
                                "\"required\":false,\"body\":\"Добрый день\"}");
    int64_t id = vo_api_create(
        head, TRAININGS,
        vo_api_fmt("{\"kind\":\"pair\",\"topic\":\"Работа с возражением «дорого»\","
                   "\"description\":\"Разбираем звонки недели\",\"starts_at\":\"2026-11-24T15:00\","
                   "\"duration_min\":90,\"trainer_id\":%lld,\"place\":\"Переговорная 2\","
                   "\"materials\":[%lld],\"attendees\":[%lld,%lld]}",
                   (long long)vo_api.head_id, (long long)doc, a, b));
    struct vo_test_resp r = as(head, "GET", training(id), NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "status"), "planned");
    cr_assert_str_eq(jstr(r.json, "starts_at"), "2026-11-24T15:00:00+03:00");
    cr_assert_str_eq(jstr(r.json, "ends_at"), "2026-11-24T16:30:00+03:00");
    cr_assert_str_eq(jstr(r.json, "trainer"), "Ольга Руководитель");
    cr_assert_eq(jint(r.json, "attendees_count"), 2);
    cr_assert_str_eq(mark_of(r.json, vo_api.manager_id), "invited");
    cr_assert_str_eq(mark_of(r.json, vo_api_boris_id), "invited");
    json_t *m = json_array_get(json_object_get(r.json, "materials"), 0);
    cr_assert_eq(jint(m, "document_id"), doc);
    cr_assert_str_eq(jstr(m, "title"), "Холодный звонок");
    vo_test_resp_free(&r);
    /* anna is told, at the start */
    json_t *n = vo_api_list(anna, "/api/v1/notifications", SIZE_MAX);
    size_t i, told = 0;
    json_t *x;
    json_array_foreach(n, i, x)
    {
        if (strcmp(jstr(x, "kind"), "training") == 0 && jint(x, "object_id") == id) {
            told++;
            cr_assert_str_eq(jstr(x, "object"), "training");
            cr_assert_str_eq(jstr(x, "at"), "2026-11-24T15:00:00+03:00");
        }
    }
    json_decref(n);
    cr_assert_eq(told, 1);

    /* held; anna attended, boris absent */
    r = as(head, "PATCH", training(id), "{\"status\":\"held\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    vo_test_resp_free(&r);
    /* a null status is no change; the place given with it is */
    r = as(head, "PATCH", training(id), "{\"status\":null,\"place\":\"Переговорная 3\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "status"), "held");
    cr_assert_str_eq(jstr(r.json, "place"), "Переговорная 3");
    vo_test_resp_free(&r);
    r = as(head, "PUT", attendance(id),
           vo_api_fmt("{\"user_id\":%lld,\"attendance\":\"attended\"}", a));
    cr_assert_eq(r.status, 200, "%s", r.body);
    vo_test_resp_free(&r);
    r = as(head, "PUT", attendance(id),
           vo_api_fmt("{\"user_id\":%lld,\"attendance\":\"absent\"}", b));
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "status"), "held");
    cr_assert_str_eq(mark_of(r.json, vo_api.manager_id), "attended");
    cr_assert_str_eq(mark_of(r.json, vo_api_boris_id), "absent");
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_audit("training.attend", "training", vo_api.head_id), 2);
    cr_assert_eq(vo_api_audit("training.create", "training", vo_api.head_id), 1);

    /* boris taken off the list: anna keeps her mark, and is not told again */
    r = as(head, "PATCH", training(id), vo_api_fmt("{\"attendees\":[%lld]}", a));
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(jint(r.json, "attendees_count"), 1);
    cr_assert_str_eq(mark_of(r.json, vo_api.manager_id), "attended");
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_count("notifications"), 2, "one per invitation");
    /* boris back and the head added: only the head is told (boris was) */
    r = as(head, "PATCH", training(id),
           vo_api_fmt("{\"attendees\":[%lld,%lld,%lld]}", a, b, (long long)vo_api.head_id));
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(jint(r.json, "attendees_count"), 3);
    cr_assert_str_eq(mark_of(r.json, vo_api_boris_id), "invited");
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_count("notifications"), 3, "the head's invitation only");

    /* cancelled: no more marks */
    r = as(head, "PATCH", training(id), "{\"status\":\"cancelled\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    vo_test_resp_free(&r);
    vo_api_expect(head, "PUT", attendance(id),
                  vo_api_fmt("{\"user_id\":%lld,\"attendance\":\"absent\"}", a), 409, "status",
                  "a cancelled training takes no mark");
}

Test(api_trainings, who_reads_and_writes)
{
    const struct vo_test_login *anna = vo_api_user("anna"), *head = vo_api_user("head"),
                               *viewer = vo_api_user("viewer"), *admin = vo_api_user("admin"),
                               *boris = vo_api_user("boris@example.com");
    long long a = (long long)vo_api.manager_id, b = (long long)vo_api_boris_id;
    int64_t both = add_training("Продукт", "2026-11-24T10:00", vo_api_fmt("[%lld,%lld]", a, b));
    int64_t only_b = add_training("Скрипт", "2026-11-25T10:00", vo_api_fmt("[%lld]", b));
    const char *body = "{\"kind\":\"reading\",\"topic\":\"Книга\",\"starts_at\":\"2026-11-26\"}";
    struct vo_api_case cases[] = {
        {anna, "GET", training(only_b), NULL, 200, NULL, "the schedule is everyone's"},
        {anna, "GET", vo_api_fmt(TRAININGS "?user_id=%lld", b), NULL, 403, "user_id",
         "another manager's trainings"},
        {anna, "POST", TRAININGS, body, 403, NULL, "a manager plans none"},
        {anna, "PATCH", training(both), "{\"topic\":\"Моё\"}", 403, NULL, "nor changes one"},
        {anna, "PUT", attendance(both),
         vo_api_fmt("{\"user_id\":%lld,\"attendance\":\"attended\"}", a), 403, NULL,
         "nor marks herself"},
        {viewer, "POST", TRAININGS, body, 403, NULL, "a viewer writes nothing"},
        {admin, "POST", TRAININGS, body, 201, NULL, "an admin plans"},
        {NULL, NULL, NULL, NULL, 0, NULL, NULL},
    };
    vo_api_expect_all(cases);
    /* anna sees her own attendance only, and the count of all */
    struct vo_test_resp r = as(anna, "GET", training(both), NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(json_array_size(json_object_get(r.json, "attendees")), 1);
    cr_assert_str_eq(mark_of(r.json, vo_api.manager_id), "invited");
    cr_assert_eq(jint(r.json, "attendees_count"), 2);
    vo_test_resp_free(&r);
    r = as(anna, "GET", training(only_b), NULL);
    cr_assert_eq(json_array_size(json_object_get(r.json, "attendees")), 0);
    cr_assert_eq(jint(r.json, "attendees_count"), 1);
    vo_test_resp_free(&r);
    /* her own: the one she attends; the schedule: all three */
    json_t *v = vo_api_list(anna, vo_api_fmt(TRAININGS "?user_id=%lld", a), 1);
    cr_assert_eq(jint(json_array_get(v, 0), "id"), both);
    json_decref(v);
    cr_assert_eq(vo_api_items(anna, TRAININGS), 3);
    /* boris the same of his; a viewer and the head see everyone's */
    r = as(boris, "GET", training(both), NULL);
    cr_assert_eq(json_array_size(json_object_get(r.json, "attendees")), 1);
    cr_assert_str_eq(mark_of(r.json, vo_api_boris_id), "invited");
    vo_test_resp_free(&r);
    r = as(viewer, "GET", training(both), NULL);
    cr_assert_eq(json_array_size(json_object_get(r.json, "attendees")), 2);
    vo_test_resp_free(&r);
    v = vo_api_list(head, vo_api_fmt(TRAININGS "?user_id=%lld", b), 2);
    json_decref(v);
}

Test(api_trainings, the_week_and_month_at_a_month_turn)
{
    const struct vo_test_login *head = vo_api_user("head");
    /* Moscow time; the week of Monday 30 November 2026 */
    int64_t sun = add_training("Вс", "2026-11-29T23:30", "[]");
    int64_t mon = add_training("Пн", "2026-11-30T00:00", "[]");
    int64_t sun2 = add_training("Вс2", "2026-12-06T23:59", "[]");
    int64_t mon2 = add_training("Пн2", "2026-12-07T00:00", "[]");
    json_t *v = vo_api_list(head, TRAININGS "?from=2026-11-30&to=2026-12-07", 2);
    cr_assert_eq(jint(json_array_get(v, 0), "id"), mon);
    cr_assert_eq(jint(json_array_get(v, 1), "id"), sun2);
    json_decref(v);
    /* the month of December: from its first day to January's */
    v = vo_api_list(head, TRAININGS "?from=2026-12-01&to=2027-01-01", 2);
    cr_assert_eq(jint(json_array_get(v, 0), "id"), sun2);
    cr_assert_eq(jint(json_array_get(v, 1), "id"), mon2);
    json_decref(v);
    /* November: the two of its last days, by start */
    v = vo_api_list(head, TRAININGS "?from=2026-11-01&to=2026-12-01&kind=pair", 2);
    cr_assert_eq(jint(json_array_get(v, 0), "id"), sun);
    cr_assert_eq(jint(json_array_get(v, 1), "id"), mon);
    json_decref(v);
    json_decref(vo_api_list(head, TRAININGS "?from=2026-11-01&to=2026-12-01&kind=course", 0));
    vo_api_expect(head, "GET", TRAININGS "?kind=seminar", NULL, 422, "kind", "no such kind");
}

Test(api_trainings, from_the_reviews_by_hand)
{
    const struct vo_test_login *head = vo_api_user("head");
    int64_t c = vo_api_create(head, "/api/v1/review-checklists",
                              "{\"name\":\"Входящий звонок\",\"items\":["
                              "{\"text\":\"Приветствие и имя\",\"max_score\":2},"
                              "{\"text\":\"Выявление потребности\"},"
                              "{\"text\":\"Следующий шаг\",\"max_score\":1}]}");
    const char *rv = "{\"subject_id\":%lld,\"checklist_id\":%lld,\"reviewed_at\":\"%s\","
                     "\"scores\":%s}";
    long long a = (long long)vo_api.manager_id, b = (long long)vo_api_boris_id, k = (long long)c;
    vo_api_create(head, "/api/v1/reviews", vo_api_fmt(rv, a, k, "2026-10-15T11:00", "[2,1,0]"));
    vo_api_create(head, "/api/v1/reviews", vo_api_fmt(rv, a, k, "2026-11-10T11:00", "[2,2,1]"));
    vo_api_create(head, "/api/v1/reviews", vo_api_fmt(rv, b, k, "2026-11-12T15:00", "[1,0,1]"));
    /* item 2 (the weakest, 50%): anna (1 + 2) / 2 = 1.5 of 2, boris 0,
     * the team (1 + 2 + 0) / 3 = 1.0: boris alone is below */
    struct vo_test_resp r = as(
        head, "POST", TRAININGS "/from-reviews",
        vo_api_fmt("{\"checklist_id\":%lld,\"position\":2,\"starts_at\":\"2026-11-30T10:00\"}", k));
    cr_assert_eq(r.status, 201, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "topic"), "Выявление потребности");
    cr_assert_str_eq(jstr(r.json, "kind"), "negotiation_review");
    cr_assert_str_eq(jstr(r.json, "status"), "planned");
    cr_assert_str_eq(jstr(r.json, "starts_at"), "2026-11-30T10:00:00+03:00");
    cr_assert_eq(jint(r.json, "attendees_count"), 1);
    cr_assert_str_eq(mark_of(r.json, vo_api_boris_id), "invited");
    vo_test_resp_free(&r);
    /* item 3: anna (0 + 1) / 2 = 0.5, boris 1, the team 2/3: anna alone */
    r = as(head, "POST", TRAININGS "/from-reviews",
           vo_api_fmt("{\"checklist_id\":%lld,\"position\":3,\"starts_at\":\"2026-11-30\"}", k));
    cr_assert_eq(r.status, 201, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "topic"), "Следующий шаг");
    cr_assert_eq(jint(r.json, "attendees_count"), 1);
    cr_assert_str_eq(mark_of(r.json, vo_api.manager_id), "invited");
    vo_test_resp_free(&r);
    /* item 3 in November only: anna 1, boris 1, the team 1: nobody below */
    r = as(head, "POST", TRAININGS "/from-reviews",
           vo_api_fmt("{\"checklist_id\":%lld,\"position\":3,\"from\":\"2026-11-01\","
                      "\"to\":\"2026-12-01\",\"starts_at\":\"2026-11-30\"}",
                      k));
    cr_assert_eq(r.status, 201, "%s", r.body);
    cr_assert_eq(jint(r.json, "attendees_count"), 0);
    vo_test_resp_free(&r);
    struct vo_api_case cases[] = {
        {head, "POST", TRAININGS "/from-reviews",
         vo_api_fmt("{\"checklist_id\":%lld,\"position\":4}", k), 422, "position",
         "the checklist has 3 items"},
        {head, "POST", TRAININGS "/from-reviews",
         vo_api_fmt("{\"checklist_id\":%lld,\"position\":1,\"from\":\"2027-01-01\"}", k), 422,
         "position", "no review in the period"},
        {head, "POST", TRAININGS "/from-reviews", "{\"checklist_id\":999,\"position\":1}", 422,
         "checklist_id", "no such checklist"},
        {vo_api_user("anna"), "POST", TRAININGS "/from-reviews",
         vo_api_fmt("{\"checklist_id\":%lld,\"position\":1}", k), 403, NULL, "a manager's"},
        {NULL, NULL, NULL, NULL, 0, NULL, NULL},
    };
    vo_api_expect_all(cases);
}

Test(api_trainings, the_weekly_meetings_block)
{
    const struct vo_test_login *head = vo_api_user("head");
    int64_t weekly = vo_api_create(head, "/api/v1/meetings",
                                   "{\"kind\":\"weekly\",\"scheduled_at\":\"2026-11-30T10:00\"}");
    int64_t daily = vo_api_create(head, "/api/v1/meetings",
                                  "{\"kind\":\"daily\",\"scheduled_at\":\"2026-11-30T09:00\"}");
    int64_t t1 = add_training("Кейсы недели", "2026-12-02T16:00", "[]");
    add_training("Другое", "2026-12-03T16:00", "[]");
    struct vo_test_resp r =
        as(head, "PATCH", training(t1), vo_api_fmt("{\"meeting_id\":%lld}", (long long)weekly));
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(jint(r.json, "meeting_id"), weekly);
    vo_test_resp_free(&r);
    json_t *v = vo_api_list(head, vo_api_fmt(TRAININGS "?meeting_id=%lld", (long long)weekly), 1);
    cr_assert_eq(jint(json_array_get(v, 0), "id"), t1);
    json_decref(v);
    vo_api_expect(head, "PATCH", training(t1),
                  vo_api_fmt("{\"meeting_id\":%lld}", (long long)daily), 422, "meeting_id",
                  "a daily meeting has no training block");
    /* taken out of the block */
    r = as(head, "PATCH", training(t1), "{\"meeting_id\":null}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert(json_is_null(json_object_get(r.json, "meeting_id")));
    vo_test_resp_free(&r);
}

Test(api_trainings, bounds_name_the_field)
{
    const struct vo_test_login *head = vo_api_user("head");
    long long a = (long long)vo_api.manager_id;
    int64_t t = add_training("Продукт", "2026-11-24T10:00", vo_api_fmt("[%lld]", a));
    char *long201 = vo_api_repeat("", "щ", 201);
#define TR(extra) "{\"kind\":\"pair\",\"topic\":\"Т\",\"starts_at\":\"2026-11-24\"" extra "}"
    struct vo_api_case cases[] = {
        {head, "POST", TRAININGS,
         "{\"kind\":\"seminar\",\"topic\":\"Т\",\"starts_at\":\"2026-11-24\"}", 422, "kind",
         "no such kind"},
        {head, "POST", TRAININGS, "{\"kind\":\"pair\",\"topic\":\"\",\"starts_at\":\"2026-11-24\"}",
         422, "topic", "an empty topic"},
        {head, "POST", TRAININGS,
         vo_api_fmt("{\"kind\":\"pair\",\"topic\":\"%s\",\"starts_at\":\"2026-11-24\"}", long201),
         422, "topic", "201 characters"},
        {head, "POST", TRAININGS, "{\"kind\":\"pair\",\"topic\":\"Т\"}", 422, "starts_at",
         "no start"},
        {head, "POST", TRAININGS, "{\"kind\":\"pair\",\"topic\":\"Т\",\"starts_at\":\"вчера\"}",
         422, "starts_at", "not a time"},
        {head, "POST", TRAININGS, TR(",\"duration_min\":1441"), 422, "duration_min", "a day+"},
        {head, "POST", TRAININGS, TR(",\"duration_min\":-5"), 422, "duration_min", "negative"},
        {head, "POST", TRAININGS, TR(",\"duration_min\":0"), 422, "duration_min", "zero"},
        {head, "POST", TRAININGS, TR(",\"trainer_name\":\"Гость\""), 422, "trainer_name",
         "an external trainer of a pair training"},
        {head, "POST", TRAININGS,
         vo_api_fmt("{\"kind\":\"speaker\",\"topic\":\"Т\",\"starts_at\":\"2026-11-24\","
                    "\"trainer_id\":%lld,\"trainer_name\":\"Гость\"}",
                    a),
         422, "trainer_name", "both trainers"},
        {head, "POST", TRAININGS, TR(",\"trainer_id\":99999"), 422, "trainer_id", "no such user"},
        {head, "POST", TRAININGS, TR(",\"materials\":[99999]"), 422, "materials[0]",
         "no such document"},
        {head, "POST", TRAININGS, TR(",\"materials\":[\"x\"]"), 422, "materials[0]", "not an id"},
        {head, "POST", TRAININGS, vo_api_fmt(TR(",\"attendees\":[%lld,%lld]"), a, a), 422,
         "attendees[1]", "anna twice"},
        {head, "POST", TRAININGS, TR(",\"attendees\":[99999]"), 422, "attendees[0]",
         "no such user"},
        {head, "POST", TRAININGS, TR(",\"attendees\":5"), 422, "attendees", "not a list"},
        {head, "POST", TRAININGS, TR(",\"status\":\"done\""), 422, "status", "no such status"},
        {head, "POST", TRAININGS, TR(",\"meeting_id\":99999"), 422, "meeting_id",
         "no such meeting"},
        {head, "POST", TRAININGS, TR(",\"room\":\"1\""), 422, "room", "an unknown field"},
        {head, "POST", TRAININGS, TR(",\"place\":5"), 422, "place", "a number for a text"},
        {head, "PUT", attendance(t), vo_api_fmt("{\"user_id\":%lld,\"attendance\":\"late\"}", a),
         422, "attendance", "no such mark"},
        {head, "PUT", attendance(t),
         vo_api_fmt("{\"user_id\":%lld,\"attendance\":\"absent\"}", (long long)vo_api_boris_id),
         422, "user_id", "boris is not invited"},
        {head, "GET", training(99999), NULL, 404, "id", "no such training"},
        {NULL, NULL, NULL, NULL, 0, NULL, NULL},
    };
    vo_api_expect_all(cases);
    g_free(long201);
    /* a speaker with an external name is fine */
    int64_t s = vo_api_create(head, TRAININGS,
                              "{\"kind\":\"speaker\",\"topic\":\"Переговоры\",\"starts_at\":"
                              "\"2026-11-27T18:00\",\"trainer_name\":\"Иван Гость\"}");
    struct vo_test_resp r = as(head, "GET", training(s), NULL);
    cr_assert_str_eq(jstr(r.json, "trainer"), "Иван Гость");
    cr_assert(json_is_null(json_object_get(r.json, "trainer_id")));
    cr_assert_eq(jint(r.json, "duration_min"), 60);
    vo_test_resp_free(&r);
}
