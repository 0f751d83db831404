/*
 * investigate.c - automatic investigations (investigate.h has the rules).
 * The figures come from the engines: two plan-fact computations by user
 * (P and its baseline B, each one count of the users' parts) and two
 * cohort funnels by user (P's and B's cohorts); this file only compares,
 * prices, filters and ranks.
 */
#include "analytics/investigate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analytics/funnel.h"
#include "analytics/planfact.h"
#include "base/money.h"

static const char *const what_key[VO_INV__COUNT] = {
    "leads", "calls", "meetings", "deals_won", "revenue", "conversion", "avg_check", "step"};

/* The plan-fact metric of each per-day what. */
static const enum vo_metric what_metric[VO_INV_CONVERSION] = {VO_M_LEADS, VO_M_CALLS, VO_M_MEETINGS,
                                                              VO_M_DEALS_WON, VO_M_REVENUE};

const char *vo_inv_what_key(enum vo_inv_what w)
{
    return (unsigned)w < VO_INV__COUNT ? what_key[w] : "?";
}

struct vo_period vo_inv_baseline(const struct vo_calendar *cal, const struct vo_period *p)
{
    struct vo_period m = vo_cal_month(cal, p->first);
    struct vo_period b1 = vo_cal_month(cal, vo_date_add_days(m.first, -1));
    struct vo_period b2 = vo_cal_month(cal, vo_date_add_days(b1.first, -1));
    struct vo_period b3 = vo_cal_month(cal, vo_date_add_days(b2.first, -1));
    return (struct vo_period){b3.first, b1.last, b3.start, b1.end};
}

/* The additive facts of a subject (or of the team) in one period. */
struct facts {
    double n[VO_INV_CONVERSION]; /* leads, calls, meetings, deals_won, revenue */
};

static struct facts facts_of(const struct vo_pf_row *r)
{
    struct facts f;
    for (size_t k = 0; k < VO_INV_CONVERSION; k++) {
        double v = r->m[what_metric[k]].fact;
        f.n[k] = isnan(v) ? 0 : v;
    }
    return f;
}

/* A step's counts of one group: the deals decided at si (reached it and
 * no longer open in it at as_of: a young cohort's deals still sitting at
 * si are neither a success nor a failure yet), those of them that reached
 * si+1 (won for the last step), and the parts of won_from(si+1) and the
 * group's avg_deal_size (VO_NULL = none). */
struct step {
    int64_t at, next, won_from_next_num, won_from_next_den;
    int64_t avg; /* VO_NULL = none */
};

static struct step step_of(const struct vo_funnel_group *g, size_t p, size_t nst)
{
    struct step s;
    s.at = g->stages[p].reached - g->stages[p].open_at;
    s.next = p + 1 < nst ? g->stages[p + 1].reached : g->won;
    s.won_from_next_num = p + 1 < nst ? g->won : 1;
    s.won_from_next_den = p + 1 < nst ? g->stages[p + 1].reached : 1;
    s.avg = g->avg_deal_size;
    return s;
}

/* The findings being gathered for one subject. */
struct acc {
    struct vo_inv_finding *f;
    size_t n, cap;
};

static void add(struct acc *c, const struct vo_inv_finding *x)
{
    if (x->money == 0 || c->n >= c->cap)
        return;
    c->f[c->n++] = *x;
}

/* Whether value against reference is a significant change. */
static bool moved(double value, double reference)
{
    if (!(reference > 0) || isnan(value))
        return false;
    return fabs(value - reference) / reference >= VO_INV_MIN_CHANGE - 1e-12;
}

/* Adds x as finding `what` of value v against reference r over sample n,
 * priced money, when the change is significant (moved). */
static void put(struct acc *c, struct vo_inv_finding *x, enum vo_inv_what what, double v, double r,
                int64_t n, double money)
{
    if (!moved(v, r))
        return;
    x->what = what;
    x->value = v;
    x->reference = r;
    x->delta = v - r;
    x->change = (v - r) / r;
    x->sample = n;
    x->money = vo_money_round(money);
    add(c, x);
}

