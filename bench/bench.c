/*
 * bench.c - the analytics benchmark driver (`make bench` through
 * bench/run.sh, never part of the tests).
 *
 * voronka_bench DB AS_OF SQLDIR OUTDIR [RUNS]
 *
 * Loads org 1 of DB into a dataset (timing the load, measuring the
 * dataset's memory and the peak RSS), then runs each report RUNS times
 * (default 21) through the engines' public APIs and records the median and
 * the 90th percentile: plan-fact (the month of AS_OF, by user), the funnel
 * (the quarter cohort of AS_OF in the first pipeline, by user), the hygiene
 * audit (as of AS_OF, the figures without the list) and the daily report (meeting day AS_OF, as of
 * its start). Periods are the org's local calendar periods (calendar.h); AS_OF is a date whose end
 * is the exclusive instant. Then it runs the same plan-fact and funnel as SQL (SQLDIR/planfact.sql,
 * SQLDIR/funnel.sql) on the same file through SQLite, RUNS times each, with the period bounds bound
 * as UTC seconds. It writes to OUTDIR: params.json (the bounds, for duck.mjs), voronka.json and
 * sqlite.json (timings), and the figures of both engines as "user_id key value" lines (zeros left
 * out) in {voronka,sqlite}-{planfact,funnel}.txt, which run.sh compares with DuckDB's. Exit 0 on
 * success, 1 on usage, 3 on a load or SQL error.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <sqlite3.h>

#include "analytics/calendar.h"
#include "analytics/channels.h"
#ifdef VO_BENCH_DAILY
#include "analytics/daily.h"
#endif
#include "analytics/dataset.h"
#include "analytics/funnel.h"
#include "analytics/abc.h"
#include "analytics/abc_products.h"
#include "analytics/forecast.h"
#include "analytics/hygiene.h"
#include "analytics/investigate.h"
#include "analytics/planfact.h"
#include "base/arena.h"
#include "timing.h"
#include "store/store.h"
#include "service/dataset_load.h"

#define MAX_RUNS 1000
#ifdef VO_BENCH_DAILY
static const bool HAVE_DAILY = true;
#else
static const bool HAVE_DAILY = false;
#endif

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Median and p90 (nearest rank) of t[0..n), n >= 1; sorts t. */
struct stat {
    double median, p90;
};
static struct stat stats(double *t, int n)
{
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    struct stat s;
    s.median = n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2.0;
    int k = (int)ceil(0.9 * n) - 1;
    s.p90 = t[k < 0 ? 0 : k];
    return s;
}

/* Everything a timed run needs. */
struct bench {
    const struct vo_dataset *ds;
    struct vo_store *st; /* open for the ABC of products' lines */
    int64_t as_of, day_start;
    struct vo_date as_of_date;
    struct vo_period month, quarter;
    int32_t pipeline;
    struct vo_hygiene_settings hs;
    struct vo_ch_query ch; /* issue 12: the channels of the month, with the org's spend */
};

/* issue 12, clients: abc (ABC / XYZ, payments basis) and at_risk (90 days
 * with the churn of 12 months), as of AS_OF; item 5: the forecast; item 6:
 * R_INV, the investigations of the month as of as_of (vo_inv_compute: what
 * the daily report's service adds to it) */
enum report {
    R_PLANFACT,
    R_FUNNEL,
    R_HYGIENE,
    R_DAILY,
    R_ABC,
    R_RISK,
    R_FORECAST,
    R_INV,
    R_CHANNELS, /* issue 12, item 4 */
    R_ABCP,     /* issue 12, item 1: the ABC of products (its lines' read included) */
    R__COUNT
};
static const char *const REPORT_NAME[R__COUNT] = {
    "planfact", "funnel",   "hygiene",        "daily",    "abc",
    "at_risk",  "forecast", "investigations", "channels", "abc_products"};

