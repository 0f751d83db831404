/*
 * plan.c - plan arithmetic: the largest-remainder split, month targets
 * spread over working days, the plan of a date range, the reverse funnel.
 *
 * Targets are integers (counts or minor units) and the parts must add up
 * to the target exactly, so nothing here is a double until the per-day
 * figures of the reverse funnel, which are only displayed. Products such as
 * T * w_i use 128-bit integers: a money target of 10^12 kopecks times a
 * history weight of 10^12 does not fit in 64 bits.
 */
#include "analytics/plan.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "base/checked.h"

__extension__ typedef __int128 i128;

/* The split of vo_plan_split. w == NULL means equal weights; with
 * clamp, negative weights count as 0 instead of being an error. */
static vo_err split(int64_t target, const int64_t *w, size_t n, bool clamp, int64_t *out,
                    struct vo_error *e)
{
    if (n == 0)
        return vo_error_set(e, VO_EINVAL, "parts", "nothing to split the plan between");
    if (target < 0)
        return vo_error_set(e, VO_EINVAL, "target", "a plan target is not negative: %lld",
                            (long long)target);
    i128 sum = 0;
    for (size_t i = 0; w && i < n; i++) {
        if (w[i] < 0 && !clamp)
            return vo_error_set(e, VO_EINVAL, "weight", "weight %zu is negative", i + 1);
        sum += w[i] > 0 ? w[i] : 0;
    }
    bool equal = sum == 0; /* no weights, or all of them 0 */
    i128 W = equal ? (i128)n : sum;
#define WEIGHT(i) (equal ? (i128)1 : (i128)(w[i] > 0 ? w[i] : 0))
    int64_t given = 0;
    for (size_t i = 0; i < n; i++) {
        out[i] = (int64_t)((i128)target * WEIGHT(i) / W);
        given += out[i];
    }
    /* Fewer than n units are left. Hand them out one each in the order
     * (remainder descending, index ascending): pick the first part after
     * the previously chosen one in that order, `left` times. n is small
     * (the users of a department, the days of a month). */
    int64_t left = target - given;
    i128 last_rem = 0;
    size_t last_idx = 0;
    for (int64_t k = 0; k < left; k++) {
        i128 best_rem = -1;
        size_t best = n;
        for (size_t i = 0; i < n; i++) {
            i128 rem = (i128)target * WEIGHT(i) % W;
            if (k > 0 && (rem > last_rem || (rem == last_rem && i <= last_idx)))
                continue; /* ranked at or before the last chosen part */
            if (rem > best_rem) {
                best_rem = rem;
                best = i;
            }
        }
        if (best == n)
            break; /* cannot happen: left < n */
        out[best]++;
        last_rem = best_rem;
        last_idx = best;
    }
#undef WEIGHT
    return VO_OK;
}

vo_err vo_plan_split(int64_t target, const int64_t *w, size_t n, int64_t *out, struct vo_error *e)
{
    return split(target, w, n, false, out, e);
}

vo_err vo_plan_split_equal(int64_t target, size_t n, int64_t *out, struct vo_error *e)
{
    return split(target, NULL, n, false, out, e);
}

vo_err vo_plan_split_history(int64_t target, const int64_t *fact, size_t n, int64_t *out,
                             struct vo_error *e)
{
    return split(target, fact, n, true, out, e);
}

vo_err vo_plan_month_days(const struct vo_calendar *c, int y, int m, int64_t target,
                          int64_t out[31], int *nwd, struct vo_error *e)
{
    memset(out, 0, 31 * sizeof out[0]);
    if (nwd)
        *nwd = 0;
    int ndays = vo_month_days(y, m);
    if (ndays == 0)
        return vo_error_set(e, VO_EINVAL, "period", "%04d-%02d is not a month", y, m);
    if (target < 0)
        return vo_error_set(e, VO_EINVAL, "target", "a plan target is not negative: %lld",
                            (long long)target);
    int idx[31], k = 0;
    for (int d = 1; d <= ndays; d++)
        if (vo_cal_is_working(c, (struct vo_date){y, m, d}))
            idx[k++] = d - 1;
    if (nwd)
        *nwd = k;
    if (k == 0) {
        if (target > 0)
            return vo_error_set(e, VO_EINVAL, "period",
                                "%04d-%02d has no working day to spread the plan over", y, m);
        return VO_OK;
    }
    int64_t parts[31];
    vo_err rc = vo_plan_split_equal(target, (size_t)k, parts, e);
    if (rc)
        return rc;
    for (int i = 0; i < k; i++)
        out[idx[i]] = parts[i];
    return VO_OK;
}