/* The metric findings of a subject with facts cur (P) against ref: per
 * working day counts over wd_cur (P's elapsed) and wd_ref (B's days; for
 * the team the same as P's and ref already per manager), rates from the
 * summed parts. ref_total_counts: the reference's counts before dividing
 * by managers (for the sample rule). */
static void metric_findings(const struct facts *cur, const struct facts *ref,
                            const struct facts *ref_total, int wd_cur, int wd_ref, int32_t user,
                            enum vo_inv_against against, struct acc *c)
{
    struct vo_inv_finding x = {.user = user, .step = -1, .from = -1, .to = -1, .against = against};
    double rev_ref = ref->n[VO_INV_REVENUE];
    if (wd_cur >= VO_INV_MIN_WD && wd_ref > 0) {
        for (int k = 0; k < VO_INV_CONVERSION; k++) {
            if (ref_total->n[k] < VO_INV_MIN_COUNT)
                continue;
            double v = cur->n[k] / wd_cur, r = ref->n[k] / wd_ref;
            double per_unit = k == VO_INV_REVENUE ? 1.0 : rev_ref / ref->n[k];
            put(c, &x, (enum vo_inv_what)k, v, r, wd_cur, (v - r) * wd_cur * per_unit);
        }
    }
    double leads = cur->n[VO_INV_LEADS], won = cur->n[VO_INV_DEALS_WON];
    double rleads = ref_total->n[VO_INV_LEADS], rwon = ref_total->n[VO_INV_DEALS_WON];
    double ravg = ref->n[VO_INV_DEALS_WON] > 0 ? rev_ref / ref->n[VO_INV_DEALS_WON] : 0;
    if (leads >= VO_INV_MIN_LEADS && rleads >= VO_INV_MIN_LEADS) {
        double v = won / leads, r = ref->n[VO_INV_DEALS_WON] / ref->n[VO_INV_LEADS];
        put(c, &x, VO_INV_CONVERSION, v, r, (int64_t)leads, (v - r) * leads * ravg);
    }
    if (won >= VO_INV_MIN_WON && rwon >= VO_INV_MIN_WON) {
        /* rounded to the minor unit as the plan-fact's avg_check */
        double v = (double)vo_money_round(cur->n[VO_INV_REVENUE] / won);
        double r = (double)vo_money_round(ravg);
        put(c, &x, VO_INV_AVG_CHECK, v, r, (int64_t)won, (v - r) * won);
    }
}

/* The step findings of a subject: P's group g against the reference
 * steps ref[0..nst) (the baseline's group, or the team's counts). */
static void step_findings(const struct vo_funnel *f, const struct vo_funnel_group *g,
                          const struct step *ref, int32_t user, enum vo_inv_against against,
                          struct acc *c)
{
    size_t nst = f->nstages;
    for (size_t p = 0; p < nst; p++) {
        struct step s = step_of(g, p, nst);
        const struct step *r = &ref[p];
        if (s.at < VO_INV_MIN_STEP || r->at < VO_INV_MIN_STEP || r->avg == VO_NULL)
            continue;
        double v = (double)s.next / (double)s.at, rc = (double)r->next / (double)r->at;
        double won_from = r->won_from_next_den
                              ? (double)r->won_from_next_num / (double)r->won_from_next_den
                              : 0.0;
        struct vo_inv_finding x = {.user = user,
                                   .step = (int32_t)p,
                                   .from = g->stages[p].stage,
                                   .to = p + 1 < nst ? g->stages[p + 1].stage : -1,
                                   .against = against};
        put(c, &x, VO_INV_STEP, v, rc, s.at, (v - rc) * (double)s.at * won_from * (double)r->avg);
    }
}

