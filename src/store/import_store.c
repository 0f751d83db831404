/*
 * import_store.c - the look-ups the importer (service/import.c) needs
 * beyond the upserts of records.c: a deal's pipeline and client (to check
 * a stage change's stage, to give a payment its client), and the counts and
 * read-back its summary and tests use.
 */
#include "store/store_int.h"

#include <string.h>

static const char SQL_DEAL_REFS[] =
    "SELECT pipeline_id, client_id FROM deals WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_deal_refs(struct vo_store *st, int64_t org, int64_t deal, int64_t *pipeline,
                          int64_t *client, struct vo_error *e)
{
    sqlite3_stmt *s = vo_st_prep(st, SQL_DEAL_REFS, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, org);
    vo_st_i64(s, 2, deal);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *pipeline = sqlite3_column_int64(s, 0);
        *client = vo_st_col_id(s, 1);
        sqlite3_reset(s);
        return VO_OK;
    }
    sqlite3_reset(s);
    if (rc == SQLITE_DONE)
        return vo_error_set(e, VO_ENOTFOUND, "deal", "no deal %lld", (long long)deal);
    return vo_st_fail(st, "deal", e);
}

static const char SQL_DEAL_GET_EXT[] =
    "SELECT id, org_id, ext_id, title, client_id, product_id, pipeline_id, stage_id, owner_id, "
    "status, amount, created_at, closed_at, loss_reason, channel, source, custom "
    "FROM deals WHERE org_id = ?1 AND ext_id = ?2";

/* The columns vo_store_deal_get_ext reads, by their place in the SELECT. */
enum {
    C_DEAL_EXT_ID,
    C_DEAL_EXT_ORG_ID,
    C_DEAL_EXT_EXT_ID,
    C_DEAL_EXT_TITLE,
    C_DEAL_EXT_CLIENT_ID,
    C_DEAL_EXT_PRODUCT_ID,
    C_DEAL_EXT_PIPELINE_ID,
    C_DEAL_EXT_STAGE_ID,
    C_DEAL_EXT_OWNER_ID,
    C_DEAL_EXT_STATUS,
    C_DEAL_EXT_AMOUNT,
    C_DEAL_EXT_CREATED_AT,
    C_DEAL_EXT_CLOSED_AT,
    C_DEAL_EXT_LOSS_REASON,
    C_DEAL_EXT_CHANNEL,
    C_DEAL_EXT_SOURCE,
    C_DEAL_EXT_CUSTOM
};

vo_err vo_store_deal_get_ext(struct vo_store *st, int64_t org, const char *ext_id,
                             struct vo_arena *a, struct vo_deal *out, struct vo_error *e)
{
    sqlite3_stmt *s = vo_st_prep(st, SQL_DEAL_GET_EXT, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, org);
    vo_st_text(s, 2, ext_id);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(s);
        if (rc == SQLITE_DONE)
            return vo_error_set(e, VO_ENOTFOUND, "deal", "no deal with id \"%s\"", ext_id);
        return vo_st_fail(st, "deal", e);
    }
    memset(out, 0, sizeof *out);
    out->id = sqlite3_column_int64(s, C_DEAL_EXT_ID);
    out->org_id = sqlite3_column_int64(s, C_DEAL_EXT_ORG_ID);
    out->ext_id = vo_st_col_text(s, C_DEAL_EXT_EXT_ID, a);
    out->title = vo_st_col_text(s, C_DEAL_EXT_TITLE, a);
    out->client_id = vo_st_col_id(s, C_DEAL_EXT_CLIENT_ID);
    out->product_id = vo_st_col_id(s, C_DEAL_EXT_PRODUCT_ID);
    out->pipeline_id = sqlite3_column_int64(s, C_DEAL_EXT_PIPELINE_ID);
    out->stage_id = vo_st_col_id(s, C_DEAL_EXT_STAGE_ID);
    out->owner_id = sqlite3_column_int64(s, C_DEAL_EXT_OWNER_ID);
    const char *status = vo_st_col_text(s, C_DEAL_EXT_STATUS, a);
    vo_deal_status_parse(status, &out->status, "status", NULL);
    out->amount = vo_st_col_opt(s, C_DEAL_EXT_AMOUNT);
    out->created_at = sqlite3_column_int64(s, C_DEAL_EXT_CREATED_AT);
    out->closed_at = vo_st_col_opt(s, C_DEAL_EXT_CLOSED_AT);
    out->loss_reason = vo_st_col_text(s, C_DEAL_EXT_LOSS_REASON, a);
    out->channel = vo_st_col_text(s, C_DEAL_EXT_CHANNEL, a);
    out->source = vo_st_col_text(s, C_DEAL_EXT_SOURCE, a);
    out->custom = vo_st_col_text(s, C_DEAL_EXT_CUSTOM, a);
    sqlite3_reset(s);
    return VO_OK;
}

static const char SQL_DEAL_COUNT_STATUS[] =
    "SELECT count(*) FROM deals WHERE org_id = ?1 AND status = ?2";

vo_err vo_store_deal_count_status(struct vo_store *st, int64_t org, enum vo_deal_status status,
                                  int64_t *n, struct vo_error *e)
{
    sqlite3_stmt *s = vo_st_prep(st, SQL_DEAL_COUNT_STATUS, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, org);
    vo_st_text(s, 2, vo_deal_status_name(status));
    return vo_st_one_i64(st, s, n, "deals", e);
}

static const char SQL_DEAL_COUNT_MISSING[] =
    "SELECT count(*) FILTER (WHERE client_id IS NULL), count(*) FILTER (WHERE amount IS NULL) "
    "FROM deals WHERE org_id = ?1";

vo_err vo_store_deal_count_missing(struct vo_store *st, int64_t org, int64_t *no_client,
                                   int64_t *no_amount, struct vo_error *e)
{
    sqlite3_stmt *s = vo_st_prep(st, SQL_DEAL_COUNT_MISSING, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, org);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *no_client = sqlite3_column_int64(s, 0);
        *no_amount = sqlite3_column_int64(s, 1);
    }
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? VO_OK : vo_st_fail(st, "deals", e);
}
