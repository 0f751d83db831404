/*
 * api.h - the handlers of the route table, one group per file
 * (api_<resource>.c), and the JSON shapes they share.
 */
#ifndef VO_HTTP_API_H
#define VO_HTTP_API_H

#include "http/http.h"

/* api_meta.c */
vo_err api_health(struct vo_req *r);
vo_err api_openapi(struct vo_req *r);
/* api_mail.c: the org's e-mail settings (docs/notifications.md) */
vo_err api_mail_get(struct vo_req *r);
vo_err api_mail_set(struct vo_req *r);
vo_err api_mail_test(struct vo_req *r);
/* api_reports.c */
/* GET /api/v1/reports/NAME: the report named by the path's last segment. */
vo_err api_reports(struct vo_req *r);
/* api_session.c */
vo_err api_session_login(struct vo_req *r);
vo_err api_session_logout(struct vo_req *r);
vo_err api_session_me(struct vo_req *r);
/* api_users.c */
vo_err api_users_list(struct vo_req *r);
vo_err api_users_create(struct vo_req *r);
vo_err api_users_get(struct vo_req *r);
vo_err api_users_update(struct vo_req *r);
vo_err api_users_password(struct vo_req *r);
/* api_tokens.c */
vo_err api_tokens_list(struct vo_req *r);
vo_err api_tokens_create(struct vo_req *r);
vo_err api_tokens_revoke(struct vo_req *r);
/* api_config.c */
vo_err api_teams_list(struct vo_req *r);
vo_err api_teams_create(struct vo_req *r);
vo_err api_teams_update(struct vo_req *r);
vo_err api_products_list(struct vo_req *r);
vo_err api_products_create(struct vo_req *r);
vo_err api_products_get(struct vo_req *r);
vo_err api_products_update(struct vo_req *r);
vo_err api_pipelines_list(struct vo_req *r);
vo_err api_pipelines_create(struct vo_req *r);
vo_err api_stages_create(struct vo_req *r);
vo_err api_stages_update(struct vo_req *r);
vo_err api_holidays_list(struct vo_req *r);
vo_err api_holidays_create(struct vo_req *r);
vo_err api_holidays_delete(struct vo_req *r);
vo_err api_org_get(struct vo_req *r);
vo_err api_org_update(struct vo_req *r);
vo_err api_audit_list(struct vo_req *r);
/* api_plans.c */
vo_err api_plans_list(struct vo_req *r);
vo_err api_plans_set(struct vo_req *r);
vo_err api_plans_split(struct vo_req *r);
/* api_plan_views.c */
vo_err api_plans_days(struct vo_req *r);
vo_err api_plans_reverse(struct vo_req *r);
/* api_import.c */
vo_err api_import(struct vo_req *r);

/* api_crm.c */
vo_err api_clients_list(struct vo_req *r);
vo_err api_clients_create(struct vo_req *r);
vo_err api_clients_get(struct vo_req *r);
vo_err api_clients_update(struct vo_req *r);
/* Adds client c's card (inn, kpp, address, phone, phone_digits, email,
 * website, comment; null when not filled in) to its JSON object o
 * (api_clients.c; issue 10, clients). */
vo_err vo_api_client_card_json(struct vo_req *r, const struct vo_client *c, json_t *o);
/* A client's contacts (api_clients.c; issue 10, clients). */
vo_err api_client_contacts_list(struct vo_req *r);
vo_err api_client_contacts_create(struct vo_req *r);
vo_err api_contacts_get(struct vo_req *r);
vo_err api_contacts_update(struct vo_req *r);
vo_err api_contacts_delete(struct vo_req *r);
vo_err api_contact_roles(struct vo_req *r);
/* Notes and timelines (api_clients.c; issue 10, clients). */
vo_err api_deal_notes_create(struct vo_req *r);
vo_err api_client_notes_create(struct vo_req *r);
vo_err api_notes_get(struct vo_req *r);
vo_err api_notes_update(struct vo_req *r);
vo_err api_notes_delete(struct vo_req *r);
vo_err api_deal_timeline(struct vo_req *r);
vo_err api_client_timeline(struct vo_req *r);
/* Merging duplicate clients (api_clients.c; issue 10, clients). */
vo_err api_clients_merge(struct vo_req *r);
/* The global search (api_clients.c; issue 10, clients). */
vo_err api_search(struct vo_req *r);
/* Adds the contact deal d names (contact_id, contact: its name; null when
 * none) to its JSON object o. */
