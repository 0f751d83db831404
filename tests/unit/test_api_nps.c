/*
 * test_api_nps.c - GET /api/v1/reports/nps through the real HTTP server
 * (docs/reports.md, "NPS"): the exact groups, who sees what (an admin,
 * the head and a viewer the whole org, a manager their own clients'
 * answers), a bad option naming its field, an answer written after a
 * first read counted by the next (the report is never cached), and the
 * CSV export.
 *
 * The company (Europe/Moscow), November 2026: clients K1 (Анна's, channel
 * ads), K2 (Борис's, channel seo). Answers: K1 10 (11-02), K1 7
 * (11-03), K2 5 (11-04 "Дорого"), K2 9 (11-05), K1 2 on 12-01 00:10
 * (December: out of November).
 * By hand, November as of 11-30: 4 responses, promoters 2 (10, 9),
 * passives 1 (7), detractors 1 (5): NPS 100 * (2 - 1) / 4 = 25.0.
 * By channel: ads {10, 7} -> 2, 1, 1, 0, 50.0; seo {5, 9} -> 2, 1, 0, 1,
 * 0.0. Анна (a manager) sees K1 only: 2, 1, 1, 0, 50.0.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <string.h>

#include "api_fixture.h"
#include "fixture.h"
#include "testutil.h"

static int64_t boris, k1, k2;

static void answer(struct vo_store *st, int64_t org, int64_t client, int score, const char *at,
                   const char *comment)
{
    struct vo_nps n = {
        .org_id = org, .client_id = client, .score = score, .at = vo_fx_at(at), .comment = comment};
    enum vo_upsert res;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_nps_upsert(st, &n, &res, &e), VO_OK, "%s", e.msg);
}

static void extra(struct vo_store *st, struct vo_svc *svc)
{
    boris = vo_test_company_user(svc, "Борис Менеджер", "boris@example.com", "manager");
    vo_fx_use(st, svc);
    struct vo_error e = {0};
    cr_assert_eq(vo_store_begin(st, &e), VO_OK, "%s", e.msg);
    k1 = vo_fx_client("K1", vo_api.manager_id, "ads", NULL);
    k2 = vo_fx_client("K2", boris, "seo", NULL);
    answer(st, svc->org.id, k1, 10, "2026-11-02 10:00", NULL);
    answer(st, svc->org.id, k1, 7, "2026-11-03 10:00", NULL);
    answer(st, svc->org.id, k2, 5, "2026-11-04 10:00", "Дорого");
    answer(st, svc->org.id, k2, 9, "2026-11-05 10:00", NULL);
    answer(st, svc->org.id, k1, 2, "2026-12-01 00:10", NULL);
    cr_assert_eq(vo_store_commit(st, &e), VO_OK, "%s", e.msg);
}

static void setup(void)
{
    vo_api_start(NULL, extra);
}

TestSuite(api_nps, .init = setup, .fini = vo_api_stop, .timeout = 120);

#define NPS "/api/v1/reports/nps?from=2026-11-01&to=2026-11-30&as_of=2026-11-30"

/* The groups as "key responses promoters passives detractors nps; ...". */
static char *groups_text(const json_t *root)
{
    GString *s = g_string_new(NULL);
    size_t i;
    json_t *g;
    json_array_foreach(json_object_get(root, "groups"), i, g)
    {
        json_t *k = json_object_get(g, "key"), *v = json_object_get(g, "nps");
        g_string_append_printf(s, "%s%s %lld %lld %lld %lld %.1f", i ? "; " : "",
                               json_is_string(k) ? json_string_value(k) : "null",
                               (long long)jint(g, "responses"), (long long)jint(g, "promoters"),
                               (long long)jint(g, "passives"), (long long)jint(g, "detractors"),
                               json_real_value(v));
    }
    return g_string_free(s, FALSE);
}

