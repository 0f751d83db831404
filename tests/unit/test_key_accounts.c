/*
 * test_key_accounts.c - the key accounts' plan-fact (analytics/
 * key_accounts.h) on a small org worked out by hand (docs/reports.md "Key
 * accounts"; METRICS.md "Windows and attribution").
 *
 * The org (Europe/Moscow, all times local). The month M = 2026-06, as_of
 * 2026-06-20, so E = 2026-06-21 00:00: the fact counts [2026-06-01 00:00,
 * 2026-06-21 00:00); the history is the 12 months 2025-07 .. 2026-06.
 *   K1 (Anna), plan 100000:
 *     30000 at 2026-06-01 00:10 (in M: its first minutes),
 *     20000 at 2026-05-31 23:30 (May: history only),
 *     40000 at 2026-06-20 23:30 (in: the last minutes before E),
 *     99999 at 2026-06-21 00:10 (after as_of: out),
 *     10000 at 2026-06-10 12:00, a payment of deal D1 with no client of
 *       its own (its client is D1's, K1: in),
 *     7000 at 2025-07-01 00:10 (the history's first month),
 *     5000 at 2025-06-30 23:30 (before the history: out).
 *     D1 won 2026-06-05 12:00, 50000; D2 won 2026-06-25 12:00, 70000
 *     (closed after as_of: out); D3 lost 2026-03-10 (not won).
 *   K2 (Boris), no plan: 15000 at 2026-06-15 12:00.
 *   K3 (Anna), plan 0: nothing.
 *   C4 (Anna), not a key account: 123456 at 2026-06-02 (not listed).
 *   A payment with neither client nor deal's client: 5000000 (left out).
 * By hand: K1 fact = 30000 + 40000 + 10000 = 80000, pct 80000 / 100000 =
 *   0.8; history 2025-07 {7000, 0 won}, 2026-05 {20000}, 2026-06 {80000,
 *   1 won, 50000}, the other months 0. K2 fact 15000, pct null (no plan);
 *   K3 fact 0, pct null (plan 0). Rows by fact desc: K1, K2, K3. Totals:
 *   plan 100000 + 0 = 100000, fact 95000.
 * Anna (a manager) reads K1 and K3: plan 100000, fact 80000.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "analytics/dataset.h"
#include "analytics/key_accounts.h"
#include "clients_fixture.h"
#include "fixture.h"
#include "testutil.h"

static struct vo_fx_co co;
static int64_t k1, k2, k3, c4;

static void setup(void)
{
    vo_fx_co_open(&co);
    k1 = vo_fx_co_client(&co, "K1", co.anna);
    k2 = vo_fx_co_client(&co, "K2", co.boris);
    k3 = vo_fx_co_client(&co, "K3", co.anna);
    c4 = vo_fx_co_client(&co, "C4", co.anna);
    int64_t d1 =
        vo_fx_deal((struct vo_fx_deal){"D1", co.pipe, co.s_new, co.anna, k1, VO_DEAL_WON, 50000,
                                       "2026-05-01 10:00", "2026-06-05 12:00", NULL, NULL});
    vo_fx_deal((struct vo_fx_deal){"D2", co.pipe, co.s_new, co.anna, k1, VO_DEAL_WON, 70000,
                                   "2026-05-01 10:00", "2026-06-25 12:00", NULL, NULL});
    vo_fx_deal((struct vo_fx_deal){"D3", co.pipe, co.s_new, co.anna, k1, VO_DEAL_LOST, 90000,
                                   "2026-02-01 10:00", "2026-03-10 12:00", NULL, NULL});
    vo_fx_pay("p1a", 30000, "2026-06-01 00:10", 0, k1);
    vo_fx_pay("p1b", 20000, "2026-05-31 23:30", 0, k1);
    vo_fx_pay("p1c", 40000, "2026-06-20 23:30", 0, k1);
    vo_fx_pay("p1d", 99999, "2026-06-21 00:10", 0, k1);
    vo_fx_pay("p1e", 10000, "2026-06-10 12:00", d1, 0);
    vo_fx_pay("p1f", 7000, "2025-07-01 00:10", 0, k1);
    vo_fx_pay("p1g", 5000, "2025-06-30 23:30", 0, k1);
    vo_fx_pay("p2", 15000, "2026-06-15 12:00", 0, k2);
    vo_fx_pay("p4", 123456, "2026-06-02 12:00", 0, c4);
    int64_t d0 = vo_fx_deal((struct vo_fx_deal){"D0", co.pipe, co.s_new, co.vera, 0, VO_DEAL_OPEN,
                                                VO_NULL, "2026-01-01 10:00", NULL, NULL, NULL});
    vo_fx_pay("p0", 5000000, "2026-06-03 12:00", d0, 0);
    vo_fx_co_load(&co);
}

static void teardown(void)
{
    vo_fx_co_close(&co);
}

TestSuite(key_accounts, .init = setup, .fini = teardown);

static struct vo_ka compute(int64_t owner)
{
    struct vo_error e = {0};
    int64_t as_of = vo_fx_co_as_of(&co, "2026-06-20");
    int32_t clients[] = {vo_ds_client_find(co.ds, k1), vo_ds_client_find(co.ds, k2),
                         vo_ds_client_find(co.ds, k3)};
    int64_t plans[] = {100000, VO_NULL, 0};
    struct vo_ka_query q = {.as_of = as_of,
                            .month = {2026, 6, 20},
                            .owner = owner ? vo_ds_user_find(co.ds, owner) : -1,
                            .clients = clients,
                            .plans = plans,
                            .n = 3};
    struct vo_ka r;
    cr_assert_eq(vo_ka_compute(co.ds, &q, &co.arena, &r, &e), VO_OK, "%s", e.msg);
    return r;
}

Test(key_accounts, plan_fact_window_edges_and_history)
{
    struct vo_ka r = compute(0);
    cr_expect_eq(r.month.start, vo_fx_at("2026-06-01 00:00"));
    cr_expect_eq(r.month.end, vo_fx_at("2026-07-01 00:00"));
    cr_assert_eq(r.n, 3);
    cr_expect_eq(r.plan, 100000);
    cr_expect_eq(r.fact, 95000);
    /* K1 */
    const struct vo_ka_row *x = &r.rows[0];
    cr_expect_eq(x->client_id, k1);
    cr_expect_eq(x->plan, 100000);
    cr_expect_eq(x->fact, 80000);
    cr_expect(fabs(x->pct - 0.8) < 1e-15, "pct %.17g", x->pct);
    cr_expect(x->history[0].month.y == 2025 && x->history[0].month.m == 7);
    cr_expect(x->history[11].month.y == 2026 && x->history[11].month.m == 6);
    const int64_t pays[12] = {7000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 20000, 80000};
    for (int m = 0; m < 12; m++) {
        cr_expect_eq(x->history[m].payments, pays[m], "month %d: %lld", m,
                     (long long)x->history[m].payments);
        cr_expect_eq(x->history[m].won, m == 11 ? 1 : 0, "month %d", m);
        cr_expect_eq(x->history[m].won_amount, m == 11 ? 50000 : 0, "month %d", m);
    }
    /* K2: no plan */
    cr_expect_eq(r.rows[1].client_id, k2);
    cr_expect_eq(r.rows[1].plan, VO_NULL);
    cr_expect_eq(r.rows[1].fact, 15000);
    cr_expect(isnan(r.rows[1].pct));
    cr_expect_eq(r.rows[1].history[11].payments, 15000);
    /* K3: a plan of 0 has no pct */
    cr_expect_eq(r.rows[2].client_id, k3);
    cr_expect_eq(r.rows[2].plan, 0);
    cr_expect_eq(r.rows[2].fact, 0);
    cr_expect(isnan(r.rows[2].pct));
}

Test(key_accounts, a_manager_reads_their_own)
{
    struct vo_ka r = compute(co.anna);
    cr_assert_eq(r.n, 2);
    cr_expect_eq(r.rows[0].client_id, k1);
    cr_expect_eq(r.rows[1].client_id, k3);
    cr_expect_eq(r.plan, 100000);
    cr_expect_eq(r.fact, 80000);
}
