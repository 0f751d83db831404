/*
 * investigate.h - automatic investigations (разборы, issue 12 item 6): for
 * the department and each manager, the plan-fact metrics and the cohort
 * funnel's step conversions that moved most in a period P, against the
 * subject's own baseline (the 3 full calendar months before the month of
 * P's first day) and, for a manager, against the team (the department
 * without that manager), each with the money it brings to or costs the
 * revenue plan. Pure: composed from the plan-fact engine (planfact.h) and
 * the funnel engine (funnel.h) over one dataset; nothing here reads a store.
 *
 * The rules (docs/reports.md, "Разборы"):
 * - the subjects: the department, and the users the plan-fact of P lists
 *   that are managers or have a lead, call, meeting or won deal in P (a
 *   head without deals of their own is not one); a user's team is the
 *   other subjects;
 * - counts (leads, calls, meetings, deals_won) and revenue are compared per
 *   working day: value = fact in P / the working days of P elapsed as of
 *   as_of; baseline = fact in B / the working days of B; the team's =
 *   the other subjects' fact in P / their number / P's elapsed days;
 * - rates (conversion, avg_check, a step's conversion) are compared as
 *   rates: the subject's in P against the baseline's (recomputed from the
 *   parts of B) or the other users' (recomputed from their summed parts);
 * - a step si -> si+1 is counted on the cohort funnel's figures
 *   (METRICS.md "Funnel (cohort)"): P's cohort (deals of the org's first
 *   pipeline created in P) and B's cohort, both followed to as_of; the
 *   team's cohort is P's without the manager's deals. Its conversion is
 *   taken over the deals DECIDED at si, those that reached si and are not
 *   open in it at as_of: reached(si+1) / (reached(si) - open_at(si))
 *   (won / (reached(sn) - open_at(sn)) for the last step), so a young
 *   cohort whose deals still sit at si is not read as a fall against an
 *   older one (conv_next of the funnel is this when nothing is open at si);
 * - money (minor units, rounded half away from zero; negative = costs the
 *   plan, positive = brings to it):
 *     count or revenue: (value - reference) * elapsed_wd(P) * the
 *       reference's revenue per unit (revenue / count; 1 for revenue);
 *     conversion: (value - reference) * leads in P * the reference's
 *       avg_check;
 *     avg_check: (value - reference) * deals won in P;
 *     step: (value - reference) * decided_P(si) * won_from_ref(si+1) *
 *       the reference's avg_deal_size, where won_from_ref(s) = reference
 *       won / reference reached(s) and 1 for the won step (the bottleneck's
 *       rule of METRICS.md with the reference in place of the team);
 * - significant only (the constants below): enough sample on both sides,
 *   a relative change |value - reference| / reference of at least
 *   VO_INV_MIN_CHANGE, a reference above 0, and money not 0;
 * - ranked per subject by |money| descending, then what (the order of
 *   enum vo_inv_what), step, against (baseline first); the top VO_INV_TOP
 *   per subject kept. Subjects: the department first, then the users by
 *   name.
 */
#ifndef VO_ANALYTICS_INVESTIGATE_H
#define VO_ANALYTICS_INVESTIGATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analytics/calendar.h"
#include "analytics/dataset.h"
#include "base/arena.h"
#include "base/err.h"

/* The thresholds (docs/reports.md "Разборы"). */
#define VO_INV_MIN_STEP   10   /* cohort deals decided at a step's first stage, both sides */
#define VO_INV_MIN_COUNT  10   /* the reference's count (B's, or the team's) */
#define VO_INV_MIN_LEADS  10   /* leads for a conversion, both sides */
#define VO_INV_MIN_WON    5    /* won deals for an avg_check, both sides */
#define VO_INV_MIN_WD     3    /* working days of P elapsed for a per-day count */
#define VO_INV_MIN_CHANGE 0.20 /* |value - reference| / reference */
#define VO_INV_TOP        3    /* findings kept per subject */

enum vo_inv_what {
    VO_INV_LEADS,
    VO_INV_CALLS,
    VO_INV_MEETINGS,
    VO_INV_DEALS_WON,
    VO_INV_REVENUE,
    VO_INV_CONVERSION,
    VO_INV_AVG_CHECK,
    VO_INV_STEP,
    VO_INV__COUNT
};

/* The metric key of what ("leads", ..., "avg_check"; "step" for a step). */
const char *vo_inv_what_key(enum vo_inv_what w);

enum vo_inv_against { VO_INV_BASELINE, VO_INV_TEAM };

struct vo_inv_finding {
    int32_t user; /* user index; -1 = the department */
    enum vo_inv_what what;
    int32_t step;     /* a step's first stage, 0-based position; -1 otherwise */
    int32_t from, to; /* a step's stage indexes in the dataset; to -1 = won */
    enum vo_inv_against against;
    double value;     /* in P: per working day (counts; revenue in minor units),
                       * a fraction (rates), minor units (avg_check) */
    double reference; /* the baseline's or the team's, same unit */
    double delta;     /* value - reference */
    double change;    /* delta / reference */
    int64_t sample;   /* P's sample: working days, leads, won deals, deals decided at the step */
    int64_t money;    /* minor units, signed */
};

struct vo_inv_query {
    struct vo_period period; /* P */
    int64_t as_of;           /* exclusive */
};

struct vo_inv {
    struct vo_period period, baseline; /* P and B */
    int elapsed_wd, baseline_wd;
    int32_t pipeline;         /* the funnel's, -1 = none (no steps) */
    struct vo_inv_finding *f; /* in the arena, subjects in order */
    size_t n;
};

/* The baseline of P: the 3 full calendar months before the month of
 * P's first day. */
struct vo_period vo_inv_baseline(const struct vo_calendar *cal, const struct vo_period *p);

/* The findings of q over ds into *out (arena a; ds borrowed). VO_ENOMEM,
 * VO_EINVAL for a sum beyond int64. */
vo_err vo_inv_compute(const struct vo_dataset *ds, const struct vo_inv_query *q, struct vo_arena *a,
                      struct vo_inv *out, struct vo_error *e);

/* Keeps the findings of the department and of user `user` only (a
 * manager's view; also --user). user < 0: unchanged. With only_user the
 * department's are dropped too. */
void vo_inv_keep(struct vo_inv *v, int32_t user, bool only_user);

#endif
