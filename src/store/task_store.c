/*
 * task_store.c - what the task use cases (service/tasks.c) store beside a
 * task's core row: its type, completion comment and recurrence (columns
 * of tasks that neither the import nor the generic task update write, so
 * a re-import of tasks.csv keeps them), the reschedule log, and the
 * recurrence rules. Reads are scoped to the org like every other read.
 */
#include <string.h>

#include "store/store.h"
#include "store/store_int.h"

/* ---- a task's own columns ---- */

static const char SQL_TASK_EXTRA[] = "UPDATE tasks SET type = ?3, comment = ?4, recurrence_id = ?5 "
                                     "WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_task_extra_set(struct vo_store *st, const struct vo_task *t, struct vo_error *e)
{
    const struct vo_st_param p[] = {
        VO_P_I64(t->org_id),   VO_P_I64(t->id),           VO_P_TEXT(vo_task_type_name(t->type)),
        VO_P_TEXT(t->comment), VO_P_ID(t->recurrence_id),
    };
    return vo_st_change_one(st, SQL_TASK_EXTRA, p, VO_ST_N(p), "task", "id", "task", t->id, e);
}

/* ---- reschedules ---- */

static const char SQL_RESCHEDULE_INSERT[] =
    "INSERT INTO task_reschedules(org_id, task_id, user_id, at, from_due, to_due, reason) "
    "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char SQL_RESCHEDULE_COUNT[] =
    "UPDATE tasks SET reschedules = reschedules + 1 WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_task_reschedule_add(struct vo_store *st, struct vo_task_reschedule *r,
                                    struct vo_error *e)
{
    const struct vo_st_param p[] = {
        VO_P_I64(r->org_id),   VO_P_I64(r->task_id), VO_P_ID(r->user_id),  VO_P_I64(r->at),
        VO_P_I64(r->from_due), VO_P_I64(r->to_due),  VO_P_TEXT(r->reason),
    };
    vo_err rc =
        vo_st_insert(st, SQL_RESCHEDULE_INSERT, p, VO_ST_N(p), &r->id, "task reschedule", e);
    if (rc)
        return rc;
    return vo_st_change_one(st, SQL_RESCHEDULE_COUNT, p, 2, "task", "id", "task", r->task_id, e);
}

static const char SQL_RESCHEDULE_LIST[] =
    "SELECT id, org_id, task_id, user_id, at, from_due, to_due, reason FROM task_reschedules "
    "WHERE org_id = ?1 AND task_id = ?2 ORDER BY at, id";

/* The columns of SQL_RESCHEDULE_LIST, in its order. */
VO_ST_ROW_FN(reschedule_row, vo_task_reschedule, VO_C_INT(id), VO_C_INT(org_id), VO_C_INT(task_id),
             VO_C_INT(user_id), VO_C_INT(at), VO_C_INT(from_due), VO_C_INT(to_due),
             VO_C_TEXT(reason))

vo_err vo_store_task_reschedule_list(struct vo_store *st, int64_t org, int64_t task,
                                     struct vo_arena *a, struct vo_task_reschedule **out, size_t *n,
                                     struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(task)};
    return vo_st_list(st, SQL_RESCHEDULE_LIST, p, VO_ST_N(p), a, sizeof **out, reschedule_row, out,
                      n, "task reschedules", e);
}

/* ---- recurrences ---- */

static const char SQL_RECUR_INSERT[] =
    "INSERT INTO task_recurrences(org_id, rule, every, weekdays, month_day, created_by, "
    "created_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)";

vo_err vo_store_task_recurrence_insert(struct vo_store *st, struct vo_task_recurrence *r,
                                       struct vo_error *e)
{
    const struct vo_st_param p[] = {
        VO_P_I64(r->org_id),     VO_P_TEXT(vo_recur_rule_name(r->rule)),
        VO_P_I64(r->every),      VO_P_I64(r->weekdays),
        VO_P_OPT(r->month_day),  VO_P_ID(r->created_by),
        VO_P_I64(r->created_at),
    };
    return vo_st_insert(st, SQL_RECUR_INSERT, p, VO_ST_N(p), &r->id, "task recurrence", e);
}

static const char SQL_RECUR_GET[] =
    "SELECT id, org_id, rule, every, weekdays, month_day, created_by, created_at, stopped_at "
    "FROM task_recurrences WHERE org_id = ?1 AND id = ?2";

/* The columns of SQL_RECUR_GET, in its order; the rule is parsed by hand. */
VO_ST_ROW_FN(recur_cols, vo_task_recurrence, VO_C_INT(id), VO_C_INT(org_id), VO_C_SKIP,
             VO_C_INT(every), VO_C_INT(weekdays), VO_C_OPT(month_day), VO_C_INT(created_by),
             VO_C_INT(created_at), VO_C_OPT(stopped_at))
enum { C_RECUR_RULE = 2 }; /* the VO_C_SKIP above */

static void recur_row(vo_stmt *s, struct vo_arena *a, void *item)
{
    struct vo_task_recurrence *r = item;
    recur_cols(s, a, r);
    VO_ST_COL_ENUM(s, C_RECUR_RULE, vo_recur_rule_parse, &r->rule, "rule");
}

vo_err vo_store_task_recurrence_get(struct vo_store *st, int64_t org, int64_t id,
                                    struct vo_arena *a, struct vo_task_recurrence *out,
                                    struct vo_error *e)
{
    return vo_st_get_id_z(st, SQL_RECUR_GET, org, id, a, recur_row, out, sizeof *out,
                          "recurrence_id", "task recurrence", e);
}

static const char SQL_RECUR_STOP[] =
    "UPDATE task_recurrences SET stopped_at = ?3 WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_task_recurrence_stop(struct vo_store *st, int64_t org, int64_t id, int64_t at,
                                     struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(id), VO_P_I64(at)};
    return vo_st_change_one(st, SQL_RECUR_STOP, p, VO_ST_N(p), "task recurrence", "recurrence_id",
                            "task recurrence", id, e);
}
