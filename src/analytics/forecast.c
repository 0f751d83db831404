/*
 * forecast.c - the forecast (forecast.h has the rules).
 *
 * A "snapshot" is what the forecast needs of one instant E: p(s) and the
 * sorted delays of every stage from the deals closed in the 12 months
 * before E, and the deals open at E with their stage at E. The report
 * takes one snapshot at as_of and one at each backtest month's start;
 * every scope (the department, a user) is then a filter over the open
 * deals of a snapshot.
 *
 * The Monte Carlo: every open deal of stage s adds its amount with the
 * same probability q(s), independently of the others, so a run walks each
 * stage's amounts by geometric skips: the number of failures before the
 * next success of Bernoulli(q) trials, drawn from an alias table (one
 * 64-bit number a skip, no logarithm). When q > 1/2 the failures are
 * drawn instead (the stage's sum minus them). A run costs about min(q, 1 - q) * deals draws,
 * not one draw per deal. When min(q, 1 - q) > BLK_FROM a stage is drawn
 * by blocks of 8 deals instead: one alias draw picks which of the 8 are
 * in. Either way the result has exactly the distribution of drawing every
 * deal (docs/internals/analytics.md, "Forecast").
 */
#include "analytics/forecast.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analytics/funnel.h"
#include "analytics/numeric.h"
#include "base/money.h"
#include "base/rng.h"

/* ---- the PRNG: xoshiro256** (Blackman and Vigna), seeded by splitmix64 ---- */

struct rng {
    uint64_t s[4];
};

static void rng_seed(struct rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = vo_splitmix64(&seed);
}

static uint64_t rng_next(struct rng *r)
{
    return vo_xoshiro256ss(r->s);
}

static vo_err no_memory(struct vo_error *e)
{
    return vo_error_set(e, VO_ENOMEM, "forecast", "out of memory");
}

/* The nearest rank of percentile pct among n: the ceil(pct / 100 * n)-th
 * smallest, as a 0-based index. */
static size_t nearest_rank(int pct, size_t n)
{
    size_t k = ((size_t)pct * n + 99) / 100;
    return k ? k - 1 : 0;
}

/* The number of failures before the next success of Bernoulli(q)
 * trials, G, P(G = k) = q (1 - q)^k, drawn from an alias table (Walker,
 * Vose) over GEO_N outcomes: k = 0 .. GEO_N - 2 themselves, and the last
 * one "G >= GEO_N - 1", after which G - (GEO_N - 1) is again the same
 * geometric (it is memoryless), so the draw goes on. One 64-bit number a
 * step: its low GEO_BITS bits pick the column, its top 53 bits the side. */
#define GEO_BITS 9
#define GEO_N    (1u << GEO_BITS)

struct geo {
    uint64_t thr[GEO_N]; /* column j keeps j when the top 53 bits are < thr[j] */
    uint16_t alias[GEO_N];
};

/* The outcome of one 64-bit number x: column x's low bits (mask), kept
 * when x's top 53 bits u < thr (u / 2^53 < prob exactly when u <
 * ceil(prob * 2^53), an integer), else the alias. Without a branch: which
 * side is a coin toss the processor cannot guess. */
static inline unsigned alias_pick(const struct geo *g, uint64_t x, unsigned mask)
{
    unsigned j = (unsigned)(x & mask);
    unsigned keep = 0u - (unsigned)((x >> 11) < g->thr[j]);
    return (j & keep) | (g->alias[j] & ~keep);
}

/* The alias table of the weights w[0 .. N) (N <= GEO_N; w overwritten). */
static void alias_init(struct geo *g, double *w, unsigned N)
{
    double sum = 0;
    uint16_t small[GEO_N], large[GEO_N];
    size_t ns = 0, nl = 0;
    for (unsigned k = 0; k < N; k++)
        sum += w[k];
    for (unsigned k = 0; k < N; k++) {
        w[k] = w[k] / sum * N;
        g->alias[k] = (uint16_t)k;
        if (w[k] < 1)
            small[ns++] = (uint16_t)k;
        else
            large[nl++] = (uint16_t)k;
    }
    double prob[GEO_N];
    while (ns && nl) {
        uint16_t a = small[--ns], b = large[nl - 1];
        prob[a] = w[a];
        g->alias[a] = b;
        w[b] = (w[b] + w[a]) - 1;
        if (w[b] < 1) {
            nl--;
            small[ns++] = b;
        }
    }
    while (nl)
        prob[large[--nl]] = 1;
    while (ns)
        prob[small[--ns]] = 1; /* left by rounding: a full column */
    for (unsigned k = 0; k < N; k++)
        g->thr[k] = prob[k] >= 1 ? UINT64_C(1) << 53 : (uint64_t)ceil(prob[k] * 0x1.0p53);
}

static void geo_init(struct geo *g, double q)
{
    double w[GEO_N], pk = q, r = 1 - q;
    for (unsigned k = 0; k + 1 < GEO_N; k++) {
        w[k] = pk;
        pk *= r;
    }
    w[GEO_N - 1] = pow(r, GEO_N - 1);
    alias_init(g, w, GEO_N);
}

static size_t geo_draw(const struct geo *g, struct rng *r)
{
    size_t skip = 0;
    for (;;) {
        unsigned k = alias_pick(g, rng_next(r), GEO_N - 1);
        if (k + 1 < GEO_N)
            return skip + k;
        skip += GEO_N - 1;
    }
}

