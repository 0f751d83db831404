/*
 * test_api_versions.c - optimistic concurrency of the CRM objects through
 * the real HTTP server (docs/api-crm.md, "Versions"): every object carries
 * "version" and the same value as a strong ETag; a PATCH or a deal action
 * made with If-Match (or a body "version") that is no longer current is
 * 409 version_conflict with the current object, and changes nothing (the
 * row, its revision and the audit log are as the first writer left them);
 * without If-Match the last writer wins. Two writers racing with the same
 * version: exactly one wins.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "api_fixture.h"
#include "http/http.h"
#include "testutil.h"

static void setup(void)
{
    vo_api_start_crm(NULL, false, "Новая", "Переговоры", "Счёт", NULL);
}

TestSuite(api_versions, .init = setup, .fini = vo_api_stop, .timeout = 120);

static const char *err_code(const struct vo_test_resp *r)
{
    const char *c = json_string_value(json_object_get(json_object_get(r->json, "error"), "code"));
    return c ? c : "";
}

/* Asserts a 409 version_conflict whose "current" object has version cur
 * (also its ETag). */
static void expect_stale(const struct vo_test_resp *r, int64_t cur, const char *what)
{
    cr_assert_eq(r->status, 409, "%s: %d %s", what, r->status, r->body);
    cr_assert_str_eq(err_code(r), "version_conflict", "%s: %s", what, r->body);
    const char *field =
        json_string_value(json_object_get(json_object_get(r->json, "error"), "field"));
    cr_assert(field && strcmp(field, "version") == 0, "%s: %s", what, r->body);
    json_t *current = json_object_get(r->json, "current");
    cr_assert(json_is_object(current), "%s: no current object: %s", what, r->body);
    cr_assert_eq(jint(current, "version"), cur, "%s: %s", what, r->body);
    const char *etag = vo_api_fmt("\"%lld\"", (long long)cur);
    cr_assert(r->etag && strcmp(r->etag, etag) == 0, "%s: ETag %s, want %s", what,
              r->etag ? r->etag : "(none)", etag);
}

/* A request as l with If-Match if_match (NULL: none) that must be refused
 * as stale, the current version being cur (expect_stale). */
static void stale(const struct vo_test_login *l, const char *method, const char *path,
                  const char *if_match, const char *body, int64_t cur, const char *what)
{
    struct vo_test_resp r = vo_api_as_if(l, method, path, if_match, body);
    expect_stale(&r, cur, what);
    vo_test_resp_free(&r);
}

