/*
 * bonus.c - bonus schemes and the month's payouts (bonus.h). The input is
 * the contract's JSON, checked member by member here (one place for the
 * CLI's file and the API's body); a version's tiers and KPIs are stored
 * as JSON arrays of integers ([[from_ppm, mult_ppm], ...] and [[metric,
 * min_ppm, bonus], ...]) and read back into analytics' terms for the
 * month asked. The maths is analytics/bonus.c.
 */
#include "service/bonus.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#include "base/money.h"
#include "base/timeutil.h"
#include "service/crm.h"

/* A non-negative decimal of at most 6 places, in millionths, lo..hi:
 * a JSON number (whose double is exactly the nearest to such a decimal,
 * or it is refused) or a text ("0.05"). */
static vo_err ppm_of(json_t *v, const char *field, int64_t lo, int64_t hi, int64_t *out,
                     struct vo_error *e)
{
    if (json_is_string(v)) {
        if (vo_money_parse(json_string_value(v), 6, out, field, NULL))
            return vo_error_set(e, VO_EINVAL, field, "%s is a number with at most 6 decimals",
                                field);
    } else if (json_is_number(v)) {
        double x = json_number_value(v);
        if (!(fabs(x) < 1e12) || (double)llround(x * 1e6) / 1e6 != x)
            return vo_error_set(e, VO_EINVAL, field, "%s is a number with at most 6 decimals",
                                field);
        *out = llround(x * 1e6);
    } else
        return vo_error_set(e, VO_EINVAL, field, "%s is a number with at most 6 decimals", field);
    if (*out < lo || *out > hi)
        return hi == VO_BONUS_PPM ? vo_error_set(e, VO_EINVAL, field, "%s is 0..1", field)
                                  : vo_error_set(e, VO_EINVAL, field, "%s is 0..10", field);
    return VO_OK;
}

/* Money in major units (a number or a text) into minor units,
 * 0..VO_AMOUNT_MAX. */
static vo_err money_of(struct vo_svc *svc, json_t *v, const char *field, int64_t *out,
                       struct vo_error *e)
{
    int d = svc->currency_digits;
    double scale = pow(10, d);
    if (json_is_string(v)) {
        if (vo_money_parse(json_string_value(v), d, out, field, e))
            return VO_EINVAL;
    } else if (json_is_number(v)) {
        double x = json_number_value(v);
        if (!(fabs(x) < 9e15) || (double)llround(x * scale) / scale != x)
            return vo_error_set(e, VO_EINVAL, field, "%s is an amount in major units", field);
        *out = llround(x * scale);
    } else
        return vo_error_set(e, VO_EINVAL, field, "%s is an amount in major units", field);
    if (*out < 0 || *out > VO_AMOUNT_MAX)
        return vo_error_set(e, VO_EINVAL, field, "%s is 0..10^15 minor units", field);
    return VO_OK;
}

/* A metric key of an additive metric (money only when money). */
static vo_err metric_of(json_t *v, const char *field, bool money, enum vo_metric *out,
                        struct vo_error *e)
{
    const struct vo_metric_def *m = json_is_string(v) ? vo_metric_find(json_string_value(v)) : NULL;
    if (!m || m->kind != VO_METRIC_ADDITIVE || (money && m->unit != VO_UNIT_MONEY))
        return money ? vo_error_set(e, VO_EINVAL, field, "%s is revenue or payments", field)
                     : vo_error_set(e, VO_EINVAL, field,
                                    "%s is an additive plan-fact metric (leads, calls, "
                                    "call_minutes, meetings, deals_won, revenue, payments, "
                                    "tasks_done, tasks_done_on_time)",
                                    field);
    *out = m->id;
    return VO_OK;
}

/* The members of the contract, checked. */
struct input {
    const char *name, *from_month;
    struct vo_bonus_version v;
    int64_t *users; /* ids */
    size_t nusers;
};

