/*
 * test_channels.c - channel economics (analytics/channels.c, the service
 * service/channels.c, the gross_margin setting) on one small org whose
 * figures were worked out by hand from METRICS.md "Windows and
 * attribution" and "Channels and money" and the rules of issue 12.
 *
 * The org (Europe/Moscow, UTC+3, all times local). P = 2025-11-01 ..
 * 2025-11-30, as_of 2025-11-30, so E = 2025-12-01 00:00 and the 12 months
 * before as_of are [2024-12-01 00:00, 2025-12-01 00:00).
 *   clients (channel, region): C1 (web, Москва), C2 (web, Казань),
 *     C3 (partners, Москва), C4 (no channel, no region), C5 (web, Казань)
 *   deals (a deal's channel is its own, else its client's):
 *     D1  C1  created 11-03 10:00  won 300000 closed 11-10 12:00
 *     D2  C2  created 10-31 23:30  won 200000 closed 11-01 00:10 (edges)
 *     D3  C3  created 11-30 23:30  open                 (a lead: edge)
 *     D4  C3  created 12-01 00:10  open                 (after E: no lead)
 *     D5  C3  created 11-05 10:00  won 500000 closed 12-01 00:10 (after as_of)
 *     D6  C4  created 11-06 10:00  won 100000 closed 11-20 12:00
 *     D7  --  own channel partners, created 11-07, lost closed 11-08
 *     D8  C5  created 09-01 10:00  won 50000 closed 10-15 12:00
 *     D9  C5  created 11-10 10:00  won 70000 closed 11-12 12:00
 *     D10 C1  own channel partners, created 11-11, won 40000 closed 11-15
 *   payments:
 *     P1 120000 2025-06-01 C1;  P2 240000 2024-12-01 00:10 C2 (in: edge)
 *     P3 999999 2024-11-30 23:30 C2 (out: before the window)
 *     P4 60000 2025-11-30 23:30, deal D6, no client -> C4 (its deal's)
 *     P5 30000 2025-12-01 00:10 C1 (out: after E); P6 77777 2025-11-15 on
 *     deal D7, which has no client (left out of client figures)
 *   spend: web 2025-10 999 (outside P), web 2025-11 310000, web 2025-12
 *     31000, partners 2025-11 90000, tv 2025-11 50000 (no deal has tv).
 *
 * By hand, by channel (gross_margin 0.30 by default):
 *   web:  leads D1, D9 = 2; won D1, D2, D9 = 3, revenue 570000;
 *         conversion 3/2 = 1.5; new clients C1 (11-10), C2 (11-01 00:10)
 *         = 2 (C5's first win is in October); spend 310000;
 *         cac 310000/2 = 155000; romi (570000-310000)/310000 = 0.838709..;
 *         paying clients C1, C2: 120000 + 240000 = 360000 -> avg
 *         360000/2/12 = 15000; payback 155000/(0.3*15000) = 34.444..
 *   partners: leads D3, D5, D7, D10 = 4; won D10 = 1, revenue 40000;
 *         conversion 0.25; new clients 0 (C3's only win is after E);
 *         spend 90000; cac null; romi (40000-90000)/90000 = -0.5555..;
 *         payback null
 *   tv:   spend 50000, romi -1, everything else 0, cac/payback null
 *   none: leads D6 = 1, won 1, revenue 100000, conversion 1, new C4 = 1,
 *         spend 0, cac 0/1 = 0, romi null, payments 60000 / 1 / 12 = 5000,
 *         payback 0/(0.3*5000) = 0
 *   total: leads 7, won 5, revenue 710000, spend 450000, new 3,
 *         conversion 5/7, cac 450000/3 = 150000,
 *         romi (710000-450000)/450000 = 0.5777..; paying 3, payments
 *         420000 -> avg 420000/3/12 = 11666.67, payback
 *         150000/(0.3*11666.67) = 42.857142..
 *   rows: partners, tv, web (byte order), none, total.
 * By region (a deal's region is its client's):
 *   Казань: leads D9 = 1, won D2, D9 = 2 (270000), new C2 = 1
 *   Москва: leads D1, D3, D5, D10 = 4, won D1, D10 = 2 (340000), new C1 = 1
 *   none:   leads D6, D7 = 2, won D6 = 1 (100000), new C4 = 1
 *   no spend on region rows (null), the total's spend 450000.
 * Prorated spend, P = 2025-11-16 .. 2025-12-10: web Nov 310000 * 15/30 =
 *   155000, Dec 31000 * 10/31 = 10000 -> 165000; partners 45000; tv 25000.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "analytics/channels.h"
#include "analytics/dataset.h"
#include "fixture.h"
#include "service/channel_settings.h"
#include "service/channels.h"
#include "testutil.h"

static char *dir;
static struct vo_store *st;
static struct vo_svc svc;
static struct vo_arena arena;
static struct vo_dataset *ds;
static int64_t team, anna, boris, vera, pipe, s_new;

static const struct vo_spend spend[] = {
    {.channel = "web", .year = 2025, .month = 10, .amount = 999},
    {.channel = "web", .year = 2025, .month = 11, .amount = 310000},
    {.channel = "web", .year = 2025, .month = 12, .amount = 31000},
    {.channel = "partners", .year = 2025, .month = 11, .amount = 90000},
    {.channel = "tv", .year = 2025, .month = 11, .amount = 50000},
};

static int64_t deal(const char *ext, int64_t client, enum vo_deal_status s, int64_t amount,
                    const char *created, const char *closed, const char *channel)
{
    return vo_fx_deal((struct vo_fx_deal){ext, pipe, s_new, anna, client, s, amount, created,
                                          closed, channel, NULL});
}

static void setup(void)
{
    vo_fx_open(&dir, &st, &svc, &arena);
    vo_fx_sales(&team, &anna, &boris, &vera, &pipe, &s_new);
    int64_t c1 = vo_fx_client("C1", anna, "web", "Москва");
    int64_t c2 = vo_fx_client("C2", anna, "web", "Казань");
    int64_t c3 = vo_fx_client("C3", anna, "partners", "Москва");
    int64_t c4 = vo_fx_client("C4", anna, NULL, NULL);
    int64_t c5 = vo_fx_client("C5", anna, "web", "Казань");
    deal("D1", c1, VO_DEAL_WON, 300000, "2025-11-03 10:00", "2025-11-10 12:00", NULL);
    deal("D2", c2, VO_DEAL_WON, 200000, "2025-10-31 23:30", "2025-11-01 00:10", NULL);
    deal("D3", c3, VO_DEAL_OPEN, VO_NULL, "2025-11-30 23:30", NULL, NULL);
    deal("D4", c3, VO_DEAL_OPEN, VO_NULL, "2025-12-01 00:10", NULL, NULL);
    deal("D5", c3, VO_DEAL_WON, 500000, "2025-11-05 10:00", "2025-12-01 00:10", NULL);
    int64_t d6 = deal("D6", c4, VO_DEAL_WON, 100000, "2025-11-06 10:00", "2025-11-20 12:00", NULL);
    int64_t d7 =
        deal("D7", 0, VO_DEAL_LOST, VO_NULL, "2025-11-07 10:00", "2025-11-08 10:00", "partners");
    deal("D8", c5, VO_DEAL_WON, 50000, "2025-09-01 10:00", "2025-10-15 12:00", NULL);
    deal("D9", c5, VO_DEAL_WON, 70000, "2025-11-10 10:00", "2025-11-12 12:00", NULL);
    deal("D10", c1, VO_DEAL_WON, 40000, "2025-11-11 10:00", "2025-11-15 12:00", "partners");
    vo_fx_pay("P1", 120000, "2025-06-01 12:00", 0, c1);
    vo_fx_pay("P2", 240000, "2024-12-01 00:10", 0, c2);
    vo_fx_pay("P3", 999999, "2024-11-30 23:30", 0, c2);
    vo_fx_pay("P4", 60000, "2025-11-30 23:30", d6, 0);
    vo_fx_pay("P5", 30000, "2025-12-01 00:10", 0, c1);
    vo_fx_pay("P6", 77777, "2025-11-15 12:00", d7, 0);
    struct vo_error e = {0};
    for (size_t i = 0; i < sizeof spend / sizeof spend[0]; i++) {
        struct vo_spend s = spend[i];
        s.org_id = svc.org.id;
        enum vo_upsert res;
        cr_assert_eq(vo_store_spend_upsert(st, &s, &res, &e), VO_OK, "%s", e.msg);
    }
    cr_assert_eq(vo_store_commit(st, &e), VO_OK, "%s", e.msg);
    vo_fx_reload(&ds);
}

static void teardown(void)
{
    vo_test_org_end(&dir, &st, &svc, &arena, &ds);
}

TestSuite(channels, .init = setup, .fini = teardown);

static struct vo_ch run(enum vo_ch_by by, struct vo_date from, struct vo_date to)
{
    struct vo_error e = {0};
    struct vo_ch_query q = {
        .by = by, .gross_margin = 0.30, .spend = spend, .nspend = sizeof spend / sizeof spend[0]};
    cr_assert_eq(vo_cal_range(&ds->cal, from, to, &q.period, &e), VO_OK);
    cr_assert_eq(vo_cal_as_of_parse(&ds->cal, "2025-11-30", &q.as_of, "as_of", &e), VO_OK);
    struct vo_ch c;
    cr_assert_eq(vo_ch_compute(ds, &q, &arena, &c, &e), VO_OK, "%s", e.msg);
    return c;
}

static const struct vo_date NOV1 = {2025, 11, 1}, NOV30 = {2025, 11, 30};

struct want {
    const char *key;
    bool total;
    int64_t leads, won, revenue, spend, new_clients, cac;
    double conversion, romi, payback;
};

static void same(double got, double want, const char *what, size_t i)
{
    if (isnan(want))
        cr_expect(isnan(got), "row %zu %s: %.12g, want null", i, what, got);
    else
        cr_expect(fabs(got - want) < 1e-9, "row %zu %s: %.12g, want %.12g", i, what, got, want);
}

static void expect(const struct vo_ch *c, const struct want *w, size_t n)
{
    cr_assert_eq(c->n, n, "%zu rows, want %zu", c->n, n);
    for (size_t i = 0; i < n; i++) {
        const struct vo_ch_row *r = &c->rows[i];
        if (w[i].key)
            cr_expect(r->key && strcmp(r->key, w[i].key) == 0, "row %zu: %s, want %s", i,
                      r->key ? r->key : "null", w[i].key);
        else
            cr_expect_null(r->key, "row %zu: %s, want null", i, r->key);
        cr_expect_eq(r->total, w[i].total, "row %zu total", i);
        cr_expect_eq(r->leads, w[i].leads, "row %zu leads %lld", i, (long long)r->leads);
        cr_expect_eq(r->deals_won, w[i].won, "row %zu won %lld", i, (long long)r->deals_won);
        cr_expect_eq(r->revenue, w[i].revenue, "row %zu revenue %lld", i, (long long)r->revenue);
        if (r->has_spend)
            cr_expect_eq(r->spend, w[i].spend, "row %zu spend %lld", i, (long long)r->spend);
        else
            cr_expect_eq(w[i].spend, VO_NULL, "row %zu: no spend column", i);
        cr_expect_eq(r->new_clients, w[i].new_clients, "row %zu new %lld", i,
                     (long long)r->new_clients);
        cr_expect_eq(r->cac, w[i].cac, "row %zu cac %lld", i, (long long)r->cac);
        same(r->conversion, w[i].conversion, "conversion", i);
        same(r->romi, w[i].romi, "romi", i);
        same(r->payback_months, w[i].payback, "payback", i);
    }
}

Test(channels, by_channel_worked_by_hand)
{
    struct vo_ch c = run(VO_CH_BY_CHANNEL, NOV1, NOV30);
    const struct want w[] = {
        {"partners", false, 4, 1, 40000, 90000, 0, VO_NULL, 0.25, -50000.0 / 90000, NAN},
        {"tv", false, 0, 0, 0, 50000, 0, VO_NULL, NAN, -1.0, NAN},
        {"web", false, 2, 3, 570000, 310000, 2, 155000, 1.5, 260000.0 / 310000,
         155000.0 / (0.3 * 15000)},
        {NULL, false, 1, 1, 100000, 0, 1, 0, 1.0, NAN, 0.0},
        {NULL, true, 7, 5, 710000, 450000, 3, 150000, 5.0 / 7, 260000.0 / 450000,
         150000.0 / (0.3 * (420000.0 / 3 / 12))},
    };
    expect(&c, w, sizeof w / sizeof w[0]);
}

Test(channels, by_region_has_no_spend_but_the_total_does)
{
    struct vo_ch c = run(VO_CH_BY_REGION, NOV1, NOV30);
    const struct want w[] = {
        {"Казань", false, 1, 2, 270000, VO_NULL, 1, VO_NULL, 2.0, NAN, NAN},
        {"Москва", false, 4, 2, 340000, VO_NULL, 1, VO_NULL, 0.5, NAN, NAN},
        {NULL, false, 2, 1, 100000, VO_NULL, 1, VO_NULL, 0.5, NAN, NAN},
        {NULL, true, 7, 5, 710000, 450000, 3, 150000, 5.0 / 7, 260000.0 / 450000,
         150000.0 / (0.3 * (420000.0 / 3 / 12))},
    };
    expect(&c, w, sizeof w / sizeof w[0]);
}

Test(channels, a_month_partly_in_the_period_is_prorated_by_its_days)
{
    struct vo_ch c =
        run(VO_CH_BY_CHANNEL, (struct vo_date){2025, 11, 16}, (struct vo_date){2025, 12, 10});
    /* rows: partners, tv, web, (none: D6 won 11-20 and C4 new), total */
    cr_assert_eq(c.n, 5);
    cr_expect_eq(c.rows[0].spend, 45000);  /* 90000 * 15 / 30 */
    cr_expect_eq(c.rows[1].spend, 25000);  /* 50000 * 15 / 30 */
    cr_expect_eq(c.rows[2].spend, 165000); /* 155000 + 31000 * 10 / 31 */
    cr_expect_eq(c.rows[4].spend, 235000);
    /* halves away from zero: 1 * 15 / 30 = 0.5 -> 1; 3 * 10 / 31 = 0.97 -> 1 */
    cr_expect_eq(vo_ch_spend_in(2025, 11, 1, (struct vo_date){2025, 11, 16}, NOV30), 1);
    cr_expect_eq(
        vo_ch_spend_in(2025, 12, 3, (struct vo_date){2025, 12, 1}, (struct vo_date){2025, 12, 10}),
        1);
    cr_expect_eq(vo_ch_spend_in(2025, 10, 999, NOV1, NOV30), 0);
    cr_expect_eq(vo_ch_spend_in(2025, 11, 310000, (struct vo_date){2025, 10, 1},
                                (struct vo_date){2025, 12, 31}),
                 310000);
}

