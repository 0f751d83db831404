/*
 * competitions.c - the competitions use cases (competitions.h): the rules
 * of who may do what, the checks of the input, the status from the org's
 * local date, the live standings through the leaderboard, and the fixing
 * of the final standings once a competition is over.
 */
#include "service/competitions.h"

#include <glib.h>
#include <string.h>

#include "analytics/calendar.h"
#include "analytics/leaderboard.h"
#include "base/timeutil.h"
#include "service/crm.h"

/* ---- rules ---- */

static vo_err lead_only(struct vo_svc *svc, struct vo_error *e)
{
    if (svc->actor_id == 0 || svc->actor_role == VO_ROLE_ADMIN || svc->actor_role == VO_ROLE_HEAD)
        return VO_OK;
    return vo_error_set(e, VO_EPERM, NULL, "only the head of sales or an admin runs competitions");
}

/* The org's local date of the instant now, as YYYY-MM-DD. */
static void today_of(const struct vo_dataset *ds, int64_t now, char out[16])
{
    vo_date_format(vo_cal_as_of_date(&ds->cal, now + 1), out, 16);
}

static const char *status_of(const struct vo_competition *c, const char *today)
{
    if (c->cancelled)
        return "cancelled";
    if (strcmp(today, c->first_day) < 0)
        return "upcoming";
    return strcmp(today, c->last_day) <= 0 ? "running" : "finished";
}

static const char *const STATUSES[] = {"upcoming", "running", "finished", "cancelled", NULL};

/* The period of c's dates (as stored: already checked). */
static vo_err period_of(const struct vo_dataset *ds, const struct vo_competition *c,
                        struct vo_period *p, struct vo_error *e)
{
    struct vo_date f, l;
    vo_err rc = vo_date_parse(c->first_day, &f, "first_day", e);
    if (!rc)
        rc = vo_date_parse(c->last_day, &l, "last_day", e);
    if (!rc)
        rc = vo_cal_range(&ds->cal, f, l, p, e);
    return rc;
}

/* Whether the actor sees a competition of these members: everyone but a
 * manager; a manager when they take part (as a user, or through their
 * team). */
static bool visible(struct vo_svc *svc, const struct vo_dataset *ds, const struct vo_competition *c,
                    const int64_t *members, size_t n)
{
    if (svc->actor_role != VO_ROLE_MANAGER || svc->actor_id == 0)
        return true;
    int64_t me = svc->actor_id;
    if (c->teams) {
        int32_t u = vo_ds_user_find(ds, me);
        if (u < 0 || ds->users.team[u] < 0)
            return false;
        me = ds->teams.id[ds->users.team[u]];
    }
    if (n == 0)
        return true;
    for (size_t i = 0; i < n; i++)
        if (members[i] == me)
            return true;
    return false;
}

/* ---- standings ---- */

/* The standings of c (members m[0..n)) as of as_of (clipped to the end of
 * its period) into out->rows. */
static vo_err standings(struct vo_svc *svc, const struct vo_dataset *ds,
                        const struct vo_competition *c, const int64_t *m, size_t n, int64_t as_of,
                        struct vo_lb_standing **rows, size_t *nrows, struct vo_error *e)
{
    const struct vo_metric_def *md = vo_metric_find(c->metric);
    if (!md)
        return vo_error_set(e, VO_EINVAL, "metric", "unknown metric \"%s\"", c->metric);
    struct vo_lb_query q = {.metric = md->id, .pct = c->pct, .teams = c->teams, .team = -1};
    vo_err rc = period_of(ds, c, &q.period, e);
    if (rc)
        return rc;
    q.as_of = as_of < q.period.end ? as_of : q.period.end;
    int32_t *only = vo_arena_array(svc->arena, n + 1, sizeof *only);
    if (!only)
        return vo_error_set(e, VO_ENOMEM, "competition", "out of memory");
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int32_t ix = c->teams ? vo_ds_team_find(ds, m[i]) : vo_ds_user_find(ds, m[i]);
        if (ix >= 0)
            only[k++] = ix;
    }
    if (n > 0 && k == 0)
        only[k++] = -2; /* participants named, none left in the data: nobody */
    q.only = only;
    q.nonly = k;
    struct vo_lb lb;
    if ((rc = vo_lb_compute(ds, &q, svc->arena, &lb, e)))
        return rc;
    struct vo_lb_standing *v = vo_arena_array(svc->arena, lb.n + 1, sizeof *v);
    if (!v)
        return vo_error_set(e, VO_ENOMEM, "competition", "out of memory");
    for (size_t i = 0; i < lb.n; i++) {
        int32_t ix = lb.rows[i].index;
        v[i] =
            (struct vo_lb_standing){lb.rows[i].rank, c->teams ? ds->teams.id[ix] : ds->users.id[ix],
                                    lb.rows[i].name, lb.rows[i].value};
    }
    *rows = v;
    *nrows = lb.n;
    return VO_OK;
}

