/*
 * nps.h - NPS (issue 12, item 2; docs/nps.md, docs/reports.md "NPS"): the
 * report over the org's answers, read from the store (they are not in the
 * dataset) and counted by analytics/nps.c.
 */
#ifndef VO_SERVICE_NPS_H
#define VO_SERVICE_NPS_H

#include "analytics/nps.h"
#include "analytics/report_query.h"
#include "service/service.h"

/* The NPS report of q (period, as_of, by; a manager: their own clients'
 * answers only) into *out, in q->arena. VO_EINVAL naming "by". */
vo_err vo_svc_report_nps(struct vo_svc *svc, const struct vo_report_query *q,
                         struct vo_nps_result *out, struct vo_error *e);

/* ---- answers (docs/nps.md): imported (import_records.c, the same
 * vo_nps_validate), entered on the client card, or given through a
 * survey link; all written here. ---- */

/* Records an answer of client (score 0..10, at: ISO local time, NULL =
 * now, not in the future; comment NULL or up to 5000 characters) for the
 * actor: an admin, the head, or the client's owner (a manager: only their
 * own clients, VO_ENOTFOUND otherwise; a viewer: VO_EPERM). One
 * transaction with the audit row "nps.create". A detractor's answer (0-6)
 * gets its owner's task (vo_svc_nps_task). *id the answer's id, *task the
 * task's (0 when none: not a detractor, or the client has no owner). */
vo_err vo_svc_nps_add(struct vo_svc *svc, int64_t client, int score, const char *at,
                      const char *comment, int64_t *id, int64_t *task, struct vo_error *e);

/* A client's answers, newest first (whoever sees the client). *tasks[i]
 * the task of answer i (-1 none asked for, 0 gone). In svc->arena. */
vo_err vo_svc_nps_of_client(struct vo_svc *svc, int64_t client, struct vo_nps **out,
                            int64_t **tasks, size_t *n, struct vo_error *e);

/* Deletes an answer (an admin or the head: VO_EPERM otherwise); audit
 * "nps.delete". */
vo_err vo_svc_nps_delete(struct vo_svc *svc, int64_t id, struct vo_error *e);

/* The task of detractor answer id for the client's owner (on request, for
 * an imported answer; the card and the link make it themselves): one per
 * answer (VO_ECONFLICT naming "id" when it has one), titled in Russian
 * with the client and the score, type call, due 18:00 local of the next
 * working day after now; made through the task use case
 * (vo_svc_task_create). An admin, the head or the client's owner.
 * VO_EINVAL naming "score" for a non-detractor, "owner" for a client
 * without an owner. */
vo_err vo_svc_nps_task(struct vo_svc *svc, int64_t id, int64_t *task, struct vo_error *e);

/* ---- survey links ---- */

/* Makes a survey link for client (an admin, the head or the client's
 * owner), valid for the org's nps_link_days from now: *token the signed
 * token (docs/nps.md), *expires its end. Audit "nps.link". */
vo_err vo_svc_nps_link(struct vo_svc *svc, int64_t client, const char **token, int64_t *expires,
                       struct vo_error *e);

/* What a survey page shows (nothing else of the org). */
struct vo_nps_public {
    const char *company; /* the org's name */
    int64_t expires_at;
};

/* Opens token at now for the public page (no sign-in): svc is initialised
 * for the token's org (vo_svc_cleanup it) as the system. VO_ENOTFOUND
 * naming "token" for a token that is malformed, forged, of another org or
 * of no link; VO_ECONFLICT naming "token" for a link answered already or
 * expired (messages say which). */
vo_err vo_svc_nps_public_open(struct vo_store *st, const char *token, int64_t now,
                              struct vo_arena *a, struct vo_svc *svc, struct vo_nps_public *out,
                              struct vo_error *e);

/* Answers through token at now (score 0..10, comment NULL or up to 5000
 * characters): the answer and the link marked answered in one
 * transaction (a second answer: VO_ECONFLICT), audit "nps.survey" by the
 * system; a detractor's answer gets its owner's task (told to on_change,
 * may be NULL, as a use case's changes are). */
vo_err vo_svc_nps_public_answer(struct vo_store *st, const char *token, int64_t now, int score,
                                const char *comment, vo_change_fn on_change, void *on_change_ctx,
                                struct vo_arena *a, struct vo_nps_public *out, struct vo_error *e);

#endif
