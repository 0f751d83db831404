/*
 * leaderboard_json.c - a leaderboard as JSON (leaderboard_json.h): the
 * report's document and the rows a competition's standings reuse.
 */
#include "render/leaderboard_json.h"

#include <math.h>

#include "render/report_json.h"

/* A value: whole numbers as integers (counts, minor units), else a real. */
static json_t *jvalue(double v)
{
    if (v == floor(v) && fabs(v) < 9e15)
        return json_integer((json_int_t)v);
    return json_real(v);
}

json_t *vo_lb_rows_to_json(const struct vo_dataset *ds, const struct vo_lb *lb, bool teams)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < lb->n; i++) {
        const struct vo_lb_row *r = &lb->rows[i];
        json_t *o;
        if (teams) {
            o = json_pack("{s:i,s:I,s:s,s:o}", "rank", r->rank, "team_id",
                          (json_int_t)ds->teams.id[r->index], "name", r->name, "value",
                          jvalue(r->value));
        } else {
            int32_t t = ds->users.team[r->index];
            const char *email = ds->users.email[r->index];
            o = json_pack("{s:i,s:I,s:s,s:o,s:o,s:o}", "rank", r->rank, "user_id",
                          (json_int_t)ds->users.id[r->index], "name", r->name, "email",
                          email ? json_string(email) : json_null(), "team",
                          t >= 0 ? json_string(ds->teams.name[t]) : json_null(), "value",
                          jvalue(r->value));
        }
        json_array_append_new(rows, o);
    }
    return rows;
}

json_t *vo_lb_standings_to_json(const struct vo_lb_standing *rows, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:i,s:I,s:s,s:o}", "rank", rows[i].rank, "id",
                                           (json_int_t)rows[i].member_id, "name", rows[i].name,
                                           "value", jvalue(rows[i].value)));
    return a;
}

json_t *vo_lb_comps_to_json(const struct vo_lb_comp *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:I,s:s,s:s,s:b,s:s,s:s,s:s,s:o}", "id",
                                           (json_int_t)v[i].id, "name", v[i].name, "metric",
                                           v[i].metric, "pct", (int)v[i].pct, "participants_kind",
                                           v[i].teams ? "teams" : "users", "first_day",
                                           v[i].first_day, "last_day", v[i].last_day, "standings",
                                           vo_lb_standings_to_json(v[i].rows, v[i].nrows)));
    return a;
}

json_t *vo_lb_to_json(const struct vo_report_query *q, const struct vo_lb *lb)
{
    json_t *root = json_pack("{s:s,s:b}", "metric", q->metric, "pct", (int)q->pct);
    json_object_update_new(
        root,
        vo_report_head(q, q->period,
                       json_pack("{s:o,s:o}", "team", q->team ? json_string(q->team) : json_null(),
                                 "rows", vo_lb_rows_to_json(q->ds, lb, false))));
    return root;
}
