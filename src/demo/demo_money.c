/*
 * demo_money.c - money: payments after wins, NPS answers, monthly plans near
 * each manager's capacity, and marketing spend.
 */
#include "demo/demo_gen.h"

/* A key account pays for what it buys by the month (a two-year contract
 * paid in 24 equal parts; the last takes the remainder), on the first
 * working day from the same day of each month after the win. So the demo
 * has the steady payers that XYZ-analysis tells from the one-off buyers:
 * one contract is an even series (X), contracts that overlap make a
 * bumpier one (Y, Z). */
static vo_err emit_monthly(struct gen *g, struct rng *r, const struct sim *s)
{
    enum { MONTHS = 24 };
    const struct client_rec *c = &g->clients[s->client];
    int dom = (int)demo_irange(r, 5, 20);
    int d = demo_day_of(g, s->closed);
    int month = g->days[d].month;
    int64_t part = s->amount / MONTHS, paid = 0;
    vo_err rc;
    for (int k = 0; k < MONTHS && d < g->nhist; d++) {
        const struct day *day = &g->days[d];
        if (day->month == month || !day->work || day->date.d < dom)
            continue;
        month = day->month; /* this month's part: the first working day from dom */
        int64_t at = day->start + 10 * HOUR + demo_irange(r, 0, 6 * HOUR);
        if (at > g->asof)
            break;
        int64_t amount = ++k == MONTHS ? s->amount - paid : part;
        paid += amount;
        if (amount <= 0)
            continue;
        struct vo_payment p = {.org_id = g->org,
                               .amount = amount,
                               .paid_at = at,
                               .deal_id = s->id,
                               .client_id = c->id};
        TRY(vo_store_payment_upsert(g->st, &p, NULL, g->e));
        TRY(demo_tick(g));
        *demo_fact(g, s->owner, at, F_PAYMENTS) += amount;
    }
    return VO_OK;
}

vo_err demo_emit_payments(struct gen *g, struct rng *r, const struct sim *s)
{
    if (g->clients[s->client].key)
        return emit_monthly(g, r, s);
    vo_err rc;
    double share[4];
    int parts;
    int64_t first_lo, first_hi;
    if (s->ch == CH_RETAIL) {
        parts = 1, share[0] = 1.0, first_lo = 0, first_hi = 2;
    } else if (s->ch == CH_DEALER) {
        parts = 2, share[0] = share[1] = 0.5, first_lo = 1, first_hi = 5;
    } else {
        parts = demo_chance(r, 0.5) ? 3 : 4;
        share[0] = 0.3;
        for (int i = 1; i < parts; i++)
            share[i] = 0.7 / (parts - 1);
        first_lo = 2, first_hi = 7;
    }
    bool debt = parts > 1 && demo_chance(r, 0.05); /* the last part never comes */
    int64_t t = s->closed + demo_irange(r, first_lo, first_hi) * DAY;
    int64_t paid = 0;
    for (int i = 0; i < parts; i++) {
        int64_t amount =
            i == parts - 1 ? s->amount - paid : (int64_t)llround((double)s->amount * share[i]);
        paid += amount;
        int64_t at = demo_snap(g, r, t);
        if (at > g->asof || (debt && i == parts - 1))
            break;
        struct vo_payment p = {.org_id = g->org,
                               .amount = amount,
                               .paid_at = at,
                               .deal_id = s->id,
                               .client_id = s->client_id};
        TRY(vo_store_payment_upsert(g->st, &p, NULL, g->e));
        TRY(demo_tick(g));
        *demo_fact(g, s->owner, at, F_PAYMENTS) += amount;
        t = at + demo_irange(r, 25, 35) * DAY;
    }
    return VO_OK;
}

vo_err demo_emit_nps(struct gen *g, struct rng *r, const struct sim *s)
{
    if (!demo_chance(r, 0.35))
        return VO_OK;
    int64_t at = s->closed + demo_irange(r, 7 * DAY, 30 * DAY);
    if (at > g->asof)
        return VO_OK;
    /* Better managers leave happier clients. */
    int score = (int)demo_pick(r, NPS_W, 11);
    if (g->m[s->owner].skill < 0.95 && score > 6 && demo_chance(r, 0.3))
        score -= (int)demo_irange(r, 2, 4);
    const char *comment = NULL;
    if (demo_chance(r, 0.25))
        comment = score >= 9   ? NPS_GOOD[demo_irange(r, 0, 3)]
                  : score <= 6 ? NPS_BAD[demo_irange(r, 0, 3)]
                               : NULL;
    struct vo_nps n = {
        .org_id = g->org, .client_id = s->client_id, .score = score, .at = at, .comment = comment};
    vo_err rc = vo_store_nps_upsert(g->st, &n, NULL, g->e);
    return rc ? rc : demo_tick(g);
}

/* ---- plans and marketing ---- */

