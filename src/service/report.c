/*
 * report.c - the report use case for the CLI and the API: the actor's
 * restriction (one place: a manager's query carries `self`, which the
 * shared resolver applies to every kind), the org's hygiene thresholds,
 * and the labels of the hygiene list, which come from the store because
 * the dataset keeps no titles.
 */
#include "service/report.h"

#include <stdlib.h>

#include "base/timeutil.h"
#include "service/attestations.h"
#include "service/competitions.h"
#include "service/hygiene_settings.h"
#include "service/investigate.h"
#include "store/hygiene_store.h"

vo_err vo_svc_report_query(struct vo_svc *svc, const struct vo_dataset *ds,
                           const struct vo_report_args *a, struct vo_report_query *q,
                           struct vo_error *e)
{
    int32_t self = -1;
    if (svc->actor_role == VO_ROLE_MANAGER) {
        self = vo_ds_user_find(ds, svc->actor_id);
        if (self < 0)
            return vo_error_set(e, VO_EPERM, NULL, "no such user in the org's data");
    }
    return vo_report_query_init(ds, a, vo_now(), self, svc->arena, q, e);
}

vo_err vo_svc_report_pf(struct vo_svc *svc, const struct vo_report_query *q,
                        struct vo_pf_result *out, struct vo_error *e)
{
    (void)svc;
    struct vo_pf_query pq;
    vo_err rc = vo_report_pf_query(q, &pq, e);
    if (!rc)
        rc = vo_pf_compute(q->ds, &pq, q->arena, out, e);
    if (!rc)
        vo_report_pf_restrict(q, out);
    return rc;
}

vo_err vo_svc_report_funnel(struct vo_svc *svc, const struct vo_report_query *q,
                            struct vo_funnel **out, struct vo_error *e)
{
    (void)svc;
    if (!q->pipeline && q->ds->pipelines.n == 0) {
        /* An org without a pipeline (a new one, made with --empty) has an
         * empty funnel, not a missing one: the screens show an empty
         * state. A pipeline asked for by name stays VO_ENOTFOUND. */
        struct vo_funnel *f = VO_ARENA_ARRAY(q->arena, struct vo_funnel, 1);
        if (!f)
            return vo_error_set(e, VO_ENOMEM, "funnel", "out of memory");
        f->pipeline = VO_FUNNEL_NO_PIPELINE;
        *out = f;
        return VO_OK;
    }
    struct vo_funnel_query fq;
    vo_err rc = vo_report_funnel_query(q, &fq, e);
    if (!rc)
        rc = vo_funnel_compute(q->ds, &fq, q->arena, out, e);
    if (!rc && q->versus_team) {
        /* the department's cohort: the same query but every user and team
         * (for a manager too: the funnel's figures of the department, as
         * the plan-fact's department row, docs/reports.md) */
        struct vo_funnel *team = NULL;
        fq.user = VO_FUNNEL_ANY;
        fq.team = VO_FUNNEL_ANY;
        fq.by = VO_FUNNEL_BY_NONE;
        if (!(rc = vo_funnel_compute(q->ds, &fq, q->arena, &team, e)))
            (*out)->team = &team->total;
    }
    return rc;
}

vo_err vo_svc_report_losses(struct vo_svc *svc, const struct vo_report_query *q,
                            struct vo_losses *out, struct vo_error *e)
{
    (void)svc;
    vo_losses_query lq;
    vo_err rc = vo_report_losses_query(q, &lq, e);
    if (!rc)
        rc = vo_losses_compute(q->ds, &lq, q->arena, out, e);
    return rc;
}

vo_err vo_svc_report_leaderboard(struct vo_svc *svc, const struct vo_report_query *q,
                                 struct vo_lb *out, struct vo_error *e)
{
    (void)svc;
    struct vo_lb_query lq;
    vo_err rc = vo_report_lb_query(q, &lq, e);
    if (!rc)
        rc = vo_lb_compute(q->ds, &lq, q->arena, out, e);
    return rc;
}

static int cmp_i32(const void *pa, const void *pb)
{
    int32_t a = *(const int32_t *)pa, b = *(const int32_t *)pb;
    return (a > b) - (a < b);
}

