/*
 * cache.c - the server's in-memory caches, so that a repeated read does
 * not go back to SQLite or rebuild what it built a moment ago:
 *
 * - verified credentials: the BLAKE2b hash of a session cookie or an API
 *   token -> the actor and its clocks, for at most VO_AUTH_CACHE_TTL_MS;
 * - org rows by id (vo_svc_init without a read), same TTL;
 * - finished report bodies by (kind, org, role restriction, query).
 *
 * Invalidation is by two generation counters of the server, compared on
 * every hit: meta_gen (users, tokens, sessions, the org: bumped after any
 * mutation of /api/v1/session, /tokens, /users, /org and after any
 * VO_CHANGE_OTHER) and live_gen (bumped after every change told to the
 * live datasets through the server's hook); a report entry also records
 * live.c's counters (vo_live_stats: loads, applies, stale marks, queued
 * changes), so a reload or a change told to vo_live_on_change by another
 * path makes it stale as well. An entry records the
 * counter as read BEFORE its value was read from the store or computed, so
 * a write that commits meanwhile leaves the entry already stale; a bump
 * happens after the write's commit and before its response, so a request
 * that starts after the response never sees the old value. The TTL bounds
 * what another process (the CLI) changes behind the server's back.
 *
 * All three are guarded by one mutex (held for hash lookups and copies
 * only; the report bodies are shared refcounted GBytes, never copied).
 */
#include "http/http_int.h"
#include "service/context.h"

#include <stdio.h>
#include <string.h>

#define VO_AUTH_CACHE_TTL_MS      30000
#define VO_AUTH_CACHE_MAX         4096
#define VO_ORG_CACHE_MAX          256
#define VO_REPORT_CACHE_MAX_BYTES ((size_t)64 * 1024 * 1024)

struct auth_entry {
    gint gen;
    gint64 cached_ms;
    struct vo_actor actor; /* strings owned: csrf, name, email */
    struct vo_auth_clock clock;
};

struct org_entry {
    gint gen;
    gint64 cached_ms;
    struct vo_org org; /* strings owned */
    GTimeZone *tz;     /* a reference: GLib's zone cache then answers
                          vo_tz_new without reading the zone file */
};

struct report_entry {
    struct vo_cache_gen gen;
    char *key;
    GBytes *body;
    GList *lru; /* its link in cache->lru (head = most recent) */
};

struct vo_cache {
    vo_mutex lock;
    GHashTable *auth;    /* char *kind+hash -> struct auth_entry * */
    GHashTable *orgs;    /* gint64 * -> struct org_entry * */
    GHashTable *reports; /* char *key -> struct report_entry * (owns the entry) */
    GQueue lru;          /* struct report_entry *, most recent first */
    size_t report_bytes;
    gint hits, misses; /* report cache counters (tests) */
};

static gint64 mono_ms(void)
{
    return g_get_monotonic_time() / 1000;
}

static void auth_free(gpointer p)
{
    struct auth_entry *en = p;
    g_free((char *)en->actor.csrf);
    g_free((char *)en->actor.name);
    g_free((char *)en->actor.email);
    g_free(en);
}

static void org_free(gpointer p)
{
    struct org_entry *en = p;
    g_free((char *)en->org.name);
    g_free((char *)en->org.tz);
    g_free((char *)en->org.currency);
    g_free((char *)en->org.settings);
    if (en->tz)
        g_time_zone_unref(en->tz);
    g_free(en);
}

static void report_free(gpointer p)
{
    struct report_entry *en = p;
    g_bytes_unref(en->body);
    g_free(en);
}

void vo_cache_init(struct vo_server *s)
{
    struct vo_cache *c = g_new0(struct vo_cache, 1);
    vo_mutex_init(&c->lock);
    c->auth = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, auth_free);
    c->orgs = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, org_free);
    c->reports = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, report_free);
    g_queue_init(&c->lru);
    s->cache = c;
}

void vo_cache_cleanup(struct vo_server *s)
{
    struct vo_cache *c = s->cache;
    if (!c)
        return;
    g_hash_table_destroy(c->auth);
    g_hash_table_destroy(c->orgs);
    g_queue_clear(&c->lru);
    g_hash_table_destroy(c->reports);
    vo_mutex_clear(&c->lock);
    g_free(c);
    s->cache = NULL;
}

void vo_cache_bump_meta(struct vo_server *s)
{
    g_atomic_int_inc(&s->meta_gen);
}

void vo_cache_bump_live(struct vo_server *s)
{
    g_atomic_int_inc(&s->live_gen);
}

