/*
 * key_accounts_json.c - the key accounts' report as JSON
 * (key_accounts_json.h).
 */
#include "render/key_accounts_json.h"

#include <math.h>

#include "base/timeutil.h"

static json_t *jreal(double v)
{
    return isnan(v) ? json_null() : json_real(v);
}

static json_t *jtext(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *jmoney(int64_t v)
{
    return v == VO_NULL ? json_null() : json_integer((json_int_t)v);
}

static json_t *jmonth(struct vo_date d)
{
    char s[16];
    vo_date_format(d, s, sizeof s);
    s[7] = '\0'; /* YYYY-MM */
    return json_string(s);
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
