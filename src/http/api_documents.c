/*
 * api_documents.c - the scripts and standards library (issue 14, item 3;
 * docs/library.md): GET/POST /api/v1/documents (?q=&kind=&required=
 * &unread=&archived=), GET/PATCH /api/v1/documents/{id}, GET/POST
 * /api/v1/documents/{id}/versions, GET /api/v1/documents/{id}/versions/{n},
 * GET /api/v1/documents/{id}/diff?from=&to=, POST /api/v1/documents/{id}/ack,
 * GET /api/v1/documents/{id}/acks. The rules are service/documents.h's.
 */
#include "http/api.h"
#include "http/http_int.h"

#include <stddef.h>
#include <string.h>

#include "service/documents.h"

/* The query flag name: 0 / false, 1 / true, or def when absent or empty. */
static vo_err query_flag(struct vo_req *r, const char *name, int def, int *out)
{
    const char *v = vo_req_query(r, name);
    *out = def;
    if (!v || !*v)
        return VO_OK;
    if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0)
        *out = 1;
    else if (strcmp(v, "0") == 0 || strcmp(v, "false") == 0)
        *out = 0;
    else
        return vo_error_set(&r->err, VO_EINVAL, name, "%s must be true or false", name);
    return VO_OK;
}

/* A positive whole number of the query (a version's), VO_EINVAL naming it. */
static vo_err query_number(struct vo_req *r, const char *name, int64_t *out)
{
    const char *v = vo_req_query(r, name);
    int64_t n = 0;
    bool ok = v && *v && strlen(v) <= 9;
    for (const char *p = v; ok && *p; p++) {
        ok = *p >= '0' && *p <= '9';
        n = n * 10 + (*p - '0');
    }
    if (!ok || n <= 0)
        return vo_error_set(&r->err, VO_EINVAL, name, "%s is a version's number (1, 2, ...)", name);
    *out = n;
    return VO_OK;
}

static json_t *doc_json(struct vo_req *r, const void *p)
{
    const struct vo_document *d = p;
    bool acked = d->acked_at != VO_NULL;
    json_t *o = json_pack(
        "{s:I,s:s,s:s,s:b,s:b,s:I,s:o,s:b,s:o,s:b,s:o,s:o,s:o}", "id", (json_int_t)d->id, "kind",
        d->kind, "title", d->title, "required", d->required, "archived", d->archived, "version",
        (json_int_t)d->version, "version_at", vo_json_time(r, d->version_at), "acknowledged", acked,
        "acknowledged_at", acked ? vo_json_time(r, d->acked_at) : json_null(), "unread",
        d->required && !acked, "created_by",
        d->created_by ? json_integer((json_int_t)d->created_by) : json_null(), "created_at",
        vo_json_time(r, d->created_at), "updated_at", vo_json_time(r, d->updated_at));
    if (d->body)
        json_object_set_new(o, "body", json_string(d->body));
    return o;
}

static json_t *version_json(struct vo_req *r, const void *p)
{
    const struct vo_document_version *v = p;
    json_t *o = json_pack("{s:I,s:s,s:o,s:o,s:o,s:I}", "number", (json_int_t)v->number, "note",
                          v->note ? v->note : "", "author_id",
                          v->author_id ? json_integer((json_int_t)v->author_id) : json_null(),
                          "author", v->author ? json_string(v->author) : json_null(), "created_at",
                          vo_json_time(r, v->created_at), "bytes", (json_int_t)v->bytes);
    if (v->body)
        json_object_set_new(o, "body", json_string(v->body));
    return o;
}

static vo_err respond(struct vo_req *r, int64_t id, unsigned status)
{
    struct vo_document d;
    vo_err rc = vo_svc_document_get(&r->svc, id, &d, &r->err);
    if (!rc)
        vo_req_json(r, status, doc_json(r, &d));
    return rc;
}

vo_err api_documents_list(struct vo_req *r)
{
    struct vo_document_query q = {.q = vo_req_query(r, "q"), .kind = vo_req_query(r, "kind")};
    int unread = 0;
    struct vo_document *v = NULL;
    size_t n = 0;
    vo_err rc = query_flag(r, "required", -1, &q.required);
    if (rc || (rc = query_flag(r, "archived", 0, &q.archived)) ||
        (rc = query_flag(r, "unread", 0, &unread)))
        return rc;
    q.unread = unread == 1;
    if ((rc = vo_svc_document_list(&r->svc, &q, &v, &n, &r->err)))
        return rc;
    return vo_req_items(r, v, n, sizeof *v, doc_json);
}

/* The metadata members of a body into in (each present one sets its bit). */
static vo_err read_input(struct vo_req *r, struct vo_document_input *in)
{
    static const struct vo_req_text texts[] = {
        {"kind", VO_DOC_SET_KIND, offsetof(struct vo_document_input, kind)},
        {"title", VO_DOC_SET_TITLE, offsetof(struct vo_document_input, title)},
    };
    bool present = false;
    vo_err rc = vo_req_texts(r, texts, sizeof texts / sizeof texts[0], in, &in->set);
    if (rc || (rc = vo_req_bool(r, "required", &in->required, &present)))
        return rc;
    if (present)
        in->set |= VO_DOC_SET_REQUIRED;
    if ((rc = vo_req_bool(r, "archived", &in->archived, &present)))
        return rc;
    if (present)
        in->set |= VO_DOC_SET_ARCHIVED;
    return VO_OK;
}

