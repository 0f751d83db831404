/*
 * promises.c - the promises' use cases (promises.h). The automatic check
 * asks the plan-fact engine for the user's fact over the promise's days
 * (vo_pf_compute of one user over vo_cal_range): one computation of facts
 * for the whole product.
 */
#include "service/promises.h"

#include <math.h>
#include <string.h>

#include "analytics/planfact.h"
#include "base/timeutil.h"
#include "service/crm.h"

static const char *const STATUSES[] = {"open", "kept", "broken", NULL};

static const char *status_find(const char *s)
{
    for (size_t i = 0; s && STATUSES[i]; i++)
        if (strcmp(STATUSES[i], s) == 0)
            return STATUSES[i];
    return NULL;
}

static bool runs_meetings(const struct vo_svc *svc)
{
    return svc->actor_id == 0 || svc->actor_role == VO_ROLE_ADMIN ||
           svc->actor_role == VO_ROLE_HEAD;
}

/* The metric a promise may be tied to (additive), or NULL with e set. */
static const struct vo_metric_def *metric_find(const char *key, struct vo_error *e)
{
    const struct vo_metric_def *m = vo_metric_find(key);
    if (!m || m->kind != VO_METRIC_ADDITIVE)
        vo_error_set(e, VO_EINVAL, "metric",
                     "metric is one of: leads, calls, call_minutes, meetings, deals_won, revenue, "
                     "payments, tasks_done, tasks_done_on_time");
    return m && m->kind == VO_METRIC_ADDITIVE ? m : NULL;
}

static vo_err check_input(struct vo_svc *svc, struct vo_promise *p, struct vo_error *e)
{
    vo_err rc = vo_text_required(VO_TEXT_TITLE, p->text, "text", e);
    if (rc)
        return rc;
    if (g_utf8_strlen(p->text, -1) > VO_PROMISE_TEXT_CHARS)
        return vo_error_set(e, VO_EINVAL, "text", "text is 1..%d characters",
                            VO_PROMISE_TEXT_CHARS);
    if (p->metric && !metric_find(p->metric, e))
        return VO_EINVAL;
    if (p->metric && (p->target == VO_NULL || p->target < 1 || p->target > VO_PROMISE_TARGET_MAX))
        return vo_error_set(e, VO_EINVAL, "target", "target is 1..%lld in the metric's unit",
                            (long long)VO_PROMISE_TARGET_MAX);
    if (!p->metric && p->target != VO_NULL)
        return vo_error_set(e, VO_EINVAL, "target", "a target needs a metric");
    struct vo_user u;
    rc = vo_store_user_get(svc->st, svc->org.id, p->user_id, svc->arena, &u, e);
    if (rc == VO_ENOTFOUND || (!rc && !u.active))
        return vo_error_set(e, VO_EINVAL, "user_id", "no active user %lld", (long long)p->user_id);
    if (rc)
        return rc;
    if (p->target_stage_id && !p->deal_id)
        return vo_error_set(e, VO_EINVAL, "target_stage_id", "a target stage needs a deal_id");
    if (p->deal_id) {
        struct vo_deal_row d;
        struct vo_stage sg;
        if ((rc = vo_store_deal_get(svc->st, svc->org.id, p->deal_id, svc->arena, &d, e)))
            return rc == VO_ENOTFOUND ? vo_error_set(e, VO_EINVAL, "deal_id", "no deal %lld",
                                                     (long long)p->deal_id)
                                      : rc;
        if (p->target_stage_id) {
            rc = vo_store_stage_get(svc->st, svc->org.id, p->target_stage_id, svc->arena, &sg, e);
            if (rc == VO_ENOTFOUND || (!rc && sg.pipeline_id != d.d.pipeline_id))
                return vo_error_set(e, VO_EINVAL, "target_stage_id",
                                    "target_stage_id %lld is not a stage of the deal's pipeline",
                                    (long long)p->target_stage_id);
            if (rc)
                return rc;
        }
    }
    if (p->client_id) {
        struct vo_client c;
        if ((rc = vo_store_client_get(svc->st, svc->org.id, p->client_id, svc->arena, &c, e)))
            return rc == VO_ENOTFOUND ? vo_error_set(e, VO_EINVAL, "client_id", "no client %lld",
                                                     (long long)p->client_id)
                                      : rc;
    }
    if (p->meeting_id) {
        struct vo_meeting m;
        rc = vo_store_meeting_get(svc->st, svc->org.id, p->meeting_id, svc->arena, &m, e);
        if (rc == VO_ENOTFOUND)
            return vo_error_set(e, VO_EINVAL, "meeting_id", "no %s %lld", "meeting",
                                (long long)p->meeting_id);
        if (!rc && strcmp(m.status, "closed") == 0)
            return vo_error_set(e, VO_ECONFLICT, "status",
                                "the meeting is closed: its protocol is final");
    }
    return rc;
}

