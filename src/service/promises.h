/*
 * promises.h - promises (обещания; issue 11, docs/meetings.md): who, what,
 * by when, optionally a deal, a client, or a plan-fact metric with a
 * target, and the meeting where it was given. Open until kept or broken:
 * a promise tied to a metric is checked by the clock (vo_svc_promise_check:
 * once due, kept when the user's fact of the metric over [the local day it
 * was given, its due day] reached the target, else broken; the fact is the
 * plan-fact engine's, analytics/planfact.h); a promise tied to a deal
 * with a target stage is checked the same way from the dataset's stage
 * history (kept when, at the due instant, the deal was won, or open in
 * the target stage or a later one of its pipeline; broken when lost or in
 * an earlier stage); with both, kept when both were reached. Any other is
 * marked by the head (vo_svc_promise_resolve).
 *
 * Roles: an admin or the head records a promise of anyone and resolves
 * any; a manager records their own and reads their own (anyone else's is
 * VO_ENOTFOUND); a viewer reads all. Each write is one transaction with an
 * audit row (promise.create, .resolve, .check).
 *
 * Bounds: text 1..500 characters; a due instant inside the supported
 * dates; a metric one of the additive plan-fact metrics (leads, calls,
 * call_minutes, meetings, deals_won, revenue, payments, tasks_done,
 * tasks_done_on_time) with a target 1..10^15 in its plan unit (money in
 * minor units); a comment up to 5000 characters; the record 1..36 months.
 */
#ifndef VO_SERVICE_PROMISES_H
#define VO_SERVICE_PROMISES_H

#include "analytics/dataset.h"
#include "service/service.h"

#define VO_PROMISE_TEXT_CHARS    500
#define VO_PROMISE_TARGET_MAX    1000000000000000LL
#define VO_PROMISE_RECORD_MONTHS 36

struct vo_promise_input {
    int64_t user_id; /* 0: the actor */
    const char *text;
    int64_t due_at;
    int64_t deal_id, client_id, meeting_id; /* 0: none */
    const char *metric;                     /* NULL: none */
    int64_t target;                         /* with a metric; VO_NULL: none */
    int64_t target_stage_id;                /* with a deal: a stage of its pipeline; 0: none */
};

/* Records a promise; *id the new one. */
vo_err vo_svc_promise_create(struct vo_svc *svc, const struct vo_promise_input *in, int64_t *id,
                             struct vo_error *e);
/* The promises the actor reads under f (a manager: f->user forced to
 * theirs; status one of open, kept, broken or NULL), in svc->arena. */
vo_err vo_svc_promise_list(struct vo_svc *svc, struct vo_promise_filter f, struct vo_promise **out,
                           size_t *n, struct vo_error *e);
/* One promise the actor reads. */
vo_err vo_svc_promise_get(struct vo_svc *svc, int64_t id, struct vo_promise *out,
                          struct vo_error *e);
/* Marks a promise "kept" or "broken" (admin, head) with a comment (NULL:
 * none), against version (NULL: any). */
vo_err vo_svc_promise_resolve(struct vo_svc *svc, int64_t id, const char *status,
                              const char *comment, const int64_t *version, struct vo_error *e);
/* The automatic check at instant now over ds (the org's dataset): every
 * open promise with a metric or a deal's target stage due at or before
 * now becomes kept or broken
 * (one transaction, one audit row each, actor the system). *changed (may
 * be NULL) counts them. */
vo_err vo_svc_promise_check(struct vo_svc *svc, const struct vo_dataset *ds, int64_t now,
                            size_t *changed, struct vo_error *e);
/* The orgs with an open promise due at or before now that the check
 * settles (the reminder tick's list), ascending, in a. */
vo_err vo_svc_promise_orgs_due(struct vo_store *st, int64_t now, struct vo_arena *a, int64_t **orgs,
                               size_t *n, struct vo_error *e);

/* A user's promise record of one month: the promises due in it that were
 * kept and broken; pct = kept / (kept + broken), NaN when none. */
struct vo_promise_month {
    int y, m;
    int64_t kept, broken, open;
    double pct;
};
/* The record of user (0: the department) for the months from..to
 * (inclusive, 1..36 of them), in svc->arena. A manager reads their own. */
vo_err vo_svc_promise_record(struct vo_svc *svc, int64_t user, int from_y, int from_m, int to_y,
                             int to_m, struct vo_promise_month **out, size_t *n,
                             struct vo_error *e);

/* The promises due in [from, to) per user (the weekly report's block):
 * kept, broken, open and pct as in the record; users with a promise due
 * only, in the org's order of users; a manager's own row only. In
 * svc->arena. */
struct vo_promise_tally {
    int64_t user_id;
    const char *name;
    int64_t kept, broken, open;
    double pct;
};
vo_err vo_svc_promise_tally(struct vo_svc *svc, int64_t from, int64_t to,
                            struct vo_promise_tally **out, size_t *n, struct vo_error *e);

#endif
