/*
 * api_meta.c - the health check and the OpenAPI 3 document, generated from
 * the route table itself so that no route can be missing from it.
 */
#include "http/api.h"
#include "http/api_schemas.h"
#include "http/http_int.h"

#include <string.h>

#include "service/admin_ops.h"
#include "service/idempotency.h"

vo_err api_health(struct vo_req *r)
{
    vo_req_json(
        r, 200,
        json_pack("{s:s, s:i}", "status", "ok", "schema_version", vo_svc_schema_version(r->st)));
    return VO_OK;
}

static json_t *roles_json(unsigned roles)
{
    json_t *a = json_array();
    for (int i = VO_ROLE_ADMIN; i <= VO_ROLE_VIEWER; i++)
        if (roles & (1u << i))
            json_array_append_new(a, json_string(vo_role_name((enum vo_role)i)));
    return a;
}

/* The operation's id: url-safe camelCase of the method and the path after
 * /api/v1 ("GET /api/v1/deals/{id}/stage-history" is
 * getDealsByIdStageHistory), the routes at the root prefixed with "ops"
 * (getOpsHealth) so none takes another's; unique because (method, path)
 * is (test_openapi.c checks). */
static const char *operation_id(struct vo_arena *a, const struct vo_route *rt)
{
    static const char v1[] = "/api/v1";
    const char *p = rt->path;
    GString *s = g_string_new(vo_http_method_key(rt->method));
    if (strncmp(p, v1, sizeof v1 - 1) == 0)
        p += sizeof v1 - 1;
    else
        g_string_append(s, "Ops");
    bool up = true;
    for (; *p; p++) {
        if (*p == '{') {
            g_string_append(s, "By");
            up = true;
        } else if (*p == '/' || *p == '-' || *p == '_' || *p == '.' || *p == '}') {
            up = true;
        } else if (g_ascii_isalnum(*p)) {
            g_string_append_c(s, up ? g_ascii_toupper(*p) : *p);
            up = false;
        }
    }
    const char *id = vo_arena_strdup(a, s->str);
    g_string_free(s, TRUE);
    return id;
}

/* The operation's tag: the first segment after /api/v1 ("deals",
 * "reports"), "operations" for the routes at the root. */
static const char *tag_of(struct vo_arena *a, const char *path)
{
    static const char v1[] = "/api/v1/";
    if (strncmp(path, v1, sizeof v1 - 1) != 0)
        return "operations";
    const char *p = path + sizeof v1 - 1;
    return vo_arena_strndup(a, p, strcspn(p, "/"));
}

/* A query parameter of the document, from api_query.c's dictionary;
 * enums (NULL-terminated) or NULL. */
static json_t *query_param(const struct vo_query_param *qp, const char *const *enums)
{
    json_t *schema = json_pack("{s:s}", "type", qp->type);
    if (qp->format)
        json_object_set_new(schema, "format", json_string(qp->format));
    if (enums) {
        json_t *e = json_array();
        for (; *enums; enums++)
            json_array_append_new(e, json_string(*enums));
        json_object_set_new(schema, "enum", e);
    }
    return json_pack("{s:s, s:s, s:b, s:s, s:o}", "name", qp->name, "in", "query", "required", 0,
                     "description", qp->desc, "schema", schema);
}

/* The query parameters rt reads (api_query.c), format and lang on the
 * routes that export to CSV and XLSX. */
static void add_query_params(json_t *params, const struct vo_route *rt)
{
    static const char *const formats[] = {"json", "csv", "xlsx", NULL};
    static const char *const langs[] = {"ru", "en", NULL};
    static const struct vo_query_param format = {
        "format", "string", NULL,
        "the answer's format: JSON (default), or the rows as a CSV or XLSX file (docs/export.md)"};
    static const struct vo_query_param lang = {
        "lang", "string", NULL, "the file's column headers: Russian (default) or English"};
    const struct vo_query_param *qp[VO_QUERY_MAX];
    size_t n = vo_route_query_params(rt, qp);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(params, query_param(qp[i], NULL));
    if (rt->method == VO_GET && vo_export_route(rt->path)) {
        json_array_append_new(params, query_param(&format, formats));
        json_array_append_new(params, query_param(&lang, langs));
    }
}

