/*
 * test_api_setup.c - a new org that works at once (issue 10): the starter
 * of vo_svc_org_create (the default pipeline and the production calendar
 * 2024-2027, checked by the working days it gives: December 2026 has 22),
 * the reload of a year's calendar through the API, and the empty states
 * of an org without a pipeline (the funnel and the pipelines list answer
 * 200 with no_pipeline instead of an error); the head of sales manages
 * pipelines, stages and the calendar as the administrator does: rename
 * and delete a pipeline, delete a stage, each refused with 409 while a
 * deal or a recorded stage change refers to it, each with an audit row.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <string.h>

#include "analytics/calendar.h"
#include "api_fixture.h"
#include "service/org_reads.h"
#include "service/org_starter.h"
#include "store/store.h"
#include "testutil.h"

/* ---- the starter, through the service ---- */

Test(org_starter, pipeline_and_calendar)
{
    char *dir = vo_test_tmpdir();
    char *path = vo_test_db(dir, "s.db");
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
    static const struct {
        struct vo_date from, to;
        int want;
    } spans[] = {
        /* December 2026: 23 weekdays, Dec 31 (Thursday) off by the decree */
        {{2026, 12, 1}, {2026, 12, 31}, 22},
        /* January 2026: 22 weekdays minus Jan 1, 2, 5, 6, 7, 8, 9 */
        {{2026, 1, 1}, {2026, 1, 31}, 15},
        /* the official totals of the five-day week */
        {{2024, 1, 1}, {2024, 12, 31}, 248},
        {{2025, 1, 1}, {2025, 12, 31}, 247},
        {{2026, 1, 1}, {2026, 12, 31}, 247},
        /* November 2025: Saturday Nov 1 worked, Nov 3 and 4 off: 20 - 2 + 1 */
        {{2025, 11, 1}, {2025, 11, 30}, 19},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(spans); i++)
        cr_expect_eq(vo_cal_working_days(&cal, spans[i].from, spans[i].to), spans[i].want,
                     "%d-%02d-%02d..%d-%02d-%02d", spans[i].from.y, spans[i].from.m,
                     spans[i].from.d, spans[i].to.y, spans[i].to.m, spans[i].to.d);
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

/* A request as l that must be answered 200 with want (keys sorted, no
 * spaces). */
static void expect_json(const struct vo_test_login *l, const char *method, const char *path,
                        const char *body, const char *want)
{
    struct vo_test_resp r = as(l, method, path, body);
    vo_test_expect(&r, 200, NULL, path);
    char *got = json_dumps(r.json, JSON_COMPACT | JSON_SORT_KEYS);
    cr_expect_str_eq(got, want, "%s %s", method, path);
    free(got);
    vo_test_resp_free(&r);
}

Test(api_setup, no_pipeline_is_an_empty_state)
{
    const struct vo_test_login *admin = vo_api_user("admin"), *anna = vo_api_user("anna");
    /* the funnel of an org without a pipeline: 200, flagged, empty */
    const struct vo_test_login *who[] = {admin, anna};
    for (size_t i = 0; i < 2; i++) {
        expect_json(who[i], "GET", "/api/v1/reports/funnel?from=2026-11-01&to=2026-11-30", NULL,
                    "{\"from\":\"2026-11-01\",\"groups\":[],\"no_pipeline\":true,"
                    "\"pipeline\":null,\"to\":\"2026-11-30\"}");
    }
    /* a pipeline asked for by name is still missing */
    vo_api_expect(admin, "GET", "/api/v1/reports/funnel?from=2026-11-01&to=2026-11-30&pipeline=X",
                  NULL, 404, "pipeline", "a named pipeline that does not exist");
    /* the board's list */
    expect_json(anna, "GET", "/api/v1/pipelines", NULL, "{\"items\":[],\"no_pipeline\":true}");

    vo_api_create(admin, "/api/v1/pipelines", "{\"name\":\"Продажи\"}");
    struct vo_test_resp r = as(anna, "GET", "/api/v1/pipelines", NULL);
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
    expect_json(admin, "POST", "/api/v1/holidays/load", "{\"year\":2026}",
                "{\"holidays\":18,\"official\":true,\"replaced\":1,\"workdays\":0,"
                "\"year\":2026}");
    cr_expect_eq(vo_api_items(admin, "/api/v1/holidays?year=2026"), 18);
    cr_expect_eq(vo_api_items(admin, "/api/v1/holidays?year=2025"), 1);
    struct vo_test_resp r = as(admin, "POST", "/api/v1/holidays/load", "{\"year\":2027}");
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

/* A path with an id. */
static char *at(const char *fmt, json_int_t id)
{
    return g_strdup_printf(fmt, (long long)id);
}

/* The stage ids of pipeline id, in position order, and their count. */
static size_t stages_of(json_int_t pipeline, json_int_t *ids, const char **names)
{
    struct vo_test_resp r = as(vo_api_user("viewer"), "GET", "/api/v1/pipelines", NULL);
    vo_test_expect(&r, 200, NULL, "pipelines");
    size_t n = 0;
    json_t *items = json_object_get(r.json, "items"), *p, *sg;
    size_t i, k;
    json_array_foreach(items, i, p)
    {
        if (jint(p, "id") != pipeline)
            continue;
        json_array_foreach(json_object_get(p, "stages"), k, sg)
        {
            cr_assert_eq(jint(sg, "position"), (json_int_t)k + 1, "positions stay 1..n");
            ids[n] = jint(sg, "id");
            names[n] = g_intern_string(jstr(sg, "name"));
            n++;
        }
    }
    vo_test_resp_free(&r);
    return n;
}

Test(api_setup, who_manages_the_configuration)
{
    const struct vo_test_login *admin = vo_api_user("admin"), *head = vo_api_user("head"),
                               *anna = vo_api_user("anna"), *viewer = vo_api_user("viewer");
    /* The manager and the viewer are refused every configuration write;
     * nothing is written. */
    json_int_t p0 = vo_api_create(admin, "/api/v1/pipelines", "{\"name\":\"Опт\"}");
    char *pipe = at("/api/v1/pipelines/%lld", p0),
         *stages = at("/api/v1/pipelines/%lld/stages", p0);
    struct vo_test_resp r0 = as(admin, "POST", stages, "{\"name\":\"Лид\"}");
    vo_test_expect(&r0, 201, NULL, "a stage");
    char *stage = at("/api/v1/stages/%lld",
                     jint(json_array_get(json_object_get(r0.json, "stages"), 0), "id"));
    vo_test_resp_free(&r0);
    int64_t audit = vo_api_count("audit_log");
    const struct vo_test_login *refused[] = {anna, viewer};
    for (size_t i = 0; i < 2; i++)
        vo_api_expect_all((const struct vo_api_case[]){
            {refused[i], "POST", "/api/v1/pipelines", "{\"name\":\"Х\"}", 403, NULL, "create"},
            {refused[i], "PATCH", pipe, "{\"name\":\"Х\"}", 403, NULL, "rename"},
            {refused[i], "DELETE", pipe, NULL, 403, NULL, "delete a pipeline"},
            {refused[i], "POST", stages, "{\"name\":\"Х\"}", 403, NULL, "add a stage"},
            {refused[i], "PATCH", stage, "{\"max_days\":3}", 403, NULL, "limit a stage"},
            {refused[i], "DELETE", stage, NULL, 403, NULL, "delete a stage"},
            {refused[i], "POST", "/api/v1/holidays", "{\"date\":\"2026-05-04\"}", 403, NULL,
             "mark a holiday"},
            {refused[i], "POST", "/api/v1/holidays/load", "{\"year\":2026}", 403, NULL,
             "load a calendar"},
            {0}});
    cr_assert_eq(vo_api_count("audit_log"), audit);
    cr_assert_eq(vo_api_count("pipelines"), 1);
    cr_assert_eq(vo_api_count("stages"), 1);
    cr_assert_eq(vo_api_count("holidays"), 0);

    /* The head and the administrator may do all of it. */
    const struct vo_test_login *allowed[] = {head, admin};
    for (size_t i = 0; i < 2; i++) {
        const struct vo_test_login *l = allowed[i];
        const char *name = i == 0 ? "Розница" : "Тендеры";
        char *body = g_strdup_printf("{\"name\":\"%s\"}", name);
        json_int_t id = vo_api_create(l, "/api/v1/pipelines", body);
        char *path = at("/api/v1/pipelines/%lld", id),
             *add = at("/api/v1/pipelines/%lld/stages", id);
        struct vo_test_resp r = as(l, "POST", add, "{\"name\":\"А\",\"max_days\":3}");
        vo_test_expect(&r, 201, NULL, "add a stage");
        json_int_t st = jint(json_array_get(json_object_get(r.json, "stages"), 0), "id");
        vo_test_resp_free(&r);
        char *sp = at("/api/v1/stages/%lld", st);
        vo_api_expect(l, "PATCH", sp, "{\"name\":\"Б\",\"max_days\":5}", 200, NULL,
                      "rename and limit a stage");
        r = as(l, "PATCH", path, "{\"name\":\"Новая\"}");
        vo_test_expect(&r, 200, NULL, "rename the pipeline");
        cr_expect_str_eq(jstr(r.json, "name"), "Новая");
        cr_expect_str_eq(jstr(json_array_get(json_object_get(r.json, "stages"), 0), "name"), "Б");
        cr_expect_eq(jint(json_array_get(json_object_get(r.json, "stages"), 0), "max_days"), 5);
        vo_test_resp_free(&r);
        r = as(l, "DELETE", sp, NULL);
        vo_test_expect(&r, 200, NULL, "delete the stage");
        cr_expect_eq(json_array_size(json_object_get(r.json, "stages")), 0);
        vo_test_resp_free(&r);
        r = as(l, "DELETE", path, NULL);
        vo_test_expect(&r, 200, NULL, "delete the pipeline");
        cr_expect(json_is_true(json_object_get(r.json, "deleted")));
        vo_test_resp_free(&r);
        vo_api_expect(l, "GET", "/api/v1/holidays", NULL, 200, NULL, "holidays");
        json_int_t h = vo_api_create(l, "/api/v1/holidays", "{\"date\":\"2026-05-04\"}");
        char *hp = at("/api/v1/holidays/%lld", h);
        vo_api_expect(l, "DELETE", hp, NULL, 200, NULL, "remove the mark");
        g_free(hp);
        vo_api_expect(l, "POST", "/api/v1/holidays/load", "{\"year\":2026}", 200, NULL,
                      "load the calendar");
        g_free(body);
        g_free(path);
        g_free(add);
        g_free(sp);
    }
    cr_assert_eq(vo_api_count("pipelines"), 1);
    cr_assert_eq(vo_api_count("stages"), 1);
    cr_assert_eq(vo_api_count("holidays"), 18);
    /* every write has its audit row, with the head's or the admin's id */
    struct vo_error e = {0};
    struct vo_store *st = vo_api_open(0);
    struct vo_audit_entry *v = NULL;
    size_t n = 0;
    struct vo_audit_filter f = {.from = VO_NULL, .to = VO_NULL, .limit = 1000};
    cr_assert_eq(vo_store_audit_list(st, vo_api.org_id, &f, vo_api_arena(), &v, &n, &e), VO_OK,
                 "%s", e.msg);
    vo_store_close(st);
    const char *want[] = {"pipeline.create", "stage.create",   "stage.update",
                          "pipeline.rename", "stage.delete",   "pipeline.delete",
                          "holiday.set",     "holiday.delete", "calendar.load"};
    for (size_t w = 0; w < 2; w++) {
        int64_t who = w == 0 ? vo_api.head_id : vo_api.admin_id;
        for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
            size_t found = 0;
            for (size_t i = 0; i < n; i++)
                found += v[i].user_id == who && strcmp(v[i].action, want[k]) == 0;
            /* the admin also made the pipeline "Опт" and its stage above */
            cr_expect_eq(found, w == 1 && k < 2 ? 2 : 1, "%s by %s", want[k],
                         w == 0 ? "the head" : "the admin");
        }
    }
    g_free(pipe);
    g_free(stages);
    g_free(stage);
}

Test(api_setup, deletes_refused_while_referred_to)
{
    const struct vo_test_login *head = vo_api_user("head"), *anna = vo_api_user("anna");
    json_int_t p = vo_api_create(head, "/api/v1/pipelines", "{\"name\":\"Продажи\"}");
    char *add = at("/api/v1/pipelines/%lld/stages", p), *path = at("/api/v1/pipelines/%lld", p);
    const char *names[] = {"Лид", "Встреча", "КП", "Счёт", "Договор"};
    for (size_t i = 0; i < 5; i++) {
        char *body = g_strdup_printf("{\"name\":\"%s\"}", names[i]);
        vo_api_expect(head, "POST", add, body, 201, NULL, names[i]);
        g_free(body);
    }
    json_int_t ids[8];
    const char *got[8];
    cr_assert_eq(stages_of(p, ids, got), 5);
    /* a deal created in Лид (no stage change recorded), moved to Встреча,
     * then to КП: Встреча keeps its history, КП holds the deal */
    json_int_t d =
        vo_api_create(anna, "/api/v1/deals", "{\"title\":\"Станки\",\"pipeline\":\"Продажи\"}");
    char *move = at("/api/v1/deals/%lld/move", d);
    for (size_t i = 1; i <= 2; i++) {
        char *to = g_strdup_printf("{\"stage\":%lld}", (long long)ids[i]);
        vo_api_expect(anna, "POST", move, to, 200, NULL, names[i]);
        g_free(to);
    }
    char *stage[5];
    for (size_t i = 0; i < 5; i++)
        stage[i] = at("/api/v1/stages/%lld", ids[i]);
    int64_t audit = vo_api_count("audit_log");
    static const char *const refusals[][2] = {
        {"the first stage of a pipeline with deals",
         "stage \"Лид\" is the first stage of a pipeline with 1 deals: every deal entered it, so "
         "it cannot be deleted (rename it instead)"},
        {"a stage in the history", "1 stage changes in the deals' history point to stage "
                                   "\"Встреча\": it cannot be deleted (rename it instead)"},
        {"a stage with a deal in it", "stage \"КП\" holds 1 deals (closed ones included): move "
                                      "them to another stage first"},
    };
    for (size_t i = 0; i < 3; i++) {
        struct vo_test_resp r = as(head, "DELETE", stage[i], NULL);
        vo_test_expect(&r, 409, "id", refusals[i][0]);
        cr_expect_str_eq(jstr(json_object_get(r.json, "error"), "message"), refusals[i][1]);
        vo_test_resp_free(&r);
    }
    struct vo_test_resp r = as(head, "DELETE", path, NULL);
    vo_test_expect(&r, 409, "id", "a pipeline with a deal");
    cr_expect_str_eq(jstr(json_object_get(r.json, "error"), "message"),
                     "pipeline \"Продажи\" has 1 deals (closed ones included): only an empty "
                     "pipeline can be deleted");
    cr_expect_str_eq(jstr(json_object_get(r.json, "error"), "message_id"), "pipeline.has_deals");
    cr_expect_str_eq(jstr(json_object_get(r.json, "error"), "message_ru"),
                     "В воронке «Продажи» сделок: 1 (включая закрытые): удалить можно только "
                     "пустую воронку");
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_count("audit_log"), audit, "a refusal writes nothing");
    cr_assert_eq(vo_api_count("stages"), 5);
    /* Счёт is empty: deleted, Договор moves up to 4 */
    r = as(head, "DELETE", stage[3], NULL);
    vo_test_expect(&r, 200, NULL, "delete Счёт");
    json_t *sv = json_object_get(r.json, "stages");
    cr_assert_eq(json_array_size(sv), 4);
    cr_expect_str_eq(jstr(json_array_get(sv, 3), "name"), "Договор");
    cr_expect_eq(jint(json_array_get(sv, 3), "position"), 4);
    vo_test_resp_free(&r);
    cr_assert_eq(stages_of(p, ids, got), 4);
    cr_expect_str_eq(got[3], "Договор");
    vo_api_expect_all((const struct vo_api_case[]){
        {head, "DELETE", stage[3], NULL, 404, "id", "deleted twice"},
        {head, "DELETE", "/api/v1/pipelines/9999", NULL, 404, "id", "no such pipeline"},
        {head, "PATCH", "/api/v1/pipelines/9999", "{\"name\":\"Х\"}", 404, "id",
         "rename no such pipeline"},
        {head, "PATCH", path, "{}", 422, "name", "rename without a name"},
        {head, "PATCH", path, "{\"name\":\"\"}", 422, "name", "an empty name"},
        {head, "PATCH", path, "{\"name\":\"Продажи\",\"x\":1}", 422, "x", "unknown field"},
        {0}});
    vo_api_create(head, "/api/v1/pipelines", "{\"name\":\"Опт\"}");
    vo_api_expect(head, "PATCH", path, "{\"name\":\"Опт\"}", 409, "name",
                  "the name of another pipeline");
    vo_api_expect(head, "PATCH", path, "{\"name\":\"Продажи\"}", 200, NULL, "its own name again");
    g_free(add);
    g_free(path);
    g_free(move);
    for (size_t i = 0; i < 5; i++)
        g_free(stage[i]);
}

