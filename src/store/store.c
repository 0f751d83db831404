/*
 * store.c - opening the SQLite database, its pragmas, migrations,
 * transactions, the statement cache, backup and restore.
 *
 * Durability (docs/internals/store.md, "Group commit"): WAL, and no commit
 * returns before its frames are on disk, so a committed write survives a
 * kill -9, a crash of the machine or a power cut. A write connection runs
 * synchronous=NORMAL (a COMMIT appends its frames with write(), no sync;
 * checkpoints still sync the WAL before copying it and the database
 * after), and SQLite's WAL hook, run after every commit that wrote frames,
 * waits on the file's group-commit barrier (group_sync.c) until an
 * fdatasync() of the -wal file begun after the write has succeeded: the
 * commits of concurrent connections share one sync. That is what
 * synchronous=FULL does per commit (on Linux SQLite assumes powersafe
 * overwrite, so FULL adds no padding frames, only the sync), grouped. A
 * failed sync fails the commit's caller (sync_failed) and every later
 * commit of the process on the file. A handle without a barrier (no file,
 * read-only) keeps synchronous=FULL. Foreign keys on; a writer waiting for
 * SQLite's write lock is woken when another connection of the process ends
 * its write transaction (busy_wait), else polls, for up to 5 s.
 */
#include "store/store_int.h"
#include "store/store_conn.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BUSY_TIMEOUT_MS 5000
/* A waiting writer looks at the lock again this often even unwoken (a
 * writer of another process ends without telling this one). */
#define BUSY_POLL_MS 5
/* SQLite's default: a PASSIVE checkpoint once the WAL holds this many
 * pages (its own hook does it; ours replaces it, so ours does it too). */
#define WAL_AUTOCHECKPOINT 1000
/* The page cache of an import's transaction (vo_store_copy_mode), in KiB. */
#define VO_ST_IMPORT_CACHE_KIB 65536

/* The org rule's audit (docs/SCALING.md, "The Citus rule"): when the
 * environment's VO_ORG_AUDIT names a directory, every statement prepared
 * (vo_st_prep, vo_st_prep_dyn: its text as written, the same on both
 * backends) is appended once per process to DIR/<pid>.sql, each followed
 * by a NUL byte; tests/org_rule/check.py checks them after the unit tests.
 * Off (one test of a flag) when the variable is unset. */
static void audit(const char *sql)
{
    static GMutex lock;
    static GHashTable *seen;
    static const char *dir;
    static int fd = -1;
    static pid_t pid;
    static gsize init;
    if (g_once_init_enter(&init)) {
        dir = getenv("VO_ORG_AUDIT");
        g_once_init_leave(&init, 1);
    }
    if (!dir || !*dir)
        return;
    g_mutex_lock(&lock);
    if (pid != getpid()) { /* a fork (Criterion's workers) writes its own file */
        if (fd >= 0)
            close(fd);
        pid = getpid();
        char *path = g_strdup_printf("%s/%ld.sql", dir, (long)pid);
        g_mkdir_with_parents(dir, 0755);
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (fd < 0)
            g_warning("VO_ORG_AUDIT: cannot open %s: %s", path, g_strerror(errno));
        g_free(path);
    }
    if (!seen)
        seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    if (fd >= 0 && !g_hash_table_contains(seen, sql)) {
        g_hash_table_add(seen, g_strdup(sql));
        /* one write of the text and its NUL: whole even beside another process */
        size_t n = strlen(sql) + 1;
        if (write(fd, sql, n) != (ssize_t)n)
            g_warning("VO_ORG_AUDIT: cannot write to %s", dir);
    }
    g_mutex_unlock(&lock);
}

static void scope_end(struct vo_store *st);

vo_stmt *vo_st_prep(struct vo_store *st, const char *sql, struct vo_error *e)
{
    /* SQLite rolls the whole transaction back by itself when a statement
     * fails for lack of memory or disk (SQLITE_NOMEM, SQLITE_FULL,
     * SQLITE_IOERR) and goes on in autocommit mode: a caller that took the
     * failure for "not found" and carried on would commit each later write
     * on its own, half a use case. Every statement of a transaction comes
     * through here, so none runs once it is gone. */
    if (st->in_tx && vo_st_autocommit(st)) {
        vo_error_set(e, VO_ESTORE, NULL,
                     "the transaction was rolled back after an error; nothing of it was written");
        return NULL;
    }
    vo_stmt *s = g_hash_table_lookup(st->cache, sql);
    if (s) {
        if (s->lite) {
            sqlite3_progress_handler(st->db, 0, NULL, NULL);
            sqlite3_reset(s->lite);
            sqlite3_clear_bindings(s->lite);
            if (st->scoped && !sqlite3_stmt_readonly(s->lite))
                scope_end(st);
        } else {
            vo_pg_reset(s);
        }
        return s;
    }
    s = vo_st_prep_dyn(st, sql, e);
    if (!s)
        return NULL;
    /* Every statement is a constant of src/store/ (a few hundred), so the
     * cache holds them all for the connection's life: a statement handed
     * out may still be stepping in a caller's loop, and is never evicted. */
    g_hash_table_insert(st->cache, (gpointer)sql, s);
    return s;
}

vo_stmt *vo_st_prep_dyn(struct vo_store *st, const char *sql, struct vo_error *e)
{
    audit(sql);
    if (st->pg)
        return vo_pg_prepare(st, sql, e);
    sqlite3_progress_handler(st->db, 0, NULL, NULL);
    vo_stmt *s = calloc(1, sizeof *s);
    if (!s) {
        vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->lite, NULL) !=
        SQLITE_OK) {
        vo_st_fail(st, "prepare", e);
        free(s);
        return NULL;
    }
    if (st->scoped && !sqlite3_stmt_readonly(s->lite))
        scope_end(st);
    return s;
}

void vo_st_finalize(vo_stmt *s)
{
    if (!s)
        return;
    if (s->pg)
        vo_pg_finalize(s);
    else
        sqlite3_finalize(s->lite);
    free(s);
}

static void stmt_finalize(gpointer s)
{
    vo_st_finalize(s);
}

bool vo_st_autocommit(struct vo_store *st)
{
    return st->pg ? vo_pg_autocommit(st) : sqlite3_get_autocommit(st->db) != 0;
}

int64_t vo_changes(struct vo_store *st)
{
    return st->pg ? st->pg_changes : sqlite3_changes64(st->db);
}

bool vo_st_overflow(struct vo_store *st, vo_stmt *s, int rc)
{
    if (s->pg)
        return vo_pg_overflow(s);
    return rc == SQLITE_ERROR && strcmp(sqlite3_errmsg(st->db), "integer overflow") == 0;
}

int64_t vo_last_id(struct vo_store *st)
{
    return st->pg ? st->pg_last_id : sqlite3_last_insert_rowid(st->db);
}

/* Whether the connection's last failure was a full disk: SQLITE_FULL, or
 * an I/O error whose system error was ENOSPC or EDQUOT (growing the -shm
 * file or writing the WAL can fail that way). */
static bool disk_full(sqlite3 *db)
{
    int code = sqlite3_extended_errcode(db) & 0xff;
    int sys = sqlite3_system_errno(db);
    return code == SQLITE_FULL || (code == SQLITE_IOERR && (sys == ENOSPC || sys == EDQUOT));
}

/* The one message of VO_EFULL (docs/api-crm.md, "Errors"). */
#define FULL_MSG                                                                                   \
    "the server's disk is full: the change was not saved (free disk space on the server, then "    \
    "try again)"

/* A commit the group-commit barrier could not make durable (the WAL
 * hook's SQLITE_IOERR_FSYNC): the change is in the -wal file, but the disk
 * did not confirm it, and the barrier refuses every later commit of the
 * process on the file (group_sync.h). */
