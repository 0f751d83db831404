/*
 * import.h - `voronka import`: the files of IMPORT_FORMAT.md (or a foreign
 * export through a mapping, io/mapping.h) into the org, all or nothing.
 *
 * Every row is checked and written inside one store transaction, in the
 * format's dependency order, so a row may refer to rows of the same import.
 * Every problem is collected as `file:line: column: message`; when there is
 * any, or on a dry run, the transaction is rolled back and nothing is
 * written. Re-importing the same files changes nothing.
 */
#ifndef VO_SERVICE_IMPORT_H
#define VO_SERVICE_IMPORT_H

/* The problems an import keeps in its report (rep->problems.v): the first
 * this many; the others are counted (rep->problems.more). Not with
 * skip_invalid, whose problems are its rejected rows' reasons. */
#define VO_IMPORT_MAX_PROBLEMS 1000

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "io/csv.h"
#include "io/mapping.h"
#include "service/service.h"

struct vo_import_opts {
    bool dry_run; /* check everything, write nothing */
    /* Partial import (docs/import.md, "Partial imports"): the rows with
     * problems, and the rows that depend on them, are rejected and listed
     * in the report's rejects; the other rows are written (one
     * transaction). Problems of a file as a whole still stop everything. */
    bool skip_invalid;
    const char *map_path; /* NULL: dir holds voronka's own files (or see preset, detect) */
    const char *preset;   /* without map_path: a built-in preset's name (io/presets.h) */
    /* Without map_path and preset: tell voronka's own files from a
     * preset's export by the headers (service/import_detect.h). */
    bool detect;
    /* The rows already in memory, each table's target a file of the
     * format (service/crm_sync.c builds them from another CRM's API): dir
     * is then only the import's name in the report and the audit row. */
    struct vo_csv *const *tables;
    size_t ntables;
    /* Called every `progress_every` rows of a file (0 = never). */
    void (*progress)(void *ctx, const char *file, int64_t rows);
    void *progress_ctx;
    int64_t progress_every;
};

/* What happened to one file of the format. */
struct vo_import_count {
    const char *file;
    bool present; /* the import had this file (or a mapping produced it) */
    int64_t rows, created, updated, unchanged;
    int64_t rejected; /* skip_invalid: rows rejected (not in the other counts) */
};

/* A row a partial import rejected: the input row as read (its file's own
 * columns: a mapping's source file), and its problems. */
struct vo_import_reject {
    const char *file; /* the input file: a mapping's source file */
    int64_t line;     /* the physical line where the row starts */
    const struct vo_csv *t;
    const struct vo_csv_row *r;
    /* the row's first problem: its column (NULL: the row as a whole) and
     * its message id (NULL outside the catalogue) */
    const char *field, *code;
    const char *msg, *msg_ru; /* every problem of the row, "; " between */
};

/* The rejected rows of one input file, in line order. */
struct vo_import_reject_file {
    const char *file;
    const struct vo_csv *t; /* the columns the rejects file has */
    const struct vo_import_reject **rows;
    size_t n;
};

/* How a name of the file meets the org (docs/import.md, "Stages and
 * users"): a record the org had before the import, one the import itself
 * creates (pipelines.csv, users.csv: a preset makes them from the export),
 * or none (the rows that name it are problems). */
enum vo_import_match { VO_IMPORT_EXISTING, VO_IMPORT_CREATED, VO_IMPORT_UNMATCHED };

/* "existing", "created", "unmatched": the API's and the CLI's key. */
const char *vo_import_match_key(enum vo_import_match m);

/* The deals of deals.csv by pipeline, stage and status, in the order they
 * first appear: where they land. */
struct vo_import_stage {
    const char *pipeline; /* as the file names it */
    const char *stage;    /* NULL: the file gives none (the pipeline's first stage) */
    const char *status;   /* "open", "won", "lost" (a preset's won/lost stages) */
    int64_t deals;
    enum vo_import_match match;
    int64_t stage_id;       /* existing: the org's stage; else 0 */
    const char *stage_name; /* the stage the deals land in; NULL unmatched */
};

/* The deals of deals.csv by owner (a name or an email, as the file gives
 * it), in the order they first appear. */
struct vo_import_user {
    const char *owner;
    int64_t deals;
    enum vo_import_match match;
    int64_t user_id;       /* existing: the org's user; else 0 */
    const char *user_name; /* existing: that user's name */
};

struct vo_import_report {
    const char *dir;
    const char *map_name;    /* NULL without a mapping */
    const char *map_name_ru; /* its Russian name ("name_ru"), else map_name */
    const char *preset;      /* the preset used, or NULL */
    bool detected;           /* the preset was found by the headers */
    bool dry_run;
    bool committed;                /* the import was written */
    bool indexes_after;            /* the tables' indexes built after the rows (a first import
                                    * into a new SQLite database: vo_store_indexes_after) */
    struct vo_import_count *files; /* one per file of the format, format order */
    size_t nfiles;
    struct vo_csv_notes problems; /* any problem: nothing written */
    struct vo_csv_notes warnings;
    struct vo_map_result map;       /* skipped rows, value maps, sources (mapping only) */
    int64_t users_without_password; /* users created by this import */
    bool skip_invalid;
    struct vo_import_reject *rejects; /* skip_invalid: every rejected row */
    size_t nrejects;
    struct vo_import_reject_file *reject_files; /* the same by input file */
    size_t nreject_files;
    /* the matching of deals.csv's stages and owners (every run) */
    struct vo_import_stage *stages;
    size_t nstages;
    struct vo_import_user *users;
    size_t nusers;
};

/* Imports dir into svc's org. The report (in svc->arena) is filled in every
 * case. Returns VO_OK (committed, or a clean dry run; with skip_invalid
 * also when rows were rejected: rep->nrejects), VO_EINVAL when the input
 * has problems (listed in rep->problems; nothing written), VO_EIO /
 * VO_EINVAL for a mapping or directory that cannot be used, VO_ESTORE when
 * the database fails. */
vo_err vo_svc_import(struct vo_svc *svc, const char *dir, const struct vo_import_opts *opts,
                     struct vo_import_report *rep, struct vo_error *e);

/* The text of the rejects file of rf (the input file's encoding: UTF-8
 * with a BOM, or cp1251; its delimiter): its header, then each rejected row's cells and _file,
 * _line, _field, _code, _error (io/csv.h's vo_csv_reject_cols; the message in Russian when ru).
 * g_free it. */
char *vo_import_rejects_csv(const struct vo_import_reject_file *rf, bool ru, size_t *len);

/* The per-file count for `file` ("deals.csv"), or NULL. */
const struct vo_import_count *vo_import_report_file(const struct vo_import_report *rep,
                                                    const char *file);

#endif
