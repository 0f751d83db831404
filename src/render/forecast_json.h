/*
 * forecast_json.h - the JSON of the forecast report (docs/reports.md,
 * "Forecast"), one builder for `voronka report forecast --format json` and
 * GET /api/v1/reports/forecast.
 */
#ifndef VO_RENDER_FORECAST_JSON_H
#define VO_RENDER_FORECAST_JSON_H

#include <jansson.h>

#include "analytics/report_query.h"

/* The forecast's flags: ratios (probabilities, ape, mape) printed whole
 * (17 digits: the double itself, not a rounding of it). */
#define VO_FORECAST_JSON_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17))

/* {"as_of", "from", "to", "pipeline", "stage_pipeline", "stage_probability":
 * {"<stage name>": p}, "weighted_pipeline", "open_deals", "fact", "p10",
 * "p50", "p90", "runs", "backtest": {"mape", "months": [{"as_of",
 * "forecast", "actual", "ape"}]}, "stages": [...], with by user "rows",
 * with list "deals" and "deals_total"}. A new reference. */
json_t *vo_forecast_to_json(const struct vo_report_query *q, const struct vo_report_forecast *r);

#endif
