/*
 * nps_store.c - NPS answers (store.h, "NPS answers"; issue 12, NPS): the
 * answers of a time range for the report, of one client for its card, one
 * by id, insert and delete. The import's upsert is records.c's.
 */
#include "store/store_int.h"

#define NPS_COLS "SELECT id, org_id, client_id, score, at, comment FROM nps_responses"

/* The columns of NPS_COLS, in its order. */
VO_ST_ROW_FN(nps_row, vo_nps, VO_C_INT(id), VO_C_INT(org_id), VO_C_INT(client_id), VO_C_INT(score),
             VO_C_INT(at), VO_C_TEXT(comment))

static const char SQL_NPS_BETWEEN[] =
    NPS_COLS " WHERE org_id = ?1 AND at >= ?2 AND at < ?3 ORDER BY at, id";

vo_err vo_store_nps_between(struct vo_store *st, int64_t org, int64_t from, int64_t to,
                            struct vo_arena *a, struct vo_nps **out, size_t *n, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(from), VO_P_I64(to)};
    return vo_st_list(st, SQL_NPS_BETWEEN, p, VO_ST_N(p), a, sizeof **out, nps_row, out, n, "nps",
                      e);
}
