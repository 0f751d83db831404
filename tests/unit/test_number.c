/*
 * test_number.c - the CLI's fixed decimals and percentages
 * (render/number.c): comma separator, halves away from zero, and never a
 * "-0" for a negative value that rounds to zero.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "render/number.h"

static const char *fx(double v, int d)
{
    static char buf[64];
    return vo_fmt_fixed(v, d, buf, sizeof buf);
}

static const char *pct(double v)
{
    static char buf[64];
    return vo_fmt_pct(v, buf, sizeof buf);
}

Test(number, fixed)
{
    cr_expect_str_eq(fx(3.5, 1), "3,5");
    cr_expect_str_eq(fx(2.25, 1), "2,3");   /* 22.5 -> 23: away from zero */
    cr_expect_str_eq(fx(-2.25, 1), "-2,3"); /* and below zero too */
    cr_expect_str_eq(fx(-0.3, 1), "-0,3");
    cr_expect_str_eq(fx(12, 0), "12");
    cr_expect_str_eq(fx(1234567.891, 2), "1234567,89");
    cr_expect_str_eq(fx(0.05, 2), "0,05");
    cr_expect_str_eq(fx(NAN, 1), "—");
    cr_expect_str_eq(fx(INFINITY, 1), "—");
    cr_expect_str_eq(fx(-1e16, 1), "—");
}

Test(number, no_negative_zero)
{
    cr_expect_str_eq(fx(-0.0, 1), "0,0");
    cr_expect_str_eq(fx(-0.04, 1), "0,0");
    cr_expect_str_eq(fx(-0.4, 0), "0");
    cr_expect_str_eq(fx(-0.004, 2), "0,00");
    cr_expect_str_eq(pct(-0.0), "0,0%");
    cr_expect_str_eq(pct(-0.0004), "0,0%");  /* -0.04 % */
    cr_expect_str_eq(pct(-0.0006), "-0,1%"); /* -0.06 % */
}

Test(number, pct)
{
    cr_expect_str_eq(pct(0.125), "12,5%");
    cr_expect_str_eq(pct(1), "100,0%");
    cr_expect_str_eq(pct(2.0 / 3.0), "66,7%");
    cr_expect_str_eq(pct(-0.25), "-25,0%");
    cr_expect_str_eq(pct(NAN), "—");
    cr_expect_str_eq(pct(1.0 / 0.0), "—");
}
