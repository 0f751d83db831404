/*
 * test_http.c - the HTTP API against a real server on 127.0.0.1 with a
 * temporary database: sessions, CSRF, throttling, tokens, the error shapes,
 * the body limit, and a walk over the whole route table proving that each
 * route refuses an anonymous request and every role it does not allow, and
 * that each route is in the OpenAPI document.
 */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "api_fixture.h"
#include "http/http.h"
#include "http/http_int.h"
#include "testutil.h"

/* What the suite adds to the fixture's company. */
static void extra(struct vo_store *st, struct vo_svc *svc)
{
    (void)st;
    vo_test_company_user(svc, "Админ Второй", "admin2@example.com", "admin");
    vo_test_company_user(svc, "Борис Менеджер", "boris@example.com", "manager");
}

static void setup(void)
{
    vo_api_start(NULL, extra);
    cr_assert_gt(vo_api.port, 0);
}

TestSuite(http, .init = setup, .fini = vo_api_stop, .timeout = 120);

Test(http, health_is_public)
{
    struct vo_test_resp r = http("GET", "/api/v1/health", NULL, NULL, NULL, NULL);
    cr_assert_eq(r.status, 200);
    cr_assert_str_eq(json_string_value(json_object_get(r.json, "status")), "ok");
    vo_test_resp_free(&r);
    r = http("GET", "/api/v1/nothing-here", NULL, NULL, NULL, NULL);
    cr_assert_eq(r.status, 404);
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(r.json, "error"), "code")),
                     "not_found");
    vo_test_resp_free(&r);
    r = http("PUT", "/api/v1/health", NULL, NULL, NULL, NULL);
    cr_assert_eq(r.status, 405);
    vo_test_resp_free(&r);
}

Test(http, login_cookie_csrf_and_logout)
{
    struct vo_test_resp r =
        http("POST", "/api/v1/session", NULL, NULL, NULL,
             "{\"email\":\"anna@example.com\",\"password\":\"wrong password\"}");
    cr_assert_eq(r.status, 401, "%s", r.body);
    cr_assert_null(r.cookie);
    vo_test_resp_free(&r);

    struct vo_test_login l = login_as("head@example.com");
    r = http("GET", "/api/v1/session", l.cookie, NULL, NULL, NULL);
    cr_assert_eq(r.status, 200);
    cr_assert_str_eq(json_string_value(json_object_get(r.json, "role")), "head");
    vo_test_resp_free(&r);
    /* A mutation by cookie without the CSRF header is refused. */
    r = http("DELETE", "/api/v1/session", l.cookie, NULL, NULL, NULL);
    cr_assert_eq(r.status, 403, "%s", r.body);
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(r.json, "error"), "code")),
                     "csrf");
    vo_test_resp_free(&r);
    r = http("DELETE", "/api/v1/session", l.cookie, "0000", NULL, NULL);
    cr_assert_eq(r.status, 403);
    vo_test_resp_free(&r);
    r = http("DELETE", "/api/v1/session", l.cookie, l.csrf, NULL, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    vo_test_resp_free(&r);
    /* The session ended on the server: the old cookie is worthless. */
    r = http("GET", "/api/v1/session", l.cookie, NULL, NULL, NULL);
    cr_assert_eq(r.status, 401);
    vo_test_resp_free(&r);
    vo_test_login_free(&l);
}

Test(http, the_cookie_is_httponly_samesite_strict)
{
    char *body =
        g_strdup_printf("{\"email\":\"anna@example.com\",\"password\":\"%s\"}", VO_TEST_PASSWORD);
    struct vo_test_resp r = http("POST", "/api/v1/session", NULL, NULL, NULL, body);
    g_free(body);
    cr_assert_eq(r.status, 200);
    /* the raw response is gone; ask for it again through a second login and
     * check the attributes on the header line */
    vo_test_resp_free(&r);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)vo_api.port)};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    cr_assert_eq(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    char *payload =
        g_strdup_printf("{\"email\":\"anna@example.com\",\"password\":\"%s\"}", VO_TEST_PASSWORD);
    char *req = g_strdup_printf("POST /api/v1/session HTTP/1.1\r\nHost: x\r\nConnection: "
                                "close\r\nContent-Length: %zu\r\n\r\n%s",
                                strlen(payload), payload);
    cr_assert_eq(write(fd, req, strlen(req)), (ssize_t)strlen(req));
    char buf[4096] = {0};
    size_t got = 0;
    ssize_t n;
    while (got < sizeof buf - 1 && (n = read(fd, buf + got, sizeof buf - 1 - got)) > 0)
        got += (size_t)n;
    close(fd);
    cr_assert(strstr(buf, "HttpOnly"), "%s", buf);
    cr_assert(strstr(buf, "SameSite=Strict"), "%s", buf);
    cr_assert(strstr(buf, "Path=/"), "%s", buf);
    g_free(payload);
    g_free(req);
}

