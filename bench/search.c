/*
 * search.c - the CRM reads' benchmark rows (`make bench`, docs/bench.md):
 * voronka_bench_search DB [RUNS [MANAGER]].
 *
 * The global search: each query of a fixed set RUNS times through
 * vo_svc_search (limit 20, as the API's default) as the operator (every
 * object of org 1 is theirs), as a manager who owns none of them (the
 * worst case of the owner filter: every match is read and none kept),
 * and, given MANAGER (a user id), as that manager.
 *
 * The list pages: a fixed set of list requests (a page of 50, as the
 * API's default, through vo_svc_<list>_list: the screens' lists of deals,
 * clients, tasks, activities and payments with their usual filters and
 * sorts) RUNS times each as the operator and as MANAGER.
 *
 * The board: a pipeline's columns (figures and first cards, also stuck
 * only and figures only) and a column's second page, as the operator and
 * as MANAGER.
 *
 * Each prints every query's median and the p50 and p99 of all the
 * timings of a pass, with the target (50 ms).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "base/arena.h"
#include "service/board.h"
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

/* One request of a benchmark: its i-th query as svc's actor; the rows
 * it read into *hits. */
typedef vo_err (*one_fn)(struct vo_svc *svc, size_t i, size_t *hits, struct vo_error *e);

static const char *const queries[] = {
    "ооо", "ип", "маг", "вект", "ром", "станок", "12345", "+7 (912) 345-67-89", "zzzz", NULL,
};

static vo_err search_one(struct vo_svc *svc, size_t i, size_t *hits, struct vo_error *e)
{
    struct vo_search_hit *v = NULL;
    return vo_svc_search(svc, queries[i], 20, &v, hits, e);
}

/* The list pages: a name, the list, the query (limit 50). */
enum list { DEALS, CLIENTS, TASKS, ACTIVITIES, PAYMENTS };
static const struct {
    const char *name;
    enum list list;
    struct vo_crm_query q;
} lists[] = {
    {"deals, newest first", DEALS, {.sort = 0, .desc = true}},
    {"deals won, largest first", DEALS, {.status = "won", .sort = 2, .desc = true}},
    {"deals open, by title", DEALS, {.status = "open", .sort = 3}},
    {"deals, title contains \"станок\"", DEALS, {.q = "станок", .sort = 0, .desc = true}},
    {"clients by name", CLIENTS, {.sort = 0}},
    {"tasks open by due time", TASKS, {.status = "open", .sort = 0}},
    {"activities, newest first", ACTIVITIES, {.sort = 0, .desc = true}},
    {"payments, newest first", PAYMENTS, {.sort = 0, .desc = true}},
};
#define NLISTS (sizeof lists / sizeof lists[0])

static vo_err list_one(struct vo_svc *svc, size_t i, size_t *hits, struct vo_error *e)
{
    struct vo_crm_query q = lists[i].q;
    q.limit = 50;
    q.from = q.to = VO_NULL;
    struct vo_crm_page pg = {0};
    vo_err rc = VO_OK;
    switch (lists[i].list) {
    case DEALS: {
        struct vo_deal_row *v;
        rc = vo_svc_deal_list(svc, &q, &v, &pg, e);
        break;
    }
    case CLIENTS: {
        struct vo_client *v;
        rc = vo_svc_client_list(svc, &q, &v, &pg, e);
        break;
    }
    case TASKS: {
        struct vo_task *v;
        rc = vo_svc_task_list(svc, &q, &v, &pg, e);
        break;
    }
    case ACTIVITIES: {
        struct vo_activity *v;
        rc = vo_svc_activity_list(svc, &q, &v, &pg, e);
        break;
    }
    case PAYMENTS: {
        struct vo_payment *v;
        rc = vo_svc_payment_list(svc, &q, &v, &pg, e);
        break;
    }
    }
    *hits = pg.n;
    return rc;
}

/* The board (issue 10, item 7): GET /api/v1/board's work through
 * vo_svc_board (every column's figures and its first 20 cards) and one
 * column's next page, with the screen's filters. */
static const struct {
    const char *name;
    int64_t limit; /* cards per column; -1: a column's second page */
    bool stuck;
} boards[] = {
    {"board, 20 cards a column", 20, false},
    {"board, stuck only", 20, true},
    {"board, figures only", 0, false},
    {"board column, second page of 20", -1, false},
};
#define NBOARDS (sizeof boards / sizeof boards[0])

