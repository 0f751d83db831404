/*
 * test_api_key_accounts.c - the key accounts through the real HTTP server
 * (docs/reports.md, "Key accounts"): GET /api/v1/key-accounts?month= (=
 * GET /api/v1/reports/key-accounts?period=) with the exact figures, a
 * manager reading only their own key accounts, the plan's PUT and DELETE
 * with its roles, bounds and audit rows, and the CSV.
 *
 * The company (Europe/Moscow); month 2026-11, as_of 2026-11-30: E =
 * 2026-12-01 00:00, the fact counts [2026-11-01, 2026-12-01), the history
 * is 2025-12 .. 2026-11.
 *   K1 (Анна, key): 300000 at 2026-11-15 12:00; 20000 at 2026-11-30 23:30,
 *     a payment of its deal W1 with no client of its own (in: the last
 *     minutes before E); 50000 at 2026-12-01 00:10 (after as_of: out). W1
 *     won 2026-11-20 12:00, 200000.
 *   K2 (Борис, key): 100000 at 2026-10-10 12:00 (history only).
 *   K3 (Анна, not a key account): 70000 at 2026-11-05 12:00 (not listed).
 * The head sets K1's plan of 2026-11 to 400000. By hand: K1 fact =
 *   300000 + 20000 = 320000, pct 0.8, history[11] {320000, 1 won, 200000};
 *   K2 plan null, fact 0, pct null, history[10] (2026-10) payments 100000.
 *   Totals plan 400000, fact 320000, pct 0.8. Rows by fact: K1, K2.
 *   Анна reads K1 only.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "api_fixture.h"
#include "clients_fixture.h"
#include "fixture.h"
#include "testutil.h"

static int64_t k1, k2, k3;

static void extra(struct vo_store *st, struct vo_svc *svc)
{
    struct vo_fx_api_co co;
    vo_fx_api_co_open(st, svc, &co);
    k1 = co.k1, k2 = co.k2, k3 = co.k3;
    int64_t pipe = co.pipe, s = co.s_new;
    int64_t w1 =
        vo_fx_deal((struct vo_fx_deal){"W1", pipe, s, vo_api.manager_id, k1, VO_DEAL_WON, 200000,
                                       "2026-11-02 10:00", "2026-11-20 12:00", NULL, NULL});
    vo_fx_pay("P1", 300000, "2026-11-15 12:00", 0, k1);
    vo_fx_pay("P1b", 20000, "2026-11-30 23:30", w1, 0);
    vo_fx_pay("P1c", 50000, "2026-12-01 00:10", 0, k1);
    vo_fx_pay("P2", 100000, "2026-10-10 12:00", 0, k2);
    vo_fx_pay("P3", 70000, "2026-11-05 12:00", 0, k3);
    vo_fx_api_co_commit(st);
}

static void setup(void)
{
    vo_api_start(NULL, extra);
    vo_api_sql(vo_api_fmt("UPDATE clients SET key_account = 1 WHERE id IN (%lld, %lld)",
                          (long long)k1, (long long)k2));
}

TestSuite(api_key_accounts, .init = setup, .fini = vo_api_stop, .timeout = 120);

#define LIST   "/api/v1/key-accounts?month=2026-11&as_of=2026-11-30"
#define REPORT "/api/v1/reports/key-accounts?period=2026-11&as_of=2026-11-30"

static const char *plan_path(int64_t client, const char *month)
{
    return vo_api_fmt("/api/v1/key-accounts/%lld/plans/%s", (long long)client, month);
}

static double jreal(const json_t *o, const char *key)
{
    return json_real_value(json_object_get(o, key));
}

Test(api_key_accounts, plan_fact_whole_and_restricted)
{
    const struct vo_test_login *head = vo_api_user("head");
    vo_api_expect(head, "PUT", plan_path(k1, "2026-11"), "{\"target\":400000}", 200, NULL, "plan");
    for (size_t k = 0; k < VO_API_NWHOLE; k++) {
        json_t *j = vo_api_get_json(vo_api_whole[k], LIST, 200);
        cr_expect_str_eq(jstr(j, "month"), "2026-11");
        cr_expect_str_eq(jstr(j, "as_of"), "2026-12-01T00:00:00+03:00");
        cr_expect_eq(jint(j, "plan"), 400000);
        cr_expect_eq(jint(j, "fact"), 320000);
        cr_expect(fabs(jreal(j, "pct") - 0.8) < 1e-15);
        json_t *cl = json_object_get(j, "clients");
        cr_assert_eq(json_array_size(cl), 2, "%s", vo_api_whole[k]);
        json_t *a = json_array_get(cl, 0), *b = json_array_get(cl, 1);
        cr_expect_eq(jint(a, "client_id"), k1);
        cr_expect_str_eq(jstr(a, "ext_id"), "K1");
        cr_expect_str_eq(jstr(a, "name"), "K1");
        cr_expect_eq(jint(a, "owner_id"), vo_api.manager_id);
        cr_expect_str_eq(jstr(a, "owner"), "Анна Менеджер");
        cr_expect_str_eq(jstr(a, "owner_email"), "anna@example.com");
        cr_expect_eq(jint(a, "plan"), 400000);
        cr_expect_eq(jint(a, "fact"), 320000);
        cr_expect(fabs(jreal(a, "pct") - 0.8) < 1e-15);
        json_t *h = json_object_get(a, "history");
        cr_assert_eq(json_array_size(h), 12);
        cr_expect_str_eq(jstr(json_array_get(h, 0), "month"), "2025-12");
        json_t *nov = json_array_get(h, 11);
        cr_expect_str_eq(jstr(nov, "month"), "2026-11");
        cr_expect_eq(jint(nov, "payments"), 320000);
        cr_expect_eq(jint(nov, "won"), 1);
        cr_expect_eq(jint(nov, "won_amount"), 200000);
        cr_expect_eq(jint(json_array_get(h, 10), "payments"), 0);
        cr_expect_eq(jint(b, "client_id"), k2);
        cr_expect(json_is_null(json_object_get(b, "plan")));
        cr_expect_eq(jint(b, "fact"), 0);
        cr_expect(json_is_null(json_object_get(b, "pct")));
        cr_expect_eq(jint(json_array_get(json_object_get(b, "history"), 10), "payments"), 100000);
        json_decref(j);
    }
    /* the report's path answers the same body */
    struct vo_test_resp r1 = as(head, "GET", LIST, NULL), r2 = as(head, "GET", REPORT, NULL);
    cr_assert_eq(r2.status, 200, "%s", r2.body);
    cr_expect_str_eq(r1.body, r2.body);
    vo_test_resp_free(&r1);
    vo_test_resp_free(&r2);

    struct vo_test_resp r = as(vo_api_user("anna"), "GET", LIST, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    json_t *cl = json_object_get(r.json, "clients");
    cr_assert_eq(json_array_size(cl), 1, "%s", r.body);
    cr_expect_eq(jint(json_array_get(cl, 0), "client_id"), k1);
    cr_expect_eq(jint(r.json, "plan"), 400000);
    cr_expect_eq(jint(r.json, "fact"), 320000);
    vo_test_resp_free(&r);

    vo_api_expect_all((const struct vo_api_case[]){
        {head, "GET", "/api/v1/key-accounts?period=week&as_of=2026-11-30", NULL, 422, "period",
         "a week"},
        {head, "GET", "/api/v1/key-accounts?month=2026-13", NULL, 422, "period", "no month 13"},
        {NULL, "GET", LIST, NULL, 401, NULL, "anonymous"},
        {0}});
}

