/*
 * store_int.h - what the SQLite backend's files share: the handle, the
 * prepared-statement cache, and the binding helpers. Only src/store/
 * includes this file.
 */
#ifndef VO_STORE_INT_H
#define VO_STORE_INT_H

#include <glib.h>
#include <stddef.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include "store/db.h"
#include "store/group_sync.h"
#include "store/store.h"
#include "store/store_conn.h"

struct vo_store {
    sqlite3 *db; /* SQLite: the connection; NULL on PostgreSQL */
    PGconn *pg;  /* PostgreSQL (pg.c): the connection; NULL on SQLite */
    char *path;  /* the file, or the PostgreSQL URL (its password hidden) */
    char *url;   /* PostgreSQL: the URL to connect again with */
    int64_t org; /* the org the handle writes for (vo_store_use_org), 0 = none */
    /* PostgreSQL: what the last statement left (pg.c): the rows it
     * changed, the id its INSERT made, its failure's SQLSTATE and text */
    int64_t pg_changes, pg_last_id;
    char pg_state[6];
    char *pg_error;
    unsigned pg_seq;            /* names of the statements prepared on the connection */
    GHashTable *pg_id_tables;   /* the tables with an id column (pg.c: RETURNING id) */
    struct vo_pg_copy *pg_copy; /* bulk mode's rows queued for COPY (pg_copy.c), NULL when off */
    bool pg_new_row;            /* the INSERT run now writes a new row (vo_st_upsert) */
    bool expect_new;            /* vo_store_expect_new: upserts skip their look-up */
    int in_tx;
    int batch;               /* vo_store_batch_begin: begin/commit are an item's savepoint */
    GHashTable *cache;       /* SQL constant's address -> its prepared statement, every statement
                              * prepared on the connection (vo_st_prep), finalized on close */
    GPtrArray *bulk_indexes; /* index and trigger definitions dropped by bulk mode */
    guint bulk_first;        /* how many of them (the stage changes' indexes) go before the
                              * set-based updates (store.c, rebuild_indexes) */
    int64_t bulk_from[2];    /* the last deal and client before bulk mode: the search rows of
                              * those after it are written at its end */
    bool bulk_tx;            /* bulk_indexes dropped in the open transaction
                              * (vo_store_indexes_after): built at its commit, forgotten at
                              * its rollback */
    vo_store_hook hook;      /* vo_store_set_hook (tests), NULL when none */
    void *hook_ctx;
    /* SQLite write connections: the group-commit barrier of the file
     * (group_sync.h; NULL on PostgreSQL, read-only and in-memory handles,
     * which then keep synchronous=FULL and SQLite's busy timeout) */
    struct vo_gsync *gs;
    int sync_errno;        /* the errno of the last commit's failed sync, 0 when none */
    bool wal_hooked;       /* the WAL hook ran for the last COMMIT (it wrote frames) */
    uint64_t busy_seen;    /* the barrier's release count before the write lock was asked for */
    int64_t busy_since_ms; /* when the busy handler began waiting for the statement */
    /* Shared writes (vo_store_share_writes; store.c, "The shared
     * writer"): share, the handle's write transactions go to the file's
     * shared writer; routed, the writer of the one under way, whose
     * connection and statements db and cache are meanwhile (own_db and
     * own_cache: the handle's own). On the writer itself: is_writer, and
     * ticket, its last commit's ticket of the barrier. */
    bool share;
    bool is_writer;
    struct vo_store *routed;
    sqlite3 *own_db;
    GHashTable *own_cache;
    uint64_t ticket;
    /* vo_store_read_scope: a read transaction open on the own connection
     * outside in_tx, ended by the first write, BEGIN or exec_sql */
    bool scoped;
};

/* The statement that sets deals.stage_since (when a deal entered its
 * stage: its last stage change into its current stage, else its creation)
 * for the deals WHERE selects (a clause, "" for every deal). Migration 10
 * and its triggers keep the column with it; bulk mode, which drops those
 * triggers, sets every deal's with it once at the end. */