/* Runs report r once into arena a; results are left in a for the caller. */
static vo_err run_report(const struct bench *b, enum report r, struct vo_arena *a,
                         struct vo_pf_result *pf, struct vo_funnel **fn, struct vo_abc *abc,
                         struct vo_ch *ch, struct vo_abcp *abcp, struct vo_error *e)
{
    switch (r) {
    case R_ABCP: { /* what the service does: the window's lines, then the pass */
        struct vo_deal_line *lines = NULL;
        size_t n = 0;
        vo_err rc = vo_store_deal_lines(b->st, 1, a, &lines, &n, e);
        struct vo_abcp_query q = {.as_of = b->as_of, .owner = -1, .lines = lines, .n_lines = n};
        return rc ? rc : vo_abc_products_compute(b->ds, &q, a, abcp, e);
    }
    case R_ABC: {
        struct vo_abc_query q = {.as_of = b->as_of, .basis = VO_ABC_PAYMENTS, .owner = -1};
        return vo_abc_compute(b->ds, &q, a, abc, e);
    }
    case R_RISK: {
        struct vo_risk_query q = {.as_of = b->as_of, .days = 90, .owner = -1};
        struct vo_risk k;
        return vo_risk_compute(b->ds, &q, a, &k, e);
    }
    case R_CHANNELS:
        return vo_ch_compute(b->ds, &b->ch, a, ch, e);
    case R_PLANFACT: {
        struct vo_pf_query q = {.period = b->month,
                                .as_of = b->as_of,
                                .scope = VO_SCOPE_ORG,
                                .scope_index = -1,
                                .by = VO_PF_BY_USER};
        return vo_pf_compute(b->ds, &q, a, pf, e);
    }
    case R_FUNNEL: {
        struct vo_funnel_query q =
            vo_funnel_query_default(b->pipeline, b->quarter.start, b->quarter.end, b->as_of);
        q.by = VO_FUNNEL_BY_USER;
        return vo_funnel_compute(b->ds, &q, a, fn, e);
    }
    case R_HYGIENE: {
        struct vo_hygiene h;
        return vo_hygiene_compute(b->ds, b->as_of, &b->hs, false, a, &h, e);
    }
    case R_FORECAST: { /* issue 12, item 5: the month of as_of, 10,000 runs + backtest */
        struct vo_fc_query q = {.as_of = b->as_of,
                                .period = b->month,
                                .pipeline = VO_FC_ANY_PIPE,
                                .user = VO_FC_ANY_USER,
                                .runs = VO_FC_RUNS,
                                .seed = VO_FC_SEED};
        struct vo_forecast f;
        return vo_forecast_compute(b->ds, &q, a, &f, e);
    }
    case R_INV: {
        struct vo_inv v;
        struct vo_inv_query q = {.period = b->month, .as_of = b->day_start};
        return vo_inv_compute(b->ds, &q, a, &v, e);
    }
    case R_DAILY:
    default: {
#ifdef VO_BENCH_DAILY
        struct vo_daily d;
        return vo_daily_compute(b->ds, b->as_of_date, b->day_start, &b->hs, a, &d, e);
#else
        (void)a;
        return VO_OK; /* not timed: built without analytics/daily.h */
#endif
    }
    }
}

static FILE *open_out(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        perror(path);
    return f;
}

/* voronka's channel figures as "channel|metric|value" lines (no channel:
 * "-"; zeros left out), the format of duck.mjs's duckdb-channels.txt. */
static void write_ch(FILE *f, const struct vo_ch *c)
{
    for (size_t i = 0; i < c->n; i++) {
        const struct vo_ch_row *r = &c->rows[i];
        if (r->total)
            continue;
        const char *k = r->key ? r->key : "-";
        const int64_t v[] = {r->leads, r->deals_won, r->revenue, r->new_clients};
        const char *const name[] = {"leads", "deals_won", "revenue", "new_clients"};
        for (size_t j = 0; j < 4; j++)
            if (v[j])
                fprintf(f, "%s|%s|%" PRId64 "\n", k, name[j], v[j]);
    }
}