/* The sum of the items of one group a run draws (see the top): g is the
 * table of min(q, 1 - q); above 1/2 the failures are drawn. */
static int64_t draw_group(struct rng *r, const struct geo *g, const int64_t *amt, size_t n,
                          double q, int64_t sum)
{
    if (n == 0 || !(q > 0))
        return 0;
    if (q >= 1)
        return sum;
    int64_t s = 0;
    size_t i = 0;
    for (;;) {
        size_t k = geo_draw(g, r);
        if (k >= n - i)
            break;
        i += k;
        s += amt[i++];
        if (i >= n)
            break;
    }
    return q > 0.5 ? sum - s : s;
}

/* By blocks: which of 8 items are in a run is a pattern of 8 independent
 * Bernoulli(q) bits, P(pattern) = q^ones (1 - q)^(8 - ones), drawn from an
 * alias table over the 256 patterns (one 64-bit number: the low 8 bits
 * pick the column, the top 53 bits the side, as a gap). The items are in
 * quads; quad c's 16 subset sums are bs[16 c .. 16 c + 16); a pattern's
 * low 4 bits take the subset of one quad, its high 4 bits of the next. One
 * draw per 8 items whatever q: cheaper than the gaps when min(q, 1 - q) >
 * BLK_FROM (a block's draw and its two sums cost about as much as 1.2
 * gaps, measured on the 1M-deal demo's forecasts). */
#define BLK_BITS 8
#define BLK_FROM 0.15

static void blk_init(struct geo *g, double q)
{
    double w[1u << BLK_BITS];
    for (unsigned pat = 0; pat < (1u << BLK_BITS); pat++) {
        int ones = __builtin_popcount(pat);
        w[pat] = pow(q, ones) * pow(1 - q, BLK_BITS - ones);
    }
    alias_init(g, w, 1u << BLK_BITS);
}

/* The quads' subset sums of amt[0..n) into bs (16 * ceil(n / 4)); an item
 * past n counts 0. */
static void blk_sums(const int64_t *amt, size_t n, int64_t *bs)
{
    for (size_t c = 0; c * 4 < n; c++) {
        int64_t v[4] = {0};
        for (size_t b = 0; b < 4 && c * 4 + b < n; b++)
            v[b] = amt[c * 4 + b];
        for (unsigned sub = 0; sub < 16; sub++)
            bs[16 * c + sub] = ((sub & 1) ? v[0] : 0) + ((sub & 2) ? v[1] : 0) +
                               ((sub & 4) ? v[2] : 0) + ((sub & 8) ? v[3] : 0);
    }
}

static int64_t draw_blocks(struct rng *r, const struct geo *g, const int64_t *bs, size_t n)
{
    size_t nq = (n + 3) / 4;
    int64_t s = 0;
    size_t c = 0;
    for (; c + 2 <= nq; c += 2) {
        unsigned pat = alias_pick(g, rng_next(r), (1u << BLK_BITS) - 1);
        s += bs[16 * c + (pat & 15)] + bs[16 * (c + 1) + (pat >> 4)];
    }
    if (c < nq) { /* the last quad: a pattern's low 4 bits */
        unsigned pat = alias_pick(g, rng_next(r), (1u << BLK_BITS) - 1);
        s += bs[16 * c + (pat & 15)];
    }
    return s;
}

vo_err vo_fc_monte_carlo(size_t nst, const int64_t *const *amt, const size_t *n, const double *q,
                         int64_t base, int runs, uint64_t seed, int64_t pct[3], struct vo_error *e)
{
    if (runs < 1)
        return vo_error_set(e, VO_EINVAL, "runs", "runs must be at least 1");
    int64_t *tot = malloc((size_t)runs * sizeof *tot);
    int64_t *sum = malloc((nst ? nst : 1) * sizeof *sum);
    struct geo *geo = malloc((nst ? nst : 1) * sizeof *geo);
    int64_t **bs = calloc(nst ? nst : 1, sizeof *bs); /* per group in blocks: its sums */
    vo_err rc = tot && sum && geo && bs ? VO_OK : no_memory(e);
    for (size_t g = 0; g < nst && !rc; g++) {
        double m = q[g] > 0.5 ? 1 - q[g] : q[g];
        if (n[g] && q[g] > 0 && q[g] < 1 && m > BLK_FROM) {
            blk_init(&geo[g], q[g]);
            bs[g] = malloc(16 * ((n[g] + 3) / 4) * sizeof **bs);
            if (!bs[g])
                rc = no_memory(e);
            else
                blk_sums(amt[g], n[g], bs[g]);
        } else if (q[g] > 0 && q[g] < 1) {
            geo_init(&geo[g], m);
        }
        sum[g] = 0;
        for (size_t i = 0; i < n[g]; i++)
            sum[g] += amt[g][i];
    }
    if (rc) {
        for (size_t g = 0; bs && g < nst; g++)
            free(bs[g]);
        free(bs);
        free(tot);
        free(sum);
        free(geo);
        return rc;
    }
    struct rng r;
    rng_seed(&r, seed);
    for (int k = 0; k < runs; k++) {
        int64_t t = base;
        for (size_t g = 0; g < nst; g++)
            t += bs[g] ? draw_blocks(&r, &geo[g], bs[g], n[g])
                       : draw_group(&r, &geo[g], amt[g], n[g], q[g], sum[g]);
        tot[k] = t;
    }
    size_t N = (size_t)runs, k50 = nearest_rank(50, N), k10 = nearest_rank(10, N),
           k90 = nearest_rank(90, N);
    vo_select_kth(tot, N, k50);
    if (k10 < k50)
        vo_select_kth(tot, k50, k10);
    if (k90 > k50)
        vo_select_kth(tot + k50 + 1, N - k50 - 1, k90 - k50 - 1);
    pct[0] = tot[k10];
    pct[1] = tot[k50];
    pct[2] = tot[k90];
    for (size_t g = 0; g < nst; g++)
        free(bs[g]);
    free(bs);
    free(tot);
    free(sum);
    free(geo);
    return VO_OK;
}

