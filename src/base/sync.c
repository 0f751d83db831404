/*
 * sync.c - the out-of-line half of sync.h: initialisation with the
 * attributes (an error-checking mutex, a monotonic condition clock), the
 * timed wait, and the abort.
 */
#include "base/sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

_Noreturn void vo_sync_fail(const char *what, int rc)
{
    fprintf(stderr, "voronka: %s failed: %s\n", what, strerror(rc));
    abort();
}

void vo_mutex_init(vo_mutex *mu)
{
    pthread_mutexattr_t at;
    int rc = pthread_mutexattr_init(&at);
    if (!rc)
        rc = pthread_mutexattr_settype(&at, PTHREAD_MUTEX_ERRORCHECK);
    if (!rc)
        rc = pthread_mutex_init(&mu->m, &at);
    if (rc)
        vo_sync_fail("pthread_mutex_init", rc);
    pthread_mutexattr_destroy(&at);
}

void vo_mutex_clear(vo_mutex *mu)
{
    vo_sync_check(pthread_mutex_destroy(&mu->m), "pthread_mutex_destroy");
}

void vo_cond_init(vo_cond *c)
{
    pthread_condattr_t at;
    int rc = pthread_condattr_init(&at);
    if (!rc)
        rc = pthread_condattr_setclock(&at, CLOCK_MONOTONIC);
    if (!rc)
        rc = pthread_cond_init(&c->c, &at);
    if (rc)
        vo_sync_fail("pthread_cond_init", rc);
    pthread_condattr_destroy(&at);
}

void vo_cond_clear(vo_cond *c)
{
    vo_sync_check(pthread_cond_destroy(&c->c), "pthread_cond_destroy");
}

void vo_rwlock_init(vo_rwlock *l)
{
    vo_sync_check(pthread_rwlock_init(&l->l, NULL), "pthread_rwlock_init");
}

void vo_rwlock_clear(vo_rwlock *l)
{
    vo_sync_check(pthread_rwlock_destroy(&l->l), "pthread_rwlock_destroy");
}

bool vo_cond_wait_until(vo_cond *c, vo_mutex *mu, int64_t end_us)
{
    struct timespec ts;
    ts.tv_sec = (time_t)(end_us / 1000000);
    ts.tv_nsec = (long)(end_us % 1000000) * 1000;
    int rc = pthread_cond_timedwait(&c->c, &mu->m, &ts);
    if (rc == ETIMEDOUT)
        return false;
    if (rc)
        vo_sync_fail("pthread_cond_timedwait", rc);
    return true;
}
