/*
 * channels.c - channel economics over the dataset (channels.h has the
 * rules). One pass over the deals created in the span, one over the
 * deals closed before E (first won deal of each client, and the won deals
 * of P), one over the payments of the 12 months before E; the spend rows
 * come in as plain rows. No SQL here.
 */
#include "analytics/channels.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analytics/plan.h"
#include "base/checked.h"

int64_t vo_ch_year_before(const struct vo_calendar *c, int64_t t)
{
    struct vo_date d = vo_cal_date_of(c, t);
    d.y -= 1;
    int last = vo_month_days(d.y, d.m);
    if (d.d > last)
        d.d = last;
    return vo_cal_day_start(c, d);
}

/* The local days of month year-month among the dates first..last. */
static int64_t days_in(int year, int month, struct vo_date first, struct vo_date last)
{
    int days = vo_month_days(year, month);
    if (days <= 0)
        return 0;
    struct vo_date m1 = {year, month, 1}, m2 = {year, month, days};
    int64_t lo = vo_date_days(m1), hi = vo_date_days(m2);
    int64_t f = vo_date_days(first), l = vo_date_days(last);
    if (f > lo)
        lo = f;
    if (l < hi)
        hi = l;
    return hi < lo ? 0 : hi - lo + 1;
}

int64_t vo_ch_spend_in(int year, int month, int64_t amount, struct vo_date first,
                       struct vo_date last)
{
    int64_t in = days_in(year, month, first, last), days = vo_month_days(year, month);
    if (in == 0 || amount <= 0)
        return 0;
    if (in == days)
        return amount;
    return vo_plan_div_round(amount * in, days); /* amount <= 10^15, in <= 31 */
}

const char *vo_ch_by_name(enum vo_ch_by by)
{
    return by == VO_CH_BY_REGION ? "region" : by == VO_CH_BY_SOURCE ? "source" : "channel";
}

/* The dictionary the rows are keyed by. */
static const struct vo_ds_dict *dict_of(const struct vo_dataset *ds, enum vo_ch_by by)
{
    return by == VO_CH_BY_REGION   ? &ds->regions
           : by == VO_CH_BY_SOURCE ? &ds->sources
                                   : &ds->channels;
}

static const int32_t *deal_key(const struct vo_dataset *ds, enum vo_ch_by by)
{
    return by == VO_CH_BY_REGION   ? ds->deals.region
           : by == VO_CH_BY_SOURCE ? ds->deals.source
                                   : ds->deals.channel;
}

static const int32_t *client_key(const struct vo_dataset *ds, enum vo_ch_by by)
{
    return by == VO_CH_BY_REGION   ? ds->clients.region
           : by == VO_CH_BY_SOURCE ? ds->clients.source
                                   : ds->clients.channel;
}

/* The working state: one accumulator row per key (0 = none, 1..nd-1 the
 * dictionary's, then the spend channels the dataset has not seen). */
struct acc {
    struct vo_ch_row *r;
    const char **text; /* the key's text */
    bool *spent;       /* a spend row overlaps P */
    size_t n, cap;
};

/* The key of spend channel s (added when new). -1 on OOM. */
static int32_t spend_key(struct acc *k, const struct vo_ds_dict *d, const char *s,
                         struct vo_arena *a)
{
    int32_t id = vo_ds_dict_find(d, s);
    if (id > 0)
        return id;
    for (size_t i = (size_t)d->n; i < k->n; i++)
        if (strcmp(k->text[i], s) == 0)
            return (int32_t)i;
    if (k->n == k->cap)
        return -1;
    k->text[k->n] = vo_arena_strdup(a, s);
    return k->text[k->n] ? (int32_t)k->n++ : -1;
}

static void ratios(struct vo_ch_row *r, double gm)
{
    r->conversion = r->leads ? (double)r->deals_won / (double)r->leads : NAN;
    r->cac = r->has_spend && r->new_clients ? vo_plan_div_round(r->spend, r->new_clients) : VO_NULL;
    r->romi = r->has_spend && r->spend ? (double)(r->revenue - r->spend) / (double)r->spend : NAN;
    double avg = r->paying_clients ? (double)r->payments_12m / (double)r->paying_clients / 12.0 : 0;
    r->payback_months = r->cac != VO_NULL && avg > 0 ? (double)r->cac / (gm * avg) : NAN;
}

static int cmp_text(const void *pa, const void *pb)
{
    const struct vo_ch_row *a = pa, *b = pb;
    return strcmp(a->key, b->key);
}

