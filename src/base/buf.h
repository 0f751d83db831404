/*
 * buf.h - a growable byte buffer on the heap, always NUL-terminated, with
 * a size cap. For output whose size is not known in advance (a report, a
 * CSV line); the owner calls vo_buf_cleanup().
 */
#ifndef VO_BASE_BUF_H
#define VO_BASE_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "base/err.h"

struct vo_buf {
    char *data; /* NUL-terminated; NULL until the first append */
    size_t len;
    size_t alloc;
    size_t cap; /* 0 = no cap */
};

void vo_buf_init(struct vo_buf *b, size_t cap);
void vo_buf_cleanup(struct vo_buf *b);
void vo_buf_reset(struct vo_buf *b);
/* Appends; VO_ETOOBIG over the cap, VO_ENOMEM when malloc fails. */
vo_err vo_buf_append(struct vo_buf *b, const void *p, size_t n);
vo_err vo_buf_puts(struct vo_buf *b, const char *s);
vo_err vo_buf_putc(struct vo_buf *b, char c);
vo_err vo_buf_printf(struct vo_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The length of the text fmt and ap make (without the NUL), negative for
 * a bad format: vsnprintf on a copy of ap, so ap is left to the caller. */
int vo_vprintf_len(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
/* The contents, "" when empty; borrowed, valid until the next append. */
const char *vo_buf_str(const struct vo_buf *b);

#endif
