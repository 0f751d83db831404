/*
 * api_attestations.c - attestation over HTTP (issue 14, item 6;
 * docs/attestations.md): GET/POST /api/v1/attestations, GET/PATCH
 * /api/v1/attestations/{id} (with its questions), GET/POST
 * /api/v1/attestations/{id}/assignments, POST
 * /api/v1/attestations/{id}/attempts (start one), GET
 * /api/v1/attestation-assignments?attestation_id=&user_id=, GET
 * /api/v1/attestation-attempts?attestation_id=&user_id=&pending=, GET
 * /api/v1/attestation-attempts/{id}, POST .../{id}/answers, .../submit,
 * .../score, and GET /api/v1/attestation-results?user_id= (per test and
 * per topic). The rules are service/attestations.h's.
 */
#include "http/api.h"
#include "http/http_int.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "service/attestations.h"

static json_t *opt_int(int64_t v)
{
    return v > 0 ? json_integer((json_int_t)v) : json_null();
}

/* ---- tests ---- */

static json_t *question_json(const struct vo_att_q *q, bool hidden)
{
    json_t *opts = json_array(), *correct = hidden ? json_null() : json_array();
    for (size_t k = 0; k < q->noptions; k++)
        json_array_append_new(opts, json_string(q->options[k]));
    for (size_t k = 0; !hidden && k < q->ncorrect; k++)
        json_array_append_new(correct, json_integer((json_int_t)q->correct[k]));
    return json_pack("{s:I,s:s,s:s,s:s,s:o,s:o,s:I}", "position", (json_int_t)q->position, "topic",
                     q->topic, "kind", q->kind, "text", q->text, "options", opts, "correct",
                     correct, "points", (json_int_t)q->points);
}

static json_t *questions_json(const struct vo_att_q *q, size_t n, bool hidden)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, question_json(&q[i], hidden));
    return a;
}

static json_t *att_json(struct vo_req *r, const void *p)
{
    const struct vo_att_full *x = p;
    int64_t points = 0;
    for (size_t i = 0; i < x->nq; i++)
        points += x->q[i].points;
    return json_pack("{s:I,s:s,s:s,s:I,s:I,s:o,s:b,s:I,s:I,s:o,s:o}", "id", (json_int_t)x->t.id,
                     "title", x->t.title, "description", x->t.description, "pass_pct",
                     (json_int_t)x->t.pass_pct, "max_attempts", (json_int_t)x->t.max_attempts,
                     "time_limit", opt_int(x->t.time_limit), "archived", x->t.archived, "attempts",
                     (json_int_t)x->t.attempts, "points", (json_int_t)points, "created_at",
                     vo_json_time(r, x->t.created_at), "questions",
                     questions_json(x->q, x->nq, x->hidden));
}

VO_API_LIST(api_attestations_list, struct vo_att_full, vo_svc_att_list, att_json)
VO_API_RESPOND(att_respond, struct vo_att_full, vo_svc_att_get, att_json)

vo_err api_attestations_get(struct vo_req *r)
{
    return vo_req_id_respond(r, att_respond);
}

/* An array member of a question: strings (options) or whole numbers
 * (correct), into the arena. */