static const char *const MEMBERS[] = {"name", "base",  "commission", "tiers",
                                      "kpi",  "users", "from_month", NULL};

static bool member_known(const char *k)
{
    for (const char *const *m = MEMBERS; *m; m++)
        if (strcmp(*m, k) == 0)
            return true;
    return false;
}

/* The end of tiers_of and kpi_of: arr (taken) as compact JSON text in
 * svc->arena into *out, unless rc is an error already. */
static vo_err keep(struct vo_svc *svc, json_t *arr, vo_err rc, const char **out, struct vo_error *e)
{
    char *text = rc ? NULL : json_dumps(arr, JSON_COMPACT);
    json_decref(arr);
    if (!rc && !(*out = text ? vo_arena_strdup(svc->arena, text) : NULL))
        rc = vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    free(text);
    return rc;
}

/* Checks the tiers array v into the stored JSON text *out. */
static vo_err tiers_of(struct vo_svc *svc, json_t *v, const char **out, struct vo_error *e)
{
    if (v && !json_is_array(v))
        return vo_error_set(e, VO_EINVAL, "tiers", "tiers is a list of {from, multiplier}");
    if (json_array_size(v) > VO_BONUS_TIERS_MAX)
        return vo_error_set(e, VO_EINVAL, "tiers", "at most %d tiers", VO_BONUS_TIERS_MAX);
    json_t *arr = json_array();
    int64_t prev = -1;
    vo_err rc = VO_OK;
    for (size_t i = 0; !rc && i < json_array_size(v); i++) {
        json_t *t = json_array_get(v, i);
        const char *ff = vo_arena_printf(svc->arena, "tiers[%zu].from", i);
        const char *fm = vo_arena_printf(svc->arena, "tiers[%zu].multiplier", i);
        int64_t from = 0, mult = 0;
        if (!json_is_object(t))
            rc = vo_error_set(e, VO_EINVAL, "tiers", "tiers is a list of {from, multiplier}");
        else if (!(rc = ppm_of(json_object_get(t, "from"), ff, 0, 10 * VO_BONUS_PPM, &from, e)) &&
                 !(rc = ppm_of(json_object_get(t, "multiplier"), fm, 0, 10 * VO_BONUS_PPM, &mult,
                               e)) &&
                 from <= prev)
            rc = vo_error_set(e, VO_EINVAL, ff, "%s: the tiers' from must increase", ff);
        prev = from;
        if (!rc)
            json_array_append_new(arr, json_pack("[I, I]", (json_int_t)from, (json_int_t)mult));
    }
    return keep(svc, arr, rc, out, e);
}

/* Checks the kpi array v into the stored JSON text *out. */
static vo_err kpi_of(struct vo_svc *svc, json_t *v, const char **out, struct vo_error *e)
{
    if (v && !json_is_array(v))
        return vo_error_set(e, VO_EINVAL, "kpi", "kpi is a list of {metric, min_pct, bonus}");
    if (json_array_size(v) > VO_BONUS_KPI_MAX)
        return vo_error_set(e, VO_EINVAL, "kpi", "at most %d KPIs", VO_BONUS_KPI_MAX);
    json_t *arr = json_array();
    vo_err rc = VO_OK;
    for (size_t i = 0; !rc && i < json_array_size(v); i++) {
        json_t *k = json_array_get(v, i);
        enum vo_metric m = VO_M_CALLS;
        int64_t min = 0, bonus = 0;
        if (!json_is_object(k))
            rc = vo_error_set(e, VO_EINVAL, "kpi", "kpi is a list of {metric, min_pct, bonus}");
        else if (!(rc = metric_of(json_object_get(k, "metric"),
                                  vo_arena_printf(svc->arena, "kpi[%zu].metric", i), false, &m,
                                  e)) &&
                 !(rc = ppm_of(json_object_get(k, "min_pct"),
                               vo_arena_printf(svc->arena, "kpi[%zu].min_pct", i), 0,
                               10 * VO_BONUS_PPM, &min, e)))
            rc = money_of(svc, json_object_get(k, "bonus"),
                          vo_arena_printf(svc->arena, "kpi[%zu].bonus", i), &bonus, e);
        if (!rc)
            json_array_append_new(
                arr, json_pack("[s, I, I]", vo_metrics[m].key, (json_int_t)min, (json_int_t)bonus));
    }
    return keep(svc, arr, rc, out, e);
}

