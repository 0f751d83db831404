/*
 * api_config.c - the org's configuration: teams, products, pipelines with
 * their stages, the holiday calendar, the org's own settings, and the audit
 * log. Everyone signed in reads teams, products, pipelines and holidays
 * (the pipeline board and the calendar need them); only an admin changes
 * them; the audit log is for admins and heads.
 *
 * Money is in minor units (integers) in and out; dates are "YYYY-MM-DD";
 * instants are ISO 8601 in the org's zone. Every write goes through a use
 * case of service/config.h and every read through service/org_reads.h;
 * this file only reads the request and shapes the answer.
 */
#include "http/api.h"

#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "base/timeutil.h"
#include "http/paging.h"
#include "service/config.h"
#include "service/org_reads.h"

/* ---- teams ---- */

static json_t *team_json(struct vo_req *r, const void *x)
{
    const struct vo_team *t = x;
    (void)r;
    return json_pack("{s:I, s:s}", "id", (json_int_t)t->id, "name", t->name);
}

VO_API_LIST(api_teams_list, struct vo_team, vo_svc_team_list, team_json)

/* Reads the body {"name": ...} (required) and creates *name with create
 * (a team or a pipeline; *id the new one's). */
static vo_err create_named(struct vo_req *r,
                           vo_err (*create)(struct vo_svc *, const char *, int64_t *,
                                            struct vo_error *),
                           const char **name, int64_t *id)
{
    static const char *const fields[] = {"name", NULL};
    if (vo_req_body_fields(r, fields) || vo_req_str(r, "name", true, name))
        return VO_EINVAL;
    return create(&r->svc, *name, id, &r->err);
}

vo_err api_teams_create(struct vo_req *r)
{
    const char *name = NULL;
    int64_t id = 0;
    vo_err rc = create_named(r, vo_svc_team_create, &name, &id);
    if (rc)
        return rc;
    vo_req_json(r, 201, team_json(r, &(struct vo_team){.id = id, .name = name}));
    return VO_OK;
}

vo_err vo_req_id_rename(struct vo_req *r,
                        vo_err (*rename)(struct vo_svc *, int64_t, const char *, struct vo_error *),
                        int64_t *id, const char **name)
{
    static const char *const fields[] = {"name", NULL};
    vo_err rc = vo_req_id(r, 0, id);
    if (rc)
        return rc;
    if (vo_req_body_fields(r, fields) || vo_req_str(r, "name", true, name))
        return VO_EINVAL;
    return rename(&r->svc, *id, *name, &r->err);
}

vo_err api_teams_update(struct vo_req *r)
{
    int64_t id = 0;
    const char *name = NULL;
    vo_err rc = vo_req_id_rename(r, vo_svc_team_rename, &id, &name);
    if (rc)
        return rc;
    vo_req_json(r, 200, team_json(r, &(struct vo_team){.id = id, .name = name}));
    return VO_OK;
}

/* ---- products ---- */

static json_t *product_json(struct vo_req *r, const void *x)
{
    const struct vo_product *p = x;
    (void)r;
    return json_pack("{s:I, s:s?, s:s, s:s?, s:o}", "id", (json_int_t)p->id, "ext_id", p->ext_id,
                     "name", p->name, "category", p->category, "price",
                     p->price == VO_NULL ? json_null() : json_integer(p->price));
}

VO_API_LIST(api_products_list, struct vo_product, vo_svc_product_list, product_json)

VO_API_GET(api_products_get, struct vo_product, vo_svc_product_get, product_json)

/* Reads name, category, price over p (absent fields keep p's values). */
static vo_err product_fields(struct vo_req *r, struct vo_product *p, bool create)
{
    static const char *const fields[] = {"name", "category", "price", NULL};
    const char *name = NULL, *category = NULL;
    int64_t price = 0;
    enum vo_req_has has_price = VO_REQ_ABSENT;
    if (vo_req_body_fields(r, fields) || vo_req_str(r, "name", create, &name) ||
        vo_req_str(r, "category", false, &category) ||
        vo_req_int(r, "price", false, &price, &has_price))
        return VO_EINVAL;
    if (json_is_null(json_object_get(r->body, "name")))
        return vo_error_set(&r->err, VO_EINVAL, "name", "a product needs a name");
    if (name)
        p->name = name;
    if (json_object_get(r->body, "category"))
        p->category = category;
    /* a price given is a price (bounded here, where it is still told from
     * "none"); null clears it */
    if (has_price == VO_REQ_VALUE && vo_num_check(VO_NUM_AMOUNT, price, "price", &r->err))
        return VO_EINVAL;
    if (has_price != VO_REQ_ABSENT)
        p->price = has_price == VO_REQ_VALUE ? price : VO_NULL;
    return VO_OK;
}

