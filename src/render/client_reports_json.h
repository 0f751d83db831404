/*
 * client_reports_json.h - the JSON of the client reports (docs/reports.md,
 * "ABC / XYZ of clients" and "Clients at risk"), one builder each for the
 * CLI's --format json and GET /api/v1/reports/{abc-xyz,at-risk}. Money in
 * minor units, ratios (share, cum_share, cv, rate) unrounded. Builders
 * return a new reference and borrow their arguments.
 */
#ifndef VO_RENDER_CLIENT_REPORTS_JSON_H
#define VO_RENDER_CLIENT_REPORTS_JSON_H

#include <jansson.h>

#include "analytics/report_query.h"
#include "analytics/abc.h"
#include "analytics/abc_products.h"
#include "analytics/key_accounts.h"

/* {"from", "to", "as_of", "basis", "total", "clients": [{"client_id",
 * "ext_id", "name", "revenue", "share", "cum_share", "abc", "xyz", "cv"}],
 * "matrix": {"AX": {"clients", "revenue"}, ... the nine cells}} */
json_t *vo_abc_to_json(const struct vo_report_query *q, const struct vo_abc *a);

/* The ABC of products (issue 12, item 1): {"of": "products", "from",
 * "to", "as_of", "basis": "revenue", "total", "unassigned", "products":
 * [{"product_id", "ext_id", "name", "category", "revenue", "share",
 * "cum_share", "abc", "deals_won", "quantity"}], "classes": {"A":
 * {"products", "revenue"}, "B": ..., "C": ...}} */
json_t *vo_abcp_to_json(const struct vo_report_query *q, const struct vo_abcp *a);

/* {"from", "to", "as_of", "days", "clients": [{"client_id", "ext_id",
 * "name", "owner_email", "last_paid_at", "revenue_12m"}], "churn":
 * [{"month", "base", "churned", "rate"}]} */
json_t *vo_risk_to_json(const struct vo_report_query *q, const struct vo_risk *k);

/* issue 12, item 1: */
/* {"month", "as_of", "plan", "fact", "pct", "clients": [{"client_id",
 * "ext_id", "name", "owner_id", "owner", "owner_email", "plan", "fact",
 * "pct", "history": [{"month", "payments", "won", "won_amount"} x 12,
 * oldest first]}]} */
json_t *vo_ka_to_json(const struct vo_report_query *q, const struct vo_ka *k);

#endif
