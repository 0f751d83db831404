/*
 * test_pg_move.c - a database copied whole (store/move_store.c, `voronka
 * migrate --to`; docs/SCALING.md, "Moving"): a generated demo org copied
 * into a new SQLite file, and through PostgreSQL and back, keeps
 * vo_store_checksum (every row of the org, column by column); a row
 * changed in dest before the check (the test hook, inside the copy's
 * transaction) fails the copy naming its table and leaves dest empty,
 * its triggers and indexes in place; the check of two databases as they
 * are. The PostgreSQL part needs the throwaway cluster of the fixture
 * pg_cluster (VO_PG_URL_FILE) and is skipped without it.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "demo/demo.h"
#include "store/move_store.h"
#include "store/store.h"
#include "store/store_int.h"
#include "testutil.h"

static const struct vo_date AS_OF = {2026, 11, 20};

struct demo {
    char *dir, *path;
    struct vo_store *st;
    struct vo_arena arena;
    struct vo_demo_result res;
};

static void demo_make(struct demo *d)
{
    d->dir = vo_test_tmpdir();
    d->path = g_build_filename(d->dir, "demo.db", NULL);
    struct vo_error e = {0};
    cr_assert_eq(vo_store_open(d->path, VO_STORE_CREATE, &d->st, &e), VO_OK, "open: %s", e.msg);
    vo_arena_init(&d->arena, 0);
    struct vo_demo_opts o = {.seed = 7, .managers = 3, .deals = 400, .as_of = AS_OF, .months = 3};
    cr_assert_eq(vo_demo_generate(d->st, &o, &d->arena, &d->res, &e), VO_OK, "demo: %s", e.msg);
}

static void demo_end(struct demo *d)
{
    vo_store_close(d->st);
    vo_arena_cleanup(&d->arena);
    vo_test_rmtree(d->dir);
    g_free(d->path);
    g_free(d->dir);
}

static uint64_t checksum(struct vo_store *st, int64_t org)
{
    uint64_t h = 0;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_checksum(st, org, &h, &e), VO_OK, "checksum: %s", e.msg);
    return h;
}

static struct vo_store *open_new(const char *path)
{
    struct vo_store *st = NULL;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_open(path, VO_STORE_CREATE, &st, &e), VO_OK, "open %s: %s", path, e.msg);
    return st;
}

/* The one integer sql reads on st. */
static int64_t one(struct vo_store *st, const char *sql)
{
    struct vo_error e = {0};
    vo_stmt *s = vo_st_prep_dyn(st, sql, &e);
    cr_assert_not_null(s, "%s: %s", sql, e.msg);
    cr_assert_eq(vo_step(s), VO_ROW, "%s", sql);
    int64_t v = vo_col_i64(s, 0);
    vo_st_finalize(s);
    return v;
}

static vo_err move(struct vo_store *src, struct vo_store *dest, bool copy, struct vo_arena *a,
                   struct vo_move_report *r, vo_move_hook hook, struct vo_error *e)
{
    return vo_store_move(src, dest, copy, a, r, hook, NULL, e);
}

/* Every table of the report agrees, and deals has n rows. */
static void all_ok(const struct vo_move_report *r, int64_t deals)
{
    cr_assert_null(r->bad, "%s differs", r->bad);
    cr_assert_gt(r->n, 60, "%zu tables", r->n);
    bool seen = false;
    for (size_t i = 0; i < r->n; i++) {
        cr_assert(r->v[i].ok, "%s", r->v[i].table);
        cr_assert_eq(r->v[i].rows, r->v[i].dest_rows, "%s", r->v[i].table);
        cr_assert_str_eq(r->v[i].sum, r->v[i].dest_sum, "%s", r->v[i].table);
        if (strcmp(r->v[i].table, "deals") == 0) {
            seen = true;
            cr_assert_eq(r->v[i].rows, deals);
        }
    }
    cr_assert(seen, "no deals in the report");
    cr_assert_eq(r->version, vo_store_schema_latest());
}

/* The test hook: one deal's amount changed in dest before the check (its
 * trigger raises the org's dataset stamp too, which the move neither copies
 * nor checks: the difference is the deal's alone). */
