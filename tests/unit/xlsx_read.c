/*
 * xlsx_read.c - the tests' XLSX reader (xlsx_read.h).
 */
#include "xlsx_read.h"

#include <criterion/criterion.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

void xl_node_free(gpointer p)
{
    struct node *n = p;
    g_free(n->name);
    g_hash_table_unref(n->attrs);
    g_string_free(n->text, TRUE);
    g_ptr_array_unref(n->kids);
    g_free(n);
}

static struct node *xl_node_new(const char *name, const char **an, const char **av)
{
    struct node *n = g_new0(struct node, 1);
    n->name = g_strdup(name);
    n->attrs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    for (size_t i = 0; an && an[i]; i++)
        g_hash_table_insert(n->attrs, g_strdup(an[i]), g_strdup(av[i]));
    n->text = g_string_new(NULL);
    n->kids = g_ptr_array_new_with_free_func(xl_node_free);
    return n;
}

static void xl_on_start(GMarkupParseContext *ctx, const char *name, const char **an,
                        const char **av, gpointer data, GError **err)
{
    (void)ctx;
    (void)err;
    GPtrArray *stack = data;
    struct node *n = xl_node_new(name, an, av);
    g_ptr_array_add(((struct node *)g_ptr_array_index(stack, stack->len - 1))->kids, n);
    g_ptr_array_add(stack, n);
}

static void xl_on_end(GMarkupParseContext *ctx, const char *name, gpointer data, GError **err)
{
    (void)ctx;
    (void)name;
    (void)err;
    GPtrArray *stack = data;
    g_ptr_array_set_size(stack, (gint)stack->len - 1);
}

static void xl_on_text(GMarkupParseContext *ctx, const char *text, gsize len, gpointer data,
                       GError **err)
{
    (void)ctx;
    (void)err;
    GPtrArray *stack = data;
    g_string_append_len(((struct node *)g_ptr_array_index(stack, stack->len - 1))->text, text,
                        (gssize)len);
}

struct node *xl_parse_xml(const char *xml, size_t len)
{
    static const GMarkupParser parser = {xl_on_start, xl_on_end, xl_on_text, NULL, NULL};
    struct node *root = xl_node_new("#root", NULL, NULL);
    GPtrArray *stack = g_ptr_array_new();
    g_ptr_array_add(stack, root);
    GMarkupParseContext *ctx = g_markup_parse_context_new(&parser, 0, stack, NULL);
    GError *err = NULL;
    gboolean ok = g_markup_parse_context_parse(ctx, xml, (gssize)len, &err) &&
                  g_markup_parse_context_end_parse(ctx, &err);
    cr_assert(ok, "XML does not parse: %s", err ? err->message : "?");
    g_markup_parse_context_free(ctx);
    g_ptr_array_free(stack, TRUE);
    return root;
}

/* Every descendant of n named name, in document order, into out. */
void xl_find_all(struct node *n, const char *name, GPtrArray *out)
{
    for (guint i = 0; i < n->kids->len; i++) {
        struct node *k = g_ptr_array_index(n->kids, i);
        if (strcmp(k->name, name) == 0)
            g_ptr_array_add(out, k);
        xl_find_all(k, name, out);
    }
}

struct node *xl_find_one(struct node *n, const char *name)
{
    GPtrArray *all = g_ptr_array_new();
    xl_find_all(n, name, all);
    struct node *got = all->len ? g_ptr_array_index(all, 0) : NULL;
    g_ptr_array_free(all, TRUE);
    return got;
}

const char *xl_attr(const struct node *n, const char *name)
{
    return n ? g_hash_table_lookup(n->attrs, name) : NULL;
}

/* The concatenated text of every <t> under n (a shared or inline string). */
static char *xl_string_of(struct node *n)
{
    GPtrArray *ts = g_ptr_array_new();
    xl_find_all(n, "t", ts);
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < ts->len; i++)
        g_string_append(s, ((struct node *)g_ptr_array_index(ts, i))->text->str);
    g_ptr_array_free(ts, TRUE);
    return g_string_free(s, FALSE);
}

/* ---- the XLSX read back ---- */

char *xl_zip_part(zip_t *z, const char *name, size_t *len)
{
    zip_stat_t st;
    if (zip_stat(z, name, 0, &st) != 0)
        return NULL;
    zip_file_t *f = zip_fopen(z, name, 0);
    cr_assert(f, "cannot open %s", name);
    char *buf = g_malloc(st.size + 1);
    cr_assert_eq(zip_fread(f, buf, st.size), (zip_int64_t)st.size);
    buf[st.size] = '\0';
    zip_fclose(f);
    *len = st.size;
    return buf;
}

