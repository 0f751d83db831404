/*
 * bonus.h - a month's bonus per user (METRICS.md "People", docs/
 * bonuses.md): base + round(commission x multiplier) + the KPI bonuses
 * met, with the breakdown line by line. The facts and plans are the
 * plan-fact's (vo_pf_compute of the month): no second computation.
 *
 * Exactness: a rate, a multiplier, a tier's lower bound and a KPI's min
 * pct are integer millionths (ppm: 0.05 -> 50000, 70% -> 700000); a
 * figure is an integer in its plan unit times a scale (money in minor
 * units, minutes in seconds, counts as they are), so "pct >= from" is
 * fact * 1e6 >= plan * from_ppm in 128-bit integers: exactly 70% takes
 * the tier from 70%, 69.99% does not. Rounding is half away from zero,
 * in integers: commission = round(rate_ppm x fact / 1e6), its paid part
 * round(commission x mult_ppm / 1e6). Every int64 step is checked
 * (base/checked.h): a payout beyond int64 is VO_EINVAL, never a wrap.
 */
#ifndef VO_ANALYTICS_BONUS_H
#define VO_ANALYTICS_BONUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analytics/calendar.h"
#include "analytics/dataset.h"
#include "base/arena.h"
#include "base/err.h"
#include "model/model.h"

#define VO_BONUS_PPM INT64_C(1000000)

struct vo_bonus_tier {
    int64_t from_ppm, mult_ppm; /* applies from pct >= from (inclusive) */
};

struct vo_bonus_kpi {
    enum vo_metric metric; /* additive */
    int64_t min_ppm;       /* met when pct >= min */
    int64_t bonus;         /* minor units */
};

/* One version of a scheme's terms (borrowed by the results). */
struct vo_bonus_terms {
    const char *scheme;     /* its name */
    const char *from_month; /* "YYYY-MM" the version is effective from */
    int64_t base;           /* minor units */
    enum vo_metric metric;  /* the commission's (and the tiers') metric: money */
    int64_t rate_ppm;
    const struct vo_bonus_tier *tiers; /* by from_ppm, strictly increasing */
    size_t ntiers;
    const struct vo_bonus_kpi *kpi;
    size_t nkpi;
};

/* A metric's exact month figures: fact and plan in the plan's unit times
 * vo_bonus_scale (no plan: has_plan false, or a plan of 0). */
struct vo_bonus_figure {
    int64_t fact, plan;
    bool has_plan;
};

/* The scale of a metric's raw figures: 60 for call_minutes (seconds),
 * else 1. */
int64_t vo_bonus_scale(enum vo_metric m);

enum vo_bonus_line_kind {
    VO_BONUS_BASE,        /* the base salary */
    VO_BONUS_COMMISSION,  /* rate x fact */
    VO_BONUS_MULTIPLIER,  /* the tier's multiplier: the paid part minus the commission */
    VO_BONUS_NO_PLAN,     /* no plan for the metric: multiplier 1.0, amount 0 */
    VO_BONUS_KPI_MET,     /* a KPI's bonus */
    VO_BONUS_KPI_MISSED,  /* not met: amount 0 */
    VO_BONUS_KPI_NO_PLAN, /* no plan for the KPI's metric: not met, amount 0 */
};

/* A line of the breakdown; the amounts of the lines add up to the payout. */
struct vo_bonus_line {
    enum vo_bonus_line_kind kind;
    enum vo_metric metric; /* commission, multiplier, KPI lines */
    int64_t ppm;           /* the rate, the multiplier, the KPI's min pct */
    double pct;            /* the metric's pct (NaN: none) */
    int64_t amount;        /* minor units */
};

struct vo_bonus_pay {
    int64_t base, commission, multiplier_ppm, kpi_bonus, payout;
    double pct;                  /* of the commission's metric, NaN without a plan */
    struct vo_bonus_line *lines; /* in the arena */
    size_t nlines;
};

/* The payout of terms t for figures fig[VO_M__COUNT] (borrowed) into *out
 * (lines in a). VO_EINVAL when a sum or product leaves int64, VO_ENOMEM. */
vo_err vo_bonus_pay(const struct vo_bonus_terms *t, const struct vo_bonus_figure *fig,
                    struct vo_arena *a, struct vo_bonus_pay *out, struct vo_error *e);

/* Who is paid by which terms this month (terms borrowed). */
struct vo_bonus_who {
    int32_t user; /* dataset index */
    const struct vo_bonus_terms *terms;
};

struct vo_bonus_row {
    int32_t user;
    const struct vo_bonus_terms *terms;
    struct vo_bonus_figure fig; /* of terms->metric */
    struct vo_bonus_pay pay;
};

struct vo_bonus_result {
    struct vo_bonus_row *rows; /* by name, then email */
    size_t nrows;
};

/* The month's payouts of who[0..n) over ds: the plan-fact of month as of
 * as_of (exclusive) by user, then vo_bonus_pay for each. Rows in a. */
vo_err vo_bonus_compute(const struct vo_dataset *ds, const struct vo_period *month, int64_t as_of,
                        const struct vo_bonus_who *who, size_t n, struct vo_arena *a,
                        struct vo_bonus_result *out, struct vo_error *e);

#endif
