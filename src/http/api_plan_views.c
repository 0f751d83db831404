/*
 * api_plan_views.c - two read-only views of the plans, computed on the
 * live dataset (analytics/plan.h), the JSON twins of `voronka plan show`
 * and `voronka plan reverse`:
 *
 *   GET /api/v1/plans/days?period=YYYY-MM[&by=day|week][&metric=KEY]
 *     every plan of the month and metric (org, teams, users) spread over
 *     its working days (vo_plan_month_days: equal parts, the earliest
 *     working days carry the remainder), one column per day or per week
 *     (a week starts on a Monday or on the 1st, and ends on a Sunday or on
 *     the month's last day). The columns of a row add up exactly to its
 *     target. Everyone signed in reads them, as GET /api/v1/plans.
 *
 *   GET /api/v1/plans/reverse?revenue=MINOR&period=YYYY-MM[&user=ID]
 *     the reverse funnel of a revenue target for one user, from the user's
 *     history over the 3 months before the period (vo_plan_user_history,
 *     vo_plan_reverse_funnel). The user defaults to the caller; a manager
 *     may ask for themselves only (vo_svc_check_owner: anyone else is a
 *     404, so whether they exist does not leak).
 *
 * Figures that cannot be computed (no won deal in the history, ...) are
 * null, never 0.
 */
#include "http/api.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analytics/plan.h"
#include "base/timeutil.h"
#include "service/plans.h"

static const char *const unit_names[] = {
    [VO_UNIT_COUNT] = "count",
    [VO_UNIT_MONEY] = "minor_units",
    [VO_UNIT_MINUTES] = "minutes",
    [VO_UNIT_RATIO] = "basis_points",
};

static json_t *opt_int(int64_t v)
{
    return v == VO_NULL ? json_null() : json_integer(v);
}

