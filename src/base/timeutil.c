/*
 * timeutil.c - parsing of the import format's timestamps and conversions
 * between instants and local dates, all through GDateTime.
 *
 * The edge parsers (vo_time_parse, vo_date_parse, vo_month_parse) are the
 * one place where a date from a person, a file or the command line enters:
 * each refuses a date outside VO_YEAR_MIN..VO_YEAR_MAX, so no report, loop
 * or conversion downstream meets year 0, year 10000 or an instant GLib
 * cannot place.
 */
#include "base/timeutil.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

GTimeZone *vo_tz_new(const char *name)
{
    if (!name || !*name)
        return NULL;
    return g_time_zone_new_identifier(name);
}

GTimeZone *vo_tz_iana(const char *name)
{
    /* The regions of the tz database's own files (africa, northamerica,
     * ..., etcetera); "right/" and "posix/" are copies of them that
     * distributions add, and bare names ("Cuba", "EST5EDT") are links or
     * POSIX-style rules. */
    static const char *const areas[] = {"Africa", "America",  "Antarctica", "Arctic",
                                        "Asia",   "Atlantic", "Australia",  "Europe",
                                        "Indian", "Pacific",  "Etc"};
    if (!name)
        return NULL;
    if (strcmp(name, "UTC") == 0)
        return vo_tz_new(name);
    const char *slash = strchr(name, '/');
    if (!slash || !slash[1] || strstr(name, "..") || strstr(name, "//") ||
        name[strlen(name) - 1] == '/')
        return NULL;
    for (const char *p = name; *p; p++)
        if (!g_ascii_isalnum(*p) && !strchr("/_+-", *p))
            return NULL;
    size_t n = (size_t)(slash - name);
    for (size_t i = 0; i < sizeof areas / sizeof areas[0]; i++)
        if (strlen(areas[i]) == n && strncmp(name, areas[i], n) == 0)
            return vo_tz_new(name);
    return NULL;
}

int vo_month_days(int y, int m)
{
    static const int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : len[m - 1];
}

int vo_date_valid(int y, int m, int d)
{
    if (y < 1 || y > 9999 || d < 1)
        return 0;
    return d <= vo_month_days(y, m);
}

bool vo_date_supported(struct vo_date d)
{
    return vo_date_valid(d.y, d.m, d.d) && d.y >= VO_YEAR_MIN && d.y <= VO_YEAR_MAX;
}

static vo_err out_of_range(const char *s, const char *field, struct vo_error *e)
{
    return vo_error_set(e, VO_EINVAL, field, "\"%s\" is outside the supported dates (%s)", s,
                        VO_DATE_RANGE_TEXT);
}

/* Reads exactly n digits at *p into *v and advances. */
static int digits(const char **p, int n, int *v)
{
    int x = 0;
    for (int i = 0; i < n; i++) {
        char c = (*p)[i];
        if (c < '0' || c > '9')
            return 0;
        x = x * 10 + (c - '0');
    }
    *p += n;
    *v = x;
    return 1;
}

/* YYYY-MM-DD: 1 when s has the shape, *out then holds its numbers (not
 * yet checked against the calendar). */
static int ymd_shape(const char *s, struct vo_date *out)
{
    const char *p = s;
    return digits(&p, 4, &out->y) && *p++ == '-' && digits(&p, 2, &out->m) && *p++ == '-' &&
           digits(&p, 2, &out->d) && !*p;
}

static int ym_shape(const char *s, int *y, int *m)
{
    const char *p = s;
    return digits(&p, 4, y) && *p++ == '-' && digits(&p, 2, m) && !*p && *m >= 1 && *m <= 12;
}

vo_err vo_date_parse(const char *s, struct vo_date *out, const char *field, struct vo_error *e)
{
    struct vo_date d;
    if (!s || !ymd_shape(s, &d))
        return vo_error_set(e, VO_EINVAL, field, "\"%s\" is not a date (want YYYY-MM-DD)",
                            s ? s : "");
    if (!vo_date_valid(d.y, d.m, d.d))
        return vo_error_set(e, VO_EINVAL, field, "\"%s\" is not a day of the calendar", s);
    if (!vo_date_supported(d))
        return out_of_range(s, field, e);
    *out = d;
    return VO_OK;
}

