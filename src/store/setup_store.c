/*
 * setup_store.c - the statements of the pipeline and stage management the
 * head of sales does (issue 10): rename and delete a pipeline, delete a
 * stage, and the counts that decide whether a delete is allowed (deals in
 * the pipeline or the stage, stage changes that point to the stage). The
 * rules are in service/pipeline_admin.c; every function here runs inside
 * the caller's transaction.
 */
#include "store/store.h"
#include "store/store_int.h"

static const char SQL_PIPELINE_RENAME[] =
    "UPDATE pipelines SET name = ?3 WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_pipeline_rename(struct vo_store *st, int64_t org, int64_t id, const char *name,
                                struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(id), VO_P_TEXT(name)};
    return vo_st_change_one(st, SQL_PIPELINE_RENAME, p, VO_ST_N(p), "pipeline", "id", "pipeline",
                            id, e);
}

/* Deals of the pipeline, and stage changes into any of its stages (an
 * import may have recorded one for a deal of another pipeline). */
static const char SQL_PIPELINE_REFS[] =
    "SELECT (SELECT count(*) FROM deals WHERE org_id = ?1 AND pipeline_id = ?2), "
    "(SELECT count(*) FROM stage_changes c JOIN stages s ON s.org_id = c.org_id AND "
    "s.id = c.stage_id WHERE c.org_id = ?1 AND s.pipeline_id = ?2)";

/* The two counts sql selects for org ?1 and id ?2 into *deals and *moves
 * (0 and 0 when it selects no row). */
static vo_err refs(struct vo_store *st, const char *sql, int64_t org, int64_t id, int64_t *deals,
                   int64_t *moves, const char *what, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(id)};
    int64_t v[2] = {0, 0};
    vo_err rc = vo_st_get(st, sql, p, VO_ST_N(p), NULL, vo_st_row_i64x2, v, what, e);
    *deals = v[0];
    *moves = v[1];
    return rc;
}

vo_err vo_store_pipeline_refs(struct vo_store *st, int64_t org, int64_t id, int64_t *deals,
                              int64_t *moves, struct vo_error *e)
{
    return refs(st, SQL_PIPELINE_REFS, org, id, deals, moves, "pipeline", e);
}

static const char SQL_PIPELINE_STAGES_DELETE[] =
    "DELETE FROM stages WHERE org_id = ?1 AND pipeline_id = ?2";
static const char SQL_PIPELINE_DELETE[] = "DELETE FROM pipelines WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_pipeline_delete(struct vo_store *st, int64_t org, int64_t id, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(id)};
    vo_err rc = vo_st_run(st, SQL_PIPELINE_STAGES_DELETE, p, VO_ST_N(p), "stage", e);
    if (rc)
        return rc;
    return vo_st_change_one(st, SQL_PIPELINE_DELETE, p, VO_ST_N(p), "pipeline", "id", "pipeline",
                            id, e);
}

static const char SQL_STAGE_REFS[] =
    "SELECT (SELECT count(*) FROM deals WHERE org_id = ?1 AND stage_id = ?2), "
    "(SELECT count(*) FROM stage_changes WHERE org_id = ?1 AND stage_id = ?2)";

vo_err vo_store_stage_refs(struct vo_store *st, int64_t org, int64_t id, int64_t *deals,
                           int64_t *moves, struct vo_error *e)
{
    return refs(st, SQL_STAGE_REFS, org, id, deals, moves, "stage", e);
}

static const char SQL_STAGE_DELETE[] = "DELETE FROM stages WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_stage_delete(struct vo_store *st, int64_t org, int64_t id, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(id)};
    return vo_st_change_one(st, SQL_STAGE_DELETE, p, VO_ST_N(p), "stage", "id", "stage", id, e);
}
