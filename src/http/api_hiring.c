/*
 * api_hiring.c - hiring (issue 14, item 1; docs/hiring.md):
 * /api/v1/vacancies (GET, POST, GET and PATCH one), /api/v1/candidates
 * (GET ?vacancy=&stage=&source=&q=, POST, GET and PATCH one), a
 * candidate's stage (POST {stage, reason}), CV (PUT the file's bytes
 * ?filename=, GET it back as an attachment), scores (GET, POST a
 * scorecard), the hire (POST {email, role, team, start_date, name} -> 201
 * {user_id}), the summary (GET /api/v1/hiring/summary?from=&to=&vacancy=)
 * and the scorecard criteria. The rules are service/hiring.h's.
 */
#include "http/api.h"
#include "http/http_int.h"

#include <stddef.h>
#include <string.h>

#include "render/sheet.h"
#include "service/hiring.h"

static json_t *opt_text(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *opt_id(int64_t v)
{
    return v > 0 ? json_integer((json_int_t)v) : json_null();
}

/* ---- vacancies ---- */

static json_t *vacancy_json(struct vo_req *r, const void *p)
{
    const struct vo_vacancy *x = p;
    return json_pack("{s:I,s:s,s:o,s:I,s:s,s:s,s:I,s:I,s:o,s:o,s:o,s:o}", "id", (json_int_t)x->id,
                     "title", x->title, "team", opt_text(x->team), "openings",
                     (json_int_t)x->openings, "status", x->status, "description", x->description,
                     "candidates", (json_int_t)x->candidates, "hired", (json_int_t)x->hired,
                     "created_by", opt_id(x->created_by), "created_at",
                     vo_json_time(r, x->created_at), "closed_at", vo_json_time(r, x->closed_at),
                     "updated_at", vo_json_time(r, x->updated_at));
}

VO_API_RESPOND(vacancy_respond, struct vo_vacancy, vo_svc_vacancy_get, vacancy_json)

vo_err api_vacancies_list(struct vo_req *r)
{
    struct vo_vacancy *v = NULL;
    size_t n = 0;
    vo_err rc = vo_svc_vacancy_list(&r->svc, vo_req_query(r, "status"), &v, &n, &r->err);
    return rc ? rc : vo_req_items(r, v, n, sizeof *v, vacancy_json);
}

vo_err api_vacancies_get(struct vo_req *r)
{
    return vo_req_id_respond(r, vacancy_respond);
}

static vo_err vacancy_input(struct vo_req *r, struct vo_vacancy_input *in)
{
    static const char *const fields[] = {"title",  "team",        "openings",
                                         "status", "description", NULL};
    enum vo_req_has h = VO_REQ_ABSENT;
    vo_err rc = vo_req_body_fields(r, fields);
    if (rc || (rc = vo_req_str(r, "title", false, &in->title)) ||
        (rc = vo_req_str(r, "team", false, &in->team)) ||
        (rc = vo_req_int(r, "openings", false, &in->openings, &h)) ||
        (rc = vo_req_str(r, "status", false, &in->status)) ||
        (rc = vo_req_str(r, "description", false, &in->description)))
        return rc;
    static const struct {
        const char *key;
        unsigned bit;
    } bits[] = {{"title", VO_VACANCY_SET_TITLE},
                {"team", VO_VACANCY_SET_TEAM},
                {"openings", VO_VACANCY_SET_OPENINGS},
                {"status", VO_VACANCY_SET_STATUS},
                {"description", VO_VACANCY_SET_DESCRIPTION}};
    for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++)
        if (json_object_get(r->body, bits[i].key))
            in->set |= bits[i].bit;
    if (h == VO_REQ_NULL)
        return vo_error_set(&r->err, VO_EINVAL, "openings", "openings is 1..%d",
                            VO_HIRING_OPENINGS_MAX);
    return VO_OK;
}

vo_err api_vacancies_create(struct vo_req *r)
{
    struct vo_vacancy_input in = {0};
    int64_t id = 0;
    vo_err rc = vacancy_input(r, &in);
    if (rc || (rc = vo_svc_vacancy_create(&r->svc, &in, &id, &r->err)))
        return rc;
    return vacancy_respond(r, id, 201);
}

