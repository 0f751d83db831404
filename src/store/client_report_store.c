/*
 * client_report_store.c - what the client reports (issue 12: abc-xyz,
 * at-risk) show and the columnar dataset does not hold: the clients'
 * external ids, read in one query; and the product lines of the deals won
 * in a window (the ABC of products).
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

/* deal_products has no org index of its own: the join walks the org's
 * lines (few: most deals name one product and have none) and looks each
 * deal up by its key. */
static const char SQL_WON_LINES[] =
    "SELECT l.deal_id, l.product_id, l.quantity, l.price FROM deal_products l"
    " JOIN deals d ON d.id = l.deal_id"
    " WHERE l.org_id = ?1 AND d.org_id = ?1 AND d.status = 'won'"
    " AND d.closed_at >= ?2 AND d.closed_at < ?3"
    " ORDER BY l.deal_id, l.position, l.id";

static void line_row(sqlite3_stmt *s, struct vo_arena *a, void *item)
{
    (void)a;
    struct vo_deal_line *x = item;
    x->deal_id = sqlite3_column_int64(s, 0);
    x->product_id = sqlite3_column_int64(s, 1);
    x->quantity = sqlite3_column_int64(s, 2);
    x->price = sqlite3_column_int64(s, 3);
}

vo_err vo_store_won_deal_lines(struct vo_store *st, int64_t org, int64_t from, int64_t to,
                               struct vo_arena *a, struct vo_deal_line **out, size_t *n,
                               struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(from), VO_P_I64(to)};
    return vo_st_list(st, SQL_WON_LINES, p, VO_ST_N(p), a, sizeof **out, line_row, out, n,
                      "deal products", e);
}