#define VO_ST_STAGE_SINCE(WHERE)                                                                   \
    "UPDATE deals SET stage_since = COALESCE((SELECT max(sc.at) FROM stage_changes sc WHERE "      \
    "sc.deal_id = deals.id AND sc.stage_id = deals.stage_id), deals.created_at) " WHERE ";"

extern const char *const vo_store_migrations[];
extern const int vo_store_migration_count;

/* The cached statement for sql, reset and with bindings cleared; NULL with
 * e set on failure. sql must be a string constant (its address is the key). */
vo_stmt *vo_st_prep(struct vo_store *st, const char *sql, struct vo_error *e);
/* A statement outside the cache, for SQL made at run time (the doctor's,
 * the dump's): finalized with vo_st_finalize. NULL with e set. */
vo_stmt *vo_st_prep_dyn(struct vo_store *st, const char *sql, struct vo_error *e);
void vo_st_finalize(vo_stmt *s);

/* Whether the connection is outside any transaction (SQLite's autocommit;
 * on PostgreSQL, idle). */
bool vo_st_autocommit(struct vo_store *st);
/* The rows the last INSERT, UPDATE or DELETE changed. */
int64_t vo_changes(struct vo_store *st);
/* The id of the row the last INSERT made (SQLite's rowid; on PostgreSQL
 * the id its statement returned, pg.c). */
int64_t vo_last_id(struct vo_store *st);
/* Whether step rc of s failed on an integer sum past int64 (SQLite's
 * sum() stops with "integer overflow"; PostgreSQL's numeric sum reads past
 * the range). */
bool vo_st_overflow(struct vo_store *st, vo_stmt *s, int rc);
/* Runs sql (one statement or several, no parameters: migrations, pragmas,
 * transactions), the store's error as `what`. */
vo_err vo_st_exec_sql(struct vo_store *st, const char *sql, const char *what, struct vo_error *e);

/* The PostgreSQL backend (pg.c). */
vo_err vo_pg_open(const char *url, int flags, struct vo_store **out, struct vo_error *e);
void vo_pg_close(struct vo_store *st);
vo_stmt *vo_pg_prepare(struct vo_store *st, const char *sql, struct vo_error *e);
void vo_pg_finalize(vo_stmt *s);
bool vo_pg_autocommit(struct vo_store *st);
bool vo_pg_overflow(vo_stmt *s);
vo_err vo_pg_fail(struct vo_store *st, const char *what, struct vo_error *e);
vo_err vo_pg_exec(struct vo_store *st, const char *sql, const char *what, struct vo_error *e);
/* Keeps the failure of res (NULL: the connection's) for vo_pg_fail. */
void vo_pg_keep_error(struct vo_store *st, const PGresult *res);

/* Bulk mode's COPY queue on PostgreSQL (pg_copy.c). begin turns it on;
 * finish sends what is queued in an open transaction, then turns it off;
 * end turns it off (what was not sent is dropped: a failure's way out);
 * flush sends every
 * queued row (0, or SQLITE_ERROR with the error kept); discard drops them
 * (a rollback). form tells whether a translated statement can be queued,
 * row queues one. */
vo_err vo_pg_copy_begin(struct vo_store *st, struct vo_error *e);
vo_err vo_pg_copy_finish(struct vo_store *st, struct vo_error *e);
void vo_pg_copy_end(struct vo_store *st);
int vo_pg_copy_flush(struct vo_store *st);
void vo_pg_copy_discard(struct vo_store *st);
bool vo_pg_copy_form(const char *sql, int nparams, char **key, size_t *name, bool *conflict);
/* n bytes at v in COPY's text format, appended to g: a backslash before
 * the characters it would read otherwise; bytea (raw bytes) as its hex
 * input. (SQL NULL is \N, the caller's.) */
