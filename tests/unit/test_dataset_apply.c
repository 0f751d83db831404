/*
 * test_dataset_apply.c - a live dataset: each kind of committed write
 * (deal created / updated, stage change, activity, task, payment, plan,
 * client, user) is
 * stored and applied to a dataset loaded before it; the result must equal,
 * column for column, a dataset loaded from the store after the same
 * writes, and so must plan-fact and funnel. What the apply refuses
 * (VO_ECONFLICT: the caller reloads) is checked too, and that two updates
 * of a row told in the other order than they committed leave the newer.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#include "analytics/dataset.h"
#include "analytics/dataset_days.h"
#include "analytics/funnel.h"
#include "analytics/planfact.h"
#include "store/store_conn.h"
#include "fixture.h"
#include "testutil.h"
#include "analytics/dataset_snap.h"
#include "service/dataset_load.h"

#define DAY  86400
#define T0   1767214800 /* 2026-01-01 00:00 Moscow */
#define T(d) ((int64_t)T0 + (int64_t)(d)*DAY)

struct fx {
    char *dir;
    struct vo_store *st;
    struct vo_svc svc;
    struct vo_arena a;
    int64_t org, anna, boris, head, pipe, stage[4], client;
    struct vo_deal deal[8];
    struct vo_task task[4];
    struct vo_payment pay[3];
    struct vo_error e;
};

static void ok(struct fx *f, vo_err rc, const char *what)
{
    cr_assert_eq(rc, VO_OK, "%s: %s", what, f->e.msg);
}

static int64_t user(struct fx *f, const char *name, const char *email, const char *role,
                    const char *team)
{
    struct vo_user_input in = {
        .name = name, .email = email, .role = role, .team = team, .password = "secret pass 1"};
    int64_t id = 0;
    ok(f, vo_svc_user_add(&f->svc, &in, &id, NULL, &f->e), "user");
    return id;
}

/* Stores a move and returns it as stored (its id set). */
static struct vo_stage_change put_sc(struct fx *f, int64_t deal, int s, int64_t at)
{
    struct vo_stage_change c = {
        .org_id = f->org, .deal_id = deal, .stage_id = f->stage[s], .at = at};
    ok(f, vo_store_stage_change_insert(f->st, &c, &f->e), "stage change");
    return c;
}

static struct vo_activity act(struct fx *f, const char *ext, int64_t uid, int64_t at, int64_t deal)
{
    struct vo_activity a = {.org_id = f->org,
                            .ext_id = ext,
                            .type = VO_ACT_CALL,
                            .user_id = uid,
                            .at = at,
                            .deal_id = deal,
                            .duration_s = 120,
                            .direction = VO_DIR_OUT};
    enum vo_upsert res;
    ok(f, vo_store_activity_upsert(f->st, &a, &res, &f->e), "activity");
    return a;
}

static struct vo_plan put_plan(struct fx *f, enum vo_scope_kind k, int64_t scope, enum vo_metric m,
                               int64_t target)
{
    struct vo_plan p = {.org_id = f->org,
                        .year = 2026,
                        .month = 1,
                        .scope_kind = k,
                        .scope_id = scope,
                        .metric = m,
                        .target = target};
    enum vo_upsert res;
    ok(f, vo_store_plan_upsert(f->st, &p, &res, &f->e), "plan");
    return p;
}

static struct vo_deal mk_deal(struct fx *f, const char *ext, int64_t owner, int64_t created,
                              int stage)
{
    return (struct vo_deal){.org_id = f->org,
                            .ext_id = ext,
                            .title = ext,
                            .client_id = f->client,
                            .pipeline_id = f->pipe,
                            .stage_id = f->stage[stage],
                            .owner_id = owner,
                            .status = VO_DEAL_OPEN,
                            .amount = 100000,
                            .created_at = created,
                            .closed_at = VO_NULL,
                            .channel = "сайт"};
}

/* A small company: 3 sellers in 2 teams, a 4-stage pipeline, 6 deals (some
 * with history, one won), activities, tasks, payments and plans. */
static void setup_fx(struct fx *f)
{
    memset(f, 0, sizeof *f);
    vo_fx_open(&f->dir, &f->st, &f->svc, &f->a);
    f->org = f->svc.org.id;
    f->anna = user(f, "Анна", "anna@example.com", "manager", "Север");
    f->boris = user(f, "Борис", "boris@example.com", "manager", "Юг");
    f->head = user(f, "Ольга", "head@example.com", "head", NULL);
    ok(f, vo_store_begin(f->st, &f->e), "begin");
    f->pipe = vo_fx_pipeline("Продажи");
    static const char *const names[] = {"Новый", "Квалификация", "КП", "Счёт"};
    vo_fx_stages(f->pipe, names, 4, f->stage);
    struct vo_client c = {.org_id = f->org,
                          .ext_id = "C1",
                          .name = "ООО Ромашка",
                          .channel = "звонок",
                          .region = "Москва",
                          .owner_id = f->anna,
                          .created_at = T(0),
                          .custom = "{}"};
    vo_fx_put_client(f->st, &c);
    f->client = c.id;
    const char *ext[] = {"D1", "D2", "D3", "D4", "D5", "D6"};
    for (int i = 0; i < 6; i++) {
        f->deal[i] = mk_deal(f, ext[i], i % 2 ? f->boris : f->anna, T(i * 3), i % 4);
        vo_fx_put_deal(f->st, &f->deal[i]);
    }
    /* D2, D3, D5 have history; D1, D4, D6 the implicit first change */
    put_sc(f, f->deal[1].id, 0, T(3));
    put_sc(f, f->deal[1].id, 1, T(4));
    put_sc(f, f->deal[2].id, 0, T(6));
    put_sc(f, f->deal[2].id, 2, T(8));
    put_sc(f, f->deal[4].id, 0, T(12));
    /* D3 won */
    f->deal[2].status = VO_DEAL_WON;
    f->deal[2].closed_at = T(10);
    f->deal[2].amount = 250000;
    vo_fx_put_deal(f->st, &f->deal[2]);
    for (int i = 0; i < 8; i++)
        act(f, NULL, i % 2 ? f->boris : f->anna, T(i * 2) + 3600, f->deal[i % 6].id);
    for (int i = 0; i < 3; i++) {
        f->task[i] = (struct vo_task){.org_id = f->org,
                                      .ext_id = i == 0   ? "T1"
                                                : i == 1 ? "T2"
                                                         : "T3",
                                      .assignee_id = i % 2 ? f->boris : f->anna,
                                      .title = "позвонить",
                                      .created_at = T(i * 4),
                                      .due_at = T(i * 4 + 2),
                                      .deal_id = f->deal[i].id,
                                      .done_at = i == 0 ? T(1) : VO_NULL};
        vo_fx_put_task(f->st, &f->task[i]);
    }
    for (int i = 0; i < 2; i++) {
        f->pay[i] = (struct vo_payment){.org_id = f->org,
                                        .ext_id = i ? "P2" : "P1",
                                        .amount = 50000 + i,
                                        .paid_at = T(11 + i),
                                        .deal_id = f->deal[2].id};
        vo_fx_put_pay(f->st, &f->pay[i]);
    }
    put_plan(f, VO_SCOPE_ORG, 0, VO_M_REVENUE, 1000000);
    put_plan(f, VO_SCOPE_USER, f->anna, VO_M_CALLS, 40);
    ok(f, vo_store_commit(f->st, &f->e), "commit");
}