static vo_err board_one(struct vo_svc *svc, size_t i, size_t *hits, struct vo_error *e)
{
    struct vo_crm_query q = {.stuck_at = boards[i].stuck ? (int64_t)time(NULL) : 0};
    struct vo_board b;
    vo_err rc = vo_svc_board(svc, 0, &q, boards[i].limit < 0 ? 20 : boards[i].limit, &b, e);
    *hits = 0;
    for (size_t c = 0; !rc && c < b.pipeline.nstages; c++)
        *hits += b.cols[c].page.n;
    if (rc || boards[i].limit >= 0 || b.pipeline.nstages == 0 || !b.cols[0].page.next_key)
        return rc;
    struct vo_board_column col;
    q.has_cursor = true;
    q.after_key = b.cols[0].page.next_key;
    q.after_id = b.cols[0].page.next_id;
    q.limit = 20;
    rc = vo_svc_board_column(svc, b.cols[0].stage.id, &q, &col, e);
    *hits = rc ? 0 : col.page.n;
    return rc;
}

/* Runs each of the nq queries RUNS times as svc's actor (who), printing
 * the medians and the p50 and p99 of all; 0, or 3 on an error. names[i]
 * labels query i. */
static int run(struct vo_svc *svc, const char *what, one_fn one_query, const char *const *names,
               size_t nq, int runs, const char *who)
{
    struct vo_error e = {0};
    /* the requests' results go to a scratch arena, emptied after each
     * (svc's own holds the org) */
    struct vo_arena scratch, *own = svc->arena;
    vo_arena_init(&scratch, 0);
    svc->arena = &scratch;
    double *all = calloc(nq * (size_t)runs, sizeof *all);
    double *one = calloc((size_t)runs, sizeof *one);
    size_t k = 0;
    int rc = all && one ? 0 : 3;
    for (size_t q = 0; q < nq && !rc; q++) {
        size_t hits = 0;
        for (int i = 0; i < runs && !rc; i++) {
            double t0 = now_ms();
            if (one_query(svc, q, &hits, &e)) {
                fprintf(stderr, "voronka_bench_search: %s: %s\n", names[q], e.msg);
                rc = 3;
            }
            one[i] = all[k++] = now_ms() - t0;
            vo_arena_cleanup(&scratch); /* the results of one request */
        }
        qsort(one, (size_t)runs, sizeof *one, vo_bench_cmp_double);
        printf("%s (%s) \"%s\": %zu rows, median %.2f ms\n", what, who, names[q], hits,
               pct(one, (size_t)runs, 50));
    }
    if (!rc) {
        qsort(all, k, sizeof *all, vo_bench_cmp_double);
        double p50 = pct(all, k, 50), p99 = pct(all, k, 99);
        printf("%s (%s): %zu queries x %d runs: p50 %.2f ms, p99 %.2f ms (target < %.0f ms: "
               "%s)\n",
               what, who, nq, runs, p50, p99, TARGET_MS, p99 < TARGET_MS ? "met" : "NOT MET");
    }
    free(all);
    free(one);
    svc->arena = own;
    vo_arena_cleanup(&scratch);
    return rc;
}

/* run() as the operator, then (manager > 0) as that manager. */
static int run_passes(struct vo_svc *svc, const char *what, one_fn one_query,
                      const char *const *names, size_t nq, int runs, int64_t manager)
{
    int rc = 0;
    for (int pass = 0; pass < (manager > 0 ? 2 : 1) && !rc; pass++) {
        svc->actor_role = pass ? VO_ROLE_MANAGER : VO_ROLE_ADMIN;
        svc->actor_id = pass ? manager : 0;
        rc = run(svc, what, one_query, names, nq, runs, pass ? "manager MANAGER" : "the operator");
    }
    return rc;
}

int main(int argc, char **argv)
{
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
        rc = run(&svc, "search", search_one, queries, sizeof queries / sizeof queries[0] - 1, runs,
                 who[pass]);
    }
    /* the list pages, then the board */
    const char *names[NLISTS > NBOARDS ? NLISTS : NBOARDS];
    for (size_t i = 0; i < NLISTS; i++)
        names[i] = lists[i].name;
    if (!rc)
        rc = run_passes(&svc, "list page", list_one, names, NLISTS, runs, manager);
    for (size_t i = 0; i < NBOARDS; i++)
        names[i] = boards[i].name;
    if (!rc)
        rc = run_passes(&svc, "board", board_one, names, NBOARDS, runs, manager);
    vo_svc_cleanup(&svc);
    vo_store_close(st);
    vo_arena_cleanup(&a);
    return rc;
}
