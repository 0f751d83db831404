/*
 * buf.c - growth by doubling, checked against the cap before malloc.
 */
#include "base/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void vo_buf_init(struct vo_buf *b, size_t cap)
{
    b->data = NULL;
    b->len = 0;
    b->alloc = 0;
    b->cap = cap;
}

void vo_buf_cleanup(struct vo_buf *b)
{
    free(b->data);
    vo_buf_init(b, b->cap);
}

void vo_buf_reset(struct vo_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

static vo_err grow(struct vo_buf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    if (need < extra)
        return VO_ETOOBIG;
    if (b->cap && need > b->cap + 1)
        return VO_ETOOBIG;
    if (need <= b->alloc)
        return VO_OK;
    size_t n = b->alloc ? b->alloc : 256;
    while (n < need)
        n *= 2;
    char *p = realloc(b->data, n);
    if (!p)
        return VO_ENOMEM;
    b->data = p;
    b->alloc = n;
    return VO_OK;
}

vo_err vo_buf_append(struct vo_buf *b, const void *p, size_t n)
{
    vo_err rc = grow(b, n);
    if (rc)
        return rc;
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return VO_OK;
}

vo_err vo_buf_puts(struct vo_buf *b, const char *s)
{
    return vo_buf_append(b, s, strlen(s));
}

vo_err vo_buf_putc(struct vo_buf *b, char c)
{
    return vo_buf_append(b, &c, 1);
}

int vo_vprintf_len(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    return n;
}

vo_err vo_buf_printf(struct vo_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vo_vprintf_len(fmt, ap);
    vo_err rc = n < 0 ? VO_EINVAL : grow(b, (size_t)n);
    if (!rc) {
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
        b->len += (size_t)n;
    }
    va_end(ap);
    return rc;
}

const char *vo_buf_str(const struct vo_buf *b)
{
    return b->data ? b->data : "";
}
