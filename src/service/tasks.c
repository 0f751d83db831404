/*
 * tasks.c - reschedules and recurring tasks (tasks.h). A rule lives in
 * task_recurrences; each occurrence is an ordinary task pointing at it,
 * so My day, the hygiene report and the dataset see occurrences as tasks
 * and nothing else. Only one occurrence of a rule is open at a time: the
 * next is created in the transaction that completes the current one, so
 * two completions cannot both create it (the second finds the task done
 * and gets VO_ECONFLICT).
 */
#include "service/tasks.h"

#include <string.h>

#include "base/timeutil.h"
#include "service/context.h"
#include "service/crm.h"

/* ---- the next due time ---- */

static struct vo_date next_date(const struct vo_task_recurrence *r, const struct vo_calendar *cal,
                                struct vo_date d)
{
    switch (r->rule) {
    case VO_RECUR_DAILY:
        return vo_date_add_days(d, (int)r->every);
    case VO_RECUR_WEEKLY:
        for (int k = 1; k <= 7; k++) {
            struct vo_date n = vo_date_add_days(d, k);
            if (r->weekdays & (1 << (vo_date_weekday(n) - 1)))
                return n;
        }
        return vo_date_add_days(d, 7); /* no weekday: refused by validation */
    case VO_RECUR_MONTHLY: {
        struct vo_date n = {d.m == 12 ? d.y + 1 : d.y, d.m == 12 ? 1 : d.m + 1, 1};
        int last = vo_month_days(n.y, n.m);
        n.d = r->month_day < last ? (int)r->month_day : last;
        return n;
    }
    case VO_RECUR_WORKDAYS:
        for (int64_t left = r->every; left > 0;) {
            d = vo_date_add_days(d, 1);
            if (vo_cal_is_working(cal, d))
                left--;
        }
        return d;
    }
    return vo_date_add_days(d, 1);
}

vo_err vo_svc_task_next_due(const struct vo_task_recurrence *r, const struct vo_calendar *cal,
                            int64_t due, int64_t after, int64_t *out, struct vo_error *e)
{
    struct vo_date d = vo_cal_date_of(cal, due);
    int64_t tod = due - vo_cal_day_start(cal, d);
    /* A daily rule passes a year in 366 steps; a bound keeps a task
     * completed decades late (or a bad clock) from spinning. */
    for (int i = 0; i < 100000; i++) {
        d = next_date(r, cal, d);
        if (!vo_date_supported(d))
            break;
        int64_t t = vo_cal_day_start(cal, d) + tod;
        if (t > after && t > due) {
            *out = t;
            return VO_OK;
        }
    }
    return vo_error_set(e, VO_EINVAL, "recurrence",
                        "the recurrence has no next date in the supported range (%s)",
                        VO_DATE_RANGE_TEXT);
}

/* ---- helpers ---- */

static void emit_task(struct vo_svc *svc, int64_t id)
{
    struct vo_task t;
    struct vo_error tmp = {0};
    struct vo_change c = {.kind = VO_CHANGE_OTHER};
    if (vo_store_task_get(svc->st, svc->org.id, id, svc->arena, &t, &tmp) == VO_OK) {
        c.kind = VO_CHANGE_TASK;
        c.task = &t;
    }
    vo_svc_emit(svc, &c);
}

/* Begins a transaction and loads task id for a change by the actor (its
 * assignee checked once). On error nothing is left open. */
static vo_err begin_task(struct vo_svc *svc, int64_t id, struct vo_task *t, struct vo_error *e)
{
    vo_err rc = vo_store_begin(svc->st, e);
    if (rc)
        return rc;
    if ((rc = vo_store_task_get(svc->st, svc->org.id, id, svc->arena, t, e)) ||
        (rc = vo_svc_check_owner(svc, t->assignee_id, true, e)))
        vo_store_rollback(svc->st);
    return rc;
}

/* ---- reschedule ---- */

