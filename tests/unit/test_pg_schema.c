/*
 * test_pg_schema.c - the PostgreSQL schema (store/pg_schema.c) in the
 * throwaway cluster of the pg_cluster fixture (scripts/pg-cluster; its URL
 * in the file VO_PG_URL_FILE). Each test applies vo_store_pg_migrations to
 * a database of its own, made for it and dropped after, and a new SQLite
 * database beside it migrated by the store. Then: the Citus rule read
 * from the catalogue (and the same check failing on tables that break
 * it); every SQLite table on PostgreSQL with the same columns, mapped
 * types and NOT NULLs; the triggers against SQLite's, the same statements
 * on both; vo_fold against GLib's case folding over every code point; the
 * functions SQLite has that PostgreSQL was given (strftime, printf,
 * json_type) against SQLite's; the Citus calls of docs/SCALING.md.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/pg_schema.h"
#include "store/store.h"
#include "testutil.h"

static PGconn *admin; /* the cluster's database voronka */
static PGconn *pg;    /* the test's own database */
static char *pg_name;
static char *dir;
static sqlite3 *lite; /* the SQLite database, migrated by the store */

static PGconn *pg_connect(const char *url, const char *dbname)
{
    const char *const keys[] = {"dbname", "dbname", NULL};
    const char *const vals[] = {url, dbname, NULL};
    PGconn *c = PQconnectdbParams(keys, vals, 1);
    cr_assert_eq(PQstatus(c), CONNECTION_OK, "%s: %s", url, PQerrorMessage(c));
    PQclear(PQexec(c, "SET client_min_messages = warning"));
    return c;
}

static void pg_exec_on(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    ExecStatusType s = PQresultStatus(r);
    cr_assert(s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK, "%s: %s", sql,
              PQresultErrorMessage(r));
    PQclear(r);
}

static void pg_exec(const char *sql)
{
    pg_exec_on(pg, sql);
}

/* Applies the migrations as pg_schema.h tells a runner to. */
static void pg_migrate(void)
{
    int prev = 0;
    for (int i = 0; i < vo_store_pg_migration_count; i++) {
        const struct vo_pg_migration *m = &vo_store_pg_migrations[i];
        cr_assert_gt(m->version, prev, "the versions rise");
        prev = m->version;
        pg_exec("BEGIN");
        if (m->sql)
            pg_exec(m->sql);
        char v[16];
        snprintf(v, sizeof v, "%d", m->version);
        const char *const p[] = {v};
        PGresult *r =
            PQexecParams(pg, "UPDATE schema_version SET version = $1", 1, NULL, p, NULL, NULL, 0);
        cr_assert_eq(PQresultStatus(r), PGRES_COMMAND_OK, "%s", PQresultErrorMessage(r));
        cr_assert_str_eq(PQcmdTuples(r), "1");
        PQclear(r);
        pg_exec("COMMIT");
    }
}

static void setup(void)
{
    const char *file = getenv("VO_PG_URL_FILE");
    cr_assert(file, "VO_PG_URL_FILE is not set: run through ctest (the pg_cluster fixture)");
    char *url = NULL;
    cr_assert(g_file_get_contents(file, &url, NULL, NULL), "no cluster URL in %s", file);
    g_strstrip(url);
    admin = pg_connect(url, "voronka");
    pg_name = g_strdup_printf("vo_test_%d_%lld", (int)getpid(), (long long)g_get_real_time());
    char *create = g_strdup_printf("CREATE DATABASE %s", pg_name);
    pg_exec_on(admin, create);
    g_free(create);
    pg = pg_connect(url, pg_name);
    g_free(url);
    pg_migrate();

    dir = vo_test_tmpdir();
    char *path = g_build_filename(dir, "lite.db", NULL);
    struct vo_store *st = NULL;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_open(path, VO_STORE_CREATE, &st, &e), VO_OK, "%s", e.msg);
    vo_store_close(st);
    cr_assert_eq(sqlite3_open(path, &lite), SQLITE_OK);
    g_free(path);
}

static void teardown(void)
{
    if (lite)
        sqlite3_close(lite);
    if (pg)
        PQfinish(pg);
    if (admin) {
        char *drop = g_strdup_printf("DROP DATABASE IF EXISTS %s WITH (FORCE)", pg_name);
        PQclear(PQexec(admin, drop));
        g_free(drop);
        PQfinish(admin);
    }
    g_free(pg_name);
    if (dir)
        vo_test_rmtree(dir);
    g_free(dir);
}

TestSuite(pg_schema, .init = setup, .fini = teardown, .timeout = 120);

/* The first column of every row of sql (with $1 .. $n the params), joined
 * by ",": the lists compared below. */
static char *pg_list(const char *sql, int n, const char *const *params)
{
    PGresult *r = PQexecParams(pg, sql, n, NULL, params, NULL, NULL, 0);
    cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s: %s", sql, PQresultErrorMessage(r));
    GString *s = g_string_new(NULL);
    for (int i = 0; i < PQntuples(r); i++)
        g_string_append_printf(s, "%s%s", i ? "," : "", PQgetvalue(r, i, 0));
    PQclear(r);
    return g_string_free(s, FALSE);
}

/* ---- the Citus rule (docs/SCALING.md) ---- */

/* $1 the schema, $2 its reference tables (not distributed: no org_id). */
#define CITUS_TABLES                                                                               \
    " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"                               \
    " WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND c.relname <> ALL ($2::text[])"
/* The attribute k of the table t is org_id. */
#define IS_ORG_ID(T, K)                                                                            \
    "EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = " T " AND a.attnum = " K              \
    " AND a.attname = 'org_id')"
