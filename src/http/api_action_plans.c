/*
 * api_action_plans.c - weekly action plans (issue 11; docs/action-plans.md):
 * GET /api/v1/action-plans?week=&user_id= (a plan: creates nothing),
 * POST /api/v1/action-plans/items (an action), PATCH and DELETE
 * /api/v1/action-plans/items/{id} (If-Match or "version" as the CRM
 * objects), POST /api/v1/action-plans/carry {from_week, user_id}. The
 * rules are service/action_plans.h's.
 */
#include "http/api.h"
#include "http/http_int.h"

#include "service/action_plans.h"

static json_t *opt_text(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *opt_id(int64_t v)
{
    return v > 0 ? json_integer((json_int_t)v) : json_null();
}

static json_t *item_json(struct vo_req *r, const void *p)
{
    const struct vo_action_item *x = p;
    struct vo_date monday;
    char week[16] = "";
    if (vo_date_scan(x->week, &monday))
        vo_svc_week_name(monday, week, sizeof week);
    json_t *o = json_pack("{s:I,s:s,s:I,s:s,s:I,s:o,s:o,s:o,s:o,s:b,s:o,s:o,s:o,s:b,s:o,s:I}", "id",
                          (json_int_t)x->id, "week", week, "user_id", (json_int_t)x->owner_id,
                          "what", x->what, "assignee_id", (json_int_t)x->assignee_id, "day",
                          opt_text(x->day), "metric", opt_text(x->metric), "target",
                          x->target == VO_NULL ? json_null() : json_integer((json_int_t)x->target),
                          "deal_id", opt_id(x->deal_id), "done", x->done_at != VO_NULL, "done_at",
                          x->done_at == VO_NULL ? json_null() : vo_json_time(r, x->done_at),
                          "done_by", opt_id(x->done_by), "carried_from", opt_id(x->carried_from),
                          "carried", x->carried, "created_at", vo_json_time(r, x->created_at),
                          "version", (json_int_t)x->rev);
    return o;
}

static vo_err respond(struct vo_req *r, int64_t id, unsigned status)
{
    struct vo_action_item x;
    vo_err rc = vo_svc_action_get(&r->svc, id, &x, &r->err);
    if (rc)
        return rc;
    r->etag = vo_arena_printf(&r->arena, "\"%lld\"", (long long)x.rev);
    vo_req_json(r, status, item_json(r, &x));
    return VO_OK;
}

vo_err api_action_plans_get(struct vo_req *r)
{
    int64_t owner = 0;
    struct vo_action_plan p;
    vo_err rc = vo_api_query_id(r, "user_id", &owner);
    if (rc || (rc = vo_svc_action_plan_get(&r->svc, vo_req_query(r, "week"), owner, &p, &r->err)))
        return rc;
    char week[16], mon[16], sun[16];
    vo_svc_week_name(p.monday, week, sizeof week);
    json_t *items = json_array();
    for (size_t i = 0; i < p.n; i++)
        json_array_append_new(items, item_json(r, &p.items[i]));
    vo_req_json(r, 200,
                json_pack("{s:s,s:s,s:s,s:I,s:I,s:I,s:o}", "week", week, "monday",
                          vo_date_format(p.monday, mon, sizeof mon), "sunday",
                          vo_date_format(vo_date_add_days(p.monday, 6), sun, sizeof sun), "user_id",
                          (json_int_t)p.owner_id, "done", (json_int_t)p.done, "total",
                          (json_int_t)p.n, "items", items));
    return VO_OK;
}

/* The members of an action's body into in: each present one sets its
 * bit ("day": null or "" is this week, "metric": null clears the metric
 * and its target, "deal_id": null clears the deal). */
static vo_err read_input(struct vo_req *r, struct vo_action_input *in)
{
    enum vo_req_has h = VO_REQ_ABSENT, ht = VO_REQ_ABSENT, hd = VO_REQ_ABSENT;
    bool present = false;
    vo_err rc;
    json_t *b = r->body;
    if ((rc = vo_req_str(r, "what", false, &in->what)))
        return rc;
    if (json_object_get(b, "what"))
        in->set |= VO_ACTION_SET_WHAT;
    if ((rc = vo_req_int(r, "assignee_id", false, &in->assignee_id, &h)))
        return rc;
    if (h != VO_REQ_ABSENT)
        in->set |= VO_ACTION_SET_ASSIGNEE;
    if ((rc = vo_req_str(r, "day", false, &in->day)))
        return rc;
    if (json_object_get(b, "day"))
        in->set |= VO_ACTION_SET_DAY;
    if ((rc = vo_req_str(r, "metric", false, &in->metric)) ||
        (rc = vo_req_int(r, "target", false, &in->target, &ht)))
        return rc;
    in->has_target = ht == VO_REQ_VALUE;
    if (json_object_get(b, "metric") || ht != VO_REQ_ABSENT)
        in->set |= VO_ACTION_SET_METRIC;
    if ((rc = vo_req_int(r, "deal_id", false, &in->deal_id, &hd)))
        return rc;
    if (hd != VO_REQ_ABSENT)
        in->set |= VO_ACTION_SET_DEAL;
    if ((rc = vo_req_bool(r, "done", &in->done, &present)))
        return rc;
    if (present)
        in->set |= VO_ACTION_SET_DONE;
    return VO_OK;
}

vo_err api_action_items_create(struct vo_req *r)
{
    static const char *const fields[] = {"week",   "user_id", "what",    "assignee_id", "day",
                                         "metric", "target",  "deal_id", NULL};
    const char *week = NULL;
    int64_t owner = 0, id = 0;
    struct vo_action_input in = {0};
    vo_err rc = vo_req_body_fields(r, fields);
    if (rc || (rc = vo_req_str(r, "week", true, &week)) ||
        (rc = vo_req_int(r, "user_id", false, &owner, NULL)) || (rc = read_input(r, &in)) ||
        (rc = vo_svc_action_create(&r->svc, week, owner, &in, &id, &r->err)))
        return rc;
    return respond(r, id, 201);
}

vo_err api_action_items_update(struct vo_req *r)
{
    static const char *const fields[] = {"what",    "assignee_id", "day",     "metric", "target",
                                         "deal_id", "done",        "version", NULL};
    int64_t id = 0, slot = 0;
    const int64_t *version = NULL;
    struct vo_action_input in = {0};
    vo_err rc = vo_api_read_id_version(r, fields, &id, &slot, &version);
    if (rc || (rc = read_input(r, &in)))
        return rc;
    rc = vo_svc_action_update(&r->svc, id, &in, version, &r->err);
    return vo_api_answer_write(r, rc, id, respond, 200);
}

vo_err api_action_items_delete(struct vo_req *r)
{
    return vo_api_versioned_delete(r, vo_svc_action_delete, respond);
}

vo_err api_action_plans_carry(struct vo_req *r)
{
    static const char *const fields[] = {"from_week", "user_id", NULL};
    const char *week = NULL;
    int64_t owner = 0;
    size_t n = 0;
    vo_err rc = vo_req_body_fields(r, fields);
    if (rc || (rc = vo_req_str(r, "from_week", true, &week)) ||
        (rc = vo_req_int(r, "user_id", false, &owner, NULL)) ||
        (rc = vo_svc_action_plan_carry(&r->svc, week, owner, &n, &r->err)))
        return rc;
    struct vo_date monday;
    char to[16] = "";
    if (!vo_svc_week_parse(week, "from_week", &monday, NULL))
        vo_svc_week_name(vo_date_add_days(monday, 7), to, sizeof to);
    vo_req_json(r, 200, json_pack("{s:I,s:s}", "carried", (json_int_t)n, "to_week", to));
    return VO_OK;
}
