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
 */
#include "service/ratelimit.h"

#include <glib.h>

#include "base/sync.h"

#define UNITS 60000 /* units of a request: per_minute of them a millisecond */

struct bucket {
    int64_t level, at_ms;
};

struct vo_ratelimit {
    vo_mutex lock;
    GHashTable *buckets; /* char *key -> struct bucket * */
    unsigned per_minute, burst;
    size_t max_keys;
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
    out->allowed = b->level >= UNITS;
    if (out->allowed)
        b->level -= UNITS;
    out->limit = rl->burst;
    out->remaining = (unsigned)(b->level / UNITS);
    out->reset_s = ceil_seconds(cap - b->level, rate);
    out->retry_after_s = out->allowed ? 0 : ceil_seconds(UNITS - b->level, rate);
    if (!out->allowed && out->retry_after_s < 1)
        out->retry_after_s = 1;
    vo_mutex_unlock(&rl->lock);
}
