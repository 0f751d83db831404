/*
 * remind.c - the reminder thread (remind.h). One thread per server, a
 * mutex and a condition variable (base/sync.h: pthreads, so the TSan
 * build sees them), no timer of libmicrohttpd's.
 *
 * Invariants:
 * - the thread is a ticker (ticker.h: a stop wakes it at once and the
 *   join waits at most one tick);
 * - a tick holds no lock of ours: it takes a store handle from the pool
 *   (vo_server_store), runs one transaction and gives the handle back;
 * - a tick is idempotent (the store's unique key per notification), so a
 *   tick that fails is simply done again at the next one, and a restart
 *   or a second server on the same database creates nothing twice.
 */
#include "http/remind.h"

#include <stdio.h>

#include "base/timeutil.h"
#include "http/api.h"
#include "http/ticker.h"
#include "service/mail.h"
#include "service/notify.h"

#define DEFAULT_REMIND_MS 30000u
/* Letters a tick sends at the most (the rest wait for the next). */
#define MAIL_BATCH 50

struct vo_remind {
    struct vo_ticker tick;
    struct vo_server *s;
};

static void tick(void *arg)
{
    struct vo_remind *m = arg;
    struct vo_arena a;
    struct vo_error e = {0};
    struct vo_notification *v = NULL;
    size_t n = 0;
    vo_arena_init(&a, (size_t)64 * 1024 * 1024);
    struct vo_store *st = vo_server_store(m->s, &e);
    vo_err rc = st ? vo_svc_notify_tick(st, vo_now(), &a, &v, &n, &e) : VO_ESTORE;
    /* then the e-mails of every new notification (service/mail.h) */
    size_t sent = 0;
    if (!rc)
        rc = vo_svc_mail_tick(st, vo_now(), MAIL_BATCH, &a, &sent, &e);
    /* issue 11: the winners of the competitions that ended */
    if (st)
        vo_competitions_tick(m->s, st, &a);
    /* issue 11: the promises due that the clock settles, org by org */
    if (st)
        vo_promises_tick(m->s, st, &a);
    if (st)
        vo_server_store_put(m->s, st);
    if (rc && !m->s->opts.quiet)
        fprintf(stderr, "reminders: %s\n", e.msg[0] ? e.msg : "the store cannot be opened");
    vo_arena_cleanup(&a);
}

void vo_remind_start(struct vo_server *s)
{
    struct vo_remind *m = g_new0(struct vo_remind, 1);
    vo_ticker_init(&m->tick);
    m->s = s;
    s->remind = m;
    vo_ticker_start(&m->tick, "vo-remind",
                    (gint64)(s->opts.remind_ms ? s->opts.remind_ms : DEFAULT_REMIND_MS) * 1000,
                    tick, m);
}

void vo_remind_stop(struct vo_server *s)
{
    struct vo_remind *m = s->remind;
    if (!m)
        return;
    vo_ticker_stop(&m->tick, NULL, NULL);
    vo_ticker_clear(&m->tick);
    g_free(m);
    s->remind = NULL;
}
