/*
 * webhooks.c - outgoing webhooks (webhooks.h): the org's webhooks, the
 * outbox written inside each audited write, and the delivery tick.
 */
#include "service/webhooks.h"

#include <jansson.h>
#include <sodium.h>
#include <string.h>

#include "base/timeutil.h"
#include "service/crm.h"

const char *const vo_webhook_events[] = {
    "deal.created",   "deal.updated",   "deal.stage_changed", "deal.won",         "deal.lost",
    "deal.reopened",  "task.created",   "task.updated",       "task.completed",   "payment.created",
    "client.created", "client.updated", "promise.created",    "promise.resolved",
};
const size_t vo_webhook_event_count = sizeof vo_webhook_events / sizeof vo_webhook_events[0];

/* The audited actions that are events (vo_crm_finish's action names). */
static const struct {
    const char *action, *event;
} actions[] = {
    {"client.create", "client.created"},
    {"client.update", "client.updated"},
    {"deal.create", "deal.created"},
    {"deal.lose", "deal.lost"},
    {"deal.move", "deal.stage_changed"},
    {"deal.reopen", "deal.reopened"},
    {"deal.undo", "deal.reopened"},
    {"deal.update", "deal.updated"},
    {"deal.win", "deal.won"},
    {"payment.create", "payment.created"},
    {"promise.create", "promise.created"},
    {"promise.resolve", "promise.resolved"},
    {"task.complete", "task.completed"},
    {"task.create", "task.created"},
    {"task.reschedule", "task.updated"},
    {"task.update", "task.updated"},
};

/* The bit of event name, 0 when it is none. */
static int64_t event_bit(const char *name)
{
    for (size_t i = 0; i < vo_webhook_event_count; i++)
        if (strcmp(vo_webhook_events[i], name) == 0)
            return (int64_t)1 << i;
    return 0;
}

int64_t vo_webhook_backoff(int64_t base_s, int64_t attempt)
{
    int64_t d = base_s > 0 ? base_s : 1;
    for (int64_t i = 1; i < attempt && d < 86400; i++)
        d *= 4;
    return d < 86400 ? d : 86400;
}

/* Only an admin or the head manages webhooks. */
static vo_err may_manage(struct vo_svc *svc, struct vo_error *e)
{
    if (svc->actor_role == VO_ROLE_ADMIN || svc->actor_role == VO_ROLE_HEAD)
        return VO_OK;
    return vo_error_set(e, VO_EPERM, NULL, "only an admin or the head manages webhooks");
}

/* The mask of in's events: each a name of vo_webhook_events, at least one. */
static vo_err events_mask(const struct vo_webhook_input *in, int64_t *mask, struct vo_error *e)
{
    *mask = 0;
    for (size_t i = 0; i < in->nevents; i++) {
        int64_t bit = in->events[i] ? event_bit(in->events[i]) : 0;
        if (!bit)
            return vo_error_set(e, VO_EINVAL, "events", "unknown webhook event \"%s\"",
                                in->events[i] ? in->events[i] : "");
        *mask |= bit;
    }
    if (!*mask)
        return vo_error_set(e, VO_EINVAL, "events", "a webhook takes at least one event");
    return VO_OK;
}

static vo_err check_url(const char *url, struct vo_error *e)
{
    if (!url || strlen(url) > VO_WEBHOOK_URL_MAX || !vo_webhook_url_ok(url))
        return vo_error_set(e, VO_EINVAL, "url",
                            "url must be an http:// or https:// address of up to %d bytes",
                            VO_WEBHOOK_URL_MAX);
    return VO_OK;
}

vo_err vo_svc_webhook_list(struct vo_svc *svc, struct vo_webhook **out, size_t *n,
                           struct vo_error *e)
{
    vo_err rc = may_manage(svc, e);
    if (rc || (rc = vo_store_webhook_list(svc->st, svc->org.id, svc->arena, out, n, e)))
        return rc;
    for (size_t i = 0; i < *n; i++)
        (*out)[i].secret = NULL;
    return VO_OK;
}

