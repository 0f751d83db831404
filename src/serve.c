/*
 * serve.c - `voronka serve`: the HTTP server until SIGINT or SIGTERM,
 * then a graceful stop (in-flight requests finish, the database closes).
 *
 * It lives beside main.c, outside the layers, because it is where the
 * command line meets the HTTP server: src/cli/ may not include src/http/
 * (ARCHITECTURE.md), so the binary adds this subcommand to the CLI's table
 * (vo_cli_main's `more`) the way it links the two.
 *
 * Its settings come from the flags and from a config file (--config; keys
 * in docs/OPERATIONS.md): a flag wins over the file, the file over the
 * defaults (and over $VORONKA_DB for the database).
 */
#include "serve.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/config_file.h"
#include "service/dataset_load.h"
#include "service/service.h"
#include "http/http.h"
#include "service/webhooks.h"

/* A duration: a whole number with s, m, h or d (no unit: seconds), > 0. */
static bool parse_duration(const char *text, int64_t *out)
{
    char *end = NULL;
    long long v = strtoll(text, &end, 10);
    if (end == text || v <= 0)
        return false;
    int64_t unit = 1;
    if (*end == 'm')
        unit = 60;
    else if (*end == 'h')
        unit = 3600;
    else if (*end == 'd')
        unit = 86400;
    else if (*end && *end != 's')
        return false;
    if (*end && end[1])
        return false;
    if (v > INT64_MAX / unit)
        return false;
    *out = v * unit;
    return true;
}

/* The settings of serve: the flags' targets, then the config file's. */
struct serve_args {
    char *config, *listen, *web, *proxies, *metrics_token, *backup_dir, *backup_every, *log_format,
        *db, *webhook_backoff, *snapshot_dir;
    int threads, head_timeout, min_rate, per_ip, body_memory, backup_keep, rate_limit, rate_burst;
    gboolean secure, quiet, webhook_private;
};

static void args_free(struct serve_args *a)
{
    g_free(a->config);
    g_free(a->listen);
    g_free(a->web);
    g_free(a->proxies);
    g_free(a->metrics_token);
    g_free(a->backup_dir);
    g_free(a->backup_every);
    g_free(a->log_format);
    g_free(a->db);
    g_free(a->webhook_backoff);
    g_free(a->snapshot_dir);
}

/* The config file's keys (docs/OPERATIONS.md): the flags' names with "_". */
static int load_config(struct serve_args *a, struct vo_cli_common *common)
{
    const struct vo_conf_key keys[] = {
        {"server", "db", VO_CONF_STR, &a->db},
        {"server", "listen", VO_CONF_STR, &a->listen},
        {"server", "web", VO_CONF_STR, &a->web},
        {"server", "threads", VO_CONF_INT, &a->threads},
        {"server", "secure_cookies", VO_CONF_BOOL, &a->secure},
        {"server", "quiet", VO_CONF_BOOL, &a->quiet},
        {"server", "trusted_proxy", VO_CONF_STR, &a->proxies},
        {"server", "head_timeout", VO_CONF_INT, &a->head_timeout},
        {"server", "min_body_rate", VO_CONF_INT, &a->min_rate},
        {"server", "per_ip_connections", VO_CONF_INT, &a->per_ip},
        {"server", "body_memory", VO_CONF_INT, &a->body_memory},
        {"server", "log_format", VO_CONF_STR, &a->log_format},
        {"server", "rate_limit", VO_CONF_INT, &a->rate_limit},
        {"server", "rate_burst", VO_CONF_INT, &a->rate_burst},
        {"server", "snapshot_dir", VO_CONF_STR, &a->snapshot_dir},
        {"metrics", "token", VO_CONF_STR, &a->metrics_token},
        {"backup", "dir", VO_CONF_STR, &a->backup_dir},
        {"backup", "every", VO_CONF_STR, &a->backup_every},
        {"backup", "keep", VO_CONF_INT, &a->backup_keep},
        {"webhooks", "backoff", VO_CONF_STR, &a->webhook_backoff},
        {"webhooks", "private", VO_CONF_BOOL, &a->webhook_private},
    };
    struct vo_error e = {0};
    if (common->db) { /* --db wins: the file's db is read and dropped */
        a->db = g_strdup(common->db);
    }
    if (vo_conf_load(a->config, keys, G_N_ELEMENTS(keys), &e))
        return vo_cli_fail(&e);
    if (!common->db && a->db)
        common->db = g_strdup(a->db);
    return 0;
}

