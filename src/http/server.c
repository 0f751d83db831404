/*
 * server.c - libmicrohttpd in epoll thread-pool mode: the connection
 * lifecycle, the per-request arena and store handle, dispatch through the
 * route table, the response, the access log, and a graceful stop.
 *
 * A request is decided on its head before any of its body is read: the
 * request line is checked against the URL limits (on_request_line), then,
 * on the first call of the access handler (the headers are in), the route,
 * authentication, the roles, the CSRF token, the body's declared length
 * against the route's limit and the server's budget of body memory are
 * checked (vo_dispatch_head, admit_body); a refusal is answered at once
 * and libmicrohttpd never reads the body. Only then is the body collected:
 * in memory for a JSON route (counted against opts.body_memory for all
 * requests together), into an unlinked temporary file for a route that
 * takes files (spool.c). The slow-client deadlines are watch.c's.
 *
 * Store handles: SQLite connections are not shared between threads, so the
 * server keeps a pool (one per worker thread and two spare); a request
 * borrows one while it is decided and while it runs, not while its body
 * arrives. The handles' write transactions all run on one shared writer
 * connection, one at a time (store.h: the handles share their writes).
 */
#include "http/client_addr.h"
#include "http/http.h"
#include "http/http_int.h"
#include "http/events.h"
#include "http/metrics.h"
#include "http/hooks.h"
#include "http/remind.h"
#include "http/watch.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define DEFAULT_BODY_LIMIT   ((size_t)10 * 1024 * 1024)
#define DEFAULT_IMPORT_LIMIT ((size_t)200 * 1024 * 1024)
#define DEFAULT_BODY_MEMORY  ((size_t)64 * 1024 * 1024)
#define DEFAULT_PER_IP_LIMIT 128u
#define DEFAULT_HEAD_TIMEOUT 10u
#define DEFAULT_MIN_RATE     ((size_t)1024)
/* The request target's limits (VO_MAX_URL, VO_MAX_QUERY_PARAMS in
 * http_int.h) are sized with the connection memory (CONN_MEMORY): MHD
 * keeps every query parameter as a 48-byte record in that memory, and when
 * they do not fit it (0.9.75) leaves the connection hanging until the
 * timeout. Within these limits a request line takes at most 8 KiB + 100 *
 * 48 B of the 32 KiB, the rest is for the headers. */
/* MHD's memory per connection (headers in, headers out). MHD clears it for
 * every request: 64 KiB cost a 64 KiB memset each (bench/http.sh). A
 * request head that does not fit gets MHD's own 431 (or 414), at once. */
#define CONN_MEMORY ((size_t)32 * 1024)

/* The state of one request, from its request line (on_request_line) to
 * the end of its response (completed). */
struct conn_state {
    struct vo_req r;
    const struct vo_route *route;
    char *path;     /* the path of the request line as sent, without the query */
    bool head_done; /* the access handler has seen the headers */
    bool decided;   /* r holds the answer, made on the head (no body follows) */
    bool answered;  /* the response is queued and r cleaned up */
    bool to_file;   /* the body goes to file (a route taking files) */
    bool too_big;   /* the body went over the route's limit (the rest is dropped) */
    bool failed;    /* writing the body failed (r->err says why) */
    size_t limit;   /* the route's body limit */
    GByteArray *body;
    struct vo_spool file;
    size_t reserved; /* bytes of the server's body memory held */
    double started;
};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static struct vo_store *pool_get(struct vo_server *s, struct vo_error *e)
{
    vo_mutex_lock(&s->pool_lock);
    struct vo_store *st = g_queue_pop_head(&s->pool);
    vo_mutex_unlock(&s->pool_lock);
    if (st)
        return st;
    if (vo_store_open(s->opts.db_path, 0, &st, e))
        return NULL;
    vo_store_share_writes(st, true);
    vo_cluster_own(s, st, true);
    return st;
}

/* Puts a store handle back into the pool (rolled back first). */
static void pool_put(struct vo_server *s, struct vo_store *st)
{
    if (!st)
        return;
    vo_store_rollback(st); /* a handler that failed mid-way leaves nothing open */
    vo_mutex_lock(&s->pool_lock);
    bool kept = s->pool.length < s->pool_cap;
    if (kept)
        g_queue_push_tail(&s->pool, st);
    vo_mutex_unlock(&s->pool_lock);
    if (!kept) {
        vo_cluster_own(s, st, false);
        vo_store_close(st);
    }
}

