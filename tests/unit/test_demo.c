/*
 * test_demo.c - the demo company generator: determinism (same seed, same
 * rows; another seed, other rows), sizes, the invariants every screen
 * relies on (nothing after as_of, ordered stage histories, payments only
 * after wins), the calls rhythm, plans for every manager and month, and the
 * production calendar as decreed.
 *
 * The invariants are checked with read-only SQL straight on the generated
 * file: the test is the outside observer of what the store wrote.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "demo/demo.h"
#include "model/prodcal.h"
#include "testutil.h"

/* A small company: 4 managers, 1,500 deals, 6 months up to 2026-02-10
 * (so the history covers late 2025 and January 2026). */
#define SMALL_DEALS    1500
#define SMALL_MANAGERS 4
#define SMALL_MONTHS   6
static const struct vo_date AS_OF = {2026, 2, 10};

struct generated {
    char *dir, *path;
    struct vo_store *st;
    struct vo_arena arena;
    struct vo_demo_result res;
};

static void generate(struct generated *g, uint64_t seed)
{
    g->dir = vo_test_tmpdir();
    g->path = vo_test_db(g->dir, "demo.db");
    struct vo_error e = {0};
    cr_assert_eq(vo_store_open(g->path, VO_STORE_CREATE, &g->st, &e), VO_OK, "open: %s", e.msg);
    vo_arena_init(&g->arena, 0);
    struct vo_demo_opts o = {.seed = seed,
                             .managers = SMALL_MANAGERS,
                             .deals = SMALL_DEALS,
                             .as_of = AS_OF,
                             .months = SMALL_MONTHS};
    cr_assert_eq(vo_demo_generate(g->st, &o, &g->arena, &g->res, &e), VO_OK, "demo: %s: %s",
                 e.field, e.msg);
}

static void release(struct generated *g)
{
    vo_store_close(g->st);
    vo_arena_cleanup(&g->arena);
    vo_test_rmtree(g->dir);
    g_free(g->path);
    g_free(g->dir);
}

static uint64_t checksum(struct generated *g)
{
    uint64_t h = 0;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_checksum(g->st, g->res.org_id, &h, &e), VO_OK, "checksum: %s", e.msg);
    return h;
}

/* The one integer a read-only query returns (0 for NULL); bind is its ?1
 * when it has one. */
static int64_t q(const char *path, const char *sql, int64_t bind)
{
    char *b = strstr(sql, "?1") ? g_strdup_printf("%lld", (long long)bind) : NULL;
    GPtrArray *row = vo_test_sql_row(path, sql, b);
    cr_assert(row, "no row: %s", sql);
    int64_t v = vo_test_cell_int(row, 0, 0);
    g_ptr_array_unref(row);
    g_free(b);
    return v;
}

/* A query's expected integer (its ?1, if any, bound by expect_all). */
struct want {
    const char *sql;
    int64_t want;
};

/* Every query of w[0..n) on path, with bind as its ?1, returns its want. */
static void expect_all(const char *path, int64_t bind, const struct want *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        cr_expect_eq(q(path, w[i].sql, bind), w[i].want, "%s", w[i].sql);
}

static int64_t as_of_instant(void)
{
    GTimeZone *tz = vo_tz_new("Europe/Moscow");
    int64_t t = vo_date_start(tz, vo_date_add_days(AS_OF, 1)) - 1;
    g_time_zone_unref(tz);
    return t;
}

Test(demo, same_seed_same_rows_other_seed_other_rows, .timeout = 120)
{
    struct generated a, b, c;
    generate(&a, 7);
    generate(&b, 7);
    generate(&c, 8);
    uint64_t ha = checksum(&a), hb = checksum(&b), hc = checksum(&c);
    cr_expect_eq(ha, hb, "same seed: %016llx vs %016llx", (unsigned long long)ha,
                 (unsigned long long)hb);
    cr_expect_neq(ha, hc, "another seed gave the same rows");
    /* The passwords are random on purpose: determinism does not leak them. */
    cr_expect_str_neq(a.res.logins[0].password, b.res.logins[0].password);
    release(&a);
    release(&b);
    release(&c);
}

