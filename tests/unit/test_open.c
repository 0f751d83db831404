/*
 * test_open.c - the deals and tasks open at an instant from the dataset's
 * open lists (src/analytics/dataset_open.c: the rows never closed plus
 * those closed at or after as_of, merged in index order, or a walk when
 * that is no dearer) against the definition (METRICS.md, "CRM hygiene":
 * created before as_of, not closed or done before it) by brute force over
 * random deals and tasks and random as_of values, on a loaded dataset and
 * on a live one after random writes applied with vo_ds_apply_deal and
 * vo_ds_apply_task (new rows, closings, reopenings, moved creation times),
 * which must also hold the same lists as a fresh load. The unordered
 * visit (vo_ds_*_each_open) must tell the same rows, each once, and stop
 * at the first false. The hygiene audit's open counts are checked against
 * the same definition.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analytics/dataset.h"
#include "analytics/hygiene.h"
#include "store/store_conn.h"
#include "fixture.h"
#include "testutil.h"
#include "service/dataset_load.h"

#define ND   120
#define NT   200
#define MORE 60

struct fx {
    struct vo_fx_brute b;
    int64_t pipe;
    struct vo_deal deal[ND + MORE];
    struct vo_task task[NT + MORE];
    size_t nd, nt;
    char dext[ND + MORE][12], text[NT + MORE][12];
    int64_t last_created; /* the latest deal creation (live deals come after it) */
};

/* A random end for a row created at c: never (a third), at c, or later. */
static int64_t end_after(struct fx *f, int64_t c)
{
    switch (vo_fx_rnd(&f->b.rng, 6)) {
    case 0:
    case 1:
        return VO_NULL;
    case 2:
        return c;
    default:
        return c + (int64_t)vo_fx_rnd(&f->b.rng, 12 * VO_FX_DAY);
    }
}

static void close_deal(struct fx *f, struct vo_deal *d, int64_t closed_at)
{
    d->closed_at = closed_at;
    d->status = closed_at == VO_NULL      ? VO_DEAL_OPEN
                : vo_fx_rnd(&f->b.rng, 2) ? VO_DEAL_WON
                                          : VO_DEAL_LOST;
}

static void new_deal(struct fx *f, int64_t created)
{
    size_t k = f->nd++;
    snprintf(f->dext[k], sizeof f->dext[k], "D%zu", k);
    f->deal[k] = (struct vo_deal){.org_id = f->b.org,
                                  .ext_id = f->dext[k],
                                  .title = f->dext[k],
                                  .pipeline_id = f->pipe,
                                  .owner_id = f->b.user[vo_fx_rnd(&f->b.rng, 3)],
                                  .amount = 1000,
                                  .created_at = created};
    close_deal(f, &f->deal[k], end_after(f, created));
    if (created > f->last_created)
        f->last_created = created;
    vo_fx_put_deal(f->b.st, &f->deal[k]);
}

/* Random valid values for a task (done_at >= created_at), on a random
 * deal or none. */
static void randomize(struct fx *f, struct vo_task *t)
{
    t->assignee_id = f->b.user[vo_fx_rnd(&f->b.rng, 3)];
    t->deal_id = vo_fx_rnd(&f->b.rng, 3) ? f->deal[vo_fx_rnd(&f->b.rng, f->nd)].id : 0;
    t->created_at = vo_fx_when(&f->b.rng);
    t->due_at = t->created_at + (int64_t)vo_fx_rnd(&f->b.rng, 6 * VO_FX_DAY) - 2 * VO_FX_DAY;
    t->done_at = end_after(f, t->created_at);
}

static void new_task(struct fx *f)
{
    size_t k = f->nt++;
    snprintf(f->text[k], sizeof f->text[k], "T%zu", k);
    f->task[k] = (struct vo_task){.org_id = f->b.org, .ext_id = f->text[k], .title = "позвонить"};
    randomize(f, &f->task[k]);
    vo_fx_put_task(f->b.st, &f->task[k]);
}

static void setup_fx(void *p, uint64_t seed)
{
    struct fx *f = p;
    memset(f, 0, sizeof *f);
    vo_fx_brute_open(&f->b, seed);
    bool created;
    vo_fx_ok(&f->b,
             vo_store_pipeline_ensure(f->b.st, f->b.org, "Продажи", &f->pipe, &created, &f->b.e),
             "pipe");
    for (size_t k = 0; k < ND; k++)
        new_deal(f, vo_fx_when(&f->b.rng));
    for (size_t k = 0; k < NT; k++)
        new_task(f);
    vo_fx_ok(&f->b, vo_store_commit(f->b.st, &f->b.e), "commit");
}

static void teardown_fx(void *p)
{
    vo_fx_brute_close(&((struct fx *)p)->b);
}

static int cmp_i64(const void *pa, const void *pb)
{
    int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
    return (a > b) - (a < b);
}

