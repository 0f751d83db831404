/*
 * nps.c - the NPS report's benchmark row (`make bench`, docs/bench.md;
 * issue 12, item 2): voronka_bench_nps DB AS_OF OUTDIR [RUNS].
 *
 * Loads org 1's dataset, then runs the report as `voronka report nps` and
 * GET /api/v1/reports/nps do (vo_svc_report_nps: the period's answers read
 * from the store, counted by analytics/nps.c) over the 12 calendar months
 * ending with the month of AS_OF, by channel, RUNS times with a fresh
 * arena each; prints the median and p90 against the target (100 ms) and
 * writes OUTDIR/nps.json (timings and the period's UTC bounds, for the
 * DuckDB twin bench/duck_nps.mjs) and OUTDIR/voronka-nps.txt (one line per
 * channel: "key responses promoters passives detractors", "-" for none),
 * which run.sh compares with DuckDB's.
 */
#include <stdio.h>
#include <stdlib.h>

#include "analytics/report_query.h"
#include "base/arena.h"
#include "service/dataset_load.h"
#include "service/nps.h"
#include "timing.h"

#define MAX_RUNS  1000
#define TARGET_MS 100.0

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: voronka_bench_nps DB AS_OF OUTDIR [RUNS]\n");
        return 1;
    }
    int runs = argc > 4 ? atoi(argv[4]) : 21;
    if (runs < 1 || runs > MAX_RUNS) {
        fprintf(stderr, "voronka_bench_nps: RUNS is 1..%d\n", MAX_RUNS);
        return 1;
    }
    struct vo_store *st = NULL;
    struct vo_error e = {0};
    struct vo_arena keep;
    vo_arena_init(&keep, 0);
    struct vo_svc svc = {0};
    struct vo_dataset *ds = NULL;
    if (vo_store_open(argv[1], 0, &st, &e) || vo_svc_init(&svc, st, 1, &keep, &e) ||
        vo_svc_dataset_load(st, 1, &ds, &e)) {
        fprintf(stderr, "voronka_bench_nps: %s\n", e.msg);
        return 3;
    }
    int64_t as_of = 0;
    if (vo_cal_as_of_parse(&ds->cal, argv[2], &as_of, "as-of", &e)) {
        fprintf(stderr, "voronka_bench_nps: %s\n", e.msg);
        return 1;
    }
    struct vo_date d = vo_cal_as_of_date(&ds->cal, as_of);
    int m0 = d.y * 12 + d.m - 1 - 11;
    struct vo_period first = vo_cal_month(&ds->cal, (struct vo_date){m0 / 12, m0 % 12 + 1, 1});
    struct vo_period last = vo_cal_month(&ds->cal, d);
    char from[16], to[16];
    vo_date_format(first.first, from, sizeof from);
    vo_date_format(last.last, to, sizeof to);
    struct vo_report_args args = {.from = from, .to = to, .as_of = argv[2], .by = "channel"};
    double t[MAX_RUNS];
    struct vo_nps_result r = {0};
    struct vo_report_query q;
    for (int i = 0; i < runs; i++) {
        struct vo_arena a;
        vo_arena_init(&a, 0);
        bool lastrun = i == runs - 1;
        double s = vo_bench_now_us();
        if (vo_report_query_init(ds, &args, 0, -1, lastrun ? &keep : &a, &q, &e) ||
            vo_svc_report_nps(&svc, &q, &r, &e)) {
            fprintf(stderr, "voronka_bench_nps: %s\n", e.msg);
            return 3;
        }
        t[i] = (vo_bench_now_us() - s) / 1e3;
        vo_arena_cleanup(&a);
    }
    qsort(t, (size_t)runs, sizeof t[0], vo_bench_cmp_double);
    double median = runs % 2 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2;
    double p90 = t[(int)((runs - 1) * 0.9 + 0.5)];
    int64_t answers = 0;
    for (size_t i = 0; i < r.ngroups; i++)
        answers += r.groups[i].responses;
    printf(
        "NPS (%s..%s by channel, %lld answers): median %.2f ms, p90 %.2f ms (target %.0f ms)%s\n",
        from, to, (long long)answers, median, p90, TARGET_MS, p90 <= TARGET_MS ? "" : " NOT MET");
    char path[4096];
    snprintf(path, sizeof path, "%s/nps.json", argv[3]);
    FILE *j = fopen(path, "w");
    snprintf(path, sizeof path, "%s/voronka-nps.txt", argv[3]);
    FILE *f = fopen(path, "w");
    if (!j || !f) {
        fprintf(stderr, "voronka_bench_nps: cannot write to %s\n", argv[3]);
        return 3;
    }
    int64_t end = q.period.end < q.as_of ? q.period.end : q.as_of;
    fprintf(j,
            "{\"runs\": %d, \"from\": %lld, \"to\": %lld, \"answers\": %lld, "
            "\"median_ms\": %.3f, \"p90_ms\": %.3f}\n",
            runs, (long long)q.period.start, (long long)end, (long long)answers, median, p90);
    for (size_t i = 0; i < r.ngroups; i++) {
        const struct vo_nps_group *g = &r.groups[i];
        fprintf(f, "%s %lld %lld %lld %lld\n", g->key ? g->key : "-", (long long)g->responses,
                (long long)g->promoters, (long long)g->passives, (long long)g->detractors);
    }
    fclose(j);
    fclose(f);
    vo_ds_free(ds);
    vo_svc_cleanup(&svc);
    vo_store_close(st);
    vo_arena_cleanup(&keep);
    return 0;
}
