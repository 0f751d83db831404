/*
 * idp_store.c - development plans, ИПР (idp_store.h; issue 14, item 7;
 * migration 31). Every statement names the org and binds its parameters.
 */
#include "store/idp_store.h"

#include "store/store_int.h"

/* ---- plans ---- */

#define PL_COLS                                                                                    \
    "SELECT p.id, p.org_id, p.user_id, p.title, p.period_from, p.period_to, p.status, "            \
    "p.created_by, p.created_at, p.closed_at, u.name, "                                            \
    "(SELECT count(*) FROM idp_goals g WHERE g.org_id = p.org_id AND g.plan_id = p.id), "          \
    "(SELECT count(*) FROM idp_goals g WHERE g.org_id = p.org_id AND g.plan_id = p.id AND "        \
    "g.status = 'achieved'), "                                                                     \
    "(SELECT count(*) FROM idp_actions x JOIN idp_goals g ON g.org_id = x.org_id AND "             \
    "g.id = x.goal_id WHERE x.org_id = p.org_id AND g.plan_id = p.id), "                           \
    "(SELECT count(*) FROM idp_actions x JOIN idp_goals g ON g.org_id = x.org_id AND "             \
    "g.id = x.goal_id WHERE x.org_id = p.org_id AND g.plan_id = p.id AND x.done_at IS NOT NULL) "  \
    "FROM idp_plans p JOIN users u ON u.org_id = p.org_id AND u.id = p.user_id"

VO_ST_ROW_FN(plan_row, vo_idp_plan, VO_C_INT(id), VO_C_INT(org_id), VO_C_INT(user_id),
             VO_C_TEXT(title), VO_C_TEXT(period_from), VO_C_TEXT(period_to), VO_C_TEXT(status),
             VO_C_INT(created_by), VO_C_INT(created_at), VO_C_OPT(closed_at), VO_C_TEXT(user_name),
             VO_C_INT(goals), VO_C_INT(goals_achieved), VO_C_INT(actions), VO_C_INT(actions_done))

/* ?2 0: anyone's; ?3 NULL: any status */
static const char SQL_PL_LIST[] = PL_COLS " WHERE p.org_id = ?1 AND (?2 = 0 OR p.user_id = ?2) "
                                          "AND (?3 IS NULL OR p.status = ?3) "
                                          "ORDER BY p.status, u.name, p.id DESC LIMIT 1000";

vo_err vo_store_idp_list(struct vo_store *st, int64_t org, int64_t user, const char *status,
                         struct vo_arena *a, struct vo_idp_plan **out, size_t *n,
                         struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(user), VO_P_TEXT(status)};
    return vo_st_list(st, SQL_PL_LIST, p, VO_ST_N(p), a, sizeof **out, plan_row, out, n,
                      "development plans", e);
}

static const char SQL_PL_GET[] = PL_COLS " WHERE p.org_id = ?1 AND p.id = ?2";

VO_ST_GET_FN(vo_store_idp_get, struct vo_idp_plan, SQL_PL_GET, plan_row, "development plan")

static const char SQL_PL_INSERT[] =
    "INSERT INTO idp_plans(org_id, user_id, title, period_from, period_to, status, created_by, "
    "created_at, closed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

vo_err vo_store_idp_insert(struct vo_store *st, struct vo_idp_plan *x, struct vo_error *e)
{
    const struct vo_st_param p[] = {
        VO_P_I64(x->org_id),       VO_P_I64(x->user_id),    VO_P_TEXT(x->title),
        VO_P_TEXT(x->period_from), VO_P_TEXT(x->period_to), VO_P_TEXT(x->status),
        VO_P_ID(x->created_by),    VO_P_I64(x->created_at), VO_P_OPT(x->closed_at)};
    return vo_st_insert(st, SQL_PL_INSERT, p, VO_ST_N(p), &x->id, "development plan", e);
}

