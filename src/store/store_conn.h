/*
 * store_conn.h - another connection to an open store's database, for work
 * that reads on a second thread while the first handle goes on (the
 * dataset loader reads the activities and tasks on one), and the read
 * transactions that make the two see the same commit. A store handle is
 * used by one thread at a time (store.h); each connection is a handle of
 * its own.
 */
#ifndef VO_STORE_STORE_CONN_H
#define VO_STORE_STORE_CONN_H

#include "base/err.h"
#include "store/store.h"

/* Opens a new read-only handle (*out, closed with vo_store_close) on the
 * database file st is open on, without migrating. It sees what is
 * committed, not st's open transaction. VO_ENOTFOUND when st's database
 * has no file another connection can open (in memory, temporary);
 * VO_ESTORE when the open fails. st is only read (its file name). */
vo_err vo_store_open_again(struct vo_store *st, struct vo_store **out, struct vo_error *e);

/* One consistent read on two connections. Opens a read transaction on st
 * and a second read-only handle on st's file (*out, for another thread)
 * whose read transaction sees the same commit: every table read on either
 * is the store as of one moment, whatever is committed meanwhile.
 *
 * SQLite's snapshot API (sqlite3_snapshot_open) would pin the second
 * reader to the first one's commit, but Debian's libsqlite3 is built
 * without SQLITE_ENABLE_SNAPSHOT. So: read st's PRAGMA data_version, start
 * the second handle's read transaction, then st's, and read data_version
 * again inside it. The value changes whenever another connection commits,
 * so an unchanged value means no commit came between the first read and
 * st's transaction, and the second handle's, started between the two,
 * sees the same commit. A changed one ends both and starts again; after
 * 16 tries (writes landing in every gap of a few microseconds) *out is
 * NULL and the caller reads everything on st, as it does when st's
 * database has no file (in memory). Writers are never blocked.
 *
 * st must be outside any transaction (VO_ESTORE otherwise). End with
 * vo_store_read_end(st) and vo_store_close(*out). VO_ESTORE on a database
 * error (nothing is left open). */
vo_err vo_store_read_pair(struct vo_store *st, struct vo_store **out, struct vo_error *e);
/* One read transaction on st alone (ended by vo_store_read_end): the
 * reads after it see one snapshot. st must be outside any transaction
 * (VO_ESTORE otherwise). */
vo_err vo_store_read_one(struct vo_store *st, struct vo_error *e);
/* Ends the read transaction of vo_store_read_pair on a handle (st or the
 * second one); nothing when none is open. */
void vo_store_read_end(struct vo_store *st);

/* A test hook on one handle: fn(ctx, point) runs on the handle's thread
 * at named points of a dataset load, so a test can commit a write (on a
 * connection of its own) at a chosen moment: after each pass of
 * vo_store_load_rows, with the table's name ("users", "deals",
 * "stage changes", ...), after each chunk of a big table's walk
 * ("chunk"), and in vo_store_read_pair between the second
 * handle's read transaction and st's ("read pair", once a try), and in
 * vo_store_read_one before its read transaction ("read one"). NULL
 * removes it; a handle from vo_store_open_again has none. Not for
 * production. */
typedef void (*vo_store_hook)(void *ctx, const char *point);
void vo_store_set_hook(struct vo_store *st, vo_store_hook fn, void *ctx);

/* The rows a chunk of vo_store_load_rows's big scans (activities, tasks)
 * reads, for every handle of the process; 0 puts back the default
 * (262,144). For tests, which cross chunk ends with small tables. */
void vo_store_set_load_chunk(int64_t rows);

#endif
