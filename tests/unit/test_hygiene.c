/*
 * test_hygiene.c - the CRM hygiene audit (METRICS.md, "CRM hygiene"), each
 * case a small company whose figures were worked out by hand below.
 *
 * Every case: org in Europe/Moscow, users Anna and Boris (managers) plus
 * the admin of vo_test_org; pipeline Sales: New (1, no limit), KP (2, max
 * 7 days), Contract (3, max 10 days); client C1. All times are local.
 * as_of = 2026-11-21 00:00 (the CLI's --as-of 2026-11-20), exclusive.
 * Days are whole days of 24 h rounded down; stale and stuck need MORE than
 * the threshold (14 days exactly is not stale, 15 is).
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

#include "analytics/hygiene.h"
#include "service/hygiene_settings.h"
#include "fixture.h"
#include "testutil.h"
#include "service/dataset_load.h"

static char *dir;
static struct vo_store *st;
static struct vo_svc svc;
static struct vo_arena arena;
static struct vo_dataset *ds;
static int64_t anna, boris, pipe, s_new, s_kp, s_contract, c1;
static struct vo_hygiene_settings defaults;

static int64_t T(const char *s)
{
    return vo_test_at(&svc, s);
}

static int64_t user(const char *name, const char *email)
{
    return vo_test_manager(st, &svc, name, email, 0);
}

/* A deal; closed = NULL while open; amount VO_NULL = not filled in. */
static int64_t deal(const char *ext, int64_t owner, int64_t cl, int64_t stg, int64_t amount,
                    const char *created, enum vo_deal_status status, const char *closed)
{
    return vo_fx_deal((struct vo_fx_deal){ext, pipe, stg, owner, cl, status, amount, created,
                                          closed, NULL, NULL});
}

/* An open deal of owner with client C1 and an amount, in stage stg. */
static int64_t open_deal(const char *ext, int64_t owner, int64_t stg, const char *created)
{
    return deal(ext, owner, c1, stg, 100000, created, VO_DEAL_OPEN, NULL);
}

/* A call of a minute by u. */
static void act(const char *ext, int64_t u, const char *at, int64_t dl)
{
    vo_fx_act(ext, VO_ACT_CALL, u, at, dl, 60);
}

static void task(const char *ext, int64_t u, const char *created, const char *due, int64_t dl,
                 const char *done)
{
    vo_fx_task(ext, u, dl, created, due, done);
}

/* A next task for deal dl, open and due after as_of. */
static void next_task(const char *ext, int64_t u, int64_t dl)
{
    task(ext, u, "2026-11-01 09:00", "2026-12-01 10:00", dl, NULL);
}

static void setup(void)
{
    struct vo_error e = {0};
    vo_fx_open(&dir, &st, &svc, &arena);
    cr_assert_eq(vo_store_begin(st, &e), VO_OK);
    anna = user("Anna", "anna@example.com");
    boris = user("Boris", "boris@example.com");
    pipe = vo_fx_pipeline("Sales");
    s_new = vo_fx_stage(pipe, "New", 1, VO_NULL);
    s_kp = vo_fx_stage(pipe, "KP", 2, 7);
    s_contract = vo_fx_stage(pipe, "Contract", 3, 10);
    c1 = vo_fx_client("C1", anna, NULL, NULL);
    vo_hygiene_settings_default(&defaults);
    ds = NULL;
}

static void teardown(void)
{
    vo_test_org_end(&dir, &st, &svc, &arena, &ds);
}

/* Commits what the case inserted, loads the dataset and audits it (with
 * the list, or without: then only the activities of the last stale_days
 * + 1 days are read, and every figure must still be the same). */
static struct vo_hygiene audit(const struct vo_hygiene_settings *s, bool want_list)
{
    struct vo_error e = {0};
    if (!ds) {
        cr_assert_eq(vo_store_commit(st, &e), VO_OK, "%s", e.msg);
        cr_assert_eq(vo_svc_dataset_load(st, svc.org.id, &ds, &e), VO_OK, "%s", e.msg);
    }
    struct vo_hygiene h;
    cr_assert_eq(vo_hygiene_compute(ds, T("2026-11-21 00:00"), s, want_list, &arena, &h, &e), VO_OK,
                 "%s", e.msg);
    return h;
}

