/*
 * client_report_store.c - what the client reports (issue 12: abc-xyz,
 * at-risk) show and the columnar dataset does not hold: the clients'
 * external ids, read in one query.
 */
#include "store/store.h"

#include "store/store_int.h"

static const char SQL_CLIENT_EXTS[] = "SELECT id, ext_id FROM clients"
                                      " WHERE org_id = ?1 AND ext_id IS NOT NULL ORDER BY id";

static void ext_row(sqlite3_stmt *s, struct vo_arena *a, void *item)
{
    struct vo_client_ext *x = item;
    x->id = sqlite3_column_int64(s, 0);
    x->ext_id = vo_st_col_text(s, 1, a);
}

vo_err vo_store_client_exts(struct vo_store *st, int64_t org, struct vo_arena *a,
                            struct vo_client_ext **out, size_t *n, struct vo_error *e)
{
    return vo_st_list_by(st, SQL_CLIENT_EXTS, org, a, sizeof **out, ext_row, out, n, "client ids",
                         e);
}