vo_err vo_plan_days_sum(const struct vo_calendar *c, struct vo_date first, struct vo_date last,
                        const struct vo_plan_month *months, size_t n, int64_t *out,
                        struct vo_error *e)
{
    *out = 0;
    if (vo_date_cmp(last, first) < 0)
        return VO_OK;
    /* Walk month by month over the range, the months counted as
     * y * 12 + m - 1 so that the walk ends whatever the dates hold. */
    int64_t sum = 0;
    int64_t k_first = (int64_t)first.y * 12 + first.m - 1;
    int64_t k_last = (int64_t)last.y * 12 + last.m - 1;
    for (int64_t k = k_first; k <= k_last; k++) {
        int y = (int)(k / 12), m = (int)(k % 12) + 1;
        const struct vo_plan_month *pm = NULL;
        for (size_t i = 0; i < n && !pm; i++)
            if (months[i].y == y && months[i].m == m)
                pm = &months[i];
        if (!pm)
            continue;
        int64_t days[31];
        vo_err rc = vo_plan_month_days(c, y, m, pm->target, days, NULL, e);
        if (rc)
            return rc;
        int from = k == k_first ? first.d : 1, to = k == k_last ? last.d : 31;
        for (int day = from < 1 ? 1 : from; day <= to && day <= 31; day++)
            if (!vo_add_ok(&sum, days[day - 1]))
                return vo_error_set(e, VO_EINVAL, "target",
                                    "the plan of %04d-%02d-%02d..%04d-%02d-%02d is beyond "
                                    "the range of a plan",
                                    first.y, first.m, first.d, last.y, last.m, last.d);
    }
    *out = sum;
    return VO_OK;
}

int64_t vo_plan_div_round(int64_t num, int64_t den)
{
    i128 n = num, dd = den;
    if (dd < 0) {
        n = -n;
        dd = -dd;
    }
    i128 q = n >= 0 ? (2 * n + dd) / (2 * dd) : -((-2 * n + dd) / (2 * dd));
    return (int64_t)q;
}

int64_t vo_plan_div_ceil(int64_t num, int64_t den)
{
    return (int64_t)(((i128)num + den - 1) / den);
}

/* ceil(x * mul / den) into *out; false when it leaves int64. */
static bool ceil_mul_div(int64_t x, int64_t mul, int64_t den, int64_t *out)
{
    i128 q = ((i128)x * mul + den - 1) / den;
    if (q > INT64_MAX)
        return false;
    *out = (int64_t)q;
    return true;
}

static double per_day(int64_t need, int wd)
{
    if (need == VO_NULL || wd <= 0)
        return NAN;
    return (double)need / (double)wd;
}

vo_err vo_plan_reverse_funnel(int64_t revenue_target, const struct vo_plan_history *h, int wd,
                              struct vo_plan_funnel *out, struct vo_error *e)
{
    out->avg_check = out->won = out->meetings = out->leads = VO_NULL;
    out->wd = wd;
    out->won_per_day = out->meetings_per_day = out->leads_per_day = NAN;
    if (revenue_target < 0)
        return vo_error_set(e, VO_EINVAL, "target", "a revenue target is not negative");
    vo_err rc = vo_num_check(VO_NUM_TARGET_MONEY, revenue_target, "target", e);
    if (rc)
        return rc;
    if (wd < 0)
        return vo_error_set(e, VO_EINVAL, "wd", "negative working days");
    if (h->revenue < 0 || h->deals_won < 0 || h->meetings < 0 || h->leads < 0)
        return vo_error_set(e, VO_EINVAL, "history", "a history count is negative");
    if (h->deals_won > 0)
        out->avg_check = vo_plan_div_round(h->revenue, h->deals_won);
    if (out->avg_check != VO_NULL && out->avg_check > 0)
        out->won = vo_plan_div_ceil(revenue_target, out->avg_check);
    if (out->won != VO_NULL && h->deals_won > 0 && h->meetings > 0 &&
        !ceil_mul_div(out->won, h->meetings, h->deals_won, &out->meetings))
        return vo_error_set(e, VO_EINVAL, "target", "the meetings needed are beyond counting");
    if (out->meetings != VO_NULL && h->meetings > 0 && h->leads > 0 &&
        !ceil_mul_div(out->meetings, h->leads, h->meetings, &out->leads))
        return vo_error_set(e, VO_EINVAL, "target", "the leads needed are beyond counting");
    out->won_per_day = per_day(out->won, wd);
    out->meetings_per_day = per_day(out->meetings, wd);
    out->leads_per_day = per_day(out->leads, wd);
    return VO_OK;
}
