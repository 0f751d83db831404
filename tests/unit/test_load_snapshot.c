/*
 * test_load_snapshot.c - a dataset load is one consistent snapshot of the
 * store, and a reference it cannot resolve stops it (issue 8, item 1).
 *
 * The load reads the activities and the tasks on a second connection and
 * thread while the first reads the other tables. It used to read each
 * table in its own implicit transaction, so a user added with their first
 * activity while it ran could reach the activities and not the users: the
 * activity's user index became -1 and plan-fact wrote outside its array
 * (ASan: heap-buffer-overflow in vo_pf_add_events).
 * - a write committed after the users were read (the store's test hook,
 *   vo_store_set_hook, runs it at that point on the loading connection's
 *   thread) is wholly absent from the load, and wholly in the next one;
 * - a write committed between the two connections' read transactions
 *   (the hook point "read pair") makes the pair start again, so the load
 *   holds all of it; one at every try ends in a load on one connection;
 * - a row naming a user, team, pipeline, stage, client or deal the org's
 *   load did not read (another org's) is refused with VO_ESTORE naming
 *   the row and the reference, never stored as -1; the live applies
 *   refuse the same (VO_ECONFLICT: the caller reloads).
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "analytics/dataset.h"
#include "analytics/planfact.h"
#include "store/store_conn.h"
#include "store/store_int.h"
#include "fixture.h"
#include "testdb.h"
#include "testutil.h"
#include "service/dataset_load.h"

#define T0 1767214800 /* 2026-01-01 00:00 Moscow */

/* One org's objects. */
struct objs {
    int64_t org, team, user, pipe, stage, client, deal, act, task, pay;
};

struct fx {
    char *dir, *path;
    struct vo_store *st; /* the loading connection */
    struct vo_store *w;  /* the test's writer */
    struct vo_svc svc;
    struct vo_arena a;
    struct vo_error e;
    struct objs A, B; /* A is loaded; B is another org */
    int hook_calls;
    const char *hook_at;      /* the point the hook writes at */
    bool written, every_time; /* written once; write at every call */
    int64_t new_user, new_act;
};

static void ok(struct fx *f, vo_err rc, const char *what)
{
    cr_assert_eq(rc, VO_OK, "%s: %s", what, f->e.msg);
}

/* An org with a team, a user, a pipeline with a stage, a client, a deal,
 * an activity, a task and a payment, written on st. */
static void fill(struct fx *f, struct vo_store *st, int64_t org, const char *tag, struct objs *o)
{
    o->org = org;
    ok(f, vo_store_begin(st, &f->e), "begin");
    ok(f, vo_store_team_ensure(st, org, "Sales", &o->team, NULL, &f->e), "team");
    char *email = g_strdup_printf("%s@example.com", tag);
    struct vo_user u = {.org_id = org,
                        .name = tag,
                        .email = email,
                        .role = VO_ROLE_MANAGER,
                        .team_id = o->team,
                        .active = true,
                        .created_at = T0};
    ok(f, vo_store_user_insert(st, &u, &f->e), "user");
    o->user = u.id;
    ok(f, vo_store_pipeline_ensure(st, org, "Sales", &o->pipe, NULL, &f->e), "pipeline");
    struct vo_stage s = {
        .org_id = org, .pipeline_id = o->pipe, .name = tag, .position = 1, .max_days = VO_NULL};
    ok(f, vo_store_stage_upsert(st, &s, NULL, &f->e), "stage");
    o->stage = s.id;
    struct vo_client c = {
        .org_id = org, .name = tag, .owner_id = o->user, .created_at = T0, .custom = "{}"};
    ok(f, vo_store_client_upsert(st, &c, NULL, &f->e), "client");
    o->client = c.id;
    struct vo_deal d = {.org_id = org,
                        .client_id = o->client,
                        .pipeline_id = o->pipe,
                        .stage_id = o->stage,
                        .owner_id = o->user,
                        .status = VO_DEAL_OPEN,
                        .amount = 1000,
                        .created_at = T0 + 3600,
                        .closed_at = VO_NULL,
                        .custom = "{}"};
    ok(f, vo_store_deal_upsert(st, &d, NULL, &f->e), "deal");
    o->deal = d.id;
    struct vo_activity a = {.org_id = org,
                            .type = VO_ACT_CALL,
                            .user_id = o->user,
                            .at = T0 + 7200,
                            .deal_id = o->deal,
                            .duration_s = 60};
    ok(f, vo_store_activity_upsert(st, &a, NULL, &f->e), "activity");
    o->act = a.id;
    struct vo_task t = {.org_id = org,
                        .assignee_id = o->user,
                        .title = "call back",
                        .created_at = T0 + 7200,
                        .due_at = T0 + 86400,
                        .deal_id = o->deal,
                        .done_at = VO_NULL};
    ok(f, vo_store_task_upsert(st, &t, NULL, &f->e), "task");
    o->task = t.id;
    struct vo_payment p = {.org_id = org,
                           .amount = 500,
                           .paid_at = T0 + 9000,
                           .deal_id = o->deal,
                           .client_id = o->client};
    ok(f, vo_store_payment_upsert(st, &p, NULL, &f->e), "payment");
    o->pay = p.id;
    ok(f, vo_store_commit(st, &f->e), "commit");
    g_free(email);
}