vo_err api_vacancies_update(struct vo_req *r)
{
    struct vo_vacancy_input in = {0};
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vacancy_input(r, &in)) ||
        (rc = vo_svc_vacancy_update(&r->svc, id, &in, &r->err)))
        return rc;
    return vacancy_respond(r, id, 200);
}

/* ---- candidates ---- */

static json_t *candidate_json(struct vo_req *r, const void *p)
{
    const struct vo_candidate *x = p;
    json_t *cv = x->cv_name
                     ? json_pack("{s:s,s:s,s:I}", "name", x->cv_name, "type",
                                 x->cv_type ? x->cv_type : "", "size", (json_int_t)x->cv_size)
                     : json_null();
    int64_t days = (vo_now() - x->stage_since) / 86400;
    json_t *o = json_pack(
        "{s:I,s:I,s:s,s:s,s:o,s:o,s:o,s:s,s:o,s:s,s:o,s:o,s:I,s:o,s:o,s:o,s:o}", "id",
        (json_int_t)x->id, "vacancy_id", (json_int_t)x->vacancy_id, "vacancy",
        x->vacancy_title ? x->vacancy_title : "", "name", x->name, "email", opt_text(x->email),
        "phone", opt_text(x->phone), "source", opt_text(x->source), "stage", x->stage,
        "reject_reason", opt_text(x->reject_reason), "notes", x->notes ? x->notes : "", "cv", cv,
        "stage_since", vo_json_time(r, x->stage_since), "days_in_stage",
        (json_int_t)(days < 0 ? 0 : days), "hired_user_id", opt_id(x->hired_user_id), "start_date",
        opt_text(x->start_date), "created_at", vo_json_time(r, x->created_at), "updated_at",
        vo_json_time(r, x->updated_at));
    return o;
}

VO_API_RESPOND(candidate_respond, struct vo_candidate, vo_svc_candidate_get, candidate_json)

vo_err api_candidates_list(struct vo_req *r)
{
    struct vo_candidate_filter f = {.stage = vo_req_query(r, "stage"),
                                    .source = vo_req_query(r, "source"),
                                    .q = vo_req_query(r, "q")};
    struct vo_candidate *v = NULL;
    size_t n = 0;
    vo_err rc = vo_api_query_id(r, "vacancy", &f.vacancy_id);
    if (rc || (rc = vo_svc_candidate_list(&r->svc, &f, &v, &n, &r->err)))
        return rc;
    return vo_req_items(r, v, n, sizeof *v, candidate_json);
}

vo_err api_candidates_get(struct vo_req *r)
{
    return vo_req_id_respond(r, candidate_respond);
}

static vo_err candidate_input(struct vo_req *r, struct vo_candidate_input *in)
{
    static const char *const fields[] = {"vacancy_id", "name",  "email", "phone",
                                         "source",     "notes", NULL};
    static const struct vo_req_text texts[] = {
        {"name", VO_CANDIDATE_SET_NAME, offsetof(struct vo_candidate_input, name)},
        {"email", VO_CANDIDATE_SET_EMAIL, offsetof(struct vo_candidate_input, email)},
        {"phone", VO_CANDIDATE_SET_PHONE, offsetof(struct vo_candidate_input, phone)},
        {"source", VO_CANDIDATE_SET_SOURCE, offsetof(struct vo_candidate_input, source)},
        {"notes", VO_CANDIDATE_SET_NOTES, offsetof(struct vo_candidate_input, notes)},
    };
    enum vo_req_has h = VO_REQ_ABSENT;
    vo_err rc = vo_req_body_fields(r, fields);
    if (rc || (rc = vo_req_int(r, "vacancy_id", false, &in->vacancy_id, &h)) ||
        (rc = vo_req_texts(r, texts, sizeof texts / sizeof texts[0], in, &in->set)))
        return rc;
    if (h != VO_REQ_ABSENT)
        in->set |= VO_CANDIDATE_SET_VACANCY;
    return VO_OK;
}

