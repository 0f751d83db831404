/*
 * cmd_plan.c - `voronka plan set|split|show|reverse`: setting targets,
 * splitting a department target to the managers, the plan of every user by
 * day or week, and the reverse funnel from a revenue target. Writes go
 * through service/plans.c; figures come from the dataset.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analytics/dataset.h"
#include "analytics/plan.h"
#include "base/checked.h"
#include "base/money.h"
#include "base/plural.h"
#include "cli/cli.h"
#include "render/number.h"
#include "render/table.h"
#include "service/plans.h"
#include "service/dataset_load.h"

/* A target or figure in the metric's unit, for a person. */
static const char *fmt_unit(struct vo_arena *a, const struct vo_metric_def *m, int digits,
                            int64_t v)
{
    char buf[64];
    if (v == VO_NULL)
        return "—";
    if (m->unit == VO_UNIT_RATIO) {
        /* basis points: two decimals of a percent, the sign once */
        int64_t mag = v < 0 ? -v : v;
        return vo_arena_printf(a, "%s%lld,%02lld%%", v < 0 ? "-" : "", (long long)(mag / 100),
                               (long long)(mag % 100));
    }
    vo_money_format(v, m->unit == VO_UNIT_MONEY ? digits : 0, "ru", buf, sizeof buf);
    return vo_arena_strdup(a, buf);
}

static int32_t user_index(const struct vo_dataset *ds, const char *who)
{
    for (size_t i = 0; i < ds->users.n; i++)
        if ((ds->users.email[i] && g_ascii_strcasecmp(ds->users.email[i], who) == 0) ||
            strcmp(ds->users.name[i], who) == 0)
            return (int32_t)i;
    return -1;
}

static void print_parts(struct vo_arena *a, const struct vo_metric_def *m, int digits,
                        const struct vo_split_part *p, size_t n)
{
    static const char *const hdr[] = {"Менеджер", "Email", "Вес", "План"};
    struct vo_table t;
    vo_table_init(&t, a, 4, hdr);
    vo_table_align(&t, 2, VO_ALIGN_RIGHT);
    vo_table_align(&t, 3, VO_ALIGN_RIGHT);
    int64_t sum = 0;
    for (size_t i = 0; i < n; i++) {
        sum += p[i].target;
        const char *cells[] = {p[i].name, p[i].email ? p[i].email : "",
                               vo_arena_printf(a, "%lld", (long long)p[i].weight),
                               fmt_unit(a, m, digits, p[i].target)};
        vo_table_add(&t, cells);
    }
    const char *total[] = {"Итого", "", "", fmt_unit(a, m, digits, sum)};
    vo_table_add(&t, total);
    vo_table_print(&t, stdout);
}

/* plan show: users x days (or ISO weeks) of the month's plans of metric. */
static int show(struct vo_svc *svc, const struct vo_dataset *ds, int y, int mo,
                const struct vo_metric_def *m, bool weeks)
{
    struct vo_arena *a = svc->arena;
    struct vo_error e = {0};
    int ndays = vo_month_days(y, mo);
    /* column of each day: the day itself, or its week's index */
    int col[31], ncols = 0;
    const char *hdr[40];
    hdr[0] = "Сотрудник";
    for (int d = 1; d <= ndays; d++) {
        struct vo_date dt = {y, mo, d};
        if (!weeks || d == 1 || vo_date_weekday(dt) == 1) {
            ncols++;
            hdr[ncols] =
                weeks ? vo_arena_printf(a, "%02d.%02d–", d, mo) : vo_arena_printf(a, "%02d", d);
        }
        col[d - 1] = ncols;
    }
    hdr[ncols + 1] = "Итого";
    struct vo_table t;
    vo_table_init(&t, a, (size_t)ncols + 2, hdr);
    for (int c = 1; c <= ncols + 1; c++)
        vo_table_align(&t, (size_t)c, VO_ALIGN_RIGHT);
    int64_t total[40] = {0};
    size_t rows = 0;
    for (size_t r = 0; r < ds->plans.n; r++) {
        if (ds->plans.year[r] != y || ds->plans.month[r] != mo || ds->plans.metric[r] != m->id ||
            ds->plans.scope_kind[r] != VO_SCOPE_USER || ds->plans.scope[r] < 0)
            continue;
        int64_t days[31], sums[40] = {0};
        if (vo_plan_month_days(&ds->cal, y, mo, ds->plans.target[r], days, NULL, &e))
            return vo_cli_fail(&e);
        for (int d = 0; d < ndays; d++)
            sums[col[d]] += days[d];
        const char *cells[40];
        cells[0] = ds->users.name[ds->plans.scope[r]];
        int64_t all = 0;
        bool ok = true;
        for (int c = 1; c <= ncols; c++) {
            cells[c] = fmt_unit(a, m, ds->currency_digits, sums[c]);
            ok = ok && vo_add_ok(&total[c], sums[c]) && vo_add_ok(&all, sums[c]);
        }
        if (!ok || !vo_add_ok(&total[ncols + 1], all)) {
            vo_error_set(&e, VO_EINVAL, "target", "the plans of %d-%02d add up beyond int64", y,
                         mo);
            return vo_cli_fail(&e);
        }
        cells[ncols + 1] = fmt_unit(a, m, ds->currency_digits, all);
        vo_table_add(&t, cells);
        rows++;
    }
    if (!rows) {
        printf("Нет планов пользователей по %s на %d-%02d\n", m->key, y, mo);
        return VO_EXIT_OK;
    }
    const char *cells[40];
    cells[0] = "Итого";
    for (int c = 1; c <= ncols + 1; c++)
        cells[c] = fmt_unit(a, m, ds->currency_digits, total[c]);
    vo_table_add(&t, cells);
    printf("План %s на %d-%02d по %s\n", m->title, y, mo, weeks ? "неделям" : "дням");
    vo_table_print(&t, stdout);
    return VO_EXIT_OK;
}

