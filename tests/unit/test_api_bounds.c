/*
 * test_api_bounds.c - issue 8's loose input, against a real server on
 * 127.0.0.1 with a temporary database: every number is bounded by its
 * meaning (amounts, prices, plan targets, durations, max_days, ids > 0) and
 * no number stands for "none" (-2^63 was read as null); an owner is never
 * cleared nor silently replaced by the caller; required values that are
 * missing, null or empty are 422 naming the field; texts have limits
 * counted in characters; dates outside 1970-01-01..2200-12-31 are refused;
 * every error body carries "field". The same bounds hold for the import
 * and the CLI (model.h's tables), checked here through them too.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "api_fixture.h"
#include "http/http.h"
#include "testutil.h"

static int64_t anna_id, admin_id;

#define INT64_MIN_TEXT "-9223372036854775808"

/* One pipeline with one stage, for the deals. */
static void add_pipeline(struct vo_store *st, struct vo_svc *svc)
{
    static const char *const stages[] = {"Новая"};
    vo_api_add_pipeline(st, svc, stages, 1);
}

static void setup(void)
{
    struct vo_server_opts o = {.threads = 2, .body_limit = 256 * 1024};
    vo_api_start(&o, add_pipeline);
    anna_id = vo_api.manager_id;
    admin_id = vo_api.admin_id;
}

TestSuite(api_bounds, .init = setup, .fini = vo_api_stop, .timeout = 120);

/* A request that must be a 422 naming field, with the error shape. */
static void refused(const struct vo_test_login *l, const char *method, const char *path,
                    const char *body, const char *field)
{
    struct vo_test_resp r = as(l, method, path, body);
    cr_assert_eq(r.status, 422, "%s %s %.200s: %d %.300s", method, path, body ? body : "", r.status,
                 r.body);
    json_t *err = json_object_get(r.json, "error");
    cr_assert(json_is_object(err), "no error object: %s", r.body);
    const char *f = json_string_value(json_object_get(err, "field"));
    cr_assert(f && strcmp(f, field) == 0, "%s %.200s: field %s, want %s (%.300s)", path,
              body ? body : "", f ? f : "(none)", field, r.body);
    vo_test_resp_free(&r);
}

/* A request that must succeed with status; its JSON (json_decref). */
static json_t *ok(const struct vo_test_login *l, const char *method, const char *path,
                  const char *body, int status)
{
    struct vo_test_resp r = as(l, method, path, body);
    cr_assert_eq(r.status, status, "%s %s %.200s: %d %.300s", method, path, body ? body : "",
                 r.status, r.body);
    json_t *j = json_incref(r.json);
    vo_test_resp_free(&r);
    return j;
}

static int64_t id_of(json_t *j)
{
    int64_t id = json_integer_value(json_object_get(j, "id"));
    json_decref(j);
    return id;
}

/* Issue 8, item 5 (and 14 at the edge): -2^63 was read as null (200,
 * amount null; as an owner_id it gave the deal to the caller); numbers had
 * no upper bound (a plan of 9e18 call minutes, a payment of 9.2e18). */
