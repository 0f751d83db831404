/*
 * store.h - the system of record, behind one backend-neutral interface.
 *
 * SQLite is the embedded default; nothing SQLite-specific appears here, so a
 * PostgreSQL backend can implement the same functions. Every statement is a
 * named constant beside the one function that runs it, with bound
 * parameters only. Text returned to the caller is copied into the caller's
 * arena. A write that belongs to a use case runs between vo_store_begin and
 * vo_store_commit (or vo_store_rollback); the store never commits on its own
 * inside such a transaction.
 *
 * A store handle is used by one thread at a time.
 */
#ifndef VO_STORE_STORE_H
#define VO_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "model/mail.h"
#include "model/model.h"
#include "model/contact.h"
#include "model/doctor.h"
#include "model/note.h"
#include "model/requisites.h"

struct vo_store;

enum vo_store_flags {
    VO_STORE_CREATE = 1,     /* create the file when missing */
    VO_STORE_NO_MIGRATE = 2, /* open as is; vo_store_migrate() is up to the caller */
    VO_STORE_READONLY = 4,
};

/* Opens (and, unless VO_STORE_NO_MIGRATE, migrates) the database at path.
 * VO_EVERSION when the database is newer than this binary; VO_ENOTFOUND
 * when missing and VO_STORE_CREATE is not given; VO_ESTORE otherwise. */
vo_err vo_store_open(const char *path, int flags, struct vo_store **out, struct vo_error *e);
void vo_store_close(struct vo_store *st);
/* on: st's write transactions (vo_store_begin) run on its file's shared
 * writer, one connection for all the process's sharing handles, one
 * transaction at a time (docs/internals/store.md, "The shared writer");
 * the server's handles share. Nothing on PostgreSQL, in memory, read-only
 * or outside WAL, nor for imports' batches and bulk mode; not changed
 * while a transaction is open. */
void vo_store_share_writes(struct vo_store *st, bool on);
/* on: the reads st makes from now on, outside a transaction, run in one
 * read transaction, one snapshot, instead of one each (SQLite's WAL read
 * lock taken and let go per statement: docs/internals/store.md, "The read
 * scope"); off ends it. A statement that writes, vo_store_begin, a
 * rollback or the close end it first, so a write and the reads after it
 * see the latest data as without one. Nothing on PostgreSQL, nor inside a
 * transaction. The server opens one around a GET's handler. */
void vo_store_read_scope(struct vo_store *st, bool on);

/* The org the handle's next write transactions are for (0: none, or
 * several): on PostgreSQL they lock that org's writes, not every org's
 * (store.c, begin_write). The service sets it with its context. */
void vo_store_use_org(struct vo_store *st, int64_t org);

/* Whether path names a PostgreSQL database (postgres:// or postgresql://)
 * rather than a SQLite file. */
bool vo_store_path_is_pg(const char *path);
/* The PostgreSQL server process of st's connection (its pid), 0 on SQLite:
 * the server knows its own writes among the changes it is told. */
int vo_store_backend_pid(struct vo_store *st);

/* ---- changes told between servers (PostgreSQL; docs/SCALING.md) ----
 *
 * Every committed write to an org's table is told on the channel
 * `voronka` by the schema's triggers (pg_schema.c), one note per
 * statement and table: "<org> <table> <ids>", the ids comma-separated, or
 * "*" when they would not fit (a bulk write). A note is sent only when its
 * transaction commits, to every connection listening then. */
struct vo_store_note {
    int64_t org;
    const char *table;
    const char *ids; /* "1,2,3", or "*" for too many to tell */
    int pid;         /* the server process whose connection wrote it */
};
struct vo_store_listener;
/* Connects to the PostgreSQL database at url and listens on the channel.
 * VO_EINVAL when url is not PostgreSQL's; VO_ESTORE when it cannot. */
vo_err vo_store_listen(const char *url, struct vo_store_listener **out, struct vo_error *e);
/* Waits up to timeout_ms for notes, then hands each arrived one to fn
 * (pointers valid during the call). VO_ESTORE when the connection is lost
 * (notes may have been missed: the caller reconnects and treats every
 * org as changed). */
vo_err vo_store_listen_wait(struct vo_store_listener *l, int timeout_ms,
                            void (*fn)(void *ctx, const struct vo_store_note *n), void *ctx,
                            struct vo_error *e);
void vo_store_listen_close(struct vo_store_listener *l);

/* For the torture tests only (docs/internals/testing.md, "Allocation
 * failures"): routes SQLite's own allocations through vo_alloc_fault
 * (base/arena.h), so an armed test makes the Nth of them fail. It shuts
 * SQLite down first (no connection may be open, nor be opened on another
 * thread meanwhile) and stays for the process. Production never calls it,
 * so SQLite keeps its own allocator there and pays nothing. VO_ESTORE when
 * SQLite refuses. */
vo_err vo_store_alloc_fault_install(struct vo_error *e);

/* The schema version of the open database, and the newest this binary
 * knows. */
int vo_store_schema_version(struct vo_store *st);
int vo_store_schema_latest(void);
/* Brings the schema to the latest version, one transaction per step;
 * *from and *to (may be NULL) tell what happened. */
vo_err vo_store_migrate(struct vo_store *st, int *from, int *to, struct vo_error *e);
/* The same up to version `target` only (tests build old databases so). */
vo_err vo_store_migrate_to(struct vo_store *st, int target, int *from, int *to, struct vo_error *e);

vo_err vo_store_begin(struct vo_store *st, struct vo_error *e);
/* Returns once the transaction is durable (on SQLite, a sync of the WAL
 * shared with the process's concurrent commits: store.c, "Durability").
 * VO_ESTORE when that sync failed: the write is in the file but the disk
 * did not confirm it. */
vo_err vo_store_commit(struct vo_store *st, struct vo_error *e);
/* Rolls back the open transaction; safe to call when none is open. */
void vo_store_rollback(struct vo_store *st);
/* A savepoint inside the open transaction (an import's row): released
 * (kept) or rolled back to (what was written since it undone), the
 * transaction going on either way. */
vo_err vo_store_savepoint(struct vo_store *st, struct vo_error *e);
vo_err vo_store_savepoint_end(struct vo_store *st, bool keep, struct vo_error *e);

/* A batch: one transaction around many use cases (the API's bulk
 * endpoints). Between vo_store_batch_begin and vo_store_batch_end each
 * vo_store_begin .. vo_store_commit of a use case is a savepoint of the
 * batch (its rollback undoes that use case's writes alone) and nothing is
 * durable until vo_store_batch_end(keep = true) commits the whole; keep =
 * false rolls all of it back. A failed commit is VO_ESTORE and nothing is
 * written. */
vo_err vo_store_batch_begin(struct vo_store *st, struct vo_error *e);
vo_err vo_store_batch_end(struct vo_store *st, bool keep, struct vo_error *e);

/* Bulk mode is for a generator writing a fresh database: the journal in
 * memory, no fsync, a large cache, the foreign keys not checked, and the
 * big tables' secondary indexes and per-row triggers (stage_since,
 * updated_at, a new deal's or client's search row, the dataset's stamp)
 * dropped; turning it off (or closing) writes what those triggers would
 * have in one statement each (every org's stamp raised once), then
 * rebuilds the indexes in one sort each. Its writer inserts
 * deals and clients with valid references and does not change those it
 * wrote. Turning it off restores WAL, the group commit (store.c) and the
 * foreign keys. A crash in bulk mode leaves a file to throw away. On SQLite; on
 * PostgreSQL the new rows go by COPY (pg_copy.c). */
vo_err vo_store_bulk_mode(struct vo_store *st, bool on, struct vo_error *e);

/* Writes a consistent copy of the open database to path (online backup). */
vo_err vo_store_backup(struct vo_store *st, const char *path, struct vo_error *e);
/* Replaces the database at db_path with the backup at src_path after
 * checking that src_path is a voronka database this binary can open. */
vo_err vo_store_restore(const char *db_path, const char *src_path, struct vo_error *e);

/* ---- doctor (`voronka doctor`, docs/OPERATIONS.md) ---- */

/* The checks of a database opened as is (VO_STORE_NO_MIGRATE): SQLite's
 * quick_check (integrity_check when full), foreign_key_check, rows whose
 * parent is of another org, and the years from year_min to year_max that
 * an org needs a production calendar for (its deals' years, year_now and
 * the next) without one. Errors only when a check cannot run. */
vo_err vo_store_doctor(struct vo_store *st, bool full, int year_now, int year_min, int year_max,
                       struct vo_arena *a, struct vo_doctor *out, struct vo_error *e);

/* ---- orgs ---- */
/* Inserts o (o->id is set). */
vo_err vo_store_org_insert(struct vo_store *st, struct vo_org *o, struct vo_error *e);
/* Reads an org; strings in arena. VO_ENOTFOUND when absent. */
vo_err vo_store_org_get(struct vo_store *st, int64_t id, struct vo_arena *a, struct vo_org *out,
                        struct vo_error *e);
/* Lists orgs by id; array in arena. */
vo_err vo_store_org_list(struct vo_store *st, struct vo_arena *a, struct vo_org **out, size_t *n,
                         struct vo_error *e);
vo_err vo_store_org_update(struct vo_store *st, const struct vo_org *o, struct vo_error *e);

/* ---- teams ---- */
/* Finds the team by name, creating it when missing (*created, may be NULL,
 * says which). */
vo_err vo_store_team_ensure(struct vo_store *st, int64_t org, const char *name, int64_t *id,
                            bool *created, struct vo_error *e);
vo_err vo_store_team_find(struct vo_store *st, int64_t org, const char *name, int64_t *id,
                          struct vo_error *e);
/* The team's name into the arena. */
vo_err vo_store_team_name(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                          const char **name, struct vo_error *e);

/* ---- users ---- */
/* Inserts u (u->id set); VO_ECONFLICT names "email" when taken. */
vo_err vo_store_user_insert(struct vo_store *st, struct vo_user *u, struct vo_error *e);
/* Updates name, email, role, team, active (not the password) and adds one
 * to the row's revision (u->rev set to it; a password change adds one
 * too). */
vo_err vo_store_user_update(struct vo_store *st, struct vo_user *u, struct vo_error *e);
/* How many active administrators the org has besides user `except`. Run it
 * inside the transaction of the write it guards (the last-admin rule). */
vo_err vo_store_user_count_other_admins(struct vo_store *st, int64_t org, int64_t except,
                                        int64_t *n, struct vo_error *e);
vo_err vo_store_user_set_password(struct vo_store *st, int64_t org, int64_t id, const char *hash,
                                  struct vo_error *e);
vo_err vo_store_user_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                         struct vo_user *out, struct vo_error *e);
vo_err vo_store_user_find_email(struct vo_store *st, int64_t org, const char *email,
                                struct vo_arena *a, struct vo_user *out, struct vo_error *e);
/* Finds by full name; *count tells how many users share it (the first is
 * returned). VO_ENOTFOUND when none. */
