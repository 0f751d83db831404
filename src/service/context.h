/*
 * context.h - a service context from an org row the caller already holds
 * (the server's org cache), instead of vo_svc_init reading it.
 */
#ifndef VO_SERVICE_CONTEXT_H
#define VO_SERVICE_CONTEXT_H

#include "analytics/calendar.h"
#include "service/service.h"

/* Sets svc up for org (its strings must outlive svc, e.g. copies in a);
 * the actor is the operator (admin), as after vo_svc_init. Errors: VO_EINVAL
 * for an unknown time zone. */
vo_err vo_svc_init_org(struct vo_svc *svc, struct vo_store *st, const struct vo_org *org,
                       struct vo_arena *a, struct vo_error *e);

/* The org's calendar: svc's time zone with all of the org's holidays and
 * worked weekend days (in svc->arena), for the use cases that work out a
 * working day (a task's due day). No permission check: not a read the
 * actor asks for. Errors of the store, or of vo_cal_init. */
vo_err vo_svc_org_calendar(struct vo_svc *svc, struct vo_calendar *cal, struct vo_error *e);

#endif
