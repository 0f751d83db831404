/*
 * onboarding.c - onboarding templates, plans, their items and the
 * ramp-up (onboarding.h). Who may: may_write for the templates and the
 * plans' changes, reads() for one plan (its newcomer, its mentor, or a
 * role that reads all); one plan refused is "no onboarding plan N". Every
 * write is one transaction ended by vo_crm_finish (audit row, webhooks'
 * outbox, commit).
 */
#include "service/onboarding.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#include "analytics/planfact.h"
#include "base/timeutil.h"
#include "service/crm.h"
#include "service/notify.h"

const char *const vo_onb_kinds[VO_ONB_NKINDS] = {"product",           "crm",         "scripts",
                                                 "calls_with_mentor", "attestation", "other"};
const char *const vo_onb_ramp_metrics[VO_ONB_RAMP_METRICS] = {"revenue", "deals_won", "calls",
                                                              "meetings"};

/* The default templates (Russian: the org's working language). */
static const struct vo_onb_template_item default_manager[] = {
    {1, "Продукт: линейка, цены, отличия от конкурентов", "product", 3, 0, NULL},
    {2, "CRM: карточка сделки, этапы воронки, задачи", "crm", 3, 0, NULL},
    {3, "Скрипты продаж и работа с возражениями", "scripts", 5, 0, NULL},
    {4, "Первые звонки с наставником", "calls_with_mentor", 10, 0, NULL},
    {5, "Самостоятельные звонки под контролем наставника", "calls_with_mentor", 20, 0, NULL},
    {6, "Первая аттестация", "attestation", 30, 0, NULL},
};
static const struct vo_onb_template_item default_head[] = {
    {1, "Продукт и ценообразование", "product", 5, 0, NULL},
    {2, "CRM: отчёты и контроль воронки", "crm", 5, 0, NULL},
    {3, "Скрипты и стандарты отдела", "scripts", 7, 0, NULL},
    {4, "Разбор звонков команды с наставником", "calls_with_mentor", 14, 0, NULL},
    {5, "Первая аттестация", "attestation", 30, 0, NULL},
};

/* Templates and plans' changes are the head's and an admin's (and the
 * operator's). */
static vo_err may_write(struct vo_svc *svc, struct vo_error *e)
{
    if (svc->actor_id == 0 || svc->actor_role == VO_ROLE_ADMIN || svc->actor_role == VO_ROLE_HEAD)
        return VO_OK;
    return vo_error_set(e, VO_EPERM, NULL, "onboarding is run by the head and an admin");
}

/* Whether the actor reads every plan (admin, head, viewer, operator). */
static bool reads_all(const struct vo_svc *svc)
{
    return svc->actor_id == 0 || svc->actor_role != VO_ROLE_MANAGER;
}

/* Whether the actor reads plan p: every plan, or their own, or a mentee's. */
static bool reads(const struct vo_svc *svc, const struct vo_onb_plan *p)
{
    return reads_all(svc) || p->user_id == svc->actor_id || p->mentor_id == svc->actor_id;
}

static vo_err role_check(const char *role, struct vo_error *e)
{
    if (role && (strcmp(role, "manager") == 0 || strcmp(role, "head") == 0))
        return VO_OK;
    return vo_error_set(e, VO_EINVAL, "role", "role is manager or head");
}

static bool kind_ok(const char *kind)
{
    for (size_t i = 0; kind && i < VO_ONB_NKINDS; i++)
        if (strcmp(kind, vo_onb_kinds[i]) == 0)
            return true;
    return false;
}

/* ---- templates ---- */

/* The template of role, its default stored when it has none (in the
 * caller's transaction, or one of its own). */
static vo_err template_read(struct vo_svc *svc, const char *role, struct vo_onb_template_item **out,
                            size_t *n, struct vo_error *e)
{
    vo_err rc = vo_store_onb_template(svc->st, svc->org.id, role, svc->arena, out, n, e);
    if (rc || *n)
        return rc;
    bool head = strcmp(role, "head") == 0;
    const struct vo_onb_template_item *d = head ? default_head : default_manager;
    size_t nd = head ? sizeof default_head / sizeof default_head[0]
                     : sizeof default_manager / sizeof default_manager[0];
    bool tx = vo_store_begin(svc->st, NULL) == VO_OK; /* inside a write's, or its own */
    if ((rc = vo_store_onb_template_put(svc->st, svc->org.id, role, d, nd, e)) ||
        (tx && (rc = vo_store_commit(svc->st, e)))) {
        if (tx)
            vo_store_rollback(svc->st);
        return rc;
    }
    return vo_store_onb_template(svc->st, svc->org.id, role, svc->arena, out, n, e);
}

