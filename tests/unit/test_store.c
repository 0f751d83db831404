/*
 * test_store.c - the SQLite store: migrations (fresh, old, too new), its
 * pragmas, the upsert protocol, ownership by org, backup and restore, a
 * full disk.
 * The database is read back with plain SQL here: tests may, src/ may not.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "http/http.h"
#include "store/store.h"
#include "store/store_int.h"
#include "fixture.h"
#include "testutil.h"

static char *dir;

static void setup(void)
{
    dir = vo_test_tmpdir();
}

static void teardown(void)
{
    vo_test_rmtree(dir);
    g_free(dir);
}

TestSuite(store, .init = setup, .fini = teardown);

/* The database name of the test (vo_test_db: a file of dir or, on
 * PostgreSQL, a database's URL). */
static char *db_path(const char *name)
{
    return vo_test_db(dir, name);
}

/* A path in dir, on either backend: the tests of files. */
static char *file_path(const char *name)
{
    return g_build_filename(dir, name, NULL);
}

static int64_t sql_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *s = NULL;
    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
    cr_assert_eq(sqlite3_step(s), SQLITE_ROW, "%s", sql);
    int64_t v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v;
}

static void sql_exec(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
    sqlite3_close(db);
}

Test(store, fresh_database_is_at_the_latest_version_with_wal)
{
    char *p = db_path("a.db");
    struct vo_store *st = NULL;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_open(p, VO_STORE_CREATE, &st, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_store_schema_version(st), vo_store_schema_latest());
    cr_assert(vo_store_schema_latest() >= 2);
    vo_store_close(st);
    if (vo_test_pg()) {
        /* the version row; every table carries org_id */
        cr_assert_eq(vo_test_sql_int(p, "SELECT version FROM schema_version"),
                     vo_store_schema_latest());
        for (size_t i = 0; i < vo_store_table_count; i++) {
            char *q = g_strdup_printf("SELECT count(*) FROM information_schema.columns WHERE "
                                      "table_name = '%s' AND column_name = 'org_id'",
                                      vo_store_tables[i]);
            cr_assert_eq(vo_test_sql_int(p, q), 1, "%s has no org_id", vo_store_tables[i]);
            g_free(q);
        }
        g_free(p);
        return;
    }
    cr_assert_eq(sql_int(p, "PRAGMA user_version"), vo_store_schema_latest());
    sqlite3 *db = NULL;
    sqlite3_open(p, &db);
    sqlite3_stmt *s = NULL;
    sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s, NULL);
    cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
    cr_assert_str_eq((const char *)sqlite3_column_text(s, 0), "wal");
    sqlite3_finalize(s);
    sqlite3_close(db);
    /* every table carries org_id */
    for (size_t i = 0; i < vo_store_table_count; i++) {
        char *q = g_strdup_printf("SELECT count(*) FROM pragma_table_info('%s') "
                                  "WHERE name = 'org_id'",
                                  vo_store_tables[i]);
        cr_assert_eq(sql_int(p, q), 1, "%s has no org_id", vo_store_tables[i]);
        g_free(q);
    }
    g_free(p);
}

Test(store, missing_database_is_not_created_without_the_flag)
{
    if (vo_test_pg())
        cr_skip_test("a file that is not there (a PostgreSQL database is made by its server)");
    char *p = file_path("none.db");
    struct vo_store *st = NULL;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_open(p, 0, &st, &e), VO_ENOTFOUND);
    char *want = g_strdup_printf("no database at %s (create one with `voronka init`)", p);
    cr_assert_str_eq(e.msg, want);
    g_free(want);
    cr_assert(!g_file_test(p, G_FILE_TEST_EXISTS));
    g_free(p);
}