static int cmp_finding(const void *pa, const void *pb)
{
    const struct vo_inv_finding *a = pa, *b = pb;
    int64_t ma = a->money < 0 ? -a->money : a->money, mb = b->money < 0 ? -b->money : b->money;
    if (ma != mb)
        return ma > mb ? -1 : 1;
    if (a->what != b->what)
        return a->what < b->what ? -1 : 1;
    if (a->step != b->step)
        return a->step < b->step ? -1 : 1;
    if (a->against != b->against)
        return a->against < b->against ? -1 : 1;
    /* the same what, step and against cannot come twice for a subject,
     * but a sign keeps the order total: a loss before a gain */
    return (a->money > b->money) - (a->money < b->money);
}

/* The steps of group g as reference steps (the baseline's). */
static void steps_of(const struct vo_funnel_group *g, size_t nst, struct step *out)
{
    for (size_t p = 0; p < nst; p++)
        out[p] = step_of(g, p, nst);
}

/* The group of user u in f, or NULL. */
static const struct vo_funnel_group *group_of(const struct vo_funnel *f, int32_t u)
{
    for (size_t i = 0; i < f->ngroups; i++)
        if (f->groups[i].key == u)
            return &f->groups[i];
    return NULL;
}

/* Sorts the subject's findings and keeps the top ones: moves them to
 * out->f + out->n. */
static void flush(struct acc *c, struct vo_inv *out)
{
    qsort(c->f, c->n, sizeof *c->f, cmp_finding);
    size_t k = c->n < VO_INV_TOP ? c->n : VO_INV_TOP;
    memmove(out->f + out->n, c->f, k * sizeof *c->f);
    out->n += k;
}

