/*
 * abc.c - ABC / XYZ of clients (abc.h has the rules). One pass over the
 * window's payments (or won deals) for the ABC revenue, one pass over the
 * last 12 full months' payments for the XYZ series; the classes compare
 * integers, never rounded doubles.
 */
#include "analytics/abc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The instant t moved back by months calendar months and days local days
 * in the calendar's zone (t itself when GLib cannot place it). */
static int64_t back(const struct vo_calendar *c, int64_t t, int months, int days)
{
    GDateTime *u = g_date_time_new_from_unix_utc(t);
    GDateTime *l = u ? g_date_time_to_timezone(u, c->tz) : NULL;
    GDateTime *m = l ? g_date_time_add_full(l, 0, -months, -days, 0, 0, 0) : NULL;
    int64_t r = m ? g_date_time_to_unix(m) : t;
    if (m)
        g_date_time_unref(m);
    if (l)
        g_date_time_unref(l);
    if (u)
        g_date_time_unref(u);
    return r;
}

int64_t vo_abc_months_before(const struct vo_calendar *c, int64_t t, int n)
{
    return back(c, t, n, 0);
}

int64_t vo_abc_days_before(const struct vo_calendar *c, int64_t t, int n)
{
    return back(c, t, 0, n);
}

struct vo_period vo_abc_full_month(const struct vo_calendar *c, struct vo_date d, int k)
{
    int m = d.m - k, y = d.y;
    while (m < 1) {
        m += 12;
        y--;
    }
    return vo_cal_month(c, (struct vo_date){y, m, 1});
}

static int cmp_item(const void *pa, const void *pb)
{
    const struct vo_abc_item *a = pa, *b = pb;
    if (a->revenue != b->revenue)
        return a->revenue > b->revenue ? -1 : 1;
    return (a->key > b->key) - (a->key < b->key);
}

void vo_abc_walk(struct vo_abc_item *it, size_t n, int64_t total)
{
    qsort(it, n, sizeof *it, cmp_item);
    int64_t before = 0;
    for (size_t i = 0; i < n; i++) {
        it[i].abc = (__int128)before * 100 < (__int128)total * 80   ? 'A'
                    : (__int128)before * 100 < (__int128)total * 95 ? 'B'
                                                                    : 'C';
        before += it[i].revenue;
        it[i].cum = before;
    }
}

/* The XYZ class of a 12-month series of sum s and sum of squares q (minor
 * units), its cv into *cv; '\0' (cv NaN) when s <= 0. */
static char xyz_class(int64_t s, __int128 q, double *cv)
{
    if (s <= 0) {
        *cv = NAN;
        return '\0';
    }
    /* variance = (12 q - s^2) / 144 and mean = s / 12, so
     * cv <= k  <=>  (12 q - s^2) <= k^2 s^2 */
    __int128 s2 = (__int128)s * s;
    __int128 d = 12 * q - s2;
    if (d < 0)
        d = 0;
    *cv = sqrt((double)d) / (double)s;
    if (100 * d <= s2)
        return 'X';
    if (16 * d <= s2)
        return 'Y';
    return 'Z';
}

static int cls_index(char c)
{
    switch (c) {
    case 'A':
    case 'X':
        return 0;
    case 'B':
    case 'Y':
        return 1;
    default:
        return 2;
    }
}

/* The clients met, each in a slot: slot[c] is client c's (-1 = none yet),
 * cl[k] the client of slot k. Arrays by slot hold only the clients with a
 * payment (or a won deal) in the windows, not every client of the org. */
struct slots {
    int32_t *slot, *cl;
    size_t n;
};

static size_t slot_of(struct slots *t, int32_t c)
{
    if (t->slot[c] < 0) {
        t->slot[c] = (int32_t)t->n;
        t->cl[t->n++] = c;
    }
    return (size_t)t->slot[c];
}

