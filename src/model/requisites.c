/*
 * requisites.c - validation of a client's card (requisites.h): the INN's
 * check digits, the KPP's shape, a phone's digits and its normalised copy,
 * and the bounds of model.h's text table for every text of the card.
 */
#include "model/requisites.h"

#include <stdbool.h>
#include <string.h>

#include "model/model.h"

static const int INN10_W[9] = {2, 4, 10, 3, 5, 9, 4, 6, 8};
static const int INN11_W[10] = {7, 2, 4, 10, 3, 5, 9, 4, 6, 8};
static const int INN12_W[11] = {3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8};

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The check digit of the first n digits of d with weights w. */
static int check_digit(const char *d, const int *w, size_t n)
{
    int sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += (d[i] - '0') * w[i];
    return sum % 11 % 10;
}

vo_err vo_inn_check(const char *s, const char *field, struct vo_error *e)
{
    size_t n = 0;
    while (s[n] && is_digit(s[n]))
        n++;
    if (s[n] || (n != 10 && n != 12))
        return vo_error_set(e, VO_EINVAL, field,
                            "%s: an INN is 10 digits (a company) or 12 digits (a person)", field);
    if (s[0] == '0' && s[1] == '0')
        return vo_error_set(e, VO_EINVAL, field, "%s: an INN does not start with 00", field);
    bool ok = n == 10 ? check_digit(s, INN10_W, 9) == s[9] - '0'
                      : check_digit(s, INN11_W, 10) == s[10] - '0' &&
                            check_digit(s, INN12_W, 11) == s[11] - '0';
    if (!ok)
        return vo_error_set(e, VO_EINVAL, field,
                            "%s: %s is not a valid INN (its check digits do not match)", field, s);
    return VO_OK;
}

vo_err vo_kpp_check(const char *s, const char *field, struct vo_error *e)
{
    bool ok = strlen(s) == 9;
    for (size_t i = 0; ok && i < 9; i++)
        ok = is_digit(s[i]) || ((i == 4 || i == 5) && s[i] >= 'A' && s[i] <= 'Z');
    if (!ok)
        return vo_error_set(e, VO_EINVAL, field,
                            "%s: a KPP is 9 characters: 4 digits, 2 digits or capital Latin "
                            "letters, 3 digits",
                            field);
    return VO_OK;
}

vo_err vo_phone_check(const char *s, const char *field, struct vo_error *e)
{
    size_t digits = 0;
    bool ok = true;
    for (const char *p = s; *p && ok; p++) {
        if (is_digit(*p))
            digits++;
        else
            ok = strchr(" +()-.", *p) != NULL;
    }
    if (!ok || digits < VO_PHONE_DIGITS_MIN || digits > VO_PHONE_DIGITS_MAX)
        return vo_error_set(e, VO_EINVAL, field,
                            "%s: a phone number is %d to %d digits, with only spaces and + ( ) - . "
                            "between them",
                            field, VO_PHONE_DIGITS_MIN, VO_PHONE_DIGITS_MAX);
    return VO_OK;
}

size_t vo_phone_digits(const char *s, char *out, size_t cap)
{
    size_t n = 0, all = 0;
    if (cap == 0)
        return 0;
    for (const char *p = s; *p; p++)
        if (is_digit(*p)) {
            all++;
            if (n + 1 < cap)
                out[n++] = *p;
        }
    out[n] = '\0';
    if (all == 11 && n == 11 && (out[0] == '7' || out[0] == '8')) {
        memmove(out, out + 1, 11);
        n = 10;
    }
    return n;
}

vo_err vo_email_check(const char *s, const char *field, const char *too_long, struct vo_error *e)
{
    char buf[4 * 254 + 1];
    vo_err rc = vo_text_check(VO_TEXT_EMAIL, s, field, e);
    if (rc)
        return rc;
    size_t len = strlen(s);
    if (len >= sizeof buf)
        return vo_error_set(e, VO_EINVAL, field, "%s", too_long);
    memcpy(buf, s, len + 1);
    return vo_email_normalize(buf, field, e);
}

vo_err vo_client_card_validate(const struct vo_client_card *c, struct vo_error *e)
{
    vo_err rc;
    if ((rc = vo_text_check(VO_TEXT_KEY, c->inn, "inn", e)) ||
        (c->inn && (rc = vo_inn_check(c->inn, "inn", e))) ||
        (rc = vo_text_check(VO_TEXT_KEY, c->kpp, "kpp", e)) ||
        (c->kpp && (rc = vo_kpp_check(c->kpp, "kpp", e))))
        return rc;
    if (c->kpp && !(c->inn && strlen(c->inn) == 10))
        return vo_error_set(e, VO_EINVAL, "kpp",
                            "kpp: only a company (a 10-digit INN) has a KPP; give its inn");
    if ((rc = vo_text_check(VO_TEXT_TITLE, c->address, "address", e)) ||
        (rc = vo_text_check(VO_TEXT_PHONE, c->phone, "phone", e)) ||
        (c->phone && (rc = vo_phone_check(c->phone, "phone", e))) ||
        (c->email && (rc = vo_email_check(c->email, "email",
                                          VO_MSG("email is longer than 254 characters"), e))) ||
        (rc = vo_text_check(VO_TEXT_URL, c->website, "website", e)) ||
        (rc = vo_text_check(VO_TEXT_NOTE, c->comment, "comment", e)))
        return rc;
    return VO_OK;
}
