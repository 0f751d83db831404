/*
 * board.h - the deals board: a pipeline's open deals by stage, each
 * column with its count and sum over every matching deal (SQL aggregates,
 * never a page summed) and its first cards, longest in the stage first
 * (the stuck ones, over the stage's max_days, lead); a column's further
 * cards page by page ("load more"). A manager's board is their own deals
 * whatever the request's owner says (vo_crm_narrow, as every deals list).
 */
#ifndef VO_SERVICE_BOARD_H
#define VO_SERVICE_BOARD_H

#include "service/crm.h"
#include "service/org_reads.h"

/* The filters of a board: q's owner_id, channel, team_id, stuck_at (0,
 * or the instant at which only stuck deals are kept) and, for a column's
 * page, its cursor and limit. Its other members are the service's. */
struct vo_board_column {
    struct vo_stage stage;
    struct vo_board_sums sums;
    struct vo_deal_row *items; /* in the arena */
    struct vo_crm_page page;   /* page.n items; next_key NULL at the end */
};

struct vo_board {
    struct vo_pipeline_info pipeline;
    struct vo_board_column *cols; /* one per stage, in position order */
};

/* The board of pipeline (0: the org's first by id) with q's filters and
 * at most `limit` cards per column (0: the figures only, no cards).
 * VO_ENOTFOUND naming "pipeline" when the org has no such pipeline (or
 * none at all). Results in svc->arena. */
vo_err vo_svc_board(struct vo_svc *svc, int64_t pipeline, const struct vo_crm_query *q,
                    int64_t limit, struct vo_board *out, struct vo_error *e);
/* One column of the board: the stage `stage`'s figures and the page of
 * its cards after q's cursor (q->limit of them, 1..500). VO_ENOTFOUND
 * naming "id" when the org has no such stage. */
vo_err vo_svc_board_column(struct vo_svc *svc, int64_t stage, const struct vo_crm_query *q,
                           struct vo_board_column *out, struct vo_error *e);

#endif
