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
 * A count needs the set, not its order: vo_ds_*_each_open tells the same
 * rows one by one as the two parts hold them (or as the walk finds them),
 * with no list, no sort and no merge. The hygiene audit's figures come
 * that way; its list, which is in index order, from the ordered lists.
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

/* A table ordered by `created` (n rows), whose `end` (VO_NULL = never)
 * orders the n_end ended rows in by_end, and whose never-ended rows are the
 * ascending list open[0..n_open). */
struct table {
    const int64_t *created, *end;
    const int32_t *by_end, *open;
    size_t n, n_end, n_open;
};

/* Where the rows open at as_of are: the hi rows created before it; the na
 * never-ended ones among them, open[0..na); by_end[lo..n_end) ended at or
 * after as_of (some created after it). walk: the two parts hold at least
 * hi rows, so a walk over [0, hi) is no dearer. */
struct parts {
    size_t hi, na, lo;
    bool walk;
};

static struct parts parts_of(const struct table *t, int64_t as_of)
{
    struct parts p;
    p.hi = vo_ds_below(t->created, NULL, t->n, as_of);
    p.na = vo_ds_below32(t->open, t->n_open, (int32_t)p.hi); /* hi <= INT32_MAX: the cap */
    p.lo = vo_ds_below(t->end, t->by_end, t->n_end, as_of);
    p.walk = p.na + (t->n_end - p.lo) >= p.hi;
    return p;
}

static bool open_at(const struct table *t, int64_t as_of, int32_t **out, size_t *nout)
{
    struct parts p = parts_of(t, as_of);
    size_t nb = t->n_end - p.lo;
    int32_t *r = malloc((p.walk ? p.hi : p.na + nb) * sizeof *r + 1);
    if (!r)
        return false;
    size_t k = 0;
    if (p.walk) {
        for (size_t i = 0; i < p.hi; i++)
            if (t->end[i] == VO_NULL || t->end[i] >= as_of)
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
    for (size_t j = p.lo; j < t->n_end; j++)
        if ((size_t)t->by_end[j] < p.hi)
            b[m++] = t->by_end[j];
    qsort(b, m, sizeof *b, cmp_i32);
    size_t x = 0, y = 0;
    while (x < p.na || y < m)
        r[k++] = y == m || (x < p.na && t->open[x] < b[y]) ? t->open[x++] : b[y++];
    free(b);
    *out = r;
    *nout = k;
    return true;
}

/* open_at's rows, each told to fn as found, without a list or an order. */
static bool each_open(const struct table *t, int64_t as_of, bool (*fn)(void *ctx, size_t i),
                      void *ctx)
{
    struct parts p = parts_of(t, as_of);
    if (p.walk) {
        for (size_t i = 0; i < p.hi; i++)
            if ((t->end[i] == VO_NULL || t->end[i] >= as_of) && !fn(ctx, i))
                return false;
        return true;
    }
    for (size_t x = 0; x < p.na; x++)
        if (!fn(ctx, (size_t)t->open[x]))
            return false;
    for (size_t j = p.lo; j < t->n_end; j++)
        if ((size_t)t->by_end[j] < p.hi && !fn(ctx, (size_t)t->by_end[j]))
            return false;
    return true;
}

static struct table deals_table(const struct vo_ds_deals *d)
{
    return (struct table){d->created_at, d->closed_at, d->by_closed, d->open,
                          d->n,          d->n_closed,  d->n_open};
}

static struct table tasks_table(const struct vo_ds_tasks *t)
{
    return (struct table){t->created_at, t->done_at, t->by_done, t->open,
                          t->n,          t->n_done,  t->n_open};
}

bool vo_ds_deals_open_at(const struct vo_dataset *ds, int64_t as_of, int32_t **out, size_t *n)
{
    struct table t = deals_table(&ds->deals);
    return open_at(&t, as_of, out, n);
}

bool vo_ds_tasks_open_at(const struct vo_dataset *ds, int64_t as_of, int32_t **out, size_t *n)
{
    struct table t = tasks_table(&ds->tasks);
    return open_at(&t, as_of, out, n);
}

bool vo_ds_deals_each_open(const struct vo_dataset *ds, int64_t as_of,
                           bool (*fn)(void *ctx, size_t i), void *ctx)
{
    struct table t = deals_table(&ds->deals);
    return each_open(&t, as_of, fn, ctx);
}

bool vo_ds_tasks_each_open(const struct vo_dataset *ds, int64_t as_of,
                           bool (*fn)(void *ctx, size_t i), void *ctx)
{
    struct table t = tasks_table(&ds->tasks);
    return each_open(&t, as_of, fn, ctx);
}
