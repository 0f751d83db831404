/*
 * test_webhooks.c - outgoing webhooks (issue 13, item 5; docs/webhooks.md)
 * against a receiver in the test (tests/common/fake_server.h: a server
 * thread on 127.0.0.1 that records each request and answers the status the
 * test sets): the
 * signature verifies with the secret the create answered; a deal's move
 * is delivered with its payload; a receiver answering 500 gets the
 * attempts again after the back-off (the test moves next_at forward
 * instead of waiting it out) and the fifth failure in a row disables the
 * webhook until PATCH active=true; a write that rolls back queues and
 * sends nothing; a manager and a viewer get 403; a bad url or event 422
 * naming the field; the test delivery; the metrics; one delivery of the
 * right event for each write of a client, deal, task, payment and promise.
 */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "io/webhook_post.h"
#include "api_fixture.h"
#include "fake_server.h"
#include "base/timeutil.h"
#include "http/http.h"
#include "service/webhooks.h"
#include "testutil.h"

/* ---- the receiver (tests/common/fake_server.h) ---- */

#define RX_MAX 64
struct rx_req {
    char event[64], delivery[32], signature[128];
    char *body;
    int64_t at; /* when it arrived (unix seconds) */
};
static struct {
    pthread_mutex_t lock;
    int port;
    int status;              /* under lock: what the receiver answers */
    size_t n;                /* under lock */
    struct rx_req r[RX_MAX]; /* under lock */
} rx = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* Records the request and answers the status the test set. */
static int rx_answer(const struct vo_fake_req *req, GString *out, void *ctx)
{
    (void)out, (void)ctx;
    pthread_mutex_lock(&rx.lock);
    int status = rx.status;
    if (rx.n < RX_MAX) {
        struct rx_req *q = &rx.r[rx.n++];
        vo_fake_header(req->head, "X-Voronka-Event", q->event, sizeof q->event);
        vo_fake_header(req->head, "X-Voronka-Delivery", q->delivery, sizeof q->delivery);
        vo_fake_header(req->head, "X-Voronka-Signature", q->signature, sizeof q->signature);
        q->body = g_strdup(req->body);
        q->at = vo_now();
    }
    pthread_mutex_unlock(&rx.lock);
    return status;
}

static void rx_start(void)
{
    rx.status = 200;
    rx.n = 0;
    rx.port = vo_fake_start(rx_answer, NULL);
    cr_assert_gt(rx.port, 0);
}

static void rx_stop(void)
{
    vo_fake_stop();
    for (size_t i = 0; i < rx.n; i++)
        g_free(rx.r[i].body);
    rx.n = 0;
}

static void rx_status(int status)
{
    pthread_mutex_lock(&rx.lock);
    rx.status = status;
    pthread_mutex_unlock(&rx.lock);
}

static size_t rx_count(void)
{
    pthread_mutex_lock(&rx.lock);
    size_t n = rx.n;
    pthread_mutex_unlock(&rx.lock);
    return n;
}

/* Waits (up to 10 s) for the receiver to have n requests. */
static void rx_wait(size_t n)
{
    for (int i = 0; i < 200 && rx_count() < n; i++)
        g_usleep(50000);
    cr_assert_geq(rx_count(), n, "the receiver got %zu requests, not %zu", rx_count(), n);
}

/* A copy of request i (its body g_free'd by rx_stop). */
static struct rx_req rx_get(size_t i)
{
    pthread_mutex_lock(&rx.lock);
    struct rx_req q = rx.r[i];
    pthread_mutex_unlock(&rx.lock);
    return q;
}

/* ---- the suite ---- */

static void setup(void)
{
    rx_start();
    vo_webhook_allow_private(true); /* the receiver is on 127.0.0.1 */
    struct vo_server_opts o = {
        .threads = 2, .body_limit = 64 * 1024, .webhook_ms = 100, .webhook_backoff_s = 1};
    vo_api_start_crm(&o, false, "Новая", "Переговоры", "Договор", NULL);
}

