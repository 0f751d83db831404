/*
 * import_path.h - what `voronka import PATH` is given, made a directory for
 * the importer: a directory as it is; one file (a CSV, an .xlsx workbook,
 * a Bitrix24 .xls) linked into a new temporary directory; a .zip of such
 * files (not a workbook, which is a zip too) unpacked into one.
 */
#ifndef VO_SERVICE_IMPORT_PATH_H
#define VO_SERVICE_IMPORT_PATH_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

/* The most bytes a .zip given to the command line may unpack to. */
#define VO_IMPORT_UNPACK_MAX ((size_t)1 << 30)

/* *tmp = NULL when path is a directory; else the new temporary directory
 * holding the file or the archive's .csv / .xlsx / .xls files (g_free'd
 * and removed by vo_svc_import_path_done). VO_EINVAL when the archive
 * cannot be read or has two files of one name, VO_ETOOBIG when it unpacks
 * to more than VO_IMPORT_UNPACK_MAX, VO_EIO when the files cannot be
 * written or path does not exist. */
vo_err vo_svc_import_path(const char *path, char **tmp, struct vo_error *e);

/* Removes the temporary directory of vo_svc_import_path and frees tmp;
 * NULL does nothing. */
void vo_svc_import_path_done(char *tmp);

/* Whether len bytes are an .xlsx workbook (a zip holding its parts), not
 * an archive of files: for the API, which unpacks archives. */
bool vo_svc_import_is_workbook(const char *data, size_t len);

/* Whether a file of this name may be a table of an export (.csv, .xlsx,
 * .xls). */
bool vo_svc_import_table_name(const char *name);

#endif
