/*
 * test_api_config.c - the configuration resources of the JSON API against
 * a real server on 127.0.0.1 with a temporary database: teams, products,
 * pipelines and stages (positions stay 1..n), holidays, the org's
 * settings, plans (set, read, split with exact sums), the import of
 * JSON-of-files (created, re-import unchanged, a bad file listing every
 * problem and writing nothing) and the audit log of those writes. Each
 * write is checked by its answer and by a follow-up GET; bad input gets a
 * 4xx naming the field, never a 500.
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
    vo_api_start(NULL, vo_test_company_boris);
}

TestSuite(api_config, .init = setup, .fini = vo_api_stop, .timeout = 120);

Test(api_config, teams)
{
    const struct vo_test_login *admin = vo_api_user("admin"), *anna = vo_api_user("anna");
    json_int_t id = vo_api_create(admin, "/api/v1/teams", "{\"name\":\"Север\"}");
    char *path = g_strdup_printf("/api/v1/teams/%lld", (long long)id);
    vo_api_expect_all((const struct vo_api_case[]){
        {admin, "POST", "/api/v1/teams", "{\"name\":\"Север\"}", 409, "name",
         "a second team of the same name"},
        {admin, "POST", "/api/v1/teams", "{\"name\":\"Юг\",\"color\":\"red\"}", 422, "color",
         "unknown field"},
        {admin, "POST", "/api/v1/teams", "{\"name\":5}", 422, "name", "wrong type"},
        {admin, "POST", "/api/v1/teams", "{\"name\":", 400, NULL, "malformed JSON"},
        {admin, "PATCH", path, "{\"name\":\"Север-1\"}", 200, NULL, "rename"},
        {admin, "PATCH", "/api/v1/teams/9999", "{\"name\":\"X\"}", 404, NULL,
         "rename a team that does not exist"},
        {0}});
    /* A manager reads the teams, and sees the new name. */
    struct vo_test_resp r = as(anna, "GET", "/api/v1/teams", NULL);
    vo_test_expect(&r, 200, NULL, "list");
    json_t *items = json_object_get(r.json, "items");
    cr_assert_eq(json_array_size(items), 1);
    cr_assert_str_eq(jstr(json_array_get(items, 0), "name"), "Север-1");
    vo_test_resp_free(&r);
    r = as(anna, "PATCH", path, "{\"name\":\"Мой\"}");
    vo_test_expect(&r, 403, NULL, "a manager renames a team");
    /* the router's refusal in English and, from the catalogue, in Russian */
    json_t *err = json_object_get(r.json, "error");
    cr_assert_str_eq(jstr(err, "code"), "forbidden");
    cr_assert_str_eq(jstr(err, "message"), "your role may not do this");
    cr_assert_str_eq(jstr(err, "message_id"), "http.role_forbidden");
    cr_assert_str_eq(jstr(err, "message_ru"), "Вашей роли это действие недоступно");
    vo_test_resp_free(&r);
    g_free(path);
}

Test(api_config, products)
{
    const struct vo_test_login *admin = vo_api_user("admin"), *viewer = vo_api_user("viewer");
    struct vo_test_resp r =
        as(admin, "POST", "/api/v1/products",
           "{\"name\":\"Станок\",\"category\":\"оборудование\",\"price\":150000}");
    vo_test_expect(&r, 201, NULL, "create");
    json_int_t id = jint(r.json, "id");
    cr_assert_eq(jint(r.json, "price"), 150000);
    vo_test_resp_free(&r);
    vo_api_expect_all((const struct vo_api_case[]){
        {admin, "POST", "/api/v1/products", "{\"name\":\"Х\",\"price\":\"дорого\"}", 422, "price",
         "price of the wrong type"},
        {admin, "POST", "/api/v1/products", "{\"name\":\"Х\",\"price\":-1}", 422, "price",
         "negative price"},
        {admin, "POST", "/api/v1/products", "{\"category\":\"x\"}", 422, "name", "no name"},
        {0}});

    char *path = g_strdup_printf("/api/v1/products/%lld", (long long)id);
    vo_api_expect(admin, "PATCH", path, "{\"price\":200000,\"category\":null}", 200, NULL,
                  "update");
    r = as(viewer, "GET", path, NULL);
    vo_test_expect(&r, 200, NULL, "get");
    cr_assert_eq(jint(r.json, "price"), 200000);
    cr_assert_str_eq(jstr(r.json, "name"), "Станок");
    cr_assert(json_is_null(json_object_get(r.json, "category")));
    vo_test_resp_free(&r);
    r = as(viewer, "GET", "/api/v1/products", NULL);
    vo_test_expect(&r, 200, NULL, "list");
    cr_assert_eq(json_array_size(json_object_get(r.json, "items")), 1);
    vo_test_resp_free(&r);
    vo_api_expect_all((const struct vo_api_case[]){
        {viewer, "GET", "/api/v1/products/77", NULL, 404, NULL, "missing product"},
        {viewer, "GET", "/api/v1/products/abc", NULL, 404, NULL, "not an id"},
        {0}});
    g_free(path);
}

/* The stage names of the pipeline in r's body, "A,B,C", checking that the
 * positions are 1..n. */
static char *stage_order(json_t *pipeline)
{
    GString *s = g_string_new(NULL);
    json_t *stages = json_object_get(pipeline, "stages");
    for (size_t i = 0; i < json_array_size(stages); i++) {
        json_t *st = json_array_get(stages, i);
        cr_assert_eq(jint(st, "position"), (json_int_t)i + 1, "positions are 1..n");
        g_string_append_printf(s, "%s%s", i ? "," : "", jstr(st, "name"));
    }
    return g_string_free(s, FALSE);
}

static json_int_t stage_id(json_t *pipeline, const char *name)
{
    json_t *stages = json_object_get(pipeline, "stages");
    for (size_t i = 0; i < json_array_size(stages); i++)
        if (strcmp(jstr(json_array_get(stages, i), "name"), name) == 0)
            return jint(json_array_get(stages, i), "id");
    cr_assert_fail("no stage %s", name);
    return 0;
}

