/*
 * dataset_days.c - the plan-fact's event parts of every user per local
 * day, so the facts of a month are a sum of about thirty small arrays
 * instead of a pass over the month's rows (400k activities in a month of
 * a 1M-deal company; docs/bench.md, "Reports (issue 16)").
 *
 * A day's parts are counted by the plan-fact's own scan
 * (vo_pf_scan_events) over [start[k], start[k + 1]), so the rollup and a
 * scan cannot disagree on what an event adds: a period's parts are the
 * scan of its partial first day, the sum of its whole days and the scan of
 * its partial last day, the same integers in another order. A sum that
 * would leave int64 in a day gives the rollup up (the reports then scan and
 * report the overflow as before).
 *
 * The days: the local dates from the earliest event's to VO_DS_DAYS_AHEAD
 * after the latest's (new events mostly come after), cut to the latest
 * days when users x days x parts would pass VO_DS_DAYS_MAX_BYTES. Events
 * outside the days held are found by the scans of the partial ranges, so
 * the window changes speed only, never a figure.
 *
 * Maintenance (dataset_apply.c, which holds the dataset exclusively): a
 * new activity adds its parts to its day (vo_pf_add_activity, the scan's
 * own step); any other change of a row that counts (a deal's owner,
 * status, amount or closing; a task's completion; a payment; a payment's
 * attributed user) counts again the days of the row's old and new
 * instants, after the change. A user appended widens every day by one
 * user.
 */
#include "analytics/dataset_days.h"
#include "analytics/dataset_int.h"
#include "analytics/planfact.h"

#include <string.h>

static void give_up(struct vo_ds_days *D)
{
    free(D->start);
    free(D->sum);
    memset(D, 0, sizeof *D);
}

/* The earliest and latest instants of the events the plan-fact counts. */
static bool event_range(const struct vo_dataset *ds, int64_t *lo, int64_t *hi)
{
    int64_t a = INT64_MAX, b = INT64_MIN;
#define SEEN(first, last)                                                                          \
    do {                                                                                           \
        if ((first) < a)                                                                           \
            a = (first);                                                                           \
        if ((last) > b)                                                                            \
            b = (last);                                                                            \
    } while (0)
    const struct vo_ds_deals *d = &ds->deals;
    if (d->n)
        SEEN(d->created_at[0], d->created_at[d->n - 1]);
    if (d->n_closed)
        SEEN(d->closed_at[d->by_closed[0]], d->closed_at[d->by_closed[d->n_closed - 1]]);
    if (ds->acts.n)
        SEEN(ds->acts.at[0], ds->acts.at[ds->acts.n - 1]);
    const struct vo_ds_tasks *t = &ds->tasks;
    if (t->n_done)
        SEEN(t->done_at[t->by_done[0]], t->done_at[t->by_done[t->n_done - 1]]);
    if (ds->pays.n)
        SEEN(ds->pays.paid_at[0], ds->pays.paid_at[ds->pays.n - 1]);
#undef SEEN
    *lo = a;
    *hi = b;
    return a <= b;
}

void vo_ds_days_build(struct vo_dataset *ds)
{
    struct vo_ds_days *D = &ds->days;
    give_up(D);
    int64_t lo, hi;
    size_t nu = ds->users.n, np = VO_PF__COUNT;
    if (!nu || !event_range(ds, &lo, &hi))
        return;
    struct vo_date first = vo_cal_date_of(&ds->cal, lo);
    struct vo_date last = vo_date_add_days(vo_cal_date_of(&ds->cal, hi), VO_DS_DAYS_AHEAD);
    int64_t span = vo_date_days(last) - vo_date_days(first) + 1;
    size_t most = VO_DS_DAYS_MAX_BYTES / (nu * np * sizeof(int64_t));
    if (most < 2)
        return;
    size_t nd = (size_t)span;
    if (nd > most) {
        first = vo_date_add_days(last, -(int)(most - 1));
        nd = most;
    }
    D->start = malloc((nd + 1) * sizeof *D->start);
    D->sum = calloc(nd * nu * np, sizeof *D->sum);
    if (!D->start || !D->sum) {
        give_up(D);
        return;
    }
    D->nd = nd;
    D->nu = nu;
    D->np = np;
    struct vo_date day = first;
    for (size_t k = 0; k <= nd; k++, day = vo_date_add_days(day, 1))
        D->start[k] = vo_cal_day_start(&ds->cal, day);
    for (size_t k = 0; k < nd; k++)
        if (!vo_pf_scan_events(ds, D->start[k], D->start[k + 1], D->sum + k * nu * np)) {
            give_up(D);
            return;
        }
}

