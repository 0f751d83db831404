/*
 * test_api_board.c - the deals board (docs/api-crm.md, "Board"): each
 * column's count, sum and deals without an amount over every matching open
 * deal, worked out by hand below; the cards longest in the stage first
 * (ties by id) and paged with no card twice and none missed; a manager's
 * board of their own deals only whatever the owner asked; the stuck
 * filter (more whole days in the stage than its max_days); the refusals
 * naming their parameter.
 *
 * The deals are made through the API, then their past is written into the
 * database (created_at and the stage entry) so that days in the stage do
 * not depend on today's date: a deal "aged d days" entered its stage d
 * days and an hour ago.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <stdint.h>
#include <string.h>

#include "api_fixture.h"
#include "base/timeutil.h"
#include "testutil.h"

static void setup(void)
{
    vo_api_start_crm(NULL, true, "Новая", "Переговоры", "Счёт", NULL);
}

TestSuite(api_board, .init = setup, .fini = vo_api_stop, .timeout = 120);

/* A new deal of who's in stage with amount (< 0: none), aged `days`. */
static int64_t deal(const char *who, const char *stage, int64_t amount, int days)
{
    const char *body =
        amount < 0 ? vo_api_fmt("{\"title\":\"%s %s\",\"pipeline\":\"Продажи\",\"stage\":\"%s\"}",
                                who, stage, stage)
                   : vo_api_fmt("{\"title\":\"%s %s\",\"pipeline\":\"Продажи\",\"stage\":\"%s\","
                                "\"amount\":%lld}",
                                who, stage, stage, (long long)amount);
    int64_t id = vo_api_create(vo_api_user(who), "/api/v1/deals", body);
    int64_t at = vo_now() - (int64_t)days * 86400 - 3600;
    vo_api_sql(vo_api_fmt("UPDATE deals SET created_at = %lld WHERE id = %lld; UPDATE "
                          "stage_changes SET at = %lld WHERE deal_id = %lld",
                          (long long)at, (long long)id, (long long)at, (long long)id));
    return id;
}

/* The board's answer to GET path as who (200); a new reference. */
static json_t *get(const char *who, const char *path)
{
    struct vo_test_resp r = as(vo_api_user(who), "GET", path, NULL);
    vo_test_expect(&r, 200, NULL, path);
    json_t *v = json_incref(r.json);
    vo_test_resp_free(&r);
    return v;
}

/* The column of stage name in a board answer (borrowed). */
static json_t *column(json_t *board, const char *name)
{
    json_t *cols = json_object_get(board, "columns"), *c;
    size_t i;
    json_array_foreach(cols, i, c)
    {
        if (strcmp(jstr(json_object_get(c, "stage"), "name"), name) == 0)
            return c;
    }
    cr_assert_fail("no column %s", name);
    return NULL;
}

/* The column's count, sum and amount_missing must be these, its items the
 * ids of ids[0..n-1] in that order. */
static void expect_column(json_t *c, json_int_t count, json_int_t sum, json_int_t missing,
                          const int64_t *ids, size_t n)
{
    const char *name = jstr(json_object_get(c, "stage"), "name");
    cr_assert_eq(jint(c, "count"), count, "%s count %lld", name, (long long)jint(c, "count"));
    cr_assert_eq(jint(c, "sum"), sum, "%s sum", name);
    cr_assert_eq(jint(c, "amount_missing"), missing, "%s amount_missing", name);
    json_t *items = json_object_get(c, "items");
    cr_assert_eq(json_array_size(items), n, "%s: %zu cards", name, json_array_size(items));
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(jint(json_array_get(items, i), "id"), ids[i], "%s card %zu", name, i);
}

struct fixture {
    int64_t a1, a2, a3, a4, b1, b2;
};

/* The deals of the hand-worked figures (Новая may stay 5 days):
 *   anna  a1 Новая 100 000, 10 days (stuck); a2 Новая 250 050, 2 days;
 *         a3 Новая no amount, 7 days (stuck); a4 Переговоры 300 000, 1 day;
 *         a lost deal in Новая (not on the board);
 *   boris b1 Новая 40 000, 3 days; b2 Переговоры no amount, 20 days (the
 *         stage has no limit: not stuck); a won deal in Новая (not on it);
 *   anna  a deal of 777 in the pipeline "Опт" (another board). */