vo_err vo_store_user_find_name(struct vo_store *st, int64_t org, const char *name,
                               struct vo_arena *a, struct vo_user *out, int *count,
                               struct vo_error *e);
vo_err vo_store_user_list(struct vo_store *st, int64_t org, struct vo_arena *a,
                          struct vo_user **out, size_t *n, struct vo_error *e);

/* ---- records that imports create or update ----
 *
 * Each _upsert matches the record by its key (ext_id, or the natural key
 * named), inserts it when missing, updates it when a field differs, and
 * leaves it alone when equal; *res says which, and the record's id is set.
 * Passing res == NULL is the bulk path: a plain insert with no look-up
 * (the caller knows the record is new). */
enum vo_upsert { VO_UPSERT_CREATED, VO_UPSERT_UPDATED, VO_UPSERT_UNCHANGED };

vo_err vo_store_product_upsert(struct vo_store *st, struct vo_product *p, enum vo_upsert *res,
                               struct vo_error *e);
/* Pipelines by name (key org + name). */
vo_err vo_store_pipeline_ensure(struct vo_store *st, int64_t org, const char *name, int64_t *id,
                                bool *created, struct vo_error *e);
vo_err vo_store_pipeline_find(struct vo_store *st, int64_t org, const char *name, int64_t *id,
                              struct vo_error *e);
/* Stages: key pipeline + name. */
vo_err vo_store_stage_upsert(struct vo_store *st, struct vo_stage *s, enum vo_upsert *res,
                             struct vo_error *e);
vo_err vo_store_stage_find(struct vo_store *st, int64_t org, int64_t pipeline, const char *name,
                           int64_t *id, struct vo_error *e);
/* The stages of org's pipeline in position order; array in arena. */
vo_err vo_store_stage_list(struct vo_store *st, int64_t org, int64_t pipeline, struct vo_arena *a,
                           struct vo_stage **out, size_t *n, struct vo_error *e);
vo_err vo_store_client_upsert(struct vo_store *st, struct vo_client *c, enum vo_upsert *res,
                              struct vo_error *e);
vo_err vo_store_deal_upsert(struct vo_store *st, struct vo_deal *d, enum vo_upsert *res,
                            struct vo_error *e);
/* Stage changes. Every move is a row of its own (c->id set): two moves
 * into one stage within a second are two rows, ordered by (at, id). */
/* One stage change by id (a change another server told, live.c). */
vo_err vo_store_stage_change_get(struct vo_store *st, int64_t org, int64_t id,
                                 struct vo_stage_change *out, struct vo_error *e);
vo_err vo_store_stage_change_insert(struct vo_store *st, struct vo_stage_change *c,
                                    struct vo_error *e);
/* The import's match by natural key: the nth (0-based) stored change of
 * c's deal into c's stage at c's time, in id order, gets c's user; none is
 * a new row. The caller counts nth over its own rows with the same key, so
 * a re-import matches every row it wrote. res == NULL inserts (bulk). */
vo_err vo_store_stage_change_upsert(struct vo_store *st, struct vo_stage_change *c, int64_t nth,
                                    enum vo_upsert *res, struct vo_error *e);
vo_err vo_store_activity_upsert(struct vo_store *st, struct vo_activity *a, enum vo_upsert *res,
                                struct vo_error *e);
vo_err vo_store_task_upsert(struct vo_store *st, struct vo_task *t, enum vo_upsert *res,
                            struct vo_error *e);
vo_err vo_store_payment_upsert(struct vo_store *st, struct vo_payment *p, enum vo_upsert *res,
                               struct vo_error *e);
/* Plans: key period + scope + metric. */
vo_err vo_store_plan_upsert(struct vo_store *st, struct vo_plan *p, enum vo_upsert *res,
                            struct vo_error *e);
/* Spend: key channel + month. */
vo_err vo_store_spend_upsert(struct vo_store *st, struct vo_spend *s, enum vo_upsert *res,
                             struct vo_error *e);
/* NPS: key client + at. */
vo_err vo_store_nps_upsert(struct vo_store *st, struct vo_nps *n, enum vo_upsert *res,
                           struct vo_error *e);
/* Holidays: key date. */
vo_err vo_store_holiday_upsert(struct vo_store *st, struct vo_holiday *h, enum vo_upsert *res,
                               struct vo_error *e);

/* The kinds of record that carry an external id. */
enum vo_ext_kind {
    VO_EXT_PRODUCT,
    VO_EXT_CLIENT,
    VO_EXT_DEAL,
    VO_EXT_ACTIVITY,
    VO_EXT_TASK,
    VO_EXT_PAYMENT
};
/* The id of the record with that external id; VO_ENOTFOUND when none. */
vo_err vo_store_ext_find(struct vo_store *st, enum vo_ext_kind kind, int64_t org,
                         const char *ext_id, int64_t *id, struct vo_error *e);
/* Every record of kind in org that has an external id: fn(ctx, ext_id,
 * id) for each (ext_id borrowed for the call), in no particular order. */
vo_err vo_store_ext_ids(struct vo_store *st, enum vo_ext_kind kind, int64_t org,
                        void (*fn)(void *ctx, const char *ext_id, int64_t id), void *ctx,
                        struct vo_error *e);
/* The import's writes (import.c): while on, an upsert given expect_new
 * writes a record its caller knows is new (no row has its external id:
 * the caller read them all with vo_store_ext_ids, and its transaction
 * holds the org), without the look-up before the insert; and on
 * PostgreSQL the new rows are queued and sent by COPY (pg_copy.c) until
 * turned off, which sends the rest. On SQLite, turned on before the
 * transaction's BEGIN, the statement journals are kept in memory and the
 * page cache is 64 MiB (store.c) until turned off. */
vo_err vo_store_copy_mode(struct vo_store *st, bool on, struct vo_error *e);
void vo_store_expect_new(struct vo_store *st, bool on);
/* The import's indexes built after its rows (SQLite; *deferred false and
 * nothing done elsewhere): called in the import's open transaction, when
 * deals, clients, stage changes, activities, tasks and payments hold no
 * row of any org (a first import into a new database), it drops what bulk
 * mode drops but the stage changes' index (the import looks its moves up
 * by it) and says so in *deferred. The commit (vo_store_commit) then
 * writes what the dropped triggers would have, set-based, and builds the
 * indexes again, one sort each, before its COMMIT; a rollback undoes the
 * drops with the rows. The DDL is in the transaction: other connections
 * never see the tables without their indexes. */
vo_err vo_store_indexes_after(struct vo_store *st, bool *deferred, struct vo_error *e);

/* ---- audit ---- */
vo_err vo_store_audit(struct vo_store *st, int64_t org, int64_t user, const char *action,
                      const char *object, int64_t object_id, const char *detail,
                      struct vo_error *e);

/* ---- counts ---- */
/* The tables, for summaries: their names in display order. */
extern const char *const vo_store_tables[];
extern const size_t vo_store_table_count;
/* Rows of table (one of vo_store_tables) that belong to org. */
vo_err vo_store_count(struct vo_store *st, int64_t org, const char *table, int64_t *n,
                      struct vo_error *e);

/* ---- demo and bulk (demo_store.c) ---- */
/* Sets created_at of the org and of all its users to at (a generated
 * company existed before its history starts). */
vo_err vo_store_demo_backdate(struct vo_store *st, int64_t org, int64_t at, struct vo_error *e);
/* A 64-bit checksum (FNV-1a) of every row of org in every table of
 * vo_store_tables plus the org row, in id order, column by column with its
 * type. Left out, because they are random or wall-clock by design: users'
 * password hashes, the audit log's timestamps and the CRM rows' updated_at
 * (schema.c, migration 22). */
vo_err vo_store_checksum(struct vo_store *st, int64_t org, uint64_t *out, struct vo_error *e);

/* ---- import look-ups (import_store.c) ---- */
/* The pipeline and client (0 = none) of a deal; VO_ENOTFOUND when the deal
 * is not in the org. */
vo_err vo_store_deal_refs(struct vo_store *st, int64_t org, int64_t deal, int64_t *pipeline,
                          int64_t *client, struct vo_error *e);
/* Reads the deal with external id ext_id; strings in arena. VO_ENOTFOUND
 * when absent. */
vo_err vo_store_deal_get_ext(struct vo_store *st, int64_t org, const char *ext_id,
                             struct vo_arena *a, struct vo_deal *out, struct vo_error *e);
/* How many of the org's deals have the status. */
vo_err vo_store_deal_count_status(struct vo_store *st, int64_t org, enum vo_deal_status status,
                                  int64_t *n, struct vo_error *e);
/* Deals of the org with no client, and with no amount. */
vo_err vo_store_deal_count_missing(struct vo_store *st, int64_t org, int64_t *no_client,
                                   int64_t *no_amount, struct vo_error *e);

/* ---- dataset loading (dataset_store.c) ----
 *
 * One streaming pass over the rows of one kind of org, for building the
 * analytics dataset (service/dataset_load.c). cb(ctx, row) runs once per
 * row, in the order named below, with the union's member of that kind
 * set; the row and its strings are BORROWED for the duration of the call
 * only (copy what you keep). Only the fields named are filled; the others
 * are zero / NULL. A non-zero return of cb stops the pass and is returned
 * as is (cb sets its own error detail). cb must not start another pass on
 * the same handle. VO_ESTORE on a database error or a stored value the
 * model does not know (a role, status, type, metric, scope, date or day
 * kind: a database written by a newer binary). The activities and the
 * tasks are read in chunks, several statements: call it inside a read
 * transaction (vo_store_read_pair) for one snapshot. */
enum vo_store_rows {
    VO_ROWS_TEAMS,     /* team: by id: id, name */
    VO_ROWS_USERS,     /* user: by id: id, name, email, role, team_id, active, created_at, rev */
    VO_ROWS_PIPELINES, /* pipeline: by id: id, name */
    VO_ROWS_STAGES,    /* stage: by pipeline_id, position, id: id, pipeline_id, name, position,
                          max_days */
    VO_ROWS_CLIENTS,   /* client: by id: id, name, channel, region, segment, source, owner_id,
                          created_at, key_account, rev */
    VO_ROWS_DEALS,     /* deal: by created_at, id: id, client_id, product_id, pipeline_id,
                          stage_id, owner_id, status, amount, created_at, closed_at,
                          loss_reason, channel, source, rev */
    VO_ROWS_STAGE_CHANGES, /* stage_change: by deal_id, at, id: deal_id, stage_id, at, user_id,
                              id */
    VO_ROWS_ACTIVITIES,    /* activity: by id (not by time: a sequential scan; the dataset
                              sorts them): id, type, user_id, at, deal_id, duration_s
                              (client_id is 0 and direction VO_DIR_NONE) */
    VO_ROWS_TASKS,         /* task: by id (like activities): id, assignee_id, created_at, due_at,
                              deal_id, client_id, done_at, rev */
    VO_ROWS_PAYMENTS, /* payment: by paid_at, id: id, amount, paid_at, deal_id, client_id, rev */
    VO_ROWS_PLANS,    /* plan: by period, scope, metric: id, year, month, scope_kind,
                         scope_id, metric, target, rev */
    VO_ROWS_HOLIDAYS, /* holiday: by date: id, y, m, d, kind, name */
};
union vo_store_row {
    struct vo_team team;
    struct vo_user user;
    struct vo_pipeline pipeline;
    struct vo_stage stage;
    struct vo_client client;
    struct vo_deal deal;
    struct vo_stage_change stage_change;
    struct vo_activity activity;
    struct vo_task task;
    struct vo_payment payment;
    struct vo_plan plan;
    struct vo_holiday holiday;
};
vo_err vo_store_load_rows(struct vo_store *st, int64_t org, enum vo_store_rows kind,
                          vo_err (*cb)(void *ctx, const union vo_store_row *row), void *ctx,
                          struct vo_error *e);

