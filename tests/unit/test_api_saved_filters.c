/*
 * test_api_saved_filters.c - a user's saved filters of the lists through
 * the real HTTP server (docs/api-crm.md, "Saved filters"): save, list,
 * rename, default (one a list), delete; versions and If-Match as the CRM
 * objects have them; nobody else's filters, whatever the role (404); a
 * bad kind and a query with what its list does not take refused naming
 * the field; the bounds (name 1..80 characters, query 2000 bytes, 50 a
 * list); the audit rows of the writes.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <string.h>

#include "api_fixture.h"
#include "http/http.h"
#include "testutil.h"

static void setup(void)
{
    vo_api_start_crm(NULL, true, "Новая", "Переговоры", NULL);
}

TestSuite(api_saved_filters, .init = setup, .fini = vo_api_stop, .timeout = 120);

#define BASE "/api/v1/saved-filters"

static const char *one(int64_t id)
{
    return vo_api_fmt(BASE "/%lld", (long long)id);
}

/* The error member key of r's body ("" when absent). */
static const char *err(const struct vo_test_resp *r, const char *key)
{
    const char *s = json_string_value(json_object_get(json_object_get(r->json, "error"), key));
    return s ? s : "";
}

/* The audit rows of action on saved filters, each anna's. */
static size_t audit(const char *action)
{
    return vo_api_audit(action, "saved_filter", vo_api.manager_id);
}

