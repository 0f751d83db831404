/*
 * report_director.c - `voronka report director --period month|week --date D
 * [--as-of D]`: the report to the director (service/director.h). The JSON
 * is render/director_json.h's (docs/reports.md, "The report to the
 * director"); the table and the CSV print its "lines", the page as rows.
 */
#include <stdio.h>

#include "cli/report.h"
#include "render/csv_out.h"
#include "render/director_json.h"
#include "render/report_json.h"
#include "render/table.h"
#include "service/director.h"

static const char *member(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static void print_csv(struct vo_report_ctx *ctx, const void *res)
{
    static const char *const hdr[] = {"section", "item", "value", "compare", NULL};
    json_t *root = vo_director_to_json(&ctx->q, res), *l;
    size_t i;
    struct vo_csv_out w;
    vo_report_csv_begin(&w, hdr);
    json_array_foreach(json_object_get(root, "lines"), i, l)
    {
        for (size_t k = 0; hdr[k]; k++)
            vo_csv_text(&w, member(l, hdr[k]));
        vo_csv_end_row(&w);
    }
    json_decref(root);
}

static void print_table(struct vo_report_ctx *ctx, const void *res)
{
    const struct vo_director *d = res;
    static const char *const hdr[] = {"Раздел", "Показатель", "Значение", "Сравнение"};
    static const char *const keys[] = {"section", "item", "value", "compare"};
    char from[16], to[16];
    printf("Отчёт директору: %s %s — %s\n", d->period_kind[0] == 'm' ? "месяц" : "неделя",
           vo_date_format(d->period.first, from, sizeof from),
           vo_date_format(d->period.last, to, sizeof to));
    json_t *root = vo_director_to_json(&ctx->q, res), *l;
    size_t i;
    struct vo_table t;
    vo_report_table_init(ctx, &t, 4, hdr);
    for (size_t c = 1; c < 4; c++)
        vo_table_align(&t, c, VO_ALIGN_LEFT);
    json_array_foreach(json_object_get(root, "lines"), i, l)
    {
        const char *cells[4];
        for (size_t k = 0; k < 4; k++)
            cells[k] = vo_arena_strdup(ctx->q.arena, member(l, keys[k]));
        vo_table_add(&t, cells);
    }
    json_decref(root);
    vo_table_print(&t, stdout);
}

static json_t *director_json(const struct vo_report_query *q, const void *r)
{
    return vo_director_to_json(q, r);
}

static const struct vo_report_out director_out = {director_json, VO_REPORT_JSON_FLAGS, print_csv,
                                                  print_table};

int vo_report_director(struct vo_report_ctx *ctx)
{
    struct vo_director r;
    const char *period = ctx->q.period_given ? ctx->q.period_kind : NULL;
    vo_err rc = vo_svc_director(ctx->svc, &ctx->q, period, &r, &ctx->err);
    return vo_report_print(ctx, rc, &director_out, &r);
}
