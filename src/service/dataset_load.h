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

/* ---- the snapshot (dataset_snap.c; docs/internals/analytics.md) ---- */

/* What became of the org's snapshot file. */
enum vo_snap_use {
    VO_SNAP_OFF,   /* no snapshot directory: loaded from the store */
    VO_SNAP_NONE,  /* no file yet: loaded from the store */
    VO_SNAP_READ,  /* read from the file */
    VO_SNAP_STALE, /* rows changed since it was written: loaded from the store */
    VO_SNAP_BAD,   /* refused (damaged, another version's): loaded from the store */
    /* read from the file, and the rows changed since it was written
     * replayed from the store's change log */
    VO_SNAP_REPLAYED,
};
struct vo_snap_outcome {
    enum vo_snap_use use;
    struct vo_error why; /* STALE, BAD: what was found */
    int64_t replayed;    /* REPLAYED: the changes replayed (the log's rows) */
    /* loaded from the store, or replayed (VO_SVC_SNAP_REWRITE changes or
     * more), and a new file written */
    bool written;
    /* not written: the write's error (none when rows changed during the
     * load, which makes the new file stale already: it is not kept) */
    struct vo_error write_err;
};

/* The org's snapshot file in dir: dir/org-<id>.vds (g_free it). */
char *vo_svc_snap_path(const char *dir, int64_t org);

/* The replayed changes from which a server writes the snapshot again:
 * a quarter of what the change log holds after a claim (migration 37),
 * so the next start replays at most about as many. */
#define VO_SVC_SNAP_REWRITE 65536

/* The org's dataset, as vo_svc_dataset_load, but from the snapshot file
 * in dir when it is current (the store's stamp of the org and the token
 * it claimed are the file's), or when the store's change log holds every
 * change since the file's stamp and the dataset can take each in place
 * (rows inserted or updated in the tables of users, clients, deals, stage
 * changes, activities, tasks, payments and plans): the file, then those
 * rows as the store holds them now, in one read transaction
 * (VO_SNAP_REPLAYED). Otherwise loaded from the store. When write, a new
 * snapshot is written after a load from the store, and after a replay of
 * VO_SVC_SNAP_REWRITE changes or more (vo_svc_snap_write). dir NULL:
 * vo_svc_dataset_load. *how says which (a snapshot that could not be
 * read or written is no error: the dataset comes from the store). Call
 * outside any transaction of st's. Errors as vo_svc_dataset_load's. */
vo_err vo_svc_dataset_open(struct vo_store *st, int64_t org, const char *dir, bool write,
                           struct vo_dataset **out, struct vo_snap_outcome *how,
                           struct vo_error *e);

/* Where the snapshots of the database at db_path go by default: beside a
 * SQLite file, "<db_path>.snapshots"; NULL for PostgreSQL and a database
 * in memory (g_free it). */
char *vo_svc_snap_dir_default(const char *db_path);

/* Writes ds, as loaded from the store at its stamp, to its snapshot file
 * in dir (made when missing): a temporary file, the token claimed in the
 * store only if no row of the org changed since the stamp, then renamed
 * into place. *written false when rows changed (no error: the file is
 * dropped) or on an error (VO_EIO, VO_ESTORE, VO_ENOMEM). Call outside
 * any transaction of st's, and only for a dataset equal to the store at
 * its stamp: loaded, or read and replayed, with no change applied since. */
vo_err vo_svc_snap_write(struct vo_store *st, const char *dir, const struct vo_dataset *ds,
                         bool *written, struct vo_error *e);

#endif
