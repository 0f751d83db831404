/*
 * test_pg_copy.c - bulk mode on PostgreSQL (store/pg_copy.c): new rows
 * queued and sent by COPY. A generated demo org is the same on
 * PostgreSQL as on SQLite, row for row (vo_store_checksum), with its
 * deals' stage_since and search rows; a queued row is read back by the
 * next statement on the connection and by no other connection before its
 * commit; text with tabs, newlines and backslashes, NULLs and bytes round
 * trip; the ids handed out are the rows'; a table goes after the tables
 * its foreign keys reference whatever order its rows came in; a row that
 * breaks a key fails the commit naming the table, and nothing of the
 * transaction stays; a rollback drops the queue. Needs the throwaway
 * cluster of the fixture pg_cluster (VO_PG_URL_FILE); skipped without it.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/demo.h"
#include "store/store.h"
#include "store/store_int.h"
#include "testdb.h"
#include "testutil.h"

static const struct vo_date AS_OF = {2026, 11, 20};

static struct vo_store *open_db(const char *path)
{
    struct vo_store *st = NULL;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_open(path, VO_STORE_CREATE, &st, &e), VO_OK, "open %s: %s", path, e.msg);
    return st;
}

static void demo(struct vo_store *st)
{
    struct vo_arena a;
    vo_arena_init(&a, 0);
    struct vo_demo_result res;
    struct vo_error e = {0};
    struct vo_demo_opts o = {.seed = 11, .managers = 4, .deals = 600, .as_of = AS_OF, .months = 4};
    cr_assert_eq(vo_demo_generate(st, &o, &a, &res, &e), VO_OK, "demo: %s", e.msg);
    vo_arena_cleanup(&a);
}

Test(pg_copy, a_demo_is_the_same_as_on_sqlite)
{
    if (!vo_test_pg())
        cr_skip_test("no PostgreSQL cluster (VO_PG_URL_FILE)");
    char *dir = vo_test_tmpdir();
    char *lite = g_build_filename(dir, "demo.db", NULL);
    char *pg = vo_test_db(dir, "demo");
    struct vo_store *a = open_db(lite), *b = open_db(pg);
    demo(a);
    demo(b);
    struct vo_error e = {0};
    uint64_t ha = 0, hb = 0;
    cr_assert_eq(vo_store_checksum(a, 1, &ha, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_store_checksum(b, 1, &hb, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(ha, hb, "the org's rows differ between SQLite and PostgreSQL");
    vo_store_close(a);
    vo_store_close(b);
    /* what the triggers left to the end of bulk mode, and what they kept */
    static const char *const same[] = {
        "SELECT count(*) * 1000003 + sum(stage_since) FROM deals",
        "SELECT count(*) FROM deals WHERE stage_since = 0",
        "SELECT count(*) FROM search_fts",
        "SELECT count(*) FROM activities WHERE updated_at = 0",
        "SELECT count(*) FROM stage_changes",
    };
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++)
        cr_expect_eq(vo_test_sql_int(pg, same[i]), vo_test_sql_int(lite, same[i]), "%s", same[i]);
    cr_expect_eq(vo_test_sql_int(pg, "SELECT count(*) FROM deals WHERE stage_since = 0"), 0);
    cr_expect_gt(vo_test_sql_int(pg, "SELECT count(*) FROM stage_changes"), 600);
    /* bulk mode is over: the session's triggers run again */
    cr_expect_eq(vo_test_sql_int(pg, "SELECT count(*) FROM deals WHERE stage_since <> "
                                     "COALESCE((SELECT max(sc.at) FROM stage_changes sc WHERE "
                                     "sc.deal_id = deals.id AND sc.stage_id = deals.stage_id), "
                                     "deals.created_at)"),
                 0);
    vo_test_db_drop(dir);
    vo_test_rmtree(dir);
    g_free(pg);
    g_free(lite);
    g_free(dir);
}

/* One statement on st with up to five parameters, run to its end; the
 * step's result. A parameter that reads as an integer is bound as one,
 * NULL as an integer's NULL, any other as a text. */
static int run(struct vo_store *st, const char *sql, const char *p1, const char *p2, const char *p3,
               const char *p4, const char *p5)
{
    struct vo_error e = {0};
    vo_stmt *s = vo_st_prep_dyn(st, sql, &e);
    cr_assert(s, "prepare %s: %s", sql, e.msg);
    const char *p[5] = {p1, p2, p3, p4, p5};
    for (int i = 0; i < vo_bind_count(s) && i < 5; i++) {
        char *end = NULL;
        long long v = p[i] ? strtoll(p[i], &end, 10) : 0;
        if (!p[i])
            vo_bind_null(s, i + 1, VO_T_INT);
        else if (*p[i] && !*end)
            vo_bind_i64(s, i + 1, v);
        else
            vo_bind_text(s, i + 1, p[i]);
    }
    int rc;
    while ((rc = vo_step(s)) == VO_ROW)
        ;
    vo_st_finalize(s);
    return rc;
}

static int64_t one(struct vo_store *st, const char *sql)
{
    struct vo_error e = {0};
    vo_stmt *s = vo_st_prep_dyn(st, sql, &e);
    cr_assert(s, "prepare %s: %s", sql, e.msg);
    cr_assert_eq(vo_step(s), VO_ROW, "%s", sql);
    int64_t v = vo_col_i64(s, 0);
    vo_st_finalize(s);
    return v;
}

