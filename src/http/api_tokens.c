/*
 * api_tokens.c - API tokens for integrations: an admin creates one for a
 * user (the secret is in the response once, never again) and revokes it.
 */
#include "http/api.h"

#include "service/org_reads.h"

static json_t *token_json(struct vo_req *r, const void *x)
{
    const struct vo_api_token *t = x;
    return json_pack("{s:I, s:s, s:I, s:o, s:o, s:o}", "id", (json_int_t)t->id, "name", t->name,
                     "user_id", (json_int_t)t->user_id, "created_at",
                     vo_json_time(r, t->created_at), "used_at", vo_json_time(r, t->used_at),
                     "revoked_at", vo_json_time(r, t->revoked_at));
}

VO_API_LIST(api_tokens_list, struct vo_api_token, vo_svc_token_list, token_json)

vo_err api_tokens_create(struct vo_req *r)
{
    static const char *const fields[] = {"name", "user_id", NULL};
    const char *name = NULL;
    int64_t user = 0;
    enum vo_req_has has = VO_REQ_ABSENT;
    if (vo_req_body_fields(r, fields) || vo_req_str(r, "name", true, &name) ||
        vo_req_int(r, "user_id", false, &user, &has) ||
        (has == VO_REQ_VALUE && vo_num_check(VO_NUM_ID, user, "user_id", &r->err)))
        return VO_EINVAL;
    if (has != VO_REQ_VALUE)
        user = r->actor.user_id;
    struct vo_api_token t;
    const char *secret = NULL;
    vo_err rc = vo_auth_token_create(&r->svc, user, name, &t, &secret, &r->err);
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