vo_err vo_svc_onb_template(struct vo_svc *svc, const char *role, struct vo_onb_template_item **out,
                           size_t *n, struct vo_error *e)
{
    vo_err rc = role_check(role, e);
    return rc ? rc : template_read(svc, role, out, n, e);
}

vo_err vo_svc_onb_template_put(struct vo_svc *svc, const char *role,
                               const struct vo_onb_template_item *v, size_t n, struct vo_error *e)
{
    vo_err rc = may_write(svc, e);
    if (rc || (rc = role_check(role, e)))
        return rc;
    if (n < 1 || n > VO_ONB_ITEMS_MAX)
        return vo_error_set(e, VO_EINVAL, "items", "a template has 1..%d items", VO_ONB_ITEMS_MAX);
    for (size_t i = 0; i < n; i++) {
        char field[40];
        g_snprintf(field, sizeof field, "items[%zu].title", i);
        if ((rc = vo_text_required(VO_TEXT_TITLE, v[i].title, field, e)))
            return rc;
        g_snprintf(field, sizeof field, "items[%zu].kind", i);
        if (!kind_ok(v[i].kind))
            return vo_error_set(e, VO_EINVAL, field,
                                "kind is product, crm, scripts, calls_with_mentor, attestation "
                                "or other");
        g_snprintf(field, sizeof field, "items[%zu].due_day", i);
        if (v[i].due_day < 0 || v[i].due_day > VO_ONB_DUE_DAY_MAX)
            return vo_error_set(e, VO_EINVAL, field, "due_day is a whole number 0..%d",
                                VO_ONB_DUE_DAY_MAX);
        g_snprintf(field, sizeof field, "items[%zu].document_id", i);
        if (v[i].document_id) {
            struct vo_document d;
            struct vo_error tmp = {0};
            rc = vo_store_document_get(svc->st, svc->org.id, v[i].document_id, 0, svc->arena, &d,
                                       &tmp);
            if (rc == VO_ENOTFOUND || v[i].document_id < 0)
                return vo_error_set(e, VO_EINVAL, field, "no document %lld",
                                    (long long)v[i].document_id);
            if (rc)
                return vo_error_pass(e, rc, &tmp);
        }
    }
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = vo_store_onb_template_put(svc->st, svc->org.id, role, v, n, e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    return vo_crm_finish(svc, "onboarding_template.update", "onboarding_template", 0,
                         vo_arena_printf(svc->arena, "%s: %zu items", role, n), e);
}

/* ---- plans ---- */

/* Today in the org's zone, YYYY-MM-DD in the arena. */
static const char *today(struct vo_svc *svc)
{
    char buf[16];
    vo_date_format(vo_date_of(svc->tz, vo_now()), buf, sizeof buf);
    return vo_arena_strdup(svc->arena, buf);
}

/* Fills f's progress from its items (items[0..n), f's run among them). */
static void progress(struct vo_onb_plan_full *f, const char *day)
{
    f->done = f->overdue = 0;
    for (size_t i = 0; i < f->n; i++) {
        if (f->items[i].done_at != VO_NULL)
            f->done++;
        else if (strcmp(f->items[i].due_date, day) < 0)
            f->overdue++;
    }
}

vo_err vo_svc_onb_list(struct vo_svc *svc, const struct vo_onb_filter *f,
                       struct vo_onb_plan_full **out, size_t *n, struct vo_error *e)
{
    *out = NULL;
    *n = 0;
    if (!reads_all(svc) && f->user_id != svc->actor_id && f->mentor_id != svc->actor_id)
        return vo_error_set(e, VO_EPERM, "user_id",
                            "a manager sees their own onboarding and their mentees' only");
    if (f->status && strcmp(f->status, "open") != 0 && strcmp(f->status, "closed") != 0)
        return vo_error_set(e, VO_EINVAL, "status", "status is open or closed");
    struct vo_onb_plan *v = NULL;
    struct vo_onb_item *items = NULL;
    size_t nv = 0, ni = 0;
    vo_err rc = vo_store_onb_plan_list(svc->st, svc->org.id, f, svc->arena, &v, &nv, e);
    if (rc || (rc = vo_store_onb_items(svc->st, svc->org.id, 0, svc->arena, &items, &ni, e)))
        return rc;
    struct vo_onb_plan_full *r = vo_arena_array(svc->arena, nv + 1, sizeof *r);
    if (!r)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    const char *day = today(svc);
    for (size_t i = 0; i < nv; i++) {
        r[i].p = v[i];
        for (size_t k = 0; k < ni; k++) {
            if (items[k].plan_id != v[i].id)
                continue;
            if (!r[i].items)
                r[i].items = &items[k];
            r[i].n++;
        }
        progress(&r[i], day);
    }
    *out = r;
    *n = nv;
    return VO_OK;
}

/* Plan id as the actor may read it (VO_ENOTFOUND otherwise). */
static vo_err plan_read(struct vo_svc *svc, int64_t id, struct vo_onb_plan *p, struct vo_error *e)
{
    vo_err rc = vo_store_onb_plan_get(svc->st, svc->org.id, id, svc->arena, p, e);
    if (!rc && !reads(svc, p))
        return vo_error_set(e, VO_ENOTFOUND, "id", "no onboarding plan %lld", (long long)id);
    return rc;
}

vo_err vo_svc_onb_get(struct vo_svc *svc, int64_t id, struct vo_onb_plan_full *out,
                      struct vo_error *e)
{
    memset(out, 0, sizeof *out);
    vo_err rc = plan_read(svc, id, &out->p, e);
    if (rc ||
        (rc = vo_store_onb_items(svc->st, svc->org.id, id, svc->arena, &out->items, &out->n, e)))
        return rc;
    progress(out, today(svc));
    return VO_OK;
}

/* The mentor of the newcomer user: an active user of the org, not a
 * viewer, not the newcomer (VO_EINVAL naming "mentor_id"). */
static vo_err mentor_check(struct vo_svc *svc, int64_t mentor, int64_t user, struct vo_error *e)
{
    struct vo_user u;
    struct vo_error tmp = {0};
    if (mentor == 0)
        return VO_OK;
    if (mentor == user)
        return vo_error_set(e, VO_EINVAL, "mentor_id", "a newcomer is not their own mentor");
    vo_err rc = mentor < 0 ? VO_ENOTFOUND
                           : vo_store_user_get(svc->st, svc->org.id, mentor, svc->arena, &u, &tmp);
    if (rc == VO_ENOTFOUND || (!rc && (!u.active || u.role == VO_ROLE_VIEWER)))
        return vo_error_set(e, VO_EINVAL, "mentor_id", "no active user %lld to mentor",
                            (long long)mentor);
    return rc ? vo_error_pass(e, rc, &tmp) : VO_OK;
}

/* The onboarding notification of plan x to user (the newcomer or the
 * mentor: who says which). */
static vo_err notify(struct vo_svc *svc, const struct vo_onb_plan *x, int64_t user, const char *who,
                     const char *name, struct vo_error *e)
{
    struct vo_notify_to to = {
        .user_id = user,
        .kind = VO_NOTIFY_ONBOARDING,
        .key = vo_arena_printf(svc->arena, "%lld:%s:%lld", (long long)x->id, who, (long long)user),
        .object = "onboarding",
        .object_id = x->id,
        .title = name,
        .at = VO_NULL,
        .payload = vo_arena_printf(svc->arena,
                                   "{\"onboarding_id\": %lld, \"as\": \"%s\", \"start_date\": "
                                   "\"%s\"}",
                                   (long long)x->id, who, x->start_date),
    };
    return vo_svc_notify_user(svc, &to, e);
}

vo_err vo_svc_onb_start(struct vo_svc *svc, const struct vo_onb_start *in, int64_t *id,
                        struct vo_error *e)
{
    struct vo_user u;
    struct vo_error tmp = {0};
    struct vo_date d;
    vo_err rc = may_write(svc, e);
    if (rc)
        return rc;
    if (in->user_id <= 0)
        return vo_error_set(e, VO_EINVAL, "user_id", "%s is required", "user_id");
    rc = vo_store_user_get(svc->st, svc->org.id, in->user_id, svc->arena, &u, &tmp);
    if (rc == VO_ENOTFOUND)
        return vo_error_set(e, VO_EINVAL, "user_id", "no user %lld", (long long)in->user_id);
    if (rc)
        return vo_error_pass(e, rc, &tmp);
    if (u.role != VO_ROLE_MANAGER && u.role != VO_ROLE_HEAD)
        return vo_error_set(e, VO_EINVAL, "user_id", "onboarding is of a manager or a head");
    const char *start = in->start_date && *in->start_date ? in->start_date : today(svc);
    if ((rc = vo_date_parse(start, &d, "start_date", e)))
        return rc;
    if ((rc = mentor_check(svc, in->mentor_id, in->user_id, e)))
        return rc;
    char sbuf[16];
    vo_date_format(d, sbuf, sizeof sbuf);
    struct vo_onb_plan x = {.org_id = svc->org.id,
                            .user_id = u.id,
                            .mentor_id = in->mentor_id,
                            .role = u.role == VO_ROLE_HEAD ? "head" : "manager",
                            .start_date = vo_arena_strdup(svc->arena, sbuf),
                            .status = "open",
                            .closed_at = VO_NULL,
                            .created_by = svc->actor_id,
                            .created_at = vo_now()};
    struct vo_onb_template_item *t = NULL;
    size_t nt = 0;
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = template_read(svc, x.role, &t, &nt, e)))
        goto fail;
    if ((rc = vo_store_onb_plan_insert(svc->st, &x, &tmp))) {
        rc = rc == VO_ECONFLICT
                 ? vo_error_set(e, VO_ECONFLICT, "user_id",
                                "user %lld has an onboarding plan already", (long long)u.id)
                 : vo_error_pass(e, rc, &tmp);
        goto fail;
    }
    struct vo_onb_item *items = vo_arena_array(svc->arena, nt + 1, sizeof *items);
    if (!items) {
        rc = vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
        goto fail;
    }
    for (size_t i = 0; i < nt; i++) {
        char buf[16];
        vo_date_format(vo_date_add_days(d, (int)t[i].due_day), buf, sizeof buf);
        items[i] = (struct vo_onb_item){.plan_id = x.id,
                                        .position = (int64_t)i + 1,
                                        .title = t[i].title,
                                        .kind = t[i].kind,
                                        .due_date = vo_arena_strdup(svc->arena, buf),
                                        .document_id = t[i].document_id};
    }
    if ((rc = vo_store_onb_items_add(svc->st, svc->org.id, x.id, items, nt, e)) ||
        (rc = notify(svc, &x, u.id, "newcomer", u.name, e)) ||
        (x.mentor_id && (rc = notify(svc, &x, x.mentor_id, "mentor", u.name, e))))
        goto fail;
    if ((rc = vo_crm_finish(svc, "onboarding.start", "onboarding", x.id, u.name, e)))
        return rc;
    *id = x.id;
    return VO_OK;
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_onb_update(struct vo_svc *svc, int64_t id, const struct vo_onb_update *in,
                         struct vo_error *e)
{
    struct vo_onb_plan x;
    vo_err rc = may_write(svc, e);
    if (rc)
        return rc;
    if (in->status && strcmp(in->status, "open") != 0 && strcmp(in->status, "closed") != 0)
        return vo_error_set(e, VO_EINVAL, "status", "status is open or closed");
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = vo_store_onb_plan_get(svc->st, svc->org.id, id, svc->arena, &x, e)))
        goto fail;
    bool new_mentor = in->set_mentor && in->mentor_id != x.mentor_id;
    if (new_mentor) {
        if ((rc = mentor_check(svc, in->mentor_id, x.user_id, e)))
            goto fail;
        x.mentor_id = in->mentor_id;
    }
    if (in->status && strcmp(in->status, x.status) != 0) {
        bool close = strcmp(in->status, "closed") == 0;
        x.status = in->status;
        x.closed_at = close ? vo_now() : VO_NULL;
        x.closed_by = close ? svc->actor_id : 0;
    }
    if ((rc = vo_store_onb_plan_update(svc->st, &x, e)) ||
        (new_mentor && x.mentor_id &&
         (rc = notify(svc, &x, x.mentor_id, "mentor", x.user_name, e))))
        goto fail;
    return vo_crm_finish(svc, "onboarding.update", "onboarding", id,
                         vo_arena_printf(svc->arena, "%s: %s", x.user_name, x.status), e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_onb_mark(struct vo_svc *svc, int64_t id, int64_t position, bool done,
                       struct vo_error *e)
{
    struct vo_onb_plan x;
    struct vo_onb_item *items = NULL;
    size_t n = 0;
    vo_err rc = vo_store_begin(svc->st, e);
    if (rc)
        return rc;
    if ((rc = plan_read(svc, id, &x, e)))
        goto fail;
    bool may = svc->actor_id == 0 || svc->actor_role == VO_ROLE_ADMIN ||
               svc->actor_role == VO_ROLE_HEAD || x.user_id == svc->actor_id ||
               x.mentor_id == svc->actor_id;
    if (!may) {
        rc = vo_error_set(e, VO_EPERM, NULL,
                          "items are marked by the newcomer, the mentor, the head or an admin");
        goto fail;
    }
    if (strcmp(x.status, "closed") == 0) {
        rc = vo_error_set(e, VO_ECONFLICT, "status", "onboarding plan %lld is closed",
                          (long long)id);
        goto fail;
    }
    int64_t now = vo_now();
    if ((rc = vo_store_onb_item_mark(svc->st, svc->org.id, id, position, done ? now : VO_NULL,
                                     done ? svc->actor_id : 0, e)) ||
        (rc = vo_store_onb_items(svc->st, svc->org.id, id, svc->arena, &items, &n, e)))
        goto fail;
    size_t left = 0;
    for (size_t i = 0; i < n; i++)
        left += items[i].done_at == VO_NULL;
    if (left == 0) { /* the last item done: the plan is complete */
        x.status = "closed";
        x.closed_at = now;
        x.closed_by = svc->actor_id;
        if ((rc = vo_store_onb_plan_update(svc->st, &x, e)))
            goto fail;
    }
    return vo_crm_finish(svc, "onboarding.item", "onboarding", id,
                         vo_arena_printf(svc->arena, "%s: item %lld %s", x.user_name,
                                         (long long)position, done ? "done" : "not done"),
                         e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}

/* ---- the ramp-up ---- */

/* The start of tenure month k (1..) of a tenure starting on date d: the
 * local midnight of d + 30 (k - 1) days. */
static int64_t month_at(GTimeZone *tz, struct vo_date d, int k)
{
    return vo_date_start(tz, vo_date_add_days(d, VO_ONB_MONTH_DAYS * (k - 1)));
}

/* The four ramp-up figures of user index u over [from, to). */
static vo_err figures(const struct vo_dataset *ds, int32_t u, int64_t from, int64_t to, int64_t *pt,
                      int64_t out[VO_ONB_RAMP_METRICS], struct vo_error *e)
{
    static const enum vo_pf_part parts[VO_ONB_RAMP_METRICS] = {VO_PF_REVENUE, VO_PF_WON,
                                                               VO_PF_CALLS, VO_PF_MEETINGS};
    memset(pt, 0, ds->users.n * VO_PF__COUNT * sizeof *pt);
    if (!vo_pf_add_events(ds, from, to, pt))
        return vo_pf_overflow(e);
    for (int m = 0; m < VO_ONB_RAMP_METRICS; m++)
        out[m] = pt[(size_t)u * VO_PF__COUNT + parts[m]];
    return VO_OK;
}

vo_err vo_svc_onb_rampup(struct vo_svc *svc, const struct vo_dataset *ds, int64_t id, int64_t now,
                         struct vo_onb_rampup *out, struct vo_error *e)
{
    struct vo_onb_plan x;
    struct vo_onb_plan *plans = NULL;
    size_t np = 0;
    struct vo_date d;
    memset(out, 0, sizeof *out);
    struct vo_onb_filter all = {0};
    vo_err rc = plan_read(svc, id, &x, e);
    if (rc || (rc = vo_store_onb_plan_list(svc->st, svc->org.id, &all, svc->arena, &plans, &np, e)))
        return rc;
    if (!vo_date_scan(x.start_date, &d))
        return vo_error_set(e, VO_ESTORE, "start_date", "a bad start date %s", x.start_date);
    out->plan_id = x.id;
    out->user_id = x.user_id;
    out->start_date = x.start_date;
    size_t nu = ds->users.n;
    int32_t me = vo_ds_user_find(ds, x.user_id);
    int64_t *start = vo_arena_array(svc->arena, nu + 1, sizeof *start);
    int64_t *pt = vo_arena_array(svc->arena, nu * VO_PF__COUNT + 1, sizeof *pt);
    out->months = vo_arena_array(svc->arena, VO_ONB_RAMP_MONTHS, sizeof *out->months);
    if (!start || !pt || !out->months)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    /* each other manager's tenure start: their plan's start date, else the
     * day of their first deal or activity in the dataset */
    for (size_t u = 0; u < nu; u++)
        start[u] = VO_NULL;
    for (size_t i = 0; i < ds->deals.n; i++) {
        int32_t u = ds->deals.owner[i];
        if (u >= 0 && (start[u] == VO_NULL || ds->deals.created_at[i] < start[u]))
            start[u] = ds->deals.created_at[i];
    }
    for (size_t i = 0; i < ds->acts.n; i++) {
        int32_t u = ds->acts.user[i];
        if (u >= 0 && (start[u] == VO_NULL || ds->acts.at[i] < start[u]))
            start[u] = ds->acts.at[i];
    }
    for (size_t u = 0; u < nu; u++)
        if (start[u] != VO_NULL)
            start[u] = vo_date_start(svc->tz, vo_date_of(svc->tz, start[u]));
    for (size_t i = 0; i < np; i++) {
        struct vo_date pd;
        int32_t u = vo_ds_user_find(ds, plans[i].user_id);
        if (u >= 0 && vo_date_scan(plans[i].start_date, &pd))
            start[u] = vo_date_start(svc->tz, pd);
    }
    for (int k = 1; k <= VO_ONB_RAMP_MONTHS; k++) {
        int64_t from = month_at(svc->tz, d, k), to = month_at(svc->tz, d, k + 1);
        if (from > now)
            break;
        struct vo_onb_ramp_month *m = &out->months[out->n++];
        m->k = k;
        vo_date_format(vo_date_add_days(d, VO_ONB_MONTH_DAYS * (k - 1)), m->from, sizeof m->from);
        vo_date_format(vo_date_add_days(d, VO_ONB_MONTH_DAYS * k), m->to, sizeof m->to);
        m->complete = to <= now;
        if (me >= 0 && (rc = figures(ds, me, from, to < now ? to : now, pt, m->fact, e)))
            return rc;
        double sum[VO_ONB_RAMP_METRICS] = {0};
        for (size_t u = 0; u < nu; u++) {
            if ((int32_t)u == me || ds->users.role[u] != VO_ROLE_MANAGER || start[u] == VO_NULL)
                continue;
            struct vo_date su = vo_date_of(svc->tz, start[u]);
            int64_t uf = month_at(svc->tz, su, k), ut = month_at(svc->tz, su, k + 1);
            if (ut > now) /* their month k has not ended: not comparable */
                continue;
            int64_t f[VO_ONB_RAMP_METRICS];
            if ((rc = figures(ds, (int32_t)u, uf, ut, pt, f, e)))
                return rc;
            for (int j = 0; j < VO_ONB_RAMP_METRICS; j++)
                sum[j] += (double)f[j];
            m->peers++;
        }
        for (int j = 0; j < VO_ONB_RAMP_METRICS; j++) {
            if (!m->peers) {
                m->avg[j] = NAN;
                continue;
            }
            double a = sum[j] / (double)m->peers;
            /* money to the whole minor unit, counts to 0.01; halves away from zero */
            m->avg[j] = j == 0 ? round(a) : round(a * 100.0) / 100.0;
        }
    }
    return VO_OK;
}
