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
