/*
 * dataset.c - loading an org from the store into columns, the id look-ups
 * and the period search.
 *
 * The loader makes one pass per table through the streaming loaders of
 * store/dataset_store.c, in dependency order (teams, users, pipelines,
 * stages, clients, deals, stage changes, activities, tasks, payments,
 * plans, holidays), resolving every store id to a dataset index as rows
 * arrive, so later tables can look up earlier ones. The store returns the
 * event tables already in time order; stage changes come by store deal id
 * and are regrouped by deal index with a stable counting sort, adding the
 * implicit first change of deals without history. The activities and the
 * tasks (which come in id order and are sorted here) load on a second
 * thread and connection while the rest loads (struct side_job); their deal
 * ids are resolved after the join, when the deals are in. Both connections
 * read one snapshot (vo_store_read_pair), so every reference resolves; one
 * that does not (a row naming another org's object) stops the load with
 * VO_ESTORE, and no index column holds -1 where it must name a row.
 *
 * Each table's columns are listed once in an X-macro (*_COLS) that drives
 * growing, trimming, freeing and measuring, so adding a column is one edit.
 */
#include "analytics/dataset.h"
#include "analytics/dataset_late.h"
#include "analytics/dataset_open.h"

#include "base/money.h"
#include "store/store_conn.h"

#include <pthread.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- growable columns ---- */

/* Resizes the array whose pointer is at pp to n elements of sz bytes. The
 * pointer is moved with memcpy so any element type works without casts. */
static bool resize(void *pp, size_t n, size_t sz)
{
    void *old;
    memcpy(&old, pp, sizeof old);
    if (n == 0)
        return true;
    if (n > SIZE_MAX / sz)
        return false;
    void *p = realloc(old, n * sz);
    if (!p)
        return false;
    memcpy(pp, &p, sizeof p);
    return true;
}

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

#define X_RESIZE(p) ok = ok && resize(&(p), cap, sizeof *(p));
#define X_FREE(p)   free(p);
#define X_BYTES(p)  bytes += t->cap * sizeof *(p);

/* For each table: name_resize (set the capacity of every column), and the
 * bytes its columns hold. The capacity never exceeds INT32_MAX rows, so
 * row indexes fit the int32 reference columns. */
#define TABLE_FUNCS(name, type, COLS)                                                              \
    static bool name##_resize(struct type *t, size_t cap)                                          \
    {                                                                                              \
        bool ok = cap <= (size_t)INT32_MAX;                                                        \
        COLS(X_RESIZE, t)                                                                          \
        if (ok)                                                                                    \
            t->cap = cap;                                                                          \
        return ok;                                                                                 \
    }                                                                                              \
    static bool name##_room(struct type *t)                                                        \
    {                                                                                              \
        return t->n < t->cap || name##_resize(t, t->cap ? t->cap * 2 : 64);                        \
    }                                                                                              \
    static void name##_trim(struct type *t)                                                        \
    {                                                                                              \
        if (t->n > 0 && t->n < t->cap)                                                             \
            name##_resize(t, t->n);                                                                \
    }                                                                                              \
    static void name##_free(struct type *t)                                                        \
    {                                                                                              \
        COLS(X_FREE, t)                                                                            \
    }                                                                                              \
    static size_t name##_bytes(const struct type *t)                                               \
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

/* ---- dictionaries ---- */

static bool dict_init(struct vo_ds_dict *d)
{
    memset(d, 0, sizeof *d);
    d->ids = g_hash_table_new(g_str_hash, g_str_equal);
    if (!resize(&d->str, 16, sizeof *d->str))
        return false;
    d->cap = 16;
    d->str[0] = "";
    d->n = 1;
    return true;
}

static void dict_free(struct vo_ds_dict *d)
{
    if (d->ids)
        g_hash_table_destroy(d->ids);
    free(d->str);
}

static size_t dict_bytes(const struct vo_ds_dict *d)
{
    return (size_t)d->cap * sizeof *d->str;
}

int32_t vo_ds_dict_find(const struct vo_ds_dict *d, const char *s)
{
    if (!s || !*s || !d->ids)
        return 0;
    return GPOINTER_TO_INT(g_hash_table_lookup(d->ids, s));
}

/* The id of s in d, adding it (copied into a) when new. */
static vo_err intern(struct vo_ds_dict *d, struct vo_arena *a, const char *s, int32_t *out,
                     struct vo_error *e)
{
    *out = vo_ds_dict_find(d, s);
    if (*out || !s || !*s)
        return VO_OK;
    if (d->n == d->cap) {
        if (d->cap >= INT32_MAX / 2 || !resize(&d->str, (size_t)d->cap * 2, sizeof *d->str))
            return vo_error_set(e, VO_ENOMEM, NULL, "out of memory (dictionary)");
        d->cap *= 2;
    }
    char *copy = vo_arena_strdup(a, s);
    if (!copy)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory (dictionary)");
    d->str[d->n] = copy;
    g_hash_table_insert(d->ids, copy, GINT_TO_POINTER(d->n));
    *out = d->n++;
    return VO_OK;
}

/* ---- look-ups ---- */

static int32_t find_sorted(const int64_t *ids, size_t n, int64_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && ids[lo] == id ? (int32_t)lo : -1;
}

static int32_t find_perm(const int64_t *ids, const int32_t *perm, size_t n, int64_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ids[perm[mid]] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && ids[perm[lo]] == id ? perm[lo] : -1;
}

int32_t vo_ds_team_find(const struct vo_dataset *ds, int64_t id)
{
    return find_sorted(ds->teams.id, ds->teams.n, id);
}

int32_t vo_ds_user_find(const struct vo_dataset *ds, int64_t id)
{
    return find_sorted(ds->users.id, ds->users.n, id);
}

int32_t vo_ds_pipeline_find(const struct vo_dataset *ds, int64_t id)
{
    return find_sorted(ds->pipelines.id, ds->pipelines.n, id);
}

int32_t vo_ds_stage_find(const struct vo_dataset *ds, int64_t id)
{
    return find_perm(ds->stages.id, ds->stages.by_id, ds->stages.n, id);
}

int32_t vo_ds_client_find(const struct vo_dataset *ds, int64_t id)
{
    return find_sorted(ds->clients.id, ds->clients.n, id);
}

int32_t vo_ds_deal_find(const struct vo_dataset *ds, int64_t id)
{
    return find_perm(ds->deals.id, ds->deals.by_id, ds->deals.n, id);
}

/* ---- period search ---- */

