/*
 * calendar.h - the org's local calendar for the analytics: working days
 * (METRICS.md "Working days"), the instant bounds of local days, ISO weeks,
 * months, quarters and explicit date ranges, and the elapsed working days of
 * a period at an instant `as_of`.
 *
 * Conventions (every report relies on them):
 * - A period is half-open in instants, [start, end), and closed in local
 *   dates, first..last; end is the local midnight after `last`.
 * - as_of is an instant and is EXCLUSIVE: an event at t counts when
 *   t < as_of. "--as-of 2025-11-30" means the end of that local day and is
 *   represented as the instant of the next local midnight (2025-12-01 00:00
 *   local), see vo_cal_as_of_parse(). The "local date of as_of" in METRICS.md
 *   is therefore the local date of the last counted second, as_of - 1
 *   (vo_cal_as_of_date()), so the end of Nov 30 is on Nov 30, not Dec 1.
 * - Working days: Monday-Friday, minus the org's holidays (kind holiday),
 *   plus its extra working days (kind workday).
 *
 * The calendar precomputes, for the years that hold holiday rows, a prefix
 * sum of working days per day; outside those years the plain Monday-Friday
 * rule is computed arithmetically. Every look-up is O(1).
 */
#ifndef VO_ANALYTICS_CALENDAR_H
#define VO_ANALYTICS_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "base/err.h"
#include "base/timeutil.h"
#include "model/model.h"

struct vo_calendar {
    GTimeZone *tz; /* a reference the calendar holds */
    int64_t first; /* day number (vo_date_days) of the first tabulated day */
    int32_t ndays; /* tabulated days; 0 when the org has no holiday rows */
    int32_t *cum;  /* cum[i] = working days in [first, first + i), ndays + 1 entries */
};

/* A local calendar period: the dates first..last (inclusive) and the
 * instants [start, end) they cover in the org's zone. */
struct vo_period {
    struct vo_date first, last;
    int64_t start, end;
};

/* Builds a calendar for zone tz (a reference is taken; the caller keeps its
 * own) and the org's holiday rows h[0..n) (borrowed; only y, m, d, kind are
 * read). A date listed twice takes its last row. VO_EINVAL when a row is not
 * a real date, VO_ENOMEM when the table cannot be allocated. On error c
 * needs no cleanup. */
vo_err vo_cal_init(struct vo_calendar *c, GTimeZone *tz, const struct vo_holiday *h, size_t n,
                   struct vo_error *e);
/* Frees what vo_cal_init took; c may be zeroed or already cleaned. */
void vo_cal_cleanup(struct vo_calendar *c);

/* Is local date d a working day? */
bool vo_cal_is_working(const struct vo_calendar *c, struct vo_date d);
/* Working days in the local dates first..last inclusive (0 when last <
 * first). */
int vo_cal_working_days(const struct vo_calendar *c, struct vo_date first, struct vo_date last);
/* Working days of period p (its dates first..last). */
int vo_cal_period_wd(const struct vo_calendar *c, const struct vo_period *p);

/* The local date of instant t. */
struct vo_date vo_cal_date_of(const struct vo_calendar *c, int64_t t);
/* The instant of the local midnight that starts date d. */
int64_t vo_cal_day_start(const struct vo_calendar *c, struct vo_date d);

/* The local day, ISO week (Monday to Sunday), month and quarter that
 * contain date d. */
struct vo_period vo_cal_day(const struct vo_calendar *c, struct vo_date d);
struct vo_period vo_cal_week(const struct vo_calendar *c, struct vo_date d);
struct vo_period vo_cal_month(const struct vo_calendar *c, struct vo_date d);
struct vo_period vo_cal_quarter(const struct vo_calendar *c, struct vo_date d);
/* The period of an explicit --from/--to: dates from..to, both inclusive,
 * so end is the midnight after `to`. VO_EINVAL (field "to") when to is
 * before from. */
vo_err vo_cal_range(const struct vo_calendar *c, struct vo_date from, struct vo_date to,
                    struct vo_period *out, struct vo_error *e);

/* Parses an --as-of YYYY-MM-DD into the instant that ends that local day
 * (the next local midnight); events with t < *as_of count. VO_EINVAL naming
 * `field` when the text is not a date. */
vo_err vo_cal_as_of_parse(const struct vo_calendar *c, const char *s, int64_t *as_of,
                          const char *field, struct vo_error *e);
/* The local date of as_of in the METRICS.md sense: the date of the last
 * instant that counts, as_of - 1. */
struct vo_date vo_cal_as_of_date(const struct vo_calendar *c, int64_t as_of);
/* Working days of p up to and including the local date of as_of: 0 when p
 * has not started (as_of <= p->start), all of them when it is over
 * (as_of >= p->end). */
int vo_cal_elapsed_wd(const struct vo_calendar *c, const struct vo_period *p, int64_t as_of);

#endif