/* The calendar year and month (1-12) of month index mo of the history. */
static int year_of(const struct gen *g, int mo)
{
    return g->days[0].date.y + (g->days[0].date.m - 1 + mo) / 12;
}

static int month_of_year(const struct gen *g, int mo)
{
    return (g->days[0].date.m - 1 + mo) % 12 + 1;
}

static int64_t round_to(double v, int64_t step, int64_t min)
{
    int64_t x = (int64_t)llround(v / (double)step) * step;
    return x < min ? min : x;
}

/* Each manager's monthly plan: their own rate per working day over the
 * settled months (not the first two, while the pipeline fills), times the
 * month's working days and season, times the head's stretch for that
 * manager. Managers whose level trends up run ahead of such plans, the
 * others behind. The org's plan is the sum. */
vo_err demo_gen_plans(struct gen *g)
{
    vo_err rc;
    int nmo = g->nmonths;
    int64_t *wd = calloc((size_t)nmo * 2, sizeof *wd); /* full month, up to as_of */
    int64_t *org = calloc((size_t)nmo * NPLAN, sizeof *org);
    if (!wd || !org) {
        free(wd);
        free(org);
        return demo_oom(g->e);
    }
    for (int d = 0; d < g->ndays; d++) {
        int mo = g->days[d].month;
        if (mo >= nmo || !g->days[d].work)
            continue;
        wd[mo * 2]++;
        if (d < g->nhist)
            wd[mo * 2 + 1]++;
    }
    int r1 = nmo > 1 ? nmo - 1 : 1, r0 = r1 >= 4 ? 2 : 0;
    struct rng r;
    demo_rng_seed(&r, g->seed, 4);
    rc = VO_OK;
    for (int i = 0; i < g->nm && !rc; i++) {
        const struct mgr *m = &g->m[i];
        for (size_t k = 0; k < NPLAN && !rc; k++) {
            double num = 0, den = 0;
            for (int mo = r0; mo < r1; mo++) {
                double season = PLAN_METRICS[k].seasonal ? SEASON[month_of_year(g, mo) - 1] : 1.0;
                num += (double)g->fact[((size_t)i * (size_t)nmo + (size_t)mo) * NF +
                                       (size_t)PLAN_METRICS[k].fact];
                den += (double)wd[mo * 2 + 1] * season;
            }
            double rate = den > 0 ? num / den : 0;
            for (int mo = 0; mo < nmo && !rc; mo++) {
                double season = PLAN_METRICS[k].seasonal ? SEASON[month_of_year(g, mo) - 1] : 1.0;
                double v =
                    rate * (double)wd[mo * 2] * season * m->stretch * demo_uniform(&r, 0.95, 1.05);
                int64_t target;
                if (PLAN_METRICS[k].money)
                    target = round_to(v, 100000, 100000);
                else if (PLAN_METRICS[k].fact == F_CALL_SEC)
                    target = round_to(v / 60, 10, 10);
                else
                    target = round_to(v, 1, 1);
                org[(size_t)mo * NPLAN + k] += target;
                struct vo_plan p = {.org_id = g->org,
                                    .year = year_of(g, mo),
                                    .month = month_of_year(g, mo),
                                    .scope_kind = VO_SCOPE_USER,
                                    .scope_id = m->id,
                                    .metric = PLAN_METRICS[k].metric,
                                    .target = target};
                if (!(rc = vo_store_plan_upsert(g->st, &p, NULL, g->e)))
                    rc = demo_tick(g);
            }
        }
    }
    for (int mo = 0; mo < nmo && !rc; mo++)
        for (size_t k = 0; k < NPLAN && !rc; k++) {
            struct vo_plan p = {.org_id = g->org,
                                .year = year_of(g, mo),
                                .month = month_of_year(g, mo),
                                .scope_kind = VO_SCOPE_ORG,
                                .scope_id = 0,
                                .metric = PLAN_METRICS[k].metric,
                                .target = org[(size_t)mo * NPLAN + k]};
            if (!(rc = vo_store_plan_upsert(g->st, &p, NULL, g->e)))
                rc = demo_tick(g);
        }
    free(wd);
    free(org);
    return rc;
}

vo_err demo_gen_spend(struct gen *g)
{
    vo_err rc;
    struct rng r;
    demo_rng_seed(&r, g->seed, 5);
    for (int mo = 0; mo < g->nmonths; mo++)
        for (int ch = 0; ch < NCH; ch++) {
            double rub = (double)g->ch_leads[(size_t)mo * NCH + (size_t)ch] * CH_CPL[ch] *
                         demo_uniform(&r, 0.85, 1.15);
            struct vo_spend sp = {.org_id = g->org,
                                  .channel = CHANNELS[ch],
                                  .year = year_of(g, mo),
                                  .month = month_of_year(g, mo),
                                  .amount = round_to(rub * 100, 100000, 0)};
            TRY(vo_store_spend_upsert(g->st, &sp, NULL, g->e));
            TRY(demo_tick(g));
        }
    return VO_OK;
}
