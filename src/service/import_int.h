/*
 * import_int.h - the importer's shared state (struct imp, struct row) and
 * the steps each file of the importer offers the others. Internal to
 * src/service/import*.c: the interface is import.h.
 */
#ifndef VO_SERVICE_IMPORT_INT_H
#define VO_SERVICE_IMPORT_INT_H

#include <errno.h>
#include <glib.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/money.h"
#include "base/timeutil.h"
#include "service/crm.h"
#include "service/import.h"
#include "service/plans.h"

/* A pipeline and its stages, cached for the deals that use it. */
struct pipe {
    int64_t id;
    const char *name; /* NULL when only known by id */
    struct vo_stage *stages;
    size_t n;
};

/* A user reference, cached: id, or how many users share the name. */
struct who {
    int64_t id;
    int count;
    bool active;
};

/* The rows of a streamed file are imported in chunks of this many
 * (import.c, import_stream). */
#define VO_IMPORT_CHUNK_ROWS 4096

struct imp {
    struct vo_svc *svc;
    struct vo_arena *a;  /* what lasts the import: the report, the maps */
    struct vo_arena *ra; /* what a row needs while it is written: its chunk's */
    struct vo_import_report *rep;
    const struct vo_import_opts *opts;
    GHashTable *users;    /* text -> struct who */
    GHashTable *pipes;    /* name -> struct pipe */
    GHashTable *pipe_ids; /* int64 id -> struct pipe */
    /* per file of the format (vo_map_targets' index): a key of the
     * import -> where it was first, (line << 16) | index in names */
    GHashTable **seen;
    GPtrArray *names;      /* the source files' names seen's values point at */
    GHashTable *moves;     /* "deal|stage|at" -> stage changes with that key so far */
    GHashTable *failed[6]; /* per vo_ext_kind: ext id of a row with problems -> "file:line" */
    /* per vo_ext_kind: every external id of the org -> its record's id
     * (in the pointer itself: ids are positive), read once on the first use (vo_store_ext_ids) and
     * kept up to date with the records this import creates; so a reference and an upsert's "is it
     * new" need no look-up each. Not with skip_invalid, whose rows are undone one by one
     * (imp_ext_on). */
    GHashTable *ext[6];
    /* skip_invalid (a partial import) */
    bool skip;
    GHashTable *failed_users; /* a rejected users.csv row's email and name -> "file:line" */
    GHashTable *failed_pipes; /* a rejected pipeline's name -> "file:line" */
    GHashTable *noted;        /* "file\nline" of rows the reading already found wrong */
    GArray *rejected;         /* struct imp_rej: the rows rejected, in import order */
    vo_err fatal;
    struct vo_error fe;
    /* the org's custom field definitions (both entities), loaded on the
     * first custom.X cell (crm-edit, issue 10) */
    struct vo_custom_field *cf;
    size_t ncf;
    bool cf_loaded;
    /* the report's stages and users (import_match.c) */
    GHashTable *old_users;  /* int64 id -> struct vo_user: the org's before the import */
    GHashTable *old_stages; /* int64 id -> struct vo_stage: the same */
    GHashTable *stage_keys; /* "pipeline\x1fstage\x1fstatus" -> index + 1 in match_stages */
    GHashTable *user_keys;  /* owner -> index + 1 in match_users */
    GArray *match_stages;   /* struct vo_import_stage */
    GArray *match_users;    /* struct vo_import_user */
};

struct row {
    struct imp *im;
    const struct vo_csv *t;
    const struct vo_csv_row *r;
    const struct vo_map_target *fmt;
    const int *idx; /* per format column: the table's column, or -1 */
    bool failed;
    bool savepoint; /* imp_row_open opened one */
};

/* A rejected row: its table and row. */
struct imp_rej {
    const struct vo_csv *t;
    const struct vo_csv_row *r;
};

