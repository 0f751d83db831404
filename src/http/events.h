/*
 * events.h - the live delivery of notifications as Server-Sent Events
 * (events.c): the route's handler, the response the server queues for
 * it, and the delivery thread's start and stop.
 */
#ifndef VO_HTTP_EVENTS_H
#define VO_HTTP_EVENTS_H

#include "http/http_int.h"

struct MHD_Connection;
struct MHD_Response;

/* Open streams at most per user and per server: a user's stream past
 * the bound ends their oldest one (a reloaded tab's, most often); past
 * the server's the route answers 503 (busy), with Retry-After. */
#define VO_EVENTS_PER_USER 4
#define VO_EVENTS_TOTAL    256

/* The delivery thread: started by vo_server_start; vo_events_stop ends
 * every stream and joins it (before the daemon stops), vo_events_free
 * frees the rest (after). s->events may be NULL. */
void vo_events_start(struct vo_server *s);
void vo_events_stop(struct vo_server *s);
void vo_events_free(struct vo_server *s);

/* The response of a request whose handler opened a stream (r->stream),
 * which it takes; NULL (the stream dropped) when MHD cannot make one. */
struct MHD_Response *vo_events_response(struct vo_req *r, struct MHD_Connection *conn);
/* Drops r's stream when it was not handed to a response. */
void vo_events_drop(struct vo_req *r);

#endif
