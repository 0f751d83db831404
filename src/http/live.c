/*
 * live.c - the org datasets the server keeps in memory for reports.
 *
 * An org's dataset is a refcounted VERSION (struct ver): the dataset, the
 * read-write lock that orders the reports reading it against the in-place
 * applies, and the queue of changes not applied yet. Reports read the
 * current version under its read lock; docs/internals/analytics.md ("Live
 * datasets") states the rules and the measurements.
 *
 * Changes. The service tells every committed change through
 * vo_live_on_change(), which applies it to the current version in place
 * under its write lock (microseconds) when the lock is free; while reports
 * hold it, the change is queued on the version, and the next report (or
 * the next writer that gets the lock) applies the queue first. Writers
 * tell their changes after their commits, re-reading their rows, so two
 * writers' changes can arrive in the other order than they committed:
 * each row carries its store revision and an apply never lets an older
 * one overwrite a newer (dataset.h, "Revisions"), so the order of arrival
 * does not matter. A change
 * the version cannot take (VO_CHANGE_OTHER, or one the apply refuses)
 * raises the org's generation `gen`: the current version (which holds
 * every change up to its own gen) is then stale for every report that
 * starts afterwards.
 *
 * Reloads. A report wants the org's gen as it starts; if the current
 * version is older (or there is none), it loads a fresh one from the store
 * WITHOUT any lock held (reports in flight keep reading the current
 * version, writers keep going), and other reports that need it wait for it
 * on a condition (one load at a time per org). The changes committed while
 * it loads are copied into a replay list and applied to the fresh dataset
 * before it is published (the load may already hold some of them: every
 * apply is idempotent for the row it carries, a row no newer than the
 * load's is skipped by its revision, and a new activity whose id the load
 * already read is skipped); if one cannot be replayed the load
 * starts again. The swap sets the current version under the org's mutex
 * (microseconds); it holds the gen read when its load started, so a
 * change it cannot take that came during the load leaves it stale for the
 * reports started after that change (the next of them loads again) and
 * current for the others. The old version is freed when its last reader
 * releases it.
 *
 * Invariant: a report that starts after a write was acknowledged includes
 * it. A write is acknowledged after vo_live_on_change returns, so by then
 * it is applied to the current version, queued on it (applied before any
 * later report reads it; a version a queued change could not be applied
 * to is marked broken and never read again), counted in gen (later reports
 * read only a version loaded after it), or in the replay list of the load
 * in progress (published only with it applied).
 *
 * Locks: org->mu (a mutex, held for pointer and list moves only) may be
 * taken while holding a version's write lock, never the other way round.
 * A version's fields other than refs, broken and queue are written only
 * under its write lock; refs and broken are atomic; queue is guarded by
 * org->mu.
 */
#include "http/http_int.h"
#include "http/live.h"
#include "http/metrics.h"
#include "service/dataset_load.h"

#include <time.h>

/* A queued change: the record copied (only the fields the apply reads). */
struct pending {
    struct vo_change c;
    union {
        struct vo_deal deal;
        struct vo_stage_change sc;
        struct vo_activity act;
        struct vo_task task;
        struct vo_payment pay;
        struct vo_plan plan;
        struct vo_client client;
        struct vo_user user;
    } r;
    char *text[5]; /* a deal's channel, source, loss reason; a client's texts */
};

struct ver {
    vo_rwlock lock;        /* readers vs the in-place applies to ds */
    struct vo_dataset *ds; /* changed only under lock's write side */
    gint refs;             /* the org's while current, plus one per holder */
    gint broken;           /* a change could not be applied: never read it again */
    guint64 gen;           /* the org's gen it holds every change up to (set once) */
    GPtrArray *queue;      /* struct pending *, in commit order; org->mu guards it */
};

struct live_org {
    vo_mutex mu;       /* guards the fields below */
    vo_cond loaded;    /* broadcast when a load ends (published or failed) */
    struct ver *cur;   /* NULL before the first load */
    guint64 gen;       /* +1 at each change a version cannot take: cur is stale
                          while cur->gen < gen */
    bool loading;      /* a thread is loading a fresh dataset */
    GPtrArray *replay; /* struct pending *: committed during the load */
};

