/*
 * test_dataset_stamp.c - the org's data stamp (migration 35; store.h,
 * vo_store_dataset_stamp and vo_store_dataset_claim; docs/internals/
 * store.md, "The dataset's stamp"), on either backend:
 * - an insert, an update and a delete of a row of each table the dataset
 *   is built from (dataset_store.c's loads) raise the org's seq, and not
 *   another org's; a row moved to another org raises both;
 * - a change of the org's zone or currency raises it; a change of its
 *   name, an audit row, a product (what the dataset does not read) do
 *   not;
 * - a claim at the org's seq takes its token, read back by the stamp; a
 *   claim at an old seq changes nothing; an org with no row is at seq 0,
 *   where a claim makes its row and any other claim makes none;
 * - SQLite's bulk mode drops the triggers of its big tables, raises every
 *   org's seq once at its end and puts them back; PostgreSQL's COPY
 *   raises the seq of the orgs it wrote once a flush;
 * - the change log (migration 37): once the org has a claimed snapshot,
 *   every raise logs the row written (table, id, op) at its seq, a row
 *   moved between orgs in both, up to 262,144 raises after the claim;
 *   nothing before a claim; a claim deletes the log up to its seq
 *   (vo_store_dataset_log sums it).
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "store/store_int.h"
#include "testdb.h"
#include "testutil.h"

/* The triggers of migration 35: three on each of the 12 tables, two on
 * orgs; bulk mode drops those of its 6 big tables. */
#define STAMP_TRIGGERS 38
#define BULK_DROPPED   18

static struct vo_fx_org fx;
static int64_t org, other;

static void setup(void)
{
    vo_fx_org_open(&fx);
    org = fx.svc.org.id;
    struct vo_org o = {.name = "Other",
                       .tz = "Europe/Moscow",
                       .currency = "RUB",
                       .settings = "{}",
                       .created_at = 100};
    vo_fx_org_with_manager(fx.st, &o, "Olga", "olga@other.example");
    other = o.id;
    cr_assert_neq(org, other);
}

static void teardown(void)
{
    vo_fx_org_close(&fx);
}

TestSuite(dataset_stamp, .init = setup, .fini = teardown);

static int64_t seq_of(int64_t o)
{
    struct vo_error e = {0};
    int64_t seq = -1, snap = -1;
    cr_assert_eq(vo_store_dataset_stamp(fx.st, o, &seq, &snap, &e), VO_OK, "stamp: %s", e.msg);
    return seq;
}

static void stamp(int64_t o, int64_t *seq, int64_t *snap)
{
    struct vo_error e = {0};
    cr_assert_eq(vo_store_dataset_stamp(fx.st, o, seq, snap, &e), VO_OK, "stamp: %s", e.msg);
}

static bool claim(int64_t o, int64_t seq, int64_t token)
{
    struct vo_error e = {0};
    bool claimed = !token; /* (set either way by the store) */
    cr_assert_eq(vo_store_dataset_claim(fx.st, o, seq, token, &claimed, &e), VO_OK, "claim: %s",
                 e.msg);
    return claimed;
}

/* Runs sql on the store's connection with ?k bound to v[k-1] for each
 * parameter it has; the id an INSERT made. */
static int64_t run(const char *sql, const int64_t *v, int nv)
{
    struct vo_error e = {0};
    vo_stmt *s = vo_st_prep_dyn(fx.st, sql, &e);
    cr_assert(s, "prepare %s: %s", sql, e.msg);
    cr_assert_leq(vo_bind_count(s), nv, "%s", sql);
    for (int i = 0; i < vo_bind_count(s); i++)
        vo_bind_i64(s, i + 1, v[i]);
    int rc;
    while ((rc = vo_step(s)) == VO_ROW)
        ;
    struct vo_error why = {0};
    if (rc != VO_DONE)
        vo_st_fail(fx.st, "run", &why);
    cr_assert_eq(rc, VO_DONE, "%s: %s", sql, why.msg);
    vo_st_finalize(s);
    return vo_last_id(fx.st);
}