/* Every distributed table has org_id (information_schema). */
static const char CITUS_NO_ORG[] =
    "SELECT c.relname" CITUS_TABLES " AND NOT EXISTS (SELECT 1 FROM information_schema.columns k"
    " WHERE k.table_schema = n.nspname AND k.table_name = c.relname AND k.column_name = 'org_id')"
    " ORDER BY 1";
/* Every primary key and unique constraint (pg_constraint) and every other
 * unique index (pg_index: the partial ones) includes org_id. */
static const char CITUS_UNIQUE[] =
    "SELECT x.conname FROM pg_constraint x WHERE x.contype IN ('p', 'u') AND x.conrelid IN"
    " (SELECT c.oid" CITUS_TABLES
    ") AND NOT EXISTS (SELECT 1 FROM unnest(x.conkey) k WHERE " IS_ORG_ID(
        "x.conrelid",
        "k") ")"
             " UNION SELECT ic.relname FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid "
             "WHERE"
             " i.indisunique AND i.indrelid IN (SELECT c.oid" CITUS_TABLES
             ") AND NOT EXISTS (SELECT 1"
             " FROM pg_constraint x WHERE x.conindid = i.indexrelid AND x.contype IN ('p', 'u')) "
             "AND NOT EXISTS (SELECT 1 FROM"
             " unnest(i.indkey::int2[]) k WHERE " IS_ORG_ID("i.indrelid", "k") ") ORDER BY 1";
/* Every foreign key pairs org_id with org_id; to a reference table, its
 * columns include org_id. */
static const char CITUS_FK[] =
    "SELECT x.conname FROM pg_constraint x JOIN pg_class r ON r.oid = x.confrelid"
    " WHERE x.contype = 'f' AND x.conrelid IN (SELECT c.oid" CITUS_TABLES ") AND NOT CASE"
    " WHEN r.relname = ANY ($2::text[]) THEN EXISTS (SELECT 1 FROM unnest(x.conkey) k "
    "WHERE " IS_ORG_ID(
        "x.conrelid",
        "k") ")"
             " ELSE EXISTS (SELECT 1 FROM unnest(x.conkey, x.confkey) u(k, f) WHERE " IS_ORG_ID(
                 "x.conrelid", "u.k") " AND " IS_ORG_ID("x.confrelid", "u.f") ") END ORDER BY 1";
/* No ON DELETE SET NULL or SET DEFAULT reaches org_id: each names its
 * columns (PostgreSQL 15's column list), none of them org_id. */
static const char CITUS_SET_NULL[] =
    "SELECT x.conname FROM pg_constraint x WHERE x.contype = 'f' AND x.confdeltype IN ('n', 'd')"
    " AND x.conrelid IN (SELECT c.oid" CITUS_TABLES ") AND (x.confdelsetcols IS NULL OR EXISTS"
    " (SELECT 1 FROM unnest(x.confdelsetcols) k WHERE " IS_ORG_ID("x.conrelid", "k") "))"
                                                                                     " ORDER BY 1";

/* The tables Citus does not distribute (no org_id): the reference table
 * orgs, and the coordinator's own schema_version and login_throttle (a
 * sign-in is throttled before its org is known; migration 33). */
static const char REFERENCE_TABLES[] = "{orgs,schema_version,login_throttle}";

/* The offenders of each part of the rule in schema, ";" between parts. */
static char *citus_offenders(const char *schema)
{
    const char *const p[] = {schema, REFERENCE_TABLES};
    const char *const checks[] = {CITUS_NO_ORG, CITUS_UNIQUE, CITUS_FK, CITUS_SET_NULL};
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(checks); i++) {
        char *l = pg_list(checks[i], 2, p);
        g_string_append_printf(s, "%s%s", i ? ";" : "", l);
        g_free(l);
    }
    return g_string_free(s, FALSE);
}

Test(pg_schema, the_baseline_is_recorded_as_its_version)
{
    char *v = pg_list("SELECT version FROM schema_version", 0, NULL);
    char *want =
        g_strdup_printf("%d", vo_store_pg_migrations[vo_store_pg_migration_count - 1].version);
    cr_assert_str_eq(v, want);
    cr_assert_eq(vo_store_pg_migrations[0].version, VO_PG_BASELINE_VERSION);
    /* from the baseline on, the numbers are SQLite's */
    cr_assert_eq(vo_store_pg_migrations[vo_store_pg_migration_count - 1].version,
                 vo_store_schema_latest());
    g_free(v);
    g_free(want);
}

Test(pg_schema, every_table_key_and_foreign_key_follows_the_citus_rule)
{
    char *o = citus_offenders("public");
    cr_assert_str_eq(o, ";;;", "offenders (no org_id; unique; foreign keys; set null): %s", o);
    g_free(o);
    /* and the rule was checked on something: the tables, keys and
     * foreign keys it read */
    const char *const p[] = {"public", REFERENCE_TABLES};
    char *n = pg_list("SELECT count(*)" CITUS_TABLES, 2, p);
    cr_assert_geq(atoi(n), 80, "%s tables", n);
    g_free(n);
    n = pg_list("SELECT count(*) FROM pg_constraint x JOIN pg_namespace s ON s.oid ="
                " x.connamespace WHERE s.nspname = 'public' AND x.contype = 'f' AND"
                " x.confdeltype = 'n'",
                0, NULL);
    cr_assert_gt(atoi(n), 5, "%s ON DELETE SET NULL keys", n);
    g_free(n);
}

