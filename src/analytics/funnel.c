/*
 * funnel.c - the cohort funnel (METRICS.md "Funnel (cohort)").
 *
 * The cohort is a contiguous run of deals (they are sorted by created_at),
 * and their stage changes a contiguous run of `sc`, so one pass walks both.
 * For each deal the pass clips its history at as_of and derives:
 * - its status at as_of (won/lost only when closed_at < as_of);
 * - its stage at as_of S: the deal's current stage when no stage change of
 *   it is at or after as_of, else the last change before as_of (else, when
 *   its whole history is after as_of, its first recorded stage);
 * - the furthest stage it reached (S and every stage of the clipped
 *   history; every stage for a won deal);
 * - its time in each stage: a visit runs from a change to the next change,
 *   or to closed_at for the last visit of a deal closed by as_of; the last
 *   visit of a deal still open has no end and counts nowhere. A stage's
 *   time is summed over visits and counts only when the deal is no longer
 *   in that stage at as_of.
 * Counts go to per-group accumulators; durations are appended to one array
 * with a key (stage, group), then bucketed by a counting sort so every
 * (stage, group) is contiguous and the stage's whole-cohort values are the
 * union of its groups' buckets. Medians are found by selection
 * (vo_select_two: radix rounds, quickselect for a few values), groups
 * first, then the stage as a whole, so the whole run stays linear.
 * Stages of other pipelines in a deal's history are ignored.
 */
#include "analytics/funnel.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analytics/numeric.h"
#include "base/checked.h"
#include "base/money.h"

#define DAY 86400.0

struct vo_funnel_query vo_funnel_query_default(int32_t pipeline, int64_t from, int64_t to,
                                               int64_t as_of)
{
    return (struct vo_funnel_query){.pipeline = pipeline,
                                    .from = from,
                                    .to = to,
                                    .as_of = as_of,
                                    .user = VO_FUNNEL_ANY,
                                    .team = VO_FUNNEL_ANY,
                                    .channel = VO_FUNNEL_ANY,
                                    .region = VO_FUNNEL_ANY,
                                    .source = VO_FUNNEL_ANY,
                                    .by = VO_FUNNEL_BY_NONE};
}

/* The groupings by name, for vo_funnel_by_name and vo_funnel_by_parse. */
static const struct {
    const char *name;
    enum vo_funnel_by by;
} bys[] = {
    {"user", VO_FUNNEL_BY_USER},       {"team", VO_FUNNEL_BY_TEAM},
    {"channel", VO_FUNNEL_BY_CHANNEL}, {"region", VO_FUNNEL_BY_REGION},
    {"source", VO_FUNNEL_BY_SOURCE},
};

const char *vo_funnel_by_name(enum vo_funnel_by by)
{
    for (size_t i = 0; i < sizeof bys / sizeof bys[0]; i++)
        if (bys[i].by == by)
            return bys[i].name;
    return NULL;
}

bool vo_funnel_by_parse(const char *name, enum vo_funnel_by *out)
{
    for (size_t i = 0; i < sizeof bys / sizeof bys[0]; i++)
        if (strcmp(bys[i].name, name) == 0) {
            *out = bys[i].by;
            return true;
        }
    return false;
}

/* Accumulators of one group. */
struct acc {
    int64_t size, won, lost, open, won_amount_n, won_amount_sum;
    int64_t *reached, *lost_at, *open_at; /* per stage position */
};

/* The median of v[0..n) (reordered); NaN when n == 0. scratch: room for
 * n values (vo_select_two). */
static double median(int64_t *v, size_t n, int64_t *scratch)
{
    if (n == 0)
        return NAN;
    size_t k = n / 2;
    int64_t below = 0, at = 0;
    vo_select_two(v, n, k, scratch, &below, &at);
    if (n % 2)
        return (double)at;
    return ((double)below + (double)at) / 2.0;
}

