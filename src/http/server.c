/*
 * server.c - libmicrohttpd in epoll thread-pool mode: the connection
 * lifecycle (collecting a body up to its route's limit), the per-request
 * arena and store handle, authentication, dispatch through the route table,
 * the response, the access log, and a graceful stop.
 *
 * Store handles: SQLite connections are not shared between threads, so the
 * server keeps a pool (one per worker thread and two spare); a request
 * borrows one for its whole life.
 */
#include "http/http.h"
#include "http/http_int.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEFAULT_BODY_LIMIT   ((size_t)10 * 1024 * 1024)
#define DEFAULT_IMPORT_LIMIT ((size_t)200 * 1024 * 1024)
#define REQUEST_ARENA_CAP    ((size_t)256 * 1024 * 1024)

/* The state of one request while MHD feeds it its body. */
struct conn_state {
    const struct vo_route *route;
    struct vo_buf body;
    bool too_big;
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
    struct vo_store *st = g_async_queue_try_pop(s->pool);
    if (st)
        return st;
    if (vo_store_open(s->opts.db_path, 0, &st, e))
        return NULL;
    return st;
}

static void pool_put(struct vo_server *s, struct vo_store *st)
{
    if (!st)
        return;
    vo_store_rollback(st); /* a handler that failed mid-way leaves nothing open */
    if (g_async_queue_length(s->pool) < (int)s->pool_cap)
        g_async_queue_push(s->pool, st);
    else
        vo_store_close(st);
}

static enum vo_method parse_method(const char *m)
{
    static const struct {
        const char *name;
        enum vo_method m;
    } t[] = {{"GET", VO_GET}, {"HEAD", VO_GET},    {"POST", VO_POST},
             {"PUT", VO_PUT}, {"PATCH", VO_PATCH}, {"DELETE", VO_DELETE}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (strcmp(m, t[i].name) == 0)
            return t[i].m;
    return 0;
}

static void add_common_headers(struct MHD_Response *resp)
{
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    MHD_add_response_header(resp, "Content-Security-Policy", vo_static_csp());
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
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
    add_common_headers(resp);
    if (r->set_cookie)
        MHD_add_response_header(resp, "Set-Cookie", r->set_cookie);
    if (r->retry_after > 0) {
        char ra[32];
        snprintf(ra, sizeof ra, "%lld", (long long)r->retry_after);
        MHD_add_response_header(resp, "Retry-After", ra);
    }
    enum MHD_Result ok = MHD_queue_response(conn, r->status ? r->status : 200, resp);
    MHD_destroy_response(resp);
    return ok;
}

static void access_log(struct vo_server *s, const char *method, const char *url, unsigned status,
                       size_t bytes, double ms)
{
    if (s->opts.quiet)
        return;
    fprintf(stderr, "%s %s %u %zu %.1fms\n", method, url, status, bytes, ms);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
    (void)version;
    struct vo_server *s = cls;
    struct conn_state *cs = *con_cls;
    if (!cs) {
        cs = g_new0(struct conn_state, 1);
        cs->started = now_ms();
        const char *param[4];
        cs->route = vo_route_match(parse_method(method), url, param);
        size_t limit =
            cs->route && cs->route->body_limit ? s->opts.import_limit : s->opts.body_limit;
        vo_buf_init(&cs->body, limit);
        *con_cls = cs;
        g_atomic_int_inc(&s->active);
        return MHD_YES;
    }
    if (*upload_size) {
        if (!cs->too_big && vo_buf_append(&cs->body, upload, *upload_size) != VO_OK)
            cs->too_big = true;
        *upload_size = 0;
        return MHD_YES;
    }

    struct vo_req r;
    memset(&r, 0, sizeof r);
    r.srv = s;
    r.conn = conn;
    r.path = url;
    r.method = parse_method(method);
    r.raw = vo_buf_str(&cs->body);
    r.raw_len = cs->body.len;
    r.content_type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
    vo_arena_init(&r.arena, REQUEST_ARENA_CAP);
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char addr[64] = "";
    if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, addr,
                  sizeof addr);
    else if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr, addr,
                  sizeof addr);

    r.address = vo_arena_strdup(&r.arena, addr);
    if (cs->too_big) {
        vo_error_set(&r.err, VO_ETOOBIG, NULL, "the request body is larger than %zu bytes",
                     cs->body.cap);
        vo_req_error(&r, VO_ETOOBIG);
    } else {
        vo_dispatch(s, &r, cs->route, addr);
    }
    size_t bytes = 0;
    enum MHD_Result ok = send_req(conn, &r, &bytes);
    access_log(s, method, url, r.status ? r.status : 200, bytes, now_ms() - cs->started);
    if (r.out)
        json_decref(r.out);
    if (r.body)
        json_decref(r.body);
    if (r.out_bytes)
        g_bytes_unref(r.out_bytes);
    vo_svc_cleanup(&r.svc);
    pool_put(s, r.st);
    vo_arena_cleanup(&r.arena);
    return ok;
}

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    (void)conn;
    (void)toe;
    struct vo_server *s = cls;
    struct conn_state *cs = *con_cls;
    if (!cs)
        return;
    vo_buf_cleanup(&cs->body);
    g_free(cs);
    *con_cls = NULL;
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

