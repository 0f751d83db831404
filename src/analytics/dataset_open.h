/*
 * dataset_open.h - the dataset's lists of open deals and open tasks (for
 * vo_ds_deals_open_at and vo_ds_tasks_open_at, dataset.h), private to
 * src/analytics: dataset_build.c builds them and dataset_apply.c keeps
 * them through vo_ds_apply_deal and vo_ds_apply_task. Design: dataset_open.c.
 *
 * A list is an ascending heap array of row indexes (int32), resized to its
 * length like the other index permutations (by_closed, by_done).
 */
#ifndef VO_ANALYTICS_DATASET_OPEN_H
#define VO_ANALYTICS_DATASET_OPEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Writes into *out (malloc'd; NULL when there are none) the indexes i < n
 * with end[i] == VO_NULL, ascending; *nout gets their count. False on OOM
 * (*out untouched). */
bool vo_ds_open_build(const int64_t *end, size_t n, int32_t **out, size_t *nout);
/* Inserts idx (not yet held) into the ascending list *a of *n indexes.
 * False on OOM (the list is then unchanged). */
bool vo_ds_open_insert(int32_t **a, size_t *n, int32_t idx);
/* Removes idx from the ascending list a of *n indexes (absent: no-op). */
void vo_ds_open_remove(int32_t *a, size_t *n, int32_t idx);
/* Adds delta to every index >= from (rows moved by an insert or a
 * removal); the list must stay ascending, i.e. a removal's row is out of
 * it before the shift down. */
void vo_ds_open_shift(int32_t *a, size_t n, int32_t from, int32_t delta);

#endif
