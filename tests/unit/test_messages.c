/*
 * test_messages.c - the message catalogue (base/messages.c) through
 * vo_error_set: the Russian text of a format with its arguments, its id,
 * a text passed on whole by "%s", a message that wraps another, and a
 * format outside the catalogue. tests/cli/messages.py checks that every
 * format of src/ is in the catalogue.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "base/err.h"
#include "base/messages.h"

Test(messages, a_plain_message_has_its_id_and_russian_text)
{
    struct vo_error e = {0};
    vo_error_set(&e, VO_EINVAL, "amount", "a won deal needs an amount");
    cr_assert_str_eq(e.msg, "a won deal needs an amount");
    cr_assert_str_eq(e.id, "deal.won_needs_amount");
    cr_assert_str_eq(e.msg_ru, "Для выигранной сделки укажите сумму");
    cr_assert_str_eq(e.field, "amount");
}

Test(messages, the_russian_text_takes_the_same_arguments)
{
    struct vo_error e = {0};
    vo_error_set(&e, VO_ENOTFOUND, "id", "no deal %lld", 42LL);
    cr_assert_str_eq(e.msg_ru, "Сделка 42 не найдена");
    cr_assert_str_eq(e.id, "crm.no_deal");
    vo_error_set(&e, VO_EINVAL, "amount", "\"%s\" has more than %d decimal places", "1,234", 2);
    cr_assert_str_eq(e.msg_ru, "В «1,234» больше 2 знаков после запятой");
    cr_assert_str_eq(e.id, "money.too_many_decimals");
    vo_error_set(&e, VO_ECONFLICT, "stage",
                 "stage \"%s\" holds %lld deals (closed ones included): "
                 "move them to another stage first",
                 "Счёт", 3LL);
    cr_assert_str_eq(e.msg_ru, "На этапе «Счёт» сделок: 3 (включая закрытые): сначала перенесите "
                               "их на другой этап");
}

Test(messages, every_kind_of_conversion_takes_its_argument)
{
    struct vo_error e = {0};
    vo_error_set(&e, VO_EINVAL, NULL, "\"%.*s\" is not an IPv4 or IPv6 address", 3, "abcdef");
    cr_assert_str_eq(e.msg_ru, "«abc» — не адрес IPv4 или IPv6");
    vo_error_set(&e, VO_EINVAL, NULL, "%04d-%02d is not a month", 26, 3);
    cr_assert_str_eq(e.msg_ru, "0026-03 — не месяц");
    vo_error_set(&e, VO_EINVAL, NULL, "\"%s\" is not between 0 and 1 (0%%..100%%)", "2");
    cr_assert_str_eq(e.msg_ru, "«2» — не число от 0 до 1 (0%..100%)");
    vo_error_set(&e, VO_EINVAL, NULL, "%s:%zu: no user \"%s\"", "w.csv", (size_t)4, "a@b.ru");
    cr_assert_str_eq(e.msg_ru, "w.csv:4: пользователь «a@b.ru» не найден");
    vo_error_set(&e, VO_EINVAL, NULL, "%s is a whole number from %lld to %lld%s%s", "limit", -5LL,
                 9000000000LL, " or ", "null");
    cr_assert_str_eq(e.msg_ru, "limit — целое число от -5 до 9000000000 or null");
}

Test(messages, a_word_argument_is_named_in_russian)
{
    struct vo_error e = {0};
    vo_error_set(&e, VO_ENOTFOUND, "id", "no %s %lld", "deal", 5LL);
    cr_assert_str_eq(e.msg, "no deal 5");
    cr_assert_str_eq(e.msg_ru, "Не найдено: сделка 5");
    vo_error_set(&e, VO_ECONFLICT, "status", "the deal is %s already", "won");
    cr_assert_str_eq(e.msg_ru, "Сделка уже выиграна");
    vo_error_set(&e, VO_ECONFLICT, "status", "the deal is %s already", "lost");
    cr_assert_str_eq(e.msg_ru, "Сделка уже проиграна");
    /* a word outside the list as it is; a name in a plain "%s" is never
     * translated */
    vo_error_set(&e, VO_ENOTFOUND, "id", "no %s %lld", "widget", 7LL);
    cr_assert_str_eq(e.msg_ru, "Не найдено: widget 7");
    vo_error_set(&e, VO_EINVAL, "pipeline", "no pipeline \"%s\"", "deal");
    cr_assert_str_eq(e.msg_ru, "Воронка «deal» не найдена");
}

