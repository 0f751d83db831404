/*
 * action_plans.c - weekly action plans (action_plans.h): the week's
 * parsing, who may read and write a plan (vo_svc_check_owner on its owner,
 * once per plan), the bounds of an action, and carrying the open ones on.
 */
#include "service/action_plans.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "analytics/action_summary.h"
#include "service/crm.h"

vo_err vo_svc_week_parse(const char *text, const char *field, struct vo_date *monday,
                         struct vo_error *e)
{
    int y = 0, w = 0, n = 0;
    if (text && sscanf(text, "%4d-W%2d%n", &y, &w, &n) == 2 && n == 8 && !text[n]) {
        struct vo_date m = vo_date_add_days(vo_iso_week1(y), 7 * (w - 1));
        /* week 53 exists only in a year whose week 1 of the next year
         * starts after it */
        if (y < VO_YEAR_MIN || y > VO_YEAR_MAX - 1 || w < 1 || w > 53 ||
            vo_date_cmp(m, vo_iso_week1(y + 1)) >= 0)
            return vo_error_set(e, VO_EINVAL, field, "\"%s\" is not a week (YYYY-Www or a date)",
                                text);
        *monday = m;
        return VO_OK;
    }
    struct vo_date d;
    struct vo_error tmp = {0};
    if (!text || vo_date_parse(text, &d, field, &tmp))
        return vo_error_set(e, VO_EINVAL, field, "\"%s\" is not a week (YYYY-Www or a date)",
                            text ? text : "");
    *monday = vo_date_add_days(d, 1 - vo_date_weekday(d));
    return VO_OK;
}

void vo_svc_week_name(struct vo_date monday, char *out, size_t outsz)
{
    vo_iso_week_name(monday, out, outsz);
}

/* The week's key as stored: its Monday. */
static const char *week_key(struct vo_svc *svc, struct vo_date monday)
{
    char b[16];
    return vo_arena_strdup(svc->arena, vo_date_format(monday, b, sizeof b));
}

/* The owner of a plan (0: the actor), who must be the head or a manager,
 * checked for the actor to read or write. */
static vo_err owner_check(struct vo_svc *svc, int64_t *owner, bool write, struct vo_error *e)
{
    if (*owner == 0)
        *owner = svc->actor_id;
    if (*owner <= 0)
        return vo_error_set(e, VO_EINVAL, "user_id", "%s is required", "user_id");
    struct vo_user u;
    struct vo_error tmp = {0};
    vo_err rc = vo_store_user_get(svc->st, svc->org.id, *owner, svc->arena, &u, &tmp);
    if (rc == VO_ENOTFOUND)
        return vo_error_set(e, VO_EINVAL, "user_id", "no user %lld", (long long)*owner);
    if (rc)
        return vo_error_pass(e, rc, &tmp);
    if (u.role != VO_ROLE_HEAD && u.role != VO_ROLE_MANAGER)
        return vo_error_set(e, VO_EINVAL, "user_id",
                            "an action plan belongs to the head or a manager");
    if ((rc = vo_svc_check_owner(svc, *owner, write, &tmp)) == VO_ENOTFOUND)
        return vo_error_set(e, VO_ENOTFOUND, "user_id", "no action plan of user %lld",
                            (long long)*owner);
    return rc ? vo_error_pass(e, rc, &tmp) : VO_OK;
}

/* The week of text, or of today when NULL. */
static vo_err week_of(struct vo_svc *svc, const char *text, struct vo_date *monday,
                      struct vo_error *e)
{
    if (text && *text)
        return vo_svc_week_parse(text, "week", monday, e);
    struct vo_date d = vo_date_of(svc->tz, vo_now());
    *monday = vo_date_add_days(d, 1 - vo_date_weekday(d));
    return VO_OK;
}