#define TEAM "INSERT INTO teams(org_id, name) VALUES(?1, ?2)"
#define USER                                                                                       \
    "INSERT INTO users(org_id, name, email, team_id, created_at) VALUES(?1, ?2, ?3, ?4, ?5)"

Test(pg_copy, the_queue_reads_back_keeps_order_and_fails_whole)
{
    if (!vo_test_pg())
        cr_skip_test("no PostgreSQL cluster (VO_PG_URL_FILE)");
    char *dir = vo_test_tmpdir();
    char *url = vo_test_db(dir, "queue");
    struct vo_store *st = open_db(url);
    struct vo_error e = {0};
    vo_test_sql(url, "INSERT INTO orgs(name, tz, currency, settings, created_at) VALUES "
                     "('Org', 'Europe/Moscow', 'RUB', '{}', 0);"
                     "INSERT INTO teams(org_id, name) VALUES (1, 'Old')");
    int64_t old_team = vo_test_sql_int(url, "SELECT id FROM teams WHERE name = 'Old'");
    char old[24];
    snprintf(old, sizeof old, "%lld", (long long)old_team);

    cr_assert_eq(vo_store_bulk_mode(st, true, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_store_begin(st, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(run(st, USER, "1", "Анна\tА.", "anna@t.ru", NULL, "0"), VO_DONE);
    /* a statement of another kind, or an INSERT of another form (a
     * literal among its values): the queue goes first, they run as ever */
    cr_assert_eq(
        run(st, "UPDATE users SET team_id = NULL WHERE id = -1", NULL, NULL, NULL, NULL, NULL),
        VO_DONE);
    cr_assert_eq(run(st,
                     "INSERT INTO users(org_id, name, email, role, created_at) VALUES(?1, ?2, "
                     "?3, 'head', 0)",
                     "1", "Вера", "vera@t.ru", NULL, NULL),
                 VO_DONE);
    cr_assert_eq(one(st, "SELECT count(*) FROM users"), 2);
    /* users is queued before teams, and a user refers to the new team:
     * teams goes first all the same */
    cr_assert_eq(run(st, USER, "1", "Борис", "boris@t.ru", old, "0"), VO_DONE);
    static const char odd[] = "Новая\tкоманда\nвторая строка \\N \\ конец";
    cr_assert_eq(run(st, TEAM, "1", odd, NULL, NULL, NULL), VO_DONE);
    int64_t team = vo_last_id(st);
    cr_assert_gt(team, old_team);
    char tid[24];
    snprintf(tid, sizeof tid, "%lld", (long long)team);
    cr_assert_eq(run(st, USER, "1", "Галина", "galina@t.ru", tid, "0"), VO_DONE);
    int64_t galina = vo_last_id(st);
    cr_assert_eq(run(st, USER, "1", "Дмитрий", "dmitry@t.ru", old, "0"), VO_DONE);
    /* the connection reads every row it queued */
    cr_assert_eq(one(st, "SELECT count(*) FROM users WHERE org_id = 1"), 5);
    cr_assert_eq(one(st, "SELECT team_id FROM users WHERE email = 'galina@t.ru'"), team);
    cr_assert_eq(vo_store_commit(st, &e), VO_OK, "%s", e.msg);
    char *name = vo_test_sql_text(url, "SELECT name FROM teams WHERE id = (SELECT max(id) FROM "
                                       "teams)");
    cr_assert_str_eq(name, odd);
    g_free(name);
    cr_assert_eq(vo_test_sql_int(url, "SELECT id FROM users WHERE email = 'galina@t.ru'"), galina);
    cr_assert_eq(vo_test_sql_int(url, "SELECT count(*) FROM users WHERE team_id IS NULL"), 2);
    cr_assert_eq(vo_test_sql_int(url, "SELECT count(*) FROM users WHERE name = 'Анна' || chr(9) "
                                      "|| 'А.'"),
                 1);

    /* a rollback drops what was queued */
    cr_assert_eq(vo_store_begin(st, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(run(st, TEAM, "1", "Отменённая", NULL, NULL, NULL), VO_DONE);
    vo_store_rollback(st);
    cr_assert_eq(vo_test_sql_int(url, "SELECT count(*) FROM teams WHERE name = 'Отменённая'"), 0);

    /* a duplicate e-mail: the commit fails naming the table; nothing stays */
    cr_assert_eq(vo_store_begin(st, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(run(st, TEAM, "1", "Третья", NULL, NULL, NULL), VO_DONE);
    cr_assert_eq(run(st, USER, "1", "Ещё Анна", "anna@t.ru", NULL, "0"), VO_DONE);
    cr_assert_neq(vo_store_commit(st, &e), VO_OK);
    cr_assert(strstr(e.msg, "users"), "the message names the table: %s", e.msg);
    cr_assert_eq(vo_test_sql_int(url, "SELECT count(*) FROM teams WHERE name = 'Третья'"), 0);
    cr_assert_eq(vo_test_sql_int(url, "SELECT count(*) FROM users"), 5);

    cr_assert_eq(vo_store_bulk_mode(st, false, &e), VO_OK, "%s", e.msg);
    /* out of bulk mode: no queue, and the triggers' setting is back */
    cr_assert_null(st->pg_copy);
    cr_assert_eq(one(st, "SELECT count(*) WHERE current_setting('voronka.bulk', true) IS "
                         "DISTINCT FROM 'on'"),
                 1);
    vo_store_close(st);
    vo_test_db_drop(dir);
    vo_test_rmtree(dir);
    g_free(url);
    g_free(dir);
}
