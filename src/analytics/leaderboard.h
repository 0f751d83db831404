/*
 * leaderboard.h - the leaderboard (METRICS.md "People"): users, or teams,
 * ranked by the fact of one plan-fact metric, or by its plan pct, over a
 * period. The figures are the plan-fact's (vo_pf_compute over one
 * count of the parts), never computed another way, so a board and the
 * plan-fact report of the same period always agree.
 *
 * Rules (docs/reports.md, "Leaderboard"):
 * - the rows are the plan-fact's user rows of the scope (the sales users:
 *   managers and heads, plus anyone with a fact or a plan in the period),
 *   or its team rows (a team's fact is the sum of its users' parts, its
 *   pct recomputed from the team's plan);
 * - value = the fact in the metric's unit (money in minor units), or with
 *   pct the pct as a ratio (0.85); a row whose value does not exist (a
 *   ratio metric with nothing to divide, a pct board's row without a plan)
 *   is left out;
 * - higher is better, except tasks_overdue (fewer is better);
 * - equal values share a rank and the next rank skips (1, 2, 2, 4); rows
 *   are ordered by rank, then name (byte order), then index.
 */
#ifndef VO_ANALYTICS_LEADERBOARD_H
#define VO_ANALYTICS_LEADERBOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analytics/calendar.h"
#include "analytics/dataset.h"
#include "base/arena.h"
#include "base/err.h"
#include "model/model.h"

struct vo_lb_query {
    struct vo_period period;
    int64_t as_of; /* exclusive, as the plan-fact's */
    enum vo_metric metric;
    bool pct;
    bool teams;          /* rank teams instead of users */
    int32_t team;        /* users of this team only; -1 = the department */
    const int32_t *only; /* with nonly > 0: only these user (teams: team) indexes */
    size_t nonly;
};

struct vo_lb_row {
    int32_t rank;  /* 1-based; ties share it */
    int32_t index; /* user (teams: team) index in the dataset */
    const char *name;
    double value;      /* the fact, or the pct as a ratio */
    double fact, plan; /* the plan-fact cell's (plan NaN = none) */
};

struct vo_lb {
    struct vo_lb_row *rows; /* in the arena, by rank then name */
    size_t n;
};

/* A row of a competition's standings (service/competitions.h), live or
 * frozen: a standing keeps its member's id and name, not a dataset index. */
struct vo_lb_standing {
    int32_t rank;      /* 1-based; ties share it */
    int64_t member_id; /* the user's (teams: the team's) id */
    const char *name;
    double value; /* the fact in the metric's unit, or the pct as a ratio */
};

/* A running competition as a meeting's report shows it (the weekly and
 * monthly review; filled by the service, which owns competitions). */
struct vo_lb_comp {
    int64_t id;
    const char *name, *metric;
    bool pct, teams;
    const char *first_day, *last_day;
    const struct vo_lb_standing *rows;
    size_t nrows;
};

/* Ranks q over ds into *out (rows in arena a; ds and q borrowed).
 * VO_EINVAL for a bad team index or a sum beyond int64, VO_ENOMEM. */
vo_err vo_lb_compute(const struct vo_dataset *ds, const struct vo_lb_query *q, struct vo_arena *a,
                     struct vo_lb *out, struct vo_error *e);

#endif
