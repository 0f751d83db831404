/*
 * live.c - the org datasets the server keeps in memory for reports.
 *
 * A dataset is loaded on first use and read by any number of reports at
 * once under a read lock. The service tells every committed change through
 * vo_live_on_change(), which applies it to the dataset in place under the
 * write lock (held for the in-memory apply only: microseconds, see
 * docs/internals/analytics.md). A change the dataset cannot take in place
 * (VO_CHANGE_OTHER, or one the apply refuses) marks it stale, and the next
 * report reloads it under the write lock, so a report right after a write
 * always includes it.
 */
#include "http/http_int.h"

struct live_org {
    GRWLock lock;
    struct vo_dataset *ds;
    gint stale;
};

/* Counters for tests and measurements (atomic). */
static gint n_loads, n_applied, n_stale;

static void live_free(gpointer p)
{
    struct live_org *lo = p;
    vo_ds_free(lo->ds);
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
        gint64 *key = g_new(gint64, 1);
        *key = org;
        g_hash_table_insert(s->live, key, lo);
    }
    g_mutex_unlock(&s->live_lock);
    return lo;
}

vo_err vo_live_acquire(struct vo_server *s, struct vo_store *st, int64_t org,
                       const struct vo_dataset **ds, struct vo_error *e)
{
    struct live_org *lo = get(s, org);
    for (;;) {
        g_rw_lock_reader_lock(&lo->lock);
        if (lo->ds && !g_atomic_int_get(&lo->stale)) {
            *ds = lo->ds;
            return VO_OK;
        }
        g_rw_lock_reader_unlock(&lo->lock);
        g_rw_lock_writer_lock(&lo->lock);
        if (!lo->ds || g_atomic_int_get(&lo->stale)) {
            struct vo_dataset *fresh = NULL;
            g_atomic_int_set(&lo->stale, 0);
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

void vo_live_on_change(void *ctx, int64_t org, const struct vo_change *c)
{
    struct vo_server *s = ctx;
    g_mutex_lock(&s->live_lock);
    struct live_org *lo = g_hash_table_lookup(s->live, &org);
    g_mutex_unlock(&s->live_lock);
    if (!lo)
        return; /* not loaded: the first report loads it with the change */
    g_rw_lock_writer_lock(&lo->lock);
    if (lo->ds && !g_atomic_int_get(&lo->stale)) {
        struct vo_error e = {0};
        if (apply(lo->ds, c, &e) == VO_OK) {
            g_atomic_int_inc(&n_applied);
        } else {
            g_atomic_int_set(&lo->stale, 1);
            g_atomic_int_inc(&n_stale);
        }
    }
    g_rw_lock_writer_unlock(&lo->lock);
}

void vo_live_stats(struct vo_live_stats *out)
{
    out->loads = (unsigned)g_atomic_int_get(&n_loads);
    out->applied = (unsigned)g_atomic_int_get(&n_applied);
    out->stale = (unsigned)g_atomic_int_get(&n_stale);
}
