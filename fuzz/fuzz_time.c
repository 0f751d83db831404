/*
 * fuzz_time.c - vo_time_parse, vo_date_parse, vo_month_parse
 * (src/base/timeutil.h).
 *
 * Input: first byte picks the org's zone (UTC, Europe/Moscow,
 * America/New_York, Australia/Lord_Howe), the rest is the text. Checks: no
 * crash, no leak, no undefined behaviour; parsing is deterministic (the
 * same text twice gives the same result); a parsed instant written in UTC
 * by vo_time_format parses back to the same instant; a parsed date or
 * month is a real one, and a date written by vo_date_format parses back to
 * itself.
 */
#include "base/timeutil.h"
#include "fuzz_common.h"

static GTimeZone *zones[4];

static void zones_init(void)
{
    static const char *const names[] = {"UTC", "Europe/Moscow", "America/New_York",
                                        "Australia/Lord_Howe"};
    for (size_t i = 0; i < 4; i++) {
        zones[i] = vo_tz_new(names[i]);
        if (!zones[i])
            zones[i] = g_time_zone_new_utc();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    if (!zones[0])
        zones_init();
    GTimeZone *tz = zones[data[0] % 4];
    char *s = fuzz_cstr(data + 1, size - 1);
    struct vo_error e;

    int64_t t1 = 0, t2 = 0;
    vo_err r1 = vo_time_parse(s, tz, &t1, "at", &e);
    vo_err r2 = vo_time_parse(s, tz, &t2, "at", &e);
    FUZZ_CHECK(r1 == r2, "vo_time_parse is not deterministic", s);
    if (r1 == VO_OK) {
        FUZZ_CHECK(t1 == t2, "vo_time_parse gives two instants", s);
        char text[64];
        int64_t t3 = 0;
        GTimeZone *utc = zones[0];
        vo_time_format(t1, utc, text, sizeof text);
        /* a local time near year 1 or 9999 can be outside 1..9999 in UTC */
        struct vo_date d = vo_date_of(utc, t1);
        if (vo_date_supported(d)) { /* the dates vo_time_parse takes */
            FUZZ_CHECK(vo_time_parse(text, tz, &t3, "at", &e) == VO_OK,
                       "formatted instant does not parse", s);
            FUZZ_CHECK(t3 == t1, "formatted instant parses to another instant", s);
        }
    }

    struct vo_date d1 = {0, 0, 0}, d2 = {0, 0, 0};
    r1 = vo_date_parse(s, &d1, "day", &e);
    r2 = vo_date_parse(s, &d2, "day", &e);
    FUZZ_CHECK(r1 == r2, "vo_date_parse is not deterministic", s);
    if (r1 == VO_OK) {
        FUZZ_CHECK(vo_date_cmp(d1, d2) == 0, "vo_date_parse gives two dates", s);
        FUZZ_CHECK(vo_date_valid(d1.y, d1.m, d1.d), "parsed date is not valid", s);
        char text[32];
        struct vo_date d3 = {0, 0, 0};
        vo_date_format(d1, text, sizeof text);
        FUZZ_CHECK(vo_date_parse(text, &d3, "day", &e) == VO_OK && vo_date_cmp(d1, d3) == 0,
                   "formatted date does not parse back", s);
    }

    int y1 = 0, m1 = 0, y2 = 0, m2 = 0;
    r1 = vo_month_parse(s, &y1, &m1, "month", &e);
    r2 = vo_month_parse(s, &y2, &m2, "month", &e);
    FUZZ_CHECK(r1 == r2, "vo_month_parse is not deterministic", s);
    if (r1 == VO_OK) {
        FUZZ_CHECK(y1 == y2 && m1 == m2, "vo_month_parse gives two months", s);
        FUZZ_CHECK(y1 >= 1 && y1 <= 9999 && m1 >= 1 && m1 <= 12, "parsed month is not valid", s);
    }
    free(s);
    return 0;
}
