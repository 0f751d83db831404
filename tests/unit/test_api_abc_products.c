/*
 * test_api_abc_products.c - GET /api/v1/reports/abc-xyz?of=products
 * through the real HTTP server (docs/reports.md, "ABC of products"): the
 * exact JSON, a manager reading only the deals they own, the CSV export,
 * and a bad `of` refused naming the field (422, as every invalid argument:
 * http/request.c maps VO_EINVAL to it).
 *
 * The company (Europe/Moscow), as_of 2026-11-30: E = 2026-12-01 00:00, the
 * window [2025-12-01, 2026-12-01).
 *   W1 (Анна, the manager) won 2026-11-20, 1000, lines A1 1 x 500 and A2
 *      1 x 250 (W = 750): A1 1000*500/750 = 666 (rem 500), A2 333 (rem
 *      250); the unit left goes to A1: A1 667, A2 333.
 *   W2 (Борис) won 2026-06-10, 2000, product A2, no lines.
 *   W3 (Борис) won 2026-07-01, 300, no product: unassigned.
 * Whole: A2 2333 (A, cum 2333/3000), A1 667 (before 77.8% -> A, cum 1);
 *   total 3000, unassigned 300; classes A {2, 3000}.
 * Анна: W1 only: A1 667 (A), A2 333 (before 66.7% -> A); total 1000,
 *   unassigned 0.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "api_fixture.h"
#include "fixture.h"
#include "testutil.h"

static int64_t a1, a2;

static int64_t product(struct vo_store *st, struct vo_svc *svc, const char *ext, const char *name)
{
    struct vo_error e = {0};
    struct vo_product x = {.org_id = svc->org.id, .ext_id = ext, .name = name};
    cr_assert_eq(vo_store_product_insert(st, &x, &e), VO_OK, "%s", e.msg);
    return x.id;
}

static int64_t deal(struct vo_store *st, struct vo_svc *svc, const char *ext, int64_t pipe,
                    int64_t stage, int64_t owner, int64_t amount, const char *closed, int64_t prod)
{
    struct vo_deal d = {.org_id = svc->org.id,
                        .ext_id = ext,
                        .title = ext,
                        .product_id = prod,
                        .pipeline_id = pipe,
                        .stage_id = stage,
                        .owner_id = owner,
                        .status = VO_DEAL_WON,
                        .amount = amount,
                        .created_at = vo_fx_at("2025-11-02 10:00"),
                        .closed_at = vo_fx_at(closed),
                        .custom = "{}"};
    vo_fx_put_deal(st, &d);
    return d.id;
}

static void extra(struct vo_store *st, struct vo_svc *svc)
{
    int64_t boris = vo_test_company_user(svc, "Борис Менеджер", "boris@example.com", "manager");
    vo_fx_use(st, svc);
    int64_t pipe;
    vo_fx_begin_sales(&pipe);
    int64_t s = vo_fx_stage(pipe, "New", 1, VO_NULL);
    a1 = product(st, svc, "A1", "Касса");
    a2 = product(st, svc, "A2", "Сканер");
    int64_t w1 = deal(st, svc, "W1", pipe, s, vo_api.manager_id, 1000, "2026-11-20 12:00", 0);
    struct vo_deal_product lines[] = {{.product_id = a1, .quantity = 1, .price = 500},
                                      {.product_id = a2, .quantity = 1, .price = 250}};
    struct vo_error e = {0};
    cr_assert_eq(vo_store_deal_products_set(st, svc->org.id, w1, lines, 2, &e), VO_OK, "%s", e.msg);
    deal(st, svc, "W2", pipe, s, boris, 2000, "2026-06-10 12:00", a2);
    deal(st, svc, "W3", pipe, s, boris, 300, "2026-07-01 12:00", 0);
    cr_assert_eq(vo_store_commit(st, &e), VO_OK, "%s", e.msg);
}

static void setup(void)
{
    vo_api_start(NULL, extra);
}

TestSuite(api_abc_products, .init = setup, .fini = vo_api_stop, .timeout = 120);

#define ABCP "/api/v1/reports/abc-xyz?as_of=2026-11-30&of=products"

/* The rows as "ext abc revenue deals quantity; ..." for one comparison. */
static char *rows_text(const json_t *root)
{
    GString *s = g_string_new(NULL);
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(root, "products"), i, r)
        g_string_append_printf(s, "%s%s %s %lld %lld %lld", i ? "; " : "", jstr(r, "ext_id"),
                               jstr(r, "abc"), (long long)jint(r, "revenue"),
                               (long long)jint(r, "deals_won"), (long long)jint(r, "quantity"));
    return g_string_free(s, FALSE);
}