Test(http, password_guessing_is_throttled)
{
    int last = 0;
    for (int i = 0; i < 6; i++) {
        struct vo_test_resp r =
            http("POST", "/api/v1/session", NULL, NULL, NULL,
                 "{\"email\":\"boris@example.com\",\"password\":\"guess-guess\"}");
        last = r.status;
        if (i < 5)
            cr_assert_eq(r.status, 401, "try %d: %d", i, r.status);
        vo_test_resp_free(&r);
    }
    cr_assert_eq(last, 429, "the 6th guess is throttled");
    /* even the right password waits now */
    char *body =
        g_strdup_printf("{\"email\":\"boris@example.com\",\"password\":\"%s\"}", VO_TEST_PASSWORD);
    struct vo_test_resp r = http("POST", "/api/v1/session", NULL, NULL, NULL, body);
    cr_assert_eq(r.status, 429);
    vo_test_resp_free(&r);
    g_free(body);
}

Test(http, bad_input_gets_a_clear_error)
{
    const struct vo_test_login *l = vo_api_user("admin");
    /* a body over the limit: 413, and the server lives on */
    GString *big = g_string_new("{\"name\":\"");
    for (int i = 0; i < 70 * 1024; i++)
        g_string_append_c(big, 'x');
    g_string_append(big, "\"}");
    vo_api_expect_all((const struct vo_api_case[]){
        {l, "POST", "/api/v1/users", "{\"name\":", 400, NULL, NULL},
        {l, "POST", "/api/v1/users", "{\"name\":\"Х\",\"email\":\"x@example.com\",\"salary\":1}",
         422, "salary", NULL},
        {l, "POST", "/api/v1/users", "{\"name\":5}", 422, "name", NULL},
        {l, "POST", "/api/v1/users", "{\"name\":\"Дубль\",\"email\":\"ANNA@example.com\"}", 409,
         NULL, NULL},
        {l, "POST", "/api/v1/users",
         "{\"name\":\"Роль\",\"email\":\"r@example.com\",\"role\":\"boss\"}", 422, "role", NULL},
        {l, "POST", "/api/v1/users", big->str, 413, NULL, "a body over the limit"},
        {l, "GET", "/api/v1/users/999999", NULL, 404, NULL, NULL},
        {l, "GET", "/api/v1/users/abc", NULL, 404, NULL, NULL},
        {0}});
    g_string_free(big, TRUE);
    /* An id is decimal digits, 1..2^63-1: a sign is not another path of
     * user 1, and a longer number is not user 2^63-1 (strtoll's clamp;
     * found by fuzz_http_request). */
    static const char *const not_ids[] = {"/api/v1/users/+1", "/api/v1/users/-1", "/api/v1/users/0",
                                          "/api/v1/users/99999999999999999999"};
    for (size_t i = 0; i < sizeof not_ids / sizeof not_ids[0]; i++) {
        struct vo_test_resp r = http("GET", not_ids[i], l->cookie, NULL, NULL, NULL);
        vo_test_expect(&r, 404, "id", not_ids[i]);
        char *want = g_strdup_printf("no such object: %s", not_ids[i] + strlen("/api/v1/users/"));
        json_t *err = json_object_get(r.json, "error");
        cr_assert_str_eq(json_string_value(json_object_get(err, "message")), want, "%s",
                         not_ids[i]);
        g_free(want);
        /* the catalogue's id and Russian text beside (base/messages.c) */
        cr_assert_str_eq(json_string_value(json_object_get(err, "message_id")), "http.no_object");
        want = g_strdup_printf("Объект не найден: %s", not_ids[i] + strlen("/api/v1/users/"));
        cr_assert_str_eq(json_string_value(json_object_get(err, "message_ru")), want);
        g_free(want);
        vo_test_resp_free(&r);
    }
    struct vo_test_resp r = http("GET", "/api/v1/users/001", l->cookie, NULL, NULL, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    vo_test_resp_free(&r);
    /* A segment longer than the router's parameter buffer (512 bytes) is
     * no resource, by any method: not a route matched without its id
     * (found by fuzz_http_request). */
    GString *longid = g_string_new("/api/v1/users/");
    for (int i = 0; i < 600; i++)
        g_string_append_c(longid, '1');
    static const char *const methods[] = {"GET", "PATCH", "PUT"};
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
        r = http(methods[i], longid->str, l->cookie, l->csrf, NULL, "{}");
        vo_test_expect(&r, 404, NULL, methods[i]);
        json_t *err = json_object_get(r.json, "error");
        cr_assert_str_eq(json_string_value(json_object_get(err, "code")), "not_found");
        cr_assert(json_is_null(json_object_get(err, "field")), "%s: %s", methods[i], r.body);
        cr_assert(g_str_has_prefix(json_string_value(json_object_get(err, "message")),
                                   "no such resource: /api/v1/users/111"),
                  "%s: %s", methods[i], r.body);
        vo_test_resp_free(&r);
    }
    g_string_free(longid, TRUE);
    r = http("GET", "/api/v1/health", NULL, NULL, NULL, NULL);
    cr_assert_eq(r.status, 200);
    vo_test_resp_free(&r);
}

