/*
 * test_planfact.c - plan versus fact (analytics/planfact.c) and the plan
 * use cases (service/plans.c), on one small org whose figures were worked
 * out by hand from METRICS.md.
 *
 * The org (Europe/Moscow, all times local), November 2025:
 *   calendar: Nov 1 is a Saturday; weekdays = 30 - 5 Sat - 5 Sun = 20; the
 *     production calendar moves Sat Nov 1 to a working day and makes Mon
 *     Nov 3 and Tue Nov 4 holidays: total_wd = 20 + 1 - 2 = 19. The working
 *     days in order: 1, 5, 6, 7, 10, 11, 12, 13, 14, 17, ...
 *   team Sales: Anna, Boris (managers); Vera (manager, no team); the admin.
 *   client C1 owned by Vera.
 *   deals: D1 Anna created 11-05 10:00, won 11-20 15:00, 100000 kop
 *          D2 Anna created 11-30 23:30 (last day, local), open
 *          D3 Boris created 10-20 09:00, won 11-30 23:30, 50001 kop
 *          D4 Boris created 12-01 00:00, open (December)
 *   payment p1 7000 kop on 11-10 12:00, no deal, client C1 -> Vera
 *   activities: call Anna 11-06 10:00 90 s; call Boris 11-06 11:00 30 s;
 *     meeting Vera 11-07 12:00; meeting Anna 11-13 12:00
 *   tasks: t1 Anna created 11-05, due 11-07 18:00, done 11-07 17:00 (on time)
 *          t2 Boris created 11-05, due 11-06 18:00, open
 *   plans for 2025-11: Anna leads 4, Boris leads 2 (the team has no leads
 *     plan of its own); team Sales revenue 300000 (its own), Anna revenue
 *     100000; Anna conversion 0.5 (5000 bp), Boris conversion 0.25.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <math.h>

#include "analytics/dataset.h"
#include "analytics/planfact.h"
#include "service/plans.h"
#include "fixture.h"
#include "testutil.h"
#include "service/dataset_load.h"

static char *dir;
static struct vo_store *st;
static struct vo_svc svc;
static struct vo_arena arena;
static struct vo_dataset *ds;
static int64_t anna, boris, vera, team, pipe, s_new, c1;

static int64_t T(const char *s)
{
    return vo_test_at(&svc, s);
}

static void deal(const char *ext, int64_t owner, enum vo_deal_status status, int64_t amount,
                 const char *created, const char *closed)
{
    vo_fx_deal((struct vo_fx_deal){ext, pipe, s_new, owner, 0, status, amount, created, closed,
                                   NULL, NULL});
}

static void plan(enum vo_scope_kind kind, int64_t scope, enum vo_metric m, int64_t target)
{
    vo_fx_plan(2025, 11, kind, scope, m, target);
}

static void holiday(int d, enum vo_day_kind kind)
{
    vo_fx_holiday(2025, 11, d, kind);
}

static void reload(void)
{
    vo_fx_reload(&ds);
}

static void setup(void)
{
    vo_fx_open(&dir, &st, &svc, &arena);
    vo_fx_sales(&team, &anna, &boris, &vera, &pipe, &s_new);
    c1 = vo_fx_client("C1", vera, NULL, NULL);
    deal("D1", anna, VO_DEAL_WON, 100000, "2025-11-05 10:00", "2025-11-20 15:00");
    deal("D2", anna, VO_DEAL_OPEN, VO_NULL, "2025-11-30 23:30", NULL);
    deal("D3", boris, VO_DEAL_WON, 50001, "2025-10-20 09:00", "2025-11-30 23:30");
    deal("D4", boris, VO_DEAL_OPEN, VO_NULL, "2025-12-01 00:00", NULL);
    vo_fx_pay("p1", 7000, "2025-11-10 12:00", 0, c1);
    vo_fx_act("a1", VO_ACT_CALL, anna, "2025-11-06 10:00", 0, 90);
    vo_fx_act("a2", VO_ACT_CALL, boris, "2025-11-06 11:00", 0, 30);
    vo_fx_act("a3", VO_ACT_MEETING, vera, "2025-11-07 12:00", 0, VO_NULL);
    vo_fx_act("a4", VO_ACT_MEETING, anna, "2025-11-13 12:00", 0, VO_NULL);
    vo_fx_task("t1", anna, 0, "2025-11-05 09:00", "2025-11-07 18:00", "2025-11-07 17:00");
    vo_fx_task("t2", boris, 0, "2025-11-05 09:00", "2025-11-06 18:00", NULL);
    plan(VO_SCOPE_USER, anna, VO_M_LEADS, 4);
    plan(VO_SCOPE_USER, boris, VO_M_LEADS, 2);
    plan(VO_SCOPE_TEAM, team, VO_M_REVENUE, 300000);
    plan(VO_SCOPE_USER, anna, VO_M_REVENUE, 100000);
    plan(VO_SCOPE_USER, anna, VO_M_CONVERSION, 5000);
    plan(VO_SCOPE_USER, boris, VO_M_CONVERSION, 2500);
    holiday(1, VO_DAY_WORKDAY);
    holiday(3, VO_DAY_HOLIDAY);
    holiday(4, VO_DAY_HOLIDAY);
    struct vo_error e = {0};
    cr_assert_eq(vo_store_commit(st, &e), VO_OK, "%s", e.msg);
    reload();
}

static void teardown(void)
{
    vo_test_org_end(&dir, &st, &svc, &arena, &ds);
}

TestSuite(planfact, .init = setup, .fini = teardown);

/* Runs the plan-fact of dates first..last as of the end of local day
 * as_of (the instant of the next midnight). */
