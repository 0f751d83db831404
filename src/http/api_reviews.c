/*
 * api_reviews.c - call and negotiation reviews over HTTP (issue 14, item
 * 5; docs/reviews.md): GET/POST /api/v1/reviews (?user_id=&checklist_id=
 * &from=&to=), GET/PATCH/DELETE /api/v1/reviews/{id}, GET
 * /api/v1/reviews/summary?from=&to=&user_id= (per manager, per item, the
 * weakest items, by month), GET/POST /api/v1/review-checklists and
 * GET/PATCH /api/v1/review-checklists/{id}. The rules are
 * service/reviews.h's.
 */
#include "http/api.h"
#include "http/http_int.h"

#include <stdint.h>

#include "service/reviews.h"

static json_t *opt_id(int64_t v)
{
    return v > 0 ? json_integer((json_int_t)v) : json_null();
}

static json_t *opt_text(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* ---- checklists ---- */

static json_t *checklist_json(struct vo_req *r, const void *p)
{
    const struct vo_review_checklist_full *x = p;
    json_t *items = json_array();
    for (size_t i = 0; i < x->n; i++)
        json_array_append_new(
            items, json_pack("{s:I,s:s,s:I}", "position", (json_int_t)x->items[i].position, "text",
                             x->items[i].text, "max_score", (json_int_t)x->items[i].max_score));
    return json_pack("{s:I,s:s,s:b,s:I,s:o,s:o}", "id", (json_int_t)x->c.id, "name", x->c.name,
                     "archived", x->c.archived, "reviews", (json_int_t)x->c.used, "created_at",
                     vo_json_time(r, x->c.created_at), "items", items);
}

VO_API_LIST(api_review_checklists_list, struct vo_review_checklist_full,
            vo_svc_review_checklist_list, checklist_json)
VO_API_RESPOND(checklist_respond, struct vo_review_checklist_full, vo_svc_review_checklist_get,
               checklist_json)

vo_err api_review_checklists_get(struct vo_req *r)
{
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    return rc ? rc : checklist_respond(r, id, 200);
}

/* The body of a checklist into in: name, archived, items [{text,
 * max_score}] (each present member sets its bit). */
static vo_err checklist_input(struct vo_req *r, struct vo_review_checklist_input *in)
{
    bool present = false;
    vo_err rc = vo_req_str(r, "name", false, &in->name);
    if (rc)
        return rc;
    if (json_object_get(r->body, "name"))
        in->set |= VO_RCL_SET_NAME;
    if ((rc = vo_req_bool(r, "archived", &in->archived, &present)))
        return rc;
    if (present)
        in->set |= VO_RCL_SET_ARCHIVED;
    json_t *items = json_object_get(r->body, "items");
    if (!items)
        return VO_OK;
    in->set |= VO_RCL_SET_ITEMS;
    if (!json_is_array(items))
        return vo_error_set(&r->err, VO_EINVAL, "items", "%s is a list", "items");
    in->n = json_array_size(items);
    if (in->n > VO_REVIEW_ITEMS_MAX)
        return vo_error_set(&r->err, VO_EINVAL, "items", "a checklist has 1..%d items",
                            VO_REVIEW_ITEMS_MAX);
    in->items = vo_arena_array(&r->arena, in->n + 1, sizeof *in->items);
    if (!in->items)
        return vo_error_set(&r->err, VO_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < in->n; i++) {
        json_t *it = json_array_get(items, i), *t = json_object_get(it, "text"),
               *m = json_object_get(it, "max_score");
        char field[32];
        g_snprintf(field, sizeof field, "items[%zu]", i);
        if (!json_is_object(it))
            return vo_error_set(&r->err, VO_EINVAL, field, "%s is {text, max_score}", field);
        const char *key;
        json_t *val;
        json_object_foreach(it, key, val)
        {
            if (strcmp(key, "text") != 0 && strcmp(key, "max_score") != 0)
                return vo_error_set(&r->err, VO_EINVAL, field, "%s is {text, max_score}", field);
        }
        g_snprintf(field, sizeof field, "items[%zu].text", i);
        if (t && !json_is_string(t))
            return vo_error_set(&r->err, VO_EINVAL, field, "%s is a text", field);
        in->items[i].text = t ? json_string_value(t) : NULL;
        g_snprintf(field, sizeof field, "items[%zu].max_score", i);
        if (m && !json_is_null(m) && !json_is_integer(m))
            return vo_error_set(&r->err, VO_EINVAL, field, "max_score is a whole number 1..%d",
                                VO_REVIEW_MAX_SCORE);
        in->items[i].max_score = json_is_integer(m) ? (int64_t)json_integer_value(m) : 0;
        if (json_is_integer(m) && in->items[i].max_score == 0)
            in->items[i].max_score = -1; /* 0 given: refused, not the default */
    }
    return VO_OK;
}

vo_err api_review_checklists_create(struct vo_req *r)
{
    static const char *const fields[] = {"name", "items", "archived", NULL};
    struct vo_review_checklist_input in = {0};
    int64_t id = 0;
    vo_err rc = vo_req_body_fields(r, fields);
    if (rc || (rc = checklist_input(r, &in)) ||
        (rc = vo_svc_review_checklist_create(&r->svc, &in, &id, &r->err)))
        return rc;
    return checklist_respond(r, id, 201);
}

vo_err api_review_checklists_update(struct vo_req *r)
{
    static const char *const fields[] = {"name", "items", "archived", NULL};
    struct vo_review_checklist_input in = {0};
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_req_body_fields(r, fields)) || (rc = checklist_input(r, &in)) ||
        (rc = vo_svc_review_checklist_update(&r->svc, id, &in, &r->err)))
        return rc;
    return checklist_respond(r, id, 200);
}

