/*
 * hygiene_settings.c - the hygiene thresholds out of the org's settings
 * JSON, so the audit itself (src/analytics/hygiene.c) takes plain numbers
 * and never parses anything.
 */
#include "service/hygiene_settings.h"

#include <stdbool.h>
#include <string.h>

#include <jansson.h>

static vo_err parse_fields(json_t *v, unsigned *out, struct vo_error *e)
{
    const char *key = "required_deal_fields";
    if (!json_is_array(v))
        return vo_error_set(e, VO_EINVAL, key, "want a list of field names");
    unsigned bits = 0;
    size_t i;
    json_t *f;
    json_array_foreach(v, i, f)
    {
        const char *name = json_string_value(f);
        unsigned bit = 0;
        for (unsigned b = 1; b <= VO_HY_REQ_SOURCE && name; b <<= 1)
            if (strcmp(name, vo_hygiene_field_name(b)) == 0)
                bit = b;
        if (!bit)
            return vo_error_set(e, VO_EINVAL, key,
                                "\"%s\" is not a deal field (amount, client, stage, channel, "
                                "source)",
                                name ? name : "?");
        bits |= bit;
    }
    *out = bits;
    return VO_OK;
}

static vo_err parse_int(json_t *v, const char *key, bool nullable, int32_t *out, struct vo_error *e)
{
    if (nullable && json_is_null(v)) {
        *out = -1;
        return VO_OK;
    }
    if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 100000)
        return vo_error_set(e, VO_EINVAL, key, "want a whole number 0..100000%s",
                            nullable ? " or null" : "");
    *out = (int32_t)json_integer_value(v);
    return VO_OK;
}

vo_err vo_hygiene_settings_parse(const char *json, struct vo_hygiene_settings *out,
                                 struct vo_error *e)
{
    struct vo_hygiene_settings s;
    vo_hygiene_settings_default(&s);
    if (!json || !*json) {
        *out = s;
        return VO_OK;
    }
    json_error_t je;
    json_t *root = json_loads(json, 0, &je);
    vo_err rc = VO_OK;
    if (!json_is_object(root)) {
        rc = vo_error_set(e, VO_EINVAL, "settings", "not a JSON object: %s", je.text);
        goto out;
    }
    json_t *v;
    if ((v = json_object_get(root, "stale_days")) &&
        (rc = parse_int(v, "stale_days", false, &s.stale_days, e)))
        goto out;
    if ((v = json_object_get(root, "open_deal_limit")) &&
        (rc = parse_int(v, "open_deal_limit", true, &s.open_deal_limit, e)))
        goto out;
    if ((v = json_object_get(root, "required_deal_fields")) &&
        (rc = parse_fields(v, &s.required, e)))
        goto out;
    *out = s;
out:
    json_decref(root);
    return rc;
}
