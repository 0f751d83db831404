/*
 * http.h - voronka's HTTP server: libmicrohttpd in epoll thread-pool mode,
 * one route table (routes.c), JSON in and out (jansson), sessions and API
 * tokens (service/auth.h), one table mapping vo_err to an HTTP status.
 *
 * A handler receives a struct vo_req whose arena dies with the request, an
 * authenticated actor (unless the route is public), a store handle for this
 * request only, and a service context for the actor's org. It sets a JSON
 * body (vo_req_json) or returns a vo_err with the detail in req->err.
 */
#ifndef VO_HTTP_HTTP_H
#define VO_HTTP_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "analytics/dataset.h"
#include "base/arena.h"
#include "base/err.h"
#include "service/auth.h"
#include "service/ratelimit.h"
#include "service/service.h"

struct vo_server;
struct vo_req_fields;

/* The reverse proxies whose X-Forwarded-For / X-Real-IP header names the
 * client (`voronka serve --trusted-proxy`; client_addr.c). n = 0: none, the
 * TCP peer is the client and those headers are ignored. */
#define VO_TRUSTED_PROXIES_MAX 16
struct vo_ip {
    int family;              /* AF_INET or AF_INET6 */
    unsigned char bytes[16]; /* 4 used for AF_INET */
};
struct vo_trusted_proxies {
    unsigned n;
    struct vo_ip ip[VO_TRUSTED_PROXIES_MAX];
};
/* Parses "ADDR[,ADDR...]" (IPv4 or IPv6 literals, at most 16) into *out;
 * VO_EUSAGE naming "trusted-proxy" for anything else. */
vo_err vo_trusted_proxies_parse(const char *list, struct vo_trusted_proxies *out,
                                struct vo_error *e);

struct vo_server_opts {
    const char *db_path;
    const char *listen;   /* "127.0.0.1:8080" */
    const char *web_root; /* directory of the web app, NULL = none */
    unsigned threads;     /* 0 = one per core */
    size_t body_limit;    /* default 10 MiB */
    size_t import_limit;  /* default 200 MiB */
    unsigned timeout_s;   /* connection idle timeout, default 30 */
    /* Slow clients (watch.c): the request head (line and headers) must be
     * complete within head_timeout_s (default 10) of the connection or of
     * its request line; a body must average min_body_rate bytes/s (default
     * 1024) after a grace of head_timeout_s. */
    unsigned head_timeout_s;
    size_t min_body_rate;
    int per_ip_limit;    /* connections per client address: 0 = 128, -1 = no limit */
    size_t body_memory;  /* request bodies held in memory at once, default 64 MiB */
    bool secure_cookies; /* add Secure to the session cookie */
    bool quiet;          /* no access log */
    unsigned remind_ms;  /* the reminder thread's period (remind.c), 0 = 30 s */
    /* the webhook delivery thread's period (hooks.c), 0 = 2 s, and the base
     * of its back-off in seconds, 0 = 30 (docs/webhooks.md) */
    unsigned webhook_ms;
    unsigned webhook_backoff_s;
    /* whose X-Forwarded-For / X-Real-IP names the client (--trusted-proxy) */
    struct vo_trusted_proxies trusted_proxies;
    /* Operations (docs/OPERATIONS.md): the bearer token that opens GET
     * /metrics to other machines (NULL: this machine only); load every
     * org's dataset at start (GET /ready waits for it); backups into
     * backup_dir (NULL: none) every backup_every_s seconds, keeping the
     * newest backup_keep (0: all); the access log as JSON lines. */
    const char *metrics_token;
    bool warm_up;
    const char *backup_dir;
    /* the datasets' snapshot files (service/dataset_snap.c): read at a
     * load when current, written after a load from the store; NULL: none */
    const char *snapshot_dir;
    int64_t backup_every_s;
    int backup_keep;
    bool log_json;
    /* The plain-text log's events in Russian (voronka serve: the CLI's
     * language); the JSON log's msg stays English, a key for machines. */
    bool log_russian;
    /* The rate limit per API token and per signed-in user (ratelimit.h;
     * docs/api-session.md, "Rate limits"): rate_limit requests a minute, 0
     * = none (voronka serve's default is 600), in bursts of rate_burst (0
     * = 100). */
    unsigned rate_limit, rate_burst;
};