/* Counters for tests and measurements (atomic). */
static gint n_loads, n_applied, n_stale, n_queued, n_restarts, n_waits;
static gint n_snap[6]; /* loads by what became of the snapshot (enum vo_snap_use) */
static vo_mutex times_lock = VO_MUTEX_INIT; /* guards the three below */
static int64_t swap_ns_max, swap_ns_last, load_ns_last;
static struct vo_hist load_hist; /* the loads' wall times (GET /metrics; atomic) */
static gpointer load_hook;       /* vo_live_load_hook, atomic */
static gpointer change_hook;     /* vo_live_change_hook, atomic */

static void pending_free(gpointer p)
{
    struct pending *q = p;
    for (size_t i = 0; i < G_N_ELEMENTS(q->text); i++)
        g_free(q->text[i]);
    g_free(q);
}

static struct ver *ver_new(struct vo_dataset *ds)
{
    struct ver *v = g_new0(struct ver, 1);
    vo_rwlock_init(&v->lock);
    v->ds = ds;
    v->refs = 1;
    v->queue = g_ptr_array_new_with_free_func(pending_free);
    return v;
}

static void ver_unref(struct ver *v)
{
    if (!v || !g_atomic_int_dec_and_test(&v->refs))
        return;
    vo_ds_free(v->ds);
    g_ptr_array_free(v->queue, TRUE);
    vo_rwlock_clear(&v->lock);
    g_free(v);
}

static void live_free(gpointer p)
{
    struct live_org *lo = p;
    ver_unref(lo->cur);
    g_ptr_array_free(lo->replay, TRUE);
    vo_cond_clear(&lo->loaded);
    vo_mutex_clear(&lo->mu);
    g_free(lo);
}

void vo_live_init(struct vo_server *s)
{
    vo_mutex_init(&s->live_lock);
    s->live = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, live_free);
}

void vo_live_cleanup(struct vo_server *s)
{
    if (s->live)
        g_hash_table_destroy(s->live);
    s->live = NULL;
    vo_mutex_clear(&s->live_lock);
}

void vo_live_set_load_hook(vo_live_load_hook fn)
{
    g_atomic_pointer_set(&load_hook, (gpointer)fn);
}

void vo_live_set_change_hook(vo_live_change_hook fn)
{
    g_atomic_pointer_set(&change_hook, (gpointer)fn);
}

static struct live_org *get(struct vo_server *s, int64_t org)
{
    vo_mutex_lock(&s->live_lock);
    struct live_org *lo = g_hash_table_lookup(s->live, &org);
    if (!lo) {
        lo = g_new0(struct live_org, 1);
        vo_mutex_init(&lo->mu);
        vo_cond_init(&lo->loaded);
        lo->replay = g_ptr_array_new_with_free_func(pending_free);
        gint64 *key = g_new(gint64, 1);
        *key = org;
        g_hash_table_insert(s->live, key, lo);
    }
    vo_mutex_unlock(&s->live_lock);
    return lo;
}

/* Applies c to ds; VO_ECONFLICT for what must reload. Replaying (onto a
 * fresh load that may already hold c), a new activity whose id the load
 * read is skipped, unless its deal was not in the load (n_deals: the deals
 * it read) and so may be missing from the activity's row. */
static vo_err apply(struct vo_dataset *ds, const struct vo_change *c, bool replay, size_t n_deals,
                    struct vo_error *e)
{
    switch (c->kind) {
    case VO_CHANGE_DEAL:
        return c->deal ? vo_ds_apply_deal(ds, c->deal, e) : VO_ECONFLICT;
    case VO_CHANGE_STAGE_CHANGE:
        return c->stage_change ? vo_ds_apply_stage_change(ds, c->stage_change, e) : VO_ECONFLICT;
    case VO_CHANGE_ACTIVITY:
        if (!c->activity)
            return VO_ECONFLICT;
        if (replay && c->created && c->activity->id <= ds->acts.max_id) {
            int32_t d = c->activity->deal_id ? vo_ds_deal_find(ds, c->activity->deal_id) : -1;
            bool deal_loaded = !c->activity->deal_id || (d >= 0 && (size_t)d < n_deals);
            return deal_loaded ? VO_OK : VO_ECONFLICT;
        }
        return vo_ds_apply_activity(ds, c->activity, e);
    case VO_CHANGE_TASK:
        return c->task ? vo_ds_apply_task(ds, c->task, e) : VO_ECONFLICT;
    case VO_CHANGE_PAYMENT:
        return c->payment ? vo_ds_apply_payment(ds, c->payment, e) : VO_ECONFLICT;
    case VO_CHANGE_PLAN:
        return c->plan ? vo_ds_apply_plan(ds, c->plan, e) : VO_ECONFLICT;
    case VO_CHANGE_CLIENT:
        return c->client ? vo_ds_apply_client(ds, c->client, e) : VO_ECONFLICT;
    case VO_CHANGE_USER:
        return c->user ? vo_ds_apply_user(ds, c->user, e) : VO_ECONFLICT;
    case VO_CHANGE_OTHER:
        break;
    }
    return VO_ECONFLICT;
}