/* The org's data stamp (migration 35): seq, which every write to a table
 * the dataset is built from raises (triggers), and snap, the token of the
 * snapshot last claimed at that seq (0: none). Both 0 for an org with no
 * row. Reads in the caller's transaction (the load's read transaction:
 * the stamp of the rows it reads). */
vo_err vo_store_dataset_stamp(struct vo_store *st, int64_t org, int64_t *seq, int64_t *snap,
                              struct vo_error *e);
/* Claims token for the org's snapshot written at seq: snap = token if the
 * org's seq is still seq (a row made when none exists and seq is 0), in a
 * write transaction of its own (call it outside any). *claimed false when
 * seq moved on: the snapshot is stale already. */
vo_err vo_store_dataset_claim(struct vo_store *st, int64_t org, int64_t seq, int64_t token,
                              bool *claimed, struct vo_error *e);
/* The org's change log after seq `after` (migration 37; docs/internals/
 * store.md, "The dataset's change log"): the triggers of the stamp log
 * each raise of seq (table, row id, op) while the org has a claimed
 * snapshot, up to 262,144 raises after its claim; a claim deletes the
 * log up to its seq. rows: how many raises after `after` are logged (a
 * replay from `after` to the stamp's seq is whole only when that is
 * seq - after); table and op: the first logged change a replay cannot
 * take (op 3 a delete, 4 a row moved between orgs, or a table outside
 * those vo_store_load_changed reads), table "" when none. Reads in the
 * caller's transaction. */
struct vo_store_log_sum {
    int64_t rows;
    char table[32];
    int op;
};
vo_err vo_store_dataset_log(struct vo_store *st, int64_t org, int64_t after,
                            struct vo_store_log_sum *out, struct vo_error *e);
/* The kinds of row a replay reads from the change log, in load order,
 * each with its table's name in the log: X(kind, table) for each
 * (VO_ROWS_<kind>). The one list that vo_store_load_changed's statements,
 * vo_store_dataset_log's check and the replay (service/dataset_snap.c)
 * are made from: a table missing from one of them would be a change that
 * a replay skips. */
#define VO_STORE_REPLAYED(X)                                                                       \
    X(USERS, "users")                                                                              \
    X(CLIENTS, "clients")                                                                          \
    X(DEALS, "deals")                                                                              \
    X(STAGE_CHANGES, "stage_changes")                                                              \
    X(ACTIVITIES, "activities")                                                                    \
    X(TASKS, "tasks")                                                                              \
    X(PAYMENTS, "payments")                                                                        \
    X(PLANS, "plans")
/* As vo_store_load_rows, but only the rows of kind the org's change log
 * names after seq `after` (inserted or updated since: their stored state
 * now), in the same order; kind one of VO_STORE_REPLAYED's (VO_EINVAL for
 * another). */
vo_err vo_store_load_changed(struct vo_store *st, int64_t org, enum vo_store_rows kind,
                             int64_t after, vo_err (*cb)(void *ctx, const union vo_store_row *row),
                             void *ctx, struct vo_error *e);

/* ---- Idempotency-Key records of POSTs (idempotency_store.c) ----
 * A record is (org, principal, key) with the request it was first used
 * with ("POST /api/v1/deals"), the hash of that request's body, and the
 * response (status 0 and body NULL while the first request is in flight). */
struct vo_idem {
    int64_t id;
    const char *request, *body_hash;
    int status;           /* 0: in flight */
    const char *response; /* NULL while in flight */
    int64_t created_at;
};
/* Claims key for a new request: first forgets the org's records created
 * before purge_before (the 24-hour retention) and those in flight since
 * before stale_before (a request that died); then inserts the record, in flight
 * (*claimed true, out->id its id), or, when (org, principal, key) has one,
 * reads it into out, its strings in a (*claimed false). */
vo_err vo_store_idem_claim(struct vo_store *st, int64_t org, const char *principal, const char *key,
                           const char *request, const char *body_hash, int64_t now,
                           int64_t purge_before, int64_t stale_before, struct vo_arena *a,
                           bool *claimed, struct vo_idem *out, struct vo_error *e);
/* Stores the response of a claimed record. */
vo_err vo_store_idem_finish(struct vo_store *st, int64_t org, int64_t id, int status,
                            const char *response, struct vo_error *e);
/* Forgets a claimed record (its request's answer is not to be replayed). */
vo_err vo_store_idem_release(struct vo_store *st, int64_t org, int64_t id, struct vo_error *e);

/* ---- the limits several servers share (throttle_store.c; PostgreSQL
 * only: a SQLite database's one server keeps them in memory) ----
 * The login throttle's rows (docs/api-session.md "Throttling"): an
 * attempt's pair key ("p" + hex) and address key ("a" + hex), the
 * instants in milliseconds of the servers' wall clock. */
struct vo_store_throttle_limits {
    int64_t pair_free, pair_leak, addr_free, addr_leak, max_wait; /* counts; ms */
};
/* What a take answered: the wait (0: the attempt's slots are taken) and
 * the rows' last failures before it (given back to the end). */
struct vo_store_throttle_take {
    int64_t wait_ms, pair_fail, addr_fail;
};
/* Takes the slots of an attempt at now_ms in one statement, or tells the
 * wait and takes nothing; removes some rows that hold nothing any more. */
vo_err vo_store_throttle_take(struct vo_store *st, const char *pair_key, const char *addr_key,
                              int64_t now_ms, const struct vo_store_throttle_limits *lim,
                              struct vo_store_throttle_take *out, struct vo_error *e);
/* Ends an attempt taken at taken_ms (outcome "failed", "passed" or
 * "void"), in one statement. */
vo_err vo_store_throttle_end(struct vo_store *st, const char *pair_key, const char *addr_key,
                             int64_t now_ms, const char *outcome,
                             const struct vo_store_throttle_take *taken, int64_t taken_ms,
                             const struct vo_store_throttle_limits *lim, struct vo_error *e);
/* The number of the throttle's rows (tests, measuring). */
vo_err vo_store_throttle_rows(struct vo_store *st, int64_t *n, struct vo_error *e);
/* Takes cost units from the token bucket of (org, principal) at now_ms,
 * filled first at rate units a millisecond up to cap, in one statement:
 * *level gets what is left, *allowed whether it held the cost. */
vo_err vo_store_rate_take(struct vo_store *st, int64_t org, const char *principal, int64_t now_ms,
                          int64_t cap, int64_t rate, int64_t cost, int64_t *level, bool *allowed,
                          struct vo_error *e);
/* Forgets the buckets that are full by now_ms (a fresh one is full). */
vo_err vo_store_rate_purge(struct vo_store *st, int64_t now_ms, int64_t cap, int64_t rate,
                           struct vo_error *e);

/* ---- sessions and API tokens (sessions.c) ----
 * The caller passes the HASH of a secret, never the secret. */
vo_err vo_store_session_insert(struct vo_store *st, struct vo_session *s, const char *token_hash,
                               const char *address, struct vo_error *e);
/* VO_ENOTFOUND when no session has that hash. csrf in the arena. */
vo_err vo_store_session_find(struct vo_store *st, const char *token_hash, struct vo_arena *a,
                             struct vo_session *out, struct vo_error *e);
vo_err vo_store_session_touch(struct vo_store *st, int64_t org, int64_t id, int64_t now,
                              struct vo_error *e);
vo_err vo_store_session_delete(struct vo_store *st, int64_t org, int64_t id, struct vo_error *e);
/* Ends every session of the user but `except` (0 = none kept). */
vo_err vo_store_session_delete_user(struct vo_store *st, int64_t org, int64_t user, int64_t except,
                                    struct vo_error *e);
/* Removes org's sessions whose absolute expiry has passed (each org's at
 * its next sign-in: one shard on Citus). */
vo_err vo_store_session_purge(struct vo_store *st, int64_t org, int64_t now, struct vo_error *e);
vo_err vo_store_token_insert(struct vo_store *st, struct vo_api_token *t, const char *token_hash,
                             struct vo_error *e);
vo_err vo_store_token_find(struct vo_store *st, const char *token_hash, struct vo_arena *a,
                           struct vo_api_token *out, struct vo_error *e);
vo_err vo_store_token_list(struct vo_store *st, int64_t org, struct vo_arena *a,
                           struct vo_api_token **out, size_t *n, struct vo_error *e);
vo_err vo_store_token_revoke(struct vo_store *st, int64_t org, int64_t id, int64_t now,
                             struct vo_error *e);
vo_err vo_store_token_used(struct vo_store *st, int64_t org, int64_t id, int64_t now,
                           struct vo_error *e);
/* The org and user that an email logs in as: org (name or id text) may be
 * NULL when the email is in one org only; *count tells how many matched.
 * VO_ENOTFOUND when none. */
vo_err vo_store_login_find(struct vo_store *st, const char *email, const char *org, int64_t *org_id,
                           int64_t *user_id, int *count, struct vo_error *e);

/* ---- CRM reads and writes (crm_store.c) ----
 *
 * Reads are org-scoped (WHERE org_id = ? AND id = ?): an id of another org
 * is VO_ENOTFOUND. Inserts go through the upserts above with res == NULL;
 * updates by id are below. Lists take a struct vo_crm_query; the sort is
 * an index into the resource's vo_store_*_sorts (NULL-terminated, the first
 * is the default), each sort key has its own prepared statement, so no SQL
 * is ever built from input. Paging is keyset: after (sort value, id). */
