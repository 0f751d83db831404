/*
 * err.h - the one result code of voronka and the detail that travels with it.
 *
 * Every function that can fail returns a vo_err; the human detail (which
 * field, which row, what is wrong) goes into a struct vo_error the caller
 * passes in, so the message that reaches the user names the bad input.
 * One table maps a vo_err to a process exit code (and, later, an HTTP status).
 */
#ifndef VO_BASE_ERR_H
#define VO_BASE_ERR_H

#include <stdarg.h>

enum vo_err {
    VO_OK = 0,
    VO_EINVAL,    /* bad input: a field, a row, an argument */
    VO_ENOTFOUND, /* the object does not exist (or is not yours) */
    VO_EPERM,     /* the caller may not do this */
    VO_ECONFLICT, /* it would break a uniqueness or state rule */
    VO_ESTORE,    /* the database failed */
    VO_ETOOBIG,   /* input over a size cap */
    VO_ENOMEM,    /* out of memory or over an arena cap */
    VO_EIO,       /* a file could not be read or written */
    VO_EVERSION,  /* a database newer than this binary */
    VO_EUSAGE,    /* a command line that makes no sense */
    VO_EFULL,     /* the disk of the database is full: nothing was written */
    VO_ESTALE,    /* the object changed since the version the caller read */
    VO_EREMOTE,   /* another server we talk to (the org's mail server) refused or
                     did not answer: the far side said no (HTTP 422) */
};
typedef enum vo_err vo_err;

/* Process exit codes, documented in docs/cli.md. */
enum vo_exit {
    VO_EXIT_OK = 0,
    VO_EXIT_USAGE = 1,
    VO_EXIT_INPUT = 2,
    VO_EXIT_STORE = 3,
    VO_EXIT_PARTIAL = 4, /* `import --skip-invalid`: rows rejected, the others imported */
};

struct vo_error {
    vo_err code;
    char field[64]; /* the bad field or column, "" when none */
    char msg[512];  /* a sentence for a person, in English */
    /* The message's stable id and its Russian text, from the catalogue
     * (base/messages.h) by the format given; NULL and "" for a format not in
     * it (tests/cli/messages.py keeps every format of src/ in it). id is
     * static. Cyrillic is two bytes a letter: msg_ru is twice msg. */
    const char *id;
    char msg_ru[1024];
};

/* Records code, field (may be NULL) and a printf-style message into e
 * (which may be NULL) and returns code; the message is formatted twice from
 * the same arguments, in English and by the catalogue's Russian format of
 * fmt (with its id: fmt must be a format of the catalogue, base/messages.c).
 * Field and messages are stored as
 * valid UTF-8 (bytes that are not UTF-8 replaced by U+FFFD, cut at a
 * character boundary when too long; field and the arguments may point into
 * e itself, to wrap the previous message), so a failing path can say
 * `return vo_error_set(e, VO_EINVAL, "amount", "not a number: %s", s);`. */
vo_err vo_error_set(struct vo_error *e, vo_err code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The call sites see that vo_error_set returns its code: without it the
 * static analyzer (scripts/scan-build, docs/internals/testing.md), which looks
 * into one file at a time, assumes a `return vo_error_set(...)` may return
 * VO_OK and follows impossible paths past it. code is evaluated twice: pass a
 * plain value (a VO_E... constant or a variable). */
static inline vo_err vo_error_same_(vo_err set, vo_err code)
{
    (void)set;
    return code;
}
#define vo_error_set(e, code, ...) vo_error_same_(vo_error_set((e), (code), __VA_ARGS__), (code))
vo_err vo_error_setv(struct vo_error *e, vo_err code, const char *field, const char *fmt,
                     va_list ap) __attribute__((format(printf, 4, 0)));
void vo_error_clear(struct vo_error *e);
/* Marks a literal message that reaches vo_error_set through "%s" (a table
 * of refusals, a parameter): the catalogue holds it as a format without
 * conversions, and tests/cli/messages.py checks that it does. */
#define VO_MSG(text) (text)
/* Copies from's messages (English, Russian, id) into e (may be NULL) with
 * code and no field, and returns code: passes on the failure of a call
 * made with a vo_error of its own. from may be e. */
vo_err vo_error_pass(struct vo_error *e, vo_err code, const struct vo_error *from);

/* The catalogue's Russian text of fmt formatted with ap (base/messages.c;
 * "%#s" names an English word in Russian) in a new string for g_free, and
 * *id the message's id; NULL and *id NULL for a format outside the
 * catalogue. ap is used up as by vprintf. */
char *vo_message_vprintf_ru(const char *fmt, va_list ap, const char **id);

/* A short stable name of a code ("invalid", "not_found", ...). */
const char *vo_err_name(vo_err code);
/* The process exit code for a result code (one table, err.c). */
int vo_err_exit_code(vo_err code);

#endif
