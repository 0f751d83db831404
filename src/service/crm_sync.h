/*
 * crm_sync.h - incremental sync of deals from amoCRM and Bitrix24 through
 * their REST APIs (issue 13, item 3; docs/sync.md).
 *
 * A sync source is an account of the other CRM: amoCRM's address and a
 * long-lived token, or Bitrix24's inbound webhook (its URL holds the
 * key). The credentials are sealed with libsodium's secretbox under a key
 * kept in a file outside the database (vo_sync_key_load): a copy of the
 * database alone does not open them.
 *
 * A run reads what changed since the source's cursor (amoCRM: /api/v4/leads
 * by updated_at, the pipelines, users, companies, and the
 * lead_status_changed events for the stage history; Bitrix24:
 * crm.deal.list by DATE_MODIFY, crm.category.list, crm.status.list,
 * user.get, crm.company.list and crm.stagehistory.list), turns the JSON
 * into the rows of voronka's import format (IMPORT_FORMAT.md: users,
 * pipelines, clients, deals, stage_changes) and writes them through the
 * import's use case (service/import.h): the same checks, the same
 * matching by id (a deal once imported from the CRM's CSV export is the
 * same deal), all or nothing in one transaction. The cursor moves to the
 * last change read only when that transaction commits, so a failed run is
 * simply run again.
 *
 * Only an admin or the head manages sources and runs them (VO_EPERM).
 */
#ifndef VO_SERVICE_CRM_SYNC_H
#define VO_SERVICE_CRM_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "service/import.h"
#include "service/service.h"
#include "store/sync_store.h"

#define VO_SYNC_KEY_BYTES  32
#define VO_SYNC_PER_ORG    10
#define VO_SYNC_NAME_MAX   100
#define VO_SYNC_URL_MAX    2000
#define VO_SYNC_SECRET_MAX 4096
#define VO_SYNC_PAGES_MAX  10000 /* pages of one list in a run, at the most */

/* Reads the key file: 64 hex digits (a newline after them allowed), as
 * vo_sync_key_create writes it. VO_EIO when it cannot be read, VO_EINVAL
 * when it is not a key. */
vo_err vo_sync_key_load(const char *path, unsigned char key[VO_SYNC_KEY_BYTES], struct vo_error *e);
/* Writes a new random key to path (mode 0600); never over an existing
 * file (VO_ECONFLICT). */
vo_err vo_sync_key_create(const char *path, struct vo_error *e);

struct vo_sync_input {
    const char *name; /* 1..VO_SYNC_NAME_MAX bytes */
    const char *kind; /* "amocrm" or "bitrix24" */
    /* amoCRM: the account's address (https://example.amocrm.ru);
     * Bitrix24: the inbound webhook's URL (https://example.bitrix24.ru/rest/1/KEY/) */
    const char *url;
    const char *token; /* amoCRM: the long-lived token; Bitrix24: NULL */
};

/* Adds a source: checks the input (each error names its field), seals the
 * credentials with key. out->sealed is not filled. */
vo_err vo_svc_sync_add(struct vo_svc *svc, const struct vo_sync_input *in,
                       const unsigned char key[VO_SYNC_KEY_BYTES], struct vo_sync_source *out,
                       struct vo_error *e);
/* The org's sources (sealed credentials cleared), in svc->arena. */
vo_err vo_svc_sync_list(struct vo_svc *svc, struct vo_sync_source **out, size_t *n,
                        struct vo_error *e);
vo_err vo_svc_sync_remove(struct vo_svc *svc, int64_t id, struct vo_error *e);

struct vo_sync_opts {
    bool dry_run; /* read and check everything, write nothing, keep the cursor */
    bool full;    /* read everything, not only what changed since the cursor */
};

struct vo_sync_report {
    const char *kind;
    int64_t requests;      /* the API calls made */
    int64_t deals;         /* the deals read */
    int64_t stage_changes; /* the stage passages read */
    int64_t since;         /* the cursor the run read from (0: everything) */
    int64_t cursor;        /* the last change read (0: none) */
    struct vo_import_report import;
};

/* Runs source id: reads, imports (opts), records the outcome on the
 * source. The import's problems are in rep->import (VO_EINVAL, nothing
 * written); the other CRM's refusal is VO_EREMOTE naming the call. */
vo_err vo_svc_sync_run(struct vo_svc *svc, int64_t id, const unsigned char key[VO_SYNC_KEY_BYTES],
                       const struct vo_sync_opts *opts, struct vo_sync_report *rep,
                       struct vo_error *e);

/* A source's last_status for a person: "ok", or the error in the
 * language asked (in a). */
const char *vo_sync_status_text(struct vo_arena *a, const char *status, bool ru);

/* ---- inside the sync (crm_sync_map.c) ---- */

/* The rows one run read: tables of the import format, and figures. */
struct vo_sync_read {
    struct vo_csv *tables[5];
    size_t ntables;
    int64_t requests, deals, stage_changes, cursor;
};

/* Reads an account's changes since `since` (0: all) into rd's tables,
 * in arena a. base: amoCRM's address or Bitrix24's webhook URL; token:
 * amoCRM's token (NULL for Bitrix24). */
vo_err vo_sync_read_amocrm(const char *base, const char *token, int64_t since, struct vo_arena *a,
                           struct vo_sync_read *rd, struct vo_error *e);
vo_err vo_sync_read_bitrix24(const char *webhook, int64_t since, struct vo_arena *a,
                             struct vo_sync_read *rd, struct vo_error *e);

#endif
