/*
 * org_reads.c - the reads of the org's people and configuration
 * (org_reads.h): one rule check (rules.h) and the org's rows from the
 * store, so that the API and the CLI read through the service as they
 * write through it.
 */
#include "service/org_reads.h"

#include "store/store.h"

vo_err vo_svc_user_list(struct vo_svc *svc, struct vo_user **out, size_t *n, struct vo_error *e)
{
    vo_err rc = vo_svc_may_read(svc, VO_OBJ_USER, e);
    return rc ? rc : vo_store_user_list(svc->st, svc->org.id, svc->arena, out, n, e);
}

vo_err vo_svc_user_get(struct vo_svc *svc, int64_t id, struct vo_user *out, struct vo_error *e)
{
    vo_err rc = vo_svc_may_read(svc, VO_OBJ_USER, e);
    if (rc)
        return rc;
    rc = vo_store_user_get(svc->st, svc->org.id, id, svc->arena, out, e);
    if (rc == VO_ENOTFOUND)
        vo_error_set(e, VO_ENOTFOUND, "id", "no user %lld", (long long)id);
    return rc;
}

const char *vo_svc_team_name(struct vo_svc *svc, int64_t id)
{
    const char *name = NULL;
    if (vo_svc_may_read(svc, VO_OBJ_TEAM, NULL) ||
        vo_store_team_name(svc->st, svc->org.id, id, svc->arena, &name, NULL))
        return NULL;
    return name;
}

vo_err vo_svc_team_list(struct vo_svc *svc, struct vo_team **out, size_t *n, struct vo_error *e)
{
    vo_err rc = vo_svc_may_read(svc, VO_OBJ_TEAM, e);
    return rc ? rc : vo_store_team_list(svc->st, svc->org.id, svc->arena, out, n, e);
}

vo_err vo_svc_team_find(struct vo_svc *svc, const char *name, int64_t *id, struct vo_error *e)
{
    vo_err rc = vo_svc_may_read(svc, VO_OBJ_TEAM, e);
    return rc ? rc : vo_store_team_find(svc->st, svc->org.id, name, id, e);
}

vo_err vo_svc_product_list(struct vo_svc *svc, struct vo_product **out, size_t *n,
                           struct vo_error *e)
{
    vo_err rc = vo_svc_may_read(svc, VO_OBJ_PRODUCT, e);
    return rc ? rc : vo_store_product_list(svc->st, svc->org.id, svc->arena, out, n, e);
}

vo_err vo_svc_product_get(struct vo_svc *svc, int64_t id, struct vo_product *out,
                          struct vo_error *e)
{
    vo_err rc = vo_svc_may_read(svc, VO_OBJ_PRODUCT, e);
    return rc ? rc : vo_store_product_get(svc->st, svc->org.id, id, svc->arena, out, e);
}

/* The stages of info->p (a pipeline of the org) into info. */
static vo_err with_stages(struct vo_svc *svc, struct vo_pipeline_info *info, struct vo_error *e)
{
    info->stages = NULL;
    info->nstages = 0;
    return vo_store_stage_list(svc->st, svc->org.id, info->p.id, svc->arena, &info->stages,
                               &info->nstages, e);
}

vo_err vo_svc_pipeline_list(struct vo_svc *svc, struct vo_pipeline_info **out, size_t *n,
                            struct vo_error *e)
{
    struct vo_pipeline *v = NULL;
    size_t k = 0;
    vo_err rc = vo_svc_may_read(svc, VO_OBJ_PIPELINE, e);
    if (rc || (rc = vo_store_pipeline_list(svc->st, svc->org.id, svc->arena, &v, &k, e)))
        return rc;
    struct vo_pipeline_info *info = VO_ARENA_ARRAY(svc->arena, struct vo_pipeline_info, k ? k : 1);
    if (!info)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < k; i++) {
        info[i].p = v[i];
        if ((rc = with_stages(svc, &info[i], e)))
            return rc;
    }
    *out = info;
    *n = k;
    return VO_OK;
}

vo_err vo_svc_pipeline_get(struct vo_svc *svc, int64_t id, struct vo_pipeline_info *out,
                           struct vo_error *e)
{
    vo_err rc = vo_svc_may_read(svc, VO_OBJ_PIPELINE, e);
    if (rc || (rc = vo_store_pipeline_get(svc->st, svc->org.id, id, svc->arena, &out->p, e)))
        return rc;
    return with_stages(svc, out, e);
}

vo_err vo_svc_stage_get(struct vo_svc *svc, int64_t id, struct vo_stage *out, struct vo_error *e)
{
    vo_err rc = vo_svc_may_read(svc, VO_OBJ_STAGE, e);
    return rc ? rc : vo_store_stage_get(svc->st, svc->org.id, id, svc->arena, out, e);
}

vo_err vo_svc_holiday_list(struct vo_svc *svc, int year, struct vo_holiday **out, size_t *n,
                           struct vo_error *e)
{
    vo_err rc = vo_svc_may_read(svc, VO_OBJ_HOLIDAY, e);
    return rc ? rc : vo_store_holiday_list(svc->st, svc->org.id, year, svc->arena, out, n, e);
}

vo_err vo_svc_plan_list(struct vo_svc *svc, int y, int m, struct vo_plan **out, size_t *n,
                        struct vo_error *e)
{
    vo_err rc = vo_svc_may_read(svc, VO_OBJ_PLAN, e);
    return rc ? rc : vo_store_plan_list(svc->st, svc->org.id, y, m, svc->arena, out, n, e);
}

vo_err vo_svc_token_list(struct vo_svc *svc, struct vo_api_token **out, size_t *n,
                         struct vo_error *e)
{
    vo_err rc = vo_svc_may_read(svc, VO_OBJ_TOKEN, e);
    return rc ? rc : vo_store_token_list(svc->st, svc->org.id, svc->arena, out, n, e);
}

vo_err vo_svc_audit_list(struct vo_svc *svc, const struct vo_audit_filter *f,
                         struct vo_audit_entry **out, size_t *n, struct vo_error *e)
{
    vo_err rc = vo_svc_may_read(svc, VO_OBJ_AUDIT, e);
    return rc ? rc : vo_store_audit_list(svc->st, svc->org.id, f, svc->arena, out, n, e);
}
