/*
 * org_reads.h - the reads of the org's people and configuration that the
 * API's screens and the CLI's listings show: users, teams, products,
 * pipelines with their stages, the holiday calendar, the plans of a month,
 * API tokens and the audit log. (The CRM's records are read through
 * crm.h, which narrows a manager to their own.)
 *
 * Each read asks rules.h once whether the actor may read the kind
 * (vo_svc_may_read: everyone of the org, but API tokens are the
 * administrator's and the audit log is the administrator's and the
 * head's), then reads the org's rows only. Results live in svc->arena. An
 * id that is not in the org is VO_ENOTFOUND.
 */
#ifndef VO_SERVICE_ORG_READS_H
#define VO_SERVICE_ORG_READS_H

#include <stddef.h>
#include <stdint.h>

#include "service/service.h"

/* ---- users and teams ---- */
/* The org's users (store order). */
vo_err vo_svc_user_list(struct vo_svc *svc, struct vo_user **out, size_t *n, struct vo_error *e);
/* User id of the org; VO_ENOTFOUND naming "id" ("no user N") otherwise. */
vo_err vo_svc_user_get(struct vo_svc *svc, int64_t id, struct vo_user *out, struct vo_error *e);
/* The name of team id of the org, or NULL (no such team, or it cannot be
 * read: a label, not a fact anything depends on). */
const char *vo_svc_team_name(struct vo_svc *svc, int64_t id);
/* The org's teams by name. */
vo_err vo_svc_team_list(struct vo_svc *svc, struct vo_team **out, size_t *n, struct vo_error *e);
/* The id of the org's team named name; VO_ENOTFOUND when none. */
vo_err vo_svc_team_find(struct vo_svc *svc, const char *name, int64_t *id, struct vo_error *e);

/* ---- products ---- */
vo_err vo_svc_product_list(struct vo_svc *svc, struct vo_product **out, size_t *n,
                           struct vo_error *e);
vo_err vo_svc_product_get(struct vo_svc *svc, int64_t id, struct vo_product *out,
                          struct vo_error *e);

/* ---- pipelines and stages ---- */
/* A pipeline with its stages in position order. */
struct vo_pipeline_info {
    struct vo_pipeline p;
    struct vo_stage *stages;
    size_t nstages;
};
/* The org's pipelines by id, each with its stages. */
vo_err vo_svc_pipeline_list(struct vo_svc *svc, struct vo_pipeline_info **out, size_t *n,
                            struct vo_error *e);
vo_err vo_svc_pipeline_get(struct vo_svc *svc, int64_t id, struct vo_pipeline_info *out,
                           struct vo_error *e);
vo_err vo_svc_stage_get(struct vo_svc *svc, int64_t id, struct vo_stage *out, struct vo_error *e);

/* ---- the calendar and the plans ---- */
/* The org's holidays and worked weekend days by date; year 0 = all. */
vo_err vo_svc_holiday_list(struct vo_svc *svc, int year, struct vo_holiday **out, size_t *n,
                           struct vo_error *e);
/* The plans of month y-m by scope and metric. */
vo_err vo_svc_plan_list(struct vo_svc *svc, int y, int m, struct vo_plan **out, size_t *n,
                        struct vo_error *e);

/* ---- API tokens and the audit log (restricted reads) ---- */
/* The org's API tokens (without their secrets). VO_EPERM unless the actor
 * is an administrator. */
vo_err vo_svc_token_list(struct vo_svc *svc, struct vo_api_token **out, size_t *n,
                         struct vo_error *e);
/* The org's audit rows matching f (store.h's struct vo_audit_filter), by
 * id in f's order. VO_EPERM unless the actor is an administrator or a
 * head. */
vo_err vo_svc_audit_list(struct vo_svc *svc, const struct vo_audit_filter *f,
                         struct vo_audit_entry **out, size_t *n, struct vo_error *e);

#endif
