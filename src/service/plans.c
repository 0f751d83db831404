/*
 * plans.c - setting plans and splitting a department target to the
 * managers. The arithmetic (largest remainder, history weights) is
 * analytics/plan.c; the facts the history method weighs by come from the
 * dataset through analytics/planfact.c, so a split by history agrees with
 * the plan-fact report of the previous months to the unit.
 */
#include "service/plans.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "analytics/planfact.h"
#include "base/money.h"
#include "base/timeutil.h"

static vo_err require_planner(struct vo_svc *svc, struct vo_error *e)
{
    return vo_svc_may_write(svc, VO_OBJ_PLAN, e);
}

vo_err vo_plan_target_parse(const struct vo_metric_def *m, const char *s, int digits, int64_t *out,
                            struct vo_error *e)
{
    if (!s || !*s)
        return vo_error_set(e, VO_EINVAL, "target", "a target is required");
    int64_t v = 0;
    vo_err rc = VO_OK;
    switch (m->unit) {
    case VO_UNIT_MONEY:
        rc = vo_money_parse(s, digits, &v, "target", e);
        break;
    case VO_UNIT_RATIO: {
        size_t len = strlen(s);
        bool pct = len > 0 && s[len - 1] == '%';
        char *t = g_strndup(s, pct ? len - 1 : len);
        /* basis points: a percentage has 2 decimals of bp, a fraction 4 */
        rc = vo_money_parse(t, pct ? 2 : 4, &v, "target", e);
        g_free(t);
        if (!rc && v > 10000)
            rc = vo_error_set(e, VO_EINVAL, "target", "\"%s\" is not between 0 and 1 (0%%..100%%)",
                              s);
        break;
    }
    case VO_UNIT_COUNT:
    case VO_UNIT_MINUTES: {
        char *end = NULL;
        errno = 0;
        long long x = strtoll(s, &end, 10);
        if (errno || end == s || *end)
            return vo_error_set(e, VO_EINVAL, "target", "\"%s\" is not a whole number", s);
        v = x;
        break;
    }
    }
    if (rc)
        return rc;
    if (v < 0)
        return vo_error_set(e, VO_EINVAL, "target", "a target cannot be negative");
    if ((rc = vo_num_check(vo_num_of_target(m->id), v, "target", e)))
        return rc;
    *out = v;
    return VO_OK;
}

/* Resolves "org", "team:NAME", "user:EMAIL" or a bare email. */
static vo_err resolve_scope(struct vo_svc *svc, const char *scope, enum vo_scope_kind *kind,
                            int64_t *id, struct vo_error *e)
{
    *id = 0;
    if (!scope || strcmp(scope, "org") == 0) {
        *kind = VO_SCOPE_ORG;
        return VO_OK;
    }
    if (strncmp(scope, "team:", 5) == 0) {
        *kind = VO_SCOPE_TEAM;
        vo_err rc = vo_store_team_find(svc->st, svc->org.id, scope + 5, id, e);
        if (rc == VO_ENOTFOUND)
            return vo_error_set(e, VO_ENOTFOUND, "scope", "no team \"%s\"", scope + 5);
        return rc;
    }
    const char *who = strncmp(scope, "user:", 5) == 0 ? scope + 5 : scope;
    struct vo_user u;
    vo_err rc = vo_svc_user_find(svc, who, &u, e);
    if (rc)
        return rc;
    *kind = VO_SCOPE_USER;
    *id = u.id;
    return VO_OK;
}

