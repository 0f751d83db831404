/*
 * admin_ops.c - the operations on a database as a whole (admin_ops.h):
 * opening, migrating, backing up, restoring, counting rows. Each is a thin
 * use case over the store, here so that the command line and the server
 * reach the store through the service like every other use case.
 */
#include "service/admin_ops.h"

#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "service/org_starter.h"
#include "service/service.h"
#include "store/move_store.h"
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

/* Whether path names a PostgreSQL database rather than a SQLite file. */
static bool pg_url(const char *path)
{
    return g_str_has_prefix(path, "postgres://") || g_str_has_prefix(path, "postgresql://");
}

vo_err vo_svc_move(const char *path, const char *dest, bool check, struct vo_arena *a,
                   struct vo_move_report *out, struct vo_error *e)
{
    memset(out, 0, sizeof *out);
    if (strcmp(path, dest) == 0)
        return vo_error_set(e, VO_EUSAGE, "to", "--to names the database to copy from: %s", dest);
    struct vo_store *src = NULL, *to = NULL;
    vo_err rc = vo_store_open(path, VO_STORE_NO_MIGRATE, &src, e);
    if (rc)
        return rc;
    bool made = !check && !pg_url(dest) && access(dest, F_OK) != 0;
    rc = vo_store_open(dest, check ? VO_STORE_NO_MIGRATE : VO_STORE_CREATE, &to, e);
    if (!rc)
        rc = vo_store_move(src, to, !check, a, out, NULL, NULL, e);
    vo_store_close(to);
    vo_store_close(src);
    if (rc && made) {
        const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
        for (size_t i = 0; i < G_N_ELEMENTS(suffixes); i++) {
            char *f = g_strconcat(dest, suffixes[i], NULL);
            g_remove(f);
            g_free(f);
        }
    }
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

vo_err vo_svc_doctor(const char *path, bool full, int year_now, struct vo_arena *a,
                     struct vo_doctor *out, struct vo_error *e)
{
    struct vo_store *st = NULL;
    vo_err rc = vo_store_open(path, VO_STORE_NO_MIGRATE, &st, e);
    if (rc)
        return rc;
    rc = vo_store_doctor(st, full, year_now, VO_CALENDAR_YEAR_MIN, VO_CALENDAR_YEAR_MAX, a, out, e);
    vo_store_close(st);
    return rc;
}

int vo_svc_schema_latest(void)
{
    return vo_store_schema_latest();
}

vo_err vo_svc_org_ids(struct vo_store *st, struct vo_arena *a, int64_t **ids, size_t *n,
                      struct vo_error *e)
{
    struct vo_org *orgs = NULL;
    size_t k = 0;
    vo_err rc = vo_store_org_list(st, a, &orgs, &k, e);
    if (rc)
        return rc;
    *ids = k ? vo_arena_alloc(a, k * sizeof **ids) : NULL;
    if (k && !*ids)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < k; i++)
        (*ids)[i] = orgs[i].id;
    *n = k;
    return VO_OK;
}

#define BACKUP_PREFIX "voronka-"
#define BACKUP_SUFFIX "Z.db"

void vo_svc_backup_name(int64_t now, char out[32])
{
    time_t t = (time_t)now;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, BACKUP_PREFIX "%Y%m%dT%H%M%S" BACKUP_SUFFIX, &tm);
}

/* Whether name is a backup's file name: voronka-YYYYMMDDTHHMMSSZ.db. */
static bool backup_name(const char *name)
{
    const char *p = name + strlen(BACKUP_PREFIX);
    if (strncmp(name, BACKUP_PREFIX, strlen(BACKUP_PREFIX)) != 0 ||
        strlen(name) != strlen(BACKUP_PREFIX) + 15 + strlen(BACKUP_SUFFIX) ||
        strcmp(p + 15, BACKUP_SUFFIX) != 0 || p[8] != 'T')
        return false;
    for (int i = 0; i < 15; i++)
        if (i != 8 && !g_ascii_isdigit(p[i]))
            return false;
    return true;
}

static gint newest_first(gconstpointer a, gconstpointer b)
{
    return -strcmp(*(char *const *)a, *(char *const *)b);
}

/* The backups' file names in dir, newest first (NULL when dir cannot be
 * read). */
static GPtrArray *backups(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    if (!d)
        return NULL;
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *name;
    while ((name = g_dir_read_name(d)))
        if (backup_name(name))
            g_ptr_array_add(names, g_strdup(name));
    g_dir_close(d);
    g_ptr_array_sort(names, newest_first); /* the names sort by their times */
    return names;
}

int64_t vo_svc_backup_newest(const char *dir)
{
    GPtrArray *names = backups(dir);
    int64_t when = 0;
    if (names && names->len) {
        const char *p = (const char *)names->pdata[0] + strlen(BACKUP_PREFIX);
        char iso[32];
        snprintf(iso, sizeof iso, "%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", p, p + 4, p + 6, p + 9, p + 11,
                 p + 13);
        GDateTime *dt = g_date_time_new_from_iso8601(iso, NULL);
        if (dt) {
            when = g_date_time_to_unix(dt);
            g_date_time_unref(dt);
        }
    }
    if (names)
        g_ptr_array_free(names, TRUE);
    return when;
}

vo_err vo_svc_backup_to_dir(const char *path, const char *dir, int keep, int64_t now,
                            char **written, struct vo_error *e)
{
    /* made when missing (the unit's state directory holds it) */
    if (!g_file_test(dir, G_FILE_TEST_EXISTS))
        g_mkdir_with_parents(dir, 0750);
    if (!g_file_test(dir, G_FILE_TEST_IS_DIR) || access(dir, W_OK) != 0)
        return vo_error_set(e, VO_EIO, "to", "%s is not a directory this process may write to",
                            dir);
    char name[32];
    vo_svc_backup_name(now, name);
    char *dest = g_build_filename(dir, name, NULL);
    char *part = g_strconcat(dest, ".part", NULL);
    vo_err rc = VO_OK;
    if (g_file_test(dest, G_FILE_TEST_EXISTS)) {
        rc = vo_error_set(e, VO_ECONFLICT, "file", "%s already exists; not overwriting it", dest);
        goto out;
    }
    g_unlink(part); /* a backup of this second that did not finish */
    if ((rc = vo_svc_backup(path, part, e)))
        goto out;
    if (g_rename(part, dest) != 0) {
        rc = vo_error_set(e, VO_EIO, "to", "cannot rename %s to %s: %s", part, dest,
                          g_strerror(errno));
        g_unlink(part);
        goto out;
    }
    if (keep > 0) {
        GPtrArray *names = backups(dir);
        for (guint i = (guint)keep; names && i < names->len; i++) {
            char *old = g_build_filename(dir, (const char *)names->pdata[i], NULL);
            g_unlink(old);
            g_free(old);
        }
        if (names)
            g_ptr_array_free(names, TRUE);
    }
out:
    if (!rc && written)
        *written = g_strdup(dest);
    g_free(dest);
    g_free(part);
    return rc;
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
