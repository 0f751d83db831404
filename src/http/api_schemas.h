/*
 * api_schemas.h - the OpenAPI schemas of the routes whose handlers check
 * their input in code rather than from a table (api_crm.c's FIELDS and
 * JSON_FIELDS describe the CRM's; api_import.c the import's): the files
 * src/http/schemas/NAME.json, embedded as C arrays at build time by
 * scripts/cmake/embed_json.cmake, merged into the document by api_meta.c.
 *
 * A file is {"schemas": {NAME: schema, ...}, "operations": {"METHOD
 * /api/v1/path": {"request": schema, "responses": {"200": schema, ...},
 * "no_json_body": true, "content_type": "text/plain"}, ...}}: named
 * schemas go to components.schemas; an operation's request is its
 * requestBody, each response the JSON its status answers (content_type:
 * what the success answers instead of JSON); no_json_body marks a route
 * that reads no body. An operation that is not a route of the table, or a
 * file that is not JSON, fails the document (500), so a renamed route
 * cannot keep a stale schema. The unit tests' every exchange is validated
 * against the result (tests/openapi/responses.mjs), and every operation
 * must have one (tests/openapi/complete.mjs).
 */
#ifndef VO_HTTP_API_SCHEMAS_H
#define VO_HTTP_API_SCHEMAS_H

#include <stddef.h>

struct vo_schema_text {
    const char *name; /* the file's stem */
    const char *text;
};
extern const struct vo_schema_text vo_schema_texts[];
extern const size_t vo_schema_text_count;

#endif
