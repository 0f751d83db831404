/*
 * test_leaderboard.c - the leaderboard (analytics/leaderboard.c) on one
 * small org whose ranks were worked out by hand from METRICS.md "People".
 *
 * The org (Europe/Moscow, all times local), November 2025:
 *   team Sales: Anna, Boris; team North: Gleb; Vera (no team); the admin
 *     (not a sales user: never on a board).
 *   won deals (revenue, kopecks):
 *     Anna  D1 300000 closed 11-10
 *     Boris D2 200000 closed 11-12
 *     Vera  D3 200000 closed 11-20
 *     Gleb  D4 100000 closed 11-25; D5 900000 closed 12-01 00:00 (December:
 *           not in the November board)
 *   task t1 Boris created 11-05, due 11-06 18:00, open: Boris has 1
 *     overdue task at the end of November, everyone else 0.
 *   revenue plans for 2025-11: Anna 600000, Boris 200000, Gleb 100000;
 *     Vera none.
 *
 * By hand, as of the end of Nov 30:
 *   revenue fact: Anna 300000 > Boris 200000 = Vera 200000 > Gleb 100000
 *     -> ranks 1, 2, 2, 4 (the tie shares 2, the next skips to 4); the tie
 *     is ordered by name: Boris before Vera.
 *   revenue pct: Anna 300000/600000 = 0.5, Boris 200000/200000 = 1.0,
 *     Gleb 100000/100000 = 1.0, Vera no plan -> left out.
 *     -> Boris 1, Gleb 1, Anna 3.
 *   team Sales only: Anna 1 (300000), Boris 2 (200000).
 *   tasks_overdue (fewer is better): Anna 0, Gleb 0, Vera 0 share 1;
 *     Boris 1 -> 4.
 *   teams by revenue: Sales 300000 + 200000 = 500000 -> 1; North 100000
 *     -> 2 (Vera has no team: no team row holds her).
 *   only {Vera, Gleb}: Vera 1 (200000), Gleb 2 (100000).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "analytics/dataset.h"
#include "analytics/leaderboard.h"
#include "analytics/report_query.h"
#include "fixture.h"
#include "testutil.h"

static char *dir;
static struct vo_store *st;
static struct vo_svc svc;
static struct vo_arena arena;
static struct vo_dataset *ds;
static int64_t anna, boris, vera, gleb, team, north, pipe, s_new;

static void won(const char *ext, int64_t owner, int64_t amount, const char *closed)
{
    vo_fx_deal((struct vo_fx_deal){ext, pipe, s_new, owner, 0, VO_DEAL_WON, amount,
                                   "2025-11-01 10:00", closed, NULL, NULL});
}

static void setup(void)
{
    vo_fx_open(&dir, &st, &svc, &arena);
    vo_fx_sales(&team, &anna, &boris, &vera, &pipe, &s_new);
    north = vo_fx_team("North");
    gleb = vo_test_manager(st, &svc, "Gleb", "gleb@example.com", north);
    won("D1", anna, 300000, "2025-11-10 12:00");
    won("D2", boris, 200000, "2025-11-12 12:00");
    won("D3", vera, 200000, "2025-11-20 12:00");
    won("D4", gleb, 100000, "2025-11-25 12:00");
    won("D5", gleb, 900000, "2025-12-01 00:00");
    vo_fx_task("t1", boris, 0, "2025-11-05 09:00", "2025-11-06 18:00", NULL);
    vo_fx_plan(2025, 11, VO_SCOPE_USER, anna, VO_M_REVENUE, 600000);
    vo_fx_plan(2025, 11, VO_SCOPE_USER, boris, VO_M_REVENUE, 200000);
    vo_fx_plan(2025, 11, VO_SCOPE_USER, gleb, VO_M_REVENUE, 100000);
    struct vo_error e = {0};
    cr_assert_eq(vo_store_commit(st, &e), VO_OK, "%s", e.msg);
    vo_fx_reload(&ds);
}

static void teardown(void)
{
    vo_test_org_end(&dir, &st, &svc, &arena, &ds);
}

TestSuite(leaderboard, .init = setup, .fini = teardown);

/* The November board of metric m as of the end of Nov 30. */
static struct vo_lb run(enum vo_metric m, bool pct, bool teams, int32_t team_ix,
                        const int32_t *only, size_t nonly)
{
    struct vo_error e = {0};
    struct vo_lb_query q = {
        .metric = m, .pct = pct, .teams = teams, .team = team_ix, .only = only, .nonly = nonly};
    cr_assert_eq(vo_cal_range(&ds->cal, (struct vo_date){2025, 11, 1},
                              (struct vo_date){2025, 11, 30}, &q.period, &e),
                 VO_OK);
    cr_assert_eq(vo_cal_as_of_parse(&ds->cal, "2025-11-30", &q.as_of, "as_of", &e), VO_OK);
    struct vo_lb lb;
    cr_assert_eq(vo_lb_compute(ds, &q, &arena, &lb, &e), VO_OK, "%s", e.msg);
    return lb;
}