static void fx_open(struct fx *f)
{
    memset(f, 0, sizeof *f);
    vo_fx_open(&f->dir, &f->st, &f->svc, &f->a);
    f->path = vo_test_db(f->dir, "test.db");
    ok(f, vo_store_open(f->path, 0, &f->w, &f->e), "writer");
    fill(f, f->st, f->svc.org.id, "anna", &f->A);
    struct vo_org b = {.name = "Other", .tz = "Europe/Moscow", .currency = "RUB", .created_at = 1};
    ok(f, vo_store_org_insert(f->st, &b, &f->e), "org B");
    fill(f, f->st, b.id, "zoe", &f->B);
}

static void fx_close(struct fx *f)
{
    vo_store_close(f->w);
    g_free(f->path);
    vo_fx_close(&f->dir, &f->st, &f->svc, &f->a);
}

/* A new seller and their first call, in one transaction on the writer. */
static void add_seller(struct fx *f)
{
    ok(f, vo_store_begin(f->w, &f->e), "begin");
    char email[64];
    snprintf(email, sizeof email, "vera%d@example.com", f->hook_calls);
    struct vo_user u = {.org_id = f->A.org,
                        .name = "Вера",
                        .email = email,
                        .role = VO_ROLE_MANAGER,
                        .team_id = f->A.team,
                        .active = true,
                        .created_at = T0};
    ok(f, vo_store_user_insert(f->w, &u, &f->e), "user");
    struct vo_activity a = {.org_id = f->A.org,
                            .type = VO_ACT_CALL,
                            .user_id = u.id,
                            .at = T0 + 10000,
                            .duration_s = 300};
    ok(f, vo_store_activity_upsert(f->w, &a, NULL, &f->e), "activity");
    struct vo_task t = {.org_id = f->A.org,
                        .assignee_id = u.id,
                        .title = "first call",
                        .created_at = T0 + 10000,
                        .due_at = T0 + 20000,
                        .done_at = VO_NULL};
    ok(f, vo_store_task_upsert(f->w, &t, NULL, &f->e), "task");
    ok(f, vo_store_commit(f->w, &f->e), "commit");
    f->new_user = u.id;
    f->new_act = a.id;
}

/* The test hook: the first time the load reaches f->hook_at, the write. */
static void hook(void *ctx, const char *point)
{
    struct fx *f = ctx;
    if (strcmp(point, f->hook_at) != 0)
        return;
    f->hook_calls++;
    if (!f->written || f->every_time) {
        f->written = true;
        add_seller(f);
    }
}

