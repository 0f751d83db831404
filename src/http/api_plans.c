/*
 * api_plans.c - the monthly plans: reading a month's plans, setting one,
 * and splitting a department target to the managers (service/plans.h).
 *
 * Everyone signed in reads the whole org's plans of a month: a manager's
 * screen ranks them against their colleagues (leaderboard) and shows the
 * department's plan, and plans are targets, not client data. Only admins
 * and heads set or split them.
 *
 * A target is given as a person types it (a string or a number): money in
 * major units ("1 500 000", 12345.67), counts and minutes as whole numbers,
 * conversion as a fraction or a percentage ("25%"). It is answered in the
 * metric's plan unit: money in minor units, conversion in basis points,
 * with "unit" saying which.
 */
#include "http/api.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/timeutil.h"
#include "service/org_reads.h"
#include "service/plans.h"

static const char *const unit_names[] = {
    [VO_UNIT_COUNT] = "count",
    [VO_UNIT_MONEY] = "minor_units",
    [VO_UNIT_MINUTES] = "minutes",
    [VO_UNIT_RATIO] = "basis_points",
};

/* "org", "team:NAME" or "user:EMAIL" (the name for a user without one). */
static const char *scope_text(struct vo_req *r, enum vo_scope_kind k, int64_t id)
{
    if (k == VO_SCOPE_TEAM) {
        const char *name = vo_svc_team_name(&r->svc, id);
        if (!name)
            name = "?";
        return vo_arena_printf(&r->arena, "team:%s", name);
    }
    if (k == VO_SCOPE_USER) {
        struct vo_user u;
        if (vo_svc_user_get(&r->svc, id, &u, NULL))
            return "user:?";
        return vo_arena_printf(&r->arena, "user:%s", u.email ? u.email : u.name);
    }
    return "org";
}

static json_t *plan_json(struct vo_req *r, const struct vo_plan *p)
{
    char period[16];
    snprintf(period, sizeof period, "%04d-%02d", p->year, p->month);
    const struct vo_metric_def *md = &vo_metrics[p->metric];
    return json_pack("{s:I, s:s, s:s, s:s, s:o, s:s, s:s, s:I}", "id", (json_int_t)p->id, "period",
                     period, "scope", scope_text(r, p->scope_kind, p->scope_id), "scope_kind",
                     vo_scope_kind_name(p->scope_kind), "scope_id",
                     p->scope_id ? json_integer(p->scope_id) : json_null(), "metric", md->key,
                     "unit", unit_names[md->unit], "target", (json_int_t)p->target);
}

/* Resolves a scope filter to kind + id; VO_EINVAL naming "scope". */
static vo_err scope_parse(struct vo_req *r, const char *scope, enum vo_scope_kind *kind,
                          int64_t *id)
{
    *id = 0;
    if (strcmp(scope, "org") == 0) {
        *kind = VO_SCOPE_ORG;
        return VO_OK;
    }
    if (strncmp(scope, "team:", 5) == 0) {
        *kind = VO_SCOPE_TEAM;
        if (vo_svc_team_find(&r->svc, scope + 5, id, NULL))
            return vo_error_set(&r->err, VO_EINVAL, "scope", "no team \"%s\"", scope + 5);
        return VO_OK;
    }
    const char *who = strncmp(scope, "user:", 5) == 0 ? scope + 5 : scope;
    struct vo_user u;
    if (vo_svc_user_find(&r->svc, who, &u, NULL))
        return vo_error_set(&r->err, VO_EINVAL, "scope",
                            "scope is org, team:NAME or user:EMAIL (no user \"%s\")", who);
    *kind = VO_SCOPE_USER;
    *id = u.id;
    return VO_OK;
}

static vo_err period_of(struct vo_req *r, const char *s, int *y, int *m)
{
    if (!s)
        return vo_error_set(&r->err, VO_EINVAL, "period", "period (YYYY-MM) is required");
    if (vo_month_parse(s, y, m, "period", &r->err))
        return VO_EINVAL;
    return VO_OK;
}

