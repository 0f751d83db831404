/*
 * metrics.c - the request, import and backup counters of GET /metrics
 * (metrics.h) and their Prometheus text (exposition format 0.0.4).
 */
#include "http/metrics.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static const double bucket_s[VO_HIST_BUCKETS] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                 0.5,   1,    2.5,   5,    7.5, 10};

void vo_hist_observe(struct vo_hist *h, uint64_t us)
{
    size_t i = 0;
    while (i < VO_HIST_BUCKETS && (double)us > bucket_s[i] * 1e6)
        i++;
    atomic_fetch_add_explicit(&h->bucket[i], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&h->sum_us, us, memory_order_relaxed);
    atomic_fetch_add_explicit(&h->count, 1, memory_order_relaxed);
}

void vo_hist_write(GString *out, const char *name, const char *labels, const struct vo_hist *h)
{
    const char *sep = labels[0] ? "," : "";
    uint64_t cum = 0;
    for (size_t i = 0; i <= VO_HIST_BUCKETS; i++) {
        cum += atomic_load_explicit(&h->bucket[i], memory_order_relaxed);
        if (i < VO_HIST_BUCKETS)
            g_string_append_printf(out, "%s_bucket{%s%sle=\"%g\"} %llu\n", name, labels, sep,
                                   bucket_s[i], (unsigned long long)cum);
        else
            g_string_append_printf(out, "%s_bucket{%s%sle=\"+Inf\"} %llu\n", name, labels, sep,
                                   (unsigned long long)cum);
    }
    uint64_t sum = atomic_load_explicit(&h->sum_us, memory_order_relaxed);
    const char *open = labels[0] ? "{" : "", *close = labels[0] ? "}" : "";
    g_string_append_printf(out, "%s_sum%s%s%s %.6f\n", name, open, labels, close,
                           (double)sum / 1e6);
    /* the count is the +Inf bucket's: always consistent with the buckets */
    g_string_append_printf(out, "%s_count%s%s%s %llu\n", name, open, labels, close,
                           (unsigned long long)cum);
}

struct vo_metrics *vo_metrics_new(void)
{
    struct vo_metrics *m = g_new0(struct vo_metrics, 1);
    m->n_slots = vo_route_count + 1;
    m->by_code = g_new0(_Atomic uint64_t, m->n_slots *VO_METRICS_STATUSES);
    m->latency = g_new0(struct vo_hist, m->n_slots);
    m->started = (int64_t)time(NULL);
    return m;
}

void vo_metrics_free(struct vo_metrics *m)
{
    if (!m)
        return;
    g_free(m->by_code);
    g_free(m->latency);
    g_free(m);
}

static size_t slot(const struct vo_metrics *m, const struct vo_route *route)
{
    if (!route || route < vo_routes || route >= vo_routes + vo_route_count)
        return m->n_slots - 1;
    return (size_t)(route - vo_routes);
}

void vo_metrics_request(struct vo_metrics *m, const struct vo_route *route, unsigned status,
                        double ms)
{
    if (!m)
        return;
    size_t i = slot(m, route);
    unsigned code = status < VO_METRICS_STATUS_MIN ? VO_METRICS_STATUS_MIN : status;
    if (code >= VO_METRICS_STATUS_MIN + VO_METRICS_STATUSES)
        code = VO_METRICS_STATUS_MIN + VO_METRICS_STATUSES - 1;
    atomic_fetch_add_explicit(&m->by_code[i * VO_METRICS_STATUSES + code - VO_METRICS_STATUS_MIN],
                              1, memory_order_relaxed);
    vo_hist_observe(&m->latency[i], ms > 0 ? (uint64_t)(ms * 1000.0) : 0);
}

void vo_metrics_import(struct vo_metrics *m, int outcome, int64_t created, int64_t updated,
                       int64_t unchanged)
{
    if (!m || outcome < 0 || outcome > 2)
        return;
    atomic_fetch_add_explicit(&m->imports[outcome], 1, memory_order_relaxed);
    if (outcome != 0)
        return;
    int64_t rows[3] = {created, updated, unchanged};
    for (size_t i = 0; i < 3; i++)
        if (rows[i] > 0)
            atomic_fetch_add_explicit(&m->import_rows[i], (uint64_t)rows[i], memory_order_relaxed);
}

void vo_metrics_backup(struct vo_metrics *m, bool ok)
{
    if (m)
        atomic_fetch_add_explicit(&m->backups[ok ? 0 : 1], 1, memory_order_relaxed);
}