/* Every reference of the dataset is an index of the table it names. */
static void check_refs(const struct vo_dataset *ds)
{
    int32_t nu = (int32_t)ds->users.n, nd = (int32_t)ds->deals.n;
    for (size_t i = 0; i < ds->acts.n; i++) {
        cr_assert(ds->acts.user[i] >= 0 && ds->acts.user[i] < nu, "activity %zu: user %d", i,
                  ds->acts.user[i]);
        cr_assert(ds->acts.deal[i] >= -1 && ds->acts.deal[i] < nd);
    }
    for (size_t i = 0; i < ds->tasks.n; i++)
        cr_assert(ds->tasks.assignee[i] >= 0 && ds->tasks.assignee[i] < nu, "task %zu: user %d", i,
                  ds->tasks.assignee[i]);
    for (size_t i = 0; i < ds->deals.n; i++)
        cr_assert(ds->deals.owner[i] >= 0 && ds->deals.owner[i] < nu);
}

/* Plan-fact of January by user (under ASan, an index of -1 is a
 * heap-buffer-overflow here). */
static void planfact(struct fx *f, const struct vo_dataset *ds)
{
    struct vo_pf_query q = {.period = vo_cal_month(&ds->cal, (struct vo_date){2026, 1, 1}),
                            .as_of = T0 + 40 * 86400,
                            .scope = VO_SCOPE_ORG,
                            .scope_index = -1,
                            .by = VO_PF_BY_USER};
    struct vo_pf_result r;
    ok(f, vo_pf_compute(ds, &q, &f->a, &r, &f->e), "plan-fact");
}

/* ds holds n more users, activities and tasks than before (n = 0: none). */
static void more_rows(const struct vo_dataset *before, const struct vo_dataset *ds, size_t n)
{
    cr_assert_eq(ds->users.n, before->users.n + n);
    cr_assert_eq(ds->acts.n, before->acts.n + n);
    cr_assert_eq(ds->tasks.n, before->tasks.n + n);
}

/* Loads A twice: *before as it is, then with the hook writing at point (at
 * every call when every), checked for its references and its plan-fact
 * and to hold `more` more users, activities and tasks; returns the second
 * load (before may be NULL: the first is then freed here). */
static struct vo_dataset *load_with_write(struct fx *f, const char *point, bool every, size_t more,
                                          struct vo_dataset **before)
{
    struct vo_dataset *ds = NULL, *first = NULL;
    ok(f, vo_svc_dataset_load(f->st, f->A.org, &first, &f->e), "load");
    f->hook_at = point;
    f->every_time = every;
    vo_store_set_hook(f->st, hook, f);
    ok(f, vo_svc_dataset_load(f->st, f->A.org, &ds, &f->e), "load");
    vo_store_set_hook(f->st, NULL, NULL);
    cr_assert(f->written, "the hook did not run");
    check_refs(ds);
    planfact(f, ds);
    more_rows(first, ds, more);
    if (before)
        *before = first;
    else
        vo_ds_free(first);
    return ds;
}

Test(load_snapshot, a_write_committed_during_a_load_is_not_half_in_it)
{
    struct fx f;
    fx_open(&f);
    struct vo_dataset *before = NULL, *after = NULL;
    /* after the users are read on the loading connection, before the
     * activities and tasks are read on the other one */
    /* the load is the store as it started: none of the write */
    struct vo_dataset *ds = load_with_write(&f, "users", false, 0, &before);
    cr_assert_eq(vo_ds_user_find(ds, f.new_user), -1);
    /* and the next load has all of it */
    ok(&f, vo_svc_dataset_load(f.st, f.A.org, &after, &f.e), "load");
    check_refs(after);
    more_rows(before, after, 1);
    cr_assert_geq(vo_ds_user_find(after, f.new_user), 0);
    planfact(&f, after);
    vo_ds_free(before);
    vo_ds_free(ds);
    vo_ds_free(after);
    fx_close(&f);
}

