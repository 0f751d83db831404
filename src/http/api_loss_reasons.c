/*
 * api_loss_reasons.c - the org's loss-reason dictionary (crm-edit, issue
 * 10; docs/api-crm.md, "Loss reasons"): everyone signed in reads it (the
 * lose dialog lists it), admin and head add and change reasons. A deal is
 * lost with one through POST /api/v1/deals/{id}/lose (api_crm.c).
 */
#include "http/api.h"

#include "service/loss_reasons.h"

static json_t *reason_json(struct vo_req *r, const void *x)
{
    const struct vo_loss_reason *lr = x;
    (void)r;
    return json_pack("{s:I, s:s, s:I, s:b, s:b}", "id", (json_int_t)lr->id, "name", lr->name,
                     "position", (json_int_t)lr->position, "active", lr->active, "comment_required",
                     lr->other);
}

VO_API_RESPOND(respond, struct vo_loss_reason, vo_svc_loss_reason_get, reason_json)

VO_API_LIST(api_loss_reasons_list, struct vo_loss_reason, vo_svc_loss_reason_list, reason_json)

/* The body's name, position and active: each NULL when not given. */
struct reason_body {
    const char *name;
    const int64_t *pos;
    const bool *act;
    int64_t position;
    bool active;
};

static vo_err read_reason(struct vo_req *r, struct reason_body *b)
{
    static const char *const fields[] = {"name", "position", "active", NULL};
    enum vo_req_has has = VO_REQ_ABSENT;
    bool present = false;
    vo_err rc = vo_req_body_fields(r, fields);
    if (rc || (rc = vo_req_str(r, "name", false, &b->name)) ||
        (rc = vo_req_int(r, "position", false, &b->position, &has)) ||
        (rc = vo_req_bool(r, "active", &b->active, &present)))
        return rc;
    if (has == VO_REQ_NULL)
        return vo_error_set(&r->err, VO_EINVAL, "position", "position is 1..1000");
    b->pos = has == VO_REQ_VALUE ? &b->position : NULL;
    b->act = present ? &b->active : NULL;
    return VO_OK;
}

vo_err api_loss_reasons_create(struct vo_req *r)
{
    struct reason_body b = {.active = true};
    int64_t id = 0;
    vo_err rc = read_reason(r, &b);
    if (rc || (rc = vo_svc_loss_reason_create(&r->svc, b.name, b.pos, b.act, &id, &r->err)))
        return rc;
    return respond(r, id, 201);
}

vo_err api_loss_reasons_update(struct vo_req *r)
{
    struct reason_body b = {.active = true};
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = read_reason(r, &b)) ||
        (rc = vo_svc_loss_reason_update(&r->svc, id, b.name, b.pos, b.act, &r->err)))
        return rc;
    return respond(r, id, 200);
}
