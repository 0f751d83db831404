/*
 * webhooks.h - outgoing webhooks (issue 13, item 5; docs/webhooks.md).
 *
 * An admin or the head manages the org's webhooks (anyone else:
 * VO_EPERM): a URL (http:// or https://, up to VO_WEBHOOK_URL_MAX bytes),
 * the events it takes (names of vo_webhook_events), active or not. The
 * secret that signs each body is made at the creation (32 random bytes as
 * 64 hex digits) and answered then only.
 *
 * The outbox: vo_crm_finish calls vo_svc_webhook_enqueue inside the
 * write's transaction, before the commit, so an event is queued exactly
 * when its write commits. The server's delivery thread (http/hooks.c)
 * calls vo_svc_webhooks_tick: each due delivery is posted
 * (io/webhook_post.h), and its outcome recorded in one transaction: a 2xx
 * answer delivers it; anything else schedules the next attempt after
 * vo_webhook_backoff (base, 4 base, 16 base, ...), and the
 * VO_WEBHOOK_DISABLE_AFTER-th failure in a row disables the webhook
 * (disabled_at) until an update sets it active again. At least once: a
 * delivery whose outcome could not be recorded is posted again.
 */
#ifndef VO_SERVICE_WEBHOOKS_H
#define VO_SERVICE_WEBHOOKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "io/webhook_post.h"
#include "service/service.h"
#include "store/webhook_store.h"

#define VO_WEBHOOK_URL_MAX       2000
#define VO_WEBHOOK_PER_ORG       20
#define VO_WEBHOOK_DISABLE_AFTER 5
#define VO_WEBHOOK_ATTEMPTS      8    /* a delivery's attempts at the most */
#define VO_WEBHOOK_KEEP          1000 /* settled deliveries kept per webhook */
#define VO_WEBHOOK_BACKOFF_S     30   /* the default base of the back-off */

/* The events a webhook may take, in the order of their bits (bit i is
 * 1 << i), and their count. */
extern const char *const vo_webhook_events[];
extern const size_t vo_webhook_event_count;

/* The delay before the attempt after the attempt-th failed one (1, 2,
 * ...): base_s * 4^(attempt-1), at most one day. */
int64_t vo_webhook_backoff(int64_t base_s, int64_t attempt);

/* A create or an update: which of url, events, active were given. */
enum { VO_WH_URL = 1u << 0, VO_WH_EVENTS = 1u << 1, VO_WH_ACTIVE = 1u << 2 };
struct vo_webhook_input {
    unsigned set;
    const char *url;           /* borrowed */
    const char *const *events; /* borrowed names, nevents of them */
    size_t nevents;
    bool active;
};

/* The org's webhooks (their secrets cleared), in svc->arena. */
vo_err vo_svc_webhook_list(struct vo_svc *svc, struct vo_webhook **out, size_t *n,
                           struct vo_error *e);
/* One of them (its secret cleared); VO_ENOTFOUND naming "id". */
vo_err vo_svc_webhook_get(struct vo_svc *svc, int64_t id, struct vo_webhook *out,
                          struct vo_error *e);
/* Creates a webhook of url and events (both required); *out gets it with
 * its secret (the only time it is answered). */
vo_err vo_svc_webhook_create(struct vo_svc *svc, const struct vo_webhook_input *in,
                             struct vo_webhook *out, struct vo_error *e);
/* Changes what in gives; active = true re-enables a disabled webhook. */
vo_err vo_svc_webhook_update(struct vo_svc *svc, int64_t id, const struct vo_webhook_input *in,
                             struct vo_webhook *out, struct vo_error *e);
vo_err vo_svc_webhook_delete(struct vo_svc *svc, int64_t id, struct vo_error *e);
/* Whether deliveries may go to local and private network addresses
 * (io/webhook_post.h, vo_webhook_allow_private): serve --webhooks-private,
 * webhook test --private. */
void vo_svc_webhooks_allow_private(bool yes);

/* Posts a "webhook.test" event to the webhook now and logs it as a
 * delivery (*delivery its id); r gets the receiver's answer. VO_OK
 * whatever the receiver said (r->status 0: no answer): the failures in a
 * row are not counted. */
vo_err vo_svc_webhook_test(struct vo_svc *svc, int64_t id, struct vo_webhook_result *r,
                           int64_t *delivery, struct vo_error *e);
/* The webhook's last deliveries, newest first, up to limit (1..1000). */
vo_err vo_svc_webhook_deliveries(struct vo_svc *svc, int64_t id, size_t limit,
                                 struct vo_webhook_delivery **out, size_t *n, struct vo_error *e);

/* Queues the event of an audited write (action, object, id, detail as
 * vo_crm_finish gets them) for the org's webhooks that take it, inside
 * the caller's transaction; nothing for an action that is no event. */
vo_err vo_svc_webhook_enqueue(struct vo_svc *svc, const char *action, const char *object,
                              int64_t id, const char *detail, struct vo_error *e);

/* What one tick of the delivery thread did. */
struct vo_webhook_tick {
    size_t delivered, failed, disabled;
    int64_t pending; /* deliveries still pending after it (every org) */
};
/* Posts up to batch deliveries due at now (every org) and records each
 * outcome (one transaction each), retrying after vo_webhook_backoff of
 * backoff_s; before each post, stop(arg) (when not NULL) may end the tick
 * (the server stopping). Adds to *t's counts and sets its pending. */
vo_err vo_svc_webhooks_tick(struct vo_store *st, int64_t now, int64_t backoff_s, size_t batch,
                            bool (*stop)(void *arg), void *arg, struct vo_arena *a,
                            struct vo_webhook_tick *t, struct vo_error *e);

#endif