Test(load_snapshot, a_write_between_the_two_read_transactions_starts_them_again)
{
    struct fx f;
    fx_open(&f);
    if (vo_test_pg()) {
        /* PostgreSQL's pair shares the first's exported snapshot: a write
         * after it is in neither, and nothing is started again */
        struct vo_dataset *ds = load_with_write(&f, "read pair", false, 0, NULL);
        cr_assert_eq(f.hook_calls, 1);
        cr_assert_eq(vo_ds_user_find(ds, f.new_user), -1);
        vo_ds_free(ds);
        fx_close(&f);
        return;
    }
    /* between the second connection's read transaction and the first's;
     * both connections read after the write: all of it is in */
    struct vo_dataset *ds = load_with_write(&f, "read pair", false, 1, NULL);
    cr_assert_geq(f.hook_calls, 2, "the pair was not started again");
    int32_t u = vo_ds_user_find(ds, f.new_user);
    cr_assert_geq(u, 0);
    size_t hers = 0;
    for (size_t i = 0; i < ds->acts.n; i++)
        hers += ds->acts.user[i] == u;
    cr_assert_eq(hers, 1);
    vo_ds_free(ds);
    fx_close(&f);
}

/* A write between the two begins at every try: after 16 tries the load
 * reads on one connection, which sees every write. */
Test(load_snapshot, a_write_at_every_try_falls_back_to_one_connection)
{
    if (vo_test_pg())
        cr_skip_test("SQLite's tries (PostgreSQL's pair shares one snapshot: no try again)");
    struct fx f;
    fx_open(&f);
    struct vo_dataset *ds = load_with_write(&f, "read pair", true, 16, NULL);
    cr_assert_eq(f.hook_calls, 16);
    vo_ds_free(ds);
    fx_close(&f);
}

/* Runs sql (printf-style over the fixture's ids) on a connection of its
 * own, committed, with the foreign keys checked (PostgreSQL always does). */
static void exec(struct fx *f, const char *sql)
{
    if (vo_test_pg()) {
        vo_test_sql(f->path, sql);
        return;
    }
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    char *msg = NULL;
    cr_assert_eq(sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL), SQLITE_OK);
    cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, &msg), SQLITE_OK, "%s: %s", sql,
                 msg ? msg : "?");
    sqlite3_free(msg);
    sqlite3_close(db);
}

/* The SQL that sets table.col to value in row id (g_free it). */
static char *set_col(const char *table, const char *col, int64_t value, int64_t id)
{
    return g_strdup_printf("UPDATE %s SET %s = %lld WHERE id = %lld", table, col, (long long)value,
                           (long long)id);
}

/* The SQL that inserts stage change 900 of org, deal and stage (g_free it). */
static char *insert_sc(int64_t org, int64_t deal, int64_t stage)
{
    return g_strdup_printf("INSERT INTO stage_changes(id, org_id, deal_id, stage_id, at) "
                           "VALUES(900, %lld, %lld, %lld, %d)",
                           (long long)org, (long long)deal, (long long)stage, T0 + 5000);
}