Test(pg_schema, the_citus_check_finds_every_kind_of_offender)
{
    pg_exec(
        "CREATE SCHEMA scratch;"
        "CREATE TABLE scratch.orgs (id bigint PRIMARY KEY);"
        /* no org_id at all */
        "CREATE TABLE scratch.loose (id bigint PRIMARY KEY);"
        /* a unique key and a partial unique index without org_id */
        "CREATE TABLE scratch.parent (org_id bigint NOT NULL REFERENCES scratch.orgs(id),"
        "  id bigint, code text, PRIMARY KEY (org_id, id), CONSTRAINT parent_code UNIQUE (code));"
        "CREATE UNIQUE INDEX parent_code_set ON scratch.parent(code) WHERE code <> '';"
        /* a foreign key without org_id, and one whose SET NULL clears it */
        "CREATE TABLE scratch.child (org_id bigint REFERENCES scratch.orgs(id), id bigint,"
        "  code text, parent_id bigint, PRIMARY KEY (org_id, id),"
        "  CONSTRAINT child_code FOREIGN KEY (code) REFERENCES scratch.parent(code),"
        "  CONSTRAINT child_parent FOREIGN KEY (org_id, parent_id)"
        "  REFERENCES scratch.parent(org_id, id) ON DELETE SET NULL);"
        /* the right ones: not reported */
        "CREATE TABLE scratch.good (org_id bigint NOT NULL REFERENCES scratch.orgs(id),"
        "  id bigint, parent_id bigint, PRIMARY KEY (org_id, id),"
        "  FOREIGN KEY (org_id, parent_id) REFERENCES scratch.parent(org_id, id)"
        "  ON DELETE SET NULL (parent_id));");
    char *o = citus_offenders("scratch");
    cr_assert_str_eq(o, "loose;loose_pkey,parent_code,parent_code_set;child_code;child_parent",
                     "%s", o);
    g_free(o);
}

/* ---- parity with SQLite ---- */

static gint by_text(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* sql's rows on SQLite, a row's columns joined by " ", rows by ";"
 * (sorted when sort); NULL as "NULL", an integer from 10^9 on (an instant
 * stamped now) as "now". */
static char *lite_rows(const char *sql, bool sort)
{
    sqlite3_stmt *s = NULL;
    cr_assert_eq(sqlite3_prepare_v2(lite, sql, -1, &s, NULL), SQLITE_OK, "%s: %s", sql,
                 sqlite3_errmsg(lite));
    GPtrArray *rows = g_ptr_array_new_with_free_func(g_free);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        GString *r = g_string_new(NULL);
        for (int i = 0; i < sqlite3_column_count(s); i++) {
            if (i)
                g_string_append_c(r, ' ');
            int t = sqlite3_column_type(s, i);
            if (t == SQLITE_NULL)
                g_string_append(r, "NULL");
            else if (t == SQLITE_INTEGER && sqlite3_column_int64(s, i) >= 1000000000)
                g_string_append(r, "now");
            else
                g_string_append(r, (const char *)sqlite3_column_text(s, i));
        }
        g_ptr_array_add(rows, g_string_free(r, FALSE));
    }
    cr_assert_eq(rc, SQLITE_DONE, "%s: %s", sql, sqlite3_errmsg(lite));
    sqlite3_finalize(s);
    if (sort)
        g_ptr_array_sort(rows, by_text);
    g_ptr_array_add(rows, NULL);
    char *out = g_strjoinv(";", (char **)rows->pdata);
    g_ptr_array_free(rows, TRUE);
    return out;
}

/* The same on PostgreSQL (integers: int2, int4, int8). */
static char *pg_rows(const char *sql, int n, const char *const *params, bool sort)
{
    PGresult *r = PQexecParams(pg, sql, n, NULL, params, NULL, NULL, 0);
    cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s: %s", sql, PQresultErrorMessage(r));
    GPtrArray *rows = g_ptr_array_new_with_free_func(g_free);
    for (int i = 0; i < PQntuples(r); i++) {
        GString *row = g_string_new(NULL);
        for (int j = 0; j < PQnfields(r); j++) {
            if (j)
                g_string_append_c(row, ' ');
            Oid t = PQftype(r, j);
            const char *v = PQgetvalue(r, i, j);
            if (PQgetisnull(r, i, j))
                g_string_append(row, "NULL");
            else if ((t == 20 || t == 21 || t == 23) && g_ascii_strtoll(v, NULL, 10) >= 1000000000)
                g_string_append(row, "now");
            else
                g_string_append(row, v);
        }
        g_ptr_array_add(rows, g_string_free(row, FALSE));
    }
    PQclear(r);
    if (sort)
        g_ptr_array_sort(rows, by_text);
    g_ptr_array_add(rows, NULL);
    char *out = g_strjoinv(";", (char **)rows->pdata);
    g_ptr_array_free(rows, TRUE);
    return out;
}

