/*
 * report_forecast.c - `voronka report forecast [--period P] [--as-of D]
 * [--by user] [--list] [--pipeline NAME]`: the stage probabilities, the
 * weighted pipeline, the period's P10 / P50 / P90 and the backtest's error
 * beside them (issue 12, item 5). The maths is vo_forecast_compute; this
 * file prints a table, CSV or the JSON documented in docs/reports.md
 * ("Forecast").
 */
#include <math.h>
#include <stdio.h>

#include "cli/report.h"
#include "render/csv_out.h"
#include "render/forecast_json.h"
#include "render/table.h"
#include "service/forecast.h"

static void csv_scope(struct vo_csv_out *w, const char *scope, const char *name, const char *email,
                      const struct vo_fc_figures *f, const struct vo_fc_backtest *bt)
{
    vo_csv_text(w, scope);
    vo_csv_text(w, name);
    vo_csv_text(w, email);
    vo_csv_int(w, f->open_deals);
    vo_csv_int(w, f->weighted_pipeline);
    vo_csv_int(w, f->fact);
    vo_csv_int(w, f->p10);
    vo_csv_int(w, f->p50);
    vo_csv_int(w, f->p90);
    if (isnan(bt->mape))
        vo_csv_empty(w);
    else
        vo_csv_real(w, bt->mape, 12);
    vo_csv_end_row(w);
}

/* One line for the department (or the manager's own deals), then one per
 * user with --by user. */
static void print_csv(struct vo_report_ctx *ctx, const void *res)
{
    const struct vo_report_forecast *r = res;
    const struct vo_dataset *ds = ctx->q.ds;
    static const char *const hdr[] = {"scope", "name", "email", "open_deals", "weighted_pipeline",
                                      "fact",  "p10",  "p50",   "p90",        "mape",
                                      NULL};
    struct vo_csv_out w;
    vo_report_csv_begin(&w, hdr);
    csv_scope(&w, "org", NULL, NULL, &r->f.f, &r->f.bt);
    for (size_t i = 0; i < r->f.nrows; i++) {
        int32_t u = r->f.rows[i].user;
        csv_scope(&w, "user", ds->users.name[u], ds->users.email[u], &r->f.rows[i].f,
                  &r->f.rows[i].bt);
    }
}

/* "±12,3%", or a dash when the backtest has no month to judge by. */
static const char *error_text(struct vo_report_ctx *ctx, double mape)
{
    if (isnan(mape))
        return "—";
    return vo_arena_printf(ctx->q.arena, "±%s", vo_report_pct(ctx, mape));
}

static const char *prob_text(struct vo_report_ctx *ctx, double p)
{
    return isnan(p) ? "—" : vo_report_pct(ctx, p);
}

