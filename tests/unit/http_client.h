/*
 * http_client.h - the tests' HTTP client: one request per connection to a
 * server on 127.0.0.1, the response's status, body, session cookie and
 * parsed JSON; signing in; a request as a signed-in user; a served test
 * company.
 */
#ifndef VO_TEST_HTTP_CLIENT_H
#define VO_TEST_HTTP_CLIENT_H

#include <glib.h>
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct vo_test_resp {
    int status;
    char *body;         /* g_free; NUL-terminated, and may hold NULs */
    size_t body_len;    /* its bytes */
    char *cookie;       /* the vo_session value of Set-Cookie, g_free */
    char *content_type; /* the Content-Type header, g_free; NULL when none */
    char *etag;         /* the ETag header, g_free; NULL when none */
    char *disposition;  /* the Content-Disposition header, g_free; NULL when none */
    json_t *json;       /* parsed body or NULL */
    char *head;         /* the status line and headers, g_free */
};

struct vo_test_login {
    char *cookie, *csrf;
};

/* One request (Connection: close); cookie, csrf, bearer and body may be
 * NULL. The body is sent as application/json. */
struct vo_test_resp vo_test_http(int port, const char *method, const char *path, const char *cookie,
                                 const char *csrf, const char *bearer, const char *body);
/* The same with any content type and a body of len bytes (may hold NULs). */
struct vo_test_resp vo_test_http_raw(int port, const char *method, const char *path,
                                     const char *cookie, const char *csrf, const char *bearer,
                                     const char *content_type, const char *body, size_t len);
void vo_test_resp_free(struct vo_test_resp *r);
/* Everything fd sends until it closes (a response of Connection: close);
 * closes fd. */
GString *vo_test_read_all(int fd);
/* Signs in (asserting 200 and a cookie). */
struct vo_test_login vo_test_login_as(int port, const char *email, const char *password);
void vo_test_login_free(struct vo_test_login *l);
/* A request as l: the CSRF header on everything but GET. */
struct vo_test_resp vo_test_as(int port, const struct vo_test_login *l, const char *method,
                               const char *path, const char *body);

/* vo_test_as with one more header line (header: "Name: value", may be
 * NULL). */
struct vo_test_resp vo_test_as_header(int port, const struct vo_test_login *l, const char *method,
                                      const char *path, const char *header, const char *body);

/* A request with a bearer token (may be NULL) and one more header line
 * (header: "Name: value", may be NULL). */
struct vo_test_resp vo_test_bearer_header(int port, const char *method, const char *path,
                                          const char *bearer, const char *header, const char *body);
/* The value of the response header name in r (g_free); NULL when absent. */
char *vo_test_resp_header(const struct vo_test_resp *r, const char *name);

/* Asserts r's status and, when field is not NULL, that its error body
 * names that field; what says which request it was. */
void vo_test_expect(const struct vo_test_resp *r, int status, const char *field, const char *what);

/* ---- a served test company (the API suites' set-up) ---- */

struct vo_server;
struct vo_server_opts;
struct vo_store;
struct vo_svc;

/* Every user of a test company has this password. */
#define VO_TEST_PASSWORD "correct horse battery"

struct vo_test_company {
    char *dir, *db_path; /* g_free'd by vo_test_company_stop */
    struct vo_server *srv;
    int port;
    int64_t org_id, admin_id, head_id, manager_id, viewer_id;
};

/* A company in a new temporary directory, served on 127.0.0.1: the org of
 * vo_test_org with admin@example.com, head@example.com (head, "Ольга
 * Руководитель"), anna@example.com (manager, "Анна Менеджер") and
 * viewer@example.com (viewer, "Виктор Наблюдатель"), all with
 * VO_TEST_PASSWORD; then extra (may be NULL) adds what the suite needs;
 * then the server starts with o (its db_path, listen and quiet are filled
 * in; NULL = two threads and the defaults). */
void vo_test_company_start(struct vo_test_company *c, struct vo_server_opts *o,
                           void (*extra)(struct vo_store *st, struct vo_svc *svc));
/* Stops the server and removes the directory. */
void vo_test_company_stop(struct vo_test_company *c);
/* Adds a user with VO_TEST_PASSWORD to svc's org (an extra's helper); its id. */
int64_t vo_test_company_user(struct vo_svc *svc, const char *name, const char *email,
                             const char *role);
/* An extra: a second manager, boris@example.com ("Борис Менеджер"). */
void vo_test_company_boris(struct vo_store *st, struct vo_svc *svc);

#endif
