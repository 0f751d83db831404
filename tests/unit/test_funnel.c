/*
 * test_funnel.c - the cohort funnel against figures worked out by hand from
 * METRICS.md "Funnel (cohort)".
 *
 * The org (Europe/Moscow, no DST, so a day is 86400 s; times local):
 *   team Sales: Anna, Boris, Vera
 *   pipeline Sales: New(1), Meeting(2), Proposal(3)
 *   cohort: created 2026-10-01 .. 2026-10-31, as_of = end of 2026-11-20
 *   D1 Anna, Web, won 10-05 00:00, 100000; history New 10-01, Proposal 10-03
 *      (skipped Meeting)
 *   D2 Anna, Web, won 10-12, 50001; history New 10-02, Meeting 10-03,
 *      New 10-04, Meeting 10-06, Proposal 10-07 (re-entered New and Meeting)
 *   D3 Boris, Cold, lost 10-06 in New; history New 10-05 (lost at stage 1)
 *   D4 Boris, Cold, won 11-25 (AFTER as_of), 70000, stage Meeting;
 *      history New 10-10, Meeting 10-11 -> open in Meeting at as_of
 *   D5 Anna, Web, open, stage Meeting now; history New 10-15,
 *      Meeting 11-25 (a move after as_of: in New at as_of)
 *   D6 Boris, Cold, lost 10-30, no amount, stage Meeting, NO history
 *      (implicit: entered Meeting at creation 10-20)
 *   D7 Anna, Web, won 10-21 00:00, no amount, stage Proposal, no history,
 *      created 10-20 12:00
 *   D10 Boris, Cold, won 10-27, 30000, stage Proposal, no history,
 *      created 10-21
 *   D8 created 09-30 and D9 created 11-02 (won): outside the cohort.
 *
 * The whole cohort, by hand:
 *   size 8 (D1-D7, D10); at as_of won D1 D2 D7 D10 = 4, lost D3 D6 = 2,
 *   open D4 D5 = 2; overall 4/8 = 0.5, win_rate 4/6.
 *   avg_deal_size: won with amount D1 D2 D10 (D7 has none and is left out):
 *     (100000 + 50001 + 30000) / 3 = 60000.33 -> 60000.
 *   sales cycle (days): D1 4, D2 10, D7 0.5, D10 6 -> sorted 0.5 4 6 10,
 *     even count -> (4 + 6) / 2 = 5.
 *   reached: New all 8; Meeting D1 D2 D4 D6 D7 D10 = 6 (won deals reach all,
 *     D6 by its implicit Meeting, D5 not: its move is after as_of);
 *     Proposal D1 D2 D7 D10 = 4.
 *   conv: 6/8 = 0.75, 4/6, won/reached(Proposal) = 4/4 = 1.
 *   lost_at New 1 (D3), Meeting 1 (D6); dropoff 1/8, 1/6, 0.
 *   open_at New 1 (D5), Meeting 1 (D4), Proposal 0.
 *   time in New: D1 2, D2 1+2 = 3, D3 1, D4 1 (D5 is still in New: out)
 *     -> mean 7/4 = 1.75, median of 1 1 2 3 = 1.5;
 *   Meeting: D2 1+1 = 2, D6 10 (D4 still in it: out) -> mean 6, median 6;
 *   Proposal: D1 2, D2 5, D7 0.5, D10 6 -> mean 13.5/4 = 3.375,
 *     median of 0.5 2 5 6 = 3.5.
 * Channel Web (= Anna's deals D1 D2 D5 D7): size 4, won 3, lost 0, open 1,
 *   overall 0.75, win_rate 1; avg (100000 + 50001) / 2 = 75000.5 -> 75001
 *   (half away from zero); cycle 0.5 4 10 -> 4; reached 4 3 3;
 *   New time D1 2, D2 3 -> mean 2.5, median 2.5.
 * Boris (D3 D4 D6 D10): size 4, won 1, lost 2, open 1, cycle 6, no
 *   bottleneck (nobody reached 20).
 *
 * Pipeline Big: A(1), B(2), every deal created 10-05 12:00, no history,
 * won ones (amount 10000) closed 10-20:
 *   Anna 20: 10 open in A, 5 open in B, 5 won -> reached A 20, B 10, won 5
 *   Boris 20: 4 open in A, 8 open in B, 8 won -> reached A 20, B 16, won 8
 *   Vera 10: 8 open in A, 2 open in B -> reached A 10, B 2
 *   team: reached A 50, B 28, won 13; avg 10000; conv A->B 28/50 = 0.56;
 *   won_from(B) = 13/28.
 *   Anna A->B: (0.56 - 10/20) * 20 * 13/28 * 10000 = 5571.43 -> 5571;
 *     B->won skipped (reached B 10 < 20). Bottleneck A, loss 5571.
 *   Boris A->B: 0.56 - 0.8 < 0 (no loss); B->won skipped (16 < 20): none.
 *   Vera: reached A 10 < 20: none.
 *
 * Pipeline Two: TA(1), TB(2), built the same way:
 *   Anna 40: 20 open in TA, 16 open in TB, 4 won -> reached TA 40, TB 20, won 4
 *   Boris 40: 4 open in TA, 18 open in TB, 18 won -> reached 40, 36, won 18
 *   team: reached TA 80, TB 56, won 22; avg 10000; conv TA->TB 56/80 = 0.7,
 *   TB->won 22/56; won_from(TB) = 22/56, won_from(won) = 1.
 *   Anna TA->TB: (0.7 - 20/40) * 40 * 22/56 * 10000 = 31428.57;
 *   Anna TB->won (reached TB 20 >= 20): (22/56 - 4/20) * 20 * 1 * 10000
 *     = 38571.43 -> the larger: bottleneck TB (the last step), loss 38571.
 *   Boris: 36/40 = 0.9 > 0.7 and 18/36 = 0.5 > 22/56: no loss, none.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analytics/funnel.h"
#include "analytics/numeric.h"
#include "fixture.h"
#include "testutil.h"
#include "service/dataset_load.h"

static char *dir;
static struct vo_store *st;
static struct vo_svc svc;
static struct vo_arena arena;
static struct vo_dataset *ds;
static int64_t anna, boris, vera, team, pipe, big, two, s_new, s_meet, s_prop, s_a, s_b, s_ta, s_tb;

static int64_t T(const char *s)
{
    return vo_test_at(&svc, s);
}

static int64_t user(const char *name, const char *email)
{
    return vo_test_manager(st, &svc, name, email, team);
}

static int64_t stage(int64_t pl, const char *name, int pos)
{
    return vo_fx_stage(pl, name, pos, VO_NULL);
}

static int64_t deal(const char *ext, int64_t pl, int64_t owner, int64_t stg,
                    enum vo_deal_status status, int64_t amount, const char *created,
                    const char *closed, const char *channel)
{
    return vo_fx_deal((struct vo_fx_deal){ext, pl, stg, owner, 0, status, amount, created, closed,
                                          channel, NULL});
}

static void big_deals(int64_t pl, int64_t sa, int64_t sb, int64_t owner, const char *who,
                      int open_a, int open_b, int won)
{
    char ext[32];
    for (int i = 0; i < open_a + open_b + won; i++) {
        snprintf(ext, sizeof ext, "%s-%lld-%d", who, (long long)pl, i);
        if (i < open_a)
            deal(ext, pl, owner, sa, VO_DEAL_OPEN, VO_NULL, "2026-10-05 12:00", NULL, NULL);
        else if (i < open_a + open_b)
            deal(ext, pl, owner, sb, VO_DEAL_OPEN, VO_NULL, "2026-10-05 12:00", NULL, NULL);
        else
            deal(ext, pl, owner, sb, VO_DEAL_WON, 10000, "2026-10-05 12:00", "2026-10-20", NULL);
    }
}

static void build(void)
{
    struct vo_error e = {0};
    team = vo_fx_begin_sales(&pipe);
    anna = user("Anna", "anna@example.com");
    boris = user("Boris", "boris@example.com");
    vera = user("Vera", "vera@example.com");
    s_prop = stage(pipe, "Proposal", 3);
    s_new = stage(pipe, "New", 1);
    s_meet = stage(pipe, "Meeting", 2);
    int64_t d =
        deal("D1", pipe, anna, s_prop, VO_DEAL_WON, 100000, "2026-10-01", "2026-10-05", "Web");
    vo_fx_move(d, s_new, "2026-10-01");
    vo_fx_move(d, s_prop, "2026-10-03");
    d = deal("D2", pipe, anna, s_prop, VO_DEAL_WON, 50001, "2026-10-02", "2026-10-12", "Web");
    vo_fx_move(d, s_new, "2026-10-02");
    vo_fx_move(d, s_meet, "2026-10-03");
    vo_fx_move(d, s_new, "2026-10-04");
    vo_fx_move(d, s_meet, "2026-10-06");
    vo_fx_move(d, s_prop, "2026-10-07");
    d = deal("D3", pipe, boris, s_new, VO_DEAL_LOST, 5000, "2026-10-05", "2026-10-06", "Cold");
    vo_fx_move(d, s_new, "2026-10-05");
    d = deal("D4", pipe, boris, s_meet, VO_DEAL_WON, 70000, "2026-10-10", "2026-11-25", "Cold");
    vo_fx_move(d, s_new, "2026-10-10");
    vo_fx_move(d, s_meet, "2026-10-11");
    d = deal("D5", pipe, anna, s_meet, VO_DEAL_OPEN, 1000, "2026-10-15", NULL, "Web");
    vo_fx_move(d, s_new, "2026-10-15");
    vo_fx_move(d, s_meet, "2026-11-25");
    deal("D6", pipe, boris, s_meet, VO_DEAL_LOST, VO_NULL, "2026-10-20", "2026-10-30", "Cold");
    deal("D7", pipe, anna, s_prop, VO_DEAL_WON, VO_NULL, "2026-10-20 12:00", "2026-10-21", "Web");
    deal("D10", pipe, boris, s_prop, VO_DEAL_WON, 30000, "2026-10-21", "2026-10-27", "Cold");
    deal("D8", pipe, anna, s_prop, VO_DEAL_WON, 9, "2026-09-30 23:59", "2026-10-02", "Web");
    deal("D9", pipe, anna, s_prop, VO_DEAL_WON, 9, "2026-11-02", "2026-11-03", "Web");

    big = vo_fx_pipeline("Big");
    s_a = stage(big, "A", 1);
    s_b = stage(big, "B", 2);
    big_deals(big, s_a, s_b, anna, "anna", 10, 5, 5);
    big_deals(big, s_a, s_b, boris, "boris", 4, 8, 8);
    big_deals(big, s_a, s_b, vera, "vera", 8, 2, 0);
    two = vo_fx_pipeline("Two");
    s_ta = stage(two, "TA", 1);
    s_tb = stage(two, "TB", 2);
    big_deals(two, s_ta, s_tb, anna, "anna", 20, 16, 4);
    big_deals(two, s_ta, s_tb, boris, "boris", 4, 18, 18);
    cr_assert_eq(vo_store_commit(st, &e), VO_OK, "%s", e.msg);
}

static void setup(void)
{
    vo_fx_open(&dir, &st, &svc, &arena);
    build();
    struct vo_error e = {0};
    cr_assert_eq(vo_svc_dataset_load(st, svc.org.id, &ds, &e), VO_OK, "%s", e.msg);
}

static void teardown(void)
{
    vo_test_org_end(&dir, &st, &svc, &arena, &ds);
}

TestSuite(funnel, .init = setup, .fini = teardown);

static struct vo_funnel_query query(int64_t pl)
{
    return vo_funnel_query_default(vo_ds_pipeline_find(ds, pl), T("2026-10-01"), T("2026-11-01"),
                                   T("2026-11-21"));
}

static struct vo_funnel *run(const struct vo_funnel_query *q)
{
    struct vo_funnel *f = NULL;
    struct vo_error e = {0};
    cr_assert_eq(vo_funnel_compute(ds, q, &arena, &f, &e), VO_OK, "%s", e.msg);
    return f;
}

/* The funnel of pipeline pl, all deals, grouped by by. */
static struct vo_funnel *run_by(int64_t pl, enum vo_funnel_by by)
{
    struct vo_funnel_query q = query(pl);
    q.by = by;
    return run(&q);
}