static vo_err question_input(struct vo_req *r, size_t i, json_t *it, struct vo_att_q *q)
{
    char f[48];
    g_snprintf(f, sizeof f, "questions[%zu]", i);
    if (!json_is_object(it))
        return vo_error_set(&r->err, VO_EINVAL, f,
                            "%s is {topic, kind, text, options, correct, "
                            "points}",
                            f);
    const char *key;
    json_t *val;
    json_object_foreach(it, key, val)
    {
        if (strcmp(key, "topic") && strcmp(key, "kind") && strcmp(key, "text") &&
            strcmp(key, "options") && strcmp(key, "correct") && strcmp(key, "points")) {
            g_snprintf(f, sizeof f, "questions[%zu].%s", i, key);
            return vo_error_set(&r->err, VO_EINVAL, f, "%s is not a question's member", f);
        }
    }
    static const char *const texts[] = {"topic", "kind", "text"};
    const char **slots[] = {&q->topic, &q->kind, &q->text};
    for (size_t k = 0; k < 3; k++) {
        json_t *s = json_object_get(it, texts[k]);
        g_snprintf(f, sizeof f, "questions[%zu].%s", i, texts[k]);
        if (s && !json_is_null(s) && !json_is_string(s))
            return vo_error_set(&r->err, VO_EINVAL, f, "%s is a text", f);
        *slots[k] = json_is_string(s) ? json_string_value(s) : NULL;
    }
    json_t *pts = json_object_get(it, "points");
    g_snprintf(f, sizeof f, "questions[%zu].points", i);
    if (!json_is_integer(pts))
        return vo_error_set(&r->err, VO_EINVAL, f, "%s is a whole number 1..%d", f,
                            VO_ATT_POINTS_MAX);
    json_int_t pv = json_integer_value(pts);
    q->points = pv < 0 ? -1 : pv > 1000 ? 1000 : (int64_t)pv;
    json_t *opts = json_object_get(it, "options"), *cor = json_object_get(it, "correct");
    g_snprintf(f, sizeof f, "questions[%zu].options", i);
    if (opts && !json_is_null(opts) && !json_is_array(opts))
        return vo_error_set(&r->err, VO_EINVAL, f, "%s is a list of texts", f);
    q->noptions = json_is_array(opts) ? json_array_size(opts) : 0;
    if (q->noptions > VO_ATT_OPTIONS_MAX)
        return vo_error_set(&r->err, VO_EINVAL, f, "a choice question has %d..%d options",
                            VO_ATT_OPTIONS_MIN, VO_ATT_OPTIONS_MAX);
    q->options = vo_arena_array(&r->arena, q->noptions + 1, sizeof *q->options);
    for (size_t k = 0; q->options && k < q->noptions; k++) {
        json_t *o = json_array_get(opts, k);
        if (!json_is_string(o)) {
            g_snprintf(f, sizeof f, "questions[%zu].options[%zu]", i, k);
            return vo_error_set(&r->err, VO_EINVAL, f, "%s is a text", f);
        }
        q->options[k] = json_string_value(o);
    }
    g_snprintf(f, sizeof f, "questions[%zu].correct", i);
    if (cor && !json_is_null(cor) && !json_is_array(cor))
        return vo_error_set(&r->err, VO_EINVAL, f, "%s is a list of option numbers", f);
    q->ncorrect = json_is_array(cor) ? json_array_size(cor) : 0;
    if (q->ncorrect > VO_ATT_OPTIONS_MAX)
        return vo_error_set(&r->err, VO_EINVAL, f, "%s is a list of option numbers", f);
    q->correct = vo_arena_array(&r->arena, q->ncorrect + 1, sizeof *q->correct);
    for (size_t k = 0; q->correct && k < q->ncorrect; k++) {
        json_t *c = json_array_get(cor, k);
        if (!json_is_integer(c))
            return vo_error_set(&r->err, VO_EINVAL, f, "%s is a list of option numbers", f);
        json_int_t cv = json_integer_value(c);
        q->correct[k] = cv < 0 ? -1 : cv > 100 ? 100 : (int64_t)cv;
    }
    if (!q->options || !q->correct)
        return vo_error_set(&r->err, VO_ENOMEM, NULL, "out of memory");
    return VO_OK;
}