/* ---- snapshots ---- */

struct snap {
    int64_t E;
    double *p;       /* per stage, NaN = none */
    int64_t **delay; /* per stage, sorted ascending */
    size_t *ndelay;
    int64_t *cycle; /* the sales cycles of the won deals (the fallback) */
    size_t ncycle;
    int32_t *open;  /* deals open at E (of the pipeline asked for) */
    int32_t *stage; /* their stage at E, -1 = none */
    size_t nopen;
    void *mem;     /* one block for the per-stage arrays */
    int64_t *dbuf; /* the delays' storage */
};

static void snap_free(struct snap *s)
{
    free(s->mem);
    free(s->dbuf);
    free(s->cycle);
    free(s->open);
    free(s->stage);
    memset(s, 0, sizeof *s);
}

static int cmp_i64(const void *pa, const void *pb)
{
    int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
    return (a > b) - (a < b);
}

/* The local midnight 12 calendar months before E (E is a local midnight
 * or any instant: its local date minus a year, 29 Feb -> 28 Feb). */
static int64_t year_before(const struct vo_dataset *ds, int64_t E)
{
    struct vo_date d = vo_cal_date_of(&ds->cal, E);
    int64_t tod = E - vo_cal_day_start(&ds->cal, d);
    d.y -= 1;
    int md = vo_month_days(d.y, d.m);
    if (d.d > md)
        d.d = md;
    return vo_cal_day_start(&ds->cal, d) + tod;
}

/* The stage position range of deal d's pipeline. */
static void pipe_of(const struct vo_dataset *ds, size_t d, int32_t *first, size_t *nst)
{
    int32_t pi = ds->deals.pipeline[d];
    *first = ds->pipelines.stage_first[pi];
    *nst = (size_t)ds->pipelines.stage_count[pi];
}

/* Sorts v[0..n) (non-negative) ascending: a radix sort, 16 bits a pass,
 * as many passes as the largest value needs; tmp has room for n. */
static void sort_delays(int64_t *v, size_t n, int64_t *tmp)
{
    uint64_t max = 0;
    for (size_t i = 0; i < n; i++)
        if ((uint64_t)v[i] > max)
            max = (uint64_t)v[i];
    static const size_t B = 1u << 16;
    size_t *cnt = malloc(B * sizeof *cnt);
    if (!cnt) { /* no room for the counts: the library's sort */
        qsort(v, n, sizeof *v, cmp_i64);
        return;
    }
    int64_t *src = v, *dst = tmp;
    for (unsigned sh = 0; sh < 64 && (max >> sh); sh += 16) {
        memset(cnt, 0, B * sizeof *cnt);
        for (size_t i = 0; i < n; i++)
            cnt[((uint64_t)src[i] >> sh) & (B - 1)]++;
        size_t off = 0;
        for (size_t b = 0; b < B; b++) {
            size_t c = cnt[b];
            cnt[b] = off;
            off += c;
        }
        for (size_t i = 0; i < n; i++)
            dst[cnt[((uint64_t)src[i] >> sh) & (B - 1)]++] = src[i];
        int64_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != v)
        memcpy(v, src, n * sizeof *v);
    free(cnt);
}

/* The funnel's view of the closed deals of every snapshot's history (the
 * positions [lo, hi) of deals.by_closed), computed once as of the latest
 * instant: a deal closed before a snapshot's E whose stage history ends
 * before E has the same status and reach as of any later instant, and the
 * same delays (all its stage changes are before E). So the cache also
 * keeps, in by_closed order (read in sequence, not by deal index), what
 * the history takes of such a deal: its pipeline's first stage, its sales
 * cycle and, for a won deal, the delay of its first entry into each stage
 * (dl_off[i] .. dl_off[i + 1] of dl_stage / dl_val). */
struct reach_cache {
    size_t lo, hi;
    int8_t *status;
    int32_t *far;
    int64_t *last; /* its last stage change (INT64_MIN: none) */
    int32_t *first;
    int64_t *cycle;
    size_t *dl_off;
    int32_t *dl_stage;
    int64_t *dl_val;
};

static void reach_free(struct reach_cache *c)
{
    free(c->status);
    free(c->far);
    free(c->last);
    free(c->first);
    free(c->cycle);
    free(c->dl_off);
    free(c->dl_stage);
    free(c->dl_val);
    memset(c, 0, sizeof *c);
}

