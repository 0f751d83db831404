/*
 * test_api_reviews.c - call and negotiation reviews through the real HTTP
 * server (issue 14, item 5; docs/reviews.md): a checklist of three items
 * (max 2, 2, 1), two reviews of anna and one of boris, and the averages
 * worked out by hand; who reads whose reviews (a manager their own: 403
 * on another's list, 404 on another's review), who writes (the head; a
 * manager 403), the bounds naming the field (scores[i] out of range or
 * missing, an activity of another manager), a checklist in use keeps its
 * items, and the audit rows.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "api_fixture.h"
#include "http/http.h"
#include "testutil.h"

static void setup(void)
{
    vo_api_start_crm(NULL, true, NULL);
}

TestSuite(api_reviews, .init = setup, .fini = vo_api_stop, .timeout = 120);

#define REVIEWS    "/api/v1/reviews"
#define SUMMARY    "/api/v1/reviews/summary"
#define CHECKLISTS "/api/v1/review-checklists"

static const char *review(int64_t id)
{
    return vo_api_fmt(REVIEWS "/%lld", (long long)id);
}

static double jreal(const json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    cr_assert(json_is_number(v), "%s is not a number", key);
    return json_number_value(v);
}

/* A checklist of three items: 2, 2 (the default) and 1 points. */
static int64_t checklist(void)
{
    return vo_api_create(vo_api_user("head"), CHECKLISTS,
                         "{\"name\":\"Входящий звонок\",\"items\":["
                         "{\"text\":\"Приветствие и имя\",\"max_score\":2},"
                         "{\"text\":\"Выявление потребности\"},"
                         "{\"text\":\"Следующий шаг\",\"max_score\":1}]}");
}

/* The head's review of subject by checklist c at at with scores. */
static int64_t add_review(int64_t subject, int64_t c, const char *at, const char *scores)
{
    return vo_api_create(vo_api_user("head"), REVIEWS,
                         vo_api_fmt("{\"subject_id\":%lld,\"checklist_id\":%lld,"
                                    "\"reviewed_at\":\"%s\",\"scores\":%s,"
                                    "\"strengths\":\"Вежливо\",\"mistakes\":\"Не назначил "
                                    "встречу\",\"comment\":\"Потренировать закрытие\"}",
                                    (long long)subject, (long long)c, at, scores));
}