/* ---- reviews ---- */

/* A review's members as a list row shows them (no scores). */
static json_t *review_row_json(struct vo_req *r, const struct vo_review *x)
{
    return json_pack(
        "{s:I,s:I,s:s,s:o,s:o,s:I,s:s,s:s,s:o,s:o,s:o,s:s,s:s,s:s,s:I,s:I,s:f,s:o}", "id",
        (json_int_t)x->id, "subject_id", (json_int_t)x->subject_id, "subject", x->subject_name,
        "reviewer_id", opt_id(x->reviewer_id), "reviewer", opt_text(x->reviewer_name),
        "checklist_id", (json_int_t)x->checklist_id, "checklist", x->checklist_name, "kind",
        x->kind, "activity_id", opt_id(x->activity_id), "recording_url", opt_text(x->recording_url),
        "reviewed_at", vo_json_time(r, x->reviewed_at), "strengths", x->strengths, "mistakes",
        x->mistakes, "comment", x->comment, "score", (json_int_t)x->score, "max_score",
        (json_int_t)x->max_total, "pct", vo_review_pct((double)x->score, (double)x->max_total),
        "created_at", vo_json_time(r, x->created_at));
}

static json_t *review_item_json(struct vo_req *r, const void *p)
{
    return review_row_json(r, p);
}

static json_t *review_full_json(struct vo_req *r, const void *p)
{
    const struct vo_review_full *x = p;
    json_t *o = review_row_json(r, &x->r), *scores = json_array();
    for (size_t i = 0; i < x->n; i++)
        json_array_append_new(
            scores, json_pack("{s:I,s:s,s:I,s:I}", "position", (json_int_t)x->lines[i].position,
                              "text", x->lines[i].text, "score", (json_int_t)x->lines[i].score,
                              "max_score", (json_int_t)x->lines[i].max_score));
    json_object_set_new(o, "scores", scores);
    return o;
}

VO_API_RESPOND(review_respond, struct vo_review_full, vo_svc_review_get, review_full_json)

vo_err api_reviews_list(struct vo_req *r)
{
    struct vo_review_filter f = {0};
    struct vo_review *v = NULL;
    size_t n = 0;
    vo_err rc = vo_api_query_id(r, "user_id", &f.subject);
    if (rc || (rc = vo_api_query_id(r, "checklist_id", &f.checklist)) ||
        (rc = vo_api_query_time(r, "from", 0, &f.from)) ||
        (rc = vo_api_query_time(r, "to", INT64_MAX, &f.to)) ||
        (rc = vo_svc_review_list(&r->svc, f, &v, &n, &r->err)))
        return rc;
    return vo_req_items(r, v, n, sizeof *v, review_item_json);
}

vo_err api_reviews_get(struct vo_req *r)
{
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    return rc ? rc : review_respond(r, id, 200);
}

/* The body of a review into in (each present member sets its bit);
 * scores: a list of whole numbers, a null one is an item not scored. */
static vo_err review_input(struct vo_req *r, struct vo_review_input *in)
{
    static const struct vo_req_text texts[] = {
        {"kind", VO_REVIEW_SET_KIND, offsetof(struct vo_review_input, kind)},
        {"recording_url", VO_REVIEW_SET_RECORDING, offsetof(struct vo_review_input, recording_url)},
        {"reviewed_at", VO_REVIEW_SET_AT, offsetof(struct vo_review_input, reviewed_at)},
        {"strengths", VO_REVIEW_SET_STRENGTHS, offsetof(struct vo_review_input, strengths)},
        {"mistakes", VO_REVIEW_SET_MISTAKES, offsetof(struct vo_review_input, mistakes)},
        {"comment", VO_REVIEW_SET_COMMENT, offsetof(struct vo_review_input, comment)},
    };
    enum vo_req_has h = VO_REQ_ABSENT;
    vo_err rc = vo_req_texts(r, texts, sizeof texts / sizeof texts[0], in, &in->set);
    if (rc || (rc = vo_req_int(r, "activity_id", false, &in->activity_id, &h)))
        return rc;
    if (h != VO_REQ_ABSENT)
        in->set |= VO_REVIEW_SET_ACTIVITY;
    json_t *scores = json_object_get(r->body, "scores");
    if (!scores)
        return VO_OK;
    in->set |= VO_REVIEW_SET_SCORES;
    if (!json_is_array(scores))
        return vo_error_set(&r->err, VO_EINVAL, "scores", "%s is a list", "scores");
    in->nscores = json_array_size(scores);
    int64_t *v = vo_arena_array(&r->arena, in->nscores + 1, sizeof *v);
    if (!v)
        return vo_error_set(&r->err, VO_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < in->nscores; i++) {
        json_t *s = json_array_get(scores, i);
        if (json_is_null(s)) {
            v[i] = VO_NULL;
            continue;
        }
        if (!json_is_integer(s)) {
            char field[32];
            g_snprintf(field, sizeof field, "scores[%zu]", i);
            return vo_error_set(&r->err, VO_EINVAL, field, "%s is a whole number", field);
        }
        json_int_t k = json_integer_value(s);
        v[i] = k < 0 ? -1 : k > 1000 ? 1000 : (int64_t)k; /* out of every range stays out */
    }
    in->scores = v;
    return VO_OK;
}

