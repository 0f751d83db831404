/*
 * test_api_notify.c - the users' notifications through the real HTTP
 * server (issue 10, part "notifications"): a deal or client given to a
 * user by someone else, the reminder thread's task_due_soon and
 * task_overdue (the server here ticks every 100 ms), each exactly once
 * (also when the reminders run again at the same instant, as after a
 * restart), and the inbox routes (list, unread only, unread count, read
 * one, read all; nobody reads another's). Due times are relative to the
 * clock, so the suite passes whatever today is.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <string.h>

#include "api_fixture.h"
#include "base/timeutil.h"
#include "http/http.h"
#include "service/notify.h"
#include "store/store.h"
#include "testutil.h"

static int64_t org_id, anna_id, boris_id;

static void extra(struct vo_store *st, struct vo_svc *svc)
{
    (void)st;
    static const char *const stages[] = {"Новая", "Счёт"};
    org_id = svc->org.id;
    boris_id = vo_test_company_user(svc, "Борис Менеджер", "boris@example.com", "manager");
    vo_api_add_pipeline(st, svc, stages, 2);
}

static void setup(void)
{
    struct vo_server_opts o = {.threads = 2, .body_limit = 64 * 1024, .remind_ms = 100};
    vo_api_start(&o, extra);
    anna_id = vo_api.manager_id;
}

TestSuite(api_notify, .init = setup, .fini = vo_api_stop, .timeout = 120);

/* GET path as l (200): the body, to be freed with vo_test_resp_free. */
static struct vo_test_resp get_ok(const struct vo_test_login *l, const char *path)
{
    struct vo_test_resp r = as(l, "GET", path, NULL);
    cr_assert_eq(r.status, 200, "%s: %s", path, r.body);
    return r;
}

static int64_t unread(const struct vo_test_login *l)
{
    struct vo_test_resp r = get_ok(l, "/api/v1/notifications/unread");
    int64_t n = jint(r.json, "unread");
    vo_test_resp_free(&r);
    return n;
}