static const char SQL_PL_UPDATE[] =
    "UPDATE idp_plans SET title = ?3, period_from = ?4, period_to = ?5, status = ?6, "
    "closed_at = ?7 WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_idp_update(struct vo_store *st, const struct vo_idp_plan *x, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(x->org_id),     VO_P_I64(x->id),
                                    VO_P_TEXT(x->title),     VO_P_TEXT(x->period_from),
                                    VO_P_TEXT(x->period_to), VO_P_TEXT(x->status),
                                    VO_P_OPT(x->closed_at)};
    return vo_st_change_one(st, SQL_PL_UPDATE, p, VO_ST_N(p), "development plan", "id",
                            "development plan", x->id, e);
}

/* ---- goals ---- */

#define GO_COLS                                                                                    \
    "SELECT id, org_id, plan_id, title, kind, due_on, metric, from_stage_id, to_stage_id, "        \
    "target, "                                                                                     \
    "direction, window_kind, window_days, level, target_level, status, created_at FROM idp_goals"

VO_ST_ROW_FN(goal_row, vo_idp_goal, VO_C_INT(id), VO_C_INT(org_id), VO_C_INT(plan_id),
             VO_C_TEXT(title), VO_C_TEXT(kind), VO_C_TEXT(due_on), VO_C_TEXT(metric),
             VO_C_OPT(from_stage_id), VO_C_OPT(to_stage_id), VO_C_OPT(target), VO_C_TEXT(direction),
             VO_C_TEXT(window), VO_C_OPT(window_days), VO_C_OPT(level), VO_C_OPT(target_level),
             VO_C_TEXT(status), VO_C_INT(created_at))

static const char SQL_GO_LIST[] = GO_COLS " WHERE org_id = ?1 AND plan_id = ?2 ORDER BY due_on, id";

vo_err vo_store_idp_goals(struct vo_store *st, int64_t org, int64_t plan, struct vo_arena *a,
                          struct vo_idp_goal **out, size_t *n, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(plan)};
    return vo_st_list(st, SQL_GO_LIST, p, VO_ST_N(p), a, sizeof **out, goal_row, out, n,
                      "development plan goals", e);
}

static const char SQL_GO_GET[] = GO_COLS " WHERE org_id = ?1 AND id = ?2";

VO_ST_GET_FN(vo_store_idp_goal_get, struct vo_idp_goal, SQL_GO_GET, goal_row, "goal")

static const char SQL_GO_INSERT[] =
    "INSERT INTO idp_goals(org_id, plan_id, title, kind, due_on, metric, from_stage_id, "
    "to_stage_id, target, direction, window_kind, window_days, level, target_level, status, "
    "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)";

vo_err vo_store_idp_goal_insert(struct vo_store *st, struct vo_idp_goal *x, struct vo_error *e)
{
    const struct vo_st_param p[] = {
        VO_P_I64(x->org_id),        VO_P_I64(x->plan_id),      VO_P_TEXT(x->title),
        VO_P_TEXT(x->kind),         VO_P_TEXT(x->due_on),      VO_P_TEXT(x->metric),
        VO_P_OPT(x->from_stage_id), VO_P_OPT(x->to_stage_id),  VO_P_OPT(x->target),
        VO_P_TEXT(x->direction),    VO_P_TEXT(x->window),      VO_P_OPT(x->window_days),
        VO_P_OPT(x->level),         VO_P_OPT(x->target_level), VO_P_TEXT(x->status),
        VO_P_I64(x->created_at)};
    return vo_st_insert(st, SQL_GO_INSERT, p, VO_ST_N(p), &x->id, "goal", e);
}