struct vo_crm_query {
    int64_t owner_id; /* deals/clients: owner; activities: user; tasks:
                         assignee; payments: the deal's or client's owner.
                         0 = any */
    int64_t stage_id, pipeline_id, client_id, deal_id; /* 0 = any */
    const char *status;  /* deals: open/won/lost; tasks: open/done; NULL = any */
    const char *channel; /* deals, clients; activities: the type; NULL = any */
    int64_t from, to;    /* [from, to) on the resource's time column; VO_NULL = open */
    const char *q;       /* substring of the name or title; NULL = none */
    /* deals, clients: custom field at JSON path custom_path (NULL = none)
     * equal to custom_value (a number field's compared as a number) */
    const char *custom_path, *custom_value;
    int64_t team_id;       /* deals: the owner's team; 0 = any */
    int64_t stuck_at;      /* deals: only those over their stage's max_days at
                              this instant (more whole days); 0 = all */
    int64_t updated_since; /* only the rows created or changed at or after
                              this instant (updated_at); 0 = all */
    int sort;              /* index into the resource's sort keys */
    bool desc;
    bool has_cursor;
    const char *after_key; /* the cursor's sort value as text */
    int64_t after_id;
    int64_t limit; /* 1..500 */
};
/* A page of results: *next_key (arena, NULL when this is the last page)
 * and *next_id continue the list. */
struct vo_crm_page {
    size_t n;
    const char *next_key;
    int64_t next_id;
};

/* A deal with what a screen shows beside it. */
struct vo_deal_row {
    struct vo_deal d;
    const char *stage_name, *owner_name, *client_name, *pipeline_name;
    int64_t stage_since;    /* when the deal entered its current stage */
    int64_t loss_reason_id; /* the dictionary's reason of a lost deal, 0 = none */
    const char *loss_comment;
};
struct vo_stage_change_row {
    struct vo_stage_change c;
    const char *stage_name, *user_name;
};

extern const char *const vo_store_deal_sorts[];     /* created_at, id, amount, title */
extern const char *const vo_store_client_sorts[];   /* name, id, created_at */
extern const char *const vo_store_activity_sorts[]; /* at, id */
extern const char *const vo_store_task_sorts[];     /* due_at, id, created_at */
extern const char *const vo_store_payment_sorts[];  /* paid_at, id, amount */

/* Gets: strings in arena; VO_ENOTFOUND when not in the org. */
vo_err vo_store_deal_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                         struct vo_deal_row *out, struct vo_error *e);
vo_err vo_store_client_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                           struct vo_client *out, struct vo_error *e);
vo_err vo_store_activity_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                             struct vo_activity *out, struct vo_error *e);
vo_err vo_store_task_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                         struct vo_task *out, struct vo_error *e);
/* *owner: the owner of the payment's deal, else of its client (0 = none). */
vo_err vo_store_payment_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                            struct vo_payment *out, int64_t *owner, struct vo_error *e);
/* The pipeline with that id in the org. */
vo_err vo_store_pipeline_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                             struct vo_pipeline *out, struct vo_error *e);

/* Lists: the array and its strings in arena. */
vo_err vo_store_deal_list(struct vo_store *st, int64_t org, const struct vo_crm_query *q,
                          struct vo_arena *a, struct vo_deal_row **out, struct vo_crm_page *pg,
                          struct vo_error *e);
vo_err vo_store_client_list(struct vo_store *st, int64_t org, const struct vo_crm_query *q,
                            struct vo_arena *a, struct vo_client **out, struct vo_crm_page *pg,
                            struct vo_error *e);
vo_err vo_store_activity_list(struct vo_store *st, int64_t org, const struct vo_crm_query *q,
                              struct vo_arena *a, struct vo_activity **out, struct vo_crm_page *pg,
                              struct vo_error *e);
vo_err vo_store_task_list(struct vo_store *st, int64_t org, const struct vo_crm_query *q,
                          struct vo_arena *a, struct vo_task **out, struct vo_crm_page *pg,
                          struct vo_error *e);
vo_err vo_store_payment_list(struct vo_store *st, int64_t org, const struct vo_crm_query *q,
                             struct vo_arena *a, struct vo_payment **out, struct vo_crm_page *pg,
                             struct vo_error *e);
/* The board (a pipeline's open deals by stage): one column's cards, the
 * open deals of q->stage_id (required) matching q's owner_id, channel,
 * team_id and stuck_at, longest in the stage first (ties by id; q->sort
 * and q->desc are ignored, the cursor's key is the stage entry instant). */
vo_err vo_store_board_cards(struct vo_store *st, int64_t org, const struct vo_crm_query *q,
                            struct vo_arena *a, struct vo_deal_row **out, struct vo_crm_page *pg,
                            struct vo_error *e);
/* A board column's figures over all its matching deals (not a page). */
struct vo_board_sums {
    int64_t count;          /* open deals */
    int64_t sum;            /* of their amounts given, minor units */
    int64_t amount_missing; /* open deals without an amount */
};
/* The figures of the deals vo_store_board_cards lists (every page); a sum
 * past int64 is VO_ESTORE, never wrapped. */
vo_err vo_store_board_sums(struct vo_store *st, int64_t org, const struct vo_crm_query *q,
                           struct vo_board_sums *out, struct vo_error *e);
/* A deal's stage changes by at, id. */
vo_err vo_store_deal_history(struct vo_store *st, int64_t org, int64_t deal, struct vo_arena *a,
                             struct vo_stage_change_row **out, size_t *n, struct vo_error *e);

/* Updates by id (every stored field but org_id, ext_id and created_at)
 * and adds one to the row's revision (the record's rev is set to it);
 * VO_ENOTFOUND when no row of the org has that id. Optimistic concurrency:
 * the record's rev on input is the version the change was made against
 * (negative = any): the row is changed only while it still has that revision, in
 * the same statement (UPDATE ... WHERE rev = ?), else VO_ESTALE naming
 * "version". A record loaded in the same transaction carries its rev, so
 * the check holds; the service puts the caller's If-Match there. */
vo_err vo_store_deal_update(struct vo_store *st, struct vo_deal *d, struct vo_error *e);
/* A deal's move: sets only stage_id (d->stage_id) and the revision, with
 * vo_store_deal_update's rules (the record's rev in and out, VO_ESTALE,
 * VO_ENOTFOUND). What a statement sets is what SQLite rewrites: the whole
 * update rewrote the entries of every index on a column it set (the
 * deal's owner, client, pipeline ...) though a move changes none of them
 * (docs/bench.md, "A move sets its stage only"). */
vo_err vo_store_deal_set_stage(struct vo_store *st, struct vo_deal *d, struct vo_error *e);
vo_err vo_store_client_update(struct vo_store *st, struct vo_client *c, struct vo_error *e);
vo_err vo_store_activity_update(struct vo_store *st, struct vo_activity *a, struct vo_error *e);
vo_err vo_store_task_update(struct vo_store *st, struct vo_task *t, struct vo_error *e);

/* ---- custom fields (custom_store.c; crm-edit, issue 10) ----
 * The org's definitions of the custom fields of deals and clients (the
 * values live in the records' `custom` JSON). Strings in the arena. */
struct vo_custom_field {
    int64_t id, org_id;
    const char *entity;  /* "deal" or "client" */
    const char *key;     /* the key in the record's custom object */
    const char *label;   /* what a screen shows */
    const char *type;    /* "text", "number", "date", "list" */
    const char *options; /* a JSON array of strings (a list's choices), "[]" otherwise */
    bool required;
    int64_t position;
};
/* The org's definitions of entity (NULL = both) by entity, position, id. */
vo_err vo_store_custom_field_list(struct vo_store *st, int64_t org, const char *entity,
                                  struct vo_arena *a, struct vo_custom_field **out, size_t *n,
                                  struct vo_error *e);
/* One definition by id (VO_ENOTFOUND naming "id"). */
vo_err vo_store_custom_field_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                                 struct vo_custom_field *out, struct vo_error *e);
/* Inserts f (f->id set); VO_ECONFLICT naming "key" when the entity has it. */
vo_err vo_store_custom_field_insert(struct vo_store *st, struct vo_custom_field *f,
                                    struct vo_error *e);
/* Updates label, options, required and position of f by id. */
vo_err vo_store_custom_field_update(struct vo_store *st, const struct vo_custom_field *f,
                                    struct vo_error *e);
/* Deletes the definition (the stored values stay in the records). */
vo_err vo_store_custom_field_delete(struct vo_store *st, int64_t org, int64_t id,
                                    struct vo_error *e);

/* ---- a deal's products (deal_products_store.c; crm-edit, issue 10) ---- */
struct vo_deal_product {
    int64_t id, product_id;
    const char *product;     /* the product's name (reads) */
    int64_t quantity, price; /* price per unit, minor units */
};
/* The deal's products in order (strings in a). */
vo_err vo_store_deal_products(struct vo_store *st, int64_t org, int64_t deal, struct vo_arena *a,
                              struct vo_deal_product **out, size_t *n, struct vo_error *e);
/* Replaces the deal's products with v[0..n) (in a transaction of the
 * caller). */
vo_err vo_store_deal_products_set(struct vo_store *st, int64_t org, int64_t deal,
                                  const struct vo_deal_product *v, size_t n, struct vo_error *e);
/* Whether the deal's amount was set by hand (it then does not follow its
 * products), and setting it. */
vo_err vo_store_deal_amount_manual(struct vo_store *st, int64_t org, int64_t deal, bool *manual,
                                   struct vo_error *e);
vo_err vo_store_deal_amount_manual_set(struct vo_store *st, int64_t org, int64_t deal, bool manual,
                                       struct vo_error *e);

/* ---- the loss-reason dictionary (loss_store.c; crm-edit, issue 10) ---- */
struct vo_loss_reason {
    int64_t id, org_id;
    const char *name;
    int64_t position;
    bool active;
    bool other; /* the "Другое" reason: its comment is required */
};
/* The org's reasons by position, id (strings in a). */
vo_err vo_store_loss_reason_list(struct vo_store *st, int64_t org, struct vo_arena *a,
                                 struct vo_loss_reason **out, size_t *n, struct vo_error *e);
/* One by id (VO_ENOTFOUND naming "id"). */
vo_err vo_store_loss_reason_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                                struct vo_loss_reason *out, struct vo_error *e);
/* Inserts r (r->id set); VO_ECONFLICT naming "name" for a name taken. */
vo_err vo_store_loss_reason_insert(struct vo_store *st, struct vo_loss_reason *r,
                                   struct vo_error *e);
/* Updates name, position, active of r by id. */
vo_err vo_store_loss_reason_update(struct vo_store *st, const struct vo_loss_reason *r,
                                   struct vo_error *e);
/* Records a lost deal's reason (0 = none) and comment (NULL = none) beside
 * its loss_reason text; reopening clears them. */
vo_err vo_store_deal_loss_set(struct vo_store *st, int64_t org, int64_t deal, int64_t reason_id,
                              const char *comment, struct vo_error *e);

/* ---- a user's saved filters of a list (filter_store.c; issue 10) ---- */
struct vo_saved_filter {
    int64_t id, org_id, user_id;
    const char *kind;  /* "deals", "clients", "tasks", "activities", "payments" */
    const char *name;  /* unique among the user's filters of the kind */
    const char *query; /* the list's query string, without "?" */
    bool is_default;   /* opened with the list when it has no query */
    int64_t created_at, rev;
};
/* The user's filters of kind (NULL: of every kind) by kind, name, id
 * (strings in a). Another user's are never read: user is in every
 * statement, the one ownership check of these rows. */
