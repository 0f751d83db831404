/*
 * cmd_backup.c - `voronka backup FILE` (SQLite's online backup: a consistent
 * copy while others keep writing) and `voronka restore FILE`.
 */
#include <stdbool.h>
#include <stdio.h>

#include "cli/cli.h"

/* backup and restore: a command on the database and one FILE. */
struct file_cmd {
    const char *name, *description, *no_file; /* the texts: VO_MSG */
    vo_err (*run)(const char *db, const char *file, struct vo_error *e);
    bool backup; /* what the line printed on success says */
};

static int file_cmd(int argc, char **argv, const struct file_cmd *c)
{
    struct vo_cli_common common = {0};
    int rc = vo_cli_parse(&argc, &argv, "FILE", c->description, NULL, &common);
    if (rc)
        goto out;
    if (argc != 2) {
        rc = vo_cli_usage(c->name, "%s", vo_cli_msg(c->no_file));
        goto out;
    }
    struct vo_error e = {0};
    if (c->run(vo_cli_db_path(&common), argv[1], &e))
        rc = vo_cli_fail(&e);
    else
        printf(c->backup ? vo_cli_tr("Backed up %s to %s\n") : vo_cli_tr("Restored %s from %s\n"),
               vo_cli_db_path(&common), argv[1]);
out:
    g_free(common.db);
    g_free(common.org);
    return rc;
}

static const struct file_cmd file_cmds[] = {
    {"backup",
     VO_MSG("Writes a consistent copy of the database to FILE (which must not exist), while the "
            "database stays in use."),
     VO_MSG("give one FILE to write the backup to"), vo_svc_backup, true},
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
