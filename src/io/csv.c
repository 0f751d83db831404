/*
 * csv.c - CSV files into arena tables.
 *
 * vo_csv_read reads the whole file into memory (GLib); vo_csv_stream_*
 * read one in chunks of rows, for voronka's own files (import.c). A UTF-8
 * BOM is dropped, and
 * input that is not valid UTF-8 is converted from cp1251 with iconv (what
 * Russian Excel and 1C write). The delimiter is whichever of `,` and `;`
 * occurs more often outside quotes in the header line. libcsv does the
 * RFC 4180 work; we feed it one physical line at a time so that each record
 * knows the line it starts on, even when a quoted field spans lines.
 */
#include "io/csv.h"

#include <csv.h>
#include <errno.h>
#include <glib.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A new note of l (NULL when the arena is exhausted) with its place. */
static struct vo_csv_note *note_new(struct vo_csv_notes *l, struct vo_arena *a, const char *file,
                                    int64_t line, const char *column)
{
    if (l->max && l->n >= l->max) {
        l->more++;
        return NULL;
    }
    void *grown = vo_arena_grow(a, l->v, &l->cap, l->n, sizeof *l->v);
    if (!grown)
        return NULL;
    l->v = grown;
    struct vo_csv_note *n = &l->v[l->n++];
    memset(n, 0, sizeof *n);
    n->file = vo_arena_strdup(a, file);
    n->line = line;
    n->column = column ? vo_arena_strdup(a, column) : NULL;
    return n;
}

void vo_csv_note_addv(struct vo_csv_notes *l, struct vo_arena *a, const char *file, int64_t line,
                      const char *column, const char *fmt, va_list ap)
{
    struct vo_csv_note *n = note_new(l, a, file, line, column);
    if (!n)
        return;
    va_list ru_ap;
    va_copy(ru_ap, ap);
    char *ru = vo_message_vprintf_ru(fmt, ru_ap, &n->id);
    va_end(ru_ap);
    n->msg = vo_arena_vprintf(a, fmt, ap);
    n->msg_ru = ru ? vo_arena_strdup(a, ru) : NULL;
    g_free(ru);
}

void vo_csv_note_add(struct vo_csv_notes *l, struct vo_arena *a, const char *file, int64_t line,
                     const char *column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vo_csv_note_addv(l, a, file, line, column, fmt, ap);
    va_end(ap);
}

const char *const vo_csv_reject_cols[5] = {"_file", "_line", "_field", "_code", "_error"};

bool vo_csv_reject_col(const char *col)
{
    for (size_t i = 0; i < 5; i++)
        if (strcasecmp(col, vo_csv_reject_cols[i]) == 0)
            return true;
    return false;
}

void vo_csv_note_add_e(struct vo_csv_notes *l, struct vo_arena *a, const char *file, int64_t line,
                       const char *column, const struct vo_error *e)
{
    struct vo_csv_note *n = note_new(l, a, file, line, column);
    if (!n)
        return;
    n->msg = vo_arena_strdup(a, e->msg);
    n->id = e->id;
    n->msg_ru = e->msg_ru[0] ? vo_arena_strdup(a, e->msg_ru) : NULL;
}

vo_err vo_csv_encoding_parse(const char *s, enum vo_csv_encoding *out, struct vo_error *e)
{
    if (!s || !*s || strcasecmp(s, "auto") == 0)
        *out = VO_CSV_AUTO;
    else if (strcasecmp(s, "utf-8") == 0 || strcasecmp(s, "utf8") == 0)
        *out = VO_CSV_UTF8;
    else if (strcasecmp(s, "cp1251") == 0 || strcasecmp(s, "windows-1251") == 0)
        *out = VO_CSV_CP1251;
    else
        return vo_error_set(e, VO_EINVAL, "encoding",
                            "\"%s\" is not an encoding (one of: utf-8, cp1251, auto)", s);
    return VO_OK;
}

