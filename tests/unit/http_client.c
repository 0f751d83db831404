/*
 * http_client.c - a plain-socket HTTP/1.1 client for the API tests: simple
 * enough to read, and it sends exactly what a test says (no cookie jar, no
 * retries), so a test sees the server's own answer.
 */
#include "http_client.h"

#include "http_request.h"

#include "http/http.h"
#include "http/http_int.h"
#include "service/service.h"
#include "testdb.h"
#include "testutil.h"

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <glib.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct vo_test_resp vo_test_http(int port, const char *method, const char *path, const char *cookie,
                                 const char *csrf, const char *bearer, const char *body)
{
    return vo_test_http_raw(port, method, path, cookie, csrf, bearer, "application/json", body,
                            body ? strlen(body) : 0);
}

/* The value of header name ("\r\nName: ") in the head of in, which ends
 * at hdr_end, up to a byte of stop (g_free); NULL when absent. */
static char *header_value(const GString *in, const char *hdr_end, const char *name,
                          const char *stop)
{
    char *h = strstr(in->str, name);
    if (!h || (hdr_end && h >= hdr_end))
        return NULL;
    h += strlen(name);
    return g_strndup(h, strcspn(h, stop));
}

/* Sends req (freed) and reads the response. */
static struct vo_test_resp exchange(int port, GString *req)
{
    struct vo_test_resp out = {0};
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    cr_assert_eq(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0, "connect to port %d", port);
    vo_test_send_all(fd, req);
    g_string_free(req, TRUE);
    GString *in = vo_test_read_all(fd);
    sscanf(in->str, "HTTP/1.1 %d", &out.status);
    char *hdr_end = strstr(in->str, "\r\n\r\n");
    const char *body = hdr_end ? hdr_end + 4 : in->str + in->len;
    out.body_len = in->len - (size_t)(body - in->str);
    out.body = g_malloc(out.body_len + 1);
    memcpy(out.body, body, out.body_len);
    out.body[out.body_len] = '\0';
    out.cookie = header_value(in, hdr_end, "Set-Cookie: vo_session=", ";\r");
    out.content_type = header_value(in, hdr_end, "\r\nContent-Type: ", "\r");
    out.etag = header_value(in, hdr_end, "\r\nETag: ", "\r");
    out.disposition = header_value(in, hdr_end, "\r\nContent-Disposition: ", "\r");
    out.json = json_loads(out.body, 0, NULL);
    out.head = g_strndup(in->str, hdr_end ? (size_t)(hdr_end - in->str) + 2 : in->len);
    g_string_free(in, TRUE);
    return out;
}

/* ---- every exchange recorded for the OpenAPI check ----
 *
 * With VO_OPENAPI_RECORD set (CMake sets it for every unit test), each
 * exchange with a route of the table is appended as one JSON line to
 * $VO_OPENAPI_RECORD/<program>-<pid>.jsonl: the route's method and path
 * (the table's, with {id}), the status, the request body and the response
 * body when they are JSON. The ctest openapi_responses (the fixture's
 * cleanup, after every unit test) validates them all with ajv against the
 * document the server serves (tests/openapi/responses.mjs): every
 * response of the API test suite against its status's schema, every
 * request the server accepted (2xx) against the route's body schema. */

