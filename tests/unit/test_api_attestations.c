/*
 * test_api_attestations.c - attestation through the real HTTP server
 * (issue 14, item 6; docs/attestations.md): a test of four questions
 * scored by hand (single, multiple with no partial credit, a free answer
 * the head scores, which turns a fail into a pass), the pass mark, the
 * attempts refused past max_attempts, the time limit, a team's
 * assignment with its notifications, who sees whose scores (a manager
 * their own: 403 on another's collection, 404 on another's attempt), the
 * bounds naming the field, and the overdue attestations of the daily with
 * pinned dates.
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

TestSuite(api_attestations, .init = setup, .fini = vo_api_stop, .timeout = 120);

#define TESTS    "/api/v1/attestations"
#define ATTEMPTS "/api/v1/attestation-attempts"
#define RESULTS  "/api/v1/attestation-results"

static const char *test_path(int64_t id, const char *tail)
{
    return vo_api_fmt(TESTS "/%lld%s", (long long)id, tail);
}

static const char *attempt_path(int64_t id, const char *tail)
{
    return vo_api_fmt(ATTEMPTS "/%lld%s", (long long)id, tail);
}

static double jreal(const json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    cr_assert(json_is_number(v), "%s is not a number", key);
    return json_number_value(v);
}

/* Four questions, 12 points, pass mark 70%: 1 single (product, 2 points,
 * option 1), 2 multiple (crm, 3 points, options 0 and 2), 3 free
 * (selling, 5 points), 4 single (selling, 2 points, option 0). */
static int64_t four_questions(const char *title, int attempts, const char *time_limit)
{
    return vo_api_create(
        vo_api_user("head"), TESTS,
        vo_api_fmt(
            "{\"title\":\"%s\",\"description\":\"Продукт, CRM и продажи\",\"pass_pct\":70,"
            "\"max_attempts\":%d,\"time_limit\":%s,\"questions\":["
            "{\"topic\":\"product\",\"kind\":\"single\",\"text\":\"Сколько стоит тариф Старт?\","
            "\"options\":[\"990\",\"1490\",\"2990\"],\"correct\":[1],\"points\":2},"
            "{\"topic\":\"crm\",\"kind\":\"multiple\",\"text\":\"Что обязательно в сделке?\","
            "\"options\":[\"Сумма\",\"Цвет\",\"Следующий шаг\"],\"correct\":[2,0],\"points\":3},"
            "{\"topic\":\"selling\",\"kind\":\"free\",\"text\":\"Ответьте на «дорого»\","
            "\"points\":5},"
            "{\"topic\":\"selling\",\"kind\":\"single\",\"text\":\"Первый шаг звонка?\","
            "\"options\":[\"Приветствие\",\"Цена\"],\"correct\":[0],\"points\":2}]}",
            title, attempts, time_limit));
}

static void assign(int64_t t, int64_t user, const char *due)
{
    struct vo_test_resp r =
        as(vo_api_user("head"), "POST", test_path(t, "/assignments"),
           vo_api_fmt("{\"user_id\":%lld,\"due\":\"%s\"}", (long long)user, due));
    cr_assert_eq(r.status, 201, "%s", r.body);
    vo_test_resp_free(&r);
}

/* who starts an attempt at t: its id (201 for a new one). */
static int64_t start(const char *who, int64_t t, int status)
{
    return (int64_t)vo_api_int(vo_api_user(who), "POST", test_path(t, "/attempts"), "{}", status,
                               "id");
}

static json_t *answer(const char *who, int64_t p, const char *answers, int status)
{
    struct vo_test_resp r = as(vo_api_user(who), "POST", attempt_path(p, "/answers"),
                               vo_api_fmt("{\"answers\":%s}", answers));
    cr_assert_eq(r.status, status, "%s", r.body);
    json_t *j = json_incref(r.json);
    vo_test_resp_free(&r);
    return j;
}

static json_t *post_json(const char *who, const char *path, const char *body, int status)
{
    struct vo_test_resp r = as(vo_api_user(who), "POST", path, body);
    cr_assert_eq(r.status, status, "%s %s: %s", who, path, r.body);
    json_t *j = json_incref(r.json);
    vo_test_resp_free(&r);
    return j;
}