/* Whether c carries the record its kind needs (else it reloads). */
static bool replayable(const struct vo_change *c)
{
    switch (c->kind) {
    case VO_CHANGE_DEAL:
        return c->deal != NULL;
    case VO_CHANGE_STAGE_CHANGE:
        return c->stage_change != NULL;
    case VO_CHANGE_ACTIVITY:
        return c->activity != NULL;
    case VO_CHANGE_TASK:
        return c->task != NULL;
    case VO_CHANGE_PAYMENT:
        return c->payment != NULL;
    case VO_CHANGE_PLAN:
        return c->plan != NULL;
    case VO_CHANGE_CLIENT:
        return c->client != NULL;
    case VO_CHANGE_USER:
        return c->user != NULL;
    case VO_CHANGE_OTHER:
        break;
    }
    return false;
}

/* Applies one change to v; the caller holds v's write lock. A refusal
 * breaks v and, when v is current and up to date, raises the org's gen. */
static void apply_one(struct live_org *lo, struct ver *v, const struct vo_change *c)
{
    if (g_atomic_int_get(&v->broken))
        return;
    struct vo_error e = {0};
    if (apply(v->ds, c, false, 0, &e) == VO_OK) {
        g_atomic_int_inc(&n_applied);
        return;
    }
    g_atomic_int_set(&v->broken, 1);
    g_atomic_int_inc(&n_stale);
    vo_mutex_lock(&lo->mu);
    if (lo->cur == v && v->gen == lo->gen)
        lo->gen++;
    vo_mutex_unlock(&lo->mu);
}

/* Applies v's queued changes in order; the caller holds v's write lock
 * (so a reader that saw the queue non-empty, or empty while this runs,
 * reads after it). */
static void drain(struct live_org *lo, struct ver *v)
{
    vo_mutex_lock(&lo->mu);
    GPtrArray *q = v->queue;
    v->queue = g_ptr_array_new_with_free_func(pending_free);
    vo_mutex_unlock(&lo->mu);
    for (guint i = 0; i < q->len; i++)
        apply_one(lo, v, &((struct pending *)q->pdata[i])->c);
    g_ptr_array_free(q, TRUE);
}

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

_Static_assert(VO_SNAP_REPLAYED == 5, "n_snap and vo_live_reload_stats.snap have 6 entries");

/* The log's line of what a load made of the org's snapshot file (none
 * when there is no snapshot directory, or no file yet and none written). */
static void tell_snapshot(struct vo_server *s, int64_t org, const struct vo_snap_outcome *how)
{
    char *file = vo_svc_snap_path(s->opts.snapshot_dir ? s->opts.snapshot_dir : ".", org);
    g_atomic_int_inc(&n_snap[how->use]);
    if (how->use == VO_SNAP_READ)
        vo_log_event(s, "info", VO_MSG("dataset read from its snapshot"), "file", file);
    if (how->use == VO_SNAP_REPLAYED) {
        char n[24];
        g_snprintf(n, sizeof n, "%" G_GINT64_FORMAT, how->replayed);
        vo_log_event(s, "info",
                     VO_MSG("dataset read from its snapshot, the changes since replayed"),
                     "changes", n);
    }
    if (how->use == VO_SNAP_STALE || how->use == VO_SNAP_BAD)
        vo_log_event(s, "info", VO_MSG("dataset snapshot not used, loaded from the database"),
                     "reason", vo_log_error_text(s, &how->why));
    if (how->written)
        vo_log_event(s, "info", VO_MSG("dataset snapshot written"), "file", file);
    else if (how->write_err.code)
        vo_log_event(s, "error", VO_MSG("dataset snapshot not written"), "error",
                     vo_log_error_text(s, &how->write_err));
    g_free(file);
}

