/*
 * remind.h - the server's reminder thread: every opts.remind_ms (default
 * 30 s) it asks the service for the time-based notifications (a task due
 * in 15 minutes, a task overdue: vo_svc_notify_tick). Started by
 * vo_server_start, stopped by vo_server_stop; not run by a server made
 * with vo_server_open alone (the fuzz targets, run.c).
 */
#ifndef VO_HTTP_REMIND_H
#define VO_HTTP_REMIND_H

#include "http/http_int.h"

void vo_remind_start(struct vo_server *s);
/* Stops and joins the thread (s->remind may be NULL). */
void vo_remind_stop(struct vo_server *s);

#endif
