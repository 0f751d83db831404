/*
 * test_err.c - struct vo_error: a message may wrap the previous one (the
 * arguments point into the same struct), and the field may be its own.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "base/err.h"

Test(err, a_message_wraps_the_previous_one)
{
    struct vo_error e = {0};
    vo_error_set(&e, VO_ESTORE, "db", "open: %s", "file is not a database");
    vo_error_set(&e, VO_ESTORE, e.field, "x.db is not a voronka database (%s)", e.msg);
    cr_assert_str_eq(e.msg, "x.db is not a voronka database (open: file is not a database)");
    cr_assert_str_eq(e.field, "db");
    cr_assert_eq(e.code, VO_ESTORE);
}

Test(err, a_message_that_is_its_own_argument_is_kept)
{
    struct vo_error e = {0};
    vo_error_set(&e, VO_EINVAL, "amount", "\"%s\" is not an amount", "12x");
    vo_error_set(&e, VO_EPERM, NULL, "%s", e.msg);
    cr_assert_str_eq(e.msg, "\"12x\" is not an amount");
    cr_assert_str_eq(e.field, "");
    cr_assert_eq(e.code, VO_EPERM);
    /* and its id and Russian text (base/messages.c) */
    cr_assert_str_eq(e.id, "money.not_amount");
    cr_assert_str_eq(e.msg_ru, "«12x» — не сумма");
}

Test(err, a_long_wrapped_message_is_cut_not_overrun)
{
    struct vo_error e = {0};
    char long_text[1000];
    memset(long_text, 'a', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    vo_error_set(&e, VO_EINVAL, NULL, "%s", long_text);
    vo_error_set(&e, VO_EINVAL, NULL, "again: %s", e.msg);
    cr_assert_eq(strlen(e.msg), sizeof e.msg - 1);
    cr_assert_eq(strncmp(e.msg, "again: aaa", 10), 0);
    /* the Russian text (two bytes a letter) is cut the same way, at a letter */
    vo_error_set(&e, VO_EINVAL, NULL, "no team \"%s\"", long_text);
    cr_assert_eq(strlen(e.msg_ru), sizeof e.msg_ru - 1);
    cr_assert_eq(strncmp(e.msg_ru, "Команда «aaa", strlen("Команда «aaa")), 0);
}
