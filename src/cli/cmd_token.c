/*
 * cmd_token.c - `voronka token create | list | revoke`: the API tokens of
 * integrations from the command line, through the use cases of POST, GET
 * and DELETE /api/v1/tokens (docs/cli.md, "API tokens";
 * docs/api-session.md, "API tokens").
 */
#include <stdio.h>
#include <string.h>

#include "base/timeutil.h"
#include "cli/cli.h"
#include "render/table.h"
#include "service/auth.h"
#include "service/org_reads.h"

static const char *const TOKEN_HELP =
    VO_MSG("Subcommands:\n"
           "  create --user EMAIL --name NAME [--scopes read,write,reports,admin]\n"
           "      [--expires-days N]   creates a token (the secret is printed once; default\n"
           "                           scopes read,write,reports; no expiry unless given)\n"
           "  list                     lists the org's tokens with their scopes and expiry\n"
           "  revoke ID                revokes a token");

/* The scope bits as "read,write" in the arena. */
static const char *scopes_text(struct vo_arena *a, unsigned scopes)
{
    GString *s = g_string_new(NULL);
    for (unsigned bit = 1; bit <= VO_SCOPE_ADMIN; bit <<= 1)
        if (scopes & bit)
            g_string_append_printf(s, "%s%s", s->len ? "," : "", vo_scope_name(bit));
    const char *out = vo_arena_strdup(a, s->str);
    g_string_free(s, TRUE);
    return out;
}

/* An instant as the table shows it ("-" for none). */
static const char *when(struct vo_svc *svc, int64_t t)
{
    char buf[64];
    return t == VO_NULL ? "-"
                        : vo_arena_strdup(svc->arena, vo_time_format(t, svc->tz, buf, sizeof buf));
}

static int token_list(struct vo_svc *svc)
{
    struct vo_api_token *v = NULL;
    size_t n = 0;
    struct vo_error e = {0};
    if (vo_svc_token_list(svc, &v, &n, &e))
        return vo_cli_fail(&e);
    const char *headers[] = {"id",
                             vo_cli_tr("name"),
                             "user_id",
                             vo_cli_tr("scopes"),
                             vo_cli_tr("expires"),
                             vo_cli_tr("revoked")};
    struct vo_table t;
    vo_table_init(&t, svc->arena, 6, headers);
    vo_table_align(&t, 0, VO_ALIGN_RIGHT);
    for (size_t i = 0; i < n; i++) {
        const char *cells[6] = {vo_arena_printf(svc->arena, "%lld", (long long)v[i].id),
                                v[i].name,
                                vo_arena_printf(svc->arena, "%lld", (long long)v[i].user_id),
                                scopes_text(svc->arena, v[i].scopes),
                                when(svc, v[i].expires_at),
                                when(svc, v[i].revoked_at)};
        vo_table_add(&t, cells);
    }
    vo_table_print(&t, stdout);
    return 0;
}

static int token_create(struct vo_svc *svc, const char *user, const char *name, const char *scopes,
                        int days)
{
    struct vo_error e = {0};
    if (!user || !name)
        return vo_cli_usage("token", "create needs --user EMAIL and --name NAME");
    unsigned bits = VO_SCOPE_DEFAULT;
    if (scopes && vo_scope_parse(scopes, "scopes", &bits, &e))
        return vo_cli_fail(&e);
    if (days < 0 || days > VO_TOKEN_MAX_DAYS)
        return vo_cli_usage("token", "--expires-days takes 1..%d", VO_TOKEN_MAX_DAYS);
    struct vo_user u;
    if (vo_svc_user_find(svc, user, &u, &e))
        return vo_cli_fail(&e);
    struct vo_api_token t;
    const char *secret = NULL;
    int64_t expires = days ? vo_now() + (int64_t)days * 86400 : VO_NULL;
    if (vo_auth_token_create(svc, u.id, name, bits, expires, &t, &secret, &e))
        return vo_cli_fail(&e);
    printf(vo_cli_tr("Created token %lld for %s: scopes %s, expires %s\n"), (long long)t.id, user,
           scopes_text(svc->arena, t.scopes), when(svc, t.expires_at));
    printf(vo_cli_tr("Token: %s   (shown once)\n"), secret);
    return 0;
}

int vo_cmd_token(int argc, char **argv)
{
    struct vo_cli_common common = {0};
    char *user = NULL, *name = NULL, *scopes = NULL;
    int days = 0;
    GOptionEntry entries[] = {
        {"user", 0, 0, G_OPTION_ARG_STRING, &user, VO_MSG("The token's user (create)"), "EMAIL"},
        {"name", 0, 0, G_OPTION_ARG_STRING, &name, VO_MSG("The token's name (create)"), "NAME"},
        {"scopes", 0, 0, G_OPTION_ARG_STRING, &scopes,
         VO_MSG("read, write, reports, admin, separated by commas (default read,write,reports)"),
         "LIST"},
        {"expires-days", 0, 0, G_OPTION_ARG_INT, &days,
         VO_MSG("Days until the token expires (default: never)"), "N"},
        G_OPTION_ENTRY_NULL};
    int rc = vo_cli_parse(&argc, &argv, "create|list|revoke [ID]", TOKEN_HELP, entries, &common);
    if (rc)
        goto out;
    if (argc < 2) {
        rc = vo_cli_usage("token", "say create, list or revoke");
        goto out;
    }
    const char *sub = argv[1];
    struct vo_arena arena;
    struct vo_svc svc;
    if ((rc = vo_cli_begin(&common, &svc, &arena)))
        goto out;
    struct vo_error e = {0};
    if (strcmp(sub, "list") == 0) {
        rc = token_list(&svc);
    } else if (strcmp(sub, "create") == 0) {
        rc = token_create(&svc, user, name, scopes, days);
    } else if (strcmp(sub, "revoke") == 0) {
        char *end = NULL;
        long long id = argc > 2 ? g_ascii_strtoll(argv[2], &end, 10) : 0;
        if (id <= 0 || !end || *end) {
            rc = vo_cli_usage("token", "revoke needs the token's ID");
        } else if (vo_auth_token_revoke(&svc, id, &e)) {
            rc = vo_cli_fail(&e);
        } else {
            printf(vo_cli_tr("Revoked token %lld\n"), id);
        }
    } else {
        rc = vo_cli_usage("token", "unknown subcommand \"%s\"", sub);
    }
    vo_svc_close(&svc);
    vo_arena_cleanup(&arena);
out:
    g_free(common.db);
    g_free(common.org);
    g_free(user);
    g_free(name);
    g_free(scopes);
    return rc;
}