#define NEAR(a, b)                                                                                 \
    cr_assert(fabs((a) - (b)) < 1e-9, "%s = %.12g, want %.12g", #a, (double)(a), (double)(b))

static void stage_is(const struct vo_funnel_stage *s, int64_t reached, double conv, int64_t lost_at,
                     int64_t open_at, double mean, double med)
{
    cr_assert_eq(s->reached, reached);
    NEAR(s->conv_next, conv);
    cr_assert_eq(s->lost_at, lost_at);
    NEAR(s->dropoff, (double)lost_at / (double)reached);
    cr_assert_eq(s->open_at, open_at);
    NEAR(s->time_mean_days, mean);
    NEAR(s->time_median_days, med);
}

/* A group's cohort: its size and how many deals were won, lost, open. */
static void group_is(const struct vo_funnel_group *g, int64_t size, int64_t won, int64_t lost,
                     int64_t open)
{
    cr_assert_eq(g->size, size);
    cr_assert_eq(g->won, won);
    cr_assert_eq(g->lost, lost);
    cr_assert_eq(g->open, open);
}

Test(funnel, whole_cohort)
{
    struct vo_funnel_query q = query(pipe);
    struct vo_funnel *f = run(&q);
    cr_assert_eq(f->nstages, 3);
    cr_assert_eq(f->ngroups, 1);
    const struct vo_funnel_group *g = &f->groups[0];
    group_is(g, 8, 4, 2, 2);
    NEAR(g->overall, 0.5);
    NEAR(g->win_rate, 4.0 / 6.0);
    cr_assert_eq(g->avg_deal_size, 60000);
    cr_assert_eq(g->won_with_amount, 3);
    NEAR(g->sales_cycle_days, 5.0);
    cr_assert_str_eq(ds->stages.name[g->stages[0].stage], "New");
    stage_is(&g->stages[0], 8, 0.75, 1, 1, 1.75, 1.5);
    stage_is(&g->stages[1], 6, 4.0 / 6.0, 1, 1, 6.0, 6.0);
    stage_is(&g->stages[2], 4, 1.0, 0, 0, 3.375, 3.5);
    cr_assert_eq(g->stages[0].timed, 4);
    cr_assert_eq(g->stages[1].timed, 2);
    cr_assert(!g->has_bottleneck);
}

Test(funnel, filter_by_channel)
{
    struct vo_funnel_query q = query(pipe);
    q.channel = vo_ds_dict_find(&ds->channels, "Web");
    struct vo_funnel *f = run(&q);
    const struct vo_funnel_group *g = &f->groups[0];
    group_is(g, 4, 3, 0, 1);
    NEAR(g->overall, 0.75);
    NEAR(g->win_rate, 1.0);
    cr_assert_eq(g->avg_deal_size, 75001);
    NEAR(g->sales_cycle_days, 4.0);
    cr_assert_eq(g->stages[0].reached, 4);
    cr_assert_eq(g->stages[1].reached, 3);
    cr_assert_eq(g->stages[2].reached, 3);
    NEAR(g->stages[0].time_mean_days, 2.5);
    NEAR(g->stages[0].time_median_days, 2.5);
    q.channel = VO_FUNNEL_NOTHING;
    f = run(&q);
    cr_assert_eq(f->groups[0].size, 0);
    cr_assert(isnan(f->groups[0].overall));
    cr_assert_eq(f->groups[0].avg_deal_size, VO_NULL);
    cr_assert(isnan(f->groups[0].stages[0].time_median_days));
}

Test(funnel, by_user_small_has_no_bottleneck)
{
    struct vo_funnel *f = run_by(pipe, VO_FUNNEL_BY_USER);
    cr_assert_eq(f->ngroups, 2);
    cr_assert_str_eq(f->groups[0].name, "Anna");
    cr_assert_str_eq(f->groups[1].name, "Boris");
    const struct vo_funnel_group *b = &f->groups[1];
    group_is(b, 4, 1, 2, 1);
    NEAR(b->sales_cycle_days, 6.0);
    cr_assert(!f->groups[0].has_bottleneck);
    cr_assert(!b->has_bottleneck);
    /* the total is the whole cohort, the same as ungrouped */
    cr_assert_eq(f->total.size, 8);
    NEAR(f->total.stages[0].time_median_days, 1.5);
    NEAR(f->total.sales_cycle_days, 5.0);
    /* Anna's group equals the Web filter */
    cr_assert_eq(f->groups[0].avg_deal_size, 75001);
    NEAR(f->groups[0].stages[0].time_mean_days, 2.5);
}

/* The funnel of the two-stage pipeline pl by user: ngroups groups, the
 * team's reached counts and won as given, Anna (the first group) with her
 * bottleneck at stage and its loss, Boris (the second) with none. */
static struct vo_funnel *by_user(int64_t pl, size_t ngroups, int reached0, int reached1, int won,
                                 int stage, int64_t loss)
{
    struct vo_funnel *f = run_by(pl, VO_FUNNEL_BY_USER);
    cr_assert_eq(f->ngroups, ngroups);
    cr_assert_eq(f->total.stages[0].reached, reached0);
    cr_assert_eq(f->total.stages[1].reached, reached1);
    cr_assert_eq(f->total.won, won);
    const struct vo_funnel_group *a = &f->groups[0], *b = &f->groups[1];
    cr_assert_str_eq(a->name, "Anna");
    cr_assert(a->has_bottleneck);
    cr_assert_eq(a->bottleneck, stage);
    cr_assert_eq(a->bottleneck_loss, loss);
    cr_assert_str_eq(b->name, "Boris");
    cr_assert(!b->has_bottleneck);
    return f;
}

Test(funnel, bottleneck)
{
    struct vo_funnel *f = by_user(big, 3, 50, 28, 13, 0, 5571);
    cr_assert_eq(f->total.avg_deal_size, 10000);
    const struct vo_funnel_group *v = &f->groups[2];
    cr_assert_str_eq(v->name, "Vera");
    cr_assert_eq(v->stages[0].reached, 10);
    cr_assert(!v->has_bottleneck);
}

Test(funnel, by_team_and_bad_pipeline)
{
    struct vo_funnel *f = run_by(pipe, VO_FUNNEL_BY_TEAM);
    cr_assert_eq(f->ngroups, 1);
    cr_assert_str_eq(f->groups[0].name, "Sales");
    cr_assert_eq(f->groups[0].size, 8);
    struct vo_funnel_query q = query(99);
    q.by = VO_FUNNEL_BY_TEAM;
    struct vo_error e = {0};
    cr_assert_eq(vo_funnel_compute(ds, &q, &arena, &f, &e), VO_EINVAL);
}

Test(funnel, bottleneck_largest_step_and_last_step)
{
    struct vo_funnel *f = by_user(two, 2, 80, 56, 22, 1, 38571);
    cr_assert_eq(f->groups[0].stages[1].reached, 20);
}

/* Issue 8, item 14: won amounts of 9.2e18 and 4.6e18 in one cohort (stored
 * past the bounds) wrapped the average deal size's sum; it is checked. */
Test(funnel, won_amounts_beyond_int64_are_refused_not_wrapped)
{
    struct vo_error e = {0};
    deal("H1", pipe, anna, s_prop, VO_DEAL_WON, 9200000000000000000, "2026-10-03", "2026-10-09",
         "Web");
    deal("H2", pipe, boris, s_prop, VO_DEAL_WON, 4600000000000000000, "2026-10-03", "2026-10-09",
         "Cold");
    vo_ds_free(ds);
    ds = NULL;
    cr_assert_eq(vo_svc_dataset_load(st, svc.org.id, &ds, &e), VO_OK, "%s", e.msg);
    struct vo_funnel_query q = query(pipe);
    struct vo_funnel *f = NULL;
    cr_assert_eq(vo_funnel_compute(ds, &q, &arena, &f, &e), VO_EINVAL,
                 "the average deal came out as %lld", f ? (long long)f->total.avg_deal_size : 0LL);
    cr_assert(strstr(e.msg, "beyond the range"), "%s", e.msg);
    /* grouped by user, each user's sum fits but the department's total does not */
    q.by = VO_FUNNEL_BY_USER;
    cr_assert_eq(vo_funnel_compute(ds, &q, &arena, &f, &e), VO_EINVAL);
}

/* The medians' selection (numeric.h, vo_select_two): the radix rounds
 * with scratch must find what sorting finds, on the shapes that take each
 * of its paths: a long tail (several rounds), two far clusters split
 * between ranks k - 1 and k, a range narrower than the buckets (a bucket a
 * value), all equal, the int64 extremes; and v must stay a permutation of
 * itself (the whole stage's median reads the groups' buckets after them). */
static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

Test(funnel_select, radix_rounds_agree_with_sorting)
{
    enum { N = 3001 };
    static int64_t v[N], w[N], sorted[N], scratch[N];
    uint64_t x = 88172645463325252u;
    for (int shape = 0; shape < 6; shape++)
        for (size_t n = 1; n <= N; n += n < 300 ? 37 : 900) {
            for (size_t i = 0; i < n; i++) {
                x ^= x << 13, x ^= x >> 7, x ^= x << 17;
                int64_t r = (int64_t)(x >> 2);
                v[i] = shape == 0   ? (i % 50 ? r % 86400 : r)         /* a long tail */
                       : shape == 1 ? (i % 2 ? 1000000000 : 0) + r % 7 /* two clusters */
                       : shape == 2 ? r % 13                           /* a value a bucket */
                       : shape == 3 ? 42                               /* all equal */
                       : shape == 4
                           ? (i % 2 ? INT64_MAX - (int64_t)(i % 3) : INT64_MIN + (int64_t)(i % 3))
                           : -(r % 1000003);
            }
            memcpy(sorted, v, n * sizeof *v);
            qsort(sorted, n, sizeof *v, cmp_i64);
            size_t ks[3] = {0, n / 2, n - 1};
            for (int j = 0; j < 3; j++) {
                for (int with = 0; with < 2; with++) {
                    memcpy(w, v, n * sizeof *v);
                    int64_t below = 7, at = 0;
                    vo_select_two(w, n, ks[j], with ? scratch : NULL, &below, &at);
                    cr_assert_eq(at, sorted[ks[j]], "shape %d n %zu k %zu", shape, n, ks[j]);
                    cr_assert_eq(below, ks[j] ? sorted[ks[j] - 1] : 7, "shape %d n %zu k %zu",
                                 shape, n, ks[j]);
                    qsort(w, n, sizeof *w, cmp_i64);
                    cr_assert(memcmp(w, sorted, n * sizeof *w) == 0, "shape %d n %zu", shape, n);
                }
            }
        }
}