vo_err api_candidates_create(struct vo_req *r)
{
    struct vo_candidate_input in = {0};
    int64_t id = 0;
    vo_err rc = candidate_input(r, &in);
    if (rc || (rc = vo_svc_candidate_create(&r->svc, &in, &id, &r->err)))
        return rc;
    return candidate_respond(r, id, 201);
}

vo_err api_candidates_update(struct vo_req *r)
{
    struct vo_candidate_input in = {0};
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = candidate_input(r, &in)) ||
        (rc = vo_svc_candidate_update(&r->svc, id, &in, &r->err)))
        return rc;
    return candidate_respond(r, id, 200);
}

vo_err api_candidates_stage(struct vo_req *r)
{
    static const char *const fields[] = {"stage", "reason", NULL};
    const char *stage = NULL, *reason = NULL;
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_req_body_fields(r, fields)) || (rc = vo_req_str(r, "stage", true, &stage)) ||
        (rc = vo_req_str(r, "reason", false, &reason)) ||
        (rc = vo_svc_candidate_move(&r->svc, id, stage, reason, &r->err)))
        return rc;
    return candidate_respond(r, id, 200);
}

/* PUT: the body is the file (the route takes files: read unparsed). */
vo_err api_candidates_cv_put(struct vo_req *r)
{
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_svc_candidate_cv_put(&r->svc, id, vo_req_query(r, "filename"), r->raw,
                                            r->raw_len, &r->err)))
        return rc;
    return candidate_respond(r, id, 200);
}

vo_err api_candidates_cv_get(struct vo_req *r)
{
    int64_t id = 0;
    struct vo_candidate c;
    const void *data = NULL;
    size_t len = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_svc_candidate_cv_get(&r->svc, id, &c, &data, &len, &r->err)))
        return rc;
    /* the name's stem and extension, as the sheets' attachments are named */
    const char *dot = strrchr(c.cv_name, '.');
    char *stem =
        vo_arena_strndup(&r->arena, c.cv_name, dot ? (size_t)(dot - c.cv_name) : strlen(c.cv_name));
    r->disposition = vo_sheet_disposition(&r->arena, stem ? stem : "cv", dot ? dot + 1 : "txt");
    r->out_text = data;
    r->out_len = len;
    r->out_type = c.cv_type;
    r->status = 200;
    return VO_OK;
}

/* ---- scores ---- */

static json_t *score_json(struct vo_req *r, const struct vo_candidate_score *s)
{
    return json_pack("{s:I,s:I,s:s,s:s,s:I,s:s,s:I,s:s,s:o}", "id", (json_int_t)s->id, "user_id",
                     (json_int_t)s->user_id, "user", s->user_name, "kind", s->kind, "criterion_id",
                     (json_int_t)s->criterion_id, "criterion", s->criterion, "score",
                     (json_int_t)s->score, "comment", s->comment, "at", vo_json_time(r, s->at));
}

/* The scores with the average of each kind (null without a score). */
static vo_err scores_respond(struct vo_req *r, int64_t id, unsigned status)
{
    struct vo_candidate_score *v = NULL;
    size_t n = 0;
    vo_err rc = vo_svc_candidate_scores(&r->svc, id, &v, &n, &r->err);
    if (rc)
        return rc;
    json_t *items = json_array();
    double sum[2] = {0, 0};
    size_t cnt[2] = {0, 0};
    for (size_t i = 0; i < n; i++) {
        int k = strcmp(v[i].kind, "final") == 0;
        sum[k] += (double)v[i].score;
        cnt[k]++;
        json_array_append_new(items, score_json(r, &v[i]));
    }
    vo_req_json(r, status,
                json_pack("{s:o,s:o,s:o}", "items", items, "interview",
                          cnt[0] ? json_real(sum[0] / (double)cnt[0]) : json_null(), "final",
                          cnt[1] ? json_real(sum[1] / (double)cnt[1]) : json_null()));
    return VO_OK;
}

