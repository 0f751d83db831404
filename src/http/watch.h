/*
 * watch.h - deadlines for a connection's request head and body, and the
 * thread that enforces them (watch.c). Only server.c and watch.c use it.
 */
#ifndef VO_HTTP_WATCH_H
#define VO_HTTP_WATCH_H

#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>

#include "http/http_int.h"

/* Starts the sweeper with the server's options (s->watch); stop joins it
 * and frees what it holds: call it after MHD_stop_daemon. */
void vo_watch_start(struct vo_server *s);
void vo_watch_stop(struct vo_server *s);
/* MHD_OPTION_NOTIFY_CONNECTION's callback; its closure is s->watch. */
void vo_watch_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
                     enum MHD_ConnectionNotificationCode toe);
/* What the request path tells it, from the connection's own thread: a
 * request line arrived; the head is complete (body: a body follows); n
 * body bytes arrived; the body is complete; the request is done and the
 * connection waits for the next one. */
void vo_watch_request_line(struct vo_server *s, struct MHD_Connection *conn);
void vo_watch_head_done(struct MHD_Connection *conn, bool body);
void vo_watch_body(struct MHD_Connection *conn, size_t n);
void vo_watch_body_done(struct MHD_Connection *conn);
void vo_watch_idle(struct vo_server *s, struct MHD_Connection *conn);

#endif