/* The integer sql (?1 bound to arg when it has one) reads on the store's
 * connection. */
static int64_t one_i64(const char *sql, int64_t arg)
{
    struct vo_error e = {0};
    vo_stmt *s = vo_st_prep_dyn(fx.st, sql, &e);
    cr_assert(s, "prepare %s: %s", sql, e.msg);
    if (vo_bind_count(s))
        vo_bind_i64(s, 1, arg);
    cr_assert_eq(vo_step(s), VO_ROW, "%s", sql);
    int64_t n = vo_col_i64(s, 0);
    vo_st_finalize(s);
    return n;
}

/* The parameters of the statements below: ?1 the org, ?2 the row's id,
 * then the rows the later tables refer to. */
enum { P_ORG, P_ID, P_USER, P_PIPE, P_STAGE, P_CLIENT, P_DEAL, P_N };

/* One table the dataset reads: a row's insert (the slot its id goes to,
 * P_ID when none refers to it), its update and its delete. */
static const struct table {
    const char *name;
    int slot;
    const char *ins, *upd, *del;
} tables[] = {
#define ROW(T, SLOT, INS, UPD)                                                                     \
    {                                                                                              \
        T, SLOT, INS, "UPDATE " T " SET " UPD " WHERE org_id = ?1 AND id = ?2",                    \
            "DELETE FROM " T " WHERE org_id = ?1 AND id = ?2"                                      \
    }
    ROW("teams", P_ID, "INSERT INTO teams(org_id, name) VALUES (?1, 'Stamp')", "name = 'Stamp 2'"),
    ROW("users", P_USER, "INSERT INTO users(org_id, name, created_at) VALUES (?1, 'Stamp', 100)",
        "name = 'Stamp 2'"),
    ROW("pipelines", P_PIPE, "INSERT INTO pipelines(org_id, name) VALUES (?1, 'Stamp')",
        "name = 'Stamp 2'"),
    ROW("stages", P_STAGE,
        "INSERT INTO stages(org_id, pipeline_id, name, position) VALUES (?1, ?4, 'Stamp', 1)",
        "max_days = 3"),
    ROW("clients", P_CLIENT, "INSERT INTO clients(org_id, name, created_at) VALUES (?1, 'S', 100)",
        "region = 'Тверь'"),
    ROW("deals", P_DEAL,
        "INSERT INTO deals(org_id, pipeline_id, stage_id, owner_id, client_id, created_at) VALUES "
        "(?1, ?4, ?5, ?3, ?6, 100)",
        "amount = 500"),
    ROW("stage_changes", P_ID,
        "INSERT INTO stage_changes(org_id, deal_id, stage_id, at) VALUES (?1, ?7, ?5, 150)",
        "at = 160"),
    ROW("activities", P_ID,
        "INSERT INTO activities(org_id, type, user_id, at) VALUES (?1, 'call', ?3, 100)",
        "duration_s = 60"),
    ROW("tasks", P_ID,
        "INSERT INTO tasks(org_id, assignee_id, title, created_at, due_at) VALUES (?1, ?3, 'T', "
        "100, 200)",
        "done_at = 300"),
    ROW("payments", P_ID,
        "INSERT INTO payments(org_id, amount, paid_at, client_id) VALUES (?1, 100, 100, ?6)",
        "amount = 200"),
    ROW("plans", P_ID,
        "INSERT INTO plans(org_id, period, scope_kind, scope_id, metric, target) VALUES (?1, "
        "'2026-01', 'org', 0, 'revenue', 100)",
        "target = 200"),
    ROW("holidays", P_ID,
        "INSERT INTO holidays(org_id, date, kind) VALUES (?1, '2026-01-07', 'holiday')",
        "name = 'Рождество'"),
#undef ROW
};
#define NTABLES (sizeof tables / sizeof tables[0])

