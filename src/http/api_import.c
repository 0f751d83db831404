/*
 * api_import.c - POST /api/v1/import: the files of voronka's import format
 * (docs: IMPORT_FORMAT.md) as one JSON body
 *   {"files": {"users.csv": "name,email\n...", "deals.csv": "..."}}
 * run through the importer (service/config.h: vo_svc_import_files), all
 * or nothing; ?dry_run=1 checks everything and writes nothing. Files that
 * are another CRM's export (any *.csv name) are read by the built-in preset
 * their headers fit, or by ?preset=NAME (docs/import.md, "Presets").
 *
 * or, the way a browser form or `curl -F` sends them, as
 * multipart/form-data (each part a CSV file, an .xlsx workbook or a
 * Bitrix24 .xls, or a .zip of them), or as one zip archive
 * (Content-Type: application/zip). An .xlsx is itself a zip: a zip holding
 * [Content_Types].xml and xl/workbook.xml is a workbook, read as one file,
 * not unpacked. libmicrohttpd's post
 * processor parses the multipart body and libzip reads archives: nothing
 * here parses either format by hand. An archive may not unpack to more
 * than the server's import limit (a zip bomb gets 413).
 *
 * The route carries the server's import body limit, and for such routes
 * the server writes the body to a temporary file as it arrives (server.c,
 * spool.c) and leaves it unparsed, so it is read here from that file's
 * mapping; the files unpacked from a form or an archive go to temporary
 * files too, and are read from their mappings: an import holds no copy of
 * its upload on the heap.
 *
 * The answer is the summary per file and every problem with its file,
 * line and column: 200 when the import was written (or a clean dry run),
 * 422 when the input has problems (nothing written). ?skip_invalid=1 makes
 * it a partial import: the valid rows are written (200), the rejected ones
 * listed with the rejects files' text (rejects_json; lang=en: their
 * messages in English); 422 when no row could be imported.
 */
#include "http/api.h"
#include "http/metrics.h"

#include <microhttpd.h>
#include <string.h>
#include <zip.h>

#include "base/messages.h"
#include "http/http_int.h"
#include "service/config.h"
#include "service/import_detect.h"
#include "service/import_path.h"

/* A file collected from a multipart body or an archive: its bytes are
 * len bytes at off of the upload's spool number `spool`. */
struct part {
    char *name;
    int spool;
    size_t off, len;
    bool archive; /* a .zip of files, unpacked in its place (not a workbook) */
};

/* The files collected from a multipart body or an archive: the file parts
 * of a form in spool[0], the CSV files unpacked from archives in
 * spool[1]. */
struct upload {
    struct vo_req *r;
    GArray *parts; /* struct part */
    struct vo_spool spool[2];
    size_t total, limit;
    bool too_big;
    bool failed;     /* a temporary file could not be written (r->err) */
    const char *bad; /* a problem to report, static text */
};

static void upload_free(struct upload *u)
{
    if (u->parts) {
        for (guint i = 0; i < u->parts->len; i++)
            g_free(g_array_index(u->parts, struct part, i).name);
        g_array_free(u->parts, TRUE);
    }
    vo_spool_close(&u->spool[0]);
    vo_spool_close(&u->spool[1]);
}

/* The base name of a path inside an archive or a form ("dir/deals.csv"). */
static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    const char *b = strrchr(p, '\\');
    if (b && (!s || b > s))
        s = b;
    return s ? s + 1 : p;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && g_ascii_strcasecmp(s + n - m, suffix) == 0;
}

static struct part *add_file(struct upload *u, const char *name, int spool)
{
    struct part p = {g_strdup(base_name(name)), spool, u->spool[spool].len, 0, false};
    g_array_append_val(u->parts, p);
    return &g_array_index(u->parts, struct part, u->parts->len - 1);
}

/* Appends data to the current file of spool. */
static bool put(struct upload *u, struct part *p, const char *data, size_t n)
{
    if (vo_spool_write(&u->spool[p->spool], data, n, &u->r->err)) {
        u->failed = true;
        return false;
    }
    p->len += n;
    u->total += n;
    return true;
}

