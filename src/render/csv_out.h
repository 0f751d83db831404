/*
 * csv_out.h - the one CSV writer: every CSV voronka emits goes through it
 * (the reports' --format csv today; any export tomorrow).
 *
 * A cell is written by what it holds, and the caller says which:
 * - text (a name, a title, an email, an id, a keyword: anything a person
 *   may have typed) is guarded against spreadsheet formulas: a cell that
 *   begins with = + - @ TAB CR or LF gets a single quote ' in front, as
 *   OWASP ("CSV Injection") recommends, so Excel, LibreOffice and Google
 *   Sheets show it as text instead of evaluating it;
 * - numbers (counts, money in minor units, ratios) are never guarded: -5
 *   stays the number -5.
 * Quoting is RFC 4180's: a cell holding a comma, a double quote, CR or LF
 * is enclosed in double quotes with its quotes doubled (libcsv's
 * csv_fwrite); so is one holding a semicolon or a TAB, which a spreadsheet
 * set to another separator (the Russian Excel uses ';') would split. Rows
 * end in LF. An absent value is an empty cell.
 */
#ifndef VO_RENDER_CSV_OUT_H
#define VO_RENDER_CSV_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct vo_csv_out {
    FILE *f;
    size_t col; /* cells written on the current row */
};

/* True when a text cell s (may be NULL) begins with a character a
 * spreadsheet reads as the start of a formula, so a writer must guard it:
 * the one rule, shared by the XLSX writer (render/sheet.c). */
bool vo_csv_needs_guard(const char *s);
/* Starts writing rows to f (borrowed). */
void vo_csv_out_init(struct vo_csv_out *w, FILE *f);
/* A text cell, guarded and quoted as above; NULL is an empty cell. */
void vo_csv_text(struct vo_csv_out *w, const char *s);
/* A whole number; VO_NULL (INT64_MIN) is an empty cell. */
void vo_csv_int(struct vo_csv_out *w, int64_t v);
/* A real number: NaN or an infinity is an empty cell; a whole value below
 * 9e15 prints as an integer, any other with `digits` significant digits
 * (printf's %.*g). */
void vo_csv_real(struct vo_csv_out *w, double v, int digits);
/* The fixed-point number v / 10^decimals with exactly `decimals` digits
 * after a point ("16.7" from 167, 1; "-0.05" from -5, 2); at most 18
 * decimals.
 * VO_NULL is an empty cell. */
void vo_csv_fixed(struct vo_csv_out *w, int64_t v, unsigned decimals);
/* An empty cell. */
void vo_csv_empty(struct vo_csv_out *w);
/* Ends the current row. */
void vo_csv_end_row(struct vo_csv_out *w);
/* A whole row of text cells: names is NULL-terminated (a header). */
void vo_csv_header(struct vo_csv_out *w, const char *const *names);

#endif
