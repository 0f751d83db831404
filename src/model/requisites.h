/*
 * requisites.h - a client's card beyond what the reports read: the tax
 * numbers (INN, KPP), address, phone, e-mail, website and a comment, and
 * their validation. Pure functions: no I/O, no allocation.
 *
 * INN (ИНН) is checked by the check digits of the Federal Tax Service: 10
 * digits for a legal entity (one check digit, weights 2,4,10,3,5,9,4,6,8),
 * 12 for an individual or a sole proprietor (two check digits, weights
 * 7,2,4,10,3,5,9,4,6,8 and 3,7,2,4,10,3,5,9,4,6,8); each check digit is the
 * weighted sum mod 11 mod 10. KPP (КПП) is 9 characters: the tax office
 * (4 digits), the reason (2 digits or capital Latin letters), a number (3
 * digits); only a legal entity has one.
 *
 * A phone is kept as typed and as a normalised copy for search: its
 * digits, with the Russian trunk prefix folded (+7 912 345-67-89,
 * 8 912 345 67 89 and 912 345 67 89 are all "9123456789").
 */
#ifndef VO_MODEL_REQUISITES_H
#define VO_MODEL_REQUISITES_H

#include <stddef.h>

#include "base/err.h"

/* The card of a client; strings borrowed, NULL when not filled in. */
struct vo_client_card {
    const char *inn, *kpp;
    const char *address;
    const char *phone;        /* as typed */
    const char *phone_digits; /* vo_phone_digits of phone; NULL with it */
    const char *email;        /* lower case */
    const char *website;
    const char *comment;
};

/* The most digits a phone number holds (E.164) and the fewest it needs. */
#define VO_PHONE_DIGITS_MAX 15
#define VO_PHONE_DIGITS_MIN 5

/* VO_OK when s is a valid INN (10 or 12 digits with right check digits),
 * else VO_EINVAL naming field. */
vo_err vo_inn_check(const char *s, const char *field, struct vo_error *e);
/* VO_OK when s is a KPP (NNNN XX NNN, X a digit or A-Z), else VO_EINVAL. */
vo_err vo_kpp_check(const char *s, const char *field, struct vo_error *e);
/* VO_OK when s is a phone: 5..15 digits with only spaces, + ( ) - . among
 * them, else VO_EINVAL naming field. */
vo_err vo_phone_check(const char *s, const char *field, struct vo_error *e);
/* The digits of phone s into out (cap bytes, at least 16 to hold any
 * phone that vo_phone_check takes): an 11-digit number starting with 7 or
 * 8 loses that first digit (the Russian country code or trunk prefix), so
 * every way of writing a Russian number gives its 10 digits. Returns the
 * number of digits written (out is always terminated when cap > 0). */
size_t vo_phone_digits(const char *s, char *out, size_t cap);
/* VO_OK when s is an e-mail within model.h's text bounds and of the shape
 * vo_email_normalize takes (checked on a copy: s is not changed), else
 * VO_EINVAL naming field; too_long is the message of an e-mail over the
 * copy's 4 * 254 bytes. */
vo_err vo_email_check(const char *s, const char *field, const char *too_long, struct vo_error *e);
/* Checks every field of c (bounds of model.h's text table, INN, KPP, the
 * phone, the e-mail's shape, a KPP only beside a 10-digit INN), VO_EINVAL
 * naming the first bad one: "inn", "kpp", "address", "phone", "email",
 * "website", "comment". */
vo_err vo_client_card_validate(const struct vo_client_card *c, struct vo_error *e);

#endif
