/*
 * report_daily.c - `voronka report daily | weekly | monthly`: the meeting
 * sheets of PRODUCT.md's management rituals. The figures come from
 * src/analytics/daily.c (plan-fact and hygiene composed); this file picks
 * the meeting day and as_of, reads the hygiene thresholds from the org's
 * settings, and renders a table (the sheet the head of sales reads at the
 * 9:00 meeting: Russian number formatting, whole currency units, pct
 * coloured by pace on a terminal), CSV (one line per row and metric) or
 * JSON. Formats: docs/reports.md, "Daily, weekly, monthly".
 */
#include <jansson.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analytics/daily.h"
#include "base/money.h"
#include "cli/report.h"
#include "render/action_summary_json.h"
#include "service/action_plans.h"
#include "render/csv_out.h"
#include "render/report_json.h"
#include "render/table.h"
#include "service/recognition.h"
#include "service/report.h"
#include "service/hygiene_settings.h"
#include "service/service.h"

static const char *const wd_short[] = {"", "пн", "вт", "ср", "чт", "пт", "сб", "вс"};
static const char *const month_name[] = {"",        "январь", "февраль", "март",   "апрель",
                                         "май",     "июнь",   "июль",    "август", "сентябрь",
                                         "октябрь", "ноябрь", "декабрь"};

/* The JSON of the two sheets, for their vo_report_out. */
static json_t *daily_json(const struct vo_report_query *q, const void *r)
{
    return vo_daily_to_json(q, r);
}

static json_t *review_json(const struct vo_report_query *q, const void *r)
{
    return vo_review_to_json(q, r);
}

static const char *dm(struct vo_report_ctx *ctx, struct vo_date d)
{
    return vo_arena_printf(ctx->q.arena, "%02d.%02d", d.d, d.m);
}

static const char *dmy(struct vo_report_ctx *ctx, struct vo_date d)
{
    return vo_arena_printf(ctx->q.arena, "%02d.%02d.%04d", d.d, d.m, d.y);
}

/* A value for the table: money in whole currency units, minutes and the
 * needed per day of counts with decimals, counts whole; "" for none. */
static const char *show(struct vo_report_ctx *ctx, size_t k, double v, bool per_day)
{
    if (isnan(v))
        return "";
    enum vo_metric m = vo_daily_metrics[k];
    if (vo_metrics[m].unit == VO_UNIT_MONEY) {
        double unit = pow(10, ctx->q.ds->currency_digits);
        return vo_report_count(ctx, (int64_t)llround(v / unit));
    }
    if (m == VO_M_CALL_MINUTES || per_day) {
        int digits = per_day ? 2 : 1;
        char buf[64];
        vo_money_format((int64_t)llround(v * (per_day ? 100 : 10)), digits, "ru", buf, sizeof buf);
        return vo_arena_strdup(ctx->q.arena, buf);
    }
    return vo_report_count(ctx, (int64_t)llround(v));
}

/* pct of fact against plan, coloured on a terminal by fact against due:
 * green at or above, yellow within 10%, red behind. */
static const char *pct_paced(struct vo_report_ctx *ctx, double fact, double plan, double due)
{
    if (isnan(plan) || plan == 0 || isnan(fact))
        return "";
    const char *s = vo_report_pct(ctx, fact / plan);
    if (!ctx->color || isnan(due))
        return s;
    const char *col = fact >= due ? "\033[32m" : fact >= due * 0.9 ? "\033[33m" : "\033[31m";
    return vo_arena_printf(ctx->q.arena, "%s%s\033[0m", col, s);
}

static const char *score_text(struct vo_report_ctx *ctx, int32_t x10)
{
    if (x10 < 0)
        return "—";
    return vo_arena_printf(ctx->q.arena, "%d,%d%%", x10 / 10, x10 % 10);
}

static void print_who(struct vo_report_ctx *ctx, const struct vo_daily_who *w)
{
    printf("\n%s", w->name);
    if (w->team)
        printf(" (%s)", w->team);
    else if (strcmp(w->scope, "team") == 0)
        printf(" (команда)");
    printf(" · просрочено задач: %lld · гигиена CRM: %s (открытых сделок %lld)\n",
           (long long)w->overdue_tasks, score_text(ctx, w->score_x10), (long long)w->open_deals);
}

/* A row with no plan and no fact anywhere (a head who does not sell)
 * prints one line instead of a table. */
