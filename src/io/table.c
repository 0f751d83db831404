/*
 * table.c - an export's file into an arena table, whichever of CSV,
 * .xlsx and Bitrix24's HTML ".xls" it is (xlsx.h), told by its bytes: a
 * file renamed, or a .xls that is HTML, reads the same. Bitrix24's .xls
 * is one <table> of an HTML page: libxml2's HTML parser (forgiving, as a
 * browser is, of the unclosed tags such pages have) reads it into a small
 * DOM, whose first row is the header. A binary Excel 97-2003 workbook
 * (OLE2) is refused: nothing maintained reads it, and Excel saves it as
 * .xlsx or CSV in two clicks.
 */
#include "io/xlsx.h"

#include <glib.h>
#include <libxml/HTMLparser.h>
#include <limits.h>
#include <string.h>
#include <zip.h>

enum { HEAD_MAX = 64 * 1024 };

static const unsigned char ole2_magic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

/* Whether the zip of len bytes holds a workbook's parts. */
static bool zip_is_workbook(const char *data, size_t len)
{
    zip_error_t zerr;
    zip_error_init(&zerr);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &zerr);
    zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY, &zerr) : NULL;
    zip_error_fini(&zerr);
    if (!za) {
        if (src)
            zip_source_free(src);
        return false;
    }
    bool yes = zip_name_locate(za, "[Content_Types].xml", 0) >= 0 &&
               zip_name_locate(za, "xl/workbook.xml", 0) >= 0;
    zip_discard(za);
    return yes;
}

enum vo_table_kind vo_table_kind_of(const char *data, size_t len)
{
    if (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0)
        return zip_is_workbook(data, len) ? VO_TABLE_XLSX : VO_TABLE_ZIP;
    if (len >= sizeof ole2_magic && memcmp(data, ole2_magic, sizeof ole2_magic) == 0)
        return VO_TABLE_BIFF;
    size_t i = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (i < len && g_ascii_isspace(data[i]))
        i++;
    return i < len && data[i] == '<' ? VO_TABLE_HTML : VO_TABLE_CSV;
}

bool vo_table_name(const char *name)
{
    return g_str_has_suffix(name, ".csv") || g_str_has_suffix(name, ".CSV") ||
           g_str_has_suffix(name, ".xlsx") || g_str_has_suffix(name, ".XLSX") ||
           g_str_has_suffix(name, ".xls") || g_str_has_suffix(name, ".XLS");
}

/* ---- the HTML table ---- */

static bool is_el(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && g_ascii_strcasecmp((const char *)n->name, name) == 0;
}

/* The first <table> under n, depth first. */
static const xmlNode *find_table(const xmlNode *n)
{
    for (; n; n = n->next) {
        if (is_el(n, "table"))
            return n;
        const xmlNode *t = find_table(n->children);
        if (t)
            return t;
    }
    return NULL;
}

/* Appends the <tr> rows of a table (directly, or in thead / tbody /
 * tfoot) to rows. */
static void table_rows(const xmlNode *table, GPtrArray *rows)
{
    for (const xmlNode *c = table->children; c; c = c->next) {
        if (is_el(c, "tr"))
            g_ptr_array_add(rows, (gpointer)c);
        else if (is_el(c, "thead") || is_el(c, "tbody") || is_el(c, "tfoot"))
            table_rows(c, rows);
    }
}

/* A cell's text, trimmed of white space and no-break spaces (&nbsp;), in
 * arena a; "" when empty, NULL when the arena refuses. */
static const char *cell_text(const xmlNode *td, struct vo_arena *a)
{
    xmlChar *raw = xmlNodeGetContent(td);
    const char *s = raw ? (const char *)raw : "";
    const char *end = s + strlen(s);
    for (;;) {
        if (s < end && g_ascii_isspace(*s))
            s++;
        else if (end - s >= 2 && memcmp(s, "\xC2\xA0", 2) == 0)
            s += 2;
        else
            break;
    }
    for (;;) {
        if (end > s && g_ascii_isspace(end[-1]))
            end--;
        else if (end - s >= 2 && memcmp(end - 2, "\xC2\xA0", 2) == 0)
            end -= 2;
        else
            break;
    }
    const char *out = vo_arena_strndup(a, s, (size_t)(end - s));
    xmlFree(raw);
    return out;
}

/* The cells of row tr into vals (arena strings): a colspan repeats
 * nothing, it leaves the columns it spans empty. */
static bool row_cells(const xmlNode *tr, GPtrArray *vals, struct vo_arena *a)
{
    g_ptr_array_set_size(vals, 0);
    for (const xmlNode *c = tr->children; c; c = c->next) {
        if (!is_el(c, "td") && !is_el(c, "th"))
            continue;
        const char *v = cell_text(c, a);
        if (!v)
            return false;
        g_ptr_array_add(vals, (gpointer)(*v ? v : NULL));
        xmlChar *span = xmlGetProp(c, BAD_CAST "colspan");
        long n = span ? strtol((const char *)span, NULL, 10) : 1;
        xmlFree(span);
        for (long i = 1; i < n && vals->len < VO_CSV_MAX_COLS + 1; i++)
            g_ptr_array_add(vals, NULL);
    }
    return true;
}

