/*
 * cmd_key_account.c - `voronka key-account list|plan set|plan delete`
 * (issue 12, item 1; docs/cli.md "Key accounts"): the key accounts'
 * plan-fact of a month (the report `key-accounts`, the same options) and
 * a key account's plan of a month, written through the use case of PUT /
 * DELETE /api/v1/key-accounts/{id}/plans/{month} (service/key_accounts.h:
 * the same bounds, errors and audit rows). The client is its external id
 * or its id; the amount is in major units.
 */
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "cli/cli.h"
#include "service/key_accounts.h"

/* plan set / plan delete on the org opened in svc. */
static int plan(struct vo_svc *svc, bool set, const char *client, const char *month,
                const char *amount)
{
    struct vo_error e = {0};
    int64_t id = 0, target = 0;
    if (vo_svc_ka_client_find(svc, client, "client", &id, &e))
        return vo_cli_fail(&e);
    if (set && vo_money_parse(amount, svc->currency_digits, &target, "amount", &e))
        return vo_cli_fail(&e);
    if (set ? vo_svc_ka_plan_set(svc, id, month, target, &e)
            : vo_svc_ka_plan_delete(svc, id, month, &e))
        return vo_cli_fail(&e);
    if (set) {
        char buf[64];
        vo_money_format(target, svc->currency_digits, "ru", buf, sizeof buf);
        printf(vo_cli_tr("Plan of %s for %s: %s\n"), client, month, buf);
    } else {
        printf(vo_cli_tr("Plan of %s for %s deleted\n"), client, month);
    }
    return VO_EXIT_OK;
}

int vo_cmd_key_account(int argc, char **argv)
{
    /* list: the report's own command line, options and all */
    if (argc >= 2 && strcmp(argv[1], "list") == 0) {
        char **args = g_new0(char *, (size_t)argc + 2);
        args[0] = (char *)"report";
        args[1] = (char *)"key-accounts";
        for (int i = 2; i < argc; i++)
            args[i] = argv[i];
        int rc = vo_cmd_report(argc, args);
        g_free(args);
        return rc;
    }
    struct vo_cli_common common = {0};
    char *client = NULL, *month = NULL, *amount = NULL;
    GOptionEntry entries[] = {
        {"client", 0, 0, G_OPTION_ARG_STRING, &client,
         VO_MSG("plan: the key account, its external id or id"), "EXT_OR_ID"},
        {"month", 0, 0, G_OPTION_ARG_STRING, &month, VO_MSG("plan: the month"), "YYYY-MM"},
        {"amount", 0, 0, G_OPTION_ARG_STRING, &amount, VO_MSG("plan set: the plan in major units"),
         "N"},
        G_OPTION_ENTRY_NULL};
    int rc = vo_cli_parse(&argc, &argv, "list|plan set|plan delete",
                          VO_MSG("Key accounts.\nlist: the plan-fact of a month (the options of "
                                 "`report key-accounts`).\nplan set, plan delete: a key "
                                 "account's plan of a month (admin, head)."),
                          entries, &common);
    struct vo_arena arena;
    struct vo_svc svc = {0};
    bool opened = false;
    if (rc)
        goto out;
    bool set = argc == 3 && strcmp(argv[1], "plan") == 0 && strcmp(argv[2], "set") == 0;
    bool del = argc == 3 && strcmp(argv[1], "plan") == 0 && strcmp(argv[2], "delete") == 0;
    if (!set && !del) {
        rc = vo_cli_usage("key-account", "say list, plan set or plan delete");
        goto out;
    }
    if (!client || !month || (set && !amount)) {
        rc = vo_cli_usage("key-account", "--client, --month and (set) --amount are required");
        goto out;
    }
    if ((rc = vo_cli_begin(&common, &svc, &arena)))
        goto out;
    opened = true;
    rc = plan(&svc, set, client, month, amount);
out:
    if (opened) {
        char *strs[] = {client, month, amount};
        vo_cli_end(&common, &svc, &arena, strs, 3);
    } else {
        g_free(client);
        g_free(month);
        g_free(amount);
        g_free(common.db);
        g_free(common.org);
    }
    return rc;
}