void xl_book_open(struct book *b, int fd, size_t size)
{
    /* the descriptor is at the file's start, and size is its length */
    cr_assert_eq(lseek(fd, 0, SEEK_CUR), 0);
    cr_assert_eq((size_t)lseek(fd, 0, SEEK_END), size);
    lseek(fd, 0, SEEK_SET);
    int err = 0;
    zip_t *z = zip_fdopen(fd, ZIP_RDONLY, &err); /* takes fd */
    cr_assert(z, "not a zip file (libzip error %d)", err);
    size_t len;
    char *xml = xl_zip_part(z, "xl/worksheets/sheet1.xml", &len);
    cr_assert(xml);
    b->sheet = xl_parse_xml(xml, len);
    g_free(xml);
    xml = xl_zip_part(z, "xl/styles.xml", &len);
    cr_assert(xml);
    b->styles = xl_parse_xml(xml, len);
    g_free(xml);
    b->shared = g_ptr_array_new_with_free_func(g_free);
    b->strings = NULL;
    xml = xl_zip_part(z, "xl/sharedStrings.xml", &len);
    if (xml) {
        b->strings = xl_parse_xml(xml, len);
        g_free(xml);
        GPtrArray *si = g_ptr_array_new();
        xl_find_all(b->strings, "si", si);
        for (guint i = 0; i < si->len; i++)
            g_ptr_array_add(b->shared, xl_string_of(g_ptr_array_index(si, i)));
        g_ptr_array_free(si, TRUE);
    }
    zip_close(z);
}

void xl_book_close(struct book *b)
{
    xl_node_free(b->sheet);
    xl_node_free(b->styles);
    if (b->strings)
        xl_node_free(b->strings);
    g_ptr_array_unref(b->shared);
}

struct node *xl_cell(struct book *b, const char *ref)
{
    GPtrArray *cs = g_ptr_array_new();
    xl_find_all(b->sheet, "c", cs);
    struct node *got = NULL;
    for (guint i = 0; i < cs->len && !got; i++)
        if (g_strcmp0(xl_attr(g_ptr_array_index(cs, i), "r"), ref) == 0)
            got = g_ptr_array_index(cs, i);
    g_ptr_array_free(cs, TRUE);
    return got;
}

/* The text a string cell shows, shared or inline (g_free). */
char *xl_cell_string(struct book *b, const char *ref)
{
    struct node *c = xl_cell(b, ref);
    cr_assert(c, "no cell %s", ref);
    const char *t = xl_attr(c, "t");
    if (g_strcmp0(t, "inlineStr") == 0)
        return xl_string_of(c);
    cr_assert_str_eq(t, "s", "cell %s is not a string", ref);
    struct node *v = xl_find_one(c, "v");
    cr_assert(v);
    guint idx = (guint)g_ascii_strtoull(v->text->str, NULL, 10);
    cr_assert_lt(idx, b->shared->len);
    return g_strdup(g_ptr_array_index(b->shared, idx));
}

/* The <v> text of a number cell, asserting it has no t= (a number). */
const char *xl_cell_number(struct book *b, const char *ref)
{
    struct node *c = xl_cell(b, ref);
    cr_assert(c, "no cell %s", ref);
    cr_assert_null(xl_attr(c, "t"), "cell %s is t=%s, not a number", ref, xl_attr(c, "t"));
    struct node *v = xl_find_one(c, "v");
    cr_assert(v, "cell %s has no value", ref);
    return v->text->str;
}

/* The cell's style: cellXfs[s] of styles.xml. */
static struct node *xl_cell_xf(struct book *b, const char *ref)
{
    const char *s = xl_attr(xl_cell(b, ref), "s");
    cr_assert(s, "cell %s has no style", ref);
    struct node *xfs = xl_find_one(b->styles, "cellXfs");
    cr_assert(xfs);
    guint idx = (guint)g_ascii_strtoull(s, NULL, 10);
    cr_assert_lt(idx, xfs->kids->len);
    return g_ptr_array_index(xfs->kids, idx);
}

/* The number format code of the cell's style: a custom one from <numFmts>,
 * or one of the built-in ids Excel knows. */
const char *xl_cell_numfmt(struct book *b, const char *ref)
{
    const char *id = xl_attr(xl_cell_xf(b, ref), "numFmtId");
    cr_assert(id);
    GPtrArray *fmts = g_ptr_array_new();
    xl_find_all(b->styles, "numFmt", fmts);
    const char *code = NULL;
    for (guint i = 0; i < fmts->len && !code; i++)
        if (strcmp(xl_attr(g_ptr_array_index(fmts, i), "numFmtId"), id) == 0)
            code = xl_attr(g_ptr_array_index(fmts, i), "formatCode");
    g_ptr_array_free(fmts, TRUE);
    if (code)
        return code;
    static const char *const builtin[] = {"General", "0", "0.00", "#,##0", "#,##0.00"};
    unsigned n = (unsigned)g_ascii_strtoull(id, NULL, 10);
    cr_assert_lt(n, G_N_ELEMENTS(builtin), "unexpected built-in format %s", id);
    return builtin[n];
}

bool xl_cell_bold(struct book *b, const char *ref)
{
    const char *font = xl_attr(xl_cell_xf(b, ref), "fontId");
    struct node *fonts = xl_find_one(b->styles, "fonts");
    guint idx = (guint)g_ascii_strtoull(font, NULL, 10);
    cr_assert_lt(idx, fonts->kids->len);
    return xl_find_one(g_ptr_array_index(fonts->kids, idx), "b") != NULL;
}

void xl_expect_string(struct book *b, const char *ref, const char *want)
{
    char *got = xl_cell_string(b, ref);
    cr_assert_str_eq(got, want, "cell %s", ref);
    g_free(got);
}

double xl_number(struct book *b, const char *ref)
{
    return g_ascii_strtod(xl_cell_number(b, ref), NULL);
}
