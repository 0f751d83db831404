/*
 * report_cpu.c - one report in a loop, timed in thread CPU time (the
 * machine is shared: wall time is noisy), for profiling and for before /
 * after comparisons (docs/bench.md, "Reports (issue 16)"). Never part of
 * the tests.
 *
 * voronka_bench_cpu DB AS_OF MODE RUNS DUMPFILE
 *
 * MODE: pf (plan-fact, the month of AS_OF by user), fn (the funnel, the
 * quarter cohort of AS_OF in the first pipeline by user), daily (the daily
 * report of AS_OF's date as of its start), hyg (the hygiene figures).
 * Prints the median, p10, p90 and min of RUNS calls; after the last run
 * writes to DUMPFILE every figure of the report (doubles in %a, exact) for
 * several queries around AS_OF, so two builds can be compared byte for
 * byte.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "analytics/calendar.h"
#include "analytics/daily.h"
#include "analytics/dataset.h"
#include "analytics/funnel.h"
#include "analytics/hygiene.h"
#include "analytics/planfact.h"
#include "base/arena.h"
#include "service/dataset_load.h"
#include "store/store.h"
static double tcpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}
static int cmpd(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}
static void dcell(FILE *f, const struct vo_pf_cell *c)
{
    fprintf(f, " %a %a %a %a %a %a", c->plan, c->fact, c->pct, c->forecast, c->gap,
            c->per_day_needed);
}
static void dpf(FILE *f, const struct vo_pf_result *r)
{
    fprintf(f, "pf %d %d %zu\n", r->elapsed_wd, r->total_wd, r->nrows);
    for (size_t i = 0; i < r->nrows; i++) {
        fprintf(f, "%s %d %s", r->rows[i].scope, r->rows[i].index, r->rows[i].name);
        for (int k = 0; k < VO_M__COUNT; k++)
            dcell(f, &r->rows[i].m[k]);
        fputc('\n', f);
    }
}
static void dgrp(FILE *f, const struct vo_funnel_group *g, size_t ns)
{
    fprintf(f,
            "g %d %s %" PRId64 " %" PRId64 " %" PRId64 " %" PRId64 " %a %a %" PRId64 " %" PRId64
            " %a %d %d %" PRId64 "\n",
            g->key, g->name ? g->name : "-", g->size, g->won, g->lost, g->open, g->overall,
            g->win_rate, g->avg_deal_size, g->won_with_amount, g->sales_cycle_days,
            g->has_bottleneck, g->has_bottleneck ? g->bottleneck : 0,
            g->has_bottleneck ? g->bottleneck_loss : 0);
    for (size_t p = 0; p < ns; p++) {
        const struct vo_funnel_stage *s = &g->stages[p];
        fprintf(f, " s %d %" PRId64 " %a %" PRId64 " %a %" PRId64 " %" PRId64 " %a %a\n", s->stage,
                s->reached, s->conv_next, s->lost_at, s->dropoff, s->open_at, s->timed,
                s->time_mean_days, s->time_median_days);
    }
}
int main(int argc, char **argv)
{
    if (argc < 6)
        return 1;
    struct vo_store *st = NULL;
    struct vo_error e = {0};
    if (vo_store_open(argv[1], 0, &st, &e)) {
        fprintf(stderr, "%s\n", e.msg);
        return 3;
    }
    struct vo_dataset *ds = NULL;
    if (vo_svc_dataset_load(st, 1, &ds, &e)) {
        fprintf(stderr, "%s\n", e.msg);
        return 3;
    }
    int64_t as_of;
    if (vo_cal_as_of_parse(&ds->cal, argv[2], &as_of, "as-of", &e))
        return 1;
    struct vo_date d = vo_cal_as_of_date(&ds->cal, as_of);
    int64_t ds0 = vo_cal_day_start(&ds->cal, d);
    struct vo_period month = vo_cal_month(&ds->cal, d), quarter = vo_cal_quarter(&ds->cal, d);
    struct vo_hygiene_settings hs;
    vo_hygiene_settings_default(&hs);
    const char *mode = argv[3];
    int runs = atoi(argv[4]);
    FILE *f = fopen(argv[5], "w");
    double *t = calloc((size_t)runs, sizeof *t);
    for (int i = 0; i < runs; i++) {
        struct vo_arena a;
        vo_arena_init(&a, 0);
        bool last = i == runs - 1;
        vo_err rc = 0;
        double s = tcpu();
        if (!strcmp(mode, "pf")) {
            struct vo_pf_query q = {.period = month,
                                    .as_of = as_of,
                                    .scope = VO_SCOPE_ORG,
                                    .scope_index = -1,
                                    .by = VO_PF_BY_USER};
            struct vo_pf_result r;
            rc = vo_pf_compute(ds, &q, &a, &r, &e);
            t[i] = tcpu() - s;
            if (last && !rc) {
                dpf(f, &r);
                q.by = VO_PF_BY_TEAM;
                vo_pf_compute(ds, &q, &a, &r, &e);
                dpf(f, &r);
                /* other periods/as_of too */
                struct vo_period wk = vo_cal_week(&ds->cal, d);
                q.period = wk;
                q.by = VO_PF_BY_USER;
                vo_pf_compute(ds, &q, &a, &r, &e);
                dpf(f, &r);
                q.period = quarter;
                vo_pf_compute(ds, &q, &a, &r, &e);
                dpf(f, &r);
                q.period = month;
                q.as_of = month.start + 86400 * 7 + 3600;
                vo_pf_compute(ds, &q, &a, &r, &e);
                dpf(f, &r);
                q.scope = VO_SCOPE_TEAM;
                q.scope_index = 0;
                vo_pf_compute(ds, &q, &a, &r, &e);
                dpf(f, &r);
                q.scope = VO_SCOPE_USER;
                q.scope_index = 3;
                vo_pf_compute(ds, &q, &a, &r, &e);
                dpf(f, &r);
            }
        } else if (!strcmp(mode, "fn")) {
            struct vo_funnel_query q =
                vo_funnel_query_default(0, quarter.start, quarter.end, as_of);
            q.by = VO_FUNNEL_BY_USER;
            struct vo_funnel *fn;
            rc = vo_funnel_compute(ds, &q, &a, &fn, &e);
            t[i] = tcpu() - s;
            if (last && !rc) {
                enum vo_funnel_by bys[] = {VO_FUNNEL_BY_USER,   VO_FUNNEL_BY_NONE,
                                           VO_FUNNEL_BY_TEAM,   VO_FUNNEL_BY_CHANNEL,
                                           VO_FUNNEL_BY_REGION, VO_FUNNEL_BY_SOURCE};
                for (int b = 0; b < 6; b++)
                    for (int v = 0; v < 3; v++) {
                        q = vo_funnel_query_default(0, quarter.start, quarter.end, as_of);
                        q.by = bys[b];
                        if (v == 1) {
                            q.from = month.start;
                            q.as_of = month.start + 86400 * 10;
                        }
                        if (v == 2) {
                            q.user = 3;
                            q.from = quarter.start - 86400 * 365;
                        }
                        if (vo_funnel_compute(ds, &q, &a, &fn, &e)) {
                            fprintf(f, "err %s\n", e.msg);
                            continue;
                        }
                        fprintf(f, "F %d %d %zu %zu\n", b, v, fn->nstages, fn->ngroups);
                        dgrp(f, &fn->total, fn->nstages);
                        for (size_t g = 0; g < fn->ngroups; g++)
                            dgrp(f, &fn->groups[g], fn->nstages);
                    }
            }
        } else if (!strcmp(mode, "daily")) {
            struct vo_daily r;
            rc = vo_daily_compute(ds, d, ds0, &hs, &a, &r, &e);
            t[i] = tcpu() - s;
            if (last && !rc) {
                int offs[] = {0, -1, -2, -3, -6, -19, -30, 5};
                for (int o = 0; o < 8; o++) {
                    struct vo_date dd = vo_date_add_days(d, offs[o]);
                    int64_t ao = vo_cal_day_start(&ds->cal, dd) + (o == 7 ? 3600 * 5 : 0);
                    if (vo_daily_compute(ds, dd, ao, &hs, &a, &r, &e)) {
                        fprintf(f, "err %s\n", e.msg);
                        continue;
                    }
                    fprintf(f, "D %d %d %d %zu %zu %zu %zu\n", o, r.elapsed_wd, r.total_wd, r.nrows,
                            r.nteams, r.nusers, r.nbehind);
                    for (size_t k = 0; k < r.nrows; k++) {
                        const struct vo_daily_row *w = &r.rows[k];
                        fprintf(f, "%s %d %s %" PRId64 " %" PRId64 " %d\n", w->who.scope,
                                w->who.index, w->who.name, w->who.open_deals, w->who.overdue_tasks,
                                w->who.score_x10);
                        for (int m = 0; m < VO_DAILY_NM; m++) {
                            dcell(f, &w->review[m]);
                            dcell(f, &w->mtd[m]);
                            fprintf(f, " %a %a\n", w->today_plan[m], w->plan_to_date[m]);
                        }
                    }
                    for (size_t k = 0; k < r.nbehind; k++)
                        fprintf(f, "b %zu %a\n", r.behind[k].row, r.behind[k].shortfall);
                    struct vo_review rv;
                    for (int mo = 0; mo < 2; mo++) {
                        if (vo_review_compute(ds, mo, dd, ao, &hs, &a, &rv, &e)) {
                            fprintf(f, "err %s\n", e.msg);
                            continue;
                        }
                        fprintf(f, "R %zu %zu\n", rv.nrows, rv.nbehind);
                        for (size_t k = 0; k < rv.nrows; k++) {
                            for (int m = 0; m < VO_DAILY_NM; m++) {
                                dcell(f, &rv.rows[k].cur[m]);
                                dcell(f, &rv.rows[k].prev[m]);
                            }
                            fputc('\n', f);
                        }
                    }
                }
            }
        } else if (!strcmp(mode, "hyg")) {
            struct vo_hygiene h;
            rc = vo_hygiene_compute(ds, ds0, &hs, false, &a, &h, &e);
            t[i] = tcpu() - s;
        }
        if (rc) {
            fprintf(stderr, "%s\n", e.msg);
            return 3;
        }
        vo_arena_cleanup(&a);
    }
    double m = 0;
    for (int i = 0; i < runs; i++)
        m += t[i];
    qsort(t, (size_t)runs, sizeof *t, cmpd);
    printf("%s: median %.3f ms  p10 %.3f  p90 %.3f  min %.3f (thread CPU, %d runs)\n", mode,
           t[runs / 2], t[runs / 10], t[runs * 9 / 10], t[0], runs);
    fclose(f);
    vo_ds_free(ds);
    vo_store_close(st);
    return 0;
}
