/*
 * test_investigate.c - automatic investigations (analytics/investigate.h,
 * docs/reports.md "Разборы") against figures worked out by hand.
 *
 * The org (Europe/Moscow; times local): team Sales: Анна, Борис, Вера;
 * pipeline Sales: Новый(1), Встреча(2), КП(3). P = November 2026 as of
 * the end of 2026-11-30 (as_of 2026-12-01 00:00); its baseline B = the 3
 * full months before: 2026-08-01 .. 2026-10-31.
 *
 * B's cohort, for EACH of the three (created in B, no stage history: a
 * deal's stage is where it entered at creation, and it reached every stage
 * before it):
 *   50 deals at Встреча: 29 lost there (09-20), 14 lost at КП (09-25),
 *   7 won at КП with 600 000,00 ₽ (60 000 000 minor) each, closed
 *   2026-11-02 (in P: so B has no revenue and no won deal in the
 *   plan-fact, and every metric finding is priced 0 or has no reference).
 *   Анна's first is created 2026-10-31 23:30 (still B).
 *   -> decided at Встреча 50, reached КП 21: 42%; decided at КП 21, won 7:
 *   won_from(КП) = 7/21 = 1/3; avg_deal_size 60 000 000.
 * P's cohort (created in P, nothing won, nothing open):
 *   Анна, Борис: 30 deals, 23 lost at Встреча, 7 lost at КП (Анна's first
 *   created 2026-11-01 00:10: in P) -> Встреча -> КП 7/30 = 23.3%.
 *   Вера: 21 lost at Новый, 7 lost at Встреча, 2 lost at КП.
 *
 * By hand:
 * - Анна, Встреча -> КП against her baseline: value 7/30, baseline 21/50 =
 *   0.42, change (7/30 - 0.42) / 0.42 = -44%; money = (7/30 - 0.42) * 30
 *   (decided at Встреча in P) * 1/3 (her B won_from(КП)) * 60 000 000 =
 *   (7 - 12.6) / 3 * 60 000 000 = -112 000 000 minor,
 *   -1,12 млн ₽; the sentence:
 *   «Анна: конверсия Встреча -> КП упала
 *   с 42% до 23%: -1,1 млн ₽ к плану».
 *   Новый -> Встреча 30/30 = 50/50: no change;
 *   КП -> won: 7 decided < 10.
 *   Борис: the same figures (a tie with Анна:
 *   subjects by name).
 * - Вера, Новый -> Встреча: value 9/30 = 0.3, baseline 50/50 = 1; money =
 *   (0.3 - 1) * 30 * won_from_B(Встреча) (7/50) * 60 000 000 =
 *   -2.94 * 60 000 000 = -176 400 000 -> "-1,8 млн ₽". Her Встреча -> КП
 *   fell from 42% to 2/9 = 22%, but only 9 deals were decided there (< 10):
 *   no finding.
 * - the department (B 150 deals, P 90): КП -> won value 0/16 (16 decided
 *   at КП in P, none won), baseline 21/63 = 1/3, won_from(won) = 1; money
 *   = (0 - 1/3) * 16 * 1 * 60 000 000 = -320 000 000 -> "-3,2 млн ₽";
 *   Встреча -> КП value 16/69, baseline
 *   63/150 = 0.42, won_from_B(КП) = 21/63; money = (16/69 - 0.42) * 69 *
 *   1/3 * 60 000 000 = (16 - 28.98) / 3 * 60 000 000 = -259 600 000;
 *   Новый -> Встреча value 69/90, baseline 1; money = (69/90 - 1) * 90 *
 *   21/150 * 60 000 000 = -21 * 0.14 * 60 000 000 = -176 400 000.
 * - metrics: leads rose per working day everywhere (30 in P's days against
 *   50 in B's 65) but are priced by B's revenue per lead, 0: no finding;
 *   deals_won, revenue, conversion and avg_check have no B reference
 *   (nothing won in B). Against the team: every user has 30 leads, 7 won
 *   and 4.2 млн ₽ in P, no change; the team's steps in P are priced by
 *   the P cohort's won_from, 0 (nothing of it won yet): no finding.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>

#include "analytics/investigate.h"
#include "fixture.h"
#include "render/investigate_json.h"
#include "service/dataset_load.h"
#include "testutil.h"

static char *dir;
static struct vo_store *st;
static struct vo_svc svc;
static struct vo_arena arena;
static struct vo_dataset *ds;
static int64_t team, pipe, s_new, s_meet, s_kp;

#define MILLION_60 60000000 /* 600 000,00 ₽ in minor units */

