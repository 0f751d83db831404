/*
 * test_api_crm.c - the CRM core of the JSON API against a real server on
 * 127.0.0.1 with a temporary database: clients, deals (move, win, lose,
 * reopen, history), activities, tasks (complete) and payments; who may see
 * and change what (a manager's own objects only, a viewer reads), the
 * allowlists of writable fields, bad input named by field, and keyset
 * paging. Writes are checked in the database through the store as well.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "api_fixture.h"
#include "base/timeutil.h"
#include "http/http.h"
#include "testutil.h"

static const char *err_field(const struct vo_test_resp *r)
{
    const char *f = json_string_value(json_object_get(json_object_get(r->json, "error"), "field"));
    return f ? f : "";
}

static void setup(void)
{
    vo_api_start_crm(NULL, true, "Новая", "Переговоры", "Счёт", NULL);
}

TestSuite(api_crm, .init = setup, .fini = vo_api_stop, .timeout = 120);

Test(api_crm, deal_lifecycle)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    const struct vo_test_login *head = vo_api_user("head");
    struct vo_test_resp r =
        as(anna, "POST", "/api/v1/deals",
           "{\"title\":\"Поставка\",\"pipeline\":\"Продажи\",\"amount\":100000}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    int64_t id = jint(r.json, "id");
    cr_assert_eq(jint(r.json, "owner_id"), vo_api.manager_id);
    cr_assert_str_eq(jstr(r.json, "owner"), "Анна Менеджер");
    cr_assert_str_eq(jstr(r.json, "stage"), "Новая");
    cr_assert_str_eq(jstr(r.json, "pipeline"), "Продажи");
    cr_assert_str_eq(jstr(r.json, "status"), "open");
    cr_assert_eq(jint(r.json, "amount"), 100000);
    cr_assert_eq(jint(r.json, "days_in_stage"), 0);
    cr_assert(strstr(jstr(r.json, "created_at"), "+03:00"), "%s", r.body);
    vo_test_resp_free(&r);
    const char *path = vo_api_fmt("/api/v1/deals/%lld", (long long)id);
    char *sub = NULL;

    vo_api_expect(anna, "PATCH", path, "{\"title\":\"Поставка станков\",\"amount\":120000}", 200,
                  NULL, NULL);
    r = as(anna, "GET", path, NULL);
    cr_assert_eq(r.status, 200);
    cr_assert_str_eq(jstr(r.json, "title"), "Поставка станков");
    cr_assert_eq(jint(r.json, "amount"), 120000);
    vo_test_resp_free(&r);

    sub = g_strdup_printf("%s/move", path);
    r = as(anna, "POST", sub, "{\"stage\":\"Переговоры\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "stage"), "Переговоры");
    vo_test_resp_free(&r);
    vo_api_expect_all((const struct vo_api_case[]){
        {anna, "POST", sub, "{\"stage\":\"Нет такой\"}", 422, "stage", NULL},
        {anna, "POST", sub, "{\"stage\":5}", 422, "stage", NULL},
        {0}});
    g_free(sub);

    sub = g_strdup_printf("%s/history", path);
    json_t *items = vo_api_list(anna, sub, 1);
    cr_assert_str_eq(jstr(json_array_get(items, 0), "stage"), "Переговоры");
    cr_assert_eq(jint(json_array_get(items, 0), "user_id"), vo_api.manager_id);
    json_decref(items);
    g_free(sub);

    sub = g_strdup_printf("%s/win", path);
    r = as(anna, "POST", sub, "{}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "status"), "won");
    cr_assert(json_is_string(json_object_get(r.json, "closed_at")));
    cr_assert(json_is_null(json_object_get(r.json, "days_in_stage")));
    vo_test_resp_free(&r);
    struct vo_deal_row row = vo_api_deal(id);
    cr_assert_eq(row.d.status, VO_DEAL_WON);
    cr_assert_neq(row.d.closed_at, VO_NULL);
    cr_assert_eq(row.d.amount, 120000);
    /* a won deal does not move, win or lose again */
    vo_api_expect(anna, "POST", sub, "{}", 409, NULL, NULL);
    g_free(sub);
    sub = g_strdup_printf("%s/move", path);
    vo_api_expect(anna, "POST", sub, "{\"stage\":\"Счёт\"}", 409, NULL, NULL);
    g_free(sub);

    /* Reopening is for admin and head: a manager is refused by the route. */
    sub = g_strdup_printf("%s/reopen", path);
    vo_api_expect(anna, "POST", sub, "{}", 403, NULL, NULL);
    r = as(head, "POST", sub, "{}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "status"), "open");
    cr_assert(json_is_null(json_object_get(r.json, "closed_at")));
    vo_test_resp_free(&r);
    g_free(sub);

    sub = g_strdup_printf("%s/lose", path);
    vo_api_expect(anna, "POST", sub, "{}", 422, "reason", NULL);
    r = as(anna, "POST", sub, "{\"reason\":\"дорого\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "status"), "lost");
    /* the free text names the dictionary's reason (any case): its name */
    cr_assert_str_eq(jstr(r.json, "loss_reason"), "Дорого");
    vo_test_resp_free(&r);
    row = vo_api_deal(id);
    cr_assert_eq(row.d.status, VO_DEAL_LOST);
    cr_assert_str_eq(row.d.loss_reason, "Дорого");
    g_free(sub);
}

Test(api_crm, win_needs_an_amount)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    int64_t id =
        vo_api_create(anna, "/api/v1/deals", "{\"title\":\"Без суммы\",\"pipeline\":\"Продажи\"}");
    const char *sub = vo_api_fmt("/api/v1/deals/%lld/win", (long long)id);
    struct vo_test_resp r = as(anna, "POST", sub, "{}");
    cr_assert_eq(r.status, 422, "%s", r.body);
    cr_assert_str_eq(err_field(&r), "amount");
    vo_test_resp_free(&r);
    vo_api_expect(anna, "POST", sub, "{\"amount\":-5}", 422, "amount", NULL);
    cr_assert_eq(vo_api_int(anna, "POST", sub, "{\"amount\":5000}", 200, "amount"), 5000);
}

