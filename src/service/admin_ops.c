/*
 * admin_ops.c - the operations on a database as a whole (admin_ops.h):
 * opening, migrating, backing up, restoring, counting rows. Each is a thin
 * use case over the store, here so that the command line and the server
 * reach the store through the service like every other use case.
 */
#include "service/admin_ops.h"

#include <string.h>

#include "service/service.h"
#include "store/store.h"

vo_err vo_svc_store_open(const char *path, enum vo_open_mode mode, struct vo_store **out,
                         struct vo_error *e)
{
    return vo_store_open(path, mode == VO_OPEN_CREATE ? VO_STORE_CREATE : 0, out, e);
}

void vo_svc_store_close(struct vo_store *st)
{
    if (st)
        vo_store_close(st);
}

vo_err vo_svc_open(const char *path, const char *org, struct vo_arena *a, struct vo_svc *svc,
                   struct vo_error *e)
{
    memset(svc, 0, sizeof *svc);
    struct vo_store *st = NULL;
    vo_err rc = vo_store_open(path, 0, &st, e);
    if (rc)
        return rc;
    if ((rc = vo_svc_init_by_name(svc, st, org, a, e))) {
        vo_svc_cleanup(svc);
        vo_store_close(st);
        svc->st = NULL;
    }
    return rc;
}

void vo_svc_close(struct vo_svc *svc)
{
    vo_svc_cleanup(svc);
    vo_svc_store_close(svc->st);
    svc->st = NULL;
}

vo_err vo_svc_migrate(const char *path, int *from, int *to, struct vo_error *e)
{
    struct vo_store *st = NULL;
    vo_err rc = vo_store_open(path, VO_STORE_NO_MIGRATE, &st, e);
    if (rc)
        return rc;
    rc = vo_store_migrate(st, from, to, e);
    vo_store_close(st);
    return rc;
}

vo_err vo_svc_backup(const char *path, const char *dest, struct vo_error *e)
{
    struct vo_store *st = NULL;
    vo_err rc = vo_store_open(path, 0, &st, e);
    if (rc)
        return rc;
    rc = vo_store_backup(st, dest, e);
    vo_store_close(st);
    return rc;
}

vo_err vo_svc_restore(const char *path, const char *src, struct vo_error *e)
{
    return vo_store_restore(path, src, e);
}

int vo_svc_schema_version(struct vo_store *st)
{
    return vo_store_schema_version(st);
}

vo_err vo_svc_table_rows(struct vo_store *st, int64_t org, struct vo_arena *a,
                         struct vo_table_rows **out, size_t *n, struct vo_error *e)
{
    struct vo_table_rows *v = VO_ARENA_ARRAY(a, struct vo_table_rows, vo_store_table_count);
    if (!v)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < vo_store_table_count; i++) {
        struct vo_error ignored = {0};
        v[i].table = vo_store_tables[i];
        if (vo_store_count(st, org, vo_store_tables[i], &v[i].rows, &ignored))
            v[i].rows = -1;
    }
    *out = v;
    *n = vo_store_table_count;
    return VO_OK;
}