vo_err vo_ch_compute(const struct vo_dataset *ds, const struct vo_ch_query *q, struct vo_arena *a,
                     struct vo_ch *out, struct vo_error *e)
{
    *out = (struct vo_ch){.by = q->by, .gross_margin = q->gross_margin};
    const struct vo_ds_dict *d = dict_of(ds, q->by);
    const int32_t *dk = deal_key(ds, q->by), *ck = client_key(ds, q->by);
    const struct vo_ds_deals *D = &ds->deals;
    bool by_channel = q->by == VO_CH_BY_CHANNEL;
    struct acc k = {.n = (size_t)d->n, .cap = (size_t)d->n + (by_channel ? q->nspend : 0) + 1};
    k.r = vo_arena_array(a, k.cap + 1, sizeof *k.r);
    k.text = vo_arena_array(a, k.cap + 1, sizeof *k.text);
    k.spent = vo_arena_array(a, k.cap + 1, sizeof *k.spent);
    int64_t *first_won = malloc((ds->clients.n + 1) * sizeof *first_won);
    uint8_t *paid = calloc(ds->clients.n + 1, 1);
    vo_err rc = VO_OK;
    if (!k.r || !k.text || !k.spent || !first_won || !paid) {
        rc = vo_error_set(e, VO_ENOMEM, "channels", "out of memory");
        goto out;
    }
    for (size_t i = 0; i < (size_t)d->n; i++)
        k.text[i] = d->str[i];
    int64_t from = q->period.start, to = q->period.end < q->as_of ? q->period.end : q->as_of;
    bool ok = true;

    /* leads: deals created in [from, to) */
    if (from < to) {
        struct vo_ds_span sp = vo_ds_deals_created(ds, from, to);
        for (size_t i = sp.lo; i < sp.hi; i++)
            k.r[dk[i]].leads++;
    }
    /* won deals of P, and each client's first won deal before E */
    for (size_t c = 0; c < ds->clients.n; c++)
        first_won[c] = VO_NULL;
    struct vo_ds_span cl = vo_ds_deals_closed(ds, INT64_MIN, q->as_of);
    for (size_t p = cl.lo; p < cl.hi; p++) {
        int32_t i = D->by_closed[p];
        if (D->status[i] != VO_DEAL_WON)
            continue;
        int64_t t = D->closed_at[i];
        if (t >= from && t < to) {
            struct vo_ch_row *r = &k.r[dk[i]];
            r->deals_won++;
            ok = ok && vo_add_ok(&r->revenue, D->amount[i] == VO_NULL ? 0 : D->amount[i]);
        }
        int32_t c = D->client[i];
        if (c >= 0 && first_won[c] == VO_NULL)
            first_won[c] = t; /* by_closed ascends by closed_at */
    }
    for (size_t c = 0; c < ds->clients.n; c++)
        if (first_won[c] != VO_NULL && first_won[c] >= from && first_won[c] < to)
            k.r[ck[c]].new_clients++;
    /* payments of the 12 months before E, by the payment's client */
    out->year_ago = vo_ch_year_before(&ds->cal, q->as_of);
    struct vo_ds_span ps = vo_ds_pays_in(ds, out->year_ago, q->as_of);
    for (size_t i = ps.lo; i < ps.hi; i++) {
        int32_t c = ds->pays.client[i];
        if (c < 0)
            continue; /* no client: left out of client figures */
        struct vo_ch_row *r = &k.r[ck[c]];
        ok = ok && vo_add_ok(&r->payments_12m, ds->pays.amount[i]);
        if (!paid[c]) {
            paid[c] = 1;
            r->paying_clients++;
        }
    }
    /* spend, per channel only */
    int64_t spend_all = 0;
    for (size_t i = 0; i < q->nspend; i++) {
        const struct vo_spend *s = &q->spend[i];
        int64_t part =
            vo_ch_spend_in(s->year, s->month, s->amount, q->period.first, q->period.last);
        if (days_in(s->year, s->month, q->period.first, q->period.last) == 0)
            continue; /* the month is outside P */
        ok = ok && vo_add_ok(&spend_all, part);
        if (!by_channel)
            continue;
        int32_t id = spend_key(&k, d, s->channel, a);
        if (id < 0) {
            rc = vo_error_set(e, VO_ENOMEM, "channels", "out of memory");
            goto out;
        }
        k.spent[id] = true;
        ok = ok && vo_add_ok(&k.r[id].spend, part);
    }
    /* (a sum beyond int64 so far, ok false, is refused after the total) */
    /* the rows: named keys by text, then none, then the total */
    out->rows = vo_arena_array(a, k.n + 2, sizeof *out->rows);
    if (!out->rows) {
        rc = vo_error_set(e, VO_ENOMEM, "channels", "out of memory");
        goto out;
    }
    struct vo_ch_row tot = {.total = true, .has_spend = true, .spend = spend_all};
    size_t n = 0;
    for (size_t i = 0; i < k.n; i++) {
        size_t id = (i + 1) % k.n; /* the none key (0) last */
        struct vo_ch_row *r = &k.r[id];
        ok = ok && vo_add_ok(&tot.leads, r->leads) && vo_add_ok(&tot.deals_won, r->deals_won) &&
             vo_add_ok(&tot.revenue, r->revenue) && vo_add_ok(&tot.new_clients, r->new_clients) &&
             vo_add_ok(&tot.paying_clients, r->paying_clients) &&
             vo_add_ok(&tot.payments_12m, r->payments_12m);
        if (!r->leads && !r->deals_won && !r->new_clients && !k.spent[id])
            continue;
        r->key = id ? k.text[id] : NULL;
        r->has_spend = by_channel;
        ratios(r, q->gross_margin);
        out->rows[n++] = *r;
    }
    if (!ok) {
        rc = vo_error_set(
            e, VO_EINVAL, "channels",
            "a sum of the report is beyond the range of the reports (about 9.2e18): the "
            "data holds amounts or durations over their documented maximum");
        goto out;
    }
    /* named rows by text; the none row, when there, stays after them */
    size_t named = n && out->rows[n - 1].key == NULL ? n - 1 : n;
    qsort(out->rows, named, sizeof *out->rows, cmp_text);
    ratios(&tot, q->gross_margin);
    out->rows[n++] = tot;
    out->n = n;
out:
    free(first_won);
    free(paid);
    return rc;
}

