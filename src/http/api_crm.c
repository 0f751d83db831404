/*
 * api_crm.c - the CRM core of the JSON API: clients, deals (with move, win,
 * lose, reopen and the stage history), activities, tasks (with complete)
 * and payments. Handlers only translate: the query string into a struct
 * vo_crm_query, the body into a struct vo_crm_input through a per-resource
 * table of writable fields (anything else is refused naming the field, and
 * fields that only admin and head may write are left out of a manager's
 * allowlist), and the stored rows into JSON. The rules live in
 * service/crm.h.
 *
 * JSON: integer ids (null when none), money in minor units, instants as
 * ISO 8601 in the org's zone; lists are {"items": [...], "next_cursor"}.
 */
#include "http/api.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "http/paging.h"
#include "service/crm.h"

/* ---- JSON shapes ---- */

static json_t *opt_int(int64_t v)
{
    return v == VO_NULL ? json_null() : json_integer(v);
}

static json_t *opt_id(int64_t v)
{
    return v > 0 ? json_integer(v) : json_null();
}

static json_t *opt_str(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *deal_json(struct vo_req *r, const struct vo_deal_row *row)
{
    const struct vo_deal *d = &row->d;
    json_t *days = json_null();
    if (d->status == VO_DEAL_OPEN) {
        int64_t since = row->stage_since, now = vo_now();
        days = json_integer(now > since ? (now - since) / 86400 : 0);
    }
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(d->id));
    json_object_set_new(o, "title", opt_str(d->title));
    json_object_set_new(o, "client_id", opt_id(d->client_id));
    json_object_set_new(o, "client", opt_str(row->client_name));
    json_object_set_new(o, "pipeline_id", opt_id(d->pipeline_id));
    json_object_set_new(o, "pipeline", opt_str(row->pipeline_name));
    json_object_set_new(o, "stage_id", opt_id(d->stage_id));
    json_object_set_new(o, "stage", opt_str(row->stage_name));
    json_object_set_new(o, "days_in_stage", days);
    json_object_set_new(o, "owner_id", opt_id(d->owner_id));
    json_object_set_new(o, "owner", opt_str(row->owner_name));
    json_object_set_new(o, "status", json_string(vo_deal_status_name(d->status)));
    json_object_set_new(o, "amount", opt_int(d->amount));
    json_object_set_new(o, "created_at", vo_json_time(r, d->created_at));
    json_object_set_new(o, "closed_at", vo_json_time(r, d->closed_at));
    json_object_set_new(o, "loss_reason", opt_str(d->loss_reason));
    json_object_set_new(o, "channel", opt_str(d->channel));
    json_object_set_new(o, "source", opt_str(d->source));
    return o;
}

static json_t *client_json(struct vo_req *r, const struct vo_client *c)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(c->id));
    json_object_set_new(o, "name", opt_str(c->name));
    json_object_set_new(o, "channel", opt_str(c->channel));
    json_object_set_new(o, "region", opt_str(c->region));
    json_object_set_new(o, "segment", opt_str(c->segment));
    json_object_set_new(o, "source", opt_str(c->source));
    json_object_set_new(o, "owner_id", opt_id(c->owner_id));
    json_object_set_new(o, "key_account", json_boolean(c->key_account));
    json_object_set_new(o, "created_at", vo_json_time(r, c->created_at));
    return o;
}

static json_t *activity_json(struct vo_req *r, const struct vo_activity *a)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(a->id));
    json_object_set_new(o, "type", json_string(vo_activity_type_name(a->type)));
    json_object_set_new(o, "user_id", opt_id(a->user_id));
    json_object_set_new(o, "at", vo_json_time(r, a->at));
    json_object_set_new(o, "deal_id", opt_id(a->deal_id));
    json_object_set_new(o, "client_id", opt_id(a->client_id));
    json_object_set_new(o, "duration_s", opt_int(a->duration_s));
    json_object_set_new(o, "direction",
                        a->direction == VO_DIR_NONE ? json_null()
                                                    : json_string(vo_direction_name(a->direction)));
    json_object_set_new(o, "outcome", opt_str(a->outcome));
    return o;
}

