/*
 * api.h - the handlers of the route table, one group per file
 * (api_<resource>.c), and the JSON shapes they share.
 */
#ifndef VO_HTTP_API_H
#define VO_HTTP_API_H

#include "http/http.h"

/* A handler of the route table (a vo_handler points to one): it reads r's
 * path, query and body and leaves its answer in r. */
typedef vo_err vo_api_fn(struct vo_req *r);

/* api_meta.c */
vo_api_fn api_health, api_openapi;
/* api_ops.c: GET /health, /ready, /metrics (docs/OPERATIONS.md) */
vo_api_fn api_live, api_ready, api_metrics;
/* api_mail.c: the org's e-mail settings (docs/notifications.md) */
vo_api_fn api_mail_get, api_mail_set, api_mail_test;
/* api_reports.c */
/* GET /api/v1/reports/NAME: the report named by the path's last segment. */
vo_api_fn api_reports;
/* api_clients_risk.c (issue 12, clients): a task for a client at risk */
vo_api_fn api_clients_risk_task;
/* api_key_accounts.c (issue 12, item 1): a key account's plan of a month */
vo_api_fn api_key_accounts_plan_put, api_key_accounts_plan_delete;
/* api_webhooks.c (issue 13, item 5): outgoing webhooks (docs/webhooks.md) */
vo_api_fn api_webhooks_list, api_webhooks_create, api_webhooks_get, api_webhooks_update,
    api_webhooks_delete, api_webhooks_test, api_webhooks_deliveries;
/* api_session.c */
vo_api_fn api_session_login, api_session_logout, api_session_me;
/* api_users.c */
vo_api_fn api_users_list, api_users_create, api_users_get, api_users_update, api_users_password;
/* api_tokens.c */
vo_api_fn api_tokens_list, api_tokens_create, api_tokens_revoke;
/* api_config.c */
vo_api_fn api_teams_list, api_teams_create, api_teams_update, api_products_list,
    api_products_create, api_products_get, api_products_update, api_pipelines_list,
    api_pipelines_create, api_stages_create, api_stages_update, api_holidays_list,
    api_holidays_create, api_holidays_delete, api_org_get, api_org_update, api_audit_list;
/* api_plans.c */
vo_api_fn api_plans_list, api_plans_set, api_plans_split;
/* api_plan_views.c */
vo_api_fn api_plans_days, api_plans_reverse;
/* api_import.c */
vo_api_fn api_import;
vo_api_fn api_import_presets;

/* api_crm.c */
vo_api_fn api_clients_list, api_clients_create, api_clients_get, api_clients_update;
/* Adds client c's card (inn, kpp, address, phone, phone_digits, email,
 * website, comment; null when not filled in) to its JSON object o
 * (api_clients.c; issue 10, clients). */
vo_err vo_api_client_card_json(struct vo_req *r, const struct vo_client *c, json_t *o);
/* A client's contacts (api_clients.c; issue 10, clients). */
vo_api_fn api_client_contacts_list, api_client_contacts_create, api_contacts_get,
    api_contacts_update, api_contacts_delete, api_contact_roles;
/* Notes and timelines (api_clients.c; issue 10, clients). */
vo_api_fn api_deal_notes_create, api_client_notes_create, api_notes_get, api_notes_update,
    api_notes_delete, api_deal_timeline, api_client_timeline;
/* Merging duplicate clients (api_clients.c; issue 10, clients). */
vo_api_fn api_clients_merge;
/* The global search (api_clients.c; issue 10, clients). */
vo_api_fn api_search;
/* Adds the contact deal d names (contact_id, contact: its name; null when
 * none) to its JSON object o. */
vo_err vo_api_deal_contact_json(struct vo_req *r, const struct vo_deal_row *d, json_t *o);
vo_api_fn api_deals_list, api_deals_create, api_deals_get, api_deals_update, api_deals_history,
    api_deals_move, api_deals_win, api_deals_lose, api_deals_reopen, api_activities_list,
    api_activities_create, api_activities_get, api_activities_update, api_tasks_list,
    api_tasks_create, api_tasks_get, api_tasks_update, api_tasks_complete;
