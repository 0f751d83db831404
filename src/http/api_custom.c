/*
 * api_custom.c - the org's custom field definitions (crm-edit, issue 10;
 * docs/api-crm.md, "Custom fields"): everyone signed in reads them (a
 * form renders them), admin and head create, change and delete them. The
 * values are written with the deals and clients (api_crm.c, "custom").
 */
#include "http/api.h"

#include <stddef.h>
#include <string.h>

#include "service/custom_fields.h"

static json_t *custom_field_json(struct vo_req *r, const void *x)
{
    const struct vo_custom_field *f = x;
    (void)r;
    json_t *options = json_loads(f->options ? f->options : "[]", 0, NULL);
    if (!json_is_array(options)) {
        json_decref(options);
        options = json_array();
    }
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:b, s:I}", "id", (json_int_t)f->id, "entity",
                     f->entity, "key", f->key, "label", f->label, "type", f->type, "options",
                     options, "required", f->required, "position", (json_int_t)f->position);
}

VO_API_RESPOND(respond_field, struct vo_custom_field, vo_svc_custom_field_get, custom_field_json)

/* The body of a create or a change: which members were given. */
static vo_err read_field(struct vo_req *r, struct vo_custom_field_input *in)
{
    static const char *const fields[] = {"entity",  "key",      "label",    "type",
                                         "options", "required", "position", NULL};
    memset(in, 0, sizeof *in);
    vo_err rc = vo_req_body_fields(r, fields);
    if (rc)
        return rc;
    static const struct vo_req_text texts[] = {
        {"entity", VO_CF_ENTITY, offsetof(struct vo_custom_field_input, entity)},
        {"key", VO_CF_KEY, offsetof(struct vo_custom_field_input, key)},
        {"label", VO_CF_LABEL, offsetof(struct vo_custom_field_input, label)},
        {"type", VO_CF_TYPE, offsetof(struct vo_custom_field_input, type)},
    };
    if ((rc = vo_req_texts(r, texts, sizeof texts / sizeof texts[0], in, &in->set)))
        return rc;
    json_t *options = json_object_get(r->body, "options");
    if (options) {
        if (!json_is_array(options))
            return vo_error_set(&r->err, VO_EINVAL, "options", "options is an array of texts");
        in->options = options;
        in->set |= VO_CF_OPTIONS;
    }
    bool present = false;
    if ((rc = vo_req_bool(r, "required", &in->required, &present)))
        return rc;
    if (present)
        in->set |= VO_CF_REQUIRED;
    enum vo_req_has has = VO_REQ_ABSENT;
    if ((rc = vo_req_int(r, "position", false, &in->position, &has)))
        return rc;
    if (has == VO_REQ_NULL)
        return vo_error_set(&r->err, VO_EINVAL, "position", "position is 1..1000");
    if (has == VO_REQ_VALUE)
        in->set |= VO_CF_POSITION;
    return VO_OK;
}

vo_err api_custom_fields_list(struct vo_req *r)
{
    struct vo_custom_field *v = NULL;
    size_t n = 0;
    vo_err rc = vo_svc_custom_field_list(&r->svc, vo_req_query(r, "entity"), &v, &n, &r->err);
    return rc ? rc : vo_req_items(r, v, n, sizeof *v, custom_field_json);
}

vo_err api_custom_fields_create(struct vo_req *r)
{
    struct vo_custom_field_input in;
    int64_t id = 0;
    vo_err rc = read_field(r, &in);
    if (rc || (rc = vo_svc_custom_field_create(&r->svc, &in, &id, &r->err)))
        return rc;
    return respond_field(r, id, 201);
}

VO_API_UPDATE(api_custom_fields_update, struct vo_custom_field_input, read_field,
              vo_svc_custom_field_update, respond_field)

vo_err api_custom_fields_delete(struct vo_req *r)
{
    return vo_req_id_act(r, vo_svc_custom_field_delete, "deleted");
}
