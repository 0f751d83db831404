/*
 * board.c - the deals board (board.h): which pipeline, the narrowing of
 * a manager's board to their own deals, and one column at a time from the
 * store (its figures, then a page of its cards). A column's query is the
 * caller's filters with the stage, the status "open" and the board's one
 * order set here, so nothing of the request reaches the SQL but values.
 */
#include "service/board.h"

#include <string.h>

/* The query of stage's column: q's filters and paging, narrowed. */
static struct vo_crm_query column_query(struct vo_svc *svc, const struct vo_crm_query *q,
                                        int64_t stage)
{
    struct vo_crm_query c = {
        .owner_id = q->owner_id,
        .channel = q->channel && *q->channel ? q->channel : NULL,
        .team_id = q->team_id,
        .stuck_at = q->stuck_at,
        .stage_id = stage,
        .status = "open",
        .has_cursor = q->has_cursor,
        .after_key = q->after_key,
        .after_id = q->after_id,
        .limit = q->limit,
    };
    vo_crm_narrow(svc, &c);
    return c;
}

/* Fills col for stage st: its figures, then (limit > 0) a page of cards. */
static vo_err fill_column(struct vo_svc *svc, const struct vo_stage *st,
                          const struct vo_crm_query *q, struct vo_board_column *col,
                          struct vo_error *e)
{
    struct vo_crm_query c = column_query(svc, q, st->id);
    memset(col, 0, sizeof *col);
    col->stage = *st;
    vo_err rc = vo_store_board_sums(svc->st, svc->org.id, &c, &col->sums, e);
    if (rc || c.limit <= 0)
        return rc;
    return vo_store_board_cards(svc->st, svc->org.id, &c, svc->arena, &col->items, &col->page, e);
}

vo_err vo_svc_board(struct vo_svc *svc, int64_t pipeline, const struct vo_crm_query *q,
                    int64_t limit, struct vo_board *out, struct vo_error *e)
{
    memset(out, 0, sizeof *out);
    vo_err rc;
    if (pipeline <= 0) {
        struct vo_pipeline_info *all = NULL;
        size_t n = 0;
        if ((rc = vo_svc_pipeline_list(svc, &all, &n, e)))
            return rc;
        if (n == 0)
            return vo_error_set(e, VO_ENOTFOUND, "pipeline", "the org has no pipeline");
        out->pipeline = all[0];
    } else if ((rc = vo_svc_pipeline_get(svc, pipeline, &out->pipeline, e))) {
        if (rc == VO_ENOTFOUND)
            vo_error_set(e, VO_ENOTFOUND, "pipeline", "no %s %lld", "pipeline",
                         (long long)pipeline);
        return rc;
    }
    size_t n = out->pipeline.nstages;
    out->cols = VO_ARENA_ARRAY(svc->arena, struct vo_board_column, n ? n : 1);
    if (!out->cols)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    struct vo_crm_query first = *q;
    first.has_cursor = false;
    first.limit = limit;
    for (size_t i = 0; i < n; i++)
        if ((rc = fill_column(svc, &out->pipeline.stages[i], &first, &out->cols[i], e)))
            return rc;
    return VO_OK;
}

vo_err vo_svc_board_column(struct vo_svc *svc, int64_t stage, const struct vo_crm_query *q,
                           struct vo_board_column *out, struct vo_error *e)
{
    struct vo_stage st;
    vo_err rc = vo_svc_stage_get(svc, stage, &st, e);
    if (rc == VO_ENOTFOUND)
        vo_error_set(e, VO_ENOTFOUND, "id", "no %s %lld", "stage", (long long)stage);
    return rc ? rc : fill_column(svc, &st, q, out, e);
}