static const char SQL_GO_UPDATE[] =
    "UPDATE idp_goals SET title = ?3, due_on = ?4, metric = ?5, from_stage_id = ?6, "
    "to_stage_id = ?7, target = ?8, direction = ?9, window_kind = ?10, window_days = ?11, "
    "level = ?12, target_level = ?13, status = ?14 WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_idp_goal_update(struct vo_store *st, const struct vo_idp_goal *x,
                                struct vo_error *e)
{
    const struct vo_st_param p[] = {
        VO_P_I64(x->org_id),       VO_P_I64(x->id),          VO_P_TEXT(x->title),
        VO_P_TEXT(x->due_on),      VO_P_TEXT(x->metric),     VO_P_OPT(x->from_stage_id),
        VO_P_OPT(x->to_stage_id),  VO_P_OPT(x->target),      VO_P_TEXT(x->direction),
        VO_P_TEXT(x->window),      VO_P_OPT(x->window_days), VO_P_OPT(x->level),
        VO_P_OPT(x->target_level), VO_P_TEXT(x->status)};
    return vo_st_change_one(st, SQL_GO_UPDATE, p, VO_ST_N(p), "goal", "id", "goal", x->id, e);
}

/* ---- actions ---- */

#define AC_COLS                                                                                    \
    "SELECT x.id, x.org_id, x.goal_id, x.text, x.due_on, x.done_at, x.done_by, x.created_at, "     \
    "u.name FROM idp_actions x LEFT JOIN users u ON u.org_id = x.org_id AND u.id = x.done_by"

VO_ST_ROW_FN(action_row, vo_idp_action, VO_C_INT(id), VO_C_INT(org_id), VO_C_INT(goal_id),
             VO_C_TEXT(text), VO_C_TEXT(due_on), VO_C_OPT(done_at), VO_C_OPT(done_by),
             VO_C_INT(created_at), VO_C_TEXT(done_by_name))

static const char SQL_AC_LIST[] =
    AC_COLS " JOIN idp_goals g ON g.org_id = x.org_id AND g.id = x.goal_id "
            "WHERE x.org_id = ?1 AND g.plan_id = ?2 ORDER BY x.goal_id, x.id";

vo_err vo_store_idp_actions(struct vo_store *st, int64_t org, int64_t plan, struct vo_arena *a,
                            struct vo_idp_action **out, size_t *n, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(plan)};
    return vo_st_list(st, SQL_AC_LIST, p, VO_ST_N(p), a, sizeof **out, action_row, out, n,
                      "development plan actions", e);
}

static const char SQL_AC_GET[] = AC_COLS " WHERE x.org_id = ?1 AND x.id = ?2";

VO_ST_GET_FN(vo_store_idp_action_get, struct vo_idp_action, SQL_AC_GET, action_row, "action")

static const char SQL_AC_INSERT[] = "INSERT INTO idp_actions(org_id, goal_id, text, due_on, "
                                    "done_at, done_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, "
                                    "?6, ?7)";

vo_err vo_store_idp_action_insert(struct vo_store *st, struct vo_idp_action *x, struct vo_error *e)
{
    const struct vo_st_param p[] = {
        VO_P_I64(x->org_id),  VO_P_I64(x->goal_id), VO_P_TEXT(x->text),     VO_P_TEXT(x->due_on),
        VO_P_OPT(x->done_at), VO_P_OPT(x->done_by), VO_P_I64(x->created_at)};
    return vo_st_insert(st, SQL_AC_INSERT, p, VO_ST_N(p), &x->id, "action", e);
}

static const char SQL_AC_UPDATE[] = "UPDATE idp_actions SET text = ?3, due_on = ?4, done_at = ?5, "
                                    "done_by = ?6 WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_idp_action_update(struct vo_store *st, const struct vo_idp_action *x,
                                  struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(x->org_id),  VO_P_I64(x->id),
                                    VO_P_TEXT(x->text),   VO_P_TEXT(x->due_on),
                                    VO_P_OPT(x->done_at), VO_P_OPT(x->done_by)};
    return vo_st_change_one(st, SQL_AC_UPDATE, p, VO_ST_N(p), "action", "id", "action", x->id, e);
}

/* ---- check-ins ---- */

VO_ST_ROW_FN(checkin_row, vo_idp_checkin, VO_C_INT(id), VO_C_INT(org_id), VO_C_INT(plan_id),
             VO_C_OPT(goal_id), VO_C_OPT(meeting_id), VO_C_OPT(author_id), VO_C_INT(at),
             VO_C_TEXT(comment), VO_C_TEXT(goal_status), VO_C_INT(created_at),
             VO_C_TEXT(author_name))

