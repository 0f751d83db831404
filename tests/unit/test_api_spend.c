/*
 * test_api_spend.c - marketing spend per channel and month through the
 * real HTTP server (docs/marketing.md): PUT creates then replaces, GET
 * lists a range of months with its total, DELETE removes, each write with
 * its audit row; who may read and write; the bounds named by field; a
 * channel written in Cyrillic in the path; and the channels report reading
 * what was just written (it is never cached).
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <string.h>

#include "api_fixture.h"
#include "fixture.h"
#include "testutil.h"

static void setup(void)
{
    vo_api_start(NULL, NULL);
}

TestSuite(api_spend, .init = setup, .fini = vo_api_stop, .timeout = 120);

#define SP "/api/v1/marketing-spend"
/* «Сайт» percent-encoded */
#define SAIT "%D0%A1%D0%B0%D0%B9%D1%82"

Test(api_spend, put_list_delete)
{
    const struct vo_test_login *head = vo_api_user("head");
    struct vo_test_resp r = as(head, "PUT", SP "/" SAIT "/2026-11", "{\"amount\":150000}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    cr_expect_str_eq(jstr(r.json, "channel"), "Сайт");
    cr_expect_str_eq(jstr(r.json, "month"), "2026-11");
    cr_expect_eq(jint(r.json, "amount"), 150000);
    cr_expect(json_is_true(json_object_get(r.json, "created")));
    vo_test_resp_free(&r);
    r = as(head, "PUT", SP "/" SAIT "/2026-11", "{\"amount\":90000}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect(json_is_false(json_object_get(r.json, "created")));
    vo_test_resp_free(&r);
    r = as(head, "PUT", SP "/web/2026-10", "{\"amount\":0}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    vo_test_resp_free(&r);
    r = as(head, "PUT", SP "/web/2026-12", "{\"amount\":1000000000000000}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    vo_test_resp_free(&r);
    cr_expect_eq(vo_api_audit("spend.put", "marketing_spend", vo_api.head_id), 4);

    /* the range 2026-10..2026-11: web 0 and Сайт 90000 (by channel, byte order) */
    r = as(vo_api_user("viewer"), "GET", SP "?from=2026-10&to=2026-11", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    json_t *want = json_loads("[{\"channel\":\"web\",\"month\":\"2026-10\",\"amount\":0},"
                              "{\"channel\":\"Сайт\",\"month\":\"2026-11\",\"amount\":90000}]",
                              0, NULL);
    cr_expect(json_equal(json_object_get(r.json, "rows"), want), "%s", r.body);
    cr_expect_eq(jint(r.json, "total"), 90000);
    json_decref(want);
    vo_test_resp_free(&r);
    r = as(head, "GET", SP, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect_eq(json_array_size(json_object_get(r.json, "rows")), 3);
    cr_expect_eq(jint(r.json, "total"), 1000000000090000);
    vo_test_resp_free(&r);

    /* the channels report sees the new spend at once */
    r = as(head, "GET", "/api/v1/reports/channels?from=2026-11-01&to=2026-11-30&as_of=2026-11-30",
           NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    json_t *rows = json_object_get(r.json, "rows");
    json_t *tot = json_array_get(rows, json_array_size(rows) - 1);
    cr_expect(json_is_true(json_object_get(tot, "total")));
    cr_expect_eq(jint(tot, "spend"), 90000, "%s", r.body);
    vo_test_resp_free(&r);

    r = as(vo_api_user("admin"), "DELETE", SP "/" SAIT "/2026-11", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    vo_test_resp_free(&r);
    cr_expect_eq(vo_api_audit("spend.delete", "marketing_spend", -1), 1);
    r = as(head, "GET", SP "?from=2026-11&to=2026-11", NULL);
    cr_expect_eq(json_array_size(json_object_get(r.json, "rows")), 0, "%s", r.body);
    vo_test_resp_free(&r);
}

Test(api_spend, roles_and_bounds)
{
    const struct vo_test_login *head = vo_api_user("head");
    const struct vo_api_case cases[] = {
        {vo_api_user("anna"), "GET", SP, NULL, 403, NULL, "a manager reads"},
        {vo_api_user("anna"), "PUT", SP "/web/2026-11", "{\"amount\":1}", 403, NULL,
         "a manager writes"},
        {vo_api_user("viewer"), "PUT", SP "/web/2026-11", "{\"amount\":1}", 403, NULL,
         "a viewer writes"},
        {head, "PUT", SP "/web/2026-13", "{\"amount\":1}", 422, "month", "month 13"},
        {head, "PUT", SP "/web/1999-12", "{\"amount\":1}", 422, "month", "before 2000-01"},
        {head, "PUT", SP "/web/2101-01", "{\"amount\":1}", 422, "month", "after 2100-12"},
        {head, "PUT", SP "/web/2026-11", "{\"amount\":-1}", 422, "amount", "negative"},
        {head, "PUT", SP "/web/2026-11", "{\"amount\":1000000000000001}", 422, "amount",
         "over 10^15"},
        {head, "PUT", SP "/web/2026-11", "{}", 422, "amount", "no amount"},
        {head, "PUT", SP "/web/2026-11", "{\"amount\":1,\"x\":2}", 422, "x", "unknown field"},
        {head, "PUT", SP "/%00/2026-11", "{\"amount\":1}", 422, "channel", "a NUL channel"},
        {head, "GET", SP "?from=2026-12&to=2026-11", NULL, 422, "to", "to before from"},
        {head, "GET", SP "?from=2026-1", NULL, 422, "from", "bad from"},
        {head, "DELETE", SP "/web/2026-11", NULL, 404, "month", "nothing to delete"},
        {NULL, "GET", SP, NULL, 401, NULL, "anonymous"},
        {NULL, NULL, NULL, NULL, 0, NULL, NULL}};
    vo_api_expect_all(cases);
    char *ch = vo_api_repeat("", "a", 201);
    char *long_path = g_strdup_printf(SP "/%s/2026-11", ch);
    vo_api_expect(head, "PUT", long_path, "{\"amount\":1}", 422, "channel", "201 bytes");
    g_free(long_path);
    g_free(ch);
    cr_expect_eq(vo_api_count("marketing_spend"), 0);
}
