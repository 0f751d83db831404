/*
 * calendar.c - working days and local calendar periods of an org.
 *
 * Days are handled as day numbers (vo_date_days: days since 1970-01-01), so
 * counting working days is a subtraction. For the years that hold holiday
 * rows the calendar keeps a prefix sum of working days (one int32 per day,
 * ~1.5 KB a year); before and after those years the Monday-Friday rule is
 * counted arithmetically. Instants come from GLib through base/timeutil, so
 * the zone rules are the IANA ones and nothing here knows an offset.
 */
#include "analytics/calendar.h"

#include <stdlib.h>
#include <string.h>

/* Monday-Friday days in [m0, d) where m0 = day -3 (Monday 1969-12-29), for
 * any d (floor division keeps it right before 1970). */
static int64_t weekdays_before(int64_t d)
{
    int64_t x = d + 3;
    int64_t q = x >= 0 ? x / 7 : -((-x + 6) / 7);
    int64_t r = x - q * 7;
    return q * 5 + (r < 5 ? r : 5);
}

/* Working days in the day numbers [a, b), a <= b. */
static int64_t wd_between(const struct vo_calendar *c, int64_t a, int64_t b)
{
    if (b <= a)
        return 0;
    int64_t lo = c->first, hi = c->first + c->ndays;
    if (c->ndays == 0 || b <= lo || a >= hi)
        return weekdays_before(b) - weekdays_before(a);
    int64_t n = 0;
    if (a < lo) {
        n += weekdays_before(lo) - weekdays_before(a);
        a = lo;
    }
    if (b > hi) {
        n += weekdays_before(b) - weekdays_before(hi);
        b = hi;
    }
    n += c->cum[b - lo] - c->cum[a - lo];
    return n;
}

vo_err vo_cal_init(struct vo_calendar *c, GTimeZone *tz, const struct vo_holiday *h, size_t n,
                   struct vo_error *e)
{
    memset(c, 0, sizeof *c);
    if (!tz)
        return vo_error_set(e, VO_EINVAL, "tz", "no time zone");
    int ymin = 0, ymax = 0;
    for (size_t i = 0; i < n; i++) {
        if (!vo_date_valid(h[i].y, h[i].m, h[i].d))
            return vo_error_set(e, VO_EINVAL, "date", "holiday %04d-%02d-%02d is not a date",
                                h[i].y, h[i].m, h[i].d);
        if (i == 0 || h[i].y < ymin)
            ymin = h[i].y;
        if (i == 0 || h[i].y > ymax)
            ymax = h[i].y;
    }
    int32_t *cum = NULL;
    uint8_t *work = NULL;
    if (n > 0) {
        int64_t first = vo_date_days((struct vo_date){ymin, 1, 1});
        int64_t last = vo_date_days((struct vo_date){ymax + 1, 1, 1});
        size_t nd = (size_t)(last - first);
        cum = malloc((nd + 1) * sizeof *cum);
        work = malloc(nd);
        if (!cum || !work) {
            free(cum);
            free(work);
            return vo_error_set(e, VO_ENOMEM, NULL, "out of memory (calendar)");
        }
        for (size_t i = 0; i < nd; i++) {
            int64_t d = first + (int64_t)i;
            work[i] = (uint8_t)(weekdays_before(d + 1) - weekdays_before(d));
        }
        for (size_t i = 0; i < n; i++) {
            int64_t d = vo_date_days((struct vo_date){h[i].y, h[i].m, h[i].d});
            work[d - first] = h[i].kind == VO_DAY_WORKDAY ? 1 : 0;
        }
        cum[0] = 0;
        for (size_t i = 0; i < nd; i++)
            cum[i + 1] = cum[i] + work[i];
        free(work);
        c->first = first;
        c->ndays = (int32_t)nd;
    }
    c->cum = cum;
    c->tz = g_time_zone_ref(tz);
    return VO_OK;
}

void vo_cal_cleanup(struct vo_calendar *c)
{
    if (c->tz)
        g_time_zone_unref(c->tz);
    free(c->cum);
    memset(c, 0, sizeof *c);
}

bool vo_cal_is_working(const struct vo_calendar *c, struct vo_date d)
{
    int64_t n = vo_date_days(d);
    return wd_between(c, n, n + 1) == 1;
}

int vo_cal_working_days(const struct vo_calendar *c, struct vo_date first, struct vo_date last)
{
    return (int)wd_between(c, vo_date_days(first), vo_date_days(last) + 1);
}

int vo_cal_period_wd(const struct vo_calendar *c, const struct vo_period *p)
{
    return vo_cal_working_days(c, p->first, p->last);
}

struct vo_date vo_cal_date_of(const struct vo_calendar *c, int64_t t)
{
    return vo_date_of(c->tz, t);
}

int64_t vo_cal_day_start(const struct vo_calendar *c, struct vo_date d)
{
    return vo_date_start(c->tz, d);
}

static struct vo_period period(const struct vo_calendar *c, struct vo_date first,
                               struct vo_date last)
{
    struct vo_period p = {first, last, vo_date_start(c->tz, first),
                          vo_date_start(c->tz, vo_date_add_days(last, 1))};
    return p;
}

struct vo_period vo_cal_day(const struct vo_calendar *c, struct vo_date d)
{
    return period(c, d, d);
}

struct vo_period vo_cal_week(const struct vo_calendar *c, struct vo_date d)
{
    struct vo_date mon = vo_date_add_days(d, 1 - vo_date_weekday(d));
    return period(c, mon, vo_date_add_days(mon, 6));
}

struct vo_period vo_cal_month(const struct vo_calendar *c, struct vo_date d)
{
    struct vo_date first = {d.y, d.m, 1}, last = {d.y, d.m, vo_month_days(d.y, d.m)};
    return period(c, first, last);
}

struct vo_period vo_cal_quarter(const struct vo_calendar *c, struct vo_date d)
{
    int m0 = (d.m - 1) / 3 * 3 + 1;
    struct vo_date first = {d.y, m0, 1}, last = {d.y, m0 + 2, vo_month_days(d.y, m0 + 2)};
    return period(c, first, last);
}

vo_err vo_cal_range(const struct vo_calendar *c, struct vo_date from, struct vo_date to,
                    struct vo_period *out, struct vo_error *e)
{
    if (vo_date_cmp(to, from) < 0)
        return vo_error_set(e, VO_EINVAL, "to", "--to %04d-%02d-%02d is before --from", to.y, to.m,
                            to.d);
    *out = period(c, from, to);
    return VO_OK;
}

vo_err vo_cal_as_of_parse(const struct vo_calendar *c, const char *s, int64_t *as_of,
                          const char *field, struct vo_error *e)
{
    struct vo_date d;
    vo_err rc = vo_date_parse(s, &d, field, e);
    if (rc)
        return rc;
    *as_of = vo_date_start(c->tz, vo_date_add_days(d, 1));
    return VO_OK;
}

struct vo_date vo_cal_as_of_date(const struct vo_calendar *c, int64_t as_of)
{
    return vo_date_of(c->tz, as_of - 1);
}

int vo_cal_elapsed_wd(const struct vo_calendar *c, const struct vo_period *p, int64_t as_of)
{
    if (as_of <= p->start)
        return 0;
    if (as_of >= p->end)
        return vo_cal_period_wd(c, p);
    return vo_cal_working_days(c, p->first, vo_cal_as_of_date(c, as_of));
}
