/*
 * dataset_int.h - what the dataset's files share, private to src/analytics:
 * dataset.c (the struct's lifetime, look-ups and period search),
 * dataset_build.c (building one from rows), dataset_apply.c (applying a
 * committed row to a live one) and the indexes of dataset_open.c and
 * dataset_late.c (the binary search they all use).
 *
 * Each table's columns are listed once in an X-macro (*_COLS) that drives
 * growing, trimming, freeing, measuring and moving rows, so adding a
 * column is one edit.
 */
#ifndef VO_ANALYTICS_DATASET_INT_H
#define VO_ANALYTICS_DATASET_INT_H

#include <limits.h>
#include <stdlib.h>

#include "analytics/dataset.h"

/* Resizes the array whose pointer is at pp to n elements of sz bytes (n
 * == 0 keeps it). The pointer is moved with memcpy so any element type
 * works without casts. False on OOM (the array is then unchanged). */
bool vo_ds_resize(void *pp, size_t n, size_t sz);

#define TEAMS_COLS(X, t) X((t)->id) X((t)->name)
#define USERS_COLS(X, t)                                                                           \
    X((t)->id) X((t)->name) X((t)->email) X((t)->role) X((t)->team) X((t)->active) X((t)->rev)
#define PIPES_COLS(X, t)  X((t)->id) X((t)->name) X((t)->stage_first) X((t)->stage_count)
#define STAGES_COLS(X, t) X((t)->id) X((t)->pipeline) X((t)->name) X((t)->pos) X((t)->max_days)
#define CLIENTS_COLS(X, t)                                                                         \
    X((t)->id)                                                                                     \
    X((t)->name)                                                                                   \
    X((t)->owner) X((t)->channel) X((t)->region) X((t)->segment) X((t)->source) X((t)->rev)
#define DEALS_COLS(X, t)                                                                           \
    X((t)->id)                                                                                     \
    X((t)->owner)                                                                                  \
    X((t)->team)                                                                                   \
    X((t)->pipeline)                                                                               \
    X((t)->stage)                                                                                  \
    X((t)->status)                                                                                 \
    X((t)->amount)                                                                                 \
    X((t)->created_at)                                                                             \
    X((t)->closed_at)                                                                              \
    X((t)->client)                                                                                 \
    X((t)->product)                                                                                \
    X((t)->channel) X((t)->region) X((t)->source) X((t)->loss_reason) X((t)->own) X((t)->rev)
#define SC_COLS(X, t)   X((t)->deal) X((t)->stage) X((t)->at) X((t)->id) X((t)->implicit)
#define ACTS_COLS(X, t) X((t)->at) X((t)->user) X((t)->deal) X((t)->duration_s) X((t)->type)
#define TASKS_COLS(X, t)                                                                           \
    X((t)->id)                                                                                     \
    X((t)->created_at) X((t)->due_at) X((t)->done_at) X((t)->assignee) X((t)->deal) X((t)->rev)
#define PAYS_COLS(X, t)                                                                            \
    X((t)->id)                                                                                     \
    X((t)->paid_at) X((t)->amount) X((t)->deal) X((t)->client) X((t)->user) X((t)->rev)
#define PLANS_COLS(X, t)                                                                           \
    X((t)->year)                                                                                   \
    X((t)->month) X((t)->scope_kind) X((t)->scope) X((t)->metric) X((t)->target) X((t)->rev)

#define X_RESIZE(p) ok = ok && vo_ds_resize(&(p), cap, sizeof *(p));
#define X_FREE(p)   free(p);
#define X_BYTES(p)  bytes += t->cap * sizeof *(p);

/* For each table: name_resize (set the capacity of every column), and the
 * bytes its columns hold. The capacity never exceeds INT32_MAX rows, so
 * row indexes fit the int32 reference columns. */
#define TABLE_FUNCS(name, type, COLS)                                                              \
    static inline bool name##_resize(struct type *t, size_t cap)                                   \
    {                                                                                              \
        bool ok = cap <= (size_t)INT32_MAX;                                                        \
        COLS(X_RESIZE, t)                                                                          \
        if (ok)                                                                                    \
            t->cap = cap;                                                                          \
        return ok;                                                                                 \
    }                                                                                              \
    static inline bool name##_room(struct type *t)                                                 \
    {                                                                                              \
        return t->n < t->cap || name##_resize(t, t->cap ? t->cap * 2 : 64);                        \
    }                                                                                              \
    static inline void name##_trim(struct type *t)                                                 \
    {                                                                                              \
        if (t->n > 0 && t->n < t->cap)                                                             \
            (void)name##_resize(t, t->n);                                                          \
    }                                                                                              \
    static inline void name##_free(struct type *t)                                                 \
    {                                                                                              \
        COLS(X_FREE, t)                                                                            \
    }                                                                                              \
    static inline size_t name##_bytes(const struct type *t)                                        \
    {                                                                                              \
        size_t bytes = 0;                                                                          \
        COLS(X_BYTES, t)                                                                           \
        return bytes;                                                                              \
    }

