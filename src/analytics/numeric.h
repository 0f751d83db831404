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

#endif