Test(messages, an_argument_the_russian_does_not_need_is_printed_as_nothing)
{
    struct vo_error e = {0};
    vo_error_set(&e, VO_EINVAL, NULL, "%zu problem%s in the input: nothing was imported", (size_t)3,
                 "s");
    cr_assert_str_eq(e.msg, "3 problems in the input: nothing was imported");
    cr_assert_str_eq(e.msg_ru, "Ошибок во входных данных: 3; ничего не импортировано");
}

Test(messages, a_marked_text_passed_whole_brings_its_russian_text)
{
    struct vo_error e = {0};
    vo_error_set(&e, VO_EPERM, NULL, "%s", VO_MSG("your role may not do this"));
    cr_assert_str_eq(e.msg, "your role may not do this");
    cr_assert_str_eq(e.id, "http.role_forbidden");
    cr_assert_str_eq(e.msg_ru, "Вашей роли это действие недоступно");
}

Test(messages, a_text_outside_the_catalogue_has_no_id_and_no_russian_text)
{
    struct vo_error e = {0};
    vo_error_set(&e, VO_EINVAL, NULL, "a won deal needs an amount");
    vo_error_set(&e, VO_EIO, NULL, "%s", "No such file or directory");
    cr_assert_null(e.id);
    cr_assert_str_eq(e.msg_ru, "");
    vo_error_set(&e, VO_EIO, NULL, "not in the catalogue: %d", 7);
    cr_assert_str_eq(e.msg, "not in the catalogue: 7");
    cr_assert_null(e.id);
    cr_assert_str_eq(e.msg_ru, "");
}

Test(messages, a_message_that_wraps_its_previous_one_wraps_the_russian_text)
{
    struct vo_error e = {0};
    vo_error_set(&e, VO_EINVAL, NULL, "\"%s\" is not an amount", "12x");
    vo_error_set(&e, VO_EINVAL, NULL, "%s:%lld: %s", "deals.csv", 7LL, e.msg);
    cr_assert_str_eq(e.msg, "deals.csv:7: \"12x\" is not an amount");
    cr_assert_str_eq(e.msg_ru, "deals.csv:7: «12x» — не сумма");
    cr_assert_str_eq(e.id, "csv.line_problem");
}

Test(messages, pass_copies_both_texts_and_the_id_with_a_new_code)
{
    struct vo_error tmp = {0}, e = {0};
    vo_error_set(&tmp, VO_ENOTFOUND, "client_id", "no client %lld", 5LL);
    cr_assert_eq(vo_error_pass(&e, VO_EINVAL, &tmp), VO_EINVAL);
    cr_assert_eq(e.code, VO_EINVAL);
    cr_assert_str_eq(e.field, "");
    cr_assert_str_eq(e.msg, "no client 5");
    cr_assert_str_eq(e.msg_ru, "Клиент 5 не найден");
    cr_assert_str_eq(e.id, "crm.no_client");
}

Test(messages, every_row_is_found_by_its_format_and_nothing_else_is)
{
    size_t n = vo_messages_count();
    cr_assert_gt(n, 400);
    for (size_t i = 0; i < n; i++) {
        const struct vo_message *m = vo_message_at(i);
        cr_assert_eq(vo_message_find(m->en), m, "row %zu: %s", i, m->en);
        if (i > 0)
            cr_assert_lt(strcmp(vo_message_at(i - 1)->en, m->en), 0, "out of order: %s", m->en);
    }
    cr_assert_null(vo_message_at(n));
    cr_assert_null(vo_message_find("a won deal needs an amount "));
    cr_assert_null(vo_message_find(""));
    cr_assert_null(vo_message_find(NULL));
}
