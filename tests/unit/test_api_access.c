/*
 * test_api_access.c - API access control (docs/api-session.md, "API
 * tokens", "Rate limits", "Idempotency"): a token's scopes and expiry, the
 * scope of every route, the rate limit per token and per user, and the
 * Idempotency-Key of POSTs.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api_fixture.h"
#include "http/http.h"
#include "service/auth.h"
#include "testutil.h"

static void setup(void)
{
    vo_api_start_crm(NULL, false, "Новая", NULL);
}

TestSuite(api_access, .init = setup, .fini = vo_api_stop, .timeout = 120);

/* A token of anna's (a manager) with body's scopes and expiry, made by the
 * admin. */
static char *anna_token(const char *extra, int64_t *id)
{
    const char *body = vo_api_fmt("{\"name\":\"t\",\"user_id\":%lld%s}",
                                  (long long)vo_api.manager_id, extra ? extra : "");
    return vo_api_token(vo_api_user("admin"), body, id);
}

/* The status of method path with bearer and body; the error code in *code
 * (g_free) when code is not NULL. */
static int bearer(const char *token, const char *method, const char *path, const char *body,
                  char **code)
{
    struct vo_test_resp r = http(method, path, NULL, NULL, token, body);
    int st = r.status;
    if (code) {
        json_t *e = json_object_get(r.json, "error");
        *code = e ? g_strdup(json_string_value(json_object_get(e, "code"))) : NULL;
    }
    vo_test_resp_free(&r);
    return st;
}

Test(api_access, read_only_token)
{
    int64_t id = 0;
    char *t = anna_token(",\"scopes\":[\"read\"]", &id);
    char *code = NULL;
    cr_assert_eq(bearer(t, "GET", "/api/v1/deals", NULL, NULL), 200);
    int64_t deals = vo_api_count("deals");
    cr_assert_eq(
        bearer(t, "POST", "/api/v1/deals", "{\"title\":\"Д\",\"pipeline\":\"Продажи\"}", &code),
        403);
    cr_assert_str_eq(code, "insufficient_scope");
    g_free(code);
    cr_assert_eq(vo_api_count("deals"), deals, "nothing written");
    /* the message names the scope, in Russian too */
    struct vo_test_resp r = http("POST", "/api/v1/tasks", NULL, NULL, t, "{}");
    json_t *e = json_object_get(r.json, "error");
    cr_assert(strstr(json_string_value(json_object_get(e, "message_ru")), "«write»"), "%s", r.body);
    cr_assert_str_eq(json_string_value(json_object_get(e, "message_id")),
                     "http.insufficient_scope");
    vo_test_resp_free(&r);
    /* reports need their own scope */
    cr_assert_eq(bearer(t, "GET", "/api/v1/reports/plan-fact", NULL, &code), 403);
    g_free(code);
    g_free(t);
}

Test(api_access, reports_scope)
{
    int64_t id = 0;
    char *t = anna_token(",\"scopes\":[\"reports\"]", &id);
    cr_assert_eq(bearer(t, "GET", "/api/v1/reports/plan-fact", NULL, NULL), 200);
    cr_assert_eq(bearer(t, "GET", "/api/v1/key-accounts", NULL, NULL), 200);
    cr_assert_eq(bearer(t, "GET", "/api/v1/deals", NULL, NULL), 403);
    g_free(t);
}

Test(api_access, default_scopes_and_role)
{
    int64_t id = 0;
    /* no scopes given: read, write, reports, as the list shows */
    char *t = anna_token(NULL, &id);
    json_t *items = vo_api_list(vo_api_user("admin"), "/api/v1/tokens", 1);
    json_t *sc = json_object_get(json_array_get(items, 0), "scopes");
    cr_assert_eq(json_array_size(sc), 3);
    cr_assert_str_eq(json_string_value(json_array_get(sc, 0)), "read");
    cr_assert_str_eq(json_string_value(json_array_get(sc, 2)), "reports");
    cr_assert(json_is_null(json_object_get(json_array_get(items, 0), "expires_at")));
    json_decref(items);
    cr_assert_eq(
        bearer(t, "POST", "/api/v1/deals", "{\"title\":\"Д\",\"pipeline\":\"Продажи\"}", NULL),
        201);
    cr_assert_eq(bearer(t, "GET", "/api/v1/tokens", NULL, NULL), 403, "no admin scope");
    g_free(t);
    /* the admin scope does not lift the owner's role: anna is a manager */
    t = anna_token(",\"scopes\":[\"admin\",\"read\"]", &id);
    char *code = NULL;
    cr_assert_eq(bearer(t, "GET", "/api/v1/tokens", NULL, &code), 403);
    cr_assert_str_eq(code, "forbidden");
    g_free(code);
    g_free(t);
}