vo_err vo_svc_plan_set(struct vo_svc *svc, int y, int m, const char *scope, enum vo_metric metric,
                       int64_t target, struct vo_error *e)
{
    vo_err rc = require_planner(svc, e);
    if (rc)
        return rc;
    struct vo_plan p = {
        .org_id = svc->org.id, .year = y, .month = m, .metric = metric, .target = target};
    if ((rc = vo_plan_validate(&p, e)) ||
        (rc = resolve_scope(svc, scope, &p.scope_kind, &p.scope_id, e)))
        return rc;
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    enum vo_upsert res;
    if (!(rc = vo_store_plan_upsert(svc->st, &p, &res, e))) {
        const char *detail =
            vo_arena_printf(svc->arena, "%d-%02d %s %s %lld", y, m, scope ? scope : "org",
                            vo_metrics[metric].key, (long long)target);
        rc = vo_store_audit(svc->st, svc->org.id, svc->actor_id, "plan.set", "plan", p.id, detail,
                            e);
    }
    if (!rc)
        rc = vo_store_commit(svc->st, e);
    if (rc)
        vo_store_rollback(svc->st);
    else
        vo_svc_emit(svc, &(struct vo_change){.kind = VO_CHANGE_PLAN, .plan = &p});
    return rc;
}

/* The instant that starts month y-m shifted by `delta` months. */
static int64_t month_start(const struct vo_dataset *ds, int y, int m, int delta)
{
    int k = y * 12 + (m - 1) + delta;
    return vo_cal_day_start(&ds->cal, (struct vo_date){k / 12, k % 12 + 1, 1});
}

/* Reads the weights file: "email,weight" lines into parts (users of ds). */
static vo_err read_weights(struct vo_svc *svc, const struct vo_dataset *ds, const char *path,
                           struct vo_split_part **out, size_t *n, struct vo_error *e)
{
    char *text = NULL;
    GError *gerr = NULL;
    if (!path)
        return vo_error_set(e, VO_EINVAL, "weights", "--weights FILE is required");
    if (!g_file_get_contents(path, &text, NULL, &gerr)) {
        vo_error_set(e, VO_EIO, "weights", "%s", gerr->message);
        g_error_free(gerr);
        return VO_EIO;
    }
    char **lines = g_strsplit(text, "\n", -1);
    g_free(text);
    size_t nl = g_strv_length(lines);
    struct vo_split_part *p = VO_ARENA_ARRAY(svc->arena, struct vo_split_part, nl + 1);
    vo_err rc = p ? VO_OK : vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    size_t k = 0;
    for (size_t i = 0; !rc && i < nl; i++) {
        char *line = g_strstrip(lines[i]);
        if (!*line)
            continue;
        char *sep = strpbrk(line, ",;");
        if (!sep) {
            rc = vo_error_set(e, VO_EINVAL, "weights", "%s:%zu: want email,weight", path, i + 1);
            break;
        }
        *sep = '\0';
        char *email = g_strstrip(line), *w = g_strstrip(sep + 1);
        int64_t weight = 0;
        if (vo_money_parse(w, 3, &weight, "weight", NULL) != VO_OK) {
            if (k == 0 && i == 0 && !strchr(email, '@'))
                continue; /* a header */
            rc = vo_error_set(e, VO_EINVAL, "weights", "%s:%zu: \"%s\" is not a weight", path,
                              i + 1, w);
            break;
        }
        if (weight < 0) {
            rc = vo_error_set(e, VO_EINVAL, "weights", "%s:%zu: a weight cannot be negative", path,
                              i + 1);
            break;
        }
        int32_t u = -1;
        for (size_t j = 0; j < ds->users.n && u < 0; j++)
            if (ds->users.email[j] && g_ascii_strcasecmp(ds->users.email[j], email) == 0)
                u = (int32_t)j;
        if (u < 0) {
            rc = vo_error_set(e, VO_ENOTFOUND, "weights", "%s:%zu: no user \"%s\"", path, i + 1,
                              email);
            break;
        }
        p[k++] = (struct vo_split_part){.user_id = ds->users.id[u],
                                        .name = ds->users.name[u],
                                        .email = ds->users.email[u],
                                        .weight = weight};
    }
    g_strfreev(lines);
    if (!rc && k == 0)
        rc = vo_error_set(e, VO_EINVAL, "weights", "%s lists no user", path);
    *out = p;
    *n = k;
    return rc;
}

/* The checks every split makes; a VO_NULL *target becomes the org's plan of
 * the month from ds. */