Test(load_snapshot, a_reference_the_load_cannot_resolve_is_refused)
{
    if (vo_test_pg())
        cr_skip_test("PostgreSQL's foreign keys with org_id refuse another org's object at the "
                     "write");
    struct fx f;
    fx_open(&f);
    const struct objs *A = &f.A, *B = &f.B;
    /* each row of org A made to name org B's object, then put back */
    struct {
        const char *what; /* in the message */
        char *bad, *good;
    } cases[] = {
#define CASE(what, table, col, bad, good, id)                                                      \
    {what, set_col(table, col, bad, id), set_col(table, col, good, id)}
        CASE("team_id", "users", "team_id", B->team, A->team, A->user),
        CASE("owner_id", "clients", "owner_id", B->user, A->user, A->client),
        CASE("pipeline_id", "stages", "pipeline_id", B->pipe, A->pipe, A->stage),
        CASE("owner_id", "deals", "owner_id", B->user, A->user, A->deal),
        CASE("pipeline_id", "deals", "pipeline_id", B->pipe, A->pipe, A->deal),
        CASE("stage_id", "deals", "stage_id", B->stage, A->stage, A->deal),
        CASE("client_id", "deals", "client_id", B->client, A->client, A->deal),
        CASE("user_id", "activities", "user_id", B->user, A->user, A->act),
        CASE("deal_id", "activities", "deal_id", B->deal, A->deal, A->act),
        CASE("assignee_id", "tasks", "assignee_id", B->user, A->user, A->task),
        CASE("deal_id", "tasks", "deal_id", B->deal, A->deal, A->task),
        CASE("deal_id", "payments", "deal_id", B->deal, A->deal, A->pay),
        CASE("client_id", "payments", "client_id", B->client, A->client, A->pay),
#undef CASE
        {"deal_id", insert_sc(A->org, B->deal, A->stage),
         g_strdup("DELETE FROM stage_changes WHERE id = 900")},
        {"stage_id", insert_sc(A->org, A->deal, B->stage),
         g_strdup("DELETE FROM stage_changes WHERE id = 900")},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        exec(&f, cases[i].bad);
        struct vo_dataset *ds = NULL;
        struct vo_error e = {0};
        vo_err rc = vo_svc_dataset_load(f.st, A->org, &ds, &e);
        cr_assert_eq(rc, VO_ESTORE, "%s: loaded (rc %d) with an unresolved reference", cases[i].bad,
                     rc);
        cr_assert_null(ds);
        cr_assert_str_eq(e.field, cases[i].what, "%s: field \"%s\" (%s)", cases[i].bad, e.field,
                         e.msg);
        cr_log_info("%s -> %s", cases[i].bad, e.msg);
        exec(&f, cases[i].good);
        ok(&f, vo_svc_dataset_load(f.st, A->org, &ds, &f.e), cases[i].good);
        check_refs(ds);
        vo_ds_free(ds);
        g_free(cases[i].bad);
        g_free(cases[i].good);
    }
    fx_close(&f);
}

/* The live applies: a row naming what the dataset does not hold asks for
 * a reload, and changes nothing the reports read as an index. */
Test(load_snapshot, a_live_apply_of_an_unresolved_reference_is_refused)
{
    struct fx f;
    fx_open(&f);
    struct vo_dataset *ds = NULL;
    ok(&f, vo_svc_dataset_load(f.st, f.A.org, &ds, &f.e), "load");
    struct vo_error e = {0};
    struct vo_activity a = {
        .id = 1000000, .type = VO_ACT_CALL, .user_id = f.B.user, .at = T0 + 20000, .duration_s = 1};
    cr_assert_eq(vo_ds_apply_activity(ds, &a, &e), VO_ECONFLICT);
    a.user_id = f.A.user;
    a.deal_id = f.B.deal;
    cr_assert_eq(vo_ds_apply_activity(ds, &a, &e), VO_ECONFLICT);
    struct vo_task t = {.id = 1000000,
                        .assignee_id = f.B.user,
                        .created_at = T0 + 20000,
                        .due_at = T0 + 30000,
                        .done_at = VO_NULL};
    cr_assert_eq(vo_ds_apply_task(ds, &t, &e), VO_ECONFLICT);
    struct vo_deal d = {.id = f.A.deal,
                        .client_id = f.A.client,
                        .pipeline_id = f.A.pipe,
                        .stage_id = f.A.stage,
                        .owner_id = f.B.user,
                        .status = VO_DEAL_OPEN,
                        .amount = 1,
                        .created_at = T0 + 3600,
                        .closed_at = VO_NULL,
                        .rev = 1};
    cr_assert_eq(vo_ds_apply_deal(ds, &d, &e), VO_ECONFLICT);
    d.owner_id = f.A.user;
    d.stage_id = f.B.stage;
    cr_assert_eq(vo_ds_apply_deal(ds, &d, &e), VO_ECONFLICT);
    struct vo_stage_change c = {.id = 1000000, .deal_id = f.A.deal, .stage_id = f.B.stage, .at = 1};
    cr_assert_eq(vo_ds_apply_stage_change(ds, &c, &e), VO_ECONFLICT);
    struct vo_payment p = {.id = 1000000, .amount = 1, .paid_at = T0, .deal_id = f.B.deal};
    cr_assert_eq(vo_ds_apply_payment(ds, &p, &e), VO_ECONFLICT);
    struct vo_client c2 = {.id = f.A.client, .name = "x", .owner_id = f.B.user, .rev = 1};
    cr_assert_eq(vo_ds_apply_client(ds, &c2, &e), VO_ECONFLICT);
    struct vo_user u = {.id = f.A.user, .name = "x", .team_id = f.B.team, .active = true, .rev = 1};
    cr_assert_eq(vo_ds_apply_user(ds, &u, &e), VO_ECONFLICT);
    struct vo_plan pl = {.year = 2026,
                         .month = 1,
                         .scope_kind = VO_SCOPE_USER,
                         .scope_id = f.B.user,
                         .metric = VO_M_CALLS,
                         .target = 1};
    cr_assert_eq(vo_ds_apply_plan(ds, &pl, &e), VO_ECONFLICT);
    vo_ds_free(ds);
    fx_close(&f);
}