/* The methods of the route table, by name: upper case on the wire, lower
 * case as the OpenAPI document's keys. */
static const struct {
    const char *name, *key;
    enum vo_method m;
} methods[] = {{"GET", "get", VO_GET},
               {"POST", "post", VO_POST},
               {"PUT", "put", VO_PUT},
               {"PATCH", "patch", VO_PATCH},
               {"DELETE", "delete", VO_DELETE}};

enum vo_method vo_http_method(const char *m)
{
    if (strcmp(m, "HEAD") == 0) /* answered as GET, without the body */
        return VO_GET;
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
        if (strcmp(m, methods[i].name) == 0)
            return methods[i].m;
    return 0;
}

const char *vo_http_method_name(enum vo_method m)
{
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
        if (methods[i].m == m)
            return methods[i].name;
    return "GET";
}

const char *vo_http_method_key(enum vo_method m)
{
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
        if (methods[i].m == m)
            return methods[i].key;
    return "get";
}

/* The headers of every response (value NULL: the web app's CSP). */
static const struct {
    const char *name, *value;
} common_headers[] = {
    {"X-Content-Type-Options", "nosniff"}, {"Referrer-Policy", "same-origin"},
    {"Cache-Control", "no-store"},         {"Content-Security-Policy", NULL},
    {"X-Frame-Options", "DENY"},
};

#define N_COMMON_HEADERS (sizeof common_headers / sizeof common_headers[0])

static const char *common_value(size_t i)
{
    return common_headers[i].value ? common_headers[i].value : vo_static_csp();
}

/* The headers of every answer; cache_control (NULL: the common no-store)
 * for the app's files, which the browser keeps and revalidates. */
static void add_common_headers(struct MHD_Response *resp, const char *cache_control)
{
    for (size_t i = 0; i < N_COMMON_HEADERS; i++) {
        const char *v = common_value(i);
        if (cache_control && strcmp(common_headers[i].name, "Cache-Control") == 0)
            v = cache_control;
        MHD_add_response_header(resp, common_headers[i].name, v);
    }
}

/* The rate limit's headers (draft-ietf-httpapi-ratelimit-headers): the
 * bucket's size, what is left of it, the seconds until it is full, and the
 * policy: per_minute requests in a window of 60 s with its burst. */
static void add_rate_headers(struct MHD_Response *resp, const struct vo_req *r)
{
    char v[64];
    snprintf(v, sizeof v, "%u", r->rate.limit);
    MHD_add_response_header(resp, "RateLimit-Limit", v);
    snprintf(v, sizeof v, "%u", r->rate.remaining);
    MHD_add_response_header(resp, "RateLimit-Remaining", v);
    snprintf(v, sizeof v, "%lld", (long long)r->rate.reset_s);
    MHD_add_response_header(resp, "RateLimit-Reset", v);
    snprintf(v, sizeof v, "%u;w=60;burst=%u", vo_ratelimit_per_minute(r->srv->ratelimit),
             r->rate.limit);
    MHD_add_response_header(resp, "RateLimit-Policy", v);
}

/* MHD's free callback for a shared body. */
static void bytes_unref(void *b)
{
    g_bytes_unref(b);
}

