/*
 * events.c - GET /api/v1/events: the signed-in user's notifications as
 * Server-Sent Events (docs/notifications.md, "Live delivery").
 *
 * A stream is a libmicrohttpd response made from a callback. When the
 * stream has nothing to send, its callback suspends the connection
 * (MHD_suspend_connection, the pattern microhttpd.h prescribes for "no
 * data yet") and returns 0: an idle stream holds no thread and costs no
 * polling in MHD. One delivery thread per server looks every 200 ms for
 * notifications stored since its last look (one indexed query by id,
 * whoever created them: the reminder thread or a request), appends each
 * to its user's streams, appends a heartbeat comment to a stream idle for
 * 25 s, and resumes the streams it gave something.
 *
 * Invariants (all under hub.tick.lock; the thread is a ticker, ticker.h):
 * - a stream is in hub.streams from its registration (the handler) until
 *   MHD frees its response (stream_free), which MHD does once, after the
 *   connection is done with it; only then is it freed;
 * - `suspended` is set by the callback right before it suspends the
 *   connection and cleared by whoever resumes it, so every suspend is
 *   matched by exactly one resume, and no resume touches a connection
 *   that is not suspended;
 * - `seen` is the highest notification id appended to the stream; nothing
 *   with an id <= seen is appended again, so a catch-up (Last-Event-ID)
 *   and the delivery thread never send one twice; while `catching_up`,
 *   the thread leaves the stream to the catch-up, which reads the store
 *   again until it has passed the thread's cursor;
 * - vo_events_stop closes every stream (resuming the suspended ones: MHD
 *   may not be stopped with a suspended connection) before the daemon
 *   stops; the callback then ends the stream.
 */
#include "http/events.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "http/api.h"
#include "http/ticker.h"
#include "service/notify.h"

#define TICK_US      ((gint64)200 * 1000)
#define HEARTBEAT_US ((gint64)25 * 1000 * 1000)
#define BATCH        500

struct stream {
    struct vo_events *hub;
    struct MHD_Connection *conn; /* set when the response is queued */
    int64_t org, user;
    GTimeZone *tz;     /* the org's zone (a reference) */
    GString *out;      /* bytes not yet handed to MHD */
    int64_t seen;      /* the highest notification id appended */
    gint64 last_write; /* monotonic: when something was last appended */
    bool suspended;    /* the connection is suspended by the callback */
    bool closing;      /* end the stream once out is sent */
    bool catching_up;  /* the handler is still reading the store */
    gint64 opened;     /* monotonic: when it was registered */
};

struct vo_events {
    struct vo_ticker tick; /* its lock guards the hub */
    GPtrArray *streams;    /* struct stream * */
    int64_t cursor;        /* the highest notification id the thread has looked at */
    struct vo_server *s;
};

/* Appends notification n as an event to st (under the lock). */
static void append_event(struct stream *st, const struct vo_notification *n)
{
    json_t *j = vo_notification_json(st->tz, n);
    char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
    if (j)
        json_decref(j);
    if (text)
        g_string_append_printf(st->out, "id: %lld\nevent: notification\ndata: %s\n\n",
                               (long long)n->id, text);
    free(text);
    st->seen = n->id;
    st->last_write = g_get_monotonic_time();
}

/* Resumes st's connection when the callback suspended it (under the lock). */
static void wake_stream(struct stream *st)
{
    if (st->suspended && st->conn) {
        st->suspended = false;
        MHD_resume_connection(st->conn);
    }
}

static void deliver(struct vo_events *h, const struct vo_notification *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (guint k = 0; k < h->streams->len; k++) {
            struct stream *st = g_ptr_array_index(h->streams, k);
            if (st->catching_up || st->org != v[i].org_id || st->user != v[i].user_id ||
                v[i].id <= st->seen)
                continue;
            append_event(st, &v[i]);
            wake_stream(st);
        }
        h->cursor = v[i].id;
    }
}

static void heartbeats(struct vo_events *h)
{
    gint64 now = g_get_monotonic_time();
    for (guint k = 0; k < h->streams->len; k++) {
        struct stream *st = g_ptr_array_index(h->streams, k);
        if (now - st->last_write < HEARTBEAT_US)
            continue;
        g_string_append(st->out, ": heartbeat\n\n");
        st->last_write = now;
        wake_stream(st);
    }
}

