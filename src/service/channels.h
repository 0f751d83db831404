/*
 * channels.h - the channel economics use case (docs/reports.md,
 * "Channels"), one for `voronka report channels` and GET
 * /api/v1/reports/channels: who may read it (not a manager), the org's
 * gross_margin, the marketing spend rows read from the store, and the
 * engine (analytics/channels.h) over the dataset.
 */
#ifndef VO_SERVICE_CHANNELS_H
#define VO_SERVICE_CHANNELS_H

#include "analytics/channels.h"
#include "analytics/report_query.h"
#include "service/service.h"

/* The report of q: q->by (NULL or "channel", "region", "source"; else
 * VO_EINVAL naming "by"), q's period and as_of. VO_EPERM for a manager
 * (the report is the department's economics, docs/reports.md "Who sees
 * what"). */
vo_err vo_svc_report_channels(struct vo_svc *svc, const struct vo_report_query *q,
                              struct vo_ch *out, struct vo_error *e);

/* The dynamics (analytics/channels.h) of q->metric (required) of
 * q->channel (NULL: every channel, the total) as of q->as_of; the same
 * readers as the report. */
vo_err vo_svc_report_channel_dynamics(struct vo_svc *svc, const struct vo_report_query *q,
                                      struct vo_ch_dyn *out, struct vo_error *e);

/* The lead plan-fact of q's period (docs/marketing.md): the org's lead
 * plans against the leads and their quality (analytics/channels.h). */
vo_err vo_svc_report_channel_plans(struct vo_svc *svc, const struct vo_report_query *q,
                                   struct vo_ch_plans *out, struct vo_error *e);

/* Sets the lead plan of channel for month (YYYY-MM, 2000-01..2100-12):
 * leads 0..10^9, quality_permille 0..1000 or -1 for none; admin and head
 * (the plans' right); one transaction with an audit row. */
vo_err vo_svc_channel_plan_put(struct vo_svc *svc, const char *channel, const char *month,
                               int64_t leads, int64_t quality_permille, struct vo_error *e);

#endif
