/*
 * dataset.h - an org's data in memory, in columns, for the analytics.
 *
 * Every table is a struct of arrays: column i of row r is t.col[r]. Rows
 * refer to each other by dataset INDEX (int32, -1 = none), never by store
 * id; each table with store ids keeps them in an `id` column and
 * vo_ds_*_find() maps an id back to an index. Strings that repeat (channel,
 * region, source, segment, loss reason) are interned in a dictionary and
 * stored as int32 ids, 0 meaning "none"; names live in the dataset's arena.
 *
 * Event tables are sorted by time so a period is a binary search
 * (vo_ds_span): deals by created_at, activities by at, tasks by created_at,
 * payments by paid_at (ties by store id). Deals also carry `by_closed` (the
 * closed deals in closed_at order) and tasks `by_done` (the done tasks in
 * done_at order) for the metrics that count closings and completions.
 * Stage changes are grouped by deal (deal index, then at, then store id)
 * with a per-deal offset: deal d's changes are
 * sc[deals.sc_first[d] .. deals.sc_first[d+1]).
 * A deal without stored stage history has one IMPLICIT change: it entered
 * its stage (or its pipeline's first stage) at created_at (IMPORT_FORMAT.md),
 * so the funnel code sees the same shape for every deal.
 *
 * Units: instants are UTC seconds (int64), money minor units (int64),
 * VO_NULL for an absent int64 (amount, closed_at, done_at).
 *
 * Attribution is resolved when the dataset is built (METRICS.md): a deal's `team` is its
 * owner's team; a payment's `user` is its deal's owner, else its client's
 * owner (-1 when neither). A deal's channel and source are its own, else its
 * client's; its region is its client's. A payment without a client takes
 * its deal's client.
 *
 * The columns are heap arrays with a capacity (n <= cap), so rows can be
 * appended later; a built one has cap == n. The dataset owns all its
 * memory: one vo_ds_free releases it. It is read-only for the reports and
 * safe to read from several threads at once.
 */
#ifndef VO_ANALYTICS_DATASET_H
#define VO_ANALYTICS_DATASET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "analytics/calendar.h"
#include "base/arena.h"
#include "base/err.h"
#include "model/model.h"

/* Interned strings: str[0] is "" (none), ids 1..n-1 in order of first
 * appearance. */
struct vo_ds_dict {
    const char **str;
    int32_t n, cap;
    GHashTable *ids; /* text -> id (as a pointer) */
};

struct vo_ds_teams {
    size_t n, cap;
    int64_t *id; /* ascending */
    const char **name;
};

struct vo_ds_users {
    size_t n, cap;
    int64_t *id; /* ascending */
    const char **name;
    const char **email; /* NULL when none */
    uint8_t *role;      /* enum vo_role */
    int32_t *team;      /* team index, -1 = none */
    uint8_t *active;
    uint32_t *rev; /* the row's revision (see "revisions" below) */
    /* the n_by_name user indexes in name order, then index (strcmp of
     * the names), for vo_ds_users_sort_by_name; made at the build and
     * again by vo_ds_apply_user */
    int32_t *by_name;
    size_t n_by_name;
};

struct vo_ds_pipelines {
    size_t n, cap;
    int64_t *id; /* ascending */
    const char **name;
    int32_t *stage_first; /* its stages are stages[stage_first .. +stage_count) */
    int32_t *stage_count;
};

/* Stages of all pipelines, grouped by pipeline, in position order. */
struct vo_ds_stages {
    size_t n, cap;
    int64_t *id;
    int32_t *pipeline; /* pipeline index */
    const char **name;
    int32_t *pos;      /* 0-based place in its pipeline */
    int32_t *max_days; /* -1 = no limit */
    int32_t *by_id;    /* stage indexes in id order (for vo_ds_stage_find) */
};

struct vo_ds_clients {
    size_t n, cap;
    int64_t *id; /* ascending */
    const char **name;
    int32_t *owner;                               /* user index, -1 = none */
    int32_t *channel, *region, *segment, *source; /* dictionary ids, 0 = none */
    uint32_t *rev;
};

