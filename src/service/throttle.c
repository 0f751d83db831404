/*
 * throttle.c - the login throttle of throttle.h: a table of (account,
 * address) pairs and of addresses, each a leaky bucket of failed sign-ins
 * with an exponential wait once it is full.
 *
 * An entry is keyed by a 16-byte BLAKE2b of its kind, the account (ASCII
 * lower case) and the address, keyed with a random secret of the process:
 * every entry has the same small size whatever the client sent, and nobody
 * can aim two keys at one entry. Its fields:
 *   level       failures not forgiven yet, as of drained_at (a failure is
 *               forgiven every leak_ms: the bucket leaks);
 *   last_fail   when the last failure was recorded (the wait runs from it);
 *   inflight    attempts let through and not ended (their passwords are
 *               being checked).
 *
 * Admission. An entry lets an attempt through when level + inflight < free
 * (free tries left, counting those in flight as failures to come), or when
 * nothing is in flight and the wait since its last failure is over: 1 s
 * after the free tries are used up, doubling with each further failure, at
 * most max_wait. An attempt goes ahead only when its pair AND its address
 * let it through; both slots (inflight) are taken in the same critical
 * section as the check. Hence: at most `free` attempts of one pair (and
 * `addr_free` of one address) are checked before the first wait, however
 * many arrive at once, and one at a time after that.
 *
 * Invariants (all under t->lock; nothing here blocks or calls out):
 *  I1 every entry is both in t->table and in t->lru; t->lru is in the order
 *     of the entries' last touch (creation or failure), oldest first.
 *  I2 an entry with inflight > 0 is never removed: a ticket points to it.
 *  I3 an entry whose level has leaked to 0 with nothing in flight holds no
 *     information; it is removed when an attempt ends or the sweep meets it.
 *  I4 the table never holds more than max_entries: an insert into a full
 *     table first removes the least recently touched entry with nothing in
 *     flight (forgetting its failures: the bound wins over the memory). If
 *     every entry is in flight, which needs max_entries concurrent sign-ins,
 *     the attempt is refused with a 1 s wait.
 *
 * Shared (vo_throttle_share: several servers on one PostgreSQL database),
 * the same buckets are rows of login_throttle, taken and ended by one
 * statement each (store/throttle_store.c; the logic in pg_schema.c's
 * migration 33, the limits passed from here). Their keys are unkeyed
 * BLAKE2b (every server must find the same row; a 16-byte hash is as hard
 * to collide). An attempt in flight is part of its rows' level (a failure
 * until it ends: a server that dies meanwhile leaves a failure, which
 * leaks away, never a slot held for ever), and one let through after the
 * free tries starts its rows' wait at once, so parallel attempts past them
 * wait for it. An end that does not fail gives the slot back and the wait
 * its start. Rows whose level has leaked to 0 are removed by the takes.
 */
#include "service/throttle.h"

#include "base/sync.h"

#include <glib.h>
#include <sodium.h>
#include <string.h>

#define KEY_BYTES    16
#define BUSY_WAIT_MS 1000 /* the wait told while a guess is being checked */

struct vo_throttle_entry {
    unsigned char key[KEY_BYTES];
    bool is_pair;
    uint32_t level;
    uint32_t inflight;
    int64_t drained_at; /* the leak is applied up to here */
    int64_t last_fail;
    GList link; /* in t->lru; link.data is the entry */
};

struct vo_throttle {
    vo_mutex lock;
    struct vo_throttle_limits lim;
    unsigned char secret[crypto_generichash_KEYBYTES];
    GHashTable *table; /* key bytes -> entry (owned) */
    GQueue lru;        /* entries, least recently touched first */
    bool shared;       /* in the store's database (vo_throttle_share) */
};

static guint key_hash(gconstpointer k)
{
    guint h;
    memcpy(&h, k, sizeof h); /* the key is already a keyed hash */
    return h;
}

static gboolean key_equal(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, KEY_BYTES) == 0;
}

struct vo_throttle *vo_throttle_new(void)
{
    struct vo_throttle_limits lim = VO_THROTTLE_DEFAULTS;
    return vo_throttle_new_with(&lim);
}