/* Runs sql (v's parameters) and asserts it raised org's seq and left the
 * other org's; the id an INSERT made. */
static int64_t raises(const char *sql, const int64_t *v)
{
    int64_t before = seq_of(org), other_before = seq_of(other);
    int64_t id = run(sql, v, P_N);
    cr_assert_gt(seq_of(org), before, "the stamp did not rise after %s", sql);
    cr_assert_eq(seq_of(other), other_before, "another org's stamp rose after %s", sql);
    return id;
}

Test(dataset_stamp, every_write_to_a_table_the_dataset_reads_raises_the_orgs_stamp)
{
    int64_t v[P_N] = {[P_ORG] = org}, ids[NTABLES];
    for (size_t i = 0; i < NTABLES; i++) {
        ids[i] = raises(tables[i].ins, v);
        v[tables[i].slot] = ids[i];
        v[P_ID] = ids[i];
        raises(tables[i].upd, v);
    }
    /* the rows referring to others go first */
    for (size_t i = NTABLES; i-- > 0;) {
        v[P_ID] = ids[i];
        raises(tables[i].del, v);
    }
    /* every one of the tables the load reads has its triggers (the list
     * above is dataset_store.c's, kept whole) */
    cr_assert_eq(NTABLES, 12);
}

Test(dataset_stamp, a_row_moved_to_another_org_raises_both)
{
    int64_t v[P_N] = {[P_ORG] = org};
    v[P_ID] = run(tables[0].ins, v, P_N);
    int64_t before = seq_of(org), other_before = seq_of(other);
    const int64_t m[] = {org, other, v[P_ID]};
    run("UPDATE teams SET org_id = ?2 WHERE org_id = ?1 AND id = ?3", m, 3);
    cr_assert_gt(seq_of(org), before);
    cr_assert_gt(seq_of(other), other_before);
}

