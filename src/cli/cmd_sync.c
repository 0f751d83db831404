/*
 * cmd_sync.c - `voronka sync key|add|list|run|remove` (issue 13, item 3;
 * docs/sync.md): deals from amoCRM and Bitrix24 through their REST APIs,
 * through the use cases of service/crm_sync.h. The operator acts as an
 * admin. The key file (--key-file, or VORONKA_SYNC_KEY) seals the
 * credentials; amoCRM's token is read from a file (--token-file) or
 * VORONKA_SYNC_TOKEN, never from the command line, where `ps` and the
 * shell's history would show it.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "cli/cli.h"
#include "cli/import_print.h"
#include "service/crm_sync.h"

struct sync_args {
    const char *verb;
    char *key_file, *name, *kind, *url, *token_file;
    gint64 id;
    gboolean dry_run, full, verbose, all;
};

static int load_key(const struct sync_args *a, unsigned char key[VO_SYNC_KEY_BYTES])
{
    struct vo_error e = {0};
    const char *path = a->key_file ? a->key_file : getenv("VORONKA_SYNC_KEY");
    if (!path || !*path)
        return vo_cli_usage("sync", "the key file is needed: --key-file FILE or VORONKA_SYNC_KEY "
                                    "(`voronka sync key --key-file FILE` makes one)");
    if (vo_sync_key_load(path, key, &e))
        return vo_cli_fail(&e);
    return VO_EXIT_OK;
}

/* amoCRM's token: the file's first line, or VORONKA_SYNC_TOKEN. */
static int read_token(const struct sync_args *a, char **token)
{
    *token = NULL;
    if (a->token_file) {
        gchar *text = NULL;
        GError *gerr = NULL;
        if (!g_file_get_contents(a->token_file, &text, NULL, &gerr)) {
            int rc = vo_cli_usage("sync", "--token-file %s: %s", a->token_file, gerr->message);
            g_error_free(gerr);
            return rc;
        }
        char *nl = strpbrk(text, "\r\n");
        if (nl)
            *nl = '\0';
        *token = text;
    } else if (getenv("VORONKA_SYNC_TOKEN")) {
        *token = g_strdup(getenv("VORONKA_SYNC_TOKEN"));
    }
    return VO_EXIT_OK;
}

static int add(struct vo_svc *svc, const struct sync_args *a)
{
    unsigned char key[VO_SYNC_KEY_BYTES];
    char *token = NULL;
    int rc = load_key(a, key);
    if (rc || (rc = read_token(a, &token)))
        return rc;
    struct vo_error e = {0};
    struct vo_sync_input in = {.name = a->name, .kind = a->kind, .url = a->url, .token = token};
    struct vo_sync_source s;
    vo_err err = vo_svc_sync_add(svc, &in, key, &s, &e);
    sodium_memzero(key, sizeof key);
    if (token) {
        sodium_memzero(token, strlen(token));
        g_free(token);
    }
    if (err)
        return vo_cli_fail(&e);
    printf(vo_cli_tr("Sync source %lld \"%s\" added (%s, %s); its credentials are sealed with "
                     "the key file\n"),
           (long long)s.id, s.name, s.kind, s.url);
    return VO_EXIT_OK;
}