static enum MHD_Result send_req(struct MHD_Connection *conn, struct vo_req *r, size_t *bytes)
{
    struct MHD_Response *resp;
    char *text = r->out ? json_dumps(r->out, JSON_COMPACT) : NULL;
    if (!text && !r->out_bytes && (r->out || !r->out_text)) {
        /* No body could be made (a handler gave none, or its JSON could
         * not be encoded): never an empty answer, a fixed JSON error. */
        if (r->status < 400)
            r->status = 500;
        *bytes = strlen(VO_ERROR_FALLBACK);
        resp = MHD_create_response_from_buffer(*bytes, (void *)VO_ERROR_FALLBACK,
                                               MHD_RESPMEM_PERSISTENT);
        MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
    } else if (text) {
        *bytes = strlen(text);
        resp = MHD_create_response_from_buffer(*bytes, text, MHD_RESPMEM_MUST_FREE);
        MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
    } else if (r->out_bytes) {
        gsize n = 0;
        const void *data = g_bytes_get_data(r->out_bytes, &n);
        *bytes = n;
        resp = MHD_create_response_from_buffer_with_free_callback_cls(n, (void *)data, bytes_unref,
                                                                      g_bytes_ref(r->out_bytes));
        if (r->out_type)
            MHD_add_response_header(resp, "Content-Type", r->out_type);
    } else {
        *bytes = r->out_len;
        resp = MHD_create_response_from_buffer(r->out_len, (void *)(r->out_text ? r->out_text : ""),
                                               MHD_RESPMEM_MUST_COPY);
        if (r->out_type)
            MHD_add_response_header(resp, "Content-Type", r->out_type);
    }
    add_common_headers(resp, r->cache_control);
    if (r->set_cookie)
        MHD_add_response_header(resp, "Set-Cookie", r->set_cookie);
    if (r->etag)
        MHD_add_response_header(resp, "ETag", r->etag);
    if (r->disposition)
        MHD_add_response_header(resp, "Content-Disposition", r->disposition);
    if (r->retry_after > 0) {
        char ra[32];
        snprintf(ra, sizeof ra, "%lld", (long long)r->retry_after);
        MHD_add_response_header(resp, "Retry-After", ra);
    }
    if (r->rate_on)
        add_rate_headers(resp, r);
    if (r->replayed)
        MHD_add_response_header(resp, "Idempotent-Replayed", "true");
    enum MHD_Result ok = MHD_queue_response(conn, r->status ? r->status : 200, resp);
    MHD_destroy_response(resp);
    return ok;
}

/* The access log line and the request's metrics (route NULL: none). */
static void access_log(struct vo_server *s, const char *method, const char *url,
                       const struct vo_route *route, unsigned status, size_t bytes, double ms)
{
    vo_metrics_request(s->metrics, route, status, ms);
    vo_log_access(s, method, url, route, status, bytes, ms);
}

/* Frees what the request holds of the server (its store handle, its
 * arena, its JSON); its body stays until completed(). */
static void req_done(struct vo_server *s, struct conn_state *cs)
{
    vo_req_finish(s, &cs->r);
    cs->answered = true;
}

/* Sends r's response, logs it and frees the request. */
static enum MHD_Result respond(struct vo_server *s, struct MHD_Connection *conn,
                               struct conn_state *cs, const char *method)
{
    struct vo_req *r = &cs->r;
    size_t bytes = 0;
    enum MHD_Result ok;
    if (r->stream) { /* a live event stream (events.c) */
        struct MHD_Response *resp = vo_events_response(r, conn);
        ok = MHD_NO;
        if (resp) {
            add_common_headers(resp, NULL);
            ok = MHD_queue_response(conn, 200, resp);
            MHD_destroy_response(resp);
        }
    } else {
        ok = send_req(conn, r, &bytes);
    }
    access_log(s, method, cs->path, cs->route, r->status ? r->status : 200, bytes,
               now_ms() - cs->started);
    req_done(s, cs);
    return ok;
}

/* A request line over the URL limits: answered here, before MHD stores the
 * query parameters (when they do not fit its connection memory, MHD 0.9.75
 * would leave the connection hanging until the timeout, and its own answer
 * is HTML). MHD offers no way to respond from this callback, so the JSON
 * 414 is written to the socket directly, which is then shut down both
 * ways: MHD sees the end of the stream and closes the connection (within
 * a second if it is stuck). The request gets no state (*con_cls stays
 * NULL: the access handler refuses it if MHD gets that far; on the stuck
 * path MHD never calls completed(), so there must be nothing to free). */
static void refuse_url(struct vo_server *s, struct MHD_Connection *conn, const char *uri,
                       size_t plen, const char *msg)
{
    double started = now_ms();
    json_t *j = vo_error_json("uri_too_long", msg, NULL, NULL, NULL);
    char *body = j ? json_dumps(j, JSON_COMPACT) : NULL;
    if (j)
        json_decref(j);
    const char *text = body ? body : VO_ERROR_FALLBACK;
    GString *out = g_string_new("HTTP/1.1 414 URI Too Long\r\nConnection: close\r\n"
                                "Content-Type: application/json; charset=utf-8\r\n");
    for (size_t i = 0; i < N_COMMON_HEADERS; i++)
        g_string_append_printf(out, "%s: %s\r\n", common_headers[i].name, common_value(i));
    g_string_append_printf(out, "Content-Length: %zu\r\n\r\n%s", strlen(text), text);
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    if (ci) {
        ssize_t n = send(ci->connect_fd, out->str, out->len, MSG_NOSIGNAL | MSG_DONTWAIT);
        (void)n; /* a fresh request on an empty socket buffer: it fits */
        shutdown(ci->connect_fd, SHUT_RDWR);
    }
    MHD_set_connection_option(conn, MHD_CONNECTION_OPTION_TIMEOUT, 1u);
    char *path = g_strndup(uri, plen < 200 ? plen : 200);
    access_log(s, "-", path, NULL, 414, strlen(text), now_ms() - started);
    g_free(path);
    g_string_free(out, TRUE);
    free(body);
}