/* Whether the cache holds deal position k as of E. */
static bool cached(const struct reach_cache *c, size_t k, int64_t E)
{
    return c && k >= c->lo && k < c->hi && c->last[k - c->lo] < E;
}

/* The history of E: p(s), the delays, the sales cycles. */
static vo_err snap_history(const struct vo_dataset *ds, const struct reach_cache *rc,
                           struct snap *s, struct vo_error *e)
{
    const struct vo_ds_deals *D = &ds->deals;
    const struct vo_ds_stage_changes *C = &ds->sc;
    size_t ns = ds->stages.n;
    struct vo_ds_span sp = vo_ds_deals_closed(ds, year_before(ds, s->E), s->E);
    size_t nd = sp.hi - sp.lo;
    /* per stage: reached, won, delay count, fill cursor, seen stamp */
    size_t bytes = ns * (sizeof(double) + sizeof(int64_t *) + sizeof(size_t) * 2 +
                         sizeof(int64_t) * 2 + sizeof(int64_t));
    s->mem = calloc(1, bytes ? bytes : 1);
    s->cycle = calloc(nd ? nd : 1, sizeof *s->cycle); /* zeroed: see dbuf below */
    if (!s->mem || !s->cycle)
        return no_memory(e);
    char *m = s->mem;
    s->p = (double *)m;
    m += ns * sizeof(double);
    s->delay = (int64_t **)m;
    m += ns * sizeof(int64_t *);
    s->ndelay = (size_t *)m;
    m += ns * sizeof(size_t);
    size_t *fill = (size_t *)m;
    m += ns * sizeof(size_t);
    int64_t *reached = (int64_t *)m;
    m += ns * sizeof(int64_t);
    int64_t *won = (int64_t *)m;
    m += ns * sizeof(int64_t);
    int64_t *seen = (int64_t *)m; /* the last deal (+1) that entered the stage */
    /* pass 1: counts; pass 2: the delays */
    size_t total = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t k = sp.lo; k < sp.hi; k++) {
            if (cached(rc, k, s->E)) {
                size_t i = k - rc->lo;
                int status = rc->status[i];
                if (status == VO_DEAL_OPEN)
                    continue;
                bool w = status == VO_DEAL_WON;
                int32_t first = rc->first[i];
                if (pass == 0) {
                    for (int32_t p = 0; p <= rc->far[i]; p++) {
                        reached[first + p]++;
                        won[first + p] += w;
                    }
                    if (w)
                        s->cycle[s->ncycle++] = rc->cycle[i];
                }
                if (!w)
                    continue;
                for (size_t j = rc->dl_off[i]; j < rc->dl_off[i + 1]; j++) {
                    int32_t st = rc->dl_stage[j];
                    if (pass == 0) {
                        s->ndelay[st]++;
                        total++;
                    } else {
                        s->delay[st][fill[st]++] = rc->dl_val[j];
                    }
                }
                continue;
            }
            size_t d = (size_t)D->by_closed[k];
            int32_t first;
            size_t nst;
            pipe_of(ds, d, &first, &nst);
            struct vo_funnel_at at;
            vo_funnel_deal_at(ds, d, first, nst, s->E, &at);
            if (at.status == VO_DEAL_OPEN)
                continue;
            bool w = at.status == VO_DEAL_WON;
            if (pass == 0) {
                for (int32_t p = 0; p <= at.far; p++) {
                    reached[first + p]++;
                    won[first + p] += w;
                }
                if (w)
                    s->cycle[s->ncycle++] =
                        D->closed_at[d] > D->created_at[d] ? D->closed_at[d] - D->created_at[d] : 0;
            }
            if (!w)
                continue;
            /* the first entry into each stage of its recorded history */
            size_t lo = (size_t)D->sc_first[d], hi = (size_t)D->sc_first[d + 1];
            for (size_t c = lo; c < hi && C->at[c] < s->E; c++) {
                int32_t st = C->stage[c];
                if (st < first || st >= first + (int32_t)nst || seen[st] == (int64_t)d + 1)
                    continue;
                seen[st] = (int64_t)d + 1;
                if (pass == 0) {
                    s->ndelay[st]++;
                    total++;
                } else {
                    int64_t dl = D->closed_at[d] - C->at[c];
                    s->delay[st][fill[st]++] = dl > 0 ? dl : 0;
                }
            }
        }
        if (pass == 0) {
            /* zeroed: pass 1 fills exactly what pass 0 counted, which a
             * static analyser cannot follow */
            s->dbuf = calloc(total ? total : 1, sizeof *s->dbuf);
            if (!s->dbuf)
                return no_memory(e);
            size_t off = 0;
            for (size_t st = 0; st < ns; st++) {
                s->delay[st] = s->dbuf + off;
                off += s->ndelay[st];
                seen[st] = 0;
            }
        }
    }
    int64_t *tmp = malloc((total > s->ncycle ? total : s->ncycle + 1) * sizeof *tmp);
    if (!tmp)
        return no_memory(e);
    for (size_t st = 0; st < ns; st++) {
        s->p[st] = reached[st] ? (double)won[st] / (double)reached[st] : NAN;
        sort_delays(s->delay[st], s->ndelay[st], tmp);
    }
    sort_delays(s->cycle, s->ncycle, tmp);
    free(tmp);
    return VO_OK;
}

