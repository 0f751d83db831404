/*
 * notify.c - the users' notifications (notify.h). The reminders are one
 * INSERT ... SELECT per kind over the open tasks in a window of due
 * times; the store's unique key makes a tick idempotent, so the thread
 * that calls it may run as often as it likes, restart, or run twice.
 */
#include "service/notify.h"

#include <string.h>

#include "base/timeutil.h"
#include "service/idp.h"

vo_err vo_svc_notify_tick(struct vo_store *st, int64_t now, struct vo_arena *a,
                          struct vo_notification **out, size_t *n, struct vo_error *e)
{
    struct vo_notification *soon = NULL, *late = NULL, *prom = NULL, *idp = NULL;
    size_t ns = 0, nl = 0, np = 0, ni = 0;
    *out = NULL;
    *n = 0;
    vo_err rc = vo_store_begin(st, e);
    if (rc)
        return rc;
    if ((rc = vo_store_notify_tasks(st, VO_NOTIFY_TASK_DUE_SOON, now, now + VO_NOTIFY_DUE_SOON_S,
                                    now, a, &soon, &ns, e)) ||
        (rc = vo_store_notify_tasks(st, VO_NOTIFY_TASK_OVERDUE, now - VO_NOTIFY_OVERDUE_WINDOW_S,
                                    now, now, a, &late, &nl, e)) ||
        /* issue 11: a promise still open past its due time, once */
        (rc = vo_store_notify_promises(st, now - VO_NOTIFY_OVERDUE_WINDOW_S, now, now, a, &prom,
                                       &np, e)) ||
        /* issue 14, item 7: a development plan's goal past its due date, once */
        (rc = vo_svc_idp_notify_due(st, now, a, &idp, &ni, e)) || (rc = vo_store_commit(st, e))) {
        vo_store_rollback(st);
        return rc;
    }
    struct vo_notification *v = VO_ARENA_ARRAY(a, struct vo_notification, ns + nl + np + ni + 1);
    if (!v)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    if (ns)
        memcpy(v, soon, ns * sizeof *v);
    if (nl)
        memcpy(v + ns, late, nl * sizeof *v);
    if (np)
        memcpy(v + ns + nl, prom, np * sizeof *v);
    if (ni)
        memcpy(v + ns + nl + np, idp, ni * sizeof *v);
    *out = v;
    *n = ns + nl + np + ni;
    return VO_OK;
}

vo_err vo_svc_notify_assigned(struct vo_svc *svc, const char *object, int64_t id, const char *title,
                              int64_t user, int64_t rev, struct vo_error *e)
{
    if (!user || user == svc->actor_id)
        return VO_OK;
    struct vo_notification nt = {
        .org_id = svc->org.id,
        .user_id = user,
        .kind = VO_NOTIFY_DEAL_ASSIGNED,
        .key = vo_arena_printf(svc->arena, "deal_assigned:%s:%lld:%lld", object, (long long)id,
                               (long long)rev),
        .object = object,
        .object_id = id,
        .title = title,
        .at = VO_NULL,
        .actor_id = svc->actor_id,
        .payload = vo_arena_printf(svc->arena, "{\"%s_id\": %lld, \"by_user_id\": %lld}", object,
                                   (long long)id, (long long)svc->actor_id),
        .created_at = vo_now(),
    };
    bool created = false;
    return vo_store_notification_add(svc->st, &nt, &created, svc->arena, e);
}

vo_err vo_svc_notify_user(struct vo_svc *svc, const struct vo_notify_to *to, struct vo_error *e)
{
    struct vo_notification nt = {
        .org_id = svc->org.id,
        .user_id = to->user_id,
        .kind = to->kind,
        .key = vo_arena_printf(svc->arena, "%s:%s", vo_notify_kind_name(to->kind), to->key),
        .object = to->object,
        .object_id = to->object_id,
        .title = to->title,
        .at = to->at,
        .actor_id = svc->actor_id,
        .payload = to->payload ? to->payload : "{}",
        .created_at = vo_now(),
    };
    bool created = false;
    return vo_store_notification_add(svc->st, &nt, &created, svc->arena, e);
}

