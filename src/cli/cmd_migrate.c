/*
 * cmd_migrate.c - `voronka migrate`: bring an existing database to the
 * schema this binary knows (opening one does it too; this says what
 * happened and refuses a database newer than the binary).
 */
#include <stdio.h>

#include "cli/cli.h"

int vo_cmd_migrate(int argc, char **argv)
{
    struct vo_cli_common common = {0};
    int rc = vo_cli_parse(&argc, &argv, "",
                          VO_MSG("Migrates the database to the latest schema version, one "
                                 "transaction per step."),
                          NULL, &common);
    if (rc)
        goto out;
    struct vo_error e = {0};
    const char *path = vo_cli_db_path(&common);
    int from = 0, to = 0;
    if (vo_svc_migrate(path, &from, &to, &e)) {
        rc = vo_cli_fail(&e);
    } else if (from == to) {
        printf(vo_cli_tr("%s is up to date (schema version %d)\n"), path, to);
    } else {
        printf(vo_cli_tr("%s migrated from schema version %d to %d\n"), path, from, to);
    }
out:
    g_free(common.db);
    g_free(common.org);
    return rc;
}