static struct fixture make_deals(void)
{
    struct fixture f;
    f.a1 = deal("anna", "Новая", 100000, 10);
    f.a2 = deal("anna", "Новая", 250050, 2);
    f.a3 = deal("anna", "Новая", -1, 7);
    f.a4 = deal("anna", "Переговоры", 300000, 1);
    f.b1 = deal("boris", "Новая", 40000, 3);
    f.b2 = deal("boris", "Переговоры", -1, 20);
    int64_t lost = deal("anna", "Новая", 5000, 4), won = deal("boris", "Новая", 999, 4);
    vo_api_expect(vo_api_user("anna"), "POST", vo_api_deal_path(lost, "/lose"),
                  "{\"reason\":\"Дорого\"}", 200, NULL, NULL);
    vo_api_expect(vo_api_user("boris"), "POST", vo_api_deal_path(won, "/win"), "{}", 200, NULL,
                  NULL);
    const struct vo_test_login *head = vo_api_user("head");
    int64_t opt = vo_api_create(head, "/api/v1/pipelines", "{\"name\":\"Опт\"}");
    vo_api_expect(head, "POST", vo_api_fmt("/api/v1/pipelines/%lld/stages", (long long)opt),
                  "{\"name\":\"Старт\"}", 201, NULL, NULL);
    vo_api_create(vo_api_user("anna"), "/api/v1/deals",
                  "{\"title\":\"Опт\",\"pipeline\":\"Опт\",\"amount\":777}");
    vo_api_sql("UPDATE stages SET max_days = 5 WHERE name = 'Новая'");
    return f;
}

Test(api_board, figures_and_order_as_head)
{
    struct fixture f = make_deals();
    json_t *b = get("head", "/api/v1/board");
    /* no pipeline_id: the org's first, Продажи, its stages in order */
    cr_assert_str_eq(jstr(json_object_get(b, "pipeline"), "name"), "Продажи");
    json_t *cols = json_object_get(b, "columns");
    cr_assert_eq(json_array_size(cols), 3);
    cr_assert_str_eq(jstr(json_object_get(json_array_get(cols, 0), "stage"), "name"), "Новая");
    cr_assert_eq(jint(json_object_get(json_array_get(cols, 0), "stage"), "max_days"), 5);
    /* Новая: a1, a2, a3, b1 open; sum 100 000 + 250 050 + 40 000 = 390 050;
     * a3 has no amount. Longest in the stage first: a1 (10), a3 (7), b1 (3),
     * a2 (2). */
    expect_column(column(b, "Новая"), 4, 390050, 1, (int64_t[]){f.a1, f.a3, f.b1, f.a2}, 4);
    /* Переговоры: b2 (20 days, no amount) before a4 (1 day, 300 000) */
    expect_column(column(b, "Переговоры"), 2, 300000, 1, (int64_t[]){f.b2, f.a4}, 2);
    expect_column(column(b, "Счёт"), 0, 0, 0, NULL, 0);
    json_t *a1 = json_array_get(json_object_get(column(b, "Новая"), "items"), 0);
    cr_assert_eq(jint(a1, "days_in_stage"), 10);
    cr_assert_str_eq(jstr(a1, "owner"), "Анна Менеджер");
    cr_assert(json_is_null(json_object_get(column(b, "Новая"), "next_cursor")));
    json_decref(b);

    /* the owner filter: boris's only (b1; b2) */
    b = get("head", vo_api_fmt("/api/v1/board?owner_id=%lld", (long long)vo_api_boris_id));
    expect_column(column(b, "Новая"), 1, 40000, 0, (int64_t[]){f.b1}, 1);
    expect_column(column(b, "Переговоры"), 1, 0, 1, (int64_t[]){f.b2}, 1);
    json_decref(b);
    /* limit=0: the figures without cards */
    b = get("viewer", "/api/v1/board?limit=0");
    expect_column(column(b, "Новая"), 4, 390050, 1, NULL, 0);
    json_decref(b);
}