Test(api_bounds, numbers_are_bounded_and_none_stands_for_null)
{
    const struct vo_test_login *head = vo_api_user("head");
    const struct vo_test_login *admin = vo_api_user("admin");
    const char *amounts[] = {INT64_MIN_TEXT, "9223372036854775807", "9200000000000000000",
                             "1000000000000001", "-1"};
    for (size_t i = 0; i < sizeof amounts / sizeof amounts[0]; i++) {
        char *body =
            g_strdup_printf("{\"title\":\"x\",\"pipeline\":\"Продажи\",\"amount\":%s}", amounts[i]);
        refused(head, "POST", "/api/v1/deals", body, "amount");
        g_free(body);
    }
    /* the documented maximum itself is fine */
    json_t *d = ok(head, "POST", "/api/v1/deals",
                   "{\"title\":\"x\",\"pipeline\":\"Продажи\",\"amount\":1000000000000000}", 201);
    cr_assert_eq(json_integer_value(json_object_get(d, "amount")), 1000000000000000);
    int64_t deal = id_of(d);
    const char *path = vo_api_fmt("/api/v1/deals/%lld", (long long)deal);
    refused(head, "PATCH", path, "{\"amount\":" INT64_MIN_TEXT "}", "amount");
    refused(head, "PATCH", path, "{\"client_id\":0}", "client_id");
    refused(head, "PATCH", path, "{\"client_id\":-7}", "client_id");
    refused(head, "PATCH", path, "{\"owner_id\":" INT64_MIN_TEXT "}", "owner_id");
    /* null clears what may be cleared: the amount */
    d = ok(head, "PATCH", path, "{\"amount\":null,\"client_id\":null}", 200);
    cr_assert(json_is_null(json_object_get(d, "amount")));
    json_decref(d);
    d = ok(head, "PATCH", path, "{\"amount\":500}", 200);
    json_decref(d);
    /* winning with -2^63 kept the deal's amount: a value is a value */
    const char *sub = vo_api_fmt("%s/win", path);
    refused(head, "POST", sub, "{\"amount\":" INT64_MIN_TEXT "}", "amount");
    refused(head, "POST", sub, "{\"amount\":1000000000000001}", "amount");
    d = ok(head, "GET", path, NULL, 200);
    cr_assert_eq(json_integer_value(json_object_get(d, "amount")), 500);
    cr_assert_str_eq(jstr(d, "status"), "open");
    json_decref(d);

    refused(head, "POST", "/api/v1/activities",
            "{\"type\":\"call\",\"duration_s\":" INT64_MIN_TEXT "}", "duration_s");
    refused(head, "POST", "/api/v1/activities", "{\"type\":\"call\",\"duration_s\":604801}",
            "duration_s");
    refused(head, "POST", "/api/v1/activities", "{\"type\":\"call\",\"deal_id\":0}", "deal_id");
    char *body =
        g_strdup_printf("{\"amount\":9200000000000000000,\"deal_id\":%lld}", (long long)deal);
    refused(head, "POST", "/api/v1/payments", body, "amount");
    g_free(body);
    body = g_strdup_printf("{\"amount\":null,\"deal_id\":%lld}", (long long)deal);
    refused(head, "POST", "/api/v1/payments", body, "amount");
    g_free(body);

    refused(admin, "POST", "/api/v1/products", "{\"name\":\"p\",\"price\":" INT64_MIN_TEXT "}",
            "price");
    refused(admin, "POST", "/api/v1/products", "{\"name\":\"p\",\"price\":1000000000000001}",
            "price");
    json_t *pl = ok(admin, "GET", "/api/v1/pipelines", NULL, 200);
    int64_t pipe =
        json_integer_value(json_object_get(json_array_get(json_object_get(pl, "items"), 0), "id"));
    json_decref(pl);
    const char *stages = vo_api_fmt("/api/v1/pipelines/%lld/stages", (long long)pipe);
    refused(admin, "POST", stages, "{\"name\":\"s\",\"max_days\":" INT64_MIN_TEXT "}", "max_days");
    refused(admin, "POST", stages, "{\"name\":\"s\",\"max_days\":100000}", "max_days");
    refused(admin, "POST", stages, "{\"name\":\"s\",\"position\":" INT64_MIN_TEXT "}", "position");

    /* plan targets, per metric */
    refused(head, "POST", "/api/v1/plans",
            "{\"period\":\"2026-11\",\"metric\":\"call_minutes\",\"target\":9000000000000000000}",
            "target");
    refused(head, "POST", "/api/v1/plans",
            "{\"period\":\"2026-11\",\"metric\":\"calls\",\"target\":\"1000000001\"}", "target");
    refused(head, "POST", "/api/v1/plans",
            "{\"period\":\"2026-11\",\"metric\":\"revenue\",\"target\":\"10000000000001\"}",
            "target");
    refused(head, "POST", "/api/v1/plans/split",
            "{\"period\":\"2026-11\",\"metric\":\"calls\",\"target\":\"5000000000\"}", "target");
    json_decref(ok(head, "POST", "/api/v1/plans",
                   "{\"period\":\"2026-11\",\"metric\":\"revenue\",\"target\":\"10000000000000\"}",
                   200));
    refused(admin, "POST", "/api/v1/tokens", "{\"name\":\"t\",\"user_id\":0}", "user_id");

    /* the CLI reads the same bounds */
    const char *cmd = vo_api_fmt("%s plan set --db %s --period 2026-11 --scope org --metric "
                                 "call_minutes --target 9000000000000000000 2>&1",
                                 vo_test_binary(), vo_api.db_path);
    char *out = NULL;
    int rc = vo_test_run(cmd, &out);
    cr_assert_eq(rc, 2, "%s: %d %s", cmd, rc, out);
    cr_assert(strstr(out, "target"), "%s", out);
    g_free(out);
}