vo_err vo_xls_html_parse(const char *data, size_t len, const char *name, bool header_only,
                         struct vo_arena *a, struct vo_csv **out, struct vo_csv_notes *problems,
                         struct vo_error *e)
{
    if (len > INT_MAX)
        return vo_error_set(e, VO_ETOOBIG, NULL, "%s: too big for memory", name);
    bool utf8 = g_utf8_validate(data, (gssize)len, NULL);
    htmlDocPtr doc = htmlReadMemory(data, (int)len, name, utf8 ? "UTF-8" : "windows-1251",
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                        HTML_PARSE_NONET);
    const xmlNode *table = doc ? find_table(xmlDocGetRootElement(doc)) : NULL;
    if (!table) {
        xmlFreeDoc(doc);
        return vo_error_set(e, VO_EINVAL, NULL, "%s: an HTML file with no table to read", name);
    }
    GPtrArray *trs = g_ptr_array_new(), *vals = g_ptr_array_new();
    GArray *rows = g_array_new(FALSE, FALSE, sizeof(struct vo_csv_row));
    table_rows(table, trs);
    vo_err rc = VO_OK;
    struct vo_csv *t = VO_ARENA_NEW(a, struct vo_csv);
    if (!t || !(t->name = vo_arena_strdup(a, name))) {
        rc = vo_error_set(e, VO_ENOMEM, NULL, "out of memory reading %s", name);
        goto out;
    }
    t->target = t->name;
    t->delim = ',';
    t->encoding = utf8 ? "utf-8" : "cp1251";
    bool header_done = false;
    for (guint i = 0; i < trs->len && !rc; i++) {
        int64_t line = (int64_t)i + 1;
        if (!row_cells(g_ptr_array_index(trs, i), vals, a)) {
            rc = vo_error_set(e, VO_ENOMEM, NULL, "%s: too big for memory", name);
            break;
        }
        guint n = vals->len;
        while (n && !g_ptr_array_index(vals, n - 1))
            n--;
        if (n == 0)
            continue; /* a blank row */
        if (n > VO_CSV_MAX_COLS) {
            rc = vo_error_set(e, VO_EINVAL, NULL,
                              "%s:%lld: the header has %zu columns; a file has at most %d", name,
                              (long long)line, (size_t)n, VO_CSV_MAX_COLS);
            break;
        }
        if (!header_done) {
            header_done = true;
            t->ncols = n;
            if (!(t->cols = VO_ARENA_ARRAY(a, const char *, n)))
                rc = vo_error_set(e, VO_ENOMEM, NULL, "%s: too big for memory", name);
            for (guint c = 0; !rc && c < n; c++)
                t->cols[c] = g_ptr_array_index(vals, c) ? g_ptr_array_index(vals, c) : "";
            if (header_only)
                break;
            continue;
        }
        if (n > t->ncols)
            vo_csv_note_add(problems, a, t->name, line, NULL,
                            "the record has %zu fields, the header has %zu (a stray delimiter or "
                            "quote?)",
                            (size_t)n, t->ncols);
        struct vo_csv_row r = {.line = line};
        if (!(r.f = VO_ARENA_ARRAY(a, const char *, t->ncols))) {
            rc = vo_error_set(e, VO_ENOMEM, NULL, "%s: too big for memory", name);
            break;
        }
        for (guint c = 0; c < n && c < t->ncols; c++)
            r.f[c] = g_ptr_array_index(vals, c);
        g_array_append_val(rows, r);
    }
    if (!rc && !header_done)
        rc = vo_error_set(e, VO_EINVAL, NULL, "%s: the file is empty (no header line)", name);
    if (!rc) {
        t->nrows = rows->len;
        if (!(t->rows = VO_ARENA_ARRAY(a, struct vo_csv_row, rows->len ? rows->len : 1)))
            rc = vo_error_set(e, VO_ENOMEM, NULL, "%s: too big for memory", name);
        else if (rows->len)
            memcpy(t->rows, rows->data, rows->len * sizeof *t->rows);
    }
    if (!rc)
        *out = t;
out:
    g_ptr_array_free(trs, TRUE);
    g_ptr_array_free(vals, TRUE);
    g_array_free(rows, TRUE);
    xmlFreeDoc(doc);
    return rc;
}

/* ---- any of them ---- */

vo_err vo_table_read(const char *path, const char *name, const struct vo_csv_opts *o,
                     bool header_only, struct vo_arena *a, struct vo_csv **out,
                     struct vo_csv_notes *problems, struct vo_error *e)
{
    GError *gerr = NULL;
    GMappedFile *mf = g_mapped_file_new(path, FALSE, &gerr);
    if (!mf) {
        vo_err rc = vo_error_set(e, VO_EIO, NULL, "%s: %s", name, gerr->message);
        g_error_free(gerr);
        return rc;
    }
    const char *data = g_mapped_file_get_contents(mf);
    size_t len = g_mapped_file_get_length(mf);
    if (!data)
        data = "";
    vo_err rc = VO_OK;
    switch (vo_table_kind_of(data, len)) {
    case VO_TABLE_XLSX:
        rc = vo_xlsx_parse(data, len, name, header_only, a, out, problems, e);
        break;
    case VO_TABLE_HTML:
        rc = vo_xls_html_parse(data, len, name, header_only, a, out, problems, e);
        break;
    case VO_TABLE_BIFF:
        rc = vo_error_set(e, VO_EINVAL, NULL,
                          "%s: a binary Excel 97-2003 workbook (.xls): save it as .xlsx or CSV "
                          "and import that",
                          name);
        break;
    case VO_TABLE_ZIP:
        rc =
            vo_error_set(e, VO_EINVAL, NULL,
                         "%s: a zip archive, not a workbook: unpack it and import its files", name);
        break;
    case VO_TABLE_CSV:
        if (header_only) { /* the first line is the header (64 KiB at most) */
            const char *nl = memchr(data, '\n', len < HEAD_MAX ? len : HEAD_MAX);
            len = nl ? (size_t)(nl - data) + 1 : (len < HEAD_MAX ? len : HEAD_MAX);
        }
        rc = vo_csv_parse(data, len, name, o, a, out, problems, e);
        break;
    }
    g_mapped_file_unref(mf);
    return rc;
}