static bool open_at(int64_t created, int64_t end, int64_t as_of)
{
    return created < as_of && (end == VO_NULL || end >= as_of);
}

/* The rows idx[0..n) (ascending, each once) are exactly those whose store
 * ids are want[0..nw); ids[] maps an index to its store id. */
static void same_rows(const char *what, int64_t as_of, const int32_t *idx, size_t n,
                      const int64_t *ids, int64_t *want, size_t nw)
{
    cr_assert_eq(n, nw, "%s at %lld: %zu rows, want %zu", what, (long long)as_of, n, nw);
    int64_t *got = malloc((n ? n : 1) * sizeof *got);
    cr_assert(got);
    for (size_t k = 0; k < n; k++) {
        if (k)
            cr_assert_lt(idx[k - 1], idx[k], "%s at %lld: not ascending", what, (long long)as_of);
        got[k] = ids[idx[k]];
    }
    qsort(got, n, sizeof *got, cmp_i64);
    qsort(want, nw, sizeof *want, cmp_i64);
    if (n)
        cr_assert_arr_eq(got, want, n * sizeof *got, "%s at %lld: other rows", what,
                         (long long)as_of);
    free(got);
}

/* vo_ds_*_each_open's rows, gathered (told in no order, each once) and
 * sorted, so same_rows can compare them. */
struct told {
    int32_t *idx;
    size_t n, cap, stop_at; /* stop_at: the call that returns false (0: none) */
};

static bool tell(void *ctx, size_t i)
{
    struct told *t = ctx;
    cr_assert_lt(t->n, t->cap, "a row told twice or more rows than there are");
    t->idx[t->n++] = (int32_t)i;
    return t->n != t->stop_at;
}

static int cmp_i32(const void *pa, const void *pb)
{
    int32_t a = *(const int32_t *)pa, b = *(const int32_t *)pb;
    return (a > b) - (a < b);
}

static void each_open(const struct vo_dataset *ds, int kind, int64_t as_of, struct told *t)
{
    t->n = 0;
    bool all = kind ? vo_ds_tasks_each_open(ds, as_of, tell, t)
                    : vo_ds_deals_each_open(ds, as_of, tell, t);
    cr_assert_eq(all, t->stop_at == 0 || t->n < t->stop_at, "each_open at %lld: told %zu, stop %zu",
                 (long long)as_of, t->n, t->stop_at);
    qsort(t->idx, t->n, sizeof *t->idx, cmp_i32);
}

/* Deal k (kind 0) or task k (kind 1): its id, creation and end. */
static void row_of(const struct fx *f, int kind, size_t k, int64_t *id, int64_t *created,
                   int64_t *end)
{
    *id = kind ? f->task[k].id : f->deal[k].id;
    *created = kind ? f->task[k].created_at : f->deal[k].created_at;
    *end = kind ? f->task[k].done_at : f->deal[k].closed_at;
}

/* Both lists and the hygiene open counts at many as_of values (every
 * instant the rows name and one second either side, and random ones). */
static void check(void *p, const struct vo_dataset *ds)
{
    struct fx *f = p;
    static int64_t probes[3 * 2 * (ND + NT + 2 * MORE) + 100];
    size_t np = 0;
    for (size_t k = 0; k < f->nd + f->nt; k++) {
        int64_t v[2] = {k < f->nd ? f->deal[k].created_at : f->task[k - f->nd].created_at,
                        k < f->nd ? f->deal[k].closed_at : f->task[k - f->nd].done_at};
        np = vo_fx_probes(probes, np, v, 2);
    }
    for (int i = 0; i < 100; i++)
        probes[np++] = vo_fx_as_of(&f->b.rng);
    int64_t want[ND + NT + 2 * MORE];
    struct vo_hygiene_settings hs;
    vo_hygiene_settings_default(&hs);
    for (size_t i = 0; i < np; i++) {
        int64_t as_of = probes[i];
        int64_t open[2]; /* deals, tasks */
        for (int kind = 0; kind < 2; kind++) {
            int32_t *idx = NULL;
            size_t n = 0, nw = 0;
            cr_assert(kind ? vo_ds_tasks_open_at(ds, as_of, &idx, &n)
                           : vo_ds_deals_open_at(ds, as_of, &idx, &n));
            for (size_t k = 0; k < (kind ? f->nt : f->nd); k++) {
                int64_t id, created, end;
                row_of(f, kind, k, &id, &created, &end);
                if (open_at(created, end, as_of))
                    want[nw++] = id;
            }
            open[kind] = (int64_t)nw;
            same_rows(kind ? "tasks" : "deals", as_of, idx, n, kind ? ds->tasks.id : ds->deals.id,
                      want, nw);
            /* the unordered visit: the same rows; and it stops where told */
            int32_t told_idx[ND + NT + 2 * MORE];
            struct told t = {.idx = told_idx, .cap = sizeof told_idx / sizeof *told_idx};
            each_open(ds, kind, as_of, &t);
            cr_assert_eq(t.n, n, "each_open at %lld: %zu rows, open_at %zu", (long long)as_of, t.n,
                         n);
            if (n)
                cr_assert_arr_eq(t.idx, idx, n * sizeof *idx, "each_open at %lld: other rows",
                                 (long long)as_of);
            t.stop_at = n ? 1 + vo_fx_rnd(&f->b.rng, n) : 0;
            each_open(ds, kind, as_of, &t);
            cr_assert_eq(t.n, t.stop_at, "each_open at %lld went on after false", (long long)as_of);
            free(idx);
        }
        struct vo_hygiene h;
        vo_fx_ok(&f->b, vo_hygiene_compute(ds, as_of, &hs, i % 2 == 0, &f->b.a, &h, &f->b.e),
                 "hygiene");
        cr_assert_eq(h.org.open_deals, open[0]);
        cr_assert_eq(h.org.open_tasks, open[1]);
    }
}