Test(api_access, create_bounds)
{
    const struct vo_test_login *admin = vo_api_user("admin");
#define TOKEN(body, status, field)                                                                 \
    {                                                                                              \
        admin, "POST", "/api/v1/tokens", body, status, field, NULL                                 \
    }
    const struct vo_api_case cases[] = {
        TOKEN("{\"name\":\"x\",\"scopes\":[\"delete\"]}", 422, "scopes"),
        TOKEN("{\"name\":\"x\",\"scopes\":[]}", 422, "scopes"),
        TOKEN("{\"name\":\"x\",\"scopes\":\"read\"}", 422, "scopes"),
        TOKEN("{\"name\":\"x\",\"expires_in_days\":0}", 422, "expires_in_days"),
        TOKEN("{\"name\":\"x\",\"expires_in_days\":1831}", 422, "expires_in_days"),
        TOKEN("{\"name\":\"x\",\"expires_at\":\"2001-01-01\"}", 422, "expires_at"),
        TOKEN("{\"name\":\"x\",\"expires_at\":\"2999-01-01\"}", 422, "expires_at"),
        TOKEN("{\"name\":\"x\",\"expires_at\":\"2999-01-01\",\"expires_in_days\":3}", 422,
              "expires_in_days"),
        TOKEN("{\"name\":\"x\",\"expires_in_days\":1830}", 201, NULL),
        {0},
    };
#undef TOKEN
    vo_api_expect_all(cases);
}

Test(api_access, expired_token)
{
    int64_t id = 0;
    char *t = anna_token(",\"expires_in_days\":90", &id);
    json_t *items = vo_api_list(vo_api_user("admin"), "/api/v1/tokens", 1);
    cr_assert(json_is_string(json_object_get(json_array_get(items, 0), "expires_at")));
    json_decref(items);
    /* expired before its first use (the server's cache of verified
     * tokens has not seen it) */
    vo_api_sql(
        vo_api_fmt("UPDATE api_tokens SET expires_at = 1000 WHERE id = %lld", (long long)id));
    char *code = NULL;
    cr_assert_eq(bearer(t, "GET", "/api/v1/deals", NULL, &code), 401);
    cr_assert_str_eq(code, "token_expired");
    g_free(code);
    g_free(t);
}

/* Every route of the table has one scope, a public one none. */
Test(api_access, every_route_has_a_scope)
{
    for (size_t i = 0; i < vo_route_count; i++) {
        const struct vo_route *rt = &vo_routes[i];
        unsigned s = vo_route_scope(rt);
        if (rt->roles == VO_R_PUBLIC) {
            cr_assert_eq(s, 0u, "%s", rt->path);
            continue;
        }
        cr_assert(vo_scope_name(s), "%s %s: one scope", vo_http_method_name(rt->method), rt->path);
        if (rt->method == VO_GET && strncmp(rt->path, "/api/v1/reports/", 16) == 0)
            cr_assert_eq(s, (unsigned)VO_SCOPE_REPORTS, "%s", rt->path);
        if (strncmp(rt->path, "/api/v1/tokens", 14) == 0 || rt->roles == VO_R_ADMIN)
            cr_assert_eq(s, (unsigned)VO_SCOPE_ADMIN, "%s", rt->path);
        if (rt->method != VO_GET && s != VO_SCOPE_ADMIN)
            cr_assert_eq(s, (unsigned)VO_SCOPE_WRITE, "%s", rt->path);
    }
}

/* ---- the rate limit: 60 requests a minute (one a second) in bursts of 3 ---- */

static void setup_rate(void)
{
    struct vo_server_opts o = {
        .threads = 2, .body_limit = 64 * 1024, .rate_limit = 60, .rate_burst = 3};
    vo_api_start(&o, NULL);
}

TestSuite(api_rate, .init = setup_rate, .fini = vo_api_stop, .timeout = 120);

/* The integer value of r's header name (-1 when absent). */
static long header_int(const struct vo_test_resp *r, const char *name)
{
    char *v = vo_test_resp_header(r, name);
    long n = v ? strtol(v, NULL, 10) : -1;
    g_free(v);
    return n;
}