static struct vo_hygiene run(const struct vo_hygiene_settings *s)
{
    struct vo_hygiene h = audit(s, true);
    /* the same figures without the list */
    struct vo_hygiene sum = audit(s, false);
    cr_expect_eq(sum.ndeals, 0);
    cr_expect_eq(sum.ntasks, 0);
    for (size_t u = 0; u <= h.nusers; u++) {
        const struct vo_hygiene_row *a = u < h.nusers ? &h.users[u] : &h.org;
        const struct vo_hygiene_row *b = u < h.nusers ? &sum.users[u] : &sum.org;
        cr_expect(a->open_deals == b->open_deals && a->open_tasks == b->open_tasks &&
                      a->overdue_tasks == b->overdue_tasks && a->no_next_task == b->no_next_task &&
                      a->stale == b->stale && a->stuck == b->stuck &&
                      a->incomplete == b->incomplete && a->overloaded == b->overloaded &&
                      a->clean == b->clean && a->score_x10 == b->score_x10,
                  "row %zu: the figures without the list differ", u);
    }
    return h;
}

static const struct vo_hygiene_row *urow(const struct vo_hygiene *h, int64_t user_id)
{
    int32_t u = vo_ds_user_find(ds, user_id);
    cr_assert(u >= 0);
    return &h->users[u];
}

/* Compares a row: open, overdue, no_next, stale, stuck, incomplete,
 * overloaded, clean, score (tenths, -1 = none). */
static void expect_row(const struct vo_hygiene_row *r, const int64_t want[9], const char *who)
{
    const int64_t got[9] = {r->open_deals, r->overdue_tasks, r->no_next_task, r->stale,    r->stuck,
                            r->incomplete, r->overloaded,    r->clean,        r->score_x10};
    static const char *const names[9] = {"open_deals", "overdue_tasks", "no_next_task",
                                         "stale",      "stuck",         "incomplete",
                                         "overloaded", "clean",         "score_x10"};
    for (int i = 0; i < 9; i++)
        cr_expect_eq(got[i], want[i], "%s %s: got %lld, want %lld", who, names[i],
                     (long long)got[i], (long long)want[i]);
}

/* The listed flags of deal id (0 when not listed). */
static const struct vo_hygiene_deal *listed(const struct vo_hygiene *h, int64_t id)
{
    int32_t d = vo_ds_deal_find(ds, id);
    for (size_t i = 0; i < h->ndeals; i++)
        if (h->deals[i].deal == d)
            return &h->deals[i];
    return NULL;
}

TestSuite(hygiene, .init = setup, .fini = teardown);

/* D1 Anna, New, created 11-19 10:00 (1 day old), no task: no_next_task
 * only. D2 Anna, same with an open next task: clean. Anna: open 2,
 * no_next 1, clean 1, score 100 * 1/2 = 50.0. */
Test(hygiene, no_next_task_alone)
{
    int64_t d1 = open_deal("D1", anna, s_new, "2026-11-19 10:00");
    int64_t d2 = open_deal("D2", anna, s_new, "2026-11-19 10:00");
    next_task("T2", anna, d2);
    struct vo_hygiene h = run(&defaults);
    expect_row(urow(&h, anna), (const int64_t[]){2, 0, 1, 0, 0, 0, 0, 1, 500}, "anna");
    cr_assert_eq(h.ndeals, 1);
    cr_expect_eq(listed(&h, d1)->flags, VO_HY_NO_NEXT_TASK);
    cr_expect_null(listed(&h, d2));
}

/* Stale, "more than 14 days" (whole days since the last touch):
 *   D1 created 11-05 10:00, nothing since: 15 d 14 h -> 15 > 14: STALE.
 *   D2 created 11-06 10:00: 14 d 14 h -> 14: not stale.
 *   D3 created 10-01, call 11-07 00:00: exactly 14 d 0 h -> 14: not stale.
 *   D4 created 10-01, call 11-06 00:00: exactly 15 d -> 15: STALE; a call
 *      on D4 at 11-22 (after as_of) is ignored.
 *   D5 created 10-01, moved to Contract 11-15 09:00 (a stage move is a
 *      touch): 5 days, not stale; 5 days in Contract <= 10, not stuck.
 *   D6 created 10-01, call 11-06 00:00:01: 14 d 23:59:59 -> 14: not stale
 *      (the earliest activity that can still save a deal: without the
 *      list only activities after 11-06 00:00 are read).
 * All New (no limit) or Contract, with next tasks and client and amount.
 * Anna: open 6, stale 2 (D1, D4), clean 4, score 400/6 = 66.67 -> 66.7. */
