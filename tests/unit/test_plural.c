/*
 * test_plural.c - the Russian plural rule (base/plural.c) on the numbers
 * CLDR lists as its examples for "ru" and on the edges of each category.
 */
#include <criterion/criterion.h>

#include "base/plural.h"

static const char *w(int64_t n)
{
    return vo_plural_ru_word(n, "менеджер", "менеджера", "менеджеров");
}

Test(plural, one)
{
    const int64_t v[] = {1, 21, 31, 101, 1001, 100021, -1, -21};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        cr_expect_eq(vo_plural_ru(v[i]), VO_PLURAL_ONE, "%lld", (long long)v[i]);
    cr_expect_str_eq(w(21), "менеджер");
}

Test(plural, few)
{
    const int64_t v[] = {2, 3, 4, 22, 23, 24, 102, 1003, 10004, -3};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        cr_expect_eq(vo_plural_ru(v[i]), VO_PLURAL_FEW, "%lld", (long long)v[i]);
    cr_expect_str_eq(w(3), "менеджера");
}

Test(plural, many)
{
    const int64_t v[] = {0,  5,  6,   9,   10,  11,  12,   13,        14,        15, 19,
                         20, 25, 100, 111, 112, 114, 1000, INT64_MIN, INT64_MAX, -11};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        cr_expect_eq(vo_plural_ru(v[i]), VO_PLURAL_MANY, "%lld", (long long)v[i]);
    cr_expect_str_eq(w(0), "менеджеров");
    cr_expect_str_eq(w(11), "менеджеров");
    cr_expect_str_eq(w(12), "менеджеров");
    cr_expect_str_eq(w(14), "менеджеров");
}
