/*
 * cluster.c - several voronka servers on one PostgreSQL database: a
 * thread of each server listens for the others' writes and keeps its live
 * datasets and caches current with them. What each write told means is
 * the service's (service/cluster.c); here the server's side: its own
 * connections, its datasets, its caches (docs/SCALING.md, "Several
 * servers").
 *
 * A lost connection may have lost notes: on reconnecting every org's
 * dataset is stale and both caches are void.
 *
 * Own connections: the server's store handles register their backend pids
 * (vo_cluster_own) while they are open; PostgreSQL recycles pids, so a
 * handle is forgotten when it is closed.
 */
#include "http/http_int.h"
#include "http/live.h"
#include "http/ticker.h"
#include "service/cluster.h"

struct vo_cluster {
    struct vo_ticker tick;
    struct vo_server *s;
    struct vo_cluster_listener *listen; /* NULL while disconnected; the thread's */
    vo_mutex own_lock;
    GHashTable *own; /* backend pids of the server's store handles, under own_lock */
    gint notes;      /* the other servers' writes handled (atomic) */
};

void vo_cluster_own(struct vo_server *s, struct vo_store *st, bool open)
{
    struct vo_cluster *c = s->cluster;
    int pid = vo_cluster_pid(st);
    if (!c || !pid)
        return;
    vo_mutex_lock(&c->own_lock);
    if (open)
        g_hash_table_add(c->own, GINT_TO_POINTER(pid));
    else
        g_hash_table_remove(c->own, GINT_TO_POINTER(pid));
    vo_mutex_unlock(&c->own_lock);
}

static bool own(void *ctx, int pid)
{
    struct vo_cluster *c = ctx;
    vo_mutex_lock(&c->own_lock);
    bool mine = g_hash_table_contains(c->own, GINT_TO_POINTER(pid));
    vo_mutex_unlock(&c->own_lock);
    return mine;
}

static void change(void *ctx, int64_t org, const struct vo_change *ch)
{
    struct vo_cluster *c = ctx;
    vo_live_on_change(c->s, org, ch);
}

static void stale(void *ctx, int64_t org)
{
    struct vo_cluster *c = ctx;
    vo_live_changed(c->s, org);
}

static void meta(void *ctx)
{
    struct vo_cluster *c = ctx;
    vo_cache_bump_meta(c->s);
}

static void any(void *ctx)
{
    struct vo_cluster *c = ctx;
    vo_cache_bump_live(c->s);
}

/* Every org the server holds a dataset of is stale (notes were lost). */
static void all_stale(struct vo_server *s)
{
    vo_mutex_lock(&s->live_lock);
    GList *orgs = g_hash_table_get_keys(s->live);
    GArray *ids = g_array_new(FALSE, FALSE, sizeof(int64_t));
    for (GList *l = orgs; l; l = l->next)
        g_array_append_val(ids, *(int64_t *)l->data);
    g_list_free(orgs);
    vo_mutex_unlock(&s->live_lock);
    for (guint i = 0; i < ids->len; i++)
        vo_live_changed(s, g_array_index(ids, int64_t, i));
    g_array_free(ids, TRUE);
    vo_cache_bump_meta(s);
    vo_cache_bump_live(s);
}

/* The thread's job: waits for notes a quarter of a second at a time (the
 * ticker's stop is seen between waits); reconnects when the connection is
 * gone. */
static void job(void *arg)
{
    struct vo_cluster *c = arg;
    struct vo_error e = {0};
    if (!c->listen) {
        if (vo_cluster_listen(c->s->opts.db_path, &c->listen, &e) != VO_OK)
            return;
        all_stale(c->s); /* what came while nobody listened */
    }
    const struct vo_cluster_handler h = {c, own, change, stale, meta, any};
    unsigned notes = 0;
    vo_err rc = vo_cluster_wait(c->listen, 250, &h, &notes, &e);
    if (notes)
        g_atomic_int_add(&c->notes, (gint)notes);
    if (rc) {
        vo_cluster_close(c->listen);
        c->listen = NULL;
    }
}

void vo_cluster_start(struct vo_server *s)
{
    if (!vo_cluster_possible(s->opts.db_path))
        return;
    struct vo_cluster *c = g_new0(struct vo_cluster, 1);
    c->s = s;
    vo_mutex_init(&c->own_lock);
    c->own = g_hash_table_new(g_direct_hash, g_direct_equal);
    vo_ticker_init(&c->tick);
    /* listening before the first request: every write committed from now
     * on is heard (a failure here is retried by the thread) */
    struct vo_error e = {0};
    vo_cluster_listen(s->opts.db_path, &c->listen, &e);
    s->cluster = c;
    vo_ticker_start(&c->tick, "vo-cluster", 1000, job, c);
}

void vo_cluster_stop(struct vo_server *s)
{
    struct vo_cluster *c = s->cluster;
    if (!c)
        return;
    vo_ticker_stop(&c->tick, NULL, NULL);
    vo_ticker_clear(&c->tick);
    vo_cluster_close(c->listen);
    g_hash_table_destroy(c->own);
    vo_mutex_clear(&c->own_lock);
    g_free(c);
    s->cluster = NULL;
}

unsigned vo_cluster_notes(struct vo_server *s)
{
    return s->cluster ? (unsigned)g_atomic_int_get(&s->cluster->notes) : 0;
}
