/*
 * bonus_json.h - the JSON of the month's bonus report (docs/bonuses.md),
 * the same for `voronka report bonus --format json` and GET
 * /api/v1/reports/bonus, and the breakdown's labels in either language.
 */
#ifndef VO_RENDER_BONUS_JSON_H
#define VO_RENDER_BONUS_JSON_H

#include <jansson.h>
#include <stdbool.h>

#include "analytics/bonus.h"
#include "analytics/report_query.h"

/* {"period", "as_of", "rows": [...]} of r (borrowed); labels in Russian
 * when ru (the message catalogue), else English. A new reference. */
json_t *vo_bonus_to_json(const struct vo_report_query *q, const struct vo_bonus_result *r, bool ru);
/* The label of line l, in the arena a. */
const char *vo_bonus_line_label(const struct vo_bonus_line *l, bool ru, struct vo_arena *a);

#endif
