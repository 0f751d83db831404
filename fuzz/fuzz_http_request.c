/*
 * fuzz_http_request.c - what voronka does with a request's path, target
 * and client address on top of libmicrohttpd: route matching
 * (vo_route_match, vo_route_path_known), the {id} segments (vo_req_id),
 * the URL limits (vo_url_check), the web app's files (vo_static_serve and
 * its allowlist vo_static_app_file), and the client's address behind
 * trusted proxies (vo_trusted_proxies_parse, vo_client_addr_derive).
 *
 * Input: byte 0 picks the variant, the rest is its text.
 *   0  a path: matched against every method; run as GET and as POST
 *      without credentials (fuzz_http.h's company, with a web root).
 *   1  a request target: byte 1 + 1 copies of the rest (so that targets
 *      past the 8 KiB limit are reached), checked and run as GET.
 *   2  "PEER\nTRUSTED\nX-FORWARDED-FOR\nX-REAL-IP".
 *
 * Checks, beyond the sanitizers:
 *   0  a matched route's pattern with its parameters put back is the path;
 *      parameters are non-empty and have no "/"; vo_route_path_known is
 *      true exactly when some method matches; vo_req_id accepts exactly
 *      the parameters written in decimal digits whose value is 1..2^63-1;
 *      every response passes fuzz_http_check; a GET answered 200 outside
 *      /api/ serves index.html or app/main.js, never another file of the
 *      web root (package.json); a POST to a known path without a POST
 *      route is 405 "method_not_allowed", to an unknown one 404.
 *   1  vo_url_check refuses exactly a target over 8192 bytes or with more
 *      than 100 query parameters, and the run answers it 414
 *      "uri_too_long" (anything else passes fuzz_http_check).
 *   2  the address is "" exactly when the peer is not an IP address, else
 *      an address in canonical form (inet_pton + inet_ntop round trip);
 *      without trusted proxies, or from a peer that is not one, it is the
 *      peer; the same input gives the same address.
 */
#include "fuzz_http.h"

#include "http/client_addr.h"

#include <arpa/inet.h>
#include <netinet/in.h>

const struct fuzz_http_target fuzz_http_target = {.with_web = true};

static const enum vo_method methods[] = {VO_GET, VO_POST, VO_PUT, VO_PATCH, VO_DELETE};

/* pattern with its {…} segments replaced by param[0..]. */
static char *put_back(const char *pattern, const char *const param[4])
{
    GString *s = g_string_new(NULL);
    int i = 0;
    for (const char *p = pattern; *p;) {
        if (*p == '{') {
            g_string_append(s, i < 4 && param[i] ? param[i] : "<missing>");
            i++;
            const char *e = strchr(p, '}');
            p = e ? e + 1 : p + strlen(p);
        } else {
            g_string_append_c(s, *p++);
        }
    }
    return g_string_free(s, FALSE);
}

static bool decimal_id(const char *p)
{
    if (!p || !*p || strspn(p, "0123456789") != strlen(p))
        return false;
    /* 1..9223372036854775807, leading zeros allowed */
    while (*p == '0')
        p++;
    size_t n = strlen(p);
    return n > 0 && (n < 19 || (n == 19 && strcmp(p, "9223372036854775807") <= 0));
}

static void run(const char *method, const char *target, const char *input, struct vo_req *r)
{
    struct vo_req_head h = {.method = method, .target = target, .address = "192.0.2.1"};
    fuzz_http_run(&h, r);
    fuzz_http_check(r, input);
}

static void check_path(const char *path)
{
    bool any = false;
    for (size_t m = 0; m < sizeof methods / sizeof methods[0]; m++) {
        const char *param[4] = {0};
        const struct vo_route *route = vo_route_match(methods[m], path, param);
        if (!route)
            continue;
        any = true;
        for (int i = 0; i < 4 && param[i]; i++)
            FUZZ_CHECK(*param[i] && !strchr(param[i], '/'), "a parameter empty or with a /", path);
        char *back = put_back(route->path, param);
        FUZZ_CHECK(strcmp(back, path) == 0, "the route with its parameters is not the path", path);
        g_free(back);
        struct vo_req r = {0};
        vo_arena_init(&r.arena, 0);
        for (int i = 0; i < 4 && param[i]; i++) {
            r.param[i] = param[i];
            int64_t id = 0;
            bool ok = vo_req_id(&r, i, &id) == VO_OK;
            FUZZ_CHECK(ok == decimal_id(param[i]), "vo_req_id accepts a non-id or refuses an id",
                       path);
            FUZZ_CHECK(!ok || id > 0, "vo_req_id gave an id <= 0", path);
        }
        vo_arena_cleanup(&r.arena);
    }
    FUZZ_CHECK(vo_route_path_known(path) == any, "vo_route_path_known disagrees with matching",
               path);

    struct vo_req r;
    run("GET", path, path, &r);
    /* A path that is no route (/health, /ready and /metrics are routes
     * outside /api/) can only be served from the web directory. */
    if (r.status == 200 && !any) {
        /* the app's files are kept by the server and shared (static.c) */
        gsize n = 0;
        const char *body = r.out_bytes ? g_bytes_get_data(r.out_bytes, &n) : NULL;
        FUZZ_CHECK(body != NULL, "a file served without a body", path);
        char *text = g_strndup(body, n);
        FUZZ_CHECK(strcmp(text, "<!doctype html><title>voronka</title>") == 0 ||
                       strcmp(text, "export const x = 1;") == 0,
                   "a file outside the app served", path);
        g_free(text);
    }
    vo_req_finish(fuzz_http.srv, &r);
    run("POST", path, path, &r);
    const char *code = fuzz_http_error_code(&r);
    if (!vo_route_match(VO_POST, path, NULL) && vo_url_check(path, (char[128]){0}, 128)) {
        if (vo_route_path_known(path))
            FUZZ_CHECK(r.status == 405 && code && strcmp(code, "method_not_allowed") == 0,
                       "a known path without the method and not 405", path);
        else
            FUZZ_CHECK(r.status == 404, "an unknown path and not 404", path);
    }
    vo_req_finish(fuzz_http.srv, &r);
}