static void change_deal(void *ctx, struct vo_store *dest)
{
    (void)ctx;
    struct vo_error e = {0};
    cr_assert_eq(vo_st_exec_sql(dest,
                                "UPDATE deals SET amount = amount + 1 WHERE id = (SELECT min(id) "
                                "FROM deals)",
                                "test", &e),
                 VO_OK, "%s", e.msg);
}

Test(pg_move, sqlite_to_sqlite_keeps_every_row)
{
    struct demo d;
    demo_make(&d);
    char *path = g_build_filename(d.dir, "copy.db", NULL);
    struct vo_store *to = open_new(path);
    struct vo_move_report r;
    struct vo_error e = {0};
    cr_assert_eq(move(d.st, to, true, &d.arena, &r, NULL, &e), VO_OK, "%s", e.msg);
    all_ok(&r, 400);
    cr_assert_eq(checksum(to, d.res.org_id), checksum(d.st, d.res.org_id));
    /* the copied values kept (no trigger stamped them): updated_at too,
     * which vo_store_checksum leaves out */
    cr_assert_eq(one(to, "SELECT sum(updated_at) FROM deals"),
                 one(d.st, "SELECT sum(updated_at) FROM deals"));
    cr_assert_eq(
        one(to, "SELECT count(*) FROM sqlite_schema WHERE type IN ('trigger', 'index')"),
        one(d.st, "SELECT count(*) FROM sqlite_schema WHERE type IN ('trigger', 'index')"));
    /* the search index works on the copy: the first deal's title's first
     * word finds as much */
    static const char find[] = "SELECT count(*) FROM search_fts WHERE search_fts MATCH (SELECT "
                               "'\"' || substr(title, 1, instr(title, ' ') - 1) || '\"' FROM "
                               "deals ORDER BY id LIMIT 1)";
    cr_assert_gt(one(d.st, find), 0);
    cr_assert_eq(one(to, find), one(d.st, find));
    /* a database that holds an org is refused, naming it */
    cr_assert_eq(move(d.st, to, true, &d.arena, &r, NULL, &e), VO_ECONFLICT);
    cr_assert(strstr(e.msg, "already holds the org") && strstr(e.msg, "(id 1)"), "%s", e.msg);
    cr_assert_str_eq(e.field, "to");
    /* the check alone: equal, then not */
    cr_assert_eq(move(d.st, to, false, &d.arena, &r, NULL, &e), VO_OK, "%s", e.msg);
    all_ok(&r, 400);
    change_deal(NULL, to);
    cr_assert_eq(move(d.st, to, false, &d.arena, &r, NULL, &e), VO_ESTORE);
    cr_assert_str_eq(r.bad, "deals");
    cr_assert(strstr(e.msg, "table deals of"), "%s", e.msg);
    vo_store_close(to);
    g_free(path);
    demo_end(&d);
}

