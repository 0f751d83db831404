/*
 * test_losses.c - the loss-reasons report (analytics/losses.h, through
 * the report options of analytics/report_query.h) against figures worked
 * out by hand from docs/reports.md "Loss reasons".
 *
 * The org (Europe/Moscow; times local): managers Anna and Boris in team
 * Sales, Vera without a team; pipeline Sales: New(1), Meeting(2); pipeline
 * Two: X(1). Period November 2026, as_of the end of 2026-11-20.
 *   L1 Anna  Sales/New      lost 11-03  1000  "Дорого"
 *   L2 Anna  Sales/Meeting  lost 11-05  3000  "Дорого"
 *   L3 Boris Sales/Meeting  lost 11-10  none  "Конкурент"
 *   L4 Boris Two/X          lost 11-12  5000  no reason
 *   L5 Vera  Sales/New      lost 11-15  2000  "Конкурент"
 * and, all outside: L6 Anna lost 10-31 23:59 (before the period), L7 Boris
 * lost 11-25 (after as_of), L8 Vera lost 12-01 (after the period), W1
 * Anna won 11-04 (not lost), O1 Boris open.
 *
 * By hand: total 5 deals, 1000 + 3000 + 5000 + 2000 = 11000, 4 with an
 * amount. Reasons by count, then amount: Дорого 2 / 4000 / 2, then
 * Конкурент 2 / 2000 / 1, then no reason 1 / 5000 / 1; shares 0.4, 0.4,
 * 0.2; money shares 4000/11000, 2000/11000, 5000/11000.
 * Users by name: Anna 2 / 4000 (top Дорого); Boris 2 / 5000 (Конкурент 1,
 * none 1: the first of the reasons' order wins the tie, Конкурент); Vera
 * 1 / 2000 (Конкурент).
 * Stages in pipeline order: Sales/New 2 / 3000 (Дорого 1, Конкурент 1:
 * top Дорого); Sales/Meeting 2 / 3000 (top Дорого); Two/X 1 / 5000 (top:
 * no reason).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "analytics/losses.h"
#include "analytics/report_query.h"
#include "fixture.h"
#include "service/dataset_load.h"
#include "testutil.h"

static struct vo_fx_org o;
static struct vo_dataset *ds;
static int64_t anna, boris, vera;

static void lost(const char *ext, int64_t pipe, int64_t stage, int64_t owner, int64_t amount,
                 const char *closed, const char *reason)
{
    vo_fx_deal((struct vo_fx_deal){ext, pipe, stage, owner, 0, VO_DEAL_LOST, amount, "2026-10-01",
                                   closed, NULL, reason});
}

static void setup(void)
{
    vo_fx_org_open(&o);
    int64_t team, pipe, s_new;
    vo_fx_sales(&team, &anna, &boris, &vera, &pipe, &s_new);
    int64_t s_meet = vo_fx_stage(pipe, "Meeting", 2, VO_NULL);
    int64_t two = vo_fx_pipeline("Two");
    int64_t s_x = vo_fx_stage(two, "X", 1, VO_NULL);
    lost("L1", pipe, s_new, anna, 1000, "2026-11-03", "Дорого");
    lost("L2", pipe, s_meet, anna, 3000, "2026-11-05", "Дорого");
    lost("L3", pipe, s_meet, boris, VO_NULL, "2026-11-10", "Конкурент");
    lost("L4", two, s_x, boris, 5000, "2026-11-12", NULL);
    lost("L5", pipe, s_new, vera, 2000, "2026-11-15", "Конкурент");
    lost("L6", pipe, s_new, anna, 700, "2026-10-31 23:59", "Дорого");
    lost("L7", pipe, s_new, boris, 900, "2026-11-25", "Дорого");
    lost("L8", pipe, s_new, vera, 800, "2026-12-01", "Дорого");
    vo_fx_deal((struct vo_fx_deal){"W1", pipe, s_new, anna, 0, VO_DEAL_WON, 10000, "2026-10-01",
                                   "2026-11-04", NULL, NULL});
    vo_fx_deal((struct vo_fx_deal){"O1", pipe, s_new, boris, 0, VO_DEAL_OPEN, 10000, "2026-10-01",
                                   NULL, NULL, NULL});
    struct vo_error e = {0};
    cr_assert_eq(vo_store_commit(o.st, &e), VO_OK, "%s", e.msg);
    ds = vo_fx_load();
}

static void teardown(void)
{
    vo_ds_free(ds);
    vo_fx_org_close(&o);
}

TestSuite(losses, .init = setup, .fini = teardown);

/* The report for the options a (period 2026-11, as_of 2026-11-20 unless
 * given) as user self (-1: nobody); VO_OK expected. */
static struct vo_losses run(struct vo_report_args a, int32_t self)
{
    if (!a.period)
        a.period = "2026-11";
    if (!a.as_of)
        a.as_of = "2026-11-20";
    struct vo_report_query q;
    struct vo_error e = {0};
    cr_assert_eq(vo_report_query_init(ds, &a, 0, self, &o.a, &q, &e), VO_OK, "%s", e.msg);
    vo_losses_query lq;
    cr_assert_eq(vo_report_losses_query(&q, &lq, &e), VO_OK, "%s", e.msg);
    struct vo_losses l;
    cr_assert_eq(vo_losses_compute(ds, &lq, &o.a, &l, &e), VO_OK, "%s", e.msg);
    return l;
}

static void cell(const struct vo_losses_cell *c, int64_t count, int64_t amount, int64_t with)
{
    cr_expect_eq(c->count, count, "count %lld, not %lld", (long long)c->count, (long long)count);
    cr_expect_eq(c->amount, amount, "amount %lld, not %lld", (long long)c->amount,
                 (long long)amount);
    cr_expect_eq(c->with_amount, with, "with_amount %lld, not %lld", (long long)c->with_amount,
                 (long long)with);
}

