/*
 * context.h - a service context from an org row the caller already holds
 * (the server's org cache), instead of vo_svc_init reading it.
 */
#ifndef VO_SERVICE_CONTEXT_H
#define VO_SERVICE_CONTEXT_H

#include "service/service.h"

/* Sets svc up for org (its strings must outlive svc, e.g. copies in a);
 * the actor is the operator (admin), as after vo_svc_init. Errors: VO_EINVAL
 * for an unknown time zone. */
vo_err vo_svc_init_org(struct vo_svc *svc, struct vo_store *st, const struct vo_org *org,
                       struct vo_arena *a, struct vo_error *e);

#endif