Test(demo, sizes, .timeout = 60)
{
    struct generated g;
    generate(&g, 1);
    const char *p = g.path;
    cr_expect_eq(g.res.managers, SMALL_MANAGERS);
    const struct want w0[] = {
        {"SELECT count(*) FROM deals", SMALL_DEALS},
        {"SELECT count(*) FROM teams", 2},
        /* admin, head, viewer and the managers */
        {"SELECT count(*) FROM users", 3 + SMALL_MANAGERS},
        {"SELECT count(*) FROM users WHERE role = 'head'", 1},
        {"SELECT count(*) FROM users WHERE role = 'viewer'", 1},
        {"SELECT count(*) FROM stages", 5},
        {"SELECT count(*) FROM stages WHERE max_days IS NOT NULL", 4},
    };
    expect_all(p, 0, w0, sizeof w0 / sizeof w0[0]);
    int64_t clients = q(p, "SELECT count(*) FROM clients", 0);
    cr_expect(clients > SMALL_DEALS / 3 && clients < SMALL_DEALS, "clients %lld",
              (long long)clients);
    cr_expect(q(p, "SELECT count(*) FROM clients WHERE key_account = 1", 0) > 0);
    const struct want w1[] = {
        {"SELECT count(DISTINCT channel) FROM clients", 3},
        {"SELECT count(DISTINCT region) FROM clients", 5},
        {"SELECT count(DISTINCT source) FROM deals", 5},
    };
    expect_all(p, 0, w1, sizeof w1 / sizeof w1[0]);
    int64_t won = q(p, "SELECT count(*) FROM deals WHERE status = 'won'", 0);
    int64_t open = q(p, "SELECT count(*) FROM deals WHERE status = 'open'", 0);
    cr_expect(won > SMALL_DEALS / 25 && won < SMALL_DEALS / 4, "won %lld", (long long)won);
    cr_expect(open > 20 && open < SMALL_DEALS / 3, "open %lld", (long long)open);
    cr_expect_eq(q(p, "SELECT count(DISTINCT loss_reason) FROM deals WHERE status = 'lost'", 0), 5);
    int64_t acts = q(p, "SELECT count(*) FROM activities", 0);
    cr_expect(acts > 5 * SMALL_DEALS, "activities %lld", (long long)acts);
    cr_expect(q(p, "SELECT count(*) FROM activities WHERE type = 'meeting'", 0) > 0);
    cr_expect(q(p, "SELECT count(*) FROM activities WHERE type = 'email'", 0) > 0);
    cr_expect(q(p, "SELECT count(*) FROM activities WHERE direction = 'in'", 0) > 0);
    cr_expect(q(p, "SELECT count(*) FROM payments", 0) >= won);
    cr_expect(q(p, "SELECT count(*) FROM nps_responses", 0) > 0);
    /* a task's type follows its title (a call, a meeting, an e-mail), so
     * My day shows «Звонок», not «Другое» on every row */
    const struct want wt[] = {
        {"SELECT count(*) FROM tasks WHERE title = 'Связаться с клиентом' AND type <> 'call'", 0},
        {"SELECT count(*) FROM tasks WHERE title = 'Провести встречу' AND type <> 'meeting'", 0},
        {"SELECT count(*) FROM tasks WHERE title = 'Отправить КП и обсудить' AND type <> 'email'",
         0},
        {"SELECT count(*) FROM tasks WHERE title = 'Проконтролировать оплату' AND type <> 'call'",
         0},
        {"SELECT count(DISTINCT type) FROM tasks", 4},
    };
    expect_all(p, 0, wt, sizeof wt / sizeof wt[0]);
    /* a plan per (manager and the org) x month x 7 metrics; spend per channel x month */
    const struct want w2[] = {
        {"SELECT count(*) FROM plans", (SMALL_MANAGERS + 1) * SMALL_MONTHS * 7},
        {"SELECT count(*) FROM marketing_spend", 3 * SMALL_MONTHS},
    };
    expect_all(p, 0, w2, sizeof w2 / sizeof w2[0]);
    release(&g);
}