/* The deals open at E (of pipeline pipe, or all) and their stage at E. */
static vo_err snap_open(const struct vo_dataset *ds, int32_t pipe, struct snap *s,
                        struct vo_error *e)
{
    int32_t *all = NULL;
    size_t n = 0;
    if (!vo_ds_deals_open_at(ds, s->E, &all, &n))
        return no_memory(e);
    s->open = all;
    s->stage = malloc((n ? n : 1) * sizeof *s->stage);
    if (!s->stage)
        return no_memory(e);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        size_t d = (size_t)all[i];
        if (pipe != VO_FC_ANY_PIPE && ds->deals.pipeline[d] != pipe)
            continue;
        int32_t first;
        size_t nst;
        pipe_of(ds, d, &first, &nst);
        struct vo_funnel_at at;
        vo_funnel_deal_at(ds, d, first, nst, s->E, &at);
        s->open[k] = (int32_t)d;
        s->stage[k++] = at.pos >= 0 ? first + at.pos : -1;
    }
    s->nopen = k;
    return VO_OK;
}

static vo_err snap_take(const struct vo_dataset *ds, const struct reach_cache *c, int64_t E,
                        int32_t pipe, struct snap *s, struct vo_error *e)
{
    memset(s, 0, sizeof *s);
    s->E = E;
    vo_err rc = snap_history(ds, c, s, e);
    if (!rc)
        rc = snap_open(ds, pipe, s, e);
    return rc;
}

/* The delays of stage st: its own, else the sales cycles. */
static const int64_t *delays_of(const struct snap *s, int32_t st, size_t *n)
{
    if (st >= 0 && s->ndelay[st]) {
        *n = s->ndelay[st];
        return s->delay[st];
    }
    *n = s->ncycle;
    return s->cycle;
}

/* The positions of the sorted v[0..n) with v < x. */
static size_t below(const int64_t *v, size_t n, int64_t x)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* q(st) for the period [from, to): p(st) * the share of its delays d with
 * from <= E + d < to. 0 when p is none or there is no delay. */
static double q_of(const struct snap *s, int32_t st, int64_t from, int64_t to)
{
    if (st < 0 || isnan(s->p[st]) || s->p[st] <= 0 || to <= s->E)
        return 0;
    size_t n;
    const int64_t *v = delays_of(s, st, &n);
    if (n == 0)
        return 0;
    size_t in = below(v, n, to - s->E) - below(v, n, from - s->E);
    return s->p[st] * (double)in / (double)n;
}

/* The median of delay(st) (METRICS.md: an even count takes the mean of
 * the middle two, rounded half away); VO_NULL when none. */
static int64_t median_of(const struct snap *s, int32_t st)
{
    size_t n;
    const int64_t *v = delays_of(s, st, &n);
    if (st < 0 || n == 0)
        return VO_NULL;
    if (n % 2)
        return v[n / 2];
    return vo_money_round(((double)v[n / 2 - 1] + (double)v[n / 2]) / 2);
}

/* Revenue (METRICS.md) of the deals of pipe and user won in [from, to). */
static int64_t revenue(const struct vo_dataset *ds, int32_t pipe, int32_t user, int64_t from,
                       int64_t to)
{
    const struct vo_ds_deals *D = &ds->deals;
    int64_t sum = 0;
    if (to <= from)
        return 0;
    struct vo_ds_span sp = vo_ds_deals_closed(ds, from, to);
    for (size_t k = sp.lo; k < sp.hi; k++) {
        int32_t d = D->by_closed[k];
        if (D->status[d] != VO_DEAL_WON || D->amount[d] == VO_NULL ||
            (pipe != VO_FC_ANY_PIPE && D->pipeline[d] != pipe) ||
            (user != VO_FC_ANY_USER && D->owner[d] != user))
            continue;
        sum += D->amount[d];
    }
    return sum;
}

/* Working room of scope_figures: stages + 2 counts, the amounts of the
 * largest snapshot, a group pointer and a q per stage. */
struct work {
    size_t *cnt;
    int64_t *amt;
    const int64_t **gp;
    double *q;
};

/* The figures of the open deals of snapshot s owned by user (or all) for
 * the period [from, to), with fact added to every run. */
