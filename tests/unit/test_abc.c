/*
 * test_abc.c - ABC / XYZ of clients and the clients at risk
 * (analytics/abc.h) on a small org worked out by hand from METRICS.md
 * "Clients" and "Windows and attribution".
 *
 * The org (Europe/Moscow, all times local). as_of 2026-06-30, so E =
 * 2026-07-01 00:00; the ABC window (the 12 months before as_of) is
 * [2025-07-01 00:00, 2026-07-01 00:00); the last 12 full months (XYZ) are
 * 2025-06 .. 2026-05.
 *   C1 Альфа (Anna, channel web): on the 15th of each month 2025-06 ..
 *      2026-05, 11000 in even months of the series and 9000 in odd ones
 *      (2025-06 11000, 2025-07 9000, ...): six of each.
 *   C2 Бета (Anna): 400000 at 2026-06-30 23:30 (in the window: last
 *      minutes before E) and 999999 at 2026-07-01 00:10 (after as_of).
 *   C3 Гамма, C4 Дельта (Anna): 250000 each at 2026-01-10 12:00 (a tie).
 *   C5 Эпсилон (Anna): a payment of its deal D5 (the payment has no client)
 *      of 60000 at 2025-07-01 00:10 (in the window: its first minutes) and
 *      777 at 2025-06-30 23:30 (before the window).
 *   C6 Дзета (Boris, no channel): 31000 at 2026-04-01 23:30.
 *   C7 Эта (Anna): 50000 at 2025-06-15 (before the window).
 *   a payment of deal D0, which has no client (so the payment has
 *   neither): 5000000 at 2026-02-02 (left out of every client figure).
 *
 * ABC (payments), by hand: C1 = 11 months in the window (2025-07 ..
 * 2026-05) = 5 * 11000 + 6 * 9000 = 109000; C2 400000; C3 250000; C4
 * 250000; C5 60000; C6 31000; C7 0 (no class). total = 1100000.
 *   C2 400000: before 0% -> A, cum 400000/1100000 = 0.363636...
 *   C3 250000 (tie with C4, lower id first): before 36.4% -> A, cum 0.590909
 *   C4 250000: before 59.1% -> A, cum 900000/1100000 = 0.818181... (it
 *      crosses 80%: still A)
 *   C1 109000: before 81.8% -> B, cum 1009000/1100000 = 0.917272...
 *   C5 60000: before 91.7% -> B, cum 1069000/1100000 = 0.971818...
 *   C6 31000: before 97.2% -> C, cum 1.
 * XYZ, with S the 12-month sum and Q the sum of squares, cv =
 *   sqrt(12 Q - S^2) / S:
 *   C1: mean 10000, population sd 1000 exactly -> cv = 0.1 exactly -> X;
 *   C2: no payment in 2025-06 .. 2026-05 -> none;
 *   C3, C4, C6, C7: one month of a -> 12 Q - S^2 = 11 a^2 -> cv = sqrt(11)
 *      = 3.3166... -> Z;
 *   C5: 777 (2025-06) and 60000 (2025-07): S = 60777, Q = 3600603729,
 *      12 Q - S^2 = 43207244748 - 3693843729 = 39513401019 -> Z.
 * The matrix: AZ {C3, C4: 2, 500000}, BX {C1: 1, 109000}, BZ {C5: 1,
 *   60000}, CZ {C6: 1, 31000}; C2 (no XYZ) and C7 (no ABC) are in no cell.
 *
 * At risk (90 days: quiet from E - 90 days = 2026-04-02 00:00): paid in
 * the window but not since 2026-04-02: C3 250000, C4 250000 (id order), C5
 * 60000 (last 2025-07-01 00:10), C6 31000 (2026-04-01 23:30: 30 minutes
 * before the quiet days). C1 (last 2026-05-15) and C2 are not; C7 paid
 * before the window.
 * Churn, month M ending at T: base = payers in [T - 12 months, T),
 * churned = those without a payment in [T - 90 days, T):
 *   2025-06 (T 2025-07-01): base C1, C5 (777 at 06-30 23:30), C7 = 3;
 *      all paid in June -> 0; rate 0.
 *   2025-10 (T 2025-11-01, quiet from 2025-08-03): base C1, C5, C7 = 3;
 *      churned C5 (07-01), C7 (06-15) = 2.
 *   2026-05 (T 2026-06-01, quiet from 2026-03-03): base C1, C3, C4, C5, C6,
 *      C7 = 6 (C2 first paid in June); churned C3, C4, C5, C7 = 4 (C6 paid
 *      04-01, C1 05-15).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analytics/abc.h"
#include "analytics/dataset.h"
#include "fixture.h"
#include "service/client_settings.h"
#include "testutil.h"

static char *dir;
static struct vo_store *st;
static struct vo_svc svc;
static struct vo_arena arena;
static struct vo_dataset *ds;
static int64_t anna, boris, vera, team, pipe, s_new;
static int64_t c1, c2, c3, c4, c5, c6, c7;

static void commit_and_load(void)
{
    struct vo_error e = {0};
    cr_assert_eq(vo_store_commit(st, &e), VO_OK, "%s", e.msg);
    vo_fx_reload(&ds);
}

static void setup(void)
{
    vo_fx_open(&dir, &st, &svc, &arena);
    vo_fx_sales(&team, &anna, &boris, &vera, &pipe, &s_new);
    c1 = vo_fx_client("C1", anna, "web", NULL);
    c2 = vo_fx_client("C2", anna, "web", NULL);
    c3 = vo_fx_client("C3", anna, "web", NULL);
    c4 = vo_fx_client("C4", anna, "web", NULL);
    c5 = vo_fx_client("C5", anna, "web", NULL);
    c6 = vo_fx_client("C6", boris, NULL, NULL);
    c7 = vo_fx_client("C7", anna, "web", NULL);
    for (int k = 0; k < 12; k++) {
        int y = k < 7 ? 2025 : 2026, m = k < 7 ? 6 + k : k - 6;
        char ext[16], at[32];
        snprintf(ext, sizeof ext, "p1-%d", k);
        snprintf(at, sizeof at, "%04d-%02d-15 12:00", y, m);
        vo_fx_pay(ext, k % 2 == 0 ? 11000 : 9000, at, 0, c1);
    }
    vo_fx_pay("p2a", 400000, "2026-06-30 23:30", 0, c2);
    vo_fx_pay("p2b", 999999, "2026-07-01 00:10", 0, c2);
    vo_fx_pay("p3", 250000, "2026-01-10 12:00", 0, c3);
    vo_fx_pay("p4", 250000, "2026-01-10 12:00", 0, c4);
    int64_t d5 = vo_fx_deal((struct vo_fx_deal){"D5", pipe, s_new, anna, c5, VO_DEAL_OPEN, 60777,
                                                "2025-06-01 10:00", NULL, NULL, NULL});
    vo_fx_pay("p5a", 60000, "2025-07-01 00:10", d5, 0);
    vo_fx_pay("p5b", 777, "2025-06-30 23:30", d5, 0);
    vo_fx_pay("p6", 31000, "2026-04-01 23:30", 0, c6);
    vo_fx_pay("p7", 50000, "2025-06-15 12:00", 0, c7);
    int64_t d0 = vo_fx_deal((struct vo_fx_deal){"D0", pipe, s_new, vera, 0, VO_DEAL_OPEN, VO_NULL,
                                                "2026-01-01 10:00", NULL, NULL, NULL});
    vo_fx_pay("p0", 5000000, "2026-02-02 12:00", d0, 0);
    commit_and_load();
}

static void teardown(void)
{
    vo_test_org_end(&dir, &st, &svc, &arena, &ds);
}

TestSuite(abc, .init = setup, .fini = teardown);

static int64_t as_of_end(const char *day)
{
    int64_t t;
    struct vo_error e = {0};
    cr_assert_eq(vo_cal_as_of_parse(&ds->cal, day, &t, "as_of", &e), VO_OK);
    return t;
}

static struct vo_abc abc(enum vo_abc_basis basis, int64_t owner)
{
    struct vo_error e = {0};
    struct vo_abc_query q = {.as_of = as_of_end("2026-06-30"),
                             .basis = basis,
                             .owner = owner ? vo_ds_user_find(ds, owner) : -1};
    struct vo_abc r;
    cr_assert_eq(vo_abc_compute(ds, &q, &arena, &r, &e), VO_OK, "%s", e.msg);
    return r;
}

struct want {
    int64_t client, revenue;
    double cum_share;
    char abc, xyz;
    double cv;
};

static void expect_rows(const struct vo_abc *r, const struct want *w, size_t n)
{
    cr_assert_eq(r->n, n, "%zu rows, want %zu", r->n, n);
    for (size_t i = 0; i < n; i++) {
        const struct vo_abc_row *x = &r->rows[i];
        cr_expect_eq(ds->clients.id[x->client], w[i].client, "row %zu", i);
        cr_expect_eq(x->revenue, w[i].revenue, "row %zu: %lld", i, (long long)x->revenue);
        cr_expect_eq(x->abc, w[i].abc, "row %zu: abc %c", i, x->abc ? x->abc : '-');
        cr_expect_eq(x->xyz, w[i].xyz, "row %zu: xyz %c", i, x->xyz ? x->xyz : '-');
        if (w[i].abc)
            cr_expect(fabs(x->cum_share - w[i].cum_share) < 1e-12, "row %zu: cum %.15g", i,
                      x->cum_share);
        else
            cr_expect(isnan(x->share) && isnan(x->cum_share), "row %zu", i);
        if (isnan(w[i].cv))
            cr_expect(isnan(x->cv), "row %zu", i);
        else
            cr_expect(fabs(x->cv - w[i].cv) < 1e-12, "row %zu: cv %.17g", i, x->cv);
    }
}

Test(abc, payments_window_edges_ties_and_classes)
{
    struct vo_abc r = abc(VO_ABC_PAYMENTS, 0);
    cr_expect_eq(r.total, 1100000);
    cr_expect_eq(r.from, vo_fx_at("2025-07-01 00:00"));
    cr_expect_eq(r.to, vo_fx_at("2026-07-01 00:00"));
    cr_expect(r.first.y == 2025 && r.first.m == 7 && r.first.d == 1);
    cr_expect(r.last.y == 2026 && r.last.m == 6 && r.last.d == 30);
    double s11 = sqrt(11.0), c5cv = sqrt(39513401019.0) / 60777.0;
    const struct want w[] = {
        {c2, 400000, 400000.0 / 1100000, 'A', '\0', NAN},
        {c3, 250000, 650000.0 / 1100000, 'A', 'Z', s11},
        {c4, 250000, 900000.0 / 1100000, 'A', 'Z', s11},
        {c1, 109000, 1009000.0 / 1100000, 'B', 'X', 0.1},
        {c5, 60000, 1069000.0 / 1100000, 'B', 'Z', c5cv},
        {c6, 31000, 1.0, 'C', 'Z', s11},
        {c7, 0, 0, '\0', 'Z', s11},
    };
    expect_rows(&r, w, sizeof w / sizeof w[0]);
    cr_expect(fabs(r.rows[0].share - 400000.0 / 1100000) < 1e-15);
    /* the nine cells */
    const int64_t cells[3][3][2] = {{{0, 0}, {0, 0}, {2, 500000}},
                                    {{1, 109000}, {0, 0}, {1, 60000}},
                                    {{0, 0}, {0, 0}, {1, 31000}}};
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            cr_expect_eq(r.matrix[i][j].clients, cells[i][j][0], "cell %d%d", i, j);
            cr_expect_eq(r.matrix[i][j].revenue, cells[i][j][1], "cell %d%d", i, j);
        }
}

