/*
 * test_director.c - the two derivations of the report to the director
 * (analytics/director.h) on results built by hand: the managers ranked by
 * the plan pct of one metric (ties by name, no pct left out, the top three
 * and the bottom three never the same manager), and the funnel's steps
 * against the previous period (the drops, most first; a step without
 * deals in either period is no drop).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "analytics/director.h"

static struct vo_arena arena;

static void setup(void)
{
    vo_arena_init(&arena, 0);
}

static void teardown(void)
{
    vo_arena_cleanup(&arena);
}

TestSuite(director, .init = setup, .fini = teardown);

/* A row of name with pct of revenue (NaN: no plan), plan `plan`. */
static struct vo_pf_row row(const char *scope, const char *name, double plan, double pct)
{
    struct vo_pf_row r = {.scope = scope, .name = name, .index = 0};
    for (int k = 0; k < VO_M__COUNT; k++)
        r.m[k] = (struct vo_pf_cell){NAN, NAN, NAN, NAN, NAN, NAN};
    r.m[VO_M_REVENUE].plan = plan;
    r.m[VO_M_REVENUE].pct = pct;
    return r;
}

Test(director, rank_by_revenue_pct)
{
    /* 8 users, one without a plan: 7 ranked. By pct then name:
     *   Вера 1.2, Анна 0.9, Борис 0.9 (tie: by name, Анна first), Глеб 0.7,
     *   Дина 0.5, Ефим 0.3, Жанна 0.0; top = Вера, Анна, Борис; bottom,
     *   worst first = Жанна, Ефим, Дина; Глеб in neither. */
    struct vo_pf_row rows[] = {
        row("org", "Отдел продаж", 1000, 0.8), row("user", "Анна", 100, 0.9),
        row("user", "Борис", 100, 0.9),        row("user", "Вера", 100, 1.2),
        row("user", "Глеб", 100, 0.7),         row("user", "Дина", 100, 0.5),
        row("user", "Ефим", 100, 0.3),         row("user", "Жанна", 100, 0.0),
        row("user", "Зоя", NAN, NAN),
    };
    struct vo_pf_result pf = {.rows = rows, .nrows = sizeof rows / sizeof rows[0]};
    struct vo_director d = {0};
    struct vo_error e = {0};
    cr_assert_eq(vo_director_rank(&pf, &arena, &d, &e), VO_OK);
    cr_assert_eq(d.ranking_metric, VO_M_REVENUE);
    cr_assert_eq(d.ntop, 3);
    const char *top[] = {"Вера", "Анна", "Борис"}, *bottom[] = {"Жанна", "Ефим", "Дина"};
    for (size_t i = 0; i < 3; i++) {
        cr_assert_str_eq(rows[d.top[i].row].name, top[i]);
        cr_assert_str_eq(rows[d.bottom[i].row].name, bottom[i]);
    }
    cr_assert_eq(d.nbottom, 3);
    cr_assert_float_eq(d.bottom[0].pct, 0.0, 1e-12);
    /* four ranked: the top three and one left for the bottom */
    pf.nrows = 5;
    cr_assert_eq(vo_director_rank(&pf, &arena, &d, &e), VO_OK);
    cr_assert_eq(d.ntop, 3);
    cr_assert_eq(d.nbottom, 1);
    cr_assert_str_eq(rows[d.bottom[0].row].name, "Глеб");
}

Test(director, rank_metric_falls_back_and_none)
{
    struct vo_pf_row rows[] = {row("org", "Отдел продаж", NAN, NAN), row("user", "Анна", NAN, NAN)};
    rows[0].m[VO_M_CALLS].plan = 300; /* no revenue plan: the first planned metric */
    rows[1].m[VO_M_CALLS].pct = 0.5;
    struct vo_pf_result pf = {.rows = rows, .nrows = 2};
    struct vo_director d = {0};
    struct vo_error e = {0};
    cr_assert_eq(vo_director_rank(&pf, &arena, &d, &e), VO_OK);
    cr_assert_eq(d.ranking_metric, VO_M_CALLS);
    cr_assert_eq(d.ntop, 1);
    rows[0].m[VO_M_CALLS].plan = NAN; /* no plan at all: nobody ranked */
    cr_assert_eq(vo_director_rank(&pf, &arena, &d, &e), VO_OK);
    cr_assert_eq(d.ranking_metric, -1);
    cr_assert_eq(d.ntop + d.nbottom, 0);
}

/* A funnel of n stages whose total has conv_next c[0..n). */
static struct vo_funnel funnel(struct vo_funnel_stage *st, const double *c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        st[i] = (struct vo_funnel_stage){.stage = (int32_t)i, .conv_next = c[i]};
    struct vo_funnel f = {.pipeline = 0, .nstages = n};
    f.total.stages = st;
    return f;
}

Test(director, funnel_steps_against_the_previous_period)
{
    /* now 0.4, 1.0, 0.5, 0.2, NaN; before 0.5, 0.5, 1.0, 0.25, 0.3:
     * changes -0.1, +0.5, -0.5, -0.05, NaN (no deal now: no drop);
     * dropped most: step 2 (-0.5), step 0 (-0.1), step 3 (-0.05) */
    struct vo_funnel_stage a[5], b[5];
    const double now[] = {0.4, 1.0, 0.5, 0.2, NAN}, before[] = {0.5, 0.5, 1.0, 0.25, 0.3};
    struct vo_funnel cur = funnel(a, now, 5), prev = funnel(b, before, 5);
    struct vo_director d = {0};
    struct vo_error e = {0};
    cr_assert_eq(vo_director_funnel_change(&cur, &prev, &arena, &d, &e), VO_OK);
    cr_assert_eq(d.nsteps, 5);
    cr_assert_float_eq(d.steps[0].change, -0.1, 1e-12);
    cr_assert_float_eq(d.steps[1].change, 0.5, 1e-12);
    cr_assert(isnan(d.steps[4].change));
    cr_assert_eq(d.ndrops, 3);
    cr_assert_eq(d.drops[0], 2);
    cr_assert_eq(d.drops[1], 0);
    cr_assert_eq(d.drops[2], 3);
    /* another pipeline before (or none): nothing to compare */
    prev.pipeline = 1;
    cr_assert_eq(vo_director_funnel_change(&cur, &prev, &arena, &d, &e), VO_OK);
    cr_assert(isnan(d.steps[0].prev));
    cr_assert_eq(d.ndrops, 0);
    cr_assert_eq(vo_director_funnel_change(&cur, NULL, &arena, &d, &e), VO_OK);
    cr_assert_eq(d.ndrops, 0);
}
