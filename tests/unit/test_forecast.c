/*
 * test_forecast.c - the forecast (analytics/forecast.c) on one small org
 * whose figures were worked out by hand from METRICS.md "Forecast" and the
 * rules of docs/reports.md ("Forecast"), and the Monte Carlo core on cases
 * whose answer is known exactly.
 *
 * The org (Europe/Moscow, all times local), pipeline Sales: New (1), Offer
 * (2). Report as of 2026-03-20, so E = 2026-03-21 00:00 and the history is
 * the deals closed in [2025-03-21 00:00, 2026-03-21 00:00).
 *   H1 Anna won  100000: New 2025-06-01 10:00, Offer 06-11 10:00, won 06-21 10:00
 *                        (delays: New 20 d, Offer 10 d)
 *   H2 Anna won   40000: New 2025-09-01 10:00, Offer 09-03 10:00, won 09-05 10:00
 *                        (New 4 d, Offer 2 d)
 *   H3 Anna lost: New 2025-10-01 10:00, Offer 10-05 10:00, lost 10-10 10:00
 *   H4 Anna lost: New 2025-11-01 10:00, lost 11-02 10:00
 *   H5 Anna lost: New, created 2025-03-01, lost 2025-03-20 23:30 (one half
 *      hour before the window: not in the history)
 *   H6 Anna lost: New, created 2025-03-01, lost 2025-03-21 00:10 (inside)
 *   W1 Anna won   70000: New (no moves: entered at creation) 2026-03-01 10:00,
 *                        won 2026-03-10 12:00 (New 9 d 2 h; Offer by the
 *                        won rule, no visit, no delay)
 *   B1 Anna won   60000: New 2026-01-20 10:00, Offer 01-26 10:00, won 02-05 10:00
 *                        (New 16 d, Offer 10 d)
 *   H7 Boris won  50000: New 2026-03-01 10:00, Offer 03-10 10:00, won
 *      2026-03-21 00:10 - after as_of: OPEN at E, in Offer
 *   O1 Anna open 100000: New since 2026-03-02 10:00
 *   O2 Boris open 30001: New 2026-03-05 10:00, Offer 03-15 10:00
 *   O3 Anna open, no amount: New since 2026-03-03 10:00
 *   Vera (a manager) has nothing.
 *
 * p(New) = won / reached = {H1, H2, W1, B1} / {H1, H2, H3, H4, H6, W1, B1}
 *        = 4/7 (with H5 it would be 4/8); p(Offer) = 4 / {H1, H2, H3, W1,
 *        B1} = 0.8.
 * delay(New) = {4 d, 9 d 2 h, 16 d, 20 d}, delay(Offer) = {2 d, 10 d, 10 d}.
 * Open at E: O1, O3 (New), O2, H7 (Offer): open_deals 4.
 * weighted = 100000 * 4/7 + (30001 + 50000) * 0.8 = 57142.857 + 64000.8
 *          = 121143.657 -> 121144.
 * Period March 2026: a delay counts when E + d < 2026-04-01 00:00, d < 11 d:
 * q(New) = 4/7 * 2/4 = 2/7, q(Offer) = 0.8 * 3/3 = 0.8.
 * fact = W1 = 70000 (H7 is after as_of).
 * X = the drawn sum: New adds 100000 w.p. 2/7; Offer: both (80001) 0.64,
 * 30001 only 0.16, 50000 only 0.16, none 0.04. The CDF of X:
 *   0 .0286 | 30001 .1429 | 50000 .2571 | 80001 .7143 | 100000 .7257 |
 *   130001 .7714 | 150000 .8171 | 180001 1
 * so P10 = 30001, P50 = 80001, P90 = 180001 (each at least .04 of CDF, 8
 * standard deviations of a 10,000-run estimate, from the next value), and
 * with the fact: 100001, 150001, 250001.
 * Backtest, the months Sep 2025 .. Feb 2026, each as of its first instant:
 *   Sep: nothing open at Sep 1 (H2 is created later that day): forecast 0,
 *        actual H2 40000, ape 1.
 *   Oct, Nov, Dec, Jan: nothing open, nothing won: 0, 0, ape null.
 *   Feb: B1 open in Offer; history [2025-02-01, 2026-02-01): p(Offer) =
 *        {H1, H2} / {H1, H2, H3} = 2/3, delays {2 d, 10 d} both inside
 *        February: q = 2/3; P50 of 60000 w.p. 2/3 is 60000; actual B1
 *        60000, ape 0.
 *   mape = (1 + 0) / 2 = 0.5.
 * By user: Anna: open 2, weighted 57143, fact 70000, P10 = P50 = 70000
 *   (no win w.p. 5/7), P90 170000. Boris: open 2, weighted 64001, fact 0,
 *   P10 30001 (CDF .04, .20), P50 = P90 = 80001. Vera: zeros.
 * List: by chance, then amount: H7 (0.8), O2 (0.8), O1 (2/7), O3 (2/7);
 *   expected close: Offer E + median 10 d = 2026-03-31 00:00; New E +
 *   (9 d 2 h + 16 d) / 2 = E + 12 d 13 h = 2026-04-02 13:00.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "analytics/dataset.h"
#include "analytics/forecast.h"
#include "fixture.h"
#include "store/hygiene_store.h"
#include "testutil.h"

static char *dir;
static struct vo_store *st;
static struct vo_svc svc;
static struct vo_arena arena;
static struct vo_dataset *ds;
static int64_t anna, boris, vera, team, pipe, s_new, s_offer;

static int64_t deal(const char *ext, int64_t owner, int64_t stage, enum vo_deal_status status,
                    int64_t amount, const char *created, const char *closed)
{
    return vo_fx_deal((struct vo_fx_deal){ext, pipe, stage, owner, 0, status, amount, created,
                                          closed, NULL, NULL});
}

/* A deal that entered New at created and Offer at offer (NULL: never). */
static void moved(const char *ext, int64_t owner, enum vo_deal_status status, int64_t amount,
                  const char *created, const char *offer, const char *closed)
{
    int64_t d = deal(ext, owner, offer ? s_offer : s_new, status, amount, created, closed);
    vo_fx_move(d, s_new, created);
    if (offer)
        vo_fx_move(d, s_offer, offer);
}