Test(api_crm, managers_see_and_change_only_their_own)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    const struct vo_test_login *boris = vo_api_user("boris");
    const struct vo_test_login *viewer = vo_api_user("viewer");
    const struct vo_test_login *head = vo_api_user("head");
    int64_t a1 =
        vo_api_create(anna, "/api/v1/deals", "{\"title\":\"A1\",\"pipeline\":\"Продажи\"}");
    vo_api_create(anna, "/api/v1/deals", "{\"title\":\"A2\",\"pipeline\":\"Продажи\"}");
    vo_api_create(boris, "/api/v1/deals", "{\"title\":\"B1\",\"pipeline\":\"Продажи\"}");
    const char *path = vo_api_fmt("/api/v1/deals/%lld", (long long)a1);
    const char *move = vo_api_fmt("%s/move", path);

    struct vo_test_resp r = as(boris, "GET", path, NULL);
    cr_assert_eq(r.status, 404, "%s", r.body);
    vo_test_resp_free(&r);
    vo_api_expect_all(
        (const struct vo_api_case[]){{boris, "PATCH", path, "{\"title\":\"моя\"}", 404, NULL, NULL},
                                     {boris, "POST", move, "{\"stage\":\"Счёт\"}", 404, NULL, NULL},
                                     {0}});
    /* even asking for anna's deals by filter gives boris only his own */
    const char *q = vo_api_fmt("/api/v1/deals?owner_id=%lld", (long long)vo_api.manager_id);
    json_t *items = vo_api_list(boris, q, 1);
    cr_assert_str_eq(jstr(json_array_get(items, 0), "title"), "B1");
    json_decref(items);
    items = vo_api_list(anna, "/api/v1/deals", 2);
    for (size_t i = 0; i < 2; i++)
        cr_assert_eq(jint(json_array_get(items, i), "owner_id"), vo_api.manager_id);
    json_decref(items);

    /* a viewer reads everything and writes nothing */
    vo_api_expect(viewer, "GET", path, NULL, 200, NULL, NULL);
    cr_assert_eq(vo_api_items(viewer, "/api/v1/deals"), 3);
    vo_api_expect_all((const struct vo_api_case[]){
        {viewer, "POST", "/api/v1/deals", "{\"title\":\"V\",\"pipeline\":\"Продажи\"}", 403, NULL,
         NULL},
        {viewer, "PATCH", path, "{\"title\":\"V\"}", 403, NULL, NULL},
        {0}});

    /* a cookie without the CSRF header changes nothing */
    r = http("PATCH", path, anna->cookie, NULL, NULL, "{\"title\":\"csrf\"}");
    cr_assert_eq(r.status, 403, "%s", r.body);
    vo_test_resp_free(&r);

    /* no mass assignment: a manager cannot set the owner or the status */
    const char *body = vo_api_fmt("{\"title\":\"X\",\"pipeline\":\"Продажи\",\"owner_id\":%lld}",
                                  (long long)vo_api_boris_id);
    vo_api_expect_all((const struct vo_api_case[]){
        {anna, "POST", "/api/v1/deals", body, 422, "owner_id", NULL},
        {anna, "PATCH", path, "{\"status\":\"won\"}", 422, "status", NULL},
        {0}});
    /* the head may give a deal to anyone active */
    cr_assert_eq(vo_api_int(head, "POST", "/api/v1/deals", body, 201, "owner_id"), vo_api_boris_id);
    vo_api_expect(head, "PATCH", path, "{\"owner_id\":999}", 422, "owner_id", NULL);
}

