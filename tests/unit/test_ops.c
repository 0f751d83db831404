/*
 * test_ops.c - issue 13, item 6 (docs/OPERATIONS.md): GET /metrics scraped
 * and every line parsed as the Prometheus text format 0.0.4, its counters
 * moving with the requests (by route pattern and status), the dataset
 * sizes, the live applies, the imports; who may read it (this machine, or
 * the token); /health and /ready; the online backup into a directory while
 * the server writes (each backup passes SQLite's quick_check), its
 * retention, and the server's scheduled backups.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <jansson.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api_fixture.h"
#include "http/http.h"
#include "http/live.h"
#include "service/dataset_load.h"
#include "service/admin_ops.h"
#include "testutil.h"

/* ---- a parser of the text format (0.0.4) ---- */

/* One sample: its name, its labels as `a="b",c="d"` (sorted as sent) and
 * its value. */
struct sample {
    char *name, *labels;
    double value;
};

static bool name_char(char c, bool first)
{
    return g_ascii_isalpha(c) || c == '_' || c == ':' || (!first && g_ascii_isdigit(c));
}

/* Parses one sample line; false when it is not one. */
static bool parse_sample(const char *line, struct sample *out)
{
    const char *p = line;
    if (!name_char(*p, true))
        return false;
    while (name_char(*p, false))
        p++;
    out->name = g_strndup(line, (size_t)(p - line));
    GString *labels = g_string_new("");
    if (*p == '{') {
        p++;
        while (*p != '}') {
            const char *ls = p;
            if (!name_char(*p, true))
                goto bad;
            while (name_char(*p, false))
                p++;
            if (*p++ != '=' || *p++ != '"')
                goto bad;
            while (*p && *p != '"') {
                if (*p == '\\') {
                    p++;
                    if (*p != '\\' && *p != '"' && *p != 'n')
                        goto bad;
                }
                if (*p == '\n' || !*p)
                    goto bad;
                p++;
            }
            if (*p++ != '"')
                goto bad;
            g_string_append_len(labels, ls, p - ls);
            if (*p == ',') {
                g_string_append_c(labels, ',');
                p++;
            } else if (*p != '}') {
                goto bad;
            }
        }
        p++;
    }
    if (*p++ != ' ')
        goto bad;
    char *end = NULL;
    if (strcmp(p, "+Inf") == 0)
        out->value = INFINITY;
    else {
        out->value = g_ascii_strtod(p, &end);
        if (end == p || *end)
            goto bad;
    }
    out->labels = g_string_free(labels, FALSE);
    return true;
bad:
    g_string_free(labels, TRUE);
    g_free(out->name);
    return false;
}

/* A scrape: every line checked (a # HELP / # TYPE comment naming a metric
 * with a known type, or a sample of a metric whose TYPE came first); the
 * samples, by "name{labels}". */
static GHashTable *scrape_text(const char *text)
{
    GHashTable *samples = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    GHashTable *types = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    char **lines = g_strsplit(text, "\n", -1);
    size_t n = g_strv_length(lines);
    cr_assert(n > 1 && lines[n - 1][0] == '\0', "the text ends with a newline");
    for (size_t i = 0; i + 1 < n; i++) {
        const char *l = lines[i];
        if (g_str_has_prefix(l, "# TYPE ")) {
            char **w = g_strsplit(l + 7, " ", -1);
            cr_assert_eq(g_strv_length(w), 2, "line %zu: %s", i + 1, l);
            cr_assert(strcmp(w[1], "counter") == 0 || strcmp(w[1], "gauge") == 0 ||
                          strcmp(w[1], "histogram") == 0,
                      "line %zu: %s", i + 1, l);
            cr_assert_null(g_hash_table_lookup(types, w[0]), "TYPE twice: %s", l);
            g_hash_table_insert(types, g_strdup(w[0]), g_strdup(w[1]));
            g_strfreev(w);
            continue;
        }
        if (g_str_has_prefix(l, "# HELP ")) {
            cr_assert(name_char(l[7], true), "line %zu: %s", i + 1, l);
            continue;
        }
        cr_assert(l[0] != '#' && l[0], "line %zu is neither a comment nor a sample: %s", i + 1, l);
        struct sample s;
        cr_assert(parse_sample(l, &s), "line %zu is not a sample: %s", i + 1, l);
        /* its family: the name, or a histogram's name without its suffix */
        char *family = g_strdup(s.name);
        const char *suffixes[] = {"_bucket", "_sum", "_count"};
        const char *type = g_hash_table_lookup(types, family);
        for (size_t k = 0; !type && k < 3; k++)
            if (g_str_has_suffix(s.name, suffixes[k])) {
                family[strlen(s.name) - strlen(suffixes[k])] = '\0';
                type = g_hash_table_lookup(types, family);
                cr_assert(type && strcmp(type, "histogram") == 0, "line %zu: %s", i + 1, l);
            }
        cr_assert(type, "line %zu: no TYPE before %s", i + 1, s.name);
        if (strcmp(type, "counter") == 0 || strcmp(type, "histogram") == 0)
            cr_assert_geq(s.value, 0, "line %zu: %s", i + 1, l);
        char *key = g_strdup_printf("%s{%s}", s.name, s.labels);
        cr_assert_null(g_hash_table_lookup(samples, key), "sample twice: %s", key);
        double *v = g_new(double, 1);
        *v = s.value;
        g_hash_table_insert(samples, key, v);
        g_free(family);
        g_free(s.name);
        g_free(s.labels);
    }
    g_strfreev(lines);
    g_hash_table_destroy(types);
    return samples;
}