Test(store, an_old_database_is_migrated_and_keeps_its_rows)
{
    if (vo_test_pg())
        cr_skip_test("SQLite's migrations from 1 (PostgreSQL starts at its baseline)");
    char *p = file_path("old.db");
    struct vo_store *st = NULL;
    struct vo_error e = {0};
    struct vo_arena a;
    vo_arena_init(&a, 0);
    /* Build a version-1 database with an org, a user, a pipeline and a deal. */
    cr_assert_eq(vo_store_open(p, VO_STORE_CREATE | VO_STORE_NO_MIGRATE, &st, &e), VO_OK);
    int from = -1, to = -1;
    cr_assert_eq(vo_store_migrate_to(st, 1, &from, &to, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(from, 0);
    cr_assert_eq(to, 1);
    struct vo_org org = {.name = "Old", .tz = "Europe/Moscow", .currency = "RUB", .created_at = 1};
    int64_t anna = vo_fx_org_with_manager(st, &org, "Анна", "anna@example.com");
    int64_t pipe = 0;
    cr_assert_eq(vo_store_pipeline_ensure(st, org.id, "Продажи", &pipe, NULL, &e), VO_OK);
    vo_store_close(st);
    /* a deal as a version-1 binary wrote it (today's statements name
     * columns a later version added) */
    char *sql = g_strdup_printf("INSERT INTO deals(org_id, ext_id, pipeline_id, owner_id, status, "
                                "amount, created_at) VALUES(%lld, 'D1', %lld, %lld, 'open', "
                                "100000, 1000)",
                                (long long)org.id, (long long)pipe, (long long)anna);
    sql_exec(p, sql);
    g_free(sql);
    cr_assert_eq(sql_int(p, "PRAGMA user_version"), 1);
    cr_assert_eq(sql_int(p, "SELECT count(*) FROM sqlite_schema WHERE name='activities_user'"), 0);

    /* Opening it with the current binary migrates it. */
    cr_assert_eq(vo_store_open(p, 0, &st, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_store_schema_version(st), vo_store_schema_latest());
    vo_store_close(st);
    cr_assert_eq(sql_int(p, "SELECT count(*) FROM sqlite_schema WHERE name='activities_user'"), 1);
    cr_assert_eq(sql_int(p, "SELECT amount FROM deals WHERE ext_id = 'D1'"), 100000);
    cr_assert_eq(sql_int(p, "SELECT count(*) FROM users"), 1);
    vo_arena_cleanup(&a);
    g_free(p);
}

Test(store, a_newer_database_is_refused)
{
    char *p = db_path("new.db");
    struct vo_store *st = NULL;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_open(p, VO_STORE_CREATE, &st, &e), VO_OK);
    vo_store_close(st);
    char *sql = g_strdup_printf(
        vo_test_dialect("PRAGMA user_version = %d", "UPDATE schema_version SET version = %d"),
        vo_store_schema_latest() + 1);
    vo_test_sql(p, sql);
    g_free(sql);
    cr_assert_eq(vo_store_open(p, 0, &st, &e), VO_EVERSION);
    char *want = g_strdup_printf("%s has schema version %d, newer than this voronka knows (%d): "
                                 "upgrade voronka to open it",
                                 p, vo_store_schema_latest() + 1, vo_store_schema_latest());
    cr_assert_str_eq(e.msg, want);
    cr_assert_str_eq(e.field, "db");
    g_free(want);
    cr_assert_eq(vo_err_exit_code(VO_EVERSION), 3);
    /* and nothing was changed */
    cr_assert_eq(vo_test_sql_int(p, vo_test_dialect("PRAGMA user_version",
                                                    "SELECT version FROM schema_version")),
                 vo_store_schema_latest() + 1);
    g_free(p);
}

Test(store, a_file_that_is_not_a_database_is_refused)
{
    if (vo_test_pg())
        cr_skip_test("a file that is not SQLite's");
    vo_test_write(dir, "junk.db", "this is not a database at all, just text, long enough....");
    char *p = file_path("junk.db");
    struct vo_store *st = NULL;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_open(p, 0, &st, &e), VO_ESTORE);
    char *want =
        g_strdup_printf("%s is not a voronka database (SQLite: file is not a database)", p);
    cr_assert_str_eq(e.msg, want);
    cr_assert_str_eq(e.field, "db");
    g_free(want);
    g_free(p);
}

Test(store, upsert_says_created_updated_unchanged)
{
    struct vo_fx_org o;
    vo_fx_org_open(&o);
    struct vo_error e = {0};
    struct vo_client c = {.org_id = o.svc.org.id,
                          .ext_id = "C1",
                          .name = "ООО Ромашка",
                          .channel = "corporate",
                          .created_at = VO_NULL,
                          .custom = "{}"};
    enum vo_upsert res;
    cr_assert_eq(vo_store_client_upsert(o.st, &c, &res, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(res, VO_UPSERT_CREATED);
    int64_t id = c.id;
    cr_assert_eq(vo_store_client_upsert(o.st, &c, &res, &e), VO_OK);
    cr_assert_eq(res, VO_UPSERT_UNCHANGED);
    cr_assert_eq(c.id, id);
    c.region = "Казань";
    cr_assert_eq(vo_store_client_upsert(o.st, &c, &res, &e), VO_OK);
    cr_assert_eq(res, VO_UPSERT_UPDATED);
    cr_assert_eq(c.id, id);
    int64_t found = 0;
    cr_assert_eq(vo_store_ext_find(o.st, VO_EXT_CLIENT, o.svc.org.id, "C1", &found, &e), VO_OK);
    cr_assert_eq(found, id);
    /* Another org does not see it: the key includes org_id. */
    cr_assert_eq(vo_store_ext_find(o.st, VO_EXT_CLIENT, o.svc.org.id + 1, "C1", &found, &e),
                 VO_ENOTFOUND);
    int64_t n = 0;
    cr_assert_eq(vo_store_count(o.st, o.svc.org.id, "clients", &n, &e), VO_OK);
    cr_assert_eq(n, 1);
    vo_fx_org_close(&o);
}

Test(store, rollback_leaves_nothing)
{
    struct vo_fx_org o;
    vo_fx_org_open(&o);
    struct vo_error e = {0};
    cr_assert_eq(vo_store_begin(o.st, &e), VO_OK);
    struct vo_product p = {.org_id = o.svc.org.id, .ext_id = "P1", .name = "Станок", .price = 100};
    enum vo_upsert res;
    cr_assert_eq(vo_store_product_upsert(o.st, &p, &res, &e), VO_OK);
    vo_store_rollback(o.st);
    int64_t n = -1;
    cr_assert_eq(vo_store_count(o.st, o.svc.org.id, "products", &n, &e), VO_OK);
    cr_assert_eq(n, 0);
    vo_fx_org_close(&o);
}

Test(store, backup_and_restore_round_trip)
{
    if (vo_test_pg())
        cr_skip_test("SQLite's backup (PostgreSQL's is pg_dump's)");
    struct vo_fx_org o;
    vo_fx_org_open(&o);
    struct vo_error e = {0};
    char *bak = file_path("backup.db");
    cr_assert_eq(vo_store_backup(o.st, bak, &e), VO_OK, "%s", e.msg);
    /* a second backup to the same file is refused, not overwritten */
    cr_assert_eq(vo_store_backup(o.st, bak, &e), VO_ECONFLICT);
    vo_fx_org_close(&o);
    cr_assert_eq(sql_int(bak, "SELECT count(*) FROM users"), 1);

    char *target = file_path("restored.db");
    cr_assert_eq(vo_store_restore(target, bak, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(sql_int(target, "SELECT count(*) FROM orgs"), 1);
    cr_assert_eq(sql_int(target, "PRAGMA user_version"), vo_store_schema_latest());

    vo_test_write(dir, "notdb.txt", "hello");
    char *junk = file_path("notdb.txt");
    cr_assert_neq(vo_store_restore(target, junk, &e), VO_OK);
    cr_assert_eq(sql_int(target, "SELECT count(*) FROM orgs"), 1, "a failed restore kept the db");
    g_free(junk);
    g_free(target);
    g_free(bak);
}

Test(store, duplicate_email_is_a_conflict_naming_the_field)
{
    struct vo_fx_org o;
    vo_fx_org_open(&o);
    struct vo_error e = {0};
    struct vo_user_input in = {
        .name = "Second Admin", .email = "ADMIN@example.com", .password = "long enough pw"};
    cr_assert_eq(vo_svc_user_add(&o.svc, &in, NULL, NULL, &e), VO_ECONFLICT);
    cr_assert_str_eq(e.field, "email");
    int64_t n = 0;
    vo_store_count(o.st, o.svc.org.id, "users", &n, &e);
    cr_assert_eq(n, 1);
    vo_fx_org_close(&o);
}

/* A full disk (SQLite's SQLITE_FULL, here from max_page_count) is
 * VO_EFULL with its one message, "storage_full" and HTTP 507, not a
 * 503 "storage" naming a statement; the rolled-back handle then writes
 * again once there is room. */
Test(store, a_full_disk_is_storage_full_and_the_handle_goes_on)
{
    if (vo_test_pg())
        cr_skip_test("SQLite's max_page_count");
    struct vo_fx_org o;
    vo_fx_org_open(&o);
    sqlite3 *db = o.st->db;
    sqlite3_stmt *q = NULL;
    cr_assert_eq(sqlite3_prepare_v2(db, "PRAGMA page_count", -1, &q, NULL), SQLITE_OK);
    cr_assert_eq(sqlite3_step(q), SQLITE_ROW);
    char *cap = g_strdup_printf("PRAGMA max_page_count = %lld", sqlite3_column_int64(q, 0));
    sqlite3_finalize(q);
    cr_assert_eq(sqlite3_exec(db, cap, NULL, NULL, NULL), SQLITE_OK);
    g_free(cap);

    struct vo_error e = {0};
    cr_assert_eq(vo_store_begin(o.st, &e), VO_OK);
    char name[220];
    memset(name, 'x', 200);
    vo_err rc = VO_OK;
    int i;
    for (i = 0; i < 100000 && rc == VO_OK; i++) {
        char ext[32];
        snprintf(ext, sizeof ext, "P%d", i);
        snprintf(name + 200, sizeof name - 200, "%d", i);
        struct vo_product p = {.org_id = o.svc.org.id, .ext_id = ext, .name = name, .price = 100};
        enum vo_upsert res;
        rc = vo_store_product_upsert(o.st, &p, &res, &e);
    }
    cr_assert_eq(rc, VO_EFULL, "after %d products: %d %s", i, rc, e.msg);
    cr_assert_eq(e.code, VO_EFULL);
    cr_assert_str_eq(e.msg, "the server's disk is full: the change was not saved (free disk "
                            "space on the server, then try again)");
    cr_assert_str_eq(e.field, "");
    cr_assert_str_eq(vo_err_name(VO_EFULL), "storage_full");
    cr_assert_eq(vo_err_exit_code(VO_EFULL), VO_EXIT_STORE);
    cr_assert_eq(vo_http_status(VO_EFULL), 507);
    vo_store_rollback(o.st);
    int64_t n = -1;
    cr_assert_eq(vo_store_count(o.st, o.svc.org.id, "products", &n, &e), VO_OK);
    cr_assert_eq(n, 0, "the failed transaction left %lld products", (long long)n);

    cr_assert_eq(sqlite3_exec(db, "PRAGMA max_page_count = 1000000000", NULL, NULL, NULL),
                 SQLITE_OK);
    struct vo_product p = {.org_id = o.svc.org.id, .ext_id = "P1", .name = "Станок", .price = 100};
    enum vo_upsert res;
    cr_assert_eq(vo_store_begin(o.st, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_store_product_upsert(o.st, &p, &res, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_store_commit(o.st, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_store_count(o.st, o.svc.org.id, "products", &n, &e), VO_OK);
    cr_assert_eq(n, 1);
    vo_fx_org_close(&o);
}

/* A batch (the API's bulk writes): each use case's transaction is a
 * savepoint of the batch's; a use case rolled back undoes its own writes
 * alone, and nothing is durable until the batch's end keeps it. */
Test(store, a_batch_is_one_transaction_of_savepoints)
{
    char *p = db_path("batch.db");
    struct vo_store *st = NULL;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_open(p, VO_STORE_CREATE, &st, &e), VO_OK, "%s", e.msg);
    vo_test_sql(p, "INSERT INTO orgs(id, name, created_at) VALUES(1, 'A', 1)");
    const char *count = "SELECT count(*) FROM audit_log";

    cr_assert_eq(vo_store_batch_begin(st, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_store_batch_begin(st, &e), VO_ESTORE, "one batch at a time");
    cr_assert_eq(vo_store_begin(st, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_store_audit(st, 1, 0, "kept", NULL, 0, NULL, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_store_commit(st, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_store_begin(st, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_store_audit(st, 1, 0, "undone", NULL, 0, NULL, &e), VO_OK, "%s", e.msg);
    vo_store_rollback(st);
    vo_store_rollback(st); /* none open: the batch goes on */
    cr_assert_eq(vo_store_begin(st, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_store_audit(st, 1, 0, "kept", NULL, 0, NULL, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_store_commit(st, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_test_sql_int(p, count), 0, "nothing is durable before the batch's end");
    cr_assert_eq(vo_store_batch_end(st, true, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_test_sql_int(p, count), 2, "the two kept, the undone one not");

    cr_assert_eq(vo_store_batch_begin(st, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_store_begin(st, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_store_audit(st, 1, 0, "dropped", NULL, 0, NULL, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_store_commit(st, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_store_batch_end(st, false, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_test_sql_int(p, count), 2, "a batch not kept writes nothing");

    /* after the batch, begin and commit are a transaction of their own */
    cr_assert_eq(vo_store_begin(st, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_store_audit(st, 1, 0, "alone", NULL, 0, NULL, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_store_commit(st, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_test_sql_int(p, count), 3);
    vo_store_close(st);
    g_free(p);
}