/* Freezes the final standings of competition id when it is over and not
 * fixed yet: one transaction (the row read again inside it, so two
 * readers cannot fix it twice) with an audit row by the system. */
static vo_err fix(struct vo_svc *svc, const struct vo_dataset *ds, int64_t id, int64_t now,
                  struct vo_error *e)
{
    struct vo_competition c;
    int64_t *m = NULL;
    size_t n = 0, nrows = 0;
    struct vo_lb_standing *rows = NULL;
    char today[16];
    today_of(ds, now, today);
    vo_err rc = vo_store_begin(svc->st, e);
    if (rc)
        return rc;
    if ((rc = vo_store_competition_get(svc->st, svc->org.id, id, svc->arena, &c, e)))
        goto fail;
    if (c.fixed_at != VO_NULL || strcmp(status_of(&c, today), "finished") != 0) {
        vo_store_rollback(svc->st);
        return VO_OK;
    }
    if ((rc = vo_store_competition_members(svc->st, svc->org.id, id, svc->arena, &m, &n, e)) ||
        (rc = standings(svc, ds, &c, m, n, INT64_MAX, &rows, &nrows, e)))
        goto fail;
    for (size_t i = 0; i < nrows; i++) {
        struct vo_competition_result r = {rows[i].rank, rows[i].member_id, rows[i].name,
                                          rows[i].value};
        if ((rc = vo_store_competition_result_add(svc->st, svc->org.id, id, (int64_t)i, &r, e)))
            goto fail;
    }
    c.fixed_at = now;
    if ((rc = vo_store_competition_update(svc->st, &c, -1, e)) ||
        (rc = vo_store_audit(svc->st, svc->org.id, 0, "competition.finish", "competition", id,
                             c.name, e)) ||
        (rc = vo_store_commit(svc->st, e)))
        goto fail;
    return VO_OK;
fail:
    vo_store_rollback(svc->st);
    return rc;
}

/* Reads the rest of c into out: its members (VO_ENOTFOUND when the actor
 * does not see it), its status and its standings (fixing them first when
 * it is over; live ones as of as_of). */
static vo_err complete(struct vo_svc *svc, const struct vo_dataset *ds,
                       const struct vo_competition *c, int64_t now, int64_t as_of,
                       struct vo_comp *out, struct vo_error *e)
{
    char today[16];
    today_of(ds, now, today);
    *out = (struct vo_comp){.c = *c, .status = status_of(c, today)};
    vo_err rc = vo_store_competition_members(svc->st, svc->org.id, c->id, svc->arena, &out->members,
                                             &out->nmembers, e);
    if (rc)
        return rc;
    if (!visible(svc, ds, c, out->members, out->nmembers))
        return vo_error_set(e, VO_ENOTFOUND, "id", "no competition %lld", (long long)c->id);
    if (strcmp(out->status, "running") == 0)
        return standings(svc, ds, c, out->members, out->nmembers, as_of, &out->rows, &out->nrows,
                         e);
    if (strcmp(out->status, "finished") != 0)
        return VO_OK;
    if (c->fixed_at == VO_NULL) {
        if ((rc = fix(svc, ds, c->id, now, e)) ||
            (rc = vo_store_competition_get(svc->st, svc->org.id, c->id, svc->arena, &out->c, e)))
            return rc;
    }
    struct vo_competition_result *r = NULL;
    size_t n = 0;
    if ((rc = vo_store_competition_results(svc->st, svc->org.id, c->id, svc->arena, &r, &n, e)))
        return rc;
    out->rows = vo_arena_array(svc->arena, n + 1, sizeof *out->rows);
    if (!out->rows)
        return vo_error_set(e, VO_ENOMEM, "competition", "out of memory");
    for (size_t i = 0; i < n; i++)
        out->rows[i] = (struct vo_lb_standing){r[i].rank, r[i].member_id, r[i].name, r[i].value};
    out->nrows = n;
    out->final = true;
    return VO_OK;
}