Test(hygiene, stale_is_more_than_14_whole_days)
{
    int64_t d[6];
    d[0] = open_deal("D1", anna, s_new, "2026-11-05 10:00");
    d[1] = open_deal("D2", anna, s_new, "2026-11-06 10:00");
    d[2] = open_deal("D3", anna, s_new, "2026-10-01 10:00");
    d[3] = open_deal("D4", anna, s_new, "2026-10-01 10:00");
    d[4] = open_deal("D5", anna, s_contract, "2026-10-01 10:00");
    d[5] = open_deal("D6", anna, s_new, "2026-10-01 10:00");
    act("a6", anna, "2026-11-06 00:00:01", d[5]);
    act("a3", anna, "2026-11-07 00:00", d[2]);
    act("a4", anna, "2026-11-06 00:00", d[3]);
    act("a4late", anna, "2026-11-22 10:00", d[3]);
    vo_fx_move(d[4], s_new, "2026-10-01 10:00");
    vo_fx_move(d[4], s_contract, "2026-11-15 09:00");
    for (int i = 0; i < 6; i++)
        next_task(vo_arena_printf(&arena, "T%d", i), anna, d[i]);
    struct vo_hygiene h = run(&defaults);
    expect_row(urow(&h, anna), (const int64_t[]){6, 0, 0, 2, 0, 0, 0, 4, 667}, "anna");
    cr_assert_eq(h.ndeals, 2);
    cr_expect_eq(listed(&h, d[0])->flags, VO_HY_STALE);
    cr_expect_eq(listed(&h, d[0])->idle_days, 15);
    cr_expect_eq(listed(&h, d[3])->flags, VO_HY_STALE);
    cr_expect_eq(listed(&h, d[3])->idle_days, 15);
    /* the threshold is a setting: at 15, 15 days is no longer stale */
    struct vo_hygiene_settings s15 = defaults;
    s15.stale_days = 15;
    h = run(&s15);
    cr_expect_eq(urow(&h, anna)->stale, 0);
}

/* Stuck (KP has max 7 days); every deal has a call on 11-20 and a task:
 *   D1 in KP since 11-12 10:00: 8 d 14 h -> 8 > 7: STUCK (8 days > 7).
 *   D2 in KP since 11-13 10:00: 7 d 14 h -> 7: not stuck.
 *   D3 New 11-01, KP 11-02 10:00, Contract 11-22 (after as_of, ignored):
 *      in KP at as_of for 18 d 14 h -> 18 > 7: STUCK, though its stage
 *      now is Contract.
 *   D4 New since 11-01 (no limit), KP 11-25 (after as_of): not stuck.
 * Boris: open 4, stuck 2, clean 2, score 50.0. */
