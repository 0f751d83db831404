/*
 * batch.h - many use cases in one transaction, all or nothing (the API's
 * bulk endpoints, docs/api-crm.md "Bulk writes").
 *
 * Between vo_svc_batch_begin and vo_svc_batch_end the use cases run as
 * they always do, each with its own checks, audit row and webhook outbox
 * rows: the store makes each one's transaction a savepoint of the batch's
 * (store.h, vo_store_batch_begin), so a failing use case undoes its own
 * writes and the next one goes on, and the changes each tells the live
 * dataset (vo_svc_emit) are held. vo_svc_batch_end with keep commits the
 * whole and then tells the held changes in their order, as the single
 * writes would have; without keep (or when the commit fails) nothing is
 * written and nothing told.
 */
#ifndef VO_SERVICE_BATCH_H
#define VO_SERVICE_BATCH_H

#include <glib.h>

#include "service/service.h"

/* The caller's, for one batch; its fields are batch.c's. */
struct vo_svc_batch {
    vo_change_fn on_change; /* svc's, put back at the end */
    void *on_change_ctx;
    struct vo_arena *arena; /* svc's, where the held objects are copied */
    GArray *held;           /* struct vo_change */
};

/* Opens the batch's transaction (VO_ESTORE when one is open already). */
vo_err vo_svc_batch_begin(struct vo_svc *svc, struct vo_svc_batch *b, struct vo_error *e);
/* Commits (keep) or rolls back the batch and puts svc back as it was;
 * after a commit the held changes are told. Always ends the batch; the
 * commit's failure is VO_ESTORE with nothing written. */
vo_err vo_svc_batch_end(struct vo_svc *svc, struct vo_svc_batch *b, bool keep, struct vo_error *e);

#endif