vo_err api_products_create(struct vo_req *r)
{
    struct vo_product p = {.price = VO_NULL};
    vo_err rc = product_fields(r, &p, true);
    if (rc || (rc = vo_svc_product_create(&r->svc, &p, &r->err)))
        return rc;
    vo_req_json(r, 201, product_json(r, &p));
    return VO_OK;
}

vo_err api_products_update(struct vo_req *r)
{
    struct vo_product p = {0};
    vo_err rc = vo_req_id(r, 0, &p.id);
    if (rc || (rc = vo_svc_product_get(&r->svc, p.id, &p, &r->err)) ||
        (rc = product_fields(r, &p, false)) || (rc = vo_svc_product_update(&r->svc, &p, &r->err)) ||
        (rc = vo_svc_product_get(&r->svc, p.id, &p, &r->err)))
        return rc;
    vo_req_json(r, 200, product_json(r, &p));
    return VO_OK;
}

/* ---- pipelines and stages ---- */

json_t *vo_api_stage_json(const struct vo_stage *s)
{
    return json_pack("{s:I, s:I, s:s, s:i, s:o}", "id", (json_int_t)s->id, "pipeline_id",
                     (json_int_t)s->pipeline_id, "name", s->name, "position", s->position,
                     "max_days", s->max_days == VO_NULL ? json_null() : json_integer(s->max_days));
}

static json_t *pipeline_json(struct vo_req *r, const void *x)
{
    const struct vo_pipeline_info *p = x;
    (void)r;
    json_t *stages = json_array();
    for (size_t i = 0; i < p->nstages; i++)
        json_array_append_new(stages, vo_api_stage_json(&p->stages[i]));
    return json_pack("{s:I, s:s, s:o}", "id", (json_int_t)p->p.id, "name", p->p.name, "stages",
                     stages);
}

/* Not VO_API_LIST: the answer also says no_pipeline, the board's empty
 * state (an org made with `voronka init --empty`). */
vo_err api_pipelines_list(struct vo_req *r)
{
    struct vo_pipeline_info *v = NULL;
    size_t n = 0;
    vo_err rc = vo_svc_pipeline_list(&r->svc, &v, &n, &r->err);
    if (rc)
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, pipeline_json(r, &v[i]));
    vo_req_json(r, 200, json_pack("{s:o, s:b}", "items", items, "no_pipeline", n == 0));
    return VO_OK;
}

/* A pipeline with its stages as the routes answer it (api.h; also
 * api_setup.c's). */
VO_API_RESPOND(respond_pipeline, struct vo_pipeline_info, vo_svc_pipeline_get, pipeline_json)

vo_err vo_respond_pipeline(struct vo_req *r, int64_t id, unsigned status)
{
    return respond_pipeline(r, id, status);
}

vo_err api_pipelines_create(struct vo_req *r)
{
    const char *name = NULL;
    int64_t id = 0;
    vo_err rc = create_named(r, vo_svc_pipeline_create, &name, &id);
    return rc ? rc : vo_respond_pipeline(r, id, 201);
}

/* An optional number of the body bounded as kind k (model.h): *has says
 * whether and how it is given, *out is the number when it is one (0 else);
 * it is bounded here, where a number is still told from "none". */
static vo_err bounded_field(struct vo_req *r, const char *name, enum vo_num k, enum vo_req_has *has,
                            int64_t *out)
{
    *has = VO_REQ_ABSENT;
    *out = 0;
    if (vo_req_int(r, name, false, out, has) ||
        (*has == VO_REQ_VALUE && vo_num_check(k, *out, name, &r->err)))
        return VO_EINVAL;
    if (*has != VO_REQ_VALUE)
        *out = 0;
    return VO_OK;
}

/* POST /pipelines/{id}/stages (create) and PATCH /stages/{id}: the body's
 * name (required to create, never null), position and max_days. */
