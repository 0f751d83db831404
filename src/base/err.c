/*
 * err.c - result codes, their names, and their exit codes: the one table
 * that turns an internal failure into what a user or a script sees.
 */
#include "base/err.h"

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
};

vo_err vo_error_setv(struct vo_error *e, vo_err code, const char *field, const char *fmt,
                     va_list ap)
{
    if (!e)
        return code;
    /* Format into copies first: field or an argument may be e's own field
     * or msg (a message that wraps the previous one), and formatting a
     * buffer into itself is undefined. */
    char f[sizeof e->field], m[sizeof e->msg];
    snprintf(f, sizeof f, "%s", field ? field : "");
    vsnprintf(m, sizeof m, fmt, ap);
    e->code = code;
    memcpy(e->field, f, sizeof f);
    memcpy(e->msg, m, sizeof m);
    return code;
}

vo_err vo_error_set(struct vo_error *e, vo_err code, const char *field, const char *fmt, ...)
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