vo_err vo_abc_compute(const struct vo_dataset *ds, const struct vo_abc_query *q, struct vo_arena *a,
                      struct vo_abc *out, struct vo_error *e)
{
    memset(out, 0, sizeof *out);
    const struct vo_calendar *cal = &ds->cal;
    size_t nc = ds->clients.n;
    out->basis = q->basis;
    out->to = q->as_of;
    out->from = vo_abc_months_before(cal, q->as_of, 12);
    out->first = vo_cal_date_of(cal, out->from);
    out->last = vo_cal_as_of_date(cal, q->as_of);
    struct vo_date m0 = {out->last.y, out->last.m, 1};
    struct vo_period first = vo_abc_full_month(cal, m0, 12);
    struct vo_period cur_month = vo_cal_month(cal, m0);
    /* at most one slot a row met: the window's rows and the 12 months' */
    struct vo_ds_span wp = vo_ds_pays_in(ds, out->from, out->to);
    struct vo_ds_span wd = vo_ds_deals_closed(ds, out->from, out->to);
    struct vo_ds_span xp = vo_ds_pays_in(ds, first.start, cur_month.start);
    size_t cap =
        (q->basis == VO_ABC_PAYMENTS ? wp.hi - wp.lo : wd.hi - wd.lo) + (xp.hi - xp.lo) + 1;
    struct slots t = {vo_arena_array(a, nc + 1, sizeof *t.slot),
                      vo_arena_array(a, cap, sizeof *t.cl), 0};
    int64_t *rev = vo_arena_array(a, cap, sizeof *rev);
    int64_t *cur = vo_arena_array(a, cap, sizeof *cur);
    int64_t *sum = vo_arena_array(a, cap, sizeof *sum);
    __int128 *sq = vo_arena_array(a, cap, sizeof *sq);
    uint8_t *paid = vo_arena_array(a, cap, 1);
    uint8_t *mon = vo_arena_array(a, cap, 1);
    int32_t *touched = vo_arena_array(a, cap, sizeof *touched);
    struct vo_abc_item *it = vo_arena_array(a, cap, sizeof *it);
    char *xyz = vo_arena_array(a, cap, 1);
    double *cv = vo_arena_array(a, cap, sizeof *cv);
    out->rows = vo_arena_array(a, cap, sizeof *out->rows);
    if (!t.slot || !t.cl || !rev || !cur || !sum || !sq || !paid || !mon || !touched || !it ||
        !xyz || !cv || !out->rows)
        return vo_error_set(e, VO_ENOMEM, "abc-xyz", "out of memory");
    memset(t.slot, 0xff, (nc + 1) * sizeof *t.slot);
    memset(rev, 0, cap * sizeof *rev);
    memset(cur, 0, cap * sizeof *cur);
    memset(sum, 0, cap * sizeof *sum);
    memset(sq, 0, cap * sizeof *sq);
    memset(paid, 0, cap);
    memset(mon, 0, cap);

    /* ABC revenue over the window */
    if (q->basis == VO_ABC_PAYMENTS) {
        for (size_t i = wp.lo; i < wp.hi; i++)
            if (ds->pays.client[i] >= 0)
                rev[slot_of(&t, ds->pays.client[i])] += ds->pays.amount[i];
    } else {
        for (size_t k = wd.lo; k < wd.hi; k++) {
            int32_t d = ds->deals.by_closed[k];
            if (ds->deals.status[d] == VO_DEAL_WON && ds->deals.client[d] >= 0 &&
                ds->deals.amount[d] != VO_NULL)
                rev[slot_of(&t, ds->deals.client[d])] += ds->deals.amount[d];
        }
    }

    /* XYZ: the 12 full months before the month of D, oldest first */
    for (int k = 12; k >= 1; k--) {
        struct vo_period p = vo_abc_full_month(cal, m0, k);
        struct vo_ds_span sp = vo_ds_pays_in(ds, p.start, p.end);
        size_t nt = 0;
        for (size_t i = sp.lo; i < sp.hi; i++) {
            int32_t c = ds->pays.client[i];
            if (c < 0)
                continue;
            size_t s = slot_of(&t, c);
            if (mon[s] != k) { /* the client's first payment of the month */
                mon[s] = (uint8_t)k;
                touched[nt++] = (int32_t)s;
            }
            paid[s] = 1;
            cur[s] += ds->pays.amount[i];
        }
        for (size_t j = 0; j < nt; j++) {
            int32_t s = touched[j];
            sum[s] += cur[s];
            sq[s] += (__int128)cur[s] * cur[s];
            cur[s] = 0;
        }
    }
    for (size_t s = 0; s < t.n; s++)
        xyz[s] = paid[s] ? xyz_class(sum[s], sq[s], &cv[s]) : '\0';

    /* ABC classes over the org, whoever reads */
    size_t n = 0;
    int64_t total = 0;
    for (size_t s = 0; s < t.n; s++)
        if (rev[s] > 0) {
            it[n++] = (struct vo_abc_item){.key = t.cl[s], .revenue = rev[s]};
            total += rev[s];
        }
    vo_abc_walk(it, n, total);
    out->total = total;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int32_t c = (int32_t)it[i].key;
        size_t s = (size_t)t.slot[c];
        if (q->owner >= 0 && ds->clients.owner[c] != q->owner)
            continue;
        out->rows[k++] = (struct vo_abc_row){.client = c,
                                             .revenue = it[i].revenue,
                                             .share = (double)it[i].revenue / (double)total,
                                             .cum_share = (double)it[i].cum / (double)total,
                                             .abc = it[i].abc,
                                             .xyz = xyz[s],
                                             .cv = xyz[s] ? cv[s] : NAN};
    }
    /* then the clients with an XYZ class only, by id (index order) */
    for (size_t c = 0; c < nc; c++) {
        int32_t s = t.slot[c];
        if (s < 0 || rev[s] > 0 || !xyz[s] || (q->owner >= 0 && ds->clients.owner[c] != q->owner))
            continue;
        out->rows[k++] = (struct vo_abc_row){.client = (int32_t)c,
                                             .revenue = rev[s],
                                             .share = NAN,
                                             .cum_share = NAN,
                                             .xyz = xyz[s],
                                             .cv = cv[s]};
    }
    out->n = k;
    for (size_t i = 0; i < k; i++) {
        const struct vo_abc_row *r = &out->rows[i];
        if (!r->abc || !r->xyz)
            continue;
        struct vo_abc_cell *cell = &out->matrix[cls_index(r->abc)][cls_index(r->xyz)];
        cell->clients++;
        cell->revenue += r->revenue;
    }
    return VO_OK;
}