static json_t *topic(json_t *o, const char *name)
{
    json_t *t = json_object_get(o, "topics");
    for (size_t i = 0; i < json_array_size(t); i++)
        if (strcmp(jstr(json_array_get(t, i), "topic"), name) == 0)
            return json_array_get(t, i);
    cr_assert_fail("no topic %s", name);
    return NULL;
}

Test(api_attestations, scored_by_hand_and_a_free_answer_by_the_head)
{
    int64_t t = four_questions("Аттестация ноября", 3, "null");
    assign(t, vo_api.manager_id, "2026-11-30");
    int64_t p = start("anna", t, 201);
    cr_assert_eq(start("anna", t, 200), p, "an open attempt is answered again, not a new one");

    /* the taker sees the questions without the correct answers */
    json_t *o = vo_api_get_json("manager", attempt_path(p, ""), 200);
    json_t *q = json_object_get(o, "questions");
    cr_assert_eq(json_array_size(q), 4);
    cr_assert(json_is_null(json_object_get(json_array_get(q, 0), "correct")));
    cr_assert_str_eq(jstr(o, "state"), "open");
    cr_assert_eq(jint(o, "max_score"), 12);
    json_decref(o);

    /* 1 right (2), 2 one of the two (no partial credit: 0), 3 a text, 4
     * right (2): 4 of 12 and the free answer to score */
    json_decref(answer("anna", p,
                       "[{\"position\":1,\"choice\":[1]},{\"position\":2,\"choice\":[0]},"
                       "{\"position\":3,\"text\":\"Сравним с ценой ошибки\"},"
                       "{\"position\":4,\"choice\":[0]}]",
                       200));
    o = post_json("anna", attempt_path(p, "/submit"), "{}", 200);
    cr_assert_eq(jint(o, "score"), 4);
    cr_assert_eq(jint(o, "pending"), 1);
    cr_assert(json_is_null(json_object_get(o, "passed")));
    cr_assert_str_eq(jstr(o, "state"), "to_score");
    json_t *a = json_object_get(o, "answers");
    cr_assert_eq(jint(json_array_get(a, 0), "points"), 2);
    cr_assert_eq(jint(json_array_get(a, 1), "points"), 0);
    cr_assert(json_is_null(json_object_get(json_array_get(a, 2), "points")));
    json_decref(o);

    /* the head's list of answers to score */
    json_t *pending = vo_api_list(vo_api_user("head"), ATTEMPTS "?pending=1", 1);
    cr_assert_eq(jint(json_array_get(pending, 0), "id"), p);
    json_decref(pending);

    /* 4 of 5: 8 / 12 = 66.7% < 70: failed */
    o = post_json("head", attempt_path(p, "/score"),
                  "{\"scores\":[{\"position\":3,\"points\":4,\"comment\":\"Без вопроса\"}]}", 200);
    cr_assert_eq(jint(o, "score"), 8);
    cr_assert_eq(jreal(o, "pct"), 66.7);
    cr_assert(json_is_false(json_object_get(o, "passed")));
    cr_assert_str_eq(jstr(o, "state"), "failed");
    json_decref(o);
    /* 5 of 5: 9 / 12 = 75%: passed */
    o = post_json("head", attempt_path(p, "/score"),
                  "{\"scores\":[{\"position\":3,\"points\":5,\"comment\":\"Отлично\"}]}", 200);
    cr_assert_eq(jint(o, "score"), 9);
    cr_assert_eq(jreal(o, "pct"), 75.0);
    cr_assert(json_is_true(json_object_get(o, "passed")));
    cr_assert_eq(jint(topic(o, "product"), "earned"), 2);
    cr_assert_eq(jint(topic(o, "crm"), "earned"), 0);
    cr_assert_eq(jint(topic(o, "crm"), "possible"), 3);
    cr_assert_eq(jint(topic(o, "selling"), "earned"), 7);
    cr_assert_eq(jint(topic(o, "selling"), "possible"), 7);
    cr_assert_str_eq(jstr(json_array_get(json_object_get(o, "answers"), 2), "comment"), "Отлично");
    json_decref(o);

    /* anna's own results: per test and per topic */
    o = vo_api_get_json("manager", RESULTS, 200);
    json_t *rows = json_object_get(o, "results");
    cr_assert_eq(json_array_size(rows), 1);
    cr_assert_eq(jint(json_array_get(rows, 0), "attempts"), 1);
    cr_assert_eq(jreal(json_array_get(rows, 0), "best_pct"), 75.0);
    cr_assert(json_is_true(json_object_get(json_array_get(rows, 0), "passed")));
    cr_assert_eq(json_array_size(json_object_get(o, "topics")), 3);
    cr_assert_eq(jint(topic(o, "selling"), "earned"), 7);
    json_decref(o);
    /* the head sees the correct answers; the audit has the score */
    o = vo_api_get_json("head", test_path(t, ""), 200);
    cr_assert_eq(json_array_size(json_object_get(json_array_get(json_object_get(o, "questions"), 1),
                                                 "correct")),
                 2);
    cr_assert_eq(jint(o, "attempts"), 1);
    json_decref(o);
    cr_assert_eq(vo_api_audit("attestation_attempt.score", "attestation_attempt", -1), 2);
}