static const char *const dyn_metrics[] = {"leads",          "deals_won",   "conversion", "revenue",
                                          "spend",          "new_clients", "cac",        "romi",
                                          "payback_months", NULL};

bool vo_ch_dyn_metric_ok(const char *name)
{
    for (size_t i = 0; name && dyn_metrics[i]; i++)
        if (strcmp(dyn_metrics[i], name) == 0)
            return true;
    return false;
}

/* The metric's value of row r (NULL: the key has no row that month). */
static double metric_of(const struct vo_ch_row *r, const char *m)
{
    if (strcmp(m, "conversion") == 0)
        return r ? r->conversion : NAN;
    if (strcmp(m, "romi") == 0)
        return r ? r->romi : NAN;
    if (strcmp(m, "payback_months") == 0)
        return r ? r->payback_months : NAN;
    if (strcmp(m, "cac") == 0)
        return r && r->cac != VO_NULL ? (double)r->cac : NAN;
    if (!r)
        return 0;
    if (strcmp(m, "leads") == 0)
        return (double)r->leads;
    if (strcmp(m, "deals_won") == 0)
        return (double)r->deals_won;
    if (strcmp(m, "revenue") == 0)
        return (double)r->revenue;
    if (strcmp(m, "spend") == 0)
        return (double)r->spend;
    return (double)r->new_clients;
}

static void change(double v, double base, double *abs_, double *rel)
{
    *abs_ = isnan(v) || isnan(base) ? NAN : v - base;
    *rel = isnan(*abs_) || base == 0 ? NAN : *abs_ / base;
}

vo_err vo_ch_dynamics(const struct vo_dataset *ds, const struct vo_ch_query *q, const char *metric,
                      const char *channel, struct vo_arena *a, struct vo_ch_dyn *out,
                      struct vo_error *e)
{
    if (!vo_ch_dyn_metric_ok(metric))
        return vo_error_set(e, VO_EINVAL, "metric",
                            "metric is one of: leads, deals_won, conversion, revenue, spend, "
                            "new_clients, cac, romi, payback_months");
    *out = (struct vo_ch_dyn){.metric = metric, .channel = channel};
    /* 24 months: the 12 shown and the 12 before them (their yoy bases) */
    enum { N = 2 * VO_CH_DYN_MONTHS };
    double v[N];
    struct vo_date d = vo_cal_as_of_date(&ds->cal, q->as_of);
    int first = d.y * 12 + (d.m - 1) - N; /* months since year 0, 0-based */
    for (int i = 0; i < N; i++) {
        int y = (first + i) / 12, m = (first + i) % 12 + 1;
        struct vo_ch_query mq = *q;
        mq.by = VO_CH_BY_CHANNEL;
        mq.period = vo_cal_month(&ds->cal, (struct vo_date){y, m, 1});
        struct vo_ch c;
        vo_err rc = vo_ch_compute(ds, &mq, a, &c, e);
        if (rc)
            return rc;
        const struct vo_ch_row *row = NULL;
        for (size_t k = 0; k < c.n; k++)
            if (channel ? !c.rows[k].total && c.rows[k].key && strcmp(c.rows[k].key, channel) == 0
                        : c.rows[k].total)
                row = &c.rows[k];
        v[i] = metric_of(row, metric);
        if (i >= VO_CH_DYN_MONTHS) {
            struct vo_ch_dyn_point *p = &out->pts[i - VO_CH_DYN_MONTHS];
            p->year = y;
            p->month = m;
            p->value = v[i];
            change(v[i], v[i - 1], &p->mom, &p->mom_pct);
            change(v[i], v[i - VO_CH_DYN_MONTHS], &p->yoy, &p->yoy_pct);
        }
    }
    return VO_OK;
}