Test(api_board, a_manager_sees_only_their_own)
{
    struct fixture f = make_deals();
    /* anna: Новая a1, a3, a2 (100 000 + 250 050); Переговоры a4. Asking
     * for boris's changes nothing: a manager's board is their own. */
    const char *paths[] = {"/api/v1/board",
                           vo_api_fmt("/api/v1/board?owner_id=%lld", (long long)vo_api_boris_id)};
    for (size_t i = 0; i < 2; i++) {
        json_t *b = get("anna", paths[i]);
        expect_column(column(b, "Новая"), 3, 350050, 1, (int64_t[]){f.a1, f.a3, f.a2}, 3);
        expect_column(column(b, "Переговоры"), 1, 300000, 0, (int64_t[]){f.a4}, 1);
        json_decref(b);
    }
    /* boris's column page: b1 only */
    json_t *b = get("boris", "/api/v1/board");
    int64_t novaya = jint(json_object_get(column(b, "Новая"), "stage"), "id");
    json_decref(b);
    json_t *c = get("boris", vo_api_fmt("/api/v1/board/stages/%lld", (long long)novaya));
    expect_column(c, 1, 40000, 0, (int64_t[]){f.b1}, 1);
    json_decref(c);
}

Test(api_board, stuck_only)
{
    struct fixture f = make_deals();
    /* more than 5 whole days in Новая: a1 (10), a3 (7, no amount); b1 (3)
     * and a2 (2) are not; Переговоры has no limit */
    json_t *b = get("head", "/api/v1/board?stuck=1");
    expect_column(column(b, "Новая"), 2, 100000, 1, (int64_t[]){f.a1, f.a3}, 2);
    expect_column(column(b, "Переговоры"), 0, 0, 0, NULL, 0);
    json_decref(b);
    /* a deal 5 days and an hour in: 5 whole days is not more than 5 */
    int64_t five = deal("head", "Новая", 1, 5);
    b = get("head", "/api/v1/board?stuck=1&limit=0");
    expect_column(column(b, "Новая"), 2, 100000, 1, NULL, 0);
    json_decref(b);
    vo_api_sql(vo_api_fmt("UPDATE deals SET created_at = created_at - 86400 WHERE id = %lld; "
                          "UPDATE stage_changes SET at = at - 86400 WHERE deal_id = %lld",
                          (long long)five, (long long)five));
    b = get("head", "/api/v1/board?stuck=1");
    expect_column(column(b, "Новая"), 3, 100001, 1, (int64_t[]){f.a1, f.a3, five}, 3);
    json_decref(b);
}

/* Every page of stage's column as who, limit cards at a time, appended to
 * ids (the board's first page, then the column's pages): the count of
 * pages. */
static size_t all_pages(const char *who, const char *stage, int limit, GArray *ids)
{
    json_t *b = get(who, vo_api_fmt("/api/v1/board?limit=%d", limit));
    json_t *c = json_incref(column(b, stage));
    int64_t stage_id = jint(json_object_get(c, "stage"), "id");
    json_decref(b);
    size_t pages = 0;
    for (;;) {
        pages++;
        json_t *items = json_object_get(c, "items"), *it;
        size_t i;
        cr_assert_leq(json_array_size(items), (size_t)limit);
        json_array_foreach(items, i, it)
        {
            int64_t id = jint(it, "id");
            g_array_append_val(ids, id);
        }
        const char *next = json_string_value(json_object_get(c, "next_cursor"));
        if (!next) {
            json_decref(c);
            return pages;
        }
        const char *path = vo_api_fmt("/api/v1/board/stages/%lld?limit=%d&cursor=%s",
                                      (long long)stage_id, limit, next);
        json_decref(c);
        c = get(who, path);
    }
}

