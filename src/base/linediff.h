/*
 * linediff.h - a line diff of two texts (the library's "Сравнить" between
 * two versions of a document; issue 14, item 3; docs/library.md): which
 * lines of the old text were deleted and which of the new were inserted,
 * each with its line number, by Myers' O(ND) algorithm in linear space
 * (E. Myers, "An O(ND) Difference Algorithm and Its Variations", 1986).
 * Debian 12 has no C library for line diffs short of a large dependency
 * (libgit2, GNU diffutils is a program), so this is written here, small
 * and bounded: the texts are split at '\n' (a "\r" before it is dropped),
 * lines are compared exactly, and the work is capped so that two large,
 * wholly different texts cost a bounded time: past the cap the rest of a
 * region is answered as deleted and inserted whole (still a correct diff,
 * only not the shortest).
 */
#ifndef VO_BASE_LINEDIFF_H
#define VO_BASE_LINEDIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"

/* One changed line. */
struct vo_diff_line {
    bool insert;      /* true: a line of the new text; false: of the old, deleted */
    int64_t line;     /* its number in its text, from 1 */
    const char *text; /* without its end of line, in the arena */
};

struct vo_diff {
    struct vo_diff_line *lines; /* in the order of the texts: a region's deletions first */
    size_t n;
    size_t inserted, deleted;
    int64_t old_lines, new_lines; /* how many lines each text has */
    bool capped;                  /* the work cap was reached (see above) */
};

/* The diff of old_text to new_text (NUL-terminated) into *out, its lines
 * in a. VO_ENOMEM when the arena refuses. */
vo_err vo_linediff(const char *old_text, const char *new_text, struct vo_arena *a,
                   struct vo_diff *out, struct vo_error *e);

#endif
