/*
 * err.c - result codes, their names, and their exit codes: the one table
 * that turns an internal failure into what a user or a script sees.
 *
 * The field and the message of a vo_error are always valid UTF-8, whatever
 * input they echo: bytes that are not UTF-8 become U+FFFD and a text that
 * does not fit is cut at a character boundary, so every consumer (the JSON
 * of an HTTP error, a terminal) can take them as they are.
 */
#include "base/err.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

static const struct {
    vo_err code;
    const char *name;
    int exit_code;
} err_table[] = {
    {VO_OK, "ok", VO_EXIT_OK},
    {VO_EINVAL, "invalid", VO_EXIT_INPUT},
    {VO_ENOTFOUND, "not_found", VO_EXIT_INPUT},
    {VO_EPERM, "forbidden", VO_EXIT_INPUT},
    {VO_ECONFLICT, "conflict", VO_EXIT_INPUT},
    {VO_ESTORE, "storage", VO_EXIT_STORE},
    {VO_ETOOBIG, "too_big", VO_EXIT_INPUT},
    {VO_ENOMEM, "no_memory", VO_EXIT_STORE},
    {VO_EIO, "io", VO_EXIT_INPUT},
    {VO_EVERSION, "version", VO_EXIT_STORE},
    {VO_EUSAGE, "usage", VO_EXIT_USAGE},
    {VO_EFULL, "storage_full", VO_EXIT_STORE},
    {VO_ESTALE, "version_conflict", VO_EXIT_INPUT},
};

/* Copies text into dst[size] as valid UTF-8: invalid bytes replaced, cut
 * at the last character boundary that fits. */
static void utf8_fit(char *dst, size_t size, const char *text)
{
    char *fixed = NULL;
    if (!g_utf8_validate(text, -1, NULL))
        text = fixed = g_utf8_make_valid(text, -1);
    size_t n = strlen(text);
    if (n >= size) {
        n = size - 1;
        /* text[n] is the first byte left out: a continuation byte means its
         * character began inside the kept part, so drop that start too. */
        while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
            n--;
    }
    memmove(dst, text, n); /* text may be dst itself */
    dst[n] = '\0';
    g_free(fixed);
}

vo_err vo_error_setv(struct vo_error *e, vo_err code, const char *field, const char *fmt,
                     va_list ap)
{
    if (!e)
        return code;
    /* Copy and format first: field or an argument may be e's own field or
     * msg (a message that wraps the previous one), and formatting a buffer
     * into itself is undefined. Then both are cut to fit as valid UTF-8. */
    char *f = g_strdup(field ? field : "");
    char *m = g_strdup_vprintf(fmt, ap);
    e->code = code;
    utf8_fit(e->field, sizeof e->field, f);
    utf8_fit(e->msg, sizeof e->msg, m);
    g_free(f);
    g_free(m);
    return code;
}

/* In parentheses: vo_error_set is also a macro (err.h). */
vo_err(vo_error_set)(struct vo_error *e, vo_err code, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vo_error_setv(e, code, field, fmt, ap);
    va_end(ap);
    return code;
}

void vo_error_clear(struct vo_error *e)
{
    if (e)
        memset(e, 0, sizeof *e);
}

const char *vo_err_name(vo_err code)
{
    for (size_t i = 0; i < sizeof err_table / sizeof err_table[0]; i++)
        if (err_table[i].code == code)
            return err_table[i].name;
    return "unknown";
}

int vo_err_exit_code(vo_err code)
{
    for (size_t i = 0; i < sizeof err_table / sizeof err_table[0]; i++)
        if (err_table[i].code == code)
            return err_table[i].exit_code;
    return VO_EXIT_STORE;
}