vo_err vo_month_parse(const char *s, int *y, int *m, const char *field, struct vo_error *e)
{
    int yy, mm;
    if (!s || !ym_shape(s, &yy, &mm))
        return vo_error_set(e, VO_EINVAL, field, "\"%s\" is not a month (want YYYY-MM)",
                            s ? s : "");
    if (yy < VO_YEAR_MIN || yy > VO_YEAR_MAX)
        return out_of_range(s, field, e);
    *y = yy;
    *m = mm;
    return VO_OK;
}

bool vo_date_scan(const char *s, struct vo_date *out)
{
    struct vo_date d;
    if (!s || !ymd_shape(s, &d) || !vo_date_valid(d.y, d.m, d.d))
        return false;
    *out = d;
    return true;
}

bool vo_month_scan(const char *s, int *y, int *m)
{
    return s && ym_shape(s, y, m) && *y >= 1;
}

vo_err vo_time_parse(const char *s, GTimeZone *tz, int64_t *out, const char *field,
                     struct vo_error *e)
{
    const char *p = s;
    int y, mo, d, h = 0, mi = 0, sec = 0;
    while (*p == ' ')
        p++;
    if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) || *p++ != '-' ||
        !digits(&p, 2, &d))
        goto bad;
    if (*p == ' ' || *p == 'T') {
        p++;
        if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi))
            goto bad;
        if (*p == ':') {
            p++;
            if (!digits(&p, 2, &sec))
                goto bad;
        }
    }
    GTimeZone *zone = NULL;
    if (*p == 'Z') {
        zone = g_time_zone_new_utc();
        p++;
    } else if (*p == '+' || *p == '-') {
        int oh, om;
        const char *q = p + 1;
        if (!digits(&q, 2, &oh) || *q++ != ':' || !digits(&q, 2, &om) || oh > 23 || om > 59)
            goto bad;
        int secs = (oh * 3600 + om * 60) * (*p == '-' ? -1 : 1);
        zone = g_time_zone_new_offset(secs);
        p = q;
    }
    while (*p == ' ')
        p++;
    if (*p) {
        if (zone)
            g_time_zone_unref(zone);
        goto bad;
    }
    if (!vo_date_valid(y, mo, d)) {
        if (zone)
            g_time_zone_unref(zone);
        return vo_error_set(e, VO_EINVAL, field, "\"%s\": no such day in the calendar", s);
    }
    if (!vo_date_supported((struct vo_date){y, mo, d})) {
        if (zone)
            g_time_zone_unref(zone);
        return out_of_range(s, field, e);
    }
    if (h > 23 || mi > 59 || sec > 59) {
        if (zone)
            g_time_zone_unref(zone);
        return vo_error_set(e, VO_EINVAL, field, "\"%s\": no such time of day", s);
    }
    GDateTime *dt = g_date_time_new(zone ? zone : tz, y, mo, d, h, mi, sec);
    if (zone)
        g_time_zone_unref(zone);
    if (!dt)
        return vo_error_set(e, VO_EINVAL, field, "\"%s\" is not a valid time", s);
    /* GLib moves a local time that falls in a DST gap; refuse it instead of
     * storing a time nobody wrote. */
    if (!zone && (g_date_time_get_hour(dt) != h || g_date_time_get_minute(dt) != mi)) {
        g_date_time_unref(dt);
        return vo_error_set(e, VO_EINVAL, field,
                            "\"%s\" does not exist in the local time zone (a clock change)", s);
    }
    *out = g_date_time_to_unix(dt);
    g_date_time_unref(dt);
    return VO_OK;
bad:
    return vo_error_set(e, VO_EINVAL, field,
                        "\"%s\" is not a timestamp (want YYYY-MM-DD[ HH:MM[:SS]][Z|+hh:mm])", s);
}

