/*
 * api_recognitions.c - recognitions over HTTP (issue 11, item 6;
 * docs/bonuses.md "Recognition"): GET /api/v1/recognitions?user_id=&from=
 * &to= lists them (anyone signed in; from and to instants or dates in the
 * org's zone, half-open), POST gives one (admin, head: {"user_id",
 * "badge", "comment"}), DELETE {id} removes one (its author or an admin).
 * The rules are service/recognition.h's.
 */
#include "http/api.h"

#include <glib.h>
#include <stdint.h>

#include "base/timeutil.h"
#include "service/recognition.h"

static json_t *recognition_json(struct vo_req *r, const void *x)
{
    return vo_recognition_json(&r->svc, x);
}

/* An instant of the query argument name (absent: dflt). */
static vo_err instant(struct vo_req *r, const char *name, int64_t dflt, int64_t *out)
{
    const char *v = vo_req_query(r, name);
    *out = dflt;
    return v && *v ? vo_time_parse(v, r->svc.tz, out, name, &r->err) : VO_OK;
}

vo_err api_recognitions_list(struct vo_req *r)
{
    const char *u = vo_req_query(r, "user_id");
    int64_t user = 0, from = 0, to = INT64_MAX;
    if (u && *u) {
        char *end = NULL;
        user = g_ascii_strtoll(u, &end, 10);
        if (*end || user <= 0)
            return vo_error_set(&r->err, VO_EINVAL, "user_id", "%s is an id", "user_id");
    }
    vo_err rc = instant(r, "from", 0, &from);
    if (!rc)
        rc = instant(r, "to", INT64_MAX, &to);
    struct vo_recognition *v = NULL;
    size_t n = 0;
    if (!rc)
        rc = vo_svc_recognition_list(&r->svc, user, from, to, &v, &n, &r->err);
    return rc ? rc : vo_req_items(r, v, n, sizeof *v, recognition_json);
}

static vo_err respond(struct vo_req *r, int64_t id, unsigned status)
{
    struct vo_recognition g;
    vo_err rc = vo_svc_recognition_get(&r->svc, id, &g, &r->err);
    if (!rc)
        vo_req_json(r, status, recognition_json(r, &g));
    return rc;
}

vo_err api_recognitions_create(struct vo_req *r)
{
    static const char *const fields[] = {"user_id", "badge", "comment", NULL};
    const char *badge = NULL, *comment = NULL;
    int64_t user = 0, id = 0;
    vo_err rc = vo_req_body_fields(r, fields);
    if (rc || (rc = vo_req_int(r, "user_id", true, &user, NULL)) ||
        (rc = vo_req_str(r, "badge", true, &badge)) ||
        (rc = vo_req_str(r, "comment", false, &comment)) ||
        (rc = vo_svc_recognition_give(&r->svc, user, badge, comment, &id, &r->err)))
        return rc;
    return respond(r, id, 201);
}

vo_err api_recognitions_delete(struct vo_req *r)
{
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (!rc)
        rc = vo_svc_recognition_delete(&r->svc, id, &r->err);
    if (!rc)
        vo_req_json(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "deleted", 1));
    return rc;
}