Test(api_config, pipelines_and_stages_keep_positions_contiguous)
{
    const struct vo_test_login *admin = vo_api_user("admin"), *anna = vo_api_user("anna");
    struct vo_test_resp r = as(admin, "POST", "/api/v1/pipelines", "{\"name\":\"Продажи\"}");
    vo_test_expect(&r, 201, NULL, "create");
    json_int_t pid = jint(r.json, "id");
    cr_assert_eq(json_array_size(json_object_get(r.json, "stages")), 0);
    vo_test_resp_free(&r);
    vo_api_expect(admin, "POST", "/api/v1/pipelines", "{\"name\":\"Продажи\"}", 409, "name",
                  "same name");

    char *spath = g_strdup_printf("/api/v1/pipelines/%lld/stages", (long long)pid);
    const char *names[] = {"A", "B", "C"};
    for (int i = 0; i < 3; i++) {
        char *body = g_strdup_printf("{\"name\":\"%s\"}", names[i]);
        vo_api_expect(admin, "POST", spath, body, 201, NULL, "add at the end");
        g_free(body);
    }
    r = as(admin, "POST", spath, "{\"name\":\"D\",\"position\":1,\"max_days\":3}");
    vo_test_expect(&r, 201, NULL, "add first");
    char *order = stage_order(r.json);
    cr_assert_str_eq(order, "D,A,B,C");
    g_free(order);
    json_int_t c = stage_id(r.json, "C"), a = stage_id(r.json, "A");
    vo_test_resp_free(&r);
    vo_api_expect_all((const struct vo_api_case[]){
        {admin, "POST", spath, "{\"name\":\"A\"}", 409, "name", "a stage name twice"},
        {admin, "POST", spath, "{\"name\":\"E\",\"position\":9}", 422, "position",
         "beyond the end"},
        {admin, "POST", "/api/v1/pipelines/999/stages", "{\"name\":\"E\"}", 404, NULL,
         "no such pipeline"},
        {0}});

    /* Move C to the front, then rename and time-limit A. */
    char *cpath = g_strdup_printf("/api/v1/stages/%lld", (long long)c);
    char *apath = g_strdup_printf("/api/v1/stages/%lld", (long long)a);
    vo_api_expect_all((const struct vo_api_case[]){
        {admin, "PATCH", cpath, "{\"position\":1}", 200, NULL, "move"},
        {admin, "PATCH", apath, "{\"name\":\"A2\",\"max_days\":14,\"position\":4}", 200, NULL,
         "rename, limit and move to the end"},
        {admin, "PATCH", apath, "{\"max_days\":0}", 422, "max_days", "max_days 0"},
        {admin, "PATCH", apath, "{\"position\":5}", 422, "position", "position beyond n"},
        {admin, "PATCH", apath, "{\"name\":\"B\"}", 409, "name", "the name of another stage"},
        {admin, "PATCH", apath, "{\"position\":\"1\"}", 422, "position",
         "position of the wrong type"},
        {0}});

    /* Anyone signed in reads the pipelines, stages in order. */
    r = as(anna, "GET", "/api/v1/pipelines", NULL);
    vo_test_expect(&r, 200, NULL, "list");
    json_t *p = json_array_get(json_object_get(r.json, "items"), 0);
    order = stage_order(p);
    cr_assert_str_eq(order, "C,D,B,A2");
    g_free(order);
    json_t *last = json_array_get(json_object_get(p, "stages"), 3);
    cr_assert_eq(jint(last, "max_days"), 14);
    cr_assert(
        json_is_null(json_object_get(json_array_get(json_object_get(p, "stages"), 0), "max_days")));
    vo_test_resp_free(&r);
    /* Clearing a limit. */
    r = as(admin, "PATCH", apath, "{\"max_days\":null}");
    vo_test_expect(&r, 200, NULL, "clear the limit");
    cr_assert(json_is_null(
        json_object_get(json_array_get(json_object_get(r.json, "stages"), 3), "max_days")));
    vo_test_resp_free(&r);
    g_free(spath);
    g_free(cpath);
    g_free(apath);
}

Test(api_config, holidays)
{
    const struct vo_test_login *admin = vo_api_user("admin"), *anna = vo_api_user("anna");
    json_int_t id =
        vo_api_create(admin, "/api/v1/holidays",
                      "{\"date\":\"2026-01-07\",\"kind\":\"holiday\",\"name\":\"Рождество\"}");
    vo_api_expect_all((const struct vo_api_case[]){
        {admin, "POST", "/api/v1/holidays", "{\"date\":\"2026-02-28\",\"kind\":\"workday\"}", 201,
         NULL, "a worked Saturday"},
        {admin, "POST", "/api/v1/holidays", "{\"date\":\"2026-02-30\"}", 422, "date", "not a date"},
        {admin, "POST", "/api/v1/holidays", "{\"date\":\"2026-03-09\",\"kind\":\"party\"}", 422,
         "kind", "unknown kind"},
        {admin, "POST", "/api/v1/holidays", "{\"date\":\"2025-12-31\"}", 201, NULL, "another year"},
        {0}});

    struct vo_test_resp r = as(anna, "GET", "/api/v1/holidays?year=2026", NULL);
    vo_test_expect(&r, 200, NULL, "list 2026");
    json_t *items = json_object_get(r.json, "items");
    cr_assert_eq(json_array_size(items), 2);
    cr_assert_str_eq(jstr(json_array_get(items, 0), "date"), "2026-01-07");
    cr_assert_str_eq(jstr(json_array_get(items, 0), "name"), "Рождество");
    cr_assert_str_eq(jstr(json_array_get(items, 1), "kind"), "workday");
    vo_test_resp_free(&r);
    vo_api_expect(anna, "GET", "/api/v1/holidays?year=20x6", NULL, 422, "year", "bad year");

    char *path = g_strdup_printf("/api/v1/holidays/%lld", (long long)id);
    vo_api_expect_all(
        (const struct vo_api_case[]){{admin, "DELETE", path, NULL, 200, NULL, "delete"},
                                     {admin, "DELETE", path, NULL, 404, NULL, "delete twice"},
                                     {0}});
    cr_assert_eq(vo_api_items(anna, "/api/v1/holidays"), 2);
    g_free(path);
}