Test(pg_schema, every_sqlite_table_has_its_columns_types_and_not_nulls_on_postgresql)
{
    char *lt = lite_rows("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE "
                         "'sqlite_%' AND name NOT LIKE 'search_fts_%' UNION SELECT "
                         "'schema_version'",
                         true);
    char *pt = pg_rows("SELECT table_name FROM information_schema.tables WHERE table_schema = "
                       "'public' AND table_type = 'BASE TABLE'",
                       0, NULL, true);
    cr_assert_str_eq(pt, lt, "tables on PostgreSQL:\n%s\nSQLite's:\n%s", pt, lt);
    cr_assert_gt(strlen(lt), 1000);
    gchar **tables = g_strsplit(lt, ";", -1);
    int checked = 0;
    for (gchar **t = tables; *t; t++) {
        if (!strcmp(*t, "schema_version"))
            continue;
        const char *const p[] = {*t};
        char *lsql, *pc;
        if (!strcmp(*t, "search_fts")) {
            /* FTS5's columns have no type; PostgreSQL's table adds the
             * rowid as id */
            lsql = g_strdup_printf("SELECT name FROM pragma_table_info('%s')", *t);
            pc = pg_rows("SELECT column_name FROM information_schema.columns WHERE table_schema ="
                         " 'public' AND table_name = $1 AND column_name <> 'id'",
                         1, p, true);
        } else {
            lsql = g_strdup_printf(
                "SELECT name, CASE upper(type) WHEN 'INTEGER' THEN 'bigint' WHEN 'TEXT' THEN "
                "'text' WHEN 'REAL' THEN 'double precision' WHEN 'BLOB' THEN 'bytea' ELSE type "
                "END, CASE WHEN \"notnull\" OR pk > 0 THEN 'NO' ELSE 'YES' END FROM "
                "pragma_table_info('%s')",
                *t);
            pc = pg_rows("SELECT column_name, data_type, is_nullable FROM "
                         "information_schema.columns WHERE table_schema = 'public' AND "
                         "table_name = $1",
                         1, p, true);
        }
        char *lc = lite_rows(lsql, true);
        cr_assert_str_eq(pc, lc, "%s on PostgreSQL:\n%s\nSQLite's:\n%s", *t, pc, lc);
        g_free(lsql);
        g_free(lc);
        g_free(pc);
        checked++;
    }
    cr_assert_geq(checked, 80);
    g_strfreev(tables);
    /* the same triggers */
    char *l = lite_rows("SELECT name FROM sqlite_schema WHERE type = 'trigger'", true);
    /* (PostgreSQL's own that tell the changes between servers aside: the
     * next test) */
    char *p = pg_rows("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname NOT LIKE "
                      "'vo\\_notify\\_%'",
                      0, NULL, true);
    cr_assert_str_eq(p, l, "triggers on PostgreSQL:\n%s\nSQLite's:\n%s", p, l);
    cr_assert_gt(strlen(l), 500);
    g_free(l);
    g_free(p);
    /* the same indexes (columns, unique, partial) but the keys of
     * constraints, SQLite's keys of migration 32 (PostgreSQL's are
     * constraints) and PostgreSQL's search index (SQLite's is FTS5) */
    l = lite_rows("SELECT m.name, (SELECT group_concat(name, ',') FROM (SELECT name FROM "
                  "pragma_index_info(m.name) ORDER BY seqno)), l.\"unique\", l.partial FROM "
                  "sqlite_schema m JOIN pragma_index_list(m.tbl_name) l ON l.name = m.name WHERE "
                  "m.type = 'index' AND m.sql IS NOT NULL AND m.name NOT IN "
                  "('stages_org_pipeline_name', 'deal_undo_org_deal')",
                  true);
    p = pg_rows("SELECT ic.relname, (SELECT string_agg(a.attname, ',' ORDER BY k.o) FROM "
                "unnest(i.indkey::int2[]) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON "
                "a.attrelid = i.indrelid AND a.attnum = k.n), i.indisunique::int, (i.indpred IS "
                "NOT NULL)::int FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN "
                "pg_namespace n ON n.oid = ic.relnamespace WHERE n.nspname = 'public' AND "
                "ic.relname <> 'search_fts_text' AND NOT EXISTS (SELECT 1 FROM pg_constraint x "
                "WHERE x.conindid = i.indexrelid AND x.contype IN ('p', 'u'))",
                0, NULL, true);
    cr_assert_str_eq(p, l, "indexes on PostgreSQL:\n%s\nSQLite's:\n%s", p, l);
    cr_assert_gt(strlen(l), 2000);
    g_free(l);
    g_free(p);
    g_free(lt);
    g_free(pt);
}

/* ---- the upserts' conflict targets ---- */

/* The unique keys of table t (no partial index), each its columns sorted
 * and joined by ",", the keys joined by ";". */
/* Every org table tells its writes to the other servers (pg_schema.c's
 * PG_NOTIFY), all but the ones left out (the dataset's stamp, migration
 * 35, and its log of migration 37, too: every write raises it, and no
 * server keeps a copy); a session
 * only its deletion. */
Test(pg_schema, every_org_table_tells_its_writes_to_the_other_servers)
{
    char *missing =
        pg_rows("SELECT c.table_name || ' ' || e.ev FROM information_schema.columns c JOIN "
                "information_schema.tables b ON b.table_schema = c.table_schema AND b.table_name = "
                "c.table_name AND b.table_type = 'BASE TABLE' CROSS JOIN (VALUES ('insert'), "
                "('update'), ('delete')) e(ev) WHERE c.table_schema = 'public' AND c.column_name = "
                "'org_id' AND c.table_name NOT IN ('audit_log', 'search_fts', 'notifications', "
                "'webhook_deliveries', 'idempotency_keys', 'rate_buckets', 'dataset_seq', "
                "'dataset_log') AND NOT "
                "(c.table_name = "
                "'sessions' AND e.ev "
                "<> 'delete') AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = "
                "c.table_name::regclass AND t.tgname = 'vo_notify_' || e.ev)",
                0, NULL, true);
    cr_assert_str_eq(missing, "", "tables without their notify triggers: %s", missing);
    g_free(missing);
    char *orgs = pg_rows("SELECT tgname FROM pg_trigger WHERE tgrelid = 'orgs'::regclass AND "
                         "tgname LIKE 'vo\\_notify\\_%'",
                         0, NULL, true);
    cr_assert_str_eq(orgs, "vo_notify_delete;vo_notify_insert;vo_notify_update");
    g_free(orgs);
    /* a write is told with its org, table and ids when it commits */
    pg_exec("LISTEN voronka");
    pg_exec("BEGIN; INSERT INTO orgs(id, name, created_at) VALUES (77, 'x', 0); INSERT INTO "
            "teams(org_id, id, name) VALUES (77, 5, 'a'), (77, 6, 'b'); COMMIT");
    PQconsumeInput(pg);
    char *told = NULL;
    PGnotify *n;
    GString *all = g_string_new(NULL);
    while ((n = PQnotifies(pg)) != NULL) {
        g_string_append_printf(all, "%s|", n->extra);
        PQfreemem(n);
    }
    told = g_string_free(all, FALSE);
    /* (the org's default loss reasons, its trigger's, are told too) */
    cr_assert(strstr(told, "77 orgs 77|") != NULL, "told: %s", told);
    cr_assert(g_str_has_prefix(told, "77 loss_reasons 1,2,3,4,5,6,7|"), "told: %s", told);
    cr_assert(g_str_has_suffix(told, "|77 teams 5,6|"), "told: %s", told);
    g_free(told);
}