Test(api_reviews, the_averages_by_hand)
{
    const struct vo_test_login *head = vo_api_user("head");
    int64_t c = checklist();
    /* anna: [2,1,0] of [2,2,1] = 3/5 = 60%; [2,2,1] = 5/5 = 100%;
     * boris: [1,0,1] = 2/5 = 40% */
    int64_t r1 = add_review(vo_api.manager_id, c, "2026-10-15T11:00", "[2,1,0]");
    add_review(vo_api.manager_id, c, "2026-11-10T11:00", "[2,2,1]");
    add_review(vo_api_boris_id, c, "2026-11-12T15:00", "[1,0,1]");

    struct vo_test_resp r = as(head, "GET", review(r1), NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(jint(r.json, "score"), 3);
    cr_assert_eq(jint(r.json, "max_score"), 5);
    cr_assert_eq(jreal(r.json, "pct"), 60.0);
    cr_assert_str_eq(jstr(r.json, "kind"), "call");
    cr_assert_str_eq(jstr(r.json, "subject"), "Анна Менеджер");
    cr_assert_str_eq(jstr(r.json, "mistakes"), "Не назначил встречу");
    json_t *sc = json_object_get(r.json, "scores");
    cr_assert_eq(json_array_size(sc), 3);
    cr_assert_str_eq(jstr(json_array_get(sc, 1), "text"), "Выявление потребности");
    cr_assert_eq(jint(json_array_get(sc, 1), "score"), 1);
    cr_assert_eq(jint(json_array_get(sc, 1), "max_score"), 2, "the default max is 2");
    vo_test_resp_free(&r);

    r = as(head, "GET", SUMMARY "?from=2026-10-01&to=2026-12-01", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(jint(r.json, "count"), 3);
    /* (60 + 100 + 40) / 3 = 66.67 -> 66.7 */
    cr_assert_eq(jreal(r.json, "avg_pct"), 66.7);
    json_t *m = json_object_get(r.json, "managers");
    cr_assert_eq(json_array_size(m), 2);
    /* by name: Анна before Борис */
    cr_assert_eq(jint(json_array_get(m, 0), "user_id"), vo_api.manager_id);
    cr_assert_eq(jint(json_array_get(m, 0), "count"), 2);
    cr_assert_eq(jreal(json_array_get(m, 0), "avg_pct"), 80.0, "(60 + 100) / 2");
    cr_assert_eq(jint(json_array_get(m, 1), "user_id"), vo_api_boris_id);
    cr_assert_eq(jreal(json_array_get(m, 1), "avg_pct"), 40.0);
    /* per item, the mean of score / max: item 1 (2/2 + 2/2 + 1/2) / 3 =
     * 83.3%, avg score 5/3 = 1.7; item 2 (1/2 + 2/2 + 0/2) / 3 = 50%;
     * item 3 (0 + 1 + 1) / 3 = 66.7% */
    json_t *it = json_object_get(r.json, "items");
    cr_assert_eq(json_array_size(it), 3);
    cr_assert_eq(jreal(json_array_get(it, 0), "avg_pct"), 83.3);
    cr_assert_eq(jreal(json_array_get(it, 0), "avg_score"), 1.7);
    cr_assert_eq(jint(json_array_get(it, 0), "count"), 3);
    cr_assert_eq(jreal(json_array_get(it, 1), "avg_pct"), 50.0);
    cr_assert_eq(jreal(json_array_get(it, 2), "avg_pct"), 66.7);
    cr_assert_str_eq(jstr(json_array_get(it, 2), "checklist"), "Входящий звонок");
    /* the weakest first: item 2, item 3, item 1 */
    json_t *w = json_object_get(r.json, "weakest");
    cr_assert_eq(json_array_size(w), 3);
    cr_assert_eq(jint(json_array_get(w, 0), "position"), 2);
    cr_assert_str_eq(jstr(json_array_get(w, 0), "text"), "Выявление потребности");
    cr_assert_eq(jint(json_array_get(w, 1), "position"), 3);
    cr_assert_eq(jint(json_array_get(w, 2), "position"), 1);
    /* by month: October anna's 60; November (100 + 40) / 2 = 70 */
    json_t *mo = json_object_get(r.json, "months");
    cr_assert_eq(json_array_size(mo), 2);
    cr_assert_str_eq(jstr(json_array_get(mo, 0), "month"), "2026-10");
    cr_assert_eq(jreal(json_array_get(mo, 0), "avg_pct"), 60.0);
    cr_assert_str_eq(jstr(json_array_get(mo, 1), "month"), "2026-11");
    cr_assert_eq(jint(json_array_get(mo, 1), "count"), 2);
    cr_assert_eq(jreal(json_array_get(mo, 1), "avg_pct"), 70.0);
    vo_test_resp_free(&r);

    /* anna's trend alone; November only */
    r = as(head, "GET", vo_api_fmt(SUMMARY "?user_id=%lld", (long long)vo_api.manager_id), NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(jint(r.json, "user_id"), vo_api.manager_id);
    cr_assert_eq(jreal(r.json, "avg_pct"), 80.0);
    mo = json_object_get(r.json, "months");
    cr_assert_eq(json_array_size(mo), 2);
    cr_assert_eq(jreal(json_array_get(mo, 0), "avg_pct"), 60.0);
    cr_assert_eq(jreal(json_array_get(mo, 1), "avg_pct"), 100.0);
    vo_test_resp_free(&r);
    r = as(head, "GET", SUMMARY "?from=2026-11-01&to=2026-12-01", NULL);
    cr_assert_eq(jint(r.json, "count"), 2);
    cr_assert_eq(jreal(r.json, "avg_pct"), 70.0);
    vo_test_resp_free(&r);

    /* the list with its filters, newest first */
    json_t *v = vo_api_list(head, REVIEWS, 3);
    cr_assert_eq(jint(json_array_get(v, 2), "id"), r1);
    json_decref(v);
    v = vo_api_list(head, vo_api_fmt(REVIEWS "?user_id=%lld", (long long)vo_api_boris_id), 1);
    cr_assert_eq(jreal(json_array_get(v, 0), "pct"), 40.0);
    json_decref(v);
    json_decref(vo_api_list(head, REVIEWS "?from=2026-11-01&to=2026-11-11", 1));
    json_decref(vo_api_list(head, vo_api_fmt(REVIEWS "?checklist_id=%lld", (long long)c), 3));

    /* a change of the scores moves the figures; a delete removes them */
    vo_api_expect(head, "PATCH", review(r1), "{\"scores\":[2,2,0]}", 200, NULL, "rescored");
    r = as(head, "GET", review(r1), NULL);
    cr_assert_eq(jreal(r.json, "pct"), 80.0, "4/5");
    cr_assert_str_eq(jstr(r.json, "comment"), "Потренировать закрытие", "the rest stays");
    vo_test_resp_free(&r);
    vo_api_expect(head, "DELETE", review(r1), NULL, 200, NULL, "deleted");
    vo_api_expect(head, "GET", review(r1), NULL, 404, "id", "gone");
    cr_assert_eq(vo_api_audit("review.create", NULL, -1), 3);
    cr_assert_eq(vo_api_audit("review.update", NULL, -1), 1);
    cr_assert_eq(vo_api_audit("review.delete", NULL, -1), 1);
    cr_assert_eq(vo_api_audit("review_checklist.create", NULL, -1), 1);
    r = as(head, "GET", SUMMARY, NULL);
    cr_assert_eq(jint(r.json, "count"), 2, "the deleted review left the averages");
    cr_assert_eq(jint(json_array_get(json_object_get(r.json, "items"), 0), "count"), 2);
    cr_assert_eq(jreal(r.json, "avg_pct"), 70.0, "(100 + 40) / 2");
    vo_test_resp_free(&r);
}

Test(api_reviews, whose_reviews)
{
    const struct vo_test_login *anna = vo_api_user("anna"), *head = vo_api_user("head"),
                               *viewer = vo_api_user("viewer"), *admin = vo_api_user("admin"),
                               *boris = vo_api_user("boris@example.com");
    int64_t c = checklist();
    int64_t ra = add_review(vo_api.manager_id, c, "2026-11-10T11:00", "[2,1,0]");
    int64_t rb = add_review(vo_api_boris_id, c, "2026-11-12T15:00", "[1,0,1]");
    const char *body = vo_api_fmt("{\"subject_id\":%lld,\"checklist_id\":%lld,\"scores\":[1,1,1]}",
                                  (long long)vo_api_boris_id, (long long)c);
    struct vo_api_case cases[] = {
        {anna, "GET", review(ra), NULL, 200, NULL, "her own review"},
        {anna, "GET", review(rb), NULL, 404, "id", "another manager's review is not there"},
        {anna, "GET", vo_api_fmt(REVIEWS "?user_id=%lld", (long long)vo_api_boris_id), NULL, 403,
         "user_id", "another manager's list"},
        {anna, "GET", vo_api_fmt(SUMMARY "?user_id=%lld", (long long)vo_api_boris_id), NULL, 403,
         "user_id", "another manager's averages"},
        {anna, "POST", REVIEWS, body, 403, NULL, "a manager reviews nobody"},
        {anna, "PATCH", review(ra), "{\"comment\":\"Моё\"}", 403, NULL, "nor changes her own"},
        {anna, "DELETE", review(ra), NULL, 403, NULL, "nor deletes it"},
        {anna, "POST", CHECKLISTS, "{\"name\":\"x\",\"items\":[{\"text\":\"y\"}]}", 403, NULL,
         "a manager writes no checklist"},
        {anna, "GET", CHECKLISTS, NULL, 200, NULL, "but reads them"},
        {boris, "GET", review(ra), NULL, 404, "id", "boris does not see anna's"},
        {viewer, "GET", review(ra), NULL, 200, NULL, "a viewer reads"},
        {viewer, "POST", REVIEWS, body, 403, NULL, "a viewer writes nothing"},
        {admin, "POST", REVIEWS, body, 201, NULL, "an admin reviews"},
        {head, "GET", review(rb), NULL, 200, NULL, "the head reads every review"},
        {NULL, NULL, NULL, NULL, 0, NULL, NULL},
    };
    vo_api_expect_all(cases);
    /* a manager's own list and averages: hers only */
    json_t *v = vo_api_list(anna, REVIEWS, 1);
    cr_assert_eq(jint(json_array_get(v, 0), "id"), ra);
    json_decref(v);
    v = vo_api_list(anna, vo_api_fmt(REVIEWS "?user_id=%lld", (long long)vo_api.manager_id), 1);
    json_decref(v);
    struct vo_test_resp r = as(anna, "GET", SUMMARY, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(jint(r.json, "user_id"), vo_api.manager_id);
    cr_assert_eq(jint(r.json, "count"), 1);
    cr_assert_eq(json_array_size(json_object_get(r.json, "managers")), 1);
    cr_assert_eq(jreal(r.json, "avg_pct"), 60.0);
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_items(head, REVIEWS), 3);
    cr_assert_eq(vo_api_items(viewer, REVIEWS), 3);
}

Test(api_reviews, bounds_name_the_field)
{
    const struct vo_test_login *head = vo_api_user("head"), *anna = vo_api_user("anna"),
                               *boris = vo_api_user("boris@example.com");
    int64_t c = checklist();
    int64_t own = vo_api_create(anna, "/api/v1/activities",
                                "{\"type\":\"meeting\",\"at\":\"2026-11-05T12:00\"}");
    int64_t other = vo_api_create(boris, "/api/v1/activities", "{\"type\":\"call\"}");
    long long a = (long long)vo_api.manager_id, k = (long long)c;
#define RV(extra) vo_api_fmt("{\"subject_id\":%lld,\"checklist_id\":%lld" extra "}", a, k)
    char *long2001 = vo_api_repeat("", "щ", 2001);
    struct vo_api_case cases[] = {
        {head, "POST", REVIEWS, RV(",\"scores\":[2,3,0]"), 422, "scores[1]", "3 of 2"},
        {head, "POST", REVIEWS, RV(",\"scores\":[2,1,2]"), 422, "scores[2]", "2 of 1"},
        {head, "POST", REVIEWS, RV(",\"scores\":[-1,1,1]"), 422, "scores[0]", "below 0"},
        {head, "POST", REVIEWS, RV(",\"scores\":[2,1]"), 422, "scores[2]", "the third is missing"},
        {head, "POST", REVIEWS, RV(",\"scores\":[2,null,1]"), 422, "scores[1]", "null: missing"},
        {head, "POST", REVIEWS, RV(",\"scores\":[2,1,1,1]"), 422, "scores[3]", "one too many"},
        {head, "POST", REVIEWS, RV(",\"scores\":[2,\"1\",1]"), 422, "scores[1]", "a text"},
        {head, "POST", REVIEWS, RV(""), 422, "scores", "no scores"},
        {head, "POST", REVIEWS, RV(",\"scores\":[2,1,1],\"kind\":\"email\""), 422, "kind",
         "an e-mail is not reviewed"},
        {head, "POST", REVIEWS,
         RV(",\"scores\":[2,1,1],\"recording_url\":\"ftp://pbx.example.com/1.mp3\""), 422,
         "recording_url", "not http"},
        {head, "POST", REVIEWS, RV(",\"scores\":[2,1,1],\"recording_url\":\"https://\""), 422,
         "recording_url", "no host"},
        {head, "POST", REVIEWS,
         vo_api_fmt("{\"subject_id\":%lld,\"checklist_id\":%lld,\"scores\":[2,1,1],"
                    "\"activity_id\":%lld}",
                    a, k, (long long)other),
         422, "activity_id", "an activity of another manager"},
        {head, "POST", REVIEWS,
         vo_api_fmt("{\"subject_id\":%lld,\"checklist_id\":%lld,\"scores\":[2,1,1],"
                    "\"activity_id\":999999}",
                    a, k),
         422, "activity_id", "no such activity"},
        {head, "POST", REVIEWS,
         vo_api_fmt("{\"subject_id\":%lld,\"checklist_id\":%lld,\"scores\":[2,1,1]}",
                    (long long)vo_api.admin_id, k),
         422, "subject_id", "an admin is not reviewed"},
        {head, "POST", REVIEWS,
         vo_api_fmt("{\"subject_id\":%lld,\"checklist_id\":999999,\"scores\":[2,1,1]}", a), 422,
         "checklist_id", "no such checklist"},
        {head, "POST", REVIEWS,
         vo_api_fmt("{\"subject_id\":%lld,\"checklist_id\":%lld,\"scores\":[2,1,1],"
                    "\"comment\":\"%s\"}",
                    a, k, long2001),
         422, "comment", "2001 characters"},
        {head, "POST", REVIEWS, RV(",\"scores\":[2,1,1],\"mistakes\":[]"), 422, "mistakes",
         "a list for a text"},
        {head, "POST", CHECKLISTS, "{\"name\":\"Пусто\",\"items\":[]}", 422, "items", "no items"},
        {head, "POST", CHECKLISTS,
         "{\"name\":\"Много\",\"items\":[{\"text\":\"a\",\"max_score\":11}]}", 422,
         "items[0].max_score", "11 points"},
        {head, "POST", CHECKLISTS,
         "{\"name\":\"Ноль\",\"items\":[{\"text\":\"a\",\"max_score\":0}]}", 422,
         "items[0].max_score", "0 points"},
        {head, "POST", CHECKLISTS,
         "{\"name\":\"Текст\",\"items\":[{\"text\":\"a\"},{\"text\":\"\"}]}", 422, "items[1].text",
         "an empty item"},
        {head, "POST", CHECKLISTS, "{\"name\":\"Входящий звонок\",\"items\":[{\"text\":\"a\"}]}",
         409, "name", "the name is taken"},
        {NULL, NULL, NULL, NULL, 0, NULL, NULL},
    };
    vo_api_expect_all(cases);
    g_free(long2001);
    /* a text member of another type: the whole error (vo_req_texts) */
    struct vo_test_resp bad = as(head, "POST", REVIEWS, RV(",\"scores\":[2,1,1],\"strengths\":5"));
    cr_assert_eq(bad.status, 422, "%s", bad.body);
    json_t *err = json_object_get(bad.json, "error");
    cr_assert_str_eq(jstr(err, "field"), "strengths");
    cr_assert_str_eq(jstr(err, "message"), "strengths must be a string");
    cr_assert_str_eq(jstr(err, "message_id"), "http.must_be_string");
    cr_assert_str_eq(jstr(err, "message_ru"), "strengths должно быть строкой");
    vo_test_resp_free(&bad);
    /* her own meeting: kind and time from it */
    int64_t id = vo_api_create(head, REVIEWS,
                               vo_api_fmt("{\"subject_id\":%lld,\"checklist_id\":%lld,"
                                          "\"scores\":[0,0,0],\"activity_id\":%lld,"
                                          "\"recording_url\":\"https://pbx.example.com/r/7.mp3\"}",
                                          a, k, (long long)own));
    struct vo_test_resp r = as(head, "GET", review(id), NULL);
    cr_assert_str_eq(jstr(r.json, "kind"), "meeting");
    cr_assert_eq(jint(r.json, "activity_id"), own);
    cr_assert(strncmp(jstr(r.json, "reviewed_at"), "2026-11-05T12:00", 16) == 0, "%s", r.body);
    cr_assert_eq(jreal(r.json, "pct"), 0.0);
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_items(head, REVIEWS), 1, "nothing refused was written");
    /* a checklist in use keeps its items; its name and archive flag change */
    const char *cl = vo_api_fmt(CHECKLISTS "/%lld", k);
    vo_api_expect(head, "PATCH", cl, "{\"items\":[{\"text\":\"Другое\"}]}", 409, "items", "in use");
    vo_api_expect(head, "POST", CHECKLISTS, "{\"name\":\"Исходящий\",\"items\":[{\"text\":\"a\"}]}",
                  201, NULL, "another checklist");
    vo_api_expect(head, "PATCH", cl, "{\"name\":\"Исходящий\"}", 409, "name",
                  "renamed to a taken name");
    vo_api_expect(head, "PATCH", review(id), vo_api_fmt("{\"activity_id\":%lld}", (long long)other),
                  422, "activity_id", "a change to another manager's call");
    vo_api_expect(head, "PATCH", review(id), "{\"scores\":[0,0]}", 422, "scores[2]",
                  "a change misses a point");
    vo_api_expect(head, "PATCH", cl, "{\"name\":\"Входящий\",\"archived\":true}", 200, NULL,
                  "renamed, archived");
    vo_api_expect(head, "POST", REVIEWS, RV(",\"scores\":[1,1,1]"), 422, "checklist_id",
                  "an archived checklist takes no new review");
    int64_t c2 =
        vo_api_create(head, CHECKLISTS, "{\"name\":\"Новый\",\"items\":[{\"text\":\"a\"}]}");
    vo_api_expect(head, "PATCH", vo_api_fmt(CHECKLISTS "/%lld", (long long)c2),
                  "{\"items\":[{\"text\":\"b\",\"max_score\":5},{\"text\":\"c\"}]}", 200, NULL,
                  "unused: its items change");
    r = as(anna, "GET", vo_api_fmt(CHECKLISTS "/%lld", (long long)c2), NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    json_t *items = json_object_get(r.json, "items");
    cr_assert_eq(json_array_size(items), 2);
    cr_assert_eq(jint(json_array_get(items, 0), "max_score"), 5);
    cr_assert_eq(jint(json_array_get(items, 1), "max_score"), 2);
    vo_test_resp_free(&r);
#undef RV
}
