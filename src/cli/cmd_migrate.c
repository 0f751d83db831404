/*
 * cmd_migrate.c - `voronka migrate`: bring an existing database to the
 * schema this binary knows (opening one does it too; this says what
 * happened and refuses a database newer than the binary). With --to DEST,
 * copy the database whole into DEST, SQLite or PostgreSQL either way, and
 * check the copy table by table; with --check as well, only compare the two
 * (docs/SCALING.md, "Moving").
 */
#include <stdio.h>

#include "cli/cli.h"
#include "service/admin_ops.h"

/* The table of a copy: each table's rows and checksum, and whether the
 * copy has the same (else its own). */
static void print_move(const struct vo_move_report *r)
{
    printf("%-28s %10s  %-32s  %s\n", vo_cli_tr("table"), vo_cli_tr("rows"), vo_cli_tr("checksum"),
           vo_cli_tr("check"));
    for (size_t i = 0; i < r->n; i++) {
        const struct vo_move_table *t = &r->v[i];
        printf("%-28s %10lld  %s  ", t->table, (long long)t->rows, t->sum);
        if (t->ok)
            fputs(vo_cli_tr("ok\n"), stdout);
        else
            printf(vo_cli_tr("DIFFERS: the copy has %lld rows, checksum %s\n"),
                   (long long)t->dest_rows, t->dest_sum);
    }
}

static int move(const char *path, const char *dest, bool check)
{
    struct vo_arena a;
    vo_arena_init(&a, 0);
    struct vo_move_report r;
    struct vo_error e = {0};
    vo_err rc = vo_svc_move(path, dest, check, &a, &r, &e);
    if (r.n)
        print_move(&r);
    int code = 0;
    if (rc) {
        code = vo_cli_fail(&e);
    } else {
        long long rows = 0;
        for (size_t i = 0; i < r.n; i++)
            rows += r.v[i].rows;
        if (check)
            printf(vo_cli_tr("%s holds the same as %s: %zu tables, %lld rows (schema version "
                             "%d)\n"),
                   dest, path, r.n, rows, r.version);
        else
            printf(vo_cli_tr("Copied %s to %s and checked it: %zu tables, %lld rows in %.1f s "
                             "(schema version %d)\n"),
                   path, dest, r.n, rows, r.seconds, r.version);
    }
    vo_arena_cleanup(&a);
    return code;
}

int vo_cmd_migrate(int argc, char **argv)
{
    struct vo_cli_common common = {0};
    char *to = NULL;
    gboolean check = FALSE;
    GOptionEntry entries[] = {
        {"to", 0, 0, G_OPTION_ARG_STRING, &to,
         VO_MSG("Copy the database whole into DEST (a postgresql:// URL or a new SQLite file) "
                "and check the copy"),
         "DEST"},
        {"check", 0, 0, G_OPTION_ARG_NONE, &check,
         VO_MSG("With --to: copy nothing, only compare DEST with the database table by table"),
         NULL},
        G_OPTION_ENTRY_NULL};
    int rc = vo_cli_parse(&argc, &argv, "",
                          VO_MSG("Migrates the database to the latest schema version, one "
                                 "transaction per step."),
                          entries, &common);
    if (rc)
        goto out;
    const char *path = vo_cli_db_path(&common);
    if (check && !to) {
        rc = vo_cli_usage("migrate", "--check goes with --to DEST");
        goto out;
    }
    if (to) {
        rc = move(path, to, check);
        goto out;
    }
    struct vo_error e = {0};
    int from = 0, now = 0;
    if (vo_svc_migrate(path, &from, &now, &e)) {
        rc = vo_cli_fail(&e);
    } else if (from == now) {
        printf(vo_cli_tr("%s is up to date (schema version %d)\n"), path, now);
    } else {
        printf(vo_cli_tr("%s migrated from schema version %d to %d\n"), path, from, now);
    }
out:
    g_free(common.db);
    g_free(common.org);
    g_free(to);
    return rc;
}
