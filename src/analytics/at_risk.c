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

/* The clients met by a walk: stamp[c] == gen when client c paid in the
 * walk's window, last[c] its last payment then, sum[c] their total; the
 * clients themselves in list[0..n). The arrays span every client but are
 * never cleared between walks: the stamp tells a stale entry. */
struct walk {
    uint16_t *stamp;
    int64_t *last, *sum;
    int32_t *list;
    size_t n;
    uint16_t gen;
};

/* Walks the payments of [from, to) (the kept clients: owner, -1 all). */
static void walk(const struct vo_dataset *ds, int32_t owner, int64_t from, int64_t to,
                 struct walk *w)
{
    w->gen++;
    w->n = 0;
    struct vo_ds_span sp = vo_ds_pays_in(ds, from, to);
    for (size_t i = sp.lo; i < sp.hi; i++) {
        int32_t c = ds->pays.client[i];
        if (c < 0 || (owner >= 0 && ds->clients.owner[c] != owner))
            continue;
        if (w->stamp[c] != w->gen) {
            w->stamp[c] = w->gen;
            w->sum[c] = 0;
            w->list[w->n++] = c;
        }
        w->last[c] = ds->pays.paid_at[i];
        w->sum[c] += ds->pays.amount[i];
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
    struct walk w = {vo_arena_array(a, nc + 1, sizeof *w.stamp),
                     vo_arena_array(a, nc + 1, sizeof *w.last),
                     vo_arena_array(a, nc + 1, sizeof *w.sum),
                     vo_arena_array(a, nc + 1, sizeof *w.list),
                     0,
                     0};
    if (!w.stamp || !w.last || !w.sum || !w.list)
        return vo_error_set(e, VO_ENOMEM, "at-risk", "out of memory");
    memset(w.stamp, 0, (nc + 1) * sizeof *w.stamp);
    walk(ds, q->owner, out->from, out->to, &w);
    out->rows = vo_arena_array(a, w.n + 1, sizeof *out->rows);
    if (!out->rows)
        return vo_error_set(e, VO_ENOMEM, "at-risk", "out of memory");
    size_t n = 0;
    for (size_t j = 0; j < w.n; j++) {
        int32_t c = w.list[j];
        if (w.last[c] < out->quiet_from)
            out->rows[n++] = (struct vo_risk_row){c, w.last[c], w.sum[c]};
    }
    qsort(out->rows, n, sizeof *out->rows, cmp_row);
    out->n = n;

    /* the churn of each of the 12 full months before the month of D */
    struct vo_date d = vo_cal_as_of_date(cal, q->as_of);
    for (int k = 0; k < 12; k++) {
        struct vo_period p = vo_abc_full_month(cal, d, 12 - k);
        int64_t t = p.end;
        int64_t quiet = vo_abc_days_before(cal, t, q->days);
        walk(ds, q->owner, vo_abc_months_before(cal, t, 12), t, &w);
        struct vo_churn_month *m = &out->churn[k];
        m->month = p.first;
        m->base = (int64_t)w.n;
        for (size_t j = 0; j < w.n; j++)
            m->churned += w.last[w.list[j]] < quiet;
        m->rate = m->base ? (double)m->churned / (double)m->base : NAN;
    }
    return VO_OK;
}
