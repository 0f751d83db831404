/*
 * test_time.c - timestamps of the import format and the local calendar,
 * around a day boundary in Europe/Moscow (UTC+3, no DST since 2014).
 */
#include <criterion/criterion.h>

#include "base/timeutil.h"

static GTimeZone *msk;

static void setup(void)
{
    msk = vo_tz_new("Europe/Moscow");
    cr_assert(msk);
}

static void teardown(void)
{
    g_time_zone_unref(msk);
}

static int64_t t_ok(const char *s, GTimeZone *tz)
{
    int64_t t = 0;
    struct vo_error e = {0};
    cr_assert_eq(vo_time_parse(s, tz, &t, "at", &e), VO_OK, "\"%s\": %s", s, e.msg);
    return t;
}

TestSuite(time, .init = setup, .fini = teardown);

/* 2026-03-01 00:00 UTC = 1772323200. */
Test(time, local_time_without_offset_is_moscow)
{
    cr_assert_eq(t_ok("2026-03-01 03:00", msk), 1772323200);
    cr_assert_eq(t_ok("2026-03-01T03:00:00", msk), 1772323200);
    cr_assert_eq(t_ok("2026-03-01", msk), 1772323200 - 3 * 3600); /* 00:00 local */
}

Test(time, offsets_and_utc)
{
    cr_assert_eq(t_ok("2026-03-01T00:00:00Z", msk), 1772323200);
    cr_assert_eq(t_ok("2026-03-01 00:00Z", msk), 1772323200);
    cr_assert_eq(t_ok("2026-03-01T05:00:00+05:00", msk), 1772323200);
    cr_assert_eq(t_ok("2026-02-28T22:00:00-02:00", msk), 1772323200);
}

Test(time, day_boundary_in_moscow)
{
    /* 23:30 local on Feb 28 is 20:30 UTC the same day; 00:30 local on
     * Mar 1 is 21:30 UTC on Feb 28: the local date is what counts. */
    int64_t late = t_ok("2026-02-28 23:30", msk);
    int64_t early = t_ok("2026-03-01 00:30", msk);
    cr_assert_eq(early - late, 3600);
    struct vo_date d1 = vo_date_of(msk, late), d2 = vo_date_of(msk, early);
    cr_assert(d1.y == 2026 && d1.m == 2 && d1.d == 28);
    cr_assert(d2.y == 2026 && d2.m == 3 && d2.d == 1);
    /* In UTC both instants fall on Feb 28. */
    GTimeZone *utc = g_time_zone_new_utc();
    struct vo_date u2 = vo_date_of(utc, early);
    cr_assert(u2.m == 2 && u2.d == 28);
    g_time_zone_unref(utc);
    struct vo_date mar1 = {2026, 3, 1};
    cr_assert_eq(vo_date_start(msk, mar1), early - 1800);
}

Test(time, refuses_what_is_not_a_time)
{
    const char *bad[] = {
        "2026-02-30", "2026-13-01",    "2026-01-01 25:00",    "2026-01-01 10:60", "01.02.2026",
        "2026-1-1",   "2026-01-01T10", "2026-01-01 10:00 +3", "yesterday",        ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t t = 0;
        struct vo_error e = {0};
        cr_assert_eq(vo_time_parse(bad[i], msk, &t, "created_at", &e), VO_EINVAL, "\"%s\"", bad[i]);
        cr_assert_str_eq(e.field, "created_at");
        cr_assert(strstr(e.msg, bad[i]), "message names the value: %s", e.msg);
    }
}

Test(time, dst_gap_is_refused)
{
    GTimeZone *berlin = vo_tz_new("Europe/Berlin");
    int64_t t = 0;
    struct vo_error e = {0};
    /* 2026-03-29 02:30 does not exist in Berlin (clocks jump 02:00 -> 03:00). */
    cr_assert_eq(vo_time_parse("2026-03-29 02:30", berlin, &t, "at", &e), VO_EINVAL);
    cr_assert(strstr(e.msg, "does not exist"), "%s", e.msg);
    g_time_zone_unref(berlin);
}

Test(time, calendar_arithmetic)
{
    struct vo_date d = {2024, 2, 28};
    struct vo_date n = vo_date_add_days(d, 1);
    cr_assert(n.y == 2024 && n.m == 2 && n.d == 29);
    n = vo_date_add_days(d, 2);
    cr_assert(n.m == 3 && n.d == 1);
    n = vo_date_add_days((struct vo_date){2026, 1, 1}, -1);
    cr_assert(n.y == 2025 && n.m == 12 && n.d == 31);
    cr_assert_eq(vo_date_weekday((struct vo_date){2026, 11, 23}), 1); /* a Monday */
    cr_assert_eq(vo_date_weekday((struct vo_date){2026, 11, 22}), 7);
    cr_assert_eq(vo_date_days((struct vo_date){1970, 1, 1}), 0);
    cr_assert(vo_date_valid(2024, 2, 29));
    cr_assert(!vo_date_valid(2026, 2, 29));
    cr_assert(vo_tz_new("Mars/Olympus") == NULL);
}

