/*
 * api_clients_risk.c - POST /api/v1/clients/{id}/risk-task (issue 12,
 * item 3): a call task for the owner of a client at risk, made by the
 * task use case (service/client_reports.h, vo_svc_client_risk_task).
 * Body: {"due_at"?: ISO time, default 12:00 local tomorrow}. Answers 201
 * with the task as GET /api/v1/tasks/{id} does.
 */
#include "http/api.h"
#include "http/http_int.h"

#include "service/client_reports.h"
#include "service/crm.h"

vo_err api_clients_risk_task(struct vo_req *r)
{
    static const char *const fields[] = {"due_at", NULL};
    int64_t client = 0, task = 0;
    const char *due = NULL;
    struct vo_task t;
    vo_err rc = vo_req_id(r, 0, &client);
    if (rc || (rc = vo_req_body_fields(r, fields)) || (rc = vo_req_str(r, "due_at", false, &due)) ||
        (rc = vo_svc_client_risk_task(&r->svc, client, due, &task, &r->err)) ||
        (rc = vo_svc_task_get(&r->svc, task, &t, &r->err)))
        return rc;
    vo_req_json(r, 201, vo_json_task(r, &t));
    return VO_OK;
}
