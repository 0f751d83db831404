/*
 * test_api_sync.c - what a client keeping a copy of the CRM uses
 * (docs/api-crm.md, "Changes since" and "Bulk writes"): every object's
 * updated_at, kept by every write path (migration 22's triggers) and
 * backfilled for the rows before it; ?updated_since= on the lists, oldest
 * change first, paged by the cursor; and the bulk writes, all or nothing,
 * with every refused item named, through the single routes' rules.
 *
 * The clock is not pinned: a test moves the rows it does not change to a
 * past instant (1000, 1970-01-01T00:16:40Z) with SQL and polls from 2000,
 * so what it finds is exactly what it changed, whatever today is.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api_fixture.h"
#include "base/timeutil.h"
#include "http/http.h"
#include "testutil.h"

static void setup(void)
{
    vo_api_start_crm(NULL, true, "Новая", "Переговоры", "Счёт", NULL);
}

TestSuite(api_sync, .init = setup, .fini = vo_api_stop, .timeout = 120);

/* The one integer sql answers on the served database. */
static int64_t sql_int(const char *sql)
{
    return vo_test_sql_int(vo_api.db_path, sql);
}

static int64_t updated_at(const char *table, int64_t id)
{
    return sql_int(vo_api_fmt("SELECT updated_at FROM %s WHERE id = %lld", table, (long long)id));
}

static int64_t new_deal(const struct vo_test_login *l, const char *title)
{
    return vo_api_create(
        l, "/api/v1/deals",
        vo_api_fmt("{\"title\":\"%s\",\"pipeline\":\"Продажи\",\"amount\":1000}", title));
}

/* Every CRM row to the past: changed at 1000 (before any poll of 2000).
 * Only the rows not there yet: an update that leaves updated_at as it was
 * (setting it to its own value included) is a change, stamped now. */
static void age_everything(void)
{
    static const char *const tables[] = {"deals", "clients", "activities", "tasks", "payments"};
    for (size_t i = 0; i < G_N_ELEMENTS(tables); i++)
        vo_api_sql(
            vo_api_fmt("UPDATE %s SET updated_at = 1000 WHERE updated_at <> 1000", tables[i]));
}

/* The ids of json's items, in order, as "1,2,3" (vo_api_arena). */
static const char *ids_of(const json_t *items)
{
    GString *s = g_string_new("");
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        g_string_append_printf(s, "%s%lld", i ? "," : "", (long long)jint(it, "id"));
    }
    const char *out = vo_api_fmt("%s", s->str);
    g_string_free(s, TRUE);
    return out;
}

