/*
 * api_meetings.c - the head of sales' meetings (issue 11, docs/meetings.md):
 * GET/POST /api/v1/meetings, GET/PATCH /{id} (If-Match), POST /{id}/start
 * (the report of the meeting's kind computed here, as of the start, and
 * frozen into the meeting by the service), POST /{id}/close, PUT
 * /{id}/attendance, PUT /{id}/notes, POST/DELETE /{id}/decisions, and the
 * org's agenda templates (GET/PUT /api/v1/meeting-templates). The rules
 * are service/meetings.h's.
 */
#include "http/api.h"

#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "service/meetings.h"

/* A promise as the meetings and promises routes answer it. */
json_t *vo_json_promise(struct vo_req *r, const struct vo_promise *p)
{
    json_t *o = json_pack(
        "{s:I, s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:I}", "id",
        (json_int_t)p->id, "user_id", (json_int_t)p->user_id, "text", p->text, "due_at",
        vo_json_time(r, p->due_at), "deal_id", p->deal_id ? json_integer(p->deal_id) : json_null(),
        "client_id", p->client_id ? json_integer(p->client_id) : json_null(), "metric",
        p->metric ? json_string(p->metric) : json_null(), "target",
        p->target != VO_NULL ? json_integer(p->target) : json_null(), "meeting_id",
        p->meeting_id ? json_integer(p->meeting_id) : json_null(), "target_stage_id",
        p->target_stage_id ? json_integer(p->target_stage_id) : json_null(), "status", p->status,
        "comment", p->comment ? json_string(p->comment) : json_null(), "created_at",
        vo_json_time(r, p->created_at), "resolved_at", vo_json_time(r, p->resolved_at), "version",
        (json_int_t)p->rev);
    return o;
}

