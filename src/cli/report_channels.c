/*
 * report_channels.c - `voronka report channels [--from D --to D]
 * [--as-of D] [--by channel|region|source]`: the channel economics
 * (issue 12, item 4). The maths is vo_ch_compute through the service
 * (service/channels.h); this file prints a table, CSV or the JSON of
 * docs/reports.md ("Channels").
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analytics/channels.h"
#include "cli/report.h"
#include "render/channels_json.h"
#include "render/csv_out.h"
#include "render/report_json.h"
#include "render/table.h"
#include "service/channels.h"

/* The row's label: its key, "(нет)" for none, "Итого" for the total. */
static const char *label(const struct vo_ch_row *r, bool ru)
{
    if (r->total)
        return ru ? "Итого" : "total";
    if (!r->key)
        return ru ? "(нет)" : "";
    return r->key;
}

static void print_csv(struct vo_report_ctx *ctx, const void *res)
{
    (void)ctx;
    const struct vo_ch *c = res;
    static const char *const hdr[] = {
        "by",    "key",         "total", "leads", "deals_won",      "conversion", "revenue",
        "spend", "new_clients", "cac",   "romi",  "payback_months", NULL};
    struct vo_csv_out w;
    vo_report_csv_begin(&w, hdr);
    for (size_t i = 0; i < c->n; i++) {
        const struct vo_ch_row *r = &c->rows[i];
        vo_csv_text(&w, vo_ch_by_name(c->by));
        vo_csv_text(&w, r->total ? "" : label(r, false));
        vo_csv_int(&w, r->total);
        vo_csv_int(&w, r->leads);
        vo_csv_int(&w, r->deals_won);
        isnan(r->conversion) ? vo_csv_empty(&w) : vo_csv_real(&w, r->conversion, 12);
        vo_csv_int(&w, r->revenue);
        r->has_spend ? vo_csv_int(&w, r->spend) : vo_csv_empty(&w);
        vo_csv_int(&w, r->new_clients);
        r->cac == VO_NULL ? vo_csv_empty(&w) : vo_csv_int(&w, r->cac);
        isnan(r->romi) ? vo_csv_empty(&w) : vo_csv_real(&w, r->romi, 12);
        isnan(r->payback_months) ? vo_csv_empty(&w) : vo_csv_real(&w, r->payback_months, 12);
        vo_csv_end_row(&w);
    }
}

/* A ratio as a number with two decimals and a decimal comma ("1,25");
 * "—" when undefined. */
static const char *times(struct vo_report_ctx *ctx, double v)
{
    if (isnan(v))
        return "—";
    char *s = vo_arena_printf(ctx->q.arena, "%.2f", v);
    char *dot = s ? strchr(s, '.') : NULL;
    if (dot)
        *dot = ',';
    return s ? s : "—";
}

static void print_table(struct vo_report_ctx *ctx, const void *res)
{
    const struct vo_ch *c = res;
    char from[16], to[16], asof[16];
    static const char *const by_ru[] = {"канал", "регион", "источник"};
    printf("Каналы (%s): %s — %s, на конец %s\n", by_ru[c->by],
           vo_date_format(ctx->q.period.first, from, sizeof from),
           vo_date_format(ctx->q.period.last, to, sizeof to),
           vo_date_format(ctx->q.as_of_date, asof, sizeof asof));
    static const char *const hdr[] = {
        "Группа",  "Лиды",           "Выиграно", "Конверсия", "Выручка",
        "Расходы", "Новых клиентов", "CAC",      "ROMI",      "Окупаемость, мес."};
    struct vo_table t;
    vo_report_table_init(ctx, &t, 10, hdr);
    vo_table_align(&t, 0, VO_ALIGN_LEFT);
    for (size_t i = 0; i < c->n; i++) {
        const struct vo_ch_row *r = &c->rows[i];
        const char *cells[] = {
            label(r, true),
            vo_report_count(ctx, r->leads),
            vo_report_count(ctx, r->deals_won),
            vo_report_pct(ctx, r->conversion),
            vo_report_money(ctx, r->revenue),
            r->has_spend ? vo_report_money(ctx, r->spend) : "—",
            vo_report_count(ctx, r->new_clients),
            r->cac == VO_NULL ? "—" : vo_report_money(ctx, r->cac),
            times(ctx, r->romi),
            times(ctx, r->payback_months),
        };
        vo_table_add(&t, cells);
    }
    vo_table_print(&t, stdout);
}