/* Loads a fresh dataset and publishes it. Called with lo->mu held and no
 * load running; returns with lo->mu held, *old set to the version it
 * replaced (the caller unrefs it after unlocking: freeing a big dataset
 * takes milliseconds). */
static vo_err reload(struct vo_server *s, struct live_org *lo, struct vo_store *st, int64_t org,
                     struct ver **old, struct vo_error *e)
{
    lo->loading = true;
    for (;;) {
        guint64 start_gen = lo->gen; /* the load reads every change up to it */
        g_ptr_array_set_size(lo->replay, 0);
        vo_mutex_unlock(&lo->mu);
        vo_live_load_hook hook = (vo_live_load_hook)g_atomic_pointer_get(&load_hook);
        if (hook)
            hook(org);
        int64_t t0 = now_ns();
        struct vo_dataset *fresh = NULL;
        struct vo_snap_outcome how;
        vo_err rc = vo_svc_dataset_open(st, org, s->opts.snapshot_dir, true, &fresh, &how, e);
        if (!rc)
            tell_snapshot(s, org, &how);
        vo_mutex_lock(&times_lock);
        load_ns_last = now_ns() - t0;
        int64_t load_ns = load_ns_last;
        vo_mutex_unlock(&times_lock);
        if (!rc)
            vo_hist_observe(&load_hist, (uint64_t)(load_ns / 1000));
        size_t n_deals = rc ? 0 : fresh->deals.n; /* VO_OK: fresh is set */
        bool bad = false;
        struct ver *next = rc ? NULL : ver_new(NULL); /* allocated before the swap */
        vo_mutex_lock(&lo->mu);
        if (rc) {
            lo->loading = false;
            vo_cond_broadcast(&lo->loaded);
            return rc;
        }
        /* replay what committed meanwhile, outside the mutex while more
         * keeps coming, until nothing is left: then publish */
        while (lo->replay->len && !bad) {
            GPtrArray *q = lo->replay;
            lo->replay = g_ptr_array_new_with_free_func(pending_free);
            vo_mutex_unlock(&lo->mu);
            for (guint i = 0; i < q->len && !bad; i++) {
                struct vo_error ignored = {0};
                bad = apply(fresh, &((struct pending *)q->pdata[i])->c, true, n_deals, &ignored) !=
                      VO_OK;
            }
            g_ptr_array_free(q, TRUE);
            vo_mutex_lock(&lo->mu);
        }
        if (bad) { /* a change it cannot take: load it from the store */
            vo_mutex_unlock(&lo->mu);
            ver_unref(next);
            vo_ds_free(fresh);
            g_atomic_int_inc(&n_restarts);
            vo_mutex_lock(&lo->mu);
            continue;
        }
        /* the swap: lo->mu is held from the last replay check to here */
        int64_t s0 = now_ns();
        struct ver *v = next;
        v->ds = fresh;
        v->gen = start_gen; /* stale again if something it cannot take came since */
        *old = lo->cur;
        lo->cur = v;
        lo->loading = false;
        vo_cond_broadcast(&lo->loaded);
        int64_t ns = now_ns() - s0;
        vo_mutex_lock(&times_lock);
        swap_ns_last = ns;
        if (ns > swap_ns_max)
            swap_ns_max = ns;
        vo_mutex_unlock(&times_lock);
        g_atomic_int_inc(&n_loads);
        return VO_OK;
    }
}

/* The versions this thread holds, for vo_live_release (which gets the org
 * only): a report acquires and releases on one thread. */
#define MAX_HELD 8
struct held {
    int64_t org;
    struct ver *v;
};
static _Thread_local struct held held[MAX_HELD];
static _Thread_local int n_held;