struct vo_ds_deals {
    size_t n, cap;
    int64_t *id;
    int32_t *owner;    /* user index */
    int32_t *team;     /* the owner's team index, -1 = none */
    int32_t *pipeline; /* pipeline index */
    int32_t *stage;    /* stage index, -1 = none */
    uint8_t *status;   /* enum vo_deal_status */
    int64_t *amount;   /* VO_NULL = not filled in */
    int64_t *created_at;
    int64_t *closed_at;                               /* VO_NULL while open */
    int32_t *client;                                  /* client index, -1 = none */
    int32_t *channel, *region, *source, *loss_reason; /* dictionary ids */
    /* the deal's product (deals.product_id, a store id; 0 = none), for the
     * ABC of products (abc_products.h). A column and not a read of the
     * store per report: the 12 months' won deals of a 1M-deal org are
     * ~100k rows, which SQLite needs tens of ms to hand over while the
     * column costs 8 bytes a deal and keeps the report one in-memory pass
     * (docs/bench.md, "ABC of products"). A deal's product lines are not
     * held: few deals have them, and the service reads the window's. */
    int64_t *product;
    /* VO_DS_OWN_*: which of channel / source are the deal's own (the
     * others are its client's, refreshed by vo_ds_apply_client) */
    uint8_t *own;
    uint32_t *rev;
    int32_t *sc_first;  /* n + 1 offsets into the stage changes */
    int32_t *by_id;     /* deal indexes in id order */
    int32_t *by_closed; /* the n_closed closed deals, by closed_at then index */
    size_t n_closed;
    int32_t *open; /* the n_open deals with closed_at VO_NULL, ascending */
    size_t n_open;
};

/* Bits of deals.own. */
enum { VO_DS_OWN_CHANNEL = 1, VO_DS_OWN_SOURCE = 2 };

/* A deal's moves in the order they were made: by at, then by store id
 * (the store's sequence: two moves within one second keep their order). */
struct vo_ds_stage_changes {
    size_t n, cap;
    int32_t *deal;  /* deal index; rows grouped by deal, by (at, id) within a deal */
    int32_t *stage; /* stage index */
    int64_t *at;
    int64_t *id;       /* store id; 0 for the implicit entry */
    uint8_t *implicit; /* 1 for the entry made from created_at */
};

/* The big one (10M rows in a large department): 21 bytes a row, so no
 * store id column; max_id tells a new activity from an edit. */
struct vo_ds_activities {
    size_t n, cap;
    int64_t *at; /* ascending */
    int32_t *user;
    int32_t *deal;       /* -1 = none */
    int32_t *duration_s; /* -1 = unknown */
    uint8_t *type;       /* enum vo_activity_type */
    int64_t max_id;      /* the largest store id held (no id column: 8 bytes a row) */
};

/* One user's late tasks (those done after max(created_at, due_at) or not
 * done): their starts max(created_at, due_at) and the done_at of the done
 * ones, each ascending (heap arrays, n <= cap). See vo_ds_tasks_overdue. */
struct vo_ds_late {
    int64_t *start, *end;
    size_t n_start, cap_start, n_end, cap_end;
};

struct vo_ds_tasks {
    size_t n, cap;
    int64_t *id;         /* store id (ties of created_at ascend by id) */
    int64_t *created_at; /* ascending */
    int64_t *due_at;
    int64_t *done_at;  /* VO_NULL while open */
    int32_t *assignee; /* user index */
    int32_t *deal;     /* -1 = none */
    uint32_t *rev;
    int32_t *by_done; /* the n_done done tasks, by done_at then index */
    size_t n_done;
    int32_t *open; /* the n_open tasks with done_at VO_NULL, ascending */
    size_t n_open;
    int64_t max_id;          /* the largest id */
    struct vo_ds_late *late; /* per user (n_late = users.n), for vo_ds_tasks_overdue */
    size_t n_late;
};

struct vo_ds_payments {
    size_t n, cap;
    int64_t *id;      /* store id (ties of paid_at ascend by id) */
    int64_t *paid_at; /* ascending */
    int64_t *amount;
    int32_t *deal;   /* -1 = none */
    int32_t *client; /* -1 = none */
    int32_t *user;   /* attributed user index, -1 = nobody */
    uint32_t *rev;
    int64_t max_id; /* the largest id */
};

struct vo_ds_plans {
    size_t n, cap;
    int16_t *year;
    uint8_t *month;      /* 1..12 */
    uint8_t *scope_kind; /* enum vo_scope_kind */
    int32_t *scope;      /* team or user index; -1 for the org */
    uint8_t *metric;     /* enum vo_metric */
    int64_t *target;     /* in the metric's unit */
    uint32_t *rev;
    size_t dangling; /* rows skipped: their team or user is not in the org */
};

/* The event parts of the plan-fact (planfact.h, enum vo_pf_part, all but
 * the tasks_overdue snapshot) of every user, summed per local day, so the
 * facts of a period are the sum of its whole days plus a scan of its
 * partial first and last days (dataset_days.c). Day k is [start[k],
 * start[k + 1]); day k's parts of user u are sum[(k * nu + u) * np + p],
 * the layout of vo_pf_add_events' array, so one day is one such array.
 * sum NULL: no rollup (none built, or given up on: a sum left int64, or
 * out of memory), and the reports scan. */
struct vo_ds_days {
    int64_t *start; /* nd + 1 local midnights, ascending */
    int64_t *sum;
    size_t nd, nu, np;
};