static json_t *task_json(struct vo_req *r, const struct vo_task *t)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(t->id));
    json_object_set_new(o, "title", opt_str(t->title));
    json_object_set_new(o, "assignee_id", opt_id(t->assignee_id));
    json_object_set_new(o, "created_at", vo_json_time(r, t->created_at));
    json_object_set_new(o, "due_at", vo_json_time(r, t->due_at));
    json_object_set_new(o, "deal_id", opt_id(t->deal_id));
    json_object_set_new(o, "client_id", opt_id(t->client_id));
    json_object_set_new(o, "done", json_boolean(t->done_at != VO_NULL));
    json_object_set_new(o, "done_at", vo_json_time(r, t->done_at));
    return o;
}

static json_t *payment_json(struct vo_req *r, const struct vo_payment *p)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(p->id));
    json_object_set_new(o, "amount", json_integer(p->amount));
    json_object_set_new(o, "paid_at", vo_json_time(r, p->paid_at));
    json_object_set_new(o, "deal_id", opt_id(p->deal_id));
    json_object_set_new(o, "client_id", opt_id(p->client_id));
    return o;
}

/* ---- bodies: a table of writable fields per resource ---- */

enum kind { K_STR, K_INT, K_BOOL, K_REF };

struct field {
    const char *json;
    unsigned bit;
    enum kind kind;
    size_t off;
    bool lead_only; /* admin and head only (not in a manager's allowlist) */
};

#define F(name, bit, kind, member, lead)                                                           \
    {                                                                                              \
        name, bit, kind, offsetof(struct vo_crm_input, member), lead                               \
    }

static const struct field DEAL_CREATE[] = {
    F("title", VO_F_TITLE, K_STR, title, false),
    F("client_id", VO_F_CLIENT, K_INT, client_id, false),
    F("amount", VO_F_AMOUNT, K_INT, amount, false),
    F("channel", VO_F_CHANNEL, K_STR, channel, false),
    F("source", VO_F_SOURCE, K_STR, source, false),
    F("pipeline", VO_F_PIPELINE, K_REF, pipeline, false),
    F("stage", VO_F_STAGE, K_REF, stage, false),
    F("owner_id", VO_F_OWNER, K_INT, owner_id, true),
    {NULL, 0, K_STR, 0, false},
};
static const struct field DEAL_PATCH[] = {
    F("title", VO_F_TITLE, K_STR, title, false),
    F("client_id", VO_F_CLIENT, K_INT, client_id, false),
    F("amount", VO_F_AMOUNT, K_INT, amount, false),
    F("channel", VO_F_CHANNEL, K_STR, channel, false),
    F("source", VO_F_SOURCE, K_STR, source, false),
    F("owner_id", VO_F_OWNER, K_INT, owner_id, true),
    {NULL, 0, K_STR, 0, false},
};
static const struct field CLIENT_FIELDS[] = {
    F("name", VO_F_NAME, K_STR, name, false),
    F("channel", VO_F_CHANNEL, K_STR, channel, false),
    F("region", VO_F_REGION, K_STR, region, false),
    F("segment", VO_F_SEGMENT, K_STR, segment, false),
    F("source", VO_F_SOURCE, K_STR, source, false),
    F("key_account", VO_F_KEY_ACCOUNT, K_BOOL, key_account, false),
    F("owner_id", VO_F_OWNER, K_INT, owner_id, true),
    /* the card (issue 10, clients: service/client_card.c) */
    F("inn", VO_F_INN, K_STR, inn, false),
    F("kpp", VO_F_KPP, K_STR, kpp, false),
    F("address", VO_F_ADDRESS, K_STR, address, false),
    F("phone", VO_F_PHONE, K_STR, phone, false),
    F("email", VO_F_EMAIL, K_STR, email, false),
    F("website", VO_F_WEBSITE, K_STR, website, false),
    F("comment", VO_F_COMMENT, K_STR, comment, false),
    {NULL, 0, K_STR, 0, false},
};
static const struct field ACTIVITY_FIELDS[] = {
    F("type", VO_F_TYPE, K_STR, type, false),
    F("at", VO_F_AT, K_STR, at, false),
    F("deal_id", VO_F_DEAL, K_INT, deal_id, false),
    F("client_id", VO_F_CLIENT, K_INT, client_id, false),
    F("duration_s", VO_F_DURATION, K_INT, duration_s, false),
    F("direction", VO_F_DIRECTION, K_STR, direction, false),
    F("outcome", VO_F_OUTCOME, K_STR, outcome, false),
    F("user_id", VO_F_OWNER, K_INT, owner_id, true),
    {NULL, 0, K_STR, 0, false},
};
static const struct field TASK_FIELDS[] = {
    F("title", VO_F_TITLE, K_STR, title, false),
    F("due_at", VO_F_DUE_AT, K_STR, due_at, false),
    F("deal_id", VO_F_DEAL, K_INT, deal_id, false),
    F("client_id", VO_F_CLIENT, K_INT, client_id, false),
    F("assignee_id", VO_F_OWNER, K_INT, owner_id, true),
    {NULL, 0, K_STR, 0, false},
};
static const struct field PAYMENT_FIELDS[] = {
    F("amount", VO_F_AMOUNT, K_INT, amount, false),
    F("paid_at", VO_F_AT, K_STR, at, false),
    F("deal_id", VO_F_DEAL, K_INT, deal_id, false),
    F("client_id", VO_F_CLIENT, K_INT, client_id, false),
    {NULL, 0, K_STR, 0, false},
};

