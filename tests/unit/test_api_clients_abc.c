/*
 * test_api_clients_abc.c - GET /api/v1/reports/abc-xyz and
 * /api/v1/reports/at-risk through the real HTTP server (docs/reports.md,
 * "ABC / XYZ of clients", "Clients at risk"): the exact JSON, a manager
 * reading only their own clients, the settings abc_basis and at_risk_days
 * taken from PATCH /api/v1/org (and refused out of bounds), the CSV.
 *
 * The company (Europe/Moscow), as_of 2026-11-30: E = 2026-12-01 00:00, the
 * window [2025-12-01, 2026-12-01), XYZ months 2025-11 .. 2026-10; 90 days
 * before E: 2026-09-02 00:00.
 *   K1 (Анна) 300000 at 2026-10-15 12:00; K2 (Борис) 100000 at 2026-05-10
 *   12:00; K3 (Анна) 50000 at 2026-08-01 12:00; K1 also won deal W1
 *   200000 closed 2026-11-20 (no payment of it).
 * By hand, payments: total 450000; K1 300000 before 0 -> A, cum 2/3; K2
 *   100000 before 66.7% -> A, cum 400000/450000; K3 before 88.9% -> B, cum
 *   1. Each has one month of payments in the 12 full months: cv = sqrt(11)
 *   -> Z. Matrix AZ {2, 400000}, BZ {1, 50000}, the other seven {0, 0}.
 *   Анна (a manager) reads K1 and K3 only: AZ {1, 300000}, BZ {1, 50000}.
 * Basis revenue: K1 200000, alone: A, share 1; K2 and K3 listed after
 *   with no ABC class.
 * At risk (90 days): K2 (last 2026-05-10), K3 (2026-08-01), by revenue;
 *   K1 paid 10-15, after 09-02: not. 30 days (E - 30 = 11-01): K1 too,
 *   first (300000).
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "api_fixture.h"
#include "clients_fixture.h"
#include "fixture.h"
#include "testutil.h"

static int64_t boris, k1, k2, k3;

static void extra(struct vo_store *st, struct vo_svc *svc)
{
    struct vo_fx_api_co co;
    vo_fx_api_co_open(st, svc, &co);
    boris = co.boris, k1 = co.k1, k2 = co.k2, k3 = co.k3;
    int64_t pipe = co.pipe, s = co.s_new;
    vo_fx_pay("P1", 300000, "2026-10-15 12:00", 0, k1);
    vo_fx_pay("P2", 100000, "2026-05-10 12:00", 0, k2);
    vo_fx_pay("P3", 50000, "2026-08-01 12:00", 0, k3);
    vo_fx_deal((struct vo_fx_deal){"W1", pipe, s, vo_api.manager_id, k1, VO_DEAL_WON, 200000,
                                   "2026-11-02 10:00", "2026-11-20 12:00", NULL, NULL});
    vo_fx_api_co_commit(st);
}

static void setup(void)
{
    vo_api_start(NULL, extra);
}

TestSuite(api_clients_abc, .init = setup, .fini = vo_api_stop, .timeout = 120);

#define ABC  "/api/v1/reports/abc-xyz?as_of=2026-11-30"
#define RISK "/api/v1/reports/at-risk?as_of=2026-11-30"

/* The rows as "ext abc xyz revenue; ..." for one comparison. */
static char *abc_text(const json_t *root)
{
    GString *s = g_string_new(NULL);
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(root, "clients"), i, r)
    {
        const char *a = json_string_value(json_object_get(r, "abc"));
        const char *x = json_string_value(json_object_get(r, "xyz"));
        g_string_append_printf(s, "%s%s %s %s %lld", i ? "; " : "", jstr(r, "ext_id"), a ? a : "-",
                               x ? x : "-", (long long)jint(r, "revenue"));
    }
    return g_string_free(s, FALSE);
}

static void expect_cell(const json_t *root, const char *key, int64_t clients, int64_t revenue)
{
    json_t *c = json_object_get(json_object_get(root, "matrix"), key);
    cr_assert(json_is_object(c), "cell %s", key);
    cr_expect_eq(jint(c, "clients"), clients, "cell %s", key);
    cr_expect_eq(jint(c, "revenue"), revenue, "cell %s", key);
}

