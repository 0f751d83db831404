/*
 * test_dataset.c - loading an org into columns: counts, time order, id
 * look-ups, interned dimensions, the implicit first stage change, payment
 * attribution, the period search, and the bytes an activity takes.
 *
 * The org (Europe/Moscow, all times local):
 *   team Sales: Anna, Boris (plus the admin from vo_test_org, no team)
 *   pipeline Sales: New(1), Meeting(2), Proposal(3)
 *   clients C1 (owner Boris, Website, Moscow), C2 (owner Anna, Referral, Kazan)
 *   deals, inserted in id order D1..D4, created in the order D2, D1, D3, D4:
 *     D1 Anna, C1, created 11-03 10:00, won 11-20 15:00, 100000, history
 *        New 11-03 10:00, Meeting 11-05 12:00, Proposal 11-10 09:00
 *     D2 Boris, C2, created 10-20 09:00, open in Meeting, no history
 *     D3 Anna, no client, created 11-15 12:00, open, no stage, no history
 *     D4 Boris, C1, created 11-30 23:30, lost 12-01 10:00 in New,
 *        own channel "Cold call", loss reason "price"
 *   activities (inserted out of order) a5 10-31 18:00, a2 11-01 11:00,
 *     a1 11-05 12:00, a3 11-30 23:30, a4 12-01 00:00
 *   tasks t2 created 11-01 (open), t1 11-02 (done 11-04), t3 11-10 (done 11-14)
 *   payments p3 10-15 C2 no deal, p1 11-21 D1, p2 11-25 C1 no deal
 */
#include <criterion/criterion.h>
#include <glib.h>

#include "analytics/dataset.h"
#include "fixture.h"
#include "testutil.h"
#include "service/dataset_load.h"

static char *dir;
static struct vo_store *st;
static struct vo_svc svc;
static struct vo_arena arena;
static struct vo_dataset *ds;
static int64_t anna, boris, admin_id, team, pipe, s_new, s_meet, s_prop, c1, c2;
static int64_t d1, d2, d3, d4;

static int64_t T(const char *s)
{
    return vo_test_at(&svc, s);
}

static int64_t user(const char *name, const char *email)
{
    return vo_test_manager(st, &svc, name, email, team);
}

static int64_t stage(const char *name, int pos)
{
    return vo_fx_stage(pipe, name, pos, pos == 2 ? 7 : VO_NULL);
}

static int64_t deal(const char *ext, int64_t owner, int64_t cl, int64_t stg,
                    enum vo_deal_status status, int64_t amount, const char *created,
                    const char *closed, const char *channel, const char *loss)
{
    return vo_fx_deal((struct vo_fx_deal){ext, pipe, stg, owner, cl, status, amount, created,
                                          closed, channel, loss});
}