/* A manager reads their own clients' rows; the classes stay the org's. */
Test(abc, restricted_to_the_owner)
{
    struct vo_abc r = abc(VO_ABC_PAYMENTS, boris);
    const struct want w[] = {{c6, 31000, 1.0, 'C', 'Z', sqrt(11.0)}};
    expect_rows(&r, w, 1);
    cr_expect_eq(r.total, 1100000);
    cr_expect_eq(r.matrix[2][2].clients, 1);
    cr_expect_eq(r.matrix[0][2].clients, 0);
}

/* Basis revenue: deals won in the window by their client. Won C3 300000
 * at 2026-06-30 23:30 (in), C1 100000 at 2025-07-01 00:10 (in), C2 700000
 * at 2026-07-01 00:10 (closed after as_of: out), one without a client
 * (out), C4 lost 50000 (out). total 400000: C3 A (before 0), C1 A (before
 * 75%), cum 0.75 and 1. The XYZ classes are the payments' still, so C4, C5,
 * C6 and C7 are listed after, by id, with no ABC class and revenue 0 (C2
 * has neither class: not listed). */
Test(abc, revenue_basis)
{
    struct vo_error e = {0};
    cr_assert_eq(vo_store_begin(st, &e), VO_OK);
    vo_fx_deal((struct vo_fx_deal){"W3", pipe, s_new, anna, c3, VO_DEAL_WON, 300000,
                                   "2026-06-01 10:00", "2026-06-30 23:30", NULL, NULL});
    vo_fx_deal((struct vo_fx_deal){"W1", pipe, s_new, anna, c1, VO_DEAL_WON, 100000,
                                   "2025-06-01 10:00", "2025-07-01 00:10", NULL, NULL});
    vo_fx_deal((struct vo_fx_deal){"W2", pipe, s_new, anna, c2, VO_DEAL_WON, 700000,
                                   "2026-06-01 10:00", "2026-07-01 00:10", NULL, NULL});
    vo_fx_deal((struct vo_fx_deal){"W0", pipe, s_new, anna, 0, VO_DEAL_WON, 900000,
                                   "2026-06-01 10:00", "2026-06-10 10:00", NULL, NULL});
    vo_fx_deal((struct vo_fx_deal){"L4", pipe, s_new, anna, c4, VO_DEAL_LOST, 50000,
                                   "2026-06-01 10:00", "2026-06-10 10:00", NULL, "Дорого"});
    commit_and_load();
    struct vo_abc r = abc(VO_ABC_REVENUE, 0);
    cr_expect_eq(r.basis, VO_ABC_REVENUE);
    cr_expect_eq(r.total, 400000);
    double s11 = sqrt(11.0), c5cv = sqrt(39513401019.0) / 60777.0;
    const struct want w[] = {
        {c3, 300000, 0.75, 'A', 'Z', s11}, {c1, 100000, 1.0, 'A', 'X', 0.1},
        {c4, 0, 0, '\0', 'Z', s11},        {c5, 0, 0, '\0', 'Z', c5cv},
        {c6, 0, 0, '\0', 'Z', s11},        {c7, 0, 0, '\0', 'Z', s11},
    };
    expect_rows(&r, w, sizeof w / sizeof w[0]);
    cr_expect_eq(r.matrix[0][0].clients, 1);
    cr_expect_eq(r.matrix[0][0].revenue, 100000);
    cr_expect_eq(r.matrix[0][2].clients, 1);
    cr_expect_eq(r.matrix[0][2].revenue, 300000);
}

