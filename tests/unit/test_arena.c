/*
 * test_arena.c - the arena (src/base/arena.c): zeroed and raw arrays,
 * their alignment, the size overflow, the cap and the fault injection,
 * which the raw arrays obey as the zeroed ones do.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "base/arena.h"

Test(arena, arrays_are_aligned_and_only_the_zeroed_ones_are_zeroed)
{
    /* each round's block is written all over and freed, and the next
     * round's arena gets it back from malloc: a zeroed array must not show
     * what the last round wrote */
    for (int round = 0; round < 3; round++) {
        struct vo_arena a;
        vo_arena_init(&a, 0);
        unsigned char *z = vo_arena_array(&a, 1000, 3);
        cr_assert_not_null(z);
        for (size_t i = 0; i < 3000; i++)
            cr_assert_eq(z[i], 0, "round %d: byte %zu of a zeroed array", round, i);
        int64_t *r = vo_arena_array_raw(&a, 100000, sizeof *r); /* a block of its own */
        cr_assert_not_null(r);
        cr_assert_eq((uintptr_t)r % 16, 0);
        cr_assert_eq((uintptr_t)z % 16, 0);
        for (size_t i = 0; i < 100000; i++)
            r[i] = (int64_t)i * 7;
        cr_assert_eq(r[99999], 99999 * 7);
        memset(z, 0xAB, 3000);
        vo_arena_cleanup(&a);
    }
}

Test(arena, a_raw_array_obeys_the_overflow_the_cap_and_the_faults)
{
    struct vo_arena a;
    vo_arena_init(&a, 4096);
    cr_assert_null(vo_arena_array_raw(&a, SIZE_MAX / 4, 8), "n * sz overflows");
    cr_assert_null(vo_arena_array_raw(&a, 513, 8), "4,104 bytes: over the cap");
    cr_assert_eq(a.refused, 1, "the cap's refusal is counted");
    cr_assert_not_null(vo_arena_array_raw(&a, 512, 8), "4,096 bytes: the cap itself");
    cr_assert_null(vo_arena_array_raw(&a, 1, 1), "nothing left");
    vo_arena_cleanup(&a);

    vo_arena_init(&a, 0);
    vo_alloc_fault_arm(2);
    cr_assert_not_null(vo_arena_array_raw(&a, 4, 8));
    cr_assert_null(vo_arena_array_raw(&a, 4, 8), "the second allocation fails");
    cr_assert_eq(vo_alloc_fault_disarm(), 2);
    cr_assert_not_null(vo_arena_array_raw(&a, 4, 8));
    vo_arena_cleanup(&a);
}