Test(api_board, pages_with_no_card_twice_or_missed)
{
    /* Счёт: seven deals entered the same instant (ties: by id) and three
     * older ones: the older by age, then the seven by id */
    int64_t want[10];
    for (int i = 0; i < 3; i++)
        want[i] = deal("anna", "Счёт", 1000, 30 - i);
    int64_t same = vo_now() - 4 * 86400;
    for (int i = 3; i < 10; i++) {
        want[i] = vo_api_create(vo_api_user(i % 2 ? "anna" : "boris"), "/api/v1/deals",
                                "{\"title\":\"Т\",\"pipeline\":\"Продажи\",\"stage\":\"Счёт\"}");
        vo_api_sql(vo_api_fmt("UPDATE deals SET created_at = %lld WHERE id = %lld; UPDATE "
                              "stage_changes SET at = %lld WHERE deal_id = %lld",
                              (long long)same, (long long)want[i], (long long)same,
                              (long long)want[i]));
    }
    GArray *ids = g_array_new(FALSE, FALSE, sizeof(int64_t));
    /* 10 cards, 3 a page: 3 + 3 + 3 + 1 */
    cr_assert_eq(all_pages("head", "Счёт", 3, ids), 4);
    cr_assert_eq(ids->len, 10);
    for (size_t i = 0; i < 10; i++)
        cr_assert_eq(g_array_index(ids, int64_t, i), want[i], "card %zu", i);
    /* anna's own: want[0..2] and her four of the seven (i = 3, 5, 7, 9) */
    g_array_set_size(ids, 0);
    cr_assert_eq(all_pages("anna", "Счёт", 2, ids), 4);
    const size_t hers[] = {0, 1, 2, 3, 5, 7, 9};
    cr_assert_eq(ids->len, G_N_ELEMENTS(hers));
    for (size_t i = 0; i < G_N_ELEMENTS(hers); i++)
        cr_assert_eq(g_array_index(ids, int64_t, i), want[hers[i]], "anna's card %zu", i);
    g_array_free(ids, TRUE);
    /* the column's figures with its page: 3 × 1 000, seven without */
    json_t *b = get("head", "/api/v1/board?limit=0");
    expect_column(column(b, "Счёт"), 10, 3000, 7, NULL, 0);
    json_decref(b);
}

Test(api_board, refusals_name_the_parameter)
{
    make_deals();
    const struct vo_test_login *head = vo_api_user("head");
    vo_api_expect_all((const struct vo_api_case[]){
        {head, "GET", "/api/v1/board?pipeline_id=999999", NULL, 404, "pipeline", NULL},
        {head, "GET", "/api/v1/board?pipeline_id=abc", NULL, 422, "pipeline_id", NULL},
        {head, "GET", "/api/v1/board?owner_id=-3", NULL, 422, "owner_id", NULL},
        {head, "GET", "/api/v1/board?team_id=x", NULL, 422, "team_id", NULL},
        {head, "GET", "/api/v1/board?stuck=yes", NULL, 422, "stuck", NULL},
        {head, "GET", "/api/v1/board?limit=101", NULL, 422, "limit", NULL},
        {head, "GET", "/api/v1/board/stages/999999", NULL, 404, "id", NULL},
        {head, "GET", "/api/v1/board/stages/1?cursor=%%%", NULL, 422, "cursor", NULL},
        {NULL, "GET", "/api/v1/board", NULL, 401, NULL, NULL},
        {0}});
    /* the other pipeline: its own board (anna's 777) */
    json_t *b = get("head", "/api/v1/board?pipeline_id=2");
    cr_assert_str_eq(jstr(json_object_get(b, "pipeline"), "name"), "Опт");
    expect_column(
        column(b, "Старт"), 1, 777, 0,
        (int64_t[]){jint(json_array_get(json_object_get(column(b, "Старт"), "items"), 0), "id")},
        1);
    json_decref(b);
}

/* Two amounts whose sum is past int64: 413 naming "sum", never a wrapped
 * figure. */
Test(api_board, a_sum_past_int64_is_refused)
{
    int64_t x = deal("anna", "Счёт", 1, 1), y = deal("anna", "Счёт", 1, 1);
    vo_api_sql(vo_api_fmt("UPDATE deals SET amount = 9000000000000000000 WHERE id IN (%lld, %lld)",
                          (long long)x, (long long)y));
    vo_api_expect(vo_api_user("head"), "GET", "/api/v1/board", NULL, 413, "sum", NULL);
}

static void setup_empty(void)
{
    vo_api_start_crm(NULL, false, NULL);
}

TestSuite(api_board_empty, .init = setup_empty, .fini = vo_api_stop, .timeout = 60);

Test(api_board_empty, no_pipeline_is_404_naming_it)
{
    vo_api_expect(vo_api_user("head"), "GET", "/api/v1/board", NULL, 404, "pipeline", NULL);
}
