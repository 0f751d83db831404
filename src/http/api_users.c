/*
 * api_users.c - users of the org: everyone signed in may list them (a
 * manager sees colleagues for the leaderboard), only an admin adds or
 * changes one; anyone may change their own password, giving the current
 * one (an admin sets anyone else's without theirs).
 */
#include "http/api.h"

#include <string.h>

#include "base/timeutil.h"
#include "service/org_reads.h"

json_t *vo_json_time(struct vo_req *r, int64_t t)
{
    if (t == VO_NULL)
        return json_null();
    char buf[64];
    return json_string(vo_time_format(t, r->svc.tz, buf, sizeof buf));
}

vo_err vo_req_items(struct vo_req *r, const void *v, size_t n, size_t size,
                    json_t *(*item)(struct vo_req *r, const void *x))
{
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, item(r, (const char *)v + i * size));
    vo_req_json(r, 200, json_pack("{s:o}", "items", items));
    return VO_OK;
}

vo_err vo_req_id_respond(struct vo_req *r, vo_respond_fn respond)
{
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    return rc ? rc : respond(r, id, 200);
}

vo_err vo_req_id_act(struct vo_req *r, vo_err (*act)(struct vo_svc *, int64_t, struct vo_error *),
                     const char *done)
{
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = act(&r->svc, id, &r->err)))
        return rc;
    vo_req_json(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, done, 1));
    return VO_OK;
}

json_t *vo_json_user(struct vo_req *r, const struct vo_user *u)
{
    const char *team = u->team_id ? vo_svc_team_name(&r->svc, u->team_id) : NULL;
    return json_pack("{s:I, s:s, s:s?, s:s, s:o, s:s?, s:b, s:o}", "id", (json_int_t)u->id, "name",
                     u->name, "email", u->email, "role", vo_role_name(u->role), "team_id",
                     u->team_id ? json_integer(u->team_id) : json_null(), "team", team, "active",
                     u->active, "created_at", vo_json_time(r, u->created_at));
}

static json_t *user_item(struct vo_req *r, const void *u)
{
    return vo_json_user(r, u);
}

VO_API_LIST(api_users_list, struct vo_user, vo_svc_user_list, user_item)

VO_API_GET(api_users_get, struct vo_user, vo_svc_user_get, user_item)

vo_err api_users_create(struct vo_req *r)
{
    static const char *const fields[] = {"name", "email", "role", "team", "password", NULL};
    struct vo_user_input in = {0};
    if (vo_req_body_fields(r, fields) || vo_req_str(r, "name", true, &in.name) ||
        vo_req_str(r, "email", false, &in.email) || vo_req_str(r, "role", false, &in.role) ||
        vo_req_str(r, "team", false, &in.team) || vo_req_str(r, "password", false, &in.password))
        return VO_EINVAL;
    int64_t id = 0;
    const char *pw = NULL;
    vo_err rc = vo_svc_user_add(&r->svc, &in, &id, &pw, &r->err);
    if (rc)
        return rc;
    struct vo_user u;
    if ((rc = vo_svc_user_get(&r->svc, id, &u, &r->err)))
        return rc;
    json_t *body = vo_json_user(r, &u);
    if (!in.password)
        json_object_set_new(body, "password", json_string(pw));
    vo_req_json(r, 201, body);
    return VO_OK;
}

vo_err api_users_update(struct vo_req *r)
{
    static const char *const fields[] = {"name", "email", "role", "team", "active", NULL};
    struct vo_user u;
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_svc_user_get(&r->svc, id, &u, &r->err)) ||
        (rc = vo_req_body_fields(r, fields)))
        return rc;
    struct vo_user_input in = {0};
    bool active = u.active, has_active = false;
    if (vo_req_str(r, "name", false, &in.name) || vo_req_str(r, "email", false, &in.email) ||
        vo_req_str(r, "role", false, &in.role) || vo_req_str(r, "team", false, &in.team) ||
        vo_req_bool(r, "active", &active, &has_active))
        return VO_EINVAL;
    rc = vo_svc_user_update(&r->svc, u.id, &in, has_active ? &active : NULL, &r->err);
    if (rc)
        return rc;
    if ((rc = vo_svc_user_get(&r->svc, u.id, &u, &r->err)))
        return rc;
    vo_req_json(r, 200, vo_json_user(r, &u));
    return VO_OK;
}

vo_err api_users_password(struct vo_req *r)
{
    static const char *const fields[] = {"password", "current_password", NULL};
    struct vo_user u;
    int64_t id = 0;
    /* Anyone sets their own; only an admin sets someone else's. A manager
     * asking for another user gets 404, not a hint that the user exists
     * (the service's rule, asked before the body is read). */
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_svc_user_passwd_target(&r->svc, id, &u, &r->err)))
        return rc;
    const char *pw = NULL, *current = NULL;
    if ((rc = vo_req_body_fields(r, fields)) || (rc = vo_req_str(r, "password", true, &pw)) ||
        (rc = vo_req_str(r, "current_password", false, &current)))
        return rc;
    if ((rc = vo_svc_user_passwd_id(&r->svc, u.id, pw, current, &r->err)))
        return rc;
    vo_req_json(r, 200, json_pack("{s:b}", "changed", 1));
    return VO_OK;
}
