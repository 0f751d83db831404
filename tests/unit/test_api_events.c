/*
 * test_api_events.c - GET /api/v1/events, the live notifications as
 * Server-Sent Events, through the real server over a plain socket: the
 * stream's head (200, text/event-stream), a notification the moment it is
 * created (a deal given to anna through the API reaches her open stream,
 * pushed while it stays open, and nobody else's), resuming with Last-Event-ID, and
 * the bound of streams per user (the oldest one ends). Due times and
 * dates play no part, so the suite passes whatever today is.
 */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "api_fixture.h"
#include "http/http.h"
#include "testutil.h"

static void setup(void)
{
    vo_api_start_crm(NULL, true, "Новая", "Счёт", NULL);
}

TestSuite(api_events, .init = setup, .fini = vo_api_stop, .timeout = 120);

struct sse {
    int fd;
    GString *in; /* everything read so far */
    bool ended;  /* the server closed the connection */
};

/* Opens GET /api/v1/events as l (last_id NULL: no Last-Event-ID). */
static struct sse sse_open(const struct vo_test_login *l, const char *last_id)
{
    struct sse s = {socket(AF_INET, SOCK_STREAM, 0), g_string_new(""), false};
    cr_assert(s.fd >= 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)vo_api.port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    cr_assert_eq(connect(s.fd, (struct sockaddr *)&sa, sizeof sa), 0);
    GString *req = g_string_new("GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                "Accept: text/event-stream\r\n");
    g_string_append_printf(req, "Cookie: vo_session=%s\r\n", l->cookie);
    if (last_id)
        g_string_append_printf(req, "Last-Event-ID: %s\r\n", last_id);
    g_string_append(req, "\r\n");
    cr_assert_eq(write(s.fd, req->str, req->len), (ssize_t)req->len);
    g_string_free(req, TRUE);
    return s;
}

static void sse_close(struct sse *s)
{
    close(s->fd);
    g_string_free(s->in, TRUE);
}

/* Reads until what appears in the stream or ms pass: whether it did. */
static bool sse_wait(struct sse *s, const char *what, int ms)
{
    gint64 end = g_get_monotonic_time() + (gint64)ms * 1000;
    while (!strstr(s->in->str, what)) {
        gint64 left = (end - g_get_monotonic_time()) / 1000;
        if (left <= 0)
            return false;
        struct pollfd p = {.fd = s->fd, .events = POLLIN};
        if (poll(&p, 1, (int)left) <= 0)
            return false;
        char buf[4096];
        ssize_t n = read(s->fd, buf, sizeof buf);
        if (n <= 0) {
            s->ended = n == 0;
            return false;
        }
        g_string_append_len(s->in, buf, n);
    }
    return true;
}

/* A deal the head gives to user (anna or boris): its id. */
static int64_t give_deal(const char *title, int64_t user)
{
    char *body = g_strdup_printf("{\"title\":\"%s\",\"pipeline\":\"Продажи\",\"owner_id\":%lld}",
                                 title, (long long)user);
    int64_t id = vo_api_create(vo_api_user("head"), "/api/v1/deals", body);
    g_free(body);
    return id;
}

Test(api_events, an_assignment_reaches_the_open_stream)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    const struct vo_test_login *boris = vo_api_user("boris");
    struct sse a = sse_open(anna, NULL), b = sse_open(boris, NULL);
    cr_assert(sse_wait(&a, ": connected\n\n", 2000), "%s", a.in->str);
    cr_assert(sse_wait(&b, ": connected\n\n", 2000), "%s", b.in->str);
    cr_assert(strncmp(a.in->str, "HTTP/1.1 200", 12) == 0, "%s", a.in->str);
    cr_assert(strstr(a.in->str, "Content-Type: text/event-stream"), "%s", a.in->str);