static void teardown(void)
{
    vo_api_stop();
    rx_stop();
}

TestSuite(webhooks, .init = setup, .fini = teardown, .timeout = 120);

static const char *hook_url(void)
{
    return vo_api_fmt("http://127.0.0.1:%d/hook", rx.port);
}

/* Creates a webhook of events (a JSON list) as admin: its id, its secret
 * in *secret (arena). */
static int64_t make_hook(const char *events, const char **secret)
{
    const struct vo_test_login *admin = vo_api_role("admin");
    struct vo_test_resp r = as(admin, "POST", "/api/v1/webhooks",
                               vo_api_fmt("{\"url\":\"%s\",\"events\":%s}", hook_url(), events));
    cr_assert_eq(r.status, 201, "%s", r.body);
    int64_t id = jint(r.json, "id");
    const char *s = jstr(r.json, "secret");
    cr_assert_eq(strlen(s), 64);
    if (secret)
        *secret = vo_api_fmt("%s", s);
    cr_assert(json_is_true(json_object_get(r.json, "active")));
    vo_test_resp_free(&r);
    return id;
}

/* Whether sig is "sha256=" and the hex HMAC-SHA256 of body with secret,
 * computed here with libsodium on its own. */
static bool signature_ok(const char *secret, const char *body, const char *sig)
{
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state s;
    crypto_auth_hmacsha256_init(&s, (const unsigned char *)secret, strlen(secret));
    crypto_auth_hmacsha256_update(&s, (const unsigned char *)body, strlen(body));
    crypto_auth_hmacsha256_final(&s, mac);
    char hex[2 * sizeof mac + 1];
    sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
    return strncmp(sig, "sha256=", 7) == 0 && strcmp(sig + 7, hex) == 0;
}

/* One integer from the company's database (sql returns one row). */
static int64_t sql_int(const char *sql)
{
    return vo_test_sql_int(vo_api.db_path, sql);
}

static int64_t new_deal(const char *title)
{
    return vo_api_create(vo_api_role("manager"), "/api/v1/deals",
                         vo_api_fmt("{\"title\":\"%s\",\"pipeline\":\"Продажи\"}", title));
}