struct vo_throttle *vo_throttle_new_with(const struct vo_throttle_limits *lim)
{
    if (sodium_init() < 0)
        return NULL;
    struct vo_throttle *t = g_new0(struct vo_throttle, 1);
    vo_mutex_init(&t->lock);
    t->lim = *lim;
    if (t->lim.max_entries < 2)
        t->lim.max_entries = 2; /* an attempt needs its pair and its address */
    if (t->lim.pair_leak_ms < 1)
        t->lim.pair_leak_ms = 1;
    if (t->lim.addr_leak_ms < 1)
        t->lim.addr_leak_ms = 1;
    randombytes_buf(t->secret, sizeof t->secret);
    t->table = g_hash_table_new_full(key_hash, key_equal, NULL, g_free);
    g_queue_init(&t->lru);
    return t;
}

void vo_throttle_free(struct vo_throttle *t)
{
    if (!t)
        return;
    /* The lru links live in the entries (g_queue_clear would hand them to
     * g_slice): freeing the entries frees them. */
    g_hash_table_destroy(t->table);
    vo_mutex_clear(&t->lock);
    sodium_memzero(t->secret, sizeof t->secret);
    g_free(t);
}

void vo_throttle_share(struct vo_throttle *t)
{
    if (t)
        t->shared = true;
}

int64_t vo_throttle_now(const struct vo_throttle *t)
{
    return (t && t->shared ? g_get_real_time() : g_get_monotonic_time()) / 1000;
}

/* The key of kind 'p' (account + address) or 'a' (address), keyed with
 * secret (NULL: none, the shared rows' keys): the account is folded to
 * ASCII lower case in pieces, so no copy of it is made. */
static void make_key(const unsigned char *secret, char kind, const char *account,
                     const char *address, unsigned char out[KEY_BYTES])
{
    crypto_generichash_state st;
    crypto_generichash_init(&st, secret, secret ? crypto_generichash_KEYBYTES : 0, KEY_BYTES);
    crypto_generichash_update(&st, (const unsigned char *)&kind, 1);
    if (kind == 'p') {
        unsigned char piece[256];
        size_t n = 0;
        for (const char *p = account ? account : ""; *p; p++) {
            piece[n++] = (unsigned char)g_ascii_tolower(*p);
            if (n == sizeof piece) {
                crypto_generichash_update(&st, piece, n);
                n = 0;
            }
        }
        piece[n++] = '\0'; /* ends the account: "ab"+"c" is not "a"+"bc" */
        crypto_generichash_update(&st, piece, n);
    }
    const char *addr = address ? address : "";
    crypto_generichash_update(&st, (const unsigned char *)addr, strlen(addr));
    crypto_generichash_final(&st, out, KEY_BYTES);
}

static unsigned free_tries(const struct vo_throttle *t, const struct vo_throttle_entry *en)
{
    return en->is_pair ? t->lim.pair_free : t->lim.addr_free;
}

/* Forgives the failures whose time has come. */
static void leak(const struct vo_throttle *t, struct vo_throttle_entry *en, int64_t now)
{
    int64_t every = en->is_pair ? t->lim.pair_leak_ms : t->lim.addr_leak_ms;
    if (en->level == 0 || now <= en->drained_at) {
        if (en->level == 0)
            en->drained_at = now;
        return;
    }
    int64_t k = (now - en->drained_at) / every;
    if (k >= (int64_t)en->level) {
        en->level = 0;
        en->drained_at = now;
    } else {
        en->level -= (uint32_t)k;
        en->drained_at += k * every;
    }
}

/* The wait after `over` failures beyond the free tries: 1 s, doubling. */
static int64_t backoff_ms(const struct vo_throttle *t, uint32_t over)
{
    if (over >= 40)
        return t->lim.max_wait_ms;
    int64_t w = (int64_t)1000 << over;
    return w < t->lim.max_wait_ms ? w : t->lim.max_wait_ms;
}

/* 0 when en (may be NULL: never seen) lets one more attempt through now,
 * else the milliseconds to wait. */