static double ratio(int64_t num, int64_t den)
{
    return den ? (double)num / (double)den : NAN;
}

/* A sum of the cohort (money, seconds) beyond int64: the counts are
 * bounded by the rows (int32 indexes) and need no check. */
static vo_err overflow(struct vo_error *e)
{
    return vo_error_set(e, VO_EINVAL, NULL,
                        "a sum of the funnel is beyond the range of the reports (about 9.2e18): "
                        "the data holds amounts or instants over their documented bounds");
}

static bool match(int32_t filter, int32_t v)
{
    return filter == VO_FUNNEL_ANY || filter == v;
}

static int32_t group_of(const struct vo_dataset *ds, enum vo_funnel_by by, size_t d, size_t ngroups)
{
    switch (by) {
    case VO_FUNNEL_BY_USER:
        return ds->deals.owner[d];
    case VO_FUNNEL_BY_TEAM:
        return ds->deals.team[d] < 0 ? (int32_t)(ngroups - 1) : ds->deals.team[d];
    case VO_FUNNEL_BY_CHANNEL:
        return ds->deals.channel[d];
    case VO_FUNNEL_BY_REGION:
        return ds->deals.region[d];
    case VO_FUNNEL_BY_SOURCE:
        return ds->deals.source[d];
    case VO_FUNNEL_BY_NONE:
        break;
    }
    return 0;
}

static size_t group_count(const struct vo_dataset *ds, enum vo_funnel_by by)
{
    switch (by) {
    case VO_FUNNEL_BY_USER:
        return ds->users.n;
    case VO_FUNNEL_BY_TEAM:
        return ds->teams.n + 1;
    case VO_FUNNEL_BY_CHANNEL:
        return (size_t)ds->channels.n;
    case VO_FUNNEL_BY_REGION:
        return (size_t)ds->regions.n;
    case VO_FUNNEL_BY_SOURCE:
        return (size_t)ds->sources.n;
    case VO_FUNNEL_BY_NONE:
        break;
    }
    return 1;
}

static const char *group_name(const struct vo_dataset *ds, enum vo_funnel_by by, size_t g,
                              int32_t *key)
{
    *key = (int32_t)g;
    switch (by) {
    case VO_FUNNEL_BY_USER:
        return ds->users.name[g];
    case VO_FUNNEL_BY_TEAM:
        if (g == ds->teams.n) {
            *key = -1;
            return NULL;
        }
        return ds->teams.name[g];
    case VO_FUNNEL_BY_CHANNEL:
        return g ? ds->channels.str[g] : NULL;
    case VO_FUNNEL_BY_REGION:
        return g ? ds->regions.str[g] : NULL;
    case VO_FUNNEL_BY_SOURCE:
        return g ? ds->sources.str[g] : NULL;
    case VO_FUNNEL_BY_NONE:
        break;
    }
    *key = -1;
    return NULL;
}

static int cmp_group(const void *pa, const void *pb)
{
    const struct vo_funnel_group *a = pa, *b = pb;
    if (!a->name || !b->name)
        return (a->name == NULL) - (b->name == NULL);
    int c = strcmp(a->name, b->name);
    return c ? c : (a->key > b->key) - (a->key < b->key);
}

/* Fills the figures of group g from its accumulators; times[] (seconds,
 * timed[] of them per stage, at toff[] in tv) and cycle[0..ncycle);
 * tscratch and cscratch: room for the most times and cycles (median). */
