/*
 * onboarding.h - onboarding (адаптация; issue 14, item 2;
 * docs/onboarding.md): a checklist template per role (manager, head) of
 * ordered items (title, kind, due day from the start, an optional
 * document of the library), made with a Russian default on first use;
 * a plan per newcomer copied from their role's template with due dates,
 * its mentor, its items marked done (who and when), its progress, closed
 * when every item is done or by the head; and the ramp-up: the newcomer's
 * revenue, deals won, calls and meetings by month of tenure against the
 * department's average at the same tenure. The use cases behind
 * /api/v1/onboarding; the hire (hiring.c) starts a plan with
 * vo_svc_onb_start in its transaction.
 *
 * Who: the admin and the head read and write every plan and the
 * templates; a manager reads their own plan and those they mentor (any
 * other is VO_ENOTFOUND; the list unfiltered to themselves VO_EPERM) and
 * marks their items; a viewer reads. Each write is one transaction with
 * an audit row (onboarding.start, .update, .item, onboarding_template.update).
 */
#ifndef VO_SERVICE_ONBOARDING_H
#define VO_SERVICE_ONBOARDING_H

#include "analytics/dataset.h"
#include "service/service.h"
#include "store/onboarding_store.h"

#define VO_ONB_ITEMS_MAX    50
#define VO_ONB_DUE_DAY_MAX  365
#define VO_ONB_RAMP_MONTHS  12 /* the ramp-up's months at most */
#define VO_ONB_MONTH_DAYS   30 /* a tenure month: 30 days from the start date */
#define VO_ONB_NKINDS       6
#define VO_ONB_RAMP_METRICS 4
extern const char *const vo_onb_kinds[VO_ONB_NKINDS];
/* revenue, deals_won, calls, meetings (METRICS.md) */
extern const char *const vo_onb_ramp_metrics[VO_ONB_RAMP_METRICS];

/* The template of role ("manager" or "head"), the default made on first
 * use; out in the arena. */
vo_err vo_svc_onb_template(struct vo_svc *svc, const char *role, struct vo_onb_template_item **out,
                           size_t *n, struct vo_error *e);
/* Replaces the template of role with v[0..n) (1..VO_ONB_ITEMS_MAX items:
 * title, kind, due_day 0..365, document_id 0 or a document of the org);
 * bad input names items[i].<field>. The plans started already keep theirs. */
vo_err vo_svc_onb_template_put(struct vo_svc *svc, const char *role,
                               const struct vo_onb_template_item *v, size_t n, struct vo_error *e);

/* A plan with its items and progress. */
struct vo_onb_plan_full {
    struct vo_onb_plan p;
    struct vo_onb_item *items;
    size_t n;
    int64_t done, overdue; /* overdue: not done and due before today (the org's date) */
};

/* The plans of f with their progress; a manager names themselves as
 * user_id or mentor_id (else VO_EPERM naming "user_id"). */
vo_err vo_svc_onb_list(struct vo_svc *svc, const struct vo_onb_filter *f,
                       struct vo_onb_plan_full **out, size_t *n, struct vo_error *e);
vo_err vo_svc_onb_get(struct vo_svc *svc, int64_t id, struct vo_onb_plan_full *out,
                      struct vo_error *e);

/* A plan started: user_id a manager or head of the org without a plan,
 * start_date YYYY-MM-DD (NULL: today in the org's zone), mentor_id 0 or an
 * active user other than the newcomer. Notifies the newcomer and the
 * mentor. */
struct vo_onb_start {
    int64_t user_id, mentor_id;
    const char *start_date;
};
vo_err vo_svc_onb_start(struct vo_svc *svc, const struct vo_onb_start *in, int64_t *id,
                        struct vo_error *e);

/* Changes a plan: its mentor (set_mentor; 0 none) and its status
 * ("open" or "closed"; NULL: unchanged). The admin's and the head's. */
struct vo_onb_update {
    bool set_mentor;
    int64_t mentor_id;
    const char *status;
};
vo_err vo_svc_onb_update(struct vo_svc *svc, int64_t id, const struct vo_onb_update *in,
                         struct vo_error *e);

/* Marks item position of plan id done or not done (by the newcomer, their
 * mentor, the head or an admin); the last item done closes the plan. A
 * closed plan is VO_ECONFLICT naming "status". */
vo_err vo_svc_onb_mark(struct vo_svc *svc, int64_t id, int64_t position, bool done,
                       struct vo_error *e);

/* The ramp-up of plan id as of now (docs/onboarding.md "Ramp-up"). */
struct vo_onb_ramp_month {
    int k;                 /* 1.. */
    char from[11], to[11]; /* the month's dates, to exclusive */
    bool complete;         /* the month has ended */
    int64_t fact[VO_ONB_RAMP_METRICS];
    double avg[VO_ONB_RAMP_METRICS]; /* NaN: no peer */
    int peers;                       /* the managers averaged */
};
struct vo_onb_rampup {
    int64_t plan_id, user_id;
    const char *start_date;
    struct vo_onb_ramp_month *months;
    size_t n;
};
vo_err vo_svc_onb_rampup(struct vo_svc *svc, const struct vo_dataset *ds, int64_t id, int64_t now,
                         struct vo_onb_rampup *out, struct vo_error *e);

#endif