Test(api_sync, updated_since_answers_exactly_the_changed_objects)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    int64_t a = new_deal(anna, "Первая"), b = new_deal(anna, "Вторая"),
            c = new_deal(anna, "Третья");
    age_everything();
    int64_t t0 = (int64_t)time(NULL);
    vo_api_expect(anna, "PATCH", vo_api_deal_path(b, ""), "{\"title\":\"Вторая, новая\"}", 200,
                  NULL, NULL);
    cr_assert_geq(updated_at("deals", b), t0, "the change stamped the deal");
    cr_assert_eq(updated_at("deals", a), 1000, "the others are as they were");

    /* unix seconds, an ISO instant and a date all read */
    json_t *items = vo_api_list(anna, "/api/v1/deals?updated_since=2000", 1);
    cr_assert_eq(jint(json_array_get(items, 0), "id"), b);
    cr_assert_str_eq(jstr(json_array_get(items, 0), "title"), "Вторая, новая");
    const char *iso = jstr(json_array_get(items, 0), "updated_at");
    int64_t seen = 0;
    struct vo_error e = {0};
    GTimeZone *utc = g_time_zone_new_utc();
    cr_assert_eq(vo_time_parse(iso, utc, &seen, "updated_at", &e), VO_OK, "%s", iso);
    cr_assert_eq(seen, updated_at("deals", b), "updated_at is the stored instant: %s", iso);
    json_decref(items);
    items = vo_api_list(anna, "/api/v1/deals?updated_since=1970-01-01T00:33:20Z", 1);
    json_decref(items);
    items = vo_api_list(anna, "/api/v1/deals?updated_since=2000-01-01", 1);
    json_decref(items);

    /* the poll again from the largest updated_at seen finds it again (at
     * or after), and nothing after a later instant */
    items = vo_api_list(anna, vo_api_fmt("/api/v1/deals?updated_since=%lld", (long long)seen), 1);
    json_decref(items);
    items = vo_api_list(anna,
                        vo_api_fmt("/api/v1/deals?updated_since=%lld", (long long)seen + 3600), 0);
    json_decref(items);

    /* everything from 1000: the oldest change first (ties by id), page by
     * page through the cursor */
    GString *walked = g_string_new("");
    const char *cursor = "";
    for (int page = 0; page < 5; page++) {
        struct vo_test_resp r =
            as(anna, "GET",
               vo_api_fmt("/api/v1/deals?updated_since=1000&limit=1&cursor=%s", cursor), NULL);
        cr_assert_eq(r.status, 200, "%s", r.body);
        json_t *its = json_object_get(r.json, "items");
        if (json_array_size(its))
            g_string_append_printf(walked, "%s%s", walked->len ? "," : "", ids_of(its));
        const char *next = json_string_value(json_object_get(r.json, "next_cursor"));
        cursor = next ? vo_api_fmt("%s", next) : NULL;
        vo_test_resp_free(&r);
        if (!cursor)
            break;
    }
    cr_assert_str_eq(walked->str,
                     vo_api_fmt("%lld,%lld,%lld", (long long)a, (long long)c, (long long)b));
    g_string_free(walked, TRUE);
    g_time_zone_unref(utc);

    vo_api_expect_all((const struct vo_api_case[]){
        {anna, "GET", "/api/v1/deals?updated_since=вчера", NULL, 422, "updated_since", NULL},
        {anna, "GET", "/api/v1/clients?updated_since=2026-13-01", NULL, 422, "updated_since", NULL},
        {0}});
}

Test(api_sync, every_list_polls_its_objects)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    int64_t deal = new_deal(anna, "Сделка");
    int64_t client = vo_api_create(anna, "/api/v1/clients", "{\"name\":\"Ромашка\"}");
    int64_t act =
        vo_api_create(anna, "/api/v1/activities",
                      vo_api_fmt("{\"type\":\"call\",\"deal_id\":%lld}", (long long)deal));
    int64_t task = vo_api_create(
        anna, "/api/v1/tasks",
        vo_api_fmt("{\"title\":\"Позвонить\",\"due_at\":\"2026-11-25\",\"deal_id\":%lld}",
                   (long long)deal));
    int64_t pay =
        vo_api_create(anna, "/api/v1/payments",
                      vo_api_fmt("{\"amount\":500,\"paid_at\":\"2026-11-20\",\"deal_id\":%lld}",
                                 (long long)deal));
    age_everything();
    cr_assert_eq(updated_at("deals", deal), 1000, "aged");
    for (const char *const *l =
             (const char *const[]){"deals", "clients", "activities", "tasks", "payments", NULL};
         *l; l++)
        json_decref(vo_api_list(anna, vo_api_fmt("/api/v1/%s?updated_since=2000", *l), 0));
    /* each changed through its own route */
    vo_api_expect(anna, "PATCH", vo_api_fmt("/api/v1/clients/%lld", (long long)client),
                  "{\"phone\":\"+7 900 000-00-00\"}", 200, NULL, NULL);
    vo_api_expect(anna, "PATCH", vo_api_fmt("/api/v1/activities/%lld", (long long)act),
                  "{\"outcome\":\"договорились\"}", 200, NULL, NULL);
    vo_api_expect(anna, "POST", vo_api_fmt("/api/v1/tasks/%lld/complete", (long long)task), "{}",
                  200, NULL, NULL);
    vo_api_sql(vo_api_fmt("UPDATE payments SET amount = 600 WHERE id = %lld", (long long)pay));
    const struct {
        const char *list;
        int64_t id;
    } polls[] = {{"clients", client}, {"activities", act}, {"tasks", task}, {"payments", pay}};
    for (size_t i = 0; i < G_N_ELEMENTS(polls); i++) {
        json_t *items =
            vo_api_list(anna, vo_api_fmt("/api/v1/%s?updated_since=2000", polls[i].list), 1);
        cr_assert_eq(jint(json_array_get(items, 0), "id"), polls[i].id, "%s", polls[i].list);
        cr_assert(jstr(json_array_get(items, 0), "updated_at"), "%s", polls[i].list);
        json_decref(items);
    }
    /* a manager's poll is narrowed to their own, as the list is */
    cr_assert_eq(updated_at("deals", deal), 1000, "no change of the deal's own");
    int64_t boris_deal = new_deal(vo_api_user("boris"), "Чужая");
    json_decref(vo_api_list(anna, "/api/v1/deals?updated_since=2000", 0));
    json_t *items = vo_api_list(vo_api_user("head"), "/api/v1/deals?updated_since=2000", 1);
    cr_assert_eq(jint(json_array_get(items, 0), "id"), boris_deal);
    json_decref(items);
}

