/*
 * api_mail.c - the org's e-mail settings (docs/notifications.md,
 * "E-mail"): GET and PUT /api/v1/org/mail, POST /api/v1/org/mail/test.
 * The password is written, never answered: the JSON says whether one is
 * set.
 */
#include "http/api.h"

#include "service/mail.h"

static json_t *mail_json(struct vo_req *r, const struct vo_mail_settings *m)
{
    return json_pack("{s:b, s:s?, s:s?, s:b, s:s?, s:s?, s:b, s:o}", "enabled", m->enabled, "url",
                     m->url, "username", m->username, "password_set",
                     m->password != NULL && *m->password, "from", m->from, "from_name",
                     m->from_name, "starttls", m->starttls, "updated_at",
                     vo_json_time(r, m->updated_at));
}

vo_err api_mail_get(struct vo_req *r)
{
    struct vo_mail_settings m;
    vo_err rc = vo_svc_mail_get(&r->svc, &m, &r->err);
    if (rc)
        return rc;
    vo_req_json(r, 200, mail_json(r, &m));
    return VO_OK;
}

vo_err api_mail_set(struct vo_req *r)
{
    static const char *const fields[] = {"enabled", "url",       "username", "password",
                                         "from",    "from_name", "starttls", NULL};
    struct vo_mail_input in = {0};
    bool enabled = false, has_enabled = false, starttls = true, has_starttls = false;
    if (vo_req_body_fields(r, fields) || vo_req_bool(r, "enabled", &enabled, &has_enabled) ||
        vo_req_bool(r, "starttls", &starttls, &has_starttls) ||
        vo_req_str(r, "url", false, &in.url) || vo_req_str(r, "username", false, &in.username) ||
        vo_req_str(r, "password", false, &in.password) || vo_req_str(r, "from", false, &in.from) ||
        vo_req_str(r, "from_name", false, &in.from_name))
        return VO_EINVAL;
    in.enabled = has_enabled ? &enabled : NULL;
    in.starttls = has_starttls ? &starttls : NULL;
    struct vo_mail_settings m;
    vo_err rc = vo_svc_mail_set(&r->svc, &in, &m, &r->err);
    if (rc)
        return rc;
    vo_req_json(r, 200, mail_json(r, &m));
    return VO_OK;
}

vo_err api_mail_test(struct vo_req *r)
{
    static const char *const none[] = {NULL};
    vo_err rc = vo_req_body_fields(r, none);
    if (!rc)
        rc = vo_svc_mail_test(&r->svc, &r->err);
    if (rc)
        return rc;
    vo_req_json(r, 200, json_pack("{s:b}", "sent", 1));
    return VO_OK;
}
