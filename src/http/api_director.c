/*
 * api_director.c - the report to the director (issue 11; docs/reports.md,
 * "The report to the director"): GET /api/v1/reports/director?period=
 * month|week&date=YYYY-MM-DD[&as_of=YYYY-MM-DD] answers the JSON of
 * `voronka report director --format json` (format=csv|xlsx: its "lines",
 * export.c), PUT /api/v1/reports/director/notes {period, date, text} saves
 * the head's text of that period. Who may do what is service/director.h's.
 */
#include "http/api.h"
#include "http/http_int.h"

#include "render/director_json.h"
#include "render/report_json.h"
#include "service/director.h"
#include "service/report.h"

vo_err api_reports_director(struct vo_req *r)
{
    struct vo_report_args a = {.as_of = vo_req_query(r, "as_of"), .date = vo_req_query(r, "date")};
    const struct vo_dataset *ds = NULL;
    int64_t org = r->svc.org.id;
    vo_err rc = vo_live_acquire(r->srv, r->st, org, &ds, &r->err);
    if (rc)
        return rc;
    struct vo_report_query q;
    struct vo_director d;
    json_t *root = NULL;
    rc = vo_svc_report_query(&r->svc, ds, &a, &q, &r->err);
    if (!rc)
        rc = vo_svc_director(&r->svc, &q, vo_req_query(r, "period"), &d, &r->err);
    if (!rc)
        root = vo_director_to_json(&q, &d);
    vo_live_release(r->srv, org);
    if (rc)
        return rc;
    vo_req_json(r, 200, root);
    return VO_OK;
}

vo_err api_reports_director_notes(struct vo_req *r)
{
    static const char *const fields[] = {"period", "date", "text", NULL};
    const char *period = NULL, *date = NULL, *text = NULL;
    vo_err rc = vo_req_body_fields(r, fields);
    if (rc || (rc = vo_req_str(r, "period", true, &period)) ||
        (rc = vo_req_str(r, "date", true, &date)) || (rc = vo_req_str(r, "text", false, &text)) ||
        (rc = vo_svc_director_note_set(&r->svc, period, date, text, &r->err)))
        return rc;
    vo_req_json(r, 200, json_pack("{s:s,s:s,s:s}", "period", period, "date", date, "text", text));
    return VO_OK;
}
