/*
 * ratelimit.h - the API's rate limit: a token bucket per principal (an API
 * token, or a signed-in user's sessions together), kept in memory by the
 * serving process (docs/api-session.md, "Rate limits"). A bucket holds up
 * to burst requests and fills at per_minute requests a minute; a request
 * takes one, and is refused when none is left.
 *
 * On PostgreSQL several servers share the buckets (vo_ratelimit_share):
 * each is a row of rate_buckets per (org, principal), filled and taken
 * from by one statement per request (store/throttle_store.c), with the
 * same arithmetic, so a principal's requests count on every server.
 */
#ifndef VO_SERVICE_RATELIMIT_H
#define VO_SERVICE_RATELIMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* The defaults of voronka serve (--rate-limit, --rate-burst). */
#define VO_RATE_LIMIT_DEFAULT 600u
#define VO_RATE_BURST_DEFAULT 100u
/* The bounds of both settings. */
#define VO_RATE_MAX 1000000u

struct vo_ratelimit;

/* What a request got: whether it may go on; the bucket's size (limit),
 * the requests left in it (remaining), the whole seconds until it is full
 * again (reset) and, when refused, until one request is back
 * (retry_after, at least 1). */
struct vo_rate_verdict {
    bool allowed;
    unsigned limit, remaining;
    int64_t reset_s, retry_after_s;
};

/* A limiter of per_minute requests a minute (1..VO_RATE_MAX) with bursts
 * of burst (1..VO_RATE_MAX); at most max_keys principals are tracked (0:
 * 65,536), the full buckets forgotten first. vo_ratelimit_free frees it. */
struct vo_ratelimit *vo_ratelimit_new(unsigned per_minute, unsigned burst, size_t max_keys);
void vo_ratelimit_free(struct vo_ratelimit *rl);
/* From now on rl keeps its buckets in the database of the store given to
 * vo_ratelimit_take_in, on the wall clock (vo_ratelimit_now); a take whose
 * store fails, or given none, is counted in this process's memory. */
void vo_ratelimit_share(struct vo_ratelimit *rl);
/* The clock to give rl: monotonic milliseconds, or the wall clock's when
 * shared (every server reads it alike). */
int64_t vo_ratelimit_now(const struct vo_ratelimit *rl);
/* Takes one request from the bucket of key (copied) at now_ms
 * (vo_ratelimit_now); thread-safe. */
void vo_ratelimit_take(struct vo_ratelimit *rl, const char *key, int64_t now_ms,
                       struct vo_rate_verdict *out);
/* The same for a principal of org: in st's database when rl is shared. */
void vo_ratelimit_take_in(struct vo_ratelimit *rl, struct vo_store *st, int64_t org,
                          const char *key, int64_t now_ms, struct vo_rate_verdict *out);
/* The settings it was made with. */
unsigned vo_ratelimit_per_minute(const struct vo_ratelimit *rl);

#endif
