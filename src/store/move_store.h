/*
 * move_store.h - a database copied whole into another, SQLite or
 * PostgreSQL either way, and checked (`voronka migrate --to`; move_store.c;
 * docs/SCALING.md, "Moving").
 */
#ifndef VO_STORE_MOVE_STORE_H
#define VO_STORE_MOVE_STORE_H

#include <stdbool.h>

#include "base/arena.h"
#include "base/err.h"
#include "model/move.h"

struct vo_store;

/* A test hook: runs on dest after the rows are written and before they
 * are checked, inside the copy's transaction (a test changes a row there
 * to see the check fail). NULL in production. */
typedef void (*vo_move_hook)(void *ctx, struct vo_store *dest);

/* Copies every table of src into dest, which must be a fresh database at
 * the same schema version (src at the latest) holding no org and no row:
 * VO_EVERSION when the versions are not, VO_ECONFLICT naming an org or a
 * table dest already holds. The tables are copied in the order of dest's
 * foreign keys, every column by name, in one transaction on dest with its
 * triggers off (so no value is stamped again), from one snapshot of src.
 * Then every table is counted and checksummed on both sides inside that
 * transaction: on a difference nothing is committed (dest stays empty),
 * out names the table and the result is VO_ESTORE naming it. With check
 * alone (copy false) nothing is written: the two databases, as they are,
 * are compared so. *out is filled (into a) in every case it could be. */
vo_err vo_store_move(struct vo_store *src, struct vo_store *dest, bool copy, struct vo_arena *a,
                     struct vo_move_report *out, vo_move_hook hook, void *hook_ctx,
                     struct vo_error *e);

#endif