vo_err vo_svc_task_reschedule(struct vo_svc *svc, int64_t id, const char *due_at,
                              const char *reason, struct vo_error *e)
{
    struct vo_task t;
    int64_t to = 0;
    if (!due_at || !*due_at)
        return vo_error_set(e, VO_EINVAL, "due_at", "due_at is required: the new due time");
    if (reason && !*reason)
        reason = NULL;
    vo_err rc = vo_crm_time(svc, due_at, "due_at", &to, e);
    if (rc || (rc = vo_text_check(VO_TEXT_NOTE, reason, "reason", e)) ||
        (rc = begin_task(svc, id, &t, e)))
        return rc;
    struct vo_task_reschedule log = {.org_id = svc->org.id,
                                     .task_id = id,
                                     .user_id = svc->actor_id,
                                     .at = vo_now(),
                                     .from_due = t.due_at,
                                     .to_due = to,
                                     .reason = reason};
    if (t.done_at != VO_NULL) {
        rc = vo_error_set(e, VO_ECONFLICT, "due_at", "a completed task cannot be rescheduled");
        goto fail;
    }
    if (to == t.due_at) {
        rc = vo_error_set(e, VO_ECONFLICT, "due_at", "due_at is the task's due time already");
        goto fail;
    }
    t.due_at = to;
    if ((rc = vo_task_validate(&t, e)) || (rc = vo_store_task_update(svc->st, &t, e)) ||
        (rc = vo_store_task_reschedule_add(svc->st, &log, e)))
        goto fail;
    char from_s[64], to_s[64];
    const char *detail = vo_arena_printf(
        svc->arena, "%s -> %s%s%s", vo_time_format(log.from_due, svc->tz, from_s, sizeof from_s),
        vo_time_format(to, svc->tz, to_s, sizeof to_s), reason ? ": " : "", reason ? reason : "");
    if ((rc = vo_crm_finish(svc, "task.reschedule", "task", id, detail, e)))
        return rc;
    emit_task(svc, id);
    return VO_OK;
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_task_reschedules(struct vo_svc *svc, int64_t id, struct vo_task_reschedule **out,
                               size_t *n, struct vo_error *e)
{
    struct vo_task t;
    vo_err rc = vo_svc_task_get(svc, id, &t, e);
    return rc ? rc : vo_store_task_reschedule_list(svc->st, svc->org.id, id, svc->arena, out, n, e);
}

/* ---- recurrence ---- */

vo_err vo_svc_task_recurrence_set(struct vo_svc *svc, int64_t id, struct vo_task_recurrence *r,
                                  struct vo_error *e)
{
    struct vo_task t;
    vo_err rc = vo_task_recurrence_validate(r, e);
    if (rc || (rc = begin_task(svc, id, &t, e)))
        return rc;
    int64_t now = vo_now();
    if (t.done_at != VO_NULL) {
        rc = vo_error_set(e, VO_ECONFLICT, "id", "a completed task cannot be made recurring");
        goto fail;
    }
    r->org_id = svc->org.id;
    r->created_by = svc->actor_id;
    r->created_at = now;
    r->stopped_at = VO_NULL;
    if (t.recurrence_id) {
        struct vo_task_recurrence old;
        if ((rc = vo_store_task_recurrence_get(svc->st, svc->org.id, t.recurrence_id, svc->arena,
                                               &old, e)))
            goto fail;
        if (old.stopped_at == VO_NULL &&
            (rc = vo_store_task_recurrence_stop(svc->st, svc->org.id, old.id, now, e)))
            goto fail;
    }
    if ((rc = vo_store_task_recurrence_insert(svc->st, r, e)))
        goto fail;
    t.recurrence_id = r->id;
    if ((rc = vo_store_task_extra_set(svc->st, &t, e)))
        goto fail;
    return vo_crm_finish(svc, "task.recurrence.set", "task", id, vo_recur_rule_name(r->rule), e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_task_recurrence_stop(struct vo_svc *svc, int64_t id, struct vo_task_recurrence *out,
                                   struct vo_error *e)
{
    struct vo_task t;
    vo_err rc = begin_task(svc, id, &t, e);
    if (rc)
        return rc;
    if (!t.recurrence_id) {
        rc = vo_error_set(e, VO_ECONFLICT, "recurrence", "the task does not recur");
        goto fail;
    }
    if ((rc = vo_store_task_recurrence_get(svc->st, svc->org.id, t.recurrence_id, svc->arena, out,
                                           e)))
        goto fail;
    if (out->stopped_at != VO_NULL) {
        rc =
            vo_error_set(e, VO_ECONFLICT, "recurrence", "the task's recurrence is stopped already");
        goto fail;
    }
    out->stopped_at = vo_now();
    if ((rc = vo_store_task_recurrence_stop(svc->st, svc->org.id, out->id, out->stopped_at, e)))
        goto fail;
    return vo_crm_finish(svc, "task.recurrence.stop", "task", id, vo_recur_rule_name(out->rule), e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_task_recurrence_get(struct vo_svc *svc, int64_t id, struct vo_task_recurrence *out,
                                  struct vo_error *e)
{
    struct vo_task t;
    vo_err rc = vo_svc_task_get(svc, id, &t, e);
    if (rc)
        return rc;
    if (!t.recurrence_id)
        return vo_error_set(e, VO_ENOTFOUND, "recurrence", "task %lld does not recur",
                            (long long)id);
    return vo_store_task_recurrence_get(svc->st, svc->org.id, t.recurrence_id, svc->arena, out, e);
}

/* ---- completion: the next occurrence ---- */

static vo_err create_next(struct vo_svc *svc, const struct vo_task *t,
                          const struct vo_task_recurrence *r, int64_t *next, struct vo_error *e)
{
    struct vo_calendar cal = {0};
    struct vo_task n = {.org_id = t->org_id,
                        .assignee_id = t->assignee_id,
                        .title = t->title,
                        .created_at = vo_now(),
                        .deal_id = t->deal_id,
                        .client_id = t->client_id,
                        .done_at = VO_NULL,
                        .type = t->type,
                        .recurrence_id = r->id};
    int64_t after = t->done_at > t->due_at ? t->done_at : t->due_at;
    vo_err rc = vo_svc_org_calendar(svc, &cal, e);
    if (!rc)
        rc = vo_svc_task_next_due(r, &cal, t->due_at, after, &n.due_at, e);
    vo_cal_cleanup(&cal);
    if (rc || (rc = vo_task_validate(&n, e)) || (rc = vo_store_task_upsert(svc->st, &n, NULL, e)) ||
        (rc = vo_store_task_extra_set(svc->st, &n, e)))
        return rc;
    const char *detail =
        vo_arena_printf(svc->arena, "next occurrence of task %lld", (long long)t->id);
    if ((rc = vo_store_audit(svc->st, svc->org.id, svc->actor_id, "task.create", "task", n.id,
                             detail, e)))
        return rc;
    *next = n.id;
    return VO_OK;
}

vo_err vo_svc_task_written(struct vo_svc *svc, struct vo_task *t, bool completed, int64_t *next,
                           struct vo_error *e)
{
    *next = 0;
    vo_err rc = vo_store_task_extra_set(svc->st, t, e);
    if (rc || !completed || !t->recurrence_id)
        return rc;
    struct vo_task_recurrence r;
    if ((rc = vo_store_task_recurrence_get(svc->st, svc->org.id, t->recurrence_id, svc->arena, &r,
                                           e)))
        return rc;
    return r.stopped_at == VO_NULL ? create_next(svc, t, &r, next, e) : VO_OK;
}