static void finish(struct vo_funnel_group *g, const struct acc *c, size_t nst,
                   const int32_t *stage_idx, int64_t *const *tv, const size_t *tn,
                   const int64_t *tsum, int64_t *cycle, size_t ncycle, int64_t *tscratch,
                   int64_t *cscratch)
{
    g->size = c->size;
    g->won = c->won;
    g->lost = c->lost;
    g->open = c->open;
    g->overall = ratio(c->won, c->size);
    g->win_rate = ratio(c->won, c->won + c->lost);
    g->won_with_amount = c->won_amount_n;
    g->avg_deal_size = c->won_amount_n
                           ? vo_money_round((double)c->won_amount_sum / (double)c->won_amount_n)
                           : VO_NULL;
    g->sales_cycle_days = median(cycle, ncycle, cscratch) / DAY;
    for (size_t p = 0; p < nst; p++) {
        struct vo_funnel_stage *s = &g->stages[p];
        s->stage = stage_idx[p];
        s->reached = c->reached[p];
        s->conv_next = ratio(p + 1 < nst ? c->reached[p + 1] : c->won, c->reached[p]);
        s->lost_at = c->lost_at[p];
        s->dropoff = ratio(c->lost_at[p], c->reached[p]);
        s->open_at = c->open_at[p];
        s->timed = (int64_t)tn[p];
        s->time_mean_days = tn[p] ? (double)tsum[p] / (double)tn[p] / DAY : NAN;
        s->time_median_days = median(tv[p], tn[p], tscratch) / DAY;
    }
}

/* The user's bottleneck against the team total t (METRICS.md). */
static void bottleneck(struct vo_funnel_group *u, const struct vo_funnel_group *t, size_t nst)
{
    if (t->avg_deal_size == VO_NULL)
        return;
    double best = 0;
    for (size_t p = 0; p < nst; p++) {
        int64_t ur = u->stages[p].reached, tr = t->stages[p].reached;
        if (ur < VO_FUNNEL_MIN_REACHED || tr == 0)
            continue;
        int64_t unext = p + 1 < nst ? u->stages[p + 1].reached : u->won;
        int64_t tnext = p + 1 < nst ? t->stages[p + 1].reached : t->won;
        double team_conv = (double)tnext / (double)tr;
        double user_conv = (double)unext / (double)ur;
        double won_from = 1.0;
        if (p + 1 < nst)
            won_from = tnext ? (double)t->won / (double)tnext : 0.0;
        double loss = (team_conv - user_conv) * (double)ur * won_from * (double)t->avg_deal_size;
        if (loss > best) {
            best = loss;
            u->has_bottleneck = true;
            u->bottleneck = (int32_t)p;
        }
    }
    if (u->has_bottleneck)
        u->bottleneck_loss = vo_money_round(best);
}

/* The work of one vo_funnel_compute: the query, the pipeline's stages, the
 * accumulators of each group, and the durations collected on the way
 * (bucketed by key afterwards: a stage's time key = p * ng + g, a sales
 * cycle's key = g). */
struct work {
    const struct vo_dataset *ds;
    const struct vo_funnel_query *q;
    int32_t first;    /* the pipeline's first stage index */
    size_t nst, nst1; /* its stages (nst1: at least 1, for the arrays) */
    size_t ng;        /* groups */
    struct acc *acc;  /* [ng] */
    uint32_t *tkey;
    int64_t *tval, *tsorted; /* tval: the medians' scratch once bucketed */
    size_t *tcount, *toff;   /* [nst1 * ng + 1] */
    int64_t *tsum;           /* [nst1 * ng] */
    uint32_t *ckey;
    int64_t *cval, *csorted; /* cval: likewise */
    size_t *ccount, *coff;   /* [ng + 1] */
    int64_t *stay;           /* [nst1]: one deal's time per stage position */
    uint8_t *seen;           /* [nst1] */
    int32_t *stage_idx;      /* [nst1] */
    size_t nt, nc;           /* durations and cycles collected */
};

static vo_err no_memory(struct vo_error *e)
{
    return vo_error_set(e, VO_ENOMEM, NULL, "the funnel does not fit in memory");
}

/* Allocates the accumulators and the room for cap_t stage times and cap_c
 * sales cycles. The room is not zeroed (megabytes at 1M deals): the
 * durations are written at [0, nt) and [0, nc) before they are read, and
 * bucket() fills the sorted copies' same ranges. */
