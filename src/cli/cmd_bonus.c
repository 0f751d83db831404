/*
 * cmd_bonus.c - `voronka bonus set --file SCHEME.json | list`: write a
 * bonus scheme from the contract's JSON (docs/bonuses.md; a scheme of the
 * same name gets a new version from its from_month), and print the org's
 * schemes with their versions and users as JSON. Both through
 * service/bonus.h, as the API's /api/v1/bonus-schemes.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "service/bonus.h"

static int set(struct vo_svc *svc, const char *file)
{
    struct vo_error e = {0};
    json_error_t je;
    json_t *in = json_load_file(file, 0, &je);
    if (!in) {
        vo_error_set(&e, VO_EINVAL, "file", "%s: not JSON (line %d: %s)", file, je.line, je.text);
        return vo_cli_fail(&e);
    }
    int64_t id = 0;
    vo_err rc = vo_svc_bonus_set(svc, 0, in, &id, &e);
    const char *name = json_string_value(json_object_get(in, "name"));
    const char *month = json_string_value(json_object_get(in, "from_month"));
    if (!rc)
        printf(vo_cli_tr("Bonus scheme \"%s\" (id %lld) saved, its terms from %s\n"), name,
               (long long)id, month);
    json_decref(in);
    return rc ? vo_cli_fail(&e) : VO_EXIT_OK;
}

static int list(struct vo_svc *svc)
{
    struct vo_error e = {0};
    json_t *out = NULL;
    if (vo_svc_bonus_schemes(svc, 0, &out, &e))
        return vo_cli_fail(&e);
    char *text = json_dumps(out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
    json_decref(out);
    if (text)
        printf("%s\n", text);
    free(text);
    return text ? VO_EXIT_OK : VO_EXIT_STORE;
}

int vo_cmd_bonus(int argc, char **argv)
{
    struct vo_cli_common common = {0};
    char *file = NULL;
    GOptionEntry entries[] = {{"file", 0, 0, G_OPTION_ARG_FILENAME, &file,
                               VO_MSG("The scheme's JSON (set)"), "SCHEME.json"},
                              G_OPTION_ENTRY_NULL};
    int rc = vo_cli_parse(&argc, &argv, "set|list",
                          VO_MSG("Bonus schemes (docs/bonuses.md).\nset: write the scheme of "
                                 "--file (a scheme of the same name gets a new version from its "
                                 "from_month).\nlist: the schemes with their versions and "
                                 "users, as JSON.\n\nExample: voronka bonus set --file "
                                 "scheme.json"),
                          entries, &common);
    struct vo_arena arena;
    struct vo_svc svc = {0};
    bool opened = false;
    if (rc)
        goto out;
    bool is_set = false;
    if ((rc = vo_cli_two_subs(argc, argv, "bonus", "set", "list", VO_MSG("say set or list"),
                              &is_set)))
        goto out;
    if (is_set && !file) {
        rc = vo_cli_usage("bonus", "--file SCHEME.json is required");
        goto out;
    }
    if ((rc = vo_cli_begin(&common, &svc, &arena)))
        goto out;
    opened = true;
    rc = is_set ? set(&svc, file) : list(&svc);
out:
    if (opened)
        vo_cli_end(&common, &svc, &arena, &file, 1);
    else {
        g_free(file);
        g_free(common.db);
        g_free(common.org);
    }
    return rc;
}
