/*
 * arena.h - a bump allocator with a size cap.
 *
 * Each request and each CLI command gets one arena: parsed input, copied
 * rows and pieces of output live in it and die together with
 * vo_arena_cleanup(). Nothing allocated here is freed one by one. The cap
 * (like curl's "toobig") turns a runaway input into VO_ENOMEM rather than
 * an out-of-memory kill.
 */
#ifndef VO_BASE_ARENA_H
#define VO_BASE_ARENA_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct vo_arena_block;

struct vo_arena {
    struct vo_arena_block *head;
    size_t used_total; /* bytes handed out, all blocks */
    size_t cap;        /* 0 = no cap */
    size_t refused;    /* allocations refused so far (over the cap, out of
                        * memory): a reader that cannot check each copy,
                        * such as a loop over a query's rows, compares it
                        * before and after */
};

/* Prepares an empty arena; cap in bytes, 0 for none. */
void vo_arena_init(struct vo_arena *a, size_t cap);
/* Frees every block; the arena may be used again afterwards. */
void vo_arena_cleanup(struct vo_arena *a);

/* Returns n zeroed bytes aligned for any type, or NULL when over the cap
 * or out of memory. */
void *vo_arena_alloc(struct vo_arena *a, size_t n);
/* Array of n elements of size sz, overflow-checked. */
void *vo_arena_array(struct vo_arena *a, size_t n, size_t sz);
/* The same, NOT zeroed: for scratch the caller writes before it reads
 * (a report's megabytes of durations: zeroing them was a tenth of the
 * funnel at 1M deals). */
void *vo_arena_array_raw(struct vo_arena *a, size_t n, size_t sz);
/* Copies s (NULL gives NULL) / the first n bytes of s, NUL-terminated. */
char *vo_arena_strdup(struct vo_arena *a, const char *s);
char *vo_arena_strndup(struct vo_arena *a, const char *s, size_t n);
/* printf into the arena. */
char *vo_arena_printf(struct vo_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *vo_arena_vprintf(struct vo_arena *a, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* Room for one more element of size sz in the arena array v that holds cnt
 * elements in *cap slots. Returns v itself while there is room; when full,
 * a new array of twice the slots (16 at first) from the arena with the cnt
 * elements copied in (and *cap updated); NULL when the arena refuses (over
 * its cap or out of memory), v and *cap then unchanged. */
void *vo_arena_grow(struct vo_arena *a, void *v, size_t *cap, size_t cnt, size_t sz);

/* Allocation-failure injection, for the torture tests only
 * (docs/internals/testing.md, "Allocation failures"). While armed, every
 * counted allocation is numbered from 1: each vo_arena_alloc (and so every
 * arena function above) and, once vo_store_alloc_fault_install has run,
 * each SQLite malloc and realloc. The one numbered fail_at fails as if
 * memory were exhausted, and only it (0: none fails, they are only
 * counted). Counting is atomic (a dataset load reads on two threads).
 * Nothing arms it outside tests: what production pays is one relaxed
 * atomic load and an untaken branch per vo_arena_alloc. */
void vo_alloc_fault_arm(long fail_at);
/* Disarms; returns how many allocations were counted since arming. */
long vo_alloc_fault_disarm(void);
/* For an allocator that takes part: counts one allocation when armed and
 * says whether it is the one to fail. */
bool vo_alloc_fault(void);

#define VO_ARENA_NEW(a, type)      ((type *)vo_arena_alloc((a), sizeof(type)))
#define VO_ARENA_ARRAY(a, type, n) ((type *)vo_arena_array((a), (n), sizeof(type)))

#endif
