/*
 * nps_json.h - the NPS report as JSON (docs/reports.md, "NPS"), the same
 * document for `voronka report nps --format json` and
 * GET /api/v1/reports/nps.
 */
#ifndef VO_RENDER_NPS_JSON_H
#define VO_RENDER_NPS_JSON_H

#include <jansson.h>

#include "analytics/nps.h"
#include "analytics/report_query.h"

/* {"from", "to", "as_of", "by", "groups": [{"by", "key", "name",
 * "responses", "promoters", "passives", "detractors", "nps"}],
 * "detractors": [{"id", "client_id", "client", "score", "at", "comment",
 * "owner", "owner_name"}]}: nps a double with one decimal, null with no
 * responses; key null for none (and without by); name the user's name
 * (by user), else null. */
json_t *vo_nps_to_json(const struct vo_report_query *q, const struct vo_nps_result *r);

#endif
