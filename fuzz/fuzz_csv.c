/*
 * fuzz_csv.c - vo_csv_parse (src/io/csv.h).
 *
 * Input: first byte picks the options (delimiter: detect, ',' or ';';
 * encoding: auto, utf-8 or cp1251), the rest is the file's bytes. The
 * arena has a 4 MiB cap, as a request's would. Checks: no crash, no leak,
 * no undefined behaviour; on success the table is well formed: a name,
 * ncols >= 1 header names that are not NULL, every row with ncols cells
 * (each NULL or a NUL-terminated string), line numbers after the header
 * and increasing, and every note naming a file.
 */
#include "io/csv.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const char delims[] = {0, ',', ';'};
    static const enum vo_csv_encoding encs[] = {VO_CSV_AUTO, VO_CSV_UTF8, VO_CSV_CP1251};
    struct vo_csv_opts o = {delims[data[0] % 3], encs[(data[0] / 3) % 3]};
    struct vo_arena a;
    vo_arena_init(&a, (size_t)4 << 20);
    struct vo_csv *t = NULL;
    struct vo_csv_notes problems = {0};
    struct vo_error e;
    vo_err rc = vo_csv_parse((const char *)data + 1, size - 1, "in.csv", &o, &a, &t, &problems, &e);
    if (rc == VO_OK) {
        FUZZ_CHECK(t != NULL && t->name != NULL, "no table", "csv");
        FUZZ_CHECK(t->ncols >= 1 && t->cols != NULL, "no header", "csv");
        for (size_t c = 0; c < t->ncols; c++)
            FUZZ_CHECK(t->cols[c] != NULL, "NULL header name", "csv");
        int64_t prev = 1;
        for (size_t r = 0; r < t->nrows; r++) {
            const struct vo_csv_row *row = &t->rows[r];
            FUZZ_CHECK(row->line > prev, "row lines do not increase", "csv");
            prev = row->line;
            FUZZ_CHECK(row->f != NULL, "row without cells", "csv");
            for (size_t c = 0; c < t->ncols; c++)
                if (row->f[c])
                    (void)strlen(row->f[c]); /* ASan checks the cell is readable */
        }
        (void)vo_csv_col(t, "name");
    }
    for (size_t i = 0; i < problems.n; i++)
        FUZZ_CHECK(problems.v[i].file != NULL && problems.v[i].msg != NULL,
                   "note without file or message", "csv");
    vo_arena_cleanup(&a);
    return 0;
}