/* Unpacks the .csv, .xlsx and .xls entries of a zip (mapped from its
 * file) to spool[1]. */
static void unzip(struct upload *u, const char *buf, size_t len)
{
    zip_error_t zerr;
    zip_error_init(&zerr);
    zip_source_t *src = zip_source_buffer_create(buf, len, 0, &zerr);
    zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY, &zerr) : NULL;
    if (!za) {
        if (src)
            zip_source_free(src);
        zip_error_fini(&zerr);
        u->bad = VO_MSG("the archive is not a zip file that can be read");
        return;
    }
    zip_int64_t n = zip_get_num_entries(za, 0);
    for (zip_int64_t i = 0; i < n && !u->too_big && !u->bad && !u->failed; i++) {
        zip_stat_t zs;
        if (zip_stat_index(za, (zip_uint64_t)i, 0, &zs) != 0 || !(zs.valid & ZIP_STAT_NAME) ||
            !vo_svc_import_table_name(zs.name))
            continue;
        if ((zs.valid & ZIP_STAT_SIZE) && zs.size > u->limit - u->total) {
            u->too_big = true;
            break;
        }
        zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)i, 0);
        if (!zf) {
            u->bad = VO_MSG("an entry of the archive cannot be read");
            break;
        }
        struct part *p = add_file(u, zs.name, 1);
        char chunk[65536];
        zip_int64_t got;
        while ((got = zip_fread(zf, chunk, sizeof chunk)) > 0) {
            /* Count what really comes out, not what the header claims. */
            if ((size_t)got > u->limit - u->total) {
                u->too_big = true;
                break;
            }
            if (!put(u, p, chunk, (size_t)got))
                break;
        }
        if (got < 0)
            u->bad = VO_MSG("an entry of the archive is damaged");
        zip_fclose(zf);
    }
    zip_close(za);
    zip_error_fini(&zerr);
}

static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *filename, const char *content_type,
                               const char *transfer_encoding, const char *data, uint64_t off,
                               size_t size)
{
    (void)kind;
    (void)key;
    (void)content_type;
    (void)transfer_encoding;
    struct upload *u = cls;
    if (!filename)
        return MHD_YES; /* a plain form field */
    if (size > u->limit - u->total) {
        u->too_big = true;
        return MHD_NO;
    }
    struct part *p = NULL;
    if (off == 0)
        p = add_file(u, filename, 0);
    else if (u->parts->len)
        p = &g_array_index(u->parts, struct part, u->parts->len - 1);
    if (!p || !put(u, p, data, size))
        return MHD_NO;
    return MHD_YES;
}

static json_t *notes_json(const struct vo_csv_notes *l)
{
    json_t *a = json_array();
    for (size_t i = 0; i < l->n; i++) {
        const struct vo_csv_note *n = &l->v[i];
        json_array_append_new(a, json_pack("{s:s?, s:o, s:s?, s:s?, s:s?, s:s?}", "file", n->file,
                                           "line", n->line ? json_integer(n->line) : json_null(),
                                           "column", n->column, "message", n->msg, "message_id",
                                           n->id, "message_ru", n->msg_ru));
    }
    return a;
}

/* A partial import's rejects (docs/import.md, "Partial imports"): the
 * count per file and in all, the first REJECTS_SHOWN rejected rows with
 * their first problem, and every rejects file's text by its name, the
 * shape of the request's "files" (fix them, post them back). */
enum { REJECTS_SHOWN = 1000 };