/* Bulk mode (store.c) writes without the foreign keys' checks and without
 * the triggers of stage_since, updated_at and the search index, and puts
 * right at its end, set-based, what they would have written: the company
 * is as if written row by row with all of them. */
Test(demo, bulk_mode_leaves_what_the_triggers_would, .timeout = 60)
{
    if (vo_test_pg())
        cr_skip_test("SQLite's bulk mode (PostgreSQL's is pg_copy.c: test_pg_copy)");
    struct generated g;
    generate(&g, 3);
    const char *p = g.path;
    int64_t deals = q(p, "SELECT count(*) FROM deals", 0);
    int64_t clients = q(p, "SELECT count(*) FROM clients", 0);
    const struct want w[] = {
        {"SELECT count(*) FROM pragma_foreign_key_check", 0},
        {"SELECT count(*) FROM deals WHERE stage_since IS NOT COALESCE((SELECT max(sc.at) FROM "
         "stage_changes sc WHERE sc.deal_id = deals.id AND sc.stage_id = deals.stage_id), "
         "deals.created_at)",
         0},
        {"SELECT (SELECT count(*) FROM deals WHERE updated_at = 0) + (SELECT count(*) FROM "
         "clients WHERE updated_at = 0) + (SELECT count(*) FROM activities WHERE updated_at = 0) "
         "+ (SELECT count(*) FROM tasks WHERE updated_at = 0) + (SELECT count(*) FROM payments "
         "WHERE updated_at = 0)",
         0},
        /* one search row per deal and client, as search_deal_ins and
         * search_client_ins write it */
        {"SELECT count(*) FROM search_fts", deals + clients},
        {"SELECT count(*) FROM deals d JOIN search_fts s ON s.rowid = d.id * 4 + 1 WHERE s.title "
         "= COALESCE(d.title, '') AND s.body = '' AND s.kind = 'deal' AND s.obj_id = d.id AND "
         "s.org_id = d.org_id AND s.owner = 'u' || d.owner_id",
         deals},
        {"SELECT count(*) FROM clients c JOIN search_fts s ON s.rowid = c.id * 4 + 2 WHERE "
         "s.title = c.name AND s.body = COALESCE(c.inn, '') || ' ' || COALESCE(c.phone_digits, "
         "'') || ' ' || COALESCE(c.email, '') AND s.kind = 'client' AND s.obj_id = c.id AND "
         "s.org_id = c.org_id AND s.owner = 'u' || c.owner_id",
         clients},
        /* the index finds them by a word */
        {"SELECT count(*) FROM search_fts WHERE search_fts MATCH 'title:ООО'",
         q(p, "SELECT count(*) FROM clients WHERE name LIKE 'ООО %'", 0)},
        /* the triggers and indexes are back */
        {"SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name IN "
         "('search_deal_ins', 'search_client_ins', 'deals_stage_since_insert', "
         "'stage_changes_since_insert', 'activities_updated_insert')",
         5},
        {"SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name IN ('activities_at', "
         "'deals_board', 'stage_changes_deal', 'tasks_updated', 'clients_owner')",
         5},
    };
    expect_all(p, 0, w, sizeof w / sizeof w[0]);
    release(&g);
}

