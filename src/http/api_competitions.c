/*
 * api_competitions.c - the competitions of the sales floor (issue 11,
 * item 5; docs/competitions.md): GET /api/v1/competitions (?status=) lists
 * what the caller sees with the standings, POST creates one (head, admin),
 * GET/PATCH/DELETE {id} reads one, changes it and cancels it (If-Match or
 * a body "version", 409 version_conflict with the current one, as the CRM
 * objects). The standings are computed over the server's live dataset,
 * read-locked for the request; the rules are service/competitions.h's.
 */
#include "http/api.h"
#include "http/http_int.h"

#include "base/timeutil.h"
#include "render/leaderboard_json.h"
#include "service/competitions.h"

/* The competitions read the org's dataset: every handler holds it. */
struct held {
    const struct vo_dataset *ds;
};

static vo_err hold(struct vo_req *r, struct held *h)
{
    return vo_live_acquire(r->srv, r->st, r->svc.org.id, &h->ds, &r->err);
}

static void release(struct vo_req *r)
{
    vo_live_release(r->srv, r->svc.org.id);
}

static json_t *comp_json(struct vo_req *r, const void *x)
{
    const struct vo_comp *k = x;
    const struct vo_competition *c = &k->c;
    json_t *members = json_array(), *rows = vo_lb_standings_to_json(k->rows, k->nrows),
           *winners = json_array();
    for (size_t i = 0; i < k->nmembers; i++)
        json_array_append_new(members, json_integer((json_int_t)k->members[i]));
    for (size_t i = 0; i < k->nrows; i++) {
        const struct vo_lb_standing *w = &k->rows[i];
        if (k->final && w->rank == 1)
            json_array_append_new(
                winners, json_pack("{s:I, s:s}", "id", (json_int_t)w->member_id, "name", w->name));
    }
    return json_pack("{s:I, s:s, s:s, s:b, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:b, s:o, "
                     "s:o, s:o, s:I}",
                     "id", (json_int_t)c->id, "name", c->name, "metric", c->metric, "pct",
                     (int)c->pct, "participants_kind", c->teams ? "teams" : "users", "first_day",
                     c->first_day, "last_day", c->last_day, "prize", c->prize, "rules", c->rules,
                     "status", k->status, "participants", members, "standings", rows, "final",
                     (int)k->final, "winners", winners, "fixed_at", vo_json_time(r, c->fixed_at),
                     "created_at", vo_json_time(r, c->created_at), "version", (json_int_t)c->rev);
}

static vo_err respond(struct vo_req *r, int64_t id, unsigned status)
{
    struct held h;
    struct vo_comp k;
    vo_err rc = hold(r, &h);
    if (rc)
        return rc;
    rc = vo_svc_competition_get(&r->svc, h.ds, id, vo_now(), &k, &r->err);
    if (!rc) {
        r->etag = vo_arena_printf(&r->arena, "\"%lld\"", (long long)k.c.rev);
        vo_req_json(r, status, comp_json(r, &k));
    }
    release(r);
    return rc;
}

vo_err api_competitions_list(struct vo_req *r)
{
    struct held h;
    struct vo_comp *v = NULL;
    size_t n = 0;
    const char *status = vo_req_query(r, "status");
    vo_err rc = hold(r, &h);
    if (rc)
        return rc;
    rc = vo_svc_competition_list(&r->svc, h.ds, status && *status ? status : NULL, vo_now(), &v, &n,
                                 &r->err);
    if (!rc)
        rc = vo_req_items(r, v, n, sizeof *v, comp_json);
    release(r);
    return rc;
}

vo_err api_competitions_get(struct vo_req *r)
{
    return vo_req_id_respond(r, respond);
}

/* The body's participants: a list of at most VO_COMP_MAX_MEMBERS positive
 * ids (the service checks whose they are). */
static vo_err read_members(struct vo_req *r, struct vo_comp_input *in)
{
    json_t *a = r->body ? json_object_get(r->body, "participants") : NULL;
    if (!a || json_is_null(a))
        return VO_OK;
    if (!json_is_array(a) || json_array_size(a) > VO_COMP_MAX_MEMBERS)
        return vo_error_set(&r->err, VO_EINVAL, "participants",
                            "participants is a list of at most %d ids", VO_COMP_MAX_MEMBERS);
    size_t n = json_array_size(a);
    int64_t *m = vo_arena_array(&r->arena, n + 1, sizeof *m);
    if (!m)
        return vo_error_set(&r->err, VO_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < n; i++) {
        json_t *x = json_array_get(a, i);
        if (!json_is_integer(x) || json_integer_value(x) <= 0)
            return vo_error_set(&r->err, VO_EINVAL, "participants",
                                "participants is a list of at most %d ids", VO_COMP_MAX_MEMBERS);
        m[i] = (int64_t)json_integer_value(x);
    }
    in->members = m;
    in->nmembers = n;
    in->members_given = true;
    return VO_OK;
}

