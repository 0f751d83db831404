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
    int64_t v[2];
    vo_err rc =
        vo_st_get_id(st, SQL_DEAL_REFS, org, deal, NULL, vo_st_row_i64x2, v, "deal", "deal", e);
    if (!rc) {
        *pipeline = v[0];
        *client = v[1];
    }
    return rc;
}

static const char SQL_DEAL_COUNT_STATUS[] =
    "SELECT count(*) FROM deals WHERE org_id = ?1 AND status = ?2";

vo_err vo_store_deal_count_status(struct vo_store *st, int64_t org, enum vo_deal_status status,
                                  int64_t *n, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_TEXT(vo_deal_status_name(status))};
    return vo_st_get(st, SQL_DEAL_COUNT_STATUS, p, VO_ST_N(p), NULL, vo_st_row_i64, n, "deals", e);
}

static const char SQL_DEAL_COUNT_MISSING[] =
    "SELECT count(*) FILTER (WHERE client_id IS NULL), count(*) FILTER (WHERE amount IS NULL) "
    "FROM deals WHERE org_id = ?1";

vo_err vo_store_deal_count_missing(struct vo_store *st, int64_t org, int64_t *no_client,
                                   int64_t *no_amount, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org)};
    int64_t v[2];
    vo_err rc =
        vo_st_get(st, SQL_DEAL_COUNT_MISSING, p, VO_ST_N(p), NULL, vo_st_row_i64x2, v, "deals", e);
    if (rc == VO_ENOTFOUND) /* an aggregate always gives a row */
        return vo_st_fail(st, "deals", e);
    if (!rc) {
        *no_client = v[0];
        *no_amount = v[1];
    }
    return rc;
}
