/*
 * cli.c - `voronka <command>`: the table of subcommands and the helpers they
 * share. A new subcommand is one row here and one cmd_<name>.c file.
 */
#include "cli/cli.h"
#include "cli/report.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct vo_cli_cmd commands[] = {
    {"init", "create the database and an org with its administrator", vo_cmd_init},
    {"user", "add, list, disable users and set passwords", vo_cmd_user},
    {"import", "import CSV files (voronka's format, or any CRM's through a mapping)",
     vo_cmd_import},
    {"demo", "generate a realistic demo company", vo_cmd_demo},
    {"migrate", "bring the database schema up to date", vo_cmd_migrate},
    {"backup", "write a consistent copy of the database to a file", vo_cmd_backup},
    {"restore", "replace the database with a backup", vo_cmd_restore},
    {"report", "reports: plan-fact, funnel, hygiene, ...", vo_cmd_report},
    {"plan", "set, split, show plans; the reverse funnel", vo_cmd_plan},
    {"calendar", "load a year's production calendar, list working days", vo_cmd_calendar},
};

static void usage_all(FILE *f, const struct vo_cli_cmd *more, size_t nmore)
{
    fprintf(f, "voronka - the sales department's CRM and control panel\n\n"
               "Usage: voronka <command> [options]   (voronka <command> --help for more)\n\n"
               "Commands:\n");
    for (size_t i = 0; i < nmore; i++)
        fprintf(f, "  %-10s %s\n", more[i].name, more[i].summary);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\nCommon options: --db PATH (default ./voronka.db or $VORONKA_DB), "
               "--org NAME\n"
               "Exit codes: 0 ok, 1 usage, 2 bad input, 3 storage error\n");
}

int vo_cli_main(int argc, char **argv, const struct vo_cli_cmd *more, size_t nmore)
{
    if (argc < 2) {
        usage_all(stderr, more, nmore);
        return VO_EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        usage_all(stdout, more, nmore);
        return VO_EXIT_OK;
    }
    if (strcmp(name, "--version") == 0) {
        printf("voronka 0.1.0\n");
        return VO_EXIT_OK;
    }
    for (size_t i = 0; i < nmore; i++)
        if (strcmp(more[i].name, name) == 0)
            return more[i].run(argc - 1, argv + 1);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "voronka: unknown command \"%s\"\n\n", name);
    usage_all(stderr, more, nmore);
    return VO_EXIT_USAGE;
}

int vo_cli_parse(int *argc, char ***argv, const char *usage, const char *description,
                 GOptionEntry *entries, struct vo_cli_common *common)
{
    GOptionEntry common_entries[] = {{"db", 0, 0, G_OPTION_ARG_FILENAME, &common->db,
                                      "Database file (default ./voronka.db, or $VORONKA_DB)",
                                      "PATH"},
                                     {"org", 0, 0, G_OPTION_ARG_STRING, &common->org,
                                      "The org, when the database holds several", "NAME"},
                                     G_OPTION_ENTRY_NULL};
    GOptionContext *ctx = g_option_context_new(usage);
    g_option_context_set_summary(ctx, description);
    if (entries)
        g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_add_main_entries(ctx, common_entries, NULL);
    GError *err = NULL;
    char *prog = g_strdup_printf("voronka %s", (*argv)[0]);
    g_set_prgname(prog);
    g_free(prog);
    int ok = g_option_context_parse(ctx, argc, argv, &err);
    g_option_context_free(ctx);
    if (!ok) {
        fprintf(stderr, "voronka %s: %s (see --help)\n", (*argv)[0], err->message);
        g_error_free(err);
        return VO_EXIT_USAGE;
    }
    return 0;
}

/* Whether the environment's language is Russian: the first of LC_ALL,
 * LC_MESSAGES and LANG that is set and not empty (POSIX's order) starts
 * with "ru". */
static bool russian(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && v[0])
            return strncmp(v, "ru", 2) == 0;
    }
    return false;
}

int vo_cli_fail(const struct vo_error *e)
{
    /* The Russian text when the language is Russian and the message has
     * one (base/messages.c), else the English. */
    const char *msg = russian() && e->msg_ru[0] ? e->msg_ru : e->msg;
    if (e->field[0])
        fprintf(stderr, "voronka: %s: %s\n", e->field, msg);
    else
        fprintf(stderr, "voronka: %s\n", msg[0] ? msg : vo_err_name(e->code));
    return vo_err_exit_code(e->code);
}

int vo_cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "voronka %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, " (see voronka %s --help)\n", cmd);
    va_end(ap);
    return VO_EXIT_USAGE;
}

const char *vo_cli_db_path(const struct vo_cli_common *c)
{
    if (c->db && *c->db)
        return c->db;
    const char *env = getenv("VORONKA_DB");
    if (env && *env)
        return env;
    return "voronka.db";
}

int vo_cli_open(const struct vo_cli_common *c, struct vo_svc *svc, struct vo_arena *a)
{
    struct vo_error e = {0};
    if (vo_svc_open(vo_cli_db_path(c), c->org, a, svc, &e))
        return vo_cli_fail(&e);
    return 0;
}

int vo_cli_begin(const struct vo_cli_common *c, struct vo_svc *svc, struct vo_arena *a)
{
    vo_arena_init(a, 0);
    *svc = (struct vo_svc){0};
    int rc = vo_cli_open(c, svc, a);
    if (rc)
        vo_arena_cleanup(a);
    return rc;
}

void vo_cli_end(struct vo_cli_common *c, struct vo_svc *svc, struct vo_arena *a, char **strs,
                size_t n)
{
    vo_svc_close(svc);
    vo_arena_cleanup(a);
    g_free(c->db);
    g_free(c->org);
    for (size_t i = 0; i < n; i++)
        g_free(strs[i]);
}

int vo_cli_stderr_tty(void)
{
    return isatty(STDERR_FILENO);
}