static void print_table(struct vo_report_ctx *ctx, const void *res)
{
    const struct vo_report_forecast *r = res;
    const struct vo_forecast *f = &r->f;
    const struct vo_dataset *ds = ctx->q.ds;
    char from[16], to[16], asof[16];
    printf("Прогноз выручки: %s — %s, на конец %s (%s)\n",
           vo_date_format(ctx->q.period.first, from, sizeof from),
           vo_date_format(ctx->q.period.last, to, sizeof to),
           vo_date_format(ctx->q.as_of_date, asof, sizeof asof),
           r->fq.pipeline >= 0 ? ds->pipelines.name[r->fq.pipeline] : "все воронки");
    printf("Факт: %s; взвешенная воронка: %s; открытых сделок: %s\n",
           vo_report_money(ctx, f->f.fact), vo_report_money(ctx, f->f.weighted_pipeline),
           vo_report_count(ctx, f->f.open_deals));
    printf("Прогноз P10 / P50 / P90: %s / %s / %s (ошибка прогноза на прошлых месяцах: %s)\n",
           vo_report_money(ctx, f->f.p10), vo_report_money(ctx, f->f.p50),
           vo_report_money(ctx, f->f.p90), error_text(ctx, f->bt.mape));
    if (r->stage_pipeline >= 0) {
        static const char *const hdr[] = {"Этап", "Вероятность"};
        struct vo_table t;
        vo_report_table_init(ctx, &t, 2, hdr);
        int32_t a = ds->pipelines.stage_first[r->stage_pipeline];
        int32_t n = ds->pipelines.stage_count[r->stage_pipeline];
        for (int32_t s = a; s < a + n; s++) {
            const char *cells[] = {ds->stages.name[s], prob_text(ctx, f->p[s])};
            vo_table_add(&t, cells);
        }
        printf("\n");
        vo_table_print(&t, stdout);
    }
    {
        static const char *const hdr[] = {"Месяц", "Прогноз", "Факт", "Ошибка"};
        struct vo_table t;
        vo_report_table_init(ctx, &t, 4, hdr);
        for (int i = 0; i < VO_FC_BACKTEST; i++) {
            const struct vo_fc_month *m = &f->bt.months[i];
            char mo[16];
            vo_date_format(m->first, mo, sizeof mo);
            mo[7] = '\0';
            const char *cells[] = {vo_arena_strdup(ctx->q.arena, mo),
                                   vo_report_money(ctx, m->forecast),
                                   vo_report_money(ctx, m->actual), prob_text(ctx, m->ape)};
            vo_table_add(&t, cells);
        }
        printf("\nПроверка на прошлых месяцах (прогноз на начало месяца):\n");
        vo_table_print(&t, stdout);
    }
    if (r->fq.by_user) {
        static const char *const hdr[] = {"Менеджер", "Сделок", "Взвешенная", "Факт",
                                          "P10",      "P50",    "P90",        "Ошибка"};
        struct vo_table t;
        vo_report_table_init(ctx, &t, 8, hdr);
        for (size_t i = 0; i < f->nrows; i++) {
            const struct vo_fc_row *w = &f->rows[i];
            const char *cells[] = {ds->users.name[w->user],
                                   vo_report_count(ctx, w->f.open_deals),
                                   vo_report_money(ctx, w->f.weighted_pipeline),
                                   vo_report_money(ctx, w->f.fact),
                                   vo_report_money(ctx, w->f.p10),
                                   vo_report_money(ctx, w->f.p50),
                                   vo_report_money(ctx, w->f.p90),
                                   error_text(ctx, w->bt.mape)};
            vo_table_add(&t, cells);
        }
        printf("\n");
        vo_table_print(&t, stdout);
    }
    if (r->fq.list) {
        static const char *const hdr[] = {"Сделка", "Название",    "Менеджер", "Этап",
                                          "Сумма",  "Вероятность", "Закрытие"};
        struct vo_table t;
        vo_report_table_init(ctx, &t, 7, hdr);
        for (int c = 1; c <= 3; c++)
            vo_table_align(&t, (size_t)c, VO_ALIGN_LEFT);
        for (size_t i = 0; i < f->ndeals; i++) {
            const struct vo_fc_deal *d = &f->deals[i];
            int64_t amt = ds->deals.amount[d->deal];
            char close[16] = "—";
            if (d->expected_close != VO_NULL)
                vo_date_format(vo_cal_date_of(&ds->cal, d->expected_close), close, sizeof close);
            const char *cells[] = {r->di[i].id,
                                   r->di[i].title ? r->di[i].title : "",
                                   ds->users.name[ds->deals.owner[d->deal]],
                                   d->stage >= 0 ? ds->stages.name[d->stage] : "—",
                                   amt == VO_NULL ? "—" : vo_report_money(ctx, amt),
                                   vo_report_pct(ctx, d->prob),
                                   vo_arena_strdup(ctx->q.arena, close)};
            vo_table_add(&t, cells);
        }
        printf("\nСделки, которые делают месяц (%zu из %zu):\n", f->ndeals, r->deals_total);
        vo_table_print(&t, stdout);
    }
}

static json_t *fc_json(const struct vo_report_query *q, const void *r)
{
    return vo_forecast_to_json(q, r);
}

static const struct vo_report_out fc_out = {fc_json, VO_FORECAST_JSON_FLAGS, print_csv,
                                            print_table};

VO_REPORT_KIND(vo_report_forecast, struct vo_report_forecast, vo_svc_report_forecast, fc_out)
