/*
 * test_dataset_build.c - the builder (analytics/dataset_build.h) fed by
 * hand, without a store: what it resolves and orders, the rows it refuses
 * (out of order, naming what it was not handed) and an unknown zone.
 *
 * The org (7, RUB, Europe/Moscow; times are plain seconds):
 *   team 10; users 20 Anna (team 10), 21 Boris (no team)
 *   pipeline 30: stages 41 New (position 1), 40 Won (position 2)
 *   client 50 (owner Boris, channel Web, region Kazan)
 *   deals by created_at: 61 (Anna, client 50, stage Won, won at 5000,
 *     created 1000, one stored change to New at 1000), 60 (Boris, no
 *     client, no stage, open, created 2000, no history)
 *   activities handed in id order, not time order: 80 (Anna, at 300,
 *     deal 60), 81 (Boris, at 100, no deal)
 *   task 90 (Boris, created 500, open, deal 61); payment 95 (deal 61)
 *   plans: Boris's (held), team 999's (not held: dangling)
 */
#include <criterion/criterion.h>

#include <string.h>

#include "analytics/dataset_build.h"

static struct vo_error e;

static void ok(vo_err rc)
{
    cr_assert_eq(rc, VO_OK, "%s", e.msg);
}

/* The org above up to its users. */
static struct vo_ds_builder *org_with_users(void)
{
    struct vo_ds_builder *b = NULL;
    ok(vo_ds_builder_new(7, "RUB", "Europe/Moscow", &b, &e));
    ok(vo_ds_build_team(b, &(struct vo_team){.id = 10, .name = "Sales"}, &e));
    ok(vo_ds_build_user(
        b, &(struct vo_user){.id = 20, .name = "Anna", .team_id = 10, .active = true, .rev = 1},
        &e));
    ok(vo_ds_build_user(b, &(struct vo_user){.id = 21, .name = "Boris", .rev = 1}, &e));
    return b;
}

/* The rest of the main part. */
static void main_part(struct vo_ds_builder *b)
{
    ok(vo_ds_build_pipeline(b, &(struct vo_pipeline){.id = 30, .name = "Sales"}, &e));
    ok(vo_ds_build_stage(
        b,
        &(struct vo_stage){
            .id = 41, .pipeline_id = 30, .name = "New", .position = 1, .max_days = VO_NULL},
        &e));
    ok(vo_ds_build_stage(
        b,
        &(struct vo_stage){
            .id = 40, .pipeline_id = 30, .name = "Won", .position = 2, .max_days = 5},
        &e));
    ok(vo_ds_build_client(
        b,
        &(struct vo_client){
            .id = 50, .name = "C", .owner_id = 21, .channel = "Web", .region = "Kazan", .rev = 1},
        &e));
    ok(vo_ds_build_deal(b,
                        &(struct vo_deal){.id = 61,
                                          .owner_id = 20,
                                          .pipeline_id = 30,
                                          .stage_id = 40,
                                          .client_id = 50,
                                          .status = VO_DEAL_WON,
                                          .amount = 100,
                                          .created_at = 1000,
                                          .closed_at = 5000},
                        &e));
    ok(vo_ds_build_deal(b,
                        &(struct vo_deal){.id = 60,
                                          .owner_id = 21,
                                          .pipeline_id = 30,
                                          .amount = VO_NULL,
                                          .created_at = 2000,
                                          .closed_at = VO_NULL},
                        &e));
    ok(vo_ds_build_stage_change(
        b, &(struct vo_stage_change){.id = 70, .deal_id = 61, .stage_id = 41, .at = 1000}, &e));
    ok(vo_ds_build_payment(
        b, &(struct vo_payment){.id = 95, .paid_at = 6000, .amount = 100, .deal_id = 61}, &e));
    /* Boris's (user 21) calls plan, held, and team 999's, dangling */
    static const struct {
        enum vo_scope_kind kind;
        int64_t scope, target;
    } plans[] = {{VO_SCOPE_USER, 21, 5}, {VO_SCOPE_TEAM, 999, 9}};
    for (size_t i = 0; i < 2; i++) {
        struct vo_plan p = {.year = 2026,
                            .month = 1,
                            .scope_kind = plans[i].kind,
                            .scope_id = plans[i].scope,
                            .metric = VO_M_CALLS,
                            .target = plans[i].target};
        ok(vo_ds_build_plan(b, &p, &e));
    }
}

static void events(struct vo_ds_builder *b)
{
    ok(vo_ds_build_activity(
        b,
        &(struct vo_activity){.id = 80, .user_id = 20, .at = 300, .deal_id = 60, .duration_s = 60},
        &e));
    ok(vo_ds_build_activity(
        b, &(struct vo_activity){.id = 81, .user_id = 21, .at = 100, .duration_s = VO_NULL}, &e));
    ok(vo_ds_build_task(b,
                        &(struct vo_task){.id = 90,
                                          .assignee_id = 21,
                                          .created_at = 500,
                                          .due_at = 600,
                                          .done_at = VO_NULL,
                                          .deal_id = 61},
                        &e));
    ok(vo_ds_builder_events_end(b, &e));
}