/* ---- reads ---- */

vo_err vo_svc_competition_list(struct vo_svc *svc, const struct vo_dataset *ds, const char *status,
                               int64_t now, struct vo_comp **out, size_t *n, struct vo_error *e)
{
    if (status) {
        size_t i = 0;
        while (STATUSES[i] && strcmp(STATUSES[i], status) != 0)
            i++;
        if (!STATUSES[i])
            return vo_error_set(e, VO_EINVAL, "status",
                                "status is one of: upcoming, running, finished, cancelled");
    }
    struct vo_competition *v = NULL;
    size_t nv = 0;
    vo_err rc =
        vo_store_competition_list(svc->st, svc->org.id, VO_COMP_LIST_MAX, svc->arena, &v, &nv, e);
    if (rc)
        return rc;
    struct vo_comp *res = vo_arena_array(svc->arena, nv + 1, sizeof *res);
    if (!res)
        return vo_error_set(e, VO_ENOMEM, "competition", "out of memory");
    char today[16];
    today_of(ds, now, today);
    size_t k = 0;
    for (size_t i = 0; i < nv; i++) {
        if (status && strcmp(status_of(&v[i], today), status) != 0)
            continue;
        rc = complete(svc, ds, &v[i], now, now + 1, &res[k], e);
        if (rc == VO_ENOTFOUND)
            continue; /* not the actor's to see */
        if (rc)
            return rc;
        k++;
    }
    *out = res;
    *n = k;
    return VO_OK;
}

vo_err vo_svc_competition_get(struct vo_svc *svc, const struct vo_dataset *ds, int64_t id,
                              int64_t now, struct vo_comp *out, struct vo_error *e)
{
    struct vo_competition c;
    vo_err rc = vo_store_competition_get(svc->st, svc->org.id, id, svc->arena, &c, e);
    return rc ? rc : complete(svc, ds, &c, now, now + 1, out, e);
}

vo_err vo_svc_competitions_active(struct vo_svc *svc, const struct vo_dataset *ds, int64_t as_of,
                                  size_t top, struct vo_comp **out, size_t *n, struct vo_error *e)
{
    struct vo_comp *all = NULL;
    size_t nall = 0;
    /* running at the local date of as_of: "now" is its last counted instant */
    vo_err rc = vo_svc_competition_list(svc, ds, "running", as_of - 1, &all, &nall, e);
    if (rc)
        return rc;
    for (size_t i = 0; top && i < nall; i++)
        if (all[i].nrows > top)
            all[i].nrows = top;
    *out = all;
    *n = nall;
    return VO_OK;
}

vo_err vo_svc_competitions_fix_due(struct vo_svc *svc, const struct vo_dataset *ds, int64_t now,
                                   size_t *fixed, struct vo_error *e)
{
    struct vo_competition *v = NULL;
    size_t nv = 0;
    char today[16];
    today_of(ds, now, today);
    *fixed = 0;
    vo_err rc =
        vo_store_competition_list(svc->st, svc->org.id, VO_COMP_LIST_MAX, svc->arena, &v, &nv, e);
    for (size_t i = 0; !rc && i < nv; i++)
        if (v[i].fixed_at == VO_NULL && strcmp(status_of(&v[i], today), "finished") == 0) {
            rc = fix(svc, ds, v[i].id, now, e);
            *fixed += !rc;
        }
    return rc;
}

vo_err vo_svc_competition_orgs_due(struct vo_store *st, int64_t now, struct vo_arena *a,
                                   int64_t **orgs, size_t *n, struct vo_error *e)
{
    GDateTime *t = g_date_time_new_from_unix_utc(now + 86400);
    char *day = t ? g_date_time_format(t, "%Y-%m-%d") : NULL;
    vo_err rc = day ? vo_store_competition_orgs_due(st, day, a, orgs, n, e)
                    : vo_error_set(e, VO_EINVAL, "now", "%s is required", "now");
    g_free(day);
    if (t)
        g_date_time_unref(t);
    return rc;
}

