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
#include "render/report_json.h"
#include "render/table.h"
#include "service/report.h"

static const char *stage_name(const struct vo_dataset *ds, const struct vo_funnel_stage *s)
{
    return ds->stages.name[s->stage];
}

/* A number for CSV: empty when absent. */
static void csv_real(double v, char sep)
{
    if (isnan(v))
        printf("%c", sep);
    else
        printf("%.12g%c", v, sep);
}

static void csv_money(int64_t v, char sep)
{
    if (v == VO_NULL)
        printf("%c", sep);
    else
        printf("%lld%c", (long long)v, sep);
}

/* A text cell: quoted, with a ' before a leading = + - @ (spreadsheet
 * formula guard). */
static void csv_text(const char *s, char sep)
{
    if (!s) {
        printf("%c", sep);
        return;
    }
    fputc('"', stdout);
    if (strchr("=+-@", s[0]) && s[0])
        fputc('\'', stdout);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', stdout);
        fputc(*s, stdout);
    }
    printf("\"%c", sep);
}

/* One line per (group, stage); the group's figures repeat on each. */
static int print_csv(struct vo_report_ctx *ctx, const struct vo_funnel *f)
{
    printf("by,key,stage,reached,conv_next,lost_at,dropoff,open_at,time_mean_days,"
           "time_median_days,size,won,lost,open,overall,win_rate,avg_deal_size,"
           "sales_cycle_days,bottleneck_stage,bottleneck_loss\n");
    for (size_t i = 0; i < f->ngroups; i++) {
        const struct vo_funnel_group *g = &f->groups[i];
        for (size_t p = 0; p < f->nstages; p++) {
            const struct vo_funnel_stage *s = &g->stages[p];
            csv_text(vo_funnel_by_name(f->by), ',');
            csv_text(g->name, ',');
            csv_text(stage_name(ctx->q.ds, s), ',');
            printf("%lld,", (long long)s->reached);
            csv_real(s->conv_next, ',');
            printf("%lld,", (long long)s->lost_at);
            csv_real(s->dropoff, ',');
            printf("%lld,", (long long)s->open_at);
            csv_real(s->time_mean_days, ',');
            csv_real(s->time_median_days, ',');
            printf("%lld,%lld,%lld,%lld,", (long long)g->size, (long long)g->won,
                   (long long)g->lost, (long long)g->open);
            csv_real(g->overall, ',');
            csv_real(g->win_rate, ',');
            csv_money(g->avg_deal_size, ',');
            csv_real(g->sales_cycle_days, ',');
            csv_text(g->has_bottleneck ? stage_name(ctx->q.ds, &g->stages[g->bottleneck]) : NULL,
                     ',');
            if (g->has_bottleneck)
                printf("%lld\n", (long long)g->bottleneck_loss);
            else
                printf("\n");
        }
    }
    return 0;
}

/* Days with one decimal and a comma ("3,5"); "—" when absent. */
static const char *days(struct vo_report_ctx *ctx, double v)
{
    if (isnan(v))
        return "—";
    long long t = (long long)(v * 10.0 + 0.5);
    return vo_arena_printf(ctx->q.arena, "%lld,%lld", t / 10, t % 10);
}

static int print_table(struct vo_report_ctx *ctx, const struct vo_funnel *f)
{
    const struct vo_dataset *ds = ctx->q.ds;
    char from[16], to[16], asof[16];
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
        vo_table_init(&t, ctx->q.arena, 7, headers);
        for (size_t c = 1; c < 7; c++)
            vo_table_align(&t, c, VO_ALIGN_RIGHT);
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
               "win rate %s.\n",
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
