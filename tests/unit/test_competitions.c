/*
 * test_competitions.c - the competitions use cases (service/
 * competitions.c) on the org of test_leaderboard.c, with the clock given
 * to each read (never today's date).
 *
 * The org (Europe/Moscow, local times), November 2025:
 *   team Sales: Anna, Boris; team North: Gleb; Vera (no team).
 *   won deals (revenue, kopecks): Anna 300000 on 11-10, Boris 200000 on
 *     11-12, Vera 200000 on 11-20, Gleb 100000 on 11-25 (and 900000 on
 *     12-01, after November).
 *   revenue plans for 2025-11: Anna 600000, Boris 200000, Gleb 100000.
 *
 * By hand:
 *   "Ноябрь" (revenue, Nov 1..30, Anna + Boris + Vera):
 *     read at 11-15 12:00 (running; as of that instant): Anna 300000 (1),
 *       Boris 200000 (2), Vera 0 (3: her deal is on 11-20).
 *     read at 12-05 (finished; final as of the end of Nov 30): Anna 300000
 *       (1), Boris 200000 (2), Vera 200000 (2); winner Anna. A deal of
 *       Vera's of 500000 on 11-28 added later does not move it.
 *   "Пара" (revenue, Boris + Vera): 200000 each: both rank 1, both win.
 *   "План" (revenue pct, Anna + Boris + Vera): Boris 1.0 (1), Anna 0.5
 *     (2); Vera has no plan: left out.
 *   "Команды" (revenue, teams, all): Sales 500000 (1), North 100000 (2).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "analytics/dataset.h"
#include "base/timeutil.h"
#include "fixture.h"
#include "service/competitions.h"
#include "service/report.h"
#include "testutil.h"

static char *dir;
static struct vo_store *st;
static struct vo_svc svc;
static struct vo_arena arena;
static struct vo_dataset *ds;
static int64_t anna, boris, vera, gleb, team, north, pipe, s_new;

static void won(const char *ext, int64_t owner, int64_t amount, const char *closed)
{
    vo_fx_deal((struct vo_fx_deal){ext, pipe, s_new, owner, 0, VO_DEAL_WON, amount,
                                   "2025-11-01 10:00", closed, NULL, NULL});
}

static void setup(void)
{
    vo_fx_open(&dir, &st, &svc, &arena);
    vo_fx_sales(&team, &anna, &boris, &vera, &pipe, &s_new);
    north = vo_fx_team("North");
    gleb = vo_test_manager(st, &svc, "Gleb", "gleb@example.com", north);
    won("D1", anna, 300000, "2025-11-10 12:00");
    won("D2", boris, 200000, "2025-11-12 12:00");
    won("D3", vera, 200000, "2025-11-20 12:00");
    won("D4", gleb, 100000, "2025-11-25 12:00");
    won("D5", gleb, 900000, "2025-12-01 00:00");
    vo_fx_plan(2025, 11, VO_SCOPE_USER, anna, VO_M_REVENUE, 600000);
    vo_fx_plan(2025, 11, VO_SCOPE_USER, boris, VO_M_REVENUE, 200000);
    vo_fx_plan(2025, 11, VO_SCOPE_USER, gleb, VO_M_REVENUE, 100000);
    struct vo_error e = {0};
    cr_assert_eq(vo_store_commit(st, &e), VO_OK, "%s", e.msg);
    vo_fx_reload(&ds);
}

static void teardown(void)
{
    vo_test_org_end(&dir, &st, &svc, &arena, &ds);
}

TestSuite(competitions, .init = setup, .fini = teardown);

/* Creates a competition as the operator; its id. */
static int64_t make(const char *name, bool pct, bool teams, const int64_t *m, size_t n,
                    const char *first, const char *last)
{
    struct vo_comp_input in = {.name = name,
                               .metric = "revenue",
                               .first_day = first,
                               .last_day = last,
                               .prize = "Ужин",
                               .pct = &pct,
                               .teams = &teams,
                               .members = m,
                               .nmembers = n,
                               .members_given = true};
    struct vo_error e = {0};
    int64_t id = 0;
    cr_assert_eq(vo_svc_competition_create(&svc, ds, &in, &id, &e), VO_OK, "%s", e.msg);
    return id;
}

