/*
 * test_api_deal_products.c - a deal's products through the real HTTP
 * server (docs/api-crm.md, "Deal products"): the list replaced whole, the
 * amount following the sum (worked out below) until it is set by hand and
 * again after amount null, checked arithmetic at the bound, bad items
 * named, versions, who may see and change them, and the rows in the
 * database.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "api_fixture.h"
#include "http/http.h"
#include "testutil.h"

static void setup(void)
{
    vo_api_start_crm(NULL, true, "Новая", "Переговоры", NULL);
}

TestSuite(api_deal_products, .init = setup, .fini = vo_api_stop, .timeout = 120);

/* The deal's product rows in the database. */
static size_t db_products(int64_t deal)
{
    struct vo_store *st = vo_api_open(0);
    struct vo_error e = {0};
    struct vo_deal_product *v = NULL;
    size_t n = 0;
    cr_assert_eq(vo_store_deal_products(st, vo_api.org_id, deal, vo_api_arena(), &v, &n, &e), VO_OK,
                 "%s", e.msg);
    vo_store_close(st);
    return n;
}

/* PUT body as anna to the deal's products: must answer status. */
static struct vo_test_resp put(const struct vo_test_login *l, const char *path, const char *body)
{
    return as(l, "PUT", path, body);
}

Test(api_deal_products, amount_follows_until_set_by_hand)
{
    const struct vo_test_login *admin = vo_api_user("admin");
    const struct vo_test_login *anna = vo_api_user("anna");
    int64_t p1 = vo_api_create(admin, "/api/v1/products", "{\"name\":\"Станок\",\"price\":100000}");
    int64_t p2 = vo_api_create(admin, "/api/v1/products", "{\"name\":\"Монтаж\",\"price\":250000}");
    int64_t deal =
        vo_api_create(anna, "/api/v1/deals", "{\"title\":\"Д\",\"pipeline\":\"Продажи\"}");
    const char *path = vo_api_fmt("/api/v1/deals/%lld/products", (long long)deal);
    const char *dpath = vo_api_fmt("/api/v1/deals/%lld", (long long)deal);

    struct vo_test_resp r = as(anna, "GET", path, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(json_array_size(json_object_get(r.json, "items")), 0);
    cr_assert_eq(jint(r.json, "total"), 0);
    cr_assert(json_is_null(json_object_get(r.json, "amount")));
    cr_assert(json_is_false(json_object_get(r.json, "amount_manual")));
    cr_assert_str_eq(r.etag, "\"0\"");
    vo_test_resp_free(&r);

    /* 2 x 100000 (the catalogue's price) + 1 x 200000 (given) = 400000 */
    const char *body = vo_api_fmt("{\"items\":[{\"product_id\":%lld,\"quantity\":2},"
                                  "{\"product_id\":%lld,\"quantity\":1,\"price\":200000}]}",
                                  (long long)p1, (long long)p2);
    r = put(anna, path, body);
    cr_assert_eq(r.status, 200, "%s", r.body);
    json_t *items = json_object_get(r.json, "items");
    cr_assert_eq(json_array_size(items), 2);
    cr_assert_str_eq(jstr(json_array_get(items, 0), "product"), "Станок");
    cr_assert_eq(jint(json_array_get(items, 0), "price"), 100000);
    cr_assert_eq(jint(json_array_get(items, 0), "total"), 200000);
    cr_assert_eq(jint(json_array_get(items, 1), "price"), 200000);
    cr_assert_eq(jint(r.json, "total"), 400000);
    cr_assert_eq(jint(r.json, "amount"), 400000);
    cr_assert_eq(jint(r.json, "version"), 1);
    cr_assert_str_eq(r.etag, "\"1\"");
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_deal(deal).d.amount, 400000);
    cr_assert_eq(db_products(deal), 2);

    /* replaced whole: 3 x 100000 = 300000 */
    body = vo_api_fmt("{\"items\":[{\"product_id\":%lld,\"quantity\":3}]}", (long long)p1);
    r = put(anna, path, body);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(jint(r.json, "amount"), 300000);
    vo_test_resp_free(&r);
    cr_assert_eq(db_products(deal), 1);
    cr_assert_eq(vo_api_deal(deal).d.amount, 300000);

    /* set by hand: the products no longer move it */
    vo_api_expect(anna, "PATCH", dpath, "{\"amount\":999}", 200, NULL, NULL);
    body = vo_api_fmt("{\"items\":[{\"product_id\":%lld,\"quantity\":2}]}", (long long)p2);
    r = put(anna, path, body);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(jint(r.json, "total"), 500000);
    cr_assert_eq(jint(r.json, "amount"), 999);
    cr_assert(json_is_true(json_object_get(r.json, "amount_manual")));
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_deal(deal).d.amount, 999);
    /* amount null gives it back to the products: 2 x 250000 */
    cr_assert_eq(vo_api_int(anna, "PATCH", dpath, "{\"amount\":null}", 200, "amount"), 500000);
    r = as(anna, "GET", path, NULL);
    cr_assert(json_is_false(json_object_get(r.json, "amount_manual")));
    int64_t v = jint(r.json, "version");
    vo_test_resp_free(&r);

    /* a stale version: 409 with the current list, nothing written */
    body = vo_api_fmt("{\"items\":[],\"version\":%lld}", (long long)(v - 1));
    r = put(anna, path, body);
    cr_assert_eq(r.status, 409, "%s", r.body);
    cr_assert_str_eq(jstr(json_object_get(r.json, "error"), "code"), "version_conflict");
    cr_assert_eq(jint(json_object_get(r.json, "current"), "total"), 500000);
    vo_test_resp_free(&r);
    cr_assert_eq(db_products(deal), 1);
    /* an empty list at the current version: no products, the amount stays */
    body = vo_api_fmt("{\"items\":[],\"version\":%lld}", (long long)v);
    r = put(anna, path, body);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(jint(r.json, "total"), 0);
    cr_assert_eq(jint(r.json, "amount"), 500000);
    vo_test_resp_free(&r);
    cr_assert_eq(db_products(deal), 0);
}

