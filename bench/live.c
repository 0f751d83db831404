/*
 * live.c - the live dataset benchmark (not part of the tests; figures in
 * docs/internals/analytics.md, "Live datasets").
 *
 * voronka_bench_live DB [SECONDS]
 *
 * Loads the first org of DB (read-only), then
 * 1. times each kind of in-place apply (vo_ds_apply_*) on synthetic rows
 *    shaped like what the service writes: an activity, a task and a
 *    payment "now", a task completed, a stage change of a recent deal and
 *    of a deal in the middle, a deal updated, a new deal, a plan;
 * 2. runs plan-fact (the month, by user) in a loop through the server's
 *    live datasets (http/live.c: vo_live_acquire / vo_live_release, as a
 *    report request does), first alone and then while a writer thread
 *    tells an activity every millisecond through vo_live_on_change (as a
 *    write request does), and prints the report latency (median, p99,
 *    max) both ways and how long the writer's call took;
 * 3. a reload: a change the dataset cannot take (VO_CHANGE_OTHER) while a
 *    report in flight keeps computing plan-fact on the current dataset and
 *    the writer keeps telling activities; prints the in-flight report's
 *    latency during the load, the writer's call, how long a report that
 *    starts after the change waits (the load: it must include it), and the
 *    load and swap times (http/live.h).
 * Exit 0, 1 on usage, 3 on a load error.
 */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analytics/dataset.h"
#include "analytics/planfact.h"
#include "http/http_int.h"
#include "http/live.h"
#include "store/store.h"
#include "timing.h"

/* Prints median, p99 and max of v[0..n) (sorted in place). */
static void stats(const char *what, double *v, size_t n)
{
    if (n == 0) {
        printf("  %-44s (none)\n", what);
        return;
    }
    qsort(v, n, sizeof *v, vo_bench_cmp_double);
    printf("  %-44s n=%-7zu median %9.1f us  p99 %9.1f us  max %9.1f us\n", what, n, v[n / 2],
           v[(size_t)((double)n * 0.99)], v[n - 1]);
}

#define REPS 200

static struct vo_dataset *ds;
static struct vo_server srv;
static struct vo_store *st;
static gint stop;
static int64_t next_id = 4000000000LL, clock_at;

/* One synthetic activity "now" (a new id each time). */
static struct vo_activity one_activity(void)
{
    size_t u = (size_t)(next_id % (int64_t)ds->users.n);
    return (struct vo_activity){.id = ++next_id,
                                .type = VO_ACT_CALL,
                                .user_id = ds->users.id[u],
                                .at = ++clock_at,
                                .duration_s = 90};
}

/* Completes the task of row r now (its deal kept when keep_deal, else
 * none); the apply's time in microseconds. */
static double task_done(size_t r, bool keep_deal, struct vo_error *e)
{
    int32_t d = ds->tasks.deal[r];
    struct vo_task k = {.id = ds->tasks.id[r],
                        .assignee_id = ds->users.id[ds->tasks.assignee[r]],
                        .created_at = ds->tasks.created_at[r],
                        .due_at = ds->tasks.due_at[r],
                        .deal_id = keep_deal && d >= 0 ? ds->deals.id[d] : 0,
                        .done_at = ++clock_at,
                        .rev = (int64_t)ds->tasks.rev[r] + 1};
    double t0 = vo_bench_now_us();
    vo_ds_apply_task(ds, &k, e);
    return vo_bench_now_us() - t0;
}

/* Moves deal d now to the stage `step` places after its pipeline's first;
 * the apply's time in microseconds. */
static double stage_move(size_t d, int32_t step, struct vo_error *e)
{
    int32_t p = ds->deals.pipeline[d];
    struct vo_stage_change c = {.id = ++next_id,
                                .deal_id = ds->deals.id[d],
                                .stage_id = ds->stages.id[ds->pipelines.stage_first[p] + step],
                                .at = ++clock_at};
    double t0 = vo_bench_now_us();
    vo_ds_apply_stage_change(ds, &c, e);
    return vo_bench_now_us() - t0;
}