/* The body of a test into in (each present member sets its bit). */
static vo_err att_input(struct vo_req *r, struct vo_att_input *in)
{
    static const char *const fields[] = {"title",      "description", "pass_pct",  "max_attempts",
                                         "time_limit", "archived",    "questions", NULL};
    static const struct vo_req_text texts[] = {
        {"title", VO_ATT_SET_TITLE, offsetof(struct vo_att_input, title)},
        {"description", VO_ATT_SET_DESCRIPTION, offsetof(struct vo_att_input, description)},
    };
    memset(in, 0, sizeof *in);
    vo_err rc = vo_req_body_fields(r, fields);
    if (rc || (rc = vo_req_texts(r, texts, sizeof texts / sizeof texts[0], in, &in->set)))
        return rc;
    enum vo_req_has h = VO_REQ_ABSENT;
    if ((rc = vo_req_int(r, "pass_pct", false, &in->pass_pct, &h)))
        return rc;
    if (h != VO_REQ_ABSENT)
        in->set |= VO_ATT_SET_PASS;
    if (h == VO_REQ_NULL)
        in->pass_pct = 0;
    h = VO_REQ_ABSENT;
    if ((rc = vo_req_int(r, "max_attempts", false, &in->max_attempts, &h)))
        return rc;
    if (h != VO_REQ_ABSENT)
        in->set |= VO_ATT_SET_ATTEMPTS;
    if (h == VO_REQ_NULL)
        in->max_attempts = 0;
    h = VO_REQ_ABSENT;
    if ((rc = vo_req_int(r, "time_limit", false, &in->time_limit, &h)))
        return rc;
    if (h != VO_REQ_ABSENT)
        in->set |= VO_ATT_SET_TIME;
    if (h == VO_REQ_VALUE && in->time_limit == 0)
        in->time_limit = -1; /* 0 given: refused; null is none */
    if (h == VO_REQ_NULL)
        in->time_limit = 0;
    bool present = false;
    if ((rc = vo_req_bool(r, "archived", &in->archived, &present)))
        return rc;
    if (present)
        in->set |= VO_ATT_SET_ARCHIVED;
    json_t *qs = json_object_get(r->body, "questions");
    if (!qs)
        return VO_OK;
    in->set |= VO_ATT_SET_QUESTIONS;
    if (!json_is_array(qs))
        return vo_error_set(&r->err, VO_EINVAL, "questions", "%s is a list", "questions");
    in->nq = json_array_size(qs);
    if (in->nq > VO_ATT_QUESTIONS_MAX)
        return vo_error_set(&r->err, VO_EINVAL, "questions", "a test has 1..%d questions",
                            VO_ATT_QUESTIONS_MAX);
    in->q = vo_arena_array(&r->arena, in->nq + 1, sizeof *in->q);
    if (!in->q)
        return vo_error_set(&r->err, VO_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < in->nq; i++)
        if ((rc = question_input(r, i, json_array_get(qs, i), &in->q[i])))
            return rc;
    return VO_OK;
}

vo_err api_attestations_create(struct vo_req *r)
{
    struct vo_att_input in;
    int64_t id = 0;
    vo_err rc = att_input(r, &in);
    if (rc || (rc = vo_svc_att_create(&r->svc, &in, &id, &r->err)))
        return rc;
    return att_respond(r, id, 201);
}

VO_API_UPDATE(api_attestations_update, struct vo_att_input, att_input, vo_svc_att_update,
              att_respond)

/* ---- assignments ---- */

static json_t *assignment_json(struct vo_req *r, const void *p)
{
    const struct vo_att_assignment *x = p;
    char day[16];
    vo_att_today(&r->svc, day, sizeof day);
    return json_pack("{s:I,s:I,s:s,s:I,s:s,s:s,s:I,s:b,s:s,s:o}", "id", (json_int_t)x->id,
                     "attestation_id", (json_int_t)x->attestation_id, "title", x->title, "user_id",
                     (json_int_t)x->user_id, "user", x->user_name, "due", x->due, "attempts",
                     (json_int_t)x->attempts, "passed", x->passed > 0, "state",
                     vo_att_assignment_state(x, day), "created_at", vo_json_time(r, x->created_at));
}

vo_err api_attestations_assignments(struct vo_req *r)
{
    int64_t id = 0;
    struct vo_att_full t;
    struct vo_att_assignment *v = NULL;
    size_t n = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_svc_att_get(&r->svc, id, &t, &r->err)) ||
        (rc = vo_svc_att_assignments(&r->svc, id, 0, &v, &n, &r->err)))
        return rc;
    return vo_req_items(r, v, n, sizeof *v, assignment_json);
}

vo_err api_attestations_assign(struct vo_req *r)
{
    static const char *const fields[] = {"user_id", "team_id", "due", NULL};
    int64_t id = 0, user = 0, team = 0;
    const char *due = NULL;
    struct vo_att_assignment *v = NULL;
    size_t n = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_req_body_fields(r, fields)) ||
        (rc = vo_req_int(r, "user_id", false, &user, NULL)) ||
        (rc = vo_req_int(r, "team_id", false, &team, NULL)) ||
        (rc = vo_req_str(r, "due", true, &due)) ||
        (rc = vo_svc_att_assign(&r->svc, id, user, team, due, &v, &n, &r->err)))
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, assignment_json(r, &v[i]));
    vo_req_json(r, 201, json_pack("{s:o}", "items", items));
    return VO_OK;
}

