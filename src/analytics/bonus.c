/*
 * bonus.c - a month's bonus per user (bonus.h; METRICS.md "People").
 *
 * The payout's parts, in this order, each a line of the breakdown:
 *   base                               the scheme's base
 *   commission = rhaz(rate x fact)     rhaz: round half away from zero
 *   multiplier = rhaz(commission x m) - commission
 *                m: the tier with the greatest from <= pct; no plan: 1.0
 *   kpi        = bonus when the KPI metric's pct >= min_pct, else 0
 * so the lines add up to payout = base + rhaz(commission x m) + KPI bonuses.
 * A pct is compared as fact x 1e6 >= plan x from_ppm in __int128, where
 * no int64 product can overflow; the money is int64, every step checked.
 */
#include "analytics/bonus.h"

#include <math.h>
#include <string.h>

#include "analytics/planfact.h"
#include "base/checked.h"

int64_t vo_bonus_scale(enum vo_metric m)
{
    return m == VO_M_CALL_MINUTES ? 60 : 1;
}

/* n / d (d > 0) rounded half away from zero: exact. */
static int64_t rhaz(int64_t n, int64_t d)
{
    int64_t q = n / d, r = n % d;
    if (r < 0 ? -r >= d - (-r) : r >= d - r)
        q += n < 0 ? -1 : 1;
    return q;
}

/* pct of f >= ppm / 1e6 (f has a plan > 0). */
static bool pct_at_least(const struct vo_bonus_figure *f, int64_t ppm)
{
    return (__int128)f->fact * VO_BONUS_PPM >= (__int128)f->plan * ppm;
}

static double pct_of(const struct vo_bonus_figure *f)
{
    return f->has_plan && f->plan != 0 ? (double)f->fact / (double)f->plan : NAN;
}

static vo_err too_big(struct vo_error *e)
{
    return vo_error_set(e, VO_EINVAL, NULL, "a bonus figure is beyond the int64 range");
}

vo_err vo_bonus_pay(const struct vo_bonus_terms *t, const struct vo_bonus_figure *fig,
                    struct vo_arena *a, struct vo_bonus_pay *out, struct vo_error *e)
{
    memset(out, 0, sizeof *out);
    out->lines = VO_ARENA_ARRAY(a, struct vo_bonus_line, 3 + t->nkpi);
    if (!out->lines)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    const struct vo_bonus_figure *f = &fig[t->metric];
    bool plan = f->has_plan && f->plan > 0;
    int64_t product, paid, delta, sum = t->base;
    out->base = t->base;
    out->pct = pct_of(f);
    out->lines[out->nlines++] = (struct vo_bonus_line){VO_BONUS_BASE, t->metric, 0, NAN, t->base};
    /* commission: fact is in minor units (a money metric, scale 1) */
    if (!vo_mul_ok(t->rate_ppm, f->fact, &product))
        return too_big(e);
    out->commission = rhaz(product, VO_BONUS_PPM);
    out->lines[out->nlines++] = (struct vo_bonus_line){VO_BONUS_COMMISSION, t->metric, t->rate_ppm,
                                                       out->pct, out->commission};
    out->multiplier_ppm = VO_BONUS_PPM;
    if (plan) {
        out->multiplier_ppm = 0; /* below the lowest tier (or no tier): nothing */
        for (size_t i = 0; i < t->ntiers; i++)
            if (pct_at_least(f, t->tiers[i].from_ppm))
                out->multiplier_ppm = t->tiers[i].mult_ppm;
    }
    if (!vo_mul_ok(out->commission, out->multiplier_ppm, &product))
        return too_big(e);
    paid = rhaz(product, VO_BONUS_PPM);
    if (!vo_sub_ok(paid, out->commission, &delta) || !vo_add_ok(&sum, paid))
        return too_big(e);
    out->lines[out->nlines++] =
        (struct vo_bonus_line){plan ? VO_BONUS_MULTIPLIER : VO_BONUS_NO_PLAN, t->metric,
                               out->multiplier_ppm, out->pct, delta};
    for (size_t i = 0; i < t->nkpi; i++) {
        const struct vo_bonus_kpi *k = &t->kpi[i];
        const struct vo_bonus_figure *kf = &fig[k->metric];
        struct vo_bonus_line *l = &out->lines[out->nlines++];
        *l = (struct vo_bonus_line){VO_BONUS_KPI_NO_PLAN, k->metric, k->min_ppm, pct_of(kf), 0};
        if (!kf->has_plan || kf->plan <= 0)
            continue;
        l->kind = pct_at_least(kf, k->min_ppm) ? VO_BONUS_KPI_MET : VO_BONUS_KPI_MISSED;
        if (l->kind == VO_BONUS_KPI_MET) {
            l->amount = k->bonus;
            if (!vo_add_ok(&out->kpi_bonus, k->bonus) || !vo_add_ok(&sum, k->bonus))
                return too_big(e);
        }
    }
    out->payout = sum;
    return VO_OK;
}

/* The exact figure of metric m from a plan-fact cell (NaN plan: none). */
static struct vo_bonus_figure figure(enum vo_metric m, const struct vo_pf_cell *c)
{
    double s = (double)vo_bonus_scale(m);
    struct vo_bonus_figure f = {0};
    f.fact = isnan(c->fact) ? 0 : llround(c->fact * s);
    f.has_plan = !isnan(c->plan) && c->plan > 0;
    f.plan = f.has_plan ? llround(c->plan * s) : 0;
    return f;
}

vo_err vo_bonus_compute(const struct vo_dataset *ds, const struct vo_period *month, int64_t as_of,
                        const struct vo_bonus_who *who, size_t n, struct vo_arena *a,
                        struct vo_bonus_result *out, struct vo_error *e)
{
    struct vo_pf_query q = {
        .period = *month, .as_of = as_of, .scope = VO_SCOPE_ORG, .by = VO_PF_BY_USER};
    struct vo_pf_result pf;
    memset(out, 0, sizeof *out);
    vo_err rc = vo_pf_compute(ds, &q, a, &pf, e);
    if (rc)
        return rc;
    out->rows = VO_ARENA_ARRAY(a, struct vo_bonus_row, n ? n : 1);
    if (!out->rows)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    int32_t *ord = VO_ARENA_ARRAY(a, int32_t, n ? n : 1);
    if (!ord)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < n; i++)
        ord[i] = who[i].user;
    vo_ds_users_sort_by_name(&ds->users, ord, n);
    for (size_t k = 0; k < n; k++) {
        size_t i = 0; /* ord[k] is a user of who (each once): found */
        while (who[i].user != ord[k])
            i++;
        struct vo_bonus_figure fig[VO_M__COUNT] = {{0}};
        for (size_t r = 1; r < pf.nrows; r++) /* row 0 is the org's */
            if (pf.rows[r].index == who[i].user)
                for (int m = 0; m < VO_M__COUNT; m++)
                    fig[m] = figure((enum vo_metric)m, &pf.rows[r].m[m]);
        struct vo_bonus_row *row = &out->rows[out->nrows++];
        row->user = who[i].user;
        row->terms = who[i].terms;
        row->fig = fig[who[i].terms->metric];
        if ((rc = vo_bonus_pay(who[i].terms, fig, a, &row->pay, e)))
            return rc;
    }
    return VO_OK;
}
