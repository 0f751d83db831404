/*
 * api_tokens.c - API tokens for integrations: an admin creates one for a
 * user (the secret is in the response once, never again) with its scopes
 * and expiry, lists them and revokes one (docs/api-session.md, "API
 * tokens").
 */
#include "http/api.h"

#include "base/timeutil.h"
#include "service/org_reads.h"

/* The scope bits as their names, in the order of enum vo_scope. */
static json_t *scopes_json(unsigned scopes)
{
    json_t *a = json_array();
    for (unsigned bit = 1; bit <= VO_SCOPE_ADMIN; bit <<= 1)
        if (scopes & bit)
            json_array_append_new(a, json_string(vo_scope_name(bit)));
    return a;
}

static json_t *token_json(struct vo_req *r, const void *x)
{
    const struct vo_api_token *t = x;
    return json_pack("{s:I, s:s, s:I, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)t->id, "name",
                     t->name, "user_id", (json_int_t)t->user_id, "created_at",
                     vo_json_time(r, t->created_at), "used_at", vo_json_time(r, t->used_at),
                     "revoked_at", vo_json_time(r, t->revoked_at), "scopes", scopes_json(t->scopes),
                     "expires_at", vo_json_time(r, t->expires_at));
}

VO_API_LIST(api_tokens_list, struct vo_api_token, vo_svc_token_list, token_json)

/* "scopes": an array of scope names (absent or null: read, write,
 * reports). */
static vo_err read_scopes(struct vo_req *r, unsigned *out)
{
    json_t *v = json_object_get(r->body, "scopes");
    *out = VO_SCOPE_DEFAULT;
    if (!v || json_is_null(v))
        return VO_OK;
    if (!json_is_array(v))
        return vo_error_set(&r->err, VO_EINVAL, "scopes",
                            "scopes must be an array of read, write, reports, admin");
    unsigned bits = 0;
    size_t i;
    json_t *s;
    json_array_foreach(v, i, s)
    {
        unsigned bit = 0;
        if (!json_is_string(s) || vo_scope_parse(json_string_value(s), "scopes", &bit, &r->err))
            return vo_error_set(&r->err, VO_EINVAL, "scopes",
                                "scopes must be an array of read, write, reports, admin");
        bits |= bit;
    }
    if (!bits)
        return vo_error_set(&r->err, VO_EINVAL, "scopes",
                            "give at least one scope (read, write, reports, admin)");
    *out = bits;
    return VO_OK;
}

/* The expiry: "expires_at" (an instant) or "expires_in_days" (1..1830
 * days from now), not both; neither: never. */
static vo_err read_expiry(struct vo_req *r, int64_t *out)
{
    const char *at = NULL;
    int64_t days = 0;
    enum vo_req_has has = VO_REQ_ABSENT;
    *out = VO_NULL;
    vo_err rc;
    if ((rc = vo_req_str(r, "expires_at", false, &at)) ||
        (rc = vo_req_int(r, "expires_in_days", false, &days, &has)))
        return rc;
    if (at && has == VO_REQ_VALUE)
        return vo_error_set(&r->err, VO_EINVAL, "expires_in_days",
                            "give expires_at or expires_in_days, not both");
    if (at)
        return vo_time_parse(at, r->svc.tz, out, "expires_at", &r->err);
    if (has == VO_REQ_VALUE) {
        if (days < 1 || days > VO_TOKEN_MAX_DAYS)
            return vo_error_set(&r->err, VO_EINVAL, "expires_in_days",
                                "expires_in_days must be 1..%d", VO_TOKEN_MAX_DAYS);
        *out = vo_now() + days * 86400;
    }
    return VO_OK;
}

vo_err api_tokens_create(struct vo_req *r)
{
    static const char *const fields[] = {"name",       "user_id",         "scopes",
                                         "expires_at", "expires_in_days", NULL};
    const char *name = NULL;
    int64_t user = 0, expires = VO_NULL;
    unsigned scopes = 0;
    enum vo_req_has has = VO_REQ_ABSENT;
    if (vo_req_body_fields(r, fields) || vo_req_str(r, "name", true, &name) ||
        vo_req_int(r, "user_id", false, &user, &has) ||
        (has == VO_REQ_VALUE && vo_num_check(VO_NUM_ID, user, "user_id", &r->err)) ||
        read_scopes(r, &scopes) || read_expiry(r, &expires))
        return VO_EINVAL;
    if (has != VO_REQ_VALUE)
        user = r->actor.user_id;
    struct vo_api_token t;
    const char *secret = NULL;
    vo_err rc = vo_auth_token_create(&r->svc, user, name, scopes, expires, &t, &secret, &r->err);
    if (rc)
        return rc;
    json_t *body = token_json(r, &t);
    json_object_set_new(body, "token", json_string(secret));
    vo_req_json(r, 201, body);
    return VO_OK;
}

vo_err api_tokens_revoke(struct vo_req *r)
{
    return vo_req_id_act(r, vo_auth_token_revoke, "revoked");
}