static void teardown_fx(struct fx *f)
{
    vo_fx_close(&f->dir, &f->st, &f->svc, &f->a);
}

/* Dictionary columns compare by text: ids follow first appearance. */
static void same_dict(const struct vo_ds_dict *da, const int32_t *ca, const struct vo_ds_dict *db,
                      const int32_t *cb, size_t n, const char *what)
{
    for (size_t i = 0; i < n; i++)
        cr_assert_str_eq(da->str[ca[i]], db->str[cb[i]], "%s row %zu", what, i);
}

/* The columns that must be the same byte for byte: where each column and
 * its row count are in struct vo_dataset, and the rows it has past that
 * count (sc_first has one more). */
struct col {
    const char *name;
    size_t col, n, size, extra;
};
#define COL(table, c, count, extra)                                                                \
    {                                                                                              \
#table "." #c, offsetof(struct vo_dataset, table.c),                                       \
            offsetof(struct vo_dataset, table.count), sizeof *((struct vo_dataset *)0)->table.c,   \
            extra                                                                                  \
    }
static const struct col columns[] = {
    COL(users, id, n, 0),
    COL(users, role, n, 0),
    COL(users, team, n, 0),
    COL(users, active, n, 0),
    COL(users, rev, n, 0),
    COL(clients, id, n, 0),
    COL(clients, owner, n, 0),
    COL(clients, rev, n, 0),
    COL(deals, id, n, 0),
    COL(deals, owner, n, 0),
    COL(deals, team, n, 0),
    COL(deals, pipeline, n, 0),
    COL(deals, stage, n, 0),
    COL(deals, status, n, 0),
    COL(deals, amount, n, 0),
    COL(deals, created_at, n, 0),
    COL(deals, closed_at, n, 0),
    COL(deals, client, n, 0),
    COL(deals, own, n, 0),
    COL(deals, rev, n, 0),
    COL(deals, sc_first, n, 1),
    COL(deals, by_id, n, 0),
    COL(deals, by_closed, n_closed, 0),
    COL(sc, deal, n, 0),
    COL(sc, stage, n, 0),
    COL(sc, at, n, 0),
    COL(sc, id, n, 0),
    COL(sc, implicit, n, 0),
    COL(acts, at, n, 0),
    COL(acts, user, n, 0),
    COL(acts, deal, n, 0),
    COL(acts, duration_s, n, 0),
    COL(acts, type, n, 0),
    COL(tasks, id, n, 0),
    COL(tasks, created_at, n, 0),
    COL(tasks, due_at, n, 0),
    COL(tasks, done_at, n, 0),
    COL(tasks, assignee, n, 0),
    COL(tasks, deal, n, 0),
    COL(tasks, rev, n, 0),
    COL(tasks, by_done, n_done, 0),
    COL(pays, id, n, 0),
    COL(pays, paid_at, n, 0),
    COL(pays, amount, n, 0),
    COL(pays, deal, n, 0),
    COL(pays, client, n, 0),
    COL(pays, user, n, 0),
    COL(pays, rev, n, 0),
    COL(plans, year, n, 0),
    COL(plans, month, n, 0),
    COL(plans, scope_kind, n, 0),
    COL(plans, scope, n, 0),
    COL(plans, metric, n, 0),
    COL(plans, target, n, 0),
    COL(plans, rev, n, 0),
};
#undef COL

/* Every column of columns[]: the same count of rows, the same bytes. */
static void same_columns(const struct vo_dataset *x, const struct vo_dataset *y)
{
    for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++) {
        const struct col *c = &columns[i];
        size_t nx = *(const size_t *)(const void *)((const char *)x + c->n);
        size_t ny = *(const size_t *)(const void *)((const char *)y + c->n);
        cr_assert_eq(nx, ny, "%s: %zu rows vs %zu", c->name, nx, ny);
        const void *a = *(const void *const *)(const void *)((const char *)x + c->col);
        const void *b = *(const void *const *)(const void *)((const char *)y + c->col);
        if (nx + c->extra)
            cr_assert_arr_eq(a, b, (nx + c->extra) * c->size, "column %s differs", c->name);
    }
}

/* The rollup of days (dataset_days.c) holds, for every day it has, what a
 * scan of that day counts; a dataset with events has one. */
static void days_match_scans(const struct vo_dataset *ds)
{
    const struct vo_ds_days *D = &ds->days;
    cr_assert(D->sum, "no rollup of days");
    cr_assert_eq(D->nu, ds->users.n, "the rollup's users");
    size_t w = D->nu * D->np, counted = 0;
    int64_t *scan = calloc(w, sizeof *scan);
    cr_assert(scan);
    for (size_t k = 0; k < D->nd; k++) {
        memset(scan, 0, w * sizeof *scan);
        cr_assert(vo_pf_scan_events(ds, D->start[k], D->start[k + 1], scan));
        for (size_t j = 0; j < w; j++) {
            cr_assert_eq(D->sum[k * w + j], scan[j], "day %zu, user %zu, part %zu: %lld vs %lld", k,
                         j / D->np, j % D->np, (long long)D->sum[k * w + j], (long long)scan[j]);
            counted += scan[j] != 0;
        }
    }
    free(scan);
    cr_assert_gt(counted, 0, "the rollup counts nothing");
}

static void same(const struct vo_dataset *x, const struct vo_dataset *y)
{
    same_columns(x, y);
    days_match_scans(x);
    days_match_scans(y);
    {
        const struct vo_ds_users *a = &x->users, *b = &y->users;
        for (size_t i = 0; i < a->n; i++) {
            cr_assert_str_eq(a->name[i], b->name[i], "user name row %zu", i);
            cr_assert_str_eq(a->email[i] ? a->email[i] : "-", b->email[i] ? b->email[i] : "-");
        }
        cr_assert_eq(x->tasks.n_late, y->tasks.n_late);
        cr_assert_eq(a->n_by_name, a->n, "users by name: not current");
        cr_assert_eq(b->n_by_name, b->n);
        cr_assert_arr_eq(a->by_name, b->by_name, a->n * sizeof *a->by_name, "users by name");
    }
    {
        const struct vo_ds_clients *a = &x->clients, *b = &y->clients;
        for (size_t i = 0; i < a->n; i++)
            cr_assert_str_eq(a->name[i], b->name[i], "client name row %zu", i);
        same_dict(&x->channels, a->channel, &y->channels, b->channel, a->n, "client channel");
        same_dict(&x->regions, a->region, &y->regions, b->region, a->n, "client region");
        same_dict(&x->segments, a->segment, &y->segments, b->segment, a->n, "client segment");
        same_dict(&x->sources, a->source, &y->sources, b->source, a->n, "client source");
    }
    {
        const struct vo_ds_deals *a = &x->deals, *b = &y->deals;
        same_dict(&x->channels, a->channel, &y->channels, b->channel, a->n, "channel");
        same_dict(&x->regions, a->region, &y->regions, b->region, a->n, "region");
        same_dict(&x->sources, a->source, &y->sources, b->source, a->n, "source");
        same_dict(&x->loss_reasons, a->loss_reason, &y->loss_reasons, b->loss_reason, a->n,
                  "loss_reason");
    }
    cr_assert_eq(x->acts.max_id, y->acts.max_id);
}

