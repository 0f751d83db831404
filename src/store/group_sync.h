/*
 * group_sync.h - group commit for SQLite: the commits of one process's
 * connections to one database file made durable by shared fdatasync()
 * calls on its -wal file (store.c, "Durability"; docs/internals/store.md,
 * "Group commit").
 *
 * Write connections run WAL with synchronous=NORMAL: a COMMIT appends its
 * frames to the -wal file with write() and returns without syncing. Each
 * commit that wrote frames then takes a ticket and waits here until a sync
 * that began after its write has finished: the first waiter to find no
 * sync running leads one (on its own descriptor of the -wal file, which
 * flushes every frame written to that inode by anyone), the others wait on
 * a condition variable and are all acknowledged by it; one that came after
 * the running sync had begun waits for the next. So N concurrent commits
 * cost about two syncs instead of N, and none returns before its frames
 * are on disk.
 *
 * The same object wakes the process's writers waiting for SQLite's write
 * lock (store.c's busy handler) when a write transaction ends, instead of
 * SQLite's sleeps of up to 100 ms.
 */
#ifndef VO_STORE_GROUP_SYNC_H
#define VO_STORE_GROUP_SYNC_H

#include <stdbool.h>
#include <stdint.h>

/* The barrier of one database file (its device and inode), shared by the
 * connections of this process open on it. */
struct vo_gsync;

/* The barrier of the database file at db_path (created on first use), with
 * its -wal file at wal_path; one reference more. NULL when the file cannot
 * be stat()ed or memory is short (errno set). */
struct vo_gsync *vo_gsync_join(const char *db_path, const char *wal_path);
/* Drops one reference; the last frees the barrier and closes its
 * descriptor. NULL: nothing. */
void vo_gsync_leave(struct vo_gsync *g);

/* After a commit that wrote frames to the -wal file: returns once a sync
 * begun after the call has succeeded, 0; or the errno of the failed sync
 * that should have covered it (the commit is in the file but may not be
 * on disk). A failure is sticky: every later commit through this barrier
 * fails with the same errno (after a failed fsync Linux may have dropped
 * the dirty pages, so a later successful one proves nothing), until the
 * process has closed all its connections to the file. */
int vo_gsync_commit(struct vo_gsync *g);
/* vo_gsync_commit in two steps, for a commit made while holding the
 * shared writer: the ticket right after the COMMIT (under the lock), the
 * wait for its sync after the lock is let go, so the next writer commits
 * while this sync runs and the sync after covers it. */
uint64_t vo_gsync_ticket(struct vo_gsync *g);
int vo_gsync_wait(struct vo_gsync *g, uint64_t ticket);

/* The shared writer of the file (store.c, vo_store_share_writes): one
 * SQLite connection that the process's sharing handles write on, one
 * write transaction at a time, so its page cache is never made stale by
 * another connection's commit. vo_gsync_writer_lock waits up to ms for
 * it: 0, or ETIMEDOUT (or another errno of pthread_mutex_timedlock).
 * Under the lock, vo_gsync_writer is the connection (NULL until the first
 * holder makes it and sets it with the function that closes it, which
 * the barrier calls when its last handle leaves). */
int vo_gsync_writer_lock(struct vo_gsync *g, int ms);
void vo_gsync_writer_unlock(struct vo_gsync *g);
void *vo_gsync_writer(struct vo_gsync *g);
void vo_gsync_set_writer(struct vo_gsync *g, void *w, void (*close_writer)(void *));

/* The write lock's release counter: read it before trying to take SQLite's
 * write lock; vo_gsync_wait_free waits until it moves (another connection
 * of the process ended its write transaction) or ms have passed (a writer
 * in another process: no one here will say), and returns its new value. */
uint64_t vo_gsync_released(struct vo_gsync *g);
uint64_t vo_gsync_wait_free(struct vo_gsync *g, uint64_t seen, int ms);
/* A write transaction of this process ended (committed or rolled back):
 * wakes one writer waiting in vo_gsync_wait_free. */
void vo_gsync_release(struct vo_gsync *g);

/* The test seam: the sync call (fdatasync by default) of every barrier of
 * the process. Set only by tests, before any store is opened; NULL puts
 * fdatasync back. It returns 0 or -1 with errno set, like fdatasync. */
typedef int (*vo_gsync_fn)(int fd);
void vo_gsync_set_fn(vo_gsync_fn fn);
/* For tests: the commits counted so far by the barrier of the database
 * file at db_path (each has its ticket and is waiting or acknowledged); 0
 * when the process has none for it. */
uint64_t vo_gsync_tickets(const char *db_path);

#endif