static void rejects_json(const struct vo_import_report *rep, json_t *o, bool ru)
{
    json_t *files = json_object_get(o, "files");
    size_t k = 0;
    for (size_t i = 0; i < rep->nfiles; i++) {
        if (!rep->files[i].present)
            continue;
        json_object_set_new(json_array_get(files, k++), "rejected",
                            json_integer((json_int_t)rep->files[i].rejected));
    }
    json_t *rows = json_array();
    for (size_t i = 0; i < rep->nrejects && i < REJECTS_SHOWN; i++) {
        const struct vo_import_reject *j = &rep->rejects[i];
        json_array_append_new(rows,
                              json_pack("{s:s, s:I, s:s?, s:s?, s:s?, s:s?}", "file", j->file,
                                        "line", (json_int_t)j->line, "field", j->field, "code",
                                        j->code, "message", j->msg, "message_ru", j->msg_ru));
    }
    json_t *texts = json_object();
    for (size_t i = 0; i < rep->nreject_files; i++) {
        size_t len = 0;
        char *text = vo_import_rejects_csv(&rep->reject_files[i], ru, &len);
        json_object_set_new(texts, rep->reject_files[i].file, json_stringn(text, len));
        g_free(text);
    }
    json_object_set_new(o, "rejected", json_integer((json_int_t)rep->nrejects));
    json_object_set_new(o, "rejected_rows", rows);
    json_object_set_new(o, "rejected_rows_truncated", json_boolean(rep->nrejects > REJECTS_SHOWN));
    json_object_set_new(o, "rejects_files", texts);
}

/* How a mapping (a preset) read the export (docs/import.md, "Nothing is
 * dropped silently"): each source file's rows read, produced, skipped and
 * merged per target file, and the rows its skip rules declined, each
 * group with its reason in the reader's language and its first
 * SKIP_LINES_SHOWN line numbers. */
enum { SKIP_LINES_SHOWN = 200 };

static json_t *mapping_json(const struct vo_map_result *m, bool ru)
{
    json_t *sources = json_array(), *skipped = json_array();
    for (size_t i = 0; i < m->nsources; i++) {
        const struct vo_map_source *s = &m->sources[i];
        json_array_append_new(sources,
                              json_pack("{s:s, s:s, s:I, s:I, s:I, s:I}", "file", s->file, "target",
                                        s->target, "read", (json_int_t)s->read, "produced",
                                        (json_int_t)s->produced, "skipped", (json_int_t)s->skipped,
                                        "merged", (json_int_t)s->merged));
    }
    for (size_t i = 0; i < m->nskips; i++) {
        const struct vo_map_group *g = &m->skips[i];
        if (!g->n)
            continue;
        json_t *reason =
            g->reason ? json_string(ru && g->reason_ru ? g->reason_ru : g->reason)
            : g->equals
                ? json_sprintf(vo_message_tr("column %s is \"%s\"", ru), g->watch, g->equals)
                : json_sprintf(vo_message_tr("column %s is empty", ru), g->watch);
        json_t *lines = json_array();
        for (size_t k = 0; k < g->n && k < SKIP_LINES_SHOWN; k++)
            json_array_append_new(lines, json_integer((json_int_t)g->lines[k]));
        json_array_append_new(skipped,
                              json_pack("{s:s, s:I, s:o, s:o, s:b}", "file", g->file, "rows",
                                        (json_int_t)g->n, "reason", reason, "lines", lines,
                                        "lines_truncated", g->n > SKIP_LINES_SHOWN));
    }
    return json_pack("{s:o, s:o}", "sources", sources, "skipped", skipped);
}

/* The matching of deals.csv's stages and owners with the org (service/
 * import.h: vo_import_stage, vo_import_user). */
static json_t *stages_json(const struct vo_import_report *rep)
{
    json_t *a = json_array();
    for (size_t i = 0; i < rep->nstages; i++) {
        const struct vo_import_stage *s = &rep->stages[i];
        json_array_append_new(
            a, json_pack("{s:s, s:s?, s:s, s:I, s:s, s:o, s:s?}", "pipeline", s->pipeline, "stage",
                         s->stage, "status", s->status, "deals", (json_int_t)s->deals, "match",
                         vo_import_match_key(s->match), "stage_id",
                         s->stage_id ? json_integer((json_int_t)s->stage_id) : json_null(),
                         "stage_name", s->stage_name));
    }
    return a;
}

static json_t *users_json(const struct vo_import_report *rep)
{
    json_t *a = json_array();
    for (size_t i = 0; i < rep->nusers; i++) {
        const struct vo_import_user *u = &rep->users[i];
        json_array_append_new(
            a, json_pack("{s:s, s:I, s:s, s:o, s:s?}", "owner", u->owner, "deals",
                         (json_int_t)u->deals, "match", vo_import_match_key(u->match), "user_id",
                         u->user_id ? json_integer((json_int_t)u->user_id) : json_null(),
                         "user_name", u->user_name));
    }
    return a;
}