vo_err vo_inv_compute(const struct vo_dataset *ds, const struct vo_inv_query *q, struct vo_arena *a,
                      struct vo_inv *out, struct vo_error *e)
{
    const struct vo_calendar *cal = &ds->cal;
    memset(out, 0, sizeof *out);
    out->period = q->period;
    out->baseline = vo_inv_baseline(cal, &q->period);
    out->baseline_wd = vo_cal_period_wd(cal, &out->baseline);
    out->pipeline = -1;
    struct vo_pf_query pq = {.period = q->period,
                             .as_of = q->as_of,
                             .scope = VO_SCOPE_ORG,
                             .scope_index = -1,
                             .by = VO_PF_BY_USER};
    struct vo_pf_result cur, base;
    vo_err rc = vo_pf_compute(ds, &pq, a, &cur, e);
    pq.period = out->baseline;
    if (!rc)
        rc = vo_pf_compute(ds, &pq, a, &base, e);
    if (rc)
        return rc;
    out->elapsed_wd = cur.elapsed_wd;
    struct vo_funnel *fc = NULL, *fb = NULL;
    for (size_t i = 0; i < ds->pipelines.n && out->pipeline < 0; i++)
        out->pipeline = (int32_t)i;
    if (out->pipeline >= 0) {
        struct vo_funnel_query fq =
            vo_funnel_query_default(out->pipeline, q->period.start, q->period.end, q->as_of);
        fq.by = VO_FUNNEL_BY_USER;
        fq.counts_only = true; /* the findings use no time figure */
        rc = vo_funnel_compute(ds, &fq, a, &fc, e);
        fq.from = out->baseline.start;
        fq.to = out->baseline.end;
        if (!rc)
            rc = vo_funnel_compute(ds, &fq, a, &fb, e);
        if (rc)
            return rc;
    }
    size_t nst = fc ? fc->nstages : 0;
    /* the subjects: the users of P's plan-fact (by name, as its rows are)
     * that are managers or did something in P (a head without deals of
     * their own is neither investigated nor part of anyone's team) */
    bool *subj = VO_ARENA_ARRAY(a, bool, cur.nrows + 1);
    if (!subj)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory for the investigations");
    size_t nu = 0;
    for (size_t i = 1; i < cur.nrows; i++) {
        struct facts f = facts_of(&cur.rows[i]);
        double any = 0;
        for (size_t k = 0; k < VO_INV_CONVERSION; k++)
            any += f.n[k];
        subj[i] = any > 0 || ds->users.role[cur.rows[i].index] == VO_ROLE_MANAGER;
        nu += subj[i];
    }
    int32_t *bpos = VO_ARENA_ARRAY(a, int32_t, ds->users.n + 1);
    struct acc c = {.cap = 2 * (VO_INV__COUNT + nst) + 2};
    c.f = VO_ARENA_ARRAY(a, struct vo_inv_finding, c.cap);
    out->f = VO_ARENA_ARRAY(a, struct vo_inv_finding, (nu + 1) * VO_INV_TOP + 1);
    struct step *ref = VO_ARENA_ARRAY(a, struct step, nst + 1);
    if (!bpos || !c.f || !out->f || !ref)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory for the investigations");
    for (size_t u = 0; u < ds->users.n; u++)
        bpos[u] = -1;
    for (size_t i = 1; i < base.nrows; i++)
        bpos[base.rows[i].index] = (int32_t)i;
    /* the department: against its own baseline; the sum of the subjects
     * (dep), so that the team of a user is this sum without theirs */
    struct facts dep = {{0}}, dep_base = facts_of(&base.rows[0]);
    for (size_t i = 1; i < cur.nrows; i++) {
        struct facts f = facts_of(&cur.rows[i]);
        for (size_t k = 0; k < VO_INV_CONVERSION && subj[i]; k++)
            dep.n[k] += f.n[k];
    }
    struct facts dep_org = facts_of(&cur.rows[0]);
    metric_findings(&dep_org, &dep_base, &dep_base, cur.elapsed_wd, out->baseline_wd, -1,
                    VO_INV_BASELINE, &c);
    if (fc && fb) {
        steps_of(&fb->total, nst, ref);
        step_findings(fc, &fc->total, ref, -1, VO_INV_BASELINE, &c);
    }
    flush(&c, out);
    for (size_t i = 1; i < cur.nrows; i++) {
        if (!subj[i])
            continue;
        c.n = 0;
        int32_t u = cur.rows[i].index;
        struct facts mine = facts_of(&cur.rows[i]);
        if (bpos[u] >= 0) {
            struct facts b = facts_of(&base.rows[bpos[u]]);
            metric_findings(&mine, &b, &b, cur.elapsed_wd, out->baseline_wd, u, VO_INV_BASELINE,
                            &c);
        }
        if (nu > 1) {
            struct facts others, per;
            for (size_t k = 0; k < VO_INV_CONVERSION; k++) {
                others.n[k] = dep.n[k] - mine.n[k];
                per.n[k] = others.n[k] / (double)(nu - 1);
            }
            /* per manager for the per-day counts; the rates are ratios of
             * sums, the same whether divided or not */
            metric_findings(&mine, &per, &others, cur.elapsed_wd, cur.elapsed_wd, u, VO_INV_TEAM,
                            &c);
        }
        const struct vo_funnel_group *g = fc ? group_of(fc, u) : NULL;
        if (g) {
            const struct vo_funnel_group *gb = group_of(fb, u);
            if (gb) {
                steps_of(gb, nst, ref);
                step_findings(fc, g, ref, u, VO_INV_BASELINE, &c);
            }
            for (size_t p = 0; p < nst; p++) {
                struct step t = step_of(&fc->total, p, nst), m = step_of(g, p, nst);
                ref[p] = (struct step){.at = t.at - m.at,
                                       .next = t.next - m.next,
                                       .won_from_next_num = t.won_from_next_num -
                                                            (p + 1 < nst ? m.won_from_next_num : 0),
                                       .won_from_next_den = t.won_from_next_den -
                                                            (p + 1 < nst ? m.won_from_next_den : 0),
                                       .avg = fc->total.avg_deal_size};
            }
            step_findings(fc, g, ref, u, VO_INV_TEAM, &c);
        }
        flush(&c, out);
    }
    return VO_OK;
}

void vo_inv_keep(struct vo_inv *v, int32_t user, bool only_user)
{
    if (user < 0)
        return;
    size_t n = 0;
    for (size_t i = 0; i < v->n; i++)
        if (v->f[i].user == user || (!only_user && v->f[i].user < 0))
            v->f[n++] = v->f[i];
    v->n = n;
}
