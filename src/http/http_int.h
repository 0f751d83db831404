/*
 * http_int.h - what the files of src/http/ share: the server's state, route
 * matching, dispatch and the live datasets. Only src/http/ includes it.
 */
#ifndef VO_HTTP_INT_H
#define VO_HTTP_INT_H

#include <glib.h>

#include "base/buf.h"
#include "http/http.h"

struct MHD_Daemon;

struct vo_server {
    struct vo_server_opts opts;
    struct MHD_Daemon *daemon;
    GAsyncQueue *pool; /* idle struct vo_store handles */
    unsigned pool_cap;
    gint active; /* requests in flight */
    struct vo_throttle *throttle;
    GMutex live_lock;
    GHashTable *live; /* org id -> struct live_org */
};

/* The route for method + path (param filled with the {…} segments), NULL
 * when none; *path_known (may be NULL) says whether the path exists with
 * another method. */
const struct vo_route *vo_route_match(enum vo_method m, const char *path, const char *param[4]);
bool vo_route_path_known(const char *path);
/* Authenticates, authorizes, parses and runs the handler; leaves the
 * response in r. */
void vo_dispatch(struct vo_server *s, struct vo_req *r, const struct vo_route *route,
                 const char *address);
/* Turns code (+ r->err) into the error response. */
void vo_req_error(struct vo_req *r, vo_err code);
/* A store handle from the pool (the caller puts it back through the
 * request's cleanup). */
struct vo_store *vo_server_store(struct vo_server *s, struct vo_error *e);

/* Serves a file of the web app for a GET outside /api/ (true when it
 * answered, with a file or a 404). */
bool vo_static_serve(struct vo_server *s, struct vo_req *r);
/* The Content-Security-Policy of every response. */
const char *vo_static_csp(void);

void vo_live_init(struct vo_server *s);
/* The service's change hook (ctx is the server): keeps the org's live
 * dataset in step with the committed write. */
void vo_live_on_change(void *ctx, int64_t org, const struct vo_change *c);
void vo_live_cleanup(struct vo_server *s);

/* The handlers' registry lives in routes.c; the session endpoints need the
 * server's throttle and cookie settings. */
#define VO_SESSION_COOKIE "vo_session"

#endif