Test(channels, a_year_before_is_calendar_arithmetic)
{
    int64_t t = vo_fx_at("2024-02-29 00:00");
    cr_expect_eq(vo_ch_year_before(&ds->cal, t), vo_fx_at("2023-02-28 00:00"));
    cr_expect_eq(vo_ch_year_before(&ds->cal, vo_fx_at("2025-12-01 00:00")),
                 vo_fx_at("2024-12-01 00:00"));
}

Test(channels, gross_margin_setting_bounds)
{
    struct vo_error e = {0};
    double gm = -1;
    cr_expect_eq(vo_channel_settings_parse(NULL, &gm, &e), VO_OK);
    cr_expect_eq(gm, 0.30);
    cr_expect_eq(vo_channel_settings_parse("{\"stale_days\":3}", &gm, &e), VO_OK);
    cr_expect_eq(gm, 0.30);
    cr_expect_eq(vo_channel_settings_parse("{\"gross_margin\":1}", &gm, &e), VO_OK);
    cr_expect_eq(gm, 1.0);
    cr_expect_eq(vo_channel_settings_parse("{\"gross_margin\":0.45}", &gm, &e), VO_OK);
    cr_expect_eq(gm, 0.45);
    const char *bad[] = {"{\"gross_margin\":0}", "{\"gross_margin\":1.01}",
                         "{\"gross_margin\":-0.2}", "{\"gross_margin\":\"0.3\"}",
                         "{\"gross_margin\":null}"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        gm = 0.5;
        cr_expect_eq(vo_channel_settings_parse(bad[i], &gm, &e), VO_EINVAL, "%s", bad[i]);
        cr_expect_str_eq(e.field, "gross_margin");
        cr_expect_eq(gm, 0.5, "%s: left untouched", bad[i]);
    }
}

