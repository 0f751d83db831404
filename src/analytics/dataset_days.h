/*
 * dataset_days.h - the dataset's rollup of the plan-fact's event parts per
 * user and local day (struct vo_ds_days in dataset.h), private to
 * src/analytics: dataset_build.c builds it, dataset_apply.c keeps it,
 * dataset.c frees it, planfact.c reads it. Design: dataset_days.c.
 */
#ifndef VO_ANALYTICS_DATASET_DAYS_H
#define VO_ANALYTICS_DATASET_DAYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analytics/dataset.h"

/* At most this many bytes of sums: an org whose users times days need
 * more keeps its latest days only (the earlier ones are scanned). */
#define VO_DS_DAYS_MAX_BYTES ((size_t)64 << 20)
/* Days held after the last event's, for the events still to come (a
 * quarter; a live dataset running longer without a reload scans the days
 * after them). */
#define VO_DS_DAYS_AHEAD 92

/* Builds ds->days from the event columns, after the calendar (no rollup,
 * sum NULL, when there are no events or no memory: the reports scan). */
void vo_ds_days_build(struct vo_dataset *ds);
/* Counts again the day that holds instant t (nothing when t is VO_NULL or
 * outside the days held), after a row of that day changed. */
void vo_ds_days_redo(struct vo_dataset *ds, int64_t t);
/* Adds the parts of the activity just put at row i to its day. */
void vo_ds_days_add_activity(struct vo_dataset *ds, size_t i);
/* Makes room for the user just appended (index nu, parts zero). */
void vo_ds_days_add_user(struct vo_dataset *ds);
/* The whole days inside [from, to): days [*k0, *k1), k0 < k1, and true;
 * false when there are none (or no rollup). */
bool vo_ds_days_whole(const struct vo_dataset *ds, int64_t from, int64_t to, size_t *k0,
                      size_t *k1);
/* Adds the parts of days [k0, k1) to pt (users.n * np); false when a sum
 * leaves int64 (pt is then partly added). */
bool vo_ds_days_sum(const struct vo_dataset *ds, size_t k0, size_t k1, int64_t *pt);
void vo_ds_days_free(struct vo_dataset *ds);
size_t vo_ds_days_bytes(const struct vo_dataset *ds);

#endif
