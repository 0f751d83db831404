/*
 * funnel.h - the cohort funnel of METRICS.md "Funnel (cohort)": the deals of
 * one pipeline created in a period, followed to as_of; per group (a user, a
 * team, a channel, a region, a source, or the whole cohort) the reach,
 * conversion, drop-off and time of every stage, the outcomes, the average
 * deal and the sales cycle, and each user's bottleneck against the team.
 */
#ifndef VO_ANALYTICS_FUNNEL_H
#define VO_ANALYTICS_FUNNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analytics/dataset.h"
#include "base/arena.h"
#include "base/err.h"

/* How the cohort is grouped. */
enum vo_funnel_by {
    VO_FUNNEL_BY_NONE,
    VO_FUNNEL_BY_USER,
    VO_FUNNEL_BY_TEAM,
    VO_FUNNEL_BY_CHANNEL,
    VO_FUNNEL_BY_REGION,
    VO_FUNNEL_BY_SOURCE
};

/* A filter value meaning "any"; VO_FUNNEL_NOTHING matches no deal (a name
 * the caller could not find). */
#define VO_FUNNEL_ANY     (-1)
#define VO_FUNNEL_NOTHING (-2)

struct vo_funnel_query {
    int32_t pipeline;   /* pipeline index */
    int64_t from, to;   /* the cohort: deals created in [from, to) */
    int64_t as_of;      /* exclusive: an event counts when t < as_of */
    int32_t user, team; /* user / team index, or VO_FUNNEL_ANY / _NOTHING */
    int32_t channel;    /* dictionary ids (0 = "none" matches deals without */
    int32_t region;     /*   one), or VO_FUNNEL_ANY / _NOTHING */
    int32_t source;
    enum vo_funnel_by by;
    /* issue 12 (investigations): only the counts (reached, won, lost,
     * open, amounts); the time in stage and the sales cycle are left out
     * (NaN), which spares their sorts. false (the default) computes all. */
    bool counts_only;
};

/* A query that takes every deal of pipeline, not grouped. */
/* The funnel's name of a grouping ("user", ...), NULL for the whole
 * cohort (VO_FUNNEL_BY_NONE). */
const char *vo_funnel_by_name(enum vo_funnel_by by);
/* The grouping named name ("user", "team", "channel", "region", "source")
 * into *out; false (and *out untouched) for any other name. */
bool vo_funnel_by_parse(const char *name, enum vo_funnel_by *out);

struct vo_funnel_query vo_funnel_query_default(int32_t pipeline, int64_t from, int64_t to,
                                               int64_t as_of);

/* One stage s_i of a group. Ratios are NaN when their denominator is 0. */
struct vo_funnel_stage {
    int32_t stage;           /* stage index in the dataset */
    int64_t reached;         /* cohort deals that reached s_i */
    double conv_next;        /* reached(s_i+1) / reached(s_i); last: won / reached(s_n) */
    int64_t lost_at;         /* lost deals whose last open stage was s_i */
    double dropoff;          /* lost_at / reached */
    int64_t open_at;         /* open deals in s_i at as_of */
    int64_t timed;           /* deals in the time figures (left s_i by as_of) */
    double time_mean_days;   /* NaN when timed == 0 */
    double time_median_days; /* NaN when timed == 0 */
};

struct vo_funnel_group {
    int32_t key;      /* user/team index or dictionary id; -1 = no team / not grouped */
    const char *name; /* user or team name, dictionary text; NULL = none / not grouped */
    int64_t size, won, lost, open;  /* status at as_of */
    double overall;                 /* won / size */
    double win_rate;                /* won / (won + lost) */
    int64_t avg_deal_size;          /* minor units; VO_NULL when no won deal has an amount */
    int64_t won_with_amount;        /* the won deals in avg_deal_size */
    double sales_cycle_days;        /* median creation -> win, NaN when no win */
    struct vo_funnel_stage *stages; /* nstages */
    bool has_bottleneck;            /* by user only */
    int32_t bottleneck;             /* the step's first stage, 0-based position */
    int64_t bottleneck_loss;        /* minor units, > 0 */
};

/* vo_funnel.pipeline of the empty funnel of an org with no pipeline. */
#define VO_FUNNEL_NO_PIPELINE (-1)

struct vo_funnel {
    int32_t pipeline; /* the dataset's index, or VO_FUNNEL_NO_PIPELINE */
    size_t nstages;
    enum vo_funnel_by by;
    struct vo_funnel_group total;   /* the whole cohort under the filters ("the team") */
    struct vo_funnel_group *groups; /* ngroups non-empty groups; by none: one, the total */
    size_t ngroups;
    /* Set by the report's service with versus=team (never by
     * vo_funnel_compute): the department's cohort, NULL otherwise. */
    const struct vo_funnel_group *team;
};

/* Deal d at as_of in the funnel's sense, for every report that speaks of
 * reaching a stage (the forecast too): its status at as_of (won / lost
 * only when closed before as_of, else open), its stage position at as_of
 * in the pipeline whose stages are ds->stages[first .. first + nst) (-1:
 * none of them), and the furthest position it reached (that stage and
 * every stage of its history before as_of; every stage for a won deal;
 * -1 when none). */
struct vo_funnel_at {
    int status; /* enum vo_deal_status */
    int32_t pos, far;
};
void vo_funnel_deal_at(const struct vo_dataset *ds, size_t d, int32_t first, size_t nst,
                       int64_t as_of, struct vo_funnel_at *out);

/* Users with fewer cohort deals at a step's first stage get no bottleneck
 * on that step (METRICS.md). */
#define VO_FUNNEL_MIN_REACHED 20

/* Computes the funnel of q over ds (borrowed, read only) into a result
 * allocated in a (*out, and every array and name it points to, live as
 * long as a; names are borrowed from ds). One pass over the cohort's deals
 * and their stage changes, plus linear-time medians. Groups come by name
 * (bytewise), the unnamed group ("none") last. VO_EINVAL (field
 * "pipeline") when q->pipeline is not a pipeline of ds, VO_ENOMEM when the
 * arena is over its cap. */
vo_err vo_funnel_compute(const struct vo_dataset *ds, const struct vo_funnel_query *q,
                         struct vo_arena *a, struct vo_funnel **out, struct vo_error *e);

#endif
