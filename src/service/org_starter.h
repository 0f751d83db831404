/*
 * org_starter.h - a new org that works at once (org_starter.c): the
 * default pipeline and the production calendar `voronka init` loads, and
 * the reload of one year's production calendar (`voronka calendar load`,
 * POST /api/v1/holidays/load).
 */
#ifndef VO_SERVICE_ORG_STARTER_H
#define VO_SERVICE_ORG_STARTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "service/service.h"

/* The years a calendar may be loaded for: the rule of the Labour Code is
 * applied outside the decreed years, and holidays are kept for these. */
#define VO_CALENDAR_YEAR_MIN 2000
#define VO_CALENDAR_YEAR_MAX 2100

/* The name of the default pipeline ("Продажи"). */
extern const char *const VO_STARTER_PIPELINE;

/* What the starter loaded into a new org. */
struct vo_org_starter {
    const char *pipeline; /* static */
    int64_t pipeline_id;
    size_t stages;
    int year_from, year_to; /* the production calendar's years */
    size_t holidays;        /* days off loaded (all the years) */
    size_t workdays;        /* working Saturdays loaded */
};

/* Creates the default pipeline with its stages and loads the production
 * calendar year_from..year_to into org `org`. Runs inside the caller's
 * open transaction (the org's creation) and writes no audit row of its
 * own; a, for the rows read back. */
vo_err vo_svc_org_starter(struct vo_store *st, int64_t org, struct vo_arena *a,
                          struct vo_org_starter *out, struct vo_error *e);

/* What a year's load did. */
struct vo_calendar_loaded {
    int year;
    bool official; /* false: a provisional year or the rule of art. 112 alone */
    size_t holidays, workdays;
    size_t replaced; /* the year's rows there were before */
};

/* Replaces the org's holidays of `year` (VO_CALENDAR_YEAR_MIN..MAX, else
 * VO_EINVAL naming "year") with the production calendar of that year: one
 * transaction, an audit row "calendar.load", then the change event. Who
 * may: those who may write holidays (rules.c). */
vo_err vo_svc_calendar_load(struct vo_svc *svc, int year, struct vo_calendar_loaded *out,
                            struct vo_error *e);

#endif
