/*
 * routes.c - THE route table: every endpoint is one row (method, path,
 * roles, handler, summary), and route matching. The OpenAPI document is
 * generated from this table (api_meta.c) and a test walks it to prove that
 * every route refuses an anonymous request and the roles it excludes.
 */
#include "http/api.h"
#include "http/http_int.h"

#include <string.h>

#define IMPORT_BODY ((size_t)1) /* any non-zero: the server's import limit */

const struct vo_route vo_routes[] = {
    {VO_GET, "/api/v1/health", VO_R_PUBLIC, api_health, "Liveness and schema version", 0},
    {VO_GET, "/api/v1/openapi.json", VO_R_PUBLIC, api_openapi, "This API's OpenAPI 3 document", 0},
    /* reports (api_reports.c): the CLI's JSON; a manager sees their own figures */
    {VO_GET, "/api/v1/reports/plan-fact", VO_R_ANY, api_reports,
     "Plan vs fact of every metric (voronka report plan-fact)", 0},
    {VO_GET, "/api/v1/reports/funnel", VO_R_ANY, api_reports,
     "Cohort funnel, conversion, time in stage, bottlenecks", 0},
    {VO_GET, "/api/v1/reports/hygiene", VO_R_ANY, api_reports,
     "CRM hygiene per manager, with list=1 the deals and tasks to fix", 0},
    {VO_GET, "/api/v1/reports/daily", VO_R_ANY, api_reports,
     "The 9:00 meeting sheet: yesterday, today's plan, month to date", 0},
    {VO_GET, "/api/v1/reports/weekly", VO_R_ANY, api_reports,
     "The last full week against the week before", 0},
    {VO_GET, "/api/v1/reports/monthly", VO_R_ANY, api_reports,
     "The last full month against the month before", 0},
    {VO_GET, "/api/v1/reports/losses", VO_R_ANY, api_reports,
     "Lost deals by loss reason, by manager and by the stage lost at", 0},
    {VO_POST, "/api/v1/session", VO_R_PUBLIC, api_session_login,
     "Sign in with email and password; sets the session cookie", 0},
    {VO_DELETE, "/api/v1/session", VO_R_ANY, api_session_logout, "Sign out (ends the session)", 0},
    {VO_GET, "/api/v1/session", VO_R_ANY, api_session_me, "Who am I, with the CSRF token", 0},
    {VO_GET, "/api/v1/users", VO_R_ANY, api_users_list, "The org's users", 0},
    {VO_POST, "/api/v1/users", VO_R_ADMIN, api_users_create, "Add a user", 0},
    {VO_GET, "/api/v1/users/{id}", VO_R_ANY, api_users_get, "One user", 0},
    {VO_PATCH, "/api/v1/users/{id}", VO_R_ADMIN, api_users_update,
     "Change a user's name, email, role, team or active flag", 0},
    {VO_POST, "/api/v1/users/{id}/password", VO_R_ANY, api_users_password,
     "Set a password (your own, or anyone's as an admin)", 0},
    {VO_GET, "/api/v1/tokens", VO_R_ADMIN, api_tokens_list, "API tokens", 0},
    {VO_POST, "/api/v1/tokens", VO_R_ADMIN, api_tokens_create,
     "Create an API token (the secret is shown once)", 0},
    {VO_DELETE, "/api/v1/tokens/{id}", VO_R_ADMIN, api_tokens_revoke, "Revoke an API token", 0},
    /* configuration (api_config.c, api_plans.c, api_import.c) */
    {VO_GET, "/api/v1/teams", VO_R_ANY, api_teams_list, "The org's teams", 0},
    {VO_POST, "/api/v1/teams", VO_R_ADMIN, api_teams_create, "Add a team", 0},
    {VO_PATCH, "/api/v1/teams/{id}", VO_R_ADMIN, api_teams_update, "Rename a team", 0},
    {VO_GET, "/api/v1/products", VO_R_ANY, api_products_list, "The product catalogue", 0},
    {VO_POST, "/api/v1/products", VO_R_ADMIN, api_products_create,
     "Add a product (price in minor units)", 0},
    {VO_GET, "/api/v1/products/{id}", VO_R_ANY, api_products_get, "One product", 0},
    {VO_PATCH, "/api/v1/products/{id}", VO_R_ADMIN, api_products_update,
     "Change a product's name, category or price", 0},
    {VO_GET, "/api/v1/pipelines", VO_R_ANY, api_pipelines_list,
     "Pipelines with their stages in order", 0},
    {VO_POST, "/api/v1/pipelines", VO_R_LEAD, api_pipelines_create, "Add a pipeline", 0},
    {VO_POST, "/api/v1/pipelines/{id}/stages", VO_R_LEAD, api_stages_create,
     "Add a stage to a pipeline (at a position; the others shift)", 0},
    {VO_PATCH, "/api/v1/stages/{id}", VO_R_LEAD, api_stages_update,
     "Rename, move (positions stay 1..n) or time-limit a stage", 0},
    {VO_GET, "/api/v1/holidays", VO_R_ANY, api_holidays_list,
     "Holidays and worked weekend days (?year=)", 0},
    {VO_POST, "/api/v1/holidays", VO_R_LEAD, api_holidays_create,
     "Mark a date as a holiday or a worked day", 0},
    {VO_DELETE, "/api/v1/holidays/{id}", VO_R_LEAD, api_holidays_delete, "Remove a calendar mark",
     0},
    /* the org's set-up by the head of sales (api_setup.c; issue 10) */
    {VO_POST, "/api/v1/holidays/load", VO_R_LEAD, api_calendar_load,
     "Replace a year's calendar marks with the Russian production calendar", 0},
    {VO_PATCH, "/api/v1/pipelines/{id}", VO_R_LEAD, api_pipelines_update, "Rename a pipeline", 0},
    {VO_DELETE, "/api/v1/pipelines/{id}", VO_R_LEAD, api_pipelines_delete,
     "Delete a pipeline that has no deals (with its stages)", 0},
    {VO_DELETE, "/api/v1/stages/{id}", VO_R_LEAD, api_stages_delete,
     "Delete a stage no deal is in and no history points to (the others move up)", 0},
    {VO_GET, "/api/v1/org", VO_R_ANY, api_org_get, "The org: name, zone, currency, settings", 0},
    {VO_PATCH, "/api/v1/org", VO_R_ADMIN, api_org_update,
     "Change the org's name, zone, currency or settings (keys merged)", 0},
    /* the e-mail reminders' SMTP server (api_mail.c) */
    {VO_GET, "/api/v1/org/mail", VO_R_ADMIN, api_mail_get,
     "The org's SMTP server for e-mail reminders (the password is never answered)", 0},
    {VO_PUT, "/api/v1/org/mail", VO_R_ADMIN, api_mail_set,
     "Set the SMTP server: enabled, url, username, password, from, from_name, starttls", 0},
    {VO_POST, "/api/v1/org/mail/test", VO_R_ADMIN, api_mail_test,
     "Send a test letter to your own address through the org's SMTP server", 0},
    {VO_GET, "/api/v1/plans", VO_R_ANY, api_plans_list,
     "The plans of a month (?period=YYYY-MM[&scope=])", 0},
    {VO_POST, "/api/v1/plans", VO_R_LEAD, api_plans_set, "Set one plan", 0},
    {VO_POST, "/api/v1/plans/split", VO_R_LEAD, api_plans_split,
     "Split a department target to the managers (equal, weights, history)", 0},
    {VO_GET, "/api/v1/plans/days", VO_R_ANY, api_plans_days,
     "The month's plans spread over its working days (?period=YYYY-MM[&by=week][&metric=])", 0},
    {VO_GET, "/api/v1/plans/reverse", VO_R_ANY, api_plans_reverse,
     "The reverse funnel of a revenue target (?period=&revenue=MINOR[&user=ID]; a manager: "
     "their own)",
     0},
    {VO_GET, "/api/v1/audit", VO_R_LEAD, api_audit_list,
     "The audit log (?user=&action=&from=&to=, cursor paging)", 0},
    {VO_POST, "/api/v1/import", VO_R_LEAD, api_import,
     "Import CSV files of the import format, all or nothing (?dry_run=1)", IMPORT_BODY},
    /* CRM core (api_crm.c): writes by sales roles, each on their own objects */
    {VO_GET, "/api/v1/clients", VO_R_ANY, api_clients_list, "Clients (filters, cursor paging)", 0},
    {VO_POST, "/api/v1/clients", VO_R_SALES, api_clients_create, "Add a client", 0},
    {VO_GET, "/api/v1/clients/{id}", VO_R_ANY, api_clients_get, "One client", 0},
    {VO_PATCH, "/api/v1/clients/{id}", VO_R_SALES, api_clients_update, "Change a client", 0},
    /* issue 10, clients: a client's contacts (api_clients.c) */
    {VO_GET, "/api/v1/clients/{id}/contacts", VO_R_ANY, api_client_contacts_list,
     "A client's contact persons", 0},
    {VO_POST, "/api/v1/clients/{id}/contacts", VO_R_SALES, api_client_contacts_create,
     "Add a contact person to a client", 0},
    {VO_GET, "/api/v1/contacts/{id}", VO_R_ANY, api_contacts_get, "One contact person", 0},
    {VO_PATCH, "/api/v1/contacts/{id}", VO_R_SALES, api_contacts_update,
     "Change a contact person (phones and e-mails replaced whole)", 0},
    {VO_DELETE, "/api/v1/contacts/{id}", VO_R_SALES, api_contacts_delete,
     "Delete a contact person (deals naming it name none)", 0},
    {VO_GET, "/api/v1/contact-roles", VO_R_ANY, api_contact_roles,
     "The roles suggested for a contact (ЛПР, ЛВР, бухгалтер, ...)", 0},
    /* issue 10, clients: notes and timelines (api_clients.c) */
    {VO_POST, "/api/v1/deals/{id}/notes", VO_R_SALES, api_deal_notes_create,
     "Add a note to a deal (plain text)", 0},
    {VO_POST, "/api/v1/clients/{id}/notes", VO_R_SALES, api_client_notes_create,
     "Add a note to a client (plain text)", 0},
    {VO_GET, "/api/v1/notes/{id}", VO_R_ANY, api_notes_get, "One note", 0},
    {VO_PATCH, "/api/v1/notes/{id}", VO_R_SALES, api_notes_update,
     "Change a note's text (its author only)", 0},
    {VO_DELETE, "/api/v1/notes/{id}", VO_R_SALES, api_notes_delete,
     "Delete a note (its author, an admin or the head)", 0},
    {VO_GET, "/api/v1/deals/{id}/timeline", VO_R_ANY, api_deal_timeline,
     "A deal's timeline, newest first (cursor paging)", 0},
    {VO_GET, "/api/v1/clients/{id}/timeline", VO_R_ANY, api_client_timeline,
     "A client's timeline with its deals', newest first (cursor paging)", 0},
    {VO_GET, "/api/v1/search", VO_R_ANY, api_search,
     "Search deals, clients and contacts (?q=: a word's start, a phone, an e-mail, an INN)", 0},
    {VO_POST, "/api/v1/clients/{id}/merge", VO_R_LEAD, api_clients_merge,
     "Merge duplicate clients into this one (their deals, payments and history move)", 0},
    {VO_GET, "/api/v1/deals", VO_R_ANY, api_deals_list, "Deals (filters, cursor paging)", 0},
    {VO_POST, "/api/v1/deals", VO_R_SALES, api_deals_create, "Open a deal", 0},
    {VO_GET, "/api/v1/deals/{id}", VO_R_ANY, api_deals_get, "One deal", 0},
    {VO_PATCH, "/api/v1/deals/{id}", VO_R_SALES, api_deals_update,
     "Change a deal's title, client, amount, channel, source (owner: admin, head)", 0},
    {VO_GET, "/api/v1/deals/{id}/history", VO_R_ANY, api_deals_history, "The deal's stage changes",
     0},
    {VO_POST, "/api/v1/deals/{id}/move", VO_R_SALES, api_deals_move,
     "Move an open deal to a stage of its pipeline", 0},
    {VO_POST, "/api/v1/deals/{id}/win", VO_R_SALES, api_deals_win, "Win an open deal", 0},
    {VO_POST, "/api/v1/deals/{id}/lose", VO_R_SALES, api_deals_lose,
     "Lose an open deal, with a reason", 0},
    {VO_POST, "/api/v1/deals/{id}/reopen", VO_R_LEAD, api_deals_reopen, "Reopen a won or lost deal",
     0},
    {VO_GET, "/api/v1/activities", VO_R_ANY, api_activities_list,
     "Calls, meetings, emails, messages (filters, cursor paging)", 0},
    {VO_POST, "/api/v1/activities", VO_R_SALES, api_activities_create, "Log an activity", 0},
    {VO_GET, "/api/v1/activities/{id}", VO_R_ANY, api_activities_get, "One activity", 0},
    {VO_PATCH, "/api/v1/activities/{id}", VO_R_SALES, api_activities_update, "Change an activity",
     0},
    {VO_GET, "/api/v1/tasks", VO_R_ANY, api_tasks_list, "Tasks (filters, cursor paging)", 0},
    {VO_POST, "/api/v1/tasks", VO_R_SALES, api_tasks_create, "Add a task", 0},
    {VO_GET, "/api/v1/tasks/{id}", VO_R_ANY, api_tasks_get, "One task", 0},
    {VO_PATCH, "/api/v1/tasks/{id}", VO_R_SALES, api_tasks_update, "Change a task", 0},
    {VO_POST, "/api/v1/tasks/{id}/complete", VO_R_SALES, api_tasks_complete,
     "Mark a task done (now, or at done_at), with a comment", 0},
    /* crm-tasks (issue 10): reschedule and recurring tasks (api_tasks.c) */
    {VO_POST, "/api/v1/tasks/{id}/reschedule", VO_R_SALES, api_tasks_reschedule,
     "Move an open task's due time, with a reason", 0},
    {VO_GET, "/api/v1/tasks/{id}/reschedules", VO_R_ANY, api_tasks_reschedules,
     "A task's reschedules, oldest first", 0},
    {VO_GET, "/api/v1/tasks/{id}/recurrence", VO_R_ANY, api_tasks_recurrence_get,
     "The rule a recurring task repeats by", 0},
    {VO_POST, "/api/v1/tasks/{id}/recurrence", VO_R_SALES, api_tasks_recurrence_set,
     "Make an open task recur (daily, weekly, monthly, every N working days)", 0},
    {VO_DELETE, "/api/v1/tasks/{id}/recurrence", VO_R_SALES, api_tasks_recurrence_stop,
     "Stop a task's recurrence", 0},
    /* crm-tasks (issue 10): the signed-in user's notifications (api_notify.c) */
    {VO_GET, "/api/v1/notifications", VO_R_ANY, api_notifications_list,
     "My notifications, newest first (unread=1: unread only)", 0},
    {VO_GET, "/api/v1/notifications/unread", VO_R_ANY, api_notifications_unread,
     "How many of my notifications are unread", 0},
    {VO_POST, "/api/v1/notifications/{id}/read", VO_R_ANY, api_notifications_read,
     "Mark one of my notifications read", 0},
    {VO_POST, "/api/v1/notifications/read-all", VO_R_ANY, api_notifications_read_all,
     "Mark all my notifications read", 0},
    {VO_GET, "/api/v1/events", VO_R_ANY, api_events,
     "My notifications live, as Server-Sent Events (Last-Event-ID resumes)", 0},
    {VO_GET, "/api/v1/payments", VO_R_ANY, api_payments_list, "Payments (filters, cursor paging)",
     0},
    {VO_POST, "/api/v1/payments", VO_R_SALES, api_payments_create, "Record a payment", 0},
    {VO_GET, "/api/v1/payments/{id}", VO_R_ANY, api_payments_get, "One payment", 0},
    /* crm-edit (issue 10): custom field definitions (api_custom.c) */
    {VO_GET, "/api/v1/custom-fields", VO_R_ANY, api_custom_fields_list,
     "Custom fields of deals and clients (?entity=deal|client)", 0},
    {VO_POST, "/api/v1/custom-fields", VO_R_LEAD, api_custom_fields_create,
     "Define a custom field (text, number, date, list)", 0},
    {VO_PATCH, "/api/v1/custom-fields/{id}", VO_R_LEAD, api_custom_fields_update,
     "Change a custom field's label, options, required flag or position", 0},
    {VO_DELETE, "/api/v1/custom-fields/{id}", VO_R_LEAD, api_custom_fields_delete,
     "Remove a custom field (stored values stay)", 0},
    /* crm-edit (issue 10): a deal's products (api_deal_products.c) */
    {VO_GET, "/api/v1/deals/{id}/products", VO_R_ANY, api_deal_products_get,
     "A deal's products, their total and whether the amount was set by hand", 0},
    {VO_PUT, "/api/v1/deals/{id}/products", VO_R_SALES, api_deal_products_put,
     "Replace a deal's products (the amount follows unless set by hand)", 0},
    {VO_POST, "/api/v1/deals/{id}/undo", VO_R_SALES, api_deals_undo,
     "Undo one's own win or loss within 30 seconds", 0},
    /* crm-edit (issue 10): the loss-reason dictionary (api_loss_reasons.c) */
    {VO_GET, "/api/v1/loss-reasons", VO_R_ANY, api_loss_reasons_list,
     "The org's loss reasons in order (inactive ones marked)", 0},
    {VO_POST, "/api/v1/loss-reasons", VO_R_LEAD, api_loss_reasons_create, "Add a loss reason", 0},
    {VO_PATCH, "/api/v1/loss-reasons/{id}", VO_R_LEAD, api_loss_reasons_update,
     "Rename, move or (de)activate a loss reason", 0},
};
const size_t vo_route_count = sizeof vo_routes / sizeof vo_routes[0];