static bool empty_daily(const struct vo_daily_row *row)
{
    for (size_t k = 0; k < VO_DAILY_NM; k++)
        if (!isnan(row->mtd[k].plan) || !isnan(row->review[k].plan) || !isnan(row->today_plan[k]) ||
            row->mtd[k].fact != 0 || row->review[k].fact != 0)
            return false;
    return true;
}

/* The heading of a list of those behind (n of them: "никто" when none). */
static void behind_head(const char *title, size_t n)
{
    printf("\n%s:\n", title);
    if (!n)
        printf("  никто\n");
}

static void daily_table(struct vo_report_ctx *ctx, const void *p)
{
    const struct vo_daily *r = p;
    struct vo_date yd = vo_date_add_days(r->date, -1);
    printf("Планёрка %s (%s) — итоги %s %s", dmy(ctx, r->date), wd_short[vo_date_weekday(r->date)],
           wd_short[vo_date_weekday(r->review_day)], dm(ctx, r->review_day));
    if (vo_date_cmp(r->review_day, yd) != 0)
        printf(" (последний рабочий день; с выходными по %s %s)", wd_short[vo_date_weekday(yd)],
               dm(ctx, yd));
    printf("\n");
    printf("Месяц: %s %d, рабочих дней прошло %d из %d, осталось %d; сегодня %s\n",
           month_name[r->month.first.m], r->month.first.y, r->elapsed_wd, r->total_wd,
           r->total_wd - r->elapsed_wd,
           r->today_working ? "рабочий день" : "нерабочий день (план 0)");
    const char *plan_day =
        vo_arena_printf(ctx->q.arena, "План %s", wd_short[vo_date_weekday(r->review_day)]);
    const char *fact_day =
        vo_arena_printf(ctx->q.arena, "Факт %s", wd_short[vo_date_weekday(r->review_day)]);
    const char *hdr[] = {"Показатель",  plan_day,    fact_day, "%",       "План сег.", "План мес.",
                         "План к дате", "Факт мес.", "% мес.", "Прогноз", "Нужно/день"};
    for (size_t i = 0; i < r->nrows; i++) {
        const struct vo_daily_row *row = &r->rows[i];
        print_who(ctx, &row->who);
        if (empty_daily(row)) {
            printf("нет ни плана, ни факта\n");
            continue;
        }
        struct vo_table t;
        vo_report_table_init(ctx, &t, 11, hdr);
        for (size_t k = 0; k < VO_DAILY_NM; k++) {
            const struct vo_pf_cell *rv = &row->review[k], *mt = &row->mtd[k];
            bool money = vo_metrics[vo_daily_metrics[k]].unit == VO_UNIT_MONEY;
            const char *cells[] = {vo_metrics[vo_daily_metrics[k]].title,
                                   show(ctx, k, rv->plan, false),
                                   show(ctx, k, rv->fact, false),
                                   pct_paced(ctx, rv->fact, rv->plan, rv->plan),
                                   show(ctx, k, row->today_plan[k], false),
                                   show(ctx, k, mt->plan, false),
                                   show(ctx, k, row->plan_to_date[k], false),
                                   show(ctx, k, mt->fact, false),
                                   pct_paced(ctx, mt->fact, mt->plan, row->plan_to_date[k]),
                                   show(ctx, k, mt->forecast, false),
                                   show(ctx, k, mt->per_day_needed, !money)};
            vo_table_add(&t, cells);
        }
        vo_table_print(&t, stdout);
    }
    behind_head("Отстают от темпа по выручке (факт месяца ниже плана к дате)", r->nbehind);
    for (size_t i = 0; i < r->nbehind; i++) {
        const struct vo_daily_row *row = &r->rows[r->behind[i].row];
        size_t k = VO_DAILY_REVENUE;
        printf("  %zu. %s — факт %s из %s к дате (%s), отставание %s, нужно %s в день\n", i + 1,
               row->who.name, show(ctx, k, row->mtd[k].fact, false),
               show(ctx, k, row->plan_to_date[k], false),
               vo_report_pct(
                   ctx, row->plan_to_date[k] != 0 ? row->mtd[k].fact / row->plan_to_date[k] : NAN),
               show(ctx, k, r->behind[i].shortfall, false),
               isnan(row->mtd[k].per_day_needed) ? "—"
                                                 : show(ctx, k, row->mtd[k].per_day_needed, false));
    }
    vo_report_inv_print(ctx, r->inv); /* issue 12: the investigations */
}

