/*
 * linediff.c - Myers' line diff in linear space (linediff.h).
 *
 * The lines of both texts are interned into integers (equal lines, equal
 * numbers), so a comparison is one integer's. diff() trims the common head
 * and tail of a region, answers a region with one side empty directly, and
 * otherwise finds the middle snake (the middle of a shortest edit script,
 * searched from both ends at once) and recurses on the two halves: each
 * half has at most half the edits, so the recursion ends, and only the
 * O(N + M) arrays of furthest reaches are kept. `work` counts the diagonal
 * steps taken; past WORK_MAX a region still to split is answered as
 * deleted and inserted whole.
 */
#include "base/linediff.h"

#include <glib.h>
#include <string.h>

/* Diagonals searched before a region is given up as wholly replaced:
 * well under a second of work, which two 200,000-byte texts of wholly
 * different short lines would exceed many times over. */
#define WORK_MAX ((int64_t)50000000)

struct text {
    const char **line; /* the lines, in the arena */
    int *id;           /* their interned numbers */
    int n;
};

struct ctx {
    struct text a, b;
    int *vf, *vb; /* furthest reaches by diagonal, offset by `off` */
    int off;
    int64_t work;
    struct vo_arena *arena;
    struct vo_diff *out;
    size_t cap;
    bool oom;
};

/* Splits s into its lines (a final '\n' ends the last line, it does not
 * start an empty one), interning each into ids. */
static bool split(const char *s, GHashTable *ids, struct vo_arena *a, struct text *t)
{
    size_t n = 0;
    for (const char *p = s; *p; p++)
        n += *p == '\n';
    size_t len = strlen(s);
    if (len && s[len - 1] != '\n')
        n++;
    t->n = (int)n;
    t->line = vo_arena_array(a, n + 1, sizeof *t->line);
    t->id = vo_arena_array(a, n + 1, sizeof *t->id);
    if (!t->line || !t->id)
        return false;
    const char *p = s;
    for (size_t i = 0; i < n; i++) {
        const char *e = strchr(p, '\n');
        size_t k = e ? (size_t)(e - p) : strlen(p);
        size_t shown = k && p[k - 1] == '\r' ? k - 1 : k;
        char *l = vo_arena_strndup(a, p, shown);
        if (!l)
            return false;
        t->line[i] = l;
        gpointer v = g_hash_table_lookup(ids, l);
        if (!v) {
            v = GINT_TO_POINTER((int)g_hash_table_size(ids) + 1);
            g_hash_table_insert(ids, l, v);
        }
        t->id[i] = GPOINTER_TO_INT(v);
        p = e ? e + 1 : p + k;
    }
    return true;
}

static void emit(struct ctx *c, bool insert, int i)
{
    struct vo_diff *o = c->out;
    if (c->oom)
        return;
    struct vo_diff_line *v = vo_arena_grow(c->arena, o->lines, &c->cap, o->n, sizeof *v);
    if (!v) {
        c->oom = true;
        return;
    }
    o->lines = v;
    o->lines[o->n++] = (struct vo_diff_line){
        .insert = insert, .line = i + 1, .text = insert ? c->b.line[i] : c->a.line[i]};
    if (insert)
        o->inserted++;
    else
        o->deleted++;
}

/* The region a[a0, a1) x b[b0, b1) answered as deleted and inserted whole. */
static void replace(struct ctx *c, int a0, int a1, int b0, int b1)
{
    for (int i = a0; i < a1; i++)
        emit(c, false, i);
    for (int j = b0; j < b1; j++)
        emit(c, true, j);
}

/* The middle snake of a[a0, a1) x b[b0, b1) (both not empty, their first
 * lines and their last lines differing): it runs from (*x, *y) to (*u, *v),
 * in the texts' numbering. false when the work cap was reached. */
static bool middle_snake(struct ctx *c, int a0, int a1, int b0, int b1, int *x, int *y, int *u,
                         int *v)
{
    const int *A = c->a.id + a0, *B = c->b.id + b0;
    int n = a1 - a0, m = b1 - b0, delta = n - m, max = (n + m + 1) / 2;
    bool odd = (delta & 1) != 0;
    int *vf = c->vf + c->off, *vb = c->vb + c->off;
    vf[1] = 0;
    vb[1] = 0;
    for (int d = 0; d <= max; d++) {
        c->work += 2 * (int64_t)d + 1;
        if (c->work > WORK_MAX)
            return false;
        for (int k = -d; k <= d; k += 2) {
            int px = k == -d || (k != d && vf[k - 1] < vf[k + 1]) ? vf[k + 1] : vf[k - 1] + 1;
            int py = px - k, sx = px, sy = py;
            while (px < n && py < m && A[px] == B[py])
                px++, py++;
            vf[k] = px;
            int kb = delta - k;
            if (odd && kb >= -(d - 1) && kb <= d - 1 && vf[k] + vb[kb] >= n) {
                *x = a0 + sx, *y = b0 + sy, *u = a0 + px, *v = b0 + py;
                return true;
            }
        }
        for (int k = -d; k <= d; k += 2) {
            int px = k == -d || (k != d && vb[k - 1] < vb[k + 1]) ? vb[k + 1] : vb[k - 1] + 1;
            int py = px - k, sx = px, sy = py;
            while (px < n && py < m && A[n - 1 - px] == B[m - 1 - py])
                px++, py++;
            vb[k] = px;
            int kf = delta - k;
            if (!odd && kf >= -d && kf <= d && vb[k] + vf[kf] >= n) {
                *x = a0 + n - px, *y = b0 + m - py, *u = a0 + n - sx, *v = b0 + m - sy;
                return true;
            }
        }
    }
    return false; /* not reached: a path of at most n + m edits exists */
}

static void diff(struct ctx *c, int a0, int a1, int b0, int b1)
{
    while (a0 < a1 && b0 < b1 && c->a.id[a0] == c->b.id[b0])
        a0++, b0++;
    while (a0 < a1 && b0 < b1 && c->a.id[a1 - 1] == c->b.id[b1 - 1])
        a1--, b1--;
    if (a0 == a1 || b0 == b1) {
        replace(c, a0, a1, b0, b1);
        return;
    }
    int x, y, u, v;
    if (c->out->capped || !middle_snake(c, a0, a1, b0, b1, &x, &y, &u, &v)) {
        c->out->capped = true;
        replace(c, a0, a1, b0, b1);
        return;
    }
    diff(c, a0, x, b0, y);
    diff(c, u, a1, v, b1);
}

vo_err vo_linediff(const char *old_text, const char *new_text, struct vo_arena *a,
                   struct vo_diff *out, struct vo_error *e)
{
    memset(out, 0, sizeof *out);
    struct ctx c = {.arena = a, .out = out};
    GHashTable *ids = g_hash_table_new(g_str_hash, g_str_equal);
    bool ok = split(old_text ? old_text : "", ids, a, &c.a) &&
              split(new_text ? new_text : "", ids, a, &c.b);
    g_hash_table_destroy(ids);
    if (ok) {
        c.off = (c.a.n + c.b.n + 1) / 2 + 2;
        c.vf = vo_arena_array(a, 2 * (size_t)c.off + 1, sizeof *c.vf);
        c.vb = vo_arena_array(a, 2 * (size_t)c.off + 1, sizeof *c.vb);
        ok = c.vf && c.vb;
    }
    if (ok) {
        out->old_lines = c.a.n;
        out->new_lines = c.b.n;
        diff(&c, 0, c.a.n, 0, c.b.n);
        ok = !c.oom;
    }
    return ok ? VO_OK : vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
}