/* voronka's plan-fact figures as "user_id key value" lines. */
static void write_pf(FILE *f, const struct vo_dataset *ds, const struct vo_pf_result *r)
{
    static const struct {
        enum vo_metric m;
        const char *key;
        double scale;
    } keys[] = {{VO_M_LEADS, "leads", 1},
                {VO_M_CALLS, "calls", 1},
                {VO_M_CALL_MINUTES, "call_seconds", 60},
                {VO_M_MEETINGS, "meetings", 1},
                {VO_M_DEALS_WON, "deals_won", 1},
                {VO_M_REVENUE, "revenue", 1},
                {VO_M_PAYMENTS, "payments", 1}};
    for (size_t i = 0; i < r->nrows; i++) {
        const struct vo_pf_row *row = &r->rows[i];
        if (strcmp(row->scope, "user") != 0)
            continue;
        for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
            double v = row->m[keys[k].m].fact;
            long long x = isnan(v) ? 0 : llround(v * keys[k].scale);
            if (x)
                fprintf(f, "%" PRId64 " %s %lld\n", ds->users.id[row->index], keys[k].key, x);
        }
    }
}

/* voronka's ABC classes as "client_id class revenue" lines. */
static void write_abc(FILE *f, const struct vo_dataset *ds, const struct vo_abc *r)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->rows[i].abc)
            fprintf(f, "%" PRId64 " %c %" PRId64 "\n", ds->clients.id[r->rows[i].client],
                    r->rows[i].abc, r->rows[i].revenue);
}

/* voronka's ABC of products as "product_id class revenue" lines. */
static void write_abcp(FILE *f, const struct vo_abcp *r)
{
    for (size_t i = 0; i < r->n; i++)
        fprintf(f, "%" PRId64 " %c %" PRId64 "\n", r->rows[i].product_id, r->rows[i].abc,
                r->rows[i].revenue);
}

/* voronka's funnel figures as "user_id key value" lines. */
static void write_funnel(FILE *f, const struct vo_dataset *ds, const struct vo_funnel *fn)
{
    for (size_t g = 0; g < fn->ngroups; g++) {
        const struct vo_funnel_group *gr = &fn->groups[g];
        int64_t uid = ds->users.id[gr->key];
        const int64_t v[3] = {gr->size, gr->won, gr->lost};
        static const char *const name[3] = {"size", "won", "lost"};
        for (int k = 0; k < 3; k++)
            if (v[k])
                fprintf(f, "%" PRId64 " %s %" PRId64 "\n", uid, name[k], v[k]);
        for (size_t p = 0; p < fn->nstages; p++)
            if (gr->stages[p].reached)
                fprintf(f, "%" PRId64 " r%zu %" PRId64 "\n", uid, p, gr->stages[p].reached);
    }
}

/* A whole file into a malloc'ed string, NULL on error. */
static char *slurp(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
        free(s);
        s = NULL;
    }
    if (s)
        s[n] = '\0';
    fclose(f);
    return s;
}

static void bind(sqlite3_stmt *st, const char *name, int64_t v)
{
    int i = sqlite3_bind_parameter_index(st, name);
    if (i > 0)
        sqlite3_bind_int64(st, i, v);
}

/* Runs SQL query `file` on db RUNS times with the bounds bound; writes the
 * last run's figures to out ("planfact": wide rows per user; "funnel":
 * (u, k, v) rows). Returns 0, or -1 on an SQL error. */
