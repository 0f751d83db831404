/*
 * cmd_backup.c - `voronka backup FILE` (SQLite's online backup: a consistent
 * copy while others keep writing) and `voronka restore FILE`.
 */
#include <stdio.h>

#include "cli/cli.h"

int vo_cmd_backup(int argc, char **argv)
{
    struct vo_cli_common common = {0};
    int rc = vo_cli_parse(&argc, &argv, "FILE",
                          "Writes a consistent copy of the database to FILE (which must not "
                          "exist), while the database stays in use.",
                          NULL, &common);
    if (rc)
        goto out;
    if (argc != 2) {
        rc = vo_cli_usage("backup", "give one FILE to write the backup to");
        goto out;
    }
    struct vo_error e = {0};
    if (vo_svc_backup(vo_cli_db_path(&common), argv[1], &e))
        rc = vo_cli_fail(&e);
    else
        printf("Backed up %s to %s\n", vo_cli_db_path(&common), argv[1]);
out:
    g_free(common.db);
    g_free(common.org);
    return rc;
}

int vo_cmd_restore(int argc, char **argv)
{
    struct vo_cli_common common = {0};
    int rc = vo_cli_parse(&argc, &argv, "FILE",
                          "Replaces the database with the backup FILE (checked first: it must "
                          "be a voronka database). Stop the server before restoring.",
                          NULL, &common);
    if (rc)
        goto out;
    if (argc != 2) {
        rc = vo_cli_usage("restore", "give one backup FILE to restore from");
        goto out;
    }
    struct vo_error e = {0};
    if (vo_svc_restore(vo_cli_db_path(&common), argv[1], &e))
        rc = vo_cli_fail(&e);
    else
        printf("Restored %s from %s\n", vo_cli_db_path(&common), argv[1]);
out:
    g_free(common.db);
    g_free(common.org);
    return rc;
}