/* Fills in from the body: refuses a field not in the table (or lead-only
 * for a manager) and a value of the wrong type, naming the field. A number
 * given as null sets its bit in in->null as well as in in->set (the
 * service decides what null means for it; the range of a value is the
 * service's too, through model.h's bounds). */
static vo_err read_body(struct vo_req *r, const struct field *fields, struct vo_crm_input *in)
{
    memset(in, 0, sizeof *in);
    bool lead = r->actor.role == VO_ROLE_ADMIN || r->actor.role == VO_ROLE_HEAD;
    const char *allowed[24];
    size_t n = 0;
    for (const struct field *f = fields; f->json && n + 1 < sizeof allowed / sizeof *allowed; f++)
        if (!f->lead_only || lead)
            allowed[n++] = f->json;
    allowed[n] = NULL;
    vo_err rc = vo_req_body_fields(r, allowed);
    if (rc)
        return rc;
    for (const struct field *f = fields; f->json; f++) {
        json_t *v = json_object_get(r->body, f->json);
        if (!v)
            continue;
        char *slot = (char *)in + f->off;
        switch (f->kind) {
        case K_STR:
            rc = vo_req_str(r, f->json, false, (const char **)(void *)slot);
            break;
        case K_INT: {
            enum vo_req_has has = VO_REQ_ABSENT;
            rc = vo_req_int(r, f->json, false, (int64_t *)(void *)slot, &has);
            if (has == VO_REQ_NULL)
                in->null |= f->bit;
            break;
        }
        case K_BOOL:
            rc = vo_req_bool(r, f->json, (bool *)(void *)slot, NULL);
            break;
        case K_REF:
            if (json_is_integer(v))
                *(const char **)(void *)slot =
                    vo_arena_printf(&r->arena, "%lld", (long long)json_integer_value(v));
            else if (json_is_string(v))
                *(const char **)(void *)slot = vo_arena_strdup(&r->arena, json_string_value(v));
            else
                rc = vo_error_set(&r->err, VO_EINVAL, f->json, "%s is a name or an id", f->json);
            break;
        }
        if (rc)
            return rc;
        in->set |= f->bit;
    }
    return VO_OK;
}

/* ---- list queries ---- */

static vo_err query_id(struct vo_req *r, const char *name, int64_t *out)
{
    const char *v = vo_req_query(r, name);
    *out = 0;
    if (!v || !*v)
        return VO_OK;
    char *end = NULL;
    long long n = strtoll(v, &end, 10);
    if (*end || n <= 0)
        return vo_error_set(&r->err, VO_EINVAL, name, "%s is an id", name);
    *out = n;
    return VO_OK;
}

static vo_err query_time(struct vo_req *r, const char *name, int64_t *out)
{
    const char *v = vo_req_query(r, name);
    *out = VO_NULL;
    if (!v || !*v)
        return VO_OK;
    return vo_time_parse(v, r->svc.tz, out, name, &r->err);
}

/* Reads paging, sort and the filters. type_param is the name of the
 * parameter that fills q->channel ("channel", or "type" for activities);
 * statuses (NULL-terminated, may be NULL) are the values ?status= takes. */
