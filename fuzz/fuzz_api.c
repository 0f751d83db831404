/*
 * fuzz_api.c - a request through the router to the handlers: the route
 * table, authentication, the roles, the CSRF check, the JSON body
 * (jansson), the vo_req_* field readers, the handlers and the service and
 * store under them, against a real SQLite company (fuzz_http.h).
 *
 * Input: byte 0 picks the route (vo_routes[b % vo_route_count]), byte 1
 * the credential (bits 0-1 the role: admin, head, manager, viewer; bits
 * 2-3 how: the session cookie with its CSRF token, the API token, the
 * cookie without the CSRF token, nothing), byte 2 the value of the {id}
 * segments (0..199 as a number, then edge cases: -1, 2^63, "abc", ...).
 * The rest is the JSON body, after an optional first line "?query" that
 * becomes the query string.
 *
 * Checks, beyond the sanitizers: every response passes fuzz_http_check
 * (no 5xx, a body that encodes, the error shape); no credential is 401
 * "unauthorized" on a route that is not public; a role outside the
 * route's roles is the router's 403 "forbidden"; a cookie without its CSRF token on a
 * mutation is 403 "csrf"; a valid credential of an allowed role is never
 * refused by the router (401, "forbidden", "csrf").
 *
 * The company is put back (fuzz_http_reset) after every request that may
 * have changed it (a mutation answered 2xx, any sign-in), so every input
 * runs against the same data and a crash replays alone.
 */
#include "fuzz_http.h"

const struct fuzz_http_target fuzz_http_target = {.with_web = false};

static const char *const odd_ids[] = {
    "-1",
    "9223372036854775807",
    "9223372036854775808",
    "99999999999999999999",
    "abc",
    "+1",
    "01",
    "1e3",
    "0x10",
    "%31",
    "1%00",
    " 1",
    "1.0",
    "-0",
    "٣",
    "",
};

/* The route's path with every {…} segment replaced by id. */
static char *route_path(const char *pattern, const char *id)
{
    GString *s = g_string_new(NULL);
    for (const char *p = pattern; *p;) {
        if (*p == '{') {
            const char *e = strchr(p, '}');
            g_string_append(s, id);
            p = e ? e + 1 : p + strlen(p);
        } else {
            g_string_append_c(s, *p++);
        }
    }
    return g_string_free(s, FALSE);
}

static bool is(const char *code, const char *want)
{
    return code && strcmp(code, want) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3)
        return 0;
    const struct vo_route *route = &vo_routes[data[0] % vo_route_count];
    int role = data[1] & 3, how = (data[1] >> 2) & 3;
    char num[8];
    const char *id = num;
    if (data[2] < 200)
        snprintf(num, sizeof num, "%u", data[2]);
    else
        id = odd_ids[(data[2] - 200) % (sizeof odd_ids / sizeof odd_ids[0])];
    const char *rest = (const char *)data + 3;
    size_t rest_len = size - 3;
    char *query = NULL;
    if (rest_len && rest[0] == '?') {
        const char *nl = memchr(rest, '\n', rest_len);
        size_t qlen = nl ? (size_t)(nl - rest) : rest_len;
        query = g_strndup(rest, qlen);
        rest += nl ? qlen + 1 : qlen;
        rest_len -= nl ? qlen + 1 : qlen;
    }
    char *path = route_path(route->path, id);
    char *target = g_strconcat(path, query ? query : "", NULL);

    const struct fuzz_cred *c = &fuzz_http.role[role];
    const char *headers[8] = {"Content-Type", "application/json"};
    size_t nh = 2;
    if (how == 0 || how == 2) {
        headers[nh++] = "Cookie";
        headers[nh++] = c->cookie;
    }
    if (how == 0) {
        headers[nh++] = "X-CSRF-Token";
        headers[nh++] = c->csrf;
    }
    if (how == 1) {
        headers[nh++] = "Authorization";
        headers[nh++] = c->bearer;
    }
    struct vo_req_head h = {.method = vo_http_method_name(route->method),
                            .target = target,
                            .headers = headers,
                            .body = rest,
                            .body_len = rest_len,
                            .address = "192.0.2.1"};
    struct vo_req r;
    fuzz_http_run(&h, &r);
    fuzz_http_check(&r, "fuzz_api");

    /* The router's decisions, when the request reached the route. */
    const struct vo_route *matched = vo_route_match(route->method, path, NULL);
    const char *code = fuzz_http_error_code(&r);
    char msg[128];
    bool url_ok = vo_url_check(target, msg, sizeof msg);
    if (matched == route && url_ok && route->roles != VO_R_PUBLIC) {
        bool allowed = (route->roles >> role) & 1u;
        if (how == 3 && !(r.status == 401 && is(code, "unauthorized")))
            FUZZ_CHECK(false, "no credential and not 401 unauthorized", target);
        if (how != 3 && !allowed && !fuzz_http_role_refused(&r))
            FUZZ_CHECK(false, "a role outside the route's and not 403 forbidden", target);
        if (how == 2 && allowed && route->method != VO_GET &&
            !(r.status == 403 && is(code, "csrf")))
            FUZZ_CHECK(false, "a cookie without its CSRF token and not 403 csrf", target);
        if ((how == 0 || how == 1) && allowed &&
            (r.status == 401 || fuzz_http_role_refused(&r) || is(code, "csrf")))
            FUZZ_CHECK(false, "a valid credential refused by the router", target);
    }
    bool changed =
        (route->method != VO_GET && r.status < 400) || strcmp(route->path, "/api/v1/session") == 0;
    vo_req_finish(fuzz_http.srv, &r);
    if (changed)
        fuzz_http_reset();
    g_free(target);
    g_free(path);
    g_free(query);
    return 0;
}