static void time_applies(void)
{
    static double t[REPS];
    struct vo_error e = {0};
    /* "now": after the last event of every table */
    int64_t last[] = {
        ds->acts.n ? ds->acts.at[ds->acts.n - 1] : 0,
        ds->tasks.n ? ds->tasks.created_at[ds->tasks.n - 1] : 0,
        ds->pays.n ? ds->pays.paid_at[ds->pays.n - 1] : 0,
        ds->deals.n ? ds->deals.created_at[ds->deals.n - 1] : 0,
        ds->tasks.n_done ? ds->tasks.done_at[ds->tasks.by_done[ds->tasks.n_done - 1]] : 0,
        ds->deals.n_closed ? ds->deals.closed_at[ds->deals.by_closed[ds->deals.n_closed - 1]] : 0};
    for (size_t i = 0; i < sizeof last / sizeof last[0]; i++)
        clock_at = last[i] > clock_at ? last[i] : clock_at;
    printf("apply (one change, the write lock's hold time):\n");
    for (size_t i = 0; i < REPS; i++) {
        struct vo_activity a = one_activity();
        double t0 = vo_bench_now_us();
        vo_ds_apply_activity(ds, &a, &e);
        t[i] = vo_bench_now_us() - t0;
    }
    stats("activity now", t, REPS);
    int64_t user = ds->users.id[0];
    for (size_t i = 0; i < REPS; i++) {
        struct vo_task k = {.id = ++next_id,
                            .assignee_id = user,
                            .created_at = ++clock_at,
                            .due_at = clock_at + 86400,
                            .done_at = VO_NULL};
        double t0 = vo_bench_now_us();
        vo_ds_apply_task(ds, &k, &e);
        t[i] = vo_bench_now_us() - t0;
    }
    stats("task created now", t, REPS);
    for (size_t i = 0; i < REPS; i++) /* complete the tasks just made */
        t[i] = task_done(ds->tasks.n - 1 - i, false, &e);
    stats("task completed (a recent one)", t, REPS);
    size_t old = ds->tasks.n / 2;
    for (size_t i = 0; i < 20; i++)
        t[i] = task_done(old + i, true, &e);
    stats("task completed (an old one, mid-table)", t, 20);
    for (size_t i = 0; i < REPS; i++) {
        struct vo_payment p = {.id = ++next_id, .amount = 100000, .paid_at = ++clock_at};
        p.deal_id = ds->deals.id[ds->deals.n - 1 - i];
        double t0 = vo_bench_now_us();
        vo_ds_apply_payment(ds, &p, &e);
        t[i] = vo_bench_now_us() - t0;
    }
    stats("payment now", t, REPS);
    for (size_t i = 0; i < REPS; i++)
        t[i] = stage_move(ds->deals.n - 1 - i, 1, &e);
    stats("stage change of a recent deal", t, REPS);
    for (size_t i = 0; i < 20; i++)
        t[i] = stage_move(ds->deals.n / 2 + i, 2, &e);
    stats("stage change of a deal mid-table", t, 20);
    for (size_t i = 0; i < REPS; i++) {
        size_t d = ds->deals.n - 1 - i;
        struct vo_deal x = {
            .id = ds->deals.id[d],
            .pipeline_id = ds->pipelines.id[ds->deals.pipeline[d]],
            .stage_id = ds->deals.stage[d] >= 0 ? ds->stages.id[ds->deals.stage[d]] : 0,
            .owner_id = ds->users.id[ds->deals.owner[d]],
            .client_id = ds->deals.client[d] >= 0 ? ds->clients.id[ds->deals.client[d]] : 0,
            .status = VO_DEAL_WON,
            .amount = 500000,
            .created_at = ds->deals.created_at[d],
            .closed_at = ++clock_at,
            .rev = (int64_t)ds->deals.rev[d] + 1};
        double t0 = vo_bench_now_us();
        vo_ds_apply_deal(ds, &x, &e);
        t[i] = vo_bench_now_us() - t0;
    }
    stats("deal won (update)", t, REPS);
    for (size_t i = 0; i < REPS; i++) {
        struct vo_deal x = {.id = ++next_id,
                            .pipeline_id = ds->pipelines.id[0],
                            .owner_id = user,
                            .status = VO_DEAL_OPEN,
                            .amount = VO_NULL,
                            .created_at = ++clock_at,
                            .closed_at = VO_NULL};
        double t0 = vo_bench_now_us();
        vo_ds_apply_deal(ds, &x, &e);
        t[i] = vo_bench_now_us() - t0;
    }
    stats("deal created now", t, REPS);
    for (size_t i = 0; i < REPS; i++) {
        struct vo_plan p = {.year = 2030,
                            .month = 1 + (int)(i % 12),
                            .scope_kind = VO_SCOPE_USER,
                            .scope_id = ds->users.id[i % ds->users.n],
                            .metric = VO_M_CALLS,
                            .target = 10};
        double t0 = vo_bench_now_us();
        vo_ds_apply_plan(ds, &p, &e);
        t[i] = vo_bench_now_us() - t0;
    }
    stats("plan set", t, REPS);
    /* clients: an update that moves a client to another region and owner
     * (every deal and payment is looked at), one that only renames it, a
     * new client */
    for (size_t i = 0; i < 20 && ds->clients.n; i++) {
        size_t c = (i * 7919) % ds->clients.n;
        struct vo_client x = {.id = ds->clients.id[c],
                              .name = "bench",
                              .region = i % 2 ? "bench region" : "other region",
                              .owner_id = ds->users.id[i % ds->users.n],
                              .rev = (int64_t)ds->clients.rev[c] + 1};
        double t0 = vo_bench_now_us();
        vo_ds_apply_client(ds, &x, &e);
        t[i] = vo_bench_now_us() - t0;
    }
    stats("client moved (region, owner: deals refreshed)", t, 20);
    for (size_t i = 0; i < REPS && ds->clients.n; i++) {
        size_t c = (i * 7919) % ds->clients.n;
        struct vo_client x = {
            .id = ds->clients.id[c],
            .name = i % 2 ? "bench a" : "bench b",
            .owner_id = ds->clients.owner[c] >= 0 ? ds->users.id[ds->clients.owner[c]] : 0,
            .rev = (int64_t)ds->clients.rev[c] + 1};
        x.channel = ds->channels.str[ds->clients.channel[c]];
        x.region = ds->regions.str[ds->clients.region[c]];
        x.segment = ds->segments.str[ds->clients.segment[c]];
        x.source = ds->sources.str[ds->clients.source[c]];
        double t0 = vo_bench_now_us();
        vo_ds_apply_client(ds, &x, &e);
        t[i] = vo_bench_now_us() - t0;
    }
    stats("client renamed", t, REPS);
    for (size_t i = 0; i < REPS; i++) {
        struct vo_client x = {.id = ++next_id, .name = "new", .region = "bench region"};
        double t0 = vo_bench_now_us();
        vo_ds_apply_client(ds, &x, &e);
        t[i] = vo_bench_now_us() - t0;
    }
    stats("client created", t, REPS);
}

