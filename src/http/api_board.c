/*
 * api_board.c - the deals board of the JSON API (docs/api-crm.md,
 * "Board"): GET /api/v1/board, a pipeline's columns with their figures and
 * first cards, and GET /api/v1/board/stages/{id}, one column's next page.
 * Both read the same filters (owner_id, channel, team_id, stuck=1); the
 * rules (a manager's own deals only) are service/board.c's.
 *
 * A column is {"stage": {...}, "count", "sum" (minor units, of the deals
 * with an amount), "amount_missing", "items": [deals], "next_cursor"}.
 */
#include "http/api.h"
#include "http/http_int.h"

#include <string.h>

#include "base/timeutil.h"
#include "http/paging.h"
#include "service/board.h"

/* Cards per column on the board's first answer, unless ?limit= says. */
enum { BOARD_CARDS = 20, BOARD_MAX_CARDS = 100 };

/* The filters both routes take into q. */
static vo_err read_filters(struct vo_req *r, struct vo_crm_query *q)
{
    memset(q, 0, sizeof *q);
    vo_err rc;
    if ((rc = vo_api_query_id(r, "owner_id", &q->owner_id)) ||
        (rc = vo_api_query_id(r, "team_id", &q->team_id)))
        return rc;
    q->channel = vo_req_query(r, "channel");
    const char *stuck = vo_req_query(r, "stuck");
    if (stuck && *stuck && strcmp(stuck, "0") != 0 && strcmp(stuck, "1") != 0)
        return vo_error_set(&r->err, VO_EINVAL, "stuck", "stuck is 1 or 0");
    if (stuck && strcmp(stuck, "1") == 0)
        q->stuck_at = vo_now();
    return VO_OK;
}

static json_t *column_json(struct vo_req *r, const struct vo_board_column *c)
{
    json_t *items = json_array();
    for (size_t i = 0; i < c->page.n; i++)
        json_array_append_new(items, vo_api_deal_json(r, &c->items[i]));
    const char *next =
        c->page.next_key ? vo_page_cursor(r, c->page.next_key, c->page.next_id) : NULL;
    return json_pack("{s:o, s:I, s:I, s:I, s:o, s:o}", "stage", vo_api_stage_json(&c->stage),
                     "count", (json_int_t)c->sums.count, "sum", (json_int_t)c->sums.sum,
                     "amount_missing", (json_int_t)c->sums.amount_missing, "items", items,
                     "next_cursor", next ? json_string(next) : json_null());
}

vo_err api_board(struct vo_req *r)
{
    struct vo_crm_query q;
    struct vo_board b;
    int64_t pipeline = 0, limit = BOARD_CARDS;
    vo_err rc = read_filters(r, &q);
    if (rc || (rc = vo_api_query_id(r, "pipeline_id", &pipeline)))
        return rc;
    const char *lim = vo_req_query(r, "limit");
    if (lim && strcmp(lim, "0") == 0)
        limit = 0; /* the figures only (a screen refreshing its headers) */
    else if ((rc = vo_page_limit(r, BOARD_MAX_CARDS, &limit)))
        return rc;
    if ((rc = vo_svc_board(&r->svc, pipeline, &q, limit, &b, &r->err)))
        return rc;
    json_t *cols = json_array();
    for (size_t i = 0; i < b.pipeline.nstages; i++)
        json_array_append_new(cols, column_json(r, &b.cols[i]));
    vo_req_json(r, 200,
                json_pack("{s:{s:I, s:s}, s:o}", "pipeline", "id", (json_int_t)b.pipeline.p.id,
                          "name", b.pipeline.p.name, "columns", cols));
    return VO_OK;
}

vo_err api_board_column(struct vo_req *r)
{
    static const char *const sorts[] = {"stage_since", NULL};
    struct vo_crm_query q;
    struct vo_page pg;
    struct vo_board_column c;
    int64_t stage = 0;
    vo_err rc = vo_req_id(r, 0, &stage);
    if (rc || (rc = read_filters(r, &q)) || (rc = vo_page_parse(r, sorts, &pg)))
        return rc;
    q.limit = pg.limit;
    q.has_cursor = pg.has_cursor;
    q.after_key = pg.after_key;
    q.after_id = pg.after_id;
    if ((rc = vo_svc_board_column(&r->svc, stage, &q, &c, &r->err)))
        return rc;
    vo_req_json(r, 200, column_json(r, &c));
    return VO_OK;
}
