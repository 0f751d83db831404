/*
 * xlsx.c - an .xlsx workbook's sheet into an arena table (xlsx.h).
 *
 * Debian 12 has no maintained C reader of .xlsx, and the format is a zip
 * of XML parts: libzip opens the zip, libxml2 parses the parts. The small
 * ones (xl/workbook.xml, its relationships, xl/styles.xml) are parsed
 * whole; the sheet and xl/sharedStrings.xml, which grow with the rows, are
 * streamed through xmlTextReader straight from the inflating entry, so a
 * 200k-row sheet is never a DOM in memory. Every part's unpacked size is
 * checked against VO_XLSX_MAX_PART before a byte is inflated, and the bytes
 * read are counted against the size the zip declares (a zip bomb lying
 * about its sizes stops there too).
 *
 * A cell's text is what the CSV Excel saves would hold, except dates: a
 * number whose style (xl/styles.xml cellXfs -> numFmtId) is a built-in
 * date or time format (14-22, 45-47) or a custom one with d, m, y, h or s
 * outside quotes and brackets is an Excel serial date (days since
 * 1899-12-30, Lotus's 1900-02-29 counted below day 61; since 1904-01-01
 * when workbookPr says date1904) and becomes the import format's text,
 * "2024-03-05" or "2024-03-05 14:00:00". Shared strings' rich text runs
 * are concatenated (phonetic runs left out), booleans are TRUE / FALSE, a
 * formula gives its cached value, cells missing from a sparse row (r="C5"
 * after A5) are empty, and a row's line is its number in the sheet.
 */
#include "io/xlsx.h"

#include <glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "base/timeutil.h"

/* The most bytes the workbook's small parts (workbook.xml, its
 * relationships, styles.xml) may unpack to: they are parsed whole. */
enum { SMALL_PART_MAX = 16 * 1024 * 1024 };

/* What a cell's number format makes of its number. */
enum fmt_kind { FMT_NUMBER, FMT_DATE, FMT_DATETIME, FMT_TIME };

static const int xml_opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;

struct book {
    const char *name; /* the file, for messages */
    zip_t *za;
    struct vo_arena *a;
    struct vo_error *e;
    bool d1904;
    unsigned char *xf; /* [nxf]: enum fmt_kind of each cellXfs style */
    size_t nxf;
    const char **sst; /* shared strings */
    size_t nsst, capsst;
};

/* ---- the zip's parts ---- */

/* A part being inflated, as xmlTextReader's input. */
struct part_in {
    zip_file_t *zf;
    size_t read, limit;
    bool over; /* more bytes than the zip declared */
};

static int part_read(void *ctx, char *buf, int len)
{
    struct part_in *p = ctx;
    zip_int64_t n = zip_fread(p->zf, buf, (zip_uint64_t)len);
    if (n < 0)
        return -1;
    p->read += (size_t)n;
    if (p->read > p->limit) {
        p->over = true;
        return -1;
    }
    return (int)n;
}

static int part_close(void *ctx)
{
    (void)ctx;
    return 0;
}

/* Opens the part at path into p, its size checked against max. VO_ENOTFOUND
 * (no message) when the workbook has no such part. */