char *vo_csv_trim(char *s)
{
    if (!s)
        return s;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    size_t i = 0;
    while (s[i] == ' ' || s[i] == '\t')
        i++;
    if (i)
        memmove(s, s + i, n - i + 1);
    return s;
}

const char *vo_csv_name_list(struct vo_arena *a, const char *const *names, size_t n, size_t show)
{
    GString *g = g_string_new(NULL);
    for (size_t i = 0; i < n && i < show; i++) {
        const char *name = names[i] ? names[i] : "";
        size_t len = strlen(name);
        if (len > 64) {
            const char *cut = g_utf8_find_prev_char(name, name + 65);
            len = cut ? (size_t)(cut - name) : 64;
        }
        g_string_append_printf(g, "%s%.*s%s", i ? ", " : "", (int)len, name,
                               len < strlen(name) ? "..." : "");
    }
    if (n > show)
        g_string_append_printf(g, " and %zu more", n - show);
    const char *out = vo_arena_strdup(a, g->str);
    g_string_free(g, TRUE);
    return out ? out : "";
}

int vo_csv_col(const struct vo_csv *t, const char *name)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (t->cols[i] && strcasecmp(t->cols[i], name) == 0)
            return (int)i;
    return -1;
}

/* Converts cp1251 text to UTF-8 into a new g_malloc'd buffer. */
static char *from_cp1251(const char *in, size_t len, size_t *outlen)
{
    iconv_t cd = iconv_open("UTF-8", "CP1251");
    if (cd == (iconv_t)-1)
        return NULL;
    size_t cap = len * 3 + 1;
    char *out = g_malloc(cap);
    char *src = (char *)in, *dst = out;
    size_t left = len, room = cap - 1;
    size_t r = iconv(cd, &src, &left, &dst, &room);
    iconv_close(cd);
    if (r == (size_t)-1) {
        g_free(out);
        return NULL;
    }
    *dst = '\0';
    *outlen = (size_t)(dst - out);
    return out;
}

/* The line (1-based) of byte offset off. */
static int64_t line_of(const char *s, size_t off)
{
    int64_t line = 1;
    for (size_t i = 0; i < off; i++)
        if (s[i] == '\n')
            line++;
    return line;
}

static char detect_delim(const char *s, size_t len)
{
    size_t commas = 0, semis = 0;
    int quoted = 0;
    for (size_t i = 0; i < len && (quoted || (s[i] != '\n' && s[i] != '\r')); i++) {
        if (s[i] == '"')
            quoted = !quoted;
        else if (!quoted && s[i] == ',')
            commas++;
        else if (!quoted && s[i] == ';')
            semis++;
    }
    return semis > commas ? ';' : ',';
}

/* Parser state shared with the libcsv callbacks. */
struct parse_state {
    struct vo_arena *a;  /* the fields and rows */
    struct vo_arena *na; /* the notes (a streamed file's outlive its chunks) */
    struct vo_csv *t;
    struct vo_csv_notes *problems;
    char **fields; /* the record being built (heap): nkept of its nf fields */
    size_t nf, nkept, capf;
    int dropped_text;        /* a field past those kept has text */
    struct vo_csv_row *rows; /* heap until the end */
    size_t nrows, caprows;
    int64_t line, rec_line;
    int header_done;
    int oom;
    size_t too_wide; /* the header's width when over VO_CSV_MAX_COLS */
};

static void on_field(void *s, size_t len, void *data)
{
    struct parse_state *ps = data;
    /* Past the cap (a header) or the header's width (a record), a field is
     * only counted: the header is refused, the record is a problem. */
    size_t keep = ps->header_done ? ps->t->ncols : VO_CSV_MAX_COLS;
    ps->nf++;
    if (ps->nkept >= keep) {
        for (size_t i = 0; s && i < len && !ps->dropped_text; i++)
            ps->dropped_text = !strchr(" \t\r\n", ((const char *)s)[i]);
        return;
    }
    if (ps->nkept == ps->capf) {
        ps->capf = ps->capf ? ps->capf * 2 : 16;
        ps->fields = g_realloc_n(ps->fields, ps->capf, sizeof *ps->fields);
    }
    char *v = vo_arena_strndup(ps->a, s ? (const char *)s : "", s ? len : 0);
    if (!v)
        ps->oom = 1;
    ps->fields[ps->nkept++] = v;
}

