/*
 * import_path.c - `voronka import PATH` with PATH a file or a zip
 * (import_path.h). A single export is linked, not copied, into a
 * temporary directory, so the importer and the preset detection see the
 * directory they always do. An archive's entries are unpacked with
 * libzip; their sizes are counted as they come out, not as the archive
 * claims, so a zip bomb stops at VO_IMPORT_UNPACK_MAX. Entries keep their
 * base names (a folder inside the archive is flattened); hidden files
 * (macOS's ._deals.csv) are left out.
 */
#include "service/import_path.h"

#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "io/xlsx.h"

/* Writes the entry i of za as dir/name; *total counts the bytes. */
static vo_err unpack_entry(zip_t *za, zip_uint64_t i, const char *dir, const char *name,
                           size_t *total, struct vo_error *e)
{
    char *out = g_build_filename(dir, name, NULL);
    vo_err rc = VO_OK;
    FILE *f = NULL;
    zip_file_t *zf = NULL;
    if (g_file_test(out, G_FILE_TEST_EXISTS)) {
        rc = vo_error_set(e, VO_EINVAL, NULL, "the archive has two files named %s", name);
        goto out;
    }
    if (!(zf = zip_fopen_index(za, i, 0))) {
        rc = vo_error_set(e, VO_EINVAL, NULL, "%s", "an entry of the archive cannot be read");
        goto out;
    }
    if (!(f = g_fopen(out, "wb"))) {
        rc = vo_error_set(e, VO_EIO, NULL, "%s: %s", out, g_strerror(errno));
        goto out;
    }
    char chunk[65536];
    zip_int64_t got;
    while ((got = zip_fread(zf, chunk, sizeof chunk)) > 0) {
        if ((size_t)got > VO_IMPORT_UNPACK_MAX - *total) {
            rc = vo_error_set(e, VO_ETOOBIG, NULL, "the files unpack to more than %zu bytes",
                              VO_IMPORT_UNPACK_MAX);
            goto out;
        }
        *total += (size_t)got;
        if (fwrite(chunk, 1, (size_t)got, f) != (size_t)got) {
            rc = vo_error_set(e, VO_EIO, NULL, "%s: %s", out, g_strerror(errno));
            goto out;
        }
    }
    if (got < 0)
        rc = vo_error_set(e, VO_EINVAL, NULL, "%s", "an entry of the archive is damaged");
out:
    if (f && fclose(f) != 0 && !rc)
        rc = vo_error_set(e, VO_EIO, NULL, "%s: %s", out, g_strerror(errno));
    if (zf)
        zip_fclose(zf);
    g_free(out);
    return rc;
}

static vo_err unpack(const char *path, const char *dir, struct vo_error *e)
{
    int zerr = 0;
    zip_t *za = zip_open(path, ZIP_RDONLY, &zerr);
    if (!za)
        return vo_error_set(e, VO_EINVAL, NULL, "%s",
                            "the archive is not a zip file that can be read");
    vo_err rc = VO_OK;
    size_t total = 0;
    zip_int64_t n = zip_get_num_entries(za, 0);
    for (zip_int64_t i = 0; i < n && !rc; i++) {
        const char *name = zip_get_name(za, (zip_uint64_t)i, 0);
        const char *base = name ? strrchr(name, '/') : NULL;
        base = base ? base + 1 : name;
        if (!base || !*base || base[0] == '.' || !vo_table_name(base) ||
            !g_utf8_validate(base, -1, NULL))
            continue;
        rc = unpack_entry(za, (zip_uint64_t)i, dir, base, &total, e);
    }
    zip_discard(za);
    return rc;
}

/* Whether the file at path is a zip of files rather than one table. */
static bool is_archive(const char *path)
{
    GMappedFile *mf = g_mapped_file_new(path, FALSE, NULL);
    if (!mf)
        return false;
    const char *data = g_mapped_file_get_contents(mf);
    size_t len = g_mapped_file_get_length(mf);
    bool yes = data && vo_table_kind_of(data, len) == VO_TABLE_ZIP;
    g_mapped_file_unref(mf);
    return yes;
}

vo_err vo_svc_import_path(const char *path, char **tmp, struct vo_error *e)
{
    *tmp = NULL;
    if (g_file_test(path, G_FILE_TEST_IS_DIR))
        return VO_OK;
    if (!g_file_test(path, G_FILE_TEST_IS_REGULAR))
        return vo_error_set(e, VO_EIO, NULL, "%s: %s", path, g_strerror(ENOENT));
    GError *gerr = NULL;
    char *dir = g_dir_make_tmp("voronka-import-XXXXXX", &gerr);
    if (!dir) {
        vo_err rc = vo_error_set(e, VO_EIO, NULL, "temporary directory: %s", gerr->message);
        g_error_free(gerr);
        return rc;
    }
    vo_err rc = VO_OK;
    if (is_archive(path)) {
        rc = unpack(path, dir, e);
    } else {
        char *abs = g_canonicalize_filename(path, NULL);
        char *base = g_path_get_basename(path);
        char *link = g_build_filename(dir, base, NULL);
        if (symlink(abs, link) != 0)
            rc = vo_error_set(e, VO_EIO, NULL, "%s: %s", link, g_strerror(errno));
        g_free(abs);
        g_free(base);
        g_free(link);
    }
    *tmp = dir;
    if (rc) {
        vo_svc_import_path_done(dir);
        *tmp = NULL;
    }
    return rc;
}

void vo_svc_import_path_done(char *tmp)
{
    if (!tmp)
        return;
    GDir *d = g_dir_open(tmp, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
        char *p = g_build_filename(tmp, name, NULL);
        g_unlink(p);
        g_free(p);
    }
    if (d)
        g_dir_close(d);
    g_rmdir(tmp);
    g_free(tmp);
}

bool vo_svc_import_is_workbook(const char *data, size_t len)
{
    return vo_table_kind_of(data, len) == VO_TABLE_XLSX;
}

bool vo_svc_import_table_name(const char *name)
{
    return vo_table_name(name);
}