static vo_err part_open(struct book *b, const char *path, size_t max, struct part_in *p)
{
    memset(p, 0, sizeof *p);
    zip_int64_t idx = zip_name_locate(b->za, path, 0);
    if (idx < 0)
        return VO_ENOTFOUND;
    zip_stat_t st;
    if (zip_stat_index(b->za, (zip_uint64_t)idx, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
        return vo_error_set(b->e, VO_EINVAL, NULL,
                            "%s: not a workbook that can be read (a damaged .xlsx?)", b->name);
    if (st.size > max)
        return vo_error_set(b->e, VO_ETOOBIG, NULL,
                            "%s: %s unpacks to %llu bytes; a part of a workbook may have at most "
                            "%zu",
                            b->name, path, (unsigned long long)st.size, max);
    p->zf = zip_fopen_index(b->za, (zip_uint64_t)idx, 0);
    if (!p->zf)
        return vo_error_set(b->e, VO_EINVAL, NULL,
                            "%s: not a workbook that can be read (a damaged .xlsx?)", b->name);
    p->limit = (size_t)st.size;
    return VO_OK;
}

static vo_err bad_xml(struct book *b, const char *path, const struct part_in *p)
{
    if (p->over)
        return vo_error_set(b->e, VO_ETOOBIG, NULL,
                            "%s: %s unpacks to %llu bytes; a part of a workbook may have at most "
                            "%zu",
                            b->name, path, (unsigned long long)p->read, p->limit);
    return vo_error_set(b->e, VO_EINVAL, NULL,
                        "%s: %s is not well-formed XML (a damaged workbook?)", b->name, path);
}

/* The small part at path as a DOM (xmlFreeDoc it) into *doc; NULL when the
 * workbook has no such part. */
static vo_err part_doc(struct book *b, const char *path, xmlDoc **doc)
{
    *doc = NULL;
    struct part_in p;
    vo_err rc = part_open(b, path, SMALL_PART_MAX, &p);
    if (rc)
        return rc == VO_ENOTFOUND ? VO_OK : rc;
    *doc = xmlReadIO(part_read, part_close, &p, path, NULL, xml_opts);
    zip_fclose(p.zf);
    return *doc ? VO_OK : bad_xml(b, path, &p);
}

/* The text of attribute `name` (no namespace looked at), borrowed from n. */
static const char *attr(const xmlNode *n, const char *name)
{
    for (const xmlAttr *at = n->properties; at; at = at->next)
        if (strcmp((const char *)at->name, name) == 0 && at->children &&
            at->children->type == XML_TEXT_NODE)
            return (const char *)at->children->content;
    return NULL;
}

static bool is_el(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static const xmlNode *child(const xmlNode *n, const char *name)
{
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (is_el(c, name))
            return c;
    return NULL;
}

/* ---- the workbook: its sheet and the date system ---- */

/* The path in the zip of the sheet to read (the one named like the file,
 * else the first), into *path (arena). */
static vo_err find_sheet(struct book *b, const char **path)
{
    xmlDoc *wb = NULL, *rels = NULL;
    vo_err rc = part_doc(b, "xl/workbook.xml", &wb);
    if (!rc && !wb)
        rc = vo_error_set(b->e, VO_EINVAL, NULL, "%s: the workbook has no part %s", b->name,
                          "xl/workbook.xml");
    if (!rc)
        rc = part_doc(b, "xl/_rels/workbook.xml.rels", &rels);
    if (rc)
        goto out;
    const xmlNode *root = xmlDocGetRootElement(wb);
    const xmlNode *pr = child(root, "workbookPr");
    const char *d1904 = pr ? attr(pr, "date1904") : NULL;
    b->d1904 = d1904 && (strcmp(d1904, "1") == 0 || strcmp(d1904, "true") == 0);
    char *stem = g_path_get_basename(b->name);
    char *dot = strrchr(stem, '.');
    if (dot)
        *dot = '\0';
    const char *rid = NULL;
    for (const xmlNode *s = child(child(root, "sheets"), "sheet"); s; s = s->next) {
        if (!is_el(s, "sheet"))
            continue;
        const char *sname = attr(s, "name");
        if (!rid || (sname && strcmp(sname, stem) == 0))
            rid = attr(s, "id");
        if (sname && strcmp(sname, stem) == 0)
            break;
    }
    g_free(stem);
    const char *target = NULL;
    for (const xmlNode *r = rels ? child(xmlDocGetRootElement(rels), "Relationship") : NULL;
         r && rid && !target; r = r->next) {
        const char *id = is_el(r, "Relationship") ? attr(r, "Id") : NULL;
        if (id && strcmp(id, rid) == 0)
            target = attr(r, "Target");
    }
    if (!target) {
        rc = vo_error_set(b->e, VO_EINVAL, NULL, "%s: the workbook has no sheet", b->name);
        goto out;
    }
    /* Targets are relative to xl/, or absolute in the package. */
    *path = target[0] == '/' ? vo_arena_strdup(b->a, target + 1)
                             : vo_arena_printf(b->a, "xl/%s", target);
    if (!*path)
        rc = vo_error_set(b->e, VO_ENOMEM, NULL, "out of memory reading %s", b->name);
out:
    xmlFreeDoc(wb);
    xmlFreeDoc(rels);
    return rc;
}

/* The kind of a custom number format: d, m, y, h or s outside quoted
 * text, [brackets] and escaped characters makes it a date or a time (an m
 * beside h or s is the minutes). */
static enum fmt_kind code_kind(const char *code)
{
    bool date = false, time = false, month = false;
    for (const char *p = code; *p; p++) {
        if (*p == '"') {
            const char *q = strchr(p + 1, '"');
            if (!q)
                break;
            p = q;
        } else if (*p == '[') {
            const char *q = strchr(p + 1, ']');
            if (!q)
                break;
            p = q;
        } else if (*p == '\\' || *p == '_' || *p == '*') {
            if (!p[1])
                break;
            p++;
        } else {
            char c = g_ascii_tolower(*p);
            date |= c == 'd' || c == 'y';
            time |= c == 'h' || c == 's';
            month |= c == 'm';
        }
    }
    date |= month && !time;
    return date && time ? FMT_DATETIME : date ? FMT_DATE : time ? FMT_TIME : FMT_NUMBER;
}

static enum fmt_kind builtin_kind(long id)
{
    if (id >= 14 && id <= 17)
        return FMT_DATE;
    if (id == 22)
        return FMT_DATETIME;
    if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47))
        return FMT_TIME;
    return FMT_NUMBER;
}

/* Reads xl/styles.xml: the kind of each cell style's number format. */
static vo_err read_styles(struct book *b)
{
    xmlDoc *doc = NULL;
    vo_err rc = part_doc(b, "xl/styles.xml", &doc);
    if (rc || !doc)
        return rc;
    const xmlNode *root = xmlDocGetRootElement(doc);
    const xmlNode *fmts = child(root, "numFmts"), *xfs = child(root, "cellXfs");
    size_t n = 0;
    for (const xmlNode *x = xfs ? xfs->children : NULL; x; x = x->next)
        n += is_el(x, "xf");
    b->xf = vo_arena_alloc(b->a, n ? n : 1);
    if (!b->xf) {
        xmlFreeDoc(doc);
        return vo_error_set(b->e, VO_ENOMEM, NULL, "out of memory reading %s", b->name);
    }
    for (const xmlNode *x = xfs ? xfs->children : NULL; x; x = x->next) {
        if (!is_el(x, "xf"))
            continue;
        const char *ids = attr(x, "numFmtId");
        long id = ids ? strtol(ids, NULL, 10) : 0;
        enum fmt_kind k = builtin_kind(id);
        for (const xmlNode *f = fmts ? fmts->children : NULL; f && id >= 164; f = f->next) {
            const char *fid = is_el(f, "numFmt") ? attr(f, "numFmtId") : NULL;
            const char *code = attr(f, "formatCode");
            if (fid && code && strtol(fid, NULL, 10) == id) {
                k = code_kind(code);
                break;
            }
        }
        b->xf[b->nxf++] = (unsigned char)k;
    }
    xmlFreeDoc(doc);
    return VO_OK;
}

/* ---- streaming: shared strings and the sheet ---- */

/* A streamed part: its reader and its input. */
struct stream {
    xmlTextReader *r;
    struct part_in in;
    const char *path;
};

static void quiet(void *arg, const char *msg, xmlParserSeverities sev, xmlTextReaderLocatorPtr loc)
{
    (void)arg;
    (void)msg;
    (void)sev;
    (void)loc;
}

/* VO_ENOTFOUND (no message) when there is no such part. */
static vo_err stream_open(struct book *b, const char *path, struct stream *s)
{
    s->path = path;
    vo_err rc = part_open(b, path, VO_XLSX_MAX_PART, &s->in);
    if (rc)
        return rc;
    s->r = xmlReaderForIO(part_read, part_close, &s->in, path, NULL, xml_opts);
    if (!s->r) {
        zip_fclose(s->in.zf);
        return vo_error_set(b->e, VO_ENOMEM, NULL, "out of memory reading %s", b->name);
    }
    xmlTextReaderSetErrorHandler(s->r, quiet, NULL);
    return VO_OK;
}

static void stream_close(struct stream *s)
{
    if (s->r)
        xmlFreeTextReader(s->r);
    if (s->in.zf)
        zip_fclose(s->in.zf);
}

static bool named(xmlTextReader *r, const char *name)
{
    const xmlChar *n = xmlTextReaderConstLocalName(r);
    return n && strcmp((const char *)n, name) == 0;
}

/* Whether the reader is at text that belongs to a value. */
static bool at_text(xmlTextReader *r)
{
    int t = xmlTextReaderNodeType(r);
    return t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA ||
           t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

static void append_value(xmlTextReader *r, GString *buf)
{
    const xmlChar *v = xmlTextReaderConstValue(r);
    if (v)
        g_string_append(buf, (const char *)v);
}

/* Reads xl/sharedStrings.xml: each <si>'s text runs concatenated, phonetic
 * runs (<rPh>) left out. */
static vo_err read_strings(struct book *b)
{
    struct stream s = {0};
    vo_err rc = stream_open(b, "xl/sharedStrings.xml", &s);
    if (rc)
        return rc == VO_ENOTFOUND ? VO_OK : rc;
    GString *buf = g_string_new(NULL);
    bool in_si = false, in_t = false, in_rph = false;
    int got = 0;
    while (!rc && (got = xmlTextReaderRead(s.r)) == 1) {
        int type = xmlTextReaderNodeType(s.r);
        bool empty = xmlTextReaderIsEmptyElement(s.r) == 1;
        bool end_si = false;
        if (type == XML_READER_TYPE_ELEMENT) {
            if (named(s.r, "si")) {
                g_string_truncate(buf, 0);
                in_si = true;
                end_si = empty;
            } else if (named(s.r, "t")) {
                in_t = !empty;
            } else if (named(s.r, "rPh")) {
                in_rph = !empty;
            }
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (named(s.r, "si"))
                end_si = true;
            else if (named(s.r, "t"))
                in_t = false;
            else if (named(s.r, "rPh"))
                in_rph = false;
        } else if (in_si && in_t && !in_rph && at_text(s.r)) {
            append_value(s.r, buf);
        }
        if (end_si && in_si) {
            in_si = false;
            void *grown = vo_arena_grow(b->a, b->sst, &b->capsst, b->nsst, sizeof *b->sst);
            const char *v = vo_arena_strdup(b->a, buf->str);
            if (!grown || !v) {
                rc = vo_error_set(b->e, VO_ENOMEM, NULL, "out of memory reading %s", b->name);
                break;
            }
            b->sst = grown;
            b->sst[b->nsst++] = v;
        }
    }
    if (!rc && got != 0)
        rc = bad_xml(b, s.path, &s.in);
    g_string_free(buf, TRUE);
    stream_close(&s);
    return rc;
}

/* The sheet being read. */
struct sheet {
    struct book *b;
    struct vo_csv *t;
    struct vo_csv_notes *problems;
    bool header_only, header_done, stop;
    long row;        /* the row's number in the sheet */
    long col;        /* the last cell's column (0-based), -1 before a row's first */
    GPtrArray *vals; /* the row's values by column (arena strings, NULL = empty) */
    GArray *rows;    /* struct vo_csv_row */
    /* the cell being read */
    char ref[32], type[16];
    long style;
    GString *v;
};

/* "A", "B", ..., "AA": the letters of column c (0-based). */
static void col_letters(long c, char *out, size_t sz)
{
    char tmp[16];
    size_t n = 0;
    for (c++; c > 0 && n < sizeof tmp; c = (c - 1) / 26)
        tmp[n++] = (char)('A' + (c - 1) % 26);
    size_t i = 0;
    for (; i < n && i + 1 < sz; i++)
        out[i] = tmp[n - 1 - i];
    out[i] = '\0';
}

/* The column (0-based) of a cell reference "C5", or -1. */
static long ref_col(const char *ref)
{
    long c = 0;
    const char *p = ref;
    for (; g_ascii_isalpha(*p) && p - ref < 4; p++)
        c = c * 26 + (g_ascii_toupper(*p) - 'A' + 1);
    if (p == ref || !g_ascii_isdigit(*p))
        return -1;
    return c - 1;
}

/* An Excel serial date as the import format's text into out; false when
 * it is not a date of the calendar (negative, past 9999). */
static bool serial_text(struct book *b, double v, enum fmt_kind k, char *out, size_t sz)
{
    if (!isfinite(v) || v < 0 || v >= 2958466)
        return false;
    double whole = floor(v);
    long days = (long)whole, secs = lround((v - whole) * 86400.0);
    if (secs >= 86400) {
        days++;
        secs -= 86400;
    }
    if (k == FMT_TIME && days == 0) {
        snprintf(out, sz, "%02ld:%02ld:%02ld", secs / 3600, secs / 60 % 60, secs % 60);
        return true;
    }
    struct vo_date base = {1899, 12, 30};
    if (b->d1904)
        base = (struct vo_date){1904, 1, 1};
    else if (days == 60) /* Lotus's 1900-02-29, which was not */
        base = (struct vo_date){1900, 2, 28}, days = 0;
    else if (days < 60)
        base = (struct vo_date){1899, 12, 31};
    struct vo_date d = vo_date_add_days(base, (int)days);
    if (k == FMT_DATE && secs == 0)
        snprintf(out, sz, "%04d-%02d-%02d", d.y, d.m, d.d);
    else
        snprintf(out, sz, "%04d-%02d-%02d %02ld:%02ld:%02ld", d.y, d.m, d.d, secs / 3600,
                 secs / 60 % 60, secs % 60);
    return true;
}

/* A number as Excel would show it in a CSV: as written, unless in
 * exponent form or with more digits than a double holds. */
static const char *number_text(struct vo_arena *a, const char *s)
{
    char *end = NULL;
    double d = g_ascii_strtod(s, &end);
    if (!end || *end || end == s || (!strpbrk(s, "eE") && strlen(s) <= 15))
        return vo_arena_strdup(a, s);
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_formatd(buf, sizeof buf, "%.15g", d);
    if (strpbrk(buf, "eE")) {
        g_ascii_formatd(buf, sizeof buf, "%.9f", d);
        size_t n = strlen(buf);
        while (n && buf[n - 1] == '0')
            buf[--n] = '\0';
        if (n && buf[n - 1] == '.')
            buf[--n] = '\0';
    }
    return vo_arena_strdup(a, buf);
}

/* The text of the cell just read (arena), NULL when empty. */
static vo_err cell_text(struct sheet *sh, const char **out)
{
    struct book *b = sh->b;
    const char *v = sh->v->str, *t = sh->type;
    *out = NULL;
    if (!*v)
        return VO_OK;
    const char *text = NULL;
    char buf[64];
    if (strcmp(t, "s") == 0) {
        char *end = NULL;
        long i = strtol(v, &end, 10);
        if (*end || i < 0 || (size_t)i >= b->nsst)
            return vo_error_set(b->e, VO_EINVAL, NULL,
                                "%s: cell %s: shared string %s does not exist (a damaged "
                                "workbook?)",
                                b->name, sh->ref, v);
        *out = *b->sst[i] ? b->sst[i] : NULL;
        return VO_OK;
    } else if (strcmp(t, "b") == 0) {
        text = strcmp(v, "1") == 0 ? "TRUE" : "FALSE";
    } else if (strcmp(t, "d") == 0) {
        /* ISO 8601 "2024-03-05T14:00:00.000Z": the seconds and no zone. */
        snprintf(buf, sizeof buf, "%.19s", v);
        char *tp = strchr(buf, 'T');
        if (tp)
            *tp = ' ';
        text = vo_arena_strdup(b->a, buf);
    } else if (strcmp(t, "inlineStr") == 0 || strcmp(t, "str") == 0 || strcmp(t, "e") == 0) {
        text = vo_arena_strdup(b->a, v);
    } else {
        enum fmt_kind k =
            sh->style >= 0 && (size_t)sh->style < b->nxf ? b->xf[sh->style] : FMT_NUMBER;
        char *end = NULL;
        double d = g_ascii_strtod(v, &end);
        if (k != FMT_NUMBER && end && !*end && serial_text(b, d, k, buf, sizeof buf))
            text = vo_arena_strdup(b->a, buf);
        else
            text = number_text(b->a, v);
    }
    if (!text)
        return vo_error_set(b->e, VO_ENOMEM, NULL, "out of memory reading %s", b->name);
    *out = text;
    return VO_OK;
}

static vo_err cell_start(struct sheet *sh, xmlTextReader *r)
{
    xmlChar *ref = xmlTextReaderGetAttribute(r, BAD_CAST "r");
    xmlChar *t = xmlTextReaderGetAttribute(r, BAD_CAST "t");
    xmlChar *s = xmlTextReaderGetAttribute(r, BAD_CAST "s");
    vo_err rc = VO_OK;
    long col = sh->col + 1;
    if (ref && (col = ref_col((const char *)ref)) < 0)
        rc = vo_error_set(sh->b->e, VO_EINVAL, NULL,
                          "%s: \"%s\" is not a cell reference (a damaged workbook?)", sh->b->name,
                          (const char *)ref);
    sh->col = col;
    if (ref)
        snprintf(sh->ref, sizeof sh->ref, "%s", (const char *)ref);
    else {
        col_letters(col, sh->ref, sizeof sh->ref);
        size_t n = strlen(sh->ref);
        snprintf(sh->ref + n, sizeof sh->ref - n, "%ld", sh->row);
    }
    snprintf(sh->type, sizeof sh->type, "%s", t ? (const char *)t : "n");
    sh->style = s ? strtol((const char *)s, NULL, 10) : -1;
    g_string_truncate(sh->v, 0);
    xmlFree(ref);
    xmlFree(t);
    xmlFree(s);
    return rc;
}

static vo_err cell_end(struct sheet *sh)
{
    const char *text = NULL;
    vo_err rc = cell_text(sh, &text);
    if (rc || !text)
        return rc;
    if (sh->col >= VO_CSV_MAX_COLS)
        return vo_error_set(sh->b->e, VO_EINVAL, NULL,
                            "%s: cell %s: a sheet has at most %d columns", sh->b->name, sh->ref,
                            VO_CSV_MAX_COLS);
    if ((guint)sh->col >= sh->vals->len)
        g_ptr_array_set_size(sh->vals, (gint)sh->col + 1);
    g_ptr_array_index(sh->vals, sh->col) = (gpointer)text;
    return VO_OK;
}

static vo_err row_end(struct sheet *sh)
{
    struct book *b = sh->b;
    struct vo_csv *t = sh->t;
    guint n = sh->vals->len;
    while (n && !g_ptr_array_index(sh->vals, n - 1))
        n--;
    vo_err rc = VO_OK;
    if (n == 0)
        goto out; /* a blank row, as the CSV reader skips them */
    if (!sh->header_done) {
        sh->header_done = true;
        t->ncols = n;
        t->cols = VO_ARENA_ARRAY(b->a, const char *, n);
        for (guint i = 0; t->cols && i < n; i++) {
            const char *h = g_ptr_array_index(sh->vals, i);
            t->cols[i] = h ? vo_csv_trim(vo_arena_strdup(b->a, h)) : "";
        }
        if (!t->cols)
            rc = vo_error_set(b->e, VO_ENOMEM, NULL, "out of memory reading %s", b->name);
        sh->stop = sh->header_only;
        goto out;
    }
    if (sh->rows->len >= VO_XLSX_MAX_ROWS) {
        rc = vo_error_set(b->e, VO_EINVAL, NULL, "%s: row %ld: a sheet has at most %d rows",
                          b->name, sh->row, VO_XLSX_MAX_ROWS);
        goto out;
    }
    struct vo_csv_row r = {.line = sh->row};
    r.f = VO_ARENA_ARRAY(b->a, const char *, t->ncols ? t->ncols : 1);
    if (!r.f) {
        rc = vo_error_set(b->e, VO_ENOMEM, NULL, "%s: too big for memory", b->name);
        goto out;
    }
    for (guint i = 0; i < n; i++) {
        const char *v = g_ptr_array_index(sh->vals, i);
        if (i < t->ncols) {
            r.f[i] = v;
        } else if (v) {
            char ref[32];
            col_letters((long)i, ref, sizeof ref);
            vo_csv_note_add(sh->problems, b->a, t->name, sh->row, NULL,
                            "cell %s%ld has a value, but its column has no header: ignored", ref,
                            sh->row);
        }
    }
    g_array_append_val(sh->rows, r);
out:
    g_ptr_array_set_size(sh->vals, 0);
    return rc;
}

static vo_err row_start(struct sheet *sh, xmlTextReader *r)
{
    xmlChar *num = xmlTextReaderGetAttribute(r, BAD_CAST "r");
    sh->row = num ? strtol((const char *)num, NULL, 10) : sh->row + 1;
    xmlFree(num);
    sh->col = -1;
    g_ptr_array_set_size(sh->vals, 0);
    if (sh->row > VO_XLSX_MAX_ROWS || sh->row < 1)
        return vo_error_set(sh->b->e, VO_EINVAL, NULL, "%s: row %ld: a sheet has at most %d rows",
                            sh->b->name, sh->row, VO_XLSX_MAX_ROWS);
    return VO_OK;
}

/* Streams the sheet at path into sh's rows. */
static vo_err read_sheet(struct sheet *sh, const char *path)
{
    struct book *b = sh->b;
    struct stream s = {0};
    vo_err rc = stream_open(b, path, &s);
    if (rc == VO_ENOTFOUND)
        return vo_error_set(b->e, VO_EINVAL, NULL, "%s: the workbook has no part %s", b->name,
                            path);
    if (rc)
        return rc;
    bool in_cell = false, in_v = false, in_is = false, in_t = false, in_rph = false;
    int got = 0;
    while (!rc && !sh->stop && (got = xmlTextReaderRead(s.r)) == 1) {
        int type = xmlTextReaderNodeType(s.r);
        bool empty = xmlTextReaderIsEmptyElement(s.r) == 1;
        if (type == XML_READER_TYPE_ELEMENT) {
            if (named(s.r, "row")) {
                rc = row_start(sh, s.r);
                if (!rc && empty)
                    rc = row_end(sh);
            } else if (named(s.r, "c")) {
                rc = cell_start(sh, s.r);
                in_cell = !empty;
                if (!rc && empty)
                    rc = cell_end(sh);
            } else if (in_cell && named(s.r, "v")) {
                in_v = !empty;
            } else if (in_cell && named(s.r, "is")) {
                in_is = !empty;
            } else if (in_is && named(s.r, "t")) {
                in_t = !empty;
            } else if (in_is && named(s.r, "rPh")) {
                in_rph = !empty;
            }
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (named(s.r, "c") && in_cell) {
                in_cell = in_v = in_is = in_t = in_rph = false;
                rc = cell_end(sh);
            } else if (named(s.r, "row")) {
                rc = row_end(sh);
            } else if (named(s.r, "v")) {
                in_v = false;
            } else if (named(s.r, "is")) {
                in_is = false;
            } else if (named(s.r, "t")) {
                in_t = false;
            } else if (named(s.r, "rPh")) {
                in_rph = false;
            } else if (named(s.r, "sheetData")) {
                break;
            }
        } else if ((in_v || (in_t && !in_rph)) && at_text(s.r)) {
            append_value(s.r, sh->v);
        }
    }
    if (!rc && !sh->stop && got == -1)
        rc = bad_xml(b, path, &s.in);
    stream_close(&s);
    return rc;
}

/* libxml2's global state is set up once, before any thread parses. */
static void xml_init(void)
{
    static gsize done = 0;
    if (g_once_init_enter(&done)) {
        xmlInitParser();
        g_once_init_leave(&done, 1);
    }
}

vo_err vo_xlsx_parse(const char *data, size_t len, const char *name, bool header_only,
                     struct vo_arena *a, struct vo_csv **out, struct vo_csv_notes *problems,
                     struct vo_error *e)
{
    xml_init();
    struct book b = {.name = name, .a = a, .e = e};
    struct sheet sh = {.b = &b, .problems = problems, .header_only = header_only};
    zip_error_t zerr;
    zip_error_init(&zerr);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &zerr);
    b.za = src ? zip_open_from_source(src, ZIP_RDONLY, &zerr) : NULL;
    zip_error_fini(&zerr);
    if (!b.za) {
        if (src)
            zip_source_free(src);
        return vo_error_set(e, VO_EINVAL, NULL,
                            "%s: not a workbook that can be read (a damaged .xlsx?)", name);
    }
    sh.vals = g_ptr_array_new();
    sh.rows = g_array_new(FALSE, FALSE, sizeof(struct vo_csv_row));
    sh.v = g_string_new(NULL);
    const char *path = NULL;
    vo_err rc = VO_OK;
    if (!(sh.t = VO_ARENA_NEW(a, struct vo_csv)) || !(sh.t->name = vo_arena_strdup(a, name))) {
        rc = vo_error_set(e, VO_ENOMEM, NULL, "out of memory reading %s", name);
        goto out;
    }
    sh.t->target = sh.t->name;
    sh.t->delim = ',';
    sh.t->encoding = "utf-8";
    sh.t->dates_iso = true;
    if ((rc = find_sheet(&b, &path)) || (rc = read_styles(&b)) || (rc = read_strings(&b)) ||
        (rc = read_sheet(&sh, path)))
        goto out;
    if (!sh.header_done) {
        rc = vo_error_set(e, VO_EINVAL, NULL, "%s: the file is empty (no header line)", name);
        goto out;
    }
    sh.t->nrows = sh.rows->len;
    sh.t->rows = VO_ARENA_ARRAY(a, struct vo_csv_row, sh.rows->len ? sh.rows->len : 1);
    if (!sh.t->rows) {
        rc = vo_error_set(e, VO_ENOMEM, NULL, "%s: too big for memory", name);
        goto out;
    }
    if (sh.rows->len)
        memcpy(sh.t->rows, sh.rows->data, sh.rows->len * sizeof *sh.t->rows);
    *out = sh.t;
out:
    zip_discard(b.za);
    g_ptr_array_free(sh.vals, TRUE);
    g_array_free(sh.rows, TRUE);
    g_string_free(sh.v, TRUE);
    return rc;
}