vo_err api_attestation_assignments_list(struct vo_req *r)
{
    int64_t att = 0, user = 0;
    struct vo_att_assignment *v = NULL;
    size_t n = 0;
    vo_err rc = vo_api_query_id(r, "attestation_id", &att);
    if (rc || (rc = vo_api_query_id(r, "user_id", &user)) ||
        (rc = vo_svc_att_assignments(&r->svc, att, user, &v, &n, &r->err)))
        return rc;
    return vo_req_items(r, v, n, sizeof *v, assignment_json);
}

/* ---- attempts ---- */

static json_t *attempt_row_json(struct vo_req *r, const struct vo_att_attempt *p)
{
    json_t *passed = p->passed == VO_NULL ? json_null() : json_boolean(p->passed == 1);
    const char *state = !p->submitted_at       ? "open"
                        : p->passed == VO_NULL ? "to_score"
                        : p->passed            ? "passed"
                                               : "failed";
    return json_pack(
        "{s:I,s:I,s:s,s:I,s:s,s:o,s:o,s:o,s:s,s:I,s:I,s:I,s:f,s:o}", "id", (json_int_t)p->id,
        "attestation_id", (json_int_t)p->attestation_id, "title", p->title, "user_id",
        (json_int_t)p->user_id, "user", p->user_name, "started_at", vo_json_time(r, p->started_at),
        "deadline", p->deadline ? vo_json_time(r, p->deadline) : json_null(), "submitted_at",
        p->submitted_at ? vo_json_time(r, p->submitted_at) : json_null(), "state", state, "score",
        (json_int_t)p->score, "max_score", (json_int_t)p->max_score, "pending",
        (json_int_t)p->pending, "pct", vo_att_pct(p->score, p->max_score), "passed", passed);
}

static json_t *attempt_item_json(struct vo_req *r, const void *p)
{
    return attempt_row_json(r, p);
}

static json_t *attempt_full_json(struct vo_req *r, const void *v)
{
    const struct vo_att_attempt_full *x = v;
    json_t *o = attempt_row_json(r, &x->p), *answers = json_array(), *topics = json_array();
    for (size_t i = 0; i < x->nq; i++) {
        const struct vo_att_answer *a = &x->answers[i];
        json_t *choice = json_loads(a->choice ? a->choice : "[]", 0, NULL);
        if (!json_is_array(choice)) {
            json_decref(choice);
            choice = json_array();
        }
        /* the points of an open attempt are not shown */
        bool shown = x->p.submitted_at && a->points != VO_NULL;
        json_array_append_new(
            answers, json_pack("{s:I,s:o,s:s,s:o,s:s}", "position", (json_int_t)a->position,
                               "choice", choice, "text", a->text ? a->text : "", "points",
                               shown ? json_integer((json_int_t)a->points) : json_null(), "comment",
                               a->comment ? a->comment : ""));
    }
    for (size_t i = 0; i < x->ntopics; i++)
        json_array_append_new(topics, json_pack("{s:s,s:I,s:I}", "topic", x->topics[i].topic,
                                                "earned", (json_int_t)x->topics[i].earned,
                                                "possible", (json_int_t)x->topics[i].possible));
    json_object_set_new(o, "pass_pct", json_integer((json_int_t)x->pass_pct));
    json_object_set_new(o, "questions", questions_json(x->q, x->nq, x->hidden));
    json_object_set_new(o, "answers", answers);
    json_object_set_new(o, "topics", topics);
    return o;
}

VO_API_RESPOND(attempt_respond, struct vo_att_attempt_full, vo_svc_att_attempt_get,
               attempt_full_json)

vo_err api_attestation_attempts_get(struct vo_req *r)
{
    return vo_req_id_respond(r, attempt_respond);
}

vo_err api_attestations_start(struct vo_req *r)
{
    int64_t id = 0, attempt = 0;
    bool created = false;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_req_body_fields(r, (const char *const[]){NULL})) ||
        (rc = vo_svc_att_attempt_start(&r->svc, id, &attempt, &created, &r->err)))
        return rc;
    return attempt_respond(r, attempt, created ? 201 : 200);
}