/* ---- writes ---- */

static int cmp_i64(const void *pa, const void *pb)
{
    int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
    return (a > b) - (a < b);
}

/* Checks c (merged from the input) and the members m[0..n) (sorted here,
 * duplicates dropped: *n updated) against the bounds. */
static vo_err check(const struct vo_dataset *ds, struct vo_competition *c, int64_t *m, size_t *n,
                    struct vo_error *e)
{
    vo_err rc;
    struct vo_date f, l;
    if ((rc = vo_text_required(VO_TEXT_NAME, c->name, "name", e)) ||
        (rc = vo_text_check(VO_TEXT_TITLE, c->prize, "prize", e)) ||
        (rc = vo_text_check(VO_TEXT_NOTE, c->rules, "rules", e)))
        return rc;
    if (!c->metric || !*c->metric)
        return vo_error_set(e, VO_EINVAL, "metric", "%s is required", "metric");
    if (!vo_metric_find(c->metric))
        return vo_error_set(e, VO_EINVAL, "metric", "unknown metric \"%s\"", c->metric);
    if (!c->first_day)
        return vo_error_set(e, VO_EINVAL, "first_day", "%s is required", "first_day");
    if (!c->last_day)
        return vo_error_set(e, VO_EINVAL, "last_day", "%s is required", "last_day");
    if ((rc = vo_date_parse(c->first_day, &f, "first_day", e)) ||
        (rc = vo_date_parse(c->last_day, &l, "last_day", e)))
        return rc;
    GDate *gf = g_date_new_dmy((GDateDay)f.d, (GDateMonth)f.m, (GDateYear)f.y);
    GDate *gl = g_date_new_dmy((GDateDay)l.d, (GDateMonth)l.m, (GDateYear)l.y);
    int days = g_date_days_between(gf, gl) + 1;
    g_date_free(gf);
    g_date_free(gl);
    if (days < 1)
        return vo_error_set(e, VO_EINVAL, "last_day", "last_day is before first_day");
    if (days > VO_COMP_MAX_DAYS)
        return vo_error_set(e, VO_EINVAL, "last_day", "a competition lasts at most %d days",
                            VO_COMP_MAX_DAYS);
    if (*n > VO_COMP_MAX_MEMBERS)
        return vo_error_set(e, VO_EINVAL, "participants", "at most %d participants",
                            VO_COMP_MAX_MEMBERS);
    if (*n == 0)
        return VO_OK;
    if (!m)
        return vo_error_set(e, VO_ENOMEM, "participants", "out of memory");
    qsort(m, *n, sizeof *m, cmp_i64);
    size_t k = 0;
    for (size_t i = 0; i < *n; i++) {
        if (k && m[k - 1] == m[i])
            continue;
        if (c->teams && vo_ds_team_find(ds, m[i]) < 0)
            return vo_error_set(e, VO_EINVAL, "participants",
                                "participants: %lld is not a team of the org", (long long)m[i]);
        if (!c->teams && vo_ds_user_find(ds, m[i]) < 0)
            return vo_error_set(e, VO_EINVAL, "participants",
                                "participants: %lld is not a user of the org", (long long)m[i]);
        m[k++] = m[i];
    }
    *n = k;
    return VO_OK;
}

/* Copies the given members into the arena (the caller's stay theirs). */
static int64_t *members_copy(struct vo_svc *svc, const struct vo_comp_input *in)
{
    int64_t *m = vo_arena_array(svc->arena, in->nmembers + 1, sizeof *m);
    if (m && in->nmembers)
        memcpy(m, in->members, in->nmembers * sizeof *m);
    return m;
}

static void merge(struct vo_competition *c, const struct vo_comp_input *in)
{
    if (in->name)
        c->name = in->name;
    if (in->metric)
        c->metric = in->metric;
    if (in->first_day)
        c->first_day = in->first_day;
    if (in->last_day)
        c->last_day = in->last_day;
    if (in->prize)
        c->prize = in->prize;
    if (in->rules)
        c->rules = in->rules;
    if (in->pct)
        c->pct = *in->pct;
    if (in->teams)
        c->teams = *in->teams;
}

