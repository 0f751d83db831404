/*
 * cmd_import.c - `voronka import [--dry-run] [--map FILE] PATH`.
 *
 * PATH is a directory of voronka's import files (docs/import.md), or with
 * --map the directory of another CRM's export; or one file of an export
 * (CSV, .xlsx, Bitrix24's .xls) or a .zip of them (service/import_path.h); without --map an export
 * a built-in preset reads is told by its headers (--preset NAME forces one,
 * --presets lists them, --print-map prints one's mapping). The summary goes to stdout,
 * every problem to stderr; exit 0 when imported (or a clean dry run), 2 when
 * the input has problems (nothing written), 3 when the database fails.
 *
 * --skip-invalid imports the valid rows and writes the rejected ones, per
 * input file, to the directory --rejects (default PATH-rejected) and exits
 * 4 when rows were rejected (docs/import.md, "Partial imports").
 */
#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/import_print.h"
#include "service/import.h"
#include "service/import_detect.h"
#include "service/import_path.h"

static const char *const IMPORT_HELP =
    VO_MSG("Imports the CSV files of voronka's format from the directory PATH (users.csv,\n"
           "products.csv, pipelines.csv, clients.csv, deals.csv, stage_changes.csv,\n"
           "activities.csv, tasks.csv, payments.csv, plans.csv, spend.csv, nps.csv,\n"
           "holidays.csv: any subset), all or nothing. With --map, PATH holds another CRM's\n"
           "export and the mapping (JSON) says how its columns become voronka's. Without\n"
           "--map, an export of amoCRM, Bitrix24, HubSpot, Pipedrive or Salesforce is told by\n"
           "its headers and read with the built-in preset (--presets lists them; --preset NAME\n"
           "forces one; --print-map prints its mapping to adjust and pass with --map).\n"
           "PATH may also be one file: a CSV, an .xlsx workbook, a Bitrix24 .xls, or a .zip\n"
           "of them.\n"
           "Re-importing the same files changes nothing. With --skip-invalid the valid rows\n"
           "are imported and the rejected ones written, with their reasons, to the directory\n"
           "--rejects (default PATH-rejected): fix them there and import that directory.\n"
           "Exit codes: 0 imported, 2 bad input (nothing written), 3 storage error, 4 some\n"
           "rows rejected (the others imported). See docs/import.md.");

/* The rejects directory: absent or empty, or --force (its files of the
 * names this import writes are replaced). VO_EXIT_OK or an exit code. */
static int rejects_dir_ready(const char *dir, bool force)
{
    if (!g_file_test(dir, G_FILE_TEST_EXISTS))
        return VO_EXIT_OK;
    if (!g_file_test(dir, G_FILE_TEST_IS_DIR))
        return vo_cli_usage("import", "--rejects %s: not a directory", dir);
    GDir *d = g_dir_open(dir, 0, NULL);
    bool empty = !d || !g_dir_read_name(d);
    if (d)
        g_dir_close(d);
    if (!empty && !force)
        return vo_cli_usage("import",
                            "%s is not empty: give another --rejects, or --force to replace its "
                            "files",
                            dir);
    return VO_EXIT_OK;
}

/* Writes the rejects files of rep into dir. VO_EXIT_OK or an exit code. */
static int write_rejects(const struct vo_import_report *rep, const char *dir)
{
    if (g_mkdir_with_parents(dir, 0777) != 0) {
        fprintf(stderr, "voronka: %s: %s\n", dir, g_strerror(errno));
        return VO_EXIT_STORE;
    }
    for (size_t i = 0; i < rep->nreject_files; i++) {
        size_t len = 0;
        char *text = vo_import_rejects_csv(&rep->reject_files[i], vo_cli_russian(), &len);
        char *path = g_build_filename(dir, rep->reject_files[i].file, NULL);
        GError *gerr = NULL;
        bool ok = g_file_set_contents(path, text, (gssize)len, &gerr);
        if (!ok) {
            fprintf(stderr, "voronka: %s: %s\n", path, gerr->message);
            g_error_free(gerr);
        }
        g_free(path);
        g_free(text);
        if (!ok)
            return VO_EXIT_STORE;
    }
    return VO_EXIT_OK;
}

/* --presets: each built-in preset's name and title. */
static int list_presets(void)
{
    struct vo_arena a;
    vo_arena_init(&a, 0);
    int rc = VO_EXIT_OK;
    for (size_t i = 0; i < vo_preset_text_count && !rc; i++) {
        struct vo_map *m = NULL;
        struct vo_error e = {0};
        if (vo_preset_load(&vo_preset_texts[i], &a, &m, &e))
            rc = vo_cli_fail(&e);
        else
            printf("%-12s %s\n", vo_preset_texts[i].name,
                   vo_cli_russian() ? vo_map_name_ru(m) : vo_map_name(m));
    }
    vo_arena_cleanup(&a);
    return rc;
}

/* --print-map: the mapping of --preset NAME, else of the preset PATH's
 * headers fit, as its JSON text on stdout. */
static int print_map(const char *preset, const char *path)
{
    struct vo_arena a;
    vo_arena_init(&a, 0);
    struct vo_import_detection det = {0};
    struct vo_error e = {0};
    char *tmp = NULL;
    vo_err err =
        preset ? vo_svc_import_preset(preset, &a, &det, &e) : vo_svc_import_path(path, &tmp, &e);
    if (!preset && !err)
        err = vo_svc_import_detect(tmp ? tmp : path, &a, &det, &e);
    vo_svc_import_path_done(tmp);
    int rc = VO_EXIT_OK;
    if (err)
        rc = vo_cli_fail(&e);
    else if (!det.preset)
        rc = vo_cli_usage("import", "%s holds voronka's own files: there is no mapping to print",
                          path);
    else
        fputs(det.preset->text, stdout);
    vo_arena_cleanup(&a);
    return rc;
}

