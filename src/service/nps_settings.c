/*
 * nps_settings.c - the NPS settings (nps_settings.h) with their default
 * and bounds, checked when the org's settings are saved (config.c) and
 * read when a survey link is made (nps.c).
 */
#include "service/nps_settings.h"

#include <jansson.h>

vo_err vo_nps_settings_parse(const char *json, struct vo_nps_settings *out, struct vo_error *e)
{
    out->link_days = VO_NPS_LINK_DAYS_DEFAULT;
    if (!json || !*json)
        return VO_OK;
    json_t *root = json_loads(json, 0, NULL);
    json_t *v = json_object_get(root, "nps_link_days");
    vo_err rc = VO_OK;
    if (v) {
        if (!json_is_integer(v) || json_integer_value(v) < 1 ||
            json_integer_value(v) > VO_NPS_LINK_DAYS_MAX)
            rc = vo_error_set(e, VO_EINVAL, "nps_link_days", "want a whole number of days 1..365");
        else
            out->link_days = (int)json_integer_value(v);
    }
    json_decref(root);
    return rc;
}
