/*
 * test_api_setup.c - a new org that works at once (issue 10): the starter
 * of vo_svc_org_create (the default pipeline and the production calendar
 * 2024-2027, checked by the working days it gives: December 2026 has 22),
 * the reload of a year's calendar through the API, and the empty states
 * of an org without a pipeline (the funnel and the pipelines list answer
 * 200 with no_pipeline instead of an error).
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <string.h>

#include "analytics/calendar.h"
#include "api_fixture.h"
#include "service/org_reads.h"
#include "service/org_starter.h"
#include "testutil.h"

/* ---- the starter, through the service ---- */

Test(org_starter, pipeline_and_calendar)
{
    char *dir = vo_test_tmpdir();
    char *path = g_build_filename(dir, "s.db", NULL);
    struct vo_store *st = NULL;
    struct vo_error e = {0};
    struct vo_arena a;
    vo_arena_init(&a, 0);
    cr_assert_eq(vo_store_open(path, VO_STORE_CREATE, &st, &e), VO_OK, "%s", e.msg);
    int64_t org = 0;
    const char *pw = NULL;
    struct vo_org_starter s;
    cr_assert_eq(
        vo_svc_org_create(st, "Старт", "Europe/Moscow", "RUB", "a@b.ru", &s, &a, &org, &pw, &e),
        VO_OK, "%s", e.msg);
    cr_assert_str_eq(s.pipeline, "Продажи");
    cr_assert_eq(s.stages, 5);
    cr_assert_eq(s.year_from, 2024);
    cr_assert_eq(s.year_to, 2027);
    /* 14 statutory days a year = 56; moved days off 5 + 5 + 4 + 5 = 19 */
    cr_assert_eq(s.holidays, 75);
    /* working Saturdays: 2024 three (Apr 27, Nov 2, Dec 28), 2025 one */
    cr_assert_eq(s.workdays, 4);

    struct vo_svc svc;
    cr_assert_eq(vo_svc_init(&svc, st, org, &a, &e), VO_OK, "%s", e.msg);
    struct vo_pipeline_info *p = NULL;
    size_t n = 0;
    cr_assert_eq(vo_svc_pipeline_list(&svc, &p, &n, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(n, 1);
    cr_assert_eq(p[0].p.id, s.pipeline_id);
    static const char *const names[] = {"Новая заявка", "Квалификация", "Презентация / КП",
                                        "Переговоры", "Счёт выставлен"};
    static const int64_t days[] = {2, 5, 7, 14, 10};
    cr_assert_eq(p[0].nstages, 5);
    for (size_t i = 0; i < 5; i++) {
        cr_expect_str_eq(p[0].stages[i].name, names[i]);
        cr_expect_eq(p[0].stages[i].position, (int)i + 1);
        cr_expect_eq(p[0].stages[i].max_days, days[i]);
    }

    struct vo_holiday *h = NULL;
    cr_assert_eq(vo_svc_holiday_list(&svc, 0, &h, &n, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(n, 79);
    struct vo_calendar cal;
    cr_assert_eq(vo_cal_init(&cal, svc.tz, h, n, &e), VO_OK, "%s", e.msg);
    /* December 2026: 23 weekdays, Dec 31 (Thursday) off by the decree */
    cr_expect_eq(
        vo_cal_working_days(&cal, (struct vo_date){2026, 12, 1}, (struct vo_date){2026, 12, 31}),
        22);
    /* January 2026: 22 weekdays minus Jan 1, 2, 5, 6, 7, 8, 9 */
    cr_expect_eq(
        vo_cal_working_days(&cal, (struct vo_date){2026, 1, 1}, (struct vo_date){2026, 1, 31}), 15);
    /* the official totals of the five-day week */
    cr_expect_eq(
        vo_cal_working_days(&cal, (struct vo_date){2024, 1, 1}, (struct vo_date){2024, 12, 31}),
        248);
    cr_expect_eq(
        vo_cal_working_days(&cal, (struct vo_date){2025, 1, 1}, (struct vo_date){2025, 12, 31}),
        247);
    cr_expect_eq(
        vo_cal_working_days(&cal, (struct vo_date){2026, 1, 1}, (struct vo_date){2026, 12, 31}),
        247);
    /* November 2025: Saturday Nov 1 worked, Nov 3 and 4 off: 20 - 2 + 1 */
    cr_expect_eq(
        vo_cal_working_days(&cal, (struct vo_date){2025, 11, 1}, (struct vo_date){2025, 11, 30}),
        19);
    vo_cal_cleanup(&cal);

    /* An empty org (NULL starter) has neither. */
    int64_t org2 = 0;
    cr_assert_eq(
        vo_svc_org_create(st, "Пусто", "Europe/Moscow", "RUB", "a@b.ru", NULL, &a, &org2, &pw, &e),
        VO_OK, "%s", e.msg);
    struct vo_svc svc2;
    cr_assert_eq(vo_svc_init(&svc2, st, org2, &a, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_svc_pipeline_list(&svc2, &p, &n, &e), VO_OK, "%s", e.msg);
    cr_expect_eq(n, 0);
    cr_assert_eq(vo_svc_holiday_list(&svc2, 0, &h, &n, &e), VO_OK, "%s", e.msg);
    cr_expect_eq(n, 0);
    vo_svc_cleanup(&svc2);
    vo_svc_cleanup(&svc);
    vo_store_close(st);
    vo_arena_cleanup(&a);
    vo_test_rmtree(dir);
    g_free(path);
    g_free(dir);
}

/* ---- the API ---- */

static void setup(void)
{
    vo_api_start(NULL, NULL);
}

TestSuite(api_setup, .init = setup, .fini = vo_api_stop, .timeout = 120);

Test(api_setup, no_pipeline_is_an_empty_state)
{
    const struct vo_test_login *admin = vo_api_user("admin"), *anna = vo_api_user("anna");
    /* the funnel of an org without a pipeline: 200, flagged, empty */
    const struct vo_test_login *who[] = {admin, anna};
    for (size_t i = 0; i < 2; i++) {
        struct vo_test_resp r =
            as(who[i], "GET", "/api/v1/reports/funnel?from=2026-11-01&to=2026-11-30", NULL);
        vo_test_expect(&r, 200, NULL, "funnel without a pipeline");
        char *got = json_dumps(r.json, JSON_COMPACT | JSON_SORT_KEYS);
        cr_expect_str_eq(got, "{\"from\":\"2026-11-01\",\"groups\":[],\"no_pipeline\":true,"
                              "\"pipeline\":null,\"to\":\"2026-11-30\"}");
        free(got);
        vo_test_resp_free(&r);
    }
    /* a pipeline asked for by name is still missing */
    vo_api_expect(admin, "GET", "/api/v1/reports/funnel?from=2026-11-01&to=2026-11-30&pipeline=X",
                  NULL, 404, "pipeline", "a named pipeline that does not exist");
    /* the board's list */
    struct vo_test_resp r = as(anna, "GET", "/api/v1/pipelines", NULL);
    vo_test_expect(&r, 200, NULL, "pipelines");
    char *got = json_dumps(r.json, JSON_COMPACT | JSON_SORT_KEYS);
    cr_expect_str_eq(got, "{\"items\":[],\"no_pipeline\":true}");
    free(got);
    vo_test_resp_free(&r);

    vo_api_create(admin, "/api/v1/pipelines", "{\"name\":\"Продажи\"}");
    r = as(anna, "GET", "/api/v1/pipelines", NULL);
    vo_test_expect(&r, 200, NULL, "pipelines");
    cr_expect(json_is_false(json_object_get(r.json, "no_pipeline")));
    cr_expect_eq(json_array_size(json_object_get(r.json, "items")), 1);
    vo_test_resp_free(&r);
    r = as(admin, "GET", "/api/v1/reports/funnel?from=2026-11-01&to=2026-11-30", NULL);
    vo_test_expect(&r, 200, NULL, "funnel of a pipeline without deals");
    cr_expect_str_eq(jstr(r.json, "pipeline"), "Продажи");
    cr_expect(json_is_false(json_object_get(r.json, "no_pipeline")));
    vo_test_resp_free(&r);
}

Test(api_setup, calendar_load)
{
    const struct vo_test_login *admin = vo_api_user("admin");
    vo_api_expect_all((const struct vo_api_case[]){
        {admin, "POST", "/api/v1/holidays/load", "{}", 422, "year", "no year"},
        {admin, "POST", "/api/v1/holidays/load", "{\"year\":\"2026\"}", 422, "year",
         "year as text"},
        {admin, "POST", "/api/v1/holidays/load", "{\"year\":1999}", 422, "year", "too early"},
        {admin, "POST", "/api/v1/holidays/load", "{\"year\":2101}", 422, "year", "too late"},
        {admin, "POST", "/api/v1/holidays/load", "{\"year\":2026,\"x\":1}", 422, "x",
         "unknown field"},
        {vo_api_user("anna"), "POST", "/api/v1/holidays/load", "{\"year\":2026}", 403, NULL,
         "a manager"},
        {vo_api_user("viewer"), "POST", "/api/v1/holidays/load", "{\"year\":2026}", 403, NULL,
         "a viewer"},
        {0}});
    cr_assert_eq(vo_api_count("holidays"), 0);
    /* a mark set by hand in 2026 is replaced; one in 2025 stays */
    vo_api_create(admin, "/api/v1/holidays", "{\"date\":\"2026-07-01\",\"name\":\"Корпоратив\"}");
    vo_api_create(admin, "/api/v1/holidays", "{\"date\":\"2025-07-01\",\"name\":\"Корпоратив\"}");
    struct vo_test_resp r = as(admin, "POST", "/api/v1/holidays/load", "{\"year\":2026}");
    vo_test_expect(&r, 200, NULL, "load 2026");
    char *got = json_dumps(r.json, JSON_COMPACT | JSON_SORT_KEYS);
    cr_expect_str_eq(got, "{\"holidays\":18,\"official\":true,\"replaced\":1,\"workdays\":0,"
                          "\"year\":2026}");
    free(got);
    vo_test_resp_free(&r);
    cr_expect_eq(vo_api_items(admin, "/api/v1/holidays?year=2026"), 18);
    cr_expect_eq(vo_api_items(admin, "/api/v1/holidays?year=2025"), 1);
    r = as(admin, "POST", "/api/v1/holidays/load", "{\"year\":2027}");
    vo_test_expect(&r, 200, NULL, "load 2027");
    cr_expect(json_is_false(json_object_get(r.json, "official")), "2027 is provisional");
    cr_expect_eq(jint(r.json, "holidays"), 19);
    vo_test_resp_free(&r);
    cr_expect_eq(vo_api_count("holidays"), 18 + 1 + 19);
    r = as(admin, "GET", "/api/v1/audit?action=calendar.load", NULL);
    vo_test_expect(&r, 200, NULL, "audit");
    json_t *items = json_object_get(r.json, "items");
    cr_assert_eq(json_array_size(items), 2);
    vo_test_resp_free(&r);
}
