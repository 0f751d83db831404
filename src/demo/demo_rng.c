/*
 * demo_rng.c - the generator's random numbers: xoshiro256** seeded through
 * splitmix64, one independent stream per deal and per (day, manager).
 */
#include "demo/demo_gen.h"

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Stream `stream` of seed: independent sequences for each deal and day. */
void demo_rng_seed(struct rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = seed;
    x = splitmix(&x) ^ (stream * 0xD1B54A32D192ED03ULL);
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(struct rng *r)
{
    uint64_t *s = r->s;
    uint64_t res = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return res;
}

/* Uniform in [0, 1). */
double demo_unit(struct rng *r)
{
    return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

double demo_uniform(struct rng *r, double lo, double hi)
{
    return lo + (hi - lo) * demo_unit(r);
}

/* Uniform integer in [lo, hi]. */
int64_t demo_irange(struct rng *r, int64_t lo, int64_t hi)
{
    return lo + (int64_t)(demo_unit(r) * (double)(hi - lo + 1));
}

bool demo_chance(struct rng *r, double p)
{
    return demo_unit(r) < p;
}

/* Standard normal by Box-Muller. */
static double normal(struct rng *r)
{
    double u1 = 1.0 - demo_unit(r); /* (0, 1] */
    double u2 = demo_unit(r);
    return sqrt(-2.0 * log(u1)) * cos(TWO_PI * u2);
}

double demo_lognormal(struct rng *r, double median, double sigma)
{
    return median * exp(sigma * normal(r));
}

size_t demo_pick(struct rng *r, const double *w, size_t n)
{
    double tot = 0;
    for (size_t i = 0; i < n; i++)
        tot += w[i];
    double x = demo_unit(r) * tot;
    for (size_t i = 0; i < n; i++) {
        if (x < w[i])
            return i;
        x -= w[i];
    }
    return n - 1;
}