vo_err api_documents_create(struct vo_req *r)
{
    static const char *const fields[] = {"kind", "title", "required", "body", "note", NULL};
    struct vo_document_input in = {0};
    int64_t id = 0;
    vo_err rc = vo_req_body_fields(r, fields);
    if (rc || (rc = read_input(r, &in)) || (rc = vo_req_str(r, "body", false, &in.body)) ||
        (rc = vo_req_str(r, "note", false, &in.note)) ||
        (rc = vo_svc_document_create(&r->svc, &in, &id, &r->err)))
        return rc;
    return respond(r, id, 201);
}

vo_err api_documents_get(struct vo_req *r)
{
    return vo_req_id_respond(r, respond);
}

vo_err api_documents_update(struct vo_req *r)
{
    static const char *const fields[] = {"kind", "title", "required", "archived", NULL};
    struct vo_document_input in = {0};
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_req_body_fields(r, fields)) || (rc = read_input(r, &in)) ||
        (rc = vo_svc_document_update(&r->svc, id, &in, &r->err)))
        return rc;
    return respond(r, id, 200);
}

VO_API_ID_LIST(api_documents_versions, struct vo_document_version, vo_svc_document_versions,
               version_json)

vo_err api_documents_version_add(struct vo_req *r)
{
    static const char *const fields[] = {"body", "note", NULL};
    const char *body = NULL, *note = NULL;
    int64_t id = 0, number = 0;
    struct vo_document_version v;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_req_body_fields(r, fields)) || (rc = vo_req_str(r, "body", false, &body)) ||
        (rc = vo_req_str(r, "note", false, &note)) ||
        (rc = vo_svc_document_version_add(&r->svc, id, body, note, &number, &r->err)) ||
        (rc = vo_svc_document_version_get(&r->svc, id, number, &v, &r->err)))
        return rc;
    vo_req_json(r, 201, version_json(r, &v));
    return VO_OK;
}

vo_err api_documents_version_get(struct vo_req *r)
{
    int64_t id = 0, number = 0;
    struct vo_document_version v;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_req_id(r, 1, &number)) ||
        (rc = vo_svc_document_version_get(&r->svc, id, number, &v, &r->err)))
        return rc;
    vo_req_json(r, 200, version_json(r, &v));
    return VO_OK;
}

vo_err api_documents_diff(struct vo_req *r)
{
    int64_t id = 0, from = 0, to = 0;
    struct vo_diff d;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = query_number(r, "from", &from)) || (rc = query_number(r, "to", &to)) ||
        (rc = vo_svc_document_diff(&r->svc, id, from, to, &d, &r->err)))
        return rc;
    json_t *lines = json_array();
    for (size_t i = 0; i < d.n; i++) {
        const struct vo_diff_line *l = &d.lines[i];
        json_t *num = json_integer((json_int_t)l->line);
        json_array_append_new(lines,
                              json_pack("{s:s,s:o,s:o,s:s}", "op", l->insert ? "insert" : "delete",
                                        "old", l->insert ? json_null() : num, "new",
                                        l->insert ? num : json_null(), "text", l->text));
    }
    vo_req_json(r, 200,
                json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:b,s:o}", "from", (json_int_t)from, "to",
                          (json_int_t)to, "inserted", (json_int_t)d.inserted, "deleted",
                          (json_int_t)d.deleted, "old_lines", (json_int_t)d.old_lines, "new_lines",
                          (json_int_t)d.new_lines, "capped", d.capped, "lines", lines));
    return VO_OK;
}

vo_err api_documents_ack(struct vo_req *r)
{
    int64_t id = 0, version = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_svc_document_ack(&r->svc, id, &version, &r->err)))
        return rc;
    return respond(r, id, 200);
}

vo_err api_documents_acks(struct vo_req *r)
{
    int64_t id = 0;
    struct vo_document_acks a;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_svc_document_acks(&r->svc, id, &a, &r->err)))
        return rc;
    json_t *users = json_array();
    for (size_t i = 0; i < a.n; i++) {
        const struct vo_document_ack *u = &a.users[i];
        bool acked = u->at != VO_NULL;
        json_array_append_new(
            users,
            json_pack("{s:I,s:s,s:b,s:o,s:o}", "user_id", (json_int_t)u->user_id, "name", u->name,
                      "acknowledged", acked, "at", acked ? vo_json_time(r, u->at) : json_null(),
                      "last_version",
                      u->last_version ? json_integer((json_int_t)u->last_version) : json_null()));
    }
    vo_req_json(r, 200,
                json_pack("{s:I,s:I,s:I,s:I,s:o}", "document_id", (json_int_t)id, "version",
                          (json_int_t)a.version, "acknowledged", (json_int_t)a.acknowledged,
                          "total", (json_int_t)a.n, "users", users));
    return VO_OK;
}
