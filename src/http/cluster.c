/*
 * cluster.c - several voronka servers on one PostgreSQL database: each
 * keeps its live datasets and caches current with the writes of the
 * others (docs/SCALING.md, "Several servers").
 *
 * Every committed write is told on PostgreSQL's channel `voronka` by the
 * schema's triggers (store.h, "changes told between servers"): the org,
 * the table and the ids. A thread of each server listens and, for a write
 * of another server (a note whose writer is not one of this server's own
 * connections, whose writes the service told the live datasets already):
 *
 * - a deal, activity, task, payment, client, user or stage change is read
 *   back by its id and told to the live dataset as the service tells a
 *   local write (live.c applies it in place; a row no newer than the
 *   dataset's is skipped by its revision, so a note told twice, or after
 *   a reload that read the row, changes nothing); a row gone (deleted) or
 *   a bulk write ("*", or more than BATCH_MAX ids) makes the org's dataset
 *   stale, as a local VO_CHANGE_OTHER does;
 * - teams, pipelines, stages, plans, holidays and the org's own row make
 *   it stale too (the next report reloads it);
 * - users, API tokens, sessions (a sign-out) and orgs invalidate the
 *   credentials and org caches (meta_gen), so a session ended on one
 *   server is refused by the others at once;
 * - any note invalidates the cached report bodies (live_gen).
 *
 * A lost connection may have lost notes: on reconnecting every org's
 * dataset is stale and both caches are invalidated.
 *
 * Own connections: the server's store handles register their backend pids
 * here (vo_cluster_own) while they are open; pids are recycled by
 * PostgreSQL, so a handle unregisters when closed.
 */
#include "http/http_int.h"
#include "http/live.h"
#include "http/ticker.h"
#include "service/service.h"

#include <string.h>

/* More ids than this in one note: reload rather than read each. */
#define BATCH_MAX 200

struct vo_cluster {
    struct vo_ticker tick;
    struct vo_server *s;
    struct vo_store_listener *listen; /* NULL while disconnected */
    struct vo_store *st;              /* the reads of the rows told (own connection) */
    vo_mutex own_lock;
    GHashTable *own; /* backend pids of the server's store handles, under own_lock */
    gint notes;      /* notes handled (atomic; tests and metrics) */
};

void vo_cluster_own(struct vo_server *s, struct vo_store *st, bool open)
{
    struct vo_cluster *c = s->cluster;
    int pid = vo_store_backend_pid(st);
    if (!c || !pid)
        return;
    vo_mutex_lock(&c->own_lock);
    if (open)
        g_hash_table_add(c->own, GINT_TO_POINTER(pid));
    else
        g_hash_table_remove(c->own, GINT_TO_POINTER(pid));
    vo_mutex_unlock(&c->own_lock);
}

