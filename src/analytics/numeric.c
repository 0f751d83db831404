/*
 * numeric.c - the analytics' shared numeric helpers (numeric.h).
 */
#include "analytics/numeric.h"

static void swap64(int64_t *v, size_t i, size_t j)
{
    int64_t t = v[i];
    v[i] = v[j];
    v[j] = t;
}

void vo_select_kth(int64_t *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1;
    while (hi > lo) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] < v[lo])
            swap64(v, mid, lo);
        if (v[hi] < v[lo])
            swap64(v, hi, lo);
        if (v[hi] < v[mid])
            swap64(v, hi, mid);
        int64_t pivot = v[mid];
        size_t i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot)
                i++;
            while (v[j] > pivot)
                j--;
            if (i <= j) {
                swap64(v, i, j);
                i++;
                if (j == 0)
                    break;
                j--;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return;
    }
}

/* The arrays below this size go to quickselect: the histogram's zeroing
 * and scan would cost more than they save. */
#define RADIX_MIN         32
#define RADIX_MAX_BUCKETS 4096

/* The k-th and (k-1)-th smallest by quickselect, v reordered. */
static void select_two_qs(int64_t *v, size_t n, size_t k, int64_t *below, int64_t *at)
{
    vo_select_kth(v, n, k);
    *at = v[k];
    if (k > 0) {
        int64_t b = v[0];
        for (size_t i = 1; i < k; i++)
            b = v[i] > b ? v[i] : b;
        *below = b;
    }
}

void vo_select_two(int64_t *v, size_t n, size_t k, int64_t *scratch, int64_t *below, int64_t *at)
{
    if (!scratch || n < RADIX_MIN) {
        select_two_qs(v, n, k, below, at);
        return;
    }
    /* each round reads src[0..n) and gathers the bucket of rank k into
     * scratch: from v the first time, then within scratch (in place: the
     * write index never passes the read index) */
    const int64_t *src = v;
    uint32_t cnt[RADIX_MAX_BUCKETS];
    for (;;) {
        if (n < RADIX_MIN) {
            select_two_qs(scratch, n, k, below, at);
            return;
        }
        int64_t mn = src[0], mx = src[0];
        for (size_t i = 1; i < n; i++) {
            mn = src[i] < mn ? src[i] : mn;
            mx = src[i] > mx ? src[i] : mx;
        }
        if (mn == mx) {
            *at = mn;
            if (k > 0)
                *below = mn;
            return;
        }
        /* buckets: a power of two near n / 4; offsets src - min as
         * unsigned (no overflow whatever the values) shifted to fit */
        size_t nb = 16;
        while (nb < RADIX_MAX_BUCKETS && nb * 4 < n)
            nb *= 2;
        uint64_t umn = (uint64_t)mn, range = (uint64_t)mx - umn;
        unsigned shift = 0;
        while ((range >> shift) >= nb)
            shift++;
        for (size_t b = 0; b < nb; b++)
            cnt[b] = 0;
        for (size_t i = 0; i < n; i++)
            cnt[((uint64_t)src[i] - umn) >> shift]++;
        /* the buckets of ranks k and k - 1, and the rank the first begins at */
        size_t start = 0, b_at = 0;
        while (start + cnt[b_at] <= k)
            start += cnt[b_at++];
        size_t b_lo = b_at;
        if (k > 0 && k == start)
            while (cnt[--b_lo] == 0)
                ;
        if (shift == 0) { /* a bucket a value */
            *at = (int64_t)(umn + b_at);
            if (k > 0)
                *below = (int64_t)(umn + b_lo);
            return;
        }
        if (b_lo != b_at) { /* rank k - 1 ends one bucket, rank k begins the next */
            int64_t lo_max = mn, at_min = mx;
            for (size_t i = 0; i < n; i++) {
                size_t b = (size_t)(((uint64_t)src[i] - umn) >> shift);
                lo_max = b == b_lo && src[i] > lo_max ? src[i] : lo_max;
                at_min = b == b_at && src[i] < at_min ? src[i] : at_min;
            }
            *below = lo_max;
            *at = at_min;
            return;
        }
        /* the values of bucket b_at: fewer than n (the minimum is in bucket
         * 0, the maximum in one >= nb / 2 when shift > 0), and within a
         * narrower range for the next round (skewed values, durations
         * with a long tail, crowd into few buckets) */
        size_t m = 0;
        for (size_t i = 0; i < n; i++) {
            int64_t x = src[i];
            scratch[m] = x;
            m += (((uint64_t)x - umn) >> shift) == b_at;
        }
        src = scratch;
        n = m;
        k -= start;
    }
}