static void build(void)
{
    struct vo_error e = {0};
    team = vo_fx_begin_sales(&pipe);
    anna = user("Anna", "anna@example.com");
    boris = user("Boris", "boris@example.com");
    /* inserted out of position order on purpose */
    s_prop = stage("Proposal", 3);
    s_new = stage("New", 1);
    s_meet = stage("Meeting", 2);
    c1 = vo_fx_client("C1", boris, "Website", "Moscow");
    c2 = vo_fx_client("C2", anna, "Referral", "Kazan");
    d1 = deal("D1", anna, c1, s_prop, VO_DEAL_WON, 100000, "2025-11-03 10:00", "2025-11-20 15:00",
              NULL, NULL);
    d2 = deal("D2", boris, c2, s_meet, VO_DEAL_OPEN, VO_NULL, "2025-10-20 09:00", NULL, NULL, NULL);
    d3 = deal("D3", anna, 0, 0, VO_DEAL_OPEN, 5000, "2025-11-15 12:00", NULL, NULL, NULL);
    d4 = deal("D4", boris, c1, s_new, VO_DEAL_LOST, 7000, "2025-11-30 23:30", "2025-12-01 10:00",
              "Cold call", "price");
    vo_fx_move(d1, s_prop, "2025-11-10 09:00");
    vo_fx_move(d1, s_new, "2025-11-03 10:00");
    vo_fx_move(d1, s_meet, "2025-11-05 12:00");
    vo_fx_act("a1", VO_ACT_CALL, anna, "2025-11-05 12:00", d1, 300);
    vo_fx_act("a2", VO_ACT_MEETING, boris, "2025-11-01 11:00", d2, 3600);
    vo_fx_act("a3", VO_ACT_CALL, anna, "2025-11-30 23:30", 0, VO_NULL);
    vo_fx_act("a4", VO_ACT_EMAIL, boris, "2025-12-01 00:00", 0, VO_NULL);
    vo_fx_act("a5", VO_ACT_CALL, anna, "2025-10-31 18:00", 0, 60);
    vo_fx_task("t1", anna, 0, "2025-11-02 09:00", "2025-11-05 18:00", "2025-11-04 10:00");
    vo_fx_task("t2", boris, 0, "2025-11-01 09:00", "2025-11-10 18:00", NULL);
    vo_fx_task("t3", anna, 0, "2025-11-10 09:00", "2025-11-12 18:00", "2025-11-14 10:00");
    vo_fx_pay("p1", 50000, "2025-11-21 12:00", d1, 0);
    vo_fx_pay("p2", 20000, "2025-11-25 12:00", 0, c1);
    vo_fx_pay("p3", 30000, "2025-10-15 12:00", 0, c2);
    vo_fx_plan(2025, 11, VO_SCOPE_ORG, 0, VO_M_CALLS, 100);
    vo_fx_plan(2025, 11, VO_SCOPE_USER, anna, VO_M_REVENUE, 1000000);
    vo_fx_plan(2025, 11, VO_SCOPE_TEAM, team, VO_M_LEADS, 10);
    vo_fx_plan(2025, 11, VO_SCOPE_USER, 99999, VO_M_CALLS, 5); /* a user not in the org */
    vo_fx_holiday(2025, 11, 1, VO_DAY_WORKDAY);
    vo_fx_holiday(2025, 11, 3, VO_DAY_HOLIDAY);
    vo_fx_holiday(2025, 11, 4, VO_DAY_HOLIDAY);
    cr_assert_eq(vo_store_commit(st, &e), VO_OK, "%s", e.msg);

    /* A second org whose rows must not leak into the first. */
    struct vo_org o2 = {
        .name = "Other", .tz = "Asia/Yekaterinburg", .currency = "RUB", .created_at = 1};
    vo_fx_org_with_manager(st, &o2, "Zoe", "zoe@example.com");
    int64_t t2 = 0;
    cr_assert_eq(vo_store_team_ensure(st, o2.id, "Elsewhere", &t2, NULL, &e), VO_OK);
}

static void setup(void)
{
    vo_fx_open(&dir, &st, &svc, &arena);
    struct vo_user admin;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_user_find_email(st, svc.org.id, "admin@example.com", &arena, &admin, &e),
                 VO_OK);
    admin_id = admin.id;
    build();
    cr_assert_eq(vo_svc_dataset_load(st, svc.org.id, &ds, &e), VO_OK, "%s", e.msg);
}

static void teardown(void)
{
    vo_test_org_end(&dir, &st, &svc, &arena, &ds);
}

TestSuite(dataset, .init = setup, .fini = teardown);

Test(dataset, counts_and_id_lookups)
{
    cr_assert_eq(ds->teams.n, 1);
    cr_assert_eq(ds->users.n, 3); /* admin, Anna, Boris; not Zoe */
    cr_assert_eq(ds->pipelines.n, 1);
    cr_assert_eq(ds->stages.n, 3);
    cr_assert_eq(ds->clients.n, 2);
    cr_assert_eq(ds->deals.n, 4);
    cr_assert_eq(ds->acts.n, 5);
    cr_assert_eq(ds->tasks.n, 3);
    cr_assert_eq(ds->pays.n, 3);
    cr_assert_eq(ds->plans.n, 3);
    cr_assert_eq(ds->plans.dangling, 1);
    cr_assert_str_eq(ds->currency, "RUB");
    int32_t ia = vo_ds_user_find(ds, anna), ib = vo_ds_user_find(ds, boris);
    cr_assert(ia >= 0 && ib >= 0);
    cr_assert_str_eq(ds->users.name[ia], "Anna");
    cr_assert_str_eq(ds->users.email[ib], "boris@example.com");
    cr_assert_eq(ds->users.team[ia], 0);
    cr_assert_eq(ds->users.team[vo_ds_user_find(ds, admin_id)], -1);
    cr_assert_eq(vo_ds_user_find(ds, 99999), -1);
    cr_assert_eq(vo_ds_team_find(ds, team), 0);
    /* the deals' rows are by creation: D2, D1, D3, D4 */
    cr_assert_eq(vo_ds_deal_find(ds, d2), 0);
    cr_assert_eq(vo_ds_deal_find(ds, d1), 1);
    cr_assert_eq(vo_ds_deal_find(ds, d3), 2);
    cr_assert_eq(vo_ds_deal_find(ds, d4), 3);
    cr_assert_eq(vo_ds_deal_find(ds, 424242), -1);
}