static vo_err sync_failed(struct vo_store *st, struct vo_error *e)
{
    int err = st->sync_errno;
    st->sync_errno = 0;
    return vo_error_set(e, VO_ESTORE, NULL,
                        "the change was written but the disk did not confirm it (%s): it may be "
                        "lost if the server loses power; check the server's disk and restart it",
                        g_strerror(err));
}

vo_err vo_st_fail(struct vo_store *st, const char *what, struct vo_error *e)
{
    if (st->pg)
        return vo_pg_fail(st, what, e);
    if (st->sync_errno)
        return sync_failed(st, e);
    int code = sqlite3_extended_errcode(st->db);
    const char *msg = sqlite3_errmsg(st->db);
    if (disk_full(st->db))
        return vo_error_set(e, VO_EFULL, NULL, FULL_MSG);
    if ((code & 0xff) == SQLITE_CONSTRAINT)
        return vo_error_set(e, VO_ECONFLICT, what, "%s: %s", what, msg);
    if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
        return vo_error_set(e, VO_ESTORE, what, "%s: the database is busy (%s)", what, msg);
    /* Only a failed bind interrupts a statement (bound() below). Still
     * VO_ESTORE: the database could not do it now (HTTP 503, where
     * VO_ENOMEM is a request over its cap, 413). */
    if ((code & 0xff) == SQLITE_INTERRUPT || (code & 0xff) == SQLITE_NOMEM)
        return vo_error_set(e, VO_ESTORE, what, "%s: out of memory", what);
    return vo_error_set(e, VO_ESTORE, what, "%s: %s", what, msg);
}

/* A value SQLite could not bind (out of memory copying a text) leaves the
 * parameter NULL, and the statement would run with it: a NOT NULL column
 * reads as a conflict, a nullable one is written without its value. The
 * helpers return nothing, so a failed bind arms a progress handler that
 * interrupts the connection's next statement at its first step (a write
 * interrupted so rolls its transaction back, see vo_st_prep); vo_st_prep
 * disarms it. Nothing is armed while binds succeed. */
static int refuse_statement(void *arg)
{
    (void)arg;
    return 1;
}

static void bound(vo_stmt *s, int rc)
{
    /* (pg.c keeps a failed bind on the statement and refuses its step) */
    if (rc != SQLITE_OK && s->lite)
        sqlite3_progress_handler(sqlite3_db_handle(s->lite), 1, refuse_statement, NULL);
}

void vo_st_text(vo_stmt *s, int i, const char *v)
{
    if (v)
        bound(s, vo_bind_text(s, i, v));
    else
        bound(s, vo_bind_null(s, i, VO_T_TEXT));
}

void vo_st_i64(vo_stmt *s, int i, int64_t v)
{
    bound(s, vo_bind_i64(s, i, v));
}

void vo_st_opt(vo_stmt *s, int i, int64_t v)
{
    if (v == VO_NULL)
        bound(s, vo_bind_null(s, i, VO_T_INT));
    else
        bound(s, vo_bind_i64(s, i, v));
}

void vo_st_id(vo_stmt *s, int i, int64_t v)
{
    if (v == 0)
        bound(s, vo_bind_null(s, i, VO_T_INT));
    else
        bound(s, vo_bind_i64(s, i, v));
}

const char *vo_st_col_text(vo_stmt *s, int i, struct vo_arena *a)
{
    const char *t = vo_col_text(s, i);
    if (!t)
        return NULL;
    return vo_arena_strndup(a, (const char *)t, (size_t)vo_col_bytes(s, i));
}

void vo_st_blob(vo_stmt *s, int i, const void *v, size_t n)
{
    bound(s, vo_bind_blob(s, i, v, n));
}

int64_t vo_st_col_opt(vo_stmt *s, int i)
{
    return vo_col_null(s, i) ? VO_NULL : vo_col_i64(s, i);
}

int64_t vo_st_col_id(vo_stmt *s, int i)
{
    return vo_col_null(s, i) ? 0 : vo_col_i64(s, i);
}

vo_err vo_st_exec(struct vo_store *st, vo_stmt *s, const char *what, struct vo_error *e)
{
    int rc = vo_step(s);
    if (rc != VO_DONE && rc != VO_ROW) {
        vo_err r = vo_st_fail(st, what, e);
        vo_reset(s);
        return r;
    }
    vo_reset(s);
    return VO_OK;
}

vo_err vo_st_one_i64(struct vo_store *st, vo_stmt *s, int64_t *out, const char *what,
                     struct vo_error *e)
{
    int rc = vo_step(s);
    if (rc == VO_ROW) {
        *out = vo_col_i64(s, 0);
        vo_reset(s);
        return VO_OK;
    }
    if (rc == VO_DONE) {
        vo_reset(s);
        return VO_ENOTFOUND;
    }
    vo_err r = vo_st_fail(st, what, e);
    vo_reset(s);
    return r;
}

vo_err vo_st_upsert(struct vo_store *st, vo_stmt *find, vo_stmt *write, int64_t *id, int64_t *rev,
                    enum vo_upsert *res, const char *what, struct vo_error *e)
{
    int64_t existing = 0, stored_rev = 0;
    if (res && !st->expect_new) {
        int rc = vo_step(find);
        if (rc == VO_ROW) {
            existing = vo_col_i64(find, 0);
            stored_rev = rev ? vo_col_i64(find, 1) : 0;
        }
        vo_err r = rc == VO_ROW || rc == VO_DONE ? VO_OK : vo_st_fail(st, what, e);
        vo_reset(find);
        if (r)
            return r;
    }
    /* no row found (or none looked for: the bulk path): on PostgreSQL in
     * bulk mode the INSERT may go by COPY (pg_copy.c) */
    st->pg_new_row = !existing;
    vo_err rc = vo_st_exec(st, write, what, e);
    st->pg_new_row = false;
    if (rc)
        return rc;
    bool wrote = vo_changes(st) > 0;
    if (existing) {
        *id = existing;
        *res = wrote ? VO_UPSERT_UPDATED : VO_UPSERT_UNCHANGED;
    } else {
        *id = vo_last_id(st);
        if (res)
            *res = VO_UPSERT_CREATED;
    }
    /* the DO UPDATE adds one to the revision the look-up read (the caller's
     * transaction holds the row between the two); a new row has 0 */
    if (rev)
        *rev = existing ? stored_rev + (wrote ? 1 : 0) : 0;
    return VO_OK;
}

static vo_err exec_sql(struct vo_store *st, const char *sql, const char *what, struct vo_error *e)
{
    if (st->pg)
        return vo_pg_exec(st, sql, what, e);
    scope_end(st);
    char *msg = NULL;
    if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        vo_err rc = st->sync_errno ? sync_failed(st, e)
                    : disk_full(st->db)
                        ? vo_error_set(e, VO_EFULL, NULL, FULL_MSG)
                        : vo_error_set(e, VO_ESTORE, NULL, "%s: %s", what, msg ? msg : "failed");
        sqlite3_free(msg);
        return rc;
    }
    return VO_OK;
}

vo_err vo_st_exec_sql(struct vo_store *st, const char *sql, const char *what, struct vo_error *e)
{
    return exec_sql(st, sql, what, e);
}

/* exec_sql of what may fail without anyone to tell (a rollback). */
static void exec_quiet(struct vo_store *st, const char *sql)
{
    exec_sql(st, sql, "", NULL);
}

/* A write transaction's BEGIN: SQLite's IMMEDIATE takes the database's
 * write lock at once, so writers are one at a time and a use case's
 * read-modify-write sees the latest row. On PostgreSQL (READ COMMITTED) the
 * same holds per org: a write transaction takes the org's advisory lock
 * (vo_store_use_org) and the shared lock of the whole database, one
 * without an org the exclusive one; so two writers of one org are one at a
 * time (their revision checks never fail for each other), writers of
 * different orgs go on together. */