Test(api_config, org_settings)
{
    const struct vo_test_login *admin = vo_api_user("admin"), *anna = vo_api_user("anna");
    struct vo_test_resp r =
        as(admin, "PATCH", "/api/v1/org",
           "{\"name\":\"ООО Ромашка\",\"tz\":\"Asia/Yekaterinburg\","
           "\"settings\":{\"stale_days\":7,\"required_deal_fields\":[\"amount\"]}}");
    vo_test_expect(&r, 200, NULL, "update");
    cr_assert_str_eq(jstr(r.json, "tz"), "Asia/Yekaterinburg");
    vo_test_resp_free(&r);
    /* A second patch merges settings keys. */
    vo_api_expect_all((const struct vo_api_case[]){
        {admin, "PATCH", "/api/v1/org", "{\"settings\":{\"open_deal_limit\":40}}", 200, NULL,
         "merge settings"},
        {admin, "PATCH", "/api/v1/org", "{\"tz\":\"Mars/Olympus\"}", 422, "tz", "unknown zone"},
        {0}});
    /* issue 8, item 22: right/ and posix/ are copies a distribution adds */
    const char *not_iana[] = {"/etc/passwd", "MSK-3", "Europe/../Moscow",    "+05:00", "",
                              "right/UTC",   "Cuba",  "posix/Europe/Moscow", "EST5EDT"};
    for (size_t i = 0; i < sizeof not_iana / sizeof not_iana[0]; i++) {
        char *body = g_strdup_printf("{\"tz\":\"%s\"}", not_iana[i]);
        vo_api_expect(admin, "PATCH", "/api/v1/org", body, 422, "tz", not_iana[i]);
        g_free(body);
    }
    vo_api_expect_all((const struct vo_api_case[]){
        {admin, "PATCH", "/api/v1/org", "{\"currency\":\"RUBLES\"}", 422, "currency",
         "bad currency"},
        {admin, "PATCH", "/api/v1/org", "{\"settings\":{\"stale_days\":-3}}", 422, "stale_days",
         "negative stale_days"},
        {admin, "PATCH", "/api/v1/org", "{\"settings\":{\"required_deal_fields\":[\"colour\"]}}",
         422, "required_deal_fields", "unknown deal field"},
        {admin, "PATCH", "/api/v1/org", "{\"settings\":[1]}", 422, "settings",
         "settings not an object"},
        {admin, "PATCH", "/api/v1/org", "{\"id\":5}", 422, "id", "read-only field"},
        {anna, "PATCH", "/api/v1/org", "{\"name\":\"x\"}", 403, NULL, "a manager changes the org"},
        {0}});

    r = as(anna, "GET", "/api/v1/org", NULL);
    vo_test_expect(&r, 200, NULL, "get");
    cr_assert_str_eq(jstr(r.json, "name"), "ООО Ромашка");
    cr_assert_str_eq(jstr(r.json, "tz"), "Asia/Yekaterinburg");
    cr_assert_str_eq(jstr(r.json, "currency"), "RUB");
    json_t *s = json_object_get(r.json, "settings");
    cr_assert_eq(jint(s, "stale_days"), 7);
    cr_assert_eq(jint(s, "open_deal_limit"), 40);
    cr_assert_eq(json_array_size(json_object_get(s, "required_deal_fields")), 1);
    /* Instants now come in the new zone. */
    cr_assert(strstr(jstr(r.json, "created_at"), "+05:00"), "%s", r.body);
    vo_test_resp_free(&r);
}

static json_int_t sum_parts(json_t *body, size_t *n)
{
    json_t *parts = json_object_get(body, "parts");
    json_int_t sum = 0;
    for (size_t i = 0; i < json_array_size(parts); i++)
        sum += jint(json_array_get(parts, i), "target");
    *n = json_array_size(parts);
    return sum;
}

Test(api_config, plans_set_read_split)
{
    const struct vo_test_login *head = vo_api_user("head"), *anna = vo_api_user("anna");
    struct vo_test_resp r = as(head, "POST", "/api/v1/plans",
                               "{\"period\":\"2026-03\",\"scope\":\"org\",\"metric\":\"revenue\","
                               "\"target\":\"1 000 000\"}");
    vo_test_expect(&r, 200, NULL, "set the org plan");
    cr_assert_eq(jint(r.json, "target"), 100000000); /* kopecks */
    cr_assert_str_eq(jstr(r.json, "unit"), "minor_units");
    vo_test_resp_free(&r);
    r = as(head, "POST", "/api/v1/plans",
           "{\"period\":\"2026-03\",\"scope\":\"user:anna@example.com\",\"metric\":\"calls\","
           "\"target\":300}");
    vo_test_expect(&r, 200, NULL, "set a user plan");
    cr_assert_str_eq(jstr(r.json, "scope"), "user:anna@example.com");
    vo_test_resp_free(&r);
    vo_api_expect_all((const struct vo_api_case[]){
        {head, "POST", "/api/v1/plans",
         "{\"period\":\"2026-13\",\"metric\":\"revenue\",\"target\":1}", 422, "period",
         "bad period"},
        {head, "POST", "/api/v1/plans",
         "{\"period\":\"2026-03\",\"metric\":\"happiness\",\"target\":1}", 422, "metric",
         "unknown metric"},
        {head, "POST", "/api/v1/plans",
         "{\"period\":\"2026-03\",\"metric\":\"calls\",\"target\":true}", 422, "target",
         "target of the wrong type"},
        {head, "POST", "/api/v1/plans",
         "{\"period\":\"2026-03\",\"scope\":\"team:Нет\",\"metric\":\"calls\",\"target\":1}", 422,
         "scope", "unknown team"},
        {anna, "POST", "/api/v1/plans",
         "{\"period\":\"2026-03\",\"metric\":\"calls\",\"target\":1}", 403, NULL,
         "a manager sets a plan"},
        {0}});

    /* Equal split of the org's own revenue plan: 1 000 000.01 to 2. */
    r = as(head, "POST", "/api/v1/plans/split",
           "{\"period\":\"2026-03\",\"metric\":\"revenue\",\"method\":\"equal\","
           "\"target\":\"1000000.01\"}");
    vo_test_expect(&r, 200, NULL, "equal split");
    size_t n = 0;
    cr_assert_eq(sum_parts(r.json, &n), 100000001, "the parts sum exactly to the target");
    cr_assert_eq(n, 2);
    vo_test_resp_free(&r);
    /* Weights 1:2 of 100.00 -> 33.33 + 66.67. */
    r = as(head, "POST", "/api/v1/plans/split",
           "{\"period\":\"2026-04\",\"metric\":\"revenue\",\"method\":\"weights\",\"target\":100,"
           "\"weights\":{\"anna@example.com\":1,\"boris@example.com\":2}}");
    vo_test_expect(&r, 200, NULL, "weights split");
    cr_assert_eq(sum_parts(r.json, &n), 10000);
    json_t *parts = json_object_get(r.json, "parts");
    cr_assert_eq(jint(json_array_get(parts, 0), "target"), 3333);
    cr_assert_eq(jint(json_array_get(parts, 1), "target"), 6667);
    vo_test_resp_free(&r);
    vo_api_expect_all((const struct vo_api_case[]){
        {head, "POST", "/api/v1/plans/split",
         "{\"period\":\"2026-04\",\"metric\":\"revenue\",\"method\":\"weights\",\"target\":100,"
         "\"weights\":{\"nobody@example.com\":1}}",
         422, "weights", "an unknown user in the weights"},
        {head, "POST", "/api/v1/plans/split",
         "{\"period\":\"2026-04\",\"metric\":\"conversion\",\"target\":\"25%\"}", 422, "metric",
         "a ratio is not split"},
        {head, "POST", "/api/v1/plans/split",
         "{\"period\":\"2026-04\",\"metric\":\"revenue\",\"method\":\"dice\",\"target\":1}", 422,
         "method", "unknown method"},
        {0}});
    /* Without a target: the org's plan of the month. */
    r = as(head, "POST", "/api/v1/plans/split", "{\"period\":\"2026-03\",\"metric\":\"revenue\"}");
    vo_test_expect(&r, 200, NULL, "split the org's plan");
    cr_assert_eq(sum_parts(r.json, &n), 100000000);
    vo_test_resp_free(&r);

    /* A manager reads the month's plans (the leaderboard shows all). */
    r = as(anna, "GET", "/api/v1/plans?period=2026-03", NULL);
    vo_test_expect(&r, 200, NULL, "list");
    cr_assert_eq(json_array_size(json_object_get(r.json, "items")), 4, "%s", r.body);
    vo_test_resp_free(&r);
    r = as(anna, "GET", "/api/v1/plans?period=2026-03&scope=user:boris@example.com", NULL);
    vo_test_expect(&r, 200, NULL, "one user's plans");
    json_t *items = json_object_get(r.json, "items");
    cr_assert_eq(json_array_size(items), 1);
    cr_assert_eq(jint(json_array_get(items, 0), "target"), 50000000);
    vo_test_resp_free(&r);
    r = as(anna, "GET", "/api/v1/plans?period=2026-03&scope=org", NULL);
    cr_assert_eq(jint(json_array_get(json_object_get(r.json, "items"), 0), "target"), 100000000);
    vo_test_resp_free(&r);
    vo_api_expect_all((const struct vo_api_case[]){
        {anna, "GET", "/api/v1/plans", NULL, 422, "period", "no period"},
        {anna, "GET", "/api/v1/plans?period=March", NULL, 422, "period", "bad period"},
        {0}});
}