static void deals(const char *who, int64_t owner, int64_t stage, enum vo_deal_status st_, int n,
                  const char *created, const char *closed, int64_t amount, int *seq)
{
    char ext[48];
    for (int i = 0; i < n; i++) {
        snprintf(ext, sizeof ext, "%s-%d", who, (*seq)++);
        vo_fx_deal((struct vo_fx_deal){ext, pipe, stage, owner, 0, st_, amount, created, closed,
                                       NULL, NULL});
    }
}

/* B's cohort of one user (first: the first deal's creation time). */
static void baseline(const char *who, int64_t u, const char *first, int *seq)
{
    deals(who, u, s_meet, VO_DEAL_LOST, 1, first, "2026-09-20", VO_NULL, seq);
    deals(who, u, s_meet, VO_DEAL_LOST, 28, "2026-09-10 12:00", "2026-09-20", VO_NULL, seq);
    deals(who, u, s_kp, VO_DEAL_LOST, 14, "2026-09-10 12:00", "2026-09-25", VO_NULL, seq);
    deals(who, u, s_kp, VO_DEAL_WON, 7, "2026-09-10 12:00", "2026-11-02", MILLION_60, seq);
}

static void build(void)
{
    struct vo_error e = {0};
    team = vo_fx_begin_sales(&pipe);
    int64_t anna = vo_test_manager(st, &svc, "Анна", "anna@example.com", team);
    int64_t boris = vo_test_manager(st, &svc, "Борис", "boris@example.com", team);
    int64_t vera = vo_test_manager(st, &svc, "Вера", "vera@example.com", team);
    s_new = vo_fx_stage(pipe, "Новый", 1, VO_NULL);
    s_meet = vo_fx_stage(pipe, "Встреча", 2, VO_NULL);
    s_kp = vo_fx_stage(pipe, "КП", 3, VO_NULL);
    int seq = 0;
    baseline("anna", anna, "2026-10-31 23:30", &seq);
    baseline("boris", boris, "2026-09-10 12:00", &seq);
    baseline("vera", vera, "2026-09-10 12:00", &seq);
    deals("anna", anna, s_meet, VO_DEAL_LOST, 1, "2026-11-01 00:10", "2026-11-20", VO_NULL, &seq);
    deals("anna", anna, s_meet, VO_DEAL_LOST, 22, "2026-11-10 12:00", "2026-11-20", VO_NULL, &seq);
    deals("anna", anna, s_kp, VO_DEAL_LOST, 7, "2026-11-10 12:00", "2026-11-25", VO_NULL, &seq);
    deals("boris", boris, s_meet, VO_DEAL_LOST, 23, "2026-11-10 12:00", "2026-11-20", VO_NULL,
          &seq);
    deals("boris", boris, s_kp, VO_DEAL_LOST, 7, "2026-11-10 12:00", "2026-11-25", VO_NULL, &seq);
    deals("vera", vera, s_new, VO_DEAL_LOST, 21, "2026-11-10 12:00", "2026-11-20", VO_NULL, &seq);
    deals("vera", vera, s_meet, VO_DEAL_LOST, 7, "2026-11-10 12:00", "2026-11-20", VO_NULL, &seq);
    deals("vera", vera, s_kp, VO_DEAL_LOST, 2, "2026-11-10 12:00", "2026-11-25", VO_NULL, &seq);
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

TestSuite(investigate, .init = setup, .fini = teardown);

static struct vo_inv run(void)
{
    struct vo_inv v;
    struct vo_error e = {0};
    struct vo_inv_query q = {.period = vo_cal_month(&ds->cal, (struct vo_date){2026, 11, 1}),
                             .as_of = vo_test_at(&svc, "2026-12-01")};
    cr_assert_eq(vo_inv_compute(ds, &q, &arena, &v, &e), VO_OK, "%s", e.msg);
    return v;
}

#define NEAR(a, b)                                                                                 \
    cr_assert(fabs((a) - (b)) < 1e-9, "%s = %.12g, want %.12g", #a, (double)(a), (double)(b))

static const char *who(const struct vo_inv_finding *f)
{
    return f->user >= 0 ? ds->users.name[f->user] : "(отдел)";
}

/* A step finding against the baseline with the stages named. */
static void step_is(const struct vo_inv_finding *f, const char *user, const char *from,
                    const char *to, double value, double ref, int64_t sample, int64_t money)
{
    cr_assert_str_eq(who(f), user);
    cr_assert_eq(f->what, VO_INV_STEP, "%s: what %d", user, f->what);
    cr_assert_eq(f->against, VO_INV_BASELINE);
    cr_assert_str_eq(ds->stages.name[f->from], from);
    cr_assert_str_eq(f->to >= 0 ? ds->stages.name[f->to] : "(won)", to);
    NEAR(f->value, value);
    NEAR(f->reference, ref);
    NEAR(f->delta, value - ref);
    NEAR(f->change, (value - ref) / ref);
    cr_assert_eq(f->sample, sample);
    cr_assert_eq(f->money, money, "%s: money %lld", user, (long long)f->money);
}

Test(investigate, the_periods)
{
    struct vo_inv v = run();
    cr_assert_eq(vo_date_cmp(v.baseline.first, (struct vo_date){2026, 8, 1}), 0);
    cr_assert_eq(vo_date_cmp(v.baseline.last, (struct vo_date){2026, 10, 31}), 0);
    cr_assert_eq(v.baseline.start, vo_test_at(&svc, "2026-08-01"));
    cr_assert_eq(v.baseline.end, vo_test_at(&svc, "2026-11-01"));
    cr_assert_eq(v.baseline_wd, vo_cal_period_wd(&ds->cal, &v.baseline));
    cr_assert_str_eq(ds->pipelines.name[v.pipeline], "Sales");
}

Test(investigate, every_finding_by_hand)
{
    struct vo_inv v = run();
    cr_assert_eq(v.n, 6, "%zu findings", v.n);
    /* the department first, by |money| */
    step_is(&v.f[0], "(отдел)", "КП", "(won)", 0, 1.0 / 3, 16, -320000000);
    step_is(&v.f[1], "(отдел)", "Встреча", "КП", 16.0 / 69, 0.42, 69, -259600000);
    step_is(&v.f[2], "(отдел)", "Новый", "Встреча", 69.0 / 90, 1, 90, -176400000);
    /* then the users by name: Анна and Борис tie, Вера's one finding */
    step_is(&v.f[3], "Анна", "Встреча", "КП", 7.0 / 30, 0.42, 30, -112000000);
    step_is(&v.f[4], "Борис", "Встреча", "КП", 7.0 / 30, 0.42, 30, -112000000);
    step_is(&v.f[5], "Вера", "Новый", "Встреча", 0.3, 1, 30, -176400000);
}

Test(investigate, below_the_sample_no_finding)
{
    /* Вера's Встреча -> КП fell from 42% to 22%, over 9 decided deals */
    struct vo_inv v = run();
    for (size_t i = 0; i < v.n; i++)
        if (v.f[i].user >= 0 && strcmp(ds->users.name[v.f[i].user], "Вера") == 0)
            cr_assert_str_neq(ds->stages.name[v.f[i].from], "Встреча");
}

Test(investigate, the_sentences)
{
    struct vo_inv v = run();
    cr_assert_str_eq(vo_inv_sentence(ds, &v.f[3], true, &arena),
                     "Анна: конверсия Встреча -> КП упала с 42% до 23%: -1,1 млн "
                     "₽ "
                     "к "
                     "плану");
    cr_assert_str_eq(
        vo_inv_sentence(ds, &v.f[3], false, &arena),
        "Анна: conversion Встреча -> КП fell from 42% to 23%: -1.1M ₽ to the plan");
    cr_assert_str_eq(vo_inv_sentence(ds, &v.f[0], true, &arena),
                     "Отдел продаж: конверсия КП -> выиграна упала с 33% до 0%: -3,2 млн "
                     "₽ "
                     "к "
                     "плану");
    cr_assert_str_eq(
        vo_inv_sentence(ds, &v.f[0], false, &arena),
        "The sales department: conversion КП -> выиграна fell from 33% to 0%: -3.2M ₽ "
        "to the plan");
    cr_assert_str_eq(vo_inv_sentence(ds, &v.f[1], true, &arena),
                     "Отдел продаж: конверсия Встреча -> КП упала с 42% до 23%: -2,6 млн "
                     "₽ "
                     "к "
                     "плану");
    cr_assert_str_eq(vo_inv_sentence(ds, &v.f[5], true, &arena),
                     "Вера: конверсия Новый -> Встреча упала с 100% до 30%: -1,8 млн "
                     "₽ "
                     "к "
                     "плану");
}

Test(investigate, a_manager_keeps_their_own_and_the_department)
{
    struct vo_inv v = run();
    int32_t vera = v.f[5].user;
    vo_inv_keep(&v, vera, false);
    cr_assert_eq(v.n, 4);
    for (size_t i = 0; i < 3; i++)
        cr_assert_eq(v.f[i].user, -1);
    cr_assert_eq(v.f[3].user, vera);
    vo_inv_keep(&v, vera, true);
    cr_assert_eq(v.n, 1);
    cr_assert_eq(v.f[0].user, vera);
}