Test(api_abc_products, whole_and_restricted)
{
    const char *whole[] = {"head", "viewer", "admin"};
    for (size_t k = 0; k < 3; k++) {
        struct vo_test_resp r = as(vo_api_user(whole[k]), "GET", ABCP, NULL);
        cr_assert_eq(r.status, 200, "%s: %d %s", whole[k], r.status, r.body);
        cr_expect_str_eq(jstr(r.json, "of"), "products");
        cr_expect_str_eq(jstr(r.json, "from"), "2025-12-01");
        cr_expect_str_eq(jstr(r.json, "to"), "2026-11-30");
        cr_expect_str_eq(jstr(r.json, "basis"), "revenue");
        cr_expect_eq(jint(r.json, "total"), 3000);
        cr_expect_eq(jint(r.json, "unassigned"), 300);
        char *t = rows_text(r.json);
        cr_expect_str_eq(t, "A2 A 2333 2 2; A1 A 667 1 1", "%s", whole[k]);
        g_free(t);
        json_t *first = json_array_get(json_object_get(r.json, "products"), 0);
        cr_expect_eq(jint(first, "product_id"), a2);
        cr_expect_str_eq(jstr(first, "name"), "Сканер");
        cr_expect(json_is_null(json_object_get(first, "category")));
        cr_expect(fabs(json_real_value(json_object_get(first, "cum_share")) - 2333.0 / 3000) <
                  1e-12);
        json_t *a = json_object_get(json_object_get(r.json, "classes"), "A");
        cr_expect_eq(jint(a, "products"), 2);
        cr_expect_eq(jint(a, "revenue"), 3000);
        json_t *c = json_object_get(json_object_get(r.json, "classes"), "C");
        cr_expect_eq(jint(c, "products"), 0);
        vo_test_resp_free(&r);
    }
    struct vo_test_resp r = as(vo_api_user("anna"), "GET", ABCP, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    char *t = rows_text(r.json);
    cr_expect_str_eq(t, "A1 A 667 1 1; A2 A 333 1 1");
    g_free(t);
    cr_expect_eq(jint(r.json, "total"), 1000);
    cr_expect_eq(jint(r.json, "unassigned"), 0);
    vo_test_resp_free(&r);
    /* the clients' report is still the default, and ?of=clients is it too */
    r = as(vo_api_user("head"), "GET", "/api/v1/reports/abc-xyz?as_of=2026-11-30&of=clients", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect(json_is_array(json_object_get(r.json, "clients")));
    cr_expect(json_object_get(r.json, "products") == NULL);
    vo_test_resp_free(&r);
}

Test(api_abc_products, csv_export_and_bad_of)
{
    struct vo_test_resp r = as(vo_api_user("head"), "GET", ABCP "&format=csv", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect(strncmp(r.content_type, "text/csv", 8) == 0, "%s", r.content_type);
    size_t lines = 0;
    for (const char *p = r.body; *p; p++)
        lines += *p == '\n';
    cr_expect_eq(lines, 3, "%s", r.body); /* a header and two products */
    cr_expect(strstr(r.body, "Касса") != NULL, "%s", r.body);
    cr_expect(strstr(r.body, "Quantity") != NULL, "%s", r.body);
    cr_expect(strstr(r.body, "Deals won") != NULL, "%s", r.body);
    vo_test_resp_free(&r);
    vo_api_expect_all((const struct vo_api_case[]){
        {vo_api_user("head"), "GET", "/api/v1/reports/abc-xyz?as_of=2026-11-30&of=goods", NULL, 422,
         "of", "a bad of"},
        {0}});
}