static vo_err split_check(struct vo_svc *svc, const struct vo_dataset *ds, int y, int m,
                          enum vo_metric metric, int64_t *target_io, struct vo_error *e)
{
    int64_t target = *target_io;
    vo_err rc = require_planner(svc, e);
    if (rc)
        return rc;
    if ((int)metric < 0 || metric >= VO_M__COUNT || vo_metrics[metric].kind != VO_METRIC_ADDITIVE)
        return vo_error_set(e, VO_EINVAL, "metric",
                            "only an additive metric is split (not a ratio or a snapshot)");
    if (y < VO_YEAR_MIN || y > VO_YEAR_MAX || m < 1 || m > 12)
        return vo_error_set(e, VO_EINVAL, "period", "not a month: %d-%02d", y, m);
    if (target == VO_NULL) {
        for (size_t r = 0; r < ds->plans.n; r++)
            if (ds->plans.year[r] == y && ds->plans.month[r] == m &&
                ds->plans.scope_kind[r] == VO_SCOPE_ORG && ds->plans.metric[r] == metric)
                target = ds->plans.target[r];
        if (target == VO_NULL)
            return vo_error_set(e, VO_ENOTFOUND, "target",
                                "the org has no %s plan for %d-%02d: give --target",
                                vo_metrics[metric].key, y, m);
    }
    struct vo_plan p = {.year = y, .month = m, .metric = metric, .target = target};
    if ((rc = vo_plan_validate(&p, e)))
        return rc;
    *target_io = target;
    return VO_OK;
}

/* Splits target over the k parts by their weights (method) and writes each
 * part as the user's plan, in one transaction with the audit row. */
static vo_err split_write(struct vo_svc *svc, int y, int m, enum vo_metric metric,
                          enum vo_split_method method, int64_t target, struct vo_split_part *p,
                          size_t k, struct vo_split_part **parts, size_t *n, struct vo_error *e)
{
    vo_err rc = VO_OK;
    int64_t *w = VO_ARENA_ARRAY(svc->arena, int64_t, k);
    int64_t *res = VO_ARENA_ARRAY(svc->arena, int64_t, k);
    struct vo_plan *written = VO_ARENA_ARRAY(svc->arena, struct vo_plan, k); /* as stored */
    if (!w || !res || !written)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < k; i++)
        w[i] = p[i].weight;
    if (method == VO_SPLIT_EQUAL)
        rc = vo_plan_split_equal(target, k, res, e);
    else if (method == VO_SPLIT_HISTORY)
        rc = vo_plan_split_history(target, w, k, res, e);
    else
        rc = vo_plan_split(target, w, k, res, e);
    if (rc)
        return rc;
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    for (size_t i = 0; !rc && i < k; i++) {
        p[i].target = res[i];
        struct vo_plan pl = {.org_id = svc->org.id,
                             .year = y,
                             .month = m,
                             .scope_kind = VO_SCOPE_USER,
                             .scope_id = p[i].user_id,
                             .metric = metric,
                             .target = res[i]};
        enum vo_upsert up;
        rc = vo_store_plan_upsert(svc->st, &pl, &up, e);
        written[i] = pl;
    }
    static const char *const names[] = {"equal", "weights", "history"};
    if (!rc)
        rc = vo_store_audit(svc->st, svc->org.id, svc->actor_id, "plan.split", "plan", 0,
                            vo_arena_printf(svc->arena, "%d-%02d %s %s %lld to %zu", y, m,
                                            vo_metrics[metric].key, names[method],
                                            (long long)target, k),
                            e);
    if (!rc)
        rc = vo_store_commit(svc->st, e);
    if (rc) {
        vo_store_rollback(svc->st);
        return rc;
    }
    for (size_t i = 0; i < k; i++)
        vo_svc_emit(svc, &(struct vo_change){.kind = VO_CHANGE_PLAN, .plan = &written[i]});
    *parts = p;
    *n = k;
    return VO_OK;
}

