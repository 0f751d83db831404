/*
 * report.h - running a report for someone: the use case behind `voronka
 * report KIND` and GET /api/v1/reports/KIND. It resolves the options
 * (analytics/report_query.h) with the actor's restriction (a manager sees
 * their own figures and the department's; docs/reports.md, "Who sees
 * what"), reads the org's settings (hygiene thresholds) and, for the
 * hygiene list, the titles the dataset does not hold, and computes. The
 * caller renders (render/report_json.h for JSON).
 */
#ifndef VO_SERVICE_REPORT_H
#define VO_SERVICE_REPORT_H

#include "analytics/leaderboard.h"
#include "analytics/report_query.h"
#include "service/service.h"

/* Resolves a for svc's actor against ds into *q (results in svc->arena):
 * an admin, head or viewer reads everything, a manager only their own
 * figures (VO_EPERM when the manager is not in ds). Errors name the bad
 * option. */
vo_err vo_svc_report_query(struct vo_svc *svc, const struct vo_dataset *ds,
                           const struct vo_report_args *a, struct vo_report_query *q,
                           struct vo_error *e);

/* The kinds: compute q over q->ds into *out (in q->arena). */
vo_err vo_svc_report_pf(struct vo_svc *svc, const struct vo_report_query *q,
                        struct vo_pf_result *out, struct vo_error *e);
/* The funnel of q->pipeline (default: the org's first). An org with no
 * pipeline at all gets an empty funnel (pipeline VO_FUNNEL_NO_PIPELINE, no
 * stages, no groups), not an error. */
vo_err vo_svc_report_funnel(struct vo_svc *svc, const struct vo_report_query *q,
                            struct vo_funnel **out, struct vo_error *e);
/* The deals lost in the period by reason, user and stage (every pipeline
 * unless q->pipeline names one). */
vo_err vo_svc_report_losses(struct vo_svc *svc, const struct vo_report_query *q,
                            struct vo_losses *out, struct vo_error *e);
/* The leaderboard of q->metric (q->pct: by its plan pct) over q's period,
 * the department or q->team (docs/reports.md, "Leaderboard"). Every role
 * sees the whole board: it is made to be shown to the floor. */
vo_err vo_svc_report_leaderboard(struct vo_svc *svc, const struct vo_report_query *q,
                                 struct vo_lb *out, struct vo_error *e);
/* With q->list, also the labels of the listed deals and tasks (read from
 * the store: call it outside a write transaction). */
vo_err vo_svc_report_hygiene(struct vo_svc *svc, const struct vo_report_query *q,
                             struct vo_report_hygiene *out, struct vo_error *e);
vo_err vo_svc_report_daily(struct vo_svc *svc, const struct vo_report_query *q,
                           struct vo_daily *out, struct vo_error *e);
vo_err vo_svc_report_review(struct vo_svc *svc, const struct vo_report_query *q, bool monthly,
                            struct vo_review *out, struct vo_error *e);

#endif