Test(webhooks, deal_move_delivered_signed)
{
    const char *secret = NULL;
    int64_t hook = make_hook("[\"deal.stage_changed\"]", &secret);
    int64_t deal = new_deal("Станки"); /* deal.created: not taken */
    struct vo_test_resp r = as(vo_api_role("manager"), "POST", vo_api_deal_path(deal, "/move"),
                               "{\"stage\":\"Переговоры\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    vo_test_resp_free(&r);
    rx_wait(1);
    struct rx_req q = rx_get(0);
    cr_assert_str_eq(q.event, "deal.stage_changed");
    cr_assert(signature_ok(secret, q.body, q.signature), "signature %s of %s", q.signature, q.body);
    json_t *p = json_loads(q.body, 0, NULL);
    cr_assert(p, "%s", q.body);
    cr_assert_str_eq(jstr(p, "event"), "deal.stage_changed");
    cr_assert_str_eq(jstr(p, "object"), "deal");
    cr_assert_eq(jint(p, "object_id"), deal);
    cr_assert_str_eq(jstr(p, "detail"), "Переговоры");
    json_t *data = json_object_get(p, "data");
    cr_assert_eq(jint(data, "stage_id"), vo_api_deal(deal).d.stage_id);
    cr_assert_str_eq(jstr(data, "title"), "Станки");
    cr_assert_str_eq(jstr(data, "status"), "open");
    json_decref(p);
    /* the log: delivered, 200, the delivery id the header named */
    json_t *items =
        vo_api_list(vo_api_role("head"),
                    vo_api_fmt("/api/v1/webhooks/%lld/deliveries", (long long)hook), SIZE_MAX);
    for (int i = 0; i < 100; i++) { /* the outcome is recorded just after the answer */
        json_t *d = json_array_get(items, 0);
        if (d && strcmp(jstr(d, "status"), "delivered") == 0)
            break;
        json_decref(items);
        g_usleep(100000);
        items =
            vo_api_list(vo_api_role("head"),
                        vo_api_fmt("/api/v1/webhooks/%lld/deliveries", (long long)hook), SIZE_MAX);
    }
    cr_assert_eq(json_array_size(items), 1);
    json_t *d = json_array_get(items, 0);
    cr_assert_str_eq(jstr(d, "status"), "delivered");
    cr_assert_eq(jint(d, "response_code"), 200);
    cr_assert_eq(jint(d, "attempt"), 1);
    cr_assert_eq(jint(d, "id"), atoll(q.delivery));
    json_decref(items);
    /* the metrics count it (at the end of the tick: wait for it) */
    bool counted = false;
    for (int i = 0; i < 100 && !counted; i++) {
        r = http("GET", "/metrics", NULL, NULL, NULL, NULL);
        cr_assert_eq(r.status, 200);
        counted = strstr(r.body, "voronka_webhook_deliveries_total{result=\"delivered\"} 1\n");
        cr_assert(strstr(r.body, "# TYPE voronka_webhook_queue gauge\n"));
        vo_test_resp_free(&r);
        if (!counted)
            g_usleep(100000);
    }
    cr_assert(counted, "voronka_webhook_deliveries_total{result=\"delivered\"} is not 1");
    cr_assert_eq(rx_count(), 1, "deal.created was not taken, so not sent");
}

Test(webhooks, failures_back_off_then_disable)
{
    rx_status(500);
    int64_t hook = make_hook("[\"deal.created\"]", NULL);
    new_deal("Провал");
    const char *row = "SELECT %s FROM webhook_deliveries WHERE event = 'deal.created'";
    for (int k = 1; k <= VO_WEBHOOK_DISABLE_AFTER; k++) {
        rx_wait((size_t)k);
        /* the attempt recorded: the next one after the back-off of 1 s */
        for (int i = 0; i < 100 && sql_int(vo_api_fmt(row, "attempt")) < k; i++)
            g_usleep(100000);
        cr_assert_eq(sql_int(vo_api_fmt(row, "attempt")), k);
        cr_assert_eq(sql_int(vo_api_fmt(row, "response_code")), 500);
        if (k < VO_WEBHOOK_DISABLE_AFTER) {
            int64_t at = rx_get((size_t)k - 1).at;
            int64_t next = sql_int(vo_api_fmt(row, "next_at"));
            int64_t delay = vo_webhook_backoff(1, k);
            cr_assert_eq(delay, (int64_t)1 << (2 * (k - 1)));
            /* due no sooner than the back-off after the attempt: the
             * attempt's whole second, plus the back-off, plus one */
            cr_assert(next >= at + delay + 1 && next <= vo_now() + delay + 1,
                      "attempt %d: next_at %lld, answered at %lld", k, (long long)next,
                      (long long)at);
            cr_assert_eq(sql_int(vo_api_fmt("SELECT failures FROM webhooks WHERE id = %lld",
                                            (long long)hook)),
                         k);
            /* not before next_at: instead of waiting, bring it forward */
            vo_api_sql("UPDATE webhook_deliveries SET next_at = 0 WHERE status = 'pending'");
        }
    }
    /* the fifth failure: disabled, the delivery settled as failed, no more */
    json_t *w = NULL;
    for (int i = 0; i < 100; i++) {
        w = vo_api_get_json("admin", vo_api_fmt("/api/v1/webhooks/%lld", (long long)hook), 200);
        if (!json_is_true(json_object_get(w, "active")))
            break;
        json_decref(w);
        w = NULL;
        g_usleep(100000);
    }
    cr_assert(w, "the webhook was not disabled");
    cr_assert(json_is_string(json_object_get(w, "disabled_at")));
    cr_assert_eq(jint(w, "failures"), VO_WEBHOOK_DISABLE_AFTER);
    json_decref(w);
    cr_assert_eq(sql_int("SELECT count(*) FROM webhook_deliveries WHERE status = 'failed'"), 1);
    vo_api_sql("UPDATE webhook_deliveries SET next_at = 0");
    new_deal("Ещё одна"); /* a disabled webhook takes nothing */
    g_usleep(500000);
    cr_assert_eq(rx_count(), VO_WEBHOOK_DISABLE_AFTER);
    cr_assert_eq(sql_int("SELECT count(*) FROM webhook_deliveries"), 1);
    /* PATCH active=true enables it again */
    rx_status(200);
    struct vo_test_resp r =
        as(vo_api_role("head"), "PATCH", vo_api_fmt("/api/v1/webhooks/%lld", (long long)hook),
           "{\"active\":true}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert(json_is_true(json_object_get(r.json, "active")));
    cr_assert(json_is_null(json_object_get(r.json, "disabled_at")));
    cr_assert_eq(jint(r.json, "failures"), 0);
    vo_test_resp_free(&r);
    new_deal("Снова");
    rx_wait(VO_WEBHOOK_DISABLE_AFTER + 1);
    cr_assert_str_eq(rx_get(VO_WEBHOOK_DISABLE_AFTER).event, "deal.created");
}

Test(webhooks, rolled_back_write_sends_nothing)
{
    make_hook("[\"deal.won\",\"deal.created\"]", NULL);
    int64_t deal = new_deal("Откат");
    rx_wait(1);
    /* the win's audit row fails after its event was queued: all rolled back */
    vo_api_sql(vo_test_dialect(
        "CREATE TRIGGER no_win BEFORE INSERT ON audit_log WHEN NEW.action = 'deal.win' "
        "BEGIN SELECT RAISE(ABORT, 'test'); END;",
        "CREATE FUNCTION no_win() RETURNS trigger LANGUAGE plpgsql AS "
        "$$BEGIN RAISE EXCEPTION 'test'; END$$;"
        "CREATE TRIGGER no_win BEFORE INSERT ON audit_log FOR EACH ROW "
        "WHEN (NEW.action = 'deal.win') EXECUTE FUNCTION no_win();"));
    struct vo_test_resp r =
        as(vo_api_role("manager"), "POST", vo_api_deal_path(deal, "/win"), "{\"amount\":1000}");
    cr_assert_neq(r.status, 200, "%s", r.body);
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_deal(deal).d.status, VO_DEAL_OPEN);
    cr_assert_eq(sql_int("SELECT count(*) FROM webhook_deliveries WHERE event = 'deal.won'"), 0);
    g_usleep(500000);
    cr_assert_eq(rx_count(), 1);
    /* and once the write commits, it is sent */
    vo_api_sql(vo_test_dialect("DROP TRIGGER no_win",
                               "DROP TRIGGER no_win ON audit_log; DROP FUNCTION no_win()"));
    r = as(vo_api_role("manager"), "POST", vo_api_deal_path(deal, "/win"), "{\"amount\":1000}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    vo_test_resp_free(&r);
    rx_wait(2);
    cr_assert_str_eq(rx_get(1).event, "deal.won");
}

Test(webhooks, access_and_validation)
{
    int64_t hook = make_hook("[\"task.created\"]", NULL);
    const char *one = vo_api_fmt("/api/v1/webhooks/%lld", (long long)hook);
    const char *ok = vo_api_fmt("{\"url\":\"%s\",\"events\":[\"deal.won\"]}", hook_url());
    const struct vo_test_login *admin = vo_api_role("admin"), *head = vo_api_role("head"),
                               *anna = vo_api_role("manager"), *viewer = vo_api_role("viewer");
    vo_api_expect_all((const struct vo_api_case[]){
        {anna, "GET", "/api/v1/webhooks", NULL, 403, NULL, NULL},
        {anna, "POST", "/api/v1/webhooks", ok, 403, NULL, NULL},
        {anna, "GET", one, NULL, 403, NULL, NULL},
        {anna, "PATCH", one, "{\"active\":false}", 403, NULL, NULL},
        {anna, "DELETE", one, NULL, 403, NULL, NULL},
        {anna, "POST", vo_api_fmt("%s/test", one), NULL, 403, NULL, NULL},
        {viewer, "GET", "/api/v1/webhooks", NULL, 403, NULL, NULL},
        {head, "GET", "/api/v1/webhooks", NULL, 200, NULL, NULL},
        {admin, "POST", "/api/v1/webhooks", "{\"url\":\"ftp://x/\",\"events\":[\"deal.won\"]}", 422,
         "url", NULL},
        {admin, "POST", "/api/v1/webhooks", "{\"url\":\"http://\",\"events\":[\"deal.won\"]}", 422,
         "url", NULL},
        {admin, "POST", "/api/v1/webhooks", "{\"url\":\"http://a b/\",\"events\":[\"deal.won\"]}",
         422, "url", NULL},
        {admin, "POST", "/api/v1/webhooks", "{\"events\":[\"deal.won\"]}", 422, "url", NULL},
        {admin, "POST", "/api/v1/webhooks", "{\"url\":5,\"events\":[\"deal.won\"]}", 422, "url",
         NULL},
        {admin, "POST", "/api/v1/webhooks",
         vo_api_fmt("{\"url\":\"%s\",\"events\":[\"deal.burnt\"]}", hook_url()), 422, "events",
         NULL},
        {admin, "POST", "/api/v1/webhooks",
         vo_api_fmt("{\"url\":\"%s\",\"events\":[]}", hook_url()), 422, "events", NULL},
        {admin, "POST", "/api/v1/webhooks", vo_api_fmt("{\"url\":\"%s\"}", hook_url()), 422,
         "events", NULL},
        {admin, "POST", "/api/v1/webhooks",
         vo_api_fmt("{\"url\":\"%s\",\"events\":\"deal.won\"}", hook_url()), 422, "events", NULL},
        {admin, "POST", "/api/v1/webhooks",
         vo_api_fmt("{\"url\":\"%s\",\"events\":[\"deal.won\"],\"secret\":\"x\"}", hook_url()), 422,
         "secret", NULL},
        {admin, "PATCH", one, "{\"url\":\"javascript:alert(1)\"}", 422, "url", NULL},
        {admin, "GET", "/api/v1/webhooks/999999", NULL, 404, "id", NULL},
        {admin, "GET", vo_api_fmt("%s/deliveries?limit=0", one), NULL, 422, "limit", NULL},
        {0}});
    char *lng = vo_api_repeat("http://example.com/", "a", VO_WEBHOOK_URL_MAX);
    vo_api_expect(admin, "POST", "/api/v1/webhooks",
                  vo_api_fmt("{\"url\":\"%s\",\"events\":[\"deal.won\"]}", lng), 422, "url", NULL);
    g_free(lng);
    /* the secret is answered at the creation only */
    json_t *w = vo_api_get_json("head", one, 200);
    cr_assert_null(json_object_get(w, "secret"));
    cr_assert_str_eq(json_string_value(json_array_get(json_object_get(w, "events"), 0)),
                     "task.created");
    json_decref(w);
    cr_assert_eq(sql_int("SELECT count(*) FROM webhooks"), 1);
    struct vo_test_resp r = as(admin, "DELETE", one, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    vo_test_resp_free(&r);
    cr_assert_eq(sql_int("SELECT count(*) FROM webhooks"), 0);
}

Test(webhooks, test_delivery)
{
    const char *secret = NULL;
    int64_t hook = make_hook("[\"payment.created\"]", &secret);
    const char *path = vo_api_fmt("/api/v1/webhooks/%lld/test", (long long)hook);
    struct vo_test_resp r = as(vo_api_role("head"), "POST", path, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert(json_is_true(json_object_get(r.json, "delivered")), "%s", r.body);
    cr_assert_eq(jint(r.json, "status"), 200);
    vo_test_resp_free(&r);
    cr_assert_eq(rx_count(), 1);
    struct rx_req q = rx_get(0);
    cr_assert_str_eq(q.event, "webhook.test");
    cr_assert(signature_ok(secret, q.body, q.signature));
    /* a receiver that refuses: the answer says so, nothing is disabled */
    rx_status(503);
    r = as(vo_api_role("admin"), "POST", path, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert(json_is_false(json_object_get(r.json, "delivered")), "%s", r.body);
    cr_assert_eq(jint(r.json, "status"), 503);
    vo_test_resp_free(&r);
    json_t *w = vo_api_get_json("admin", vo_api_fmt("/api/v1/webhooks/%lld", (long long)hook), 200);
    cr_assert_eq(jint(w, "failures"), 0);
    cr_assert(json_is_true(json_object_get(w, "active")));
    json_decref(w);
    json_t *items = vo_api_list(vo_api_role("admin"),
                                vo_api_fmt("/api/v1/webhooks/%lld/deliveries", (long long)hook), 2);
    cr_assert_str_eq(jstr(json_array_get(items, 0), "status"), "failed");
    cr_assert_eq(jint(json_array_get(items, 0), "response_code"), 503);
    cr_assert_str_eq(jstr(json_array_get(items, 1), "status"), "delivered");
    json_decref(items);
}

/* A webhook cannot reach the server's own host or network (SSRF) unless
 * the server allows it (serve --webhooks-private): the address libcurl is
 * about to connect to is checked, so nothing reaches the receiver. */
Test(webhooks, private_addresses_refused)
{
    const char *secret = NULL;
    int64_t hook = make_hook("[\"payment.created\"]", &secret);
    const char *path = vo_api_fmt("/api/v1/webhooks/%lld/test", (long long)hook);
    vo_webhook_allow_private(false);
    struct vo_test_resp r = as(vo_api_role("admin"), "POST", path, NULL);
    vo_webhook_allow_private(true);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert(json_is_false(json_object_get(r.json, "delivered")), "%s", r.body);
    vo_test_resp_free(&r);
    cr_assert_eq(rx_count(), 0, "the receiver got nothing");
    json_t *items = vo_api_list(vo_api_role("admin"),
                                vo_api_fmt("/api/v1/webhooks/%lld/deliveries", (long long)hook), 1);
    const char *err = jstr(json_array_get(items, 0), "error");
    cr_assert(err && strstr(err, "refused: 127.0.0.1 is a local or private network address"), "%s",
              err ? err : "(none)");
    json_decref(items);

    static const struct {
        const char *ip;
        bool private_;
    } cases[] = {
        {"127.0.0.1", true},
        {"10.1.2.3", true},
        {"172.16.0.1", true},
        {"172.32.0.1", false},
        {"192.168.1.1", true},
        {"169.254.169.254", true},
        {"100.64.0.1", true},
        {"0.0.0.0", true},
        {"224.0.0.1", true},
        {"8.8.8.8", false},
        {"93.184.216.34", false},
        {"::1", true},
        {"::", true},
        {"fd00::1", true},
        {"fe80::1", true},
        {"ff02::1", true},
        {"::ffff:127.0.0.1", true},
        {"::ffff:8.8.8.8", false},
        {"2001:4860::8888", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct sockaddr_storage ss = {0};
        if (strchr(cases[i].ip, ':')) {
            struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
            a6->sin6_family = AF_INET6;
            cr_assert_eq(inet_pton(AF_INET6, cases[i].ip, &a6->sin6_addr), 1, "%s", cases[i].ip);
        } else {
            struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
            a4->sin_family = AF_INET;
            cr_assert_eq(inet_pton(AF_INET, cases[i].ip, &a4->sin_addr), 1, "%s", cases[i].ip);
        }
        cr_assert_eq(vo_webhook_addr_private((struct sockaddr *)&ss), cases[i].private_, "%s",
                     cases[i].ip);
    }
}

/* The events of each kind of object: every write of the list queues one
 * delivery of its event (webhooks.c's table of audited actions). */
Test(webhooks, every_event)
{
    const char *all = "[\"deal.created\",\"deal.updated\",\"deal.stage_changed\",\"deal.won\","
                      "\"deal.lost\",\"deal.reopened\",\"task.created\",\"task.updated\","
                      "\"task.completed\",\"payment.created\",\"client.created\","
                      "\"client.updated\",\"promise.created\",\"promise.resolved\"]";
    make_hook(all, NULL);
    const struct vo_test_login *anna = vo_api_role("manager"), *head = vo_api_role("head");
    int64_t client = vo_api_create(anna, "/api/v1/clients", "{\"name\":\"ООО Ромашка\"}");
    int64_t deal = new_deal("Всё сразу");
    vo_api_expect_all((const struct vo_api_case[]){
        {anna, "PATCH", vo_api_fmt("/api/v1/clients/%lld", (long long)client),
         "{\"name\":\"ООО Ромашка и К\"}", 200, NULL, NULL},
        {anna, "PATCH", vo_api_deal_path(deal, ""), "{\"title\":\"Всё сразу 2\"}", 200, NULL, NULL},
        {anna, "POST", vo_api_deal_path(deal, "/move"), "{\"stage\":\"Договор\"}", 200, NULL, NULL},
        {anna, "POST", vo_api_deal_path(deal, "/win"), "{\"amount\":500000}", 200, NULL, NULL},
        {anna, "POST", vo_api_deal_path(deal, "/undo"), NULL, 200, NULL, NULL},
        {anna, "POST", vo_api_deal_path(deal, "/lose"), "{\"reason\":\"Нет бюджета\"}", 200, NULL,
         NULL},
        {0}});
    int64_t task = vo_api_create(anna, "/api/v1/tasks",
                                 "{\"title\":\"Позвонить\",\"due_at\":\"2026-11-25 18:00\"}");
    const char *tp = vo_api_fmt("/api/v1/tasks/%lld", (long long)task);
    vo_api_expect(anna, "PATCH", tp, "{\"title\":\"Позвонить снова\"}", 200, NULL, NULL);
    vo_api_expect(anna, "POST", vo_api_fmt("%s/complete", tp), "{}", 200, NULL, NULL);
    vo_api_create(anna, "/api/v1/payments",
                  vo_api_fmt("{\"amount\":350000,\"paid_at\":\"2026-11-21\",\"deal_id\":%lld}",
                             (long long)deal));
    int64_t promise = vo_api_create(head, "/api/v1/promises",
                                    "{\"text\":\"Два КП\",\"due_at\":\"2026-11-27T18:00\"}");
    vo_api_expect(head, "POST", vo_api_fmt("/api/v1/promises/%lld/resolve", (long long)promise),
                  "{\"status\":\"kept\"}", 200, NULL, NULL);
    static const char *const want[] = {"client.created",  "client.updated",     "deal.created",
                                       "deal.updated",    "deal.stage_changed", "deal.won",
                                       "deal.reopened",   "deal.lost",          "task.created",
                                       "task.updated",    "task.completed",     "payment.created",
                                       "promise.created", "promise.resolved"};
    for (size_t i = 0; i < G_N_ELEMENTS(want); i++)
        cr_assert_eq(sql_int(vo_api_fmt("SELECT count(*) FROM webhook_deliveries "
                                        "WHERE event = '%s'",
                                        want[i])),
                     1, "%s", want[i]);
    cr_assert_eq(sql_int("SELECT count(*) FROM webhook_deliveries"), (int64_t)G_N_ELEMENTS(want));
    rx_wait(G_N_ELEMENTS(want));
}