Test(api_attestations, max_attempts_and_the_time_limit)
{
    int64_t t = four_questions("Быстрый тест", 1, "10");
    assign(t, vo_api.manager_id, "2026-11-30");
    int64_t p = start("anna", t, 201);
    json_t *o = vo_api_get_json("manager", attempt_path(p, ""), 200);
    cr_assert(json_is_string(json_object_get(o, "deadline")), "a time limit sets a deadline");
    json_decref(o);
    /* the deadline passed (moved back in the store): answers are refused,
     * the submit closes it with what was saved */
    json_decref(answer("anna", p, "[{\"position\":1,\"choice\":[1]}]", 200));
    vo_api_sql(vo_api_fmt("UPDATE attestation_attempts SET deadline = started_at - 60 WHERE id = "
                          "%lld",
                          (long long)p));
    vo_api_expect(vo_api_user("anna"), "POST", attempt_path(p, "/answers"),
                  "{\"answers\":[{\"position\":4,\"choice\":[0]}]}", 409, "time_limit",
                  "past the time limit");
    o = post_json("anna", attempt_path(p, "/submit"), "{}", 200);
    /* question 1 only (2 points); the free answer was empty: 0 at once */
    cr_assert_eq(jint(o, "score"), 2);
    cr_assert_eq(jint(o, "pending"), 0);
    cr_assert_str_eq(jstr(o, "state"), "failed");
    json_decref(o);
    vo_api_expect(vo_api_user("anna"), "POST", test_path(t, "/attempts"), "{}", 409, "max_attempts",
                  "the only attempt is used");
    vo_api_expect(vo_api_user("anna"), "POST", attempt_path(p, "/submit"), "{}", 409, "id",
                  "submitted once");
}

