/*
 * report_investigations.c - `voronka report investigations [--period P]
 * [--as-of D] [--user X]` (issue 12, item 6): the metrics and funnel
 * steps of the department and each manager that moved most against their
 * own 3-month baseline and against the team, with the money they bring to
 * or cost the plan (docs/reports.md, "Разборы"). The maths is
 * vo_inv_compute; this file prints the sentences (a table, as the daily
 * report and the monthly review print their "Разборы" block), CSV or the
 * JSON.
 */
#include <stdio.h>

#include "cli/report.h"
#include "render/csv_out.h"
#include "render/investigate_json.h"
#include "render/report_json.h"
#include "service/investigate.h"

void vo_report_inv_print(struct vo_report_ctx *ctx, const struct vo_inv *v)
{
    printf("\nРазборы (%zu):\n", v ? v->n : 0);
    if (!v || v->n == 0) {
        printf("  заметных изменений нет\n");
        return;
    }
    for (size_t i = 0; i < v->n; i++)
        printf("  %zu. %s\n", i + 1, vo_inv_sentence(ctx->q.ds, &v->f[i], true, ctx->q.arena));
}

static void inv_table(struct vo_report_ctx *ctx, const void *p)
{
    const struct vo_inv *v = p;
    char a[16], b[16], c[16], d[16];
    printf("Разборы: %s — %s (рабочих дней прошло: %d), база %s — %s (%d)\n",
           vo_date_format(v->period.first, a, sizeof a),
           vo_date_format(v->period.last, b, sizeof b), v->elapsed_wd,
           vo_date_format(v->baseline.first, c, sizeof c),
           vo_date_format(v->baseline.last, d, sizeof d), v->baseline_wd);
    vo_report_inv_print(ctx, v);
}

static void inv_csv(struct vo_report_ctx *ctx, const void *p)
{
    const struct vo_inv *v = p;
    const struct vo_dataset *ds = ctx->q.ds;
    static const char *const hdr[] = {"subject", "user_id", "name",  "kind",     "what",
                                      "step",    "against", "value", "baseline", "delta",
                                      "change",  "sample",  "money", "sentence", NULL};
    struct vo_csv_out w;
    vo_report_csv_begin(&w, hdr);
    for (size_t i = 0; i < v->n; i++) {
        const struct vo_inv_finding *f = &v->f[i];
        bool user = f->user >= 0;
        vo_csv_text(&w, user ? "user" : "department");
        if (user)
            vo_csv_int(&w, ds->users.id[f->user]);
        else
            vo_csv_text(&w, "");
        vo_csv_text(&w, user ? ds->users.name[f->user] : "Отдел продаж");
        vo_csv_text(&w, f->what == VO_INV_STEP ? "step" : "metric");
        const char *step = vo_inv_step_label(ds, f, ctx->q.arena);
        vo_csv_text(&w, step ? step : vo_inv_what_key(f->what));
        vo_csv_text(&w, step ? step : "");
        vo_csv_text(&w, f->against == VO_INV_TEAM ? "team" : "baseline");
        vo_csv_real(&w, f->value, 12);
        vo_csv_real(&w, f->reference, 12);
        vo_csv_real(&w, f->delta, 12);
        vo_csv_real(&w, f->change, 12);
        vo_csv_int(&w, f->sample);
        vo_csv_int(&w, f->money);
        vo_csv_text(&w, vo_inv_sentence(ds, f, true, ctx->q.arena));
        vo_csv_end_row(&w);
    }
}

static json_t *inv_json(const struct vo_report_query *q, const void *r)
{
    return vo_inv_to_json(q, r);
}

static const struct vo_report_out inv_out = {inv_json, VO_REPORT_JSON_FLAGS, inv_csv, inv_table};

int vo_report_investigations(struct vo_report_ctx *ctx)
{
    struct vo_inv *v = NULL;
    vo_err rc = vo_svc_report_investigations(ctx->svc, &ctx->q, &v, &ctx->err);
    return vo_report_print(ctx, rc, &inv_out, v);
}
