/*
 * test_calendar.c - working days and period bounds of the org calendar, on
 * the Russian November 2025 (Europe/Moscow, UTC+3 all year).
 *
 * The 2025 production calendar moved days both ways around Nov 4 (Unity
 * Day): Saturday Nov 1 was worked, Monday Nov 3 and Tuesday Nov 4 were off.
 * By hand: November 2025 starts on a Saturday; its Monday-Friday days are
 * 3-7, 10-14, 17-21, 24-28 = 20; minus Nov 3 and Nov 4 = 18; plus Nov 1 =
 * 19 working days (the official figure is 19 too).
 *
 * Instants by hand: 2025-01-01 is day 20089 after 1970-01-01 (55 years,
 * 14 leap days); Nov 1 is 304 days later, day 20393 = 1761955200 UTC
 * seconds; Moscow midnight is 3 h earlier: 1761944400.
 */
#include <criterion/criterion.h>

#include "analytics/calendar.h"
#include "fixture.h"

static struct vo_fx_cal cal;

#define NOV1_MSK 1761944400LL /* 2025-11-01 00:00 +03:00 */
#define DAY      86400LL

static void setup(void)
{
    vo_fx_calendars(&cal);
}

static void teardown(void)
{
    vo_fx_calendars_end(&cal);
}

TestSuite(calendar, .init = setup, .fini = teardown);

static struct vo_date D(int y, int m, int d) {
    return (struct vo_date){y, m, d};
}

Test(calendar, working_days_move_both_ways)
{
    cr_assert(vo_cal_is_working(&cal.ru, D(2025, 11, 1)));  /* a Saturday worked */
    cr_assert(!vo_cal_is_working(&cal.ru, D(2025, 11, 2))); /* Sunday */
    cr_assert(!vo_cal_is_working(&cal.ru, D(2025, 11, 3))); /* Monday off */
    cr_assert(!vo_cal_is_working(&cal.ru, D(2025, 11, 4))); /* Unity Day */
    cr_assert(vo_cal_is_working(&cal.ru, D(2025, 11, 5)));
    cr_assert(!vo_cal_is_working(&cal.ru, D(2025, 11, 8))); /* an ordinary Saturday */
    /* Without holiday rows the same days follow Monday-Friday. */
    cr_assert(!vo_cal_is_working(&cal.plain, D(2025, 11, 1)));
    cr_assert(vo_cal_is_working(&cal.plain, D(2025, 11, 3)));
}

Test(calendar, november_2025_has_19_working_days)
{
    struct vo_period nov = vo_cal_month(&cal.ru, D(2025, 11, 17));
    cr_assert_eq(nov.first.d, 1);
    cr_assert_eq(nov.last.d, 30);
    cr_assert_eq(nov.start, NOV1_MSK);
    cr_assert_eq(nov.end, NOV1_MSK + 30 * DAY); /* 2025-12-01 00:00 +03:00 */
    cr_assert_eq(vo_cal_period_wd(&cal.ru, &nov), 19);
    cr_assert_eq(vo_cal_period_wd(&cal.plain, &nov), 20);
    /* Nov 1..10: Nov 1, 5, 6, 7, 10 = 5 */
    cr_assert_eq(vo_cal_working_days(&cal.ru, D(2025, 11, 1), D(2025, 11, 10)), 5);
    cr_assert_eq(vo_cal_working_days(&cal.ru, D(2025, 11, 10), D(2025, 11, 1)), 0);
}

