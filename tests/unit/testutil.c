/*
 * testutil.c - temporary directories, a fresh org, running the binary.
 */
#include "testutil.h"

#include "base/timeutil.h"
#include "testdb.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

char *vo_test_tmpdir(void)
{
    GError *err = NULL;
    char *dir = g_dir_make_tmp("voronka-test-XXXXXX", &err);
    cr_assert(dir, "mkdtemp: %s", err ? err->message : "?");
    return dir;
}

void vo_test_rmtree(const char *dir)
{
    vo_test_db_drop(dir);
    char *cmd = g_strdup_printf("rm -rf '%s'", dir);
    int rc = system(cmd);
    (void)rc;
    g_free(cmd);
}

void vo_test_write(const char *dir, const char *name, const char *text)
{
    char *path = g_build_filename(dir, name, NULL);
    GError *err = NULL;
    cr_assert(g_file_set_contents(path, text, -1, &err), "write %s: %s", path,
              err ? err->message : "?");
    g_free(path);
}

void vo_test_org(const char *dir, struct vo_store **st, struct vo_svc *svc, struct vo_arena *a)
{
    char *path = vo_test_db(dir, "test.db");
    struct vo_error e = {0};
    cr_assert_eq(vo_store_open(path, VO_STORE_CREATE, st, &e), VO_OK, "open: %s", e.msg);
    int64_t org = 0;
    const char *pw = NULL;
    cr_assert_eq(vo_svc_org_create(*st, "Test", "Europe/Moscow", "RUB", "admin@example.com", NULL,
                                   a, &org, &pw, &e),
                 VO_OK, "org: %s", e.msg);
    cr_assert_eq(vo_svc_init(svc, *st, org, a, &e), VO_OK, "svc: %s", e.msg);
    g_free(path);
}

int vo_test_run(const char *cmdline, char **output)
{
    char *out = NULL, *err = NULL;
    int status = 0;
    GError *gerr = NULL;
    char *full = g_strdup_printf("%s 2>&1", cmdline);
    char *argv[] = {"/bin/sh", "-c", full, NULL};
    gboolean ok =
        g_spawn_sync(NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &gerr);
    g_free(full);
    cr_assert(ok, "spawn: %s", gerr ? gerr->message : "?");
    g_free(err);
    if (output)
        *output = out;
    else
        g_free(out);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

const char *vo_test_binary(void)
{
    const char *env = getenv("VO_BINARY");
    return env ? env : VO_BINARY;
}

const char *vo_test_source_dir(void)
{
    const char *env = getenv("VO_SOURCE_DIR");
    return env ? env : VO_SOURCE_DIR;
}

int64_t vo_test_utc(const char *iso)
{
    GTimeZone *utc = g_time_zone_new_utc();
    GDateTime *t = g_date_time_new_from_iso8601(iso, utc);
    cr_assert(t, "not an ISO 8601 time: %s", iso);
    int64_t v = g_date_time_to_unix(t);
    g_date_time_unref(t);
    g_time_zone_unref(utc);
    return v;
}

int64_t vo_test_at(const struct vo_svc *svc, const char *local)
{
    int64_t t = 0;
    struct vo_error e = {0};
    cr_assert_eq(vo_time_parse(local, svc->tz, &t, "at", &e), VO_OK, "%s: %s", local, e.msg);
    return t;
}

int64_t vo_test_manager(struct vo_store *st, const struct vo_svc *svc, const char *name,
                        const char *email, int64_t team)
{
    struct vo_error e = {0};
    struct vo_user u = {.org_id = svc->org.id,
                        .name = name,
                        .email = email,
                        .role = VO_ROLE_MANAGER,
                        .team_id = team,
                        .active = true,
                        .created_at = 1};
    cr_assert_eq(vo_store_user_insert(st, &u, &e), VO_OK, "%s", e.msg);
    return u.id;
}

void vo_test_org_end(char **dir, struct vo_store **st, struct vo_svc *svc, struct vo_arena *a,
                     struct vo_dataset **ds)
{
    vo_ds_free(*ds);
    *ds = NULL;
    vo_svc_cleanup(svc);
    vo_store_close(*st);
    *st = NULL;
    vo_arena_cleanup(a);
    vo_test_rmtree(*dir);
    g_free(*dir);
    *dir = NULL;
}
