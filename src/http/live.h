/*
 * live.h - measuring and testing the live datasets' reloads (live.c).
 * The reports use vo_live_acquire / vo_live_release (http.h).
 */
#ifndef VO_HTTP_LIVE_H
#define VO_HTTP_LIVE_H

#include <stdint.h>

/* Counters of the reloads of all servers of the process since it started
 * (atomic reads): loads that were thrown away and started again because a
 * change committed during the load could not be replayed onto it; reports
 * that waited for a load in progress (their dataset was missing or stale);
 * the longest and the last swap of a fresh dataset (ns, the time the org's
 * mutex is held to replay the last queued changes and publish it); the last
 * load's wall time (ns, store or snapshot to dataset, without the lock);
 * the loads by what became of the org's snapshot file (index: enum
 * vo_snap_use, service/dataset_load.h). */
struct vo_live_reload_stats {
    unsigned restarts, waits;
    unsigned snap[6];
    int64_t swap_ns_max, swap_ns_last, load_ns_last;
};
void vo_live_reload_stats(struct vo_live_reload_stats *out);

/* A test hook: called by the loading thread with no lock held, right
 * before each load of an org's dataset from the store (NULL = none). To
 * slow the loader down in tests; not for production. Set it while no load
 * runs. */
typedef void (*vo_live_load_hook)(int64_t org);
void vo_live_set_load_hook(vo_live_load_hook fn);

/* A test hook: called by vo_live_on_change with no lock held, first
 * thing, with the change the service tells (NULL = none). To hold one
 * writer's change back while another's goes through; not for production.
 * Set it while no change is told. */
struct vo_change;
typedef void (*vo_live_change_hook)(int64_t org, const struct vo_change *c);
void vo_live_set_change_hook(vo_live_change_hook fn);

#endif
