/*
 * cmd_init.c - `voronka init`: create the database (schema at the latest
 * version) and an org with its administrator, whose generated password is
 * printed once.
 */
#include <stdio.h>

#include "cli/cli.h"

int vo_cmd_init(int argc, char **argv)
{
    struct vo_cli_common common = {0};
    char *org = NULL, *tz = NULL, *currency = NULL, *admin = NULL;
    GOptionEntry entries[] = {
        {"name", 0, 0, G_OPTION_ARG_STRING, &org, "The org's name (also --org)", "NAME"},
        {"tz", 0, 0, G_OPTION_ARG_STRING, &tz, "IANA time zone (default Europe/Moscow)", "ZONE"},
        {"currency", 0, 0, G_OPTION_ARG_STRING, &currency, "ISO 4217 code (default RUB)", "CUR"},
        {"admin", 0, 0, G_OPTION_ARG_STRING, &admin, "The administrator's email", "EMAIL"},
        G_OPTION_ENTRY_NULL};
    int rc = vo_cli_parse(&argc, &argv, "",
                          "Creates the database when missing and an org in it with an "
                          "administrator.\nThe administrator's password is printed once.\n\n"
                          "Example: voronka init --org \"ООО Ромашка\" --tz Europe/Moscow "
                          "--currency RUB --admin admin@example.ru",
                          entries, &common);
    if (rc)
        goto out;
    const char *name = org ? org : common.org;
    if (!name || !*name) {
        rc = vo_cli_usage("init", "--org NAME is required");
        goto out;
    }
    if (!admin || !*admin) {
        rc = vo_cli_usage("init", "--admin EMAIL is required");
        goto out;
    }
    if (argc > 1) {
        rc = vo_cli_usage("init", "unexpected argument \"%s\"", argv[1]);
        goto out;
    }
    struct vo_store *st = NULL;
    struct vo_error e = {0};
    struct vo_arena arena;
    vo_arena_init(&arena, 0);
    const char *path = vo_cli_db_path(&common);
    if (vo_svc_store_open(path, VO_OPEN_CREATE, &st, &e)) {
        rc = vo_cli_fail(&e);
        vo_arena_cleanup(&arena);
        goto out;
    }
    int64_t org_id = 0;
    const char *password = NULL;
    if (vo_svc_org_create(st, name, tz ? tz : "Europe/Moscow", currency ? currency : "RUB", admin,
                          &arena, &org_id, &password, &e)) {
        rc = vo_cli_fail(&e);
    } else {
        printf("Created org \"%s\" (id %lld) in %s\n", name, (long long)org_id, path);
        printf("Administrator: %s\nPassword:      %s   (shown once; change it with "
               "`voronka user passwd`)\n",
               admin, password);
    }
    vo_svc_store_close(st);
    vo_arena_cleanup(&arena);
out:
    g_free(common.db);
    g_free(common.org);
    g_free(org);
    g_free(tz);
    g_free(currency);
    g_free(admin);
    return rc;
}
