/*
 * test_abc_products.c - the ABC of products (analytics/abc_products.h,
 * service/client_reports.h) on a small org worked out by hand
 * (docs/reports.md "ABC of products").
 *
 * The org (Europe/Moscow, all times local). as_of 2026-06-30, so E =
 * 2026-07-01 00:00 and the window is [2025-07-01 00:00, 2026-07-01 00:00).
 * Products P1 .. P5, made in that order (ids ascending).
 *   D1 (Anna) won 2026-03-10 12:00, 1000, product P4 but with 3 lines:
 *      P1 2 x 150 (weight 300), P2 1 x 200 (200), P3 1 x 100 (100); W = 600.
 *      Floors: P1 1000*300/600 = 500 (rem 0), P2 200000/600 = 333 (rem
 *      200), P3 100000/600 = 166 (rem 400); 1 unit left -> the largest
 *      remainder, P3: P1 500, P2 333, P3 167 (P4 gets nothing: the lines
 *      win over the deal's product).
 *   D2 (Anna) won 2026-06-30 23:30 (last minutes of the window), 600, P4.
 *   D3 (Boris) won 2025-07-01 00:10 (first minutes of the window), 167, P2.
 *   D4 (Boris) won 2025-06-30 23:30 (before the window), 9999, P1: out.
 *   D5 (Anna) won 2026-01-10, 700, no product, no lines: unassigned.
 *   D6 (Anna) won 2026-07-01 00:10 (the day after as_of), 8888, P3: out.
 *   D7 (Boris) lost 2026-02-01, 5000, P4: out.
 *   D9 (Anna) won 2026-02-02, 50, P5.
 * Revenue: P1 500, P2 333 + 167 = 500 (a tie with P1: lower id first), P3
 * 167, P4 600, P5 50; total 1817, unassigned 700.
 *   P4 600: before 0 -> A, cum 600/1817
 *   P1 500: before 600/1817 = 33.0% -> A, cum 1100/1817
 *   P2 500: before 1100/1817 = 60.5% -> A, cum 1600/1817
 *   P3 167: before 1600/1817 = 88.06% -> B, cum 1767/1817
 *   P5 50:  before 1767/1817 = 97.2% -> C, cum 1
 * Classes: A 3 products 1600, B 1 167, C 1 50.
 * deals_won: P4 1 (D2), P1 1, P2 2 (D1, D3), P3 1, P5 1; quantity: P1 2
 * (the line's 2), P2 2 (a line of 1 + D3), P3 1, P4 1, P5 1.
 * Anna's view (her deals: D1, D2, D5, D9): P4 600, P1 500, P2 333, P3 167,
 * P5 50, total 1650, unassigned 700: P4 A, P1 A (before 36.4%), P2 A
 * (66.7%), P3 B (86.8%), P5 C (96.97%).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "analytics/abc_products.h"
#include "analytics/dataset.h"
#include "fixture.h"
#include "service/client_reports.h"
#include "testutil.h"

static char *dir;
static struct vo_store *st;
static struct vo_svc svc;
static struct vo_arena arena;
static struct vo_dataset *ds;
static int64_t anna, boris, vera, team, pipe, s_new;
static int64_t p[6];
static int64_t d9;

static int64_t product(const char *ext, const char *name)
{
    struct vo_error e = {0};
    struct vo_product x = {
        .org_id = svc.org.id, .ext_id = ext, .name = name, .category = "Оборудование"};
    cr_assert_eq(vo_store_product_insert(st, &x, &e), VO_OK, "%s", e.msg);
    return x.id;
}

static int64_t deal(const char *ext, int64_t owner, enum vo_deal_status status, int64_t amount,
                    const char *closed, int64_t prod)
{
    struct vo_deal d = {.org_id = svc.org.id,
                        .ext_id = ext,
                        .title = ext,
                        .product_id = prod,
                        .pipeline_id = pipe,
                        .stage_id = s_new,
                        .owner_id = owner,
                        .status = status,
                        .amount = amount,
                        .created_at = vo_fx_at("2025-05-01 10:00"),
                        .closed_at = vo_fx_at(closed),
                        .custom = "{}"};
    vo_fx_put_deal(st, &d);
    return d.id;
}

static void setup(void)
{
    struct vo_error e = {0};
    vo_fx_open(&dir, &st, &svc, &arena);
    vo_fx_sales(&team, &anna, &boris, &vera, &pipe, &s_new);
    p[1] = product("P1", "Касса");
    p[2] = product("P2", "Сканер");
    p[3] = product("P3", "Весы");
    p[4] = product("P4", "Принтер");
    p[5] = product("P5", "Лента");
    int64_t d1 = deal("D1", anna, VO_DEAL_WON, 1000, "2026-03-10 12:00", p[4]);
    struct vo_deal_product lines[] = {{.product_id = p[1], .quantity = 2, .price = 150},
                                      {.product_id = p[2], .quantity = 1, .price = 200},
                                      {.product_id = p[3], .quantity = 1, .price = 100}};
    cr_assert_eq(vo_store_deal_products_set(st, svc.org.id, d1, lines, 3, &e), VO_OK, "%s", e.msg);
    deal("D2", anna, VO_DEAL_WON, 600, "2026-06-30 23:30", p[4]);
    deal("D3", boris, VO_DEAL_WON, 167, "2025-07-01 00:10", p[2]);
    deal("D4", boris, VO_DEAL_WON, 9999, "2025-06-30 23:30", p[1]);
    deal("D5", anna, VO_DEAL_WON, 700, "2026-01-10 12:00", 0);
    deal("D6", anna, VO_DEAL_WON, 8888, "2026-07-01 00:10", p[3]);
    deal("D7", boris, VO_DEAL_LOST, 5000, "2026-02-01 12:00", p[4]);
    d9 = deal("D9", anna, VO_DEAL_WON, 50, "2026-02-02 12:00", p[5]);
    cr_assert_eq(vo_store_commit(st, &e), VO_OK, "%s", e.msg);
    vo_fx_reload(&ds);
}

static void teardown(void)
{
    vo_test_org_end(&dir, &st, &svc, &arena, &ds);
}

TestSuite(abc_products, .init = setup, .fini = teardown);

/* The report through the use case (the store's lines and names) as of
 * 2026-06-30, restricted to user self (0 = none). */
