/*
 * test_abc_history.c - the ABC / XYZ class history and who moved
 * (analytics/abc.h, vo_abc_history_compute; docs/reports.md "ABC / XYZ of
 * clients", history) on a small org worked out by hand.
 *
 * The org (Europe/Moscow, local times); as_of 2026-06-30 (D), so the
 * months are the 12 full months before June 2026: 2025-06 .. 2026-05,
 * each month's class taken at its end T (the engine run with as_of = T;
 * the window [T - 12 months, T), the XYZ months the 12 full months before
 * the month of T - 1 day). Payments (basis payments):
 *   H1 (Anna) 200000 at 2026-05-31 23:30 (in the window at T = 2026-06-01
 *      only: the last minutes of May);
 *   H2 (Anna) 50000 at 2025-05-31 23:30 (in the windows up to T =
 *      2026-05-01; at 2026-06-01 the window starts 2025-06-01 00:00);
 *   H3 (Boris) 30000 at 2026-01-10 12:00;
 *   H4 (Anna) 20000 at 2025-06-01 00:10.
 * At T = 2026-05-01 (month 2026-04; XYZ months 2025-04 .. 2026-03):
 *   H2 50000, H3 30000, H4 20000, total 100000: H2 A (before 0, cum .5),
 *   H3 A (before .5, cum .8), H4 B (before .8). One month each: Z. So H2
 *   "AZ", H3 "AZ", H4 "BZ", H1 none.
 * At T = 2026-06-01 (month 2026-05; XYZ months 2025-05 .. 2026-04):
 *   H1 200000, H3 30000, H4 20000, total 250000: H1 A (cum .8), H3 B
 *   (before .8, cum .92), H4 B (before .92). H1 paid in May 2026, not in
 *   the XYZ months: "A"; H3 "BZ"; H4 "BZ"; H2 none (its payment left the
 *   window).
 * At T = 2025-07-01 (month 2025-06, the first; XYZ months 2024-06 ..
 *   2025-05): H2 50000, H4 20000: H2 A (cum 5/7), H4 A (before 5/7): H2
 *   "AZ" (May 2025), H4 "A" (June 2025 is not an XYZ month).
 * Moved (2026-04 -> 2026-05): H2 A -> none and H3 A -> B (downgrades, by
 *   id), then H1 none -> A; H4 stays B. Boris reads H3 only.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "analytics/abc.h"
#include "analytics/dataset.h"
#include "clients_fixture.h"
#include "fixture.h"
#include "testutil.h"

static struct vo_fx_co co;
static int64_t h1, h2, h3, h4;

static void setup(void)
{
    vo_fx_co_open(&co);
    h1 = vo_fx_co_client(&co, "H1", co.anna);
    h2 = vo_fx_co_client(&co, "H2", co.anna);
    h3 = vo_fx_co_client(&co, "H3", co.boris);
    h4 = vo_fx_co_client(&co, "H4", co.anna);
    vo_fx_pay("p1", 200000, "2026-05-31 23:30", 0, h1);
    vo_fx_pay("p2", 50000, "2025-05-31 23:30", 0, h2);
    vo_fx_pay("p3", 30000, "2026-01-10 12:00", 0, h3);
    vo_fx_pay("p4", 20000, "2025-06-01 00:10", 0, h4);
    vo_fx_co_load(&co);
}

static void teardown(void)
{
    vo_fx_co_close(&co);
}

TestSuite(abc_history, .init = setup, .fini = teardown);

static struct vo_abc_history history(int64_t owner)
{
    struct vo_error e = {0};
    int64_t as_of = vo_fx_co_as_of(&co, "2026-06-30");
    struct vo_abc_query q = {.as_of = as_of,
                             .basis = VO_ABC_PAYMENTS,
                             .owner = owner ? vo_ds_user_find(co.ds, owner) : -1};
    struct vo_abc_history h;
    cr_assert_eq(vo_abc_history_compute(co.ds, &q, &co.arena, &h, &e), VO_OK, "%s", e.msg);
    return h;
}

static const char *cls(const struct vo_abc_history *h, int64_t client, int k)
{
    for (size_t i = 0; i < h->n; i++)
        if (co.ds->clients.id[h->rows[i].client] == client)
            return h->rows[i].cls[k][0] ? h->rows[i].cls[k] : "-";
    return "absent";
}

Test(abc_history, classes_at_month_ends_and_moves)
{
    struct vo_abc_history h = history(0);
    cr_expect(h.months[0].y == 2025 && h.months[0].m == 6 && h.months[0].d == 1);
    cr_expect(h.months[11].y == 2026 && h.months[11].m == 5);
    cr_assert_eq(h.n, 4);
    cr_expect_eq(co.ds->clients.id[h.rows[0].client], h1); /* by id */
    cr_expect_eq(co.ds->clients.id[h.rows[3].client], h4);
    /* 2026-04 (k 10) and 2026-05 (k 11) */
    cr_expect_str_eq(cls(&h, h1, 10), "-");
    cr_expect_str_eq(cls(&h, h2, 10), "AZ");
    cr_expect_str_eq(cls(&h, h3, 10), "AZ");
    cr_expect_str_eq(cls(&h, h4, 10), "BZ");
    cr_expect_str_eq(cls(&h, h1, 11), "A");
    cr_expect_str_eq(cls(&h, h2, 11), "-");
    cr_expect_str_eq(cls(&h, h3, 11), "BZ");
    cr_expect_str_eq(cls(&h, h4, 11), "BZ");
    /* 2025-06 (k 0) */
    cr_expect_str_eq(cls(&h, h2, 0), "AZ");
    cr_expect_str_eq(cls(&h, h4, 0), "A");
    cr_expect_str_eq(cls(&h, h1, 0), "-");
    cr_expect_str_eq(cls(&h, h3, 0), "-");
    cr_assert_eq(h.n_moved, 3);
    cr_expect_eq(co.ds->clients.id[h.moved[0].client], h2);
    cr_expect(h.moved[0].from == 'A' && h.moved[0].to == '\0');
    cr_expect_eq(co.ds->clients.id[h.moved[1].client], h3);
    cr_expect(h.moved[1].from == 'A' && h.moved[1].to == 'B');
    cr_expect_eq(co.ds->clients.id[h.moved[2].client], h1);
    cr_expect(h.moved[2].from == '\0' && h.moved[2].to == 'A');
}

Test(abc_history, a_manager_reads_their_own_with_the_orgs_classes)
{
    struct vo_abc_history h = history(co.boris);
    cr_assert_eq(h.n, 1);
    cr_expect_str_eq(cls(&h, h3, 11), "BZ"); /* the org's class, not alone's A */
    cr_assert_eq(h.n_moved, 1);
    cr_expect_eq(co.ds->clients.id[h.moved[0].client], h3);
}
