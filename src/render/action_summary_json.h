/*
 * action_summary_json.h - the "action_plans" block of the weekly report
 * (docs/reports.md, "Daily, weekly, monthly"; docs/action-plans.md):
 * {"week": "YYYY-Www", "owners": [{"user_id", "name", "done", "total",
 * "open": [{"id", "what", "day", "assignee_id"}]}]}.
 */
#ifndef VO_RENDER_ACTION_SUMMARY_JSON_H
#define VO_RENDER_ACTION_SUMMARY_JSON_H

#include <jansson.h>

#include "analytics/action_summary.h"

/* A new reference; borrows s. */
json_t *vo_action_summary_to_json(const struct vo_action_summary *s);

#endif
