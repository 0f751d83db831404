/*
 * channels_json.h - the JSON of the channel economics report
 * (docs/reports.md, "Channels"): one builder for `voronka report channels
 * --format json` and GET /api/v1/reports/channels. Returns a new
 * reference and borrows its arguments.
 */
#ifndef VO_RENDER_CHANNELS_JSON_H
#define VO_RENDER_CHANNELS_JSON_H

#include <jansson.h>

#include "analytics/channels.h"
#include "analytics/report_query.h"

/* {"from", "to", "as_of", "by", "gross_margin", "rows": [{"channel" (by
 * channel only), "by", "key", "total", "leads", "deals_won", "conversion",
 * "revenue", "spend", "new_clients", "cac", "romi", "payback_months"}]};
 * money in minor units, ratios unrounded, null where undefined. */
json_t *vo_ch_to_json(const struct vo_report_query *q, const struct vo_ch *c);

/* {"metric", "channel", "as_of", "months": [{"month", "value", "mom",
 * "mom_pct", "yoy", "yoy_pct"}]}: value a number (counts and money as
 * integers, ratios as reals) or null; the changes null when undefined. */
json_t *vo_ch_dyn_to_json(const struct vo_report_query *q, const struct vo_ch_dyn *d);

/* {"from", "to", "as_of", "rows": [{"channel", "plan", "leads", "pct",
 * "reached", "quality", "quality_plan"}]} (null where undefined). */
json_t *vo_ch_plans_to_json(const struct vo_report_query *q, const struct vo_ch_plans *p);

#endif
