/*
 * csv_out.c - the CSV writer of csv_out.h. The guard is decided on the
 * cell's first byte only: the characters a spreadsheet reads as the start
 * of a formula are ASCII, so a UTF-8 cell cannot hide one behind a
 * multi-byte sequence. Quoting is left to libcsv (csv_fwrite doubles the
 * quotes and encloses the cell).
 */
#include "render/csv_out.h"

#include <csv.h>
#include <glib.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "model/model.h"

/* What a spreadsheet evaluates when a cell starts with it. */
static const char formula_start[] = "=+-@\t\r\n";
/* What makes a cell need quotes: RFC 4180's comma, quote, CR, LF, and the
 * other separators a spreadsheet may be set to. */
static const char needs_quotes[] = ",\"\r\n;\t";

bool vo_csv_needs_guard(const char *s)
{
    return s && *s && strchr(formula_start, s[0]) != NULL;
}

void vo_csv_out_init(struct vo_csv_out *w, FILE *f)
{
    w->f = f;
    w->col = 0;
}

/* Starts a cell: the separator unless it is the row's first. */
static void cell(struct vo_csv_out *w)
{
    if (w->col++)
        fputc(',', w->f);
}

void vo_csv_text(struct vo_csv_out *w, const char *s)
{
    cell(w);
    if (!s || !*s)
        return;
    bool guard = vo_csv_needs_guard(s);
    if (!strpbrk(s, needs_quotes)) {
        if (guard)
            fputc('\'', w->f);
        fputs(s, w->f);
        return;
    }
    if (!guard) {
        csv_fwrite(w->f, s, strlen(s));
        return;
    }
    char *guarded = g_strconcat("'", s, NULL);
    csv_fwrite(w->f, guarded, strlen(guarded));
    g_free(guarded);
}

void vo_csv_int(struct vo_csv_out *w, int64_t v)
{
    cell(w);
    if (v != VO_NULL)
        fprintf(w->f, "%lld", (long long)v);
}

void vo_csv_real(struct vo_csv_out *w, double v, int digits)
{
    cell(w);
    if (!isfinite(v))
        return;
    if (v == floor(v) && fabs(v) < 9e15)
        fprintf(w->f, "%lld", (long long)v);
    else
        fprintf(w->f, "%.*g", digits, v);
}

void vo_csv_fixed(struct vo_csv_out *w, int64_t v, unsigned decimals)
{
    cell(w);
    if (v == VO_NULL)
        return;
    if (decimals == 0) {
        fprintf(w->f, "%lld", (long long)v);
        return;
    }
    if (decimals > 18)
        decimals = 18; /* 10^18 is the largest power of ten in 64 bits */
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    uint64_t scale = 1;
    for (unsigned i = 0; i < decimals; i++)
        scale *= 10;
    fprintf(w->f, "%s%llu.%0*llu", v < 0 ? "-" : "", (unsigned long long)(mag / scale),
            (int)decimals, (unsigned long long)(mag % scale));
}

void vo_csv_empty(struct vo_csv_out *w)
{
    cell(w);
}

void vo_csv_end_row(struct vo_csv_out *w)
{
    fputc('\n', w->f);
    w->col = 0;
}

void vo_csv_header(struct vo_csv_out *w, const char *const *names)
{
    for (; *names; names++)
        vo_csv_text(w, *names);
    vo_csv_end_row(w);
}