static int list(struct vo_svc *svc)
{
    struct vo_error e = {0};
    struct vo_sync_source *s = NULL;
    size_t n = 0;
    if (vo_svc_sync_list(svc, &s, &n, &e))
        return vo_cli_fail(&e);
    if (n == 0)
        printf("%s\n", vo_cli_tr("No sync sources: `voronka sync add` adds one"));
    for (size_t i = 0; i < n; i++) {
        printf("%lld\t%s\t%s\t%s\t", (long long)s[i].id, s[i].name, s[i].kind, s[i].url);
        if (s[i].last_run_at == VO_NULL) {
            printf("%s\n", vo_cli_tr("never run"));
            continue;
        }
        char when[40], upto[40] = "-";
        vo_time_format(s[i].last_run_at, svc->tz, when, sizeof when);
        if (s[i].cursor > 0)
            vo_time_format(s[i].cursor, svc->tz, upto, sizeof upto);
        const char *st = vo_sync_status_text(svc->arena, s[i].last_status, vo_cli_russian());
        if (s[i].last_status && strcmp(s[i].last_status, "ok") == 0)
            printf(vo_cli_tr("last run %s: %lld deals read; changes read up to %s\n"), when,
                   (long long)s[i].last_deals, upto);
        else
            printf(vo_cli_tr("last run %s failed: %s\n"), when, st ? st : "");
    }
    return VO_EXIT_OK;
}

static int run_one(struct vo_svc *svc, const struct sync_args *a)
{
    unsigned char key[VO_SYNC_KEY_BYTES];
    int rc = load_key(a, key);
    if (rc)
        return rc;
    struct vo_error e = {0};
    struct vo_sync_opts o = {.dry_run = a->dry_run, .full = a->full};
    struct vo_sync_report rep;
    vo_err err = vo_svc_sync_run(svc, a->id, key, &o, &rep, &e);
    sodium_memzero(key, sizeof key);
    if (!err || rep.import.problems.n)
        printf(vo_cli_tr("%s: %lld calls; %lld deals and %lld stage passages changed since the "
                         "last run\n"),
               rep.kind ? rep.kind : "", (long long)rep.requests, (long long)rep.deals,
               (long long)rep.stage_changes);
    if (rep.import.files)
        vo_cli_import_print(&rep.import, stdout, stderr, a->verbose);
    if (err == VO_EINVAL && rep.import.problems.n)
        return VO_EXIT_INPUT;
    if (err)
        return vo_cli_fail(&e);
    if (rep.deals == 0)
        printf("%s\n", vo_cli_tr("Nothing changed since the last run"));
    else if (a->dry_run)
        printf("%s\n", vo_cli_tr("Dry run: nothing was written"));
    return VO_EXIT_OK;
}

/* run --all: each source in turn (a failure does not stop the others);
 * the exit code of the worst. */
static int run_all(struct vo_svc *svc, const struct sync_args *a)
{
    struct vo_error e = {0};
    struct vo_sync_source *s = NULL;
    size_t n = 0;
    if (vo_svc_sync_list(svc, &s, &n, &e))
        return vo_cli_fail(&e);
    int worst = VO_EXIT_OK;
    for (size_t i = 0; i < n; i++) {
        struct sync_args one = *a;
        one.id = s[i].id;
        printf(vo_cli_tr("Sync source %lld \"%s\":\n"), (long long)s[i].id, s[i].name);
        int rc = run_one(svc, &one);
        if (rc > worst)
            worst = rc;
    }
    return worst;
}

static int run(struct vo_svc *svc, const struct sync_args *a)
{
    if (strcmp(a->verb, "add") == 0)
        return add(svc, a);
    if (strcmp(a->verb, "list") == 0)
        return list(svc);
    if (strcmp(a->verb, "run") == 0)
        return a->all ? run_all(svc, a) : run_one(svc, a);
    struct vo_error e = {0};
    if (vo_svc_sync_remove(svc, a->id, &e))
        return vo_cli_fail(&e);
    printf(vo_cli_tr("Sync source %lld removed\n"), (long long)a->id);
    return VO_EXIT_OK;
}

