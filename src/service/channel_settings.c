/*
 * channel_settings.c - gross_margin out of the org's settings JSON, so the
 * channel analytics (src/analytics/channels.c) take a plain number.
 */
#include "service/channel_settings.h"

#include <math.h>

#include <jansson.h>

vo_err vo_channel_settings_parse(const char *json, double *gross_margin, struct vo_error *e)
{
    double gm = VO_GROSS_MARGIN_DEFAULT;
    if (!json || !*json) {
        *gross_margin = gm;
        return VO_OK;
    }
    json_t *root = json_loads(json, 0, NULL);
    json_t *v = json_is_object(root) ? json_object_get(root, "gross_margin") : NULL;
    vo_err rc = VO_OK;
    if (v) {
        double x = json_is_number(v) ? json_number_value(v) : NAN;
        if (!(x > 0 && x <= 1))
            rc = vo_error_set(e, VO_EINVAL, "gross_margin",
                              "gross_margin is a number above 0 and at most 1");
        else
            gm = x;
    }
    json_decref(root);
    if (!rc)
        *gross_margin = gm;
    return rc;
}