Test(api_notify, an_assignment_by_someone_else)
{
    const struct vo_test_login *head = vo_api_user("head");
    const struct vo_test_login *anna = vo_api_user("anna");
    const struct vo_test_login *boris = vo_api_user("boris");
    char *body = g_strdup_printf(
        "{\"title\":\"Поставка станков\",\"pipeline\":\"Продажи\",\"owner_id\":%lld}",
        (long long)anna_id);
    int64_t deal = vo_api_create(head, "/api/v1/deals", body);
    g_free(body);
    /* one's own deals tell nobody */
    vo_api_create(anna, "/api/v1/deals", "{\"title\":\"Своя\",\"pipeline\":\"Продажи\"}");
    vo_api_create(head, "/api/v1/deals", "{\"title\":\"Руководителя\",\"pipeline\":\"Продажи\"}");

    struct vo_test_resp r = get_ok(anna, "/api/v1/notifications");
    json_t *items = json_object_get(r.json, "items");
    cr_assert_eq(json_array_size(items), 1, "%s", r.body);
    json_t *n = json_array_get(items, 0);
    int64_t nid = jint(n, "id");
    cr_assert_str_eq(jstr(n, "kind"), "deal_assigned");
    cr_assert_str_eq(jstr(n, "object"), "deal");
    cr_assert_eq(jint(n, "object_id"), deal);
    cr_assert_str_eq(jstr(n, "title"), "Поставка станков");
    cr_assert_eq(jint(n, "actor_id"), vo_api.head_id);
    cr_assert_eq(jint(json_object_get(n, "payload"), "deal_id"), deal);
    cr_assert(json_is_null(json_object_get(n, "at")));
    cr_assert(json_is_false(json_object_get(n, "read")));
    cr_assert_eq(jint(r.json, "unread"), 1);
    cr_assert(json_is_null(json_object_get(r.json, "next_before")));
    vo_test_resp_free(&r);
    cr_assert_eq(unread(boris), 0);
    cr_assert_eq(unread(head), 0);

    /* given to boris: his; the same owner again: nothing new */
    char *path = g_strdup_printf("/api/v1/deals/%lld", (long long)deal);
    body = g_strdup_printf("{\"owner_id\":%lld}", (long long)boris_id);
    vo_api_expect(head, "PATCH", path, body, 200, NULL, NULL);
    vo_api_expect(head, "PATCH", path, body, 200, NULL, NULL);
    vo_api_expect(head, "PATCH", path, "{\"title\":\"Поставка станков и оснастки\"}", 200, NULL,
                  NULL);
    cr_assert_eq(unread(boris), 1);
    cr_assert_eq(unread(anna), 1);
    g_free(body);
    g_free(path);

    /* a client given to anna */
    body = g_strdup_printf("{\"name\":\"ООО Ромашка\",\"owner_id\":%lld}", (long long)anna_id);
    int64_t client = vo_api_create(head, "/api/v1/clients", body);
    g_free(body);
    r = get_ok(anna, "/api/v1/notifications?unread=1");
    items = json_object_get(r.json, "items");
    cr_assert_eq(json_array_size(items), 2);
    n = json_array_get(items, 0); /* newest first */
    cr_assert_str_eq(jstr(n, "object"), "client");
    cr_assert_eq(jint(n, "object_id"), client);
    cr_assert_str_eq(jstr(n, "title"), "ООО Ромашка");
    cr_assert_eq(jint(json_array_get(items, 1), "id"), nid);
    vo_test_resp_free(&r);

    /* reading: one's own only; read twice keeps the first read_at */
    char *read = g_strdup_printf("/api/v1/notifications/%lld/read", (long long)nid);
    vo_api_expect(boris, "POST", read, "{}", 404, "id", "another user's notification");
    vo_api_expect(anna, "POST", read, "{\"x\":1}", 422, "x", "a body field");
    r = as(anna, "POST", read, "{}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert(json_is_true(json_object_get(r.json, "read")));
    char *first = g_strdup(jstr(r.json, "read_at"));
    vo_test_resp_free(&r);
    r = as(anna, "POST", read, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "read_at"), first);
    vo_test_resp_free(&r);
    g_free(first);
    cr_assert_eq(unread(anna), 1);
    cr_assert_eq(vo_api_items(anna, "/api/v1/notifications?unread=1"), 1);
    cr_assert_eq(vo_api_items(anna, "/api/v1/notifications"), 2);
    cr_assert_eq(vo_api_items(anna, "/api/v1/notifications?limit=1"), 1);
    r = as(anna, "POST", "/api/v1/notifications/read-all", "{}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(jint(r.json, "read"), 1);
    vo_test_resp_free(&r);
    cr_assert_eq(unread(anna), 0);
    cr_assert_eq(unread(boris), 1);
    vo_api_expect_all((const struct vo_api_case[]){
        {anna, "GET", "/api/v1/notifications?unread=2", NULL, 422, "unread", NULL},
        {anna, "GET", "/api/v1/notifications?limit=0", NULL, 422, "limit", NULL},
        {anna, "GET", "/api/v1/notifications?limit=201", NULL, 422, "limit", NULL},
        {anna, "GET", "/api/v1/notifications?before=x", NULL, 422, "before", NULL},
        {anna, "POST", "/api/v1/notifications/999999/read", "{}", 404, "id", NULL},
        {NULL, "GET", "/api/v1/notifications", NULL, 401, NULL, NULL},
        {0}});
    g_free(read);
}

/* The instant t as ISO 8601 UTC text (g_free). */
static char *iso(int64_t t)
{
    GDateTime *d = g_date_time_new_from_unix_utc(t);
    char *s = g_date_time_format(d, "%Y-%m-%dT%H:%M:%SZ");
    g_date_time_unref(d);
    return s;
}

static int64_t task_due(const char *title, int64_t due)
{
    char *at = iso(due);
    char *body = g_strdup_printf("{\"title\":\"%s\",\"due_at\":\"%s\"}", title, at);
    int64_t id = vo_api_create(vo_api_user("anna"), "/api/v1/tasks", body);
    g_free(body);
    g_free(at);
    return id;
}

/* A task of anna's due at due, written done in one step as the import
 * writes it: one created open and completed after could be caught open by
 * a tick in between. */
static void task_done(const char *title, int64_t due)
{
    struct vo_store *st = vo_api_open(0);
    struct vo_error e = {0};
    struct vo_task t = {.org_id = vo_api.org_id,
                        .ext_id = "done-1",
                        .assignee_id = anna_id,
                        .title = title,
                        .created_at = due - 60 * 60,
                        .due_at = due,
                        .done_at = due - 30 * 60};
    cr_assert_eq(vo_store_task_upsert(st, &t, NULL, &e), VO_OK, "%s", e.msg);
    vo_store_close(st);
}

Test(api_notify, reminders_due_soon_and_overdue_exactly_once)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    int64_t now = vo_now();
    int64_t soon = task_due("Позвонить скоро", now + 10 * 60); /* in 10 min: due soon */
    int64_t late = task_due("Просрочена", now - 60 * 60);      /* an hour ago: overdue */
    task_due("Через два часа", now + 2 * 60 * 60);             /* not yet */
    task_due("Давно просрочена", now - 3 * 24 * 60 * 60);      /* outside the window */
    task_done("Сделана", now + 5 * 60);                        /* done: nothing */

    /* the thread ticks every 100 ms: both within 3 s */
    int64_t got = 0;
    for (int i = 0; i < 60 && (got = unread(anna)) < 2; i++)
        g_usleep(50 * 1000);
    cr_assert_eq(got, 2);
    g_usleep(500 * 1000); /* five more ticks: nothing twice */
    struct vo_test_resp r = get_ok(anna, "/api/v1/notifications");
    json_t *items = json_object_get(r.json, "items");
    cr_assert_eq(json_array_size(items), 2, "%s", r.body);
    bool seen_soon = false, seen_late = false;
    for (size_t i = 0; i < 2; i++) {
        json_t *n = json_array_get(items, i);
        cr_assert_str_eq(jstr(n, "object"), "task");
        cr_assert(json_is_null(json_object_get(n, "actor_id")));
        if (strcmp(jstr(n, "kind"), "task_due_soon") == 0) {
            seen_soon = true;
            cr_assert_eq(jint(n, "object_id"), soon);
            cr_assert_str_eq(jstr(n, "title"), "Позвонить скоро");
            cr_assert_eq(jint(json_object_get(n, "payload"), "task_id"), soon);
            cr_assert_str_eq(jstr(json_object_get(n, "payload"), "type"), "other");
        } else {
            cr_assert_str_eq(jstr(n, "kind"), "task_overdue");
            seen_late = true;
            cr_assert_eq(jint(n, "object_id"), late);
        }
    }
    cr_assert(seen_soon && seen_late);
    vo_test_resp_free(&r);

    /* the reminders again at the same instant (a restarted server): none */
    struct vo_store *st = vo_api_open(0);
    struct vo_error e = {0};
    struct vo_notification *v = NULL;
    size_t n = 9;
    cr_assert_eq(vo_svc_notify_tick(st, vo_now(), vo_api_arena(), &v, &n, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(n, 0);
    /* rescheduled into the window again: a new reminder for the new time */
    vo_store_close(st);
    char *rp = g_strdup_printf("/api/v1/tasks/%lld/reschedule", (long long)soon);
    char *at = iso(now + 12 * 60);
    char *body = g_strdup_printf("{\"due_at\":\"%s\"}", at);
    vo_api_expect(anna, "POST", rp, body, 200, NULL, NULL);
    for (int i = 0; i < 60 && (got = unread(anna)) < 3; i++)
        g_usleep(50 * 1000);
    cr_assert_eq(got, 3);
    cr_assert_eq(vo_api_count("notifications"), 3);
    g_free(body);
    g_free(at);
    g_free(rp);
}
