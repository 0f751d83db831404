/*
 * sync_store.h - the org's sync sources (migration 23; docs/sync.md): the
 * amoCRM and Bitrix24 accounts `voronka sync` reads deals from, each with
 * its credentials as stored (secretbox-sealed by the service: base64 of
 * nonce || box, never the plain token), the point the last run reached
 * and its outcome. Every function is scoped by org; strings are copied
 * into the arena given.
 */
#ifndef VO_STORE_SYNC_STORE_H
#define VO_STORE_SYNC_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"

struct vo_store;

struct vo_sync_source {
    int64_t id, org_id;
    const char *name;        /* the org's name for it, unique in the org */
    const char *kind;        /* "amocrm" or "bitrix24" */
    const char *url;         /* the account's address as shown (no secret in it) */
    const char *sealed;      /* the credentials, sealed (service/crm_sync.c) */
    int64_t cursor;          /* the last change imported (UTC seconds), 0 = none */
    int64_t last_run_at;     /* VO_NULL before the first run */
    const char *last_status; /* NULL before the first run: "ok" or the error */
    int64_t last_deals;      /* deals the last committed run read */
    int64_t created_by, created_at;
};

vo_err vo_store_sync_insert(struct vo_store *st, const struct vo_sync_source *s, int64_t *id,
                            struct vo_error *e);
vo_err vo_store_sync_list(struct vo_store *st, int64_t org, struct vo_arena *a,
                          struct vo_sync_source **out, size_t *n, struct vo_error *e);
vo_err vo_store_sync_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                         struct vo_sync_source *out, struct vo_error *e);
vo_err vo_store_sync_delete(struct vo_store *st, int64_t org, int64_t id, struct vo_error *e);
/* A run's outcome: the cursor moves only when cursor > 0 (a committed
 * run that read changes). */
vo_err vo_store_sync_ran(struct vo_store *st, int64_t org, int64_t id, int64_t at,
                         const char *status, int64_t deals, int64_t cursor, struct vo_error *e);

#endif