static vo_err begin_write(struct vo_store *st, struct vo_error *e)
{
    if (!st->pg) {
        /* read before asking: a release from now on wakes busy_wait */
        if (st->gs)
            st->busy_seen = vo_gsync_released(st->gs);
        st->wal_hooked = false;
        return exec_sql(st, "BEGIN IMMEDIATE", "begin", e);
    }
    char sql[160];
    if (st->org > 0)
        snprintf(sql, sizeof sql,
                 "BEGIN; SELECT pg_advisory_xact_lock_shared(1, 0); "
                 "SELECT pg_advisory_xact_lock(1, %d)",
                 (int)(st->org % 2147483647) + 1);
    else
        snprintf(sql, sizeof sql, "BEGIN; SELECT pg_advisory_xact_lock(1, 0)");
    return exec_sql(st, sql, "begin", e);
}

/* A write transaction of st's ended without the WAL hook (which says so
 * itself): a rollback, or a commit that wrote nothing. Wakes a writer of
 * the process waiting for the lock (busy_wait). */
static void write_ended(struct vo_store *st)
{
    if (st->gs && !st->wal_hooked)
        vo_gsync_release(st->gs);
    st->wal_hooked = false;
}

void vo_store_use_org(struct vo_store *st, int64_t org)
{
    if (st)
        st->org = org;
}

int vo_store_schema_latest(void)
{
    return vo_store_migration_count;
}

static const char SQL_USER_VERSION[] = "PRAGMA user_version";

int vo_store_schema_version(struct vo_store *st)
{
    if (st->pg)
        return vo_pg_schema_version(st);
    vo_stmt *s = vo_st_prep(st, SQL_USER_VERSION, NULL);
    int64_t v = 0;
    if (!s || vo_st_one_i64(st, s, &v, "schema version", NULL) != VO_OK)
        return -1;
    return (int)v;
}

vo_err vo_store_migrate(struct vo_store *st, int *from, int *to, struct vo_error *e)
{
    return vo_store_migrate_to(st, vo_store_migration_count, from, to, e);
}

vo_err vo_store_migrate_to(struct vo_store *st, int target, int *from, int *to, struct vo_error *e)
{
    if (st->pg)
        return vo_pg_migrate_to(st, target, from, to, e);
    int v = vo_store_schema_version(st);
    if (v < 0)
        return vo_error_set(e, VO_ESTORE, NULL, "cannot read the schema version of %s", st->path);
    if (from)
        *from = v;
    if (v > vo_store_migration_count)
        return vo_error_set(e, VO_EVERSION, NULL,
                            "%s has schema version %d, newer than this voronka knows (%d): "
                            "upgrade voronka to open it",
                            st->path, v, vo_store_migration_count);
    if (target > vo_store_migration_count)
        target = vo_store_migration_count;
    for (int i = v; i < target; i++) {
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", i + 1);
        vo_err rc = begin_write(st, e);
        if (!rc)
            rc = exec_sql(st, vo_store_migrations[i], "migrate", e);
        /* user_version cannot take a bound parameter; the number is ours. */
        if (!rc)
            rc = exec_sql(st, pragma, "migrate", e);
        if (!rc)
            rc = exec_sql(st, "COMMIT", "migrate", e);
        if (rc)
            exec_quiet(st, "ROLLBACK");
        write_ended(st);
        if (rc)
            return rc;
    }
    if (to)
        *to = v > target ? v : target;
    return VO_OK;
}

/* The set-based updates of bulk mode's end (bulk_set_based), each run
 * over its table's rowids in chunks of BULK_CHUNK, one statement a chunk:
 * a statement's journal holds the old image of every page it changes
 * that the transaction had written before it, in memory in an import's
 * transaction (vo_store_copy_mode, taken at its BEGIN), so one UPDATE of
 * the whole table held the table: 590 MB more at the peak of a 10M-row
 * import. A chunk's rows are a few MB. {the table's last rowid, the
 * update of rowids ?1 < rowid <= ?2}: the deals' stage_since (schema.c,
 * migration 34), and the rows written without the updated_at triggers,
 * stamped now as the triggers would have (migration 22). */
#define BULK_CHUNK   65536
#define BULK_LAST(T) "SELECT coalesce(max(rowid), 0) FROM " T
#define BULK_STAMP(T)                                                                              \
    {                                                                                              \
        BULK_LAST(T),                                                                              \
            "UPDATE " T " SET updated_at = CAST(strftime('%s', 'now') AS INTEGER) WHERE "          \
            "rowid > ?1 AND rowid <= ?2 AND updated_at = 0"                                        \
    }
static const char *const SQL_BULK_UPDATES[][2] = {
    {BULK_LAST("deals"), VO_ST_STAGE_SINCE("WHERE rowid > ?1 AND rowid <= ?2")},
    BULK_STAMP("deals"),
    BULK_STAMP("clients"),
    BULK_STAMP("activities"),
    BULK_STAMP("tasks"),
    BULK_STAMP("payments"),
};

static vo_err rebuild_indexes(struct vo_store *st, struct vo_error *e);
static vo_err build_in_tx(struct vo_store *st, struct vo_error *e);

/* The definitions bulk mode or an import dropped, let go of: after their
 * rebuild, or after the rollback that undid the drops. */
static void forget_indexes(struct vo_store *st)
{
    if (st->bulk_indexes)
        g_ptr_array_free(st->bulk_indexes, TRUE);
    st->bulk_indexes = NULL;
    st->bulk_first = 0;
    st->bulk_tx = false;
}

void vo_store_close(struct vo_store *st)
{
    if (!st)
        return;
    scope_end(st);
    if (st->bulk_tx) {
        /* an import's transaction left open: closing rolls it back, the
         * drops with it */
        forget_indexes(st);
    } else if (st->bulk_indexes) {
        /* Never leave a database without its indexes. */
        rebuild_indexes(st, NULL);
    }
    /* PostgreSQL first: its statements need no DEALLOCATE once the
     * connection is gone */
    if (st->pg)
        vo_pg_close(st);
    if (st->routed)
        vo_store_rollback(st);
    if (st->cache)
        g_hash_table_destroy(st->cache);
    if (st->db)
        sqlite3_close(st->db);
    if (!st->is_writer) /* the writer's barrier is borrowed: it closes the writer */
        vo_gsync_leave(st->gs);
    free(st->path);
    free(st->url);
    free(st);
}

/* The allocator the torture tests put in front of SQLite's own (store.h). */
static sqlite3_mem_methods fault_base;

static void *fault_malloc(int n)
{
    return vo_alloc_fault() ? NULL : fault_base.xMalloc(n);
}

static void *fault_realloc(void *p, int n)
{
    return vo_alloc_fault() ? NULL : fault_base.xRealloc(p, n);
}

vo_err vo_store_alloc_fault_install(struct vo_error *e)
{
    if (fault_base.xMalloc)
        return VO_OK;
    sqlite3_shutdown();
    sqlite3_mem_methods m;
    if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &m) != SQLITE_OK)
        return vo_error_set(e, VO_ESTORE, NULL, "SQLite's allocator cannot be read");
    fault_base = m;
    m.xMalloc = fault_malloc;
    m.xRealloc = fault_realloc;
    if (sqlite3_config(SQLITE_CONFIG_MALLOC, &m) != SQLITE_OK) {
        fault_base.xMalloc = NULL;
        return vo_error_set(e, VO_ESTORE, NULL, "SQLite's allocator cannot be replaced");
    }
    return VO_OK;
}

/* vo_fold(text): the Unicode case folding of text (GLib), so that a search
 * is case-insensitive for Cyrillic too (SQLite's LIKE folds ASCII only). */