/* MHD_OPTION_URI_LOG_CALLBACK: the request line is in (the headers are
 * not). Checks the URL against its limits and makes the request's state
 * (MHD's *con_cls from here on). The path kept for routing is the one
 * sent, not unescaped: no route or file name needs an escape, and a "%00"
 * or "%2F" that unescaping would turn into a cut or a new segment then
 * simply matches nothing. */
static void *on_request_line(void *cls, const char *uri, struct MHD_Connection *conn)
{
    struct vo_server *s = cls;
    vo_watch_request_line(s, conn);
    size_t plen = strcspn(uri, "?");
    char msg[128];
    if (!vo_url_check(uri, msg, sizeof msg)) {
        refuse_url(s, conn, uri, plen, msg);
        return NULL;
    }
    struct conn_state *cs = g_new0(struct conn_state, 1);
    cs->started = now_ms();
    vo_spool_init(&cs->file);
    cs->path = g_strndup(uri, plen);
    return cs;
}

/* Whether a body follows the headers. */
static bool has_body(struct MHD_Connection *conn, uint64_t *length, bool *known)
{
    const char *cl =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    *known = cl != NULL;
    *length = cl ? g_ascii_strtoull(cl, NULL, 10) : 0;
    if (cl)
        return *length > 0;
    return MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING) !=
           NULL;
}

/* Makes room for the body that follows an accepted head: false (and the
 * answer in r) when it is over the route's limit (413), when the server
 * holds as much body memory as it may (503), or when its file cannot be
 * made. */
static bool admit_body(struct vo_server *s, struct conn_state *cs, uint64_t length, bool known)
{
    struct vo_req *r = &cs->r;
    cs->limit = cs->route->body_limit ? s->opts.import_limit : s->opts.body_limit;
    if (known && length > cs->limit) {
        vo_error_set(&r->err, VO_ETOOBIG, NULL, "the request body is larger than %zu bytes",
                     cs->limit);
        vo_req_error(r, VO_ETOOBIG);
        return false;
    }
    if (cs->route->body_limit) {
        if (vo_spool_open(&cs->file, &r->err)) {
            vo_req_error(r, r->err.code);
            return false;
        }
        cs->to_file = true;
        return true;
    }
    /* A body of unknown length (chunked) may grow to the limit: hold that. */
    size_t need = known ? (size_t)length : cs->limit;
    size_t held = atomic_fetch_add(&s->body_bytes, need);
    if (held + need > s->opts.body_memory) {
        atomic_fetch_sub(&s->body_bytes, need);
        struct vo_error why = {0}; /* its texts from the catalogue (base/messages.c) */
        vo_error_set(&why, VO_ESTORE, NULL,
                     "the server is receiving too many request bodies; try again in a moment");
        r->out = vo_error_json("busy", why.msg, NULL, why.id, why.msg_ru);
        r->status = 503;
        r->retry_after = 1;
        return false;
    }
    cs->reserved = need;
    cs->body = g_byte_array_sized_new((guint)(need + 1));
    return true;
}

/* A piece of the body: to memory or to file, up to the route's limit (a
 * body of unknown length may go over it: the rest is read and dropped, the
 * answer is 413). */
static void take_body(struct conn_state *cs, const char *data, size_t n)
{
    size_t have = cs->to_file ? cs->file.len : cs->body->len;
    if (cs->too_big || cs->failed)
        return;
    if (n > cs->limit - have) {
        cs->too_big = true;
        return;
    }
    if (cs->to_file) {
        if (vo_spool_write(&cs->file, data, n, &cs->r.err))
            cs->failed = true;
    } else {
        g_byte_array_append(cs->body, (const guint8 *)data, (guint)n);
    }
}

/* The headers are in: the request is decided (answered at once when it is
 * refused), and what its body needs is made ready. */
