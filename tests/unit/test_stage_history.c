/*
 * test_stage_history.c - every acknowledged move is in a deal's stage
 * history (issue 8, item 18). The old key (deal, stage, at) of
 * stage_changes collapsed moves into one stage within the same second:
 * 3 -> 2 -> 3 -> 2 -> 3 in one second kept two rows, in an order that
 * left the deal's last recorded stage 2 while it was in 3.
 * - five moves through the service within one second: five rows, in the
 *   order they were made, the same in a fresh load and in a live dataset
 *   that took the changes in place (in either arrival order), and the
 *   funnel's time in stage follows that order;
 * - an import with two moves into one stage at the same time keeps both,
 *   and importing the same files again writes nothing;
 * - a database of schema 3 keeps its stage history through the migration.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>
#include <time.h>

#include "analytics/dataset.h"
#include "analytics/funnel.h"
#include "service/crm.h"
#include "service/import.h"
#include "fixture.h"
#include "store/store_int.h"
#include "testdb.h"
#include "testutil.h"
#include "service/dataset_load.h"

#define DAY 86400

struct fx {
    char *dir;
    struct vo_store *st;
    struct vo_svc svc;
    struct vo_arena a;
    struct vo_error e;
    int64_t stage[4];
};

static void ok(struct fx *f, vo_err rc, const char *what)
{
    cr_assert_eq(rc, VO_OK, "%s: %s", what, f->e.msg);
}

/* An org with one pipeline of four stages S1..S4. */
static void fx_open(struct fx *f)
{
    memset(f, 0, sizeof *f);
    vo_fx_open(&f->dir, &f->st, &f->svc, &f->a);
    static const char *const names[] = {"S1", "S2", "S3", "S4"};
    ok(f, vo_store_begin(f->st, &f->e), "begin");
    vo_fx_stages(vo_fx_pipeline("Sales"), names, 4, f->stage);
    ok(f, vo_store_commit(f->st, &f->e), "commit");
}

static void fx_close(struct fx *f)
{
    vo_fx_close(&f->dir, &f->st, &f->svc, &f->a);
}

/* The changes the service tells, kept for the test to apply. */
struct told {
    struct vo_deal deal[8];
    struct vo_stage_change sc[8];
    size_t ndeal, nsc;
};

static void keep_change(void *ctx, int64_t org, const struct vo_change *c)
{
    (void)org;
    struct told *t = ctx;
    if (c->kind == VO_CHANGE_DEAL && t->ndeal < 8) {
        t->deal[t->ndeal] = *c->deal;
        t->deal[t->ndeal].title = t->deal[t->ndeal].ext_id = t->deal[t->ndeal].custom = NULL;
        t->deal[t->ndeal].channel = t->deal[t->ndeal].source = NULL;
        t->deal[t->ndeal++].loss_reason = NULL;
    } else if (c->kind == VO_CHANGE_STAGE_CHANGE && t->nsc < 8) {
        t->sc[t->nsc++] = *c->stage_change;
    }
}

/* Deal d's stage changes in a dataset, as (stage id, at, store id). */
static size_t history_of(const struct vo_dataset *ds, int64_t deal, int64_t *stage, int64_t *at,
                         int64_t *id)
{
    int32_t d = vo_ds_deal_find(ds, deal);
    cr_assert_geq(d, 0);
    size_t n = 0;
    for (int32_t k = ds->deals.sc_first[d]; k < ds->deals.sc_first[d + 1]; k++, n++) {
        stage[n] = ds->stages.id[ds->sc.stage[k]];
        at[n] = ds->sc.at[k];
        id[n] = ds->sc.id[k];
    }
    return n;
}

static void same_history(const struct vo_dataset *x, const struct vo_dataset *y, int64_t deal)
{
    int64_t s1[16], a1[16], i1[16], s2[16], a2[16], i2[16];
    size_t n1 = history_of(x, deal, s1, a1, i1), n2 = history_of(y, deal, s2, a2, i2);
    cr_assert_eq(n1, n2, "%zu vs %zu stage changes", n1, n2);
    for (size_t k = 0; k < n1; k++)
        cr_assert(s1[k] == s2[k] && a1[k] == a2[k] && i1[k] == i2[k], "stage change %zu differs",
                  k);
}

/* The funnel of the one pipeline over [from, as_of): each stage's mean
 * time in days. */
