/*
 * live.c - the org datasets the server keeps in memory for reports.
 *
 * A dataset is loaded on first use and read by any number of reports at
 * once under a read lock. The service tells every committed change through
 * vo_live_on_change(), which applies it to the dataset in place under the
 * write lock (held for the in-memory apply only: microseconds, see
 * docs/internals/analytics.md, "Live datasets"). A writer never waits for
 * the reports in flight: when the lock is taken it queues a copy of the
 * change, and the next report (or the next writer that gets the lock)
 * applies the queue first, so a report that starts after a write returned
 * always includes it. A change the dataset cannot take in place
 * (VO_CHANGE_OTHER, or one the apply refuses) marks it stale, and the next
 * report reloads it under the write lock.
 */
#include "http/http_int.h"

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
    } r;
    char *text[3]; /* a deal's channel, source, loss reason */
};

struct live_org {
    GRWLock lock;
    struct vo_dataset *ds;
    gint stale;
    GMutex qlock;     /* guards queue */
    GPtrArray *queue; /* struct pending *, in commit order */
    gint queued;      /* queue->len, readable without qlock */
};

/* Counters for tests and measurements (atomic). */
static gint n_loads, n_applied, n_stale, n_queued;

static void pending_free(gpointer p)
{
    struct pending *q = p;
    for (size_t i = 0; i < 3; i++)
        g_free(q->text[i]);
    g_free(q);
}

static void live_free(gpointer p)
{
    struct live_org *lo = p;
    vo_ds_free(lo->ds);
    g_ptr_array_free(lo->queue, TRUE);
    g_mutex_clear(&lo->qlock);
    g_rw_lock_clear(&lo->lock);
    g_free(lo);
}

void vo_live_init(struct vo_server *s)
{
    g_mutex_init(&s->live_lock);
    s->live = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, live_free);
}

void vo_live_cleanup(struct vo_server *s)
{
    if (s->live)
        g_hash_table_destroy(s->live);
    s->live = NULL;
    g_mutex_clear(&s->live_lock);
}

static struct live_org *get(struct vo_server *s, int64_t org)
{
    g_mutex_lock(&s->live_lock);
    struct live_org *lo = g_hash_table_lookup(s->live, &org);
    if (!lo) {
        lo = g_new0(struct live_org, 1);
        g_rw_lock_init(&lo->lock);
        g_mutex_init(&lo->qlock);
        lo->queue = g_ptr_array_new_with_free_func(pending_free);
        gint64 *key = g_new(gint64, 1);
        *key = org;
        g_hash_table_insert(s->live, key, lo);
    }
    g_mutex_unlock(&s->live_lock);
    return lo;
}

static void drain(struct live_org *lo);

vo_err vo_live_acquire(struct vo_server *s, struct vo_store *st, int64_t org,
                       const struct vo_dataset **ds, struct vo_error *e)
{
    struct live_org *lo = get(s, org);
    for (;;) {
        g_rw_lock_reader_lock(&lo->lock);
        if (lo->ds && !g_atomic_int_get(&lo->stale) && !g_atomic_int_get(&lo->queued)) {
            *ds = lo->ds;
            return VO_OK;
        }
        g_rw_lock_reader_unlock(&lo->lock);
        g_rw_lock_writer_lock(&lo->lock);
        if (!lo->ds || g_atomic_int_get(&lo->stale)) {
            struct vo_dataset *fresh = NULL;
            g_atomic_int_set(&lo->stale, 0);
            /* what was queued so far is committed: the load reads it */
            g_mutex_lock(&lo->qlock);
            g_ptr_array_set_size(lo->queue, 0);
            g_atomic_int_set(&lo->queued, 0);
            g_mutex_unlock(&lo->qlock);
            vo_err rc = vo_ds_load(st, org, &fresh, e);
            if (rc) {
                g_atomic_int_set(&lo->stale, 1);
                g_rw_lock_writer_unlock(&lo->lock);
                return rc;
            }
            vo_ds_free(lo->ds);
            lo->ds = fresh;
            g_atomic_int_inc(&n_loads);
        }
        drain(lo);
        g_rw_lock_writer_unlock(&lo->lock);
    }
}

void vo_live_release(struct vo_server *s, int64_t org)
{
    struct live_org *lo = get(s, org);
    g_rw_lock_reader_unlock(&lo->lock);
}

void vo_live_changed(struct vo_server *s, int64_t org)
{
    g_mutex_lock(&s->live_lock);
    struct live_org *lo = g_hash_table_lookup(s->live, &org);
    if (lo)
        g_atomic_int_set(&lo->stale, 1);
    g_mutex_unlock(&s->live_lock);
}

