/*
 * api_bonus.c - bonuses over HTTP (issue 11, item 6; docs/bonuses.md):
 * GET /api/v1/reports/bonus?period=YYYY-MM[&as_of=][&lang=ru] is the
 * JSON of `voronka report bonus --format json` (labels in Russian with
 * lang=ru), format=csv|xlsx its payroll sheet (export.c: one row per
 * user, money typed); /api/v1/bonus-schemes lists, writes (POST: the
 * contract's JSON, a scheme of the same name gets a new version), reads
 * and changes (PATCH {id}: the same JSON, name optional) schemes. The
 * rules and who sees what are service/bonus.h's: an admin, the head and
 * a viewer read every payout, a manager their own row; only an admin or
 * the head writes a scheme. The report is not cached: its schemes are
 * not in the dataset the report cache is keyed by.
 */
#include "http/api.h"
#include "http/http_int.h"

#include <string.h>

#include "render/bonus_json.h"
#include "service/bonus.h"
#include "service/report.h"

vo_err api_bonus_report(struct vo_req *r)
{
    struct vo_report_args a = {.period = vo_req_query(r, "period"),
                               .as_of = vo_req_query(r, "as_of")};
    const char *lang = vo_req_query(r, "lang");
    const struct vo_dataset *ds = NULL;
    int64_t org = r->svc.org.id;
    vo_err rc = vo_live_acquire(r->srv, r->st, org, &ds, &r->err);
    if (rc)
        return rc;
    struct vo_report_query q;
    struct vo_bonus_result res;
    json_t *root = NULL;
    rc = vo_svc_report_query(&r->svc, ds, &a, &q, &r->err);
    if (!rc)
        rc = vo_svc_report_bonus(&r->svc, &q, &res, &r->err);
    if (!rc)
        root = vo_bonus_to_json(&q, &res, lang && strcmp(lang, "ru") == 0);
    vo_live_release(r->srv, org);
    if (rc)
        return rc;
    if (!root)
        return vo_error_set(&r->err, VO_ENOMEM, NULL, "out of memory");
    vo_req_json(r, 200, root);
    return VO_OK;
}

vo_err api_bonus_schemes_list(struct vo_req *r)
{
    json_t *out = NULL;
    vo_err rc = vo_svc_bonus_schemes(&r->svc, 0, &out, &r->err);
    if (!rc)
        vo_req_json(r, 200, out);
    return rc;
}

static vo_err respond(struct vo_req *r, int64_t id, unsigned status)
{
    json_t *out = NULL;
    vo_err rc = vo_svc_bonus_schemes(&r->svc, id, &out, &r->err);
    if (!rc)
        vo_req_json(r, status, out);
    return rc;
}

vo_err api_bonus_schemes_get(struct vo_req *r)
{
    return vo_req_id_respond(r, respond);
}

vo_err api_bonus_schemes_create(struct vo_req *r)
{
    int64_t id = 0;
    vo_err rc = vo_svc_bonus_set(&r->svc, 0, r->body, &id, &r->err);
    return rc ? rc : respond(r, id, 201);
}

vo_err api_bonus_schemes_update(struct vo_req *r)
{
    int64_t id = 0, out = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (!rc)
        rc = vo_svc_bonus_set(&r->svc, id, r->body, &out, &r->err);
    return rc ? rc : respond(r, id, 200);
}