static void stage_days(struct fx *f, const struct vo_dataset *ds, int64_t from, int64_t as_of,
                       double *days, int64_t *reached)
{
    struct vo_funnel_query q = vo_funnel_query_default(0, from, as_of, as_of);
    struct vo_funnel *fu = NULL;
    ok(f, vo_funnel_compute(ds, &q, &f->a, &fu, &f->e), "funnel");
    cr_assert_eq(fu->ngroups, 1);
    cr_assert_eq(fu->nstages, 4);
    for (size_t s = 0; s < 4; s++) {
        days[s] = fu->groups[0].stages[s].time_mean_days;
        reached[s] = fu->groups[0].stages[s].reached;
    }
}

/* A deal "Поставка" of 5,000.00 in S2, owned by the admin (*owner). */
static int64_t fx_deal(struct fx *f, int64_t *owner)
{
    struct vo_user admin;
    ok(f, vo_store_user_find_email(f->st, f->svc.org.id, "admin@example.com", &f->a, &admin, &f->e),
       "admin");
    struct vo_crm_input in = {.set = VO_F_TITLE | VO_F_STAGE | VO_F_AMOUNT | VO_F_OWNER,
                              .title = "Поставка",
                              .pipeline = "Sales",
                              .stage = "S2",
                              .amount = 500000,
                              .owner_id = admin.id};
    int64_t deal = 0;
    ok(f, vo_svc_deal_create(&f->svc, &in, &deal, &f->e), "create");
    *owner = admin.id;
    return deal;
}

Test(stage_history, five_moves_in_one_second_are_five_rows_in_order)
{
    struct fx f;
    fx_open(&f);
    int64_t owner = 0, deal = fx_deal(&f, &owner);
    struct vo_dataset *live = vo_fx_load(), *reversed = vo_fx_load();
    struct told told = {0};
    f.svc.on_change = keep_change;
    f.svc.on_change_ctx = &told;

    /* at the start of a second, so that the five land in one */
    time_t t0 = time(NULL);
    while (time(NULL) == t0)
        g_usleep(1000);
    const char *path[] = {"S3", "S2", "S3", "S2", "S3"};
    for (int i = 0; i < 5; i++)
        ok(&f, vo_svc_deal_move(&f.svc, deal, path[i], NULL, &f.e), path[i]);

    struct vo_stage_change_row *h = NULL;
    size_t n = 0;
    ok(&f, vo_svc_deal_history(&f.svc, deal, &h, &n, &f.e), "history");
    cr_assert_eq(n, 5, "%zu stage changes for five acknowledged moves", n);
    for (size_t i = 0; i < 5; i++) {
        cr_assert_str_eq(h[i].stage_name, path[i], "move %zu", i);
        cr_assert(i == 0 || h[i].c.id > h[i - 1].c.id);
        cr_assert(i == 0 || h[i].c.at >= h[i - 1].c.at);
    }
    int64_t t = h[0].c.at;
    if (h[4].c.at != t)
        cr_log_warn("the five moves took more than a second (%lld..%lld)", (long long)t,
                    (long long)h[4].c.at);

    /* the live dataset takes the told changes in place: in order, and in
     * reverse order (the moves' ids, not the arrival, give the order) */
    cr_assert_eq(told.nsc, 5);
    for (size_t i = 0; i < told.nsc; i++) {
        ok(&f, vo_ds_apply_deal(live, &told.deal[i], &f.e), "apply deal");
        ok(&f, vo_ds_apply_stage_change(live, &told.sc[i], &f.e), "apply move");
    }
    ok(&f, vo_ds_apply_deal(reversed, &told.deal[told.ndeal - 1], &f.e), "apply deal");
    for (size_t i = told.nsc; i-- > 0;)
        ok(&f, vo_ds_apply_stage_change(reversed, &told.sc[i], &f.e), "apply move");
    ok(&f, vo_ds_apply_stage_change(reversed, &told.sc[2], &f.e), "the same move again");
    struct vo_dataset *fresh = vo_fx_load();
    same_history(fresh, live, deal);
    same_history(fresh, reversed, deal);
    int64_t st[16], at[16], id[16];
    cr_assert_eq(history_of(fresh, deal, st, at, id), 5);
    for (size_t i = 0; i < 5; i++)
        cr_assert_eq(st[i], f.stage[path[i][1] - '1'], "row %zu", i);
    /* the last recorded move is the stage the deal is in */
    int32_t d = vo_ds_deal_find(fresh, deal);
    cr_assert_eq(fresh->stages.id[fresh->deals.stage[d]], f.stage[2]);
    cr_assert_eq(st[4], f.stage[2]);

    /* won 3 days after the moves: the 3 days are in S3 (the last move),
     * none in S2; every stage was reached */
    struct vo_deal_row row;
    ok(&f, vo_store_deal_get(f.st, f.svc.org.id, deal, &f.a, &row, &f.e), "get");
    row.d.status = VO_DEAL_WON;
    row.d.closed_at = h[4].c.at + 3 * DAY;
    ok(&f, vo_store_begin(f.st, &f.e), "begin");
    ok(&f, vo_store_deal_update(f.st, &row.d, &f.e), "win");
    ok(&f, vo_store_commit(f.st, &f.e), "commit");
    vo_ds_free(fresh);
    fresh = vo_fx_load();
    double days[4];
    int64_t reached[4];
    stage_days(&f, fresh, t - DAY, h[4].c.at + 4 * DAY, days, reached);
    for (size_t s = 0; s < 4; s++)
        cr_assert_eq(reached[s], 1, "stage %zu", s);
    cr_assert(fabs(days[2] - 3.0) < 1e-9, "days in S3: %g", days[2]);
    cr_assert(fabs(days[1]) < 1e-9, "days in S2: %g", days[1]);

    vo_ds_free(fresh);
    vo_ds_free(live);
    vo_ds_free(reversed);
    fx_close(&f);
}