static GHashTable *scrape(void)
{
    struct vo_test_resp r = http("GET", "/metrics", NULL, NULL, NULL, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(r.content_type, "text/plain; version=0.0.4; charset=utf-8");
    GHashTable *s = scrape_text(r.body);
    vo_test_resp_free(&r);
    return s;
}

/* A sample's value; 0 when absent (a counter not moved yet). */
static double val(GHashTable *s, const char *key)
{
    double *v = g_hash_table_lookup(s, key);
    return v ? *v : 0;
}

static void setup(void)
{
    vo_api_start(NULL, NULL);
}

TestSuite(ops, .init = setup, .fini = vo_api_stop, .timeout = 120);

Test(ops, parser_refuses_what_is_not_the_format)
{
    struct sample s;
    cr_assert(parse_sample("a_b{x=\"1\",y=\"q\\\"\"} 2.5", &s));
    cr_assert_str_eq(s.labels, "x=\"1\",y=\"q\\\"\"");
    cr_assert_float_eq(s.value, 2.5, 1e-12);
    g_free(s.name);
    g_free(s.labels);
    cr_assert(!parse_sample("1abc 2", &s));
    cr_assert(!parse_sample("abc{x=1} 2", &s));
    cr_assert(!parse_sample("abc 2 x", &s));
    cr_assert(!parse_sample("abc{x=\"1\" 2", &s));
}

#define HEALTH_OK                                                                                  \
    "voronka_http_requests_total{method=\"GET\",route=\"/api/v1/health\",status=\"200\"}"
#define DEAL_404                                                                                   \
    "voronka_http_requests_total{method=\"GET\",route=\"/api/v1/deals/{id}\",status=\"404\"}"
#define OTHER_404 "voronka_http_requests_total{method=\"other\",route=\"other\",status=\"404\"}"
#define HEALTH_H                                                                                   \
    "voronka_http_request_duration_seconds_%s{method=\"GET\",route=\"/api/v1/health\"%s}"

Test(ops, metrics_count_requests_by_route_pattern_and_status)
{
    GHashTable *before = scrape();
    for (int i = 0; i < 3; i++) {
        struct vo_test_resp r = http("GET", "/api/v1/health", NULL, NULL, NULL, NULL);
        cr_assert_eq(r.status, 200);
        vo_test_resp_free(&r);
    }
    const struct vo_test_login *head = vo_api_user("head");
    for (int i = 0; i < 2; i++) {
        struct vo_test_resp r =
            as(head, "GET", i ? "/api/v1/deals/99999" : "/api/v1/deals/77", NULL);
        cr_assert_eq(r.status, 404, "%s", r.body);
        vo_test_resp_free(&r);
    }
    struct vo_test_resp r = http("GET", "/no/such/thing", NULL, NULL, NULL, NULL);
    cr_assert_eq(r.status, 404);
    vo_test_resp_free(&r);
    GHashTable *after = scrape();
    cr_assert_float_eq(val(after, HEALTH_OK) - val(before, HEALTH_OK), 3, 1e-9);
    /* the pattern, not the raw paths: both 404s in one series */
    cr_assert_float_eq(val(after, DEAL_404) - val(before, DEAL_404), 2, 1e-9);
    cr_assert_float_eq(val(after, OTHER_404) - val(before, OTHER_404), 1, 1e-9);
    /* the scrape before this one is counted too */
    const char *m = "voronka_http_requests_total{method=\"GET\",route=\"/metrics\",status=\"200\"}";
    cr_assert_geq(val(after, m) - val(before, m), 1);
    /* the latency histogram: cumulative buckets, +Inf = count, 3 more */
    char *count = g_strdup_printf(HEALTH_H, "count", "");
    char *inf = g_strdup_printf(HEALTH_H, "bucket", ",le=\"+Inf\"");
    char *b5 = g_strdup_printf(HEALTH_H, "bucket", ",le=\"0.005\"");
    char *b10 = g_strdup_printf(HEALTH_H, "bucket", ",le=\"10\"");
    cr_assert_float_eq(val(after, count) - val(before, count), 3, 1e-9);
    cr_assert_float_eq(val(after, inf), val(after, count), 1e-9);
    cr_assert_leq(val(after, b5), val(after, b10));
    cr_assert_leq(val(after, b10), val(after, inf));
    g_free(count);
    g_free(inf);
    g_free(b5);
    g_free(b10);
    g_hash_table_destroy(before);
    g_hash_table_destroy(after);
}

Test(ops, metrics_show_the_datasets_and_the_live_applies)
{
    const struct vo_test_login *head = vo_api_user("head");
    struct vo_test_resp r = as(head, "GET", "/api/v1/reports/daily", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    vo_test_resp_free(&r);
    GHashTable *before = scrape();
    char *users = g_strdup_printf("voronka_dataset_rows{org=\"%lld\",table=\"users\"}",
                                  (long long)vo_api.org_id);
    char *tasks = g_strdup_printf("voronka_dataset_rows{org=\"%lld\",table=\"tasks\"}",
                                  (long long)vo_api.org_id);
    /* the company of the fixture: admin, head, anna, viewer */
    cr_assert_float_eq(val(before, users), 4, 1e-9);
    cr_assert_float_eq(val(before, tasks), 0, 1e-9);
    cr_assert_geq(val(before, "voronka_dataset_load_seconds_count{}"), 1);
    vo_api_create(vo_api_user("anna"), "/api/v1/tasks",
                  "{\"title\":\"Позвонить\",\"due_at\":\"2100-03-01\"}");
    GHashTable *after = scrape();
    cr_assert_float_eq(val(after, tasks), 1, 1e-9);
    const char *applied = "voronka_live_changes_total{outcome=\"applied\"}";
    cr_assert_geq(val(after, applied) - val(before, applied), 1);
    g_free(users);
    g_free(tasks);
    g_hash_table_destroy(before);
    g_hash_table_destroy(after);
}

Test(ops, metrics_only_for_this_machine_or_the_token)
{
    struct vo_test_login anon = {0};
    /* through a proxy on this machine: not "this machine" */
    struct vo_test_resp r =
        vo_test_as_header(vo_api.port, &anon, "GET", "/metrics", "X-Forwarded-For: 10.1.2.3", NULL);
    cr_assert_eq(r.status, 403, "%s", r.body);
    cr_assert_str_eq(jstr(json_object_get(r.json, "error"), "code"), "forbidden");
    cr_assert_str_eq(jstr(json_object_get(r.json, "error"), "message_id"),
                     "http.metrics_forbidden");
    vo_test_resp_free(&r);
    /* no token configured: a bearer opens nothing */
    r = vo_test_as_header(vo_api.port, &anon, "GET", "/metrics",
                          "X-Real-IP: 10.1.2.3\r\nAuthorization: Bearer s3cret", NULL);
    cr_assert_eq(r.status, 403);
    vo_test_resp_free(&r);
    vo_api_stop();
    struct vo_server_opts o = {.threads = 2, .metrics_token = "s3cret-token"};
    vo_api_start(&o, NULL);
    r = vo_test_as_header(vo_api.port, &anon, "GET", "/metrics",
                          "X-Forwarded-For: 10.1.2.3\r\nAuthorization: Bearer s3cret-tokeN", NULL);
    cr_assert_eq(r.status, 403);
    vo_test_resp_free(&r);
    r = vo_test_as_header(vo_api.port, &anon, "GET", "/metrics",
                          "X-Forwarded-For: 10.1.2.3\r\nAuthorization: Bearer s3cret-token", NULL);
    cr_assert_eq(r.status, 200);
    cr_assert(strstr(r.body, "voronka_http_requests_total{"));
    vo_test_resp_free(&r);
}

Test(ops, health_and_ready)
{
    struct vo_test_resp r = http("GET", "/health", NULL, NULL, NULL, NULL);
    cr_assert_eq(r.status, 200);
    cr_assert_str_eq(jstr(r.json, "status"), "ok");
    vo_test_resp_free(&r);
    r = http("GET", "/ready", NULL, NULL, NULL, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "status"), "ready");
    json_t *checks = json_object_get(r.json, "checks");
    cr_assert(json_is_true(json_object_get(checks, "database")));
    json_t *schema = json_object_get(checks, "schema");
    cr_assert(json_is_true(json_object_get(schema, "ok")));
    cr_assert_eq(jint(schema, "version"), vo_svc_schema_latest());
    vo_test_resp_free(&r);
    r = http("POST", "/ready", NULL, NULL, NULL, NULL);
    cr_assert_eq(r.status, 405);
    vo_test_resp_free(&r);
}

/* A server that warms up: /ready says 503 until every org's dataset is
 * loaded, then 200; a database whose schema is behind is not ready. */
Test(ops, ready_waits_for_the_warm_up)
{
    vo_api_stop();
    struct vo_server_opts o = {.threads = 2, .warm_up = true};
    vo_api_start(&o, NULL);
    int status = 0;
    json_t *body = NULL;
    for (int i = 0; i < 500 && status != 200; i++) {
        struct vo_test_resp r = http("GET", "/ready", NULL, NULL, NULL, NULL);
        status = r.status;
        cr_assert(status == 200 || status == 503, "%d", status);
        if (body)
            json_decref(body);
        body = json_incref(r.json);
        vo_test_resp_free(&r);
        if (status != 200)
            g_usleep(10000);
    }
    cr_assert_eq(status, 200);
    json_t *ds = json_object_get(json_object_get(body, "checks"), "datasets");
    cr_assert_eq(jint(ds, "orgs"), 1);
    cr_assert_eq(jint(ds, "loaded"), 1);
    json_decref(body);
    /* the schema behind the binary's: 503 naming it */
    vo_api_sql(vo_test_dialect("PRAGMA user_version = 3", "UPDATE schema_version SET version = 3"));
    struct vo_test_resp r = http("GET", "/ready", NULL, NULL, NULL, NULL);
    cr_assert_eq(r.status, 503, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "status"), "not_ready");
    json_t *schema = json_object_get(json_object_get(r.json, "checks"), "schema");
    cr_assert(json_is_false(json_object_get(schema, "ok")));
    cr_assert_eq(jint(schema, "version"), 3);
    vo_test_resp_free(&r);
    char *v = g_strdup_printf(
        vo_test_dialect("PRAGMA user_version = %d", "UPDATE schema_version SET version = %d"),
        vo_svc_schema_latest());
    vo_api_sql(v);
    g_free(v);
}