static struct vo_pf_query pfq;

/* The writer: an activity every millisecond, told as the service does. */
static gpointer writer(gpointer data)
{
    GArray *waits = data;
    while (!g_atomic_int_get(&stop)) {
        struct vo_activity a = one_activity();
        double t0 = vo_bench_now_us();
        vo_live_on_change(&srv, ds->org_id,
                          &(struct vo_change){.kind = VO_CHANGE_ACTIVITY, .activity = &a});
        double w = vo_bench_now_us() - t0;
        g_array_append_val(waits, w);
        g_usleep(1000);
    }
    return NULL;
}

/* Plan-fact in a loop for `seconds` through the live dataset; latencies
 * (acquire to release) in v. */
static size_t reports(double seconds, double *v, size_t cap)
{
    struct vo_arena a;
    struct vo_error e = {0};
    size_t n = 0;
    double end = vo_bench_now_us() + seconds * 1e6;
    while (vo_bench_now_us() < end && n < cap) {
        vo_arena_init(&a, 0);
        struct vo_pf_result r;
        const struct vo_dataset *d = NULL;
        double t0 = vo_bench_now_us();
        if (vo_live_acquire(&srv, st, ds->org_id, &d, &e) == VO_OK) {
            vo_pf_compute(d, &pfq, &a, &r, &e);
            vo_live_release(&srv, ds->org_id);
        }
        v[n++] = vo_bench_now_us() - t0;
        vo_arena_cleanup(&a);
    }
    return n;
}

