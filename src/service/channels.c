/*
 * channels.c - the channel economics report (channels.h): the rule of who
 * reads it, the settings and the spend rows, then the pure computation.
 */
#include "service/channels.h"

#include <string.h>

#include "service/channel_settings.h"
#include "store/store.h"

/* The engine's query of q: who may read, by, gross_margin, the spend rows. */
static vo_err prepare(struct vo_svc *svc, const struct vo_report_query *q, struct vo_ch_query *cq,
                      struct vo_error *e)
{
    if (svc->actor_role == VO_ROLE_MANAGER)
        return vo_error_set(e, VO_EPERM, NULL,
                            "the channel report is for the head, an admin or a viewer, not a "
                            "manager");
    *cq = (struct vo_ch_query){.period = q->period, .as_of = q->as_of};
    if (!q->by || strcmp(q->by, "channel") == 0)
        cq->by = VO_CH_BY_CHANNEL;
    else if (strcmp(q->by, "region") == 0)
        cq->by = VO_CH_BY_REGION;
    else if (strcmp(q->by, "source") == 0)
        cq->by = VO_CH_BY_SOURCE;
    else
        return vo_error_set(e, VO_EINVAL, "by", "by is one of: channel, region, source");
    vo_err rc = vo_channel_settings_parse(svc->org.settings, &cq->gross_margin, e);
    struct vo_spend *sp = NULL;
    if (!rc)
        rc = vo_store_spend_list(svc->st, q->ds->org_id, q->arena, &sp, &cq->nspend, e);
    cq->spend = sp;
    return rc;
}

vo_err vo_svc_report_channels(struct vo_svc *svc, const struct vo_report_query *q,
                              struct vo_ch *out, struct vo_error *e)
{
    struct vo_ch_query cq;
    vo_err rc = prepare(svc, q, &cq, e);
    if (!rc)
        rc = vo_ch_compute(q->ds, &cq, q->arena, out, e);
    return rc;
}

vo_err vo_svc_report_channel_dynamics(struct vo_svc *svc, const struct vo_report_query *q,
                                      struct vo_ch_dyn *out, struct vo_error *e)
{
    struct vo_ch_query cq;
    vo_err rc = prepare(svc, q, &cq, e);
    if (!rc && q->by && strcmp(q->by, "channel") != 0)
        rc = vo_error_set(e, VO_EINVAL, "by", "by is one of: channel, region, source");
    if (!rc)
        rc = vo_ch_dynamics(q->ds, &cq, q->metric, q->channel, q->arena, out, e);
    return rc;
}