/* Resolves the ids, titles and clients of the listed deals and tasks. */
static vo_err label(struct vo_svc *svc, const struct vo_report_query *q,
                    struct vo_report_hygiene *r, struct vo_error *e)
{
    const struct vo_dataset *ds = q->ds;
    const struct vo_hygiene *h = &r->h;
    struct vo_arena *a = q->arena;
    struct vo_report_item *di = vo_arena_array(a, h->ndeals + 1, sizeof *di);
    struct vo_report_item *ti = vo_arena_array(a, h->ntasks + 1, sizeof *ti);
    if (!di || !ti)
        return vo_error_set(e, VO_ENOMEM, "hygiene", "out of memory");
    for (size_t i = 0; i < h->ndeals; i++) {
        int32_t d = h->deals[i].deal;
        const char *ext = NULL, *title = NULL;
        vo_err rc = vo_store_deal_label(svc->st, ds->org_id, ds->deals.id[d], a, &ext, &title, e);
        if (rc)
            return rc;
        di[i].id = ext ? ext : vo_arena_printf(a, "%lld", (long long)ds->deals.id[d]);
        di[i].title = title;
        di[i].client = ds->deals.client[d] >= 0 ? ds->clients.name[ds->deals.client[d]] : NULL;
    }
    /* The store lists the same tasks in the dataset's order (created_at,
     * id): the k-th overdue task of the dataset is the k-th stored row. */
    struct vo_task *rows = NULL;
    size_t nrows = 0;
    vo_err rc = vo_store_tasks_overdue(svc->st, ds->org_id, h->as_of, a, &rows, &nrows, e);
    if (rc)
        return rc;
    /* every overdue task of the dataset, in index order (the list may
     * hold only some of them: --user, --team) */
    const struct vo_ds_tasks *T = &ds->tasks;
    struct vo_ds_span sp = vo_ds_tasks_created(ds, INT64_MIN, h->as_of);
    int32_t *ord = vo_arena_array(a, sp.hi - sp.lo + 1, sizeof *ord);
    if (!ord)
        return vo_error_set(e, VO_ENOMEM, "hygiene", "out of memory");
    size_t nord = 0;
    for (size_t i = sp.lo; i < sp.hi; i++)
        if ((T->done_at[i] == VO_NULL || T->done_at[i] >= h->as_of) && T->due_at[i] < h->as_of)
            ord[nord++] = (int32_t)i;
    for (size_t i = 0; i < h->ntasks; i++) {
        int32_t t = h->tasks[i].task;
        const int32_t *p = bsearch(&t, ord, nord, sizeof *ord, cmp_i32);
        size_t k = p ? (size_t)(p - ord) : nrows;
        char due[40];
        vo_time_format(ds->tasks.due_at[t], ds->cal.tz, due, sizeof due);
        due[10] = ' '; /* "2026-11-19T18:00:00+03:00" -> "2026-11-19 18:00" */
        due[16] = '\0';
        ti[i].due = vo_arena_strdup(a, due);
        if (nrows == nord && k < nrows && rows[k].due_at == ds->tasks.due_at[t] &&
            rows[k].created_at == ds->tasks.created_at[t]) {
            ti[i].id =
                rows[k].ext_id ? rows[k].ext_id : vo_arena_printf(a, "%lld", (long long)rows[k].id);
            ti[i].title = rows[k].title;
        } else {
            ti[i].id = "?"; /* the database changed since the dataset was read */
        }
    }
    r->di = di;
    r->ti = ti;
    return VO_OK;
}

vo_err vo_svc_report_hygiene(struct vo_svc *svc, const struct vo_report_query *q,
                             struct vo_report_hygiene *out, struct vo_error *e)
{
    struct vo_hygiene_settings s;
    out->di = out->ti = NULL;
    vo_err rc = vo_report_hygiene_filter(q, out, e);
    if (!rc)
        rc = vo_hygiene_settings_parse(svc->org.settings, &s, e);
    if (!rc)
        rc = vo_hygiene_compute(q->ds, q->as_of, &s, q->list, q->arena, &out->h, e);
    if (rc)
        return rc;
    vo_report_hygiene_narrow(q, out);
    return q->list ? label(svc, q, out, e) : VO_OK;
}

/* Standings rows a meeting report shows of a running competition. */
#define REVIEW_COMP_TOP 5

/* The competitions running at as_of that the actor sees, with their top
 * standings, into a meeting report (issue 11: the daily and weekly
 * meetings' standings). */
