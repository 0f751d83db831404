/*
 * idp.h - development plans, ИПР (issue 14, item 7; docs/idp.md): a
 * manager's plan for a period (one active plan per manager at a time),
 * its goals with a due date, each on a metric (a plan-fact metric of
 * METRICS.md, or a funnel step's conversion between two stages of a
 * pipeline) with a target and a direction, or on a skill with levels 1..5
 * set by the head; each goal's actions (a checklist the manager ticks);
 * the head's dated check-ins on the plan, optionally about one goal (with
 * the status it sets) and held in a one-to-one meeting. The use cases
 * behind /api/v1/idp.
 *
 * A metric goal's current value comes from the engines the reports use,
 * over the org's dataset: the plan-fact (analytics/planfact.h) of the
 * plan's manager, or the cohort funnel (analytics/funnel.h) of the deals
 * the manager created in the window, reached(to) / reached(from). The
 * window: "month" (the calendar month of as_of's local date), "days" (the
 * last window_days local days up to as_of's date) or "plan" (the plan's
 * period); events count before as_of (default now).
 *
 * Units: a count's target and value are whole counts, money minor units,
 * call_minutes minutes; a ratio's (conversion, funnel_step) a percent
 * in the API, stored in basis points as a plan's (35% is 3500); the
 * value a percent rounded half up to one decimal.
 *
 * Who: admin and head write plans, goals, actions and check-ins
 * (VO_EPERM otherwise); a viewer reads everything; a manager reads their
 * own plans only (another's list is VO_EPERM naming "user_id", another's
 * plan by id VO_ENOTFOUND) and ticks the actions of their own plan (done
 * true / false; nothing else). Each write is one transaction with an
 * audit row (idp.create, idp.update, idp_goal.create, idp_goal.update,
 * idp_action.create, idp_action.update, idp_checkin.create); a plan
 * created tells its manager (notification kind idp).
 */
#ifndef VO_SERVICE_IDP_H
#define VO_SERVICE_IDP_H

#include "analytics/dataset.h"
#include "service/service.h"
#include "store/idp_store.h"

#define VO_IDP_TITLE_MAX   200
#define VO_IDP_TEXT_MAX    2000
#define VO_IDP_DAYS_MAX    366
#define VO_IDP_TARGET_MAX  INT64_C(1000000000000000) /* 10^15 in the metric's unit */
#define VO_IDP_GOALS_MAX   50
#define VO_IDP_ACTIONS_MAX 50

/* The metric key of a funnel step's goal. */
#define VO_IDP_FUNNEL_STEP "funnel_step"

enum {
    VO_IDP_SET_TITLE = 1 << 0,
    VO_IDP_SET_FROM = 1 << 1,
    VO_IDP_SET_TO = 1 << 2,
    VO_IDP_SET_STATUS = 1 << 3,
};
struct vo_idp_input {
    unsigned set;
    int64_t user_id; /* a create's only */
    const char *title, *period_from, *period_to, *status;
};

enum {
    VO_IDPG_SET_TITLE = 1 << 0,
    VO_IDPG_SET_DUE = 1 << 1,
    VO_IDPG_SET_METRIC = 1 << 2, /* metric, from_stage_id, to_stage_id */
    VO_IDPG_SET_TARGET = 1 << 3,
    VO_IDPG_SET_DIRECTION = 1 << 4,
    VO_IDPG_SET_WINDOW = 1 << 5, /* window, window_days */
    VO_IDPG_SET_LEVEL = 1 << 6,
    VO_IDPG_SET_TARGET_LEVEL = 1 << 7,
    VO_IDPG_SET_STATUS = 1 << 8,
};
/* A goal's members (VO_NULL: not given); target_value in the goal's
 * unit as the API has it (a ratio's a percent; NaN: none). */
struct vo_idp_goal_input {
    unsigned set;
    const char *kind; /* a create's only: metric (default) or skill */
    const char *title, *due_on, *metric, *direction, *window, *status;
    int64_t from_stage_id, to_stage_id, window_days, level, target_level;
    double target_value;
};

