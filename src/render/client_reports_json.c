/*
 * client_reports_json.c - abc-xyz, at-risk and key-accounts as JSON
 * (client_reports_json.h).
 */
#include "render/client_reports_json.h"
#include "render/report_json.h"

#include <math.h>

static json_t *jreal(double v)
{
    return isnan(v) ? json_null() : json_real(v);
}

static json_t *jclass(char c)
{
    char s[2] = {c, '\0'};
    return c ? json_string(s) : json_null();
}

static json_t *jtext(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *jmonth(struct vo_date d)
{
    char s[16];
    vo_date_format(d, s, sizeof s);
    s[7] = '\0'; /* YYYY-MM */
    return json_string(s);
}

/* issue 12, item 2: "history" and "moved" (docs/reports.md). */
static void add_history(const struct vo_dataset *ds, const struct vo_abc_history *h, json_t *root)
{
    json_t *months = json_array(), *clients = json_array(), *moved = json_array();
    for (int k = 0; k < VO_ABC_HIST_MONTHS; k++)
        json_array_append_new(months, jmonth(h->months[k]));
    for (size_t i = 0; i < h->n; i++) {
        json_t *cls = json_array();
        for (int k = 0; k < VO_ABC_HIST_MONTHS; k++)
            json_array_append_new(cls, h->rows[i].cls[k][0] ? json_string(h->rows[i].cls[k])
                                                            : json_null());
        json_array_append_new(clients, json_pack("{s:I,s:o}", "client_id",
                                                 (json_int_t)ds->clients.id[h->rows[i].client],
                                                 "classes", cls));
    }
    for (size_t i = 0; i < h->n_moved; i++) {
        const struct vo_abc_move *m = &h->moved[i];
        json_array_append_new(moved, json_pack("{s:I,s:s,s:o,s:o,s:o}", "client_id",
                                               (json_int_t)ds->clients.id[m->client], "name",
                                               ds->clients.name[m->client], "from", jclass(m->from),
                                               "to", jclass(m->to), "month",
                                               jmonth(h->months[VO_ABC_HIST_MONTHS - 1])));
    }
    json_object_set_new(root, "history",
                        json_pack("{s:o,s:o}", "months", months, "clients", clients));
    json_object_set_new(root, "moved", moved);
}

json_t *vo_abc_to_json(const struct vo_report_query *q, const struct vo_abc *a)
{
    const struct vo_dataset *ds = q->ds;
    json_t *clients = json_array();
    for (size_t i = 0; i < a->n; i++) {
        const struct vo_abc_row *w = &a->rows[i];
        json_array_append_new(clients,
                              json_pack("{s:I,s:o,s:s,s:I,s:o,s:o,s:o,s:o,s:o}", "client_id",
                                        (json_int_t)ds->clients.id[w->client], "ext_id",
                                        jtext(a->ext[i]), "name", ds->clients.name[w->client],
                                        "revenue", (json_int_t)w->revenue, "share",
                                        w->abc ? jreal(w->share) : json_null(), "cum_share",
                                        w->abc ? jreal(w->cum_share) : json_null(), "abc",
                                        jclass(w->abc), "xyz", jclass(w->xyz), "cv", jreal(w->cv)));
    }
    static const char abc[] = "ABC", xyz[] = "XYZ";
    json_t *matrix = json_object();
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            char key[3] = {abc[i], xyz[j], '\0'};
            json_object_set_new(matrix, key,
                                json_pack("{s:I,s:I}", "clients",
                                          (json_int_t)a->matrix[i][j].clients, "revenue",
                                          (json_int_t)a->matrix[i][j].revenue));
        }
    json_t *root = vo_report_head(
        q, (struct vo_period){.first = a->first, .last = a->last},
        json_pack("{s:s,s:I,s:o,s:o}", "basis", a->basis == VO_ABC_REVENUE ? "revenue" : "payments",
                  "total", (json_int_t)a->total, "clients", clients, "matrix", matrix));
    if (a->history)
        add_history(ds, a->history, root);
    return root;
}

