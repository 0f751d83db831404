/*
 * action_plan_store.c - the actions of the weekly action plans (store.h,
 * "weekly action plans"; migration 12). Every statement names the org; a
 * plan is its owner and its week (the Monday, YYYY-MM-DD).
 */
#include "store/store_int.h"

#include <string.h>

/* `carried`: the action was carried to the next week (an action there
 * names it in carried_from). */
#define AI_COLS                                                                                    \
    "SELECT a.id, a.org_id, a.owner_id, a.week, a.what, a.assignee_id, a.day, a.metric, "          \
    "a.target, a.deal_id, a.done_at, a.done_by, a.carried_from, a.created_at, a.rev, "             \
    "EXISTS (SELECT 1 FROM action_items c WHERE c.org_id = a.org_id AND c.carried_from = a.id) "   \
    "FROM action_items a"

VO_ST_ROW_FN(item_row, vo_action_item, VO_C_INT(id), VO_C_INT(org_id), VO_C_INT(owner_id),
             VO_C_TEXT(week), VO_C_TEXT(what), VO_C_INT(assignee_id), VO_C_TEXT(day),
             VO_C_TEXT(metric), VO_C_OPT(target), VO_C_INT(deal_id), VO_C_OPT(done_at),
             VO_C_INT(done_by), VO_C_INT(carried_from), VO_C_INT(created_at), VO_C_INT(rev),
             VO_C_INT(carried))

/* ?3 0: every owner's; ?4 0: every assignee's. Ordered as a plan shows
 * them: the days in order, "this week" (no day) last, then by id. */
static const char SQL_AI_LIST[] =
    AI_COLS " WHERE a.org_id = ?1 AND a.week = ?2 AND (?3 = 0 OR a.owner_id = ?3) AND "
            "(?4 = 0 OR a.assignee_id = ?4) ORDER BY a.owner_id, a.day IS NULL, a.day, a.id";

vo_err vo_store_action_list(struct vo_store *st, int64_t org, const char *week, int64_t owner,
                            int64_t assignee, struct vo_arena *a, struct vo_action_item **out,
                            size_t *n, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_TEXT(week), VO_P_I64(owner),
                                    VO_P_I64(assignee)};
    return vo_st_list(st, SQL_AI_LIST, p, VO_ST_N(p), a, sizeof **out, item_row, out, n,
                      "action items", e);
}

static const char SQL_AI_GET[] = AI_COLS " WHERE a.org_id = ?1 AND a.id = ?2";

VO_ST_GET_FN(vo_store_action_get, struct vo_action_item, SQL_AI_GET, item_row, "action")

static const char SQL_AI_INSERT[] =
    "INSERT INTO action_items(org_id, owner_id, week, what, assignee_id, day, metric, target, "
    "deal_id, done_at, done_by, carried_from, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
    "?9, ?10, ?11, ?12, ?13)";

vo_err vo_store_action_insert(struct vo_store *st, struct vo_action_item *x, struct vo_error *e)
{
    const struct vo_st_param p[] = {
        VO_P_I64(x->org_id),    VO_P_I64(x->owner_id),    VO_P_TEXT(x->week),
        VO_P_TEXT(x->what),     VO_P_I64(x->assignee_id), VO_P_TEXT(x->day),
        VO_P_TEXT(x->metric),   VO_P_OPT(x->target),      VO_P_ID(x->deal_id),
        VO_P_OPT(x->done_at),   VO_P_ID(x->done_by),      VO_P_ID(x->carried_from),
        VO_P_I64(x->created_at)};
    x->rev = 0;
    return vo_st_insert(st, SQL_AI_INSERT, p, VO_ST_N(p), &x->id, "action", e);
}

static const char SQL_AI_UPDATE[] =
    "UPDATE action_items SET what = ?2, assignee_id = ?3, day = ?4, metric = ?5, target = ?6, "
    "deal_id = ?7, done_at = ?8, done_by = ?9, rev = rev + 1 WHERE org_id = ?1 AND id = ?10 AND "
    "(?11 < 0 OR rev = ?11) RETURNING rev";

vo_err vo_store_action_update(struct vo_store *st, struct vo_action_item *x, int64_t expect,
                              struct vo_error *e)
{
    const struct vo_st_param p[] = {
        VO_P_I64(x->org_id),  VO_P_TEXT(x->what),  VO_P_I64(x->assignee_id), VO_P_TEXT(x->day),
        VO_P_TEXT(x->metric), VO_P_OPT(x->target), VO_P_ID(x->deal_id),      VO_P_OPT(x->done_at),
        VO_P_ID(x->done_by),  VO_P_I64(x->id),     VO_P_I64(expect)};
    return vo_st_update_rev_if(st, SQL_AI_UPDATE, p, VO_ST_N(p), &x->rev, "action", e);
}

static const char SQL_AI_DELETE[] =
    "DELETE FROM action_items WHERE org_id = ?1 AND id = ?2 AND (?3 < 0 OR rev = ?3) RETURNING rev";
static const char SQL_AI_UNLINK[] =
    "UPDATE action_items SET carried_from = NULL WHERE org_id = ?1 AND carried_from = ?2";

vo_err vo_store_action_delete(struct vo_store *st, int64_t org, int64_t id, int64_t expect,
                              struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(id), VO_P_I64(expect)};
    int64_t rev;
    vo_err rc = vo_st_update_rev_if(st, SQL_AI_DELETE, p, VO_ST_N(p), &rev, "action", e);
    if (!rc)
        rc = vo_st_run(st, SQL_AI_UNLINK, p, 2, "action", e);
    return rc;
}
