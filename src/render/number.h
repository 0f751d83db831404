/*
 * number.h - numbers as the Russian CLI prints them outside money and
 * counts (base/money.h formats those): fixed decimals with a comma, and
 * percentages. One rule everywhere: a value that rounds to zero is printed
 * without a sign, so no "-0", "-0,0" or "-0,0%" ever reaches a screen.
 */
#ifndef VO_RENDER_NUMBER_H
#define VO_RENDER_NUMBER_H

#include <stddef.h>

/* v with `decimals` (0..6) decimals and a comma ("3,5", "-0,3", "12"),
 * halves away from zero, no thousands separator; "—" for NaN, an infinity
 * or a magnitude beyond 10^15. Writes into out (at least 32 bytes) and
 * returns it. */
const char *vo_fmt_fixed(double v, int decimals, char *out, size_t outsz);
/* A fraction as a percentage with one decimal: 0.125 -> "12,5%",
 * -0.0004 -> "0,0%"; vo_fmt_fixed's rules ("—" without a "%"). */
const char *vo_fmt_pct(double fraction, char *out, size_t outsz);

#endif
