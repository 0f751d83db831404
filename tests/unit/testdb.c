/*
 * testdb.c - a test's database on SQLite or PostgreSQL, and plain SQL on
 * either (testdb.h).
 */
#include "testdb.h"

#include "store/pg_schema.h"
#include "store/store.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

/* The databases made by this process: for which directory and name. */
struct made {
    char *dir, *name, *db, *url;
};
static GPtrArray *made;
static unsigned made_count;

bool vo_test_pg(void)
{
    const char *f = getenv("VO_PG_URL_FILE");
    return f && *f;
}

static bool is_url(const char *path)
{
    return g_str_has_prefix(path, "postgres://") || g_str_has_prefix(path, "postgresql://");
}

/* The cluster's URL from VO_PG_URL_FILE (g_free). */
static char *cluster_url(void)
{
    const char *f = getenv("VO_PG_URL_FILE");
    char *text = NULL;
    GError *err = NULL;
    cr_assert(g_file_get_contents(f, &text, NULL, &err),
              "VO_PG_URL_FILE: %s (is the fixture pg_cluster running?)", err ? err->message : "?");
    g_strstrip(text);
    cr_assert(is_url(text), "VO_PG_URL_FILE %s: not a postgresql:// URL: %s", f, text);
    return text;
}

/* url with its database db instead of the one it names (g_free). */
static char *url_with_db(const char *url, const char *db)
{
    const char *host = strstr(url, "://") + 3;
    const char *slash = strchr(host, '/');
    const char *query = strchr(host, '?');
    if (slash && query && slash > query)
        slash = NULL;
    size_t head = (size_t)((slash ? slash : query ? query : host + strlen(host)) - url);
    return g_strdup_printf("%.*s/%s%s", (int)head, url, db, query ? query : "");
}

/* Connects to url, asserting it can. */
static PGconn *pg_connect(const char *url)
{
    PGconn *c = PQconnectdb(url);
    cr_assert(PQstatus(c) == CONNECTION_OK, "connect %s: %s", url, PQerrorMessage(c));
    PGresult *r = PQexec(c, "SET client_min_messages = warning");
    PQclear(r);
    return c;
}

/* Runs sql (no rows) on the maintenance database of the cluster. */
static void cluster_exec(const char *sql)
{
    char *url = cluster_url();
    PGconn *c = pg_connect(url);
    PGresult *r = PQexec(c, sql);
    cr_assert(PQresultStatus(r) == PGRES_COMMAND_OK, "%s: %s", sql, PQerrorMessage(c));
    PQclear(r);
    PQfinish(c);
    g_free(url);
}

/* The name of the template the tests' databases are copied from: migrated
 * by the store once (0.6 s a database saved), and named by a digest of
 * the migrations, so a build with other ones makes a template of its own
 * (g_free). */
static char *template_name(void)
{
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA1);
    for (int i = 0; i < vo_store_pg_migration_count; i++) {
        const struct vo_pg_migration *m = &vo_store_pg_migrations[i];
        char *v = g_strdup_printf("%d:", m->version);
        g_checksum_update(sum, (const guchar *)v, (gssize)strlen(v));
        g_free(v);
        if (m->sql)
            g_checksum_update(sum, (const guchar *)m->sql, (gssize)strlen(m->sql));
    }
    char *name = g_strdup_printf("vo_tpl_%.12s", g_checksum_get_string(sum));
    g_checksum_free(sum);
    return name;
}

/* Runs sql on the connection c, asserting it succeeds. */
static void pg_exec(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    ExecStatusType st = PQresultStatus(r);
    cr_assert(st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK, "%s: %s", sql, PQerrorMessage(c));
    PQclear(r);
}

/* Drops the databases of test processes that are gone (a test that
 * crashed, or failed in its set-up, removes no directory): the cluster
 * would fill the disk, 8 MB a database. Not asserted: another process
 * may be dropping the same one. */
static void sweep(PGconn *c)
{
    PGresult *r = PQexec(c, "SELECT datname FROM pg_database WHERE datname LIKE 'vo\\_t\\_%'");
    for (int i = 0; PQresultStatus(r) == PGRES_TUPLES_OK && i < PQntuples(r); i++) {
        const char *db = PQgetvalue(r, i, 0);
        long pid = strtol(db + strlen("vo_t_"), NULL, 10);
        if (pid > 0 && kill((pid_t)pid, 0) != 0 && errno == ESRCH) {
            char *sql = g_strdup_printf("DROP DATABASE IF EXISTS %s WITH (FORCE)", db);
            PQclear(PQexec(c, sql));
            g_free(sql);
        }
    }
    PQclear(r);
}

