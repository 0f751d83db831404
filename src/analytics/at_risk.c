/*
 * at_risk.c - the clients at risk and the churn by month (abc.h has the
 * rules). Payments are in paid_at order, so the last payment of each
 * client in a window is the last one met walking it.
 */
#include "analytics/abc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_row(const void *pa, const void *pb)
{
    const struct vo_risk_row *a = pa, *b = pb;
    if (a->revenue_12m != b->revenue_12m)
        return a->revenue_12m > b->revenue_12m ? -1 : 1;
    return (a->client > b->client) - (a->client < b->client);
}

/* Walks the payments of [from, to) into last[] (the last paid_at of each
 * kept client; VO_NULL = none) and, when sum is not NULL, their sum. */
static void walk(const struct vo_dataset *ds, int32_t owner, int64_t from, int64_t to,
                 int64_t *last, int64_t *sum)
{
    size_t nc = ds->clients.n;
    for (size_t c = 0; c < nc; c++)
        last[c] = VO_NULL;
    if (sum)
        memset(sum, 0, nc * sizeof *sum);
    struct vo_ds_span sp = vo_ds_pays_in(ds, from, to);
    for (size_t i = sp.lo; i < sp.hi; i++) {
        int32_t c = ds->pays.client[i];
        if (c < 0 || (owner >= 0 && ds->clients.owner[c] != owner))
            continue;
        last[c] = ds->pays.paid_at[i];
        if (sum)
            sum[c] += ds->pays.amount[i];
    }
}

vo_err vo_risk_compute(const struct vo_dataset *ds, const struct vo_risk_query *q,
                       struct vo_arena *a, struct vo_risk *out, struct vo_error *e)
{
    memset(out, 0, sizeof *out);
    const struct vo_calendar *cal = &ds->cal;
    size_t nc = ds->clients.n;
    out->days = q->days;
    out->to = q->as_of;
    out->from = vo_abc_months_before(cal, q->as_of, 12);
    out->quiet_from = vo_abc_days_before(cal, q->as_of, q->days);
    int64_t *last = vo_arena_array(a, nc + 1, sizeof *last);
    int64_t *sum = vo_arena_array(a, nc + 1, sizeof *sum);
    out->rows = vo_arena_array(a, nc + 1, sizeof *out->rows);
    if (!last || !sum || !out->rows)
        return vo_error_set(e, VO_ENOMEM, "at-risk", "out of memory");
    walk(ds, q->owner, out->from, out->to, last, sum);
    size_t n = 0;
    for (size_t c = 0; c < nc; c++)
        if (last[c] != VO_NULL && last[c] < out->quiet_from)
            out->rows[n++] = (struct vo_risk_row){(int32_t)c, last[c], sum[c]};
    qsort(out->rows, n, sizeof *out->rows, cmp_row);
    out->n = n;

    /* the churn of each of the 12 full months before the month of D */
    struct vo_date d = vo_cal_as_of_date(cal, q->as_of);
    for (int k = 0; k < 12; k++) {
        int mm = d.m - 12 + k, yy = d.y;
        while (mm < 1) {
            mm += 12;
            yy--;
        }
        struct vo_period p = vo_cal_month(cal, (struct vo_date){yy, mm, 1});
        int64_t t = p.end;
        int64_t quiet = vo_abc_days_before(cal, t, q->days);
        walk(ds, q->owner, vo_abc_months_before(cal, t, 12), t, last, NULL);
        struct vo_churn_month *m = &out->churn[k];
        m->month = p.first;
        for (size_t c = 0; c < nc; c++)
            if (last[c] != VO_NULL) {
                m->base++;
                m->churned += last[c] < quiet;
            }
        m->rate = m->base ? (double)m->churned / (double)m->base : NAN;
    }
    return VO_OK;
}
