/*
 * test_plan.c - plan arithmetic against hand-worked cases (METRICS.md
 * "Plans and their decomposition"). The largest-remainder rule: each part
 * gets floor(T * w / W); the units left over go one each to the largest
 * remainders, ties to the lower index.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "analytics/plan.h"
#include "fixture.h"

static struct vo_fx_cal cal;

static void setup(void)
{
    vo_fx_calendars(&cal);
}

static void teardown(void)
{
    vo_fx_calendars_end(&cal);
}

TestSuite(plan, .init = setup, .fini = teardown);

Test(plan, equal_split_of_100_in_three_is_34_33_33)
{
    /* 100 / 3 = 33 each, remainder 1 each, 1 unit left: the tie goes to
     * the lowest index, the first part. */
    int64_t out[3];
    struct vo_error e = {0};
    cr_assert_eq(vo_plan_split_equal(100, 3, out, &e), VO_OK);
    cr_assert_eq(out[0], 34);
    cr_assert_eq(out[1], 33);
    cr_assert_eq(out[2], 33);
}

Test(plan, weights_1_1_2_of_10_are_3_2_5)
{
    /* W = 4: 10*1/4 = 2 r 2, 10*1/4 = 2 r 2, 10*2/4 = 5 r 0; 1 unit left,
     * remainders 2, 2, 0: the tie between parts 1 and 2 goes to part 1. */
    int64_t w[] = {1, 1, 2}, out[3];
    struct vo_error e = {0};
    cr_assert_eq(vo_plan_split(10, w, 3, out, &e), VO_OK);
    cr_assert_eq(out[0], 3);
    cr_assert_eq(out[1], 2);
    cr_assert_eq(out[2], 5);
}

Test(plan, the_larger_remainder_wins_over_the_lower_index)
{
    /* W = 3: 10*1/3 = 3 r 1, 10*2/3 = 6 r 2; 1 left goes to the second. */
    int64_t w[] = {1, 2}, out[2];
    cr_assert_eq(vo_plan_split(10, w, 2, out, NULL), VO_OK);
    cr_assert_eq(out[0], 3);
    cr_assert_eq(out[1], 7);
    /* 7 over weights 3,3,3,1 (W = 10): 21/10 = 2 r 1 three times, 7/10 = 0
     * r 7; 7 - 6 = 1 left goes to the last part (remainder 7). */
    int64_t w4[] = {3, 3, 3, 1}, o4[4];
    cr_assert_eq(vo_plan_split(7, w4, 4, o4, NULL), VO_OK);
    cr_assert_eq(o4[0], 2);
    cr_assert_eq(o4[1], 2);
    cr_assert_eq(o4[2], 2);
    cr_assert_eq(o4[3], 1);
    /* Two units left among four equal remainders go to parts 1 and 2:
     * 6 over 4 equal = 1 r 2 each, 2 left -> 2, 2, 1, 1. */
    int64_t o[4];
    cr_assert_eq(vo_plan_split_equal(6, 4, o, NULL), VO_OK);
    cr_assert_eq(o[0], 2);
    cr_assert_eq(o[1], 2);
    cr_assert_eq(o[2], 1);
    cr_assert_eq(o[3], 1);
}

Test(plan, history_split_and_its_fallbacks)
{
    /* facts -5 (refunds), 10, 30 weigh 0, 10, 30 (W = 40): 8 -> 0, 2, 6. */
    int64_t f[] = {-5, 10, 30}, out[3];
    struct vo_error e = {0};
    cr_assert_eq(vo_plan_split_history(8, f, 3, out, &e), VO_OK);
    cr_assert_eq(out[0], 0);
    cr_assert_eq(out[1], 2);
    cr_assert_eq(out[2], 6);
    /* no history at all: equal, 5 -> 2, 2, 1 */
    int64_t z[] = {0, 0, 0};
    cr_assert_eq(vo_plan_split_history(5, z, 3, out, &e), VO_OK);
    cr_assert_eq(out[0] + out[1] + out[2], 5);
    cr_assert_eq(out[0], 2);
    cr_assert_eq(out[2], 1);
    /* explicit weights must not be negative; the target neither */
    cr_assert_eq(vo_plan_split(5, f, 3, out, &e), VO_EINVAL);
    cr_assert_eq(vo_plan_split_equal(-1, 3, out, &e), VO_EINVAL);
    cr_assert_eq(vo_plan_split_equal(1, 0, out, &e), VO_EINVAL);
}

Test(plan, big_money_splits_exactly)
{
    /* 10^12 kopecks by weights 10^12 and 2*10^12 (products overflow 64
     * bits): 333333333333 r 1*10^12, 666666666666 r 2*10^12 -> the one
     * unit left goes to the second. */
    int64_t w[] = {1000000000000LL, 2000000000000LL}, out[2];
    cr_assert_eq(vo_plan_split(1000000000000LL, w, 2, out, NULL), VO_OK);
    cr_assert_eq(out[0], 333333333333LL);
    cr_assert_eq(out[1], 666666666667LL);
}

