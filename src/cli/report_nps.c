/*
 * report_nps.c - `voronka report nps --from D --to D [--as-of D]
 * [--by channel|user|segment|month]`: NPS over the period's answers
 * (METRICS.md "Clients"), grouped, with the detractors and their
 * comments. The maths is vo_nps_compute; this file prints a table, CSV or
 * the JSON documented in docs/reports.md ("NPS").
 */
#include <math.h>
#include <stdio.h>

#include "analytics/nps.h"
#include "cli/report.h"
#include "render/csv_out.h"
#include "render/nps_json.h"
#include "render/report_json.h"
#include "render/table.h"
#include "service/nps.h"

/* NPS with one decimal and a comma ("-12,5"); "—" without responses. */
static const char *show_nps(struct vo_report_ctx *ctx, double v)
{
    if (isnan(v))
        return "—";
    char *s = vo_arena_printf(ctx->q.arena, "%.1f", v);
    for (char *p = s; p && *p; p++)
        if (*p == '.')
            *p = ',';
    return s;
}

static void print_csv(struct vo_report_ctx *ctx, const void *res)
{
    (void)ctx;
    const struct vo_nps_result *r = res;
    static const char *const hdr[] = {"by",       "key",        "responses", "promoters",
                                      "passives", "detractors", "nps",       NULL};
    struct vo_csv_out w;
    vo_report_csv_begin(&w, hdr);
    const char *by = vo_nps_by_name(r->by);
    for (size_t i = 0; i < r->ngroups; i++) {
        const struct vo_nps_group *g = &r->groups[i];
        vo_csv_text(&w, by ? by : "");
        vo_csv_text(&w, g->key ? g->key : "");
        vo_csv_int(&w, g->responses);
        vo_csv_int(&w, g->promoters);
        vo_csv_int(&w, g->passives);
        vo_csv_int(&w, g->detractors);
        if (isnan(g->nps))
            vo_csv_text(&w, "");
        else
            vo_csv_real(&w, g->nps, 12);
        vo_csv_end_row(&w);
    }
}

static void print_table(struct vo_report_ctx *ctx, const void *res)
{
    const struct vo_nps_result *r = res;
    const struct vo_dataset *ds = ctx->q.ds;
    char from[16], to[16], asof[16];
    printf("NPS (индекс лояльности), %s — %s, на конец %s\n",
           vo_date_format(ctx->q.period.first, from, sizeof from),
           vo_date_format(ctx->q.period.last, to, sizeof to),
           vo_date_format(ctx->q.as_of_date, asof, sizeof asof));
    static const char *const hdr[] = {"Группа",   "Ответов", "Сторонники",
                                      "Нейтралы", "Критики", "NPS"};
    struct vo_table t;
    vo_report_table_init(ctx, &t, 6, hdr);
    for (size_t i = 0; i < r->ngroups; i++) {
        const struct vo_nps_group *g = &r->groups[i];
        const char *key = g->key ? g->key : (r->by == VO_NPS_BY_NONE ? "Все" : "не указано");
        if (g->user >= 0)
            key = ds->users.name[g->user];
        const char *cells[] = {key,
                               vo_report_count(ctx, g->responses),
                               vo_report_count(ctx, g->promoters),
                               vo_report_count(ctx, g->passives),
                               vo_report_count(ctx, g->detractors),
                               show_nps(ctx, g->nps)};
        vo_table_add(&t, cells);
    }
    vo_table_print(&t, stdout);
    if (r->ndetractors == 0)
        return;
    printf("\nКритики:\n");
    static const char *const dh[] = {"Клиент", "Оценка", "Дата", "Ответственный", "Комментарий"};
    struct vo_table d;
    vo_report_table_init(ctx, &d, 5, dh);
    vo_table_align(&d, 2, VO_ALIGN_LEFT);
    vo_table_align(&d, 3, VO_ALIGN_LEFT);
    vo_table_align(&d, 4, VO_ALIGN_LEFT);
    for (size_t i = 0; i < r->ndetractors; i++) {
        const struct vo_nps_answer *v = &r->answers[r->detractors[i]];
        int32_t u = v->client >= 0 ? ds->clients.owner[v->client] : -1;
        char day[16];
        vo_date_format(vo_cal_date_of(&ds->cal, v->at), day, sizeof day);
        const char *cells[] = {v->client >= 0 ? ds->clients.name[v->client] : "?",
                               vo_report_count(ctx, v->score), vo_arena_strdup(ctx->q.arena, day),
                               u >= 0 ? ds->users.name[u] : "", v->comment ? v->comment : ""};
        vo_table_add(&d, cells);
    }
    vo_table_print(&d, stdout);
}

static json_t *nps_json(const struct vo_report_query *q, const void *r)
{
    return vo_nps_to_json(q, r);
}

static const struct vo_report_out nps_out = {nps_json, VO_REPORT_JSON_FLAGS, print_csv,
                                             print_table};

VO_REPORT_KIND(vo_report_nps, struct vo_nps_result, vo_svc_report_nps, nps_out)