/* Phase 3. The users' ids, copied: the old dataset is freed by the swap. */
static int64_t *user_ids;
static size_t n_users;
static gint published;

static gpointer writer3(gpointer data)
{
    GArray *waits = data;
    int64_t org = ds->org_id;
    while (!g_atomic_int_get(&stop)) {
        struct vo_activity a = {.id = ++next_id,
                                .type = VO_ACT_CALL,
                                .user_id = user_ids[(size_t)next_id % n_users],
                                .at = ++clock_at,
                                .duration_s = 90};
        double t0 = vo_bench_now_us();
        vo_live_on_change(
            &srv, org,
            &(struct vo_change){.kind = VO_CHANGE_ACTIVITY, .activity = &a, .created = true});
        double w = vo_bench_now_us() - t0;
        g_array_append_val(waits, w);
        g_usleep(1000);
    }
    return NULL;
}

/* A report in flight: holds the dataset it acquired and computes plan-fact
 * on it until the fresh one is published. */
static gpointer inflight(gpointer data)
{
    GArray *lat = data;
    struct vo_error e = {0};
    const struct vo_dataset *d = NULL;
    int64_t org = ds->org_id;
    if (vo_live_acquire(&srv, st, org, &d, &e) != VO_OK)
        return NULL;
    while (!g_atomic_int_get(&published)) {
        struct vo_arena a;
        vo_arena_init(&a, 0);
        struct vo_pf_result r;
        double t0 = vo_bench_now_us();
        vo_pf_compute(d, &pfq, &a, &r, &e);
        double w = vo_bench_now_us() - t0;
        g_array_append_val(lat, w);
        vo_arena_cleanup(&a);
    }
    vo_live_release(&srv, org);
    return NULL;
}

static gpointer late_report(gpointer data)
{
    double *wait = data;
    struct vo_error e = {0};
    const struct vo_dataset *d = NULL;
    double t0 = vo_bench_now_us();
    if (vo_live_acquire(&srv, st, 1, &d, &e) == VO_OK)
        vo_live_release(&srv, 1);
    *wait = vo_bench_now_us() - t0;
    return NULL;
}

