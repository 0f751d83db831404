/*
 * fuzz_xlsx.c - vo_xlsx_parse and vo_xls_html_parse (src/io/xlsx.h): the
 * workbook reader over libzip + libxml2 and Bitrix24's HTML table.
 *
 * Input: first byte picks the reader (bit 0: .xlsx or HTML) and header
 * only (bit 1); the rest is the file's bytes. The arena has a 4 MiB cap,
 * as a request's would. Checks: no crash, no leak, no undefined
 * behaviour; on success the table is well formed: ncols header names that
 * are not NULL, every row with ncols cells (each NULL or a NUL-terminated
 * string), and every note naming a file.
 */
#include "io/xlsx.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    bool html = data[0] & 1, header_only = (data[0] & 2) != 0;
    struct vo_arena a;
    vo_arena_init(&a, (size_t)4 << 20);
    struct vo_csv *t = NULL;
    struct vo_csv_notes problems = {0};
    struct vo_error e;
    const char *in = (const char *)data + 1;
    vo_err rc = html ? vo_xls_html_parse(in, size - 1, "in.xls", header_only, &a, &t, &problems, &e)
                     : vo_xlsx_parse(in, size - 1, "in.xlsx", header_only, &a, &t, &problems, &e);
    if (rc == VO_OK) {
        FUZZ_CHECK(t != NULL && t->name != NULL, "no table", "xlsx");
        FUZZ_CHECK(t->cols != NULL || t->ncols == 0, "no header", "xlsx");
        for (size_t c = 0; c < t->ncols; c++)
            FUZZ_CHECK(t->cols[c] != NULL, "NULL header name", "xlsx");
        FUZZ_CHECK(!header_only || t->nrows == 0, "rows after the header only", "xlsx");
        for (size_t r = 0; r < t->nrows; r++) {
            FUZZ_CHECK(t->rows[r].f != NULL, "row without cells", "xlsx");
            for (size_t c = 0; c < t->ncols; c++)
                if (t->rows[r].f[c])
                    (void)strlen(t->rows[r].f[c]); /* ASan checks the cell is readable */
        }
    }
    for (size_t i = 0; i < problems.n; i++)
        FUZZ_CHECK(problems.v[i].file != NULL && problems.v[i].msg != NULL,
                   "note without file or message", "xlsx");
    vo_arena_cleanup(&a);
    return 0;
}