/* Matches pattern against path segment by segment; {x} takes one segment. */
static bool match(const char *pattern, const char *path, const char *param[4], char *buf,
                  size_t bufsz)
{
    size_t np = 0, used = 0;
    const char *p = pattern, *q = path;
    while (*p && *q) {
        if (*p == '{') {
            const char *pe = strchr(p, '}');
            const char *qe = strchr(q, '/');
            size_t n = qe ? (size_t)(qe - q) : strlen(q);
            /* A segment longer than the buffer holds matches nothing, with
             * or without param: a matched route always has all its
             * parameters, each in its place (fuzz_http_request found a
             * 600-byte id matched without its parameter). */
            if (!pe || n == 0 || used + n + 1 > bufsz)
                return false;
            if (param && np < 4) {
                memcpy(buf + used, q, n);
                buf[used + n] = '\0';
                param[np++] = buf + used;
            }
            used += n + 1;
            p = pe + 1;
            q += n;
            continue;
        }
        if (*p != *q)
            return false;
        p++;
        q++;
    }
    /* Exactly the pattern: "/api/v1/deals/" is not "/api/v1/deals". */
    return *p == '\0' && *q == '\0';
}

/* Matched parameters live in a per-thread buffer until the next match. */
static _Thread_local char param_buf[512];

const struct vo_route *vo_route_match(enum vo_method m, const char *path, const char *param[4])
{
    for (size_t i = 0; i < vo_route_count; i++) {
        const char *tmp[4] = {0};
        if (vo_routes[i].method == m &&
            match(vo_routes[i].path, path, tmp, param_buf, sizeof param_buf)) {
            if (param)
                memcpy(param, tmp, sizeof tmp);
            return &vo_routes[i];
        }
    }
    return NULL;
}

bool vo_route_path_known(const char *path)
{
    char buf[512];
    for (size_t i = 0; i < vo_route_count; i++)
        if (match(vo_routes[i].path, path, NULL, buf, sizeof buf))
            return true;
    return false;
}
