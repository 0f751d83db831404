/*
 * test_http_limits.c - the server against clients that do not play by the
 * rules, over a real server on 127.0.0.1 (issue 8):
 * - every error is JSON of the documented shape even when it echoes bytes
 *   that are not UTF-8;
 * - the web root serves only the app's files;
 * - a request is refused on its head before any of its body is read (and
 *   the server's memory does not grow), bodies in memory have a
 *   server-wide budget;
 * - long URLs are answered at once, in JSON, and a path matches a route
 *   exactly;
 * - a client that trickles its head or its body is cut off, and an address
 *   may hold only so many connections.
 */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <jansson.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "api_fixture.h"
#include "http/http.h"
#include "http/http_int.h"
#include "http_client.h"
#include "testutil.h"

static struct vo_test_company co;
static char *web_dir; /* the web root's own temporary directory */
static int port;
static const char *pw = VO_TEST_PASSWORD;

#define BODY_LIMIT  (64 * 1024)
#define BODY_MEMORY (100 * 1024)

/* A web root with the app's files and what npm leaves beside them. */
static char *make_web_root(void)
{
    web_dir = vo_test_tmpdir();
    char *web = g_build_filename(web_dir, "web", NULL);
    const char *files[][2] = {
        {"index.html", "<!doctype html><title>app</title>"},
        {"app/main.js", "import './lib.js';"},
        {"package.json", "{\"name\":\"voronka-web\"}"},
        {"package-lock.json", "{\"lockfileVersion\":3}"},
        {"node_modules/preact/package.json", "{\"name\":\"preact\"}"},
        {"node_modules/preact/dist/preact.module.js", "export const h = 1;"},
        {"node_modules/htm/dist/htm.module.js", "export default 1;"},
        {"node_modules/echarts/dist/echarts.esm.min.mjs", "export const init = 1;"},
        {"node_modules/zrender/index.js", "export default 1;"},
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *path = g_build_filename(web, files[i][0], NULL);
        char *parent = g_path_get_dirname(path);
        cr_assert_eq(g_mkdir_with_parents(parent, 0700), 0);
        cr_assert(g_file_set_contents(path, files[i][1], -1, NULL));
        g_free(parent);
        g_free(path);
    }
    return web;
}

static void setup(void)
{
    char *web = make_web_root();
    struct vo_server_opts o = {.web_root = web,
                               .threads = 2,
                               .body_limit = BODY_LIMIT,
                               .body_memory = BODY_MEMORY,
                               .head_timeout_s = 2,
                               .min_body_rate = 1024,
                               .per_ip_limit = 16};
    vo_test_company_start(&co, &o, NULL);
    port = co.port;
    g_free(web);
}

static void teardown(void)
{
    vo_test_company_stop(&co);
    vo_test_rmtree(web_dir);
    g_free(web_dir);
}

TestSuite(limits, .init = setup, .fini = teardown, .timeout = 120);

/* An error reply: its status, a JSON Content-Type and the documented shape. */
static void expect_error(struct vo_test_resp *r, int status, const char *what)
{
    cr_assert_eq(r->status, status, "%s: %d %s", what, r->status, r->body);
    cr_assert(r->content_type && g_str_has_prefix(r->content_type, "application/json"),
              "%s: Content-Type %s", what, r->content_type ? r->content_type : "(none)");
    json_t *err = json_object_get(r->json, "error");
    cr_assert(json_is_string(json_object_get(err, "code")), "%s: %s", what, r->body);
    cr_assert(json_is_string(json_object_get(err, "message")), "%s: %s", what, r->body);
    cr_assert(json_object_get(err, "field"), "%s: no field key: %s", what, r->body);
}

/* ---- every error is JSON (item 8) ---- */

