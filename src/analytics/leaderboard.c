/*
 * leaderboard.c - users or teams ranked by a plan-fact metric's fact or
 * pct (leaderboard.h has the rules). The figures come from one
 * vo_pf_compute of the scope, so a board cannot disagree with the
 * plan-fact report; this file only picks the rows, sorts and ranks.
 */
#include "analytics/leaderboard.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analytics/planfact.h"

/* Whether index i is among only[0..n) (n == 0: every index is). */
static bool kept(const struct vo_lb_query *q, int32_t i)
{
    if (q->nonly == 0)
        return true;
    for (size_t k = 0; k < q->nonly; k++)
        if (q->only[k] == i)
            return true;
    return false;
}

/* A row with its sort key: the value, negated when fewer is better, so
 * one comparison (greater key first, then name, then index) serves both
 * directions without a global. */
struct item {
    struct vo_lb_row row;
    double key; /* value, negated when lower is better */
};

static int cmp_item(const void *pa, const void *pb)
{
    const struct item *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key > b->key ? -1 : 1;
    int c = strcmp(a->row.name, b->row.name);
    if (c)
        return c;
    return (a->row.index > b->row.index) - (a->row.index < b->row.index);
}

vo_err vo_lb_compute(const struct vo_dataset *ds, const struct vo_lb_query *q, struct vo_arena *a,
                     struct vo_lb *out, struct vo_error *e)
{
    *out = (struct vo_lb){0};
    struct vo_pf_query pq = {.period = q->period,
                             .as_of = q->as_of,
                             .scope = VO_SCOPE_ORG,
                             .scope_index = -1,
                             .by = q->teams ? VO_PF_BY_TEAM : VO_PF_BY_USER};
    if (!q->teams && q->team >= 0) {
        pq.scope = VO_SCOPE_TEAM;
        pq.scope_index = q->team;
    }
    struct vo_pf_result pf;
    vo_err rc = vo_pf_compute(ds, &pq, a, &pf, e);
    if (rc)
        return rc;
    struct item *it = vo_arena_array(a, pf.nrows + 1, sizeof *it);
    out->rows = vo_arena_array(a, pf.nrows + 1, sizeof *out->rows);
    if (!it || !out->rows)
        return vo_error_set(e, VO_ENOMEM, "leaderboard", "out of memory");
    bool lower_better = q->metric == VO_M_TASKS_OVERDUE && !q->pct;
    size_t n = 0;
    /* row 0 is the scope itself */
    for (size_t i = 1; i < pf.nrows; i++) {
        const struct vo_pf_row *r = &pf.rows[i];
        const struct vo_pf_cell *c = &r->m[q->metric];
        double v = q->pct ? c->pct : c->fact;
        if (isnan(v) || !kept(q, r->index))
            continue;
        it[n].row = (struct vo_lb_row){
            .index = r->index, .name = r->name, .value = v, .fact = c->fact, .plan = c->plan};
        it[n].key = lower_better ? -v : v;
        n++;
    }
    qsort(it, n, sizeof *it, cmp_item);
    for (size_t i = 0; i < n; i++) {
        out->rows[i] = it[i].row;
        /* equal values share a rank; the next one skips (1, 2, 2, 4) */
        out->rows[i].rank =
            i > 0 && it[i].key == it[i - 1].key ? out->rows[i - 1].rank : (int32_t)(i + 1);
    }
    out->n = n;
    return VO_OK;
}
