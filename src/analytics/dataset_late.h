/*
 * dataset_late.h - the dataset's index of late tasks (for tasks_overdue),
 * private to src/analytics: dataset_build.c builds it, dataset_apply.c
 * keeps it through vo_ds_apply_task, dataset.c frees it; readers use
 * vo_ds_tasks_overdue (dataset.h). Design and proof: dataset_late.c.
 */
#ifndef VO_ANALYTICS_DATASET_LATE_H
#define VO_ANALYTICS_DATASET_LATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analytics/dataset.h"

/* Builds ds->tasks.late from the task columns for ds->users.n users
 * (replacing nothing: late must be NULL). False on OOM (nothing leaks;
 * vo_ds_late_free is still safe). */
bool vo_ds_late_build(struct vo_dataset *ds);
/* Adds / removes one task with these values (the assignee's index, -1 =
 * none, is ignored). remove must get the values it was added with. add is
 * false on OOM (the index is then unchanged). */
bool vo_ds_late_add(struct vo_dataset *ds, int32_t user, int64_t created_at, int64_t due_at,
                    int64_t done_at);
void vo_ds_late_remove(struct vo_dataset *ds, int32_t user, int64_t created_at, int64_t due_at,
                       int64_t done_at);
/* Frees the index (NULL is fine) and its heap bytes. */
void vo_ds_late_free(struct vo_dataset *ds);
size_t vo_ds_late_bytes(const struct vo_dataset *ds);

#endif