Test(dataset, stages_in_position_order)
{
    cr_assert_eq(ds->pipelines.stage_first[0], 0);
    cr_assert_eq(ds->pipelines.stage_count[0], 3);
    cr_assert_str_eq(ds->stages.name[0], "New");
    cr_assert_str_eq(ds->stages.name[1], "Meeting");
    cr_assert_str_eq(ds->stages.name[2], "Proposal");
    cr_assert_eq(ds->stages.pos[2], 2);
    cr_assert_eq(ds->stages.max_days[1], 7);
    cr_assert_eq(ds->stages.max_days[0], -1);
    cr_assert_eq(vo_ds_stage_find(ds, s_prop), 2);
    cr_assert_eq(vo_ds_stage_find(ds, s_new), 0);
}

Test(dataset, deal_columns_and_dimensions)
{
    int32_t i1 = vo_ds_deal_find(ds, d1), i3 = vo_ds_deal_find(ds, d3),
            i4 = vo_ds_deal_find(ds, d4), i2 = vo_ds_deal_find(ds, d2);
    const struct vo_ds_deals *D = &ds->deals;
    for (size_t i = 1; i < D->n; i++)
        cr_assert(D->created_at[i - 1] <= D->created_at[i]);
    cr_assert_eq(D->owner[i1], vo_ds_user_find(ds, anna));
    cr_assert_eq(D->team[i1], 0);
    cr_assert_eq(D->status[i1], VO_DEAL_WON);
    cr_assert_eq(D->amount[i1], 100000);
    cr_assert_eq(D->amount[i2], VO_NULL);
    cr_assert_eq(D->closed_at[i2], VO_NULL);
    cr_assert_eq(D->stage[i1], 2);
    cr_assert_eq(D->stage[i3], -1);
    cr_assert_eq(D->client[i3], -1);
    /* D1 takes its client's channel and region; D4 keeps its own channel */
    cr_assert_eq(D->channel[i1], vo_ds_dict_find(&ds->channels, "Website"));
    cr_assert_str_eq(ds->channels.str[D->channel[i1]], "Website");
    cr_assert_str_eq(ds->regions.str[D->region[i1]], "Moscow");
    cr_assert_str_eq(ds->channels.str[D->channel[i4]], "Cold call");
    cr_assert_str_eq(ds->regions.str[D->region[i4]], "Moscow");
    cr_assert_eq(D->channel[i3], 0);
    cr_assert_str_eq(ds->loss_reasons.str[D->loss_reason[i4]], "price");
    cr_assert_eq(vo_ds_dict_find(&ds->channels, "nowhere"), 0);
    cr_assert_eq(vo_ds_dict_find(&ds->channels, NULL), 0);
    /* Website, Referral, Cold call + the "none" entry */
    cr_assert_eq(ds->channels.n, 4);
}

