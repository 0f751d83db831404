/*
 * fuzz_common.h - helpers shared by the libFuzzer targets (fuzz/fuzz_*.c).
 *
 * Built only with -DVO_FUZZ=ON and clang (docs/internals/fuzz.md); nothing
 * in the product includes this.
 */
#ifndef VO_FUZZ_COMMON_H
#define VO_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The input as a NUL-terminated heap string (bytes after an embedded NUL
 * are simply invisible to a C-string parser). The caller frees it; aborts
 * when memory runs out. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    if (size)
        memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* Reports a broken property with the input text and aborts, so that
 * libFuzzer saves the crashing input. */
#define FUZZ_CHECK(cond, what, input)                                                   \
    do {                                                                                \
        if (!(cond)) {                                                                  \
            fprintf(stderr, "fuzz property failed: %s (input \"%s\")\n", (what), (input)); \
            abort();                                                                    \
        }                                                                               \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