/* How many stage changes the deal's history holds. */
static size_t sc_count_of(struct fx *f, int64_t deal)
{
    struct vo_stage_change_row *h = NULL;
    size_t n = 0;
    ok(f, vo_svc_deal_history(&f->svc, deal, &h, &n, &f->e), "history");
    return n;
}

/* A move sets the deal's stage and revision, no other column: the deal's
 * whole update set every column, so SQLite rewrote the entries of every
 * index on them (owner, client, pipeline ...) for nothing. A temporary
 * trigger on the other columns tells whether a statement set them (AFTER
 * UPDATE OF fires for a column in the SET list, changed or not). */
Test(stage_history, a_move_sets_the_stage_and_the_revision_only)
{
    struct fx f;
    fx_open(&f);
    int64_t owner = 0, deal = fx_deal(&f, &owner), org = f.svc.org.id;
#define WATCHED                                                                                    \
    "AFTER UPDATE OF title, client_id, product_id, pipeline_id, owner_id, status, amount, "        \
    "closed_at, loss_reason, channel, source, custom "
#define WATCH_ROW "INSERT INTO watch(org_id, deal_id) VALUES (NEW.org_id, NEW.id);"
    const char *watch =
        vo_test_pg()
            ? "CREATE TEMP TABLE watch(org_id bigint, deal_id bigint); "
              "CREATE FUNCTION pg_temp.watch_deal() RETURNS trigger LANGUAGE plpgsql AS "
              "$$ BEGIN " WATCH_ROW " RETURN NULL; END $$; "
              "CREATE TRIGGER watch_deal " WATCHED "ON deals FOR EACH ROW EXECUTE FUNCTION "
              "pg_temp.watch_deal()"
            : "CREATE TEMP TABLE watch(org_id INTEGER, deal_id INTEGER); "
              "CREATE TEMP TRIGGER watch_deal " WATCHED "ON main.deals BEGIN " WATCH_ROW " END";
    ok(&f, vo_st_exec_sql(f.st, watch, "watch", &f.e), "the watch");
    static const char count[] = "SELECT count(*) FROM watch WHERE org_id = ?1";
    struct vo_deal_row before, after;
    ok(&f, vo_store_deal_get(f.st, org, deal, &f.a, &before, &f.e), "get");
    size_t moves = sc_count_of(&f, deal);

    ok(&f, vo_svc_deal_move(&f.svc, deal, "S3", NULL, &f.e), "move");
    cr_assert_eq(vo_fx_sql(f.st, count, org), 0, "a move set a column other than the deal's stage");
    ok(&f, vo_store_deal_get(f.st, org, deal, &f.a, &after, &f.e), "get");
    cr_assert_eq(after.d.stage_id, f.stage[2]);
    cr_assert_eq(after.d.rev, before.d.rev + 1, "the move did not raise the revision");
    cr_assert_str_eq(after.d.title, "Поставка");
    cr_assert_eq(after.d.amount, 500000);
    cr_assert_eq(after.d.owner_id, owner);
    cr_assert_eq(after.d.pipeline_id, before.d.pipeline_id);
    cr_assert_eq(after.d.status, VO_DEAL_OPEN);
    cr_assert_eq(sc_count_of(&f, deal), moves + 1, "the move's stage change");

    /* the version check holds as for the whole update: a move against the
     * old revision is refused and writes nothing */
    int64_t old = before.d.rev;
    cr_assert_eq(vo_svc_deal_move(&f.svc, deal, "S4", &old, &f.e), VO_ESTALE);
    cr_assert_str_eq(f.e.field, "version");
    ok(&f, vo_store_deal_get(f.st, org, deal, &f.a, &after, &f.e), "get");
    cr_assert_eq(after.d.stage_id, f.stage[2], "a stale move moved the deal");
    cr_assert_eq(sc_count_of(&f, deal), moves + 1, "a stale move wrote a stage change");
    cr_assert_eq(vo_svc_deal_move(&f.svc, deal, "S4", &after.d.rev, &f.e), VO_OK);

    /* the trigger sees what the whole update sets */
    ok(&f, vo_store_deal_get(f.st, org, deal, &f.a, &after, &f.e), "get");
    ok(&f, vo_store_begin(f.st, &f.e), "begin");
    ok(&f, vo_store_deal_update(f.st, &after.d, &f.e), "update");
    ok(&f, vo_store_commit(f.st, &f.e), "commit");
    cr_assert_eq(vo_fx_sql(f.st, count, org), 1, "the watch saw no whole update");
    if (vo_test_pg())
        ok(&f, vo_st_exec_sql(f.st, "DROP TRIGGER watch_deal ON deals", "watch", &f.e), "drop");
    fx_close(&f);
}