vo_err vo_live_acquire(struct vo_server *s, struct vo_store *st, int64_t org,
                       const struct vo_dataset **ds, struct vo_error *e)
{
    g_assert(n_held < MAX_HELD);
    struct live_org *lo = get(s, org);
    for (;;) {
        struct ver *old = NULL;
        vo_mutex_lock(&lo->mu);
        /* every change acknowledged before now is counted in want */
        guint64 want = lo->gen;
        bool waited = false;
        while (!lo->cur || lo->cur->gen < want) {
            if (lo->loading) { /* someone loads what we need: wait for it */
                if (!waited)
                    g_atomic_int_inc(&n_waits);
                waited = true;
                vo_cond_wait(&lo->loaded, &lo->mu);
                continue;
            }
            vo_err rc = reload(s, lo, st, org, &old, e);
            if (rc) {
                vo_mutex_unlock(&lo->mu);
                return rc;
            }
        }
        struct ver *v = lo->cur;
        g_atomic_int_inc(&v->refs);
        bool queued = v->queue->len > 0;
        vo_mutex_unlock(&lo->mu);
        ver_unref(old);
        if (queued) {
            vo_rwlock_writer_lock(&v->lock);
            drain(lo, v);
            vo_rwlock_unlock(&v->lock);
        }
        vo_rwlock_reader_lock(&v->lock);
        /* a queued change that was drained (by us or another thread
         * holding the write lock, done by now) may have broken it */
        if (!g_atomic_int_get(&v->broken)) {
            held[n_held++] = (struct held){org, v};
            *ds = v->ds;
            return VO_OK;
        }
        vo_rwlock_unlock(&v->lock);
        ver_unref(v);
    }
}

void vo_live_release(struct vo_server *s, int64_t org)
{
    (void)s;
    for (int i = n_held; i-- > 0;) {
        if (held[i].org != org)
            continue;
        struct ver *v = held[i].v;
        held[i] = held[--n_held];
        vo_rwlock_unlock(&v->lock);
        ver_unref(v);
        return;
    }
    g_assert_not_reached(); /* a release without an acquire on this thread */
}

void vo_live_changed(struct vo_server *s, int64_t org)
{
    vo_mutex_lock(&s->live_lock);
    struct live_org *lo = g_hash_table_lookup(s->live, &org);
    vo_mutex_unlock(&s->live_lock);
    if (!lo)
        return;
    vo_mutex_lock(&lo->mu);
    lo->gen++;
    vo_mutex_unlock(&lo->mu);
}

/* A copy of c that outlives the call (the fields the apply reads). */
static struct pending *copy(const struct vo_change *c)
{
    struct pending *p = g_new0(struct pending, 1);
    p->c.kind = c->kind;
    p->c.created = c->created;
    switch (c->kind) {
    case VO_CHANGE_DEAL:
        p->r.deal = *c->deal;
        p->r.deal.ext_id = p->r.deal.title = p->r.deal.custom = NULL;
        p->r.deal.channel = p->text[0] = g_strdup(c->deal->channel);
        p->r.deal.source = p->text[1] = g_strdup(c->deal->source);
        p->r.deal.loss_reason = p->text[2] = g_strdup(c->deal->loss_reason);
        p->c.deal = &p->r.deal;
        break;
    case VO_CHANGE_STAGE_CHANGE:
        p->r.sc = *c->stage_change;
        p->c.stage_change = &p->r.sc;
        break;
    case VO_CHANGE_ACTIVITY:
        p->r.act = *c->activity;
        p->r.act.ext_id = p->r.act.outcome = p->r.act.recording_url = NULL;
        p->c.activity = &p->r.act;
        break;
    case VO_CHANGE_TASK:
        p->r.task = *c->task;
        p->r.task.ext_id = p->r.task.title = NULL;
        p->c.task = &p->r.task;
        break;
    case VO_CHANGE_PAYMENT:
        p->r.pay = *c->payment;
        p->r.pay.ext_id = NULL;
        p->c.payment = &p->r.pay;
        break;
    case VO_CHANGE_PLAN:
        p->r.plan = *c->plan;
        p->c.plan = &p->r.plan;
        break;
    case VO_CHANGE_CLIENT:
        p->r.client = *c->client;
        p->r.client.ext_id = p->r.client.custom = NULL;
        p->r.client.name = p->text[0] = g_strdup(c->client->name);
        p->r.client.channel = p->text[1] = g_strdup(c->client->channel);
        p->r.client.region = p->text[2] = g_strdup(c->client->region);
        p->r.client.segment = p->text[3] = g_strdup(c->client->segment);
        p->r.client.source = p->text[4] = g_strdup(c->client->source);
        p->c.client = &p->r.client;
        break;
    case VO_CHANGE_USER:
        p->r.user = *c->user;
        p->r.user.password_hash = NULL;
        p->r.user.name = p->text[0] = g_strdup(c->user->name);
        p->r.user.email = p->text[1] = g_strdup(c->user->email);
        p->c.user = &p->r.user;
        break;
    case VO_CHANGE_OTHER:
        break;
    }
    return p;
}