static void on_record(int c, void *data)
{
    (void)c;
    struct parse_state *ps = data;
    size_t nf = ps->nf, kept = ps->nkept;
    int blank = !ps->dropped_text;
    ps->nf = ps->nkept = 0;
    ps->dropped_text = 0;
    if (ps->oom)
        return;
    for (size_t i = 0; i < kept && blank; i++)
        if (ps->fields[i] && *vo_csv_trim(ps->fields[i]))
            blank = 0;
    if (blank)
        return;
    struct vo_csv *t = ps->t;
    if (!ps->header_done) {
        ps->header_done = 1;
        if (nf > VO_CSV_MAX_COLS) {
            ps->too_wide = nf;
            return;
        }
        t->ncols = nf;
        t->cols = VO_ARENA_ARRAY(ps->a, const char *, nf ? nf : 1);
        if (!t->cols) {
            ps->oom = 1;
            return;
        }
        for (size_t i = 0; i < nf; i++)
            t->cols[i] = ps->fields[i];
        return;
    }
    if (nf != t->ncols)
        vo_csv_note_add(ps->problems, ps->na, t->name, ps->rec_line, NULL,
                        "the record has %zu fields, the header has %zu (a stray delimiter or "
                        "quote?)",
                        nf, t->ncols);
    if (ps->nrows == ps->caprows) {
        ps->caprows = ps->caprows ? ps->caprows * 2 : 256;
        ps->rows = g_realloc_n(ps->rows, ps->caprows, sizeof *ps->rows);
    }
    struct vo_csv_row *r = &ps->rows[ps->nrows++];
    r->line = ps->rec_line;
    r->bad = NULL;
    r->f = VO_ARENA_ARRAY(ps->a, const char *, t->ncols ? t->ncols : 1);
    if (!r->f) {
        ps->oom = 1;
        return;
    }
    for (size_t i = 0; i < kept; i++)
        r->f[i] = ps->fields[i] && *ps->fields[i] ? ps->fields[i] : NULL;
}

/* The file's bytes as UTF-8: a BOM skipped, cp1251 converted (into
 * *converted, g_free'd by the caller) when the options say so or, on
 * auto, when the bytes are not UTF-8; *encoding names what was read. */
static vo_err decode(const char **data, size_t *len, const char *name, const struct vo_csv_opts *o,
                     char **converted, const char **encoding, struct vo_error *e)
{
    *encoding = "utf-8";
    if (*len >= 3 && memcmp(*data, "\xEF\xBB\xBF", 3) == 0) {
        *data += 3;
        *len -= 3;
    }
    const char *bad = NULL;
    int valid = g_utf8_validate(*data, (gssize)*len, &bad);
    if (o->encoding == VO_CSV_UTF8 && !valid)
        return vo_error_set(e, VO_EINVAL, NULL,
                            "%s:%lld: not UTF-8 (the mapping says utf-8; cp1251 or auto?)", name,
                            (long long)line_of(*data, (size_t)(bad - *data)));
    if (o->encoding == VO_CSV_CP1251 || (o->encoding == VO_CSV_AUTO && !valid)) {
        size_t clen = 0;
        *converted = from_cp1251(*data, *len, &clen);
        if (!*converted)
            return vo_error_set(e, VO_EINVAL, NULL, "%s: cannot convert from cp1251 to UTF-8",
                                name);
        *data = *converted;
        *len = clen;
        *encoding = "cp1251";
    }
    return VO_OK;
}