/* Promises with their owner's name ("user_name"). */
static json_t *promises_json(struct vo_req *r, const struct vo_meeting_full *f,
                             const struct vo_promise *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = vo_json_promise(r, &v[i]);
        json_object_set_new(o, "user_name", json_string(vo_meeting_user_name(f, v[i].user_id)));
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *meeting_json(struct vo_req *r, const void *x)
{
    const struct vo_meeting *m = x;
    return json_pack("{s:I, s:s, s:o, s:I, s:s, s:I, s:o, s:o, s:o, s:I}", "id", (json_int_t)m->id,
                     "kind", m->kind, "scheduled_at", vo_json_time(r, m->scheduled_at), "limit_min",
                     (json_int_t)m->limit_min, "status", m->status, "lead_id",
                     (json_int_t)m->lead_id, "started_at", vo_json_time(r, m->started_at),
                     "closed_at", vo_json_time(r, m->closed_at), "created_at",
                     vo_json_time(r, m->created_at), "version", (json_int_t)m->rev);
}

static vo_err respond(struct vo_req *r, int64_t id, unsigned status)
{
    struct vo_meeting_full f;
    vo_err rc = vo_svc_meeting_get(&r->svc, id, &f, &r->err);
    if (rc)
        return rc;
    json_t *o = meeting_json(r, &f.m);
    json_t *people = json_array(), *agenda = json_array(), *decisions = json_array();
    for (size_t i = 0; i < f.npeople; i++) {
        const struct vo_meeting_person *p = &f.people[i];
        json_array_append_new(
            people, json_pack("{s:I, s:s, s:o, s:o}", "user_id", (json_int_t)p->user_id, "name",
                              vo_meeting_user_name(&f, p->user_id), "attendance",
                              p->attendance ? json_string(p->attendance) : json_null(), "reason",
                              p->reason ? json_string(p->reason) : json_null()));
    }
    for (size_t i = 0; i < f.nitems; i++) {
        const struct vo_meeting_item *it = &f.items[i];
        if (strcmp(it->kind, "agenda") == 0)
            json_array_append_new(agenda,
                                  json_pack("{s:I, s:s, s:s}", "item", (json_int_t)it->position,
                                            "text", it->text, "notes", it->notes));
        else
            json_array_append_new(decisions, json_pack("{s:I, s:s}", "index",
                                                       (json_int_t)it->position, "text", it->text));
    }
    json_t *report = f.m.report ? json_loads(f.m.report, 0, NULL) : NULL;
    json_object_set_new(o, "participants", people);
    json_object_set_new(o, "agenda", agenda);
    json_object_set_new(o, "decisions", decisions);
    json_object_set_new(o, "promises_due_from", vo_json_time(r, f.due_from));
    json_object_set_new(o, "promises_due", promises_json(r, &f, f.due, f.ndue));
    json_object_set_new(o, "promises_given", promises_json(r, &f, f.given, f.ngiven));
    json_object_set_new(o, "report", report ? report : json_null());
    r->etag = vo_arena_printf(&r->arena, "\"%lld\"", (long long)f.m.rev);
    vo_req_json(r, status, o);
    return VO_OK;
}

vo_err vo_api_query_time(struct vo_req *r, const char *name, int64_t def, int64_t *out)
{
    const char *v = vo_req_query(r, name);
    *out = def;
    return v && *v ? vo_time_parse(v, r->svc.tz, out, name, &r->err) : VO_OK;
}

vo_err api_meetings_list(struct vo_req *r)
{
    const char *kind = vo_req_query(r, "kind");
    int64_t from = 0, to = 0;
    struct vo_meeting *v = NULL;
    size_t n = 0;
    vo_err rc = vo_api_query_time(r, "from", INT64_MIN, &from);
    if (!rc)
        rc = vo_api_query_time(r, "to", INT64_MAX, &to);
    if (!rc)
        rc = vo_svc_meeting_list(&r->svc, kind && *kind ? kind : NULL, from, to, &v, &n, &r->err);
    return rc ? rc : vo_req_items(r, v, n, sizeof *v, meeting_json);
}

vo_err api_meetings_get(struct vo_req *r)
{
    vo_err rc = vo_api_promises_check(r);
    return rc ? rc : vo_req_id_respond(r, respond);
}

/* The body's instant field (required: VO_EINVAL naming it when absent). */
static vo_err body_time(struct vo_req *r, const char *field, bool required, int64_t *out,
                        bool *given)
{
    const char *s = NULL;
    vo_err rc = vo_req_str(r, field, required, &s);
    *given = s != NULL;
    return rc || !s ? rc : vo_time_parse(s, r->svc.tz, out, field, &r->err);
}

vo_err api_meetings_create(struct vo_req *r)
{
    static const char *const fields[] = {"kind", "scheduled_at", "limit_min", "participants", NULL};
    struct vo_meeting_input in = {.limit_min = VO_NULL};
    bool given = false;
    enum vo_req_has has_limit = VO_REQ_ABSENT;
    int64_t id = 0;
    vo_err rc = vo_req_body_fields(r, fields);
    if (rc || (rc = vo_req_str(r, "kind", true, &in.kind)) ||
        (rc = body_time(r, "scheduled_at", true, &in.scheduled_at, &given)) ||
        (rc = vo_req_int(r, "limit_min", false, &in.limit_min, &has_limit)))
        return rc;
    /* a given INT64_MIN is no absent limit (VO_NULL): out of bounds */
    if (has_limit == VO_REQ_VALUE && in.limit_min == VO_NULL)
        in.limit_min = 0;
    json_t *people = json_object_get(r->body, "participants");
    if (people && !json_is_null(people)) {
        size_t n = json_array_size(people);
        if (!json_is_array(people) || n > VO_MEETING_PEOPLE_MAX)
            return vo_error_set(&r->err, VO_EINVAL, "participants",
                                "participants is an array of at most %d user ids",
                                VO_MEETING_PEOPLE_MAX);
        int64_t *v = VO_ARENA_ARRAY(&r->arena, int64_t, n + 1);
        if (!v)
            return vo_error_set(&r->err, VO_ENOMEM, NULL, "out of memory");
        for (size_t i = 0; i < n; i++) {
            json_t *x = json_array_get(people, i);
            if (!json_is_integer(x) || json_integer_value(x) <= 0)
                return vo_error_set(&r->err, VO_EINVAL, "participants",
                                    "participants is an array of at most %d user ids",
                                    VO_MEETING_PEOPLE_MAX);
            v[i] = json_integer_value(x);
        }
        in.people = v;
        in.npeople = n;
    }
    if ((rc = vo_svc_meeting_create(&r->svc, &in, &id, &r->err)))
        return rc;
    return respond(r, id, 201);
}

vo_err api_meetings_update(struct vo_req *r)
{
    static const char *const fields[] = {"scheduled_at", "limit_min", "version", NULL};
    int64_t id = 0, slot = 0, at = 0, limit = 0;
    bool has_at = false;
    enum vo_req_has has_limit = VO_REQ_ABSENT;
    const int64_t *version = NULL;
    vo_err rc = vo_api_read_id_version(r, fields, &id, &slot, &version);
    if (rc || (rc = body_time(r, "scheduled_at", false, &at, &has_at)) ||
        (rc = vo_req_int(r, "limit_min", false, &limit, &has_limit)))
        return rc;
    rc = vo_svc_meeting_update(&r->svc, id, has_at ? &at : NULL,
                               has_limit == VO_REQ_VALUE ? &limit : NULL, version, &r->err);
    return vo_api_answer_write(r, rc, id, respond, 200);
}

vo_err api_meetings_start(struct vo_req *r)
{
    int64_t id = 0;
    struct vo_meeting m;
    char *report = NULL;
    const char *who = NULL;
    vo_err rc = vo_req_id(r, 0, &id);
    /* the report of the meeting's local date as of now; a one-to-one's is
     * its manager's plan-fact and hygiene */
    if (rc || (rc = vo_svc_meeting_startable(&r->svc, id, &m, &who, &r->err)))
        return rc;
    char date[16];
    vo_date_format(vo_date_of(r->svc.tz, m.scheduled_at), date, sizeof date);
    if ((rc = vo_api_meeting_report(r, m.kind, date, who, vo_now(), &report)) ||
        (rc = vo_svc_meeting_start(&r->svc, id, report, &r->err)))
        return rc;
    return respond(r, id, 200);
}

vo_err api_meetings_close(struct vo_req *r)
{
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_svc_meeting_close(&r->svc, id, &r->err)))
        return rc;
    return respond(r, id, 200);
}