Test(api_saved_filters, save_list_apply_default_delete)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    struct vo_test_resp r =
        as(anna, "POST", BASE,
           "{\"kind\":\"deals\",\"name\":\"Мои горячие\",\"query\":\"?status=open&sort=-amount\"}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    int64_t hot = jint(r.json, "id");
    cr_assert_str_eq(jstr(r.json, "kind"), "deals");
    cr_assert_str_eq(jstr(r.json, "name"), "Мои горячие");
    cr_assert_str_eq(jstr(r.json, "query"), "status=open&sort=-amount"); /* the "?" dropped */
    cr_assert(json_is_false(json_object_get(r.json, "default")));
    cr_assert_eq(jint(r.json, "version"), 0);
    cr_assert_str_eq(r.etag, "\"0\"");
    vo_test_resp_free(&r);

    int64_t nov = vo_api_create(anna, BASE,
                                "{\"kind\":\"deals\",\"name\":\"Закрытые за ноябрь\",\"query\":"
                                "\"status=won&from=2025-11-01&to=2025-12-01\",\"default\":true}");
    int64_t tasks = vo_api_create(
        anna, BASE, "{\"kind\":\"tasks\",\"name\":\"Открытые\",\"query\":\"status=open\"}");

    /* the list of one kind, by name; every kind without ?kind= */
    json_t *items = vo_api_list(anna, BASE "?kind=deals", 2);
    cr_assert_eq(jint(json_array_get(items, 0), "id"), nov);
    cr_assert(json_is_true(json_object_get(json_array_get(items, 0), "default")));
    cr_assert_eq(jint(json_array_get(items, 1), "id"), hot);
    json_decref(items);
    cr_assert_eq(vo_api_items(anna, BASE), 3);
    cr_assert_eq(vo_api_items(anna, BASE "?kind=tasks"), 1);
    cr_assert_eq(vo_api_items(anna, BASE "?kind=clients"), 0);

    /* the stored query is what the list answers */
    r = as(anna, "GET", one(hot), NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    const char *list = vo_api_fmt("/api/v1/deals?%s", jstr(r.json, "query"));
    vo_test_resp_free(&r);
    vo_api_expect(anna, "GET", list, NULL, 200, NULL, NULL);

    /* another default of the list takes the mark from the first */
    r = as(anna, "PATCH", one(hot), "{\"default\":true,\"version\":0}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert(json_is_true(json_object_get(r.json, "default")));
    cr_assert_eq(jint(r.json, "version"), 1);
    vo_test_resp_free(&r);
    r = as(anna, "GET", one(nov), NULL);
    cr_assert(json_is_false(json_object_get(r.json, "default")), "%s", r.body);
    cr_assert_eq(jint(r.json, "version"), 1, "%s", r.body);
    vo_test_resp_free(&r);
    r = as(anna, "GET", one(tasks), NULL); /* another list's default is its own */
    cr_assert_eq(jint(r.json, "version"), 0, "%s", r.body);
    vo_test_resp_free(&r);

    /* rename with If-Match; a stale one is 409 with the current filter */
    r = vo_api_as_if(anna, "PATCH", one(hot), "\"1\"", "{\"name\":\"Горячие\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "name"), "Горячие");
    cr_assert_str_eq(r.etag, "\"2\"");
    vo_test_resp_free(&r);
    r = vo_api_as_if(anna, "PATCH", one(hot), "\"1\"", "{\"name\":\"Старое\"}");
    cr_assert_eq(r.status, 409, "%s", r.body);
    cr_assert_str_eq(err(&r, "code"), "version_conflict");
    cr_assert_str_eq(err(&r, "field"), "version");
    cr_assert_str_eq(jstr(json_object_get(r.json, "current"), "name"), "Горячие");
    cr_assert_eq(jint(json_object_get(r.json, "current"), "version"), 2);
    vo_test_resp_free(&r);
    r = vo_api_as_if(anna, "DELETE", one(hot), "\"1\"", NULL);
    cr_assert_eq(r.status, 409, "%s", r.body);
    cr_assert_str_eq(err(&r, "code"), "version_conflict");
    vo_test_resp_free(&r);

    /* delete; then it is gone */
    r = vo_api_as_if(anna, "DELETE", one(hot), "\"2\"", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(jint(r.json, "id"), hot);
    cr_assert(json_is_true(json_object_get(r.json, "deleted")));
    vo_test_resp_free(&r);
    vo_api_expect(anna, "GET", one(hot), NULL, 404, "id", NULL);
    vo_api_expect(anna, "DELETE", one(hot), NULL, 404, "id", NULL);
    cr_assert_eq(vo_api_items(anna, BASE "?kind=deals"), 1);

    /* the audit has each write, by anna */
    cr_assert_eq(audit("saved_filter.create"), 3);
    cr_assert_eq(audit("saved_filter.update"), 2);
    cr_assert_eq(audit("saved_filter.delete"), 1);
}

/* Nobody sees or touches another user's filters: not another manager, not
 * the head, not the admin (404, as if it did not exist); each lists only
 * their own. */
Test(api_saved_filters, others_never_see_them)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    int64_t id =
        vo_api_create(anna, BASE, "{\"kind\":\"clients\",\"name\":\"Мои\",\"query\":\"\"}");
    vo_api_create(vo_api_user("head"), BASE,
                  "{\"kind\":\"clients\",\"name\":\"Мои\",\"query\":\"sort=-created_at\"}");
    static const char *const who[] = {"boris@example.com", "head", "admin", "viewer"};
    for (size_t i = 0; i < 4; i++) {
        const struct vo_test_login *l = vo_api_user(who[i]);
        vo_api_expect(l, "GET", one(id), NULL, 404, "id", who[i]);
        vo_api_expect(l, "PATCH", one(id), "{\"name\":\"Чужой\"}", 404, "id", who[i]);
        vo_api_expect(l, "DELETE", one(id), NULL, 404, "id", who[i]);
        cr_assert_eq(vo_api_items(l, BASE), strcmp(who[i], "head") == 0 ? 1 : 0, "%s", who[i]);
    }
    struct vo_test_resp r = as(vo_api_user("head"), "GET", one(id), NULL);
    cr_assert_str_eq(err(&r, "message"), vo_api_fmt("no saved filter %lld", (long long)id));
    cr_assert_str_eq(err(&r, "message_ru"),
                     vo_api_fmt("Сохранённого фильтра %lld нет", (long long)id));
    vo_test_resp_free(&r);
    r = as(anna, "GET", one(id), NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "name"), "Мои");
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_items(anna, BASE), 1);
}

Test(api_saved_filters, refusals_name_the_field)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    char *long_name = vo_api_repeat("", "я", 81);
    char *name80 = vo_api_repeat("", "я", 80);
    char *long_query = vo_api_repeat("q=", "a", 1999); /* 2001 bytes */
    const struct vo_api_case cases[] = {
        {anna, "POST", BASE, "{\"kind\":\"leads\",\"name\":\"x\"}", 422, "kind", "unknown kind"},
        {anna, "POST", BASE, "{\"name\":\"x\"}", 422, "kind", "no kind"},
        {anna, "GET", BASE "?kind=leads", NULL, 422, "kind", "unknown kind in the list"},
        {anna, "POST", BASE, "{\"kind\":\"deals\"}", 422, "name", "no name"},
        {anna, "POST", BASE, "{\"kind\":\"deals\",\"name\":\"\"}", 422, "name", "empty name"},
        {anna, "POST", BASE, vo_api_fmt("{\"kind\":\"deals\",\"name\":\"%s\"}", long_name), 422,
         "name", "81 characters"},
        {anna, "POST", BASE,
         vo_api_fmt("{\"kind\":\"deals\",\"name\":\"x\",\"query\":\"%s\"}", long_query), 422,
         "query", "2001 bytes"},
        {anna, "POST", BASE, "{\"kind\":\"clients\",\"name\":\"x\",\"query\":\"status=open\"}", 422,
         "query", "clients have no status"},
        {anna, "POST", BASE, "{\"kind\":\"deals\",\"name\":\"x\",\"query\":\"limit=10\"}", 422,
         "query", "paging is not a filter"},
        {anna, "POST", BASE, "{\"kind\":\"deals\",\"name\":\"x\",\"query\":\"status=done\"}", 422,
         "query", "a task's status on deals"},
        {anna, "POST", BASE, "{\"kind\":\"tasks\",\"name\":\"x\",\"query\":\"sort=amount\"}", 422,
         "query", "tasks have no amount"},
        {anna, "POST", BASE, "{\"kind\":\"deals\",\"name\":\"x\",\"query\":\"owner_id=abc\"}", 422,
         "query", "an id"},
        {anna, "POST", BASE, "{\"kind\":\"deals\",\"name\":\"x\",\"query\":\"from=31.13.2025\"}",
         422, "query", "a date"},
        {anna, "POST", BASE,
         "{\"kind\":\"deals\",\"name\":\"x\",\"query\":\"status=open&status=won\"}", 422, "query",
         "twice"},
        {anna, "POST", BASE, "{\"kind\":\"deals\",\"name\":\"x\",\"query\":\"q=%zz\"}", 422,
         "query", "not URL-encoded"},
        {anna, "POST", BASE, "{\"kind\":\"deals\",\"name\":\"x\",\"query\":\"custom.Bad-Key=1\"}",
         422, "query", "not a custom field's key"},
        {anna, "POST", BASE, "{\"kind\":\"tasks\",\"name\":\"x\",\"query\":\"custom.a=1\"}", 422,
         "query", "tasks have no custom fields"},
        {anna, "POST", BASE, "{\"kind\":\"deals\",\"name\":\"x\",\"owner_id\":1}", 422, "owner_id",
         "unknown member"},
        {anna, "POST", BASE, "{\"kind\":\"deals\",\"name\":\"x\",\"default\":\"yes\"}", 422,
         "default", "not a boolean"},
        {NULL, "GET", BASE, NULL, 401, NULL, "anonymous"},
        {0},
    };
    vo_api_expect_all(cases);

    /* exact bodies of two of them */
    struct vo_test_resp r = as(anna, "POST", BASE, "{\"kind\":\"leads\",\"name\":\"x\"}");
    cr_assert_str_eq(err(&r, "message"),
                     "kind is one of: deals, clients, tasks, activities, payments");
    cr_assert_str_eq(err(&r, "message_id"), "filters.bad_kind");
    vo_test_resp_free(&r);
    r = as(anna, "POST", BASE,
           "{\"kind\":\"clients\",\"name\":\"x\",\"query\":\"q=%D0%BE%D0%BE%D0%BE&status=open\"}");
    cr_assert_eq(r.status, 422, "%s", r.body);
    cr_assert_str_eq(err(&r, "message"), "a list of clients takes no parameter \"status\"");
    cr_assert_str_eq(err(&r, "message_ru"), "В этом списке нет параметра «status»");
    vo_test_resp_free(&r);

    /* 80 characters and the good queries of each list are taken */
    vo_api_create(anna, BASE, vo_api_fmt("{\"kind\":\"deals\",\"name\":\"%s\"}", name80));
    vo_api_create(anna, BASE,
                  "{\"kind\":\"deals\",\"name\":\"Все\",\"query\":\"q=%D0%BE%D0%BE+1&status=lost&"
                  "stage_id=1&pipeline_id=1&channel=web&owner_id=2&from=2025-11-01&sort=title\"}");
    vo_api_create(
        anna, BASE,
        "{\"kind\":\"activities\",\"name\":\"Звонки\",\"query\":\"type=call&deal_id=1\"}");
    vo_api_create(anna, BASE,
                  "{\"kind\":\"payments\",\"name\":\"Оплаты\",\"query\":\"sort=-amount\"}");
    /* a name taken in the list is 409 naming it; in another list it is free */
    vo_api_expect(anna, "POST", BASE, "{\"kind\":\"deals\",\"name\":\"Все\"}", 409, "name", NULL);
    vo_api_create(anna, BASE, "{\"kind\":\"tasks\",\"name\":\"Все\"}");
    g_free(long_name);
    g_free(name80);
    g_free(long_query);
    cr_assert_eq(vo_api_items(anna, BASE), 5);
}

/* 50 filters a user and a list: the 51st is 409 naming kind; another list
 * and another user are not counted. */
Test(api_saved_filters, fifty_a_list)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    for (int i = 1; i <= 50; i++)
        vo_api_create(
            anna, BASE,
            vo_api_fmt("{\"kind\":\"tasks\",\"name\":\"Фильтр %d\",\"query\":\"sort=id\"}", i));
    struct vo_test_resp r = as(anna, "POST", BASE, "{\"kind\":\"tasks\",\"name\":\"Фильтр 51\"}");
    cr_assert_eq(r.status, 409, "%s", r.body);
    cr_assert_str_eq(err(&r, "field"), "kind");
    cr_assert_str_eq(err(&r, "message"), "at most 50 saved filters a list: delete one first");
    vo_test_resp_free(&r);
    vo_api_create(anna, BASE, "{\"kind\":\"deals\",\"name\":\"Фильтр 51\"}");
    vo_api_create(vo_api_user("boris@example.com"), BASE,
                  "{\"kind\":\"tasks\",\"name\":\"Фильтр 51\"}");
    cr_assert_eq(vo_api_items(anna, BASE "?kind=tasks"), 50);
}