vo_err api_attestation_attempts_list(struct vo_req *r)
{
    struct vo_att_attempt_filter f = {0};
    struct vo_att_attempt *v = NULL;
    size_t n = 0;
    const char *pending = vo_req_query(r, "pending");
    vo_err rc = vo_api_query_id(r, "user_id", &f.user);
    if (rc || (rc = vo_api_query_id(r, "attestation_id", &f.att)))
        return rc;
    if (pending && *pending) {
        if (strcmp(pending, "1") && strcmp(pending, "true") && strcmp(pending, "0") &&
            strcmp(pending, "false"))
            return vo_error_set(&r->err, VO_EINVAL, "pending", "pending must be true or false");
        f.pending = !strcmp(pending, "1") || !strcmp(pending, "true");
    }
    if ((rc = vo_svc_att_attempts(&r->svc, f, &v, &n, &r->err)))
        return rc;
    return vo_req_items(r, v, n, sizeof *v, attempt_item_json);
}

vo_err api_attestation_attempts_answer(struct vo_req *r)
{
    static const char *const fields[] = {"answers", NULL};
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_req_body_fields(r, fields)))
        return rc;
    json_t *list = json_object_get(r->body, "answers");
    if (!json_is_array(list) || json_array_size(list) == 0)
        return vo_error_set(&r->err, VO_EINVAL, "answers", "answers is a list of answers");
    size_t n = json_array_size(list);
    if (n > VO_ATT_QUESTIONS_MAX)
        return vo_error_set(&r->err, VO_EINVAL, "answers", "at most %d answers",
                            VO_ATT_QUESTIONS_MAX);
    struct vo_att_answer_in *v = vo_arena_array(&r->arena, n + 1, sizeof *v);
    if (!v)
        return vo_error_set(&r->err, VO_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < n; i++) {
        json_t *a = json_array_get(list, i), *pos = json_object_get(a, "position"),
               *ch = json_object_get(a, "choice"), *tx = json_object_get(a, "text");
        char f[40];
        g_snprintf(f, sizeof f, "answers[%zu]", i);
        if (!json_is_object(a))
            return vo_error_set(&r->err, VO_EINVAL, f, "%s is {position, choice, text}", f);
        const char *key;
        json_t *val;
        json_object_foreach(a, key, val)
        {
            if (strcmp(key, "position") && strcmp(key, "choice") && strcmp(key, "text"))
                return vo_error_set(&r->err, VO_EINVAL, f, "%s is {position, choice, text}", f);
        }
        g_snprintf(f, sizeof f, "answers[%zu].position", i);
        if (!json_is_integer(pos))
            return vo_error_set(&r->err, VO_EINVAL, f, "%s is a question's number", f);
        json_int_t pv = json_integer_value(pos);
        v[i].position = pv < 0 ? -1 : pv > 1000 ? 1000 : (int64_t)pv;
        g_snprintf(f, sizeof f, "answers[%zu].text", i);
        if (tx && !json_is_null(tx) && !json_is_string(tx))
            return vo_error_set(&r->err, VO_EINVAL, f, "%s is a text", f);
        v[i].text = json_is_string(tx) ? json_string_value(tx) : NULL;
        g_snprintf(f, sizeof f, "answers[%zu].choice", i);
        if (ch && !json_is_null(ch) && !json_is_array(ch))
            return vo_error_set(&r->err, VO_EINVAL, f, "%s is a list of option numbers", f);
        v[i].nchoice = json_is_array(ch) ? json_array_size(ch) : 0;
        if (v[i].nchoice > VO_ATT_OPTIONS_MAX)
            return vo_error_set(&r->err, VO_EINVAL, f, "%s is a list of option numbers", f);
        int64_t *c = vo_arena_array(&r->arena, v[i].nchoice + 1, sizeof *c);
        if (!c)
            return vo_error_set(&r->err, VO_ENOMEM, NULL, "out of memory");
        for (size_t k = 0; k < v[i].nchoice; k++) {
            json_t *x = json_array_get(ch, k);
            if (!json_is_integer(x))
                return vo_error_set(&r->err, VO_EINVAL, f, "%s is a list of option numbers", f);
            json_int_t cv = json_integer_value(x);
            c[k] = cv < 0 ? -1 : cv > 100 ? 100 : (int64_t)cv;
        }
        v[i].choice = c;
    }
    if ((rc = vo_svc_att_attempt_answer(&r->svc, id, v, n, &r->err)))
        return rc;
    return attempt_respond(r, id, 200);
}

vo_err api_attestation_attempts_submit(struct vo_req *r)
{
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_req_body_fields(r, (const char *const[]){NULL})) ||
        (rc = vo_svc_att_attempt_submit(&r->svc, id, &r->err)))
        return rc;
    return attempt_respond(r, id, 200);
}

