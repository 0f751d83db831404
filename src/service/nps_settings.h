/*
 * nps_settings.h - the NPS settings out of the org's settings JSON
 * (docs/api-config.md, "NPS"): nps_link_days, how many days a survey link
 * stays valid (default 30, 1..365).
 */
#ifndef VO_SERVICE_NPS_SETTINGS_H
#define VO_SERVICE_NPS_SETTINGS_H

#include "base/err.h"

#define VO_NPS_LINK_DAYS_DEFAULT 30
#define VO_NPS_LINK_DAYS_MAX     365

struct vo_nps_settings {
    int link_days;
};

/* Parses json (the org's settings object; NULL or "" = defaults) into
 * *out. VO_EINVAL naming "nps_link_days" when it is not a whole number
 * 1..365. */
vo_err vo_nps_settings_parse(const char *json, struct vo_nps_settings *out, struct vo_error *e);

#endif