Test(calendar, outside_the_tabulated_years_monday_to_friday)
{
    /* Rows exist for 2025 only. November 2026 starts on a Sunday:
     * 2-6, 9-13, 16-20, 23-27, 30 = 21 weekdays. */
    struct vo_period nov26 = vo_cal_month(&cal.ru, D(2026, 11, 1));
    cr_assert_eq(vo_cal_period_wd(&cal.ru, &nov26), 21);
    /* A range across the end of the table: Mon 2025-12-29 .. Fri 2026-01-02
     * is five weekdays (no January rows given). */
    cr_assert_eq(vo_cal_working_days(&cal.ru, D(2025, 12, 29), D(2026, 1, 2)), 5);
    /* and before it: the week of Mon 2024-12-30 .. Sun 2025-01-05 */
    cr_assert_eq(vo_cal_working_days(&cal.ru, D(2024, 12, 30), D(2025, 1, 5)), 5);
    /* and far before 1970 (floor division): Mon 1969-12-29 .. Sun 1970-01-04 */
    cr_assert_eq(vo_cal_working_days(&cal.plain, D(1969, 12, 29), D(1970, 1, 4)), 5);
    cr_assert_eq(vo_cal_working_days(&cal.plain, D(1960, 1, 4), D(1960, 1, 10)), 5);
}

Test(calendar, iso_week_and_quarter_bounds)
{
    /* Wed Nov 5 lies in the week Mon Nov 3 .. Sun Nov 9. */
    struct vo_period w = vo_cal_week(&cal.ru, D(2025, 11, 5));
    cr_assert_eq(w.first.d, 3);
    cr_assert_eq(w.last.d, 9);
    cr_assert_eq(w.start, 1762117200LL);            /* 2025-11-02T21:00:00Z */
    cr_assert_eq(w.end, 1762722000LL);              /* 2025-11-09T21:00:00Z */
    cr_assert_eq(vo_cal_period_wd(&cal.ru, &w), 3); /* Nov 5, 6, 7 */
    /* A Sunday belongs to the week that started the Monday before. */
    struct vo_period w2 = vo_cal_week(&cal.ru, D(2025, 11, 9));
    cr_assert_eq(w2.start, w.start);
    /* A week across a year end: Thu 2026-01-01 is in Mon 2025-12-29's week. */
    struct vo_period w3 = vo_cal_week(&cal.ru, D(2026, 1, 1));
    cr_assert_eq(w3.first.y, 2025);
    cr_assert_eq(w3.first.m, 12);
    cr_assert_eq(w3.first.d, 29);
    /* Q4 2025: Oct 1 .. Dec 31. Working days: October 23 (Oct 1 is a
     * Wednesday: 3 + 4 * 5), November 19, December 23 (Dec 1 a Monday:
     * 4 * 5 + 3) = 65. */
    struct vo_period q = vo_cal_quarter(&cal.ru, D(2025, 11, 5));
    cr_assert_eq(q.first.m, 10);
    cr_assert_eq(q.first.d, 1);
    cr_assert_eq(q.last.m, 12);
    cr_assert_eq(q.last.d, 31);
    cr_assert_eq(q.start, 1759266000LL); /* 2025-09-30T21:00:00Z */
    cr_assert_eq(q.end, 1767214800LL);   /* 2025-12-31T21:00:00Z */
    cr_assert_eq(vo_cal_period_wd(&cal.ru, &q), 65);
    /* A day, and February of a leap year. */
    struct vo_period d = vo_cal_day(&cal.ru, D(2025, 11, 1));
    cr_assert_eq(d.start, NOV1_MSK);
    cr_assert_eq(d.end, NOV1_MSK + DAY);
    struct vo_period feb = vo_cal_month(&cal.ru, D(2024, 2, 10));
    cr_assert_eq(feb.last.d, 29);
}

Test(calendar, explicit_range_includes_the_to_date)
{
    struct vo_period p;
    struct vo_error e = {0};
    cr_assert_eq(vo_cal_range(&cal.ru, D(2025, 11, 3), D(2025, 11, 4), &p, &e), VO_OK);
    cr_assert_eq(p.start, 1762117200LL);            /* Nov 3 00:00 +03:00 */
    cr_assert_eq(p.end, 1762290000LL);              /* Nov 5 00:00 +03:00: the day after --to */
    cr_assert_eq(vo_cal_period_wd(&cal.ru, &p), 0); /* both days off */
    cr_assert_eq(vo_cal_range(&cal.ru, D(2025, 11, 4), D(2025, 11, 3), &p, &e), VO_EINVAL);
    cr_assert_str_eq(e.field, "to");
}

