/*
 * spool.c - a request body (or the files unpacked from it) on disk instead
 * of in memory: a temporary file made with mkstemp in the system's
 * temporary directory (g_file_open_tmp) and unlinked at once, so nothing
 * is left behind whatever happens to the request or the process; closing
 * the descriptor frees the space. It is read back through a read-only
 * mapping (GMappedFile): the pages are the kernel's file cache, not the
 * server's heap.
 */
#include "http/http_int.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

void vo_spool_init(struct vo_spool *sp)
{
    memset(sp, 0, sizeof *sp);
    sp->fd = -1;
}

vo_err vo_spool_open(struct vo_spool *sp, struct vo_error *e)
{
    vo_spool_init(sp);
    GError *gerr = NULL;
    char *name = NULL;
    int fd = g_file_open_tmp("voronka-body-XXXXXX", &name, &gerr);
    if (fd < 0) {
        vo_err rc =
            vo_error_set(e, VO_EIO, NULL, "cannot make a temporary file: %s", gerr->message);
        g_error_free(gerr);
        return rc;
    }
    g_unlink(name);
    g_free(name);
    sp->fd = fd;
    return VO_OK;
}

vo_err vo_spool_write(struct vo_spool *sp, const void *data, size_t n, struct vo_error *e)
{
    const char *p = data;
    while (n > 0) {
        ssize_t w = write(sp->fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (errno == ENOSPC)
                return vo_error_set(e, VO_ESTORE, NULL,
                                    "the server's temporary disk is full; try again later");
            return vo_error_set(e, VO_EIO, NULL, "cannot write a temporary file: %s",
                                g_strerror(errno));
        }
        p += w;
        n -= (size_t)w;
        sp->len += (size_t)w;
    }
    return VO_OK;
}

vo_err vo_spool_map(struct vo_spool *sp, const char **data, struct vo_error *e)
{
    *data = "";
    if (sp->len == 0)
        return VO_OK;
    if (!sp->map) {
        GError *gerr = NULL;
        sp->map = g_mapped_file_new_from_fd(sp->fd, FALSE, &gerr);
        if (!sp->map) {
            vo_err rc =
                vo_error_set(e, VO_EIO, NULL, "cannot read a temporary file: %s", gerr->message);
            g_error_free(gerr);
            return rc;
        }
    }
    *data = g_mapped_file_get_contents(sp->map);
    return VO_OK;
}

void vo_spool_close(struct vo_spool *sp)
{
    if (sp->map)
        g_mapped_file_unref(sp->map);
    if (sp->fd >= 0)
        close(sp->fd);
    vo_spool_init(sp);
}