static enum MHD_Result head(struct vo_server *s, struct MHD_Connection *conn, struct conn_state *cs,
                            const char *method)
{
    struct vo_req *r = &cs->r;
    r->srv = s;
    r->conn = conn;
    r->path = cs->path;
    r->method = vo_http_method(method);
    r->raw = "";
    r->content_type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
    vo_arena_init(&r->arena, VO_REQUEST_ARENA_CAP);
    cs->route = vo_route_match(r->method, cs->path, NULL);
    uint64_t length = 0;
    bool known = false;
    bool body = has_body(conn, &length, &known);
    vo_watch_head_done(conn, body);
    if (!vo_dispatch_head(s, r, cs->route)) {
        /* With a body to come, answered now: MHD then never reads it (and
         * closes the connection). Without one, answered on the next call,
         * which comes at once: MHD keeps the connection alive. */
        if (body)
            return respond(s, conn, cs, method);
        cs->decided = true;
        return MHD_YES;
    }
    if (body) {
        if (!admit_body(s, cs, length, known))
            return respond(s, conn, cs, method);
        /* The store handle goes back to the pool while the body arrives. */
        pool_put(s, r->st);
        r->st = NULL;
    }
    return MHD_YES;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
    (void)url; /* unescaped by MHD: cs->path is the one sent */
    (void)version;
    struct vo_server *s = cls;
    struct conn_state *cs = *con_cls;
    if (!cs)
        return MHD_NO; /* refused on its request line (refuse_url) */
    if (!cs->head_done) {
        cs->head_done = true;
        g_atomic_int_inc(&s->active); /* a request in flight, until completed() */
        return head(s, conn, cs, method);
    }
    if (cs->answered) { /* answered on its head: nothing of the body is kept */
        *upload_size = 0;
        return MHD_YES;
    }
    if (*upload_size) {
        take_body(cs, upload, *upload_size);
        vo_watch_body(conn, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    vo_watch_body_done(conn);
    if (cs->decided)
        return respond(s, conn, cs, method);

    struct vo_req *r = &cs->r;
    const char *addr = vo_client_address(conn, &s->opts.trusted_proxies, &r->arena);
    r->address = addr;
    if (cs->too_big) {
        vo_error_set(&r->err, VO_ETOOBIG, NULL, "the request body is larger than %zu bytes",
                     cs->limit);
        vo_req_error(r, VO_ETOOBIG);
    } else if (cs->failed || (cs->to_file && vo_spool_map(&cs->file, &r->raw, &r->err))) {
        vo_req_error(r, r->err.code);
    } else {
        if (cs->to_file) {
            r->raw_len = cs->file.len;
        } else if (cs->body) {
            r->raw_len = cs->body->len;
            g_byte_array_append(cs->body, (const guint8 *)"", 1); /* NUL-terminated */
            r->raw = (const char *)cs->body->data;
        }
        vo_dispatch_body(s, r, cs->route, addr);
    }
    return respond(s, conn, cs, method);
}

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    (void)toe;
    struct vo_server *s = cls;
    struct conn_state *cs = *con_cls;
    if (!cs)
        return;
    bool head_done = cs->head_done;
    if (head_done && !cs->answered)
        req_done(s, cs); /* the client went away before its response */
    if (cs->body)
        g_byte_array_unref(cs->body);
    if (cs->reserved)
        atomic_fetch_sub(&s->body_bytes, cs->reserved);
    vo_spool_close(&cs->file);
    g_free(cs->path);
    g_free(cs);
    *con_cls = NULL;
    vo_watch_idle(s, conn);
    if (head_done)
        g_atomic_int_dec_and_test(&s->active);
}

static vo_err parse_listen(const char *listen, struct sockaddr_in *sa, struct vo_error *e)
{
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    const char *colon = strrchr(listen, ':');
    if (!colon)
        return vo_error_set(e, VO_EINVAL, "listen", "\"%s\" is not HOST:PORT", listen);
    char host[64];
    size_t hl = (size_t)(colon - listen);
    if (hl == 0 || hl >= sizeof host)
        return vo_error_set(e, VO_EINVAL, "listen", "\"%s\" is not HOST:PORT", listen);
    memcpy(host, listen, hl);
    host[hl] = '\0';
    char *end = NULL;
    long port = strtol(colon + 1, &end, 10);
    if (!end || *end || port < 0 || port > 65535)
        return vo_error_set(e, VO_EINVAL, "listen", "\"%s\": no such port", colon + 1);
    if (strcmp(host, "localhost") == 0)
        memcpy(host, "127.0.0.1", 10);
    if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
        return vo_error_set(e, VO_EINVAL, "listen", "\"%s\" is not an IPv4 address", host);
    sa->sin_port = htons((uint16_t)port);
    return VO_OK;
}

/* The server's state (the store pool with one handle opened, migrating the
 * database, the throttle, the live datasets, the caches) without the
 * daemon or the sweeper thread: vo_server_start adds those. */
vo_err vo_server_open(const struct vo_server_opts *o, struct vo_server **out, struct vo_error *e)
{
    /* The scheduled backups copy SQLite's file: on PostgreSQL the server
     * would start and fail at every tick, so it does not start. */
    if (o->backup_dir && vo_store_path_is_pg(o->db_path))
        return vo_error_set(e, VO_EINVAL, "backup-dir",
                            "%s works on a SQLite database; back a PostgreSQL one up with "
                            "pg_dump and restore it with pg_restore",
                            "--backup-dir");
    /* The database must exist and open (migrating it) before we listen. */
    struct vo_store *first = NULL;
    vo_err rc = vo_store_open(o->db_path, 0, &first, e);
    if (rc)
        return rc;
    struct vo_server *s = g_new0(struct vo_server, 1);
    s->opts = *o;
    s->opts.db_path = g_strdup(o->db_path);
    s->opts.web_root = o->web_root ? g_strdup(o->web_root) : NULL;
    s->opts.metrics_token = o->metrics_token ? g_strdup(o->metrics_token) : NULL;
    s->opts.backup_dir = o->backup_dir ? g_strdup(o->backup_dir) : NULL;
    s->opts.snapshot_dir = o->snapshot_dir ? g_strdup(o->snapshot_dir) : NULL;
    if (s->opts.backup_dir && s->opts.backup_every_s <= 0)
        s->opts.backup_every_s = 24 * 3600;
    s->metrics = vo_metrics_new();
    if (!s->opts.body_limit)
        s->opts.body_limit = DEFAULT_BODY_LIMIT;
    if (!s->opts.import_limit)
        s->opts.import_limit = DEFAULT_IMPORT_LIMIT;
    if (!s->opts.timeout_s)
        s->opts.timeout_s = 30;
    if (!s->opts.head_timeout_s)
        s->opts.head_timeout_s = DEFAULT_HEAD_TIMEOUT;
    if (!s->opts.min_body_rate)
        s->opts.min_body_rate = DEFAULT_MIN_RATE;
    if (!s->opts.body_memory)
        s->opts.body_memory = DEFAULT_BODY_MEMORY;
    atomic_init(&s->body_bytes, 0);
    unsigned threads = o->threads ? o->threads : g_get_num_processors();
    s->pool_cap = threads + 2;
    vo_mutex_init(&s->pool_lock);
    g_queue_init(&s->pool);
    /* the handles write on one connection (store.h, vo_store_share_writes) */
    vo_store_share_writes(first, true);
    g_queue_push_tail(&s->pool, first);
    s->throttle = vo_throttle_new();
    if (s->opts.rate_limit)
        s->ratelimit = vo_ratelimit_new(
            s->opts.rate_limit, s->opts.rate_burst ? s->opts.rate_burst : VO_RATE_BURST_DEFAULT, 0);
    /* On PostgreSQL other servers may share the database: the login
     * throttle and the rate limit count in it (docs/SCALING.md). */
    if (vo_store_path_is_pg(s->opts.db_path)) {
        vo_throttle_share(s->throttle);
        vo_ratelimit_share(s->ratelimit);
    }
    vo_live_init(s);
    vo_cache_init(s);
    vo_static_init(s);
    *out = s;
    return VO_OK;
}

vo_err vo_server_start(const struct vo_server_opts *o, struct vo_server **out, int *port_out,
                       struct vo_error *e)
{
    struct sockaddr_in sa;
    vo_err rc = parse_listen(o->listen ? o->listen : "127.0.0.1:8080", &sa, e);
    if (rc)
        return rc;
    struct vo_server *s = NULL;
    if ((rc = vo_server_open(o, &s, e)))
        return rc;
    vo_cluster_start(s);
    vo_mutex_lock(&s->pool_lock);
    for (GList *l = s->pool.head; l; l = l->next)
        vo_cluster_own(s, l->data, true);
    vo_mutex_unlock(&s->pool_lock);
    vo_watch_start(s);
    vo_remind_start(s);
    vo_hooks_start(s);
    vo_events_start(s);
    vo_ops_start(s);
    unsigned threads = s->pool_cap - 2;
    unsigned per_ip = s->opts.per_ip_limit < 0    ? 0u /* MHD: no limit */
                      : s->opts.per_ip_limit == 0 ? DEFAULT_PER_IP_LIMIT
                                                  : (unsigned)s->opts.per_ip_limit;
    /* TURBO: read, write and accept before asking epoll whether the socket is
     * ready (fewer system calls per keep-alive request; bench/http.sh). */
    s->daemon = MHD_start_daemon(
        MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_TURBO | MHD_USE_ERROR_LOG |
            MHD_ALLOW_SUSPEND_RESUME,
        0, NULL, NULL, handle, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_TIMEOUT, s->opts.timeout_s,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, CONN_MEMORY, MHD_OPTION_CONNECTION_LIMIT, 4096u,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip, MHD_OPTION_URI_LOG_CALLBACK, on_request_line, s,
        MHD_OPTION_NOTIFY_COMPLETED, completed, s, MHD_OPTION_NOTIFY_CONNECTION, vo_watch_notify,
        s->watch, MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u, MHD_OPTION_END);
    if (!s->daemon) {
        vo_error_set(e, VO_EIO, "listen", "cannot listen on %s", o->listen);
        vo_server_stop(s);
        return VO_EIO;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    if (port_out)
        *port_out = di ? di->port : 0;
    *out = s;
    return VO_OK;
}

void vo_req_finish(struct vo_server *s, struct vo_req *r)
{
    if (r->out)
        json_decref(r->out);
    if (r->body)
        json_decref(r->body);
    if (r->out_bytes)
        g_bytes_unref(r->out_bytes);
    vo_events_drop(r);
    vo_svc_cleanup(&r->svc);
    pool_put(s, r->st);
    vo_arena_cleanup(&r->arena);
    memset(r, 0, sizeof *r);
}

bool vo_url_check(const char *uri, char *msg, size_t n)
{
    size_t len = strlen(uri), plen = strcspn(uri, "?");
    if (n)
        msg[0] = '\0';
    if (len > VO_MAX_URL) {
        snprintf(msg, n, "the URL is longer than %d bytes", VO_MAX_URL);
        return false;
    }
    if (uri[plen] == '?') {
        size_t params = 1;
        for (const char *p = uri + plen + 1; (p = strchr(p, '&')); p++)
            params++;
        if (params > VO_MAX_QUERY_PARAMS) {
            snprintf(msg, n, "the URL has more than %d query parameters", VO_MAX_QUERY_PARAMS);
            return false;
        }
    }
    return true;
}

void vo_server_stop(struct vo_server *s)
{
    if (!s)
        return;
    vo_events_stop(s); /* no suspended stream may outlive the daemon */
    if (s->daemon) {
        MHD_quiesce_daemon(s->daemon);
        /* In-flight requests finish; give them up to 10 seconds. */
        for (int i = 0; i < 1000 && g_atomic_int_get(&s->active) > 0; i++)
            g_usleep(10000);
        MHD_stop_daemon(s->daemon);
    }
    vo_watch_stop(s);
    vo_cluster_stop(s);
    vo_remind_stop(s);
    vo_hooks_stop(s);
    vo_ops_stop(s);
    vo_events_free(s);
    struct vo_store *st;
    while ((st = g_queue_pop_head(&s->pool)))
        vo_store_close(st);
    vo_mutex_clear(&s->pool_lock);
    vo_live_cleanup(s);
    vo_cache_cleanup(s);
    vo_static_cleanup(s);
    vo_throttle_free(s->throttle);
    vo_ratelimit_free(s->ratelimit);
    g_free((char *)s->opts.db_path);
    g_free((char *)s->opts.web_root);
    g_free((char *)s->opts.metrics_token);
    g_free((char *)s->opts.backup_dir);
    g_free((char *)s->opts.snapshot_dir);
    vo_metrics_free(s->metrics);
    g_free(s);
}

struct vo_store *vo_server_store(struct vo_server *s, struct vo_error *e)
{
    return pool_get(s, e);
}

void vo_server_store_put(struct vo_server *s, struct vo_store *st)
{
    pool_put(s, st);
}