static bool same_num(double p, double q)
{
    return (isnan(p) && isnan(q)) || p == q;
}

/* Plan-fact by user and the funnel by user agree on both datasets. */
static void same_reports(struct vo_arena *ar, const struct vo_dataset *x,
                         const struct vo_dataset *y)
{
    struct vo_error e = {0};
    struct vo_pf_query q = {.period = vo_cal_month(&x->cal, (struct vo_date){2026, 1, 1}),
                            .as_of = T(40),
                            .scope = VO_SCOPE_ORG,
                            .scope_index = -1,
                            .by = VO_PF_BY_USER};
    struct vo_pf_result a, b;
    cr_assert_eq(vo_pf_compute(x, &q, ar, &a, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_pf_compute(y, &q, ar, &b, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(a.nrows, b.nrows);
    for (size_t i = 0; i < a.nrows; i++)
        for (size_t k = 0; k < VO_M__COUNT; k++) {
            const struct vo_pf_cell *p = &a.rows[i].m[k], *r = &b.rows[i].m[k];
            cr_assert(same_num(p->plan, r->plan) && same_num(p->fact, r->fact) &&
                          same_num(p->forecast, r->forecast),
                      "plan-fact row %zu metric %s: %g/%g vs %g/%g", i, vo_metrics[k].key, p->plan,
                      p->fact, r->plan, r->fact);
        }
    struct vo_funnel_query fq = vo_funnel_query_default(0, T(0), T(40), T(40));
    fq.by = VO_FUNNEL_BY_USER;
    struct vo_funnel *fa = NULL, *fb = NULL;
    cr_assert_eq(vo_funnel_compute(x, &fq, ar, &fa, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_funnel_compute(y, &fq, ar, &fb, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(fa->ngroups, fb->ngroups);
    for (size_t g = 0; g < fa->ngroups; g++) {
        cr_assert_eq(fa->groups[g].size, fb->groups[g].size);
        cr_assert_eq(fa->groups[g].won, fb->groups[g].won);
        for (size_t s = 0; s < fa->nstages; s++) {
            cr_assert_eq(fa->groups[g].stages[s].reached, fb->groups[g].stages[s].reached);
            cr_assert(same_num(fa->groups[g].stages[s].time_mean_days,
                               fb->groups[g].stages[s].time_mean_days));
        }
    }
}

/* A fresh load of f's org, which must equal live (same, same_reports). */
static struct vo_dataset *fresh_load_same(struct fx *f, const struct vo_dataset *live)
{
    struct vo_dataset *fresh = vo_fx_load();
    same(live, fresh);
    same_reports(&f->a, live, fresh);
    return fresh;
}

/* Frees both datasets and closes f's org: a test's end. */
static void finish(struct fx *f, struct vo_dataset *live, struct vo_dataset *fresh)
{
    vo_ds_free(fresh);
    vo_ds_free(live);
    teardown_fx(f);
}

/* Stores a write (the caller's), applies it, expecting rc. */
#define APPLY(call) cr_assert_eq((call), VO_OK, "apply: %s", f.e.msg)

/* The same in write_every_kind: to live, when there is one. */
#define APPLY_LIVE(call)                                                                           \
    do {                                                                                           \
        if (live)                                                                                  \
            cr_assert_eq((call), VO_OK, "apply: %s", f->e.msg);                                    \
    } while (0)

/* Stores one write of every kind (f's rows) and, when live is given,
 * applies each to it as it goes; without live, only the store's rows
 * change (a snapshot's replay then reads them). */
static void write_every_kind(struct fx *f, struct vo_dataset *live)
{
    struct vo_error *e = &f->e;

    /* a new deal (today): appended with its implicit first change */
    f->deal[6] = mk_deal(f, "D7", f->boris, T(30), 0);
    f->deal[6].channel = "выставка"; /* a channel never seen */
    vo_fx_put_deal(f->st, &f->deal[6]);
    APPLY_LIVE(vo_ds_apply_deal(live, &f->deal[6], e));
    /* its first stored change replaces the implicit one, a second follows */
    struct vo_stage_change c = put_sc(f, f->deal[6].id, 0, T(30));
    APPLY_LIVE(vo_ds_apply_stage_change(live, &c, e));
    c = put_sc(f, f->deal[6].id, 1, T(31));
    APPLY_LIVE(vo_ds_apply_stage_change(live, &c, e));
    /* a change of an old deal: inserted in the middle of the table */
    c = put_sc(f, f->deal[1].id, 3, T(20));
    APPLY_LIVE(vo_ds_apply_stage_change(live, &c, e));
    /* D2 won, handed to Anna (its payments follow the owner); D5 lost */
    f->deal[1].status = VO_DEAL_WON;
    f->deal[1].stage_id = f->stage[3];
    f->deal[1].closed_at = T(21);
    f->deal[1].amount = 333300;
    f->deal[1].owner_id = f->anna;
    vo_fx_put_deal(f->st, &f->deal[1]);
    APPLY_LIVE(vo_ds_apply_deal(live, &f->deal[1], e));
    f->deal[4].status = VO_DEAL_LOST;
    f->deal[4].closed_at = T(10); /* before D3's close: by_closed in the middle */
    f->deal[4].loss_reason = "дорого";
    vo_fx_put_deal(f->st, &f->deal[4]);
    APPLY_LIVE(vo_ds_apply_deal(live, &f->deal[4], e));
    /* D1 (no history) moved without a stored change: the implicit row
     * follows its stage */
    f->deal[0].stage_id = f->stage[2];
    vo_fx_put_deal(f->st, &f->deal[0]);
    APPLY_LIVE(vo_ds_apply_deal(live, &f->deal[0], e));
    /* activities: one now, one in the past (a later id) */
    struct vo_activity a1 = act(f, "A1", f->anna, T(32), f->deal[6].id);
    APPLY_LIVE(vo_ds_apply_activity(live, &a1, e));
    struct vo_activity a2 = act(f, "A2", f->boris, T(5), 0);
    APPLY_LIVE(vo_ds_apply_activity(live, &a2, e));
    if (live)
        days_match_scans(live); /* before a task or payment of their days counts them again */
    /* tasks: a new one, one completed, one created in the past */
    f->task[3] = (struct vo_task){.org_id = f->org,
                                  .ext_id = "T4",
                                  .assignee_id = f->boris,
                                  .title = "КП",
                                  .created_at = T(31),
                                  .due_at = T(33),
                                  .deal_id = f->deal[6].id,
                                  .done_at = VO_NULL};
    vo_fx_put_task(f->st, &f->task[3]);
    APPLY_LIVE(vo_ds_apply_task(live, &f->task[3], e));
    f->task[1].done_at = T(5);
    vo_fx_put_task(f->st, &f->task[1]);
    APPLY_LIVE(vo_ds_apply_task(live, &f->task[1], e));
    struct vo_task t5 = {.org_id = f->org,
                         .ext_id = "T5",
                         .assignee_id = f->anna,
                         .title = "старое",
                         .created_at = T(1),
                         .due_at = T(2),
                         .done_at = T(3)};
    vo_fx_put_task(f->st, &t5);
    APPLY_LIVE(vo_ds_apply_task(live, &t5, e));
    /* then done a day later: the days of both completions counted again */
    t5.done_at = T(4);
    vo_fx_put_task(f->st, &t5);
    APPLY_LIVE(vo_ds_apply_task(live, &t5, e));
    if (live)
        days_match_scans(live);
    /* payments: a new one, and P1 moved later with another amount */
    f->pay[2] = (struct vo_payment){.org_id = f->org,
                                    .ext_id = "P3",
                                    .amount = 70000,
                                    .paid_at = T(32),
                                    .deal_id = f->deal[1].id};
    vo_fx_put_pay(f->st, &f->pay[2]);
    APPLY_LIVE(vo_ds_apply_payment(live, &f->pay[2], e));
    f->pay[0].paid_at = T(15);
    f->pay[0].amount = 1;
    vo_fx_put_pay(f->st, &f->pay[0]);
    APPLY_LIVE(vo_ds_apply_payment(live, &f->pay[0], e));
    /* plans: a new one sorted between, one changed */
    struct vo_plan p1 = put_plan(f, VO_SCOPE_USER, f->boris, VO_M_CALLS, 30);
    APPLY_LIVE(vo_ds_apply_plan(live, &p1, e));
    struct vo_plan p2 = put_plan(f, VO_SCOPE_ORG, 0, VO_M_REVENUE, 2000000);
    APPLY_LIVE(vo_ds_apply_plan(live, &p2, e));
    struct vo_plan p3 = put_plan(f, VO_SCOPE_ORG, 0, VO_M_LEADS, 20);
    APPLY_LIVE(vo_ds_apply_plan(live, &p3, e));
}

Test(dataset_apply, every_kind_equals_a_fresh_load)
{
    struct fx f;
    setup_fx(&f);
    struct vo_dataset *live = vo_fx_load();
    write_every_kind(&f, live);
    struct vo_dataset *fresh = fresh_load_same(&f, live);
    finish(&f, live, fresh);
}

/* Many stage changes at once (a replay's merge), in any order, one of
 * them told twice and one held already: the same dataset as a load, as
 * applying them one by one gives. */
Test(dataset_apply, stage_changes_at_once_equal_a_fresh_load)
{
    struct fx f;
    setup_fx(&f);
    struct vo_dataset *live = vo_fx_load();
    f.deal[6] = mk_deal(&f, "D7", f.boris, T(30), 0);
    vo_fx_put_deal(f.st, &f.deal[6]);
    APPLY(vo_ds_apply_deal(live, &f.deal[6], &f.e));
    struct vo_stage_change c[] = {
        put_sc(&f, f.deal[6].id, 1, T(31)), /* the new deal's: replaces its implicit row */
        put_sc(&f, f.deal[6].id, 0, T(30)), /* ...and goes before the first */
        put_sc(&f, f.deal[0].id, 2, T(25)), /* D1's first (implicit before) */
        put_sc(&f, f.deal[1].id, 3, T(20)), /* D2: after its two */
        put_sc(&f, f.deal[1].id, 2, T(3)),  /* D2: at the same second as its first */
        put_sc(&f, f.deal[2].id, 1, T(7)),  /* D3: between its two */
        {0},
        {0},
    };
    c[6] = c[3]; /* told twice */
    c[7] = (struct vo_stage_change){.org_id = f.org,
                                    .deal_id = f.deal[4].id,
                                    .stage_id = f.stage[0],
                                    .at = T(12)}; /* held: D5's own */
    c[7].id = live->sc.id[live->deals.sc_first[vo_ds_deal_find(live, f.deal[4].id)]];
    cr_assert_gt(c[7].id, 0);
    const size_t order[] = {5, 3, 7, 0, 6, 2, 4, 1};
    struct vo_stage_change shuffled[8];
    for (size_t i = 0; i < 8; i++)
        shuffled[i] = c[order[i]];
    APPLY(vo_ds_apply_stage_changes(live, shuffled, 8, &f.e));
    struct vo_dataset *fresh = fresh_load_same(&f, live);
    /* one naming a deal the dataset does not hold asks for a reload */
    struct vo_stage_change stray = c[0];
    stray.deal_id = 999999;
    cr_assert_eq(vo_ds_apply_stage_changes(live, &stray, 1, &f.e), VO_ECONFLICT);
    finish(&f, live, fresh);
}

/* Clients: an update of C1 (its deals without a channel / source of their
 * own follow it, those with one keep theirs; every deal's region follows;
 * its payments without a deal follow its owner) and a new client with its
 * first deal, against a fresh load. */
Test(dataset_apply, clients_equal_a_fresh_load)
{
    struct fx f;
    setup_fx(&f);
    struct vo_error *e = &f.e;
    /* two deals of C1 with nothing of their own, one with a source only */
    f.deal[6] = mk_deal(&f, "D7", f.anna, T(20), 0);
    f.deal[6].channel = NULL;
    vo_fx_put_deal(f.st, &f.deal[6]);
    f.deal[7] = mk_deal(&f, "D8", f.boris, T(21), 1);
    f.deal[7].channel = NULL;
    f.deal[7].source = "рекомендация";
    vo_fx_put_deal(f.st, &f.deal[7]);
    /* a payment of C1 without a deal: attributed to C1's owner */
    f.pay[2] = (struct vo_payment){
        .org_id = f.org, .ext_id = "P3", .amount = 700, .paid_at = T(22), .client_id = f.client};
    vo_fx_put_pay(f.st, &f.pay[2]);
    struct vo_dataset *live = vo_fx_load();

    struct vo_client c1 = {.id = f.client,
                           .org_id = f.org,
                           .ext_id = "C1",
                           .name = "ООО Ромашка и партнёры",
                           .channel = "вебинар", /* never seen */
                           .region = "Казань",
                           .segment = "малый бизнес",
                           .source = "партнёр",
                           .owner_id = f.boris,
                           .created_at = T(0),
                           .key_account = true,
                           .custom = "{}"};
    vo_fx_put_client(f.st, &c1);
    APPLY(vo_ds_apply_client(live, &c1, e));
    struct vo_client c2 = {.org_id = f.org,
                           .ext_id = "C2",
                           .name = "ИП Лютиков",
                           .channel = "выставка",
                           .region = "Москва",
                           .owner_id = f.anna,
                           .created_at = T(23),
                           .custom = "{}"};
    vo_fx_put_client(f.st, &c2);
    APPLY(vo_ds_apply_client(live, &c2, e));
    struct vo_deal d9 = mk_deal(&f, "D9", f.anna, T(24), 0);
    d9.client_id = c2.id;
    d9.channel = NULL;
    vo_fx_put_deal(f.st, &d9);
    APPLY(vo_ds_apply_deal(live, &d9, e));
    struct vo_payment p4 = {
        .org_id = f.org, .ext_id = "P4", .amount = 800, .paid_at = T(25), .client_id = c2.id};
    vo_fx_put_pay(f.st, &p4);
    APPLY(vo_ds_apply_payment(live, &p4, e));
    /* C1 again: back to no channel, no owner (the same apply twice is the
     * same dataset) */
    c1.channel = NULL;
    c1.owner_id = 0;
    vo_fx_put_client(f.st, &c1);
    APPLY(vo_ds_apply_client(live, &c1, e));
    APPLY(vo_ds_apply_client(live, &c1, e));

    struct vo_dataset *fresh = fresh_load_same(&f, live);
    /* a client of a user it does not hold asks for a reload */
    c2.owner_id = 999999;
    c2.rev++;
    cr_assert_eq(vo_ds_apply_client(live, &c2, e), VO_ECONFLICT);
    finish(&f, live, fresh);
}

static struct vo_user stored_user(struct fx *f, int64_t id)
{
    struct vo_user u;
    ok(f, vo_store_user_get(f->st, f->org, id, &f->a, &u, &f->e), "user get");
    return u;
}

/* Users: Anna moves to Boris's team (her deals' team follows), Olga is
 * renamed and disabled, a new user joins and gets a task (the per-user
 * late-task index grew), against a fresh load. */
Test(dataset_apply, users_equal_a_fresh_load)
{
    struct fx f;
    setup_fx(&f);
    struct vo_error *e = &f.e;
    struct vo_dataset *live = vo_fx_load();
    struct vo_user anna = stored_user(&f, f.anna), boris = stored_user(&f, f.boris);
    anna.team_id = boris.team_id;
    ok(&f, vo_store_user_update(f.st, &anna, e), "update");
    APPLY(vo_ds_apply_user(live, &anna, e));
    struct vo_user olga = stored_user(&f, f.head);
    olga.name = "Алла Петровна"; /* now first by name */
    olga.active = false;
    ok(&f, vo_store_user_update(f.st, &olga, e), "update");
    APPLY(vo_ds_apply_user(live, &olga, e));
    {
        int32_t order[2] = {vo_ds_user_find(live, f.anna), vo_ds_user_find(live, f.head)};
        vo_ds_users_sort_by_name(&live->users, order, 2);
        cr_assert_eq(order[0], vo_ds_user_find(live, f.head), "renamed, not reordered");
    }
    int64_t vera_id = user(&f, "Вера", "vera@example.com", "manager", "Юг");
    struct vo_user vera = stored_user(&f, vera_id);
    APPLY(vo_ds_apply_user(live, &vera, e));
    struct vo_task t = {.org_id = f.org,
                        .ext_id = "TV",
                        .assignee_id = vera_id,
                        .title = "первый звонок",
                        .created_at = T(30),
                        .due_at = T(31),
                        .done_at = VO_NULL};
    vo_fx_put_task(f.st, &t);
    APPLY(vo_ds_apply_task(live, &t, e));
    APPLY(vo_ds_apply_user(live, &vera, e)); /* the same row again */

    struct vo_dataset *fresh = fresh_load_same(&f, live);
    cr_assert_eq(vo_ds_tasks_overdue(live, vo_ds_user_find(live, vera_id), T(40)),
                 vo_ds_tasks_overdue(fresh, vo_ds_user_find(fresh, vera_id), T(40)));
    /* a team it does not hold asks for a reload */
    vera.team_id = 999999;
    vera.rev++;
    cr_assert_eq(vo_ds_apply_user(live, &vera, e), VO_ECONFLICT);
    finish(&f, live, fresh);
}

Test(dataset_apply, what_it_cannot_take_asks_for_a_reload)
{
    struct fx f;
    setup_fx(&f);
    struct vo_dataset *live = vo_fx_load();
    /* a deal created in the past would move every later deal's index */
    struct vo_deal old = mk_deal(&f, "OLD", f.anna, T(1), 0);
    vo_fx_put_deal(f.st, &old);
    cr_assert_eq(vo_ds_apply_deal(live, &old, &f.e), VO_ECONFLICT);
    vo_ds_free(live);
    live = vo_fx_load();
    /* an edit of a stored activity: there is no id column to find it by */
    struct vo_activity a = act(&f, "A9", f.anna, T(3), 0);
    vo_ds_free(live);
    live = vo_fx_load();
    a.duration_s = 600;
    enum vo_upsert res;
    cr_assert_eq(vo_store_activity_upsert(f.st, &a, &res, &f.e), VO_OK);
    cr_assert_eq(vo_ds_apply_activity(live, &a, &f.e), VO_ECONFLICT);
    /* a payment of a client the dataset does not hold */
    struct vo_payment p = {.amount = 1, .paid_at = T(3), .client_id = 999999};
    cr_assert_eq(vo_ds_apply_payment(live, &p, &f.e), VO_ECONFLICT);
    vo_ds_free(live);
    teardown_fx(&f);
}

/* Two updates of each kind changed in place, stored one after the other
 * and told in the other order (as two concurrent requests that re-read
 * their rows after their commits can): the newer row stays, as a fresh
 * load has it (issue 8, item 4). */
Test(dataset_apply, an_older_row_told_late_never_overwrites_a_newer_one)
{
    struct fx f;
    setup_fx(&f);
    struct vo_dataset *live = vo_fx_load();
    struct vo_error *e = &f.e;

    /* deal D2: an amount, then another amount and a new owner */
    struct vo_deal d1 = f.deal[1];
    d1.amount = 111100;
    vo_fx_put_deal(f.st, &d1);
    struct vo_deal d2 = d1;
    d2.amount = 222200;
    d2.owner_id = f.anna;
    vo_fx_put_deal(f.st, &d2);
    cr_assert_gt(d2.rev, d1.rev);
    APPLY(vo_ds_apply_deal(live, &d2, e));
    APPLY(vo_ds_apply_deal(live, &d1, e));
    /* task T2: a new due date, then done */
    struct vo_task t1 = f.task[1];
    t1.due_at = T(20);
    vo_fx_put_task(f.st, &t1);
    struct vo_task t2 = t1;
    t2.done_at = T(9);
    vo_fx_put_task(f.st, &t2);
    APPLY(vo_ds_apply_task(live, &t2, e));
    APPLY(vo_ds_apply_task(live, &t1, e));
    /* payment P1: an amount, then a later date */
    struct vo_payment p1 = f.pay[0];
    p1.amount = 7;
    vo_fx_put_pay(f.st, &p1);
    struct vo_payment p2 = p1;
    p2.paid_at = T(16);
    vo_fx_put_pay(f.st, &p2);
    APPLY(vo_ds_apply_payment(live, &p2, e));
    APPLY(vo_ds_apply_payment(live, &p1, e));
    /* client C1: a region, then another region and owner */
    struct vo_client c1;
    ok(&f, vo_store_client_get(f.st, f.org, f.client, &f.a, &c1, e), "client get");
    c1.region = "Тула";
    ok(&f, vo_store_client_update(f.st, &c1, e), "client update");
    struct vo_client c2 = c1;
    c2.region = "Омск";
    c2.owner_id = f.boris;
    ok(&f, vo_store_client_update(f.st, &c2, e), "client update");
    APPLY(vo_ds_apply_client(live, &c2, e));
    APPLY(vo_ds_apply_client(live, &c1, e));
    /* user Anna: renamed, then moved to Boris's team */
    struct vo_user u1 = stored_user(&f, f.anna);
    u1.name = "Анна Б.";
    ok(&f, vo_store_user_update(f.st, &u1, e), "user update");
    struct vo_user u2 = u1;
    u2.team_id = stored_user(&f, f.boris).team_id;
    ok(&f, vo_store_user_update(f.st, &u2, e), "user update");
    APPLY(vo_ds_apply_user(live, &u2, e));
    APPLY(vo_ds_apply_user(live, &u1, e));
    /* the org's revenue plan, set twice */
    struct vo_plan pl1 = put_plan(&f, VO_SCOPE_ORG, 0, VO_M_REVENUE, 3000000);
    struct vo_plan pl2 = put_plan(&f, VO_SCOPE_ORG, 0, VO_M_REVENUE, 4000000);
    APPLY(vo_ds_apply_plan(live, &pl2, e));
    APPLY(vo_ds_apply_plan(live, &pl1, e));

    int32_t d = vo_ds_deal_find(live, f.deal[1].id);
    cr_assert_eq(live->deals.amount[d], 222200);
    cr_assert_eq(live->deals.owner[d], vo_ds_user_find(live, f.anna));
    struct vo_dataset *fresh = fresh_load_same(&f, live);
    /* and the same rows told in order, once more each: nothing changes */
    APPLY(vo_ds_apply_deal(live, &d1, e));
    APPLY(vo_ds_apply_deal(live, &d2, e));
    APPLY(vo_ds_apply_task(live, &t2, e));
    APPLY(vo_ds_apply_client(live, &c2, e));
    APPLY(vo_ds_apply_user(live, &u2, e));
    APPLY(vo_ds_apply_plan(live, &pl2, e));
    same(live, fresh);
    finish(&f, live, fresh);
}

/* vo_pf_add_events (whole days from the rollup, the partial ones scanned)
 * equals a scan of the whole range, for ranges starting and ending at
 * midnights and inside days, before, across and after the days held. */
Test(dataset_apply, the_rollup_of_days_and_a_scan_agree_on_any_range)
{
    struct fx f;
    setup_fx(&f);
    struct vo_dataset *ds = vo_fx_load();
    days_match_scans(ds);
    size_t w = ds->users.n * VO_PF__COUNT, whole = 0;
    int64_t *a = calloc(w, sizeof *a), *b = calloc(w, sizeof *b);
    cr_assert(a && b);
    const int64_t hours[] = {0, 1, 13, 23};
    for (int d0 = -3; d0 < 45; d0++)
        for (size_t h0 = 0; h0 < 4; h0++)
            for (int d1 = d0; d1 < 46; d1 += 1 + (d1 + 3) % 3)
                for (size_t h1 = 0; h1 < 4; h1++) {
                    int64_t from = T(d0) + hours[h0] * 3600, to = T(d1) + hours[h1] * 3600;
                    memset(a, 0, w * sizeof *a);
                    memset(b, 0, w * sizeof *b);
                    cr_assert(vo_pf_add_events(ds, from, to, a));
                    cr_assert(vo_pf_scan_events(ds, from, to, b));
                    cr_assert_arr_eq(a, b, w * sizeof *a, "[T(%d) + %lldh, T(%d) + %lldh)", d0,
                                     (long long)hours[h0], d1, (long long)hours[h1]);
                    size_t k0, k1;
                    whole += vo_ds_days_whole(ds, from, to, &k0, &k1);
                }
    cr_assert_gt(whole, 1000, "the ranges hardly used the rollup (%zu)", whole);
    free(a);
    free(b);
    vo_ds_free(ds);
    teardown_fx(&f);
}

/* ---- the snapshot (service/dataset_snap.c, analytics/dataset_snap.c) ---- */

/* Runs sql, ?1 bound to f's org, on f's store (vo_fx_sql). */
static int64_t sql(struct fx *f, const char *text)
{
    return vo_fx_sql(f->st, text, f->org);
}

/* What the last open_as made of the snapshot. */
static struct vo_snap_outcome how;

/* vo_svc_dataset_open as the server calls it (write: true) or the CLI
 * (false), wanting the snapshot used as want and a new one written or not. */
static struct vo_dataset *open_as(struct fx *f, const char *dir, bool write, enum vo_snap_use want,
                                  bool written)
{
    struct vo_dataset *ds = NULL;
    ok(f, vo_svc_dataset_open(f->st, f->org, dir, write, &ds, &how, &f->e), "open");
    cr_assert_eq(how.use, want, "snapshot use %d, want %d (%s)", (int)how.use, (int)want,
                 how.why.msg);
    cr_assert_eq(how.written, written, "written: %d (%s)", how.written, how.write_err.msg);
    return ds;
}

static struct vo_dataset *open_snap(struct fx *f, const char *dir, enum vo_snap_use want,
                                    bool written)
{
    return open_as(f, dir, true, want, written);
}

/* The bytes of the file at path, and its length. */
static char *slurp(const char *path, size_t *n)
{
    char *s = NULL;
    gsize len = 0;
    cr_assert(g_file_get_contents(path, &s, &len, NULL), "read %s", path);
    *n = len;
    return s;
}

static void spit(const char *path, const char *s, size_t n)
{
    cr_assert(g_file_set_contents(path, s, (gssize)n, NULL), "write %s", path);
}

/* Every file of dir but the org's snapshot (a temporary one left behind). */
static size_t strays(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    size_t n = 0;
    for (const char *name; d && (name = g_dir_read_name(d));)
        n += strcmp(name, "org-1.vds") != 0 && !g_str_has_suffix(name, ".vds");
    if (d)
        g_dir_close(d);
    return n;
}

Test(dataset_apply, a_snapshot_reads_back_equal_to_the_load_and_takes_changes)
{
    struct fx f;
    setup_fx(&f);
    char *dir = g_build_filename(f.dir, "snaps", NULL);
    struct vo_dataset *loaded = open_snap(&f, dir, VO_SNAP_NONE, true);
    struct vo_dataset *read = open_snap(&f, dir, VO_SNAP_READ, false);
    same(read, loaded);
    same_reports(&f.a, read, loaded);
    cr_assert_eq(read->stamp, loaded->stamp);
    cr_assert_gt(loaded->stamp, 0, "the fixture's writes raised the stamp");
    cr_assert_str_eq(read->currency, loaded->currency);
    cr_assert_eq(read->currency_digits, loaded->currency_digits);
    cr_assert_eq(read->plans.n, 2);
    cr_assert_eq(read->tasks.max_id, loaded->tasks.max_id);
    cr_assert_eq(read->pays.max_id, loaded->pays.max_id);
    /* a change applies to the dataset read as to the one loaded: both then
     * equal a load from the store */
    f.deal[6] = mk_deal(&f, "D7", f.boris, T(30), 0);
    f.deal[6].channel = "ярмарка"; /* a text new to the dictionary read back */
    vo_fx_put_deal(f.st, &f.deal[6]);
    APPLY(vo_ds_apply_deal(read, &f.deal[6], &f.e));
    struct vo_activity a = act(&f, NULL, f.anna, T(31), f.deal[6].id);
    APPLY(vo_ds_apply_activity(read, &a, &f.e));
    struct vo_dataset *fresh = fresh_load_same(&f, read);
    /* and the next open reads the file and replays those writes from the
     * store's change log: the same dataset; not written again (a few
     * changes) */
    int64_t logged = sql(&f, "SELECT count(*) FROM dataset_log WHERE org_id = ?1");
    struct vo_dataset *again = open_snap(&f, dir, VO_SNAP_REPLAYED, false);
    cr_assert_eq(how.replayed, logged, "replayed %lld", (long long)how.replayed);
    cr_assert_geq(logged, 2);
    same(again, fresh);
    cr_assert_eq(again->stamp, fresh->stamp);
    vo_ds_free(again);
    again = open_snap(&f, dir, VO_SNAP_REPLAYED, false);
    same(again, fresh);
    cr_assert_eq(strays(dir), 0, "no temporary file left");
    vo_ds_free(again);
    vo_ds_free(loaded);
    g_free(dir);
    finish(&f, read, fresh);
}

/* The CLI reads a current snapshot and never writes one (the directory
 * is the server's, made by the user it runs as). */
Test(dataset_apply, the_cli_reads_a_current_snapshot_and_writes_none)
{
    struct fx f;
    setup_fx(&f);
    char *dir = g_build_filename(f.dir, "snaps", NULL);
    struct vo_dataset *a = open_as(&f, dir, false, VO_SNAP_NONE, false);
    cr_assert(!g_file_test(dir, G_FILE_TEST_EXISTS), "the CLI made the directory");
    vo_ds_free(open_as(&f, dir, true, VO_SNAP_NONE, true)); /* the server's load */
    struct vo_dataset *b = open_as(&f, dir, false, VO_SNAP_READ, false);
    same(b, a);
    act(&f, NULL, f.anna, T(7), f.deal[1].id);
    struct vo_dataset *c = open_as(&f, dir, false, VO_SNAP_REPLAYED, false);
    cr_assert_eq(c->acts.n, a->acts.n + 1);
    /* a delete cannot be replayed: loaded from the store, not written */
    sql(&f, "DELETE FROM activities WHERE org_id = ?1 AND id = (SELECT max(id) FROM activities "
            "WHERE org_id = ?1)");
    struct vo_dataset *d = open_as(&f, dir, false, VO_SNAP_STALE, false);
    cr_assert_eq(d->acts.n, a->acts.n);
    vo_ds_free(open_as(&f, dir, false, VO_SNAP_STALE, false)); /* still stale: not written */
    vo_ds_free(d);
    vo_ds_free(c);
    vo_ds_free(b);
    g_free(dir);
    vo_ds_free(a);
    teardown_fx(&f);
}

/* The store's change log (migration 37) names every row written after the
 * snapshot: the next open reads the file and those rows, of every kind the
 * live dataset applies (deals new and changed, stage changes, activities,
 * tasks, payments, plans, a client changed and a new one with its deal, a
 * user moved to another team and a new one), and the dataset equals a load
 * from the store, column for column and in its reports. */
Test(dataset_apply, a_replay_of_every_kind_of_write_equals_a_load)
{
    struct fx f;
    setup_fx(&f);
    char *dir = g_build_filename(f.dir, "snaps", NULL);
    vo_ds_free(open_snap(&f, dir, VO_SNAP_NONE, true));
    cr_assert_eq(sql(&f, "SELECT count(*) FROM dataset_log WHERE org_id = ?1"), 0,
                 "the claim left the log empty");
    write_every_kind(&f, NULL);
    struct vo_client c1 = {.id = f.client,
                           .org_id = f.org,
                           .ext_id = "C1",
                           .name = "ООО Ромашка и партнёры",
                           .channel = "вебинар",
                           .region = "Казань",
                           .owner_id = f.boris,
                           .created_at = T(0),
                           .custom = "{}"};
    vo_fx_put_client(f.st, &c1);
    struct vo_client c2 = {.org_id = f.org,
                           .ext_id = "C2",
                           .name = "ИП Лютиков",
                           .region = "Москва",
                           .owner_id = f.anna,
                           .created_at = T(33),
                           .custom = "{}"};
    vo_fx_put_client(f.st, &c2);
    struct vo_deal d9 = mk_deal(&f, "D9", f.anna, T(34), 0);
    d9.client_id = c2.id;
    vo_fx_put_deal(f.st, &d9);
    struct vo_user anna = stored_user(&f, f.anna), boris = stored_user(&f, f.boris);
    anna.team_id = boris.team_id;
    ok(&f, vo_store_user_update(f.st, &anna, &f.e), "update");
    user(&f, "Вера", "vera@example.com", "manager", "Юг");
    int64_t logged = sql(&f, "SELECT count(*) FROM dataset_log WHERE org_id = ?1");
    cr_assert_gt(logged, 20, "%lld changes logged", (long long)logged);
    struct vo_dataset *ds = open_snap(&f, dir, VO_SNAP_REPLAYED, false);
    cr_assert_eq(how.replayed, logged);
    struct vo_dataset *fresh = fresh_load_same(&f, ds);
    cr_assert_eq(ds->stamp, fresh->stamp);
    cr_assert_eq(ds->acts.max_id, fresh->acts.max_id);
    g_free(dir);
    finish(&f, ds, fresh);
}

/* What a replay cannot take loads the org from the store (and the server
 * writes a new file, whose claim empties the log): a row deleted, a table
 * the dataset cannot change in place (a stage renamed), an edit of an
 * activity the file holds, and a log that stopped at its bound. The log
 * says why. */
Test(dataset_apply, what_a_replay_cannot_take_loads_from_the_store)
{
    struct fx f;
    setup_fx(&f);
    char *dir = g_build_filename(f.dir, "snaps", NULL);
    vo_ds_free(open_snap(&f, dir, VO_SNAP_NONE, true));
    static const struct {
        const char *write, *why;
    } cases[] = {
        {"DELETE FROM payments WHERE org_id = ?1 AND ext_id = 'P2'",
         "a row was deleted since the snapshot (payment)"},
        {"UPDATE stages SET name = 'Переговоры' WHERE org_id = ?1 AND position = 2",
         "a row changed since the snapshot that is read anew (stage)"},
        {"UPDATE activities SET duration_s = 5 WHERE org_id = ?1 AND id = (SELECT min(id) FROM "
         "activities WHERE org_id = ?1)",
         "the dataset reloads for an edited activity"},
        /* the log's bound reached: the next raise is not logged */
        {"UPDATE dataset_seq SET snap_seq = seq - 262144 WHERE org_id = ?1",
         "the change log holds "},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        act(&f, NULL, f.anna, T(40 + (int)i), 0); /* replayable alone */
        sql(&f, cases[i].write);
        if (i == 3)
            act(&f, NULL, f.anna, T(50), 0);
        struct vo_dataset *ds = open_snap(&f, dir, VO_SNAP_STALE, true);
        cr_assert(g_str_has_prefix(how.why.msg, cases[i].why), "%s, not %s", how.why.msg,
                  cases[i].why);
        cr_assert_eq(sql(&f, "SELECT count(*) FROM dataset_log WHERE org_id = ?1"), 0,
                     "the new file's claim left the log");
        struct vo_dataset *fresh = fresh_load_same(&f, ds);
        vo_ds_free(fresh);
        vo_ds_free(ds);
        vo_ds_free(open_snap(&f, dir, VO_SNAP_READ, false));
    }
    g_free(dir);
    teardown_fx(&f);
}

/* Another server's claim (a newer snapshot of the org) at the hook: once. */
static void claim_meanwhile(void *ctx, const char *point)
{
    struct fx *f = ctx;
    if (strcmp(point, "read one") != 0)
        return;
    vo_store_set_hook(f->st, NULL, NULL);
    sql(f, "UPDATE dataset_seq SET snap = snap + 1 WHERE org_id = ?1");
}

/* The file's token was the store's when it was read, and another server
 * claimed a newer snapshot before the replay's read transaction began:
 * the replay sees it there and the org loads from the store. */
Test(dataset_apply, a_snapshot_claimed_away_before_the_replay_loads_from_the_store)
{
    struct fx f;
    setup_fx(&f);
    char *dir = g_build_filename(f.dir, "snaps", NULL);
    vo_ds_free(open_snap(&f, dir, VO_SNAP_NONE, true));
    act(&f, NULL, f.anna, T(40), 0); /* replayable alone */
    int64_t snap = sql(&f, "SELECT snap FROM dataset_seq WHERE org_id = ?1");
    vo_store_set_hook(f.st, claim_meanwhile, &f);
    struct vo_dataset *ds = open_snap(&f, dir, VO_SNAP_STALE, true);
    cr_assert_str_eq(how.why.msg, "rows changed since the snapshot was written");
    cr_assert_neq(sql(&f, "SELECT snap FROM dataset_seq WHERE org_id = ?1"), snap + 1,
                  "the load's file claimed the org again");
    vo_ds_free(fresh_load_same(&f, ds));
    vo_ds_free(ds);
    /* without the other claim, the same write replays */
    act(&f, NULL, f.anna, T(41), 0);
    vo_ds_free(open_snap(&f, dir, VO_SNAP_REPLAYED, false));
    g_free(dir);
    teardown_fx(&f);
}

/* A damaged file, or one whose token is not the store's
 * (a database restored from a backup, another server's newer claim):
 * refused, the org loaded from the store and the file written again. */
Test(dataset_apply, a_damaged_or_foreign_snapshot_is_refused_and_written_again)
{
    struct fx f;
    setup_fx(&f);
    char *dir = g_build_filename(f.dir, "snaps", NULL);
    struct vo_dataset *loaded = open_snap(&f, dir, VO_SNAP_NONE, true);
    char *path = vo_svc_snap_path(dir, f.org);
    size_t n;
    char *good = slurp(path, &n);
    cr_assert_gt(n, 64 + 1000);
    /* a byte of the body, of the header (each time of the file written
     * last, whose token is the store's); the file cut short */
    const size_t flips[] = {n / 2, n - 1, 64, 20, 3, n - 8, 10};
    for (size_t i = 0; i < sizeof flips / sizeof *flips; i++) {
        size_t len;
        char *now = slurp(path, &len);
        cr_assert_eq(len, n, "the same dataset, the same length");
        if (i < 5)
            now[flips[i]] ^= 0x20;
        spit(path, now, i < 5 ? n : flips[i]);
        g_free(now);
        struct vo_dataset *ds = open_snap(&f, dir, VO_SNAP_BAD, true);
        same(ds, loaded);
        vo_ds_free(ds);
    }
    /* the first file, whole, but the store has claimed others since */
    spit(path, good, n);
    struct vo_dataset *ds = open_snap(&f, dir, VO_SNAP_STALE, true);
    same(ds, loaded);
    vo_ds_free(ds);
    /* and once written again, read */
    vo_ds_free(open_snap(&f, dir, VO_SNAP_READ, false));
    g_free(good);
    g_free(path);
    g_free(dir);
    vo_ds_free(loaded);
    teardown_fx(&f);
}

/* A dataset whose rows changed after its load is not written: the claim
 * fails, the temporary file goes, and no file is left to read. */
Test(dataset_apply, a_snapshot_of_rows_changed_since_is_not_kept)
{
    struct fx f;
    setup_fx(&f);
    char *dir = g_build_filename(f.dir, "snaps", NULL);
    struct vo_dataset *ds = vo_fx_load();
    act(&f, NULL, f.boris, T(5), f.deal[0].id);
    bool written = true;
    ok(&f, vo_svc_snap_write(f.st, dir, ds, &written, &f.e), "write");
    cr_assert(!written, "a stale snapshot was kept");
    char *path = vo_svc_snap_path(dir, f.org);
    cr_assert(!g_file_test(path, G_FILE_TEST_EXISTS), "a stale file in place");
    cr_assert_eq(strays(dir), 0, "the temporary file stays");
    struct vo_dataset *fresh = open_snap(&f, dir, VO_SNAP_NONE, true);
    cr_assert_eq(fresh->acts.n, ds->acts.n + 1);
    g_free(path);
    g_free(dir);
    finish(&f, ds, fresh);
}

/* The stream of analytics/dataset_snap.c: cut anywhere, or with a count
 * out of bounds, it is refused without a leak (ASan) or a crash. */
struct mem {
    GByteArray *b;
    size_t at, cut;
};

static bool mem_put(void *ctx, const void *p, size_t n)
{
    g_byte_array_append(((struct mem *)ctx)->b, p, (guint)n);
    return true;
}

static bool mem_get(void *ctx, void *p, size_t n)
{
    struct mem *m = ctx;
    if (n > m->cut - m->at)
        return false;
    memcpy(p, m->b->data + m->at, n);
    m->at += n;
    return true;
}

Test(dataset_apply, a_stream_cut_anywhere_is_refused)
{
    struct fx f;
    setup_fx(&f);
    struct vo_dataset *ds = vo_fx_load();
    struct mem m = {.b = g_byte_array_new()};
    ok(&f, vo_ds_snap_encode(ds, mem_put, &m, &f.e), "encode");
    m.cut = m.b->len;
    struct vo_dataset *back = NULL;
    ok(&f, vo_ds_snap_decode(f.org, m.b->len, mem_get, &m, &back, &f.e), "decode");
    same(back, ds);
    vo_ds_free(back);
    for (size_t cut = 0; cut < m.b->len; cut += 1 + cut / 64) {
        m.at = 0;
        m.cut = cut;
        back = NULL;
        /* the stream's length told as it is, or as the whole one's */
        cr_assert_eq(vo_ds_snap_decode(f.org, cut % 2 ? cut : m.b->len, mem_get, &m, &back, &f.e),
                     VO_EINVAL, "cut at %zu", cut);
        cr_assert_null(back);
    }
    /* a size read from a damaged stream (the block of the zone's name, after
     * the org, the currency, its digits and the name's length): refused
     * as damaged before it is allocated, not as out of memory */
    m.cut = m.b->len;
    guint8 was[8];
    memcpy(was, m.b->data + 32, sizeof was);
    for (size_t k = 0; k < 8; k++)
        m.b->data[32 + k] = k == 7 ? 0x3f : 0xff;
    m.at = 0;
    cr_assert_eq(vo_ds_snap_decode(f.org, m.b->len, mem_get, &m, &back, &f.e), VO_EINVAL, "%s",
                 f.e.msg);
    cr_assert_null(back);
    memcpy(m.b->data + 32, was, sizeof was); /* put back: read again */
    m.at = 0;
    ok(&f, vo_ds_snap_decode(f.org, m.b->len, mem_get, &m, &back, &f.e), "decode again");
    vo_ds_free(back);
    back = NULL;
    /* another org's stream */
    m.at = 0;
    m.cut = m.b->len;
    cr_assert_eq(vo_ds_snap_decode(f.org + 1, m.b->len, mem_get, &m, &back, &f.e), VO_EINVAL);
    cr_assert_null(back);
    g_byte_array_free(m.b, TRUE);
    vo_ds_free(ds);
    teardown_fx(&f);
}
