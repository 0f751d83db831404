/*
 * channels_store.c - the org's marketing spend rows for the channel
 * economics (service/channels.c), which the dataset does not hold.
 */
#include "store/store.h"

#include <stdio.h>

#include "base/timeutil.h"
#include "store/store_int.h"

static const char SQL_SPEND_LIST[] = "SELECT id, channel, month, amount FROM marketing_spend "
                                     "WHERE org_id = ?1 ORDER BY channel, month";

static void spend_row(vo_stmt *s, struct vo_arena *a, void *item)
{
    struct vo_spend *sp = item;
    sp->id = vo_col_i64(s, 0);
    sp->channel = vo_st_col_text(s, 1, a);
    const char *m = vo_col_text(s, 2);
    if (!m || !vo_month_scan(m, &sp->year, &sp->month))
        sp->year = sp->month = 0; /* not a month: counts nowhere */
    sp->amount = vo_col_i64(s, 3);
}

vo_err vo_store_spend_list(struct vo_store *st, int64_t org, struct vo_arena *a,
                           struct vo_spend **out, size_t *n, struct vo_error *e)
{
    vo_err rc = vo_st_list_by(st, SQL_SPEND_LIST, org, a, sizeof **out, spend_row, out, n,
                              "marketing spend", e);
    for (size_t i = 0; !rc && i < *n; i++)
        (*out)[i].org_id = org;
    return rc;
}

static const char SQL_SPEND_DELETE[] =
    "DELETE FROM marketing_spend WHERE org_id = ?1 AND channel = ?2 AND month = ?3";

vo_err vo_store_spend_delete(struct vo_store *st, int64_t org, const char *channel, int year,
                             int month, struct vo_error *e)
{
    char m[16];
    snprintf(m, sizeof m, "%04d-%02d", year, month);
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_TEXT(channel), VO_P_TEXT(m)};
    return vo_st_run_one(st, SQL_SPEND_DELETE, p, VO_ST_N(p), "marketing spend", e);
}

/* ---- lead plans per channel (migration 18) ---- */

static const char SQL_CPLAN_UPSERT[] =
    "INSERT INTO channel_plans(org_id, channel, month, leads, quality_permille) "
    "VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(org_id, channel, month) DO UPDATE SET "
    "leads = excluded.leads, quality_permille = excluded.quality_permille";
static const char SQL_CPLAN_LIST[] =
    "SELECT id, channel, month, leads, quality_permille FROM channel_plans "
    "WHERE org_id = ?1 ORDER BY channel, month";

vo_err vo_store_channel_plan_put(struct vo_store *st, const struct vo_channel_plan *p,
                                 struct vo_error *e)
{
    char m[16];
    snprintf(m, sizeof m, "%04d-%02d", p->year, p->month);
    const struct vo_st_param row[] = {
        VO_P_I64(p->org_id), VO_P_TEXT(p->channel), VO_P_TEXT(m), VO_P_I64(p->leads),
        VO_P_OPT(p->quality_permille < 0 ? VO_NULL : p->quality_permille)};
    return vo_st_run(st, SQL_CPLAN_UPSERT, row, VO_ST_N(row), "lead plan", e);
}

static void cplan_row(vo_stmt *s, struct vo_arena *a, void *item)
{
    struct vo_channel_plan *p = item;
    p->id = vo_col_i64(s, 0);
    p->channel = vo_st_col_text(s, 1, a);
    const char *m = vo_col_text(s, 2);
    if (!m || !vo_month_scan(m, &p->year, &p->month))
        p->year = p->month = 0;
    p->leads = vo_col_i64(s, 3);
    p->quality_permille = vo_col_null(s, 4) ? -1 : vo_col_int(s, 4);
}

vo_err vo_store_channel_plan_list(struct vo_store *st, int64_t org, struct vo_arena *a,
                                  struct vo_channel_plan **out, size_t *n, struct vo_error *e)
{
    vo_err rc =
        vo_st_list_by(st, SQL_CPLAN_LIST, org, a, sizeof **out, cplan_row, out, n, "lead plans", e);
    for (size_t i = 0; !rc && i < *n; i++)
        (*out)[i].org_id = org;
    return rc;
}