/* XYZ bounds in exact arithmetic: for a series of six months of m + d and
 * six of m - d, sd = d, mean = m, cv = d / m: cv 0.25 exactly is Y (12500 /
 * 7500), 0.26 is Z (12600 / 7400), 0.11 is Y (11100 / 8900), 0.10 is X
 * (C1: 11000 / 9000). */
static int64_t series(const char *name, int64_t hi, int64_t lo)
{
    struct vo_error e = {0};
    cr_assert_eq(vo_store_begin(st, &e), VO_OK);
    int64_t c = vo_fx_client(name, vera, NULL, NULL);
    for (int k = 0; k < 12; k++) {
        int y = k < 7 ? 2025 : 2026, m = k < 7 ? 6 + k : k - 6;
        char ext[32], at[32];
        snprintf(ext, sizeof ext, "%s-%d", name, k);
        snprintf(at, sizeof at, "%04d-%02d-20 12:00", y, m);
        vo_fx_pay(ext, k % 2 == 0 ? hi : lo, at, 0, c);
    }
    cr_assert_eq(vo_store_commit(st, &e), VO_OK, "%s", e.msg);
    return c;
}

static const struct vo_abc_row *row_of(const struct vo_abc *r, int64_t client)
{
    for (size_t i = 0; i < r->n; i++)
        if (ds->clients.id[r->rows[i].client] == client)
            return &r->rows[i];
    cr_assert_fail("client %lld not listed", (long long)client);
    return NULL;
}

