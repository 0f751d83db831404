/*
 * abc_products.c - the ABC of products (abc_products.h has the rules).
 * One pass over the window's closed deals (the dataset's by_closed span):
 * each won deal's amount goes to its lines' products (the split below) or
 * to its product; the products are counted in slots found through a small
 * open-addressing table keyed by product id, then ranked by the clients'
 * walk (vo_abc_walk). Every sum is checked (base/checked.h).
 */
#include "analytics/abc_products.h"

#include <string.h>

#include "base/checked.h"

/* Product id -> slot: an open-addressing table of a power-of-two size at
 * least twice its slots' capacity, so a probe ends at a free cell. It
 * starts small and doubles (grow below): an org has a few hundred
 * products, while sizing it by the window's deals cost 100 ms of page
 * faults on the 1M-deal demo. */
struct pmap {
    int64_t *key; /* 0 = free (store ids are > 0) */
    int32_t *slot;
    size_t mask;
    int64_t *id; /* the slot's product id */
    size_t n, cap;
};

/* The slot of product id (*fresh: a new one). */
static size_t pmap_slot(struct pmap *m, int64_t id, bool *fresh)
{
    size_t h = (size_t)((uint64_t)id * UINT64_C(0x9E3779B97F4A7C15) >> 17) & m->mask;
    while (m->key[h] != 0 && m->key[h] != id)
        h = (h + 1) & m->mask;
    *fresh = m->key[h] == 0;
    if (*fresh) {
        m->key[h] = id;
        m->slot[h] = (int32_t)m->n;
        m->id[m->n++] = id;
    }
    return (size_t)m->slot[h];
}

/* The per-slot sums. last[s] is the last deal counted in deals[s]. */
struct acc {
    struct pmap map;
    int64_t *revenue, *deals, *quantity;
    int32_t *last;
};

/* Makes room for `more` new products (doubling the slots and the table,
 * the slots rehashed); false when out of memory. */
static bool grow(struct acc *c, struct vo_arena *a, size_t more)
{
    if (c->map.n + more <= c->map.cap)
        return true;
    size_t cap = c->map.cap ? c->map.cap : 32;
    while (cap < c->map.n + more)
        cap *= 2;
    size_t cells = 2 * cap, n = c->map.n;
    struct acc g = {.map = {.key = vo_arena_array(a, cells, sizeof(int64_t)),
                            .slot = vo_arena_array(a, cells, sizeof(int32_t)),
                            .mask = cells - 1,
                            .id = vo_arena_array(a, cap, sizeof(int64_t)),
                            .cap = cap},
                    .revenue = vo_arena_array(a, cap, sizeof(int64_t)),
                    .deals = vo_arena_array(a, cap, sizeof(int64_t)),
                    .quantity = vo_arena_array(a, cap, sizeof(int64_t)),
                    .last = vo_arena_array(a, cap, sizeof(int32_t))};
    if (!g.map.key || !g.map.slot || !g.map.id || !g.revenue || !g.deals || !g.quantity || !g.last)
        return false;
    memset(g.map.key, 0, cells * sizeof(int64_t));
    bool fresh;
    for (size_t i = 0; i < n; i++) /* slot i stays slot i */
        (void)pmap_slot(&g.map, c->map.id[i], &fresh);
    if (n) {
        memcpy(g.revenue, c->revenue, n * sizeof *g.revenue);
        memcpy(g.deals, c->deals, n * sizeof *g.deals);
        memcpy(g.quantity, c->quantity, n * sizeof *g.quantity);
        memcpy(g.last, c->last, n * sizeof *g.last);
    }
    *c = g;
    return true;
}

/* Credits part of deal d (quantity qty) to product id; false on overflow. */
static bool credit(struct acc *c, int64_t id, int32_t d, int64_t part, int64_t qty)
{
    bool fresh;
    size_t s = pmap_slot(&c->map, id, &fresh);
    if (fresh) {
        c->revenue[s] = c->deals[s] = c->quantity[s] = 0;
        c->last[s] = -1;
    }
    if (!vo_add_ok(&c->revenue[s], part) || !vo_add_ok(&c->quantity[s], qty))
        return false;
    if (part > 0 && c->last[s] != d) {
        c->last[s] = d;
        c->deals[s]++;
    }
    return true;
}

/* The first line of deal id in the lines sorted by deal id (n if none). */
static size_t lines_of(const struct vo_deal_line *v, size_t n, int64_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid].deal_id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Splits amount over the m lines l[0..m) into part[0..m) (the largest
 * remainder; rem and given are scratch of m). False when a line's weight
 * quantity x price reaches 2^64 (far over the bounds of deal_products.h):
 * below it, amount x weight < 2^127 fits. */
