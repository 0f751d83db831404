/*
 * table.h - a terminal table a person can read: columns sized to their
 * widest cell counted in characters (UTF-8, so Cyrillic aligns), numbers
 * right-aligned. Rows are copied into the caller's arena.
 */
#ifndef VO_RENDER_TABLE_H
#define VO_RENDER_TABLE_H

#include <stdio.h>

#include "base/arena.h"
#include "base/buf.h"

enum vo_align { VO_ALIGN_LEFT, VO_ALIGN_RIGHT };

struct vo_table {
    struct vo_arena *arena;
    size_t ncols;
    const char **headers;
    enum vo_align *align;
    const char ***rows;
    size_t nrows, cap;
};

/* Prepares a table of ncols columns with these headers (borrowed). */
void vo_table_init(struct vo_table *t, struct vo_arena *a, size_t ncols,
                   const char *const *headers);
void vo_table_align(struct vo_table *t, size_t col, enum vo_align al);
/* Adds a row of ncols cells (NULL prints as empty); cells are copied. */
void vo_table_add(struct vo_table *t, const char *const *cells);
/* Renders into b (header, a rule, the rows). */
void vo_table_render(const struct vo_table *t, struct vo_buf *b);
void vo_table_print(const struct vo_table *t, FILE *f);

#endif