static struct vo_comp get(int64_t id, const char *now)
{
    struct vo_comp k;
    struct vo_error e = {0};
    cr_assert_eq(vo_svc_competition_get(&svc, ds, id, vo_fx_at(now), &k, &e), VO_OK, "%s", e.msg);
    return k;
}

struct want {
    const char *name;
    int32_t rank;
    double value;
};
static void expect(const struct vo_comp *k, const struct want *w, size_t n)
{
    cr_assert_eq(k->nrows, n, "%zu rows, want %zu", k->nrows, n);
    for (size_t i = 0; i < n; i++) {
        cr_expect_str_eq(k->rows[i].name, w[i].name, "row %zu", i);
        cr_expect_eq(k->rows[i].rank, w[i].rank, "row %zu (%s)", i, w[i].name);
        cr_expect(fabs(k->rows[i].value - w[i].value) < 1e-12, "row %zu (%s): %.10g, want %.10g", i,
                  w[i].name, k->rows[i].value, w[i].value);
    }
}

static int64_t audits(const char *action)
{
    struct vo_error e = {0};
    struct vo_audit_filter f = {.action = action, .from = VO_NULL, .to = VO_NULL, .limit = 100};
    struct vo_audit_entry *v = NULL;
    size_t n = 0;
    cr_assert_eq(vo_store_audit_list(st, svc.org.id, &f, &arena, &v, &n, &e), VO_OK, "%s", e.msg);
    return (int64_t)n;
}

Test(competitions, live_then_frozen_winner)
{
    const int64_t m[] = {anna, boris, vera};
    int64_t id = make("Ноябрь", false, false, m, 3, "2025-11-01", "2025-11-30");
    cr_expect_eq(audits("competition.create"), 1);
    struct vo_comp k = get(id, "2025-10-20 10:00");
    cr_expect_str_eq(k.status, "upcoming");
    cr_expect_eq(k.nrows, 0);
    k = get(id, "2025-11-15 12:00");
    cr_expect_str_eq(k.status, "running");
    cr_expect(!k.final);
    const struct want live[] = {{"Anna", 1, 300000}, {"Boris", 2, 200000}, {"Vera", 3, 0}};
    expect(&k, live, 3);
    cr_expect_eq(k.c.fixed_at, VO_NULL);

    k = get(id, "2025-12-05 09:00");
    cr_expect_str_eq(k.status, "finished");
    cr_expect(k.final);
    const struct want fin[] = {{"Anna", 1, 300000}, {"Boris", 2, 200000}, {"Vera", 2, 200000}};
    expect(&k, fin, 3);
    cr_expect_eq(k.c.fixed_at, vo_fx_at("2025-12-05 09:00"));
    cr_expect_eq(audits("competition.finish"), 1);

    /* a late deal in November: the live board would change, the final
     * standings do not, and they are not fixed twice */
    struct vo_error e = {0};
    cr_assert_eq(vo_store_begin(st, &e), VO_OK);
    won("D6", vera, 500000, "2025-11-28 12:00");
    cr_assert_eq(vo_store_commit(st, &e), VO_OK);
    vo_fx_reload(&ds);
    k = get(id, "2025-12-06 09:00");
    expect(&k, fin, 3);
    cr_expect_eq(audits("competition.finish"), 1);
}

Test(competitions, ties_share_the_win_and_pct_leaves_out_no_plan)
{
    const int64_t pair[] = {vera, boris};
    int64_t id = make("Пара", false, false, pair, 2, "2025-11-01", "2025-11-30");
    struct vo_comp k = get(id, "2025-12-01 10:00");
    const struct want w[] = {{"Boris", 1, 200000}, {"Vera", 1, 200000}};
    expect(&k, w, 2);
    cr_expect(k.final);

    const int64_t three[] = {anna, boris, vera};
    id = make("План", true, false, three, 3, "2025-11-01", "2025-11-30");
    k = get(id, "2025-11-30 20:00");
    cr_expect_str_eq(k.status, "running");
    const struct want p[] = {{"Boris", 1, 1.0}, {"Anna", 2, 0.5}};
    expect(&k, p, 2);
}