Test(abc, xyz_bounds_are_exact)
{
    int64_t y25 = series("Y25", 12500, 7500), z26 = series("Z26", 12600, 7400),
            y11 = series("Y11", 11100, 8900);
    vo_fx_reload(&ds);
    struct vo_abc r = abc(VO_ABC_PAYMENTS, 0);
    cr_expect_eq(row_of(&r, y25)->xyz, 'Y');
    cr_expect(fabs(row_of(&r, y25)->cv - 0.25) < 1e-15);
    cr_expect_eq(row_of(&r, z26)->xyz, 'Z');
    cr_expect_eq(row_of(&r, y11)->xyz, 'Y');
    cr_expect(fabs(row_of(&r, y11)->cv - 0.11) < 1e-15);
    cr_expect_eq(row_of(&r, c1)->xyz, 'X');
}

Test(abc, at_risk_and_churn)
{
    struct vo_error e = {0};
    struct vo_risk_query q = {.as_of = as_of_end("2026-06-30"), .days = 90, .owner = -1};
    struct vo_risk r;
    cr_assert_eq(vo_risk_compute(ds, &q, &arena, &r, &e), VO_OK, "%s", e.msg);
    cr_expect_eq(r.quiet_from, vo_fx_at("2026-04-02 00:00"));
    const int64_t want[][3] = {{c3, 250000, 0}, {c4, 250000, 0}, {c5, 60000, 0}, {c6, 31000, 0}};
    const char *paid[] = {"2026-01-10 12:00", "2026-01-10 12:00", "2025-07-01 00:10",
                          "2026-04-01 23:30"};
    cr_assert_eq(r.n, 4, "%zu rows", r.n);
    for (size_t i = 0; i < 4; i++) {
        cr_expect_eq(ds->clients.id[r.rows[i].client], want[i][0], "row %zu", i);
        cr_expect_eq(r.rows[i].revenue_12m, want[i][1], "row %zu", i);
        cr_expect_eq(r.rows[i].last_paid_at, vo_fx_at(paid[i]), "row %zu", i);
    }
    cr_expect(r.churn[0].month.y == 2025 && r.churn[0].month.m == 6);
    cr_expect(r.churn[11].month.y == 2026 && r.churn[11].month.m == 5);
    cr_expect_eq(r.churn[0].base, 3);
    cr_expect_eq(r.churn[0].churned, 0);
    cr_expect_eq(r.churn[0].rate, 0.0);
    cr_expect_eq(r.churn[4].base, 3);
    cr_expect_eq(r.churn[4].churned, 2);
    cr_expect_eq(r.churn[11].base, 6);
    cr_expect_eq(r.churn[11].churned, 4);
    cr_expect(fabs(r.churn[11].rate - 4.0 / 6.0) < 1e-15);
    /* Boris's own: C6 only; his churn base counts C6 alone */
    q.owner = vo_ds_user_find(ds, boris);
    cr_assert_eq(vo_risk_compute(ds, &q, &arena, &r, &e), VO_OK);
    cr_assert_eq(r.n, 1);
    cr_expect_eq(ds->clients.id[r.rows[0].client], c6);
    cr_expect_eq(r.churn[11].base, 1);
    cr_expect_eq(r.churn[11].churned, 0);
    cr_expect(isnan(r.churn[0].rate));
    /* 30 days: C1 (05-15 < 06-01) joins */
    q.owner = -1;
    q.days = 30;
    cr_assert_eq(vo_risk_compute(ds, &q, &arena, &r, &e), VO_OK);
    cr_expect_eq(r.n, 5);
}