vo_err api_attestation_attempts_score(struct vo_req *r)
{
    static const char *const fields[] = {"scores", NULL};
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_req_body_fields(r, fields)))
        return rc;
    json_t *list = json_object_get(r->body, "scores");
    if (!json_is_array(list) || json_array_size(list) == 0)
        return vo_error_set(&r->err, VO_EINVAL, "scores",
                            "scores is a list of {position, points, comment}");
    size_t n = json_array_size(list);
    if (n > VO_ATT_QUESTIONS_MAX)
        return vo_error_set(&r->err, VO_EINVAL, "scores", "at most %d scores",
                            VO_ATT_QUESTIONS_MAX);
    struct vo_att_score_in *v = vo_arena_array(&r->arena, n + 1, sizeof *v);
    if (!v)
        return vo_error_set(&r->err, VO_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < n; i++) {
        json_t *s = json_array_get(list, i), *pos = json_object_get(s, "position"),
               *pts = json_object_get(s, "points"), *cm = json_object_get(s, "comment");
        char f[40];
        g_snprintf(f, sizeof f, "scores[%zu]", i);
        if (!json_is_object(s))
            return vo_error_set(&r->err, VO_EINVAL, f, "%s is {position, points, comment}", f);
        const char *key;
        json_t *val;
        json_object_foreach(s, key, val)
        {
            if (strcmp(key, "position") && strcmp(key, "points") && strcmp(key, "comment"))
                return vo_error_set(&r->err, VO_EINVAL, f, "%s is {position, points, comment}", f);
        }
        g_snprintf(f, sizeof f, "scores[%zu].position", i);
        if (!json_is_integer(pos))
            return vo_error_set(&r->err, VO_EINVAL, f, "%s is a question's number", f);
        json_int_t pv = json_integer_value(pos);
        v[i].position = pv < 0 ? -1 : pv > 1000 ? 1000 : (int64_t)pv;
        g_snprintf(f, sizeof f, "scores[%zu].points", i);
        if (!json_is_integer(pts))
            return vo_error_set(&r->err, VO_EINVAL, f, "%s is a whole number", f);
        json_int_t sv = json_integer_value(pts);
        v[i].points = sv < 0 ? -1 : sv > 1000 ? 1000 : (int64_t)sv;
        g_snprintf(f, sizeof f, "scores[%zu].comment", i);
        if (cm && !json_is_null(cm) && !json_is_string(cm))
            return vo_error_set(&r->err, VO_EINVAL, f, "%s is a text", f);
        v[i].comment = json_is_string(cm) ? json_string_value(cm) : NULL;
    }
    if ((rc = vo_svc_att_attempt_score(&r->svc, id, v, n, &r->err)))
        return rc;
    return attempt_respond(r, id, 200);
}

/* ---- results ---- */

vo_err api_attestation_results(struct vo_req *r)
{
    int64_t user = 0;
    struct vo_att_results s;
    vo_err rc = vo_api_query_id(r, "user_id", &user);
    if (rc || (rc = vo_svc_att_results(&r->svc, user, &s, &r->err)))
        return rc;
    json_t *rows = json_array(), *topics = json_array();
    for (size_t i = 0; i < s.nrows; i++) {
        const struct vo_att_result *x = &s.rows[i];
        json_array_append_new(
            rows,
            json_pack("{s:I,s:s,s:I,s:s,s:I,s:o,s:b}", "user_id", (json_int_t)x->user_id, "user",
                      x->user_name, "attestation_id", (json_int_t)x->attestation_id, "title",
                      x->title, "attempts", (json_int_t)x->attempts, "best_pct",
                      x->best_pct < 0 ? json_null() : json_real(x->best_pct), "passed", x->passed));
    }
    for (size_t i = 0; i < s.ntopics; i++) {
        const struct vo_att_topic_result *x = &s.topics[i];
        json_array_append_new(topics, json_pack("{s:I,s:s,s:s,s:I,s:I,s:f}", "user_id",
                                                (json_int_t)x->user_id, "user", x->user_name,
                                                "topic", x->topic, "earned", (json_int_t)x->earned,
                                                "possible", (json_int_t)x->possible, "pct",
                                                vo_att_pct(x->earned, x->possible)));
    }
    vo_req_json(
        r, 200,
        json_pack("{s:o,s:o,s:o}", "user_id", opt_int(user), "results", rows, "topics", topics));
    return VO_OK;
}
