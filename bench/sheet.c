/*
 * sheet.c - the export sheet benchmark (not part of the tests; figures in
 * docs/export.md, "Size and speed").
 *
 * voronka_bench_sheet csv|xlsx|xlsx-shared [ROWS] [DIR]
 *
 * Builds a sheet of ROWS (100,000 by default) rows of 10 columns shaped
 * like a deal list (id, title, client, owner e-mail, amount, probability,
 * due date, created at, won, activity count; a few formula-looking
 * titles), then writes it once: CSV to DIR/bench.csv, or XLSX through
 * vo_sheet_write_xlsx in DIR (xlsx: constant_memory as the product does for
 * a sheet that large; xlsx-shared: forced to the shared string table, for
 * comparison). Prints the time to build, the time to write, the output's
 * size and the process's peak resident memory (run one format per process
 * so the peak is that format's). Exit 0, 1 on usage, 2 on a write error.
 */
#include <fcntl.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "render/sheet.h"

enum { C_ID, C_TITLE, C_CLIENT, C_EMAIL, C_AMOUNT, C_PROB, C_DUE, C_CREATED, C_WON, C_ACTS, C_N };

static const struct vo_sheet_col cols[C_N] = {
    [C_ID] = {"id", "Номер", "ID", VO_SHEET_INT},
    [C_TITLE] = {"title", "Сделка", "Deal", VO_SHEET_TEXT},
    [C_CLIENT] = {"client", "Клиент", "Client", VO_SHEET_TEXT},
    [C_EMAIL] = {"owner_email", "Почта менеджера", "Owner e-mail", VO_SHEET_TEXT},
    [C_AMOUNT] = {"amount", "Сумма", "Amount", VO_SHEET_MONEY},
    [C_PROB] = {"probability", "Вероятность", "Probability", VO_SHEET_RATIO},
    [C_DUE] = {"due", "Срок", "Due", VO_SHEET_DATE},
    [C_CREATED] = {"created_at", "Создана", "Created", VO_SHEET_DATETIME},
    [C_WON] = {"won", "Выиграна", "Won", VO_SHEET_BOOL},
    [C_ACTS] = {"activities", "Действий", "Activities", VO_SHEET_INT},
};

static double seconds_since(gint64 t0)
{
    return (double)(g_get_monotonic_time() - t0) / 1e6;
}

int main(int argc, char **argv)
{
    if (argc < 2 ||
        (strcmp(argv[1], "csv") && strcmp(argv[1], "xlsx") && strcmp(argv[1], "xlsx-shared"))) {
        fprintf(stderr, "usage: %s csv|xlsx|xlsx-shared [ROWS] [DIR]\n", argv[0]);
        return 1;
    }
    long rows = argc > 2 ? strtol(argv[2], NULL, 10) : 100000;
    const char *dir = argc > 3 ? argv[3] : g_get_tmp_dir();
    GTimeZone *tz = g_time_zone_new_identifier("Europe/Moscow");
    if (rows <= 0 || !tz) {
        fprintf(stderr, "bad ROWS or no Europe/Moscow zone\n");
        return 1;
    }
    struct vo_arena a;
    vo_arena_init(&a, 0);
    struct vo_sheet s;
    struct vo_sheet_spec spec = {.cols = cols, .ncols = C_N, .money_digits = 2, .tz = tz};
    struct vo_error e = {0};
    gint64 t0 = g_get_monotonic_time();
    vo_sheet_init(&s, &a, &spec, &e);
    static const char *const clients[] = {"ООО «Ромашка»", "АО Северсталь-Снаб", "ИП Петров",
                                          "Trade House Ltd", "ООО Вектор, филиал Казань"};
    char title[64], email[64];
    for (long i = 0; i < rows; i++) {
        vo_sheet_row(&s);
        vo_sheet_int(&s, C_ID, 100000 + i);
        if (i % 1000 == 7)
            snprintf(title, sizeof title, "=HYPERLINK(\"http://x\";\"%ld\")", i);
        else
            snprintf(title, sizeof title, "Поставка оборудования №%ld", i);
        vo_sheet_text(&s, C_TITLE, title);
        vo_sheet_text(&s, C_CLIENT, clients[i % 5]);
        snprintf(email, sizeof email, "manager%ld@example.ru", i % 40);
        vo_sheet_text(&s, C_EMAIL, email);
        vo_sheet_money(&s, C_AMOUNT, (i * 7919) % 100000000 + 1);
        vo_sheet_ratio(&s, C_PROB, (double)(i % 100) / 100.0);
        vo_sheet_date(&s, C_DUE, vo_date_add_days((struct vo_date){2026, 1, 1}, (int)(i % 365)));
        vo_sheet_datetime(&s, C_CREATED, 1767225600 + i * 61);
        vo_sheet_bool(&s, C_WON, i % 3 == 0);
        vo_sheet_int(&s, C_ACTS, i % 17);
    }
    if (vo_sheet_status(&s, &e)) {
        fprintf(stderr, "build: %s\n", e.msg);
        return 2;
    }
    double build = seconds_since(t0);
    size_t size = 0;
    t0 = g_get_monotonic_time();
    if (strcmp(argv[1], "csv") == 0) {
        char *path = g_build_filename(dir, "bench.csv", NULL);
        FILE *f = fopen(path, "w");
        if (!f || vo_sheet_write_csv(&s, VO_SHEET_RU, f, &e)) {
            fprintf(stderr, "csv: %s\n", f ? e.msg : "cannot open");
            return 2;
        }
        size = (size_t)ftell(f);
        fclose(f);
        unlink(path);
        g_free(path);
    } else {
        if (strcmp(argv[1], "xlsx-shared") == 0)
            s.stream_rows = (size_t)rows;
        int fd;
        if (vo_sheet_write_xlsx(&s, VO_SHEET_RU, dir, &fd, &size, &e)) {
            fprintf(stderr, "xlsx: %s\n", e.msg);
            return 2;
        }
        close(fd);
    }
    double write = seconds_since(t0);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("%-11s rows %ld x %d: build %.3f s, write %.3f s, %.1f MB, peak RSS %.1f MB, "
           "arena %.1f MB\n",
           argv[1], rows, C_N, build, write, (double)size / 1e6, (double)ru.ru_maxrss / 1024.0,
           (double)a.used_total / 1e6);
    vo_arena_cleanup(&a);
    g_time_zone_unref(tz);
    return 0;
}
