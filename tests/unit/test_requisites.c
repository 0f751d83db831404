/*
 * test_requisites.c - a client's card (model/requisites.h): INNs by the
 * Federal Tax Service's check digits (real published numbers, then the
 * same with one digit changed), KPPs, phones and their normalised digits,
 * and the card's validation naming the bad field.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "model/contact.h"
#include "model/model.h"
#include "model/requisites.h"

/* One check of a requisite: check(in, field) must return want and, when it
 * refuses, name field (and say msg, when given, in its message). */
static const struct {
    vo_err (*check)(const char *s, const char *field, struct vo_error *e);
    const char *field, *in;
    vo_err want;
    const char *msg;
} checks[] = {
    /* ПАО Сбербанк, ООО «Яндекс», Банк ВТБ (10 digits: one check digit;
     * Сбербанк: 7*2+7*4+0*10+7*3+0*5+8*9+3*4+8*6+9*8 = 267, 267 mod 11 = 3,
     * the tenth digit) and the FTS's example of a person's INN (12 digits) */
    {vo_inn_check, "inn", "7707083893", VO_OK, NULL},
    {vo_inn_check, "inn", "7736207543", VO_OK, NULL},
    {vo_inn_check, "inn", "7702070139", VO_OK, NULL},
    {vo_inn_check, "inn", "500100732259", VO_OK, NULL},
    /* wrong check digits */
    {vo_inn_check, "inn", "7707083894", VO_EINVAL, "check digits"},
    {vo_inn_check, "inn", "7736207542", VO_EINVAL, NULL},
    /* the 11th digit wrong, then only the 12th */
    {vo_inn_check, "inn", "500100732269", VO_EINVAL, NULL},
    {vo_inn_check, "inn", "500100732258", VO_EINVAL, NULL},
    /* a 10-digit company number is not read with the 12-digit weights */
    {vo_inn_check, "inn", "77070838930", VO_EINVAL, NULL},
    /* the shape */
    {vo_inn_check, "inn", "770708389", VO_EINVAL, "10 digits"},
    {vo_inn_check, "inn", "77070838931", VO_EINVAL, NULL},
    {vo_inn_check, "inn", "7707 083893", VO_EINVAL, NULL},
    {vo_inn_check, "inn", "770708389X", VO_EINVAL, NULL},
    {vo_inn_check, "inn", "", VO_EINVAL, NULL},
    /* all zeros has matching check digits, but no region 00 */
    {vo_inn_check, "inn", "0000000000", VO_EINVAL, NULL},
    {vo_kpp_check, "kpp", "773601001", VO_OK, NULL},
    {vo_kpp_check, "kpp", "7736AB001", VO_OK, NULL},
    {vo_kpp_check, "kpp", "77360A001", VO_OK, NULL},
    {vo_kpp_check, "kpp", "7736ab001", VO_EINVAL, NULL},
    {vo_kpp_check, "kpp", "773A01001", VO_EINVAL, NULL},
    {vo_kpp_check, "kpp", "7736010A1", VO_EINVAL, NULL},
    {vo_kpp_check, "kpp", "77360100", VO_EINVAL, NULL},
    {vo_kpp_check, "kpp", "7736010011", VO_EINVAL, NULL},
    {vo_phone_check, "phone", "+7 (912) 345-67-89", VO_OK, NULL},
    {vo_phone_check, "phone", "12345", VO_OK, NULL},
    {vo_phone_check, "phone", "1234", VO_EINVAL, NULL},
    {vo_phone_check, "phone", "1234567890123456", VO_EINVAL, NULL},
    {vo_phone_check, "phone", "+7 912 345-67-89 доб. 12", VO_EINVAL, NULL},
    {vo_phone_check, "phone", "call me", VO_EINVAL, NULL},
};

Test(requisites, inn_kpp_phone_checks)
{
    for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
        struct vo_error e = {0};
        cr_assert_eq(checks[i].check(checks[i].in, checks[i].field, &e), checks[i].want, "%s %s",
                     checks[i].field, checks[i].in);
        if (checks[i].want != VO_OK)
            cr_assert_str_eq(e.field, checks[i].field, "%s", checks[i].in);
        if (checks[i].msg)
            cr_assert(strstr(e.msg, checks[i].msg), "%s: %s", checks[i].in, e.msg);
    }
}

static const char *digits(const char *phone)
{
    static char out[32];
    vo_phone_digits(phone, out, sizeof out);
    return out;
}

Test(requisites, phone_digits_fold_the_russian_prefix)
{
    cr_assert_str_eq(digits("+7 (912) 345-67-89"), "9123456789");
    cr_assert_str_eq(digits("89123456789"), "9123456789");
    cr_assert_str_eq(digits("912 345 67 89"), "9123456789");
    /* other countries and short numbers keep every digit */
    cr_assert_str_eq(digits("+375 29 123-45-67"), "375291234567");
    cr_assert_str_eq(digits("12-34-56"), "123456");
    char small[4];
    cr_assert_eq(vo_phone_digits("12345", small, sizeof small), 3);
    cr_assert_str_eq(small, "123");
}