vo_err vo_server_start(const struct vo_server_opts *o, struct vo_server **out, int *port_out,
                       struct vo_error *e)
{
    struct sockaddr_in sa;
    vo_err rc = parse_listen(o->listen ? o->listen : "127.0.0.1:8080", &sa, e);
    if (rc)
        return rc;
    /* The database must exist and open (migrating it) before we listen. */
    struct vo_store *first = NULL;
    if ((rc = vo_store_open(o->db_path, 0, &first, e)))
        return rc;
    struct vo_server *s = g_new0(struct vo_server, 1);
    s->opts = *o;
    s->opts.db_path = g_strdup(o->db_path);
    s->opts.web_root = o->web_root ? g_strdup(o->web_root) : NULL;
    if (!s->opts.body_limit)
        s->opts.body_limit = DEFAULT_BODY_LIMIT;
    if (!s->opts.import_limit)
        s->opts.import_limit = DEFAULT_IMPORT_LIMIT;
    if (!s->opts.timeout_s)
        s->opts.timeout_s = 30;
    unsigned threads = o->threads ? o->threads : g_get_num_processors();
    s->pool_cap = threads + 2;
    s->pool = g_async_queue_new();
    g_async_queue_push(s->pool, first);
    s->throttle = vo_throttle_new();
    vo_live_init(s);
    vo_cache_init(s);
    /* TURBO: read, write and accept before asking epoll whether the socket is
     * ready (fewer system calls per keep-alive request; bench/http.sh). The
     * connection memory (headers in, headers out) is MHD's default 32 KiB:
     * MHD clears it for every request, 64 KiB cost a 64 KiB memset each. */
    s->daemon = MHD_start_daemon(
        MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_TURBO | MHD_USE_ERROR_LOG, 0, NULL,
        NULL, handle, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE,
        threads, MHD_OPTION_CONNECTION_TIMEOUT, s->opts.timeout_s,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32 * 1024, MHD_OPTION_CONNECTION_LIMIT, 4096u,
        MHD_OPTION_NOTIFY_COMPLETED, completed, s, MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u,
        MHD_OPTION_END);
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

void vo_server_stop(struct vo_server *s)
{
    if (!s)
        return;
    if (s->daemon) {
        MHD_quiesce_daemon(s->daemon);
        /* In-flight requests finish; give them up to 10 seconds. */
        for (int i = 0; i < 1000 && g_atomic_int_get(&s->active) > 0; i++)
            g_usleep(10000);
        MHD_stop_daemon(s->daemon);
    }
    if (s->pool) {
        struct vo_store *st;
        while ((st = g_async_queue_try_pop(s->pool)))
            vo_store_close(st);
        g_async_queue_unref(s->pool);
    }
    vo_live_cleanup(s);
    vo_cache_cleanup(s);
    vo_throttle_free(s->throttle);
    g_free((char *)s->opts.db_path);
    g_free((char *)s->opts.web_root);
    g_free(s);
}

struct vo_store *vo_server_store(struct vo_server *s, struct vo_error *e)
{
    return pool_get(s, e);
}