void vo_pg_copy_text(GString *g, const void *v, size_t n, bool bytea);
int vo_pg_copy_row(struct vo_store *st, const char *key, size_t name, bool with_id, int n,
                   char *const *values, const int *lengths, const int *formats);
/* Whether path names a PostgreSQL database (postgres:// or
 * postgresql://). */
bool vo_pg_is_url(const char *path);
int vo_pg_schema_version(struct vo_store *st);
vo_err vo_pg_migrate_to(struct vo_store *st, int target, int *from, int *to, struct vo_error *e);
vo_err vo_pg_read_pair(struct vo_store *st, struct vo_store **out, struct vo_error *e);
vo_err vo_pg_read_one(struct vo_store *st, struct vo_error *e);

/* Turns the connection's last error into VO_ESTORE (or VO_ECONFLICT for a
 * constraint) with what/field in e. */
vo_err vo_st_fail(struct vo_store *st, const char *what, struct vo_error *e);

/* "%text%" with text case-folded (as the SQL function vo_fold folds a
 * column, so that "ромашка" finds "ООО Ромашка") and its LIKE wildcards
 * escaped by '\\' (ESCAPE '\\'), in a; NULL when out of memory
 * (crm_store.c). */
const char *vo_st_like(const char *query, struct vo_arena *a);

/* Binding helpers: NULL text, VO_NULL numbers and 0 ids bind SQL NULL. */
void vo_st_text(vo_stmt *s, int i, const char *v);
void vo_st_i64(vo_stmt *s, int i, int64_t v);
void vo_st_opt(vo_stmt *s, int i, int64_t v); /* VO_NULL -> NULL */
void vo_st_id(vo_stmt *s, int i, int64_t v);  /* 0 -> NULL */
void vo_st_blob(vo_stmt *s, int i, const void *v, size_t n);

/* Column readers: text copied into the arena (NULL stays NULL). */
const char *vo_st_col_text(vo_stmt *s, int i, struct vo_arena *a);
int64_t vo_st_col_opt(vo_stmt *s, int i); /* NULL -> VO_NULL */
int64_t vo_st_col_id(vo_stmt *s, int i);  /* NULL -> 0 */

/* Runs a statement that returns no rows. */
vo_err vo_st_exec(struct vo_store *st, vo_stmt *s, const char *what, struct vo_error *e);
/* Runs a look-up that returns one integer; VO_ENOTFOUND when no row. */
vo_err vo_st_one_i64(struct vo_store *st, vo_stmt *s, int64_t *out, const char *what,
                     struct vo_error *e);

/* The upsert protocol shared by every record with a key: `find` (bound by
 * the caller) tells whether the key exists; `write` (bound) is an
 * INSERT ... ON CONFLICT DO UPDATE ... WHERE <some field differs>. With
 * res == NULL only `write` runs (a new row). Sets *id. For a table with a
 * revision (rev != NULL), `find` selects (id, rev) and `write` sets
 * rev = rev + 1 in its DO UPDATE; *rev gets the stored row's: 0 for a new
 * row, the look-up's (+1 when the write updated it) for an existing one,
 * exact when the caller's transaction holds the row across the two. */
vo_err vo_st_upsert(struct vo_store *st, vo_stmt *find, vo_stmt *write, int64_t *id, int64_t *rev,
                    enum vo_upsert *res, const char *what, struct vo_error *e);

/* One parameter of a row to bind (params.c): ?1 is the row's first. The
 * kinds are those of the binding helpers above. */
struct vo_st_param {
    enum { VO_PK_I64, VO_PK_OPT, VO_PK_ID, VO_PK_TEXT } kind;
    int64_t i;
    const char *s;
};
#define VO_P_I64(v)                                                                                \
    {                                                                                              \
        VO_PK_I64, (v), NULL                                                                       \
    }
#define VO_P_OPT(v)                                                                                \
    {                                                                                              \
        VO_PK_OPT, (v), NULL                                                                       \
    }
#define VO_P_ID(v)                                                                                 \
    {                                                                                              \
        VO_PK_ID, (v), NULL                                                                        \
    }
