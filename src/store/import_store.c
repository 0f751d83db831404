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

/* Two integers of one row: a deal's references, a pair of counts. */
struct pair {
    int64_t a, b;
};

/* Reads column 0 (an integer) and column 1 (NULL -> 0) into a pair. */
static void pair_row(sqlite3_stmt *s, struct vo_arena *a, void *item)
{
    (void)a;
    struct pair *p = item;
    p->a = sqlite3_column_int64(s, 0);
    p->b = vo_st_col_id(s, 1);
}

vo_err vo_store_deal_refs(struct vo_store *st, int64_t org, int64_t deal, int64_t *pipeline,
                          int64_t *client, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(deal)};
    struct pair r;
    vo_err rc = vo_st_get(st, SQL_DEAL_REFS, p, VO_ST_N(p), NULL, pair_row, &r, "deal", e);
    if (rc == VO_ENOTFOUND)
        return vo_error_set(e, VO_ENOTFOUND, "deal", "no deal %lld", (long long)deal);
    if (!rc) {
        *pipeline = r.a;
        *client = r.b;
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
    struct pair r;
    vo_err rc =
        vo_st_get(st, SQL_DEAL_COUNT_MISSING, p, VO_ST_N(p), NULL, pair_row, &r, "deals", e);
    if (rc == VO_ENOTFOUND) /* an aggregate always gives a row */
        return vo_st_fail(st, "deals", e);
    if (!rc) {
        *no_client = r.a;
        *no_amount = r.b;
    }
    return rc;
}
