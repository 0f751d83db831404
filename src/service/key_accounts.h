/*
 * key_accounts.h - the key accounts (issue 12, item 1; docs/reports.md
 * "Key accounts"): `voronka report key-accounts` / GET
 * /api/v1/reports/key-accounts (= GET /api/v1/key-accounts), each key
 * account (clients.key_account = 1) with its plan of the month, the fact,
 * the pct and 12 months of history; and the plans' writes (PUT / DELETE
 * /api/v1/key-accounts/{client_id}/plans/{month}).
 *
 * Who: an admin or the head sets and deletes a plan (VO_OBJ_PLAN); the
 * report is read whole by an admin, the head and a viewer, a manager
 * reads their own key accounts (the client's owner), restricted here and
 * nowhere else. Bounds: month "YYYY-MM" 2000-01..2100-12, target
 * 0..10^15 minor units, the client a key account of the org (VO_EINVAL,
 * field client_id, otherwise). Each write is one transaction with an
 * audit row (key_account_plan.set / key_account_plan.delete, object
 * client); plans are not in the dataset, so nothing is emitted.
 */
#ifndef VO_SERVICE_KEY_ACCOUNTS_H
#define VO_SERVICE_KEY_ACCOUNTS_H

#include "analytics/key_accounts.h"
#include "analytics/report_query.h"
#include "service/service.h"

#define VO_KA_TARGET_MAX 1000000000000000LL /* 10^15 minor units */

vo_err vo_svc_report_key_accounts(struct vo_svc *svc, const struct vo_report_query *q,
                                  struct vo_ka *out, struct vo_error *e);

/* The client written as ext_or_id on the command line: its external id,
 * else (all digits) its id in the org. VO_ENOTFOUND naming field when
 * neither is a client of the org. */
vo_err vo_svc_ka_client_find(struct vo_svc *svc, const char *ext_or_id, const char *field,
                             int64_t *id, struct vo_error *e);

vo_err vo_svc_ka_plan_set(struct vo_svc *svc, int64_t client, const char *month, int64_t target,
                          struct vo_error *e);
vo_err vo_svc_ka_plan_delete(struct vo_svc *svc, int64_t client, const char *month,
                             struct vo_error *e);

#endif
