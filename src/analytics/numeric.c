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