static void sql_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *t = (const char *)sqlite3_value_text(argv[0]);
    if (!t) {
        sqlite3_result_null(ctx);
        return;
    }
    if (!g_utf8_validate(t, -1, NULL)) {
        sqlite3_result_text(ctx, t, -1, SQLITE_TRANSIENT);
        return;
    }
    char *f = g_utf8_casefold(t, -1);
    sqlite3_result_text(ctx, f, -1, g_free);
}

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* SQLite's busy handler of a write connection: n is how many times it ran
 * for the statement. It sleeps until another connection of the process
 * ends its write transaction (vo_gsync_release) or BUSY_POLL_MS pass, and
 * gives up after BUSY_TIMEOUT_MS, as sqlite3_busy_timeout would; SQLite's
 * own sleeps (1, 2, 5 ... 100 ms) left a writer asleep long after the lock
 * was free (p99 1.1 s with 32 clients, docs/bench.md). */
static int busy_wait(void *arg, int n)
{
    struct vo_store *st = arg;
    int64_t now = mono_ms();
    if (n == 0)
        st->busy_since_ms = now;
    if (now - st->busy_since_ms >= BUSY_TIMEOUT_MS)
        return 0;
    st->busy_seen = vo_gsync_wait_free(st->gs, st->busy_seen, BUSY_POLL_MS);
    return 1;
}

/* SQLite's WAL hook: after every commit that wrote frames to the WAL, the
 * write lock already released. Wakes a waiting writer, waits for the group
 * sync that covers the frames, then checkpoints as SQLite's default hook
 * would. A failed sync fails the statement that committed (the commit has
 * happened all the same: sync_failed's message says so). */
static int wal_committed(void *arg, sqlite3 *db, const char *name, int pages)
{
    struct vo_store *st = arg;
    st->wal_hooked = true;
    vo_gsync_release(st->gs);
    /* the shared writer only takes the ticket: the sharing handle waits
     * for its sync once it has let the writer go (end_shared) */
    int err = 0;
    if (st->is_writer)
        st->ticket = vo_gsync_ticket(st->gs);
    else
        err = vo_gsync_commit(st->gs);
    if (pages >= WAL_AUTOCHECKPOINT)
        sqlite3_wal_checkpoint(db, name);
    if (err) {
        st->sync_errno = err;
        return SQLITE_IOERR_FSYNC;
    }
    return SQLITE_OK;
}

/* A write connection of a database file in WAL mode joins the file's
 * group-commit barrier and goes to synchronous=NORMAL, the barrier's sync
 * replacing SQLite's per commit. Anything else (in memory, a journal mode
 * other than WAL, the barrier not made) keeps synchronous=FULL and
 * SQLite's busy timeout. */
static void group_commit(struct vo_store *st)
{
    const char *file = sqlite3_db_filename(st->db, "main");
    const char *mode = NULL;
    sqlite3_stmt *q = NULL;
    if (!file || !*file ||
        sqlite3_prepare_v2(st->db, "PRAGMA journal_mode", -1, &q, NULL) != SQLITE_OK)
        return;
    if (sqlite3_step(q) == SQLITE_ROW)
        mode = (const char *)sqlite3_column_text(q, 0);
    bool wal = mode && strcmp(mode, "wal") == 0;
    sqlite3_finalize(q);
    if (!wal)
        return;
    st->gs = vo_gsync_join(file, sqlite3_filename_wal(file));
    if (!st->gs)
        return;
    if (exec_sql(st, "PRAGMA synchronous=NORMAL", "open", NULL) != VO_OK) {
        vo_gsync_leave(st->gs);
        st->gs = NULL;
        return;
    }
    sqlite3_wal_hook(st->db, wal_committed, st);
    sqlite3_busy_handler(st->db, busy_wait, st);
}

/* What opening ends with on either backend: a schema newer than this
 * voronka refused, and the migrations run unless flags say not to. */
static vo_err open_end(struct vo_store *st, int flags, struct vo_error *e)
{
    int v = vo_store_schema_version(st);
    if (v > vo_store_migration_count)
        return vo_error_set(e, VO_EVERSION, "db",
                            "%s has schema version %d, newer than this voronka knows (%d): "
                            "upgrade voronka to open it",
                            st->path, v, vo_store_migration_count);
    if (!(flags & (VO_STORE_NO_MIGRATE | VO_STORE_READONLY)))
        return vo_store_migrate(st, NULL, NULL, e);
    return VO_OK;
}

/* vo_now(): the instant in whole UTC seconds, SQLite's CAST(strftime('%s',
 * 'now') AS INTEGER) under a name PostgreSQL has too (pg_schema.c), so a
 * statement that stamps a row reads the same on both. */
static void sql_now(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_int64(ctx, (sqlite3_int64)time(NULL));
}

/* vo_bytes(text): its length in bytes (SQLite's length() counts
 * characters), under a name PostgreSQL has too (octet_length there). */
static void sql_bytes(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        sqlite3_result_null(ctx);
    else
        sqlite3_result_int64(ctx, sqlite3_value_bytes(argv[0]));
}

/* vo_real(x): a number as a real; a text that is a whole number (as
 * strtod reads it, nothing after) as that number; anything else NULL. The
 * same on PostgreSQL (pg_schema.c), where it never fails. */
static void sql_real(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    int t = sqlite3_value_type(argv[0]);
    if (t == SQLITE_INTEGER || t == SQLITE_FLOAT) {
        sqlite3_result_double(ctx, sqlite3_value_double(argv[0]));
        return;
    }
    const char *v = (const char *)sqlite3_value_text(argv[0]);
    char *end = NULL;
    double d = v && *v ? strtod(v, &end) : 0;
    if (t == SQLITE_TEXT && end && end != v && *end == '\0')
        sqlite3_result_double(ctx, d);
    else
        sqlite3_result_null(ctx);
}

vo_err vo_store_open(const char *path, int flags, struct vo_store **out, struct vo_error *e)
{
    *out = NULL;
    if (vo_pg_is_url(path)) {
        vo_err rc = vo_pg_open(path, flags, out, e);
        if (!rc && (rc = open_end(*out, flags, e)) != VO_OK) {
            vo_store_close(*out);
            *out = NULL;
        }
        return rc;
    }
    if (!(flags & VO_STORE_CREATE) && access(path, F_OK) != 0)
        return vo_error_set(e, VO_ENOTFOUND, "db",
                            "no database at %s (create one with `voronka init`)", path);
    struct vo_store *st = calloc(1, sizeof *st);
    if (!st)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    st->path = strdup(path);
    st->cache = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, stmt_finalize);
    int oflags = (flags & VO_STORE_READONLY) ? SQLITE_OPEN_READONLY
                                             : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    vo_err rc = VO_OK;
    if (!st->path ||
        sqlite3_open_v2(path, &st->db, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        rc = vo_error_set(e, VO_ESTORE, "db", "cannot open %s: %s", path,
                          st->db ? sqlite3_errmsg(st->db) : "out of memory");
        goto fail;
    }
    sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
    sqlite3_create_function(st->db, "vo_fold", 1,
                            SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, sql_fold,
                            NULL, NULL);
    sqlite3_create_function(st->db, "vo_now", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS, NULL, sql_now,
                            NULL, NULL);
    sqlite3_create_function(st->db, "vo_real", 1,
                            SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, sql_real,
                            NULL, NULL);
    sqlite3_create_function(st->db, "vo_bytes", 1,
                            SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, sql_bytes,
                            NULL, NULL);
    sqlite3_extended_result_codes(st->db, 1);
    /* Reading something proves it is a database at all. */
    rc = exec_sql(st, "SELECT count(*) FROM sqlite_schema", "open", NULL);
    if (rc) {
        vo_error_set(e, VO_ESTORE, "db", "%s is not a voronka database (SQLite: %s)", path,
                     sqlite3_errmsg(st->db));
        goto fail;
    }
    if (!(flags & VO_STORE_READONLY)) {
        rc = exec_sql(st,
                      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                      "PRAGMA foreign_keys=ON;",
                      "open", e);
        if (rc)
            goto fail;
        group_commit(st);
    } else {
        exec_sql(st, "PRAGMA foreign_keys=ON", "open", NULL);
    }
    rc = open_end(st, flags, e);
    if (rc)
        goto fail;
    *out = st;
    return VO_OK;
fail:
    vo_store_close(st);
    return rc;
}

