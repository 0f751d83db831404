/*
 * api_idp.c - development plans, ИПР, over HTTP (issue 14, item 7;
 * docs/idp.md): GET/POST /api/v1/idp (?user_id=&status=), GET/PATCH
 * /api/v1/idp/{id} (GET ?as_of=: the goals' current values then),
 * POST /api/v1/idp/{id}/goals, PATCH /api/v1/idp/goals/{id}, POST
 * /api/v1/idp/goals/{id}/actions, PATCH /api/v1/idp/actions/{id} and POST
 * /api/v1/idp/{id}/checkins. A plan is answered with its goals (each
 * metric goal's current value over the org's live dataset), actions and
 * check-ins; a goal, an action or a check-in written is answered as the
 * plan shows it. The rules are service/idp.h's.
 */
#include "http/api.h"
#include "http/http_int.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "base/timeutil.h"
#include "service/idp.h"

static json_t *opt_int(int64_t v)
{
    return v != VO_NULL ? json_integer((json_int_t)v) : json_null();
}

static json_t *opt_text(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *opt_real(bool has, double v)
{
    return has && !isnan(v) ? json_real(v) : json_null();
}

static json_t *plan_json(struct vo_req *r, const struct vo_idp_plan *p)
{
    return json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:I,s:I,s:I,s:I}", "id",
                     (json_int_t)p->id, "user_id", (json_int_t)p->user_id, "user", p->user_name,
                     "title", p->title, "period_from", p->period_from, "period_to", p->period_to,
                     "status", p->status, "created_at", vo_json_time(r, p->created_at), "closed_at",
                     p->closed_at != VO_NULL ? vo_json_time(r, p->closed_at) : json_null(),
                     "goals_count", (json_int_t)p->goals, "goals_achieved",
                     (json_int_t)p->goals_achieved, "actions_count", (json_int_t)p->actions,
                     "actions_done", (json_int_t)p->actions_done);
}

static json_t *plan_item(struct vo_req *r, const void *p)
{
    return plan_json(r, p);
}

static json_t *action_json(struct vo_req *r, const struct vo_idp_action *x)
{
    return json_pack("{s:I,s:I,s:s,s:o,s:b,s:o,s:o,s:o}", "id", (json_int_t)x->id, "goal_id",
                     (json_int_t)x->goal_id, "text", x->text, "due_on", opt_text(x->due_on), "done",
                     x->done_at != VO_NULL, "done_at",
                     x->done_at != VO_NULL ? vo_json_time(r, x->done_at) : json_null(),
                     "done_by_id", opt_int(x->done_by), "done_by", opt_text(x->done_by_name));
}

static json_t *date_json(struct vo_date d)
{
    char buf[16];
    return d.y ? json_string(vo_date_format(d, buf, sizeof buf)) : json_null();
}

static json_t *goal_json(struct vo_req *r, const struct vo_idp_full *f,
                         const struct vo_idp_goal_full *x)
{
    const struct vo_idp_goal *g = &x->g;
    json_t *actions = json_array(), *target = json_null();
    for (size_t i = 0; i < x->nactions; i++)
        json_array_append_new(actions, action_json(r, &x->actions[i]));
    if (g->target != VO_NULL)
        target =
            x->ratio ? json_real((double)g->target / 100.0) : json_integer((json_int_t)g->target);
    char today[16];
    vo_date_format(vo_date_of(r->svc.tz, f->as_of - 1), today, sizeof today);
    bool overdue = strcmp(g->status, "open") == 0 && strcmp(g->due_on, today) < 0;
    json_t *o = json_pack(
        "{s:I,s:I,s:s,s:s,s:s,s:s,s:b,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,"
        "s:o,s:o,s:b,s:o}",
        "id", (json_int_t)g->id, "plan_id", (json_int_t)g->plan_id, "title", g->title, "kind",
        g->kind, "due_on", g->due_on, "status", g->status, "overdue", overdue, "metric",
        opt_text(g->metric), "from_stage_id", opt_int(g->from_stage_id), "from_stage",
        opt_text(x->from_stage), "to_stage_id", opt_int(g->to_stage_id), "to_stage",
        opt_text(x->to_stage), "target", target, "unit",
        json_string(strcmp(g->kind, "skill") == 0 ? "level"
                    : x->ratio                    ? "percent"
                                                  : "value"),
        "direction", opt_text(g->direction), "window", opt_text(g->window), "window_days",
        opt_int(g->window_days), "window_from", date_json(x->from), "window_to", date_json(x->to),
        "level", opt_int(g->level), "target_level", opt_int(g->target_level), "current",
        opt_real(x->has_current, x->current), "progress", opt_real(true, x->progress), "met",
        x->met, "actions", actions);
    return o;
}

