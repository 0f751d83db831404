/*
 * dataset_open.c - the deals and tasks open at an instant, for the hygiene
 * audit, without a walk over every deal and task created before it.
 *
 * A deal is open at as_of iff created_at < as_of and not (closed_at <
 * as_of), closed_at VO_NULL meaning never closed; a task likewise with
 * done_at. Deals (tasks) are ordered by created_at, so the first condition
 * is "index < hi", hi the number created before as_of (a binary search).
 * The second splits the candidates in two disjoint sets:
 *   - those never closed: the list `open` of the indexes with closed_at
 *     VO_NULL, ascending, so its prefix below hi (a binary search);
 *   - those closed at or after as_of: the suffix of `by_closed` (by_done)
 *     from the first closed_at >= as_of (a binary search), filtered by
 *     index < hi and sorted by index.
 * Their merge is the exact set in index order, the order a walk over
 * [0, hi) gives, so a caller sees the same rows in the same order. At a
 * recent as_of (a report of today) the suffix is a few rows and the cost
 * is the open deals (tasks) alone; at an old as_of it can be most of the
 * table, so when the two parts hold at least hi rows the function walks
 * [0, hi) instead: never worse than the walk.
 *
 * Maintenance: built at load after the tables are in their order
 * (vo_ds_open_build), kept by vo_ds_apply_deal (a deal closed or reopened,
 * a new deal) and vo_ds_apply_task (completions, reopenings, rows moved by
 * a new created_at: vo_ds_open_shift, as for by_done).
 */
#include "analytics/dataset_open.h"

#include "analytics/dataset_int.h"

#include <stdlib.h>
#include <string.h>

bool vo_ds_open_build(const int64_t *end, size_t n, int32_t **out, size_t *nout)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += end[i] == VO_NULL;
    int32_t *a = NULL;
    if (k && !(a = malloc(k * sizeof *a)))
        return false;
    k = 0;
    for (size_t i = 0; i < n; i++)
        if (end[i] == VO_NULL)
            a[k++] = (int32_t)i;
    *out = a;
    *nout = k;
    return true;
}

bool vo_ds_open_insert(int32_t **a, size_t *n, int32_t idx)
{
    int32_t *w = realloc(*a, (*n + 1) * sizeof *w);
    if (!w)
        return false;
    size_t pos = vo_ds_below32(w, *n, idx);
    memmove(&w[pos + 1], &w[pos], (*n - pos) * sizeof *w);
    w[pos] = idx;
    *a = w;
    (*n)++;
    return true;
}

void vo_ds_open_remove(int32_t *a, size_t *n, int32_t idx)
{
    size_t pos = vo_ds_below32(a, *n, idx);
    if (pos == *n || a[pos] != idx)
        return;
    memmove(&a[pos], &a[pos + 1], (*n - pos - 1) * sizeof *a);
    (*n)--;
}

void vo_ds_open_shift(int32_t *a, size_t n, int32_t from, int32_t delta)
{
    for (size_t k = vo_ds_below32(a, n, from); k < n; k++)
        a[k] += delta;
}

static int cmp_i32(const void *pa, const void *pb)
{
    int32_t a = *(const int32_t *)pa, b = *(const int32_t *)pb;
    return (a > b) - (a < b);
}

/* The rows open at as_of of a table ordered by `created` (n rows), whose
 * `end` (VO_NULL = never) orders the n_end ended rows in by_end, and whose
 * never-ended rows are the ascending list open[0..n_open). */
static bool open_at(const int64_t *created, size_t n, const int64_t *end, const int32_t *by_end,
                    size_t n_end, const int32_t *open, size_t n_open, int64_t as_of, int32_t **out,
                    size_t *nout)
{
    size_t hi = vo_ds_below(created, NULL, n, as_of);
    size_t na = vo_ds_below32(open, n_open, (int32_t)hi); /* hi <= INT32_MAX: the capacity cap */
    size_t lo = vo_ds_below(end, by_end, n_end, as_of);
    size_t nb = n_end - lo;
    int32_t *r = malloc((na + nb < hi ? na + nb : hi) * sizeof *r + 1);
    if (!r)
        return false;
    size_t k = 0;
    if (na + nb >= hi) { /* the walk is no dearer */
        for (size_t i = 0; i < hi; i++)
            if (end[i] == VO_NULL || end[i] >= as_of)
                r[k++] = (int32_t)i;
        *out = r;
        *nout = k;
        return true;
    }
    /* the ended ones, created before as_of, by index; then the merge */
    int32_t *b = malloc(nb * sizeof *b + 1);
    if (!b) {
        free(r);
        return false;
    }
    size_t m = 0;
    for (size_t j = lo; j < n_end; j++)
        if ((size_t)by_end[j] < hi)
            b[m++] = by_end[j];
    qsort(b, m, sizeof *b, cmp_i32);
    size_t x = 0, y = 0;
    while (x < na || y < m)
        r[k++] = y == m || (x < na && open[x] < b[y]) ? open[x++] : b[y++];
    free(b);
    *out = r;
    *nout = k;
    return true;
}

bool vo_ds_deals_open_at(const struct vo_dataset *ds, int64_t as_of, int32_t **out, size_t *n)
{
    const struct vo_ds_deals *d = &ds->deals;
    return open_at(d->created_at, d->n, d->closed_at, d->by_closed, d->n_closed, d->open, d->n_open,
                   as_of, out, n);
}

bool vo_ds_tasks_open_at(const struct vo_dataset *ds, int64_t as_of, int32_t **out, size_t *n)
{
    const struct vo_ds_tasks *t = &ds->tasks;
    return open_at(t->created_at, t->n, t->done_at, t->by_done, t->n_done, t->open, t->n_open,
                   as_of, out, n);
}
