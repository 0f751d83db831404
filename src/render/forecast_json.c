/*
 * forecast_json.c - a forecast as JSON (forecast_json.h). Money is in
 * minor units (integers); ratios are doubles or null.
 */
#include "render/forecast_json.h"

#include <math.h>

#include "base/timeutil.h"
#include "render/report_json.h"

static json_t *ratio(double v)
{
    return isnan(v) ? json_null() : json_real(v);
}

static json_t *opt_str(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *date_json(struct vo_date d)
{
    char buf[16];
    return json_string(vo_date_format(d, buf, sizeof buf));
}

/* The figures of a scope into o. */
static void figures(json_t *o, const struct vo_fc_figures *f)
{
    json_object_set_new(o, "weighted_pipeline", json_integer(f->weighted_pipeline));
    json_object_set_new(o, "open_deals", json_integer(f->open_deals));
    json_object_set_new(o, "fact", json_integer(f->fact));
    json_object_set_new(o, "p10", json_integer(f->p10));
    json_object_set_new(o, "p50", json_integer(f->p50));
    json_object_set_new(o, "p90", json_integer(f->p90));
}

static json_t *backtest(const struct vo_fc_backtest *bt)
{
    json_t *months = json_array();
    for (int i = 0; i < VO_FC_BACKTEST; i++) {
        const struct vo_fc_month *m = &bt->months[i];
        json_array_append_new(months, json_pack("{s:o,s:I,s:I,s:o}", "as_of", date_json(m->first),
                                                "forecast", (json_int_t)m->forecast, "actual",
                                                (json_int_t)m->actual, "ape", ratio(m->ape)));
    }
    return json_pack("{s:o,s:o}", "mape", ratio(bt->mape), "months", months);
}

static json_t *user_name(const struct vo_dataset *ds, int32_t u)
{
    return u >= 0 ? json_string(ds->users.name[u]) : json_null();
}

json_t *vo_forecast_to_json(const struct vo_report_query *q, const struct vo_report_forecast *r)
{
    const struct vo_dataset *ds = q->ds;
    const struct vo_forecast *f = &r->f;
    int32_t sp = r->stage_pipeline;
    json_t *root = vo_report_as_of(
        q,
        json_pack("{s:o,s:o,s:o,s:o}", "from", date_json(q->period.first), "to",
                  date_json(q->period.last), "pipeline",
                  r->fq.pipeline != VO_FC_ANY_PIPE ? json_string(ds->pipelines.name[r->fq.pipeline])
                                                   : json_null(),
                  "stage_pipeline", sp >= 0 ? json_string(ds->pipelines.name[sp]) : json_null()));
    json_t *sprob = json_object();
    if (sp >= 0) {
        int32_t a = ds->pipelines.stage_first[sp], n = ds->pipelines.stage_count[sp];
        for (int32_t s = a; s < a + n; s++)
            json_object_set_new(sprob, ds->stages.name[s], ratio(f->p[s]));
    }
    json_object_set_new(root, "stage_probability", sprob);
    figures(root, &f->f);
    json_object_set_new(root, "runs", json_integer(r->fq.runs));
    json_object_set_new(root, "backtest", backtest(&f->bt));
    /* every stage of every pipeline (or of the one asked for) */
    json_t *stages = json_array();
    for (size_t s = 0; s < ds->stages.n; s++) {
        int32_t pl = ds->stages.pipeline[s];
        if (r->fq.pipeline != VO_FC_ANY_PIPE && pl != r->fq.pipeline)
            continue;
        int64_t med = f->delay_median[s];
        json_array_append_new(
            stages, json_pack("{s:s,s:s,s:o,s:o}", "pipeline", ds->pipelines.name[pl], "stage",
                              ds->stages.name[s], "probability", ratio(f->p[s]), "delay_days",
                              med == VO_NULL ? json_null() : json_real((double)med / 86400.0)));
    }
    json_object_set_new(root, "stages", stages);
    /* the fact so far, day by day (the web's fan chart) */
    json_t *days = json_array();
    struct vo_date day = q->period.first;
    for (size_t i = 0; i < f->nfact_days; i++, day = vo_date_add_days(day, 1))
        json_array_append_new(days, json_pack("{s:o,s:I}", "date", date_json(day), "fact",
                                              (json_int_t)f->fact_day[i]));
    json_object_set_new(root, "fact_by_day", days);
    if (r->fq.by_user) {
        json_t *rows = json_array();
        for (size_t i = 0; i < f->nrows; i++) {
            const struct vo_fc_row *w = &f->rows[i];
            json_t *o =
                json_pack("{s:I,s:s,s:o}", "user_id", (json_int_t)ds->users.id[w->user], "name",
                          ds->users.name[w->user], "email", opt_str(ds->users.email[w->user]));
            figures(o, &w->f);
            json_object_set_new(o, "backtest", backtest(&w->bt));
            json_array_append_new(rows, o);
        }
        json_object_set_new(root, "rows", rows);
    }
    if (r->fq.list) {
        json_t *deals = json_array();
        for (size_t i = 0; i < f->ndeals; i++) {
            const struct vo_fc_deal *d = &f->deals[i];
            int32_t o = ds->deals.owner[d->deal];
            int64_t amt = ds->deals.amount[d->deal];
            char close[16] = "";
            if (d->expected_close != VO_NULL)
                vo_date_format(vo_cal_date_of(&ds->cal, d->expected_close), close, sizeof close);
            json_array_append_new(
                deals,
                json_pack("{s:s,s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "id", r->di[i].id, "deal_id",
                          (json_int_t)ds->deals.id[d->deal], "title", opt_str(r->di[i].title),
                          "client", opt_str(r->di[i].client), "owner", user_name(ds, o),
                          "owner_email", o >= 0 ? opt_str(ds->users.email[o]) : json_null(),
                          "stage",
                          d->stage >= 0 ? json_string(ds->stages.name[d->stage]) : json_null(),
                          "amount", amt == VO_NULL ? json_null() : json_integer(amt), "probability",
                          json_real(d->prob), "expected_close",
                          close[0] ? json_string(close) : json_null()));
        }
        json_object_set_new(root, "deals", deals);
        json_object_set_new(root, "deals_total", json_integer((json_int_t)r->deals_total));
    }
    return root;
}
