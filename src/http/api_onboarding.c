/*
 * api_onboarding.c - onboarding over HTTP (issue 14, item 2;
 * docs/onboarding.md): GET/PUT /api/v1/onboarding/templates (the
 * checklist of each role), GET/POST /api/v1/onboarding
 * (?user_id=&mentor_id=&status=), GET/PATCH /api/v1/onboarding/{id},
 * PATCH /api/v1/onboarding/{id}/items/{n} (done or not) and GET
 * /api/v1/onboarding/{id}/rampup. The rules are service/onboarding.h's.
 */
#include "http/api.h"
#include "http/http_int.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "base/timeutil.h"
#include "service/onboarding.h"

static json_t *opt_id(int64_t v)
{
    return v > 0 ? json_integer((json_int_t)v) : json_null();
}

static json_t *opt_text(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* ---- templates ---- */

static json_t *template_json(const struct vo_onb_template_item *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:I,s:s,s:s,s:I,s:o,s:o}", "position",
                                           (json_int_t)v[i].position, "title", v[i].title, "kind",
                                           v[i].kind, "due_day", (json_int_t)v[i].due_day,
                                           "document_id", opt_id(v[i].document_id), "document",
                                           opt_text(v[i].document_title)));
    return a;
}

/* Answers 200 {"manager": [...], "head": [...]}. */
static vo_err templates_respond(struct vo_req *r)
{
    static const char *const roles[] = {"manager", "head"};
    json_t *o = json_object();
    for (size_t i = 0; i < 2; i++) {
        struct vo_onb_template_item *v = NULL;
        size_t n = 0;
        vo_err rc = vo_svc_onb_template(&r->svc, roles[i], &v, &n, &r->err);
        if (rc) {
            json_decref(o);
            return rc;
        }
        json_object_set_new(o, roles[i], template_json(v, n));
    }
    vo_req_json(r, 200, o);
    return VO_OK;
}

vo_err api_onboarding_templates_get(struct vo_req *r)
{
    return templates_respond(r);
}

/* {role, items: [{title, kind, due_day, document_id}]} */
vo_err api_onboarding_templates_put(struct vo_req *r)
{
    static const char *const fields[] = {"role", "items", NULL};
    static const char *const item_fields[] = {"title", "kind", "due_day", "document_id", NULL};
    const char *role = NULL;
    vo_err rc = vo_req_body_fields(r, fields);
    if (rc || (rc = vo_req_str(r, "role", true, &role)))
        return rc;
    json_t *items = json_object_get(r->body, "items");
    if (!json_is_array(items))
        return vo_error_set(&r->err, VO_EINVAL, "items", "%s is a list", "items");
    size_t n = json_array_size(items);
    if (n > VO_ONB_ITEMS_MAX)
        return vo_error_set(&r->err, VO_EINVAL, "items", "a template has 1..%d items",
                            VO_ONB_ITEMS_MAX);
    struct vo_onb_template_item *v = vo_arena_array(&r->arena, n + 1, sizeof *v);
    if (!v)
        return vo_error_set(&r->err, VO_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < n; i++) {
        json_t *it = json_array_get(items, i);
        char field[40];
        g_snprintf(field, sizeof field, "items[%zu]", i);
        if (!json_is_object(it))
            return vo_error_set(&r->err, VO_EINVAL, field,
                                "%s is {title, kind, due_day, document_id}", field);
        const char *key;
        json_t *val;
        json_object_foreach(it, key, val)
        {
            bool known = false;
            for (const char *const *f = item_fields; *f; f++)
                known = known || strcmp(*f, key) == 0;
            if (!known)
                return vo_error_set(&r->err, VO_EINVAL, field,
                                    "%s is {title, kind, due_day, document_id}", field);
        }
        json_t *t = json_object_get(it, "title"), *k = json_object_get(it, "kind"),
               *d = json_object_get(it, "due_day"), *doc = json_object_get(it, "document_id");
        g_snprintf(field, sizeof field, "items[%zu].title", i);
        if (t && !json_is_string(t))
            return vo_error_set(&r->err, VO_EINVAL, field, "%s is a text", field);
        g_snprintf(field, sizeof field, "items[%zu].kind", i);
        if (k && !json_is_string(k))
            return vo_error_set(&r->err, VO_EINVAL, field, "%s is a text", field);
        g_snprintf(field, sizeof field, "items[%zu].due_day", i);
        if (!json_is_integer(d))
            return vo_error_set(&r->err, VO_EINVAL, field, "due_day is a whole number 0..%d",
                                VO_ONB_DUE_DAY_MAX);
        g_snprintf(field, sizeof field, "items[%zu].document_id", i);
        if (doc && !json_is_null(doc) && !json_is_integer(doc))
            return vo_error_set(&r->err, VO_EINVAL, field, "%s is a document's id", field);
        v[i] = (struct vo_onb_template_item){
            .position = (int64_t)i + 1,
            .title = t ? json_string_value(t) : NULL,
            .kind = k ? json_string_value(k) : NULL,
            .due_day = (int64_t)json_integer_value(d),
            .document_id = json_is_integer(doc) ? (int64_t)json_integer_value(doc) : 0};
        if (json_is_integer(doc) && v[i].document_id <= 0)
            return vo_error_set(&r->err, VO_EINVAL, field, "no document %lld",
                                (long long)v[i].document_id);
    }
    if ((rc = vo_svc_onb_template_put(&r->svc, role, v, n, &r->err)))
        return rc;
    return templates_respond(r);
}