static json_t *report_json(const struct vo_import_report *rep, bool ru)
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
    json_t *o =
        json_pack("{s:b, s:b, s:I, s:I, s:I, s:o, s:o, s:o}", "dry_run", rep->dry_run, "committed",
                  rep->committed, "created", (json_int_t)created, "updated", (json_int_t)updated,
                  "unchanged", (json_int_t)unchanged, "files", files, "problems",
                  notes_json(&rep->problems), "warnings", notes_json(&rep->warnings));
    /* the problems past the first VO_IMPORT_MAX_PROBLEMS are only counted */
    json_object_set_new(o, "problems_total",
                        json_integer((json_int_t)(rep->problems.n + rep->problems.more)));
    json_object_set_new(o, "stages", stages_json(rep));
    json_object_set_new(o, "users", users_json(rep));
    if (rep->skip_invalid)
        rejects_json(rep, o, ru);
    if (rep->map_name) /* read through a mapping: how */
        json_object_set_new(o, "mapping", mapping_json(&rep->map, ru));
    if (rep->preset) /* an export read by a preset: which, and its name */
        json_object_update_new(o, json_pack("{s:s, s:s, s:b}", "preset", rep->preset, "preset_name",
                                            ru ? rep->map_name_ru : rep->map_name,
                                            "preset_detected", rep->detected));
    return o;
}

/* The report's schema (report_json's members; the rejects and the
 * preset's members of a run that has them come beside these). */
