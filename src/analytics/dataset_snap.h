/*
 * dataset_snap.h - a dataset (dataset.h) as a flat stream of bytes and
 * back, for the snapshot file a restarting server reads instead of the
 * store (service/dataset_snap.c owns the file, its header and checksum;
 * docs/internals/analytics.md, "The snapshot").
 *
 * The stream is every column of every table as raw arrays in the
 * machine's byte order, each padded to 8 bytes (so a mapped file has them
 * aligned), the strings of a column as one block of NUL-terminated texts
 * after their lengths, then the indexes the build makes (deals by id, by
 * closing, the open lists, the stage changes' offsets, the tasks' late
 * lists, the rollup of days, the calendar's working-day sums): a decode
 * sorts nothing and scans no table. Only the dictionaries' hash tables and
 * the users' name order are made again (a few hundred entries).
 *
 * One function walks the dataset for both directions, so the two cannot
 * disagree; vo_ds_snap_layout() is a hash of the walk's shape (the
 * columns' names and sizes, the structs' sizes, the machine's byte order
 * and word size, VO_DS_SNAP_VERSION): a stream of another layout is
 * refused before any of it is read.
 */
#ifndef VO_ANALYTICS_DATASET_SNAP_H
#define VO_ANALYTICS_DATASET_SNAP_H

#include "analytics/dataset.h"

/* Raise when the stream changes in a way the layout hash cannot see (the
 * meaning of a column, the order of the walk). */
#define VO_DS_SNAP_VERSION 1

/* A hash of the stream's layout (see above). */
uint64_t vo_ds_snap_layout(void);

/* Writes ds through put(ctx, bytes, n), which returns false to stop (a
 * full disk). VO_EIO when put stopped. */
vo_err vo_ds_snap_encode(const struct vo_dataset *ds,
                         bool (*put)(void *ctx, const void *p, size_t n), void *ctx,
                         struct vo_error *e);

/* Reads a dataset of org back from a stream of len bytes through get(ctx,
 * buf, n), which fills buf with the next n bytes or returns false (a
 * short file). *out gets it (vo_ds_free) on VO_OK, is untouched
 * otherwise. VO_EINVAL when the stream is short, longer than the dataset,
 * or inconsistent (a count over its bound or over what is left of the
 * stream, refused before anything is allocated for it; another org; a
 * dictionary with a text twice), VO_ENOMEM. The caller checks the
 * stream's checksum: a decode trusts the values of a stream that passes
 * these checks. */
vo_err vo_ds_snap_decode(int64_t org, uint64_t len, bool (*get)(void *ctx, void *buf, size_t n),
                         void *ctx, struct vo_dataset **out, struct vo_error *e);

#endif