Test(calendar, late_evening_on_the_last_day_belongs_to_that_month)
{
    /* 2025-11-30 23:30 Moscow = 20:30 UTC = 1764534600: November. */
    int64_t t = 1764534600LL;
    struct vo_date d = vo_cal_date_of(&cal.ru, t);
    cr_assert_eq(d.m, 11);
    cr_assert_eq(d.d, 30);
    struct vo_period nov = vo_cal_month(&cal.ru, D(2025, 11, 1));
    cr_assert(t >= nov.start && t < nov.end);
    /* Midnight is the first instant of December. */
    struct vo_period dec = vo_cal_month(&cal.ru, D(2025, 12, 1));
    cr_assert_eq(dec.start, nov.end);
    cr_assert_eq(vo_cal_date_of(&cal.ru, nov.end).m, 12);
}

Test(calendar, as_of_is_the_end_of_the_local_day)
{
    int64_t as_of = 0;
    struct vo_error e = {0};
    cr_assert_eq(vo_cal_as_of_parse(&cal.ru, "2025-11-30", &as_of, "as_of", &e), VO_OK);
    cr_assert_eq(as_of, 1764536400LL); /* 2025-12-01 00:00 +03:00 */
    struct vo_date d = vo_cal_as_of_date(&cal.ru, as_of);
    cr_assert_eq(d.m, 11);
    cr_assert_eq(d.d, 30);
    /* The 23:30 event counts (t < as_of). */
    cr_assert(1764534600LL < as_of);
    cr_assert_eq(vo_cal_as_of_parse(&cal.ru, "2025-11-31", &as_of, "as_of", &e), VO_EINVAL);
    cr_assert_str_eq(e.field, "as_of");
}

Test(calendar, elapsed_working_days_before_inside_after)
{
    struct vo_period nov = vo_cal_month(&cal.ru, D(2025, 11, 1));
    int64_t as_of = 0;
    struct vo_error e = {0};
    /* before: the end of Oct 31 is Nov 1 00:00, the period's start: 0 */
    cr_assert_eq(vo_cal_as_of_parse(&cal.ru, "2025-10-31", &as_of, "as_of", &e), VO_OK);
    cr_assert_eq(as_of, NOV1_MSK);
    cr_assert_eq(vo_cal_elapsed_wd(&cal.ru, &nov, as_of), 0);
    /* one second into Nov 1: Nov 1 is a working day and counts */
    cr_assert_eq(vo_cal_elapsed_wd(&cal.ru, &nov, NOV1_MSK + 1), 1);
    /* the end of Nov 5: Nov 1 and Nov 5 = 2 */
    cr_assert_eq(vo_cal_as_of_parse(&cal.ru, "2025-11-05", &as_of, "as_of", &e), VO_OK);
    cr_assert_eq(vo_cal_elapsed_wd(&cal.ru, &nov, as_of), 2);
    /* noon of Mon Nov 10: Nov 1, 5, 6, 7, 10 = 5 (the day of as_of counts) */
    cr_assert_eq(vo_cal_elapsed_wd(&cal.ru, &nov, NOV1_MSK + 9 * DAY + 12 * 3600), 5);
    /* the end of Nov 30 and any later time: all 19 */
    cr_assert_eq(vo_cal_as_of_parse(&cal.ru, "2025-11-30", &as_of, "as_of", &e), VO_OK);
    cr_assert_eq(vo_cal_elapsed_wd(&cal.ru, &nov, as_of), 19);
    cr_assert_eq(vo_cal_elapsed_wd(&cal.ru, &nov, as_of + 40 * DAY), 19);
}

Test(calendar, a_bad_holiday_row_is_refused)
{
    struct vo_holiday h = {.y = 2025, .m = 2, .d = 29, .kind = VO_DAY_HOLIDAY};
    struct vo_calendar c;
    struct vo_error e = {0};
    cr_assert_eq(vo_cal_init(&c, cal.msk, &h, 1, &e), VO_EINVAL);
    cr_assert_str_eq(e.field, "date");
}