vo_err vo_svc_plan_split(struct vo_svc *svc, const struct vo_dataset *ds, int y, int m,
                         enum vo_metric metric, enum vo_split_method method,
                         const char *weights_path, int64_t target, struct vo_split_part **parts,
                         size_t *n, struct vo_error *e)
{
    vo_err rc = split_check(svc, ds, y, m, metric, &target, e);
    if (rc)
        return rc;
    struct vo_split_part *p = NULL;
    size_t k = 0;
    if (method == VO_SPLIT_WEIGHTS) {
        if ((rc = read_weights(svc, ds, weights_path, &p, &k, e)))
            return rc;
    } else {
        p = VO_ARENA_ARRAY(svc->arena, struct vo_split_part, ds->users.n + 1);
        if (!p)
            return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
        int64_t *facts = NULL;
        if (method == VO_SPLIT_HISTORY) {
            int64_t from = month_start(ds, y, m, -3), to = month_start(ds, y, m, 0);
            if ((rc = vo_pf_user_parts(ds, from, to, to, svc->arena, &facts, e)))
                return rc;
        }
        for (size_t u = 0; u < ds->users.n; u++) {
            if (ds->users.role[u] != VO_ROLE_MANAGER || !ds->users.active[u])
                continue;
            p[k++] = (struct vo_split_part){
                .user_id = ds->users.id[u],
                .name = ds->users.name[u],
                .email = ds->users.email[u],
                .weight = facts ? vo_pf_additive_raw(metric, facts + u * VO_PF__COUNT) : 1};
        }
        if (k == 0)
            return vo_error_set(e, VO_EINVAL, NULL, "the org has no active manager to split to");
    }
    return split_write(svc, y, m, metric, method, target, p, k, parts, n, e);
}

vo_err vo_svc_plan_split_weights(struct vo_svc *svc, const struct vo_dataset *ds, int y, int m,
                                 enum vo_metric metric, const char *const *emails,
                                 const int64_t *weights, size_t nw, int64_t target,
                                 struct vo_split_part **parts, size_t *n, struct vo_error *e)
{
    vo_err rc = split_check(svc, ds, y, m, metric, &target, e);
    if (rc)
        return rc;
    if (nw == 0)
        return vo_error_set(e, VO_EINVAL, "weights", "weights list no user");
    struct vo_split_part *p = VO_ARENA_ARRAY(svc->arena, struct vo_split_part, nw);
    if (!p)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < nw; i++) {
        if (weights[i] < 0)
            return vo_error_set(e, VO_EINVAL, "weights", "the weight of %s is negative", emails[i]);
        int32_t u = -1;
        for (size_t j = 0; j < ds->users.n && u < 0; j++)
            if (ds->users.email[j] && g_ascii_strcasecmp(ds->users.email[j], emails[i]) == 0)
                u = (int32_t)j;
        if (u < 0)
            return vo_error_set(e, VO_ENOTFOUND, "weights", "no user \"%s\"", emails[i]);
        p[i] = (struct vo_split_part){.user_id = ds->users.id[u],
                                      .name = ds->users.name[u],
                                      .email = ds->users.email[u],
                                      .weight = weights[i]};
    }
    return split_write(svc, y, m, metric, VO_SPLIT_WEIGHTS, target, p, nw, parts, n, e);
}

vo_err vo_plan_user_history(const struct vo_dataset *ds, int32_t u, int y, int m,
                            struct vo_arena *a, struct vo_plan_history *out, struct vo_error *e)
{
    if (u < 0 || (size_t)u >= ds->users.n)
        return vo_error_set(e, VO_EINVAL, "user", "no such user");
    int64_t from = month_start(ds, y, m, -3), to = month_start(ds, y, m, 0);
    int64_t *parts = NULL;
    vo_err rc = vo_pf_user_parts(ds, from, to, to, a, &parts, e);
    if (rc)
        return rc;
    const int64_t *p = parts + (size_t)u * VO_PF__COUNT;
    *out = (struct vo_plan_history){.revenue = p[VO_PF_REVENUE],
                                    .deals_won = p[VO_PF_WON],
                                    .meetings = p[VO_PF_MEETINGS],
                                    .leads = p[VO_PF_LEADS]};
    return VO_OK;
}