static json_t *ch_json(const struct vo_report_query *q, const void *r)
{
    return vo_ch_to_json(q, r);
}

static const struct vo_report_out ch_out = {ch_json, VO_REPORT_JSON_FLAGS, print_csv, print_table};

VO_REPORT_KIND(vo_report_channels, struct vo_ch, vo_svc_report_channels, ch_out)

/* ---- channel-dynamics: a metric by month over the last 12 full months ---- */

/* A figure for CSV: empty when undefined, whole money and counts. */
static void csv_figure(struct vo_csv_out *w, const char *metric, double v)
{
    bool ratio_m = strcmp(metric, "conversion") == 0 || strcmp(metric, "romi") == 0 ||
                   strcmp(metric, "payback_months") == 0;
    if (isnan(v))
        vo_csv_empty(w);
    else if (ratio_m)
        vo_csv_real(w, v, 12);
    else
        vo_csv_int(w, (int64_t)llround(v));
}

static void dyn_csv(struct vo_report_ctx *ctx, const void *res)
{
    (void)ctx;
    const struct vo_ch_dyn *d = res;
    static const char *const hdr[] = {"month", "value", "mom", "mom_pct", "yoy", "yoy_pct", NULL};
    struct vo_csv_out w;
    vo_report_csv_begin(&w, hdr);
    for (size_t i = 0; i < VO_CH_DYN_MONTHS; i++) {
        const struct vo_ch_dyn_point *p = &d->pts[i];
        char m[16];
        snprintf(m, sizeof m, "%04d-%02d", p->year, p->month);
        vo_csv_text(&w, m);
        csv_figure(&w, d->metric, p->value);
        csv_figure(&w, d->metric, p->mom);
        isnan(p->mom_pct) ? vo_csv_empty(&w) : vo_csv_real(&w, p->mom_pct, 12);
        csv_figure(&w, d->metric, p->yoy);
        isnan(p->yoy_pct) ? vo_csv_empty(&w) : vo_csv_real(&w, p->yoy_pct, 12);
        vo_csv_end_row(&w);
    }
}

/* A figure for the table: money in the currency's digits, a conversion as
 * a pct, romi and payback with two decimals, counts grouped. */
static const char *dyn_show(struct vo_report_ctx *ctx, const char *metric, double v)
{
    if (isnan(v))
        return "—";
    if (strcmp(metric, "conversion") == 0)
        return vo_report_pct(ctx, v);
    if (strcmp(metric, "romi") == 0 || strcmp(metric, "payback_months") == 0)
        return times(ctx, v);
    if (strcmp(metric, "revenue") == 0 || strcmp(metric, "spend") == 0 ||
        strcmp(metric, "cac") == 0)
        return vo_report_money(ctx, (int64_t)llround(v));
    return vo_report_count(ctx, (int64_t)llround(v));
}

static void dyn_table(struct vo_report_ctx *ctx, const void *res)
{
    const struct vo_ch_dyn *d = res;
    char asof[16];
    printf("Динамика по месяцам: %s, %s, на конец %s\n", d->metric,
           d->channel ? d->channel : "все каналы",
           vo_date_format(ctx->q.as_of_date, asof, sizeof asof));
    static const char *const hdr[] = {"Месяц",         "Значение",     "К прошлому месяцу",
                                      "К прошлому, %", "К году назад", "К году назад, %"};
    struct vo_table t;
    vo_report_table_init(ctx, &t, 6, hdr);
    vo_table_align(&t, 0, VO_ALIGN_LEFT);
    for (size_t i = 0; i < VO_CH_DYN_MONTHS; i++) {
        const struct vo_ch_dyn_point *p = &d->pts[i];
        const char *cells[] = {vo_arena_printf(ctx->q.arena, "%04d-%02d", p->year, p->month),
                               dyn_show(ctx, d->metric, p->value),
                               dyn_show(ctx, d->metric, p->mom),
                               vo_report_pct(ctx, p->mom_pct),
                               dyn_show(ctx, d->metric, p->yoy),
                               vo_report_pct(ctx, p->yoy_pct)};
        vo_table_add(&t, cells);
    }
    vo_table_print(&t, stdout);
}

