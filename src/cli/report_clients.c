/*
 * report_clients.c - `voronka report abc-xyz` and `voronka report at-risk`
 * (issue 12, clients): the maths is analytics/abc.h through
 * service/client_reports.h; this file prints a table, CSV or the JSON
 * documented in docs/reports.md ("ABC / XYZ of clients", "Clients at
 * risk").
 */
#include <math.h>
#include <stdio.h>

#include "cli/report.h"
#include "render/client_reports_json.h"
#include "render/csv_out.h"
#include "render/report_json.h"
#include "render/table.h"
#include "service/client_reports.h"

static const char *cls(struct vo_report_ctx *ctx, char c)
{
    return c ? vo_arena_printf(ctx->q.arena, "%c", c) : "—";
}

static void abc_csv(struct vo_report_ctx *ctx, const void *res)
{
    const struct vo_abc *r = res;
    const struct vo_dataset *ds = ctx->q.ds;
    static const char *const hdr[] = {"client_id", "ext_id", "name", "revenue", "share",
                                      "cum_share", "abc",    "xyz",  "cv",      NULL};
    struct vo_csv_out w;
    vo_report_csv_begin(&w, hdr);
    for (size_t i = 0; i < r->n; i++) {
        const struct vo_abc_row *x = &r->rows[i];
        char a[2] = {x->abc, '\0'}, z[2] = {x->xyz, '\0'};
        vo_csv_int(&w, ds->clients.id[x->client]);
        vo_csv_text(&w, r->ext[i]);
        vo_csv_text(&w, ds->clients.name[x->client]);
        vo_csv_int(&w, x->revenue);
        if (x->abc) {
            vo_csv_real(&w, x->share, 12);
            vo_csv_real(&w, x->cum_share, 12);
        } else {
            vo_csv_empty(&w);
            vo_csv_empty(&w);
        }
        vo_csv_text(&w, a);
        vo_csv_text(&w, z);
        if (isnan(x->cv))
            vo_csv_empty(&w);
        else
            vo_csv_real(&w, x->cv, 12);
        vo_csv_end_row(&w);
    }
}

static void abc_table(struct vo_report_ctx *ctx, const void *res)
{
    const struct vo_abc *a = res;
    const struct vo_dataset *ds = ctx->q.ds;
    char from[16], to[16];
    printf("Клиенты: ABC/XYZ, %s — %s, база: %s, всего %s\n",
           vo_date_format(a->first, from, sizeof from), vo_date_format(a->last, to, sizeof to),
           a->basis == VO_ABC_REVENUE ? "выручка выигранных сделок" : "платежи",
           vo_report_money(ctx, a->total));
    static const char *const mh[] = {"Класс", "X", "Y", "Z"};
    struct vo_table m;
    vo_report_table_init(ctx, &m, 4, mh);
    static const char *const rows[] = {"A", "B", "C"};
    for (int i = 0; i < 3; i++) {
        const char *cells[4] = {rows[i]};
        for (int j = 0; j < 3; j++)
            cells[j + 1] = vo_arena_printf(ctx->q.arena, "%s / %s",
                                           vo_report_count(ctx, a->matrix[i][j].clients),
                                           vo_report_money(ctx, a->matrix[i][j].revenue));
        vo_table_add(&m, cells);
    }
    vo_table_print(&m, stdout);
    if (a->n == 0) {
        printf("%s\n", "Клиентов с платежами нет.");
        return;
    }
    static const char *const hdr[] = {"Клиент", "Выручка", "Доля", "Накопленная доля",
                                      "ABC",    "XYZ",     "cv"};
    struct vo_table t;
    vo_report_table_init(ctx, &t, 7, hdr);
    for (size_t i = 0; i < a->n; i++) {
        const struct vo_abc_row *x = &a->rows[i];
        const char *cells[] = {ds->clients.name[x->client],
                               vo_report_money(ctx, x->revenue),
                               x->abc ? vo_report_pct(ctx, x->share) : "—",
                               x->abc ? vo_report_pct(ctx, x->cum_share) : "—",
                               cls(ctx, x->abc),
                               cls(ctx, x->xyz),
                               vo_report_pct(ctx, x->cv)};
        vo_table_add(&t, cells);
    }
    vo_table_print(&t, stdout);
}

