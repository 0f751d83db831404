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

/* A row of the table: method and roles without their prefixes, the
 * server's default body limit. */
#define ROUTE(method, path, roles, handler, summary)                                               \
    {                                                                                              \
        VO_##method, path, VO_R_##roles, handler, summary, 0                                       \
    }
/* The four rows of a resource: its list (GET base) and one (GET base/{id})
 * for anyone signed in, its create (POST base) and update (PATCH
 * base/{id}) for the roles w; the handlers are api_<objs>_list, _create,
 * _get and _update. */
#define CRUD(base, objs, w, list, create, get, update)                                             \
    ROUTE(GET, base, ANY, api_##objs##_list, list),                                                \
        ROUTE(POST, base, w, api_##objs##_create, create),                                         \
        ROUTE(GET, (base "/{id}"), ANY, api_##objs##_get, get),                                    \
        ROUTE(PATCH, (base "/{id}"), w, api_##objs##_update, update)

const struct vo_route vo_routes[] = {
    ROUTE(GET, "/api/v1/health", PUBLIC, api_health, "Liveness and schema version"),
    /* operations (api_ops.c, docs/OPERATIONS.md): at the root, for probes */
    ROUTE(GET, "/health", PUBLIC, api_live, "Liveness: the process answers"),
    ROUTE(GET, "/ready", PUBLIC, api_ready,
          "Readiness: the database answers, its schema is current, the datasets are loaded "
          "(200, else 503)"),
    ROUTE(GET, "/metrics", PUBLIC, api_metrics,
          "Prometheus metrics (text format 0.0.4): from this machine, or with the bearer token "
          "of serve --metrics-token"),
    ROUTE(GET, "/api/v1/openapi.json", PUBLIC, api_openapi, "This API's OpenAPI 3 document"),
    /* reports (api_reports.c): the CLI's JSON; a manager sees their own figures */
    ROUTE(GET, "/api/v1/reports/plan-fact", ANY, api_reports,
          "Plan vs fact of every metric (voronka report plan-fact)"),
    ROUTE(GET, "/api/v1/reports/funnel", ANY, api_reports,
          "Cohort funnel, conversion, time in stage, bottlenecks"),
    ROUTE(GET, "/api/v1/reports/hygiene", ANY, api_reports,
          "CRM hygiene per manager, with list=1 the deals and tasks to fix"),
    ROUTE(GET, "/api/v1/reports/daily", ANY, api_reports,
          "The 9:00 meeting sheet: yesterday, today's plan, month to date"),
    ROUTE(GET, "/api/v1/reports/weekly", ANY, api_reports,
          "The last full week against the week before"),
    ROUTE(GET, "/api/v1/reports/monthly", ANY, api_reports,
          "The last full month against the month before"),
    ROUTE(GET, "/api/v1/reports/losses", ANY, api_reports,
          "Lost deals by loss reason, by manager and by the stage lost at"),
    /* issue 11, item 6: bonuses and recognitions (api_bonus.c,
     * api_recognitions.c; docs/bonuses.md): a manager sees their own
     * payout; schemes are read by admin, head and viewer, written by admin
     * and head; recognitions are read by all, given by admin and head */
    ROUTE(GET, "/api/v1/reports/bonus", ANY, api_bonus_report,
          "The month's bonus of each paid user, line by line (voronka report bonus)"),
    ROUTE(GET, "/api/v1/bonus-schemes", READ_ALL, api_bonus_schemes_list,
          "Bonus schemes with their versions and users"),
    ROUTE(POST, "/api/v1/bonus-schemes", LEAD, api_bonus_schemes_create,
          "Write a bonus scheme (a new version from from_month)"),
    ROUTE(GET, "/api/v1/bonus-schemes/{id}", READ_ALL, api_bonus_schemes_get, "One bonus scheme"),
    ROUTE(PATCH, "/api/v1/bonus-schemes/{id}", LEAD, api_bonus_schemes_update,
          "A new version of a bonus scheme from from_month"),
    ROUTE(GET, "/api/v1/recognitions", ANY, api_recognitions_list,
          "Recognitions (badges, thanks) by user and time"),
    ROUTE(POST, "/api/v1/recognitions", LEAD, api_recognitions_create,
          "Give a user a badge or a thanks"),
    ROUTE(DELETE, "/api/v1/recognitions/{id}", LEAD, api_recognitions_delete,
          "Delete a recognition (its author or an admin)"),
    /* issue 11, the report to the director (api_director.c): the head's one page */
    ROUTE(GET, "/api/v1/reports/director", READ_ALL, api_reports_director,
          "The report to the director: a month's or a week's plan-fact, forecast, funnel "
          "changes, hygiene and the head's text (?period=month|week&date=[&as_of=])"),
    ROUTE(PUT, "/api/v1/reports/director/notes", LEAD, api_reports_director_notes,
          "Save the head's text of the report to the director for a period {period, date, text}"),
    /* issue 14, item 4: training (api_trainings.c, docs/trainings.md):
     * planned by admin and head; everyone reads the schedule, a manager
     * only their own attendance */
    ROUTE(POST, "/api/v1/trainings/from-reviews", LEAD, api_trainings_from_reviews,
          "Plan a training on the reviews' item {checklist_id, position, from, to}: the managers "
          "below the team's average on it attend"),
    ROUTE(GET, "/api/v1/trainings", ANY, api_trainings_list,
          "The training schedule by start (?from=&to=&user_id=&kind=&meeting_id=)"),
    ROUTE(POST, "/api/v1/trainings", LEAD, api_trainings_create,
          "Plan a training: kind, topic, starts_at, duration, trainer, materials, attendees"),
    ROUTE(GET, "/api/v1/trainings/{id}", ANY, api_trainings_get, "One training"),
    ROUTE(PATCH, "/api/v1/trainings/{id}", LEAD, api_trainings_update,
          "Change a training (its status, attendees, the weekly meeting it is in)"),
    ROUTE(PUT, "/api/v1/trainings/{id}/attendance", LEAD, api_trainings_attendance,
          "Mark an attendee's attendance {user_id, attendance}"),
    /* issue 14, item 7: development plans, ИПР (api_idp.c, docs/idp.md):
     * written by admin and head; a manager reads their own plan and ticks
     * its actions */
    ROUTE(GET, "/api/v1/idp", ANY, api_idp_list,
          "Development plans (ИПР) with their progress (?user_id=&status=)"),
    ROUTE(POST, "/api/v1/idp", LEAD, api_idp_create,
          "Open a manager's development plan {user_id, title, period_from, period_to}"),
    ROUTE(PATCH, "/api/v1/idp/goals/{id}", LEAD, api_idp_goals_update,
          "Change a goal: its target, window, level or status"),
    ROUTE(POST, "/api/v1/idp/goals/{id}/actions", LEAD, api_idp_actions_create,
          "Add an action to a goal {text, due_on}"),
    ROUTE(PATCH, "/api/v1/idp/actions/{id}", ANY, api_idp_actions_update,
          "Change an action, or tick it done (the plan's manager too)"),
    ROUTE(GET, "/api/v1/idp/{id}", ANY, api_idp_get,
          "One development plan: goals with their current values (?as_of=), actions, check-ins"),
    ROUTE(PATCH, "/api/v1/idp/{id}", LEAD, api_idp_update,
          "Change a development plan: title, period, status (active, closed)"),
    ROUTE(POST, "/api/v1/idp/{id}/goals", LEAD, api_idp_goals_create,
          "Add a goal: a metric with a target and a window, or a skill with a level"),
    ROUTE(POST, "/api/v1/idp/{id}/checkins", LEAD, api_idp_checkins_create,
          "The head's check-in on a plan, optionally about a goal and in a one-to-one meeting"),
    /* issue 14, item 5: call and negotiation reviews (api_reviews.c,
     * docs/reviews.md): written by admin and head; a manager reads the
     * reviews of which they are the subject */
    ROUTE(GET, "/api/v1/reviews/summary", ANY, api_reviews_summary,
          "Review averages of a period: per manager, per checklist item, the weakest items, by "
          "month (?from=&to=&user_id=)"),
    ROUTE(GET, "/api/v1/reviews", ANY, api_reviews_list,
          "Call and meeting reviews, newest first (?user_id=&checklist_id=&from=&to=)"),
    ROUTE(POST, "/api/v1/reviews", LEAD, api_reviews_create,
          "Review a manager's call or meeting against a checklist: a score per item"),
    ROUTE(GET, "/api/v1/reviews/{id}", ANY, api_reviews_get, "One review with its scores"),
    ROUTE(PATCH, "/api/v1/reviews/{id}", LEAD, api_reviews_update, "Change a review"),
    ROUTE(DELETE, "/api/v1/reviews/{id}", LEAD, api_reviews_delete, "Delete a review"),
    ROUTE(GET, "/api/v1/review-checklists", ANY, api_review_checklists_list,
          "The review checklists with their items"),
    ROUTE(POST, "/api/v1/review-checklists", LEAD, api_review_checklists_create,
          "Add a review checklist: a name and its items (text, max score 1..10)"),
    ROUTE(GET, "/api/v1/review-checklists/{id}", ANY, api_review_checklists_get,
          "One review checklist"),
    ROUTE(PATCH, "/api/v1/review-checklists/{id}", LEAD, api_review_checklists_update,
          "Rename or archive a review checklist, or change its items while no review uses it"),
    /* issue 14, item 6: attestation (api_attestations.c,
     * docs/attestations.md): the head and an admin write tests, assign them
     * and score free answers; a manager takes the tests assigned to them
     * and reads their own attempts and results */
    ROUTE(GET, "/api/v1/attestations", ANY, api_attestations_list,
          "Attestation tests with their questions (a manager: those assigned to them, without "
          "the correct answers)"),
    ROUTE(POST, "/api/v1/attestations", LEAD, api_attestations_create,
          "Add a test: title, pass mark, attempts, time limit and its questions"),
    ROUTE(GET, "/api/v1/attestations/{id}", ANY, api_attestations_get, "One attestation test"),
    ROUTE(PATCH, "/api/v1/attestations/{id}", LEAD, api_attestations_update,
          "Change a test (its questions only while nobody has started it)"),
    ROUTE(GET, "/api/v1/attestations/{id}/assignments", READ_ALL, api_attestations_assignments,
          "Who the test is assigned to, with the due day and the state"),
    ROUTE(POST, "/api/v1/attestations/{id}/assignments", LEAD, api_attestations_assign,
          "Assign the test to a person or a whole team with a due day"),
    ROUTE(POST, "/api/v1/attestations/{id}/attempts", SALES, api_attestations_start,
          "Start an attempt at a test assigned to the caller (an open one is answered)"),
    ROUTE(GET, "/api/v1/attestation-assignments", ANY, api_attestation_assignments_list,
          "Attestation assignments (?attestation_id=&user_id=; a manager: their own)"),
    ROUTE(GET, "/api/v1/attestation-attempts", ANY, api_attestation_attempts_list,
          "Attestation attempts, newest first (?attestation_id=&user_id=&pending=; a manager: "
          "their own)"),
    ROUTE(GET, "/api/v1/attestation-attempts/{id}", ANY, api_attestation_attempts_get,
          "One attempt with its questions, answers and points per topic"),
    ROUTE(POST, "/api/v1/attestation-attempts/{id}/answers", SALES, api_attestation_attempts_answer,
          "Save answers of an open attempt (its taker)"),
    ROUTE(POST, "/api/v1/attestation-attempts/{id}/submit", SALES, api_attestation_attempts_submit,
          "Submit an attempt: its choice answers are scored, free ones wait for the head"),
    ROUTE(POST, "/api/v1/attestation-attempts/{id}/score", LEAD, api_attestation_attempts_score,
          "Score the free answers of a submitted attempt"),
    ROUTE(GET, "/api/v1/attestation-results", ANY, api_attestation_results,
          "Attestation results per person and test, and per topic (?user_id=)"),
    /* issue 14, item 3: the scripts and standards library (api_documents.c;
     * docs/library.md): admin and head write, everyone reads, a manager
     * acknowledges */
    ROUTE(GET, "/api/v1/documents", ANY, api_documents_list,
          "The library's documents (?q=&kind=&required=&unread=&archived=)"),
    ROUTE(POST, "/api/v1/documents", LEAD, api_documents_create,
          "Create a document with its first version {kind, title, required, body, note}"),
    ROUTE(GET, "/api/v1/documents/{id}", ANY, api_documents_get,
          "One document with its current text and the caller's acknowledgement"),
    ROUTE(PATCH, "/api/v1/documents/{id}", LEAD, api_documents_update,
          "Change a document's kind, title, required reading or archived"),
    ROUTE(GET, "/api/v1/documents/{id}/versions", ANY, api_documents_versions,
          "A document's versions: number, author, when, note"),
    ROUTE(POST, "/api/v1/documents/{id}/versions", LEAD, api_documents_version_add,
          "Publish a new version of a document {body, note}"),
    ROUTE(GET, "/api/v1/documents/{id}/versions/{n}", ANY, api_documents_version_get,
          "One version of a document with its text"),
    ROUTE(GET, "/api/v1/documents/{id}/diff", ANY, api_documents_diff,
          "The line diff between two versions (?from=N&to=M)"),
    ROUTE(POST, "/api/v1/documents/{id}/ack", MANAGER, api_documents_ack,
          "Acknowledge the current version of a document (a manager)"),
    ROUTE(GET, "/api/v1/documents/{id}/acks", READ_ALL, api_documents_acks,
          "Who of the managers acknowledged the current version"),
    /* issue 11, weekly action plans (api_action_plans.c) */
    ROUTE(GET, "/api/v1/action-plans", ANY, api_action_plans_get,
          "A week's action plan of the head or a manager (?week=YYYY-Www|YYYY-MM-DD&user_id=; "
          "default: yours, this week)"),
    ROUTE(POST, "/api/v1/action-plans/items", SALES, api_action_items_create,
          "Add an action to a week's plan: what, who, which day, a metric with a target or a "
          "deal"),
    ROUTE(PATCH, "/api/v1/action-plans/items/{id}", SALES, api_action_items_update,
          "Change an action or check it off (If-Match)"),
    ROUTE(DELETE, "/api/v1/action-plans/items/{id}", SALES, api_action_items_delete,
          "Delete an action (If-Match)"),
    ROUTE(POST, "/api/v1/action-plans/carry", SALES, api_action_plans_carry,
          "Carry a week's open actions to the next week {from_week, user_id}"),
    ROUTE(POST, "/api/v1/session", PUBLIC, api_session_login,
          "Sign in with email and password; sets the session cookie"),
    ROUTE(DELETE, "/api/v1/session", ANY, api_session_logout, "Sign out (ends the session)"),
    ROUTE(GET, "/api/v1/session", ANY, api_session_me, "Who am I, with the CSRF token"),
    CRUD("/api/v1/users", users, ADMIN, "The org's users", "Add a user", "One user",
         "Change a user's name, email, role, team or active flag"),
    ROUTE(POST, "/api/v1/users/{id}/password", ANY, api_users_password,
          "Set a password (your own, or anyone's as an admin)"),
    ROUTE(GET, "/api/v1/tokens", ADMIN, api_tokens_list, "API tokens"),
    ROUTE(POST, "/api/v1/tokens", ADMIN, api_tokens_create,
          "Create an API token (the secret is shown once)"),
    ROUTE(DELETE, "/api/v1/tokens/{id}", ADMIN, api_tokens_revoke, "Revoke an API token"),
    /* configuration (api_config.c, api_plans.c, api_import.c) */
    ROUTE(GET, "/api/v1/teams", ANY, api_teams_list, "The org's teams"),
    ROUTE(POST, "/api/v1/teams", ADMIN, api_teams_create, "Add a team"),
    ROUTE(PATCH, "/api/v1/teams/{id}", ADMIN, api_teams_update, "Rename a team"),
    CRUD("/api/v1/products", products, ADMIN, "The product catalogue",
         "Add a product (price in minor units)", "One product",
         "Change a product's name, category or price"),
    ROUTE(GET, "/api/v1/pipelines", ANY, api_pipelines_list,
          "Pipelines with their stages in order"),
    ROUTE(POST, "/api/v1/pipelines", LEAD, api_pipelines_create, "Add a pipeline"),
    ROUTE(POST, "/api/v1/pipelines/{id}/stages", LEAD, api_stages_create,
          "Add a stage to a pipeline (at a position; the others shift)"),
    ROUTE(PATCH, "/api/v1/stages/{id}", LEAD, api_stages_update,
          "Rename, move (positions stay 1..n) or time-limit a stage"),
    ROUTE(GET, "/api/v1/holidays", ANY, api_holidays_list,
          "Holidays and worked weekend days (?year=)"),
    ROUTE(POST, "/api/v1/holidays", LEAD, api_holidays_create,
          "Mark a date as a holiday or a worked day"),
    ROUTE(DELETE, "/api/v1/holidays/{id}", LEAD, api_holidays_delete, "Remove a calendar mark"),
    /* the org's set-up by the head of sales (api_setup.c; issue 10) */
    ROUTE(POST, "/api/v1/holidays/load", LEAD, api_calendar_load,
          "Replace a year's calendar marks with the Russian production calendar"),
    ROUTE(PATCH, "/api/v1/pipelines/{id}", LEAD, api_pipelines_update, "Rename a pipeline"),
    ROUTE(DELETE, "/api/v1/pipelines/{id}", LEAD, api_pipelines_delete,
          "Delete a pipeline that has no deals (with its stages)"),
    ROUTE(DELETE, "/api/v1/stages/{id}", LEAD, api_stages_delete,
          "Delete a stage no deal is in and no history points to (the others move up)"),
    ROUTE(GET, "/api/v1/org", ANY, api_org_get, "The org: name, zone, currency, settings"),
    ROUTE(PATCH, "/api/v1/org", ADMIN, api_org_update,
          "Change the org's name, zone, currency or settings (keys merged)"),
    /* the e-mail reminders' SMTP server (api_mail.c) */
    ROUTE(GET, "/api/v1/org/mail", ADMIN, api_mail_get,
          "The org's SMTP server for e-mail reminders (the password is never answered)"),
    ROUTE(PUT, "/api/v1/org/mail", ADMIN, api_mail_set,
          "Set the SMTP server: enabled, url, username, password, from, from_name, starttls"),
    ROUTE(POST, "/api/v1/org/mail/test", ADMIN, api_mail_test,
          "Send a test letter to your own address through the org's SMTP server"),
    ROUTE(GET, "/api/v1/plans", ANY, api_plans_list,
          "The plans of a month (?period=YYYY-MM[&scope=])"),
    ROUTE(POST, "/api/v1/plans", LEAD, api_plans_set, "Set one plan"),
    ROUTE(POST, "/api/v1/plans/split", LEAD, api_plans_split,
          "Split a department target to the managers (equal, weights, history)"),
    ROUTE(GET, "/api/v1/plans/days", ANY, api_plans_days,
          "The month's plans spread over its working days (?period=YYYY-MM[&by=week][&metric=])"),
    ROUTE(GET, "/api/v1/plans/reverse", ANY, api_plans_reverse,
          "The reverse funnel of a revenue target (?period=&revenue=MINOR[&user=ID]; a manager: "
          "their own)"),
    ROUTE(GET, "/api/v1/audit", LEAD, api_audit_list,
          "The audit log (?user=&action=&from=&to=, cursor paging)"),
    {VO_POST, "/api/v1/import", VO_R_LEAD, api_import,
     "Import CSV files of the import format, all or nothing (?dry_run=1); ?skip_invalid=1: the "
     "valid rows, the rejected ones listed with their rejects files (&lang=en); another CRM's "
     "export (any *.csv) read by the preset its headers fit, or ?preset=NAME",
     IMPORT_BODY},
    ROUTE(GET, "/api/v1/import/presets", LEAD, api_import_presets,
          "The built-in import presets: name (?preset=NAME) and titles"),
    /* CRM core (api_crm.c): writes by sales roles, each on their own objects */
    CRUD("/api/v1/clients", clients, SALES, "Clients (filters, cursor paging)", "Add a client",
         "One client", "Change a client"),
    ROUTE(POST, "/api/v1/clients/bulk", SALES, api_clients_bulk,
          "Add or change up to 500 clients, all or nothing"),
    /* issue 10, clients: a client's contacts (api_clients.c) */
    ROUTE(GET, "/api/v1/clients/{id}/contacts", ANY, api_client_contacts_list,
          "A client's contact persons"),
    ROUTE(POST, "/api/v1/clients/{id}/contacts", SALES, api_client_contacts_create,
          "Add a contact person to a client"),
    ROUTE(GET, "/api/v1/contacts/{id}", ANY, api_contacts_get, "One contact person"),
    ROUTE(PATCH, "/api/v1/contacts/{id}", SALES, api_contacts_update,
          "Change a contact person (phones and e-mails replaced whole)"),
    ROUTE(DELETE, "/api/v1/contacts/{id}", SALES, api_contacts_delete,
          "Delete a contact person (deals naming it name none)"),
    ROUTE(GET, "/api/v1/contact-roles", ANY, api_contact_roles,
          "The roles suggested for a contact (ЛПР, ЛВР, бухгалтер, ...)"),
    /* issue 10, clients: notes and timelines (api_clients.c) */
    ROUTE(POST, "/api/v1/deals/{id}/notes", SALES, api_deal_notes_create,
          "Add a note to a deal (plain text)"),
    ROUTE(POST, "/api/v1/clients/{id}/notes", SALES, api_client_notes_create,
          "Add a note to a client (plain text)"),
    ROUTE(GET, "/api/v1/notes/{id}", ANY, api_notes_get, "One note"),
    ROUTE(PATCH, "/api/v1/notes/{id}", SALES, api_notes_update,
          "Change a note's text (its author only)"),
    ROUTE(DELETE, "/api/v1/notes/{id}", SALES, api_notes_delete,
          "Delete a note (its author, an admin or the head)"),
    ROUTE(GET, "/api/v1/deals/{id}/timeline", ANY, api_deal_timeline,
          "A deal's timeline, newest first (cursor paging)"),
    ROUTE(GET, "/api/v1/clients/{id}/timeline", ANY, api_client_timeline,
          "A client's timeline with its deals', newest first (cursor paging)"),
    ROUTE(GET, "/api/v1/search", ANY, api_search,
          "Search deals, clients and contacts (?q=: a word's start, a phone, an e-mail, an INN)"),
    ROUTE(POST, "/api/v1/clients/{id}/merge", LEAD, api_clients_merge,
          "Merge duplicate clients into this one (their deals, payments and history move)"),
    CRUD("/api/v1/deals", deals, SALES, "Deals (filters, cursor paging)", "Open a deal", "One deal",
         "Change a deal's title, client, amount, channel, source (owner: admin, head)"),
    ROUTE(POST, "/api/v1/deals/bulk", SALES, api_deals_bulk,
          "Open or change up to 500 deals, all or nothing"),
    /* the deals board (api_board.c); a manager's own deals */
    ROUTE(GET, "/api/v1/board", ANY, api_board,
          "A pipeline's open deals by stage: each column's count and sum, its first cards "
          "(longest in the stage first)"),
    ROUTE(GET, "/api/v1/board/stages/{id}", ANY, api_board_column,
          "One board column: its figures and the next page of its cards (cursor paging)"),
    ROUTE(GET, "/api/v1/deals/{id}/history", ANY, api_deals_history, "The deal's stage changes"),
    ROUTE(POST, "/api/v1/deals/{id}/move", SALES, api_deals_move,
          "Move an open deal to a stage of its pipeline"),
    ROUTE(POST, "/api/v1/deals/{id}/win", SALES, api_deals_win, "Win an open deal"),
    ROUTE(POST, "/api/v1/deals/{id}/lose", SALES, api_deals_lose,
          "Lose an open deal, with a reason"),
    ROUTE(POST, "/api/v1/deals/{id}/reopen", LEAD, api_deals_reopen, "Reopen a won or lost deal"),
    CRUD("/api/v1/activities", activities, SALES,
         "Calls, meetings, emails, messages (filters, cursor paging)", "Log an activity",
         "One activity", "Change an activity"),
    ROUTE(POST, "/api/v1/activities/bulk", SALES, api_activities_bulk,
          "Log or change up to 500 activities, all or nothing"),
    CRUD("/api/v1/tasks", tasks, SALES, "Tasks (filters, cursor paging)", "Add a task", "One task",
         "Change a task"),
    ROUTE(POST, "/api/v1/tasks/bulk", SALES, api_tasks_bulk,
          "Add or change up to 500 tasks, all or nothing"),
    ROUTE(POST, "/api/v1/tasks/{id}/complete", SALES, api_tasks_complete,
          "Mark a task done (now, or at done_at), with a comment"),
    /* crm-tasks (issue 10): reschedule and recurring tasks (api_tasks.c) */
    ROUTE(POST, "/api/v1/tasks/{id}/reschedule", SALES, api_tasks_reschedule,
          "Move an open task's due time, with a reason"),
    ROUTE(GET, "/api/v1/tasks/{id}/reschedules", ANY, api_tasks_reschedules,
          "A task's reschedules, oldest first"),
    ROUTE(GET, "/api/v1/tasks/{id}/recurrence", ANY, api_tasks_recurrence_get,
          "The rule a recurring task repeats by"),
    ROUTE(POST, "/api/v1/tasks/{id}/recurrence", SALES, api_tasks_recurrence_set,
          "Make an open task recur (daily, weekly, monthly, every N working days)"),
    ROUTE(DELETE, "/api/v1/tasks/{id}/recurrence", SALES, api_tasks_recurrence_stop,
          "Stop a task's recurrence"),
    /* crm-tasks (issue 10): the signed-in user's notifications (api_notify.c) */
    ROUTE(GET, "/api/v1/notifications", ANY, api_notifications_list,
          "My notifications, newest first (unread=1: unread only)"),
    ROUTE(GET, "/api/v1/notifications/unread", ANY, api_notifications_unread,
          "How many of my notifications are unread"),
    ROUTE(POST, "/api/v1/notifications/{id}/read", ANY, api_notifications_read,
          "Mark one of my notifications read"),
    ROUTE(POST, "/api/v1/notifications/read-all", ANY, api_notifications_read_all,
          "Mark all my notifications read"),
    ROUTE(GET, "/api/v1/events", ANY, api_events,
          "My notifications live, as Server-Sent Events (Last-Event-ID resumes)"),
    ROUTE(GET, "/api/v1/payments", ANY, api_payments_list, "Payments (filters, cursor paging)"),
    ROUTE(POST, "/api/v1/payments", SALES, api_payments_create, "Record a payment"),
    ROUTE(POST, "/api/v1/payments/bulk", SALES, api_payments_bulk,
          "Record up to 500 payments, all or nothing"),
    ROUTE(GET, "/api/v1/payments/{id}", ANY, api_payments_get, "One payment"),
    /* crm-edit (issue 10): custom field definitions (api_custom.c) */
    ROUTE(GET, "/api/v1/custom-fields", ANY, api_custom_fields_list,
          "Custom fields of deals and clients (?entity=deal|client)"),
    ROUTE(POST, "/api/v1/custom-fields", LEAD, api_custom_fields_create,
          "Define a custom field (text, number, date, list)"),
    ROUTE(PATCH, "/api/v1/custom-fields/{id}", LEAD, api_custom_fields_update,
          "Change a custom field's label, options, required flag or position"),
    ROUTE(DELETE, "/api/v1/custom-fields/{id}", LEAD, api_custom_fields_delete,
          "Remove a custom field (stored values stay)"),
    /* crm-edit (issue 10): a deal's products (api_deal_products.c) */
    ROUTE(GET, "/api/v1/deals/{id}/products", ANY, api_deal_products_get,
          "A deal's products, their total and whether the amount was set by hand"),
    ROUTE(PUT, "/api/v1/deals/{id}/products", SALES, api_deal_products_put,
          "Replace a deal's products (the amount follows unless set by hand)"),
    ROUTE(POST, "/api/v1/deals/{id}/undo", SALES, api_deals_undo,
          "Undo one's own win or loss within 30 seconds"),
    /* crm-edit (issue 10): the loss-reason dictionary (api_loss_reasons.c) */
    ROUTE(GET, "/api/v1/loss-reasons", ANY, api_loss_reasons_list,
          "The org's loss reasons in order (inactive ones marked)"),
    ROUTE(POST, "/api/v1/loss-reasons", LEAD, api_loss_reasons_create, "Add a loss reason"),
    ROUTE(PATCH, "/api/v1/loss-reasons/{id}", LEAD, api_loss_reasons_update,
          "Rename, move or (de)activate a loss reason"),
    /* issue 10, lists: a user's own saved filters (api_saved_filters.c) */
    ROUTE(GET, "/api/v1/saved-filters", ANY, api_saved_filters_list,
          "Your saved filters of the lists (?kind=deals|clients|tasks|activities|payments)"),
    ROUTE(POST, "/api/v1/saved-filters", ANY, api_saved_filters_create,
          "Save a list's filters and sort under a name (optionally the list's default)"),
    ROUTE(GET, "/api/v1/saved-filters/{id}", ANY, api_saved_filters_get,
          "One of your saved filters"),
    ROUTE(PATCH, "/api/v1/saved-filters/{id}", ANY, api_saved_filters_update,
          "Rename a saved filter, change its query or make it the default (If-Match)"),
    ROUTE(DELETE, "/api/v1/saved-filters/{id}", ANY, api_saved_filters_delete,
          "Delete one of your saved filters (If-Match)"),
    /* issue 12, item 5: the forecast (api_reports.c; docs/reports.md, "Forecast") */
    ROUTE(GET, "/api/v1/reports/forecast", ANY, api_reports,
          "Revenue forecast P10/P50/P90 of a period with its 6-month backtest"),
    /* issue 12, clients: ABC / XYZ and the clients at risk (api_reports.c) */
    ROUTE(GET, "/api/v1/reports/abc-xyz", ANY, api_reports,
          "ABC / XYZ of clients with the 3x3 matrix, or the ABC of products "
          "(?of=clients|products&as_of=&history=)"),
    ROUTE(GET, "/api/v1/reports/at-risk", ANY, api_reports,
          "Clients that paid in the 12 months but not lately, and the churn by month (?as_of=)"),
    ROUTE(POST, "/api/v1/clients/{id}/risk-task", SALES, api_clients_risk_task,
          "A call task for the owner of a client at risk (api_clients_risk.c)"),
    /* issue 12, item 1: the key accounts (api_reports.c, api_key_accounts.c;
     * docs/reports.md "Key accounts") */
    ROUTE(GET, "/api/v1/reports/key-accounts", ANY, api_reports,
          "Key accounts with their plan of the month, fact, pct and 12 months (?period=&as_of=)"),
    ROUTE(GET, "/api/v1/key-accounts", ANY, api_reports,
          "The key accounts' report (= /api/v1/reports/key-accounts; ?month=YYYY-MM&as_of=)"),
    ROUTE(PUT, "/api/v1/key-accounts/{id}/plans/{month}", LEAD, api_key_accounts_plan_put,
          "Set a key account's plan of a month {target: minor units} (admin, head)"),
    ROUTE(DELETE, "/api/v1/key-accounts/{id}/plans/{month}", LEAD, api_key_accounts_plan_delete,
          "Delete a key account's plan of a month (admin, head)"),
    /* issue 13, item 5: outgoing webhooks (api_webhooks.c; docs/webhooks.md) */
    ROUTE(GET, "/api/v1/webhooks", LEAD, api_webhooks_list, "The org's webhooks (admin, head)"),
    ROUTE(POST, "/api/v1/webhooks", LEAD, api_webhooks_create,
          "Create a webhook {url, events}; its secret is answered this once (admin, head)"),
    ROUTE(GET, "/api/v1/webhooks/{id}", LEAD, api_webhooks_get, "One webhook (admin, head)"),
    ROUTE(PATCH, "/api/v1/webhooks/{id}", LEAD, api_webhooks_update,
          "Change a webhook {url, events, active}; active: true re-enables it (admin, head)"),
    ROUTE(DELETE, "/api/v1/webhooks/{id}", LEAD, api_webhooks_delete,
          "Delete a webhook and its delivery log (admin, head)"),
    ROUTE(POST, "/api/v1/webhooks/{id}/test", LEAD, api_webhooks_test,
          "Send a test delivery now and answer the receiver's status (admin, head)"),
    ROUTE(GET, "/api/v1/webhooks/{id}/deliveries", LEAD, api_webhooks_deliveries,
          "A webhook's last deliveries, newest first (?limit=1..1000, admin, head)"),
    /* issue 11, leaderboards and competitions (api_reports.c, api_competitions.c) */
    ROUTE(GET, "/api/v1/reports/leaderboard", ANY, api_reports,
          "Users ranked by a metric's fact or plan pct (?metric=&pct=&period=&team=)"),
    ROUTE(GET, "/api/v1/competitions", ANY, api_competitions_list,
          "Competitions with their standings (?status=upcoming|running|finished|cancelled)"),
    ROUTE(POST, "/api/v1/competitions", LEAD, api_competitions_create, "Start a competition"),
    ROUTE(GET, "/api/v1/competitions/{id}", ANY, api_competitions_get,
          "One competition with its live or final standings"),
    ROUTE(PATCH, "/api/v1/competitions/{id}", LEAD, api_competitions_update,
          "Change a competition that is not over (If-Match)"),
    ROUTE(DELETE, "/api/v1/competitions/{id}", LEAD, api_competitions_delete,
          "Cancel a competition that is not over (If-Match)"),
    /* issue 11, meetings (api_meetings.c): the head runs them, participants read theirs */
    ROUTE(GET, "/api/v1/meetings", ANY, api_meetings_list,
          "Meetings (?kind=daily|weekly|monthly|one_to_one&from=&to=); a manager: theirs"),
    ROUTE(POST, "/api/v1/meetings", LEAD, api_meetings_create,
          "Plan a meeting: kind, scheduled_at, limit_min, participants (agenda from the template)"),
    ROUTE(GET, "/api/v1/meetings/{id}", ANY, api_meetings_get,
          "A meeting: attendance, agenda with notes, decisions, promises, the frozen report"),
    ROUTE(PATCH, "/api/v1/meetings/{id}", LEAD, api_meetings_update,
          "Reschedule a meeting or change its limit (If-Match)"),
    ROUTE(POST, "/api/v1/meetings/{id}/start", LEAD, api_meetings_start,
          "Start a planned meeting: its kind's report is frozen into it"),
    ROUTE(POST, "/api/v1/meetings/{id}/close", LEAD, api_meetings_close,
          "Close a running meeting (its protocol becomes final)"),
    ROUTE(PUT, "/api/v1/meetings/{id}/attendance", LEAD, api_meetings_attendance,
          "Mark a participant present, late or absent (with a reason)"),
    ROUTE(PUT, "/api/v1/meetings/{id}/notes", LEAD, api_meetings_notes,
          "Write the notes of an agenda item"),
    ROUTE(POST, "/api/v1/meetings/{id}/decisions", LEAD, api_meetings_decision_add,
          "Add a decision to the protocol"),
    ROUTE(DELETE, "/api/v1/meetings/{id}/decisions", LEAD, api_meetings_decision_delete,
          "Remove a decision from the protocol (?index=, from 1)"),
    ROUTE(GET, "/api/v1/meetings/{id}/protocol", ANY, api_meetings_protocol,
          "The protocol: rows (format=csv|xlsx), or format=text, a message for a messenger"),
    ROUTE(GET, "/api/v1/meeting-templates", ANY, api_meeting_templates_get,
          "The org's agenda template and default limit of each kind of meeting"),
    ROUTE(PUT, "/api/v1/meeting-templates", LEAD, api_meeting_templates_put,
          "Replace the agenda template of a kind of meeting"),
    /* issue 11, promises (api_promises.c): checked by the clock before every read */
    ROUTE(GET, "/api/v1/promises", ANY, api_promises_list,
          "Promises (?user_id=&status=open|kept|broken&meeting_id=&from=&to=); a manager: theirs"),
    ROUTE(POST, "/api/v1/promises", SALES, api_promises_create,
          "Record a promise: who, what, by when, optionally a deal (+ target stage), client or "
          "metric + target"),
    ROUTE(GET, "/api/v1/promises/record", ANY, api_promises_record,
          "A user's promise record: kept % by month (?user_id=&from_month=&to_month=)"),
    ROUTE(GET, "/api/v1/promises/{id}", ANY, api_promises_get, "One promise"),
    ROUTE(POST, "/api/v1/promises/{id}/resolve", LEAD, api_promises_resolve,
          "Mark a promise kept or broken, with a comment"),
    /* issue 12, item 6: automatic investigations (api_reports.c, service/investigate.c) */
    ROUTE(GET, "/api/v1/reports/investigations", ANY, api_reports,
          "The metrics and funnel steps that moved most, with their money (?period=&as_of=&user=)"),
    /* issue 12, item 2: NPS (api_reports.c; docs/nps.md) */
    ROUTE(GET, "/api/v1/reports/nps", ANY, api_reports,
          "NPS of the clients' answers (?from=&to=&as_of=&by=channel|user|segment|month)"),
    ROUTE(GET, "/api/v1/clients/{id}/nps", ANY, api_nps_client_list,
          "A client's NPS answers, newest first, with the task of each detractor's"),
    ROUTE(POST, "/api/v1/clients/{id}/nps", SALES, api_nps_client_add,
          "Record a client's NPS answer (score 0-10, comment, at); a detractor's gets a task"),
    ROUTE(POST, "/api/v1/clients/{id}/nps/link", SALES, api_nps_link,
          "Make a signed, expiring survey link for a client (one answer per link)"),
    ROUTE(DELETE, "/api/v1/nps/{id}", LEAD, api_nps_delete, "Delete an NPS answer"),
    ROUTE(POST, "/api/v1/nps/{id}/task", SALES, api_nps_task,
          "Create the owner's task for a detractor's answer (one per answer)"),
    ROUTE(GET, "/api/v1/public/nps/{token}", PUBLIC, api_nps_public_get,
          "A survey link's page data (no sign-in): the company's name"),
    ROUTE(POST, "/api/v1/public/nps/{token}", PUBLIC, api_nps_public_answer,
          "Answer a survey link (no sign-in): score 0-10 and a comment; once"),
    /* issue 12, item 4: channels and regions (api_reports.c; not for a manager) */
    ROUTE(GET, "/api/v1/reports/channels", READ_ALL, api_reports,
          "Channel economics: leads, won deals, conversion, revenue, spend, new clients, CAC, "
          "ROMI, payback months per channel, region or source (?from=&to=&as_of=&by=)"),
    ROUTE(GET, "/api/v1/reports/channel-dynamics", READ_ALL, api_reports,
          "A channel metric by month over the last 12 full months with month-on-month and "
          "year-on-year change (?metric=&channel=&as_of=)"),
    ROUTE(GET, "/api/v1/reports/channel-plans", READ_ALL, api_reports,
          "Lead plans per channel against the leads and their quality (?period=&as_of=)"),
    ROUTE(PUT, "/api/v1/channel-plans/{channel}/{month}", LEAD, api_channel_plan_put,
          "Set a channel's lead plan of a month {leads, quality} (quality a share 0..1 or null)"),
    ROUTE(GET, "/api/v1/marketing-spend", READ_ALL, api_spend_list,
          "Marketing spend per channel and month (?from=YYYY-MM&to=YYYY-MM)"),
    ROUTE(PUT, "/api/v1/marketing-spend/{channel}/{month}", LEAD, api_spend_put,
          "Set a channel's marketing spend of a month {amount} (minor units)"),
    ROUTE(DELETE, "/api/v1/marketing-spend/{channel}/{month}", LEAD, api_spend_delete,
          "Delete a channel's marketing spend of a month"),
    /* issue 14, item 2: onboarding (api_onboarding.c; docs/onboarding.md):
     * the templates and the plans are run by the admin and the head; a
     * manager reads their own plan and their mentees' and marks items */
    ROUTE(GET, "/api/v1/onboarding/templates", ANY, api_onboarding_templates_get,
          "The onboarding checklist templates of the manager and the head"),
    ROUTE(PUT, "/api/v1/onboarding/templates", LEAD, api_onboarding_templates_put,
          "Replace a role's onboarding template {role, items: [{title, kind, due_day, "
          "document_id}]}"),
    ROUTE(GET, "/api/v1/onboarding", ANY, api_onboarding_list,
          "Onboarding plans with their progress (?user_id=&mentor_id=&status=)"),
    ROUTE(POST, "/api/v1/onboarding", LEAD, api_onboarding_create,
          "Start a user's onboarding plan {user_id, mentor_id, start_date}"),
    ROUTE(GET, "/api/v1/onboarding/{id}", ANY, api_onboarding_get,
          "One onboarding plan with its checklist"),
    ROUTE(PATCH, "/api/v1/onboarding/{id}", LEAD, api_onboarding_update,
          "Change a plan's mentor or close (reopen) it {mentor_id, status}"),
    ROUTE(PATCH, "/api/v1/onboarding/{id}/items/{n}", SALES, api_onboarding_item,
          "Mark a checklist item done or not {done} (the newcomer, the mentor, the head)"),
    ROUTE(GET, "/api/v1/onboarding/{id}/rampup", ANY, api_onboarding_rampup,
          "The newcomer's revenue, deals won, calls and meetings by month of tenure against "
          "the department's average at the same tenure"),
    /* issue 14, item 1: hiring (api_hiring.c; docs/hiring.md): vacancies are
     * read by all and written by the admin and the head; candidates are
     * theirs alone: another role gets 403 on the collection and 404 on one
     * (the service's check), the CV's upload 403 before its body is read */
    ROUTE(GET, "/api/v1/vacancies", ANY, api_vacancies_list,
          "Vacancies with their candidates and hires (?status=open|closed)"),
    ROUTE(POST, "/api/v1/vacancies", LEAD, api_vacancies_create,
          "Open a vacancy {title, team, openings, description} (admin, head)"),
    ROUTE(GET, "/api/v1/vacancies/{id}", ANY, api_vacancies_get, "One vacancy"),
    ROUTE(PATCH, "/api/v1/vacancies/{id}", LEAD, api_vacancies_update,
          "Change or close a vacancy (admin, head)"),
    ROUTE(GET, "/api/v1/candidates", LEAD, api_candidates_list,
          "Candidates (?vacancy=&stage=&source=&q=; admin, head)"),
    ROUTE(POST, "/api/v1/candidates", LEAD, api_candidates_create,
          "Add a candidate to an open vacancy {vacancy_id, name, email, phone, source, notes}"),
    ROUTE(GET, "/api/v1/candidates/{id}", ANY, api_candidates_get,
          "One candidate (admin, head; anyone else: 404)"),
    ROUTE(PATCH, "/api/v1/candidates/{id}", ANY, api_candidates_update,
          "Change a candidate's details or notes (admin, head)"),
    ROUTE(POST, "/api/v1/candidates/{id}/stage", ANY, api_candidates_stage,
          "Move a candidate to a stage {stage, reason} (rejected needs the reason)"),
    {VO_PUT, "/api/v1/candidates/{id}/cv", VO_R_LEAD, api_candidates_cv_put,
     "Upload a candidate's CV: the body is the file (PDF, DOC, DOCX, RTF or TXT, at most 5 MiB), "
     "?filename= its name",
     IMPORT_BODY},
    ROUTE(GET, "/api/v1/candidates/{id}/cv", ANY, api_candidates_cv_get,
          "Download a candidate's CV (an attachment)"),
    ROUTE(GET, "/api/v1/candidates/{id}/scores", ANY, api_candidates_scores_list,
          "A candidate's scorecards with the average of each kind"),
    ROUTE(POST, "/api/v1/candidates/{id}/scores", ANY, api_candidates_scores_create,
          "Score a candidate on every active criterion 1..5 {kind: interview|final, scores} "
          "(the final interview: the head or an admin)"),
    ROUTE(POST, "/api/v1/candidates/{id}/hire", ANY, api_candidates_hire,
          "Hire a candidate: a user {email, role, team, start_date, name} made and the "
          "candidate hired, in one transaction (201 {user_id})"),
    ROUTE(GET, "/api/v1/hiring/summary", LEAD, api_hiring_summary,
          "Time to hire (median, average days) and conversion by stage and by source "
          "(?from=&to=&vacancy=)"),
    ROUTE(GET, "/api/v1/hiring/criteria", LEAD, api_hiring_criteria_list,
          "The org's scorecard criteria (a default set on first use)"),
    ROUTE(POST, "/api/v1/hiring/criteria", LEAD, api_hiring_criteria_create,
          "Add a scorecard criterion {name}"),
    ROUTE(PATCH, "/api/v1/hiring/criteria/{id}", LEAD, api_hiring_criteria_update,
          "Rename, move or archive a scorecard criterion {name, position, archived}"),
};
const size_t vo_route_count = sizeof vo_routes / sizeof vo_routes[0];

/* Whether path is base or under it ("/api/v1/users/{id}"). */
static bool under(const char *path, const char *base)
{
    size_t n = strlen(base);
    return strncmp(path, base, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* The scope of a row, by one rule over the table's own columns, so that a
 * new row has its scope without anyone writing it (docs/api-session.md,
 * "Scopes"; test_api_access walks the table):
 * - no scope for a public route;
 * - admin: a route for admins alone (users, teams, products, the org's
 *   settings and mail), anything under /api/v1/tokens, /api/v1/audit or
 *   /api/v1/webhooks (where the org's data is sent), and the writes under
 *   /api/v1/users (a password);
 * - reports: a GET of a report (under /api/v1/reports, or answered by the
 *   reports' handler, as /api/v1/key-accounts is);
 * - read: any other GET; write: any other method (the head's notes of the
 *   report to the director included: they are data, not a report). */
unsigned vo_route_scope(const struct vo_route *rt)
{
    if (rt->roles == VO_R_PUBLIC)
        return 0;
    if (rt->roles == VO_R_ADMIN || under(rt->path, "/api/v1/tokens") ||
        under(rt->path, "/api/v1/audit") || under(rt->path, "/api/v1/webhooks") ||
        (rt->method != VO_GET && under(rt->path, "/api/v1/users")))
        return VO_SCOPE_ADMIN;
    if (rt->method == VO_GET && (under(rt->path, "/api/v1/reports") || rt->handler == api_reports))
        return VO_SCOPE_REPORTS;
    return rt->method == VO_GET ? VO_SCOPE_READ : VO_SCOPE_WRITE;
}

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

const struct vo_route *vo_route_find(enum vo_method m, const char *path)
{
    char buf[512];
    for (size_t i = 0; i < vo_route_count; i++)
        if (vo_routes[i].method == m && match(vo_routes[i].path, path, NULL, buf, sizeof buf))
            return &vo_routes[i];
    return NULL;
}
