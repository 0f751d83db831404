/*
 * test_csv_out.c - the CSV writer (src/render/csv_out.c): the formula guard
 * on every dangerous first character of a text cell and on no number,
 * RFC 4180 quoting, absent values, and the output read back by the
 * importer's own reader (libcsv) to the same cells.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/csv.h"
#include "model/model.h"
#include "render/csv_out.h"

/* A writer into memory; finish() returns the text (free it). */
static FILE *mem;
static char *text;
static size_t text_len;

static void start(struct vo_csv_out *w)
{
    mem = open_memstream(&text, &text_len);
    cr_assert(mem);
    vo_csv_out_init(w, mem);
}

static char *finish(void)
{
    fclose(mem);
    return text;
}

/* One text cell on its own row, as written. */
static char *one_text(const char *s)
{
    struct vo_csv_out w;
    start(&w);
    vo_csv_text(&w, s);
    vo_csv_end_row(&w);
    return finish();
}

static void expect_text(const char *in, const char *want)
{
    char *got = one_text(in);
    cr_assert_str_eq(got, want, "cell \"%s\": got [%s], want [%s]", in, got, want);
    free(got);
}

Test(csv_out, every_formula_start_is_guarded)
{
    expect_text("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"\n");
    expect_text("=1+1", "'=1+1\n");
    expect_text("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0\n");
    expect_text("-2+3", "'-2+3\n");
    expect_text("-5", "'-5\n"); /* text that looks like a number is still text */
    expect_text("@SUM(A1:A9)", "'@SUM(A1:A9)\n");
    expect_text("\t=1+1", "\"'\t=1+1\"\n");
    expect_text("\r=1+1", "\"'\r=1+1\"\n");
    expect_text("\n=1+1", "\"'\n=1+1\"\n");
}

Test(csv_out, harmless_text_is_left_alone)
{
    expect_text("Анна Петрова", "Анна Петрова\n");
    expect_text("anna@t.ru", "anna@t.ru\n");
    expect_text("a=b", "a=b\n");     /* only the first character matters */
    expect_text("'=x", "'=x\n");     /* already a text marker */
    expect_text(" =1+1", " =1+1\n"); /* a space first is text to a spreadsheet */
    expect_text("Сделка №5 — 100%", "Сделка №5 — 100%\n");
}

Test(csv_out, quotes_per_rfc_4180)
{
    expect_text("ООО \"Ромашка\"", "\"ООО \"\"Ромашка\"\"\"\n");
    expect_text("a,b", "\"a,b\"\n");
    expect_text("line 1\nline 2", "\"line 1\nline 2\"\n");
    expect_text("a\r\nb", "\"a\r\nb\"\n");
    /* the separators of other spreadsheet settings are quoted too */
    expect_text("a;=cmd()", "\"a;=cmd()\"\n");
    expect_text("a\tb", "\"a\tb\"\n");
}

Test(csv_out, absent_values_are_empty_cells)
{
    struct vo_csv_out w;
    start(&w);
    vo_csv_text(&w, NULL);
    vo_csv_text(&w, "");
    vo_csv_int(&w, VO_NULL);
    vo_csv_real(&w, NAN, 10);
    vo_csv_real(&w, INFINITY, 10);
    vo_csv_fixed(&w, VO_NULL, 1);
    vo_csv_empty(&w);
    vo_csv_end_row(&w);
    char *got = finish();
    cr_assert_str_eq(got, ",,,,,,\n");
    free(got);
}

Test(csv_out, numbers_are_never_guarded)
{
    struct vo_csv_out w;
    start(&w);
    vo_csv_int(&w, -5);
    vo_csv_int(&w, 0);
    vo_csv_int(&w, INT64_MAX);
    vo_csv_int(&w, VO_NULL + 1);
    vo_csv_real(&w, -0.4, 10);
    vo_csv_real(&w, -200000.0, 10);
    vo_csv_real(&w, 1142857.142857143, 10);
    vo_csv_real(&w, 2.0 / 3.0, 12);
    vo_csv_fixed(&w, 167, 1);
    vo_csv_fixed(&w, 0, 1);
    vo_csv_fixed(&w, -5, 2);
    vo_csv_fixed(&w, 1000, 1);
    vo_csv_end_row(&w);
    char *got = finish();
    cr_assert_str_eq(got, "-5,0,9223372036854775807,-9223372036854775807,-0.4,-200000,"
                          "1142857.143,0.666666666667,16.7,0.0,-0.05,100.0\n");
    free(got);
}

Test(csv_out, a_header_and_rows_read_back_to_the_same_cells)
{
    const char *hostile[] = {"=HYPERLINK(\"http://x\",\"click\")",
                             "+cmd|' /C calc'!A0",
                             "@SUM(1+1)*cmd|' /C calc'!A0",
                             "\tx",
                             "-1",
                             "a,\"b\"\nc"};
    struct vo_csv_out w;
    start(&w);
    static const char *const hdr[] = {"kind", "title", "amount", NULL};
    vo_csv_header(&w, hdr);
    for (size_t i = 0; i < G_N_ELEMENTS(hostile); i++) {
        vo_csv_text(&w, "deal");
        vo_csv_text(&w, hostile[i]);
        vo_csv_int(&w, -(int64_t)i);
        vo_csv_end_row(&w);
    }
    char *got = finish();
    struct vo_arena a;
    vo_arena_init(&a, 0);
    struct vo_csv *t = NULL;
    struct vo_csv_notes notes = {0};
    struct vo_error e = {0};
    struct vo_csv_opts o = {.delim = ',', .encoding = VO_CSV_UTF8};
    cr_assert_eq(vo_csv_parse(got, strlen(got), "out.csv", &o, &a, &t, &notes, &e), VO_OK, "%s",
                 e.msg);
    cr_assert_eq(notes.n, 0, "%s", notes.n ? notes.v[0].msg : "");
    cr_assert_eq(t->ncols, 3);
    cr_assert_eq(t->nrows, G_N_ELEMENTS(hostile));
    for (size_t i = 0; i < t->nrows; i++) {
        char *want = g_strconcat(strchr("=+-@\t", hostile[i][0]) ? "'" : "", hostile[i], NULL);
        cr_assert_str_eq(t->rows[i].f[1], want, "row %zu", i);
        g_free(want);
        char *num = g_strdup_printf("%lld", -(long long)i);
        if (i == 0)
            cr_assert_str_eq(t->rows[i].f[2], "0");
        else
            cr_assert_str_eq(t->rows[i].f[2], num, "row %zu: a negative number stays one", i);
        g_free(num);
    }
    vo_arena_cleanup(&a);
    free(got);
}