static json_t *abc_json(const struct vo_report_query *q, const void *r)
{
    return vo_abc_to_json(q, r);
}

static const struct vo_report_out abc_out = {abc_json, VO_REPORT_JSON_FLAGS, abc_csv, abc_table};

static VO_REPORT_KIND(abc_clients, struct vo_abc, vo_svc_report_abc, abc_out)

    /* --of products: the ABC of products (docs/reports.md "ABC of products") */
    static void abcp_csv(struct vo_report_ctx *ctx, const void *res)
{
    const struct vo_abcp *r = res;
    (void)ctx;
    static const char *const hdr[] = {"product_id", "ext_id",   "name",      "category",
                                      "revenue",    "share",    "cum_share", "abc",
                                      "deals_won",  "quantity", NULL};
    struct vo_csv_out w;
    vo_report_csv_begin(&w, hdr);
    for (size_t i = 0; i < r->n; i++) {
        const struct vo_abcp_row *x = &r->rows[i];
        char a[2] = {x->abc, '\0'};
        vo_csv_int(&w, x->product_id);
        vo_csv_text(&w, r->ext[i]);
        vo_csv_text(&w, r->name[i]);
        vo_csv_text(&w, r->category[i]);
        vo_csv_int(&w, x->revenue);
        vo_csv_real(&w, x->share, 12);
        vo_csv_real(&w, x->cum_share, 12);
        vo_csv_text(&w, a);
        vo_csv_int(&w, x->deals_won);
        vo_csv_int(&w, x->quantity);
        vo_csv_end_row(&w);
    }
}

static void abcp_table(struct vo_report_ctx *ctx, const void *res)
{
    const struct vo_abcp *a = res;
    char from[16], to[16];
    printf("Товары: ABC, %s — %s, база: выручка выигранных сделок, всего %s, без товара %s\n",
           vo_date_format(a->first, from, sizeof from), vo_date_format(a->last, to, sizeof to),
           vo_report_money(ctx, a->total), vo_report_money(ctx, a->unassigned));
    static const char *const ch[] = {"Класс", "Товаров", "Выручка"};
    struct vo_table m;
    vo_report_table_init(ctx, &m, 3, ch);
    static const char *const names[] = {"A", "B", "C"};
    for (int i = 0; i < 3; i++) {
        const char *cells[] = {names[i], vo_report_count(ctx, a->classes[i].products),
                               vo_report_money(ctx, a->classes[i].revenue)};
        vo_table_add(&m, cells);
    }
    vo_table_print(&m, stdout);
    if (a->n == 0) {
        printf("%s\n", "Выигранных сделок с товарами нет.");
        return;
    }
    static const char *const hdr[] = {"Товар", "Выручка", "Доля",      "Накопленная доля",
                                      "ABC",   "Сделок",  "Количество"};
    struct vo_table t;
    vo_report_table_init(ctx, &t, 7, hdr);
    for (size_t i = 0; i < a->n; i++) {
        const struct vo_abcp_row *x = &a->rows[i];
        const char *name = a->name[i]
                               ? a->name[i]
                               : vo_arena_printf(ctx->q.arena, "#%lld", (long long)x->product_id);
        const char *cells[] = {name,
                               vo_report_money(ctx, x->revenue),
                               vo_report_pct(ctx, x->share),
                               vo_report_pct(ctx, x->cum_share),
                               cls(ctx, x->abc),
                               vo_report_count(ctx, x->deals_won),
                               vo_report_count(ctx, x->quantity)};
        vo_table_add(&t, cells);
    }
    vo_table_print(&t, stdout);
}

static json_t *abcp_json(const struct vo_report_query *q, const void *r)
{
    return vo_abcp_to_json(q, r);
}