static char *pg_keys(const char *t)
{
    const char *const p[] = {t};
    return pg_rows("SELECT string_agg(a.attname, ',' ORDER BY a.attname) FROM pg_index i JOIN "
                   "pg_class c ON c.oid = i.indrelid JOIN pg_attribute a ON a.attrelid = c.oid AND "
                   "a.attnum = ANY (i.indkey) WHERE c.relname = $1 AND i.indisunique AND i.indpred "
                   "IS NULL GROUP BY i.indexrelid",
                   1, p, true);
}

static char *lite_keys(const char *t)
{
    char *sql = g_strdup_printf(
        "SELECT (SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info(l.name) "
        "ORDER BY name)) FROM pragma_index_list('%s') l WHERE l.\"unique\" AND NOT l.partial "
        "UNION SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_table_info('%s') "
        "WHERE pk > 0 ORDER BY name)",
        t, t);
    char *k = lite_rows(sql, true);
    g_free(sql);
    return k;
}

static bool has_key(const char *keys, const char *key)
{
    gchar **v = g_strsplit(keys, ";", -1);
    bool found = g_strv_contains((const gchar *const *)v, key);
    g_strfreev(v);
    return found;
}

Test(pg_schema, every_upsert_target_is_a_unique_key_with_org_id_on_both)
{
    const char *src = getenv("VO_SOURCE_DIR");
    cr_assert(src);
    char *store = g_build_filename(src, "src", "store", NULL);
    GDir *d = g_dir_open(store, 0, NULL);
    cr_assert(d, "%s", store);
    /* a statement's literals joined (also across a macro's lines) */
    GRegex *join = g_regex_new("\"\\s*\\\\?\\s*\\n\\s*\"", 0, 0, NULL);
    GRegex *upsert =
        g_regex_new("INSERT INTO (\\w+)[^;]*?ON CONFLICT\\s*\\(([^)]*)\\)", 0, 0, NULL);
    int n = 0;
    const char *name;
    while ((name = g_dir_read_name(d))) {
        if (!g_str_has_suffix(name, ".c"))
            continue;
        char *path = g_build_filename(store, name, NULL);
        char *text = NULL;
        cr_assert(g_file_get_contents(path, &text, NULL, NULL), "%s", path);
        char *sql = g_regex_replace_literal(join, text, -1, 0, "", 0, NULL);
        GMatchInfo *m = NULL;
        g_regex_match(upsert, sql, 0, &m);
        for (; g_match_info_matches(m); g_match_info_next(m, NULL), n++) {
            char *table = g_match_info_fetch(m, 1);
            char *cols = g_match_info_fetch(m, 2);
            gchar **c = g_strsplit(cols, ",", -1);
            for (gchar **x = c; *x; x++)
                g_strstrip(*x);
            qsort(c, g_strv_length(c), sizeof *c, by_text);
            char *key = g_strjoinv(",", c);
            /* (a table Citus does not distribute has no org_id) */
            char *braced = g_strdup_printf(",%s,", table);
            char *list = g_strndup(REFERENCE_TABLES + 1, strlen(REFERENCE_TABLES) - 2);
            char *listed = g_strdup_printf(",%s,", list);
            if (!strstr(listed, braced))
                cr_assert(strstr(key, "org_id"), "%s: ON CONFLICT (%s) of %s has no org_id", name,
                          cols, table);
            g_free(listed);
            g_free(list);
            g_free(braced);
            char *pk = pg_keys(table), *lk = lite_keys(table);
            cr_assert(has_key(pk, key),
                      "%s: ON CONFLICT (%s): no such key of %s on PostgreSQL (%s)", name, cols,
                      table, pk);
            cr_assert(has_key(lk, key), "%s: ON CONFLICT (%s): no such key of %s on SQLite (%s)",
                      name, cols, table, lk);
            g_free(pk);
            g_free(lk);
            g_free(key);
            g_strfreev(c);
            g_free(cols);
            g_free(table);
        }
        g_match_info_free(m);
        g_free(sql);
        g_free(text);
        g_free(path);
    }
    cr_assert_geq(n, 22, "%d upserts read", n);
    g_regex_unref(upsert);
    g_regex_unref(join);
    g_dir_close(d);
    g_free(store);
}

/* ---- the triggers, the same statements on both ---- */

struct step {
    const char *sql;
    const char *probe; /* read after it on both (NULL: none) */
    const char *want;  /* what the probe reads ("now": stamped by the clock) */
};

