/*
 * import_detect.c - telling an export's format by its headers. Each CSV of
 * the directory is read up to its first line break (at most 64 KiB: a
 * header, not the rows), decoded as the importer would (BOM, cp1251,
 * delimiter), each workbook (.xlsx, Bitrix24's HTML .xls) up to its
 * header row; and each preset is scored by how many of the source columns
 * it needs that header has. A preset fits when a file has all of them;
 * only one may fit, so a header that two presets could read is refused,
 * not guessed at.
 */
#include "service/import_detect.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "io/csv.h"
#include "io/xlsx.h"

enum { HEAD_MAX = 64 * 1024 };

/* The header of the CSV file at path as a table without rows into *out,
 * NULL when it cannot be read or parsed. VO_ENOMEM when the arena refuses. */
static vo_err read_header(const char *path, const char *name, struct vo_arena *a,
                          struct vo_csv **out)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return VO_OK;
    char *buf = g_malloc(HEAD_MAX + 1);
    size_t n = fread(buf, 1, HEAD_MAX, f);
    fclose(f);
    buf[n] = '\0';
    if (vo_table_kind_of(buf, n) != VO_TABLE_CSV) {
        /* A workbook is read through its own reader, the header alone. */
        g_free(buf);
        struct vo_csv *t = NULL;
        struct vo_csv_notes notes = {0};
        struct vo_error e = {0};
        vo_err rc = vo_table_read(path, name, NULL, true, a, &t, &notes, &e);
        if (rc == VO_ENOMEM)
            return rc;
        *out = rc ? NULL : t;
        return VO_OK;
    }
    char *nl = memchr(buf, '\n', n);
    if (nl)
        n = (size_t)(nl - buf) + 1;
    struct vo_csv *t = NULL;
    struct vo_csv_notes notes = {0};
    struct vo_error e = {0};
    vo_err rc = vo_csv_parse(buf, n, name, NULL, a, &t, &notes, &e);
    g_free(buf);
    if (rc == VO_ENOMEM)
        return rc;
    *out = rc ? NULL : t;
    return VO_OK;
}

/* Whether t, a file named as one of the format's, has its required columns. */
static bool own_file(const struct vo_csv *t, const struct vo_map_target *tg)
{
    for (const char *const *r = tg->required; *r; r++)
        if (vo_csv_col(t, *r) < 0)
            return false;
    return true;
}

/* The headers of dir's CSV files into *heads (arena), their count in *n;
 * *named tells whether one is named as a file of the format. */
static vo_err read_heads(const char *dir, struct vo_arena *a, struct vo_csv ***heads, size_t *n,
                         bool *named, bool *own, struct vo_error *e)
{
    GError *gerr = NULL;
    GDir *d = g_dir_open(dir, 0, &gerr);
    if (!d) {
        vo_err rc = vo_error_set(e, VO_EIO, NULL, "%s", gerr->message);
        g_error_free(gerr);
        return rc;
    }
    size_t cap = 0;
    *heads = NULL;
    *n = 0;
    const char *name;
    vo_err rc = VO_OK;
    while (!rc && (name = g_dir_read_name(d))) {
        if (!vo_table_name(name))
            continue;
        char *path = g_build_filename(dir, name, NULL);
        char *copy = vo_arena_strdup(a, name);
        struct vo_csv *t = NULL;
        vo_err hr = copy ? read_header(path, copy, a, &t) : VO_ENOMEM;
        g_free(path);
        if (hr) {
            rc = vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
            break;
        }
        const struct vo_map_target *tg = vo_map_target_find(name);
        *named |= tg != NULL;
        if (!t)
            continue;
        *own |= tg && own_file(t, tg);
        void *grown = vo_arena_grow(a, *heads, &cap, *n, sizeof **heads);
        if (!grown) {
            rc = vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
            break;
        }
        *heads = grown;
        (*heads)[(*n)++] = t;
    }
    g_dir_close(d);
    return rc;
}

vo_err vo_svc_import_preset(const char *name, struct vo_arena *a, struct vo_import_detection *out,
                            struct vo_error *e)
{
    memset(out, 0, sizeof *out);
    const struct vo_preset_text *p = vo_preset_find(name);
    if (!p) {
        const char *names = vo_preset_names(a);
        if (!names)
            return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
        return vo_error_set(e, VO_EINVAL, "preset", "no preset \"%s\" (presets: %s)", name, names);
    }
    out->preset = p;
    return vo_preset_load(p, a, &out->map, e);
}

vo_err vo_svc_import_detect(const char *dir, struct vo_arena *a, struct vo_import_detection *out,
                            struct vo_error *e)
{
    memset(out, 0, sizeof *out);
    struct vo_csv **heads = NULL;
    size_t nheads = 0;
    bool named = false, own = false;
    vo_err rc = read_heads(dir, a, &heads, &nheads, &named, &own, e);
    if (rc || own || nheads == 0)
        return rc;
    const struct vo_preset_text *fit = NULL;
    struct vo_map *fit_map = NULL;
    size_t nfit = 0;
    const char *fits = "", *closest = "";
    for (size_t i = 0; i < vo_preset_text_count; i++) {
        const struct vo_preset_text *p = &vo_preset_texts[i];
        struct vo_map *m = NULL;
        struct vo_map_need *needs = NULL;
        size_t nneeds = 0, best = 0;
        if ((rc = vo_preset_load(p, a, &m, e)))
            return rc;
        if (vo_map_needs(m, a, &needs, &nneeds))
            return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
        for (size_t h = 0; h < nheads; h++) {
            size_t s = vo_preset_score(needs, nneeds, heads[h]->cols, heads[h]->ncols);
            if (s > best)
                best = s;
        }
        if (best == nneeds && nneeds) {
            fit = p;
            fit_map = m;
            nfit++;
            fits = vo_arena_printf(a, "%s%s%s", fits, *fits ? ", " : "", p->name);
        }
        closest = vo_arena_printf(a, "%s%s%s %zu/%zu", closest ? closest : "",
                                  closest && *closest ? ", " : "", p->name, best, nneeds);
        if (!fits || !closest)
            return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    }
    if (nfit == 1) {
        out->preset = fit;
        out->map = fit_map;
        return VO_OK;
    }
    if (nfit > 1)
        return vo_error_set(e, VO_EINVAL, "preset",
                            "the headers fit several presets (%s): choose one with --preset NAME "
                            "(the API's ?preset=NAME) or give a mapping with --map FILE",
                            fits);
    if (named)
        return VO_OK; /* voronka's own files, with problems the importer lists */
    return vo_error_set(e, VO_EINVAL, "preset",
                        "the files are not voronka's format and no preset fits their headers "
                        "(columns found per preset: %s): choose one with --preset NAME (the API's "
                        "?preset=NAME) or give a mapping with --map FILE",
                        closest);
}

vo_err vo_svc_import_presets(struct vo_arena *a, struct vo_import_preset_info **out, size_t *n,
                             struct vo_error *e)
{
    *out = VO_ARENA_ARRAY(a, struct vo_import_preset_info,
                          vo_preset_text_count ? vo_preset_text_count : 1);
    *n = 0;
    if (!*out)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < vo_preset_text_count; i++) {
        struct vo_map *m = NULL;
        vo_err rc = vo_preset_load(&vo_preset_texts[i], a, &m, e);
        if (rc)
            return rc;
        (*out)[(*n)++] = (struct vo_import_preset_info){.name = vo_preset_texts[i].name,
                                                        .title = vo_map_name(m),
                                                        .title_ru = vo_map_name_ru(m)};
    }
    return VO_OK;
}