void vo_metrics_webhooks(struct vo_metrics *m, uint64_t delivered, uint64_t failed,
                         uint64_t disabled, int64_t pending)
{
    if (!m)
        return;
    atomic_fetch_add_explicit(&m->webhooks[0], delivered, memory_order_relaxed);
    atomic_fetch_add_explicit(&m->webhooks[1], failed, memory_order_relaxed);
    atomic_fetch_add_explicit(&m->webhooks[2], disabled, memory_order_relaxed);
    atomic_store_explicit(&m->webhook_queue, pending, memory_order_relaxed);
}

/* The labels of slot i: method and route pattern ("other" for no route). */
static void route_labels(const struct vo_metrics *m, size_t i, char *buf, size_t n)
{
    if (i == m->n_slots - 1)
        snprintf(buf, n, "method=\"other\",route=\"other\"");
    else
        snprintf(buf, n, "method=\"%s\",route=\"%s\"", vo_http_method_name(vo_routes[i].method),
                 vo_routes[i].path);
}

static void counter3(GString *out, const char *name, const char *help, const char *label,
                     const char *const values[3], _Atomic const uint64_t *v)
{
    g_string_append_printf(out, "# HELP %s %s\n# TYPE %s counter\n", name, help, name);
    for (size_t i = 0; i < 3 && values[i]; i++)
        g_string_append_printf(
            out, "%s{%s=\"%s\"} %llu\n", name, label, values[i],
            (unsigned long long)atomic_load_explicit(&v[i], memory_order_relaxed));
}

void vo_metrics_write(const struct vo_metrics *m, GString *out)
{
    char labels[256];
    g_string_append(out, "# HELP voronka_http_requests_total HTTP requests answered, by route "
                         "pattern and status.\n# TYPE voronka_http_requests_total counter\n");
    for (size_t i = 0; i < m->n_slots; i++) {
        route_labels(m, i, labels, sizeof labels);
        for (unsigned c = 0; c < VO_METRICS_STATUSES; c++) {
            uint64_t n = atomic_load_explicit(&m->by_code[i * VO_METRICS_STATUSES + c],
                                              memory_order_relaxed);
            if (n)
                g_string_append_printf(out, "voronka_http_requests_total{%s,status=\"%u\"} %llu\n",
                                       labels, c + VO_METRICS_STATUS_MIN, (unsigned long long)n);
        }
    }
    g_string_append(out, "# HELP voronka_http_request_duration_seconds Time from the request "
                         "line to the response queued, by route pattern.\n# TYPE "
                         "voronka_http_request_duration_seconds histogram\n");
    for (size_t i = 0; i < m->n_slots; i++) {
        if (!atomic_load_explicit(&m->latency[i].count, memory_order_relaxed))
            continue;
        route_labels(m, i, labels, sizeof labels);
        vo_hist_write(out, "voronka_http_request_duration_seconds", labels, &m->latency[i]);
    }
    static const char *const outcomes[3] = {"committed", "dry_run", "refused"};
    counter3(out, "voronka_imports_total", "Imports run through the API, by outcome.", "outcome",
             outcomes, m->imports);
    static const char *const rows[3] = {"created", "updated", "unchanged"};
    counter3(out, "voronka_import_rows_total", "Rows of committed API imports, by what they did.",
             "result", rows, m->import_rows);
    static const char *const backups[3] = {"ok", "failed", NULL};
    counter3(out, "voronka_backups_total", "Scheduled backups (serve --backup-dir), by outcome.",
             "outcome", backups, m->backups);
    static const char *const hooks[3] = {"delivered", "failed", "disabled"};
    counter3(out, "voronka_webhook_deliveries_total",
             "Webhook delivery attempts by result (disabled: the failure that disabled the "
             "webhook, also counted as failed).",
             "result", hooks, m->webhooks);
    g_string_append_printf(
        out,
        "# HELP voronka_webhook_queue Webhook deliveries pending at the last "
        "tick of the delivery thread.\n# TYPE voronka_webhook_queue gauge\n"
        "voronka_webhook_queue %lld\n",
        (long long)atomic_load_explicit(&m->webhook_queue, memory_order_relaxed));
    g_string_append_printf(out,
                           "# HELP voronka_start_time_seconds When the server started (unix "
                           "seconds).\n# TYPE voronka_start_time_seconds gauge\n"
                           "voronka_start_time_seconds %lld\n",
                           (long long)m->started);
}
