/*
 * forecast.h - the forecast of METRICS.md "Forecast" (issue 12, item 5):
 * stage probabilities, the weighted pipeline, the Monte Carlo forecast of
 * a period's revenue (P10 / P50 / P90) and its backtest over the 6 months
 * before the month of as_of, for the department (or one user's deals) and
 * per user; with the open deals' chance to close inside the period.
 *
 * Rules (docs/reports.md, "Forecast"; the sampling: docs/internals/
 * analytics.md, "Forecast"):
 * - E = as_of (exclusive). The history is the deals closed in the 12
 *   months before E, [E - 12 calendar months, E) in the org's zone.
 * - p(s): among those deals that reached s (the funnel's notion,
 *   vo_funnel_deal_at), the share won; NaN when none reached s.
 * - delay(s): the durations closed_at - (first entry into s) of the deals
 *   of the history that were WON and have a recorded visit to s; when
 *   there is none, the sales cycles (closed_at - created_at) of the won
 *   deals of the history.
 * - An open deal at E (created before E, not closed before E: a deal
 *   closed after E is open) in stage s at E is won in a run with
 *   probability p(s) (NaN counts 0) and then closes at E + d, d drawn
 *   uniformly from delay(s); it counts in the period [start, end) when
 *   start <= E + d < end. A deal without amount counts 0.
 * - So every deal in s adds its amount with the same probability
 *   q(s) = p(s) * F(s), F(s) the share of delay(s) landing in the period,
 *   independently: a run draws, per stage, the winners by geometric
 *   skipping (exact for independent Bernoulli(q) trials).
 * - fact = revenue of the period so far (deals won in [start, min(E, end))).
 *   A run's total = fact + the amounts drawn; runs VO_FC_RUNS, PRNG
 *   xoshiro256** seeded by splitmix64 from VO_FC_SEED; percentiles by the
 *   nearest rank (the ceil(k/100 * N)-th smallest).
 * - weighted pipeline = sum of amount * p(s) over open deals, rounded half
 *   away from zero once.
 * - backtest: for each of the 6 calendar months before the month of
 *   as_of's local date (oldest first), the same forecast as of its first
 *   instant with that month as the period: forecast = its P50, actual =
 *   the revenue of that month, ape = |forecast - actual| / actual (NaN when
 *   actual is 0, left out of the mean), mape = mean ape (NaN when none).
 */
#ifndef VO_ANALYTICS_FORECAST_H
#define VO_ANALYTICS_FORECAST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analytics/calendar.h"
#include "analytics/dataset.h"
#include "base/arena.h"
#include "base/err.h"

#define VO_FC_RUNS     10000
#define VO_FC_SEED     20261203u
#define VO_FC_BACKTEST 6
#define VO_FC_ANY_USER (-1)
#define VO_FC_ANY_PIPE (-1)

struct vo_fc_query {
    int64_t as_of;           /* E, exclusive */
    struct vo_period period; /* the period forecast */
    int32_t pipeline;        /* only its deals; VO_FC_ANY_PIPE = every pipeline */
    int32_t user;            /* only this owner's deals at the top; VO_FC_ANY_USER */
    bool by_user;            /* also a row per user */
    bool list;               /* also the open deals with their chances */
    int runs;                /* Monte Carlo runs (VO_FC_RUNS) */
    uint64_t seed;           /* VO_FC_SEED */
};

/* The figures of one scope (money in minor units). */
struct vo_fc_figures {
    int64_t weighted_pipeline, open_deals, fact, p10, p50, p90;
};

struct vo_fc_month {
    struct vo_date first; /* the month's first day; as_of = its first instant */
    int64_t forecast;     /* P50 */
    int64_t actual;       /* revenue of the month */
    double ape;           /* NaN when actual is 0 */
};

struct vo_fc_backtest {
    double mape; /* NaN when no month has an ape */
    struct vo_fc_month months[VO_FC_BACKTEST];
};

struct vo_fc_row {
    int32_t user; /* user index */
    struct vo_fc_figures f;
    struct vo_fc_backtest bt;
};

/* An open deal at as_of with its chance to close won inside the period. */
struct vo_fc_deal {
    int32_t deal, stage;    /* dataset indexes; stage -1 = none */
    double prob;            /* q(stage) */
    int64_t expected_close; /* as_of + the median of delay(stage); VO_NULL when none */
};

struct vo_forecast {
    double *p;             /* per dataset stage (ds->stages.n): p(s), NaN = none */
    int64_t *delay_median; /* per stage: median of delay(s), seconds; VO_NULL = none */
    struct vo_fc_figures f;
    struct vo_fc_backtest bt;
    struct vo_fc_row *rows; /* by_user: by user name */
    size_t nrows;
    struct vo_fc_deal *deals; /* list: by prob desc, amount desc, index */
    size_t ndeals;
    /* the fact so far day by day (for the fan chart): fact_day[i] = the
     * revenue of [period start, the end of its i-th day) (clipped at
     * as_of), for the days of the period that started before as_of */
    int64_t *fact_day;
    size_t nfact_days;
};

/* Computes q over ds into *out (arrays in a). VO_EINVAL when runs is
 * outside 1..1000000, VO_ENOMEM. Deterministic: the same dataset and query give the same
 * figures. */
vo_err vo_forecast_compute(const struct vo_dataset *ds, const struct vo_fc_query *q,
                           struct vo_arena *a, struct vo_forecast *out, struct vo_error *e);

/* The Monte Carlo core, exposed for its tests: the nst groups of items
 * amt[g][0..n[g]) each added with probability q[g], independently, runs
 * times from seed, plus base; the nearest-rank P10 / P50 / P90 of the
 * totals into pct[0..3). VO_ENOMEM. */
vo_err vo_fc_monte_carlo(size_t nst, const int64_t *const *amt, const size_t *n, const double *q,
                         int64_t base, int runs, uint64_t seed, int64_t pct[3], struct vo_error *e);

#endif