static void expect_groups(const char *who, const char *path, const char *want)
{
    struct vo_test_resp r = as(vo_api_user(who), "GET", path, NULL);
    cr_assert_eq(r.status, 200, "%s: %d %s", who, r.status, r.body);
    char *t = groups_text(r.json);
    cr_expect_str_eq(t, want, "%s %s", who, path);
    g_free(t);
    vo_test_resp_free(&r);
}

Test(api_nps, every_role_and_the_managers_own)
{
    const char *whole[] = {"head", "admin", "viewer"};
    for (size_t k = 0; k < 3; k++) {
        expect_groups(whole[k], NPS, "null 4 2 1 1 25.0");
        expect_groups(whole[k], NPS "&by=channel", "ads 2 1 1 0 50.0; seo 2 1 0 1 0.0");
    }
    expect_groups("anna", NPS, "null 2 1 1 0 50.0");
    expect_groups("anna", NPS "&by=channel", "ads 2 1 1 0 50.0");
}

Test(api_nps, the_document_and_its_detractors)
{
    struct vo_test_resp r = as(vo_api_user("head"), "GET", NPS, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect_str_eq(jstr(r.json, "from"), "2026-11-01");
    cr_expect_str_eq(jstr(r.json, "to"), "2026-11-30");
    cr_expect(json_is_null(json_object_get(r.json, "by")));
    json_t *g = json_array_get(json_object_get(r.json, "groups"), 0);
    cr_expect(json_is_null(json_object_get(g, "by")));
    cr_expect(json_is_null(json_object_get(g, "key")));
    json_t *d = json_object_get(r.json, "detractors");
    cr_assert_eq(json_array_size(d), 1, "%s", r.body);
    json_t *d0 = json_array_get(d, 0);
    cr_expect_eq(jint(d0, "client_id"), k2);
    cr_expect_str_eq(jstr(d0, "client"), "K2");
    cr_expect_eq(jint(d0, "score"), 5);
    cr_expect_str_eq(jstr(d0, "comment"), "Дорого");
    cr_expect_str_eq(jstr(d0, "owner"), "boris@example.com");
    cr_expect_str_eq(jstr(d0, "at"), "2026-11-04T10:00:00+03:00");
    vo_test_resp_free(&r);
}

Test(api_nps, a_new_answer_is_counted_at_once)
{
    expect_groups("head", NPS, "null 4 2 1 1 25.0");
    /* a fifth November answer, a detractor: 5 responses, 2 - 2 -> 0.0 */
    /* 1795165200 = 2026-11-20 12:00 in Moscow (09:00 UTC) */
    vo_api_sql(vo_api_fmt("INSERT INTO nps_responses(org_id, client_id, score, at) "
                          "SELECT org_id, id, 0, 1795165200 FROM clients WHERE id = %lld",
                          (long long)k1));
    expect_groups("head", NPS, "null 5 2 1 2 0.0");
}

Test(api_nps, bad_options_name_the_field)
{
    const struct vo_test_login *head = vo_api_user("head");
    const struct vo_api_case cases[] = {
        {head, "GET", NPS "&by=team", NULL, 422, "by", "by team"},
        {head, "GET", "/api/v1/reports/nps?from=2026-11-01", NULL, 422, "to", "from without to"},
        {NULL, "GET", NPS, NULL, 401, NULL, "anonymous"},
        {NULL, NULL, NULL, NULL, 0, NULL, NULL}};
    vo_api_expect_all(cases);
}

Test(api_nps, csv_export)
{
    struct vo_test_resp r = as(vo_api_user("head"), "GET", NPS "&by=channel&format=csv", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect(strncmp(r.content_type, "text/csv", 8) == 0, "%s", r.content_type);
    cr_expect(strstr(r.body, "seo") != NULL, "%s", r.body);
    vo_test_resp_free(&r);
}

/* ---- answers on the card, survey links (docs/nps.md) ---- */

#define K_NPS(k) vo_api_fmt("/api/v1/clients/%lld/nps", (long long)(k))

Test(api_nps, the_card_entry_list_and_delete)
{
    const struct vo_test_login *anna = vo_api_user("anna"), *head = vo_api_user("head");
    /* Анна enters a detractor's answer on her client: a task for her */
    struct vo_test_resp r =
        as(anna, "POST", K_NPS(k1), "{\"score\":3,\"comment\":\"Сорвали срок\"}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    int64_t id = jint(r.json, "id");
    cr_expect(json_integer_value(json_object_get(r.json, "task_id")) > 0, "%s", r.body);
    vo_test_resp_free(&r);
    cr_expect_eq(vo_api_count("tasks"), 1);
    cr_expect_eq(vo_api_audit("nps.create", "client", vo_api.manager_id), 1);
    /* the card's list: newest first (the new one is now) */
    r = as(anna, "GET", K_NPS(k1), NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    json_t *items = json_object_get(r.json, "items");
    cr_assert_eq(json_array_size(items), 4, "%s", r.body);
    json_t *first = json_array_get(items, 0);
    cr_expect_eq(jint(first, "id"), id);
    cr_expect_eq(jint(first, "score"), 3);
    cr_expect_str_eq(jstr(first, "comment"), "Сорвали срок");
    cr_expect(json_is_integer(json_object_get(first, "task_id")));
    cr_expect(json_is_null(json_object_get(json_array_get(items, 1), "task_id")));
    vo_test_resp_free(&r);
    const struct vo_api_case cases[] = {
        /* Борис's client: not Анна's to see or answer for */
        {anna, "GET", K_NPS(k2), NULL, 404, NULL, "another's client"},
        {anna, "POST", K_NPS(k2), "{\"score\":9}", 404, NULL, "another's client"},
        {anna, "POST", K_NPS(k1), "{\"score\":11}", 422, "score", "score 11"},
        {anna, "POST", K_NPS(k1), "{\"score\":-1}", 422, "score", "score -1"},
        {anna, "POST", K_NPS(k1), "{}", 422, "score", "no score"},
        {anna, "POST", K_NPS(k1), "{\"score\":9,\"at\":\"2199-01-01 10:00\"}", 422, "at", "future"},
        {anna, "POST", K_NPS(k1), "{\"score\":9,\"mood\":1}", 422, "mood", "unknown field"},
        {vo_api_user("viewer"), "POST", K_NPS(k1), "{\"score\":9}", 403, NULL, "viewer"},
        /* only the head or an admin deletes */
        {anna, "DELETE", vo_api_fmt("/api/v1/nps/%lld", (long long)id), NULL, 403, NULL,
         "manager deletes"},
        {head, "DELETE", vo_api_fmt("/api/v1/nps/%lld", (long long)id), NULL, 200, NULL,
         "head deletes"},
        {head, "DELETE", vo_api_fmt("/api/v1/nps/%lld", (long long)id), NULL, 404, "id", "gone"},
        /* the setting's bounds: 1..365 (docs/api-config.md) */
        {vo_api_user("admin"), "PATCH", "/api/v1/org", "{\"settings\":{\"nps_link_days\":0}}", 422,
         "nps_link_days", "0 days"},
        {vo_api_user("admin"), "PATCH", "/api/v1/org", "{\"settings\":{\"nps_link_days\":366}}",
         422, "nps_link_days", "366 days"},
        {vo_api_user("admin"), "PATCH", "/api/v1/org", "{\"settings\":{\"nps_link_days\":\"7\"}}",
         422, "nps_link_days", "text"},
        {vo_api_user("admin"), "PATCH", "/api/v1/org", "{\"settings\":{\"nps_link_days\":365}}",
         200, NULL, "365 days"},
        {NULL, NULL, NULL, NULL, 0, NULL, NULL}};
    vo_api_expect_all(cases);
    cr_expect_eq(vo_api_count("nps_responses"), 5);
}

Test(api_nps, the_task_on_request_for_an_imported_detractor)
{
    const struct vo_test_login *head = vo_api_user("head");
    /* K2's 5 of 11-04 came in without a task */
    struct vo_test_resp r = as(head, "GET", K_NPS(k2), NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    json_t *five = json_array_get(json_object_get(r.json, "items"), 1);
    cr_assert_eq(jint(five, "score"), 5, "%s", r.body);
    int64_t id = jint(five, "id");
    vo_test_resp_free(&r);
    const char *path = vo_api_fmt("/api/v1/nps/%lld/task", (long long)id);
    r = as(head, "POST", path, NULL);
    cr_assert_eq(r.status, 201, "%s", r.body);
    cr_expect(jint(r.json, "task_id") > 0);
    vo_test_resp_free(&r);
    vo_api_expect(head, "POST", path, NULL, 409, "id", "a second task");
    cr_expect_eq(vo_api_count("tasks"), 1);
}

/* The public survey of token: GET or POST (body), anonymous. */
static struct vo_test_resp survey(const char *method, const char *token, const char *body)
{
    return http(method, vo_api_fmt("/api/v1/public/nps/%s", token), NULL, NULL, NULL, body);
}

Test(api_nps, a_survey_link_answered_once_without_sign_in)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    struct vo_test_resp r = as(anna, "POST", vo_api_fmt("%s/link", K_NPS(k1)), NULL);
    cr_assert_eq(r.status, 201, "%s", r.body);
    const char *token = vo_api_fmt("%s", jstr(r.json, "token"));
    cr_expect_str_eq(jstr(r.json, "url"), vo_api_fmt("/app/survey.html#%s", token));
    vo_test_resp_free(&r);
    vo_api_expect(vo_api_user("viewer"), "POST", vo_api_fmt("%s/link", K_NPS(k1)), NULL, 403, NULL,
                  "a viewer makes no link");
    vo_api_expect(anna, "POST", vo_api_fmt("%s/link", K_NPS(k2)), NULL, 404, NULL,
                  "another's client");
    /* the page's data: the company's name, nothing else of the org */
    r = survey("GET", token, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect_str_eq(jstr(r.json, "company"), "Test");
    cr_expect_eq(json_object_size(r.json), 3, "%s", r.body); /* company, answered, expires_at */
    vo_test_resp_free(&r);
    r = survey("POST", token, "{\"score\":12}");
    cr_expect_eq(r.status, 422, "%s", r.body);
    vo_test_resp_free(&r);
    r = survey("POST", token, "{\"score\":6,\"comment\":\"Дорого\"}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    cr_expect(json_is_true(json_object_get(r.json, "answered")));
    vo_test_resp_free(&r);
    cr_expect_eq(vo_api_count("tasks"), 1); /* Анна's, for the detractor */
    /* again: answered already, in Russian too */
    r = survey("POST", token, "{\"score\":10}");
    cr_expect_eq(r.status, 409, "%s", r.body);
    json_t *err = json_object_get(r.json, "error");
    cr_expect_str_eq(jstr(err, "message_ru"), "На этот опрос уже ответили — спасибо!");
    vo_test_resp_free(&r);
    /* forged */
    char *bad = g_strdup(token);
    bad[strlen(bad) - 3] = bad[strlen(bad) - 3] == 'A' ? 'B' : 'A';
    r = survey("GET", bad, NULL);
    cr_expect_eq(r.status, 404, "%s", r.body);
    cr_expect_str_eq(jstr(json_object_get(r.json, "error"), "message_ru"),
                     "Ссылка на опрос недействительна");
    vo_test_resp_free(&r);
    g_free(bad);
    cr_expect_eq(vo_api_count("nps_responses"), 6);
}

Test(api_nps, forged_tokens_are_throttled)
{
    /* 30 failures per address are free (as sign-in's), then a wait */
    int status = 0;
    for (int i = 0; i < 40 && status != 429; i++) {
        struct vo_test_resp r = survey("GET", "not-a-token", NULL);
        status = (int)r.status;
        cr_assert(status == 404 || status == 429, "%d %s", status, r.body);
        vo_test_resp_free(&r);
    }
    cr_expect_eq(status, 429);
}