/* How many of the midnights are at or before t. */
static size_t count_le(const struct vo_ds_days *D, int64_t t)
{
    return t == INT64_MAX ? D->nd + 1 : vo_ds_below(D->start, NULL, D->nd + 1, t + 1);
}

/* The day that holds t, or nd when none. */
static size_t day_of(const struct vo_ds_days *D, int64_t t)
{
    if (!D->sum || t == VO_NULL || t < D->start[0] || t >= D->start[D->nd])
        return D->nd;
    return count_le(D, t) - 1;
}

void vo_ds_days_redo(struct vo_dataset *ds, int64_t t)
{
    struct vo_ds_days *D = &ds->days;
    size_t k = day_of(D, t);
    if (k >= D->nd)
        return;
    int64_t *day = D->sum + k * D->nu * D->np;
    memset(day, 0, D->nu * D->np * sizeof *day);
    if (D->nu != ds->users.n || !vo_pf_scan_events(ds, D->start[k], D->start[k + 1], day))
        give_up(D);
}

void vo_ds_days_add_activity(struct vo_dataset *ds, size_t i)
{
    struct vo_ds_days *D = &ds->days;
    size_t k = day_of(D, ds->acts.at[i]);
    if (k >= D->nd)
        return;
    if (!vo_pf_add_activity(&ds->acts, i, D->sum + k * D->nu * D->np))
        give_up(D);
}

void vo_ds_days_add_user(struct vo_dataset *ds)
{
    struct vo_ds_days *D = &ds->days;
    if (!D->sum)
        return;
    size_t was = D->nu * D->np, now = was + D->np;
    int64_t *w = calloc(D->nd * now, sizeof *w);
    if (!w) {
        give_up(D);
        return;
    }
    for (size_t k = 0; k < D->nd; k++)
        memcpy(w + k * now, D->sum + k * was, was * sizeof *w);
    free(D->sum);
    D->sum = w;
    D->nu++;
}

bool vo_ds_days_whole(const struct vo_dataset *ds, int64_t from, int64_t to, size_t *k0, size_t *k1)
{
    const struct vo_ds_days *D = &ds->days;
    if (!D->sum || from >= to || D->nu != ds->users.n)
        return false;
    /* the first midnight at or after from, the last at or before to */
    size_t a = vo_ds_below(D->start, NULL, D->nd + 1, from), b = count_le(D, to);
    if (b == 0 || a >= b - 1)
        return false;
    *k0 = a;
    *k1 = b - 1;
    return true;
}

bool vo_ds_days_sum(const struct vo_dataset *ds, size_t k0, size_t k1, int64_t *pt)
{
    const struct vo_ds_days *D = &ds->days;
    size_t w = D->nu * D->np;
    bool ok = true;
    for (size_t k = k0; k < k1; k++) {
        const int64_t *day = D->sum + k * w;
        for (size_t j = 0; j < w; j++)
            if (!vo_add_ok(&pt[j], day[j]))
                ok = false;
    }
    return ok;
}

void vo_ds_days_free(struct vo_dataset *ds)
{
    give_up(&ds->days);
}

size_t vo_ds_days_bytes(const struct vo_dataset *ds)
{
    const struct vo_ds_days *D = &ds->days;
    return D->sum ? (D->nd + 1) * sizeof(int64_t) + D->nd * D->nu * D->np * sizeof(int64_t) : 0;
}