static void setup(void)
{
    vo_fx_open(&dir, &st, &svc, &arena);
    vo_fx_sales(&team, &anna, &boris, &vera, &pipe, &s_new);
    s_offer = vo_fx_stage(pipe, "Offer", 2, VO_NULL);
    moved("H1", anna, VO_DEAL_WON, 100000, "2025-06-01 10:00", "2025-06-11 10:00",
          "2025-06-21 10:00");
    moved("H2", anna, VO_DEAL_WON, 40000, "2025-09-01 10:00", "2025-09-03 10:00",
          "2025-09-05 10:00");
    moved("H3", anna, VO_DEAL_LOST, 10000, "2025-10-01 10:00", "2025-10-05 10:00",
          "2025-10-10 10:00");
    moved("H4", anna, VO_DEAL_LOST, 10000, "2025-11-01 10:00", NULL, "2025-11-02 10:00");
    deal("H5", anna, s_new, VO_DEAL_LOST, 10000, "2025-03-01 10:00", "2025-03-20 23:30");
    deal("H6", anna, s_new, VO_DEAL_LOST, 10000, "2025-03-01 10:00", "2025-03-21 00:10");
    deal("W1", anna, s_new, VO_DEAL_WON, 70000, "2026-03-01 10:00", "2026-03-10 12:00");
    moved("B1", anna, VO_DEAL_WON, 60000, "2026-01-20 10:00", "2026-01-26 10:00",
          "2026-02-05 10:00");
    moved("H7", boris, VO_DEAL_WON, 50000, "2026-03-01 10:00", "2026-03-10 10:00",
          "2026-03-21 00:10");
    deal("O1", anna, s_new, VO_DEAL_OPEN, 100000, "2026-03-02 10:00", NULL);
    moved("O2", boris, VO_DEAL_OPEN, 30001, "2026-03-05 10:00", "2026-03-15 10:00", NULL);
    deal("O3", anna, s_new, VO_DEAL_OPEN, VO_NULL, "2026-03-03 10:00", NULL);
    struct vo_error e = {0};
    cr_assert_eq(vo_store_commit(st, &e), VO_OK, "%s", e.msg);
    vo_fx_reload(&ds);
}

static void teardown(void)
{
    vo_test_org_end(&dir, &st, &svc, &arena, &ds);
}