Test(limits, errors_that_echo_the_input_are_json)
{
    struct vo_test_login admin = vo_test_login_as(port, "admin@example.com", pw);
    struct vo_test_login anna = vo_test_login_as(port, "anna@example.com", pw);
    /* 128 x U+1D54F (4 bytes each): the message is cut inside a character. */
    char *tz = vo_api_repeat("", "\xF0\x9D\x95\x8F", 128);
    char *body = g_strdup_printf("{\"tz\":\"%s\"}", tz);
    struct vo_test_resp r = vo_test_as(port, &admin, "PATCH", "/api/v1/org", body);
    expect_error(&r, 422, "a long zone");
    vo_test_resp_free(&r);
    g_free(body);
    char *due = vo_api_repeat("a", "\xD0\xAF", 300);
    body = g_strdup_printf("{\"title\":\"call\",\"due_at\":\"%s\"}", due);
    r = vo_test_as(port, &anna, "POST", "/api/v1/tasks", body);
    expect_error(&r, 422, "a long due_at");
    vo_test_resp_free(&r);
    g_free(body);
    r = vo_test_as(port, &anna, "GET", "/api/v1/deals/%FF", NULL);
    expect_error(&r, 404, "a byte that is not UTF-8");
    vo_test_resp_free(&r);
    g_free(tz);
    g_free(due);
    vo_test_login_free(&admin);
    vo_test_login_free(&anna);
}

/* ---- the web root serves the app's files only (item 21) ---- */

Test(limits, the_web_root_serves_only_the_app)
{
    const char *served[] = {"/",
                            "/index.html",
                            "/app/main.js",
                            "/node_modules/preact/dist/preact.module.js",
                            "/node_modules/htm/dist/htm.module.js",
                            "/node_modules/echarts/dist/echarts.esm.min.mjs",
                            "/deals/12"};
    for (size_t i = 0; i < sizeof served / sizeof served[0]; i++) {
        struct vo_test_resp r = vo_test_http(port, "GET", served[i], NULL, NULL, NULL, NULL);
        cr_assert_eq(r.status, 200, "%s: %d %s", served[i], r.status, r.body);
        vo_test_resp_free(&r);
    }
    const char *hidden[] = {"/package.json", "/package-lock.json",
                            "/node_modules/preact/package.json", "/node_modules/zrender/index.js",
                            "/node_modules/preact/dist/../package.json"};
    for (size_t i = 0; i < sizeof hidden / sizeof hidden[0]; i++) {
        struct vo_test_resp r = vo_test_http(port, "GET", hidden[i], NULL, NULL, NULL, NULL);
        expect_error(&r, 404, hidden[i]);
        vo_test_resp_free(&r);
    }
}

/* A GET of path with an If-None-Match of etag (NULL: none). */
static struct vo_test_resp get_if(const char *path, const char *etag)
{
    char *h = etag ? g_strdup_printf("If-None-Match: %s", etag) : NULL;
    struct vo_test_resp r = vo_test_bearer_header(port, "GET", path, NULL, h, NULL);
    g_free(h);
    return r;
}

/* The app's files are kept and revalidated (issue 16, item 2): an ETag and
 * Cache-Control: no-cache; the same ETag back is a 304 without a body; a
 * file changed on disk is served new with another ETag; the API's answers
 * stay no-store. */