enum {
    VO_IDPA_SET_TEXT = 1 << 0,
    VO_IDPA_SET_DUE = 1 << 1,
    VO_IDPA_SET_DONE = 1 << 2,
};
struct vo_idp_action_input {
    unsigned set;
    const char *text, *due_on; /* due_on NULL or "": none */
    bool done;
};

struct vo_idp_checkin_input {
    const char *comment;
    const char *at;          /* NULL: now */
    int64_t goal_id;         /* 0: the plan as a whole */
    const char *goal_status; /* NULL: unchanged (needs goal_id) */
    int64_t meeting_id;      /* 0: none; else a one_to_one meeting of the manager */
};

/* A goal with its current state at as_of. */
struct vo_idp_goal_full {
    struct vo_idp_goal g;
    bool ratio;                        /* the value and target are percents */
    bool has_current;                  /* false: none (no event, a ratio's zero denominator) */
    double current;                    /* in the goal's unit (a ratio: percent, one decimal) */
    double progress;                   /* 0..1; NaN when unknown */
    bool met;                          /* current meets the target in its direction */
    struct vo_date from, to;           /* the window measured (metric goals) */
    const char *from_stage, *to_stage; /* a funnel step's stage names */
    struct vo_idp_action *actions;
    size_t nactions;
};
struct vo_idp_full {
    struct vo_idp_plan p;
    int64_t as_of;
    struct vo_idp_goal_full *goals;
    size_t ngoals;
    struct vo_idp_checkin *checkins; /* the newest first */
    size_t ncheckins;
};

/* The plans of user (0: everyone the actor reads; a manager: their own)
 * with status (NULL: any). */
vo_err vo_svc_idp_list(struct vo_svc *svc, int64_t user, const char *status,
                       struct vo_idp_plan **out, size_t *n, struct vo_error *e);
/* Plan id with its goals (current values over ds at as_of), actions and
 * check-ins. */
vo_err vo_svc_idp_get(struct vo_svc *svc, const struct vo_dataset *ds, int64_t id, int64_t as_of,
                      struct vo_idp_full *out, struct vo_error *e);
vo_err vo_svc_idp_create(struct vo_svc *svc, const struct vo_idp_input *in, int64_t *id,
                         struct vo_error *e);
vo_err vo_svc_idp_update(struct vo_svc *svc, int64_t id, const struct vo_idp_input *in,
                         struct vo_error *e);
/* Adds a goal to plan; *id the new goal's. */
vo_err vo_svc_idp_goal_create(struct vo_svc *svc, int64_t plan, const struct vo_idp_goal_input *in,
                              int64_t *id, struct vo_error *e);
/* Changes goal id; *plan gets its plan's id. */
vo_err vo_svc_idp_goal_update(struct vo_svc *svc, int64_t id, const struct vo_idp_goal_input *in,
                              int64_t *plan, struct vo_error *e);
vo_err vo_svc_idp_action_create(struct vo_svc *svc, int64_t goal,
                                const struct vo_idp_action_input *in, int64_t *id, int64_t *plan,
                                struct vo_error *e);
vo_err vo_svc_idp_action_update(struct vo_svc *svc, int64_t id,
                                const struct vo_idp_action_input *in, int64_t *plan,
                                struct vo_error *e);
vo_err vo_svc_idp_checkin_create(struct vo_svc *svc, int64_t plan,
                                 const struct vo_idp_checkin_input *in, int64_t *id,
                                 struct vo_error *e);

/* For the reminder tick (notify.c), inside its transaction: an idp
 * notification to the manager of every open goal of an active plan whose
 * due date (the org's local date) has passed at now, once per goal and
 * due date; *out the ones created (in a), appended to n of them. */
vo_err vo_svc_idp_notify_due(struct vo_store *st, int64_t now, struct vo_arena *a,
                             struct vo_notification **out, size_t *n, struct vo_error *e);

#endif