Test(api_key_accounts, plan_writes_roles_bounds_and_audit)
{
    const struct vo_test_login *head = vo_api_user("head"), *admin = vo_api_user("admin"),
                               *anna = vo_api_user("anna"), *viewer = vo_api_user("viewer");
    const char *p = plan_path(k1, "2026-11");
    vo_api_expect_all((const struct vo_api_case[]){
        {anna, "PUT", p, "{\"target\":1}", 403, NULL, "a manager"},
        {viewer, "PUT", p, "{\"target\":1}", 403, NULL, "a viewer"},
        {head, "PUT", plan_path(k3, "2026-11"), "{\"target\":1}", 422, "client_id",
         "not a key account"},
        {head, "PUT", plan_path(999999, "2026-11"), "{\"target\":1}", 404, "id", "no client"},
        {head, "PUT", plan_path(k1, "2101-01"), "{\"target\":1}", 422, "month", "after 2100-12"},
        {head, "PUT", plan_path(k1, "1999-12"), "{\"target\":1}", 422, "month", "before 2000-01"},
        {head, "PUT", plan_path(k1, "2026-13"), "{\"target\":1}", 422, "month", "month 13"},
        {head, "PUT", p, "{\"target\":-1}", 422, "target", "negative"},
        {head, "PUT", p, "{\"target\":1000000000000001}", 422, "target", "above 10^15"},
        {head, "PUT", p, "{\"target\":\"5\"}", 422, "target", "a string"},
        {head, "PUT", p, "{}", 422, "target", "no target"},
        {head, "PUT", p, "{\"target\":1,\"x\":1}", 422, "x", "an unknown field"},
        {head, "DELETE", p, NULL, 404, "month", "no plan yet"},
        {head, "PUT", p, "{\"target\":1000000000000000}", 200, NULL, "10^15"},
        {admin, "PUT", p, "{\"target\":0}", 200, NULL, "0 by the admin"},
        {anna, "DELETE", p, NULL, 403, NULL, "a manager deletes"},
        {0}});
    struct vo_test_resp r = as(head, "GET", LIST, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    json_t *a = json_array_get(json_object_get(r.json, "clients"), 0);
    cr_expect_eq(jint(a, "plan"), 0);
    cr_expect(json_is_null(json_object_get(a, "pct")));
    vo_test_resp_free(&r);
    r = as(head, "DELETE", p, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect_eq(jint(r.json, "client_id"), k1);
    cr_expect_str_eq(jstr(r.json, "month"), "2026-11");
    cr_expect(json_is_true(json_object_get(r.json, "deleted")));
    vo_test_resp_free(&r);
    r = as(head, "GET", LIST, NULL);
    a = json_array_get(json_object_get(r.json, "clients"), 0);
    cr_expect(json_is_null(json_object_get(a, "plan")), "%s", r.body);
    cr_expect_eq(jint(r.json, "plan"), 0);
    vo_test_resp_free(&r);
    /* the head's 10^15 and the admin's 0: one audit row each */
    cr_expect_eq(vo_api_audit("key_account_plan.set", "client", -1), 2);
    cr_expect_eq(vo_api_audit("key_account_plan.delete", "client", vo_api.head_id), 1);
}

Test(api_key_accounts, csv_export)
{
    vo_api_expect(vo_api_user("head"), "PUT", plan_path(k1, "2026-11"), "{\"target\":400000}", 200,
                  NULL, "plan");
    struct vo_test_resp r = as(vo_api_user("head"), "GET", LIST "&format=csv", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect(strncmp(r.content_type, "text/csv", 8) == 0, "%s", r.content_type);
    size_t lines = 0;
    for (const char *q = r.body; *q; q++)
        lines += *q == '\n';
    cr_expect_eq(lines, 3, "%s", r.body); /* a header and two key accounts */
    cr_expect(strstr(r.body, "K2") != NULL && strstr(r.body, "K3") == NULL, "%s", r.body);
    vo_test_resp_free(&r);
}