Test(dataset_stamp, the_orgs_zone_and_currency_raise_it_its_name_does_not)
{
    struct vo_error e = {0};
    struct vo_org o;
    cr_assert_eq(vo_store_org_get(fx.st, org, &fx.a, &o, &e), VO_OK, "%s", e.msg);
    int64_t s0 = seq_of(org), other0 = seq_of(other);
    o.name = "Renamed";
    cr_assert_eq(vo_store_org_update(fx.st, &o, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(seq_of(org), s0, "a new name raised the stamp");
    o.tz = "Asia/Yekaterinburg";
    cr_assert_eq(vo_store_org_update(fx.st, &o, &e), VO_OK, "%s", e.msg);
    int64_t s1 = seq_of(org);
    cr_assert_gt(s1, s0, "a new zone did not raise the stamp");
    o.currency = "KZT";
    cr_assert_eq(vo_store_org_update(fx.st, &o, &e), VO_OK, "%s", e.msg);
    cr_assert_gt(seq_of(org), s1, "a new currency did not raise the stamp");
    cr_assert_eq(seq_of(other), other0);
}

Test(dataset_stamp, what_the_dataset_does_not_read_leaves_it)
{
    struct vo_error e = {0};
    int64_t s0 = seq_of(org);
    cr_assert_eq(vo_store_audit(fx.st, org, 0, "deal.update", "deal", 1, NULL, &e), VO_OK, "%s",
                 e.msg);
    const int64_t v[] = {org};
    run("INSERT INTO products(org_id, name) VALUES (?1, 'Труба')", v, 1);
    cr_assert_eq(seq_of(org), s0);
}

Test(dataset_stamp, a_claim_at_the_orgs_seq_takes_its_token_an_old_one_nothing)
{
    int64_t seq = 0, snap = -1;
    stamp(org, &seq, &snap);
    cr_assert_gt(seq, 0, "a new org has its row");
    cr_assert_eq(snap, 0);
    cr_assert(claim(org, seq, 77));
    int64_t s2 = 0, snap2 = 0;
    stamp(org, &s2, &snap2);
    cr_assert_eq(s2, seq);
    cr_assert_eq(snap2, 77);
    /* an old seq: not claimed, nothing changed */
    cr_assert_not(claim(org, seq - 1, 88));
    stamp(org, &s2, &snap2);
    cr_assert_eq(s2, seq);
    cr_assert_eq(snap2, 77);
    /* a write moves seq on: the snapshot of 77 is stale, a claim at its
     * seq fails */
    int64_t v[P_N] = {[P_ORG] = org};
    run(tables[0].ins, v, P_N);
    stamp(org, &s2, &snap2);
    cr_assert_gt(s2, seq);
    cr_assert_not(claim(org, seq, 99));
    stamp(org, &s2, &snap2);
    cr_assert_eq(snap2, 77);
    /* the other org is its own */
    int64_t os = 0, osnap = -1;
    stamp(other, &os, &osnap);
    cr_assert_eq(osnap, 0);
    /* inside a transaction: refused, nothing claimed */
    struct vo_error e = {0};
    cr_assert_eq(vo_store_begin(fx.st, &e), VO_OK, "%s", e.msg);
    bool claimed = true;
    cr_assert_neq(vo_store_dataset_claim(fx.st, org, s2, 5, &claimed, &e), VO_OK);
    cr_assert_not(claimed);
    vo_store_rollback(fx.st);
}

Test(dataset_stamp, an_org_with_no_row_is_at_seq_0_where_a_claim_makes_it)
{
    const int64_t v[] = {org};
    run("DELETE FROM dataset_seq WHERE org_id = ?1", v, 1);
    int64_t seq = -1, snap = -1;
    stamp(org, &seq, &snap);
    cr_assert_eq(seq, 0);
    cr_assert_eq(snap, 0);
    cr_assert_not(claim(org, 3, 5));
    cr_assert_eq(one_i64("SELECT count(*) FROM dataset_seq WHERE org_id = ?1", org), 0,
                 "a claim at a seq the org never had made its row");
    cr_assert(claim(org, 0, 5));
    stamp(org, &seq, &snap);
    cr_assert_eq(seq, 0);
    cr_assert_eq(snap, 5);
    /* the next write leaves seq 0: the snapshot of 5 is stale */
    int64_t w[P_N] = {[P_ORG] = org};
    run(tables[0].ins, w, P_N);
    stamp(org, &seq, &snap);
    cr_assert_eq(seq, 1);
    cr_assert_not(claim(org, 0, 6));
}

static int64_t stamp_triggers(const char *path)
{
    return vo_test_sql_int(
        path, vo_test_dialect("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name "
                              "LIKE 'dataset\\_seq\\_%' ESCAPE '\\'",
                              "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgname "
                              "LIKE 'dataset\\_seq\\_%'"));
}

/* Bulk mode's rows: deals, their stage changes and activities, each
 * statement's parameters ?1..?n in order (PostgreSQL queues it for COPY
 * so). */
static void bulk_rows(int64_t user, int64_t pipe, int64_t st_id)
{
    struct vo_error e = {0};
    cr_assert_eq(vo_store_begin(fx.st, &e), VO_OK, "%s", e.msg);
    for (int i = 0; i < 3; i++) {
        const int64_t d[] = {org, pipe, st_id, user, 100 + i};
        int64_t deal = run("INSERT INTO deals(org_id, pipeline_id, stage_id, owner_id, "
                           "created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                           d, 5);
        const int64_t sc[] = {org, deal, st_id, 150 + i};
        run("INSERT INTO stage_changes(org_id, deal_id, stage_id, at) VALUES (?1, ?2, ?3, ?4)", sc,
            4);
        /* (a literal among the values would send it row by row) */
        vo_stmt *a = vo_st_prep_dyn(fx.st,
                                    "INSERT INTO activities(org_id, type, user_id, at) VALUES (?1, "
                                    "?2, ?3, ?4)",
                                    &e);
        cr_assert(a, "%s", e.msg);
        vo_bind_i64(a, 1, org);
        vo_bind_text(a, 2, "call");
        vo_bind_i64(a, 3, user);
        vo_bind_i64(a, 4, 100 + i);
        cr_assert_eq(vo_step(a), VO_DONE);
        vo_st_finalize(a);
    }
    cr_assert_eq(vo_store_commit(fx.st, &e), VO_OK, "%s", e.msg);
}

Test(dataset_stamp, bulk_mode_raises_it_once_and_leaves_the_triggers_as_they_were)
{
    char *path = vo_test_db(fx.dir, "test.db");
    cr_assert_eq(stamp_triggers(path), STAMP_TRIGGERS);
    int64_t v[P_N] = {[P_ORG] = org};
    v[P_USER] = run(tables[1].ins, v, P_N);
    v[P_PIPE] = run(tables[2].ins, v, P_N);
    v[P_STAGE] = run(tables[3].ins, v, P_N);
    int64_t before = seq_of(org), other_before = seq_of(other);
    struct vo_error e = {0};
    cr_assert_eq(vo_store_bulk_mode(fx.st, true, &e), VO_OK, "%s", e.msg);
    if (!vo_test_pg()) /* (the file's schema, read on the store's connection) */
        cr_assert_eq(one_i64("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name "
                             "LIKE 'dataset\\_seq\\_%' ESCAPE '\\'",
                             0),
                     STAMP_TRIGGERS - BULK_DROPPED);
    bulk_rows(v[P_USER], v[P_PIPE], v[P_STAGE]);
    if (!vo_test_pg()) /* the triggers are gone: bulk mode's end raises it */
        cr_assert_eq(seq_of(org), before, "a trigger of bulk mode's tables ran");
    cr_assert_eq(vo_store_bulk_mode(fx.st, false, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(stamp_triggers(path), STAMP_TRIGGERS);
    /* once: SQLite's end for every org; PostgreSQL's flush for the org it
     * wrote (its 9 rows would have raised it 9 times and more, row by row) */
    cr_assert_eq(seq_of(org), before + 1, "%lld -> %lld", (long long)before,
                 (long long)seq_of(org));
    cr_assert_eq(seq_of(other), other_before + (vo_test_pg() ? 0 : 1));
    /* and the triggers run again */
    raises(tables[7].ins, v);
    g_free(path);
}

/* Migration 36: an update's triggers fire only when what they write would
 * change. The stamp counts the updates the triggers make (each raises it
 * once), and a search row or a stage_since written by hand shows whether
 * its trigger ran. */

/* The title of the search row of the object whose row id is rowid. */
static char *search_title(int64_t rowid)
{
    struct vo_error e = {0};
    const char *sql = vo_test_pg()
                          ? "SELECT title FROM search_fts WHERE org_id = ?1 AND id = ?2"
                          : "SELECT title FROM search_fts WHERE org_id = ?1 AND rowid = ?2";
    vo_stmt *s = vo_st_prep_dyn(fx.st, sql, &e);
    cr_assert(s, "prepare: %s", e.msg);
    vo_bind_i64(s, 1, org);
    vo_bind_i64(s, 2, rowid);
    cr_assert_eq(vo_step(s), VO_ROW, "no search row %lld", (long long)rowid);
    char *t = strdup(vo_col_text(s, 0));
    vo_st_finalize(s);
    return t;
}

static void search_title_is(int64_t rowid, const char *want, const char *why)
{
    char *t = search_title(rowid);
    cr_assert_str_eq(t, want, "%s", why);
    free(t);
}

/* Writes title into the search row of rowid by hand. */
static void poison(int64_t rowid, const char *title)
{
    int64_t v[2] = {org, rowid};
    char sql[160];
    snprintf(sql, sizeof sql, "UPDATE search_fts SET title = '%s' WHERE %s", title,
             vo_test_pg() ? "org_id = ?1 AND id = ?2" : "org_id = ?1 AND rowid = ?2");
    run(sql, v, 2);
}

/* The integer column col of the org's deal id. */
static int64_t deal_col(const char *col, int64_t id)
{
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT %s FROM deals WHERE org_id = ?1 AND id = ?2", col);
    struct vo_error e = {0};
    vo_stmt *s = vo_st_prep_dyn(fx.st, sql, &e);
    cr_assert(s, "prepare %s: %s", sql, e.msg);
    vo_bind_i64(s, 1, org);
    vo_bind_i64(s, 2, id);
    cr_assert_eq(vo_step(s), VO_ROW, "%s", sql);
    int64_t n = vo_col_i64(s, 0);
    vo_st_finalize(s);
    return n;
}

/* How much sql (v's parameters) raised the org's stamp. */
static int64_t bumps(const char *sql, const int64_t *v)
{
    int64_t before = seq_of(org);
    run(sql, v, P_N);
    return seq_of(org) - before;
}

Test(dataset_stamp, an_update_that_changes_nothing_a_trigger_reads_fires_none)
{
    int64_t v[P_N] = {[P_ORG] = org};
    v[P_USER] = run(tables[1].ins, v, P_N);
    v[P_PIPE] = run(tables[2].ins, v, P_N);
    v[P_STAGE] = run(tables[3].ins, v, P_N);
    int64_t stage2 = run("INSERT INTO stages(org_id, pipeline_id, name, position) VALUES (?1, ?4, "
                         "'Stamp 2', 2)",
                         v, P_N);
    v[P_CLIENT] = run(tables[4].ins, v, P_N);
    v[P_DEAL] = run(tables[5].ins, v, P_N);
    int64_t contact =
        run("INSERT INTO contacts(org_id, client_id, name, created_at) VALUES (?1, ?6, 'Контакт', "
            "100)",
            v, P_N);
    int64_t deal_row = v[P_DEAL] * 4 + 1, client_row = v[P_CLIENT] * 4 + 2,
            contact_row = contact * 4 + 3;
    poison(deal_row, "by hand");
    poison(client_row, "by hand");
    poison(contact_row, "by hand");
    run("UPDATE deals SET stage_since = 7 WHERE org_id = ?1 AND id = ?7", v, P_N);

    /* every column the triggers read set to its own value (updated_at to
     * a new one, so that its trigger has nothing to do): the update
     * itself raises the stamp, no trigger writes anything */
    cr_assert_eq(bumps("UPDATE deals SET title = title, owner_id = owner_id, stage_id = stage_id, "
                       "created_at = created_at, updated_at = 5 WHERE org_id = ?1 AND id = ?7",
                       v),
                 1, "a trigger wrote to the deal");
    cr_assert_eq(deal_col("stage_since", v[P_DEAL]), 7);
    search_title_is(deal_row, "by hand", "the deal's search row was written again");
    cr_assert_eq(bumps("UPDATE clients SET name = name, inn = inn, phone_digits = phone_digits, "
                       "email = email, owner_id = owner_id, updated_at = 5 WHERE org_id = ?1 AND "
                       "id = ?6",
                       v),
                 1, "a trigger wrote to the client");
    search_title_is(client_row, "by hand", "the client's search row was written again");
    search_title_is(contact_row, "by hand", "the client's contacts' rows were written again");
    int64_t c[P_N] = {org, contact};
    run("UPDATE contacts SET name = name, phone_digits = phone_digits, emails = emails, client_id "
        "= client_id WHERE org_id = ?1 AND id = ?2",
        c, P_N);
    search_title_is(contact_row, "by hand", "the contact's search row was written again");

    /* a real change: each trigger writes what it did before */
    run("UPDATE deals SET title = 'Поставка' WHERE org_id = ?1 AND id = ?7", v, P_N);
    search_title_is(deal_row, "Поставка", "a new title is not searchable");
    run("UPDATE clients SET name = 'ООО Ромашка' WHERE org_id = ?1 AND id = ?6", v, P_N);
    search_title_is(client_row, "ООО Ромашка", "a new name is not searchable");
    search_title_is(contact_row, "Контакт", "the client's contacts were not written again");
    run("UPDATE contacts SET name = 'Анна' WHERE org_id = ?1 AND id = ?2", c, P_N);
    search_title_is(contact_row, "Анна", "a contact's new name is not searchable");

    /* a move of a deal stamped earlier: the deal's update, stage_since's
     * and one stamp of updated_at on SQLite (its AFTER trigger updates the row; the second
     * one, after stage_since's update, finds it stamped this second);
     * PostgreSQL's BEFORE trigger sets the value in the row itself */
    v[P_STAGE] = stage2;
    run("UPDATE deals SET updated_at = 5 WHERE org_id = ?1 AND id = ?7", v, P_N);
    int64_t n = bumps("UPDATE deals SET stage_id = ?5 WHERE org_id = ?1 AND id = ?7", v);
    cr_assert_eq(n, vo_test_pg() ? 2 : 3, "the triggers of a move updated the deal %lld times",
                 (long long)n);
    cr_assert_eq(deal_col("stage_since", v[P_DEAL]), 100,
                 "the stage_since of a moved deal without history is its creation");
    cr_assert_gt(deal_col("updated_at", v[P_DEAL]), 5, "a move did not stamp the deal");
}

/* ---- the change log (migration 37) ---- */

static int64_t log_rows(int64_t o)
{
    return one_i64("SELECT count(*) FROM dataset_log WHERE org_id = ?1", o);
}

/* How many of o's log rows after seq `after` are (table, id, op). */
static int64_t logged(int64_t o, int64_t after, const char *table, int64_t id, int op)
{
    char *q = g_strdup_printf("SELECT count(*) FROM dataset_log WHERE org_id = ?1 AND seq > "
                              "%lld AND tbl = '%s' AND row_id = %lld AND op = %d",
                              (long long)after, table, (long long)id, op);
    int64_t n = one_i64(q, o);
    g_free(q);
    return n;
}

/* Runs sql and asserts it logged (table, id, op) among the raises it made,
 * every one of them logged; the id an INSERT made. */
static int64_t logs(const char *sql, const int64_t *v, const char *table, int op)
{
    int64_t before = seq_of(org);
    int64_t id = run(sql, v, P_N);
    int64_t row = op == 1 ? id : v[P_ID];
    cr_assert_eq(logged(org, before, table, row, op), 1, "%s did not log (%s, %lld, %d)", sql,
                 table, (long long)row, op);
    struct vo_store_log_sum sum;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_dataset_log(fx.st, org, before, &sum, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(sum.rows, seq_of(org) - before, "a raise of %s not logged", sql);
    return id;
}

/* A team named ?2: a new row each time. */
static const char SQL_TEAM[] = "INSERT INTO teams(org_id, name) VALUES (?1, 'Team ' || ?2)";

Test(dataset_stamp, a_claimed_snapshot_logs_every_write_and_the_next_claim_drops_them)
{
    int64_t v[P_N] = {[P_ORG] = org};
    run(SQL_TEAM, (int64_t[]){org, 1}, 2);
    cr_assert_eq(log_rows(org), 0, "logged with no snapshot claimed");
    int64_t seq = 0, snap = 0;
    stamp(org, &seq, &snap);
    cr_assert(claim(org, seq, 41));
    int64_t ids[NTABLES];
    for (size_t i = 0; i < NTABLES; i++) {
        ids[i] = logs(tables[i].ins, v, tables[i].name, 1);
        v[tables[i].slot] = ids[i];
        v[P_ID] = ids[i];
        logs(tables[i].upd, v, tables[i].name, 2);
    }
    for (size_t i = NTABLES; i-- > 0;) {
        v[P_ID] = ids[i];
        logs(tables[i].del, v, tables[i].name, 3);
    }
    int64_t now = seq_of(org);
    cr_assert_eq(log_rows(org), now - seq, "every raise after the claim is logged");
    cr_assert_eq(log_rows(other), 0, "the other org has no snapshot: nothing logged");
    /* what a replay cannot take: the first such change, a delete here
     * (teams' insert and update come first but are not replayable) */
    struct vo_store_log_sum sum;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_dataset_log(fx.st, org, seq, &sum, &e), VO_OK, "%s", e.msg);
    cr_assert_str_eq(sum.table, "teams");
    cr_assert_eq(sum.op, 1);
    /* a zone change is the org's row */
    struct vo_org o;
    cr_assert_eq(vo_store_org_get(fx.st, org, &fx.a, &o, &e), VO_OK, "%s", e.msg);
    o.tz = "Asia/Yekaterinburg";
    cr_assert_eq(vo_store_org_update(fx.st, &o, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(logged(org, now, "orgs", org, 2), 1);
    /* the next claim drops the log up to its seq */
    now = seq_of(org);
    cr_assert(claim(org, now, 42));
    cr_assert_eq(log_rows(org), 0);
    v[P_ID] = logs(tables[1].ins, v, "users", 1);
    cr_assert_eq(vo_store_dataset_log(fx.st, org, now, &sum, &e), VO_OK, "%s", e.msg);
    cr_assert_str_eq(sum.table, "", "a new user is replayable");
    cr_assert_eq(sum.rows, seq_of(org) - now);
}

Test(dataset_stamp, a_row_moved_between_orgs_is_logged_in_both)
{
    int64_t v[P_N] = {[P_ORG] = org};
    v[P_ID] = run(tables[0].ins, v, P_N);
    int64_t s1 = 0, s2 = 0, snap = 0;
    stamp(org, &s1, &snap);
    stamp(other, &s2, &snap);
    cr_assert(claim(org, s1, 7));
    cr_assert(claim(other, s2, 8));
    const int64_t m[] = {org, other, v[P_ID]};
    run("UPDATE teams SET org_id = ?2 WHERE org_id = ?1 AND id = ?3", m, 3);
    cr_assert_eq(logged(org, s1, "teams", v[P_ID], 4), 1);
    cr_assert_eq(logged(other, s2, "teams", v[P_ID], 4), 1);
}

/* Past 262,144 raises after its claim the log stops: a replay would cost
 * about what a load does; the next claim starts it again. */
Test(dataset_stamp, the_log_stops_at_its_bound)
{
    int64_t seq = 0, snap = 0;
    stamp(org, &seq, &snap);
    cr_assert(claim(org, seq, 9));
    /* as if 262,143 raises had been logged since the claim */
    run("UPDATE dataset_seq SET snap_seq = seq - 262143 WHERE org_id = ?1", (int64_t[]){org}, 1);
    int64_t a = run(SQL_TEAM, (int64_t[]){org, 1}, 2); /* the 262,144th: logged */
    cr_assert_eq(logged(org, seq, "teams", a, 1), 1);
    int64_t b = run(SQL_TEAM, (int64_t[]){org, 2}, 2); /* past the bound */
    cr_assert_eq(logged(org, seq, "teams", b, 1), 0);
    cr_assert_eq(log_rows(org), 1);
    int64_t now = seq_of(org);
    cr_assert(claim(org, now, 10));
    int64_t c = run(SQL_TEAM, (int64_t[]){org, 3}, 2);
    cr_assert_eq(logged(org, now, "teams", c, 1), 1, "a new claim starts the log again");
}
