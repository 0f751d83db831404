/*
 * report_leaderboard.c - `voronka report leaderboard --metric M [--pct]`:
 * the sales users ranked by the metric's fact (or its plan pct) over the
 * period (a month by default), the department or --team. The maths is
 * vo_lb_compute; this file prints a table, CSV or the JSON documented in
 * docs/reports.md ("Leaderboard").
 */
#include <math.h>
#include <stdio.h>

#include "analytics/leaderboard.h"
#include "base/money.h"
#include "cli/report.h"
#include "render/csv_out.h"
#include "render/leaderboard_json.h"
#include "render/report_json.h"
#include "render/table.h"
#include "service/report.h"

/* A value in its unit for the table: a pct or a ratio metric as "87,5%",
 * money in the currency's digits, minutes with one decimal, else a count. */
static const char *show(struct vo_report_ctx *ctx, enum vo_metric m, double v)
{
    const struct vo_metric_def *d = &vo_metrics[m];
    if (ctx->q.pct || d->unit == VO_UNIT_RATIO)
        return vo_report_pct(ctx, v);
    if (d->unit == VO_UNIT_MONEY)
        return vo_report_money(ctx, (int64_t)llround(v));
    if (m == VO_M_CALL_MINUTES) {
        char buf[64];
        vo_money_format((int64_t)llround(v * 10), 1, "ru", buf, sizeof buf);
        return vo_arena_strdup(ctx->q.arena, buf);
    }
    return vo_report_count(ctx, (int64_t)llround(v));
}

static const char *team_of(const struct vo_dataset *ds, int32_t u)
{
    int32_t t = ds->users.team[u];
    return t >= 0 ? ds->teams.name[t] : "";
}

static void print_csv(struct vo_report_ctx *ctx, const void *res)
{
    const struct vo_lb *lb = res;
    const struct vo_dataset *ds = ctx->q.ds;
    static const char *const hdr[] = {"rank", "user_id", "name", "email", "team", "value", NULL};
    struct vo_csv_out w;
    vo_report_csv_begin(&w, hdr);
    for (size_t i = 0; i < lb->n; i++) {
        int32_t u = lb->rows[i].index;
        vo_csv_int(&w, lb->rows[i].rank);
        vo_csv_int(&w, ds->users.id[u]);
        vo_csv_text(&w, lb->rows[i].name);
        vo_csv_text(&w, ds->users.email[u]);
        vo_csv_text(&w, team_of(ds, u));
        vo_csv_real(&w, lb->rows[i].value, 12);
        vo_csv_end_row(&w);
    }
}

static void print_table(struct vo_report_ctx *ctx, const void *res)
{
    const struct vo_lb *lb = res;
    const struct vo_dataset *ds = ctx->q.ds;
    const struct vo_metric_def *m = vo_metric_find(ctx->q.metric);
    char from[16], to[16], asof[16];
    printf("Рейтинг: %s%s, %s — %s, на конец %s (%s)\n", m->title,
           ctx->q.pct ? ", % выполнения плана" : "",
           vo_date_format(ctx->q.period.first, from, sizeof from),
           vo_date_format(ctx->q.period.last, to, sizeof to),
           vo_date_format(ctx->q.as_of_date, asof, sizeof asof),
           ctx->q.team ? ctx->q.team : "отдел продаж");
    if (lb->n == 0) {
        printf("%s\n", ctx->q.pct ? "Ни у кого нет плана по этому показателю."
                                  : "Менеджеров в рейтинге нет.");
        return;
    }
    static const char *const hdr[] = {"Место", "Менеджер", "Команда", "Значение"};
    struct vo_table t;
    vo_report_table_init(ctx, &t, 4, hdr);
    vo_table_align(&t, 1, VO_ALIGN_LEFT);
    vo_table_align(&t, 2, VO_ALIGN_LEFT);
    for (size_t i = 0; i < lb->n; i++) {
        const struct vo_lb_row *r = &lb->rows[i];
        const char *cells[] = {vo_report_count(ctx, r->rank), r->name, team_of(ds, r->index),
                               show(ctx, m->id, r->value)};
        vo_table_add(&t, cells);
    }
    vo_table_print(&t, stdout);
}

static json_t *lb_json(const struct vo_report_query *q, const void *r)
{
    return vo_lb_to_json(q, r);
}

static const struct vo_report_out lb_out = {lb_json, VO_REPORT_JSON_FLAGS, print_csv, print_table};

VO_REPORT_KIND(vo_report_leaderboard, struct vo_lb, vo_svc_report_leaderboard, lb_out)
