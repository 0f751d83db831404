/*
 * loss_store.c - the org's loss-reason dictionary (store.h, "the
 * loss-reason dictionary"): list, get, insert, update, and the reason and
 * comment a lost deal records beside its loss_reason text. The default
 * set of every org comes from migration 6 (schema.c).
 */
#include "store/store_int.h"

#include <string.h>

#define LR_COLS "SELECT id, org_id, name, position, active, other FROM loss_reasons"

/* The columns loss_reason_row reads, by their place in the SELECT. */
enum { C_LR_ID, C_LR_ORG, C_LR_NAME, C_LR_POS, C_LR_ACTIVE, C_LR_OTHER };

static void loss_reason_row(sqlite3_stmt *s, struct vo_arena *a, void *item)
{
    struct vo_loss_reason *r = item;
    r->id = sqlite3_column_int64(s, C_LR_ID);
    r->org_id = sqlite3_column_int64(s, C_LR_ORG);
    r->name = vo_st_col_text(s, C_LR_NAME, a);
    r->position = sqlite3_column_int64(s, C_LR_POS);
    r->active = sqlite3_column_int64(s, C_LR_ACTIVE) != 0;
    r->other = sqlite3_column_int64(s, C_LR_OTHER) != 0;
}

static const char SQL_LR_LIST[] = LR_COLS " WHERE org_id = ?1 ORDER BY position, id";

vo_err vo_store_loss_reason_list(struct vo_store *st, int64_t org, struct vo_arena *a,
                                 struct vo_loss_reason **out, size_t *n, struct vo_error *e)
{
    return vo_st_list_by(st, SQL_LR_LIST, org, a, sizeof **out, loss_reason_row, out, n,
                         "loss reason", e);
}

static const char SQL_LR_GET[] = LR_COLS " WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_loss_reason_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                                struct vo_loss_reason *out, struct vo_error *e)
{
    memset(out, 0, sizeof *out);
    return vo_st_get_id(st, SQL_LR_GET, org, id, a, loss_reason_row, out, "id", "loss reason", e);
}

static const char SQL_LR_INSERT[] =
    "INSERT INTO loss_reasons(org_id, name, position, active, other) VALUES (?1, ?2, ?3, ?4, 0)";

vo_err vo_store_loss_reason_insert(struct vo_store *st, struct vo_loss_reason *r,
                                   struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(r->org_id), VO_P_TEXT(r->name), VO_P_I64(r->position),
                                    VO_P_I64(r->active ? 1 : 0)};
    return vo_st_insert(st, SQL_LR_INSERT, p, VO_ST_N(p), &r->id, "name", e);
}

static const char SQL_LR_UPDATE[] = "UPDATE loss_reasons SET name = ?3, position = ?4, active = ?5 "
                                    "WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_loss_reason_update(struct vo_store *st, const struct vo_loss_reason *r,
                                   struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(r->org_id), VO_P_I64(r->id), VO_P_TEXT(r->name),
                                    VO_P_I64(r->position), VO_P_I64(r->active ? 1 : 0)};
    return vo_st_change_one(st, SQL_LR_UPDATE, p, VO_ST_N(p), "name", "id", "loss reason", r->id,
                            e);
}

static const char SQL_DEAL_LOSS_SET[] =
    "UPDATE deals SET loss_reason_id = ?3, loss_comment = ?4 WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_deal_loss_set(struct vo_store *st, int64_t org, int64_t deal, int64_t reason_id,
                              const char *comment, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(deal), VO_P_ID(reason_id),
                                    VO_P_TEXT(comment)};
    return vo_st_change_one(st, SQL_DEAL_LOSS_SET, p, VO_ST_N(p), "deal", "id", "deal", deal, e);
}
