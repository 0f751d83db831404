/*
 * store_conn.h - another connection to an open store's database, for work
 * that reads on a second thread while the first handle goes on (the
 * dataset loader reads the activities and tasks on one). A store handle
 * is used by one thread at a time (store.h); each connection is a handle
 * of its own.
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

/* A test hook on one handle: fn(ctx, point) runs on the handle's thread
 * at named points of a dataset load, so a test can commit a write (on a
 * connection of its own) at a chosen moment: after each table pass of the
 * vo_store_load_* functions, with the table's name ("users", "deals",
 * "stage changes", ...). NULL removes it; a handle from
 * vo_store_open_again has none. Not for production. */
typedef void (*vo_store_hook)(void *ctx, const char *point);
void vo_store_set_hook(struct vo_store *st, vo_store_hook fn, void *ctx);

#endif
