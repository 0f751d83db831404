/*
 * test_ratelimit.c - the token buckets of service/ratelimit.c on a clock
 * the test gives: 60 requests a minute (one back every 1000 ms) in bursts
 * of 3.
 */
#include <criterion/criterion.h>

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