static int64_t sc_count(struct fx *f)
{
    int64_t n = -1;
    ok(f, vo_store_count(f->st, f->svc.org.id, "stage_changes", &n, &f->e), "count");
    return n;
}

Test(stage_history, an_import_keeps_moves_within_one_second_and_a_reimport_adds_none)
{
    struct fx f;
    fx_open(&f);
    char *imp = g_build_filename(f.dir, "import", NULL);
    g_mkdir(imp, 0700);
    vo_test_write(imp, "deals.csv",
                  "id,owner,pipeline,created_at,stage\n"
                  "D1,admin@example.com,Sales,2026-03-02 09:00,S3\n");
    /* 2 -> 3 -> 2 -> 3 within 10:00:00, then 4 and back to 3 */
#define IN_ONE_SECOND                                                                              \
    "deal,stage,at\n"                                                                              \
    "D1,S2,2026-03-02 10:00:00\n"                                                                  \
    "D1,S3,2026-03-02 10:00:00\n"                                                                  \
    "D1,S2,2026-03-02 10:00:00\n"                                                                  \
    "D1,S3,2026-03-02 10:00:00\n"
#define THEN_4_AND_3 "D1,S4,2026-03-03 10:00:00\nD1,S3,2026-03-04 10:00:00\n"
    vo_test_write(imp, "stage_changes.csv", IN_ONE_SECOND THEN_4_AND_3);
    struct vo_import_opts o = {0};
    struct vo_import_report rep;
    ok(&f, vo_svc_import(&f.svc, imp, &o, &rep, &f.e), "import");
    cr_assert_eq(sc_count(&f), 6);
    const struct vo_import_count *c = vo_import_report_file(&rep, "stage_changes.csv");
    cr_assert_eq(c->created, 6);
    /* again: every row found, nothing written */
    ok(&f, vo_svc_import(&f.svc, imp, &o, &rep, &f.e), "import again");
    cr_assert_eq(sc_count(&f), 6);
    c = vo_import_report_file(&rep, "stage_changes.csv");
    cr_assert_eq(c->created, 0);
    cr_assert_eq(c->unchanged, 6);
    /* the history in the file's order */
    int64_t deal = 0;
    ok(&f, vo_store_ext_find(f.st, VO_EXT_DEAL, f.svc.org.id, "D1", &deal, &f.e), "find");
    struct vo_stage_change_row *h = NULL;
    size_t n = 0;
    ok(&f, vo_svc_deal_history(&f.svc, deal, &h, &n, &f.e), "history");
    const char *want[] = {"S2", "S3", "S2", "S3", "S4", "S3"};
    cr_assert_eq(n, 6);
    for (size_t i = 0; i < n; i++)
        cr_assert_str_eq(h[i].stage_name, want[i], "row %zu", i);
    /* a file with one more move in that second adds just that one */
    vo_test_write(imp, "stage_changes.csv",
                  IN_ONE_SECOND "D1,S2,2026-03-02 10:00:00\n" THEN_4_AND_3);
#undef IN_ONE_SECOND
#undef THEN_4_AND_3
    ok(&f, vo_svc_import(&f.svc, imp, &o, &rep, &f.e), "import with one more");
    cr_assert_eq(sc_count(&f), 7);
    cr_assert_eq(vo_import_report_file(&rep, "stage_changes.csv")->created, 1);
    g_free(imp);
    fx_close(&f);
}

