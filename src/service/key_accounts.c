/*
 * key_accounts.c - the key accounts' report and plans (key_accounts.h):
 * the plans read through the store, the maths analytics/key_accounts.c,
 * the manager's restriction in one place (owner_of).
 */
#include "service/key_accounts.h"

#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "service/crm.h"
#include "store/store.h"

/* The restriction of the report: a manager's query (q->self) keeps the
 * key accounts they own; -1 keeps every one. */
static int32_t owner_of(const struct vo_report_query *q)
{
    return q->self;
}

static int cmp_ext(const void *pk, const void *pe)
{
    int64_t k = *(const int64_t *)pk, id = ((const struct vo_client_ext *)pe)->id;
    return (k > id) - (k < id);
}

vo_err vo_svc_report_key_accounts(struct vo_svc *svc, const struct vo_report_query *q,
                                  struct vo_ka *out, struct vo_error *e)
{
    if (strcmp(q->period_kind, "month") != 0)
        return vo_error_set(e, VO_EINVAL, "period",
                            "key accounts are planned by month: period=YYYY-MM");
    const struct vo_dataset *ds = q->ds;
    const char *month =
        vo_arena_printf(q->arena, "%04d-%02d", q->period.first.y, q->period.first.m);
    struct vo_ka_plan *p = NULL;
    struct vo_client_ext *x = NULL;
    size_t np = 0, nx = 0;
    vo_err rc = vo_store_ka_plans(svc->st, ds->org_id, month, q->arena, &p, &np, e);
    if (rc || (rc = vo_store_client_exts(svc->st, ds->org_id, q->arena, &x, &nx, e)))
        return rc;
    int32_t *clients = vo_arena_array(q->arena, np + 1, sizeof *clients);
    int64_t *plans = vo_arena_array(q->arena, np + 1, sizeof *plans);
    if (!clients || !plans)
        return vo_error_set(e, VO_ENOMEM, "key-accounts", "out of memory");
    for (size_t i = 0; i < np; i++) {
        clients[i] = vo_ds_client_find(ds, p[i].client_id);
        plans[i] = p[i].target;
    }
    struct vo_ka_query kq = {.as_of = q->as_of,
                             .month = q->period.first,
                             .owner = owner_of(q),
                             .clients = clients,
                             .plans = plans,
                             .n = np};
    if ((rc = vo_ka_compute(ds, &kq, q->arena, out, e)))
        return rc;
    out->ext = vo_arena_array(q->arena, out->n + 1, sizeof *out->ext);
    if (!out->ext)
        return vo_error_set(e, VO_ENOMEM, "key-accounts", "out of memory");
    for (size_t i = 0; i < out->n; i++) {
        const struct vo_client_ext *f =
            nx ? bsearch(&out->rows[i].client_id, x, nx, sizeof *x, cmp_ext) : NULL;
        out->ext[i] = f ? f->ext_id : NULL;
    }
    return VO_OK;
}

/* The checks of a plan's write: the actor plans, month is a month of
 * 2000-01..2100-12, the client a key account the actor sees. */
static vo_err check(struct vo_svc *svc, int64_t client, const char *month, struct vo_error *e)
{
    int y = 0, m = 0;
    struct vo_client c;
    vo_err rc = vo_svc_may_write(svc, VO_OBJ_PLAN, e);
    if (rc || (rc = vo_month_parse(month, &y, &m, "month", e)))
        return rc;
    if (y < 2000 || y > 2100)
        return vo_error_set(e, VO_EINVAL, "month", "month %s is outside 2000-01..2100-12", month);
    if ((rc = vo_svc_client_get(svc, client, &c, e)))
        return rc;
    if (!c.key_account)
        return vo_error_set(e, VO_EINVAL, "client_id", "client %lld is not a key account",
                            (long long)client);
    return VO_OK;
}

vo_err vo_svc_ka_client_find(struct vo_svc *svc, const char *ext_or_id, const char *field,
                             int64_t *id, struct vo_error *e)
{
    struct vo_client c;
    if (!ext_or_id || !*ext_or_id)
        return vo_error_set(e, VO_EINVAL, field, "a client is required: its external id or id");
    vo_err rc = vo_store_ext_find(svc->st, VO_EXT_CLIENT, svc->org.id, ext_or_id, id, e);
    if (rc != VO_ENOTFOUND)
        return rc;
    char *end = NULL;
    long long n = strtoll(ext_or_id, &end, 10);
    if (*end == '\0' && n > 0 && vo_svc_client_get(svc, n, &c, e) == VO_OK) {
        *id = n;
        return VO_OK;
    }
    return vo_error_set(e, VO_ENOTFOUND, field, "no client with external id or id %s", ext_or_id);
}

vo_err vo_svc_ka_plan_set(struct vo_svc *svc, int64_t client, const char *month, int64_t target,
                          struct vo_error *e)
{
    vo_err rc = check(svc, client, month, e);
    if (rc)
        return rc;
    if (target < 0 || target > VO_KA_TARGET_MAX)
        return vo_error_set(e, VO_EINVAL, "target", "target is from 0 to %lld minor units",
                            (long long)VO_KA_TARGET_MAX);
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = vo_store_ka_plan_set(svc->st, svc->org.id, client, month, target, vo_now(), e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    return vo_crm_finish(svc, "key_account_plan.set", "client", client,
                         vo_arena_printf(svc->arena, "%s: %lld", month, (long long)target), e);
}

vo_err vo_svc_ka_plan_delete(struct vo_svc *svc, int64_t client, const char *month,
                             struct vo_error *e)
{
    vo_err rc = check(svc, client, month, e);
    if (rc || (rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = vo_store_ka_plan_delete(svc->st, svc->org.id, client, month, e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    return vo_crm_finish(svc, "key_account_plan.delete", "client", client, month, e);
}