/* ---- the datasets' snapshots (service/dataset_snap.c) ---- */

/* Stops vo_api's server and starts another on its database, with two
 * threads and its snapshots in snaps. */
static void restart(const char *snaps)
{
    struct vo_error e = {0};
    vo_server_stop(vo_api.srv);
    vo_api.srv = NULL;
    struct vo_server_opts o = {.threads = 2,
                               .snapshot_dir = snaps,
                               .db_path = vo_api.db_path,
                               .listen = "127.0.0.1:0",
                               .quiet = true};
    cr_assert_eq(vo_server_start(&o, &vo_api.srv, &vo_api.port, &e), VO_OK, "%s", e.msg);
}

/* The body of the plan-fact report as the head sees it, as of a pinned
 * day (without one, as_of is the request's second). */
static char *planfact_body(void)
{
    struct vo_test_resp r =
        as(vo_api_user("head"), "GET",
           "/api/v1/reports/plan-fact?period=month&by=user&as_of=2026-03-15", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    char *b = g_strdup(r.body);
    vo_test_resp_free(&r);
    return b;
}

Test(ops, a_restart_reads_the_snapshot_of_the_last_load)
{
    vo_api_stop();
    char *snaps = g_dir_make_tmp("voronka-snaps-XXXXXX", NULL);
    cr_assert(snaps);
    struct vo_server_opts o = {.threads = 2, .snapshot_dir = snaps};
    vo_api_start(&o, NULL);
    struct vo_live_reload_stats s0, s1, s2, s3;
    vo_live_reload_stats(&s0);
    /* the first start: no file; loaded from the database, then written */
    char *first = planfact_body();
    vo_live_reload_stats(&s1);
    cr_assert_eq(s1.snap[VO_SNAP_NONE], s0.snap[VO_SNAP_NONE] + 1);
    char *path = vo_svc_snap_path(snaps, vo_api.org_id);
    cr_assert(g_file_test(path, G_FILE_TEST_IS_REGULAR), "no %s", path);
    /* a restart: read from the file, the same report byte for byte */
    restart(snaps);
    char *second = planfact_body();
    vo_live_reload_stats(&s2);
    cr_assert_eq(s2.snap[VO_SNAP_READ], s1.snap[VO_SNAP_READ] + 1, "not read from the snapshot");
    cr_assert_str_eq(second, first);
    GHashTable *m = scrape();
    cr_assert_geq(val(m, "voronka_dataset_snapshot_loads_total{snapshot=\"read\"}"), 1);
    g_hash_table_destroy(m);
    /* a task written, then a restart: the file is read and the task
     * replayed from the database's change log (one change: no new file) */
    vo_api_create(vo_api_user("anna"), "/api/v1/tasks",
                  "{\"title\":\"Позвонить\",\"due_at\":\"2100-03-01\"}");
    restart(snaps);
    char *third = planfact_body();
    vo_live_reload_stats(&s3);
    cr_assert_eq(s3.snap[VO_SNAP_REPLAYED], s2.snap[VO_SNAP_REPLAYED] + 1,
                 "the change was not replayed onto the file");
    cr_assert_eq(s3.snap[VO_SNAP_STALE], s2.snap[VO_SNAP_STALE]);
    m = scrape();
    cr_assert_geq(val(m, "voronka_dataset_snapshot_loads_total{snapshot=\"replayed\"}"), 1);
    char *tasks = g_strdup_printf("voronka_dataset_rows{org=\"%lld\",table=\"tasks\"}",
                                  (long long)vo_api.org_id);
    cr_assert_float_eq(val(m, tasks), 1, 1e-9);
    g_hash_table_destroy(m);
    restart(snaps);
    char *fourth = planfact_body();
    vo_live_reload_stats(&s0);
    cr_assert_eq(s0.snap[VO_SNAP_REPLAYED], s3.snap[VO_SNAP_REPLAYED] + 1, "not replayed again");
    cr_assert_str_eq(fourth, third);
    g_free(tasks);
    g_free(first);
    g_free(second);
    g_free(third);
    g_free(fourth);
    g_free(path);
    vo_test_rmtree(snaps);
    g_free(snaps);
}

/* ---- backups ---- */

static gint writing, written_ok, written_bad;

/* Creates tasks until told to stop (counted: no assert off the main
 * thread). */
static void *writer(void *arg)
{
    const struct vo_test_login *anna = arg;
    int i = 0;
    while (g_atomic_int_get(&writing)) {
        char *body = g_strdup_printf("{\"title\":\"Звонок %d\",\"due_at\":\"2100-03-01\"}", i++);
        struct vo_test_resp r = as(anna, "POST", "/api/v1/tasks", body);
        g_atomic_int_inc(r.status == 201 ? &written_ok : &written_bad);
        vo_test_resp_free(&r);
        g_free(body);
    }
    return NULL;
}

/* The finished backups in dir (not a .part being written). */
static size_t whole_backups(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    cr_assert_not_null(d);
    size_t n = 0;
    const char *name;
    while ((name = g_dir_read_name(d)))
        n += g_str_has_prefix(name, "voronka-") && g_str_has_suffix(name, "Z.db") ? 1 : 0;
    g_dir_close(d);
    return n;
}

static size_t files_in(const char *dir, const char *prefix)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    cr_assert_not_null(d);
    size_t n = 0;
    const char *name;
    while ((name = g_dir_read_name(d)))
        n += g_str_has_prefix(name, prefix) ? 1 : 0;
    g_dir_close(d);
    return n;
}