vo_err vo_svc_competition_create(struct vo_svc *svc, const struct vo_dataset *ds,
                                 const struct vo_comp_input *in, int64_t *id, struct vo_error *e)
{
    vo_err rc = lead_only(svc, e);
    if (rc)
        return rc;
    struct vo_competition c = {.org_id = svc->org.id,
                               .prize = "",
                               .rules = "",
                               .fixed_at = VO_NULL,
                               .created_by = svc->actor_id,
                               .created_at = vo_now()};
    merge(&c, in);
    int64_t *m = members_copy(svc, in);
    size_t n = in->nmembers;
    if (!m)
        return vo_error_set(e, VO_ENOMEM, "competition", "out of memory");
    if ((rc = check(ds, &c, m, &n, e)) || (rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = vo_store_competition_insert(svc->st, &c, e)) ||
        (rc = vo_store_competition_members_set(svc->st, svc->org.id, c.id, m, n, e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    if ((rc = vo_crm_finish(svc, "competition.create", "competition", c.id, c.name, e)))
        return rc;
    *id = c.id;
    return VO_OK;
}

/* Begins a change of competition id, read into *c: refused once it is
 * over (its winners are, or are about to be, fixed) or cancelled. On a
 * failure the transaction is rolled back. */
static vo_err begin_change(struct vo_svc *svc, const struct vo_dataset *ds, int64_t id, int64_t now,
                           struct vo_competition *c, struct vo_error *e)
{
    char today[16];
    today_of(ds, now, today);
    vo_err rc = lead_only(svc, e);
    if (rc || (rc = vo_store_begin(svc->st, e)))
        return rc;
    rc = vo_store_competition_get(svc->st, svc->org.id, id, svc->arena, c, e);
    if (!rc) {
        const char *s = status_of(c, today);
        if (strcmp(s, "finished") == 0 || strcmp(s, "cancelled") == 0)
            rc = vo_error_set(e, VO_ECONFLICT, "id",
                              "a finished or cancelled competition cannot be changed");
    }
    if (rc)
        vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_competition_update(struct vo_svc *svc, const struct vo_dataset *ds, int64_t id,
                                 const struct vo_comp_input *in, const int64_t *version,
                                 struct vo_error *e)
{
    struct vo_competition c;
    int64_t *m = NULL;
    size_t n = 0;
    vo_err rc = begin_change(svc, ds, id, vo_now(), &c, e);
    if (rc)
        return rc;
    bool teams_before = c.teams;
    merge(&c, in);
    if (in->members_given) {
        m = members_copy(svc, in);
        n = in->nmembers;
    } else if (c.teams != teams_before) {
        /* users and teams are different ids: a change of kind needs them */
        rc = vo_error_set(e, VO_EINVAL, "participants", "%s is required", "participants");
        goto fail;
    } else {
        rc = vo_store_competition_members(svc->st, svc->org.id, id, svc->arena, &m, &n, e);
    }
    if (!rc && !m && in->members_given)
        rc = vo_error_set(e, VO_ENOMEM, "competition", "out of memory");
    if (rc)
        goto fail;
    if ((rc = check(ds, &c, m, &n, e)) ||
        (rc = vo_store_competition_update(svc->st, &c, version ? *version : -1, e)) ||
        (in->members_given &&
         (rc = vo_store_competition_members_set(svc->st, svc->org.id, id, m, n, e))))
        goto fail;
    return vo_crm_finish(svc, "competition.update", "competition", id, c.name, e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_competition_cancel(struct vo_svc *svc, const struct vo_dataset *ds, int64_t id,
                                 const int64_t *version, struct vo_error *e)
{
    struct vo_competition c;
    vo_err rc = begin_change(svc, ds, id, vo_now(), &c, e);
    if (rc)
        return rc;
    c.cancelled = true;
    if ((rc = vo_store_competition_update(svc->st, &c, version ? *version : -1, e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    return vo_crm_finish(svc, "competition.cancel", "competition", id, c.name, e);
}
