/*
 * money.c - decimal text <-> int64 minor units, by hand-rolled digit
 * arithmetic so that no amount passes through floating point.
 */
#include "base/money.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *code;
    int digits;
} currency_digits[] = {
    {"BHD", 3}, {"BIF", 0}, {"CLP", 0}, {"DJF", 0}, {"GNF", 0}, {"IQD", 3}, {"ISK", 0}, {"JOD", 3},
    {"JPY", 0}, {"KMF", 0}, {"KRW", 0}, {"KWD", 3}, {"LYD", 3}, {"OMR", 3}, {"PYG", 0}, {"RWF", 0},
    {"TND", 3}, {"UGX", 0}, {"VND", 0}, {"VUV", 0}, {"XAF", 0}, {"XOF", 0}, {"XPF", 0},
};

int vo_currency_digits(const char *currency)
{
    for (size_t i = 0; i < sizeof currency_digits / sizeof currency_digits[0]; i++)
        if (currency && strcmp(currency, currency_digits[i].code) == 0)
            return currency_digits[i].digits;
    return 2;
}

int vo_currency_valid(const char *code)
{
    if (!code || strlen(code) != 3)
        return 0;
    for (int i = 0; i < 3; i++)
        if (code[i] < 'A' || code[i] > 'Z')
            return 0;
    return 1;
}

/* Length of a space-like thousands separator at s: ' ', U+00A0, U+202F. */
static size_t space_len(const unsigned char *s)
{
    if (s[0] == ' ' || s[0] == '\'')
        return 1;
    if (s[0] == 0xC2 && s[1] == 0xA0)
        return 2;
    if (s[0] == 0xE2 && s[1] == 0x80 && s[2] == 0xAF)
        return 3;
    return 0;
}

vo_err vo_money_parse(const char *s, int digits, int64_t *out, const char *field,
                      struct vo_error *e)
{
    const unsigned char *p = (const unsigned char *)s;
    char digitsbuf[64];
    size_t nd = 0;
    int neg = 0, commas = 0, dots = 0;
    long last_comma = -1, last_dot = -1;

    while (*p == ' ' || *p == '\t')
        p++;
    if (*p == '-' || *p == '+') {
        neg = *p == '-';
        p++;
    }
    if (!*p)
        return vo_error_set(e, VO_EINVAL, field, "\"%s\" is not an amount", s);
    /* First pass: keep the digits, note where separators stand (as a
     * count of digits before them). */
    while (*p) {
        size_t sl;
        if (*p >= '0' && *p <= '9') {
            if (nd + 1 >= sizeof digitsbuf)
                return vo_error_set(e, VO_EINVAL, field, "\"%s\" is too large an amount", s);
            digitsbuf[nd++] = (char)*p++;
        } else if (*p == ',') {
            commas++;
            last_comma = (long)nd;
            p++;
        } else if (*p == '.') {
            dots++;
            last_dot = (long)nd;
            p++;
        } else if ((sl = space_len(p)) > 0) {
            p += sl;
            /* trailing spaces are fine, inner ones are grouping */
        } else {
            return vo_error_set(e, VO_EINVAL, field, "\"%s\" is not an amount", s);
        }
    }
    if (nd == 0)
        return vo_error_set(e, VO_EINVAL, field, "\"%s\" is not an amount", s);
    digitsbuf[nd] = '\0';

    /* Which separator is the decimal point: the later one when both are
     * present; a lone one used once; none when one kind repeats. */
    long dec = -1;
    if (commas && dots) {
        if ((last_comma > last_dot ? commas : dots) > 1)
            return vo_error_set(e, VO_EINVAL, field, "\"%s\" has two decimal separators", s);
        dec = last_comma > last_dot ? last_comma : last_dot;
    } else if (commas == 1) {
        dec = last_comma;
    } else if (dots == 1) {
        dec = last_dot;
    }
    /* A currency without decimals has no decimal point: a lone separator
     * before exactly three digits groups thousands ("1,234" yen is what
     * vo_money_format writes for 1234). */
    if (digits == 0 && !(commas && dots) && dec >= 0 && nd - (size_t)dec == 3)
        dec = -1;
    size_t int_digits = dec >= 0 ? (size_t)dec : nd;
    size_t frac_digits = nd - int_digits;
    if (frac_digits > (size_t)digits) {
        /* Allow trailing zeros beyond the currency's precision ("5.000"). */
        for (size_t i = int_digits + (size_t)digits; i < nd; i++)
            if (digitsbuf[i] != '0')
                return vo_error_set(e, VO_EINVAL, field, "\"%s\" has more than %d decimal places",
                                    s, digits);
        frac_digits = (size_t)digits;
    }
    int64_t v = 0;
    const int64_t limit = INT64_MAX / 10;
    for (size_t i = 0; i < int_digits + frac_digits; i++) {
        if (v > limit || (v == limit && digitsbuf[i] - '0' > INT64_MAX % 10))
            return vo_error_set(e, VO_EINVAL, field, "\"%s\" is too large an amount", s);
        v = v * 10 + (digitsbuf[i] - '0');
    }
    for (size_t i = frac_digits; i < (size_t)digits; i++) {
        if (v > limit)
            return vo_error_set(e, VO_EINVAL, field, "\"%s\" is too large an amount", s);
        v *= 10;
    }
    *out = neg ? -v : v;
    return VO_OK;
}

char *vo_money_format(int64_t minor, int digits, const char *lang, char *out, size_t outsz)
{
    int ru = lang && strncmp(lang, "ru", 2) == 0;
    const char *group = ru ? "\xE2\x80\xAF" : ",";
    const char *point = ru ? "," : ".";
    uint64_t u = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
    uint64_t scale = 1;
    for (int i = 0; i < digits; i++)
        scale *= 10;
    uint64_t ip = u / scale, fp = u % scale;
    char ibuf[32], gbuf[96];
    snprintf(ibuf, sizeof ibuf, "%llu", (unsigned long long)ip);
    size_t n = strlen(ibuf), g = 0;
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            for (const char *q = group; *q; q++)
                gbuf[g++] = *q;
        gbuf[g++] = ibuf[i];
    }
    gbuf[g] = '\0';
    if (digits > 0) {
        char fbuf[24];
        snprintf(fbuf, sizeof fbuf, "%0*llu", digits > 18 ? 18 : digits, (unsigned long long)fp);
        snprintf(out, outsz, "%s%s%s%s", minor < 0 ? "-" : "", gbuf, point, fbuf);
    } else
        snprintf(out, outsz, "%s%s", minor < 0 ? "-" : "", gbuf);
    return out;
}

int64_t vo_money_round(double x)
{
    double r = x < 0 ? x - 0.5 : x + 0.5;
    if (!(r > -0x1p63))
        return -INT64_MAX;
    if (r >= 0x1p63)
        return INT64_MAX;
    return (int64_t)r;
}
