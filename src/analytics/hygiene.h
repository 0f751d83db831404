/*
 * hygiene.h - the CRM hygiene audit as of an instant (METRICS.md, "CRM
 * hygiene"): per user and for the department, what in the CRM needs fixing,
 * and the exact list of deals and tasks with the reason for each.
 *
 * A pure function of the dataset, as_of and plain settings; the caller
 * reads the settings from the org's JSON (service/hygiene_settings.h).
 */
#ifndef VO_ANALYTICS_HYGIENE_H
#define VO_ANALYTICS_HYGIENE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analytics/dataset.h"
#include "base/arena.h"
#include "base/err.h"

/* Required deal fields (bits of vo_hygiene_settings.required). */
enum {
    VO_HY_REQ_AMOUNT = 1 << 0,
    VO_HY_REQ_CLIENT = 1 << 1,
    VO_HY_REQ_STAGE = 1 << 2,
    VO_HY_REQ_CHANNEL = 1 << 3,
    VO_HY_REQ_SOURCE = 1 << 4,
};

/* The deal flags (bits of vo_hygiene_deal.flags). A clean deal has none.
 * `overloaded` belongs to a user, not to a deal, and is not one of them. */
enum {
    VO_HY_NO_NEXT_TASK = 1 << 0,
    VO_HY_STALE = 1 << 1,
    VO_HY_STUCK = 1 << 2,
    VO_HY_INCOMPLETE = 1 << 3,
};

struct vo_hygiene_settings {
    int32_t stale_days;      /* default 14 */
    int32_t open_deal_limit; /* -1 = no limit (the default) */
    unsigned required;       /* VO_HY_REQ_* bits; default amount | client */
};

/* The defaults of METRICS.md. */
void vo_hygiene_settings_default(struct vo_hygiene_settings *s);
/* The name of a required-field bit ("amount", "client", ...). */
const char *vo_hygiene_field_name(unsigned bit);

/* One user's figures, or the department's (their sums). */
struct vo_hygiene_row {
    int64_t open_deals, open_tasks, overdue_tasks, no_next_task, stale, stuck, incomplete,
        overloaded, clean;
    /* 100 * clean / open_deals in tenths of a percent, rounded halves up
     * (875 = 87.5%); -1 when open_deals is 0 (no score). */
    int32_t score_x10;
};

/* A deal to fix and why. Days are whole days of 24 h, rounded down. */
struct vo_hygiene_deal {
    int32_t deal;       /* deal index */
    unsigned flags;     /* VO_HY_* deal flags, at least one */
    int64_t idle_days;  /* days since the last touch (the stale figure) */
    int32_t stage;      /* the stage at as_of, -1 = unknown */
    int64_t stage_days; /* days in that stage (the stuck figure) */
    int32_t max_days;   /* that stage's limit, -1 = none */
    unsigned missing;   /* VO_HY_REQ_* bits that are empty */
};

/* An overdue open task. */
struct vo_hygiene_task {
    int32_t task;         /* task index */
    int64_t days_overdue; /* whole days since due_at, rounded down (0 = less than a day) */
};

struct vo_hygiene {
    int64_t as_of;
    struct vo_hygiene_settings settings;
    struct vo_hygiene_row *users; /* ds->users.n rows, by user index */
    size_t nusers;
    struct vo_hygiene_row org; /* the sums; score from the summed parts */
    /* The list: deals with a flag by owner index then deal index; overdue
     * tasks by assignee index then task index. */
    struct vo_hygiene_deal *deals;
    size_t ndeals;
    struct vo_hygiene_task *tasks;
    size_t ntasks;
};

/* Audits ds as of as_of (exclusive: an event counts when t < as_of).
 * Open deals: created_at < as_of and not closed before as_of; open tasks:
 * created_at < as_of and not done before as_of. A deal is stale when the
 * whole days since its last touch (its latest activity, its latest stage
 * move, its creation; all before as_of) are MORE than stale_days: 14 days
 * and 23 hours is not stale at 14, 15 days is. It is stuck when the whole
 * days in its stage at as_of are more than the stage's max_days. The list
 * (deals, tasks) is built only when want_list, else it is empty (no
 * memory per flagged deal: a summary or a dashboard tile). Borrows
 * ds; fills *out with arrays in arena a. O(the deals and tasks open at
 * as_of or closed at or after it (vo_ds_deals_open_at, _tasks_open_at) +
 * their stage changes + the activities read) plus a zeroed byte a deal;
 * never more than the walk over everything created before as_of.
 * VO_ENOMEM when the arena or the heap is exhausted. */
/* The figures of a row that reports print, in column order: their keys
 * (the JSON and CSV names) and vo_hygiene_fig(r, k), k < VO_HYGIENE_NFIG. */
#define VO_HYGIENE_NFIG 7
extern const char *const vo_hygiene_fig_keys[VO_HYGIENE_NFIG];
int64_t vo_hygiene_fig(const struct vo_hygiene_row *r, int k);

vo_err vo_hygiene_compute(const struct vo_dataset *ds, int64_t as_of,
                          const struct vo_hygiene_settings *s, bool want_list, struct vo_arena *a,
                          struct vo_hygiene *out, struct vo_error *e);

#endif
