/*
 * losses.c - the loss-reasons report (analytics/losses.h).
 *
 * One pass over the closed deals of the period (ds->deals.by_closed is in
 * closed_at order, so the period is one contiguous run found by binary
 * search) fills a cell per (reason), per (user, reason) and per (stage,
 * reason), indexed by dictionary id: a dictionary holds the reasons of
 * every deal, a few dozen texts, so the tables stay small. The reasons
 * are then ordered, and the rows keep only the users and stages with a
 * loss, their per-reason cells in the reasons' order.
 */
#include "analytics/losses.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/checked.h"

static bool match(int32_t filter, int32_t v)
{
    return filter == VO_FUNNEL_ANY || filter == v;
}

static bool kept(const struct vo_dataset *ds, const vo_losses_query *q, size_t d)
{
    const struct vo_ds_deals *dl = &ds->deals;
    return dl->status[d] == VO_DEAL_LOST && match(q->pipeline, dl->pipeline[d]) &&
           match(q->user, dl->owner[d]) && match(q->team, dl->team[d]) &&
           match(q->channel, dl->channel[d]) && match(q->region, dl->region[d]) &&
           match(q->source, dl->source[d]);
}

/* Adds deal d to cell c; false when the money leaves int64. */
static bool add(struct vo_losses_cell *c, int64_t amount)
{
    c->count++;
    if (amount == VO_NULL)
        return true;
    c->with_amount++;
    return vo_add_ok(&c->amount, amount);
}