/* Issue 8, item 11: owner_id 0 or null reassigned a deal to the caller (an
 * admin); role "" created a user; empty required values passed. */
Test(api_bounds, owners_and_required_values)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    const struct vo_test_login *admin = vo_api_user("admin");
    int64_t deal = id_of(
        ok(anna, "POST", "/api/v1/deals", "{\"title\":\"Анны\",\"pipeline\":\"Продажи\"}", 201));
    const char *path = vo_api_fmt("/api/v1/deals/%lld", (long long)deal);
    refused(admin, "PATCH", path, "{\"owner_id\":0}", "owner_id");
    refused(admin, "PATCH", path, "{\"owner_id\":null}", "owner_id");
    refused(admin, "PATCH", path, "{\"owner_id\":-1}", "owner_id");
    json_t *d = ok(admin, "GET", path, NULL, 200);
    cr_assert_eq(json_integer_value(json_object_get(d, "owner_id")), anna_id,
                 "the deal went to someone else");
    json_decref(d);
    /* an owner given on create: null is not "me" */
    refused(admin, "POST", "/api/v1/deals", "{\"pipeline\":\"Продажи\",\"owner_id\":null}",
            "owner_id");
    refused(admin, "POST", "/api/v1/clients", "{\"name\":\"c\",\"owner_id\":0}", "owner_id");
    refused(admin, "POST", "/api/v1/tasks",
            "{\"title\":\"t\",\"due_at\":\"2026-11-25\",\"assignee_id\":null}", "assignee_id");
    refused(admin, "POST", "/api/v1/activities", "{\"type\":\"call\",\"user_id\":0}", "user_id");
    /* admin names an owner: that one */
    const char *body = vo_api_fmt("{\"owner_id\":%lld}", (long long)admin_id);
    d = ok(admin, "PATCH", path, body, 200);
    cr_assert_eq(json_integer_value(json_object_get(d, "owner_id")), admin_id);
    json_decref(d);

    refused(admin, "POST", "/api/v1/users", "{\"name\":\"Пётр\",\"role\":\"\"}", "role");
    refused(admin, "POST", "/api/v1/users", "{\"name\":\"\"}", "name");
    refused(admin, "POST", "/api/v1/users", "{\"name\":null}", "name");
    refused(admin, "POST", "/api/v1/teams", "{\"name\":\"\"}", "name");
    refused(admin, "POST", "/api/v1/pipelines", "{\"name\":\"\"}", "name");
    refused(admin, "POST", "/api/v1/tokens", "{\"name\":\"\"}", "name");
    const char *sub = vo_api_fmt("%s/lose", path);
    refused(admin, "POST", sub, "{\"reason\":\"\"}", "reason");
    refused(admin, "POST", "/api/v1/tasks", "{\"title\":\"\",\"due_at\":\"2026-11-25\"}", "title");
    refused(admin, "POST", "/api/v1/clients", "{\"name\":null}", "name");
    json_t *users = ok(admin, "GET", "/api/v1/users", NULL, 200);
    for (size_t i = 0; i < json_array_size(json_object_get(users, "items")); i++)
        cr_assert_str_neq(jstr(json_array_get(json_object_get(users, "items"), i), "name"), "Пётр");
    json_decref(users);
}

/* Issue 8, item 19: a 9 MB outcome and 100 KB titles were accepted. Limits
 * count characters: 5000 Cyrillic letters (10,000 bytes) are an outcome,
 * 5001 ASCII ones are not. */