static bool split(const struct vo_deal_line *l, size_t m, int64_t amount, int64_t *part,
                  __int128 *rem, uint8_t *given)
{
    __int128 w = 0;
    for (size_t j = 0; j < m; j++) {
        __int128 x = (__int128)l[j].quantity * l[j].price;
        if (l[j].quantity < 0 || l[j].price < 0 || x >= (__int128)1 << 64)
            return false;
        w += x;
    }
    int64_t left = amount;
    for (size_t j = 0; j < m; j++) {
        if (w == 0) { /* no weights: equal parts, the remainder to the first lines */
            part[j] = amount / (int64_t)m + ((int64_t)j < amount % (int64_t)m ? 1 : 0);
            continue;
        }
        __int128 x = (__int128)amount * ((__int128)l[j].quantity * l[j].price);
        part[j] = (int64_t)(x / w);
        rem[j] = x % w;
        given[j] = 0;
        left -= part[j];
    }
    if (w == 0)
        return true;
    /* left < m units: one each to the largest remainders, ties to the earlier line */
    for (; left > 0; left--) {
        size_t best = m;
        for (size_t j = 0; j < m; j++)
            if (!given[j] && (best == m || rem[j] > rem[best]))
                best = j;
        given[best] = 1;
        part[best]++;
    }
    return true;
}

static vo_err overflow(struct vo_error *e)
{
    return vo_error_set(e, VO_EINVAL, "products",
                        "a sum of the products' ABC is beyond the range of the reports (about "
                        "9.2e18): the data holds amounts over their documented bounds");
}

vo_err vo_abc_products_compute(const struct vo_dataset *ds, const struct vo_abcp_query *q,
                               struct vo_arena *a, struct vo_abcp *out, struct vo_error *e)
{
    memset(out, 0, sizeof *out);
    const struct vo_calendar *cal = &ds->cal;
    const struct vo_ds_deals *D = &ds->deals;
    out->to = q->as_of;
    out->from = vo_abc_months_before(cal, q->as_of, 12);
    out->first = vo_cal_date_of(cal, out->from);
    out->last = vo_cal_as_of_date(cal, q->as_of);
    struct vo_ds_span wd = vo_ds_deals_closed(ds, out->from, out->to);

    struct acc c = {0};
    size_t lmax = q->n_lines + 1;
    int64_t *part = vo_arena_array(a, lmax, sizeof *part);
    __int128 *rem = vo_arena_array(a, lmax, sizeof *rem);
    uint8_t *given = vo_arena_array(a, lmax, 1);
    if (!part || !rem || !given || !grow(&c, a, 1))
        return vo_error_set(e, VO_ENOMEM, "abc-xyz", "out of memory");

    for (size_t k = wd.lo; k < wd.hi; k++) {
        int32_t d = D->by_closed[k];
        int64_t amount = D->amount[d];
        if (D->status[d] != VO_DEAL_WON || amount == VO_NULL || amount <= 0 ||
            (q->owner >= 0 && D->owner[d] != q->owner))
            continue;
        size_t f = q->n_lines ? lines_of(q->lines, q->n_lines, D->id[d]) : 0, l = f;
        while (l < q->n_lines && q->lines[l].deal_id == D->id[d])
            l++;
        if (!grow(&c, a, l > f ? l - f : 1))
            return vo_error_set(e, VO_ENOMEM, "abc-xyz", "out of memory");
        if (l > f) {
            if (!split(&q->lines[f], l - f, amount, part, rem, given))
                return overflow(e);
            for (size_t j = f; j < l; j++)
                if (!credit(&c, q->lines[j].product_id, d, part[j - f], q->lines[j].quantity))
                    return overflow(e);
        } else if (D->product[d] > 0) {
            if (!credit(&c, D->product[d], d, amount, 1))
                return overflow(e);
        } else if (!vo_add_ok(&out->unassigned, amount)) {
            return overflow(e);
        }
    }

    /* the walk over the products with revenue */
    struct vo_abc_item *it = vo_arena_array(a, c.map.n + 1, sizeof *it);
    int32_t *slot_at = vo_arena_array(a, c.map.n + 1, sizeof *slot_at);
    if (!it || !slot_at)
        return vo_error_set(e, VO_ENOMEM, "abc-xyz", "out of memory");
    size_t n = 0;
    int64_t total = 0;
    for (size_t s = 0; s < c.map.n; s++)
        if (c.revenue[s] > 0) {
            it[n++] = (struct vo_abc_item){.key = c.map.id[s], .revenue = c.revenue[s]};
            if (!vo_add_ok(&total, c.revenue[s]))
                return overflow(e);
        }
    vo_abc_walk(it, n, total);
    /* a product's slot again (the walk sorted the items) */
    bool fresh;
    for (size_t i = 0; i < n; i++)
        slot_at[i] = (int32_t)pmap_slot(&c.map, it[i].key, &fresh);
    out->rows = vo_arena_array(a, n + 1, sizeof *out->rows);
    if (!out->rows)
        return vo_error_set(e, VO_ENOMEM, "abc-xyz", "out of memory");
    out->total = total;
    out->n = n;
    for (size_t i = 0; i < n; i++) {
        size_t s = (size_t)slot_at[i];
        out->rows[i] = (struct vo_abcp_row){.product_id = it[i].key,
                                            .revenue = it[i].revenue,
                                            .share = (double)it[i].revenue / (double)total,
                                            .cum_share = (double)it[i].cum / (double)total,
                                            .abc = it[i].abc,
                                            .deals_won = c.deals[s],
                                            .quantity = c.quantity[s]};
        struct vo_abcp_class *k = &out->classes[it[i].abc - 'A'];
        k->products++;
        k->revenue += it[i].revenue;
    }
    return VO_OK;
}