Test(api_sync, every_write_path_stamps_updated_at)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    const struct vo_test_login *head = vo_api_user("head");
    int64_t moved = new_deal(anna, "Двигаем"), won = new_deal(anna, "Выиграем"),
            lost = new_deal(anna, "Проиграем"), imported = new_deal(anna, "Из файла");
    int64_t keep = vo_api_create(head, "/api/v1/clients", "{\"name\":\"Альфа\"}");
    int64_t dup = vo_api_create(head, "/api/v1/clients", "{\"name\":\"Альфа (дубль)\"}");
    vo_api_sql(vo_api_fmt("UPDATE deals SET client_id = %lld WHERE id = %lld", (long long)dup,
                          (long long)lost));
    vo_api_sql(vo_api_fmt("UPDATE deals SET ext_id = 'X-1' WHERE id = %lld", (long long)imported));
    age_everything();
    int64_t t0 = (int64_t)time(NULL);

    vo_api_expect(anna, "POST", vo_api_deal_path(moved, "/move"), "{\"stage\":\"Переговоры\"}", 200,
                  NULL, NULL);
    vo_api_expect(anna, "POST", vo_api_deal_path(won, "/win"), "{}", 200, NULL, NULL);
    cr_assert_geq(updated_at("deals", moved), t0, "move");
    cr_assert_geq(updated_at("deals", won), t0, "win");
    cr_assert_eq(updated_at("deals", lost), 1000);

    /* a merge moves the duplicate's deal to the kept client: both changed */
    vo_api_expect(head, "POST", vo_api_fmt("/api/v1/clients/%lld/merge", (long long)keep),
                  vo_api_fmt("{\"from\":[%lld]}", (long long)dup), 200, NULL, NULL);
    cr_assert_geq(updated_at("deals", lost), t0, "merge: the deal's client");
    cr_assert_geq(updated_at("clients", keep), t0, "merge: the kept client");
    vo_api_sql("UPDATE deals SET updated_at = 1000 WHERE updated_at <> 1000");
    vo_api_expect(anna, "POST", vo_api_deal_path(lost, "/lose"),
                  "{\"reason\":\"Дорого\",\"comment\":\"бюджет\"}", 200, NULL, NULL);
    cr_assert_geq(updated_at("deals", lost), t0, "lose");
    vo_api_sql("UPDATE deals SET updated_at = 1000 WHERE updated_at <> 1000");
    vo_api_expect(head, "POST", vo_api_deal_path(lost, "/reopen"), "{}", 200, NULL, NULL);
    cr_assert_geq(updated_at("deals", lost), t0, "reopen");

    /* the import's upsert (records.c) of a row it knows by its ext_id */
    struct vo_deal_row d = vo_api_deal(imported);
    struct vo_store *st = vo_api_open(0);
    struct vo_error e = {0};
    enum vo_upsert res = VO_UPSERT_UNCHANGED;
    d.d.title = "Из файла, обновлена";
    cr_assert_eq(vo_store_begin(st, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_store_deal_upsert(st, &d.d, &res, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_store_commit(st, &e), VO_OK, "%s", e.msg);
    vo_store_close(st);
    cr_assert_eq(res, VO_UPSERT_UPDATED);
    cr_assert_geq(updated_at("deals", imported), t0, "import upsert");
    cr_assert_eq(updated_at("deals", moved), 1000, "an unchanged row keeps its instant");
}

/* ---- bulk writes ---- */

Test(api_sync, bulk_creates_every_item_in_order)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    int64_t deals = vo_api_count("deals");
    size_t audited = vo_api_audit("deal.create", "deal", -1);
    struct vo_test_resp r =
        as(anna, "POST", "/api/v1/deals/bulk",
           "{\"items\":[{\"title\":\"Один\",\"pipeline\":\"Продажи\",\"amount\":100},"
           "{\"title\":\"Два\",\"pipeline\":\"Продажи\",\"stage\":\"Счёт\"},"
           "{\"title\":\"Три\",\"pipeline\":\"Продажи\",\"channel\":\"web\"}]}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    json_t *items = json_object_get(r.json, "items");
    cr_assert_eq(json_array_size(items), 3);
    cr_assert_str_eq(jstr(json_array_get(items, 0), "title"), "Один");
    cr_assert_eq(jint(json_array_get(items, 0), "amount"), 100);
    cr_assert_str_eq(jstr(json_array_get(items, 1), "stage"), "Счёт");
    cr_assert_str_eq(jstr(json_array_get(items, 2), "channel"), "web");
    cr_assert_eq(jint(json_array_get(items, 2), "owner_id"), vo_api.manager_id);
    int64_t second = jint(json_array_get(items, 1), "id");
    int64_t version = jint(json_array_get(items, 1), "version");
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_count("deals"), deals + 3);
    cr_assert_eq(vo_api_audit("deal.create", "deal", vo_api.manager_id), audited + 3,
                 "an audit row each, as a single create writes");

    /* a create and a change together; the change's version checked */
    r = as(anna, "POST", "/api/v1/deals/bulk",
           vo_api_fmt("{\"items\":[{\"id\":%lld,\"version\":%lld,\"amount\":700},"
                      "{\"title\":\"Четыре\",\"pipeline\":\"Продажи\"}]}",
                      (long long)second, (long long)version));
    cr_assert_eq(r.status, 200, "%s", r.body);
    items = json_object_get(r.json, "items");
    cr_assert_eq(jint(json_array_get(items, 0), "id"), second);
    cr_assert_eq(jint(json_array_get(items, 0), "amount"), 700);
    cr_assert_eq(jint(json_array_get(items, 0), "version"), version + 1);
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_deal(second).d.amount, 700);
    cr_assert_eq(vo_api_count("deals"), deals + 4);

    /* a change made on a version no longer current is refused as the
     * single PATCH refuses it */
    r = as(anna, "POST", "/api/v1/deals/bulk",
           vo_api_fmt("{\"items\":[{\"id\":%lld,\"version\":%lld,\"amount\":1}]}",
                      (long long)second, (long long)version));
    cr_assert_eq(r.status, 422, "%s", r.body);
    json_t *bad = json_array_get(json_object_get(r.json, "items"), 0);
    cr_assert_str_eq(jstr(bad, "code"), "version_conflict");
    cr_assert_str_eq(jstr(bad, "field"), "version");
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_deal(second).d.amount, 700);
}

