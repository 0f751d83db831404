/*
 * ratelimit.h - the API's rate limit: a token bucket per principal (an API
 * token, or a signed-in user's sessions together), kept in memory by the
 * serving process (docs/api-session.md, "Rate limits"). A bucket holds up
 * to burst requests and fills at per_minute requests a minute; a request
 * takes one, and is refused when none is left.
 */
#ifndef VO_SERVICE_RATELIMIT_H
#define VO_SERVICE_RATELIMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
/* Takes one request from the bucket of key (copied) at now_ms (a monotonic
 * clock in milliseconds); thread-safe. */
void vo_ratelimit_take(struct vo_ratelimit *rl, const char *key, int64_t now_ms,
                       struct vo_rate_verdict *out);
/* The settings it was made with. */
unsigned vo_ratelimit_per_minute(const struct vo_ratelimit *rl);

#endif