/* api_tasks.c (crm-tasks, issue 10) */
vo_api_fn api_tasks_reschedule, api_tasks_reschedules, api_tasks_recurrence_get,
    api_tasks_recurrence_set, api_tasks_recurrence_stop;
/* api_notify.c (crm-tasks, issue 10) */
vo_api_fn api_notifications_list, api_notifications_unread, api_notifications_read,
    api_notifications_read_all;
/* events.c */
vo_api_fn api_events;
/* api_crm.c: payments */
vo_api_fn api_payments_list, api_payments_create, api_payments_get;
/* api_crm.c: bulk writes, all or nothing (docs/api-crm.md "Bulk writes") */
#define VO_BULK_MAX 500
vo_api_fn api_deals_bulk, api_clients_bulk, api_activities_bulk, api_tasks_bulk, api_payments_bulk;
/* Whether the route is a bulk write (its body and answers: api_meta.c). */
bool vo_api_crm_bulk(enum vo_method m, const char *path);
/* Sets the 200 (the objects) and 422 (the refused items) of bulk route rt
 * in responses (the OpenAPI document; strings in a). */
void vo_api_crm_bulk_responses(struct vo_arena *a, const struct vo_route *rt, json_t *responses);
/* api_setup.c: the org's set-up by the head of sales (issue 10) */
vo_api_fn api_calendar_load, api_pipelines_update, api_pipelines_delete, api_stages_delete;

/* The JSON schema of the body the CRM route (m, path) reads (api_crm.c's
 * table of writable fields), or NULL when the route is not one of them:
 * for the OpenAPI document. */
json_t *vo_api_crm_body_schema(enum vo_method m, const char *path);
/* Adds the CRM objects' schemas (Deal, Client, Activity, Task, Payment:
 * api_crm.c's table of the members it answers) to schemas. */
void vo_api_crm_schemas(json_t *schemas);
/* The schema's name of the CRM object the route (m, path) answers, its
 * status in *status and in *page whether a page of them ({items,
 * next_cursor}); NULL when the route answers something else. */
const char *vo_api_crm_response(enum vo_method m, const char *path, unsigned *status, bool *page);
/* api_import.c, for the OpenAPI document: the schema of the import's
 * report (report_json), and the import route's responses set into
 * responses (true when rt is that route, else false and nothing set). */
json_t *vo_api_import_report_schema(void);
bool vo_api_import_responses(const struct vo_route *rt, json_t *responses);

/* api_crm.c: the version a write is made against (docs/api-crm.md,
 * "Versions"): If-Match ("7", 7; * = none), else the body's "version" (a
 * number >= 0); *given is false when there is neither (no check: the last
 * writer wins). Both given and different is VO_EINVAL naming "version", a
 * malformed If-Match naming "If-Match". */
vo_err vo_api_read_version(struct vo_req *r, int64_t *out, bool *given);
/* The start of a versioned write to the path's id: reads the id into *id,
 * checks the body's members against fields, and reads the version as
 * vo_api_read_version does into *slot; *version points to *slot when one
 * was given, else NULL (no check). The first error otherwise. */
vo_err vo_api_read_id_version(struct vo_req *r, const char *const *fields, int64_t *id,
                              int64_t *slot, const int64_t **version);
/* Answers a write: the object of id with status (respond), or, when the
 * write was stale (rc VO_ESTALE), 409 {"error": {"code":
 * "version_conflict", ...}, "current": the object as it is now} with the
 * current ETag. Other failures pass (api_crm.c). */
vo_err vo_api_answer_write(struct vo_req *r, vo_err rc, int64_t id,
                           vo_err (*respond)(struct vo_req *r, int64_t id, unsigned status),
                           unsigned status);
