/*
 * key_accounts_json.h - the JSON of the key accounts' report
 * (docs/reports.md, "Key accounts") for the CLI's --format json and GET
 * /api/v1/reports/key-accounts (= GET /api/v1/key-accounts). Money in
 * minor units, pct unrounded (null without a plan). Returns a new
 * reference and borrows its arguments.
 */
#ifndef VO_RENDER_KEY_ACCOUNTS_JSON_H
#define VO_RENDER_KEY_ACCOUNTS_JSON_H

#include <jansson.h>

#include "analytics/key_accounts.h"
#include "analytics/report_query.h"

/* {"month", "as_of", "plan", "fact", "pct", "clients": [{"client_id",
 * "ext_id", "name", "owner_id", "owner", "owner_email", "plan", "fact",
 * "pct", "history": [{"month", "payments", "won", "won_amount"} x 12,
 * oldest first]}]} */
json_t *vo_ka_to_json(const struct vo_report_query *q, const struct vo_ka *k);

#endif