static struct vo_fc_query march(void)
{
    struct vo_fc_query q = {.as_of = vo_fx_at("2026-03-21 00:00"),
                            .period = vo_cal_month(&ds->cal, (struct vo_date){2026, 3, 1}),
                            .pipeline = VO_FC_ANY_PIPE,
                            .user = VO_FC_ANY_USER,
                            .runs = VO_FC_RUNS,
                            .seed = VO_FC_SEED};
    return q;
}

static void compute(const struct vo_fc_query *q, struct vo_forecast *f)
{
    struct vo_error e = {0};
    cr_assert_eq(vo_forecast_compute(ds, q, &arena, f, &e), VO_OK, "%s", e.msg);
}

TestSuite(forecast, .init = setup, .fini = teardown);

Test(forecast, stage_probabilities_and_weighted_pipeline)
{
    struct vo_fc_query q = march();
    struct vo_forecast f;
    compute(&q, &f);
    int32_t n = vo_ds_stage_find(ds, s_new), o = vo_ds_stage_find(ds, s_offer);
    cr_assert_float_eq(f.p[n], 4.0 / 7.0, 1e-12);
    cr_assert_float_eq(f.p[o], 0.8, 1e-12);
    cr_assert_eq(f.f.open_deals, 4);
    cr_assert_eq(f.f.weighted_pipeline, 121144);
    cr_assert_eq(f.f.fact, 70000);
    cr_assert_eq(f.delay_median[o], 10 * 86400);
    cr_assert_eq(f.delay_median[n], 12 * 86400 + 13 * 3600);
    /* the fact day by day: March 1..20 (E is the end of the 20th); W1 is
     * won on the 10th */
    cr_assert_eq(f.nfact_days, 20);
    cr_assert_eq(f.fact_day[8], 0);
    cr_assert_eq(f.fact_day[9], 70000);
    cr_assert_eq(f.fact_day[19], 70000);
}

Test(forecast, monte_carlo_percentiles)
{
    struct vo_fc_query q = march();
    struct vo_forecast f;
    compute(&q, &f);
    cr_assert_eq(f.f.p10, 100001);
    cr_assert_eq(f.f.p50, 150001);
    cr_assert_eq(f.f.p90, 250001);
}

Test(forecast, backtest_months)
{
    struct vo_fc_query q = march();
    struct vo_forecast f;
    compute(&q, &f);
    static const int64_t fc[] = {0, 0, 0, 0, 0, 60000}, act[] = {40000, 0, 0, 0, 0, 60000};
    for (int i = 0; i < VO_FC_BACKTEST; i++) {
        struct vo_date want = {i < 4 ? 2025 : 2026, i < 4 ? 9 + i : i - 3, 1};
        cr_assert_eq(vo_date_cmp(f.bt.months[i].first, want), 0, "month %d", i);
        cr_assert_eq(f.bt.months[i].forecast, fc[i], "month %d", i);
        cr_assert_eq(f.bt.months[i].actual, act[i], "month %d", i);
    }
    cr_assert_float_eq(f.bt.months[0].ape, 1.0, 1e-12);
    for (int i = 1; i < 5; i++)
        cr_assert(isnan(f.bt.months[i].ape), "month %d", i);
    cr_assert_float_eq(f.bt.months[5].ape, 0.0, 1e-12);
    cr_assert_float_eq(f.bt.mape, 0.5, 1e-12);
}

