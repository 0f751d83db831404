/*
 * report_json.h - the JSON of every report kind (docs/reports.md), built
 * once from the computed result for both `voronka report KIND --format
 * json` and GET /api/v1/reports/KIND. Each builder returns a new reference
 * (the caller decrefs) and borrows its arguments; print it with the flags
 * given here so the CLI and the API write the same text.
 */
#ifndef VO_RENDER_REPORT_JSON_H
#define VO_RENDER_REPORT_JSON_H

#include <jansson.h>

#include "analytics/report_query.h"

/* json_dumps flags of the reports (hygiene prints with 10 digits). */
#define VO_REPORT_JSON_FLAGS  (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12))
#define VO_HYGIENE_JSON_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10))

/* A figure: whole numbers as integers, null when absent (NaN). */
json_t *vo_json_figure(double v);

/* The keys a report opens with: "from" and "to" (p's first and last days,
 * YYYY-MM-DD) and "as_of" (q->as_of in the org's time zone), then body's
 * own keys in their order. Steals body; returns it grown (a new reference). */
json_t *vo_report_head(const struct vo_report_query *q, struct vo_period p, json_t *body);

/* Only "as_of" (q->as_of in the org's time zone) before body's keys:
 * the reports that are not over a period of days. Steals body. */
json_t *vo_report_as_of(const struct vo_report_query *q, json_t *body);

json_t *vo_pf_to_json(const struct vo_report_query *q, const struct vo_pf_result *r);
json_t *vo_funnel_to_json(const struct vo_report_query *q, const struct vo_funnel *f);
json_t *vo_losses_to_json(const struct vo_report_query *q, const struct vo_losses *l);
json_t *vo_hygiene_to_json(const struct vo_report_query *q, const struct vo_report_hygiene *r);
json_t *vo_daily_to_json(const struct vo_report_query *q, const struct vo_daily *r);
json_t *vo_review_to_json(const struct vo_report_query *q, const struct vo_review *r);

#endif
