/*
 * test_api_forecast.c - GET /api/v1/reports/forecast through the real HTTP
 * server (docs/reports.md, "Forecast"): the figures worked out by hand,
 * every role but a manager reading the department whole, a manager reading
 * their own deals only, the options refused naming the field.
 *
 * The company (Europe/Moscow), pipeline Sales with one stage New; as of
 * 2026-11-20, so E = 2026-11-21 00:00, the period November 2026:
 *   D1 Анна (the manager) won 100000, created 2026-10-01 10:00, won 10-05 10:00
 *      (delay(New) = {4 d})
 *   D2 Борис lost, created 2026-10-02 10:00, lost 10-03 10:00
 *   O1 Анна open 200000, created 2026-11-02 10:00
 *   O2 Борис open 300000, created 2026-11-03 10:00
 * p(New) = 1 won / 2 reached = 0.5; every delay (4 d) lands before
 * December 1 (10 days after E): q = 0.5.
 * Department: open 2, weighted 0.5 * 500000 = 250000, fact 0; the total is
 *   0, 200000, 300000 or 500000, each w.p. 1/4: P10 = 0, P90 = 500000 (the
 *   CDF before 500000 is 0.75). (P50 sits on a CDF step of exactly 0.5:
 *   not asserted.)
 * Анна alone: open 1, weighted 100000, P10 0, P90 200000; her list O1 only.
 * Backtest May..Oct: nothing open at any month start (D1 is created on
 *   10-01 10:00), October's actual D1 100000: ape 1, the other months
 *   null; mape 1, for the department and for Анна.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <string.h>

#include "api_fixture.h"
#include "fixture.h"
#include "testutil.h"

static int64_t boris;

static void extra(struct vo_store *st, struct vo_svc *svc)
{
    boris = vo_test_company_user(svc, "Борис Менеджер", "boris@example.com", "manager");
    vo_fx_use(st, svc);
    int64_t pipe;
    vo_fx_begin_sales(&pipe);
    int64_t s = vo_fx_stage(pipe, "New", 1, VO_NULL);
    vo_fx_deal((struct vo_fx_deal){"D1", pipe, s, vo_api.manager_id, 0, VO_DEAL_WON, 100000,
                                   "2026-10-01 10:00", "2026-10-05 10:00", NULL, NULL});
    vo_fx_deal((struct vo_fx_deal){"D2", pipe, s, boris, 0, VO_DEAL_LOST, 100000,
                                   "2026-10-02 10:00", "2026-10-03 10:00", NULL, NULL});
    vo_fx_deal((struct vo_fx_deal){"O1", pipe, s, vo_api.manager_id, 0, VO_DEAL_OPEN, 200000,
                                   "2026-11-02 10:00", NULL, NULL, NULL});
    vo_fx_deal((struct vo_fx_deal){"O2", pipe, s, boris, 0, VO_DEAL_OPEN, 300000,
                                   "2026-11-03 10:00", NULL, NULL, NULL});
    struct vo_error e = {0};
    cr_assert_eq(vo_store_commit(st, &e), VO_OK, "%s", e.msg);
}

static void setup(void)
{
    vo_api_start(NULL, extra);
}

TestSuite(api_forecast, .init = setup, .fini = vo_api_stop, .timeout = 120);

#define FC "/api/v1/reports/forecast?period=2026-11&as_of=2026-11-20"

static void backtest_one_month(const json_t *bt)
{
    cr_expect_float_eq(json_real_value(json_object_get(bt, "mape")), 1.0, 1e-12);
    json_t *m = json_object_get(bt, "months");
    cr_assert_eq(json_array_size(m), 6);
    cr_expect_str_eq(jstr(json_array_get(m, 0), "as_of"), "2026-05-01");
    json_t *oct = json_array_get(m, 5);
    cr_expect_str_eq(jstr(oct, "as_of"), "2026-10-01");
    cr_expect_eq(jint(oct, "forecast"), 0);
    cr_expect_eq(jint(oct, "actual"), 100000);
    cr_expect(json_is_null(json_object_get(json_array_get(m, 4), "ape")));
}

Test(api_forecast, department_for_every_role_but_a_manager)
{
    for (size_t k = 0; k < VO_API_NWHOLE; k++) {
        json_t *j = vo_api_get_json(vo_api_whole[k], FC "&list=1", 200);
        cr_expect_float_eq(
            json_real_value(json_object_get(json_object_get(j, "stage_probability"), "New")), 0.5,
            1e-12);
        cr_expect_eq(jint(j, "open_deals"), 2, "%s", vo_api_whole[k]);
        cr_expect_eq(jint(j, "weighted_pipeline"), 250000);
        cr_expect_eq(jint(j, "fact"), 0);
        cr_expect_eq(jint(j, "p10"), 0);
        cr_expect_eq(jint(j, "p90"), 500000);
        backtest_one_month(json_object_get(j, "backtest"));
        json_t *deals = json_object_get(j, "deals");
        cr_assert_eq(json_array_size(deals), 2);
        /* the same chance: the larger first */
        cr_expect_str_eq(jstr(json_array_get(deals, 0), "id"), "O2");
        cr_expect_str_eq(jstr(json_array_get(deals, 1), "id"), "O1");
        cr_expect_str_eq(jstr(json_array_get(deals, 0), "expected_close"), "2026-11-25");
        json_decref(j);
    }
}