Test(ops, backup_while_the_server_writes_and_retention)
{
    if (vo_test_pg())
        cr_skip_test("SQLite's backup (PostgreSQL's is pg_dump's)");
    char *dir = g_build_filename(vo_api.dir, "backups", NULL);
    cr_assert_eq(g_mkdir(dir, 0700), 0);
    /* someone else's file in the directory stays */
    char *other = g_build_filename(dir, "notes.txt", NULL);
    cr_assert(g_file_set_contents(other, "x", 1, NULL));
    const struct vo_test_login *anna = vo_api_user("anna");
    g_atomic_int_set(&writing, 1);
    pthread_t t;
    pthread_create(&t, NULL, writer, (void *)anna);
    g_usleep(100000);
    /* four backups "a day apart" while tasks keep coming; keep 3 */
    int64_t day0 = 1795165200; /* 2026-11-20 09:00:00 UTC */
    char *written[4] = {0};
    for (int i = 0; i < 4; i++) {
        struct vo_error e = {0};
        struct vo_arena a;
        vo_arena_init(&a, 1 << 20);
        cr_assert_eq(
            vo_svc_backup_to_dir(vo_api.db_path, dir, 3, day0 + i * 86400, &written[i], &e), VO_OK,
            "%s", e.msg);
        /* a whole, consistent database: quick_check and the foreign keys */
        struct vo_doctor d;
        cr_assert_eq(vo_svc_doctor(written[i], false, 2026, &a, &d, &e), VO_OK, "%s", e.msg);
        for (size_t k = 0; k < d.n; k++)
            cr_assert_neq(d.v[k].kind, VO_DOCTOR_INTEGRITY, "%s", d.v[k].text);
        for (size_t k = 0; k < d.n; k++)
            cr_assert_neq(d.v[k].kind, VO_DOCTOR_ORPHAN, "%s", d.v[k].table);
        cr_assert_eq(d.schema_version, vo_svc_schema_latest());
        vo_arena_cleanup(&a);
    }
    g_atomic_int_set(&writing, 0);
    pthread_join(t, NULL);
    cr_assert_gt(g_atomic_int_get(&written_ok), 0);
    cr_assert_eq(g_atomic_int_get(&written_bad), 0);
    char *base = g_path_get_basename(written[0]);
    cr_assert_str_eq(base, "voronka-20261120T090000Z.db");
    g_free(base);
    /* retention: the three newest, the oldest gone, no .part left */
    cr_assert_eq(files_in(dir, "voronka-"), 3);
    cr_assert(!g_file_test(written[0], G_FILE_TEST_EXISTS));
    for (int i = 1; i < 4; i++)
        cr_assert(g_file_test(written[i], G_FILE_TEST_EXISTS));
    cr_assert(g_file_test(other, G_FILE_TEST_EXISTS));
    cr_assert_eq(vo_svc_backup_newest(dir), day0 + 3 * 86400);
    /* the same second again: refused, nothing overwritten */
    struct vo_error e = {0};
    cr_assert_eq(vo_svc_backup_to_dir(vo_api.db_path, dir, 3, day0 + 3 * 86400, NULL, &e),
                 VO_ECONFLICT);
    /* not a directory */
    cr_assert_eq(vo_svc_backup_to_dir(vo_api.db_path, other, 3, day0, NULL, &e), VO_EIO);
    cr_assert_str_eq(e.field, "to");
    for (int i = 0; i < 4; i++)
        g_free(written[i]);
    g_free(other);
    g_free(dir);
}

Test(ops, the_server_backs_up_on_its_schedule)
{
    if (vo_test_pg())
        cr_skip_test("SQLite's backup (PostgreSQL's is pg_dump's)");
    char *dir = g_dir_make_tmp("vo-backups-XXXXXX", NULL);
    cr_assert_not_null(dir);
    vo_api_stop();
    struct vo_server_opts o = {
        .threads = 2, .backup_dir = dir, .backup_every_s = 1, .backup_keep = 2};
    vo_api_start(&o, NULL);
    /* at once (no backup yet), then one a second, two kept */
    double ok = 0;
    for (int i = 0; i < 200 && ok < 3; i++) {
        GHashTable *s = scrape();
        ok = val(s, "voronka_backups_total{outcome=\"ok\"}");
        cr_assert_float_eq(val(s, "voronka_backups_total{outcome=\"failed\"}"), 0, 1e-9);
        g_hash_table_destroy(s);
        if (ok < 3)
            g_usleep(50000);
    }
    cr_assert_geq(ok, 3);
    cr_assert_eq(whole_backups(dir), 2);
    vo_api_stop(); /* no backup while the directory goes */
    vo_test_rmtree(dir);
    g_free(dir);
}