static json_t *error_response(const char *what)
{
    return json_pack("{s:s, s:{s:{s:{s:s}}}}", "description", what, "content", "application/json",
                     "schema", "$ref", "#/components/schemas/Error");
}

/* The responses of rt: the errors every route may answer; the CRM
 * objects (api_crm.c) and the import's report (api_import.c) where the
 * route answers them, else a 200 without a schema. */
static json_t *responses_of(struct vo_arena *a, const struct vo_route *rt)
{
    json_t *responses = json_pack("{s:o, s:o}", "404", error_response("Not found"), "422",
                                  error_response("Invalid input"));
    unsigned status = 200;
    bool page = false;
    const char *obj = vo_api_crm_response(rt->method, rt->path, &status, &page);
    if (obj) {
        json_t *ref =
            json_pack("{s:s}", "$ref", vo_arena_printf(a, "#/components/schemas/%s", obj));
        json_t *schema =
            page ? json_pack("{s:s, s:[s, s], s:{s:{s:s, s:o}, s:{s:s, s:b, s:s}}}", "type",
                             "object", "required", "items", "next_cursor", "properties", "items",
                             "type", "array", "items", ref, "next_cursor", "type", "string",
                             "nullable", 1, "description",
                             "the next page's cursor (?cursor=), null on the last page")
                 : ref;
        json_object_set_new(responses, status == 201 ? "201" : "200",
                            json_pack("{s:s, s:{s:{s:o}}}", "description",
                                      status == 201 ? "Created" : "OK", "content",
                                      "application/json", "schema", schema));
        if (rt->method != VO_GET && strstr(rt->path, "{id}"))
            json_object_set_new(responses, "409",
                                error_response("Changed since the version given: read it "
                                               "again (docs/api-crm.md, \"Versions\")"));
    } else if (vo_api_crm_bulk(rt->method, rt->path)) {
        vo_api_crm_bulk_responses(a, rt, responses);
    } else if (!vo_api_import_responses(rt, responses)) {
        json_object_set_new(responses, "200", json_pack("{s:s}", "description", "OK"));
    }
    return responses;
}

/* The schema files' operations and schemas (api_schemas.h) into doc:
 * NULL, or what is wrong (in a). */
static const char *apply_schema_files(struct vo_arena *a, json_t *doc)
{
    json_t *paths = json_object_get(doc, "paths");
    json_t *schemas = json_object_get(json_object_get(doc, "components"), "schemas");
    for (size_t i = 0; i < vo_schema_text_count; i++) {
        const struct vo_schema_text *f = &vo_schema_texts[i];
        json_error_t je;
        json_t *file = json_loads(f->text, JSON_REJECT_DUPLICATES, &je);
        if (!json_is_object(file)) {
            json_decref(file);
            return vo_arena_printf(a, "schemas/%s.json: line %d: %s", f->name, je.line, je.text);
        }
        json_object_update(schemas, json_object_get(file, "schemas"));
        const char *key;
        json_t *spec;
        json_object_foreach(json_object_get(file, "operations"), key, spec)
        {
            const char *sp = strchr(key, ' ');
            char method[8] = "";
            if (sp && (size_t)(sp - key) < sizeof method)
                for (size_t k = 0; k < (size_t)(sp - key); k++)
                    method[k] = (char)g_ascii_tolower(key[k]);
            json_t *op = sp ? json_object_get(json_object_get(paths, sp + 1), method) : NULL;
            if (!op) {
                json_decref(file);
                return vo_arena_printf(a, "schemas/%s.json: %s is not a route", f->name, key);
            }
            json_t *responses = json_object_get(op, "responses");
            const char *code;
            json_t *schema;
            const char *ctype = json_string_value(json_object_get(spec, "content_type"));
            json_object_foreach(json_object_get(spec, "responses"), code, schema)
            {
                json_t *old = json_object_get(responses, code);
                const char *what = json_string_value(json_object_get(old, "description"));
                bool ok = code[0] == '2';
                json_object_set_new(
                    responses, code,
                    json_pack("{s:s, s:{s:{s:O}}}", "description", what ? what : "OK", "content",
                              ok && ctype ? ctype : "application/json", "schema", schema));
            }
            /* a create that answers 201 answers no 200 */
            if (json_object_get(json_object_get(spec, "responses"), "201") &&
                !json_object_get(json_object_get(spec, "responses"), "200"))
                json_object_del(responses, "200");
            json_t *req = json_object_get(spec, "request");
            if (req)
                json_object_set_new(op, "requestBody",
                                    json_pack("{s:b, s:{s:{s:O}}}", "required", 1, "content",
                                              "application/json", "schema", req));
            if (json_is_true(json_object_get(spec, "no_json_body"))) {
                json_object_del(op, "requestBody");
                json_object_set_new(op, "x-no-json-body", json_true());
            }
        }
        json_decref(file);
    }
    return NULL;
}