#define VO_P_TEXT(v)                                                                               \
    {                                                                                              \
        VO_PK_TEXT, 0, (v)                                                                         \
    }

/* Binds p[0..n) to ?1..?n of s. */
void vo_st_bind(vo_stmt *s, const struct vo_st_param *p, size_t n);

/* Finishes a listing: resets s; VO_ENOMEM when oom, the store's error as
 * `what` when the last step rc is not VO_DONE. */
vo_err vo_st_list_done(struct vo_store *st, vo_stmt *s, int rc, bool oom, const char *what,
                       struct vo_error *e);

/* Reads one row of s into item (zeroed), its strings into a. */
typedef void (*vo_st_row_fn)(vo_stmt *s, struct vo_arena *a, void *item);

/* The number of parameters in a row table. */
#define VO_ST_N(p) (sizeof(p) / sizeof((p)[0]))

/* The cached statement for sql with p[0..n) bound; NULL with e set. */
vo_stmt *vo_st_prep_bind(struct vo_store *st, const char *sql, const struct vo_st_param *p,
                         size_t n, struct vo_error *e);

/* Runs sql (no rows wanted) with p[0..n) bound; the store's error as
 * `what`. */
vo_err vo_st_run(struct vo_store *st, const char *sql, const struct vo_st_param *p, size_t n,
                 const char *what, struct vo_error *e);

/* vo_st_run of an UPDATE or DELETE that must touch a row: VO_ENOTFOUND,
 * with e left for the caller to word, when it touched none. */
vo_err vo_st_run_one(struct vo_store *st, const char *sql, const struct vo_st_param *p, size_t n,
                     const char *what, struct vo_error *e);

/* vo_st_run_one of a change to the object with that id: VO_ENOTFOUND
 * "no <noun> <id>" names `field`. */
vo_err vo_st_change_one(struct vo_store *st, const char *sql, const struct vo_st_param *p, size_t n,
                        const char *what, const char *field, const char *noun, int64_t id,
                        struct vo_error *e);

/* vo_st_run of an INSERT: *id gets the new row's id. */
vo_err vo_st_insert(struct vo_store *st, const char *sql, const struct vo_st_param *p, size_t n,
                    int64_t *id, const char *what, struct vo_error *e);

/* Reads the first row of sql (p[0..n) bound) into item with fn, its
 * strings into a: VO_ENOTFOUND, with e left for the caller to word, when
 * there is none (item untouched). */
vo_err vo_st_get(struct vo_store *st, const char *sql, const struct vo_st_param *p, size_t n,
                 struct vo_arena *a, vo_st_row_fn fn, void *item, const char *what,
                 struct vo_error *e);

/* vo_st_get of one object by org (?1) and id (?2), the one ownership check
 * of a read by id: VO_ENOTFOUND "no <what> <id>" names `field`. */
vo_err vo_st_get_id(struct vo_store *st, const char *sql, int64_t org, int64_t id,
                    struct vo_arena *a, vo_st_row_fn fn, void *item, const char *field,
                    const char *what, struct vo_error *e);

/* vo_st_get_id into item zeroed first (size bytes), so that what the row
 * does not set is 0 / NULL, and so is all of it when there is no row. */
vo_err vo_st_get_id_z(struct vo_store *st, const char *sql, int64_t org, int64_t id,
                      struct vo_arena *a, vo_st_row_fn fn, void *item, size_t size,
                      const char *field, const char *what, struct vo_error *e);

/* Defines `name`, the public get by id of one object of type T (store.h:
 * org, id, the arena, out, e): vo_st_get_id_z of sql read by fn,
 * VO_ENOTFOUND "no <what> <id>" naming "id". */
#define VO_ST_GET_FN(name, T, sql, fn, what)                                                       \
    vo_err name(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a, T *out,          \
                struct vo_error *e)                                                                \
    {                                                                                              \
        return vo_st_get_id_z(st, sql, org, id, a, fn, out, sizeof *out, "id", what, e);           \
    }

