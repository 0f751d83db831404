/*
 * report_planfact.c - `voronka report plan-fact`: plan versus fact of every
 * metric (src/analytics/planfact.c) for the scope (--scope, or --team /
 * --user) and, with --by user|team, one row per user or team. Renders a
 * table (Russian number formatting, pct coloured by pace on a terminal),
 * CSV (one line per row and metric) or JSON (docs/reports.md).
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analytics/planfact.h"
#include "base/money.h"
#include "cli/report.h"
#include "render/csv_out.h"
#include "render/report_json.h"
#include "render/table.h"
#include "service/report.h"

/* A value for the table in its metric's unit; "" when none. */
static json_t *pf_json(const struct vo_report_query *q, const void *r)
{
    return vo_pf_to_json(q, r);
}

static const char *show(struct vo_report_ctx *ctx, enum vo_metric m, double v, bool daily)
{
    if (isnan(v))
        return "";
    const struct vo_metric_def *d = &vo_metrics[m];
    if (d->unit == VO_UNIT_RATIO)
        return vo_report_pct(ctx, v);
    if (d->unit == VO_UNIT_MONEY)
        return vo_report_money(ctx, (int64_t)llround(v));
    if (m == VO_M_CALL_MINUTES || daily) {
        /* one decimal (two for needed per day), comma as separator */
        int digits = daily ? 2 : 1;
        int64_t scaled = (int64_t)llround(v * (daily ? 100 : 10));
        char buf[64];
        vo_money_format(scaled, digits, "ru", buf, sizeof buf);
        return vo_arena_strdup(ctx->q.arena, buf);
    }
    return vo_report_count(ctx, (int64_t)llround(v));
}

/* The pace colour of a cell: green when the fact is at least the plan
 * prorated by elapsed / total working days, yellow within 10% of it, red
 * behind. For a snapshot (overdue tasks) fewer is better. */
static const char *pace(enum vo_metric m, const struct vo_pf_cell *c, int el, int tot)
{
    if (isnan(c->plan) || isnan(c->fact) || tot == 0)
        return NULL;
    double due = c->plan;
    if (vo_metrics[m].kind == VO_METRIC_ADDITIVE)
        due = c->plan * el / tot;
    if (vo_metrics[m].kind == VO_METRIC_SNAPSHOT)
        return c->fact <= due ? "\033[32m" : c->fact <= due * 1.1 ? "\033[33m" : "\033[31m";
    return c->fact >= due ? "\033[32m" : c->fact >= due * 0.9 ? "\033[33m" : "\033[31m";
}

static void print_table(struct vo_report_ctx *ctx, const void *p)
{
    const struct vo_pf_result *r = p;
    char a[16], b[16], c[16];
    vo_date_format(ctx->q.period.first, a, sizeof a);
    vo_date_format(ctx->q.period.last, b, sizeof b);
    vo_date_format(ctx->q.as_of_date, c, sizeof c);
    printf("План-факт %s — %s на %s: рабочих дней прошло %d из %d\n", a, b, c, r->elapsed_wd,
           r->total_wd);
    for (size_t i = 0; i < r->nrows; i++) {
        const struct vo_pf_row *row = &r->rows[i];
        printf("\n%s%s%s%s\n", row->name, row->email ? " <" : "", row->email ? row->email : "",
               row->email ? ">" : "");
        static const char *const hdr[] = {"Показатель", "План",   "Факт",      "%",
                                          "Прогноз",    "Разрыв", "Нужно/день"};
        struct vo_table t;
        vo_report_table_init(ctx, &t, 7, hdr);
        for (size_t k = 0; k < VO_M__COUNT; k++) {
            enum vo_metric m = (enum vo_metric)k;
            const struct vo_pf_cell *cl = &row->m[k];
            const char *pct = isnan(cl->pct) ? "" : vo_report_pct(ctx, cl->pct);
            const char *col = ctx->color ? pace(m, cl, r->elapsed_wd, r->total_wd) : NULL;
            if (col && *pct)
                pct = vo_arena_printf(ctx->q.arena, "%s%s\033[0m", col, pct);
            const char *cells[] = {
                vo_metrics[k].title,
                show(ctx, m, cl->plan, false),
                show(ctx, m, cl->fact, false),
                pct,
                show(ctx, m, cl->forecast, false),
                show(ctx, m, cl->gap, false),
                show(ctx, m, cl->per_day_needed, vo_metrics[k].unit != VO_UNIT_MONEY)};
            vo_table_add(&t, cells);
        }
        vo_table_print(&t, stdout);
    }
}

/* Money in minor units, ratios as fractions (the units of the JSON). */
static void print_csv(struct vo_report_ctx *ctx, const void *p)
{
    (void)ctx;
    const struct vo_pf_result *r = p;
    static const char *const hdr[] = {
        "scope",    "name", "email",          "metric",     "plan",     "fact", "pct",
        "forecast", "gap",  "per_day_needed", "elapsed_wd", "total_wd", NULL};
    struct vo_csv_out w;
    vo_report_csv_begin(&w, hdr);
    for (size_t i = 0; i < r->nrows; i++) {
        const struct vo_pf_row *row = &r->rows[i];
        for (size_t k = 0; k < VO_M__COUNT; k++) {
            const struct vo_pf_cell *c = &row->m[k];
            vo_csv_text(&w, row->scope);
            vo_csv_text(&w, row->name);
            vo_csv_text(&w, row->email);
            vo_csv_text(&w, vo_metrics[k].key);
            const double v[] = {c->plan, c->fact, c->pct, c->forecast, c->gap, c->per_day_needed};
            for (size_t j = 0; j < sizeof v / sizeof v[0]; j++)
                vo_csv_real(&w, v[j], 10);
            vo_csv_int(&w, r->elapsed_wd);
            vo_csv_int(&w, r->total_wd);
            vo_csv_end_row(&w);
        }
    }
}

static const struct vo_report_out pf_out = {pf_json, VO_REPORT_JSON_FLAGS, print_csv, print_table};

VO_REPORT_KIND(vo_report_plan_fact, struct vo_pf_result, vo_svc_report_pf, pf_out)
