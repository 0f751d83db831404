/*
 * api_key_accounts.c - a key account's plan of a month (issue 12, item
 * 1; docs/reports.md "Key accounts"): PUT
 * /api/v1/key-accounts/{client_id}/plans/{month} {"target": minor units}
 * answers 200 {"client_id", "month", "target"}; DELETE the same path
 * answers 200 {"client_id", "month", "deleted": true}. The rules (who,
 * bounds, the key account) are service/key_accounts.h's. The list is the
 * report (api_reports.c).
 */
#include "http/api.h"
#include "http/http_int.h"

#include "service/key_accounts.h"

vo_err api_key_accounts_plan_put(struct vo_req *r)
{
    static const char *const fields[] = {"target", NULL};
    int64_t client = 0, target = 0;
    const char *month = r->param[1];
    vo_err rc = vo_req_id(r, 0, &client);
    if (rc || (rc = vo_req_body_fields(r, fields)) ||
        (rc = vo_req_int(r, "target", true, &target, NULL)) ||
        (rc = vo_svc_ka_plan_set(&r->svc, client, month, target, &r->err)))
        return rc;
    vo_req_json(r, 200,
                json_pack("{s:I,s:s,s:I}", "client_id", (json_int_t)client, "month", month,
                          "target", (json_int_t)target));
    return VO_OK;
}

vo_err api_key_accounts_plan_delete(struct vo_req *r)
{
    int64_t client = 0;
    const char *month = r->param[1];
    vo_err rc = vo_req_id(r, 0, &client);
    if (rc || (rc = vo_svc_ka_plan_delete(&r->svc, client, month, &r->err)))
        return rc;
    vo_req_json(
        r, 200,
        json_pack("{s:I,s:s,s:b}", "client_id", (json_int_t)client, "month", month, "deleted", 1));
    return VO_OK;
}
