/*
 * serve.c - `voronka serve`: the HTTP server until SIGINT or SIGTERM,
 * then a graceful stop (in-flight requests finish, the database closes).
 *
 * It lives beside main.c, outside the layers, because it is where the
 * command line meets the HTTP server: src/cli/ may not include src/http/
 * (ARCHITECTURE.md), so the binary adds this subcommand to the CLI's table
 * (vo_cli_main's `more`) the way it links the two.
 */
#include "serve.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>

#include "cli/cli.h"
#include "http/http.h"

int vo_cmd_serve(int argc, char **argv)
{
    struct vo_cli_common common = {0};
    char *listen = NULL, *web = NULL, *proxies = NULL;
    int threads = 0, head_timeout = 0, min_rate = 0, per_ip = -2, body_memory = 0;
    gboolean secure = FALSE, quiet = FALSE;
    GOptionEntry entries[] = {
        {"listen", 0, 0, G_OPTION_ARG_STRING, &listen, VO_MSG("Address (default 127.0.0.1:8080)"),
         "HOST:PORT"},
        {"web", 0, 0, G_OPTION_ARG_FILENAME, &web, VO_MSG("Directory of the web app"), "DIR"},
        {"threads", 0, 0, G_OPTION_ARG_INT, &threads,
         VO_MSG("Worker threads (default: one per core)"), "N"},
        {"secure-cookies", 0, 0, G_OPTION_ARG_NONE, &secure,
         VO_MSG("Mark the session cookie Secure (behind HTTPS)"), NULL},
        {"quiet", 0, 0, G_OPTION_ARG_NONE, &quiet, VO_MSG("No access log"), NULL},
        {"trusted-proxy", 0, 0, G_OPTION_ARG_STRING, &proxies,
         VO_MSG("Reverse proxies whose X-Forwarded-For / X-Real-IP names the client"),
         "ADDR[,ADDR]"},
        {"head-timeout", 0, 0, G_OPTION_ARG_INT, &head_timeout,
         VO_MSG("Seconds a request's head (line and headers) may take (default 10)"), "S"},
        {"min-body-rate", 0, 0, G_OPTION_ARG_INT, &min_rate,
         VO_MSG("Bytes a second a request body must average (default 1024)"), "B"},
        {"per-ip-connections", 0, 0, G_OPTION_ARG_INT, &per_ip,
         VO_MSG("Connections one client address may hold (default 128, 0: no limit)"), "N"},
        {"body-memory", 0, 0, G_OPTION_ARG_INT, &body_memory,
         VO_MSG("MiB of request bodies held in memory at once (default 64)"), "MIB"},
        G_OPTION_ENTRY_NULL};
    int rc = vo_cli_parse(&argc, &argv, "",
                          VO_MSG("Serves the JSON API (and the web app) until SIGINT or SIGTERM."),
                          entries, &common);
    if (rc)
        goto out;
    if (head_timeout < 0 || min_rate < 0 || per_ip < -2 || per_ip == -1 || body_memory < 0 ||
        body_memory > 1024 * 1024) {
        rc = vo_cli_usage("serve", "--head-timeout, --min-body-rate, --per-ip-connections and "
                                   "--body-memory take a number >= 0");
        goto out;
    }
    struct vo_error e = {0};
    struct vo_trusted_proxies trusted = {0};
    if (proxies && vo_trusted_proxies_parse(proxies, &trusted, &e)) {
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
    struct vo_server_opts o = {.db_path = vo_cli_db_path(&common),
                               .listen = listen ? listen : "127.0.0.1:8080",
                               .web_root = web,
                               .threads = threads > 0 ? (unsigned)threads : 0,
                               .secure_cookies = secure,
                               .quiet = quiet,
                               .head_timeout_s = (unsigned)head_timeout,
                               .min_body_rate = (size_t)min_rate,
                               .per_ip_limit = per_ip == -2  ? 0
                                               : per_ip == 0 ? -1
                                                             : per_ip,
                               .body_memory = (size_t)body_memory * 1024 * 1024,
                               .trusted_proxies = trusted};
    struct vo_server *srv = NULL;
    int port = 0;
    if (vo_server_start(&o, &srv, &port, &e)) {
        rc = vo_cli_fail(&e);
        goto out;
    }
    fprintf(stderr, vo_cli_tr("voronka: serving %s on http://%s (port %d); Ctrl-C stops\n"),
            o.db_path, o.listen, port);
    int sig = 0;
    sigwait(&set, &sig);
    fprintf(stderr, vo_cli_tr("voronka: stopping (signal %d): finishing requests in flight\n"),
            sig);
    vo_server_stop(srv);
    fputs(vo_cli_tr("voronka: stopped\n"), stderr);
out:
    g_free(common.db);
    g_free(common.org);
    g_free(listen);
    g_free(web);
    g_free(proxies);
    return rc;
}