/* The CSV of a sheet (the daily, a review): a line per row and metric,
 * the row's who (scope, name, email, team), the metric, the nfig figures
 * figures() writes for them, then overdue tasks and the hygiene score. The
 * rows are nrows of sz bytes, each with its who at offset who_off. */
static void sheet_csv(const char *const *hdr, const void *rows, size_t nrows, size_t sz,
                      size_t who_off, size_t nfig,
                      void (*figures)(const void *row, size_t k, double *v))
{
    struct vo_csv_out w;
    vo_report_csv_begin(&w, hdr);
    double v[16]; /* the figures of a line: 11 at most */
    for (size_t i = 0; i < nrows; i++) {
        const char *row = (const char *)rows + i * sz;
        const struct vo_daily_who *who = (const void *)(row + who_off);
        for (size_t k = 0; k < VO_DAILY_NM; k++) {
            vo_csv_text(&w, who->scope);
            vo_csv_text(&w, who->name);
            vo_csv_text(&w, who->email);
            vo_csv_text(&w, who->team);
            vo_csv_text(&w, vo_metrics[vo_daily_metrics[k]].key);
            figures(row, k, v);
            for (size_t j = 0; j < nfig; j++)
                vo_csv_real(&w, v[j], 10);
            vo_csv_int(&w, who->overdue_tasks);
            vo_csv_real(&w, who->score_x10 >= 0 ? who->score_x10 / 10.0 : NAN, 10);
            vo_csv_end_row(&w);
        }
    }
}

/* The daily's figures of metric k: review day, today, month to date. */
static void daily_figures(const void *p, size_t k, double *v)
{
    const struct vo_daily_row *row = p;
    const struct vo_pf_cell *rv = &row->review[k], *mt = &row->mtd[k];
    const double f[] = {rv->plan,          rv->fact,
                        rv->pct,           row->today_plan[k],
                        mt->plan,          row->plan_to_date[k],
                        mt->fact,          mt->pct,
                        mt->forecast,      mt->gap,
                        mt->per_day_needed};
    memcpy(v, f, sizeof f);
}

static void daily_csv(struct vo_report_ctx *ctx, const void *p)
{
    (void)ctx;
    const struct vo_daily *r = p;
    static const char *const hdr[] = {
        "scope",          "name",          "email",         "team",       "metric",
        "review_plan",    "review_fact",   "review_pct",    "today_plan", "month_plan",
        "plan_to_date",   "mtd_fact",      "mtd_pct",       "forecast",   "gap",
        "per_day_needed", "overdue_tasks", "hygiene_score", NULL};
    sheet_csv(hdr, r->rows, r->nrows, sizeof *r->rows, offsetof(struct vo_daily_row, who), 11,
              daily_figures);
}

static void review_table(struct vo_report_ctx *ctx, const void *v)
{
    const struct vo_review *r = v;
    printf("Итоги %s %s — %s (рабочих дней %d) против %s — %s (%d)\n",
           r->monthly ? "месяца" : "недели", dmy(ctx, r->cur.first), dmy(ctx, r->cur.last),
           r->cur_wd, dmy(ctx, r->prev.first), dmy(ctx, r->prev.last), r->prev_wd);
    static const char *const hdr[] = {"Показатель", "План",    "Факт", "%",     "Пред. план",
                                      "Пред. факт", "Пред. %", "Изм.", "Изм. %"};
    for (size_t i = 0; i < r->nrows; i++) {
        const struct vo_review_row *row = &r->rows[i];
        print_who(ctx, &row->who);
        struct vo_table t;
        vo_report_table_init(ctx, &t, 9, hdr);
        for (size_t k = 0; k < VO_DAILY_NM; k++) {
            const struct vo_pf_cell *c = &row->cur[k], *p = &row->prev[k];
            const char *ch = show(ctx, k, row->change[k], false);
            if (row->change[k] > 0)
                ch = vo_arena_printf(ctx->q.arena, "+%s", ch);
            const char *cells[] = {vo_metrics[vo_daily_metrics[k]].title,
                                   show(ctx, k, c->plan, false),
                                   show(ctx, k, c->fact, false),
                                   pct_paced(ctx, c->fact, c->plan, c->plan),
                                   show(ctx, k, p->plan, false),
                                   show(ctx, k, p->fact, false),
                                   pct_paced(ctx, p->fact, p->plan, p->plan),
                                   ch,
                                   isnan(row->change_pct[k])
                                       ? ""
                                       : vo_arena_printf(ctx->q.arena, "%s%s",
                                                         row->change_pct[k] > 0 ? "+" : "",
                                                         vo_report_pct(ctx, row->change_pct[k]))};
            vo_table_add(&t, cells);
        }
        vo_table_print(&t, stdout);
    }
    behind_head("Не выполнили план по выручке", r->nbehind);
    for (size_t i = 0; i < r->nbehind; i++) {
        const struct vo_review_row *row = &r->rows[r->behind[i].row];
        printf("  %zu. %s — факт %s из %s (%s), не хватило %s\n", i + 1, row->who.name,
               show(ctx, VO_DAILY_REVENUE, row->cur[VO_DAILY_REVENUE].fact, false),
               show(ctx, VO_DAILY_REVENUE, row->cur[VO_DAILY_REVENUE].plan, false),
               vo_report_pct(ctx, row->cur[VO_DAILY_REVENUE].pct),
               show(ctx, VO_DAILY_REVENUE, r->behind[i].shortfall, false));
    }
    if (r->inv) /* issue 12: the monthly review's investigations */
        vo_report_inv_print(ctx, r->inv);
}

