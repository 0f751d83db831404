/*
 * watch.c - the deadlines of a connection that libmicrohttpd's own timeout
 * does not give. MHD closes a connection only after it has been idle for
 * the timeout, so a client that trickles its request head (a header line
 * every few seconds) or its body (a byte now and then) is never idle and
 * holds a connection, and its memory, forever. Here:
 *
 * - the head of a request (request line and headers) must be complete
 *   within head_timeout of the connection's accept, or of its request line
 *   on a kept-alive connection; a kept-alive connection waiting for its
 *   next request gets the idle timeout plus head_timeout in all;
 * - a body must arrive at min_body_rate bytes a second on average,
 *   counted from the end of its head after a grace of head_timeout.
 *
 * Each connection has a struct watch, made when MHD accepts it
 * (MHD_OPTION_NOTIFY_CONNECTION, STARTED; its socket context) and freed
 * when MHD closes it (CLOSED). The request path only stores into it
 * (atomics, no lock): the request line, the end of the head, body bytes,
 * the end of the request. One sweeper thread looks at every connection
 * twice a second and shuts down (shutdown(2), both ways) the socket of one
 * past its deadline: MHD then sees the end of the stream on its next read
 * and closes the connection itself, through its usual path.
 *
 * Invariants:
 * - a watch is in `conns` from STARTED until CLOSED; both run under
 *   `tick.lock`, and MHD calls CLOSED before it closes the socket, so a socket
 *   the sweeper shuts down under it is still this connection's (never
 *   a reused descriptor);
 * - the deadlines are written by the connection's own MHD thread and read
 *   by the sweeper; a stale read only moves a shutdown by one sweep.
 */
#include "http/watch.h"

#include "http/ticker.h"

#include <stdatomic.h>
#include <stdio.h>
#include <sys/socket.h>

#define SWEEP_US ((gint64)500 * 1000)

struct watch {
    int fd;
    bool shut; /* under vo_watch.tick.lock */
    /* monotonic microseconds; 0 = none */
    _Atomic gint64 deadline;   /* of the request head (or of the wait for one) */
    _Atomic gint64 body_since; /* the body began (its head ended); 0 = no body now */
    _Atomic guint64 body_bytes;
};

struct vo_watch {
    struct vo_ticker tick;   /* its lock guards conns and each watch's shut */
    GHashTable *conns;       /* struct watch * (a set; owns them) */
    gint64 head_us, idle_us; /* the head deadline; the idle timeout */
    guint64 min_rate;        /* body bytes per second */
    bool quiet;
};

static struct watch *watch_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

/* Whether w is past a deadline at now; why (for the log). */
static bool overdue(const struct vo_watch *v, struct watch *w, gint64 now, const char **why)
{
    gint64 since = atomic_load_explicit(&w->body_since, memory_order_relaxed);
    if (since) {
        gint64 late = now - since - v->head_us; /* the time past the grace */
        guint64 got = atomic_load_explicit(&w->body_bytes, memory_order_relaxed);
        *why = "its body arrives slower than the minimum rate";
        return late > 0 && (double)got < (double)v->min_rate * ((double)late / 1e6);
    }
    gint64 dl = atomic_load_explicit(&w->deadline, memory_order_relaxed);
    *why = "its request head took too long";
    return dl && now > dl;
}

static void sweep(void *arg)
{
    struct vo_watch *v = arg;
    vo_mutex_lock(&v->tick.lock);
    gint64 now = g_get_monotonic_time();
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, v->conns);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        struct watch *w = key;
        const char *why = NULL;
        if (w->shut || !overdue(v, w, now, &why))
            continue;
        shutdown(w->fd, SHUT_RDWR);
        w->shut = true;
        if (!v->quiet)
            fprintf(stderr, "closed a connection: %s\n", why);
    }
    vo_mutex_unlock(&v->tick.lock);
}

void vo_watch_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
                     enum MHD_ConnectionNotificationCode toe)
{
    struct vo_watch *v = cls;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        struct watch *w = g_new0(struct watch, 1);
        w->fd = ci ? ci->connect_fd : -1;
        atomic_init(&w->deadline, g_get_monotonic_time() + v->head_us);
        atomic_init(&w->body_since, 0);
        atomic_init(&w->body_bytes, 0);
        *socket_context = w;
        if (w->fd < 0)
            return; /* nothing to shut down: not watched */
        vo_mutex_lock(&v->tick.lock);
        g_hash_table_add(v->conns, w);
        vo_mutex_unlock(&v->tick.lock);
        return;
    }
    struct watch *w = *socket_context;
    if (!w)
        return;
    vo_mutex_lock(&v->tick.lock);
    g_hash_table_remove(v->conns, w);
    vo_mutex_unlock(&v->tick.lock);
    g_free(w);
    *socket_context = NULL;
}

void vo_watch_start(struct vo_server *s)
{
    struct vo_watch *v = g_new0(struct vo_watch, 1);
    vo_ticker_init(&v->tick);
    v->conns = g_hash_table_new(g_direct_hash, g_direct_equal);
    v->head_us = (gint64)s->opts.head_timeout_s * G_USEC_PER_SEC;
    v->idle_us = (gint64)s->opts.timeout_s * G_USEC_PER_SEC;
    v->min_rate = s->opts.min_body_rate;
    v->quiet = s->opts.quiet;
    s->watch = v;
    vo_ticker_start(&v->tick, "vo-watch", SWEEP_US, sweep, v);
}

void vo_watch_stop(struct vo_server *s)
{
    struct vo_watch *v = s->watch;
    if (!v)
        return;
    vo_ticker_stop(&v->tick, NULL, NULL);
    /* MHD has closed every connection (and freed their watches) by now. */
    g_hash_table_destroy(v->conns);
    vo_ticker_clear(&v->tick);
    g_free(v);
    s->watch = NULL;
}

void vo_watch_request_line(struct vo_server *s, struct MHD_Connection *conn)
{
    struct watch *w = watch_of(conn);
    if (!w)
        return;
    gint64 dl = g_get_monotonic_time() + s->watch->head_us;
    gint64 cur = atomic_load_explicit(&w->deadline, memory_order_relaxed);
    if (!cur || dl < cur)
        atomic_store_explicit(&w->deadline, dl, memory_order_relaxed);
}

void vo_watch_head_done(struct MHD_Connection *conn, bool body)
{
    struct watch *w = watch_of(conn);
    if (!w)
        return;
    atomic_store_explicit(&w->deadline, 0, memory_order_relaxed);
    if (body) {
        atomic_store_explicit(&w->body_bytes, 0, memory_order_relaxed);
        atomic_store_explicit(&w->body_since, g_get_monotonic_time(), memory_order_relaxed);
    }
}

void vo_watch_body(struct MHD_Connection *conn, size_t n)
{
    struct watch *w = watch_of(conn);
    if (w)
        atomic_fetch_add_explicit(&w->body_bytes, n, memory_order_relaxed);
}

void vo_watch_body_done(struct MHD_Connection *conn)
{
    struct watch *w = watch_of(conn);
    if (w)
        atomic_store_explicit(&w->body_since, 0, memory_order_relaxed);
}

void vo_watch_idle(struct vo_server *s, struct MHD_Connection *conn)
{
    struct watch *w = watch_of(conn);
    if (!w)
        return;
    atomic_store_explicit(&w->body_since, 0, memory_order_relaxed);
    atomic_store_explicit(&w->deadline,
                          g_get_monotonic_time() + s->watch->idle_us + s->watch->head_us,
                          memory_order_relaxed);
}