static vo_err scope_figures(const struct vo_dataset *ds, const struct vo_fc_query *qq,
                            const struct snap *s, int32_t user, int64_t from, int64_t to,
                            int64_t fact, struct work *w, struct vo_fc_figures *f,
                            struct vo_error *e)
{
    size_t ns = ds->stages.n;
    memset(w->cnt, 0, (ns + 2) * sizeof *w->cnt);
    double weighted = 0;
    f->open_deals = 0;
    for (size_t i = 0; i < s->nopen; i++) {
        int32_t d = s->open[i];
        if (user != VO_FC_ANY_USER && ds->deals.owner[d] != user)
            continue;
        f->open_deals++;
        int64_t a = ds->deals.amount[d];
        int32_t st = s->stage[i];
        if (a == VO_NULL || a == 0 || st < 0)
            continue;
        if (!isnan(s->p[st]))
            weighted += (double)a * s->p[st];
        w->cnt[st + 1]++;
    }
    /* counts -> offsets, then the amounts grouped by stage */
    for (size_t st = 0; st < ns; st++)
        w->cnt[st + 1] += w->cnt[st];
    for (size_t i = 0; i < s->nopen; i++) {
        int32_t d = s->open[i];
        int64_t a = ds->deals.amount[d];
        int32_t st = s->stage[i];
        if ((user != VO_FC_ANY_USER && ds->deals.owner[d] != user) || a == VO_NULL || a == 0 ||
            st < 0)
            continue;
        w->amt[w->cnt[st]++] = a;
    }
    /* cnt[st] is now the end of stage st, its start cnt[st - 1] */
    size_t ng = 0, start = 0;
    size_t *len = malloc((ns ? ns : 1) * sizeof *len);
    if (!len)
        return no_memory(e);
    for (size_t st = 0; st < ns; st++) {
        size_t end = w->cnt[st];
        if (end > start) {
            w->gp[ng] = w->amt + start;
            len[ng] = end - start;
            w->q[ng] = q_of(s, (int32_t)st, from, to);
            ng++;
        }
        start = end;
    }
    f->weighted_pipeline = vo_money_round(weighted);
    f->fact = fact;
    int64_t pct[3];
    vo_err rc = vo_fc_monte_carlo(ng, (const int64_t *const *)w->gp, len, w->q, fact, qq->runs,
                                  qq->seed, pct, e);
    free(len);
    if (rc)
        return rc;
    f->p10 = pct[0];
    f->p50 = pct[1];
    f->p90 = pct[2];
    return VO_OK;
}

static vo_err work_alloc(const struct vo_dataset *ds, size_t nopen, struct work *w,
                         struct vo_error *e)
{
    size_t ns = ds->stages.n;
    w->cnt = malloc((ns + 2) * sizeof *w->cnt);
    w->amt = malloc((nopen ? nopen : 1) * sizeof *w->amt);
    w->gp = malloc((ns ? ns : 1) * sizeof *w->gp);
    w->q = malloc((ns ? ns : 1) * sizeof *w->q);
    if (!w->cnt || !w->amt || !w->gp || !w->q)
        return no_memory(e);
    return VO_OK;
}

static void work_free(struct work *w)
{
    free(w->cnt);
    free(w->amt);
    free(w->gp);
    free(w->q);
    memset(w, 0, sizeof *w);
}

/* The cache of the deal positions sp of by_closed as of newest (struct
 * reach_cache). */
static vo_err reach_build(const struct vo_dataset *ds, struct vo_ds_span sp, int64_t newest,
                          struct reach_cache *c, struct vo_error *e)
{
    const struct vo_ds_deals *D = &ds->deals;
    const struct vo_ds_stage_changes *C = &ds->sc;
    size_t nc = sp.hi - sp.lo, ndl = 0;
    c->lo = sp.lo;
    c->hi = sp.hi;
    c->status = malloc(nc + 1);
    c->far = malloc((nc + 1) * sizeof *c->far);
    c->last = malloc((nc + 1) * sizeof *c->last);
    c->first = malloc((nc + 1) * sizeof *c->first);
    c->cycle = malloc((nc + 1) * sizeof *c->cycle);
    c->dl_off = calloc(nc + 1, sizeof *c->dl_off);
    if (!c->status || !c->far || !c->last || !c->first || !c->cycle || !c->dl_off)
        return no_memory(e);
    /* pass 0: the reach and the delay count; pass 1: the delays */
    for (int pass = 0; pass < 2; pass++) {
        size_t j = 0;
        for (size_t k = sp.lo; k < sp.hi; k++) {
            size_t i = k - sp.lo, d = (size_t)D->by_closed[k];
            int32_t pf;
            size_t pn;
            pipe_of(ds, d, &pf, &pn);
            if (pass == 0) {
                struct vo_funnel_at at;
                vo_funnel_deal_at(ds, d, pf, pn, newest, &at);
                int32_t hi = D->sc_first[d + 1];
                c->status[i] = (int8_t)at.status;
                c->far[i] = at.far;
                c->last[i] = hi > D->sc_first[d] ? C->at[hi - 1] : INT64_MIN;
                c->first[i] = pf;
                c->cycle[i] =
                    D->closed_at[d] > D->created_at[d] ? D->closed_at[d] - D->created_at[d] : 0;
            } else {
                c->dl_off[i] = j;
            }
            if (c->status[i] != VO_DEAL_WON)
                continue;
            /* the first entry into each stage of its recorded history */
            size_t lo = (size_t)D->sc_first[d], hi = (size_t)D->sc_first[d + 1];
            for (size_t x = lo; x < hi; x++) {
                int32_t st = C->stage[x];
                if (st < pf || st >= pf + (int32_t)pn)
                    continue;
                bool again = false;
                for (size_t y = lo; y < x && !again; y++)
                    again = C->stage[y] == st;
                if (again)
                    continue;
                if (pass == 0) {
                    ndl++;
                } else {
                    int64_t dl = D->closed_at[d] - C->at[x];
                    c->dl_stage[j] = st;
                    c->dl_val[j++] = dl > 0 ? dl : 0;
                }
            }
        }
        if (pass == 0) {
            c->dl_stage = calloc(ndl + 1, sizeof *c->dl_stage);
            c->dl_val = calloc(ndl + 1, sizeof *c->dl_val);
            if (!c->dl_stage || !c->dl_val)
                return no_memory(e);
        } else {
            c->dl_off[nc] = j;
        }
    }
    return VO_OK;
}

