/*
 * director.h - the report to the director (issue 11; docs/reports.md, "The
 * report to the director"): the use case behind `voronka report director`
 * and GET /api/v1/reports/director, and the head's free text of it (PUT
 * /api/v1/reports/director/notes). Each section is computed by the engine
 * that owns its figures, through the report use cases (service/report.h):
 * plan-fact and its run-rate forecast, the funnel of this period and of the
 * previous one (analytics/director.h compares them), the hygiene audit.
 *
 * Who: an admin, the head or a viewer reads it; a manager gets VO_EPERM
 * (it is the department's report). The note is written by an admin or the
 * head only; at most VO_DIRECTOR_NOTE_MAX characters (VO_EINVAL naming
 * "text"), one transaction with an audit row (director_note.set).
 */
#ifndef VO_SERVICE_DIRECTOR_H
#define VO_SERVICE_DIRECTOR_H

#include "analytics/director.h"
#include "analytics/report_query.h"
#include "service/service.h"

#define VO_DIRECTOR_NOTE_MAX 1000

/* The report of the month or the ISO week (period "month" or "week"; NULL:
 * "month") holding base->date (required: VO_EINVAL naming "date"), counted
 * before base->as_of (base resolved by vo_svc_report_query: as_of given,
 * else now). Results in base->arena. */
vo_err vo_svc_director(struct vo_svc *svc, const struct vo_report_query *base, const char *period,
                       struct vo_director *out, struct vo_error *e);

/* Saves the head's text for the period holding date (YYYY-MM-DD); ""
 * clears it. */
vo_err vo_svc_director_note_set(struct vo_svc *svc, const char *period, const char *date,
                                const char *text, struct vo_error *e);

#endif
