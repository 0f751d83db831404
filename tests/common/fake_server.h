/*
 * fake_server.h - another system's HTTP server inside a test: a thread
 * on 127.0.0.1 (a free port) that reads each request (one per connection)
 * and answers what the test's handler says. For the sync's recorded
 * answers of amoCRM and Bitrix24 (test_sync). No Criterion: the callers
 * check.
 */
#ifndef VO_TEST_FAKE_SERVER_H
#define VO_TEST_FAKE_SERVER_H

#include <glib.h>

/* One request as received: the request line's method and target, the
 * head (request line and headers, NUL-terminated) and the body. */
struct vo_fake_req {
    const char *method, *target, *head, *body;
};

/* Answers req: the status, the body into out (JSON is assumed). Called on
 * the server's thread, one request at a time. */
typedef int (*vo_fake_handler)(const struct vo_fake_req *req, GString *out, void *ctx);

/* Starts the server; returns its port. */
int vo_fake_start(vo_fake_handler fn, void *ctx);
void vo_fake_stop(void);

/* The value of header name in head into out ("" when absent). */
void vo_fake_header(const char *head, const char *name, char *out, size_t size);

#endif
