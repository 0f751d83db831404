/*
 * nps.c - the NPS use cases (nps.h): the report reads the period's
 * answers from the store and hands them to analytics/nps.c with the
 * dataset's client indexes.
 */
#include "service/nps.h"

#include "store/store.h"

vo_err vo_svc_report_nps(struct vo_svc *svc, const struct vo_report_query *q,
                         struct vo_nps_result *out, struct vo_error *e)
{
    struct vo_nps_query nq;
    vo_err rc = vo_report_nps_query(q, &nq, e);
    if (rc)
        return rc;
    int64_t end = q->period.end < q->as_of ? q->period.end : q->as_of;
    struct vo_nps *rows = NULL;
    size_t n = 0;
    if (end > q->period.start && (rc = vo_store_nps_between(svc->st, q->ds->org_id, q->period.start,
                                                            end, q->arena, &rows, &n, e)))
        return rc;
    struct vo_nps_answer *v = VO_ARENA_ARRAY(q->arena, struct vo_nps_answer, n + 1);
    if (!v)
        return vo_error_set(e, VO_ENOMEM, "nps", "out of memory");
    for (size_t i = 0; i < n; i++)
        v[i] = (struct vo_nps_answer){.id = rows[i].id,
                                      .client = vo_ds_client_find(q->ds, rows[i].client_id),
                                      .at = rows[i].at,
                                      .score = rows[i].score,
                                      .comment = rows[i].comment};
    return vo_nps_compute(q->ds, &nq, v, n, q->arena, out, e);
}