Test(api_sync, bulk_with_refused_items_writes_nothing_and_names_each)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    int64_t deals = vo_api_count("deals"), audits = vo_api_count("audit_log");
    int64_t outbox = sql_int("SELECT count(*) FROM webhook_deliveries");
    struct vo_test_resp r = as(anna, "POST", "/api/v1/deals/bulk",
                               "{\"items\":[{\"title\":\"Хорошая\",\"pipeline\":\"Продажи\"},"
                               "{\"title\":\"Без воронки\"},"
                               "{\"title\":\"Сумма\",\"pipeline\":\"Продажи\",\"amount\":\"x\"},"
                               "{\"title\":\"Тоже хорошая\",\"pipeline\":\"Продажи\"}]}");
    cr_assert_eq(r.status, 422, "%s", r.body);
    json_t *err = json_object_get(r.json, "error");
    cr_assert_str_eq(jstr(err, "code"), "invalid");
    cr_assert_str_eq(jstr(err, "field"), "items");
    cr_assert_str_eq(jstr(err, "message"), "2 of 4 items are refused: nothing was written");
    cr_assert_str_eq(jstr(err, "message_ru"), "Отклонено объектов: 2 из 4; ничего не записано");
    json_t *items = json_object_get(r.json, "items");
    cr_assert_eq(json_array_size(items), 2, "%s", r.body);
    cr_assert_eq(jint(json_array_get(items, 0), "index"), 1);
    cr_assert_str_eq(jstr(json_array_get(items, 0), "field"), "pipeline");
    cr_assert_str_eq(jstr(json_array_get(items, 0), "message"), "pipeline is required");
    cr_assert_eq(jint(json_array_get(items, 1), "index"), 2);
    cr_assert_str_eq(jstr(json_array_get(items, 1), "field"), "amount");
    cr_assert_str_eq(jstr(json_array_get(items, 1), "code"), "invalid");
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_count("deals"), deals, "nothing written");
    cr_assert_eq(vo_api_count("audit_log"), audits, "nothing audited");
    cr_assert_eq(sql_int("SELECT count(*) FROM webhook_deliveries"), outbox, "no event queued");

    /* the same refusals as the single route's, with the same field */
    vo_api_expect(anna, "POST", "/api/v1/deals", "{\"title\":\"Без воронки\"}", 422, "pipeline",
                  NULL);
    /* an item that is not an object, an unknown field, a viewer */
    r = as(anna, "POST", "/api/v1/clients/bulk", "{\"items\":[5,{\"name\":\"А\",\"color\":1}]}");
    cr_assert_eq(r.status, 422, "%s", r.body);
    items = json_object_get(r.json, "items");
    cr_assert_eq(json_array_size(items), 2, "%s", r.body);
    cr_assert_str_eq(jstr(json_array_get(items, 1), "field"), "color");
    vo_test_resp_free(&r);
    vo_api_expect(vo_api_user("viewer"), "POST", "/api/v1/clients/bulk",
                  "{\"items\":[{\"name\":\"А\"}]}", 403, NULL, NULL);
}