Test(pg_move, a_difference_rolls_the_copy_back)
{
    struct demo d;
    demo_make(&d);
    char *path = g_build_filename(d.dir, "copy.db", NULL);
    struct vo_store *to = open_new(path);
    int64_t triggers = one(to, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'");
    int64_t indexes = one(to, "SELECT count(*) FROM sqlite_schema WHERE type = 'index'");
    struct vo_move_report r;
    struct vo_error e = {0};
    cr_assert_eq(move(d.st, to, true, &d.arena, &r, change_deal, &e), VO_ESTORE);
    cr_assert_str_eq(r.bad, "deals");
    cr_assert_str_eq(e.field, "to");
    cr_assert(strstr(e.msg, "the copy of table deals differs from the source") &&
                  strstr(e.msg, "nothing was written"),
              "%s", e.msg);
    for (size_t i = 0; i < r.n; i++)
        cr_assert_eq(r.v[i].ok, strcmp(r.v[i].table, "deals") != 0, "%s", r.v[i].table);
    cr_assert_eq(one(to, "SELECT count(*) FROM orgs"), 0);
    cr_assert_eq(one(to, "SELECT count(*) FROM deals"), 0);
    cr_assert_eq(one(to, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"), triggers);
    cr_assert_eq(one(to, "SELECT count(*) FROM sqlite_schema WHERE type = 'index'"), indexes);
    /* and the same database then takes the copy */
    cr_assert_eq(move(d.st, to, true, &d.arena, &r, NULL, &e), VO_OK, "%s", e.msg);
    all_ok(&r, 400);
    vo_store_close(to);
    g_free(path);
    demo_end(&d);
}

Test(pg_move, an_old_source_is_refused)
{
    struct demo d;
    demo_make(&d);
    char *old = g_build_filename(d.dir, "old.db", NULL),
         *path = g_build_filename(d.dir, "c.db", NULL);
    struct vo_store *st = NULL, *to = open_new(path);
    struct vo_error e = {0};
    cr_assert_eq(vo_store_open(old, VO_STORE_CREATE | VO_STORE_NO_MIGRATE, &st, &e), VO_OK);
    cr_assert_eq(vo_store_migrate_to(st, vo_store_schema_latest() - 1, NULL, NULL, &e), VO_OK);
    struct vo_move_report r;
    cr_assert_eq(move(st, to, true, &d.arena, &r, NULL, &e), VO_EVERSION);
    cr_assert(strstr(e.msg, "not the latest"), "%s", e.msg);
    /* a dest behind the source */
    cr_assert_eq(move(to, st, true, &d.arena, &r, NULL, &e), VO_EVERSION);
    cr_assert(strstr(e.msg, "both must be at the same version"), "%s", e.msg);
    vo_store_close(st);
    vo_store_close(to);
    g_free(old);
    g_free(path);
    demo_end(&d);
}

/* The URL of a new database on the fixture's cluster, NULL without one. */
static char *pg_database(const char *name)
{
    const char *file = getenv("VO_PG_URL_FILE");
    gchar *url = NULL;
    if (!file || !g_file_get_contents(file, &url, NULL, NULL))
        return NULL;
    g_strstrip(url);
    PGconn *c = PQconnectdb(url);
    cr_assert_eq(PQstatus(c), CONNECTION_OK, "%s", PQerrorMessage(c));
    char sql[160];
    PQclear(PQexec(c, "SET client_min_messages = warning"));
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", name);
    PQclear(PQexec(c, sql));
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
    PGresult *res = PQexec(c, sql);
    cr_assert_eq(PQresultStatus(res), PGRES_COMMAND_OK, "%s", PQerrorMessage(c));
    PQclear(res);
    PQfinish(c);
    char *slash = strrchr(url, '/');
    cr_assert_not_null(slash);
    *slash = '\0';
    char *out = g_strdup_printf("%s/%s", url, name);
    g_free(url);
    return out;
}

Test(pg_move, through_postgresql_and_back)
{
    char *url = pg_database("vo_test_move");
    if (!url)
        cr_skip_test("no PostgreSQL cluster (VO_PG_URL_FILE)");
    struct demo d;
    demo_make(&d);
    uint64_t sum = checksum(d.st, d.res.org_id);
    struct vo_store *pg = open_new(url);
    struct vo_move_report r;
    struct vo_error e = {0};
    /* a difference inside the transaction: nothing stays */
    cr_assert_eq(move(d.st, pg, true, &d.arena, &r, change_deal, &e), VO_ESTORE);
    cr_assert_str_eq(r.bad, "deals");
    cr_assert_eq(one(pg, "SELECT count(*) FROM orgs"), 0);
    cr_assert_eq(one(pg, "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled "
                         "<> 'O'"),
                 0);
    cr_assert_eq(move(d.st, pg, true, &d.arena, &r, NULL, &e), VO_OK, "%s", e.msg);
    all_ok(&r, 400);
    cr_assert_eq(checksum(pg, d.res.org_id), sum);
    cr_assert_eq(one(pg, "SELECT sum(updated_at) FROM deals"),
                 one(d.st, "SELECT sum(updated_at) FROM deals"));
    cr_assert_eq(one(pg, "SELECT last_value FROM deals_id_seq"),
                 one(d.st, "SELECT max(id) FROM deals"));
    char *path = g_build_filename(d.dir, "back.db", NULL);
    struct vo_store *back = open_new(path);
    cr_assert_eq(move(pg, back, true, &d.arena, &r, NULL, &e), VO_OK, "%s", e.msg);
    all_ok(&r, 400);
    cr_assert_eq(checksum(back, d.res.org_id), sum);
    cr_assert_eq(move(d.st, back, false, &d.arena, &r, NULL, &e), VO_OK, "%s", e.msg);
    vo_store_close(back);
    vo_store_close(pg);
    g_free(path);
    g_free(url);
    demo_end(&d);
}
