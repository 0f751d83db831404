/*
 * loss_store.c - the org's loss-reason dictionary (store.h, "the
 * loss-reason dictionary"): list, get, insert, update, and the reason and
 * comment a lost deal records beside its loss_reason text. The default
 * set of every org comes from migration 7 (schema.c).
 */
#include "store/store_int.h"

#include <string.h>

#define LR_COLS "SELECT id, org_id, name, position, active, other FROM loss_reasons"

/* The columns of LR_COLS, in its order. */
VO_ST_ROW_FN(loss_reason_row, vo_loss_reason, VO_C_INT(id), VO_C_INT(org_id), VO_C_TEXT(name),
             VO_C_INT(position), VO_C_INT(active), VO_C_INT(other))

static const char SQL_LR_LIST[] = LR_COLS " WHERE org_id = ?1 ORDER BY position, id";

vo_err vo_store_loss_reason_list(struct vo_store *st, int64_t org, struct vo_arena *a,
                                 struct vo_loss_reason **out, size_t *n, struct vo_error *e)
{
    return vo_st_list_by(st, SQL_LR_LIST, org, a, sizeof **out, loss_reason_row, out, n,
                         "loss reason", e);
}

static const char SQL_LR_GET[] = LR_COLS " WHERE org_id = ?1 AND id = ?2";

VO_ST_GET_FN(vo_store_loss_reason_get, struct vo_loss_reason, SQL_LR_GET, loss_reason_row,
             "loss reason")

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

/* ---- the undo of a win or a loss ---- */

/* A deal keeps one undo: the last one replaces it. Two statements rather
 * than an upsert: SQLite cannot target (org_id, deal_id) when deal_id is
 * its rowid, and PostgreSQL's key is that pair (pg_schema.c). */
static const char SQL_UNDO_SET[] =
    "INSERT INTO deal_undo(deal_id, org_id, user_id, at, prev_amount, rev_after) "
    "VALUES (?2, ?1, ?3, ?4, ?5, ?6)";

vo_err vo_store_deal_undo_set(struct vo_store *st, int64_t org, const struct vo_deal_undo *u,
                              struct vo_error *e)
{
    const struct vo_st_param p[] = {
        VO_P_I64(org),   VO_P_I64(u->deal_id),     VO_P_I64(u->user_id),
        VO_P_I64(u->at), VO_P_OPT(u->prev_amount), VO_P_I64(u->rev_after)};
    vo_err rc = vo_store_deal_undo_clear(st, org, u->deal_id, e);
    return rc ? rc : vo_st_run(st, SQL_UNDO_SET, p, VO_ST_N(p), "deal undo", e);
}

static const char SQL_UNDO_GET[] = "SELECT deal_id, user_id, at, prev_amount, rev_after FROM "
                                   "deal_undo WHERE org_id = ?1 AND deal_id = ?2";

/* The columns of SQL_UNDO_GET, in its order. */
VO_ST_ROW_FN(undo_row, vo_deal_undo, VO_C_INT(deal_id), VO_C_INT(user_id), VO_C_INT(at),
             VO_C_OPT(prev_amount), VO_C_INT(rev_after))

vo_err vo_store_deal_undo_get(struct vo_store *st, int64_t org, int64_t deal,
                              struct vo_deal_undo *out, struct vo_error *e)
{
    return vo_st_get_id_z(st, SQL_UNDO_GET, org, deal, NULL, undo_row, out, sizeof *out, "id",
                          "undo", e);
}

static const char SQL_UNDO_CLEAR[] = "DELETE FROM deal_undo WHERE org_id = ?1 AND deal_id = ?2";

vo_err vo_store_deal_undo_clear(struct vo_store *st, int64_t org, int64_t deal, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(deal)};
    return vo_st_run(st, SQL_UNDO_CLEAR, p, VO_ST_N(p), "deal undo", e);
}
