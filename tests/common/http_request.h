/*
 * http_request.h - the text of a test's HTTP/1.1 request and its sending,
 * shared by the unit tests' client (tests/unit/http_client.c) and the
 * system tests' (tests/system/sys.c). No Criterion: the callers check.
 */
#ifndef VO_TEST_HTTP_REQUEST_H
#define VO_TEST_HTTP_REQUEST_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

/* "METHOD path HTTP/1.1" to localhost with Connection: close, then the
 * headers of those of cookie (vo_session), csrf (X-CSRF-Token) and bearer
 * (Authorization) that are not NULL; then, when body is not NULL, its
 * Content-Type and Content-Length and its len bytes (may hold NULs).
 * g_string_free. */
GString *vo_test_request_text(const char *method, const char *path, const char *cookie,
                              const char *csrf, const char *bearer, const char *content_type,
                              const char *body, size_t len);
/* Sends all of req on fd (no SIGPIPE); whether it all went. */
bool vo_test_send_all(int fd, const GString *req);

#endif