vo_err api_candidates_scores_list(struct vo_req *r)
{
    return vo_req_id_respond(r, scores_respond);
}

vo_err api_candidates_scores_create(struct vo_req *r)
{
    static const char *const fields[] = {"kind", "scores", NULL};
    static const char *const item_fields[] = {"criterion_id", "score", "comment", NULL};
    const char *kind = NULL;
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_req_body_fields(r, fields)) || (rc = vo_req_str(r, "kind", false, &kind)))
        return rc;
    json_t *a = json_object_get(r->body, "scores");
    if (!json_is_array(a) || json_array_size(a) == 0 || json_array_size(a) > 100)
        return vo_error_set(&r->err, VO_EINVAL, "scores",
                            "scores is a list of 1..%d objects {criterion_id, score, comment}",
                            100);
    size_t n = json_array_size(a);
    struct vo_score_item *v = vo_arena_array(&r->arena, n, sizeof *v);
    if (!v)
        return vo_error_set(&r->err, VO_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_array_get(a, i), *c = json_object_get(o, "criterion_id"),
               *s = json_object_get(o, "score"), *t = json_object_get(o, "comment");
        const char *key;
        json_t *val;
        bool ok = json_is_object(o) && json_is_integer(c) && json_is_integer(s) &&
                  (!t || json_is_null(t) || json_is_string(t));
        json_object_foreach(o, key, val)
        {
            bool known = false;
            for (const char *const *f = item_fields; *f; f++)
                known = known || strcmp(*f, key) == 0;
            ok = ok && known;
        }
        if (!ok)
            return vo_error_set(&r->err, VO_EINVAL, "scores",
                                "scores is a list of 1..%d objects {criterion_id, score, comment}",
                                100);
        v[i] =
            (struct vo_score_item){(int64_t)json_integer_value(c), (int64_t)json_integer_value(s),
                                   json_is_string(t) ? json_string_value(t) : NULL};
    }
    if ((rc = vo_svc_candidate_score(&r->svc, id, kind, v, n, &r->err)))
        return rc;
    return scores_respond(r, id, 201);
}

/* ---- the hire ---- */

vo_err api_candidates_hire(struct vo_req *r)
{
    static const char *const fields[] = {"email", "role",      "team", "start_date",
                                         "name",  "mentor_id", NULL};
    struct vo_hire_input in = {0};
    int64_t id = 0, user = 0, onboarding = 0;
    const char *pw = NULL;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_req_body_fields(r, fields)) ||
        (rc = vo_req_str(r, "email", true, &in.email)) ||
        (rc = vo_req_str(r, "role", false, &in.role)) ||
        (rc = vo_req_str(r, "team", false, &in.team)) ||
        (rc = vo_req_str(r, "start_date", false, &in.start_date)) ||
        (rc = vo_req_str(r, "name", false, &in.name)) ||
        (rc = vo_req_int(r, "mentor_id", false, &in.mentor_id, NULL)) ||
        (rc = vo_svc_candidate_hire(&r->svc, id, &in, &user, &pw, &onboarding, &r->err)))
        return rc;
    vo_req_json(r, 201,
                json_pack("{s:I,s:I,s:s,s:o}", "user_id", (json_int_t)user, "candidate_id",
                          (json_int_t)id, "password", pw ? pw : "", "onboarding_id",
                          onboarding ? json_integer((json_int_t)onboarding) : json_null()));
    return VO_OK;
}

/* ---- the summary ---- */

static json_t *tth_json(const struct vo_hiring_tth *t)
{
    json_t *o = json_pack("{s:I,s:f,s:f}", "hires", (json_int_t)t->hires, "median_days", t->median,
                          "average_days", t->average);
    if (t->vacancy_id) {
        json_object_set_new(o, "vacancy_id", json_integer((json_int_t)t->vacancy_id));
        json_object_set_new(o, "title", json_string(t->title));
    }
    return o;
}