static bool own(struct vo_cluster *c, int pid)
{
    vo_mutex_lock(&c->own_lock);
    bool mine = g_hash_table_contains(c->own, GINT_TO_POINTER(pid));
    vo_mutex_unlock(&c->own_lock);
    return mine;
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

/* Reads the row of table `table` with that id and tells it to the live
 * dataset; false when it cannot (gone, or a table read otherwise). */
static bool tell_row(struct vo_cluster *c, int64_t org, const char *table, int64_t id)
{
    struct vo_arena a;
    vo_arena_init(&a, 0);
    struct vo_error e = {0};
    struct vo_change ch = {0};
    struct vo_deal_row deal;
    int64_t owner = 0;
    struct vo_activity act;
    struct vo_task task;
    struct vo_payment pay;
    struct vo_client client;
    struct vo_user user;
    struct vo_stage_change sc;
    vo_err rc = VO_EINVAL;
    if (strcmp(table, "deals") == 0) {
        rc = vo_store_deal_get(c->st, org, id, &a, &deal, &e);
        ch = (struct vo_change){.kind = VO_CHANGE_DEAL, .deal = &deal.d};
    } else if (strcmp(table, "activities") == 0) {
        rc = vo_store_activity_get(c->st, org, id, &a, &act, &e);
        ch = (struct vo_change){.kind = VO_CHANGE_ACTIVITY, .activity = &act};
    } else if (strcmp(table, "tasks") == 0) {
        rc = vo_store_task_get(c->st, org, id, &a, &task, &e);
        ch = (struct vo_change){.kind = VO_CHANGE_TASK, .task = &task};
    } else if (strcmp(table, "payments") == 0) {
        rc = vo_store_payment_get(c->st, org, id, &a, &pay, &owner, &e);
        ch = (struct vo_change){.kind = VO_CHANGE_PAYMENT, .payment = &pay};
    } else if (strcmp(table, "clients") == 0) {
        rc = vo_store_client_get(c->st, org, id, &a, &client, &e);
        ch = (struct vo_change){.kind = VO_CHANGE_CLIENT, .client = &client};
    } else if (strcmp(table, "users") == 0) {
        rc = vo_store_user_get(c->st, org, id, &a, &user, &e);
        ch = (struct vo_change){.kind = VO_CHANGE_USER, .user = &user};
    } else if (strcmp(table, "stage_changes") == 0) {
        rc = vo_store_stage_change_get(c->st, org, id, &sc, &e);
        ch = (struct vo_change){.kind = VO_CHANGE_STAGE_CHANGE, .stage_change = &sc};
    }
    if (rc == VO_OK)
        vo_live_on_change(c->s, org, &ch);
    vo_arena_cleanup(&a);
    return rc == VO_OK;
}

static bool in(const char *table, const char *const *set)
{
    for (; *set; set++)
        if (strcmp(table, *set) == 0)
            return true;
    return false;
}

static const char *const ROW_TABLES[] = {"deals",   "activities", "tasks",         "payments",
                                         "clients", "users",      "stage_changes", NULL};
static const char *const RELOAD_TABLES[] = {"teams",    "pipelines", "stages", "plans",
                                            "holidays", "orgs",      NULL};
static const char *const META_TABLES[] = {"users", "api_tokens", "sessions", "orgs", NULL};

/* Tells the dataset each row of a note's ids, or makes it stale. */
static void tell_rows(struct vo_cluster *c, const struct vo_store_note *n)
{
    if (strcmp(n->ids, "*") == 0) {
        vo_live_changed(c->s, n->org);
        return;
    }
    gchar **ids = g_strsplit(n->ids, ",", BATCH_MAX + 2);
    guint count = g_strv_length(ids);
    bool ok = count <= BATCH_MAX;
    for (guint i = 0; ok && i < count; i++) {
        gint64 id = 0;
        ok = g_ascii_string_to_signed(ids[i], 10, 1, G_MAXINT64, &id, NULL) &&
             tell_row(c, n->org, n->table, id);
    }
    g_strfreev(ids);
    if (!ok)
        vo_live_changed(c->s, n->org);
}

static void on_note(void *ctx, const struct vo_store_note *n)
{
    struct vo_cluster *c = ctx;
    if (own(c, n->pid))
        return; /* this server's own write: told already */
    g_atomic_int_inc(&c->notes);
    if (in(n->table, ROW_TABLES))
        tell_rows(c, n);
    else if (in(n->table, RELOAD_TABLES))
        vo_live_changed(c->s, n->org);
    if (in(n->table, META_TABLES))
        vo_cache_bump_meta(c->s);
    vo_cache_bump_live(c->s);
}

/* Connects the listener and the reading handle; false when it cannot
 * (the next tick tries again). */
static bool cluster_connect(struct vo_cluster *c)
{
    struct vo_error e = {0};
    if (vo_store_listen(c->s->opts.db_path, &c->listen, &e) != VO_OK)
        return false;
    if (!c->st && vo_store_open(c->s->opts.db_path, VO_STORE_NO_MIGRATE, &c->st, &e) != VO_OK) {
        vo_store_listen_close(c->listen);
        c->listen = NULL;
        return false;
    }
    return true;
}

/* The thread's job: waits for notes a quarter of a second at a time (the
 * ticker's stop is seen between waits). */
static void job(void *arg)
{
    struct vo_cluster *c = arg;
    if (!c->listen) {
        if (!cluster_connect(c))
            return;
        all_stale(c->s); /* what came while nobody listened */
    }
    struct vo_error e = {0};
    if (vo_store_listen_wait(c->listen, 250, on_note, c, &e) != VO_OK) {
        vo_store_listen_close(c->listen);
        c->listen = NULL;
        vo_store_close(c->st);
        c->st = NULL;
    }
}

void vo_cluster_start(struct vo_server *s)
{
    if (!vo_store_path_is_pg(s->opts.db_path))
        return;
    struct vo_cluster *c = g_new0(struct vo_cluster, 1);
    c->s = s;
    vo_mutex_init(&c->own_lock);
    c->own = g_hash_table_new(g_direct_hash, g_direct_equal);
    vo_ticker_init(&c->tick);
    s->cluster = c;
    /* the first connection, before any request: a write told from now on
     * is heard */
    cluster_connect(c);
    vo_ticker_start(&c->tick, "vo-cluster", 1000, job, c);
}

void vo_cluster_stop(struct vo_server *s)
{
    struct vo_cluster *c = s->cluster;
    if (!c)
        return;
    vo_ticker_stop(&c->tick, NULL, NULL);
    vo_ticker_clear(&c->tick);
    vo_store_listen_close(c->listen);
    vo_store_close(c->st);
    g_hash_table_destroy(c->own);
    vo_mutex_clear(&c->own_lock);
    g_free(c);
    s->cluster = NULL;
}

unsigned vo_cluster_notes(struct vo_server *s)
{
    return s->cluster ? (unsigned)g_atomic_int_get(&s->cluster->notes) : 0;
}
