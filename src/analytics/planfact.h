/*
 * planfact.h - plan versus fact for every metric of vo_metrics (METRICS.md
 * "Plan-fact metrics"): a pure function from a dataset and a query (period,
 * as_of, scope, grouping) to rows of cells {plan, fact, pct, forecast, gap,
 * per_day_needed}.
 *
 * Units of a cell (all doubles; NaN = absent, "none" in METRICS.md):
 * - counts are whole counts, money (revenue, payments, avg_check) minor
 *   units, call_minutes minutes (the exact seconds / 60, so 90 s is 1.5),
 *   conversion and pct fractions (0.25);
 * - money that a division makes fractional (avg_check, a forecast, the
 *   money needed per day) is rounded to the minor unit, halves away from
 *   zero; a count's forecast is rounded to a whole count the same way, a
 *   forecast of call_minutes to the whole second; per_day_needed of counts
 *   and minutes is rounded to 0.01.
 * Facts count events with period.start <= t < min(period.end, as_of).
 */
#ifndef VO_ANALYTICS_PLANFACT_H
#define VO_ANALYTICS_PLANFACT_H

#include <stdbool.h>
#include <stdint.h>

#include "analytics/calendar.h"
#include "analytics/dataset.h"
#include "base/arena.h"
#include "base/checked.h"
#include "base/err.h"
#include "model/model.h"

/* The raw additive parts a user's facts are made of (the ratios are
 * recomputed from summed parts). */
enum vo_pf_part {
    VO_PF_LEADS,
    VO_PF_CALLS,
    VO_PF_CALL_SECONDS,
    VO_PF_MEETINGS,
    VO_PF_WON,
    VO_PF_REVENUE,
    VO_PF_PAYMENTS,
    VO_PF_TASKS_DONE,
    VO_PF_TASKS_ON_TIME,
    VO_PF_TASKS_OVERDUE,
    VO_PF__COUNT
};

struct vo_pf_cell {
    double plan, fact, pct, forecast, gap, per_day_needed; /* NaN = none */
};

struct vo_pf_row {
    const char *scope; /* "org", "team" or "user" */
    const char *name;  /* the org's rows: "Отдел продаж"; a team's or a user's name */
    const char *email; /* users only; NULL otherwise */
    int32_t index;     /* team or user index in the dataset, -1 for the org */
    struct vo_pf_cell m[VO_M__COUNT];
};

enum vo_pf_by { VO_PF_BY_NONE, VO_PF_BY_USER, VO_PF_BY_TEAM };

struct vo_pf_query {
    struct vo_period period;
    int64_t as_of;            /* exclusive */
    enum vo_scope_kind scope; /* the first row */
    int32_t scope_index;      /* team or user index; ignored for the org */
    enum vo_pf_by by;         /* then one row per user / team inside the scope */
};

struct vo_pf_result {
    int elapsed_wd, total_wd;
    struct vo_pf_row *rows; /* in the arena */
    size_t nrows;
};

/* Computes the plan-fact of q over ds into *out (rows in arena a; ds and q
 * borrowed). The first row is the scope itself; with q->by == USER follow
 * the users of the scope (the sales users: role manager or head, plus any
 * user who has a fact or a plan in the period) in name order; with TEAM the
 * teams (org scope only). VO_EINVAL for a bad scope index or a sum beyond
 * int64 (vo_pf_overflow), VO_ENOMEM. */
vo_err vo_pf_compute(const struct vo_dataset *ds, const struct vo_pf_query *q, struct vo_arena *a,
                     struct vo_pf_result *out, struct vo_error *e);

/* vo_pf_compute of nby views of q that differ only in their rows by
 * (by[v] into out[v], q->by ignored), the events counted and the period's
 * plans built once for all of them: the daily report's by user and by team
 * of each period. `parts` as vo_pf_user_parts returns them for q->period
 * and q->as_of (borrowed, not changed), so a caller that can derive one
 * period's parts from another's (daily.c) counts the events once; NULL:
 * counted here. Each result holds its rows only (the scope's and those
 * its by lists). */
vo_err vo_pf_compute_views(const struct vo_dataset *ds, const struct vo_pf_query *q,
                           const enum vo_pf_by *by, size_t nby, const int64_t *parts,
                           struct vo_arena *a, struct vo_pf_result *out, struct vo_error *e);

/* The raw parts per user over [from, to) counted before as_of: parts[u *
 * VO_PF__COUNT + p] for every user u of ds (parts is an arena array of
 * users.n * VO_PF__COUNT int64, zeroed by this function). One pass over
 * each table's span of [from, min(to, as_of)) (or the whole days of it
 * from the dataset's rollup, dataset_days.c), then the tasks_overdue
 * snapshot in O(users * log n) (vo_ds_tasks_overdue). */
vo_err vo_pf_user_parts(const struct vo_dataset *ds, int64_t from, int64_t to, int64_t as_of,
                        struct vo_arena *a, int64_t **parts, struct vo_error *e);
/* The two halves of vo_pf_user_parts. add_events ADDS to pt the event
 * parts (all but tasks_overdue) of every user over [from, to) (nothing
 * when from >= to; the caller clips `to` at as_of): the parts of two
 * disjoint ranges are the sum of each one's, so a range's parts can be
 * extended from a sub-range's. set_overdue SETS each user's tasks_overdue
 * part at as_of. pt holds users.n * VO_PF__COUNT int64. add_events returns
 * false when a sum (money, call seconds) leaves int64: the caller reports
 * it with vo_pf_overflow, never shows the wrapped figure. */
bool vo_pf_add_events(const struct vo_dataset *ds, int64_t from, int64_t to, int64_t *pt);
/* vo_pf_add_events without the dataset's rollup of days: a pass over each
 * table's span of [from, to). The rollup's days are counted by it
 * (dataset_days.c), so both count an event the same way. */
bool vo_pf_scan_events(const struct vo_dataset *ds, int64_t from, int64_t to, int64_t *pt);
/* The scan's step for activity i: adds its parts to its user's in pt (a
 * call, its seconds when known, a meeting). False when the seconds leave
 * int64. */
static inline bool vo_pf_add_activity(const struct vo_ds_activities *ac, size_t i, int64_t *pt)
{
    int64_t *u = pt + (size_t)ac->user[i] * VO_PF__COUNT;
    if (ac->type[i] == VO_ACT_CALL) {
        u[VO_PF_CALLS]++;
        if (ac->duration_s[i] > 0 && !vo_add_ok(&u[VO_PF_CALL_SECONDS], ac->duration_s[i]))
            return false;
    } else if (ac->type[i] == VO_ACT_MEETING) {
        u[VO_PF_MEETINGS]++;
    }
    return true;
}
void vo_pf_set_overdue(const struct vo_dataset *ds, int64_t as_of, int64_t *pt);
/* Sets e to the error of a sum beyond int64 (VO_EINVAL) and returns it. */
vo_err vo_pf_overflow(struct vo_error *e);

/* The exact fact of an ADDITIVE or snapshot metric from summed parts p, in
 * its plan unit times a scale: minutes are returned in seconds (scale 60),
 * everything else as is. Used by the history split. */
int64_t vo_pf_additive_raw(enum vo_metric m, const int64_t *p);

#endif
