/*
 * sync.h - mutexes, condition variables and read-write locks over pthreads,
 * error-checked: a failing call (EDEADLK from relocking, EPERM from
 * unlocking what this thread does not hold, EINVAL) aborts with its name
 * instead of being ignored.
 *
 * Why not GLib's GMutex / GCond / GRWLock: on Linux GMutex and GCond are
 * built on futexes, which ThreadSanitizer does not see, so a TSan build
 * (VO_TSAN, docs/internals/testing.md) would report every access they
 * guard as a race. pthread's calls are intercepted by TSan, so under these
 * the TSan build checks our real locking. The semantics are GLib's:
 * vo_cond_wait_until takes an absolute g_get_monotonic_time() deadline
 * (CLOCK_MONOTONIC, microseconds) and says whether it woke before it; a
 * vo_rwlock is what a GRWLock already was on Linux (a pthread_rwlock_t with
 * default attributes). The one difference: an initialised vo_mutex is
 * error-checking, so a relock or a foreign unlock aborts where a GMutex
 * would deadlock or corrupt.
 */
#ifndef VO_BASE_SYNC_H
#define VO_BASE_SYNC_H

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct {
    pthread_mutex_t m;
} vo_mutex;

typedef struct {
    pthread_cond_t c;
} vo_cond;

typedef struct {
    pthread_rwlock_t l;
} vo_rwlock;

/* For a static mutex or condition (no init or clear needed); such a mutex
 * is pthread's default kind, whose relock is not diagnosed, and such a
 * condition's clock is CLOCK_REALTIME: use vo_cond_init for timed waits. */
#define VO_MUTEX_INIT                                                                              \
    {                                                                                              \
        PTHREAD_MUTEX_INITIALIZER                                                                  \
    }
#define VO_COND_INIT                                                                               \
    {                                                                                              \
        PTHREAD_COND_INITIALIZER                                                                   \
    }

/* Aborts naming the call and its error code. */
_Noreturn void vo_sync_fail(const char *what, int rc);

void vo_mutex_init(vo_mutex *mu); /* an error-checking mutex */
void vo_mutex_clear(vo_mutex *mu);
void vo_cond_init(vo_cond *c); /* timed waits on CLOCK_MONOTONIC */
void vo_cond_clear(vo_cond *c);
void vo_rwlock_init(vo_rwlock *l);
void vo_rwlock_clear(vo_rwlock *l);
/* Waits for a signal or until end_us (g_get_monotonic_time()'s clock);
 * false when the deadline passed. Spurious wake-ups return true, as
 * g_cond_wait_until's do: callers loop on their condition. */
bool vo_cond_wait_until(vo_cond *c, vo_mutex *mu, int64_t end_us);

/* Aborts through vo_sync_fail when the pthread call `what` returned rc != 0. */
static inline void vo_sync_check(int rc, const char *what)
{
    if (rc)
        vo_sync_fail(what, rc);
}

static inline void vo_mutex_lock(vo_mutex *mu)
{
    vo_sync_check(pthread_mutex_lock(&mu->m), "pthread_mutex_lock");
}

static inline void vo_mutex_unlock(vo_mutex *mu)
{
    vo_sync_check(pthread_mutex_unlock(&mu->m), "pthread_mutex_unlock");
}

static inline void vo_cond_wait(vo_cond *c, vo_mutex *mu)
{
    vo_sync_check(pthread_cond_wait(&c->c, &mu->m), "pthread_cond_wait");
}

static inline void vo_cond_signal(vo_cond *c)
{
    vo_sync_check(pthread_cond_signal(&c->c), "pthread_cond_signal");
}

static inline void vo_cond_broadcast(vo_cond *c)
{
    vo_sync_check(pthread_cond_broadcast(&c->c), "pthread_cond_broadcast");
}

static inline void vo_rwlock_reader_lock(vo_rwlock *l)
{
    vo_sync_check(pthread_rwlock_rdlock(&l->l), "pthread_rwlock_rdlock");
}

static inline void vo_rwlock_writer_lock(vo_rwlock *l)
{
    vo_sync_check(pthread_rwlock_wrlock(&l->l), "pthread_rwlock_wrlock");
}

/* false when another thread holds the lock (EBUSY). */
static inline bool vo_rwlock_writer_trylock(vo_rwlock *l)
{
    int rc = pthread_rwlock_trywrlock(&l->l);
    if (rc == 0)
        return true;
    if (rc != EBUSY)
        vo_sync_fail("pthread_rwlock_trywrlock", rc);
    return false;
}

/* One unlock for both sides, as pthread has. */
static inline void vo_rwlock_unlock(vo_rwlock *l)
{
    vo_sync_check(pthread_rwlock_unlock(&l->l), "pthread_rwlock_unlock");
}

#endif
