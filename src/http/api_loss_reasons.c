/*
 * api_loss_reasons.c - the org's loss-reason dictionary (crm-edit, issue
 * 10; docs/api-crm.md, "Loss reasons"): everyone signed in reads it (the
 * lose dialog lists it), admin and head add and change reasons. A deal is
 * lost with one through POST /api/v1/deals/{id}/lose (api_crm.c).
 */
#include "http/api.h"

#include "service/loss_reasons.h"

static json_t *reason_json(const struct vo_loss_reason *lr)
{
    return json_pack("{s:I, s:s, s:I, s:b, s:b}", "id", (json_int_t)lr->id, "name", lr->name,
                     "position", (json_int_t)lr->position, "active", lr->active, "comment_required",
                     lr->other);
}

static vo_err respond(struct vo_req *r, int64_t id, unsigned status)
{
    struct vo_loss_reason lr;
    vo_err rc = vo_svc_loss_reason_get(&r->svc, id, &lr, &r->err);
    if (rc)
        return rc;
    vo_req_json(r, status, reason_json(&lr));
    return VO_OK;
}

vo_err api_loss_reasons_list(struct vo_req *r)
{
    struct vo_loss_reason *v = NULL;
    size_t n = 0;
    vo_err rc = vo_svc_loss_reason_list(&r->svc, &v, &n, &r->err);
    if (rc)
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, reason_json(&v[i]));
    vo_req_json(r, 200, json_pack("{s:o}", "items", items));
    return VO_OK;
}

/* name, position, active of the body (each NULL when not given). */
static vo_err read_reason(struct vo_req *r, const char **name, int64_t *position,
                          const int64_t **pos, bool *active, const bool **act)
{
    static const char *const fields[] = {"name", "position", "active", NULL};
    enum vo_req_has has = VO_REQ_ABSENT;
    bool present = false;
    vo_err rc = vo_req_body_fields(r, fields);
    if (rc || (rc = vo_req_str(r, "name", false, name)) ||
        (rc = vo_req_int(r, "position", false, position, &has)) ||
        (rc = vo_req_bool(r, "active", active, &present)))
        return rc;
    if (has == VO_REQ_NULL)
        return vo_error_set(&r->err, VO_EINVAL, "position", "position is 1..1000");
    *pos = has == VO_REQ_VALUE ? position : NULL;
    *act = present ? active : NULL;
    return VO_OK;
}

vo_err api_loss_reasons_create(struct vo_req *r)
{
    const char *name = NULL;
    int64_t position = 0, id = 0;
    const int64_t *pos = NULL;
    bool active = true;
    const bool *act = NULL;
    vo_err rc = read_reason(r, &name, &position, &pos, &active, &act);
    if (rc || (rc = vo_svc_loss_reason_create(&r->svc, name, pos, act, &id, &r->err)))
        return rc;
    return respond(r, id, 201);
}

vo_err api_loss_reasons_update(struct vo_req *r)
{
    const char *name = NULL;
    int64_t position = 0, id = 0;
    const int64_t *pos = NULL;
    bool active = true;
    const bool *act = NULL;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = read_reason(r, &name, &position, &pos, &active, &act)) ||
        (rc = vo_svc_loss_reason_update(&r->svc, id, name, pos, act, &r->err)))
        return rc;
    return respond(r, id, 200);
}