vo_err vo_svc_notify_recognition(struct vo_svc *svc, int64_t id, const char *title, int64_t user,
                                 struct vo_error *e)
{
    struct vo_notify_to to = {
        .user_id = user,
        .kind = VO_NOTIFY_RECOGNITION,
        .key = vo_arena_printf(svc->arena, "%lld", (long long)id),
        .object = "recognition",
        .object_id = id,
        .title = title,
        .at = VO_NULL,
        .payload = vo_arena_printf(svc->arena, "{\"user_id\": %lld, \"by_user_id\": %lld}",
                                   (long long)user, (long long)svc->actor_id),
    };
    return vo_svc_notify_user(svc, &to, e);
}

static vo_err need_user(const struct vo_svc *svc, struct vo_error *e)
{
    if (svc->actor_id <= 0)
        return vo_error_set(e, VO_EPERM, NULL, "notifications belong to a signed-in user");
    return VO_OK;
}

/* need_user, and a page of 1 to 200 notifications. */
static vo_err need_user_limit(const struct vo_svc *svc, int64_t limit, struct vo_error *e)
{
    vo_err rc = need_user(svc, e);
    if (!rc && (limit < 1 || limit > 200))
        rc = vo_error_set(e, VO_EINVAL, "limit", "limit is a number from 1 to 200");
    return rc;
}

vo_err vo_svc_notification_list(struct vo_svc *svc, bool unread, int64_t before, int64_t limit,
                                struct vo_notification **out, size_t *n, struct vo_error *e)
{
    vo_err rc = need_user_limit(svc, limit, e);
    if (rc)
        return rc;
    if (before < 0)
        return vo_error_set(e, VO_EINVAL, "before", "before is a notification id");
    return vo_store_notification_list(svc->st, svc->org.id, svc->actor_id, unread, before, limit,
                                      svc->arena, out, n, e);
}

vo_err vo_svc_notification_read(struct vo_svc *svc, int64_t id, struct vo_notification *out,
                                struct vo_error *e)
{
    vo_err rc = need_user(svc, e);
    return rc ? rc
              : vo_store_notification_read(svc->st, svc->org.id, svc->actor_id, id, vo_now(),
                                           svc->arena, out, e);
}

vo_err vo_svc_notification_read_all(struct vo_svc *svc, size_t *count, struct vo_error *e)
{
    vo_err rc = need_user(svc, e);
    return rc ? rc
              : vo_store_notification_read_all(svc->st, svc->org.id, svc->actor_id, vo_now(),
                                               svc->arena, count, e);
}

vo_err vo_svc_notification_unread(struct vo_svc *svc, int64_t *n, struct vo_error *e)
{
    vo_err rc = need_user(svc, e);
    return rc ? rc : vo_store_notification_unread(svc->st, svc->org.id, svc->actor_id, n, e);
}

vo_err vo_svc_notify_after(struct vo_store *st, int64_t after, int64_t limit, struct vo_arena *a,
                           struct vo_notification **out, size_t *n, struct vo_error *e)
{
    return vo_store_notification_after(st, after, limit, a, out, n, e);
}

vo_err vo_svc_notify_last(struct vo_store *st, int64_t *id, struct vo_error *e)
{
    return vo_store_notification_last(st, id, e);
}

vo_err vo_svc_notification_since(struct vo_svc *svc, int64_t after, int64_t limit,
                                 struct vo_notification **out, size_t *n, struct vo_error *e)
{
    vo_err rc = need_user_limit(svc, limit, e);
    if (rc)
        return rc;
    return vo_store_notification_since(svc->st, svc->org.id, svc->actor_id, after, limit,
                                       svc->arena, out, n, e);
}