int vo_cmd_serve(int argc, char **argv)
{
    struct vo_cli_common common = {0};
    struct serve_args a = {.threads = VO_CONF_UNSET,
                           .head_timeout = VO_CONF_UNSET,
                           .min_rate = VO_CONF_UNSET,
                           .per_ip = VO_CONF_UNSET,
                           .body_memory = VO_CONF_UNSET,
                           .backup_keep = VO_CONF_UNSET,
                           .rate_limit = VO_CONF_UNSET,
                           .rate_burst = VO_CONF_UNSET};
    GOptionEntry entries[] = {
        {"config", 0, 0, G_OPTION_ARG_FILENAME, &a.config,
         VO_MSG("Settings file (INI: [server], [metrics], [backup], [webhooks]); the flags win "
                "over it"),
         "FILE"},
        {"listen", 0, 0, G_OPTION_ARG_STRING, &a.listen, VO_MSG("Address (default 127.0.0.1:8080)"),
         "HOST:PORT"},
        {"web", 0, 0, G_OPTION_ARG_FILENAME, &a.web, VO_MSG("Directory of the web app"), "DIR"},
        {"threads", 0, 0, G_OPTION_ARG_INT, &a.threads,
         VO_MSG("Worker threads (default: one per core)"), "N"},
        {"secure-cookies", 0, 0, G_OPTION_ARG_NONE, &a.secure,
         VO_MSG("Mark the session cookie Secure (behind HTTPS)"), NULL},
        {"quiet", 0, 0, G_OPTION_ARG_NONE, &a.quiet, VO_MSG("No access log"), NULL},
        {"log-format", 0, 0, G_OPTION_ARG_STRING, &a.log_format,
         VO_MSG("The log on stderr: text (default) or json (one object a line)"), "FORMAT"},
        {"trusted-proxy", 0, 0, G_OPTION_ARG_STRING, &a.proxies,
         VO_MSG("Reverse proxies whose X-Forwarded-For / X-Real-IP names the client"),
         "ADDR[,ADDR]"},
        {"head-timeout", 0, 0, G_OPTION_ARG_INT, &a.head_timeout,
         VO_MSG("Seconds a request's head (line and headers) may take (default 10)"), "S"},
        {"min-body-rate", 0, 0, G_OPTION_ARG_INT, &a.min_rate,
         VO_MSG("Bytes a second a request body must average (default 1024)"), "B"},
        {"per-ip-connections", 0, 0, G_OPTION_ARG_INT, &a.per_ip,
         VO_MSG("Connections one client address may hold (default 128, 0: no limit)"), "N"},
        {"body-memory", 0, 0, G_OPTION_ARG_INT, &a.body_memory,
         VO_MSG("MiB of request bodies held in memory at once (default 64)"), "MIB"},
        {"rate-limit", 0, 0, G_OPTION_ARG_INT, &a.rate_limit,
         VO_MSG("Requests a minute per API token and per user (default 600, 0: no limit)"), "N"},
        {"rate-burst", 0, 0, G_OPTION_ARG_INT, &a.rate_burst,
         VO_MSG("Requests one may send at once before the rate limit (default 100)"), "N"},
        {"metrics-token", 0, 0, G_OPTION_ARG_STRING, &a.metrics_token,
         VO_MSG("Bearer token that opens GET /metrics to other machines (default: this machine "
                "only)"),
         "TOKEN"},
        {"backup-dir", 0, 0, G_OPTION_ARG_FILENAME, &a.backup_dir,
         VO_MSG("Write scheduled online backups into DIR"), "DIR"},
        {"backup-every", 0, 0, G_OPTION_ARG_STRING, &a.backup_every,
         VO_MSG("How often to back up (default 24h; s, m, h or d)"), "DURATION"},
        {"backup-keep", 0, 0, G_OPTION_ARG_INT, &a.backup_keep,
         VO_MSG("Backups to keep, newest first (default 7, 0: all)"), "N"},
        {"snapshot-dir", 0, 0, G_OPTION_ARG_FILENAME, &a.snapshot_dir,
         VO_MSG("Keep the datasets' snapshots in DIR, read at a restart instead of the database "
                "(default: next to a SQLite file; off: none)"),
         "DIR"},
        {"webhooks-private", 0, 0, G_OPTION_ARG_NONE, &a.webhook_private,
         VO_MSG("Let webhooks post to local and private network addresses (127.0.0.1, 10.x, "
                "192.168.x, ...; refused by default)"),
         NULL},
        {"webhook-backoff", 0, 0, G_OPTION_ARG_STRING, &a.webhook_backoff,
         VO_MSG("The first retry of a failed webhook delivery, then 4 times longer each (default "
                "30s)"),
         "DURATION"},
        G_OPTION_ENTRY_NULL};
    int rc = vo_cli_parse(&argc, &argv, "",
                          VO_MSG("Serves the JSON API (and the web app) until SIGINT or SIGTERM."),
                          entries, &common);
    if (rc)
        goto out;
    if (a.config && (rc = load_config(&a, &common)))
        goto out;
    int threads = a.threads == VO_CONF_UNSET ? 0 : a.threads;
    int head_timeout = a.head_timeout == VO_CONF_UNSET ? 0 : a.head_timeout;
    int min_rate = a.min_rate == VO_CONF_UNSET ? 0 : a.min_rate;
    int per_ip = a.per_ip == VO_CONF_UNSET ? -2 : a.per_ip;
    int body_memory = a.body_memory == VO_CONF_UNSET ? 0 : a.body_memory;
    int keep = a.backup_keep == VO_CONF_UNSET ? 7 : a.backup_keep;
    if (head_timeout < 0 || min_rate < 0 || per_ip < -2 || per_ip == -1 || body_memory < 0 ||
        body_memory > 1024 * 1024 || keep < 0) {
        rc = vo_cli_usage("serve", "--head-timeout, --min-body-rate, --per-ip-connections, "
                                   "--body-memory and --backup-keep take a number >= 0");
        goto out;
    }
    int rate = a.rate_limit == VO_CONF_UNSET ? (int)VO_RATE_LIMIT_DEFAULT : a.rate_limit;
    int burst = a.rate_burst == VO_CONF_UNSET ? (int)VO_RATE_BURST_DEFAULT : a.rate_burst;
    if (rate < 0 || rate > (int)VO_RATE_MAX || burst < 1 || burst > (int)VO_RATE_MAX) {
        rc = vo_cli_usage("serve", "--rate-limit takes 0..%u and --rate-burst 1..%u", VO_RATE_MAX,
                          VO_RATE_MAX);
        goto out;
    }
    bool json_log = false;
    if (a.log_format && strcmp(a.log_format, "json") != 0 && strcmp(a.log_format, "text") != 0) {
        rc = vo_cli_usage("serve", "--log-format is text or json, not \"%s\"", a.log_format);
        goto out;
    }
    json_log = a.log_format && strcmp(a.log_format, "json") == 0;
    int64_t every = 0;
    if (a.backup_every && !parse_duration(a.backup_every, &every)) {
        rc = vo_cli_usage("serve", "--backup-every: \"%s\" is not a duration (like 24h, 30m, 7d)",
                          a.backup_every);
        goto out;
    }
    int64_t backoff = 0;
    if (a.webhook_backoff &&
        (!parse_duration(a.webhook_backoff, &backoff) || backoff < 1 || backoff > 86400)) {
        rc = vo_cli_usage("serve", "--webhook-backoff: \"%s\" is not a duration of 1s to 1d",
                          a.webhook_backoff);
        goto out;
    }
    struct vo_error e = {0};
    struct vo_trusted_proxies trusted = {0};
    if (a.proxies && vo_trusted_proxies_parse(a.proxies, &trusted, &e)) {
        rc = vo_cli_fail(&e);
        goto out;
    }
    /* Block the stop signals in every thread; this one waits for them. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    /* the snapshots: by default beside a SQLite file (DB.snapshots); on
     * PostgreSQL only where asked */
    const char *db_path = vo_cli_db_path(&common);
    char *snap_dir = NULL;
    if (a.snapshot_dir && strcmp(a.snapshot_dir, "off") != 0)
        snap_dir = g_strdup(a.snapshot_dir);
    else if (!a.snapshot_dir)
        snap_dir = vo_svc_snap_dir_default(db_path);
    struct vo_server_opts o = {.db_path = db_path,
                               .snapshot_dir = snap_dir,
                               .listen = a.listen ? a.listen : "127.0.0.1:8080",
                               .web_root = a.web,
                               .threads = threads > 0 ? (unsigned)threads : 0,
                               .secure_cookies = a.secure,
                               .quiet = a.quiet,
                               .head_timeout_s = (unsigned)head_timeout,
                               .min_body_rate = (size_t)min_rate,
                               .per_ip_limit = per_ip == -2  ? 0
                                               : per_ip == 0 ? -1
                                                             : per_ip,
                               .body_memory = (size_t)body_memory * 1024 * 1024,
                               .trusted_proxies = trusted,
                               .metrics_token = a.metrics_token,
                               .warm_up = true,
                               .backup_dir = a.backup_dir,
                               .backup_every_s = every,
                               .backup_keep = keep,
                               .log_json = json_log,
                               .log_russian = vo_cli_russian(),
                               .webhook_backoff_s = (unsigned)backoff,
                               .rate_limit = (unsigned)rate,
                               .rate_burst = (unsigned)burst};
    vo_svc_webhooks_allow_private(a.webhook_private);
    struct vo_server *srv = NULL;
    int port = 0;
    vo_err started = vo_server_start(&o, &srv, &port, &e);
    g_free(snap_dir); /* the server keeps its own copy */
    if (started) {
        rc = vo_cli_fail(&e);
        goto out;
    }
    if (!json_log) {
        fprintf(stderr, vo_cli_tr("voronka: serving %s on http://%s (port %d); Ctrl-C stops\n"),
                o.db_path, o.listen, port);
        if (vo_password_cost_is_test())
            fprintf(stderr, "%s",
                    vo_cli_tr("voronka: VO_TEST_PASSWORD_COST=min: passwords are hashed "
                              "at argon2id's minimum cost, for tests only\n"));
    } else {
        vo_log_event(srv, "info", "serving", "listen", o.listen);
        if (vo_password_cost_is_test())
            vo_log_event(srv, "warning", "test_password_cost", "VO_TEST_PASSWORD_COST", "min");
    }
    int sig = 0;
    sigwait(&set, &sig);
    if (!json_log)
        fprintf(stderr, vo_cli_tr("voronka: stopping (signal %d): finishing requests in flight\n"),
                sig);
    else
        vo_log_event(srv, "info", "stopping", NULL, NULL);
    vo_server_stop(srv);
    if (!json_log)
        fputs(vo_cli_tr("voronka: stopped\n"), stderr);
out:
    g_free(common.db);
    g_free(common.org);
    args_free(&a);
    return rc;
}
