/*
 * test_ratelimit.c - the token buckets of service/ratelimit.c on a clock
 * the test gives: 60 requests a minute (one back every 1000 ms) in bursts
 * of 3; and the limiter shared by threads (built under ThreadSanitizer by
 * make test: CMakeLists.txt's VO_TSAN list). On PostgreSQL
 * (pg_test_ratelimit) also the buckets several servers share
 * (vo_ratelimit_share: rows of rate_buckets): the same verdicts as one
 * process's, whichever server takes, and exact under parallel takes on
 * connections of their own.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#include "service/ratelimit.h"
#include "testdb.h"
#include "testutil.h"

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

/* ---- shared by several servers (PostgreSQL) ---- */

static struct vo_store *open_store(const char *url)
{
    struct vo_store *st = NULL;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_open(url, VO_STORE_CREATE, &st, &e), VO_OK, "%s", e.msg);
    return st;
}

Test(ratelimit, servers_share_a_bucket_with_one_process_verdicts)
{
    if (!vo_test_pg())
        cr_skip_test("the buckets are shared on PostgreSQL only (SQLite has one server)");
    char *dir = vo_test_tmpdir();
    char *url = vo_test_db(dir, "db");
    struct vo_store *st[2] = {open_store(url), open_store(url)};
    struct vo_ratelimit *srv[2] = {vo_ratelimit_new(60, 3, 0), vo_ratelimit_new(60, 3, 0)};
    vo_ratelimit_share(srv[0]);
    vo_ratelimit_share(srv[1]);
    /* one process fed the same requests: what the two together must say */
    struct vo_ratelimit *one = vo_ratelimit_new(60, 3, 0);
    static const int64_t at[] = {0, 0, 0, 0, 999, 1999, 500, 2500, 10 * 60 * 1000, 10 * 60 * 1000};
    static const bool want[] = {true, true, true, false, false, true, false, true, true, true};
    for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
        struct vo_rate_verdict v, w;
        vo_ratelimit_take_in(srv[i % 2], st[i % 2], 7, "t1", at[i], &v);
        vo_ratelimit_take(one, "t1", at[i], &w);
        cr_assert_eq(v.allowed, want[i], "take %zu", i);
        cr_assert_eq(v.allowed, w.allowed, "take %zu", i);
        cr_assert_eq(v.limit, w.limit);
        cr_assert_eq(v.remaining, w.remaining, "take %zu: %u left, one process %u", i, v.remaining,
                     w.remaining);
        cr_assert_eq(v.reset_s, w.reset_s, "take %zu", i);
        cr_assert_eq(v.retry_after_s, w.retry_after_s, "take %zu", i);
    }
    /* the same principal in another org has a bucket of its own */
    struct vo_rate_verdict v;
    vo_ratelimit_take_in(srv[0], st[0], 8, "t1", 10 * 60 * 1000, &v);
    cr_assert(v.allowed);
    cr_assert_eq(v.remaining, 2u);
    cr_assert_eq(vo_test_sql_int(url, "SELECT count(*) FROM rate_buckets"), 2);
    /* a bucket full by then is forgotten (a fresh one is full): org 8's
     * is full a second after its take, org 7's (one left) 2 s after */
    struct vo_error e = {0};
    cr_assert_eq(vo_store_rate_purge(st[1], 10 * 60 * 1000 + 1000, 3 * 60000, 60, &e), VO_OK);
    cr_assert_eq(vo_test_sql_int(url, "SELECT count(*) FROM rate_buckets"), 1);
    cr_assert_eq(vo_store_rate_purge(st[1], 10 * 60 * 1000 + 2000, 3 * 60000, 60, &e), VO_OK);
    cr_assert_eq(vo_test_sql_int(url, "SELECT count(*) FROM rate_buckets"), 0);
    vo_ratelimit_free(one);
    for (int i = 0; i < 2; i++) {
        vo_ratelimit_free(srv[i]);
        vo_store_close(st[i]);
    }
    g_free(url);
    vo_test_rmtree(dir);
    g_free(dir);
}

/* Servers taking from one bucket at once, each on its own connection. */
struct server_hammer {
    struct vo_ratelimit *rl;
    const char *url;
    atomic_int *allowed;
};

static void *server_run(void *arg)
{
    struct server_hammer *h = arg;
    struct vo_store *st = NULL;
    struct vo_error e = {0};
    if (vo_store_open(h->url, 0, &st, &e) != VO_OK)
        return NULL;
    for (int i = 0; i < 100; i++) {
        struct vo_rate_verdict v;
        vo_ratelimit_take_in(h->rl, st, 7, "shared", 0, &v);
        if (v.allowed)
            atomic_fetch_add(h->allowed, 1);
    }
    vo_store_close(st);
    return NULL;
}

Test(ratelimit, servers_taking_at_once_get_the_bucket_exactly)
{
    if (!vo_test_pg())
        cr_skip_test("the buckets are shared on PostgreSQL only (SQLite has one server)");
    char *dir = vo_test_tmpdir();
    char *url = vo_test_db(dir, "db");
    atomic_int allowed = 0;
    pthread_t t[THREADS];
    struct server_hammer h[THREADS];
    for (int i = 0; i < THREADS; i++) {
        h[i] = (struct server_hammer){vo_ratelimit_new(60, 50, 0), url, &allowed};
        vo_ratelimit_share(h[i].rl);
        cr_assert_eq(pthread_create(&t[i], NULL, server_run, &h[i]), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        vo_ratelimit_free(h[i].rl);
    }
    cr_assert_eq(atomic_load(&allowed), 50, "allowed %d of the bucket's 50", atomic_load(&allowed));
    g_free(url);
    vo_test_rmtree(dir);
    g_free(dir);
}