vo_err vo_csv_parse(const char *data, size_t len, const char *name, const struct vo_csv_opts *o,
                    struct vo_arena *a, struct vo_csv **out, struct vo_csv_notes *problems,
                    struct vo_error *e)
{
    static const struct vo_csv_opts defaults = {0, VO_CSV_AUTO};
    if (!o)
        o = &defaults;
    char *converted = NULL;
    const char *encoding = NULL;
    vo_err drc = decode(&data, &len, name, o, &converted, &encoding, e);
    if (drc)
        return drc;

    vo_err rc = VO_OK;
    struct vo_csv *t = VO_ARENA_NEW(a, struct vo_csv);
    if (!t) {
        g_free(converted);
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory reading %s", name);
    }
    t->name = vo_arena_strdup(a, name);
    if (!t->name) {
        g_free(converted);
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory reading %s", name);
    }
    t->target = t->name;
    t->delim = o->delim ? o->delim : detect_delim(data, len);
    t->encoding = encoding;

    struct csv_parser p;
    if (csv_init(&p, 0) != 0) {
        g_free(converted);
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory reading %s", name);
    }
    csv_set_delim(&p, (unsigned char)t->delim);
    struct parse_state ps = {.a = a, .na = a, .t = t, .problems = problems, .line = 1};
    size_t off = 0;
    while (off < len && !ps.oom && !ps.too_wide) {
        /* A physical line ends at LF, CRLF or a bare CR (Excel for Mac):
         * libcsv ends a record at each, so the line count must too. */
        size_t n = 0;
        while (off + n < len && data[off + n] != '\n' && data[off + n] != '\r')
            n++;
        if (off + n < len) {
            if (data[off + n] == '\r' && off + n + 1 < len && data[off + n + 1] == '\n')
                n++;
            n++;
        }
        /* pstate 0 = ROW_NOT_BEGUN: this line starts a new record. */
        if (p.pstate == 0)
            ps.rec_line = ps.line;
        if (csv_parse(&p, data + off, n, on_field, on_record, &ps) != n) {
            rc = vo_error_set(e, VO_EINVAL, NULL, "%s:%lld: %s", name, (long long)ps.line,
                              csv_strerror(csv_error(&p)));
            break;
        }
        off += n;
        ps.line++;
    }
    if (!rc && !ps.oom && !ps.too_wide)
        csv_fini(&p, on_field, on_record, &ps);
    csv_free(&p);
    g_free(ps.fields);
    if (!rc && ps.oom)
        rc = vo_error_set(e, VO_ENOMEM, NULL, "%s: too big for memory", name);
    if (!rc && ps.too_wide)
        rc = vo_error_set(e, VO_EINVAL, NULL,
                          "%s:%lld: the header has %zu columns; a file has at most %d", name,
                          (long long)ps.rec_line, ps.too_wide, VO_CSV_MAX_COLS);
    if (!rc && !ps.header_done)
        rc = vo_error_set(e, VO_EINVAL, NULL, "%s: the file is empty (no header line)", name);
    if (!rc) {
        for (size_t i = 0; i < t->ncols; i++)
            t->cols[i] = vo_csv_trim((char *)t->cols[i]);
        t->nrows = ps.nrows;
        t->rows = VO_ARENA_ARRAY(a, struct vo_csv_row, ps.nrows ? ps.nrows : 1);
        if (!t->rows)
            rc = vo_error_set(e, VO_ENOMEM, NULL, "%s: too big for memory", name);
        else if (ps.nrows)
            memcpy(t->rows, ps.rows, ps.nrows * sizeof *ps.rows);
    }
    g_free(ps.rows);
    g_free(converted);
    if (!rc)
        *out = t;
    return rc;
}

