/*
 * cmd_calendar.c - `voronka calendar load|list --year YYYY`: reload a
 * year's Russian production calendar into the org (when a decree moves
 * days off, or for a year the org did not have), and show the org's
 * calendar of a year: the working days of each month and the marked days.
 * The load goes through vo_svc_calendar_load, as the API's does.
 */
#include <stdio.h>
#include <string.h>

#include "analytics/calendar.h"
#include "base/plural.h"
#include "cli/cli.h"
#include "render/table.h"
#include "service/org_reads.h"
#include "service/org_starter.h"

static const char *const MONTHS[] = {"январь",   "февраль", "март",   "апрель",
                                     "май",      "июнь",    "июль",   "август",
                                     "сентябрь", "октябрь", "ноябрь", "декабрь"};

static int load(struct vo_svc *svc, int year)
{
    struct vo_error e = {0};
    struct vo_calendar_loaded l;
    if (vo_svc_calendar_load(svc, year, &l, &e))
        return vo_cli_fail(&e);
    printf("Производственный календарь %d загружен%s: %zu %s, %zu %s", year,
           l.official ? "" : " (предварительный: постановления нет)", l.holidays,
           vo_plural_ru_word((int64_t)l.holidays, "выходной или праздничный день",
                             "выходных или праздничных дня", "выходных или праздничных дней"),
           l.workdays,
           vo_plural_ru_word((int64_t)l.workdays, "рабочая суббота", "рабочие субботы",
                             "рабочих суббот"));
    if (l.replaced)
        printf("; заменено %zu %s", l.replaced,
               vo_plural_ru_word((int64_t)l.replaced, "прежняя отметка", "прежние отметки",
                                 "прежних отметок"));
    printf(".\n");
    return VO_EXIT_OK;
}

static int list(struct vo_svc *svc, int year)
{
    struct vo_error e = {0};
    struct vo_holiday *v = NULL;
    size_t n = 0;
    if (vo_svc_holiday_list(svc, year, &v, &n, &e))
        return vo_cli_fail(&e);
    struct vo_calendar cal;
    if (vo_cal_init(&cal, svc->tz, v, n, &e))
        return vo_cli_fail(&e);
    static const char *const mhdr[] = {"Месяц", "Рабочих дней"};
    struct vo_table t;
    vo_table_init(&t, svc->arena, 2, mhdr);
    vo_table_align(&t, 1, VO_ALIGN_RIGHT);
    int total = 0;
    for (int m = 1; m <= 12; m++) {
        int wd = vo_cal_working_days(&cal, (struct vo_date){year, m, 1},
                                     (struct vo_date){year, m, vo_month_days(year, m)});
        total += wd;
        const char *cells[] = {MONTHS[m - 1], vo_arena_printf(svc->arena, "%d", wd)};
        vo_table_add(&t, cells);
    }
    const char *sum[] = {"Итого", vo_arena_printf(svc->arena, "%d", total)};
    vo_table_add(&t, sum);
    vo_cal_cleanup(&cal);
    printf("Производственный календарь %d\n", year);
    vo_table_print(&t, stdout);
    if (!n) {
        printf("Отмеченных дней нет: загрузите календарь командой voronka calendar load "
               "--year %d\n",
               year);
        return VO_EXIT_OK;
    }
    static const char *const dhdr[] = {"Дата", "День", "Название"};
    vo_table_init(&t, svc->arena, 3, dhdr);
    for (size_t i = 0; i < n; i++) {
        const char *cells[] = {
            vo_arena_printf(svc->arena, "%02d.%02d.%04d", v[i].d, v[i].m, v[i].y),
            v[i].kind == VO_DAY_WORKDAY ? "рабочий" : "выходной", v[i].name ? v[i].name : ""};
        vo_table_add(&t, cells);
    }
    printf("\n");
    vo_table_print(&t, stdout);
    return VO_EXIT_OK;
}

int vo_cmd_calendar(int argc, char **argv)
{
    struct vo_cli_common common = {0};
    int year = 0;
    GOptionEntry entries[] = {
        {"year", 0, 0, G_OPTION_ARG_INT, &year, VO_MSG("The calendar year"), "YYYY"},
        G_OPTION_ENTRY_NULL};
    int rc = vo_cli_parse(&argc, &argv, "load|list",
                          VO_MSG("The production calendar (holidays and moved working days).\n"
                                 "load: replace the year's marked days with the Russian "
                                 "production calendar\n(decreed for 2024-2026, provisional for "
                                 "2027, the Labour Code's rule otherwise).\nlist: the working "
                                 "days of each month and the marked days.\n\n"
                                 "Example: voronka calendar load --year 2027"),
                          entries, &common);
    struct vo_arena arena;
    struct vo_svc svc = {0};
    bool opened = false;
    if (rc)
        goto out;
    bool is_load = false;
    if ((rc = vo_cli_two_subs(argc, argv, "calendar", "load", "list", VO_MSG("say load or list"),
                              &is_load)))
        goto out;
    if (year < VO_CALENDAR_YEAR_MIN || year > VO_CALENDAR_YEAR_MAX) {
        rc = vo_cli_usage("calendar", "--year YYYY is required (%d..%d)", VO_CALENDAR_YEAR_MIN,
                          VO_CALENDAR_YEAR_MAX);
        goto out;
    }
    if ((rc = vo_cli_begin(&common, &svc, &arena)))
        goto out;
    opened = true;
    rc = is_load ? load(&svc, year) : list(&svc, year);
out:
    if (opened)
        vo_cli_end(&common, &svc, &arena, NULL, 0);
    else {
        g_free(common.db);
        g_free(common.org);
    }
    return rc;
}