Test(demo, nothing_after_as_of_and_closings_in_order, .timeout = 60)
{
    struct generated g;
    generate(&g, 2);
    const char *p = g.path;
    int64_t t = as_of_instant();
    const struct want w3[] = {
        {"SELECT count(*) FROM deals WHERE created_at > ?1", 0},
        {"SELECT count(*) FROM deals WHERE status != 'open' AND (closed_at IS NULL "
         "OR closed_at < created_at OR closed_at > ?1)",
         0},
        {"SELECT count(*) FROM deals WHERE status = 'open' AND closed_at IS NOT NULL", 0},
        {"SELECT count(*) FROM deals WHERE status = 'lost' AND loss_reason IS NULL", 0},
        {"SELECT count(*) FROM deals WHERE status = 'won' AND amount IS NULL", 0},
        {"SELECT count(*) FROM activities WHERE at > ?1", 0},
        {"SELECT count(*) FROM stage_changes WHERE at > ?1", 0},
        {"SELECT count(*) FROM tasks WHERE created_at > ?1 OR done_at > ?1", 0},
        {"SELECT count(*) FROM tasks WHERE done_at < created_at", 0},
        {"SELECT count(*) FROM payments WHERE paid_at > ?1", 0},
        {"SELECT count(*) FROM nps_responses WHERE at > ?1", 0},
        {"SELECT count(*) FROM activities a JOIN deals d ON d.id = a.deal_id "
         "WHERE a.at < d.created_at",
         0},
    };
    expect_all(p, t, w3, sizeof w3 / sizeof w3[0]);
    /* CRM hygiene has something to find, and most of it is clean. */
    int64_t overdue = q(p, "SELECT count(*) FROM tasks WHERE done_at IS NULL AND due_at < ?1", t);
    int64_t late = q(p, "SELECT count(*) FROM tasks WHERE done_at > due_at", 0);
    int64_t on_time = q(p, "SELECT count(*) FROM tasks WHERE done_at <= due_at", 0);
    cr_expect(overdue > 0 && late > 0 && on_time > late, "overdue %lld late %lld on time %lld",
              (long long)overdue, (long long)late, (long long)on_time);
    int64_t open = q(p, "SELECT count(*) FROM deals WHERE status = 'open'", 0);
    int64_t no_task = q(p,
                        "SELECT count(*) FROM deals d WHERE status = 'open' AND NOT EXISTS "
                        "(SELECT 1 FROM tasks k WHERE k.deal_id = d.id AND k.done_at IS NULL)",
                        0);
    cr_expect(no_task > 0 && no_task < open / 2, "open %lld without a task %lld", (long long)open,
              (long long)no_task);
    release(&g);
}

/* The people's side (demo_people.c): the library with a second version of
 * the script, three reviews of each manager (up to eight), a vacancy with
 * a candidate at every stage but hired, the required documents announced
 * to every manager, three trainings around as_of, the entry test assigned
 * and taken twice (10 of 10, 5 of 10), the struggling manager's ИПР; all
 * of it written at 10:00 of the as_of day. */