int64_t vo_date_start(GTimeZone *tz, struct vo_date d)
{
    GDateTime *dt = g_date_time_new(tz, d.y, d.m, d.d, 0, 0, 0);
    int64_t t = dt ? g_date_time_to_unix(dt) : 0;
    if (dt)
        g_date_time_unref(dt);
    return t;
}

struct vo_date vo_date_of(GTimeZone *tz, int64_t t)
{
    struct vo_date d = {1970, 1, 1};
    GDateTime *u = g_date_time_new_from_unix_utc(t);
    if (!u)
        return d;
    GDateTime *l = g_date_time_to_timezone(u, tz);
    g_date_time_unref(u);
    if (!l)
        return d;
    d.y = g_date_time_get_year(l);
    d.m = g_date_time_get_month(l);
    d.d = g_date_time_get_day_of_month(l);
    g_date_time_unref(l);
    return d;
}

int64_t vo_date_days(struct vo_date d)
{
    /* Howard Hinnant's days_from_civil. */
    int64_t y = d.y - (d.m <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t mp = (d.m + 9) % 12;
    int64_t doy = (153 * mp + 2) / 5 + d.d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Howard Hinnant's civil_from_days: the date of day z (days from
 * 1970-01-01), year as int64 so that any instant has one. */
static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

struct vo_date vo_date_add_days(struct vo_date d, int n)
{
    int64_t y;
    struct vo_date r;
    civil_from_days(vo_date_days(d) + n, &y, &r.m, &r.d);
    r.y = (int)y;
    return r;
}

int vo_date_weekday(struct vo_date d)
{
    int64_t days = vo_date_days(d); /* 1970-01-01 was a Thursday (4) */
    int64_t w = (days % 7 + 7 + 3) % 7;
    return (int)w + 1;
}

int vo_date_cmp(struct vo_date a, struct vo_date b)
{
    int64_t x = vo_date_days(a), y = vo_date_days(b);
    return x < y ? -1 : x > y;
}

char *vo_time_format(int64_t t, GTimeZone *tz, char *out, size_t outsz)
{
    GDateTime *u = g_date_time_new_from_unix_utc(t);
    GDateTime *l = u ? g_date_time_to_timezone(u, tz) : NULL;
    if (u)
        g_date_time_unref(u);
    if (!l) {
        /* Outside GLib's years 1..9999: UTC by arithmetic. */
        int64_t days = t / 86400, secs = t % 86400, y;
        if (secs < 0) {
            secs += 86400;
            days--;
        }
        int m, d;
        civil_from_days(days, &y, &m, &d);
        snprintf(out, outsz, "%s%04lld-%02d-%02dT%02d:%02d:%02d+00:00", y < 0 ? "-" : "",
                 (long long)(y < 0 ? -y : y), m, d, (int)(secs / 3600), (int)(secs / 60 % 60),
                 (int)(secs % 60));
        return out;
    }
    /* By hand rather than g_date_time_format: its %Y does not pad years
     * before 1000 to four digits, which vo_time_parse then refuses. */
    int64_t off = g_date_time_get_utc_offset(l) / G_TIME_SPAN_MINUTE;
    int64_t aoff = off < 0 ? -off : off;
    snprintf(out, outsz, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", g_date_time_get_year(l),
             g_date_time_get_month(l), g_date_time_get_day_of_month(l), g_date_time_get_hour(l),
             g_date_time_get_minute(l), g_date_time_get_second(l), off < 0 ? '-' : '+',
             (int)(aoff / 60), (int)(aoff % 60));
    g_date_time_unref(l);
    return out;
}

char *vo_date_format(struct vo_date d, char *out, size_t outsz)
{
    snprintf(out, outsz, "%04d-%02d-%02d", d.y, d.m, d.d);
    return out;
}

static _Atomic int64_t fixed_now; /* 0: the clock */

int64_t vo_now(void)
{
    int64_t t = atomic_load_explicit(&fixed_now, memory_order_relaxed);
    return t ? t : (int64_t)time(NULL);
}

void vo_now_fix(int64_t t)
{
    atomic_store_explicit(&fixed_now, t, memory_order_relaxed);
}