static json_t *opt_real(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *iso_date(struct vo_date d)
{
    char b[16];
    vo_date_format(d, b, sizeof b);
    return json_string(b);
}

static vo_err period_arg(struct vo_req *r, int *y, int *m)
{
    const char *s = vo_req_query(r, "period");
    if (!s || !*s)
        return vo_error_set(&r->err, VO_EINVAL, "period", "period (YYYY-MM) is required");
    return vo_month_parse(s, y, m, "period", &r->err);
}

/* One plan row of the dataset as JSON, its days summed into ncols
 * columns by col[day - 1]. */
static json_t *days_row(const struct vo_dataset *ds, size_t i, const int *col, int ndays, int ncols,
                        struct vo_error *e)
{
    int64_t days[31], sums[31] = {0};
    int y = ds->plans.year[i], m = ds->plans.month[i];
    if (vo_plan_month_days(&ds->cal, y, m, ds->plans.target[i], days, NULL, e))
        return NULL;
    for (int d = 0; d < ndays; d++)
        sums[col[d]] += days[d];
    json_t *parts = json_array();
    for (int c = 0; c < ncols; c++)
        json_array_append_new(parts, json_integer(sums[c]));
    enum vo_scope_kind k = (enum vo_scope_kind)ds->plans.scope_kind[i];
    int32_t s = ds->plans.scope[i];
    json_t *scope_id = json_null(), *name = json_null(), *email = json_null();
    const char *scope = "org";
    char buf[320];
    if (k == VO_SCOPE_TEAM && s >= 0) {
        scope_id = json_integer(ds->teams.id[s]);
        name = json_string(ds->teams.name[s]);
        snprintf(buf, sizeof buf, "team:%s", ds->teams.name[s]);
        scope = buf;
    } else if (k == VO_SCOPE_USER && s >= 0) {
        scope_id = json_integer(ds->users.id[s]);
        name = json_string(ds->users.name[s]);
        email = ds->users.email[s] ? json_string(ds->users.email[s]) : json_null();
        snprintf(buf, sizeof buf, "user:%s",
                 ds->users.email[s] ? ds->users.email[s] : ds->users.name[s]);
        scope = buf;
    }
    return json_pack("{s:s, s:s, s:o, s:o, s:o, s:I, s:o}", "scope", scope, "scope_kind",
                     vo_scope_kind_name(k), "scope_id", scope_id, "name", name, "email", email,
                     "target", (json_int_t)ds->plans.target[i], "parts", parts);
}

/* The org first, then teams, then users (each in the dataset's order). */
static int scope_rank(uint8_t k)
{
    return k == VO_SCOPE_ORG ? 0 : k == VO_SCOPE_TEAM ? 1 : 2;
}

vo_err api_plans_days(struct vo_req *r)
{
    int y = 0, m = 0;
    if (period_arg(r, &y, &m))
        return VO_EINVAL;
    const char *by = vo_req_query(r, "by");
    bool weeks = false;
    if (by && *by) {
        if (strcmp(by, "week") == 0)
            weeks = true;
        else if (strcmp(by, "day") != 0)
            return vo_error_set(&r->err, VO_EINVAL, "by", "by is day or week");
    }
    const char *key = vo_req_query(r, "metric");
    const struct vo_metric_def *md = vo_metric_find(key && *key ? key : "revenue");
    if (!md)
        return vo_error_set(&r->err, VO_EINVAL, "metric", "unknown metric \"%s\"", key);

    const struct vo_dataset *ds = NULL;
    vo_err rc = vo_live_acquire(r->srv, r->st, r->svc.org.id, &ds, &r->err);
    if (rc)
        return rc;
    int ndays = vo_month_days(y, m), col[31], ncols = 0;
    json_t *cols = json_array();
    for (int d = 1; d <= ndays; d++) {
        struct vo_date dt = {y, m, d};
        if (!weeks || d == 1 || vo_date_weekday(dt) == 1) {
            struct vo_date last = dt;
            if (weeks)
                while (last.d < ndays && vo_date_weekday((struct vo_date){y, m, last.d + 1}) != 1)
                    last.d++;
            json_array_append_new(cols, json_pack("{s:o, s:o, s:i}", "from", iso_date(dt), "to",
                                                  iso_date(last), "working_days",
                                                  vo_cal_working_days(&ds->cal, dt, last)));
            ncols++;
        }
        col[d - 1] = ncols - 1;
    }
    struct vo_date first = {y, m, 1}, end = {y, m, ndays};
    int wd = vo_cal_working_days(&ds->cal, first, end);
    json_t *rows = json_array();
    for (int rank = 0; rank < 3 && !rc; rank++)
        for (size_t i = 0; i < ds->plans.n && !rc; i++) {
            if (ds->plans.year[i] != y || ds->plans.month[i] != m ||
                ds->plans.metric[i] != md->id || scope_rank(ds->plans.scope_kind[i]) != rank)
                continue;
            json_t *row = days_row(ds, i, col, ndays, ncols, &r->err);
            if (!row)
                rc = r->err.code ? r->err.code : VO_EINVAL;
            else
                json_array_append_new(rows, row);
        }
    vo_live_release(r->srv, r->svc.org.id);
    if (rc) {
        json_decref(cols);
        json_decref(rows);
        return rc;
    }
    char pbuf[16];
    snprintf(pbuf, sizeof pbuf, "%04d-%02d", y, m);
    vo_req_json(r, 200,
                json_pack("{s:s, s:s, s:s, s:s, s:i, s:o, s:o}", "period", pbuf, "metric", md->key,
                          "unit", unit_names[md->unit], "by", weeks ? "week" : "day",
                          "working_days", wd, "columns", cols, "rows", rows));
    return VO_OK;
}

/* A query argument that is a whole number >= 0 (minor units). */
static vo_err query_minor(struct vo_req *r, const char *name, int64_t *out)
{
    const char *v = vo_req_query(r, name);
    if (!v || !*v)
        return vo_error_set(&r->err, VO_EINVAL, name, "%s is required (minor units)", name);
    char *end = NULL;
    errno = 0;
    long long n = strtoll(v, &end, 10);
    if (errno || end == v || *end)
        return vo_error_set(&r->err, VO_EINVAL, name, "%s is a whole number >= 0 of minor units",
                            name);
    if (vo_num_check(VO_NUM_TARGET_MONEY, n, name, &r->err))
        return VO_EINVAL;
    *out = n;
    return VO_OK;
}

/* The month y-m shifted by k months, as "YYYY-MM". */
static json_t *month_text(int y, int m, int k)
{
    int t = y * 12 + (m - 1) + k;
    char b[16];
    snprintf(b, sizeof b, "%04d-%02d", t / 12, t % 12 + 1);
    return json_string(b);
}

vo_err api_plans_reverse(struct vo_req *r)
{
    int y = 0, m = 0;
    int64_t revenue = 0, uid = r->svc.actor_id;
    if (period_arg(r, &y, &m) || query_minor(r, "revenue", &revenue))
        return VO_EINVAL;
    const char *who = vo_req_query(r, "user");
    if (who && *who) {
        char *end = NULL;
        long long n = strtoll(who, &end, 10);
        if (*end || n <= 0)
            return vo_error_set(&r->err, VO_EINVAL, "user", "user is a user id");
        uid = n;
    }
    if (uid <= 0)
        return vo_error_set(&r->err, VO_EINVAL, "user", "user (an id) is required");
    /* A manager asks for themselves only: another user is "not found". */
    vo_err own = vo_svc_check_owner(&r->svc, uid, false, &r->err);
    if (own == VO_ENOTFOUND)
        return vo_error_set(&r->err, VO_ENOTFOUND, "user", "no user %lld", (long long)uid);
    if (own)
        return own;
    const struct vo_dataset *ds = NULL;
    vo_err rc = vo_live_acquire(r->srv, r->st, r->svc.org.id, &ds, &r->err);
    if (rc)
        return rc;
    int32_t u = vo_ds_user_find(ds, uid);
    struct vo_plan_history h = {0};
    struct vo_plan_funnel f = {0};
    json_t *user = NULL;
    if (u < 0)
        rc = vo_error_set(&r->err, VO_ENOTFOUND, "user", "no user %lld", (long long)uid);
    if (!rc) {
        struct vo_period p = vo_cal_month(&ds->cal, (struct vo_date){y, m, 1});
        rc = vo_plan_user_history(ds, u, y, m, &r->arena, &h, &r->err);
        if (!rc)
            rc = vo_plan_reverse_funnel(revenue, &h, vo_cal_period_wd(&ds->cal, &p), &f, &r->err);
    }
    if (!rc)
        user =
            json_pack("{s:I, s:s, s:o}", "id", (json_int_t)uid, "name", ds->users.name[u], "email",
                      ds->users.email[u] ? json_string(ds->users.email[u]) : json_null());
    vo_live_release(r->srv, r->svc.org.id);
    if (rc)
        return rc;
    double lead_meeting = h.leads ? (double)h.meetings / (double)h.leads : NAN;
    double meeting_won = h.meetings ? (double)h.deals_won / (double)h.meetings : NAN;
    char pbuf[16];
    snprintf(pbuf, sizeof pbuf, "%04d-%02d", y, m);
    json_t *hist = json_pack("{s:o, s:o, s:I, s:I, s:I, s:I}", "from", month_text(y, m, -3), "to",
                             month_text(y, m, -1), "revenue", (json_int_t)h.revenue, "deals_won",
                             (json_int_t)h.deals_won, "meetings", (json_int_t)h.meetings, "leads",
                             (json_int_t)h.leads);
    json_t *conv = json_pack("{s:o, s:o}", "lead_to_meeting", opt_real(lead_meeting),
                             "meeting_to_won", opt_real(meeting_won));
    json_t *need = json_pack("{s:o, s:o, s:o}", "won", opt_int(f.won), "meetings",
                             opt_int(f.meetings), "leads", opt_int(f.leads));
    json_t *per_day =
        json_pack("{s:o, s:o, s:o}", "won", opt_real(f.won == VO_NULL ? NAN : f.won_per_day),
                  "meetings", opt_real(f.meetings == VO_NULL ? NAN : f.meetings_per_day), "leads",
                  opt_real(f.leads == VO_NULL ? NAN : f.leads_per_day));
    vo_req_json(r, 200,
                json_pack("{s:s, s:o, s:I, s:i, s:o, s:o, s:o, s:o, s:o}", "period", pbuf, "user",
                          user, "revenue", (json_int_t)revenue, "working_days", f.wd, "history",
                          hist, "avg_check", opt_int(f.avg_check), "conversion", conv, "need", need,
                          "per_day", per_day));
    return VO_OK;
}
