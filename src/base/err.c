/*
 * err.c - result codes, their names, and their exit codes: the one table
 * that turns an internal failure into what a user or a script sees.
 *
 * The field and the message of a vo_error are always valid UTF-8, whatever
 * input they echo: bytes that are not UTF-8 become U+FFFD and a text that
 * does not fit is cut at a character boundary, so every consumer (the JSON
 * of an HTTP error, a terminal) can take them as they are.
 *
 * The Russian text is the catalogue's Russian format (base/messages.c) with
 * the same arguments. The format "%s" passes a text on whole: a text of the
 * catalogue (marked VO_MSG where it is written) brings its own Russian
 * text, e's own message keeps its Russian text, any other has none. A
 * message that wraps e's previous one (an argument that is e->msg) gets the
 * previous Russian text in its Russian text.
 */
#include "base/err.h"
#include "base/messages.h"

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
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
    {VO_EREMOTE, "remote_refused", VO_EXIT_INPUT},
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

/* The Russian of the English words a message takes as an argument where
 * its Russian format says "%#s" (an object's kind, a deal's status): the
 * nominative of GLOSSARY.md's word. Another argument of a "%#s" is printed
 * as it is. */
static const struct {
    const char *en, *ru;
} words[] = {
    {"activity", "активность"},
    {"agenda item", "пункт повестки"},
    {"candidate", "кандидат"},
    {"client", "клиент"},
    {"contact", "контактное лицо"},
    {"criterion", "критерий"},
    {"custom field", "дополнительное поле"},
    {"decision", "решение"},
    {"deal", "сделка"},
    {"holiday", "праздник"},
    {"loss reason", "причина отказа"},
    {"meeting", "планёрка"},
    {"lost", "проиграна"},
    {"note", "заметка"},
    {"notification", "уведомление"},
    {"open", "в работе"},
    {"org", "организация"},
    {"participant", "участник"},
    {"payment", "поступление"},
    {"pipeline", "воронка"},
    {"plan", "план"},
    {"product", "товар"},
    {"promise", "обещание"},
    {"saved filter", "сохранённый фильтр"},
    {"stage", "этап"},
    {"stage change", "переход на этап"},
    {"task", "задача"},
    {"team", "команда"},
    {"training", "обучение"},
    {"user", "пользователь"},
    {"vacancy", "вакансия"},
    {"won", "выиграна"},
};

static const char *word_ru(const char *w)
{
    for (size_t i = 0; w && i < sizeof words / sizeof words[0]; i++)
        if (strcmp(w, words[i].en) == 0)
            return words[i].ru;
    return w;
}

/* Appends one conversion spec (a NUL-terminated "%...c" of at most 31
 * bytes) with its value of type T from ap, after stars ints of width and
 * precision read before it. */
#define EMIT(T)                                                                                    \
    do {                                                                                           \
        T v_ = va_arg(*ap, T);                                                                     \
        if (c->stars == 0)                                                                         \
            g_string_append_printf(out, c->spec, v_);                                              \
        else if (c->stars == 1)                                                                    \
            g_string_append_printf(out, c->spec, c->star[0], v_);                                  \
        else                                                                                       \
            g_string_append_printf(out, c->spec, c->star[0], c->star[1], v_);                      \
    } while (0)

/* EMIT of an integer: the signed type for d and i (sign), else the unsigned. */
#define EMIT_INT(SIGNED, UNSIGNED)                                                                 \
    do {                                                                                           \
        if (c->sign)                                                                               \
            EMIT(SIGNED);                                                                          \
        else                                                                                       \
            EMIT(UNSIGNED);                                                                        \
    } while (0)

/* One conversion of a format: its spec as printf takes it (without the
 * '#' of "%#s"), its length modifier and letter, the stars' values. */
struct conv {
    char spec[32];
    char len[3];
    char conv;
    bool alt, sign;
    int stars, star[2];
};

/* Appends conversion c with its value from *ap. */
static void emit(GString *out, struct conv *c, va_list *ap)
{
    const char *len = c->len;
    bool ll = strcmp(len, "ll") == 0, l = strcmp(len, "l") == 0, z = strcmp(len, "z") == 0;
    bool j = strcmp(len, "j") == 0, t = strcmp(len, "t") == 0;
    switch (c->conv) {
    case '%':
        g_string_append_c(out, '%');
        break;
    case 'd':
    case 'i':
    case 'o':
    case 'u':
    case 'x':
    case 'X':
        c->sign = c->conv == 'd' || c->conv == 'i';
        if (ll)
            EMIT_INT(long long, unsigned long long);
        else if (l)
            EMIT_INT(long, unsigned long);
        else if (z)
            EMIT_INT(gssize, size_t);
        else if (j)
            EMIT_INT(intmax_t, uintmax_t);
        else if (t)
            EMIT_INT(ptrdiff_t, ptrdiff_t);
        else
            EMIT_INT(int, unsigned);
        break;
    case 'c':
        EMIT(int);
        break;
    case 'p':
        EMIT(void *);
        break;
    case 's':
        if (c->alt) {
            /* "%#s" is not printf's: the word's Russian, as "%s" */
            char *w = strchr(c->spec, '#');
            memmove(w, w + 1, strlen(w));
            const char *v = va_arg(*ap, const char *);
            const char *ru = word_ru(v);
            if (c->stars == 0)
                g_string_append_printf(out, c->spec, ru);
            else if (c->stars == 1)
                g_string_append_printf(out, c->spec, c->star[0], ru);
            else
                g_string_append_printf(out, c->spec, c->star[0], c->star[1], ru);
        } else {
            EMIT(const char *);
        }
        break;
    default: /* e E f F g G a A */
        if (strcmp(len, "L") == 0)
            EMIT(long double);
        else
            EMIT(double);
        break;
    }
}

