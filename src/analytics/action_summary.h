/*
 * action_summary.h - the weekly action plans as the weekly meeting sees
 * them (issue 11; docs/action-plans.md, "In the weekly report"): per plan
 * owner, the actions done of the total and the open ones. Plain data: the
 * service (service/action_plans.h) fills it from the store, render
 * (render/action_summary_json.h) writes it.
 */
#ifndef VO_ANALYTICS_ACTION_SUMMARY_H
#define VO_ANALYTICS_ACTION_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

#include "base/timeutil.h"

struct vo_action_open {
    int64_t id, assignee_id;
    const char *what;
    const char *day; /* NULL: this week */
};

struct vo_action_owner {
    int64_t user_id;
    const char *name;
    size_t done, total;
    struct vo_action_open *open; /* total - done of them, by day */
    size_t nopen;
};

struct vo_action_summary {
    struct vo_date monday;          /* the week */
    struct vo_action_owner *owners; /* by user id */
    size_t n;
};

/* The Monday of ISO week 1 of year y: the week holding January 4th. */
struct vo_date vo_iso_week1(int y);
/* The ISO name of the week starting on monday ("2026-W47"; its year is
 * its Thursday's) into out (at least 9 bytes). */
void vo_iso_week_name(struct vo_date monday, char *out, size_t outsz);

#endif