vo_err vo_store_saved_filter_list(struct vo_store *st, int64_t org, int64_t user, const char *kind,
                                  struct vo_arena *a, struct vo_saved_filter **out, size_t *n,
                                  struct vo_error *e);
/* The user's filter id (VO_ENOTFOUND "no saved filter <id>" naming "id",
 * also when it is another user's). */
vo_err vo_store_saved_filter_get(struct vo_store *st, int64_t org, int64_t user, int64_t id,
                                 struct vo_arena *a, struct vo_saved_filter *out,
                                 struct vo_error *e);
/* Inserts f (f->id set, f->rev 0). */
vo_err vo_store_saved_filter_insert(struct vo_store *st, struct vo_saved_filter *f,
                                    struct vo_error *e);
/* Stores f's name, query and is_default against revision expect (< 0:
 * any): f->rev gets the new one; a stale expect is VO_ESTALE. */
vo_err vo_store_saved_filter_update(struct vo_store *st, struct vo_saved_filter *f, int64_t expect,
                                    struct vo_error *e);
/* Deletes the user's filter id at revision expect (< 0: any); a stale
 * expect is VO_ESTALE. */
vo_err vo_store_saved_filter_delete(struct vo_store *st, int64_t org, int64_t user, int64_t id,
                                    int64_t expect, struct vo_error *e);
/* Clears the default mark of the user's filters of kind (a new default
 * follows in the same transaction). */
vo_err vo_store_saved_filter_undefault(struct vo_store *st, int64_t org, int64_t user,
                                       const char *kind, struct vo_error *e);

/* ---- bonus schemes, their versions and assignments (bonus_store.c;
 * issue 11, item 6: bonuses; migration 12) ---- */
struct vo_bonus_scheme {
    int64_t id, org_id;
    const char *name; /* unique in the org */
    int64_t created_at;
};
/* A version of a scheme's terms, effective from_month ("YYYY-MM") until
 * the scheme's next version. Rates and bounds in millionths; tiers and
 * kpi the JSON texts of migration 12 (service/bonus.c reads them). */
struct vo_bonus_version {
    int64_t id, org_id, scheme_id;
    const char *from_month;
    int64_t base; /* minor units */
    const char *metric;
    int64_t rate_ppm;
    const char *tiers, *kpi;
    int64_t created_at;
};
/* A user paid by a scheme from from_month on (until their next one). */
struct vo_bonus_assignment {
    int64_t id, org_id, user_id, scheme_id;
    const char *from_month;
    int64_t created_at;
};
/* The org's schemes by name / versions by scheme then month / assignments
 * by user then month (strings in a). */
vo_err vo_store_bonus_scheme_list(struct vo_store *st, int64_t org, struct vo_arena *a,
                                  struct vo_bonus_scheme **out, size_t *n, struct vo_error *e);
vo_err vo_store_bonus_version_list(struct vo_store *st, int64_t org, struct vo_arena *a,
                                   struct vo_bonus_version **out, size_t *n, struct vo_error *e);
vo_err vo_store_bonus_assignment_list(struct vo_store *st, int64_t org, struct vo_arena *a,
                                      struct vo_bonus_assignment **out, size_t *n,
                                      struct vo_error *e);
/* Inserts the scheme s (s->id set; a name taken is VO_ECONFLICT naming
 * "name"); renames scheme id (VO_ENOTFOUND "no bonus scheme <id>"). */
vo_err vo_store_bonus_scheme_insert(struct vo_store *st, struct vo_bonus_scheme *s,
                                    struct vo_error *e);
vo_err vo_store_bonus_scheme_rename(struct vo_store *st, int64_t org, int64_t id, const char *name,
                                    struct vo_error *e);
/* Stores v as the version of its scheme from its month (replacing the
 * version of that very month, if any). */
vo_err vo_store_bonus_version_put(struct vo_store *st, const struct vo_bonus_version *v,
                                  struct vo_error *e);
/* Pays user by scheme from month on (replacing their assignment of that
 * very month, if any). */
vo_err vo_store_bonus_assign(struct vo_store *st, const struct vo_bonus_assignment *x,
                             struct vo_error *e);

/* A recognition (recognition_store.c; issue 11, item 6): a badge given
 * to user_id by author_id (0: the operator), with a comment (may be
 * NULL). */
struct vo_recognition {
    int64_t id, org_id, user_id, author_id;
    const char *badge; /* best_month, hard_deal, mentor, thanks */
    const char *comment;
    int64_t created_at;
    const char *user_name, *author_name; /* read by the list and get */
};
/* The org's recognitions of user (0: everyone) created in [from, to),
 * newest first, at most 500 (strings in a). */
vo_err vo_store_recognition_list(struct vo_store *st, int64_t org, int64_t user, int64_t from,
                                 int64_t to, struct vo_arena *a, struct vo_recognition **out,
                                 size_t *n, struct vo_error *e);
/* One (VO_ENOTFOUND "no recognition <id>" naming "id"). */
vo_err vo_store_recognition_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                                struct vo_recognition *out, struct vo_error *e);
vo_err vo_store_recognition_insert(struct vo_store *st, struct vo_recognition *r,
                                   struct vo_error *e);
vo_err vo_store_recognition_delete(struct vo_store *st, int64_t org, int64_t id,
                                   struct vo_error *e);

/* ---- the undo of a win or a loss (loss_store.c; crm-edit, issue 10) ---- */
struct vo_deal_undo {
    int64_t deal_id, user_id, at;
    int64_t prev_amount; /* VO_NULL when the deal had none */
    int64_t rev_after;   /* the deal's revision right after the close */
};
/* Records (replacing) the undo of the close just made. */
vo_err vo_store_deal_undo_set(struct vo_store *st, int64_t org, const struct vo_deal_undo *u,
                              struct vo_error *e);
/* The deal's undo (VO_ENOTFOUND when none). */
vo_err vo_store_deal_undo_get(struct vo_store *st, int64_t org, int64_t deal,
                              struct vo_deal_undo *out, struct vo_error *e);
/* Forgets it (a reopen or an undo). */
vo_err vo_store_deal_undo_clear(struct vo_store *st, int64_t org, int64_t deal, struct vo_error *e);

/* ---- configuration (config_store.c) ----
 * Teams, products, pipelines and stages, holidays and plans as the API
 * edits them one record at a time, and the audit log with filters. Lists
 * are arrays in the arena; strings in the arena. An UPDATE or DELETE of an
 * id that is not in the org is VO_ENOTFOUND naming "id". */
/* Teams by name. */
vo_err vo_store_team_list(struct vo_store *st, int64_t org, struct vo_arena *a,
                          struct vo_team **out, size_t *n, struct vo_error *e);
/* VO_ECONFLICT when the org has another team of that name. */
vo_err vo_store_team_rename(struct vo_store *st, int64_t org, int64_t id, const char *name,
                            struct vo_error *e);
/* Products by name. */
vo_err vo_store_product_list(struct vo_store *st, int64_t org, struct vo_arena *a,
                             struct vo_product **out, size_t *n, struct vo_error *e);
vo_err vo_store_product_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                            struct vo_product *out, struct vo_error *e);
/* Inserts p (p->id set); ext_id may be NULL (created in voronka). */
vo_err vo_store_product_insert(struct vo_store *st, struct vo_product *p, struct vo_error *e);
/* Updates name, category and price of p->id in p->org_id. */
vo_err vo_store_product_update(struct vo_store *st, const struct vo_product *p, struct vo_error *e);
/* Pipelines by id. */
vo_err vo_store_pipeline_list(struct vo_store *st, int64_t org, struct vo_arena *a,
                              struct vo_pipeline **out, size_t *n, struct vo_error *e);
vo_err vo_store_stage_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                          struct vo_stage *out, struct vo_error *e);
/* Updates name, position and max_days of sg->id in sg->org_id
 * (VO_ECONFLICT for a name the pipeline already has). */
vo_err vo_store_stage_update(struct vo_store *st, const struct vo_stage *sg, struct vo_error *e);
/* Holidays by date; year 0 = all years. */
vo_err vo_store_holiday_list(struct vo_store *st, int64_t org, int year, struct vo_arena *a,
                             struct vo_holiday **out, size_t *n, struct vo_error *e);
vo_err vo_store_holiday_delete(struct vo_store *st, int64_t org, int64_t id, struct vo_error *e);
/* The plans of month y-m by scope and metric (rows with a metric this
 * binary does not know are left out). */
vo_err vo_store_plan_list(struct vo_store *st, int64_t org, int y, int m, struct vo_arena *a,
                          struct vo_plan **out, size_t *n, struct vo_error *e);

/* ---- pipelines and stages managed by the head of sales (setup_store.c;
 * issue 10). Inside the caller's transaction. ---- */
/* Renames pipeline id (VO_ENOTFOUND "no pipeline <id>" naming "id"). */
vo_err vo_store_pipeline_rename(struct vo_store *st, int64_t org, int64_t id, const char *name,
                                struct vo_error *e);
/* The deals in pipeline id and the stage changes into its stages. */
vo_err vo_store_pipeline_refs(struct vo_store *st, int64_t org, int64_t id, int64_t *deals,
                              int64_t *moves, struct vo_error *e);
/* Deletes pipeline id with its stages (the caller made sure nothing
 * refers to them). */
vo_err vo_store_pipeline_delete(struct vo_store *st, int64_t org, int64_t id, struct vo_error *e);
/* The deals in stage id and the stage changes into it. */
vo_err vo_store_stage_refs(struct vo_store *st, int64_t org, int64_t id, int64_t *deals,
                           int64_t *moves, struct vo_error *e);
/* Deletes stage id (positions are the caller's to renumber). */
vo_err vo_store_stage_delete(struct vo_store *st, int64_t org, int64_t id, struct vo_error *e);

struct vo_audit_entry {
    int64_t id, at, user_id; /* user_id 0 = the system */
    const char *action, *object, *detail;
    int64_t object_id; /* 0 = none */
};
struct vo_audit_filter {
    int64_t user_id;    /* 0 = anyone */
    const char *action; /* NULL = any */
    int64_t from, to;   /* [from, to) in Unix seconds; VO_NULL = open */
    bool desc;          /* newest first */
    int64_t after_id;   /* keyset cursor: rows after this id in the order; 0 = first page */
    int64_t limit;      /* rows at most (<= 0: 50) */
};
/* The org's audit rows matching f, by id in f's order. */
vo_err vo_store_audit_list(struct vo_store *st, int64_t org, const struct vo_audit_filter *f,
                           struct vo_arena *a, struct vo_audit_entry **out, size_t *n,
                           struct vo_error *e);

/* ---- a client's card (client_card_store.c; issue 10, clients) ----
 * The card's columns of clients (model/requisites.h), apart from the
 * record the reports and the import read and write. */
/* The card of client id of org into *out, its strings in a; VO_ENOTFOUND
 * "no client <id>" naming "id". */