/* ---- credentials ---- */

static char *auth_key(char kind, const char *hash)
{
    return g_strdup_printf("%c%s", kind, hash);
}

bool vo_cache_auth_get(struct vo_server *s, char kind, const char *hash, struct vo_arena *a,
                       struct vo_actor *out, struct vo_auth_clock *clock)
{
    struct vo_cache *c = s->cache;
    char key[80];
    snprintf(key, sizeof key, "%c%s", kind, hash);
    gint gen = g_atomic_int_get(&s->meta_gen);
    bool hit = false;
    vo_mutex_lock(&c->lock);
    struct auth_entry *en = g_hash_table_lookup(c->auth, key);
    if (en && (en->gen != gen || mono_ms() - en->cached_ms >= VO_AUTH_CACHE_TTL_MS)) {
        g_hash_table_remove(c->auth, key);
        en = NULL;
    }
    if (en) {
        *out = en->actor;
        out->csrf = vo_arena_strdup(a, en->actor.csrf); /* NULL stays NULL */
        out->name = vo_arena_strdup(a, en->actor.name);
        out->email = vo_arena_strdup(a, en->actor.email);
        *clock = en->clock;
        hit = true;
    }
    vo_mutex_unlock(&c->lock);
    return hit;
}

void vo_cache_auth_put(struct vo_server *s, char kind, const char *hash, gint gen,
                       const struct vo_actor *actor, const struct vo_auth_clock *clock)
{
    struct vo_cache *c = s->cache;
    struct auth_entry *en = g_new0(struct auth_entry, 1);
    en->gen = gen;
    en->cached_ms = mono_ms();
    en->actor = *actor;
    en->actor.csrf = g_strdup(actor->csrf);
    en->actor.name = g_strdup(actor->name);
    en->actor.email = g_strdup(actor->email);
    en->clock = *clock;
    vo_mutex_lock(&c->lock);
    if (g_hash_table_size(c->auth) >= VO_AUTH_CACHE_MAX)
        g_hash_table_remove_all(c->auth); /* bounded: start over */
    g_hash_table_replace(c->auth, auth_key(kind, hash), en);
    vo_mutex_unlock(&c->lock);
}

void vo_cache_auth_clock(struct vo_server *s, char kind, const char *hash,
                         const struct vo_auth_clock *clock)
{
    struct vo_cache *c = s->cache;
    char key[80];
    snprintf(key, sizeof key, "%c%s", kind, hash);
    vo_mutex_lock(&c->lock);
    struct auth_entry *en = g_hash_table_lookup(c->auth, key);
    if (en && clock->seen_at != VO_NULL &&
        (en->clock.seen_at == VO_NULL || clock->seen_at > en->clock.seen_at))
        en->clock.seen_at = clock->seen_at;
    vo_mutex_unlock(&c->lock);
}

void vo_cache_auth_drop(struct vo_server *s, char kind, const char *hash)
{
    struct vo_cache *c = s->cache;
    char key[80];
    snprintf(key, sizeof key, "%c%s", kind, hash);
    vo_mutex_lock(&c->lock);
    g_hash_table_remove(c->auth, key);
    vo_mutex_unlock(&c->lock);
}

/* ---- orgs ---- */

vo_err vo_cache_svc_init(struct vo_server *s, struct vo_svc *svc, struct vo_store *st,
                         int64_t org_id, struct vo_arena *a, struct vo_error *e)
{
    struct vo_cache *c = s->cache;
    gint gen = g_atomic_int_get(&s->meta_gen);
    struct vo_org org;
    bool hit = false;
    vo_mutex_lock(&c->lock);
    struct org_entry *en = g_hash_table_lookup(c->orgs, &org_id);
    if (en && en->gen == gen && mono_ms() - en->cached_ms < VO_AUTH_CACHE_TTL_MS) {
        org = en->org;
        org.name = vo_arena_strdup(a, en->org.name);
        org.tz = vo_arena_strdup(a, en->org.tz);
        org.currency = vo_arena_strdup(a, en->org.currency);
        org.settings = vo_arena_strdup(a, en->org.settings);
        hit = true;
    }
    vo_mutex_unlock(&c->lock);
    if (hit)
        return vo_svc_init_org(svc, st, &org, a, e);
    vo_err rc = vo_svc_init(svc, st, org_id, a, e);
    if (rc)
        return rc;
    en = g_new0(struct org_entry, 1);
    en->gen = gen;
    en->cached_ms = mono_ms();
    en->org = svc->org;
    en->org.name = g_strdup(svc->org.name);
    en->org.tz = g_strdup(svc->org.tz);
    en->org.currency = g_strdup(svc->org.currency);
    en->org.settings = g_strdup(svc->org.settings);
    en->tz = svc->tz ? g_time_zone_ref(svc->tz) : NULL;
    gint64 *key = g_new(gint64, 1);
    *key = org_id;
    vo_mutex_lock(&c->lock);
    if (g_hash_table_size(c->orgs) >= VO_ORG_CACHE_MAX)
        g_hash_table_remove_all(c->orgs);
    g_hash_table_replace(c->orgs, key, en);
    vo_mutex_unlock(&c->lock);
    return VO_OK;
}

