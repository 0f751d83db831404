/*
 * arena.c - blocks chained newest first; a request bigger than the default
 * block size gets a block of its own.
 */
#include "base/arena.h"
#include "base/buf.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_SIZE (64 * 1024)
#define ALIGN      16

struct vo_arena_block {
    struct vo_arena_block *next;
    size_t size;
    size_t used;
    _Alignas(ALIGN) unsigned char data[];
};

/* The fault injection's state (arena.h): armed is only ever set by a
 * test; seen numbers the allocations while it is. */
static atomic_bool fault_armed;
static atomic_long fault_seen;
static atomic_long fault_at;

void vo_alloc_fault_arm(long fail_at)
{
    atomic_store(&fault_seen, 0);
    atomic_store(&fault_at, fail_at);
    atomic_store(&fault_armed, true);
}

long vo_alloc_fault_disarm(void)
{
    atomic_store(&fault_armed, false);
    return atomic_load(&fault_seen);
}

bool vo_alloc_fault(void)
{
    if (!atomic_load_explicit(&fault_armed, memory_order_relaxed))
        return false;
    long n = atomic_fetch_add(&fault_seen, 1) + 1;
    return n == atomic_load(&fault_at);
}

void vo_arena_init(struct vo_arena *a, size_t cap)
{
    a->head = NULL;
    a->used_total = 0;
    a->cap = cap;
    a->refused = 0;
}

void vo_arena_cleanup(struct vo_arena *a)
{
    struct vo_arena_block *b = a->head;
    while (b) {
        struct vo_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
    a->used_total = 0;
}

/* n bytes, aligned, not zeroed (vo_arena_alloc's and _array_raw's). */
static void *alloc_raw(struct vo_arena *a, size_t n)
{
    size_t need = (n + (ALIGN - 1)) & ~(size_t)(ALIGN - 1);
    if (need < n || (a->cap && (need > a->cap || a->used_total > a->cap - need)) ||
        (atomic_load_explicit(&fault_armed, memory_order_relaxed) && vo_alloc_fault())) {
        a->refused++;
        return NULL;
    }
    struct vo_arena_block *b = a->head;
    if (!b || b->size - b->used < need) {
        size_t size = need > BLOCK_SIZE ? need : BLOCK_SIZE;
        b = malloc(sizeof *b + size);
        if (!b) {
            a->refused++;
            return NULL;
        }
        b->size = size;
        b->used = 0;
        if (a->head && size > BLOCK_SIZE) {
            /* A big one-off block goes behind the current one, so the
             * current block's free space is not abandoned. */
            b->next = a->head->next;
            a->head->next = b;
        } else {
            b->next = a->head;
            a->head = b;
        }
    }
    void *p = b->data + b->used;
    b->used += need;
    a->used_total += need;
    return p;
}

void *vo_arena_alloc(struct vo_arena *a, size_t n)
{
    void *p = alloc_raw(a, n);
    if (p)
        memset(p, 0, n);
    return p;
}

void *vo_arena_array(struct vo_arena *a, size_t n, size_t sz)
{
    if (sz && n > SIZE_MAX / sz)
        return NULL;
    return vo_arena_alloc(a, n * sz);
}

void *vo_arena_array_raw(struct vo_arena *a, size_t n, size_t sz)
{
    if (sz && n > SIZE_MAX / sz)
        return NULL;
    return alloc_raw(a, n * sz);
}

char *vo_arena_strndup(struct vo_arena *a, const char *s, size_t n)
{
    if (!s)
        return NULL;
    char *p = vo_arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *vo_arena_strdup(struct vo_arena *a, const char *s)
{
    return s ? vo_arena_strndup(a, s, strlen(s)) : NULL;
}

char *vo_arena_vprintf(struct vo_arena *a, const char *fmt, va_list ap)
{
    int n = vo_vprintf_len(fmt, ap);
    if (n < 0)
        return NULL;
    char *p = vo_arena_alloc(a, (size_t)n + 1);
    if (p)
        vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *vo_arena_printf(struct vo_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = vo_arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

void *vo_arena_grow(struct vo_arena *a, void *v, size_t *cap, size_t cnt, size_t sz)
{
    if (v && cnt < *cap)
        return v;
    size_t ncap = *cap ? *cap * 2 : 16;
    if (ncap < *cap)
        return NULL;
    void *nv = vo_arena_array(a, ncap, sz);
    if (!nv)
        return NULL;
    if (v && cnt)
        memcpy(nv, v, cnt * sz);
    *cap = ncap;
    return nv;
}