Test(competitions, teams_rank_by_summed_fact)
{
    int64_t id = make("Команды", false, true, NULL, 0, "2025-11-01", "2025-11-30");
    struct vo_comp k = get(id, "2025-12-01 10:00");
    const struct want w[] = {{"Sales", 1, 500000}, {"North", 2, 100000}};
    expect(&k, w, 2);
    cr_expect_eq(k.rows[0].member_id, team);
}

/* A manager sees the competitions they take part in, as a user or through
 * their team; the others are not found. */
Test(competitions, a_manager_sees_their_own)
{
    const int64_t pair[] = {vera, boris};
    int64_t mine = make("Пара", false, false, pair, 2, "2025-11-01", "2025-11-30");
    int64_t teams = make("Команды", false, true, NULL, 0, "2025-11-01", "2025-11-30");
    svc.actor_id = anna;
    svc.actor_role = VO_ROLE_MANAGER;
    struct vo_comp k;
    struct vo_error e = {0};
    cr_expect_eq(vo_svc_competition_get(&svc, ds, mine, vo_fx_at("2025-11-15 10:00"), &k, &e),
                 VO_ENOTFOUND);
    cr_expect_eq(vo_svc_competition_get(&svc, ds, teams, vo_fx_at("2025-11-15 10:00"), &k, &e),
                 VO_OK, "%s", e.msg);
    struct vo_comp *v = NULL;
    size_t n = 0;
    cr_assert_eq(vo_svc_competition_list(&svc, ds, NULL, vo_fx_at("2025-11-15 10:00"), &v, &n, &e),
                 VO_OK);
    cr_expect_eq(n, 1);
    /* Vera has no team: the team competition is not hers */
    svc.actor_id = vera;
    cr_assert_eq(vo_svc_competition_list(&svc, ds, NULL, vo_fx_at("2025-11-15 10:00"), &v, &n, &e),
                 VO_OK);
    cr_expect_eq(n, 1);
    cr_expect_eq(v[0].c.id, mine);
    /* and a manager does not create one */
    struct vo_comp_input in = {
        .name = "x", .metric = "revenue", .first_day = "2025-11-01", .last_day = "2025-11-02"};
    int64_t id = 0;
    cr_expect_eq(vo_svc_competition_create(&svc, ds, &in, &id, &e), VO_EPERM);
}

Test(competitions, active_and_status_filter)
{
    const int64_t m[] = {anna, boris, vera};
    int64_t nov = make("Ноябрь", false, false, m, 3, "2025-11-01", "2025-11-30");
    make("Декабрь", false, false, m, 3, "2025-12-01", "2025-12-31");
    struct vo_comp *v = NULL;
    size_t n = 0;
    struct vo_error e = {0};
    /* as of the end of Nov 15: November runs, December is to come */
    cr_assert_eq(vo_svc_competitions_active(&svc, ds, vo_fx_at("2025-11-16 00:00"), 2, &v, &n, &e),
                 VO_OK, "%s", e.msg);
    cr_assert_eq(n, 1);
    cr_expect_eq(v[0].c.id, nov);
    const struct want top[] = {{"Anna", 1, 300000}, {"Boris", 2, 200000}};
    expect(&v[0], top, 2);
    cr_assert_eq(
        vo_svc_competition_list(&svc, ds, "upcoming", vo_fx_at("2025-11-15 10:00"), &v, &n, &e),
        VO_OK);
    cr_expect_eq(n, 1);
    cr_expect_str_eq(v[0].c.name, "Декабрь");
    cr_expect_eq(vo_svc_competition_list(&svc, ds, "soon", 0, &v, &n, &e), VO_EINVAL);
    cr_expect_str_eq(e.field, "status");
    /* the tick fixes what ended: November by Dec 2 */
    size_t fixed = 0;
    cr_assert_eq(vo_svc_competitions_fix_due(&svc, ds, vo_fx_at("2025-12-02 00:00"), &fixed, &e),
                 VO_OK);
    cr_expect_eq(fixed, 1);
    cr_expect_eq(audits("competition.finish"), 1);
}

