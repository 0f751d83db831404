/*
 * test_overdue.c - tasks_overdue from the late-task index
 * (src/analytics/dataset_late.c: per user, #{start < as_of} - #{done_at <
 * as_of} over the tasks done late or still open) against the definition
 * (METRICS.md: open at as_of, created before it, due before it) counted by
 * brute force over random tasks and random as_of values, on a loaded
 * dataset and on a live one after random writes applied with
 * vo_ds_apply_task (new tasks, completions, reopenings, new due dates,
 * reassignments, moved creation times), which must also hold the same
 * index as a fresh load.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "analytics/dataset.h"
#include "analytics/planfact.h"
#include "fixture.h"
#include "testutil.h"
#include "service/dataset_load.h"

#define NT 240

struct fx {
    struct vo_fx_brute b;
    struct vo_task task[NT + 60];
    size_t nt;
    char ext[NT + 60][12];
};

/* Random valid values for task k (done_at >= created_at, as validated). */
static void randomize(struct fx *f, struct vo_task *t)
{
    t->assignee_id = f->b.user[vo_fx_rnd(&f->b.rng, 3)];
    t->created_at = vo_fx_when(&f->b.rng);
    switch (vo_fx_rnd(&f->b.rng, 4)) {
    case 0:
        t->due_at = t->created_at;
        break;
    case 1:
        t->due_at = t->created_at - (int64_t)vo_fx_rnd(&f->b.rng, 3 * VO_FX_DAY);
        break; /* due before made */
    default:
        t->due_at = t->created_at + (int64_t)vo_fx_rnd(&f->b.rng, 6 * VO_FX_DAY);
        break;
    }
    switch (vo_fx_rnd(&f->b.rng, 4)) {
    case 0:
        t->done_at = VO_NULL;
        break;
    case 1:
        t->done_at = t->created_at;
        break;
    case 2:
        t->done_at = t->due_at > t->created_at ? t->due_at : t->created_at;
        break;
    default:
        t->done_at = t->created_at + (int64_t)vo_fx_rnd(&f->b.rng, 10 * VO_FX_DAY);
        break;
    }
}

static void setup_fx(void *p, uint64_t seed)
{
    struct fx *f = p;
    memset(f, 0, sizeof *f);
    vo_fx_brute_open(&f->b, seed);
    for (size_t k = 0; k < NT; k++) {
        snprintf(f->ext[k], sizeof f->ext[k], "T%zu", k);
        f->task[k] =
            (struct vo_task){.org_id = f->b.org, .ext_id = f->ext[k], .title = "позвонить"};
        randomize(f, &f->task[k]);
        vo_fx_put_task(f->b.st, &f->task[k]);
    }
    f->nt = NT;
    vo_fx_ok(&f->b, vo_store_commit(f->b.st, &f->b.e), "commit");
}

static void teardown_fx(void *p)
{
    vo_fx_brute_close(&((struct fx *)p)->b);
}

/* The definition, over the test's own copy of the tasks. */
static int64_t brute(const struct fx *f, int64_t uid, int64_t as_of)
{
    int64_t n = 0;
    for (size_t k = 0; k < f->nt; k++) {
        const struct vo_task *t = &f->task[k];
        if (t->assignee_id == uid && t->created_at < as_of && t->due_at < as_of &&
            (t->done_at == VO_NULL || t->done_at >= as_of))
            n++;
    }
    return n;
}

/* Every user's count at many as_of values (random ones and every instant
 * the tasks name, and one second either side), through vo_ds_tasks_overdue
 * and vo_pf_user_parts. */
static void check(void *p, const struct vo_dataset *ds)
{
    struct fx *f = p;
    int64_t probes[3 * 3 * (NT + 60) + 200];
    size_t np = 0;
    for (size_t k = 0; k < f->nt; k++) {
        int64_t v[3] = {f->task[k].created_at, f->task[k].due_at, f->task[k].done_at};
        np = vo_fx_probes(probes, np, v, 3);
    }
    for (int i = 0; i < 200; i++)
        probes[np++] = vo_fx_as_of(&f->b.rng);
    for (size_t i = 0; i < np; i++) {
        int64_t *parts = NULL;
        vo_fx_ok(&f->b,
                 vo_pf_user_parts(ds, probes[i], probes[i], probes[i], &f->b.a, &parts, &f->b.e),
                 "parts");
        for (int u = 0; u < 3; u++) {
            int32_t ui = vo_ds_user_find(ds, f->b.user[u]);
            int64_t want = brute(f, f->b.user[u], probes[i]);
            cr_assert_eq(vo_ds_tasks_overdue(ds, ui, probes[i]), want,
                         "user %d as_of %lld: %lld, want %lld", u, (long long)probes[i],
                         (long long)vo_ds_tasks_overdue(ds, ui, probes[i]), (long long)want);
            cr_assert_eq(parts[(size_t)ui * VO_PF__COUNT + VO_PF_TASKS_OVERDUE], want);
        }
    }
}

/* The live index equals a fresh load's: same sorted values per user. */
static void same_index(const struct vo_dataset *x, const struct vo_dataset *y)
{
    cr_assert_eq(x->tasks.n_late, y->tasks.n_late);
    for (size_t u = 0; u < x->tasks.n_late; u++) {
        const struct vo_ds_late *a = &x->tasks.late[u], *b = &y->tasks.late[u];
        cr_assert_eq(a->n_start, b->n_start, "user %zu: %zu starts vs %zu", u, a->n_start,
                     b->n_start);
        cr_assert_eq(a->n_end, b->n_end, "user %zu: %zu ends vs %zu", u, a->n_end, b->n_end);
        if (a->n_start)
            cr_assert_arr_eq(a->start, b->start, a->n_start * sizeof *a->start);
        if (a->n_end)
            cr_assert_arr_eq(a->end, b->end, a->n_end * sizeof *a->end);
    }
}

/* One random write, stored and applied to live. */
static void random_write(void *p, struct vo_dataset *live)
{
    struct fx *f = p;
    struct vo_task *t;
    if (vo_fx_rnd(&f->b.rng, 4) == 0 && f->nt < NT + 60) { /* a new task */
        size_t k = f->nt++;
        snprintf(f->ext[k], sizeof f->ext[k], "N%zu", k);
        f->task[k] = (struct vo_task){.org_id = f->b.org, .ext_id = f->ext[k], .title = "новая"};
        t = &f->task[k];
        randomize(f, t);
    } else {
        t = &f->task[vo_fx_rnd(&f->b.rng, f->nt)];
        switch (vo_fx_task_redo(&f->b.rng, t, 5)) { /* 0 completed, 1 reopened */
        case 2:                                     /* a new due date */
            t->due_at =
                t->created_at + (int64_t)vo_fx_rnd(&f->b.rng, 8 * VO_FX_DAY) - 2 * VO_FX_DAY;
            break;
        case 3:
            t->assignee_id = f->b.user[vo_fx_rnd(&f->b.rng, 3)];
            break;
        case 4:
            randomize(f, t);
            break; /* everything, created_at too */
        }
    }
    vo_fx_put_task(f->b.st, t);
    vo_fx_ok(&f->b, vo_ds_apply_task(live, t, &f->b.e), "apply");
}

static struct fx fx;
VO_FX_DRIVE_TESTS(overdue, &fx, setup_fx, teardown_fx, random_write, check, same_index, 7)