/* Checks in (the contract) into *x; name_needed for a scheme found by name. */
static vo_err input_of(struct vo_svc *svc, json_t *in, bool name_needed, struct input *x,
                       struct vo_error *e)
{
    const char *k;
    json_t *v;
    vo_err rc;
    memset(x, 0, sizeof *x);
    if (!json_is_object(in))
        return vo_error_set(e, VO_EINVAL, NULL, "a bonus scheme is a JSON object");
    json_object_foreach(in, k, v) if (!member_known(k)) return vo_error_set(
        e, VO_EINVAL, k, "unknown member \"%s\" of a bonus scheme", k);
    json_t *name = json_object_get(in, "name");
    if (name || name_needed) {
        x->name = json_string_value(name);
        if ((rc = vo_text_required(VO_TEXT_NAME, x->name, "name", e)))
            return rc;
        if (g_utf8_strlen(x->name, -1) > VO_BONUS_NAME_MAX)
            return vo_error_set(e, VO_EINVAL, "name", "name is 1..%d characters",
                                VO_BONUS_NAME_MAX);
    }
    int y, m;
    x->from_month = json_string_value(json_object_get(in, "from_month"));
    if (!x->from_month)
        return vo_error_set(e, VO_EINVAL, "from_month", "from_month is a month, YYYY-MM");
    if ((rc = vo_month_parse(x->from_month, &y, &m, "from_month", e)))
        return rc;
    x->v.from_month = vo_arena_printf(svc->arena, "%04d-%02d", y, m);
    json_t *base = json_object_get(in, "base");
    if ((rc = base ? money_of(svc, base, "base", &x->v.base, e) : VO_OK))
        return rc;
    json_t *c = json_object_get(in, "commission");
    if (!json_is_object(c))
        return vo_error_set(e, VO_EINVAL, "commission", "commission is {metric, rate}");
    enum vo_metric cm = VO_M_PAYMENTS;
    json_t *metric = json_object_get(c, "metric");
    if ((metric && (rc = metric_of(metric, "commission.metric", true, &cm, e))) ||
        (rc = ppm_of(json_object_get(c, "rate"), "commission.rate", 0, VO_BONUS_PPM, &x->v.rate_ppm,
                     e)) ||
        (rc = tiers_of(svc, json_object_get(in, "tiers"), &x->v.tiers, e)) ||
        (rc = kpi_of(svc, json_object_get(in, "kpi"), &x->v.kpi, e)))
        return rc;
    x->v.metric = vo_metrics[cm].key;
    json_t *users = json_object_get(in, "users");
    if (users && !json_is_array(users))
        return vo_error_set(e, VO_EINVAL, "users", "users is a list of e-mails");
    if (json_array_size(users) > VO_BONUS_USERS_MAX)
        return vo_error_set(e, VO_EINVAL, "users", "at most %d users", VO_BONUS_USERS_MAX);
    x->users = VO_ARENA_ARRAY(svc->arena, int64_t, json_array_size(users) + 1);
    if (!x->users)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < json_array_size(users); i++) {
        const char *email = json_string_value(json_array_get(users, i));
        const char *f = vo_arena_printf(svc->arena, "users[%zu]", i);
        struct vo_user u;
        if (!email || !strchr(email, '@') ||
            vo_store_user_find_email(svc->st, svc->org.id, email, svc->arena, &u, NULL))
            return vo_error_set(e, VO_EINVAL, f, "%s: no user with the e-mail \"%s\"", f,
                                email ? email : "");
        x->users[x->nusers++] = u.id;
    }
    return VO_OK;
}