/* A review's figures of metric k: this period, the one before, the change. */
static void review_figures(const void *p, size_t k, double *v)
{
    const struct vo_review_row *row = p;
    const struct vo_pf_cell *c = &row->cur[k], *pr = &row->prev[k];
    const double f[] = {c->plan,  c->fact, c->pct,         pr->plan,
                        pr->fact, pr->pct, row->change[k], row->change_pct[k]};
    memcpy(v, f, sizeof f);
}

static void review_csv(struct vo_report_ctx *ctx, const void *p)
{
    (void)ctx;
    const struct vo_review *r = p;
    static const char *const hdr[] = {"scope",      "name",          "email",         "team",
                                      "metric",     "plan",          "fact",          "pct",
                                      "prev_plan",  "prev_fact",     "prev_pct",      "change",
                                      "change_pct", "overdue_tasks", "hygiene_score", NULL};
    sheet_csv(hdr, r->rows, r->nrows, sizeof *r->rows, offsetof(struct vo_review_row, who), 8,
              review_figures);
}

static const struct vo_report_out daily_out = {daily_json, VO_REPORT_JSON_FLAGS, daily_csv,
                                               daily_table};

VO_REPORT_KIND(vo_report_daily, struct vo_daily, vo_svc_report_daily, daily_out)

static const struct vo_report_out review_out = {review_json, VO_REPORT_JSON_FLAGS, review_csv,
                                                review_table};

/* The weekly and monthly reviews as the figures alone (vo_report_weekly
 * adds the weekly JSON's store-held blocks). */
static int review(struct vo_report_ctx *ctx, bool monthly)
{
    struct vo_review r;
    vo_err rc = vo_svc_report_review(ctx->svc, &ctx->q, monthly, &r, &ctx->err);
    return vo_report_print(ctx, rc, &review_out, &r);
}

/* The weekly report; its JSON also holds the week's recognitions (issue
 * 11, item 6) and the reviewed week's action plans (docs/action-plans.md),
 * as the API's does. */
int vo_report_weekly(struct vo_report_ctx *ctx)
{
    if (ctx->format != VO_FMT_JSON)
        return review(ctx, false);
    struct vo_review r;
    struct vo_action_summary s;
    vo_err rc = vo_svc_report_review(ctx->svc, &ctx->q, false, &r, &ctx->err);
    json_t *root = rc ? NULL : review_json(&ctx->q, &r);
    if (!rc)
        rc = vo_svc_recognitions_block(ctx->svc, r.cur.start,
                                       r.cur.end < r.as_of ? r.cur.end : r.as_of, root, &ctx->err);
    if (!rc && !(rc = vo_svc_action_plan_summary(ctx->svc, r.cur.first, &s, &ctx->err)))
        json_object_set_new(root, "action_plans", vo_action_summary_to_json(&s));
    if (rc) {
        json_decref(root);
        return vo_report_fail(&ctx->err);
    }
    return vo_report_print_json(root, VO_REPORT_JSON_FLAGS);
}

int vo_report_monthly(struct vo_report_ctx *ctx)
{
    return review(ctx, true);
}
