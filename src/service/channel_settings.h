/*
 * channel_settings.h - the channel economics' settings from the org's
 * settings JSON (docs/api-config.md): gross_margin, the share of revenue
 * left after the cost of sales that pays a client's acquisition back
 * (METRICS.md "Channels and money": payback_months).
 */
#ifndef VO_SERVICE_CHANNEL_SETTINGS_H
#define VO_SERVICE_CHANNEL_SETTINGS_H

#include "base/err.h"

/* gross_margin when the settings do not set it. */
#define VO_GROSS_MARGIN_DEFAULT 0.30

/* Reads {"gross_margin": x} from the org's settings JSON text into *out:
 * a number with 0 < x <= 1; NULL, "" or a missing key keeps the default.
 * Other keys are ignored. VO_EINVAL naming "gross_margin" on a bad value
 * (*out then untouched). Borrows json. */
vo_err vo_channel_settings_parse(const char *json, double *gross_margin, struct vo_error *e);

#endif
