/*
 * demo_rng.c - the generator's random numbers: xoshiro256** seeded through
 * splitmix64, one independent stream per deal and per (day, manager).
 */
#include "demo/demo_gen.h"

#include "base/rng.h"

/* Stream `stream` of seed: independent sequences for each deal and day. */
void demo_rng_seed(struct rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = seed;
    x = vo_splitmix64(&x) ^ (stream * 0xD1B54A32D192ED03ULL);
    for (int i = 0; i < 4; i++)
        r->s[i] = vo_splitmix64(&x);
}

static uint64_t rng_next(struct rng *r)
{
    return vo_xoshiro256ss(r->s);
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