Test(limits, the_apps_files_are_revalidated_not_downloaded_again)
{
    const char *lib = "/node_modules/echarts/dist/echarts.esm.min.mjs";
    struct vo_test_resp r = get_if(lib, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(r.body, "export const init = 1;");
    cr_assert(r.etag && strlen(r.etag) == 34 && r.etag[0] == '"', "%s", r.etag ? r.etag : "none");
    char *cc = vo_test_resp_header(&r, "Cache-Control");
    cr_assert_str_eq(cc, "no-cache");
    g_free(cc);
    char *etag = g_strdup(r.etag);
    vo_test_resp_free(&r);

    r = get_if(lib, etag);
    cr_assert_eq(r.status, 304, "%s", r.body);
    cr_assert_eq(r.body_len, 0);
    cr_assert_str_eq(r.etag, etag);
    vo_test_resp_free(&r);
    char *list = g_strdup_printf("\"other\", W/%s", etag);
    r = get_if(lib, list);
    cr_assert_eq(r.status, 304, "one of a list, weak");
    vo_test_resp_free(&r);
    g_free(list);
    r = get_if(lib, "\"other\"");
    cr_assert_eq(r.status, 200);
    vo_test_resp_free(&r);
    /* index.html for the app's routes, with its own ETag */
    r = get_if("/deals/12", NULL);
    cr_assert_eq(r.status, 200);
    cr_assert_str_neq(r.etag, etag);
    char *index_tag = g_strdup(r.etag);
    vo_test_resp_free(&r);
    r = get_if("/board", index_tag);
    cr_assert_eq(r.status, 304);
    vo_test_resp_free(&r);
    g_free(index_tag);

    /* a new version on disk: served at once, another ETag */
    char *path = g_build_filename(web_dir, "web", lib + 1, NULL);
    cr_assert(g_file_set_contents(path, "export const init = 2; // new", -1, NULL));
    r = get_if(lib, etag);
    cr_assert_eq(r.status, 200, "a changed file is not a 304");
    cr_assert_str_eq(r.body, "export const init = 2; // new");
    cr_assert_str_neq(r.etag, etag);
    vo_test_resp_free(&r);
    cr_assert(g_file_set_contents(path, "export const init = 1;", -1, NULL));
    g_free(path);
    g_free(etag);

    /* the API's answers are not kept */
    r = get_if("/api/v1/health", NULL);
    cc = vo_test_resp_header(&r, "Cache-Control");
    cr_assert_str_eq(cc, "no-store");
    g_free(cc);
    vo_test_resp_free(&r);
}

/* Every module the app imports from node_modules is on the allowlist (a
 * new import without its row would leave the app blank). */
Test(limits, every_library_the_app_imports_is_served)
{
    char *app = g_build_filename(vo_test_source_dir(), "web", "app", NULL);
    char *cmd = g_strdup_printf("grep -rhoE \"from '/node_modules/[^']+'\" '%s'", app);
    char *out = NULL;
    cr_assert_eq(vo_test_run(cmd, &out), 0, "no import from node_modules in %s", app);
    int n = 0;
    char **lines = g_strsplit(out, "\n", -1);
    for (char **l = lines; *l; l++) {
        const char *p = strstr(*l, "'/");
        if (!p)
            continue;
        char *rel = g_strndup(p + 2, strcspn(p + 2, "'"));
        cr_assert(vo_static_app_file(rel), "the app imports %s, which is not served", rel);
        g_free(rel);
        n++;
    }
    cr_assert_geq(n, 3);
    g_strfreev(lines);
    g_free(out);
    g_free(cmd);
    g_free(app);
}

/* ---- raw sockets ---- */

static int dial(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    cr_assert_eq(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0, "connect");
    return fd;
}

static void send_str(int fd, const char *s)
{
    size_t n = strlen(s), off = 0;
    while (off < n) {
        ssize_t w = send(fd, s + off, n - off, MSG_NOSIGNAL);
        cr_assert_gt(w, 0, "send");
        off += (size_t)w;
    }
}

static double now_s(void)
{
    return (double)g_get_monotonic_time() / 1e6;
}

/* Whether in holds a whole response (its head and Content-Length bytes). */
static bool complete(const GString *in)
{
    const char *end = strstr(in->str, "\r\n\r\n");
    const char *cl = strstr(in->str, "\r\nContent-Length: ");
    if (!end || !cl || cl > end)
        return false;
    size_t want = (size_t)g_ascii_strtoull(cl + 18, NULL, 10);
    return in->len >= (size_t)(end + 4 - in->str) + want;
}

/* What the server sends until it closes, a whole response is in or ms
 * pass; *closed says whether it closed. */
static GString *read_reply(int fd, int ms, bool *closed)
{
    GString *in = g_string_new(NULL);
    double until = now_s() + ms / 1000.0;
    *closed = false;
    while (!*closed && !complete(in)) {
        int left = (int)((until - now_s()) * 1000);
        if (left <= 0)
            break;
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, left) <= 0)
            break;
        char buf[8192];
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n <= 0)
            *closed = true;
        else
            g_string_append_len(in, buf, n);
    }
    return in;
}