static const char users_csv[] = "name,email,role\\n"
                                "Иван Продавец,ivan@example.com,manager\\n";
static const char pipelines_csv[] = "pipeline,stage,position,max_days\\n"
                                    "Опт,Квалификация,1,5\\n"
                                    "Опт,Встреча,2,\\n";
static const char deals_good[] =
    "id,owner,pipeline,created_at,stage,status,amount,closed_at\\n"
    "D1,ivan@example.com,Опт,2026-03-01,Встреча,open,100,\\n"
    "D2,ivan@example.com,Опт,2026-03-02,Встреча,won,250.50,2026-03-10\\n";
static const char deals_bad[] = "id,owner,pipeline,created_at,stage,status,amount,closed_at\\n"
                                "D3,nobody@example.com,Опт,2026-03-01,Встреча,open,100,\\n"
                                "D4,ivan@example.com,Опт,2026-02-30,Встреча,open,100,\\n"
                                "D5,ivan@example.com,Опт,2026-03-01,Встреча,won,100,\\n";

static char *import_body(const char *deals)
{
    return g_strdup_printf("{\"files\":{\"users.csv\":\"%s\",\"pipelines.csv\":\"%s\","
                           "\"deals.csv\":\"%s\"}}",
                           users_csv, pipelines_csv, deals);
}

static json_int_t file_count(json_t *body, const char *file, const char *what)
{
    json_t *files = json_object_get(body, "files");
    for (size_t i = 0; i < json_array_size(files); i++)
        if (strcmp(jstr(json_array_get(files, i), "file"), file) == 0)
            return jint(json_array_get(files, i), what);
    cr_assert_fail("no %s in the summary", file);
    return -1;
}