vo_err vo_csv_read(const char *path, const char *name, const struct vo_csv_opts *o,
                   struct vo_arena *a, struct vo_csv **out, struct vo_csv_notes *problems,
                   struct vo_error *e)
{
    char *data = NULL;
    gsize len = 0;
    GError *gerr = NULL;
    if (!g_file_get_contents(path, &data, &len, &gerr)) {
        vo_err rc = vo_error_set(e, VO_EIO, NULL, "%s: %s", name, gerr->message);
        g_error_free(gerr);
        return rc;
    }
    vo_err rc = vo_csv_parse(data, len, name, o, a, out, problems, e);
    g_free(data);
    return rc;
}

/* ---- a file read in chunks ---- */

enum { STREAM_BLOCK = 1 << 20 };

struct vo_csv_stream {
    FILE *f;
    struct vo_csv *hdr; /* the header, in the arena given to open */
    struct csv_parser p;
    bool p_init;
    struct parse_state ps;
    iconv_t cd; /* cp1251 to UTF-8, or (iconv_t)-1 */
    char *raw;  /* a block as read, for the conversion */
    char *buf;  /* the decoded text: [off, len) not yet fed */
    size_t off, len, cap;
    bool eof;      /* the file read to its end */
    bool done;     /* every record handed out */
    bool bom_seen; /* the first block looked at */
};

/* Whether the file is valid UTF-8 (a BOM skipped); else *bad_line is the
 * line of its first byte that is not. One pass of blocks, the tail of a
 * character cut by a block's end carried over. */
static vo_err utf8_scan(FILE *f, const char *name, bool *valid, int64_t *bad_line,
                        struct vo_error *e)
{
    char *b = g_malloc(STREAM_BLOCK + 4);
    size_t carry = 0;
    int64_t line = 1;
    bool first = true;
    *valid = true;
    for (;;) {
        size_t n = fread(b + carry, 1, STREAM_BLOCK, f);
        if (ferror(f)) {
            g_free(b);
            return vo_error_set(e, VO_EIO, NULL, "%s: %s", name, g_strerror(errno));
        }
        size_t have = carry + n, start = 0;
        if (first && have >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0)
            start = 3;
        first = false;
        const char *end = NULL;
        bool ok = g_utf8_validate(b + start, (gssize)(have - start), &end);
        size_t good = (size_t)(end - b);
        if (!ok && (n == 0 || have - good >= 4)) {
            *valid = false;
            *bad_line = line + line_of(b, good) - 1;
            break;
        }
        line += line_of(b, good) - 1;
        carry = have - good;
        memmove(b, b + good, carry);
        if (n == 0)
            break;
    }
    g_free(b);
    if (fseek(f, 0, SEEK_SET) != 0)
        return vo_error_set(e, VO_EIO, NULL, "%s: %s", name, g_strerror(errno));
    return VO_OK;
}

/* Reads (and decodes) the next block after what is still to be fed;
 * false at the end of the file or on an error (e set, VO_EIO). */
static bool stream_fill(struct vo_csv_stream *s, vo_err *rc, struct vo_error *e)
{
    if (s->eof)
        return false;
    size_t n = fread(s->raw, 1, STREAM_BLOCK, s->f);
    if (ferror(s->f)) {
        *rc = vo_error_set(e, VO_EIO, NULL, "%s: %s", s->hdr->name, g_strerror(errno));
        return false;
    }
    if (n < STREAM_BLOCK)
        s->eof = true;
    const char *in = s->raw;
    if (!s->bom_seen) {
        s->bom_seen = true;
        if (n >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0) {
            in += 3;
            n -= 3;
        }
    }
    /* cp1251 is one byte a character: a block converts alone, to at most
     * three bytes each */
    size_t need = s->len - s->off + (s->cd == (iconv_t)-1 ? n : n * 3) + 1;
    if (s->off) {
        memmove(s->buf, s->buf + s->off, s->len - s->off);
        s->len -= s->off;
        s->off = 0;
    }
    if (need > s->cap) {
        s->cap = need > 2 * s->cap ? need : 2 * s->cap;
        s->buf = g_realloc(s->buf, s->cap);
    }
    if (s->cd == (iconv_t)-1) {
        memcpy(s->buf + s->len, in, n);
        s->len += n;
    } else {
        char *src = (char *)in, *dst = s->buf + s->len;
        size_t left = n, room = s->cap - s->len - 1;
        if (iconv(s->cd, &src, &left, &dst, &room) == (size_t)-1) {
            *rc = vo_error_set(e, VO_EINVAL, NULL, "%s: cannot convert from cp1251 to UTF-8",
                               s->hdr->name);
            return false;
        }
        s->len = (size_t)(dst - s->buf);
    }
    return n > 0 || s->len > s->off;
}

