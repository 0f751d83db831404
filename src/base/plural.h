/*
 * plural.h - Russian plural forms for counts in CLI text (GLib's ngettext
 * is not set up: voronka ships no .mo files). One rule, the CLDR one for
 * "ru": one (1, 21, 101 ... but not 11), few (2-4, 22-24 ... but not
 * 12-14), many (everything else, 0 and 5-20 included).
 */
#ifndef VO_BASE_PLURAL_H
#define VO_BASE_PLURAL_H

#include <stdint.h>

enum vo_plural { VO_PLURAL_ONE, VO_PLURAL_FEW, VO_PLURAL_MANY };

/* The CLDR category of n in Russian (the sign is ignored). */
enum vo_plural vo_plural_ru(int64_t n);
/* The form of n among one ("менеджер"), few ("менеджера"), many
 * ("менеджеров"): borrowed, one of the three pointers. */
const char *vo_plural_ru_word(int64_t n, const char *one, const char *few, const char *many);

#endif