static vo_err work_alloc(struct work *w, size_t cap_t, size_t cap_c, struct vo_arena *a,
                         struct vo_error *e)
{
    size_t ng = w->ng, nst1 = w->nst1;
    w->acc = vo_arena_array(a, ng, sizeof *w->acc);
    int64_t *counts = vo_arena_array(a, ng * 3 * nst1, sizeof(int64_t));
    w->tkey = vo_arena_array_raw(a, cap_t ? cap_t : 1, sizeof(uint32_t));
    w->tval = vo_arena_array_raw(a, cap_t ? cap_t : 1, sizeof(int64_t));
    w->tsorted = vo_arena_array_raw(a, cap_t ? cap_t : 1, sizeof(int64_t));
    w->tcount = vo_arena_array(a, nst1 * ng + 1, sizeof(size_t));
    w->tsum = vo_arena_array(a, nst1 * ng, sizeof(int64_t));
    w->ckey = vo_arena_array_raw(a, cap_c ? cap_c : 1, sizeof(uint32_t));
    w->cval = vo_arena_array_raw(a, cap_c ? cap_c : 1, sizeof(int64_t));
    w->csorted = vo_arena_array_raw(a, cap_c ? cap_c : 1, sizeof(int64_t));
    w->ccount = vo_arena_array(a, ng + 1, sizeof(size_t));
    w->stay = vo_arena_array(a, nst1, sizeof(int64_t));
    w->seen = vo_arena_array(a, nst1, 1);
    w->stage_idx = vo_arena_array(a, nst1, sizeof(int32_t));
    if (!w->acc || !counts || !w->tkey || !w->tval || !w->tsorted || !w->tcount || !w->tsum ||
        !w->ckey || !w->cval || !w->csorted || !w->ccount || !w->stay || !w->seen || !w->stage_idx)
        return no_memory(e);
    for (size_t g = 0; g < ng; g++) {
        w->acc[g].reached = counts + g * 3 * nst1;
        w->acc[g].lost_at = w->acc[g].reached + nst1;
        w->acc[g].open_at = w->acc[g].lost_at + nst1;
    }
    for (size_t p = 0; p < w->nst; p++)
        w->stage_idx[p] = w->first + (int32_t)p;
    return VO_OK;
}

/* The stage position of deal d at as_of (-1: none of this pipeline); its
 * moves before as_of are [lo, end) of [lo, hi). */
static int32_t position_at(const struct vo_dataset *ds, int32_t first, size_t nst, size_t d,
                           size_t lo, size_t end, size_t hi)
{
    const struct vo_ds_deals *D = &ds->deals;
    const struct vo_ds_stage_changes *C = &ds->sc;
    int32_t S = -1;
    if (end == hi && D->stage[d] >= 0)
        S = D->stage[d] - first;
    else if (end > lo)
        S = C->stage[end - 1] - first;
    else if (lo < hi)
        S = C->stage[lo] - first;
    if (S < 0 || (size_t)S >= nst)
        S = -1;
    return S;
}

/* vo_funnel_deal_at with the deal's moves [lo, hi) and the end of those
 * before as_of already found. */
static void deal_at(const struct vo_dataset *ds, size_t d, int32_t first, size_t nst, int64_t as_of,
                    size_t lo, size_t end, size_t hi, struct vo_funnel_at *out)
{
    const struct vo_ds_deals *D = &ds->deals;
    const struct vo_ds_stage_changes *C = &ds->sc;
    bool closed =
        D->status[d] != VO_DEAL_OPEN && D->closed_at[d] != VO_NULL && D->closed_at[d] < as_of;
    out->status = closed ? D->status[d] : VO_DEAL_OPEN;
    out->pos = position_at(ds, first, nst, d, lo, end, hi);
    out->far = out->pos;
    for (size_t k = lo; k < end; k++) {
        int32_t p = C->stage[k] - first;
        if (p >= 0 && (size_t)p < nst && p > out->far)
            out->far = p;
    }
    if (out->status == VO_DEAL_WON)
        out->far = (int32_t)nst - 1;
}

