/*
 * tasks.h - the task use cases beyond create / change / complete
 * (crm.h): reschedule with its log, recurring tasks (a rule, the next
 * occurrence created when one is completed, stopping), and the pure
 * computation of a rule's next due time over the org's production
 * calendar. The rules are those of crm.h: the task's assignee is the
 * owner checked once (vo_svc_check_owner), every write is one
 * transaction with an audit row, the live dataset is told after the
 * commit when a due time changes.
 */
#ifndef VO_SERVICE_TASKS_H
#define VO_SERVICE_TASKS_H

#include "analytics/calendar.h"
#include "service/service.h"

/* The due time of the occurrence after one due at `due`: the rule's next
 * local date after due's (daily: +every days; weekly: the next date on
 * one of the weekdays; monthly: month_day of the next month, its last day
 * when shorter; workdays: +every working days of cal), at due's local
 * time of day; repeated until the result is after `after` (so a task
 * completed late is followed by the next occurrence still to come, not a
 * past one). VO_EINVAL naming "recurrence" when that leaves the supported
 * dates. cal is borrowed. */
vo_err vo_svc_task_next_due(const struct vo_task_recurrence *r, const struct vo_calendar *cal,
                            int64_t due, int64_t after, int64_t *out, struct vo_error *e);

/* Moves an open task's due time to due_at (ISO text in the org's zone),
 * with an optional reason (a note, NULL = none): the task's reschedules
 * count grows by one and the move is logged (who, when, from, to, why).
 * VO_ECONFLICT naming "due_at" for a completed task or the same time. */
vo_err vo_svc_task_reschedule(struct vo_svc *svc, int64_t id, const char *due_at,
                              const char *reason, struct vo_error *e);
/* A task's reschedules, oldest first (the task must be the actor's to
 * see). Results in svc->arena. */
vo_err vo_svc_task_reschedules(struct vo_svc *svc, int64_t id, struct vo_task_reschedule **out,
                               size_t *n, struct vo_error *e);

/* Makes an open task recur by rule r (r->rule, every, weekdays,
 * month_day as the caller read them; validated here). A rule the task
 * had is stopped first. r->id and the rest are set to the stored rule.
 * VO_ECONFLICT naming "id" for a completed task. */
vo_err vo_svc_task_recurrence_set(struct vo_svc *svc, int64_t id, struct vo_task_recurrence *r,
                                  struct vo_error *e);
/* Stops the task's rule now (no occurrence follows this one); *out gets
 * the stopped rule. VO_ECONFLICT naming "recurrence" when the task has
 * no running rule. */
vo_err vo_svc_task_recurrence_stop(struct vo_svc *svc, int64_t id, struct vo_task_recurrence *out,
                                   struct vo_error *e);
/* The task's rule (running or stopped); VO_ENOTFOUND naming
 * "recurrence" when it never recurred. */
vo_err vo_svc_task_recurrence_get(struct vo_svc *svc, int64_t id, struct vo_task_recurrence *out,
                                  struct vo_error *e);

/* For work.c, inside the transaction of a task's create, change or
 * completion, after its core row is written: stores t's type, comment
 * and rule. When t was just completed (`completed`) and its rule runs,
 * creates the next occurrence (same assignee, title, type, deal, client
 * and rule; its due time from vo_svc_task_next_due after max(due_at,
 * done_at)) with its own audit row: *next gets its id, else 0. */
vo_err vo_svc_task_written(struct vo_svc *svc, struct vo_task *t, bool completed, int64_t *next,
                           struct vo_error *e);

#endif
