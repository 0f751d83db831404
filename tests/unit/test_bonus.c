/*
 * test_bonus.c - the month's bonus (analytics/bonus.h, service/bonus.h)
 * against figures worked out by hand from METRICS.md "People" and
 * docs/bonuses.md.
 *
 * Part 1, vo_bonus_pay on given figures. The terms T: base 30 000,00
 * (3 000 000 kopecks), commission 5% (50 000 ppm) of payments, tiers
 * 0 -> x0, 0.7 -> x1.0, 1.0 -> x1.2, a KPI of calls at 100% worth
 * 5 000,00 (500 000). Payments plan 10 000 000 kopecks.
 *
 * Part 2, through the store and the service: a scheme set from 2026-01
 * and changed from 2026-07 (same name), March paid by the old terms and
 * July by the new.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "analytics/bonus.h"
#include "analytics/report_query.h"
#include "fixture.h"
#include "service/bonus.h"
#include "testutil.h"

static const struct vo_bonus_tier TIERS[] = {{0, 0}, {700000, 1000000}, {1000000, 1200000}};
static const struct vo_bonus_kpi KPI[] = {{VO_M_CALLS, 1000000, 500000}};
static const struct vo_bonus_terms T = {
    "Менеджеры", "2026-01", 3000000, VO_M_PAYMENTS, 50000, TIERS, 3, KPI, 1};

static struct vo_arena arena;

static void a_init(void)
{
    vo_arena_init(&arena, 0);
}

static void a_fini(void)
{
    vo_arena_cleanup(&arena);
}

TestSuite(bonus_pay, .init = a_init, .fini = a_fini);

/* The pay of T for payments fact / plan (plan 0: none) and calls fact /
 * plan. */
static struct vo_bonus_pay pay_of(const struct vo_bonus_terms *t, int64_t fact, int64_t plan,
                                  int64_t calls, int64_t calls_plan)
{
    struct vo_bonus_figure fig[VO_M__COUNT] = {{0}};
    fig[VO_M_PAYMENTS] = (struct vo_bonus_figure){fact, plan, plan > 0};
    fig[VO_M_CALLS] = (struct vo_bonus_figure){calls, calls_plan, calls_plan > 0};
    struct vo_bonus_pay p;
    struct vo_error e = {0};
    cr_assert_eq(vo_bonus_pay(t, fig, &arena, &p, &e), VO_OK, "%s", e.msg);
    /* the lines add up to the payout, whatever the case */
    int64_t sum = 0;
    for (size_t i = 0; i < p.nlines; i++)
        sum += p.lines[i].amount;
    cr_expect_eq(sum, p.payout, "lines %lld, payout %lld", (long long)sum, (long long)p.payout);
    return p;
}

Test(bonus_pay, tier_edge_69_99_takes_the_first)
{
    /* fact 6 999 000 of 10 000 000 = 69.99%: tier 0 (x0). commission =
     * 0.05 x 6 999 000 = 349 950; paid 0; payout = base 3 000 000. */
    struct vo_bonus_pay p = pay_of(&T, 6999000, 10000000, 0, 0);
    cr_expect_eq(p.multiplier_ppm, 0);
    cr_expect_eq(p.commission, 349950);
    cr_expect_eq(p.payout, 3000000);
    cr_expect_eq(p.lines[2].kind, VO_BONUS_MULTIPLIER);
    cr_expect_eq(p.lines[2].amount, -349950);
}

Test(bonus_pay, tier_edge_exactly_70_takes_the_second)
{
    /* 7 000 000 / 10 000 000 = 70% exactly: x1.0. commission 350 000,
     * paid 350 000; payout 3 350 000. One kopeck less is 69.99999%: x0. */
    struct vo_bonus_pay p = pay_of(&T, 7000000, 10000000, 0, 0);
    cr_expect_eq(p.multiplier_ppm, 1000000);
    cr_expect_eq(p.payout, 3350000);
    p = pay_of(&T, 6999999, 10000000, 0, 0);
    cr_expect_eq(p.multiplier_ppm, 0);
}