enum vo_method { VO_GET = 1, VO_POST = 2, VO_PUT = 4, VO_PATCH = 8, VO_DELETE = 16 };
/* A method's name on the wire ("PATCH") and as the OpenAPI document's key
 * ("patch"); one table (server.c) with vo_http_method. */
const char *vo_http_method_name(enum vo_method m);
const char *vo_http_method_key(enum vo_method m);

/* Role masks a route may require. */
#define VO_R_ADMIN    (1u << VO_ROLE_ADMIN)
#define VO_R_HEAD     (1u << VO_ROLE_HEAD)
#define VO_R_MANAGER  (1u << VO_ROLE_MANAGER)
#define VO_R_VIEWER   (1u << VO_ROLE_VIEWER)
#define VO_R_PUBLIC   0u /* no authentication */
#define VO_R_ANY      (VO_R_ADMIN | VO_R_HEAD | VO_R_MANAGER | VO_R_VIEWER)
#define VO_R_SALES    (VO_R_ADMIN | VO_R_HEAD | VO_R_MANAGER) /* work with deals */
#define VO_R_LEAD     (VO_R_ADMIN | VO_R_HEAD)                /* run the department */
#define VO_R_READ_ALL (VO_R_ADMIN | VO_R_HEAD | VO_R_VIEWER)

struct vo_req {
    struct vo_server *srv;
    enum vo_method method;
    const char *path;
    const char *param[4]; /* {…} segments of the route, in order */
    json_t *body;         /* the parsed JSON body, NULL when none */
    const char *raw;      /* the raw body, "" when none: NUL-terminated, except for a
                             route with its own body limit (files), whose body is a
                             read-only mapping of the temporary file it was written to */
    size_t raw_len;
    const char *content_type;
    const char *address; /* the client's IP address */
    struct vo_arena arena;
    struct vo_store *st;
    struct vo_actor actor; /* valid when authed */
    bool authed;
    struct vo_svc svc; /* the actor's org and role, when authed */
    struct vo_error err;
    /* response */
    unsigned status;
    json_t *out;          /* JSON response (owned; decref'd after sending) */
    const char *out_text; /* or a text/bytes body (arena) */
    GBytes *out_bytes;    /* or a shared body (a reference, sent without a copy) */
    size_t out_len;
    const char *out_type;
    const char *set_cookie;    /* a Set-Cookie value */
    int64_t retry_after;       /* seconds, for 429 */
    const char *etag;          /* an ETag value, quoted (arena); NULL = none */
    const char *cache_control; /* NULL: no-store (every answer of the API) */
    const char *disposition;   /* a Content-Disposition value (arena); NULL = none */
    /* The rate limit's verdict on this request, sent as the RateLimit-*
     * headers when rate_on (an authenticated request on a limited server). */
    struct vo_rate_verdict rate;
    bool rate_on;
    bool replayed; /* an Idempotency-Key's stored response (Idempotent-Replayed) */
    /* While an export reads a list page after page (export.c): the limit
     * and the cursor vo_req_query answers instead of the request's own;
     * NULL otherwise (page_cursor NULL: the first page). */
    const char *page_limit, *page_cursor;
    void *conn;            /* the MHD connection (http/ only) */
    struct stream *stream; /* a live event stream the handler opened (events.c) */
    /* Or, for a request made without a connection (vo_req_run; http/ only),
     * its headers, cookies and query arguments. */
    const struct vo_req_fields *fields;
};

typedef vo_err (*vo_handler)(struct vo_req *r);

struct vo_route {
    enum vo_method method;
    const char *path; /* "/api/v1/deals/{id}/move" */
    unsigned roles;   /* VO_R_* mask; VO_R_PUBLIC = anyone */
    vo_handler handler;
    const char *summary; /* for the OpenAPI document */
    size_t body_limit;   /* 0 = the server's default */
};

extern const struct vo_route vo_routes[];
extern const size_t vo_route_count;
/* The VO_SCOPE_* bit an API token needs for a route (0 for a public one);
 * one rule over the table (routes.c). */
unsigned vo_route_scope(const struct vo_route *rt);

/* Starts the server (returns once listening); *port_out gets the bound port
 * (useful with port 0). VO_EIO when the address cannot be bound. */