vo_err api_meetings_attendance(struct vo_req *r)
{
    static const char *const fields[] = {"user_id", "attendance", "reason", NULL};
    int64_t id = 0, user = 0;
    const char *mark = NULL, *reason = NULL;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_req_body_fields(r, fields)) ||
        (rc = vo_req_int(r, "user_id", true, &user, NULL)) ||
        (rc = vo_req_str(r, "attendance", true, &mark)) ||
        (rc = vo_req_str(r, "reason", false, &reason)) ||
        (rc = vo_svc_meeting_attend(&r->svc, id, user, mark, reason, &r->err)))
        return rc;
    return respond(r, id, 200);
}

vo_err api_meetings_notes(struct vo_req *r)
{
    static const char *const fields[] = {"item", "notes", NULL};
    int64_t id = 0, item = 0;
    const char *notes = NULL;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_req_body_fields(r, fields)) ||
        (rc = vo_req_int(r, "item", true, &item, NULL)) ||
        (rc = vo_req_str(r, "notes", false, &notes)) ||
        (rc = vo_svc_meeting_notes(&r->svc, id, item, notes, &r->err)))
        return rc;
    return respond(r, id, 200);
}

vo_err api_meetings_decision_add(struct vo_req *r)
{
    static const char *const fields[] = {"text", NULL};
    int64_t id = 0;
    const char *text = NULL;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_req_body_fields(r, fields)) || (rc = vo_req_str(r, "text", true, &text)) ||
        (rc = vo_svc_meeting_decision_add(&r->svc, id, text, &r->err)))
        return rc;
    return respond(r, id, 201);
}

vo_err api_meetings_decision_delete(struct vo_req *r)
{
    int64_t id = 0, index = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_api_query_id(r, "index", &index)))
        return rc;
    if (!index)
        return vo_error_set(&r->err, VO_EINVAL, "index", "%s is required", "index");
    if ((rc = vo_svc_meeting_decision_delete(&r->svc, id, index, &r->err)))
        return rc;
    return respond(r, id, 200);
}

