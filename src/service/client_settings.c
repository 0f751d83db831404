/*
 * client_settings.c - abc_basis and at_risk_days out of the org's
 * settings JSON, so the client analytics (analytics/abc.c) take plain
 * values.
 */
#include "service/client_settings.h"

#include <string.h>

#include <jansson.h>

vo_err vo_client_settings_parse(const char *json, struct vo_client_settings *out,
                                struct vo_error *e)
{
    struct vo_client_settings s = {VO_ABC_PAYMENTS, VO_AT_RISK_DAYS_DEFAULT};
    if (!json || !*json) {
        *out = s;
        return VO_OK;
    }
    json_error_t je;
    json_t *root = json_loads(json, 0, &je);
    vo_err rc = VO_OK;
    json_t *v;
    if (!json_is_object(root)) {
        rc = vo_error_set(e, VO_EINVAL, "settings", "not a JSON object: %s", je.text);
        goto out;
    }
    if ((v = json_object_get(root, "abc_basis"))) {
        const char *b = json_string_value(v);
        if (b && strcmp(b, "payments") == 0)
            s.abc_basis = VO_ABC_PAYMENTS;
        else if (b && strcmp(b, "revenue") == 0)
            s.abc_basis = VO_ABC_REVENUE;
        else {
            rc = vo_error_set(e, VO_EINVAL, "abc_basis", "want \"payments\" or \"revenue\"");
            goto out;
        }
    }
    if ((v = json_object_get(root, "at_risk_days"))) {
        if (!json_is_integer(v) || json_integer_value(v) < 1 ||
            json_integer_value(v) > VO_AT_RISK_DAYS_MAX) {
            rc = vo_error_set(e, VO_EINVAL, "at_risk_days", "want a whole number 1..3650");
            goto out;
        }
        s.at_risk_days = (int32_t)json_integer_value(v);
    }
    *out = s;
out:
    json_decref(root);
    return rc;
}