/* ---- the report ---- */

struct month_snap {
    struct snap s;
    struct vo_period m;
};

static void mape_of(struct vo_fc_backtest *bt)
{
    double sum = 0;
    int n = 0;
    for (int i = 0; i < VO_FC_BACKTEST; i++)
        if (!isnan(bt->months[i].ape)) {
            sum += bt->months[i].ape;
            n++;
        }
    bt->mape = n ? sum / n : NAN;
}

/* The backtest of user (or all) over the month snapshots ms. */
static vo_err backtest(const struct vo_dataset *ds, const struct vo_fc_query *q,
                       struct month_snap *ms, int32_t user, struct work *w,
                       struct vo_fc_backtest *bt, struct vo_error *e)
{
    for (int i = 0; i < VO_FC_BACKTEST; i++) {
        struct vo_fc_month *mo = &bt->months[i];
        struct vo_fc_figures f;
        vo_err rc = scope_figures(ds, q, &ms[i].s, user, ms[i].m.start, ms[i].m.end, 0, w, &f, e);
        if (rc)
            return rc;
        mo->first = ms[i].m.first;
        mo->forecast = f.p50;
        mo->actual = revenue(ds, q->pipeline, user, ms[i].m.start, ms[i].m.end);
        mo->ape = mo->actual ? fabs((double)(mo->forecast - mo->actual)) / (double)mo->actual : NAN;
    }
    mape_of(bt);
    return VO_OK;
}

/* Scope figures plus backtest of one user (or all). */
static vo_err scope_all(const struct vo_dataset *ds, const struct vo_fc_query *q,
                        const struct snap *now, struct month_snap *ms, int32_t user, struct work *w,
                        struct vo_fc_figures *f, struct vo_fc_backtest *bt, struct vo_error *e)
{
    int64_t stop = q->as_of < q->period.end ? q->as_of : q->period.end;
    int64_t fact = revenue(ds, q->pipeline, user, q->period.start, stop);
    vo_err rc = scope_figures(ds, q, now, user, q->period.start, q->period.end, fact, w, f, e);
    if (!rc)
        rc = backtest(ds, q, ms, user, w, bt, e);
    return rc;
}

struct deal_key {
    struct vo_fc_deal d;
    int64_t amount, id;
};

static int cmp_deal(const void *pa, const void *pb)
{
    const struct deal_key *a = pa, *b = pb;
    if (a->d.prob != b->d.prob)
        return a->d.prob > b->d.prob ? -1 : 1;
    if (a->amount != b->amount)
        return a->amount > b->amount ? -1 : 1;
    return (a->id > b->id) - (a->id < b->id);
}

static vo_err list_deals(const struct vo_dataset *ds, const struct vo_fc_query *q,
                         const struct snap *s, struct vo_arena *a, struct vo_forecast *out,
                         struct vo_error *e)
{
    struct deal_key *k = malloc((s->nopen ? s->nopen : 1) * sizeof *k);
    if (!k)
        return no_memory(e);
    size_t n = 0;
    for (size_t i = 0; i < s->nopen; i++) {
        int32_t d = s->open[i];
        if (q->user != VO_FC_ANY_USER && ds->deals.owner[d] != q->user)
            continue;
        int32_t st = s->stage[i];
        int64_t med = median_of(s, st);
        k[n].d = (struct vo_fc_deal){.deal = d,
                                     .stage = st,
                                     .prob = q_of(s, st, q->period.start, q->period.end),
                                     .expected_close = med == VO_NULL ? VO_NULL : s->E + med};
        k[n].amount = ds->deals.amount[d] == VO_NULL ? -1 : ds->deals.amount[d];
        k[n].id = ds->deals.id[d];
        n++;
    }
    qsort(k, n, sizeof *k, cmp_deal);
    out->deals = vo_arena_array(a, n + 1, sizeof *out->deals);
    if (!out->deals) {
        free(k);
        return no_memory(e);
    }
    for (size_t i = 0; i < n; i++)
        out->deals[i] = k[i].d;
    out->ndeals = n;
    free(k);
    return VO_OK;
}

/* The fact so far day by day (forecast.h). */
static vo_err fact_days(const struct vo_dataset *ds, const struct vo_fc_query *q,
                        struct vo_arena *a, struct vo_forecast *out, struct vo_error *e)
{
    int64_t stop = q->as_of < q->period.end ? q->as_of : q->period.end;
    int64_t ndays = vo_date_days(q->period.last) - vo_date_days(q->period.first) + 1;
    out->fact_day = vo_arena_array(a, (size_t)(ndays > 0 ? ndays : 0) + 1, sizeof(int64_t));
    if (!out->fact_day)
        return no_memory(e);
    struct vo_date d = q->period.first;
    for (int64_t i = 0; i < ndays; i++) {
        int64_t from = vo_cal_day_start(&ds->cal, d);
        if (from >= stop)
            break;
        d = vo_date_add_days(d, 1);
        int64_t to = vo_cal_day_start(&ds->cal, d);
        out->fact_day[out->nfact_days++] =
            revenue(ds, q->pipeline, q->user, q->period.start, to < stop ? to : stop);
    }
    return VO_OK;
}

/* Whether user u gets a row: a selling user (an active manager or head),
 * or the owner of an open deal or of revenue in the period. */