static json_t *checkin_json(struct vo_req *r, const struct vo_idp_checkin *c)
{
    return json_pack("{s:I,s:I,s:o,s:o,s:o,s:o,s:o,s:s,s:o}", "id", (json_int_t)c->id, "plan_id",
                     (json_int_t)c->plan_id, "goal_id", opt_int(c->goal_id), "meeting_id",
                     opt_int(c->meeting_id), "author_id", opt_int(c->author_id), "author",
                     opt_text(c->author_name), "at", vo_json_time(r, c->at), "comment", c->comment,
                     "goal_status", opt_text(c->goal_status));
}

static json_t *full_json(struct vo_req *r, const struct vo_idp_full *f)
{
    json_t *o = plan_json(r, &f->p), *goals = json_array(), *checkins = json_array();
    for (size_t i = 0; i < f->ngoals; i++)
        json_array_append_new(goals, goal_json(r, f, &f->goals[i]));
    for (size_t i = 0; i < f->ncheckins; i++)
        json_array_append_new(checkins, checkin_json(r, &f->checkins[i]));
    json_object_set_new(o, "as_of", vo_json_time(r, f->as_of));
    json_object_set_new(o, "goals", goals);
    json_object_set_new(o, "checkins", checkins);
    return o;
}

/* What of plan id to answer with: the plan, a goal, an action or a
 * check-in of it (by id). */
enum part { PLAN, GOAL, ACTION, CHECKIN };

/* Answers status with part `what` (id obj) of plan id at as_of over the
 * org's live dataset. */
static vo_err respond(struct vo_req *r, int64_t id, int64_t as_of, enum part what, int64_t obj,
                      unsigned status)
{
    const struct vo_dataset *ds = NULL;
    struct vo_idp_full f;
    int64_t org = r->svc.org.id;
    vo_err rc = vo_live_acquire(r->srv, r->st, org, &ds, &r->err);
    if (rc)
        return rc;
    rc = vo_svc_idp_get(&r->svc, ds, id, as_of, &f, &r->err);
    json_t *o = NULL;
    for (size_t i = 0; !rc && !o && i < f.ngoals; i++) {
        if (what == GOAL && f.goals[i].g.id == obj)
            o = goal_json(r, &f, &f.goals[i]);
        for (size_t k = 0; what == ACTION && !o && k < f.goals[i].nactions; k++)
            if (f.goals[i].actions[k].id == obj)
                o = action_json(r, &f.goals[i].actions[k]);
    }
    for (size_t i = 0; !rc && !o && what == CHECKIN && i < f.ncheckins; i++)
        if (f.checkins[i].id == obj)
            o = checkin_json(r, &f.checkins[i]);
    if (!rc && what == PLAN)
        o = full_json(r, &f);
    vo_live_release(r->srv, org);
    if (!rc && !o)
        rc = vo_error_set(&r->err, VO_ENOTFOUND, "id", "no object %lld", (long long)obj);
    if (!rc)
        vo_req_json(r, status, o);
    return rc;
}

vo_err api_idp_list(struct vo_req *r)
{
    int64_t user = 0;
    const char *status = vo_req_query(r, "status");
    struct vo_idp_plan *v = NULL;
    size_t n = 0;
    vo_err rc = vo_api_query_id(r, "user_id", &user);
    if (rc ||
        (rc = vo_svc_idp_list(&r->svc, user, status && *status ? status : NULL, &v, &n, &r->err)))
        return rc;
    return vo_req_items(r, v, n, sizeof *v, plan_item);
}

/* ?as_of: a date (the end of that local day) or an instant; now when
 * absent. */
static vo_err query_as_of(struct vo_req *r, int64_t *out)
{
    const char *v = vo_req_query(r, "as_of");
    *out = vo_now();
    if (!v || !*v)
        return VO_OK;
    if (strlen(v) == 10) {
        struct vo_date d;
        vo_err rc = vo_date_parse(v, &d, "as_of", &r->err);
        if (!rc)
            *out = vo_date_start(r->svc.tz, vo_date_add_days(d, 1));
        return rc;
    }
    return vo_time_parse(v, r->svc.tz, out, "as_of", &r->err);
}

vo_err api_idp_get(struct vo_req *r)
{
    int64_t id = 0, as_of = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = query_as_of(r, &as_of)))
        return rc;
    return respond(r, id, as_of, PLAN, 0, 200);
}

