/*
 * bonus.h - bonus schemes and the month's payouts (issue 11, item 6;
 * METRICS.md "People"; docs/bonuses.md). One use case writes a scheme,
 * for `voronka bonus set --file` and POST / PATCH /api/v1/bonus-schemes
 * alike, from the JSON of the contract:
 *   {"name", "base" (major units), "commission": {"metric", "rate"},
 *    "tiers": [{"from": pct, "multiplier"}], "kpi": [{"metric",
 *    "min_pct", "bonus" (major units)}], "users": [emails],
 *    "from_month": "YYYY-MM"}
 * A scheme of that name gets a new version from from_month (the months
 * before keep the version they were paid by); the users listed are paid
 * by it from from_month on. Only an admin or the head writes schemes
 * (VO_EPERM); everyone signed in but a manager reads them. Each write is
 * one transaction with an audit row (bonus_scheme.set).
 *
 * Bounds (VO_EINVAL naming the member, e.g. "tiers[1].from"): name 1..80
 * characters; base and a KPI's bonus 0..VO_AMOUNT_MAX minor units; the
 * commission's metric revenue or payments (default payments), its rate
 * 0..1; a tier's from and multiplier 0..10, the froms strictly
 * increasing, at most 10 tiers; a KPI's metric additive, min_pct 0..10,
 * at most 10; users known e-mails of the org, at most 500; from_month a
 * month of the supported range. A rate, a from, a multiplier, a min_pct
 * has at most 6 decimals (stored in millionths, exactly).
 */
#ifndef VO_SERVICE_BONUS_H
#define VO_SERVICE_BONUS_H

#include <jansson.h>

#include "analytics/bonus.h"
#include "analytics/report_query.h"
#include "service/service.h"

#define VO_BONUS_NAME_MAX  80
#define VO_BONUS_TIERS_MAX 10
#define VO_BONUS_KPI_MAX   10
#define VO_BONUS_USERS_MAX 500

/* Writes the scheme described by in (borrowed): id 0 finds the scheme by
 * in's "name" (made when missing); id > 0 is that scheme (VO_ENOTFOUND
 * naming "id"), renamed when in names another name. *out the scheme's id. */
vo_err vo_svc_bonus_set(struct vo_svc *svc, int64_t id, json_t *in, int64_t *out,
                        struct vo_error *e);

/* The org's schemes (id 0), or scheme id alone (VO_ENOTFOUND naming
 * "id"), as JSON: {"id", "name", "versions": [the contract's members
 * from "base" to "kpi", with "from_month"], "users": [{"user_id", "name",
 * "email", "from_month"}]} (the users whose latest assignment is the
 * scheme). id 0 gives {"items": [...]}. A new reference in *out. */
vo_err vo_svc_bonus_schemes(struct vo_svc *svc, int64_t id, json_t **out, struct vo_error *e);

/* The payouts of q's month (q->period given as YYYY-MM; anything else is
 * VO_EINVAL naming "period") for every user with a scheme that month; a
 * manager (q->self) gets their own row only. Rows in q->arena. */
vo_err vo_svc_report_bonus(struct vo_svc *svc, const struct vo_report_query *q,
                           struct vo_bonus_result *out, struct vo_error *e);

#endif