Test(hygiene, stuck_uses_the_stage_at_as_of)
{
    int64_t d1 = open_deal("D1", boris, s_kp, "2026-11-01 10:00");
    int64_t d2 = open_deal("D2", boris, s_kp, "2026-11-01 10:00");
    int64_t d3 = open_deal("D3", boris, s_contract, "2026-11-01 10:00");
    int64_t d4 = open_deal("D4", boris, s_kp, "2026-11-01 10:00");
    vo_fx_move(d1, s_new, "2026-11-01 10:00");
    vo_fx_move(d1, s_kp, "2026-11-12 10:00");
    vo_fx_move(d2, s_new, "2026-11-01 10:00");
    vo_fx_move(d2, s_kp, "2026-11-13 10:00");
    vo_fx_move(d3, s_new, "2026-11-01 10:00");
    vo_fx_move(d3, s_kp, "2026-11-02 10:00");
    vo_fx_move(d3, s_contract, "2026-11-22 10:00");
    vo_fx_move(d4, s_new, "2026-11-01 10:00");
    vo_fx_move(d4, s_kp, "2026-11-25 10:00");
    int64_t all[] = {d1, d2, d3, d4};
    for (int i = 0; i < 4; i++) {
        act(vo_arena_printf(&arena, "a%d", i), boris, "2026-11-20 12:00", all[i]);
        next_task(vo_arena_printf(&arena, "T%d", i), boris, all[i]);
    }
    struct vo_hygiene h = run(&defaults);
    expect_row(urow(&h, boris), (const int64_t[]){4, 0, 0, 0, 2, 0, 0, 2, 500}, "boris");
    const struct vo_hygiene_deal *f = listed(&h, d1);
    cr_assert_not_null(f);
    cr_expect_eq(f->flags, VO_HY_STUCK);
    cr_expect_eq(f->stage, vo_ds_stage_find(ds, s_kp));
    cr_expect_eq(f->stage_days, 8);
    cr_expect_eq(f->max_days, 7);
    f = listed(&h, d3);
    cr_assert_not_null(f);
    cr_expect_eq(f->stage, vo_ds_stage_find(ds, s_kp));
    cr_expect_eq(f->stage_days, 18);
    cr_expect_null(listed(&h, d2));
    cr_expect_null(listed(&h, d4));
}

/* Incomplete (default required: amount, client), all with a task, 1 day
 * old: D1 no amount, D2 no client, D3 neither, D4 complete.
 * Anna: open 4, incomplete 3, clean 1, score 25.0. With only "amount"
 * required D2 is clean: incomplete 2, clean 2, 50.0. */
Test(hygiene, incomplete_required_fields)
{
    int64_t d1 = deal("D1", anna, c1, s_new, VO_NULL, "2026-11-20 10:00", VO_DEAL_OPEN, NULL);
    int64_t d2 = deal("D2", anna, 0, s_new, 5000, "2026-11-20 10:00", VO_DEAL_OPEN, NULL);
    int64_t d3 = deal("D3", anna, 0, s_new, VO_NULL, "2026-11-20 10:00", VO_DEAL_OPEN, NULL);
    int64_t d4 = open_deal("D4", anna, s_new, "2026-11-20 10:00");
    int64_t all[] = {d1, d2, d3, d4};
    for (int i = 0; i < 4; i++)
        next_task(vo_arena_printf(&arena, "T%d", i), anna, all[i]);
    struct vo_hygiene h = run(&defaults);
    expect_row(urow(&h, anna), (const int64_t[]){4, 0, 0, 0, 0, 3, 0, 1, 250}, "anna");
    cr_expect_eq(listed(&h, d1)->missing, VO_HY_REQ_AMOUNT);
    cr_expect_eq(listed(&h, d2)->missing, VO_HY_REQ_CLIENT);
    cr_expect_eq(listed(&h, d3)->missing, VO_HY_REQ_AMOUNT | VO_HY_REQ_CLIENT);
    cr_expect_eq(listed(&h, d3)->flags, VO_HY_INCOMPLETE);
    struct vo_hygiene_settings s = defaults;
    s.required = VO_HY_REQ_AMOUNT;
    h = run(&s);
    expect_row(urow(&h, anna), (const int64_t[]){4, 0, 0, 0, 0, 2, 0, 2, 500}, "anna, amount");
}

/* Tasks (Boris), D1 Boris created 11-20 with only T4 linked:
 *   T1 open, due 11-20 23:59: overdue, 0 whole days.
 *   T2 open, due 11-21 00:00 = as_of: not overdue (due_at < as_of fails).
 *   T3 due 11-10, done 11-20 12:00 (before as_of): not open.
 *   T4 due 11-15 10:00, done 11-22 (after as_of): OPEN at as_of and
 *      overdue 5 d 14 h -> 5 days; it is D1's next task, so D1 is clean.
 *   T5 created 11-22 (after as_of): does not exist yet.
 * Boris: overdue 2 (T1, T4); open deals 1, clean 1, 100.0. Anna: nothing,
 * no open deals: no score (-1). Org: overdue 2, score 100.0. */
