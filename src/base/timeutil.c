/*
 * timeutil.c - parsing of the import format's timestamps and conversions
 * between instants and local dates, all through GDateTime.
 */
#include "base/timeutil.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

GTimeZone *vo_tz_new(const char *name)
{
    if (!name || !*name)
        return NULL;
    return g_time_zone_new_identifier(name);
}

int vo_date_valid(int y, int m, int d)
{
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
        return 0;
    return d <= g_date_get_days_in_month((GDateMonth)m, (GDateYear)y);
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

vo_err vo_date_parse(const char *s, struct vo_date *out, const char *field, struct vo_error *e)
{
    const char *p = s;
    int y, m, d;
    if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &m) || *p++ != '-' ||
        !digits(&p, 2, &d) || *p)
        return vo_error_set(e, VO_EINVAL, field, "\"%s\" is not a date (want YYYY-MM-DD)", s);
    if (!vo_date_valid(y, m, d))
        return vo_error_set(e, VO_EINVAL, field, "\"%s\" is not a day of the calendar", s);
    out->y = y;
    out->m = m;
    out->d = d;
    return VO_OK;
}

vo_err vo_month_parse(const char *s, int *y, int *m, const char *field, struct vo_error *e)
{
    const char *p = s;
    int yy, mm;
    if (!digits(&p, 4, &yy) || *p++ != '-' || !digits(&p, 2, &mm) || *p || yy < 1 || mm < 1 ||
        mm > 12)
        return vo_error_set(e, VO_EINVAL, field, "\"%s\" is not a month (want YYYY-MM)", s);
    *y = yy;
    *m = mm;
    return VO_OK;
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

struct vo_date vo_date_add_days(struct vo_date d, int n)
{
    int64_t z = vo_date_days(d) + n + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    struct vo_date r;
    r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
    r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
    r.y = (int)(yoe + era * 400 + (r.m <= 2));
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
        snprintf(out, outsz, "%lld", (long long)t);
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

int64_t vo_now(void)
{
    return (int64_t)time(NULL);
}