Test(api_config, import_json_files)
{
    const struct vo_test_login *admin = vo_api_user("admin"), *head = vo_api_user("head"),
                               *anna = vo_api_user("anna");
    char *good = import_body(deals_good);
    struct vo_test_resp r = as(anna, "POST", "/api/v1/import", good);
    vo_test_expect(&r, 403, NULL, "a manager imports");
    vo_test_resp_free(&r);

    /* Load the live dataset before the import (a split reads it). */
    vo_api_expect(head, "POST", "/api/v1/plans/split",
                  "{\"period\":\"2026-06\",\"metric\":\"revenue\",\"target\":1}", 200, NULL,
                  "a split before the import");

    /* A dry run checks and writes nothing. The files add a user and a
     * pipeline, which only an administrator writes. */
    r = as(admin, "POST", "/api/v1/import?dry_run=1", good);
    vo_test_expect(&r, 200, NULL, "dry run");
    cr_assert(json_is_false(json_object_get(r.json, "committed")));
    cr_assert_eq(vo_api_count("deals"), 0);
    vo_test_resp_free(&r);

    r = as(admin, "POST", "/api/v1/import", good);
    vo_test_expect(&r, 200, NULL, "import");
    cr_assert(json_is_true(json_object_get(r.json, "committed")));
    cr_assert_eq(file_count(r.json, "deals.csv", "created"), 2, "%s", r.body);
    cr_assert_eq(file_count(r.json, "users.csv", "created"), 1, "%s", r.body);
    cr_assert(jint(r.json, "created") >= 5, "%s", r.body);
    cr_assert_eq(json_array_size(json_object_get(r.json, "problems")), 0);
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_count("deals"), 2);
    /* The imported pipeline is there for everyone. */
    r = as(anna, "GET", "/api/v1/pipelines", NULL);
    json_t *p = json_array_get(json_object_get(r.json, "items"), 0);
    cr_assert_str_eq(jstr(p, "name"), "Опт");
    cr_assert_eq(json_array_size(json_object_get(p, "stages")), 2);
    vo_test_resp_free(&r);

    /* The same files again change nothing: the head may send them, as no
     * user or pipeline is written. */
    r = as(head, "POST", "/api/v1/import", good);
    vo_test_expect(&r, 200, NULL, "re-import");
    cr_assert_eq(jint(r.json, "created"), 0, "%s", r.body);
    cr_assert_eq(jint(r.json, "updated"), 0, "%s", r.body);
    cr_assert(jint(r.json, "unchanged") >= 5, "%s", r.body);
    cr_assert_eq(file_count(r.json, "deals.csv", "unchanged"), 2, "%s", r.body);
    vo_test_resp_free(&r);
    g_free(good);

    /* A bad file: every problem listed, nothing written. */
    int64_t audit_before = vo_api_count("audit_log");
    char *bad = import_body(deals_bad);
    r = as(head, "POST", "/api/v1/import", bad);
    vo_test_expect(&r, 422, NULL, "bad file");
    cr_assert(json_is_false(json_object_get(r.json, "committed")));
    cr_assert(vo_api_has_problem(r.json, "deals.csv", 2, "owner"), "%s", r.body);
    cr_assert(vo_api_has_problem(r.json, "deals.csv", 3, "created_at"), "%s", r.body);
    cr_assert(vo_api_has_problem(r.json, "deals.csv", 4, "closed_at"), "%s", r.body);
    vo_test_resp_free(&r);
    g_free(bad);
    cr_assert_eq(vo_api_count("deals"), 2);
    cr_assert_eq(vo_api_count("audit_log"), audit_before);

    /* The import reached the live dataset: a split by history gives the
     * whole target to the one manager with revenue in the 3 months before. */
    r = as(head, "POST", "/api/v1/plans/split",
           "{\"period\":\"2026-06\",\"metric\":\"revenue\",\"method\":\"history\","
           "\"target\":1000}");
    vo_test_expect(&r, 200, NULL, "history split");
    size_t np = 0;
    cr_assert_eq(sum_parts(r.json, &np), 100000, "%s", r.body);
    cr_assert_eq(np, 3, "%s", r.body);
    json_t *parts = json_object_get(r.json, "parts");
    for (size_t i = 0; i < np; i++) {
        json_t *part = json_array_get(parts, i);
        bool ivan = strcmp(jstr(part, "email"), "ivan@example.com") == 0;
        cr_assert_eq(jint(part, "target"), ivan ? 100000 : 0, "%s", r.body);
    }
    vo_test_resp_free(&r);

    /* Bad requests: never a 500. */
    vo_api_expect_all((const struct vo_api_case[]){
        {head, "POST", "/api/v1/import", "{\"files\":{\"../../etc/passwd\":\"x\"}}", 422, "files",
         "a name not of the format"},
        {head, "POST", "/api/v1/import", "{\"files\":{\"deals.csv\":5}}", 422, "files",
         "a file that is not text"},
        {head, "POST", "/api/v1/import", "{\"files\":{}, \"zip\":1}", 422, "zip", "unknown field"},
        {head, "POST", "/api/v1/import", "{\"files\":", 400, NULL, "malformed JSON"},
        {head, "POST", "/api/v1/import", NULL, 422, "files", "no body"},
        {0}});
}

/* ?skip_invalid=1: a partial import (docs/import.md, "Partial imports"):
 * the good rows written, the rejected ones listed with their line, field,
 * code and message, and the rejects files' text, which posted back fixed
 * imports the rest. */