static const struct step steps[] = {
    {"INSERT INTO orgs(id, name, created_at) VALUES (1, 'O', 100)",
     "SELECT count(*), sum(other) FROM loss_reasons WHERE org_id = 1", "7 1"},
    {"INSERT INTO users(id, org_id, name, created_at) VALUES (1, 1, 'U', 100), (2, 1, 'W', 100)",
     NULL, NULL},
    {"INSERT INTO pipelines(id, org_id, name) VALUES (1, 1, 'P')", NULL, NULL},
    {"INSERT INTO stages(id, org_id, pipeline_id, name, position) VALUES (1, 1, 1, 'A', 1), "
     "(2, 1, 1, 'B', 2)",
     NULL, NULL},
    /* an insert with updated_at keeps it, without takes the clock */
    {"INSERT INTO clients(id, org_id, name, created_at, updated_at, inn) VALUES (1, 1, "
     "'ООО Ромашка', 100, 5, '7701234567')",
     "SELECT updated_at FROM clients WHERE id = 1", "5"},
    {"INSERT INTO clients(id, org_id, name, created_at, owner_id, phone_digits, email) VALUES "
     "(2, 1, 'Лютик', 100, 2, '79123456789', 'info@lutik.ru')",
     "SELECT updated_at FROM clients WHERE id = 2", "now"},
    /* a deal's insert: stage_since its creation, and the stage_since
     * update stamps updated_at even when the insert gave one */
    {"INSERT INTO deals(id, org_id, pipeline_id, stage_id, owner_id, client_id, created_at, "
     "updated_at, title) VALUES (1, 1, 1, 1, 1, 1, 100, 5, 'Поставка')",
     "SELECT updated_at, stage_since FROM deals WHERE id = 1", "now 100"},
    {"UPDATE deals SET updated_at = 7 WHERE id = 1",
     "SELECT updated_at, stage_since FROM deals WHERE id = 1", "7 100"},
    /* a stage change into another stage: stage_since stays, the deal is
     * stamped */
    {"INSERT INTO stage_changes(id, org_id, deal_id, stage_id, at) VALUES (1, 1, 1, 2, 150)",
     "SELECT updated_at, stage_since FROM deals WHERE id = 1", "now 100"},
    {"UPDATE deals SET updated_at = 8 WHERE id = 1",
     "SELECT updated_at, stage_since FROM deals WHERE id = 1", "8 100"},
    {"UPDATE deals SET stage_id = 2, updated_at = 9 WHERE id = 1",
     "SELECT updated_at, stage_since FROM deals WHERE id = 1", "now 150"},
    {"UPDATE deals SET updated_at = 10 WHERE id = 1",
     "SELECT updated_at, stage_since FROM deals WHERE id = 1", "10 150"},
    {"UPDATE stage_changes SET at = 160 WHERE id = 1",
     "SELECT updated_at, stage_since FROM deals WHERE id = 1", "now 160"},
    {"DELETE FROM stage_changes WHERE id = 1",
     "SELECT updated_at, stage_since FROM deals WHERE id = 1", "now 100"},
    {"UPDATE deals SET created_at = 90, updated_at = 11 WHERE id = 1",
     "SELECT updated_at, stage_since FROM deals WHERE id = 1", "now 90"},
    /* a change that sets updated_at keeps it; one that does not stamps */
    {"UPDATE deals SET title = 'Поставка труб', updated_at = 12 WHERE id = 1",
     "SELECT updated_at, stage_since FROM deals WHERE id = 1", "12 90"},
    {"UPDATE deals SET amount = 500 WHERE id = 1", "SELECT updated_at FROM deals WHERE id = 1",
     "now"},
    {"UPDATE deals SET amount = 600, updated_at = updated_at WHERE id = 1",
     "SELECT updated_at FROM deals WHERE id = 1", "now"},
    /* a contact's insert, move and delete stamp its clients */
    {"UPDATE clients SET updated_at = 20 WHERE id IN (1, 2)",
     "SELECT updated_at FROM clients ORDER BY id", "20;20"},
    {"INSERT INTO contacts(id, org_id, client_id, name, phones, phone_digits, emails, created_at) "
     "VALUES (1, 1, 2, 'Иван Петров', '+7 912', ' 7912 ', 'ivan@lutik.ru\nip@mail.ru', 100)",
     "SELECT updated_at FROM clients ORDER BY id", "20;now"},
    {"UPDATE clients SET updated_at = 21 WHERE id IN (1, 2)",
     "SELECT updated_at FROM clients ORDER BY id", "21;21"},
    {"UPDATE contacts SET client_id = 1 WHERE id = 1", "SELECT updated_at FROM clients ORDER BY id",
     "now;now"},
    {"UPDATE clients SET updated_at = 22 WHERE id IN (1, 2)",
     "SELECT updated_at FROM clients ORDER BY id", "22;22"},
    {"UPDATE contacts SET role = 'CEO' WHERE id = 1", "SELECT updated_at FROM clients ORDER BY id",
     "now;22"},
    {"INSERT INTO contacts(id, org_id, client_id, name, phone_digits, created_at) VALUES (2, 1, 2, "
     "'Мария', ' 7495 ', 100)",
     NULL, NULL},
    {"UPDATE clients SET updated_at = 23 WHERE id IN (1, 2)", NULL, NULL},
    {"DELETE FROM contacts WHERE id = 2", "SELECT updated_at FROM clients ORDER BY id", "23;now"},
    /* an owner change re-owns the client's contacts in the search index */
    {"UPDATE clients SET owner_id = 2 WHERE id = 1",
     "SELECT owner FROM search_fts WHERE kind = 'contact'", "u2"},
    {"UPDATE deals SET owner_id = 2 WHERE id = 1",
     "SELECT owner, title FROM search_fts WHERE kind = 'deal'", "u2 Поставка труб"},
    {"INSERT INTO deals(id, org_id, pipeline_id, stage_id, owner_id, created_at, title) VALUES "
     "(2, 1, 1, 1, 1, 100, 'Вторая')",
     "SELECT count(*) FROM search_fts WHERE kind = 'deal'", "2"},
    {"DELETE FROM deals WHERE id = 2", "SELECT count(*) FROM search_fts WHERE kind = 'deal'", "1"},
    /* the other tables of migration 22 */
    {"INSERT INTO activities(id, org_id, type, user_id, at, updated_at) VALUES (1, 1, 'call', 1, "
     "100, 0), (2, 1, 'call', 1, 100, 5)",
     "SELECT updated_at FROM activities ORDER BY id", "now;5"},
    {"INSERT INTO tasks(id, org_id, assignee_id, title, created_at, due_at, updated_at) VALUES "
     "(1, 1, 1, 'T', 100, 200, 5)",
     "SELECT updated_at FROM tasks", "5"},
    {"UPDATE tasks SET done_at = 300 WHERE id = 1", "SELECT updated_at FROM tasks", "now"},
    {"INSERT INTO payments(id, org_id, amount, paid_at, client_id, updated_at) VALUES (1, 1, 100, "
     "100, 1, 6)",
     "SELECT updated_at FROM payments", "6"},
    {"UPDATE payments SET amount = 200, updated_at = 6 WHERE id = 1",
     "SELECT updated_at FROM payments", "now"},
};

