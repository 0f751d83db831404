/*
 * money.h - money as int64 minor units (kopecks, cents).
 *
 * Parsing accepts what people type and what CRMs export: "12345.67",
 * "12 345,67", "1,234.50", "-5", with spaces (also no-break and narrow
 * no-break spaces) or the other separator as thousands separators.
 * Nothing is ever a double.
 */
#ifndef VO_BASE_MONEY_H
#define VO_BASE_MONEY_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

/* Minor-unit digits of an ISO 4217 currency code (2 for unknown codes). */
int vo_currency_digits(const char *currency);
/* True when code is three upper-case letters. */
int vo_currency_valid(const char *code);

/* Parses s in major units into minor units with `digits` decimals.
 * Errors (VO_EINVAL with a message in e, field as given): empty, not a
 * number, more decimals than the currency has, out of range. */
vo_err vo_money_parse(const char *s, int digits, int64_t *out, const char *field,
                      struct vo_error *e);

/* Formats minor units into out: lang "ru" gives "12 345,67" (narrow
 * no-break space as thousands separator), anything else "12,345.67".
 * Returns out. */
char *vo_money_format(int64_t minor, int digits, const char *lang, char *out, size_t outsz);

/* x minor units (a figure a division made fractional: an average, an
 * estimate) rounded half away from zero; beyond int64 it stops at its
 * bounds (-INT64_MAX, INT64_MAX) instead of the undefined conversion. */
int64_t vo_money_round(double x);

#endif