/* ---- report bodies ---- */

void vo_cache_gen_now(struct vo_server *s, struct vo_cache_gen *g)
{
    g->live = g_atomic_int_get(&s->live_gen);
    g->meta = g_atomic_int_get(&s->meta_gen);
    /* also what live.c counts (loads, applies, stale marks, queued
     * changes): a change told to vo_live_on_change directly, not through
     * the server's hook, still makes the cached reports stale */
    struct vo_live_stats st;
    vo_live_stats(&st);
    g->fp = st.loads + st.applied + st.stale + st.queued;
}

static bool gen_eq(const struct vo_cache_gen *a, const struct vo_cache_gen *b)
{
    return a->live == b->live && a->meta == b->meta && a->fp == b->fp;
}

static void report_remove(struct vo_cache *c, struct report_entry *en)
{
    c->report_bytes -= g_bytes_get_size(en->body);
    g_queue_delete_link(&c->lru, en->lru);
    g_hash_table_remove(c->reports, en->key); /* frees en */
}

GBytes *vo_cache_report_get(struct vo_server *s, const char *key)
{
    struct vo_cache *c = s->cache;
    struct vo_cache_gen now;
    vo_cache_gen_now(s, &now);
    GBytes *body = NULL;
    vo_mutex_lock(&c->lock);
    struct report_entry *en = g_hash_table_lookup(c->reports, key);
    if (en && !gen_eq(&en->gen, &now)) {
        report_remove(c, en);
        en = NULL;
    }
    if (en) {
        body = g_bytes_ref(en->body);
        g_queue_unlink(&c->lru, en->lru);
        g_queue_push_head_link(&c->lru, en->lru);
        c->hits++;
    } else {
        c->misses++;
    }
    vo_mutex_unlock(&c->lock);
    return body;
}

void vo_cache_report_put(struct vo_server *s, const char *key, const struct vo_cache_gen *gen,
                         GBytes *body)
{
    struct vo_cache *c = s->cache;
    size_t n = g_bytes_get_size(body);
    if (n > VO_REPORT_CACHE_MAX_BYTES / 4)
        return;
    struct report_entry *en = g_new0(struct report_entry, 1);
    en->gen = *gen;
    en->key = g_strdup(key);
    en->body = g_bytes_ref(body);
    vo_mutex_lock(&c->lock);
    struct vo_cache_gen now;
    vo_cache_gen_now(s, &now);
    if (!gen_eq(gen, &now)) { /* stale already */
        vo_mutex_unlock(&c->lock);
        g_free(en->key);
        report_free(en);
        return;
    }
    struct report_entry *old = g_hash_table_lookup(c->reports, key);
    if (old)
        report_remove(c, old);
    /* Entries of an older generation are never served again: drop them
     * first, then the least recently used until the body fits. */
    for (GList *l = c->lru.head; l;) {
        GList *next = l->next;
        struct report_entry *o = l->data;
        if (!gen_eq(&o->gen, &now))
            report_remove(c, o);
        l = next;
    }
    while (c->lru.tail && c->report_bytes + n > VO_REPORT_CACHE_MAX_BYTES)
        report_remove(c, c->lru.tail->data);
    g_queue_push_head(&c->lru, en);
    en->lru = c->lru.head;
    c->report_bytes += n;
    g_hash_table_replace(c->reports, en->key, en);
    vo_mutex_unlock(&c->lock);
}

void vo_cache_report_stats(struct vo_server *s, unsigned *hits, unsigned *misses, size_t *bytes)
{
    struct vo_cache *c = s->cache;
    vo_mutex_lock(&c->lock);
    *hits = (unsigned)c->hits;
    *misses = (unsigned)c->misses;
    *bytes = c->report_bytes;
    vo_mutex_unlock(&c->lock);
}
