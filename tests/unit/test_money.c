/*
 * test_money.c - money text <-> minor units.
 */
#include <criterion/criterion.h>

#include "base/money.h"

static int64_t parse_ok(const char *s, int digits)
{
    int64_t v = 0;
    struct vo_error e = {0};
    cr_assert_eq(vo_money_parse(s, digits, &v, "amount", &e), VO_OK, "\"%s\": %s", s, e.msg);
    return v;
}

static void parse_bad(const char *s, const char *needle)
{
    int64_t v = 0;
    struct vo_error e = {0};
    cr_assert_eq(vo_money_parse(s, 2, &v, "amount", &e), VO_EINVAL, "\"%s\" parsed", s);
    cr_assert_str_eq(e.field, "amount");
    cr_assert(strstr(e.msg, needle), "\"%s\": message \"%s\" lacks \"%s\"", s, e.msg, needle);
}

Test(money, parses_the_forms_people_type)
{
    cr_assert_eq(parse_ok("12345.67", 2), 1234567);
    cr_assert_eq(parse_ok("12 345,67", 2), 1234567);
    cr_assert_eq(parse_ok("12\xC2\xA0"
                          "345,67",
                          2),
                 1234567); /* no-break space */
    cr_assert_eq(parse_ok("12\xE2\x80\xAF"
                          "345,67",
                          2),
                 1234567); /* narrow no-break */
    cr_assert_eq(parse_ok("1,234.50", 2), 123450);
    cr_assert_eq(parse_ok("1.234,50", 2), 123450);
    cr_assert_eq(parse_ok("1,234,567", 2), 123456700);
    cr_assert_eq(parse_ok("-5", 2), -500);
    cr_assert_eq(parse_ok("+5", 2), 500);
    cr_assert_eq(parse_ok("0,5", 2), 50);
    cr_assert_eq(parse_ok("5.000", 2), 500); /* zeros past the precision are fine */
    cr_assert_eq(parse_ok(" 42 ", 2), 4200);
    cr_assert_eq(parse_ok("1500", 0), 1500);
    cr_assert_eq(parse_ok("1.5", 3), 1500);
}

Test(money, refuses_garbage_with_a_reason)
{
    parse_bad("", "not an amount");
    parse_bad("abc", "not an amount");
    parse_bad("12a", "not an amount");
    parse_bad("-", "not an amount");
    parse_bad("1.234", "more than 2 decimal places");
    parse_bad("1,2,3.4.5", "two decimal separators");
    parse_bad("99999999999999999999", "too large");
}

Test(money, formats_per_language)
{
    char buf[64];
    cr_assert_str_eq(vo_money_format(1234567, 2, "ru", buf, sizeof buf), "12\xE2\x80\xAF"
                                                                         "345,67");
    cr_assert_str_eq(vo_money_format(1234567, 2, "en", buf, sizeof buf), "12,345.67");
    cr_assert_str_eq(vo_money_format(-500, 2, "en", buf, sizeof buf), "-5.00");
    cr_assert_str_eq(vo_money_format(5, 2, "en", buf, sizeof buf), "0.05");
    cr_assert_str_eq(vo_money_format(1000000, 0, "en", buf, sizeof buf), "1,000,000");
}

Test(money, currency_digits)
{
    cr_assert_eq(vo_currency_digits("RUB"), 2);
    cr_assert_eq(vo_currency_digits("JPY"), 0);
    cr_assert_eq(vo_currency_digits("KWD"), 3);
    cr_assert(vo_currency_valid("USD"));
    cr_assert(!vo_currency_valid("usd"));
    cr_assert(!vo_currency_valid("RUBL"));
}

/* Found by fuzz/fuzz_money.c: vo_money_format writes 1234 yen as "1,234",
 * which the parser read as 1.234 and refused. */
Test(money, zero_decimal_currency_round_trips_a_grouped_amount)
{
    char buf[64];
    cr_assert_eq(parse_ok("1,234", 0), 1234);
    cr_assert_eq(parse_ok("1.000", 0), 1000);
    cr_assert_eq(parse_ok(vo_money_format(12345, 0, "en", buf, sizeof buf), 0), 12345);
}

/* Found while writing fuzz/fuzz_money.c: one past INT64_MAX overflowed a signed
 * integer (undefined behaviour) instead of being refused. */
Test(money, one_past_int64_max_is_too_large)
{
    int64_t v = 0;
    struct vo_error e = {0};
    cr_assert_eq(parse_ok("9223372036854775807", 0), INT64_MAX);
    cr_assert_eq(vo_money_parse("9223372036854775808", 0, &v, "amount", &e), VO_EINVAL);
    cr_assert(strstr(e.msg, "too large"));
}