static vo_err read_query(struct vo_req *r, const char *const *sorts, const char *type_param,
                         const char *const *statuses, struct vo_crm_query *q)
{
    struct vo_page pg;
    memset(q, 0, sizeof *q);
    vo_err rc = vo_page_parse(r, sorts, &pg);
    if (rc)
        return rc;
    for (int i = 0; sorts[i]; i++)
        if (strcmp(sorts[i], pg.sort) == 0)
            q->sort = i;
    q->desc = pg.desc;
    q->limit = pg.limit;
    q->has_cursor = pg.has_cursor;
    q->after_key = pg.after_key;
    q->after_id = pg.after_id;
    if ((rc = query_id(r, "owner_id", &q->owner_id)) ||
        (rc = query_id(r, "stage_id", &q->stage_id)) ||
        (rc = query_id(r, "pipeline_id", &q->pipeline_id)) ||
        (rc = query_id(r, "client_id", &q->client_id)) ||
        (rc = query_id(r, "deal_id", &q->deal_id)) || (rc = query_time(r, "from", &q->from)) ||
        (rc = query_time(r, "to", &q->to)))
        return rc;
    q->channel = vo_req_query(r, type_param);
    q->q = vo_req_query(r, "q");
    const char *status = vo_req_query(r, "status");
    if (status && *status) {
        bool ok = false;
        for (const char *const *s = statuses; s && *s && !ok; s++)
            ok = strcmp(*s, status) == 0;
        if (!ok)
            return vo_error_set(&r->err, VO_EINVAL, "status", "no status \"%s\" here", status);
        q->status = status;
    }
    return VO_OK;
}

static void respond_page(struct vo_req *r, json_t *items, const struct vo_crm_page *pg)
{
    vo_page_respond(r, items, pg->next_key ? vo_page_cursor(r, pg->next_key, pg->next_id) : NULL);
}

static const char *const DEAL_STATUSES[] = {"open", "won", "lost", NULL};
static const char *const TASK_STATUSES[] = {"open", "done", NULL};

/* ---- deals ---- */

static vo_err respond_deal(struct vo_req *r, int64_t id, unsigned status)
{
    struct vo_deal_row d;
    vo_err rc = vo_svc_deal_get(&r->svc, id, &d, &r->err);
    if (rc)
        return rc;
    vo_req_json(r, status, deal_json(r, &d));
    return VO_OK;
}

vo_err api_deals_list(struct vo_req *r)
{
    struct vo_crm_query q;
    struct vo_crm_page pg;
    struct vo_deal_row *rows = NULL;
    vo_err rc = read_query(r, vo_svc_deal_sorts, "channel", DEAL_STATUSES, &q);
    if (rc || (rc = vo_svc_deal_list(&r->svc, &q, &rows, &pg, &r->err)))
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < pg.n; i++)
        json_array_append_new(items, deal_json(r, &rows[i]));
    respond_page(r, items, &pg);
    return VO_OK;
}

vo_err api_deals_get(struct vo_req *r)
{
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    return rc ? rc : respond_deal(r, id, 200);
}

vo_err api_deals_create(struct vo_req *r)
{
    struct vo_crm_input in;
    int64_t id = 0;
    vo_err rc = read_body(r, DEAL_CREATE, &in);
    if (rc || (rc = vo_svc_deal_create(&r->svc, &in, &id, &r->err)))
        return rc;
    return respond_deal(r, id, 201);
}

vo_err api_deals_update(struct vo_req *r)
{
    struct vo_crm_input in;
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = read_body(r, DEAL_PATCH, &in)) ||
        (rc = vo_svc_deal_update(&r->svc, id, &in, &r->err)))
        return rc;
    return respond_deal(r, id, 200);
}

vo_err api_deals_history(struct vo_req *r)
{
    int64_t id = 0;
    struct vo_stage_change_row *v = NULL;
    size_t n = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_svc_deal_history(&r->svc, id, &v, &n, &r->err)))
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            items, json_pack("{s:I, s:I, s:o, s:o, s:o, s:o}", "id", (json_int_t)v[i].c.id,
                             "stage_id", (json_int_t)v[i].c.stage_id, "stage",
                             opt_str(v[i].stage_name), "at", vo_json_time(r, v[i].c.at), "user_id",
                             opt_id(v[i].c.user_id), "user", opt_str(v[i].user_name)));
    vo_req_json(r, 200, json_pack("{s:o}", "items", items));
    return VO_OK;
}

