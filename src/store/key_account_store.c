/*
 * key_account_store.c - the key accounts' monthly plans (store.h, "key
 * accounts"; migration 19): the org's key accounts with one month's plan,
 * and a plan's upsert and delete inside the caller's transaction.
 */
#include "store/store.h"

#include "store/store_int.h"

static const char SQL_KA_PLANS[] =
    "SELECT c.id, p.target FROM clients c LEFT JOIN key_account_plans p "
    "ON p.org_id = c.org_id AND p.client_id = c.id AND p.month = ?2 "
    "WHERE c.org_id = ?1 AND c.key_account = 1 ORDER BY c.id";

VO_ST_ROW_FN(ka_plan_row, vo_ka_plan, VO_C_INT(client_id), VO_C_OPT(target))

vo_err vo_store_ka_plans(struct vo_store *st, int64_t org, const char *month, struct vo_arena *a,
                         struct vo_ka_plan **out, size_t *n, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_TEXT(month)};
    return vo_st_list(st, SQL_KA_PLANS, p, VO_ST_N(p), a, sizeof **out, ka_plan_row, out, n,
                      "key account plans", e);
}

static const char SQL_KA_SET[] =
    "INSERT INTO key_account_plans(org_id, client_id, month, target, updated_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(org_id, client_id, month) DO UPDATE SET "
    "target = excluded.target, updated_at = excluded.updated_at";

vo_err vo_store_ka_plan_set(struct vo_store *st, int64_t org, int64_t client, const char *month,
                            int64_t target, int64_t now, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(client), VO_P_TEXT(month),
                                    VO_P_I64(target), VO_P_I64(now)};
    return vo_st_run(st, SQL_KA_SET, p, VO_ST_N(p), "key account plan", e);
}

static const char SQL_KA_DELETE[] =
    "DELETE FROM key_account_plans WHERE org_id = ?1 AND client_id = ?2 AND month = ?3";

vo_err vo_store_ka_plan_delete(struct vo_store *st, int64_t org, int64_t client, const char *month,
                               struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(client), VO_P_TEXT(month)};
    vo_err rc = vo_st_run_one(st, SQL_KA_DELETE, p, VO_ST_N(p), "key account plan", e);
    if (rc == VO_ENOTFOUND)
        rc = vo_error_set(e, VO_ENOTFOUND, "month", "no plan of client %lld for %s",
                          (long long)client, month);
    return rc;
}