static const char REPORT_SCHEMA[] =
    "{\"type\": \"object\","
    " \"required\": [\"dry_run\", \"committed\", \"created\", \"updated\", \"unchanged\","
    "   \"files\", \"problems\", \"warnings\", \"stages\", \"users\"],"
    " \"properties\": {"
    "  \"dry_run\": {\"type\": \"boolean\"}, \"committed\": {\"type\": \"boolean\"},"
    "  \"created\": {\"type\": \"integer\", \"format\": \"int64\"}, \"updated\": {\"type\": "
    "\"integer\", \"format\": \"int64\"},"
    "  \"unchanged\": {\"type\": \"integer\", \"format\": \"int64\"},"
    "  \"files\": {\"type\": \"array\", \"items\": {\"type\": \"object\","
    "   \"required\": [\"file\", \"rows\", \"created\", \"updated\", \"unchanged\"],"
    "   \"properties\": {\"file\": {\"type\": \"string\"}, \"rows\": {\"type\": \"integer\", "
    "\"format\": \"int64\"},"
    "    \"created\": {\"type\": \"integer\", \"format\": \"int64\"}, \"updated\": {\"type\": "
    "\"integer\", \"format\": \"int64\"},"
    "    \"unchanged\": {\"type\": \"integer\", \"format\": \"int64\"}}}},"
    "  \"problems\": {\"type\": \"array\", \"items\": {\"type\": \"object\"}, "
    "\"description\": \"the first 1000 problems (all of a partial import's)\"},"
    "  \"problems_total\": {\"type\": \"integer\", \"format\": \"int64\", "
    "\"description\": \"every problem found, those past the first 1000 only counted\"},"
    "  \"warnings\": {\"type\": \"array\", \"items\": {\"type\": \"object\"}},"
    "  \"stages\": {\"type\": \"array\", \"description\": \"deals.csv's deals by pipeline, "
    "stage and status: the org's stage they land in (existing), a stage the import creates "
    "(created) or none (unmatched: those rows are problems)\","
    "   \"items\": {\"type\": \"object\","
    "   \"required\": [\"pipeline\", \"stage\", \"status\", \"deals\", \"match\", "
    "\"stage_id\", \"stage_name\"],"
    "   \"properties\": {\"pipeline\": {\"type\": \"string\"},"
    "    \"stage\": {\"type\": \"string\", \"nullable\": true},"
    "    \"status\": {\"type\": \"string\", \"enum\": [\"open\", \"won\", \"lost\"]},"
    "    \"deals\": {\"type\": \"integer\", \"format\": \"int64\"},"
    "    \"match\": {\"type\": \"string\", \"enum\": [\"existing\", \"created\", "
    "\"unmatched\"]},"
    "    \"stage_id\": {\"type\": \"integer\", \"format\": \"int64\", \"nullable\": true},"
    "    \"stage_name\": {\"type\": \"string\", \"nullable\": true}}}},"
    "  \"users\": {\"type\": \"array\", \"description\": \"deals.csv's deals by owner: the "
    "org's user (existing), a user the import creates (created) or none (unmatched)\","
    "   \"items\": {\"type\": \"object\","
    "   \"required\": [\"owner\", \"deals\", \"match\", \"user_id\", \"user_name\"],"
    "   \"properties\": {\"owner\": {\"type\": \"string\"},"
    "    \"deals\": {\"type\": \"integer\", \"format\": \"int64\"},"
    "    \"match\": {\"type\": \"string\", \"enum\": [\"existing\", \"created\", "
    "\"unmatched\"]},"
    "    \"user_id\": {\"type\": \"integer\", \"format\": \"int64\", \"nullable\": true},"
    "    \"user_name\": {\"type\": \"string\", \"nullable\": true}}}},"
    "  \"mapping\": {\"type\": \"object\", \"description\": \"an export read through a "
    "mapping or a preset: each source file's rows read, produced, skipped and merged per "
    "target file, and the rows the mapping's skip rules declined (first 200 lines per "
    "group)\","
    "   \"required\": [\"sources\", \"skipped\"],"
    "   \"properties\": {\"sources\": {\"type\": \"array\", \"items\": {\"type\": "
    "\"object\","
    "     \"required\": [\"file\", \"target\", \"read\", \"produced\", \"skipped\", "
    "\"merged\"],"
    "     \"properties\": {\"file\": {\"type\": \"string\"}, \"target\": {\"type\": "
    "\"string\"},"
    "      \"read\": {\"type\": \"integer\", \"format\": \"int64\"},"
    "      \"produced\": {\"type\": \"integer\", \"format\": \"int64\"},"
    "      \"skipped\": {\"type\": \"integer\", \"format\": \"int64\"},"
    "      \"merged\": {\"type\": \"integer\", \"format\": \"int64\"}}}},"
    "    \"skipped\": {\"type\": \"array\", \"items\": {\"type\": \"object\","
    "     \"required\": [\"file\", \"rows\", \"reason\", \"lines\", "
    "\"lines_truncated\"],"
    "     \"properties\": {\"file\": {\"type\": \"string\"},"
    "      \"rows\": {\"type\": \"integer\", \"format\": \"int64\"},"
    "      \"reason\": {\"type\": \"string\"},"
    "      \"lines\": {\"type\": \"array\", \"items\": {\"type\": \"integer\", "
    "\"format\": \"int64\"}},"
    "      \"lines_truncated\": {\"type\": \"boolean\"}}}}}}}}";

/* What POST /api/v1/import answers: the report, 200 when it committed or
 * ran dry, 422 when problems stopped it (or the error body of a bad
 * request). */
static const char RESPONSES[] =
    "{\"200\": {\"description\": \"Imported, or checked (dry_run): the report\","
    "  \"content\": {\"application/json\": {\"schema\":"
    "   {\"$ref\": \"#/components/schemas/ImportReport\"}}}},"
    " \"422\": {\"description\": \"Nothing imported: the report's problems, or an invalid "
    "request\","
    "  \"content\": {\"application/json\": {\"schema\": {\"oneOf\": ["
    "   {\"$ref\": \"#/components/schemas/ImportReport\"},"
    "   {\"$ref\": \"#/components/schemas/Error\"}]}}}}}";

json_t *vo_api_import_report_schema(void)
{
    return json_loads(REPORT_SCHEMA, 0, NULL);
}