int vo_cmd_sync(int argc, char **argv)
{
    struct vo_cli_common common = {0};
    struct sync_args a = {0};
    GOptionEntry entries[] = {
        {"key-file", 0, 0, G_OPTION_ARG_FILENAME, &a.key_file,
         VO_MSG("the key that seals the credentials (default: $VORONKA_SYNC_KEY)"), "FILE"},
        {"name", 0, 0, G_OPTION_ARG_STRING, &a.name, VO_MSG("add: the source's name"), "NAME"},
        {"kind", 0, 0, G_OPTION_ARG_STRING, &a.kind, VO_MSG("add: amocrm or bitrix24"), "KIND"},
        {"url", 0, 0, G_OPTION_ARG_STRING, &a.url,
         VO_MSG("add: amoCRM's address, or Bitrix24's inbound webhook URL"), "URL"},
        {"token-file", 0, 0, G_OPTION_ARG_FILENAME, &a.token_file,
         VO_MSG("add: a file holding amoCRM's long-lived token (default: $VORONKA_SYNC_TOKEN)"),
         "FILE"},
        {"id", 0, 0, G_OPTION_ARG_INT64, &a.id, VO_MSG("run, remove: the source's id"), "ID"},
        {"all", 0, 0, G_OPTION_ARG_NONE, &a.all,
         VO_MSG("run: every source of the org, one after another"), NULL},
        {"dry-run", 0, 0, G_OPTION_ARG_NONE, &a.dry_run,
         VO_MSG("run: read and check everything, write nothing"), NULL},
        {"full", 0, 0, G_OPTION_ARG_NONE, &a.full,
         VO_MSG("run: read everything, not only the changes since the last run"), NULL},
        {"verbose", 'v', 0, G_OPTION_ARG_NONE, &a.verbose,
         VO_MSG("run: list every line of grouped warnings"), NULL},
        G_OPTION_ENTRY_NULL};
    int rc = vo_cli_parse(&argc, &argv, "key|add|list|run|remove",
                          VO_MSG("Deals from amoCRM and Bitrix24 through their REST APIs "
                                 "(docs/sync.md).\nkey --key-file; add --name --kind --url "
                                 "[--token-file]; list; run --id|--all [--dry-run] [--full]; "
                                 "remove --id."),
                          entries, &common);
    struct vo_arena arena;
    struct vo_svc svc = {0};
    bool opened = false;
    if (rc)
        goto out;
    static const char *const verbs[] = {"key", "add", "list", "run", "remove"};
    for (size_t i = 0; argc == 2 && i < G_N_ELEMENTS(verbs); i++)
        if (strcmp(argv[1], verbs[i]) == 0)
            a.verb = verbs[i];
    if (!a.verb) {
        rc = vo_cli_usage("sync", "say key, add, list, run or remove");
        goto out;
    }
    if (strcmp(a.verb, "key") == 0) {
        struct vo_error e = {0};
        if (!a.key_file) {
            rc = vo_cli_usage("sync", "key takes --key-file FILE: where the new key goes");
        } else if (vo_sync_key_create(a.key_file, &e)) {
            rc = vo_cli_fail(&e);
        } else {
            printf(vo_cli_tr("A new key is in %s (mode 0600): keep it outside the database's "
                             "backups, and give it to `voronka sync` as --key-file\n"),
                   a.key_file);
        }
        goto out;
    }
    if ((strcmp(a.verb, "add") == 0 && (!a.name || !a.kind || !a.url)) ||
        (strcmp(a.verb, "run") == 0 && a.id <= 0 && !a.all) ||
        (strcmp(a.verb, "remove") == 0 && a.id <= 0)) {
        rc = vo_cli_usage("sync",
                          "add takes --name, --kind and --url; run --id or --all; remove --id");
        goto out;
    }
    if ((rc = vo_cli_begin(&common, &svc, &arena)))
        goto out;
    opened = true;
    rc = run(&svc, &a);
out:
    if (opened) {
        char *strs[] = {a.key_file, a.name, a.kind, a.url, a.token_file};
        vo_cli_end(&common, &svc, &arena, strs, 5);
    } else {
        g_free(a.key_file);
        g_free(a.name);
        g_free(a.kind);
        g_free(a.url);
        g_free(a.token_file);
        g_free(common.db);
        g_free(common.org);
    }
    return rc;
}
