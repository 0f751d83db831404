/*
 * abc_products.h - the ABC of products (issue 12, item 1; docs/reports.md
 * "ABC of products"). Pure C over the dataset and the window's product
 * lines, which the service reads from the store and hands in as a plain
 * array (the dataset holds each deal's product, not its lines).
 *
 * Window: the 12 months before as_of, [E - 12 calendar months, E), as the
 * clients' ABC (abc.h). Basis: won revenue, whatever the org's abc_basis
 * (payments name no product): every deal won in the window (closed_at in
 * it, status won) with an amount > 0.
 * - A deal with product lines splits its amount over them in proportion
 *   to quantity x price, by the largest remainder so the parts sum to the
 *   amount exactly (the units left after the floors go one each to the
 *   lines of the largest remainders, ties to the earlier line); lines that
 *   sum to 0 split it equally (the first amount % n lines get one unit
 *   more).
 * - A deal without lines gives its whole amount to its product.
 * - A deal with neither adds to `unassigned`, which no class holds.
 * The products with revenue > 0 then take the walk of abc.h (vo_abc_walk).
 * Per product: deals_won (the won deals that gave it revenue), quantity
 * (the sum of its lines' quantities; 1 per deal without lines).
 * A restricted query (a manager) counts only the deals that user owns.
 */
#ifndef VO_ANALYTICS_ABC_PRODUCTS_H
#define VO_ANALYTICS_ABC_PRODUCTS_H

#include <stddef.h>
#include <stdint.h>

#include "analytics/abc.h"

struct vo_abcp_query {
    int64_t as_of; /* E, exclusive */
    int32_t owner; /* only the deals of this user (a manager); -1 = all */
    /* the product lines of (at least) the window's won deals, by deal id
     * then position (the service passes the org's): lines of other deals
     * are never looked at */
    const struct vo_deal_line *lines;
    size_t n_lines;
};

struct vo_abcp_row {
    int64_t product_id;
    int64_t revenue;  /* > 0 */
    double share;     /* revenue / total */
    double cum_share; /* including this product */
    char abc;         /* 'A', 'B', 'C' */
    int64_t deals_won, quantity;
};

struct vo_abcp_class {
    int64_t products, revenue;
};

struct vo_abcp {
    int64_t from, to;           /* the window [from, to) */
    struct vo_date first, last; /* its local dates */
    int64_t total;              /* the classified revenue: the rows' sum */
    int64_t unassigned;         /* the won deals' with neither lines nor a product */
    struct vo_abcp_row *rows;   /* by revenue desc, then product id */
    size_t n;
    struct vo_abcp_class classes[3]; /* A, B, C */
    /* the rows' products' ext ids, names and categories (NULL each =
     * none): the service fills them in (the dataset holds no catalogue) */
    const char **ext, **name, **category;
};

/* The ABC of products of q over ds into *out (arrays in arena a).
 * VO_ENOMEM; VO_EINVAL when a sum leaves int64 (data over its bounds). */
vo_err vo_abc_products_compute(const struct vo_dataset *ds, const struct vo_abcp_query *q,
                               struct vo_arena *a, struct vo_abcp *out, struct vo_error *e);

#endif