Test(api_crm, bad_input_is_named)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    vo_api_expect(anna, "POST", "/api/v1/deals", "{\"title\":", 400, NULL, "malformed JSON");
    vo_api_expect_all((const struct vo_api_case[]){
        {anna, "POST", "/api/v1/deals", "{\"title\":5,\"pipeline\":\"Продажи\"}", 422, "title",
         NULL},
        {anna, "POST", "/api/v1/deals", "{\"title\":\"x\",\"pipeline\":\"Продажи\",\"salary\":1}",
         422, "salary", NULL},
        {anna, "POST", "/api/v1/deals", "{\"title\":\"x\",\"pipeline\":\"Продажи\",\"amount\":-1}",
         422, "amount", NULL},
        {anna, "POST", "/api/v1/deals", "{\"title\":\"x\",\"pipeline\":\"Продажи\",\"amount\":1.5}",
         422, "amount", NULL},
        {anna, "POST", "/api/v1/deals",
         "{\"title\":\"x\",\"pipeline\":\"Продажи\",\"stage\":\"Нет\"}", 422, "stage", NULL},
        {anna, "POST", "/api/v1/deals", "{\"title\":\"x\"}", 422, "pipeline", NULL},
        {anna, "POST", "/api/v1/deals", "{\"title\":\"x\",\"pipeline\":\"Другая\"}", 422,
         "pipeline", NULL},
        {anna, "POST", "/api/v1/tasks", "{\"title\":\"t\",\"due_at\":\"2026-02-30 10:00\"}", 422,
         "due_at", NULL},
        {anna, "POST", "/api/v1/tasks", "{\"title\":\"t\"}", 422, "due_at", NULL},
        {anna, "POST", "/api/v1/activities", "{\"type\":\"call\",\"at\":\"2026-02-30\"}", 422, "at",
         NULL},
        {anna, "POST", "/api/v1/activities", "{\"type\":\"telegram\"}", 422, "type", NULL},
        {anna, "POST", "/api/v1/activities", "{\"type\":\"call\",\"duration_s\":-3}", 422,
         "duration_s", NULL},
        {anna, "POST", "/api/v1/activities", "{\"type\":\"call\",\"deal_id\":\"7\"}", 422,
         "deal_id", NULL},
        {anna, "POST", "/api/v1/payments", "{\"amount\":-100,\"client_id\":1}", 422, "amount",
         NULL},
        {anna, "POST", "/api/v1/payments", "{\"amount\":0,\"client_id\":1}", 422, "amount", NULL},
        {anna, "POST", "/api/v1/payments", "{\"amount\":100}", 422, "deal", NULL},
        {anna, "POST", "/api/v1/clients", "{\"name\":\"\"}", 422, "name", NULL},
        {anna, "POST", "/api/v1/clients", "{\"name\":\"x\",\"key_account\":\"yes\"}", 422,
         "key_account", NULL},
        {0}});
    /* a body that is not an object: 422, naming no field */
    struct vo_test_resp r = as(anna, "POST", "/api/v1/deals", "[1,2]");
    cr_assert_eq(r.status, 422, "%s", r.body);
    cr_assert_str_eq(err_field(&r), "", "%s", r.body);
    vo_test_resp_free(&r);
    vo_api_expect_all((const struct vo_api_case[]){
        {anna, "GET", "/api/v1/deals?sort=password", NULL, 422, "sort", NULL},
        {anna, "GET", "/api/v1/deals?from=2026-02-30", NULL, 422, "from", NULL},
        {anna, "GET", "/api/v1/deals?status=maybe", NULL, 422, "status", NULL},
        {anna, "GET", "/api/v1/deals?cursor=%21%21", NULL, 422, NULL, NULL},
        {anna, "GET", "/api/v1/deals/abc", NULL, 404, NULL, NULL},
        {0}});
    /* nothing of the above was written */
    cr_assert_eq(vo_api_items(anna, "/api/v1/deals"), 0);
}