Test(dataset_build, resolves_orders_and_attributes_rows_handed_by_hand)
{
    struct vo_ds_builder *b = org_with_users();
    events(b); /* the events may come any time after the users */
    main_part(b);
    struct vo_dataset *ds = NULL;
    ok(vo_ds_builder_finish(b, &ds, &e));
    cr_assert_str_eq(ds->currency, "RUB");
    cr_assert_eq(ds->org_id, 7);
    cr_assert_eq(ds->users.team[0], 0);
    cr_assert_eq(ds->users.team[1], -1);
    /* stages in position order; the id index finds 40 at 1 */
    cr_assert_eq(vo_ds_stage_find(ds, 41), 0);
    cr_assert_eq(vo_ds_stage_find(ds, 40), 1);
    cr_assert_eq(ds->stages.max_days[1], 5);
    /* deals in created_at order, their id index, team and client's dims */
    cr_assert_eq(ds->deals.n, 2);
    cr_assert_eq(ds->deals.id[0], 61);
    cr_assert_eq(vo_ds_deal_find(ds, 60), 1);
    cr_assert_eq(ds->deals.team[0], 0);
    cr_assert_eq(ds->deals.team[1], -1);
    cr_assert_str_eq(ds->channels.str[ds->deals.channel[0]], "Web");
    cr_assert_str_eq(ds->regions.str[ds->deals.region[0]], "Kazan");
    cr_assert_eq(ds->deals.own[0], 0);
    cr_assert_eq(ds->deals.n_closed, 1);
    cr_assert_eq(ds->deals.by_closed[0], 0);
    cr_assert_eq(ds->deals.n_open, 1);
    cr_assert_eq(ds->deals.open[0], 1);
    /* deal 61: its stored change; deal 60: the implicit entry into the
     * pipeline's first stage at created_at */
    cr_assert_eq(ds->sc.n, 2);
    cr_assert_eq(ds->deals.sc_first[1], 1);
    cr_assert_eq(ds->sc.id[0], 70);
    cr_assert_eq(ds->sc.implicit[0], 0);
    cr_assert_eq(ds->sc.deal[1], 1);
    cr_assert_eq(ds->sc.stage[1], 0);
    cr_assert_eq(ds->sc.at[1], 2000);
    cr_assert_eq(ds->sc.implicit[1], 1);
    /* activities sorted by time, deal ids resolved after the deals */
    cr_assert_eq(ds->acts.n, 2);
    cr_assert_eq(ds->acts.at[0], 100);
    cr_assert_eq(ds->acts.user[0], 1);
    cr_assert_eq(ds->acts.deal[0], -1);
    cr_assert_eq(ds->acts.duration_s[0], -1);
    cr_assert_eq(ds->acts.at[1], 300);
    cr_assert_eq(ds->acts.deal[1], 1);
    cr_assert_eq(ds->acts.max_id, 81);
    cr_assert_eq(ds->tasks.deal[0], 0);
    cr_assert_eq(ds->tasks.n_open, 1);
    cr_assert_eq(vo_ds_tasks_overdue(ds, 1, 601), 1);
    /* the payment: its deal's client and owner */
    cr_assert_eq(ds->pays.client[0], 0);
    cr_assert_eq(ds->pays.user[0], 0);
    cr_assert_eq(ds->plans.n, 1);
    cr_assert_eq(ds->plans.scope[0], 1);
    cr_assert_eq(ds->plans.dangling, 1);
    vo_ds_free(ds);
}

Test(dataset_build, refuses_a_table_that_came_already)
{
    struct vo_ds_builder *b = org_with_users();
    cr_assert_eq(vo_ds_build_team(b, &(struct vo_team){.id = 11, .name = "Late"}, &e), VO_EINVAL);
    cr_assert_str_eq(e.msg, "dataset rows out of order (table 0 after 1)");
    vo_ds_builder_free(b);
}

Test(dataset_build, stops_at_a_deal_naming_a_user_it_was_not_handed)
{
    struct vo_ds_builder *b = org_with_users();
    ok(vo_ds_build_pipeline(b, &(struct vo_pipeline){.id = 30, .name = "Sales"}, &e));
    vo_err rc = vo_ds_build_deal(
        b, &(struct vo_deal){.id = 61, .owner_id = 99, .pipeline_id = 30, .created_at = 1}, &e);
    cr_assert_eq(rc, VO_ESTORE);
    cr_assert_str_eq(e.field, "owner_id");
    cr_assert_str_eq(e.msg, "deal 61 names user 99 (owner_id), which org 7 does not have: "
                            "the database is inconsistent");
    vo_ds_builder_free(b);
}

Test(dataset_build, stops_at_finish_on_an_activity_of_a_deal_it_was_not_handed)
{
    struct vo_ds_builder *b = org_with_users();
    ok(vo_ds_build_activity(
        b, &(struct vo_activity){.id = 80, .user_id = 20, .at = 1, .deal_id = 12345}, &e));
    struct vo_dataset *ds = NULL;
    cr_assert_eq(vo_ds_builder_finish(b, &ds, &e), VO_ESTORE);
    cr_assert_null(ds);
    cr_assert_str_eq(e.msg, "an activity names deal 12345 (deal_id), which org 7 does not have: "
                            "the database is inconsistent");
}

Test(dataset_build, refuses_an_unknown_zone)
{
    struct vo_ds_builder *b = NULL;
    cr_assert_eq(vo_ds_builder_new(7, NULL, "Mars/Olympus", &b, &e), VO_EINVAL);
    cr_assert_null(b);
    cr_assert_str_eq(e.field, "tz");
}