static void time_reload(void)
{
    n_users = ds->users.n;
    user_ids = g_memdup2(ds->users.id, n_users * sizeof *user_ids);
    int64_t org = ds->org_id;
    GArray *lat = g_array_new(FALSE, FALSE, sizeof(double));
    GArray *waits = g_array_new(FALSE, FALSE, sizeof(double));
    struct vo_live_stats s0, s1;
    vo_live_stats(&s0);
    g_atomic_int_set(&stop, 0);
    GThread *rep = g_thread_new("in flight", inflight, lat);
    g_usleep(200000);
    GThread *w = g_thread_new("writer", writer3, waits);
    g_usleep(200000);
    double t0 = vo_bench_now_us();
    vo_live_on_change(&srv, org, &(struct vo_change){.kind = VO_CHANGE_OTHER});
    double late = 0;
    GThread *lt = g_thread_new("late", late_report, &late);
    const struct vo_dataset *d = NULL;
    struct vo_error e = {0};
    if (vo_live_acquire(&srv, st, org, &d, &e) ==
        VO_OK) /* loads, or waits for the late one's load */
        vo_live_release(&srv, org);
    double reload = vo_bench_now_us() - t0;
    g_atomic_int_set(&published, 1);
    g_thread_join(lt);
    g_usleep(200000);
    g_atomic_int_set(&stop, 1);
    g_thread_join(w);
    g_thread_join(rep);
    vo_live_stats(&s1);
    struct vo_live_reload_stats rs;
    vo_live_reload_stats(&rs);
    printf("a reload (VO_CHANGE_OTHER) while a report is in flight and an activity is told every "
           "ms:\n");
    stats("in-flight report (plan-fact on the current)", (double *)(void *)lat->data, lat->len);
    stats("writer's vo_live_on_change call", (double *)(void *)waits->data, waits->len);
    printf("  the change to the fresh dataset in place: %.2f s; a report started after the change "
           "waited %.2f s\n",
           reload / 1e6, late / 1e6);
    printf("  load %.2f s (no lock held); swap %.1f us (max %.1f us); changes queued meanwhile %u, "
           "loads %u, restarts %u\n",
           (double)rs.load_ns_last / 1e9, (double)rs.swap_ns_last / 1e3,
           (double)rs.swap_ns_max / 1e3, s1.queued - s0.queued, s1.loads - s0.loads, rs.restarts);
    g_array_free(lat, TRUE);
    g_array_free(waits, TRUE);
    g_free(user_ids);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: voronka_bench_live DB [SECONDS]\n");
        return 1;
    }
    double seconds = argc > 2 ? strtod(argv[2], NULL) : 5;
    struct vo_error e = {0};
    double t0 = vo_bench_now_us();
    vo_live_init(&srv);
    const struct vo_dataset *cds = NULL;
    if (vo_store_open(argv[1], VO_STORE_READONLY, &st, &e) ||
        vo_live_acquire(&srv, st, 1, &cds, &e)) {
        fprintf(stderr, "voronka_bench_live: %s\n", e.msg);
        return 3;
    }
    vo_live_release(&srv, 1);
    ds = (struct vo_dataset *)cds; /* the applies below run alone */
    printf("loaded %zu deals, %zu stage changes, %zu activities, %zu tasks, %zu payments in "
           "%.1f s\n",
           ds->deals.n, ds->sc.n, ds->acts.n, ds->tasks.n, ds->pays.n,
           (vo_bench_now_us() - t0) / 1e6);
    time_applies();

    int64_t last = ds->deals.created_at[ds->deals.n - 1];
    struct vo_date d = vo_cal_date_of(&ds->cal, last);
    pfq = (struct vo_pf_query){.period = vo_cal_month(&ds->cal, d),
                               .as_of = last + 1,
                               .scope = VO_SCOPE_ORG,
                               .scope_index = -1,
                               .by = VO_PF_BY_USER};
    size_t cap = 100000;
    double *v = malloc(cap * sizeof *v);
    printf("plan-fact (month, by user) through the live dataset, %.0f s each:\n", seconds);
    size_t n = reports(seconds, v, cap);
    stats("report, no writes", v, n);
    GArray *waits = g_array_new(FALSE, FALSE, sizeof(double));
    GThread *w = g_thread_new("writer", writer, waits);
    n = reports(seconds, v, cap);
    g_atomic_int_set(&stop, 1);
    g_thread_join(w);
    stats("report, an activity applied every ms", v, n);
    stats("writer's vo_live_on_change call", (double *)(void *)waits->data, waits->len);
    struct vo_live_stats ls;
    vo_live_stats(&ls);
    printf("  writes told: %u (applied at once or by the next report: %u applied, %u queued, "
           "%u stale, %u loads)\n",
           waits->len, ls.applied, ls.queued, ls.stale, ls.loads);
    g_array_free(waits, TRUE);
    free(v);
    time_reload(); /* last: the swap frees ds */
    vo_live_cleanup(&srv);
    vo_store_close(st);
    return 0;
}