static bool row_user(const struct vo_dataset *ds, size_t u, const bool *owns)
{
    uint8_t r = ds->users.role[u];
    return owns[u] || (ds->users.active[u] && (r == VO_ROLE_MANAGER || r == VO_ROLE_HEAD));
}

static vo_err rows_of(const struct vo_dataset *ds, const struct vo_fc_query *q,
                      const struct snap *now, struct month_snap *ms, struct work *w,
                      struct vo_arena *a, struct vo_forecast *out, struct vo_error *e)
{
    size_t nu = ds->users.n;
    bool *owns = calloc(nu ? nu : 1, sizeof *owns);
    int32_t *v = malloc((nu ? nu : 1) * sizeof *v);
    out->rows = vo_arena_array(a, nu + 1, sizeof *out->rows);
    vo_err rc = VO_OK;
    if (!owns || !v || !out->rows) {
        rc = no_memory(e);
        goto done;
    }
    for (size_t i = 0; i < now->nopen; i++)
        owns[ds->deals.owner[now->open[i]]] = true;
    int64_t stop = q->as_of < q->period.end ? q->as_of : q->period.end;
    struct vo_ds_span sp = vo_ds_deals_closed(ds, q->period.start, stop);
    for (size_t k = sp.lo; k < sp.hi; k++) {
        int32_t d = ds->deals.by_closed[k];
        if (ds->deals.status[d] == VO_DEAL_WON)
            owns[ds->deals.owner[d]] = true;
    }
    size_t n = 0;
    for (size_t u = 0; u < nu; u++)
        if (row_user(ds, u, owns) && (q->user == VO_FC_ANY_USER || q->user == (int32_t)u))
            v[n++] = (int32_t)u;
    vo_ds_users_sort_by_name(&ds->users, v, n);
    for (size_t i = 0; i < n && !rc; i++) {
        out->rows[i].user = v[i];
        rc = scope_all(ds, q, now, ms, v[i], w, &out->rows[i].f, &out->rows[i].bt, e);
    }
    out->nrows = n;
done:
    free(owns);
    free(v);
    return rc;
}

vo_err vo_forecast_compute(const struct vo_dataset *ds, const struct vo_fc_query *q,
                           struct vo_arena *a, struct vo_forecast *out, struct vo_error *e)
{
    memset(out, 0, sizeof *out);
    if (q->runs < 1 || q->runs > 1000000)
        return vo_error_set(e, VO_EINVAL, "runs", "runs must be from 1 to 1000000");
    size_t ns = ds->stages.n;
    struct snap now;
    struct month_snap ms[VO_FC_BACKTEST];
    memset(ms, 0, sizeof ms);
    struct work w = {0};
    /* the backtest months: the 6 before the month of as_of's date */
    struct vo_period cur = vo_cal_month(&ds->cal, vo_cal_as_of_date(&ds->cal, q->as_of));
    struct vo_date first = cur.first;
    for (int i = VO_FC_BACKTEST - 1; i >= 0; i--) {
        first.m -= 1;
        if (first.m == 0) {
            first.m = 12;
            first.y -= 1;
        }
        ms[i].m = vo_cal_month(&ds->cal, first);
    }
    /* the reach of every deal closed in any snapshot's history, once */
    struct reach_cache c = {0};
    int64_t newest =
        q->as_of > ms[VO_FC_BACKTEST - 1].m.start ? q->as_of : ms[VO_FC_BACKTEST - 1].m.start;
    int64_t oldest = q->as_of < ms[0].m.start ? q->as_of : ms[0].m.start;
    struct vo_ds_span sp = vo_ds_deals_closed(ds, year_before(ds, oldest), newest);
    vo_err rc = reach_build(ds, sp, newest, &c, e);
    if (!rc)
        rc = snap_take(ds, &c, q->as_of, q->pipeline, &now, e);
    size_t maxopen = now.nopen;
    for (int i = 0; i < VO_FC_BACKTEST && !rc; i++) {
        rc = snap_take(ds, &c, ms[i].m.start, q->pipeline, &ms[i].s, e);
        if (!rc && ms[i].s.nopen > maxopen)
            maxopen = ms[i].s.nopen;
    }
    reach_free(&c);
    if (!rc)
        rc = work_alloc(ds, maxopen, &w, e);
    if (!rc)
        rc = scope_all(ds, q, &now, ms, q->user, &w, &out->f, &out->bt, e);
    if (!rc && q->by_user)
        rc = rows_of(ds, q, &now, ms, &w, a, out, e);
    if (!rc && q->list)
        rc = list_deals(ds, q, &now, a, out, e);
    if (!rc)
        rc = fact_days(ds, q, a, out, e);
    if (!rc) {
        out->p = vo_arena_array(a, ns + 1, sizeof *out->p);
        out->delay_median = vo_arena_array(a, ns + 1, sizeof *out->delay_median);
        if (!out->p || !out->delay_median)
            rc = no_memory(e);
        for (size_t st = 0; st < ns && !rc; st++) {
            out->p[st] = now.p[st];
            out->delay_median[st] = median_of(&now, (int32_t)st);
        }
    }
    work_free(&w);
    snap_free(&now);
    for (int i = 0; i < VO_FC_BACKTEST; i++)
        snap_free(&ms[i].s);
    return rc;
}