Test(api_config, import_skip_invalid)
{
    const struct vo_test_login *admin = vo_api_user("admin");
    char *mixed = g_strdup_printf(
        "{\"files\":{\"users.csv\":\"%s\",\"pipelines.csv\":\"%s\",\"deals.csv\":\"%s%s\"}}",
        users_csv, pipelines_csv, "id,owner,pipeline,created_at,stage,status,amount,closed_at\\n",
        "D1,ivan@example.com,Опт,2026-03-01,Встреча,open,100,\\n"
        "D3,nobody@example.com,Опт,2026-03-01,Встреча,open,100,\\n"
        "D4,ivan@example.com,Опт,2026-02-30,Встреча,open,100,\\n");
    int64_t audit_before = vo_api_count("audit_log");
    struct vo_test_resp r = as(admin, "POST", "/api/v1/import?skip_invalid=1", mixed);
    vo_test_expect(&r, 200, NULL, "a partial import");
    cr_assert(json_is_true(json_object_get(r.json, "committed")), "%s", r.body);
    cr_assert_eq(jint(r.json, "rejected"), 2, "%s", r.body);
    cr_assert_eq(file_count(r.json, "deals.csv", "created"), 1, "%s", r.body);
    cr_assert_eq(file_count(r.json, "deals.csv", "rejected"), 2, "%s", r.body);
    cr_assert_eq(file_count(r.json, "users.csv", "rejected"), 0, "%s", r.body);
    cr_assert(json_is_false(json_object_get(r.json, "rejected_rows_truncated")));
    json_t *rows = json_object_get(r.json, "rejected_rows");
    cr_assert_eq(json_array_size(rows), 2, "%s", r.body);
    json_t *j = json_array_get(rows, 0);
    cr_assert_str_eq(jstr(j, "file"), "deals.csv");
    cr_assert_eq(jint(j, "line"), 3);
    cr_assert_str_eq(jstr(j, "field"), "owner");
    cr_assert_str_eq(jstr(j, "message"),
                     "no user \"nobody@example.com\" (users.csv or `voronka user add`)");
    cr_assert_eq(jint(json_array_get(rows, 1), "line"), 4);
    cr_assert_str_eq(jstr(json_array_get(rows, 1), "field"), "created_at");
    const char *text = jstr(json_object_get(r.json, "rejects_files"), "deals.csv");
    cr_assert(g_str_has_prefix(text, "\xEF\xBB\xBFid,owner,pipeline,created_at,stage,status,"
                                     "amount,closed_at,_file,_line,_field,_code,_error\r\n"
                                     "D3,nobody@example.com,Опт,2026-03-01,Встреча,open,100,,"
                                     "deals.csv,3,owner,"),
              "%s", text);
    cr_assert(strstr(text, "Пользователь «nobody@example.com» не найден"), "in Russian: %s", text);
    char *fixed = g_strdup(text);
    vo_test_resp_free(&r);
    g_free(mixed);
    cr_assert_eq(vo_api_count("deals"), 1);
    cr_assert_eq(vo_api_count("audit_log"), audit_before + 1);

    /* lang=en: the rejects files in English */
    r = as(admin, "POST", "/api/v1/import?skip_invalid=1&dry_run=1&lang=en",
           "{\"files\":{\"deals.csv\":\"id,owner,pipeline,created_at\\nD9,nobody@example.com,"
           "Опт,2026-03-01\\nD1,ivan@example.com,Опт,2026-03-01\\n\"}}");
    vo_test_expect(&r, 200, NULL, "a partial dry run in English");
    cr_assert(json_is_false(json_object_get(r.json, "committed")));
    cr_assert(
        strstr(jstr(json_object_get(r.json, "rejects_files"), "deals.csv"),
               ",\"no user \"\"nobody@example.com\"\" (users.csv or `voronka user add`)\"\r\n"),
        "%s", r.body);
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_count("deals"), 1);

    /* the rejects file fixed and posted back: the rest lands */
    char **parts = g_strsplit(fixed, "nobody@example.com", -1);
    char *t1 = g_strjoinv("ivan@example.com", parts);
    g_strfreev(parts);
    parts = g_strsplit(t1, "2026-02-30", -1);
    char *t2 = g_strjoinv("2026-03-02", parts);
    g_strfreev(parts);
    json_t *body = json_pack("{s:{s:s}}", "files", "deals.csv", t2);
    char *b = json_dumps(body, JSON_COMPACT);
    r = as(admin, "POST", "/api/v1/import?skip_invalid=1", b);
    vo_test_expect(&r, 200, NULL, "the fixed rejects");
    cr_assert_eq(jint(r.json, "rejected"), 0, "%s", r.body);
    cr_assert_eq(file_count(r.json, "deals.csv", "created"), 2, "%s", r.body);
    cr_assert_eq(json_array_size(json_object_get(r.json, "warnings")), 0, "%s", r.body);
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_count("deals"), 3);
    free(b);
    json_decref(body);
    g_free(t1);
    g_free(t2);
    g_free(fixed);

    /* no row good: 422, nothing written, the rejects listed */
    r = as(admin, "POST", "/api/v1/import?skip_invalid=1",
           "{\"files\":{\"deals.csv\":\"id,owner,pipeline,created_at\\nD8,nobody@example.com,"
           "Опт,2026-03-01\\n\"}}");
    vo_test_expect(&r, 422, NULL, "nothing good");
    cr_assert_eq(jint(r.json, "rejected"), 1, "%s", r.body);
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_count("deals"), 3);

    vo_api_expect_all((const struct vo_api_case[]){
        {admin, "POST", "/api/v1/import?skip_invalid=2", "{\"files\":{\"deals.csv\":\"id\"}}", 422,
         "skip_invalid", "skip_invalid neither 1 nor 0"},
        {admin, "POST", "/api/v1/import?skip_invalid=1&lang=de",
         "{\"files\":{\"deals.csv\":\"id\"}}", 422, "lang", "a language not ru or en"},
        {0}});
}

/* The CSV texts of import_body (without the JSON escapes). */
static char *unescape(const char *s)
{
    GString *g = g_string_new(NULL);
    for (const char *p = s; *p; p++) {
        if (p[0] == '\\' && p[1] == 'n') {
            g_string_append_c(g, '\n');
            p++;
        } else {
            g_string_append_c(g, *p);
        }
    }
    return g_string_free(g, FALSE);
}

/* Temporary files of request bodies left in the temporary directory or
 * still open in this process (the server runs in it): an upload is
 * written to an unlinked temporary file, closed when the request ends. */
static int body_files_left(void)
{
    int n = 0;
    const char *names[] = {g_get_tmp_dir(), "/proc/self/fd"};
    for (int k = 0; k < 2; k++) {
        GDir *d = g_dir_open(names[k], 0, NULL);
        cr_assert(d, "%s", names[k]);
        const char *name;
        while ((name = g_dir_read_name(d))) {
            char *path = g_build_filename(names[k], name, NULL);
            char *target = k ? g_file_read_link(path, NULL) : NULL;
            if (strstr(k ? (target ? target : "") : name, "voronka-body-"))
                n++;
            g_free(target);
            g_free(path);
        }
        g_dir_close(d);
    }
    return n;
}

