/*
 * wal_peer.c - the durable-write peer of bench/http.sh (docs/bench.md,
 * "Group commit (issue 16)"): one SQLite connection, WAL with
 * synchronous=FULL (a sync of the -wal file per COMMIT), committing one
 * small row per transaction as fast as it can. The raw stream the disk
 * allows one writer that waits for each commit; group commit is measured
 * against it.
 *
 * voronka_bench_wal DB SECONDS
 *
 * DB is a new file (removed first, with its -wal and -shm) on the disk to
 * measure. Prints one line:
 *   PEER commits=N seconds=S rps=R p50_ms=X p99_ms=Y
 * Exit 0; 1 on usage; 2 on a SQLite error.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int fail(sqlite3 *db, const char *what)
{
    fprintf(stderr, "wal_peer: %s: %s\n", what, db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return 2;
}

int main(int argc, char **argv)
{
    if (argc != 3 || atof(argv[2]) <= 0) {
        fprintf(stderr, "usage: voronka_bench_wal DB SECONDS\n");
        return 1;
    }
    const char *path = argv[1];
    double secs = atof(argv[2]);
    char side[4096];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);

    sqlite3 *db = NULL;
    if (sqlite3_open(path, &db) != SQLITE_OK)
        return fail(db, "open");
    if (sqlite3_exec(db,
                     "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                     "CREATE TABLE moves(id INTEGER PRIMARY KEY, deal INTEGER NOT NULL, "
                     "stage INTEGER NOT NULL, at INTEGER NOT NULL)",
                     NULL, NULL, NULL) != SQLITE_OK)
        return fail(db, "setup");
    sqlite3_stmt *begin = NULL, *ins = NULL, *commit = NULL;
    if (sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "INSERT INTO moves(deal, stage, at) VALUES (?, ?, ?)", -1, &ins,
                           NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "COMMIT", -1, &commit, NULL) != SQLITE_OK)
        return fail(db, "prepare");

    size_t cap = 1 << 16, n = 0;
    double *lat = malloc(cap * sizeof *lat);
    if (!lat)
        return fail(NULL, "latencies");
    double t0 = now_s(), t = t0;
    while (t - t0 < secs) {
        double s = t;
        sqlite3_bind_int64(ins, 1, (sqlite3_int64)(n % 10000));
        sqlite3_bind_int64(ins, 2, (sqlite3_int64)(n % 7));
        sqlite3_bind_int64(ins, 3, (sqlite3_int64)time(NULL));
        if (sqlite3_step(begin) != SQLITE_DONE || sqlite3_step(ins) != SQLITE_DONE ||
            sqlite3_step(commit) != SQLITE_DONE)
            return fail(db, "commit");
        sqlite3_reset(begin);
        sqlite3_reset(ins);
        sqlite3_reset(commit);
        t = now_s();
        if (n == cap) {
            cap *= 2;
            double *more = realloc(lat, cap * sizeof *lat);
            if (!more)
                return fail(NULL, "latencies");
            lat = more;
        }
        lat[n++] = (t - s) * 1e3;
    }
    double elapsed = t - t0;
    qsort(lat, n, sizeof *lat, cmp_double);
    printf("PEER commits=%zu seconds=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f\n", n, elapsed,
           (double)n / elapsed, n ? lat[n / 2] : 0.0, n ? lat[(size_t)((double)n * 0.99)] : 0.0);
    free(lat);
    sqlite3_finalize(begin);
    sqlite3_finalize(ins);
    sqlite3_finalize(commit);
    sqlite3_close(db);
    return 0;
}