/* One look at the store: the notifications after the cursor. */
static void look(void *arg)
{
    struct vo_events *h = arg;
    struct vo_arena a;
    struct vo_error e = {0};
    struct vo_notification *v = NULL;
    size_t n = 0;
    vo_arena_init(&a, (size_t)64 * 1024 * 1024);
    struct vo_store *st = vo_server_store(h->s, &e);
    vo_mutex_lock(&h->tick.lock);
    int64_t after = h->cursor;
    vo_mutex_unlock(&h->tick.lock);
    vo_err rc = st ? vo_svc_notify_after(st, after, BATCH, &a, &v, &n, &e) : VO_ESTORE;
    if (st)
        vo_server_store_put(h->s, st);
    vo_mutex_lock(&h->tick.lock);
    if (!rc)
        deliver(h, v, n);
    heartbeats(h);
    vo_mutex_unlock(&h->tick.lock);
    vo_arena_cleanup(&a);
}

void vo_events_start(struct vo_server *s)
{
    struct vo_events *h = g_new0(struct vo_events, 1);
    struct vo_error e = {0};
    vo_ticker_init(&h->tick);
    h->streams = g_ptr_array_new();
    h->s = s;
    struct vo_store *st = vo_server_store(s, &e);
    if (st) {
        if (vo_svc_notify_last(st, &h->cursor, &e))
            h->cursor = 0;
        vo_server_store_put(s, st);
    }
    s->events = h;
    vo_ticker_start(&h->tick, "vo-events", TICK_US, look, h);
}

/* Closes every stream, resuming the suspended ones (with the stop, under
 * the lock). */
static void close_streams(void *arg)
{
    struct vo_events *h = arg;
    for (guint k = 0; k < h->streams->len; k++) {
        struct stream *st = g_ptr_array_index(h->streams, k);
        st->closing = true;
        wake_stream(st);
    }
}

void vo_events_stop(struct vo_server *s)
{
    struct vo_events *h = s->events;
    if (!h)
        return;
    vo_ticker_stop(&h->tick, close_streams, h);
}

void vo_events_free(struct vo_server *s)
{
    struct vo_events *h = s->events;
    if (!h)
        return;
    /* the daemon is stopped: every response, so every stream, is freed */
    g_ptr_array_free(h->streams, TRUE);
    vo_ticker_clear(&h->tick);
    g_free(h);
    s->events = NULL;
}

/* ---- the response ---- */

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)pos;
    struct stream *st = cls;
    struct vo_events *h = st->hub;
    ssize_t n = 0;
    vo_mutex_lock(&h->tick.lock);
    if (st->out->len) {
        size_t k = st->out->len < max ? st->out->len : max;
        memcpy(buf, st->out->str, k);
        g_string_erase(st->out, 0, (gssize)k);
        n = (ssize_t)k;
    } else if (st->closing) {
        n = MHD_CONTENT_READER_END_OF_STREAM;
    } else {
        st->suspended = true;
        MHD_suspend_connection(st->conn);
    }
    vo_mutex_unlock(&h->tick.lock);
    return n;
}

static void stream_unlink(struct stream *st)
{
    struct vo_events *h = st->hub;
    vo_mutex_lock(&h->tick.lock);
    g_ptr_array_remove_fast(h->streams, st);
    vo_mutex_unlock(&h->tick.lock);
    g_string_free(st->out, TRUE);
    g_time_zone_unref(st->tz);
    g_free(st);
}

static void stream_free(void *cls)
{
    stream_unlink(cls);
}

void vo_events_drop(struct vo_req *r)
{
    if (r->stream)
        stream_unlink(r->stream);
    r->stream = NULL;
}

struct MHD_Response *vo_events_response(struct vo_req *r, struct MHD_Connection *conn)
{
    struct stream *st = r->stream;
    struct vo_events *h = st->hub;
    r->stream = NULL;
    vo_mutex_lock(&h->tick.lock);
    st->conn = conn;
    vo_mutex_unlock(&h->tick.lock);
    struct MHD_Response *resp =
        MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, stream_read, st, stream_free);
    if (!resp) {
        stream_unlink(st);
        return NULL;
    }
    MHD_add_response_header(resp, "Content-Type", "text/event-stream; charset=utf-8");
    MHD_add_response_header(resp, "X-Accel-Buffering", "no");
    return resp;
}

/* ---- the route ---- */

/* Last-Event-ID (the header, or ?last_event_id= for a client that cannot
 * set it): a notification id, or -1 when none was given. */
