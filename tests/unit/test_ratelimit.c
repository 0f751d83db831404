/*
 * test_ratelimit.c - the token buckets of service/ratelimit.c on a clock
 * the test gives: 60 requests a minute (one back every 1000 ms) in bursts
 * of 3; and the limiter shared by threads (built under ThreadSanitizer by
 * make test: CMakeLists.txt's VO_TSAN list).
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#include "service/ratelimit.h"

Test(ratelimit, burst_then_one_a_second)
{
    struct vo_ratelimit *rl = vo_ratelimit_new(60, 3, 0);
    struct vo_rate_verdict v;
    for (unsigned i = 0; i < 3; i++) {
        vo_ratelimit_take(rl, "t1", 0, &v);
        cr_assert(v.allowed);
        cr_assert_eq(v.limit, 3u);
        cr_assert_eq(v.remaining, 2 - i);
        cr_assert_eq(v.reset_s, (int64_t)i + 1, "%u used: full again in %u s", i + 1, i + 1);
    }
    vo_ratelimit_take(rl, "t1", 0, &v);
    cr_assert(!v.allowed);
    cr_assert_eq(v.retry_after_s, 1);
    vo_ratelimit_take(rl, "t2", 0, &v); /* another key, its own bucket */
    cr_assert(v.allowed);
    vo_ratelimit_take(rl, "t1", 999, &v); /* 999/1000 of a request back */
    cr_assert(!v.allowed);
    vo_ratelimit_take(rl, "t1", 1999, &v); /* 1.998 back: one taken */
    cr_assert(v.allowed);
    cr_assert_eq(v.remaining, 0u);
    vo_ratelimit_take(rl, "t1", 500, &v); /* a clock behind adds nothing */
    cr_assert(!v.allowed);
    vo_ratelimit_take(rl, "t1", 10 * 60 * 1000, &v); /* long idle: full, not more */
    cr_assert(v.allowed);
    cr_assert_eq(v.remaining, 2u);
    vo_ratelimit_free(rl);
}

Test(ratelimit, bounded_keys)
{
    struct vo_ratelimit *rl = vo_ratelimit_new(60, 1, 2);
    struct vo_rate_verdict v;
    vo_ratelimit_take(rl, "a", 0, &v);
    vo_ratelimit_take(rl, "b", 0, &v);
    vo_ratelimit_take(rl, "c", 0, &v); /* the table is full of empty buckets: starts over */
    cr_assert(v.allowed);
    vo_ratelimit_take(rl, "a", 0, &v); /* forgotten: a new, full bucket */
    cr_assert(v.allowed);
    vo_ratelimit_free(rl);
}

/* Server threads share one limiter: 4 threads take 500 requests each
 * from one bucket of 50 at the same instant, while each also fills the
 * table (8 keys) with keys of its own so buckets are forgotten under
 * them. Exactly the 50 of the shared bucket are allowed, whatever the
 * interleaving (and TSan sees no race). */
enum { THREADS = 4, TAKES = 500 };

struct hammer {
    struct vo_ratelimit *rl;
    int id;
    atomic_int *allowed;
};

static void *hammer_run(void *arg)
{
    struct hammer *h = arg;
    char own[32];
    for (int i = 0; i < TAKES; i++) {
        struct vo_rate_verdict v;
        vo_ratelimit_take(h->rl, "shared", 0, &v);
        if (v.allowed)
            atomic_fetch_add(h->allowed, 1);
        snprintf(own, sizeof own, "t%d-%d", h->id, i % 3);
        vo_ratelimit_take(h->rl, own, 0, &v);
    }
    return NULL;
}

Test(ratelimit, shared_by_threads)
{
    struct vo_ratelimit *rl = vo_ratelimit_new(60, 50, 64);
    atomic_int allowed = 0;
    pthread_t t[THREADS];
    struct hammer h[THREADS];
    for (int i = 0; i < THREADS; i++) {
        h[i] = (struct hammer){rl, i, &allowed};
        cr_assert_eq(pthread_create(&t[i], NULL, hammer_run, &h[i]), 0);
    }
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    cr_assert_eq(atomic_load(&allowed), 50, "allowed %d of the bucket's 50", atomic_load(&allowed));
    vo_ratelimit_free(rl);
}