static int64_t entry_wait(const struct vo_throttle *t, struct vo_throttle_entry *en, int64_t now)
{
    if (!en)
        return 0;
    leak(t, en, now);
    unsigned nfree = free_tries(t, en);
    if ((uint64_t)en->level + en->inflight < nfree)
        return 0;
    if (en->inflight > 0)
        return BUSY_WAIT_MS;
    int64_t until = en->last_fail + backoff_ms(t, en->level - nfree);
    return until > now ? until - now : 0;
}

static void drop(struct vo_throttle *t, struct vo_throttle_entry *en)
{
    g_queue_unlink(&t->lru, &en->link);
    g_hash_table_remove(t->table, en->key); /* frees en */
}

static void touch(struct vo_throttle *t, struct vo_throttle_entry *en)
{
    g_queue_unlink(&t->lru, &en->link);
    g_queue_push_tail_link(&t->lru, &en->link);
}

/* Removes the oldest entries that hold nothing any more (I3). The work is
 * paid for by the inserts that made them. */
static void sweep(struct vo_throttle *t, int64_t now)
{
    GList *l;
    while ((l = t->lru.head)) {
        struct vo_throttle_entry *en = l->data;
        leak(t, en, now);
        if (en->level > 0 || en->inflight > 0)
            break;
        drop(t, en);
    }
}

/* Makes room for one entry (I4); false when every entry is in flight. */
static bool make_room(struct vo_throttle *t)
{
    if (g_hash_table_size(t->table) < t->lim.max_entries)
        return true;
    for (GList *l = t->lru.head; l; l = l->next) {
        struct vo_throttle_entry *en = l->data;
        if (en->inflight == 0) {
            drop(t, en);
            return true;
        }
    }
    return false;
}

static struct vo_throttle_entry *entry_new(struct vo_throttle *t, const unsigned char *key,
                                           bool is_pair, int64_t now)
{
    struct vo_throttle_entry *en = g_new0(struct vo_throttle_entry, 1);
    memcpy(en->key, key, KEY_BYTES);
    en->is_pair = is_pair;
    en->drained_at = now;
    en->last_fail = now;
    en->link.data = en;
    g_hash_table_insert(t->table, en->key, en);
    g_queue_push_tail_link(&t->lru, &en->link);
    return en;
}

/* Drops en when it holds nothing (I3). */
static void drop_if_empty(struct vo_throttle *t, struct vo_throttle_entry *en)
{
    if (en && en->level == 0 && en->inflight == 0)
        drop(t, en);
}

static struct vo_store_throttle_limits store_limits(const struct vo_throttle *t)
{
    return (struct vo_store_throttle_limits){.pair_free = t->lim.pair_free,
                                             .pair_leak = t->lim.pair_leak_ms,
                                             .addr_free = t->lim.addr_free,
                                             .addr_leak = t->lim.addr_leak_ms,
                                             .max_wait = t->lim.max_wait_ms};
}

/* A shared row's key: its kind and the hash's hex. */
static void key_text(char kind, const char *account, const char *address,
                     char out[VO_THROTTLE_KEY_TEXT])
{
    unsigned char k[KEY_BYTES];
    make_key(NULL, kind, account, address, k);
    out[0] = kind;
    sodium_bin2hex(out + 1, VO_THROTTLE_KEY_TEXT - 1, k, KEY_BYTES);
}

/* The shared begin: true with *wait when the database answered. */
static bool shared_begin(struct vo_throttle *t, struct vo_store *st, const char *account,
                         const char *address, int64_t now_ms, struct vo_throttle_ticket *tk,
                         int64_t *wait)
{
    key_text('p', account, address, tk->pair_key);
    key_text('a', NULL, address, tk->addr_key);
    struct vo_store_throttle_limits lim = store_limits(t);
    if (vo_store_throttle_take(st, tk->pair_key, tk->addr_key, now_ms, &lim, &tk->taken, NULL))
        return false;
    *wait = tk->taken.wait_ms;
    tk->shared = *wait == 0;
    tk->taken_ms = now_ms;
    return true;
}

