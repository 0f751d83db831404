/*
 * numeric.h - small numeric helpers the analytics share: money rounded
 * half away from zero (METRICS.md "Time, money, attribution") and the k-th
 * smallest of an array (medians, percentiles) in linear expected time.
 */
#ifndef VO_ANALYTICS_NUMERIC_H
#define VO_ANALYTICS_NUMERIC_H

#include <stddef.h>
#include <stdint.h>

/* x rounded to the nearest integer, halves away from zero; clamped to
 * -INT64_MAX .. INT64_MAX (NaN gives -INT64_MAX). */
int64_t vo_round_money(double x);
/* Puts the k-th smallest (0-based) of v[0..n) at v[k], smaller ones
 * before it and larger ones after it (Hoare's quickselect, median of
 * three). n > k. */
void vo_select_kth(int64_t *v, size_t n, size_t k);

#endif