/* Makes the template tpl on the cluster of url unless it is there: under
 * an advisory lock (tests run in parallel), a database migrated by the
 * store under another name, then renamed (so a template is whole or
 * absent). */
static void ensure_template(const char *url, const char *tpl)
{
    PGconn *c = pg_connect(url);
    pg_exec(c, "SELECT pg_advisory_lock(7402)");
    const char *const params[1] = {tpl};
    PGresult *r = PQexecParams(c, "SELECT 1 FROM pg_database WHERE datname = $1", 1, NULL, params,
                               NULL, NULL, 0);
    cr_assert(PQresultStatus(r) == PGRES_TUPLES_OK, "%s", PQerrorMessage(c));
    bool there = PQntuples(r) > 0;
    PQclear(r);
    if (!there) {
        char *sql = g_strdup_printf("DROP DATABASE IF EXISTS %s_new WITH (FORCE)", tpl);
        pg_exec(c, sql);
        g_free(sql);
        sql = g_strdup_printf("CREATE DATABASE %s_new", tpl);
        pg_exec(c, sql);
        g_free(sql);
        char *name = g_strdup_printf("%s_new", tpl);
        char *new_url = url_with_db(url, name);
        struct vo_store *st = NULL;
        struct vo_error e = {0};
        cr_assert_eq(vo_store_open(new_url, VO_STORE_CREATE, &st, &e), VO_OK,
                     "the tests' template %s: %s", new_url, e.msg);
        vo_store_close(st);
        sql = g_strdup_printf("ALTER DATABASE %s RENAME TO %s", name, tpl);
        pg_exec(c, sql);
        g_free(sql);
        g_free(new_url);
        g_free(name);
    }
    sweep(c);
    pg_exec(c, "SELECT pg_advisory_unlock(7402)");
    PQfinish(c);
}

char *vo_test_db(const char *dir, const char *name)
{
    if (!vo_test_pg())
        return g_build_filename(dir, name, NULL);
    for (guint i = 0; made && i < made->len; i++) {
        const struct made *m = g_ptr_array_index(made, i);
        if (strcmp(m->dir, dir) == 0 && strcmp(m->name, name) == 0)
            return g_strdup(m->url);
    }
    struct made *m = g_new0(struct made, 1);
    m->dir = g_strdup(dir);
    m->name = g_strdup(name);
    m->db = g_strdup_printf("vo_t_%d_%u", (int)getpid(), ++made_count);
    char *url = cluster_url();
    char *tpl = template_name();
    ensure_template(url, tpl);
    /* one a process of the same id left behind (it crashed) goes first */
    char *sql = g_strdup_printf("DROP DATABASE IF EXISTS %s WITH (FORCE)", m->db);
    cluster_exec(sql);
    g_free(sql);
    sql = g_strdup_printf("CREATE DATABASE %s TEMPLATE %s", m->db, tpl);
    cluster_exec(sql);
    g_free(sql);
    g_free(tpl);
    m->url = url_with_db(url, m->db);
    g_free(url);
    if (!made)
        made = g_ptr_array_new();
    g_ptr_array_add(made, m);
    return g_strdup(m->url);
}

void vo_test_db_drop(const char *dir)
{
    for (guint i = 0; made && i < made->len;) {
        struct made *m = g_ptr_array_index(made, i);
        if (strcmp(m->dir, dir) != 0) {
            i++;
            continue;
        }
        char *sql = g_strdup_printf("DROP DATABASE IF EXISTS %s WITH (FORCE)", m->db);
        cluster_exec(sql);
        g_free(sql);
        g_free(m->dir);
        g_free(m->name);
        g_free(m->db);
        g_free(m->url);
        g_free(m);
        g_ptr_array_remove_index(made, i);
    }
}

/* sql with each ?N outside a quoted text as $N (PostgreSQL's), g_free. */
static char *pg_params(const char *sql)
{
    GString *out = g_string_new(NULL);
    char quote = 0;
    for (const char *p = sql; *p; p++) {
        if (quote) {
            if (*p == quote)
                quote = 0;
        } else if (*p == '\'' || *p == '"') {
            quote = *p;
        } else if (*p == '?' && g_ascii_isdigit(p[1])) {
            g_string_append_c(out, '$');
            continue;
        }
        g_string_append_c(out, *p);
    }
    return g_string_free(out, FALSE);
}

