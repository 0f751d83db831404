/*
 * losses.h - the loss-reasons report (docs/reports.md, "Loss reasons"):
 * the deals lost in a period, by the reason they were lost for, by the
 * manager who lost them and by the stage they were lost at.
 *
 * A deal counts when its status is lost and closed_at falls in [from, to)
 * and before as_of; the filters are the funnel's (pipeline, user, team,
 * channel, region, source), and a pipeline of VO_FUNNEL_ANY takes every
 * pipeline. Its reason is the text it was lost with (the org's loss-reason
 * dictionary, or an imported text); a deal lost without one counts under
 * "no reason" (reason id 0). Its amount counts when it has one: `amount`
 * sums the amounts filled in, `with_amount` counts those deals, so a
 * reader sees how much of the lost money is known. The stage it was lost
 * at is its stage (a closed deal does not move).
 */
#ifndef VO_ANALYTICS_LOSSES_H
#define VO_ANALYTICS_LOSSES_H

#include <stddef.h>
#include <stdint.h>

#include "analytics/dataset.h"
#include "analytics/funnel.h"
#include "base/arena.h"
#include "base/err.h"

/* The filters are the funnel's query; `by` is not used (the report is
 * always by reason, by user and by stage) and pipeline may be
 * VO_FUNNEL_ANY (every pipeline). */
typedef struct vo_funnel_query vo_losses_query;

/* Lost deals: how many, the sum of the amounts filled in, how many had
 * one. */
struct vo_losses_cell {
    int64_t count, amount, with_amount;
};

struct vo_losses_reason {
    int32_t id;       /* loss_reasons dictionary id; 0 = no reason given */
    const char *name; /* NULL for id 0 */
    struct vo_losses_cell c;
    double share;        /* count / total count */
    double amount_share; /* amount / total amount; NaN when that is 0 */
};

/* A row of a breakdown: a user, or a stage. */
struct vo_losses_row {
    int32_t key; /* user index, or stage index (-1: a deal without a stage) */
    struct vo_losses_cell c;
    struct vo_losses_cell *by_reason; /* nreasons, in the order of reasons */
    int32_t top;                      /* the position of its most frequent reason */
};

struct vo_losses {
    struct vo_losses_cell total;
    struct vo_losses_reason *reasons; /* by count, then amount (both descending), then name */
    size_t nreasons;
    struct vo_losses_row *users; /* users who lost a deal, by name */
    size_t nusers;
    struct vo_losses_row *stages; /* by pipeline, then stage position; no stage last */
    size_t nstages;
};

/* Computes the report of q over ds (borrowed) into *out, allocated in a
 * (names borrowed from ds). VO_EINVAL naming "pipeline" when q->pipeline is
 * neither VO_FUNNEL_ANY nor a pipeline of ds; VO_EINVAL when a sum of
 * money leaves int64; VO_ENOMEM when the arena refuses. */
vo_err vo_losses_compute(const struct vo_dataset *ds, const vo_losses_query *q, struct vo_arena *a,
                         struct vo_losses *out, struct vo_error *e);

#endif
