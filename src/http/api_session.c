/*
 * api_session.c - signing in and out. The session secret travels only in
 * an HttpOnly, SameSite=Strict cookie; the CSRF token comes back in the
 * body (and from GET /session) for the web app to echo in X-CSRF-Token.
 */
#include "http/api.h"
#include "http/http_int.h"

#include <string.h>

static json_t *me(const struct vo_actor *a)
{
    return json_pack("{s:I, s:I, s:s, s:s?, s:s, s:s?}", "user_id", (json_int_t)a->user_id,
                     "org_id", (json_int_t)a->org_id, "name", a->name ? a->name : "", "email",
                     a->email, "role", vo_role_name(a->role), "csrf_token", a->csrf);
}

vo_err api_session_login(struct vo_req *r)
{
    static const char *const fields[] = {"email", "password", "org", NULL};
    const char *email, *password, *org;
    if (vo_req_body_fields(r, fields) || vo_req_str(r, "email", true, &email) ||
        vo_req_str(r, "password", true, &password) || vo_req_str(r, "org", false, &org))
        return VO_EINVAL;
    struct vo_actor a;
    const char *token = NULL;
    int64_t retry = 0;
    vo_err rc = vo_auth_login(r->st, r->srv->throttle, NULL, email, password, org, r->address,
                              &r->arena, &a, &token, &retry, &r->err);
    if (rc == VO_ETOOBIG) {
        /* The error shape, with the wait in Retry-After (seconds). */
        r->retry_after = retry;
        vo_req_json(r, 429, vo_error_json("throttled", r->err.msg, NULL, r->err.id, r->err.msg_ru));
        return VO_OK;
    }
    if (rc == VO_EPERM) {
        vo_req_json(r, 401,
                    vo_error_json("unauthorized", r->err.msg, NULL, r->err.id, r->err.msg_ru));
        return VO_OK;
    }
    if (rc)
        return rc;
    r->set_cookie =
        vo_arena_printf(&r->arena, "%s=%s; HttpOnly; SameSite=Strict; Path=/%s", VO_SESSION_COOKIE,
                        token, r->srv->opts.secure_cookies ? "; Secure" : "");
    vo_req_json(r, 200, me(&a));
    return VO_OK;
}

vo_err api_session_logout(struct vo_req *r)
{
    if (r->actor.session_id) {
        vo_err rc = vo_auth_logout(r->st, r->actor.org_id, r->actor.session_id, &r->err);
        if (rc)
            return rc;
    }
    r->set_cookie =
        vo_arena_printf(&r->arena, "%s=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0%s",
                        VO_SESSION_COOKIE, r->srv->opts.secure_cookies ? "; Secure" : "");
    vo_req_json(r, 200, json_pack("{s:b}", "signed_out", 1));
    return VO_OK;
}

vo_err api_session_me(struct vo_req *r)
{
    /* with the org's currency and its minor-unit digits, so the web app
     * formats and parses amounts (minor units everywhere) from the first
     * screen on */
    json_t *o = me(&r->actor);
    json_object_set_new(o, "currency", json_string(r->svc.org.currency));
    json_object_set_new(o, "currency_digits", json_integer(r->svc.currency_digits));
    vo_req_json(r, 200, o);
    return VO_OK;
}
