/*
 * api_notify.c - the signed-in user's notifications (crm-tasks, issue 10;
 * docs/notifications.md): the inbox, its unread count, marking one or all
 * read. Every route works on the actor's own notifications only (another
 * user's is 404). The rules live in service/notify.h.
 */
#include "http/api.h"

#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "service/notify.h"

static json_t *time_json(GTimeZone *tz, int64_t t)
{
    char buf[64];
    return t == VO_NULL ? json_null() : json_string(vo_time_format(t, tz, buf, sizeof buf));
}

json_t *vo_notification_json(GTimeZone *tz, const struct vo_notification *n)
{
    json_t *o = json_object();
    json_t *payload = n->payload ? json_loads(n->payload, 0, NULL) : NULL;
    json_object_set_new(o, "id", json_integer(n->id));
    json_object_set_new(o, "kind", json_string(vo_notify_kind_name(n->kind)));
    json_object_set_new(o, "object", n->object ? json_string(n->object) : json_null());
    json_object_set_new(o, "object_id", json_integer(n->object_id));
    json_object_set_new(o, "title", n->title ? json_string(n->title) : json_null());
    json_object_set_new(o, "at", time_json(tz, n->at));
    json_object_set_new(o, "actor_id", n->actor_id ? json_integer(n->actor_id) : json_null());
    json_object_set_new(o, "payload", json_is_object(payload) ? payload : json_object());
    if (payload && !json_is_object(payload))
        json_decref(payload);
    json_object_set_new(o, "created_at", time_json(tz, n->created_at));
    json_object_set_new(o, "read_at", time_json(tz, n->read_at));
    json_object_set_new(o, "read", json_boolean(n->read_at != VO_NULL));
    return o;
}

json_t *vo_json_notification(struct vo_req *r, const struct vo_notification *n)
{
    return vo_notification_json(r->svc.tz, n);
}

/* A query number: absent = def; otherwise digits (VO_EINVAL naming it). */
static vo_err query_num(struct vo_req *r, const char *name, int64_t def, int64_t *out)
{
    const char *v = vo_req_query(r, name);
    *out = def;
    if (!v || !*v)
        return VO_OK;
    char *end = NULL;
    long long n = strtoll(v, &end, 10);
    if (*end || n < 0)
        return vo_error_set(&r->err, VO_EINVAL, name, "%s is a whole number", name);
    *out = n;
    return VO_OK;
}

vo_err api_notifications_list(struct vo_req *r)
{
    int64_t unread = 0, before = 0, limit = 0, count = 0;
    struct vo_notification *v = NULL;
    size_t n = 0;
    vo_err rc = query_num(r, "unread", 0, &unread);
    if (!rc && unread > 1)
        rc = vo_error_set(&r->err, VO_EINVAL, "unread", "unread is 0 or 1");
    if (rc || (rc = query_num(r, "before", 0, &before)) ||
        (rc = query_num(r, "limit", 50, &limit)) ||
        (rc = vo_svc_notification_list(&r->svc, unread == 1, before, limit, &v, &n, &r->err)) ||
        (rc = vo_svc_notification_unread(&r->svc, &count, &r->err)))
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, vo_json_notification(r, &v[i]));
    json_t *body = json_object();
    json_object_set_new(body, "items", items);
    json_object_set_new(body, "unread", json_integer(count));
    json_object_set_new(body, "next_before",
                        (int64_t)n == limit && n ? json_integer(v[n - 1].id) : json_null());
    vo_req_json(r, 200, body);
    return VO_OK;
}

vo_err api_notifications_unread(struct vo_req *r)
{
    int64_t count = 0;
    vo_err rc = vo_svc_notification_unread(&r->svc, &count, &r->err);
    if (rc)
        return rc;
    json_t *body = json_object();
    json_object_set_new(body, "unread", json_integer(count));
    vo_req_json(r, 200, body);
    return VO_OK;
}

vo_err api_notifications_read(struct vo_req *r)
{
    static const char *const none[] = {NULL};
    int64_t id = 0;
    struct vo_notification n;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_req_body_fields(r, none)) ||
        (rc = vo_svc_notification_read(&r->svc, id, &n, &r->err)))
        return rc;
    vo_req_json(r, 200, vo_json_notification(r, &n));
    return VO_OK;
}

vo_err api_notifications_read_all(struct vo_req *r)
{
    static const char *const none[] = {NULL};
    size_t count = 0;
    vo_err rc = vo_req_body_fields(r, none);
    if (rc || (rc = vo_svc_notification_read_all(&r->svc, &count, &r->err)))
        return rc;
    json_t *body = json_object();
    json_object_set_new(body, "read", json_integer((json_int_t)count));
    json_object_set_new(body, "unread", json_integer(0));
    vo_req_json(r, 200, body);
    return VO_OK;
}
