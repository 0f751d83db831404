/*
 * api_spend.c - marketing spend per channel and month (issue 12, item 4;
 * docs/marketing.md): GET /api/v1/marketing-spend?from=YYYY-MM&to=YYYY-MM,
 * PUT and DELETE /api/v1/marketing-spend/{channel}/{month}. The rules are
 * service/spend.h's; the channel in the path is percent-encoded UTF-8.
 */
#include "http/api.h"

#include <glib.h>
#include <string.h>

#include "base/checked.h"
#include "service/channels.h"
#include "service/spend.h"

static json_t *spend_json(const struct vo_spend *s)
{
    char m[16];
    g_snprintf(m, sizeof m, "%04d-%02d", s->year, s->month);
    return json_pack("{s:s, s:s, s:I}", "channel", s->channel, "month", m, "amount",
                     (json_int_t)s->amount);
}

vo_err api_spend_list(struct vo_req *r)
{
    struct vo_spend *v = NULL;
    size_t n = 0;
    const char *from = vo_req_query(r, "from"), *to = vo_req_query(r, "to");
    vo_err rc = vo_svc_spend_list(&r->svc, from, to, &v, &n, &r->err);
    if (rc)
        return rc;
    json_t *rows = json_array();
    int64_t total = 0;
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(rows, spend_json(&v[i]));
        if (!vo_add_ok(&total, v[i].amount)) {
            json_decref(rows);
            return vo_error_set(&r->err, VO_EINVAL, NULL,
                                "a sum of the report is beyond the range of the reports (about "
                                "9.2e18): the data holds amounts or durations over their "
                                "documented maximum");
        }
    }
    vo_req_json(r, 200,
                json_pack("{s:o, s:o, s:I, s:o}", "from", from ? json_string(from) : json_null(),
                          "to", to ? json_string(to) : json_null(), "total", (json_int_t)total,
                          "rows", rows));
    return VO_OK;
}

/* The path's channel (percent-decoded, a text without NUL or '/') and
 * month, in the request's arena. */
static vo_err path_key(struct vo_req *r, const char **channel, const char **month)
{
    char *c = g_uri_unescape_string(r->param[0], "/");
    if (!c || !*c || !g_utf8_validate(c, -1, NULL)) {
        g_free(c);
        return vo_error_set(&r->err, VO_EINVAL, "channel", "the channel in the path is not text");
    }
    *channel = vo_arena_strdup(&r->arena, c);
    g_free(c);
    *month = r->param[1];
    return *channel ? VO_OK : vo_error_set(&r->err, VO_ENOMEM, NULL, "out of memory");
}

vo_err api_spend_put(struct vo_req *r)
{
    static const char *const fields[] = {"amount", NULL};
    const char *channel = NULL, *month = NULL;
    int64_t amount = 0;
    bool created = false;
    vo_err rc = path_key(r, &channel, &month);
    if (rc || (rc = vo_req_body_fields(r, fields)) ||
        (rc = vo_req_int(r, "amount", true, &amount, NULL)) ||
        (rc = vo_svc_spend_put(&r->svc, channel, month, amount, &created, &r->err)))
        return rc;
    vo_req_json(r, created ? 201 : 200,
                json_pack("{s:s, s:s, s:I, s:b}", "channel", channel, "month", month, "amount",
                          (json_int_t)amount, "created", created));
    return VO_OK;
}

vo_err api_spend_delete(struct vo_req *r)
{
    const char *channel = NULL, *month = NULL;
    vo_err rc = path_key(r, &channel, &month);
    if (rc || (rc = vo_svc_spend_delete(&r->svc, channel, month, &r->err)))
        return rc;
    vo_req_json(r, 200,
                json_pack("{s:s, s:s, s:b}", "channel", channel, "month", month, "deleted", 1));
    return VO_OK;
}

/* PUT /api/v1/channel-plans/{channel}/{month} {"leads": N, "quality": x}:
 * a channel's lead plan (service/channels.h); quality a share 0..1 kept in
 * per mille (rounded), null or absent for none. */
vo_err api_channel_plan_put(struct vo_req *r)
{
    static const char *const fields[] = {"leads", "quality", NULL};
    const char *channel = NULL, *month = NULL;
    int64_t leads = 0, qp = -1;
    vo_err rc = path_key(r, &channel, &month);
    if (rc || (rc = vo_req_body_fields(r, fields)) ||
        (rc = vo_req_int(r, "leads", true, &leads, NULL)))
        return rc;
    json_t *q = json_object_get(r->body, "quality");
    if (q && !json_is_null(q)) {
        double x = json_is_number(q) ? json_number_value(q) : -1;
        if (!(x >= 0 && x <= 1))
            return vo_error_set(&r->err, VO_EINVAL, "quality", "quality is a share 0..1 or null");
        qp = (int64_t)(x * 1000 + 0.5);
    }
    if ((rc = vo_svc_channel_plan_put(&r->svc, channel, month, leads, qp, &r->err)))
        return rc;
    vo_req_json(r, 200,
                json_pack("{s:s, s:s, s:I, s:o}", "channel", channel, "month", month, "leads",
                          (json_int_t)leads, "quality",
                          qp < 0 ? json_null() : json_real((double)qp / 1000.0)));
    return VO_OK;
}
