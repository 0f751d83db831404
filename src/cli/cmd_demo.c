/*
 * cmd_demo.c - `voronka demo`: generate the demo company (src/demo/)
 * into a fresh database and print what was made: the org, the period, the
 * rows per table, the time it took, the file size, and the logins with
 * their generated passwords (shown once). Progress goes to stderr when it
 * is a terminal or --progress is given.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "base/plural.h"
#include "cli/cli.h"
#include "demo/demo.h"

static const char *const DEMO_HELP =
    VO_MSG("Generates a realistic sales department: managers with different strengths in two\n"
           "teams, clients in three channels and five regions, a pipeline with about two years\n"
           "of deals, calls, meetings, tasks, payments, NPS, marketing spend, plans and the\n"
           "production calendar. The same --seed and --as-of give the same data.\n\n"
           "The database must hold no org yet (a new file is created when missing); --force\n"
           "adds the demo org beside the existing ones.\n\n"
           "Example: voronka demo --db demo.db --seed 7 --deals 50000");

struct progress_state {
    int on;
    int64_t last_total;
};

static void show_progress(void *ctx, const char *what, int64_t done, int64_t total)
{
    struct progress_state *p = ctx;
    if (!p->on)
        return;
    fprintf(stderr, "\r  %-6s %3lld%%  %lld / %lld", what,
            (long long)(total > 0 ? done * 100 / total : 100), (long long)done, (long long)total);
    if (done >= total)
        fputc('\n', stderr);
    fflush(stderr);
}

/* Prints s padded to |width| characters (printf pads bytes, and a Russian
 * letter is two): on the right when width < 0, on the left otherwise. */
static void pad(const char *s, int width)
{
    int n = (int)g_utf8_strlen(s, -1), w = width < 0 ? -width : width;
    printf("%s%*s%s", width > 0 ? "" : s, n < w ? w - n : 0, "", width > 0 ? s : "");
}

static void print_summary(struct vo_store *st, struct vo_arena *a, const struct vo_demo_result *r,
                          const char *path, double seconds)
{
    char from[16], to[16];
    printf("Демо-компания «%s» (организация %lld) в %s\n", r->org_name, (long long)r->org_id, path);
    printf("История:   %s — %s (%d %s, %d %s), зерно --seed %llu\n",
           vo_date_format(r->from, from, sizeof from), vo_date_format(r->to, to, sizeof to),
           r->months, vo_plural_ru_word(r->months, "месяц", "месяца", "месяцев"), r->working_days,
           vo_plural_ru_word(r->working_days, "рабочий день", "рабочих дня", "рабочих дней"),
           (unsigned long long)r->seed);
    printf("Менеджеры: %d в %d %s\n\n", r->managers, r->teams,
           vo_plural_ru_word(r->teams, "команде", "командах", "командах"));
    printf("  ");
    pad("таблица", -16);
    printf(" ");
    pad("строк", 12);
    printf("\n");
    int64_t total = 0;
    struct vo_table_rows *rows = NULL;
    size_t nrows = 0;
    struct vo_error e = {0};
    if (vo_svc_table_rows(st, r->org_id, a, &rows, &nrows, &e))
        nrows = 0;
    for (size_t i = 0; i < nrows; i++) {
        total += rows[i].rows > 0 ? rows[i].rows : 0;
        printf("  %-16s %12lld\n", rows[i].table, (long long)rows[i].rows);
    }
    printf("  ");
    pad("всего", -16);
    printf(" %12lld\n\n", (long long)total);
    struct stat sb;
    double mib = stat(path, &sb) == 0 ? (double)sb.st_size / (1024.0 * 1024.0) : 0;
    printf("Создано за %.1f с; файл базы %.1f МиБ\n\n", seconds, mib);
    printf("Входы (пароли показаны один раз; сменить: `voronka user passwd`):\n");
    for (size_t i = 0; i < r->nlogins; i++)
        printf("  %-8s %-34s %-24s %s\n", r->logins[i].role, r->logins[i].email,
               r->logins[i].password, r->logins[i].name);
    printf("У остальных менеджеров пароля пока нет: задайте его командой "
           "`voronka user passwd EMAIL --db %s`.\n",
           path);
}

