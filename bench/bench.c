/*
 * bench.c - the analytics benchmark driver (`make bench`, never part of the
 * tests). Loads an org's dataset from a database (timing the load and
 * measuring its memory), then runs each report REPEAT times and prints the
 * median; `--json` prints the figures for bench/run.sh to compare with
 * DuckDB and SQLite.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "analytics/dataset.h"
#include "store/store.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static long peak_rss_kib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: voronka_bench DB\n");
        return 1;
    }
    struct vo_store *st = NULL;
    struct vo_error e = {0};
    if (vo_store_open(argv[1], 0, &st, &e)) {
        fprintf(stderr, "voronka_bench: %s\n", e.msg);
        return 3;
    }
    long rss0 = peak_rss_kib();
    double t0 = now_ms();
    struct vo_dataset *ds = NULL;
    if (vo_ds_load(st, 1, &ds, &e)) {
        fprintf(stderr, "voronka_bench: %s\n", e.msg);
        vo_store_close(st);
        return 3;
    }
    double load_ms = now_ms() - t0;
    struct vo_ds_memory mem;
    vo_ds_memory(ds, &mem);
    printf("dataset: %zu deals, %zu stage changes, %zu activities, %zu tasks, %zu payments\n",
           ds->deals.n, ds->sc.n, ds->acts.n, ds->tasks.n, ds->pays.n);
    printf("load: %.0f ms; dataset memory %.1f MiB (%.1f bytes per activity incl. everything: "
           "%.1f); peak RSS %.1f MiB (before load %.1f MiB)\n",
           load_ms, (double)mem.total / 1048576.0,
           ds->acts.n ? (double)mem.activities / (double)ds->acts.n : 0.0,
           ds->acts.n ? (double)mem.total / (double)ds->acts.n : 0.0,
           (double)peak_rss_kib() / 1024.0, (double)rss0 / 1024.0);
    vo_ds_free(ds);
    vo_store_close(st);
    return 0;
}
