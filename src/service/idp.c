/*
 * idp.c - development plans, ИПР (idp.h): who reads and writes them, the
 * bounds of a plan, a goal, an action and a check-in, and a metric goal's
 * current value asked of the plan-fact and funnel engines over the
 * dataset (never counted here).
 */
#include "service/idp.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#include "analytics/funnel.h"
#include "analytics/planfact.h"
#include "base/timeutil.h"
#include "service/crm.h"
#include "service/notify.h"

static const char *const PLAN_STATUSES[] = {"active", "closed", NULL};
static const char *const GOAL_STATUSES[] = {"open", "achieved", "missed", "dropped", NULL};
static const char *const DIRECTIONS[] = {"at_least", "at_most", NULL};
static const char *const WINDOWS[] = {"month", "days", "plan", NULL};

/* The static spelling of s among v (NULL when none). */
static const char *one_of(const char *const *v, const char *s)
{
    for (size_t i = 0; s && v[i]; i++)
        if (strcmp(v[i], s) == 0)
            return v[i];
    return NULL;
}

static bool writer(const struct vo_svc *svc)
{
    return svc->actor_id == 0 || svc->actor_role == VO_ROLE_ADMIN ||
           svc->actor_role == VO_ROLE_HEAD;
}

static vo_err may_write(struct vo_svc *svc, struct vo_error *e)
{
    if (writer(svc))
        return VO_OK;
    return vo_error_set(e, VO_EPERM, NULL,
                        "development plans are written by the head and an admin");
}

/* A manager reads their own plans only. */
static bool reads(const struct vo_svc *svc, int64_t user)
{
    return svc->actor_role != VO_ROLE_MANAGER || svc->actor_id == 0 || svc->actor_id == user;
}

/* A text of 1..max characters (required) or up to max (NULL is ""). */
static vo_err text_of(const char *s, bool required, size_t max, const char *field,
                      struct vo_error *e)
{
    vo_err rc = required ? vo_text_required(VO_TEXT_NOTE, s, field, e)
                         : vo_text_check(VO_TEXT_NOTE, s, field, e);
    if (!rc && s && (size_t)g_utf8_strlen(s, -1) > max)
        rc = vo_error_set(e, VO_EINVAL, field, "%s is up to %d characters", field, (int)max);
    return rc;
}

/* A local date YYYY-MM-DD naming field, copied into the arena. */
static vo_err date_of(struct vo_svc *svc, const char *s, const char *field, const char **out,
                      struct vo_error *e)
{
    struct vo_date d;
    char buf[16];
    if (!s || !*s)
        return vo_error_set(e, VO_EINVAL, field, "%s is required", field);
    vo_err rc = vo_date_parse(s, &d, field, e);
    if (rc)
        return rc;
    *out = vo_arena_strdup(svc->arena, vo_date_format(d, buf, sizeof buf));
    return *out ? VO_OK : vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
}

/* ---- plans ---- */

vo_err vo_svc_idp_list(struct vo_svc *svc, int64_t user, const char *status,
                       struct vo_idp_plan **out, size_t *n, struct vo_error *e)
{
    *out = NULL;
    *n = 0;
    if (status && !one_of(PLAN_STATUSES, status))
        return vo_error_set(e, VO_EINVAL, "status", "status is active or closed");
    if (svc->actor_role == VO_ROLE_MANAGER && svc->actor_id) {
        if (user && user != svc->actor_id)
            return vo_error_set(e, VO_EPERM, "user_id",
                                "a manager sees their own development plan only");
        user = svc->actor_id;
    }
    return vo_store_idp_list(svc->st, svc->org.id, user, status, svc->arena, out, n, e);
}

/* Reads plan id as the actor may (another manager's: VO_ENOTFOUND). */
static vo_err plan_read(struct vo_svc *svc, int64_t id, struct vo_idp_plan *p, struct vo_error *e)
{
    vo_err rc = vo_store_idp_get(svc->st, svc->org.id, id, svc->arena, p, e);
    if (!rc && !reads(svc, p->user_id))
        return vo_error_set(e, VO_ENOTFOUND, "id", "no development plan %lld", (long long)id);
    return rc;
}