Test(api_clients_abc, abc_xyz_whole_and_restricted)
{
    for (size_t k = 0; k < VO_API_NWHOLE; k++) {
        json_t *j = vo_api_get_json(vo_api_whole[k], ABC, 200);
        cr_expect_str_eq(jstr(j, "from"), "2025-12-01");
        cr_expect_str_eq(jstr(j, "to"), "2026-11-30");
        cr_expect_str_eq(jstr(j, "basis"), "payments");
        cr_expect_eq(jint(j, "total"), 450000);
        char *t = abc_text(j);
        cr_expect_str_eq(t, "K1 A Z 300000; K2 A Z 100000; K3 B Z 50000", "%s", vo_api_whole[k]);
        g_free(t);
        json_t *first = json_array_get(json_object_get(j, "clients"), 0);
        cr_expect_eq(jint(first, "client_id"), k1);
        cr_expect_str_eq(jstr(first, "name"), "K1");
        cr_expect(fabs(json_real_value(json_object_get(first, "share")) - 2.0 / 3) < 1e-12);
        cr_expect(fabs(json_real_value(json_object_get(first, "cum_share")) - 2.0 / 3) < 1e-12);
        cr_expect(fabs(json_real_value(json_object_get(first, "cv")) - sqrt(11.0)) < 1e-9);
        cr_expect_eq(json_object_size(json_object_get(j, "matrix")), 9);
        expect_cell(j, "AZ", 2, 400000);
        expect_cell(j, "BZ", 1, 50000);
        expect_cell(j, "AX", 0, 0);
        expect_cell(j, "CY", 0, 0);
        json_decref(j);
    }
    struct vo_test_resp r = as(vo_api_user("anna"), "GET", ABC, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    char *t = abc_text(r.json);
    cr_expect_str_eq(t, "K1 A Z 300000; K3 B Z 50000");
    g_free(t);
    expect_cell(r.json, "AZ", 1, 300000);
    expect_cell(r.json, "BZ", 1, 50000);
    vo_test_resp_free(&r);
}

Test(api_clients_abc, at_risk_and_the_settings)
{
    const struct vo_test_login *head = vo_api_user("head"), *admin = vo_api_user("admin");
    struct vo_test_resp r = as(head, "GET", RISK, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect_eq(jint(r.json, "days"), 90);
    json_t *cl = json_object_get(r.json, "clients");
    cr_assert_eq(json_array_size(cl), 2, "%s", r.body);
    json_t *a = json_array_get(cl, 0), *b = json_array_get(cl, 1);
    cr_expect_eq(jint(a, "client_id"), k2);
    cr_expect_str_eq(jstr(a, "ext_id"), "K2");
    cr_expect_str_eq(jstr(a, "owner_email"), "boris@example.com");
    cr_expect_str_eq(jstr(a, "last_paid_at"), "2026-05-10T12:00:00+03:00");
    cr_expect_eq(jint(a, "revenue_12m"), 100000);
    cr_expect_eq(jint(b, "client_id"), k3);
    json_t *churn = json_object_get(r.json, "churn");
    cr_assert_eq(json_array_size(churn), 12);
    json_t *last = json_array_get(churn, 11);
    /* 2026-10 (T 2026-11-01, quiet from 2026-08-03): base K1, K2, K3;
     * churned K2 (05-10), K3 (08-01) */
    cr_expect_str_eq(jstr(last, "month"), "2026-10");
    cr_expect_eq(jint(last, "base"), 3);
    cr_expect_eq(jint(last, "churned"), 2);
    cr_expect(fabs(json_real_value(json_object_get(last, "rate")) - 2.0 / 3) < 1e-12);
    /* 2025-11: nobody paid in the 12 months before 2025-12-01 */
    cr_expect(json_is_null(json_object_get(json_array_get(churn, 0), "rate")));
    vo_test_resp_free(&r);

    r = as(vo_api_user("anna"), "GET", RISK, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(json_array_size(json_object_get(r.json, "clients")), 1, "%s", r.body);
    cr_expect_eq(jint(json_array_get(json_object_get(r.json, "clients"), 0), "client_id"), k3);
    vo_test_resp_free(&r);

    vo_api_expect_all((const struct vo_api_case[]){
        {admin, "PATCH", "/api/v1/org", "{\"settings\":{\"at_risk_days\":0}}", 422, "at_risk_days",
         "at_risk_days 0"},
        {admin, "PATCH", "/api/v1/org", "{\"settings\":{\"at_risk_days\":3651}}", 422,
         "at_risk_days", "at_risk_days too large"},
        {admin, "PATCH", "/api/v1/org", "{\"settings\":{\"abc_basis\":\"deals\"}}", 422,
         "abc_basis", "unknown basis"},
        {admin, "PATCH", "/api/v1/org",
         "{\"settings\":{\"at_risk_days\":30,\"abc_basis\":\"revenue\"}}", 200, NULL, "settings"},
        {NULL, "GET", RISK, NULL, 401, NULL, "anonymous"},
        {0}});
    r = as(head, "GET", RISK, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect_eq(jint(r.json, "days"), 30);
    cl = json_object_get(r.json, "clients");
    cr_assert_eq(json_array_size(cl), 3, "%s", r.body);
    cr_expect_eq(jint(json_array_get(cl, 0), "client_id"), k1);
    vo_test_resp_free(&r);
    r = as(head, "GET", ABC, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect_str_eq(jstr(r.json, "basis"), "revenue");
    cr_expect_eq(jint(r.json, "total"), 200000);
    char *t = abc_text(r.json);
    cr_expect_str_eq(t, "K1 A Z 200000; K2 - Z 0; K3 - Z 0");
    g_free(t);
    vo_test_resp_free(&r);
}

Test(api_clients_abc, csv_export)
{
    struct vo_test_resp r = as(vo_api_user("head"), "GET", ABC "&format=csv", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect(strncmp(r.content_type, "text/csv", 8) == 0, "%s", r.content_type);
    size_t lines = 0;
    for (const char *p = r.body; *p; p++)
        lines += *p == '\n';
    cr_expect_eq(lines, 4, "%s", r.body); /* a header and three clients */
    cr_expect(strstr(r.body, "K3") != NULL, "%s", r.body);
    vo_test_resp_free(&r);
}

/* A task on request: for the owner of the client, titled with its name
 * and the due date; a manager only for their own clients; a viewer
 * never. */
Test(api_clients_abc, risk_task)
{
    const char *path = vo_api_fmt("/api/v1/clients/%lld/risk-task", (long long)k2);
    struct vo_test_resp r =
        as(vo_api_user("head"), "POST", path, "{\"due_at\":\"2026-12-03 15:00\"}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    cr_expect_eq(jint(r.json, "assignee_id"), boris);
    cr_expect_eq(jint(r.json, "client_id"), k2);
    cr_expect_str_eq(jstr(r.json, "title"),
                     "Клиент под угрозой ухода: позвонить «K2» до 03.12.2026");
    cr_expect_str_eq(jstr(r.json, "due_at"), "2026-12-03T15:00:00+03:00");
    cr_expect_str_eq(jstr(r.json, "type"), "call");
    vo_test_resp_free(&r);
    cr_expect_eq(vo_api_count("tasks"), 1);
    r = as(vo_api_user("anna"), "POST", vo_api_fmt("/api/v1/clients/%lld/risk-task", (long long)k3),
           "{}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    cr_expect_eq(jint(r.json, "assignee_id"), vo_api.manager_id);
    cr_expect(strstr(jstr(r.json, "title"), "«K3»") != NULL);
    vo_test_resp_free(&r);
    vo_api_expect_all((const struct vo_api_case[]){
        {vo_api_user("anna"), "POST", path, "{}", 404, NULL, "not her client"},
        {vo_api_user("viewer"), "POST", path, "{}", 403, NULL, "a viewer"},
        {vo_api_user("head"), "POST", path, "{\"due_at\":\"someday\"}", 422, "due_at",
         "bad due_at"},
        {vo_api_user("head"), "POST", path, "{\"title\":\"x\"}", 422, "title", "unknown field"},
        {vo_api_user("head"), "POST", "/api/v1/clients/999999/risk-task", "{}", 404, NULL,
         "no client"},
        {0}});
    cr_expect_eq(vo_api_count("tasks"), 2);
}