static vo_err meeting_comps(struct vo_svc *svc, const struct vo_report_query *q, int64_t as_of,
                            const struct vo_lb_comp **comps, size_t *ncomps, struct vo_error *e)
{
    struct vo_comp *v = NULL;
    size_t n = 0;
    vo_err rc = vo_svc_competitions_active(svc, q->ds, as_of, REVIEW_COMP_TOP, &v, &n, e);
    if (rc)
        return rc;
    struct vo_lb_comp *out = vo_arena_array(q->arena, n + 1, sizeof *out);
    if (!out)
        return vo_error_set(e, VO_ENOMEM, "competition", "out of memory");
    for (size_t i = 0; i < n; i++)
        out[i] = (struct vo_lb_comp){v[i].c.id,       v[i].c.name,  v[i].c.metric,
                                     v[i].c.pct,      v[i].c.teams, v[i].c.first_day,
                                     v[i].c.last_day, v[i].rows,    v[i].nrows};
    *comps = out;
    *ncomps = n;
    return VO_OK;
}

/* issue 14, item 6: the attestations overdue on the meeting day d that
 * the actor reads (a manager: their own) into the daily sheet. */
static vo_err daily_att(struct vo_svc *svc, const struct vo_report_query *q, struct vo_date d,
                        struct vo_daily *daily, struct vo_error *e)
{
    struct vo_att_assignment *v = NULL;
    size_t n = 0;
    char day[16];
    vo_date_format(d, day, sizeof day);
    vo_err rc = vo_svc_att_overdue(svc, day, &v, &n, e);
    if (rc)
        return rc;
    struct vo_daily_att *out = vo_arena_array(q->arena, n + 1, sizeof *out);
    if (!out)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < n; i++)
        out[i] = (struct vo_daily_att){
            v[i].user_id, v[i].attestation_id, vo_arena_strdup(q->arena, v[i].user_name),
            vo_arena_strdup(q->arena, v[i].title), vo_arena_strdup(q->arena, v[i].due)};
    daily->att = out;
    daily->natt = n;
    return VO_OK;
}

/* The daily sheet (daily != NULL) or the weekly / monthly review of the
 * meeting day q asks for, with the org's hygiene settings. */
static vo_err meeting_report(struct vo_svc *svc, const struct vo_report_query *q,
                             struct vo_daily *daily, bool monthly, struct vo_review *review,
                             struct vo_error *e)
{
    struct vo_hygiene_settings s;
    struct vo_date d;
    int64_t as_of;
    vo_err rc = vo_report_meeting_day(q, vo_now(), &d, &as_of, e);
    if (!rc)
        rc = vo_hygiene_settings_parse(svc->org.settings, &s, e);
    if (rc)
        return rc;
    if (daily) {
        if (!(rc = vo_daily_compute(q->ds, d, as_of, &s, q->arena, daily, e))) {
            vo_report_daily_restrict(q, daily);
            rc = meeting_comps(svc, q, as_of, &daily->comps, &daily->ncomps, e);
            /* issue 12: the investigations of the month so far */
            struct vo_inv *inv = NULL;
            if (!rc && !(rc = vo_svc_inv_period(svc, q, &daily->month, as_of, &inv, e)))
                daily->inv = inv;
            if (!rc)
                rc = daily_att(svc, q, d, daily, e);
        }
    } else if (!(rc = vo_review_compute(q->ds, monthly, d, as_of, &s, q->arena, review, e))) {
        vo_report_review_restrict(q, review);
        rc = meeting_comps(svc, q, as_of, &review->comps, &review->ncomps, e);
        /* issue 12: the monthly review's investigations of its month */
        struct vo_inv *inv = NULL;
        if (!rc && monthly && !(rc = vo_svc_inv_period(svc, q, &review->cur, as_of, &inv, e)))
            review->inv = inv;
    }
    return rc;
}

vo_err vo_svc_report_daily(struct vo_svc *svc, const struct vo_report_query *q,
                           struct vo_daily *out, struct vo_error *e)
{
    return meeting_report(svc, q, out, false, NULL, e);
}

vo_err vo_svc_report_review(struct vo_svc *svc, const struct vo_report_query *q, bool monthly,
                            struct vo_review *out, struct vo_error *e)
{
    return meeting_report(svc, q, NULL, monthly, out, e);
}
