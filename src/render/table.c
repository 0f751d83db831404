/*
 * table.c - width in characters through GLib's UTF-8 functions; a column is
 * as wide as its widest cell, two spaces between columns.
 */
#include "render/table.h"

#include <glib.h>
#include <string.h>

void vo_table_init(struct vo_table *t, struct vo_arena *a, size_t ncols, const char *const *headers)
{
    memset(t, 0, sizeof *t);
    t->arena = a;
    t->ncols = ncols;
    t->headers = VO_ARENA_ARRAY(a, const char *, ncols);
    t->align = VO_ARENA_ARRAY(a, enum vo_align, ncols);
    for (size_t i = 0; t->headers && i < ncols; i++)
        t->headers[i] = headers[i];
}

void vo_table_align(struct vo_table *t, size_t col, enum vo_align al)
{
    if (t->align && col < t->ncols)
        t->align[col] = al;
}

void vo_table_add(struct vo_table *t, const char *const *cells)
{
    void *grown = vo_arena_grow(t->arena, t->rows, &t->cap, t->nrows, sizeof *t->rows);
    if (!grown)
        return;
    t->rows = grown;
    const char **row = VO_ARENA_ARRAY(t->arena, const char *, t->ncols);
    if (!row)
        return;
    for (size_t i = 0; i < t->ncols; i++)
        row[i] = vo_arena_strdup(t->arena, cells[i] ? cells[i] : "");
    t->rows[t->nrows++] = row;
}

static size_t width(const char *s)
{
    return g_utf8_validate(s, -1, NULL) ? (size_t)g_utf8_strlen(s, -1) : strlen(s);
}

static void cell(struct vo_buf *b, const char *s, size_t w, enum vo_align al, int last)
{
    size_t pad = w - width(s);
    if (al == VO_ALIGN_RIGHT)
        for (size_t i = 0; i < pad; i++)
            vo_buf_putc(b, ' ');
    vo_buf_puts(b, s);
    if (al == VO_ALIGN_LEFT && !last)
        for (size_t i = 0; i < pad; i++)
            vo_buf_putc(b, ' ');
    if (!last)
        vo_buf_puts(b, "  ");
}

void vo_table_render(const struct vo_table *t, struct vo_buf *b)
{
    size_t w[64] = {0};
    size_t n = t->ncols < 64 ? t->ncols : 64;
    for (size_t c = 0; c < n; c++) {
        w[c] = width(t->headers[c]);
        for (size_t r = 0; r < t->nrows; r++) {
            size_t x = width(t->rows[r][c]);
            if (x > w[c])
                w[c] = x;
        }
    }
    for (size_t c = 0; c < n; c++)
        cell(b, t->headers[c], w[c], t->align[c], c + 1 == n);
    vo_buf_putc(b, '\n');
    for (size_t c = 0; c < n; c++) {
        for (size_t i = 0; i < w[c]; i++)
            vo_buf_puts(b, "\xE2\x94\x80"); /* ─ */
        if (c + 1 < n)
            vo_buf_puts(b, "  ");
    }
    vo_buf_putc(b, '\n');
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t c = 0; c < n; c++)
            cell(b, t->rows[r][c], w[c], t->align[c], c + 1 == n);
        vo_buf_putc(b, '\n');
    }
}

void vo_table_print(const struct vo_table *t, FILE *f)
{
    struct vo_buf b;
    vo_buf_init(&b, 0);
    vo_table_render(t, &b);
    fputs(vo_buf_str(&b), f);
    vo_buf_cleanup(&b);
}
