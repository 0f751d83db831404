/*
 * report_losses.c - `voronka report losses`: the deals lost in the period
 * (ctx->q.period, a month by default; by their closing date) by loss
 * reason, by manager and by the stage they were lost at, for every
 * pipeline or --pipeline, filtered by --user/--team/--channel/--region/
 * --source. The maths is vo_losses_compute; this file prints a table, CSV
 * or the JSON documented in docs/reports.md ("Loss reasons").
 */
#include <stdio.h>

#include "analytics/losses.h"
#include "base/plural.h"
#include "cli/report.h"
#include "render/csv_out.h"
#include "render/report_json.h"
#include "render/table.h"
#include "service/report.h"

#define NO_REASON "(не указана)"

static const char *reason_name(const struct vo_losses *l, size_t p)
{
    return l->reasons[p].name ? l->reasons[p].name : NO_REASON;
}

/* The label of a breakdown row: the user's name, or "pipeline / stage". */
static const char *row_name(struct vo_report_ctx *ctx, bool users, const struct vo_losses_row *r)
{
    const struct vo_dataset *ds = ctx->q.ds;
    if (users)
        return ds->users.name[r->key];
    if (r->key < 0)
        return "(без этапа)";
    if (ds->pipelines.n == 1)
        return ds->stages.name[r->key];
    return vo_arena_printf(ctx->q.arena, "%s / %s", ds->pipelines.name[ds->stages.pipeline[r->key]],
                           ds->stages.name[r->key]);
}

static void csv_cells(struct vo_csv_out *w, const struct vo_losses_cell *c)
{
    vo_csv_int(w, c->count);
    vo_csv_int(w, c->amount);
    vo_csv_int(w, c->with_amount);
}

/* One line per reason (section "reason", with the shares), then one per
 * (user, reason) and per (stage, reason) with a loss. */
static void print_csv(struct vo_report_ctx *ctx, const void *res)
{
    const struct vo_losses *l = res;
    static const char *const hdr[] = {"section",     "group", "reason",       "count", "amount",
                                      "with_amount", "share", "amount_share", NULL};
    struct vo_csv_out w;
    vo_report_csv_begin(&w, hdr);
    for (size_t p = 0; p < l->nreasons; p++) {
        vo_csv_text(&w, "reason");
        vo_csv_empty(&w);
        vo_csv_text(&w, l->reasons[p].name);
        csv_cells(&w, &l->reasons[p].c);
        vo_csv_real(&w, l->reasons[p].share, 12);
        vo_csv_real(&w, l->reasons[p].amount_share, 12);
        vo_csv_end_row(&w);
    }
    for (int users = 1; users >= 0; users--) {
        const struct vo_losses_row *rows = users ? l->users : l->stages;
        size_t n = users ? l->nusers : l->nstages;
        for (size_t i = 0; i < n; i++)
            for (size_t p = 0; p < l->nreasons; p++) {
                if (rows[i].by_reason[p].count == 0)
                    continue;
                vo_csv_text(&w, users ? "user" : "stage");
                vo_csv_text(&w, row_name(ctx, users, &rows[i]));
                vo_csv_text(&w, l->reasons[p].name);
                csv_cells(&w, &rows[i].by_reason[p]);
                vo_csv_empty(&w);
                vo_csv_empty(&w);
                vo_csv_end_row(&w);
            }
    }
}

static void print_rows(struct vo_report_ctx *ctx, const struct vo_losses *l, bool users)
{
    static const char *const uh[] = {"Менеджер", "Сделок", "Сумма", "Главная причина"};
    static const char *const sh[] = {"Этап", "Сделок", "Сумма", "Главная причина"};
    const struct vo_losses_row *rows = users ? l->users : l->stages;
    size_t n = users ? l->nusers : l->nstages;
    printf("\n%s\n", users ? "По менеджерам" : "По этапам, на которых проиграны");
    struct vo_table t;
    vo_report_table_init(ctx, &t, 4, users ? uh : sh);
    vo_table_align(&t, 3, VO_ALIGN_LEFT);
    for (size_t i = 0; i < n; i++) {
        const char *cells[] = {
            row_name(ctx, users, &rows[i]), vo_report_count(ctx, rows[i].c.count),
            vo_report_money(ctx, rows[i].c.amount), reason_name(l, (size_t)rows[i].top)};
        vo_table_add(&t, cells);
    }
    vo_table_print(&t, stdout);
}

static void print_table(struct vo_report_ctx *ctx, const void *res)
{
    const struct vo_losses *l = res;
    const struct vo_dataset *ds = ctx->q.ds;
    char from[16], to[16], asof[16];
    printf("Причины проигрышей: сделки, проигранные %s — %s, на конец %s (%s)\n",
           vo_date_format(ctx->q.period.first, from, sizeof from),
           vo_date_format(ctx->q.period.last, to, sizeof to),
           vo_date_format(ctx->q.as_of_date, asof, sizeof asof),
           ctx->q.pipeline ? ctx->q.pipeline : "все воронки");
    if (l->total.count == 0) {
        printf("Проигранных сделок за период нет.\n");
        return;
    }
    static const char *const hdr[] = {"Причина", "Сделок", "Доля", "Сумма", "Доля суммы"};
    struct vo_table t;
    vo_report_table_init(ctx, &t, 5, hdr);
    for (size_t p = 0; p < l->nreasons; p++) {
        const struct vo_losses_reason *r = &l->reasons[p];
        const char *cells[] = {reason_name(l, p), vo_report_count(ctx, r->c.count),
                               vo_report_pct(ctx, r->share), vo_report_money(ctx, r->c.amount),
                               vo_report_pct(ctx, r->amount_share)};
        vo_table_add(&t, cells);
    }
    vo_table_print(&t, stdout);
    int64_t n = l->total.count, k = l->total.with_amount;
    printf("Проиграно %s %s на %s %s; сумма указана у %s из них.\n", vo_report_count(ctx, n),
           vo_plural_ru_word(n, "сделка", "сделки", "сделок"),
           vo_report_money(ctx, l->total.amount), ds->currency, vo_report_count(ctx, k));
    print_rows(ctx, l, true);
    print_rows(ctx, l, false);
}

static json_t *losses_json(const struct vo_report_query *q, const void *r)
{
    return vo_losses_to_json(q, r);
}

static const struct vo_report_out losses_out = {losses_json, VO_REPORT_JSON_FLAGS, print_csv,
                                                print_table};

VO_REPORT_KIND(vo_report_losses, struct vo_losses, vo_svc_report_losses, losses_out)