Test(bonus_pay, tier_edge_exactly_100_takes_the_third)
{
    /* 10 000 000 = 100%: x1.2. commission 500 000, paid 600 000; payout
     * 3 600 000. 9 999 999 (99.99999%) stays at x1.0: commission
     * 499 999.95 -> 500 000, paid 500 000, payout 3 500 000. */
    struct vo_bonus_pay p = pay_of(&T, 10000000, 10000000, 0, 0);
    cr_expect_eq(p.multiplier_ppm, 1200000);
    cr_expect_eq(p.commission, 500000);
    cr_expect_eq(p.payout, 3600000);
    p = pay_of(&T, 9999999, 10000000, 0, 0);
    cr_expect_eq(p.multiplier_ppm, 1000000);
    cr_expect_eq(p.commission, 500000);
    cr_expect_eq(p.payout, 3500000);
}

Test(bonus_pay, kpi_met_exactly)
{
    /* calls 40 of 40 = 100% = min_pct: met, +500 000. payments 70%:
     * 3 000 000 + 350 000 + 500 000 = 3 850 000. 39 of 40: not met. */
    struct vo_bonus_pay p = pay_of(&T, 7000000, 10000000, 40, 40);
    cr_expect_eq(p.lines[3].kind, VO_BONUS_KPI_MET);
    cr_expect_eq(p.kpi_bonus, 500000);
    cr_expect_eq(p.payout, 3850000);
    p = pay_of(&T, 7000000, 10000000, 39, 40);
    cr_expect_eq(p.lines[3].kind, VO_BONUS_KPI_MISSED);
    cr_expect_eq(p.kpi_bonus, 0);
    cr_expect_eq(p.payout, 3350000);
}

Test(bonus_pay, no_plan_means_multiplier_one)
{
    /* no payments plan: x1.0, said by a NO_PLAN line of 0; no calls plan:
     * the KPI is not met. commission 0.05 x 2 000 000 = 100 000; payout
     * 3 100 000. */
    struct vo_bonus_pay p = pay_of(&T, 2000000, 0, 50, 0);
    cr_expect_eq(p.multiplier_ppm, 1000000);
    cr_expect_eq(p.lines[2].kind, VO_BONUS_NO_PLAN);
    cr_expect_eq(p.lines[2].amount, 0);
    cr_expect(isnan(p.pct));
    cr_expect_eq(p.lines[3].kind, VO_BONUS_KPI_NO_PLAN);
    cr_expect_eq(p.payout, 3100000);
}

Test(bonus_pay, commission_rounds_half_away_from_zero)
{
    /* 0.05 x 1 234 567 = 61 728.35 -> 61 728; 0.05 x 1 234 570 =
     * 61 728.5 -> 61 729 (a half goes up); with x1.2 (fact 150% of a plan
     * of 823 047): 61 729 x 1.2 = 74 074.8 -> 74 075. */
    struct vo_bonus_pay p = pay_of(&T, 1234567, 0, 0, 0);
    cr_expect_eq(p.commission, 61728);
    p = pay_of(&T, 1234570, 0, 0, 0);
    cr_expect_eq(p.commission, 61729);
    p = pay_of(&T, 1234570, 823047, 0, 0);
    cr_expect_eq(p.multiplier_ppm, 1200000);
    cr_expect_eq(p.payout, 3000000 + 74075);
    /* x1.5 of 61 729 = 92 593.5 -> 92 594 */
    static const struct vo_bonus_tier half[] = {{0, 1500000}};
    struct vo_bonus_terms t = T;
    t.tiers = half;
    t.ntiers = 1;
    p = pay_of(&t, 1234570, 1, 0, 0);
    cr_expect_eq(p.payout, 3000000 + 92594);
}

