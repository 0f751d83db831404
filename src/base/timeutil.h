/*
 * timeutil.h - instants (UTC Unix seconds) and the org's local calendar.
 *
 * All time-zone work goes through GLib's GTimeZone / GDateTime (IANA zones);
 * nothing here knows a rule of its own. An instant is int64 seconds; a local
 * calendar date is a struct vo_date.
 */
#ifndef VO_BASE_TIMEUTIL_H
#define VO_BASE_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "base/err.h"

struct vo_date {
    int y, m, d;
};

/* A time zone by IANA name ("Europe/Moscow"), or NULL when unknown.
 * The caller frees it with g_time_zone_unref(). */
GTimeZone *vo_tz_new(const char *name);

/* Parses an import-format timestamp: YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS] or
 * YYYY-MM-DDTHH:MM[:SS], optionally followed by Z or +hh:mm / -hh:mm.
 * Without an offset the time is local in tz; a date alone is 00:00 local.
 * VO_EINVAL names `field` and says what does not parse (Feb 30, 25:00, a
 * local time that the zone skips). */
vo_err vo_time_parse(const char *s, GTimeZone *tz, int64_t *out, const char *field,
                     struct vo_error *e);

/* Parses YYYY-MM-DD into a valid calendar date. */
vo_err vo_date_parse(const char *s, struct vo_date *out, const char *field, struct vo_error *e);
/* Parses YYYY-MM (a month). */
vo_err vo_month_parse(const char *s, int *y, int *m, const char *field, struct vo_error *e);
/* True when y-m-d is a real calendar date. */
int vo_date_valid(int y, int m, int d);

/* The instant of local midnight starting date d in tz. */
int64_t vo_date_start(GTimeZone *tz, struct vo_date d);
/* The local date of instant t in tz. */
struct vo_date vo_date_of(GTimeZone *tz, int64_t t);
/* Adds n days to a calendar date. */
struct vo_date vo_date_add_days(struct vo_date d, int n);
/* ISO weekday: 1 = Monday .. 7 = Sunday. */
int vo_date_weekday(struct vo_date d);
/* Days from 1970-01-01 (proleptic Gregorian), for ordering and arithmetic. */
int64_t vo_date_days(struct vo_date d);
int vo_date_cmp(struct vo_date a, struct vo_date b);

/* Writes t as ISO 8601 with the zone's offset ("2026-11-23T09:00:00+03:00")
 * into out; returns out. */
char *vo_time_format(int64_t t, GTimeZone *tz, char *out, size_t outsz);
/* Writes a date as YYYY-MM-DD. */
char *vo_date_format(struct vo_date d, char *out, size_t outsz);

/* The current instant. */
int64_t vo_now(void);

#endif