Test(api_sync, bulk_of_more_than_500_is_refused)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    int64_t clients = vo_api_count("clients");
    char *body = vo_api_repeat("{\"items\":[{\"name\":\"К\"}", ",{\"name\":\"К\"}", 500);
    char *full = g_strdup_printf("%s]}", body);
    vo_api_expect(anna, "POST", "/api/v1/clients/bulk", full, 413, "items", NULL);
    cr_assert_eq(vo_api_count("clients"), clients);
    /* 500 go */
    full[strlen(full) - 2 - strlen(",{\"name\":\"К\"}")] = '\0';
    char *five_hundred = g_strdup_printf("%s]}", full);
    struct vo_test_resp r = as(anna, "POST", "/api/v1/clients/bulk", five_hundred);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(json_array_size(json_object_get(r.json, "items")), 500);
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_count("clients"), clients + 500);
    g_free(five_hundred);
    g_free(full);
    g_free(body);
    vo_api_expect_all((const struct vo_api_case[]){
        {anna, "POST", "/api/v1/clients/bulk", "{\"items\":[]}", 422, "items", NULL},
        {anna, "POST", "/api/v1/clients/bulk", "{\"items\":{}}", 422, "items", NULL},
        {anna, "POST", "/api/v1/clients/bulk", "{\"things\":[]}", 422, "things", NULL},
        {anna, "POST", "/api/v1/payments/bulk", "{\"items\":[{\"id\":1,\"amount\":5}]}", 422,
         "items", NULL},
        {0}});
}

