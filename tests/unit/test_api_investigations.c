/*
 * test_api_investigations.c - GET /api/v1/reports/investigations through
 * the real HTTP server (docs/reports.md, "Разборы"): the exact findings,
 * who sees what (a manager: the department's and their own), --user, a
 * bad user refused naming the field, the CSV export, and the findings in
 * the monthly review.
 *
 * The company (Europe/Moscow): pipeline Sales: Новый(1), Встреча(2),
 * КП(3); P = November 2026 as of the end of 2026-11-30, B = August ..
 * October 2026. For EACH of Анна Менеджер and Борис Менеджер (the head
 * and the others have no deals: not subjects):
 *   B's cohort (created 2026-09-10): 29 lost at Встреча, 14 lost at КП, 7
 *   won at КП with 60 000 000 minor, closed 2026-11-02 (in P);
 *   P's cohort (created 2026-11-10): 23 lost at Встреча, 7 lost at КП.
 * By hand (test_investigate.c has the same rules worked out):
 *   each manager's Встреча -> КП: 7/30 against 21/50 = 0.42; money =
 *     (7/30 - 0.42) * 30 * (7/21) * 60 000 000 = -112 000 000;
 *   the department (B 100, P 60): КП -> won 0/14 against 14/42 = 1/3,
 *     money = -1/3 * 14 * 1 * 60 000 000 = -280 000 000; Встреча -> КП
 *     14/60 against 42/100, money = (14/60 - 0.42) * 60 * 1/3 *
 *     60 000 000 = -224 000 000; Новый -> Встреча 100% both: none.
 *   Against the team (Анна against Борис and back): the same figures.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <string.h>

#include "api_fixture.h"
#include "fixture.h"
#include "testutil.h"

static int64_t boris;

static void deals(int64_t pipe, int64_t owner, int64_t stage, enum vo_deal_status status, int n,
                  const char *created, const char *closed, int64_t amount, int *seq)
{
    char ext[32];
    for (int i = 0; i < n; i++) {
        snprintf(ext, sizeof ext, "D%d", (*seq)++);
        vo_fx_deal((struct vo_fx_deal){ext, pipe, stage, owner, 0, status, amount, created, closed,
                                       NULL, NULL});
    }
}

static void extra(struct vo_store *st, struct vo_svc *svc)
{
    boris = vo_test_company_user(svc, "Борис Менеджер", "boris@example.com", "manager");
    vo_fx_use(st, svc);
    int64_t pipe;
    vo_fx_begin_sales(&pipe);
    vo_fx_stage(pipe, "Новый", 1, VO_NULL);
    int64_t meet = vo_fx_stage(pipe, "Встреча", 2, VO_NULL);
    int64_t kp = vo_fx_stage(pipe, "КП", 3, VO_NULL);
    int seq = 0;
    int64_t who[] = {vo_api.manager_id, boris};
    for (size_t k = 0; k < 2; k++) {
        deals(pipe, who[k], meet, VO_DEAL_LOST, 29, "2026-09-10 12:00", "2026-09-20", VO_NULL,
              &seq);
        deals(pipe, who[k], kp, VO_DEAL_LOST, 14, "2026-09-10 12:00", "2026-09-25", VO_NULL, &seq);
        deals(pipe, who[k], kp, VO_DEAL_WON, 7, "2026-09-10 12:00", "2026-11-02", 60000000, &seq);
        deals(pipe, who[k], meet, VO_DEAL_LOST, 23, "2026-11-10 12:00", "2026-11-20", VO_NULL,
              &seq);
        deals(pipe, who[k], kp, VO_DEAL_LOST, 7, "2026-11-10 12:00", "2026-11-25", VO_NULL, &seq);
    }
    struct vo_error e = {0};
    cr_assert_eq(vo_store_commit(st, &e), VO_OK, "%s", e.msg);
}

static void setup(void)
{
    vo_api_start(NULL, extra);
}

TestSuite(api_investigations, .init = setup, .fini = vo_api_stop, .timeout = 120);

#define INV "/api/v1/reports/investigations?period=2026-11&as_of=2026-11-30"

/* The findings as "name|step|against|money; ..." for one comparison. */
static char *findings(const json_t *root, const char *key)
{
    GString *s = g_string_new(NULL);
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(root, key), i, f)
    {
        json_t *step = json_object_get(f, "step");
        g_string_append_printf(s, "%s%s|%s|%s|%lld", i ? "; " : "", jstr(f, "name"),
                               json_is_string(step) ? json_string_value(step) : jstr(f, "what"),
                               jstr(f, "against"), (long long)jint(f, "money"));
    }
    return g_string_free(s, FALSE);
}

