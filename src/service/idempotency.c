/*
 * idempotency.c - the Idempotency-Key of POSTs (idempotency.h). The record
 * is claimed before the request runs and its answer stored after, each a
 * statement of its own outside the request's transaction: a process that
 * dies in between leaves the record in flight, and after VO_IDEM_STALE_S
 * the key is free again (the retry then runs; docs/api-session.md says so).
 */
#include "service/idempotency.h"

#include <sodium.h>
#include <string.h>

#include "base/timeutil.h"

/* Whether key is 1..VO_IDEM_KEY_MAX printable ASCII characters. */
static bool key_ok(const char *key)
{
    size_t n = strlen(key);
    if (n < 1 || n > VO_IDEM_KEY_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (key[i] < 0x20 || key[i] > 0x7e)
            return false;
    return true;
}

vo_err vo_svc_idem_begin(struct vo_store *st, int64_t org, const char *principal, const char *key,
                         const char *request, const void *body, size_t len, struct vo_arena *a,
                         bool *replay, struct vo_idem *out, struct vo_error *e)
{
    if (!key_ok(key))
        return vo_error_set(e, VO_EUSAGE, "Idempotency-Key",
                            "the Idempotency-Key header must be 1 to %d printable ASCII characters",
                            VO_IDEM_KEY_MAX);
    unsigned char h[32];
    char hex[65];
    crypto_generichash(h, sizeof h, body, len, NULL, 0);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    int64_t now = vo_now();
    bool claimed = false;
    vo_err rc =
        vo_store_idem_claim(st, org, principal, key, request, hex, now, now - VO_IDEM_RETENTION_S,
                            now - VO_IDEM_STALE_S, a, &claimed, out, e);
    if (rc)
        return rc;
    *replay = false;
    if (claimed)
        return VO_OK;
    if (!out->request || strcmp(out->request, request) != 0 || !out->body_hash ||
        strcmp(out->body_hash, hex) != 0)
        return vo_error_set(e, VO_EINVAL, "Idempotency-Key",
                            "this Idempotency-Key was used with another request");
    if (!out->status || !out->response)
        return vo_error_set(e, VO_ECONFLICT, "Idempotency-Key",
                            "a request with this Idempotency-Key is still in progress");
    *replay = true;
    return VO_OK;
}

vo_err vo_svc_idem_end(struct vo_store *st, int64_t org, int64_t id, int status,
                       const char *response, struct vo_error *e)
{
    vo_store_rollback(st); /* nothing of a failed request stays open */
    if (!response)
        return vo_store_idem_release(st, org, id, e);
    return vo_store_idem_finish(st, org, id, status, response, e);
}