static struct vo_pf_result run(const char *first, const char *last, const char *as_of,
                               enum vo_scope_kind scope, int32_t idx, enum vo_pf_by by)
{
    struct vo_error e = {0};
    struct vo_date f, l;
    cr_assert_eq(vo_date_parse(first, &f, "f", &e), VO_OK);
    cr_assert_eq(vo_date_parse(last, &l, "l", &e), VO_OK);
    struct vo_pf_query q = {.scope = scope, .scope_index = idx, .by = by};
    cr_assert_eq(vo_cal_range(&ds->cal, f, l, &q.period, &e), VO_OK);
    cr_assert_eq(vo_cal_as_of_parse(&ds->cal, as_of, &q.as_of, "as_of", &e), VO_OK);
    struct vo_pf_result r;
    cr_assert_eq(vo_pf_compute(ds, &q, &arena, &r, &e), VO_OK, "%s", e.msg);
    return r;
}

#define NONE(x) cr_assert(isnan(x), "%s = %f, want none", #x, (x))
#define EQ(x, want)                                                                                \
    cr_assert(fabs((x) - (want)) < 1e-9, "%s = %.10g, want %.10g", #x, (x), (double)(want))

static const struct vo_pf_row *row_of(const struct vo_pf_result *r, const char *name)
{
    for (size_t i = 0; i < r->nrows; i++)
        if (strcmp(r->rows[i].name, name) == 0)
            return &r->rows[i];
    cr_assert_fail("no row %s", name);
    return NULL;
}

/* The month is over (as of the end of Nov 30): elapsed = total = 19. */
Test(planfact, month_over_org_team_users)
{
    struct vo_pf_result r =
        run("2025-11-01", "2025-11-30", "2025-11-30", VO_SCOPE_ORG, -1, VO_PF_BY_USER);
    cr_assert_eq(r.total_wd, 19);
    cr_assert_eq(r.elapsed_wd, 19);
    /* rows: org, then the sales users by name (the admin has no data) */
    cr_assert_eq(r.nrows, 4);
    cr_assert_str_eq(r.rows[0].scope, "org");
    cr_assert_str_eq(r.rows[1].name, "Anna");
    cr_assert_str_eq(r.rows[2].name, "Boris");
    cr_assert_str_eq(r.rows[3].name, "Vera");
    const struct vo_pf_cell *o = r.rows[0].m;
    /* leads: D1 and D2 (created 11-30 23:30 local belongs to November); D3
     * was created in October, D4 at 12-01 00:00 in December */
    EQ(o[VO_M_LEADS].fact, 2);
    /* won: D1 and D3 (closed 11-30 23:30); revenue 100000 + 50001 */
    EQ(o[VO_M_DEALS_WON].fact, 2);
    EQ(o[VO_M_REVENUE].fact, 150001);
    /* avg check 150001 / 2 = 75000.5 -> 75001 (halves away from zero) */
    EQ(o[VO_M_AVG_CHECK].fact, 75001);
    EQ(o[VO_M_CONVERSION].fact, 1.0); /* 2 won / 2 leads */
    EQ(o[VO_M_CALLS].fact, 2);
    EQ(o[VO_M_CALL_MINUTES].fact, 2.0); /* (90 + 30) s / 60 */
    EQ(o[VO_M_MEETINGS].fact, 2);
    EQ(o[VO_M_PAYMENTS].fact, 7000); /* p1 without a deal, to C1's owner Vera */
    EQ(o[VO_M_TASKS_DONE].fact, 1);
    EQ(o[VO_M_TASKS_DONE_ON_TIME].fact, 1); /* done 17:00 <= due 18:00 */
    EQ(o[VO_M_TASKS_OVERDUE].fact, 1);      /* t2, due 11-06, still open */
    NONE(o[VO_M_TASKS_OVERDUE].forecast);   /* a snapshot has no forecast */
    /* org plans: leads = team Sales (no own: Anna 4 + Boris 2) = 6, Vera
     * none; revenue = team Sales' own 300000 (not Anna's 100000); no
     * conversion plan (a ratio plan is never summed) */
    EQ(o[VO_M_LEADS].plan, 6);
    EQ(o[VO_M_LEADS].pct, 2.0 / 6);
    EQ(o[VO_M_LEADS].forecast, 2); /* over: the fact */
    EQ(o[VO_M_LEADS].gap, 4);
    NONE(o[VO_M_LEADS].per_day_needed); /* no working day left */
    EQ(o[VO_M_REVENUE].plan, 300000);
    EQ(o[VO_M_REVENUE].gap, 149999);
    NONE(o[VO_M_CONVERSION].plan);
    NONE(o[VO_M_CONVERSION].pct);
    EQ(o[VO_M_CONVERSION].forecast, 1.0); /* a ratio forecasts its value */
    NONE(o[VO_M_PAYMENTS].plan);
    NONE(o[VO_M_PAYMENTS].pct);
    NONE(o[VO_M_PAYMENTS].gap);

    const struct vo_pf_cell *a = row_of(&r, "Anna")->m, *b = row_of(&r, "Boris")->m,
                            *v = row_of(&r, "Vera")->m;
    cr_assert_str_eq(row_of(&r, "Anna")->email, "anna@example.com");
    EQ(a[VO_M_LEADS].fact, 2);
    EQ(a[VO_M_CONVERSION].fact, 0.5); /* 1 won / 2 leads */
    EQ(a[VO_M_CONVERSION].plan, 0.5);
    EQ(a[VO_M_CONVERSION].pct, 1.0);
    EQ(a[VO_M_CONVERSION].gap, 0);
    EQ(a[VO_M_CALL_MINUTES].fact, 1.5);
    EQ(a[VO_M_REVENUE].plan, 100000);
    EQ(a[VO_M_REVENUE].pct, 1.0);
    EQ(b[VO_M_LEADS].fact, 0);
    EQ(b[VO_M_LEADS].pct, 0);
    NONE(b[VO_M_CONVERSION].fact); /* 0 leads */
    EQ(b[VO_M_AVG_CHECK].fact, 50001);
    EQ(b[VO_M_TASKS_OVERDUE].fact, 1);
    EQ(v[VO_M_PAYMENTS].fact, 7000);
    EQ(v[VO_M_MEETINGS].fact, 1);
    NONE(v[VO_M_AVG_CHECK].fact);
}

/* Team total = sum of its members; team plan = its own, else the sum. */
Test(planfact, team_sums)
{
    struct vo_pf_result r =
        run("2025-11-01", "2025-11-30", "2025-11-30", VO_SCOPE_ORG, -1, VO_PF_BY_TEAM);
    cr_assert_eq(r.nrows, 2);
    const struct vo_pf_cell *t = row_of(&r, "Sales")->m;
    cr_assert_str_eq(r.rows[1].scope, "team");
    EQ(t[VO_M_LEADS].fact, 2);        /* Anna 2 + Boris 0 */
    EQ(t[VO_M_REVENUE].fact, 150001); /* Anna 100000 + Boris 50001 */
    EQ(t[VO_M_PAYMENTS].fact, 0);     /* Vera is in no team */
    EQ(t[VO_M_CONVERSION].fact, 1.0); /* (1 + 1) / (2 + 0), not an average */
    EQ(t[VO_M_LEADS].plan, 6);        /* no own plan: 4 + 2 */
    EQ(t[VO_M_REVENUE].plan, 300000); /* its own */
    NONE(t[VO_M_CONVERSION].plan);    /* 0.5 and 0.25 are never summed */
    /* scope team with --by user: the team, then its members */
    struct vo_pf_result r2 = run("2025-11-01", "2025-11-30", "2025-11-30", VO_SCOPE_TEAM,
                                 vo_ds_team_find(ds, team), VO_PF_BY_USER);
    cr_assert_eq(r2.nrows, 3);
    cr_assert_str_eq(r2.rows[0].scope, "team");
    cr_assert_str_eq(r2.rows[2].name, "Boris");
}

/* Mid-month as of the end of Wed Nov 12: working days 1, 5, 6, 7, 10, 11,
 * 12 = 7 elapsed of 19, 12 left. */
Test(planfact, mid_month_forecast_and_per_day)
{
    struct vo_pf_result r =
        run("2025-11-01", "2025-11-30", "2025-11-12", VO_SCOPE_ORG, -1, VO_PF_BY_USER);
    cr_assert_eq(r.elapsed_wd, 7);
    cr_assert_eq(r.total_wd, 19);
    const struct vo_pf_cell *o = r.rows[0].m;
    EQ(o[VO_M_LEADS].fact, 1); /* only D1 so far */
    EQ(o[VO_M_LEADS].pct, 1.0 / 6);
    EQ(o[VO_M_LEADS].forecast, 3); /* 1 * 19 / 7 = 2.71 -> 3 */
    EQ(o[VO_M_LEADS].gap, 5);
    EQ(o[VO_M_LEADS].per_day_needed, 0.42); /* 5 / 12 = 0.4167 */
    EQ(o[VO_M_DEALS_WON].fact, 0);
    EQ(o[VO_M_DEALS_WON].forecast, 0);
    NONE(o[VO_M_AVG_CHECK].fact);
    EQ(o[VO_M_CONVERSION].fact, 0);       /* 0 won / 1 lead */
    EQ(o[VO_M_MEETINGS].fact, 1);         /* Anna's 11-13 meeting is after as_of */
    EQ(o[VO_M_PAYMENTS].forecast, 19000); /* 7000 * 19 / 7 */
    /* revenue plan 300000, fact 0: per day 300000 / 12 = 25000 */
    EQ(o[VO_M_REVENUE].per_day_needed, 25000);
    EQ(o[VO_M_TASKS_OVERDUE].fact, 1);
    const struct vo_pf_cell *a = row_of(&r, "Anna")->m;
    /* 90 s * 19 / 7 = 244.29 -> 244 s = 4.0667 min */
    EQ(a[VO_M_CALL_MINUTES].forecast, 244.0 / 60);
    /* Anna's revenue: 100000 over 12 days = 8333.33 -> 8333 */
    EQ(a[VO_M_REVENUE].per_day_needed, 8333);
}

/* The period has not started (as of the end of Oct 31): no forecast, facts
 * 0, the whole plan still needed: 6 leads / 19 days = 0.3158 -> 0.32. */
Test(planfact, not_started)
{
    struct vo_pf_result r =
        run("2025-11-01", "2025-11-30", "2025-10-31", VO_SCOPE_ORG, -1, VO_PF_BY_NONE);
    cr_assert_eq(r.nrows, 1);
    cr_assert_eq(r.elapsed_wd, 0);
    const struct vo_pf_cell *o = r.rows[0].m;
    EQ(o[VO_M_LEADS].fact, 0);
    NONE(o[VO_M_LEADS].forecast);
    EQ(o[VO_M_LEADS].per_day_needed, 0.32);
    EQ(o[VO_M_TASKS_OVERDUE].fact, 0); /* t2 does not exist yet */
}

/* A month with no data and no plan (November 2024, no holiday rows: 21
 * weekdays). */
Test(planfact, empty_period)
{
    struct vo_pf_result r =
        run("2024-11-01", "2024-11-30", "2024-11-30", VO_SCOPE_ORG, -1, VO_PF_BY_USER);
    cr_assert_eq(r.total_wd, 21);
    cr_assert_eq(r.elapsed_wd, 21);
    cr_assert_eq(r.nrows, 4); /* the org and the three managers */
    for (size_t k = 0; k < VO_M__COUNT; k++) {
        NONE(r.rows[0].m[k].plan);
        NONE(r.rows[0].m[k].pct);
        NONE(r.rows[0].m[k].gap);
    }
    EQ(r.rows[0].m[VO_M_REVENUE].fact, 0);
    EQ(r.rows[0].m[VO_M_REVENUE].forecast, 0);
    NONE(r.rows[0].m[VO_M_AVG_CHECK].fact);
    NONE(r.rows[0].m[VO_M_CONVERSION].fact);
}

/* A week (Mon Nov 3 - Sun Nov 9): its working days are 5, 6, 7 (3 and 4
 * are holidays). Anna's 4 leads over 19 days: 0 each, the 4 extra units to
 * the earliest days 1, 5, 6, 7 -> the week holds 3; Boris's 2 go to 1 and
 * 5 -> 1; the team 4. Revenue 300000 / 19 = 15789 rest 9: the first 9
 * working days (1, 5, 6, 7, 10, 11, 12, 13, 14) get 15790 -> 3 * 15790 =
 * 47370. A ratio plan is not spread: Anna's conversion plan stays 0.5. */
Test(planfact, week_plan_from_days)
{
    struct vo_pf_result r =
        run("2025-11-03", "2025-11-09", "2025-11-30", VO_SCOPE_ORG, -1, VO_PF_BY_USER);
    cr_assert_eq(r.total_wd, 3);
    cr_assert_eq(r.elapsed_wd, 3);
    EQ(row_of(&r, "Anna")->m[VO_M_LEADS].plan, 3);
    EQ(row_of(&r, "Boris")->m[VO_M_LEADS].plan, 1);
    EQ(r.rows[0].m[VO_M_LEADS].plan, 4);
    EQ(r.rows[0].m[VO_M_REVENUE].plan, 47370);
    EQ(row_of(&r, "Anna")->m[VO_M_CONVERSION].plan, 0.5);
    EQ(r.rows[0].m[VO_M_LEADS].fact, 1); /* D1 on 11-05 */
    /* a range over two months has no ratio plan */
    struct vo_pf_result r2 = run("2025-10-27", "2025-11-09", "2025-11-30", VO_SCOPE_USER,
                                 vo_ds_user_find(ds, anna), VO_PF_BY_NONE);
    NONE(r2.rows[0].m[VO_M_CONVERSION].plan);
    EQ(r2.rows[0].m[VO_M_LEADS].plan, 4); /* Nov 1, 5, 6, 7; October holds none */
}

Test(planfact, bad_scope)
{
    struct vo_error e = {0};
    struct vo_pf_query q = {.scope = VO_SCOPE_USER, .scope_index = 99};
    struct vo_pf_result r;
    cr_assert_eq(vo_pf_compute(ds, &q, &arena, &r, &e), VO_EINVAL);
}

/* equal: 100 over Anna, Boris, Vera (id order) = 34/33/33; history for
 * December weighs revenue of Sep-Nov: Anna 100000, Boris 50001, Vera 0:
 * 1000 * 100000 / 150001 = 666 rest 99334, Boris 333 rest 50667, Vera 0;
 * the one unit left goes to Anna (largest remainder): 667/333/0. */
Test(planfact, split_through_service)
{
    struct vo_error e = {0};
    struct vo_split_part *p = NULL;
    size_t n = 0;
    cr_assert_eq(
        vo_svc_plan_split(&svc, ds, 2025, 12, VO_M_LEADS, VO_SPLIT_EQUAL, NULL, 100, &p, &n, &e),
        VO_OK, "%s", e.msg);
    cr_assert_eq(n, 3);
    cr_assert_eq(p[0].target, 34);
    cr_assert_eq(p[1].target, 33);
    cr_assert_eq(p[2].target, 33);
    cr_assert_eq(vo_svc_plan_split(&svc, ds, 2025, 12, VO_M_REVENUE, VO_SPLIT_HISTORY, NULL, 1000,
                                   &p, &n, &e),
                 VO_OK, "%s", e.msg);
    cr_assert_eq(p[0].user_id, anna);
    cr_assert_eq(p[0].target, 667);
    cr_assert_eq(p[1].target, 333);
    cr_assert_eq(p[2].target, 0);
    /* weights from a file: 1:1:2 over 10 = 3/2/5 (ties to the lower index) */
    vo_test_write(dir, "w.csv",
                  "email,weight\nanna@example.com,1\nboris@example.com,1\n"
                  "vera@example.com,2\n");
    char *path = g_build_filename(dir, "w.csv", NULL);
    cr_assert_eq(
        vo_svc_plan_split(&svc, ds, 2025, 12, VO_M_CALLS, VO_SPLIT_WEIGHTS, path, 10, &p, &n, &e),
        VO_OK, "%s", e.msg);
    g_free(path);
    cr_assert_eq(n, 3);
    cr_assert_eq(p[0].target + p[1].target + p[2].target, 10);
    cr_assert_eq(p[0].target, 3);
    cr_assert_eq(p[1].target, 2);
    cr_assert_eq(p[2].target, 5);
    /* the plans are stored: December's plan-fact shows them, the org sums */
    reload();
    struct vo_pf_result r =
        run("2025-12-01", "2025-12-31", "2025-12-31", VO_SCOPE_ORG, -1, VO_PF_BY_USER);
    EQ(r.rows[0].m[VO_M_LEADS].plan, 100);
    EQ(r.rows[0].m[VO_M_REVENUE].plan, 1000);
    EQ(row_of(&r, "Anna")->m[VO_M_REVENUE].plan, 667);
    /* a ratio metric is not split; a manager may not split */
    cr_assert_eq(vo_svc_plan_split(&svc, ds, 2025, 12, VO_M_CONVERSION, VO_SPLIT_EQUAL, NULL, 10,
                                   &p, &n, &e),
                 VO_EINVAL);
    /* no org plan and no --target */
    cr_assert_eq(
        vo_svc_plan_split(&svc, ds, 2026, 1, VO_M_LEADS, VO_SPLIT_EQUAL, NULL, VO_NULL, &p, &n, &e),
        VO_ENOTFOUND);
    svc.actor_role = VO_ROLE_MANAGER;
    cr_assert_eq(
        vo_svc_plan_split(&svc, ds, 2025, 12, VO_M_LEADS, VO_SPLIT_EQUAL, NULL, 100, &p, &n, &e),
        VO_EPERM);
    cr_assert_eq(vo_svc_plan_set(&svc, 2025, 12, "org", VO_M_LEADS, 5, &e), VO_EPERM);
}

Test(planfact, set_and_parse_targets)
{
    struct vo_error e = {0};
    int64_t v = 0;
    cr_assert_eq(vo_plan_target_parse(vo_metric_find("revenue"), "1 500 000", 2, &v, &e), VO_OK);
    cr_assert_eq(v, 150000000);
    cr_assert_eq(vo_plan_target_parse(vo_metric_find("conversion"), "25%", 2, &v, &e), VO_OK);
    cr_assert_eq(v, 2500);
    cr_assert_eq(vo_plan_target_parse(vo_metric_find("conversion"), "0.255", 2, &v, &e), VO_OK);
    cr_assert_eq(v, 2550);
    cr_assert_eq(vo_plan_target_parse(vo_metric_find("calls"), "12.5", 2, &v, &e), VO_EINVAL);
    cr_assert_eq(vo_plan_target_parse(vo_metric_find("calls"), "-3", 2, &v, &e), VO_EINVAL);
    /* the org's own leads plan replaces the sum of its teams (6) */
    cr_assert_eq(vo_svc_plan_set(&svc, 2025, 11, "org", VO_M_LEADS, 10, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_svc_plan_set(&svc, 2025, 11, "user:vera@example.com", VO_M_CALLS, 40, &e),
                 VO_OK, "%s", e.msg);
    cr_assert_eq(vo_svc_plan_set(&svc, 2025, 11, "team:Nope", VO_M_CALLS, 40, &e), VO_ENOTFOUND);
    reload();
    struct vo_pf_result r =
        run("2025-11-01", "2025-11-30", "2025-11-30", VO_SCOPE_ORG, -1, VO_PF_BY_USER);
    EQ(r.rows[0].m[VO_M_LEADS].plan, 10);
    EQ(r.rows[0].m[VO_M_CALLS].plan, 40); /* Vera has no team: hers adds to the org */
    EQ(row_of(&r, "Vera")->m[VO_M_CALLS].plan, 40);
}

/* Reverse funnel for Anna in December 2025 from her Sep-Nov history:
 * leads 2 (D1, D2), meetings 1 (11-13), won 1, revenue 100000 -> A =
 * 100000; R = 1000000: won = 10, meetings = ceil(10 * 1 / 1) = 10, leads =
 * ceil(10 * 2 / 1) = 20; December 2025 has 23 working days (no holiday
 * rows), so 10 / 23 won a day. */
Test(planfact, reverse_funnel_from_history)
{
    struct vo_error e = {0};
    struct vo_plan_history h;
    cr_assert_eq(vo_plan_user_history(ds, vo_ds_user_find(ds, anna), 2025, 12, &arena, &h, &e),
                 VO_OK);
    cr_assert_eq(h.leads, 2);
    cr_assert_eq(h.meetings, 1);
    cr_assert_eq(h.deals_won, 1);
    cr_assert_eq(h.revenue, 100000);
    struct vo_period p = vo_cal_month(&ds->cal, (struct vo_date){2025, 12, 1});
    struct vo_plan_funnel f;
    cr_assert_eq(vo_plan_reverse_funnel(1000000, &h, vo_cal_period_wd(&ds->cal, &p), &f, &e),
                 VO_OK);
    cr_assert_eq(f.wd, 23);
    cr_assert_eq(f.avg_check, 100000);
    cr_assert_eq(f.won, 10);
    cr_assert_eq(f.meetings, 10);
    cr_assert_eq(f.leads, 20);
    EQ(f.won_per_day, 10.0 / 23);
}

/* Issue 8, item 13: the previous period of a date in year 1 lies in year
 * 0, where no date is "valid", and the month walk of the plans looped on
 * it for ever (planfact.c, `while (!vo_date_valid(...)) l.d--`). Dates
 * that far out are refused at the edge now; the walks end whatever the
 * dates hold. */
Test(planfact, periods_around_year_one_end, .timeout = 20)
{
    struct vo_error e = {0};
    struct vo_pf_result r;
    const struct vo_date days[] = {{1, 1, 1}, {1, 1, 8}, {0, 12, 31}, {1, 2, 1}, {0, 1, 1}};
    for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
        struct vo_pf_query q = {.scope = VO_SCOPE_ORG, .scope_index = -1, .by = VO_PF_BY_USER};
        q.period = vo_cal_week(&ds->cal, days[i]);
        q.as_of = q.period.end;
        cr_assert_eq(vo_pf_compute(ds, &q, &arena, &r, &e), VO_OK, "%s", e.msg);
        q.period = vo_cal_month(&ds->cal, days[i]);
        cr_assert_eq(vo_pf_compute(ds, &q, &arena, &r, &e), VO_OK, "%s", e.msg);
        /* a month that is not one (13) ends too */
        q.period.first = (struct vo_date){days[i].y, 13, 1};
        q.period.last = (struct vo_date){days[i].y + 1, 1, 31};
        cr_assert_eq(vo_pf_compute(ds, &q, &arena, &r, &e), VO_OK, "%s", e.msg);
    }
}

/* Issue 8, item 14: two won deals of 9.2e18 and 4.6e18 minor units (stored
 * past the bounds, as a database from before them may hold) made the
 * department's revenue -4.6e18. The sum is checked: the report says it
 * cannot add them up instead of showing a wrapped figure. */
Test(planfact, revenue_beyond_int64_is_refused_not_wrapped)
{
    deal("X1", anna, VO_DEAL_WON, 9200000000000000000, "2025-11-05 10:00", "2025-11-21 10:00");
    deal("X2", boris, VO_DEAL_WON, 4600000000000000000, "2025-11-05 10:00", "2025-11-21 11:00");
    reload();
    struct vo_error e = {0};
    struct vo_date f = {2025, 11, 1}, l = {2025, 11, 30};
    struct vo_pf_query q = {.scope = VO_SCOPE_ORG, .scope_index = -1, .by = VO_PF_BY_USER};
    cr_assert_eq(vo_cal_range(&ds->cal, f, l, &q.period, &e), VO_OK);
    q.as_of = q.period.end;
    struct vo_pf_result r;
    cr_assert_eq(vo_pf_compute(ds, &q, &arena, &r, &e), VO_EINVAL,
                 "a revenue of 1.38e19 came out as %.17g",
                 r.nrows ? r.rows[0].m[VO_M_REVENUE].fact : 0.0);
    cr_assert(strstr(e.msg, "beyond the range"), "%s", e.msg);
}

/* Issue 8, item 14: payments wrapped the same way. */
Test(planfact, payments_beyond_int64_are_refused_not_wrapped)
{
    struct vo_error e = {0};
    const char *ext[] = {"P1", "P2"};
    for (int i = 0; i < 2; i++) {
        struct vo_payment p = {.org_id = svc.org.id,
                               .ext_id = ext[i],
                               .amount = 5000000000000000000,
                               .paid_at = T("2025-11-11 12:00"),
                               .client_id = c1};
        cr_assert_eq(vo_store_payment_upsert(st, &p, NULL, &e), VO_OK, "%s", e.msg);
    }
    reload();
    struct vo_pf_result r;
    struct vo_pf_query q = {.scope = VO_SCOPE_ORG, .scope_index = -1, .by = VO_PF_BY_USER};
    q.period = vo_cal_month(&ds->cal, (struct vo_date){2025, 11, 1});
    q.as_of = q.period.end;
    cr_assert_eq(vo_pf_compute(ds, &q, &arena, &r, &e), VO_EINVAL, "payments came out as %.17g",
                 r.nrows ? r.rows[0].m[VO_M_PAYMENTS].fact : 0.0);
}

/* Issue 8, item 5: a call-minutes target of 9e18 (stored past its bound)
 * overflowed the minutes-to-seconds product of the per-day need (UBSan,
 * planfact.c:159). As of the end of Nov 14 (9 of 19 working days gone, 10
 * left; 120 s of calls): (9e18 * 60 - 120) / 60 / 10 = 9e17 minutes a day. */
Test(planfact, huge_minutes_plan_needs_no_wrapped_product)
{
    plan(VO_SCOPE_ORG, 0, VO_M_CALL_MINUTES, 9000000000000000000);
    reload();
    struct vo_pf_result r =
        run("2025-11-01", "2025-11-30", "2025-11-14", VO_SCOPE_ORG, -1, VO_PF_BY_NONE);
    cr_assert_eq(r.elapsed_wd, 9);
    const struct vo_pf_cell *c = &r.rows[0].m[VO_M_CALL_MINUTES];
    EQ(c->plan, 9e18);
    cr_assert(fabs(c->per_day_needed - 9e17) / 9e17 < 1e-12, "per day %.17g", c->per_day_needed);
}
