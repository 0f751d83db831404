/*
 * leaderboard_json.h - the JSON of a leaderboard (docs/reports.md,
 * "Leaderboard"), one builder for `voronka report leaderboard --format
 * json`, GET /api/v1/reports/leaderboard and the standings of a
 * competition (docs/competitions.md). Builders return a new reference and
 * borrow their arguments.
 */
#ifndef VO_RENDER_LEADERBOARD_JSON_H
#define VO_RENDER_LEADERBOARD_JSON_H

#include <jansson.h>

#include "analytics/leaderboard.h"
#include "analytics/report_query.h"

/* The rows: users [{"rank", "user_id", "name", "email", "team", "value"}],
 * teams (teams) [{"rank", "team_id", "name", "value"}]; value a number
 * (integers as integers), the fact or the pct as a ratio. */
json_t *vo_lb_rows_to_json(const struct vo_dataset *ds, const struct vo_lb *lb, bool teams);

/* A competition's standings: [{"rank", "id", "name", "value"}]. */
json_t *vo_lb_standings_to_json(const struct vo_lb_standing *rows, size_t n);

/* Running competitions: [{"id", "name", "metric", "pct", "participants_kind",
 * "first_day", "last_day", "standings"}]. */
json_t *vo_lb_comps_to_json(const struct vo_lb_comp *v, size_t n);

/* The report: {"metric", "pct", "from", "to", "as_of", "team", "rows"}. */
json_t *vo_lb_to_json(const struct vo_report_query *q, const struct vo_lb *lb);

#endif