Test(api_versions, two_writers_one_wins)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    const struct vo_test_login *head = vo_api_user("head");
    struct vo_test_resp r = as(anna, "POST", "/api/v1/deals",
                               "{\"title\":\"Поставка\",\"pipeline\":\"Продажи\",\"amount\":1000}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    int64_t id = jint(r.json, "id");
    /* a new row has never been changed: version 0, sent as the ETag too */
    cr_assert_eq(jint(r.json, "version"), 0, "%s", r.body);
    cr_assert_str_eq(r.etag, "\"0\"");
    vo_test_resp_free(&r);
    const char *path = vo_api_fmt("/api/v1/deals/%lld", (long long)id);
    vo_api_expect(anna, "PATCH", path, "{\"title\":\"Поставка станков\"}", 200, NULL, NULL);

    /* both read version 1 */
    r = as(anna, "GET", path, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    int64_t v = jint(r.json, "version");
    cr_assert_eq(v, 1);
    cr_assert_str_eq(r.etag, "\"1\"");
    vo_test_resp_free(&r);
    r = as(head, "GET", path, NULL);
    cr_assert_eq(jint(r.json, "version"), 1);
    vo_test_resp_free(&r);

    /* the head writes first: 200, version 2 */
    r = vo_api_as_if(head, "PATCH", path, "\"1\"", "{\"amount\":250000}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(jint(r.json, "version"), 2);
    cr_assert_eq(jint(r.json, "amount"), 250000);
    cr_assert_str_eq(r.etag, "\"2\"");
    vo_test_resp_free(&r);
    int64_t audit = vo_api_count("audit_log");

    /* anna's write with the version she read is stale: 409 and the
     * current object, the head's amount in it */
    r = vo_api_as_if(anna, "PATCH", path, "\"1\"", "{\"title\":\"Мой заголовок\",\"amount\":1}");
    expect_stale(&r, 2, "anna's stale PATCH");
    json_t *current = json_object_get(r.json, "current");
    cr_assert_eq(jint(current, "amount"), 250000);
    cr_assert_str_eq(jstr(current, "title"), "Поставка станков");
    cr_assert_eq(jint(current, "id"), id);
    vo_test_resp_free(&r);
    /* the bare number and the body's version are the same check */
    stale(anna, "PATCH", path, "1", "{\"title\":\"Мой заголовок\"}", 2, "If-Match 1");
    stale(anna, "PATCH", path, NULL, "{\"title\":\"Мой заголовок\",\"version\":1}", 2,
          "body version 1");

    /* the database holds the first write only, and no audit row was added */
    struct vo_deal_row row = vo_api_deal(id);
    cr_assert_str_eq(row.d.title, "Поставка станков");
    cr_assert_eq(row.d.amount, 250000);
    cr_assert_eq(row.d.rev, 2);
    cr_assert_eq(vo_api_count("audit_log"), audit);

    /* with the current version anna's change goes through */
    r = vo_api_as_if(anna, "PATCH", path, "\"2\"", "{\"title\":\"Мой заголовок\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(jint(r.json, "version"), 3);
    cr_assert_eq(jint(r.json, "amount"), 250000);
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_count("audit_log"), audit + 1);

    /* without If-Match the last writer wins, as scripts expect */
    vo_api_expect(head, "PATCH", path, "{\"amount\":300000}", 200, NULL, NULL);
    vo_api_expect(anna, "PATCH", path, "{\"amount\":310000}", 200, NULL, NULL);
    row = vo_api_deal(id);
    cr_assert_eq(row.d.amount, 310000);
    cr_assert_eq(row.d.rev, 5);
    /* If-Match: * is any version */
    r = vo_api_as_if(anna, "PATCH", path, "*", "{\"amount\":320000}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(jint(r.json, "version"), 6);
    vo_test_resp_free(&r);
}

Test(api_versions, deal_actions)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    const struct vo_test_login *head = vo_api_user("head");
    int64_t id = vo_api_create(anna, "/api/v1/deals",
                               "{\"title\":\"Д\",\"pipeline\":\"Продажи\",\"amount\":1000}");
    const char *path = vo_api_fmt("/api/v1/deals/%lld", (long long)id);
    const char *move = vo_api_fmt("%s/move", path);
    const char *win = vo_api_fmt("%s/win", path);
    const char *lose = vo_api_fmt("%s/lose", path);
    const char *reopen = vo_api_fmt("%s/reopen", path);

    /* move at version 0: 200, version 1 */
    struct vo_test_resp r = vo_api_as_if(anna, "POST", move, "\"0\"", "{\"stage\":\"Переговоры\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(jint(r.json, "version"), 1);
    cr_assert_str_eq(r.etag, "\"1\"");
    vo_test_resp_free(&r);
    /* a move made against version 0 again: stale, and no stage change */
    r = vo_api_as_if(anna, "POST", move, "\"0\"", "{\"stage\":\"Счёт\"}");
    expect_stale(&r, 1, "stale move");
    cr_assert_str_eq(jstr(json_object_get(r.json, "current"), "stage"), "Переговоры");
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_count("stage_changes"), 1);
    /* win and lose against version 0: stale, the deal stays open */
    stale(anna, "POST", win, "\"0\"", "{}", 1, "stale win");
    stale(anna, "POST", lose, NULL, "{\"reason\":\"Дорого\",\"version\":0}", 1, "stale lose");
    cr_assert_eq(vo_api_deal(id).d.status, VO_DEAL_OPEN);
    /* win at the current version */
    r = as(anna, "POST", win, "{\"version\":1}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "status"), "won");
    cr_assert_eq(jint(r.json, "version"), 2);
    vo_test_resp_free(&r);
    /* reopen against an old version: stale; at the current one: open */
    r = vo_api_as_if(head, "POST", reopen, "\"1\"", NULL);
    expect_stale(&r, 2, "stale reopen");
    cr_assert_str_eq(jstr(json_object_get(r.json, "current"), "status"), "won");
    vo_test_resp_free(&r);
    r = vo_api_as_if(head, "POST", reopen, "\"2\"", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "status"), "open");
    cr_assert_eq(jint(r.json, "version"), 3);
    vo_test_resp_free(&r);
    /* the rules before the version: a closed deal's move is 409 conflict,
     * a manager's reopen 403, whatever the version says */
    r = vo_api_as_if(anna, "POST", lose, "\"3\"", "{\"reason\":\"Дорого\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    vo_test_resp_free(&r);
    r = vo_api_as_if(anna, "POST", move, "\"4\"", "{\"stage\":\"Счёт\"}");
    cr_assert_eq(r.status, 409, "%s", r.body);
    cr_assert_str_eq(err_code(&r), "conflict");
    vo_test_resp_free(&r);
    vo_api_expect(anna, "POST", reopen, "{\"version\":4}", 403, NULL, NULL);
}

Test(api_versions, clients_activities_tasks_payments)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    const struct vo_test_login *head = vo_api_user("head");
    static const struct {
        const char *create, *body, *patch1, *patch2, *key, *value1;
    } cases[] = {
        {"/api/v1/clients", "{\"name\":\"ООО Ромашка\"}", "{\"region\":\"Казань\"}",
         "{\"region\":\"Самара\"}", "region", "Казань"},
        {"/api/v1/activities", "{\"type\":\"call\",\"at\":\"2026-11-20 10:00\"}",
         "{\"outcome\":\"перезвонить\"}", "{\"outcome\":\"отказ\"}", "outcome", "перезвонить"},
        {"/api/v1/tasks", "{\"title\":\"КП\",\"due_at\":\"2026-11-25 18:00\"}",
         "{\"title\":\"КП и счёт\"}", "{\"title\":\"другое\"}", "title", "КП и счёт"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t id = vo_api_create(anna, cases[i].create, cases[i].body);
        const char *path = vo_api_fmt("%s/%lld", cases[i].create, (long long)id);
        struct vo_test_resp r = as(anna, "GET", path, NULL);
        cr_assert_eq(r.status, 200, "%s", r.body);
        cr_assert_eq(jint(r.json, "version"), 0, "%s: %s", path, r.body);
        cr_assert_str_eq(r.etag, "\"0\"", "%s", path);
        vo_test_resp_free(&r);
        r = vo_api_as_if(head, "PATCH", path, "\"0\"", cases[i].patch1);
        cr_assert_eq(r.status, 200, "%s: %s", path, r.body);
        cr_assert_eq(jint(r.json, "version"), 1, "%s", path);
        cr_assert_str_eq(r.etag, "\"1\"", "%s", path);
        vo_test_resp_free(&r);
        r = vo_api_as_if(anna, "PATCH", path, "\"0\"", cases[i].patch2);
        expect_stale(&r, 1, path);
        cr_assert_str_eq(jstr(json_object_get(r.json, "current"), cases[i].key), cases[i].value1,
                         "%s: %s", path, r.body);
        vo_test_resp_free(&r);
        r = as(anna, "GET", path, NULL);
        cr_assert_str_eq(jstr(r.json, cases[i].key), cases[i].value1, "%s", path);
        cr_assert_eq(jint(r.json, "version"), 1, "%s", path);
        vo_test_resp_free(&r);
    }
    /* a payment is not changed through the API, but it has its version */
    int64_t deal =
        vo_api_create(anna, "/api/v1/deals", "{\"title\":\"Д\",\"pipeline\":\"Продажи\"}");
    const char *body = vo_api_fmt("{\"amount\":100,\"deal_id\":%lld}", (long long)deal);
    struct vo_test_resp r = as(anna, "POST", "/api/v1/payments", body);
    cr_assert_eq(r.status, 201, "%s", r.body);
    cr_assert_eq(jint(r.json, "version"), 0);
    cr_assert_str_eq(r.etag, "\"0\"");
    vo_test_resp_free(&r);
}

Test(api_versions, bad_versions)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    int64_t id = vo_api_create(anna, "/api/v1/deals", "{\"title\":\"Д\",\"pipeline\":\"Продажи\"}");
    const char *path = vo_api_fmt("/api/v1/deals/%lld", (long long)id);
    static const struct {
        const char *if_match, *body, *field;
    } cases[] = {
        {"W/\"0\"", "{\"title\":\"x\"}", "If-Match"}, /* a weak ETag is no version */
        {"\"abc\"", "{\"title\":\"x\"}", "If-Match"},
        {"\"\"", "{\"title\":\"x\"}", "If-Match"},
        {"-1", "{\"title\":\"x\"}", "If-Match"},
        {"\"0\"", "{\"title\":\"x\",\"version\":1}", "version"}, /* they disagree */
        {NULL, "{\"title\":\"x\",\"version\":-1}", "version"},
        {NULL, "{\"title\":\"x\",\"version\":\"0\"}", "version"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct vo_test_resp r = vo_api_as_if(anna, "PATCH", path, cases[i].if_match, cases[i].body);
        vo_test_expect(&r, 422, cases[i].field, cases[i].body);
        vo_test_resp_free(&r);
    }
    /* the same in both is fine; a create takes no version */
    struct vo_test_resp r =
        vo_api_as_if(anna, "PATCH", path, "\"0\"", "{\"title\":\"x\",\"version\":0}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    vo_test_resp_free(&r);
    vo_api_expect(anna, "POST", "/api/v1/deals",
                  "{\"title\":\"Д\",\"pipeline\":\"Продажи\",\"version\":0}", 422, "version", NULL);
    vo_api_expect(anna, "POST", "/api/v1/clients", "{\"name\":\"К\",\"version\":0}", 422, "version",
                  NULL);
    cr_assert_eq(vo_api_deal(id).d.rev, 1);
    cr_assert_str_eq(vo_api_deal(id).d.title, "x");
}

/* Two writers racing with the version both read: exactly one 200. */
struct racer {
    const struct vo_test_login *as;
    const char *path, *body;
    GMutex *m;
    GCond *c;
    bool *go;
    int status;
};

static gpointer race(gpointer p)
{
    struct racer *x = p;
    g_mutex_lock(x->m);
    while (!*x->go)
        g_cond_wait(x->c, x->m);
    g_mutex_unlock(x->m);
    struct vo_test_resp r = vo_api_as_if(x->as, "PATCH", x->path, "\"0\"", x->body);
    x->status = r.status;
    vo_test_resp_free(&r);
    return NULL;
}

Test(api_versions, race)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    const struct vo_test_login *head = vo_api_user("head");
    for (int round = 0; round < 10; round++) {
        int64_t id =
            vo_api_create(anna, "/api/v1/deals", "{\"title\":\"Д\",\"pipeline\":\"Продажи\"}");
        const char *path = vo_api_fmt("/api/v1/deals/%lld", (long long)id);
        GMutex m;
        GCond c;
        bool go = false;
        g_mutex_init(&m);
        g_cond_init(&c);
        struct racer x[2] = {
            {anna, path, "{\"amount\":111}", &m, &c, &go, 0},
            {head, path, "{\"amount\":222}", &m, &c, &go, 0},
        };
        GThread *t[2];
        for (int i = 0; i < 2; i++)
            t[i] = g_thread_new("racer", race, &x[i]);
        g_mutex_lock(&m);
        go = true;
        g_cond_broadcast(&c);
        g_mutex_unlock(&m);
        for (int i = 0; i < 2; i++)
            g_thread_join(t[i]);
        g_mutex_clear(&m);
        g_cond_clear(&c);
        int ok = (x[0].status == 200) + (x[1].status == 200);
        int stale = (x[0].status == 409) + (x[1].status == 409);
        cr_assert(ok == 1 && stale == 1, "round %d: %d and %d", round, x[0].status, x[1].status);
        struct vo_deal_row row = vo_api_deal(id);
        cr_assert_eq(row.d.rev, 1);
        cr_assert_eq(row.d.amount, x[0].status == 200 ? 111 : 222);
    }
}
