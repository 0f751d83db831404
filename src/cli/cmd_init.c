/*
 * cmd_init.c - `voronka init`: create the database (schema at the latest
 * version) and an org with its administrator, whose generated password is
 * printed once. The org gets the default pipeline and the production
 * calendar (service/org_starter.h) unless --empty asks for a bare org (for
 * an import that brings its own pipelines and holidays).
 */
#include <stdio.h>

#include "base/plural.h"
#include "cli/cli.h"
#include "service/org_starter.h"

/* What the starter loaded, and how to change it. */
static void print_starter(const struct vo_org_starter *s)
{
    printf("Воронка «%s»: %zu %s (изменить: настройки → воронки, или API "
           "/api/v1/pipelines).\n",
           s->pipeline, s->stages,
           vo_plural_ru_word((int64_t)s->stages, "этап", "этапа", "этапов"));
    printf("Производственный календарь %d–%d: %zu %s, %zu %s (%d — предварительный, "
           "до постановления).\n",
           s->year_from, s->year_to, s->holidays,
           vo_plural_ru_word((int64_t)s->holidays, "выходной или праздничный день",
                             "выходных или праздничных дня", "выходных или праздничных дней"),
           s->workdays,
           vo_plural_ru_word((int64_t)s->workdays, "рабочая суббота", "рабочие субботы",
                             "рабочих суббот"),
           s->year_to);
    printf("Обновить год по новому постановлению: voronka calendar load --year ГГГГ\n");
}

int vo_cmd_init(int argc, char **argv)
{
    struct vo_cli_common common = {0};
    char *org = NULL, *tz = NULL, *currency = NULL, *admin = NULL;
    gboolean empty = FALSE;
    GOptionEntry entries[] = {
        {"name", 0, 0, G_OPTION_ARG_STRING, &org, VO_MSG("The org's name (also --org)"), "NAME"},
        {"tz", 0, 0, G_OPTION_ARG_STRING, &tz, VO_MSG("IANA time zone (default Europe/Moscow)"),
         "ZONE"},
        {"currency", 0, 0, G_OPTION_ARG_STRING, &currency, VO_MSG("ISO 4217 code (default RUB)"),
         "CUR"},
        {"admin", 0, 0, G_OPTION_ARG_STRING, &admin, VO_MSG("The administrator's email"), "EMAIL"},
        {"empty", 0, 0, G_OPTION_ARG_NONE, &empty,
         VO_MSG("No default pipeline and no production calendar (an import brings its own)"), NULL},
        G_OPTION_ENTRY_NULL};
    int rc = vo_cli_parse(&argc, &argv, "",
                          VO_MSG("Creates the database when missing and an org in it with an "
                                 "administrator,\nthe default pipeline \"Продажи\" and the Russian "
                                 "production calendar\n(unless --empty). The administrator's "
                                 "password is printed once.\n\n"
                                 "Example: voronka init --org \"ООО Ромашка\" --tz Europe/Moscow "
                                 "--currency RUB --admin admin@example.ru"),
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
    struct vo_org_starter starter = {0};
    if (vo_svc_org_create(st, name, tz ? tz : "Europe/Moscow", currency ? currency : "RUB", admin,
                          empty ? NULL : &starter, &arena, &org_id, &password, &e)) {
        rc = vo_cli_fail(&e);
    } else {
        printf("Создана организация «%s» (id %lld) в %s\n", name, (long long)org_id, path);
        printf("Администратор: %s\nПароль:        %s   (показан один раз; сменить: "
               "`voronka user passwd`)\n",
               admin, password);
        if (!empty)
            print_starter(&starter);
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
