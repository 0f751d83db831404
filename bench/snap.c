/*
 * snap.c - the dataset snapshot's row of `make bench` (docs/bench.md,
 * "The dataset snapshot"): org 1 of DB written to its snapshot file and
 * read back in a fresh process, as a restarting server does.
 *
 * voronka_bench_snap DB DIR write   loads from the store (timed), writes
 *                                   DIR's snapshot (timed)
 * voronka_bench_snap DB DIR read    reads the snapshot (timed: wall, CPU,
 *                                   peak RSS); exit 3 when it is not read
 * voronka_bench_snap DB DIR replay  reads the snapshot and replays the
 *                                   changes since from the store's change
 *                                   log (timed: bench/http.sh, after its
 *                                   moves), then loads from the store
 *                                   (untimed) to compare; exit 3 when it
 *                                   is not replayed
 *
 * Both print key=value lines (bench/summary.mjs reads them) and the XXH3
 * hash of the dataset's stream (analytics/dataset_snap.c), so run.sh can
 * check that the dataset read back is the one loaded, column for column.
 */
#include <stdio.h>
#include <string.h>
#include <xxhash.h>

#include "analytics/dataset_snap.h"
#include "service/dataset_load.h"
#include "store/store.h"
#include "timing.h"

static bool hash_put(void *ctx, const void *p, size_t n)
{
    return XXH3_64bits_update(ctx, p, n) == XXH_OK;
}

/* The hash of ds's stream: equal for datasets equal column for column. */
static unsigned long long digest(const struct vo_dataset *ds)
{
    XXH3_state_t *h = XXH3_createState();
    struct vo_error e = {0};
    if (!h || XXH3_64bits_reset(h) != XXH_OK || vo_ds_snap_encode(ds, hash_put, h, &e)) {
        XXH3_freeState(h);
        return 0;
    }
    unsigned long long d = XXH3_64bits_digest(h);
    XXH3_freeState(h);
    return d;
}

int main(int argc, char **argv)
{
    if (argc != 4 ||
        (strcmp(argv[3], "write") && strcmp(argv[3], "read") && strcmp(argv[3], "replay"))) {
        fprintf(stderr, "usage: voronka_bench_snap DB DIR write|read|replay\n");
        return 1;
    }
    bool write = !strcmp(argv[3], "write"), replay = !strcmp(argv[3], "replay");
    struct vo_store *st = NULL;
    struct vo_error e = {0};
    if (vo_store_open(argv[1], 0, &st, &e)) {
        fprintf(stderr, "voronka_bench_snap: %s\n", e.msg);
        return 3;
    }
    struct vo_dataset *ds = NULL;
    double t0 = vo_bench_now_ms(), c0 = vo_bench_cpu_ms();
    vo_err rc;
    struct vo_snap_outcome how = {0};
    if (write)
        rc = vo_svc_dataset_load(st, 1, &ds, &e);
    else
        rc = vo_svc_dataset_open(st, 1, argv[2], false, &ds, &how, &e);
    double ms = vo_bench_now_ms() - t0, cpu = vo_bench_cpu_ms() - c0;
    long rss = vo_bench_peak_rss_kb();
    if (rc) {
        fprintf(stderr, "voronka_bench_snap: %s\n", e.msg);
        return 3;
    }
    if (write) {
        bool written = false;
        double w0 = vo_bench_now_ms();
        rc = vo_svc_snap_write(st, argv[2], ds, &written, &e);
        double wms = vo_bench_now_ms() - w0;
        if (rc || !written) {
            fprintf(stderr, "voronka_bench_snap: not written: %s\n", rc ? e.msg : "rows changed");
            return 3;
        }
        char *path = vo_svc_snap_path(argv[2], 1);
        FILE *f = fopen(path, "rb");
        long bytes = f && fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
        if (f)
            fclose(f);
        g_free(path);
        printf("store_load_ms=%.1f store_load_cpu_ms=%.1f snap_write_ms=%.1f snap_bytes=%ld "
               "store_digest=%016llx\n",
               ms, cpu, wms, bytes, digest(ds));
    } else if (replay) {
        if (how.use != VO_SNAP_REPLAYED) {
            fprintf(stderr, "voronka_bench_snap: the changes were not replayed (%d): %s\n",
                    (int)how.use, how.why.msg);
            return 3;
        }
        struct vo_dataset *loaded = NULL;
        if ((rc = vo_svc_dataset_load(st, 1, &loaded, &e))) {
            fprintf(stderr, "voronka_bench_snap: %s\n", e.msg);
            return 3;
        }
        unsigned long long d1 = digest(ds), d2 = digest(loaded);
        printf("replay_ms=%.1f replay_cpu_ms=%.1f replayed=%lld replay_same=%s "
               "replay_digest=%016llx store_digest=%016llx\n",
               ms, cpu, (long long)how.replayed, d1 && d1 == d2 ? "yes" : "no", d1, d2);
        vo_ds_free(loaded);
    } else {
        if (how.use != VO_SNAP_READ) {
            fprintf(stderr, "voronka_bench_snap: the snapshot was not read (%d): %s\n",
                    (int)how.use, how.why.msg);
            return 3;
        }
        printf("snap_load_ms=%.1f snap_load_cpu_ms=%.1f snap_peak_rss_kb=%ld snap_digest=%016llx\n",
               ms, cpu, rss, digest(ds));
    }
    printf("deals=%zu activities=%zu\n", ds->deals.n, ds->acts.n);
    vo_ds_free(ds);
    vo_store_close(st);
    return 0;
}