static int64_t sql_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    sqlite3_stmt *s = NULL;
    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK, "%s: %s", sql,
                 sqlite3_errmsg(db));
    int rc = sqlite3_step(s);
    cr_assert(rc == SQLITE_ROW || rc == SQLITE_DONE, "%s: %s", sql, sqlite3_errmsg(db));
    int64_t v = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v;
}

Test(stage_history, a_schema_3_history_survives_the_migration)
{
    if (vo_test_pg())
        cr_skip_test("SQLite's migration 4 (PostgreSQL starts at its baseline)");
    char *dir = vo_test_tmpdir();
    char *p = g_build_filename(dir, "old.db", NULL);
    struct vo_store *st = NULL;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_open(p, VO_STORE_CREATE | VO_STORE_NO_MIGRATE, &st, &e), VO_OK);
    cr_assert_eq(vo_store_migrate_to(st, 3, NULL, NULL, &e), VO_OK, "%s", e.msg);
    vo_store_close(st);
    /* rows as a schema-3 binary wrote them */
    const char *rows[] = {
        "INSERT INTO orgs(id, name, created_at) VALUES(1, 'Old', 1)",
        "INSERT INTO users(id, org_id, name, created_at) VALUES(1, 1, 'Анна', 1)",
        "INSERT INTO pipelines(id, org_id, name) VALUES(1, 1, 'P')",
        "INSERT INTO stages(id, org_id, pipeline_id, name, position) VALUES(1, 1, 1, 'A', 1)",
        "INSERT INTO stages(id, org_id, pipeline_id, name, position) VALUES(2, 1, 1, 'B', 2)",
        "INSERT INTO deals(id, org_id, pipeline_id, owner_id, created_at) VALUES(1, 1, 1, 1, 5)",
        "INSERT INTO stage_changes(id, org_id, deal_id, stage_id, at) VALUES(7, 1, 1, 1, 10)",
        "INSERT INTO stage_changes(id, org_id, deal_id, stage_id, at) VALUES(9, 1, 1, 2, 10)",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(rows); i++)
        sql_int(p, rows[i]);
    cr_assert_eq(vo_store_open(p, 0, &st, &e), VO_OK, "%s", e.msg);
    cr_assert_geq(vo_store_schema_version(st), 4);
    /* a second move into A at the same second is a row of its own now */
    struct vo_stage_change c = {.org_id = 1, .deal_id = 1, .stage_id = 1, .at = 10};
    cr_assert_eq(vo_store_stage_change_insert(st, &c, &e), VO_OK, "%s", e.msg);
    cr_assert_gt(c.id, 9);
    vo_store_close(st);
    cr_assert_eq(sql_int(p, "SELECT count(*) FROM stage_changes"), 3);
    cr_assert_eq(sql_int(p, "SELECT group_concat(id || ':' || stage_id, ' ') = '7:1 9:2 10:1' "
                            "FROM (SELECT id, stage_id FROM stage_changes ORDER BY at, id)"),
                 1);
    cr_assert_eq(sql_int(p, "SELECT count(*) FROM sqlite_schema WHERE name = 'stage_changes_deal'"),
                 1);
    g_free(p);
    vo_test_rmtree(dir);
    g_free(dir);
}
