/*
 * cmd_import.c - `voronka import [--dry-run] [--map FILE] PATH`.
 *
 * PATH is a directory of voronka's import files (docs/import.md), or with
 * --map the directory of another CRM's export. The summary goes to stdout,
 * every problem to stderr; exit 0 when imported (or a clean dry run), 2 when
 * the input has problems (nothing written), 3 when the database fails.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/import_print.h"
#include "service/import.h"

static const char *const IMPORT_HELP =
    VO_MSG("Imports the CSV files of voronka's format from the directory PATH (users.csv,\n"
           "products.csv, pipelines.csv, clients.csv, deals.csv, stage_changes.csv,\n"
           "activities.csv, tasks.csv, payments.csv, plans.csv, spend.csv, nps.csv,\n"
           "holidays.csv: any subset), all or nothing. With --map, PATH holds another CRM's\n"
           "export and the mapping (JSON) says how its columns become voronka's.\n"
           "Re-importing the same files changes nothing. See docs/import.md.");

static void progress(void *ctx, const char *file, int64_t rows)
{
    (void)ctx;
    fprintf(stderr, vo_cli_tr("import: %s: %lld rows\n"), file, (long long)rows);
}

int vo_cmd_import(int argc, char **argv)
{
    struct vo_cli_common common = {0};
    gboolean dry_run = FALSE, show_progress = FALSE, verbose = FALSE;
    char *map = NULL;
    GOptionEntry entries[] = {
        {"dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run, VO_MSG("Check everything, write nothing"),
         NULL},
        {"map", 'm', 0, G_OPTION_ARG_FILENAME, &map,
         VO_MSG("A mapping (JSON) from another CRM's export onto voronka's files"), "FILE"},
        {"progress", 0, 0, G_OPTION_ARG_NONE, &show_progress,
         VO_MSG("Report progress on stderr (default: when stderr is a terminal)"), NULL},
        {"verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
         VO_MSG("List every line number of grouped warnings"), NULL},
        G_OPTION_ENTRY_NULL};
    int rc = vo_cli_parse(&argc, &argv, "PATH", IMPORT_HELP, entries, &common);
    if (rc)
        goto out;
    if (argc != 2) {
        rc = vo_cli_usage("import", "give one directory PATH");
        goto out;
    }
    struct vo_arena arena;
    struct vo_svc svc;
    if ((rc = vo_cli_begin(&common, &svc, &arena)))
        goto out;
    struct vo_import_opts opts = {.dry_run = dry_run, .map_path = map};
    if (show_progress || vo_cli_stderr_tty()) {
        opts.progress = progress;
        opts.progress_every = 50000;
    }
    struct vo_import_report rep;
    struct vo_error e = {0};
    vo_err err = vo_svc_import(&svc, argv[1], &opts, &rep, &e);
    if (err == VO_OK || (err == VO_EINVAL && rep.problems.n)) {
        vo_cli_import_print(&rep, stdout, stderr, verbose);
        rc = err ? VO_EXIT_INPUT : VO_EXIT_OK;
    } else {
        rc = vo_cli_fail(&e);
    }
    vo_svc_close(&svc);
    vo_arena_cleanup(&arena);
out:
    g_free(common.db);
    g_free(common.org);
    g_free(map);
    return rc;
}
