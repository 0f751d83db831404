/*
 * channels.c - the channel economics report (channels.h): the rule of who
 * reads it, the settings and the spend rows, then the pure computation.
 */
#include "service/channels.h"

#include <stdio.h>
#include <string.h>

#include "base/timeutil.h"
#include "service/channel_settings.h"
#include "service/crm.h"
#include "service/rules.h"
#include "service/spend.h"
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
    /* the report names the channel: a text that is no UTF-8 (?channel=%E2)
     * would leave the answer without its members */
    if (!rc)
        rc = vo_text_check(VO_TEXT_LABEL, q->channel, "channel", e);
    if (!rc)
        rc = vo_ch_dynamics(q->ds, &cq, q->metric, q->channel, q->arena, out, e);
    return rc;
}

vo_err vo_svc_report_channel_plans(struct vo_svc *svc, const struct vo_report_query *q,
                                   struct vo_ch_plans *out, struct vo_error *e)
{
    struct vo_ch_query cq;
    vo_err rc = prepare(svc, q, &cq, e);
    struct vo_channel_plan *rows = NULL;
    size_t n = 0;
    if (!rc)
        rc = vo_store_channel_plan_list(svc->st, q->ds->org_id, q->arena, &rows, &n, e);
    struct vo_ch_lead_plan *v = rc ? NULL : vo_arena_array(q->arena, n + 1, sizeof *v);
    if (!rc && !v)
        rc = vo_error_set(e, VO_ENOMEM, "channels", "out of memory");
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++)
        v[i] = (struct vo_ch_lead_plan){rows[i].channel, rows[i].year, rows[i].month, rows[i].leads,
                                        rows[i].quality_permille};
    return vo_ch_lead_plans(q->ds, &q->period, q->as_of, v, n, q->arena, out, e);
}

vo_err vo_svc_channel_plan_put(struct vo_svc *svc, const char *channel, const char *month,
                               int64_t leads, int64_t quality_permille, struct vo_error *e)
{
    struct vo_channel_plan p = {.org_id = svc->org.id,
                                .channel = channel,
                                .leads = leads,
                                .quality_permille = (int32_t)quality_permille};
    vo_err rc = vo_svc_may_write(svc, VO_OBJ_PLAN, e);
    if (!rc)
        rc = vo_text_required(VO_TEXT_LABEL, channel, "channel", e);
    if (!rc && !month)
        rc = vo_error_set(e, VO_EINVAL, "month", "%s is required", "month");
    if (!rc)
        rc = vo_month_parse(month, &p.year, &p.month, "month", e);
    if (!rc && (p.year < VO_SPEND_YEAR_MIN || p.year > VO_SPEND_YEAR_MAX))
        rc = vo_error_set(e, VO_EINVAL, "month", "spend is entered for 2000-01..2100-12");
    if (!rc && (leads < 0 || leads > 1000000000))
        rc = vo_error_set(e, VO_EINVAL, "leads", "leads is 0..1000000000");
    if (!rc && (quality_permille < -1 || quality_permille > 1000))
        rc = vo_error_set(e, VO_EINVAL, "quality", "quality is a share 0..1 or null");
    if (rc || (rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = vo_store_channel_plan_put(svc->st, &p, e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    char detail[300];
    snprintf(detail, sizeof detail, "%s %04d-%02d %lld", channel, p.year, p.month,
             (long long)leads);
    return vo_crm_finish(svc, "channel_plan.put", "channel_plan", 0, detail, e);
}