/* Asserts the board is exactly n rows of (name, rank, value). */
struct want {
    const char *name;
    int32_t rank;
    double value;
};
static void expect(const struct vo_lb *lb, const struct want *w, size_t n)
{
    cr_assert_eq(lb->n, n, "%zu rows, want %zu", lb->n, n);
    for (size_t i = 0; i < n; i++) {
        cr_expect_str_eq(lb->rows[i].name, w[i].name, "row %zu", i);
        cr_expect_eq(lb->rows[i].rank, w[i].rank, "row %zu (%s): rank %d, want %d", i,
                     lb->rows[i].name, lb->rows[i].rank, w[i].rank);
        cr_expect(fabs(lb->rows[i].value - w[i].value) < 1e-12, "row %zu (%s): %.10g, want %.10g",
                  i, lb->rows[i].name, lb->rows[i].value, w[i].value);
    }
}

Test(leaderboard, revenue_ties_share_a_rank)
{
    struct vo_lb lb = run(VO_M_REVENUE, false, false, -1, NULL, 0);
    const struct want w[] = {
        {"Anna", 1, 300000}, {"Boris", 2, 200000}, {"Vera", 2, 200000}, {"Gleb", 4, 100000}};
    expect(&lb, w, 4);
}

Test(leaderboard, pct_leaves_out_a_user_without_a_plan)
{
    struct vo_lb lb = run(VO_M_REVENUE, true, false, -1, NULL, 0);
    const struct want w[] = {{"Boris", 1, 1.0}, {"Gleb", 1, 1.0}, {"Anna", 3, 0.5}};
    expect(&lb, w, 3);
    cr_expect(fabs(lb.rows[2].plan - 600000) < 1e-9 && fabs(lb.rows[2].fact - 300000) < 1e-9);
}

Test(leaderboard, one_team)
{
    int32_t t = vo_ds_team_find(ds, team);
    struct vo_lb lb = run(VO_M_REVENUE, false, false, t, NULL, 0);
    const struct want w[] = {{"Anna", 1, 300000}, {"Boris", 2, 200000}};
    expect(&lb, w, 2);
}

Test(leaderboard, overdue_fewer_is_better)
{
    struct vo_lb lb = run(VO_M_TASKS_OVERDUE, false, false, -1, NULL, 0);
    const struct want w[] = {{"Anna", 1, 0}, {"Gleb", 1, 0}, {"Vera", 1, 0}, {"Boris", 4, 1}};
    expect(&lb, w, 4);
}

Test(leaderboard, teams_by_summed_fact)
{
    struct vo_lb lb = run(VO_M_REVENUE, false, true, -1, NULL, 0);
    const struct want w[] = {{"Sales", 1, 500000}, {"North", 2, 100000}};
    expect(&lb, w, 2);
}

Test(leaderboard, only_the_participants)
{
    int32_t only[] = {vo_ds_user_find(ds, gleb), vo_ds_user_find(ds, vera)};
    struct vo_lb lb = run(VO_M_REVENUE, false, false, -1, only, 2);
    const struct want w[] = {{"Vera", 1, 200000}, {"Gleb", 2, 100000}};
    expect(&lb, w, 2);
}

/* The report's options: a metric is required and must be a key; a team
 * must exist. */
Test(leaderboard, report_query_errors)
{
    struct vo_report_args a = {.period = "2025-11", .as_of = "2025-11-30"};
    struct vo_report_query q;
    struct vo_lb_query lq;
    struct vo_error e = {0};
    cr_assert_eq(vo_report_query_init(ds, &a, 0, -1, &arena, &q, &e), VO_OK, "%s", e.msg);
    cr_expect_eq(vo_report_lb_query(&q, &lq, &e), VO_EINVAL);
    cr_expect_str_eq(e.field, "metric");
    a.metric = "revnue";
    cr_assert_eq(vo_report_query_init(ds, &a, 0, -1, &arena, &q, &e), VO_OK);
    cr_expect_eq(vo_report_lb_query(&q, &lq, &e), VO_EINVAL);
    cr_expect_str_eq(e.field, "metric");
    a.metric = "revenue";
    a.team = "Nowhere";
    cr_assert_eq(vo_report_query_init(ds, &a, 0, -1, &arena, &q, &e), VO_OK);
    cr_expect_eq(vo_report_lb_query(&q, &lq, &e), VO_ENOTFOUND);
    cr_expect_str_eq(e.field, "team");
    a.team = "Sales";
    a.pct = true;
    cr_assert_eq(vo_report_query_init(ds, &a, 0, -1, &arena, &q, &e), VO_OK);
    cr_assert_eq(vo_report_lb_query(&q, &lq, &e), VO_OK, "%s", e.msg);
    cr_expect_eq(lq.metric, VO_M_REVENUE);
    cr_expect(lq.pct);
    cr_expect_eq(lq.team, vo_ds_team_find(ds, team));
}
