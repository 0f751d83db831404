/*
 * http_request.c - the text of a test's HTTP/1.1 request and its sending
 * (http_request.h).
 */
#include "http_request.h"

#include <sys/socket.h>
#include <sys/types.h>

GString *vo_test_request_text(const char *method, const char *path, const char *cookie,
                              const char *csrf, const char *bearer, const char *content_type,
                              const char *body, size_t len)
{
    GString *req = g_string_new(NULL);
    g_string_append_printf(req, "%s %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n",
                           method, path);
    if (cookie)
        g_string_append_printf(req, "Cookie: vo_session=%s\r\n", cookie);
    if (csrf)
        g_string_append_printf(req, "X-CSRF-Token: %s\r\n", csrf);
    if (bearer)
        g_string_append_printf(req, "Authorization: Bearer %s\r\n", bearer);
    if (body) {
        g_string_append_printf(req, "Content-Type: %s\r\nContent-Length: %zu\r\n\r\n", content_type,
                               len);
        g_string_append_len(req, body, (gssize)len);
    } else {
        g_string_append(req, "\r\n");
    }
    return req;
}

bool vo_test_send_all(int fd, const GString *req)
{
    size_t off = 0;
    while (off < req->len) {
        ssize_t n = send(fd, req->str + off, req->len - off, MSG_NOSIGNAL);
        if (n <= 0)
            break;
        off += (size_t)n;
    }
    return off == req->len;
}
