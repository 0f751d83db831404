/*
 * mapping.h - voronka's import format as a table, and mappings that turn a
 * foreign CRM export into it.
 *
 * The format (IMPORT_FORMAT.md): which files exist, in which order they are
 * imported, their columns and which are required. The importer and the
 * mapping both read it from vo_map_targets.
 *
 * A mapping is a JSON file (docs/import.md) that says, per file of the
 * format, which source file feeds it and how each column is computed from
 * the source columns: taken as is, a constant, a template, a value map, a
 * default, a date format; or literal rows; and which source rows to skip,
 * with a reason. Applying it gives "virtual" tables of the format whose
 * rows keep the source file name and line numbers, so the importer's
 * messages point at the line the user can open. Nothing a mapping declines
 * is dropped silently: skipped rows, value-map applications and empty
 * values the mapping was told to watch are all counted and reported.
 */
#ifndef VO_IO_MAPPING_H
#define VO_IO_MAPPING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "io/csv.h"

/* One file of the import format. */
struct vo_map_target {
    const char *name;            /* "deals.csv" */
    const char *const *cols;     /* every column, NULL-terminated */
    const char *const *required; /* the required ones, NULL-terminated */
    const char *const *times;    /* timestamp / date columns, NULL-terminated */
    bool custom;                 /* accepts custom.X columns */
};

/* The files of the format in import (dependency) order. */
extern const struct vo_map_target vo_map_targets[];
extern const size_t vo_map_target_count;
/* The target named `name`, or NULL. */
const struct vo_map_target *vo_map_target_find(const char *name);
/* Is `col` a column of t (custom.X included where allowed)? */
bool vo_map_target_has(const struct vo_map_target *t, const char *col);

struct vo_map;

/* Source lines grouped under one reason: rows a skip rule declined, or rows
 * where a watched column came out empty. */
struct vo_map_group {
    const char *file;           /* source file */
    const char *column;         /* target column, NULL for a skip rule */
    const char *reason;         /* the mapping's own words, or NULL: a skip rule without
                                 * "reason" is told by what it watched, in the reader's
                                 * language (watch is empty / watch is equals) */
    const char *reason_ru;      /* a skip rule's "reason_ru": reason in Russian, or NULL */
    const char *watch, *equals; /* a skip rule's source column and first value
                                 * (NULL: when_empty); NULL for an empty column */
    int64_t *lines;
    size_t n, cap;
};

/* A value map that changed values: "GTXPro" -> "GTX Pro" on n rows. */
struct vo_map_count {
    const char *file, *column, *from, *to;
    int64_t n;
};

/* What became of a source file's rows. */
struct vo_map_source {
    const char *file, *target;
    int64_t read, produced, skipped;
    int64_t merged; /* equal rows merged ("distinct": true), ids given before ("only_new") */
};

struct vo_map_result {
    struct vo_csv **tables; /* virtual tables, in the mapping's order */
    size_t ntables;
    struct vo_map_group *skips, *empties;
    size_t nskips, nempties;
    struct vo_map_count *counts;
    size_t ncounts;
    struct vo_map_source *sources;
    size_t nsources;
    struct vo_csv **inputs; /* the source files as read (a partial import's
                             * rejects keep their columns) */
    size_t ninputs;
};

/* Loads and checks the mapping at path (JSON) into the arena. VO_EIO when
 * it cannot be read, VO_EINVAL naming the bad key ("files[3].columns.stage:
 * unknown key \"frm\"") when it is not a valid mapping. */
vo_err vo_map_load(const char *path, struct vo_arena *a, struct vo_map **out, struct vo_error *e);

/* The mapping's name (its "name", else the file's base name). */
const char *vo_map_name(const struct vo_map *m);
/* Its "name_ru", else its name. */
const char *vo_map_name_ru(const struct vo_map *m);

/* Reads the source files from dir and produces the virtual tables. Row
 * problems (a date that does not match its format, a source column that is
 * missing) go to `problems`, remarks to `warnings`; the result's arrays are
 * in arena a. Returns VO_OK unless memory runs out: a problem in the input
 * is a note, not an error. */
vo_err vo_map_apply(struct vo_map *m, const char *dir, struct vo_arena *a,
                    struct vo_map_result *out, struct vo_csv_notes *problems,
                    struct vo_csv_notes *warnings, struct vo_error *e);

/* Converts a date or timestamp written as `fmt` ("DD.MM.YYYY",
 * "MM/DD/YYYY", "YYYY-MM-DD HH:MM", "MM.YYYY", ...) into the import
 * format's text ("2017-03-01", "2017-03-01 14:05:00", "2017-03") in out.
 * Tokens: YYYY, YY, MM (the month; minutes after "HH:"), DD, HH, SS; any
 * other character must match itself (a literal Z after a time makes the
 * result UTC: "2017-03-01 14:05:00Z"). A value that stops where the format's
 * time part begins is a date at 00:00. VO_EINVAL when s does not match. */
vo_err vo_map_date_convert(const char *s, const char *fmt, char *out, size_t outsz,
                           struct vo_error *e);

/* vo_map_date_convert with several formats separated by '\n' (a
 * mapping's "date_format" list), tried in order: the first that matches. */
vo_err vo_map_date_convert_any(const char *s, const char *fmts, char *out, size_t outsz,
                               struct vo_error *e);

/* Loads a mapping from its JSON text (a preset built into the binary);
 * name stands for the file in messages. As vo_map_load. */
vo_err vo_map_load_text(const char *name, const char *text, struct vo_arena *a, struct vo_map **out,
                        struct vo_error *e);

/* The one file of dir whose name matches pattern ("*.csv", glob syntax), in
 * arena a; NULL when none or several do (a problem in `problems` says which). */
const char *vo_map_source_find(const char *dir, const char *pattern, struct vo_arena *a,
                               struct vo_csv_notes *problems);

/* A source column a mapping needs: any one of alts (a "from" list). */
struct vo_map_need {
    const char *const *alts;
    size_t nalts;
};

/* The source columns the mapping cannot do without (its non-optional
 * "from" columns, template placeholders, "when" and skip rules' columns),
 * each once, in arena a. VO_ENOMEM. */
vo_err vo_map_needs(const struct vo_map *m, struct vo_arena *a, struct vo_map_need **out,
                    size_t *n);

#endif