Test(demo, the_people_side, .timeout = 60)
{
    struct generated g;
    generate(&g, 3);
    int64_t ten = as_of_instant() + 1 - 14 * 3600; /* 10:00 of as_of, Moscow */
    const struct want w[] = {
        {"SELECT count(*) FROM documents", 3},
        {"SELECT count(*) FROM documents WHERE required_reading <> 0", 2},
        {"SELECT max(number) FROM document_versions", 2},
        {"SELECT count(*) FROM review_checklists", 1},
        {"SELECT count(*) FROM reviews", 3 * SMALL_MANAGERS},
        {"SELECT count(DISTINCT subject_id) FROM reviews", SMALL_MANAGERS},
        {"SELECT count(*) FROM reviews WHERE reviewed_at >= ?1", 0},
        {"SELECT count(*) FROM review_scores", 5 * 3 * SMALL_MANAGERS},
        {"SELECT count(*) FROM vacancies", 1},
        {"SELECT count(*) FROM candidates", 8},
        {"SELECT count(DISTINCT stage) FROM candidates", 6},
        {"SELECT count(*) FROM candidates WHERE stage = 'hired'", 0},
        {"SELECT count(*) FROM candidates WHERE stage = 'rejected' AND reject_reason IS NULL", 0},
        /* script v1 and v2, the regulation: three to each manager */
        {"SELECT count(*) FROM notifications WHERE kind = 'document_version'", 3 * SMALL_MANAGERS},
        /* held ten days before, the pair tomorrow, the reviews' suggestion */
        {"SELECT count(*) FROM trainings", 3},
        {"SELECT count(*) FROM trainings WHERE status = 'held' AND starts_at < ?1", 1},
        {"SELECT count(*) FROM trainings WHERE status = 'planned' AND starts_at > ?1", 2},
        {"SELECT count(*) FROM training_attendees WHERE attendance = 'attended'", 3},
        {"SELECT count(*) FROM training_attendees WHERE attendance = 'absent'", 1},
        /* the test assigned to every manager (four here); one passed */
        {"SELECT count(*) FROM attestation_assignments", SMALL_MANAGERS},
        {"SELECT count(*) FROM attestation_attempts WHERE pending = 0", 2},
        {"SELECT count(*) FROM attestation_attempts WHERE passed = 1 AND score = max_score", 1},
        {"SELECT count(*) FROM attestation_attempts WHERE passed = 0 AND score * 2 = max_score", 1},
        /* the struggling manager's ИПР: a funnel step, calls, a skill */
        {"SELECT count(*) FROM idp_plans WHERE status = 'active'", 1},
        {"SELECT count(*) FROM idp_goals WHERE metric = 'funnel_step'", 1},
        {"SELECT count(*) FROM idp_goals WHERE kind = 'skill'", 1},
        {"SELECT count(*) FROM idp_actions WHERE done_at IS NOT NULL", 1},
        {"SELECT count(*) FROM documents WHERE created_at != ?1", 0},
        {"SELECT count(*) FROM candidates WHERE created_at != ?1", 0},
        {"SELECT count(*) FROM notifications WHERE created_at != ?1", 0},
    };
    expect_all(g.path, ten, w, sizeof w / sizeof w[0]);
    release(&g);
}

Test(demo, stage_history_is_ordered, .timeout = 60)
{
    struct generated g;
    generate(&g, 3);
    const char *p = g.path;
    /* every deal starts in the first stage at its creation */
    const struct want w4[] = {
        {"SELECT count(*) FROM deals d WHERE (SELECT min(at) FROM stage_changes c "
         "WHERE c.deal_id = d.id) IS DISTINCT FROM d.created_at",
         0},
        {"SELECT count(*) FROM stage_changes c JOIN stages s ON s.id = c.stage_id "
         "JOIN deals d ON d.id = c.deal_id WHERE c.at = d.created_at AND s.position "
         "!= 1",
         0},
        /* later entries are later stages */
        {"SELECT count(*) FROM (SELECT s.position AS pos, lag(s.position) OVER "
         "(PARTITION BY c.deal_id ORDER BY c.at) AS prev FROM stage_changes c JOIN "
         "stages s ON s.id = c.stage_id) AS m WHERE prev IS NOT NULL AND pos <= prev",
         0},
        /* the current stage is the last one entered, and closing comes after it */
        {"SELECT count(*) FROM deals d WHERE stage_id IS DISTINCT FROM (SELECT c.stage_id FROM "
         "stage_changes c WHERE c.deal_id = d.id ORDER BY c.at DESC LIMIT 1)",
         0},
        {"SELECT count(*) FROM deals d WHERE closed_at < (SELECT max(at) FROM "
         "stage_changes c WHERE c.deal_id = d.id)",
         0},
        /* a won deal went through every stage */
        {"SELECT count(*) FROM deals d WHERE status = 'won' AND (SELECT count(*) "
         "FROM stage_changes c WHERE c.deal_id = d.id) != 5",
         0},
        /* the board's stage entry, set once after the bulk load (its
         * triggers are dropped during it), is every deal's last entry into
         * its stage; and the triggers are back */
        {"SELECT count(*) FROM deals d WHERE stage_since IS DISTINCT FROM (SELECT max(c.at) FROM "
         "stage_changes c WHERE c.deal_id = d.id AND c.stage_id = d.stage_id)",
         0},
        {vo_test_dialect("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND sql "
                         "LIKE '%SET stage_since%'",
                         "SELECT count(*) FROM pg_trigger t JOIN pg_proc f ON f.oid = t.tgfoid "
                         "WHERE NOT t.tgisinternal AND f.prosrc LIKE '%stage_since%'"),
         5},
    };
    expect_all(p, 0, w4, sizeof w4 / sizeof w4[0]);
    release(&g);
}