static vo_err stage_write(struct vo_req *r, bool create)
{
    static const char *const fields[] = {"name", "position", "max_days", NULL};
    int64_t id = 0, pos = 0, max_days = 0, added = 0;
    const char *name = NULL;
    enum vo_req_has has_pos, has_max;
    vo_err rc = vo_req_id(r, 0, &id); /* the pipeline's (create) or the stage's */
    if (rc)
        return rc;
    /* position: 0 when absent or null (at the end, or where it is);
     * max_days: VO_NULL when absent or null (no limit) */
    if (vo_req_body_fields(r, fields) || vo_req_str(r, "name", create, &name) ||
        bounded_field(r, "position", VO_NUM_POSITION, &has_pos, &pos) ||
        bounded_field(r, "max_days", VO_NUM_MAX_DAYS, &has_max, &max_days))
        return VO_EINVAL;
    if (has_max != VO_REQ_VALUE)
        max_days = VO_NULL;
    if (create) {
        rc = vo_svc_stage_add(&r->svc, id, name, (int)pos, max_days, &added, &r->err);
        return rc ? rc : vo_respond_pipeline(r, id, 201);
    }
    if (json_is_null(json_object_get(r->body, "name")))
        return vo_error_set(&r->err, VO_EINVAL, "name", "a stage needs a name");
    struct vo_stage sg;
    if ((rc = vo_svc_stage_update(&r->svc, id, name, (int)pos, has_max != VO_REQ_ABSENT, max_days,
                                  &r->err)) ||
        (rc = vo_svc_stage_get(&r->svc, id, &sg, &r->err)))
        return rc;
    return vo_respond_pipeline(r, sg.pipeline_id, 200);
}

vo_err api_stages_create(struct vo_req *r)
{
    return stage_write(r, true);
}

vo_err api_stages_update(struct vo_req *r)
{
    return stage_write(r, false);
}

/* ---- holidays ---- */

static json_t *holiday_json(struct vo_req *r, const void *x)
{
    const struct vo_holiday *h = x;
    (void)r;
    char date[16];
    vo_date_format((struct vo_date){h->y, h->m, h->d}, date, sizeof date);
    return json_pack("{s:I, s:s, s:s, s:s?}", "id", (json_int_t)h->id, "date", date, "kind",
                     vo_day_kind_name(h->kind), "name", h->name);
}

vo_err api_holidays_list(struct vo_req *r)
{
    const char *ys = vo_req_query(r, "year");
    int year = 0;
    if (ys) {
        char *end = NULL;
        long v = strtol(ys, &end, 10);
        if (!*ys || *end || v < VO_YEAR_MIN || v > VO_YEAR_MAX)
            return vo_error_set(&r->err, VO_EINVAL, "year", "year is %d..%d", VO_YEAR_MIN,
                                VO_YEAR_MAX);
        year = (int)v;
    }
    struct vo_holiday *v = NULL;
    size_t n = 0;
    vo_err rc = vo_svc_holiday_list(&r->svc, year, &v, &n, &r->err);
    return rc ? rc : vo_req_items(r, v, n, sizeof *v, holiday_json);
}

vo_err api_holidays_create(struct vo_req *r)
{
    static const char *const fields[] = {"date", "kind", "name", NULL};
    const char *date = NULL, *kind = NULL, *name = NULL;
    if (vo_req_body_fields(r, fields) || vo_req_str(r, "date", true, &date) ||
        vo_req_str(r, "kind", false, &kind) || vo_req_str(r, "name", false, &name))
        return VO_EINVAL;
    struct vo_date d;
    struct vo_holiday h = {.kind = VO_DAY_HOLIDAY, .name = name};
    if (vo_date_parse(date, &d, "date", &r->err) ||
        (kind && vo_day_kind_parse(kind, &h.kind, "kind", &r->err)))
        return VO_EINVAL;
    h.y = d.y;
    h.m = d.m;
    h.d = d.d;
    bool created = false;
    vo_err rc = vo_svc_holiday_set(&r->svc, &h, &created, &r->err);
    if (rc)
        return rc;
    vo_req_json(r, created ? 201 : 200, holiday_json(r, &h));
    return VO_OK;
}

vo_err api_holidays_delete(struct vo_req *r)
{
    return vo_req_id_act(r, vo_svc_holiday_delete, "deleted");
}

/* ---- the org ---- */

static json_t *org_json(struct vo_req *r)
{
    const struct vo_org *o = &r->svc.org;
    json_t *settings = json_loads(o->settings ? o->settings : "{}", 0, NULL);
    if (!json_is_object(settings)) {
        json_decref(settings);
        settings = json_object();
    }
    /* currency_digits: every amount of the API is in minor units; the web
     * divides by 10^currency_digits (JPY 0, RUB 2, KWD 3) */
    return json_pack("{s:I, s:s, s:s, s:s, s:i, s:o, s:o}", "id", (json_int_t)o->id, "name",
                     o->name, "tz", o->tz, "currency", o->currency, "currency_digits",
                     vo_currency_digits(o->currency), "settings", settings, "created_at",
                     vo_json_time(r, o->created_at));
}