vo_err vo_store_client_card_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                                struct vo_client_card *out, struct vo_error *e);
/* Stores every field of c (NULL clears) as client id's card. Leaves rev
 * alone: the caller's vo_store_client_update in the same transaction
 * counts the change. VO_ENOTFOUND as above. */
vo_err vo_store_client_card_set(struct vo_store *st, int64_t org, int64_t id,
                                const struct vo_client_card *c, struct vo_error *e);

/* ---- a client's contacts (contact_store.c; issue 10, clients) ----
 * Strings in a; an UPDATE or DELETE of no row of the org is VO_ENOTFOUND
 * "no contact <id>" naming "id". */
vo_err vo_store_contact_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                            struct vo_contact *out, struct vo_error *e);
/* The contacts of client `client` by name, id. */
vo_err vo_store_contact_list(struct vo_store *st, int64_t org, int64_t client, struct vo_arena *a,
                             struct vo_contact **out, size_t *n, struct vo_error *e);
/* Inserts c (c->id, c->rev set) with its phones' digits. */
vo_err vo_store_contact_insert(struct vo_store *st, struct vo_contact *c, struct vo_error *e);
/* Stores every field of c but org_id and created_at; c->rev gets the new
 * revision. */
vo_err vo_store_contact_update(struct vo_store *st, struct vo_contact *c, struct vo_error *e);
/* Deletes contact id; deals naming it name none (ON DELETE SET NULL). */
vo_err vo_store_contact_delete(struct vo_store *st, int64_t org, int64_t id, struct vo_error *e);
/* The contact deal `deal` names (0 = none); VO_ENOTFOUND "no deal <id>". */
vo_err vo_store_deal_contact_get(struct vo_store *st, int64_t org, int64_t deal, int64_t *contact,
                                 struct vo_error *e);
/* Sets the contact deal `deal` names (0 = none). */
vo_err vo_store_deal_contact_set(struct vo_store *st, int64_t org, int64_t deal, int64_t contact,
                                 struct vo_error *e);

/* ---- notes and timelines (timeline_store.c; issue 10, clients) ---- */
vo_err vo_store_note_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                         struct vo_note *out, struct vo_error *e);
/* Inserts n (n->id set). */
vo_err vo_store_note_insert(struct vo_store *st, struct vo_note *n, struct vo_error *e);
/* Stores n's text and edited_at. */
vo_err vo_store_note_update(struct vo_store *st, const struct vo_note *n, struct vo_error *e);
vo_err vo_store_note_delete(struct vo_store *st, int64_t org, int64_t id, struct vo_error *e);

/* Whose timeline, and where a page starts. */
struct vo_timeline_query {
    int64_t deal, client; /* one of them (0 = not this one) */
    int64_t owner;        /* a client's deals of this owner only (0 = all) */
    int64_t limit;
    /* the key of the last item of the previous page; after_kind NULL on
     * the first page */
    int64_t after_at, after_id;
    const char *after_kind;
};
/* The items of q's deal or client, newest first (at, kind, id descending),
 * at most q->limit; strings in a. */
vo_err vo_store_timeline(struct vo_store *st, int64_t org, const struct vo_timeline_query *q,
                         struct vo_arena *a, struct vo_timeline_item **out, size_t *n,
                         struct vo_error *e);

/* ---- snapshots for the audit (snapshot_store.c; issue 10, clients) ---- */
enum vo_snap_kind { VO_SNAP_CLIENT, VO_SNAP_DEAL };
/* The editable fields of the deal or client id as a JSON object text in a
 * (*out); VO_ENOTFOUND "no deal/client <id>". */
vo_err vo_store_snapshot(struct vo_store *st, enum vo_snap_kind k, int64_t org, int64_t id,
                         struct vo_arena *a, const char **out, struct vo_error *e);

/* ---- merging duplicate clients (merge_store.c; issue 10, clients) ---- */
#define VO_MERGE_TABLES 7
/* The rows moved per table: deals, payments, activities, tasks, contacts,
 * notes, nps (vo_merge_table_names). */
struct vo_merge_counts {
    int64_t moved[VO_MERGE_TABLES];
};
extern const char *const vo_merge_table_names[VO_MERGE_TABLES];
/* Moves every row naming client `from` to client `keep` and deletes
 * `from` (an NPS answer at the same instant as one of keep's is dropped),
 * in the caller's transaction; *out the counts. VO_ENOTFOUND naming "from"
 * when there is no such client. */
vo_err vo_store_client_merge(struct vo_store *st, int64_t org, int64_t keep, int64_t from,
                             struct vo_merge_counts *out, struct vo_error *e);

/* ---- the global search (search_store.c; issue 10, clients) ---- */
struct vo_search_hit {
    const char *kind; /* deal, client, contact */
    int64_t id;
    const char *title, *subtitle; /* subtitle NULL when none */
};
/* The objects of org whose index text has `text` (as typed, or a phone's
 * digits; search_store.c says how each backend matches), newest first, at
 * most limit; owner (0 = all) narrows to that owner's deals and clients
 * and their clients' contacts. */
vo_err vo_store_search(struct vo_store *st, int64_t org, const char *text, int64_t owner,
                       int64_t limit, struct vo_arena *a, struct vo_search_hit **out, size_t *n,
                       struct vo_error *e);

/* ---- tasks: type, comment, reschedules, recurrences (task_store.c;
 * crm-tasks, issue 10) ---- */
/* Writes t's type, comment and recurrence_id (the columns the import and
 * vo_store_task_update leave alone); VO_ENOTFOUND naming "id". */
vo_err vo_store_task_extra_set(struct vo_store *st, const struct vo_task *t, struct vo_error *e);
/* Logs one move of a task's due time (r->id set) and adds one to the
 * task's reschedules count. */
vo_err vo_store_task_reschedule_add(struct vo_store *st, struct vo_task_reschedule *r,
                                    struct vo_error *e);
/* A task's reschedules by at, id; strings in a. */
vo_err vo_store_task_reschedule_list(struct vo_store *st, int64_t org, int64_t task,
                                     struct vo_arena *a, struct vo_task_reschedule **out, size_t *n,
                                     struct vo_error *e);
/* Stores a new rule (r->id set); r->stopped_at is not written (a new
 * rule runs). */
vo_err vo_store_task_recurrence_insert(struct vo_store *st, struct vo_task_recurrence *r,
                                       struct vo_error *e);
/* One rule of the org; VO_ENOTFOUND naming "recurrence_id". */
vo_err vo_store_task_recurrence_get(struct vo_store *st, int64_t org, int64_t id,
                                    struct vo_arena *a, struct vo_task_recurrence *out,
                                    struct vo_error *e);
/* Stops a rule at instant at. */
vo_err vo_store_task_recurrence_stop(struct vo_store *st, int64_t org, int64_t id, int64_t at,
                                     struct vo_error *e);

/* ---- notifications (notify_store.c; crm-tasks, issue 10) ----
 * Every insert creates a row at most once per (org, user, key); the rows
 * really created come back (strings in a). */
/* Notifications of `kind` for every open task of every org due in
 * (from, to], to its assignee, created at now; key kind:task:id:due_at. */
vo_err vo_store_notify_tasks(struct vo_store *st, enum vo_notify_kind kind, int64_t from,
                             int64_t to, int64_t now, struct vo_arena *a,
                             struct vo_notification **out, size_t *n, struct vo_error *e);
/* Adds nt unless its key exists: *created says whether, and then nt is
 * the stored row (id set, strings in a). */
vo_err vo_store_notification_add(struct vo_store *st, struct vo_notification *nt, bool *created,
                                 struct vo_arena *a, struct vo_error *e);
/* A user's notifications, newest first: unread ones only when `unread`,
 * with id < before_id when before_id > 0, at most limit. */
vo_err vo_store_notification_list(struct vo_store *st, int64_t org, int64_t user, bool unread,
                                  int64_t before_id, int64_t limit, struct vo_arena *a,
                                  struct vo_notification **out, size_t *n, struct vo_error *e);
/* Marks one of the user's notifications read at now (kept when read
 * already); *out the row. VO_ENOTFOUND naming "id" when not theirs. */
vo_err vo_store_notification_read(struct vo_store *st, int64_t org, int64_t user, int64_t id,
                                  int64_t now, struct vo_arena *a, struct vo_notification *out,
                                  struct vo_error *e);
/* Marks every unread notification of the user read; *count how many. */
vo_err vo_store_notification_read_all(struct vo_store *st, int64_t org, int64_t user, int64_t now,
                                      struct vo_arena *a, size_t *count, struct vo_error *e);
vo_err vo_store_notification_unread(struct vo_store *st, int64_t org, int64_t user, int64_t *n,
                                    struct vo_error *e);
/* The live delivery's reads: every org's notifications with id > after,
 * oldest first, at most limit; one user's likewise (Last-Event-ID); the
 * highest id stored (0 when none). */
vo_err vo_store_notification_after(struct vo_store *st, int64_t after, int64_t limit,
                                   struct vo_arena *a, struct vo_notification **out, size_t *n,
                                   struct vo_error *e);
vo_err vo_store_notification_since(struct vo_store *st, int64_t org, int64_t user, int64_t after,
                                   int64_t limit, struct vo_arena *a, struct vo_notification **out,
                                   size_t *n, struct vo_error *e);
vo_err vo_store_notification_last(struct vo_store *st, int64_t *id, struct vo_error *e);

/* ---- e-mail reminders (mail_store.c; docs/notifications.md, "E-mail") ---- */
/* The org's SMTP settings: VO_ENOTFOUND when never set. */
vo_err vo_store_mail_get(struct vo_store *st, int64_t org, struct vo_arena *a,
                         struct vo_mail_settings *out, struct vo_error *e);
/* Writes the settings of m->org_id (a new row or the row replaced). */
vo_err vo_store_mail_put(struct vo_store *st, const struct vo_mail_settings *m, struct vo_error *e);
/* The notifications not mailed yet, oldest first, at most limit, with
 * their user's address, the org's zone and mail settings. */
vo_err vo_store_mail_pending(struct vo_store *st, int64_t limit, struct vo_arena *a,
                             struct vo_mail_pending **out, size_t *n, struct vo_error *e);
/* A send's outcome for org's notification id: mailed_at set (sent: error
 * NULL; given up or skipped: error says why), or mailed_at VO_NULL with the
 * error (a failed try, tried again later); tried counts a send. */
vo_err vo_store_mail_mark(struct vo_store *st, int64_t org, int64_t id, int64_t mailed_at,
                          const char *error, bool tried, struct vo_error *e);

