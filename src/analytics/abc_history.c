/*
 * abc_history.c - each client's ABC / XYZ class at the end of each of the
 * last 12 full months, and who changed ABC class between the last two
 * (abc.h, vo_abc_history_compute): the ABC / XYZ engine run 12 times.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "analytics/abc.h"

static int rank(char c)
{
    return c ? c - 'A' : 3; /* A 0, B 1, C 2, none 3 */
}

/* Downgrades first, then by client (the dataset's client indexes ascend
 * by id). */
static int cmp_move(const void *pa, const void *pb)
{
    const struct vo_abc_move *a = pa, *b = pb;
    bool da = rank(a->to) > rank(a->from), db = rank(b->to) > rank(b->from);
    if (da != db)
        return da ? -1 : 1;
    return (a->client > b->client) - (a->client < b->client);
}

vo_err vo_abc_history_compute(const struct vo_dataset *ds, const struct vo_abc_query *q,
                              struct vo_arena *a, struct vo_abc_history *out, struct vo_error *e)
{
    memset(out, 0, sizeof *out);
    const struct vo_calendar *cal = &ds->cal;
    size_t nc = ds->clients.n;
    struct vo_date d = vo_cal_as_of_date(cal, q->as_of);
    struct vo_date m0 = {d.y, d.m, 1};
    /* per client, its classes; slot -1 until it has one */
    int32_t *slot = vo_arena_array(a, nc + 1, sizeof *slot);
    out->rows = vo_arena_array(a, nc + 1, sizeof *out->rows);
    out->moved = vo_arena_array(a, nc + 1, sizeof *out->moved);
    if (!slot || !out->rows || !out->moved)
        return vo_error_set(e, VO_ENOMEM, "abc-xyz", "out of memory");
    memset(slot, 0xff, (nc + 1) * sizeof *slot);
    for (int k = 0; k < VO_ABC_HIST_MONTHS; k++) {
        struct vo_period m = vo_abc_full_month(cal, m0, VO_ABC_HIST_MONTHS - k);
        out->months[k] = m.first;
        struct vo_abc_query mq = {.as_of = m.end, .basis = q->basis, .owner = -1};
        struct vo_abc r;
        vo_err rc = vo_abc_compute(ds, &mq, a, &r, e);
        if (rc)
            return rc;
        for (size_t i = 0; i < r.n; i++) {
            const struct vo_abc_row *w = &r.rows[i];
            if (!w->abc || (q->owner >= 0 && ds->clients.owner[w->client] != q->owner))
                continue;
            if (slot[w->client] < 0) {
                struct vo_abc_hist_row *h = &out->rows[out->n];
                memset(h, 0, sizeof *h);
                h->client = w->client;
                slot[w->client] = (int32_t)out->n++;
            }
            char *c = out->rows[slot[w->client]].cls[k];
            c[0] = w->abc;
            c[1] = w->xyz;
            c[2] = '\0';
        }
    }
    /* the rows by client id (the dataset's client indexes ascend by id) */
    struct vo_abc_hist_row *by_id = vo_arena_array(a, out->n + 1, sizeof *by_id);
    if (!by_id)
        return vo_error_set(e, VO_ENOMEM, "abc-xyz", "out of memory");
    size_t n = 0;
    for (size_t c = 0; c < nc; c++)
        if (slot[c] >= 0)
            by_id[n++] = out->rows[slot[c]];
    out->rows = by_id;
    for (size_t i = 0; i < out->n; i++) {
        const struct vo_abc_hist_row *h = &out->rows[i];
        char from = h->cls[VO_ABC_HIST_MONTHS - 2][0], to = h->cls[VO_ABC_HIST_MONTHS - 1][0];
        if (from != to)
            out->moved[out->n_moved++] = (struct vo_abc_move){h->client, from, to};
    }
    qsort(out->moved, out->n_moved, sizeof *out->moved, cmp_move);
    return VO_OK;
}
