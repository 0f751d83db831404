/*
 * test_api_custom_fields.c - the org's custom fields through the real
 * HTTP server (docs/api-crm.md, "Custom fields"): definitions managed by
 * admin and head (a manager and a viewer read them), values of every type
 * checked on deals and clients (create and PATCH), required fields, the
 * stored JSON in the database, `custom` in the objects, and the list
 * filter ?custom.KEY=value.
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
    vo_api_start_crm(NULL, false, "Новая", "Переговоры", NULL);
}

TestSuite(api_custom_fields, .init = setup, .fini = vo_api_stop, .timeout = 120);

static const char *db_custom(const char *table, int64_t id)
{
    struct vo_store *st = vo_api_open(0);
    struct vo_error e = {0};
    const char *out = NULL;
    if (strcmp(table, "deals") == 0) {
        struct vo_deal_row row;
        cr_assert_eq(vo_store_deal_get(st, vo_api.org_id, id, vo_api_arena(), &row, &e), VO_OK);
        out = row.d.custom;
    } else {
        struct vo_client c;
        cr_assert_eq(vo_store_client_get(st, vo_api.org_id, id, vo_api_arena(), &c, &e), VO_OK);
        out = c.custom;
    }
    vo_store_close(st);
    return out;
}

/* The answer's "custom" object as compact sorted JSON (g_free). */
static char *custom_of(const json_t *o)
{
    char *t = json_dumps(json_object_get(o, "custom"), JSON_COMPACT | JSON_SORT_KEYS);
    char *out = g_strdup(t);
    free(t);
    return out;
}