/* Reads the conversion at pct (its '%') into *c, the stars' values from
 * *ap; returns where its letter stands (c->conv 0 when that is no
 * conversion's letter: the caller copies the spec up to it as text). */
static const char *parse(const char *pct, struct conv *c, va_list *ap)
{
    const char *q = pct + 1;
    size_t n = 0;
    memset(c, 0, sizeof *c);
    c->spec[n++] = '%';
    for (; *q && strchr("-+ #0", *q); q++) {
        c->alt |= *q == '#';
        if (n < 8)
            c->spec[n++] = *q;
    }
    for (int part = 0; part < 2; part++) {
        if (part == 1) {
            if (*q != '.')
                break;
            c->spec[n++] = *q++;
        }
        if (*q == '*') {
            c->star[c->stars++] = va_arg(*ap, int);
            c->spec[n++] = *q++;
        } else {
            for (; g_ascii_isdigit(*q); q++)
                if (n < 20)
                    c->spec[n++] = *q;
        }
    }
    size_t ln = strspn(q, "hljztL");
    if (ln > 2)
        ln = 2;
    memcpy(c->len, q, ln);
    c->len[ln] = '\0';
    memcpy(c->spec + n, q, ln);
    n += ln;
    q += ln;
    c->conv = *q && strchr("diouxXcspeEfFgGaA%", *q) ? *q : 0;
    c->spec[n++] = c->conv;
    c->spec[n] = '\0';
    return q;
}

/* fmt formatted with ap as printf does, but for "%#s", which prints the
 * Russian of its argument when it is one of words[] (and as "%s" when it is
 * not). The conversions: the flags -+ #0, a width and a precision in digits
 * or *, the lengths hh h l ll z j t L, and d i o u x X c s p e E f F g G a A %;
 * any other spec is copied as text. */
static char *format_ru(const char *fmt, va_list ap)
{
    GString *out = g_string_new(NULL);
    va_list aq; /* a va_list of our own, to pass by pointer */
    va_copy(aq, ap);
    for (const char *p = fmt; *p;) {
        const char *pct = strchr(p, '%');
        if (!pct) {
            g_string_append(out, p);
            break;
        }
        g_string_append_len(out, p, pct - p);
        struct conv c;
        const char *q = parse(pct, &c, &aq);
        if (!c.conv) {
            g_string_append_len(out, pct, q - pct); /* not a conversion: as text */
            p = q;
            continue;
        }
        emit(out, &c, &aq);
        p = q + 1;
    }
    va_end(aq);
    return g_string_free(out, FALSE);
}

char *vo_message_vprintf_ru(const char *fmt, va_list ap, const char **id)
{
    const struct vo_message *cat = vo_message_find(fmt);
    *id = cat ? cat->id : NULL;
    return cat ? format_ru(cat->ru, ap) : NULL;
}

/* text with the first occurrence of old (not "") replaced by by, in a new
 * string; NULL when old is not in it. */
static char *replace_once(const char *text, const char *old, const char *by)
{
    const char *at = old[0] ? strstr(text, old) : NULL;
    if (!at)
        return NULL;
    return g_strdup_printf("%.*s%s%s", (int)(at - text), text, by, at + strlen(old));
}

vo_err vo_error_setv(struct vo_error *e, vo_err code, const char *field, const char *fmt,
                     va_list ap)
{
    if (!e)
        return code;
    /* Copy and format first: field or an argument may be e's own field or
     * msg (a message that wraps the previous one), and formatting a buffer
     * into itself is undefined. Then all are cut to fit as valid UTF-8. */
    const struct vo_message *cat = vo_message_find(fmt);
    const char *keep_id = NULL;
    char *f = g_strdup(field ? field : "");
    char *old = g_strdup(e->msg);
    char *old_ru = g_strdup(e->msg_ru);
    va_list ru_ap;
    va_copy(ru_ap, ap);
    char *ru = NULL;
    if (strcmp(fmt, "%s") == 0) {
        /* A text passed on whole: a catalogued text (VO_MSG), or e's own. */
        const char *text = va_arg(ru_ap, const char *);
        if (text == e->msg) {
            keep_id = e->id;
            ru = g_strdup(old_ru);
        } else if ((cat = vo_message_find(text)) && !strchr(cat->en, '%')) {
            ru = g_strdup(cat->ru);
        } else {
            cat = NULL;
        }
    } else if (cat) {
        ru = vo_message_vprintf_ru(fmt, ru_ap, &keep_id);
    }
    va_end(ru_ap);
    char *m = g_strdup_vprintf(fmt, ap);
    if (ru && old_ru[0] && strstr(m, old)) {
        char *wrapped = replace_once(ru, old, old_ru);
        if (wrapped) {
            g_free(ru);
            ru = wrapped;
        }
    }
    e->code = code;
    e->id = cat ? cat->id : keep_id;
    utf8_fit(e->field, sizeof e->field, f);
    utf8_fit(e->msg, sizeof e->msg, m);
    utf8_fit(e->msg_ru, sizeof e->msg_ru, ru ? ru : "");
    g_free(f);
    g_free(old);
    g_free(old_ru);
    g_free(m);
    g_free(ru);
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

vo_err vo_error_pass(struct vo_error *e, vo_err code, const struct vo_error *from)
{
    if (!e)
        return code;
    if (e != from)
        *e = *from;
    e->code = code;
    e->field[0] = '\0';
    return code;
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
