/*
 * deal_products.h - a deal's products (crm-edit, issue 10; docs/api-crm.md,
 * "Deal products"): read with the deal, replaced as a whole, and the
 * deal's amount following their sum unless it was set by hand.
 */
#ifndef VO_SERVICE_DEAL_PRODUCTS_H
#define VO_SERVICE_DEAL_PRODUCTS_H

#include "service/service.h"

#define VO_DEAL_PRODUCTS_MAX 200     /* products on one deal */
#define VO_DEAL_QUANTITY_MAX 1000000 /* units of one product on one deal */

/* The deal's products (who may read the deal reads them, VO_ENOTFOUND
 * otherwise) and whether its amount was set by hand. In svc->arena. */
vo_err vo_svc_deal_products_get(struct vo_svc *svc, int64_t deal, struct vo_deal_product **out,
                                size_t *n, bool *amount_manual, struct vo_error *e);
/* Replaces the deal's products with v[0..n) in one transaction (who may
 * change the deal; an open deal only, VO_ECONFLICT otherwise): each a
 * product of the org (VO_EINVAL naming "items[i].product_id"), quantity
 * 1..10^6, price 0..VO_AMOUNT_MAX (VO_NULL: the catalogue's). Unless the
 * amount was set by hand, a non-empty list sets the deal's amount to the
 * sum of quantity x price (checked: over VO_AMOUNT_MAX is VO_EINVAL naming
 * "items"). The deal's version goes up; version (NULL = none) is checked
 * as a PATCH's (VO_ESTALE). Audit "deal.products". */
vo_err vo_svc_deal_products_set(struct vo_svc *svc, int64_t deal, struct vo_deal_product *v,
                                size_t n, const int64_t *version, struct vo_error *e);
/* The sum of the deal's products in *sum and their number in *n (inside
 * the caller's transaction; the PATCH of amount null goes back to it). */
vo_err vo_deal_products_sum(struct vo_svc *svc, int64_t deal, int64_t *sum, size_t *n,
                            struct vo_error *e);

#endif