vo_err api_meeting_templates_get(struct vo_req *r)
{
    json_t *o = json_object();
    for (size_t k = 0; vo_meeting_kinds[k]; k++) {
        const char **items = NULL;
        size_t n = 0;
        bool custom = false;
        vo_err rc =
            vo_svc_meeting_template(&r->svc, vo_meeting_kinds[k], &items, &n, &custom, &r->err);
        if (rc) {
            json_decref(o);
            return rc;
        }
        json_t *a = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(a, json_string(items[i]));
        json_object_set_new(o, vo_meeting_kinds[k],
                            json_pack("{s:o, s:b, s:I}", "items", a, "custom", custom, "limit_min",
                                      (json_int_t)vo_meeting_default_limit(vo_meeting_kinds[k])));
    }
    vo_req_json(r, 200, o);
    return VO_OK;
}

vo_err api_meeting_templates_put(struct vo_req *r)
{
    static const char *const fields[] = {"kind", "items", NULL};
    const char *kind = NULL;
    vo_err rc = vo_req_body_fields(r, fields);
    if (rc || (rc = vo_req_str(r, "kind", true, &kind)))
        return rc;
    json_t *items = json_object_get(r->body, "items");
    size_t n = json_array_size(items);
    if (!json_is_array(items) || n < 1 || n > VO_MEETING_ITEMS_MAX)
        return vo_error_set(&r->err, VO_EINVAL, "items", "items is a list of 1..%d agenda items",
                            VO_MEETING_ITEMS_MAX);
    const char **v = VO_ARENA_ARRAY(&r->arena, const char *, n + 1);
    if (!v)
        return vo_error_set(&r->err, VO_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < n; i++)
        if (!(v[i] = json_string_value(json_array_get(items, i))))
            return vo_error_set(&r->err, VO_EINVAL, "items",
                                "items is a list of 1..%d agenda items", VO_MEETING_ITEMS_MAX);
    if ((rc = vo_svc_meeting_template_set(&r->svc, kind, v, n, &r->err)))
        return rc;
    return api_meeting_templates_get(r);
}

/* ---- the protocol (GET /{id}/protocol): rows for JSON, CSV and XLSX
 * (export.c), or format=text: a message for a messenger, in Russian ---- */

/* One row of the protocol's sheet. */
static void row(json_t *rows, const char *section, int64_t n, const char *text, const char *who,
                const char *mark, const char *notes, json_t *due)
{
    json_array_append_new(rows, json_pack("{s:s, s:I, s:s, s:s, s:s, s:s, s:o}", "section", section,
                                          "number", (json_int_t)n, "text", text ? text : "", "who",
                                          who ? who : "", "mark", mark ? mark : "", "notes",
                                          notes ? notes : "", "due_at", due ? due : json_null()));
}

vo_err api_meetings_protocol(struct vo_req *r)
{
    int64_t id = 0;
    struct vo_meeting_full f;
    const char *format = vo_req_query(r, "format");
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_svc_meeting_get(&r->svc, id, &f, &r->err)))
        return rc;
    if (format && strcmp(format, "text") == 0) {
        char *text = vo_meeting_protocol_text(&f, r->svc.tz);
        r->out_bytes = g_bytes_new_take(text, strlen(text));
        r->out_type = "text/plain; charset=utf-8";
        r->status = 200;
        return VO_OK;
    }
    json_t *rows = json_array();
    for (size_t i = 0; i < f.npeople; i++)
        row(rows, "Участники", (int64_t)i + 1, f.people[i].reason,
            vo_meeting_user_name(&f, f.people[i].user_id), vo_meeting_ru(f.people[i].attendance),
            NULL, NULL);
    for (size_t i = 0, d = 0; i < f.nitems; i++) {
        bool agenda = strcmp(f.items[i].kind, "agenda") == 0;
        row(rows, agenda ? "Повестка" : "Решения", agenda ? f.items[i].position : (int64_t)++d,
            f.items[i].text, NULL, NULL, f.items[i].notes, NULL);
    }
    for (size_t i = 0; i < f.ngiven; i++)
        row(rows, "Обещания", (int64_t)i + 1, f.given[i].text,
            vo_meeting_user_name(&f, f.given[i].user_id), vo_meeting_ru(f.given[i].status),
            f.given[i].comment, vo_json_time(r, f.given[i].due_at));
    vo_req_json(r, 200,
                json_pack("{s:I, s:s, s:o, s:s, s:o}", "id", (json_int_t)id, "kind", f.m.kind,
                          "scheduled_at", vo_json_time(r, f.m.scheduled_at), "status", f.m.status,
                          "rows", rows));
    return VO_OK;
}
