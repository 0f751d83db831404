/*
 * xlsx.h - spreadsheet files into the same arena tables the CSV reader
 * makes (csv.h), so that every preset and mapping reads them unchanged:
 *
 * - an Office Open XML workbook (.xlsx): a zip (libzip) of XML parts
 *   (libxml2); the first sheet, or the one named like the file, streamed
 *   with xmlTextReader;
 * - Bitrix24's ".xls" export, which is an HTML page with one <table>
 *   (libxml2's HTML parser): the first row is the header.
 *
 * A binary Excel 97-2003 workbook is refused with a message to save it as
 * .xlsx or CSV. vo_table_read tells the kind by the bytes, not the name.
 *
 * In a table read from a workbook, a cell with a date format holds the
 * import format's text ("2024-03-05" or "2024-03-05 14:00:00"), whatever
 * the date format of the mapping: dates_iso is set, and the mapping takes
 * such a value as it is.
 */
#ifndef VO_IO_XLSX_H
#define VO_IO_XLSX_H

#include <stdbool.h>
#include <stddef.h>

#include "io/csv.h"

/* The most bytes one part of a workbook (its sheet, its shared strings)
 * may unpack to: a zip bomb is refused before it is inflated. */
#define VO_XLSX_MAX_PART ((size_t)1 << 30)
/* The most rows a sheet may have (Excel's own limit). */
#define VO_XLSX_MAX_ROWS 1048576

enum vo_table_kind { VO_TABLE_CSV, VO_TABLE_XLSX, VO_TABLE_HTML, VO_TABLE_BIFF, VO_TABLE_ZIP };

/* What the bytes are: a workbook (a zip holding [Content_Types].xml and
 * xl/workbook.xml), another zip, a binary .xls (OLE2), an HTML page, or
 * else CSV text. */
enum vo_table_kind vo_table_kind_of(const char *data, size_t len);

/* Whether a file of this name may be a table of an export (.csv, .xlsx,
 * .xls, any case). */
bool vo_table_name(const char *name);

/* Reads the .xlsx workbook of len bytes into *out (arena a); `name` is
 * the file in messages. header_only stops after the header row. A cell
 * right of the header's last column with a value is a note in problems.
 * VO_EINVAL naming the file (and the cell) when the workbook is damaged,
 * has no sheet or no header, a cell beyond column VO_CSV_MAX_COLS or row
 * VO_XLSX_MAX_ROWS; VO_ETOOBIG when a part unpacks to more than
 * VO_XLSX_MAX_PART; VO_ENOMEM over the arena's cap. */
vo_err vo_xlsx_parse(const char *data, size_t len, const char *name, bool header_only,
                     struct vo_arena *a, struct vo_csv **out, struct vo_csv_notes *problems,
                     struct vo_error *e);

/* Reads an HTML page's first <table> (Bitrix24's .xls export) into *out:
 * the first row is the header, <th> or <td>; a row's line is its place in
 * the table (the header is 1). UTF-8, else windows-1251. As vo_xlsx_parse. */
vo_err vo_xls_html_parse(const char *data, size_t len, const char *name, bool header_only,
                         struct vo_arena *a, struct vo_csv **out, struct vo_csv_notes *problems,
                         struct vo_error *e);

/* Reads the file at path, whichever of CSV (with o), .xlsx and HTML .xls
 * its bytes are, into *out as vo_csv_read does. header_only: the header
 * and no rows (for telling an export by its headers). VO_EINVAL for a
 * binary .xls or a zip that is not a workbook; VO_EIO when the file
 * cannot be read. */
vo_err vo_table_read(const char *path, const char *name, const struct vo_csv_opts *o,
                     bool header_only, struct vo_arena *a, struct vo_csv **out,
                     struct vo_csv_notes *problems, struct vo_error *e);

#endif