Test(api_crm, clients)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    const struct vo_test_login *boris = vo_api_user("boris");
    struct vo_test_resp r = as(anna, "POST", "/api/v1/clients",
                               "{\"name\":\"100% Ltd\",\"channel\":\"сайт\",\"key_account\":true}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    int64_t id = jint(r.json, "id");
    cr_assert_eq(jint(r.json, "owner_id"), vo_api.manager_id);
    cr_assert(json_is_true(json_object_get(r.json, "key_account")));
    vo_test_resp_free(&r);
    vo_api_expect(anna, "POST", "/api/v1/clients", "{\"name\":\"100X Ltd\"}", 201, NULL, NULL);
    const char *path = vo_api_fmt("/api/v1/clients/%lld", (long long)id);
    r = as(anna, "PATCH", path, "{\"region\":\"Казань\",\"name\":\"100% ООО\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "region"), "Казань");
    vo_test_resp_free(&r);
    r = as(anna, "GET", path, NULL);
    cr_assert_eq(r.status, 200);
    cr_assert_str_eq(jstr(r.json, "name"), "100% ООО");
    cr_assert_str_eq(jstr(r.json, "channel"), "сайт");
    vo_test_resp_free(&r);
    /* the % of the search is a character, not a wildcard */
    r = as(anna, "GET", "/api/v1/clients?q=100%25", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(json_array_size(json_object_get(r.json, "items")), 1, "%s", r.body);
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_items(anna, "/api/v1/clients?q=Ltd"), 1);
    /* Cyrillic is case-insensitive too: "ооо" (URL-encoded) finds "100% ООО". */
    cr_assert_eq(vo_api_items(anna, "/api/v1/clients?q=%D0%BE%D0%BE%D0%BE"), 1);
    vo_api_expect_all(
        (const struct vo_api_case[]){{boris, "GET", path, NULL, 404, NULL, NULL},
                                     {boris, "PATCH", path, "{\"name\":\"мой\"}", 404, NULL, NULL},
                                     {0}});
    cr_assert_eq(vo_api_items(boris, "/api/v1/clients"), 0);
    /* the row in the database */
    struct vo_store *st = vo_api_open(0);
    struct vo_error e = {0};
    struct vo_client c;
    cr_assert_eq(vo_store_client_get(st, vo_api.org_id, id, vo_api_arena(), &c, &e), VO_OK);
    cr_assert_str_eq(c.region, "Казань");
    cr_assert_eq(c.owner_id, vo_api.manager_id);
    vo_store_close(st);
}

Test(api_crm, activities_tasks_payments)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    const struct vo_test_login *boris = vo_api_user("boris");
    int64_t deal = vo_api_create(anna, "/api/v1/deals",
                                 "{\"title\":\"D\",\"pipeline\":\"Продажи\",\"amount\":700000}");
    const char *body = vo_api_fmt("{\"type\":\"call\",\"at\":\"2026-11-20 10:00\",\"duration_s\":"
                                  "300,\"direction\":\"out\",\"deal_id\":%lld}",
                                  (long long)deal);
    struct vo_test_resp r = as(anna, "POST", "/api/v1/activities", body);
    cr_assert_eq(r.status, 201, "%s", r.body);
    int64_t act = jint(r.json, "id");
    cr_assert_str_eq(jstr(r.json, "at"), "2026-11-20T10:00:00+03:00");
    cr_assert_eq(jint(r.json, "user_id"), vo_api.manager_id);
    cr_assert_eq(jint(r.json, "duration_s"), 300);
    vo_test_resp_free(&r);
    /* boris cannot log a call on anna's deal */
    vo_api_expect(boris, "POST", "/api/v1/activities", body, 422, "deal_id", NULL);
    const char *path = vo_api_fmt("/api/v1/activities/%lld", (long long)act);
    r = as(anna, "PATCH", path, "{\"outcome\":\"перезвонить\",\"at\":\"2026-11-20T12:30:00Z\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "outcome"), "перезвонить");
    cr_assert_str_eq(jstr(r.json, "at"), "2026-11-20T15:30:00+03:00");
    vo_test_resp_free(&r);
    vo_api_expect(boris, "GET", path, NULL, 404, NULL, NULL);
    const char *q = vo_api_fmt("/api/v1/activities?deal_id=%lld&type=call", (long long)deal);
    cr_assert_eq(vo_api_items(anna, q), 1);

    r = as(anna, "POST", "/api/v1/tasks",
           "{\"title\":\"Отправить КП\",\"due_at\":\"2026-11-25 18:00\"}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    int64_t task = jint(r.json, "id");
    cr_assert(json_is_false(json_object_get(r.json, "done")));
    cr_assert_str_eq(jstr(r.json, "due_at"), "2026-11-25T18:00:00+03:00");
    vo_test_resp_free(&r);
    path = vo_api_fmt("/api/v1/tasks/%lld", (long long)task);
    vo_api_expect_all((const struct vo_api_case[]){
        {anna, "PATCH", path, "{\"title\":\"Отправить КП и счёт\"}", 200, NULL, NULL},
        {boris, "PATCH", path, "{\"title\":\"моя\"}", 404, NULL, NULL},
        {0}});
    const char *done = vo_api_fmt("%s/complete", path);
    r = as(anna, "POST", done, "{}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert(json_is_true(json_object_get(r.json, "done")));
    vo_test_resp_free(&r);
    vo_api_expect(anna, "POST", done, "{}", 409, NULL, NULL);
    r = as(anna, "GET", path, NULL);
    cr_assert_str_eq(jstr(r.json, "title"), "Отправить КП и счёт");
    cr_assert(json_is_string(json_object_get(r.json, "done_at")));
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_items(anna, "/api/v1/tasks?status=done"), 1);
    cr_assert_eq(vo_api_items(anna, "/api/v1/tasks?status=open"), 0);

    body = vo_api_fmt("{\"amount\":350000,\"paid_at\":\"2026-11-21\",\"deal_id\":%lld}",
                      (long long)deal);
    r = as(anna, "POST", "/api/v1/payments", body);
    cr_assert_eq(r.status, 201, "%s", r.body);
    int64_t pay = jint(r.json, "id");
    cr_assert_eq(jint(r.json, "amount"), 350000);
    cr_assert_str_eq(jstr(r.json, "paid_at"), "2026-11-21T00:00:00+03:00");
    vo_test_resp_free(&r);
    vo_api_expect(boris, "POST", "/api/v1/payments", body, 404, NULL, NULL);
    /* boris's own deal with anna's client: the client is not his to pay on */
    r = as(anna, "POST", "/api/v1/clients", "{\"name\":\"Клиент Анны\"}");
    int64_t anna_client = jint(r.json, "id");
    vo_test_resp_free(&r);
    int64_t bdeal =
        vo_api_create(boris, "/api/v1/deals", "{\"title\":\"B\",\"pipeline\":\"Продажи\"}");
    body = vo_api_fmt("{\"amount\":100,\"deal_id\":%lld,\"client_id\":%lld}", (long long)bdeal,
                      (long long)anna_client);
    vo_api_expect(boris, "POST", "/api/v1/payments", body, 422, "client_id", NULL);
    path = vo_api_fmt("/api/v1/payments/%lld", (long long)pay);
    cr_assert_eq(vo_api_int(anna, "GET", path, NULL, 200, "deal_id"), deal);
    vo_api_expect(boris, "GET", path, NULL, 404, NULL, NULL);
    cr_assert_eq(vo_api_items(anna, "/api/v1/payments?from=2026-11-01&to=2026-12-01"), 1);
    cr_assert_eq(vo_api_items(boris, "/api/v1/payments"), 0);

    /* the rows in the database */
    struct vo_store *st = vo_api_open(0);
    struct vo_error e = {0};
    struct vo_task t;
    cr_assert_eq(vo_store_task_get(st, vo_api.org_id, task, vo_api_arena(), &t, &e), VO_OK);
    cr_assert_neq(t.done_at, VO_NULL);
    struct vo_payment p;
    int64_t owner = 0;
    cr_assert_eq(vo_store_payment_get(st, vo_api.org_id, pay, vo_api_arena(), &p, &owner, &e),
                 VO_OK);
    cr_assert_eq(p.amount, 350000);
    cr_assert_eq(owner, vo_api.manager_id);
    struct vo_activity av;
    cr_assert_eq(vo_store_activity_get(st, vo_api.org_id, act, vo_api_arena(), &av, &e), VO_OK);
    cr_assert_str_eq(av.outcome, "перезвонить");
    vo_store_close(st);
}

/* Walks a list with limit=3 and checks every deal comes once, in order. */
static void walk(const struct vo_test_login *l, const char *sort, size_t total, int pages)
{
    GString *seen = g_string_new(NULL);
    char *cursor = NULL;
    int n = 0;
    int64_t prev = 0;
    size_t count = 0;
    do {
        char *path = cursor
                         ? g_strdup_printf("/api/v1/deals?limit=3&sort=%s&cursor=%s", sort, cursor)
                         : g_strdup_printf("/api/v1/deals?limit=3&sort=%s", sort);
        struct vo_test_resp r = as(l, "GET", path, NULL);
        cr_assert_eq(r.status, 200, "%s: %s", path, r.body);
        json_t *items = json_object_get(r.json, "items");
        for (size_t i = 0; i < json_array_size(items); i++) {
            int64_t id = jint(json_array_get(items, i), "id");
            cr_assert_gt(id, prev, "%s: %lld after %lld", sort, (long long)id, (long long)prev);
            prev = id;
            count++;
        }
        g_free(cursor);
        const char *next = json_string_value(json_object_get(r.json, "next_cursor"));
        cursor = next ? g_strdup(next) : NULL;
        vo_test_resp_free(&r);
        g_free(path);
        n++;
    } while (cursor && n < 10);
    cr_assert_eq(count, total, "%s: %zu of %zu", sort, count, total);
    cr_assert_eq(n, pages, "%s: %d pages", sort, n);
    g_string_free(seen, TRUE);
}

Test(api_crm, cursor_paging_walks_every_deal_once)
{
    const struct vo_test_login *head = vo_api_user("head");
    for (int i = 0; i < 8; i++) {
        const char *body = vo_api_fmt("{\"title\":\"Сделка %d\",\"pipeline\":\"Продажи\"}", i);
        vo_api_create(head, "/api/v1/deals", body);
    }
    /* created within the same second or two: created_at ties are broken
     * by id, so this order is the id order too */
    walk(head, "id", 8, 3);
    walk(head, "created_at", 8, 3);
    /* descending by title: Сделка 7 .. Сделка 0 */
    struct vo_test_resp r = as(head, "GET", "/api/v1/deals?sort=-title&limit=3", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(jstr(json_array_get(json_object_get(r.json, "items"), 0), "title"),
                     "Сделка 7");
    char *next = g_strdup(json_string_value(json_object_get(r.json, "next_cursor")));
    vo_test_resp_free(&r);
    const char *path = vo_api_fmt("/api/v1/deals?sort=-title&limit=3&cursor=%s", next);
    r = as(head, "GET", path, NULL);
    cr_assert_str_eq(jstr(json_array_get(json_object_get(r.json, "items"), 0), "title"),
                     "Сделка 4");
    vo_test_resp_free(&r);
    g_free(next);
}

/* The org row's fact of a plan-fact metric. */
static int64_t org_fact(json_t *pf, const char *metric)
{
    json_t *row = json_array_get(json_object_get(pf, "rows"), 0);
    cr_assert_str_eq(jstr(row, "scope"), "org");
    return jint(json_object_get(json_object_get(row, "metrics"), metric), "fact");
}

/* Every write tells the live dataset: the next report has it. */
Test(api_crm, writes_reach_the_next_report)
{
    const struct vo_test_login *head = vo_api_user("head");
    const struct vo_test_login *anna = vo_api_user("anna");
    GTimeZone *tz = vo_tz_new("Europe/Moscow");
    struct vo_date today = vo_date_of(tz, vo_now());
    g_time_zone_unref(tz);
    const char *report =
        vo_api_fmt("/api/v1/reports/plan-fact?as_of=%04d-%02d-%02d", today.y, today.m, today.d);
    static const char *const metrics[] = {"leads", "deals_won", "revenue",
                                          "calls", "payments",  "tasks_done"};
    static const int64_t added[] = {1, 1, 250000, 1, 100000, 1};
    int64_t before[6];
    struct vo_test_resp r = as(head, "GET", report, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    for (int i = 0; i < 6; i++)
        before[i] = org_fact(r.json, metrics[i]);
    vo_test_resp_free(&r);

    int64_t deal =
        vo_api_create(anna, "/api/v1/deals", "{\"title\":\"В отчёт\",\"pipeline\":\"Продажи\"}");
    const char *path = vo_api_fmt("/api/v1/deals/%lld/win", (long long)deal);
    vo_api_expect(anna, "POST", path, "{\"amount\":250000}", 200, NULL, NULL);
    char *body =
        g_strdup_printf("{\"type\":\"call\",\"duration_s\":60,\"deal_id\":%lld}", (long long)deal);
    vo_api_expect(anna, "POST", "/api/v1/activities", body, 201, NULL, NULL);
    g_free(body);
    body = g_strdup_printf("{\"title\":\"Акт\",\"due_at\":\"%04d-%02d-%02d 23:00\"}", today.y,
                           today.m, today.d);
    r = as(anna, "POST", "/api/v1/tasks", body);
    cr_assert_eq(r.status, 201, "%s", r.body);
    path = vo_api_fmt("/api/v1/tasks/%lld/complete", (long long)jint(r.json, "id"));
    vo_test_resp_free(&r);
    g_free(body);
    vo_api_expect(anna, "POST", path, "{}", 200, NULL, NULL);
    body = g_strdup_printf("{\"amount\":100000,\"deal_id\":%lld}", (long long)deal);
    vo_api_expect(anna, "POST", "/api/v1/payments", body, 201, NULL, NULL);
    g_free(body);

    r = as(head, "GET", report, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    for (int i = 0; i < 6; i++)
        cr_assert_eq(org_fact(r.json, metrics[i]), before[i] + added[i], "%s: %s", metrics[i],
                     r.body);
    vo_test_resp_free(&r);
}

/* A task carries its deal's title and a client's name (My day and the
 * tasks list show them instead of "Сделка #id"): its own client's, else
 * its deal's client's; null when there is none. The list and one task
 * answer the same. */
Test(api_crm, deal_title_and_client_name)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    int64_t acme = vo_api_create(anna, "/api/v1/clients", "{\"name\":\"ООО Ромашка\"}");
    int64_t other = vo_api_create(anna, "/api/v1/clients", "{\"name\":\"ИП Лютик\"}");
    int64_t deal = vo_api_create(
        anna, "/api/v1/deals",
        vo_api_fmt("{\"title\":\"Поставка котлов\",\"pipeline\":\"Продажи\",\"client_id\":%lld}",
                   (long long)acme));
    int64_t by_deal = vo_api_create(
        anna, "/api/v1/tasks",
        vo_api_fmt("{\"title\":\"Позвонить\",\"deal_id\":%lld,\"due_at\":\"2100-03-01\"}",
                   (long long)deal));
    int64_t by_client = vo_api_create(
        anna, "/api/v1/tasks",
        vo_api_fmt("{\"title\":\"Написать\",\"client_id\":%lld,\"due_at\":\"2100-03-02\"}",
                   (long long)other));
    int64_t alone =
        vo_api_create(anna, "/api/v1/tasks", "{\"title\":\"Отчёт\",\"due_at\":\"2100-03-03\"}");

    json_t *items = vo_api_list(anna, "/api/v1/tasks?sort=due_at&status=open&from=2100-03-01", 3);
    const struct {
        int64_t id;
        const char *deal_title, *client_name;
        int64_t client_id;
    } want[] = {{by_deal, "Поставка котлов", "ООО Ромашка", 0},
                {by_client, NULL, "ИП Лютик", other},
                {alone, NULL, NULL, 0}};
    for (size_t i = 0; i < 3; i++) {
        json_t *it = json_array_get(items, i);
        const char *p = vo_api_fmt("/api/v1/tasks/%lld", (long long)want[i].id);
        struct vo_test_resp one = as(anna, "GET", p, NULL);
        cr_assert_eq(one.status, 200, "%s", one.body);
        json_t *both[] = {it, one.json};
        for (size_t k = 0; k < 2; k++) {
            json_t *o = both[k];
            cr_assert_eq(jint(o, "id"), want[i].id);
            if (want[i].deal_title)
                cr_assert_str_eq(jstr(o, "deal_title"), want[i].deal_title);
            else
                cr_assert(json_is_null(json_object_get(o, "deal_title")), "task %zu", i);
            if (want[i].client_name)
                cr_assert_str_eq(jstr(o, "client_name"), want[i].client_name);
            else
                cr_assert(json_is_null(json_object_get(o, "client_name")), "task %zu", i);
            if (want[i].client_id)
                cr_assert_eq(jint(o, "client_id"), want[i].client_id);
            else
                cr_assert(json_is_null(json_object_get(o, "client_id")), "task %zu", i);
        }
        vo_test_resp_free(&one);
    }
    json_decref(items);

    /* the deal renamed: its tasks show the new title */
    vo_api_expect(anna, "PATCH", vo_api_deal_path(deal, ""), "{\"title\":\"Поставка насосов\"}",
                  200, NULL, NULL);
    const char *p = vo_api_fmt("/api/v1/tasks/%lld", (long long)by_deal);
    struct vo_test_resp r = as(anna, "GET", p, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "deal_title"), "Поставка насосов");
    vo_test_resp_free(&r);
}