static vo_err plan_input(struct vo_req *r, struct vo_idp_input *in)
{
    static const struct vo_req_text texts[] = {
        {"title", VO_IDP_SET_TITLE, offsetof(struct vo_idp_input, title)},
        {"period_from", VO_IDP_SET_FROM, offsetof(struct vo_idp_input, period_from)},
        {"period_to", VO_IDP_SET_TO, offsetof(struct vo_idp_input, period_to)},
        {"status", VO_IDP_SET_STATUS, offsetof(struct vo_idp_input, status)},
    };
    return vo_req_texts(r, texts, sizeof texts / sizeof texts[0], in, &in->set);
}

vo_err api_idp_create(struct vo_req *r)
{
    static const char *const fields[] = {"user_id", "title", "period_from", "period_to", NULL};
    struct vo_idp_input in = {0};
    int64_t id = 0;
    vo_err rc = vo_req_body_fields(r, fields);
    if (rc || (rc = vo_req_int(r, "user_id", true, &in.user_id, NULL)) ||
        (rc = plan_input(r, &in)) || (rc = vo_svc_idp_create(&r->svc, &in, &id, &r->err)))
        return rc;
    return respond(r, id, vo_now(), PLAN, 0, 201);
}

vo_err api_idp_update(struct vo_req *r)
{
    static const char *const fields[] = {"title", "period_from", "period_to", "status", NULL};
    struct vo_idp_input in = {0};
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_req_body_fields(r, fields)) || (rc = plan_input(r, &in)) ||
        (rc = vo_svc_idp_update(&r->svc, id, &in, &r->err)))
        return rc;
    return respond(r, id, vo_now(), PLAN, 0, 200);
}

/* ---- goals ---- */

/* An optional whole number field (null: VO_NULL) setting bit. */
static vo_err opt_int_field(struct vo_req *r, const char *name, unsigned bit, unsigned *set,
                            int64_t *out)
{
    enum vo_req_has h = VO_REQ_ABSENT;
    vo_err rc = vo_req_int(r, name, false, out, &h);
    if (rc)
        return rc;
    if (h == VO_REQ_NULL)
        *out = VO_NULL;
    if (h != VO_REQ_ABSENT)
        *set |= bit;
    return VO_OK;
}

static vo_err goal_input(struct vo_req *r, struct vo_idp_goal_input *in)
{
    static const struct vo_req_text texts[] = {
        {"title", VO_IDPG_SET_TITLE, offsetof(struct vo_idp_goal_input, title)},
        {"due_on", VO_IDPG_SET_DUE, offsetof(struct vo_idp_goal_input, due_on)},
        {"metric", VO_IDPG_SET_METRIC, offsetof(struct vo_idp_goal_input, metric)},
        {"direction", VO_IDPG_SET_DIRECTION, offsetof(struct vo_idp_goal_input, direction)},
        {"window", VO_IDPG_SET_WINDOW, offsetof(struct vo_idp_goal_input, window)},
        {"status", VO_IDPG_SET_STATUS, offsetof(struct vo_idp_goal_input, status)},
    };
    in->from_stage_id = in->to_stage_id = in->window_days = VO_NULL;
    in->target_value = NAN;
    in->level = in->target_level = VO_NULL;
    vo_err rc = vo_req_texts(r, texts, sizeof texts / sizeof texts[0], in, &in->set);
    if (rc)
        return rc;
    unsigned stages = 0;
    if ((rc = opt_int_field(r, "from_stage_id", VO_IDPG_SET_METRIC, &stages, &in->from_stage_id)) ||
        (rc = opt_int_field(r, "to_stage_id", VO_IDPG_SET_METRIC, &stages, &in->to_stage_id)) ||
        (rc = opt_int_field(r, "window_days", VO_IDPG_SET_WINDOW, &in->set, &in->window_days)) ||
        (rc = opt_int_field(r, "level", VO_IDPG_SET_LEVEL, &in->set, &in->level)) ||
        (rc = opt_int_field(r, "target_level", VO_IDPG_SET_TARGET_LEVEL, &in->set,
                            &in->target_level)))
        return rc;
    if (stages && !(in->set & VO_IDPG_SET_METRIC))
        return vo_error_set(&r->err, VO_EINVAL, "metric", "stages are given with their metric");
    if ((in->set & VO_IDPG_SET_WINDOW) && !in->window)
        in->window = "month";
    json_t *t = json_object_get(r->body, "target");
    if (t) {
        in->set |= VO_IDPG_SET_TARGET;
        if (!json_is_null(t) && !json_is_number(t))
            return vo_error_set(&r->err, VO_EINVAL, "target", "target is a number");
        /* in the goal's unit: the service knows whether it is a ratio */
        in->target_value = json_is_null(t) ? NAN : json_number_value(t);
    }
    return VO_OK;
}

