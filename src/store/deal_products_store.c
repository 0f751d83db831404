/*
 * deal_products_store.c - a deal's products (store.h, "a deal's
 * products"): the list in the order given, its replacement as a whole
 * (delete and insert, inside the caller's transaction), and the deal's
 * amount_manual flag, which says whether the amount follows the products.
 */
#include "store/store_int.h"

#include <string.h>

static const char SQL_DP_LIST[] =
    "SELECT dp.id, dp.product_id, p.name, dp.quantity, dp.price FROM deal_products dp "
    "LEFT JOIN products p ON p.org_id = dp.org_id AND p.id = dp.product_id WHERE dp.org_id = ?1 "
    "AND dp.deal_id = ?2 "
    "ORDER BY dp.position, dp.id";

/* The columns of SQL_DP_LIST, in its order. */
VO_ST_ROW_FN(deal_product_row, vo_deal_product, VO_C_INT(id), VO_C_INT(product_id),
             VO_C_TEXT(product), VO_C_INT(quantity), VO_C_INT(price))

vo_err vo_store_deal_products(struct vo_store *st, int64_t org, int64_t deal, struct vo_arena *a,
                              struct vo_deal_product **out, size_t *n, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(deal)};
    return vo_st_list(st, SQL_DP_LIST, p, VO_ST_N(p), a, sizeof **out, deal_product_row, out, n,
                      "deal products", e);
}

static const char SQL_DP_DELETE[] = "DELETE FROM deal_products WHERE org_id = ?1 AND deal_id = ?2";
static const char SQL_DP_INSERT[] =
    "INSERT INTO deal_products(org_id, deal_id, product_id, quantity, price, position) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

vo_err vo_store_deal_products_set(struct vo_store *st, int64_t org, int64_t deal,
                                  const struct vo_deal_product *v, size_t n, struct vo_error *e)
{
    const struct vo_st_param del[] = {VO_P_I64(org), VO_P_I64(deal)};
    vo_err rc = vo_st_run(st, SQL_DP_DELETE, del, VO_ST_N(del), "deal products", e);
    for (size_t i = 0; !rc && i < n; i++) {
        const struct vo_st_param p[] = {
            VO_P_I64(org),           VO_P_I64(deal),       VO_P_I64(v[i].product_id),
            VO_P_I64(v[i].quantity), VO_P_I64(v[i].price), VO_P_I64((int64_t)i + 1)};
        int64_t id = 0;
        rc = vo_st_insert(st, SQL_DP_INSERT, p, VO_ST_N(p), &id, "deal product", e);
    }
    return rc;
}

static const char SQL_DEAL_MANUAL[] =
    "SELECT amount_manual FROM deals WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_deal_amount_manual(struct vo_store *st, int64_t org, int64_t deal, bool *manual,
                                   struct vo_error *e)
{
    int64_t v = 0;
    vo_err rc =
        vo_st_get_id(st, SQL_DEAL_MANUAL, org, deal, NULL, vo_st_row_i64, &v, "id", "deal", e);
    *manual = v != 0;
    return rc;
}

static const char SQL_DEAL_MANUAL_SET[] =
    "UPDATE deals SET amount_manual = ?3 WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_deal_amount_manual_set(struct vo_store *st, int64_t org, int64_t deal, bool manual,
                                       struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(deal), VO_P_I64(manual ? 1 : 0)};
    return vo_st_change_one(st, SQL_DEAL_MANUAL_SET, p, VO_ST_N(p), "deal", "id", "deal", deal, e);
}