static vo_err lead_only(struct vo_svc *svc, struct vo_error *e)
{
    return vo_crm_is_lead(svc)
               ? VO_OK
               : vo_error_set(e, VO_EPERM, NULL, "only an admin or the head manages bonus schemes");
}

vo_err vo_svc_bonus_set(struct vo_svc *svc, int64_t id, json_t *in, int64_t *out,
                        struct vo_error *e)
{
    struct input x;
    struct vo_bonus_scheme *all = NULL, s = {0};
    size_t n = 0;
    vo_err rc = lead_only(svc, e);
    if (rc || (rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = input_of(svc, in, id == 0, &x, e)) ||
        (rc = vo_store_bonus_scheme_list(svc->st, svc->org.id, svc->arena, &all, &n, e)))
        goto fail;
    for (size_t i = 0; i < n; i++)
        if (id ? all[i].id == id : strcmp(all[i].name, x.name) == 0)
            s = all[i];
    if (id && !s.id) {
        rc = vo_error_set(e, VO_ENOTFOUND, "id", "no bonus scheme %lld", (long long)id);
        goto fail;
    }
    if (!s.id) {
        s = (struct vo_bonus_scheme){.org_id = svc->org.id, .name = x.name, .created_at = vo_now()};
        rc = vo_store_bonus_scheme_insert(svc->st, &s, e);
    } else if (x.name && strcmp(x.name, s.name) != 0) {
        for (size_t i = 0; i < n; i++)
            if (all[i].id != s.id && strcmp(all[i].name, x.name) == 0) {
                rc = vo_error_set(e, VO_ECONFLICT, "name", "the org has a bonus scheme \"%s\"",
                                  x.name);
                goto fail;
            }
        rc = vo_store_bonus_scheme_rename(svc->st, svc->org.id, s.id, x.name, e);
        s.name = x.name;
    }
    if (rc)
        goto fail;
    x.v.org_id = svc->org.id;
    x.v.scheme_id = s.id;
    x.v.created_at = vo_now();
    if ((rc = vo_store_bonus_version_put(svc->st, &x.v, e)))
        goto fail;
    for (size_t i = 0; i < x.nusers; i++) {
        struct vo_bonus_assignment a = {.org_id = svc->org.id,
                                        .user_id = x.users[i],
                                        .scheme_id = s.id,
                                        .from_month = x.v.from_month,
                                        .created_at = x.v.created_at};
        if ((rc = vo_store_bonus_assign(svc->st, &a, e)))
            goto fail;
    }
    const char *detail = vo_arena_printf(svc->arena, "%s from %s", s.name, x.v.from_month);
    if ((rc = vo_crm_finish(svc, "bonus_scheme.set", "bonus_scheme", s.id, detail, e)))
        return rc;
    *out = s.id;
    return VO_OK;
fail:
    vo_store_rollback(svc->st);
    return rc;
}

/* ---- reading ---- */

static double major(struct vo_svc *svc, int64_t minor)
{
    return (double)minor / pow(10, svc->currency_digits);
}

/* A stored version as the contract's JSON (without name and users). */
static json_t *version_json(struct vo_svc *svc, const struct vo_bonus_version *v)
{
    json_t *tiers = json_array(), *kpi = json_array();
    json_t *st = json_loads(v->tiers, 0, NULL), *sk = json_loads(v->kpi, 0, NULL), *x;
    size_t i;
    json_array_foreach(st, i, x) json_array_append_new(
        tiers,
        json_pack("{s:f, s:f}", "from", (double)json_integer_value(json_array_get(x, 0)) / 1e6,
                  "multiplier", (double)json_integer_value(json_array_get(x, 1)) / 1e6));
    json_array_foreach(sk, i, x) json_array_append_new(
        kpi, json_pack("{s:s, s:f, s:f}", "metric", json_string_value(json_array_get(x, 0)),
                       "min_pct", (double)json_integer_value(json_array_get(x, 1)) / 1e6, "bonus",
                       major(svc, json_integer_value(json_array_get(x, 2)))));
    json_decref(st);
    json_decref(sk);
    return json_pack("{s:s, s:f, s:{s:s, s:f}, s:o, s:o}", "from_month", v->from_month, "base",
                     major(svc, v->base), "commission", "metric", v->metric, "rate",
                     (double)v->rate_ppm / 1e6, "tiers", tiers, "kpi", kpi);
}

