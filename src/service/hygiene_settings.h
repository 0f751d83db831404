/*
 * hygiene_settings.h - the CRM hygiene thresholds from the org's settings
 * JSON (METRICS.md: stale_days, open_deal_limit, required_deal_fields).
 */
#ifndef VO_SERVICE_HYGIENE_SETTINGS_H
#define VO_SERVICE_HYGIENE_SETTINGS_H

#include "analytics/hygiene.h"
#include "base/err.h"

/* Reads {"stale_days":N,"open_deal_limit":N|null,"required_deal_fields":
 * ["amount","client",...]} from the org's settings JSON text into *out.
 * NULL or "" means all defaults; a missing key keeps its default; other
 * keys are ignored. Fields: amount, client, stage, channel, source.
 * VO_EINVAL naming the key on a bad value or an unknown field (*out is
 * then untouched). Borrows json. */
vo_err vo_hygiene_settings_parse(const char *json, struct vo_hygiene_settings *out,
                                 struct vo_error *e);

#endif