json_t *vo_abcp_to_json(const struct vo_report_query *q, const struct vo_abcp *a)
{
    const struct vo_dataset *ds = q->ds;
    char f[16], t[16], asof[40];
    vo_date_format(a->first, f, sizeof f);
    vo_date_format(a->last, t, sizeof t);
    vo_time_format(q->as_of, ds->cal.tz, asof, sizeof asof);
    json_t *products = json_array();
    for (size_t i = 0; i < a->n; i++) {
        const struct vo_abcp_row *w = &a->rows[i];
        json_array_append_new(
            products, json_pack("{s:I,s:o,s:o,s:o,s:I,s:o,s:o,s:o,s:I,s:I}", "product_id",
                                (json_int_t)w->product_id, "ext_id", jtext(a->ext[i]), "name",
                                jtext(a->name[i]), "category", jtext(a->category[i]), "revenue",
                                (json_int_t)w->revenue, "share", jreal(w->share), "cum_share",
                                jreal(w->cum_share), "abc", jclass(w->abc), "deals_won",
                                (json_int_t)w->deals_won, "quantity", (json_int_t)w->quantity));
    }
    json_t *classes = json_object();
    for (int i = 0; i < 3; i++) {
        char key[2] = {(char)('A' + i), '\0'};
        json_object_set_new(classes, key,
                            json_pack("{s:I,s:I}", "products", (json_int_t)a->classes[i].products,
                                      "revenue", (json_int_t)a->classes[i].revenue));
    }
    return json_pack("{s:s,s:s,s:s,s:s,s:s,s:I,s:I,s:o,s:o}", "of", "products", "from", f, "to", t,
                     "as_of", asof, "basis", "revenue", "total", (json_int_t)a->total, "unassigned",
                     (json_int_t)a->unassigned, "products", products, "classes", classes);
}

json_t *vo_risk_to_json(const struct vo_report_query *q, const struct vo_risk *k)
{
    const struct vo_dataset *ds = q->ds;
    char paid[40];
    json_t *clients = json_array();
    for (size_t i = 0; i < k->n; i++) {
        const struct vo_risk_row *w = &k->rows[i];
        int32_t o = ds->clients.owner[w->client];
        vo_time_format(w->last_paid_at, ds->cal.tz, paid, sizeof paid);
        json_array_append_new(
            clients, json_pack("{s:I,s:o,s:s,s:o,s:s,s:I}", "client_id",
                               (json_int_t)ds->clients.id[w->client], "ext_id", jtext(k->ext[i]),
                               "name", ds->clients.name[w->client], "owner_email",
                               jtext(o >= 0 ? ds->users.email[o] : NULL), "last_paid_at", paid,
                               "revenue_12m", (json_int_t)w->revenue_12m));
    }
    json_t *churn = json_array();
    for (int i = 0; i < 12; i++) {
        const struct vo_churn_month *m = &k->churn[i];
        char month[16];
        vo_date_format(m->month, month, sizeof month);
        month[7] = '\0'; /* YYYY-MM */
        json_array_append_new(churn, json_pack("{s:s,s:I,s:I,s:o}", "month", month, "base",
                                               (json_int_t)m->base, "churned",
                                               (json_int_t)m->churned, "rate", jreal(m->rate)));
    }
    struct vo_period p = {.first = vo_cal_date_of(&ds->cal, k->from),
                          .last = vo_cal_as_of_date(&ds->cal, k->to)};
    return vo_report_head(
        q, p, json_pack("{s:i,s:o,s:o}", "days", (int)k->days, "clients", clients, "churn", churn));
}

/* issue 12, item 1: the key accounts (docs/reports.md "Key accounts") */
static json_t *jmoney(int64_t v)
{
    return v == VO_NULL ? json_null() : json_integer((json_int_t)v);
}

json_t *vo_ka_to_json(const struct vo_report_query *q, const struct vo_ka *k)
{
    const struct vo_dataset *ds = q->ds;
    char asof[40];
    vo_time_format(q->as_of, ds->cal.tz, asof, sizeof asof);
    json_t *clients = json_array();
    for (size_t i = 0; i < k->n; i++) {
        const struct vo_ka_row *w = &k->rows[i];
        int32_t o = ds->clients.owner[w->client];
        json_t *hist = json_array();
        for (int m = 0; m < VO_KA_MONTHS; m++) {
            const struct vo_ka_month *h = &w->history[m];
            json_array_append_new(hist, json_pack("{s:o,s:I,s:I,s:I}", "month", jmonth(h->month),
                                                  "payments", (json_int_t)h->payments, "won",
                                                  (json_int_t)h->won, "won_amount",
                                                  (json_int_t)h->won_amount));
        }
        json_array_append_new(
            clients, json_pack("{s:I,s:o,s:s,s:o,s:o,s:o,s:o,s:I,s:o,s:o}", "client_id",
                               (json_int_t)w->client_id, "ext_id", jtext(k->ext[i]), "name",
                               ds->clients.name[w->client], "owner_id",
                               o >= 0 ? json_integer((json_int_t)ds->users.id[o]) : json_null(),
                               "owner", jtext(o >= 0 ? ds->users.name[o] : NULL), "owner_email",
                               jtext(o >= 0 ? ds->users.email[o] : NULL), "plan", jmoney(w->plan),
                               "fact", (json_int_t)w->fact, "pct", jreal(w->pct), "history", hist));
    }
    double pct = k->plan > 0 ? (double)k->fact / (double)k->plan : NAN;
    return json_pack("{s:o,s:s,s:I,s:I,s:o,s:o}", "month", jmonth(k->month.first), "as_of", asof,
                     "plan", (json_int_t)k->plan, "fact", (json_int_t)k->fact, "pct", jreal(pct),
                     "clients", clients);
}