void vo_live_on_change(void *ctx, int64_t org, const struct vo_change *c)
{
    struct vo_server *s = ctx;
    vo_live_change_hook hook = (vo_live_change_hook)g_atomic_pointer_get(&change_hook);
    if (hook)
        hook(org, c);
    vo_mutex_lock(&s->live_lock);
    struct live_org *lo = g_hash_table_lookup(s->live, &org);
    vo_mutex_unlock(&s->live_lock);
    if (!lo)
        return; /* never used: the first report loads it with the change */
    bool ok = replayable(c);
    vo_mutex_lock(&lo->mu);
    if (!ok) { /* later reports wait for a load that starts after this */
        lo->gen++;
        vo_mutex_unlock(&lo->mu);
        g_atomic_int_inc(&n_stale);
        return;
    }
    if (lo->loading) { /* the fresh dataset gets it too */
        g_ptr_array_add(lo->replay, copy(c));
        g_atomic_int_inc(&n_queued);
    }
    /* stale (or none yet): the load to come reads it, or replays it */
    struct ver *v = lo->cur && lo->cur->gen == lo->gen ? lo->cur : NULL;
    if (v)
        g_atomic_int_inc(&v->refs);
    vo_mutex_unlock(&lo->mu);
    if (!v)
        return;
    if (vo_rwlock_writer_trylock(&v->lock)) {
        drain(lo, v);
        apply_one(lo, v, c);
        vo_rwlock_unlock(&v->lock);
    } else { /* reports in flight: the next one applies it before reading */
        struct pending *p = copy(c);
        vo_mutex_lock(&lo->mu);
        g_ptr_array_add(v->queue, p);
        vo_mutex_unlock(&lo->mu);
        g_atomic_int_inc(&n_queued);
    }
    ver_unref(v);
}

void vo_live_stats(struct vo_live_stats *out)
{
    out->loads = (unsigned)g_atomic_int_get(&n_loads);
    out->applied = (unsigned)g_atomic_int_get(&n_applied);
    out->stale = (unsigned)g_atomic_int_get(&n_stale);
    out->queued = (unsigned)g_atomic_int_get(&n_queued);
}

void vo_live_reload_stats(struct vo_live_reload_stats *out)
{
    out->restarts = (unsigned)g_atomic_int_get(&n_restarts);
    out->waits = (unsigned)g_atomic_int_get(&n_waits);
    for (size_t i = 0; i < sizeof out->snap / sizeof *out->snap; i++)
        out->snap[i] = (unsigned)g_atomic_int_get(&n_snap[i]);
    vo_mutex_lock(&times_lock);
    out->swap_ns_max = swap_ns_max;
    out->swap_ns_last = swap_ns_last;
    out->load_ns_last = load_ns_last;
    vo_mutex_unlock(&times_lock);
}

bool vo_live_loaded(struct vo_server *s, int64_t org)
{
    vo_mutex_lock(&s->live_lock);
    struct live_org *lo = g_hash_table_lookup(s->live, &org);
    vo_mutex_unlock(&s->live_lock);
    if (!lo)
        return false;
    vo_mutex_lock(&lo->mu);
    bool loaded = lo->cur != NULL;
    vo_mutex_unlock(&lo->mu);
    return loaded;
}