static int sqlite_query(sqlite3 *db, const char *sqldir, const char *file, bool funnel,
                        const int64_t bounds[4], int runs, FILE *out, struct stat *res)
{
    char *sql = slurp(sqldir, file);
    sqlite3_stmt *st = NULL;
    if (!sql || sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "voronka_bench: %s: %s\n", file, sql ? sqlite3_errmsg(db) : "unreadable");
        free(sql);
        return -1;
    }
    free(sql);
    double t[MAX_RUNS];
    int rc = 0;
    for (int r = 0; r < runs && !rc; r++) {
        sqlite3_reset(st);
        bind(st, "$from", bounds[0]);
        bind(st, "$to", bounds[1]);
        bind(st, "$as_of", bounds[2]);
        bind(st, "$pipeline", bounds[3]);
        bool last = r == runs - 1;
        double t0 = vo_bench_now_ms();
        int step;
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
            if (!last)
                continue;
            int64_t u = sqlite3_column_int64(st, 0);
            if (funnel) {
                int64_t k = sqlite3_column_int64(st, 1), v = sqlite3_column_int64(st, 2);
                if (!v)
                    continue;
                if (k >= 0)
                    fprintf(out, "%" PRId64 " r%" PRId64 " %" PRId64 "\n", u, k, v);
                else
                    fprintf(out, "%" PRId64 " %s %" PRId64 "\n", u,
                            k == -3   ? "size"
                            : k == -2 ? "won"
                                      : "lost",
                            v);
            } else {
                for (int c = 1; c < sqlite3_column_count(st); c++) {
                    int64_t v = sqlite3_column_int64(st, c);
                    if (v)
                        fprintf(out, "%" PRId64 " %s %" PRId64 "\n", u, sqlite3_column_name(st, c),
                                v);
                }
            }
        }
        t[r] = vo_bench_now_ms() - t0;
        if (step != SQLITE_DONE) {
            fprintf(stderr, "voronka_bench: %s: %s\n", file, sqlite3_errmsg(db));
            rc = -1;
        }
    }
    sqlite3_finalize(st);
    if (!rc)
        *res = stats(t, runs);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: voronka_bench DB AS_OF SQLDIR OUTDIR [RUNS]\n");
        return 1;
    }
    const char *dbpath = argv[1], *sqldir = argv[3], *outdir = argv[4];
    int runs = argc > 5 ? atoi(argv[5]) : 21;
    if (runs < 1 || runs > MAX_RUNS) {
        fprintf(stderr, "voronka_bench: RUNS is 1..%d\n", MAX_RUNS);
        return 1;
    }
    struct vo_store *st = NULL;
    struct vo_error e = {0};
    if (vo_store_open(dbpath, 0, &st, &e)) {
        fprintf(stderr, "voronka_bench: %s\n", e.msg);
        return 3;
    }
    double rss0 = ((double)vo_bench_peak_rss_kb() / 1024.0);
    double t0 = vo_bench_now_ms(), c0 = vo_bench_cpu_ms();
    struct vo_dataset *ds = NULL;
    if (vo_svc_dataset_load(st, 1, &ds, &e)) {
        fprintf(stderr, "voronka_bench: %s\n", e.msg);
        vo_store_close(st);
        return 3;
    }
    double load_ms = vo_bench_now_ms() - t0, load_cpu_ms = vo_bench_cpu_ms() - c0;
    struct vo_arena spend_arena;
    vo_arena_init(&spend_arena, 0);
    struct vo_spend *spend = NULL;
    size_t nspend = 0;
    if (vo_store_spend_list(st, 1, &spend_arena, &spend, &nspend, &e)) {
        fprintf(stderr, "voronka_bench: %s\n", e.msg);
        return 3;
    }
    double rss_load = ((double)vo_bench_peak_rss_kb() / 1024.0);
    struct vo_ds_memory mem;
    vo_ds_memory(ds, &mem);
    printf("dataset: %zu deals, %zu stage changes, %zu activities, %zu tasks, %zu payments\n",
           ds->deals.n, ds->sc.n, ds->acts.n, ds->tasks.n, ds->pays.n);
    double bpa_act = ds->acts.n ? (double)mem.activities / (double)ds->acts.n : 0.0;
    double bpa_all = ds->acts.n ? (double)mem.total / (double)ds->acts.n : 0.0;
    printf("load: %.0f ms (CPU %.0f ms); dataset memory %.1f MiB (%.1f bytes per activity row, "
           "%.1f with all "
           "tables); peak RSS %.1f MiB (before load %.1f MiB)\n",
           load_ms, load_cpu_ms, (double)mem.total / 1048576.0, bpa_act, bpa_all, rss_load, rss0);

    struct bench b = {.ds = ds, .st = st, .pipeline = 0};
    if (vo_cal_as_of_parse(&ds->cal, argv[2], &b.as_of, "as-of", &e) || ds->pipelines.n == 0) {
        fprintf(stderr, "voronka_bench: %s\n", ds->pipelines.n ? e.msg : "no pipeline");
        vo_ds_free(ds);
        vo_store_close(st);
        return 1;
    }
    b.as_of_date = vo_cal_as_of_date(&ds->cal, b.as_of);
    b.day_start = vo_cal_day_start(&ds->cal, b.as_of_date);
    b.month = vo_cal_month(&ds->cal, b.as_of_date);
    b.quarter = vo_cal_quarter(&ds->cal, b.as_of_date);
    vo_hygiene_settings_default(&b.hs);
    b.ch = (struct vo_ch_query){.period = b.month,
                                .as_of = b.as_of,
                                .by = VO_CH_BY_CHANNEL,
                                .gross_margin = 0.30,
                                .spend = spend,
                                .nspend = nspend};

    /* voronka: RUNS timed runs of each report, a fresh arena each; each
     * run's time kept in run order too (voronka.json's runs_ms: the
     * funnel's ratio to DuckDB run by run, bench/summary.mjs) */
    struct stat res[R__COUNT];
    static double run_ms[R__COUNT][MAX_RUNS];
    struct vo_arena keep;
    vo_arena_init(&keep, 0);
    struct vo_pf_result pf = {0};
    struct vo_funnel *fn = NULL;
    struct vo_abc abc = {0};
    struct vo_ch ch = {0};
    struct vo_abcp abcp = {0};
    int rc = 0;
    for (int r = 0; r < R__COUNT && !rc; r++) {
        double t[MAX_RUNS];
        res[r] = (struct stat){NAN, NAN};
        if (r == R_DAILY && !HAVE_DAILY)
            continue;
        for (int i = 0; i < runs && !rc; i++) {
            struct vo_arena a;
            vo_arena_init(&a, 0);
            bool last = i == runs - 1;
            double s = vo_bench_now_ms();
            if (run_report(&b, (enum report)r, last ? &keep : &a, &pf, &fn, &abc, &ch, &abcp, &e)) {
                fprintf(stderr, "voronka_bench: %s: %s\n", REPORT_NAME[r], e.msg);
                rc = 3;
            }
            t[i] = vo_bench_now_ms() - s;
            run_ms[r][i] = t[i];
            vo_arena_cleanup(&a);
        }
        if (!rc)
            res[r] = stats(t, runs);
    }
    double rss_peak = ((double)vo_bench_peak_rss_kb() / 1024.0);

    FILE *fp = rc ? NULL : open_out(outdir, "params.json");
    FILE *vj = rc ? NULL : open_out(outdir, "voronka.json");
    FILE *vpf = rc ? NULL : open_out(outdir, "voronka-planfact.txt");
    FILE *vfn = rc ? NULL : open_out(outdir, "voronka-funnel.txt");
    /* on PostgreSQL (bench/pg.sh) voronka's own figures alone: the SQL
     * twins read SQLite's file */
    bool pg = vo_store_path_is_pg(dbpath);
    FILE *spf = rc || pg ? NULL : open_out(outdir, "sqlite-planfact.txt");
    FILE *sfn = rc || pg ? NULL : open_out(outdir, "sqlite-funnel.txt");
    FILE *sj = rc || pg ? NULL : open_out(outdir, "sqlite.json");
    FILE *vab = rc ? NULL : open_out(outdir, "voronka-abc.txt");
    FILE *vch = rc ? NULL : open_out(outdir, "voronka-channels.txt");
    FILE *vap = rc ? NULL : open_out(outdir, "voronka-abc-products.txt");
    if (!rc &&
        (!fp || !vj || !vpf || !vfn || (!pg && (!spf || !sfn || !sj)) || !vab || !vch || !vap))
        rc = 3;
    int64_t pf_to = b.month.end < b.as_of ? b.month.end : b.as_of;
    int64_t fn_to = b.quarter.end < b.as_of ? b.quarter.end : b.as_of;
    int64_t pipeline_id = ds->pipelines.id[b.pipeline];
    if (!rc) {
        fprintf(fp,
                "{\"runs\": %d, \"as_of\": %" PRId64 ", \"pipeline\": %" PRId64 ",\n"
                " \"planfact\": {\"from\": %" PRId64 ", \"to\": %" PRId64 "},\n"
                " \"funnel\": {\"from\": %" PRId64 ", \"to\": %" PRId64 "},\n"
                " \"abc\": {\"from\": %" PRId64 ", \"to\": %" PRId64 "},\n"
                " \"channels\": {\"from\": %" PRId64 ", \"to\": %" PRId64 "}}\n",
                runs, b.as_of, pipeline_id, b.month.start, pf_to, b.quarter.start, fn_to, abc.from,
                abc.to, b.month.start, pf_to);
        fprintf(vj,
                "{\"deals\": %zu, \"activities\": %zu, \"load_ms\": %.1f, \"load_cpu_ms\": %.1f, "
                "\"dataset_bytes\": %zu, \"bytes_per_activity_row\": %.2f, "
                "\"bytes_per_activity_all\": %.2f, \"peak_rss_mib\": %.1f, "
                "\"load_peak_rss_mib\": %.1f",
                ds->deals.n, ds->acts.n, load_ms, load_cpu_ms, mem.total, bpa_act, bpa_all,
                rss_peak, rss_load);
        for (int r = 0; r < R__COUNT; r++) {
            if (isnan(res[r].median)) {
                fprintf(vj, ",\n \"%s\": null", REPORT_NAME[r]);
                continue;
            }
            fprintf(vj, ",\n \"%s\": {\"median_ms\": %.3f, \"p90_ms\": %.3f, \"runs_ms\": [",
                    REPORT_NAME[r], res[r].median, res[r].p90);
            for (int i = 0; i < runs; i++)
                fprintf(vj, "%s%.3f", i ? ", " : "", run_ms[r][i]);
            fprintf(vj, "]}");
        }
        fprintf(vj, "}\n");
        write_pf(vpf, ds, &pf);
        write_funnel(vfn, ds, fn);
        write_abc(vab, ds, &abc);
        write_ch(vch, &ch);
        write_abcp(vap, &abcp);
    }
    vo_arena_cleanup(&keep);

    /* SQLite: the same plan-fact and funnel as SQL on the same file */
    sqlite3 *db = NULL;
    if (!rc && !pg && sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fprintf(stderr, "voronka_bench: %s: %s\n", dbpath, sqlite3_errmsg(db));
        rc = 3;
    }
    if (!rc && !pg) {
        struct stat spf_t, sfn_t;
        const int64_t bpf[4] = {b.month.start, pf_to, b.as_of, pipeline_id};
        const int64_t bfn[4] = {b.quarter.start, fn_to, b.as_of, pipeline_id};
        if (sqlite_query(db, sqldir, "planfact.sql", false, bpf, runs, spf, &spf_t) ||
            sqlite_query(db, sqldir, "funnel.sql", true, bfn, runs, sfn, &sfn_t))
            rc = 3;
        else
            fprintf(sj,
                    "{\"planfact\": {\"median_ms\": %.3f, \"p90_ms\": %.3f},\n"
                    " \"funnel\": {\"median_ms\": %.3f, \"p90_ms\": %.3f}}\n",
                    spf_t.median, spf_t.p90, sfn_t.median, sfn_t.p90);
    }
    sqlite3_close(db);
    FILE *all[] = {fp, vj, vpf, vfn, spf, sfn, sj, vab, vch, vap};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (all[i] && fclose(all[i]))
            rc = 3;
    vo_ds_free(ds);
    vo_store_close(st);
    vo_arena_cleanup(&spend_arena);
    return rc;
}
