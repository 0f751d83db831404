/*
 * client_report_store.c - what the client reports (issue 12: abc-xyz,
 * at-risk) show and the columnar dataset does not hold: the clients'
 * external ids, read in one query; and the deals' product lines (the ABC
 * of products).
 */
#include "store/store.h"

#include "store/store_int.h"

static const char SQL_CLIENT_EXTS[] = "SELECT id, ext_id FROM clients"
                                      " WHERE org_id = ?1 AND ext_id IS NOT NULL ORDER BY id";

static void ext_row(vo_stmt *s, struct vo_arena *a, void *item)
{
    struct vo_client_ext *x = item;
    x->id = vo_col_i64(s, 0);
    x->ext_id = vo_st_col_text(s, 1, a);
}

vo_err vo_store_client_exts(struct vo_store *st, int64_t org, struct vo_arena *a,
                            struct vo_client_ext **out, size_t *n, struct vo_error *e)
{
    return vo_st_list_by(st, SQL_CLIENT_EXTS, org, a, sizeof **out, ext_row, out, n, "client ids",
                         e);
}

/* Every line of the org, not only the window's won deals': joining deals
 * to filter them costs a look-up of a (wide) deal row a line, 8x the
 * index walk of deal_products alone (1773 lines: 4 ms against 0.5 ms); the
 * analytics looks only at the lines of the deals it counts. */
static const char SQL_ORG_LINES[] = "SELECT deal_id, product_id, quantity, price FROM deal_products"
                                    " WHERE org_id = ?1 ORDER BY deal_id, position, id";

static void line_row(vo_stmt *s, struct vo_arena *a, void *item)
{
    (void)a;
    struct vo_deal_line *x = item;
    x->deal_id = vo_col_i64(s, 0);
    x->product_id = vo_col_i64(s, 1);
    x->quantity = vo_col_i64(s, 2);
    x->price = vo_col_i64(s, 3);
}

vo_err vo_store_deal_lines(struct vo_store *st, int64_t org, struct vo_arena *a,
                           struct vo_deal_line **out, size_t *n, struct vo_error *e)
{
    return vo_st_list_by(st, SQL_ORG_LINES, org, a, sizeof **out, line_row, out, n, "deal products",
                         e);
}
