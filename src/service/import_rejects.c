/*
 * import_rejects.c - the rejects file of a partial import (docs/import.md,
 * "Partial imports"): the rejected rows of one input file in its own
 * columns, then _file, _line, _field, _code, _error; in the input file's
 * encoding (UTF-8 with a BOM, so a spreadsheet reads the Cyrillic, or
 * cp1251 as it came) and its delimiter. The
 * importer ignores the five extra columns: a fixed file imports as it is.
 */
#include <glib.h>
#include <string.h>

#include "service/import.h"

static void cell(GString *out, const char *v, char delim)
{
    if (!v)
        return;
    bool quote = strchr(v, delim) || strchr(v, '"') || strchr(v, '\n') || strchr(v, '\r') ||
                 v[0] == ' ' || (v[0] && v[strlen(v) - 1] == ' ');
    if (!quote) {
        g_string_append(out, v);
        return;
    }
    g_string_append_c(out, '"');
    for (const char *p = v; *p; p++) {
        if (*p == '"')
            g_string_append_c(out, '"');
        g_string_append_c(out, *p);
    }
    g_string_append_c(out, '"');
}

char *vo_import_rejects_csv(const struct vo_import_reject_file *rf, bool ru, size_t *len)
{
    bool cp1251 = rf->t->encoding && strcmp(rf->t->encoding, "cp1251") == 0;
    GString *out = g_string_new(cp1251 ? "" : "\xEF\xBB\xBF");
    const struct vo_csv *t = rf->t;
    char d = t->delim == ';' ? ';' : ',';
    size_t ncols = 0;
    for (size_t c = 0; c < t->ncols; c++) {
        if (vo_csv_reject_col(t->cols[c]))
            continue; /* a rejects file imported again: its own are replaced */
        if (ncols++)
            g_string_append_c(out, d);
        cell(out, t->cols[c], d);
    }
    for (size_t c = 0; c < 5; c++) {
        if (ncols++)
            g_string_append_c(out, d);
        g_string_append(out, vo_csv_reject_cols[c]);
    }
    g_string_append(out, "\r\n");
    for (size_t i = 0; i < rf->n; i++) {
        const struct vo_import_reject *j = rf->rows[i];
        size_t n = 0;
        for (size_t c = 0; c < j->t->ncols; c++) {
            if (vo_csv_reject_col(j->t->cols[c]))
                continue;
            if (n++)
                g_string_append_c(out, d);
            cell(out, j->r->f[c], d);
        }
        char line[32];
        g_snprintf(line, sizeof line, "%lld", (long long)j->line);
        const char *extra[5] = {j->file, line, j->field, j->code, ru ? j->msg_ru : j->msg};
        for (size_t c = 0; c < 5; c++) {
            if (n++)
                g_string_append_c(out, d);
            cell(out, extra[c], d);
        }
        g_string_append(out, "\r\n");
    }
    if (cp1251) {
        gsize n = 0;
        char *conv = g_convert_with_fallback(out->str, (gssize)out->len, "CP1251", "UTF-8", "?",
                                             NULL, &n, NULL);
        if (conv) {
            g_string_free(out, TRUE);
            *len = n;
            return conv;
        }
    }
    *len = out->len;
    return g_string_free(out, FALSE);
}