/* x with `digits` decimals and a decimal comma, halves away from zero. */
static const char *ru_num(struct vo_arena *a, double x, int digits)
{
    char buf[64];
    double scale = digits == 1 ? 10 : 100;
    vo_money_format((int64_t)llround(x * scale), digits, "ru", buf, sizeof buf);
    return vo_arena_strdup(a, buf);
}

static void per_day(struct vo_arena *a, const char *label, int64_t need, double pd)
{
    if (need == VO_NULL)
        printf("  %s: —\n", label);
    else
        printf("  %s: %lld (%s в рабочий день)\n", label, (long long)need, ru_num(a, pd, 2));
}

/* plan split: the department's target of m to its managers by method. */
static int plan_split(struct vo_svc *svc, const struct vo_dataset *ds, struct vo_arena *a, int y,
                      int mo, const struct vo_metric_def *m, const char *method, const char *target,
                      const char *weights)
{
    struct vo_error e = {0};
    enum vo_split_method meth;
    if (!method || strcmp(method, "equal") == 0)
        meth = VO_SPLIT_EQUAL;
    else if (strcmp(method, "weights") == 0)
        meth = VO_SPLIT_WEIGHTS;
    else if (strcmp(method, "history") == 0)
        meth = VO_SPLIT_HISTORY;
    else
        return vo_cli_usage("plan", "--method is equal, weights or history");
    int64_t t = VO_NULL;
    struct vo_split_part *parts = NULL;
    size_t n = 0;
    if ((target && vo_plan_target_parse(m, target, svc->currency_digits, &t, &e)) ||
        vo_svc_plan_split(svc, ds, y, mo, m->id, meth, weights, t, &parts, &n, &e))
        return vo_cli_fail(&e);
    print_parts(a, m, svc->currency_digits, parts, n);
    return VO_EXIT_OK;
}

/* plan reverse: from a user's revenue target back to the wins, meetings
 * and leads it needs, on that user's last three months. */
static int plan_reverse(struct vo_svc *svc, const struct vo_dataset *ds, struct vo_arena *a, int y,
                        int mo, const char *period, const char *user, const char *revenue)
{
    struct vo_error e = {0};
    int64_t r = 0;
    int32_t u = user ? user_index(ds, user) : -1;
    struct vo_plan_history h;
    struct vo_plan_funnel f;
    if (!user || !revenue)
        return vo_cli_usage("plan", "reverse needs --user and --revenue");
    if (u < 0) {
        vo_error_set(&e, VO_ENOTFOUND, "user", "no user \"%s\"", user);
        return vo_cli_fail(&e);
    }
    struct vo_period p = vo_cal_month(&ds->cal, (struct vo_date){y, mo, 1});
    if (vo_money_parse(revenue, svc->currency_digits, &r, "revenue", &e) ||
        vo_plan_user_history(ds, u, y, mo, a, &h, &e) ||
        vo_plan_reverse_funnel(r, &h, vo_cal_period_wd(&ds->cal, &p), &f, &e))
        return vo_cli_fail(&e);
    const struct vo_metric_def *money = vo_metric_find("revenue");
    int digits = svc->currency_digits;
    printf("Обратная воронка: %s, %s, выручка %s (%d %s)\n", ds->users.name[u], period,
           fmt_unit(a, money, digits, r), f.wd,
           vo_plural_ru_word(f.wd, "рабочий день", "рабочих дня", "рабочих дней"));
    printf("История за 3 месяца: обращений %lld, встреч %lld, выиграно %lld, выручка %s\n",
           (long long)h.leads, (long long)h.meetings, (long long)h.deals_won,
           fmt_unit(a, money, digits, h.revenue));
    printf("  %s: %s\n", "Средний чек", fmt_unit(a, money, digits, f.avg_check));
    char pct[48];
    printf("  %-26s %s\n", "Конверсия встреча → сделка",
           h.meetings ? vo_fmt_pct((double)h.deals_won / (double)h.meetings, pct, sizeof pct)
                      : "—");
    printf("  %-26s %s\n", "Конверсия обращение → встреча",
           h.leads ? vo_fmt_pct((double)h.meetings / (double)h.leads, pct, sizeof pct) : "—");
    per_day(a, "Нужно выиграть сделок", f.won, f.won_per_day);
    per_day(a, "Нужно встреч", f.meetings, f.meetings_per_day);
    per_day(a, "Нужно обращений", f.leads, f.leads_per_day);
    return VO_EXIT_OK;
}