/* Reads the path's id into *id and the version a body {"version"?} or
 * If-Match gives (none: NULL), and runs act with them: the first error
 * (VO_ESTALE from act for vo_api_answer_write), VO_OK (api_crm.c). */
vo_err vo_api_versioned_act(struct vo_req *r,
                            vo_err (*act)(struct vo_svc *, int64_t, const int64_t *,
                                          struct vo_error *),
                            int64_t *id);
/* api_bonus.c (issue 11, item 6: bonuses) */
vo_api_fn api_bonus_report, api_bonus_schemes_list, api_bonus_schemes_create, api_bonus_schemes_get,
    api_bonus_schemes_update;
/* api_recognitions.c (issue 11, item 6: recognitions) */
vo_api_fn api_recognitions_list, api_recognitions_create, api_recognitions_delete;
/* api_saved_filters.c (issue 10, lists) */
vo_api_fn api_saved_filters_list, api_saved_filters_create, api_saved_filters_get,
    api_saved_filters_update, api_saved_filters_delete;
/* api_competitions.c (issue 11, competitions) */
vo_api_fn api_competitions_list, api_competitions_create, api_competitions_get,
    api_competitions_update, api_competitions_delete;
/* The reminder thread's tick (remind.c): fixes the final standings of the
 * competitions that ended, org by org, on st (a handle of the pool). */
void vo_competitions_tick(struct vo_server *s, struct vo_store *st, struct vo_arena *a);
/* A versioned DELETE of the path's id by act (vo_api_versioned_act): 200
 * {"id", "deleted": true}; a stale version 409 with the current object
 * (respond; vo_api_answer_write). */
vo_err vo_api_versioned_delete(struct vo_req *r,
                               vo_err (*act)(struct vo_svc *, int64_t, const int64_t *,
                                             struct vo_error *),
                               vo_err (*respond)(struct vo_req *r, int64_t id, unsigned status));
/* api_director.c: the report to the director (issue 11) */
vo_api_fn api_reports_director, api_reports_director_notes;
/* api_action_plans.c: weekly action plans (issue 11) */
vo_api_fn api_action_plans_get, api_action_items_create, api_action_items_update,
    api_action_items_delete, api_action_plans_carry;
/* api_trainings.c: training (issue 14, item 4) */
vo_api_fn api_trainings_list, api_trainings_create, api_trainings_get, api_trainings_update,
    api_trainings_attendance, api_trainings_from_reviews;
/* api_attestations.c: attestation (issue 14, item 6) */
vo_api_fn api_attestations_list, api_attestations_create, api_attestations_get,
    api_attestations_update, api_attestations_assignments, api_attestations_assign,
    api_attestations_start, api_attestation_assignments_list, api_attestation_attempts_list,
    api_attestation_attempts_get, api_attestation_attempts_answer, api_attestation_attempts_submit,
    api_attestation_attempts_score, api_attestation_results;
/* api_reviews.c: call and negotiation reviews (issue 14, item 5) */
vo_api_fn api_reviews_list, api_reviews_create, api_reviews_get, api_reviews_update,
    api_reviews_delete, api_reviews_summary, api_review_checklists_list,
    api_review_checklists_create, api_review_checklists_get, api_review_checklists_update;
/* api_documents.c: the scripts and standards library (issue 14, item 3) */
vo_api_fn api_documents_list, api_documents_create, api_documents_get, api_documents_update,
    api_documents_versions, api_documents_version_add, api_documents_version_get,
    api_documents_diff, api_documents_ack, api_documents_acks;
/* api_onboarding.c: onboarding (issue 14, item 2) */
vo_api_fn api_onboarding_templates_get, api_onboarding_templates_put, api_onboarding_list,
    api_onboarding_create, api_onboarding_get, api_onboarding_update, api_onboarding_item,
    api_onboarding_rampup;
/* api_idp.c: development plans, ИПР (issue 14, item 7) */
vo_api_fn api_idp_list, api_idp_create, api_idp_get, api_idp_update, api_idp_goals_create,
    api_idp_goals_update, api_idp_actions_create, api_idp_actions_update, api_idp_checkins_create;
