/*
 * api_trainings.c - training over HTTP (issue 14, item 4;
 * docs/trainings.md): GET/POST /api/v1/trainings (?from=&to=&user_id=
 * &kind=&meeting_id=), GET/PATCH /api/v1/trainings/{id}, PUT
 * /api/v1/trainings/{id}/attendance {user_id, attendance} and POST
 * /api/v1/trainings/from-reviews {checklist_id, position, from, to,
 * starts_at, duration_min}. The rules are service/trainings.h's.
 */
#include "http/api.h"
#include "http/http_int.h"

#include <stdint.h>

#include "service/crm.h"
#include "service/trainings.h"

static json_t *opt_id(int64_t v)
{
    return v > 0 ? json_integer((json_int_t)v) : json_null();
}

static json_t *opt_text(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *training_json(struct vo_req *r, const void *p)
{
    const struct vo_training_full *x = p;
    const struct vo_training *t = &x->t;
    json_t *materials = json_array(), *people = json_array();
    for (size_t i = 0; i < x->nmaterials; i++)
        json_array_append_new(materials, json_pack("{s:I,s:s}", "document_id",
                                                   (json_int_t)x->materials[i].document_id, "title",
                                                   x->materials[i].title));
    for (size_t i = 0; i < x->npeople; i++) {
        json_array_append_new(
            people, json_pack("{s:I,s:s,s:s}", "user_id", (json_int_t)x->people[i].user_id, "name",
                              x->people[i].name, "attendance", x->people[i].attendance));
    }
    const char *trainer = t->trainer_user ? t->trainer_user : t->trainer_name;
    return json_pack("{s:I,s:s,s:s,s:s,s:o,s:I,s:o,s:o,s:o,s:o,s:s,s:s,s:o,s:o,s:o,s:I,s:o,s:o}",
                     "id", (json_int_t)t->id, "kind", t->kind, "topic", t->topic, "description",
                     t->description, "starts_at", vo_json_time(r, t->starts_at), "duration_min",
                     (json_int_t)t->duration_min, "ends_at",
                     vo_json_time(r, t->starts_at + t->duration_min * 60), "trainer_id",
                     opt_id(t->trainer_id), "trainer_name", opt_text(t->trainer_name), "trainer",
                     opt_text(trainer), "place", t->place, "status", t->status, "meeting_id",
                     opt_id(t->meeting_id), "materials", materials, "attendees", people,
                     "attendees_count", (json_int_t)x->people_count, "created_at",
                     vo_json_time(r, t->created_at), "updated_at", vo_json_time(r, t->updated_at));
}

VO_API_RESPOND(training_respond, struct vo_training_full, vo_svc_training_get, training_json)

vo_err api_trainings_list(struct vo_req *r)
{
    struct vo_training_filter f = {0};
    struct vo_training_full *v = NULL;
    size_t n = 0;
    vo_err rc = vo_api_query_id(r, "user_id", &f.user);
    if (rc || (rc = vo_api_query_id(r, "meeting_id", &f.meeting)) ||
        (rc = vo_api_query_time(r, "from", 0, &f.from)) ||
        (rc = vo_api_query_time(r, "to", INT64_MAX, &f.to)))
        return rc;
    f.kind = vo_req_query(r, "kind");
    if ((rc = vo_svc_training_list(&r->svc, f, &v, &n, &r->err)))
        return rc;
    return vo_req_items(r, v, n, sizeof *v, training_json);
}

vo_err api_trainings_get(struct vo_req *r)
{
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    return rc ? rc : training_respond(r, id, 200);
}

/* A list of positive ids under field into *out, *n. */
static vo_err id_array(struct vo_req *r, const char *field, const int64_t **out, size_t *n)
{
    json_t *a = json_object_get(r->body, field);
    if (!json_is_array(a))
        return vo_error_set(&r->err, VO_EINVAL, field, "%s is a list", field);
    *n = json_array_size(a);
    if (*n > VO_TRAINING_PEOPLE_MAX)
        return vo_error_set(&r->err, VO_EINVAL, field, "%s has at most %d entries", field,
                            VO_TRAINING_PEOPLE_MAX);
    int64_t *v = vo_arena_array(&r->arena, *n + 1, sizeof *v);
    if (!v)
        return vo_error_set(&r->err, VO_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < *n; i++) {
        json_t *x = json_array_get(a, i);
        if (!json_is_integer(x) || json_integer_value(x) <= 0) {
            char f[32];
            g_snprintf(f, sizeof f, "%s[%zu]", field, i);
            return vo_error_set(&r->err, VO_EINVAL, f, "%s is an id", f);
        }
        v[i] = (int64_t)json_integer_value(x);
    }
    *out = v;
    return VO_OK;
}

/* The body of a training into in (each present member sets its bit). */
static vo_err training_input(struct vo_req *r, struct vo_training_input *in)
{
    static const struct vo_req_text texts[] = {
        {"kind", VO_TRAINING_SET_KIND, offsetof(struct vo_training_input, kind)},
        {"topic", VO_TRAINING_SET_TOPIC, offsetof(struct vo_training_input, topic)},
        {"description", VO_TRAINING_SET_DESCRIPTION,
         offsetof(struct vo_training_input, description)},
        {"starts_at", VO_TRAINING_SET_STARTS, offsetof(struct vo_training_input, starts_at)},
        {"trainer_name", VO_TRAINING_SET_TRAINER, offsetof(struct vo_training_input, trainer_name)},
        {"place", VO_TRAINING_SET_PLACE, offsetof(struct vo_training_input, place)},
        {"status", VO_TRAINING_SET_STATUS, offsetof(struct vo_training_input, status)},
    };
    vo_err rc = vo_req_texts(r, texts, sizeof texts / sizeof texts[0], in, &in->set);
    if (rc)
        return rc;
    /* a null status is no change (a create's: planned) */
    if (json_is_null(json_object_get(r->body, "status")))
        in->set &= ~(unsigned)VO_TRAINING_SET_STATUS;
    static const struct {
        const char *name;
        unsigned bit;
        size_t off;
    } ints[] = {
        {"duration_min", VO_TRAINING_SET_DURATION,
         offsetof(struct vo_training_input, duration_min)},
        {"trainer_id", VO_TRAINING_SET_TRAINER, offsetof(struct vo_training_input, trainer_id)},
        {"meeting_id", VO_TRAINING_SET_MEETING, offsetof(struct vo_training_input, meeting_id)},
    };
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        enum vo_req_has h = VO_REQ_ABSENT;
        int64_t *slot = (int64_t *)(void *)((char *)in + ints[i].off);
        if ((rc = vo_req_int(r, ints[i].name, false, slot, &h)))
            return rc;
        /* a null duration is the default; a null trainer or meeting: none */
        if (h == VO_REQ_VALUE || (h == VO_REQ_NULL && ints[i].bit != VO_TRAINING_SET_DURATION))
            in->set |= ints[i].bit;
    }
    if (json_object_get(r->body, "materials")) {
        in->set |= VO_TRAINING_SET_MATERIALS;
        if ((rc = id_array(r, "materials", &in->materials, &in->nmaterials)))
            return rc;
    }
    if (json_object_get(r->body, "attendees")) {
        in->set |= VO_TRAINING_SET_ATTENDEES;
        if ((rc = id_array(r, "attendees", &in->attendees, &in->nattendees)))
            return rc;
    }
    return VO_OK;
}

