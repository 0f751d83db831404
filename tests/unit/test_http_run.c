/*
 * test_http_run.c - vo_req_run (src/http/run.c), the fuzz targets' way
 * into the server without a socket, answers exactly as the server does:
 * the same request sent over TCP to a served company and run in-process
 * gets the same status and the same JSON body. What is compared is what
 * run.c does in libmicrohttpd's place: the Cookie header split into
 * cookies, the query string into arguments (+, %XX, repeated and empty
 * arguments), the URL limits, no route and no method.
 */
#include "http/http_int.h"
#include "http_client.h"
#include "testutil.h"

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <glib.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static struct vo_test_company co;
static struct vo_test_login admin;

static void setup(void)
{
    vo_test_company_start(&co, NULL, NULL);
    admin = vo_test_login_as(co.port, "admin@example.com", VO_TEST_PASSWORD);
}

static void teardown(void)
{
    vo_test_login_free(&admin);
    vo_test_company_stop(&co);
}

TestSuite(http_run, .init = setup, .fini = teardown, .timeout = 120);

/* One request over TCP with exactly these header lines ("Name: value\r\n"
 * each); the status and the parsed body. */
static int send_raw(const char *method, const char *target, const char *headers, json_t **body)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    cr_assert_geq(fd, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)co.port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    cr_assert_eq(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    char *req = g_strdup_printf("%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n%s\r\n",
                                method, target, headers);
    size_t len = strlen(req);
    cr_assert_eq(send(fd, req, len, MSG_NOSIGNAL), (ssize_t)len);
    g_free(req);
    GString *resp = g_string_new(NULL);
    char buf[4096];
    ssize_t n;
    while ((n = recv(fd, buf, sizeof buf, 0)) > 0)
        g_string_append_len(resp, buf, n);
    close(fd);
    int status = 0;
    cr_assert_eq(sscanf(resp->str, "HTTP/1.1 %d", &status), 1, "%s", resp->str);
    const char *sep = strstr(resp->str, "\r\n\r\n");
    cr_assert_not_null(sep, "%s", resp->str);
    json_error_t je;
    *body = json_loads(sep + 4, 0, &je);
    cr_assert_not_null(*body, "not JSON: %s", sep + 4);
    g_string_free(resp, TRUE);
    return status;
}

/* The same request both ways: asserts the same status (want) and the same
 * JSON body; returns the body (json_decref). */
static json_t *both(const char *method, const char *target, const char *cookie, int want)
{
    char *lines = cookie ? g_strdup_printf("Cookie: %s\r\n", cookie) : g_strdup("");
    json_t *sent = NULL;
    int status = send_raw(method, target, lines, &sent);
    g_free(lines);
    const char *headers[] = {"Cookie", cookie, NULL};
    struct vo_req_head h = {.method = method,
                            .target = target,
                            .headers = cookie ? headers : NULL,
                            .address = "127.0.0.1"};
    struct vo_req r;
    vo_req_run(co.srv, &h, &r);
    char *sent_text = json_dumps(sent, JSON_COMPACT | JSON_SORT_KEYS);
    char *run_text = r.out ? json_dumps(r.out, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    cr_assert_eq(status, want, "%s %s over TCP: %d %s", method, target, status, sent_text);
    cr_assert_eq((int)r.status, want, "%s %s run: %u %s", method, target, r.status,
                 run_text ? run_text : "(none)");
    cr_assert_str_eq(run_text ? run_text : "", sent_text, "%s %s", method, target);
    free(sent_text);
    free(run_text);
    vo_req_finish(co.srv, &r);
    return sent;
}

static char *session(const char *fmt)
{
    /* fmt with %s for the admin's session secret */
    GString *s = g_string_new(NULL);
    for (const char *p = fmt; *p; p++) {
        if (p[0] == '%' && p[1] == 's') {
            g_string_append(s, admin.cookie);
            p++;
        } else {
            g_string_append_c(s, *p);
        }
    }
    return g_string_free(s, FALSE);
}

/* A case of the tables below: a Cookie header or a request target, and the
 * status both paths must answer. */
struct text_status {
    const char *text;
    int status;
};

Test(http_run, cookies_are_split_as_the_server_splits_them)
{
    static const struct text_status cases[] = {
        {"vo_session=%s", 200},
        {"theme=dark; vo_session=%s; lang=ru", 200},
        {"vo_session=\"%s\"", 200},
        {"a=1,vo_session=%s", 200},
        {"  vo_session  =%s", 200},
        {"flag; vo_session=%s", 200},
        {"vo_session=bogus; vo_session=%s", 401}, /* the first one counts */
        {"vo_session=%s-x", 401},
        {"vo_session", 401},
        {"vo_sessionx=%s", 401},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *cookie = session(cases[i].text);
        json_t *b = both("GET", "/api/v1/session", cookie, cases[i].status);
        if (cases[i].status == 200)
            cr_assert_str_eq(json_string_value(json_object_get(b, "email")), "admin@example.com");
        json_decref(b);
        g_free(cookie);
    }
}

Test(http_run, query_arguments_are_split_and_unescaped_as_the_server_does)
{
    char *cookie = session("vo_session=%s");
    static const struct text_status cases[] = {
        {"/api/v1/users?limit=1", 200},
        {"/api/v1/clients?limit=%35&sort=-name", 200},
        {"/api/v1/clients?q=a+b%2Bc", 200},
        {"/api/v1/clients?limit=2&limit=abc", 200}, /* the first one counts */
        {"/api/v1/clients?limit=abc&limit=2", 422},
        {"/api/v1/clients?limit", 200}, /* no value: as if absent */
        {"/api/v1/clients?limit=", 422},
        {"/api/v1/clients?limit=1%002", 200}, /* %00 ends the value */
        {"/api/v1/clients?sort=%2Dname&&", 200},
        {"/api/v1/holidays?year=20%32%36", 200},
        {"/api/v1/holidays?year=2026+", 422},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        json_decref(both("GET", cases[i].text, cookie, cases[i].status));
    g_free(cookie);
}

Test(http_run, no_route_no_method_and_the_url_limits)
{
    json_decref(both("GET", "/api/v1/nothing", NULL, 404));
    json_decref(both("GET", "/api/v1/deals/", NULL, 404));
    json_decref(both("PUT", "/api/v1/deals", NULL, 405));
    json_decref(both("GET", "/api/v1/deals", NULL, 401));
    json_decref(both("GET", "/api/v1/health?x=1", NULL, 200));
    GString *many = g_string_new("/api/v1/health?a=1");
    for (int i = 0; i < VO_MAX_QUERY_PARAMS; i++)
        g_string_append(many, "&a=1");
    json_decref(both("GET", many->str, NULL, 414));
    g_string_free(many, TRUE);
}
