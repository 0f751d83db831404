/*
 * cli.c - `voronka <command>`: the table of subcommands and the helpers they
 * share. A new subcommand is one row here and one cmd_<name>.c file.
 *
 * The language: Russian when the environment's is (LC_ALL, LC_MESSAGES,
 * LANG: vo_cli_russian), English otherwise, for errors (a vo_error's
 * msg_ru) and for every text the command line writes itself: its help,
 * usage errors and printouts pass through vo_cli_tr (a literal format) or
 * vo_cli_msg (a text marked VO_MSG in a table), which look the English up
 * in the one message catalogue (base/messages.c) that also translates the
 * errors; tests/cli/messages.py keeps every such text in it. The help is
 * printed here rather than by GLib, whose own words ("Usage:", "Help
 * Options:") follow a locale this binary never sets (main.c: C.UTF-8).
 */
#include "cli/cli.h"
#include "base/messages.h"
#include "cli/report.h"
#include "service/dataset_load.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct vo_cli_cmd commands[] = {
    {"init", VO_MSG("create the database and an org with its administrator"), vo_cmd_init},
    {"user", VO_MSG("add, list, disable users and set passwords"), vo_cmd_user},
    {"token", VO_MSG("create, list and revoke API tokens"), vo_cmd_token},
    {"import", VO_MSG("import CSV files (voronka's format, or any CRM's through a mapping)"),
     vo_cmd_import},
    {"demo", VO_MSG("generate a realistic demo company"), vo_cmd_demo},
    {"migrate", VO_MSG("bring the database schema up to date"), vo_cmd_migrate},
    {"backup", VO_MSG("write a consistent copy of the database to a file"), vo_cmd_backup},
    {"restore", VO_MSG("replace the database with a backup"), vo_cmd_restore},
    {"doctor", VO_MSG("check the database: integrity, orphaned rows, schema, calendar years"),
     vo_cmd_doctor},
    {"report", VO_MSG("reports: plan-fact, funnel, hygiene, ..."), vo_cmd_report},
    {"plan", VO_MSG("set, split, show plans; the reverse funnel"), vo_cmd_plan},
    {"calendar", VO_MSG("load a year's production calendar, list working days"), vo_cmd_calendar},
    /* issue 11, item 6: bonuses (cmd_bonus.c) */
    {"bonus", VO_MSG("bonus schemes: set from a JSON file, list"), vo_cmd_bonus},
    {"competition", VO_MSG("list the competitions with their leaders or winners"),
     vo_cmd_competition},
    {"meeting", VO_MSG("list the meetings, show a meeting's protocol"), vo_cmd_meeting},
    {"key-account", VO_MSG("the key accounts' plan-fact; set or delete a key account's plan"),
     vo_cmd_key_account},
    {"webhook", VO_MSG("outgoing webhooks: list, add, remove, test, enable"), vo_cmd_webhook},
    {"sync", VO_MSG("deals from amoCRM and Bitrix24 through their APIs: key, add, list, run"),
     vo_cmd_sync},
};

bool vo_cli_russian(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && v[0])
            return strncmp(v, "ru", 2) == 0;
    }
    return false;
}

/* The catalogue's Russian of en under a Russian locale, else en (also for
 * a text outside the catalogue). */
static const char *in_language(const char *en)
{
    if (!en || !vo_cli_russian())
        return en;
    const struct vo_message *m = vo_message_find(en);
    return m ? m->ru : en;
}

const char *vo_cli_tr(const char *fmt)
{
    return in_language(fmt);
}

const char *vo_cli_msg(const char *text)
{
    return in_language(text);
}

static void usage_all(FILE *f, const struct vo_cli_cmd *more, size_t nmore)
{
    fputs(vo_cli_tr("voronka - the sales department's CRM and control panel\n\n"
                    "Usage: voronka <command> [options]   (voronka <command> --help for more)\n\n"
                    "Commands:\n"),
          f);
    for (size_t i = 0; i < nmore; i++)
        fprintf(f, "  %-10s %s\n", more[i].name, vo_cli_msg(more[i].summary));
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, vo_cli_msg(commands[i].summary));
    fputs(vo_cli_tr("\nCommon options: --db PATH (default ./voronka.db or $VORONKA_DB), "
                    "--org NAME\n"
                    "Exit codes: 0 ok, 1 usage, 2 bad input, 3 storage error\n"),
          f);
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
    fprintf(stderr, vo_cli_tr("voronka: unknown command \"%s\"\n\n"), name);
    usage_all(stderr, more, nmore);
    return VO_EXIT_USAGE;
}

/* The left column of an option in the help: "  -n, --dry-run" or
 * "  --period=P". */
static char *option_head(const GOptionEntry *o)
{
    int has_short = o->short_name ? 1 : 0;
    return g_strdup_printf("  %.*s%.*s%s--%s%s%s", has_short, "-", has_short, &o->short_name,
                           has_short ? ", " : "", o->long_name, o->arg_description ? "=" : "",
                           o->arg_description ? o->arg_description : "");
}

