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

/* A deal's label: its external id and title. */
struct label {
    const char *ext_id, *title;
};

static void label_row(sqlite3_stmt *s, struct vo_arena *a, void *item)
{
    struct label *l = item;
    l->ext_id = vo_st_col_text(s, 0, a);
    l->title = vo_st_col_text(s, 1, a);
}

vo_err vo_store_deal_label(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                           const char **ext_id, const char **title, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(id)};
    struct label r;
    vo_err rc = vo_st_get(st, SQL_DEAL_TITLE, p, VO_ST_N(p), a, label_row, &r, "deals", e);
    if (rc == VO_ENOTFOUND)
        return vo_error_set(e, VO_ENOTFOUND, "deal", "no deal %lld", (long long)id);
    if (!rc) {
        *ext_id = r.ext_id;
        *title = r.title;
    }
    return rc;
}

static const char SQL_TASKS_OVERDUE[] =
    "SELECT id, org_id, ext_id, title, assignee_id, created_at, due_at, deal_id, done_at "
    "FROM tasks WHERE org_id = ?1 AND created_at < ?2 AND (done_at IS NULL OR done_at >= ?2) "
    "AND due_at < ?2 ORDER BY created_at, id";

/* One row of SQL_TASKS_OVERDUE, its columns in SELECT order. */
static void overdue_row(sqlite3_stmt *s, struct vo_arena *a, void *item)
{
    struct vo_task *t = item;
    int c = 0;
    t->id = sqlite3_column_int64(s, c++);
    t->org_id = sqlite3_column_int64(s, c++);
    t->ext_id = vo_st_col_text(s, c++, a);
    t->title = vo_st_col_text(s, c++, a);
    t->assignee_id = sqlite3_column_int64(s, c++);
    t->created_at = sqlite3_column_int64(s, c++);
    t->due_at = sqlite3_column_int64(s, c++);
    t->deal_id = vo_st_col_id(s, c++);
    t->done_at = vo_st_col_opt(s, c);
}

vo_err vo_store_tasks_overdue(struct vo_store *st, int64_t org, int64_t as_of, struct vo_arena *a,
                              struct vo_task **out, size_t *n, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(as_of)};
    return vo_st_list(st, SQL_TASKS_OVERDUE, p, VO_ST_N(p), a, sizeof **out, overdue_row, out, n,
                      "tasks", e);
}
