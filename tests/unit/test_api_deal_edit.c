/*
 * test_api_deal_edit.c - every deal field a role may edit through PATCH
 * (docs/api-crm.md, "Writable fields"): the stage (the rule of /move,
 * recorded in the history), the pipeline (only its own: a deal does not
 * change pipeline), the product, a client given later to a quick deal, and
 * a win without an amount refused naming "amount" then given one. Checked
 * in the answers and in the database rows.
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
    vo_api_start_crm(NULL, false, "Новая", "Переговоры", "Счёт", NULL);
}

TestSuite(api_deal_edit, .init = setup, .fini = vo_api_stop, .timeout = 120);

/* The deal's history as "stage/user_id;..." (g_free). */
static char *history(const struct vo_test_login *l, int64_t id)
{
    const char *path = vo_api_fmt("/api/v1/deals/%lld/history", (long long)id);
    struct vo_test_resp r = as(l, "GET", path, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    GString *out = g_string_new(NULL);
    json_t *items = json_object_get(r.json, "items");
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *it = json_array_get(items, i);
        g_string_append_printf(out, "%s/%lld;", jstr(it, "stage"), (long long)jint(it, "user_id"));
    }
    vo_test_resp_free(&r);
    return g_string_free(out, FALSE);
}

Test(api_deal_edit, stage_through_patch)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    const struct vo_test_login *admin = vo_api_user("admin");
    int64_t id = vo_api_create(anna, "/api/v1/deals",
                               "{\"title\":\"Д\",\"pipeline\":\"Продажи\",\"amount\":1000}");
    const char *path = vo_api_fmt("/api/v1/deals/%lld", (long long)id);
    struct vo_test_resp r = as(anna, "PATCH", path, "{\"stage\":\"Переговоры\",\"title\":\"Д2\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "stage"), "Переговоры");
    cr_assert_str_eq(jstr(r.json, "title"), "Д2");
    cr_assert_eq(jint(r.json, "days_in_stage"), 0);
    int64_t stage2 = jint(r.json, "stage_id");
    vo_test_resp_free(&r);
    const char *want = vo_api_fmt("Переговоры/%lld;", (long long)vo_api.manager_id);
    char *h = history(anna, id);
    cr_assert_str_eq(h, want);
    g_free(h);
    /* the stage it is in (by name or id) and its own pipeline: no change,
     * no history row */
    const char *body = vo_api_fmt("{\"stage\":%lld,\"pipeline\":\"Продажи\"}", (long long)stage2);
    vo_api_expect(anna, "PATCH", path, body, 200, NULL, NULL);
    h = history(anna, id);
    cr_assert_str_eq(h, want);
    g_free(h);
    struct vo_api_case bad[] = {
        {anna, "PATCH", path, "{\"stage\":\"Нет такой\"}", 422, "stage", NULL},
        {anna, "PATCH", path, "{\"stage\":null}", 422, "stage", NULL},
        {anna, "PATCH", path, "{\"pipeline\":\"Нет такой\"}", 422, "pipeline", NULL},
        {0},
    };
    vo_api_expect_all(bad);
    /* another pipeline is refused naming it */
    r = as(admin, "POST", "/api/v1/pipelines", "{\"name\":\"Тендеры\"}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    int64_t other = jint(r.json, "id");
    vo_test_resp_free(&r);
    const char *stages = vo_api_fmt("/api/v1/pipelines/%lld/stages", (long long)other);
    vo_api_expect(admin, "POST", stages, "{\"name\":\"Заявка\"}", 201, NULL, NULL);
    vo_api_expect(anna, "PATCH", path, "{\"pipeline\":\"Тендеры\",\"stage\":\"Заявка\"}", 422,
                  "pipeline", NULL);
    vo_api_expect(anna, "PATCH", path, "{\"stage\":\"Заявка\"}", 422, "stage", NULL);
    struct vo_deal_row row = vo_api_deal(id);
    cr_assert_eq(row.d.stage_id, stage2);
    cr_assert_str_eq(row.d.title, "Д2");
    /* a closed deal's stage does not change */
    const char *win = vo_api_fmt("%s/win", path);
    vo_api_expect(anna, "POST", win, "{}", 200, NULL, NULL);
    r = as(anna, "PATCH", path, "{\"stage\":\"Счёт\"}");
    cr_assert_eq(r.status, 409, "%s", r.body);
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_deal(id).d.stage_id, stage2);
}

Test(api_deal_edit, product_client_and_win_amount)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    const struct vo_test_login *admin = vo_api_user("admin");
    struct vo_test_resp r =
        as(admin, "POST", "/api/v1/products", "{\"name\":\"Станок\",\"price\":5000000}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    int64_t product = jint(r.json, "id");
    vo_test_resp_free(&r);
    /* a quick deal: no client, no amount, no product */
    r = as(anna, "POST", "/api/v1/deals", "{\"title\":\"Быстрая\",\"pipeline\":\"Продажи\"}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    int64_t id = jint(r.json, "id");
    cr_assert(json_is_null(json_object_get(r.json, "client_id")), "%s", r.body);
    cr_assert(json_is_null(json_object_get(r.json, "product_id")), "%s", r.body);
    vo_test_resp_free(&r);
    const char *path = vo_api_fmt("/api/v1/deals/%lld", (long long)id);

    /* the product */
    const char *body = vo_api_fmt("{\"product_id\":%lld}", (long long)product);
    cr_assert_eq(vo_api_int(anna, "PATCH", path, body, 200, "product_id"), product);
    cr_assert_eq(vo_api_deal(id).d.product_id, product);
    vo_api_expect_all((const struct vo_api_case[]){
        {anna, "PATCH", path, "{\"product_id\":999999}", 422, "product_id", NULL},
        {anna, "PATCH", path, "{\"product_id\":0}", 422, "product_id", NULL},
        {anna, "PATCH", path, "{\"product_id\":\"1\"}", 422, "product_id", NULL},
        {0}});
    cr_assert_eq(vo_api_deal(id).d.product_id, product);
    r = as(anna, "PATCH", path, "{\"product_id\":null}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert(json_is_null(json_object_get(r.json, "product_id")), "%s", r.body);
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_deal(id).d.product_id, 0);

    /* the client, given later */
    r = as(anna, "POST", "/api/v1/clients", "{\"name\":\"ООО Ромашка\"}");
    int64_t client = jint(r.json, "id");
    vo_test_resp_free(&r);
    body = vo_api_fmt("{\"client_id\":%lld}", (long long)client);
    r = as(anna, "PATCH", path, body);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(jint(r.json, "client_id"), client);
    cr_assert_str_eq(jstr(r.json, "client"), "ООО Ромашка");
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_deal(id).d.client_id, client);

    /* a win without an amount names the field; then with one */
    const char *win = vo_api_fmt("%s/win", path);
    r = as(anna, "POST", win, "{}");
    vo_test_expect(&r, 422, "amount", "win without an amount");
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_deal(id).d.status, VO_DEAL_OPEN);
    r = as(anna, "POST", win, "{\"amount\":4500000}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "status"), "won");
    cr_assert_eq(jint(r.json, "amount"), 4500000);
    vo_test_resp_free(&r);
    struct vo_deal_row row = vo_api_deal(id);
    cr_assert_eq(row.d.status, VO_DEAL_WON);
    cr_assert_eq(row.d.amount, 4500000);
}