/* ---- plans ---- */

static const char *today_text(struct vo_req *r)
{
    char buf[16];
    vo_date_format(vo_date_of(r->svc.tz, vo_now()), buf, sizeof buf);
    return vo_arena_strdup(&r->arena, buf);
}

/* A plan as the list shows it: without its items. */
static json_t *plan_row_json(struct vo_req *r, const struct vo_onb_plan_full *x)
{
    const struct vo_onb_plan *p = &x->p;
    return json_pack("{s:I,s:I,s:s,s:o,s:o,s:s,s:s,s:s,s:o,s:I,s:I,s:I,s:o}", "id",
                     (json_int_t)p->id, "user_id", (json_int_t)p->user_id, "user", p->user_name,
                     "mentor_id", opt_id(p->mentor_id), "mentor", opt_text(p->mentor_name), "role",
                     p->role, "start_date", p->start_date, "status", p->status, "closed_at",
                     vo_json_time(r, p->closed_at), "done", (json_int_t)x->done, "total",
                     (json_int_t)x->n, "overdue", (json_int_t)x->overdue, "created_at",
                     vo_json_time(r, p->created_at));
}

static json_t *plan_item_json(struct vo_req *r, const void *p)
{
    return plan_row_json(r, p);
}

static json_t *plan_full_json(struct vo_req *r, const void *p)
{
    const struct vo_onb_plan_full *x = p;
    const char *day = today_text(r);
    json_t *o = plan_row_json(r, x), *items = json_array();
    for (size_t i = 0; i < x->n; i++) {
        const struct vo_onb_item *it = &x->items[i];
        bool done = it->done_at != VO_NULL;
        json_array_append_new(
            items, json_pack("{s:I,s:s,s:s,s:s,s:o,s:o,s:b,s:o,s:o,s:o,s:b}", "n",
                             (json_int_t)it->position, "title", it->title, "kind", it->kind,
                             "due_date", it->due_date, "document_id", opt_id(it->document_id),
                             "document", opt_text(it->document_title), "done", done, "done_at",
                             vo_json_time(r, it->done_at), "done_by_id",
                             done ? opt_id(it->done_by) : json_null(), "done_by",
                             done ? opt_text(it->done_by_name) : json_null(), "overdue",
                             !done && strcmp(it->due_date, day) < 0));
    }
    json_object_set_new(o, "items", items);
    return o;
}

VO_API_RESPOND(plan_respond, struct vo_onb_plan_full, vo_svc_onb_get, plan_full_json)

vo_err api_onboarding_list(struct vo_req *r)
{
    struct vo_onb_filter f = {0};
    struct vo_onb_plan_full *v = NULL;
    size_t n = 0;
    const char *status = vo_req_query(r, "status");
    f.status = status && *status ? status : NULL;
    vo_err rc = vo_api_query_id(r, "user_id", &f.user_id);
    if (rc || (rc = vo_api_query_id(r, "mentor_id", &f.mentor_id)) ||
        (rc = vo_svc_onb_list(&r->svc, &f, &v, &n, &r->err)))
        return rc;
    return vo_req_items(r, v, n, sizeof *v, plan_item_json);
}