Test(api_config, import_multipart_and_zip)
{
    /* The files add a user and a pipeline: an administrator's import. */
    const struct vo_test_login *admin = vo_api_user("admin");
    char *users = unescape(users_csv), *pipes = unescape(pipelines_csv),
         *deals = unescape(deals_good);
    /* multipart/form-data, as a browser form or curl -F sends it */
    const char *b = "XyZzyBoundary";
    GString *mp = g_string_new(NULL);
    const char *names[] = {"users.csv", "pipelines.csv", "deals.csv"};
    const char *texts[] = {users, pipes, deals};
    for (int i = 0; i < 3; i++)
        g_string_append_printf(mp,
                               "--%s\r\nContent-Disposition: form-data; name=\"files\"; "
                               "filename=\"%s\"\r\nContent-Type: text/csv\r\n\r\n%s\r\n",
                               b, names[i], texts[i]);
    g_string_append_printf(mp, "--%s--\r\n", b);
    char *ct = g_strdup_printf("multipart/form-data; boundary=%s", b);
    struct vo_test_resp r =
        vo_test_http_raw(vo_api.port, "POST", "/api/v1/import?dry_run=1", admin->cookie,
                         admin->csrf, NULL, ct, mp->str, mp->len);
    vo_test_expect(&r, 200, NULL, "multipart dry run");
    cr_assert_eq(file_count(r.json, "deals.csv", "created"), 2, "%s", r.body);
    cr_assert_eq(vo_api_count("deals"), 0, "a dry run writes nothing");
    vo_test_resp_free(&r);
    r = vo_test_http_raw(vo_api.port, "POST", "/api/v1/import", admin->cookie, admin->csrf, NULL,
                         ct, mp->str, mp->len);
    vo_test_expect(&r, 200, NULL, "multipart import");
    cr_assert_eq(vo_api_count("deals"), 2);
    vo_test_resp_free(&r);

    /* the same files as one zip archive: everything unchanged */
    for (int i = 0; i < 3; i++)
        vo_test_write(vo_api.dir, names[i], texts[i]);
    char *cmd = g_strdup_printf("cd '%s' && zip -q files.zip users.csv pipelines.csv deals.csv",
                                vo_api.dir);
    cr_assert_eq(vo_test_run(cmd, NULL), 0, "zip");
    char *zpath = g_build_filename(vo_api.dir, "files.zip", NULL);
    gchar *zip = NULL;
    gsize zlen = 0;
    cr_assert(g_file_get_contents(zpath, &zip, &zlen, NULL));
    r = vo_test_http_raw(vo_api.port, "POST", "/api/v1/import", admin->cookie, admin->csrf, NULL,
                         "application/zip", zip, zlen);
    vo_test_expect(&r, 200, NULL, "zip import");
    cr_assert_eq(file_count(r.json, "deals.csv", "unchanged"), 2, "%s", r.body);
    cr_assert_eq(file_count(r.json, "deals.csv", "created"), 0, "%s", r.body);
    vo_test_resp_free(&r);

    /* not a zip; multipart without a boundary; a form with no file */
    r = vo_test_http_raw(vo_api.port, "POST", "/api/v1/import", admin->cookie, admin->csrf, NULL,
                         "application/zip", "PK-not-really", 13);
    vo_test_expect(&r, 422, "files", "not a zip");
    vo_test_resp_free(&r);
    r = vo_test_http_raw(vo_api.port, "POST", "/api/v1/import", admin->cookie, admin->csrf, NULL,
                         "multipart/form-data", mp->str, mp->len);
    cr_assert_eq(r.status, 400, "no boundary: %d %s", r.status, r.body);
    vo_test_resp_free(&r);
    const char *nofile = "--XyZzyBoundary\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n"
                         "hello\r\n--XyZzyBoundary--\r\n";
    r = vo_test_http_raw(vo_api.port, "POST", "/api/v1/import", admin->cookie, admin->csrf, NULL,
                         ct, nofile, strlen(nofile));
    vo_test_expect(&r, 422, "files", "no file");
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_count("deals"), 2, "nothing more was written");

    cr_assert_eq(body_files_left(), 0, "a temporary file of an upload is left");

    g_free(zip);
    g_free(zpath);
    g_free(cmd);
    g_free(ct);
    g_string_free(mp, TRUE);
    g_free(users);
    g_free(pipes);
    g_free(deals);
}

Test(api_config, audit_shows_the_writes)
{
    const struct vo_test_login *admin = vo_api_user("admin"), *head = vo_api_user("head");
    const char *writes[][2] = {
        {"/api/v1/teams", "{\"name\":\"Север\"}"},
        {"/api/v1/teams", "{\"name\":\"Юг\"}"},
        {"/api/v1/products", "{\"name\":\"Станок\"}"},
        {"/api/v1/pipelines", "{\"name\":\"Опт\"}"},
        {"/api/v1/holidays", "{\"date\":\"2026-05-01\"}"},
    };
    for (size_t i = 0; i < sizeof writes / sizeof writes[0]; i++) {
        struct vo_test_resp r = as(admin, "POST", writes[i][0], writes[i][1]);
        vo_test_expect(&r, 201, NULL, writes[i][0]);
        vo_test_resp_free(&r);
    }
    struct vo_test_resp r = as(head, "POST", "/api/v1/plans",
                               "{\"period\":\"2026-05\",\"metric\":\"deals_won\",\"target\":10}");
    vo_test_expect(&r, 200, NULL, "plan");
    vo_test_resp_free(&r);

    r = as(head, "GET", "/api/v1/audit?action=team.create", NULL);
    vo_test_expect(&r, 200, NULL, "by action");
    json_t *items = json_object_get(r.json, "items");
    cr_assert_eq(json_array_size(items), 2);
    /* Newest first by default. */
    cr_assert_str_eq(jstr(json_array_get(items, 0), "detail"), "Юг");
    cr_assert_str_eq(jstr(json_array_get(items, 0), "user"), "admin@example.com");
    vo_test_resp_free(&r);

    r = as(head, "GET", "/api/v1/audit?user=head@example.com", NULL);
    items = json_object_get(r.json, "items");
    cr_assert_eq(json_array_size(items), 2, "%s", r.body);
    cr_assert_str_eq(jstr(json_array_get(items, 0), "action"), "plan.set");
    cr_assert_str_eq(jstr(json_array_get(items, 1), "action"), "session.login");
    vo_test_resp_free(&r);

    /* Page through the admin's writes two at a time, oldest first. */
    const char *want[] = {"team.create", "team.create", "product.create", "pipeline.create",
                          "holiday.set"};
    char *path = g_strdup("/api/v1/audit?user=admin@example.com&sort=id&limit=2"
                          "&from=2000-01-01&to=2200-12-31");
    size_t seen = 0;
    int pages = 0;
    while (path) {
        r = as(head, "GET", path, NULL);
        vo_test_expect(&r, 200, NULL, "page");
        g_free(path);
        path = NULL;
        items = json_object_get(r.json, "items");
        for (size_t i = 0; i < json_array_size(items); i++) {
            const char *action = jstr(json_array_get(items, i), "action");
            if (strcmp(action, "session.login") == 0 || strcmp(action, "org.create") == 0)
                continue; /* the fixture's org and this test's sign-in */
            cr_assert(seen < 5);
            cr_assert_str_eq(action, want[seen]);
            seen++;
        }
        const char *next = json_string_value(json_object_get(r.json, "next_cursor"));
        if (next)
            path = g_strdup_printf("/api/v1/audit?user=admin@example.com&sort=id&limit=2"
                                   "&cursor=%s",
                                   next);
        vo_test_resp_free(&r);
        pages++;
        cr_assert(pages < 10);
    }
    cr_assert_eq(seen, 5);
    cr_assert_geq(pages, 3);

    r = as(head, "GET", "/api/v1/audit?to=2000-01-01", NULL);
    vo_test_expect(&r, 200, NULL, "nothing before 2000");
    cr_assert_eq(json_array_size(json_object_get(r.json, "items")), 0);
    vo_test_resp_free(&r);
    vo_api_expect_all((const struct vo_api_case[]){
        {head, "GET", "/api/v1/audit?from=yesterday", NULL, 422, "from", "bad date"},
        {head, "GET", "/api/v1/audit?user=nobody@example.com", NULL, 422, "user", "unknown user"},
        {head, "GET", "/api/v1/audit?cursor=!!!", NULL, 422, "cursor", "bad cursor"},
        {0}});
    const struct vo_test_login *anna = vo_api_user("anna");
    vo_api_expect(anna, "GET", "/api/v1/audit", NULL, 403, NULL, "a manager reads the audit log");
}

