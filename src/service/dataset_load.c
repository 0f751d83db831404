/*
 * dataset_load.c - an org's dataset from the store: one streaming pass per
 * kind of row (store/dataset_store.c) into analytics' builder
 * (analytics/dataset_build.h), in the builder's order.
 *
 * The activities and the tasks (10M + 2.6M rows at 1M deals, about half
 * the load) are read on a second connection and thread (struct
 * events_job) while this one reads every other table: about half the wall
 * time on two cores. Both connections read one snapshot
 * (vo_store_read_pair: PRAGMA data_version around the two read
 * transactions), so every reference resolves. Without a second connection
 * (a database in memory) or a thread, they load on st after the others:
 * the same dataset.
 *
 * No count(*) pre-pass (0.7 s for 10M activities): the builder's columns
 * double as rows arrive and are trimmed at the end.
 */
#include "service/dataset_load.h"

#include "analytics/dataset_build.h"
#include "store/store_conn.h"

#include <pthread.h>

/* One pass: the builder and the kind of row it is handed. */
struct feed {
    struct vo_ds_builder *b;
    enum vo_store_rows kind;
    struct vo_error *e;
};

static vo_err feed_row(void *ctx, const union vo_store_row *r)
{
    const struct feed *f = ctx;
    struct vo_ds_builder *b = f->b;
    switch (f->kind) {
    case VO_ROWS_TEAMS:
        return vo_ds_build_team(b, &r->team, f->e);
    case VO_ROWS_USERS:
        return vo_ds_build_user(b, &r->user, f->e);
    case VO_ROWS_PIPELINES:
        return vo_ds_build_pipeline(b, &r->pipeline, f->e);
    case VO_ROWS_STAGES:
        return vo_ds_build_stage(b, &r->stage, f->e);
    case VO_ROWS_CLIENTS:
        return vo_ds_build_client(b, &r->client, f->e);
    case VO_ROWS_DEALS:
        return vo_ds_build_deal(b, &r->deal, f->e);
    case VO_ROWS_STAGE_CHANGES:
        return vo_ds_build_stage_change(b, &r->stage_change, f->e);
    case VO_ROWS_ACTIVITIES:
        return vo_ds_build_activity(b, &r->activity, f->e);
    case VO_ROWS_TASKS:
        return vo_ds_build_task(b, &r->task, f->e);
    case VO_ROWS_PAYMENTS:
        return vo_ds_build_payment(b, &r->payment, f->e);
    case VO_ROWS_PLANS:
        return vo_ds_build_plan(b, &r->plan, f->e);
    case VO_ROWS_HOLIDAYS:
        return vo_ds_build_holiday(b, &r->holiday, f->e);
    }
    return vo_error_set(f->e, VO_EINVAL, NULL, "no such kind of row: %d", (int)f->kind);
}

/* Streams the rows of kind from st into b. */
static vo_err feed(struct vo_store *st, int64_t org, struct vo_ds_builder *b,
                   enum vo_store_rows kind, struct vo_error *e)
{
    struct feed f = {b, kind, e};
    return vo_store_load_rows(st, org, kind, feed_row, &f, e);
}

/* The events' part of a load, on its own connection and thread: it shares
 * nothing mutable with the rest until the join (its own error; the
 * builder's events part, dataset_build.h). */
struct events_job {
    struct vo_store *st;
    int64_t org;
    struct vo_ds_builder *b;
    struct vo_error err;
    vo_err rc;
};

static void *events_main(void *arg)
{
    struct events_job *j = arg;
    if ((j->rc = feed(j->st, j->org, j->b, VO_ROWS_ACTIVITIES, &j->err)) ||
        (j->rc = feed(j->st, j->org, j->b, VO_ROWS_TASKS, &j->err)))
        return NULL;
    j->rc = vo_ds_builder_events_end(j->b, &j->err);
    return NULL;
}

/* The main part after the users, in the builder's order. */
static const enum vo_store_rows main_rest[] = {
    VO_ROWS_PIPELINES,     VO_ROWS_STAGES,   VO_ROWS_CLIENTS, VO_ROWS_DEALS,
    VO_ROWS_STAGE_CHANGES, VO_ROWS_PAYMENTS, VO_ROWS_PLANS,   VO_ROWS_HOLIDAYS,
};

/* Everything but the org row, into b, on st and (when there is one) st2. */
static vo_err load_rows(struct vo_store *st, struct vo_store *st2, int64_t org,
                        struct vo_ds_builder *b, struct vo_error *e)
{
    struct events_job job = {.st = st2, .org = org, .b = b};
    pthread_t th;
    bool threaded = false;
    vo_err rc = feed(st, org, b, VO_ROWS_TEAMS, e);
    if (!rc)
        rc = feed(st, org, b, VO_ROWS_USERS, e);
    if (!rc && st2) /* from here the events may go on their own */
        threaded = pthread_create(&th, NULL, events_main, &job) == 0;
    for (size_t i = 0; !rc && i < sizeof main_rest / sizeof *main_rest; i++)
        rc = feed(st, org, b, main_rest[i], e);
    if (threaded) /* on an error above, wait for it, then drop its part */
        pthread_join(th, NULL);
    if (rc)
        return rc;
    if (!threaded) {
        job.st = st;
        events_main(&job);
    }
    if (job.rc && e)
        *e = job.err;
    return job.rc;
}

vo_err vo_svc_dataset_load(struct vo_store *st, int64_t org, struct vo_dataset **out,
                           struct vo_error *e)
{
    struct vo_arena tmp;
    vo_arena_init(&tmp, 0);
    struct vo_store *st2 = NULL;
    struct vo_ds_builder *b = NULL;
    struct vo_org o;
    /* One snapshot: a read transaction on st, and one on a second
     * connection (st2, for the other thread) at the same commit, so no
     * row can name another that a table read earlier or later missed. */
    vo_err rc = vo_store_read_pair(st, &st2, e);
    if (rc) {
        vo_arena_cleanup(&tmp);
        return rc;
    }
    int64_t seq = 0, snap = 0; /* the stamp of the rows this transaction reads */
    if (!(rc = vo_store_org_get(st, org, &tmp, &o, e)) &&
        !(rc = vo_store_dataset_stamp(st, org, &seq, &snap, e)) &&
        !(rc = vo_ds_builder_new(org, o.currency, o.tz, &b, e)) &&
        !(rc = load_rows(st, st2, org, b, e))) {
        rc = vo_ds_builder_finish(b, out, e);
        b = NULL;
        if (!rc)
            (*out)->stamp = seq;
    }
    vo_ds_builder_free(b);
    vo_store_read_end(st);
    vo_store_read_end(st2);
    vo_store_close(st2);
    vo_arena_cleanup(&tmp);
    return rc;
}