vo_err vo_api_deal_contact_json(struct vo_req *r, const struct vo_deal_row *d, json_t *o);
vo_err api_deals_list(struct vo_req *r);
vo_err api_deals_create(struct vo_req *r);
vo_err api_deals_get(struct vo_req *r);
vo_err api_deals_update(struct vo_req *r);
vo_err api_deals_history(struct vo_req *r);
vo_err api_deals_move(struct vo_req *r);
vo_err api_deals_win(struct vo_req *r);
vo_err api_deals_lose(struct vo_req *r);
vo_err api_deals_reopen(struct vo_req *r);
vo_err api_activities_list(struct vo_req *r);
vo_err api_activities_create(struct vo_req *r);
vo_err api_activities_get(struct vo_req *r);
vo_err api_activities_update(struct vo_req *r);
vo_err api_tasks_list(struct vo_req *r);
vo_err api_tasks_create(struct vo_req *r);
vo_err api_tasks_get(struct vo_req *r);
vo_err api_tasks_update(struct vo_req *r);
vo_err api_tasks_complete(struct vo_req *r);
/* api_tasks.c (crm-tasks, issue 10) */
vo_err api_tasks_reschedule(struct vo_req *r);
vo_err api_tasks_reschedules(struct vo_req *r);
vo_err api_tasks_recurrence_get(struct vo_req *r);
vo_err api_tasks_recurrence_set(struct vo_req *r);
vo_err api_tasks_recurrence_stop(struct vo_req *r);
/* api_notify.c (crm-tasks, issue 10) */
vo_err api_notifications_list(struct vo_req *r);
vo_err api_notifications_unread(struct vo_req *r);
vo_err api_notifications_read(struct vo_req *r);
vo_err api_notifications_read_all(struct vo_req *r);
/* events.c */
vo_err api_events(struct vo_req *r);
vo_err api_payments_list(struct vo_req *r);
vo_err api_payments_create(struct vo_req *r);
vo_err api_payments_get(struct vo_req *r);
/* api_setup.c: the org's set-up by the head of sales (issue 10) */
vo_err api_calendar_load(struct vo_req *r);
vo_err api_pipelines_update(struct vo_req *r);
vo_err api_pipelines_delete(struct vo_req *r);
vo_err api_stages_delete(struct vo_req *r);

/* api_crm.c: the version a write is made against (docs/api-crm.md,
 * "Versions"): If-Match ("7", 7; * = none), else the body's "version" (a
 * number >= 0); *given is false when there is neither (no check: the last
 * writer wins). Both given and different is VO_EINVAL naming "version", a
 * malformed If-Match naming "If-Match". */
vo_err vo_api_read_version(struct vo_req *r, int64_t *out, bool *given);
/* api_deal_products.c (crm-edit, issue 10) */
vo_err api_deal_products_get(struct vo_req *r);
vo_err api_deal_products_put(struct vo_req *r);
/* api_crm.c: undo a win or a loss (crm-edit, issue 10) */
vo_err api_deals_undo(struct vo_req *r);
/* api_loss_reasons.c (crm-edit, issue 10) */
vo_err api_loss_reasons_list(struct vo_req *r);
vo_err api_loss_reasons_create(struct vo_req *r);
vo_err api_loss_reasons_update(struct vo_req *r);
/* api_custom.c (crm-edit, issue 10) */
vo_err api_custom_fields_list(struct vo_req *r);
vo_err api_custom_fields_create(struct vo_req *r);
vo_err api_custom_fields_update(struct vo_req *r);
vo_err api_custom_fields_delete(struct vo_req *r);

/* Shared JSON shapes. */
json_t *vo_json_user(struct vo_req *r, const struct vo_user *u);
/* Answers status with pipeline id and its stages (api_config.c). */
vo_err vo_respond_pipeline(struct vo_req *r, unsigned status, int64_t id);
/* A task as the tasks routes answer it (api_crm.c). */
json_t *vo_json_task(struct vo_req *r, const struct vo_task *t);
/* A notification as the notifications routes answer it (api_notify.c). */
json_t *vo_json_notification(struct vo_req *r, const struct vo_notification *n);
/* The same with instants in zone tz (the live delivery, without a request). */
json_t *vo_notification_json(GTimeZone *tz, const struct vo_notification *n);
/* An instant as ISO 8601 in the org's zone, or null for VO_NULL. */
json_t *vo_json_time(struct vo_req *r, int64_t t);
/* Answers 200 {"items": [item(r, x) for the n elements x of v, each size
 * bytes]}; returns VO_OK. */
vo_err vo_req_items(struct vo_req *r, const void *v, size_t n, size_t size,
                    json_t *(*item)(struct vo_req *r, const void *x));
/* Defines the handler `name`: the service's list (of elements of type)
 * answered by vo_req_items with item. The list handlers differ only in the
 * element type, which a function cannot take. */
#define VO_API_LIST(name, type, list, item)                                                        \
    vo_err name(struct vo_req *r)                                                                  \
    {                                                                                              \
        type *v = NULL;                                                                            \
        size_t n = 0;                                                                              \
        vo_err rc = list(&r->svc, &v, &n, &r->err);                                                \
        return rc ? rc : vo_req_items(r, v, n, sizeof *v, item);                                   \
    }
/* Defines the handler `name`: the object of the path's id by the service's
 * get (of an object of type) answered 200 with item. */
#define VO_API_GET(name, type, get, item)                                                          \
    vo_err name(struct vo_req *r)                                                                  \
    {                                                                                              \
        int64_t id = 0;                                                                            \
        type x;                                                                                    \
        vo_err rc = vo_req_id(r, 0, &id);                                                          \
        if (!rc && !(rc = get(&r->svc, id, &x, &r->err)))                                          \
            vo_req_json(r, 200, item(r, &x));                                                      \
        return rc;                                                                                 \
    }
/* Reads the path's id, runs act on it and answers 200 {"id": id, done:
 * true}; act's error otherwise. */
vo_err vo_req_id_act(struct vo_req *r, vo_err (*act)(struct vo_svc *, int64_t, struct vo_error *),
                     const char *done);

#endif
