/*
 * plans.h - the plan use cases (METRICS.md "Plans and their
 * decomposition"): setting a target for the org, a team or a user, splitting
 * a department target to the managers (equal, explicit weights, or each
 * one's share of the last 3 months), and a user's history for the reverse
 * funnel. Writes check the actor's role (admin or head), run one
 * transaction and leave an audit row.
 */
#ifndef VO_SERVICE_PLANS_H
#define VO_SERVICE_PLANS_H

#include <stddef.h>
#include <stdint.h>

#include "analytics/dataset.h"
#include "analytics/plan.h"
#include "service/service.h"

/* Parses a target typed by a person into metric m's plan unit: money in
 * major units ("1 500 000", "12 345,67") into minor units with `digits`;
 * counts and call minutes as whole numbers; conversion as a fraction
 * ("0.25") or a percentage ("25%") into basis points. VO_EINVAL naming
 * "target" for text that does not parse or a negative value. */
vo_err vo_plan_target_parse(const struct vo_metric_def *m, const char *s, int digits, int64_t *out,
                            struct vo_error *e);

/* Sets the plan of (month y-m, scope, metric) to target (in the metric's
 * plan unit; see vo_plan_target_parse). scope is "org", "team:NAME" or
 * "user:EMAIL" (a bare email works too). VO_EPERM unless the actor is an
 * admin or a head; VO_ENOTFOUND for an unknown team or user; VO_EINVAL for
 * a bad month, metric or a negative target. One transaction with an audit
 * row "plan.set". */
vo_err vo_svc_plan_set(struct vo_svc *svc, int y, int m, const char *scope, enum vo_metric metric,
                       int64_t target, struct vo_error *e);

enum vo_split_method { VO_SPLIT_EQUAL, VO_SPLIT_WEIGHTS, VO_SPLIT_HISTORY };

/* One manager's share of a split. */
struct vo_split_part {
    int64_t user_id;
    const char *name, *email; /* borrowed from the dataset */
    int64_t weight;           /* as used: 1 (equal), the file's weight in thousandths, or
                                 the 3-month fact (history) */
    int64_t target;           /* the part, in the metric's plan unit */
};

/* Splits a department target of an ADDITIVE metric for month y-m among the
 * managers and writes each part as the user's plan, all in one transaction
 * with an audit row "plan.split". The managers are the active users with
 * role manager (equal, history) or the users listed in the weights file
 * (weights: a CSV "email,weight" per line, an optional header, weights >= 0
 * with up to 3 decimals). history weighs each manager by the fact of the same
 * metric over the 3 months before y-m (from ds). target is in the plan unit;
 * VO_NULL takes the org's own plan of the month from ds (VO_ENOTFOUND when
 * there is none). The parts add up exactly (largest remainder, plan.h).
 * *parts (in svc->arena) and *n tell what was written. VO_EPERM, VO_EINVAL
 * (a ratio metric, no manager, a bad weights line naming its line),
 * VO_EIO (the weights file), VO_ESTORE. */
vo_err vo_svc_plan_split(struct vo_svc *svc, const struct vo_dataset *ds, int y, int m,
                         enum vo_metric metric, enum vo_split_method method,
                         const char *weights_path, int64_t target, struct vo_split_part **parts,
                         size_t *n, struct vo_error *e);

/* The same as vo_svc_plan_split by weights, with the weights given in
 * memory: emails[i] (a user of ds) weighs weights[i] (>= 0, any unit: only
 * the proportions count), nw of them. VO_ENOTFOUND naming "weights" for an
 * unknown email; VO_EINVAL for a negative weight or an empty list. */
vo_err vo_svc_plan_split_weights(struct vo_svc *svc, const struct vo_dataset *ds, int y, int m,
                                 enum vo_metric metric, const char *const *emails,
                                 const int64_t *weights, size_t nw, int64_t target,
                                 struct vo_split_part **parts, size_t *n, struct vo_error *e);

/* User u's (dataset index) history over the 3 months before y-m, for the
 * reverse funnel: revenue and deals won, meetings and leads, counted by
 * METRICS.md in [start of y-m minus 3 months, start of y-m). */
vo_err vo_plan_user_history(const struct vo_dataset *ds, int32_t u, int y, int m,
                            struct vo_arena *a, struct vo_plan_history *out, struct vo_error *e);

#endif
