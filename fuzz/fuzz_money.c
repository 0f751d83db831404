/*
 * fuzz_money.c - vo_money_parse (src/base/money.h).
 *
 * Input: first byte picks the currency precision (0..3 digits), the rest
 * is the amount text. Checks: no crash, no leak, no undefined behaviour
 * (signed overflow included); and when the text parses, the amount
 * formatted in both styles ("en" "12,345.67", "ru" "12 345,67") parses
 * back to the same minor units.
 */
#include "base/money.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int digits = data[0] % 4;
    char *s = fuzz_cstr(data + 1, size - 1);
    struct vo_error e;
    int64_t v = 0;
    if (vo_money_parse(s, digits, &v, "amount", &e) == VO_OK) {
        static const char *const langs[] = {"en", "ru"};
        for (size_t i = 0; i < 2; i++) {
            char text[128];
            int64_t w = 0;
            vo_money_format(v, digits, langs[i], text, sizeof text);
            FUZZ_CHECK(vo_money_parse(text, digits, &w, "amount", &e) == VO_OK,
                       "formatted amount does not parse", s);
            FUZZ_CHECK(w == v, "formatted amount parses to another value", s);
        }
    }
    free(s);
    return 0;
}
