/*
 * api_nps.c - NPS answers and survey links (issue 12, item 2;
 * docs/nps.md): a client's answers on its card (list, enter), delete
 * (admin, head), a detractor's task on request, a survey link for a
 * client, and the public survey (no sign-in: GET and POST
 * /api/v1/public/nps/{token}) throttled like sign-in. Every rule is the
 * service's (service/nps.h); the report is GET /api/v1/reports/nps
 * (api_reports.c).
 */
#include "http/api.h"
#include "http/http_int.h"

#include <string.h>

#include "base/timeutil.h"
#include "service/nps.h"
#include "service/throttle.h"

static json_t *answer_json(struct vo_req *r, const struct vo_nps *n, int64_t task)
{
    return json_pack("{s:I, s:I, s:i, s:o, s:o, s:o}", "id", (json_int_t)n->id, "client_id",
                     (json_int_t)n->client_id, "score", n->score, "at", vo_json_time(r, n->at),
                     "comment", n->comment ? json_string(n->comment) : json_null(), "task_id",
                     task > 0 ? json_integer((json_int_t)task) : json_null());
}

vo_err api_nps_client_list(struct vo_req *r)
{
    int64_t client = 0, *tasks = NULL;
    struct vo_nps *v = NULL;
    size_t n = 0;
    vo_err rc = vo_req_id(r, 0, &client);
    if (rc || (rc = vo_svc_nps_of_client(&r->svc, client, &v, &tasks, &n, &r->err)))
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, answer_json(r, &v[i], tasks[i]));
    vo_req_json(r, 200, json_pack("{s:o}", "items", items));
    return VO_OK;
}

/* score (required, 0..10 checked by the service) and comment of the body;
 * also at when at is not NULL. */
static vo_err read_answer(struct vo_req *r, const char *const *fields, int *score,
                          const char **comment, const char **at)
{
    int64_t s = 0;
    vo_err rc = vo_req_body_fields(r, fields);
    if (rc || (rc = vo_req_int(r, "score", true, &s, NULL)) ||
        (rc = vo_req_str(r, "comment", false, comment)) ||
        (at && (rc = vo_req_str(r, "at", false, at))))
        return rc;
    *score = s < -1 || s > 11 ? -1 : (int)s; /* out of range either way */
    return VO_OK;
}

vo_err api_nps_client_add(struct vo_req *r)
{
    static const char *const fields[] = {"score", "comment", "at", NULL};
    int64_t client = 0, id = 0, task = 0;
    int score = 0;
    const char *comment = NULL, *at = NULL;
    vo_err rc = vo_req_id(r, 0, &client);
    if (rc || (rc = read_answer(r, fields, &score, &comment, &at)) ||
        (rc = vo_svc_nps_add(&r->svc, client, score, at, comment, &id, &task, &r->err)))
        return rc;
    vo_req_json(r, 201,
                json_pack("{s:I, s:o}", "id", (json_int_t)id, "task_id",
                          task > 0 ? json_integer((json_int_t)task) : json_null()));
    return VO_OK;
}

vo_err api_nps_delete(struct vo_req *r)
{
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_svc_nps_delete(&r->svc, id, &r->err)))
        return rc;
    vo_req_json(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "deleted", 1));
    return VO_OK;
}

vo_err api_nps_task(struct vo_req *r)
{
    int64_t id = 0, task = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_svc_nps_task(&r->svc, id, &task, &r->err)))
        return rc;
    vo_req_json(r, 201, json_pack("{s:I, s:I}", "id", (json_int_t)id, "task_id", (json_int_t)task));
    return VO_OK;
}

vo_err api_nps_link(struct vo_req *r)
{
    int64_t client = 0, expires = 0;
    const char *token = NULL;
    vo_err rc = vo_req_id(r, 0, &client);
    if (rc || (rc = vo_svc_nps_link(&r->svc, client, &token, &expires, &r->err)))
        return rc;
    vo_req_json(r, 201,
                json_pack("{s:s, s:s, s:o}", "token", token, "url",
                          vo_arena_printf(&r->arena, "/app/survey.html#%s", token), "expires_at",
                          vo_json_time(r, expires)));
    return VO_OK;
}

/* ---- the public survey ---- */

/* The throttle's account of every survey attempt: failures count per
 * address (a forged, expired or used token), as wrong passwords do. */
#define SURVEY_ACCOUNT "nps-survey"

/* What the page shows: the company's name, whether this request
 * answered, and (an open link) until when it is valid. */
static json_t *public_json(struct vo_svc *svc, const struct vo_nps_public *p, bool answered)
{
    json_t *o =
        json_pack("{s:s, s:b}", "company", p->company ? p->company : "", "answered", answered);
    if (!answered) {
        char exp[40];
        vo_time_format(p->expires_at, svc->tz, exp, sizeof exp);
        json_object_set_new(o, "expires_at", json_string(exp));
    }
    return o;
}

/* Runs the public open or answer under the throttle. */
static vo_err public_run(struct vo_req *r, bool answer)
{
    static const char *const fields[] = {"score", "comment", NULL};
    int score = 0;
    const char *comment = NULL;
    if (answer && read_answer(r, fields, &score, &comment, NULL))
        return r->err.code ? r->err.code : VO_EINVAL;
    struct vo_throttle_ticket tk;
    int64_t now_ms = vo_throttle_now(r->srv->throttle);
    int64_t wait =
        vo_throttle_begin(r->srv->throttle, r->st, SURVEY_ACCOUNT, r->address, now_ms, &tk);
    if (wait > 0) {
        r->retry_after = (wait + 999) / 1000;
        vo_error_set(&r->err, VO_ETOOBIG, NULL, "too many tries: wait %lld s and try again",
                     (long long)r->retry_after);
        vo_req_json(r, 429, vo_error_json("throttled", r->err.msg, NULL, r->err.id, r->err.msg_ru));
        return VO_OK;
    }
    struct vo_svc svc = {0};
    struct vo_nps_public p = {0};
    const char *token = r->param[0];
    vo_err rc = answer
                    ? vo_svc_nps_public_answer(r->st, token, vo_now(), score, comment,
                                               vo_live_on_change, r->srv, &r->arena, &p, &r->err)
                    : vo_svc_nps_public_open(r->st, token, vo_now(), &r->arena, &svc, &p, &r->err);
    bool token_bad = rc == VO_ENOTFOUND || rc == VO_ECONFLICT;
    vo_throttle_end(r->srv->throttle, r->st, &tk,
                    rc == VO_OK ? VO_THROTTLE_PASSED
                    : token_bad ? VO_THROTTLE_FAILED
                                : VO_THROTTLE_VOID,
                    now_ms);
    if (!rc)
        vo_req_json(r, answer ? 201 : 200, public_json(&svc, &p, answer));
    vo_svc_cleanup(&svc);
    return rc;
}

vo_err api_nps_public_get(struct vo_req *r)
{
    return public_run(r, false);
}

vo_err api_nps_public_answer(struct vo_req *r)
{
    return public_run(r, true);
}