/* A vo_st_row_fn reading column 0 into the int64_t at item (a count, an
 * id, a RETURNING rev). */
void vo_st_row_i64(vo_stmt *s, struct vo_arena *a, void *item);

/* A vo_st_row_fn reading column 0 as text (copied into a) into the
 * const char * at item. */
void vo_st_row_text(vo_stmt *s, struct vo_arena *a, void *item);

/* Runs an UPDATE ... SET ..., rev = rev + 1 WHERE org_id = ?1 AND id = ?n
 * RETURNING rev (p[n-1] the id): *rev gets the row's new revision; no row
 * is VO_ENOTFOUND "no <what> <id>". (All of a RETURNING statement's
 * changes are made by its first step.) */
vo_err vo_st_update_rev(struct vo_store *st, const char *sql, const struct vo_st_param *p, size_t n,
                        int64_t *rev, const char *what, struct vo_error *e);
/* The same with optimistic concurrency, for a statement whose last two
 * parameters are the id (p[n-2]) and the revision the change was made
 * against (p[n-1], negative = any), ending "AND (?n < 0 OR rev = ?n)
 * RETURNING rev": the check and the write are one statement. No row with a
 * revision given is VO_ESTALE naming "version" (the caller loaded the row
 * in the same transaction, so it exists); without one, VO_ENOTFOUND. */
vo_err vo_st_update_rev_if(struct vo_store *st, const char *sql, const struct vo_st_param *p,
                           size_t n, int64_t *rev, const char *what, struct vo_error *e);

/* A vo_st_row_fn reading columns 0 and 1 (NULL -> 0) into the int64_t[2]
 * at item. */
void vo_st_row_i64x2(vo_stmt *s, struct vo_arena *a, void *item);

/* Runs sql (p[0..np) bound) to the end, reading its first row into item
 * with fn: *count gets the number of rows (item untouched when 0), for a
 * look-up that should find at most one. */
vo_err vo_st_first(struct vo_store *st, const char *sql, const struct vo_st_param *p, size_t np,
                   struct vo_arena *a, vo_st_row_fn fn, void *item, int *count, const char *what,
                   struct vo_error *e);

/* Steps s to the end, reading each row with fn into a growing array of
 * items of size bytes in a. `out` is the address of the caller's pointer
 * to its items (a struct vo_x **): it and *n are set in every case (what
 * was read). VO_ENOMEM, or the store's error as `what`. */
vo_err vo_st_rows(struct vo_store *st, vo_stmt *s, struct vo_arena *a, size_t size, vo_st_row_fn fn,
                  void *out, size_t *n, const char *what, struct vo_error *e);

/* vo_st_rows of the cached statement for sql with p[0..np) bound. */
vo_err vo_st_list(struct vo_store *st, const char *sql, const struct vo_st_param *p, size_t np,
                  struct vo_arena *a, size_t size, vo_st_row_fn fn, void *out, size_t *n,
                  const char *what, struct vo_error *e);

/* vo_st_list with ?1 = key (an org, a pipeline) alone: a whole listing. */
vo_err vo_st_list_by(struct vo_store *st, const char *sql, int64_t key, struct vo_arena *a,
                     size_t size, vo_st_row_fn fn, void *out, size_t *n, const char *what,
                     struct vo_error *e);

/* The id of the org's `what` (a team, a pipeline) called name:
 * find_sql takes ?1 the org and ?2 the name. VO_ENOTFOUND says "no <what>
 * "<name>"". */
vo_err vo_st_named_find(struct vo_store *st, const char *find_sql, int64_t org, const char *name,
                        int64_t *id, const char *what, struct vo_error *e);
/* vo_st_named_find, else insert_sql (the same ?1, ?2) makes it; *created
 * (when given) says which. */
vo_err vo_st_named_ensure(struct vo_store *st, const char *find_sql, const char *insert_sql,
                          int64_t org, const char *name, int64_t *id, bool *created,
                          const char *what, struct vo_error *e);

