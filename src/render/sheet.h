/*
 * sheet.h - a typed table ("sheet") that every list and report exports
 * through: the same columns and rows go out as CSV or as XLSX
 * (docs/export.md is the integrator's description).
 *
 * A sheet is built in the caller's arena: columns first (each a stable key,
 * the JSON key of the list or report, a Russian and an English header, and
 * a type), then rows of typed cells, any of which may be absent. Building
 * never needs a check per call: the first mistake (a text over the bound,
 * a row over the bound, a cell of the wrong type, the arena refusing) is
 * kept in the sheet, every later call does nothing, and vo_sheet_status and
 * both writers return it.
 *
 * Cell types and what they hold:
 * - TEXT: UTF-8 text, copied (bytes that are not UTF-8 become U+FFFD);
 *   anything a person typed, so both writers guard it against formulas;
 * - INT: a whole number (VO_NULL, INT64_MIN, is absent);
 * - MONEY: int64 minor units of the sheet's currency, shown with the
 *   currency's number of decimal digits (money_digits: 2 for RUB, 0 for
 *   JPY; VO_NULL is absent);
 * - RATIO: a fraction (0.125 is 12.5 %; NaN or an infinity is absent);
 * - NUMBER: any other real figure (days, minutes; NaN or an infinity is
 *   absent);
 * - DATE: a local calendar date;
 * - DATETIME: a UTC instant, shown as the wall-clock time of the sheet's
 *   time zone (GLib's GTimeZone does the conversion when the cell is set);
 * - BOOL: true or false.
 *
 * Bounds (all refused with VO_ETOOBIG, never cut silently):
 * VO_SHEET_COLS_MAX columns, VO_SHEET_ROWS_MAX rows under the header
 * (XLSX holds 1,048,576 rows, one of them the header), VO_SHEET_TEXT_MAX
 * characters per text cell (XLSX holds 32,767; one is kept for the formula
 * guard's quote).
 */
#ifndef VO_RENDER_SHEET_H
#define VO_RENDER_SHEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <glib.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/timeutil.h"

#define VO_SHEET_COLS_MAX         256
#define VO_SHEET_ROWS_MAX         1048575
#define VO_SHEET_TEXT_MAX         32766
#define VO_SHEET_MONEY_DIGITS_MAX 6
/* Sheets of more rows are written to XLSX in libxlsxwriter's
 * constant_memory mode (rows streamed to a temporary file, texts inline
 * instead of in the shared string table); smaller ones keep shared
 * strings. */
#define VO_SHEET_XLSX_STREAM_ROWS 20000

/* Stable codes of the sheet's errors (vo_sheet_code); the Russian sentence
 * is in the struct vo_error's msg, the column key in its field. */
#define VO_SHEET_E_COLUMNS "sheet_columns" /* no column, too many, a bad one */
#define VO_SHEET_E_ROWS    "sheet_too_many_rows"
#define VO_SHEET_E_TEXT    "sheet_text_too_long"
#define VO_SHEET_E_TYPE    "sheet_cell_type" /* a setter of another type */
#define VO_SHEET_E_TIME    "sheet_time_range"
#define VO_SHEET_E_MEMORY  "sheet_memory"
#define VO_SHEET_E_WRITE   "sheet_write"

enum vo_sheet_type {
    VO_SHEET_TEXT,
    VO_SHEET_INT,
    VO_SHEET_MONEY,
    VO_SHEET_RATIO,
    VO_SHEET_DATE,
    VO_SHEET_DATETIME,
    VO_SHEET_BOOL,
    VO_SHEET_NUMBER,
};

/* The language of the header row (and of the XLSX date formats). */
enum vo_sheet_lang { VO_SHEET_EN, VO_SHEET_RU };

struct vo_sheet_col {
    const char *key; /* the JSON key: [a-z0-9_]+ */
    const char *ru;  /* the header with lang=ru */
    const char *en;  /* the header otherwise */
    enum vo_sheet_type type;
};

struct vo_sheet_spec {
    const struct vo_sheet_col *cols; /* borrowed for the sheet's life */
    size_t ncols;
    unsigned money_digits; /* 0..VO_SHEET_MONEY_DIGITS_MAX */
    GTimeZone *tz;         /* borrowed; needed when a column is DATETIME */
    /* The XLSX worksheet's name per language: at most 31 characters, none
     * of []:*?/\ ; NULL gives "Выгрузка" / "Export". */
    const char *title_ru, *title_en;
};

/* One cell; which member holds the value is the column's type. */
struct vo_sheet_cell {
    bool set;
    union {
        const char *s; /* TEXT, in the arena */
        int64_t i;     /* INT, MONEY; DATE as days from 1970-01-01;
                        * DATETIME as local wall-clock seconds from
                        * 1970-01-01 00:00 */
        double r;      /* RATIO, NUMBER */
        bool b;        /* BOOL */
    } v;
};