Test(hygiene, tasks_open_at_as_of)
{
    int64_t d1 = open_deal("D1", boris, s_new, "2026-11-20 10:00");
    task("T1", boris, "2026-11-01 09:00", "2026-11-20 23:59", 0, NULL);
    task("T2", boris, "2026-11-01 09:00", "2026-11-21 00:00", 0, NULL);
    task("T3", boris, "2026-11-01 09:00", "2026-11-10 10:00", d1, "2026-11-20 12:00");
    task("T4", boris, "2026-11-02 09:00", "2026-11-15 10:00", d1, "2026-11-22 10:00");
    task("T5", boris, "2026-11-22 09:00", "2026-11-23 10:00", 0, NULL);
    struct vo_hygiene h = run(&defaults);
    expect_row(urow(&h, boris), (const int64_t[]){1, 2, 0, 0, 0, 0, 0, 1, 1000}, "boris");
    expect_row(urow(&h, anna), (const int64_t[]){0, 0, 0, 0, 0, 0, 0, 0, -1}, "anna");
    expect_row(&h.org, (const int64_t[]){1, 2, 0, 0, 0, 0, 0, 1, 1000}, "org");
    cr_expect_eq(urow(&h, boris)->open_tasks, 3); /* T1, T2, T4 */
    cr_assert_eq(h.ntasks, 2);
    /* in task (created_at) order: T1 (11-01) then T4 (11-02) */
    cr_expect_eq(ds->tasks.due_at[h.tasks[0].task], T("2026-11-20 23:59"));
    cr_expect_eq(h.tasks[0].days_overdue, 0);
    cr_expect_eq(ds->tasks.due_at[h.tasks[1].task], T("2026-11-15 10:00"));
    cr_expect_eq(h.tasks[1].days_overdue, 5);
}

/* One deal with every deal flag: D1 Anna, created 10-01 10:00, no amount,
 * no task, KP since 10-02 10:00, no activity: no_next_task, stale (last
 * touch 10-02 10:00: 49 d 14 h -> 49 > 14), stuck (49 > 7), incomplete.
 * D2 Anna clean (1 day old, task). Each column counts D1 once; the score
 * counts it once: clean 1 of 2 = 50.0. */
Test(hygiene, several_flags_count_once_in_the_score)
{
    int64_t d1 = deal("D1", anna, c1, s_kp, VO_NULL, "2026-10-01 10:00", VO_DEAL_OPEN, NULL);
    vo_fx_move(d1, s_new, "2026-10-01 10:00");
    vo_fx_move(d1, s_kp, "2026-10-02 10:00");
    int64_t d2 = open_deal("D2", anna, s_new, "2026-11-20 10:00");
    next_task("T2", anna, d2);
    struct vo_hygiene h = run(&defaults);
    expect_row(urow(&h, anna), (const int64_t[]){2, 0, 1, 1, 1, 1, 0, 1, 500}, "anna");
    const struct vo_hygiene_deal *f = listed(&h, d1);
    cr_assert_not_null(f);
    cr_expect_eq(f->flags, VO_HY_NO_NEXT_TASK | VO_HY_STALE | VO_HY_STUCK | VO_HY_INCOMPLETE);
    cr_expect_eq(f->idle_days, 49);
    cr_expect_eq(f->stage_days, 49);
}

/* Which deals are open at as_of: D1 won 11-25 (after as_of): open; D2 lost
 * 11-20 (before): not; D3 created 11-22: not yet; D4 won exactly at
 * 11-21 00:00 (= as_of, not before it): open. D1 and D4 have tasks and
 * are 1 day old (D4 in Contract since creation, 1 day). Anna: open 2,
 * clean 2, 100.0. */
