/*
 * idempotency.h - the Idempotency-Key of POSTs (docs/api-session.md,
 * "Idempotency"): a client that retries a POST with the same key gets the
 * first answer again instead of a second record. A key is its principal's
 * (an API token, or a user's sessions together) for 24 hours.
 */
#ifndef VO_SERVICE_IDEMPOTENCY_H
#define VO_SERVICE_IDEMPOTENCY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "service/service.h"

/* How long a key is remembered, and after how long a first request still
 * in flight is taken for dead (its key free again). */
#define VO_IDEM_RETENTION_S (24 * 3600)
#define VO_IDEM_STALE_S     (10 * 60)
#define VO_IDEM_KEY_MAX     255

/* Begins the POST request ("POST /api/v1/deals") with body[0..len) under
 * key for principal ("t<token id>" or "u<user id>") of org. *replay false:
 * the request is to run, out->id its record (vo_svc_idem_end after it);
 * *replay true: out->status and out->response (in a) are the first
 * answer's. Errors, naming the field "Idempotency-Key": VO_EUSAGE for a
 * key that is not 1..255 printable ASCII characters; VO_EINVAL when the
 * key was used with another request or body; VO_ECONFLICT while its first
 * request is still in flight. */
vo_err vo_svc_idem_begin(struct vo_store *st, int64_t org, const char *principal, const char *key,
                         const char *request, const void *body, size_t len, struct vo_arena *a,
                         bool *replay, struct vo_idem *out, struct vo_error *e);
/* Ends the request of org's record id (rolling back what it left open): stores its answer
 * (status, response), or forgets the key when response is NULL (an answer not to replay). */
vo_err vo_svc_idem_end(struct vo_store *st, int64_t org, int64_t id, int status,
                       const char *response, struct vo_error *e);

#endif