Test(bonus_pay, overflow_is_refused)
{
    /* rate 1.0 (1e6 ppm) x 10^13 kopecks = 10^19 > INT64_MAX: refused. */
    struct vo_bonus_terms t = T;
    t.rate_ppm = 1000000;
    struct vo_bonus_figure fig[VO_M__COUNT] = {{0}};
    fig[VO_M_PAYMENTS] = (struct vo_bonus_figure){INT64_C(10000000000000), 0, false};
    struct vo_bonus_pay p;
    struct vo_error e = {0};
    cr_expect_eq(vo_bonus_pay(&t, fig, &arena, &p, &e), VO_EINVAL);
    cr_expect(strstr(e.msg, "int64") != NULL, "%s", e.msg);
    /* a base next to INT64_MAX plus a commission: refused too */
    t = T;
    t.base = INT64_MAX - 10;
    fig[VO_M_PAYMENTS] = (struct vo_bonus_figure){1000, 0, false};
    cr_expect_eq(vo_bonus_pay(&t, fig, &arena, &p, &e), VO_EINVAL);
}

/* ---- Part 2: through the store and the service ---- */

static struct vo_fx_org o;
static int64_t anna, boris, vera;

static void org_init(void)
{
    vo_fx_org_open(&o);
    int64_t team, pipe, s_new;
    vo_fx_sales(&team, &anna, &boris, &vera, &pipe, &s_new);
    int64_t d1 = vo_fx_deal((struct vo_fx_deal){"D1", pipe, s_new, anna, 0, VO_DEAL_OPEN, VO_NULL,
                                                "2026-01-12", NULL, NULL, NULL});
    /* Anna: March payments 800 000 of a plan 1 000 000 (80%); July
     * 1 100 000 of 1 000 000 (110%). */
    vo_fx_pay("P1", 800000, "2026-03-10 12:00", d1, 0);
    vo_fx_pay("P2", 1100000, "2026-07-10 12:00", d1, 0);
    vo_fx_plan(2026, 3, VO_SCOPE_USER, anna, VO_M_PAYMENTS, 1000000);
    vo_fx_plan(2026, 7, VO_SCOPE_USER, anna, VO_M_PAYMENTS, 1000000);
    struct vo_error e = {0};
    cr_assert_eq(vo_store_commit(o.st, &e), VO_OK, "%s", e.msg);
}

static void org_fini(void)
{
    vo_fx_org_close(&o);
}

TestSuite(bonus_svc, .init = org_init, .fini = org_fini);

static vo_err set(const char *json, struct vo_error *e)
{
    json_error_t je;
    json_t *in = json_loads(json, 0, &je);
    cr_assert(in, "%s", je.text);
    int64_t id = 0;
    vo_err rc = vo_svc_bonus_set(&o.svc, 0, in, &id, e);
    json_decref(in);
    return rc;
}

static struct vo_bonus_result report(struct vo_dataset *ds, const char *period, const char *as_of)
{
    struct vo_report_args a = {.period = period, .as_of = as_of};
    struct vo_report_query q;
    struct vo_error e = {0};
    cr_assert_eq(vo_report_query_init(ds, &a, 0, -1, &o.a, &q, &e), VO_OK, "%s", e.msg);
    struct vo_bonus_result r;
    cr_assert_eq(vo_svc_report_bonus(&o.svc, &q, &r, &e), VO_OK, "%s", e.msg);
    return r;
}

