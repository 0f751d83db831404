/*
 * timing.h - the clock and the sort order the benchmark programs share
 * (each is one file linked with voronka_core, so these are static inline).
 */
#ifndef VO_BENCH_TIMING_H
#define VO_BENCH_TIMING_H

#include <time.h>

/* The monotonic clock in microseconds. */
static inline double vo_bench_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* qsort's order of doubles, ascending. */
static inline int vo_bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

#endif
