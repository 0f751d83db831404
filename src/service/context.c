/*
 * context.c - setting up a service context: which org, which zone, which
 * currency. Everything a use case needs to know about "where" it runs.
 */
#include "service/context.h"

#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "base/timeutil.h"
#include "store/store.h"

static vo_err load(struct vo_svc *svc, struct vo_store *st, const struct vo_org *org,
                   struct vo_arena *a, struct vo_error *e)
{
    memset(svc, 0, sizeof *svc);
    svc->st = st;
    svc->org = *org;
    vo_store_use_org(st, org->id);
    svc->arena = a;
    svc->tz = vo_tz_new(org->tz);
    if (!svc->tz)
        return vo_error_set(e, VO_EINVAL, "tz", "the org's time zone \"%s\" is unknown", org->tz);
    svc->currency_digits = vo_currency_digits(org->currency);
    svc->actor_id = 0;
    svc->actor_role = VO_ROLE_ADMIN;
    return VO_OK;
}

vo_err vo_svc_init_org(struct vo_svc *svc, struct vo_store *st, const struct vo_org *org,
                       struct vo_arena *a, struct vo_error *e)
{
    return load(svc, st, org, a, e);
}

vo_err vo_svc_init(struct vo_svc *svc, struct vo_store *st, int64_t org_id, struct vo_arena *a,
                   struct vo_error *e)
{
    struct vo_org org;
    if (org_id) {
        vo_err rc = vo_store_org_get(st, org_id, a, &org, e);
        if (rc)
            return rc;
        return load(svc, st, &org, a, e);
    }
    struct vo_org *orgs = NULL;
    size_t n = 0;
    vo_err rc = vo_store_org_list(st, a, &orgs, &n, e);
    if (rc)
        return rc;
    if (n == 0)
        return vo_error_set(e, VO_ENOTFOUND, "org",
                            "the database has no org yet: create one with `voronka init`");
    if (n > 1)
        return vo_error_set(e, VO_EINVAL, "org",
                            "the database holds %zu orgs: choose one with --org NAME", n);
    return load(svc, st, &orgs[0], a, e);
}

vo_err vo_svc_init_by_name(struct vo_svc *svc, struct vo_store *st, const char *name,
                           struct vo_arena *a, struct vo_error *e)
{
    if (!name || !*name)
        return vo_svc_init(svc, st, 0, a, e);
    struct vo_org *orgs = NULL;
    size_t n = 0;
    vo_err rc = vo_store_org_list(st, a, &orgs, &n, e);
    if (rc)
        return rc;
    char *end = NULL;
    long long id = strtoll(name, &end, 10);
    for (size_t i = 0; i < n; i++)
        if (strcmp(orgs[i].name, name) == 0 || (end && !*end && orgs[i].id == id))
            return load(svc, st, &orgs[i], a, e);
    return vo_error_set(e, VO_ENOTFOUND, "org", "no org \"%s\" in the database", name);
}

void vo_svc_cleanup(struct vo_svc *svc)
{
    vo_store_use_org(svc->st, 0);
    if (svc->tz)
        g_time_zone_unref(svc->tz);
    svc->tz = NULL;
}

void vo_svc_emit(struct vo_svc *svc, const struct vo_change *c)
{
    if (svc->on_change)
        svc->on_change(svc->on_change_ctx, svc->org.id, c);
}

vo_err vo_svc_check_owner(struct vo_svc *svc, int64_t owner_id, bool write, struct vo_error *e)
{
    switch (svc->actor_role) {
    case VO_ROLE_ADMIN:
    case VO_ROLE_HEAD:
        return VO_OK;
    case VO_ROLE_MANAGER:
        if (svc->actor_id == 0 || owner_id == svc->actor_id)
            return VO_OK;
        return vo_error_set(e, VO_ENOTFOUND, "id", "no such object");
    case VO_ROLE_VIEWER:
        if (!write)
            return VO_OK;
        return vo_error_set(e, VO_EPERM, NULL, "a viewer changes nothing");
    }
    return vo_error_set(e, VO_EPERM, NULL, "unknown role");
}

vo_err vo_svc_org_calendar(struct vo_svc *svc, struct vo_calendar *cal, struct vo_error *e)
{
    struct vo_holiday *h = NULL;
    size_t n = 0;
    vo_err rc = vo_store_holiday_list(svc->st, svc->org.id, 0, svc->arena, &h, &n, e);
    return rc ? rc : vo_cal_init(cal, svc->tz, h, n, e);
}

void vo_svc_read_scope(struct vo_svc *svc, bool on)
{
    vo_store_read_scope(svc->st, on);
}