static void progress(void *ctx, const char *file, int64_t rows)
{
    (void)ctx;
    fprintf(stderr, vo_cli_tr("import: %s: %lld rows\n"), file, (long long)rows);
}

int vo_cmd_import(int argc, char **argv)
{
    struct vo_cli_common common = {0};
    gboolean dry_run = FALSE, show_progress = FALSE, verbose = FALSE, skip = FALSE, force = FALSE;
    gboolean presets = FALSE, print = FALSE;
    char *map = NULL, *rejects = NULL, *rejects_dir = NULL, *preset = NULL;
    GOptionEntry entries[] = {
        {"dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run, VO_MSG("Check everything, write nothing"),
         NULL},
        {"map", 'm', 0, G_OPTION_ARG_FILENAME, &map,
         VO_MSG("A mapping (JSON) from another CRM's export onto voronka's files"), "FILE"},
        {"preset", 0, 0, G_OPTION_ARG_STRING, &preset,
         VO_MSG("Read PATH with this built-in preset (default: told by the headers)"), "NAME"},
        {"presets", 0, 0, G_OPTION_ARG_NONE, &presets, VO_MSG("List the built-in presets"), NULL},
        {"print-map", 0, 0, G_OPTION_ARG_NONE, &print,
         VO_MSG("Print the mapping of --preset NAME, or of the preset PATH fits, and stop"), NULL},
        {"progress", 0, 0, G_OPTION_ARG_NONE, &show_progress,
         VO_MSG("Report progress on stderr (default: when stderr is a terminal)"), NULL},
        {"verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
         VO_MSG("List every line number of grouped warnings"), NULL},
        {"skip-invalid", 0, 0, G_OPTION_ARG_NONE, &skip,
         VO_MSG("Import the valid rows; write the rejected ones to --rejects"), NULL},
        {"rejects", 0, 0, G_OPTION_ARG_FILENAME, &rejects,
         VO_MSG("With --skip-invalid: the directory for the rejected rows (default PATH-rejected)"),
         "DIR"},
        {"force", 0, 0, G_OPTION_ARG_NONE, &force,
         VO_MSG("Replace the files of a --rejects directory that is not empty"), NULL},
        G_OPTION_ENTRY_NULL};
    int rc = vo_cli_parse(&argc, &argv, "PATH", IMPORT_HELP, entries, &common);
    if (rc)
        goto out;
    if (presets) {
        rc = list_presets();
        goto out;
    }
    if (map && preset) {
        rc = vo_cli_usage("import", "give --map or --preset, not both");
        goto out;
    }
    if (print && (argc == 2 || (preset && argc == 1))) {
        rc = print_map(preset, argc == 2 ? argv[1] : NULL);
        goto out;
    }
    if (argc != 2) {
        rc = vo_cli_usage("import", "give one PATH: a directory, a file or a .zip");
        goto out;
    }
    if ((rejects || force) && !skip) {
        rc = vo_cli_usage("import", "--rejects and --force go with --skip-invalid");
        goto out;
    }
    if (skip) {
        if (rejects) {
            rejects_dir = g_strdup(rejects);
        } else {
            char *trimmed = g_strdup(argv[1]);
            size_t n = strlen(trimmed);
            while (n > 1 && trimmed[n - 1] == '/')
                trimmed[--n] = '\0';
            rejects_dir = g_strdup_printf("%s-rejected", trimmed);
            g_free(trimmed);
        }
        if ((rc = rejects_dir_ready(rejects_dir, force)))
            goto out;
    }
    struct vo_arena arena;
    struct vo_svc svc;
    if ((rc = vo_cli_begin(&common, &svc, &arena)))
        goto out;
    struct vo_import_opts opts = {.dry_run = dry_run,
                                  .map_path = map,
                                  .preset = preset,
                                  .detect = true,
                                  .skip_invalid = skip};
    if (show_progress || vo_cli_stderr_tty()) {
        opts.progress = progress;
        opts.progress_every = 50000;
    }
    struct vo_import_report rep = {0};
    struct vo_error e = {0};
    char *tmp = NULL;
    vo_err err = vo_svc_import_path(argv[1], &tmp, &e);
    if (!err) {
        err = vo_svc_import(&svc, tmp ? tmp : argv[1], &opts, &rep, &e);
        rep.dir = argv[1]; /* the temporary directory is gone below */
    }
    if (err == VO_OK || (err == VO_EINVAL && rep.problems.n)) {
        if (rep.detected)
            printf(vo_cli_tr("Format found: %s (--preset %s)\n"),
                   vo_cli_russian() ? rep.map_name_ru : rep.map_name, rep.preset);
        vo_cli_import_print(&rep, stdout, stderr, verbose);
        rc = err ? VO_EXIT_INPUT : VO_EXIT_OK;
        if (rep.nreject_files) {
            int wrc = write_rejects(&rep, rejects_dir);
            if (!wrc)
                fprintf(stderr, vo_cli_tr("The rejected %s (%zu) written to %s\n"),
                        rep.nrejects == 1 ? "row" : "rows", rep.nrejects, rejects_dir);
            if (wrc)
                rc = wrc;
            else if (!err)
                rc = VO_EXIT_PARTIAL;
        }
    } else {
        rc = vo_cli_fail(&e);
    }
    vo_svc_import_path_done(tmp);
    vo_svc_close(&svc);
    vo_arena_cleanup(&arena);
out:
    g_free(common.db);
    g_free(common.org);
    g_free(map);
    g_free(preset);
    g_free(rejects);
    g_free(rejects_dir);
    return rc;
}