/* api_hiring.c: hiring (issue 14, item 1) */
vo_api_fn api_vacancies_list, api_vacancies_create, api_vacancies_get, api_vacancies_update,
    api_candidates_list, api_candidates_create, api_candidates_get, api_candidates_update,
    api_candidates_stage, api_candidates_cv_put, api_candidates_cv_get, api_candidates_scores_list,
    api_candidates_scores_create, api_candidates_hire, api_hiring_summary, api_hiring_criteria_list,
    api_hiring_criteria_create, api_hiring_criteria_update;
/* api_deal_products.c (crm-edit, issue 10) */
vo_api_fn api_deal_products_get, api_deal_products_put;
/* api_crm.c: undo a win or a loss (crm-edit, issue 10) */
vo_api_fn api_deals_undo;
/* The query parameter name as an id into *out (0 when absent or empty);
 * VO_EINVAL naming it unless a positive number (api_crm.c). */
vo_err vo_api_query_id(struct vo_req *r, const char *name, int64_t *out);
/* A deal as the deals list shows it (api_crm.c; without its contact). */
json_t *vo_api_deal_json(struct vo_req *r, const struct vo_deal_row *d);
/* A stage as GET /api/v1/pipelines shows it (api_config.c). */
json_t *vo_api_stage_json(const struct vo_stage *s);
/* The deals board (api_board.c). */
vo_api_fn api_board, api_board_column;
/* api_nps.c (issue 12, item 2: NPS answers and survey links) */
vo_api_fn api_nps_client_list, api_nps_client_add, api_nps_delete, api_nps_task, api_nps_link,
    api_nps_public_get, api_nps_public_answer;
/* api_loss_reasons.c (crm-edit, issue 10) */
vo_api_fn api_loss_reasons_list, api_loss_reasons_create, api_loss_reasons_update;
/* api_custom.c (crm-edit, issue 10) */
vo_api_fn api_custom_fields_list, api_custom_fields_create, api_custom_fields_update,
    api_custom_fields_delete;

/* api_meetings.c, api_promises.c (issue 11, meetings and promises) */
vo_api_fn api_meetings_list, api_meetings_create, api_meetings_get, api_meetings_update,
    api_meetings_start, api_meetings_close, api_meetings_attendance, api_meetings_notes,
    api_meetings_decision_add, api_meetings_decision_delete, api_meeting_templates_get,
    api_meeting_templates_put, api_meetings_protocol;
vo_api_fn api_promises_list, api_promises_create, api_promises_get, api_promises_resolve,
    api_promises_record;
/* api_spend.c (issue 12, item 4: marketing spend per channel and month) */
vo_api_fn api_spend_list, api_spend_put, api_spend_delete, api_channel_plan_put;
/* The promises' automatic check by the clock over the org's live dataset,
 * run before a read shows promises (api_promises.c). */
vo_err vo_api_promises_check(struct vo_req *r);
/* The reminder tick's automatic check (remind.c): every org with a promise
 * due that the check settles, over its live dataset, at now. */
void vo_promises_tick(struct vo_server *s, struct vo_store *st, struct vo_arena *a);
/* The query argument name as an instant of the org's zone into *out
 * (def when absent or empty); VO_EINVAL naming it (api_meetings.c). */
vo_err vo_api_query_time(struct vo_req *r, const char *name, int64_t def, int64_t *out);
/* A promise as the meetings and promises routes answer it (api_meetings.c). */
json_t *vo_json_promise(struct vo_req *r, const struct vo_promise *p);
/* The report a meeting of kind freezes when it starts (api_reports.c):
 * daily, weekly, monthly: that report for the local date as of as_of; a
 * one_to_one: {"kind", "plan_fact", "hygiene"} of user (an e-mail) as of
 * now. *text the compact JSON in r's arena. */
