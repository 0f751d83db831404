/*
 * nps_store.c - NPS answers (store.h, "NPS answers"; issue 12, NPS): the
 * answers of a time range for the report, of one client for its card, one
 * by id, insert and delete. The import's upsert is records.c's.
 */
#include "store/store_int.h"

#define NPS_COLS "SELECT id, org_id, client_id, score, at, comment FROM nps_responses"

/* The columns of NPS_COLS, in its order. */
VO_ST_ROW_FN(nps_row, vo_nps, VO_C_INT(id), VO_C_INT(org_id), VO_C_INT(client_id), VO_C_INT(score),
             VO_C_INT(at), VO_C_TEXT(comment))

static const char SQL_NPS_BETWEEN[] =
    NPS_COLS " WHERE org_id = ?1 AND at >= ?2 AND at < ?3 ORDER BY at, id";

vo_err vo_store_nps_between(struct vo_store *st, int64_t org, int64_t from, int64_t to,
                            struct vo_arena *a, struct vo_nps **out, size_t *n, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(from), VO_P_I64(to)};
    return vo_st_list(st, SQL_NPS_BETWEEN, p, VO_ST_N(p), a, sizeof **out, nps_row, out, n, "nps",
                      e);
}

static const char SQL_NPS_CLIENT[] =
    NPS_COLS " WHERE org_id = ?1 AND client_id = ?2 ORDER BY at DESC, id DESC";

vo_err vo_store_nps_of_client(struct vo_store *st, int64_t org, int64_t client, struct vo_arena *a,
                              struct vo_nps **out, size_t *n, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(client)};
    return vo_st_list(st, SQL_NPS_CLIENT, p, VO_ST_N(p), a, sizeof **out, nps_row, out, n, "nps",
                      e);
}

static const char SQL_NPS_GET[] = NPS_COLS " WHERE org_id = ?1 AND id = ?2";

VO_ST_GET_FN(vo_store_nps_get, struct vo_nps, SQL_NPS_GET, nps_row, "NPS answer")

static const char SQL_NPS_INSERT[] =
    "INSERT INTO nps_responses(org_id, client_id, at, score, comment) VALUES(?1, ?2, ?3, ?4, ?5)";

vo_err vo_store_nps_insert(struct vo_store *st, struct vo_nps *n, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(n->org_id), VO_P_I64(n->client_id), VO_P_I64(n->at),
                                    VO_P_I64(n->score), VO_P_TEXT(n->comment)};
    return vo_st_insert(st, SQL_NPS_INSERT, p, VO_ST_N(p), &n->id, "at", e);
}

static const char SQL_NPS_DELETE[] = "DELETE FROM nps_responses WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_nps_delete(struct vo_store *st, int64_t org, int64_t id, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(id)};
    return vo_st_change_one(st, SQL_NPS_DELETE, p, VO_ST_N(p), "nps", "id", "NPS answer", id, e);
}

/* ---- the org's signing key ---- */

static const char SQL_KEY_ADD[] =
    "INSERT INTO nps_keys(org_id, key) VALUES(?1, ?2) ON CONFLICT DO NOTHING";
static const char SQL_KEY_GET[] = "SELECT key FROM nps_keys WHERE org_id = ?1";

vo_err vo_store_nps_key(struct vo_store *st, int64_t org, const char *fresh, struct vo_arena *a,
                        const char **key, struct vo_error *e)
{
    const struct vo_st_param add[] = {VO_P_I64(org), VO_P_TEXT(fresh)};
    const struct vo_st_param get[] = {VO_P_I64(org)};
    vo_err rc = fresh ? vo_st_run(st, SQL_KEY_ADD, add, VO_ST_N(add), "nps key", e) : VO_OK;
    if (!rc)
        rc = vo_st_get(st, SQL_KEY_GET, get, VO_ST_N(get), a, vo_st_row_text, key, "nps key", e);
    return rc;
}

/* ---- survey links ---- */

#define SURVEY_COLS                                                                                \
    "SELECT id, org_id, client_id, created_by, created_at, expires_at, answered_at, response_id "  \
    "FROM nps_surveys"

VO_ST_ROW_FN(survey_row, vo_nps_survey, VO_C_INT(id), VO_C_INT(org_id), VO_C_INT(client_id),
             VO_C_OPT(created_by), VO_C_INT(created_at), VO_C_INT(expires_at),
             VO_C_OPT(answered_at), VO_C_OPT(response_id))

static const char SQL_SURVEY_GET[] = SURVEY_COLS " WHERE org_id = ?1 AND id = ?2";

VO_ST_GET_FN(vo_store_nps_survey_get, struct vo_nps_survey, SQL_SURVEY_GET, survey_row,
             "survey link")

static const char SQL_SURVEY_INSERT[] =
    "INSERT INTO nps_surveys(org_id, client_id, created_by, created_at, expires_at) "
    "VALUES(?1, ?2, ?3, ?4, ?5)";

vo_err vo_store_nps_survey_insert(struct vo_store *st, struct vo_nps_survey *s, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(s->org_id), VO_P_I64(s->client_id),
                                    VO_P_OPT(s->created_by), VO_P_I64(s->created_at),
                                    VO_P_I64(s->expires_at)};
    return vo_st_insert(st, SQL_SURVEY_INSERT, p, VO_ST_N(p), &s->id, "survey", e);
}

static const char SQL_SURVEY_ANSWER[] = "UPDATE nps_surveys SET answered_at = ?3, response_id = ?4 "
                                        "WHERE org_id = ?1 AND id = ?2 AND answered_at IS NULL";

vo_err vo_store_nps_survey_answer(struct vo_store *st, int64_t org, int64_t id, int64_t at,
                                  int64_t response, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(id), VO_P_I64(at), VO_P_I64(response)};
    return vo_st_run_one(st, SQL_SURVEY_ANSWER, p, VO_ST_N(p), "survey", e);
}

/* ---- the task of a detractor's answer ---- */

static const char SQL_TASK_CLAIM[] =
    "INSERT INTO nps_tasks(org_id, response_id) VALUES(?1, ?2) ON CONFLICT DO NOTHING";
static const char SQL_TASK_SET[] =
    "UPDATE nps_tasks SET task_id = ?3 WHERE org_id = ?1 AND response_id = ?2";
static const char SQL_TASK_GET[] =
    "SELECT coalesce(task_id, 0) FROM nps_tasks WHERE org_id = ?1 AND response_id = ?2";

vo_err vo_store_nps_task_claim(struct vo_store *st, int64_t org, int64_t response,
                               struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(response)};
    return vo_st_run_one(st, SQL_TASK_CLAIM, p, VO_ST_N(p), "nps task", e);
}

vo_err vo_store_nps_task_set(struct vo_store *st, int64_t org, int64_t response, int64_t task,
                             struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(response), VO_P_I64(task)};
    return vo_st_run_one(st, SQL_TASK_SET, p, VO_ST_N(p), "nps task", e);
}

vo_err vo_store_nps_task_get(struct vo_store *st, int64_t org, int64_t response, int64_t *task,
                             struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(response)};
    *task = 0;
    vo_err rc =
        vo_st_get(st, SQL_TASK_GET, p, VO_ST_N(p), NULL, vo_st_row_i64, task, "nps task", e);
    if (rc == VO_ENOTFOUND) {
        *task = -1; /* none claimed */
        return VO_OK;
    }
    return rc;
}
