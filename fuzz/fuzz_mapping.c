/*
 * fuzz_mapping.c - vo_map_load (the JSON import mapping, src/io/mapping.h)
 * and vo_map_date_convert (the mapping's date formats).
 *
 * Input: first byte picks the part. Even: the rest is a mapping file,
 * written to a private temporary file (vo_map_load reads a path) and
 * loaded into an arena with a 4 MiB cap. Odd: the rest is "value\nformat"
 * for vo_map_date_convert. Checks: no crash, no leak, no undefined
 * behaviour; a loaded mapping has a name; a converted date is text the
 * import format accepts (vo_date_parse, vo_month_parse or vo_time_parse)
 * and converting is deterministic; a loaded mapping's needs
 * (vo_map_needs, what presets are detected by) each name a column.
 */
#include <unistd.h>

#include "base/timeutil.h"
#include "io/mapping.h"
#include "fuzz_common.h"

static char map_path[64];

static void load(const uint8_t *data, size_t size)
{
    if (!map_path[0]) {
        snprintf(map_path, sizeof map_path, "/tmp/vo_fuzz_mapping_%ld.json", (long)getpid());
    }
    FILE *f = fopen(map_path, "wb");
    if (!f)
        abort();
    if (size && fwrite(data, 1, size, f) != size)
        abort();
    fclose(f);
    struct vo_arena a;
    vo_arena_init(&a, (size_t)4 << 20);
    struct vo_map *m = NULL;
    struct vo_error e;
    if (vo_map_load(map_path, &a, &m, &e) == VO_OK) {
        FUZZ_CHECK(m && vo_map_name(m) && *vo_map_name(m), "mapping without a name", "mapping");
        /* the columns detection scores it by: each a non-empty list of names */
        struct vo_map_need *needs = NULL;
        size_t n = 0;
        if (vo_map_needs(m, &a, &needs, &n) == VO_OK)
            for (size_t i = 0; i < n; i++)
                FUZZ_CHECK(needs[i].nalts > 0 && needs[i].alts[0], "a need without a column",
                           "mapping");
    }
    vo_arena_cleanup(&a);
}

static void convert(const uint8_t *data, size_t size)
{
    char *s = fuzz_cstr(data, size);
    char *nl = strchr(s, '\n');
    const char *fmt = "DD.MM.YYYY HH:MM";
    if (nl) {
        *nl = '\0';
        fmt = nl + 1;
    }
    char out1[64], out2[64];
    struct vo_error e;
    vo_err r1 = vo_map_date_convert(s, fmt, out1, sizeof out1, &e);
    vo_err r2 = vo_map_date_convert(s, fmt, out2, sizeof out2, &e);
    FUZZ_CHECK(r1 == r2, "vo_map_date_convert is not deterministic", s);
    if (r1 == VO_OK) {
        FUZZ_CHECK(strcmp(out1, out2) == 0, "vo_map_date_convert gives two texts", s);
        struct vo_date d;
        int y, m;
        int64_t t;
        GTimeZone *utc = g_time_zone_new_utc();
        int ok = vo_date_parse(out1, &d, NULL, &e) == VO_OK ||
                 vo_month_parse(out1, &y, &m, NULL, &e) == VO_OK ||
                 vo_time_parse(out1, utc, &t, NULL, &e) == VO_OK;
        g_time_zone_unref(utc);
        FUZZ_CHECK(ok, "converted date is not import-format text", s);
    }
    free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    if (data[0] % 2 == 0)
        load(data + 1, size - 1);
    else
        convert(data + 1, size - 1);
    return 0;
}