struct vo_dataset {
    int64_t org_id;
    /* the store's data stamp of the org (its seq, store.h
     * vo_store_dataset_stamp) the dataset was loaded at; the changes
     * applied since do not move it (service/dataset_snap.c) */
    int64_t stamp;
    char currency[4];
    int currency_digits;
    struct vo_calendar cal;  /* the org's zone and holidays */
    struct vo_arena strings; /* names and dictionary texts */
    struct vo_ds_dict channels, regions, sources, segments, loss_reasons;
    struct vo_ds_teams teams;
    struct vo_ds_users users;
    struct vo_ds_pipelines pipelines;
    struct vo_ds_stages stages;
    struct vo_ds_clients clients;
    struct vo_ds_deals deals;
    struct vo_ds_stage_changes sc;
    struct vo_ds_activities acts;
    struct vo_ds_tasks tasks;
    struct vo_ds_payments pays;
    struct vo_ds_plans plans;
    struct vo_ds_days days;
};

/* A dataset is built from rows handed to it (dataset_build.h); the
 * loading of an org's from the store is service/dataset_load.h. */
/* Frees the dataset and everything it owns; NULL is fine. */
void vo_ds_free(struct vo_dataset *ds);

/* Store id -> dataset index, -1 when absent. O(log n). */
int32_t vo_ds_team_find(const struct vo_dataset *ds, int64_t id);
int32_t vo_ds_user_find(const struct vo_dataset *ds, int64_t id);
int32_t vo_ds_pipeline_find(const struct vo_dataset *ds, int64_t id);
int32_t vo_ds_stage_find(const struct vo_dataset *ds, int64_t id);
int32_t vo_ds_client_find(const struct vo_dataset *ds, int64_t id);
int32_t vo_ds_deal_find(const struct vo_dataset *ds, int64_t id);
/* The id of text s in d, 0 when s is NULL, "" or never seen. */
int32_t vo_ds_dict_find(const struct vo_ds_dict *d, const char *s);
/* Sorts the user indexes v[0..n) by name, then index: a walk of
 * users.by_name, O(users + n) (an insertion sort of the names when
 * by_name is not current or memory is short). */
void vo_ds_users_sort_by_name(const struct vo_ds_users *us, int32_t *v, size_t n);

/* A range of positions [lo, hi). */
struct vo_ds_span {
    size_t lo, hi;
};
/* The positions i of the ascending column t[0..n) with from <= t[i] < to
 * (a period [from, to)); empty (lo == hi) when none. O(log n). */
struct vo_ds_span vo_ds_span(const int64_t *t, size_t n, int64_t from, int64_t to);
/* The same over an index permutation: positions k of perm[0..n) with
 * from <= t[perm[k]] < to, where t[perm[k]] ascends in k. */
struct vo_ds_span vo_ds_span_by(const int64_t *t, const int32_t *perm, size_t n, int64_t from,
                                int64_t to);
/* Shorthands for the period [from, to): rows of deals created, of
 * activities, of tasks created, of payments; positions in deals.by_closed
 * of deals closed and in tasks.by_done of tasks done. */
struct vo_ds_span vo_ds_deals_created(const struct vo_dataset *ds, int64_t from, int64_t to);
struct vo_ds_span vo_ds_deals_closed(const struct vo_dataset *ds, int64_t from, int64_t to);
struct vo_ds_span vo_ds_acts_in(const struct vo_dataset *ds, int64_t from, int64_t to);
struct vo_ds_span vo_ds_tasks_created(const struct vo_dataset *ds, int64_t from, int64_t to);
struct vo_ds_span vo_ds_tasks_done(const struct vo_dataset *ds, int64_t from, int64_t to);
struct vo_ds_span vo_ds_pays_in(const struct vo_dataset *ds, int64_t from, int64_t to);

/* METRICS.md tasks_overdue of user u at as_of: the tasks assigned to u
 * open at as_of (created before it, not done before it) with due_at <
 * as_of. O(log n) from tasks.late; 0 for a bad index. */
int64_t vo_ds_tasks_overdue(const struct vo_dataset *ds, int32_t user, int64_t as_of);

/* The deals (tasks) open at as_of (METRICS.md, "CRM hygiene"): created
 * before as_of and not closed (done) before it. Their indexes, ascending,
 * in *out (malloc'd, the caller frees it), their count in *n. From the
 * `open` lists and by_closed (by_done): O(k log k + log n) for the k rows
 * open now or closed (done) at or after as_of; at most a walk over the
 * rows created before as_of, which it does instead when k is larger.
 * False on OOM. dataset_open.c. */