/* Activities and tasks of A and B, their ids interleaved: A's i-th at
 * T0 + 10000 + i minutes (i < 5, the activities' at distinct), B's between. */
static void interleave(struct fx *f)
{
    for (int i = 0; i < 10; i++) {
        const struct objs *o = i % 2 ? &f->B : &f->A;
        struct vo_activity a = {.org_id = o->org,
                                .type = VO_ACT_CALL,
                                .user_id = o->user,
                                .at = T0 + 10000 + 60 * i,
                                .deal_id = i % 4 ? o->deal : 0,
                                .duration_s = i};
        ok(f, vo_store_activity_upsert(f->st, &a, NULL, &f->e), "activity");
        struct vo_task t = {.org_id = o->org,
                            .assignee_id = o->user,
                            .title = "call back",
                            .created_at = T0 + 10000 + 60 * i,
                            .due_at = T0 + 86400,
                            .deal_id = o->deal,
                            .done_at = i % 3 ? VO_NULL : T0 + 20000};
        ok(f, vo_store_task_upsert(f->st, &t, NULL, &f->e), "task");
    }
}

#define SAME_COL(x, y, col, n) cr_assert_arr_eq((x)->col, (y)->col, (n) * sizeof *(x)->col, #col)

/* The big scans read in chunks (vo_store_load_rows): at every chunk size,
 * the first and last rows of a chunk included, the load holds each of the
 * org's activities and tasks once and none of the other org's, as the load
 * in one chunk does; and a write committed between two chunks of the scan
 * (the hook, on the other connection's first rows) is not in it. */
Test(load_snapshot, the_big_scans_in_chunks_read_each_row_of_the_org_once)
{
    struct fx f;
    fx_open(&f);
    interleave(&f);
    struct vo_dataset *one = NULL;
    ok(&f, vo_svc_dataset_load(f.st, f.A.org, &one, &f.e), "load");
    cr_assert_eq(one->acts.n, 6, "A's activity and its 5 more");
    cr_assert_eq(one->tasks.n, 6);
    const int64_t sizes[] = {1, 2, 3, 5, 6, 7};
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        vo_store_set_load_chunk(sizes[k]);
        struct vo_dataset *ds = NULL;
        ok(&f, vo_svc_dataset_load(f.st, f.A.org, &ds, &f.e), "load in chunks");
        cr_assert_eq(ds->acts.n, one->acts.n, "chunk %lld: activities", (long long)sizes[k]);
        cr_assert_eq(ds->tasks.n, one->tasks.n, "chunk %lld: tasks", (long long)sizes[k]);
        SAME_COL(ds, one, acts.at, one->acts.n);
        SAME_COL(ds, one, acts.user, one->acts.n);
        SAME_COL(ds, one, acts.deal, one->acts.n);
        SAME_COL(ds, one, acts.duration_s, one->acts.n);
        SAME_COL(ds, one, tasks.id, one->tasks.n);
        SAME_COL(ds, one, tasks.done_at, one->tasks.n);
        SAME_COL(ds, one, tasks.deal, one->tasks.n);
        cr_assert_eq(ds->acts.max_id, one->acts.max_id);
        cr_assert_eq(ds->tasks.max_id, one->tasks.max_id);
        check_refs(ds);
        vo_ds_free(ds);
    }
    /* chunks of one row, a seller with an activity and a task committed
     * after the users' pass: none of it in this load, all in the next */
    vo_store_set_load_chunk(1);
    struct vo_dataset *ds = load_with_write(&f, "users", false, 0, NULL);
    vo_store_set_load_chunk(0);
    cr_assert_eq(vo_ds_user_find(ds, f.new_user), -1);
    struct vo_dataset *after = NULL;
    ok(&f, vo_svc_dataset_load(f.st, f.A.org, &after, &f.e), "load");
    more_rows(ds, after, 1);
    vo_ds_free(after);
    vo_ds_free(ds);
    vo_ds_free(one);
    fx_close(&f);
}