/* The next physical line into *line / *n (it ends at LF, CRLF or a bare
 * CR, as vo_csv_parse's); false at the end or on an error (*rc). */
static bool stream_line(struct vo_csv_stream *s, const char **line, size_t *n, vo_err *rc,
                        struct vo_error *e)
{
    size_t scanned = 0;
    for (;;) {
        const char *b = s->buf + s->off;
        size_t avail = s->len - s->off, i = scanned;
        while (i < avail && b[i] != '\n' && b[i] != '\r')
            i++;
        /* a CR at the block's end may be the first half of a CRLF */
        bool complete = i < avail && (b[i] == '\n' || i + 1 < avail || s->eof);
        if (complete || (s->eof && avail)) {
            if (i < avail) {
                if (b[i] == '\r' && i + 1 < avail && b[i + 1] == '\n')
                    i++;
                i++;
            }
            *line = b;
            *n = i;
            s->off += i;
            return true;
        }
        scanned = i;
        if (!stream_fill(s, rc, e))
            return false;
    }
}

/* Feeds lines until max rows are kept (0: the header) or the file ends. */
static vo_err stream_feed(struct vo_csv_stream *s, size_t max, struct vo_error *e)
{
    struct parse_state *ps = &s->ps;
    vo_err rc = VO_OK;
    const char *line = NULL;
    size_t n = 0;
    while ((max ? ps->nrows < max : !ps->header_done) && !ps->oom && !ps->too_wide && !s->done) {
        if (!stream_line(s, &line, &n, &rc, e)) {
            if (rc)
                return rc;
            csv_fini(&s->p, on_field, on_record, ps);
            s->done = true;
            break;
        }
        if (s->p.pstate == 0)
            ps->rec_line = ps->line;
        if (csv_parse(&s->p, line, n, on_field, on_record, ps) != n)
            return vo_error_set(e, VO_EINVAL, NULL, "%s:%lld: %s", s->hdr->name,
                                (long long)ps->line, csv_strerror(csv_error(&s->p)));
        ps->line++;
    }
    if (ps->oom)
        return vo_error_set(e, VO_ENOMEM, NULL, "%s: too big for memory", s->hdr->name);
    return VO_OK;
}

void vo_csv_stream_close(struct vo_csv_stream *s)
{
    if (!s)
        return;
    if (s->p_init)
        csv_free(&s->p);
    if (s->cd != (iconv_t)-1)
        iconv_close(s->cd);
    if (s->f)
        fclose(s->f);
    g_free(s->ps.fields);
    g_free(s->ps.rows);
    g_free(s->raw);
    g_free(s->buf);
    g_free(s);
}