/* Applies c to ds; VO_ECONFLICT for what must reload. */
static vo_err apply(struct vo_dataset *ds, const struct vo_change *c, struct vo_error *e)
{
    switch (c->kind) {
    case VO_CHANGE_DEAL:
        return c->deal ? vo_ds_apply_deal(ds, c->deal, e) : VO_ECONFLICT;
    case VO_CHANGE_STAGE_CHANGE:
        return c->stage_change ? vo_ds_apply_stage_change(ds, c->stage_change, e) : VO_ECONFLICT;
    case VO_CHANGE_ACTIVITY:
        return c->activity ? vo_ds_apply_activity(ds, c->activity, e) : VO_ECONFLICT;
    case VO_CHANGE_TASK:
        return c->task ? vo_ds_apply_task(ds, c->task, e) : VO_ECONFLICT;
    case VO_CHANGE_PAYMENT:
        return c->payment ? vo_ds_apply_payment(ds, c->payment, e) : VO_ECONFLICT;
    case VO_CHANGE_PLAN:
        return c->plan ? vo_ds_apply_plan(ds, c->plan, e) : VO_ECONFLICT;
    case VO_CHANGE_OTHER:
        break;
    }
    return VO_ECONFLICT;
}

/* Applies one change under the write lock; a refusal marks the dataset
 * stale. */
static void apply_one(struct live_org *lo, const struct vo_change *c)
{
    if (!lo->ds || g_atomic_int_get(&lo->stale))
        return;
    struct vo_error e = {0};
    if (apply(lo->ds, c, &e) == VO_OK) {
        g_atomic_int_inc(&n_applied);
    } else {
        g_atomic_int_set(&lo->stale, 1);
        g_atomic_int_inc(&n_stale);
    }
}

/* Applies the queued changes in order; the caller holds the write lock. */
static void drain(struct live_org *lo)
{
    if (!g_atomic_int_get(&lo->queued))
        return;
    g_mutex_lock(&lo->qlock);
    GPtrArray *q = lo->queue;
    lo->queue = g_ptr_array_new_with_free_func(pending_free);
    g_atomic_int_set(&lo->queued, 0);
    g_mutex_unlock(&lo->qlock);
    for (guint i = 0; i < q->len; i++)
        apply_one(lo, &((struct pending *)q->pdata[i])->c);
    g_ptr_array_free(q, TRUE);
}

/* A copy of c that outlives the call (the fields the apply reads). */
static struct pending *copy(const struct vo_change *c)
{
    struct pending *p = g_new0(struct pending, 1);
    p->c.kind = c->kind;
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
    case VO_CHANGE_OTHER:
        break;
    }
    return p;
}

void vo_live_on_change(void *ctx, int64_t org, const struct vo_change *c)
{
    struct vo_server *s = ctx;
    g_mutex_lock(&s->live_lock);
    struct live_org *lo = g_hash_table_lookup(s->live, &org);
    g_mutex_unlock(&s->live_lock);
    if (!lo)
        return; /* not loaded: the first report loads it with the change */
    /* the record of each kind, in enum vo_change_kind order */
    const void *rec[] = {c->deal, c->stage_change, c->activity, c->task, c->payment, c->plan, NULL};
    bool has_record = (size_t)c->kind < sizeof rec / sizeof rec[0] && rec[c->kind] != NULL;
    if (c->kind == VO_CHANGE_OTHER || !has_record) {
        g_atomic_int_set(&lo->stale, 1);
        g_atomic_int_inc(&n_stale);
        return;
    }
    if (g_rw_lock_writer_trylock(&lo->lock)) {
        drain(lo);
        apply_one(lo, c);
        g_rw_lock_writer_unlock(&lo->lock);
        return;
    }
    /* reports in flight: the next one applies it before reading */
    struct pending *p = copy(c);
    g_mutex_lock(&lo->qlock);
    g_ptr_array_add(lo->queue, p);
    g_atomic_int_set(&lo->queued, (gint)lo->queue->len);
    g_mutex_unlock(&lo->qlock);
    g_atomic_int_inc(&n_queued);
}

void vo_live_stats(struct vo_live_stats *out)
{
    out->loads = (unsigned)g_atomic_int_get(&n_loads);
    out->applied = (unsigned)g_atomic_int_get(&n_applied);
    out->stale = (unsigned)g_atomic_int_get(&n_stale);
    out->queued = (unsigned)g_atomic_int_get(&n_queued);
}
