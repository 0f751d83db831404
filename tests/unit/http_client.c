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
#include "testutil.h"

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <glib.h>
#include <netinet/in.h>
#include <stdio.h>
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

/* ---- every response checked against the server's OpenAPI document ----
 *
 * A JSON response whose route and status the document gives a schema
 * (GET /api/v1/openapi.json of the same server, read once per port) is
 * validated against it, so every API test checks the document too: a
 * member the handler answers that the schema types otherwise, or a
 * required one it leaves out, fails the test that received it. The
 * schema keywords the document uses: $ref, type, nullable, enum,
 * required, properties, additionalProperties false, items, oneOf. */

static int doc_port;
static json_t *doc;

/* Whether v holds against schema; the first mismatch into err, at where. */
static bool valid(json_t *schema, const json_t *v, const char *where, GString *err)
{
    const char *ref = json_string_value(json_object_get(schema, "$ref"));
    if (ref) {
        const char *name = strrchr(ref, '/');
        schema = json_object_get(json_object_get(json_object_get(doc, "components"), "schemas"),
                                 name ? name + 1 : ref);
        if (!schema) {
            g_string_printf(err, "%s: no schema %s", where, ref);
            return false;
        }
    }
    if (json_is_null(v)) {
        if (json_is_true(json_object_get(schema, "nullable")) || !json_object_get(schema, "type"))
            return true;
        g_string_printf(err, "%s is null, not nullable", where);
        return false;
    }
    json_t *one = json_object_get(schema, "oneOf");
    if (one) {
        size_t i, n = 0;
        json_t *alt;
        json_array_foreach(one, i, alt)
        {
            GString *e = g_string_new(NULL);
            n += valid(alt, v, where, e);
            g_string_free(e, TRUE);
        }
        if (n != 1)
            g_string_printf(err, "%s matches %zu of oneOf's schemas", where, n);
        return n == 1;
    }
    const char *type = json_string_value(json_object_get(schema, "type"));
    bool ok = !type || (strcmp(type, "object") == 0 && json_is_object(v)) ||
              (strcmp(type, "array") == 0 && json_is_array(v)) ||
              (strcmp(type, "integer") == 0 && json_is_integer(v)) ||
              (strcmp(type, "number") == 0 && json_is_number(v)) ||
              (strcmp(type, "string") == 0 && json_is_string(v)) ||
              (strcmp(type, "boolean") == 0 && json_is_boolean(v));
    if (!ok) {
        g_string_printf(err, "%s is not of type %s", where, type);
        return false;
    }
    json_t *en = json_object_get(schema, "enum");
    if (en) {
        size_t i;
        json_t *e;
        bool in = false;
        json_array_foreach(en, i, e) in |= json_equal(e, v);
        if (!in) {
            g_string_printf(err, "%s is none of the enum's values", where);
            return false;
        }
    }
    if (json_is_object(v)) {
        size_t i;
        json_t *req;
        json_array_foreach(json_object_get(schema, "required"), i, req)
        {
            if (!json_object_get(v, json_string_value(req))) {
                g_string_printf(err, "%s has no %s", where, json_string_value(req));
                return false;
            }
        }
        json_t *props = json_object_get(schema, "properties");
        const char *k;
        json_t *m;
        json_object_foreach((json_t *)v, k, m)
        {
            json_t *ps = json_object_get(props, k);
            char *at = g_strdup_printf("%s.%s", where, k);
            bool good = ps ? valid(ps, m, at, err)
                           : !json_is_false(json_object_get(schema, "additionalProperties"));
            if (!ps && !good)
                g_string_printf(err, "%s is not in the schema", at);
            g_free(at);
            if (!good)
                return false;
        }
    }
    if (json_is_array(v)) {
        json_t *items = json_object_get(schema, "items");
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e)
        {
            char *at = g_strdup_printf("%s[%zu]", where, i);
            bool good = !items || valid(items, e, at, err);
            g_free(at);
            if (!good)
                return false;
        }
    }
    return true;
}

static void check_response(int port, const char *method, const char *path,
                           const struct vo_test_resp *r)
{
    if (!r->json || strncmp(path, "/api/v1/openapi.json", 20) == 0)
        return;
    if (doc_port != port) {
        json_decref(doc);
        doc = NULL;
        doc_port = port;
        struct vo_test_resp d =
            exchange(port, vo_test_request_text("GET", "/api/v1/openapi.json", NULL, NULL, NULL,
                                                NULL, NULL, 0));
        doc = d.status == 200 ? json_incref(d.json) : NULL;
        vo_test_resp_free(&d);
    }
    char *bare = g_strndup(path, strcspn(path, "?"));
    const struct vo_route *rt = vo_route_find(vo_http_method(method), bare);
    g_free(bare);
    if (!doc || !rt)
        return;
    char code[8];
    snprintf(code, sizeof code, "%d", r->status);
    json_t *schema = json_object_get(
        json_object_get(
            json_object_get(
                json_object_get(
                    json_object_get(
                        json_object_get(json_object_get(json_object_get(doc, "paths"), rt->path),
                                        vo_http_method_key(rt->method)),
                        "responses"),
                    code),
                "content"),
            "application/json"),
        "schema");
    if (!schema)
        return;
    GString *err = g_string_new(NULL);
    bool ok = valid(schema, r->json, "body", err);
    cr_assert(ok, "%s %s answered %d against the OpenAPI document: %s", method, path, r->status,
              err->str);
    g_string_free(err, TRUE);
}

struct vo_test_resp vo_test_http_raw(int port, const char *method, const char *path,
                                     const char *cookie, const char *csrf, const char *bearer,
                                     const char *content_type, const char *body, size_t len)
{
    struct vo_test_resp r = exchange(
        port, vo_test_request_text(method, path, cookie, csrf, bearer, content_type, body, len));
    check_response(port, method, path, &r);
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
    check_response(port, method, path, &r);
    return r;
}

struct vo_test_resp vo_test_bearer_header(int port, const char *method, const char *path,
                                          const char *bearer, const char *header, const char *body)
{
    GString *req = vo_test_request_text(method, path, NULL, NULL, bearer, "application/json", body,
                                        body ? strlen(body) : 0);
    add_header(req, header);
    return exchange(port, req);
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
    c->db_path = g_build_filename(c->dir, "test.db", NULL);
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