vo_err vo_csv_stream_open(const char *path, const char *name, const struct vo_csv_opts *o,
                          struct vo_arena *a, struct vo_csv_notes *problems,
                          struct vo_csv_stream **out, struct vo_error *e)
{
    static const struct vo_csv_opts defaults = {0, VO_CSV_AUTO};
    if (!o)
        o = &defaults;
    struct vo_csv_stream *s = g_new0(struct vo_csv_stream, 1);
    s->cd = (iconv_t)-1;
    vo_err rc = VO_OK;
    s->f = fopen(path, "rb");
    if (!s->f) {
        rc = vo_error_set(e, VO_EIO, NULL, "%s: %s", name, g_strerror(errno));
        goto fail;
    }
    const char *encoding = "utf-8";
    if (o->encoding != VO_CSV_CP1251) {
        bool valid = true;
        int64_t bad_line = 0;
        if ((rc = utf8_scan(s->f, name, &valid, &bad_line, e)))
            goto fail;
        if (!valid && o->encoding == VO_CSV_UTF8) {
            rc = vo_error_set(e, VO_EINVAL, NULL,
                              "%s:%lld: not UTF-8 (the mapping says utf-8; cp1251 or auto?)", name,
                              (long long)bad_line);
            goto fail;
        }
        if (!valid)
            encoding = "cp1251";
    } else {
        encoding = "cp1251";
    }
    if (strcmp(encoding, "cp1251") == 0 && (s->cd = iconv_open("UTF-8", "CP1251")) == (iconv_t)-1) {
        rc = vo_error_set(e, VO_EINVAL, NULL, "%s: cannot convert from cp1251 to UTF-8", name);
        goto fail;
    }
    struct vo_csv *t = VO_ARENA_NEW(a, struct vo_csv);
    if (!t || !(t->name = vo_arena_strdup(a, name))) {
        rc = vo_error_set(e, VO_ENOMEM, NULL, "out of memory reading %s", name);
        goto fail;
    }
    t->target = t->name;
    t->encoding = encoding;
    s->hdr = t;
    s->raw = g_malloc(STREAM_BLOCK);
    stream_fill(s, &rc, e);
    if (rc)
        goto fail;
    t->delim = o->delim ? o->delim : detect_delim(s->buf, s->len);
    if (csv_init(&s->p, 0) != 0) {
        rc = vo_error_set(e, VO_ENOMEM, NULL, "out of memory reading %s", name);
        goto fail;
    }
    s->p_init = true;
    csv_set_delim(&s->p, (unsigned char)t->delim);
    s->ps = (struct parse_state){.a = a, .na = a, .t = t, .problems = problems, .line = 1};
    if ((rc = stream_feed(s, 0, e)))
        goto fail;
    if (s->ps.too_wide) {
        rc = vo_error_set(e, VO_EINVAL, NULL,
                          "%s:%lld: the header has %zu columns; a file has at most %d", name,
                          (long long)s->ps.rec_line, s->ps.too_wide, VO_CSV_MAX_COLS);
        goto fail;
    }
    if (!s->ps.header_done) {
        rc = vo_error_set(e, VO_EINVAL, NULL, "%s: the file is empty (no header line)", name);
        goto fail;
    }
    for (size_t i = 0; i < t->ncols; i++)
        t->cols[i] = vo_csv_trim((char *)t->cols[i]);
    *out = s;
    return VO_OK;
fail:
    vo_csv_stream_close(s);
    return rc;
}

const struct vo_csv *vo_csv_stream_header(const struct vo_csv_stream *s)
{
    return s->hdr;
}

vo_err vo_csv_stream_next(struct vo_csv_stream *s, struct vo_arena *chunk, size_t max,
                          struct vo_csv **out, struct vo_error *e)
{
    struct vo_csv *t = VO_ARENA_NEW(chunk, struct vo_csv);
    if (!t)
        return vo_error_set(e, VO_ENOMEM, NULL, "%s: too big for memory", s->hdr->name);
    *t = *s->hdr;
    s->ps.a = chunk;
    s->ps.t = t;
    s->ps.nrows = 0;
    vo_err rc = stream_feed(s, max ? max : SIZE_MAX, e);
    if (rc)
        return rc;
    t->nrows = s->ps.nrows;
    t->rows = VO_ARENA_ARRAY(chunk, struct vo_csv_row, t->nrows ? t->nrows : 1);
    if (!t->rows)
        return vo_error_set(e, VO_ENOMEM, NULL, "%s: too big for memory", s->hdr->name);
    if (t->nrows)
        memcpy(t->rows, s->ps.rows, t->nrows * sizeof *t->rows);
    *out = t;
    return VO_OK;
}