/* What GET /api/v1/import/presets answers. */
static const char PRESETS_RESPONSES[] =
    "{\"200\": {\"description\": \"The built-in presets (?preset=NAME of the import)\","
    "  \"content\": {\"application/json\": {\"schema\": {\"type\": \"object\","
    "   \"required\": [\"items\"], \"properties\": {\"items\": {\"type\": \"array\","
    "    \"items\": {\"type\": \"object\", \"required\": [\"name\", \"title\", \"title_ru\"],"
    "     \"properties\": {\"name\": {\"type\": \"string\"}, \"title\": {\"type\": "
    "\"string\"}, \"title_ru\": {\"type\": \"string\"}}}}}}}}}}";

bool vo_api_import_responses(const struct vo_route *rt, json_t *responses)
{
    if (rt->handler == api_import_presets) {
        json_t *own = json_loads(PRESETS_RESPONSES, 0, NULL);
        json_object_update(responses, own);
        json_decref(own);
        return true;
    }
    if (rt->handler != api_import)
        return false;
    json_t *own = json_loads(RESPONSES, 0, NULL);
    json_object_update(responses, own);
    json_decref(own);
    return true;
}

/* Runs the import over the collected files and answers. */
static vo_err run_import(struct vo_req *r, struct vo_import_file *v, size_t n)
{
    const char *dry = vo_req_query(r, "dry_run");
    bool dry_run = dry && (strcmp(dry, "1") == 0 || strcmp(dry, "true") == 0);
    if (dry && !dry_run && strcmp(dry, "0") != 0 && strcmp(dry, "false") != 0)
        return vo_error_set(&r->err, VO_EINVAL, "dry_run", "dry_run is 1 or 0");
    const char *skip = vo_req_query(r, "skip_invalid");
    bool skip_invalid = skip && (strcmp(skip, "1") == 0 || strcmp(skip, "true") == 0);
    if (skip && !skip_invalid && strcmp(skip, "0") != 0 && strcmp(skip, "false") != 0)
        return vo_error_set(&r->err, VO_EINVAL, "skip_invalid", "skip_invalid is 1 or 0");
    const char *lang = vo_req_query(r, "lang");
    if (lang && strcmp(lang, "ru") != 0 && strcmp(lang, "en") != 0)
        return vo_error_set(&r->err, VO_EINVAL, "lang", "lang is ru or en");
    const char *preset = vo_req_query(r, "preset");
    struct vo_import_report rep;
    vo_err rc = vo_svc_import_files(&r->svc, v, n, dry_run, skip_invalid,
                                    preset && *preset ? preset : NULL, &rep, &r->err);
    if (rc == VO_OK || (rc == VO_EINVAL && rep.problems.n)) {
        int64_t rows[3] = {0, 0, 0};
        for (size_t i = 0; i < rep.nfiles; i++) {
            rows[0] += rep.files[i].created;
            rows[1] += rep.files[i].updated;
            rows[2] += rep.files[i].unchanged;
        }
        vo_metrics_import(r->srv->metrics,
                          rc              ? 2
                          : rep.committed ? 0
                                          : 1,
                          rows[0], rows[1], rows[2]);
        vo_req_json(r, rc ? 422 : 200, report_json(&rep, !lang || strcmp(lang, "ru") == 0));
        return VO_OK;
    }
    return rc;
}

