/*
 * key_accounts.c - the key accounts' plan-fact (key_accounts.h): one pass
 * over the payments and the closed deals of the 12 months.
 */
#include "analytics/key_accounts.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analytics/abc.h"

static int cmp_row(const void *pa, const void *pb)
{
    const struct vo_ka_row *a = pa, *b = pb;
    if (a->fact != b->fact)
        return a->fact < b->fact ? 1 : -1;
    return (a->client_id > b->client_id) - (a->client_id < b->client_id);
}

vo_err vo_ka_compute(const struct vo_dataset *ds, const struct vo_ka_query *q, struct vo_arena *a,
                     struct vo_ka *out, struct vo_error *e)
{
    const struct vo_calendar *cal = &ds->cal;
    memset(out, 0, sizeof *out);
    out->month = vo_cal_month(cal, q->month);
    struct vo_period mon[VO_KA_MONTHS];
    for (int k = 0; k < VO_KA_MONTHS; k++)
        mon[k] = vo_abc_full_month(cal, out->month.first, VO_KA_MONTHS - 1 - k);
    int64_t from = mon[0].start, to = out->month.end < q->as_of ? out->month.end : q->as_of;
    size_t nc = ds->clients.n;
    int32_t *slot = vo_arena_array(a, nc + 1, sizeof *slot);
    out->rows = vo_arena_array(a, q->n + 1, sizeof *out->rows);
    if (!slot || !out->rows)
        return vo_error_set(e, VO_ENOMEM, "key-accounts", "out of memory");
    memset(slot, 0xff, (nc + 1) * sizeof *slot);
    for (size_t i = 0; i < q->n; i++) {
        int32_t c = q->clients[i];
        if (c < 0 || (size_t)c >= nc || (q->owner >= 0 && ds->clients.owner[c] != q->owner))
            continue;
        struct vo_ka_row *r = &out->rows[out->n];
        memset(r, 0, sizeof *r);
        r->client = c;
        r->client_id = ds->clients.id[c];
        r->plan = q->plans[i];
        for (int k = 0; k < VO_KA_MONTHS; k++)
            r->history[k].month = mon[k].first;
        slot[c] = (int32_t)out->n++;
    }
    if (from < to) {
        int k = 0;
        struct vo_ds_span sp = vo_ds_pays_in(ds, from, to);
        for (size_t i = sp.lo; i < sp.hi; i++) {
            int32_t c = ds->pays.client[i];
            if (c < 0 || slot[c] < 0)
                continue;
            int64_t t = ds->pays.paid_at[i];
            while (t >= mon[k].end)
                k++;
            out->rows[slot[c]].history[k].payments += ds->pays.amount[i];
        }
        k = 0;
        struct vo_ds_span sd = vo_ds_deals_closed(ds, from, to);
        for (size_t j = sd.lo; j < sd.hi; j++) {
            int32_t d = ds->deals.by_closed[j], c = ds->deals.client[d];
            if (ds->deals.status[d] != VO_DEAL_WON || c < 0 || slot[c] < 0)
                continue;
            int64_t t = ds->deals.closed_at[d];
            while (t >= mon[k].end)
                k++;
            struct vo_ka_month *m = &out->rows[slot[c]].history[k];
            m->won++;
            if (ds->deals.amount[d] != VO_NULL)
                m->won_amount += ds->deals.amount[d];
        }
    }
    for (size_t i = 0; i < out->n; i++) {
        struct vo_ka_row *r = &out->rows[i];
        r->fact = r->history[VO_KA_MONTHS - 1].payments;
        r->pct = r->plan != VO_NULL && r->plan > 0 ? (double)r->fact / (double)r->plan : NAN;
        if (r->plan != VO_NULL)
            out->plan += r->plan;
        out->fact += r->fact;
    }
    if (out->n > 1)
        qsort(out->rows, out->n, sizeof *out->rows, cmp_row);
    return VO_OK;
}