Test(time, formats_iso_with_offset)
{
    char buf[64];
    cr_assert_str_eq(vo_time_format(1772323200, msk, buf, sizeof buf), "2026-03-01T03:00:00+03:00");
}

/* Found by fuzz/fuzz_time.c: years before 1000 came out unpadded ("24-03-29").
 * Such a year is outside the supported dates now, so it no longer parses
 * back; it is still written as ISO 8601 (a row stored before the range). */
Test(time, format_pads_early_years)
{
    char buf[64];
    GTimeZone *utc = g_time_zone_new_utc();
    GDateTime *dt = g_date_time_new_utc(24, 3, 29, 10, 0, 0);
    int64_t t = g_date_time_to_unix(dt);
    g_date_time_unref(dt);
    cr_assert_str_eq(vo_time_format(t, utc, buf, sizeof buf), "0024-03-29T10:00:00+00:00");
    g_time_zone_unref(utc);
}

/* Issue 8, item 13: dates outside 1970-01-01..2200-12-31 are refused by
 * every edge parser, naming the field; the edges of the range pass. */
Test(time, dates_outside_the_supported_range_are_refused)
{
    const char *bad[] = {"0001-01-08", "0001-02-01", "1969-12-31",
                         "2201-01-01", "9999-12-31", "0000-01-01"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct vo_date d;
        int64_t t = 0;
        struct vo_error e = {0};
        cr_assert_eq(vo_date_parse(bad[i], &d, "date", &e), VO_EINVAL, "%s", bad[i]);
        cr_assert_str_eq(e.field, "date");
        cr_assert(strstr(e.msg, bad[i]), "%s", e.msg);
        e = (struct vo_error){0};
        cr_assert_eq(vo_time_parse(bad[i], msk, &t, "due_at", &e), VO_EINVAL, "%s", bad[i]);
        cr_assert_str_eq(e.field, "due_at");
    }
    const char *bad_months[] = {"0001-01", "1969-12", "2201-01", "9999-12", "0000-01"};
    for (size_t i = 0; i < sizeof bad_months / sizeof bad_months[0]; i++) {
        int y, m;
        struct vo_error e = {0};
        cr_assert_eq(vo_month_parse(bad_months[i], &y, &m, "period", &e), VO_EINVAL, "%s",
                     bad_months[i]);
        cr_assert_str_eq(e.field, "period");
    }
    struct vo_date d;
    int64_t t = 0;
    int y, m;
    cr_assert_eq(vo_date_parse("1970-01-01", &d, "date", NULL), VO_OK);
    cr_assert_eq(vo_date_parse("2200-12-31", &d, "date", NULL), VO_OK);
    cr_assert_eq(vo_time_parse("2200-12-31 23:59:59", msk, &t, "at", NULL), VO_OK);
    cr_assert_eq(vo_month_parse("2200-12", &y, &m, "period", NULL), VO_OK);
    /* what the store wrote earlier still reads back */
    cr_assert(vo_date_scan("0001-01-01", &d) && d.y == 1);
    cr_assert(vo_month_scan("9999-12", &y, &m) && y == 9999 && m == 12);
    cr_assert(!vo_date_scan("2026-02-30", &d));
}

/* Issue 8, item 22: a due date of 0001-01-01 in Moscow (LMT +2:30:17) was
 * shown as "-62135605817": GLib cannot place year 0 UTC. */
Test(time, an_instant_glib_cannot_place_is_still_iso)
{
    char buf[64];
    cr_assert_str_eq(vo_time_format(-62135605817, msk, buf, sizeof buf),
                     "0000-12-31T21:29:43+00:00");
    cr_assert_str_eq(vo_time_format(INT64_MIN, msk, buf, sizeof buf),
                     "-292277022657-01-27T08:29:52+00:00");
    cr_assert_str_eq(vo_time_format(253402300800, msk, buf, sizeof buf),
                     "10000-01-01T00:00:00+00:00");
}

/* Issue 8, item 22: an org's zone is a name of the IANA database proper. */
Test(time, iana_zones_only)
{
    const char *good[] = {"Europe/Moscow", "UTC", "America/Argentina/Buenos_Aires", "Etc/GMT+3",
                          "Asia/Yekaterinburg"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        GTimeZone *z = vo_tz_iana(good[i]);
        cr_assert(z, "%s", good[i]);
        g_time_zone_unref(z);
    }
    const char *bad[] = {"right/UTC",
                         "posix/Europe/Moscow",
                         "right/Europe/Moscow",
                         "MSK-3",
                         "Cuba",
                         "EST5EDT",
                         "/etc/localtime",
                         "Europe/../right/UTC",
                         "Europe/",
                         "Mars/Olympus",
                         "",
                         "Europe//Moscow",
                         "utc"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_assert(vo_tz_iana(bad[i]) == NULL, "%s", bad[i]);
    cr_assert(vo_tz_iana(NULL) == NULL);
}