/* The rows of one dataset by table, under its version's read lock. */
static void dataset_rows(GString *out, int64_t org, struct ver *v)
{
    vo_rwlock_reader_lock(&v->lock);
    const struct vo_dataset *ds = v->ds;
    const struct {
        const char *table;
        size_t n;
    } rows[] = {{"users", ds->users.n},         {"clients", ds->clients.n},
                {"deals", ds->deals.n},         {"stage_changes", ds->sc.n},
                {"activities", ds->acts.n},     {"tasks", ds->tasks.n},
                {"payments", ds->pays.n},       {"plans", ds->plans.n},
                {"pipelines", ds->pipelines.n}, {"stages", ds->stages.n}};
    for (size_t i = 0; i < G_N_ELEMENTS(rows); i++)
        g_string_append_printf(out, "voronka_dataset_rows{org=\"%lld\",table=\"%s\"} %zu\n",
                               (long long)org, rows[i].table, rows[i].n);
    vo_rwlock_unlock(&v->lock);
}

void vo_live_metrics(struct vo_server *s, GString *out)
{
    /* live_org entries stay until the server stops: collected under the
     * server's lock, each read under its own */
    struct org_ref {
        int64_t org;
        struct live_org *lo;
    };
    GArray *orgs = g_array_new(FALSE, FALSE, sizeof(struct org_ref));
    vo_mutex_lock(&s->live_lock);
    GHashTableIter it;
    gpointer key, value;
    g_hash_table_iter_init(&it, s->live);
    while (g_hash_table_iter_next(&it, &key, &value)) {
        struct org_ref h = {*(gint64 *)key, value};
        g_array_append_val(orgs, h);
    }
    vo_mutex_unlock(&s->live_lock);
    g_string_append(out, "# HELP voronka_dataset_rows Rows of the org's dataset held in memory "
                         "for reports, by table.\n# TYPE voronka_dataset_rows gauge\n");
    for (guint i = 0; i < orgs->len; i++) {
        struct org_ref h = g_array_index(orgs, struct org_ref, i);
        struct live_org *lo = h.lo;
        vo_mutex_lock(&lo->mu);
        struct ver *v = lo->cur;
        if (v)
            g_atomic_int_inc(&v->refs);
        vo_mutex_unlock(&lo->mu);
        if (v) {
            dataset_rows(out, h.org, v);
            ver_unref(v);
        }
    }
    g_array_free(orgs, TRUE);
    g_string_append(out, "# HELP voronka_dataset_load_seconds Loads of an org's dataset from "
                         "the database (wall time).\n# TYPE voronka_dataset_load_seconds "
                         "histogram\n");
    vo_hist_write(out, "voronka_dataset_load_seconds", "", &load_hist);
    struct vo_live_stats st;
    vo_live_stats(&st);
    g_string_append_printf(out,
                           "# HELP voronka_live_changes_total Committed changes told to the "
                           "live datasets, by what became of them.\n"
                           "# TYPE voronka_live_changes_total counter\n"
                           "voronka_live_changes_total{outcome=\"applied\"} %u\n"
                           "voronka_live_changes_total{outcome=\"queued\"} %u\n"
                           "voronka_live_changes_total{outcome=\"stale\"} %u\n",
                           st.applied, st.queued, st.stale);
    g_string_append_printf(out,
                           "# HELP voronka_dataset_reload_restarts_total Loads started again "
                           "because a change during the load could not be replayed.\n"
                           "# TYPE voronka_dataset_reload_restarts_total counter\n"
                           "voronka_dataset_reload_restarts_total %d\n",
                           g_atomic_int_get(&n_restarts));
    /* the loads by what became of the snapshot (enum vo_snap_use's order) */
    static const char *const use[] = {"off", "none", "read", "stale", "refused", "replayed"};
    g_string_append(out, "# HELP voronka_dataset_snapshot_loads_total Loads of an org's dataset, "
                         "by what became of its snapshot file.\n"
                         "# TYPE voronka_dataset_snapshot_loads_total counter\n");
    for (size_t i = 0; i < G_N_ELEMENTS(use); i++)
        g_string_append_printf(out, "voronka_dataset_snapshot_loads_total{snapshot=\"%s\"} %d\n",
                               use[i], g_atomic_int_get(&n_snap[i]));
}
