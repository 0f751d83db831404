/*
 * nps.h - NPS (METRICS.md "Clients"; docs/reports.md "NPS"): the answers
 * of a period counted into promoters (score 9-10), passives (7-8) and
 * detractors (0-6), and NPS = 100 * (promoters - detractors) / responses
 * with one decimal, rounded half away from zero (exact: integer
 * arithmetic, never a double rounding). Grouped by nothing (one group),
 * by the client's channel, the client's owner (user), the client's
 * segment or by the local month of the answer ("YYYY-MM": every month of
 * the period, empty ones with nps NaN, so a trend is a series).
 *
 * The answers are not in the dataset: the service reads them from the
 * store and hands them here as a plain array; the clients, their owners,
 * channels and segments are the dataset's.
 *
 * Rules:
 * - an answer counts when period.start <= at < min(period.end, as_of);
 * - with self >= 0 (a manager) only answers of clients owned by self;
 * - groups other than by month hold the keys with an answer, ordered by
 *   the key (byte order), the group without a key (null) last;
 * - the detractors of the counted answers are listed, newest first (then
 *   the higher answer id first).
 */
#ifndef VO_ANALYTICS_NPS_H
#define VO_ANALYTICS_NPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analytics/calendar.h"
#include "analytics/dataset.h"
#include "base/arena.h"
#include "base/err.h"

/* One answer, as the service hands it. */
struct vo_nps_answer {
    int64_t id;          /* the store's */
    int32_t client;      /* dataset client index, -1 = not in the dataset */
    int64_t at;          /* unix seconds */
    int score;           /* 0..10 */
    const char *comment; /* may be NULL */
};

enum vo_nps_by {
    VO_NPS_BY_NONE,
    VO_NPS_BY_CHANNEL,
    VO_NPS_BY_USER,
    VO_NPS_BY_SEGMENT,
    VO_NPS_BY_MONTH
};

/* "channel", "user", "segment", "month" (NULL: none); false otherwise. */
bool vo_nps_by_parse(const char *s, enum vo_nps_by *out);
/* The JSON name of by ("channel", ...; NULL for none). */
const char *vo_nps_by_name(enum vo_nps_by by);

struct vo_nps_query {
    struct vo_period period;
    int64_t as_of; /* exclusive */
    enum vo_nps_by by;
    int32_t self; /* user index to restrict to, -1 = none */
};

struct vo_nps_group {
    const char *key; /* channel code, user email, segment, "YYYY-MM"; NULL = none */
    int32_t user;    /* by user: the user index, else -1 */
    int64_t responses, promoters, passives, detractors;
    double nps; /* NaN when no responses */
};

struct vo_nps_result {
    enum vo_nps_by by;
    const struct vo_nps_answer *answers; /* the answers counted from (borrowed) */
    struct vo_nps_group *groups;
    size_t ngroups;
    size_t *detractors; /* indexes into the answers, newest first */
    size_t ndetractors;
};

/* NPS of the counts with one decimal, half away from zero; NaN for 0
 * responses. */
double vo_nps_value(int64_t promoters, int64_t detractors, int64_t responses);

/* Counts answers v[0..n) (borrowed; kept by out's detractor indexes) per
 * q over ds into *out (in arena a). VO_ENOMEM. */
vo_err vo_nps_compute(const struct vo_dataset *ds, const struct vo_nps_query *q,
                      const struct vo_nps_answer *v, size_t n, struct vo_arena *a,
                      struct vo_nps_result *out, struct vo_error *e);

struct vo_report_query;
/* The engine's query of a report request (analytics/report_query.h):
 * the period, as_of, by (VO_EINVAL naming "by" unless channel, user,
 * segment or month) and the manager's restriction (q->self). */
vo_err vo_report_nps_query(const struct vo_report_query *q, struct vo_nps_query *out,
                           struct vo_error *e);

#endif