vo_err vo_svc_action_plan_get(struct vo_svc *svc, const char *week, int64_t owner,
                              struct vo_action_plan *out, struct vo_error *e)
{
    memset(out, 0, sizeof *out);
    vo_err rc = week_of(svc, week, &out->monday, e);
    if (rc || (rc = owner_check(svc, &owner, false, e)))
        return rc;
    out->owner_id = owner;
    rc = vo_store_action_list(svc->st, svc->org.id, week_key(svc, out->monday), owner, 0,
                              svc->arena, &out->items, &out->n, e);
    for (size_t i = 0; !rc && i < out->n; i++)
        out->done += out->items[i].done_at != VO_NULL;
    return rc;
}

/* Applies in's members named by in->set to x (of the week starting at
 * monday) and checks them. */
static vo_err apply(struct vo_svc *svc, struct vo_date monday, const struct vo_action_input *in,
                    struct vo_action_item *x, struct vo_error *e)
{
    vo_err rc;
    if (in->set & VO_ACTION_SET_WHAT) {
        if ((rc = vo_text_required(VO_TEXT_TITLE, in->what, "what", e)))
            return rc;
        if (g_utf8_strlen(in->what, -1) > VO_ACTION_WHAT_MAX)
            return vo_error_set(e, VO_EINVAL, "what", "what is 1..%d characters",
                                VO_ACTION_WHAT_MAX);
        x->what = in->what;
    }
    if (in->set & VO_ACTION_SET_ASSIGNEE) {
        int64_t who = in->assignee_id ? in->assignee_id : x->owner_id;
        struct vo_user u;
        struct vo_error tmp = {0};
        rc = vo_store_user_get(svc->st, svc->org.id, who, svc->arena, &u, &tmp);
        if (rc == VO_ENOTFOUND || (!rc && !u.active))
            return vo_error_set(e, VO_EINVAL, "assignee_id", "no active user %lld", (long long)who);
        if (rc)
            return vo_error_pass(e, rc, &tmp);
        x->assignee_id = who;
    }
    if (in->set & VO_ACTION_SET_DAY) {
        struct vo_date d;
        x->day = NULL;
        if (in->day && *in->day) {
            if ((rc = vo_date_parse(in->day, &d, "day", e)))
                return rc;
            int64_t k = vo_date_days(d) - vo_date_days(monday);
            if (k < 0 || k > 6)
                return vo_error_set(e, VO_EINVAL, "day", "day %s is not a date of the week of %s",
                                    in->day, week_key(svc, monday));
            x->day = week_key(svc, d);
        }
    }
    if (in->set & VO_ACTION_SET_METRIC) {
        bool has_metric = in->metric && *in->metric;
        if (has_metric && !vo_metric_find(in->metric))
            return vo_error_set(e, VO_EINVAL, "metric", "\"%s\" is not a metric (METRICS.md)",
                                in->metric);
        if (has_metric != in->has_target)
            return vo_error_set(e, VO_EINVAL, "target",
                                "a metric takes a target, and only a "
                                "metric does");
        if (in->has_target && (in->target < 0 || in->target > VO_ACTION_TARGET_MAX))
            return vo_error_set(e, VO_EINVAL, "target", "target is a whole number 0..%lld",
                                (long long)VO_ACTION_TARGET_MAX);
        x->metric = has_metric ? in->metric : NULL;
        x->target = has_metric ? in->target : VO_NULL;
    }
    if (in->set & VO_ACTION_SET_DEAL) {
        if (in->deal_id < 0)
            return vo_error_set(e, VO_EINVAL, "deal_id", "no deal %lld", (long long)in->deal_id);
        if ((rc = vo_crm_refs(svc, in->deal_id, 0, NULL, NULL, e)))
            return rc;
        x->deal_id = in->deal_id;
    }
    if (in->set & VO_ACTION_SET_DONE) {
        if (!in->done) {
            x->done_at = VO_NULL;
            x->done_by = 0;
        } else if (x->done_at == VO_NULL) {
            x->done_at = vo_now();
            x->done_by = svc->actor_id;
        }
    }
    return VO_OK;
}

