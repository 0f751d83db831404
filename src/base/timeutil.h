/*
 * timeutil.h - instants (UTC Unix seconds) and the org's local calendar.
 *
 * All time-zone work goes through GLib's GTimeZone / GDateTime (IANA zones);
 * nothing here knows a rule of its own. An instant is int64 seconds; a local
 * calendar date is a struct vo_date.
 */
#ifndef VO_BASE_TIMEUTIL_H
#define VO_BASE_TIMEUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "base/err.h"

struct vo_date {
    int y, m, d;
};

/* The dates the product supports: every date a user, an import or the
 * CLI gives is inside VO_DATE_MIN..VO_DATE_MAX (docs/reports.md, "Dates");
 * the edge parsers below refuse anything else, naming the field. */
#define VO_YEAR_MIN        1970
#define VO_YEAR_MAX        2200
#define VO_DATE_RANGE_TEXT "1970-01-01..2200-12-31"

/* A time zone by IANA name ("Europe/Moscow"), or NULL when unknown.
 * The caller frees it with g_time_zone_unref(). Reads whatever GLib
 * reads (for a zone already stored); a zone a person chooses goes
 * through vo_tz_iana. */
GTimeZone *vo_tz_new(const char *name);
/* A zone of the IANA database proper, as an org's setting: "UTC" or
 * Area/Location[/...] with Area one of the database's regions (Africa,
 * America, Antarctica, Arctic, Asia, Atlantic, Australia, Europe, Indian,
 * Pacific, Etc). Not "right/..." or "posix/..." (leap-second and duplicate
 * trees), not a POSIX rule ("MSK-3"), not a path. NULL otherwise or when
 * the zone file is missing. The caller frees it with g_time_zone_unref(). */
GTimeZone *vo_tz_iana(const char *name);

/* Parses an import-format timestamp: YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS] or
 * YYYY-MM-DDTHH:MM[:SS], optionally followed by Z or +hh:mm / -hh:mm.
 * Without an offset the time is local in tz; a date alone is 00:00 local.
 * VO_EINVAL names `field` and says what does not parse (Feb 30, 25:00, a
 * local time that the zone skips, a date outside the supported range). */
vo_err vo_time_parse(const char *s, GTimeZone *tz, int64_t *out, const char *field,
                     struct vo_error *e);

/* Parses YYYY-MM-DD into a valid calendar date of the supported range
 * (VO_EINVAL naming field otherwise). */
vo_err vo_date_parse(const char *s, struct vo_date *out, const char *field, struct vo_error *e);
/* Parses YYYY-MM (a month) of the supported range. */
vo_err vo_month_parse(const char *s, int *y, int *m, const char *field, struct vo_error *e);
/* The same shapes read back from the store, where a row written before
 * the range was enforced may hold any year 1..9999: true when s is one. */
bool vo_date_scan(const char *s, struct vo_date *out);
bool vo_month_scan(const char *s, int *y, int *m);
/* True when y-m-d is a real calendar date (years 1..9999). */
int vo_date_valid(int y, int m, int d);
/* True when d is a date of the supported range (VO_YEAR_MIN..VO_YEAR_MAX). */
bool vo_date_supported(struct vo_date d);
/* Days in month m (1..12) of year y, for any y (proleptic Gregorian);
 * 0 for a month outside 1..12. Loops over the days of a month use it, so
 * none depends on a date being valid. */
int vo_month_days(int y, int m);

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
 * into out; returns out. An instant GLib cannot place (before year 1 or
 * after 9999, only in a row stored before the range was enforced) is
 * written in UTC from the proleptic Gregorian calendar, still ISO 8601. */
char *vo_time_format(int64_t t, GTimeZone *tz, char *out, size_t outsz);
/* Writes a date as YYYY-MM-DD. */
char *vo_date_format(struct vo_date d, char *out, size_t outsz);

/* The current instant: the clock's, or the one vo_now_fix set. */
int64_t vo_now(void);
/* Makes vo_now answer t (0: the clock again). For the demo generator
 * alone (a CLI run, before any server thread): the people it seeds through
 * the use cases are dated at the demo's as_of, so the same seed gives the
 * same rows whatever the day it runs. */
void vo_now_fix(int64_t t);

#endif