vo_err api_deals_move(struct vo_req *r)
{
    static const struct field fields[] = {
        F("stage", VO_F_STAGE, K_REF, stage, false),
        {NULL, 0, K_STR, 0, false},
    };
    struct vo_crm_input in;
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = read_body(r, fields, &in)) ||
        (rc = vo_svc_deal_move(&r->svc, id, in.stage, &r->err)))
        return rc;
    return respond_deal(r, id, 200);
}

vo_err api_deals_win(struct vo_req *r)
{
    static const char *const fields[] = {"amount", NULL};
    int64_t id = 0, amount = 0;
    enum vo_req_has has = VO_REQ_ABSENT;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_req_body_fields(r, fields)) ||
        (rc = vo_req_int(r, "amount", false, &amount, &has)) ||
        (rc = vo_svc_deal_win(&r->svc, id, has == VO_REQ_VALUE ? &amount : NULL, &r->err)))
        return rc;
    return respond_deal(r, id, 200);
}

vo_err api_deals_lose(struct vo_req *r)
{
    static const char *const fields[] = {"reason", NULL};
    int64_t id = 0;
    const char *reason = NULL;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_req_body_fields(r, fields)) ||
        (rc = vo_req_str(r, "reason", true, &reason)) ||
        (rc = vo_svc_deal_lose(&r->svc, id, reason, &r->err)))
        return rc;
    return respond_deal(r, id, 200);
}

vo_err api_deals_reopen(struct vo_req *r)
{
    static const char *const fields[] = {NULL};
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_req_body_fields(r, fields)) ||
        (rc = vo_svc_deal_reopen(&r->svc, id, &r->err)))
        return rc;
    return respond_deal(r, id, 200);
}

/* ---- clients ---- */

static vo_err respond_client(struct vo_req *r, int64_t id, unsigned status)
{
    struct vo_client c;
    vo_err rc = vo_svc_client_get(&r->svc, id, &c, &r->err);
    if (rc)
        return rc;
    json_t *o = client_json(r, &c);
    if ((rc = vo_api_client_card_json(r, &c, o))) {
        json_decref(o);
        return rc;
    }
    vo_req_json(r, status, o);
    return VO_OK;
}

vo_err api_clients_list(struct vo_req *r)
{
    struct vo_crm_query q;
    struct vo_crm_page pg;
    struct vo_client *v = NULL;
    vo_err rc = read_query(r, vo_svc_client_sorts, "channel", NULL, &q);
    if (rc || (rc = vo_svc_client_list(&r->svc, &q, &v, &pg, &r->err)))
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < pg.n && !rc; i++) {
        json_t *o = client_json(r, &v[i]);
        json_array_append_new(items, o);
        rc = vo_api_client_card_json(r, &v[i], o);
    }
    if (rc) {
        json_decref(items);
        return rc;
    }
    respond_page(r, items, &pg);
    return VO_OK;
}

vo_err api_clients_get(struct vo_req *r)
{
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    return rc ? rc : respond_client(r, id, 200);
}

vo_err api_clients_create(struct vo_req *r)
{
    struct vo_crm_input in;
    int64_t id = 0;
    vo_err rc = read_body(r, CLIENT_FIELDS, &in);
    if (rc || (rc = vo_svc_client_create(&r->svc, &in, &id, &r->err)))
        return rc;
    return respond_client(r, id, 201);
}

vo_err api_clients_update(struct vo_req *r)
{
    struct vo_crm_input in;
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = read_body(r, CLIENT_FIELDS, &in)) ||
        (rc = vo_svc_client_update(&r->svc, id, &in, &r->err)))
        return rc;
    return respond_client(r, id, 200);
}

/* ---- activities ---- */

static vo_err respond_activity(struct vo_req *r, int64_t id, unsigned status)
{
    struct vo_activity a;
    vo_err rc = vo_svc_activity_get(&r->svc, id, &a, &r->err);
    if (rc)
        return rc;
    vo_req_json(r, status, activity_json(r, &a));
    return VO_OK;
}

vo_err api_activities_list(struct vo_req *r)
{
    struct vo_crm_query q;
    struct vo_crm_page pg;
    struct vo_activity *v = NULL;
    vo_err rc = read_query(r, vo_svc_activity_sorts, "type", NULL, &q);
    if (rc || (rc = vo_svc_activity_list(&r->svc, &q, &v, &pg, &r->err)))
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < pg.n; i++)
        json_array_append_new(items, activity_json(r, &v[i]));
    respond_page(r, items, &pg);
    return VO_OK;
}

