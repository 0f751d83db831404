/*
 * report_funnel.c - `voronka report funnel`: the cohort funnel of the
 * deals created in the period (ctx->q.period, a month by default), followed
 * to --as-of, by --by user|team|channel|region|source or for the whole
 * cohort, filtered by --user/--team/--channel/--region/--source, for
 * --pipeline (default: the org's first). The maths is vo_funnel_compute;
 * this file resolves names to dataset indexes and prints a table, CSV or
 * the JSON documented in docs/reports.md ("Funnel").
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analytics/funnel.h"
#include "cli/report.h"
#include "render/number.h"
#include "render/csv_out.h"
#include "render/report_json.h"
#include "render/table.h"
#include "service/report.h"

static const char *stage_name(const struct vo_dataset *ds, const struct vo_funnel_stage *s)
{
    return ds->stages.name[s->stage];
}

/* One line per (group, stage); the group's figures repeat on each. */
static int print_csv(struct vo_report_ctx *ctx, const struct vo_funnel *f)
{
    static const char *const hdr[] = {"by",
                                      "key",
                                      "stage",
                                      "reached",
                                      "conv_next",
                                      "lost_at",
                                      "dropoff",
                                      "open_at",
                                      "time_mean_days",
                                      "time_median_days",
                                      "size",
                                      "won",
                                      "lost",
                                      "open",
                                      "overall",
                                      "win_rate",
                                      "avg_deal_size",
                                      "sales_cycle_days",
                                      "bottleneck_stage",
                                      "bottleneck_loss",
                                      NULL};
    struct vo_csv_out w;
    vo_report_csv_begin(&w, hdr);
    for (size_t i = 0; i < f->ngroups; i++) {
        const struct vo_funnel_group *g = &f->groups[i];
        for (size_t p = 0; p < f->nstages; p++) {
            const struct vo_funnel_stage *s = &g->stages[p];
            vo_csv_text(&w, vo_funnel_by_name(f->by));
            vo_csv_text(&w, g->name);
            vo_csv_text(&w, stage_name(ctx->q.ds, s));
            vo_csv_int(&w, s->reached);
            vo_csv_real(&w, s->conv_next, 12);
            vo_csv_int(&w, s->lost_at);
            vo_csv_real(&w, s->dropoff, 12);
            vo_csv_int(&w, s->open_at);
            vo_csv_real(&w, s->time_mean_days, 12);
            vo_csv_real(&w, s->time_median_days, 12);
            vo_csv_int(&w, g->size);
            vo_csv_int(&w, g->won);
            vo_csv_int(&w, g->lost);
            vo_csv_int(&w, g->open);
            vo_csv_real(&w, g->overall, 12);
            vo_csv_real(&w, g->win_rate, 12);
            vo_csv_int(&w, g->avg_deal_size);
            vo_csv_real(&w, g->sales_cycle_days, 12);
            vo_csv_text(&w, g->has_bottleneck ? stage_name(ctx->q.ds, &g->stages[g->bottleneck])
                                              : NULL);
            vo_csv_int(&w, g->has_bottleneck ? g->bottleneck_loss : VO_NULL);
            vo_csv_end_row(&w);
        }
    }
    return 0;
}

/* Days with one decimal and a comma ("3,5"); "—" when absent. */
static const char *days(struct vo_report_ctx *ctx, double v)
{
    char buf[48];
    return vo_arena_strdup(ctx->q.arena, vo_fmt_fixed(v, 1, buf, sizeof buf));
}

static int print_table(struct vo_report_ctx *ctx, const struct vo_funnel *f)
{
    const struct vo_dataset *ds = ctx->q.ds;
    char from[16], to[16], asof[16];
    if (f->pipeline == VO_FUNNEL_NO_PIPELINE) {
        printf("В организации нет воронки продаж: создайте её в настройках (или "
               "POST /api/v1/pipelines) либо импортируйте pipelines.csv.\n");
        return 0;
    }
    printf("Воронка «%s»: сделки, созданные %s — %s, на конец %s\n",
           ds->pipelines.name[f->pipeline], vo_date_format(ctx->q.period.first, from, sizeof from),
           vo_date_format(ctx->q.period.last, to, sizeof to),
           vo_date_format(ctx->q.as_of_date, asof, sizeof asof));
    static const char *const headers[] = {
        "Этап", "Дошли", "Конверсия дальше", "Отвал", "Открыто", "Дней в этапе, ср.", "медиана"};
    for (size_t i = 0; i < f->ngroups; i++) {
        const struct vo_funnel_group *g = &f->groups[i];
        if (f->by != VO_FUNNEL_BY_NONE)
            printf("\n== %s ==\n", g->name ? g->name : "(не указано)");
        else
            printf("\n");
        struct vo_table t;
        vo_report_table_init(ctx, &t, 7, headers);
        for (size_t p = 0; p < f->nstages; p++) {
            const struct vo_funnel_stage *s = &g->stages[p];
            const char *cells[] = {stage_name(ds, s),
                                   vo_report_count(ctx, s->reached),
                                   vo_report_pct(ctx, s->conv_next),
                                   vo_report_pct(ctx, s->dropoff),
                                   vo_report_count(ctx, s->open_at),
                                   days(ctx, s->time_mean_days),
                                   days(ctx, s->time_median_days)};
            vo_table_add(&t, cells);
        }
        vo_table_print(&t, stdout);
        printf("Сделок %s: выиграно %s, проиграно %s, открыто %s. Конверсия в оплату %s, "
               "доля выигранных %s.\n",
               vo_report_count(ctx, g->size), vo_report_count(ctx, g->won),
               vo_report_count(ctx, g->lost), vo_report_count(ctx, g->open),
               vo_report_pct(ctx, g->overall), vo_report_pct(ctx, g->win_rate));
        printf("Средняя сделка %s%s%s, цикл сделки (медиана) %s дн.\n",
               g->avg_deal_size == VO_NULL ? "—" : vo_report_money(ctx, g->avg_deal_size),
               g->avg_deal_size == VO_NULL ? "" : " ",
               g->avg_deal_size == VO_NULL ? "" : ds->currency, days(ctx, g->sales_cycle_days));
        if (g->has_bottleneck) {
            size_t p = (size_t)g->bottleneck;
            const char *next = p + 1 < f->nstages ? stage_name(ds, &g->stages[p + 1]) : "выигрыш";
            printf("Узкое место: %s → %s, потери против команды %s %s.\n",
                   stage_name(ds, &g->stages[p]), next, vo_report_money(ctx, g->bottleneck_loss),
                   ds->currency);
        } else if (f->by == VO_FUNNEL_BY_USER) {
            printf("Узкое место: нет.\n");
        }
    }
    return 0;
}

int vo_report_funnel(struct vo_report_ctx *ctx)
{
    struct vo_error e = {0};
    struct vo_funnel *f = NULL;
    if (vo_svc_report_funnel(ctx->svc, &ctx->q, &f, &e))
        return vo_report_fail(&e);
    switch (ctx->format) {
    case VO_FMT_JSON:
        return vo_report_print_json(vo_funnel_to_json(&ctx->q, f), VO_REPORT_JSON_FLAGS);
    case VO_FMT_CSV:
        return print_csv(ctx, f);
    case VO_FMT_TABLE:
        break;
    }
    return print_table(ctx, f);
}
