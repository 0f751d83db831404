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
    const char *bad[] = {"2026-02-30", "2026-13-01", "2026-01-01 25:00", "2026-01-01 10:60",
                         "01.02.2026", "2026-1-1", "2026-01-01T10", "2026-01-01 10:00 +3",
                         "yesterday", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t t = 0;
        struct vo_error e = {0};
        cr_assert_eq(vo_time_parse(bad[i], msk, &t, "created_at", &e), VO_EINVAL, "\"%s\"",
                     bad[i]);
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
    cr_assert_str_eq(vo_time_format(1772323200, msk, buf, sizeof buf),
                     "2026-03-01T03:00:00+03:00");
}

/* Found by fuzz/fuzz_time.c: years before 1000 came out unpadded ("24-03-29")
 * and did not parse back. */
Test(time, format_pads_early_years_and_round_trips)
{
    char buf[64];
    GTimeZone *utc = g_time_zone_new_utc();
    int64_t t = t_ok("0024-03-29T10:00:00Z", utc);
    cr_assert_str_eq(vo_time_format(t, utc, buf, sizeof buf), "0024-03-29T10:00:00+00:00");
    cr_assert_eq(t_ok(buf, msk), t);
    g_time_zone_unref(utc);
}