Test(api_sync, a_manager_cannot_bulk_change_anothers_deal)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    int64_t theirs = new_deal(vo_api_user("boris"), "Бориса");
    struct vo_test_resp single =
        as(anna, "PATCH", vo_api_deal_path(theirs, ""), "{\"title\":\"Моя\"}");
    cr_assert_eq(single.status, 404, "%s", single.body);
    json_t *one = json_object_get(single.json, "error");
    struct vo_test_resp r =
        as(anna, "POST", "/api/v1/deals/bulk",
           vo_api_fmt("{\"items\":[{\"id\":%lld,\"title\":\"Моя\"}]}", (long long)theirs));
    cr_assert_eq(r.status, 422, "%s", r.body);
    json_t *item = json_array_get(json_object_get(r.json, "items"), 0);
    cr_assert_eq(jint(item, "index"), 0);
    cr_assert_str_eq(jstr(item, "code"), jstr(one, "code"));
    cr_assert_str_eq(jstr(item, "message"), jstr(one, "message"));
    cr_assert_str_eq(jstr(item, "message_ru"), jstr(one, "message_ru"));
    vo_test_resp_free(&r);
    vo_test_resp_free(&single);
    cr_assert_str_eq(vo_api_deal(theirs).d.title, "Бориса");
    /* nor give work to someone else, as the single create refuses */
    r = as(
        anna, "POST", "/api/v1/deals/bulk",
        vo_api_fmt("{\"items\":[{\"title\":\"Ему\",\"pipeline\":\"Продажи\",\"owner_id\":%lld}]}",
                   (long long)vo_api_boris_id));
    cr_assert_eq(r.status, 422, "%s", r.body);
    cr_assert_str_eq(jstr(json_array_get(json_object_get(r.json, "items"), 0), "field"),
                     "owner_id");
    vo_test_resp_free(&r);
}

Test(api_sync, bulk_takes_an_idempotency_key)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    int64_t clients = vo_api_count("clients");
    const char *body = "{\"items\":[{\"name\":\"Первый\"},{\"name\":\"Второй\"}]}";
    struct vo_test_resp a = vo_test_as_header(vo_api.port, anna, "POST", "/api/v1/clients/bulk",
                                              "Idempotency-Key: bulk-1", body);
    cr_assert_eq(a.status, 200, "%s", a.body);
    struct vo_test_resp b = vo_test_as_header(vo_api.port, anna, "POST", "/api/v1/clients/bulk",
                                              "Idempotency-Key: bulk-1", body);
    cr_assert_eq(b.status, 200, "%s", b.body);
    cr_assert_str_eq(b.body, a.body, "the first answer replayed");
    cr_assert_eq(vo_api_count("clients"), clients + 2, "written once");
    vo_test_resp_free(&a);
    vo_test_resp_free(&b);
}

/* ---- migration 22 ---- */

