/*
 * cmd_webhook.c - `voronka webhook list|add|remove|test|enable` (issue 13,
 * item 5; docs/webhooks.md): the org's outgoing webhooks through the use
 * cases of /api/v1/webhooks (service/webhooks.h: the same checks, errors
 * and audit rows). The operator acts as an admin. `add` prints the secret,
 * the only time it is shown.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "service/webhooks.h"

static void print_events(int64_t mask)
{
    const char *sep = "";
    for (size_t i = 0; i < vo_webhook_event_count; i++)
        if (mask & ((int64_t)1 << i)) {
            printf("%s%s", sep, vo_webhook_events[i]);
            sep = ",";
        }
}

static int list(struct vo_svc *svc)
{
    struct vo_error e = {0};
    struct vo_webhook *w = NULL;
    size_t n = 0;
    if (vo_svc_webhook_list(svc, &w, &n, &e))
        return vo_cli_fail(&e);
    for (size_t i = 0; i < n; i++) {
        printf("%lld\t%s\t", (long long)w[i].id, w[i].url);
        print_events(w[i].events);
        printf("\t%s\n", w[i].active                   ? vo_cli_tr("active")
                         : w[i].disabled_at != VO_NULL ? vo_cli_tr("disabled after failures")
                                                       : vo_cli_tr("off"));
    }
    return VO_EXIT_OK;
}

/* The comma-separated names of text into a list in svc's arena. */
static const char **split(struct vo_svc *svc, const char *text, size_t *n)
{
    char **parts = g_strsplit(text, ",", -1);
    size_t k = g_strv_length(parts);
    const char **out = vo_arena_array(svc->arena, k + 1, sizeof *out);
    *n = 0;
    for (size_t i = 0; out && i < k; i++)
        out[(*n)++] = vo_arena_strdup(svc->arena, g_strstrip(parts[i]));
    g_strfreev(parts);
    return out;
}

static int run(struct vo_svc *svc, const char *verb, const char *url, const char *events,
               int64_t id)
{
    struct vo_error e = {0};
    if (strcmp(verb, "list") == 0)
        return list(svc);
    if (strcmp(verb, "add") == 0) {
        struct vo_webhook_input in = {.set = VO_WH_URL | VO_WH_EVENTS, .url = url};
        struct vo_webhook w;
        in.events = split(svc, events, &in.nevents);
        if (vo_svc_webhook_create(svc, &in, &w, &e))
            return vo_cli_fail(&e);
        printf(vo_cli_tr("Webhook %lld added; its secret (shown once): %s\n"), (long long)w.id,
               w.secret);
        return VO_EXIT_OK;
    }
    if (strcmp(verb, "remove") == 0) {
        if (vo_svc_webhook_delete(svc, id, &e))
            return vo_cli_fail(&e);
        printf(vo_cli_tr("Webhook %lld removed\n"), (long long)id);
        return VO_EXIT_OK;
    }
    if (strcmp(verb, "enable") == 0) {
        struct vo_webhook_input in = {.set = VO_WH_ACTIVE, .active = true};
        struct vo_webhook w;
        if (vo_svc_webhook_update(svc, id, &in, &w, &e))
            return vo_cli_fail(&e);
        printf(vo_cli_tr("Webhook %lld enabled\n"), (long long)id);
        return VO_EXIT_OK;
    }
    struct vo_webhook_result r;
    int64_t delivery = 0;
    if (vo_svc_webhook_test(svc, id, &r, &delivery, &e))
        return vo_cli_fail(&e);
    if (r.error[0]) {
        printf(vo_cli_tr("Test delivery %lld not delivered: %s\n"), (long long)delivery, r.error);
        return VO_EXIT_INPUT;
    }
    printf(vo_cli_tr("Test delivery %lld delivered: HTTP %ld\n"), (long long)delivery, r.status);
    return VO_EXIT_OK;
}

int vo_cmd_webhook(int argc, char **argv)
{
    struct vo_cli_common common = {0};
    char *url = NULL, *events = NULL;
    gint64 id = 0;
    gboolean private_ok = FALSE;
    GOptionEntry entries[] = {
        {"url", 0, 0, G_OPTION_ARG_STRING, &url, VO_MSG("add: the receiver's http(s) URL"), "URL"},
        {"events", 0, 0, G_OPTION_ARG_STRING, &events,
         VO_MSG("add: the events, comma-separated (deal.created, deal.stage_changed, ...)"),
         "LIST"},
        {"id", 0, 0, G_OPTION_ARG_INT64, &id, VO_MSG("remove, test, enable: the webhook's id"),
         "ID"},
        {"private", 0, 0, G_OPTION_ARG_NONE, &private_ok,
         VO_MSG("test: let the delivery go to a local or private network address"), NULL},
        G_OPTION_ENTRY_NULL};
    int rc = vo_cli_parse(&argc, &argv, "list|add|remove|test|enable",
                          VO_MSG("Outgoing webhooks (docs/webhooks.md).\nlist; add --url --events; "
                                 "remove, test, enable --id."),
                          entries, &common);
    struct vo_arena arena;
    struct vo_svc svc = {0};
    bool opened = false;
    if (rc)
        goto out;
    static const char *const verbs[] = {"list", "add", "remove", "test", "enable"};
    const char *verb = NULL;
    for (size_t i = 0; argc == 2 && i < G_N_ELEMENTS(verbs); i++)
        if (strcmp(argv[1], verbs[i]) == 0)
            verb = verbs[i];
    if (!verb) {
        rc = vo_cli_usage("webhook", "say list, add, remove, test or enable");
        goto out;
    }
    if ((strcmp(verb, "add") == 0 && (!url || !events)) ||
        (strcmp(verb, "list") != 0 && strcmp(verb, "add") != 0 && id <= 0)) {
        rc = vo_cli_usage("webhook", "add takes --url and --events; remove, test, enable --id");
        goto out;
    }
    if ((rc = vo_cli_begin(&common, &svc, &arena)))
        goto out;
    opened = true;
    vo_svc_webhooks_allow_private(private_ok);
    rc = run(&svc, verb, url, events, id);
out:
    if (opened) {
        char *strs[] = {url, events};
        vo_cli_end(&common, &svc, &arena, strs, 2);
    } else {
        g_free(url);
        g_free(events);
        g_free(common.db);
        g_free(common.org);
    }
    return rc;
}
