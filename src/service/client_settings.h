/*
 * client_settings.h - the client reports' settings in the org's settings
 * JSON (issue 12, clients; docs/api-config.md): "abc_basis" ("payments",
 * the default, or "revenue": won deals' amounts) and "at_risk_days"
 * (default 90, a whole number 1..3650).
 */
#ifndef VO_SERVICE_CLIENT_SETTINGS_H
#define VO_SERVICE_CLIENT_SETTINGS_H

#include <stdint.h>

#include "analytics/abc.h"
#include "base/err.h"

#define VO_AT_RISK_DAYS_DEFAULT 90
#define VO_AT_RISK_DAYS_MAX     3650

struct vo_client_settings {
    enum vo_abc_basis abc_basis;
    int32_t at_risk_days;
};

/* Reads the two keys from the settings JSON text (NULL or "" = defaults;
 * a missing key keeps its default; other keys are ignored) into *out.
 * VO_EINVAL naming the key on a bad value (*out untouched). */
vo_err vo_client_settings_parse(const char *json, struct vo_client_settings *out,
                                struct vo_error *e);

#endif