TABLE_FUNCS(teams, vo_ds_teams, TEAMS_COLS)
TABLE_FUNCS(users, vo_ds_users, USERS_COLS)
TABLE_FUNCS(pipes, vo_ds_pipelines, PIPES_COLS)
TABLE_FUNCS(stages, vo_ds_stages, STAGES_COLS)
TABLE_FUNCS(clients, vo_ds_clients, CLIENTS_COLS)
TABLE_FUNCS(deals, vo_ds_deals, DEALS_COLS)
TABLE_FUNCS(sc, vo_ds_stage_changes, SC_COLS)
TABLE_FUNCS(acts, vo_ds_activities, ACTS_COLS)
TABLE_FUNCS(tasks, vo_ds_tasks, TASKS_COLS)
TABLE_FUNCS(pays, vo_ds_payments, PAYS_COLS)
TABLE_FUNCS(plans, vo_ds_plans, PLANS_COLS)

/* (Re)makes us->by_name for its n users. False on OOM (by_name is then
 * marked not current). */
bool vo_ds_users_order(struct vo_ds_users *us);

/* The binary search every sorted column uses: the first i < n for which
 * below(ctx, i) is false, below being true on a prefix of [0, n) and
 * false after it. Inline, so the predicate is inlined with it. */
static inline size_t vo_ds_partition(size_t n, bool (*below)(const void *ctx, size_t i),
                                     const void *ctx)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (below(ctx, mid))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

struct vo_ds_below_arg {
    const void *t;       /* int64_t[] or, for vo_ds_below32, int32_t[] */
    const int32_t *perm; /* NULL: t itself ascends */
    int64_t x;
};

static inline bool vo_ds_below_i64(const void *ctx, size_t i)
{
    const struct vo_ds_below_arg *a = ctx;
    const int64_t *t = a->t;
    return (a->perm ? t[a->perm[i]] : t[i]) < a->x;
}

static inline bool vo_ds_below_i32(const void *ctx, size_t i)
{
    const struct vo_ds_below_arg *a = ctx;
    return ((const int32_t *)a->t)[i] < a->x;
}

/* The number of values of the ascending t[0..n) (read through perm when
 * not NULL) below x. */
static inline size_t vo_ds_below(const int64_t *t, const int32_t *perm, size_t n, int64_t x)
{
    struct vo_ds_below_arg a = {t, perm, x};
    return vo_ds_partition(n, vo_ds_below_i64, &a);
}

/* The number of entries of the ascending a[0..n) below x. */
static inline size_t vo_ds_below32(const int32_t *t, size_t n, int32_t x)
{
    struct vo_ds_below_arg a = {t, NULL, x};
    return vo_ds_partition(n, vo_ds_below_i32, &a);
}

static inline int32_t vo_ds_clamp32(int64_t v)
{
    return v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : (int32_t)v;
}

/* A new empty dataset of org (no calendar yet), its dictionaries ready;
 * NULL on OOM. Freed with vo_ds_free. */
struct vo_dataset *vo_ds_new(int64_t org);
/* The id of s in d, adding it (copied into a) when new. VO_ENOMEM. */
vo_err vo_ds_intern(struct vo_ds_dict *d, struct vo_arena *a, const char *s, int32_t *out,
                    struct vo_error *e);
/* Sets deal i's dictionary columns (channel, source, loss reason, region)
 * and own bits from row r, with the fallbacks of its client c (an index,
 * -1 = none), as METRICS.md attributes them. VO_ENOMEM. */
vo_err vo_ds_deal_dims(struct vo_dataset *ds, size_t i, const struct vo_deal *r, int32_t c,
                       struct vo_error *e);
/* A deal row's references as dataset indexes (-1: none, or not held). */
struct vo_ds_deal_refs {
    int32_t owner, pipeline, stage, client;
};
/* Resolves r's owner, pipeline, stage and client in ds. */
void vo_ds_deal_refs(const struct vo_dataset *ds, const struct vo_deal *r,
                     struct vo_ds_deal_refs *ref);
/* Sets every column of deal row i (< cap) from r and its resolved refs
 * (owner and pipeline held): the team is the owner's, the dictionary
 * columns as vo_ds_deal_dims. The caller counts the row. VO_ENOMEM. */
vo_err vo_ds_deal_fill(struct vo_dataset *ds, size_t i, const struct vo_deal *r,
                       const struct vo_ds_deal_refs *ref, struct vo_error *e);
/* A client row's dictionary ids (interned into ds when new). VO_ENOMEM. */
struct vo_ds_client_dims {
    int32_t channel, region, segment, source;
};
vo_err vo_ds_client_dims(struct vo_dataset *ds, const struct vo_client *r,
                         struct vo_ds_client_dims *out, struct vo_error *e);
/* A plan row's scope as an index into *scope (-1 for the org); false when
 * its team or user is not held. */
bool vo_ds_plan_scope(const struct vo_dataset *ds, const struct vo_plan *r, int32_t *scope);
/* Sets every column of plan row i (< cap) from r and its scope index. */
void vo_ds_plan_fill(struct vo_ds_plans *t, size_t i, const struct vo_plan *r, int32_t scope);
/* The stage a deal without stored history entered at created_at: its
 * current (or last open) stage, else its pipeline's first; -1 when the
 * pipeline has no stage. */
int32_t vo_ds_implicit_stage(const struct vo_dataset *ds, size_t d);

#endif