static const char *card_field(struct vo_client_card c)
{
    static struct vo_error e;
    memset(&e, 0, sizeof e);
    if (vo_client_card_validate(&c, &e) == VO_OK)
        return "ok";
    return e.field;
}

Test(requisites, card_names_the_bad_field)
{
    cr_assert_str_eq(card_field((struct vo_client_card){0}), "ok");
    cr_assert_str_eq(card_field((struct vo_client_card){.inn = "7707083893",
                                                        .kpp = "773601001",
                                                        .address = "Москва, ул. Вавилова, 19",
                                                        .phone = "8 800 555-55-50",
                                                        .email = "sberbank@sberbank.ru",
                                                        .website = "https://www.sberbank.ru",
                                                        .comment = "Строка 1\nСтрока 2"}),
                     "ok");
    cr_assert_str_eq(card_field((struct vo_client_card){.inn = "7707083890"}), "inn");
    cr_assert_str_eq(card_field((struct vo_client_card){.inn = "7707083893", .kpp = "77360100"}),
                     "kpp");
    /* a KPP belongs to a company: not alone, not beside a person's INN */
    cr_assert_str_eq(card_field((struct vo_client_card){.kpp = "773601001"}), "kpp");
    cr_assert_str_eq(card_field((struct vo_client_card){.inn = "500100732259", .kpp = "773601001"}),
                     "kpp");
    cr_assert_str_eq(card_field((struct vo_client_card){.phone = "12"}), "phone");
    cr_assert_str_eq(card_field((struct vo_client_card){.email = "sberbank.ru"}), "email");
    cr_assert_str_eq(card_field((struct vo_client_card){.email = "a@b@c.ru"}), "email");
}

Test(requisites, card_bounds_from_the_text_table)
{
    char address[502], comment[5002];
    memset(address, 'a', 501);
    address[501] = '\0';
    memset(comment, 'c', 5001);
    comment[5001] = '\0';
    cr_assert_str_eq(card_field((struct vo_client_card){.address = address}), "address");
    cr_assert_str_eq(card_field((struct vo_client_card){.comment = comment}), "comment");
    address[500] = '\0';
    comment[5000] = '\0';
    cr_assert_str_eq(card_field((struct vo_client_card){.address = address, .comment = comment}),
                     "ok");
    cr_assert_eq(vo_text_max(VO_TEXT_PHONE), 50);
    cr_assert_str_eq(card_field((struct vo_client_card){.website = "https://x.ru/\xff"}),
                     "website");
}

static const char *contact_field(struct vo_contact c)
{
    static struct vo_error e;
    memset(&e, 0, sizeof e);
    if (!c.client_id)
        c.client_id = 1;
    if (vo_contact_validate(&c, &e) == VO_OK)
        return "ok";
    return e.field;
}

Test(requisites, contact)
{
    cr_assert_str_eq(contact_field((struct vo_contact){.name = "Иван",
                                                       .role = "ЛПР",
                                                       .phones = {"+7 912 345-67-89", "12345"},
                                                       .n_phones = 2,
                                                       .emails = {"ivan@romashka.ru"},
                                                       .n_emails = 1,
                                                       .telegram = "@ivan_p",
                                                       .whatsapp = "+79123456789"}),
                     "ok");
    cr_assert_str_eq(contact_field((struct vo_contact){.name = "Иван", .telegram = "ivan_petrov"}),
                     "ok");
    cr_assert_str_eq(contact_field((struct vo_contact){0}), "name");
    cr_assert_str_eq(contact_field((struct vo_contact){.name = ""}), "name");
    cr_assert_str_eq(
        contact_field((struct vo_contact){.name = "И", .phones = {"ok", "1234"}, .n_phones = 1}),
        "phones");
    cr_assert_str_eq(
        contact_field((struct vo_contact){.name = "И", .phones = {"12345", "1234"}, .n_phones = 2}),
        "phones");
    cr_assert_str_eq(
        contact_field((struct vo_contact){.name = "И", .emails = {"a@b"}, .n_emails = 1}),
        "emails");
    cr_assert_str_eq(contact_field((struct vo_contact){.name = "И", .n_phones = 11}), "phones");
    /* 4 characters, 33 characters, a hyphen */
    cr_assert_str_eq(contact_field((struct vo_contact){.name = "И", .telegram = "@abcd"}),
                     "telegram");
    cr_assert_str_eq(contact_field((struct vo_contact){
                         .name = "И", .telegram = "abcdefghijklmnopqrstuvwxyz0123456"}),
                     "telegram");
    cr_assert_str_eq(contact_field((struct vo_contact){.name = "И", .telegram = "ivan-p"}),
                     "telegram");
    cr_assert_str_eq(contact_field((struct vo_contact){.name = "И", .whatsapp = "нет"}),
                     "whatsapp");
    struct vo_error e = {0};
    cr_assert_eq(vo_contact_validate(&(struct vo_contact){.name = "И"}, &e), VO_EINVAL);
    cr_assert_str_eq(e.field, "client_id");
}
