/*
 * throttle.h - login throttling: how fast one address may guess passwords,
 * for one account and for all accounts together, kept in a table of fixed
 * size. The rules, the numbers and why: docs/api-session.md ("Throttling");
 * the invariants: throttle.c.
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

/* A sign-in attempt that was let through: it holds a slot of its pair and
 * of its address until vo_throttle_end. */
struct vo_throttle_ticket {
    struct vo_throttle_entry *pair, *addr;
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

/* Asks to check a password for account (an email, ASCII case ignored; NULL
 * is "") from address (NULL is "") at now_ms on a monotonic clock. Returns 0
 * when the attempt may go ahead: its slot is taken in the same step as the
 * check, so parallel attempts cannot all pass, and the caller must give it
 * back with vo_throttle_end(*tk). Otherwise returns the milliseconds to wait
 * (> 0) and takes nothing. A NULL t lets everything through. */
int64_t vo_throttle_begin(struct vo_throttle *t, const char *account, const char *address,
                          int64_t now_ms, struct vo_throttle_ticket *tk);
/* Ends an attempt begun by vo_throttle_begin, exactly once. */
void vo_throttle_end(struct vo_throttle *t, struct vo_throttle_ticket *tk,
                     enum vo_throttle_outcome outcome, int64_t now_ms);
/* The number of entries in the table (for tests and measuring). */
size_t vo_throttle_size(struct vo_throttle *t);

#endif
