/*
 * http_int.h - what the files of src/http/ share: the server's state, route
 * matching, dispatch and the live datasets. Only src/http/ includes it.
 */
#ifndef VO_HTTP_INT_H
#define VO_HTTP_INT_H

#include <glib.h>
#include <stdatomic.h>

#include "base/buf.h"
#include "base/sync.h"
#include "http/http.h"

struct MHD_Daemon;

struct vo_server {
    struct vo_server_opts opts;
    struct MHD_Daemon *daemon;
    vo_mutex pool_lock; /* guards pool (a GAsyncQueue's GMutex is invisible to TSan) */
    GQueue pool;        /* idle struct vo_store handles, oldest first */
    unsigned pool_cap;
    gint active; /* requests in flight */
    struct vo_throttle *throttle;
    struct vo_ratelimit *ratelimit; /* NULL: no rate limit (opts.rate_limit 0) */
    vo_mutex live_lock;
    GHashTable *live;           /* org id -> struct live_org */
    struct vo_cache *cache;     /* cache.c */
    gint meta_gen;              /* users, tokens, sessions, orgs changed (cache.c) */
    gint live_gen;              /* a change told to the live datasets (cache.c) */
    struct vo_watch *watch;     /* slow-client deadlines (watch.c) */
    _Atomic size_t body_bytes;  /* request bodies held in memory (server.c) */
    struct vo_remind *remind;   /* the reminder thread (remind.c), NULL when none */
    struct vo_hooks *hooks;     /* the webhook delivery thread (hooks.c), NULL when none */
    struct vo_events *events;   /* the live event streams (events.c), NULL when none */
    struct vo_metrics *metrics; /* GET /metrics's counters (metrics.c) */
    struct vo_ops *ops;         /* warm-up and scheduled backups (ops.c), NULL when none */
    struct vo_cluster *cluster; /* the other servers' writes (cluster.c), NULL on SQLite */
    vo_mutex static_lock;       /* guards static_files */
    GHashTable *static_files;   /* the web app's files read (static.c) */
};

/* cluster.c: several servers on one PostgreSQL database. Start listens
 * (nothing on SQLite); own registers (open) or forgets a store handle of
 * the server, whose writes the listener skips; notes counts the other
 * servers' writes heard. */
void vo_cluster_start(struct vo_server *s);
void vo_cluster_stop(struct vo_server *s);
void vo_cluster_own(struct vo_server *s, struct vo_store *st, bool open);
unsigned vo_cluster_notes(struct vo_server *s);

/* The route for method + path (param filled with the {…} segments), NULL
 * when none; *path_known (may be NULL) says whether the path exists with
 * another method. */
const struct vo_route *vo_route_match(enum vo_method m, const char *path, const char *param[4]);
bool vo_route_path_known(const char *path);
/* The route of m and path, or NULL; unlike vo_route_match, it leaves the
 * matched parameters alone. */
const struct vo_route *vo_route_find(enum vo_method m, const char *path);

/* api_query.c: the query parameters of each route. */
struct vo_query_param {
    const char *name;
    const char *type;   /* the OpenAPI type: string, integer, number, boolean */
    const char *format; /* the OpenAPI format, or NULL */
    const char *desc;
};
const struct vo_query_param *vo_query_param_of(const char *name);
/* The names rt reads, space-separated, NULL for none (format and lang of
 * the exported routes aside). */
const char *vo_route_query_names(const struct vo_route *rt);
/* The parameters rt reads, their dictionary entries into out (a name
 * without one is left out: test_http.c checks there is none); their count. */
#define VO_QUERY_MAX 32
size_t vo_route_query_params(const struct vo_route *rt, const struct vo_query_param **out);
bool vo_route_query_declared(const struct vo_route *rt, const char *name);
/* Aborts, naming the route, when VO_STRICT_QUERY=1 and r's route does not
 * declare name (vo_req_query calls it). */
void vo_query_check(const struct vo_req *r, const char *name);
/* A request in two steps, so that nothing of a body is read for a request
 * that is refused anyway. vo_dispatch_head, as soon as the headers are in:
 * no route (a file of the web app, 404, 405), authentication (once per
 * request: 401), the route's roles and the CSRF check (403); false when r
 * holds the answer. vo_dispatch_body, once the body is in (r->raw): the
 * service context, the JSON body, the handler; leaves the response in r. */
bool vo_dispatch_head(struct vo_server *s, struct vo_req *r, const struct vo_route *route);
void vo_dispatch_body(struct vo_server *s, struct vo_req *r, const struct vo_route *route,
                      const char *address);