/* ---- competitions (competition_store.c; issue 11, leaderboards) ---- */
struct vo_competition {
    int64_t id, org_id;
    const char *name;
    const char *metric;               /* a key of vo_metrics */
    bool pct;                         /* ranked by the plan pct of metric */
    bool teams;                       /* between teams (members are team ids), else users */
    const char *first_day, *last_day; /* local dates YYYY-MM-DD, both inclusive */
    const char *prize, *rules;
    bool cancelled;
    int64_t fixed_at; /* when the final standings were frozen; VO_NULL: not yet */
    int64_t created_by, created_at, rev;
};
/* A frozen row of a finished competition's standings. */
struct vo_competition_result {
    int32_t rank;
    int64_t member_id; /* the user's or team's id */
    const char *name;  /* as it was when fixed */
    double value;
};
/* The org's competitions, the latest first (last_day, then id,
 * descending), at most limit (strings in a). */
vo_err vo_store_competition_list(struct vo_store *st, int64_t org, int64_t limit,
                                 struct vo_arena *a, struct vo_competition **out, size_t *n,
                                 struct vo_error *e);
/* Competition id (VO_ENOTFOUND "no competition <id>" naming "id"). */
vo_err vo_store_competition_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                                struct vo_competition *out, struct vo_error *e);
/* Inserts c (c->id set, c->rev 0). */
vo_err vo_store_competition_insert(struct vo_store *st, struct vo_competition *c,
                                   struct vo_error *e);
/* Stores every field of c but id, org_id, created_* against revision
 * expect (< 0: any): c->rev gets the new one; stale: VO_ESTALE. */
vo_err vo_store_competition_update(struct vo_store *st, struct vo_competition *c, int64_t expect,
                                   struct vo_error *e);
/* The member ids of competition id, ascending (in a). */
vo_err vo_store_competition_members(struct vo_store *st, int64_t org, int64_t id,
                                    struct vo_arena *a, int64_t **out, size_t *n,
                                    struct vo_error *e);
/* Replaces the members of competition id by ids[0..n). */
vo_err vo_store_competition_members_set(struct vo_store *st, int64_t org, int64_t id,
                                        const int64_t *ids, size_t n, struct vo_error *e);
/* The frozen standings of competition id in order (in a). */
vo_err vo_store_competition_results(struct vo_store *st, int64_t org, int64_t id,
                                    struct vo_arena *a, struct vo_competition_result **out,
                                    size_t *n, struct vo_error *e);
/* The orgs (ascending ids, in a) with a competition neither cancelled nor
 * fixed whose last_day is before before_day (YYYY-MM-DD): the periodic
 * tick's work list, across orgs. */
vo_err vo_store_competition_orgs_due(struct vo_store *st, const char *before_day,
                                     struct vo_arena *a, int64_t **orgs, size_t *n,
                                     struct vo_error *e);
/* Appends row pos (0-based) of the frozen standings of competition id. */
vo_err vo_store_competition_result_add(struct vo_store *st, int64_t org, int64_t id, int64_t pos,
                                       const struct vo_competition_result *r, struct vo_error *e);
/* ---- weekly action plans (action_plan_store.c; issue 11) ---- */
struct vo_action_item {
    int64_t id, org_id;
    int64_t owner_id;     /* the plan's owner: the head (the department's) or a manager */
    const char *week;     /* the plan's week: its Monday, YYYY-MM-DD */
    const char *what;     /* what to do */
    int64_t assignee_id;  /* who does it */
    const char *day;      /* a date of the week, NULL: "this week" */
    const char *metric;   /* a plan-fact metric's key, NULL: none */
    int64_t target;       /* the metric's target in its plan unit; VO_NULL with no metric */
    int64_t deal_id;      /* 0: none */
    int64_t done_at;      /* VO_NULL: open */
    int64_t done_by;      /* 0 when open */
    int64_t carried_from; /* the action of the week before it was carried from, 0: none */
    int64_t created_at, rev;
    bool carried; /* carried to the next week (read only) */
};
/* The actions of week (owner 0: every owner's; assignee 0: anyone's), by
 * owner, day ("this week" last), id. */
vo_err vo_store_action_list(struct vo_store *st, int64_t org, const char *week, int64_t owner,
                            int64_t assignee, struct vo_arena *a, struct vo_action_item **out,
                            size_t *n, struct vo_error *e);
/* One action (VO_ENOTFOUND "no action <id>" naming "id"). */
vo_err vo_store_action_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                           struct vo_action_item *out, struct vo_error *e);
/* Inserts x (x->id set, x->rev 0). */
vo_err vo_store_action_insert(struct vo_store *st, struct vo_action_item *x, struct vo_error *e);
/* Stores x's what, assignee, day, metric, target, deal and done against
 * revision expect (< 0: any; stale: VO_ESTALE); x->rev the new one. */
vo_err vo_store_action_update(struct vo_store *st, struct vo_action_item *x, int64_t expect,
                              struct vo_error *e);
/* Deletes an action at revision expect (< 0: any); the copy carried from
 * it, if any, stays (carried from nothing). */
vo_err vo_store_action_delete(struct vo_store *st, int64_t org, int64_t id, int64_t expect,
                              struct vo_error *e);

/* ---- the scripts and standards library (document_store.c; issue 14,
 * item 3; migration 24) ---- */
struct vo_document {
    int64_t id, org_id;
    const char *kind;  /* script, objections, regulation, standard, other */
    const char *title; /* 1..200 characters */
    bool required;     /* required reading: every manager acknowledges it */
    bool archived;
    int64_t created_by; /* 0: the operator */
    int64_t created_at, updated_at;
    /* read only: */
    int64_t version;    /* the current version's number (the highest) */
    int64_t version_at; /* when it was published */
    int64_t acked_at;   /* the reader's acknowledgement of it, VO_NULL: none */
    const char *body;   /* the current version's text (vo_store_document_get only) */
};
struct vo_document_version {
    int64_t org_id, document_id, number;
    const char *body; /* NULL in a listing */
    const char *note; /* "" when none */
    int64_t author_id;
    const char *author; /* the author's name (read only; NULL: the operator) */
    int64_t created_at;
    int64_t bytes; /* the body's length in bytes (read only) */
};
/* What a listing of the library selects. */
struct vo_document_query {
    const char *q;    /* in the title or the current text, case-folded; NULL: any */
    const char *kind; /* NULL: any */
    int required;     /* 0, 1; -1: either */
    int archived;     /* 0, 1; -1: either */
    bool unread;      /* required documents whose current version reader has not acknowledged */
    int64_t reader;   /* whose acknowledgements acked_at and unread are */
};
/* The documents of q, the latest changed first (without bodies). */
vo_err vo_store_document_list(struct vo_store *st, int64_t org, const struct vo_document_query *q,
                              struct vo_arena *a, struct vo_document **out, size_t *n,
                              struct vo_error *e);
/* One document with its current text and reader's acknowledgement of it
 * (VO_ENOTFOUND "no document <id>" naming "id"). */
vo_err vo_store_document_get(struct vo_store *st, int64_t org, int64_t id, int64_t reader,
                             struct vo_arena *a, struct vo_document *out, struct vo_error *e);
/* Inserts x's kind, title, required, archived, created_by, created_at
 * (= updated_at); x->id set. */
vo_err vo_store_document_insert(struct vo_store *st, struct vo_document *x, struct vo_error *e);
/* Stores x's kind, title, required, archived and updated_at. */
vo_err vo_store_document_update(struct vo_store *st, const struct vo_document *x,
                                struct vo_error *e);
/* Appends version v (its number given: the next) and sets the document's
 * updated_at to v->created_at. */
vo_err vo_store_document_version_add(struct vo_store *st, const struct vo_document_version *v,
                                     struct vo_error *e);
/* The versions of a document, the first first, without their bodies. */
vo_err vo_store_document_versions(struct vo_store *st, int64_t org, int64_t doc, struct vo_arena *a,
                                  struct vo_document_version **out, size_t *n, struct vo_error *e);
/* Version number of a document with its body (VO_ENOTFOUND, e left for
 * the caller to word). */
vo_err vo_store_document_version_get(struct vo_store *st, int64_t org, int64_t doc, int64_t number,
                                     struct vo_arena *a, struct vo_document_version *out,
                                     struct vo_error *e);
/* Records user's acknowledgement of version at `at`; again is nothing. */
vo_err vo_store_document_ack(struct vo_store *st, int64_t org, int64_t doc, int64_t version,
                             int64_t user, int64_t at, struct vo_error *e);
/* An active manager's acknowledgement of a version. */
struct vo_document_ack {
    int64_t user_id;
    const char *name;
    int64_t at;           /* of the version asked, VO_NULL: not acknowledged */
    int64_t last_version; /* the latest version they acknowledged, 0: none */
};
/* Every active manager of the org, by name, with their acknowledgement of
 * version of doc. */
vo_err vo_store_document_acks(struct vo_store *st, int64_t org, int64_t doc, int64_t version,
                              struct vo_arena *a, struct vo_document_ack **out, size_t *n,
                              struct vo_error *e);

/* ---- the report to the director (director_store.c; issue 11) ---- */
struct vo_director_note {
    const char *text;   /* "" when none was saved */
    int64_t updated_at; /* 0 when none */
    int64_t updated_by; /* 0: the operator (CLI) or none */
};
/* The org's note of the period (period "month" or "week", start its first
 * local date YYYY-MM-DD); none is VO_OK with text "". */
vo_err vo_store_director_note_get(struct vo_store *st, int64_t org, const char *period,
                                  const char *start, struct vo_arena *a,
                                  struct vo_director_note *out, struct vo_error *e);
/* Saves (replacing) the org's note of the period. */
vo_err vo_store_director_note_put(struct vo_store *st, int64_t org, const char *period,
                                  const char *start, const struct vo_director_note *n,
                                  struct vo_error *e);
/* ---- meetings and promises (meeting_store.c; issue 11, docs/meetings.md).
 * Every statement names the org; inside the caller's transaction for a
 * write. Lists in the arena; instants VO_NULL when not set. ---- */
struct vo_meeting {
    int64_t id, org_id;
    const char *kind; /* "daily", "weekly", "monthly", "one_to_one" */
    int64_t scheduled_at, limit_min;
    const char *status; /* "planned", "running", "closed" */
    int64_t lead_id;
    const char *report; /* the frozen report's JSON text; NULL until started */
    int64_t started_at, closed_at, created_at, rev;
};
struct vo_meeting_person {
    int64_t meeting_id, user_id;
    const char *attendance; /* "present", "late", "absent"; NULL: not marked */
    const char *reason;     /* of an absence; NULL when none */
};
struct vo_meeting_item {
    int64_t id, meeting_id;
    const char *kind; /* "agenda" or "decision" */
    int64_t position; /* 1.. within its kind */
    const char *text, *notes;
};
struct vo_promise {
    int64_t id, org_id, user_id;
    const char *text;
    int64_t due_at;
    int64_t deal_id, client_id; /* 0: none */
    const char *metric;         /* a plan-fact metric key; NULL: none */
    int64_t target;             /* in the metric's plan unit; VO_NULL without a metric */
    int64_t meeting_id;         /* 0: given outside a meeting */
    int64_t target_stage_id;    /* with a deal: the stage to reach; 0: none */
    const char *status;         /* "open", "kept", "broken" */
    const char *comment;
    int64_t created_at, resolved_at, notified_at, rev;
};
/* The org's meetings of kind (NULL: any) scheduled in [from, to), of
 * participant user (0: anyone's), by scheduled time. */
