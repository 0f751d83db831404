/*
 * testdb.h - the database of a test, on either backend: the one place
 * that picks it (docs/internals/testing.md, "Both backends").
 *
 * Without the environment variable VO_PG_URL_FILE a test's database is a
 * SQLite file in its temporary directory, as it always was. With it (the
 * ctests pg_<name>, which the fixture pg_cluster starts a throwaway
 * cluster for: scripts/pg-cluster), the file it names holds the URL of a
 * PostgreSQL cluster's maintenance database, and each database a test asks
 * for is a fresh one on that cluster (CREATE DATABASE vo_t_<pid>_<n>),
 * dropped again when the test removes its directory (vo_test_rmtree). It
 * is a copy of a template the store migrated once (vo_tpl_<digest of the
 * migrations>), which the store's open then finds up to date.
 *
 * The helpers below read and write a database at either kind of path with
 * plain SQL that both backends read (the test's own rows, what the API
 * cannot set), through sqlite3 or libpq.
 */
#ifndef VO_TESTDB_H
#define VO_TESTDB_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

/* Whether the tests run on PostgreSQL (VO_PG_URL_FILE is set). */
bool vo_test_pg(void);
/* The database name of the test directory dir (g_free): dir/name on
 * SQLite; on PostgreSQL the URL of a new database made for (dir, name) on
 * the first call, the same URL on the next ones. */
char *vo_test_db(const char *dir, const char *name);
/* Drops the PostgreSQL databases made for dir (WITH (FORCE): a server a
 * test left running does not keep one); nothing on SQLite. */
void vo_test_db_drop(const char *dir);

/* Runs sql (one or more statements, no parameters) on the database at
 * path (a file or a URL), asserting it succeeds. */
void vo_test_sql(const char *path, const char *sql);
/* The first row of the query sql on path, with ?1 bound to param when it
 * is not NULL (SQLite: an integer when param is one, else a text;
 * PostgreSQL infers its type): its columns as texts, NULL for SQL NULL,
 * booleans as "1" and "0" (g_ptr_array_unref); NULL when there is none. */
GPtrArray *vo_test_sql_row(const char *path, const char *sql, const char *param);
/* The first column of the first row of sql on path, which must exist, as
 * an integer; -1 for SQL NULL. */
int64_t vo_test_sql_int(const char *path, const char *sql);
/* The same as a text (g_free); NULL for SQL NULL. */
char *vo_test_sql_text(const char *path, const char *sql);
/* Column i of row (vo_test_sql_row), which must be there, as an integer;
 * if_null for SQL NULL. */
int64_t vo_test_cell_int(const GPtrArray *row, guint i, int64_t if_null);
/* Column i of row as a text (borrowed from row); NULL for SQL NULL. */
const char *vo_test_cell(const GPtrArray *row, guint i);
/* sqlite's text on SQLite, pg's on PostgreSQL: a test's query that needs a
 * twin (a date function, the catalogue). */
const char *vo_test_dialect(const char *sqlite, const char *pg);

#endif
