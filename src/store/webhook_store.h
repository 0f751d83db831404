/*
 * webhook_store.h - the outgoing webhooks and their outbox (migration 20;
 * docs/webhooks.md): the org's webhooks, the deliveries a write enqueues
 * in its own transaction, the ones due that the delivery thread posts, and
 * the record of each attempt. Every function is scoped by org but the
 * delivery thread's (vo_store_webhook_due, _attempt), which works for
 * every org. Strings are copied into the arena given.
 */
#ifndef VO_STORE_WEBHOOK_STORE_H
#define VO_STORE_WEBHOOK_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"

struct vo_store;

struct vo_webhook {
    int64_t id, org_id;
    const char *url;
    const char *secret; /* 64 hex digits */
    int64_t events;     /* a bitmask of service/webhooks.h's events */
    bool active;
    int64_t failures;    /* failed attempts in a row */
    int64_t disabled_at; /* VO_NULL unless the failures disabled it */
    int64_t created_by;  /* 0 = none */
    int64_t created_at;
};

struct vo_webhook_delivery {
    int64_t id, org_id, webhook_id;
    const char *event, *payload;
    int64_t attempt;
    const char *status;               /* "pending", "delivered", "failed" */
    int64_t next_at;                  /* VO_NULL once settled */
    int64_t response_code;            /* VO_NULL when no answer */
    const char *error;                /* NULL when none */
    int64_t created_at, delivered_at; /* delivered_at VO_NULL unless delivered */
    /* the webhook's, for the delivery thread (vo_store_webhook_due) */
    const char *url, *secret;
};

/* Inserts w (its id, org_id, url, secret, events, created_by, created_at;
 * active, no failures); *id gets the new row's. */
vo_err vo_store_webhook_insert(struct vo_store *st, const struct vo_webhook *w, int64_t *id,
                               struct vo_error *e);
/* The org's webhooks by id. */
vo_err vo_store_webhook_list(struct vo_store *st, int64_t org, struct vo_arena *a,
                             struct vo_webhook **out, size_t *n, struct vo_error *e);
/* One of them: VO_ENOTFOUND "no webhook <id>" naming "id". */
vo_err vo_store_webhook_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                            struct vo_webhook *out, struct vo_error *e);
/* Writes w's url, events and active; active also clears the failures and
 * disabled_at (a re-enable). VO_ENOTFOUND as vo_store_webhook_get. */
vo_err vo_store_webhook_update(struct vo_store *st, const struct vo_webhook *w, struct vo_error *e);
/* Deletes it and its deliveries. VO_ENOTFOUND as vo_store_webhook_get. */
vo_err vo_store_webhook_delete(struct vo_store *st, int64_t org, int64_t id, struct vo_error *e);

/* The outbox: inserts, inside the caller's transaction, a pending
 * delivery of event (bit: its bit in the events mask) with payload,
 * due at now, for every active webhook of org that takes the event;
 * *n (may be NULL) gets how many. */
vo_err vo_store_webhook_enqueue(struct vo_store *st, int64_t org, int64_t bit, const char *event,
                                const char *payload, int64_t now, int64_t *n, struct vo_error *e);
/* Whether org has an active webhook that takes the event of bit. */
vo_err vo_store_webhook_any(struct vo_store *st, int64_t org, int64_t bit, bool *any,
                            struct vo_error *e);
/* Inserts a settled delivery (the synchronous test delivery): d's org,
 * webhook, event, payload, attempt, status, response_code, error,
 * created_at and delivered_at; *id gets its id. */
vo_err vo_store_webhook_log(struct vo_store *st, const struct vo_webhook_delivery *d, int64_t *id,
                            struct vo_error *e);
/* The webhook's last deliveries, newest first, up to limit. */
vo_err vo_store_webhook_deliveries(struct vo_store *st, int64_t org, int64_t webhook, size_t limit,
                                   struct vo_arena *a, struct vo_webhook_delivery **out, size_t *n,
                                   struct vo_error *e);
/* Up to limit pending deliveries of active webhooks (every org) due at
 * now, oldest first, each with its webhook's url and secret. */
vo_err vo_store_webhook_due(struct vo_store *st, int64_t now, size_t limit, struct vo_arena *a,
                            struct vo_webhook_delivery **out, size_t *n, struct vo_error *e);
/* The number of pending deliveries (every org): the metrics' gauge. */
vo_err vo_store_webhook_pending(struct vo_store *st, int64_t *n, struct vo_error *e);

/* The outcome of one attempt at a delivery (vo_store_webhook_attempt). */
struct vo_webhook_attempt {
    bool ok;               /* delivered (a 2xx answer) */
    int64_t response_code; /* VO_NULL when no answer */
    const char *error;     /* NULL when ok */
    int64_t at;            /* when it was made */
    int64_t retry_at;      /* when not ok: the next attempt, VO_NULL: give up */
    int64_t disable_after; /* failures in a row that disable the webhook */
    size_t keep;           /* settled deliveries kept per webhook */
};
/* Records the attempt at delivery d (its id, org_id, webhook_id, attempt)
 * inside the caller's transaction: the delivery's attempt, status,
 * next_at, answer; the webhook's failures in a row (0 after a success),
 * and when they reach x->disable_after the webhook is disabled (active 0,
 * disabled_at) and the delivery settled as failed; then the webhook's
 * settled deliveries beyond x->keep are deleted. *disabled (may be NULL)
 * says whether this attempt disabled the webhook. */
vo_err vo_store_webhook_attempt(struct vo_store *st, const struct vo_webhook_delivery *d,
                                const struct vo_webhook_attempt *x, bool *disabled,
                                struct vo_error *e);
/* Sets the webhook's failures in a row back to failures (a test delivery
 * does not count). */
vo_err vo_store_webhook_restore_failures(struct vo_store *st, int64_t org, int64_t id,
                                         int64_t failures, struct vo_error *e);

#endif