vo_err api_org_get(struct vo_req *r)
{
    vo_req_json(r, 200, org_json(r));
    return VO_OK;
}

vo_err api_org_update(struct vo_req *r)
{
    static const char *const fields[] = {"name", "tz", "currency", "settings", NULL};
    const char *name = NULL, *tz = NULL, *currency = NULL, *settings = NULL;
    if (vo_req_body_fields(r, fields) || vo_req_str(r, "name", false, &name) ||
        vo_req_str(r, "tz", false, &tz) || vo_req_str(r, "currency", false, &currency))
        return VO_EINVAL;
    json_t *patch = json_object_get(r->body, "settings");
    if (patch) {
        if (!json_is_object(patch))
            return vo_error_set(&r->err, VO_EINVAL, "settings", "settings is a JSON object");
        /* The keys given replace the stored ones; the others are kept. */
        json_t *cur = json_loads(r->svc.org.settings ? r->svc.org.settings : "{}", 0, NULL);
        if (!json_is_object(cur)) {
            json_decref(cur);
            cur = json_object();
        }
        json_object_update(cur, patch);
        char *text = json_dumps(cur, JSON_COMPACT | JSON_SORT_KEYS);
        json_decref(cur);
        if (!text)
            return vo_error_set(&r->err, VO_ENOMEM, NULL, "out of memory");
        settings = vo_arena_strdup(&r->arena, text);
        free(text);
    }
    vo_err rc = vo_svc_org_update(&r->svc, name, tz, currency, settings, &r->err);
    if (rc)
        return rc;
    vo_req_json(r, 200, org_json(r));
    return VO_OK;
}

/* ---- the audit log ---- */

/* A day bound of the org's calendar: the start of the day (+1 day when
 * next), or VO_NULL when the parameter is absent. */
static vo_err day_param(struct vo_req *r, const char *name, bool next, int64_t *out)
{
    const char *s = vo_req_query(r, name);
    *out = VO_NULL;
    if (!s)
        return VO_OK;
    struct vo_date d;
    if (vo_date_parse(s, &d, name, &r->err))
        return VO_EINVAL;
    *out = vo_date_start(r->svc.tz, next ? vo_date_add_days(d, 1) : d);
    return VO_OK;
}

vo_err api_audit_list(struct vo_req *r)
{
    static const char *const sorts[] = {"id", NULL};
    struct vo_page pg;
    vo_err rc = vo_page_parse(r, sorts, &pg);
    if (rc)
        return rc;
    struct vo_audit_filter f = {.action = vo_req_query(r, "action"),
                                .desc = pg.desc || !vo_req_query(r, "sort"),
                                .after_id = pg.has_cursor ? pg.after_id : 0,
                                .limit = pg.limit + 1};
    if (f.action && !*f.action)
        f.action = NULL;
    const char *who = vo_req_query(r, "user");
    if (who && *who) {
        char *end = NULL;
        long long id = strtoll(who, &end, 10);
        if (!*end && id > 0) {
            f.user_id = id;
        } else {
            struct vo_user u;
            if (vo_svc_user_find(&r->svc, who, &u, &r->err))
                return vo_error_set(&r->err, VO_EINVAL, "user", "no user \"%s\"", who);
            f.user_id = u.id;
        }
    }
    if (day_param(r, "from", false, &f.from) || day_param(r, "to", true, &f.to))
        return VO_EINVAL;
    struct vo_audit_entry *v = NULL;
    size_t n = 0;
    if ((rc = vo_svc_audit_list(&r->svc, &f, &v, &n, &r->err)))
        return rc;
    bool more = n > (size_t)pg.limit;
    if (more)
        n = (size_t)pg.limit;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        const char *user = NULL;
        struct vo_user u;
        if (v[i].user_id && vo_svc_user_get(&r->svc, v[i].user_id, &u, NULL) == VO_OK)
            user = u.email ? u.email : u.name;
        json_array_append_new(
            items, json_pack("{s:I, s:o, s:o, s:s?, s:s, s:s?, s:o, s:s?}", "id",
                             (json_int_t)v[i].id, "at", vo_json_time(r, v[i].at), "user_id",
                             v[i].user_id ? json_integer(v[i].user_id) : json_null(), "user", user,
                             "action", v[i].action, "object", v[i].object, "object_id",
                             v[i].object_id ? json_integer(v[i].object_id) : json_null(), "detail",
                             v[i].detail));
    }
    vo_page_respond(r, items, more && n ? vo_page_cursor(r, "", v[n - 1].id) : NULL);
    return VO_OK;
}
