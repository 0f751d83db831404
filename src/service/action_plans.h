/*
 * action_plans.h - weekly action plans (issue 11; docs/action-plans.md):
 * the head's plan for the department and each manager's own, for an ISO
 * week (Monday to Sunday, local dates), of actions: what, who (default:
 * the plan's owner), which day (a date of the week, or "this week"),
 * optionally a plan-fact metric with a target or a deal, done (when, by
 * whom). The use case behind /api/v1/action-plans.
 *
 * Who (vo_svc_check_owner on the plan's owner, once per plan): a manager
 * reads and edits their own plan (another's is 404), the head and an admin
 * any, a viewer reads any and edits none (403). The assignee of an action
 * may check it off (done) even on a plan that is not theirs. A plan
 * belongs to a user whose role is head or manager (VO_EINVAL naming
 * "user_id"). Each write is one transaction with an audit row
 * (action.create, .update, .delete, action_plan.carry).
 *
 * Bounds (VO_EINVAL naming the field): what 1..500 characters; day a date
 * of the week; metric one of METRICS.md's keys, with target (a whole
 * number 0..10^15 in the metric's plan unit, as plans take it) and only
 * with it; deal_id a deal the actor sees; assignee_id an active user of
 * the org. At most VO_ACTION_PLAN_MAX actions a plan (VO_ECONFLICT naming
 * "week").
 */
#ifndef VO_SERVICE_ACTION_PLANS_H
#define VO_SERVICE_ACTION_PLANS_H

#include "analytics/action_summary.h"
#include "base/timeutil.h"
#include "service/service.h"

#define VO_ACTION_WHAT_MAX   500
#define VO_ACTION_PLAN_MAX   100
#define VO_ACTION_TARGET_MAX INT64_C(1000000000000000)

/* A week given as YYYY-Www (ISO 8601) or as any date of it (YYYY-MM-DD)
 * into its Monday (VO_EINVAL naming field). */
vo_err vo_svc_week_parse(const char *text, const char *field, struct vo_date *monday,
                         struct vo_error *e);
/* The ISO name of the week starting on monday: "2026-W47". */
void vo_svc_week_name(struct vo_date monday, char *out, size_t outsz);

struct vo_action_plan {
    struct vo_date monday;
    int64_t owner_id;
    struct vo_action_item *items; /* by day ("this week" last), id */
    size_t n, done;
};

/* The plan of owner (0: the actor's own) for week (NULL: the week of
 * today). Creates nothing: a week without actions is an empty plan. */
vo_err vo_svc_action_plan_get(struct vo_svc *svc, const char *week, int64_t owner,
                              struct vo_action_plan *out, struct vo_error *e);

/* What an action is given; for an update only the members named by `set`
 * (VO_ACTION_SET_* bits) change. */
enum {
    VO_ACTION_SET_WHAT = 1 << 0,
    VO_ACTION_SET_ASSIGNEE = 1 << 1,
    VO_ACTION_SET_DAY = 1 << 2,
    VO_ACTION_SET_METRIC = 1 << 3, /* metric and target together */
    VO_ACTION_SET_DEAL = 1 << 4,
    VO_ACTION_SET_DONE = 1 << 5,
};
struct vo_action_input {
    unsigned set;
    const char *what;
    int64_t assignee_id; /* 0: the plan's owner */
    const char *day;     /* NULL or "": this week */
    const char *metric;  /* NULL or "": none */
    bool has_target;
    int64_t target;
    int64_t deal_id; /* 0: none */
    bool done;
};

/* Adds an action to the plan of owner (0: the actor) for week (required). */
vo_err vo_svc_action_create(struct vo_svc *svc, const char *week, int64_t owner,
                            const struct vo_action_input *in, int64_t *id, struct vo_error *e);
/* One action, as its plan's reader may see it. */
vo_err vo_svc_action_get(struct vo_svc *svc, int64_t id, struct vo_action_item *out,
                         struct vo_error *e);
/* Changes an action against version (NULL: any; stale: VO_ESTALE). */
vo_err vo_svc_action_update(struct vo_svc *svc, int64_t id, const struct vo_action_input *in,
                            const int64_t *version, struct vo_error *e);
vo_err vo_svc_action_delete(struct vo_svc *svc, int64_t id, const int64_t *version,
                            struct vo_error *e);
/* Carries the open actions of owner's (0: the actor's) plan of from_week,
 * not carried yet, into the next week (the same weekday; "this week"
 * stays so); *n how many. */
vo_err vo_svc_action_plan_carry(struct vo_svc *svc, const char *from_week, int64_t owner, size_t *n,
                                struct vo_error *e);

/* The plans of the week of monday as the weekly meeting sees them (the
 * weekly report's "action_plans"): per owner whose plan the actor reads
 * (a manager: their own), done of total and the open actions. */
vo_err vo_svc_action_plan_summary(struct vo_svc *svc, struct vo_date monday,
                                  struct vo_action_summary *out, struct vo_error *e);

#endif