#define ALL                                                                                        \
    "Отдел продаж|КП -> выиграна|baseline|-280000000; "                       \
    "Отдел продаж|Встреча -> КП|baseline|-224000000; "                         \
    "Анна Менеджер|Встреча -> КП|baseline|-112000000; "                       \
    "Борис Менеджер|Встреча -> КП|baseline|-112000000"

Test(api_investigations, the_findings_and_who_sees_them)
{
    for (size_t k = 0; k < VO_API_NWHOLE; k++) {
        json_t *j = vo_api_get_json(vo_api_whole[k], INV, 200);
        char *got = findings(j, "investigations");
        cr_assert_str_eq(got, ALL, "%s: %s", vo_api_whole[k], got);
        g_free(got);
        cr_assert_str_eq(jstr(j, "from"), "2026-11-01");
        cr_assert_str_eq(jstr(j, "baseline_from"), "2026-08-01");
        cr_assert_str_eq(jstr(j, "baseline_to"), "2026-10-31");
        cr_assert_str_eq(jstr(j, "pipeline"), "Sales");
        json_decref(j);
    }
    /* a manager: the department's and their own */
    json_t *j = vo_api_get_json("anna", INV, 200);
    char *got = findings(j, "investigations");
    cr_assert_str_eq(got, "Отдел продаж|КП -> выиграна|baseline|-280000000; "
                          "Отдел продаж|Встреча -> КП|baseline|-224000000; "
                          "Анна Менеджер|Встреча -> КП|baseline|-112000000");
    g_free(got);
    json_t *f = json_array_get(json_object_get(j, "investigations"), 2);
    cr_assert_str_eq(jstr(f, "subject"), "user");
    cr_assert_eq(jint(f, "user_id"), vo_api.manager_id);
    cr_assert_str_eq(jstr(f, "email"), "anna@example.com");
    cr_assert_str_eq(jstr(f, "kind"), "step");
    cr_assert_str_eq(jstr(f, "what"), "Встреча -> КП");
    cr_assert_str_eq(jstr(f, "step"), "Встреча -> КП");
    cr_assert_eq(jint(f, "sample"), 30);
    cr_assert_float_eq(json_number_value(json_object_get(f, "value")), 7.0 / 30, 1e-12);
    cr_assert_float_eq(json_number_value(json_object_get(f, "baseline")), 0.42, 1e-12);
    cr_assert_str_eq(jstr(f, "sentence"), "Анна Менеджер: конверсия Встреча -> КП упала с 42% до "
                                          "23%: -1,1 млн ₽ к "
                                          "плану");
    cr_assert_str_eq(jstr(f, "sentence_en"), "Анна Менеджер: conversion Встреча -> КП fell from "
                                             "42% to 23%: -1.1M ₽ to the plan");
    json_t *d = json_array_get(json_object_get(j, "investigations"), 0);
    cr_assert_str_eq(jstr(d, "subject"), "department");
    cr_assert(json_is_null(json_object_get(d, "user_id")));
    json_decref(j);
}

Test(api_investigations, one_user_and_a_bad_one)
{
    json_t *j = vo_api_get_json("head", INV "&user=boris%40example.com", 200);
    char *got = findings(j, "investigations");
    cr_assert_str_eq(got, "Борис Менеджер|Встреча -> КП|baseline|-112000000");
    g_free(got);
    json_decref(j);
    j = vo_api_get_json("head", INV "&user=nobody%40example.com", 404);
    cr_assert_str_eq(jstr(json_object_get(j, "error"), "field"), "user");
    json_decref(j);
    j = vo_api_get_json("head", "/api/v1/reports/investigations?period=someday", 422);
    cr_assert_str_eq(jstr(json_object_get(j, "error"), "field"), "period");
    json_decref(j);
}

Test(api_investigations, in_the_monthly_review_and_as_csv)
{
    /* the monthly review of 2026-12-01 reviews November as of its start */
    json_t *j = vo_api_get_json("head", "/api/v1/reports/monthly?date=2026-12-01", 200);
    char *got = findings(j, "investigations");
    cr_assert_str_eq(got, ALL);
    g_free(got);
    json_decref(j);
    struct vo_test_resp r = as(vo_api_user("head"), "GET", INV "&format=csv&lang=ru", NULL);
    cr_assert_eq(r.status, 200, "%d %s", r.status, r.body);
    cr_assert(strstr(r.body, "Анна Менеджер: конверсия Встреча -> КП упала с 42% до 23%"), "%s",
              r.body);
    vo_test_resp_free(&r);
}