Test(api_forecast, a_manager_reads_their_own_deals)
{
    struct vo_test_resp r = as(vo_api_user("anna"), "GET", FC "&list=1&by=user", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect_eq(jint(r.json, "open_deals"), 1);
    cr_expect_eq(jint(r.json, "weighted_pipeline"), 100000);
    cr_expect_eq(jint(r.json, "p10"), 0);
    cr_expect_eq(jint(r.json, "p90"), 200000);
    backtest_one_month(json_object_get(r.json, "backtest"));
    json_t *deals = json_object_get(r.json, "deals");
    cr_assert_eq(json_array_size(deals), 1);
    cr_expect_str_eq(jstr(json_array_get(deals, 0), "id"), "O1");
    json_t *rows = json_object_get(r.json, "rows");
    cr_assert_eq(json_array_size(rows), 1);
    cr_expect_eq(jint(json_array_get(rows, 0), "user_id"), vo_api.manager_id);
    vo_test_resp_free(&r);
    /* asking for Борис changes nothing */
    r = as(vo_api_user("anna"), "GET", FC "&user=boris%40example.com", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect_eq(jint(r.json, "weighted_pipeline"), 100000);
    vo_test_resp_free(&r);
}

Test(api_forecast, by_user_rows)
{
    struct vo_test_resp r = as(vo_api_user("head"), "GET", FC "&by=user", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    json_t *rows = json_object_get(r.json, "rows");
    size_t i;
    json_t *row;
    bool seen_boris = false;
    json_array_foreach(rows, i, row)
    {
        if (jint(row, "user_id") == boris) {
            seen_boris = true;
            cr_expect_eq(jint(row, "open_deals"), 1);
            cr_expect_eq(jint(row, "weighted_pipeline"), 150000);
            cr_expect_eq(jint(row, "p90"), 300000);
            cr_expect(json_is_null(json_object_get(json_object_get(row, "backtest"), "mape")));
        }
    }
    cr_expect(seen_boris, "%s", r.body);
    vo_test_resp_free(&r);
}

Test(api_forecast, bad_options_name_the_field)
{
    const struct vo_test_login *head = vo_api_user("head");
    const struct vo_api_case cases[] = {
        {head, "GET", FC "&by=team", NULL, 422, "by", "by team"},
        {head, "GET", FC "&pipeline=Nowhere", NULL, 404, "pipeline", "no such pipeline"},
        {head, "GET", FC "&user=nobody%40example.com", NULL, 404, "user", "no such user"},
        {head, "GET", "/api/v1/reports/forecast?period=fortnight", NULL, 422, "period",
         "bad period"},
        {NULL, "GET", FC, NULL, 401, NULL, "anonymous"},
        {NULL, NULL, NULL, NULL, 0, NULL, NULL}};
    vo_api_expect_all(cases);
}

Test(api_forecast, csv_export_of_the_rows)
{
    /* money in the currency's units; the backtest's months (an array) are
     * not a column, its mape is */
    struct vo_test_resp r = as(vo_api_user("head"), "GET", FC "&by=user&format=csv&lang=ru", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect(strncmp(r.content_type, "text/csv", 8) == 0, "%s", r.content_type);
    cr_expect(strstr(r.body, "ID сотрудника,Имя,Эл. почта,Взвешенная воронка,Открытых сделок,факт,"
                             "P10,P50,P90,Проверка на прошлых месяцах · ошибка прогноза\n") != NULL,
              "%s", r.body);
    cr_expect(strstr(r.body, ",Борис Менеджер,boris@example.com,1500.00,1,0.00,0.00,") != NULL,
              "%s", r.body);
    vo_test_resp_free(&r);
}
