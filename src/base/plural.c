/*
 * plural.c - the Russian plural rule (plural.h), after CLDR's
 * "ru": one: v = 0 and i % 10 = 1 and i % 100 != 11; few: v = 0 and
 * i % 10 = 2..4 and i % 100 != 12..14; many: the rest of the integers.
 */
#include "base/plural.h"

enum vo_plural vo_plural_ru(int64_t n)
{
    /* |n| without overflow at INT64_MIN: only the last two digits matter. */
    int64_t r = n % 100;
    if (r < 0)
        r = -r;
    int64_t d = r % 10;
    if (d == 1 && r != 11)
        return VO_PLURAL_ONE;
    if (d >= 2 && d <= 4 && (r < 12 || r > 14))
        return VO_PLURAL_FEW;
    return VO_PLURAL_MANY;
}

const char *vo_plural_ru_word(int64_t n, const char *one, const char *few, const char *many)
{
    switch (vo_plural_ru(n)) {
    case VO_PLURAL_ONE:
        return one;
    case VO_PLURAL_FEW:
        return few;
    default:
        return many;
    }
}
