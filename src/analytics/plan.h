/*
 * plan.h - the arithmetic of plans (METRICS.md "Plans and their
 * decomposition"): splitting an integer target into parts that add up
 * exactly, spreading a month target over its working days, the plan of a
 * week or any date range, and the reverse funnel.
 *
 * Every target is an integer in its metric's unit (vo_metric_unit): counts,
 * whole minutes, or money in minor units (kopecks). Money is split exactly
 * like counts, by the largest remainder in minor units, so the parts of a
 * money target also add up to the kopeck.
 *
 * The largest-remainder rule used everywhere here: part i first gets
 * floor(T * w_i / W); the units left over (fewer than the number of parts)
 * go one each to the parts with the largest remainder (T * w_i mod W), ties
 * going to the LOWER index. So 100 over three equal parts is 34/33/33 and
 * 10 by weights 1:1:2 is 3/2/5; a month's extra units go to its earliest
 * working days. All arithmetic is exact (128-bit intermediates).
 *
 * Pure functions: no I/O, no allocation (the caller passes output arrays).
 */
#ifndef VO_ANALYTICS_PLAN_H
#define VO_ANALYTICS_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "analytics/calendar.h"
#include "base/err.h"

/* Splits target T >= 0 into n parts by weights w[0..n) (each >= 0) with
 * the largest-remainder rule above, into out[0..n) (w is borrowed and must
 * not overlap out). When every weight is 0 the split is equal. VO_EINVAL when n is 0, T < 0 or a
 * weight < 0. */
vo_err vo_plan_split(int64_t target, const int64_t *w, size_t n, int64_t *out, struct vo_error *e);
/* The `equal` method: n equal parts (34/33/33 for 100 over 3). */
vo_err vo_plan_split_equal(int64_t target, size_t n, int64_t *out, struct vo_error *e);
/* The `history` method: weights are each user's fact of the same metric
 * over the previous 3 months (computed by the caller); a negative fact
 * (refunds exceeding payments) weighs 0; all zero gives an equal split. */
vo_err vo_plan_split_history(int64_t target, const int64_t *fact, size_t n, int64_t *out,
                             struct vo_error *e);

/* Spreads the target of month y-m over its days: out[0..31) gets the part
 * of day 1..31 (days past the month's end and non-working days get 0); the
 * working days get equal parts by the largest-remainder rule, so the
 * earliest working days carry the remainder and the days add up exactly to
 * the target. *nwd (may be NULL) receives the month's working days.
 * VO_EINVAL for a bad month, a negative target, or a positive target in a
 * month without a working day. */
vo_err vo_plan_month_days(const struct vo_calendar *c, int y, int m, int64_t target,
                          int64_t out[31], int *nwd, struct vo_error *e);

/* One month's target, as an input to vo_plan_days_sum. */
struct vo_plan_month {
    int y, m;
    int64_t target;
};
/* The plan of the dates first..last inclusive: the sum of the day parts of
 * those days that fall in a month listed in months[0..n) (borrowed; a month
 * listed twice counts once, the first row). Days in months without a row
 * add nothing (METRICS.md: "a week's plan is the sum of its days that fall
 * in the month(s) that hold plans"). Serves weeks, a day, and the plan to
 * date. VO_EINVAL as for vo_plan_month_days. */
vo_err vo_plan_days_sum(const struct vo_calendar *c, struct vo_date first, struct vo_date last,
                        const struct vo_plan_month *months, size_t n, int64_t *out,
                        struct vo_error *e);

/* num / den rounded to the nearest integer, halves away from zero (the
 * money rounding of METRICS.md). den must not be 0. */
int64_t vo_plan_div_round(int64_t num, int64_t den);
/* ceil(num / den) for num >= 0, den > 0. */
int64_t vo_plan_div_ceil(int64_t num, int64_t den);

/* A user's history over the previous 3 months: the sums the conversions
 * and the average check come from. */
struct vo_plan_history {
    int64_t revenue; /* minor units of the deals won */
    int64_t deals_won;
    int64_t meetings;
    int64_t leads;
};

/* The reverse funnel. A figure that cannot be computed is VO_NULL (and
 * its per-day figure is NaN). */
struct vo_plan_funnel {
    int64_t avg_check; /* A = round(revenue / deals_won); VO_NULL when no won deal */
    int64_t won;       /* ceil(R / A) */
    int64_t meetings;  /* ceil(won / conv(meetings -> won)) = ceil(won * meetings_h / won_h) */
    int64_t leads;     /* ceil(meetings / conv(leads -> meetings)) */
    int wd;            /* working days of the period the target is for */
    double won_per_day, meetings_per_day, leads_per_day; /* need / wd, NaN when wd is 0 */
};
/* From a revenue target R (minor units, >= 0) over a period of `wd`
 * working days and history h, computes the needed counts. A is the average
 * check as shown (rounded to the minor unit); each conversion is the exact
 * ratio of the history counts, so ceil() is exact: won = ceil(R / A),
 * meetings = ceil(won * h.meetings / h.deals_won), leads =
 * ceil(meetings * h.leads / h.meetings). A step whose conversion is
 * undefined (a zero count in history) is VO_NULL, as is every step before
 * it. VO_EINVAL for R < 0, wd < 0 or a negative history count. */
vo_err vo_plan_reverse_funnel(int64_t revenue_target, const struct vo_plan_history *h, int wd,
                              struct vo_plan_funnel *out, struct vo_error *e);

#endif