vo_err vo_store_meeting_list(struct vo_store *st, int64_t org, const char *kind, int64_t from,
                             int64_t to, int64_t user, struct vo_arena *a, struct vo_meeting **out,
                             size_t *n, struct vo_error *e);
/* One meeting (VO_ENOTFOUND "no meeting <id>" naming "id"). */
vo_err vo_store_meeting_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                            struct vo_meeting *out, struct vo_error *e);
/* The meeting of the same kind scheduled last before m (VO_ENOTFOUND). */
vo_err vo_store_meeting_prev(struct vo_store *st, const struct vo_meeting *m, struct vo_arena *a,
                             struct vo_meeting *out, struct vo_error *e);
/* Inserts m (m->id set, rev 0). */
vo_err vo_store_meeting_insert(struct vo_store *st, struct vo_meeting *m, struct vo_error *e);
/* Stores m's scheduled_at, limit_min, status, report, started_at and
 * closed_at against revision expect (< 0: any; stale: VO_ESTALE). */
vo_err vo_store_meeting_update(struct vo_store *st, struct vo_meeting *m, int64_t expect,
                               struct vo_error *e);
/* The meeting's participants by user id. */
vo_err vo_store_meeting_people(struct vo_store *st, int64_t org, int64_t meeting,
                               struct vo_arena *a, struct vo_meeting_person **out, size_t *n,
                               struct vo_error *e);
/* Adds a participant (unmarked), or sets the attendance of one
 * (VO_ENOTFOUND naming "user_id" when not a participant). */
vo_err vo_store_meeting_person_add(struct vo_store *st, int64_t org, int64_t meeting, int64_t user,
                                   struct vo_error *e);
vo_err vo_store_meeting_person_mark(struct vo_store *st, int64_t org,
                                    const struct vo_meeting_person *p, struct vo_error *e);
/* The meeting's agenda items and decisions by kind, position. */
vo_err vo_store_meeting_items(struct vo_store *st, int64_t org, int64_t meeting, struct vo_arena *a,
                              struct vo_meeting_item **out, size_t *n, struct vo_error *e);
/* Inserts it (it->id set). */
vo_err vo_store_meeting_item_insert(struct vo_store *st, int64_t org, struct vo_meeting_item *it,
                                    struct vo_error *e);
/* Sets the notes of the agenda item at position (VO_ENOTFOUND naming
 * "item"); deletes the decision at position, the later ones moving up
 * (VO_ENOTFOUND naming "index"). */
vo_err vo_store_meeting_item_notes(struct vo_store *st, int64_t org, int64_t meeting,
                                   int64_t position, const char *notes, struct vo_error *e);
vo_err vo_store_meeting_decision_delete(struct vo_store *st, int64_t org, int64_t meeting,
                                        int64_t position, struct vo_error *e);
/* The org's agenda template of kind, its items one a line (VO_ENOTFOUND
 * when the org has none: the default applies); replaces it. */
vo_err vo_store_meeting_template_get(struct vo_store *st, int64_t org, const char *kind,
                                     struct vo_arena *a, const char **items, struct vo_error *e);
vo_err vo_store_meeting_template_put(struct vo_store *st, int64_t org, const char *kind,
                                     const char *items, struct vo_error *e);
/* Promises of user (0: anyone's) with status (NULL: any), due in
 * [from, to), of meeting (0: any), by due time then id. */
struct vo_promise_filter {
    int64_t user, meeting, from, to;
    const char *status;
};
vo_err vo_store_promise_list(struct vo_store *st, int64_t org, const struct vo_promise_filter *f,
                             struct vo_arena *a, struct vo_promise **out, size_t *n,
                             struct vo_error *e);
/* One promise (VO_ENOTFOUND "no promise <id>" naming "id"). */
vo_err vo_store_promise_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                            struct vo_promise *out, struct vo_error *e);
/* Inserts p (p->id set, rev 0). */
vo_err vo_store_promise_insert(struct vo_store *st, struct vo_promise *p, struct vo_error *e);
/* Stores p's status, comment, resolved_at and notified_at against
 * revision expect (< 0: any; stale: VO_ESTALE). */
vo_err vo_store_promise_update(struct vo_store *st, struct vo_promise *p, int64_t expect,
                               struct vo_error *e);
/* The orgs (ascending) with an open promise due at or before now that the
 * automatic check settles (a metric, or a deal with a target stage). */
vo_err vo_store_promise_orgs_due(struct vo_store *st, int64_t now, struct vo_arena *a,
                                 int64_t **orgs, size_t *n, struct vo_error *e);
/* promise_due notifications for every open promise of every org due in
 * (from, to], to its owner, created at now; key promise_due:promise:id:due_at. */
vo_err vo_store_notify_promises(struct vo_store *st, int64_t from, int64_t to, int64_t now,
                                struct vo_arena *a, struct vo_notification **out, size_t *n,
                                struct vo_error *e);

/* ---- the client reports (client_report_store.c; issue 12, clients) ---- */
/* A client's external id, for the report rows the dataset has no text for. */
struct vo_client_ext {
    int64_t id;
    const char *ext_id;
};
/* The clients of org that have an external id, by id, into an arena array
 * *out of *n (strings in a). */
vo_err vo_store_client_exts(struct vo_store *st, int64_t org, struct vo_arena *a,
                            struct vo_client_ext **out, size_t *n, struct vo_error *e);
/* The product lines of org's deals, by deal id then position (the ABC of
 * products; model.h vo_deal_line). */
vo_err vo_store_deal_lines(struct vo_store *st, int64_t org, struct vo_arena *a,
                           struct vo_deal_line **out, size_t *n, struct vo_error *e);
/* ---- NPS answers (nps_store.c; issue 12, NPS; docs/nps.md) ---- */
/* The org's answers with from <= at < to, by at then id. */
vo_err vo_store_nps_between(struct vo_store *st, int64_t org, int64_t from, int64_t to,
                            struct vo_arena *a, struct vo_nps **out, size_t *n, struct vo_error *e);
/* A client's answers, newest first. */
vo_err vo_store_nps_of_client(struct vo_store *st, int64_t org, int64_t client, struct vo_arena *a,
                              struct vo_nps **out, size_t *n, struct vo_error *e);
/* One answer (VO_ENOTFOUND "no NPS answer <id>" naming "id"). */
vo_err vo_store_nps_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                        struct vo_nps *out, struct vo_error *e);
/* Inserts n (n->id set); the same client and instant twice: VO_ECONFLICT
 * naming "at". */
vo_err vo_store_nps_insert(struct vo_store *st, struct vo_nps *n, struct vo_error *e);
/* Deletes an answer (VO_ENOTFOUND naming "id"); its task link goes too. */
vo_err vo_store_nps_delete(struct vo_store *st, int64_t org, int64_t id, struct vo_error *e);
/* The org's survey signing key (64 hex digits) into *key: fresh (when not
 * NULL) is stored first unless the org has one already. */
vo_err vo_store_nps_key(struct vo_store *st, int64_t org, const char *fresh, struct vo_arena *a,
                        const char **key, struct vo_error *e);
/* A survey link (nps_surveys); created_by, answered_at, response_id
 * VO_NULL when none. */
struct vo_nps_survey {
    int64_t id, org_id, client_id, created_by, created_at, expires_at, answered_at, response_id;
};
vo_err vo_store_nps_survey_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                               struct vo_nps_survey *out, struct vo_error *e);
vo_err vo_store_nps_survey_insert(struct vo_store *st, struct vo_nps_survey *s, struct vo_error *e);
/* Marks the link answered at `at` by answer `response`: VO_ENOTFOUND
 * (e unset) when it is answered already (or absent). */
vo_err vo_store_nps_survey_answer(struct vo_store *st, int64_t org, int64_t id, int64_t at,
                                  int64_t response, struct vo_error *e);
/* The task of a detractor's answer: claim (VO_ENOTFOUND, e unset, when
 * claimed already), record its id, read it (*task -1: none claimed, 0:
 * claimed, its task gone or not made). */
vo_err vo_store_nps_task_claim(struct vo_store *st, int64_t org, int64_t response,
                               struct vo_error *e);
vo_err vo_store_nps_task_set(struct vo_store *st, int64_t org, int64_t response, int64_t task,
                             struct vo_error *e);
vo_err vo_store_nps_task_get(struct vo_store *st, int64_t org, int64_t response, int64_t *task,
                             struct vo_error *e);
/* ---- issue 12, channels (channels_store.c) ---- */
/* Every marketing spend row of the org, by channel then month (a month
 * the store holds malformed reads as year 0, month 0). */
vo_err vo_store_spend_list(struct vo_store *st, int64_t org, struct vo_arena *a,
                           struct vo_spend **out, size_t *n, struct vo_error *e);
/* A lead plan of a channel for a month (migration 18, docs/marketing.md). */
struct vo_channel_plan {
    int64_t id, org_id;
    const char *channel;
    int year, month;
    int64_t leads;            /* 0..10^9 */
    int32_t quality_permille; /* 0..1000, -1 = none */
};
/* Sets (inserts or replaces) the plan of p's channel and month. */
vo_err vo_store_channel_plan_put(struct vo_store *st, const struct vo_channel_plan *p,
                                 struct vo_error *e);
/* Every lead plan of the org, by channel then month. */
vo_err vo_store_channel_plan_list(struct vo_store *st, int64_t org, struct vo_arena *a,
                                  struct vo_channel_plan **out, size_t *n, struct vo_error *e);
/* Deletes the spend of channel in year-month: VO_ENOTFOUND (e left for the
 * caller to word) when there is none. */
vo_err vo_store_spend_delete(struct vo_store *st, int64_t org, const char *channel, int year,
                             int month, struct vo_error *e);

/* ---- key accounts (key_account_store.c; issue 12, item 1) ---- */
/* A key account (clients.key_account = 1) and its plan of one month. */
struct vo_ka_plan {
    int64_t client_id;
    int64_t target; /* minor units, VO_NULL = no plan for the month */
};
/* The key accounts of org by id, each with its plan of month ("YYYY-MM"),
 * into an arena array *out of *n. */
vo_err vo_store_ka_plans(struct vo_store *st, int64_t org, const char *month, struct vo_arena *a,
                         struct vo_ka_plan **out, size_t *n, struct vo_error *e);
/* Sets (inserts or replaces) the plan of client for month (updated at
 * now), inside the
 * caller's transaction. */
vo_err vo_store_ka_plan_set(struct vo_store *st, int64_t org, int64_t client, const char *month,
                            int64_t target, int64_t now, struct vo_error *e);
/* Deletes it; VO_ENOTFOUND (field "month") when there is none. */
vo_err vo_store_ka_plan_delete(struct vo_store *st, int64_t org, int64_t client, const char *month,
                               struct vo_error *e);

#endif
