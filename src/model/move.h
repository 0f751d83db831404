/*
 * move.h - what `voronka migrate --to` found copying a database whole
 * between SQLite and PostgreSQL (the store's vo_store_move fills it; the
 * command line prints it; docs/SCALING.md, "Moving").
 */
#ifndef VO_MODEL_MOVE_H
#define VO_MODEL_MOVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One table on both sides: its rows and checksum (32 hex digits: the
 * rows' hashes summed, so the same rows give the same sum in any order),
 * and whether the two agree. */
struct vo_move_table {
    const char *table;
    int64_t rows, dest_rows;
    char sum[33], dest_sum[33];
    bool ok;
};
struct vo_move_report {
    int version;             /* the schema version of both */
    struct vo_move_table *v; /* in the caller's arena, in the copy's order */
    size_t n;
    const char *bad; /* the first table that differs, NULL when none */
    double seconds;  /* the copy and the check, from the first read to the commit */
};
#endif
