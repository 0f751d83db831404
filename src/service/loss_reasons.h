/*
 * loss_reasons.h - the org's loss-reason dictionary (crm-edit, issue 10;
 * docs/api-crm.md, "Loss reasons"): admin and head manage it, everyone
 * reads it, and losing a deal resolves its reason through it.
 */
#ifndef VO_SERVICE_LOSS_REASONS_H
#define VO_SERVICE_LOSS_REASONS_H

#include "service/service.h"

/* The org's reasons by position (inactive ones included, marked). */
vo_err vo_svc_loss_reason_list(struct vo_svc *svc, struct vo_loss_reason **out, size_t *n,
                               struct vo_error *e);
vo_err vo_svc_loss_reason_get(struct vo_svc *svc, int64_t id, struct vo_loss_reason *out,
                              struct vo_error *e);
/* Admin and head only (VO_EPERM). name: required, a name's bound, unique
 * in the org whatever its case (VO_ECONFLICT naming "name"); position
 * 1..1000 (NULL: after the last); active (NULL: true). */
vo_err vo_svc_loss_reason_create(struct vo_svc *svc, const char *name, const int64_t *position,
                                 const bool *active, int64_t *id, struct vo_error *e);
/* Changes what is given (NULL: kept). */
vo_err vo_svc_loss_reason_update(struct vo_svc *svc, int64_t id, const char *name,
                                 const int64_t *position, const bool *active, struct vo_error *e);

/* The reason a loss records: reason_id (> 0: an active reason of the org,
 * else VO_EINVAL naming "reason_id"), else the reason text matched to an
 * active reason's name whatever its case, else the "other" reason with the
 * text as the comment (before the comment given, if any). Neither is
 * VO_EINVAL naming "reason". The other reason needs a comment
 * (VO_EINVAL naming "comment"). *name and *out_comment in svc->arena. */
vo_err vo_loss_resolve(struct vo_svc *svc, int64_t reason_id, const char *reason,
                       const char *comment, int64_t *out_id, const char **name,
                       const char **out_comment, struct vo_error *e);

#endif