static void name_is(const char *got, const char *want)
{
    if (!want)
        cr_expect_null(got, "\"%s\", not no reason", got);
    else
        cr_expect(got && strcmp(got, want) == 0, "\"%s\", not \"%s\"", got ? got : "(null)", want);
}

Test(losses, reasons_by_count_then_money)
{
    struct vo_losses l = run((struct vo_report_args){0}, -1);
    cell(&l.total, 5, 11000, 4);
    cr_assert_eq(l.nreasons, 3);
    name_is(l.reasons[0].name, "Дорого");
    cell(&l.reasons[0].c, 2, 4000, 2);
    name_is(l.reasons[1].name, "Конкурент");
    cell(&l.reasons[1].c, 2, 2000, 1);
    name_is(l.reasons[2].name, NULL);
    cell(&l.reasons[2].c, 1, 5000, 1);
    const double share[] = {0.4, 0.4, 0.2},
                 money[] = {4000.0 / 11000, 2000.0 / 11000, 5000.0 / 11000};
    for (size_t p = 0; p < 3; p++) {
        cr_expect_float_eq(l.reasons[p].share, share[p], 1e-12);
        cr_expect_float_eq(l.reasons[p].amount_share, money[p], 1e-12);
    }
}

Test(losses, by_user_with_top_reason)
{
    struct vo_losses l = run((struct vo_report_args){0}, -1);
    cr_assert_eq(l.nusers, 3);
    const int64_t who[] = {anna, boris, vera};
    const int64_t count[] = {2, 2, 1}, amount[] = {4000, 5000, 2000}, with[] = {2, 1, 1};
    const char *top[] = {"Дорого", "Конкурент", "Конкурент"};
    for (size_t i = 0; i < 3; i++) {
        cr_expect_eq(ds->users.id[l.users[i].key], who[i]);
        cell(&l.users[i].c, count[i], amount[i], with[i]);
        name_is(l.reasons[l.users[i].top].name, top[i]);
    }
    /* Boris: Дорого 0, Конкурент 1 (no amount), no reason 1 (5000) */
    cell(&l.users[1].by_reason[0], 0, 0, 0);
    cell(&l.users[1].by_reason[1], 1, 0, 0);
    cell(&l.users[1].by_reason[2], 1, 5000, 1);
}

Test(losses, by_stage_in_pipeline_order)
{
    struct vo_losses l = run((struct vo_report_args){0}, -1);
    cr_assert_eq(l.nstages, 3);
    const char *stage[] = {"New", "Meeting", "X"}, *pipe[] = {"Sales", "Sales", "Two"};
    const int64_t count[] = {2, 2, 1}, amount[] = {3000, 3000, 5000}, with[] = {2, 1, 1};
    const char *top[] = {"Дорого", "Дорого", NULL};
    for (size_t i = 0; i < 3; i++) {
        int32_t s = l.stages[i].key;
        cr_assert_geq(s, 0);
        name_is(ds->stages.name[s], stage[i]);
        name_is(ds->pipelines.name[ds->stages.pipeline[s]], pipe[i]);
        cell(&l.stages[i].c, count[i], amount[i], with[i]);
        name_is(l.reasons[l.stages[i].top].name, top[i]);
    }
}

Test(losses, filters_and_restriction)
{
    /* one pipeline */
    struct vo_losses l = run((struct vo_report_args){.pipeline = "Two"}, -1);
    cell(&l.total, 1, 5000, 1);
    cr_expect_eq(l.nreasons, 1);
    /* one user */
    l = run((struct vo_report_args){.user = "boris@example.com"}, -1);
    cell(&l.total, 2, 5000, 1);
    cr_expect_eq(l.nusers, 1);
    /* a team: Anna and Boris */
    l = run((struct vo_report_args){.team = "Sales"}, -1);
    cell(&l.total, 4, 9000, 3);
    /* a manager sees their own losses only, whatever user is asked for */
    int32_t v = vo_ds_user_find(ds, vera);
    l = run((struct vo_report_args){.user = "anna@example.com"}, v);
    cell(&l.total, 1, 2000, 1);
    cr_expect_eq(l.nusers, 1);
    /* as_of moved to the end of November: L7 (11-25) counts too */
    l = run((struct vo_report_args){.as_of = "2026-11-30"}, -1);
    cell(&l.total, 6, 11900, 5);
    /* a month with no loss: empty, not an error */
    l = run((struct vo_report_args){.period = "2026-09", .as_of = "2026-11-30"}, -1);
    cell(&l.total, 0, 0, 0);
    cr_expect_eq(l.nreasons + l.nusers + l.nstages, 0);
}

Test(losses, bad_options_name_their_field)
{
    struct vo_report_args bad[] = {{.period = "2026-11", .by = "user"},
                                   {.period = "2026-11", .pipeline = "Нет такой"},
                                   {.period = "2026-11", .user = "nobody@example.com"}};
    const char *field[] = {"by", "pipeline", "user"};
    const vo_err code[] = {VO_EINVAL, VO_ENOTFOUND, VO_ENOTFOUND};
    for (size_t i = 0; i < 3; i++) {
        struct vo_report_query q;
        struct vo_error e = {0};
        cr_assert_eq(vo_report_query_init(ds, &bad[i], 0, -1, &o.a, &q, &e), VO_OK, "%s", e.msg);
        vo_losses_query lq;
        cr_expect_eq(vo_report_losses_query(&q, &lq, &e), code[i], "case %zu", i);
        cr_expect_str_eq(e.field, field[i]);
    }
}
