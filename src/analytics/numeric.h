/*
 * numeric.h - the k-th smallest of an array (medians, percentiles) in
 * linear expected time, for the analytics. (Money rounded half away from
 * zero is vo_money_round, base/money.h.)
 */
#ifndef VO_ANALYTICS_NUMERIC_H
#define VO_ANALYTICS_NUMERIC_H

#include <stddef.h>
#include <stdint.h>

/* Puts the k-th smallest (0-based) of v[0..n) at v[k], smaller ones
 * before it and larger ones after it (Hoare's quickselect, median of
 * three). n > k. */
void vo_select_kth(int64_t *v, size_t n, size_t k);

/* The (k-1)-th and the k-th smallest (0-based) of v[0..n) in *below and
 * *at (*below is left alone when k == 0), n > k. v may be reordered (it
 * stays a permutation of itself). With scratch (room for n int64, its
 * content overwritten) and n large enough, radix rounds find the values'
 * bucket (a histogram of the high bits of v - min, then the bucket's
 * values gathered into scratch: passes without branches, repeated on the
 * gathered values while they are many), several times faster than
 * quickselect's mispredicted branches; without scratch, or for a small n,
 * vo_select_kth. The values found do not depend on the method. */
void vo_select_two(int64_t *v, size_t n, size_t k, int64_t *scratch, int64_t *below, int64_t *at);

#endif