Test(api_bounds, texts_are_bounded_in_characters)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    const struct vo_test_login *admin = vo_api_user("admin");
    static const struct {
        const char *method, *path, *fmt, *field;
        size_t max;
        bool admin;
    } cases[] = {
        {"POST", "/api/v1/activities", "{\"type\":\"call\",\"outcome\":\"%s\"}", "outcome", 5000,
         false},
        {"POST", "/api/v1/deals", "{\"pipeline\":\"Продажи\",\"title\":\"%s\"}", "title", 500,
         false},
        {"POST", "/api/v1/deals", "{\"pipeline\":\"Продажи\",\"channel\":\"%s\"}", "channel", 200,
         false},
        {"POST", "/api/v1/tasks", "{\"due_at\":\"2026-11-25\",\"title\":\"%s\"}", "title", 500,
         false},
        {"POST", "/api/v1/clients", "{\"name\":\"%s\"}", "name", 500, false},
        {"POST", "/api/v1/clients", "{\"name\":\"c\",\"segment\":\"%s\"}", "segment", 200, false},
        {"POST", "/api/v1/users", "{\"name\":\"%s\"}", "name", 200, true},
        {"POST", "/api/v1/teams", "{\"name\":\"%s\"}", "name", 200, true},
        {"POST", "/api/v1/products", "{\"name\":\"p\",\"category\":\"%s\"}", "category", 200, true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct vo_test_login *who = cases[i].admin ? admin : anna;
        char *over = vo_api_repeat("", "a", cases[i].max + 1);
        const char *body = vo_api_fmt(cases[i].fmt, over);
        refused(who, cases[i].method, cases[i].path, body, cases[i].field);
        g_free(over);
        char *full = vo_api_repeat("", "Я", cases[i].max);
        body = vo_api_fmt(cases[i].fmt, full);
        json_decref(ok(who, cases[i].method, cases[i].path, body, 201));
        g_free(full);
    }
    /* the reason of a lost deal, named as the action names it */
    int64_t deal =
        id_of(ok(anna, "POST", "/api/v1/deals", "{\"title\":\"d\",\"pipeline\":\"Продажи\"}", 201));
    const char *lose = vo_api_fmt("/api/v1/deals/%lld/lose", (long long)deal);
    char *over = vo_api_repeat("", "b", 501);
    const char *body = vo_api_fmt("{\"reason\":\"%s\"}", over);
    refused(anna, "POST", lose, body, "reason");
    g_free(over);
}

/* Issue 8, items 13 and 22: a due date of 0001-01-01 was stored and shown
 * as "-62135605817"; instants outside 1970-01-01..2200-12-31 are refused
 * naming the field. */
Test(api_bounds, instants_outside_the_supported_dates)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    refused(anna, "POST", "/api/v1/tasks", "{\"title\":\"t\",\"due_at\":\"0001-01-01\"}", "due_at");
    refused(anna, "POST", "/api/v1/tasks", "{\"title\":\"t\",\"due_at\":\"2201-01-01 10:00\"}",
            "due_at");
    refused(anna, "POST", "/api/v1/activities", "{\"type\":\"call\",\"at\":\"9999-12-31\"}", "at");
    int64_t task = id_of(
        ok(anna, "POST", "/api/v1/tasks", "{\"title\":\"t\",\"due_at\":\"2026-11-25\"}", 201));
    const char *path = vo_api_fmt("/api/v1/tasks/%lld/complete", (long long)task);
    refused(anna, "POST", path, "{\"done_at\":\"1969-12-31 23:00\"}", "done_at");
    struct vo_test_resp r = as(anna, "GET", "/api/v1/deals?from=0001-01-01", NULL);
    cr_assert_eq(r.status, 422, "%s", r.body);
    vo_test_resp_free(&r);
}

/* Issue 8, item 11: a login failure and a 429 lacked the "field" key of
 * the error shape {"error": {"code", "message", "field"}}. */