vo_err api_activities_get(struct vo_req *r)
{
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    return rc ? rc : respond_activity(r, id, 200);
}

vo_err api_activities_create(struct vo_req *r)
{
    struct vo_crm_input in;
    int64_t id = 0;
    vo_err rc = read_body(r, ACTIVITY_FIELDS, &in);
    if (rc || (rc = vo_svc_activity_create(&r->svc, &in, &id, &r->err)))
        return rc;
    return respond_activity(r, id, 201);
}

vo_err api_activities_update(struct vo_req *r)
{
    struct vo_crm_input in;
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = read_body(r, ACTIVITY_FIELDS, &in)) ||
        (rc = vo_svc_activity_update(&r->svc, id, &in, &r->err)))
        return rc;
    return respond_activity(r, id, 200);
}

/* ---- tasks ---- */

static vo_err respond_task(struct vo_req *r, int64_t id, unsigned status)
{
    struct vo_task t;
    vo_err rc = vo_svc_task_get(&r->svc, id, &t, &r->err);
    if (rc)
        return rc;
    vo_req_json(r, status, task_json(r, &t));
    return VO_OK;
}

vo_err api_tasks_list(struct vo_req *r)
{
    struct vo_crm_query q;
    struct vo_crm_page pg;
    struct vo_task *v = NULL;
    vo_err rc = read_query(r, vo_svc_task_sorts, "channel", TASK_STATUSES, &q);
    if (rc || (rc = vo_svc_task_list(&r->svc, &q, &v, &pg, &r->err)))
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < pg.n; i++)
        json_array_append_new(items, task_json(r, &v[i]));
    respond_page(r, items, &pg);
    return VO_OK;
}

vo_err api_tasks_get(struct vo_req *r)
{
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    return rc ? rc : respond_task(r, id, 200);
}

vo_err api_tasks_create(struct vo_req *r)
{
    struct vo_crm_input in;
    int64_t id = 0;
    vo_err rc = read_body(r, TASK_FIELDS, &in);
    if (rc || (rc = vo_svc_task_create(&r->svc, &in, &id, &r->err)))
        return rc;
    return respond_task(r, id, 201);
}

vo_err api_tasks_update(struct vo_req *r)
{
    struct vo_crm_input in;
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = read_body(r, TASK_FIELDS, &in)) ||
        (rc = vo_svc_task_update(&r->svc, id, &in, &r->err)))
        return rc;
    return respond_task(r, id, 200);
}

vo_err api_tasks_complete(struct vo_req *r)
{
    static const char *const fields[] = {"done_at", NULL};
    int64_t id = 0;
    const char *done_at = NULL;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_req_body_fields(r, fields)) ||
        (rc = vo_req_str(r, "done_at", false, &done_at)) ||
        (rc = vo_svc_task_complete(&r->svc, id, done_at, &r->err)))
        return rc;
    return respond_task(r, id, 200);
}

/* ---- payments ---- */

static vo_err respond_payment(struct vo_req *r, int64_t id, unsigned status)
{
    struct vo_payment p;
    vo_err rc = vo_svc_payment_get(&r->svc, id, &p, &r->err);
    if (rc)
        return rc;
    vo_req_json(r, status, payment_json(r, &p));
    return VO_OK;
}

vo_err api_payments_list(struct vo_req *r)
{
    struct vo_crm_query q;
    struct vo_crm_page pg;
    struct vo_payment *v = NULL;
    vo_err rc = read_query(r, vo_svc_payment_sorts, "channel", NULL, &q);
    if (rc || (rc = vo_svc_payment_list(&r->svc, &q, &v, &pg, &r->err)))
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < pg.n; i++)
        json_array_append_new(items, payment_json(r, &v[i]));
    respond_page(r, items, &pg);
    return VO_OK;
}

vo_err api_payments_get(struct vo_req *r)
{
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    return rc ? rc : respond_payment(r, id, 200);
}

vo_err api_payments_create(struct vo_req *r)
{
    struct vo_crm_input in;
    int64_t id = 0;
    vo_err rc = read_body(r, PAYMENT_FIELDS, &in);
    if (rc || (rc = vo_svc_payment_create(&r->svc, &in, &id, &r->err)))
        return rc;
    return respond_payment(r, id, 201);
}