struct vo_sheet {
    struct vo_arena *arena;
    struct vo_sheet_spec spec;
    struct vo_sheet_cell **rows; /* nrows rows of ncols cells each */
    size_t nrows, cap_rows;
    size_t stream_rows; /* VO_SHEET_XLSX_STREAM_ROWS; tests lower it */
    vo_err failed;      /* the first mistake, VO_OK while none */
    const char *code;   /* its VO_SHEET_E_... */
    struct vo_error err;
};

/* Starts a sheet in arena a (borrowed; cells and copied texts live there).
 * Checks the columns (1..VO_SHEET_COLS_MAX, each with a key and both
 * headers, a time zone for a DATETIME column, the money digits, the
 * titles): VO_EINVAL with code VO_SHEET_E_COLUMNS otherwise, also kept in
 * the sheet. */
vo_err vo_sheet_init(struct vo_sheet *s, struct vo_arena *a, const struct vo_sheet_spec *spec,
                     struct vo_error *e);

/* Appends a row of absent cells; the setters below fill the last row
 * appended. Over VO_SHEET_ROWS_MAX rows the sheet fails (VO_ETOOBIG). */
void vo_sheet_row(struct vo_sheet *s);
/* Set cell `col` of the last row. A setter of the wrong type for the
 * column, or a call before the first row, fails the sheet (VO_EINVAL,
 * VO_SHEET_E_TYPE). text NULL leaves the cell absent; a text over
 * VO_SHEET_TEXT_MAX characters fails it (VO_ETOOBIG, VO_SHEET_E_TEXT,
 * naming the column and the row). An instant GLib cannot place in the
 * time zone fails it (VO_EINVAL, VO_SHEET_E_TIME). */
void vo_sheet_text(struct vo_sheet *s, size_t col, const char *text);
void vo_sheet_int(struct vo_sheet *s, size_t col, int64_t v);
void vo_sheet_money(struct vo_sheet *s, size_t col, int64_t minor);
void vo_sheet_ratio(struct vo_sheet *s, size_t col, double v);
void vo_sheet_date(struct vo_sheet *s, size_t col, struct vo_date d);
void vo_sheet_datetime(struct vo_sheet *s, size_t col, int64_t utc);
void vo_sheet_bool(struct vo_sheet *s, size_t col, bool v);
void vo_sheet_number(struct vo_sheet *s, size_t col, double v);

/* VO_OK, or the sheet's first mistake copied into e (may be NULL). */
vo_err vo_sheet_status(const struct vo_sheet *s, struct vo_error *e);
/* The stable code of the first mistake (VO_SHEET_E_...), NULL when none. */
const char *vo_sheet_code(const struct vo_sheet *s);

/* "ru" is Russian; anything else, NULL included, English. */
enum vo_sheet_lang vo_sheet_lang_parse(const char *lang);

/* Writes the sheet as CSV to f (borrowed): a header row in lang, then the
 * rows through csv_out.h (texts guarded against formulas; money as
 * fixed-point with the currency's digits; ratios as the fraction; dates
 * YYYY-MM-DD; datetimes YYYY-MM-DD HH:MM in the sheet's zone; booleans
 * true / false; an absent cell empty). VO_EIO (VO_SHEET_E_WRITE) when f
 * reports an error; the sheet's own mistake otherwise. */
vo_err vo_sheet_write_csv(const struct vo_sheet *s, enum vo_sheet_lang lang, FILE *f,
                          struct vo_error *e);

/* Writes the sheet as an XLSX workbook of one worksheet into a new file of
 * directory dir (NULL: g_get_tmp_dir()), which also holds libxlsxwriter's
 * own temporary files, then opens it for reading and removes its name:
 * *fd is a descriptor at offset 0 of a file no one else sees, *size its
 * length; the caller closes it (an HTTP response takes it over), and the
 * disk space goes with it. On any error nothing is left behind (no file,
 * no descriptor) and e says why (VO_EIO, VO_SHEET_E_WRITE; or the sheet's
 * own mistake). The Content-Type to send is VO_SHEET_XLSX_TYPE. */
/* The value of a Content-Disposition header for an export named name
 * (UTF-8, say "Сделки" or "deals-2026-12") with extension ext ("csv",
 * "xlsx"), in arena a (NULL when it refuses): RFC 6266's attachment with
 * an ASCII filename (every byte outside A-Z a-z 0-9 . _ - becomes _) for
 * old clients and filename* (RFC 8187, UTF-8 percent-encoded) for the
 * rest: attachment; filename="_____.xlsx";
 * filename*=UTF-8''%D0%A1%D0%B4...xlsx */
char *vo_sheet_disposition(struct vo_arena *a, const char *name, const char *ext);

#define VO_SHEET_XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
vo_err vo_sheet_write_xlsx(const struct vo_sheet *s, enum vo_sheet_lang lang, const char *dir,
                           int *fd, size_t *size, struct vo_error *e);

#endif
