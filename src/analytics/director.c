/*
 * director.c - the derivations of the report to the director (director.h)
 * from the engines' results: nothing here counts a deal or an event.
 */
#include "analytics/director.h"

#include <math.h>
#include <string.h>

vo_err vo_director_funnel_change(const struct vo_funnel *cur, const struct vo_funnel *prev,
                                 struct vo_arena *a, struct vo_director *out, struct vo_error *e)
{
    size_t n = cur ? cur->nstages : 0;
    bool same = cur && prev && prev->pipeline == cur->pipeline && prev->nstages == n;
    out->steps = vo_arena_array(a, n + 1, sizeof *out->steps);
    out->drops = vo_arena_array(a, n + 1, sizeof *out->drops);
    if (!out->steps || !out->drops)
        return vo_error_set(e, VO_ENOMEM, "director", "out of memory");
    out->nsteps = n;
    out->ndrops = 0;
    for (size_t i = 0; i < n; i++) {
        struct vo_director_step *s = &out->steps[i];
        s->step = (int32_t)i;
        s->cur = cur->total.stages[i].conv_next;
        s->prev = same ? prev->total.stages[i].conv_next : NAN;
        s->change = s->cur - s->prev; /* NaN when either is */
        if (s->change < 0) {
            /* insertion by change, ties keep the earlier step first */
            size_t k = out->ndrops++;
            while (k > 0 && out->steps[out->drops[k - 1]].change > s->change) {
                out->drops[k] = out->drops[k - 1];
                k--;
            }
            out->drops[k] = i;
        }
    }
    if (out->ndrops > VO_DIRECTOR_DROPS)
        out->ndrops = VO_DIRECTOR_DROPS;
    return VO_OK;
}

/* Whether x ranks before y: a higher pct, then the name. */
static bool before(const struct vo_pf_row *rows, const struct vo_director_rank *x,
                   const struct vo_director_rank *y)
{
    if (x->pct != y->pct)
        return x->pct > y->pct;
    return strcmp(rows[x->row].name, rows[y->row].name) < 0;
}

static int ranking_metric(const struct vo_pf_result *pf)
{
    if (pf->nrows == 0)
        return -1;
    const struct vo_pf_cell *m = pf->rows[0].m;
    if (!isnan(m[VO_M_REVENUE].plan))
        return VO_M_REVENUE;
    for (int k = 0; k < VO_M__COUNT; k++)
        if (!isnan(m[k].plan))
            return k;
    return -1;
}

vo_err vo_director_rank(const struct vo_pf_result *pf, struct vo_arena *a, struct vo_director *out,
                        struct vo_error *e)
{
    int k = ranking_metric(pf);
    out->ranking_metric = k;
    out->ntop = out->nbottom = 0;
    struct vo_director_rank *all = vo_arena_array(a, pf->nrows + 1, sizeof *all);
    if (!all)
        return vo_error_set(e, VO_ENOMEM, "director", "out of memory");
    size_t n = 0;
    for (size_t i = 0; k >= 0 && i < pf->nrows; i++)
        if (strcmp(pf->rows[i].scope, "user") == 0 && !isnan(pf->rows[i].m[k].pct))
            all[n++] = (struct vo_director_rank){i, pf->rows[i].m[k].pct};
    /* an insertion sort: a department's managers, and qsort takes no
     * context for the names */
    for (size_t i = 1; i < n; i++) {
        struct vo_director_rank x = all[i];
        size_t j = i;
        for (; j > 0 && before(pf->rows, &x, &all[j - 1]); j--)
            all[j] = all[j - 1];
        all[j] = x;
    }
    out->ntop = n < VO_DIRECTOR_TOP ? n : VO_DIRECTOR_TOP;
    out->top = all;
    size_t rest = n - out->ntop;
    out->nbottom = rest < VO_DIRECTOR_TOP ? rest : VO_DIRECTOR_TOP;
    out->bottom = vo_arena_array(a, out->nbottom + 1, sizeof *out->bottom);
    if (!out->bottom)
        return vo_error_set(e, VO_ENOMEM, "director", "out of memory");
    for (size_t i = 0; i < out->nbottom; i++)
        out->bottom[i] = all[n - 1 - i];
    return VO_OK;
}