Test(api_rate, limited_per_token_and_recovers)
{
    int64_t id = 0;
    char *t = anna_token(NULL, &id);
    /* the first answer: the bucket of 3 less this request */
    struct vo_test_resp r = http("GET", "/api/v1/deals", NULL, NULL, t, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(header_int(&r, "RateLimit-Limit"), 3);
    cr_assert_eq(header_int(&r, "RateLimit-Remaining"), 2);
    cr_assert_geq(header_int(&r, "RateLimit-Reset"), 1);
    char *policy = vo_test_resp_header(&r, "RateLimit-Policy");
    cr_assert_str_eq(policy, "60;w=60;burst=3");
    g_free(policy);
    vo_test_resp_free(&r);
    /* on until refused (one a second comes back: a slow machine may need
     * a few more than the burst) */
    bool refused = false;
    for (int i = 0; i < 50 && !refused; i++) {
        r = http("GET", "/api/v1/deals", NULL, NULL, t, NULL);
        if (r.status == 429) {
            refused = true;
            cr_assert_geq(header_int(&r, "Retry-After"), 1);
            cr_assert_eq(header_int(&r, "RateLimit-Remaining"), 0);
            json_t *e = json_object_get(r.json, "error");
            cr_assert_str_eq(json_string_value(json_object_get(e, "code")), "rate_limited");
            cr_assert(strstr(json_string_value(json_object_get(e, "message_ru")),
                             "Слишком много запросов"),
                      "%s", r.body);
        } else {
            cr_assert_eq(r.status, 200, "%s", r.body);
        }
        vo_test_resp_free(&r);
    }
    cr_assert(refused, "no 429 after 50 requests");
    /* another principal has its own bucket */
    struct vo_test_resp a = as(vo_api_user("admin"), "GET", "/api/v1/deals", NULL);
    cr_assert_eq(a.status, 200, "%s", a.body);
    cr_assert_geq(header_int(&a, "RateLimit-Remaining"), 0);
    vo_test_resp_free(&a);
    /* and it recovers: polled for up to 10 s */
    int status = 0;
    for (int i = 0; i < 100 && status != 200; i++) {
        r = http("GET", "/api/v1/deals", NULL, NULL, t, NULL);
        status = r.status;
        vo_test_resp_free(&r);
        if (status != 200)
            g_usleep(100 * 1000);
    }
    cr_assert_eq(status, 200, "the limit lifts");
    /* public routes are not limited and carry no headers */
    r = http("GET", "/api/v1/health", NULL, NULL, NULL, NULL);
    cr_assert_eq(header_int(&r, "RateLimit-Limit"), -1);
    vo_test_resp_free(&r);
    g_free(t);
}

/* ---- Idempotency-Key ---- */

/* The rows of idempotency_keys in the company's database. */
static int64_t idem_rows(void)
{
    return vo_test_sql_int(vo_api.db_path, "SELECT count(*) FROM idempotency_keys");
}

Test(api_access, idempotent_replay)
{
    int64_t id = 0;
    char *t = anna_token(NULL, &id);
    const char *body = "{\"title\":\"Повтор\",\"pipeline\":\"Продажи\"}";
    int64_t deals = vo_api_count("deals");
    struct vo_test_resp a = vo_test_bearer_header(vo_api.port, "POST", "/api/v1/deals", t,
                                                  "Idempotency-Key: k-1", body);
    cr_assert_eq(a.status, 201, "%s", a.body);
    char *h = vo_test_resp_header(&a, "Idempotent-Replayed");
    cr_assert_null(h, "the first answer is not a replay");
    struct vo_test_resp b = vo_test_bearer_header(vo_api.port, "POST", "/api/v1/deals", t,
                                                  "Idempotency-Key: k-1", body);
    cr_assert_eq(b.status, 201, "%s", b.body);
    cr_assert_str_eq(b.body, a.body, "the same answer");
    h = vo_test_resp_header(&b, "Idempotent-Replayed");
    cr_assert_str_eq(h, "true");
    g_free(h);
    cr_assert_eq(vo_api_count("deals"), deals + 1, "one deal made");
    cr_assert_eq(idem_rows(), 1);
    vo_test_resp_free(&a);
    vo_test_resp_free(&b);
    /* the same key with another body: 422, nothing made */
    struct vo_test_resp c =
        vo_test_bearer_header(vo_api.port, "POST", "/api/v1/deals", t, "Idempotency-Key: k-1",
                              "{\"title\":\"Другая\",\"pipeline\":\"Продажи\"}");
    cr_assert_eq(c.status, 422, "%s", c.body);
    json_t *e = json_object_get(c.json, "error");
    cr_assert_str_eq(json_string_value(json_object_get(e, "code")), "idempotency_key_reused");
    cr_assert_str_eq(json_string_value(json_object_get(e, "field")), "Idempotency-Key");
    cr_assert(json_string_value(json_object_get(e, "message_ru")), "%s", c.body);
    vo_test_resp_free(&c);
    /* or on another path */
    c = vo_test_bearer_header(vo_api.port, "POST", "/api/v1/clients", t, "Idempotency-Key: k-1",
                              body);
    cr_assert_eq(c.status, 422, "%s", c.body);
    vo_test_resp_free(&c);
    cr_assert_eq(vo_api_count("deals"), deals + 1);
    /* or with other query arguments */
    c = vo_test_bearer_header(vo_api.port, "POST", "/api/v1/deals?x=1", t, "Idempotency-Key: k-1",
                              body);
    cr_assert_eq(c.status, 422, "%s", c.body);
    vo_test_resp_free(&c);
    /* another key makes another deal; a key is the principal's own */
    c = vo_test_bearer_header(vo_api.port, "POST", "/api/v1/deals", t, "Idempotency-Key: k-2",
                              body);
    cr_assert_eq(c.status, 201, "%s", c.body);
    vo_test_resp_free(&c);
    c = vo_test_as_header(vo_api.port, vo_api_user("anna"), "POST", "/api/v1/deals",
                          "Idempotency-Key: k-1", body);
    cr_assert_eq(c.status, 201, "%s", c.body);
    cr_assert_null(vo_test_resp_header(&c, "Idempotent-Replayed"));
    vo_test_resp_free(&c);
    cr_assert_eq(vo_api_count("deals"), deals + 3);
    g_free(t);
}

Test(api_access, idempotency_key_bounds_and_errors)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    const char *body = "{\"title\":\"Г\",\"pipeline\":\"Продажи\"}";
    char *long_key = vo_api_repeat("Idempotency-Key: ", "x", 256);
    const char *bad[] = {long_key, "Idempotency-Key: ключ", "Idempotency-Key: "};
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        struct vo_test_resp r =
            vo_test_as_header(vo_api.port, anna, "POST", "/api/v1/deals", bad[i], body);
        cr_assert_eq(r.status, 400, "%zu: %s", i, r.body);
        json_t *e = json_object_get(r.json, "error");
        cr_assert_str_eq(json_string_value(json_object_get(e, "field")), "Idempotency-Key");
        vo_test_resp_free(&r);
    }
    g_free(long_key);
    /* a refused request's answer is replayed too (the same key, the same
     * body): an error below 500 is the answer */
    struct vo_test_resp a = vo_test_as_header(vo_api.port, anna, "POST", "/api/v1/deals",
                                              "Idempotency-Key: e-1", "{\"title\":\"\"}");
    cr_assert_eq(a.status, 422, "%s", a.body);
    struct vo_test_resp b = vo_test_as_header(vo_api.port, anna, "POST", "/api/v1/deals",
                                              "Idempotency-Key: e-1", "{\"title\":\"\"}");
    cr_assert_eq(b.status, 422, "%s", b.body);
    cr_assert_str_eq(a.body, b.body);
    vo_test_resp_free(&a);
    vo_test_resp_free(&b);
    /* a key in flight: 409 */
    vo_api_sql(vo_api_fmt("INSERT INTO idempotency_keys(org_id, principal, key, request, "
                          "body_hash, created_at) SELECT org_id, 'u' || id, 'busy', "
                          "'POST /api/v1/deals', 'x', %lld FROM users "
                          "WHERE email = 'anna@example.com'",
                          (long long)time(NULL)));
    struct vo_test_resp c = vo_test_as_header(vo_api.port, anna, "POST", "/api/v1/deals",
                                              "Idempotency-Key: busy", body);
    cr_assert_eq(c.status, 422, "another body's hash: %s", c.body);
    vo_test_resp_free(&c);
    char hash[65];
    vo_auth_hash_secret(body, hash);
    vo_api_sql(vo_api_fmt("UPDATE idempotency_keys SET body_hash = '%s' WHERE key = 'busy'", hash));
    c = vo_test_as_header(vo_api.port, anna, "POST", "/api/v1/deals", "Idempotency-Key: busy",
                          body);
    cr_assert_eq(c.status, 409, "%s", c.body);
    cr_assert(strstr(c.body, "idempotency_key_in_flight"), "%s", c.body);
    vo_test_resp_free(&c);
    /* a record older than 24 hours is forgotten: the key is free again */
    vo_api_sql("UPDATE idempotency_keys SET created_at = created_at - 90000");
    c = vo_test_as_header(vo_api.port, anna, "POST", "/api/v1/deals", "Idempotency-Key: busy",
                          body);
    cr_assert_eq(c.status, 201, "%s", c.body);
    vo_test_resp_free(&c);
    cr_assert_eq(idem_rows(), 1, "the old records purged");
}

Test(api_rate, limited_per_user_across_sessions)
{
    /* two sessions of anna share her bucket: the second is refused after
     * the first has spent it */
    struct vo_test_login one = login_as("anna@example.com");
    struct vo_test_login two = login_as("anna@example.com");
    bool refused = false;
    for (int i = 0; i < 50 && !refused; i++) {
        struct vo_test_resp r = as(i % 2 ? &one : &two, "GET", "/api/v1/deals", NULL);
        refused = r.status == 429;
        if (!refused)
            cr_assert_eq(r.status, 200, "%s", r.body);
        else
            cr_assert(strstr(r.body, "rate_limited"), "%s", r.body);
        vo_test_resp_free(&r);
    }
    cr_assert(refused, "no 429 after 50 requests");
    vo_test_login_free(&one);
    vo_test_login_free(&two);
}
