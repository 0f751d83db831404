/*
 * hygiene_store.c - look-ups for the hygiene list (report_hygiene.c): the
 * titles the columnar dataset leaves on disk. Only the few rows the list
 * names are read, so a large org pays nothing for them.
 */
#include "store/hygiene_store.h"

#include <string.h>

#include "store/store_int.h"

static const char SQL_DEAL_TITLE[] =
    "SELECT ext_id, title FROM deals WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_deal_label(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                           const char **ext_id, const char **title, struct vo_error *e)
{
    sqlite3_stmt *s = vo_st_prep(st, SQL_DEAL_TITLE, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, org);
    vo_st_i64(s, 2, id);
    vo_err rc = VO_OK;
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW) {
        *ext_id = vo_st_col_text(s, 0, a);
        *title = vo_st_col_text(s, 1, a);
    } else if (step == SQLITE_DONE)
        rc = vo_error_set(e, VO_ENOTFOUND, "deal", "no deal %lld", (long long)id);
    else
        rc = vo_st_fail(st, "deals", e);
    sqlite3_reset(s);
    return rc;
}

static const char SQL_TASKS_OVERDUE[] =
    "SELECT id, ext_id, title, assignee_id, created_at, due_at, deal_id, done_at FROM tasks "
    "WHERE org_id = ?1 AND created_at < ?2 AND (done_at IS NULL OR done_at >= ?2) "
    "AND due_at < ?2 ORDER BY created_at, id";

/* The columns vo_store_tasks_overdue reads, by their place in the SELECT. */
enum {
    C_TASKS_OVERDUE_ID,
    C_TASKS_OVERDUE_EXT_ID,
    C_TASKS_OVERDUE_TITLE,
    C_TASKS_OVERDUE_ASSIGNEE_ID,
    C_TASKS_OVERDUE_CREATED_AT,
    C_TASKS_OVERDUE_DUE_AT,
    C_TASKS_OVERDUE_DEAL_ID,
    C_TASKS_OVERDUE_DONE_AT
};

vo_err vo_store_tasks_overdue(struct vo_store *st, int64_t org, int64_t as_of, struct vo_arena *a,
                              struct vo_task **out, size_t *n, struct vo_error *e)
{
    sqlite3_stmt *s = vo_st_prep(st, SQL_TASKS_OVERDUE, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, org);
    vo_st_i64(s, 2, as_of);
    size_t cap = 0, k = 0;
    struct vo_task *v = NULL;
    vo_err rc = VO_OK;
    int step = SQLITE_DONE;
    bool oom = false;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        void *grown = vo_arena_grow(a, v, &cap, k, sizeof *v);
        if ((oom = !grown))
            break;
        v = grown;
        v[k++] =
            (struct vo_task){.id = sqlite3_column_int64(s, C_TASKS_OVERDUE_ID),
                             .org_id = org,
                             .ext_id = vo_st_col_text(s, C_TASKS_OVERDUE_EXT_ID, a),
                             .title = vo_st_col_text(s, C_TASKS_OVERDUE_TITLE, a),
                             .assignee_id = sqlite3_column_int64(s, C_TASKS_OVERDUE_ASSIGNEE_ID),
                             .created_at = sqlite3_column_int64(s, C_TASKS_OVERDUE_CREATED_AT),
                             .due_at = sqlite3_column_int64(s, C_TASKS_OVERDUE_DUE_AT),
                             .deal_id = vo_st_col_id(s, C_TASKS_OVERDUE_DEAL_ID),
                             .done_at = vo_st_col_opt(s, C_TASKS_OVERDUE_DONE_AT)};
    }
    if (oom)
        rc = vo_error_set(e, VO_ENOMEM, "tasks", "out of memory");
    else if (step != SQLITE_DONE)
        rc = vo_st_fail(st, "tasks", e);
    sqlite3_reset(s);
    if (!rc) {
        *out = v;
        *n = k;
    }
    return rc;
}