Test(api_custom_fields, definitions)
{
    const struct vo_test_login *head = vo_api_user("head");
    const struct vo_test_login *anna = vo_api_user("anna");
    const struct vo_test_login *viewer = vo_api_user("viewer");
    struct vo_test_resp r =
        as(head, "POST", "/api/v1/custom-fields",
           "{\"entity\":\"deal\",\"key\":\"tender\",\"label\":\"Тендер\",\"type\":\"list\","
           "\"options\":[\"44-ФЗ\",\"223-ФЗ\"],\"required\":true}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    int64_t id = jint(r.json, "id");
    cr_assert_str_eq(jstr(r.json, "key"), "tender");
    cr_assert_eq(jint(r.json, "position"), 1);
    cr_assert(json_is_true(json_object_get(r.json, "required")));
    cr_assert_eq(json_array_size(json_object_get(r.json, "options")), 2);
    vo_test_resp_free(&r);
    /* the next one goes after it */
    cr_assert_eq(
        vo_api_int(
            head, "POST", "/api/v1/custom-fields",
            "{\"entity\":\"deal\",\"key\":\"area_m2\",\"label\":\"Площадь\",\"type\":\"number\"}",
            201, "position"),
        2);
    vo_api_expect_all((const struct vo_api_case[]){
        /* a manager and a viewer read, only admin and head write */
        {anna, "POST", "/api/v1/custom-fields",
         "{\"entity\":\"deal\",\"key\":\"x\",\"label\":\"X\",\"type\":\"text\"}", 403, NULL, NULL},
        {viewer, "DELETE", "/api/v1/custom-fields/1", NULL, 403, NULL, NULL},
        /* bad definitions name their field */
        {head, "POST", "/api/v1/custom-fields",
         "{\"entity\":\"deal\",\"key\":\"tender\",\"label\":\"Т\",\"type\":\"text\"}", 409, "key",
         NULL},
        {head, "POST", "/api/v1/custom-fields",
         "{\"entity\":\"task\",\"key\":\"x\",\"label\":\"X\",\"type\":\"text\"}", 422, "entity",
         NULL},
        {head, "POST", "/api/v1/custom-fields",
         "{\"entity\":\"deal\",\"key\":\"Bad Key\",\"label\":\"X\",\"type\":\"text\"}", 422, "key",
         NULL},
        {head, "POST", "/api/v1/custom-fields",
         "{\"entity\":\"deal\",\"key\":\"x\",\"label\":\"X\",\"type\":\"money\"}", 422, "type",
         NULL},
        {head, "POST", "/api/v1/custom-fields",
         "{\"entity\":\"deal\",\"key\":\"x\",\"label\":\"X\",\"type\":\"list\"}", 422, "options",
         NULL},
        {head, "POST", "/api/v1/custom-fields",
         "{\"entity\":\"deal\",\"key\":\"x\",\"label\":\"X\",\"type\":\"list\",\"options\":[\"a\","
         "\"a\"]}",
         422, "options", NULL},
        {head, "POST", "/api/v1/custom-fields",
         "{\"entity\":\"deal\",\"key\":\"x\",\"label\":\"X\",\"type\":\"text\",\"options\":[\"a\"]"
         "}",
         422, "options", NULL},
        {head, "POST", "/api/v1/custom-fields",
         "{\"entity\":\"deal\",\"key\":\"x\",\"type\":\"text\"}", 422, "label", NULL},
        {head, "POST", "/api/v1/custom-fields",
         "{\"entity\":\"deal\",\"key\":\"x\",\"label\":true,\"type\":\"text\"}", 422, "label",
         "a boolean for a text"},
        {head, "POST", "/api/v1/custom-fields",
         "{\"entity\":\"deal\",\"key\":\"k12345678901234567890123456789012345678901\","
         "\"label\":\"X\",\"type\":\"text\"}",
         422, "key", "a key of over 40 characters"},
        {0}});
    const char *path = vo_api_fmt("/api/v1/custom-fields/%lld", (long long)id);
    vo_api_expect(head, "PATCH", path, "{\"type\":\"text\"}", 422, "type", NULL);
    vo_api_expect(head, "PATCH", path, "{\"key\":\"other\"}", 422, "key", NULL);
    r = as(head, "PATCH", path,
           "{\"label\":\"Закупка\",\"options\":[\"44-ФЗ\",\"223-ФЗ\",\"Коммерческая\"],"
           "\"position\":5}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "label"), "Закупка");
    cr_assert_eq(jint(r.json, "position"), 5);
    cr_assert_eq(json_array_size(json_object_get(r.json, "options")), 3);
    vo_test_resp_free(&r);
    /* everyone reads the definitions, in position order */
    json_t *items = vo_api_list(anna, "/api/v1/custom-fields?entity=deal", 2);
    cr_assert_str_eq(jstr(json_array_get(items, 0), "key"), "area_m2");
    cr_assert_str_eq(jstr(json_array_get(items, 1), "key"), "tender");
    json_decref(items);
    cr_assert_eq(vo_api_items(viewer, "/api/v1/custom-fields?entity=client"), 0);
    vo_api_expect(anna, "GET", "/api/v1/custom-fields?entity=task", NULL, 422, "entity", NULL);
    int64_t audit = vo_api_count("audit_log");
    vo_api_expect(head, "DELETE", path, NULL, 200, NULL, NULL);
    cr_assert_eq(vo_api_count("audit_log"), audit + 1);
    vo_api_expect(head, "DELETE", path, NULL, 404, NULL, NULL);
    cr_assert_eq(vo_api_items(anna, "/api/v1/custom-fields"), 1);
}

Test(api_custom_fields, values_and_filter)
{
    const struct vo_test_login *head = vo_api_user("head");
    const struct vo_test_login *anna = vo_api_user("anna");
    static const char *const defs[] = {
        /* one literal over two lines (parenthesized: clang's -Wstring-concatenation) */
        ("{\"entity\":\"deal\",\"key\":\"tender\",\"label\":\"Тендер\",\"type\":\"list\","
         "\"options\":[\"44-ФЗ\",\"223-ФЗ\"],\"required\":true}"),
        "{\"entity\":\"deal\",\"key\":\"area\",\"label\":\"Площадь\",\"type\":\"number\"}",
        "{\"entity\":\"deal\",\"key\":\"deadline\",\"label\":\"Срок\",\"type\":\"date\"}",
        "{\"entity\":\"client\",\"key\":\"inn\",\"label\":\"ИНН\",\"type\":\"text\"}",
    };
    for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++)
        vo_api_create(head, "/api/v1/custom-fields", defs[i]);

    /* a create must give the required field; each value fits its type */
    vo_api_expect_all((const struct vo_api_case[]){
        {anna, "POST", "/api/v1/deals", "{\"title\":\"Д\",\"pipeline\":\"Продажи\"}", 422,
         "custom.tender", NULL},
        {anna, "POST", "/api/v1/deals",
         "{\"title\":\"Д\",\"pipeline\":\"Продажи\",\"custom\":{\"tender\":\"нет\"}}", 422,
         "custom.tender", NULL},
        {anna, "POST", "/api/v1/deals",
         "{\"title\":\"Д\",\"pipeline\":\"Продажи\",\"custom\":{\"tender\":\"44-ФЗ\",\"area\":"
         "\"много\"}}",
         422, "custom.area", NULL},
        {anna, "POST", "/api/v1/deals",
         "{\"title\":\"Д\",\"pipeline\":\"Продажи\",\"custom\":{\"tender\":\"44-ФЗ\",\"area\":"
         "1e16}}",
         422, "custom.area", NULL},
        {anna, "POST", "/api/v1/deals",
         "{\"title\":\"Д\",\"pipeline\":\"Продажи\",\"custom\":{\"tender\":\"44-ФЗ\","
         "\"deadline\":\"2026-02-30\"}}",
         422, "custom.deadline", NULL},
        {anna, "POST", "/api/v1/deals",
         "{\"title\":\"Д\",\"pipeline\":\"Продажи\",\"custom\":{\"tender\":\"44-ФЗ\",\"inn\":"
         "\"7707083893\"}}",
         422, "custom.inn", NULL}, /* a client's field, not a deal's */
        {anna, "POST", "/api/v1/deals", "{\"title\":\"Д\",\"pipeline\":\"Продажи\",\"custom\":[1]}",
         422, "custom", NULL},
        {0}});
    cr_assert_eq(vo_api_count("deals"), 0);
    struct vo_test_resp r = as(anna, "POST", "/api/v1/deals",
                               "{\"title\":\"Д1\",\"pipeline\":\"Продажи\",\"custom\":{\"tender\":"
                               "\"44-ФЗ\",\"area\":120.5,\"deadline\":\"2026-12-25\"}}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    int64_t d1 = jint(r.json, "id");
    char *c = custom_of(r.json);
    cr_assert_str_eq(c, "{\"area\":120.5,\"deadline\":\"2026-12-25\",\"tender\":\"44-ФЗ\"}");
    g_free(c);
    vo_test_resp_free(&r);
    cr_assert_str_eq(db_custom("deals", d1),
                     "{\"area\":120.5,\"deadline\":\"2026-12-25\",\"tender\":\"44-ФЗ\"}");
    int64_t d2 = vo_api_create(anna, "/api/v1/deals",
                               "{\"title\":\"Д2\",\"pipeline\":\"Продажи\",\"custom\":{\"tender\":"
                               "\"223-ФЗ\",\"area\":80}}");

    /* PATCH merges: a key given is set, null clears it; the required one
     * may not be cleared */
    const char *path = vo_api_fmt("/api/v1/deals/%lld", (long long)d1);
    r = as(anna, "PATCH", path, "{\"custom\":{\"area\":null,\"tender\":\"223-ФЗ\"}}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    c = custom_of(r.json);
    cr_assert_str_eq(c, "{\"deadline\":\"2026-12-25\",\"tender\":\"223-ФЗ\"}");
    g_free(c);
    vo_test_resp_free(&r);
    vo_api_expect(anna, "PATCH", path, "{\"custom\":{\"tender\":null}}", 422, "custom.tender",
                  NULL);
    vo_api_expect(anna, "PATCH", path, "{\"custom\":{\"nope\":1}}", 422, "custom.nope", NULL);
    cr_assert_str_eq(db_custom("deals", d1), "{\"deadline\":\"2026-12-25\",\"tender\":\"223-ФЗ\"}");
    /* a PATCH without custom leaves it as it is */
    vo_api_expect(anna, "PATCH", path, "{\"title\":\"Д1 новая\"}", 200, NULL, NULL);
    cr_assert_str_eq(db_custom("deals", d1), "{\"deadline\":\"2026-12-25\",\"tender\":\"223-ФЗ\"}");

    /* the list filter: a text (list) value, a number compared as one */
    r = as(anna, "GET", "/api/v1/deals?custom.tender=223-%D0%A4%D0%97", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(json_array_size(json_object_get(r.json, "items")), 2, "%s", r.body);
    vo_test_resp_free(&r);
    json_t *items = vo_api_list(anna, "/api/v1/deals?custom.area=80.0", 1);
    cr_assert_eq(jint(json_array_get(items, 0), "id"), d2);
    json_decref(items);
    cr_assert_eq(vo_api_items(anna, "/api/v1/deals?custom.deadline=2026-12-25"), 1);
    cr_assert_eq(vo_api_items(anna, "/api/v1/deals?custom.area=81"), 0);
    vo_api_expect_all((const struct vo_api_case[]){
        {anna, "GET", "/api/v1/deals?custom.area=abc", NULL, 422, "custom.area", NULL},
        {anna, "GET", "/api/v1/deals?custom.deadline=2026-13-01", NULL, 422, "custom.deadline",
         NULL},
        {anna, "GET", "/api/v1/deals?custom.area=1&custom.tender=x", NULL, 422, NULL, NULL},
        {0}});

    /* clients: the same on their own fields */
    r = as(anna, "POST", "/api/v1/clients",
           "{\"name\":\"ООО Ромашка\",\"custom\":{\"inn\":\"7707083893\"}}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    int64_t client = jint(r.json, "id");
    c = custom_of(r.json);
    cr_assert_str_eq(c, "{\"inn\":\"7707083893\"}");
    g_free(c);
    vo_test_resp_free(&r);
    vo_api_expect(anna, "POST", "/api/v1/clients",
                  "{\"name\":\"Б\",\"custom\":{\"tender\":\"44-ФЗ\"}}", 422, "custom.tender", NULL);
    const char *cpath = vo_api_fmt("/api/v1/clients/%lld", (long long)client);
    vo_api_expect(anna, "PATCH", cpath, "{\"custom\":{\"inn\":\"7707083894\"}}", 200, NULL, NULL);
    cr_assert_str_eq(db_custom("clients", client), "{\"inn\":\"7707083894\"}");
    cr_assert_eq(vo_api_items(anna, "/api/v1/clients?custom.inn=7707083894"), 1);
    cr_assert_eq(vo_api_items(anna, "/api/v1/clients?custom.inn=7707083893"), 0);
}