Test(api_deal_products, bad_items_and_who)
{
    const struct vo_test_login *admin = vo_api_user("admin");
    const struct vo_test_login *anna = vo_api_user("anna");
    const struct vo_test_login *boris = vo_api_user("boris");
    const struct vo_test_login *viewer = vo_api_user("viewer");
    int64_t p1 = vo_api_create(admin, "/api/v1/products", "{\"name\":\"Станок\",\"price\":100000}");
    int64_t deal = vo_api_create(anna, "/api/v1/deals",
                                 "{\"title\":\"Д\",\"pipeline\":\"Продажи\",\"amount\":7}");
    const char *path = vo_api_fmt("/api/v1/deals/%lld/products", (long long)deal);
    char *b[8];
    b[0] = g_strdup_printf("{\"items\":[{\"product_id\":%lld,\"quantity\":0}]}", (long long)p1);
    b[1] = g_strdup("{\"items\":[{\"product_id\":999999,\"quantity\":1}]}");
    b[2] = g_strdup_printf("{\"items\":[{\"product_id\":%lld,\"quantity\":1,\"price\":-1}]}",
                           (long long)p1);
    b[3] = g_strdup_printf("{\"items\":[{\"product_id\":%lld,\"quantity\":1,\"discount\":5}]}",
                           (long long)p1);
    /* 10^6 x 10^15 leaves int64; 10^15 + 10^15 leaves the amounts' bound */
    b[4] = g_strdup_printf(
        "{\"items\":[{\"product_id\":%lld,\"quantity\":1000000,\"price\":1000000000000000}]}",
        (long long)p1);
    b[5] = g_strdup_printf("{\"items\":[{\"product_id\":%lld,\"quantity\":1,\"price\":"
                           "1000000000000000},{\"product_id\":%lld,\"quantity\":1,\"price\":1}]}",
                           (long long)p1, (long long)p1);
    b[6] = g_strdup_printf("{\"items\":[{\"quantity\":1}]}");
    b[7] = g_strdup("{\"items\":{}}");
    const struct vo_api_case cases[] = {{anna, "PUT", path, b[0], 422, "items[0].quantity", NULL},
                                        {anna, "PUT", path, b[1], 422, "items[0].product_id", NULL},
                                        {anna, "PUT", path, b[2], 422, "items[0].price", NULL},
                                        {anna, "PUT", path, b[3], 422, "items[0].discount", NULL},
                                        {anna, "PUT", path, b[4], 422, "items", NULL},
                                        {anna, "PUT", path, b[5], 422, "items", NULL},
                                        {anna, "PUT", path, b[6], 422, "items[0].product_id", NULL},
                                        {anna, "PUT", path, b[7], 422, "items", NULL},
                                        {boris, "GET", path, NULL, 404, NULL, NULL},
                                        {boris, "PUT", path, "{\"items\":[]}", 404, NULL, NULL},
                                        {viewer, "PUT", path, "{\"items\":[]}", 403, NULL, NULL},
                                        {0}};
    vo_api_expect_all(cases);
    cr_assert_eq(db_products(deal), 0);
    cr_assert_eq(vo_api_deal(deal).d.amount, 7);
    /* a won deal's products no longer change */
    const char *win = vo_api_fmt("/api/v1/deals/%lld/win", (long long)deal);
    vo_api_expect(anna, "POST", win, "{}", 200, NULL, NULL);
    vo_api_expect(anna, "PUT", path, "{\"items\":[]}", 409, "status", NULL);
    vo_api_expect(viewer, "GET", path, NULL, 200, NULL, NULL);
    for (size_t i = 0; i < 8; i++)
        g_free(b[i]);
}
