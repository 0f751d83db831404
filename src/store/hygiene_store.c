/*
 * hygiene_store.c - look-ups for the hygiene list (report_hygiene.c): the
 * titles the columnar dataset leaves on disk. Only the few rows the list
 * names are read, so a large org pays nothing for them. (The overdue
 * tasks are read by crm_store.c's task reader: vo_store_tasks_overdue.)
 */
#include "store/hygiene_store.h"

#include <string.h>

#include "store/store_int.h"

static const char SQL_DEAL_TITLE[] =
    "SELECT ext_id, title FROM deals WHERE org_id = ?1 AND id = ?2";

/* Reads columns 0 and 1 as text into a const char *[2]. */
static void two_texts(vo_stmt *s, struct vo_arena *a, void *item)
{
    const char **v = item;
    v[0] = vo_st_col_text(s, 0, a);
    v[1] = vo_st_col_text(s, 1, a);
}

vo_err vo_store_deal_label(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                           const char **ext_id, const char **title, struct vo_error *e)
{
    const char *v[2];
    vo_err rc = vo_st_get_id(st, SQL_DEAL_TITLE, org, id, a, two_texts, v, "deal", "deal", e);
    if (!rc) {
        *ext_id = v[0];
        *title = v[1];
    }
    return rc;
}