static vo_err last_event_id(struct vo_req *r, int64_t *out)
{
    const char *v = vo_req_header(r, "Last-Event-ID");
    if (!v || !*v)
        v = vo_req_query(r, "last_event_id");
    *out = -1;
    if (!v || !*v)
        return VO_OK;
    char *end = NULL;
    long long n = strtoll(v, &end, 10);
    if (*end || n < 0)
        return vo_error_set(&r->err, VO_EINVAL, "Last-Event-ID",
                            "Last-Event-ID is the id of a notification");
    *out = n;
    return VO_OK;
}

/* Appends the actor's notifications after st->seen until the stream has
 * passed the delivery thread's cursor (then the thread takes over). */
static vo_err catch_up(struct vo_req *r, struct stream *st)
{
    struct vo_events *h = st->hub;
    for (;;) {
        struct vo_notification *v = NULL;
        size_t n = 0;
        vo_mutex_lock(&h->tick.lock);
        int64_t seen = st->seen, cursor = h->cursor;
        vo_mutex_unlock(&h->tick.lock);
        /* SQLite has one writer at a time, so every id up to the cursor is
         * committed: this read sees them all, and whatever the thread
         * looks at later it delivers once catching_up is off */
        vo_err rc = vo_svc_notification_since(&r->svc, seen, 200, &v, &n, &r->err);
        if (rc)
            return rc;
        vo_mutex_lock(&h->tick.lock);
        for (size_t i = 0; i < n; i++)
            if (v[i].id > st->seen)
                append_event(st, &v[i]);
        bool done = n < 200 && h->cursor == cursor;
        if (done)
            st->catching_up = false;
        vo_mutex_unlock(&h->tick.lock);
        if (done)
            return VO_OK;
    }
}

vo_err api_events(struct vo_req *r)
{
    struct vo_events *h = r->srv ? r->srv->events : NULL;
    int64_t last = -1;
    vo_err rc = last_event_id(r, &last);
    if (rc)
        return rc;
    if (!h) { /* a server without its daemon (run.c): an empty stream, ended */
        static const char none[] = "retry: 3000\n: no live delivery here\n\n";
        r->status = 200;
        r->out_text = none;
        r->out_len = sizeof none - 1;
        r->out_type = "text/event-stream; charset=utf-8";
        return VO_OK;
    }
    if (r->svc.actor_id <= 0)
        return vo_error_set(&r->err, VO_EPERM, NULL, "events belong to a signed-in user");
    struct stream *st = g_new0(struct stream, 1);
    st->hub = h;
    st->org = r->svc.org.id;
    st->user = r->svc.actor_id;
    st->tz = g_time_zone_ref(r->svc.tz);
    st->out = g_string_new("retry: 3000\n: connected\n\n");
    st->last_write = g_get_monotonic_time();
    st->opened = st->last_write;
    /* A user's streams past the bound: the oldest one ends (a tab closed
     * or reloaded leaves its stream until a write fails, up to a
     * heartbeat later; the newest page is the one the user looks at). The
     * ended stream's browser reconnects by itself when it is still open. */
    int per_user = 0;
    struct stream *oldest = NULL;
    vo_mutex_lock(&h->tick.lock);
    for (guint k = 0; k < h->streams->len; k++) {
        struct stream *o = g_ptr_array_index(h->streams, k);
        if (o->org != st->org || o->user != st->user || o->closing)
            continue;
        per_user++;
        if (!oldest || o->opened < oldest->opened)
            oldest = o;
    }
    if (per_user >= VO_EVENTS_PER_USER && oldest) {
        oldest->closing = true;
        wake_stream(oldest);
    }
    unsigned total = h->streams->len;
    bool over_all = total >= VO_EVENTS_TOTAL;
    if (!over_all) {
        st->seen = last >= 0 ? last : h->cursor;
        st->catching_up = last >= 0;
        g_ptr_array_add(h->streams, st);
    }
    vo_mutex_unlock(&h->tick.lock);
    if (over_all) {
        g_string_free(st->out, TRUE);
        g_time_zone_unref(st->tz);
        g_free(st);
        struct vo_error why = {0}; /* its texts from the catalogue (base/messages.c) */
        r->retry_after = 5;
        vo_error_set(&why, VO_ESTORE, NULL,
                     "the server serves %d live event streams already: retry later",
                     VO_EVENTS_TOTAL);
        vo_req_json(r, 503, vo_error_json("busy", why.msg, NULL, why.id, why.msg_ru));
        return VO_OK;
    }
    r->stream = st;
    if (last >= 0 && (rc = catch_up(r, st))) {
        vo_events_drop(r);
        return rc;
    }
    return VO_OK;
}
