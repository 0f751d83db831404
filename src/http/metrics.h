/*
 * metrics.h - the server's counters for GET /metrics (docs/OPERATIONS.md,
 * "Monitoring"): requests by route and status, their latency, the imports'
 * rows; written by the request threads with atomics only (no lock on the
 * path of a request), read by the scrape.
 *
 * Invariant: every counter only grows (a Prometheus counter). A
 * histogram's buckets are not cumulative in memory (one increment per
 * observation; the scrape sums them), and each value is one atomic read, so
 * a scrape racing a request may see _count one apart from the +Inf bucket
 * for that instant; the next scrape agrees again.
 */
#ifndef VO_HTTP_METRICS_H
#define VO_HTTP_METRICS_H

#include <glib.h>
#include <stdatomic.h>
#include <stdint.h>

#include "http/http.h"

/* The latency buckets (seconds, upper bounds) of every histogram: 5 ms to
 * 10 s, then +Inf. */
#define VO_HIST_BUCKETS 12
struct vo_hist {
    _Atomic uint64_t bucket[VO_HIST_BUCKETS + 1]; /* the last one: over 10 s */
    _Atomic uint64_t count;
    _Atomic uint64_t sum_us; /* microseconds */
};
/* Adds one observation of us microseconds. */
void vo_hist_observe(struct vo_hist *h, uint64_t us);
/* Appends h as the Prometheus lines of name{labels,le=...}, _sum, _count;
 * labels is "" or `a="b",c="d"`. */
void vo_hist_write(GString *out, const char *name, const char *labels, const struct vo_hist *h);

/* The statuses counted per route: 100..599 (others count as 599). */
#define VO_METRICS_STATUS_MIN 100
#define VO_METRICS_STATUSES   500

struct vo_metrics {
    size_t n_slots;                  /* vo_route_count + 1: the last is "other" (files, 404) */
    _Atomic uint64_t *by_code;       /* [n_slots][VO_METRICS_STATUSES] */
    struct vo_hist *latency;         /* [n_slots] */
    _Atomic uint64_t import_rows[3]; /* created, updated, unchanged (committed imports) */
    _Atomic uint64_t imports[3];     /* committed, dry runs, refused (422) */
    _Atomic uint64_t backups[2];     /* written, failed (the scheduled backups) */
    _Atomic uint64_t webhooks[3];    /* deliveries: delivered, failed, disabled (hooks.c) */
    _Atomic int64_t webhook_queue;   /* pending deliveries at the last tick (a gauge) */
    int64_t started;                 /* unix seconds, set once before any thread */
};

struct vo_metrics *vo_metrics_new(void);
void vo_metrics_free(struct vo_metrics *m);
/* One answered request: route NULL for none (a file of the web app, a
 * 404, a refused request line). */
void vo_metrics_request(struct vo_metrics *m, const struct vo_route *route, unsigned status,
                        double ms);
/* An import: outcome 0 committed, 1 dry run, 2 refused; rows by outcome
 * (created, updated, unchanged) counted for a committed one only. */
void vo_metrics_import(struct vo_metrics *m, int outcome, int64_t created, int64_t updated,
                       int64_t unchanged);
/* A scheduled backup written (ok) or failed. */
void vo_metrics_backup(struct vo_metrics *m, bool ok);
/* One tick of the webhooks' delivery thread (hooks.c): attempts
 * delivered, failed, webhooks disabled, and the deliveries still pending. */
void vo_metrics_webhooks(struct vo_metrics *m, uint64_t delivered, uint64_t failed,
                         uint64_t disabled, int64_t pending);
/* Appends the request, import, backup and webhook metrics. */
void vo_metrics_write(const struct vo_metrics *m, GString *out);

/* The live datasets (live.c): the rows of each org's current dataset by
 * table, the loads' durations and the change counts, as metric lines. */
void vo_live_metrics(struct vo_server *s, GString *out);

#endif