static const char *const GOAL_FIELDS[] = {
    "title",  "due_on",      "metric", "from_stage_id", "to_stage_id", "target", "direction",
    "window", "window_days", "level",  "target_level",  "status",      "kind",   NULL};

vo_err api_idp_goals_create(struct vo_req *r)
{
    struct vo_idp_goal_input in = {0};
    int64_t plan = 0, id = 0;
    vo_err rc = vo_req_id(r, 0, &plan);
    if (rc || (rc = vo_req_body_fields(r, GOAL_FIELDS)) ||
        (rc = vo_req_str(r, "kind", false, &in.kind)) || (rc = goal_input(r, &in)) ||
        (rc = vo_svc_idp_goal_create(&r->svc, plan, &in, &id, &r->err)))
        return rc;
    return respond(r, plan, vo_now(), GOAL, id, 201);
}

vo_err api_idp_goals_update(struct vo_req *r)
{
    struct vo_idp_goal_input in = {0};
    int64_t plan = 0, id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_req_body_fields(r, GOAL_FIELDS + 0)))
        return rc;
    if (json_object_get(r->body, "kind"))
        return vo_error_set(&r->err, VO_EINVAL, "kind", "a goal's kind does not change");
    if ((rc = goal_input(r, &in)) ||
        (rc = vo_svc_idp_goal_update(&r->svc, id, &in, &plan, &r->err)))
        return rc;
    return respond(r, plan, vo_now(), GOAL, id, 200);
}

/* ---- actions ---- */

static vo_err action_input(struct vo_req *r, struct vo_idp_action_input *in)
{
    bool present = false;
    vo_err rc = vo_req_str(r, "text", false, &in->text);
    if (rc || (rc = vo_req_str(r, "due_on", false, &in->due_on)) ||
        (rc = vo_req_bool(r, "done", &in->done, &present)))
        return rc;
    if (json_object_get(r->body, "text"))
        in->set |= VO_IDPA_SET_TEXT;
    if (json_object_get(r->body, "due_on"))
        in->set |= VO_IDPA_SET_DUE;
    if (present)
        in->set |= VO_IDPA_SET_DONE;
    return VO_OK;
}

vo_err api_idp_actions_create(struct vo_req *r)
{
    static const char *const fields[] = {"text", "due_on", "done", NULL};
    struct vo_idp_action_input in = {0};
    int64_t goal = 0, plan = 0, id = 0;
    vo_err rc = vo_req_id(r, 0, &goal);
    if (rc || (rc = vo_req_body_fields(r, fields)) || (rc = action_input(r, &in)) ||
        (rc = vo_svc_idp_action_create(&r->svc, goal, &in, &id, &plan, &r->err)))
        return rc;
    return respond(r, plan, vo_now(), ACTION, id, 201);
}

vo_err api_idp_actions_update(struct vo_req *r)
{
    static const char *const fields[] = {"text", "due_on", "done", NULL};
    struct vo_idp_action_input in = {0};
    int64_t plan = 0, id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_req_body_fields(r, fields)) || (rc = action_input(r, &in)) ||
        (rc = vo_svc_idp_action_update(&r->svc, id, &in, &plan, &r->err)))
        return rc;
    return respond(r, plan, vo_now(), ACTION, id, 200);
}

/* ---- check-ins ---- */

vo_err api_idp_checkins_create(struct vo_req *r)
{
    static const char *const fields[] = {"comment",     "at",         "goal_id",
                                         "goal_status", "meeting_id", NULL};
    struct vo_idp_checkin_input in = {0};
    int64_t plan = 0, id = 0;
    vo_err rc = vo_req_id(r, 0, &plan);
    if (rc || (rc = vo_req_body_fields(r, fields)) ||
        (rc = vo_req_str(r, "comment", false, &in.comment)) ||
        (rc = vo_req_str(r, "at", false, &in.at)) ||
        (rc = vo_req_int(r, "goal_id", false, &in.goal_id, NULL)) ||
        (rc = vo_req_str(r, "goal_status", false, &in.goal_status)) ||
        (rc = vo_req_int(r, "meeting_id", false, &in.meeting_id, NULL)) ||
        (rc = vo_svc_idp_checkin_create(&r->svc, plan, &in, &id, &r->err)))
        return rc;
    return respond(r, plan, vo_now(), CHECKIN, id, 201);
}