bool vo_ds_deals_open_at(const struct vo_dataset *ds, int64_t as_of, int32_t **out, size_t *n);
bool vo_ds_tasks_open_at(const struct vo_dataset *ds, int64_t as_of, int32_t **out, size_t *n);
/* The same rows told one by one to fn(ctx, i), in no particular order
 * (the rows open now ascending, then those closed (done) at or after as_of
 * in closed_at (done_at) order), without a list: for a count, which needs
 * neither the O(k log k) order nor the memory. Stops at the first fn
 * that returns false, and returns false then; true when every row was
 * told. */
bool vo_ds_deals_each_open(const struct vo_dataset *ds, int64_t as_of,
                           bool (*fn)(void *ctx, size_t i), void *ctx);
bool vo_ds_tasks_each_open(const struct vo_dataset *ds, int64_t as_of,
                           bool (*fn)(void *ctx, size_t i), void *ctx);

/* Heap bytes held by the columns of each table (capacity, including index
 * arrays such as by_closed), for measuring the layout. */
struct vo_ds_memory {
    size_t deals, stage_changes, activities, tasks, payments, other, total;
};
void vo_ds_memory(const struct vo_dataset *ds, struct vo_ds_memory *out);

/* ---- applying committed writes (a live dataset) ----
 *
 * Each function applies one stored row, as the store holds it after a
 * committed write, to a loaded dataset, leaving it equal, column for
 * column, to a dataset loaded from the store after the same write. They
 * return VO_OK when applied, VO_ECONFLICT when the dataset cannot take the
 * change in place (the caller reloads it from the store: a row naming a
 * user, client, pipeline or stage the dataset does not hold; a deal created
 * in the past or moved to another client, pipeline or creation time; an
 * edit of an existing activity), VO_ENOMEM. On any error the dataset may
 * be half changed and must be reloaded. Not thread-safe: the caller holds
 * the dataset exclusively. Costs: docs/internals/analytics.md ("Live").
 *
 * Revisions: the rows changed in place (users, clients, deals, tasks,
 * payments, plans) keep their store revision (model.h: +1 at every update)
 * in a `rev` column, modulo 2^32 and compared as serial numbers (RFC
 * 1982; two copies of a row in flight are never 2^31 updates apart). A
 * row whose rev is not newer than the held one's is the same write told
 * again or an older one told late (two writes re-read after their commits
 * in the other order): it is skipped (VO_OK), so the newer row stays
 * whatever order the changes arrive in. Stage changes are new rows, found
 * by their store id; a new activity is told from an edit by max_id. */
vo_err vo_ds_apply_deal(struct vo_dataset *ds, const struct vo_deal *d, struct vo_error *e);
vo_err vo_ds_apply_stage_change(struct vo_dataset *ds, const struct vo_stage_change *c,
                                struct vo_error *e);
/* n stage changes at once, in any order (a replay of the store's change
 * log; vo_ds_apply_stage_change is it with n = 1): the same dataset as one
 * by one, in one merge from the back and one pass over the offsets of the
 * deals after the first one given, instead of a move of the table's tail
 * and of the later deals' offsets for each. On VO_ECONFLICT or VO_ENOMEM
 * the dataset may be half changed (reload it). */
vo_err vo_ds_apply_stage_changes(struct vo_dataset *ds, const struct vo_stage_change *c, size_t n,
                                 struct vo_error *e);
vo_err vo_ds_apply_activity(struct vo_dataset *ds, const struct vo_activity *a, struct vo_error *e);
vo_err vo_ds_apply_task(struct vo_dataset *ds, const struct vo_task *t, struct vo_error *e);
vo_err vo_ds_apply_payment(struct vo_dataset *ds, const struct vo_payment *p, struct vo_error *e);
vo_err vo_ds_apply_plan(struct vo_dataset *ds, const struct vo_plan *p, struct vo_error *e);
/* A client created (appended: its id is above every held one, as the store
 * hands them out) or updated (name, owner, channel, region, segment,
 * source; key_account is not held). The derived columns follow as a load
 * makes them: its deals' region, and their channel / source where the deal
 * has none of its own; the attributed user of its payments without a deal
 * (the client's owner). VO_ECONFLICT for an owner the dataset does not hold
 * or a new client below the largest held id. O(deals + payments) when a
 * derived field changed, else O(log clients). */
vo_err vo_ds_apply_client(struct vo_dataset *ds, const struct vo_client *c, struct vo_error *e);
/* A user added (appended: its id above every held one) or updated (name,
 * email, role, active, team). A team change moves the team of the user's
 * deals (a deal's team is its owner's, as a load makes it). VO_ECONFLICT
 * for a team the dataset does not hold or a new user below the largest
 * held id. O(deals) on a team change, else O(log users). */
vo_err vo_ds_apply_user(struct vo_dataset *ds, const struct vo_user *u, struct vo_error *e);

#endif