Test(bonus_svc, a_scheme_change_mid_year_keeps_past_months)
{
    struct vo_error e = {0};
    /* v1 from January: base 30 000, 5%, x1.0 from 70%, x1.2 from 100% */
    cr_assert_eq(set("{\"name\": \"Менеджеры\", \"base\": 30000, \"commission\": {\"metric\": "
                     "\"payments\", \"rate\": 0.05}, \"tiers\": [{\"from\": 0, \"multiplier\": "
                     "0}, {\"from\": 0.7, \"multiplier\": 1}, {\"from\": 1, \"multiplier\": "
                     "1.2}], \"users\": [\"anna@example.com\"], \"from_month\": \"2026-01\"}",
                     &e),
                 VO_OK, "%s", e.msg);
    /* v2 from July: base 35 000, 10%, x1.5 from 100% */
    cr_assert_eq(set("{\"name\": \"Менеджеры\", \"base\": \"35 000\", \"commission\": "
                     "{\"rate\": \"0.1\"}, \"tiers\": [{\"from\": 0.7, \"multiplier\": 1}, "
                     "{\"from\": 1, \"multiplier\": 1.5}], \"from_month\": \"2026-07\"}",
                     &e),
                 VO_OK, "%s", e.msg);
    struct vo_dataset *ds = vo_fx_load();
    /* March by v1: 3 000 000 + 0.05 x 800 000 = 40 000 at 80% (x1.0):
     * 3 040 000. */
    struct vo_bonus_result r = report(ds, "2026-03", "2026-03-31");
    cr_assert_eq(r.nrows, 1);
    cr_expect_eq(r.rows[0].user, vo_ds_user_find(ds, anna));
    cr_expect_str_eq(r.rows[0].terms->from_month, "2026-01");
    cr_expect_eq(r.rows[0].pay.commission, 40000);
    cr_expect_eq(r.rows[0].pay.payout, 3040000);
    /* July by v2: 3 500 000 + 0.1 x 1 100 000 = 110 000 at 110% (x1.5):
     * 165 000; 3 665 000. */
    r = report(ds, "2026-07", "2026-07-31");
    cr_assert_eq(r.nrows, 1);
    cr_expect_str_eq(r.rows[0].terms->from_month, "2026-07");
    cr_expect_eq(r.rows[0].pay.base, 3500000);
    cr_expect_eq(r.rows[0].pay.payout, 3665000);
    /* December 2025: before any version, nobody is paid */
    r = report(ds, "2025-12", "2025-12-31");
    cr_expect_eq(r.nrows, 0);
    vo_ds_free(ds);
    /* one scheme, two versions */
    struct vo_bonus_scheme *sv = NULL;
    struct vo_bonus_version *vv = NULL;
    size_t ns = 0, nv = 0;
    cr_assert_eq(vo_store_bonus_scheme_list(o.st, o.svc.org.id, &o.a, &sv, &ns, &e), VO_OK);
    cr_assert_eq(vo_store_bonus_version_list(o.st, o.svc.org.id, &o.a, &vv, &nv, &e), VO_OK);
    cr_expect_eq(ns, 1);
    cr_expect_eq(nv, 2);
}

Test(bonus_svc, every_bad_field_is_named)
{
    static const struct {
        const char *json, *field;
    } bad[] = {
        {"{\"name\": \"X\", \"commission\": {\"metric\": \"nope\", \"rate\": 0.05}, "
         "\"from_month\": \"2026-01\"}",
         "commission.metric"},
        {"{\"name\": \"X\", \"commission\": {\"rate\": -0.05}, \"from_month\": \"2026-01\"}",
         "commission.rate"},
        {"{\"name\": \"X\", \"commission\": {\"rate\": 0.05}, \"tiers\": [{\"from\": 0.7, "
         "\"multiplier\": 1}, {\"from\": 0.7, \"multiplier\": 1.2}], \"from_month\": \"2026-01\"}",
         "tiers[1].from"},
        {"{\"name\": \"X\", \"commission\": {\"rate\": 0.05}, \"users\": [\"nobody@x.ru\"], "
         "\"from_month\": \"2026-01\"}",
         "users[0]"},
        {"{\"name\": \"X\", \"commission\": {\"rate\": 0.05}, \"from_month\": \"2026-13\"}",
         "from_month"},
        {"{\"name\": \"X\", \"commission\": {\"rate\": 0.05}, \"kpi\": [{\"metric\": "
         "\"conversion\", \"min_pct\": 1, \"bonus\": 1}], \"from_month\": \"2026-01\"}",
         "kpi[0].metric"},
        {"{\"name\": \"X\", \"commission\": {\"rate\": 0.0500001}, \"from_month\": \"2026-01\"}",
         "commission.rate"},
        {"{\"name\": \"X\", \"commission\": {\"rate\": 0.05}, \"from_month\": \"2026-01\", "
         "\"bogus\": 1}",
         "bogus"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct vo_error e = {0};
        cr_expect_eq(set(bad[i].json, &e), VO_EINVAL, "case %zu", i);
        cr_expect_str_eq(e.field, bad[i].field, "case %zu: %s", i, e.msg);
    }
    struct vo_bonus_scheme *sv = NULL;
    size_t ns = 0;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_bonus_scheme_list(o.st, o.svc.org.id, &o.a, &sv, &ns, &e), VO_OK);
    cr_expect_eq(ns, 0, "nothing written by a refused scheme");
}