vo_err api_openapi(struct vo_req *r)
{
    json_t *paths = json_object();
    json_t *tags = json_object(); /* the tags used, in order of first use */
    for (size_t i = 0; i < vo_route_count; i++) {
        const struct vo_route *rt = &vo_routes[i];
        json_t *item = json_object_get(paths, rt->path);
        if (!item) {
            item = json_object();
            json_object_set_new(paths, rt->path, item);
        }
        json_t *params = json_array();
        for (const char *p = strchr(rt->path, '{'); p; p = strchr(p + 1, '{')) {
            const char *e = strchr(p, '}');
            if (!e)
                break;
            char name[64];
            size_t n =
                (size_t)(e - p - 1) < sizeof name - 1 ? (size_t)(e - p - 1) : sizeof name - 1;
            memcpy(name, p + 1, n);
            name[n] = '\0';
            /* an object's {id} is an integer; {channel}, {month} (YYYY-MM)
             * and {token} are texts */
            json_t *type =
                strcmp(name, "id") == 0
                    ? json_pack("{s:s, s:s}", "type", "integer", "format", "int64")
                : strcmp(name, "month") == 0
                    ? json_pack("{s:s, s:s}", "type", "string", "pattern", "^[0-9]{4}-[0-9]{2}$")
                    : json_pack("{s:s}", "type", "string");
            json_array_append_new(params, json_pack("{s:s, s:s, s:b, s:o}", "name", name, "in",
                                                    "path", "required", 1, "schema", type));
        }
        add_query_params(params, rt);
        json_t *responses = responses_of(&r->arena, rt);
        const char *tag = tag_of(&r->arena, rt->path);
        const char *id = operation_id(&r->arena, rt);
        if (!tag || !id)
            return vo_error_set(&r->err, VO_ENOMEM, NULL, "cannot build the OpenAPI document");
        if (!json_object_get(tags, tag))
            json_object_set_new(tags, tag, json_true());
        json_t *op = json_pack("{s:s, s:s, s:[s], s:o, s:o, s:o}", "summary", rt->summary,
                               "operationId", id, "tags", tag, "parameters", params, "responses",
                               responses, "x-roles", roles_json(rt->roles));
        if (rt->roles == VO_R_PUBLIC)
            json_object_set_new(op, "security", json_array());
        else {
            json_object_set_new(responses, "401", error_response("Not signed in"));
            json_object_set_new(
                responses, "403",
                error_response("Your role or the API token's scope may not do this"));
            json_object_set_new(responses, "429",
                                error_response("Too many requests (the rate limit; Retry-After)"));
            /* the API token's scope the route needs (docs/api-session.md) */
            json_object_set_new(op, "x-scope", json_string(vo_scope_name(vo_route_scope(rt))));
            if (rt->method == VO_POST)
                json_array_append_new(
                    params,
                    json_pack("{s:s, s:s, s:b, s:s, s:{s:s, s:i, s:i}}", "name", "Idempotency-Key",
                              "in", "header", "required", 0, "description",
                              "Replays the first answer to a retry with the same key "
                              "(24 hours; docs/api-session.md)",
                              "schema", "type", "string", "minLength", 1, "maxLength",
                              VO_IDEM_KEY_MAX));
        }
        if (rt->method != VO_GET && rt->method != VO_DELETE) {
            json_object_set_new(responses, "400",
                                error_response("The body is not JSON (or not the form the route "
                                               "reads)"));
            json_object_set_new(responses, "413", error_response("The body is over the limit"));
            json_t *schema = vo_api_crm_body_schema(rt->method, rt->path);
            json_object_set_new(op, "requestBody",
                                json_pack("{s:b, s:{s:{s:o}}}", "required", schema != NULL,
                                          "content", "application/json", "schema",
                                          schema ? schema : json_pack("{s:s}", "type", "object")));
        }
        json_object_set_new(item, vo_http_method_key(rt->method), op);
    }
    json_t *doc = json_pack(
        "{s:s, s:{s:s, s:s, s:s}, s:o, s:{s:{s:{s:s, s:s, s:s}, s:{s:s, s:s}}, s:{s:{s:s, s:[s], "
        "s:{s:{s:s, s:[s, s, s, s, s], s:{s:{s:s}, s:{s:s}, s:{s:s, s:b}, s:{s:s, s:b, s:s}, "
        "s:{s:s, s:b, s:s}}}}}}}, s:[{s:[]}, {s:[]}]}",
        "openapi", "3.0.3", "info", "title", "voronka API", "version", "1", "description",
        "The sales department's CRM and control panel. Money is in minor units, "
        "instants in ISO 8601, ratios as fractions.",
        "paths", paths, "components", "securitySchemes", "cookie", "type", "apiKey", "in", "cookie",
        "name", "vo_session", "bearer", "type", "http", "scheme", "bearer", "schemas", "Error",
        "type", "object", "required", "error", "properties", "error", "type", "object", "required",
        "code", "message", "field", "message_id", "message_ru", "properties", "code", "type",
        "string", "message", "type", "string", "field", "type", "string", "nullable", 1,
        "message_id", "type", "string", "nullable", 1, "description",
        "the message's stable id (src/base/messages.c), null for a message without one",
        "message_ru", "type", "string", "nullable", 1, "description",
        "the message in Russian, null for a message without a Russian text", "security", "cookie",
        "bearer");
    json_t *tag_list = json_array();
    const char *name;
    json_t *unused;
    json_object_foreach(tags, name, unused)
    {
        (void)unused;
        json_array_append_new(
            tag_list,
            json_pack(
                "{s:s, s:s}", "name", name, "description",
                strcmp(name, "operations") == 0
                    ? "Probes and metrics at the root, for the operator (docs/OPERATIONS.md)"
                    : vo_arena_printf(&r->arena, "The %s resource and its operations", name)));
    }
    json_decref(tags);
    if (!doc) {
        json_decref(tag_list);
        return vo_error_set(&r->err, VO_ENOMEM, NULL, "cannot build the OpenAPI document");
    }
    json_t *schemas = json_object_get(json_object_get(doc, "components"), "schemas");
    vo_api_crm_schemas(schemas);
    json_object_set_new(schemas, "ImportReport", vo_api_import_report_schema());
    const char *bad = apply_schema_files(&r->arena, doc);
    if (bad) {
        json_decref(doc);
        json_decref(tag_list);
        return vo_error_set(&r->err, VO_EIO, NULL, "the OpenAPI document cannot be built: %s", bad);
    }
    json_object_set_new(doc, "tags", tag_list);
    /* the document describes the server that serves it */
    json_object_set_new(doc, "servers",
                        json_pack("[{s:s, s:s}]", "url", "/", "description",
                                  "this voronka server (the document's own origin)"));
    vo_req_json(r, 200, doc);
    return VO_OK;
}