/* The input's bounds, each naming its field. */
Test(competitions, bounds)
{
    const int64_t stranger[] = {999999};
    bool yes = true;
    struct {
        struct vo_comp_input in;
        const char *field;
    } cases[] = {
        {{.metric = "revenue", .first_day = "2025-11-01", .last_day = "2025-11-30"}, "name"},
        {{.name = "x", .metric = "revnue", .first_day = "2025-11-01", .last_day = "2025-11-30"},
         "metric"},
        {{.name = "x", .metric = "revenue", .first_day = "2025-11-30", .last_day = "2025-11-01"},
         "last_day"},
        {{.name = "x", .metric = "revenue", .first_day = "2025-01-01", .last_day = "2026-01-02"},
         "last_day"},
        {{.name = "x", .metric = "revenue", .first_day = "2025-11-31", .last_day = "2025-12-01"},
         "first_day"},
        {{.name = "x",
          .metric = "revenue",
          .first_day = "2025-11-01",
          .last_day = "2025-11-30",
          .members = stranger,
          .nmembers = 1,
          .members_given = true},
         "participants"},
        {{.name = "x",
          .metric = "revenue",
          .first_day = "2025-11-01",
          .last_day = "2025-11-30",
          .teams = &yes,
          .members = stranger,
          .nmembers = 1,
          .members_given = true},
         "participants"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct vo_error e = {0};
        int64_t id = 0;
        cr_expect_eq(vo_svc_competition_create(&svc, ds, &cases[i].in, &id, &e), VO_EINVAL,
                     "case %zu", i);
        cr_expect_str_eq(e.field, cases[i].field, "case %zu: %s", i, e.msg);
    }
    /* 2025-01-01..2025-12-31 is 365 days, within the bound */
    struct vo_comp_input year = {
        .name = "Год", .metric = "revenue", .first_day = "2025-01-01", .last_day = "2025-12-31"};
    struct vo_error e = {0};
    int64_t id = 0;
    cr_expect_eq(vo_svc_competition_create(&svc, ds, &year, &id, &e), VO_OK, "%s", e.msg);
}

/* A competition that is over or cancelled is not changed; one still to
 * come is changed and cancelled (dates far ahead: whatever today is). */
Test(competitions, change_and_cancel)
{
    const int64_t m[] = {anna, boris};
    int64_t old = make("Ноябрь", false, false, m, 2, "2025-11-01", "2025-11-30");
    int64_t later = make("Потом", false, false, m, 2, "2199-01-01", "2199-01-31");
    struct vo_comp_input in = {.prize = "Отпуск"};
    struct vo_error e = {0};
    cr_expect_eq(vo_svc_competition_update(&svc, ds, old, &in, NULL, &e), VO_ECONFLICT);
    int64_t v0 = 0;
    cr_expect_eq(vo_svc_competition_update(&svc, ds, later, &in, &v0, &e), VO_OK, "%s", e.msg);
    cr_expect_eq(vo_svc_competition_update(&svc, ds, later, &in, &v0, &e), VO_ESTALE);
    struct vo_comp k = get(later, "2198-12-01 10:00");
    cr_expect_str_eq(k.c.prize, "Отпуск");
    cr_expect_eq(k.c.rev, 1);
    cr_expect_eq(k.nmembers, 2);
    cr_expect_eq(vo_svc_competition_cancel(&svc, ds, later, NULL, &e), VO_OK, "%s", e.msg);
    k = get(later, "2198-12-01 10:00");
    cr_expect_str_eq(k.status, "cancelled");
    cr_expect_eq(vo_svc_competition_cancel(&svc, ds, later, NULL, &e), VO_ECONFLICT);
    cr_expect_eq(audits("competition.update"), 1);
    cr_expect_eq(audits("competition.cancel"), 1);
}

/* "Ноябрь" (its id) and "Декабрь" of Anna, Boris and Vera, and the query
 * of the meeting on `date` (as of its start). */
static int64_t meeting(const char *date, struct vo_report_query *q)
{
    static struct vo_report_args a;
    const int64_t m[] = {anna, boris, vera};
    int64_t nov = make("Ноябрь", false, false, m, 3, "2025-11-01", "2025-11-30");
    make("Декабрь", false, false, m, 3, "2025-12-01", "2025-12-31");
    a = (struct vo_report_args){.date = date};
    struct vo_error e = {0};
    cr_assert_eq(vo_svc_report_query(&svc, ds, &a, q, &e), VO_OK, "%s", e.msg);
    return nov;
}

/* The weekly meeting's standings (vo_svc_report_review): the week's revenue
 * leaderboard and the competitions running at the meeting.
 * Meeting Mon 2025-11-17 (as of its start): the week reviewed is Nov
 * 10..16: Anna 300000 (D1 11-10) -> 1, Boris 200000 (D2 11-12) -> 2, Gleb
 * 0 and Vera 0 -> 3, 3 (by name). Running at Nov 16's end: "Ноябрь"
 * (Nov 1..30), its top 5 as of then: Anna 300000, Boris 200000, Vera 0;
 * not "Декабрь". */
Test(competitions, weekly_review_standings)
{
    struct vo_report_query q;
    int64_t nov = meeting("2025-11-17", &q);
    struct vo_error e = {0};
    struct vo_review r;
    cr_assert_eq(vo_svc_report_review(&svc, &q, false, &r, &e), VO_OK, "%s", e.msg);
    const char *names[] = {"Anna", "Boris", "Gleb", "Vera"};
    const int32_t ranks[] = {1, 2, 3, 3};
    const double values[] = {300000, 200000, 0, 0};
    cr_assert_eq(r.leaderboard.n, 4);
    for (size_t i = 0; i < 4; i++) {
        cr_expect_str_eq(r.leaderboard.rows[i].name, names[i]);
        cr_expect_eq(r.leaderboard.rows[i].rank, ranks[i]);
        cr_expect(fabs(r.leaderboard.rows[i].value - values[i]) < 1e-9);
    }
    cr_assert_eq(r.ncomps, 1);
    cr_expect_eq(r.comps[0].id, nov);
    cr_assert_eq(r.comps[0].nrows, 3);
    cr_expect_str_eq(r.comps[0].rows[0].name, "Anna");
    cr_expect(fabs(r.comps[0].rows[1].value - 200000) < 1e-9);
    cr_expect_eq(r.comps[0].rows[2].rank, 3);
}

/* The daily meeting's standings (vo_svc_report_daily): the competitions
 * running at the meeting. Meeting Tue 2025-11-18 (as of its start): running
 * "Ноябрь" (Nov 1..30), its top 5 as of then: Anna 300000 (D1 11-10) -> 1,
 * Boris 200000 (D2 11-12) -> 2, Vera 0 (D3 is on 11-20) -> 3; not
 * "Октябрь" (ended Oct 31) nor "Декабрь" (starts Dec 1). */
Test(competitions, daily_report_standings)
{
    const int64_t m[] = {anna, boris, vera};
    make("Октябрь", false, false, m, 3, "2025-10-01", "2025-10-31");
    struct vo_report_query q;
    int64_t nov = meeting("2025-11-18", &q);
    struct vo_error e = {0};
    struct vo_daily r;
    cr_assert_eq(vo_svc_report_daily(&svc, &q, &r, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(r.ncomps, 1);
    cr_expect_eq(r.comps[0].id, nov);
    cr_expect_str_eq(r.comps[0].name, "Ноябрь");
    const char *names[] = {"Anna", "Boris", "Vera"};
    const int32_t ranks[] = {1, 2, 3};
    const double values[] = {300000, 200000, 0};
    cr_assert_eq(r.comps[0].nrows, 3);
    for (size_t i = 0; i < 3; i++) {
        cr_expect_str_eq(r.comps[0].rows[i].name, names[i]);
        cr_expect_eq(r.comps[0].rows[i].rank, ranks[i]);
        cr_expect(fabs(r.comps[0].rows[i].value - values[i]) < 1e-9);
    }
}