/* The body of a create (required: name, metric, first_day, last_day) or
 * an update (everything optional). */
static vo_err read_input(struct vo_req *r, bool create, struct vo_comp_input *in, bool *pct,
                         bool *teams)
{
    bool has_pct = false, has_teams = false;
    vo_err rc;
    *in = (struct vo_comp_input){0};
    if ((rc = vo_req_str(r, "name", create, &in->name)) ||
        (rc = vo_req_str(r, "metric", create, &in->metric)) ||
        (rc = vo_req_str(r, "first_day", create, &in->first_day)) ||
        (rc = vo_req_str(r, "last_day", create, &in->last_day)) ||
        (rc = vo_req_str(r, "prize", false, &in->prize)) ||
        (rc = vo_req_str(r, "rules", false, &in->rules)) ||
        (rc = vo_req_bool(r, "pct", pct, &has_pct)) ||
        (rc = vo_req_bool(r, "teams", teams, &has_teams)) || (rc = read_members(r, in)))
        return rc;
    in->pct = has_pct ? pct : NULL;
    in->teams = has_teams ? teams : NULL;
    return VO_OK;
}

vo_err api_competitions_create(struct vo_req *r)
{
    static const char *const fields[] = {"name",  "metric", "first_day",    "last_day", "prize",
                                         "rules", "pct",    "participants", "teams",    NULL};
    struct vo_comp_input in;
    struct held h;
    bool pct = false, teams = false;
    int64_t id = 0;
    vo_err rc = vo_req_body_fields(r, fields);
    if (rc || (rc = read_input(r, true, &in, &pct, &teams)) || (rc = hold(r, &h)))
        return rc;
    rc = vo_svc_competition_create(&r->svc, h.ds, &in, &id, &r->err);
    release(r);
    return rc ? rc : respond(r, id, 201);
}

vo_err api_competitions_update(struct vo_req *r)
{
    static const char *const fields[] = {"name",  "metric",  "first_day", "last_day",
                                         "prize", "rules",   "pct",       "participants",
                                         "teams", "version", NULL};
    struct vo_comp_input in;
    struct held h;
    bool pct = false, teams = false;
    int64_t id = 0, slot = 0;
    const int64_t *version = NULL;
    vo_err rc = vo_api_read_id_version(r, fields, &id, &slot, &version);
    if (rc || (rc = read_input(r, false, &in, &pct, &teams)) || (rc = hold(r, &h)))
        return rc;
    rc = vo_svc_competition_update(&r->svc, h.ds, id, &in, version, &r->err);
    release(r);
    return vo_api_answer_write(r, rc, id, respond, 200);
}

vo_err api_competitions_delete(struct vo_req *r)
{
    static const char *const fields[] = {"version", NULL};
    struct held h;
    int64_t id = 0, slot = 0;
    const int64_t *version = NULL;
    vo_err rc = vo_api_read_id_version(r, fields, &id, &slot, &version);
    if (rc || (rc = hold(r, &h)))
        return rc;
    rc = vo_svc_competition_cancel(&r->svc, h.ds, id, version, &r->err);
    release(r);
    return vo_api_answer_write(r, rc, id, respond, 200);
}

void vo_competitions_tick(struct vo_server *s, struct vo_store *st, struct vo_arena *a)
{
    struct vo_error e = {0};
    int64_t *orgs = NULL, now = vo_now();
    size_t n = 0;
    if (vo_svc_competition_orgs_due(st, now, a, &orgs, &n, &e))
        return;
    for (size_t i = 0; i < n; i++) {
        struct vo_svc svc = {0};
        const struct vo_dataset *ds = NULL;
        size_t fixed = 0;
        if (vo_svc_init(&svc, st, orgs[i], a, &e))
            continue;
        if (!vo_live_acquire(s, st, orgs[i], &ds, &e)) {
            vo_svc_competitions_fix_due(&svc, ds, now, &fixed, &e);
            vo_live_release(s, orgs[i]);
        }
        vo_svc_cleanup(&svc);
    }
}