int64_t vo_throttle_begin(struct vo_throttle *t, struct vo_store *st, const char *account,
                          const char *address, int64_t now_ms, struct vo_throttle_ticket *tk)
{
    memset(tk, 0, sizeof *tk);
    if (!t)
        return 0;
    int64_t shared_wait = 0;
    if (t->shared && st && shared_begin(t, st, account, address, now_ms, tk, &shared_wait))
        return shared_wait;
    unsigned char pk[KEY_BYTES], ak[KEY_BYTES];
    make_key(t->secret, 'p', account, address, pk);
    make_key(t->secret, 'a', NULL, address, ak);
    vo_mutex_lock(&t->lock);
    sweep(t, now_ms);
    struct vo_throttle_entry *pair = g_hash_table_lookup(t->table, pk);
    struct vo_throttle_entry *addr = g_hash_table_lookup(t->table, ak);
    int64_t wait = entry_wait(t, pair, now_ms);
    int64_t wait2 = entry_wait(t, addr, now_ms);
    if (wait2 > wait)
        wait = wait2;
    if (wait == 0) {
        /* Take the slots; an entry holding one is safe from make_room. */
        if (pair)
            pair->inflight++;
        if (addr)
            addr->inflight++;
        if (!addr && make_room(t)) {
            addr = entry_new(t, ak, false, now_ms);
            addr->inflight++;
        }
        if (addr && !pair && make_room(t)) {
            pair = entry_new(t, pk, true, now_ms);
            pair->inflight++;
        }
        if (pair && addr) {
            tk->pair = pair;
            tk->addr = addr;
        } else { /* the table is full of attempts in flight */
            wait = BUSY_WAIT_MS;
            if (pair)
                pair->inflight--;
            if (addr)
                addr->inflight--;
        }
    }
    if (wait > 0) {
        drop_if_empty(t, pair);
        drop_if_empty(t, addr);
    }
    vo_mutex_unlock(&t->lock);
    return wait;
}

/* The end of one attempt for one entry. */
static void end_one(struct vo_throttle *t, struct vo_throttle_entry *en,
                    enum vo_throttle_outcome outcome, int64_t now)
{
    en->inflight--;
    leak(t, en, now);
    if (outcome == VO_THROTTLE_FAILED) {
        if (en->level < UINT32_MAX)
            en->level++;
        en->last_fail = now;
        touch(t, en);
    } else if (outcome == VO_THROTTLE_PASSED && en->is_pair) {
        /* The right password: this account from this address starts over.
         * The address keeps its failures: one account of one's own must not
         * wash away the guesses at the others. */
        en->level = 0;
    }
    drop_if_empty(t, en);
}

void vo_throttle_end(struct vo_throttle *t, struct vo_store *st, struct vo_throttle_ticket *tk,
                     enum vo_throttle_outcome outcome, int64_t now_ms)
{
    if (!t)
        return;
    if (tk->shared) {
        static const char *const names[] = {
            [VO_THROTTLE_PASSED] = "passed",
            [VO_THROTTLE_FAILED] = "failed",
            [VO_THROTTLE_VOID] = "void",
        };
        struct vo_store_throttle_limits lim = store_limits(t);
        /* Not ended (no store, or it failed): the slot stays a failure,
         * which leaks away. */
        if (st)
            vo_store_throttle_end(st, tk->pair_key, tk->addr_key, now_ms, names[outcome],
                                  &tk->taken, tk->taken_ms, &lim, NULL);
        tk->shared = false;
        return;
    }
    if (!tk->pair)
        return;
    vo_mutex_lock(&t->lock);
    end_one(t, tk->pair, outcome, now_ms);
    end_one(t, tk->addr, outcome, now_ms);
    vo_mutex_unlock(&t->lock);
    tk->pair = tk->addr = NULL;
}

size_t vo_throttle_size(struct vo_throttle *t)
{
    if (!t)
        return 0;
    vo_mutex_lock(&t->lock);
    size_t n = g_hash_table_size(t->table);
    vo_mutex_unlock(&t->lock);
    return n;
}