/* import_row.c */
int imp_table_col(const struct row *rw, const char *col);
void imp_problem(struct row *rw, const char *col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void imp_problem_e(struct row *rw, const char *col, const struct vo_error *e);
const char *imp_get(struct row *rw, const char *col);
const char *imp_need(struct row *rw, const char *col);
int64_t imp_get_time(struct row *rw, const char *col, bool required);
int64_t imp_get_money(struct row *rw, const char *col, bool required);
int64_t imp_parse_int(struct row *rw, const char *col, const char *v, int64_t lo, int64_t hi);
const char *imp_custom_json(struct row *rw, const char *entity);
void imp_fatal(struct imp *im, const struct vo_error *e);
int64_t imp_ref_user(struct row *rw, const char *col, const char *who);
int64_t imp_ref_ext(struct row *rw, enum vo_ext_kind kind, const char *col, const char *ext);
void imp_mark_failed(struct row *rw, enum vo_ext_kind kind, const char *ext);
/* skip_invalid: a row the reading found wrong already (a stray
 * delimiter, a mapping's bad value) starts failed. */
void imp_row_noted(struct row *rw);
/* skip_invalid: a savepoint before a row's writes (false: the store
 * failed, the import stops); after them, the row kept or undone, and a
 * failed row listed as rejected and counted in cnt. */
bool imp_row_open(struct row *rw);
void imp_row_close(struct row *rw, struct vo_import_count *cnt);
/* "file:line" of the row, for the rows that depend on it. */
const char *imp_where(struct row *rw);
/* The row refers to a row of this import that had problems (where:
 * "file:line"): with skip_invalid a problem naming it, else the row just
 * fails (the other row's problems say it all). */
void imp_depends(struct row *rw, const char *col, const char *where);
struct pipe *imp_ref_pipeline(struct row *rw, const char *col, const char *name);
struct pipe *imp_pipe_by_id(struct imp *im, int64_t id);
int64_t imp_ref_stage(struct row *rw, const char *col, const struct pipe *p, const char *name);
void imp_dup_check(struct row *rw, const char *col, const char *key);
bool imp_may_write(struct row *rw, enum vo_object obj, const char *col);
void imp_counted(struct row *rw, enum vo_object obj, const char *col, struct vo_import_count *cnt,
                 vo_err rc, enum vo_upsert res, const struct vo_error *e);
/* The end of a row of an object x, after its checks: when the row is
 * still good, x stored with upsert and counted as obj under col. A macro:
 * the upserts differ in x's type, which a function cannot take. */
#define IMP_STORE(rw, cnt, obj, col, upsert, x, e)                                                 \
    do {                                                                                           \
        if (!(rw)->failed) {                                                                       \
            enum vo_upsert res_;                                                                   \
            vo_err rc_ = upsert((rw)->im->svc->st, &(x), &res_, e);                                \
            imp_counted(rw, obj, col, cnt, rc_, res_, e);                                          \
        }                                                                                          \
    } while (0)
/* The same for an object with an external id (a client, deal, activity,
 * task, payment, product), its key marked first (imp_mark_failed). */
#define IMP_STORE_EXT(rw, cnt, ext, obj, upsert, x, e)                                             \
    do {                                                                                           \
        imp_mark_failed(rw, ext, (x).ext_id);                                                      \
        bool new_ = imp_ext_new(rw, ext, (x).ext_id);                                              \
        vo_store_expect_new((rw)->im->svc->st, new_);                                              \
        IMP_STORE(rw, cnt, obj, "id", upsert, x, e);                                               \
        vo_store_expect_new((rw)->im->svc->st, false);                                             \
        if (new_ && !(rw)->failed)                                                                 \
            imp_ext_add((rw)->im, ext, (x).ext_id, (x).id);                                        \
    } while (0)
/* Whether the map of external ids (struct imp's ext) is used: not with
 * skip_invalid. */
bool imp_ext_on(const struct imp *im);
/* Whether the record of kind with external id ext is surely new (the
 * map is used and has not got it); false also when it failed to load
 * (the import then stops, imp_fatal). */
bool imp_ext_new(struct row *rw, enum vo_ext_kind kind, const char *ext);
/* The record just created, into the map. */
void imp_ext_add(struct imp *im, enum vo_ext_kind kind, const char *ext, int64_t id);
int64_t imp_ref_assignee(struct row *rw, enum vo_ext_kind kind, const char *ext, const char *col,
                         const char *who);
bool imp_parse_bool01(struct row *rw, const char *col, const char *v);

/* import_people.c */
void imp_row_users(struct row *rw, struct vo_import_count *cnt);
void imp_row_products(struct row *rw, struct vo_import_count *cnt);
void imp_import_pipelines(struct imp *im, struct row *rows, size_t n, struct vo_import_count *cnt);

/* import_match.c: the org's stages and users before the first row
 * (VO_ESTORE); a deal row counted under its pipeline, stage and status and
 * its owner, with the ids they resolved to (0: none); the tallies into the
 * report, and the state freed. */
vo_err imp_match_begin(struct imp *im, struct vo_error *e);
void imp_match_deal(struct row *rw, const char *pipeline, const struct pipe *p, const char *stage,
                    int64_t stage_id, enum vo_deal_status status, const char *owner,
                    int64_t owner_id);
void imp_match_end(struct imp *im);

/* import_records.c */
void imp_row_clients(struct row *rw, struct vo_import_count *cnt);
void imp_row_deals(struct row *rw, struct vo_import_count *cnt);
void imp_row_stage_changes(struct row *rw, struct vo_import_count *cnt);
void imp_row_activities(struct row *rw, struct vo_import_count *cnt);
void imp_row_tasks(struct row *rw, struct vo_import_count *cnt);
void imp_row_payments(struct row *rw, struct vo_import_count *cnt);
void imp_row_plans(struct row *rw, struct vo_import_count *cnt);
void imp_row_spend(struct row *rw, struct vo_import_count *cnt);
void imp_row_nps(struct row *rw, struct vo_import_count *cnt);
void imp_row_holidays(struct row *rw, struct vo_import_count *cnt);

#endif
