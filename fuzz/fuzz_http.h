/*
 * fuzz_http.h - the company the HTTP fuzz targets (fuzz_http_*.c,
 * fuzz_api.c) send their requests to, and the checks every response of
 * theirs must pass (docs/internals/fuzz.md).
 *
 * Made once per process (fuzz_http_init): a temporary directory with a
 * SQLite database holding one org ("Fuzz", Europe/Moscow, RUB), an admin,
 * a head of sales, a manager and a viewer (each with a session cookie,
 * its CSRF token and an API token), and a few objects of every kind made
 * through the API itself (a team, a product, a client, a deal, an
 * activity, a task, a payment, a holiday, a plan), optionally a web root
 * with the app's files. The database is then kept as it is; fuzz_http_reset
 * puts it back, with a new server state (caches, throttle, live datasets),
 * so that every input starts from the same company.
 *
 * Requests run through vo_req_run (src/http/run.c): the server's own steps
 * without a socket.
 */
#ifndef VO_FUZZ_HTTP_H
#define VO_FUZZ_HTTP_H

#include "http/http_int.h"

#include "fuzz_common.h"

enum { FUZZ_ROLES = 4 }; /* VO_ROLE_ADMIN, HEAD, MANAGER, VIEWER */

struct fuzz_cred {
    int64_t user_id;
    char *cookie; /* "vo_session=SECRET" */
    char *secret; /* the session secret */
    char *csrf;   /* its CSRF token */
    char *bearer; /* "Bearer TOKEN" */
};

struct fuzz_http {
    struct vo_server *srv;
    char *dir, *db, *web_root;
    GBytes *pristine; /* the database file as made */
    struct fuzz_cred role[FUZZ_ROLES];
};
extern struct fuzz_http fuzz_http;

/* Makes the company (aborts on any failure: the harness is broken);
 * with_web, also a web root with index.html, app/main.js and a file the
 * app does not load (package.json), for the static files. */
void fuzz_http_init(bool with_web);

/* What each HTTP target defines (as fuzz_http_target): whether its company
 * has the web root, and what else it sets up once (may be NULL). The
 * harness's LLVMFuzzerInitialize (fuzz_http.c) makes the company with it. */
struct fuzz_http_target {
    bool with_web;
    void (*init)(void);
};
extern const struct fuzz_http_target fuzz_http_target;
/* Puts the database back as made and starts a new server state. */
void fuzz_http_reset(void);
/* Runs one request (the response stays in r until vo_req_finish). */
void fuzz_http_run(const struct vo_req_head *h, struct vo_req *r);
/* The checks of every response: a status of 100..499 (no 5xx: this store
 * does not fail, so a 5xx is a bug), a body that would be sent as made
 * (server.c's send_req: a JSON body that encodes, else a text body; never
 * the fixed fallback error), and for every status >= 400 the error shape
 * {"error":{"code":"...","message":"...","field":"..." or null,
 * "message_id", "message_ru": a string or null}} with a non-empty code and
 * message and no other key (the one exception, as
 * documented: an import with problems is 422 with its report, whose
 * "problems" is not empty and "committed" false). Aborts naming what,
 * the status and the body otherwise. With FUZZ_HTTP_VERBOSE set in the
 * environment, prints every response (to replay an input). */
void fuzz_http_check(const struct vo_req *r, const char *what);
/* The response's JSON error code, NULL for none. */
const char *fuzz_http_error_code(const struct vo_req *r);
/* Whether the response is the router's refusal of the role (403
 * "forbidden" with the router's message; a handler's 403 has the same
 * code and its own message). */
bool fuzz_http_role_refused(const struct vo_req *r);

#endif