vo_err api_plans_list(struct vo_req *r)
{
    int y = 0, m = 0;
    if (period_of(r, vo_req_query(r, "period"), &y, &m))
        return VO_EINVAL;
    const char *scope = vo_req_query(r, "scope");
    enum vo_scope_kind kind = VO_SCOPE_ORG;
    int64_t sid = 0;
    if (scope && *scope && scope_parse(r, scope, &kind, &sid))
        return VO_EINVAL;
    struct vo_plan *v = NULL;
    size_t n = 0;
    vo_err rc = vo_svc_plan_list(&r->svc, y, m, &v, &n, &r->err);
    if (rc)
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        if (!scope || !*scope || (v[i].scope_kind == kind && v[i].scope_id == sid))
            json_array_append_new(items, plan_json(r, &v[i]));
    vo_req_json(r, 200, json_pack("{s:o}", "items", items));
    return VO_OK;
}

/* The metric named by the body's "metric". */
static vo_err metric_field(struct vo_req *r, const struct vo_metric_def **out)
{
    const char *key = NULL;
    if (vo_req_str(r, "metric", true, &key))
        return VO_EINVAL;
    *out = vo_metric_find(key);
    if (!*out)
        return vo_error_set(&r->err, VO_EINVAL, "metric", "unknown metric \"%s\"", key);
    return VO_OK;
}

/* The body's "target" (string or number, as a person types it) in the
 * metric's plan unit; VO_NULL when absent and not required. */
static vo_err target_field(struct vo_req *r, const struct vo_metric_def *md, bool required,
                           int64_t *out)
{
    json_t *v = json_object_get(r->body, "target");
    *out = VO_NULL;
    if (!v || json_is_null(v)) {
        if (required)
            return vo_error_set(&r->err, VO_EINVAL, "target", "target is required");
        return VO_OK;
    }
    const char *text = NULL;
    if (json_is_string(v))
        text = json_string_value(v);
    else if (json_is_integer(v))
        text = vo_arena_printf(&r->arena, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v) && isfinite(json_real_value(v)) && md->unit != VO_UNIT_COUNT &&
             md->unit != VO_UNIT_MINUTES)
        text = vo_arena_printf(&r->arena, "%.4f", json_real_value(v));
    else
        return vo_error_set(&r->err, VO_EINVAL, "target", "target is a number or a string");
    if (vo_plan_target_parse(md, text, r->svc.currency_digits, out, &r->err))
        return VO_EINVAL;
    return VO_OK;
}

vo_err api_plans_set(struct vo_req *r)
{
    static const char *const fields[] = {"period", "scope", "metric", "target", NULL};
    const char *period = NULL, *scope = NULL;
    const struct vo_metric_def *md = NULL;
    int y = 0, m = 0;
    int64_t target = 0;
    if (vo_req_body_fields(r, fields) || vo_req_str(r, "period", true, &period) ||
        period_of(r, period, &y, &m) || vo_req_str(r, "scope", false, &scope) ||
        metric_field(r, &md) || target_field(r, md, true, &target))
        return VO_EINVAL;
    enum vo_scope_kind kind = VO_SCOPE_ORG;
    int64_t sid = 0;
    if (scope && scope_parse(r, scope, &kind, &sid))
        return VO_EINVAL;
    vo_err rc = vo_svc_plan_set(&r->svc, y, m, scope, md->id, target, &r->err);
    if (rc)
        return rc;
    struct vo_plan *v = NULL;
    size_t n = 0;
    if ((rc = vo_svc_plan_list(&r->svc, y, m, &v, &n, &r->err)))
        return rc;
    for (size_t i = 0; i < n; i++)
        if (v[i].scope_kind == kind && v[i].scope_id == sid && v[i].metric == md->id) {
            vo_req_json(r, 200, plan_json(r, &v[i]));
            return VO_OK;
        }
    return vo_error_set(&r->err, VO_ESTORE, NULL, "the plan was not stored");
}