void vo_test_sql(const char *path, const char *sql)
{
    if (is_url(path)) {
        PGconn *c = pg_connect(path);
        PGresult *r = PQexec(c, sql);
        ExecStatusType st = PQresultStatus(r);
        cr_assert(st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK, "%s: %s", sql,
                  PQerrorMessage(c));
        PQclear(r);
        PQfinish(c);
        return;
    }
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK, "open %s",
                 path);
    sqlite3_busy_timeout(db, 5000);
    char *msg = NULL;
    cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, &msg), SQLITE_OK, "%s: %s", sql,
                 msg ? msg : sqlite3_errmsg(db));
    sqlite3_free(msg);
    sqlite3_close(db);
}

static GPtrArray *pg_row(const char *path, const char *sql, const char *param)
{
    PGconn *c = pg_connect(path);
    char *q = pg_params(sql);
    const char *const params[1] = {param};
    PGresult *r = PQexecParams(c, q, param ? 1 : 0, NULL, param ? params : NULL, NULL, NULL, 0);
    cr_assert(PQresultStatus(r) == PGRES_TUPLES_OK, "%s: %s", q, PQerrorMessage(c));
    g_free(q);
    GPtrArray *row = NULL;
    if (PQntuples(r) > 0) {
        row = g_ptr_array_new_with_free_func(g_free);
        for (int i = 0; i < PQnfields(r); i++) {
            const char *v = PQgetisnull(r, 0, i) ? NULL : PQgetvalue(r, 0, i);
            if (v && PQftype(r, i) == 16) /* boolean: 't' or 'f' */
                v = strcmp(v, "t") == 0 ? "1" : "0";
            g_ptr_array_add(row, g_strdup(v));
        }
    }
    PQclear(r);
    PQfinish(c);
    return row;
}

GPtrArray *vo_test_sql_row(const char *path, const char *sql, const char *param)
{
    if (is_url(path))
        return pg_row(path, sql, param);
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK, "open %s",
                 path);
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt *s = NULL;
    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK, "%s: %s", sql,
                 sqlite3_errmsg(db));
    char *end = NULL;
    int64_t n = param ? g_ascii_strtoll(param, &end, 10) : 0;
    if (param && *param && end && *end == '\0')
        sqlite3_bind_int64(s, 1, n);
    else if (param)
        sqlite3_bind_text(s, 1, param, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    cr_assert(rc == SQLITE_ROW || rc == SQLITE_DONE, "%s: %s", sql, sqlite3_errmsg(db));
    GPtrArray *row = NULL;
    if (rc == SQLITE_ROW) {
        row = g_ptr_array_new_with_free_func(g_free);
        for (int i = 0; i < sqlite3_column_count(s); i++)
            g_ptr_array_add(row, g_strdup((const char *)sqlite3_column_text(s, i)));
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    return row;
}

char *vo_test_sql_text(const char *path, const char *sql)
{
    GPtrArray *row = vo_test_sql_row(path, sql, NULL);
    cr_assert(row && row->len > 0, "no row: %s", sql);
    char *v = g_strdup(g_ptr_array_index(row, 0));
    g_ptr_array_unref(row);
    return v;
}

const char *vo_test_cell(const GPtrArray *row, guint i)
{
    cr_assert(row && i < row->len, "no column %u", i);
    return g_ptr_array_index(row, i);
}

int64_t vo_test_cell_int(const GPtrArray *row, guint i, int64_t if_null)
{
    const char *v = vo_test_cell(row, i);
    if (!v)
        return if_null;
    char *end = NULL;
    int64_t n = g_ascii_strtoll(v, &end, 10);
    cr_assert(end != v && *end == '\0', "column %u: not an integer: %s", i, v);
    return n;
}

int64_t vo_test_sql_int(const char *path, const char *sql)
{
    GPtrArray *row = vo_test_sql_row(path, sql, NULL);
    cr_assert(row, "no row: %s", sql);
    int64_t n = vo_test_cell_int(row, 0, -1);
    g_ptr_array_unref(row);
    return n;
}

const char *vo_test_dialect(const char *sqlite, const char *pg)
{
    return vo_test_pg() ? pg : sqlite;
}