vo_err vo_svc_webhook_get(struct vo_svc *svc, int64_t id, struct vo_webhook *out,
                          struct vo_error *e)
{
    vo_err rc = may_manage(svc, e);
    if (rc || (rc = vo_store_webhook_get(svc->st, svc->org.id, id, svc->arena, out, e)))
        return rc;
    out->secret = NULL;
    return VO_OK;
}

vo_err vo_svc_webhook_create(struct vo_svc *svc, const struct vo_webhook_input *in,
                             struct vo_webhook *out, struct vo_error *e)
{
    struct vo_webhook w = {.org_id = svc->org.id,
                           .url = in->url,
                           .active = true,
                           .disabled_at = VO_NULL,
                           .created_by = svc->actor_id,
                           .created_at = vo_now()};
    struct vo_webhook *all = NULL;
    size_t n = 0;
    vo_err rc = may_manage(svc, e);
    if (rc)
        return rc;
    if (!(in->set & VO_WH_URL))
        return vo_error_set(e, VO_EINVAL, "url", "%s is required", "url");
    if (!(in->set & VO_WH_EVENTS))
        return vo_error_set(e, VO_EINVAL, "events", "%s is required", "events");
    if ((rc = check_url(in->url, e)) || (rc = events_mask(in, &w.events, e)))
        return rc;
    unsigned char key[32];
    char *hex = vo_arena_alloc(svc->arena, sizeof key * 2 + 1);
    if (!hex)
        return vo_error_set(e, VO_ENOMEM, "webhook", "out of memory");
    randombytes_buf(key, sizeof key);
    sodium_bin2hex(hex, sizeof key * 2 + 1, key, sizeof key);
    sodium_memzero(key, sizeof key);
    w.secret = hex;
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = vo_store_webhook_list(svc->st, svc->org.id, svc->arena, &all, &n, e)))
        goto fail;
    if (n >= VO_WEBHOOK_PER_ORG) {
        rc = vo_error_set(e, VO_ECONFLICT, NULL, "an org has %d webhooks at the most",
                          VO_WEBHOOK_PER_ORG);
        goto fail;
    }
    if ((rc = vo_store_webhook_insert(svc->st, &w, &w.id, e)))
        goto fail;
    if ((rc = vo_crm_finish(svc, "webhook.create", "webhook", w.id, w.url, e)))
        return rc;
    *out = w;
    return VO_OK;
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_webhook_update(struct vo_svc *svc, int64_t id, const struct vo_webhook_input *in,
                             struct vo_webhook *out, struct vo_error *e)
{
    struct vo_webhook w;
    vo_err rc = may_manage(svc, e);
    if (rc)
        return rc;
    if ((in->set & VO_WH_URL) && (rc = check_url(in->url, e)))
        return rc;
    int64_t mask = 0;
    if ((in->set & VO_WH_EVENTS) && (rc = events_mask(in, &mask, e)))
        return rc;
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = vo_store_webhook_get(svc->st, svc->org.id, id, svc->arena, &w, e)))
        goto fail;
    if (in->set & VO_WH_URL)
        w.url = in->url;
    if (in->set & VO_WH_EVENTS)
        w.events = mask;
    if (in->set & VO_WH_ACTIVE)
        w.active = in->active;
    if ((rc = vo_store_webhook_update(svc->st, &w, e)))
        goto fail;
    if ((rc = vo_crm_finish(svc, "webhook.update", "webhook", id, w.active ? "active" : "inactive",
                            e)))
        return rc;
    return vo_svc_webhook_get(svc, id, out, e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_webhook_delete(struct vo_svc *svc, int64_t id, struct vo_error *e)
{
    vo_err rc = may_manage(svc, e);
    if (rc || (rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = vo_store_webhook_delete(svc->st, svc->org.id, id, e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    return vo_crm_finish(svc, "webhook.delete", "webhook", id, NULL, e);
}

/* The JSON body of an event (docs/webhooks.md, "Payload"), in a. */
static char *payload(struct vo_arena *a, const char *event, int64_t org, const char *object,
                     int64_t id, int64_t actor, const char *detail, int64_t at, json_t *data)
{
    char iso[64];
    GTimeZone *utc = g_time_zone_new_utc();
    vo_time_format(at, utc, iso, sizeof iso);
    g_time_zone_unref(utc);
    json_t *o = json_pack(
        "{s:s,s:I,s:s,s:I,s:o,s:I,s:s,s:o}", "event", event, "org_id", (json_int_t)org, "object",
        object, "object_id", (json_int_t)id, "actor_id", actor ? json_integer(actor) : json_null(),
        "at", (json_int_t)at, "at_iso", iso, "detail", detail ? json_string(detail) : json_null());
    if (o && data)
        json_object_set_new(o, "data", data);
    else if (data)
        json_decref(data);
    char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    char *out = text ? vo_arena_strdup(a, text) : NULL;
    free(text);
    return out;
}

/* The deal's state for a deal event's "data" (NULL when it cannot be read). */
static json_t *deal_data(struct vo_svc *svc, int64_t id)
{
    struct vo_deal_row r;
    struct vo_error tmp = {0};
    if (vo_store_deal_get(svc->st, svc->org.id, id, svc->arena, &r, &tmp))
        return NULL;
    const struct vo_deal *d = &r.d;
    json_t *o =
        json_pack("{s:I,s:s?,s:I,s:I,s:I,s:s}", "id", (json_int_t)d->id, "title", d->title,
                  "pipeline_id", (json_int_t)d->pipeline_id, "stage_id", (json_int_t)d->stage_id,
                  "owner_id", (json_int_t)d->owner_id, "status", vo_deal_status_name(d->status));
    if (!o)
        return NULL;
    json_object_set_new(o, "client_id", d->client_id ? json_integer(d->client_id) : json_null());
    json_object_set_new(o, "amount", d->amount != VO_NULL ? json_integer(d->amount) : json_null());
    return o;
}

vo_err vo_svc_webhook_enqueue(struct vo_svc *svc, const char *action, const char *object,
                              int64_t id, const char *detail, struct vo_error *e)
{
    const char *event = NULL;
    for (size_t i = 0; i < sizeof actions / sizeof actions[0] && !event; i++)
        if (strcmp(actions[i].action, action) == 0)
            event = actions[i].event;
    if (!event)
        return VO_OK;
    int64_t bit = event_bit(event);
    bool any = false;
    vo_err rc = vo_store_webhook_any(svc->st, svc->org.id, bit, &any, e);
    if (rc || !any)
        return rc;
    int64_t now = vo_now();
    json_t *data = strcmp(object, "deal") == 0 ? deal_data(svc, id) : NULL;
    char *body =
        payload(svc->arena, event, svc->org.id, object, id, svc->actor_id, detail, now, data);
    if (!body)
        return vo_error_set(e, VO_ENOMEM, "webhook", "out of memory");
    return vo_store_webhook_enqueue(svc->st, svc->org.id, bit, event, body, now, NULL, e);
}

void vo_svc_webhooks_allow_private(bool yes)
{
    vo_webhook_allow_private(yes);
}

vo_err vo_svc_webhook_test(struct vo_svc *svc, int64_t id, struct vo_webhook_result *r,
                           int64_t *delivery, struct vo_error *e)
{
    struct vo_webhook w;
    vo_err rc = may_manage(svc, e);
    if (rc || (rc = vo_store_webhook_get(svc->st, svc->org.id, id, svc->arena, &w, e)))
        return rc;
    int64_t now = vo_now();
    char *body = payload(svc->arena, "webhook.test", svc->org.id, "webhook", id, svc->actor_id,
                         NULL, now, NULL);
    if (!body)
        return vo_error_set(e, VO_ENOMEM, "webhook", "out of memory");
    /* the delivery's id goes in a header: log it first, then post */
    struct vo_webhook_delivery d = {.org_id = svc->org.id,
                                    .webhook_id = id,
                                    .event = "webhook.test",
                                    .payload = body,
                                    .attempt = 0,
                                    .status = "failed",
                                    .response_code = VO_NULL,
                                    .error = "not sent",
                                    .created_at = now,
                                    .delivered_at = VO_NULL};
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = vo_store_webhook_log(svc->st, &d, &d.id, e)) || (rc = vo_store_commit(svc->st, e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    vo_err sent = vo_webhook_post(w.url, w.secret, d.event, d.id, body, strlen(body), r);
    if (sent == VO_EIO)
        return vo_error_set(e, VO_EIO, "webhook", "the HTTP library could not start");
    struct vo_webhook_attempt x = {.ok = sent == VO_OK,
                                   .response_code = r->status ? r->status : VO_NULL,
                                   .error = sent == VO_OK ? NULL : r->error,
                                   .at = vo_now(),
                                   .retry_at = VO_NULL,
                                   .disable_after = INT64_MAX,
                                   .keep = VO_WEBHOOK_KEEP};
    /* recorded like any attempt, but the webhook's failures in a row are
     * left as they were: the count is put back after */
    struct vo_webhook before;
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = vo_store_webhook_get(svc->st, svc->org.id, id, svc->arena, &before, e)) ||
        (rc = vo_store_webhook_attempt(svc->st, &d, &x, NULL, e)) ||
        (rc = vo_store_webhook_restore_failures(svc->st, svc->org.id, id, before.failures, e)) ||
        (rc = vo_store_commit(svc->st, e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    *delivery = d.id;
    return VO_OK;
}

vo_err vo_svc_webhook_deliveries(struct vo_svc *svc, int64_t id, size_t limit,
                                 struct vo_webhook_delivery **out, size_t *n, struct vo_error *e)
{
    struct vo_webhook w;
    vo_err rc = may_manage(svc, e);
    if (rc || (rc = vo_store_webhook_get(svc->st, svc->org.id, id, svc->arena, &w, e)))
        return rc;
    if (limit < 1 || limit > VO_WEBHOOK_KEEP)
        return vo_error_set(e, VO_EINVAL, "limit", "limit is a number from 1 to %lld",
                            (long long)VO_WEBHOOK_KEEP);
    return vo_store_webhook_deliveries(svc->st, svc->org.id, id, limit, svc->arena, out, n, e);
}

vo_err vo_svc_webhooks_tick(struct vo_store *st, int64_t now, int64_t backoff_s, size_t batch,
                            bool (*stop)(void *arg), void *arg, struct vo_arena *a,
                            struct vo_webhook_tick *t, struct vo_error *e)
{
    struct vo_webhook_delivery *d = NULL;
    size_t n = 0;
    vo_err rc = vo_store_webhook_due(st, now, batch, a, &d, &n, e);
    for (size_t i = 0; !rc && i < n && !(stop && stop(arg)); i++) {
        struct vo_webhook_result r;
        vo_err sent = vo_webhook_post(d[i].url, d[i].secret, d[i].event, d[i].id, d[i].payload,
                                      strlen(d[i].payload), &r);
        int64_t at = vo_now();
        int64_t attempt = d[i].attempt + 1;
        /* at is the attempt's second, truncated: the retry is due a second
         * later than at + back-off, so that it never comes sooner than the
         * back-off (a 1 s back-off at 10:00:00.99 was due at 10:00:01, 10 ms
         * later) */
        struct vo_webhook_attempt x = {.ok = sent == VO_OK,
                                       .response_code = r.status ? r.status : VO_NULL,
                                       .error = sent == VO_OK ? NULL : r.error,
                                       .at = at,
                                       .retry_at =
                                           attempt >= VO_WEBHOOK_ATTEMPTS
                                               ? VO_NULL
                                               : at + vo_webhook_backoff(backoff_s, attempt) + 1,
                                       .disable_after = VO_WEBHOOK_DISABLE_AFTER,
                                       .keep = VO_WEBHOOK_KEEP};
        bool off = false;
        if ((rc = vo_store_begin(st, e)))
            break;
        rc = vo_store_webhook_attempt(st, &d[i], &x, &off, e);
        if (rc == VO_ENOTFOUND) { /* the webhook was deleted meanwhile */
            vo_store_rollback(st);
            rc = VO_OK;
            continue;
        }
        if (rc || (rc = vo_store_commit(st, e))) {
            vo_store_rollback(st);
            break;
        }
        if (x.ok)
            t->delivered++;
        else
            t->failed++;
        if (off)
            t->disabled++;
    }
    struct vo_error tmp = {0};
    if (vo_store_webhook_pending(st, &t->pending, &tmp))
        t->pending = 0;
    return rc;
}
