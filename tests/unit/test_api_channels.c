/*
 * test_api_channels.c - GET /api/v1/reports/channels through the real HTTP
 * server (docs/reports.md, "Channels"): the exact JSON, who may read it
 * (not a manager: 403), a bad option naming the field, gross_margin set
 * through PUT /api/v1/org, and the CSV export.
 *
 * The company (Europe/Moscow), November 2026, as_of 2026-11-30:
 *   client C1 (channel web); D1 C1 created 11-02, won 300000 on 11-10;
 *   D2 no client, no channel, created 11-05, open; payment 120000 of C1 on
 *   2026-06-01; spend web 2026-11 150000.
 * By hand (gross_margin 0.30):
 *   web:   leads 1, won 1, conversion 1, revenue 300000, spend 150000,
 *          new clients 1 (C1's first win), cac 150000 / 1 = 150000,
 *          romi (300000 - 150000) / 150000 = 1, avg monthly payment
 *          120000 / 1 / 12 = 10000, payback 150000 / (0.3 * 10000) = 50
 *   none:  leads 1, nothing else; spend 0; cac, romi, payback null
 *   total: leads 2, won 1, conversion 0.5, revenue 300000, spend 150000,
 *          new 1, cac 150000, romi 1, payback 50.
 *   gross_margin 0.5: payback 150000 / (0.5 * 10000) = 30.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <string.h>

#include "api_fixture.h"
#include "fixture.h"
#include "testutil.h"

static void extra(struct vo_store *st, struct vo_svc *svc)
{
    vo_fx_use(st, svc);
    int64_t pipe;
    vo_fx_begin_sales(&pipe);
    int64_t s = vo_fx_stage(pipe, "New", 1, VO_NULL);
    int64_t c1 = vo_fx_client("C1", vo_api.manager_id, "web", NULL);
    vo_fx_deal((struct vo_fx_deal){"D1", pipe, s, vo_api.manager_id, c1, VO_DEAL_WON, 300000,
                                   "2026-11-02 10:00", "2026-11-10 12:00", NULL, NULL});
    vo_fx_deal((struct vo_fx_deal){"D2", pipe, s, vo_api.manager_id, 0, VO_DEAL_OPEN, VO_NULL,
                                   "2026-11-05 10:00", NULL, NULL, NULL});
    vo_fx_pay("P1", 120000, "2026-06-01 12:00", 0, c1);
    struct vo_error e = {0};
    struct vo_spend sp = {
        .org_id = svc->org.id, .channel = "web", .year = 2026, .month = 11, .amount = 150000};
    enum vo_upsert res;
    cr_assert_eq(vo_store_spend_upsert(st, &sp, &res, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_store_commit(st, &e), VO_OK, "%s", e.msg);
}

static void setup(void)
{
    vo_api_start(NULL, extra);
}

TestSuite(api_channels, .init = setup, .fini = vo_api_stop, .timeout = 120);

#define CH "/api/v1/reports/channels?from=2026-11-01&to=2026-11-30&as_of=2026-11-30"

static const char want_rows[] =
    "[{\"channel\":\"web\",\"by\":\"channel\",\"key\":\"web\",\"total\":false,\"leads\":1,"
    "\"deals_won\":1,\"conversion\":1.0,\"revenue\":300000,\"spend\":150000,\"new_clients\":1,"
    "\"cac\":150000,\"romi\":1.0,\"payback_months\":50.0},"
    "{\"channel\":null,\"by\":\"channel\",\"key\":null,\"total\":false,\"leads\":1,"
    "\"deals_won\":0,\"conversion\":0.0,\"revenue\":0,\"spend\":0,\"new_clients\":0,"
    "\"cac\":null,\"romi\":null,\"payback_months\":null},"
    "{\"channel\":null,\"by\":\"channel\",\"key\":null,\"total\":true,\"leads\":2,"
    "\"deals_won\":1,\"conversion\":0.5,\"revenue\":300000,\"spend\":150000,\"new_clients\":1,"
    "\"cac\":150000,\"romi\":1.0,\"payback_months\":50.0}]";

Test(api_channels, the_exact_json_for_every_reader)
{
    json_t *want = json_loads(want_rows, 0, NULL);
    cr_assert(want);
    for (size_t k = 0; k < VO_API_NWHOLE; k++) {
        json_t *j = vo_api_get_json(vo_api_whole[k], CH, 200);
        cr_expect_str_eq(jstr(j, "from"), "2026-11-01");
        cr_expect_str_eq(jstr(j, "to"), "2026-11-30");
        cr_expect_str_eq(jstr(j, "as_of"), "2026-12-01T00:00:00+03:00");
        cr_expect_str_eq(jstr(j, "by"), "channel");
        cr_expect_eq(json_real_value(json_object_get(j, "gross_margin")), 0.3);
        json_t *rows = json_object_get(j, "rows");
        char *got = json_dumps(rows, JSON_COMPACT | JSON_PRESERVE_ORDER);
        cr_expect(json_equal(rows, want), "%s: %s", vo_api_whole[k], got);
        free(got);
        json_decref(j);
    }
    json_decref(want);
}

Test(api_channels, not_a_manager_and_bad_options)
{
    const struct vo_test_login *head = vo_api_user("head");
    const struct vo_api_case cases[] = {
        {vo_api_user("anna"), "GET", CH, NULL, 403, NULL, "a manager"},
        {head, "GET", CH "&by=segment", NULL, 422, "by", "bad by"},
        {head, "GET", "/api/v1/reports/channels?from=2026-11-01", NULL, 422, "to",
         "from without to"},
        {vo_api_user("admin"), "PATCH", "/api/v1/org", "{\"settings\":{\"gross_margin\":0}}", 422,
         "gross_margin", "gross_margin 0"},
        {vo_api_user("admin"), "PATCH", "/api/v1/org", "{\"settings\":{\"gross_margin\":1.2}}", 422,
         "gross_margin", "gross_margin over 1"},
        {NULL, "GET", CH, NULL, 401, NULL, "anonymous"},
        {NULL, NULL, NULL, NULL, 0, NULL, NULL}};
    vo_api_expect_all(cases);
}

Test(api_channels, gross_margin_setting_and_by_region)
{
    const struct vo_test_login *admin = vo_api_user("admin");
    struct vo_test_resp r =
        as(admin, "PATCH", "/api/v1/org", "{\"settings\":{\"gross_margin\":0.5}}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    vo_test_resp_free(&r);
    r = as(admin, "GET", CH, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    json_t *web = json_array_get(json_object_get(r.json, "rows"), 0);
    cr_expect_eq(json_real_value(json_object_get(web, "payback_months")), 30.0);
    vo_test_resp_free(&r);
    /* by region: C1 has none, so every deal is in the none row; no spend column */
    r = as(admin, "GET", CH "&by=region", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    json_t *rows = json_object_get(r.json, "rows");
    cr_assert_eq(json_array_size(rows), 2, "%s", r.body);
    json_t *none = json_array_get(rows, 0);
    cr_expect(json_is_null(json_object_get(none, "key")));
    cr_expect_eq(json_object_get(none, "channel"), NULL);
    cr_expect_str_eq(jstr(none, "by"), "region");
    cr_expect_eq(jint(none, "leads"), 2);
    cr_expect(json_is_null(json_object_get(none, "spend")));
    cr_expect_eq(jint(json_array_get(rows, 1), "spend"), 150000);
    vo_test_resp_free(&r);
}