/* Applies in's members named by in->set to x, checked. */
static vo_err plan_apply(struct vo_svc *svc, const struct vo_idp_input *in, struct vo_idp_plan *x,
                         struct vo_error *e)
{
    vo_err rc;
    if (in->set & VO_IDP_SET_TITLE) {
        if ((rc = text_of(in->title, true, VO_IDP_TITLE_MAX, "title", e)))
            return rc;
        x->title = in->title;
    }
    if ((in->set & VO_IDP_SET_FROM) &&
        (rc = date_of(svc, in->period_from, "period_from", &x->period_from, e)))
        return rc;
    if ((in->set & VO_IDP_SET_TO) &&
        (rc = date_of(svc, in->period_to, "period_to", &x->period_to, e)))
        return rc;
    if (strcmp(x->period_from, x->period_to) > 0)
        return vo_error_set(e, VO_EINVAL, "period_to", "period_to is not before period_from");
    if (in->set & VO_IDP_SET_STATUS) {
        const char *s = one_of(PLAN_STATUSES, in->status);
        if (!s)
            return vo_error_set(e, VO_EINVAL, "status", "status is active or closed");
        if (strcmp(s, x->status) != 0)
            x->closed_at = strcmp(s, "closed") == 0 ? vo_now() : VO_NULL;
        x->status = s;
    }
    return VO_OK;
}

/* A store conflict of a plan's write: the manager's other active plan. */
static vo_err one_active(vo_err rc, const struct vo_error *tmp, struct vo_error *e)
{
    if (rc != VO_ECONFLICT)
        return vo_error_pass(e, rc, tmp);
    return vo_error_set(e, VO_ECONFLICT, "user_id",
                        "the manager has an active development plan: close it first");
}