vo_err vo_store_open_again(struct vo_store *st, struct vo_store **out, struct vo_error *e)
{
    *out = NULL;
    if (st->pg)
        return vo_pg_open(st->url, VO_STORE_READONLY | VO_STORE_NO_MIGRATE, out, e);
    const char *file = sqlite3_db_filename(st->db, "main");
    if (!file || !*file)
        return vo_error_set(e, VO_ENOTFOUND, "db", "the database has no file to open again");
    return vo_store_open(file, VO_STORE_READONLY | VO_STORE_NO_MIGRATE, out, e);
}

static const char SQL_DATA_VERSION[] = "PRAGMA data_version";

/* The connection's data version: it changes when another connection
 * commits (read in st's open transaction, it is that transaction's). */
static vo_err data_version(struct vo_store *st, int64_t *v, struct vo_error *e)
{
    vo_stmt *s = vo_st_prep(st, SQL_DATA_VERSION, e);
    if (!s)
        return VO_ESTORE;
    return vo_st_one_i64(st, s, v, "data version", e);
}

/* BEGIN, and a first read: a deferred transaction takes its snapshot (the
 * latest commit) at its first read, not at BEGIN. */
static vo_err read_begin(struct vo_store *st, struct vo_error *e)
{
    vo_err rc = exec_sql(st, "BEGIN", "read", e);
    if (!rc)
        rc = exec_sql(st, "SELECT count(*) FROM sqlite_schema", "read", e);
    if (rc)
        vo_store_read_end(st);
    return rc;
}

/* The read scope (store.h, vo_store_read_scope): a deferred BEGIN, whose
 * snapshot the first read takes. It ends before anything that is not a
 * read: a statement that writes (vo_st_prep), every exec_sql (BEGIN
 * IMMEDIATE, a savepoint, a pragma), a rollback, the handle's close. */
static void scope_end(struct vo_store *st)
{
    if (!st->scoped) /* never set on PostgreSQL */
        return;
    st->scoped = false;
    if (!sqlite3_get_autocommit(st->db) && sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL))
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