    /* pushed, not polled by the client: the stream gets it while it stays
     * open (the wait is generous so a loaded machine does not fail it; the
     * latency is no unit test's to measure) */
    int64_t deal = give_deal("Поставка станков", vo_api.manager_id);
    cr_assert(sse_wait(&a, "event: notification\n", 15000), "no event on the stream: %s",
              a.in->str);
    cr_assert(sse_wait(&a, "\n\n", 5000));
    /* the event's data is the notification as GET /notifications shows it */
    const char *data = strstr(a.in->str, "data: ");
    cr_assert(data);
    data += 6;
    json_t *j = json_loadb(data, strcspn(data, "\n"), 0, NULL);
    cr_assert(j, "%s", data);
    cr_assert_str_eq(jstr(j, "kind"), "deal_assigned");
    cr_assert_eq(jint(j, "object_id"), deal);
    cr_assert_str_eq(jstr(j, "title"), "Поставка станков");
    char *id_line = g_strdup_printf("id: %lld\n", (long long)jint(j, "id"));
    cr_assert(strstr(a.in->str, id_line), "%s", a.in->str);
    json_decref(j);
    g_free(id_line);
    /* boris's stream got nothing of anna's */
    cr_assert(!sse_wait(&b, "event:", 300), "%s", b.in->str);
    sse_close(&a);
    sse_close(&b);
}

Test(api_events, last_event_id_resumes_after_it)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    give_deal("Первая", vo_api.manager_id);
    give_deal("Вторая", vo_api.manager_id);
    give_deal("Третья", vo_api.manager_id);
    struct vo_test_resp r = as(anna, "GET", "/api/v1/notifications", NULL);
    cr_assert_eq(r.status, 200);
    json_t *items = json_object_get(r.json, "items");
    cr_assert_eq(json_array_size(items), 3);
    /* newest first: [2] is "Первая" */
    char *first = g_strdup_printf("%lld", (long long)jint(json_array_get(items, 2), "id"));
    vo_test_resp_free(&r);
    struct sse s = sse_open(anna, first);
    cr_assert(sse_wait(&s, "Третья", 2000), "%s", s.in->str);
    cr_assert(strstr(s.in->str, "Вторая"), "%s", s.in->str);
    cr_assert(!strstr(s.in->str, "Первая"), "%s", s.in->str);
    /* and then the new ones, once each */
    give_deal("Четвёртая", vo_api.manager_id);
    cr_assert(sse_wait(&s, "Четвёртая", 1000), "%s", s.in->str);
    sse_wait(&s, "(read 400 ms more)", 400);
    cr_assert(strstr(s.in->str, "Четвёртая") == g_strrstr(s.in->str, "Четвёртая"), "twice: %s",
              s.in->str);
    sse_close(&s);
    g_free(first);
    vo_api_expect(anna, "GET", "/api/v1/events?last_event_id=x", NULL, 422, "Last-Event-ID", NULL);
}

Test(api_events, streams_per_user_are_bounded)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    struct sse v[4];
    for (int i = 0; i < 4; i++) {
        v[i] = sse_open(anna, NULL);
        cr_assert(sse_wait(&v[i], ": connected", 2000), "stream %d: %s", i, v[i].in->str);
    }
    /* a fifth is served, and the oldest one ends (a reloaded tab's) */
    struct sse newest = sse_open(anna, NULL);
    cr_assert(sse_wait(&newest, ": connected", 2000), "%s", newest.in->str);
    cr_assert(strncmp(newest.in->str, "HTTP/1.1 200", 12) == 0, "%s", newest.in->str);
    /* its last chunk (or the connection closed) */
    cr_assert(sse_wait(&v[0], "\r\n0\r\n\r\n", 2000) || v[0].ended,
              "the oldest stream did not end: %s", v[0].in->str);
    /* the newest gets what comes next; the ended one does not */
    give_deal("Пятая", vo_api.manager_id);
    cr_assert(sse_wait(&newest, "Пятая", 2000), "%s", newest.in->str);
    cr_assert(!strstr(v[0].in->str, "Пятая"), "%s", v[0].in->str);
    sse_close(&newest);
    /* another user is not bound by anna's streams */
    struct sse b = sse_open(vo_api_user("boris"), NULL);
    cr_assert(sse_wait(&b, ": connected", 2000), "%s", b.in->str);
    sse_close(&b);
    for (int i = 0; i < 4; i++)
        sse_close(&v[i]);
    vo_api_expect(NULL, "GET", "/api/v1/events", NULL, 401, NULL, NULL);
}