static struct vo_abcp report(int64_t self)
{
    struct vo_error e = {0};
    struct vo_report_args a = {.as_of = "2026-06-30", .of = "products"};
    struct vo_report_query q;
    int32_t who = self ? vo_ds_user_find(ds, self) : -1;
    cr_assert_eq(vo_report_query_init(ds, &a, 0, who, &arena, &q, &e), VO_OK, "%s", e.msg);
    cr_assert(q.products);
    struct vo_abcp r;
    cr_assert_eq(vo_svc_report_abc_products(&svc, &q, &r, &e), VO_OK, "%s", e.msg);
    return r;
}

static void row_is(const struct vo_abcp *r, size_t i, int64_t prod, int64_t revenue, int64_t cum,
                   int64_t total, char cls, int64_t deals, int64_t qty)
{
    const struct vo_abcp_row *w = &r->rows[i];
    cr_assert_eq(w->product_id, prod, "row %zu: product %lld", i, (long long)w->product_id);
    cr_assert_eq(w->revenue, revenue, "row %zu: revenue %lld", i, (long long)w->revenue);
    cr_assert_eq(w->abc, cls, "row %zu: class %c", i, w->abc);
    cr_assert_eq(w->deals_won, deals, "row %zu: deals %lld", i, (long long)w->deals_won);
    cr_assert_eq(w->quantity, qty, "row %zu: quantity %lld", i, (long long)w->quantity);
    cr_assert_float_eq(w->share, (double)revenue / (double)total, 1e-12);
    cr_assert_float_eq(w->cum_share, (double)cum / (double)total, 1e-12);
}

Test(abc_products, org_by_hand)
{
    struct vo_abcp r = report(0);
    cr_assert_eq(r.total, 1817);
    cr_assert_eq(r.unassigned, 700);
    cr_assert_eq(r.n, 5);
    row_is(&r, 0, p[4], 600, 600, 1817, 'A', 1, 1);
    row_is(&r, 1, p[1], 500, 1100, 1817, 'A', 1, 2);
    row_is(&r, 2, p[2], 500, 1600, 1817, 'A', 2, 2);
    row_is(&r, 3, p[3], 167, 1767, 1817, 'B', 1, 1);
    row_is(&r, 4, p[5], 50, 1817, 1817, 'C', 1, 1);
    cr_assert_eq(r.classes[0].products, 3);
    cr_assert_eq(r.classes[0].revenue, 1600);
    cr_assert_eq(r.classes[1].products, 1);
    cr_assert_eq(r.classes[1].revenue, 167);
    cr_assert_eq(r.classes[2].products, 1);
    cr_assert_eq(r.classes[2].revenue, 50);
    cr_assert_str_eq(r.name[0], "Принтер");
    cr_assert_str_eq(r.ext[1], "P1");
    cr_assert_str_eq(r.category[2], "Оборудование");
    char f[16], t[16];
    cr_assert_str_eq(vo_date_format(r.first, f, sizeof f), "2025-07-01");
    cr_assert_str_eq(vo_date_format(r.last, t, sizeof t), "2026-06-30");
}