/* ---- money: the currency's digits ---- */

/* currency and currency_digits of GET /api/v1/org and GET /api/v1/session
 * as l. */
static void expect_digits(const struct vo_test_login *l, const char *currency, int digits)
{
    const char *paths[] = {"/api/v1/org", "/api/v1/session"};
    for (size_t i = 0; i < 2; i++) {
        struct vo_test_resp r = as(l, "GET", paths[i], NULL);
        vo_test_expect(&r, 200, NULL, paths[i]);
        cr_expect_str_eq(jstr(r.json, "currency"), currency, "%s", paths[i]);
        cr_expect_eq(jint(r.json, "currency_digits"), digits, "%s of %s", paths[i], currency);
        vo_test_resp_free(&r);
    }
}

Test(api_setup, currency_digits)
{
    const struct vo_test_login *admin = vo_api_user("admin"), *anna = vo_api_user("anna"),
                               *viewer = vo_api_user("viewer");
    expect_digits(anna, "RUB", 2);
    expect_digits(viewer, "RUB", 2);
    static const struct {
        const char *code;
        int digits;
    } cur[] = {{"JPY", 0}, {"KWD", 3}, {"USD", 2}, {"EUR", 2}, {"KRW", 0}, {"RUB", 2}};
    for (size_t i = 0; i < sizeof cur / sizeof cur[0]; i++) {
        char *body = g_strdup_printf("{\"currency\":\"%s\"}", cur[i].code);
        struct vo_test_resp r = as(admin, "PATCH", "/api/v1/org", body);
        vo_test_expect(&r, 200, NULL, body);
        cr_expect_eq(jint(r.json, "currency_digits"), cur[i].digits, "%s", cur[i].code);
        vo_test_resp_free(&r);
        /* the next request of another user sees it */
        expect_digits(anna, cur[i].code, cur[i].digits);
        g_free(body);
    }
}

