/*
 * spend.c - marketing spend per channel and month (spend.h): the checks,
 * the reads and the writes, each write one transaction with an audit row.
 * Spend is not in the dataset (the channels report reads it from the
 * store), so no dataset event is told.
 */
#include "service/spend.h"

#include <stdio.h>

#include "base/timeutil.h"
#include "service/crm.h"
#include "service/rules.h"
#include "store/store.h"

vo_err vo_svc_spend_check(const struct vo_spend *s, struct vo_error *e)
{
    if (s->amount == VO_NULL)
        return vo_error_set(e, VO_EINVAL, "amount", "%s is required", "amount");
    vo_err rc = vo_spend_validate(s, e);
    if (rc)
        return rc;
    if (s->year < VO_SPEND_YEAR_MIN || s->year > VO_SPEND_YEAR_MAX)
        return vo_error_set(e, VO_EINVAL, "month", "spend is entered for 2000-01..2100-12");
    return VO_OK;
}

static vo_err may_read(struct vo_svc *svc, struct vo_error *e)
{
    return svc->actor_role == VO_ROLE_MANAGER
               ? vo_error_set(e, VO_EPERM, NULL,
                              "marketing spend is for the head, an admin or a viewer")
               : VO_OK;
}

vo_err vo_svc_spend_list(struct vo_svc *svc, const char *from, const char *to,
                         struct vo_spend **out, size_t *n, struct vo_error *e)
{
    int fy = 0, fm = 0, ty = 9999, tm = 12;
    vo_err rc = may_read(svc, e);
    if (rc || (from && (rc = vo_month_parse(from, &fy, &fm, "from", e))) ||
        (to && (rc = vo_month_parse(to, &ty, &tm, "to", e))))
        return rc;
    if (fy * 12 + fm > ty * 12 + tm)
        return vo_error_set(e, VO_EINVAL, "to", "to is before from");
    struct vo_spend *all = NULL;
    size_t nall = 0, k = 0;
    if ((rc = vo_store_spend_list(svc->st, svc->org.id, svc->arena, &all, &nall, e)))
        return rc;
    for (size_t i = 0; i < nall; i++) {
        int key = all[i].year * 12 + all[i].month;
        if (key >= fy * 12 + fm && key <= ty * 12 + tm)
            all[k++] = all[i];
    }
    *out = all;
    *n = k;
    return VO_OK;
}

/* The row of channel and month (parsed and checked). */
static vo_err row_of(struct vo_svc *svc, const char *channel, const char *month, int64_t amount,
                     struct vo_spend *s, struct vo_error *e)
{
    *s = (struct vo_spend){.org_id = svc->org.id, .channel = channel, .amount = amount};
    vo_err rc = vo_svc_may_write(svc, VO_OBJ_SPEND, e);
    if (!rc && !month)
        rc = vo_error_set(e, VO_EINVAL, "month", "%s is required", "month");
    if (!rc)
        rc = vo_month_parse(month, &s->year, &s->month, "month", e);
    if (!rc)
        rc = vo_svc_spend_check(s, e);
    return rc;
}

vo_err vo_svc_spend_put(struct vo_svc *svc, const char *channel, const char *month, int64_t amount,
                        bool *created, struct vo_error *e)
{
    struct vo_spend s;
    enum vo_upsert res = VO_UPSERT_UNCHANGED;
    vo_err rc = row_of(svc, channel, month, amount, &s, e);
    if (rc || (rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = vo_store_spend_upsert(svc->st, &s, &res, e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    char detail[300];
    snprintf(detail, sizeof detail, "%s %04d-%02d %lld", channel, s.year, s.month,
             (long long)amount);
    if ((rc = vo_crm_finish(svc, "spend.put", "marketing_spend", s.id, detail, e)))
        return rc;
    if (created)
        *created = res == VO_UPSERT_CREATED;
    return VO_OK;
}

vo_err vo_svc_spend_delete(struct vo_svc *svc, const char *channel, const char *month,
                           struct vo_error *e)
{
    struct vo_spend s;
    vo_err rc = row_of(svc, channel, month, 0, &s, e);
    if (rc || (rc = vo_store_begin(svc->st, e)))
        return rc;
    rc = vo_store_spend_delete(svc->st, svc->org.id, channel, s.year, s.month, e);
    if (rc == VO_ENOTFOUND)
        vo_error_set(e, VO_ENOTFOUND, "month", "no spend of \"%s\" in %04d-%02d", channel, s.year,
                     s.month);
    if (rc) {
        vo_store_rollback(svc->st);
        return rc;
    }
    char detail[300];
    snprintf(detail, sizeof detail, "%s %04d-%02d", channel, s.year, s.month);
    return vo_crm_finish(svc, "spend.delete", "marketing_spend", 0, detail, e);
}