vo_err vo_svc_promise_create(struct vo_svc *svc, const struct vo_promise_input *in, int64_t *id,
                             struct vo_error *e)
{
    struct vo_promise p = {.org_id = svc->org.id,
                           .user_id = in->user_id ? in->user_id : svc->actor_id,
                           .text = in->text,
                           .due_at = in->due_at,
                           .deal_id = in->deal_id,
                           .client_id = in->client_id,
                           .meeting_id = in->meeting_id,
                           .metric = in->metric,
                           .target = in->target,
                           .target_stage_id = in->target_stage_id,
                           .created_at = vo_now()};
    if (svc->actor_role == VO_ROLE_VIEWER)
        return vo_error_set(e, VO_EPERM, NULL, "a viewer records no promises");
    if (!runs_meetings(svc) && p.user_id != svc->actor_id)
        return vo_error_set(e, VO_EPERM, "user_id", "a manager records their own promises only");
    vo_err rc = vo_store_begin(svc->st, e);
    if (rc)
        return rc;
    if ((rc = check_input(svc, &p, e)) || (rc = vo_store_promise_insert(svc->st, &p, e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    if ((rc = vo_crm_finish(svc, "promise.create", "promise", p.id, p.text, e)))
        return rc;
    *id = p.id;
    return VO_OK;
}

vo_err vo_svc_promise_list(struct vo_svc *svc, struct vo_promise_filter f, struct vo_promise **out,
                           size_t *n, struct vo_error *e)
{
    if (f.status && !status_find(f.status))
        return vo_error_set(e, VO_EINVAL, "status", "status is one of: open, kept, broken");
    if (svc->actor_role == VO_ROLE_MANAGER)
        f.user = svc->actor_id;
    return vo_store_promise_list(svc->st, svc->org.id, &f, svc->arena, out, n, e);
}

vo_err vo_svc_promise_get(struct vo_svc *svc, int64_t id, struct vo_promise *out,
                          struct vo_error *e)
{
    vo_err rc = vo_store_promise_get(svc->st, svc->org.id, id, svc->arena, out, e);
    if (!rc && svc->actor_role == VO_ROLE_MANAGER && out->user_id != svc->actor_id)
        rc = vo_error_set(e, VO_ENOTFOUND, "id", "no %s %lld", "promise", (long long)id);
    return rc;
}

vo_err vo_svc_promise_resolve(struct vo_svc *svc, int64_t id, const char *status,
                              const char *comment, const int64_t *version, struct vo_error *e)
{
    const char *s = status_find(status);
    if (!runs_meetings(svc))
        return vo_error_set(e, VO_EPERM, NULL,
                            "only an admin or the head of sales resolves promises");
    if (!s || strcmp(s, "open") == 0)
        return vo_error_set(e, VO_EINVAL, "status", "status is kept or broken");
    vo_err rc = comment ? vo_text_check(VO_TEXT_NOTE, comment, "comment", e) : VO_OK;
    struct vo_promise p;
    if (rc || (rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = vo_store_promise_get(svc->st, svc->org.id, id, svc->arena, &p, e)))
        goto fail;
    p.status = s;
    p.comment = comment && *comment ? comment : p.comment;
    p.resolved_at = vo_now();
    if ((rc = vo_store_promise_update(svc->st, &p, version ? *version : -1, e)))
        goto fail;
    return vo_crm_finish(svc, "promise.resolve", "promise", id, s, e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}

/* Whether the user's fact of p's metric over [p's local day, its due
 * day], counted before min(the due day's end, now), reached its target. */
static vo_err fact_reached(const struct vo_dataset *ds, const struct vo_promise *p, int64_t now,
                           struct vo_arena *a, bool *kept, struct vo_error *e)
{
    const struct vo_metric_def *def = metric_find(p->metric, e);
    int32_t u = vo_ds_user_find(ds, p->user_id);
    *kept = false;
    if (!def)
        return VO_EINVAL;
    if (u < 0) /* no event of theirs in the data: nothing reached */
        return VO_OK;
    struct vo_date from = vo_date_of(ds->cal.tz, p->created_at);
    struct vo_date to = vo_date_of(ds->cal.tz, p->due_at);
    if (vo_date_cmp(to, from) < 0)
        to = from;
    struct vo_pf_query q = {.scope = VO_SCOPE_USER, .scope_index = u, .by = VO_PF_BY_NONE};
    vo_err rc = vo_cal_range(&ds->cal, from, to, &q.period, e);
    if (rc)
        return rc;
    q.as_of = q.period.end < now ? q.period.end : now;
    struct vo_pf_result r;
    if ((rc = vo_pf_compute(ds, &q, a, &r, e)))
        return rc;
    double fact = r.nrows ? r.rows[0].m[def->id].fact : NAN;
    *kept = !isnan(fact) && fact >= (double)p->target;
    return VO_OK;
}

/* Whether p's deal reached p's target stage at min(its due instant,
 * now), from ds's stage history: won by then is reached, lost by then is
 * not; open, reached when the stage it was in then is the target or a
 * later one of the target's pipeline. A deal or stage ds does not hold
 * (gone) has reached nothing. */
static bool stage_reached(const struct vo_dataset *ds, const struct vo_promise *p, int64_t now)
{
    int32_t d = vo_ds_deal_find(ds, p->deal_id), sg = vo_ds_stage_find(ds, p->target_stage_id);
    int64_t at = p->due_at < now ? p->due_at : now;
    if (d < 0 || sg < 0)
        return false;
    if (ds->deals.closed_at[d] != VO_NULL && ds->deals.closed_at[d] <= at)
        return ds->deals.status[d] == VO_DEAL_WON;
    int32_t in = -1; /* the stage the deal was in at `at` */
    for (int32_t k = ds->deals.sc_first[d]; k < ds->deals.sc_first[d + 1]; k++)
        if (ds->sc.at[k] <= at)
            in = ds->sc.stage[k];
    return in >= 0 && ds->stages.pipeline[in] == ds->stages.pipeline[sg] &&
           ds->stages.pos[in] >= ds->stages.pos[sg];
}

/* Whether the automatic check settles p. */
static bool checked_by_clock(const struct vo_promise *p)
{
    return p->metric || (p->deal_id && p->target_stage_id);
}

vo_err vo_svc_promise_check(struct vo_svc *svc, const struct vo_dataset *ds, int64_t now,
                            size_t *changed, struct vo_error *e)
{
    struct vo_promise_filter f = {.from = INT64_MIN, .to = now + 1, .status = "open"};
    struct vo_promise *v = NULL;
    size_t n = 0, done = 0;
    if (changed)
        *changed = 0;
    vo_err rc = vo_store_promise_list(svc->st, svc->org.id, &f, svc->arena, &v, &n, e);
    if (rc)
        return rc;
    bool any = false;
    for (size_t i = 0; i < n && !any; i++)
        any = checked_by_clock(&v[i]);
    if (!any)
        return VO_OK;
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    for (size_t i = 0; i < n && !rc; i++) {
        struct vo_promise p;
        bool kept = false;
        if (!checked_by_clock(&v[i]))
            continue;
        /* read again inside the transaction: another check may have won */
        if ((rc = vo_store_promise_get(svc->st, svc->org.id, v[i].id, svc->arena, &p, e)))
            break;
        if (strcmp(p.status, "open") != 0 || !checked_by_clock(&p))
            continue;
        kept = true;
        if (p.metric && (rc = fact_reached(ds, &p, now, svc->arena, &kept, e)))
            break;
        if (kept && p.deal_id && p.target_stage_id)
            kept = stage_reached(ds, &p, now);
        p.status = kept ? "kept" : "broken";
        p.resolved_at = now;
        if (!(rc = vo_store_promise_update(svc->st, &p, p.rev, e)))
            rc = vo_store_audit(svc->st, svc->org.id, 0, "promise.check", "promise", p.id, p.status,
                                e);
        done++;
    }
    if (!rc)
        rc = vo_store_commit(svc->st, e);
    if (rc) {
        vo_store_rollback(svc->st);
        return rc;
    }
    if (changed)
        *changed = done;
    return VO_OK;
}

vo_err vo_svc_promise_orgs_due(struct vo_store *st, int64_t now, struct vo_arena *a, int64_t **orgs,
                               size_t *n, struct vo_error *e)
{
    return vo_store_promise_orgs_due(st, now, a, orgs, n, e);
}

static void count(const struct vo_promise *p, int64_t *kept, int64_t *broken, int64_t *open);
static double kept_pct(int64_t kept, int64_t broken);

vo_err vo_svc_promise_record(struct vo_svc *svc, int64_t user, int from_y, int from_m, int to_y,
                             int to_m, struct vo_promise_month **out, size_t *n, struct vo_error *e)
{
    long months = (long)(to_y - from_y) * 12 + (to_m - from_m) + 1;
    if (months < 1 || months > VO_PROMISE_RECORD_MONTHS)
        return vo_error_set(e, VO_EINVAL, "to_month", "the record is 1..%d months from from_month",
                            VO_PROMISE_RECORD_MONTHS);
    if (svc->actor_role == VO_ROLE_MANAGER)
        user = svc->actor_id;
    struct vo_promise_month *v =
        VO_ARENA_ARRAY(svc->arena, struct vo_promise_month, (size_t)months);
    if (!v)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    for (long i = 0; i < months; i++) {
        long k = (long)from_m - 1 + i;
        v[i] = (struct vo_promise_month){.y = from_y + (int)(k / 12), .m = (int)(k % 12) + 1};
    }
    struct vo_date first = {from_y, from_m, 1};
    struct vo_date after = {to_m == 12 ? to_y + 1 : to_y, to_m == 12 ? 1 : to_m + 1, 1};
    struct vo_promise_filter f = {
        .user = user, .from = vo_date_start(svc->tz, first), .to = vo_date_start(svc->tz, after)};
    struct vo_promise *p = NULL;
    size_t np = 0;
    vo_err rc = vo_store_promise_list(svc->st, svc->org.id, &f, svc->arena, &p, &np, e);
    if (rc)
        return rc;
    for (size_t i = 0; i < np; i++) {
        struct vo_date d = vo_date_of(svc->tz, p[i].due_at);
        long k = (long)(d.y - from_y) * 12 + (d.m - from_m);
        if (k < 0 || k >= months)
            continue;
        count(&p[i], &v[k].kept, &v[k].broken, &v[k].open);
    }
    for (long i = 0; i < months; i++)
        v[i].pct = kept_pct(v[i].kept, v[i].broken);
    *out = v;
    *n = (size_t)months;
    return VO_OK;
}

/* Counts p's status into *kept, *broken or *open. */
static void count(const struct vo_promise *p, int64_t *kept, int64_t *broken, int64_t *open)
{
    if (strcmp(p->status, "kept") == 0)
        (*kept)++;
    else if (strcmp(p->status, "broken") == 0)
        (*broken)++;
    else
        (*open)++;
}

static double kept_pct(int64_t kept, int64_t broken)
{
    return kept + broken ? (double)kept / (double)(kept + broken) : NAN;
}

vo_err vo_svc_promise_tally(struct vo_svc *svc, int64_t from, int64_t to,
                            struct vo_promise_tally **out, size_t *n, struct vo_error *e)
{
    struct vo_promise_filter f = {.from = from, .to = to};
    struct vo_promise *p = NULL;
    struct vo_user *u = NULL;
    size_t np = 0, nu = 0, k = 0;
    if (svc->actor_role == VO_ROLE_MANAGER)
        f.user = svc->actor_id;
    vo_err rc = vo_store_promise_list(svc->st, svc->org.id, &f, svc->arena, &p, &np, e);
    if (!rc)
        rc = vo_store_user_list(svc->st, svc->org.id, svc->arena, &u, &nu, e);
    if (rc)
        return rc;
    struct vo_promise_tally *v = VO_ARENA_ARRAY(svc->arena, struct vo_promise_tally, nu + 1);
    if (!v)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    /* the users by name (the store's order), each with a promise due */
    for (size_t i = 0; i < nu; i++) {
        struct vo_promise_tally t = {.user_id = u[i].id, .name = u[i].name};
        for (size_t j = 0; j < np; j++)
            if (p[j].user_id == u[i].id)
                count(&p[j], &t.kept, &t.broken, &t.open);
        if (t.kept + t.broken + t.open == 0)
            continue;
        t.pct = kept_pct(t.kept, t.broken);
        v[k++] = t;
    }
    *out = v;
    *n = k;
    return VO_OK;
}