Test(api_sync, migration_22_backfills_updated_at)
{
    if (vo_test_pg())
        cr_skip_test("SQLite's migration 22 (PostgreSQL starts at its baseline)");
    char *dir = vo_test_tmpdir();
    char *p = g_build_filename(dir, "old.db", NULL);
    struct vo_store *st = NULL;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_open(p, VO_STORE_CREATE | VO_STORE_NO_MIGRATE, &st, &e), VO_OK);
    cr_assert_eq(vo_store_migrate_to(st, 21, NULL, NULL, &e), VO_OK, "%s", e.msg);
    vo_store_close(st);
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open(p, &db), SQLITE_OK);
    /* rows as a schema-21 binary wrote them: a deal created at 5 and moved
     * at 10, a client created at 3 and changed at 20 (its audit row), an
     * activity at 7, a task created at 4 and done at 9, a payment at 6 */
    const char *rows =
        "INSERT INTO orgs(id, name, created_at) VALUES(1, 'Old', 1);"
        "INSERT INTO users(id, org_id, name, created_at) VALUES(1, 1, 'Анна', 1);"
        "INSERT INTO pipelines(id, org_id, name) VALUES(1, 1, 'P');"
        "INSERT INTO stages(id, org_id, pipeline_id, name, position) VALUES(1, 1, 1, 'A', 1);"
        "INSERT INTO clients(id, org_id, name, created_at) VALUES(1, 1, 'К', 3);"
        "INSERT INTO deals(id, org_id, pipeline_id, stage_id, owner_id, created_at) "
        "VALUES(1, 1, 1, 1, 1, 5);"
        "INSERT INTO stage_changes(org_id, deal_id, stage_id, at) VALUES(1, 1, 1, 10);"
        "INSERT INTO audit_log(org_id, at, user_id, action, object, object_id) "
        "VALUES(1, 20, 1, 'client.update', 'client', 1);"
        "INSERT INTO activities(id, org_id, type, user_id, at) VALUES(1, 1, 'call', 1, 7);"
        "INSERT INTO tasks(id, org_id, assignee_id, title, created_at, due_at, done_at) "
        "VALUES(1, 1, 1, 'T', 4, 8, 9);"
        "INSERT INTO payments(id, org_id, amount, paid_at, client_id) VALUES(1, 1, 100, 6, 1);";
    cr_assert_eq(sqlite3_exec(db, rows, NULL, NULL, NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
    sqlite3_close(db);
    cr_assert_eq(vo_store_open(p, 0, &st, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_store_schema_version(st), vo_store_schema_latest());
    vo_store_close(st);
    cr_assert_eq(sqlite3_open(p, &db), SQLITE_OK);
    const struct {
        const char *sql;
        int64_t want;
    } checks[] = {
        {"SELECT updated_at FROM deals WHERE id = 1", 10},
        {"SELECT updated_at FROM clients WHERE id = 1", 20},
        {"SELECT updated_at FROM activities WHERE id = 1", 7},
        {"SELECT updated_at FROM tasks WHERE id = 1", 9},
        {"SELECT updated_at FROM payments WHERE id = 1", 6},
        {"SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name LIKE '%_updated'", 5},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(checks); i++) {
        sqlite3_stmt *s = NULL;
        cr_assert_eq(sqlite3_prepare_v2(db, checks[i].sql, -1, &s, NULL), SQLITE_OK, "%s",
                     sqlite3_errmsg(db));
        cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
        cr_assert_eq(sqlite3_column_int64(s, 0), checks[i].want, "%s", checks[i].sql);
        sqlite3_finalize(s);
    }
    /* a write from outside voronka (the sqlite3 shell) is stamped too */
    cr_assert_eq(
        sqlite3_exec(db, "UPDATE deals SET title = 'Новая' WHERE id = 1", NULL, NULL, NULL),
        SQLITE_OK, "%s", sqlite3_errmsg(db));
    sqlite3_stmt *s = NULL;
    sqlite3_prepare_v2(db, "SELECT updated_at FROM deals WHERE id = 1", -1, &s, NULL);
    cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
    cr_assert_gt(sqlite3_column_int64(s, 0), 1000000000);
    sqlite3_finalize(s);
    sqlite3_close(db);
    g_free(p);
    g_free(dir);
}

/* ---- the live dataset ---- */

static int64_t org_fact(json_t *pf, const char *metric)
{
    json_t *row = json_array_get(json_object_get(pf, "rows"), 0);
    cr_assert_str_eq(jstr(row, "scope"), "org");
    return jint(json_object_get(json_object_get(row, "metrics"), metric), "fact");
}

/* A bulk write reaches the next report as single writes do; a refused one
 * leaves nothing behind in the live dataset either. */
Test(api_sync, bulk_writes_reach_the_next_report)
{
    const struct vo_test_login *head = vo_api_user("head");
    const struct vo_test_login *anna = vo_api_user("anna");
    GTimeZone *tz = vo_tz_new("Europe/Moscow");
    struct vo_date today = vo_date_of(tz, vo_now());
    g_time_zone_unref(tz);
    const char *report =
        vo_api_fmt("/api/v1/reports/plan-fact?as_of=%04d-%02d-%02d", today.y, today.m, today.d);
    struct vo_test_resp r = as(head, "GET", report, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    int64_t leads = org_fact(r.json, "leads"), payments = org_fact(r.json, "payments");
    vo_test_resp_free(&r);

    vo_api_expect(anna, "POST", "/api/v1/deals/bulk",
                  "{\"items\":[{\"title\":\"А\",\"pipeline\":\"Продажи\"},{\"title\":\"Б\"}]}", 422,
                  "items", NULL);
    r = as(head, "GET", report, NULL);
    cr_assert_eq(org_fact(r.json, "leads"), leads, "a refused bulk leaves no lead: %s", r.body);
    vo_test_resp_free(&r);

    r = as(anna, "POST", "/api/v1/deals/bulk",
           "{\"items\":[{\"title\":\"А\",\"pipeline\":\"Продажи\"},"
           "{\"title\":\"Б\",\"pipeline\":\"Продажи\"}]}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    int64_t deal = jint(json_array_get(json_object_get(r.json, "items"), 0), "id");
    vo_test_resp_free(&r);
    r = as(anna, "POST", "/api/v1/payments/bulk",
           vo_api_fmt("{\"items\":[{\"amount\":60000,\"deal_id\":%lld},"
                      "{\"amount\":40000,\"deal_id\":%lld}]}",
                      (long long)deal, (long long)deal));
    cr_assert_eq(r.status, 200, "%s", r.body);
    vo_test_resp_free(&r);

    r = as(head, "GET", report, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(org_fact(r.json, "leads"), leads + 2, "%s", r.body);
    cr_assert_eq(org_fact(r.json, "payments"), payments + 100000, "%s", r.body);
    vo_test_resp_free(&r);
}

/* A contact's change marks its client changed: the poll of the clients
 * finds the client whose contacts to read again, a deleted contact too. */
Test(api_sync, a_contact_change_marks_its_client)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    int64_t client = vo_api_create(anna, "/api/v1/clients", "{\"name\":\"Ромашка\"}");
    int64_t other = vo_api_create(anna, "/api/v1/clients", "{\"name\":\"Лютик\"}");
    int64_t contact =
        vo_api_create(anna, vo_api_fmt("/api/v1/clients/%lld/contacts", (long long)client),
                      "{\"name\":\"Пётр\"}");
    age_everything();
    json_decref(vo_api_list(anna, "/api/v1/clients?updated_since=2000", 0));
    int64_t t0 = (int64_t)time(NULL);
    vo_api_expect(anna, "DELETE", vo_api_fmt("/api/v1/contacts/%lld", (long long)contact), NULL,
                  200, NULL, NULL);
    json_t *items = vo_api_list(anna, "/api/v1/clients?updated_since=2000", 1);
    cr_assert_eq(jint(json_array_get(items, 0), "id"), client);
    json_decref(items);
    cr_assert_geq(updated_at("clients", client), t0);
    cr_assert_eq(updated_at("clients", other), 1000);
}

/* The webhooks' outbox: a row per item's event when the bulk is written,
 * none when it is refused (the events are queued in the write's
 * transaction, as for single writes). */
Test(api_sync, bulk_events_reach_the_webhooks_outbox)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    vo_api_expect(vo_api_user("admin"), "POST", "/api/v1/webhooks",
                  "{\"url\":\"http://127.0.0.1:9/hook\",\"events\":[\"deal.created\"]}", 201, NULL,
                  NULL);
    const char *events = "SELECT count(*) FROM webhook_deliveries WHERE event = 'deal.created'";
    vo_api_expect(anna, "POST", "/api/v1/deals/bulk",
                  "{\"items\":[{\"title\":\"А\",\"pipeline\":\"Продажи\"},{\"title\":\"Б\"}]}", 422,
                  "items", NULL);
    cr_assert_eq(sql_int(events), 0, "a refused bulk queues no event");
    vo_api_expect(anna, "POST", "/api/v1/deals/bulk",
                  "{\"items\":[{\"title\":\"А\",\"pipeline\":\"Продажи\"},"
                  "{\"title\":\"Б\",\"pipeline\":\"Продажи\"}]}",
                  200, NULL, NULL);
    cr_assert_eq(sql_int(events), 2, "an event per deal created");
}