/* The stored rows of the org's schemes. */
struct stored {
    struct vo_bonus_scheme *s;
    struct vo_bonus_version *v;
    struct vo_bonus_assignment *x;
    size_t ns, nv, nx;
};

static vo_err load(struct vo_svc *svc, struct stored *d, struct vo_error *e)
{
    memset(d, 0, sizeof *d);
    vo_err rc = vo_store_bonus_scheme_list(svc->st, svc->org.id, svc->arena, &d->s, &d->ns, e);
    if (!rc)
        rc = vo_store_bonus_version_list(svc->st, svc->org.id, svc->arena, &d->v, &d->nv, e);
    if (!rc)
        rc = vo_store_bonus_assignment_list(svc->st, svc->org.id, svc->arena, &d->x, &d->nx, e);
    return rc;
}

/* Whether assignment i is its user's latest (they are by user, month). */
static bool latest(const struct stored *d, size_t i)
{
    return i + 1 == d->nx || d->x[i + 1].user_id != d->x[i].user_id;
}

vo_err vo_svc_bonus_schemes(struct vo_svc *svc, int64_t id, json_t **out, struct vo_error *e)
{
    struct stored d;
    if (svc->actor_id && svc->actor_role == VO_ROLE_MANAGER)
        return vo_error_set(e, VO_EPERM, NULL,
                            "only an admin, the head or a viewer reads bonus "
                            "schemes");
    vo_err rc = load(svc, &d, e);
    if (rc)
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < d.ns; i++) {
        if (id && d.s[i].id != id)
            continue;
        json_t *versions = json_array(), *users = json_array();
        for (size_t k = 0; k < d.nv; k++)
            if (d.v[k].scheme_id == d.s[i].id)
                json_array_append_new(versions, version_json(svc, &d.v[k]));
        for (size_t k = 0; k < d.nx; k++) {
            struct vo_user u;
            if (d.x[k].scheme_id != d.s[i].id || !latest(&d, k) ||
                vo_store_user_get(svc->st, svc->org.id, d.x[k].user_id, svc->arena, &u, NULL))
                continue;
            json_array_append_new(users, json_pack("{s:I, s:s, s:s?, s:s}", "user_id",
                                                   (json_int_t)u.id, "name", u.name, "email",
                                                   u.email, "from_month", d.x[k].from_month));
        }
        json_array_append_new(items,
                              json_pack("{s:I, s:s, s:o, s:o}", "id", (json_int_t)d.s[i].id, "name",
                                        d.s[i].name, "versions", versions, "users", users));
    }
    if (id && json_array_size(items) == 0) {
        json_decref(items);
        return vo_error_set(e, VO_ENOTFOUND, "id", "no bonus scheme %lld", (long long)id);
    }
    if (id) {
        *out = json_incref(json_array_get(items, 0));
        json_decref(items);
    } else
        *out = json_pack("{s:o}", "items", items);
    return *out ? VO_OK : vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
}

