/*
 * fake_server.c - another system's HTTP server inside a test
 * (fake_server.h).
 */
#include "fake_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

static struct {
    pthread_mutex_t lock;
    int fd, port;
    pthread_t thread;
    bool stop; /* under lock */
    vo_fake_handler fn;
    void *ctx;
} fs = {.lock = PTHREAD_MUTEX_INITIALIZER};

void vo_fake_header(const char *head, const char *name, char *out, size_t size)
{
    out[0] = '\0';
    size_t len = strlen(name);
    for (const char *p = strstr(head, "\r\n"); p && p[2]; p = strstr(p + 2, "\r\n")) {
        const char *h = p + 2;
        if (strncasecmp(h, name, len) == 0 && h[len] == ':') {
            h += len + 1;
            while (*h == ' ')
                h++;
            size_t n = strcspn(h, "\r\n");
            snprintf(out, size, "%.*s", (int)(n < size ? n : size - 1), h);
            return;
        }
    }
}

static void serve_one(int c)
{
    GString *in = g_string_new(NULL);
    char buf[4096];
    ssize_t got;
    size_t head_end = 0, want = 0;
    while ((got = read(c, buf, sizeof buf)) > 0) {
        g_string_append_len(in, buf, got);
        char *end = head_end ? NULL : strstr(in->str, "\r\n\r\n");
        if (end) {
            char cl[32];
            head_end = (size_t)(end - in->str);
            *end = '\0';
            vo_fake_header(in->str, "Content-Length", cl, sizeof cl);
            *end = '\r';
            want = head_end + 4 + (size_t)atol(cl);
        }
        if (head_end && in->len >= want)
            break;
    }
    if (!head_end) {
        close(c);
        g_string_free(in, TRUE);
        return;
    }
    in->str[head_end] = '\0';
    char *line = g_strndup(in->str, strcspn(in->str, "\r\n"));
    char **parts = g_strsplit(line, " ", 3);
    struct vo_fake_req req = {.method = parts[0] ? parts[0] : "",
                              .target = parts[0] && parts[1] ? parts[1] : "",
                              .head = in->str,
                              .body = in->str + head_end + 4};
    GString *out = g_string_new(NULL);
    int status = fs.fn(&req, out, fs.ctx);
    GString *resp = g_string_new(NULL);
    g_string_printf(resp,
                    "HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
                    "Connection: close\r\n\r\n",
                    status, out->len);
    g_string_append_len(resp, out->str, (gssize)out->len);
    for (size_t off = 0; off < resp->len;) {
        ssize_t w = write(c, resp->str + off, resp->len - off);
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    close(c);
    g_string_free(resp, TRUE);
    g_string_free(out, TRUE);
    g_strfreev(parts);
    g_free(line);
    g_string_free(in, TRUE);
}

static void *run(void *unused)
{
    (void)unused;
    for (;;) {
        pthread_mutex_lock(&fs.lock);
        bool stop = fs.stop;
        pthread_mutex_unlock(&fs.lock);
        if (stop)
            return NULL;
        struct pollfd p = {.fd = fs.fd, .events = POLLIN};
        if (poll(&p, 1, 50) == 1) {
            int c = accept(fs.fd, NULL, NULL);
            if (c >= 0)
                serve_one(c);
        }
    }
}

int vo_fake_start(vo_fake_handler fn, void *ctx)
{
    fs.fn = fn;
    fs.ctx = ctx;
    fs.stop = false;
    fs.fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fs.fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(fs.fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fs.fd, 16) != 0)
        return -1;
    socklen_t len = sizeof a;
    getsockname(fs.fd, (struct sockaddr *)&a, &len);
    fs.port = ntohs(a.sin_port);
    pthread_create(&fs.thread, NULL, run, NULL);
    return fs.port;
}

void vo_fake_stop(void)
{
    pthread_mutex_lock(&fs.lock);
    fs.stop = true;
    pthread_mutex_unlock(&fs.lock);
    pthread_join(fs.thread, NULL);
    close(fs.fd);
}
