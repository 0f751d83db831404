/*
 * report_bonus.c - `voronka report bonus --period YYYY-MM`: each paid
 * user's payout of the month with its breakdown line by line
 * (docs/bonuses.md). The maths is vo_bonus_compute through
 * vo_svc_report_bonus; this file prints a table, CSV (one row per user,
 * for payroll) or the JSON of render/bonus_json.h, the API's.
 */
#include <stdio.h>

#include "analytics/bonus.h"
#include "cli/report.h"
#include "render/bonus_json.h"
#include "render/csv_out.h"
#include "render/report_json.h"
#include "render/table.h"
#include "service/bonus.h"

static void print_csv(struct vo_report_ctx *ctx, const void *res)
{
    const struct vo_bonus_result *r = res;
    const struct vo_dataset *ds = ctx->q.ds;
    static const char *const hdr[] = {"user_id",     "name",      "email",  "scheme", "base",
                                      "base_metric", "fact",      "plan",   "pct",    "multiplier",
                                      "commission",  "kpi_bonus", "payout", NULL};
    struct vo_csv_out w;
    vo_report_csv_begin(&w, hdr);
    for (size_t i = 0; i < r->nrows; i++) {
        const struct vo_bonus_row *row = &r->rows[i];
        vo_csv_int(&w, ds->users.id[row->user]);
        vo_csv_text(&w, ds->users.name[row->user]);
        vo_csv_text(&w, ds->users.email[row->user]);
        vo_csv_text(&w, row->terms->scheme);
        vo_csv_int(&w, row->pay.base);
        vo_csv_text(&w, vo_metrics[row->terms->metric].key);
        vo_csv_int(&w, row->fig.fact);
        if (row->fig.has_plan)
            vo_csv_int(&w, row->fig.plan);
        else
            vo_csv_empty(&w);
        vo_csv_real(&w, row->pay.pct, 12);
        vo_csv_real(&w, (double)row->pay.multiplier_ppm / (double)VO_BONUS_PPM, 6);
        vo_csv_int(&w, row->pay.commission);
        vo_csv_int(&w, row->pay.kpi_bonus);
        vo_csv_int(&w, row->pay.payout);
        vo_csv_end_row(&w);
    }
}

static void print_table(struct vo_report_ctx *ctx, const void *res)
{
    const struct vo_bonus_result *r = res;
    const struct vo_dataset *ds = ctx->q.ds;
    bool ru = vo_cli_russian();
    printf(vo_cli_tr("Bonuses of %04d-%02d\n"), ctx->q.period.first.y, ctx->q.period.first.m);
    if (!r->nrows) {
        printf("%s\n", vo_cli_tr("Nobody is paid by a bonus scheme this month."));
        return;
    }
    const char *hdr[] = {vo_cli_tr("Manager / line"), vo_cli_tr("Amount")};
    struct vo_table t;
    vo_report_table_init(ctx, &t, 2, hdr);
    int64_t total = 0;
    for (size_t i = 0; i < r->nrows; i++) {
        const struct vo_bonus_row *row = &r->rows[i];
        const char *head[] = {
            vo_arena_printf(ctx->q.arena, "%s (%s)", ds->users.name[row->user], row->terms->scheme),
            vo_report_money(ctx, row->pay.payout)};
        vo_table_add(&t, head);
        for (size_t k = 0; k < row->pay.nlines; k++) {
            const char *cells[] = {
                vo_arena_printf(ctx->q.arena, "  %s",
                                vo_bonus_line_label(&row->pay.lines[k], ru, ctx->q.arena)),
                vo_report_money(ctx, row->pay.lines[k].amount)};
            vo_table_add(&t, cells);
        }
        total += row->pay.payout;
    }
    const char *sum[] = {vo_cli_tr("Total"), vo_report_money(ctx, total)};
    vo_table_add(&t, sum);
    vo_table_print(&t, stdout);
}

static json_t *bonus_json(const struct vo_report_query *q, const void *r)
{
    return vo_bonus_to_json(q, r, vo_cli_russian());
}

static const struct vo_report_out bonus_out = {bonus_json, VO_REPORT_JSON_FLAGS, print_csv,
                                               print_table};

VO_REPORT_KIND(vo_report_bonus, struct vo_bonus_result, vo_svc_report_bonus, bonus_out)
