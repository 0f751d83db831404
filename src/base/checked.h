/*
 * checked.h - int64 arithmetic that says when it leaves the range instead
 * of wrapping (GCC's and Clang's __builtin_*_overflow).
 *
 * Every sum the reports make (money, seconds, counts) goes through these,
 * so a total that no int64 holds is an error with a message, never a
 * silently wrapped figure (issue 8, item 14). Amounts are bounded at the
 * edge (model.h, VO_AMOUNT_MAX), so with data the product accepted a sum
 * would need billions of maximal rows to get here; the check is for data
 * stored before the bounds, or written past them.
 */
#ifndef VO_BASE_CHECKED_H
#define VO_BASE_CHECKED_H

#include <stdbool.h>
#include <stdint.h>

/* *acc += v; false (and *acc unspecified) when the sum leaves int64. */
static inline bool vo_add_ok(int64_t *acc, int64_t v)
{
    return !__builtin_add_overflow(*acc, v, acc);
}

/* *out = a - b; false when the difference leaves int64. */
static inline bool vo_sub_ok(int64_t a, int64_t b, int64_t *out)
{
    return !__builtin_sub_overflow(a, b, out);
}

/* *out = a * b; false when the product leaves int64. */
static inline bool vo_mul_ok(int64_t a, int64_t b, int64_t *out)
{
    return !__builtin_mul_overflow(a, b, out);
}

#endif
