/*
 * hooks.c - the webhook delivery thread (hooks.h).
 *
 * Invariants:
 * - the thread is a ticker (ticker.h: a stop wakes it at once); a tick
 *   looks at the ticker's stop (under its lock) before each post, so the
 *   join waits at most for the post under way (10 s, io/webhook_post.h);
 * - a tick holds no lock of ours: it takes a store handle from the pool,
 *   posts, records each outcome in its own transaction and gives the
 *   handle back; what it counts goes to the metrics through atomics;
 * - a delivery whose outcome could not be recorded stays pending and is
 *   posted again (at least once).
 */
#include "http/hooks.h"

#include <stdio.h>

#include "base/timeutil.h"
#include "http/metrics.h"
#include "http/ticker.h"
#include "service/webhooks.h"

#define DEFAULT_HOOKS_MS 2000u
/* Deliveries a tick posts at the most (the rest wait for the next). */
#define HOOKS_BATCH 50

struct vo_hooks {
    struct vo_ticker tick;
    struct vo_server *s;
};

/* Whether the server is stopping (vo_ticker_stop set stop): a tick ends
 * between two posts then. */
static bool stopping(void *arg)
{
    struct vo_hooks *h = arg;
    vo_mutex_lock(&h->tick.lock);
    bool stop = h->tick.stop;
    vo_mutex_unlock(&h->tick.lock);
    return stop;
}

static void tick(void *arg)
{
    struct vo_hooks *h = arg;
    struct vo_arena a;
    struct vo_error e = {0};
    struct vo_webhook_tick t = {0};
    vo_arena_init(&a, (size_t)64 * 1024 * 1024);
    struct vo_store *st = vo_server_store(h->s, &e);
    int64_t base =
        h->s->opts.webhook_backoff_s ? (int64_t)h->s->opts.webhook_backoff_s : VO_WEBHOOK_BACKOFF_S;
    vo_err rc = st ? vo_svc_webhooks_tick(st, vo_now(), base, HOOKS_BATCH, stopping, h, &a, &t, &e)
                   : VO_ESTORE;
    if (st)
        vo_server_store_put(h->s, st);
    vo_metrics_webhooks(h->s->metrics, t.delivered, t.failed, t.disabled, t.pending);
    if (rc)
        vo_log_event(h->s, "error", VO_MSG("webhooks not delivered"), "error",
                     vo_log_error_text(h->s, &e));
    vo_arena_cleanup(&a);
}

void vo_hooks_start(struct vo_server *s)
{
    struct vo_hooks *h = g_new0(struct vo_hooks, 1);
    vo_ticker_init(&h->tick);
    h->s = s;
    s->hooks = h;
    vo_ticker_start(&h->tick, "vo-hooks",
                    (gint64)(s->opts.webhook_ms ? s->opts.webhook_ms : DEFAULT_HOOKS_MS) * 1000,
                    tick, h);
}

void vo_hooks_stop(struct vo_server *s)
{
    struct vo_hooks *h = s->hooks;
    if (!h)
        return;
    vo_ticker_stop(&h->tick, NULL, NULL);
    vo_ticker_clear(&h->tick);
    g_free(h);
    s->hooks = NULL;
}
