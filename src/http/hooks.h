/*
 * hooks.h - the server's webhook delivery thread (docs/webhooks.md):
 * every opts.webhook_ms (default 2 s) it posts the deliveries due
 * (vo_svc_webhooks_tick) and records each outcome, retrying with the
 * back-off of opts.webhook_backoff_s (default 30 s). Started by
 * vo_server_start, stopped by vo_server_stop.
 */
#ifndef VO_HTTP_HOOKS_H
#define VO_HTTP_HOOKS_H

#include "http/http_int.h"

void vo_hooks_start(struct vo_server *s);
/* Stops and joins the thread (s->hooks may be NULL). */
void vo_hooks_stop(struct vo_server *s);

#endif
