/*
 * api_saved_filters.c - a user's saved filters of the CRM lists (issue 10,
 * lists; docs/api-crm.md, "Saved filters"): GET lists the caller's own
 * (?kind= one list's), POST saves one, GET/PATCH/DELETE {id} read, change
 * and delete one of the caller's (anyone else's is 404, whatever the
 * role). A filter carries "version" (sent also as its ETag); a PATCH or a
 * DELETE with If-Match or a body "version" no longer current answers 409
 * version_conflict with the current filter, as the CRM objects do. The
 * rules are service/saved_filters.h's.
 */
#include "http/api.h"

#include "service/saved_filters.h"

static json_t *filter_json(struct vo_req *r, const void *x)
{
    const struct vo_saved_filter *f = x;
    return json_pack("{s:I, s:s, s:s, s:s, s:b, s:o, s:I}", "id", (json_int_t)f->id, "kind",
                     f->kind, "name", f->name, "query", f->query, "default", f->is_default,
                     "created_at", vo_json_time(r, f->created_at), "version", (json_int_t)f->rev);
}

static vo_err respond(struct vo_req *r, int64_t id, unsigned status)
{
    struct vo_saved_filter f;
    vo_err rc = vo_svc_saved_filter_get(&r->svc, id, &f, &r->err);
    if (rc)
        return rc;
    r->etag = vo_arena_printf(&r->arena, "\"%lld\"", (long long)f.rev);
    vo_req_json(r, status, filter_json(r, &f));
    return VO_OK;
}

vo_err api_saved_filters_list(struct vo_req *r)
{
    struct vo_saved_filter *v = NULL;
    size_t n = 0;
    const char *kind = vo_req_query(r, "kind");
    vo_err rc = vo_svc_saved_filter_list(&r->svc, kind && *kind ? kind : NULL, &v, &n, &r->err);
    return rc ? rc : vo_req_items(r, v, n, sizeof *v, filter_json);
}

vo_err api_saved_filters_get(struct vo_req *r)
{
    return vo_req_id_respond(r, respond);
}

vo_err api_saved_filters_create(struct vo_req *r)
{
    static const char *const fields[] = {"kind", "name", "query", "default", NULL};
    const char *kind = NULL, *name = NULL, *query = NULL;
    bool is_default = false;
    int64_t id = 0;
    vo_err rc = vo_req_body_fields(r, fields);
    if (rc || (rc = vo_req_str(r, "kind", true, &kind)) ||
        (rc = vo_req_str(r, "name", true, &name)) || (rc = vo_req_str(r, "query", false, &query)) ||
        (rc = vo_req_bool(r, "default", &is_default, NULL)) ||
        (rc = vo_svc_saved_filter_create(&r->svc, kind, name, query, is_default, &id, &r->err)))
        return rc;
    return respond(r, id, 201);
}

vo_err api_saved_filters_update(struct vo_req *r)
{
    static const char *const fields[] = {"name", "query", "default", "version", NULL};
    const char *name = NULL, *query = NULL;
    bool is_default = false, has_default = false;
    int64_t id = 0, slot = 0;
    const int64_t *version = NULL;
    vo_err rc = vo_api_read_id_version(r, fields, &id, &slot, &version);
    if (rc || (rc = vo_req_str(r, "name", false, &name)) ||
        (rc = vo_req_str(r, "query", false, &query)) ||
        (rc = vo_req_bool(r, "default", &is_default, &has_default)))
        return rc;
    rc = vo_svc_saved_filter_update(&r->svc, id, name, query, has_default ? &is_default : NULL,
                                    version, &r->err);
    return vo_api_answer_write(r, rc, id, respond, 200);
}

vo_err api_saved_filters_delete(struct vo_req *r)
{
    return vo_api_versioned_delete(r, vo_svc_saved_filter_delete, respond);
}