/* The first position whose key is >= x. */
static size_t lower_bound(const int64_t *t, const int32_t *perm, size_t n, int64_t x)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int64_t v = perm ? t[perm[mid]] : t[mid];
        if (v < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

struct vo_ds_span vo_ds_span(const int64_t *t, size_t n, int64_t from, int64_t to)
{
    struct vo_ds_span s = {0, 0};
    if (to <= from)
        return s;
    s.lo = lower_bound(t, NULL, n, from);
    s.hi = lower_bound(t, NULL, n, to);
    return s;
}

struct vo_ds_span vo_ds_span_by(const int64_t *t, const int32_t *perm, size_t n, int64_t from,
                                int64_t to)
{
    struct vo_ds_span s = {0, 0};
    if (to <= from)
        return s;
    s.lo = lower_bound(t, perm, n, from);
    s.hi = lower_bound(t, perm, n, to);
    return s;
}

struct vo_ds_span vo_ds_deals_created(const struct vo_dataset *ds, int64_t from, int64_t to)
{
    return vo_ds_span(ds->deals.created_at, ds->deals.n, from, to);
}

struct vo_ds_span vo_ds_deals_closed(const struct vo_dataset *ds, int64_t from, int64_t to)
{
    return vo_ds_span_by(ds->deals.closed_at, ds->deals.by_closed, ds->deals.n_closed, from, to);
}

struct vo_ds_span vo_ds_acts_in(const struct vo_dataset *ds, int64_t from, int64_t to)
{
    return vo_ds_span(ds->acts.at, ds->acts.n, from, to);
}

struct vo_ds_span vo_ds_tasks_created(const struct vo_dataset *ds, int64_t from, int64_t to)
{
    return vo_ds_span(ds->tasks.created_at, ds->tasks.n, from, to);
}

struct vo_ds_span vo_ds_tasks_done(const struct vo_dataset *ds, int64_t from, int64_t to)
{
    return vo_ds_span_by(ds->tasks.done_at, ds->tasks.by_done, ds->tasks.n_done, from, to);
}

struct vo_ds_span vo_ds_pays_in(const struct vo_dataset *ds, int64_t from, int64_t to)
{
    return vo_ds_span(ds->pays.paid_at, ds->pays.n, from, to);
}

/* ---- index permutations ---- */

struct key_idx {
    int64_t key;
    int32_t idx;
};

static int cmp_key_idx(const void *pa, const void *pb)
{
    const struct key_idx *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Writes into *perm (malloc'd) the indexes i < n with key[i] != VO_NULL,
 * ordered by (key, i); *np gets their count. */
static bool build_perm(const int64_t *key, size_t n, int32_t **perm, size_t *np)
{
    struct key_idx *v = malloc((n ? n : 1) * sizeof *v);
    int32_t *p = malloc((n ? n : 1) * sizeof *p);
    if (!v || !p) {
        free(v);
        free(p);
        return false;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (key[i] != VO_NULL)
            v[k++] = (struct key_idx){key[i], (int32_t)i};
    qsort(v, k, sizeof *v, cmp_key_idx);
    for (size_t i = 0; i < k; i++)
        p[i] = v[i].idx;
    free(v);
    *perm = p;
    *np = k;
    return true;
}

/* ---- loading ---- */

struct load {
    struct vo_dataset *ds;
    struct vo_error *e;
    struct vo_ds_stage_changes raw; /* stage changes as stored, by store deal id */
    struct vo_holiday *hol;
    size_t nhol, caphol;
    /* deal store id -> index while loading: deal_at[id - deal_lo] for ids
     * in [deal_lo, deal_lo + deal_span) when the ids are dense enough for
     * such a table (NULL otherwise): one look-up for each of the 10M
     * activities instead of a binary search over 1M ids */
    int32_t *deal_at;
    int64_t deal_lo;
    size_t deal_span;
    /* the deal store ids of the activities (raw_cap entries) and of the
     * tasks (raw_tcap) while loading, resolved to acts.deal and
     * tasks.deal once the deals are in: those two tables load on their
     * own thread while the deals are still being read */
    int64_t *raw_deal, *raw_tdeal;
    size_t raw_cap, raw_tcap;
};

static vo_err oom(struct load *L, const char *what)
{
    return vo_error_set(L->e, VO_ENOMEM, NULL, "out of memory loading %s", what);
}

/* A row naming an object the load did not read: another org's, or one
 * that is not there (the store's foreign keys are by id, not by org). The
 * load is one snapshot, so a concurrent write cannot cause it; the load
 * stops rather than keep an index of -1 that a report would use to index
 * its arrays. `row` is the row's kind, id its store id (0: row alone
 * names it). */
static vo_err unresolved(struct load *L, const char *row, int64_t id, const char *field,
                         const char *kind, int64_t ref)
{
    char who[64];
    if (id)
        snprintf(who, sizeof who, "%s %lld", row, (long long)id);
    else
        snprintf(who, sizeof who, "%s", row);
    return vo_error_set(L->e, VO_ESTORE, field,
                        "%s names %s %lld (%s), which org %lld does not have: "
                        "the database is inconsistent",
                        who, kind, (long long)ref, field, (long long)L->ds->org_id);
}

/* Copies s into the dataset's arena (NULL stays NULL). */
static bool keep(struct load *L, const char *s, const char **out)
{
    *out = s ? vo_arena_strdup(&L->ds->strings, s) : NULL;
    return !s || *out;
}

static int32_t clamp32(int64_t v)
{
    return v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : (int32_t)v;
}

static vo_err team_row(void *ctx, const struct vo_team *r)
{
    struct load *L = ctx;
    struct vo_ds_teams *t = &L->ds->teams;
    if (!teams_room(t))
        return oom(L, "teams");
    t->id[t->n] = r->id;
    if (!keep(L, r->name, &t->name[t->n]))
        return oom(L, "teams");
    t->n++;
    return VO_OK;
}

static vo_err user_row(void *ctx, const struct vo_user *r)
{
    struct load *L = ctx;
    struct vo_ds_users *t = &L->ds->users;
    if (!users_room(t))
        return oom(L, "users");
    size_t i = t->n;
    t->id[i] = r->id;
    if (!keep(L, r->name, &t->name[i]) || !keep(L, r->email, &t->email[i]))
        return oom(L, "users");
    t->role[i] = (uint8_t)r->role;
    t->team[i] = r->team_id ? vo_ds_team_find(L->ds, r->team_id) : -1;
    if (r->team_id && t->team[i] < 0)
        return unresolved(L, "user", r->id, "team_id", "team", r->team_id);
    t->active[i] = r->active ? 1 : 0;
    t->rev[i] = (uint32_t)r->rev;
    t->n++;
    return VO_OK;
}

static vo_err pipeline_row(void *ctx, const struct vo_pipeline *r)
{
    struct load *L = ctx;
    struct vo_ds_pipelines *t = &L->ds->pipelines;
    if (!pipes_room(t))
        return oom(L, "pipelines");
    size_t i = t->n;
    t->id[i] = r->id;
    if (!keep(L, r->name, &t->name[i]))
        return oom(L, "pipelines");
    t->stage_first[i] = 0;
    t->stage_count[i] = 0;
    t->n++;
    return VO_OK;
}

static vo_err stage_row(void *ctx, const struct vo_stage *r)
{
    struct load *L = ctx;
    struct vo_dataset *ds = L->ds;
    struct vo_ds_stages *t = &ds->stages;
    int32_t p = vo_ds_pipeline_find(ds, r->pipeline_id);
    if (p < 0)
        return unresolved(L, "stage", r->id, "pipeline_id", "pipeline", r->pipeline_id);
    if (!stages_room(t))
        return oom(L, "stages");
    size_t i = t->n;
    t->id[i] = r->id;
    t->pipeline[i] = p;
    if (!keep(L, r->name, &t->name[i]))
        return oom(L, "stages");
    /* Rows come grouped by pipeline in position order. */
    if (ds->pipelines.stage_count[p] == 0)
        ds->pipelines.stage_first[p] = (int32_t)i;
    t->pos[i] = ds->pipelines.stage_count[p]++;
    t->max_days[i] = r->max_days == VO_NULL ? -1 : clamp32(r->max_days);
    t->n++;
    return VO_OK;
}

static vo_err client_row(void *ctx, const struct vo_client *r)
{
    struct load *L = ctx;
    struct vo_dataset *ds = L->ds;
    struct vo_ds_clients *t = &ds->clients;
    if (!clients_room(t))
        return oom(L, "clients");
    size_t i = t->n;
    t->id[i] = r->id;
    if (!keep(L, r->name, &t->name[i]))
        return oom(L, "clients");
    t->owner[i] = r->owner_id ? vo_ds_user_find(ds, r->owner_id) : -1;
    if (r->owner_id && t->owner[i] < 0)
        return unresolved(L, "client", r->id, "owner_id", "user", r->owner_id);
    t->rev[i] = (uint32_t)r->rev;
    vo_err rc = intern(&ds->channels, &ds->strings, r->channel, &t->channel[i], L->e);
    if (!rc)
        rc = intern(&ds->regions, &ds->strings, r->region, &t->region[i], L->e);
    if (!rc)
        rc = intern(&ds->segments, &ds->strings, r->segment, &t->segment[i], L->e);
    if (!rc)
        rc = intern(&ds->sources, &ds->strings, r->source, &t->source[i], L->e);
    if (!rc)
        t->n++;
    return rc;
}

static vo_err deal_row(void *ctx, const struct vo_deal *r)
{
    struct load *L = ctx;
    struct vo_dataset *ds = L->ds;
    struct vo_ds_deals *t = &ds->deals;
    if (!deals_room(t))
        return oom(L, "deals");
    size_t i = t->n;
    t->id[i] = r->id;
    int32_t owner = vo_ds_user_find(ds, r->owner_id);
    int32_t pipe = vo_ds_pipeline_find(ds, r->pipeline_id);
    int32_t stage = r->stage_id ? vo_ds_stage_find(ds, r->stage_id) : -1;
    int32_t c = r->client_id ? vo_ds_client_find(ds, r->client_id) : -1;
    if (owner < 0)
        return unresolved(L, "deal", r->id, "owner_id", "user", r->owner_id);
    if (pipe < 0)
        return unresolved(L, "deal", r->id, "pipeline_id", "pipeline", r->pipeline_id);
    if (r->stage_id && stage < 0)
        return unresolved(L, "deal", r->id, "stage_id", "stage", r->stage_id);
    if (r->client_id && c < 0)
        return unresolved(L, "deal", r->id, "client_id", "client", r->client_id);
    t->owner[i] = owner;
    t->team[i] = ds->users.team[owner];
    t->pipeline[i] = pipe;
    t->stage[i] = stage;
    t->status[i] = (uint8_t)r->status;
    t->amount[i] = r->amount;
    t->created_at[i] = r->created_at;
    t->closed_at[i] = r->closed_at;
    t->client[i] = c;
    t->rev[i] = (uint32_t)r->rev;
    vo_err rc = intern(&ds->channels, &ds->strings, r->channel, &t->channel[i], L->e);
    if (!rc)
        rc = intern(&ds->sources, &ds->strings, r->source, &t->source[i], L->e);
    if (!rc)
        rc = intern(&ds->loss_reasons, &ds->strings, r->loss_reason, &t->loss_reason[i], L->e);
    if (rc)
        return rc;
    t->own[i] =
        (uint8_t)((t->channel[i] ? VO_DS_OWN_CHANNEL : 0) | (t->source[i] ? VO_DS_OWN_SOURCE : 0));
    t->region[i] = c >= 0 ? ds->clients.region[c] : 0;
    if (c >= 0 && t->channel[i] == 0)
        t->channel[i] = ds->clients.channel[c];
    if (c >= 0 && t->source[i] == 0)
        t->source[i] = ds->clients.source[c];
    t->n++;
    return VO_OK;
}

static vo_err sc_row(void *ctx, const struct vo_stage_change *r)
{
    struct load *L = ctx;
    struct vo_ds_stage_changes *t = &L->raw;
    int32_t d = vo_ds_deal_find(L->ds, r->deal_id);
    int32_t s = vo_ds_stage_find(L->ds, r->stage_id);
    if (d < 0)
        return unresolved(L, "stage change", r->id, "deal_id", "deal", r->deal_id);
    if (s < 0)
        return unresolved(L, "stage change", r->id, "stage_id", "stage", r->stage_id);
    if (!sc_room(t))
        return oom(L, "stage changes");
    t->deal[t->n] = d;
    t->stage[t->n] = s;
    t->at[t->n] = r->at;
    t->id[t->n] = r->id;
    t->implicit[t->n] = 0;
    t->n++;
    return VO_OK;
}

/* The stable order of t[0..n) ascending, as a permutation in *perm
 * (malloc'ed; NULL when t already ascends): an LSD radix sort of t - min,
 * 16 bits a pass, as many passes as the range needs (two for a few years
 * of seconds). The store streams activities and tasks in id order (a
 * sequential scan; walking its time index costs a random table look-up a
 * row), so this stable sort gives the (time, id) order. False on OOM. */
static bool time_order(const int64_t *t, size_t n, int32_t **perm)
{
    *perm = NULL;
    bool sorted = true;
    int64_t lo = n ? t[0] : 0, hi = lo;
    for (size_t i = 1; i < n; i++) {
        sorted = sorted && t[i - 1] <= t[i];
        lo = t[i] < lo ? t[i] : lo;
        hi = t[i] > hi ? t[i] : hi;
    }
    if (sorted)
        return true;
    uint64_t range = (uint64_t)hi - (uint64_t)lo;
    int32_t *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    size_t *cnt = malloc(65536 * sizeof *cnt);
    if (!a || !b || !cnt) {
        free(a);
        free(b);
        free(cnt);
        return false;
    }
    for (size_t i = 0; i < n; i++)
        a[i] = (int32_t)i;
    for (unsigned shift = 0; shift < 64 && (range >> shift) != 0; shift += 16) {
        memset(cnt, 0, 65536 * sizeof *cnt);
        for (size_t i = 0; i < n; i++)
            cnt[(((uint64_t)t[i] - (uint64_t)lo) >> shift) & 0xffff]++;
        size_t sum = 0;
        for (size_t d = 0; d < 65536; d++) {
            size_t c = cnt[d];
            cnt[d] = sum;
            sum += c;
        }
        for (size_t k = 0; k < n; k++) {
            int32_t i = a[k];
            b[cnt[(((uint64_t)t[i] - (uint64_t)lo) >> shift) & 0xffff]++] = i;
        }
        int32_t *x = a;
        a = b;
        b = x;
    }
    free(b);
    free(cnt);
    *perm = a;
    return true;
}

/* col[k] = col[perm[k]] for k < n, through tmp (n * 8 bytes). */
#define PERMUTE(col, perm, n, tmp)                                                                 \
    do {                                                                                           \
        for (size_t k_ = 0; k_ < (n); k_++)                                                        \
            memcpy((char *)(tmp) + k_ * sizeof *(col), &(col)[(perm)[k_]], sizeof *(col));         \
        memcpy((col), (tmp), (n) * sizeof *(col));                                                 \
    } while (0)

/* Puts the activities in (at, id) order (they come in id order), their
 * raw deal ids (L->raw_deal) with them; acts.deal is not filled yet. */
static vo_err sort_acts(struct load *L)
{
    struct vo_ds_activities *t = &L->ds->acts;
    int32_t *perm;
    if (!time_order(t->at, t->n, &perm))
        return oom(L, "activities");
    if (!perm)
        return VO_OK;
    void *tmp = malloc(t->n * sizeof(int64_t));
    if (!tmp) {
        free(perm);
        return oom(L, "activities");
    }
    PERMUTE(t->at, perm, t->n, tmp);
    PERMUTE(t->user, perm, t->n, tmp);
    PERMUTE(L->raw_deal, perm, t->n, tmp);
    PERMUTE(t->duration_s, perm, t->n, tmp);
    PERMUTE(t->type, perm, t->n, tmp);
    free(tmp);
    free(perm);
    return VO_OK;
}

/* Puts the tasks in (created_at, id) order (they come in id order), their
 * raw deal ids (L->raw_tdeal) with them; tasks.deal is not filled yet. */
static vo_err sort_tasks(struct load *L)
{
    struct vo_ds_tasks *t = &L->ds->tasks;
    int32_t *perm;
    if (!time_order(t->created_at, t->n, &perm))
        return oom(L, "tasks");
    if (!perm)
        return VO_OK;
    void *tmp = malloc(t->n * sizeof(int64_t));
    if (!tmp) {
        free(perm);
        return oom(L, "tasks");
    }
    PERMUTE(t->id, perm, t->n, tmp);
    PERMUTE(t->created_at, perm, t->n, tmp);
    PERMUTE(t->due_at, perm, t->n, tmp);
    PERMUTE(t->done_at, perm, t->n, tmp);
    PERMUTE(t->assignee, perm, t->n, tmp);
    PERMUTE(t->rev, perm, t->n, tmp);
    PERMUTE(L->raw_tdeal, perm, t->n, tmp);
    free(tmp);
    free(perm);
    return VO_OK;
}

/* Builds L->deal_at when the deal ids span at most 4 times the deals
 * (always for ids the store hands out); without it, or on OOM, look-ups
 * fall back to vo_ds_deal_find. */
static void deal_table(struct load *L)
{
    const struct vo_ds_deals *d = &L->ds->deals;
    if (d->n == 0)
        return;
    int64_t lo = d->id[d->by_id[0]], hi = d->id[d->by_id[d->n - 1]];
    if (hi - lo >= (int64_t)(4 * d->n) || hi - lo < 0)
        return;
    size_t span = (size_t)(hi - lo) + 1;
    int32_t *at = malloc(span * sizeof *at);
    if (!at)
        return;
    for (size_t i = 0; i < span; i++)
        at[i] = -1;
    for (size_t i = 0; i < d->n; i++)
        at[d->id[i] - lo] = (int32_t)i;
    L->deal_at = at;
    L->deal_lo = lo;
    L->deal_span = span;
}

/* The index of the deal with store id `id` (0 = none gives -1). */
static int32_t load_deal(const struct load *L, int64_t id)
{
    if (!id)
        return -1;
    if (L->deal_at) {
        uint64_t k = (uint64_t)id - (uint64_t)L->deal_lo;
        return k < L->deal_span ? L->deal_at[k] : -1;
    }
    return vo_ds_deal_find(L->ds, id);
}

/* An activity row; on the activities' thread, so it reads the users
 * (loaded before the thread starts) and writes ds->acts and L only. */
static vo_err act_row(void *ctx, const struct vo_activity *r)
{
    struct load *L = ctx;
    struct vo_ds_activities *t = &L->ds->acts;
    if (!acts_room(t))
        return oom(L, "activities");
    if (L->raw_cap < t->cap) {
        if (!resize(&L->raw_deal, t->cap, sizeof *L->raw_deal))
            return oom(L, "activities");
        L->raw_cap = t->cap;
    }
    int32_t u = vo_ds_user_find(L->ds, r->user_id);
    if (u < 0)
        return unresolved(L, "activity", r->id, "user_id", "user", r->user_id);
    size_t i = t->n++;
    t->at[i] = r->at;
    t->user[i] = u;
    L->raw_deal[i] = r->deal_id;
    t->duration_s[i] = r->duration_s == VO_NULL ? -1 : clamp32(r->duration_s);
    t->type[i] = (uint8_t)r->type;
    if (r->id > t->max_id)
        t->max_id = r->id;
    return VO_OK;
}

/* The activities' and tasks' part of a load: read on their own
 * connection and thread (or on the caller's, after the other tables, when
 * there is no second connection), sorted by time, with the tasks' indexes
 * (by_done, the late and open lists). It shares nothing mutable with the
 * rest of the load until the join: it writes ds->acts, ds->tasks and its
 * own load state and error, and reads ds->users, complete before it
 * starts. task_row is defined below. */
static vo_err task_row(void *ctx, const struct vo_task *r);

struct side_job {
    struct vo_store *st;
    int64_t org;
    struct load L;
    struct vo_error err;
    vo_err rc;
};

static void *side_main(void *arg)
{
    struct side_job *j = arg;
    struct vo_dataset *ds = j->L.ds;
    if ((j->rc = vo_store_load_activities(j->st, j->org, act_row, &j->L, &j->err)) ||
        (j->rc = sort_acts(&j->L)) ||
        (j->rc = vo_store_load_tasks(j->st, j->org, task_row, &j->L, &j->err)) ||
        (j->rc = sort_tasks(&j->L)))
        return NULL;
    if (!build_perm(ds->tasks.done_at, ds->tasks.n, &ds->tasks.by_done, &ds->tasks.n_done) ||
        !vo_ds_late_build(ds) ||
        !vo_ds_open_build(ds->tasks.done_at, ds->tasks.n, &ds->tasks.open, &ds->tasks.n_open))
        j->rc = oom(&j->L, "tasks");
    return NULL;
}

/* After the join: the activities' and tasks' deal indexes from their
 * store ids (the activities keep no id: the message names the deal). */
static vo_err resolve_deals(struct load *L, const struct side_job *j)
{
    struct vo_ds_activities *a = &L->ds->acts;
    for (size_t i = 0; i < a->n; i++) {
        int64_t id = j->L.raw_deal[i];
        if ((a->deal[i] = load_deal(L, id)) < 0 && id)
            return unresolved(L, "an activity", 0, "deal_id", "deal", id);
    }
    struct vo_ds_tasks *t = &L->ds->tasks;
    for (size_t i = 0; i < t->n; i++) {
        int64_t id = j->L.raw_tdeal[i];
        if ((t->deal[i] = load_deal(L, id)) < 0 && id)
            return unresolved(L, "task", t->id[i], "deal_id", "deal", id);
    }
    return VO_OK;
}

/* A task row; on the second thread, like act_row. */
static vo_err task_row(void *ctx, const struct vo_task *r)
{
    struct load *L = ctx;
    struct vo_ds_tasks *t = &L->ds->tasks;
    if (!tasks_room(t))
        return oom(L, "tasks");
    if (L->raw_tcap < t->cap) {
        if (!resize(&L->raw_tdeal, t->cap, sizeof *L->raw_tdeal))
            return oom(L, "tasks");
        L->raw_tcap = t->cap;
    }
    int32_t u = vo_ds_user_find(L->ds, r->assignee_id);
    if (u < 0)
        return unresolved(L, "task", r->id, "assignee_id", "user", r->assignee_id);
    size_t i = t->n++;
    t->id[i] = r->id;
    t->created_at[i] = r->created_at;
    t->due_at[i] = r->due_at;
    t->done_at[i] = r->done_at;
    if (r->id > t->max_id)
        t->max_id = r->id;
    t->assignee[i] = u;
    t->rev[i] = (uint32_t)r->rev;
    L->raw_tdeal[i] = r->deal_id;
    return VO_OK;
}

static vo_err pay_row(void *ctx, const struct vo_payment *r)
{
    struct load *L = ctx;
    struct vo_dataset *ds = L->ds;
    struct vo_ds_payments *t = &ds->pays;
    if (!pays_room(t))
        return oom(L, "payments");
    int32_t d = load_deal(L, r->deal_id);
    int32_t c = r->client_id ? vo_ds_client_find(ds, r->client_id) : -1;
    if (r->deal_id && d < 0)
        return unresolved(L, "payment", r->id, "deal_id", "deal", r->deal_id);
    if (r->client_id && c < 0)
        return unresolved(L, "payment", r->id, "client_id", "client", r->client_id);
    size_t i = t->n++;
    t->id[i] = r->id;
    if (r->id > t->max_id)
        t->max_id = r->id;
    t->paid_at[i] = r->paid_at;
    t->amount[i] = r->amount;
    t->rev[i] = (uint32_t)r->rev;
    if (c < 0 && d >= 0)
        c = ds->deals.client[d];
    t->deal[i] = d;
    t->client[i] = c;
    /* METRICS.md: payments of a deal belong to the deal's owner; a payment
     * without a deal to the client's owner. */
    t->user[i] = d >= 0 ? ds->deals.owner[d] : c >= 0 ? ds->clients.owner[c] : -1;
    return VO_OK;
}

static vo_err plan_row(void *ctx, const struct vo_plan *r)
{
    struct load *L = ctx;
    struct vo_dataset *ds = L->ds;
    struct vo_ds_plans *t = &ds->plans;
    int32_t scope = -1;
    if (r->scope_kind == VO_SCOPE_TEAM)
        scope = vo_ds_team_find(ds, r->scope_id);
    else if (r->scope_kind == VO_SCOPE_USER)
        scope = vo_ds_user_find(ds, r->scope_id);
    if (r->scope_kind != VO_SCOPE_ORG && scope < 0) {
        t->dangling++;
        return VO_OK;
    }
    if (!plans_room(t))
        return oom(L, "plans");
    size_t i = t->n++;
    t->year[i] = (int16_t)r->year;
    t->month[i] = (uint8_t)r->month;
    t->scope_kind[i] = (uint8_t)r->scope_kind;
    t->scope[i] = scope;
    t->metric[i] = (uint8_t)r->metric;
    t->target[i] = r->target;
    t->rev[i] = (uint32_t)r->rev;
    return VO_OK;
}

static vo_err holiday_row(void *ctx, const struct vo_holiday *r)
{
    struct load *L = ctx;
    if (L->nhol == L->caphol) {
        size_t cap = L->caphol ? L->caphol * 2 : 32;
        if (!resize(&L->hol, cap, sizeof *L->hol))
            return oom(L, "holidays");
        L->caphol = cap;
    }
    L->hol[L->nhol] = *r;
    L->hol[L->nhol].name = NULL; /* borrowed text; the calendar does not need it */
    L->nhol++;
    return VO_OK;
}

/* The stage a deal without stored history entered at created_at: its
 * current (or last open) stage, else its pipeline's first; -1 when the
 * pipeline has no stage. */
static int32_t implicit_stage(const struct vo_dataset *ds, size_t d)
{
    if (ds->deals.stage[d] >= 0)
        return ds->deals.stage[d];
    int32_t p = ds->deals.pipeline[d];
    if (p >= 0 && ds->pipelines.stage_count[p] > 0)
        return ds->pipelines.stage_first[p];
    return -1;
}

/* Regroups the raw stage changes by deal index (a stable counting sort, so
 * each deal keeps its at order) and adds the implicit first changes. */
static vo_err build_stage_changes(struct load *L)
{
    struct vo_dataset *ds = L->ds;
    struct vo_ds_deals *D = &ds->deals;
    struct vo_ds_stage_changes *raw = &L->raw, *sc = &ds->sc;
    size_t nd = D->n;
    if (!resize(&D->sc_first, nd + 1, sizeof *D->sc_first))
        return oom(L, "stage changes");
    int32_t *first = D->sc_first;
    memset(first, 0, (nd + 1) * sizeof *first);
    for (size_t k = 0; k < raw->n; k++)
        first[raw->deal[k] + 1]++;
    size_t total = 0;
    for (size_t d = 0; d < nd; d++) {
        if (first[d + 1] == 0 && implicit_stage(ds, d) >= 0)
            first[d + 1] = 1;
        total += (size_t)first[d + 1];
    }
    if (total > (size_t)INT32_MAX)
        return vo_error_set(L->e, VO_ETOOBIG, NULL, "too many stage changes");
    for (size_t d = 0; d < nd; d++)
        first[d + 1] += first[d];
    if (total > 0 && !sc_resize(sc, total))
        return oom(L, "stage changes");
    sc->n = total;
    /* next[d]: where deal d's next row goes; reuse a scratch copy. */
    int32_t *next = malloc((nd ? nd : 1) * sizeof *next);
    if (!next)
        return oom(L, "stage changes");
    memcpy(next, first, nd * sizeof *next);
    for (size_t k = 0; k < raw->n; k++) {
        size_t at = (size_t)next[raw->deal[k]]++;
        sc->deal[at] = raw->deal[k];
        sc->stage[at] = raw->stage[k];
        sc->at[at] = raw->at[k];
        sc->id[at] = raw->id[k];
        sc->implicit[at] = 0;
    }
    for (size_t d = 0; d < nd; d++) {
        if (next[d] < first[d + 1]) { /* no stored history: the implicit row */
            size_t at = (size_t)next[d];
            sc->deal[at] = (int32_t)d;
            sc->stage[at] = implicit_stage(ds, d);
            sc->at[at] = D->created_at[d];
            sc->id[at] = 0;
            sc->implicit[at] = 1;
        }
    }
    free(next);
    return VO_OK;
}

static void trim_all(struct vo_dataset *ds)
{
    teams_trim(&ds->teams);
    users_trim(&ds->users);
    pipes_trim(&ds->pipelines);
    stages_trim(&ds->stages);
    clients_trim(&ds->clients);
    deals_trim(&ds->deals);
    sc_trim(&ds->sc);
    acts_trim(&ds->acts);
    tasks_trim(&ds->tasks);
    pays_trim(&ds->pays);
    plans_trim(&ds->plans);
}

vo_err vo_ds_load(struct vo_store *st, int64_t org, struct vo_dataset **out, struct vo_error *e)
{
    struct vo_arena tmp;
    vo_arena_init(&tmp, 0);
    struct load L = {0};
    struct side_job job = {.org = org};
    struct vo_store *st2 = NULL;
    pthread_t th;
    bool threaded = false, reading = false;
    GTimeZone *tz = NULL;
    vo_err rc = VO_OK;
    struct vo_dataset *ds = calloc(1, sizeof *ds);
    if (!ds)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory (dataset)");
    vo_arena_init(&ds->strings, 0);
    if (!dict_init(&ds->channels) || !dict_init(&ds->regions) || !dict_init(&ds->sources) ||
        !dict_init(&ds->segments) || !dict_init(&ds->loss_reasons)) {
        rc = vo_error_set(e, VO_ENOMEM, NULL, "out of memory (dataset)");
        goto out;
    }
    L.ds = ds;
    L.e = e;

    /* One snapshot: a read transaction on st, and one on a second
     * connection (st2, for the other thread) at the same commit, so no
     * row can name another that a table read earlier or later missed. */
    if ((rc = vo_store_read_pair(st, &st2, e)))
        goto out;
    reading = true;
    struct vo_org o;
    rc = vo_store_org_get(st, org, &tmp, &o, e);
    if (rc)
        goto out;
    ds->org_id = org;
    snprintf(ds->currency, sizeof ds->currency, "%s", o.currency ? o.currency : "RUB");
    ds->currency_digits = vo_currency_digits(ds->currency);
    tz = vo_tz_new(o.tz ? o.tz : "");
    if (!tz) {
        rc = vo_error_set(e, VO_EINVAL, "tz", "unknown time zone \"%s\"", o.tz ? o.tz : "");
        goto out;
    }

    /* No count(*) pre-pass (0.7 s for 10M activities): the columns double
     * as rows arrive (glibc grows a big block with mremap, no copy) and
     * trim_all cuts them to n. */

    if ((rc = vo_store_load_teams(st, org, team_row, &L, e)) ||
        (rc = vo_store_load_users(st, org, user_row, &L, e)))
        goto out;
    /* The activities and the tasks (10M + 2.6M rows at 1M deals, about
     * half the load) on a second connection and thread from here, while
     * this one reads every other table: about half the wall time on two
     * cores. Without a second connection (a database in memory) or a
     * thread, they load after the others. */
    job.L.ds = ds;
    job.L.e = &job.err;
    if (st2) {
        job.st = st2;
        threaded = pthread_create(&th, NULL, side_main, &job) == 0;
    }
    if ((rc = vo_store_load_pipelines(st, org, pipeline_row, &L, e)) ||
        (rc = vo_store_load_stages(st, org, stage_row, &L, e)))
        goto out;
    size_t k = 0;
    if (!build_perm(ds->stages.id, ds->stages.n, &ds->stages.by_id, &k)) {
        rc = oom(&L, "stages");
        goto out;
    }
    if ((rc = vo_store_load_clients(st, org, client_row, &L, e)) ||
        (rc = vo_store_load_deals(st, org, deal_row, &L, e)))
        goto out;
    if (!build_perm(ds->deals.id, ds->deals.n, &ds->deals.by_id, &k) ||
        !build_perm(ds->deals.closed_at, ds->deals.n, &ds->deals.by_closed, &ds->deals.n_closed)) {
        rc = oom(&L, "deals");
        goto out;
    }
    deal_table(&L);
    if ((rc = vo_store_load_stage_changes(st, org, sc_row, &L, e)) ||
        (rc = build_stage_changes(&L)) || (rc = vo_store_load_payments(st, org, pay_row, &L, e)) ||
        (rc = vo_store_load_plans(st, org, plan_row, &L, e)) ||
        (rc = vo_store_load_holidays(st, org, holiday_row, &L, e)))
        goto out;
    if (threaded) {
        pthread_join(th, NULL);
        threaded = false;
    } else {
        job.st = st;
        side_main(&job);
    }
    if (job.rc) {
        rc = job.rc;
        if (e)
            *e = job.err;
        goto out;
    }
    if ((rc = resolve_deals(&L, &job)))
        goto out;
    if (!vo_ds_open_build(ds->deals.closed_at, ds->deals.n, &ds->deals.open, &ds->deals.n_open)) {
        rc = oom(&L, "deals");
        goto out;
    }
    rc = vo_cal_init(&ds->cal, tz, L.hol, L.nhol, e);
    if (rc)
        goto out;
    /* Both arenas are this load's own: a copy either refused (a row's
     * text read from the store, a name) may have left a NULL in place of
     * a value, so any refusal fails the load. */
    if (tmp.refused || ds->strings.refused) {
        rc = oom(&L, "strings");
        goto out;
    }
    trim_all(ds);
    *out = ds;
    ds = NULL;
out:
    if (threaded) /* an error above: wait for the other thread, then drop its part */
        pthread_join(th, NULL);
    if (reading) {
        vo_store_read_end(st);
        vo_store_read_end(st2);
    }
    vo_store_close(st2);
    free(job.L.raw_deal);
    free(job.L.raw_tdeal);
    sc_free(&L.raw);
    free(L.deal_at);
    free(L.hol);
    if (tz)
        g_time_zone_unref(tz);
    vo_arena_cleanup(&tmp);
    vo_ds_free(ds);
    return rc;
}

void vo_ds_free(struct vo_dataset *ds)
{
    if (!ds)
        return;
    vo_cal_cleanup(&ds->cal);
    dict_free(&ds->channels);
    dict_free(&ds->regions);
    dict_free(&ds->sources);
    dict_free(&ds->segments);
    dict_free(&ds->loss_reasons);
    teams_free(&ds->teams);
    users_free(&ds->users);
    pipes_free(&ds->pipelines);
    stages_free(&ds->stages);
    free(ds->stages.by_id);
    clients_free(&ds->clients);
    deals_free(&ds->deals);
    free(ds->deals.sc_first);
    free(ds->deals.by_id);
    free(ds->deals.by_closed);
    free(ds->deals.open);
    sc_free(&ds->sc);
    acts_free(&ds->acts);
    tasks_free(&ds->tasks);
    free(ds->tasks.by_done);
    free(ds->tasks.open);
    vo_ds_late_free(ds);
    pays_free(&ds->pays);
    plans_free(&ds->plans);
    vo_arena_cleanup(&ds->strings);
    free(ds);
}

void vo_ds_memory(const struct vo_dataset *ds, struct vo_ds_memory *m)
{
    memset(m, 0, sizeof *m);
    m->deals = deals_bytes(&ds->deals) + (ds->deals.n + 1) * sizeof(int32_t) /* sc_first */
               + ds->deals.n * sizeof(int32_t)                               /* by_id */
               + (ds->deals.n_closed + ds->deals.n_open) * sizeof(int32_t);
    m->stage_changes = sc_bytes(&ds->sc);
    m->activities = acts_bytes(&ds->acts);
    m->tasks = tasks_bytes(&ds->tasks) + (ds->tasks.n_done + ds->tasks.n_open) * sizeof(int32_t) +
               vo_ds_late_bytes(ds);
    m->payments = pays_bytes(&ds->pays);
    m->other = teams_bytes(&ds->teams) + users_bytes(&ds->users) + pipes_bytes(&ds->pipelines) +
               stages_bytes(&ds->stages) + ds->stages.n * sizeof(int32_t) +
               clients_bytes(&ds->clients) + plans_bytes(&ds->plans) + dict_bytes(&ds->channels) +
               dict_bytes(&ds->regions) + dict_bytes(&ds->sources) + dict_bytes(&ds->segments) +
               dict_bytes(&ds->loss_reasons) + ds->strings.used_total +
               (ds->cal.cum ? ((size_t)ds->cal.ndays + 1) * sizeof(int32_t) : 0);
    m->total = m->deals + m->stage_changes + m->activities + m->tasks + m->payments + m->other;
}

/* ---- applying committed writes ----
 *
 * The live dataset of the server takes each committed row in place, so a
 * report never reloads the org. The event tables stay in their load order
 * ((time, id)); a row arriving near "now" lands at the end, one arriving
 * in the past moves the tail of its columns by one row (memmove, O(n) but
 * a few milliseconds at 10M rows). Stage changes are inserted into their
 * deal's group the same way, shifting the later deals' offsets. What
 * would move deal indexes (a deal created in the past) or cannot be
 * resolved from the row alone is refused with VO_ECONFLICT and the caller
 * reloads. docs/internals/analytics.md ("Live datasets") has the
 * trade-offs and the measurements. */

#define X_OPEN(p)  memmove(&(p)[pos + 1], &(p)[pos], (t->n - pos) * sizeof *(p));
#define X_CLOSE(p) memmove(&(p)[pos], &(p)[pos + 1], (t->n - pos - 1) * sizeof *(p));

static vo_err refuse(struct vo_error *e, const char *what)
{
    return vo_error_set(e, VO_ECONFLICT, NULL, "the dataset reloads for %s", what);
}

static vo_err no_memory(struct vo_error *e)
{
    return vo_error_set(e, VO_ENOMEM, NULL, "out of memory applying a change");
}

/* Whether a row of store revision r is newer than the held revision held
 * (dataset.h, "Revisions": modulo 2^32, serial number order). */
static bool newer(int64_t r, uint32_t held)
{
    uint32_t d = (uint32_t)r - held;
    return d != 0 && d < 0x80000000u;
}

/* The first position whose (key, id) is above (k, id) in columns ordered
 * by (key, id); ids may be NULL (then by key only). */
static size_t upper_pos(const int64_t *key, const int64_t *ids, size_t n, int64_t k, int64_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        bool le = key[mid] < k || (key[mid] == k && (!ids || ids[mid] <= id));
        if (le)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The position of (t[idx], idx) in perm[0..n), ordered by (t, index). */
static size_t perm_pos(const int64_t *t, const int32_t *perm, size_t n, int32_t idx)
{
    size_t lo = 0, hi = n;
    int64_t k = t[idx];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int32_t v = perm[mid];
        if (t[v] < k || (t[v] == k && v < idx))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Inserts idx into the permutation *perm of *n entries (capacity grows by
 * one); t[idx] must be set. */
static bool perm_insert(const int64_t *t, int32_t **perm, size_t *n, int32_t idx)
{
    if (!resize(perm, *n + 1, sizeof **perm))
        return false;
    size_t pos = perm_pos(t, *perm, *n, idx);
    memmove(&(*perm)[pos + 1], &(*perm)[pos], (*n - pos) * sizeof **perm);
    (*perm)[pos] = idx;
    (*n)++;
    return true;
}

/* Removes idx (keyed by its current t[idx]) from the permutation. */
static void perm_remove(const int64_t *t, int32_t *perm, size_t *n, int32_t idx)
{
    size_t pos = perm_pos(t, perm, *n, idx);
    if (pos < *n && perm[pos] == idx) {
        memmove(&perm[pos], &perm[pos + 1], (*n - pos - 1) * sizeof *perm);
        (*n)--;
    }
}

/* Row indexes >= from move by delta (+1 after an insert, -1 after a
 * removal of the row before from). */
static void perm_shift(int32_t *perm, size_t n, int32_t from, int32_t delta)
{
    for (size_t i = 0; i < n; i++)
        if (perm[i] >= from)
            perm[i] += delta;
}

/* Inserts a stage change row at pos, inside deal d's group (id 0: the
 * implicit entry). */
static bool sc_insert(struct vo_dataset *ds, int32_t d, size_t pos, int32_t stage, int64_t at,
                      int64_t id)
{
    struct vo_ds_stage_changes *t = &ds->sc;
    if (!sc_room(t))
        return false;
    SC_COLS(X_OPEN, t)
    t->deal[pos] = d;
    t->stage[pos] = stage;
    t->at[pos] = at;
    t->id[pos] = id;
    t->implicit[pos] = id == 0;
    t->n++;
    for (size_t k = (size_t)d + 1; k <= ds->deals.n; k++)
        ds->deals.sc_first[k]++;
    return true;
}

/* The dictionary fields of a deal with the client's fallbacks. */
static vo_err deal_dims(struct vo_dataset *ds, size_t i, const struct vo_deal *r, int32_t c,
                        struct vo_error *e)
{
    struct vo_ds_deals *t = &ds->deals;
    vo_err rc = intern(&ds->channels, &ds->strings, r->channel, &t->channel[i], e);
    if (!rc)
        rc = intern(&ds->sources, &ds->strings, r->source, &t->source[i], e);
    if (!rc)
        rc = intern(&ds->loss_reasons, &ds->strings, r->loss_reason, &t->loss_reason[i], e);
    if (rc)
        return rc;
    t->own[i] =
        (uint8_t)((t->channel[i] ? VO_DS_OWN_CHANNEL : 0) | (t->source[i] ? VO_DS_OWN_SOURCE : 0));
    t->region[i] = c >= 0 ? ds->clients.region[c] : 0;
    if (c >= 0 && t->channel[i] == 0)
        t->channel[i] = ds->clients.channel[c];
    if (c >= 0 && t->source[i] == 0)
        t->source[i] = ds->clients.source[c];
    return VO_OK;
}

/* A new deal at the end of the deal table (created at or after the last). */
static vo_err deal_append(struct vo_dataset *ds, const struct vo_deal *r, int32_t owner,
                          int32_t pipe, int32_t stage, int32_t c, struct vo_error *e)
{
    struct vo_ds_deals *t = &ds->deals;
    size_t i = t->n;
    if (!deals_room(t) || !resize(&t->sc_first, i + 2, sizeof *t->sc_first) ||
        !resize(&t->by_id, i + 1, sizeof *t->by_id))
        return no_memory(e);
    t->id[i] = r->id;
    t->owner[i] = owner;
    t->team[i] = ds->users.team[owner];
    t->pipeline[i] = pipe;
    t->stage[i] = stage;
    t->status[i] = (uint8_t)r->status;
    t->amount[i] = r->amount;
    t->created_at[i] = r->created_at;
    t->closed_at[i] = r->closed_at;
    t->client[i] = c;
    t->rev[i] = (uint32_t)r->rev;
    vo_err rc = deal_dims(ds, i, r, c, e);
    if (rc)
        return rc;
    /* by_id: ordered by id */
    size_t lo = 0, hi = i;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->id[t->by_id[mid]] < r->id)
            lo = mid + 1;
        else
            hi = mid;
    }
    memmove(&t->by_id[lo + 1], &t->by_id[lo], (i - lo) * sizeof *t->by_id);
    t->by_id[lo] = (int32_t)i;
    t->n++;
    t->sc_first[i + 1] = t->sc_first[i];
    if (r->closed_at != VO_NULL &&
        !perm_insert(t->closed_at, &t->by_closed, &t->n_closed, (int32_t)i))
        return no_memory(e);
    if (r->closed_at == VO_NULL && !vo_ds_open_insert(&t->open, &t->n_open, (int32_t)i))
        return no_memory(e);
    int32_t is = implicit_stage(ds, i);
    if (is >= 0 && !sc_insert(ds, (int32_t)i, ds->sc.n, is, r->created_at, 0))
        return no_memory(e);
    return VO_OK;
}

vo_err vo_ds_apply_deal(struct vo_dataset *ds, const struct vo_deal *r, struct vo_error *e)
{
    struct vo_ds_deals *t = &ds->deals;
    int32_t found = vo_ds_deal_find(ds, r->id);
    if (found >= 0 && !newer(r->rev, t->rev[found]))
        return VO_OK; /* held already, or older than the held row */
    int32_t owner = vo_ds_user_find(ds, r->owner_id);
    int32_t pipe = vo_ds_pipeline_find(ds, r->pipeline_id);
    int32_t stage = r->stage_id ? vo_ds_stage_find(ds, r->stage_id) : -1;
    int32_t c = r->client_id ? vo_ds_client_find(ds, r->client_id) : -1;
    if (owner < 0 || pipe < 0 || (r->stage_id && stage < 0) || (r->client_id && c < 0))
        return refuse(e, "a deal naming something new");
    if (found < 0) {
        if (upper_pos(t->created_at, t->id, t->n, r->created_at, r->id) != t->n)
            return refuse(e, "a deal created in the past");
        return deal_append(ds, r, owner, pipe, stage, c, e);
    }
    size_t i = (size_t)found;
    if (t->created_at[i] != r->created_at || t->pipeline[i] != pipe || t->client[i] != c)
        return refuse(e, "a deal moved in time, pipeline or client");
    size_t f = (size_t)t->sc_first[i], l = (size_t)t->sc_first[i + 1];
    bool had_implicit = l - f == 1 && ds->sc.implicit[f];
    if (t->owner[i] != owner) {
        for (size_t k = 0; k < ds->pays.n; k++)
            if (ds->pays.deal[k] == found)
                ds->pays.user[k] = owner;
        t->owner[i] = owner;
    }
    t->team[i] = ds->users.team[owner];
    t->stage[i] = stage;
    t->status[i] = (uint8_t)r->status;
    t->amount[i] = r->amount;
    t->rev[i] = (uint32_t)r->rev;
    if (t->closed_at[i] != r->closed_at) {
        if (t->closed_at[i] != VO_NULL)
            perm_remove(t->closed_at, t->by_closed, &t->n_closed, found);
        else
            vo_ds_open_remove(t->open, &t->n_open, found);
        t->closed_at[i] = r->closed_at;
        if (r->closed_at != VO_NULL &&
            !perm_insert(t->closed_at, &t->by_closed, &t->n_closed, found))
            return no_memory(e);
        if (r->closed_at == VO_NULL && !vo_ds_open_insert(&t->open, &t->n_open, found))
            return no_memory(e);
    }
    vo_err rc = deal_dims(ds, i, r, c, e);
    if (rc)
        return rc;
    /* the implicit first change follows the deal's stage */
    int32_t is = implicit_stage(ds, i);
    if (had_implicit) {
        if (is < 0)
            return refuse(e, "a deal without a stage");
        ds->sc.stage[f] = is;
    } else if (l == f && is >= 0 && !sc_insert(ds, found, f, is, r->created_at, 0)) {
        return no_memory(e);
    }
    return VO_OK;
}

vo_err vo_ds_apply_stage_change(struct vo_dataset *ds, const struct vo_stage_change *r,
                                struct vo_error *e)
{
    int32_t d = vo_ds_deal_find(ds, r->deal_id);
    int32_t s = vo_ds_stage_find(ds, r->stage_id);
    if (d < 0 || s < 0)
        return refuse(e, "a stage change of a deal or stage it does not hold");
    if (r->id <= 0)
        return refuse(e, "a stage change without a store id");
    struct vo_ds_stage_changes *t = &ds->sc;
    size_t f = (size_t)ds->deals.sc_first[d], l = (size_t)ds->deals.sc_first[d + 1];
    if (l - f == 1 && t->implicit[f]) { /* the first stored change replaces it */
        t->stage[f] = s;
        t->at[f] = r->at;
        t->id[f] = r->id;
        t->implicit[f] = 0;
        return VO_OK;
    }
    for (size_t k = f; k < l; k++)
        if (t->id[k] == r->id)
            return VO_OK; /* held already (a replay onto a load that read it) */
    /* at its (at, id) place: moves within one second keep their order
     * whatever order their changes arrive in */
    size_t pos = f + upper_pos(t->at + f, t->id + f, l - f, r->at, r->id);
    if (!sc_insert(ds, d, pos, s, r->at, r->id))
        return no_memory(e);
    return VO_OK;
}

vo_err vo_ds_apply_activity(struct vo_dataset *ds, const struct vo_activity *r, struct vo_error *e)
{
    struct vo_ds_activities *t = &ds->acts;
    if (r->id <= t->max_id)
        return refuse(e, "an edited activity");
    int32_t u = vo_ds_user_find(ds, r->user_id);
    int32_t d = r->deal_id ? vo_ds_deal_find(ds, r->deal_id) : -1;
    if (u < 0 || (r->deal_id && d < 0))
        return refuse(e, "an activity naming something new");
    if (!acts_room(t))
        return no_memory(e);
    size_t pos = upper_pos(t->at, NULL, t->n, r->at, 0);
    ACTS_COLS(X_OPEN, t)
    t->at[pos] = r->at;
    t->user[pos] = u;
    t->deal[pos] = d;
    t->duration_s[pos] = r->duration_s == VO_NULL ? -1 : clamp32(r->duration_s);
    t->type[pos] = (uint8_t)r->type;
    t->n++;
    t->max_id = r->id;
    return VO_OK;
}

/* The row of id in a table ordered by time whose ids are mostly in time
 * order too: searched from the end, where recent rows are. */
static int64_t row_of(const int64_t *ids, size_t n, int64_t max_id, int64_t id)
{
    if (id > max_id)
        return -1;
    for (size_t k = n; k-- > 0;)
        if (ids[k] == id)
            return (int64_t)k;
    return -1;
}

vo_err vo_ds_apply_task(struct vo_dataset *ds, const struct vo_task *r, struct vo_error *e)
{
    struct vo_ds_tasks *t = &ds->tasks;
    int64_t old = row_of(t->id, t->n, t->max_id, r->id);
    if (old >= 0 && !newer(r->rev, t->rev[old]))
        return VO_OK; /* held already, or older than the held row */
    int32_t u = vo_ds_user_find(ds, r->assignee_id);
    int32_t d = r->deal_id ? vo_ds_deal_find(ds, r->deal_id) : -1;
    if (u < 0 || (r->deal_id && d < 0))
        return refuse(e, "a task naming something new");
    /* the late index holds values, not positions: swap the task's values */
    if (old >= 0)
        vo_ds_late_remove(ds, t->assignee[old], t->created_at[old], t->due_at[old],
                          t->done_at[old]);
    if (!vo_ds_late_add(ds, u, r->created_at, r->due_at, r->done_at))
        return no_memory(e);
    if (old >= 0 && t->created_at[old] == r->created_at) { /* in place (a completion) */
        int32_t k = (int32_t)old;
        if (t->done_at[k] != r->done_at) {
            if (t->done_at[k] != VO_NULL)
                perm_remove(t->done_at, t->by_done, &t->n_done, k);
            else
                vo_ds_open_remove(t->open, &t->n_open, k);
            t->done_at[k] = r->done_at;
            if (r->done_at != VO_NULL && !perm_insert(t->done_at, &t->by_done, &t->n_done, k))
                return no_memory(e);
            if (r->done_at == VO_NULL && !vo_ds_open_insert(&t->open, &t->n_open, k))
                return no_memory(e);
        }
        t->due_at[k] = r->due_at;
        t->assignee[k] = u;
        t->deal[k] = d;
        t->rev[k] = (uint32_t)r->rev;
        return VO_OK;
    }
    if (old >= 0) { /* created_at moved: out of its place, back in at the new one */
        size_t pos = (size_t)old;
        if (t->done_at[pos] != VO_NULL)
            perm_remove(t->done_at, t->by_done, &t->n_done, (int32_t)pos);
        else
            vo_ds_open_remove(t->open, &t->n_open, (int32_t)pos);
        TASKS_COLS(X_CLOSE, t)
        t->n--;
        perm_shift(t->by_done, t->n_done, (int32_t)pos + 1, -1);
        vo_ds_open_shift(t->open, t->n_open, (int32_t)pos + 1, -1);
    }
    if (!tasks_room(t))
        return no_memory(e);
    size_t pos = upper_pos(t->created_at, t->id, t->n, r->created_at, r->id);
    TASKS_COLS(X_OPEN, t)
    t->id[pos] = r->id;
    t->created_at[pos] = r->created_at;
    t->due_at[pos] = r->due_at;
    t->done_at[pos] = r->done_at;
    t->assignee[pos] = u;
    t->deal[pos] = d;
    t->rev[pos] = (uint32_t)r->rev;
    t->n++;
    if (r->id > t->max_id)
        t->max_id = r->id;
    if (pos + 1 < t->n) { /* rows after it moved up one */
        perm_shift(t->by_done, t->n_done, (int32_t)pos, 1);
        vo_ds_open_shift(t->open, t->n_open, (int32_t)pos, 1);
    }
    if (r->done_at != VO_NULL && !perm_insert(t->done_at, &t->by_done, &t->n_done, (int32_t)pos))
        return no_memory(e);
    if (r->done_at == VO_NULL && !vo_ds_open_insert(&t->open, &t->n_open, (int32_t)pos))
        return no_memory(e);
    return VO_OK;
}

vo_err vo_ds_apply_payment(struct vo_dataset *ds, const struct vo_payment *r, struct vo_error *e)
{
    struct vo_ds_payments *t = &ds->pays;
    int64_t old = row_of(t->id, t->n, t->max_id, r->id);
    if (old >= 0 && !newer(r->rev, t->rev[old]))
        return VO_OK; /* held already, or older than the held row */
    int32_t d = r->deal_id ? vo_ds_deal_find(ds, r->deal_id) : -1;
    int32_t c = r->client_id ? vo_ds_client_find(ds, r->client_id) : -1;
    if ((r->deal_id && d < 0) || (r->client_id && c < 0))
        return refuse(e, "a payment naming something new");
    if (c < 0 && d >= 0)
        c = ds->deals.client[d];
    if (old >= 0) {
        size_t pos = (size_t)old;
        PAYS_COLS(X_CLOSE, t)
        t->n--;
    }
    if (!pays_room(t))
        return no_memory(e);
    size_t pos = upper_pos(t->paid_at, t->id, t->n, r->paid_at, r->id);
    PAYS_COLS(X_OPEN, t)
    t->id[pos] = r->id;
    t->paid_at[pos] = r->paid_at;
    t->amount[pos] = r->amount;
    t->deal[pos] = d;
    t->client[pos] = c;
    t->user[pos] = d >= 0 ? ds->deals.owner[d] : c >= 0 ? ds->clients.owner[c] : -1;
    t->rev[pos] = (uint32_t)r->rev;
    t->n++;
    if (r->id > t->max_id)
        t->max_id = r->id;
    return VO_OK;
}

/* The store's order of plans: period, scope kind (org < team < user, as
 * text and as enum), scope id (index order: teams and users load by id),
 * metric key as text. */
static int plan_cmp(const struct vo_ds_plans *t, size_t k, int y, int m, int kind, int32_t scope,
                    int metric)
{
    int a[] = {t->year[k], t->month[k], t->scope_kind[k]}, b[] = {y, m, kind};
    for (size_t i = 0; i < 3; i++)
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    if (t->scope[k] != scope)
        return t->scope[k] < scope ? -1 : 1;
    return strcmp(vo_metrics[t->metric[k]].key, vo_metrics[metric].key);
}

vo_err vo_ds_apply_plan(struct vo_dataset *ds, const struct vo_plan *r, struct vo_error *e)
{
    struct vo_ds_plans *t = &ds->plans;
    int32_t scope = -1;
    if (r->scope_kind == VO_SCOPE_TEAM)
        scope = vo_ds_team_find(ds, r->scope_id);
    else if (r->scope_kind == VO_SCOPE_USER)
        scope = vo_ds_user_find(ds, r->scope_id);
    if (r->scope_kind != VO_SCOPE_ORG && scope < 0)
        return refuse(e, "a plan of a team or user it does not hold");
    size_t pos = 0;
    int c = 1;
    while (pos < t->n &&
           (c = plan_cmp(t, pos, r->year, r->month, (int)r->scope_kind, scope, (int)r->metric)) < 0)
        pos++;
    if (pos < t->n && c == 0) {
        if (newer(r->rev, t->rev[pos])) {
            t->target[pos] = r->target;
            t->rev[pos] = (uint32_t)r->rev;
        }
        return VO_OK;
    }
    if (!plans_room(t))
        return no_memory(e);
    PLANS_COLS(X_OPEN, t)
    t->year[pos] = (int16_t)r->year;
    t->month[pos] = (uint8_t)r->month;
    t->scope_kind[pos] = (uint8_t)r->scope_kind;
    t->scope[pos] = scope;
    t->metric[pos] = (uint8_t)r->metric;
    t->target[pos] = r->target;
    t->rev[pos] = (uint32_t)r->rev;
    t->n++;
    return VO_OK;
}

vo_err vo_ds_apply_client(struct vo_dataset *ds, const struct vo_client *r, struct vo_error *e)
{
    struct vo_ds_clients *t = &ds->clients;
    int32_t found = vo_ds_client_find(ds, r->id);
    if (found >= 0 && !newer(r->rev, t->rev[found]))
        return VO_OK; /* held already, or older than the held row */
    int32_t owner = r->owner_id ? vo_ds_user_find(ds, r->owner_id) : -1;
    if (r->owner_id && owner < 0)
        return refuse(e, "a client of a user it does not hold");
    if (found < 0 && t->n > 0 && t->id[t->n - 1] > r->id)
        return refuse(e, "a client below the largest held id");
    if (found < 0 && !clients_room(t))
        return no_memory(e);
    size_t i = found < 0 ? t->n : (size_t)found;
    int32_t ch, rg, sg, src;
    vo_err rc = intern(&ds->channels, &ds->strings, r->channel, &ch, e);
    if (!rc)
        rc = intern(&ds->regions, &ds->strings, r->region, &rg, e);
    if (!rc)
        rc = intern(&ds->segments, &ds->strings, r->segment, &sg, e);
    if (!rc)
        rc = intern(&ds->sources, &ds->strings, r->source, &src, e);
    if (rc)
        return rc;
    bool same_name = found >= 0 && (t->name[i] == r->name ||
                                    (t->name[i] && r->name && strcmp(t->name[i], r->name) == 0));
    if (!same_name) {
        const char *name = r->name ? vo_arena_strdup(&ds->strings, r->name) : NULL;
        if (r->name && !name)
            return no_memory(e);
        t->name[i] = name;
    }
    t->rev[i] = (uint32_t)r->rev;
    if (found < 0) {
        t->id[i] = r->id;
        t->owner[i] = owner;
        t->channel[i] = ch;
        t->region[i] = rg;
        t->segment[i] = sg;
        t->source[i] = src;
        t->n++;
        return VO_OK; /* nothing refers to it yet */
    }
    bool dims = t->channel[i] != ch || t->region[i] != rg || t->source[i] != src;
    bool new_owner = t->owner[i] != owner;
    t->owner[i] = owner;
    t->channel[i] = ch;
    t->region[i] = rg;
    t->segment[i] = sg;
    t->source[i] = src;
    if (dims) {
        struct vo_ds_deals *d = &ds->deals;
        for (size_t k = 0; k < d->n; k++) {
            if (d->client[k] != found)
                continue;
            d->region[k] = rg;
            if (!(d->own[k] & VO_DS_OWN_CHANNEL))
                d->channel[k] = ch;
            if (!(d->own[k] & VO_DS_OWN_SOURCE))
                d->source[k] = src;
        }
    }
    if (new_owner) {
        struct vo_ds_payments *p = &ds->pays;
        for (size_t k = 0; k < p->n; k++)
            if (p->deal[k] < 0 && p->client[k] == found)
                p->user[k] = owner;
    }
    return VO_OK;
}

/* Sets *slot to a copy of s in the dataset's arena unless it holds the same
 * text already. */
static bool set_text(struct vo_dataset *ds, const char **slot, const char *s)
{
    if (*slot == s || (*slot && s && strcmp(*slot, s) == 0))
        return true;
    const char *copy = s ? vo_arena_strdup(&ds->strings, s) : NULL;
    if (s && !copy)
        return false;
    *slot = copy;
    return true;
}

vo_err vo_ds_apply_user(struct vo_dataset *ds, const struct vo_user *r, struct vo_error *e)
{
    struct vo_ds_users *t = &ds->users;
    int32_t found = vo_ds_user_find(ds, r->id);
    if (found >= 0 && !newer(r->rev, t->rev[found]))
        return VO_OK; /* held already, or older than the held row */
    int32_t team = r->team_id ? vo_ds_team_find(ds, r->team_id) : -1;
    if (r->team_id && team < 0)
        return refuse(e, "a user of a team it does not hold");
    if (found < 0 && t->n > 0 && t->id[t->n - 1] > r->id)
        return refuse(e, "a user below the largest held id");
    if (found < 0) {
        /* the per-user late-task index grows with the users */
        if (ds->tasks.n_late != t->n || !users_room(t) ||
            !resize(&ds->tasks.late, t->n + 1, sizeof *ds->tasks.late))
            return no_memory(e);
        memset(&ds->tasks.late[t->n], 0, sizeof *ds->tasks.late);
        size_t i = t->n;
        t->id[i] = r->id;
        t->name[i] = t->email[i] = NULL;
        if (!set_text(ds, &t->name[i], r->name) || !set_text(ds, &t->email[i], r->email))
            return no_memory(e);
        t->role[i] = (uint8_t)r->role;
        t->team[i] = team;
        t->active[i] = r->active ? 1 : 0;
        t->rev[i] = (uint32_t)r->rev;
        t->n++;
        ds->tasks.n_late++;
        return VO_OK; /* nothing refers to it yet */
    }
    size_t i = (size_t)found;
    if (!set_text(ds, &t->name[i], r->name) || !set_text(ds, &t->email[i], r->email))
        return no_memory(e);
    t->role[i] = (uint8_t)r->role;
    t->active[i] = r->active ? 1 : 0;
    t->rev[i] = (uint32_t)r->rev;
    if (t->team[i] != team) { /* a deal's team is its owner's */
        t->team[i] = team;
        for (size_t k = 0; k < ds->deals.n; k++)
            if (ds->deals.owner[k] == found)
                ds->deals.team[k] = team;
    }
    return VO_OK;
}
