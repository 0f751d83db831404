/*
 * dataset_load.h - loading an org's dataset from the store: the one entry
 * point for "the org's data in memory" (the live datasets of the server,
 * the CLI's reports, the benchmarks and the tests). It streams the store's
 * rows (store.h, vo_store_load_rows) into analytics' builder
 * (analytics/dataset_build.h).
 */
#ifndef VO_SERVICE_DATASET_LOAD_H
#define VO_SERVICE_DATASET_LOAD_H

#include "analytics/dataset.h"
#include "store/store.h"

/* Loads every table of org from st into a new dataset (*out, freed with
 * vo_ds_free): the store as of one commit, whatever is committed while it
 * runs. It reads in one read transaction on st (call it outside any
 * transaction of st's), and the activities and the tasks on a second
 * thread through a second read-only connection to st's file whose read
 * transaction sees the same commit (vo_store_read_pair, store_conn.h);
 * both end before it returns. Without a second connection (a database in
 * memory) they load on st after the rest: the same dataset. VO_ENOTFOUND
 * when the org does not exist, VO_EINVAL when its zone is unknown,
 * VO_ESTORE on a database error or when a row names a user, team,
 * pipeline, stage, client or deal the org does not have (another org's:
 * the message names the row, its field and the id), VO_ENOMEM. On error
 * *out is untouched and nothing leaks. */
vo_err vo_svc_dataset_load(struct vo_store *st, int64_t org, struct vo_dataset **out,
                           struct vo_error *e);

#endif