Test(dataset, stage_history_with_the_implicit_first_change)
{
    const struct vo_ds_deals *D = &ds->deals;
    const struct vo_ds_stage_changes *S = &ds->sc;
    cr_assert_eq(S->n, 6); /* D1: 3 stored; D2, D3, D4: one implicit each */
    cr_assert_eq(D->sc_first[D->n], 6);
    /* D1 (row 1): New, Meeting, Proposal in time order */
    int32_t i1 = vo_ds_deal_find(ds, d1);
    cr_assert_eq(D->sc_first[i1 + 1] - D->sc_first[i1], 3);
    int32_t k = D->sc_first[i1];
    cr_assert_eq(S->stage[k], 0);
    cr_assert_eq(S->stage[k + 1], 1);
    cr_assert_eq(S->stage[k + 2], 2);
    cr_assert_eq(S->at[k], T("2025-11-03 10:00"));
    cr_assert_eq(S->at[k + 2], T("2025-11-10 09:00"));
    cr_assert_eq(S->implicit[k], 0);
    cr_assert_eq(S->deal[k + 1], i1);
    /* D2: entered its current stage (Meeting) at created_at */
    int32_t i2 = vo_ds_deal_find(ds, d2);
    k = D->sc_first[i2];
    cr_assert_eq(D->sc_first[i2 + 1] - k, 1);
    cr_assert_eq(S->stage[k], 1);
    cr_assert_eq(S->at[k], T("2025-10-20 09:00"));
    cr_assert_eq(S->implicit[k], 1);
    /* D3 has no stage: the pipeline's first, New */
    int32_t i3 = vo_ds_deal_find(ds, d3);
    k = D->sc_first[i3];
    cr_assert_eq(S->stage[k], 0);
    cr_assert_eq(S->at[k], T("2025-11-15 12:00"));
    cr_assert_eq(S->implicit[k], 1);
}

Test(dataset, activities_sorted_and_a_period_is_a_binary_search)
{
    const struct vo_ds_activities *A = &ds->acts;
    /* a5 (10-31), a2 (11-01), a1 (11-05), a3 (11-30 23:30), a4 (12-01 00:00) */
    for (size_t i = 1; i < A->n; i++)
        cr_assert(A->at[i - 1] <= A->at[i]);
    cr_assert_eq(A->type[1], VO_ACT_MEETING);
    cr_assert_eq(A->duration_s[1], 3600);
    cr_assert_eq(A->deal[1], vo_ds_deal_find(ds, d2));
    cr_assert_eq(A->deal[3], -1);
    cr_assert_eq(A->duration_s[3], -1);
    cr_assert_eq(A->user[4], vo_ds_user_find(ds, boris));
    struct vo_period nov = vo_cal_month(&ds->cal, (struct vo_date){2025, 11, 1});
    struct vo_ds_span s = vo_ds_acts_in(ds, nov.start, nov.end);
    cr_assert_eq(s.lo, 1); /* a2 */
    cr_assert_eq(s.hi, 4); /* a2, a1, a3: the 23:30 call is November's, midnight is not */
    /* the week Mon 11-03 .. Sun 11-09 holds only a1 */
    struct vo_period w = vo_cal_week(&ds->cal, (struct vo_date){2025, 11, 5});
    s = vo_ds_acts_in(ds, w.start, w.end);
    cr_assert_eq(s.hi - s.lo, 1);
    cr_assert_eq(s.lo, 2);
    /* an empty and an inverted period */
    s = vo_ds_acts_in(ds, T("2026-01-01"), T("2026-02-01"));
    cr_assert_eq(s.lo, s.hi);
    s = vo_ds_acts_in(ds, nov.end, nov.start);
    cr_assert_eq(s.lo, s.hi);
    /* the calendar came with the org's holidays: 19 working days */
    cr_assert_eq(vo_cal_period_wd(&ds->cal, &nov), 19);
}

Test(dataset, deals_created_and_closed_in_a_period)
{
    struct vo_period nov = vo_cal_month(&ds->cal, (struct vo_date){2025, 11, 1});
    struct vo_ds_span s = vo_ds_deals_created(ds, nov.start, nov.end);
    cr_assert_eq(s.lo, 1); /* D1, D3, D4 (23:30 on Nov 30) */
    cr_assert_eq(s.hi, 4);
    /* closed: D1 (11-20) and D4 (12-01) in closed_at order */
    cr_assert_eq(ds->deals.n_closed, 2);
    cr_assert_eq(ds->deals.by_closed[0], vo_ds_deal_find(ds, d1));
    cr_assert_eq(ds->deals.by_closed[1], vo_ds_deal_find(ds, d4));
    s = vo_ds_deals_closed(ds, nov.start, nov.end);
    cr_assert_eq(s.hi - s.lo, 1);
    cr_assert_eq(ds->deals.by_closed[s.lo], vo_ds_deal_find(ds, d1));
}