Test(forecast, by_user)
{
    struct vo_fc_query q = march();
    q.by_user = true;
    struct vo_forecast f;
    compute(&q, &f);
    cr_assert_eq(f.nrows, 3);
    cr_assert_eq(f.rows[0].user, vo_ds_user_find(ds, anna));
    cr_assert_eq(f.rows[1].user, vo_ds_user_find(ds, boris));
    cr_assert_eq(f.rows[2].user, vo_ds_user_find(ds, vera));
    const struct vo_fc_figures *a = &f.rows[0].f, *b = &f.rows[1].f, *v = &f.rows[2].f;
    cr_assert_eq(a->open_deals, 2);
    cr_assert_eq(a->weighted_pipeline, 57143);
    cr_assert_eq(a->fact, 70000);
    cr_assert_eq(a->p10, 70000);
    cr_assert_eq(a->p50, 70000);
    cr_assert_eq(a->p90, 170000);
    cr_assert_eq(b->open_deals, 2);
    cr_assert_eq(b->weighted_pipeline, 64001);
    cr_assert_eq(b->fact, 0);
    cr_assert_eq(b->p10, 30001);
    cr_assert_eq(b->p50, 80001);
    cr_assert_eq(b->p90, 80001);
    cr_assert_eq(v->open_deals, 0);
    cr_assert_eq(v->p90, 0);
    /* Anna's backtest: Sep 40000 of hers, Feb B1 */
    cr_assert_eq(f.rows[0].bt.months[0].actual, 40000);
    cr_assert_eq(f.rows[0].bt.months[5].forecast, 60000);
    cr_assert_float_eq(f.rows[0].bt.mape, 0.5, 1e-12);
    cr_assert(isnan(f.rows[1].bt.mape));
}

Test(forecast, one_user_only)
{
    struct vo_fc_query q = march();
    q.user = vo_ds_user_find(ds, boris);
    q.by_user = true;
    struct vo_forecast f;
    compute(&q, &f);
    cr_assert_eq(f.f.open_deals, 2);
    cr_assert_eq(f.f.weighted_pipeline, 64001);
    cr_assert_eq(f.nrows, 1);
    cr_assert_eq(f.rows[0].user, q.user);
}

Test(forecast, deal_list)
{
    struct vo_fc_query q = march();
    q.list = true;
    struct vo_forecast f;
    compute(&q, &f);
    cr_assert_eq(f.ndeals, 4);
    static const char *const ext[] = {"H7", "O2", "O1", "O3"};
    for (size_t i = 0; i < 4; i++) {
        int64_t id = ds->deals.id[f.deals[i].deal];
        const char *x = NULL, *t = NULL;
        struct vo_error e = {0};
        cr_assert_eq(vo_store_deal_label(st, ds->org_id, id, &arena, &x, &t, &e), VO_OK);
        cr_assert_str_eq(x, ext[i]);
    }
    cr_assert_float_eq(f.deals[0].prob, 0.8, 1e-12);
    cr_assert_float_eq(f.deals[2].prob, 2.0 / 7.0, 1e-12);
    cr_assert_eq(f.deals[0].expected_close, vo_fx_at("2026-03-31 00:00"));
    cr_assert_eq(f.deals[3].expected_close, vo_fx_at("2026-04-02 13:00"));
}

Test(forecast, deterministic)
{
    struct vo_fc_query q = march();
    q.by_user = true;
    struct vo_forecast f, g;
    compute(&q, &f);
    compute(&q, &g);
    cr_assert_eq(memcmp(&f.f, &g.f, sizeof f.f), 0);
    for (size_t i = 0; i < f.nrows; i++)
        cr_assert_eq(memcmp(&f.rows[i].f, &g.rows[i].f, sizeof f.rows[i].f), 0);
}

Test(forecast, period_over_is_the_fact)
{
    /* as of the end of April the March forecast is what March made: W1
     * 70000 (H7 won 03-21 00:10 counts now: 120000), nothing left open to
     * land in it */
    struct vo_fc_query q = march();
    q.as_of = vo_fx_at("2026-05-01 00:00");
    struct vo_forecast f;
    compute(&q, &f);
    cr_assert_eq(f.f.fact, 120000);
    cr_assert_eq(f.f.p10, 120000);
    cr_assert_eq(f.f.p90, 120000);
}

/* ---- the Monte Carlo core ---- */

Test(forecast_mc, certain_outcomes)
{
    /* q = 1 adds every item, q = 0 none: every run is 3 + 5 + 7 = 15 */
    const int64_t a[] = {5, 7}, b[] = {100, 200};
    const int64_t *g[] = {a, b};
    const size_t n[] = {2, 2};
    const double q[] = {1.0, 0.0};
    int64_t p[3];
    struct vo_error e = {0};
    cr_assert_eq(vo_fc_monte_carlo(2, g, n, q, 3, VO_FC_RUNS, VO_FC_SEED, p, &e), VO_OK);
    cr_assert_eq(p[0], 15);
    cr_assert_eq(p[1], 15);
    cr_assert_eq(p[2], 15);
}

/* The exact nearest-rank quantile of Binomial(n, q): the least x with
 * CDF(x) >= pct / 100. */