static void check_target(const char *target)
{
    size_t len = strlen(target), plen = strcspn(target, "?");
    size_t params = 0;
    if (target[plen] == '?') {
        params = 1;
        for (const char *p = target + plen + 1; (p = strchr(p, '&')); p++)
            params++;
    }
    bool want = len <= 8192 && params <= 100;
    char msg[128];
    FUZZ_CHECK(vo_url_check(target, msg, sizeof msg) == want, "vo_url_check is wrong", target);
    FUZZ_CHECK(want || msg[0], "a refusal without a message", target);
    struct vo_req r;
    run("GET", target, target, &r);
    const char *code = fuzz_http_error_code(&r);
    FUZZ_CHECK(want == !(r.status == 414 && code && strcmp(code, "uri_too_long") == 0),
               "414 uri_too_long not exactly for the targets over the limits", target);
    vo_req_finish(fuzz_http.srv, &r);
}

/* text as a peer address: IPv4, IPv6, else none (NULL). */
static const struct sockaddr *peer_of(const char *text, struct sockaddr_storage *ss)
{
    memset(ss, 0, sizeof *ss);
    struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;
    if (inet_pton(AF_INET, text, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        return (const struct sockaddr *)ss;
    }
    if (inet_pton(AF_INET6, text, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        return (const struct sockaddr *)ss;
    }
    return NULL;
}

static bool canonical(const char *addr)
{
    unsigned char buf[16];
    char back[VO_ADDR_TEXT];
    int family = strchr(addr, ':') ? AF_INET6 : AF_INET;
    return inet_pton(family, addr, buf) == 1 && inet_ntop(family, buf, back, sizeof back) &&
           strcmp(back, addr) == 0;
}

static void check_address(char *text)
{
    char *part[4] = {text, NULL, NULL, NULL};
    for (int i = 1; i < 4; i++) {
        char *nl = part[i - 1] ? strchr(part[i - 1], '\n') : NULL;
        if (!nl)
            break;
        *nl = '\0';
        part[i] = nl + 1;
    }
    struct sockaddr_storage ss;
    const struct sockaddr *peer = peer_of(part[0], &ss);
    struct vo_trusted_proxies tp;
    struct vo_error e = {0};
    if (part[1] && vo_trusted_proxies_parse(part[1], &tp, &e) == VO_OK)
        FUZZ_CHECK(tp.n >= 1 && tp.n <= VO_TRUSTED_PROXIES_MAX, "a proxy list of a bad size",
                   part[1]);
    else
        memset(&tp, 0, sizeof tp);
    char out[VO_ADDR_TEXT], again[VO_ADDR_TEXT], plain[VO_ADDR_TEXT];
    vo_client_addr_derive(peer, part[2], part[3], &tp, out, sizeof out);
    vo_client_addr_derive(peer, part[2], part[3], &tp, again, sizeof again);
    vo_client_addr_derive(peer, NULL, NULL, NULL, plain, sizeof plain);
    FUZZ_CHECK(strcmp(out, again) == 0, "the address is not deterministic", part[0]);
    FUZZ_CHECK(!peer == !out[0], "an address without a peer, or none with one", part[0]);
    if (peer) {
        FUZZ_CHECK(canonical(out), "the address is not in canonical form", out);
        FUZZ_CHECK(canonical(plain), "the peer is not in canonical form", plain);
        struct vo_trusted_proxies one = {0};
        bool trusted = false;
        if (vo_trusted_proxies_parse(plain, &one, &e) == VO_OK)
            for (unsigned i = 0; i < tp.n; i++)
                trusted |= tp.ip[i].family == one.ip[0].family &&
                           memcmp(tp.ip[i].bytes, one.ip[0].bytes, 16) == 0;
        if (!trusted)
            FUZZ_CHECK(strcmp(out, plain) == 0, "an untrusted peer's headers were believed",
                       part[0]);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int variant = data[0] % 3;
    if (variant == 1) {
        if (size < 2)
            return 0;
        size_t copies = (size_t)data[1] + 1, n = size - 2;
        char *s = malloc(copies * n + 1);
        if (!s)
            abort();
        for (size_t i = 0; i < copies; i++)
            memcpy(s + i * n, data + 2, n);
        s[copies * n] = '\0';
        check_target(s);
        free(s);
        return 0;
    }
    char *s = fuzz_cstr(data + 1, size - 1);
    if (variant == 0) {
        s[strcspn(s, "?")] = '\0'; /* the path, as the server cuts it */
        check_path(s);
    } else
        check_address(s);
    free(s);
    return 0;
}