Test(http, users_and_passwords)
{
    struct vo_test_login admin = login_as("admin@example.com");
    struct vo_test_resp r =
        http("POST", "/api/v1/users", admin.cookie, admin.csrf, NULL,
             "{\"name\":\"Глеб Новый\",\"email\":\"gleb@example.com\",\"team\":\"Юг\"}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    cr_assert_str_eq(json_string_value(json_object_get(r.json, "team")), "Юг");
    cr_assert_str_eq(json_string_value(json_object_get(r.json, "role")), "manager");
    cr_assert_eq(strlen(json_string_value(json_object_get(r.json, "password"))), 16);
    vo_test_resp_free(&r);

    /* Anna changes her own password: her other session ends, this one lives. */
    struct vo_test_login a1 = login_as("anna@example.com");
    struct vo_test_login a2 = login_as("anna@example.com");
    r = http("GET", "/api/v1/session", a1.cookie, NULL, NULL, NULL);
    int64_t anna = json_integer_value(json_object_get(r.json, "user_id"));
    vo_test_resp_free(&r);
    char *path = g_strdup_printf("/api/v1/users/%lld/password", (long long)anna);
    r = http("POST", path, a1.cookie, a1.csrf, NULL,
             "{\"password\":\"a new long password\",\"current_password\":\"correct horse "
             "battery\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    vo_test_resp_free(&r);
    r = http("GET", "/api/v1/session", a2.cookie, NULL, NULL, NULL);
    cr_assert_eq(r.status, 401, "the other session ended");
    vo_test_resp_free(&r);
    r = http("GET", "/api/v1/session", a1.cookie, NULL, NULL, NULL);
    cr_assert_eq(r.status, 200, "this session lives");
    vo_test_resp_free(&r);
    /* A manager cannot set the admin's password (404, not a hint). */
    r = http("POST", "/api/v1/users/1/password", a1.cookie, a1.csrf, NULL,
             "{\"password\":\"hijack hijack\"}");
    cr_assert_eq(r.status, 404, "%s", r.body);
    vo_test_resp_free(&r);
    g_free(path);
    vo_test_login_free(&a1);
    vo_test_login_free(&a2);
    vo_test_login_free(&admin);
}

Test(http, api_tokens)
{
    struct vo_test_login admin = login_as("admin@example.com");
    int64_t id = 0;
    char *token =
        vo_api_token(&admin, "{\"name\":\"1С обмен\",\"scopes\":[\"read\",\"admin\"]}", &id);
    struct vo_test_resp r = http("GET", "/api/v1/users", NULL, NULL, token, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(json_array_size(json_object_get(r.json, "items")), 6);
    vo_test_resp_free(&r);
    /* A token needs no CSRF header: it is not ambient like a cookie. */
    r = http("POST", "/api/v1/tokens", NULL, NULL, token, "{\"name\":\"second\"}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    vo_test_resp_free(&r);
    r = http("GET", "/api/v1/tokens", admin.cookie, NULL, NULL, NULL);
    cr_assert(!strstr(r.body, token), "a listed token never shows its secret");
    vo_test_resp_free(&r);
    char *path = g_strdup_printf("/api/v1/tokens/%lld", (long long)id);
    r = http("DELETE", path, admin.cookie, admin.csrf, NULL, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    vo_test_resp_free(&r);
    r = http("GET", "/api/v1/users", NULL, NULL, token, NULL);
    cr_assert_eq(r.status, 401);
    vo_test_resp_free(&r);
    r = http("GET", "/api/v1/users", NULL, NULL, "not-a-token-at-all-xxxxxxxx", NULL);
    cr_assert_eq(r.status, 401);
    vo_test_resp_free(&r);
    g_free(path);
    g_free(token);
    vo_test_login_free(&admin);
}

/* A concrete path for a route pattern: every {…} becomes 1. */
static char *concrete(const char *pattern)
{
    GString *s = g_string_new(NULL);
    for (const char *p = pattern; *p; p++) {
        if (*p == '{') {
            g_string_append_c(s, '1');
            p = strchr(p, '}');
            if (!p)
                break;
        } else {
            g_string_append_c(s, *p);
        }
    }
    return g_string_free(s, FALSE);
}

Test(http, every_route_refuses_anonymous_and_excluded_roles)
{
    static const struct {
        enum vo_role role;
        const char *email;
    } people[] = {{VO_ROLE_ADMIN, "admin@example.com"},
                  {VO_ROLE_HEAD, "head@example.com"},
                  {VO_ROLE_MANAGER, "anna@example.com"},
                  {VO_ROLE_VIEWER, "viewer@example.com"}};
    struct vo_test_login l[4];
    for (int i = 0; i < 4; i++)
        l[i] = login_as(people[i].email);
    for (size_t i = 0; i < vo_route_count; i++) {
        const struct vo_route *rt = &vo_routes[i];
        char *path = concrete(rt->path);
        const char *m = vo_http_method_name(rt->method);
        if (rt->roles != VO_R_PUBLIC) {
            struct vo_test_resp r =
                http(m, path, NULL, NULL, NULL, rt->method == VO_GET ? NULL : "{}");
            cr_assert_eq(r.status, 401, "%s %s anonymous: %d", m, path, r.status);
            vo_test_resp_free(&r);
        }
        for (int k = 0; k < 4; k++) {
            if (rt->roles == VO_R_PUBLIC || (rt->roles & (1u << people[k].role)))
                continue;
            struct vo_test_resp r =
                http(m, path, l[k].cookie, l[k].csrf, NULL, rt->method == VO_GET ? NULL : "{}");
            cr_assert_eq(r.status, 403, "%s %s as %s: %d", m, path, vo_role_name(people[k].role),
                         r.status);
            vo_test_resp_free(&r);
        }
        g_free(path);
    }
    for (int i = 0; i < 4; i++)
        vo_test_login_free(&l[i]);
}

Test(http, openapi_lists_every_route)
{
    struct vo_test_resp r = http("GET", "/api/v1/openapi.json", NULL, NULL, NULL, NULL);
    cr_assert_eq(r.status, 200);
    cr_assert_str_eq(json_string_value(json_object_get(r.json, "openapi")), "3.0.3");
    json_t *paths = json_object_get(r.json, "paths");
    for (size_t i = 0; i < vo_route_count; i++) {
        json_t *item = json_object_get(paths, vo_routes[i].path);
        cr_assert(item, "%s missing", vo_routes[i].path);
        const char *m = vo_http_method_name(vo_routes[i].method);
        char lower[8];
        size_t n = strlen(m);
        for (size_t k = 0; k <= n; k++)
            lower[k] = (char)g_ascii_tolower(m[k]);
        cr_assert(json_object_get(item, lower), "%s %s missing", m, vo_routes[i].path);
    }
    /* url-safe operation ids and a tag by the first segment (redocly's
     * lint checks them unique: tests/openapi/lint.sh) */
    json_t *op = json_object_get(json_object_get(paths, "/api/v1/deals/{id}"), "get");
    cr_assert_str_eq(json_string_value(json_object_get(op, "operationId")), "getDealsById");
    cr_assert_str_eq(json_string_value(json_array_get(json_object_get(op, "tags"), 0)), "deals");
    op = json_object_get(json_object_get(paths, "/health"), "get");
    cr_assert_str_eq(json_string_value(json_object_get(op, "operationId")), "getOpsHealth");
    cr_assert_str_eq(json_string_value(json_array_get(json_object_get(op, "tags"), 0)),
                     "operations");
    cr_assert_str_eq(json_string_value(json_object_get(
                         json_array_get(json_object_get(r.json, "servers"), 0), "url")),
                     "/");
    /* the query parameters of api_query.c's table, typed from its
     * dictionary; format and lang on the exported lists and reports */
    json_t *deals = json_object_get(json_object_get(paths, "/api/v1/deals"), "get");
    json_t *ps = json_object_get(deals, "parameters");
    const char *want[] = {"owner_id", "integer", "cursor", "string", "format", "string"};
    for (size_t k = 0; k < 6; k += 2) {
        json_t *found = NULL, *p;
        size_t i;
        json_array_foreach(ps, i, p)
        {
            if (strcmp(json_string_value(json_object_get(p, "name")), want[k]) == 0)
                found = p;
        }
        cr_assert(found, "GET /api/v1/deals has no %s", want[k]);
        cr_assert_str_eq(json_string_value(json_object_get(found, "in")), "query");
        cr_assert_str_eq(
            json_string_value(json_object_get(json_object_get(found, "schema"), "type")),
            want[k + 1], "%s", want[k]);
        cr_assert_gt(strlen(json_string_value(json_object_get(found, "description"))), 0);
    }
    /* every name a route declares has its description */
    for (size_t i = 0; i < vo_route_count; i++) {
        const char *names = vo_route_query_names(&vo_routes[i]);
        const struct vo_query_param *qp[VO_QUERY_MAX];
        size_t words = 0, n = vo_route_query_params(&vo_routes[i], qp);
        for (const char *p = names; p && *p;) {
            words++;
            size_t k = strcspn(p, " ");
            char *name = g_strndup(p, k);
            cr_assert(vo_query_param_of(name), "%s: %s has no description in api_query.c",
                      vo_routes[i].path, name);
            cr_assert(vo_route_query_declared(&vo_routes[i], name));
            g_free(name);
            p += k;
            p += strspn(p, " ");
        }
        cr_assert_eq(n, words, "%s: %zu of its %zu parameters described", vo_routes[i].path, n,
                     words);
    }
    /* the CRM's bodies from api_crm.c's table of writable fields */
    json_t *create = json_object_get(
        json_object_get(
            json_object_get(
                json_object_get(json_object_get(json_object_get(paths, "/api/v1/deals"), "post"),
                                "requestBody"),
                "content"),
            "application/json"),
        "schema");
    json_t *props = json_object_get(create, "properties");
    cr_assert(json_is_false(json_object_get(create, "additionalProperties")));
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(props, "amount"), "type")),
                     "integer");
    cr_assert(json_object_get(json_object_get(props, "stage"), "oneOf"));
    cr_assert(json_object_get(json_object_get(props, "owner_id"), "x-roles"));
    cr_assert_null(json_object_get(props, "version"));
    cr_assert_null(json_object_get(props, "paid_at"));
    json_t *patch = json_object_get(
        json_object_get(
            json_object_get(
                json_object_get(
                    json_object_get(json_object_get(paths, "/api/v1/deals/{id}"), "patch"),
                    "requestBody"),
                "content"),
            "application/json"),
        "schema");
    cr_assert(json_object_get(json_object_get(patch, "properties"), "version"));
    const struct vo_route *rt = vo_route_find(VO_GET, "/api/v1/deals");
    cr_assert(rt && vo_route_query_declared(rt, "owner_id"));
    cr_assert(!vo_route_query_declared(rt, "bogus"));
    cr_assert(!vo_route_query_declared(vo_route_find(VO_GET, "/api/v1/users/7"), "lang"));
    vo_test_resp_free(&r);
}
