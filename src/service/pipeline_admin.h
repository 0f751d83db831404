/*
 * pipeline_admin.h - the pipeline and stage changes beyond config.h's
 * create / add / update, for the head of sales and the administrator
 * (issue 10): rename and delete a pipeline, delete a stage. A delete is
 * refused (VO_ECONFLICT) while anything refers to what it removes: a deal
 * in the pipeline or the stage, or a recorded stage change into it (the
 * funnel's and the time-in-stage history).
 */
#ifndef VO_SERVICE_PIPELINE_ADMIN_H
#define VO_SERVICE_PIPELINE_ADMIN_H

#include <stdint.h>

#include "service/service.h"

/* Renames pipeline id: the name is required and unique in the org
 * (VO_ECONFLICT naming "name"); VO_ENOTFOUND naming "id". Audit
 * "pipeline.rename". */
vo_err vo_svc_pipeline_rename(struct vo_svc *svc, int64_t id, const char *name, struct vo_error *e);
/* Deletes pipeline id with its stages when no deal is in it and no stage
 * change points to its stages (else VO_ECONFLICT naming "id", saying how
 * many). Audit "pipeline.delete". */
vo_err vo_svc_pipeline_delete(struct vo_svc *svc, int64_t id, struct vo_error *e);
/* Deletes stage id when no deal is in it, no stage change points to it
 * and, for the first stage, the pipeline has no deals (a deal created
 * enters the first stage without a recorded change); else VO_ECONFLICT
 * naming "id". The later stages move up, so the positions stay 1..n.
 * Audit "stage.delete". */
vo_err vo_svc_stage_delete(struct vo_svc *svc, int64_t id, struct vo_error *e);

#endif
