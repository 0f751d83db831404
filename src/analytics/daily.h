/*
 * daily.h - the management rituals of PRODUCT.md as pure functions: the
 * daily coordination report (планёрка) and the weekly / monthly review.
 * Both are compositions of the plan-fact engine (planfact.h) and the CRM
 * hygiene audit (hygiene.h) over one dataset; nothing here reads a store.
 *
 * Rows come in one order: the department, then each team (by team index),
 * then each sales user (the users vo_pf_compute lists in any of the periods
 * involved, by name). Cells are vo_pf_cell in the units of planfact.h
 * (NaN = none). The metrics are the seven of VO_DAILY_METRICS, in order.
 * Rules and examples: docs/reports.md, "Daily, weekly, monthly".
 */
#ifndef VO_ANALYTICS_DAILY_H
#define VO_ANALYTICS_DAILY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analytics/calendar.h"
#include "analytics/dataset.h"
#include "analytics/leaderboard.h"
#include "analytics/hygiene.h"
#include "analytics/investigate.h"
#include "analytics/planfact.h"
#include "base/arena.h"
#include "base/err.h"

/* leads, calls, call_minutes, meetings, deals_won, revenue, payments */
#define VO_DAILY_NM 7
extern const enum vo_metric vo_daily_metrics[VO_DAILY_NM];
/* The position of revenue in vo_daily_metrics (the pace of "behind"). */
#define VO_DAILY_REVENUE 5

/* What every row carries besides its period cells. */
struct vo_daily_who {
    const char *scope; /* "org", "team" or "user" */
    const char *name;
    const char *email;                 /* users only */
    const char *team;                  /* a user's team name, NULL when none or not a user */
    int32_t index;                     /* team or user index, -1 for the org */
    int64_t open_deals, overdue_tasks; /* hygiene as of as_of */
    int32_t score_x10;                 /* hygiene_score in tenths of a percent, -1 = none */
};

struct vo_daily_row {
    struct vo_daily_who who;
    struct vo_pf_cell review[VO_DAILY_NM]; /* the reviewed day(s): plan, fact, pct */
    double today_plan[VO_DAILY_NM];        /* the plan of the meeting day; NaN = none */
    struct vo_pf_cell mtd[VO_DAILY_NM];    /* the month of the meeting day as of as_of */
    double plan_to_date[VO_DAILY_NM];      /* the month's plan of the elapsed days */
};

/* A user behind the revenue pace: fact below the plan to date. */
struct vo_daily_behind {
    size_t row;       /* index into rows */
    double shortfall; /* plan_to_date - fact, minor units, > 0 */
};

/* An attestation assigned to a person, due before the day and not passed. */
struct vo_daily_att {
    int64_t user_id, attestation_id;
    const char *user, *title, *due; /* due: YYYY-MM-DD */
};

struct vo_daily {
    struct vo_date date;       /* the meeting day D */
    struct vo_date review_day; /* the last working day before D */
    struct vo_period review;   /* review_day .. D - 1 (weekends and holidays before D) */
    int64_t as_of;             /* exclusive */
    bool today_working;        /* is D a working day */
    struct vo_period month;    /* the month of D */
    int elapsed_wd, total_wd;  /* of the month as of as_of */
    struct vo_daily_row *rows; /* org, teams, users */
    size_t nrows, nteams, nusers;
    struct vo_daily_behind *behind; /* by shortfall descending, then name */
    size_t nbehind;
    /* issue 11: the competitions running at as_of (set by the service,
     * none here) */
    const struct vo_lb_comp *comps;
    size_t ncomps;
    /* issue 12: the investigations of the month so far (set by the
     * service, NULL here; investigate.h) */
    const struct vo_inv *inv;
    /* issue 14, item 6: the attestations overdue on the day (set by the
     * service, none here) */
    const struct vo_daily_att *att;
    size_t natt;
};

/* The daily coordination report of meeting day `date` as of as_of
 * (exclusive; the CLI's default is the start of `date`) over ds, with the
 * hygiene thresholds hs. The reviewed days are the last working day before
 * `date` and any non-working days between it and `date` (their plan is 0,
 * their facts count). The month is the month of `date`; its plan to date is
 * the plan of its days up to the local date of as_of. Borrows ds and hs;
 * rows in arena a. VO_ENOMEM. */
vo_err vo_daily_compute(const struct vo_dataset *ds, struct vo_date date, int64_t as_of,
                        const struct vo_hygiene_settings *hs, struct vo_arena *a,
                        struct vo_daily *out, struct vo_error *e);

struct vo_review_row {
    struct vo_daily_who who;
    struct vo_pf_cell cur[VO_DAILY_NM], prev[VO_DAILY_NM];
    double change[VO_DAILY_NM];     /* cur.fact - prev.fact */
    double change_pct[VO_DAILY_NM]; /* change / prev.fact; NaN when prev.fact is 0 */
};

struct vo_review {
    bool monthly;
    struct vo_period cur, prev; /* the last full week / month before date, and the one before */
    int cur_wd, prev_wd;        /* their working days */
    int64_t as_of;
    struct vo_review_row *rows; /* org, teams, users */
    size_t nrows, nteams, nusers;
    struct vo_daily_behind *behind; /* revenue fact below plan in cur, by shortfall */
    size_t nbehind;
    /* issue 11: the period's revenue leaderboard (leaderboard.h), and the
     * competitions running at as_of (set by the service, none here) */
    struct vo_lb leaderboard;
    const struct vo_lb_comp *comps;
    size_t ncomps;
    /* issue 12: the investigations of the reviewed period (set by the
     * service, NULL here; investigate.h) */
    const struct vo_inv *inv;
};

/* The weekly (monthly false: the last full ISO week ending before `date`)
 * or monthly review (the last calendar month ending before `date`) against
 * the period before it, facts as of as_of, hygiene as of as_of. Borrows ds
 * and hs; rows in arena a. VO_ENOMEM. */
vo_err vo_review_compute(const struct vo_dataset *ds, bool monthly, struct vo_date date,
                         int64_t as_of, const struct vo_hygiene_settings *hs, struct vo_arena *a,
                         struct vo_review *out, struct vo_error *e);

#endif
