/*
 * live.c - the org datasets the server keeps in memory for reports.
 *
 * A dataset is loaded on first use and read by any number of reports at
 * once under a read lock. The service tells every committed change through
 * vo_live_on_change(); a change the dataset cannot take in place marks it
 * stale, and the next report reloads it under the write lock, so a report
 * right after a write always includes it.
 */
#include "http/http_int.h"

struct live_org {
    GRWLock lock;
    struct vo_dataset *ds;
    gint stale;
};

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

void vo_live_on_change(void *ctx, int64_t org, const struct vo_change *c)
{
    (void)c;
    vo_live_changed(ctx, org);
}