Test(abc, settings)
{
    struct vo_client_settings s;
    struct vo_error e = {0};
    cr_assert_eq(vo_client_settings_parse(NULL, &s, &e), VO_OK);
    cr_expect_eq(s.abc_basis, VO_ABC_PAYMENTS);
    cr_expect_eq(s.at_risk_days, 90);
    cr_assert_eq(vo_client_settings_parse("{\"abc_basis\":\"revenue\",\"at_risk_days\":3650,"
                                          "\"stale_days\":3}",
                                          &s, &e),
                 VO_OK);
    cr_expect_eq(s.abc_basis, VO_ABC_REVENUE);
    cr_expect_eq(s.at_risk_days, 3650);
    cr_expect_eq(vo_client_settings_parse("{\"at_risk_days\":0}", &s, &e), VO_EINVAL);
    cr_expect_str_eq(e.field, "at_risk_days");
    cr_expect_eq(vo_client_settings_parse("{\"at_risk_days\":3651}", &s, &e), VO_EINVAL);
    cr_expect_eq(vo_client_settings_parse("{\"at_risk_days\":\"90\"}", &s, &e), VO_EINVAL);
    cr_expect_eq(vo_client_settings_parse("{\"abc_basis\":\"money\"}", &s, &e), VO_EINVAL);
    cr_expect_str_eq(e.field, "abc_basis");
    cr_expect_eq(s.abc_basis, VO_ABC_REVENUE); /* untouched */
}