vo_err vo_api_meeting_report(struct vo_req *r, const char *kind, const char *date, const char *user,
                             int64_t as_of, char **text);

/* Shared JSON shapes. */
json_t *vo_json_user(struct vo_req *r, const struct vo_user *u);
/* Answers status with pipeline id and its stages (api_config.c). */
vo_err vo_respond_pipeline(struct vo_req *r, int64_t id, unsigned status);
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
/* Defines the handler `name`: the service's list of the elements (of type)
 * that belong to the object of the path's id, answered as VO_API_LIST. */
#define VO_API_ID_LIST(name, type, list, item)                                                     \
    vo_err name(struct vo_req *r)                                                                  \
    {                                                                                              \
        int64_t id = 0;                                                                            \
        type *v = NULL;                                                                            \
        size_t n = 0;                                                                              \
        vo_err rc = vo_req_id(r, 0, &id);                                                          \
        if (rc || (rc = list(&r->svc, id, &v, &n, &r->err)))                                       \
            return rc;                                                                             \
        return vo_req_items(r, v, n, sizeof *v, item);                                             \
    }
/* Defines `static vo_err name(struct vo_req *r, int64_t id, unsigned
 * status)`: the object id by the service's get (of an object of type)
 * answered status with item(r, &object); get's error otherwise. */
#define VO_API_RESPOND(name, type, get, item)                                                      \
    static vo_err name(struct vo_req *r, int64_t id, unsigned status)                              \
    {                                                                                              \
        type x;                                                                                    \
        vo_err rc = get(&r->svc, id, &x, &r->err);                                                 \
        if (!rc)                                                                                   \
            vo_req_json(r, status, item(r, &x));                                                   \
        return rc;                                                                                 \
    }
/* Defines the handler `name`: the change of the object of the path's id,
 * its body read by read into an input (of type) and given to the
 * service's update, answered 200 by respond (a VO_API_RESPOND function).
 * The update handlers differ only in the input's type. */
#define VO_API_UPDATE(name, type, read, update, respond)                                           \
    vo_err name(struct vo_req *r)                                                                  \
    {                                                                                              \
        int64_t id = 0;                                                                            \
        type in;                                                                                   \
        vo_err rc = vo_req_id(r, 0, &id);                                                          \
        if (rc || (rc = read(r, &in)) || (rc = update(&r->svc, id, &in, &r->err)))                 \
            return rc;                                                                             \
        return respond(r, id, 200);                                                                \
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
/* Answers the object of id with status (a VO_API_RESPOND function). */
typedef vo_err (*vo_respond_fn)(struct vo_req *r, int64_t id, unsigned status);
/* Reads the path's id and answers 200 with respond; the first error
 * otherwise (api_users.c). */
vo_err vo_req_id_respond(struct vo_req *r, vo_respond_fn respond);
/* Reads the path's id and the body's two texts fields[0] (required when
 * first_required) and fields[1] (its only members), runs act with them and
 * answers respond(r, id, 200); the first error otherwise (api_tasks.c). */
vo_err vo_req_id_texts_act(struct vo_req *r, const char *const fields[3], bool first_required,
                           vo_err (*act)(struct vo_svc *, int64_t, const char *, const char *,
                                         struct vo_error *),
                           vo_respond_fn respond);
/* Reads the path's id, runs act on it and answers 200 {"id": id, done:
 * true}; act's error otherwise. */
vo_err vo_req_id_act(struct vo_req *r, vo_err (*act)(struct vo_svc *, int64_t, struct vo_error *),
                     const char *done);
/* Reads the path's id into *id and the body {"name": ...} (required) into
 * *name, and renames the object with rename (a team or a pipeline; the
 * name borrowed from the body); the first error otherwise
 * (api_config.c). */
vo_err vo_req_id_rename(struct vo_req *r,
                        vo_err (*rename)(struct vo_svc *, int64_t, const char *, struct vo_error *),
                        int64_t *id, const char **name);

#endif
