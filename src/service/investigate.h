/*
 * investigate.h (service) - the investigations use case (issue 12 item 6,
 * docs/reports.md "Разборы"): behind `voronka report investigations`, GET
 * /api/v1/reports/investigations and the `investigations` of the daily
 * report and the monthly review. The actor's restriction is applied here,
 * in one place: a manager reads the department's findings and their own.
 */
#ifndef VO_SERVICE_INVESTIGATE_H
#define VO_SERVICE_INVESTIGATE_H

#include "analytics/investigate.h"
#include "analytics/report_query.h"
#include "service/service.h"

/* The findings of period p as of as_of over q->ds (in q->arena),
 * restricted to q->self's and the department's when q is a manager's. */
vo_err vo_svc_inv_period(struct vo_svc *svc, const struct vo_report_query *q,
                         const struct vo_period *p, int64_t as_of, struct vo_inv **out,
                         struct vo_error *e);

/* The report: q's period as of q's as_of; q->user (a name or an email)
 * keeps that user's findings only (VO_ENOTFOUND naming "user"). */
vo_err vo_svc_report_investigations(struct vo_svc *svc, const struct vo_report_query *q,
                                    struct vo_inv **out, struct vo_error *e);

#endif
