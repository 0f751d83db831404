/*
 * channels_json.c - the channel economics report as JSON (channels_json.h).
 */
#include "render/channels_json.h"
#include "render/report_json.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static json_t *ratio(double v)
{
    return isnan(v) ? json_null() : json_real(v);
}

static json_t *text_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

json_t *vo_ch_to_json(const struct vo_report_query *q, const struct vo_ch *c)
{
    const char *by = vo_ch_by_name(c->by);
    json_t *rows = json_array();
    for (size_t i = 0; i < c->n; i++) {
        const struct vo_ch_row *r = &c->rows[i];
        json_t *o = json_object();
        if (c->by == VO_CH_BY_CHANNEL)
            json_object_set_new(o, "channel", text_or_null(r->key));
        json_object_set_new(o, "by", json_string(by));
        json_object_set_new(o, "key", text_or_null(r->key));
        json_object_set_new(o, "total", json_boolean(r->total));
        json_object_set_new(o, "leads", json_integer(r->leads));
        json_object_set_new(o, "deals_won", json_integer(r->deals_won));
        json_object_set_new(o, "conversion", ratio(r->conversion));
        json_object_set_new(o, "revenue", json_integer(r->revenue));
        json_object_set_new(o, "spend", r->has_spend ? json_integer(r->spend) : json_null());
        json_object_set_new(o, "new_clients", json_integer(r->new_clients));
        json_object_set_new(o, "cac", r->cac == VO_NULL ? json_null() : json_integer(r->cac));
        json_object_set_new(o, "romi", ratio(r->romi));
        json_object_set_new(o, "payback_months", ratio(r->payback_months));
        json_array_append_new(rows, o);
    }
    return vo_report_head(
        q, q->period,
        json_pack("{s:s,s:f,s:o}", "by", by, "gross_margin", c->gross_margin, "rows", rows));
}

/* A figure of the dynamics: money and counts whole, ratios real. */
static json_t *figure(const char *metric, double v)
{
    if (isnan(v))
        return json_null();
    bool ratio_m = strcmp(metric, "conversion") == 0 || strcmp(metric, "romi") == 0 ||
                   strcmp(metric, "payback_months") == 0;
    return ratio_m ? json_real(v) : json_integer((json_int_t)llround(v));
}

json_t *vo_ch_dyn_to_json(const struct vo_report_query *q, const struct vo_ch_dyn *d)
{
    json_t *months = json_array();
    for (size_t i = 0; i < VO_CH_DYN_MONTHS; i++) {
        const struct vo_ch_dyn_point *p = &d->pts[i];
        char m[16];
        snprintf(m, sizeof m, "%04d-%02d", p->year, p->month);
        json_array_append_new(months, json_pack("{s:s,s:o,s:o,s:o,s:o,s:o}", "month", m, "value",
                                                figure(d->metric, p->value), "mom",
                                                figure(d->metric, p->mom), "mom_pct",
                                                ratio(p->mom_pct), "yoy", figure(d->metric, p->yoy),
                                                "yoy_pct", ratio(p->yoy_pct)));
    }
    return vo_report_as_of(q, json_pack("{s:s,s:o,s:o}", "metric", d->metric, "channel",
                                        text_or_null(d->channel), "months", months));
}

json_t *vo_ch_plans_to_json(const struct vo_report_query *q, const struct vo_ch_plans *p)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < p->n; i++) {
        const struct vo_ch_plan_row *r = &p->rows[i];
        json_array_append_new(
            rows,
            json_pack("{s:o,s:o,s:I,s:o,s:I,s:o,s:o}", "channel", text_or_null(r->channel), "plan",
                      r->plan == VO_NULL ? json_null() : json_integer(r->plan), "leads",
                      (json_int_t)r->leads, "pct", ratio(r->pct), "reached", (json_int_t)r->reached,
                      "quality", ratio(r->quality), "quality_plan", ratio(r->quality_plan)));
    }
    return vo_report_head(q, q->period, json_pack("{s:o}", "rows", rows));
}
