/*
 * test_linediff.c - the library's line diff (src/base/linediff.c; issue
 * 14, item 3): hand-worked cases (line numbers of deleted and inserted
 * lines, "\r\n", a final line without "\n", empty texts), and seeded random
 * texts of a small alphabet of lines against brute force: the diff applied
 * to the old text gives the new one, and its length is the shortest
 * (old + new - 2 * LCS, the LCS by dynamic programming). A large wholly
 * different pair reaches the work cap and is still a correct diff.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/linediff.h"

static struct vo_arena arena;

static void setup(void)
{
    vo_arena_init(&arena, 0);
}

static void teardown(void)
{
    vo_arena_cleanup(&arena);
}

TestSuite(linediff, .init = setup, .fini = teardown);

static struct vo_diff run(const char *a, const char *b)
{
    struct vo_diff d;
    struct vo_error e = {0};
    cr_assert_eq(vo_linediff(a, b, &arena, &d, &e), VO_OK, "%s", e.msg);
    return d;
}

static void expect_line(const struct vo_diff *d, size_t i, bool insert, int64_t line,
                        const char *text)
{
    cr_assert_lt(i, d->n);
    cr_assert_eq(d->lines[i].insert, insert, "line %zu", i);
    cr_assert_eq(d->lines[i].line, line, "line %zu", i);
    cr_assert_str_eq(d->lines[i].text, text, "line %zu", i);
}

Test(linediff, hand_worked)
{
    /* a b c d e -> a b C d f e: c (3) deleted, C (new 3) and f (new 5)
     * inserted; a, b, d, e kept */
    struct vo_diff d = run("a\nb\nc\nd\ne\n", "a\nb\nC\nd\nf\ne\n");
    cr_assert_eq(d.n, 3);
    cr_assert_eq(d.old_lines, 5);
    cr_assert_eq(d.new_lines, 6);
    expect_line(&d, 0, false, 3, "c");
    expect_line(&d, 1, true, 3, "C");
    expect_line(&d, 2, true, 5, "f");
    cr_assert_eq(d.deleted, 1);
    cr_assert_eq(d.inserted, 2);

    /* "\r\n" is a line end; a final line without one is a line */
    d = run("один\r\nдва\r\nтри", "один\nтри\n");
    cr_assert_eq(d.n, 1);
    expect_line(&d, 0, false, 2, "два");

    /* from nothing, to nothing, the same */
    d = run("", "x\ny\n");
    cr_assert_eq(d.n, 2);
    expect_line(&d, 0, true, 1, "x");
    expect_line(&d, 1, true, 2, "y");
    d = run("x\n", "");
    cr_assert_eq(d.n, 1);
    expect_line(&d, 0, false, 1, "x");
    d = run("x\n\ny\n", "x\n\ny\n");
    cr_assert_eq(d.n, 0);
    cr_assert_eq(d.old_lines, 3, "an empty line is a line");

    /* a swap: one of the two lines stays */
    d = run("a\nb\n", "b\na\n");
    cr_assert_eq(d.n, 2);
    cr_assert_eq(d.deleted, 1);
    cr_assert_eq(d.inserted, 1);
    cr_assert(!d.capped);
}

/* The LCS of a[0..n) and b[0..m) by dynamic programming. */
static int lcs(const int *a, int n, const int *b, int m)
{
    int *t = g_new0(int, (size_t)(n + 1) * (size_t)(m + 1));
    for (int i = n - 1; i >= 0; i--)
        for (int j = m - 1; j >= 0; j--)
            t[i * (m + 1) + j] = a[i] == b[j]
                                     ? 1 + t[(i + 1) * (m + 1) + j + 1]
                                     : MAX(t[(i + 1) * (m + 1) + j], t[i * (m + 1) + j + 1]);
    int r = t[0];
    g_free(t);
    return r;
}

/* A text of the lines "L<v[i]>". */
static char *text_of(const int *v, int n)
{
    GString *s = g_string_new("");
    for (int i = 0; i < n; i++)
        g_string_append_printf(s, "L%d\n", v[i]);
    return g_string_free(s, FALSE);
}

/* Applies d to the lines a[0..n): the new text's lines, as numbers. */
static int apply(const struct vo_diff *d, const int *a, int n, int *out)
{
    int k = 0, i = 0; /* i: the next old line not yet copied or deleted */
    for (size_t x = 0; x < d->n; x++) {
        const struct vo_diff_line *l = &d->lines[x];
        if (!l->insert) {
            cr_assert_geq(l->line - 1, i, "deletions in order");
            while (i < l->line - 1)
                out[k++] = a[i++];
            i++; /* deleted */
        } else {
            /* an insertion at new line l->line: copy old lines until the
             * new text has l->line - 1 lines */
            while (k < l->line - 1) {
                cr_assert_lt(i, n, "insertion past the old text");
                out[k++] = a[i++];
            }
            int v = 0;
            cr_assert_eq(sscanf(l->text, "L%d", &v), 1);
            out[k++] = v;
        }
    }
    while (i < n)
        out[k++] = a[i++];
    return k;
}

Test(linediff, random_texts_against_brute_force)
{
    GRand *r = g_rand_new_with_seed(20261204u);
    for (int round = 0; round < 400; round++) {
        int n = g_rand_int_range(r, 0, 40), m = g_rand_int_range(r, 0, 40);
        int alpha = g_rand_int_range(r, 1, 8);
        int a[40], b[40], got[80];
        for (int i = 0; i < n; i++)
            a[i] = g_rand_int_range(r, 0, alpha);
        for (int j = 0; j < m; j++)
            b[j] = g_rand_int_range(r, 0, alpha);
        char *ta = text_of(a, n), *tb = text_of(b, m);
        struct vo_diff d = run(ta, tb);
        cr_assert_eq(d.n, (size_t)(n + m - 2 * lcs(a, n, b, m)), "round %d: not the shortest",
                     round);
        cr_assert_eq(d.deleted + d.inserted, d.n);
        int k = apply(&d, a, n, got);
        cr_assert_eq(k, m, "round %d", round);
        for (int j = 0; j < m; j++)
            cr_assert_eq(got[j], b[j], "round %d line %d", round, j);
        g_free(ta);
        g_free(tb);
    }
    g_rand_free(r);
}

Test(linediff, the_work_cap_still_gives_a_correct_diff)
{
    /* 2 x 50,000 short lines, no line in common but the first: the
     * shortest script has about 100,000 edits, far past the cap */
    GString *a = g_string_new("same\n"), *b = g_string_new("same\n");
    for (int i = 0; i < 50000; i++) {
        g_string_append_printf(a, "a%d\n", i);
        g_string_append_printf(b, "b%d\n", i);
    }
    struct vo_diff d = run(a->str, b->str);
    cr_assert_eq(d.deleted, 50000);
    cr_assert_eq(d.inserted, 50000);
    cr_assert_eq(d.lines[0].line, 2, "the common first line is kept");
    cr_assert(d.capped, "past the cap");
    g_string_free(a, TRUE);
    g_string_free(b, TRUE);
}