static int64_t binom_quantile(int n, double q, double pct)
{
    double cdf = 0;
    for (int x = 0; x <= n; x++) {
        cdf += exp(lgamma(n + 1.0) - lgamma(x + 1.0) - lgamma(n - x + 1.0) + x * log(q) +
                   (n - x) * log1p(-q));
        if (cdf >= pct / 100.0 - 1e-12)
            return x;
    }
    return n;
}

/* n items of 1 with q: the total is Binomial(n, q). The count of the
 * 10,000 runs at or below x is Binomial(10000, CDF(x)), whose standard
 * deviation is at most 50 runs (0.005 of CDF); near P10..P90 the pmf of
 * Binomial(200, 0.3 or 0.7) is above 0.035, so one unit away from the exact
 * quantile is 7 standard deviations away: the sampled quantile is within
 * +-1 of the exact one (the seed is fixed, so the test is also
 * deterministic). q = 0.7 takes the path that draws the failures (by gaps)
 * or the blocks of 8 (q 0.3 and 0.7: min(q, 1 - q) above 0.15); 203 items
 * end on a part block (50 quads and 3 items), and q = 0.1 is drawn by
 * gaps. */
static void binomial_case(int items, double qq, uint64_t seed)
{
    static int64_t ones[256];
    for (int i = 0; i < items; i++)
        ones[i] = 1;
    const int64_t *g[] = {ones};
    const size_t n[] = {(size_t)items};
    const double q[] = {qq};
    int64_t p[3];
    struct vo_error e = {0};
    cr_assert_eq(vo_fc_monte_carlo(1, g, n, q, 0, VO_FC_RUNS, seed, p, &e), VO_OK);
    static const double pct[] = {10, 50, 90};
    for (int k = 0; k < 3; k++) {
        int64_t want = binom_quantile(items, qq, pct[k]);
        cr_assert(llabs(p[k] - want) <= 1, "n %d q %g P%g: %lld, exact %lld", items, qq, pct[k],
                  (long long)p[k], (long long)want);
    }
}

Test(forecast_mc, binomial_against_exact_quantiles)
{
    binomial_case(200, 0.3, VO_FC_SEED);
    binomial_case(200, 0.7, VO_FC_SEED);
    binomial_case(200, 0.3, 12345);
    binomial_case(203, 0.45, VO_FC_SEED);
    binomial_case(203, 0.2, 7);
    binomial_case(250, 0.1, VO_FC_SEED);
}

/* The blocks add each item's own amount: items 1, 2, 4, .. 2^9 (10 items,
 * two quads and a part one) with q = 0.5: every subset is equally likely,
 * so the total is uniform on 0 .. 1023 and its nearest-rank P10 / P50 /
 * P90 are within 2% of 102, 511, 921 (a run count off by 200 of 10,000 is
 * 4 standard deviations). */
Test(forecast_mc, blocks_add_the_right_items)
{
    int64_t a[10];
    for (int i = 0; i < 10; i++)
        a[i] = (int64_t)1 << i;
    const int64_t *g[] = {a};
    const size_t n[] = {10};
    const double q[] = {0.5};
    int64_t p[3];
    struct vo_error e = {0};
    cr_assert_eq(vo_fc_monte_carlo(1, g, n, q, 0, VO_FC_RUNS, VO_FC_SEED, p, &e), VO_OK);
    static const int64_t want[] = {102, 511, 921};
    for (int k = 0; k < 3; k++)
        cr_assert(llabs(p[k] - want[k]) <= 21, "P%d: %lld", k, (long long)p[k]);
}

Test(forecast_mc, same_seed_same_numbers)
{
    const int64_t a[] = {10, 20, 30, 40, 50};
    const int64_t *g[] = {a};
    const size_t n[] = {5};
    const double q[] = {0.4};
    int64_t p[3], r[3];
    struct vo_error e = {0};
    cr_assert_eq(vo_fc_monte_carlo(1, g, n, q, 0, VO_FC_RUNS, 7, p, &e), VO_OK);
    cr_assert_eq(vo_fc_monte_carlo(1, g, n, q, 0, VO_FC_RUNS, 7, r, &e), VO_OK);
    cr_assert_eq(memcmp(p, r, sizeof p), 0);
}