static const char *const TRAINING_FIELDS[] = {
    "kind",  "topic",     "description", "starts_at", "duration_min", "trainer_id", "trainer_name",
    "place", "materials", "attendees",   "status",    "meeting_id",   NULL};

vo_err api_trainings_create(struct vo_req *r)
{
    struct vo_training_input in = {0};
    int64_t id = 0;
    vo_err rc = vo_req_body_fields(r, TRAINING_FIELDS);
    if (rc || (rc = training_input(r, &in)) ||
        (rc = vo_svc_training_create(&r->svc, &in, &id, &r->err)))
        return rc;
    return training_respond(r, id, 201);
}

vo_err api_trainings_update(struct vo_req *r)
{
    struct vo_training_input in = {0};
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_req_body_fields(r, TRAINING_FIELDS)) || (rc = training_input(r, &in)) ||
        (rc = vo_svc_training_update(&r->svc, id, &in, &r->err)))
        return rc;
    return training_respond(r, id, 200);
}

vo_err api_trainings_attendance(struct vo_req *r)
{
    static const char *const fields[] = {"user_id", "attendance", NULL};
    int64_t id = 0, user = 0;
    const char *mark = NULL;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_req_body_fields(r, fields)) ||
        (rc = vo_req_int(r, "user_id", true, &user, NULL)) ||
        (rc = vo_req_str(r, "attendance", true, &mark)) ||
        (rc = vo_svc_training_attend(&r->svc, id, user, mark, &r->err)))
        return rc;
    return training_respond(r, id, 200);
}

vo_err api_trainings_from_reviews(struct vo_req *r)
{
    static const char *const fields[] = {"checklist_id", "position",     "from", "to",
                                         "starts_at",    "duration_min", NULL};
    struct vo_training_from_reviews in = {.to = INT64_MAX};
    const char *from = NULL, *to = NULL;
    int64_t id = 0;
    vo_err rc = vo_req_body_fields(r, fields);
    if (rc || (rc = vo_req_int(r, "checklist_id", true, &in.checklist_id, NULL)) ||
        (rc = vo_req_int(r, "position", true, &in.position, NULL)) ||
        (rc = vo_req_str(r, "from", false, &from)) || (rc = vo_req_str(r, "to", false, &to)) ||
        (rc = vo_req_str(r, "starts_at", false, &in.starts_at)) ||
        (rc = vo_req_int(r, "duration_min", false, &in.duration_min, NULL)))
        return rc;
    if (from && *from && (rc = vo_crm_time(&r->svc, from, "from", &in.from, &r->err)))
        return rc;
    if (to && *to && (rc = vo_crm_time(&r->svc, to, "to", &in.to, &r->err)))
        return rc;
    if ((rc = vo_svc_training_from_reviews(&r->svc, &in, &id, &r->err)))
        return rc;
    return training_respond(r, id, 201);
}
