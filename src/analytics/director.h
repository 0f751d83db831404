/*
 * director.h - the report to the director (docs/reports.md, "The report to
 * the director"): a one-page summary of a month or a week for the head's
 * own manager. Every figure comes from the engines that already compute
 * it (plan-fact, funnel, hygiene: service/director.c runs them); this file
 * holds the result and the two derivations made of their results: the
 * funnel's steps against the previous period, and the managers ranked by
 * the plan pct of one metric. Pure functions, no I/O.
 */
#ifndef VO_ANALYTICS_DIRECTOR_H
#define VO_ANALYTICS_DIRECTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analytics/calendar.h"
#include "analytics/funnel.h"
#include "analytics/hygiene.h"
#include "analytics/planfact.h"
#include "base/arena.h"
#include "base/err.h"

/* The managers shown at the top and at the bottom of the ranking, and the
 * funnel steps listed as those that dropped most. */
#define VO_DIRECTOR_TOP   3
#define VO_DIRECTOR_DROPS 3

/* One funnel step (stage at position `step` to the next one; the last
 * stage to won) in this period and the previous one. NaN: no deal
 * reached the step's first stage. */
struct vo_director_step {
    int32_t step;  /* 0-based position of the step's first stage */
    double cur;    /* conv_next of the period's cohort */
    double prev;   /* conv_next of the previous period's cohort */
    double change; /* cur - prev (NaN when either is NaN) */
};

/* A manager of the ranking: the plan-fact row and its pct. */
struct vo_director_rank {
    size_t row; /* index in vo_director.pf.rows */
    double pct;
};

/* The sections other parts of issue 11 fill (meetings, promises,
 * competitions): `available` false until they do. */
struct vo_director_meetings {
    bool available;
    int64_t held, planned;
    double attendance_pct; /* a fraction */
};
struct vo_director_promises {
    bool available;
    int64_t kept, broken, open;
    double kept_pct; /* a fraction */
};
struct vo_director_competition {
    const char *name, *winner, *status;
};
struct vo_director_competitions {
    bool available;
    struct vo_director_competition *items;
    size_t n;
};

struct vo_director {
    const char *period_kind; /* "month" or "week" */
    struct vo_period period; /* the reported month or ISO week */
    struct vo_period prev;   /* the one before it */
    int64_t as_of;           /* exclusive */
    int64_t prev_as_of;      /* the previous cohort's as_of: as far into it as as_of is */
    struct vo_pf_result pf;  /* the department's row, then one per user */
    int ranking_metric;      /* enum vo_metric of the ranking, -1: no metric has a plan */
    struct vo_director_rank *top, *bottom; /* best first; worst first */
    size_t ntop, nbottom;
    struct vo_funnel *funnel, *funnel_prev; /* by user */
    struct vo_director_step *steps;         /* funnel->nstages steps */
    size_t nsteps;
    size_t *drops; /* indices in steps: those whose conversion fell, most first */
    size_t ndrops;
    struct vo_hygiene hygiene;
    const char *note; /* «Что сделаю в следующем периоде», "" when none */
    int64_t note_updated_at; /* 0 when none */
    struct vo_director_meetings meetings;
    struct vo_director_promises promises;
    struct vo_director_competitions competitions;
};

/* The steps of cur against prev (the same pipeline: prev may be NULL or
 * have other stages, and then every prev is NaN) into out->steps, and
 * out->drops: the steps whose conversion fell (change < 0), most first
 * (ties by position), at most VO_DIRECTOR_DROPS. Arrays in a. */
vo_err vo_director_funnel_change(const struct vo_funnel *cur, const struct vo_funnel *prev,
                                 struct vo_arena *a, struct vo_director *out, struct vo_error *e);

/* The metric the managers are ranked by: revenue when the department's
 * row has a plan for it, else the first metric (METRICS.md order) with a
 * plan; -1 when none has. Then the users' rows with a pct of it, by pct
 * (ties by name): the first VO_DIRECTOR_TOP into out->top, the last
 * VO_DIRECTOR_TOP of the others into out->bottom, worst first (a manager
 * is never in both). Arrays in a. */
vo_err vo_director_rank(const struct vo_pf_result *pf, struct vo_arena *a, struct vo_director *out,
                        struct vo_error *e);

#endif
