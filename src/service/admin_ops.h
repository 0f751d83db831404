/*
 * admin_ops.h - the operations on a database as a whole, which the
 * command line runs for the operator who holds the file: opening it (and
 * with it the org a command works on), migrating its schema, backing it up
 * and restoring it, and counting an org's rows. The CLI and the server call
 * these instead of the store, so that neither includes store/ (ARCHITECTURE.md,
 * "Who may include whom"); a handle stays an opaque struct vo_store.
 *
 * None of these checks a role: whoever runs the binary on the file is its
 * operator (vo_svc_init makes the operator an administrator of the org).
 */
#ifndef VO_SERVICE_ADMIN_OPS_H
#define VO_SERVICE_ADMIN_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "model/doctor.h"
#include "model/move.h"

struct vo_store;
struct vo_svc;

enum vo_open_mode {
    VO_OPEN_EXISTING, /* the database must exist; migrated to the latest schema */
    VO_OPEN_CREATE,   /* created (at the latest schema) when missing */
};

/* Opens the database at path (vo_store_open's errors: VO_ENOTFOUND when it
 * is missing and mode is VO_OPEN_EXISTING, VO_EVERSION when it is newer
 * than this binary, VO_ESTORE). Close *out with vo_svc_store_close. */
vo_err vo_svc_store_open(const char *path, enum vo_open_mode mode, struct vo_store **out,
                         struct vo_error *e);
/* Closes a handle of vo_svc_store_open (NULL is fine). */
void vo_svc_store_close(struct vo_store *st);

/* Opens the existing database at path and sets svc up for the org named
 * org (a name or an id; NULL or "" = the only org: vo_svc_init_by_name),
 * with a as the command's arena. svc owns the handle (svc->st) until
 * vo_svc_close; on error nothing stays open. */
vo_err vo_svc_open(const char *path, const char *org, struct vo_arena *a, struct vo_svc *svc,
                   struct vo_error *e);
/* Cleans svc up and closes the handle vo_svc_open opened (a zeroed svc is
 * fine). */
void vo_svc_close(struct vo_svc *svc);

/* Brings the schema of the database at path to the latest version, one
 * transaction per step; *from and *to tell what happened (equal when it
 * was up to date). VO_EVERSION for a database newer than this binary. */
vo_err vo_svc_migrate(const char *path, int *from, int *to, struct vo_error *e);
/* Copies the database at path (at the latest schema version) whole into
 * dest, a PostgreSQL URL or a SQLite file (made when missing), which must
 * hold no org and no row, and checks the copy table by table (rows and a
 * checksum) before committing it: vo_store_move (store/move_store.h),
 * *out in a. A SQLite file this call made is removed again when the copy
 * fails. With check, nothing is written: the existing dest is compared
 * with path as they are. VO_EUSAGE when dest is path. */
vo_err vo_svc_move(const char *path, const char *dest, bool check, struct vo_arena *a,
                   struct vo_move_report *out, struct vo_error *e);
/* Writes a consistent copy of the database at path to dest (which must not
 * exist), while others may keep writing (the store's online backup). */
vo_err vo_svc_backup(const char *path, const char *dest, struct vo_error *e);
/* Replaces the database at path with the backup src, checked first to be a
 * voronka database this binary opens. The server must be stopped. */
vo_err vo_svc_restore(const char *path, const char *src, struct vo_error *e);

/* The schema version of an open database (the health check), and the
 * newest this binary knows. */
int vo_svc_schema_version(struct vo_store *st);
int vo_svc_schema_latest(void);

/* Backups in a directory (`voronka backup --to DIR`, `serve --backup-dir`;
 * docs/OPERATIONS.md): the file voronka-YYYYMMDDTHHMMSSZ.db named by now
 * (UTC), written as DIR/NAME.part and renamed when complete, so a file of
 * that name is always a whole backup; then, when keep > 0, the oldest such
 * files beyond the newest keep are deleted (other files are left alone).
 * DIR is made (0750, with its parents) when missing.
 * *written (may be NULL) gets the path (g_free). VO_ECONFLICT when a
 * backup of that second exists; VO_EIO naming "to" when DIR is not a
 * writable directory. */
vo_err vo_svc_backup_to_dir(const char *path, const char *dir, int keep, int64_t now,
                            char **written, struct vo_error *e);
/* The time (unix seconds) in the name of the newest backup in dir, 0 when
 * there is none (or dir cannot be read). */
int64_t vo_svc_backup_newest(const char *dir);
/* The file name of a backup made at now: "voronka-20261120T031500Z.db". */
void vo_svc_backup_name(int64_t now, char out[32]);

/* `voronka doctor`: the store's checks (store.h, vo_store_doctor) of the
 * database at path opened as it is (not migrated: its schema version is
 * one of the findings), the calendar years checked within the years the
 * binary has a production calendar for, "now" being the year year_now. */
vo_err vo_svc_doctor(const char *path, bool full, int year_now, struct vo_arena *a,
                     struct vo_doctor *out, struct vo_error *e);

/* The ids of every org of the database, ascending, in a. */
vo_err vo_svc_org_ids(struct vo_store *st, struct vo_arena *a, int64_t **ids, size_t *n,
                      struct vo_error *e);

/* The rows of org in one table of the store. */
struct vo_table_rows {
    const char *table; /* a static name */
    int64_t rows;      /* -1 when the table could not be counted */
};
/* The org's rows in every table of the store, in the store's table order,
 * into an array of a (*n entries). A table that cannot be counted is -1,
 * not an error: this is a summary for a person. VO_ENOMEM only. */
vo_err vo_svc_table_rows(struct vo_store *st, int64_t org, struct vo_arena *a,
                         struct vo_table_rows **out, size_t *n, struct vo_error *e);

#endif
