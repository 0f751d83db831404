/*
 * timing.h - the clock and the sort order the benchmark programs share
 * (each is one file linked with voronka_core, so these are static inline).
 */
#ifndef VO_BENCH_TIMING_H
#define VO_BENCH_TIMING_H

#include <sys/resource.h>
#include <time.h>

/* The monotonic clock in microseconds. */
static inline double vo_bench_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* The monotonic clock in milliseconds. */
static inline double vo_bench_now_ms(void)
{
    return vo_bench_now_us() / 1e3;
}

/* CPU time of this process in milliseconds (the machine is shared: wall
 * time is noisy). */
static inline double vo_bench_cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* The process's peak resident memory so far, in KiB. */
static inline long vo_bench_peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* qsort's order of doubles, ascending. */
static inline int vo_bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

#endif
