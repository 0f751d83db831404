/*
 * ticker.c - the loop of the server's background threads (ticker.h).
 */
#include "http/ticker.h"

static gpointer run(gpointer data)
{
    struct vo_ticker *t = data;
    vo_mutex_lock(&t->lock);
    while (!t->stop) {
        vo_mutex_unlock(&t->lock);
        t->job(t->arg);
        vo_mutex_lock(&t->lock);
        gint64 until = g_get_monotonic_time() + t->period_us;
        while (!t->stop && vo_cond_wait_until(&t->wake, &t->lock, until))
            ;
    }
    vo_mutex_unlock(&t->lock);
    return NULL;
}

void vo_ticker_init(struct vo_ticker *t)
{
    vo_mutex_init(&t->lock);
    vo_cond_init(&t->wake);
    t->stop = false;
    t->thread = NULL;
}

void vo_ticker_start(struct vo_ticker *t, const char *name, gint64 period_us,
                     void (*job)(void *arg), void *arg)
{
    t->period_us = period_us;
    t->job = job;
    t->arg = arg;
    t->thread = g_thread_new(name, run, t);
}

void vo_ticker_stop(struct vo_ticker *t, void (*last)(void *arg), void *arg)
{
    if (!t->thread)
        return;
    vo_mutex_lock(&t->lock);
    t->stop = true;
    if (last)
        last(arg);
    vo_cond_signal(&t->wake);
    vo_mutex_unlock(&t->lock);
    g_thread_join(t->thread);
    t->thread = NULL;
}

void vo_ticker_clear(struct vo_ticker *t)
{
    vo_cond_clear(&t->wake);
    vo_mutex_clear(&t->lock);
}