/* The service: the spend rows come from the store, gross_margin from the
 * org's settings; a manager is refused. */
Test(channels, the_service_reads_spend_and_the_margin)
{
    struct vo_error e = {0};
    svc.org.settings = "{\"gross_margin\":0.5}";
    struct vo_report_args a = {.from = "2025-11-01", .to = "2025-11-30", .as_of = "2025-11-30"};
    struct vo_report_query q;
    cr_assert_eq(vo_report_query_init(ds, &a, 0, -1, &arena, &q, &e), VO_OK, "%s", e.msg);
    struct vo_ch c;
    cr_assert_eq(vo_svc_report_channels(&svc, &q, &c, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(c.n, 5);
    cr_expect_eq(c.gross_margin, 0.5);
    cr_expect_eq(c.rows[2].spend, 310000);
    /* web: 155000 / (0.5 * 15000) = 20.666.. */
    cr_expect(fabs(c.rows[2].payback_months - 155000.0 / 7500) < 1e-9);
    q.by = "segment";
    cr_expect_eq(vo_svc_report_channels(&svc, &q, &c, &e), VO_EINVAL);
    cr_expect_str_eq(e.field, "by");
    q.by = NULL;
    svc.actor_role = VO_ROLE_MANAGER;
    cr_expect_eq(vo_svc_report_channels(&svc, &q, &c, &e), VO_EPERM);
}

/* Dynamics as of 2025-12-15: the last 12 full months are 2024-12 ..
 * 2025-11 (E = 2025-12-16 00:00; D5, won 12-01 00:10, is December's).
 * By hand:
 *   revenue, all: 2025-09 0, 2025-10 D8 50000, 2025-11 710000 (as above)
 *     -> Nov: mom 660000, mom_pct 13.2; yoy (2024-11: 0) 710000, yoy_pct
 *     null (base 0); Oct: mom 50000, mom_pct null (base 0).
 *   cac, web: Oct spend 999 / new 1 (C5's first win 10-15) = 999; Nov
 *     310000 / 2 = 155000 -> Nov mom 154001, mom_pct 154001 / 999; Sep
 *     no new client: null -> Oct mom null.
 *   leads, tv: 0 in every month (spend but no deal). */
static struct vo_ch_dyn dyn(const char *metric, const char *channel)
{
    struct vo_error e = {0};
    struct vo_ch_query q = {
        .gross_margin = 0.30, .spend = spend, .nspend = sizeof spend / sizeof spend[0]};
    cr_assert_eq(vo_cal_as_of_parse(&ds->cal, "2025-12-15", &q.as_of, "as_of", &e), VO_OK);
    struct vo_ch_dyn d;
    cr_assert_eq(vo_ch_dynamics(ds, &q, metric, channel, &arena, &d, &e), VO_OK, "%s", e.msg);
    return d;
}

Test(channels, dynamics_by_month_with_mom_and_yoy)
{
    struct vo_ch_dyn d = dyn("revenue", NULL);
    cr_expect_eq(d.pts[0].year, 2024);
    cr_expect_eq(d.pts[0].month, 12);
    const struct vo_ch_dyn_point *nov = &d.pts[11], *oct = &d.pts[10];
    cr_assert_eq(nov->year * 100 + nov->month, 202511);
    cr_expect_eq(nov->value, 710000);
    cr_expect_eq(nov->mom, 660000);
    cr_expect(fabs(nov->mom_pct - 13.2) < 1e-12);
    cr_expect_eq(nov->yoy, 710000);
    cr_expect(isnan(nov->yoy_pct));
    cr_expect_eq(oct->value, 50000);
    cr_expect_eq(oct->mom, 50000);
    cr_expect(isnan(oct->mom_pct));
    d = dyn("cac", "web");
    cr_expect_eq(d.pts[11].value, 155000);
    cr_expect_eq(d.pts[10].value, 999);
    cr_expect_eq(d.pts[11].mom, 154001);
    cr_expect(fabs(d.pts[11].mom_pct - 154001.0 / 999) < 1e-12);
    cr_expect(isnan(d.pts[9].value));
    cr_expect(isnan(d.pts[10].mom));
    d = dyn("leads", "tv");
    for (int i = 0; i < VO_CH_DYN_MONTHS; i++)
        cr_expect_eq(d.pts[i].value, 0, "month %d", i);
    struct vo_error e = {0};
    struct vo_ch_query q = {.gross_margin = 0.3};
    cr_expect_eq(vo_ch_dynamics(ds, &q, "profit", NULL, &arena, &d, &e), VO_EINVAL);
    cr_expect_str_eq(e.field, "metric");
}

/* Lead plans, November 2025 as of 2025-11-30 (E = 12-01 00:00). A second
 * pipeline "Two" (stages A, B) holds D11 (web, created 11-20, moved to B
 * 11-25: reached) and D12 (web, created 11-21, moved to B 12-02: after E,
 * not reached); the first pipeline has one stage, where a lead counts as
 * reached when won before E. Plans: web 2025-11 4 leads quality 0.5, web
 * 2025-10 10 (another month), partners 2025-11 2 (no quality), tv 2025-11
 * 5 quality 0.2. By hand:
 *   partners: leads D3 (open), D5 (won after E), D7 (lost), D10 (won 11-15)
 *     = 4, reached 1 -> quality 0.25; plan 2 -> pct 2; quality plan null
 *   tv: leads 0, plan 5 -> pct 0; quality null; quality plan 0.2
 *   web: leads D1, D9 (won 11-10, 11-12), D11, D12 = 4, reached 3 ->
 *     quality 0.75; plan 4 -> pct 1; quality plan 0.5
 *   none: D6 (won 11-20) = 1, reached 1 -> quality 1; no plan. */
Test(channels, lead_plans_and_quality)
{
    struct vo_error e = {0};
    cr_assert_eq(vo_store_begin(st, &e), VO_OK);
    int64_t two = vo_fx_pipeline("Two");
    int64_t sa = vo_fx_stage(two, "A", 1, VO_NULL), sb = vo_fx_stage(two, "B", 2, VO_NULL);
    int64_t d11 = vo_fx_deal((struct vo_fx_deal){"D11", two, sa, anna, 0, VO_DEAL_OPEN, VO_NULL,
                                                 "2025-11-20 10:00", NULL, "web", NULL});
    int64_t d12 = vo_fx_deal((struct vo_fx_deal){"D12", two, sa, anna, 0, VO_DEAL_OPEN, VO_NULL,
                                                 "2025-11-21 10:00", NULL, "web", NULL});
    vo_fx_move(d11, sb, "2025-11-25 10:00");
    vo_fx_move(d12, sb, "2025-12-02 10:00");
    cr_assert_eq(vo_store_commit(st, &e), VO_OK, "%s", e.msg);
    vo_fx_reload(&ds);
    const struct vo_ch_lead_plan plans[] = {{"web", 2025, 11, 4, 500},
                                            {"web", 2025, 10, 10, -1},
                                            {"partners", 2025, 11, 2, -1},
                                            {"tv", 2025, 11, 5, 200}};
    struct vo_period p;
    int64_t as_of;
    cr_assert_eq(vo_cal_range(&ds->cal, NOV1, NOV30, &p, &e), VO_OK);
    cr_assert_eq(vo_cal_as_of_parse(&ds->cal, "2025-11-30", &as_of, "as_of", &e), VO_OK);
    struct vo_ch_plans out;
    cr_assert_eq(vo_ch_lead_plans(ds, &p, as_of, plans, 4, &arena, &out, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(out.n, 4);
    const struct {
        const char *channel;
        int64_t plan, leads, reached;
        double pct, quality, quality_plan;
    } w[] = {{"partners", 2, 4, 1, 2.0, 0.25, NAN},
             {"tv", 5, 0, 0, 0.0, NAN, 0.2},
             {"web", 4, 4, 3, 1.0, 0.75, 0.5},
             {NULL, VO_NULL, 1, 1, NAN, 1.0, NAN}};
    for (size_t i = 0; i < 4; i++) {
        const struct vo_ch_plan_row *r = &out.rows[i];
        if (w[i].channel)
            cr_expect(r->channel && strcmp(r->channel, w[i].channel) == 0, "row %zu: %s", i,
                      r->channel ? r->channel : "null");
        else
            cr_expect_null(r->channel);
        cr_expect_eq(r->plan, w[i].plan, "row %zu plan", i);
        cr_expect_eq(r->leads, w[i].leads, "row %zu leads %lld", i, (long long)r->leads);
        cr_expect_eq(r->reached, w[i].reached, "row %zu reached %lld", i, (long long)r->reached);
        same(r->pct, w[i].pct, "pct", i);
        same(r->quality, w[i].quality, "quality", i);
        same(r->quality_plan, w[i].quality_plan, "quality_plan", i);
    }
}