/* Whether deal i reached its pipeline's second stage before as_of. */
static bool reached_second(const struct vo_dataset *ds, size_t i, int64_t as_of)
{
    const struct vo_ds_deals *D = &ds->deals;
    int32_t pl = D->pipeline[i];
    if (pl < 0 || ds->pipelines.stage_count[pl] < 2)
        return D->status[i] == VO_DEAL_WON && D->closed_at[i] != VO_NULL && D->closed_at[i] < as_of;
    for (int32_t k = D->sc_first[i]; k < D->sc_first[i + 1]; k++)
        if (ds->sc.at[k] < as_of && ds->stages.pos[ds->sc.stage[k]] >= 1)
            return true;
    return false;
}

static int cmp_plan_row(const void *pa, const void *pb)
{
    const struct vo_ch_plan_row *a = pa, *b = pb;
    if (!a->channel || !b->channel)
        return (a->channel == NULL) - (b->channel == NULL);
    return strcmp(a->channel, b->channel);
}

vo_err vo_ch_lead_plans(const struct vo_dataset *ds, const struct vo_period *p, int64_t as_of,
                        const struct vo_ch_lead_plan *plans, size_t nplans, struct vo_arena *a,
                        struct vo_ch_plans *out, struct vo_error *e)
{
    *out = (struct vo_ch_plans){0};
    const struct vo_ds_dict *d = &ds->channels;
    struct acc k = {.n = (size_t)d->n, .cap = (size_t)d->n + nplans + 1};
    k.r = vo_arena_array(a, k.cap + 1, sizeof *k.r);
    k.text = vo_arena_array(a, k.cap + 1, sizeof *k.text);
    k.spent = vo_arena_array(a, k.cap + 1, sizeof *k.spent); /* here: has a plan */
    double *qsum = vo_arena_array(a, k.cap + 1, sizeof *qsum);
    int64_t *qw = vo_arena_array(a, k.cap + 1, sizeof *qw),
            *reached = vo_arena_array(a, k.cap + 1, sizeof *reached);
    if (!k.r || !k.text || !k.spent || !qsum || !qw || !reached)
        return vo_error_set(e, VO_ENOMEM, "channels", "out of memory");
    for (size_t i = 0; i < (size_t)d->n; i++)
        k.text[i] = d->str[i];
    int64_t to = p->end < as_of ? p->end : as_of;
    if (p->start < to) {
        struct vo_ds_span sp = vo_ds_deals_created(ds, p->start, to);
        for (size_t i = sp.lo; i < sp.hi; i++) {
            int32_t c = ds->deals.channel[i];
            k.r[c].leads++;
            if (reached_second(ds, i, as_of))
                reached[c]++;
        }
    }
    for (size_t i = 0; i < nplans; i++) {
        const struct vo_ch_lead_plan *pl = &plans[i];
        if (days_in(pl->year, pl->month, p->first, p->last) == 0)
            continue;
        int32_t id = spend_key(&k, d, pl->channel, a);
        if (id < 0)
            return vo_error_set(e, VO_ENOMEM, "channels", "out of memory");
        if (!k.spent[id])
            k.r[id].spend = 0; /* the plan's sum, kept in the spend slot */
        k.spent[id] = true;
        k.r[id].spend += pl->leads; /* <= 10^9 a month */
        if (pl->quality_permille >= 0) {
            qsum[id] += (double)pl->quality_permille / 1000.0 * (double)pl->leads;
            qw[id] += pl->leads;
        }
    }
    out->rows = vo_arena_array(a, k.n + 1, sizeof *out->rows);
    if (!out->rows)
        return vo_error_set(e, VO_ENOMEM, "channels", "out of memory");
    size_t n = 0;
    for (size_t id = 0; id < k.n; id++) {
        const struct vo_ch_row *r = &k.r[id];
        if (!r->leads && !k.spent[id])
            continue;
        struct vo_ch_plan_row *o = &out->rows[n++];
        *o = (struct vo_ch_plan_row){.channel = id ? k.text[id] : NULL,
                                     .plan = k.spent[id] ? r->spend : VO_NULL,
                                     .leads = r->leads,
                                     .reached = reached[id]};
        o->pct = o->plan != VO_NULL && o->plan > 0 ? (double)o->leads / (double)o->plan : NAN;
        o->quality = o->leads ? (double)o->reached / (double)o->leads : NAN;
        o->quality_plan = qw[id] > 0 ? qsum[id] / (double)qw[id] : NAN;
    }
    qsort(out->rows, n, sizeof *out->rows, cmp_plan_row);
    out->n = n;
    return VO_OK;
}