Test(demo, payments_only_after_a_win, .timeout = 60)
{
    struct generated g;
    generate(&g, 4);
    const char *p = g.path;
    const struct want w5[] = {
        {"SELECT count(*) FROM payments y JOIN deals d ON d.id = y.deal_id WHERE "
         "d.status != 'won' OR y.paid_at < d.closed_at",
         0},
        {"SELECT count(*) FROM payments WHERE deal_id IS NULL OR amount <= 0", 0},
        {"SELECT count(*) FROM (SELECT d.amount, sum(y.amount) AS paid FROM payments "
         "y JOIN deals d ON d.id = y.deal_id GROUP BY d.id, d.amount) AS p WHERE paid > amount",
         0},
    };
    expect_all(p, 0, w5, sizeof w5 / sizeof w5[0]);
    /* prepayments and instalments: some deals were paid in parts */
    cr_expect(q(p,
                "SELECT count(*) FROM (SELECT deal_id FROM payments GROUP BY deal_id "
                "HAVING count(*) > 1) AS p",
                0) > 0);
    release(&g);
}

Test(demo, forty_calls_per_working_day, .timeout = 60)
{
    struct generated g;
    generate(&g, 5);
    int64_t calls = q(g.path, "SELECT count(*) FROM activities WHERE type = 'call'", 0);
    double per_day = (double)calls / (double)(g.res.managers * g.res.working_days);
    cr_expect(per_day >= 30 && per_day <= 50, "%.1f calls per manager and working day", per_day);
    /* none on a day off (the 1st of January is one every year) */
    cr_expect_eq(q(g.path,
                   vo_test_dialect("SELECT count(*) FROM activities WHERE strftime('%m-%d', "
                                   "at, 'unixepoch', '+3 hours') = '01-01'",
                                   "SELECT count(*) FROM activities WHERE to_char(to_timestamp(at) "
                                   "AT TIME ZONE 'Europe/Moscow', 'MM-DD') = '01-01'"),
                   0),
                 0);
    /* managers differ: the busiest calls clearly more than the quietest */
    int64_t most = q(g.path,
                     "SELECT max(n) FROM (SELECT count(*) AS n FROM activities WHERE type = "
                     "'call' GROUP BY user_id) AS c",
                     0);
    int64_t least = q(g.path,
                      "SELECT min(n) FROM (SELECT count(*) AS n FROM activities WHERE type = "
                      "'call' GROUP BY user_id) AS c",
                      0);
    cr_expect(most > least * 11 / 10, "calls range %lld..%lld", (long long)least, (long long)most);
    release(&g);
}

Test(demo, plans_for_every_manager_and_month, .timeout = 60)
{
    struct generated g;
    generate(&g, 6);
    const char *p = g.path;
    const struct want w6[] = {
        {"SELECT count(*) FROM (SELECT DISTINCT u.id, pl.period FROM users u JOIN "
         "plans pl ON pl.scope_kind = 'user' AND pl.scope_id = u.id WHERE u.role = "
         "'manager') AS m",
         SMALL_MANAGERS * SMALL_MONTHS},
        {"SELECT count(*) FROM users u WHERE u.role = 'manager' AND (SELECT count(*) "
         "FROM plans pl WHERE pl.scope_kind = 'user' AND pl.scope_id = u.id) != ?1",
         0},
        {"SELECT count(*) FROM plans WHERE target <= 0", 0},
        {"SELECT min(period) = '2025-09' FROM plans", 1},
        {"SELECT max(period) = '2026-02' FROM plans", 1},
        /* the org's plan is the sum of the managers' */
        {"SELECT count(*) FROM plans o WHERE o.scope_kind = 'org' AND o.target != "
         "(SELECT sum(target) FROM plans u WHERE u.scope_kind = 'user' AND u.period "
         "= o.period AND u.metric = o.metric)",
         0},
    };
    expect_all(p, SMALL_MONTHS * 7, w6, sizeof w6 / sizeof w6[0]);
    release(&g);
}