vo_err api_reviews_create(struct vo_req *r)
{
    static const char *const fields[] = {
        "subject_id",    "checklist_id", "kind",      "activity_id",
        "recording_url", "reviewed_at",  "strengths", "mistakes",
        "comment",       "scores",       NULL};
    struct vo_review_input in = {0};
    int64_t id = 0;
    vo_err rc = vo_req_body_fields(r, fields);
    if (rc || (rc = vo_req_int(r, "subject_id", true, &in.subject_id, NULL)) ||
        (rc = vo_req_int(r, "checklist_id", true, &in.checklist_id, NULL)) ||
        (rc = review_input(r, &in)) || (rc = vo_svc_review_create(&r->svc, &in, &id, &r->err)))
        return rc;
    return review_respond(r, id, 201);
}

vo_err api_reviews_update(struct vo_req *r)
{
    static const char *const fields[] = {"kind",        "activity_id", "recording_url",
                                         "reviewed_at", "strengths",   "mistakes",
                                         "comment",     "scores",      NULL};
    struct vo_review_input in = {0};
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_req_body_fields(r, fields)) || (rc = review_input(r, &in)) ||
        (rc = vo_svc_review_update(&r->svc, id, &in, &r->err)))
        return rc;
    return review_respond(r, id, 200);
}

vo_err api_reviews_delete(struct vo_req *r)
{
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (!rc)
        rc = vo_svc_review_delete(&r->svc, id, &r->err);
    if (!rc)
        vo_req_json(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "deleted", 1));
    return rc;
}

static json_t *item_avg_json(const struct vo_review_item_avg *x)
{
    return json_pack("{s:I,s:s,s:I,s:s,s:I,s:I,s:f,s:f}", "checklist_id",
                     (json_int_t)x->checklist_id, "checklist", x->checklist, "position",
                     (json_int_t)x->position, "text", x->text, "max_score",
                     (json_int_t)x->max_score, "count", (json_int_t)x->count, "avg_score",
                     x->avg_score, "avg_pct", x->avg_pct);
}

vo_err api_reviews_summary(struct vo_req *r)
{
    int64_t user = 0, from = 0, to = INT64_MAX;
    struct vo_review_summary s;
    vo_err rc = vo_api_query_id(r, "user_id", &user);
    if (rc || (rc = vo_api_query_time(r, "from", 0, &from)) ||
        (rc = vo_api_query_time(r, "to", INT64_MAX, &to)) ||
        (rc = vo_svc_review_summary(&r->svc, from, to, user, &s, &r->err)))
        return rc;
    json_t *managers = json_array(), *items = json_array(), *weakest = json_array(),
           *months = json_array();
    for (size_t i = 0; i < s.nmanagers; i++)
        json_array_append_new(
            managers, json_pack("{s:I,s:s,s:I,s:f}", "user_id", (json_int_t)s.managers[i].user_id,
                                "name", s.managers[i].name, "count",
                                (json_int_t)s.managers[i].count, "avg_pct", s.managers[i].avg_pct));
    for (size_t i = 0; i < s.nitems; i++)
        json_array_append_new(items, item_avg_json(&s.items[i]));
    for (size_t i = 0; i < s.nweakest; i++)
        json_array_append_new(weakest, item_avg_json(&s.weakest[i]));
    for (size_t i = 0; i < s.nmonths; i++)
        json_array_append_new(months, json_pack("{s:s,s:I,s:f}", "month", s.months[i].month,
                                                "count", (json_int_t)s.months[i].count, "avg_pct",
                                                s.months[i].avg_pct));
    vo_req_json(r, 200,
                json_pack("{s:o,s:I,s:f,s:o,s:o,s:o,s:o}", "user_id", opt_id(s.user_id), "count",
                          (json_int_t)s.count, "avg_pct", s.avg_pct, "managers", managers, "items",
                          items, "weakest", weakest, "months", months));
    return VO_OK;
}