/* Amounts travel in minor units whatever the currency: the amounts sent
 * come back unchanged, and a plan target typed in major units is stored
 * as major * 10^digits. */
Test(api_setup, amounts_are_minor_units)
{
    const struct vo_test_login *admin = vo_api_user("admin"), *head = vo_api_user("head"),
                               *anna = vo_api_user("anna");
    json_int_t p = vo_api_create(admin, "/api/v1/pipelines", "{\"name\":\"Продажи\"}");
    char *add = at("/api/v1/pipelines/%lld/stages", p);
    vo_api_expect(admin, "POST", add, "{\"name\":\"Лид\"}", 201, NULL, "a stage");
    g_free(add);
    static const struct {
        const char *code;
        json_int_t plan; /* "target":"1500" stored as */
    } cur[] = {{"JPY", 1500}, {"RUB", 150000}, {"KWD", 1500000}};
    for (size_t i = 0; i < 3; i++) {
        char *body = g_strdup_printf("{\"currency\":\"%s\"}", cur[i].code);
        vo_api_expect(admin, "PATCH", "/api/v1/org", body, 200, NULL, body);
        g_free(body);
        const char *pbody = vo_api_fmt("{\"name\":\"Станок %zu\",\"price\":1501}", i);
        cr_expect_eq(vo_api_int(admin, "POST", "/api/v1/products", pbody, 201, "price"), 1501,
                     "%s price", cur[i].code);
        struct vo_test_resp r = as(anna, "POST", "/api/v1/deals",
                                   "{\"title\":\"Т\",\"pipeline\":\"Продажи\",\"amount\":1501}");
        vo_test_expect(&r, 201, NULL, "a deal");
        cr_expect_eq(jint(r.json, "amount"), 1501, "%s amount", cur[i].code);
        json_int_t deal = jint(r.json, "id");
        vo_test_resp_free(&r);
        const char *pay = vo_api_fmt("{\"amount\":1501,\"deal_id\":%lld}", (long long)deal);
        cr_expect_eq(vo_api_int(anna, "POST", "/api/v1/payments", pay, 201, "amount"), 1501,
                     "%s payment", cur[i].code);
        r = as(head, "POST", "/api/v1/plans",
               "{\"period\":\"2026-11\",\"metric\":\"revenue\",\"target\":\"1500\"}");
        vo_test_expect(&r, 200, NULL, "a plan");
        cr_expect_eq(jint(r.json, "target"), cur[i].plan, "%s plan", cur[i].code);
        cr_expect_str_eq(jstr(r.json, "unit"), "minor_units");
        vo_test_resp_free(&r);
    }
}