/* The request method by name (HEAD is GET); 0 for any other. */
enum vo_method vo_http_method(const char *name);
/* The limits of a request target (path and query as sent): at most
 * VO_MAX_URL bytes and VO_MAX_QUERY_PARAMS query parameters. false, with
 * the reason in msg, when over them (414 uri_too_long). */
#define VO_MAX_URL          8192
#define VO_MAX_QUERY_PARAMS 100
bool vo_url_check(const char *target, char *msg, size_t n);
/* The cap of a request's arena. */
#define VO_REQUEST_ARENA_CAP ((size_t)256 * 1024 * 1024)

/* A request without a connection (run.c): what a client sent, decided and
 * answered through the server's own steps (vo_url_check, vo_route_match,
 * vo_dispatch_head, the route's body limit, vo_dispatch_body) against a
 * server made by vo_server_open (or a listening one). For the HTTP fuzz
 * targets (fuzz/, docs/internals/fuzz.md) and tests: no socket, no
 * thread. The query arguments and cookies are split as libmicrohttpd
 * splits them ("+" and %XX unescaped; "name=value; name2=\"value\""); a
 * multipart body is refused (libmicrohttpd reads it on the connection). */
struct vo_req_head {
    const char *method;         /* "GET", "POST", ... */
    const char *target;         /* "/api/v1/deals?limit=5", as sent */
    const char *const *headers; /* name, value, name, value, ..., NULL (may be NULL) */
    const char *body;           /* may hold NULs; NULL: none */
    size_t body_len;
    const char *address; /* the client's address as vo_client_address gives it */
};
struct vo_req_kv {
    const char *name, *value;
};
struct vo_req_fields {
    const struct vo_req_kv *headers, *cookies, *query;
    size_t n_headers, n_cookies, n_query;
};
/* Runs h: the response is in r (status, out / out_text / out_bytes,
 * set_cookie) until vo_req_finish, which frees what r holds. */
void vo_req_run(struct vo_server *s, const struct vo_req_head *h, struct vo_req *r);
void vo_req_finish(struct vo_server *s, struct vo_req *r);
/* A server's state without libmicrohttpd (no socket, no thread): the
 * store pool on o->db_path, the throttle, the live datasets and caches,
 * for vo_req_run; vo_server_stop frees it. */
vo_err vo_server_open(const struct vo_server_opts *o, struct vo_server **out, struct vo_error *e);

/* A request header by name (any case), NULL when absent. */
const char *vo_req_header(struct vo_req *r, const char *name);
/* Turns code (+ r->err) into the error response. */
void vo_req_error(struct vo_req *r, vo_err code);
/* The error response status + {"error":{"code","message","field",
 * "message_id","message_ru"}} for code, message and field (NULL: null) and
 * the catalogue's id and Russian text of the message (NULL or "": null),
 * without a vo_req; never NULL but when out of memory. */
json_t *vo_error_json(const char *code, const char *message, const char *field,
                      const char *message_id, const char *message_ru);
/* The one error body sent when no other can be made (always valid JSON). */
#define VO_ERROR_FALLBACK                                                                          \
    "{\"error\":{\"code\":\"internal\",\"message\":\"the error could not be encoded\","            \
    "\"field\":null,\"message_id\":null,\"message_ru\":null}}"

/* A request body, or the files unpacked from one, in an unlinked
 * temporary file (spool.c); read back through a read-only mapping. */
struct vo_spool {
    int fd; /* -1 when closed */
    size_t len;
    GMappedFile *map;
};
void vo_spool_init(struct vo_spool *sp);
vo_err vo_spool_open(struct vo_spool *sp, struct vo_error *e);
/* Appends n bytes: VO_ESTORE when the disk is full, VO_EIO otherwise. */
vo_err vo_spool_write(struct vo_spool *sp, const void *data, size_t n, struct vo_error *e);
/* The contents (sp->len bytes, not NUL-terminated; "" when empty), valid
 * until vo_spool_close; write nothing more after it. */
vo_err vo_spool_map(struct vo_spool *sp, const char **data, struct vo_error *e);
void vo_spool_close(struct vo_spool *sp);
/* A store handle from the pool (the caller puts it back through the
 * request's cleanup). */
struct vo_store *vo_server_store(struct vo_server *s, struct vo_error *e);
/* Gives a handle of vo_server_store back to the pool (rolled back). */
void vo_server_store_put(struct vo_server *s, struct vo_store *st);

