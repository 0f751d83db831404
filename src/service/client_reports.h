/*
 * client_reports.h - the client reports of issue 12 (items 1 and 3) for
 * the CLI and the API: `voronka report abc-xyz` / GET
 * /api/v1/reports/abc-xyz and `voronka report at-risk` / GET
 * /api/v1/reports/at-risk. Reads the org's settings (abc_basis,
 * at_risk_days: service/client_settings.h) and the clients' external ids
 * (the dataset holds none), and computes (analytics/abc.h). Who sees what
 * (docs/reports.md): an admin, the head and a viewer read the reports
 * whole; a manager reads only the rows of their own clients (the client's
 * owner), restricted here and nowhere else (the ABC classes stay the
 * org's: a client's class does not depend on who reads it).
 */
#ifndef VO_SERVICE_CLIENT_REPORTS_H
#define VO_SERVICE_CLIENT_REPORTS_H

#include "analytics/abc.h"
#include "analytics/abc_products.h"
#include "analytics/report_query.h"
#include "service/service.h"

vo_err vo_svc_report_abc(struct vo_svc *svc, const struct vo_report_query *q, struct vo_abc *out,
                         struct vo_error *e);
/* The ABC of products (`report abc-xyz --of products`, ?of=products;
 * analytics/abc_products.h): reads the window's product lines and the
 * catalogue (the rows' ext ids, names and categories), and computes. A
 * manager's report counts only the deals they own (the restriction of the
 * client reports: owner_of). */
vo_err vo_svc_report_abc_products(struct vo_svc *svc, const struct vo_report_query *q,
                                  struct vo_abcp *out, struct vo_error *e);
vo_err vo_svc_report_at_risk(struct vo_svc *svc, const struct vo_report_query *q,
                             struct vo_risk *out, struct vo_error *e);

/* "A task created on request" for a client at risk (issue 12, item 3):
 * a call task for the client's owner (the actor when the client has no
 * owner, or when a manager asks: a manager only sees their own clients),
 * through the task use case (vo_svc_task_create: the roles, the
 * transaction, the audit and the live dataset are its), titled in Russian
 * with the client's name and the due date. due_at: ISO text, NULL = 12:00
 * local tomorrow. The task's id into *task. VO_ENOTFOUND for a client the
 * actor does not see. */
vo_err vo_svc_client_risk_task(struct vo_svc *svc, int64_t client, const char *due_at,
                               int64_t *task, struct vo_error *e);

#endif