Test(hygiene, open_at_as_of)
{
    int64_t d1 =
        deal("D1", anna, c1, s_new, 100, "2026-11-20 10:00", VO_DEAL_WON, "2026-11-25 10:00");
    deal("D2", anna, c1, s_new, 100, "2026-11-19 10:00", VO_DEAL_LOST, "2026-11-20 10:00");
    deal("D3", anna, c1, s_new, 100, "2026-11-22 10:00", VO_DEAL_OPEN, NULL);
    int64_t d4 =
        deal("D4", anna, c1, s_contract, 100, "2026-11-20 10:00", VO_DEAL_WON, "2026-11-21 00:00");
    next_task("T1", anna, d1);
    next_task("T4", anna, d4);
    struct vo_hygiene h = run(&defaults);
    expect_row(urow(&h, anna), (const int64_t[]){2, 0, 0, 0, 0, 0, 0, 2, 1000}, "anna");
}

/* Overloaded: Anna owns 3 open deals, Boris 2 (all clean: 1 day old,
 * tasks). Limit 2: Anna 3 > 2 overloaded, Boris 2 is not more than 2;
 * org overloaded = 1 user. No limit (default): nobody. Overloaded is not
 * a deal flag: the scores stay 100.0. */
Test(hygiene, overloaded_with_a_limit)
{
    const char *names[] = {"A1", "A2", "A3", "B1", "B2"};
    for (int i = 0; i < 5; i++) {
        int64_t d = open_deal(names[i], i < 3 ? anna : boris, s_new, "2026-11-20 10:00");
        next_task(vo_arena_printf(&arena, "T%d", i), i < 3 ? anna : boris, d);
    }
    struct vo_hygiene_settings s = defaults;
    s.open_deal_limit = 2;
    struct vo_hygiene h = run(&s);
    expect_row(urow(&h, anna), (const int64_t[]){3, 0, 0, 0, 0, 0, 1, 3, 1000}, "anna");
    expect_row(urow(&h, boris), (const int64_t[]){2, 0, 0, 0, 0, 0, 0, 2, 1000}, "boris");
    expect_row(&h.org, (const int64_t[]){5, 0, 0, 0, 0, 0, 1, 5, 1000}, "org");
    h = run(&defaults);
    cr_expect_eq(h.org.overloaded, 0);
}

/* No deals and no tasks at all: every row zero, no score anywhere. */
Test(hygiene, no_open_deals_no_score)
{
    deal("D1", anna, c1, s_new, 100, "2026-11-01 10:00", VO_DEAL_LOST, "2026-11-02 10:00");
    struct vo_hygiene h = run(&defaults);
    expect_row(&h.org, (const int64_t[]){0, 0, 0, 0, 0, 0, 0, 0, -1}, "org");
    expect_row(urow(&h, anna), (const int64_t[]){0, 0, 0, 0, 0, 0, 0, 0, -1}, "anna");
    cr_expect_eq(h.ndeals, 0);
    cr_expect_eq(h.ntasks, 0);
}

/* The department row is the sum, its score recomputed from the sums:
 * Anna D1, D2 with no task (no_next_task), D3 clean: 1 of 3 -> 1000/3 =
 * 333.3 tenths -> 33.3. Boris B1, B2 clean: 100.0. Boris also has an
 * overdue task (due 11-10). Org: open 5, overdue 1, no_next 2, clean 3 ->
 * 60.0 (the mean of the users' scores, 66.7, would be wrong). The list:
 * Anna's D1, D2 (by owner, then creation), no Boris deals; Boris's task. */