Test(api_attestations, who_sees_whose_scores)
{
    int64_t t = four_questions("Доступ", 3, "null");
    int64_t other = four_questions("Не назначен", 3, "null");
    assign(t, vo_api.manager_id, "2026-11-30");
    assign(t, vo_api_boris_id, "2026-11-30");
    int64_t pa = start("anna", t, 201), pb = start("boris", t, 201);
    json_decref(post_json("boris", attempt_path(pb, "/submit"), "{}", 200));
    const struct vo_test_login *anna = vo_api_user("anna"), *boris = vo_api_user("boris"),
                               *viewer = vo_api_user("viewer"), *head = vo_api_user("head");
    const char *mk = "{\"title\":\"x\",\"questions\":[{\"topic\":\"crm\",\"kind\":\"free\","
                     "\"text\":\"y\",\"points\":1}]}";
    vo_api_expect_all((const struct vo_api_case[]){
        {anna, "GET", attempt_path(pb, ""), NULL, 404, "id", "another manager's attempt"},
        {boris, "GET", attempt_path(pa, ""), NULL, 404, "id", "and the other way"},
        {anna, "GET", vo_api_fmt(ATTEMPTS "?user_id=%lld", (long long)vo_api_boris_id), NULL, 403,
         "user_id", "another's attempts"},
        {anna, "GET", vo_api_fmt(RESULTS "?user_id=%lld", (long long)vo_api_boris_id), NULL, 403,
         "user_id", "another's results"},
        {anna, "GET", test_path(t, "/assignments"), NULL, 403, NULL, "everyone's assignments"},
        {anna, "GET", test_path(other, ""), NULL, 404, "id", "a test not assigned to her"},
        {anna, "POST", test_path(other, "/attempts"), "{}", 404, "id", "nor taken"},
        {anna, "POST", TESTS, mk, 403, NULL, "a manager writes no test"},
        {anna, "POST", test_path(t, "/assignments"), "{\"user_id\":1,\"due\":\"2026-12-01\"}", 403,
         NULL, "nor assigns"},
        {anna, "POST", attempt_path(pb, "/score"), "{\"scores\":[{\"position\":3,\"points\":1}]}",
         403, NULL, "nor scores"},
        {anna, "POST", attempt_path(pb, "/answers"), "{\"answers\":[{\"position\":1}]}", 404, "id",
         "nor answers another's"},
        {head, "POST", attempt_path(pa, "/answers"), "{\"answers\":[{\"position\":1}]}", 403, NULL,
         "the head does not answer for anna"},
        {viewer, "POST", test_path(t, "/attempts"), "{}", 403, NULL, "a viewer takes none"},
        {viewer, "GET", attempt_path(pb, ""), NULL, 200, NULL, "a viewer reads the scores"},
        {head, "GET", attempt_path(pa, ""), NULL, 200, NULL, "the head reads anna's"},
        {0}});
    /* a manager's lists are her own */
    json_t *v = vo_api_list(anna, ATTEMPTS, 1);
    cr_assert_eq(jint(json_array_get(v, 0), "id"), pa);
    json_decref(v);
    v = vo_api_list(anna, TESTS, 1);
    cr_assert_eq(jint(json_array_get(v, 0), "id"), t);
    cr_assert(json_is_null(json_object_get(
        json_array_get(json_object_get(json_array_get(v, 0), "questions"), 0), "correct")));
    json_decref(v);
    v = vo_api_list(head, ATTEMPTS, 2);
    json_decref(v);
    json_t *o = vo_api_get_json("head", RESULTS, 200);
    cr_assert_eq(json_array_size(json_object_get(o, "results")), 2);
    json_decref(o);
}