vo_err vo_svc_idp_create(struct vo_svc *svc, const struct vo_idp_input *in, int64_t *id,
                         struct vo_error *e)
{
    struct vo_idp_plan x = {.org_id = svc->org.id,
                            .user_id = in->user_id,
                            .status = "active",
                            .created_by = svc->actor_id,
                            .created_at = vo_now(),
                            .closed_at = VO_NULL,
                            .period_from = "",
                            .period_to = ""};
    struct vo_idp_input all = *in;
    all.set |= VO_IDP_SET_TITLE | VO_IDP_SET_FROM | VO_IDP_SET_TO;
    all.set &= ~(unsigned)VO_IDP_SET_STATUS;
    vo_err rc = may_write(svc, e);
    if (rc)
        return rc;
    if (in->user_id <= 0)
        return vo_error_set(e, VO_EINVAL, "user_id", "%s is required", "user_id");
    if ((rc = plan_apply(svc, &all, &x, e)) || (rc = vo_store_begin(svc->st, e)))
        return rc;
    struct vo_user u;
    struct vo_error tmp = {0};
    rc = vo_store_user_get(svc->st, svc->org.id, in->user_id, svc->arena, &u, &tmp);
    if (rc == VO_ENOTFOUND ||
        (!rc && (!u.active || (u.role != VO_ROLE_MANAGER && u.role != VO_ROLE_HEAD)))) {
        rc =
            vo_error_set(e, VO_EINVAL, "user_id", "no active manager %lld", (long long)in->user_id);
        goto fail;
    }
    if (rc) {
        rc = vo_error_pass(e, rc, &tmp);
        goto fail;
    }
    if ((rc = vo_store_idp_insert(svc->st, &x, &tmp))) {
        rc = one_active(rc, &tmp, e);
        goto fail;
    }
    if (u.id != svc->actor_id) {
        struct vo_notify_to to = {
            .user_id = u.id,
            .kind = VO_NOTIFY_IDP,
            .key = vo_arena_printf(svc->arena, "plan:%lld", (long long)x.id),
            .object = "idp",
            .object_id = x.id,
            .title = x.title,
            .at = VO_NULL,
            .payload = vo_arena_printf(svc->arena, "{\"idp_id\": %lld}", (long long)x.id),
        };
        if ((rc = vo_svc_notify_user(svc, &to, e)))
            goto fail;
    }
    if ((rc = vo_crm_finish(svc, "idp.create", "idp", x.id, x.title, e)))
        return rc;
    *id = x.id;
    return VO_OK;
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_idp_update(struct vo_svc *svc, int64_t id, const struct vo_idp_input *in,
                         struct vo_error *e)
{
    struct vo_idp_plan x;
    struct vo_error tmp = {0};
    vo_err rc = may_write(svc, e);
    if (rc || (rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = vo_store_idp_get(svc->st, svc->org.id, id, svc->arena, &x, e)) ||
        (rc = plan_apply(svc, in, &x, e)))
        goto fail;
    if ((rc = vo_store_idp_update(svc->st, &x, &tmp))) {
        rc = one_active(rc, &tmp, e);
        goto fail;
    }
    return vo_crm_finish(svc, "idp.update", "idp", id, x.status, e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}

/* ---- the current value of a metric goal ---- */

/* Half up to one decimal of a percent. */
static double pct1(double fraction)
{
    return floor(fraction * 1000.0 + 0.5 + 1e-9) / 10.0;
}

/* The window of goal g of plan p at as_of: local dates [from, to]. */
static vo_err goal_window(const struct vo_dataset *ds, const struct vo_idp_plan *p,
                          const struct vo_idp_goal *g, int64_t as_of, struct vo_period *out,
                          struct vo_error *e)
{
    struct vo_date day = vo_cal_as_of_date(&ds->cal, as_of), from = day, to = day;
    const char *w = g->window ? g->window : "month";
    if (strcmp(w, "days") == 0) {
        int n = g->window_days > 0 ? (int)g->window_days : 1;
        from = vo_date_add_days(day, 1 - n);
    } else if (strcmp(w, "plan") == 0) {
        if (!vo_date_scan(p->period_from, &from) || !vo_date_scan(p->period_to, &to))
            return vo_error_set(e, VO_EINVAL, "period_from", "the plan's period is not dates");
    } else {
        from = (struct vo_date){day.y, day.m, 1};
        to = (struct vo_date){day.y, day.m, vo_month_days(day.y, day.m)};
    }
    return vo_cal_range(&ds->cal, from, to, out, e);
}

/* A funnel step's reached(to) / reached(from) of the manager's cohort. */
static vo_err funnel_value(const struct vo_dataset *ds, const struct vo_idp_goal *g, int32_t u,
                           const struct vo_period *w, int64_t as_of, struct vo_arena *a,
                           double *out, struct vo_error *e)
{
    int32_t sf = vo_ds_stage_find(ds, g->from_stage_id), stt = vo_ds_stage_find(ds, g->to_stage_id);
    *out = NAN;
    if (sf < 0 || stt < 0)
        return VO_OK;
    struct vo_funnel_query q =
        vo_funnel_query_default(ds->stages.pipeline[sf], w->start, w->end, as_of);
    q.user = u;
    q.counts_only = true;
    struct vo_funnel *f = NULL;
    vo_err rc = vo_funnel_compute(ds, &q, a, &f, e);
    if (rc)
        return rc;
    int64_t rf = -1, rt = -1;
    for (size_t i = 0; i < f->nstages; i++) {
        if (f->total.stages[i].stage == sf)
            rf = f->total.stages[i].reached;
        if (f->total.stages[i].stage == stt)
            rt = f->total.stages[i].reached;
    }
    if (rf > 0 && rt >= 0)
        *out = (double)rt / (double)rf;
    return VO_OK;
}

/* Sets x's current value, progress and met at as_of over ds. */
static vo_err goal_state(struct vo_svc *svc, const struct vo_dataset *ds,
                         const struct vo_idp_plan *p, struct vo_idp_goal_full *x, int64_t as_of,
                         struct vo_error *e)
{
    const struct vo_idp_goal *g = &x->g;
    x->progress = NAN;
    if (strcmp(g->kind, "skill") == 0) {
        if (g->level != VO_NULL) {
            x->has_current = true;
            x->current = (double)g->level;
        }
        if (g->level != VO_NULL && g->target_level != VO_NULL) {
            x->progress = fmin(1.0, (double)g->level / (double)g->target_level);
            x->met = g->level >= g->target_level;
        }
        return VO_OK;
    }
    bool step = strcmp(g->metric, VO_IDP_FUNNEL_STEP) == 0;
    const struct vo_metric_def *def = step ? NULL : vo_metric_find(g->metric);
    x->ratio = step || (def && def->unit == VO_UNIT_RATIO);
    struct vo_period w;
    vo_err rc = goal_window(ds, p, g, as_of, &w, e);
    if (rc)
        return rc;
    x->from = w.first;
    x->to = w.last;
    int32_t u = vo_ds_user_find(ds, p->user_id);
    double v = NAN;
    int64_t at = as_of < w.end ? as_of : w.end;
    if (u < 0) {
        v = x->ratio || (def && def->id == VO_M_AVG_CHECK) ? NAN : 0; /* no event of theirs */
    } else if (step) {
        if ((rc = funnel_value(ds, g, u, &w, at, svc->arena, &v, e)))
            return rc;
    } else if (def) {
        struct vo_pf_query q = {.period = w,
                                .as_of = at > w.start ? at : w.start,
                                .scope = VO_SCOPE_USER,
                                .scope_index = u,
                                .by = VO_PF_BY_NONE};
        struct vo_pf_result r;
        if ((rc = vo_pf_compute(ds, &q, svc->arena, &r, e)))
            return rc;
        v = r.nrows ? r.rows[0].m[def->id].fact : NAN;
    }
    if (isnan(v))
        return VO_OK;
    x->has_current = true;
    x->current = x->ratio ? pct1(v) : v;
    if (g->target == VO_NULL)
        return VO_OK;
    double target = x->ratio ? (double)g->target / 100.0 : (double)g->target;
    bool at_most = g->direction && strcmp(g->direction, "at_most") == 0;
    x->met = at_most ? x->current <= target : x->current >= target;
    if (at_most)
        x->progress = x->met ? 1.0 : (x->current > 0 ? target / x->current : 0);
    else
        x->progress = target > 0 ? fmin(1.0, x->current / target) : 1.0;
    return VO_OK;
}

vo_err vo_svc_idp_get(struct vo_svc *svc, const struct vo_dataset *ds, int64_t id, int64_t as_of,
                      struct vo_idp_full *out, struct vo_error *e)
{
    struct vo_idp_goal *g = NULL;
    struct vo_idp_action *ac = NULL;
    size_t ng = 0, na = 0;
    memset(out, 0, sizeof *out);
    out->as_of = as_of;
    vo_err rc = plan_read(svc, id, &out->p, e);
    if (rc || (rc = vo_store_idp_goals(svc->st, svc->org.id, id, svc->arena, &g, &ng, e)) ||
        (rc = vo_store_idp_actions(svc->st, svc->org.id, id, svc->arena, &ac, &na, e)) ||
        (rc = vo_store_idp_checkins(svc->st, svc->org.id, id, svc->arena, &out->checkins,
                                    &out->ncheckins, e)))
        return rc;
    out->goals = vo_arena_array(svc->arena, ng + 1, sizeof *out->goals);
    if (!out->goals)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < ng; i++) {
        struct vo_idp_goal_full *x = &out->goals[i];
        x->g = g[i];
        /* the actions come by goal id: this goal's run */
        for (size_t k = 0; k < na; k++) {
            if (ac[k].goal_id != g[i].id)
                continue;
            if (!x->actions)
                x->actions = &ac[k];
            x->nactions++;
        }
        if (g[i].from_stage_id != VO_NULL) {
            struct vo_stage s;
            if (!vo_store_stage_get(svc->st, svc->org.id, g[i].from_stage_id, svc->arena, &s, NULL))
                x->from_stage = s.name;
            if (!vo_store_stage_get(svc->st, svc->org.id, g[i].to_stage_id, svc->arena, &s, NULL))
                x->to_stage = s.name;
        }
        if ((rc = goal_state(svc, ds, &out->p, x, as_of, e)))
            return rc;
    }
    out->ngoals = ng;
    return VO_OK;
}

/* ---- goals ---- */

/* Checks the metric members of x (a metric goal). */
static vo_err metric_check(struct vo_svc *svc, struct vo_idp_goal *x, struct vo_error *e)
{
    bool step = x->metric && strcmp(x->metric, VO_IDP_FUNNEL_STEP) == 0;
    const struct vo_metric_def *def = step || !x->metric ? NULL : vo_metric_find(x->metric);
    if (!step && !def)
        return vo_error_set(e, VO_EINVAL, "metric",
                            "metric is a plan-fact metric (leads, calls, call_minutes, meetings, "
                            "deals_won, revenue, payments, avg_check, conversion, tasks_done, "
                            "tasks_done_on_time, tasks_overdue) or funnel_step");
    x->metric = step ? VO_IDP_FUNNEL_STEP : def->key;
    if (step) {
        struct vo_stage a, b;
        struct vo_error tmp = {0};
        if (x->from_stage_id == VO_NULL || x->from_stage_id <= 0 ||
            vo_store_stage_get(svc->st, svc->org.id, x->from_stage_id, svc->arena, &a, &tmp))
            return vo_error_set(e, VO_EINVAL, "from_stage_id", "from_stage_id is a stage");
        if (x->to_stage_id == VO_NULL || x->to_stage_id <= 0 ||
            vo_store_stage_get(svc->st, svc->org.id, x->to_stage_id, svc->arena, &b, &tmp))
            return vo_error_set(e, VO_EINVAL, "to_stage_id", "to_stage_id is a stage");
        if (a.pipeline_id != b.pipeline_id || a.position >= b.position)
            return vo_error_set(e, VO_EINVAL, "to_stage_id",
                                "to_stage_id is a later stage of from_stage_id's pipeline");
    } else {
        x->from_stage_id = x->to_stage_id = VO_NULL;
    }
    if (x->target == VO_NULL)
        return vo_error_set(e, VO_EINVAL, "target", "%s is required", "target");
    bool ratio = step || def->unit == VO_UNIT_RATIO;
    if (x->target < 0 || x->target > (ratio ? 10000 : VO_IDP_TARGET_MAX))
        return vo_error_set(e, VO_EINVAL, "target",
                            ratio ? "target is a percent 0..100"
                                  : "target is a whole number 0..10^15 in the metric's unit");
    if (!x->direction)
        x->direction = "at_least";
    if (!x->window)
        x->window = "month";
    if (strcmp(x->window, "days") == 0) {
        if (x->window_days == VO_NULL || x->window_days < 1 || x->window_days > VO_IDP_DAYS_MAX)
            return vo_error_set(e, VO_EINVAL, "window_days", "window_days is 1..%d",
                                VO_IDP_DAYS_MAX);
    } else {
        x->window_days = VO_NULL;
    }
    return VO_OK;
}

/* Applies in's members named by in->set to goal x, checked. */
static vo_err goal_apply(struct vo_svc *svc, const struct vo_idp_goal_input *in,
                         struct vo_idp_goal *x, struct vo_error *e)
{
    vo_err rc;
    bool metric = strcmp(x->kind, "metric") == 0;
    if (in->set & VO_IDPG_SET_TITLE) {
        if ((rc = text_of(in->title, true, VO_IDP_TITLE_MAX, "title", e)))
            return rc;
        x->title = in->title;
    }
    if ((in->set & VO_IDPG_SET_DUE) && (rc = date_of(svc, in->due_on, "due_on", &x->due_on, e)))
        return rc;
    if (in->set & VO_IDPG_SET_STATUS) {
        if (!(x->status = one_of(GOAL_STATUSES, in->status)))
            return vo_error_set(e, VO_EINVAL, "status",
                                "status is open, achieved, missed or dropped");
    }
    static const char *const metric_only[] = {"metric", "target", "direction", "window"};
    static const unsigned metric_bits[] = {VO_IDPG_SET_METRIC, VO_IDPG_SET_TARGET,
                                           VO_IDPG_SET_DIRECTION, VO_IDPG_SET_WINDOW};
    for (size_t i = 0; i < 4; i++)
        if (!metric && (in->set & metric_bits[i]))
            return vo_error_set(e, VO_EINVAL, metric_only[i], "a skill goal has no %s",
                                metric_only[i]);
    if (metric && (in->set & (VO_IDPG_SET_LEVEL | VO_IDPG_SET_TARGET_LEVEL)))
        return vo_error_set(e, VO_EINVAL, in->set & VO_IDPG_SET_LEVEL ? "level" : "target_level",
                            "a metric goal has no level");
    if (in->set & VO_IDPG_SET_METRIC) {
        x->metric = in->metric;
        x->from_stage_id = in->from_stage_id;
        x->to_stage_id = in->to_stage_id;
    }
    if ((in->set & VO_IDPG_SET_METRIC) && !(in->set & VO_IDPG_SET_TARGET))
        return vo_error_set(e, VO_EINVAL, "target", "%s is required", "target");
    if (in->set & VO_IDPG_SET_TARGET) {
        /* a ratio's target is a percent (basis points stored), any other
         * a whole number in the metric's unit */
        const struct vo_metric_def *def = x->metric ? vo_metric_find(x->metric) : NULL;
        bool ratio = x->metric && (strcmp(x->metric, VO_IDP_FUNNEL_STEP) == 0 ||
                                   (def && def->unit == VO_UNIT_RATIO));
        double v = in->target_value;
        if (isnan(v))
            x->target = VO_NULL;
        else if (!(v >= -1 && v <= 1e15))
            x->target = -1; /* out of every range: refused below */
        else if (ratio)
            x->target = (int64_t)llround(v * 100.0);
        else if (v != floor(v))
            return vo_error_set(e, VO_EINVAL, "target", "target is a whole number");
        else
            x->target = (int64_t)v;
    }
    if (in->set & VO_IDPG_SET_DIRECTION) {
        if (!(x->direction = one_of(DIRECTIONS, in->direction)))
            return vo_error_set(e, VO_EINVAL, "direction", "direction is at_least or at_most");
    }
    if (in->set & VO_IDPG_SET_WINDOW) {
        if (!(x->window = one_of(WINDOWS, in->window)))
            return vo_error_set(e, VO_EINVAL, "window", "window is month, days or plan");
        x->window_days = in->window_days;
    }
    if (metric)
        return metric_check(svc, x, e);
    if (in->set & VO_IDPG_SET_LEVEL) {
        if (in->level != VO_NULL && (in->level < 1 || in->level > 5))
            return vo_error_set(e, VO_EINVAL, "level", "level is 1..5");
        x->level = in->level;
    }
    if (in->set & VO_IDPG_SET_TARGET_LEVEL) {
        if (in->target_level == VO_NULL || in->target_level < 1 || in->target_level > 5)
            return vo_error_set(e, VO_EINVAL, "target_level", "target_level is 1..5");
        x->target_level = in->target_level;
    }
    if (x->target_level == VO_NULL)
        return vo_error_set(e, VO_EINVAL, "target_level", "%s is required", "target_level");
    return VO_OK;
}

vo_err vo_svc_idp_goal_create(struct vo_svc *svc, int64_t plan, const struct vo_idp_goal_input *in,
                              int64_t *id, struct vo_error *e)
{
    const char *kind = in->kind && *in->kind ? in->kind : "metric";
    struct vo_idp_goal x = {.org_id = svc->org.id,
                            .plan_id = plan,
                            .status = "open",
                            .created_at = vo_now(),
                            .from_stage_id = VO_NULL,
                            .to_stage_id = VO_NULL,
                            .target = VO_NULL,
                            .window_days = VO_NULL,
                            .level = VO_NULL,
                            .target_level = VO_NULL};
    struct vo_idp_goal_input all = *in;
    struct vo_idp_plan p;
    struct vo_idp_goal *v = NULL;
    size_t nv = 0;
    vo_err rc = may_write(svc, e);
    if (rc)
        return rc;
    if (strcmp(kind, "metric") != 0 && strcmp(kind, "skill") != 0)
        return vo_error_set(e, VO_EINVAL, "kind", "kind is metric or skill");
    x.kind = strcmp(kind, "metric") == 0 ? "metric" : "skill";
    all.set |= VO_IDPG_SET_TITLE | VO_IDPG_SET_DUE;
    if (strcmp(x.kind, "metric") == 0)
        all.set |= VO_IDPG_SET_METRIC | VO_IDPG_SET_TARGET;
    else
        all.set |= VO_IDPG_SET_TARGET_LEVEL;
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = vo_store_idp_get(svc->st, svc->org.id, plan, svc->arena, &p, e)) ||
        (rc = vo_store_idp_goals(svc->st, svc->org.id, plan, svc->arena, &v, &nv, e)) ||
        (rc = goal_apply(svc, &all, &x, e)))
        goto fail;
    if (nv >= VO_IDP_GOALS_MAX) {
        rc = vo_error_set(e, VO_EINVAL, "title", "a plan has up to %d goals", VO_IDP_GOALS_MAX);
        goto fail;
    }
    if ((rc = vo_store_idp_goal_insert(svc->st, &x, e)))
        goto fail;
    if ((rc = vo_crm_finish(svc, "idp_goal.create", "idp_goal", x.id, x.title, e)))
        return rc;
    *id = x.id;
    return VO_OK;
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_idp_goal_update(struct vo_svc *svc, int64_t id, const struct vo_idp_goal_input *in,
                              int64_t *plan, struct vo_error *e)
{
    struct vo_idp_goal x;
    vo_err rc = may_write(svc, e);
    if (rc || (rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = vo_store_idp_goal_get(svc->st, svc->org.id, id, svc->arena, &x, e)) ||
        (rc = goal_apply(svc, in, &x, e)) || (rc = vo_store_idp_goal_update(svc->st, &x, e)))
        goto fail;
    *plan = x.plan_id;
    return vo_crm_finish(svc, "idp_goal.update", "idp_goal", id, x.status, e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}

/* ---- actions ---- */

static vo_err action_apply(struct vo_svc *svc, const struct vo_idp_action_input *in,
                           struct vo_idp_action *x, struct vo_error *e)
{
    vo_err rc;
    if (in->set & VO_IDPA_SET_TEXT) {
        if ((rc = text_of(in->text, true, VO_IDP_TEXT_MAX, "text", e)))
            return rc;
        x->text = in->text;
    }
    if (in->set & VO_IDPA_SET_DUE) {
        x->due_on = NULL;
        if (in->due_on && *in->due_on && (rc = date_of(svc, in->due_on, "due_on", &x->due_on, e)))
            return rc;
    }
    if (in->set & VO_IDPA_SET_DONE) {
        if (in->done && x->done_at == VO_NULL) {
            x->done_at = vo_now();
            x->done_by = svc->actor_id ? svc->actor_id : VO_NULL;
        } else if (!in->done) {
            x->done_at = x->done_by = VO_NULL;
        }
    }
    return VO_OK;
}

vo_err vo_svc_idp_action_create(struct vo_svc *svc, int64_t goal,
                                const struct vo_idp_action_input *in, int64_t *id, int64_t *plan,
                                struct vo_error *e)
{
    struct vo_idp_action x = {.org_id = svc->org.id,
                              .goal_id = goal,
                              .done_at = VO_NULL,
                              .done_by = VO_NULL,
                              .created_at = vo_now()};
    struct vo_idp_action_input all = *in;
    struct vo_idp_goal g;
    all.set |= VO_IDPA_SET_TEXT;
    vo_err rc = may_write(svc, e);
    if (rc || (rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = vo_store_idp_goal_get(svc->st, svc->org.id, goal, svc->arena, &g, e)) ||
        (rc = action_apply(svc, &all, &x, e)) || (rc = vo_store_idp_action_insert(svc->st, &x, e)))
        goto fail;
    if ((rc = vo_crm_finish(svc, "idp_action.create", "idp_action", x.id, x.text, e)))
        return rc;
    *id = x.id;
    *plan = g.plan_id;
    return VO_OK;
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_idp_action_update(struct vo_svc *svc, int64_t id,
                                const struct vo_idp_action_input *in, int64_t *plan,
                                struct vo_error *e)
{
    struct vo_idp_action x;
    struct vo_idp_goal g;
    struct vo_idp_plan p;
    vo_err rc = vo_store_begin(svc->st, e);
    if (rc)
        return rc;
    if ((rc = vo_store_idp_action_get(svc->st, svc->org.id, id, svc->arena, &x, e)) ||
        (rc = vo_store_idp_goal_get(svc->st, svc->org.id, x.goal_id, svc->arena, &g, e)) ||
        (rc = vo_store_idp_get(svc->st, svc->org.id, g.plan_id, svc->arena, &p, e)))
        goto fail;
    if (!reads(svc, p.user_id)) {
        rc = vo_error_set(e, VO_ENOTFOUND, "id", "no action %lld", (long long)id);
        goto fail;
    }
    /* the plan's manager ticks their actions; the rest is the head's */
    bool own = svc->actor_role == VO_ROLE_MANAGER && svc->actor_id == p.user_id;
    if (!writer(svc) && !(own && !(in->set & ~(unsigned)VO_IDPA_SET_DONE))) {
        rc = vo_error_set(e, VO_EPERM, own ? "text" : NULL,
                          own ? "a manager ticks their actions (done) only"
                              : "development plans are written by the head and an admin");
        goto fail;
    }
    if ((rc = action_apply(svc, in, &x, e)) || (rc = vo_store_idp_action_update(svc->st, &x, e)))
        goto fail;
    *plan = g.plan_id;
    return vo_crm_finish(svc, "idp_action.update", "idp_action", id,
                         x.done_at != VO_NULL ? "done" : "open", e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}

/* ---- check-ins ---- */

vo_err vo_svc_idp_checkin_create(struct vo_svc *svc, int64_t plan,
                                 const struct vo_idp_checkin_input *in, int64_t *id,
                                 struct vo_error *e)
{
    struct vo_idp_checkin x = {.org_id = svc->org.id,
                               .plan_id = plan,
                               .goal_id = VO_NULL,
                               .meeting_id = VO_NULL,
                               .author_id = svc->actor_id ? svc->actor_id : VO_NULL,
                               .created_at = vo_now()};
    struct vo_idp_plan p;
    struct vo_idp_goal g;
    vo_err rc = may_write(svc, e);
    if (rc || (rc = text_of(in->comment, true, VO_IDP_TEXT_MAX, "comment", e)))
        return rc;
    x.comment = in->comment;
    x.at = x.created_at;
    if (in->at && *in->at && (rc = vo_crm_time(svc, in->at, "at", &x.at, e)))
        return rc;
    if (in->goal_status && !(x.goal_status = one_of(GOAL_STATUSES, in->goal_status)))
        return vo_error_set(e, VO_EINVAL, "goal_status",
                            "goal_status is open, achieved, missed or dropped");
    if (x.goal_status && in->goal_id <= 0)
        return vo_error_set(e, VO_EINVAL, "goal_id", "a goal_status needs a goal_id");
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = vo_store_idp_get(svc->st, svc->org.id, plan, svc->arena, &p, e)))
        goto fail;
    if (in->goal_id > 0) {
        struct vo_error tmp = {0};
        rc = vo_store_idp_goal_get(svc->st, svc->org.id, in->goal_id, svc->arena, &g, &tmp);
        if (rc == VO_ENOTFOUND || (!rc && g.plan_id != plan)) {
            rc = vo_error_set(e, VO_EINVAL, "goal_id", "no goal %lld in this plan",
                              (long long)in->goal_id);
            goto fail;
        }
        if (rc) {
            rc = vo_error_pass(e, rc, &tmp);
            goto fail;
        }
        x.goal_id = g.id;
        if (x.goal_status) {
            g.status = x.goal_status;
            if ((rc = vo_store_idp_goal_update(svc->st, &g, e)))
                goto fail;
        }
    }
    if (in->meeting_id > 0) {
        struct vo_meeting m;
        struct vo_meeting_person *pp = NULL;
        size_t np = 0;
        bool his = false;
        struct vo_error tmp = {0};
        rc = vo_store_meeting_get(svc->st, svc->org.id, in->meeting_id, svc->arena, &m, &tmp);
        if (!rc)
            rc = vo_store_meeting_people(svc->st, svc->org.id, m.id, svc->arena, &pp, &np, &tmp);
        for (size_t i = 0; !rc && i < np; i++)
            his = his || pp[i].user_id == p.user_id;
        if (rc == VO_ENOTFOUND || (!rc && (strcmp(m.kind, "one_to_one") != 0 || !his))) {
            rc = vo_error_set(e, VO_EINVAL, "meeting_id",
                              "meeting_id is a one-to-one meeting with the plan's manager");
            goto fail;
        }
        if (rc) {
            rc = vo_error_pass(e, rc, &tmp);
            goto fail;
        }
        x.meeting_id = m.id;
    }
    if ((rc = vo_store_idp_checkin_insert(svc->st, &x, e)))
        goto fail;
    if ((rc = vo_crm_finish(svc, "idp_checkin.create", "idp", plan, x.goal_status, e)))
        return rc;
    *id = x.id;
    return VO_OK;
fail:
    vo_store_rollback(svc->st);
    return rc;
}

/* ---- the reminder of a goal's due date ---- */

vo_err vo_svc_idp_notify_due(struct vo_store *st, int64_t now, struct vo_arena *a,
                             struct vo_notification **out, size_t *n, struct vo_error *e)
{
    struct vo_idp_due_org *orgs = NULL;
    size_t no = 0;
    char buf[16];
    *out = NULL;
    *n = 0;
    /* no zone is more than 14 hours ahead of UTC: no local date is later */
    GTimeZone *utc = g_time_zone_new_utc();
    vo_date_format(vo_date_of(utc, now + 14 * 3600), buf, sizeof buf);
    g_time_zone_unref(utc);
    vo_err rc = vo_store_idp_due_orgs(st, buf, a, &orgs, &no, e);
    for (size_t i = 0; !rc && i < no; i++) {
        GTimeZone *tz = orgs[i].tz ? vo_tz_new(orgs[i].tz) : NULL;
        if (!tz)
            tz = g_time_zone_new_utc();
        vo_date_format(vo_date_of(tz, now), buf, sizeof buf);
        g_time_zone_unref(tz);
        struct vo_notification *v = NULL;
        size_t k = 0;
        if ((rc = vo_store_idp_notify_due(st, orgs[i].org_id, buf, now, a, &v, &k, e)) || !k)
            continue;
        struct vo_notification *all = vo_arena_array(a, *n + k + 1, sizeof *all);
        if (!all)
            return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
        if (*n)
            memcpy(all, *out, *n * sizeof *all);
        memcpy(all + *n, v, k * sizeof *all);
        *out = all;
        *n += k;
    }
    return rc;
}
