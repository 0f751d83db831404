/*
 * ratelimit.c - token buckets per principal (ratelimit.h).
 *
 * Invariants, under rl->lock: a bucket's level is in units of 1/60,000 of
 * a request, so that per_minute requests a minute are per_minute units a
 * millisecond and all arithmetic is in integers: 0 <= level <= cap, cap =
 * burst * 60,000; a bucket is filled (level += elapsed_ms * per_minute,
 * capped at cap) only when it is taken from, and at_ms is the instant of
 * that fill (never moving back: a clock reading older than at_ms adds
 * nothing). The largest product, VO_RATE_MAX * 60,000 * 2, fits an int64
 * with room; elapsed time is capped at the time to fill from empty.
 *
 * Shared, the level and at_ms of a bucket are a row's, and the fill and
 * the take are one upsert (store/throttle_store.c, the same arithmetic in
 * SQL): the row's lock orders two servers' takes. Every PURGE_EVERY-th
 * shared take of a process also forgets the rows that are full by then.
 */
#include "service/ratelimit.h"

#include <glib.h>

#include "base/sync.h"

#define UNITS       60000 /* units of a request: per_minute of them a millisecond */
#define PURGE_EVERY 4096

struct bucket {
    int64_t level, at_ms;
};

struct vo_ratelimit {
    vo_mutex lock;
    GHashTable *buckets; /* char *key -> struct bucket * */
    unsigned per_minute, burst;
    size_t max_keys;
    bool shared;
    unsigned takes; /* shared takes, under lock: the purge's turn */
};

struct vo_ratelimit *vo_ratelimit_new(unsigned per_minute, unsigned burst, size_t max_keys)
{
    struct vo_ratelimit *rl = g_new0(struct vo_ratelimit, 1);
    vo_mutex_init(&rl->lock);
    rl->buckets = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    rl->per_minute = per_minute < 1 ? 1 : per_minute > VO_RATE_MAX ? VO_RATE_MAX : per_minute;
    rl->burst = burst < 1 ? 1 : burst > VO_RATE_MAX ? VO_RATE_MAX : burst;
    rl->max_keys = max_keys ? max_keys : 65536;
    return rl;
}

void vo_ratelimit_free(struct vo_ratelimit *rl)
{
    if (!rl)
        return;
    g_hash_table_destroy(rl->buckets);
    vo_mutex_clear(&rl->lock);
    g_free(rl);
}

void vo_ratelimit_share(struct vo_ratelimit *rl)
{
    if (rl)
        rl->shared = true;
}

int64_t vo_ratelimit_now(const struct vo_ratelimit *rl)
{
    return (rl && rl->shared ? g_get_real_time() : g_get_monotonic_time()) / 1000;
}

unsigned vo_ratelimit_per_minute(const struct vo_ratelimit *rl)
{
    return rl->per_minute;
}

/* g_hash_table_foreach_remove: a bucket that is full by now. */
static gboolean is_full(gpointer key, gpointer value, gpointer data)
{
    (void)key;
    const struct bucket *b = value;
    const int64_t *now_cap_rate = data;
    int64_t elapsed = now_cap_rate[0] - b->at_ms;
    return elapsed >= (now_cap_rate[1] - b->level) / now_cap_rate[2] + 1;
}

/* Ceil of a / b in whole seconds, for a in units and b units a millisecond. */
static int64_t ceil_seconds(int64_t units, int64_t rate)
{
    int64_t ms = (units + rate - 1) / rate;
    return (ms + 999) / 1000;
}

/* The verdict of a take that left level in the bucket. */
static void verdict(const struct vo_ratelimit *rl, bool allowed, int64_t level,
                    struct vo_rate_verdict *out)
{
    const int64_t cap = (int64_t)rl->burst * UNITS, rate = rl->per_minute;
    out->allowed = allowed;
    out->limit = rl->burst;
    out->remaining = (unsigned)(level / UNITS);
    out->reset_s = ceil_seconds(cap - level, rate);
    out->retry_after_s = allowed ? 0 : ceil_seconds(UNITS - level, rate);
    if (!allowed && out->retry_after_s < 1)
        out->retry_after_s = 1;
}

void vo_ratelimit_take(struct vo_ratelimit *rl, const char *key, int64_t now_ms,
                       struct vo_rate_verdict *out)
{
    const int64_t cap = (int64_t)rl->burst * UNITS, rate = rl->per_minute;
    vo_mutex_lock(&rl->lock);
    struct bucket *b = g_hash_table_lookup(rl->buckets, key);
    if (!b) {
        if (g_hash_table_size(rl->buckets) >= rl->max_keys) {
            int64_t d[3] = {now_ms, cap, rate};
            g_hash_table_foreach_remove(rl->buckets, is_full, d);
            if (g_hash_table_size(rl->buckets) >= rl->max_keys)
                g_hash_table_remove_all(rl->buckets); /* bounded: start over */
        }
        b = g_new(struct bucket, 1);
        b->level = cap;
        b->at_ms = now_ms;
        g_hash_table_insert(rl->buckets, g_strdup(key), b);
    }
    if (now_ms > b->at_ms) {
        int64_t elapsed = now_ms - b->at_ms, to_full = (cap - b->level) / rate + 1;
        b->level += (elapsed < to_full ? elapsed : to_full) * rate;
        if (b->level > cap)
            b->level = cap;
        b->at_ms = now_ms;
    }
    bool allowed = b->level >= UNITS;
    if (allowed)
        b->level -= UNITS;
    verdict(rl, allowed, b->level, out);
    vo_mutex_unlock(&rl->lock);
}

void vo_ratelimit_take_in(struct vo_ratelimit *rl, struct vo_store *st, int64_t org,
                          const char *key, int64_t now_ms, struct vo_rate_verdict *out)
{
    if (!rl->shared || !st) {
        vo_ratelimit_take(rl, key, now_ms, out);
        return;
    }
    const int64_t cap = (int64_t)rl->burst * UNITS, rate = rl->per_minute;
    int64_t level = 0;
    bool allowed = false;
    if (vo_store_rate_take(st, org, key, now_ms, cap, rate, UNITS, &level, &allowed, NULL)) {
        vo_ratelimit_take(rl, key, now_ms, out); /* the database failed: this process counts */
        return;
    }
    verdict(rl, allowed, level, out);
    vo_mutex_lock(&rl->lock);
    bool purge = ++rl->takes % PURGE_EVERY == 0;
    vo_mutex_unlock(&rl->lock);
    if (purge)
        vo_store_rate_purge(st, now_ms, cap, rate, NULL);
}