/* The terms of a stored version (read back from its JSON texts). */
static vo_err terms_of(struct vo_svc *svc, const struct vo_bonus_version *v, const char *scheme,
                       struct vo_bonus_terms *t, struct vo_error *e)
{
    json_t *st = json_loads(v->tiers, 0, NULL), *sk = json_loads(v->kpi, 0, NULL);
    const struct vo_metric_def *m = vo_metric_find(v->metric);
    struct vo_bonus_tier *tiers =
        VO_ARENA_ARRAY(svc->arena, struct vo_bonus_tier, json_array_size(st) + 1);
    struct vo_bonus_kpi *kpi =
        VO_ARENA_ARRAY(svc->arena, struct vo_bonus_kpi, json_array_size(sk) + 1);
    vo_err rc = VO_OK;
    *t = (struct vo_bonus_terms){.scheme = scheme,
                                 .from_month = v->from_month,
                                 .base = v->base,
                                 .metric = m ? m->id : VO_M_PAYMENTS,
                                 .rate_ppm = v->rate_ppm,
                                 .tiers = tiers,
                                 .kpi = kpi};
    if (!tiers || !kpi)
        rc = vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; !rc && i < json_array_size(st); i++) {
        json_t *x = json_array_get(st, i);
        tiers[t->ntiers++] = (struct vo_bonus_tier){json_integer_value(json_array_get(x, 0)),
                                                    json_integer_value(json_array_get(x, 1))};
    }
    for (size_t i = 0; !rc && i < json_array_size(sk); i++) {
        json_t *x = json_array_get(sk, i);
        const struct vo_metric_def *km = vo_metric_find(json_string_value(json_array_get(x, 0)));
        if (km)
            kpi[t->nkpi++] = (struct vo_bonus_kpi){km->id, json_integer_value(json_array_get(x, 1)),
                                                   json_integer_value(json_array_get(x, 2))};
    }
    json_decref(st);
    json_decref(sk);
    return rc;
}

vo_err vo_svc_report_bonus(struct vo_svc *svc, const struct vo_report_query *q,
                           struct vo_bonus_result *out, struct vo_error *e)
{
    struct stored d;
    if (!q->period_given || strcmp(q->period_kind, "month") != 0)
        return vo_error_set(e, VO_EINVAL, "period", "the bonus is of a month: period=YYYY-MM");
    const char *month =
        vo_arena_printf(q->arena, "%04d-%02d", q->period.first.y, q->period.first.m);
    vo_err rc = load(svc, &d, e);
    if (rc)
        return rc;
    struct vo_bonus_who *who = VO_ARENA_ARRAY(q->arena, struct vo_bonus_who, d.nx + 1);
    if (!who)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    size_t n = 0;
    for (size_t i = 0; i < d.nx; i++) {
        /* the user's latest assignment of a month <= this one */
        if (strcmp(d.x[i].from_month, month) > 0 ||
            (i + 1 < d.nx && d.x[i + 1].user_id == d.x[i].user_id &&
             strcmp(d.x[i + 1].from_month, month) <= 0))
            continue;
        int32_t u = vo_ds_user_find(q->ds, d.x[i].user_id);
        if (u < 0 || (q->self >= 0 && u != q->self))
            continue;
        const struct vo_bonus_version *v = NULL; /* the scheme's latest version <= month */
        for (size_t k = 0; k < d.nv; k++)
            if (d.v[k].scheme_id == d.x[i].scheme_id && strcmp(d.v[k].from_month, month) <= 0)
                v = &d.v[k];
        const char *name = NULL;
        for (size_t k = 0; k < d.ns; k++)
            if (d.s[k].id == d.x[i].scheme_id)
                name = d.s[k].name;
        if (!v || !name)
            continue; /* no terms yet this month: nothing to pay by */
        struct vo_bonus_terms *t = VO_ARENA_ARRAY(q->arena, struct vo_bonus_terms, 1);
        if (!t)
            return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
        if ((rc = terms_of(svc, v, name, t, e)))
            return rc;
        who[n++] = (struct vo_bonus_who){u, t};
    }
    return vo_bonus_compute(q->ds, &q->period, q->as_of, who, n, q->arena, out, e);
}