/* The live lists equal a fresh load's. */
static void same_lists(const struct vo_dataset *x, const struct vo_dataset *y)
{
    cr_assert_eq(x->deals.n_open, y->deals.n_open);
    cr_assert_eq(x->tasks.n_open, y->tasks.n_open);
    if (x->deals.n_open)
        cr_assert_arr_eq(x->deals.open, y->deals.open, x->deals.n_open * sizeof(int32_t));
    if (x->tasks.n_open)
        cr_assert_arr_eq(x->tasks.open, y->tasks.open, x->tasks.n_open * sizeof(int32_t));
}

/* One random write, stored and applied to live. */
static void random_write(void *p, struct vo_dataset *live)
{
    struct fx *f = p;
    if (vo_fx_rnd(&f->b.rng, 2)) { /* a deal: a new one (not in the past), or closed / reopened */
        struct vo_deal *d;
        if (vo_fx_rnd(&f->b.rng, 4) == 0 && f->nd < ND + MORE) {
            new_deal(f, f->last_created + (int64_t)vo_fx_rnd(&f->b.rng, 2 * VO_FX_DAY));
            d = &f->deal[f->nd - 1];
        } else {
            d = &f->deal[vo_fx_rnd(&f->b.rng, f->nd)];
            close_deal(f, d, end_after(f, d->created_at));
            vo_fx_put_deal(f->b.st, d);
        }
        vo_fx_ok(&f->b, vo_ds_apply_deal(live, d, &f->b.e), "apply deal");
        return;
    }
    struct vo_task *t;
    if (vo_fx_rnd(&f->b.rng, 4) == 0 && f->nt < NT + MORE) {
        new_task(f);
        t = &f->task[f->nt - 1];
    } else {
        t = &f->task[vo_fx_rnd(&f->b.rng, f->nt)];
        /* completed or reopened, else everything, created_at too */
        if (vo_fx_task_redo(&f->b.rng, t, 4) >= 2)
            randomize(f, t);
        vo_fx_put_task(f->b.st, t);
    }
    vo_fx_ok(&f->b, vo_ds_apply_task(live, t, &f->b.e), "apply task");
}

static struct fx fx;
VO_FX_DRIVE_TESTS(open, &fx, setup_fx, teardown_fx, random_write, check, same_lists, 11)

/* A database without a file has no second connection: the load reads the
 * activities and tasks on the caller's connection after the rest. */
Test(open, a_database_in_memory_loads_on_one_connection)
{
    struct vo_store *st = NULL, *again = NULL;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_open(":memory:", VO_STORE_CREATE, &st, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_store_open_again(st, &again, &e), VO_ENOTFOUND);
    cr_assert_null(again);
    struct vo_org o = {.name = "Память",
                       .tz = "Europe/Moscow",
                       .currency = "RUB",
                       .settings = "{}",
                       .created_at = VO_FX_T0};
    int64_t anna = vo_fx_org_with_manager(st, &o, "Анна", "anna@example.com");
    struct vo_task t = {.org_id = o.id,
                        .ext_id = "T1",
                        .title = "позвонить",
                        .assignee_id = anna,
                        .created_at = VO_FX_T(0),
                        .due_at = VO_FX_T(VO_FX_DAY),
                        .done_at = VO_NULL};
    enum vo_upsert res;
    cr_assert_eq(vo_store_task_upsert(st, &t, &res, &e), VO_OK, "%s", e.msg);
    struct vo_dataset *ds = NULL;
    cr_assert_eq(vo_svc_dataset_load(st, o.id, &ds, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(ds->tasks.n, 1);
    cr_assert_eq(ds->tasks.n_open, 1);
    cr_assert_eq(ds->tasks.deal[0], -1);
    cr_assert_eq(vo_ds_tasks_overdue(ds, 0, VO_FX_T(2 * VO_FX_DAY)), 1);
    vo_ds_free(ds);
    vo_store_close(st);
}