static void lite_exec(const char *sql)
{
    char *err = NULL;
    cr_assert_eq(sqlite3_exec(lite, sql, NULL, NULL, &err), SQLITE_OK, "%s: %s", sql, err);
}

Test(pg_schema, the_triggers_do_on_postgresql_what_they_do_on_sqlite)
{
    lite_exec("PRAGMA foreign_keys = ON");
    for (size_t i = 0; i < G_N_ELEMENTS(steps); i++) {
        lite_exec(steps[i].sql);
        pg_exec(steps[i].sql);
        if (!steps[i].probe)
            continue;
        char *l = lite_rows(steps[i].probe, false);
        char *p = pg_rows(steps[i].probe, 0, NULL, false);
        cr_assert_str_eq(l, steps[i].want, "SQLite after %s: %s", steps[i].sql, l);
        cr_assert_str_eq(p, steps[i].want, "PostgreSQL after %s: %s", steps[i].sql, p);
        g_free(l);
        g_free(p);
    }
    /* the whole search index, SQLite's rowid as PostgreSQL's id */
    char *l = lite_rows("SELECT rowid, title, body, kind, obj_id, org_id, owner FROM search_fts "
                        "ORDER BY rowid",
                        false);
    char *p =
        pg_rows("SELECT id, title, body, kind, obj_id, org_id, owner FROM search_fts ORDER BY "
                "id",
                0, NULL, false);
    cr_assert_str_eq(p, l, "PostgreSQL's search_fts:\n%s\nSQLite's:\n%s", p, l);
    cr_assert_str_eq(l,
                     "5 Поставка труб  deal 1 1 u2;6 ООО Ромашка 7701234567   client 1 1 u2;"
                     "7 Иван Петров  7912  ivan@lutik.ru ip@mail.ru contact 1 1 u2;"
                     "10 Лютик  79123456789 info@lutik.ru client 2 1 u2",
                     "%s", l);
    g_free(l);
    g_free(p);
}

/* ---- the functions ---- */

Test(pg_schema, vo_fold_folds_every_code_point_as_glib_does)
{
    PGresult *r = PQexec(pg, "SELECT c, vo_fold(chr(c)) FROM generate_series(1, 1114111) c "
                             "WHERE c < 55296 OR c > 57343 ORDER BY c");
    cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s", PQresultErrorMessage(r));
    cr_assert_eq(PQntuples(r), 0x10FFFF - 2048);
    int changed = 0;
    for (int i = 0; i < PQntuples(r); i++) {
        gunichar c = (gunichar)g_ascii_strtoull(PQgetvalue(r, i, 0), NULL, 10);
        char in[8];
        in[g_unichar_to_utf8(c, in)] = 0;
        char *want = g_utf8_casefold(in, -1);
        const char *got = PQgetvalue(r, i, 1);
        if (strcmp(got, want))
            cr_assert_fail("U+%04X: vo_fold %s, GLib %s", c, got, want);
        changed += strcmp(want, in) != 0;
        g_free(want);
    }
    cr_assert_gt(changed, 1500);
    PQclear(r);
    /* and texts of several scripts at once */
    const char *const texts[] = {
        "ООО «РОМАШКА» и Ёлкин", "Straße STRASSE ß ẞ",  "ΣΊΣΥΦΟΣ ς",        "İstanbul ǅ ǈ ﬃ ŉ",
        "Ꭰꭰ ᏸ 𐐀𐐨",   "Kelvin K Ångström Å", "mixed ascii ONLY", "",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(texts); i++) {
        const char *const p[] = {texts[i]};
        char *got = pg_list("SELECT vo_fold($1)", 1, p);
        char *want = g_utf8_casefold(texts[i], -1);
        cr_assert_str_eq(got, want, "%s", texts[i]);
        g_free(got);
        g_free(want);
    }
}