int vo_cmd_plan(int argc, char **argv)
{
    struct vo_cli_common common = {0};
    char *period = NULL, *scope = NULL, *metric = NULL, *target = NULL, *method = NULL,
         *weights = NULL, *by = NULL, *user = NULL, *revenue = NULL;
    GOptionEntry entries[] = {
        {"period", 0, 0, G_OPTION_ARG_STRING, &period, VO_MSG("The month"), "YYYY-MM"},
        {"scope", 0, 0, G_OPTION_ARG_STRING, &scope, VO_MSG("org, team:NAME or user:EMAIL (set)"),
         "S"},
        {"metric", 0, 0, G_OPTION_ARG_STRING, &metric, VO_MSG("A metric key of METRICS.md"), "M"},
        {"target", 0, 0, G_OPTION_ARG_STRING, &target,
         VO_MSG("Money in major units, counts, minutes; a conversion as 0.25 or as 25 and a "
                "percent sign"),
         "T"},
        {"method", 0, 0, G_OPTION_ARG_STRING, &method, VO_MSG("split: equal, weights or history"),
         "M"},
        {"weights", 0, 0, G_OPTION_ARG_FILENAME, &weights, VO_MSG("split: CSV email,weight"),
         "FILE"},
        {"by", 0, 0, G_OPTION_ARG_STRING, &by, VO_MSG("show: day (default) or week"), "G"},
        {"user", 0, 0, G_OPTION_ARG_STRING, &user, VO_MSG("reverse: the user"), "EMAIL"},
        {"revenue", 0, 0, G_OPTION_ARG_STRING, &revenue, VO_MSG("reverse: the revenue target"),
         "R"},
        G_OPTION_ENTRY_NULL};
    int rc = vo_cli_parse(&argc, &argv, "set|split|show|reverse",
                          VO_MSG("Plans: set a target, split the department's to managers, show "
                                 "by day or week, the reverse funnel."),
                          entries, &common);
    struct vo_arena arena;
    vo_arena_init(&arena, 0);
    struct vo_svc svc = {0};
    struct vo_dataset *ds = NULL;
    struct vo_error e = {0};
    int y = 0, mo = 0;
    const struct vo_metric_def *m = NULL;
    if (rc)
        goto out;
    /* The subcommand, named once: every branch below tests this value, so
     * the paths that need a metric are seen to have one. */
    enum { SUB_SET, SUB_SPLIT, SUB_SHOW, SUB_REVERSE } sub;
    const char *name = argc >= 2 ? argv[1] : "";
    if (strcmp(name, "set") == 0)
        sub = SUB_SET;
    else if (strcmp(name, "split") == 0)
        sub = SUB_SPLIT;
    else if (strcmp(name, "show") == 0)
        sub = SUB_SHOW;
    else if (strcmp(name, "reverse") == 0)
        sub = SUB_REVERSE;
    else {
        rc = vo_cli_usage("plan", "say set, split, show or reverse");
        goto out;
    }
    if (!period) {
        rc = vo_cli_usage("plan", "--period YYYY-MM is required");
        goto out;
    }
    if (vo_month_parse(period, &y, &mo, "period", &e)) {
        rc = vo_cli_fail(&e);
        goto out;
    }
    if (sub != SUB_REVERSE) {
        if (!metric && sub == SUB_SHOW)
            metric = g_strdup("revenue");
        if (!metric || !(m = vo_metric_find(metric))) {
            rc = vo_cli_usage("plan", "--metric is a metric key (leads, revenue, ...)");
            goto out;
        }
    }
    if ((rc = vo_cli_open(&common, &svc, &arena)))
        goto out;
    if (sub == SUB_SET) {
        int64_t t = 0;
        if (vo_plan_target_parse(m, target, svc.currency_digits, &t, &e) ||
            vo_svc_plan_set(&svc, y, mo, scope ? scope : "org", m->id, t, &e)) {
            rc = vo_cli_fail(&e);
            goto out;
        }
        printf("План %s %s на %s: %s\n", scope ? scope : "org", m->key, period,
               fmt_unit(&arena, m, svc.currency_digits, t));
        goto out;
    }
    if ((rc = vo_cli_dataset(&common, &svc, &ds)))
        goto out;
    if (sub == SUB_SPLIT)
        rc = plan_split(&svc, ds, &arena, y, mo, m, method, target, weights);
    else if (sub == SUB_SHOW) {
        if (by && strcmp(by, "day") && strcmp(by, "week")) {
            rc = vo_cli_usage("plan", "--by is day or week");
            goto out;
        }
        rc = show(&svc, ds, y, mo, m, by && strcmp(by, "week") == 0);
    } else
        rc = plan_reverse(&svc, ds, &arena, y, mo, period, user, revenue);
out:
    vo_ds_free(ds);
    char *strs[] = {period, scope, metric, target, method, weights, by, user, revenue};
    vo_cli_end(&common, &svc, &arena, strs, sizeof strs / sizeof strs[0]);
    return rc;
}
