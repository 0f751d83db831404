/*
 * director_json.h - the JSON of the report to the director (docs/reports.md,
 * "The report to the director"), the same for `voronka report director
 * --format json` and GET /api/v1/reports/director. Beside the sections it
 * carries "lines": the page as rows of text (section, item, value,
 * compare), which the CLI's table prints and format=csv|xlsx exports.
 */
#ifndef VO_RENDER_DIRECTOR_JSON_H
#define VO_RENDER_DIRECTOR_JSON_H

#include <jansson.h>

#include "analytics/director.h"
#include "analytics/report_query.h"

/* A new reference (the caller decrefs); borrows q and r. */
json_t *vo_director_to_json(const struct vo_report_query *q, const struct vo_director *r);

#endif
