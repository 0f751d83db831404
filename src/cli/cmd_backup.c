/*
 * cmd_backup.c - `voronka backup FILE` or `voronka backup --to DIR [--keep
 * N]` (SQLite's online backup: a consistent copy while others keep
 * writing; into DIR under a name with the UTC time, the oldest beyond N
 * deleted) and `voronka restore FILE` (docs/OPERATIONS.md).
 */
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "cli/cli.h"
#include "service/admin_ops.h"

/* backup and restore: a command on the database and one FILE. */
struct file_cmd {
    const char *name, *description, *no_file; /* the texts: VO_MSG */
    vo_err (*run)(const char *db, const char *file, struct vo_error *e);
    bool backup; /* what the line printed on success says */
};

static int file_cmd(int argc, char **argv, const struct file_cmd *c)
{
    struct vo_cli_common common = {0};
    char *to = NULL;
    int keep = -1;
    GOptionEntry backup_entries[] = {
        {"to", 0, 0, G_OPTION_ARG_FILENAME, &to,
         VO_MSG("Write the backup into DIR as voronka-YYYYMMDDTHHMMSSZ.db (UTC) instead of FILE"),
         "DIR"},
        {"keep", 0, 0, G_OPTION_ARG_INT, &keep,
         VO_MSG("With --to: keep the newest N backups in DIR, delete older ones"), "N"},
        G_OPTION_ENTRY_NULL};
    int rc = vo_cli_parse(&argc, &argv, c->backup ? "[FILE]" : "FILE", c->description,
                          c->backup ? backup_entries : NULL, &common);
    if (rc)
        goto out;
    if (to ? argc != 1 : argc != 2) {
        rc = vo_cli_usage(c->name, "%s", vo_cli_msg(c->no_file));
        goto out;
    }
    if (keep != -1 && (!to || keep < 1)) {
        rc = vo_cli_usage(c->name, "--keep N goes with --to DIR and is at least 1");
        goto out;
    }
    struct vo_error e = {0};
    char *written = NULL;
    if (to ? vo_svc_backup_to_dir(vo_cli_db_path(&common), to, keep, (int64_t)time(NULL), &written,
                                  &e)
           : c->run(vo_cli_db_path(&common), argv[1], &e))
        rc = vo_cli_fail(&e);
    else
        printf(c->backup ? vo_cli_tr("Backed up %s to %s\n") : vo_cli_tr("Restored %s from %s\n"),
               vo_cli_db_path(&common), written ? written : argv[1]);
    g_free(written);
out:
    g_free(common.db);
    g_free(common.org);
    g_free(to);
    return rc;
}

static const struct file_cmd file_cmds[] = {
    {"backup",
     VO_MSG("Writes a consistent copy of the database to FILE (which must not exist), while the "
            "database stays in use."),
     VO_MSG("give one FILE to write the backup to, or --to DIR"), vo_svc_backup, true},
    {"restore",
     VO_MSG("Replaces the database with the backup FILE (checked first: it must be a voronka "
            "database). Stop the server before restoring."),
     VO_MSG("give one backup FILE to restore from"), vo_svc_restore, false},
};

int vo_cmd_backup(int argc, char **argv)
{
    return file_cmd(argc, argv, &file_cmds[0]);
}

int vo_cmd_restore(int argc, char **argv)
{
    return file_cmd(argc, argv, &file_cmds[1]);
}
