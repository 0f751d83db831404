/*
 * api_promises.c - promises (issue 11, docs/meetings.md): GET/POST
 * /api/v1/promises, GET /{id}, POST /{id}/resolve, and GET
 * /api/v1/promises/record (kept % by month). Every read first runs the
 * automatic check by the clock over the org's live dataset (the promises
 * due since the last read are settled before they are shown), and so does
 * the server's reminder tick, org by org (vo_promises_tick), so promises
 * are settled even when nobody reads them.
 * The rules are service/promises.h's.
 */
#include "http/api.h"

#include <math.h>
#include <string.h>

#include "base/timeutil.h"
#include "service/promises.h"

vo_err vo_api_promises_check(struct vo_req *r)
{
    const struct vo_dataset *ds = NULL;
    int64_t org = r->svc.org.id;
    vo_err rc = vo_live_acquire(r->srv, r->st, org, &ds, &r->err);
    if (rc)
        return rc;
    rc = vo_svc_promise_check(&r->svc, ds, vo_now(), NULL, &r->err);
    vo_live_release(r->srv, org);
    return rc;
}

void vo_promises_tick(struct vo_server *s, struct vo_store *st, struct vo_arena *a)
{
    struct vo_error e = {0};
    int64_t *orgs = NULL, now = vo_now();
    size_t n = 0;
    if (vo_svc_promise_orgs_due(st, now, a, &orgs, &n, &e))
        return;
    for (size_t i = 0; i < n; i++) {
        struct vo_svc svc = {0};
        const struct vo_dataset *ds = NULL;
        if (vo_svc_init(&svc, st, orgs[i], a, &e))
            continue;
        if (!vo_live_acquire(s, st, orgs[i], &ds, &e)) {
            vo_svc_promise_check(&svc, ds, now, NULL, &e);
            vo_live_release(s, orgs[i]);
        }
        vo_svc_cleanup(&svc);
    }
}

static json_t *item(struct vo_req *r, const void *x)
{
    return vo_json_promise(r, x);
}

static vo_err respond(struct vo_req *r, int64_t id, unsigned status)
{
    struct vo_promise p;
    vo_err rc = vo_svc_promise_get(&r->svc, id, &p, &r->err);
    if (rc)
        return rc;
    r->etag = vo_arena_printf(&r->arena, "\"%lld\"", (long long)p.rev);
    vo_req_json(r, status, vo_json_promise(r, &p));
    return VO_OK;
}

vo_err api_promises_list(struct vo_req *r)
{
    struct vo_promise_filter f = {0};
    const char *status = vo_req_query(r, "status");
    struct vo_promise *v = NULL;
    size_t n = 0;
    f.status = status && *status ? status : NULL;
    vo_err rc = vo_api_query_id(r, "user_id", &f.user);
    if (!rc)
        rc = vo_api_query_id(r, "meeting_id", &f.meeting);
    if (!rc)
        rc = vo_api_query_time(r, "from", INT64_MIN, &f.from);
    if (!rc)
        rc = vo_api_query_time(r, "to", INT64_MAX, &f.to);
    if (!rc)
        rc = vo_api_promises_check(r);
    if (!rc)
        rc = vo_svc_promise_list(&r->svc, f, &v, &n, &r->err);
    return rc ? rc : vo_req_items(r, v, n, sizeof *v, item);
}

vo_err api_promises_get(struct vo_req *r)
{
    vo_err rc = vo_api_promises_check(r);
    return rc ? rc : vo_req_id_respond(r, respond);
}

