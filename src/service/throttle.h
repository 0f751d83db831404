/*
 * throttle.h - login throttling: how fast one address may guess passwords,
 * for one account and for all accounts together, kept in a table of fixed
 * size. The rules, the numbers and why: docs/api-session.md ("Throttling");
 * the invariants: throttle.c.
 *
 * On PostgreSQL several servers share one throttle: vo_throttle_share makes
 * begin and end keep the buckets in the database their store is on (the
 * table login_throttle, pg_schema.c's migration 33), with the same limits
 * and rules, so a guess counts whichever server answers it.
 *
 * There is deliberately no limit per account alone: it would let anyone
 * lock a colleague out by guessing their password. The right password from
 * an address that did not fail keeps working whatever another address did.
 */
#ifndef VO_SERVICE_THROTTLE_H
#define VO_SERVICE_THROTTLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

struct vo_throttle_limits {
    unsigned pair_free;   /* failures of one account from one address before a wait */
    int64_t pair_leak_ms; /* one of them is forgiven every pair_leak_ms */
    unsigned addr_free;   /* failures from one address, all accounts, before a wait */
    int64_t addr_leak_ms; /* one of them is forgiven every addr_leak_ms */
    int64_t max_wait_ms;  /* the longest wait: the backoff (1 s, doubling) stops here */
    size_t max_entries;   /* the bound of the table: pairs and addresses together */
};

/* The server's limits: 5 failures per (account, address), one forgiven
 * every 3 minutes; 30 per address, one forgiven every 30 s; waits of 1 s
 * doubling to at most 60 s; 65,536 entries (about 8 MiB). */
#define VO_THROTTLE_DEFAULTS                                                                       \
    ((struct vo_throttle_limits){.pair_free = 5,                                                   \
                                 .pair_leak_ms = 3 * 60 * 1000,                                    \
                                 .addr_free = 30,                                                  \
                                 .addr_leak_ms = 30 * 1000,                                        \
                                 .max_wait_ms = 60 * 1000,                                         \
                                 .max_entries = 65536})

struct vo_throttle;
struct vo_throttle_entry;

/* The length of a shared key: its kind, 32 hex digits, the NUL. */
#define VO_THROTTLE_KEY_TEXT 34

/* A sign-in attempt that was let through: it holds a slot of its pair and
 * of its address until vo_throttle_end: in memory (pair, addr), or in the
 * database (shared: the rows' keys and what the take answered). */
struct vo_throttle_ticket {
    struct vo_throttle_entry *pair, *addr;
    bool shared;
    char pair_key[VO_THROTTLE_KEY_TEXT], addr_key[VO_THROTTLE_KEY_TEXT];
    int64_t taken_ms;
    struct vo_store_throttle_take taken;
};

enum vo_throttle_outcome {
    VO_THROTTLE_PASSED, /* the right password: the pair starts over */
    VO_THROTTLE_FAILED, /* a wrong email or password: counts for pair and address */
    VO_THROTTLE_VOID,   /* no password was checked: only the slot is given back */
};

/* A throttle with the default limits, or with *lim; shared by the server's
 * threads (one lock inside). vo_throttle_free(NULL) does nothing. */
struct vo_throttle *vo_throttle_new(void);
struct vo_throttle *vo_throttle_new_with(const struct vo_throttle_limits *lim);
void vo_throttle_free(struct vo_throttle *t);
/* From now on t keeps its buckets in the database of the store given to
 * vo_throttle_begin (PostgreSQL: the servers sharing it share them), on
 * the servers' wall clock (vo_throttle_now); an attempt whose store cannot
 * take it, or given none, is counted in this process's memory. */
void vo_throttle_share(struct vo_throttle *t);
/* The clock to give t: monotonic milliseconds in memory (a change of the
 * wall clock neither lifts nor extends a wait); shared, the wall clock's,
 * which every server reads alike. t may be NULL. */
int64_t vo_throttle_now(const struct vo_throttle *t);

/* Asks to check a password for account (an email, ASCII case ignored; NULL
 * is "") from address (NULL is "") at now_ms (vo_throttle_now); st is the
 * store of a shared throttle (may be NULL). Returns 0
 * when the attempt may go ahead: its slot is taken in the same step as the
 * check, so parallel attempts cannot all pass, and the caller must give it
 * back with vo_throttle_end(*tk). Otherwise returns the milliseconds to wait
 * (> 0) and takes nothing. A NULL t lets everything through. */
int64_t vo_throttle_begin(struct vo_throttle *t, struct vo_store *st, const char *account,
                          const char *address, int64_t now_ms, struct vo_throttle_ticket *tk);
/* Ends an attempt begun by vo_throttle_begin, exactly once (st: the same
 * database's store, may be another handle of it). */
void vo_throttle_end(struct vo_throttle *t, struct vo_store *st, struct vo_throttle_ticket *tk,
                     enum vo_throttle_outcome outcome, int64_t now_ms);
/* The number of entries in the in-memory table (for tests and measuring). */
size_t vo_throttle_size(struct vo_throttle *t);

#endif
