/*
 * test_http_cache.c - the server's caches of verified credentials and org
 * rows (src/http/cache.c) never outlive what invalidates them: a revoked
 * token, an ended session, a disabled user, a changed role or a changed
 * org are seen by the very next request, however warm the cache.
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
    struct vo_server_opts o = {.threads = 2};
    vo_api_start(&o, NULL);
}

TestSuite(http_cache, .init = setup, .fini = vo_api_stop, .timeout = 120);

/* GET /api/v1/session as cookie or bearer, n times; the last status. */
static int me(const char *cookie, const char *bearer, int n, json_t **out)
{
    int status = 0;
    for (int i = 0; i < n; i++) {
        struct vo_test_resp r = http("GET", "/api/v1/session", cookie, NULL, bearer, NULL);
        status = r.status;
        if (out && i == n - 1)
            *out = r.json ? json_incref(r.json) : NULL;
        vo_test_resp_free(&r);
    }
    return status;
}

static int64_t user_id(const struct vo_test_login *l)
{
    json_t *j = NULL;
    cr_assert_eq(me(l->cookie, NULL, 1, &j), 200);
    int64_t id = json_integer_value(json_object_get(j, "user_id"));
    json_decref(j);
    return id;
}

Test(http_cache, a_revoked_token_is_refused_at_once)
{
    struct vo_test_login admin = login_as("admin@example.com");
    int64_t id = 0;
    char *token = vo_api_token(&admin, "{\"name\":\"sync\"}", &id);
    cr_assert_eq(me(NULL, token, 3, NULL), 200, "warm");
    char *path = g_strdup_printf("/api/v1/tokens/%lld", (long long)id);
    struct vo_test_resp r = http("DELETE", path, admin.cookie, admin.csrf, NULL, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    vo_test_resp_free(&r);
    cr_assert_eq(me(NULL, token, 1, NULL), 401, "revoked, however warm the cache");
    /* a wrong secret is never taken for a cached one */
    token[0] = token[0] == 'a' ? 'b' : 'a';
    cr_assert_eq(me(NULL, token, 1, NULL), 401);
    g_free(path);
    g_free(token);
    vo_test_login_free(&admin);
}

Test(http_cache, logout_disable_and_role_changes_are_seen_at_once)
{
    struct vo_test_login admin = login_as("admin@example.com");
    struct vo_test_login anna = login_as("anna@example.com");
    struct vo_test_login anna2 = login_as("anna@example.com");
    struct vo_test_login head = login_as("head@example.com");
    cr_assert_eq(me(anna.cookie, NULL, 3, NULL), 200);
    cr_assert_eq(me(anna2.cookie, NULL, 3, NULL), 200);
    /* logout */
    struct vo_test_resp r = http("DELETE", "/api/v1/session", anna2.cookie, anna2.csrf, NULL, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    vo_test_resp_free(&r);
    cr_assert_eq(me(anna2.cookie, NULL, 1, NULL), 401, "logged out");
    cr_assert_eq(me(anna.cookie, NULL, 1, NULL), 200, "the other session lives");
    /* a role change */
    json_t *j = NULL;
    cr_assert_eq(me(head.cookie, NULL, 3, &j), 200);
    cr_assert_str_eq(json_string_value(json_object_get(j, "role")), "head");
    json_decref(j);
    char *path = g_strdup_printf("/api/v1/users/%lld", (long long)user_id(&head));
    r = http("PATCH", path, admin.cookie, admin.csrf, NULL, "{\"role\":\"viewer\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    vo_test_resp_free(&r);
    cr_assert_eq(me(head.cookie, NULL, 1, &j), 200);
    cr_assert_str_eq(json_string_value(json_object_get(j, "role")), "viewer");
    json_decref(j);
    g_free(path);
    /* a disabled user */
    path = g_strdup_printf("/api/v1/users/%lld", (long long)user_id(&anna));
    cr_assert_eq(me(anna.cookie, NULL, 3, NULL), 200);
    r = http("PATCH", path, admin.cookie, admin.csrf, NULL, "{\"active\":false}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    vo_test_resp_free(&r);
    cr_assert_eq(me(anna.cookie, NULL, 1, NULL), 401, "disabled");
    g_free(path);
    vo_test_login_free(&anna);
    vo_test_login_free(&anna2);
    vo_test_login_free(&head);
    vo_test_login_free(&admin);
}

Test(http_cache, an_org_change_is_seen_at_once)
{
    struct vo_test_login admin = login_as("admin@example.com");
    for (int i = 0; i < 3; i++) {
        struct vo_test_resp r = vo_test_as(vo_api.port, &admin, "GET", "/api/v1/org", NULL);
        cr_assert_eq(r.status, 200, "%s", r.body);
        vo_test_resp_free(&r);
    }
    struct vo_test_resp r =
        vo_test_as(vo_api.port, &admin, "PATCH", "/api/v1/org", "{\"name\":\"Новое имя\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    vo_test_resp_free(&r);
    r = vo_test_as(vo_api.port, &admin, "GET", "/api/v1/org", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(json_string_value(json_object_get(r.json, "name")), "Новое имя");
    vo_test_resp_free(&r);
    vo_test_login_free(&admin);
}