Test(api_attestations, bad_input_names_the_field)
{
    const struct vo_test_login *head = vo_api_user("head");
    const char *q1 = "{\"topic\":\"crm\",\"kind\":\"single\",\"text\":\"?\",\"options\":[\"a\","
                     "\"b\"],\"correct\":[0],\"points\":1}";
    char *long2001 = vo_api_repeat("", "щ", 2001);
    vo_api_expect_all((const struct vo_api_case[]){
        {head, "POST", TESTS, vo_api_fmt("{\"title\":\"\",\"questions\":[%s]}", q1), 422, "title",
         "no title"},
        {head, "POST", TESTS,
         vo_api_fmt("{\"title\":\"a\",\"description\":1,\"questions\":[%s]}", q1), 422,
         "description", "a number for a text"},
        {head, "POST", TESTS,
         vo_api_fmt("{\"title\":\"a\",\"description\":\"%s\",\"questions\":[%s]}", long2001, q1),
         422, "description", "a 2001-character description"},
        {head, "POST", TESTS, vo_api_fmt("{\"title\":\"a\",\"pass_pct\":0,\"questions\":[%s]}", q1),
         422, "pass_pct", "pass mark 0"},
        {head, "POST", TESTS,
         vo_api_fmt("{\"title\":\"a\",\"max_attempts\":11,\"questions\":[%s]}", q1), 422,
         "max_attempts", "11 attempts"},
        {head, "POST", TESTS,
         vo_api_fmt("{\"title\":\"a\",\"time_limit\":0,\"questions\":[%s]}", q1), 422, "time_limit",
         "a time limit of 0"},
        {head, "POST", TESTS, "{\"title\":\"a\",\"questions\":[]}", 422, "questions",
         "no questions"},
        {head, "POST", TESTS,
         vo_api_fmt("{\"title\":\"a\",\"questions\":[%s,{\"topic\":\"math\",\"kind\":\"free\","
                    "\"text\":\"?\",\"points\":1}]}",
                    q1),
         422, "questions[1].topic", "an unknown topic"},
        {head, "POST", TESTS,
         "{\"title\":\"a\",\"questions\":[{\"topic\":\"crm\",\"kind\":\"single\",\"text\":\"?\","
         "\"options\":[\"a\"],\"correct\":[0],\"points\":1}]}",
         422, "questions[0].options", "one option"},
        {head, "POST", TESTS,
         "{\"title\":\"a\",\"questions\":[{\"topic\":\"crm\",\"kind\":\"single\",\"text\":\"?\","
         "\"options\":[\"a\",\"b\"],\"correct\":[0,1],\"points\":1}]}",
         422, "questions[0].correct", "two correct of a single choice"},
        {head, "POST", TESTS,
         "{\"title\":\"a\",\"questions\":[{\"topic\":\"crm\",\"kind\":\"multiple\",\"text\":\"?\","
         "\"options\":[\"a\",\"b\"],\"correct\":[2],\"points\":1}]}",
         422, "questions[0].correct", "no option 2"},
        {head, "POST", TESTS,
         "{\"title\":\"a\",\"questions\":[{\"topic\":\"crm\",\"kind\":\"free\",\"text\":\"?\","
         "\"points\":101}]}",
         422, "questions[0].points", "101 points"},
        {0}});
    g_free(long2001);
    int64_t t = four_questions("Границы", 3, "null");
    vo_api_expect_all((const struct vo_api_case[]){
        {head, "POST", TESTS,
         "{\"title\":\"Границы\",\"questions\":[{\"topic\":\"crm\",\"kind\":\"free\","
         "\"text\":\"?\",\"points\":1}]}",
         409, "title", "a title taken"},
        {head, "POST", test_path(t, "/assignments"), "{\"user_id\":2,\"due\":\"30.11.2026\"}", 422,
         "due", "not a date"},
        {head, "POST", test_path(t, "/assignments"),
         vo_api_fmt("{\"user_id\":%lld,\"due\":\"2026-11-30\"}", (long long)vo_api.viewer_id), 422,
         "user_id", "a viewer is not attested"},
        {0}});
    assign(t, vo_api.manager_id, "2026-11-30");
    int64_t p = start("anna", t, 201);
    vo_api_expect_all((const struct vo_api_case[]){
        {vo_api_user("anna"), "POST", attempt_path(p, "/answers"),
         "{\"answers\":[{\"position\":1,\"choice\":[3]}]}", 422, "answers[0].choice",
         "no option 3"},
        {vo_api_user("anna"), "POST", attempt_path(p, "/answers"),
         "{\"answers\":[{\"position\":9,\"choice\":[0]}]}", 422, "answers[0].position",
         "no question 9"},
        {head, "POST", attempt_path(p, "/score"), "{\"scores\":[{\"position\":3,\"points\":1}]}",
         409, "id", "not submitted yet"},
        {head, "PATCH", test_path(t, ""),
         "{\"questions\":[{\"topic\":\"crm\",\"kind\":\"free\",\"text\":\"?\",\"points\":1}]}", 409,
         "questions", "the questions of a test with an attempt"},
        {head, "PATCH", test_path(t, ""), "{\"pass_pct\":60}", 200, NULL, "its pass mark changes"},
        {0}});
    json_decref(answer("anna", p, "[{\"position\":3,\"text\":\"Ответ\"}]", 200));
    json_decref(post_json("anna", attempt_path(p, "/submit"), "{}", 200));
    vo_api_expect(head, "POST", attempt_path(p, "/score"),
                  "{\"scores\":[{\"position\":3,\"points\":6}]}", 422, "scores[0].points",
                  "6 of 5 points");
    vo_api_expect(head, "POST", attempt_path(p, "/score"),
                  "{\"scores\":[{\"position\":1,\"points\":1}]}", 422, "scores[0].position",
                  "a choice question is scored automatically");
}

/* The daily's overdue attestations of the day asked (pinned dates). */
static json_t *daily_overdue(const char *role, const char *date)
{
    json_t *o = vo_api_get_json(role, vo_api_fmt("/api/v1/reports/daily?date=%s", date), 200);
    json_t *v = json_incref(json_object_get(o, "attestations_overdue"));
    json_decref(o);
    cr_assert(json_is_array(v));
    return v;
}