vo_err api_promises_create(struct vo_req *r)
{
    static const char *const fields[] = {"user_id",         "text",   "due_at",     "deal_id",
                                         "client_id",       "metric", "meeting_id", "target",
                                         "target_stage_id", NULL};
    struct vo_promise_input in = {.target = VO_NULL};
    const char *due = NULL;
    enum vo_req_has has_target = VO_REQ_ABSENT;
    int64_t id = 0;
    vo_err rc = vo_req_body_fields(r, fields);
    if (rc || (rc = vo_req_int(r, "user_id", false, &in.user_id, NULL)) ||
        (rc = vo_req_str(r, "text", true, &in.text)) ||
        (rc = vo_req_str(r, "due_at", true, &due)) ||
        (rc = vo_time_parse(due, r->svc.tz, &in.due_at, "due_at", &r->err)) ||
        (rc = vo_req_int(r, "deal_id", false, &in.deal_id, NULL)) ||
        (rc = vo_req_int(r, "client_id", false, &in.client_id, NULL)) ||
        (rc = vo_req_int(r, "meeting_id", false, &in.meeting_id, NULL)) ||
        (rc = vo_req_str(r, "metric", false, &in.metric)) ||
        (rc = vo_req_int(r, "target", false, &in.target, &has_target)) ||
        (rc = vo_req_int(r, "target_stage_id", false, &in.target_stage_id, NULL)))
        return rc;
    /* a given INT64_MIN is no absent target (VO_NULL): out of bounds */
    if (has_target == VO_REQ_VALUE && in.target == VO_NULL)
        in.target = 0;
    if (in.target_stage_id < 0)
        return vo_error_set(&r->err, VO_EINVAL, "target_stage_id", "%s is an id",
                            "target_stage_id");
    if (in.user_id < 0 || in.deal_id < 0 || in.client_id < 0 || in.meeting_id < 0)
        return vo_error_set(&r->err, VO_EINVAL, in.user_id < 0 ? "user_id" : "deal_id",
                            "%s is an id", in.user_id < 0 ? "user_id" : "deal_id");
    if (in.metric && !*in.metric)
        in.metric = NULL;
    if ((rc = vo_svc_promise_create(&r->svc, &in, &id, &r->err)))
        return rc;
    return respond(r, id, 201);
}

vo_err api_promises_resolve(struct vo_req *r)
{
    static const char *const fields[] = {"status", "comment", "version", NULL};
    const char *status = NULL, *comment = NULL;
    int64_t id = 0, slot = 0;
    const int64_t *version = NULL;
    vo_err rc = vo_api_read_id_version(r, fields, &id, &slot, &version);
    if (rc || (rc = vo_req_str(r, "status", true, &status)) ||
        (rc = vo_req_str(r, "comment", false, &comment)))
        return rc;
    rc = vo_svc_promise_resolve(&r->svc, id, status, comment, version, &r->err);
    return vo_api_answer_write(r, rc, id, respond, 200);
}

vo_err api_promises_record(struct vo_req *r)
{
    int64_t user = 0;
    int fy = 0, fm = 0, ty = 0, tm = 0;
    const char *from = vo_req_query(r, "from_month"), *to = vo_req_query(r, "to_month");
    struct vo_promise_month *v = NULL;
    size_t n = 0;
    vo_err rc = vo_api_query_id(r, "user_id", &user);
    if (!rc)
        rc = vo_month_parse(from ? from : "", &fy, &fm, "from_month", &r->err);
    if (!rc)
        rc = vo_month_parse(to && *to ? to : from, &ty, &tm, "to_month", &r->err);
    if (!rc)
        rc = vo_api_promises_check(r);
    if (!rc)
        rc = vo_svc_promise_record(&r->svc, user, fy, fm, ty, tm, &v, &n, &r->err);
    if (rc)
        return rc;
    json_t *rows = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            rows, json_pack("{s:s, s:I, s:I, s:I, s:o}", "month",
                            vo_arena_printf(&r->arena, "%04d-%02d", v[i].y, v[i].m), "kept",
                            (json_int_t)v[i].kept, "broken", (json_int_t)v[i].broken, "open",
                            (json_int_t)v[i].open, "pct",
                            isnan(v[i].pct) ? json_null() : json_real(v[i].pct)));
    vo_req_json(
        r, 200,
        json_pack("{s:o, s:o}", "user_id",
                  user && r->svc.actor_role != VO_ROLE_MANAGER
                      ? json_integer(user)
                      : (r->svc.actor_role == VO_ROLE_MANAGER ? json_integer(r->svc.actor_id)
                                                              : json_null()),
                  "months", rows));
    return VO_OK;
}
