/*
 * search.c - the global search's benchmark row (`make bench`, docs/bench.md):
 * voronka_bench_search DB [RUNS [MANAGER]] runs each query of a fixed set RUNS times
 * through vo_svc_search (limit 20, as the API's default) twice: as the
 * operator (every object of org 1 is theirs) and as a manager who owns
 * none of them (the worst case of the owner filter: every match is read
 * and none kept), and, given MANAGER (a user id), as that manager; it
 * prints each query's median and the p50 and p99 of
 * all the timings of each, with the target (50 ms).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "base/arena.h"
#include "service/crm.h"
#include "timing.h"

#define MAX_RUNS  1000
#define TARGET_MS 50.0

static double now_ms(void)
{
    return vo_bench_now_us() / 1e3;
}

/* The p-th percentile (0..100) of v[0..n), sorted. */
static double pct(const double *v, size_t n, double p)
{
    size_t i = (size_t)((double)(n - 1) * p / 100.0 + 0.5);
    return v[i < n ? i : n - 1];
}

/* Runs each query RUNS times as svc's actor (who), printing the medians
 * and the p50 and p99 of all; 0, or 3 on an error. */
static int run(struct vo_svc *svc, const char *const *queries, int runs, const char *who)
{
    struct vo_error e = {0};
    size_t nq = 0;
    while (queries[nq])
        nq++;
    double *all = calloc(nq * (size_t)runs, sizeof *all);
    double *one = calloc((size_t)runs, sizeof *one);
    size_t k = 0;
    int rc = all && one ? 0 : 3;
    for (size_t q = 0; q < nq && !rc; q++) {
        size_t hits = 0;
        for (int i = 0; i < runs && !rc; i++) {
            struct vo_search_hit *v = NULL;
            double t0 = now_ms();
            if (vo_svc_search(svc, queries[q], 20, &v, &hits, &e)) {
                fprintf(stderr, "voronka_bench_search: %s: %s\n", queries[q], e.msg);
                rc = 3;
            }
            one[i] = all[k++] = now_ms() - t0;
        }
        qsort(one, (size_t)runs, sizeof *one, vo_bench_cmp_double);
        printf("search (%s) \"%s\": %zu hits, median %.2f ms\n", who, queries[q], hits,
               pct(one, (size_t)runs, 50));
    }
    if (!rc) {
        qsort(all, k, sizeof *all, vo_bench_cmp_double);
        double p50 = pct(all, k, 50), p99 = pct(all, k, 99);
        printf("search (%s): %zu queries x %d runs: p50 %.2f ms, p99 %.2f ms (target < %.0f ms: "
               "%s)\n",
               who, nq, runs, p50, p99, TARGET_MS, p99 < TARGET_MS ? "met" : "NOT MET");
    }
    free(all);
    free(one);
    return rc;
}

int main(int argc, char **argv)
{
    static const char *const queries[] = {
        "ооо", "ип", "маг", "вект", "ром", "станок", "12345", "+7 (912) 345-67-89", "zzzz", NULL,
    };
    if (argc < 2) {
        fprintf(stderr, "usage: voronka_bench_search DB [RUNS [MANAGER]]\n");
        return 1;
    }
    int runs = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 21;
    if (runs < 1 || runs > MAX_RUNS) {
        fprintf(stderr, "voronka_bench_search: RUNS is 1..%d\n", MAX_RUNS);
        return 1;
    }
    struct vo_store *st = NULL;
    struct vo_error e = {0};
    struct vo_arena a;
    struct vo_svc svc;
    vo_arena_init(&a, 0);
    if (vo_store_open(argv[1], 0, &st, &e) || vo_svc_init(&svc, st, 1, &a, &e)) {
        fprintf(stderr, "voronka_bench_search: %s\n", e.msg);
        return 3;
    }
    int rc = 0;
    int64_t manager = argc > 3 ? strtoll(argv[3], NULL, 10) : 0;
    for (int pass = 0; pass < (manager > 0 ? 3 : 2) && !rc; pass++) {
        static const char *const who[] = {"the operator", "a manager owning none",
                                          "manager MANAGER"};
        if (pass > 0) {
            svc.actor_role = VO_ROLE_MANAGER;
            svc.actor_id = pass == 1 ? INT64_MAX : manager; /* INT64_MAX: owns nothing */
        }
        rc = run(&svc, queries, runs, who[pass]);
    }
    vo_svc_cleanup(&svc);
    vo_store_close(st);
    vo_arena_cleanup(&a);
    return rc;
}
