/*
 * api_tasks.c - the task routes beyond create / change / complete
 * (api_crm.c): reschedule with its log, and a task's recurrence (read,
 * set, stop). Handlers translate the body and the stored rows; the rules
 * live in service/tasks.h.
 *
 * A rule as JSON: {"id", "rule": "daily"|"weekly"|"monthly"|"workdays",
 * "every", "weekdays": [1..7] (1 = Monday), "month_day", "created_at",
 * "stopped_at", "active"}.
 */
#include "http/api.h"

#include "service/crm.h"
#include "service/tasks.h"

VO_API_RESPOND(respond_task, struct vo_task, vo_svc_task_get, vo_json_task)

vo_err vo_req_id_texts_act(struct vo_req *r, const char *const fields[3], bool first_required,
                           vo_err (*act)(struct vo_svc *, int64_t, const char *, const char *,
                                         struct vo_error *),
                           vo_respond_fn respond)
{
    int64_t id = 0;
    const char *first = NULL, *second = NULL;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_req_body_fields(r, fields)) ||
        (rc = vo_req_str(r, fields[0], first_required, &first)) ||
        (rc = vo_req_str(r, fields[1], false, &second)) ||
        (rc = act(&r->svc, id, first, second, &r->err)))
        return rc;
    return respond(r, id, 200);
}

vo_err api_tasks_reschedule(struct vo_req *r)
{
    static const char *const fields[] = {"due_at", "reason", NULL};
    return vo_req_id_texts_act(r, fields, true, vo_svc_task_reschedule, respond_task);
}

static json_t *reschedule_json(struct vo_req *r, const void *x)
{
    const struct vo_task_reschedule *v = x;
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(v->id));
    json_object_set_new(o, "at", vo_json_time(r, v->at));
    json_object_set_new(o, "user_id", v->user_id ? json_integer(v->user_id) : json_null());
    json_object_set_new(o, "from", vo_json_time(r, v->from_due));
    json_object_set_new(o, "to", vo_json_time(r, v->to_due));
    json_object_set_new(o, "reason", v->reason ? json_string(v->reason) : json_null());
    return o;
}

VO_API_ID_LIST(api_tasks_reschedules, struct vo_task_reschedule, vo_svc_task_reschedules,
               reschedule_json)

static json_t *recurrence_json(struct vo_req *r, const struct vo_task_recurrence *rule)
{
    json_t *o = json_object(), *days = json_array();
    for (int d = 1; d <= 7; d++)
        if (rule->weekdays & (1 << (d - 1)))
            json_array_append_new(days, json_integer(d));
    json_object_set_new(o, "id", json_integer(rule->id));
    json_object_set_new(o, "rule", json_string(vo_recur_rule_name(rule->rule)));
    json_object_set_new(o, "every", json_integer(rule->every));
    json_object_set_new(o, "weekdays", days);
    json_object_set_new(o, "month_day",
                        rule->month_day == VO_NULL ? json_null() : json_integer(rule->month_day));
    json_object_set_new(o, "created_at", vo_json_time(r, rule->created_at));
    json_object_set_new(o, "stopped_at", vo_json_time(r, rule->stopped_at));
    json_object_set_new(o, "active", json_boolean(rule->stopped_at == VO_NULL));
    return o;
}

VO_API_GET(api_tasks_recurrence_get, struct vo_task_recurrence, vo_svc_task_recurrence_get,
           recurrence_json)

/* weekdays: an array of distinct ISO weekdays 1..7 into a bit mask. */
static vo_err read_weekdays(struct vo_req *r, int64_t *mask)
{
    json_t *v = json_object_get(r->body, "weekdays"), *x;
    size_t i;
    *mask = 0;
    if (!v || json_is_null(v))
        return VO_OK;
    if (!json_is_array(v))
        return vo_error_set(&r->err, VO_EINVAL, "weekdays",
                            "weekdays is an array of numbers from 1 (Monday) to 7 (Sunday)");
    json_array_foreach(v, i, x)
    {
        json_int_t d = json_is_integer(x) ? json_integer_value(x) : 0;
        if (d < 1 || d > 7 || (*mask & (1 << (d - 1))))
            return vo_error_set(&r->err, VO_EINVAL, "weekdays",
                                "weekdays holds distinct numbers from 1 (Monday) to 7 (Sunday)");
        *mask |= 1 << (d - 1);
    }
    return VO_OK;
}

vo_err api_tasks_recurrence_set(struct vo_req *r)
{
    static const char *const fields[] = {"rule", "every", "weekdays", "month_day", NULL};
    int64_t id = 0;
    const char *rule = NULL;
    struct vo_task_recurrence rec = {.every = 1, .month_day = VO_NULL};
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_req_body_fields(r, fields)) || (rc = vo_req_str(r, "rule", true, &rule)) ||
        (rc = vo_recur_rule_parse(rule, &rec.rule, "rule", &r->err)) ||
        (rc = vo_req_int(r, "every", false, &rec.every, NULL)) ||
        (rc = vo_req_int(r, "month_day", false, &rec.month_day, NULL)) ||
        (rc = read_weekdays(r, &rec.weekdays)) ||
        (rc = vo_svc_task_recurrence_set(&r->svc, id, &rec, &r->err)))
        return rc;
    vo_req_json(r, 200, recurrence_json(r, &rec));
    return VO_OK;
}

vo_err api_tasks_recurrence_stop(struct vo_req *r)
{
    int64_t id = 0;
    struct vo_task_recurrence rule;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_svc_task_recurrence_stop(&r->svc, id, &rule, &r->err)))
        return rc;
    vo_req_json(r, 200, recurrence_json(r, &rule));
    return VO_OK;
}
