/*
 * cmd_competition.c - `voronka competition list [--status S]`: the org's
 * competitions (docs/competitions.md) as a table: the name, the status,
 * the dates, the metric, the leader (running) or the winners (finished).
 * The list is vo_svc_competition_list's, as the API's: a finished one is
 * fixed on the way, as by any read.
 */
#include <stdio.h>
#include <string.h>

#include "base/timeutil.h"
#include "cli/cli.h"
#include "render/table.h"
#include "service/competitions.h"
#include "service/dataset_load.h"

static const struct {
    const char *status, *ru;
} STATUS_RU[] = {{"upcoming", "скоро"},
                 {"running", "идёт"},
                 {"finished", "завершено"},
                 {"cancelled", "отменено"}};

static const char *status_ru(const char *s)
{
    for (size_t i = 0; i < sizeof STATUS_RU / sizeof STATUS_RU[0]; i++)
        if (strcmp(STATUS_RU[i].status, s) == 0)
            return STATUS_RU[i].ru;
    return s;
}

/* The leader (running) or the winners (final): the rank-1 names. */
static const char *leaders(struct vo_arena *a, const struct vo_comp *c)
{
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < c->nrows && c->rows[i].rank == 1; i++)
        g_string_append_printf(s, "%s%s", i ? ", " : "", c->rows[i].name);
    const char *out = vo_arena_strdup(a, s->str);
    g_string_free(s, TRUE);
    return out;
}

static int list(const struct vo_cli_common *c, struct vo_svc *svc, const char *status)
{
    struct vo_error e = {0};
    struct vo_dataset *ds = NULL;
    struct vo_comp *v = NULL;
    size_t n = 0;
    int rc = vo_cli_dataset(c, svc, &ds);
    if (rc)
        return rc;
    if (vo_svc_competition_list(svc, ds, status, vo_now(), &v, &n, &e)) {
        vo_ds_free(ds);
        return vo_cli_fail(&e);
    }
    static const char *const hdr[] = {"Соревнование", "Статус",     "С",
                                      "По",           "Показатель", "Лидер или победители"};
    struct vo_table t;
    vo_table_init(&t, svc->arena, 6, hdr);
    for (size_t i = 0; i < n; i++) {
        const struct vo_metric_def *m = vo_metric_find(v[i].c.metric);
        const char *metric = m ? m->title : v[i].c.metric;
        if (v[i].c.pct)
            metric = vo_arena_printf(svc->arena, "%s, %% выполнения", metric);
        const char *cells[] = {v[i].c.name,      status_ru(v[i].status),
                               v[i].c.first_day, v[i].c.last_day,
                               metric,           leaders(svc->arena, &v[i])};
        vo_table_add(&t, cells);
    }
    vo_ds_free(ds);
    if (!n) {
        printf("Соревнований нет.\n");
        return VO_EXIT_OK;
    }
    vo_table_print(&t, stdout);
    return VO_EXIT_OK;
}

int vo_cmd_competition(int argc, char **argv)
{
    struct vo_cli_common common = {0};
    char *status = NULL;
    GOptionEntry entries[] = {{"status", 0, 0, G_OPTION_ARG_STRING, &status,
                               VO_MSG("Only upcoming, running, finished or cancelled ones"), "S"},
                              G_OPTION_ENTRY_NULL};
    int rc = vo_cli_parse(&argc, &argv, "list",
                          VO_MSG("The competitions of the sales floor.\n"
                                 "list: each with its status, dates, metric and its leader or "
                                 "winners."),
                          entries, &common);
    struct vo_arena arena;
    struct vo_svc svc = {0};
    bool opened = false;
    if (rc)
        goto out;
    if (argc < 2 || strcmp(argv[1], "list") != 0) {
        rc = vo_cli_usage("competition", "say list");
        goto out;
    }
    if ((rc = vo_cli_begin(&common, &svc, &arena)))
        goto out;
    opened = true;
    rc = list(&common, &svc, status);
out:
    if (opened) {
        vo_cli_end(&common, &svc, &arena, &status, 1);
    } else {
        g_free(status);
        g_free(common.db);
        g_free(common.org);
    }
    return rc;
}
