/*
 * nps.h - NPS (issue 12, item 2; docs/nps.md, docs/reports.md "NPS"): the
 * report over the org's answers, read from the store (they are not in the
 * dataset) and counted by analytics/nps.c.
 */
#ifndef VO_SERVICE_NPS_H
#define VO_SERVICE_NPS_H

#include "analytics/nps.h"
#include "analytics/report_query.h"
#include "service/service.h"

/* The NPS report of q (period, as_of, by; a manager: their own clients'
 * answers only) into *out, in q->arena. VO_EINVAL naming "by". */
vo_err vo_svc_report_nps(struct vo_svc *svc, const struct vo_report_query *q,
                         struct vo_nps_result *out, struct vo_error *e);

#endif