Test(api_bounds, every_error_body_has_the_field_key)
{
    bool throttled = false;
    for (int i = 0; i < 40 && !throttled; i++) {
        struct vo_test_resp r =
            vo_test_http(vo_api.port, "POST", "/api/v1/session", NULL, NULL, NULL,
                         "{\"email\":\"anna@example.com\",\"password\":\"no\"}");
        cr_assert(r.status == 401 || r.status == 429, "%d %s", r.status, r.body);
        json_t *err = json_object_get(r.json, "error");
        cr_assert(json_is_object(err), "%s", r.body);
        cr_assert(json_object_get(err, "field"), "no field key: %s", r.body);
        cr_assert(json_is_string(json_object_get(err, "code")), "%s", r.body);
        cr_assert(json_is_string(json_object_get(err, "message")), "%s", r.body);
        throttled = r.status == 429;
        vo_test_resp_free(&r);
    }
    cr_assert(throttled, "no 429 after 40 wrong passwords");
    /* and the ones the router makes */
    struct vo_test_resp r =
        vo_test_http(vo_api.port, "GET", "/api/v1/deals", NULL, NULL, NULL, NULL);
    cr_assert_eq(r.status, 401);
    cr_assert(json_object_get(json_object_get(r.json, "error"), "field"), "%s", r.body);
    vo_test_resp_free(&r);
    /* the OpenAPI document says so */
    r = vo_test_http(vo_api.port, "GET", "/api/v1/openapi.json", NULL, NULL, NULL, NULL);
    cr_assert_eq(r.status, 200);
    json_t *err = json_object_get(
        json_object_get(
            json_object_get(json_object_get(json_object_get(r.json, "components"), "schemas"),
                            "Error"),
            "properties"),
        "error");
    json_t *req = json_object_get(err, "required");
    bool listed = false;
    for (size_t i = 0; i < json_array_size(req); i++)
        listed = listed || strcmp(json_string_value(json_array_get(req, i)), "field") == 0;
    cr_assert(listed, "field is not required in %s", r.body);
    cr_assert(json_is_true(
        json_object_get(json_object_get(json_object_get(err, "properties"), "field"), "nullable")));
    vo_test_resp_free(&r);
}

/* Issue 8, items 5, 12 and 19: the import reads the same bounds as the API
 * (model.h): each bad value is a problem naming its column, nothing is
 * written. */
Test(api_bounds, the_import_obeys_the_same_bounds)
{
    const struct vo_test_login *admin = vo_api_user("admin");
    char *long_name = vo_api_repeat("", "a", 501);
    const char *body =
        vo_api_fmt("{\"files\":{"
                   "\"products.csv\":\"id,name,price\\nP1,p,20000000000000\\n\","
                   "\"clients.csv\":\"id,name\\nC1,%s\\n\","
                   "\"deals.csv\":\"id,owner,pipeline,created_at,status,amount,closed_at\\n"
                   "D1,anna@example.com,Продажи,2026-03-01,won,92000000000000000,2026-03-02\\n"
                   "D2,anna@example.com,Продажи,0001-01-01,open,,\\n\","
                   "\"plans.csv\":\"period,scope,metric,target\\n2026-03,org,call_minutes,"
                   "9000000000000000000\\n\","
                   "\"pipelines.csv\":\"pipeline,stage,position,max_days\\nОпт,А,1,100000\\n\"}}",
                   long_name);
    struct vo_test_resp r = as(admin, "POST", "/api/v1/import", body);
    cr_assert_eq(r.status, 422, "%d %.500s", r.status, r.body);
    const char *want[][2] = {{"products.csv", "price"}, {"clients.csv", "name"},
                             {"deals.csv", "amount"},   {"deals.csv", "created_at"},
                             {"plans.csv", "target"},   {"pipelines.csv", "max_days"}};
    json_t *pr = json_object_get(r.json, "problems");
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        bool found = false;
        for (size_t i = 0; i < json_array_size(pr) && !found; i++) {
            json_t *p = json_array_get(pr, i);
            found = strcmp(jstr(p, "file"), want[k][0]) == 0 &&
                    strcmp(jstr(p, "column"), want[k][1]) == 0;
        }
        cr_assert(found, "no problem %s %s in %.800s", want[k][0], want[k][1], r.body);
    }
    vo_test_resp_free(&r);
    g_free(long_name);
}
