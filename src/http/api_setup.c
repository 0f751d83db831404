/*
 * api_setup.c - the org's set-up by its head of sales (issue 10, "a new org
 * that works at once"): loading a year's Russian production calendar
 * (POST /api/v1/holidays/load, the API of `voronka calendar load`),
 * renaming and deleting pipelines, deleting stages. The rules live in
 * service/org_starter.c and service/pipeline_admin.c.
 */
#include "http/api.h"
#include "http/http_int.h"

#include "service/org_starter.h"
#include "service/org_reads.h"
#include "service/pipeline_admin.h"

vo_err api_calendar_load(struct vo_req *r)
{
    static const char *const fields[] = {"year", NULL};
    int64_t year = 0;
    if (vo_req_body_fields(r, fields) || vo_req_int(r, "year", true, &year, NULL))
        return VO_EINVAL;
    if (year < VO_CALENDAR_YEAR_MIN || year > VO_CALENDAR_YEAR_MAX)
        return vo_error_set(&r->err, VO_EINVAL, "year", "year must be %d..%d", VO_CALENDAR_YEAR_MIN,
                            VO_CALENDAR_YEAR_MAX);
    struct vo_calendar_loaded l;
    vo_err rc = vo_svc_calendar_load(&r->svc, (int)year, &l, &r->err);
    if (rc)
        return rc;
    vo_req_json(r, 200,
                json_pack("{s:i, s:b, s:I, s:I, s:I}", "year", l.year, "official", l.official,
                          "holidays", (json_int_t)l.holidays, "workdays", (json_int_t)l.workdays,
                          "replaced", (json_int_t)l.replaced));
    return VO_OK;
}

vo_err api_pipelines_update(struct vo_req *r)
{
    int64_t id = 0;
    const char *name = NULL;
    vo_err rc = vo_req_id_rename(r, vo_svc_pipeline_rename, &id, &name);
    return rc ? rc : vo_respond_pipeline(r, id, 200);
}

vo_err api_pipelines_delete(struct vo_req *r)
{
    return vo_req_id_act(r, vo_svc_pipeline_delete, "deleted");
}

vo_err api_stages_delete(struct vo_req *r)
{
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc)
        return rc;
    /* the pipeline, to answer with its stages renumbered */
    struct vo_stage sg;
    if ((rc = vo_svc_stage_get(&r->svc, id, &sg, &r->err)) ||
        (rc = vo_svc_stage_delete(&r->svc, id, &r->err)))
        return rc;
    return vo_respond_pipeline(r, sg.pipeline_id, 200);
}
