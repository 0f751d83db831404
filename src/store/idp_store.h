/*
 * idp_store.h - development plans, ИПР (idp_store.c; issue 14, item 7;
 * docs/idp.md): a manager's plans, their goals, the goals' actions and the
 * head's check-ins. Every statement names the org; writes run inside the
 * caller's transaction. Strings in the arena; dates are the org's local
 * YYYY-MM-DD.
 */
#ifndef VO_STORE_IDP_STORE_H
#define VO_STORE_IDP_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/store.h"

struct vo_idp_plan {
    int64_t id, org_id, user_id;
    const char *title;
    const char *period_from, *period_to; /* local dates */
    const char *status;                  /* active, closed */
    int64_t created_by;                  /* 0: the operator */
    int64_t created_at, closed_at;       /* closed_at VO_NULL while active */
    /* read only: the manager's name and the counts of goals and actions */
    const char *user_name;
    int64_t goals, goals_achieved, actions, actions_done;
};

struct vo_idp_goal {
    int64_t id, org_id, plan_id;
    const char *title;
    const char *kind;   /* metric, skill */
    const char *due_on; /* local date */
    /* a metric goal: a plan-fact metric key or "funnel_step" (then the two
     * stages), its target (VO_NULL: none), direction, window */
    const char *metric;
    int64_t from_stage_id, to_stage_id; /* VO_NULL: none */
    int64_t target;
    const char *direction;       /* at_least, at_most */
    const char *window;          /* month, days, plan */
    int64_t window_days;         /* VO_NULL unless window is days */
    int64_t level, target_level; /* a skill goal's, VO_NULL: not set */
    const char *status;          /* open, achieved, missed, dropped */
    int64_t created_at;
};

struct vo_idp_action {
    int64_t id, org_id, goal_id;
    const char *text;
    const char *due_on;       /* NULL: none */
    int64_t done_at, done_by; /* VO_NULL while not done */
    int64_t created_at;
    const char *done_by_name; /* read only; NULL */
};

struct vo_idp_checkin {
    int64_t id, org_id, plan_id;
    int64_t goal_id, meeting_id, author_id; /* VO_NULL: none */
    int64_t at;
    const char *comment;
    const char *goal_status; /* NULL: none set */
    int64_t created_at;
    const char *author_name; /* read only; NULL */
};

/* The plans of user (0: everyone's) with status (NULL: any), the newest
 * first, at most 1000. */
vo_err vo_store_idp_list(struct vo_store *st, int64_t org, int64_t user, const char *status,
                         struct vo_arena *a, struct vo_idp_plan **out, size_t *n,
                         struct vo_error *e);
/* One (VO_ENOTFOUND "no development plan <id>" naming "id"). */
vo_err vo_store_idp_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                        struct vo_idp_plan *out, struct vo_error *e);
/* Inserts x (x->id set); a second active plan of the user is VO_ECONFLICT. */
vo_err vo_store_idp_insert(struct vo_store *st, struct vo_idp_plan *x, struct vo_error *e);
/* Stores x's title, period, status and closed_at (VO_ECONFLICT as insert). */
vo_err vo_store_idp_update(struct vo_store *st, const struct vo_idp_plan *x, struct vo_error *e);

/* The goals of plan, by due date then id. */
vo_err vo_store_idp_goals(struct vo_store *st, int64_t org, int64_t plan, struct vo_arena *a,
                          struct vo_idp_goal **out, size_t *n, struct vo_error *e);
/* One (VO_ENOTFOUND "no goal <id>" naming "id"). */
vo_err vo_store_idp_goal_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                             struct vo_idp_goal *out, struct vo_error *e);
vo_err vo_store_idp_goal_insert(struct vo_store *st, struct vo_idp_goal *x, struct vo_error *e);
/* Stores every member of x but its plan, kind and created_at. */
vo_err vo_store_idp_goal_update(struct vo_store *st, const struct vo_idp_goal *x,
                                struct vo_error *e);

/* The actions of every goal of plan, by goal then id. */
vo_err vo_store_idp_actions(struct vo_store *st, int64_t org, int64_t plan, struct vo_arena *a,
                            struct vo_idp_action **out, size_t *n, struct vo_error *e);
/* One (VO_ENOTFOUND "no action <id>" naming "id"). */
vo_err vo_store_idp_action_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                               struct vo_idp_action *out, struct vo_error *e);
vo_err vo_store_idp_action_insert(struct vo_store *st, struct vo_idp_action *x, struct vo_error *e);
/* Stores x's text, due date, done_at and done_by. */
vo_err vo_store_idp_action_update(struct vo_store *st, const struct vo_idp_action *x,
                                  struct vo_error *e);

/* The check-ins of plan, the newest first (at, then id). */
vo_err vo_store_idp_checkins(struct vo_store *st, int64_t org, int64_t plan, struct vo_arena *a,
                             struct vo_idp_checkin **out, size_t *n, struct vo_error *e);
vo_err vo_store_idp_checkin_insert(struct vo_store *st, struct vo_idp_checkin *x,
                                   struct vo_error *e);

/* An org with an open goal of an active plan due before `before` (a
 * local date: the goals the reminder tick may have to tell), its zone. */
struct vo_idp_due_org {
    int64_t org_id;
    const char *tz;
};
vo_err vo_store_idp_due_orgs(struct vo_store *st, const char *before, struct vo_arena *a,
                             struct vo_idp_due_org **out, size_t *n, struct vo_error *e);
/* An idp notification to the plan's manager of every open goal of an
 * active plan of org whose due date is before today (the org's local
 * date), once per goal and due date; *out the ones created. */
vo_err vo_store_idp_notify_due(struct vo_store *st, int64_t org, const char *today, int64_t now,
                               struct vo_arena *a, struct vo_notification **out, size_t *n,
                               struct vo_error *e);

#endif