/* format=csv|xlsx (export.c, docs/export.md): whether a GET asks for an
 * export (any format but json), and the export: the handler called for
 * each page of a list (or once for a report), its JSON rows turned into a
 * sheet, answered as an attachment, or an error naming "format". */
bool vo_export_wanted(struct vo_req *r);
/* Whether the GET route of path exports to CSV and XLSX (?format=). */
bool vo_export_route(const char *path);
void vo_export_run(struct vo_req *r, vo_handler handler);

/* Serves a file of the web app for a GET outside /api/ (true when it
 * answered, with a file or a 404). */
bool vo_static_serve(struct vo_server *s, struct vo_req *r);
/* Whether rel (a path relative to the web root) is one of the app's
 * files: index.html, app/..., the library modules it imports. */
bool vo_static_app_file(const char *rel);
/* The Content-Security-Policy of every response. */
const char *vo_static_csp(void);
/* The server's cache of the app's files (static.c). */
void vo_static_init(struct vo_server *s);
void vo_static_cleanup(struct vo_server *s);

void vo_live_init(struct vo_server *s);
/* The service's change hook (ctx is the server): keeps the org's live
 * dataset in step with the committed write. */
void vo_live_on_change(void *ctx, int64_t org, const struct vo_change *c);
void vo_live_cleanup(struct vo_server *s);
/* Whether org's dataset has been loaded once (GET /ready). */
bool vo_live_loaded(struct vo_server *s, int64_t org);

/* The server's caches (cache.c; see there for the invalidation rules).
 * vo_cache_bump_meta: after a committed change to users, tokens, sessions
 * or an org; vo_cache_bump_live: after a change told to (or a reload of) a
 * live dataset. */
void vo_cache_init(struct vo_server *s);
void vo_cache_cleanup(struct vo_server *s);
void vo_cache_bump_meta(struct vo_server *s);
void vo_cache_bump_live(struct vo_server *s);
/* Verified credentials by kind ('s' session, 'b' bearer) and secret hash:
 * get copies the actor's strings into a (false on a miss, a stale
 * generation or an expired TTL); put records gen, meta_gen read before the
 * store was asked; clock raises the cached last touch; drop forgets. */
bool vo_cache_auth_get(struct vo_server *s, char kind, const char *hash, struct vo_arena *a,
                       struct vo_actor *out, struct vo_auth_clock *clock);
void vo_cache_auth_put(struct vo_server *s, char kind, const char *hash, gint gen,
                       const struct vo_actor *actor, const struct vo_auth_clock *clock);
void vo_cache_auth_clock(struct vo_server *s, char kind, const char *hash,
                         const struct vo_auth_clock *clock);
void vo_cache_auth_drop(struct vo_server *s, char kind, const char *hash);
/* vo_svc_init with the org row cached per org id. */
vo_err vo_cache_svc_init(struct vo_server *s, struct vo_svc *svc, struct vo_store *st,
                         int64_t org_id, struct vo_arena *a, struct vo_error *e);
/* What a cached report was computed from: the server's counters and
 * live.c's (vo_cache_gen_now), read before the dataset. */
struct vo_cache_gen {
    gint live, meta;
    unsigned fp;
};
void vo_cache_gen_now(struct vo_server *s, struct vo_cache_gen *g);
/* A finished report body by key (a new reference; NULL on a miss or when
 * anything changed since it was computed), and storing one computed at gen
 * (bounded to 64 MiB, least recently used first out). */
GBytes *vo_cache_report_get(struct vo_server *s, const char *key);
void vo_cache_report_put(struct vo_server *s, const char *key, const struct vo_cache_gen *gen,
                         GBytes *body);
void vo_cache_report_stats(struct vo_server *s, unsigned *hits, unsigned *misses, size_t *bytes);

/* The operations thread (ops.c): the warm-up of every org's dataset and
 * the scheduled backups; nothing is started when neither is asked for.
 * vo_ops_warmed: the warm-up ended (true when none was asked for). */
void vo_ops_start(struct vo_server *s);
bool vo_ops_warmed(struct vo_server *s);
void vo_ops_stop(struct vo_server *s);

/* The server's log on stderr (log.c): one line per answered request, and
 * the events of its background threads; plain text, or one JSON object a
 * line with opts.log_json. Nothing with opts.quiet but errors. */
void vo_log_access(struct vo_server *s, const char *method, const char *path,
                   const struct vo_route *route, unsigned status, size_t bytes, double ms);

/* The handlers' registry lives in routes.c; the session endpoints need the
 * server's throttle and cookie settings. */
#define VO_SESSION_COOKIE "vo_session"

#endif