Test(hygiene, department_is_the_sum)
{
    int64_t d1 = open_deal("D1", anna, s_new, "2026-11-20 09:00");
    int64_t d2 = open_deal("D2", anna, s_new, "2026-11-20 08:00");
    int64_t d3 = open_deal("D3", anna, s_new, "2026-11-20 10:00");
    int64_t b1 = open_deal("B1", boris, s_new, "2026-11-20 07:00");
    int64_t b2 = open_deal("B2", boris, s_new, "2026-11-20 10:00");
    next_task("T3", anna, d3);
    next_task("TB1", boris, b1);
    next_task("TB2", boris, b2);
    task("TO", boris, "2026-11-01 09:00", "2026-11-10 10:00", 0, NULL);
    struct vo_hygiene h = run(&defaults);
    expect_row(urow(&h, anna), (const int64_t[]){3, 0, 2, 0, 0, 0, 0, 1, 333}, "anna");
    expect_row(urow(&h, boris), (const int64_t[]){2, 1, 0, 0, 0, 0, 0, 2, 1000}, "boris");
    expect_row(&h.org, (const int64_t[]){5, 1, 2, 0, 0, 0, 0, 3, 600}, "org");
    cr_assert_eq(h.ndeals, 2);
    /* D2 was created before D1 */
    cr_expect_eq(ds->deals.id[h.deals[0].deal], d2);
    cr_expect_eq(ds->deals.id[h.deals[1].deal], d1);
    cr_assert_eq(h.ntasks, 1);
    cr_expect_eq(ds->tasks.assignee[h.tasks[0].task], vo_ds_user_find(ds, boris));
    cr_expect_eq(h.tasks[0].days_overdue, 10); /* 11-10 10:00 -> 11-21 00:00: 10 d 14 h */
    /* without the list: the same figures, nothing listed */
    struct vo_error e = {0};
    struct vo_hygiene sum;
    cr_assert_eq(vo_hygiene_compute(ds, T("2026-11-21 00:00"), &defaults, false, &arena, &sum, &e),
                 VO_OK);
    expect_row(&sum.org, (const int64_t[]){5, 1, 2, 0, 0, 0, 0, 3, 600}, "summary org");
    expect_row(&sum.users[vo_ds_user_find(ds, anna)],
               (const int64_t[]){3, 0, 2, 0, 0, 0, 0, 1, 333}, "summary anna");
    cr_expect_eq(sum.ndeals, 0);
    cr_expect_eq(sum.ntasks, 0);
}

/* Rounding of the score: 2 clean of 3 = 66.666..% -> 66.7 (667 tenths). */
Test(hygiene, score_rounds_to_one_decimal)
{
    for (int i = 0; i < 3; i++) {
        int64_t d = open_deal(vo_arena_printf(&arena, "D%d", i), anna, s_new, "2026-11-20 10:00");
        if (i)
            next_task(vo_arena_printf(&arena, "T%d", i), anna, d);
    }
    struct vo_hygiene h = run(&defaults);
    cr_expect_eq(urow(&h, anna)->score_x10, 667);
}

Test(hygiene_settings, parse)
{
    struct vo_hygiene_settings s;
    struct vo_error e = {0};
    cr_assert_eq(vo_hygiene_settings_parse(NULL, &s, &e), VO_OK);
    cr_expect_eq(s.stale_days, 14);
    cr_expect_eq(s.open_deal_limit, -1);
    cr_expect_eq(s.required, VO_HY_REQ_AMOUNT | VO_HY_REQ_CLIENT);
    cr_assert_eq(vo_hygiene_settings_parse("{\"currency_note\":1}", &s, &e), VO_OK);
    cr_expect_eq(s.stale_days, 14);
    cr_assert_eq(vo_hygiene_settings_parse("{\"stale_days\":21,\"open_deal_limit\":40,"
                                           "\"required_deal_fields\":[\"source\",\"stage\"]}",
                                           &s, &e),
                 VO_OK, "%s", e.msg);
    cr_expect_eq(s.stale_days, 21);
    cr_expect_eq(s.open_deal_limit, 40);
    cr_expect_eq(s.required, VO_HY_REQ_SOURCE | VO_HY_REQ_STAGE);
    cr_assert_eq(vo_hygiene_settings_parse("{\"open_deal_limit\":null}", &s, &e), VO_OK);
    cr_expect_eq(s.open_deal_limit, -1);
    s.stale_days = 99;
    cr_expect_eq(vo_hygiene_settings_parse("{\"required_deal_fields\":[\"colour\"]}", &s, &e),
                 VO_EINVAL);
    cr_expect_str_eq(e.field, "required_deal_fields");
    cr_expect_eq(s.stale_days, 99); /* untouched on error */
    cr_expect_eq(vo_hygiene_settings_parse("{\"stale_days\":\"two weeks\"}", &s, &e), VO_EINVAL);
    cr_expect_eq(vo_hygiene_settings_parse("{\"stale_days\":-1}", &s, &e), VO_EINVAL);
    cr_expect_eq(vo_hygiene_settings_parse("[1]", &s, &e), VO_EINVAL);
    cr_expect_eq(vo_hygiene_settings_parse("{not json", &s, &e), VO_EINVAL);
}