/* The help of a subcommand on stdout, in the environment's language:
 * usage line, description, then the options (lists of entries, each ended
 * by a NULL long_name), descriptions aligned. */
static void help(const char *cmd, const char *usage, const char *description,
                 const GOptionEntry *const *lists, size_t nlists)
{
    printf(vo_cli_tr("Usage: voronka %s [OPTION...] %s\n\n"), cmd, usage);
    printf("%s\n\n%s\n", vo_cli_msg(description), vo_cli_tr("Options:"));
    long width = 0;
    for (size_t l = 0; l < nlists; l++)
        for (const GOptionEntry *o = lists[l]; o->long_name; o++) {
            char *h = option_head(o);
            long n = g_utf8_strlen(h, -1);
            width = n > width ? n : width;
            g_free(h);
        }
    for (size_t l = 0; l < nlists; l++)
        for (const GOptionEntry *o = lists[l]; o->long_name; o++) {
            char *h = option_head(o);
            int pad = (int)(width - g_utf8_strlen(h, -1));
            printf("%s%*s  %s\n", h, pad, "", vo_cli_msg(o->description));
            g_free(h);
        }
}

/* GLib's parse error in the environment's language: GLib words it in
 * English (its locale is never set), naming the option last. */
static void parse_error(const char *cmd, const GError *err)
{
    const char *sp = strrchr(err->message, ' ');
    const char *opt = sp ? sp + 1 : err->message;
    if (err->code == G_OPTION_ERROR_UNKNOWN_OPTION)
        fprintf(stderr, vo_cli_tr("voronka %s: unknown option %s (see --help)\n"), cmd, opt);
    else
        fprintf(stderr, vo_cli_tr("voronka %s: a missing or bad value for %s (see --help)\n"), cmd,
                opt);
}

int vo_cli_parse(int *argc, char ***argv, const char *usage, const char *description,
                 GOptionEntry *entries, struct vo_cli_common *common)
{
    gboolean want_help = FALSE;
    GOptionEntry common_entries[] = {
        {"db", 0, 0, G_OPTION_ARG_FILENAME, &common->db,
         VO_MSG("Database file (default ./voronka.db, or $VORONKA_DB)"), "PATH"},
        {"org", 0, 0, G_OPTION_ARG_STRING, &common->org,
         VO_MSG("The org, when the database holds several"), "NAME"},
        G_OPTION_ENTRY_NULL};
    GOptionEntry help_entry[] = {
        {"help", 'h', 0, G_OPTION_ARG_NONE, &want_help, VO_MSG("Show this help"), NULL},
        G_OPTION_ENTRY_NULL};
    GOptionContext *ctx = g_option_context_new(usage);
    g_option_context_set_help_enabled(ctx, FALSE);
    g_option_context_add_main_entries(ctx, help_entry, NULL);
    if (entries)
        g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_add_main_entries(ctx, common_entries, NULL);
    GError *err = NULL;
    const char *cmd = (*argv)[0];
    int ok = g_option_context_parse(ctx, argc, argv, &err);
    g_option_context_free(ctx);
    if (!ok) {
        parse_error(cmd, err);
        g_error_free(err);
        return VO_EXIT_USAGE;
    }
    if (want_help) {
        const GOptionEntry *lists[] = {help_entry, entries ? entries : help_entry + 1,
                                       common_entries};
        help(cmd, usage, description, lists, 3);
        /* as GLib's own --help did: the command does not run */
        exit(VO_EXIT_OK);
    }
    return 0;
}

int vo_cli_fail(const struct vo_error *e)
{
    /* The Russian text when the language is Russian and the message has
     * one (base/messages.c), else the English. */
    const char *msg = vo_cli_russian() && e->msg_ru[0] ? e->msg_ru : e->msg;
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
    vfprintf(stderr, vo_cli_tr(fmt), ap);
    fputc(' ', stderr);
    fprintf(stderr, vo_cli_tr("(see voronka %s --help)\n"), cmd);
    va_end(ap);
    return VO_EXIT_USAGE;
}

int vo_cli_two_subs(int argc, char **argv, const char *cmd, const char *first, const char *second,
                    const char *say, bool *is_first)
{
    const char *sub = argc >= 2 ? argv[1] : "";
    *is_first = strcmp(sub, first) == 0;
    if (!*is_first && strcmp(sub, second) != 0)
        return vo_cli_usage(cmd, "%s", vo_cli_msg(say));
    if (argc > 2)
        return vo_cli_usage(cmd, "unexpected argument \"%s\"", argv[2]);
    return VO_EXIT_OK;
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

int vo_cli_dataset(const struct vo_cli_common *c, struct vo_svc *svc, struct vo_dataset **ds)
{
    struct vo_error e = {0};
    struct vo_snap_outcome how;
    char *dir = vo_svc_snap_dir_default(vo_cli_db_path(c));
    vo_err rc = vo_svc_dataset_open(svc->st, svc->org.id, dir, false, ds, &how, &e);
    g_free(dir);
    return rc ? vo_cli_fail(&e) : 0;
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