Test(api_channels, csv_export)
{
    struct vo_test_resp r = as(vo_api_user("head"), "GET", CH "&format=csv", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect(strncmp(r.content_type, "text/csv", 8) == 0, "%s", r.content_type);
    cr_expect(strstr(r.body, "web") != NULL, "%s", r.body);
    size_t lines = 0;
    for (const char *p = r.body; *p; p++)
        lines += *p == '\n';
    cr_expect_eq(lines, 4, "%s", r.body); /* a header and three rows */
    vo_test_resp_free(&r);
}

/* Dynamics as of 2026-11-30: 2025-11 .. 2026-10; nothing is before
 * November 2026, so every month of revenue is 0 (mom 0, pct null); as of
 * 2026-12-31 the last month is November: revenue 300000, mom 300000. */
Test(api_channels, dynamics)
{
    struct vo_test_resp r =
        as(vo_api_user("viewer"), "GET",
           "/api/v1/reports/channel-dynamics?metric=revenue&as_of=2026-12-31", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect_str_eq(jstr(r.json, "metric"), "revenue");
    cr_expect(json_is_null(json_object_get(r.json, "channel")));
    json_t *months = json_object_get(r.json, "months");
    cr_assert_eq(json_array_size(months), 12);
    json_t *nov = json_array_get(months, 11);
    cr_expect_str_eq(jstr(nov, "month"), "2026-11");
    cr_expect_eq(jint(nov, "value"), 300000);
    cr_expect_eq(jint(nov, "mom"), 300000);
    cr_expect(json_is_null(json_object_get(nov, "mom_pct")));
    cr_expect_str_eq(jstr(json_array_get(months, 0), "month"), "2025-12");
    vo_test_resp_free(&r);
    const struct vo_api_case cases[] = {
        {vo_api_user("anna"), "GET", "/api/v1/reports/channel-dynamics?metric=revenue", NULL, 403,
         NULL, "a manager"},
        {vo_api_user("head"), "GET", "/api/v1/reports/channel-dynamics?metric=profit", NULL, 422,
         "metric", "bad metric"},
        /* a channel that is no UTF-8 text: refused, not a report without
         * its members */
        {vo_api_user("head"), "GET",
         "/api/v1/reports/channel-dynamics?metric=revenue&channel=%E2%82&as_of=2026-11-30", NULL,
         422, "channel", "a channel not UTF-8"},
        {NULL, NULL, NULL, NULL, 0, NULL, NULL}};
    vo_api_expect_all(cases);
}

/* Lead plans through the API: PUT as the head, the plan-fact read back
 * (web: plan 2, leads 1 (D1 won before E in a one-stage pipeline:
 * reached) -> pct 0.5, quality 1, quality plan 0.3); bounds by field; a
 * manager and a viewer cannot set one. */
Test(api_channels, lead_plans)
{
    const struct vo_test_login *head = vo_api_user("head");
    struct vo_test_resp r =
        as(head, "PUT", "/api/v1/channel-plans/web/2026-11", "{\"leads\":2,\"quality\":0.3}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    vo_test_resp_free(&r);
    cr_expect_eq(vo_api_audit("channel_plan.put", "channel_plan", vo_api.head_id), 1);
    r = as(vo_api_user("viewer"), "GET",
           "/api/v1/reports/channel-plans?period=2026-11&as_of=2026-11-30", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    json_t *want = json_loads("[{\"channel\":\"web\",\"plan\":2,\"leads\":1,\"pct\":0.5,"
                              "\"reached\":1,\"quality\":1.0,\"quality_plan\":0.3},"
                              "{\"channel\":null,\"plan\":null,\"leads\":1,\"pct\":null,"
                              "\"reached\":0,\"quality\":0.0,\"quality_plan\":null}]",
                              0, NULL);
    cr_expect(json_equal(json_object_get(r.json, "rows"), want), "%s", r.body);
    json_decref(want);
    vo_test_resp_free(&r);
    const struct vo_api_case cases[] = {
        {vo_api_user("anna"), "PUT", "/api/v1/channel-plans/web/2026-11", "{\"leads\":1}", 403,
         NULL, "a manager"},
        {vo_api_user("viewer"), "PUT", "/api/v1/channel-plans/web/2026-11", "{\"leads\":1}", 403,
         NULL, "a viewer"},
        {head, "PUT", "/api/v1/channel-plans/web/2026-11", "{\"leads\":-1}", 422, "leads",
         "negative"},
        {head, "PUT", "/api/v1/channel-plans/web/2026-11", "{\"leads\":1,\"quality\":1.5}", 422,
         "quality", "quality over 1"},
        {head, "PUT", "/api/v1/channel-plans/web/1999-01", "{\"leads\":1}", 422, "month",
         "before 2000"},
        {head, "PUT", "/api/v1/channel-plans/web/2026-11", "{}", 422, "leads", "no leads"},
        {NULL, NULL, NULL, NULL, 0, NULL, NULL}};
    vo_api_expect_all(cases);
}
