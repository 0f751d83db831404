/*
 * test_api_clients.c - a client's card through the JSON API against a real
 * server on 127.0.0.1 with a temporary database (issue 10, clients): INN,
 * KPP, address, phone (as typed and its digits), e-mail, website and
 * comment written by POST and PATCH /api/v1/clients, answered by GET and
 * the list, each bad value a 422 naming its field with nothing stored,
 * and the stored row read back from the database; a client's contacts
 * (service/contacts.h), who may see and change them, and the contact a
 * deal names.
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

TestSuite(api_clients, .init = setup, .fini = vo_api_stop, .timeout = 120);

Test(api_clients, card_written_and_read)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    struct vo_test_resp r =
        as(anna, "POST", "/api/v1/clients",
           "{\"name\":\"ПАО Сбербанк\",\"inn\":\"7707083893\",\"kpp\":\"773601001\","
           "\"address\":\"Москва, ул. Вавилова, 19\",\"phone\":\"+7 (495) 500-55-50\","
           "\"email\":\"Info@SberBank.ru\",\"website\":\"https://www.sberbank.ru\","
           "\"comment\":\"Головной офис\\nвход с Вавилова\"}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    int64_t id = jint(r.json, "id");
    cr_assert_str_eq(jstr(r.json, "inn"), "7707083893");
    cr_assert_str_eq(jstr(r.json, "kpp"), "773601001");
    cr_assert_str_eq(jstr(r.json, "phone"), "+7 (495) 500-55-50");
    cr_assert_str_eq(jstr(r.json, "phone_digits"), "4955005550");
    cr_assert_str_eq(jstr(r.json, "email"), "info@sberbank.ru");
    cr_assert_str_eq(jstr(r.json, "comment"), "Головной офис\nвход с Вавилова");
    vo_test_resp_free(&r);
    struct vo_client_card c = vo_api_client_card(id);
    cr_assert_str_eq(c.inn, "7707083893");
    cr_assert_str_eq(c.address, "Москва, ул. Вавилова, 19");
    cr_assert_str_eq(c.phone_digits, "4955005550");
    cr_assert_str_eq(c.email, "info@sberbank.ru");
    cr_assert_str_eq(c.website, "https://www.sberbank.ru");

    /* PATCH changes what it names and keeps the rest; "" and null clear */
    const char *path = vo_api_fmt("/api/v1/clients/%lld", (long long)id);
    r = as(anna, "PATCH", path, "{\"phone\":\"8 800 555-55-50\",\"website\":\"\",\"kpp\":null}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "phone_digits"), "8005555550");
    cr_assert(json_is_null(json_object_get(r.json, "website")), "%s", r.body);
    cr_assert(json_is_null(json_object_get(r.json, "kpp")), "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "inn"), "7707083893");
    cr_assert_str_eq(jstr(r.json, "name"), "ПАО Сбербанк");
    vo_test_resp_free(&r);
    c = vo_api_client_card(id);
    cr_assert_null(c.website);
    cr_assert_null(c.kpp);
    cr_assert_str_eq(c.phone, "8 800 555-55-50");
    cr_assert_str_eq(c.address, "Москва, ул. Вавилова, 19");

    /* the list carries the card too */
    json_t *items = vo_api_list(anna, "/api/v1/clients", 1);
    cr_assert_str_eq(jstr(json_array_get(items, 0), "inn"), "7707083893");
    cr_assert_str_eq(jstr(json_array_get(items, 0), "email"), "info@sberbank.ru");
    json_decref(items);

    /* a card change is counted in the client's revision and audited once */
    struct vo_store *st = vo_api_open(0);
    struct vo_error e = {0};
    struct vo_client cl;
    cr_assert_eq(vo_store_client_get(st, vo_api.org_id, id, vo_api_arena(), &cl, &e), VO_OK);
    cr_assert_eq(cl.rev, 1);
    vo_store_close(st);
    int64_t audits = vo_api_count("audit_log");
    r = as(anna, "PATCH", path, "{\"comment\":\"перезвонить\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    vo_test_resp_free(&r);
    st = vo_api_open(0);
    cr_assert_eq(vo_store_client_get(st, vo_api.org_id, id, vo_api_arena(), &cl, &e), VO_OK);
    cr_assert_eq(cl.rev, 2);
    vo_store_close(st);
    cr_assert_eq(vo_api_count("audit_log"), audits + 1);
}

Test(api_clients, bad_card_is_422_naming_the_field)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    int64_t id = vo_api_create(anna, "/api/v1/clients", "{\"name\":\"ООО Яндекс\"}");
    const char *path = vo_api_fmt("/api/v1/clients/%lld", (long long)id);
    const char *post = "/api/v1/clients";
    vo_api_expect_all((const struct vo_api_case[]){
        /* wrong check digit (Яндекс is 7736207543) */
        {anna, "POST", post, "{\"name\":\"Я\",\"inn\":\"7736207542\"}", 422, "inn", NULL},
        {anna, "POST", post, "{\"name\":\"Я\",\"inn\":\"77362075\"}", 422, "inn", NULL},
        {anna, "POST", post, "{\"name\":\"Я\",\"inn\":7736207543}", 422, "inn", NULL},
        {anna, "POST", post, "{\"name\":\"Я\",\"inn\":\"7736207543\",\"kpp\":\"77360100\"}", 422,
         "kpp", NULL},
        {anna, "POST", post, "{\"name\":\"Я\",\"kpp\":\"773601001\"}", 422, "kpp", NULL},
        {anna, "POST", post, "{\"name\":\"Я\",\"phone\":\"звоните\"}", 422, "phone", NULL},
        {anna, "POST", post, "{\"name\":\"Я\",\"email\":\"yandex.ru\"}", 422, "email", NULL},
        {anna, "PATCH", path, "{\"inn\":\"500100732258\"}", 422, "inn", NULL},
        /* a KPP beside a person's INN, the INN given in the same PATCH */
        {anna, "PATCH", path, "{\"inn\":\"500100732259\",\"kpp\":\"773601001\"}", 422, "kpp", NULL},
        {0}});
    /* nothing of the above was stored: one client, no card */
    cr_assert_eq(vo_api_count("clients"), 1);
    struct vo_client_card c = vo_api_client_card(id);
    cr_assert_null(c.inn);
    cr_assert_null(c.kpp);
    /* a KPP added to a stored company INN */
    vo_api_expect(anna, "PATCH", path, "{\"inn\":\"7736207543\"}", 200, NULL, NULL);
    vo_api_expect(anna, "PATCH", path, "{\"kpp\":\"770401001\"}", 200, NULL, NULL);
    /* and the INN cannot become a person's while the KPP stays */
    vo_api_expect(anna, "PATCH", path, "{\"inn\":\"500100732259\"}", 422, "kpp", NULL);
    c = vo_api_client_card(id);
    cr_assert_str_eq(c.inn, "7736207543");
    cr_assert_str_eq(c.kpp, "770401001");
}

/* The JSON member key of o, which must be null. */
static void is_null(const json_t *o, const char *key)
{
    cr_assert(json_is_null(json_object_get(o, key)), "%s is not null", key);
}

Test(api_clients, contacts)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    int64_t client = vo_api_create(anna, "/api/v1/clients", "{\"name\":\"ООО Ромашка\"}");
    int64_t other = vo_api_create(anna, "/api/v1/clients", "{\"name\":\"ООО Лютик\"}");
    const char *list = vo_api_fmt("/api/v1/clients/%lld/contacts", (long long)client);
    struct vo_test_resp r =
        as(anna, "POST", list,
           "{\"name\":\"Иван Петров\",\"role\":\"ЛПР\",\"phones\":[\"+7 (912) 345-67-89\","
           "\"8 495 123-45-67\"],\"emails\":[\"Ivan@Romashka.ru\"],\"telegram\":\"@ivan_p\","
           "\"whatsapp\":\"+79123456789\",\"comment\":\"звонить после 14:00\"}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    int64_t id = jint(r.json, "id");
    cr_assert_eq(jint(r.json, "client_id"), client);
    cr_assert_str_eq(jstr(r.json, "role"), "ЛПР");
    json_t *phones = json_object_get(r.json, "phones");
    cr_assert_eq(json_array_size(phones), 2, "%s", r.body);
    cr_assert_str_eq(json_string_value(json_array_get(phones, 1)), "8 495 123-45-67");
    cr_assert_str_eq(json_string_value(json_array_get(json_object_get(r.json, "emails"), 0)),
                     "ivan@romashka.ru");
    vo_test_resp_free(&r);
    /* the stored row, with the phones' digits for search */
    struct vo_contact c = vo_api_contact(id);
    cr_assert_eq(c.n_phones, 2);
    cr_assert_str_eq(c.phones[0], "+7 (912) 345-67-89");
    cr_assert_str_eq(c.telegram, "@ivan_p");
    cr_assert_eq(vo_api_count("contacts"), 1);
    vo_api_create(anna, list, "{\"name\":\"Анна Бухгалтер\",\"role\":\"бухгалтер\"}");
    json_t *items = vo_api_list(anna, list, 2);
    /* by name: Анна before Иван */
    cr_assert_str_eq(jstr(json_array_get(items, 0), "name"), "Анна Бухгалтер");
    is_null(json_array_get(items, 0), "telegram");
    json_decref(items);

    /* PATCH replaces a list whole, clears with null or "" and keeps the rest */
    const char *one = vo_api_fmt("/api/v1/contacts/%lld", (long long)id);
    r = as(anna, "PATCH", one, "{\"phones\":[\"89123456780\"],\"emails\":[],\"telegram\":null}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(json_array_size(json_object_get(r.json, "phones")), 1, "%s", r.body);
    cr_assert_eq(json_array_size(json_object_get(r.json, "emails")), 0, "%s", r.body);
    is_null(r.json, "telegram");
    cr_assert_str_eq(jstr(r.json, "whatsapp"), "+79123456789");
    cr_assert_str_eq(jstr(r.json, "name"), "Иван Петров");
    vo_test_resp_free(&r);
    c = vo_api_contact(id);
    cr_assert_eq(c.rev, 1);
    cr_assert_eq(c.n_emails, 0);
    cr_assert_null(c.telegram);

    /* bad input: 422 naming the field, nothing stored */
    char *long_role = vo_api_repeat("", "я", 201);
    vo_api_expect_all((const struct vo_api_case[]){
        {anna, "POST", list, "{\"role\":\"ЛПР\"}", 422, "name", NULL},
        {anna, "POST", list, "{\"name\":\"\"}", 422, "name", NULL},
        {anna, "POST", list, "{\"name\":\"Я\",\"phones\":\"+79123456789\"}", 422, "phones", NULL},
        {anna, "POST", list, "{\"name\":\"Я\",\"phones\":[\"12\"]}", 422, "phones", NULL},
        {anna, "POST", list, "{\"name\":\"Я\",\"phones\":[1,2,3,4,5,6,7,8,9,10,11]}", 422, "phones",
         NULL},
        {anna, "POST", list, "{\"name\":\"Я\",\"emails\":[\"x@\"]}", 422, "emails", NULL},
        {anna, "POST", list, "{\"name\":\"Я\",\"telegram\":\"@ab\"}", 422, "telegram", NULL},
        {anna, "POST", list, "{\"name\":\"Я\",\"whatsapp\":\"звонок\"}", 422, "whatsapp", NULL},
        {anna, "POST", list, "{\"name\":\"Я\",\"skype\":\"ivan\"}", 422, "skype", NULL},
        {anna, "POST", list, "{\"name\":\"Я\",\"role\":7}", 422, "role", "a number for a text"},
        {anna, "POST", list, vo_api_fmt("{\"name\":\"Я\",\"role\":\"%s\"}", long_role), 422, "role",
         "a 201-character role"},
        {anna, "POST", "/api/v1/clients/999999/contacts", "{\"name\":\"Я\"}", 404, NULL, NULL},
        {anna, "PATCH", one, "{\"name\":null}", 422, "name", NULL},
        {0}});
    g_free(long_role);
    cr_assert_eq(vo_api_count("contacts"), 2);

    /* a deal names a contact of its client only */
    const char *body = vo_api_fmt("{\"title\":\"Поставка\",\"pipeline\":\"Продажи\","
                                  "\"client_id\":%lld,\"contact_id\":%lld}",
                                  (long long)client, (long long)id);
    r = as(anna, "POST", "/api/v1/deals", body);
    cr_assert_eq(r.status, 201, "%s", r.body);
    int64_t deal = jint(r.json, "id");
    cr_assert_eq(jint(r.json, "contact_id"), id);
    cr_assert_str_eq(jstr(r.json, "contact"), "Иван Петров");
    vo_test_resp_free(&r);
    const char *deal_path = vo_api_fmt("/api/v1/deals/%lld", (long long)deal);
    body = vo_api_fmt("{\"client_id\":%lld,\"contact_id\":%lld}", (long long)other, (long long)id);
    vo_api_expect(anna, "PATCH", deal_path, body, 422, "contact_id", NULL);
    /* a new client without a contact: the old client's contact goes */
    body = vo_api_fmt("{\"client_id\":%lld}", (long long)other);
    r = as(anna, "PATCH", deal_path, body);
    cr_assert_eq(r.status, 200, "%s", r.body);
    is_null(r.json, "contact_id");
    vo_test_resp_free(&r);
    body = vo_api_fmt("{\"client_id\":%lld,\"contact_id\":%lld}", (long long)client, (long long)id);
    vo_api_expect(anna, "PATCH", deal_path, body, 200, NULL, NULL);

    /* deleting the contact: the deal names none */
    int64_t audits = vo_api_count("audit_log");
    vo_api_expect(anna, "DELETE", one, NULL, 200, NULL, NULL);
    cr_assert_eq(vo_api_count("contacts"), 1);
    cr_assert_eq(vo_api_count("audit_log"), audits + 1);
    vo_api_expect(anna, "GET", one, NULL, 404, NULL, NULL);
    r = as(anna, "GET", deal_path, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    is_null(r.json, "contact_id");
    is_null(r.json, "contact");
    vo_test_resp_free(&r);
}

Test(api_clients, contacts_follow_the_client_owner)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    const struct vo_test_login *boris = vo_api_user("boris");
    const struct vo_test_login *viewer = vo_api_user("viewer");
    const struct vo_test_login *head = vo_api_user("head");
    int64_t client = vo_api_create(anna, "/api/v1/clients", "{\"name\":\"ООО Ромашка\"}");
    const char *list = vo_api_fmt("/api/v1/clients/%lld/contacts", (long long)client);
    int64_t id = vo_api_create(anna, list, "{\"name\":\"Иван\"}");
    const char *one = vo_api_fmt("/api/v1/contacts/%lld", (long long)id);
    vo_api_expect_all(
        (const struct vo_api_case[]){/* another manager: as if neither existed */
                                     {boris, "GET", list, NULL, 404, NULL, NULL},
                                     {boris, "POST", list, "{\"name\":\"Пётр\"}", 404, NULL, NULL},
                                     {boris, "GET", one, NULL, 404, NULL, NULL},
                                     {boris, "PATCH", one, "{\"name\":\"Пётр\"}", 404, NULL, NULL},
                                     {boris, "DELETE", one, NULL, 404, NULL, NULL},
                                     /* a viewer reads, writes nothing */
                                     {viewer, "GET", list, NULL, 200, NULL, NULL},
                                     {viewer, "GET", one, NULL, 200, NULL, NULL},
                                     {viewer, "POST", list, "{\"name\":\"Пётр\"}", 403, NULL, NULL},
                                     {viewer, "PATCH", one, "{\"name\":\"Пётр\"}", 403, NULL, NULL},
                                     /* the head changes anyone's */
                                     {head, "PATCH", one, "{\"role\":\"ЛВР\"}", 200, NULL, NULL},
                                     {0}});
    struct vo_contact c = vo_api_contact(id);
    cr_assert_str_eq(c.name, "Иван");
    cr_assert_str_eq(c.role, "ЛВР");
    cr_assert_eq(vo_api_items(boris, "/api/v1/contact-roles"), 7);
}

/* The kinds of the items of the timeline at path (all pages of `limit`,
 * following next_cursor), joined by ",", newest first (g_free). */
static char *timeline_kinds(const struct vo_test_login *l, const char *path, int limit, int *pages)
{
    GString *s = g_string_new(NULL);
    char *cursor = NULL;
    *pages = 0;
    do {
        char *url = cursor ? g_strdup_printf("%s?limit=%d&cursor=%s", path, limit, cursor)
                           : g_strdup_printf("%s?limit=%d", path, limit);
        struct vo_test_resp r = as(l, "GET", url, NULL);
        cr_assert_eq(r.status, 200, "%s: %s", url, r.body);
        json_t *items = json_object_get(r.json, "items");
        size_t i;
        json_t *it;
        json_array_foreach(items, i, it)
        {
            g_string_append_printf(s, "%s%s", s->len ? "," : "", jstr(it, "kind"));
        }
        g_free(cursor);
        const char *next = json_string_value(json_object_get(r.json, "next_cursor"));
        cursor = next ? g_uri_escape_string(next, NULL, TRUE) : NULL;
        (*pages)++;
        vo_test_resp_free(&r);
        g_free(url);
    } while (cursor && *pages < 100);
    return g_string_free(s, FALSE);
}

Test(api_clients, notes_and_timeline)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    const struct vo_test_login *boris = vo_api_user("boris");
    const struct vo_test_login *head = vo_api_user("head");
    const struct vo_test_login *viewer = vo_api_user("viewer");
    int64_t client = vo_api_create(anna, "/api/v1/clients", "{\"name\":\"ООО Ромашка\"}");
    const char *body = vo_api_fmt(
        "{\"title\":\"Поставка\",\"pipeline\":\"Продажи\",\"client_id\":%lld}", (long long)client);
    int64_t deal = vo_api_create(anna, "/api/v1/deals", body);
    /* dated items, long before any today: the oldest of the timeline */
    body = vo_api_fmt("{\"type\":\"call\",\"at\":\"2020-01-10 10:00\",\"deal_id\":%lld,"
                      "\"duration_s\":60,\"outcome\":\"договорились\"}",
                      (long long)deal);
    vo_api_create(anna, "/api/v1/activities", body);
    body = vo_api_fmt("{\"amount\":500000,\"paid_at\":\"2020-01-12\",\"deal_id\":%lld}",
                      (long long)deal);
    vo_api_create(anna, "/api/v1/payments", body);
    const char *deal_notes = vo_api_fmt("/api/v1/deals/%lld/notes", (long long)deal);
    const char *client_notes = vo_api_fmt("/api/v1/clients/%lld/notes", (long long)client);
    struct vo_test_resp r = as(anna, "POST", deal_notes, "{\"text\":\"Звонил.\\nПерезвонить\"}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    int64_t note = jint(r.json, "id");
    cr_assert_str_eq(jstr(r.json, "text"), "Звонил.\nПерезвонить");
    cr_assert_eq(jint(r.json, "author_id"), vo_api.manager_id);
    is_null(r.json, "edited_at");
    is_null(r.json, "client_id");
    vo_test_resp_free(&r);
    vo_api_create(anna, client_notes, "{\"text\":\"Клиент с 2019 года\"}");
    const char *note_path = vo_api_fmt("/api/v1/notes/%lld", (long long)note);
    char *long_text = vo_api_repeat("{\"text\":\"", "я", 5001);
    char *long_body = g_strconcat(long_text, "\"}", NULL);
    vo_api_expect_all((const struct vo_api_case[]){
        {anna, "POST", deal_notes, "{\"text\":\"\"}", 422, "text", NULL},
        {anna, "POST", deal_notes, "{}", 422, "text", NULL},
        {anna, "POST", deal_notes, long_body, 422, "text", NULL},
        {anna, "POST", deal_notes, "{\"text\":\"x\",\"markdown\":true}", 422, "markdown", NULL},
        {anna, "POST", "/api/v1/deals/999999/notes", "{\"text\":\"x\"}", 404, NULL, NULL},
        /* another manager: neither the deal nor the note exist */
        {boris, "POST", deal_notes, "{\"text\":\"x\"}", 404, NULL, NULL},
        {boris, "GET", note_path, NULL, 404, NULL, NULL},
        {boris, "PATCH", note_path, "{\"text\":\"x\"}", 404, NULL, NULL},
        {viewer, "POST", deal_notes, "{\"text\":\"x\"}", 403, NULL, NULL},
        {viewer, "GET", note_path, NULL, 200, NULL, NULL},
        /* the head may delete but not edit someone's note */
        {head, "PATCH", note_path, "{\"text\":\"x\"}", 403, NULL, NULL},
        {0}});
    g_free(long_text);
    g_free(long_body);
    cr_assert_eq(vo_api_count("notes"), 2);
    r = as(anna, "PATCH", note_path, "{\"text\":\"Перезвонил\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "text"), "Перезвонил");
    cr_assert(json_is_string(json_object_get(r.json, "edited_at")), "%s", r.body);
    vo_test_resp_free(&r);

    const char *move = vo_api_fmt("/api/v1/deals/%lld/move", (long long)deal);
    vo_api_expect(anna, "POST", move, "{\"stage\":\"Переговоры\"}", 200, NULL, NULL);
    /* the deal's timeline: now the creation, the move, the note; then the payment
     * (2020-01-12) and the call (2020-01-10), the oldest */
    const char *deal_tl = vo_api_fmt("/api/v1/deals/%lld/timeline", (long long)deal);
    const char *client_tl = vo_api_fmt("/api/v1/clients/%lld/timeline", (long long)client);
    r = as(anna, "GET", deal_tl, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    json_t *items = json_object_get(r.json, "items");
    size_t n = json_array_size(items);
    cr_assert_eq(n, 5, "%s", r.body);
    json_t *call = json_array_get(items, n - 1), *pay = json_array_get(items, n - 2);
    cr_assert_str_eq(jstr(call, "kind"), "activity");
    cr_assert_str_eq(jstr(call, "type"), "call");
    cr_assert_str_eq(jstr(call, "text"), "договорились");
    cr_assert_eq(jint(call, "duration_s"), 60);
    cr_assert_str_eq(jstr(call, "user"), "Анна Менеджер");
    cr_assert_str_eq(jstr(call, "at"), "2020-01-10T10:00:00+03:00");
    cr_assert_str_eq(jstr(pay, "kind"), "payment");
    cr_assert_eq(jint(pay, "amount"), 500000);
    is_null(pay, "user_id");
    is_null(r.json, "next_cursor");
    vo_test_resp_free(&r);
    int pages = 0;
    char *all = timeline_kinds(anna, deal_tl, 500, &pages);
    cr_assert_eq(pages, 1);
    cr_log_info("deal timeline: %s", all);
    /* every kind of the deal once; the client's note is not the deal's */
    cr_assert(strstr(all, "note") && strstr(all, "deal_created") && strstr(all, "stage"), "%s",
              all);
    cr_assert_eq(strlen(all), strlen("stage,note,deal_created,payment,activity"), "%s", all);
    cr_assert(g_str_has_suffix(all, "payment,activity"), "%s", all);
    /* page by page, the same items in the same order */
    char *paged = timeline_kinds(anna, deal_tl, 1, &pages);
    cr_assert_str_eq(paged, all);
    cr_assert_eq((size_t)pages, n);
    g_free(paged);
    /* the client's timeline: its own items and its deal's */
    char *cl = timeline_kinds(anna, client_tl, 2, &pages);
    cr_assert(strstr(cl, "client_created"), "%s", cl);
    cr_assert(g_str_has_suffix(cl, "payment,activity"), "%s", cl);
    /* the deal's items and the client's note and creation */
    cr_assert_eq(strlen(cl), strlen(all) + strlen(",note,client_created"), "%s vs %s", cl, all);
    g_free(cl);
    g_free(all);
    vo_api_expect_all((const struct vo_api_case[]){
        {boris, "GET", deal_tl, NULL, 404, NULL, NULL},
        {boris, "GET", client_tl, NULL, 404, NULL, NULL},
        {viewer, "GET", client_tl, NULL, 200, NULL, NULL},
        {anna, "GET", "/api/v1/deals/999999/timeline", NULL, 404, NULL, NULL},
        {anna, "GET", deal_tl, NULL, 200, NULL, NULL},
        {0}});
    const char *bad = vo_api_fmt("%s?cursor=bm9wZQ", deal_tl);
    vo_api_expect(anna, "GET", bad, NULL, 422, "cursor", NULL);

    /* the head deletes anna's note; it leaves the timeline */
    vo_api_expect(head, "DELETE", note_path, NULL, 200, NULL, NULL);
    cr_assert_eq(vo_api_count("notes"), 1);
    char *after = timeline_kinds(anna, deal_tl, 500, &pages);
    cr_assert_null(strstr(after, "note"), "%s", after);
    g_free(after);
}

Test(api_clients, updates_audit_what_changed)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    int64_t client = vo_api_create(anna, "/api/v1/clients",
                                   "{\"name\":\"ООО Ромашка\",\"phone\":\"8 912 345-67-89\"}");
    const char *path = vo_api_fmt("/api/v1/clients/%lld", (long long)client);
    vo_api_expect(anna, "PATCH", path,
                  "{\"name\":\"ООО Ромашка\",\"region\":\"Казань\","
                  "\"phone\":\"+7 912 345-67-80\"}",
                  200, NULL, NULL);
    const char *tl = vo_api_fmt("/api/v1/clients/%lld/timeline", (long long)client);
    struct vo_test_resp r = as(anna, "GET", tl, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    json_t *items = json_object_get(r.json, "items");
    /* the update and the creation, at the same second: "changed" sorts
     * before "client_created" */
    cr_assert_eq(json_array_size(items), 2, "%s", r.body);
    json_t *ch = json_array_get(items, 0);
    cr_assert_str_eq(jstr(ch, "kind"), "changed");
    cr_assert_str_eq(jstr(ch, "user"), "Анна Менеджер");
    /* only what changed: region and phone, not the name given unchanged */
    char *changes = json_dumps(json_object_get(ch, "changes"), JSON_COMPACT | JSON_SORT_KEYS);
    cr_assert_str_eq(changes, "{\"phone\":{\"new\":\"+7 912 345-67-80\",\"old\":\"8 912 "
                              "345-67-89\"},\"region\":{\"new\":\"Казань\",\"old\":null}}");
    free(changes);
    vo_test_resp_free(&r);

    /* a deal's update: its title and amount */
    const char *body = vo_api_fmt("{\"title\":\"Поставка\",\"pipeline\":\"Продажи\","
                                  "\"client_id\":%lld,\"amount\":1000}",
                                  (long long)client);
    int64_t deal = vo_api_create(anna, "/api/v1/deals", body);
    const char *deal_path = vo_api_fmt("/api/v1/deals/%lld", (long long)deal);
    vo_api_expect(anna, "PATCH", deal_path, "{\"title\":\"Поставка станков\",\"amount\":2000}", 200,
                  NULL, NULL);
    struct vo_store *st = vo_api_open(0);
    struct vo_error e = {0};
    struct vo_audit_filter f = {.action = "deal.update", .from = VO_NULL, .to = VO_NULL};
    struct vo_audit_entry *v = NULL;
    size_t n = 0;
    cr_assert_eq(vo_store_audit_list(st, vo_api.org_id, &f, vo_api_arena(), &v, &n, &e), VO_OK,
                 "%s", e.msg);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(v[0].detail, "{\"amount\":{\"new\":2000,\"old\":1000},\"title\":{\"new\":"
                                  "\"Поставка станков\",\"old\":\"Поставка\"}}");
    vo_store_close(st);
}

/* The org's fact of metric in plan-fact of January 2020 (pinned: every
 * dated row of the merge test lies in it). */
static json_int_t jan2020_fact(const struct vo_test_login *l, const char *metric)
{
    struct vo_test_resp r =
        as(l, "GET", "/api/v1/reports/plan-fact?period=2020-01&as_of=2020-01-31", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    json_t *row = json_array_get(json_object_get(r.json, "rows"), 0);
    cr_assert_str_eq(json_string_value(json_object_get(row, "scope")), "org");
    json_t *cell =
        json_object_get(json_object_get(json_object_get(row, "metrics"), metric), "fact");
    cr_assert(json_is_integer(cell), "%s: %s", metric, r.body);
    json_int_t v = json_integer_value(cell);
    vo_test_resp_free(&r);
    return v;
}

/* POSTs body_fmt (one %lld: client) to path_fmt (one %lld: client) as l. */
static int64_t create_for(const struct vo_test_login *l, const char *path_fmt, int64_t client,
                          const char *body_fmt)
{
    const char *path = vo_api_fmt(path_fmt, (long long)client);
    const char *body = vo_api_fmt(body_fmt, (long long)client);
    int64_t id = vo_api_create(l, path, body);
    return id;
}

Test(api_clients, merge_duplicates)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    const struct vo_test_login *head = vo_api_user("head");
    int64_t keep = vo_api_create(anna, "/api/v1/clients", "{\"name\":\"ООО Ромашка\"}");
    int64_t dup1 = vo_api_create(anna, "/api/v1/clients", "{\"name\":\"Ромашка ООО\"}");
    int64_t dup2 = vo_api_create(anna, "/api/v1/clients", "{\"name\":\"Ромашка\"}");
    create_for(anna, "/api/v1/deals", dup1,
               "{\"title\":\"Поставка\",\"pipeline\":\"Продажи\",\"client_id\":%lld}");
    create_for(anna, "/api/v1/payments", dup1,
               "{\"amount\":100000,\"paid_at\":\"2020-01-15\",\"client_id\":%lld}");
    create_for(anna, "/api/v1/payments", dup2,
               "{\"amount\":200000,\"paid_at\":\"2020-01-16\",\"client_id\":%lld}");
    create_for(anna, "/api/v1/payments", keep,
               "{\"amount\":50000,\"paid_at\":\"2020-01-17\",\"client_id\":%lld}");
    create_for(anna, "/api/v1/activities", dup1,
               "{\"type\":\"call\",\"at\":\"2020-01-10 10:00\",\"client_id\":%lld,"
               "\"duration_s\":120}");
    create_for(anna, "/api/v1/tasks", dup1,
               "{\"title\":\"Позвонить\",\"due_at\":\"2020-01-20\",\"client_id\":%lld}");
    create_for(anna, "/api/v1/clients/%lld/contacts", dup1, "{\"name\":\"Иван\"}");
    create_for(anna, "/api/v1/clients/%lld/notes", dup2, "{\"text\":\"дубль\"}");
    /* 1,000.00 + 2,000.00 + 500.00 paid in January 2020, one call */
    cr_assert_eq(jan2020_fact(head, "payments"), 350000);
    cr_assert_eq(jan2020_fact(head, "calls"), 1);

    const char *path = vo_api_fmt("/api/v1/clients/%lld/merge", (long long)keep);
    const char *body = vo_api_fmt("{\"from\":[%lld,%lld]}", (long long)dup1, (long long)dup2);
    const char *self = vo_api_fmt("{\"from\":[%lld]}", (long long)keep);
    const char *twice = vo_api_fmt("{\"from\":[%lld,%lld]}", (long long)dup1, (long long)dup1);
    const char *missing = vo_api_fmt("{\"from\":[%lld,999999]}", (long long)dup1);
    int64_t audits = vo_api_count("audit_log");
    vo_api_expect_all((const struct vo_api_case[]){
        {anna, "POST", path, body, 403, NULL, NULL},
        {head, "POST", path, "{\"from\":[]}", 422, "from", NULL},
        {head, "POST", path, "{\"from\":\"2\"}", 422, "from", NULL},
        {head, "POST", path, self, 422, "from", NULL},
        {head, "POST", path, twice, 422, "from", NULL},
        /* one bad duplicate: nothing of the others moved either */
        {head, "POST", path, missing, 422, "from", NULL},
        {head, "POST", "/api/v1/clients/999999/merge", body, 404, NULL, NULL},
        {0}});
    cr_assert_eq(vo_api_count("clients"), 3);
    cr_assert_eq(vo_api_count("audit_log"), audits);

    struct vo_test_resp r = as(head, "POST", path, body);
    cr_assert_eq(r.status, 200, "%s", r.body);
    char *moved = json_dumps(json_object_get(r.json, "moved"), JSON_COMPACT | JSON_SORT_KEYS);
    cr_assert_str_eq(moved, "{\"activities\":1,\"contacts\":1,\"deals\":1,\"notes\":1,\"nps\":0,"
                            "\"payments\":2,\"tasks\":1}");
    free(moved);
    vo_test_resp_free(&r);
    /* one client left, every row on it, an audit row per duplicate */
    cr_assert_eq(vo_api_count("clients"), 1);
    cr_assert_eq(vo_api_count("audit_log"), audits + 2);
    const char *q = vo_api_fmt("/api/v1/payments?client_id=%lld", (long long)keep);
    cr_assert_eq(vo_api_items(anna, q), 3);
    q = vo_api_fmt("/api/v1/deals?client_id=%lld", (long long)keep);
    cr_assert_eq(vo_api_items(anna, q), 1);
    q = vo_api_fmt("/api/v1/clients/%lld/contacts", (long long)keep);
    cr_assert_eq(vo_api_items(anna, q), 1);
    /* the same totals, now all the kept client's */
    cr_assert_eq(jan2020_fact(head, "payments"), 350000);
    cr_assert_eq(jan2020_fact(head, "calls"), 1);
    /* the kept client's timeline tells the merges */
    const char *tl = vo_api_fmt("/api/v1/clients/%lld/timeline", (long long)keep);
    r = as(head, "GET", tl, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    json_t *first = json_array_get(json_object_get(r.json, "items"), 0);
    cr_assert_str_eq(jstr(first, "kind"), "changed");
    cr_assert_eq(jint(json_object_get(first, "changes"), "from"), dup2);
    cr_assert_eq(jint(json_object_get(first, "changes"), "notes"), 1);
    vo_test_resp_free(&r);
    /* merged once: the duplicates are gone */
    vo_api_expect(head, "POST", path, body, 422, "from", NULL);
}

/* "kind:title" of the items of GET /api/v1/search?q=<q, URL-encoded> as l,
 * joined by "," in the answer's order (g_free). */
static char *search(const struct vo_test_login *l, const char *q)
{
    char *enc = g_uri_escape_string(q, NULL, TRUE);
    const char *url = vo_api_fmt("/api/v1/search?q=%s", enc);
    struct vo_test_resp r = as(l, "GET", url, NULL);
    cr_assert_eq(r.status, 200, "%s: %s", url, r.body);
    GString *s = g_string_new(NULL);
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(r.json, "items"), i, it)
    {
        cr_assert(json_is_integer(json_object_get(it, "id")), "%s", r.body);
        cr_assert(json_object_get(it, "subtitle"), "%s", r.body);
        g_string_append_printf(s, "%s%s:%s", s->len ? "," : "", jstr(it, "kind"),
                               jstr(it, "title"));
    }
    vo_test_resp_free(&r);
    g_free(enc);
    return g_string_free(s, FALSE);
}

#define SEARCH_IS(l, q, want)                                                                      \
    do {                                                                                           \
        char *got_ = search(l, q);                                                                 \
        cr_assert_str_eq(got_, want, "q=%s", q);                                                   \
        g_free(got_);                                                                              \
    } while (0)

Test(api_clients, global_search)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    const struct vo_test_login *boris = vo_api_user("boris");
    const struct vo_test_login *head = vo_api_user("head");
    int64_t romashka = vo_api_create(
        anna, "/api/v1/clients",
        "{\"name\":\"ООО Ромашка\",\"inn\":\"7707083893\",\"email\":\"office@romashka.ru\"}");
    create_for(anna, "/api/v1/clients/%lld/contacts", romashka,
               "{\"name\":\"Иван Петров\",\"role\":\"ЛПР\",\"phones\":[\"+7 (912) 345-67-89\"],"
               "\"emails\":[\"ivan@romashka.ru\"]}");
    create_for(anna, "/api/v1/deals", romashka,
               "{\"title\":\"Поставка станков\",\"pipeline\":\"Продажи\",\"client_id\":%lld}");
    vo_api_create(boris, "/api/v1/clients", "{\"name\":\"Ромашка-Юг\"}");

    /* a word's start, any case, Cyrillic included */
    SEARCH_IS(anna, "ром", "client:ООО Ромашка");
    SEARCH_IS(anna, "РОМАШ", "client:ООО Ромашка");
    SEARCH_IS(anna, "станк", "deal:Поставка станков");
    SEARCH_IS(anna, "иван", "contact:Иван Петров");
    /* a phone in any format finds the same contact */
    SEARCH_IS(anna, "+7 (912) 345-67-89", "contact:Иван Петров");
    SEARCH_IS(anna, "89123456789", "contact:Иван Петров");
    SEARCH_IS(anna, "9123456789", "contact:Иван Петров");
    SEARCH_IS(anna, "912 345", "contact:Иван Петров");
    /* an e-mail, an INN */
    SEARCH_IS(anna, "ivan@romashka.ru", "contact:Иван Петров");
    SEARCH_IS(anna, "7707083893", "client:ООО Ромашка");
    /* nothing, and FTS5 syntax is only text */
    SEARCH_IS(anna, "", "");
    SEARCH_IS(anna, "лютик", "");
    SEARCH_IS(anna, "\"ром\" OR *", "");
    /* a manager finds their own; the head finds everyone's */
    SEARCH_IS(boris, "ром", "client:Ромашка-Юг");
    SEARCH_IS(boris, "иван", "");
    char *all = search(head, "ромашка");
    cr_assert(strstr(all, "client:ООО Ромашка") && strstr(all, "client:Ромашка-Юг"), "%s", all);
    g_free(all);
    /* the index follows a rename and a deleted contact */
    const char *path = vo_api_fmt("/api/v1/clients/%lld", (long long)romashka);
    vo_api_expect(anna, "PATCH", path, "{\"name\":\"ООО Василёк\"}", 200, NULL, NULL);
    SEARCH_IS(anna, "ромаш", "");
    SEARCH_IS(anna, "васил", "client:ООО Василёк");
    /* and an owner change: the client and its contact are boris's now */
    const char *owner = vo_api_fmt("{\"owner_id\":%lld}", (long long)vo_api_boris_id);
    vo_api_expect(head, "PATCH", path, owner, 200, NULL, NULL);
    SEARCH_IS(anna, "васил", "");
    SEARCH_IS(anna, "иван", "");
    SEARCH_IS(boris, "васил", "client:ООО Василёк");
    SEARCH_IS(boris, "9123456789", "contact:Иван Петров");
    /* the deal stays anna's */
    SEARCH_IS(anna, "станк", "deal:Поставка станков");
    SEARCH_IS(boris, "станк", "");
    vo_api_expect(anna, "GET", "/api/v1/search?q=a&limit=0", NULL, 422, "limit", NULL);
}