/* One column of a SELECT read into a field of a row struct (vo_st_cols):
 * a table's k-th entry reads column k. VO_C_INT reads an integer (NULL is
 * 0: counts, ids, flags) into the field at its width (8, 4 or 2 bytes; a
 * bool gets value != 0), VO_C_OPT one with NULL -> VO_NULL, VO_C_TEXT text
 * copied into the arena (NULL stays NULL; with no arena, borrowed from the
 * statement until its next step: the dataset's loads); VO_C_SKIP leaves a
 * column the row's function reads by hand. The entries name fields of the row that
 * VO_ST_ROW_FN reads. */
struct vo_st_col {
    enum { VO_CK_INT, VO_CK_OPT, VO_CK_TEXT, VO_CK_SKIP } kind;
    size_t off, size;
};
#define VO_ST_COL(k, f)                                                                            \
    {                                                                                              \
        k, offsetof(__typeof__(*vo_row_), f), sizeof(vo_row_->f)                                   \
    }
#define VO_C_INT(f)  VO_ST_COL(VO_CK_INT, f)
#define VO_C_OPT(f)  VO_ST_COL(VO_CK_OPT, f)
#define VO_C_TEXT(f) VO_ST_COL(VO_CK_TEXT, f)
#define VO_C_SKIP                                                                                  \
    {                                                                                              \
        VO_CK_SKIP, 0, 0                                                                           \
    }

/* Defines `name`, a vo_st_row_fn reading a row into a struct S by the
 * columns that follow (VO_C_INT(id), VO_C_TEXT(name), ...), in the
 * SELECT's order: one table per row instead of a read per field. */
#define VO_ST_ROW_FN(name, S, ...)                                                                 \
    static void name(vo_stmt *s, struct vo_arena *a, void *item)                                   \
    {                                                                                              \
        struct S *vo_row_ = item;                                                                  \
        static const struct vo_st_col cols[] = {__VA_ARGS__};                                      \
        vo_st_cols(s, a, vo_row_, cols, sizeof cols / sizeof cols[0]);                             \
    }

/* Parses the text of column i of s, when it is not NULL, into *out with
 * parse (a vo_<enum>_parse of model.h; field names it, errors ignored):
 * the enum columns a VO_C_SKIP leaves to the row's function. A macro, as
 * each enum has its own type. */
#define VO_ST_COL_ENUM(s, i, parse, out, field)                                                    \
    do {                                                                                           \
        const char *vo_text_ = vo_col_text(s, i);                                                  \
        if (vo_text_)                                                                              \
            parse(vo_text_, out, field, NULL);                                                     \
    } while (0)

/* Reads the current row of s into item by the table c[0..n) (column k
 * by c[k]), its text into a (borrowed when a is NULL). */
void vo_st_cols(vo_stmt *s, struct vo_arena *a, void *item, const struct vo_st_col *c, size_t n);

/* One row of a stage's SELECT of id, org_id, pipeline_id, name, position,
 * max_days (records.c). */
void vo_st_stage_row(vo_stmt *s, struct vo_arena *a, void *item);

/* vo_st_upsert of a record given as its row: `write_sql` gets all n
 * parameters, `find_sql` (prepared only when res asks for the outcome) the
 * first nkey, the record's key. */
vo_err vo_st_upsert_row(struct vo_store *st, const char *find_sql, const char *write_sql,
                        const struct vo_st_param *row, size_t nkey, size_t n, int64_t *id,
                        int64_t *rev, enum vo_upsert *res, const char *what, struct vo_error *e);

/* A notification's row: its 13 columns first, in the order of
 * notify_store.c's NOTE_COLS (id, org_id, user_id, kind, key, object,
 * object_id, title, at, actor_id, payload, created_at, read_at); the
 * mailer's reads share it (mail_store.c). */
void vo_st_note_row(vo_stmt *s, struct vo_arena *a, void *item);

#endif