void vo_funnel_deal_at(const struct vo_dataset *ds, size_t d, int32_t first, size_t nst,
                       int64_t as_of, struct vo_funnel_at *out)
{
    const struct vo_ds_stage_changes *C = &ds->sc;
    size_t lo = (size_t)ds->deals.sc_first[d], hi = (size_t)ds->deals.sc_first[d + 1], end = lo;
    while (end < hi && C->at[end] < as_of)
        end++;
    deal_at(ds, d, first, nst, as_of, lo, end, hi, out);
}

/* Collects deal d's time in each stage it left (moves [lo, end)) into
 * group g's durations. */
static vo_err collect_stays(struct work *w, size_t d, size_t g, size_t lo, size_t end, bool closed,
                            int32_t S, struct vo_error *e)
{
    const struct vo_ds_deals *D = &w->ds->deals;
    const struct vo_ds_stage_changes *C = &w->ds->sc;
    for (size_t k = lo; k < end; k++) {
        int32_t p = C->stage[k] - w->first;
        if (p < 0 || (size_t)p >= w->nst)
            continue;
        int64_t until = k + 1 < end ? C->at[k + 1] : closed ? D->closed_at[d] : VO_NULL;
        if (until == VO_NULL)
            continue;
        if (!w->seen[p]) {
            w->seen[p] = 1;
            w->stay[p] = 0;
        }
        int64_t dt = 0;
        if (until > C->at[k] && (!vo_sub_ok(until, C->at[k], &dt) || !vo_add_ok(&w->stay[p], dt)))
            return overflow(e);
    }
    for (size_t k = lo; k < end; k++) {
        int32_t p = C->stage[k] - w->first;
        if (p < 0 || (size_t)p >= w->nst || !w->seen[p])
            continue;
        w->seen[p] = 0;
        if (!closed && p == S)
            continue; /* still in it at as_of */
        size_t key = (size_t)p * w->ng + g;
        w->tkey[w->nt] = (uint32_t)key;
        w->tval[w->nt++] = w->stay[p];
        w->tcount[key]++;
        if (!vo_add_ok(&w->tsum[key], w->stay[p]))
            return overflow(e);
    }
    return VO_OK;
}

/* Counts deal d (which passed the filters) into its group. */
static vo_err count_deal(struct work *w, size_t d, struct vo_error *e)
{
    const struct vo_funnel_query *q = w->q;
    const struct vo_ds_deals *D = &w->ds->deals;
    const struct vo_ds_stage_changes *C = &w->ds->sc;
    size_t g = (size_t)group_of(w->ds, q->by, d, w->ng);
    struct acc *c = &w->acc[g];
    size_t lo = (size_t)D->sc_first[d], hi = (size_t)D->sc_first[d + 1], end = lo;
    while (end < hi && C->at[end] < q->as_of)
        end++;
    struct vo_funnel_at at;
    deal_at(w->ds, d, w->first, w->nst, q->as_of, lo, end, hi, &at);
    bool closed = at.status != VO_DEAL_OPEN;
    int status = at.status;
    int32_t S = at.pos, far = at.far;
    if (!q->counts_only) { /* no time figures asked for: the reach only */
        vo_err rc = collect_stays(w, d, g, lo, end, closed, S, e);
        if (rc)
            return rc;
    }
    for (int32_t p = 0; p <= far; p++)
        c->reached[p]++;
    c->size++;
    if (status == VO_DEAL_WON) {
        c->won++;
        if (D->amount[d] != VO_NULL) {
            c->won_amount_n++;
            if (!vo_add_ok(&c->won_amount_sum, D->amount[d]))
                return overflow(e);
        }
        if (!q->counts_only) {
            w->ckey[w->nc] = (uint32_t)g;
            if (!vo_sub_ok(D->closed_at[d], D->created_at[d], &w->cval[w->nc++]))
                return overflow(e);
            w->ccount[g]++;
        }
    } else if (status == VO_DEAL_LOST) {
        c->lost++;
        if (S >= 0)
            c->lost_at[S]++;
    } else {
        c->open++;
        if (S >= 0)
            c->open_at[S]++;
    }
    return VO_OK;
}

