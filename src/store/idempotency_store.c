/*
 * idempotency_store.c - the Idempotency-Key records of POSTs (store.h,
 * docs/api-session.md "Idempotency"). The unique key (org_id, principal,
 * key) decides which of two concurrent first requests runs: the one whose
 * INSERT lands; the other reads the record in flight.
 */
#include "store/store_int.h"

/* the org's own (each org's at its next claim: one shard on Citus) */
static const char SQL_IDEM_PURGE[] = "DELETE FROM idempotency_keys WHERE org_id = ?3 AND "
                                     "(created_at < ?1 OR (status IS NULL AND created_at < ?2))";

static const char SQL_IDEM_INSERT[] =
    "INSERT INTO idempotency_keys(org_id, principal, key, request, body_hash, created_at) "
    "VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (org_id, principal, key) DO NOTHING RETURNING id";

static const char SQL_IDEM_FIND[] =
    "SELECT id, request, body_hash, status, response, created_at FROM idempotency_keys "
    "WHERE org_id = ?1 AND principal = ?2 AND key = ?3";

/* The columns of SQL_IDEM_FIND, in its order. */
VO_ST_ROW_FN(idem_row, vo_idem, VO_C_INT(id), VO_C_TEXT(request), VO_C_TEXT(body_hash),
             VO_C_INT(status), VO_C_TEXT(response), VO_C_INT(created_at))

vo_err vo_store_idem_claim(struct vo_store *st, int64_t org, const char *principal, const char *key,
                           const char *request, const char *body_hash, int64_t now,
                           int64_t purge_before, int64_t stale_before, struct vo_arena *a,
                           bool *claimed, struct vo_idem *out, struct vo_error *e)
{
    const struct vo_st_param purge[] = {VO_P_I64(purge_before), VO_P_I64(stale_before),
                                        VO_P_I64(org)};
    vo_err rc = vo_st_run(st, SQL_IDEM_PURGE, purge, VO_ST_N(purge), "idempotency key", e);
    if (rc)
        return rc;
    const struct vo_st_param p[] = {VO_P_I64(org),      VO_P_TEXT(principal), VO_P_TEXT(key),
                                    VO_P_TEXT(request), VO_P_TEXT(body_hash), VO_P_I64(now)};
    int64_t id = 0;
    int count = 0;
    rc = vo_st_first(st, SQL_IDEM_INSERT, p, VO_ST_N(p), NULL, vo_st_row_i64, &id, &count,
                     "idempotency key", e);
    if (rc)
        return rc;
    *claimed = count > 0;
    if (*claimed) {
        *out = (struct vo_idem){
            .id = id, .request = request, .body_hash = body_hash, .created_at = now};
        return VO_OK;
    }
    rc = vo_st_get(st, SQL_IDEM_FIND, p, 3, a, idem_row, out, "idempotency key", e);
    if (rc == VO_ENOTFOUND) /* forgotten in between: the caller may try again */
        return vo_error_set(e, VO_ECONFLICT, "Idempotency-Key",
                            "a request with this Idempotency-Key is still in progress");
    return rc;
}

static const char SQL_IDEM_FINISH[] =
    "UPDATE idempotency_keys SET status = ?2, response = ?3 WHERE org_id = ?4 AND id = ?1";

vo_err vo_store_idem_finish(struct vo_store *st, int64_t org, int64_t id, int status,
                            const char *response, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(id), VO_P_I64(status), VO_P_TEXT(response),
                                    VO_P_I64(org)};
    return vo_st_run(st, SQL_IDEM_FINISH, p, VO_ST_N(p), "idempotency key", e);
}

static const char SQL_IDEM_RELEASE[] = "DELETE FROM idempotency_keys WHERE org_id = ?2 AND id = ?1";

vo_err vo_store_idem_release(struct vo_store *st, int64_t org, int64_t id, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(id), VO_P_I64(org)};
    return vo_st_run(st, SQL_IDEM_RELEASE, p, VO_ST_N(p), "idempotency key", e);
}
