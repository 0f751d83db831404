/*
 * dataset_late.c - the index behind tasks_overdue (METRICS.md: the tasks
 * open at as_of with due_at < as_of), so the count at any as_of costs two
 * binary searches a user instead of a walk over every task created before
 * as_of (2.6M tasks at 1M deals).
 *
 * A task exists from created_at and is open until done_at (VO_NULL = never
 * done = +inf), so it is overdue at as_of iff
 *     created_at < as_of, due_at < as_of and not (done_at < as_of),
 * i.e. iff start < as_of <= done_at with start = max(created_at, due_at).
 * That interval is empty unless done_at > start (or done_at is VO_NULL):
 * the task was done late or is still open. Only those tasks are indexed:
 * per user, the ascending array `start` of their starts and the ascending
 * array `end` of the done_at of those that are done. Then
 *     overdue(u, as_of) = #{start < as_of} - #{end < as_of}.
 * Proof: every indexed task with done_at < as_of also has start < as_of,
 * because done_at > start for every indexed done task (by the filter; and
 * the validation rules give it anyway: vo_task_validate has done_at >=
 * created_at, and a task done late has done_at > due_at, so done_at >=
 * max(created_at, due_at), strictly greater when it was overdue at all).
 * So the second count removes exactly the indexed tasks already done at
 * as_of from the first, leaving those with start < as_of <= done_at.
 *
 * Maintenance: built at load (vo_ds_late_build, a counting pass, a fill and
 * a sort per user), kept by vo_ds_apply_task (remove the old values, add
 * the new: a binary search and a memmove within one user's arrays). It
 * holds values, not row positions, so moving task rows never touches it.
 */
#include "analytics/dataset_late.h"
#include "analytics/dataset_int.h"

#include <stdlib.h>
#include <string.h>

static int cmp_i64(const void *pa, const void *pb)
{
    int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
    return (a > b) - (a < b);
}

/* Is the task ever overdue; its start in *start. */
static bool is_late(int64_t created_at, int64_t due_at, int64_t done_at, int64_t *start)
{
    *start = created_at > due_at ? created_at : due_at;
    return done_at == VO_NULL || done_at > *start;
}

bool vo_ds_late_build(struct vo_dataset *ds)
{
    const struct vo_ds_tasks *t = &ds->tasks;
    size_t nu = ds->users.n;
    struct vo_ds_late *L = calloc(nu ? nu : 1, sizeof *L);
    if (!L)
        return false;
    ds->tasks.late = L;
    ds->tasks.n_late = nu;
    for (size_t i = 0; i < t->n; i++) {
        int64_t s;
        int32_t u = t->assignee[i];
        if (u < 0 || (size_t)u >= nu || !is_late(t->created_at[i], t->due_at[i], t->done_at[i], &s))
            continue;
        L[u].cap_start++;
        if (t->done_at[i] != VO_NULL)
            L[u].cap_end++;
    }
    for (size_t u = 0; u < nu; u++) {
        if (L[u].cap_start && !(L[u].start = malloc(L[u].cap_start * sizeof(int64_t))))
            return false;
        if (L[u].cap_end && !(L[u].end = malloc(L[u].cap_end * sizeof(int64_t))))
            return false;
    }
    for (size_t i = 0; i < t->n; i++) {
        int64_t s;
        int32_t u = t->assignee[i];
        if (u < 0 || (size_t)u >= nu || !is_late(t->created_at[i], t->due_at[i], t->done_at[i], &s))
            continue;
        L[u].start[L[u].n_start++] = s;
        if (t->done_at[i] != VO_NULL)
            L[u].end[L[u].n_end++] = t->done_at[i];
    }
    for (size_t u = 0; u < nu; u++) {
        if (L[u].n_start > 1)
            qsort(L[u].start, L[u].n_start, sizeof(int64_t), cmp_i64);
        if (L[u].n_end > 1)
            qsort(L[u].end, L[u].n_end, sizeof(int64_t), cmp_i64);
    }
    return true;
}

/* Inserts x into the ascending heap array *a of *n values (capacity *cap). */
static bool insert(int64_t **a, size_t *n, size_t *cap, int64_t x)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 16;
        int64_t *w = realloc(*a, c * sizeof *w);
        if (!w)
            return false;
        *a = w;
        *cap = c;
    }
    size_t pos = vo_ds_below(*a, NULL, *n, x);
    memmove(*a + pos + 1, *a + pos, (*n - pos) * sizeof **a);
    (*a)[pos] = x;
    (*n)++;
    return true;
}

/* Removes one x from the ascending array a of *n values (none: no-op). */
static void erase(int64_t *a, size_t *n, int64_t x)
{
    size_t pos = vo_ds_below(a, NULL, *n, x);
    if (pos == *n || a[pos] != x)
        return;
    memmove(a + pos, a + pos + 1, (*n - pos - 1) * sizeof *a);
    (*n)--;
}

bool vo_ds_late_add(struct vo_dataset *ds, int32_t user, int64_t created_at, int64_t due_at,
                    int64_t done_at)
{
    int64_t s;
    if (user < 0 || (size_t)user >= ds->tasks.n_late || !is_late(created_at, due_at, done_at, &s))
        return true;
    struct vo_ds_late *L = &ds->tasks.late[user];
    if (!insert(&L->start, &L->n_start, &L->cap_start, s))
        return false;
    if (done_at != VO_NULL && !insert(&L->end, &L->n_end, &L->cap_end, done_at)) {
        erase(L->start, &L->n_start, s);
        return false;
    }
    return true;
}

void vo_ds_late_remove(struct vo_dataset *ds, int32_t user, int64_t created_at, int64_t due_at,
                       int64_t done_at)
{
    int64_t s;
    if (user < 0 || (size_t)user >= ds->tasks.n_late || !is_late(created_at, due_at, done_at, &s))
        return;
    struct vo_ds_late *L = &ds->tasks.late[user];
    erase(L->start, &L->n_start, s);
    if (done_at != VO_NULL)
        erase(L->end, &L->n_end, done_at);
}

int64_t vo_ds_tasks_overdue(const struct vo_dataset *ds, int32_t user, int64_t as_of)
{
    if (user < 0 || (size_t)user >= ds->tasks.n_late)
        return 0;
    const struct vo_ds_late *L = &ds->tasks.late[user];
    return (int64_t)vo_ds_below(L->start, NULL, L->n_start, as_of) -
           (int64_t)vo_ds_below(L->end, NULL, L->n_end, as_of);
}

void vo_ds_late_free(struct vo_dataset *ds)
{
    struct vo_ds_late *L = ds->tasks.late;
    if (!L)
        return;
    for (size_t u = 0; u < ds->tasks.n_late; u++) {
        free(L[u].start);
        free(L[u].end);
    }
    free(L);
    ds->tasks.late = NULL;
    ds->tasks.n_late = 0;
}

size_t vo_ds_late_bytes(const struct vo_dataset *ds)
{
    size_t b = ds->tasks.n_late * sizeof(struct vo_ds_late);
    for (size_t u = 0; u < ds->tasks.n_late; u++)
        b += (ds->tasks.late[u].cap_start + ds->tasks.late[u].cap_end) * sizeof(int64_t);
    return b;
}