/* Buckets the durations by key: counts -> offsets -> scatter. */
static vo_err bucket(struct work *w, struct vo_arena *a, struct vo_error *e)
{
    size_t ng = w->ng;
    w->toff = vo_arena_array(a, w->nst1 * ng + 1, sizeof(size_t));
    w->coff = vo_arena_array(a, ng + 1, sizeof(size_t));
    if (!w->toff || !w->coff)
        return no_memory(e);
    for (size_t k = 0; k < w->nst * ng; k++)
        w->toff[k + 1] = w->toff[k] + w->tcount[k];
    for (size_t i = 0; i < w->nt; i++) {
        size_t k = w->tkey[i];
        w->tsorted[w->toff[k] + --w->tcount[k]] = w->tval[i];
    }
    for (size_t k = 0; k < ng; k++)
        w->coff[k + 1] = w->coff[k] + w->ccount[k];
    for (size_t i = 0; i < w->nc; i++) {
        size_t k = w->ckey[i];
        w->csorted[w->coff[k] + --w->ccount[k]] = w->cval[i];
    }
    return VO_OK;
}

/* Adds group accumulator c into total. */
static vo_err add_acc(struct acc *total, const struct acc *c, size_t nst, struct vo_error *e)
{
    total->size += c->size;
    total->won += c->won;
    total->lost += c->lost;
    total->open += c->open;
    total->won_amount_n += c->won_amount_n;
    if (!vo_add_ok(&total->won_amount_sum, c->won_amount_sum))
        return overflow(e);
    for (size_t p = 0; p < nst; p++) {
        total->reached[p] += c->reached[p];
        total->lost_at[p] += c->lost_at[p];
        total->open_at[p] += c->open_at[p];
    }
    return VO_OK;
}

/* The figures of f: each non-empty group (unless the query has no
 * grouping) and the total, the groups sorted, the users' bottlenecks. */
