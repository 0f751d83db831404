/*
 * rng.h - the one pseudo-random generator of voronka's deterministic
 * computations (the demo company, the forecast's Monte Carlo):
 * xoshiro256** (Blackman and Vigna) over a 4-word state, seeded through
 * splitmix64. Not for secrets (libsodium makes those). Inline: the
 * forecast draws hundreds of millions of numbers.
 */
#ifndef VO_BASE_RNG_H
#define VO_BASE_RNG_H

#include <stdint.h>

/* splitmix64: the next number of the sequence whose state is *x. */
static inline uint64_t vo_splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static inline uint64_t vo_rotl64(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

/* xoshiro256**: the next number of the state s (4 words, not all zero). */
static inline uint64_t vo_xoshiro256ss(uint64_t s[4])
{
    uint64_t res = vo_rotl64(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = vo_rotl64(s[3], 45);
    return res;
}

#endif
