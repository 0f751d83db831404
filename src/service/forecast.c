/*
 * forecast.c - the forecast report's use case (forecast.h): the query
 * (with the manager's restriction, applied by vo_report_fc_query), the
 * computation, and the labels of the listed deals from the store.
 */
#include "service/forecast.h"

#include "store/hygiene_store.h"

vo_err vo_svc_report_forecast(struct vo_svc *svc, const struct vo_report_query *q,
                              struct vo_report_forecast *out, struct vo_error *e)
{
    const struct vo_dataset *ds = q->ds;
    *out = (struct vo_report_forecast){.stage_pipeline = -1};
    vo_err rc = vo_report_fc_query(q, &out->fq, e);
    if (!rc)
        rc = vo_forecast_compute(ds, &out->fq, q->arena, &out->f, e);
    if (rc)
        return rc;
    out->stage_pipeline = out->fq.pipeline != VO_FC_ANY_PIPE ? out->fq.pipeline
                          : ds->pipelines.n                  ? 0
                                                             : -1;
    out->deals_total = out->f.ndeals;
    if (out->f.ndeals > VO_FC_LIST_MAX)
        out->f.ndeals = VO_FC_LIST_MAX;
    if (!out->fq.list)
        return VO_OK;
    size_t n = out->f.ndeals;
    out->di = vo_arena_array(q->arena, n + 1, sizeof *out->di);
    if (!out->di)
        return vo_error_set(e, VO_ENOMEM, "forecast", "out of memory");
    for (size_t i = 0; i < n; i++) {
        int32_t d = out->f.deals[i].deal;
        const char *ext = NULL, *title = NULL;
        rc = vo_store_deal_label(svc->st, ds->org_id, ds->deals.id[d], q->arena, &ext, &title, e);
        if (rc)
            return rc;
        out->di[i].id = ext ? ext : vo_arena_printf(q->arena, "%lld", (long long)ds->deals.id[d]);
        out->di[i].title = title;
        out->di[i].client = ds->deals.client[d] >= 0 ? ds->clients.name[ds->deals.client[d]] : NULL;
    }
    return VO_OK;
}
