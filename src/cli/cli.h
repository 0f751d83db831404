/*
 * cli.h - the command line: one table of subcommands (cli.c), one file per
 * subcommand (cmd_<name>.c), GLib option parsing, and the helpers every
 * subcommand shares (opening the database and choosing the org, through
 * the service; reporting an error with the right exit code).
 *
 * Exit codes (docs/cli.md): 0 ok, 1 usage, 2 bad input, 3 storage error.
 */
#ifndef VO_CLI_CLI_H
#define VO_CLI_CLI_H

#include <glib.h>
#include <stdbool.h>

#include "base/arena.h"
#include "base/err.h"
#include "analytics/dataset.h"
#include "service/admin_ops.h"
#include "service/service.h"

/* Options every subcommand takes. */
struct vo_cli_common {
    char *db;  /* --db PATH, else $VORONKA_DB, else ./voronka.db */
    char *org; /* --org NAME|ID when the database holds several */
};

struct vo_cli_cmd {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv);
};

/* Runs the command line; returns the process exit code. `more` (nmore
 * rows, may be 0) are subcommands the binary adds to the table of cli.c,
 * listed first in the help: src/main.c adds `serve`, which joins the
 * command line to the HTTP server and so cannot live in src/cli/ (cli may
 * not include http: ARCHITECTURE.md). */
int vo_cli_main(int argc, char **argv, const struct vo_cli_cmd *more, size_t nmore);

/* Parses argv for a subcommand: its own entries plus --db/--org, with
 * `usage` (the parameter string, e.g. "PATH") and `description` (a
 * VO_MSG text) in --help, which prints the help in the environment's
 * language and exits 0. Entries' descriptions are VO_MSG texts.
 * Returns 0, or an exit code after printing the problem. On success argv
 * keeps the positional arguments (argv[0] is the program). */
int vo_cli_parse(int *argc, char ***argv, const char *usage, const char *description,
                 GOptionEntry *entries, struct vo_cli_common *common);

/* Whether the environment's language is Russian: the first of LC_ALL,
 * LC_MESSAGES and LANG that is set and not empty (POSIX's order) starts
 * with "ru". */
bool vo_cli_russian(void);
/* The text the command line writes, in the environment's language: the
 * catalogue's (base/messages.c) Russian of the English fmt under a Russian
 * locale, else fmt itself. vo_cli_tr takes a literal format (the compiler
 * checks the arguments against it; tests/cli/messages.py checks that the
 * catalogue has it); vo_cli_msg a text written elsewhere as VO_MSG("...")
 * (a table's summary, an option's description). Both return static text. */
const char *vo_cli_tr(const char *fmt) __attribute__((format_arg(1)));
const char *vo_cli_msg(const char *text);

/* Prints "voronka: <field>: <message>" to stderr and returns the exit code
 * for e->code; the message is the Russian text when the environment's
 * language is Russian (LC_ALL, LC_MESSAGES or LANG starting with "ru", in
 * POSIX's order) and the message has one, else the English. */
int vo_cli_fail(const struct vo_error *e);
/* Prints a usage problem, fmt in the environment's language (vo_cli_tr),
 * and returns VO_EXIT_USAGE. */
int vo_cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The database path from --db, $VORONKA_DB or the default. */
/* The subcommand of a command that takes first or second and nothing
 * after it (argv[1]): *is_first says which; otherwise a usage error
 * saying say (a VO_MSG text) or naming the extra argument, its exit code
 * returned (VO_EXIT_OK when all is well). */
int vo_cli_two_subs(int argc, char **argv, const char *cmd, const char *first, const char *second,
                    const char *say, bool *is_first);
const char *vo_cli_db_path(const struct vo_cli_common *c);

/* Opens the database of --db and sets svc up for the org of --org (with
 * the arena a: vo_svc_open). Returns 0 or an exit code (the error
 * printed). The caller ends with vo_svc_close(svc), also after an error. */
int vo_cli_open(const struct vo_cli_common *c, struct vo_svc *svc, struct vo_arena *a);

/* The org's dataset for a report (vo_ds_free): read from the database's
 * snapshot (beside a SQLite file: service/dataset_snap.c) when it is
 * current, else loaded from the database. The CLI never writes one: the
 * server does, as the user it runs as, into a directory it made. 0, or an
 * exit code (the error printed). */
int vo_cli_dataset(const struct vo_cli_common *c, struct vo_svc *svc, struct vo_dataset **ds);

/* vo_cli_open with the arena a initialized first (and cleaned up again
 * when the open fails) and svc zeroed: the start of a command that works
 * on the org. */
int vo_cli_begin(const struct vo_cli_common *c, struct vo_svc *svc, struct vo_arena *a);

/* The end of a command that opened the service: closes svc, cleans up the
 * arena a and frees c's strings and the option strings strs[0..n)
 * (g_free; NULLs are fine). */
void vo_cli_end(struct vo_cli_common *c, struct vo_svc *svc, struct vo_arena *a, char **strs,
                size_t n);

/* Is stderr a terminal (for progress lines)? */
int vo_cli_stderr_tty(void);

/* The subcommands. */
int vo_cmd_init(int argc, char **argv);
int vo_cmd_user(int argc, char **argv);
int vo_cmd_token(int argc, char **argv);
int vo_cmd_migrate(int argc, char **argv);
int vo_cmd_import(int argc, char **argv);
int vo_cmd_demo(int argc, char **argv);
int vo_cmd_backup(int argc, char **argv);
int vo_cmd_restore(int argc, char **argv);
int vo_cmd_doctor(int argc, char **argv);
int vo_cmd_report(int argc, char **argv);
/* `competition list` (cmd_competition.c; issue 11). */
int vo_cmd_competition(int argc, char **argv);
/* `meeting list|show` (cmd_meeting.c; issue 11). */
int vo_cmd_meeting(int argc, char **argv);
int vo_cmd_plan(int argc, char **argv);
int vo_cmd_calendar(int argc, char **argv);
/* `voronka bonus` (cmd_bonus.c; issue 11, item 6) */
int vo_cmd_bonus(int argc, char **argv);
/* `voronka key-account list|plan set|plan delete` (cmd_key_account.c;
 * issue 12, item 1) */
int vo_cmd_key_account(int argc, char **argv);
/* `voronka webhook list|add|remove|test|enable` (cmd_webhook.c; issue 13,
 * item 5) */
int vo_cmd_webhook(int argc, char **argv);
int vo_cmd_sync(int argc, char **argv);

#endif