Test(pg_schema, strftime_printf_and_json_type_answer_as_sqlite)
{
    const char *const exprs[] = {
        "strftime('%Y-%m-%d %H:%M:%S', 1700000000, 'unixepoch')",
        "strftime('%Y', 0, 'unixepoch')",
        "strftime('%j %w %f %s %%', 1700000000, 'unixepoch')",
        "strftime('%Y', NULL, 'unixepoch')",
        "strftime('%q', 0, 'unixepoch')",
        "strftime('%Y-%m-%d', '2025-03-01 10:20:30')",
        "strftime('%s', '2025-03-01 10:20:30')",
        "strftime('%H:%M', '2025-03-01T10:20')",
        "strftime('%Y', 'garbage')",
        "CAST(strftime('%Y', 1735689599, 'unixepoch') AS INTEGER)",
        "printf('%04d-01-01', 7)",
        "printf('%04d-12-31', 2025)",
        "printf('%d|%5d|%-5d|%05d|%%', 1, -2, 3, -4)",
        "json_type('{\"a\":[1,2.5,\"x\",true,false,null,{},[]]}', '$')",
        "json_type('{\"a\":[1,2.5,\"x\",true,false,null,{},[]]}', '$.a')",
        "json_type('{\"a\":[1,2.5,\"x\",true,false,null,{},[]]}', '$.\"a\"[0]')",
        "json_type('{\"a\":[1,2.5,\"x\",true,false,null,{},[]]}', '$.a[1]')",
        "json_type('{\"a\":[1,2.5,\"x\",true,false,null,{},[]]}', '$.a[2]')",
        "json_type('{\"a\":[1,2.5,\"x\",true,false,null,{},[]]}', '$.a[3]')",
        "json_type('{\"a\":[1,2.5,\"x\",true,false,null,{},[]]}', '$.a[4]')",
        "json_type('{\"a\":[1,2.5,\"x\",true,false,null,{},[]]}', '$.a[5]')",
        "json_type('{\"a\":[1,2.5,\"x\",true,false,null,{},[]]}', '$.a[6]')",
        "json_type('{\"a\":[1,2.5,\"x\",true,false,null,{},[]]}', '$.a[7]')",
        "json_type('{\"a\":[1,2.5,\"x\",true,false,null,{},[]]}', '$.a[8]')",
        "json_type('{\"a\":1,\"b c\":{\"d\":1e2}}', '$.\"b c\".d')",
        "json_type('{\"a\":1}', '$.missing')",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(exprs); i++) {
        char *sql = g_strdup_printf("SELECT %s", exprs[i]);
        char *l = lite_rows(sql, false);
        char *p = pg_rows(sql, 0, NULL, false);
        cr_assert_str_eq(p, l, "%s: PostgreSQL %s, SQLite %s", exprs[i], p, l);
        g_free(sql);
        g_free(l);
        g_free(p);
    }
    /* 'now' is the statement's instant, vo_now() */
    char *now = pg_list("SELECT strftime('%s', 'now') = vo_now()::text", 0, NULL);
    cr_assert_str_eq(now, "t");
    g_free(now);
}

/* ---- docs/SCALING.md ---- */

/* Where docs/SCALING.md distributes table t (NULL: nowhere). */
static const char *dist_call(const char *doc, const char *t)
{
    char *call = g_strdup_printf("SELECT create_distributed_table('%s', 'org_id'", t);
    const char *at = strstr(doc, call);
    g_free(call);
    return at;
}

Test(pg_schema, scaling_md_distributes_every_table_by_org_id_in_foreign_key_order)
{
    const char *src = getenv("VO_SOURCE_DIR");
    cr_assert(src);
    char *path = g_build_filename(src, "docs", "SCALING.md", NULL);
    char *doc = NULL;
    cr_assert(g_file_get_contents(path, &doc, NULL, NULL), "%s", path);
    cr_assert(strstr(doc, "SELECT create_reference_table('orgs');"));
    /* one table anchors the colocation group, every other joins it */
    const char *anchor = strstr(doc, "', 'org_id');");
    cr_assert(anchor, "no create_distributed_table without colocate_with");
    cr_assert_null(strstr(anchor + 1, "', 'org_id');"), "two tables without colocate_with");
    const char *name = anchor;
    while (name > doc && name[-1] != '\'')
        name--;
    char *first = g_strndup(name, (size_t)(anchor - name));
    char *join = g_strdup_printf("', 'org_id', colocate_with => '%s');", first);
    const char *const p[] = {"public", REFERENCE_TABLES};
    char *list = pg_list("SELECT c.relname" CITUS_TABLES " ORDER BY 1", 2, p);
    gchar **tables = g_strsplit(list, ",", -1);
    int n = 0;
    for (gchar **t = tables; *t; t++, n++) {
        const char *at = dist_call(doc, *t);
        cr_assert(at, "docs/SCALING.md does not distribute %s", *t);
        if (strcmp(*t, first))
            cr_assert(!strncmp(at + strlen("SELECT create_distributed_table('") + strlen(*t), join,
                               strlen(join)),
                      "%s does not join %s's colocation group", *t, first);
    }
    cr_assert_geq(n, 80);
    /* a table after every table it references */
    PGresult *r = PQexec(pg, "SELECT c.relname, f.relname FROM pg_constraint x JOIN pg_class c ON "
                             "c.oid = x.conrelid JOIN pg_class f ON f.oid = x.confrelid WHERE "
                             "x.contype = 'f' AND f.relname <> 'orgs' AND f.oid <> c.oid");
    cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s", PQresultErrorMessage(r));
    cr_assert_gt(PQntuples(r), 100);
    for (int i = 0; i < PQntuples(r); i++) {
        const char *t = PQgetvalue(r, i, 0), *ref = PQgetvalue(r, i, 1);
        cr_assert_lt(dist_call(doc, ref), dist_call(doc, t), "%s is distributed before %s", t, ref);
    }
    PQclear(r);
    g_strfreev(tables);
    g_free(list);
    g_free(join);
    g_free(first);
    g_free(doc);
    g_free(path);
}