vo_err vo_svc_action_create(struct vo_svc *svc, const char *week, int64_t owner,
                            const struct vo_action_input *in, int64_t *id, struct vo_error *e)
{
    struct vo_date monday;
    if (!week || !*week)
        return vo_error_set(e, VO_EINVAL, "week", "%s is required", "week");
    vo_err rc = vo_svc_week_parse(week, "week", &monday, e);
    if (rc || (rc = owner_check(svc, &owner, true, e)))
        return rc;
    struct vo_action_item x = {.org_id = svc->org.id,
                               .owner_id = owner,
                               .week = week_key(svc, monday),
                               .target = VO_NULL,
                               .done_at = VO_NULL,
                               .created_at = vo_now()};
    struct vo_action_input all = *in;
    all.set |= VO_ACTION_SET_WHAT | VO_ACTION_SET_ASSIGNEE | VO_ACTION_SET_DAY |
               VO_ACTION_SET_METRIC | VO_ACTION_SET_DEAL;
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    struct vo_action_item *v = NULL;
    size_t n = 0;
    if ((rc = apply(svc, monday, &all, &x, e)) ||
        (rc = vo_store_action_list(svc->st, svc->org.id, x.week, owner, 0, svc->arena, &v, &n, e)))
        goto fail;
    if (n >= VO_ACTION_PLAN_MAX) {
        rc = vo_error_set(e, VO_ECONFLICT, "week", "a plan holds at most %d actions",
                          VO_ACTION_PLAN_MAX);
        goto fail;
    }
    if ((rc = vo_store_action_insert(svc->st, &x, e)))
        goto fail;
    if ((rc = vo_crm_finish(svc, "action.create", "action", x.id, x.what, e)))
        return rc;
    *id = x.id;
    return VO_OK;
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_action_get(struct vo_svc *svc, int64_t id, struct vo_action_item *out,
                         struct vo_error *e)
{
    vo_err rc = vo_store_action_get(svc->st, svc->org.id, id, svc->arena, out, e);
    if (!rc && vo_svc_check_owner(svc, out->owner_id, false, NULL) &&
        out->assignee_id != svc->actor_id)
        rc = vo_error_set(e, VO_ENOTFOUND, "id", "no action %lld", (long long)id);
    return rc;
}

/* Begins a change of action id, read into *x: the plan's owner rules, or
 * the assignee checking it off (only_done). On a failure the transaction
 * is rolled back. */
static vo_err begin_change(struct vo_svc *svc, int64_t id, bool only_done, struct vo_action_item *x,
                           struct vo_error *e)
{
    vo_err rc = vo_store_begin(svc->st, e);
    if (rc)
        return rc;
    struct vo_error tmp = {0};
    if ((rc = vo_store_action_get(svc->st, svc->org.id, id, svc->arena, x, e)))
        goto fail;
    rc = vo_svc_check_owner(svc, x->owner_id, true, &tmp);
    if (rc && only_done && x->assignee_id == svc->actor_id && svc->actor_role != VO_ROLE_VIEWER)
        rc = VO_OK; /* the assignee checks their action off */
    if (rc == VO_ENOTFOUND)
        rc = vo_error_set(e, VO_ENOTFOUND, "id", "no action %lld", (long long)id);
    else if (rc)
        rc = vo_error_pass(e, rc, &tmp);
    if (!rc)
        return VO_OK;
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_action_update(struct vo_svc *svc, int64_t id, const struct vo_action_input *in,
                            const int64_t *version, struct vo_error *e)
{
    struct vo_action_item x;
    vo_err rc = begin_change(svc, id, in->set == VO_ACTION_SET_DONE, &x, e);
    if (rc)
        return rc;
    struct vo_date monday;
    if (!vo_date_scan(x.week, &monday)) {
        rc =
            vo_error_set(e, VO_EINVAL, "week", "\"%s\" is not a week (YYYY-Www or a date)", x.week);
        goto fail;
    }
    if ((rc = apply(svc, monday, in, &x, e)) ||
        (rc = vo_store_action_update(svc->st, &x, version ? *version : -1, e)))
        goto fail;
    return vo_crm_finish(svc, "action.update", "action", id, x.what, e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_action_delete(struct vo_svc *svc, int64_t id, const int64_t *version,
                            struct vo_error *e)
{
    struct vo_action_item x;
    vo_err rc = begin_change(svc, id, false, &x, e);
    if (rc)
        return rc;
    if ((rc = vo_store_action_delete(svc->st, svc->org.id, id, version ? *version : -1, e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    return vo_crm_finish(svc, "action.delete", "action", id, x.what, e);
}

vo_err vo_svc_action_plan_carry(struct vo_svc *svc, const char *from_week, int64_t owner, size_t *n,
                                struct vo_error *e)
{
    struct vo_date monday;
    *n = 0;
    if (!from_week || !*from_week)
        return vo_error_set(e, VO_EINVAL, "from_week", "%s is required", "from_week");
    vo_err rc = vo_svc_week_parse(from_week, "from_week", &monday, e);
    if (rc || (rc = owner_check(svc, &owner, true, e)))
        return rc;
    struct vo_date next = vo_date_add_days(monday, 7);
    const char *to = week_key(svc, next);
    struct vo_action_item *v = NULL, *there = NULL;
    size_t nv = 0, nthere = 0;
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = vo_store_action_list(svc->st, svc->org.id, week_key(svc, monday), owner, 0,
                                   svc->arena, &v, &nv, e)) ||
        (rc = vo_store_action_list(svc->st, svc->org.id, to, owner, 0, svc->arena, &there, &nthere,
                                   e)))
        goto fail;
    for (size_t i = 0; i < nv; i++) {
        if (v[i].done_at != VO_NULL || v[i].carried)
            continue;
        if (nthere + *n >= VO_ACTION_PLAN_MAX) {
            rc = vo_error_set(e, VO_ECONFLICT, "week", "a plan holds at most %d actions",
                              VO_ACTION_PLAN_MAX);
            goto fail;
        }
        struct vo_action_item x = v[i];
        struct vo_date d;
        x.week = to;
        if (x.day && vo_date_scan(x.day, &d))
            x.day = week_key(svc, vo_date_add_days(d, 7));
        x.carried_from = v[i].id;
        x.done_at = VO_NULL;
        x.done_by = 0;
        x.created_at = vo_now();
        if ((rc = vo_store_action_insert(svc->st, &x, e)))
            goto fail;
        (*n)++;
    }
    char name[16];
    vo_svc_week_name(monday, name, sizeof name);
    return vo_crm_finish(svc, "action_plan.carry", "action_plan", owner,
                         vo_arena_printf(svc->arena, "%s: %zu", name, *n), e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_action_plan_summary(struct vo_svc *svc, struct vo_date monday,
                                  struct vo_action_summary *out, struct vo_error *e)
{
    struct vo_action_item *v = NULL;
    size_t n = 0;
    memset(out, 0, sizeof *out);
    out->monday = monday;
    vo_err rc = vo_store_action_list(svc->st, svc->org.id, week_key(svc, monday), 0, 0, svc->arena,
                                     &v, &n, e);
    if (rc)
        return rc;
    out->owners = vo_arena_array(svc->arena, n + 1, sizeof *out->owners);
    struct vo_action_open *open = vo_arena_array(svc->arena, n + 1, sizeof *open);
    if (!out->owners || !open)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < n; i++) { /* the list comes by owner */
        if (vo_svc_check_owner(svc, v[i].owner_id, false, NULL))
            continue; /* a manager sees their own plan only */
        struct vo_action_owner *o = out->n ? &out->owners[out->n - 1] : NULL;
        if (!o || o->user_id != v[i].owner_id) {
            struct vo_user u;
            if ((rc = vo_store_user_get(svc->st, svc->org.id, v[i].owner_id, svc->arena, &u, e)))
                return rc;
            o = &out->owners[out->n++];
            *o = (struct vo_action_owner){.user_id = u.id, .name = u.name, .open = open};
        }
        o->total++;
        if (v[i].done_at != VO_NULL) {
            o->done++;
            continue;
        }
        open[0] = (struct vo_action_open){v[i].id, v[i].assignee_id, v[i].what, v[i].day};
        open++;
        o->nopen++;
    }
    return VO_OK;
}
