/*
 * number.c - fixed decimals and percentages for the CLI's tables and lines
 * (number.h). The value is rounded once, to an integer count of the last
 * decimal, and the sign is taken from that integer: that is what keeps
 * "-0" out (a negative value that rounds to zero has a zero count).
 */
#include "render/number.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>

const char *vo_fmt_fixed(double v, int decimals, char *out, size_t outsz)
{
    if (decimals < 0)
        decimals = 0;
    if (decimals > 6)
        decimals = 6;
    double scale = pow(10, decimals);
    if (!isfinite(v) || fabs(v) > 1e15) {
        snprintf(out, outsz, "—");
        return out;
    }
    /* round() is halves away from zero */
    long long n = (long long)round(v * scale);
    unsigned long long mag = n < 0 ? (unsigned long long)(-n) : (unsigned long long)n;
    unsigned long long div = (unsigned long long)scale;
    if (decimals == 0)
        snprintf(out, outsz, "%s%llu", n < 0 ? "-" : "", mag);
    else
        snprintf(out, outsz, "%s%llu,%0*llu", n < 0 ? "-" : "", mag / div, decimals, mag % div);
    return out;
}

const char *vo_fmt_pct(double fraction, char *out, size_t outsz)
{
    char buf[48];
    vo_fmt_fixed(fraction * 100.0, 1, buf, sizeof buf);
    if (buf[0] == '\xe2') /* "—" */
        snprintf(out, outsz, "%s", buf);
    else
        snprintf(out, outsz, "%s%%", buf);
    return out;
}