/* The scans' "+org_id" is SQLite's planner hint, which pg.c's translate()
 * leaves out: the statement reads the same rows on both backends, and on
 * PostgreSQL the column itself (a unary + on text is an error there, so
 * "+name" reads only when the + is gone). A binary + stays. */
Test(load_snapshot, the_unary_plus_hint_reads_on_both_backends)
{
    struct fx f;
    fx_open(&f);
    vo_stmt *s = vo_st_prep_dyn(f.st,
                                "SELECT count(*), min(id + 0) FROM teams "
                                "WHERE +org_id = ?1 AND +name = ?2 AND id > ?3 +0",
                                &f.e);
    cr_assert_not_null(s, "%s", f.e.msg);
    vo_st_i64(s, 1, f.A.org);
    vo_st_text(s, 2, "Sales");
    vo_st_i64(s, 3, 0);
    cr_assert_eq(vo_step(s), VO_ROW, "%s", vo_st_fail(f.st, "teams", &f.e) ? f.e.msg : "");
    cr_assert_eq(vo_col_i64(s, 0), 1);
    cr_assert_eq(vo_col_i64(s, 1), f.A.team);
    vo_st_finalize(s);
    fx_close(&f);
}

static void count_chunks(void *ctx, const char *point)
{
    if (strcmp(point, "chunk") == 0)
        ++*(int *)ctx;
}

static vo_err count_row(void *ctx, const union vo_store_row *row)
{
    (void)row;
    ++*(int *)ctx;
    return VO_OK;
}

/* The walk in chunks is for an org with more rows than a chunk; on SQLite
 * a smaller org reads through its index in one statement (the walk would
 * read the other orgs' rows too); on PostgreSQL, whose key is (org_id,
 * id), always the walk. A's 6 activities at chunk sizes 2, 5, 6, 7. */
Test(load_snapshot, the_walk_is_for_an_org_with_more_rows_than_a_chunk)
{
    struct fx f;
    fx_open(&f);
    interleave(&f);
    const struct {
        int64_t size;
        int sqlite, pg; /* chunks walked on each backend */
    } cases[] = {{2, 4, 4}, {5, 2, 2}, {6, 0, 2}, {7, 0, 1}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        vo_store_set_load_chunk(cases[i].size);
        int chunks = 0, rows = 0;
        vo_store_set_hook(f.st, count_chunks, &chunks);
        ok(&f, vo_store_load_rows(f.st, f.A.org, VO_ROWS_ACTIVITIES, count_row, &rows, &f.e),
           "activities");
        vo_store_set_hook(f.st, NULL, NULL);
        cr_assert_eq(rows, 6, "chunk %lld: rows", (long long)cases[i].size);
        cr_assert_eq(chunks, vo_test_pg() ? cases[i].pg : cases[i].sqlite, "chunk %lld: chunks",
                     (long long)cases[i].size);
    }
    vo_store_set_load_chunk(0);
    fx_close(&f);
}