/* An export of another CRM posted as it is (any *.csv name): the preset
 * its headers fit reads it (docs/import.md, "Presets"), and the answer
 * says which; ?preset=NAME forces one, an unknown one is 422 naming
 * `preset`; a header no preset fits is 422 naming the candidates. */
Test(api_config, import_preset)
{
    const struct vo_test_login *admin = vo_api_user("admin");
    char *path = g_build_filename(vo_test_source_dir(), "tests", "data", "presets", "hubspot",
                                  "hubspot-crm-exports-all-deals-2024-03-29.csv", NULL);
    char *text = NULL;
    cr_assert(g_file_get_contents(path, &text, NULL, NULL), "%s", path);
    g_free(path);
    json_t *b = json_pack("{s:{s:s}}", "files", "hubspot export.csv", text);
    char *body = json_dumps(b, 0);
    json_decref(b);
    int64_t before = vo_api_count("deals");

    struct vo_test_resp r = as(admin, "POST", "/api/v1/import?preset=nosuch", body);
    vo_test_expect(&r, 422, "preset", "an unknown preset");
    vo_test_resp_free(&r);
    r = as(admin, "POST", "/api/v1/import?preset=pipedrive", body);
    vo_test_expect(&r, 422, NULL, "the wrong preset");
    cr_assert(json_array_size(json_object_get(r.json, "problems")) > 0, "%s", r.body);
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_count("deals"), before);

    r = as(admin, "POST", "/api/v1/import?lang=en", body);
    vo_test_expect(&r, 200, NULL, "told by the headers");
    cr_assert_str_eq(jstr(r.json, "preset"), "hubspot");
    cr_assert_str_eq(jstr(r.json, "preset_name"), "HubSpot (all deals)");
    cr_assert(json_is_true(json_object_get(r.json, "preset_detected")), "%s", r.body);
    cr_assert_eq(file_count(r.json, "deals.csv", "created"), 7, "%s", r.body);
    /* how the preset read the export: the closed deals' rows (lines 2, 4,
     * 7, 8) skipped for the pipelines, with the reason; 7 deals */
    json_t *map = json_object_get(r.json, "mapping");
    json_t *skipped = json_object_get(map, "skipped");
    cr_assert_eq(json_array_size(skipped), 1, "%s", r.body);
    json_t *g = json_array_get(skipped, 0);
    cr_assert_eq(jint(g, "rows"), 4, "%s", r.body);
    cr_assert(strstr(jstr(g, "reason"), "a closed deal"), "%s", r.body);
    char *lines = json_dumps(json_object_get(g, "lines"), JSON_COMPACT);
    cr_assert_str_eq(lines, "[2,4,7,8]");
    free(lines);
    bool deals_src = false;
    json_t *src;
    size_t si;
    json_array_foreach(json_object_get(map, "sources"), si, src)
    {
        if (strcmp(jstr(src, "target"), "deals.csv") == 0)
            deals_src = jint(src, "read") == 7 && jint(src, "produced") == 7;
    }
    cr_assert(deals_src, "%s", r.body);
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_count("deals"), before + 7);

    r = as(admin, "POST", "/api/v1/import?preset=hubspot", body);
    vo_test_expect(&r, 200, NULL, "forced, again: nothing changes");
    cr_assert_str_eq(jstr(r.json, "preset_name"), "HubSpot (все сделки)");
    g = json_array_get(json_object_get(json_object_get(r.json, "mapping"), "skipped"), 0);
    cr_assert(strstr(jstr(g, "reason"), "закрытая сделка"), "%s", r.body);
    cr_assert(json_is_false(json_object_get(r.json, "preset_detected")), "%s", r.body);
    cr_assert_eq(file_count(r.json, "deals.csv", "unchanged"), 7, "%s", r.body);
    /* the second time every owner of the deals is the org's user */
    json_t *users = json_object_get(r.json, "users");
    cr_assert(json_array_size(users) > 0, "%s", r.body);
    int64_t deals = 0;
    for (size_t i = 0; i < json_array_size(users); i++) {
        json_t *u = json_array_get(users, i);
        cr_assert_str_eq(jstr(u, "match"), "existing", "%s", r.body);
        cr_assert(jint(u, "user_id") > 0, "%s", r.body);
        deals += jint(u, "deals");
    }
    cr_assert_eq(deals, 7, "%s", r.body);
    json_t *stages = json_object_get(r.json, "stages");
    deals = 0;
    for (size_t i = 0; i < json_array_size(stages); i++) {
        json_t *st = json_array_get(stages, i);
        cr_assert_str_eq(jstr(st, "match"), "existing", "%s", r.body);
        deals += jint(st, "deals");
    }
    cr_assert_eq(deals, 7, "%s", r.body);
    vo_test_resp_free(&r);
    free(body);
    g_free(text);

    r = as(admin, "POST", "/api/v1/import",
           "{\"files\":{\"export.csv\":\"Deal Name,Amount\\nX,1\\n\"}}");
    vo_test_expect(&r, 422, "preset", "no preset fits");
    cr_assert(strstr(r.body, "hubspot 2/8"), "%s", r.body);
    vo_test_resp_free(&r);
}

Test(api_config, import_presets)
{
    const struct vo_test_login *head = vo_api_user("head"), *anna = vo_api_user("anna");
    struct vo_test_resp r = as(anna, "GET", "/api/v1/import/presets", NULL);
    vo_test_expect(&r, 403, NULL, "a manager does not import");
    vo_test_resp_free(&r);
    r = as(head, "GET", "/api/v1/import/presets", NULL);
    vo_test_expect(&r, 200, NULL, "the presets");
    json_t *items = json_object_get(r.json, "items");
    cr_assert_eq(json_array_size(items), 6, "%s", r.body);
    json_t *amo = json_array_get(items, 0);
    cr_assert_str_eq(jstr(amo, "name"), "amocrm");
    cr_assert_str_eq(jstr(amo, "title"), "amoCRM (deals)");
    cr_assert_str_eq(jstr(amo, "title_ru"), "amoCRM (сделки)");
    vo_test_resp_free(&r);
}