Test(demo, holidays_of_the_production_calendar, .timeout = 60)
{
    struct generated g;
    generate(&g, 7);
    const char *p = g.path;
    const struct want w7[] = {
        {"SELECT count(*) FROM holidays WHERE date = '2026-01-07' AND kind = "
         "'holiday'",
         1},
        {"SELECT count(*) FROM holidays WHERE date = '2025-11-01' AND kind = "
         "'workday'",
         1},
        {"SELECT count(*) FROM holidays WHERE date = '2025-12-31' AND kind = "
         "'holiday'",
         1},
    };
    expect_all(p, 0, w7, sizeof w7 / sizeof w7[0]);
    release(&g);
}

/* Working days of a year under vo_prodcal_year. */
static int working_days(int year)
{
    struct vo_holiday cal[64];
    size_t n = vo_prodcal_year(year, cal, 64, NULL);
    int wd = 0;
    for (struct vo_date d = {year, 1, 1}; d.y == year; d = vo_date_add_days(d, 1)) {
        bool work = vo_date_weekday(d) < 6;
        for (size_t i = 0; i < n; i++)
            if (cal[i].m == d.m && cal[i].d == d.d)
                work = cal[i].kind == VO_DAY_WORKDAY;
        wd += work;
    }
    return wd;
}

Test(demo, calendar_as_decreed)
{
    /* The official totals of the five-day week. */
    cr_expect_eq(working_days(2024), 248);
    cr_expect_eq(working_days(2025), 247);
    cr_expect_eq(working_days(2026), 247);
    bool official = false;
    struct vo_holiday cal[64];
    size_t n = vo_prodcal_year(2025, cal, 64, &official);
    cr_expect(official);
    bool sat = false;
    for (size_t i = 0; i < n; i++)
        sat = sat || (cal[i].m == 11 && cal[i].d == 1 && cal[i].kind == VO_DAY_WORKDAY);
    cr_expect(sat, "2025-11-01 is a working Saturday");
    for (size_t i = 1; i < n; i++)
        cr_expect(cal[i - 1].m * 100 + cal[i - 1].d < cal[i].m * 100 + cal[i].d, "date order");
    /* A year without a decree follows the rule of art. 112 alone. */
    n = vo_prodcal_year(2029, cal, 64, &official);
    cr_expect(!official);
    /* 2029: Jun 12 is a Tuesday, Nov 4 a Sunday -> Nov 5 off. */
    bool nov5 = false;
    for (size_t i = 0; i < n; i++)
        nov5 = nov5 || (cal[i].m == 11 && cal[i].d == 5 && cal[i].kind == VO_DAY_HOLIDAY);
    cr_expect(nov5, "2029-11-04 is a Sunday: Monday 5th is off");
}

Test(demo, refuses_a_database_with_an_org, .timeout = 60)
{
    char *dir = vo_test_tmpdir();
    char *db = vo_test_db(dir, "x.db");
    char *cmd = g_strdup_printf("%s demo --db '%s' --deals 200 --managers 2 --months 2 "
                                "--as-of 2025-06-30",
                                vo_test_binary(), db);
    g_free(db);
    char *out = NULL;
    cr_assert_eq(vo_test_run(cmd, &out), 0, "%s", out);
    cr_expect(strstr(out, "head@demo.voronka") != NULL, "%s", out);
    cr_expect(strstr(out, "activities") != NULL, "%s", out);
    g_free(out);
    cr_expect_neq(vo_test_run(cmd, &out), 0, "%s", out);
    cr_expect(strstr(out, "--force") != NULL, "%s", out);
    g_free(out);
    char *forced = g_strdup_printf("%s --force", cmd);
    cr_expect_eq(vo_test_run(forced, &out), 0, "%s", out);
    g_free(out);
    g_free(forced);
    g_free(cmd);
    vo_test_rmtree(dir);
    g_free(dir);
}