static void record(const char *method, const char *path, const char *body, size_t len,
                   const struct vo_test_resp *r)
{
    const char *dir = getenv("VO_OPENAPI_RECORD");
    if (!dir || !*dir)
        return;
    char *bare = g_strndup(path, strcspn(path, "?"));
    const struct vo_route *rt = vo_route_find(vo_http_method(method), bare);
    g_free(bare);
    if (!rt)
        return;
    json_t *line = json_pack("{s:s, s:s, s:i, s:s}", "method", vo_http_method_key(rt->method),
                             "path", rt->path, "status", r->status, "url", path);
    json_t *req = body && len ? json_loadb(body, len, 0, NULL) : NULL;
    if (req)
        json_object_set_new(line, "request", req);
    if (r->json)
        json_object_set(line, "response", r->json);
    char *text = json_dumps(line, JSON_COMPACT);
    json_decref(line);
    g_mkdir_with_parents(dir, 0755);
    char *exe = g_file_read_link("/proc/self/exe", NULL);
    char *base = g_path_get_basename(exe ? exe : "test");
    char *file = g_strdup_printf("%s/%s-%d.jsonl", dir, base, (int)getpid());
    FILE *f = fopen(file, "a");
    cr_assert(f, "cannot write %s", file);
    fprintf(f, "%s\n", text);
    fclose(f);
    free(text);
    g_free(file);
    g_free(base);
    g_free(exe);
}

struct vo_test_resp vo_test_http_raw(int port, const char *method, const char *path,
                                     const char *cookie, const char *csrf, const char *bearer,
                                     const char *content_type, const char *body, size_t len)
{
    struct vo_test_resp r = exchange(
        port, vo_test_request_text(method, path, cookie, csrf, bearer, content_type, body, len));
    record(method, path, body, len, &r);
    return r;
}

/* Adds the header line header ("Name: value", may be NULL) to req's head. */
static void add_header(GString *req, const char *header)
{
    if (header) {
        const char *eol = strstr(req->str, "\r\n");
        gchar *line = g_strdup_printf("\r\n%s", header);
        g_string_insert(req, eol - req->str, line);
        g_free(line);
    }
}

struct vo_test_resp vo_test_as_header(int port, const struct vo_test_login *l, const char *method,
                                      const char *path, const char *header, const char *body)
{
    GString *req =
        vo_test_request_text(method, path, l->cookie, strcmp(method, "GET") ? l->csrf : NULL, NULL,
                             "application/json", body, body ? strlen(body) : 0);
    add_header(req, header);
    struct vo_test_resp r = exchange(port, req);
    record(method, path, body, body ? strlen(body) : 0, &r);
    return r;
}

struct vo_test_resp vo_test_bearer_header(int port, const char *method, const char *path,
                                          const char *bearer, const char *header, const char *body)
{
    GString *req = vo_test_request_text(method, path, NULL, NULL, bearer, "application/json", body,
                                        body ? strlen(body) : 0);
    add_header(req, header);
    struct vo_test_resp r = exchange(port, req);
    record(method, path, body, body ? strlen(body) : 0, &r);
    return r;
}

char *vo_test_resp_header(const struct vo_test_resp *r, const char *name)
{
    if (!r->head)
        return NULL;
    gchar *needle = g_strdup_printf("\r\n%s: ", name);
    char *v = NULL;
    for (const char *p = r->head; *p && !v; p++)
        if (g_ascii_strncasecmp(p, needle, strlen(needle)) == 0) {
            const char *h = p + strlen(needle);
            v = g_strndup(h, strcspn(h, "\r"));
        }
    g_free(needle);
    return v;
}

GString *vo_test_read_all(int fd)
{
    GString *in = g_string_new(NULL);
    char buf[8192];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        g_string_append_len(in, buf, n);
    close(fd);
    return in;
}

void vo_test_resp_free(struct vo_test_resp *r)
{
    g_clear_pointer(&r->body, g_free);
    g_clear_pointer(&r->cookie, g_free);
    g_clear_pointer(&r->content_type, g_free);
    g_clear_pointer(&r->etag, g_free);
    g_clear_pointer(&r->disposition, g_free);
    g_clear_pointer(&r->head, g_free);
    g_clear_pointer(&r->json, json_decref);
}

struct vo_test_login vo_test_login_as(int port, const char *email, const char *password)
{
    json_t *j = json_pack("{s:s, s:s}", "email", email, "password", password);
    char *body = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    struct vo_test_resp r = vo_test_http(port, "POST", "/api/v1/session", NULL, NULL, NULL, body);
    free(body);
    cr_assert_eq(r.status, 200, "login %s: %d %s", email, r.status, r.body);
    cr_assert(r.cookie, "no session cookie for %s", email);
    struct vo_test_login l = {g_strdup(r.cookie),
                              g_strdup(json_string_value(json_object_get(r.json, "csrf_token")))};
    vo_test_resp_free(&r);
    return l;
}