/* The body's "weights": {"email": weight >= 0, ...} in thousandths. */
static vo_err weights_field(struct vo_req *r, const char ***emails, int64_t **weights, size_t *n)
{
    json_t *w = json_object_get(r->body, "weights");
    if (!json_is_object(w) || json_object_size(w) == 0)
        return vo_error_set(&r->err, VO_EINVAL, "weights",
                            "weights is an object {\"email\": weight, ...} with one user or more");
    size_t k = json_object_size(w), i = 0;
    *emails = VO_ARENA_ARRAY(&r->arena, const char *, k);
    *weights = VO_ARENA_ARRAY(&r->arena, int64_t, k);
    if (!*emails || !*weights)
        return vo_error_set(&r->err, VO_ENOMEM, NULL, "out of memory");
    const char *key;
    json_t *v;
    json_object_foreach(w, key, v)
    {
        double x = json_is_integer(v) ? (double)json_integer_value(v)
                   : json_is_real(v)  ? json_real_value(v)
                                      : -1;
        if (!(x >= 0 && x <= 1e12))
            return vo_error_set(&r->err, VO_EINVAL, "weights",
                                "the weight of \"%s\" is not a number >= 0", key);
        (*emails)[i] = vo_arena_strdup(&r->arena, key);
        (*weights)[i] = (int64_t)llround(x * 1000.0);
        i++;
    }
    *n = k;
    return VO_OK;
}

vo_err api_plans_split(struct vo_req *r)
{
    static const char *const fields[] = {"period", "metric", "method", "target", "weights", NULL};
    static const char *const methods[] = {"equal", "weights", "history", NULL};
    const char *period = NULL, *method = NULL;
    const struct vo_metric_def *md = NULL;
    int y = 0, m = 0;
    int64_t target = VO_NULL;
    if (vo_req_body_fields(r, fields) || vo_req_str(r, "period", true, &period) ||
        period_of(r, period, &y, &m) || metric_field(r, &md) ||
        vo_req_str(r, "method", false, &method) || target_field(r, md, false, &target))
        return VO_EINVAL;
    int mi = 0;
    if (method) {
        mi = -1;
        for (int i = 0; methods[i]; i++)
            if (strcmp(methods[i], method) == 0)
                mi = i;
        if (mi < 0)
            return vo_error_set(&r->err, VO_EINVAL, "method",
                                "method is equal, weights or history");
    }
    enum vo_split_method how = (enum vo_split_method)mi;
    const char **emails = NULL;
    int64_t *weights = NULL;
    size_t nw = 0;
    if (how == VO_SPLIT_WEIGHTS && weights_field(r, &emails, &weights, &nw))
        return VO_EINVAL;
    if (how != VO_SPLIT_WEIGHTS && json_object_get(r->body, "weights"))
        return vo_error_set(&r->err, VO_EINVAL, "weights", "weights go with method \"weights\"");
    const struct vo_dataset *ds = NULL;
    vo_err rc = vo_live_acquire(r->srv, r->st, r->svc.org.id, &ds, &r->err);
    if (rc)
        return rc;
    struct vo_split_part *parts = NULL;
    size_t n = 0;
    /* The split emits its plans while this request holds the dataset's
     * read lock: the live cache never waits for it (it queues the change
     * for the next reader when the write lock is taken, live.c). */
    if (how == VO_SPLIT_WEIGHTS)
        rc = vo_svc_plan_split_weights(&r->svc, ds, y, m, md->id, emails, weights, nw, target,
                                       &parts, &n, &r->err);
    else
        rc = vo_svc_plan_split(&r->svc, ds, y, m, md->id, how, NULL, target, &parts, &n, &r->err);
    json_t *items = NULL;
    int64_t sum = 0;
    if (!rc) {
        /* The parts' names borrow from the dataset: shape them before
         * letting it go. */
        items = json_array();
        for (size_t i = 0; i < n; i++) {
            sum += parts[i].target;
            json_array_append_new(items, json_pack("{s:I, s:s?, s:s?, s:I, s:I}", "user_id",
                                                   (json_int_t)parts[i].user_id, "name",
                                                   parts[i].name, "email", parts[i].email, "weight",
                                                   (json_int_t)parts[i].weight, "target",
                                                   (json_int_t)parts[i].target));
        }
    }
    vo_live_release(r->srv, r->svc.org.id);
    /* Whatever the body names and is not there (a user of the weights, the
     * org's plan to split) is bad input here, not a missing resource. */
    if (rc == VO_ENOTFOUND)
        rc = r->err.code = VO_EINVAL;
    if (rc)
        return rc;
    char pbuf[16];
    snprintf(pbuf, sizeof pbuf, "%04d-%02d", y, m);
    vo_req_json(r, 200,
                json_pack("{s:s, s:s, s:s, s:s, s:I, s:o}", "period", pbuf, "metric", md->key,
                          "unit", unit_names[md->unit], "method", methods[mi], "target",
                          (json_int_t)sum, "parts", items));
    return VO_OK;
}