vo_err vo_server_start(const struct vo_server_opts *o, struct vo_server **out, int *port_out,
                       struct vo_error *e);
/* Stops accepting, lets in-flight requests finish (up to 10 s), closes
 * every connection and the database handles, frees the server. */
void vo_server_stop(struct vo_server *s);

/* ---- helpers for handlers (request.c) ---- */

/* Sets a JSON response (takes the reference). */
void vo_req_json(struct vo_req *r, unsigned status, json_t *body);
/* The path parameter i as a positive id; VO_ENOTFOUND (404) otherwise. */
vo_err vo_req_id(struct vo_req *r, int i, int64_t *id);
/* A query-string argument, NULL when absent. */
const char *vo_req_query(struct vo_req *r, const char *name);
/* The query-string arguments whose name starts with prefix: how many, and
 * the first one's name and value (NULL when none). */
size_t vo_req_query_prefixed(struct vo_req *r, const char *prefix, const char **name,
                             const char **value);
/* Checks that the body is a JSON object whose keys are all in `allowed`
 * (NULL-terminated): unknown fields are refused naming the field (no mass
 * assignment). */
vo_err vo_req_body_fields(struct vo_req *r, const char *const *allowed);
/* What a body field held: no key, null, or a value. No value stands for
 * "none" (model.h's VO_NULL is never read from a request). */
enum vo_req_has { VO_REQ_ABSENT, VO_REQ_NULL, VO_REQ_VALUE };
/* Typed getters on the body: VO_EINVAL naming the field when of the wrong
 * type, and for a required field when absent, null or (a string) empty.
 * vo_req_str: *out is NULL when absent or null. vo_req_int: *out is set
 * only for a value; *has (may be NULL) says which. vo_req_bool: *present
 * (may be NULL) says whether the key was there. */
vo_err vo_req_str(struct vo_req *r, const char *field, bool required, const char **out);
vo_err vo_req_int(struct vo_req *r, const char *field, bool required, int64_t *out,
                  enum vo_req_has *has);
vo_err vo_req_bool(struct vo_req *r, const char *field, bool *out, bool *present);
/* An optional text member of a body: its key, the bit it sets in an
 * input's set and where the input holds it (a const char *, offsetof). */
struct vo_req_text {
    const char *name;
    unsigned bit;
    size_t off;
};
/* Reads the text members t[0..n) into the input at in, in order, with
 * vo_req_str (NULL when absent or null; VO_EINVAL naming the first one
 * that is not a string); each one present, even null, sets its bit in
 * *set. */
vo_err vo_req_texts(struct vo_req *r, const struct vo_req_text *t, size_t n, void *in,
                    unsigned *set);

/* The org's dataset for reports, loaded on first use and kept (live.c).
 * Read-locked until vo_live_release. */
vo_err vo_live_acquire(struct vo_server *s, struct vo_store *st, int64_t org,
                       const struct vo_dataset **ds, struct vo_error *e);
void vo_live_release(struct vo_server *s, int64_t org);
/* Tells the live cache that a write for org committed. */
void vo_live_changed(struct vo_server *s, int64_t org);
/* Counters of all servers of the process since it started: datasets
 * loaded from the store, changes applied in place, changes that made a
 * dataset stale (reloaded by the next report), changes queued because
 * reports were in flight (applied by the next one). For tests and
 * measuring. */
struct vo_live_stats {
    unsigned loads, applied, stale, queued;
};
void vo_live_stats(struct vo_live_stats *out);

/* A line of the server's log on stderr (log.c): level "info" or "error",
 * msg, and one more field key = value (both NULL: none); plain text (msg
 * in the catalogue's Russian under opts.log_russian: mark it VO_MSG), or a
 * JSON object with ts, level, msg under opts.log_json. Only errors under
 * opts.quiet. */
void vo_log_event(struct vo_server *s, const char *level, const char *msg, const char *key,
                  const char *value);
/* e's message in the log's language (its Russian text under
 * opts.log_russian and plain text, when the catalogue has one): the value
 * of a vo_log_event line that reports an error. */
const char *vo_log_error_text(const struct vo_server *s, const struct vo_error *e);

/* Maps a result code to an HTTP status (one table, request.c). */
unsigned vo_http_status(vo_err code);

#endif