void vo_test_login_free(struct vo_test_login *l)
{
    g_free(l->cookie);
    g_free(l->csrf);
    l->cookie = l->csrf = NULL;
}

struct vo_test_resp vo_test_as(int port, const struct vo_test_login *l, const char *method,
                               const char *path, const char *body)
{
    return vo_test_http(port, method, path, l->cookie, strcmp(method, "GET") ? l->csrf : NULL, NULL,
                        body);
}

void vo_test_expect(const struct vo_test_resp *r, int status, const char *field, const char *what)
{
    cr_assert_eq(r->status, status, "%s: %d %s", what, r->status, r->body);
    if (field) {
        json_t *err = json_object_get(r->json, "error");
        const char *f = json_string_value(json_object_get(err, "field"));
        cr_assert(f && strcmp(f, field) == 0, "%s: field %s, want %s (%s)", what, f ? f : "(none)",
                  field, r->body);
    }
}

int64_t vo_test_company_user(struct vo_svc *svc, const char *name, const char *email,
                             const char *role)
{
    struct vo_user_input in = {
        .name = name, .email = email, .role = role, .password = VO_TEST_PASSWORD};
    struct vo_error e = {0};
    int64_t id = 0;
    cr_assert_eq(vo_svc_user_add(svc, &in, &id, NULL, &e), VO_OK, "%s", e.msg);
    return id;
}

void vo_test_company_start(struct vo_test_company *c, struct vo_server_opts *o,
                           void (*extra)(struct vo_store *st, struct vo_svc *svc))
{
    memset(c, 0, sizeof *c);
    c->dir = vo_test_tmpdir();
    struct vo_store *st = NULL;
    struct vo_svc svc;
    struct vo_arena a;
    vo_arena_init(&a, 0);
    vo_test_org(c->dir, &st, &svc, &a);
    struct vo_error e = {0};
    cr_assert_eq(vo_svc_user_passwd(&svc, "admin@example.com", VO_TEST_PASSWORD, NULL, &e), VO_OK,
                 "%s", e.msg);
    struct vo_user admin;
    cr_assert_eq(vo_svc_user_find(&svc, "admin@example.com", &admin, &e), VO_OK, "%s", e.msg);
    c->org_id = svc.org.id;
    c->admin_id = admin.id;
    c->head_id = vo_test_company_user(&svc, "Ольга Руководитель", "head@example.com", "head");
    c->manager_id = vo_test_company_user(&svc, "Анна Менеджер", "anna@example.com", "manager");
    c->viewer_id = vo_test_company_user(&svc, "Виктор Наблюдатель", "viewer@example.com", "viewer");
    if (extra)
        extra(st, &svc);
    vo_svc_cleanup(&svc);
    vo_store_close(st);
    vo_arena_cleanup(&a);
    c->db_path = vo_test_db(c->dir, "test.db");
    struct vo_server_opts def = {.threads = 2};
    if (!o)
        o = &def;
    o->db_path = c->db_path;
    o->listen = "127.0.0.1:0";
    o->quiet = true;
    cr_assert_eq(vo_server_start(o, &c->srv, &c->port, &e), VO_OK, "%s", e.msg);
}

void vo_test_company_boris(struct vo_store *st, struct vo_svc *svc)
{
    (void)st;
    vo_test_company_user(svc, "Борис Менеджер", "boris@example.com", "manager");
}

void vo_test_company_stop(struct vo_test_company *c)
{
    if (c->srv)
        vo_server_stop(c->srv);
    if (c->dir)
        vo_test_rmtree(c->dir);
    g_free(c->dir);
    g_free(c->db_path);
    memset(c, 0, sizeof *c);
}