int vo_cmd_demo(int argc, char **argv)
{
    struct vo_cli_common common = {0};
    gint64 seed = VO_DEMO_DEFAULT_SEED, deals = 0;
    gint managers = 0, months = 0;
    gboolean force = FALSE, progress = FALSE;
    char *as_of = NULL;
    GOptionEntry entries[] = {
        {"seed", 0, 0, G_OPTION_ARG_INT64, &seed, VO_MSG("Random seed (default 2024)"), "N"},
        {"managers", 0, 0, G_OPTION_ARG_INT, &managers,
         VO_MSG("Sales managers (default 12; with --deals alone, about one per 2,200 deals)"), "N"},
        {"deals", 0, 0, G_OPTION_ARG_INT64, &deals,
         VO_MSG("Deals over the history (default 20000)"), "N"},
        {"as-of", 0, 0, G_OPTION_ARG_STRING, &as_of,
         VO_MSG("Last day of history (default today in Europe/Moscow)"), "YYYY-MM-DD"},
        {"months", 0, 0, G_OPTION_ARG_INT, &months, VO_MSG("Months of history (default 24)"), "N"},
        {"force", 0, 0, G_OPTION_ARG_NONE, &force,
         VO_MSG("Add the demo org to a database that already holds orgs"), NULL},
        {"progress", 0, 0, G_OPTION_ARG_NONE, &progress,
         VO_MSG("Show progress on stderr even when it is not a terminal"), NULL},
        G_OPTION_ENTRY_NULL};
    int rc = vo_cli_parse(&argc, &argv, "", DEMO_HELP, entries, &common);
    if (rc)
        goto out;
    if (argc > 1) {
        rc = vo_cli_usage("demo", "unexpected argument \"%s\"", argv[1]);
        goto out;
    }
    if (seed < 0 || deals < 0 || managers < 0 || months < 0) {
        rc = vo_cli_usage("demo", "--seed, --deals, --managers and --months are not negative");
        goto out;
    }
    struct vo_error e = {0};
    struct vo_demo_opts o = {.seed = (uint64_t)seed,
                             .managers = managers,
                             .deals = deals,
                             .months = months,
                             .force = force};
    if (as_of) {
        if (vo_date_parse(as_of, &o.as_of, "as-of", &e)) {
            rc = vo_cli_fail(&e);
            goto out;
        }
    } else {
        GTimeZone *tz = vo_tz_new("Europe/Moscow");
        if (!tz) {
            fputs(vo_cli_tr("voronka: the time zone Europe/Moscow is unknown on this system\n"),
                  stderr);
            rc = VO_EXIT_STORE;
            goto out;
        }
        o.as_of = vo_date_of(tz, vo_now());
        g_time_zone_unref(tz);
    }
    struct progress_state ps = {.on = progress || vo_cli_stderr_tty()};
    o.progress = show_progress;
    o.progress_ctx = &ps;

    const char *path = vo_cli_db_path(&common);
    struct vo_store *st = NULL;
    if (vo_svc_store_open(path, VO_OPEN_CREATE, &st, &e)) {
        rc = vo_cli_fail(&e);
        goto out;
    }
    struct vo_arena arena;
    vo_arena_init(&arena, 0);
    struct vo_demo_result res;
    gint64 t0 = g_get_monotonic_time();
    if (vo_demo_generate(st, &o, &arena, &res, &e)) {
        rc = vo_cli_fail(&e);
    } else {
        double seconds = (double)(g_get_monotonic_time() - t0) / 1e6;
        print_summary(st, &arena, &res, path, seconds);
    }
    vo_svc_store_close(st);
    vo_arena_cleanup(&arena);
out:
    g_free(common.db);
    g_free(common.org);
    g_free(as_of);
    return rc;
}