vo_err api_hiring_summary(struct vo_req *r)
{
    int64_t from = 0, to = 0, vacancy = 0;
    struct vo_hiring_summary s;
    vo_err rc = vo_api_query_time(r, "from", INT64_MIN, &from);
    if (rc || (rc = vo_api_query_time(r, "to", INT64_MAX, &to)) ||
        (rc = vo_api_query_id(r, "vacancy", &vacancy)) ||
        (rc = vo_svc_hiring_summary(&r->svc, from, to, vacancy, &s, &r->err)))
        return rc;
    json_t *by_vac = json_array(), *stages = json_array(), *sources = json_array();
    for (size_t i = 0; i < s.nvacancies; i++)
        json_array_append_new(by_vac, tth_json(&s.vacancies[i]));
    for (int i = 0; i < VO_HIRING_NFUNNEL; i++)
        json_array_append_new(
            stages, json_pack("{s:s,s:I,s:o}", "stage", s.stages[i].stage, "reached",
                              (json_int_t)s.stages[i].reached, "share",
                              s.stages[i].share < 0 ? json_null() : json_real(s.stages[i].share)));
    for (size_t i = 0; i < s.nsources; i++) {
        const struct vo_hiring_source_row *x = &s.sources[i];
        json_array_append_new(
            sources, json_pack("{s:o,s:I,s:I,s:I,s:f}", "source",
                               *x->source ? json_string(x->source) : json_null(), "candidates",
                               (json_int_t)x->candidates, "hired", (json_int_t)x->hired, "rejected",
                               (json_int_t)x->rejected, "conversion", x->conversion));
    }
    vo_req_json(r, 200,
                json_pack("{s:o,s:o,s:o,s:o,s:o,s:I,s:I,s:o,s:o}", "from",
                          from == INT64_MIN ? json_null() : vo_json_time(r, from), "to",
                          to == INT64_MAX ? json_null() : vo_json_time(r, to), "vacancy_id",
                          opt_id(vacancy), "time_to_hire", tth_json(&s.all), "by_vacancy", by_vac,
                          "candidates", (json_int_t)s.candidates, "rejected",
                          (json_int_t)s.rejected, "stages", stages, "sources", sources));
    return VO_OK;
}

/* ---- criteria ---- */

static json_t *criterion_json(struct vo_req *r, const void *p)
{
    (void)r;
    const struct vo_hiring_criterion *x = p;
    return json_pack("{s:I,s:s,s:I,s:b}", "id", (json_int_t)x->id, "name", x->name, "position",
                     (json_int_t)x->position, "archived", x->archived);
}

VO_API_LIST(api_hiring_criteria_list, struct vo_hiring_criterion, vo_svc_hiring_criteria,
            criterion_json)
VO_API_RESPOND(criterion_respond, struct vo_hiring_criterion, vo_svc_hiring_criterion_get,
               criterion_json)

vo_err api_hiring_criteria_create(struct vo_req *r)
{
    static const char *const fields[] = {"name", NULL};
    const char *name = NULL;
    int64_t id = 0;
    vo_err rc = vo_req_body_fields(r, fields);
    if (rc || (rc = vo_req_str(r, "name", true, &name)) ||
        (rc = vo_svc_hiring_criterion_create(&r->svc, name, &id, &r->err)))
        return rc;
    return criterion_respond(r, id, 201);
}

vo_err api_hiring_criteria_update(struct vo_req *r)
{
    static const char *const fields[] = {"name", "position", "archived", NULL};
    const char *name = NULL;
    int64_t id = 0, position = 0;
    bool archived = false, has_archived = false;
    enum vo_req_has hp = VO_REQ_ABSENT;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_req_body_fields(r, fields)) || (rc = vo_req_str(r, "name", false, &name)) ||
        (rc = vo_req_int(r, "position", false, &position, &hp)) ||
        (rc = vo_req_bool(r, "archived", &archived, &has_archived)) ||
        (rc = vo_svc_hiring_criterion_update(&r->svc, id, name,
                                             hp == VO_REQ_VALUE ? &position : NULL,
                                             has_archived ? &archived : NULL, &r->err)))
        return rc;
    return criterion_respond(r, id, 200);
}