Test(dataset, tasks_by_creation_and_by_completion)
{
    const struct vo_ds_tasks *K = &ds->tasks;
    /* t2 (11-01), t1 (11-02), t3 (11-10) */
    cr_assert_eq(K->assignee[0], vo_ds_user_find(ds, boris));
    cr_assert_eq(K->done_at[0], VO_NULL);
    cr_assert_eq(K->n_done, 2);
    cr_assert_eq(K->by_done[0], 1); /* t1 done 11-04 */
    cr_assert_eq(K->by_done[1], 2); /* t3 done 11-14 */
    struct vo_ds_span s = vo_ds_tasks_done(ds, T("2025-11-10"), T("2025-11-17"));
    cr_assert_eq(s.hi - s.lo, 1);
    cr_assert_eq(K->by_done[s.lo], 2);
    s = vo_ds_tasks_created(ds, T("2025-11-01"), T("2025-11-03"));
    cr_assert_eq(s.lo, 0);
    cr_assert_eq(s.hi, 2);
}

Test(dataset, payments_are_attributed_per_metrics)
{
    const struct vo_ds_payments *P = &ds->pays;
    /* p3 (10-15), p1 (11-21), p2 (11-25) */
    cr_assert_eq(P->amount[0], 30000);
    cr_assert_eq(P->amount[1], 50000);
    cr_assert_eq(P->amount[2], 20000);
    /* p1 of D1: the deal's owner Anna, although client C1 is Boris's */
    cr_assert_eq(P->user[1], vo_ds_user_find(ds, anna));
    cr_assert_eq(P->deal[1], vo_ds_deal_find(ds, d1));
    cr_assert_eq(P->client[1], vo_ds_client_find(ds, c1)); /* taken from the deal */
    /* p2 without a deal: client C1's owner Boris */
    cr_assert_eq(P->user[2], vo_ds_user_find(ds, boris));
    cr_assert_eq(P->deal[2], -1);
    /* p3 without a deal: client C2's owner Anna */
    cr_assert_eq(P->user[0], vo_ds_user_find(ds, anna));
    struct vo_period nov = vo_cal_month(&ds->cal, (struct vo_date){2025, 11, 1});
    struct vo_ds_span s = vo_ds_pays_in(ds, nov.start, nov.end);
    int64_t sum = 0;
    for (size_t i = s.lo; i < s.hi; i++)
        sum += P->amount[i];
    cr_assert_eq(sum, 70000); /* 50000 + 20000 */
}

Test(dataset, plans_resolve_their_scope)
{
    const struct vo_ds_plans *L = &ds->plans;
    int found = 0;
    for (size_t i = 0; i < L->n; i++) {
        cr_assert_eq(L->year[i], 2025);
        cr_assert_eq(L->month[i], 11);
        if (L->scope_kind[i] == VO_SCOPE_USER) {
            cr_assert_eq(L->scope[i], vo_ds_user_find(ds, anna));
            cr_assert_eq(L->metric[i], VO_M_REVENUE);
            cr_assert_eq(L->target[i], 1000000);
            found++;
        } else if (L->scope_kind[i] == VO_SCOPE_TEAM) {
            cr_assert_eq(L->scope[i], 0);
            found++;
        } else {
            cr_assert_eq(L->scope[i], -1);
            cr_assert_eq(L->metric[i], VO_M_CALLS);
            found++;
        }
    }
    cr_assert_eq(found, 3);
}

Test(dataset, an_activity_takes_at_most_64_bytes)
{
    struct vo_ds_memory m;
    vo_ds_memory(ds, &m);
    double per = (double)m.activities / (double)ds->acts.n;
    cr_log_info("bytes per activity: %.1f", per);
    cr_assert(per <= 64.0, "%.1f bytes per activity", per);
    cr_assert_eq(m.activities, 5 * 21); /* at 8 + user 4 + deal 4 + duration 4 + type 1 */
    cr_assert(m.total >= m.activities + m.deals);
}

Test(dataset, an_unknown_org_is_not_found)
{
    struct vo_dataset *none = NULL;
    struct vo_error e = {0};
    cr_assert_eq(vo_svc_dataset_load(st, 4242, &none, &e), VO_ENOTFOUND);
    cr_assert_null(none);
}
