/*
 * log.c - the server's log on stderr (http_int.h): the access log, one
 * line per answered request, and the events of the background threads.
 * Plain text by default ("GET /api/v1/deals 200 512 3.1ms"); with
 * `serve --log-format json` one JSON object a line (jansson), with the
 * keys ts (UTC, ISO 8601 with milliseconds), level, msg and, for a
 * request, method, path, route (the route pattern, "" for none), status,
 * bytes and ms (docs/OPERATIONS.md, "Logs"). A line is written with one
 * fputs of a whole line, so lines of threads never mix.
 */
#include "http/http_int.h"
#include "base/messages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Now as "2026-11-20T09:00:00.123Z". */
static void now_iso(char out[32])
{
    GDateTime *dt = g_date_time_new_now_utc();
    char *s = g_date_time_format(dt, "%Y-%m-%dT%H:%M:%S");
    snprintf(out, 32, "%s.%03dZ", s, g_date_time_get_microsecond(dt) / 1000);
    g_free(s);
    g_date_time_unref(dt);
}

static void put_json(json_t *o)
{
    char ts[32];
    now_iso(ts);
    json_object_set_new(o, "ts", json_string(ts));
    char *line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!line)
        return;
    char *nl = g_strconcat(line, "\n", NULL);
    fputs(nl, stderr);
    g_free(nl);
    free(line);
}

void vo_log_access(struct vo_server *s, const char *method, const char *path,
                   const struct vo_route *route, unsigned status, size_t bytes, double ms)
{
    if (s->opts.quiet)
        return;
    if (!s->opts.log_json) {
        fprintf(stderr, "%s %s %u %zu %.1fms\n", method, path, status, bytes, ms);
        return;
    }
    /* ts first in the line: the object keeps the order of insertion */
    json_t *o = json_object();
    json_object_set_new(o, "ts", json_null());
    json_object_set_new(o, "level", json_string(status >= 500 ? "error" : "info"));
    json_object_set_new(o, "msg", json_string("request"));
    json_object_set_new(o, "method", json_string(method));
    /* the path as sent: not always UTF-8 */
    json_object_set_new(o, "path",
                        json_string(g_utf8_validate(path, -1, NULL) ? path : "(not UTF-8)"));
    json_object_set_new(o, "route", json_string(route ? route->path : ""));
    json_object_set_new(o, "status", json_integer(status));
    json_object_set_new(o, "bytes", json_integer((json_int_t)bytes));
    json_object_set_new(o, "ms", json_real((double)(int64_t)(ms * 10.0 + 0.5) / 10.0));
    put_json(o);
}

void vo_log_event(struct vo_server *s, const char *level, const char *msg, const char *key,
                  const char *value)
{
    bool error = strcmp(level, "error") == 0;
    if (s->opts.quiet && !error)
        return;
    if (!s->opts.log_json) {
        msg = vo_message_tr(msg, s->opts.log_russian);
        if (key && value)
            fprintf(stderr, "voronka: %s: %s\n", msg, value);
        else
            fprintf(stderr, "voronka: %s\n", msg);
        return;
    }
    json_t *o = json_object();
    json_object_set_new(o, "ts", json_null());
    json_object_set_new(o, "level", json_string(level));
    json_object_set_new(o, "msg", json_string(msg));
    if (key && value)
        json_object_set_new(o, key,
                            g_utf8_validate(value, -1, NULL) ? json_string(value)
                                                             : json_string("(not UTF-8)"));
    put_json(o);
}

const char *vo_log_error_text(const struct vo_server *s, const struct vo_error *e)
{
    return s->opts.log_russian && !s->opts.log_json && e->msg_ru[0] ? e->msg_ru : e->msg;
}