static const char SQL_CI_LIST[] =
    "SELECT c.id, c.org_id, c.plan_id, c.goal_id, c.meeting_id, c.author_id, c.at, c.comment, "
    "c.goal_status, c.created_at, u.name FROM idp_checkins c LEFT JOIN users u ON u.org_id = "
    "c.org_id AND u.id = c.author_id WHERE c.org_id = ?1 AND c.plan_id = ?2 "
    "ORDER BY c.at DESC, c.id DESC";

vo_err vo_store_idp_checkins(struct vo_store *st, int64_t org, int64_t plan, struct vo_arena *a,
                             struct vo_idp_checkin **out, size_t *n, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(plan)};
    return vo_st_list(st, SQL_CI_LIST, p, VO_ST_N(p), a, sizeof **out, checkin_row, out, n,
                      "development plan check-ins", e);
}

static const char SQL_CI_INSERT[] =
    "INSERT INTO idp_checkins(org_id, plan_id, goal_id, meeting_id, author_id, at, comment, "
    "goal_status, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

vo_err vo_store_idp_checkin_insert(struct vo_store *st, struct vo_idp_checkin *x,
                                   struct vo_error *e)
{
    const struct vo_st_param p[] = {
        VO_P_I64(x->org_id),     VO_P_I64(x->plan_id),      VO_P_OPT(x->goal_id),
        VO_P_OPT(x->meeting_id), VO_P_OPT(x->author_id),    VO_P_I64(x->at),
        VO_P_TEXT(x->comment),   VO_P_TEXT(x->goal_status), VO_P_I64(x->created_at)};
    return vo_st_insert(st, SQL_CI_INSERT, p, VO_ST_N(p), &x->id, "check-in", e);
}

/* ---- the reminder of a goal's due date ---- */

VO_ST_ROW_FN(due_org_row, vo_idp_due_org, VO_C_INT(org_id), VO_C_TEXT(tz))

static const char SQL_DUE_ORGS[] =
    "SELECT DISTINCT p.org_id, o.tz FROM idp_goals g JOIN idp_plans p ON p.org_id = g.org_id AND "
    "p.id = g.plan_id JOIN orgs o ON o.id = p.org_id WHERE g.status = 'open' AND p.status = "
    "'active' AND g.due_on < ?1 ORDER BY p.org_id";

vo_err vo_store_idp_due_orgs(struct vo_store *st, const char *before, struct vo_arena *a,
                             struct vo_idp_due_org **out, size_t *n, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_TEXT(before)};
    return vo_st_list(st, SQL_DUE_ORGS, p, VO_ST_N(p), a, sizeof **out, due_org_row, out, n,
                      "development plan goals", e);
}

static const char SQL_NOTE_DUE[] =
    "INSERT INTO notifications(org_id, user_id, kind, key, object, object_id, title, at, "
    "payload, created_at) "
    "SELECT g.org_id, p.user_id, 'idp', 'idp:due:' || g.id || ':' || g.due_on, 'idp', p.id, "
    "g.title, NULL, json_object('idp_id', p.id, 'goal_id', g.id, 'due_on', g.due_on), ?3 "
    "FROM idp_goals g JOIN idp_plans p ON p.org_id = g.org_id AND p.id = g.plan_id "
    "WHERE g.org_id = ?1 AND g.status = 'open' AND p.status = 'active' AND g.due_on < ?2 "
    "ON CONFLICT DO NOTHING RETURNING id, org_id, user_id, kind, key, object, object_id, title, "
    "at, actor_id, payload, created_at, read_at";

vo_err vo_store_idp_notify_due(struct vo_store *st, int64_t org, const char *today, int64_t now,
                               struct vo_arena *a, struct vo_notification **out, size_t *n,
                               struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_TEXT(today), VO_P_I64(now)};
    return vo_st_list(st, SQL_NOTE_DUE, p, VO_ST_N(p), a, sizeof **out, vo_st_note_row, out, n,
                      "notifications", e);
}