void vo_store_read_scope(struct vo_store *st, bool on)
{
    if (!st || st->pg)
        return;
    if (!on) {
        scope_end(st);
        return;
    }
    if (st->scoped || st->in_tx || st->batch || st->routed || !sqlite3_get_autocommit(st->db))
        return;
    st->scoped = sqlite3_exec(st->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
}

void vo_store_read_end(struct vo_store *st)
{
    if (st && !vo_st_autocommit(st))
        exec_quiet(st, "ROLLBACK");
}

vo_err vo_store_read_one(struct vo_store *st, struct vo_error *e)
{
    scope_end(st);
    if (st->in_tx || !vo_st_autocommit(st))
        return vo_error_set(e, VO_ESTORE, NULL,
                            "a consistent read needs a connection outside any transaction");
    if (st->hook)
        st->hook(st->hook_ctx, "read one");
    return st->pg ? vo_pg_read_one(st, e) : read_begin(st, e);
}

#define READ_PAIR_TRIES 16

vo_err vo_store_read_pair(struct vo_store *st, struct vo_store **out, struct vo_error *e)
{
    *out = NULL;
    scope_end(st);
    if (st->in_tx || !vo_st_autocommit(st))
        return vo_error_set(e, VO_ESTORE, NULL,
                            "a consistent read needs a connection outside any transaction");
    if (st->pg)
        return vo_pg_read_pair(st, out, e);
    struct vo_store *two = NULL;
    if (vo_store_open_again(st, &two, NULL) != VO_OK)
        return read_begin(st, e); /* no file to open again: st alone */
    for (int i = 0; i < READ_PAIR_TRIES; i++) {
        int64_t before = 0, inside = 0;
        vo_err rc = data_version(st, &before, e);
        if (!rc)
            rc = read_begin(two, e);
        if (!rc && st->hook)
            st->hook(st->hook_ctx, "read pair");
        if (!rc)
            rc = read_begin(st, e);
        if (!rc)
            rc = data_version(st, &inside, e);
        if (!rc && before == inside) {
            *out = two;
            return VO_OK;
        }
        vo_store_read_end(st);
        vo_store_read_end(two);
        if (rc) {
            vo_store_close(two);
            return rc;
        }
    }
    vo_store_close(two); /* a commit in every gap: read on st alone */
    return read_begin(st, e);
}

void vo_store_set_hook(struct vo_store *st, vo_store_hook fn, void *ctx)
{
    st->hook = fn;
    st->hook_ctx = ctx;
}

/* An item of a batch (vo_store_batch_begin) is a savepoint of the
 * batch's transaction: its "commit" keeps its writes for the batch's end,
 * its rollback undoes them alone. */
static const char SQL_ITEM[] = "SAVEPOINT vo_item";
static const char SQL_ITEM_RELEASE[] = "RELEASE vo_item";
static const char SQL_ITEM_UNDO[] = "ROLLBACK TO vo_item";

/* ---- The shared writer (docs/internals/store.md, "The shared writer")
 *
 * A handle that shares its writes (the server's: vo_store_share_writes)
 * runs each write transaction of vo_store_begin on the file's one writer
 * connection, made by the first and kept by the group-commit barrier,
 * which closes it with its last handle: the writer lock (a mutex) is
 * taken before BEGIN and let go after COMMIT, and the handle's db and
 * statement cache are the writer's meanwhile, so every store function
 * called in the transaction runs there. The writer's page cache then stays
 * good from one transaction to the next; the handles' own connections,
 * one per server thread, each made every other's stale with every commit
 * (a move cost 0.92 ms of CPU with two threads, 0.52 with one). The
 * writer's WAL hook only takes the commit's ticket; the handle waits for
 * its sync after letting the writer go, so the next transaction commits
 * while the sync runs and the next sync covers it. Imports' batches,
 * bulk mode and migrations write on the handle's own connection, under
 * SQLite's lock as before. */

static void close_writer(void *w)
{
    vo_store_close(w);
}

/* The handle's connection and cache swapped with the writer's, and back. */
static void route(struct vo_store *st, struct vo_store *w)
{
    st->own_db = st->db;
    st->own_cache = st->cache;
    st->db = w->db;
    st->cache = w->cache;
    st->routed = w;
}

static void unroute(struct vo_store *st)
{
    st->db = st->own_db;
    st->cache = st->own_cache;
    st->routed = NULL;
}

/* The file's writer, made when missing (under the writer lock): a
 * connection of its own on st's file that borrows st's barrier. NULL with
 * *rc VO_OK when it could not join the same barrier (then st writes on
 * its own connection). */
static struct vo_store *writer_of(struct vo_store *st, vo_err *rc, struct vo_error *e)
{
    struct vo_store *w = vo_gsync_writer(st->gs);
    *rc = VO_OK;
    if (w)
        return w;
    if ((*rc = vo_store_open(st->path, VO_STORE_NO_MIGRATE, &w, e)) != VO_OK)
        return NULL;
    if (w->gs != st->gs) {
        vo_store_close(w);
        return NULL;
    }
    vo_gsync_leave(w->gs); /* st's handles hold the barrier; it holds the writer */
    w->is_writer = true;
    vo_gsync_set_writer(st->gs, w, close_writer);
    return w;
}

static vo_err begin_shared(struct vo_store *st, struct vo_error *e)
{
    int err = vo_gsync_writer_lock(st->gs, BUSY_TIMEOUT_MS);
    if (err)
        return vo_error_set(e, VO_ESTORE, "begin", "%s: the database is busy (%s)", "begin",
                            g_strerror(err));
    vo_err rc;
    struct vo_store *w = writer_of(st, &rc, e);
    if (!w) {
        vo_gsync_writer_unlock(st->gs);
        return rc ? rc : begin_write(st, e);
    }
    w->busy_seen = vo_gsync_released(w->gs);
    w->wal_hooked = false;
    w->ticket = 0;
    route(st, w);
    if ((rc = exec_sql(st, "BEGIN IMMEDIATE", "begin", e)) != VO_OK) {
        unroute(st);
        vo_gsync_writer_unlock(st->gs);
    }
    return rc;
}

/* The end of a shared transaction (after its COMMIT or ROLLBACK): the
 * handle's own connection back, the writer let go; then, for a commit
 * that wrote frames, the wait for the sync that covers them. */
static vo_err end_shared(struct vo_store *st, struct vo_error *e)
{
    struct vo_store *w = st->routed;
    uint64_t ticket = w->wal_hooked ? w->ticket : 0;
    write_ended(w);
    unroute(st);
    st->in_tx = 0;
    vo_gsync_writer_unlock(st->gs);
    int err = ticket ? vo_gsync_wait(st->gs, ticket) : 0;
    if (err) {
        st->sync_errno = err;
        return sync_failed(st, e);
    }
    return VO_OK;
}

static void rollback_shared(struct vo_store *st)
{
    if (!vo_st_autocommit(st))
        exec_quiet(st, "ROLLBACK");
    end_shared(st, NULL);
}

static vo_err commit_shared(struct vo_store *st, struct vo_error *e)
{
    vo_err rc = exec_sql(st, "COMMIT", "commit", e);
    if (rc) {
        rollback_shared(st);
        return rc;
    }
    return end_shared(st, e);
}

void vo_store_share_writes(struct vo_store *st, bool on)
{
    if (st && !st->pg && !st->in_tx)
        st->share = on;
}

vo_err vo_store_begin(struct vo_store *st, struct vo_error *e)
{
    if (st->in_tx)
        return vo_error_set(e, VO_ESTORE, NULL, "a transaction is already open");
    scope_end(st); /* on the own connection, before a shared BEGIN routes away from it */
    /* SQLite may have rolled the batch back by itself (no memory, no
     * disk): a savepoint now would open a transaction of its own, and its
     * release commit this item alone */
    if (st->batch && vo_st_autocommit(st))
        return vo_error_set(e, VO_ESTORE, NULL,
                            "the transaction was rolled back after an error; nothing of it was "
                            "written");
    vo_err rc = st->batch             ? exec_sql(st, SQL_ITEM, "begin", e)
                : st->share && st->gs ? begin_shared(st, e)
                                      : begin_write(st, e);
    if (!rc)
        st->in_tx = 1;
    return rc;
}

vo_err vo_store_commit(struct vo_store *st, struct vo_error *e)
{
    vo_err built = st->bulk_tx ? build_in_tx(st, e) : VO_OK;
    if (built) {
        vo_store_rollback(st);
        return built;
    }
    if (st->routed)
        return commit_shared(st, e);
    /* an outer COMMIT that wrote frames returns once they are on disk:
     * wal_committed waits for the group sync */
    vo_err rc = exec_sql(st, st->batch ? SQL_ITEM_RELEASE : "COMMIT", "commit", e);
    if (rc) {
        vo_store_rollback(st);
        return rc;
    }
    if (!st->batch)
        write_ended(st);
    st->in_tx = 0;
    return VO_OK;
}

void vo_store_rollback(struct vo_store *st)
{
    scope_end(st);
    if (st->bulk_tx)
        forget_indexes(st);
    if (st->routed) {
        rollback_shared(st);
        return;
    }
    if (st->batch) {
        if (st->in_tx && !vo_st_autocommit(st)) {
            exec_quiet(st, SQL_ITEM_UNDO);
            exec_quiet(st, SQL_ITEM_RELEASE);
        }
        st->in_tx = 0;
        return;
    }
    if (!vo_st_autocommit(st))
        exec_quiet(st, "ROLLBACK");
    if (!st->pg)
        write_ended(st);
    st->in_tx = 0;
}

vo_err vo_store_batch_begin(struct vo_store *st, struct vo_error *e)
{
    if (st->in_tx || st->batch)
        return vo_error_set(e, VO_ESTORE, NULL, "a transaction is already open");
    vo_err rc = begin_write(st, e);
    if (!rc)
        st->batch = 1;
    return rc;
}

vo_err vo_store_batch_end(struct vo_store *st, bool keep, struct vo_error *e)
{
    vo_err rc = VO_OK;
    if (st->in_tx) /* an item left open: not kept */
        vo_store_rollback(st);
    st->batch = 0;
    if (keep && !vo_st_autocommit(st))
        rc = exec_sql(st, "COMMIT", "commit", e);
    else if (keep)
        rc = vo_error_set(e, VO_ESTORE, NULL,
                          "the transaction was rolled back after an error; nothing of it was "
                          "written");
    if (!vo_st_autocommit(st))
        exec_quiet(st, "ROLLBACK");
    if (!st->pg)
        write_ended(st);
    return rc;
}

static const char SQL_SAVEPOINT[] = "SAVEPOINT vo_row";
static const char SQL_SAVEPOINT_RELEASE[] = "RELEASE vo_row";
static const char SQL_SAVEPOINT_UNDO[] = "ROLLBACK TO vo_row";

vo_err vo_store_savepoint(struct vo_store *st, struct vo_error *e)
{
    if (!st->in_tx)
        return vo_error_set(e, VO_ESTORE, NULL, "no transaction is open");
    return exec_sql(st, SQL_SAVEPOINT, "savepoint", e);
}

vo_err vo_store_savepoint_end(struct vo_store *st, bool keep, struct vo_error *e)
{
    vo_err rc = keep ? VO_OK : exec_sql(st, SQL_SAVEPOINT_UNDO, "savepoint", e);
    if (!rc)
        rc = exec_sql(st, SQL_SAVEPOINT_RELEASE, "savepoint", e);
    return rc;
}

static const char SQL_BULK_INDEXES[] =
    "SELECT name, sql, type, tbl_name FROM sqlite_schema WHERE (type = 'index' OR (type = "
    "'trigger' AND (sql LIKE '%SET stage_since%' OR sql LIKE '%SET updated_at%' OR name IN "
    "('search_deal_ins', 'search_client_ins') OR name LIKE 'dataset\\_seq\\_%' ESCAPE '\\'))) "
    "AND sql IS NOT NULL AND tbl_name IN ('deals', "
    "'stage_changes', 'activities', 'tasks', 'payments', 'clients') "
    "AND NOT (?1 AND type = 'index' AND tbl_name = 'stage_changes') ORDER BY type = 'trigger', "
    "tbl_name <> 'stage_changes', name";
/* Whether a big table of SQL_BULK_INDEXES holds a row, of any org. */
static const char SQL_BULK_ANY_ROW[] =
    "SELECT EXISTS(SELECT 1 FROM deals) OR EXISTS(SELECT 1 FROM clients) OR EXISTS(SELECT 1 "
    "FROM stage_changes) OR EXISTS(SELECT 1 FROM activities) OR EXISTS(SELECT 1 FROM tasks) OR "
    "EXISTS(SELECT 1 FROM payments)";
/* Every org's dataset stamp raised once (migration 35): the work of the
 * dropped triggers of the stamp, whose rows' orgs bulk mode does not
 * track (its writer makes one org; the others' snapshots go stale for
 * nothing, which costs them a load). */
static const char SQL_BULK_STAMPS[] =
    "INSERT INTO dataset_seq(org_id, seq) SELECT id, 1 FROM orgs WHERE true "
    "ON CONFLICT(org_id) DO UPDATE SET seq = dataset_seq.seq + 1";
static const char SQL_BULK_LAST_DEAL[] = "SELECT coalesce(max(id), 0) FROM deals";
static const char SQL_BULK_LAST_CLIENT[] = "SELECT coalesce(max(id), 0) FROM clients";
/* The search rows (schema.c, SEARCH_SCHEMA: the rows search_deal_ins and
 * search_client_ins write, the same expressions over `new`) of the deals
 * and clients bulk mode wrote, in one statement each. */
static const char SQL_BULK_SEARCH_DEALS[] =
    "INSERT INTO search_fts(rowid, title, body, kind, obj_id, org_id, owner) SELECT new.id * 4 + "
    "1, COALESCE(new.title, ''), '', 'deal', new.id, new.org_id, 'u' || COALESCE(new.owner_id, "
    "0) FROM deals AS new WHERE new.id > ?1 ORDER BY new.id";
static const char SQL_BULK_SEARCH_CLIENTS[] =
    "INSERT INTO search_fts(rowid, title, body, kind, obj_id, org_id, owner) SELECT new.id * 4 + "
    "2, new.name, COALESCE(new.inn, '') || ' ' || COALESCE(new.phone_digits, '') || ' ' || "
    "COALESCE(new.email, ''), 'client', new.id, new.org_id, 'u' || COALESCE(new.owner_id, 0) "
    "FROM clients AS new WHERE new.id > ?1 ORDER BY new.id";

/* Drops the secondary indexes of the big tables, keeping their definitions
 * (read from the schema itself, so nothing is written twice) to rebuild
 * them at the end: one sort per index instead of a random B-tree insert per
 * row. Unique constraints stay, so the data is checked as it goes in. The
 * triggers that keep deals.stage_since go too (a look-up per row with no
 * index to use while the indexes are gone: the 200,000-deal demo ran for
 * over ten minutes instead of one); rebuild_indexes sets every deal's once,
 * then puts them back. So do those that stamp updated_at (migration 22: an
 * update per inserted row); rebuild_indexes stamps the rows written
 * without them. And the search index's triggers of a new deal or client:
 * with the FTS5 table in the transaction, every later statement of it (an
 * activity's insert as well) made FTS5 flush its pending rows at the
 * statement's savepoint, two fifths of the deals' writing time;
 * rebuild_indexes writes the rows of the deals and clients after
 * bulk_from in one statement each. Bulk mode's writer inserts deals and
 * clients; it does not change those it wrote (their search rows would be
 * written twice, a conflict at the end). And the triggers of the
 * dataset's stamp on those tables (migration 35: an upsert of the org's
 * one row per inserted row); rebuild_indexes raises every org's once.
 * keep_moves keeps the stage changes' index (the import's look-up of a
 * move, vo_store_stage_change_upsert). */
static vo_err drop_indexes(struct vo_store *st, bool keep_moves, struct vo_error *e)
{
    const char *const last[2] = {SQL_BULK_LAST_DEAL, SQL_BULK_LAST_CLIENT};
    for (size_t i = 0; i < 2; i++) {
        vo_stmt *q = vo_st_prep(st, last[i], e);
        if (!q || vo_st_one_i64(st, q, &st->bulk_from[i], "bulk mode", e) != VO_OK)
            return VO_ESTORE;
    }
    vo_stmt *s = vo_st_prep(st, SQL_BULK_INDEXES, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, keep_moves);
    GPtrArray *defs = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    guint first = 0;
    int rc;
    while ((rc = vo_step(s)) == VO_ROW) {
        /* The name comes from the schema, not from input; quoted as an
         * identifier all the same. */
        bool trigger = strcmp(vo_col_text(s, 2), "trigger") == 0;
        if (!trigger && strcmp(vo_col_text(s, 3), "stage_changes") == 0)
            first++;
        char *drop =
            sqlite3_mprintf("DROP %s \"%w\"", trigger ? "TRIGGER" : "INDEX", vo_col_text(s, 0));
        g_ptr_array_add(names, g_strdup(drop));
        sqlite3_free(drop);
        g_ptr_array_add(defs, g_strdup(vo_col_text(s, 1)));
    }
    vo_reset(s);
    vo_err err = rc == VO_DONE ? VO_OK : vo_st_fail(st, "bulk mode", e);
    for (guint i = 0; !err && i < names->len; i++) {
        err = exec_sql(st, names->pdata[i], "bulk mode", e);
    }
    g_ptr_array_free(names, TRUE);
    if (err) {
        g_ptr_array_free(defs, TRUE);
        return err;
    }
    st->bulk_indexes = defs;
    st->bulk_first = first;
    return VO_OK;
}

/* What the dropped triggers would have written, set-based: every deal's
 * stage_since (reading stage_changes_deal, built before), the updated_at
 * stamps, the search rows, the dataset stamps. Before the other indexes:
 * an update of a column they hold (updated_at, stage_since) would move
 * each row's entry in them. */
static vo_err bulk_set_based(struct vo_store *st, struct vo_error *e)
{
    vo_err err = VO_OK;
    for (size_t i = 0; !err && i < sizeof SQL_BULK_UPDATES / sizeof *SQL_BULK_UPDATES; i++) {
        int64_t last = 0;
        vo_stmt *q = vo_st_prep(st, SQL_BULK_UPDATES[i][0], e);
        if (!q || vo_st_one_i64(st, q, &last, "bulk mode: the set-based updates", e) != VO_OK)
            return VO_ESTORE;
        for (int64_t from = 0; !err && from < last; from += BULK_CHUNK) {
            vo_stmt *u = vo_st_prep(st, SQL_BULK_UPDATES[i][1], e);
            if (!u)
                return VO_ESTORE;
            vo_st_i64(u, 1, from);
            vo_st_i64(u, 2, from + BULK_CHUNK);
            err = vo_st_exec(st, u, "bulk mode: the set-based updates", e);
        }
    }
    if (!err)
        err = exec_sql(st, SQL_BULK_STAMPS, "bulk mode: the dataset stamps", e);
    const char *const search[2] = {SQL_BULK_SEARCH_DEALS, SQL_BULK_SEARCH_CLIENTS};
    for (size_t i = 0; !err && i < 2; i++) {
        vo_stmt *s = vo_st_prep(st, search[i], e);
        if (!s)
            return VO_ESTORE;
        vo_st_i64(s, 1, st->bulk_from[i]);
        err = vo_st_exec(st, s, "bulk mode: the search rows", e);
    }
    return err;
}

static vo_err rebuild_indexes(struct vo_store *st, struct vo_error *e)
{
    vo_err err = VO_OK;
    GPtrArray *defs = st->bulk_indexes;
    /* the stage changes' indexes come first (SQL_BULK_INDEXES' order), the
     * other indexes after the set-based updates, the triggers last */
    for (guint i = 0; defs && !err && i <= defs->len; i++) {
        if (i == st->bulk_first)
            err = bulk_set_based(st, e);
        if (!err && i < defs->len)
            err = exec_sql(st, defs->pdata[i], "bulk mode: rebuilding an index", e);
    }
    forget_indexes(st);
    return err;
}

vo_err vo_store_indexes_after(struct vo_store *st, bool *deferred, struct vo_error *e)
{
    *deferred = false;
    if (st->pg || !st->in_tx || st->batch || st->bulk_indexes)
        return VO_OK;
    int64_t any = 1;
    vo_stmt *q = vo_st_prep(st, SQL_BULK_ANY_ROW, e);
    if (!q || vo_st_one_i64(st, q, &any, "import: the tables' rows", e) != VO_OK)
        return VO_ESTORE;
    if (any)
        return VO_OK;
    vo_err rc = drop_indexes(st, true, e);
    if (rc)
        return rc;
    st->bulk_tx = true;
    *deferred = true;
    return VO_OK;
}

static const char SQL_TEMP_STORE[] = "PRAGMA temp_store";

/* vo_store_indexes_after's end, before the transaction's COMMIT. With the
 * import's temporary files in memory (vo_store_copy_mode), an index build
 * would sort the table's keys in memory, on one thread: SQLite reads the
 * setting when a sort starts (the statement journals' place it took at
 * BEGIN: SQL_BULK_UPDATES' chunks bound those). So the sorts spill to
 * disk meanwhile, on a second thread as bulk mode's. SQLite refuses the
 * change when the transaction has opened its temporary database (the
 * skip_invalid import's savepoints can); they then sort in memory. */
static vo_err build_in_tx(struct vo_store *st, struct vo_error *e)
{
    int64_t temp = 0;
    vo_stmt *q = vo_st_prep(st, SQL_TEMP_STORE, e);
    if (!q || vo_st_one_i64(st, q, &temp, "import: the indexes", e) != VO_OK)
        return VO_ESTORE; /* vo_store_commit rolls back: the drops undone, bulk_tx forgotten */
    bool to_disk = temp == 2 && exec_sql(st, "PRAGMA temp_store=FILE", "", NULL) == VO_OK;
    vo_err rc = exec_sql(st, "PRAGMA threads=2", "import: the indexes", e);
    if (!rc)
        rc = rebuild_indexes(st, e);
    vo_err rc2 =
        exec_sql(st, to_disk ? "PRAGMA temp_store=MEMORY; PRAGMA threads=0" : "PRAGMA threads=0",
                 "import: the indexes", rc ? NULL : e);
    return rc ? rc : rc2;
}

vo_err vo_store_bulk_mode(struct vo_store *st, bool on, struct vo_error *e)
{
    /* PostgreSQL: each commit of the generator's fresh database is not
     * waited for on disk (the session's synchronous_commit); the indexes
     * stay (the database may serve other orgs); the new rows go by COPY,
     * the deals' stage_since set at the end (pg_copy.c). */
    if (st->pg) {
        vo_err rc = on ? vo_pg_copy_begin(st, e) : vo_pg_copy_finish(st, e);
        vo_err rc2 =
            exec_sql(st, on ? "SET synchronous_commit = off" : "SET synchronous_commit = on",
                     "bulk mode", rc ? NULL : e);
        if (on && (rc || rc2))
            vo_pg_copy_end(st);
        return rc ? rc : rc2;
    }
    /* The rollback journal in memory instead of the WAL: every page is
     * written once instead of twice (WAL, then checkpoint). A transaction
     * still rolls back; a crash mid-way leaves a file to throw away, which
     * is fine for a generator writing a fresh database. The foreign keys
     * are not checked (a parent look-up per reference and row, a fifth of
     * the generator's time; checking them all at the end cost as much):
     * bulk mode's writer refers only to rows it wrote, and test_demo
     * checks its company with PRAGMA foreign_key_check. The index builds
     * at the end sort on a second thread. */
    if (on) {
        if (st->bulk_indexes)
            return VO_OK;
        vo_err rc = exec_sql(st,
                             "PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF; "
                             "PRAGMA cache_size=-262144; PRAGMA foreign_keys=OFF; "
                             "PRAGMA threads=2;",
                             "bulk mode", e);
        return rc ? rc : drop_indexes(st, false, e);
    }
    vo_err rc = rebuild_indexes(st, e);
    /* back to the connection's own durability: NORMAL with the group
     * commit's barrier, FULL without one (group_commit) */
    vo_err rc2 = exec_sql(st, st->gs ? "PRAGMA synchronous=NORMAL" : "PRAGMA synchronous=FULL",
                          "bulk mode", rc ? NULL : e);
    if (!rc2)
        rc2 = exec_sql(st,
                       "PRAGMA journal_mode=WAL; PRAGMA cache_size=-2000; "
                       "PRAGMA foreign_keys=ON; PRAGMA threads=0; PRAGMA optimize;",
                       "bulk mode", rc ? NULL : e);
    return rc ? rc : rc2;
}

vo_err vo_store_copy_mode(struct vo_store *st, bool on, struct vo_error *e)
{
    /* SQLite, set before the import's BEGIN, which takes them:
     * - statement journals in memory (temp_store). Each upsert in the
     *   transaction keeps one (its triggers write the search index); once
     *   one outgrew SQLITE_STMTJRNL_SPILL (64 KiB: an FTS merge), every
     *   later statement wrote its pages' old images to a temporary file:
     *   15 writes a row, 90 % of the import's time at 100,000 rows;
     * - a page cache of VO_ST_IMPORT_CACHE_KIB, bounded, so the memory
     *   stays flat whatever the import's size.
     * The WAL and the group commit's sync stay: a server may be reading. */
    if (!st->pg)
        return exec_sql(
            st,
            on ? "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-" G_STRINGIFY(VO_ST_IMPORT_CACHE_KIB)
               : "PRAGMA temp_store=DEFAULT; PRAGMA cache_size=-2000",
            "import mode", e);
    return on ? vo_pg_copy_begin(st, e) : vo_pg_copy_finish(st, e);
}

void vo_store_expect_new(struct vo_store *st, bool on)
{
    st->expect_new = on;
}

static vo_err copy_db(sqlite3 *from, sqlite3 *to, const char *what, const char *path,
                      struct vo_error *e)
{
    sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
    if (!b)
        return vo_error_set(e, VO_ESTORE, NULL, "%s %s: %s", what, path, sqlite3_errmsg(to));
    int rc;
    do {
        rc = sqlite3_backup_step(b, 1024);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
            sqlite3_sleep(50);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(b);
    if (rc != VO_DONE)
        return vo_error_set(e, VO_ESTORE, NULL, "%s %s: %s", what, path, sqlite3_errstr(rc));
    return VO_OK;
}

/* Backup and restore copy SQLite's file; a PostgreSQL server has its own
 * tools (docs/OPERATIONS.md). */
static vo_err not_on_pg(const char *what, struct vo_error *e)
{
    return vo_error_set(e, VO_EINVAL, "db",
                        "%s works on a SQLite database; back a PostgreSQL one up with pg_dump "
                        "and restore it with pg_restore",
                        what);
}

vo_err vo_store_backup(struct vo_store *st, const char *path, struct vo_error *e)
{
    if (st->pg)
        return not_on_pg("backup", e);
    if (access(path, F_OK) == 0)
        return vo_error_set(e, VO_ECONFLICT, "file", "%s already exists; not overwriting it", path);
    sqlite3 *dst = NULL;
    if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        vo_error_set(e, VO_EIO, "file", "cannot create %s: %s", path,
                     dst ? sqlite3_errmsg(dst) : "out of memory");
        sqlite3_close(dst);
        return VO_EIO;
    }
    vo_err rc = copy_db(st->db, dst, "backup to", path, e);
    sqlite3_close(dst);
    if (rc)
        unlink(path);
    return rc;
}

vo_err vo_store_restore(const char *db_path, const char *src_path, struct vo_error *e)
{
    if (vo_pg_is_url(db_path) || vo_pg_is_url(src_path))
        return not_on_pg("restore", e);
    struct vo_store *src = NULL;
    vo_err rc = vo_store_open(src_path, VO_STORE_READONLY, &src, e);
    if (rc)
        return rc;
    int v = vo_store_schema_version(src);
    if (v < 1) {
        vo_store_close(src);
        return vo_error_set(e, VO_EINVAL, "file", "%s is not a voronka backup (no schema)",
                            src_path);
    }
    struct vo_store *dst = NULL;
    rc = vo_store_open(db_path, VO_STORE_CREATE | VO_STORE_NO_MIGRATE, &dst, e);
    if (!rc) {
        rc = copy_db(src->db, dst->db, "restore into", db_path, e);
        if (!rc)
            rc = vo_store_migrate(dst, NULL, NULL, e);
    }
    vo_store_close(dst);
    vo_store_close(src);
    return rc;
}
