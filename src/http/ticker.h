/*
 * ticker.h - the server's background threads (the reminders, the live
 * delivery of notifications, the connection sweeper): a thread that runs
 * a job at once and then every period until it is stopped, with the lock
 * and the condition variable a stop wakes it by.
 *
 * Invariants:
 * - `stop` is written under `lock` by vo_ticker_stop only; the thread reads
 *   it under `lock` and sleeps on `wake` between jobs, so a stop wakes it
 *   at once and the join waits at most for the job under way;
 * - the job runs without `lock`; the owner may guard its own state with
 *   `lock` (the job then takes it like any other thread).
 */
#ifndef VO_HTTP_TICKER_H
#define VO_HTTP_TICKER_H

#include <glib.h>
#include <stdbool.h>

#include "base/sync.h"

struct vo_ticker {
    vo_mutex lock;
    vo_cond wake;
    bool stop; /* under lock */
    GThread *thread;
    gint64 period_us;
    void (*job)(void *arg);
    void *arg;
};

/* Initialises t's lock and condition; no thread yet. */
void vo_ticker_init(struct vo_ticker *t);
/* Starts t's thread, named name: job(arg) at once, then every period_us. */
void vo_ticker_start(struct vo_ticker *t, const char *name, gint64 period_us,
                     void (*job)(void *arg), void *arg);
/* Sets stop and, still under the lock, runs last(arg) when last is not
 * NULL (what must happen together with the stop); wakes the thread and
 * joins it. Nothing when the thread was never started. */
void vo_ticker_stop(struct vo_ticker *t, void (*last)(void *arg), void *arg);
/* Clears t's lock and condition (the thread stopped). */
void vo_ticker_clear(struct vo_ticker *t);

#endif
