/*
 * api_webhooks.c - the org's outgoing webhooks (issue 13, item 5;
 * docs/webhooks.md): GET/POST /api/v1/webhooks, GET/PATCH/DELETE
 * /api/v1/webhooks/{id}, POST /api/v1/webhooks/{id}/test (a delivery now,
 * answering the receiver's status) and GET /api/v1/webhooks/{id}/deliveries
 * (?limit=, the newest first). Admin and head only (the route table and
 * service/webhooks.h). The secret is answered by the create alone.
 */
#include "http/api.h"
#include "http/http_int.h"

#include <stdlib.h>

#include "service/webhooks.h"

#define EVENTS_MAX 64

static json_t *webhook_json(struct vo_req *r, const void *item)
{
    const struct vo_webhook *w = item;
    json_t *ev = json_array();
    for (size_t i = 0; i < vo_webhook_event_count; i++)
        if (w->events & ((int64_t)1 << i))
            json_array_append_new(ev, json_string(vo_webhook_events[i]));
    return json_pack("{s:I,s:s,s:o,s:b,s:I,s:o,s:o,s:o}", "id", (json_int_t)w->id, "url", w->url,
                     "events", ev, "active", w->active, "failures", (json_int_t)w->failures,
                     "disabled_at", vo_json_time(r, w->disabled_at), "created_at",
                     vo_json_time(r, w->created_at), "created_by",
                     w->created_by ? json_integer(w->created_by) : json_null());
}

static json_t *delivery_json(struct vo_req *r, const void *item)
{
    const struct vo_webhook_delivery *d = item;
    json_t *payload = json_loads(d->payload, 0, NULL);
    return json_pack(
        "{s:I,s:s,s:o,s:I,s:s,s:o,s:o,s:o,s:o,s:o}", "id", (json_int_t)d->id, "event", d->event,
        "payload", payload ? payload : json_null(), "attempt", (json_int_t)d->attempt, "status",
        d->status, "next_at", vo_json_time(r, d->next_at), "response_code",
        d->response_code != VO_NULL ? json_integer(d->response_code) : json_null(), "error",
        d->error ? json_string(d->error) : json_null(), "created_at",
        vo_json_time(r, d->created_at), "delivered_at", vo_json_time(r, d->delivered_at));
}

VO_API_LIST(api_webhooks_list, struct vo_webhook, vo_svc_webhook_list, webhook_json)

/* The body's url, events and active into in (the fields given). */
static vo_err read_input(struct vo_req *r, struct vo_webhook_input *in)
{
    static const char *const fields[] = {"url", "events", "active", NULL};
    vo_err rc = vo_req_body_fields(r, fields);
    bool has = false;
    if (rc || (rc = vo_req_str(r, "url", false, &in->url)) ||
        (rc = vo_req_bool(r, "active", &in->active, &has)))
        return rc;
    if (in->url || json_object_get(r->body, "url"))
        in->set |= VO_WH_URL;
    if (has)
        in->set |= VO_WH_ACTIVE;
    json_t *ev = json_object_get(r->body, "events");
    if (!ev)
        return VO_OK;
    if (!json_is_array(ev) || json_array_size(ev) > EVENTS_MAX)
        return vo_error_set(&r->err, VO_EINVAL, "events",
                            "events must be a list of up to %d event names", EVENTS_MAX);
    const char **list = vo_arena_array(&r->arena, json_array_size(ev) + 1, sizeof *list);
    if (!list)
        return vo_error_set(&r->err, VO_ENOMEM, "events", "out of memory");
    size_t i;
    json_t *v;
    json_array_foreach(ev, i, v)
    {
        if (!json_is_string(v))
            return vo_error_set(&r->err, VO_EINVAL, "events",
                                "events must be a list of up to %d event names", EVENTS_MAX);
        list[i] = json_string_value(v);
    }
    in->events = list;
    in->nevents = json_array_size(ev);
    in->set |= VO_WH_EVENTS;
    return VO_OK;
}

vo_err api_webhooks_create(struct vo_req *r)
{
    struct vo_webhook_input in = {0};
    struct vo_webhook w;
    vo_err rc = read_input(r, &in);
    if (rc || (rc = vo_svc_webhook_create(&r->svc, &in, &w, &r->err)))
        return rc;
    json_t *o = webhook_json(r, &w);
    json_object_set_new(o, "secret", json_string(w.secret));
    vo_req_json(r, 201, o);
    return VO_OK;
}

vo_err api_webhooks_get(struct vo_req *r)
{
    int64_t id = 0;
    struct vo_webhook w;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_svc_webhook_get(&r->svc, id, &w, &r->err)))
        return rc;
    vo_req_json(r, 200, webhook_json(r, &w));
    return VO_OK;
}

vo_err api_webhooks_update(struct vo_req *r)
{
    int64_t id = 0;
    struct vo_webhook_input in = {0};
    struct vo_webhook w;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = read_input(r, &in)) ||
        (rc = vo_svc_webhook_update(&r->svc, id, &in, &w, &r->err)))
        return rc;
    vo_req_json(r, 200, webhook_json(r, &w));
    return VO_OK;
}

vo_err api_webhooks_delete(struct vo_req *r)
{
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_svc_webhook_delete(&r->svc, id, &r->err)))
        return rc;
    vo_req_json(r, 200, json_pack("{s:I,s:b}", "id", (json_int_t)id, "deleted", 1));
    return VO_OK;
}

vo_err api_webhooks_test(struct vo_req *r)
{
    int64_t id = 0, delivery = 0;
    struct vo_webhook_result res;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_svc_webhook_test(&r->svc, id, &res, &delivery, &r->err)))
        return rc;
    vo_req_json(r, 200,
                json_pack("{s:I,s:b,s:o,s:o}", "delivery_id", (json_int_t)delivery, "delivered",
                          res.error[0] == '\0', "status",
                          res.status ? json_integer(res.status) : json_null(), "error",
                          res.error[0] ? json_string(res.error) : json_null()));
    return VO_OK;
}

vo_err api_webhooks_deliveries(struct vo_req *r)
{
    int64_t id = 0;
    struct vo_webhook_delivery *v = NULL;
    size_t n = 0, limit = 50;
    const char *q = vo_req_query(r, "limit");
    if (q) {
        char *end = NULL;
        long long l = strtoll(q, &end, 10);
        if (!*q || *end || l < 1 || l > VO_WEBHOOK_KEEP)
            return vo_error_set(&r->err, VO_EINVAL, "limit", "limit is a number from 1 to %lld",
                                (long long)VO_WEBHOOK_KEEP);
        limit = (size_t)l;
    }
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_svc_webhook_deliveries(&r->svc, id, limit, &v, &n, &r->err)))
        return rc;
    return vo_req_items(r, v, n, sizeof *v, delivery_json);
}