static int status_of(const GString *reply)
{
    int status = 0;
    sscanf(reply->str, "HTTP/1.1 %d", &status);
    return status;
}

/* The JSON error code of a raw reply ("" when it has none). */
static const char *error_code(const GString *reply, json_t **keep)
{
    const char *body = strstr(reply->str, "\r\n\r\n");
    *keep = body ? json_loads(body + 4, 0, NULL) : NULL;
    const char *code = json_string_value(json_object_get(json_object_get(*keep, "error"), "code"));
    return code ? code : "";
}

static long rss_kib(void)
{
    long size = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    cr_assert(f);
    cr_assert_eq(fscanf(f, "%ld %ld", &size, &resident), 2);
    fclose(f);
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

/* ---- a request is refused on its head (issue 8, item 3) ---- */

Test(limits, anonymous_large_post_is_refused_before_its_body)
{
    size_t mib = 1024 * 1024;
    char *chunk = g_malloc(mib);
    memset(chunk, 'x', mib);
    long before = rss_kib();
    int fds[3];
    for (int i = 0; i < 3; i++) {
        fds[i] = dial();
        send_str(fds[i], "POST /api/v1/import HTTP/1.1\r\nHost: localhost\r\n"
                         "Content-Type: application/zip\r\nContent-Length: 157286400\r\n\r\n");
    }
    /* What such a client sends next, as far as the server takes it. */
    struct timeval tv = {.tv_sec = 0, .tv_usec = 300 * 1000};
    for (int i = 0; i < 3; i++) {
        setsockopt(fds[i], SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        for (int k = 0; k < 16; k++)
            if (send(fds[i], chunk, mib, MSG_NOSIGNAL) <= 0)
                break;
    }
    for (int i = 0; i < 3; i++) {
        bool closed = false;
        GString *reply = read_reply(fds[i], 3000, &closed);
        json_t *j = NULL;
        cr_assert_eq(status_of(reply), 401, "no 401 before the body: %.200s", reply->str);
        cr_assert_str_eq(error_code(reply, &j), "unauthorized");
        json_decref(j);
        g_string_free(reply, TRUE);
        close(fds[i]);
    }
    /* 48 MiB were sent: a server that took the bodies grows by at least
     * that. The bound leaves room for what the process itself allocates
     * meanwhile, which under ASan (its quarantine keeps freed blocks
     * resident) reached 10-12 MiB (2026-12-06; 8 MiB before). */
    long grown = rss_kib() - before;
    cr_assert_lt(grown, 20 * 1024, "the server's memory grew by %ld KiB", grown);
    g_free(chunk);
}

/* A request without a body that is answered on its head (a file, a 401, a
 * 404) keeps its connection alive. */
Test(limits, a_bodiless_answer_keeps_the_connection)
{
    int fd = dial();
    const char *paths[] = {"/app/main.js", "/api/v1/deals", "/api/v1/nothing", "/api/v1/health"};
    const int want[] = {200, 401, 404, 200};
    for (int i = 0; i < 4; i++) {
        char *req = g_strdup_printf("GET %s HTTP/1.1\r\nHost: localhost\r\n\r\n", paths[i]);
        send_str(fd, req);
        bool closed = false;
        GString *reply = read_reply(fd, 2000, &closed);
        cr_assert_eq(status_of(reply), want[i], "%s: %.200s", paths[i], reply->str);
        cr_assert_null(strstr(reply->str, "Connection: close"), "%s: %.300s", paths[i], reply->str);
        g_string_free(reply, TRUE);
        g_free(req);
    }
    close(fd);
}

Test(limits, a_declared_body_over_the_limit_is_413_at_once)
{
    int fd = dial();
    send_str(fd, "POST /api/v1/session HTTP/1.1\r\nHost: localhost\r\n"
                 "Content-Type: application/json\r\nContent-Length: 10485760\r\n\r\n");
    bool closed = false;
    GString *reply = read_reply(fd, 2000, &closed);
    json_t *j = NULL;
    cr_assert_eq(status_of(reply), 413, "%.200s", reply->str);
    cr_assert_str_eq(error_code(reply, &j), "too_big");
    json_decref(j);
    g_string_free(reply, TRUE);
    close(fd);
}

Test(limits, bodies_in_memory_have_a_budget)
{
    /* Two bodies of 60 KB may not be held at once with 100 KiB. */
    const char *head = "POST /api/v1/session HTTP/1.1\r\nHost: localhost\r\n"
                       "Content-Type: application/json\r\nContent-Length: 60000\r\n\r\n";
    int a = dial();
    send_str(a, head);
    bool closed = false;
    GString *reply = read_reply(a, 300, &closed);
    cr_assert_eq(reply->len, 0, "the first body is admitted: %.200s", reply->str);
    g_string_free(reply, TRUE);
    int b = dial();
    send_str(b, head);
    reply = read_reply(b, 2000, &closed);
    json_t *j = NULL;
    cr_assert_eq(status_of(reply), 503, "%.300s", reply->str);
    cr_assert_str_eq(error_code(reply, &j), "busy");
    cr_assert(strstr(reply->str, "\r\nRetry-After: "), "%.300s", reply->str);
    json_decref(j);
    g_string_free(reply, TRUE);
    close(b);
    /* The first one goes on; once it is done, the memory is free again. */
    char *body = g_malloc(60001);
    memset(body, ' ', 60000);
    body[0] = '{';
    body[59999] = '}';
    body[60000] = '\0';
    send_str(a, body);
    reply = read_reply(a, 3000, &closed);
    cr_assert_eq(status_of(reply), 422, "the first body is answered: %.300s", reply->str);
    g_string_free(reply, TRUE);
    close(a);
    g_usleep(200 * 1000);
    int c = dial();
    send_str(c, head);
    send_str(c, body);
    reply = read_reply(c, 3000, &closed);
    cr_assert_eq(status_of(reply), 422, "%.300s", reply->str);
    g_string_free(reply, TRUE);
    close(c);
    g_free(body);
}

/* ---- long URLs are answered at once, in JSON (item 9) ---- */

static void expect_fast(const char *path, const char *header, int status, bool json)
{
    int fd = dial();
    double t0 = now_s();
    char *req =
        g_strdup_printf("GET %s HTTP/1.1\r\nHost: localhost\r\n%s\r\n", path, header ? header : "");
    send_str(fd, req);
    bool closed = false;
    GString *reply = read_reply(fd, 5000, &closed);
    double took = now_s() - t0;
    cr_assert_eq(status_of(reply), status, "%.60s...: %.300s", path, reply->str);
    cr_assert_lt(took, 3, "%.60s...: answered after %.1f s", path, took);
    if (json) {
        json_t *j = NULL;
        cr_assert_str_eq(error_code(reply, &j), status == 414 ? "uri_too_long" : "unauthorized",
                         "%.300s", reply->str);
        cr_assert(strstr(reply->str, "\r\nContent-Type: application/json"), "%.300s", reply->str);
        json_decref(j);
    }
    g_string_free(reply, TRUE);
    g_free(req);
    close(fd);
}

Test(limits, long_urls_are_answered_at_once_in_json)
{
    char *q100 = vo_api_repeat("/api/v1/deals?a=1", "&a=1", 99);
    char *q480 = vo_api_repeat("/api/v1/deals?a=1", "&a=1", 479);
    char *q4000 = vo_api_repeat("/api/v1/deals?a", "&a", 3999);
    char *longest = vo_api_repeat("/api/v1/deals?x=", "y", 9000);
    expect_fast(q100, NULL, 401, true); /* within the limits: the route's answer */
    expect_fast(q480, NULL, 414, true);
    expect_fast(q4000, NULL, 414, true);
    expect_fast(longest, NULL, 414, true);
    /* A 40 KB header does not fit the connection's memory: libmicrohttpd's
     * own 431 (HTML; documented), but at once. */
    char *big = vo_api_repeat("X-Big: ", "z", 40000);
    expect_fast("/api/v1/health", big, 431, false);
    g_free(big);
    g_free(q100);
    g_free(q480);
    g_free(q4000);
    g_free(longest);
}

/* ---- a path matches a route exactly (item 10) ---- */

Test(limits, paths_match_routes_exactly)
{
    struct vo_test_login anna = vo_test_login_as(port, "anna@example.com", pw);
    struct vo_test_resp r = vo_test_as(port, &anna, "GET", "/api/v1/deals", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    vo_test_resp_free(&r);
    const char *paths[] = {"/api/v1/deals%00anything", "/api/v1/deals/", "/api/v1/deals%2F1",
                           "/api/v1/health%00", "/api/v1/deals/1/"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        r = vo_test_as(port, &anna, "GET", paths[i], NULL);
        expect_error(&r, 404, paths[i]);
        vo_test_resp_free(&r);
    }
    vo_test_login_free(&anna);
}

/* ---- slow clients (item 20) ---- */

/* Sends `piece` every 400 ms until the server closes; the seconds it took
 * (or -1 after `give_up` seconds). */
static double trickle(int fd, const char *piece, double give_up)
{
    double t0 = now_s();
    while (now_s() - t0 < give_up) {
        bool closed = false;
        GString *in = read_reply(fd, 400, &closed);
        g_string_free(in, TRUE);
        if (closed || send(fd, piece, strlen(piece), MSG_NOSIGNAL) < 0)
            return now_s() - t0;
    }
    return -1;
}

Test(limits, a_trickled_head_is_cut_off)
{
    int fd = dial();
    send_str(fd, "GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\n");
    double took = trickle(fd, "X-More: 1\r\n", 15);
    cr_assert(took > 0, "the connection is still open after 15 s");
    cr_assert_lt(took, 6, "closed after %.1f s (the head's deadline is 2 s)", took);
    close(fd);
    /* A kept-alive connection: the next head has the same deadline. */
    fd = dial();
    send_str(fd, "GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\n\r\n");
    bool closed = false;
    GString *in = read_reply(fd, 500, &closed);
    cr_assert_eq(status_of(in), 200, "%.200s", in->str);
    g_string_free(in, TRUE);
    send_str(fd, "GET /api/v1/health HTTP/1.1\r\n");
    took = trickle(fd, "X-More: 1\r\n", 15);
    cr_assert(took > 0 && took < 6, "closed after %.1f s", took);
    close(fd);
}

Test(limits, a_trickled_body_is_cut_off)
{
    int fd = dial();
    send_str(fd, "POST /api/v1/session HTTP/1.1\r\nHost: localhost\r\n"
                 "Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n{");
    double took = trickle(fd, " ", 15);
    cr_assert(took > 0, "the connection is still open after 15 s");
    cr_assert_lt(took, 7, "closed after %.1f s (2 s of grace, then 1 KiB/s)", took);
    close(fd);
}

Test(limits, an_address_holds_a_limited_number_of_connections)
{
    int fds[16];
    for (int i = 0; i < 16; i++)
        fds[i] = dial();
    g_usleep(100 * 1000);
    int extra = dial();
    bool closed = false;
    GString *in = read_reply(extra, 1000, &closed);
    cr_assert(closed, "a 17th connection from one address is accepted");
    g_string_free(in, TRUE);
    close(extra);
    /* The others are served. */
    send_str(fds[0], "GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\n\r\n");
    in = read_reply(fds[0], 1000, &closed);
    cr_assert_eq(status_of(in), 200, "%.200s", in->str);
    g_string_free(in, TRUE);
    for (int i = 0; i < 16; i++)
        close(fds[i]);
}