static const struct vo_report_out abcp_out = {abcp_json, VO_REPORT_JSON_FLAGS, abcp_csv,
                                              abcp_table};

static VO_REPORT_KIND(abc_products, struct vo_abcp, vo_svc_report_abc_products, abcp_out)

    int vo_report_abc_xyz(struct vo_report_ctx *ctx)
{
    return ctx->q.products ? abc_products(ctx) : abc_clients(ctx);
}

static const char *owner_email(const struct vo_dataset *ds, int32_t c)
{
    int32_t o = ds->clients.owner[c];
    return o >= 0 ? ds->users.email[o] : NULL;
}

static void risk_csv(struct vo_report_ctx *ctx, const void *res)
{
    const struct vo_risk *r = res;
    const struct vo_dataset *ds = ctx->q.ds;
    static const char *const hdr[] = {"client_id",    "ext_id",      "name", "owner_email",
                                      "last_paid_at", "revenue_12m", NULL};
    struct vo_csv_out w;
    vo_report_csv_begin(&w, hdr);
    for (size_t i = 0; i < r->n; i++) {
        const struct vo_risk_row *x = &r->rows[i];
        char paid[40];
        vo_csv_int(&w, ds->clients.id[x->client]);
        vo_csv_text(&w, r->ext[i]);
        vo_csv_text(&w, ds->clients.name[x->client]);
        vo_csv_text(&w, owner_email(ds, x->client));
        vo_csv_text(&w, vo_time_format(x->last_paid_at, ds->cal.tz, paid, sizeof paid));
        vo_csv_int(&w, x->revenue_12m);
        vo_csv_end_row(&w);
    }
}

static void risk_table(struct vo_report_ctx *ctx, const void *res)
{
    const struct vo_risk *r = res;
    const struct vo_dataset *ds = ctx->q.ds;
    char asof[16];
    printf("Под угрозой ухода на конец %s: платили за 12 месяцев, но не за последние %d дн.\n",
           vo_date_format(ctx->q.as_of_date, asof, sizeof asof), (int)r->days);
    if (r->n == 0)
        printf("%s\n", "Таких клиентов нет.");
    else {
        static const char *const hdr[] = {"Клиент", "Ответственный", "Последний платёж",
                                          "Выручка за 12 месяцев"};
        struct vo_table t;
        vo_report_table_init(ctx, &t, 4, hdr);
        vo_table_align(&t, 1, VO_ALIGN_LEFT);
        for (size_t i = 0; i < r->n; i++) {
            const struct vo_risk_row *x = &r->rows[i];
            const char *e = owner_email(ds, x->client);
            char day[16];
            const char *cells[] = {
                ds->clients.name[x->client], e ? e : "—",
                vo_arena_strdup(
                    ctx->q.arena,
                    vo_date_format(vo_cal_date_of(&ds->cal, x->last_paid_at), day, sizeof day)),
                vo_report_money(ctx, x->revenue_12m)};
            vo_table_add(&t, cells);
        }
        vo_table_print(&t, stdout);
    }
    static const char *const ch[] = {"Месяц", "База", "Ушли", "Отток"};
    struct vo_table c;
    vo_report_table_init(ctx, &c, 4, ch);
    for (int i = 0; i < 12; i++) {
        const struct vo_churn_month *m = &r->churn[i];
        char month[16];
        vo_date_format(m->month, month, sizeof month);
        month[7] = '\0';
        const char *cells[] = {vo_arena_strdup(ctx->q.arena, month), vo_report_count(ctx, m->base),
                               vo_report_count(ctx, m->churned), vo_report_pct(ctx, m->rate)};
        vo_table_add(&c, cells);
    }
    vo_table_print(&c, stdout);
}

static json_t *risk_json(const struct vo_report_query *q, const void *r)
{
    return vo_risk_to_json(q, r);
}

static const struct vo_report_out risk_out = {risk_json, VO_REPORT_JSON_FLAGS, risk_csv,
                                              risk_table};

VO_REPORT_KIND(vo_report_at_risk, struct vo_risk, vo_svc_report_at_risk, risk_out)
