/*
 * test_api_clients.c - a client's card through the JSON API against a real
 * server on 127.0.0.1 with a temporary database (issue 10, clients): INN,
 * KPP, address, phone (as typed and its digits), e-mail, website and
 * comment written by POST and PATCH /api/v1/clients, answered by GET and
 * the list, each bad value a 422 naming its field with nothing stored,
 * and the stored row read back from the database.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <string.h>

#include "api_fixture.h"
#include "http/http.h"
#include "testutil.h"

static int64_t org_id;

static void extra(struct vo_store *st, struct vo_svc *svc)
{
    (void)st;
    org_id = svc->org.id;
}

static void setup(void)
{
    vo_api_start(NULL, extra);
}

TestSuite(api_clients, .init = setup, .fini = vo_api_stop, .timeout = 120);

/* The stored card of client id. */
static struct vo_client_card db_card(int64_t id)
{
    struct vo_store *st = vo_api_open(0);
    struct vo_error e = {0};
    struct vo_client_card c;
    cr_assert_eq(vo_store_client_card_get(st, org_id, id, vo_api_arena(), &c, &e), VO_OK, "%s",
                 e.msg);
    vo_store_close(st);
    return c;
}

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
    struct vo_client_card c = db_card(id);
    cr_assert_str_eq(c.inn, "7707083893");
    cr_assert_str_eq(c.address, "Москва, ул. Вавилова, 19");
    cr_assert_str_eq(c.phone_digits, "4955005550");
    cr_assert_str_eq(c.email, "info@sberbank.ru");
    cr_assert_str_eq(c.website, "https://www.sberbank.ru");

    /* PATCH changes what it names and keeps the rest; "" and null clear */
    char *path = g_strdup_printf("/api/v1/clients/%lld", (long long)id);
    r = as(anna, "PATCH", path, "{\"phone\":\"8 800 555-55-50\",\"website\":\"\",\"kpp\":null}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "phone_digits"), "8005555550");
    cr_assert(json_is_null(json_object_get(r.json, "website")), "%s", r.body);
    cr_assert(json_is_null(json_object_get(r.json, "kpp")), "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "inn"), "7707083893");
    cr_assert_str_eq(jstr(r.json, "name"), "ПАО Сбербанк");
    vo_test_resp_free(&r);
    c = db_card(id);
    cr_assert_null(c.website);
    cr_assert_null(c.kpp);
    cr_assert_str_eq(c.phone, "8 800 555-55-50");
    cr_assert_str_eq(c.address, "Москва, ул. Вавилова, 19");

    /* the list carries the card too */
    r = as(anna, "GET", "/api/v1/clients", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    json_t *items = json_object_get(r.json, "items");
    cr_assert_eq(json_array_size(items), 1, "%s", r.body);
    cr_assert_str_eq(jstr(json_array_get(items, 0), "inn"), "7707083893");
    cr_assert_str_eq(jstr(json_array_get(items, 0), "email"), "info@sberbank.ru");
    vo_test_resp_free(&r);

    /* a card change is counted in the client's revision and audited once */
    struct vo_store *st = vo_api_open(0);
    struct vo_error e = {0};
    struct vo_client cl;
    cr_assert_eq(vo_store_client_get(st, org_id, id, vo_api_arena(), &cl, &e), VO_OK);
    cr_assert_eq(cl.rev, 1);
    vo_store_close(st);
    int64_t audits = vo_api_count("audit_log");
    r = as(anna, "PATCH", path, "{\"comment\":\"перезвонить\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    vo_test_resp_free(&r);
    st = vo_api_open(0);
    cr_assert_eq(vo_store_client_get(st, org_id, id, vo_api_arena(), &cl, &e), VO_OK);
    cr_assert_eq(cl.rev, 2);
    vo_store_close(st);
    cr_assert_eq(vo_api_count("audit_log"), audits + 1);
    g_free(path);
}

Test(api_clients, bad_card_is_422_naming_the_field)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    int64_t id = vo_api_create(anna, "/api/v1/clients", "{\"name\":\"ООО Яндекс\"}");
    char *path = g_strdup_printf("/api/v1/clients/%lld", (long long)id);
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
    struct vo_client_card c = db_card(id);
    cr_assert_null(c.inn);
    cr_assert_null(c.kpp);
    /* a KPP added to a stored company INN */
    vo_api_expect(anna, "PATCH", path, "{\"inn\":\"7736207543\"}", 200, NULL, NULL);
    vo_api_expect(anna, "PATCH", path, "{\"kpp\":\"770401001\"}", 200, NULL, NULL);
    /* and the INN cannot become a person's while the KPP stays */
    vo_api_expect(anna, "PATCH", path, "{\"inn\":\"500100732259\"}", 422, "kpp", NULL);
    c = db_card(id);
    cr_assert_str_eq(c.inn, "7736207543");
    cr_assert_str_eq(c.kpp, "770401001");
    g_free(path);
}
