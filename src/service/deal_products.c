/*
 * deal_products.c - a deal's products: the use cases of
 * deal_products.h. The list is replaced whole in one transaction with the
 * deal's own update (its amount when it follows the products, and its
 * revision in any case, so a version read before the change is stale
 * after it), an audit row, and the live dataset told after the commit.
 */
#include "service/deal_products.h"

#include <stdio.h>

#include "base/checked.h"
#include "service/crm.h"

vo_err vo_svc_deal_products_get(struct vo_svc *svc, int64_t deal, struct vo_deal_product **out,
                                size_t *n, bool *amount_manual, struct vo_error *e)
{
    struct vo_deal_row d;
    vo_err rc = vo_svc_deal_get(svc, deal, &d, e);
    if (rc || (rc = vo_store_deal_amount_manual(svc->st, svc->org.id, deal, amount_manual, e)))
        return rc;
    return vo_store_deal_products(svc->st, svc->org.id, deal, svc->arena, out, n, e);
}

/* Sums quantity x price of v[0..n) into *sum, bounded by VO_AMOUNT_MAX. */
static bool sum_of(const struct vo_deal_product *v, size_t n, int64_t *sum)
{
    *sum = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t line = 0;
        if (!vo_mul_ok(v[i].quantity, v[i].price, &line) || !vo_add_ok(sum, line))
            return false;
    }
    return *sum <= VO_AMOUNT_MAX;
}

vo_err vo_deal_products_sum(struct vo_svc *svc, int64_t deal, int64_t *sum, size_t *n,
                            struct vo_error *e)
{
    struct vo_deal_product *v = NULL;
    vo_err rc = vo_store_deal_products(svc->st, svc->org.id, deal, svc->arena, &v, n, e);
    if (rc)
        return rc;
    if (!sum_of(v, *n, sum))
        return vo_error_set(e, VO_EINVAL, "items", "the products sum to more than %lld",
                            (long long)VO_AMOUNT_MAX);
    return VO_OK;
}

/* Checks item i and fills in its catalogue price when none was given. */
static vo_err check_item(struct vo_svc *svc, size_t i, struct vo_deal_product *p,
                         struct vo_error *e)
{
    char field[48];
    struct vo_product prod;
    struct vo_error tmp = {0};
    snprintf(field, sizeof field, "items[%zu].product_id", i);
    vo_err rc = p->product_id > 0 ? vo_store_product_get(svc->st, svc->org.id, p->product_id,
                                                         svc->arena, &prod, &tmp)
                                  : VO_ENOTFOUND;
    if (rc == VO_ENOTFOUND)
        return vo_error_set(e, VO_EINVAL, field, "no product %lld", (long long)p->product_id);
    if (rc)
        return vo_error_pass(e, rc, &tmp);
    snprintf(field, sizeof field, "items[%zu].quantity", i);
    if (p->quantity < 1 || p->quantity > VO_DEAL_QUANTITY_MAX)
        return vo_error_set(e, VO_EINVAL, field, "quantity is 1..%d", VO_DEAL_QUANTITY_MAX);
    if (p->price == VO_NULL)
        p->price = prod.price == VO_NULL ? 0 : prod.price;
    snprintf(field, sizeof field, "items[%zu].price", i);
    return vo_num_check(VO_NUM_AMOUNT, p->price, field, e);
}

vo_err vo_svc_deal_products_set(struct vo_svc *svc, int64_t deal, struct vo_deal_product *v,
                                size_t n, const int64_t *version, struct vo_error *e)
{
    if (n > VO_DEAL_PRODUCTS_MAX)
        return vo_error_set(e, VO_EINVAL, "items", "a deal has at most %d products",
                            VO_DEAL_PRODUCTS_MAX);
    struct vo_deal_row row;
    bool manual = false;
    int64_t sum = 0;
    vo_err rc = vo_store_begin(svc->st, e);
    if (rc)
        return rc;
    if ((rc = vo_store_deal_get(svc->st, svc->org.id, deal, svc->arena, &row, e)) ||
        (rc = vo_svc_check_owner(svc, row.d.owner_id, true, e)))
        goto fail;
    if (row.d.status != VO_DEAL_OPEN) {
        rc = vo_error_set(e, VO_ECONFLICT, "status",
                          "the deal is %s: its products (and amount) no longer change",
                          vo_deal_status_name(row.d.status));
        goto fail;
    }
    for (size_t i = 0; i < n; i++)
        if ((rc = check_item(svc, i, &v[i], e)))
            goto fail;
    if (!sum_of(v, n, &sum)) {
        rc = vo_error_set(e, VO_EINVAL, "items", "the products sum to more than %lld",
                          (long long)VO_AMOUNT_MAX);
        goto fail;
    }
    if ((rc = vo_store_deal_amount_manual(svc->st, svc->org.id, deal, &manual, e)))
        goto fail;
    if (!manual && n > 0)
        row.d.amount = sum;
    vo_crm_expect(version, &row.d.rev);
    if ((rc = vo_store_deal_products_set(svc->st, svc->org.id, deal, v, n, e)) ||
        (rc = vo_store_deal_update(svc->st, &row.d, e)))
        goto fail;
    char detail[64];
    snprintf(detail, sizeof detail, "%zu products, %lld", n, (long long)sum);
    if ((rc = vo_crm_finish(svc, "deal.products", "deal", deal, detail, e)))
        return rc;
    struct vo_deal_row now;
    struct vo_error tmp = {0};
    if (vo_store_deal_get(svc->st, svc->org.id, deal, svc->arena, &now, &tmp) == VO_OK)
        vo_svc_emit(svc, &(struct vo_change){.kind = VO_CHANGE_DEAL, .deal = &now.d});
    else
        vo_svc_emit(svc, &(struct vo_change){.kind = VO_CHANGE_OTHER});
    return VO_OK;
fail:
    vo_store_rollback(svc->st);
    return rc;
}