Test(abc_products, manager_sees_own_deals)
{
    struct vo_abcp r = report(anna);
    cr_assert_eq(r.total, 1650);
    cr_assert_eq(r.unassigned, 700);
    cr_assert_eq(r.n, 5);
    row_is(&r, 0, p[4], 600, 600, 1650, 'A', 1, 1);
    row_is(&r, 1, p[1], 500, 1100, 1650, 'A', 1, 2);
    row_is(&r, 2, p[2], 333, 1433, 1650, 'A', 1, 1);
    row_is(&r, 3, p[3], 167, 1600, 1650, 'B', 1, 1);
    row_is(&r, 4, p[5], 50, 1650, 1650, 'C', 1, 1);
    /* Boris: D3 only (D4 before the window, D7 lost) */
    struct vo_abcp b = report(boris);
    cr_assert_eq(b.total, 167);
    cr_assert_eq(b.unassigned, 0);
    cr_assert_eq(b.n, 1);
    row_is(&b, 0, p[2], 167, 167, 167, 'A', 1, 1);
}

/* Lines that sum to 0 split the amount equally, the remainder to the
 * first lines; the split's parts always sum to the amount. D9 (50) given
 * three free lines here: 50 = 17 + 17 + 16 (P1 17, P2 17, P3 16). */
Test(abc_products, free_lines_split_equally)
{
    struct vo_error e = {0};
    struct vo_deal_line lines[] = {{d9, p[1], 1, 0}, {d9, p[2], 3, 0}, {d9, p[3], 1, 0}};
    int64_t as_of;
    cr_assert_eq(vo_cal_as_of_parse(&ds->cal, "2026-06-30", &as_of, "as_of", &e), VO_OK);
    struct vo_abcp_query q = {.as_of = as_of, .owner = -1, .lines = lines, .n_lines = 3};
    struct vo_abcp r;
    cr_assert_eq(vo_abc_products_compute(ds, &q, &arena, &r, &e), VO_OK, "%s", e.msg);
    /* D1 has no lines in this array: it goes whole to P4 (1000) */
    cr_assert_eq(r.total, 1000 + 600 + 167 + 50);
    cr_assert_eq(r.rows[0].product_id, p[4]);
    cr_assert_eq(r.rows[0].revenue, 1600);
    int64_t got[6] = {0}, qty[6] = {0};
    for (size_t i = 0; i < r.n; i++)
        for (int k = 1; k <= 5; k++)
            if (r.rows[i].product_id == p[k]) {
                got[k] = r.rows[i].revenue;
                qty[k] = r.rows[i].quantity;
            }
    cr_assert_eq(got[1], 17);
    cr_assert_eq(got[2], 17 + 167);
    cr_assert_eq(got[3], 16);
    cr_assert_eq(got[5], 0); /* D9's own product gave way to its lines */
    cr_assert_eq(qty[2], 3 + 1);
}

/* The walk is the clients' one: the same classes on the same figures. */
Test(abc_products, walk_boundaries)
{
    struct vo_abc_item it[] = {{.key = 2, .revenue = 20},
                               {.key = 1, .revenue = 80},
                               {.key = 4, .revenue = 5},
                               {.key = 3, .revenue = 10},
                               {.key = 5, .revenue = 5}};
    vo_abc_walk(it, 5, 120);
    /* 80 (before 0) A; 20 (before 66.7%) A; 10 (before 83.3%) B; 5 id 4
     * (before 91.7%) B; 5 id 5 (before 95.8%) C */
    const int64_t keys[] = {1, 2, 3, 4, 5};
    const char cls[] = "AABBC";
    for (int i = 0; i < 5; i++) {
        cr_assert_eq(it[i].key, keys[i]);
        cr_assert_eq(it[i].abc, cls[i]);
    }
    cr_assert_eq(it[4].cum, 120);
}
