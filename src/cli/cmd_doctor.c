/*
 * cmd_doctor.c - `voronka doctor [--db D] [--full] [--format text|json]`:
 * checks a database without changing it (service/admin_ops.h,
 * vo_svc_doctor): SQLite's quick_check (integrity_check with --full), the
 * foreign keys, rows whose parent is missing or of another org, the schema
 * version against this binary's, the production-calendar years missing.
 * Exit 0 when nothing was found, 1 when something was (docs/OPERATIONS.md).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/timeutil.h"
#include "cli/cli.h"

static const char *const kind_name[] = {"integrity", "orphan", "other_org", "calendar"};

static json_t *finding_json(const struct vo_doctor_finding *f)
{
    json_t *o = json_pack("{s:s}", "check", kind_name[f->kind]);
    switch (f->kind) {
    case VO_DOCTOR_INTEGRITY:
        json_object_set_new(o, "text", json_string(f->text));
        break;
    case VO_DOCTOR_OTHER_ORG:
        json_object_set_new(o, "column", json_string(f->column));
        /* fall through */
    case VO_DOCTOR_ORPHAN:
        json_object_set_new(o, "table", json_string(f->table));
        json_object_set_new(o, "parent", json_string(f->parent));
        json_object_set_new(o, "rows", json_integer(f->count));
        json_object_set_new(o, "first_row", json_integer(f->row));
        break;
    case VO_DOCTOR_CALENDAR:
        json_object_set_new(o, "org_id", json_integer(f->org));
        json_object_set_new(o, "org", json_string(f->text ? f->text : ""));
        json_object_set_new(o, "year", json_integer(f->year));
        break;
    }
    return o;
}

static void print_finding(const struct vo_doctor_finding *f)
{
    switch (f->kind) {
    case VO_DOCTOR_INTEGRITY:
        printf(vo_cli_tr("  integrity: %s\n"), f->text);
        break;
    case VO_DOCTOR_ORPHAN:
        printf(vo_cli_tr("  %s: %lld rows point to missing rows of %s (first: row %lld)\n"),
               f->table, (long long)f->count, f->parent, (long long)f->row);
        break;
    case VO_DOCTOR_OTHER_ORG:
        printf(vo_cli_tr("  %s.%s: %lld rows point to rows of %s of another org (first: row "
                         "%lld)\n"),
               f->table, f->column, (long long)f->count, f->parent, (long long)f->row);
        break;
    case VO_DOCTOR_CALENDAR:
        printf(vo_cli_tr("  %s: no production calendar for %d (voronka calendar load --year %d)\n"),
               f->text ? f->text : "", f->year, f->year);
        break;
    }
}

int vo_cmd_doctor(int argc, char **argv)
{
    struct vo_cli_common common = {0};
    gboolean full = FALSE;
    char *format = NULL, *as_of = NULL;
    GOptionEntry entries[] = {
        {"as-of", 0, 0, G_OPTION_ARG_STRING, &as_of,
         VO_MSG("Today for the calendar check: this year and the next need a calendar (default: "
                "today)"),
         "YYYY-MM-DD"},
        {"full", 0, 0, G_OPTION_ARG_NONE, &full,
         VO_MSG("integrity_check instead of the quicker quick_check (reads every index)"), NULL},
        {"format", 0, 0, G_OPTION_ARG_STRING, &format, VO_MSG("text (default) or json"), "F"},
        G_OPTION_ENTRY_NULL};
    struct vo_arena a;
    vo_arena_init(&a, (size_t)64 * 1024 * 1024);
    int rc = vo_cli_parse(&argc, &argv, "",
                          VO_MSG("Checks the database without changing it: integrity, foreign "
                                 "keys, rows of one org pointing into another, the schema "
                                 "version, missing production-calendar years. Exit 0: nothing "
                                 "found, 1: problems found."),
                          entries, &common);
    if (rc)
        goto out;
    bool json = format && strcmp(format, "json") == 0;
    if (format && !json && strcmp(format, "text") != 0) {
        rc = vo_cli_usage("doctor", "--format is text or json, not \"%s\"", format);
        goto out;
    }
    if (argc != 1) {
        rc = vo_cli_usage("doctor", "doctor takes no arguments");
        goto out;
    }
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    int year = tm.tm_year + 1900;
    struct vo_doctor d;
    struct vo_error e = {0};
    struct vo_date day;
    if (as_of) {
        if (vo_date_parse(as_of, &day, "as-of", &e)) {
            rc = vo_cli_fail(&e);
            goto out;
        }
        year = day.y;
    }
    const char *path = vo_cli_db_path(&common);
    if (vo_svc_doctor(path, full, year, &a, &d, &e)) {
        rc = vo_cli_fail(&e);
        goto out;
    }
    bool schema_ok = d.schema_version == d.schema_latest;
    size_t problems = d.n + !schema_ok;
    if (json) {
        json_t *v = json_array();
        for (size_t i = 0; i < d.n; i++)
            json_array_append_new(v, finding_json(&d.v[i]));
        json_t *o = json_pack("{s:s, s:b, s:{s:i, s:i, s:b}, s:s, s:I, s:o}", "database", path,
                              "ok", problems == 0, "schema", "version", d.schema_version, "binary",
                              d.schema_latest, "ok", schema_ok, "integrity",
                              d.integrity ? d.integrity : "none", "problems", (json_int_t)problems,
                              "findings", v);
        char *text = json_dumps(o, JSON_INDENT(2));
        if (text)
            puts(text);
        free(text);
        json_decref(o);
    } else {
        printf(vo_cli_tr("Database %s\n"), path);
        if (schema_ok)
            printf(vo_cli_tr("  schema: version %d, current\n"), d.schema_version);
        else if (d.schema_version < d.schema_latest)
            printf(vo_cli_tr("  schema: version %d, this binary's is %d: run voronka migrate (or "
                             "start the server)\n"),
                   d.schema_version, d.schema_latest);
        else
            printf(vo_cli_tr("  schema: version %d is newer than this binary's %d: upgrade "
                             "voronka\n"),
                   d.schema_version, d.schema_latest);
        for (size_t i = 0; i < d.n; i++)
            print_finding(&d.v[i]);
        if (problems)
            printf(vo_cli_tr("Problems found: %zu\n"), problems);
        else
            fputs(vo_cli_tr("No problems found\n"), stdout);
    }
    rc = problems ? 1 : 0;
out:
    vo_arena_cleanup(&a);
    g_free(common.db);
    g_free(common.org);
    g_free(format);
    g_free(as_of);
    return rc;
}
