/*
 * cmd_user.c - `voronka user add | list | passwd | disable`.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "render/table.h"
#include "service/org_reads.h"

static const char *const USER_HELP = VO_MSG(
    "Subcommands:\n"
    "  add --name NAME [--email EMAIL] [--role admin|head|manager|viewer] [--team TEAM]\n"
    "      [--password PW]    adds a user (a password is generated and printed when not given)\n"
    "  list                   lists the org's users\n"
    "  passwd EMAIL [--password PW]   sets a new password (generated when not given)\n"
    "  disable EMAIL          disables a user (the last active admin cannot be disabled)");

static int user_list(struct vo_svc *svc)
{
    struct vo_user *users = NULL;
    size_t n = 0;
    struct vo_error e = {0};
    if (vo_svc_user_list(svc, &users, &n, &e))
        return vo_cli_fail(&e);
    const char *headers[] = {"id",
                             vo_cli_tr("name"),
                             "email",
                             vo_cli_tr("role"),
                             vo_cli_tr("team"),
                             vo_cli_tr("active")};
    struct vo_table t;
    vo_table_init(&t, svc->arena, 6, headers);
    vo_table_align(&t, 0, VO_ALIGN_RIGHT);
    for (size_t i = 0; i < n; i++) {
        const char *team = users[i].team_id ? vo_svc_team_name(svc, users[i].team_id) : NULL;
        const char *cells[6] = {vo_arena_printf(svc->arena, "%lld", (long long)users[i].id),
                                users[i].name,
                                users[i].email ? users[i].email : "-",
                                vo_role_name(users[i].role),
                                team ? team : "",
                                users[i].active ? vo_cli_tr("yes") : vo_cli_tr("no")};
        vo_table_add(&t, cells);
    }
    vo_table_print(&t, stdout);
    return 0;
}

int vo_cmd_user(int argc, char **argv)
{
    struct vo_cli_common common = {0};
    char *name = NULL, *email = NULL, *role = NULL, *team = NULL, *password = NULL;
    GOptionEntry entries[] = {
        {"name", 0, 0, G_OPTION_ARG_STRING, &name, VO_MSG("Full name (add)"), "NAME"},
        {"email", 0, 0, G_OPTION_ARG_STRING, &email, VO_MSG("Email (add)"), "EMAIL"},
        {"role", 0, 0, G_OPTION_ARG_STRING, &role, VO_MSG("admin, head, manager (default), viewer"),
         "ROLE"},
        {"team", 0, 0, G_OPTION_ARG_STRING, &team, VO_MSG("Team name, created when missing"),
         "TEAM"},
        {"password", 0, 0, G_OPTION_ARG_STRING, &password,
         VO_MSG("Password (else one is generated and printed)"), "PW"},
        G_OPTION_ENTRY_NULL};
    int rc =
        vo_cli_parse(&argc, &argv, "add|list|passwd|disable [EMAIL]", USER_HELP, entries, &common);
    if (rc)
        goto out;
    if (argc < 2) {
        rc = vo_cli_usage("user", "say add, list, passwd or disable");
        goto out;
    }
    const char *sub = argv[1];
    struct vo_arena arena;
    struct vo_svc svc;
    if ((rc = vo_cli_begin(&common, &svc, &arena)))
        goto out;
    struct vo_error e = {0};
    const char *pw = NULL;
    if (strcmp(sub, "list") == 0) {
        rc = user_list(&svc);
    } else if (strcmp(sub, "add") == 0) {
        if (!name && argc > 2)
            name = g_strdup(argv[2]);
        if (!name) {
            rc = vo_cli_usage("user", "add needs --name NAME");
        } else {
            struct vo_user_input in = {
                .name = name, .email = email, .role = role, .team = team, .password = password};
            int64_t id = 0;
            if (vo_svc_user_add(&svc, &in, &id, &pw, &e)) {
                rc = vo_cli_fail(&e);
            } else {
                printf(vo_cli_tr("Added user %lld: %s%s%s\n"), (long long)id, name,
                       email ? " " : "", email ? email : "");
                if (!password)
                    printf(vo_cli_tr("Password: %s   (shown once)\n"), pw);
            }
        }
    } else if (strcmp(sub, "passwd") == 0 || strcmp(sub, "disable") == 0) {
        const char *who = argc > 2 ? argv[2] : email;
        if (!who) {
            rc = vo_cli_usage("user", "%s needs the user's EMAIL", sub);
        } else if (sub[0] == 'p') {
            if (vo_svc_user_passwd(&svc, who, password, &pw, &e)) {
                rc = vo_cli_fail(&e);
            } else {
                printf(vo_cli_tr("Password of %s changed\n"), who);
                if (!password)
                    printf(vo_cli_tr("Password: %s   (shown once)\n"), pw);
            }
        } else if (vo_svc_user_disable(&svc, who, &e)) {
            rc = vo_cli_fail(&e);
        } else {
            printf(vo_cli_tr("Disabled %s\n"), who);
        }
    } else {
        rc = vo_cli_usage("user", "unknown subcommand \"%s\"", sub);
    }
    vo_svc_close(&svc);
    vo_arena_cleanup(&arena);
out:
    g_free(common.db);
    g_free(common.org);
    g_free(name);
    g_free(email);
    g_free(role);
    g_free(team);
    g_free(password);
    return rc;
}