/* multipart/form-data or application/zip: the files through the libraries. */
static vo_err import_upload(struct vo_req *r, bool multipart)
{
    struct upload u = {.r = r,
                       .parts = g_array_new(FALSE, FALSE, sizeof(struct part)),
                       .limit = r->srv->opts.import_limit};
    const char *base[2] = {"", ""};
    vo_err rc = VO_OK;
    if ((rc = vo_spool_open(&u.spool[0], &r->err)) || (rc = vo_spool_open(&u.spool[1], &r->err)))
        goto out;
    if (multipart) {
        struct MHD_PostProcessor *pp = MHD_create_post_processor(r->conn, 64 * 1024, on_part, &u);
        if (!pp) {
            rc = vo_error_set(&r->err, VO_EUSAGE, "files",
                              "the multipart body has no boundary in its Content-Type");
            goto out;
        }
        if (MHD_post_process(pp, r->raw, r->raw_len) != MHD_YES && !u.too_big && !u.failed)
            u.bad = VO_MSG("the multipart body cannot be read");
        MHD_destroy_post_processor(pp);
        /* A .zip among the parts is unpacked in its place, unless it is a
         * workbook (an .xlsx is a zip too: told by its parts). */
        if (!u.too_big && !u.bad && !u.failed &&
            (rc = vo_spool_map(&u.spool[0], &base[0], &r->err)))
            goto out;
        guint nparts = u.parts->len;
        for (guint i = 0; i < nparts && !u.too_big && !u.bad && !u.failed; i++) {
            struct part *p = &g_array_index(u.parts, struct part, i);
            if (!ends_with(p->name, ".zip"))
                continue;
            if (vo_svc_import_is_workbook(base[0] + p->off, p->len)) {
                char *named = g_strdup_printf("%.*s.xlsx", (int)(strlen(p->name) - 4), p->name);
                g_free(p->name);
                p->name = named;
                continue;
            }
            p->archive = true;
            struct part copy = *p; /* unzip appends to u.parts */
            unzip(&u, base[0] + copy.off, copy.len);
        }
    } else if (vo_svc_import_is_workbook(r->raw, r->raw_len)) {
        /* The body is itself a workbook, not an archive of files. */
        struct part *p = add_file(&u, "upload.xlsx", 1);
        put(&u, p, r->raw, r->raw_len);
    } else {
        unzip(&u, r->raw, r->raw_len);
    }
    if (u.failed) {
        rc = r->err.code;
        goto out;
    }
    if (u.too_big) {
        rc = vo_error_set(&r->err, VO_ETOOBIG, "files", "the files unpack to more than %zu bytes",
                          u.limit);
        goto out;
    }
    if (u.bad) {
        rc = vo_error_set(&r->err, VO_EINVAL, "files", "%s", u.bad);
        goto out;
    }
    if ((rc = vo_spool_map(&u.spool[0], &base[0], &r->err)) ||
        (rc = vo_spool_map(&u.spool[1], &base[1], &r->err)))
        goto out;
    size_t n = 0;
    struct vo_import_file *v = VO_ARENA_ARRAY(&r->arena, struct vo_import_file, u.parts->len + 1);
    for (guint i = 0; v && i < u.parts->len; i++) {
        struct part p = g_array_index(u.parts, struct part, i);
        if (p.archive)
            continue;
        v[n++] = (struct vo_import_file){.name = vo_arena_strdup(&r->arena, p.name),
                                         .text = base[p.spool] + p.off,
                                         .len = p.len};
    }
    if (!v) {
        rc = vo_error_set(&r->err, VO_ENOMEM, NULL, "out of memory");
        goto out;
    }
    if (n == 0) {
        rc = vo_error_set(&r->err, VO_EINVAL, "files", "no .csv, .xlsx or .xls file in the upload");
        goto out;
    }
    rc = run_import(r, v, n);
out:
    upload_free(&u);
    return rc;
}

vo_err api_import(struct vo_req *r)
{
    if (!r->raw_len)
        return vo_error_set(&r->err, VO_EINVAL, "files", "the body is {\"files\": {...}}");
    const char *ct = r->content_type ? r->content_type : "";
    if (g_ascii_strncasecmp(ct, "multipart/form-data", 19) == 0)
        return import_upload(r, true);
    if (g_ascii_strncasecmp(ct, "application/zip", 15) == 0)
        return import_upload(r, false);
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
    return run_import(r, v, n);
}

vo_err api_import_presets(struct vo_req *r)
{
    struct vo_import_preset_info *v = NULL;
    size_t n = 0;
    vo_err rc = vo_svc_import_presets(&r->arena, &v, &n, &r->err);
    if (rc)
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, json_pack("{s:s, s:s, s:s}", "name", v[i].name, "title",
                                               v[i].title, "title_ru", v[i].title_ru));
    vo_req_json(r, 200, json_pack("{s:o}", "items", items));
    return VO_OK;
}
