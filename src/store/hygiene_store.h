/*
 * hygiene_store.h - the free text the hygiene list shows and the dataset
 * does not keep in memory: deal titles, task ids and titles.
 */
#ifndef VO_STORE_HYGIENE_STORE_H
#define VO_STORE_HYGIENE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "model/model.h"
#include "store/store.h"

/* The external id and title of deal id of org (copied into a; NULL when
 * the deal has none). VO_ENOTFOUND when there is no such deal, VO_ESTORE. */
vo_err vo_store_deal_label(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                           const char **ext_id, const char **title, struct vo_error *e);
/* The tasks of org open at as_of and due before it (created_at < as_of,
 * done_at NULL or >= as_of, due_at < as_of), ordered by created_at then id
 * (the dataset's task order), into an arena array *out of *n rows with id,
 * ext_id, title, assignee_id, created_at, due_at, deal_id, done_at. */
vo_err vo_store_tasks_overdue(struct vo_store *st, int64_t org, int64_t as_of, struct vo_arena *a,
                              struct vo_task **out, size_t *n, struct vo_error *e);

#endif