vo_err api_onboarding_get(struct vo_req *r)
{
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    return rc ? rc : plan_respond(r, id, 200);
}

vo_err api_onboarding_create(struct vo_req *r)
{
    static const char *const fields[] = {"user_id", "mentor_id", "start_date", NULL};
    struct vo_onb_start in = {0};
    int64_t id = 0;
    vo_err rc = vo_req_body_fields(r, fields);
    if (rc || (rc = vo_req_int(r, "user_id", true, &in.user_id, NULL)) ||
        (rc = vo_req_int(r, "mentor_id", false, &in.mentor_id, NULL)) ||
        (rc = vo_req_str(r, "start_date", false, &in.start_date)) ||
        (rc = vo_svc_onb_start(&r->svc, &in, &id, &r->err)))
        return rc;
    return plan_respond(r, id, 201);
}

/* {mentor_id (null: none), status: open|closed} */
vo_err api_onboarding_update(struct vo_req *r)
{
    static const char *const fields[] = {"mentor_id", "status", NULL};
    struct vo_onb_update in = {0};
    enum vo_req_has has = VO_REQ_ABSENT;
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_req_body_fields(r, fields)) ||
        (rc = vo_req_int(r, "mentor_id", false, &in.mentor_id, &has)) ||
        (rc = vo_req_str(r, "status", false, &in.status)))
        return rc;
    in.set_mentor = has != VO_REQ_ABSENT;
    if ((rc = vo_svc_onb_update(&r->svc, id, &in, &r->err)))
        return rc;
    return plan_respond(r, id, 200);
}

/* {done: true|false} */
vo_err api_onboarding_item(struct vo_req *r)
{
    static const char *const fields[] = {"done", NULL};
    int64_t id = 0, n = 0;
    bool done = false, present = false;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_req_id(r, 1, &n)) || (rc = vo_req_body_fields(r, fields)) ||
        (rc = vo_req_bool(r, "done", &done, &present)))
        return rc;
    if (!present)
        return vo_error_set(&r->err, VO_EINVAL, "done", "%s is required", "done");
    if ((rc = vo_svc_onb_mark(&r->svc, id, n, done, &r->err)))
        return rc;
    return plan_respond(r, id, 200);
}

static json_t *figures_json(const struct vo_onb_ramp_month *m, bool avg)
{
    json_t *o = json_object();
    for (int j = 0; j < VO_ONB_RAMP_METRICS; j++) {
        json_t *v = !avg               ? json_integer((json_int_t)m->fact[j])
                    : isnan(m->avg[j]) ? json_null()
                                       : json_real(m->avg[j]);
        json_object_set_new(o, vo_onb_ramp_metrics[j], v);
    }
    return o;
}

vo_err api_onboarding_rampup(struct vo_req *r)
{
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc)
        return rc;
    const struct vo_dataset *ds = NULL;
    if ((rc = vo_live_acquire(r->srv, r->st, r->svc.org.id, &ds, &r->err)))
        return rc;
    struct vo_onb_rampup x;
    rc = vo_svc_onb_rampup(&r->svc, ds, id, vo_now(), &x, &r->err);
    vo_live_release(r->srv, r->svc.org.id);
    if (rc)
        return rc;
    json_t *months = json_array(), *metrics = json_array();
    for (int j = 0; j < VO_ONB_RAMP_METRICS; j++)
        json_array_append_new(metrics, json_string(vo_onb_ramp_metrics[j]));
    for (size_t i = 0; i < x.n; i++) {
        const struct vo_onb_ramp_month *m = &x.months[i];
        json_array_append_new(
            months, json_pack("{s:i,s:s,s:s,s:b,s:i,s:o,s:o}", "month", m->k, "from", m->from, "to",
                              m->to, "complete", m->complete, "peers", m->peers, "fact",
                              figures_json(m, false), "average", figures_json(m, true)));
    }
    vo_req_json(r, 200,
                json_pack("{s:I,s:I,s:s,s:i,s:o,s:o}", "onboarding_id", (json_int_t)x.plan_id,
                          "user_id", (json_int_t)x.user_id, "start_date", x.start_date,
                          "month_days", VO_ONB_MONTH_DAYS, "metrics", metrics, "months", months));
    return VO_OK;
}