/* Spreads target over the days of y-m in c into days[31], asserting it
 * counts want_wd working days and that the days sum to the target. */
static void spread(const struct vo_calendar *c, int y, int m, int64_t target, int want_wd,
                   int64_t days[31])
{
    int nwd = 0;
    struct vo_error e = {0};
    cr_assert_eq(vo_plan_month_days(c, y, m, target, days, &nwd, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(nwd, want_wd);
    int64_t sum = 0;
    for (int i = 0; i < 31; i++)
        sum += days[i];
    cr_assert_eq(sum, target);
}

/* days[] (days[0] is the 1st of the month) holds want, "day=value ...". */
static void days_are(const int64_t days[31], const char *want)
{
    char **pairs = g_strsplit(want, " ", -1);
    for (char **p = pairs; *p; p++) {
        char *end = NULL;
        gint64 day = g_ascii_strtoll(*p, &end, 10);
        cr_assert(*end == '=' && day >= 1 && day <= 31, "bad day in \"%s\"", want);
        gint64 v = g_ascii_strtoll(end + 1, NULL, 10);
        cr_assert_eq(days[day - 1], v, "day %lld: %lld, want %lld", (long long)day,
                     (long long)days[day - 1], (long long)v);
    }
    g_strfreev(pairs);
}

Test(plan, month_of_20_working_days_1000000_kopecks_is_50000_a_day)
{
    /* November 2025 with no holiday rows: 20 weekdays (3-7, 10-14, 17-21,
     * 24-28); 1,000,000 / 20 = 50,000 with nothing left over. */
    int64_t days[31];
    spread(&cal.plain, 2025, 11, 1000000, 20, days);
    /* Sat Nov 1, Mon Nov 3, Sun Nov 30, no Nov 31 */
    days_are(days, "1=0 3=50000 30=0 31=0");
}

Test(plan, month_of_21_working_days_100_calls_16_fives_and_5_fours)
{
    /* November 2026, no holiday rows: 21 weekdays (2-6, 9-13, 16-20,
     * 23-27, 30). 100 / 21 = 4 r 16: the 16 earliest working days (Nov 2
     * .. Nov 23) get 5, the last 5 (Nov 24-27, 30) get 4: 80 + 20 = 100. */
    int64_t days[31];
    spread(&cal.plain, 2026, 11, 100, 21, days);
    int fives = 0, fours = 0;
    for (int i = 0; i < 31; i++) {
        fives += days[i] == 5;
        fours += days[i] == 4;
    }
    cr_assert_eq(fives, 16);
    cr_assert_eq(fours, 5);
    /* Mon Nov 23 (the 16th working day), Tue Nov 24, Mon Nov 30, Sun Nov 1 */
    days_are(days, "23=5 24=4 30=4 1=0");
}

Test(plan, russian_november_spreads_over_its_19_days)
{
    /* 1900 over the 19 working days = 100 each; the worked Saturday gets
     * its share, the days off get 0. */
    int64_t days[31];
    spread(&cal.ru, 2025, 11, 1900, 19, days);
    /* Sat Nov 1 worked, Nov 3 off, Nov 4 Unity Day, Wed Nov 5 */
    days_are(days, "1=100 3=0 4=0 5=100");
    struct vo_error e = {0};
    cr_assert_eq(vo_plan_month_days(&cal.ru, 2025, 13, 1, days, NULL, &e), VO_EINVAL);
}

Test(plan, a_week_sums_its_days_in_months_that_hold_plans)
{
    /* The week Mon 2026-11-30 .. Sun 2026-12-06 (no holiday rows).
     * November 2026: 100 calls -> Nov 30 gets 4 (see above).
     * December 2026 starts on a Tuesday: 1-4, 7-11, 14-18, 21-25, 28-31 =
     * 23 weekdays; 230 -> 10 a day; Dec 1-4 in the week = 40. */
    struct vo_plan_month m[] = {{2026, 11, 100}, {2026, 12, 230}};
    int64_t w = 0;
    struct vo_error e = {0};
    struct vo_date mon = {2026, 11, 30}, sun = {2026, 12, 6};
    cr_assert_eq(vo_plan_days_sum(&cal.plain, mon, sun, m, 2, &w, &e), VO_OK);
    cr_assert_eq(w, 44);
    /* Without a December plan the week holds only Nov 30. */
    cr_assert_eq(vo_plan_days_sum(&cal.plain, mon, sun, m, 1, &w, &e), VO_OK);
    cr_assert_eq(w, 4);
    /* The plan to date of Nov 2026 up to Fri Nov 6: 5 days of 5 = 25. */
    cr_assert_eq(vo_plan_days_sum(&cal.plain, (struct vo_date){2026, 11, 1},
                                  (struct vo_date){2026, 11, 6}, m, 2, &w, &e),
                 VO_OK);
    cr_assert_eq(w, 25);
    /* A whole month sums to its target; a whole year to the plans held. */
    cr_assert_eq(vo_plan_days_sum(&cal.plain, (struct vo_date){2026, 1, 1},
                                  (struct vo_date){2026, 12, 31}, m, 2, &w, &e),
                 VO_OK);
    cr_assert_eq(w, 330);
}

Test(plan, money_rounding_halves_away_from_zero)
{
    cr_assert_eq(vo_plan_div_round(100, 3), 33); /* 33.33 */
    cr_assert_eq(vo_plan_div_round(101, 2), 51); /* 50.5 */
    cr_assert_eq(vo_plan_div_round(-101, 2), -51);
    cr_assert_eq(vo_plan_div_round(99, 2), 50); /* 49.5 */
    cr_assert_eq(vo_plan_div_round(5, -2), -3); /* -2.5 */
    cr_assert_eq(vo_plan_div_round(7, 4), 2);   /* 1.75 */
    cr_assert_eq(vo_plan_div_ceil(20, 4), 5);
    cr_assert_eq(vo_plan_div_ceil(21, 4), 6);
    cr_assert_eq(vo_plan_div_ceil(0, 4), 0);
}

Test(plan, reverse_funnel_by_hand)
{
    /* Target 1,000,000 RUB = 100,000,000 kopecks over 20 working days.
     * History: 9 deals won for 450,000 RUB -> A = 50,000 RUB = 5,000,000
     * kopecks; 36 meetings (conv meetings->won = 9/36 = 0.25); 120 leads
     * (conv leads->meetings = 36/120 = 0.3).
     * won = ceil(100,000,000 / 5,000,000) = 20;
     * meetings = ceil(20 / 0.25) = 80;
     * leads = ceil(80 / 0.3) = ceil(266.67) = 267.
     * Per working day: 1.0, 4.0, 13.35. */
    struct vo_plan_history h = {.revenue = 45000000, .deals_won = 9, .meetings = 36, .leads = 120};
    struct vo_plan_funnel f;
    struct vo_error e = {0};
    cr_assert_eq(vo_plan_reverse_funnel(100000000, &h, 20, &f, &e), VO_OK);
    cr_assert_eq(f.avg_check, 5000000);
    cr_assert_eq(f.won, 20);
    cr_assert_eq(f.meetings, 80);
    cr_assert_eq(f.leads, 267);
    cr_assert_float_eq(f.won_per_day, 1.0, 1e-9);
    cr_assert_float_eq(f.meetings_per_day, 4.0, 1e-9);
    cr_assert_float_eq(f.leads_per_day, 13.35, 1e-9);
}

Test(plan, reverse_funnel_uses_the_rounded_average_check)
{
    /* 3 won for 100 kopecks: A = 33.33 -> 33; R = 100 -> won = ceil(100 /
     * 33) = 4 (with the exact 33.33 it would be 3). meetings: 3 won of 4
     * meetings -> ceil(4 * 4 / 3) = 6; leads: 4 meetings of 10 leads ->
     * ceil(6 * 10 / 4) = 15. */
    struct vo_plan_history h = {.revenue = 100, .deals_won = 3, .meetings = 4, .leads = 10};
    struct vo_plan_funnel f;
    cr_assert_eq(vo_plan_reverse_funnel(100, &h, 0, &f, NULL), VO_OK);
    cr_assert_eq(f.avg_check, 33);
    cr_assert_eq(f.won, 4);
    cr_assert_eq(f.meetings, 6);
    cr_assert_eq(f.leads, 15);
    cr_assert(isnan(f.won_per_day)); /* no working day */
}

Test(plan, reverse_funnel_without_history_is_none)
{
    struct vo_plan_funnel f;
    struct vo_plan_history none = {0};
    cr_assert_eq(vo_plan_reverse_funnel(100, &none, 20, &f, NULL), VO_OK);
    cr_assert_eq(f.avg_check, VO_NULL);
    cr_assert_eq(f.won, VO_NULL);
    cr_assert_eq(f.leads, VO_NULL);
    cr_assert(isnan(f.leads_per_day));
    /* won deals but no meetings recorded: won is known, the rest is not */
    struct vo_plan_history nomeet = {.revenue = 1000, .deals_won = 2, .meetings = 0, .leads = 5};
    cr_assert_eq(vo_plan_reverse_funnel(1000, &nomeet, 20, &f, NULL), VO_OK);
    cr_assert_eq(f.won, 2);
    cr_assert_eq(f.meetings, VO_NULL);
    cr_assert_eq(f.leads, VO_NULL);
    struct vo_error e = {0};
    cr_assert_eq(vo_plan_reverse_funnel(-1, &nomeet, 20, &f, &e), VO_EINVAL);
}
