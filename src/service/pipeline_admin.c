/*
 * pipeline_admin.c - renaming and deleting pipelines, deleting stages
 * (pipeline_admin.h). Each use case: the role check (rules.c: admin and
 * head), one transaction that checks what refers to the object and writes
 * the change with its audit row, the commit, then VO_CHANGE_OTHER (the
 * org's live copy is rebuilt: its stage indexes change).
 */
#include "service/pipeline_admin.h"

#include "service/crm.h"

/* Audit row and commit (vo_crm_finish), then the event - or rollback. rc
 * is the result so far. */
static vo_err finish(struct vo_svc *svc, vo_err rc, const char *action, const char *object,
                     int64_t id, const char *detail, struct vo_error *e)
{
    if (rc) {
        vo_store_rollback(svc->st);
        return rc;
    }
    if ((rc = vo_crm_finish(svc, action, object, id, detail, e)))
        return rc;
    vo_svc_emit(svc, &(struct vo_change){.kind = VO_CHANGE_OTHER});
    return VO_OK;
}

vo_err vo_svc_pipeline_rename(struct vo_svc *svc, int64_t id, const char *name, struct vo_error *e)
{
    vo_err rc = vo_svc_may_write(svc, VO_OBJ_PIPELINE, e);
    if (rc || (rc = vo_text_required(VO_TEXT_NAME, name, "name", e)))
        return rc;
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    struct vo_pipeline p = {0};
    int64_t other = 0;
    if ((rc = vo_store_pipeline_get(svc->st, svc->org.id, id, svc->arena, &p, e)))
        goto out;
    rc = vo_store_pipeline_find(svc->st, svc->org.id, name, &other, e);
    if (rc == VO_OK && other != id)
        rc = vo_error_set(e, VO_ECONFLICT, "name", "the org already has a pipeline \"%s\"", name);
    else if (rc == VO_OK || rc == VO_ENOTFOUND)
        rc = vo_store_pipeline_rename(svc->st, svc->org.id, id, name, e);
out:
    return finish(svc, rc, "pipeline.rename", "pipeline", id,
                  rc ? NULL : vo_arena_printf(svc->arena, "%s -> %s", p.name, name), e);
}

vo_err vo_svc_pipeline_delete(struct vo_svc *svc, int64_t id, struct vo_error *e)
{
    vo_err rc = vo_svc_may_write(svc, VO_OBJ_PIPELINE, e);
    if (rc || (rc = vo_store_begin(svc->st, e)))
        return rc;
    struct vo_pipeline p = {0};
    int64_t deals = 0, moves = 0;
    if ((rc = vo_store_pipeline_get(svc->st, svc->org.id, id, svc->arena, &p, e)) ||
        (rc = vo_store_pipeline_refs(svc->st, svc->org.id, id, &deals, &moves, e)))
        goto out;
    if (deals)
        rc = vo_error_set(e, VO_ECONFLICT, "id",
                          "pipeline \"%s\" has %lld deals (closed ones included): only an empty "
                          "pipeline can be deleted",
                          p.name, (long long)deals);
    else if (moves)
        rc = vo_error_set(e, VO_ECONFLICT, "id",
                          "%lld stage changes point to the stages of pipeline \"%s\": it cannot "
                          "be deleted",
                          (long long)moves, p.name);
    else
        rc = vo_store_pipeline_delete(svc->st, svc->org.id, id, e);
out:
    return finish(svc, rc, "pipeline.delete", "pipeline", id, rc ? NULL : p.name, e);
}

vo_err vo_svc_stage_delete(struct vo_svc *svc, int64_t id, struct vo_error *e)
{
    vo_err rc = vo_svc_may_write(svc, VO_OBJ_STAGE, e);
    if (rc || (rc = vo_store_begin(svc->st, e)))
        return rc;
    struct vo_stage sg = {0};
    struct vo_stage *v = NULL;
    size_t n = 0;
    int64_t deals = 0, moves = 0;
    if ((rc = vo_store_stage_get(svc->st, svc->org.id, id, svc->arena, &sg, e)) ||
        (rc = vo_store_stage_refs(svc->st, svc->org.id, id, &deals, &moves, e)))
        goto out;
    if (deals) {
        rc = vo_error_set(e, VO_ECONFLICT, "id",
                          "stage \"%s\" holds %lld deals (closed ones included): move them to "
                          "another stage first",
                          sg.name, (long long)deals);
        goto out;
    }
    if (moves) {
        rc = vo_error_set(e, VO_ECONFLICT, "id",
                          "%lld stage changes in the deals' history point to stage \"%s\": it "
                          "cannot be deleted (rename it instead)",
                          (long long)moves, sg.name);
        goto out;
    }
    if (sg.position == 1) {
        /* every deal of the pipeline entered it through its first stage,
         * recorded or not (a deal created there has no stage change) */
        int64_t pdeals = 0, pmoves = 0;
        if ((rc =
                 vo_store_pipeline_refs(svc->st, svc->org.id, sg.pipeline_id, &pdeals, &pmoves, e)))
            goto out;
        if (pdeals) {
            rc = vo_error_set(e, VO_ECONFLICT, "id",
                              "stage \"%s\" is the first stage of a pipeline with %lld deals: "
                              "every deal entered it, so it cannot be deleted (rename it instead)",
                              sg.name, (long long)pdeals);
            goto out;
        }
    }
    if ((rc = vo_store_stage_delete(svc->st, svc->org.id, id, e)) ||
        (rc = vo_store_stage_list(svc->st, svc->org.id, sg.pipeline_id, svc->arena, &v, &n, e)))
        goto out;
    /* the later stages move up: positions stay 1..n */
    for (size_t i = 0; i < n && !rc; i++)
        if (v[i].position != (int)i + 1) {
            v[i].position = (int)i + 1;
            rc = vo_store_stage_update(svc->st, &v[i], e);
        }
out:
    return finish(svc, rc, "stage.delete", "stage", id, rc ? NULL : sg.name, e);
}