static json_t *dyn_json(const struct vo_report_query *q, const void *r)
{
    return vo_ch_dyn_to_json(q, r);
}

static const struct vo_report_out dyn_out = {dyn_json, VO_REPORT_JSON_FLAGS, dyn_csv, dyn_table};

VO_REPORT_KIND(vo_report_channel_dynamics, struct vo_ch_dyn, vo_svc_report_channel_dynamics,
               dyn_out)

/* ---- channel-plans: lead plans per channel against the leads ---- */

static void plans_csv(struct vo_report_ctx *ctx, const void *res)
{
    (void)ctx;
    const struct vo_ch_plans *p = res;
    static const char *const hdr[] = {"channel", "plan",    "leads",        "pct",
                                      "reached", "quality", "quality_plan", NULL};
    struct vo_csv_out w;
    vo_report_csv_begin(&w, hdr);
    for (size_t i = 0; i < p->n; i++) {
        const struct vo_ch_plan_row *r = &p->rows[i];
        vo_csv_text(&w, r->channel ? r->channel : "");
        r->plan == VO_NULL ? vo_csv_empty(&w) : vo_csv_int(&w, r->plan);
        vo_csv_int(&w, r->leads);
        isnan(r->pct) ? vo_csv_empty(&w) : vo_csv_real(&w, r->pct, 12);
        vo_csv_int(&w, r->reached);
        isnan(r->quality) ? vo_csv_empty(&w) : vo_csv_real(&w, r->quality, 12);
        isnan(r->quality_plan) ? vo_csv_empty(&w) : vo_csv_real(&w, r->quality_plan, 12);
        vo_csv_end_row(&w);
    }
}

static void plans_table(struct vo_report_ctx *ctx, const void *res)
{
    const struct vo_ch_plans *p = res;
    char from[16], to[16], asof[16];
    printf("Планы по лидам: %s — %s, на конец %s\n",
           vo_date_format(ctx->q.period.first, from, sizeof from),
           vo_date_format(ctx->q.period.last, to, sizeof to),
           vo_date_format(ctx->q.as_of_date, asof, sizeof asof));
    static const char *const hdr[] = {"Канал",      "План",           "Лиды",
                                      "Выполнение", "Качество лидов", "План качества"};
    struct vo_table t;
    vo_report_table_init(ctx, &t, 6, hdr);
    vo_table_align(&t, 0, VO_ALIGN_LEFT);
    for (size_t i = 0; i < p->n; i++) {
        const struct vo_ch_plan_row *r = &p->rows[i];
        const char *cells[] = {r->channel ? r->channel : "(нет)",
                               r->plan == VO_NULL ? "—" : vo_report_count(ctx, r->plan),
                               vo_report_count(ctx, r->leads),
                               vo_report_pct(ctx, r->pct),
                               vo_report_pct(ctx, r->quality),
                               vo_report_pct(ctx, r->quality_plan)};
        vo_table_add(&t, cells);
    }
    vo_table_print(&t, stdout);
}

static json_t *plans_json(const struct vo_report_query *q, const void *r)
{
    return vo_ch_plans_to_json(q, r);
}

static const struct vo_report_out plans_out = {plans_json, VO_REPORT_JSON_FLAGS, plans_csv,
                                               plans_table};

VO_REPORT_KIND(vo_report_channel_plans, struct vo_ch_plans, vo_svc_report_channel_plans, plans_out)
