/*
 * api_ops.c - the operator's endpoints at the root, outside the API's
 * sessions (docs/OPERATIONS.md, "Monitoring"):
 *
 *   GET /health   liveness: the process answers (200, no database work);
 *   GET /ready    readiness: the database answers, its schema is this
 *                 binary's, the warm-up loaded every org's dataset (200,
 *                 else 503 naming the check that failed);
 *   GET /metrics  Prometheus text (exposition format 0.0.4): for a client
 *                 on this machine (a loopback peer whose request came
 *                 through no proxy: no X-Forwarded-For, X-Real-IP or
 *                 Forwarded header), or anyone with the bearer token of
 *                 `serve --metrics-token`; 403 otherwise.
 */
#include "http/api.h"
#include "http/http_int.h"
#include "http/metrics.h"

#include <sodium.h>
#include <string.h>

#include "service/admin_ops.h"

vo_err api_live(struct vo_req *r)
{
    vo_req_json(r, 200, json_pack("{s:s}", "status", "ok"));
    return VO_OK;
}

vo_err api_ready(struct vo_req *r)
{
    int version = vo_svc_schema_version(r->st), latest = vo_svc_schema_latest();
    bool db = version >= 0;
    bool schema = version == latest;
    int64_t *ids = NULL;
    size_t n = 0, loaded = 0;
    struct vo_error e = {0};
    bool warmed = vo_ops_warmed(r->srv);
    if (db && vo_svc_org_ids(r->st, &r->arena, &ids, &n, &e) != VO_OK)
        db = false;
    for (size_t i = 0; i < n; i++)
        loaded += vo_live_loaded(r->srv, ids[i]);
    /* without a warm-up (opts.warm_up off) a dataset loads on its first
     * report: nothing to wait for */
    bool datasets = db && (!r->srv->opts.warm_up || (warmed && loaded == n));
    bool ready = db && schema && datasets;
    vo_req_json(r, ready ? 200 : 503,
                json_pack("{s:s, s:{s:b, s:{s:b, s:i, s:i}, s:{s:b, s:b, s:I, s:I}}}", "status",
                          ready ? "ready" : "not_ready", "checks", "database", db, "schema", "ok",
                          schema, "version", version, "expected", latest, "datasets", "ok",
                          datasets, "warm_up", r->srv->opts.warm_up, "orgs", (json_int_t)n,
                          "loaded", (json_int_t)loaded));
    return VO_OK;
}

/* Whether the request came from this machine, not through a proxy. */
static bool local_request(struct vo_req *r)
{
    static const char *const proxied[] = {"X-Forwarded-For", "X-Real-IP", "Forwarded"};
    for (size_t i = 0; i < G_N_ELEMENTS(proxied); i++)
        if (vo_req_header(r, proxied[i]))
            return false;
    const char *a = r->address ? r->address : "";
    return strncmp(a, "127.", 4) == 0 || strcmp(a, "::1") == 0 ||
           strncmp(a, "::ffff:127.", 11) == 0;
}

/* Whether the request carries the metrics token as its bearer. */
static bool has_token(struct vo_req *r)
{
    const char *token = r->srv->opts.metrics_token;
    const char *auth = vo_req_header(r, "Authorization");
    if (!token || !token[0] || !auth || g_ascii_strncasecmp(auth, "Bearer ", 7) != 0)
        return false;
    const char *given = auth + 7;
    size_t len = strlen(token);
    return strlen(given) == len && sodium_memcmp(given, token, len) == 0;
}

vo_err api_metrics(struct vo_req *r)
{
    if (!local_request(r) && !has_token(r))
        return vo_error_set(&r->err, VO_EPERM, NULL,
                            "/metrics answers this machine, or the bearer token of serve "
                            "--metrics-token");
    GString *out = g_string_sized_new(64 * 1024);
    vo_metrics_write(r->srv->metrics, out);
    g_string_append_printf(out,
                           "# HELP voronka_http_requests_in_flight Requests being answered.\n"
                           "# TYPE voronka_http_requests_in_flight gauge\n"
                           "voronka_http_requests_in_flight %d\n",
                           g_atomic_int_get(&r->srv->active));
    vo_live_metrics(r->srv, out);
    g_string_append_printf(out,
                           "# HELP voronka_cluster_notes_total Writes of other servers on the "
                           "same PostgreSQL database heard and applied (docs/SCALING.md).\n"
                           "# TYPE voronka_cluster_notes_total counter\n"
                           "voronka_cluster_notes_total %u\n",
                           vo_cluster_notes(r->srv));
    unsigned hits = 0, misses = 0;
    size_t bytes = 0;
    vo_cache_report_stats(r->srv, &hits, &misses, &bytes);
    g_string_append_printf(out,
                           "# HELP voronka_report_cache_total Report answers from the cache "
                           "(hit) or computed (miss).\n"
                           "# TYPE voronka_report_cache_total counter\n"
                           "voronka_report_cache_total{result=\"hit\"} %u\n"
                           "voronka_report_cache_total{result=\"miss\"} %u\n"
                           "# HELP voronka_report_cache_bytes Bytes of report answers cached.\n"
                           "# TYPE voronka_report_cache_bytes gauge\n"
                           "voronka_report_cache_bytes %zu\n",
                           hits, misses, bytes);
    int version = vo_svc_schema_version(r->st);
    g_string_append_printf(out,
                           "# HELP voronka_schema_version The database's schema version.\n"
                           "# TYPE voronka_schema_version gauge\n"
                           "voronka_schema_version %d\n",
                           version);
    r->out_len = out->len;
    r->out_text = vo_arena_strndup(&r->arena, out->str, out->len);
    g_string_free(out, TRUE);
    if (!r->out_text)
        return vo_error_set(&r->err, VO_ENOMEM, NULL, "out of memory");
    r->out_type = "text/plain; version=0.0.4; charset=utf-8";
    r->status = 200;
    return VO_OK;
}