/* The first position of by_closed whose deal closed at or after t. */
static size_t first_closed(const struct vo_ds_deals *dl, int64_t t)
{
    size_t lo = 0, hi = dl->n_closed;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (dl->closed_at[dl->by_closed[mid]] < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The accumulators: [reason], [user][reason], [stage + 1][reason] (row 0
 * of the stages is "no stage"), each nr = the dictionary's size wide. */
struct acc {
    size_t nr;
    struct vo_losses_cell *reason, *user, *stage;
};

static vo_err fill(const struct vo_dataset *ds, const vo_losses_query *q, struct acc *t,
                   struct vo_losses_cell *total, struct vo_error *e)
{
    const struct vo_ds_deals *dl = &ds->deals;
    int64_t end = q->to < q->as_of ? q->to : q->as_of;
    for (size_t i = first_closed(dl, q->from); i < dl->n_closed; i++) {
        size_t d = (size_t)dl->by_closed[i];
        if (dl->closed_at[d] >= end)
            break;
        if (!kept(ds, q, d))
            continue;
        size_t r = (size_t)dl->loss_reason[d];
        size_t s = (size_t)(dl->stage[d] + 1);
        int64_t amt = dl->amount[d];
        if (!add(total, amt) || !add(&t->reason[r], amt) ||
            !add(&t->user[(size_t)dl->owner[d] * t->nr + r], amt) ||
            !add(&t->stage[s * t->nr + r], amt))
            return vo_error_set(e, VO_EINVAL, NULL,
                                "a sum of lost money is beyond the range of the reports (about "
                                "9.2e18): the data holds amounts over their documented bounds");
    }
    return VO_OK;
}

/* The order of the reasons (qsort has no context: the dataset's names are
 * carried in the elements). */
static int cmp_reason(const void *pa, const void *pb)
{
    const struct vo_losses_reason *a = pa, *b = pb;
    if (a->c.count != b->c.count)
        return a->c.count > b->c.count ? -1 : 1;
    if (a->c.amount != b->c.amount)
        return a->c.amount > b->c.amount ? -1 : 1;
    if (!a->name || !b->name) /* "no reason" after the named ones */
        return (a->name == NULL) - (b->name == NULL);
    return strcmp(a->name, b->name);
}

static double ratio(int64_t num, int64_t den)
{
    return den ? (double)num / (double)den : NAN;
}

static vo_err oom(struct vo_error *e)
{
    return vo_error_set(e, VO_ENOMEM, NULL, "out of memory (loss reasons)");
}

/* The rows of the keys whose line of cells (src, nkeys lines of t->nr)
 * holds a loss; key_of maps a line to the row's key. */
static vo_err rows(const struct acc *t, const struct vo_losses *out,
                   const struct vo_losses_cell *src, const int32_t *keys, size_t nkeys,
                   int32_t key_offset, struct vo_arena *a, struct vo_losses_row **rows_out,
                   size_t *n_out, struct vo_error *e)
{
    struct vo_losses_row *v = VO_ARENA_ARRAY(a, struct vo_losses_row, nkeys + 1);
    if (!v)
        return oom(e);
    size_t n = 0;
    for (size_t k = 0; k < nkeys; k++) {
        size_t line = (size_t)keys[k];
        const struct vo_losses_cell *cells = &src[line * t->nr];
        struct vo_losses_row *row = &v[n];
        row->by_reason = VO_ARENA_ARRAY(a, struct vo_losses_cell, out->nreasons + 1);
        if (!row->by_reason)
            return oom(e);
        for (size_t p = 0; p < out->nreasons; p++) {
            const struct vo_losses_cell *c = &cells[out->reasons[p].id];
            row->by_reason[p] = *c;
            row->c.count += c->count;
            row->c.with_amount += c->with_amount;
            row->c.amount += c->amount; /* within the total, which fit */
            if (c->count > row->by_reason[row->top].count)
                row->top = (int32_t)p;
        }
        if (row->c.count == 0)
            continue;
        row->key = (int32_t)line + key_offset;
        n++;
    }
    *rows_out = v;
    *n_out = n;
    return VO_OK;
}

static vo_err order(const struct vo_dataset *ds, struct acc *t, struct vo_losses *out,
                    struct vo_arena *a, struct vo_error *e)
{
    out->reasons = VO_ARENA_ARRAY(a, struct vo_losses_reason, t->nr);
    if (!out->reasons)
        return oom(e);
    for (size_t r = 0; r < t->nr; r++) {
        if (t->reason[r].count == 0)
            continue;
        struct vo_losses_reason *x = &out->reasons[out->nreasons++];
        x->id = (int32_t)r;
        x->name = r ? ds->loss_reasons.str[r] : NULL;
        x->c = t->reason[r];
        x->share = ratio(x->c.count, out->total.count);
        x->amount_share = ratio(x->c.amount, out->total.amount);
    }
    qsort(out->reasons, out->nreasons, sizeof *out->reasons, cmp_reason);
    size_t nu = ds->users.n, ns = ds->stages.n + 1;
    int32_t *uo = VO_ARENA_ARRAY(a, int32_t, nu + 1);
    int32_t *so = VO_ARENA_ARRAY(a, int32_t, ns);
    if (!uo || !so)
        return oom(e);
    for (size_t u = 0; u < nu; u++)
        uo[u] = (int32_t)u;
    vo_ds_users_sort_by_name(&ds->users, uo, nu);
    /* stages in their order (pipeline, then position), "no stage" last */
    for (size_t s = 0; s + 1 < ns; s++)
        so[s] = (int32_t)(s + 1);
    so[ns - 1] = 0;
    vo_err rc = rows(t, out, t->user, uo, nu, 0, a, &out->users, &out->nusers, e);
    if (!rc)
        rc = rows(t, out, t->stage, so, ns, -1, a, &out->stages, &out->nstages, e);
    return rc;
}

vo_err vo_losses_compute(const struct vo_dataset *ds, const vo_losses_query *q, struct vo_arena *a,
                         struct vo_losses *out, struct vo_error *e)
{
    memset(out, 0, sizeof *out);
    if (q->pipeline != VO_FUNNEL_ANY && (q->pipeline < 0 || (size_t)q->pipeline >= ds->pipelines.n))
        return vo_error_set(e, VO_EINVAL, "pipeline", "no such pipeline in the org's data");
    struct acc t = {.nr = (size_t)ds->loss_reasons.n};
    /* the cells of users and stages are scratch: freed with the arena */
    t.reason = VO_ARENA_ARRAY(a, struct vo_losses_cell, t.nr);
    t.user = VO_ARENA_ARRAY(a, struct vo_losses_cell, (ds->users.n + 1) * t.nr);
    t.stage = VO_ARENA_ARRAY(a, struct vo_losses_cell, (ds->stages.n + 1) * t.nr);
    if (!t.reason || !t.user || !t.stage)
        return oom(e);
    vo_err rc = fill(ds, q, &t, &out->total, e);
    if (!rc)
        rc = order(ds, &t, out, a, e);
    return rc;
}
