/*
 * report_key_accounts.c - `voronka report key-accounts` (issue 12, item
 * 1): the key accounts' plan-fact of a month (--period YYYY-MM, the month
 * of --as-of by default) through service/key_accounts.h, printed as a
 * table, CSV or the JSON documented in docs/reports.md ("Key accounts").
 */
#include <math.h>
#include <stdio.h>

#include "cli/report.h"
#include "render/csv_out.h"
#include "render/client_reports_json.h"
#include "render/report_json.h"
#include "render/table.h"
#include "service/key_accounts.h"

static const char *owner_name(const struct vo_dataset *ds, int32_t c)
{
    int32_t o = ds->clients.owner[c];
    return o >= 0 ? ds->users.name[o] : NULL;
}

static void ka_csv(struct vo_report_ctx *ctx, const void *res)
{
    const struct vo_ka *r = res;
    const struct vo_dataset *ds = ctx->q.ds;
    static const char *const hdr[] = {"client_id", "ext_id", "name", "owner",
                                      "plan",      "fact",   "pct",  NULL};
    struct vo_csv_out w;
    vo_report_csv_begin(&w, hdr);
    for (size_t i = 0; i < r->n; i++) {
        const struct vo_ka_row *x = &r->rows[i];
        vo_csv_int(&w, x->client_id);
        vo_csv_text(&w, r->ext[i]);
        vo_csv_text(&w, ds->clients.name[x->client]);
        vo_csv_text(&w, owner_name(ds, x->client));
        if (x->plan == VO_NULL)
            vo_csv_empty(&w);
        else
            vo_csv_int(&w, x->plan);
        vo_csv_int(&w, x->fact);
        if (isnan(x->pct))
            vo_csv_empty(&w);
        else
            vo_csv_real(&w, x->pct, 12);
        vo_csv_end_row(&w);
    }
}

static void ka_table(struct vo_report_ctx *ctx, const void *res)
{
    const struct vo_ka *r = res;
    const struct vo_dataset *ds = ctx->q.ds;
    printf("Ключевые клиенты, %04d-%02d: план %s, факт %s\n", r->month.first.y, r->month.first.m,
           vo_report_money(ctx, r->plan), vo_report_money(ctx, r->fact));
    if (r->n == 0) {
        printf("%s\n", "Ключевых клиентов нет.");
        return;
    }
    static const char *const hdr[] = {"Клиент", "Ответственный", "План", "Факт", "Выполнение"};
    struct vo_table t;
    vo_report_table_init(ctx, &t, 5, hdr);
    vo_table_align(&t, 1, VO_ALIGN_LEFT);
    for (size_t i = 0; i < r->n; i++) {
        const struct vo_ka_row *x = &r->rows[i];
        const char *o = owner_name(ds, x->client);
        const char *cells[] = {ds->clients.name[x->client], o ? o : "—",
                               x->plan == VO_NULL ? "—" : vo_report_money(ctx, x->plan),
                               vo_report_money(ctx, x->fact), vo_report_pct(ctx, x->pct)};
        vo_table_add(&t, cells);
    }
    vo_table_print(&t, stdout);
}

static json_t *ka_json(const struct vo_report_query *q, const void *r)
{
    return vo_ka_to_json(q, r);
}

static const struct vo_report_out ka_out = {ka_json, VO_REPORT_JSON_FLAGS, ka_csv, ka_table};

VO_REPORT_KIND(vo_report_key_accounts, struct vo_ka, vo_svc_report_key_accounts, ka_out)
