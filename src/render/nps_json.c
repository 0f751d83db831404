/*
 * nps_json.c - the NPS report as JSON (nps_json.h).
 */
#include "render/nps_json.h"
#include "render/report_json.h"

#include <math.h>

static json_t *jstr_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

json_t *vo_nps_to_json(const struct vo_report_query *q, const struct vo_nps_result *r)
{
    const struct vo_dataset *ds = q->ds;
    const char *by = vo_nps_by_name(r->by);
    json_t *groups = json_array();
    for (size_t i = 0; i < r->ngroups; i++) {
        const struct vo_nps_group *g = &r->groups[i];
        json_array_append_new(
            groups,
            json_pack("{s:o,s:o,s:o,s:I,s:I,s:I,s:I,s:o}", "by", jstr_or_null(by), "key",
                      jstr_or_null(g->key), "name",
                      g->user >= 0 ? json_string(ds->users.name[g->user]) : json_null(),
                      "responses", (json_int_t)g->responses, "promoters", (json_int_t)g->promoters,
                      "passives", (json_int_t)g->passives, "detractors", (json_int_t)g->detractors,
                      "nps", isnan(g->nps) ? json_null() : json_real(g->nps)));
    }
    json_t *det = json_array();
    for (size_t i = 0; i < r->ndetractors; i++) {
        const struct vo_nps_answer *v = &r->answers[r->detractors[i]];
        int32_t cl = v->client, u = cl >= 0 ? ds->clients.owner[cl] : -1;
        char at[40];
        vo_time_format(v->at, ds->cal.tz, at, sizeof at);
        json_array_append_new(
            det,
            json_pack("{s:I,s:o,s:o,s:i,s:s,s:o,s:o,s:o}", "id", (json_int_t)v->id, "client_id",
                      cl >= 0 ? json_integer((json_int_t)ds->clients.id[cl]) : json_null(),
                      "client", jstr_or_null(cl >= 0 ? ds->clients.name[cl] : NULL), "score",
                      v->score, "at", at, "comment", jstr_or_null(v->comment), "owner",
                      jstr_or_null(u >= 0 ? ds->users.email[u] : NULL), "owner_name",
                      jstr_or_null(u >= 0 ? ds->users.name[u] : NULL)));
    }
    return vo_report_head(
        q, q->period,
        json_pack("{s:o,s:o,s:o}", "by", jstr_or_null(by), "groups", groups, "detractors", det));
}