static vo_err figures(struct work *w, struct vo_funnel *f, struct vo_arena *a, struct vo_error *e)
{
    size_t ng = w->ng, nst = w->nst, nst1 = w->nst1;
    enum vo_funnel_by by = w->q->by;
    int64_t **tv = vo_arena_array(a, nst1, sizeof(int64_t *));
    size_t *tn = vo_arena_array(a, nst1, sizeof(size_t));
    int64_t *ts = vo_arena_array(a, nst1, sizeof(int64_t));
    struct vo_funnel_group *groups = vo_arena_array(a, ng, sizeof *groups);
    struct vo_funnel_stage *gst = vo_arena_array(a, (ng + 1) * nst1, sizeof *gst);
    struct acc total = {0};
    int64_t *tcounts = vo_arena_array(a, 3 * nst1, sizeof(int64_t));
    if (!tv || !tn || !ts || !groups || !gst || !tcounts)
        return no_memory(e);
    total.reached = tcounts;
    total.lost_at = tcounts + nst1;
    total.open_at = tcounts + 2 * nst1;

    size_t ngroups = 0;
    for (size_t g = 0; g < ng; g++) {
        const struct acc *c = &w->acc[g];
        vo_err rc = add_acc(&total, c, nst, e);
        if (rc)
            return rc;
        if (by == VO_FUNNEL_BY_NONE || c->size == 0)
            continue;
        struct vo_funnel_group *out_g = &groups[ngroups++];
        out_g->name = group_name(w->ds, by, g, &out_g->key);
        out_g->stages = gst + ngroups * nst1;
        for (size_t p = 0; p < nst; p++) {
            size_t k = p * ng + g;
            tv[p] = w->tsorted + w->toff[k];
            tn[p] = w->toff[k + 1] - w->toff[k];
            ts[p] = w->tsum[k];
        }
        finish(out_g, c, nst, w->stage_idx, tv, tn, ts, w->csorted + w->coff[g],
               w->coff[g + 1] - w->coff[g], w->tval, w->cval);
    }
    /* the whole cohort: each stage's buckets of all groups are contiguous */
    for (size_t p = 0; p < nst; p++) {
        tv[p] = w->tsorted + w->toff[p * ng];
        tn[p] = w->toff[(p + 1) * ng] - w->toff[p * ng];
        ts[p] = 0;
        for (size_t g = 0; g < ng; g++)
            if (!vo_add_ok(&ts[p], w->tsum[p * ng + g]))
                return overflow(e);
    }
    f->total.key = -1;
    f->total.stages = gst;
    finish(&f->total, &total, nst, w->stage_idx, tv, tn, ts, w->csorted, w->nc, w->tval, w->cval);
    if (by == VO_FUNNEL_BY_NONE) {
        f->groups = &f->total;
        f->ngroups = 1;
        return VO_OK;
    }
    if (by == VO_FUNNEL_BY_USER)
        for (size_t i = 0; i < ngroups; i++)
            bottleneck(&groups[i], &f->total, nst);
    qsort(groups, ngroups, sizeof *groups, cmp_group);
    f->groups = groups;
    f->ngroups = ngroups;
    return VO_OK;
}

vo_err vo_funnel_compute(const struct vo_dataset *ds, const struct vo_funnel_query *q,
                         struct vo_arena *a, struct vo_funnel **out, struct vo_error *e)
{
    if (q->pipeline < 0 || (size_t)q->pipeline >= ds->pipelines.n)
        return vo_error_set(e, VO_EINVAL, "pipeline", "no such pipeline");
    const struct vo_ds_deals *D = &ds->deals;
    struct work w = {.ds = ds, .q = q, .first = ds->pipelines.stage_first[q->pipeline]};
    w.nst = (size_t)ds->pipelines.stage_count[q->pipeline];
    w.nst1 = w.nst ? w.nst : 1;
    w.ng = q->by == VO_FUNNEL_BY_NONE ? 1 : group_count(ds, q->by);
    int64_t to = q->to < q->as_of ? q->to : q->as_of; /* no deal exists before its creation */
    struct vo_ds_span span = vo_ds_deals_created(ds, q->from, to > q->from ? to : q->from);
    size_t sc_lo = span.hi > span.lo ? (size_t)D->sc_first[span.lo] : 0;
    size_t sc_hi = span.hi > span.lo ? (size_t)D->sc_first[span.hi] : 0;

    struct vo_funnel *f = VO_ARENA_NEW(a, struct vo_funnel);
    if (!f)
        return no_memory(e);
    vo_err rc = work_alloc(&w, sc_hi - sc_lo, span.hi - span.lo, a, e);
    if (rc)
        return rc;
    for (size_t d = span.lo; d < span.hi; d++) {
        if (D->pipeline[d] != q->pipeline || !match(q->user, D->owner[d]) ||
            !match(q->team, D->team[d]) || !match(q->channel, D->channel[d]) ||
            !match(q->region, D->region[d]) || !match(q->source, D->source[d]))
            continue;
        if ((rc = count_deal(&w, d, e)))
            return rc;
    }
    if ((rc = bucket(&w, a, e)))
        return rc;
    f->pipeline = q->pipeline;
    f->nstages = w.nst;
    f->by = q->by;
    if ((rc = figures(&w, f, a, e)))
        return rc;
    *out = f;
    return VO_OK;
}