Test(api_attestations, a_team_assigned_and_overdue_in_the_daily)
{
    int64_t t = four_questions("Команда", 3, "null");
    int64_t team = vo_api_create(vo_api_user("admin"), "/api/v1/teams", "{\"name\":\"Север\"}");
    vo_api_sql(vo_api_fmt("UPDATE users SET team_id = %lld WHERE id IN (%lld, %lld)",
                          (long long)team, (long long)vo_api.manager_id,
                          (long long)vo_api_boris_id));
    json_t *o =
        post_json("head", test_path(t, "/assignments"),
                  vo_api_fmt("{\"team_id\":%lld,\"due\":\"2026-11-10\"}", (long long)team), 201);
    cr_assert_eq(json_array_size(json_object_get(o, "items")), 2, "anna and boris");
    json_decref(o);
    /* boris's due moves to the 20th: still one assignment each */
    assign(t, vo_api_boris_id, "2026-11-20");
    json_t *v = vo_api_list(vo_api_user("head"), test_path(t, "/assignments"), 2);
    json_decref(v);
    /* each assignee is told, with the due day */
    v = vo_api_list(vo_api_user("anna"), "/api/v1/notifications", SIZE_MAX);
    bool told = false;
    for (size_t i = 0; i < json_array_size(v); i++)
        told |= strcmp(jstr(json_array_get(v, i), "kind"), "attestation") == 0;
    cr_assert(told, "anna has the attestation's notification");
    json_decref(v);

    /* the 15th: anna's (due the 10th) is overdue, boris's not yet */
    v = daily_overdue("head", "2026-11-15");
    cr_assert_eq(json_array_size(v), 1);
    cr_assert_eq(jint(json_array_get(v, 0), "user_id"), vo_api.manager_id);
    cr_assert_str_eq(jstr(json_array_get(v, 0), "due"), "2026-11-10");
    cr_assert_str_eq(jstr(json_array_get(v, 0), "title"), "Команда");
    json_decref(v);
    v = daily_overdue("head", "2026-11-10");
    cr_assert_eq(json_array_size(v), 0, "due today is not overdue");
    json_decref(v);
    v = daily_overdue("head", "2026-11-25");
    cr_assert_eq(json_array_size(v), 2);
    json_decref(v);
    /* a manager's daily shows her own only */
    v = daily_overdue("manager", "2026-11-25");
    cr_assert_eq(json_array_size(v), 1);
    cr_assert_eq(jint(json_array_get(v, 0), "user_id"), vo_api.manager_id);
    json_decref(v);

    /* anna passes: hers is no longer overdue */
    int64_t p = start("anna", t, 201);
    json_decref(answer("anna", p,
                       "[{\"position\":1,\"choice\":[1]},{\"position\":2,\"choice\":[0,2]},"
                       "{\"position\":4,\"choice\":[0]}]",
                       200));
    o = post_json("anna", attempt_path(p, "/submit"), "{}", 200);
    /* 2 + 3 + 0 (the empty free answer) + 2 = 7 of 12 = 58.3%: failed */
    cr_assert_eq(jint(o, "score"), 7);
    cr_assert_str_eq(jstr(o, "state"), "failed");
    json_decref(o);
    v = daily_overdue("head", "2026-11-25");
    cr_assert_eq(json_array_size(v), 2, "a failed attempt leaves it overdue");
    json_decref(v);
    p = start("anna", t, 201);
    json_decref(answer("anna", p,
                       "[{\"position\":1,\"choice\":[1]},{\"position\":2,\"choice\":[2,0]},"
                       "{\"position\":3,\"text\":\"Ценность\"},{\"position\":4,\"choice\":[0]}]",
                       200));
    json_decref(post_json("anna", attempt_path(p, "/submit"), "{}", 200));
    json_decref(post_json("head", attempt_path(p, "/score"),
                          "{\"scores\":[{\"position\":3,\"points\":3}]}", 200));
    v = daily_overdue("head", "2026-11-25");
    cr_assert_eq(json_array_size(v), 1, "10 of 12 passed");
    cr_assert_eq(jint(json_array_get(v, 0), "user_id"), vo_api_boris_id);
    json_decref(v);
    v = vo_api_list(vo_api_user("anna"), "/api/v1/attestation-assignments", 1);
    cr_assert_str_eq(jstr(json_array_get(v, 0), "state"), "passed");
    cr_assert_eq(jint(json_array_get(v, 0), "attempts"), 2);
    json_decref(v);
    o = vo_api_get_json("manager", RESULTS, 200);
    json_t *row = json_array_get(json_object_get(o, "results"), 0);
    cr_assert_eq(jint(row, "attempts"), 2);
    cr_assert_eq(jreal(row, "best_pct"), 83.3);
    /* per topic: the latest scored attempt (10 of 12) */
    cr_assert_eq(jint(topic(o, "selling"), "earned"), 5);
    json_decref(o);
}
