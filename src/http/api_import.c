/*
 * api_import.c - POST /api/v1/import: the files of voronka's import format
 * (docs: IMPORT_FORMAT.md) as one JSON body
 *   {"files": {"users.csv": "name,email\n...", "deals.csv": "..."}}
 * run through the importer (service/config.h: vo_svc_import_files), all
 * or nothing; ?dry_run=1 checks everything and writes nothing.
 *
 * The route carries the server's import body limit, and for such routes
 * the router leaves the body unparsed (a future multipart form would not
 * be JSON), so the JSON is read here. Multipart and zip uploads are not
 * taken: parsing multipart by hand is writing an HTTP parser, and there is
 * no zip library among our dependencies; a browser reads the chosen files
 * and sends their text in this JSON.
 *
 * The answer is the summary per file and every problem with its file,
 * line and column: 200 when the import was written (or a clean dry run),
 * 422 when the input has problems (nothing written).
 */
#include "http/api.h"

#include <string.h>

#include "service/config.h"

static json_t *notes_json(const struct vo_csv_notes *l)
{
    json_t *a = json_array();
    for (size_t i = 0; i < l->n; i++) {
        const struct vo_csv_note *n = &l->v[i];
        json_array_append_new(a, json_pack("{s:s?, s:o, s:s?, s:s?}", "file", n->file, "line",
                                           n->line ? json_integer(n->line) : json_null(), "column",
                                           n->column, "message", n->msg));
    }
    return a;
}

static json_t *report_json(const struct vo_import_report *rep)
{
    json_t *files = json_array();
    int64_t created = 0, updated = 0, unchanged = 0;
    for (size_t i = 0; i < rep->nfiles; i++) {
        const struct vo_import_count *c = &rep->files[i];
        created += c->created;
        updated += c->updated;
        unchanged += c->unchanged;
        if (!c->present)
            continue;
        json_array_append_new(
            files, json_pack("{s:s, s:I, s:I, s:I, s:I}", "file", c->file, "rows",
                             (json_int_t)c->rows, "created", (json_int_t)c->created, "updated",
                             (json_int_t)c->updated, "unchanged", (json_int_t)c->unchanged));
    }
    return json_pack("{s:b, s:b, s:I, s:I, s:I, s:o, s:o, s:o}", "dry_run", rep->dry_run,
                     "committed", rep->committed, "created", (json_int_t)created, "updated",
                     (json_int_t)updated, "unchanged", (json_int_t)unchanged, "files", files,
                     "problems", notes_json(&rep->problems), "warnings",
                     notes_json(&rep->warnings));
}

vo_err api_import(struct vo_req *r)
{
    if (!r->raw_len)
        return vo_error_set(&r->err, VO_EINVAL, "files", "the body is {\"files\": {...}}");
    json_error_t je;
    json_t *body = json_loadb(r->raw, r->raw_len, JSON_REJECT_DUPLICATES, &je);
    if (!body)
        return vo_error_set(&r->err, VO_EUSAGE, NULL, "malformed JSON at line %d column %d: %s",
                            je.line, je.column, je.text);
    r->body = body; /* the request owns it from here */
    static const char *const fields[] = {"files", NULL};
    if (vo_req_body_fields(r, fields))
        return VO_EINVAL;
    json_t *files = json_object_get(r->body, "files");
    if (!json_is_object(files) || json_object_size(files) == 0)
        return vo_error_set(&r->err, VO_EINVAL, "files",
                            "files is an object {\"deals.csv\": \"<CSV text>\", ...}");
    size_t n = json_object_size(files), i = 0;
    struct vo_import_file *v = VO_ARENA_ARRAY(&r->arena, struct vo_import_file, n);
    if (!v)
        return vo_error_set(&r->err, VO_ENOMEM, NULL, "out of memory");
    const char *name;
    json_t *text;
    json_object_foreach(files, name, text)
    {
        if (!json_is_string(text))
            return vo_error_set(&r->err, VO_EINVAL, "files",
                                "files.\"%s\" must be the file's text (a string)", name);
        v[i++] = (struct vo_import_file){
            .name = name, .text = json_string_value(text), .len = json_string_length(text)};
    }
    const char *dry = vo_req_query(r, "dry_run");
    bool dry_run = dry && (strcmp(dry, "1") == 0 || strcmp(dry, "true") == 0);
    if (dry && !dry_run && strcmp(dry, "0") != 0 && strcmp(dry, "false") != 0)
        return vo_error_set(&r->err, VO_EINVAL, "dry_run", "dry_run is 1 or 0");
    struct vo_import_report rep;
    vo_err rc = vo_svc_import_files(&r->svc, v, n, dry_run, &rep, &r->err);
    if (rc == VO_OK || (rc == VO_EINVAL && rep.problems.n)) {
        vo_req_json(r, rc ? 422 : 200, report_json(&rep));
        return VO_OK;
    }
    return rc;
}
