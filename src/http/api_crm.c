/*
 * api_crm.c - the CRM core of the JSON API: clients, deals (with move, win,
 * lose, reopen and the stage history), activities, tasks (with complete)
 * and payments. Handlers only translate: the query string into a struct
 * vo_crm_query, the body into a struct vo_crm_input through one table of
 * writable fields, each marked with the bodies it belongs to (anything else
 * is refused naming the field, and fields that only admin and head may
 * write are left out of a manager's allowlist), and the stored rows into
 * JSON through a table of members per object. The rules live in
 * service/crm.h.
 *
 * JSON: integer ids (null when none), money in minor units, instants as
 * ISO 8601 in the org's zone; lists are {"items": [...], "next_cursor"}.
 *
 * Versions (optimistic concurrency, docs/api-crm.md "Versions"): every
 * object carries "version" (its row's rev), sent also as a strong ETag by
 * GET one and by every write; a PATCH or a deal action made with If-Match
 * or a body "version" that is no longer current answers 409
 * version_conflict with the current object under "current".
 *
 * Sync (docs/api-crm.md "Changes since", "Bulk writes"): every object
 * carries "updated_at" (kept by the store's triggers) and every list takes
 * ?updated_since=; POST /<objects>/bulk runs each item through the same
 * read_body and use case as its single route, in one transaction
 * (service/batch.h).
 */
#include "http/api.h"
#include "http/http_int.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "http/paging.h"
#include "service/batch.h"
#include "service/crm.h"
#include "service/custom_fields.h"

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

/* How a member becomes a JSON value. */
enum jkind {
    J_INT,       /* int64_t as a number */
    J_ID,        /* int64_t id, null when none (0) */
    J_OPT_INT,   /* int64_t, null when VO_NULL */
    J_STR,       /* const char *, null when NULL */
    J_TIME,      /* int64_t instant (vo_json_time) */
    J_BOOL,      /* bool */
    J_DONE,      /* int64_t instant as a bool: not VO_NULL */
    J_TYPE,      /* enum vo_activity_type */
    J_TASK_TYPE, /* enum vo_task_type */
    J_DIRECTION, /* enum vo_direction, null when VO_DIR_NONE */
    J_STATUS,    /* enum vo_deal_status */
    J_DAYS,      /* a struct vo_deal_row's whole days in its stage, null when closed */
    J_CUSTOM,    /* const char * JSON object text ({} when none or not an object) */
};

/* The object a row of JSON_FIELDS belongs to. */
enum jobj { O_DEAL, O_CLIENT, O_ACTIVITY, O_TASK, O_PAYMENT };

struct jfield {
    const char *name;
    enum jkind kind;
    enum jobj obj;
    size_t off; /* in the object's struct */
};

static json_t *jvalue(struct vo_req *r, const void *m, enum jkind k)
{
    switch (k) {
    case J_INT:
        return json_integer(*(const int64_t *)m);
    case J_ID:
        return opt_id(*(const int64_t *)m);
    case J_OPT_INT:
        return opt_int(*(const int64_t *)m);
    case J_STR:
        return opt_str(*(const char *const *)m);
    case J_TIME:
        return vo_json_time(r, *(const int64_t *)m);
    case J_BOOL:
        return json_boolean(*(const bool *)m);
    case J_DONE:
        return json_boolean(*(const int64_t *)m != VO_NULL);
    case J_TYPE:
        return json_string(vo_activity_type_name(*(const enum vo_activity_type *)m));
    case J_TASK_TYPE:
        return json_string(vo_task_type_name(*(const enum vo_task_type *)m));
    case J_DIRECTION: {
        enum vo_direction d = *(const enum vo_direction *)m;
        return d == VO_DIR_NONE ? json_null() : json_string(vo_direction_name(d));
    }
    case J_STATUS:
        return json_string(vo_deal_status_name(*(const enum vo_deal_status *)m));
    case J_CUSTOM: {
        const char *text = *(const char *const *)m;
        json_t *o = text ? json_loads(text, 0, NULL) : NULL;
        if (json_is_object(o))
            return o;
        json_decref(o);
        return json_object();
    }
    case J_DAYS: {
        const struct vo_deal_row *row = m;
        if (row->d.status != VO_DEAL_OPEN)
            return json_null();
        int64_t since = row->stage_since, now = vo_now();
        return json_integer(now > since ? (now - since) / 86400 : 0);
    }
    }
    return json_null();
}

/* The JSON object of each CRM object: its members in order. */
#define DEAL(m)     O_DEAL, offsetof(struct vo_deal_row, m)
#define CLIENT(m)   O_CLIENT, offsetof(struct vo_client, m)
#define ACTIVITY(m) O_ACTIVITY, offsetof(struct vo_activity, m)
#define TASK(m)     O_TASK, offsetof(struct vo_task, m)
#define PAYMENT(m)  O_PAYMENT, offsetof(struct vo_payment, m)
static const struct jfield JSON_FIELDS[] = {
    {"id", J_INT, DEAL(d.id)},
    {"title", J_STR, DEAL(d.title)},
    {"client_id", J_ID, DEAL(d.client_id)},
    {"client", J_STR, DEAL(client_name)},
    {"product_id", J_ID, DEAL(d.product_id)},
    {"pipeline_id", J_ID, DEAL(d.pipeline_id)},
    {"pipeline", J_STR, DEAL(pipeline_name)},
    {"stage_id", J_ID, DEAL(d.stage_id)},
    {"stage", J_STR, DEAL(stage_name)},
    {"days_in_stage", J_DAYS, O_DEAL, 0},
    {"owner_id", J_ID, DEAL(d.owner_id)},
    {"owner", J_STR, DEAL(owner_name)},
    {"status", J_STATUS, DEAL(d.status)},
    {"amount", J_OPT_INT, DEAL(d.amount)},
    {"created_at", J_TIME, DEAL(d.created_at)},
    {"closed_at", J_TIME, DEAL(d.closed_at)},
    {"loss_reason", J_STR, DEAL(d.loss_reason)},
    {"loss_reason_id", J_ID, DEAL(loss_reason_id)},
    {"loss_comment", J_STR, DEAL(loss_comment)},
    {"channel", J_STR, DEAL(d.channel)},
    {"source", J_STR, DEAL(d.source)},
    {"custom", J_CUSTOM, DEAL(d.custom)},
    {"version", J_INT, DEAL(d.rev)},
    {"updated_at", J_TIME, DEAL(d.updated_at)},
    {"id", J_INT, CLIENT(id)},
    {"name", J_STR, CLIENT(name)},
    {"channel", J_STR, CLIENT(channel)},
    {"region", J_STR, CLIENT(region)},
    {"segment", J_STR, CLIENT(segment)},
    {"source", J_STR, CLIENT(source)},
    {"owner_id", J_ID, CLIENT(owner_id)},
    {"key_account", J_BOOL, CLIENT(key_account)},
    {"created_at", J_TIME, CLIENT(created_at)},
    {"custom", J_CUSTOM, CLIENT(custom)},
    {"version", J_INT, CLIENT(rev)},
    {"updated_at", J_TIME, CLIENT(updated_at)},
    {"id", J_INT, ACTIVITY(id)},
    {"type", J_TYPE, ACTIVITY(type)},
    {"user_id", J_ID, ACTIVITY(user_id)},
    {"at", J_TIME, ACTIVITY(at)},
    {"deal_id", J_ID, ACTIVITY(deal_id)},
    {"client_id", J_ID, ACTIVITY(client_id)},
    {"duration_s", J_OPT_INT, ACTIVITY(duration_s)},
    {"direction", J_DIRECTION, ACTIVITY(direction)},
    {"outcome", J_STR, ACTIVITY(outcome)},
    {"version", J_INT, ACTIVITY(rev)},
    {"updated_at", J_TIME, ACTIVITY(updated_at)},
    {"id", J_INT, TASK(id)},
    {"title", J_STR, TASK(title)},
    {"assignee_id", J_ID, TASK(assignee_id)},
    {"created_at", J_TIME, TASK(created_at)},
    {"due_at", J_TIME, TASK(due_at)},
    {"deal_id", J_ID, TASK(deal_id)},
    {"deal_title", J_STR, TASK(deal_title)},
    {"client_id", J_ID, TASK(client_id)},
    {"client_name", J_STR, TASK(client_name)},
    {"done", J_DONE, TASK(done_at)},
    {"done_at", J_TIME, TASK(done_at)},
    {"type", J_TASK_TYPE, TASK(type)},
    {"comment", J_STR, TASK(comment)},
    {"reschedules", J_INT, TASK(reschedules)},
    {"recurrence_id", J_ID, TASK(recurrence_id)},
    {"version", J_INT, TASK(rev)},
    {"updated_at", J_TIME, TASK(updated_at)},
    {"id", J_INT, PAYMENT(id)},
    {"amount", J_INT, PAYMENT(amount)},
    {"paid_at", J_TIME, PAYMENT(paid_at)},
    {"deal_id", J_ID, PAYMENT(deal_id)},
    {"client_id", J_ID, PAYMENT(client_id)},
    {"version", J_INT, PAYMENT(rev)},
    {"updated_at", J_TIME, PAYMENT(updated_at)},
};

/* The JSON object of obj (an o), members in JSON_FIELDS' order. */
static json_t *to_json(struct vo_req *r, const void *obj, enum jobj o)
{
    json_t *v = json_object();
    for (size_t i = 0; i < sizeof JSON_FIELDS / sizeof JSON_FIELDS[0]; i++)
        if (JSON_FIELDS[i].obj == o)
            json_object_set_new(
                v, JSON_FIELDS[i].name,
                jvalue(r, (const char *)obj + JSON_FIELDS[i].off, JSON_FIELDS[i].kind));
    return v;
}

/* ---- the objects' schemas, for the OpenAPI document ---- */

static const char *const JOBJ_NAMES[] = {"Deal", "Client", "Activity", "Task", "Payment"};

/* The schema of a member of kind k: what jvalue answers. */
static json_t *jkind_schema(enum jkind k)
{
    switch (k) {
    case J_INT:
        return json_pack("{s:s, s:s}", "type", "integer", "format", "int64");
    case J_ID:
    case J_OPT_INT:
    case J_DAYS:
        return json_pack("{s:s, s:s, s:b}", "type", "integer", "format", "int64", "nullable", 1);
    case J_TIME:
        return json_pack("{s:s, s:s, s:b}", "type", "string", "format", "date-time", "nullable", 1);
    case J_BOOL:
    case J_DONE:
        return json_pack("{s:s}", "type", "boolean");
    case J_TYPE:
    case J_TASK_TYPE:
        return json_pack("{s:s}", "type", "string");
    case J_STATUS:
        return json_pack("{s:s, s:[s, s, s]}", "type", "string", "enum", "open", "won", "lost");
    case J_CUSTOM:
        return json_pack("{s:s}", "type", "object");
    case J_STR:
    case J_DIRECTION:
        break;
    }
    return json_pack("{s:s, s:b}", "type", "string", "nullable", 1);
}

void vo_api_crm_schemas(json_t *schemas)
{
    for (int o = O_DEAL; o <= O_PAYMENT; o++) {
        json_t *props = json_object(), *req = json_array();
        for (size_t i = 0; i < sizeof JSON_FIELDS / sizeof JSON_FIELDS[0]; i++)
            if (JSON_FIELDS[i].obj == (enum jobj)o) {
                json_object_set_new(props, JSON_FIELDS[i].name, jkind_schema(JSON_FIELDS[i].kind));
                json_array_append_new(req, json_string(JSON_FIELDS[i].name));
            }
        /* a deal's contact and a client's card add members of their own
         * (deal_more, client_more): more members may come */
        json_object_set_new(
            schemas, JOBJ_NAMES[o],
            json_pack("{s:s, s:o, s:o}", "type", "object", "required", req, "properties", props));
    }
}

/* The routes that answer one CRM object, or a page of them. */
static const struct {
    enum vo_method method;
    const char *path;
    enum jobj obj;
    unsigned status;
    bool page;
} OBJECT_ROUTES[] = {
    {VO_GET, "/api/v1/deals", O_DEAL, 200, true},
    {VO_POST, "/api/v1/deals", O_DEAL, 201, false},
    {VO_GET, "/api/v1/deals/{id}", O_DEAL, 200, false},
    {VO_PATCH, "/api/v1/deals/{id}", O_DEAL, 200, false},
    {VO_POST, "/api/v1/deals/{id}/move", O_DEAL, 200, false},
    {VO_POST, "/api/v1/deals/{id}/win", O_DEAL, 200, false},
    {VO_POST, "/api/v1/deals/{id}/lose", O_DEAL, 200, false},
    {VO_POST, "/api/v1/deals/{id}/reopen", O_DEAL, 200, false},
    {VO_GET, "/api/v1/clients", O_CLIENT, 200, true},
    {VO_POST, "/api/v1/clients", O_CLIENT, 201, false},
    {VO_GET, "/api/v1/clients/{id}", O_CLIENT, 200, false},
    {VO_PATCH, "/api/v1/clients/{id}", O_CLIENT, 200, false},
    {VO_GET, "/api/v1/activities", O_ACTIVITY, 200, true},
    {VO_POST, "/api/v1/activities", O_ACTIVITY, 201, false},
    {VO_GET, "/api/v1/activities/{id}", O_ACTIVITY, 200, false},
    {VO_PATCH, "/api/v1/activities/{id}", O_ACTIVITY, 200, false},
    {VO_GET, "/api/v1/tasks", O_TASK, 200, true},
    {VO_POST, "/api/v1/tasks", O_TASK, 201, false},
    {VO_GET, "/api/v1/tasks/{id}", O_TASK, 200, false},
    {VO_PATCH, "/api/v1/tasks/{id}", O_TASK, 200, false},
    {VO_GET, "/api/v1/payments", O_PAYMENT, 200, true},
    {VO_POST, "/api/v1/payments", O_PAYMENT, 201, false},
    {VO_GET, "/api/v1/payments/{id}", O_PAYMENT, 200, false},
};

const char *vo_api_crm_response(enum vo_method m, const char *path, unsigned *status, bool *page)
{
    for (size_t i = 0; i < sizeof OBJECT_ROUTES / sizeof OBJECT_ROUTES[0]; i++)
        if (OBJECT_ROUTES[i].method == m && strcmp(OBJECT_ROUTES[i].path, path) == 0) {
            *status = OBJECT_ROUTES[i].status;
            *page = OBJECT_ROUTES[i].page;
            return JOBJ_NAMES[OBJECT_ROUTES[i].obj];
        }
    return NULL;
}

json_t *vo_api_deal_json(struct vo_req *r, const struct vo_deal_row *d)
{
    return to_json(r, d, O_DEAL);
}

/* ---- versions ---- */

/* The object's version as its ETag (strong, quoted: "7"). */
static void set_etag(struct vo_req *r, int64_t rev)
{
    r->etag = vo_arena_printf(&r->arena, "\"%lld\"", (long long)rev);
}

/* The If-Match header as a version: "7" or 7 (a strong ETag, or the bare
 * number); * is any version (none). A weak or malformed one is refused
 * naming If-Match. *out is -1 when there is none. */
static vo_err if_match(struct vo_req *r, int64_t *out)
{
    const char *h = vo_req_header(r, "If-Match");
    *out = -1;
    if (!h)
        return VO_OK;
    while (*h == ' ' || *h == '\t')
        h++;
    if (strcmp(h, "*") == 0)
        return VO_OK;
    size_t n = strlen(h);
    while (n > 0 && (h[n - 1] == ' ' || h[n - 1] == '\t'))
        n--;
    if (n >= 2 && h[0] == '"' && h[n - 1] == '"') {
        h++;
        n -= 2;
    }
    int64_t v = 0;
    bool ok = n > 0 && n <= 18;
    for (size_t i = 0; ok && i < n; i++) {
        ok = h[i] >= '0' && h[i] <= '9';
        v = v * 10 + (h[i] - '0');
    }
    if (!ok)
        return vo_error_set(&r->err, VO_EINVAL, "If-Match",
                            "If-Match is the version the object was read at: a strong ETag such "
                            "as \"7\" (or the number 7)");
    *out = v;
    return VO_OK;
}

vo_err vo_api_read_version(struct vo_req *r, int64_t *out, bool *given)
{
    int64_t body = 0, header = -1;
    enum vo_req_has has = VO_REQ_ABSENT;
    vo_err rc = if_match(r, &header);
    if (rc || (rc = vo_req_int(r, "version", false, &body, &has)))
        return rc;
    if (has == VO_REQ_VALUE && body < 0)
        return vo_error_set(&r->err, VO_EINVAL, "version",
                            "version is the object's \"version\" as read (a number from 0)");
    if (has == VO_REQ_VALUE && header >= 0 && header != body)
        return vo_error_set(&r->err, VO_EINVAL, "version",
                            "If-Match (%lld) and version (%lld) disagree: send one of them",
                            (long long)header, (long long)body);
    *given = header >= 0 || has == VO_REQ_VALUE;
    *out = header >= 0 ? header : body;
    return VO_OK;
}

vo_err vo_api_read_id_version(struct vo_req *r, const char *const *fields, int64_t *id,
                              int64_t *slot, const int64_t **version)
{
    bool given = false;
    vo_err rc = vo_req_id(r, 0, id);
    if (rc || (rc = vo_req_body_fields(r, fields)) || (rc = vo_api_read_version(r, slot, &given)))
        return rc;
    *version = given ? slot : NULL;
    return VO_OK;
}

vo_err vo_api_answer_write(struct vo_req *r, vo_err rc, int64_t id, vo_respond_fn respond,
                           unsigned status)
{
    if (rc != VO_ESTALE)
        return rc ? rc : respond(r, id, status);
    struct vo_error stale = r->err;
    vo_err got = respond(r, id, 409);
    if (got)
        return got;
    json_t *current = json_incref(r->out);
    json_t *body =
        vo_error_json(vo_err_name(VO_ESTALE), stale.msg, "version", stale.id, stale.msg_ru);
    json_object_set_new(body, "current", current);
    vo_req_json(r, 409, body);
    return VO_OK;
}

/* What a resource adds to to_json's members (the client's card): VO_OK or
 * the error of its read. */
typedef vo_err (*json_more_fn)(struct vo_req *r, const void *obj, json_t *o);

/* to_json of obj into *out, then more (NULL: nothing) adds to it; on an
 * error *out is NULL and nothing is left allocated. */
static vo_err to_json_more(struct vo_req *r, const void *obj, enum jobj o, json_more_fn more,
                           json_t **out)
{
    json_t *v = to_json(r, obj, o);
    vo_err rc = more ? more(r, obj, v) : VO_OK;
    if (rc) {
        json_decref(v);
        v = NULL;
    }
    *out = v;
    return rc;
}

/* ---- bodies: a table of writable fields per resource ---- */

enum kind { K_STR, K_INT, K_BOOL, K_REF, K_OBJ };

/* Which bodies a field belongs to (struct field.in). */
enum body {
    B_DEAL_NEW = 1u << 0,
    B_DEAL = 1u << 1, /* a deal's PATCH */
    B_CLIENT = 1u << 2,
    B_ACTIVITY = 1u << 3,
    B_TASK = 1u << 4,
    B_PAYMENT = 1u << 5,
    B_MOVE = 1u << 6, /* POST /deals/{id}/move */
};

struct field {
    const char *json;
    unsigned bit;
    enum kind kind;
    size_t off;
    bool lead_only; /* admin and head only (not in a manager's allowlist) */
    unsigned in;    /* enum body bits */
};

#define F(name, bit, kind, member, lead, in)                                                       \
    {                                                                                              \
        name, bit, kind, offsetof(struct vo_crm_input, member), lead, in                           \
    }

/* The writable fields of every body. A body reads its fields in this order
 * (the first bad one is the one named), so client_id stands twice: a deal
 * reads it before amount, an activity, task or payment after deal_id. */
static const struct field FIELDS[] = {
    F("name", VO_F_NAME, K_STR, name, false, B_CLIENT),
    F("type", VO_F_TYPE, K_STR, type, false, B_ACTIVITY | B_TASK),
    F("title", VO_F_TITLE, K_STR, title, false, B_DEAL_NEW | B_DEAL | B_TASK),
    F("client_id", VO_F_CLIENT, K_INT, client_id, false, B_DEAL_NEW | B_DEAL),
    F("amount", VO_F_AMOUNT, K_INT, amount, false, B_DEAL_NEW | B_DEAL | B_PAYMENT),
    F("channel", VO_F_CHANNEL, K_STR, channel, false, B_DEAL_NEW | B_DEAL | B_CLIENT),
    F("region", VO_F_REGION, K_STR, region, false, B_CLIENT),
    F("segment", VO_F_SEGMENT, K_STR, segment, false, B_CLIENT),
    F("source", VO_F_SOURCE, K_STR, source, false, B_DEAL_NEW | B_DEAL | B_CLIENT),
    F("key_account", VO_F_KEY_ACCOUNT, K_BOOL, key_account, false, B_CLIENT),
    F("pipeline", VO_F_PIPELINE, K_REF, pipeline, false, B_DEAL_NEW | B_DEAL),
    F("stage", VO_F_STAGE, K_REF, stage, false, B_DEAL_NEW | B_DEAL | B_MOVE),
    F("owner_id", VO_F_OWNER, K_INT, owner_id, true, B_DEAL_NEW | B_DEAL | B_CLIENT),
    F("at", VO_F_AT, K_STR, at, false, B_ACTIVITY),
    F("paid_at", VO_F_AT, K_STR, at, false, B_PAYMENT),
    F("due_at", VO_F_DUE_AT, K_STR, due_at, false, B_TASK),
    F("deal_id", VO_F_DEAL, K_INT, deal_id, false, B_ACTIVITY | B_TASK | B_PAYMENT),
    F("client_id", VO_F_CLIENT, K_INT, client_id, false, B_ACTIVITY | B_TASK | B_PAYMENT),
    F("duration_s", VO_F_DURATION, K_INT, duration_s, false, B_ACTIVITY),
    F("direction", VO_F_DIRECTION, K_STR, direction, false, B_ACTIVITY),
    F("outcome", VO_F_OUTCOME, K_STR, outcome, false, B_ACTIVITY),
    F("user_id", VO_F_OWNER, K_INT, owner_id, true, B_ACTIVITY),
    F("assignee_id", VO_F_OWNER, K_INT, owner_id, true, B_TASK),
    F("product_id", VO_F_PRODUCT, K_INT, product_id, false, B_DEAL_NEW | B_DEAL),
    F("custom", VO_F_CUSTOM, K_OBJ, custom, false, B_DEAL_NEW | B_DEAL | B_CLIENT),
    /* a client's card (issue 10, clients: service/client_card.c) */
    F("inn", VO_F_INN, K_STR, inn, false, B_CLIENT),
    F("kpp", VO_F_KPP, K_STR, kpp, false, B_CLIENT),
    F("address", VO_F_ADDRESS, K_STR, address, false, B_CLIENT),
    F("phone", VO_F_PHONE, K_STR, phone, false, B_CLIENT),
    F("email", VO_F_EMAIL, K_STR, email, false, B_CLIENT),
    F("website", VO_F_WEBSITE, K_STR, website, false, B_CLIENT),
    F("comment", VO_F_COMMENT, K_STR, comment, false, B_CLIENT),
    /* a deal's contact (issue 10, clients: service/contacts.c) */
    F("contact_id", VO_F_CONTACT, K_INT, contact_id, false, B_DEAL_NEW | B_DEAL),
};
#define NFIELDS (sizeof FIELDS / sizeof FIELDS[0])

/* The bodies of the routes that read one through read_body, for the
 * OpenAPI document: built from FIELDS, so it says what the handler takes. */
static const struct {
    enum vo_method method;
    const char *path;
    enum body body;
    bool change;
} BODY_ROUTES[] = {
    {VO_POST, "/api/v1/deals", B_DEAL_NEW, false},
    {VO_PATCH, "/api/v1/deals/{id}", B_DEAL, true},
    {VO_POST, "/api/v1/deals/{id}/move", B_MOVE, true},
    {VO_POST, "/api/v1/clients", B_CLIENT, false},
    {VO_PATCH, "/api/v1/clients/{id}", B_CLIENT, true},
    {VO_POST, "/api/v1/activities", B_ACTIVITY, false},
    {VO_PATCH, "/api/v1/activities/{id}", B_ACTIVITY, true},
    {VO_POST, "/api/v1/tasks", B_TASK, false},
    {VO_PATCH, "/api/v1/tasks/{id}", B_TASK, true},
    {VO_POST, "/api/v1/payments", B_PAYMENT, false},
};

/* The schema of a body of FIELDS' rows of `body`, with "version" for a
 * change. */
static json_t *body_schema(enum body body, bool change)
{
    json_t *props = json_object();
    for (const struct field *f = FIELDS; f < FIELDS + NFIELDS; f++) {
        if (!(f->in & body) || json_object_get(props, f->json))
            continue;
        json_t *p;
        switch (f->kind) {
        case K_STR:
            p = json_pack("{s:s, s:b}", "type", "string", "nullable", 1);
            break;
        case K_INT:
            p = json_pack("{s:s, s:s, s:b}", "type", "integer", "format", "int64", "nullable", 1);
            break;
        case K_BOOL:
            p = json_pack("{s:s}", "type", "boolean");
            break;
        case K_REF:
            p = json_pack("{s:[{s:s}, {s:s, s:s}], s:s}", "oneOf", "type", "string", "type",
                          "integer", "format", "int64", "description", "its name or its id");
            break;
        default: /* K_OBJ: the custom fields */
            p = json_pack("{s:s, s:s}", "type", "object", "description",
                          "the custom fields' values by their keys (docs/api-crm.md)");
            break;
        }
        if (f->lead_only)
            json_object_set_new(p, "x-roles", json_pack("[s, s]", "admin", "head"));
        json_object_set_new(props, f->json, p);
    }
    if (change)
        json_object_set_new(
            props, "version",
            json_pack("{s:s, s:s, s:s}", "type", "integer", "format", "int64", "description",
                      "the version the change was made on (or the If-Match header): a newer "
                      "one answers 409"));
    return json_pack("{s:s, s:o, s:b}", "type", "object", "properties", props,
                     "additionalProperties", 0);
}

/* The bulk routes (crm_bulk): the bodies of their creates and changes
 * (change 0: creates only). */
static const struct {
    const char *path;
    enum body create, change;
    enum jobj obj; /* what it answers */
} BULK_ROUTES[] = {
    {"/api/v1/deals/bulk", B_DEAL_NEW, B_DEAL, O_DEAL},
    {"/api/v1/clients/bulk", B_CLIENT, B_CLIENT, O_CLIENT},
    {"/api/v1/activities/bulk", B_ACTIVITY, B_ACTIVITY, O_ACTIVITY},
    {"/api/v1/tasks/bulk", B_TASK, B_TASK, O_TASK},
    {"/api/v1/payments/bulk", B_PAYMENT, 0, O_PAYMENT},
};

/* The index of the bulk route m path in BULK_ROUTES, or -1. */
static int bulk_route(enum vo_method m, const char *path)
{
    for (size_t i = 0; m == VO_POST && i < sizeof BULK_ROUTES / sizeof BULK_ROUTES[0]; i++)
        if (strcmp(BULK_ROUTES[i].path, path) == 0)
            return (int)i;
    return -1;
}

bool vo_api_crm_bulk(enum vo_method m, const char *path)
{
    return bulk_route(m, path) >= 0;
}

void vo_api_crm_bulk_responses(struct vo_arena *a, const struct vo_route *rt, json_t *responses)
{
    int b = bulk_route(rt->method, rt->path);
    if (b < 0)
        return;
    const char *ref = vo_arena_printf(a, "#/components/schemas/%s", JOBJ_NAMES[BULK_ROUTES[b].obj]);
    json_object_set_new(
        responses, "200",
        json_pack("{s:s, s:{s:{s:{s:s, s:[s], s:{s:{s:s, s:{s:s}}}}}}}", "description",
                  "Every item written: the objects, in the items' order", "content",
                  "application/json", "schema", "type", "object", "required", "items", "properties",
                  "items", "type", "array", "items", "$ref", ref));
    json_t *item_error = json_pack(
        "{s:s, s:[s, s, s], s:{s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s, s:b}, s:{s:s, s:b}, s:{s:s, "
        "s:b}}}",
        "type", "object", "required", "index", "code", "message", "properties", "index", "type",
        "integer", "code", "type", "string", "message", "type", "string", "field", "type", "string",
        "nullable", 1, "message_id", "type", "string", "nullable", 1, "message_ru", "type",
        "string", "nullable", 1);
    json_object_set_new(
        responses, "422",
        json_pack("{s:s, s:{s:{s:{s:[{s:s}, {s:s, s:{s:{s:s, s:s, s:o}}}]}}}}", "description",
                  "Invalid input; when items are refused nothing is written and \"items\" lists "
                  "every refused item by its index",
                  "content", "application/json", "schema", "allOf", "$ref",
                  "#/components/schemas/Error", "type", "object", "properties", "items", "type",
                  "array", "description", "the refused items, each with its error", "items",
                  item_error));
}

json_t *vo_api_crm_body_schema(enum vo_method m, const char *path)
{
    for (size_t i = 0; i < sizeof BODY_ROUTES / sizeof BODY_ROUTES[0]; i++)
        if (BODY_ROUTES[i].method == m && strcmp(BODY_ROUTES[i].path, path) == 0)
            return body_schema(BODY_ROUTES[i].body, BODY_ROUTES[i].change);
    int b = bulk_route(m, path);
    if (b < 0)
        return NULL;
    /* an item: a create's body, or a change's with the object's id */
    json_t *item = body_schema(BULK_ROUTES[b].create, false);
    if (BULK_ROUTES[b].change) {
        json_t *change = body_schema(BULK_ROUTES[b].change, true);
        json_object_set_new(json_object_get(change, "properties"), "id",
                            json_pack("{s:s, s:s, s:i, s:s}", "type", "integer", "format", "int64",
                                      "minimum", 1, "description", "the object to change"));
        json_object_set_new(change, "required", json_pack("[s]", "id"));
        item = json_pack("{s:[o, o]}", "oneOf", item, change);
    }
    return json_pack("{s:s, s:[s], s:{s:{s:s, s:i, s:i, s:o}}, s:b}", "type", "object", "required",
                     "items", "properties", "items", "type", "array", "minItems", 1, "maxItems",
                     VO_BULK_MAX, "items", item, "additionalProperties", 0);
}

/* Fills in from the body: refuses a field not in the table (or lead-only
 * for a manager) and a value of the wrong type, naming the field. A
 * change (PATCH, move) also takes "version" and If-Match into
 * in->version. A number
 * given as null sets its bit in in->null as well as in in->set (the
 * service decides what null means for it; the range of a value is the
 * service's too, through model.h's bounds). */
static vo_err read_body(struct vo_req *r, enum body body, bool change, struct vo_crm_input *in)
{
    memset(in, 0, sizeof *in);
    bool lead = r->actor.role == VO_ROLE_ADMIN || r->actor.role == VO_ROLE_HEAD;
    const char *allowed[24];
    size_t n = 0;
    for (const struct field *f = FIELDS;
         f < FIELDS + NFIELDS && n + 2 < sizeof allowed / sizeof *allowed; f++)
        if ((f->in & body) && (!f->lead_only || lead))
            allowed[n++] = f->json;
    if (change) /* a change of an existing object: the version it was read at */
        allowed[n++] = "version";
    allowed[n] = NULL;
    bool versioned = false;
    vo_err rc = vo_req_body_fields(r, allowed);
    if (rc || (change && (rc = vo_api_read_version(r, &in->version, &versioned))))
        return rc;
    if (versioned)
        in->set |= VO_F_VERSION;
    for (const struct field *f = FIELDS; f < FIELDS + NFIELDS; f++) {
        json_t *v = (f->in & body) ? json_object_get(r->body, f->json) : NULL;
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
        case K_OBJ:
            if (!json_is_object(v))
                rc = vo_error_set(&r->err, VO_EINVAL, f->json, "%s is an object {key: value}",
                                  f->json);
            *(const json_t **)(void *)slot = v;
            break;
        }
        if (rc)
            return rc;
        in->set |= f->bit;
    }
    return VO_OK;
}

/* ---- list queries ---- */

vo_err vo_api_query_id(struct vo_req *r, const char *name, int64_t *out)
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

/* ?updated_since=: an instant as query_time reads it, or unix seconds
 * (digits only), into *out (0 when absent). */
static vo_err query_since(struct vo_req *r, int64_t *out)
{
    const char *v = vo_req_query(r, "updated_since");
    *out = 0;
    if (!v || !*v)
        return VO_OK;
    if (strspn(v, "0123456789") == strlen(v) && strlen(v) <= 12) {
        *out = strtoll(v, NULL, 10);
        return VO_OK;
    }
    int64_t t = 0;
    vo_err rc = vo_time_parse(v, r->svc.tz, &t, "updated_since", &r->err);
    if (!rc)
        *out = t > 0 ? t : 0;
    return rc;
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
    if ((rc = query_since(r, &q->updated_since)))
        return rc;
    const char *sort = vo_req_query(r, "sort");
    if (q->updated_since > 0 && (!sort || !*sort)) /* a poll: the oldest change first */
        for (int i = 0; sorts[i]; i++)
            if (strcmp(sorts[i], "updated_at") == 0) {
                q->sort = i;
                q->desc = false;
            }
    q->limit = pg.limit;
    q->has_cursor = pg.has_cursor;
    q->after_key = pg.after_key;
    q->after_id = pg.after_id;
    if ((rc = vo_api_query_id(r, "owner_id", &q->owner_id)) ||
        (rc = vo_api_query_id(r, "stage_id", &q->stage_id)) ||
        (rc = vo_api_query_id(r, "pipeline_id", &q->pipeline_id)) ||
        (rc = vo_api_query_id(r, "client_id", &q->client_id)) ||
        (rc = vo_api_query_id(r, "deal_id", &q->deal_id)) ||
        (rc = query_time(r, "from", &q->from)) || (rc = query_time(r, "to", &q->to)))
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

/* The list filter ?custom.KEY=value of entity's lists (one at a time;
 * entity NULL: a list without custom fields, nothing to read). */
static vo_err read_custom_filter(struct vo_req *r, const char *entity, struct vo_crm_query *q)
{
    const char *name = NULL, *value = NULL;
    size_t n = entity ? vo_req_query_prefixed(r, "custom.", &name, &value) : 0;
    if (n == 0)
        return VO_OK;
    if (n > 1)
        return vo_error_set(&r->err, VO_EINVAL, name, "one custom field filter at a time");
    q->custom_value = value;
    return vo_svc_custom_filter(&r->svc, entity, name + 7, value, &q->custom_path, &r->err);
}

static void respond_page(struct vo_req *r, json_t *items, const struct vo_crm_page *pg)
{
    vo_page_respond(r, items, pg->next_key ? vo_page_cursor(r, pg->next_key, pg->next_id) : NULL);
}

static const char *const DEAL_STATUSES[] = {"open", "won", "lost", NULL};
static const char *const TASK_STATUSES[] = {"open", "done", NULL};

/* ---- the handlers every resource has ---- */

/* POST: the body (fields) to create, answered 201 with the new object. */
static vo_err crm_create(struct vo_req *r, enum body body,
                         vo_err (*create)(struct vo_svc *, const struct vo_crm_input *, int64_t *,
                                          struct vo_error *),
                         vo_respond_fn respond)
{
    struct vo_crm_input in;
    int64_t id = 0;
    vo_err rc = read_body(r, body, false, &in);
    if (rc || (rc = create(&r->svc, &in, &id, &r->err)))
        return rc;
    return respond(r, id, 201);
}

/* PATCH: the body (fields) to update the path's object, answered 200 (or
 * 409 with the current object when the version given is stale). */
static vo_err crm_update(struct vo_req *r, enum body body,
                         vo_err (*update)(struct vo_svc *, int64_t, const struct vo_crm_input *,
                                          struct vo_error *),
                         vo_respond_fn respond)
{
    struct vo_crm_input in;
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = read_body(r, body, true, &in)))
        return rc;
    return vo_api_answer_write(r, update(&r->svc, id, &in, &r->err), id, respond, 200);
}

/* respond_<obj> (the object of id as JSON, jobj, with its version REV as
 * the ETag), api_<objs>_list (a page of vo_svc_<obj>_list; ?<type_param>=
 * fills q.channel, ?status= takes statuses, ?custom.KEY= for an entity
 * with custom fields) and api_<objs>_get: they differ only in the object's type,
 * which a function cannot take. */
#define CRM_READS(obj, objs, type, jobj, type_param, statuses, REV, entity, more)                  \
    static vo_err respond_##obj(struct vo_req *r, int64_t id, unsigned status)                     \
    {                                                                                              \
        type x;                                                                                    \
        json_t *o = NULL;                                                                          \
        vo_err rc = vo_svc_##obj##_get(&r->svc, id, &x, &r->err);                                  \
        if (rc || (rc = to_json_more(r, &x, jobj, more, &o)))                                      \
            return rc;                                                                             \
        set_etag(r, x.REV);                                                                        \
        vo_req_json(r, status, o);                                                                 \
        return VO_OK;                                                                              \
    }                                                                                              \
    vo_err api_##objs##_list(struct vo_req *r)                                                     \
    {                                                                                              \
        struct vo_crm_query q;                                                                     \
        struct vo_crm_page pg;                                                                     \
        type *v = NULL;                                                                            \
        vo_err rc = read_query(r, vo_svc_##obj##_sorts, type_param, statuses, &q);                 \
        if (rc || (rc = read_custom_filter(r, entity, &q)) ||                                      \
            (rc = vo_svc_##obj##_list(&r->svc, &q, &v, &pg, &r->err)))                             \
            return rc;                                                                             \
        json_t *items = json_array();                                                              \
        for (size_t i = 0; i < pg.n && !rc; i++) {                                                 \
            json_t *o = NULL;                                                                      \
            if (!(rc = to_json_more(r, &v[i], jobj, more, &o)))                                    \
                json_array_append_new(items, o);                                                   \
        }                                                                                          \
        if (rc) {                                                                                  \
            json_decref(items);                                                                    \
            return rc;                                                                             \
        }                                                                                          \
        respond_page(r, items, &pg);                                                               \
        return VO_OK;                                                                              \
    }                                                                                              \
    vo_err api_##objs##_get(struct vo_req *r)                                                      \
    {                                                                                              \
        return vo_req_id_respond(r, respond_##obj);                                                \
    }

/* api_<objs>_create and api_<objs>_update through vo_svc_<obj>_create and
 * _update, reading the bodies create and patch (enum body). */
#define CRM_WRITES(obj, objs, create, patch)                                                       \
    vo_err api_##objs##_create(struct vo_req *r)                                                   \
    {                                                                                              \
        return crm_create(r, create, vo_svc_##obj##_create, respond_##obj);                        \
    }                                                                                              \
    vo_err api_##objs##_update(struct vo_req *r)                                                   \
    {                                                                                              \
        return crm_update(r, patch, vo_svc_##obj##_update, respond_##obj);                         \
    }

/* ---- deals ---- */

/* The deal's contact beside to_json's members (api_clients.c). */
static vo_err deal_more(struct vo_req *r, const void *obj, json_t *o)
{
    return vo_api_deal_contact_json(r, obj, o);
}

CRM_READS(deal, deals, struct vo_deal_row, O_DEAL, "channel", DEAL_STATUSES, d.rev, "deal",
          deal_more)
CRM_WRITES(deal, deals, B_DEAL_NEW, B_DEAL)

static json_t *history_json(struct vo_req *r, const void *x)
{
    const struct vo_stage_change_row *v = x;
    return json_pack("{s:I, s:I, s:o, s:o, s:o, s:o}", "id", (json_int_t)v->c.id, "stage_id",
                     (json_int_t)v->c.stage_id, "stage", opt_str(v->stage_name), "at",
                     vo_json_time(r, v->c.at), "user_id", opt_id(v->c.user_id), "user",
                     opt_str(v->user_name));
}

VO_API_ID_LIST(api_deals_history, struct vo_stage_change_row, vo_svc_deal_history, history_json)

vo_err api_deals_move(struct vo_req *r)
{
    struct vo_crm_input in;
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = read_body(r, B_MOVE, true, &in)))
        return rc;
    rc = vo_svc_deal_move(&r->svc, id, in.stage, vo_crm_version(&in), &r->err);
    return vo_api_answer_write(r, rc, id, respond_deal, 200);
}

vo_err api_deals_win(struct vo_req *r)
{
    static const char *const fields[] = {"amount", "version", NULL};
    int64_t id = 0, amount = 0, slot = 0;
    const int64_t *version = NULL;
    enum vo_req_has has = VO_REQ_ABSENT;
    vo_err rc = vo_api_read_id_version(r, fields, &id, &slot, &version);
    if (rc || (rc = vo_req_int(r, "amount", false, &amount, &has)))
        return rc;
    rc = vo_svc_deal_win(&r->svc, id, has == VO_REQ_VALUE ? &amount : NULL, version, &r->err);
    return vo_api_answer_write(r, rc, id, respond_deal, 200);
}

vo_err api_deals_lose(struct vo_req *r)
{
    static const char *const fields[] = {"reason_id", "reason", "comment", "version", NULL};
    int64_t id = 0, slot = 0, reason_id = 0;
    const int64_t *version = NULL;
    enum vo_req_has has = VO_REQ_ABSENT;
    const char *reason = NULL, *comment = NULL;
    vo_err rc = vo_api_read_id_version(r, fields, &id, &slot, &version);
    if (rc || (rc = vo_req_int(r, "reason_id", false, &reason_id, &has)) ||
        (rc = vo_req_str(r, "reason", false, &reason)) ||
        (rc = vo_req_str(r, "comment", false, &comment)))
        return rc;
    if (has == VO_REQ_VALUE && reason_id <= 0)
        return vo_error_set(&r->err, VO_EINVAL, "reason_id", "reason_id is a loss reason's id");
    rc = vo_svc_deal_lose(&r->svc, id, reason_id, reason, comment, version, &r->err);
    return vo_api_answer_write(r, rc, id, respond_deal, 200);
}

vo_err api_deals_undo(struct vo_req *r)
{
    static const char *const fields[] = {NULL};
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_req_body_fields(r, fields)) || (rc = vo_svc_deal_undo(&r->svc, id, &r->err)))
        return rc;
    return respond_deal(r, id, 200);
}

vo_err vo_api_versioned_act(struct vo_req *r,
                            vo_err (*act)(struct vo_svc *, int64_t, const int64_t *,
                                          struct vo_error *),
                            int64_t *id)
{
    static const char *const fields[] = {"version", NULL};
    int64_t slot = 0;
    const int64_t *version = NULL;
    vo_err rc = vo_api_read_id_version(r, fields, id, &slot, &version);
    return rc ? rc : act(&r->svc, *id, version, &r->err);
}

vo_err vo_api_versioned_delete(struct vo_req *r,
                               vo_err (*act)(struct vo_svc *, int64_t, const int64_t *,
                                             struct vo_error *),
                               vo_err (*respond)(struct vo_req *r, int64_t id, unsigned status))
{
    int64_t id = 0;
    vo_err rc = vo_api_versioned_act(r, act, &id);
    if (rc == VO_ESTALE)
        return vo_api_answer_write(r, rc, id, respond, 200);
    if (rc)
        return rc;
    vo_req_json(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "deleted", 1));
    return VO_OK;
}

vo_err api_deals_reopen(struct vo_req *r)
{
    int64_t id = 0;
    vo_err rc = vo_api_versioned_act(r, vo_svc_deal_reopen, &id);
    return vo_api_answer_write(r, rc, id, respond_deal, 200);
}

/* ---- clients ---- */

/* The client's card beside to_json's members (api_clients.c). */
static vo_err client_more(struct vo_req *r, const void *obj, json_t *o)
{
    return vo_api_client_card_json(r, obj, o);
}

CRM_READS(client, clients, struct vo_client, O_CLIENT, "channel", NULL, rev, "client", client_more)
CRM_WRITES(client, clients, B_CLIENT, B_CLIENT)

/* ---- activities ---- */

CRM_READS(activity, activities, struct vo_activity, O_ACTIVITY, "type", NULL, rev, NULL, NULL)
CRM_WRITES(activity, activities, B_ACTIVITY, B_ACTIVITY)

/* ---- tasks ---- */

CRM_READS(task, tasks, struct vo_task, O_TASK, "channel", TASK_STATUSES, rev, NULL, NULL)
CRM_WRITES(task, tasks, B_TASK, B_TASK)

vo_err api_tasks_complete(struct vo_req *r)
{
    static const char *const fields[] = {"done_at", "comment", NULL};
    return vo_req_id_texts_act(r, fields, false, vo_svc_task_complete, respond_task);
}

json_t *vo_json_task(struct vo_req *r, const struct vo_task *t)
{
    return to_json(r, t, O_TASK);
}

/* ---- payments ---- */

CRM_READS(payment, payments, struct vo_payment, O_PAYMENT, "channel", NULL, rev, NULL, NULL)

vo_err api_payments_create(struct vo_req *r)
{
    return crm_create(r, B_PAYMENT, vo_svc_payment_create, respond_payment);
}

/* ---- bulk writes (docs/api-crm.md "Bulk writes") ---- */

/* What a bulk route writes: the bodies of its single create and PATCH
 * (the same FIELDS rows) and their use cases (update NULL: creates only). */
struct bulk_kind {
    enum body create, patch;
    vo_err (*create_fn)(struct vo_svc *, const struct vo_crm_input *, int64_t *, struct vo_error *);
    vo_err (*update_fn)(struct vo_svc *, int64_t, const struct vo_crm_input *, struct vo_error *);
    vo_respond_fn respond;
};

/* One item, as its single route would take it: without "id" the body of
 * a create, with it the body of a PATCH of that object (the id taken out,
 * "version" in). The item's body is r->body while it is read; the PATCH's
 * copy is kept in `keep` (its strings are borrowed until the end). */
static vo_err bulk_item(struct vo_req *r, json_t *item, const struct bulk_kind *k, json_t *keep,
                        int64_t *id)
{
    struct vo_crm_input in;
    if (!json_is_object(item))
        return vo_error_set(&r->err, VO_EINVAL, "items", "each item is an object");
    json_t *jid = json_object_get(item, "id");
    if (!jid) {
        r->body = item;
        vo_err rc = read_body(r, k->create, false, &in);
        return rc ? rc : k->create_fn(&r->svc, &in, id, &r->err);
    }
    if (!k->update_fn)
        return vo_error_set(&r->err, VO_EINVAL, "id", "these objects are created only: no id");
    if (!json_is_integer(jid) || json_integer_value(jid) <= 0)
        return vo_error_set(&r->err, VO_EINVAL, "id", "%s is an id", "id");
    *id = (int64_t)json_integer_value(jid);
    json_t *body = json_copy(item);
    json_object_del(body, "id");
    json_array_append_new(keep, body);
    r->body = body;
    vo_err rc = read_body(r, k->patch, true, &in);
    return rc ? rc : k->update_fn(&r->svc, *id, &in, &r->err);
}

/* The error of item i (r->err, rc) as an entry of the 422's "items". */
static json_t *bulk_error(struct vo_req *r, size_t i, vo_err rc)
{
    json_t *err = vo_error_json(vo_err_name(rc), r->err.msg[0] ? r->err.msg : vo_err_name(rc),
                                r->err.field[0] ? r->err.field : NULL, r->err.id,
                                r->err.msg_ru[0] ? r->err.msg_ru : NULL);
    json_t *o = json_incref(json_object_get(err, "error"));
    json_decref(err);
    if (o)
        json_object_set_new(o, "index", json_integer((json_int_t)i));
    return o;
}

/* POST /<objects>/bulk: every item through its single route's reading and
 * use case, in one transaction (service/batch.h); all of them written and
 * answered 200 {"items": [the objects, in order]}, or none and 422 with
 * every refused item. */
static vo_err crm_bulk(struct vo_req *r, const struct bulk_kind *k)
{
    static const char *const fields[] = {"items", NULL};
    vo_err rc = vo_req_body_fields(r, fields);
    if (rc)
        return rc;
    json_t *body = r->body, *items = json_object_get(body, "items");
    if (!json_is_array(items) || json_array_size(items) == 0)
        return vo_error_set(&r->err, VO_EINVAL, "items",
                            "items is a list of the objects to write (1 to %d)", VO_BULK_MAX);
    size_t n = json_array_size(items);
    if (n > VO_BULK_MAX)
        return vo_error_set(&r->err, VO_ETOOBIG, "items",
                            "%zu items: at most %d are written in one request", n, VO_BULK_MAX);
    if (vo_req_header(r, "If-Match"))
        return vo_error_set(&r->err, VO_EINVAL, "If-Match",
                            "a bulk write takes each item's version in the item, not If-Match");
    int64_t *ids = vo_arena_array(&r->arena, n, sizeof *ids);
    if (!ids)
        return vo_error_set(&r->err, VO_ENOMEM, NULL, "out of memory");
    struct vo_svc_batch b;
    if ((rc = vo_svc_batch_begin(&r->svc, &b, &r->err)))
        return rc;
    json_t *keep = json_array(), *refused = json_array();
    vo_err fatal = VO_OK;
    for (size_t i = 0; i < n && !fatal; i++) {
        memset(&r->err, 0, sizeof r->err);
        ids[i] = 0;
        rc = bulk_item(r, json_array_get(items, i), k, keep, &ids[i]);
        if (rc == VO_ESTORE || rc == VO_ENOMEM || rc == VO_EFULL)
            fatal = rc; /* the storage's failure, not the item's: the batch ends */
        else if (rc)
            json_array_append_new(refused, bulk_error(r, i, rc));
    }
    r->body = body;
    struct vo_error failed = r->err;
    memset(&r->err, 0, sizeof r->err);
    bool ok = !fatal && json_array_size(refused) == 0;
    rc = vo_svc_batch_end(&r->svc, &b, ok, &r->err);
    json_decref(keep);
    if (fatal || rc) {
        json_decref(refused);
        if (fatal)
            r->err = failed;
        return fatal ? fatal : rc;
    }
    if (!ok) {
        size_t bad = json_array_size(refused);
        vo_error_set(&r->err, VO_EINVAL, "items",
                     "%zu of %zu items are refused: nothing was written", bad, n);
        json_t *out =
            vo_error_json(vo_err_name(VO_EINVAL), r->err.msg, "items", r->err.id, r->err.msg_ru);
        json_object_set_new(out, "items", refused);
        vo_req_json(r, 422, out);
        return VO_OK;
    }
    json_decref(refused);
    json_t *objs = json_array();
    for (size_t i = 0; i < n; i++) {
        if ((rc = k->respond(r, ids[i], 200))) {
            json_decref(objs);
            return rc;
        }
        json_array_append(objs, r->out);
    }
    r->etag = NULL;
    vo_req_json(r, 200, json_pack("{s:o}", "items", objs));
    return VO_OK;
}

static const struct bulk_kind BULK_DEALS = {B_DEAL_NEW, B_DEAL, vo_svc_deal_create,
                                            vo_svc_deal_update, respond_deal};
static const struct bulk_kind BULK_CLIENTS = {B_CLIENT, B_CLIENT, vo_svc_client_create,
                                              vo_svc_client_update, respond_client};
static const struct bulk_kind BULK_ACTIVITIES = {B_ACTIVITY, B_ACTIVITY, vo_svc_activity_create,
                                                 vo_svc_activity_update, respond_activity};
static const struct bulk_kind BULK_TASKS = {B_TASK, B_TASK, vo_svc_task_create, vo_svc_task_update,
                                            respond_task};
static const struct bulk_kind BULK_PAYMENTS = {B_PAYMENT, B_PAYMENT, vo_svc_payment_create, NULL,
                                               respond_payment};

vo_err api_deals_bulk(struct vo_req *r)
{
    return crm_bulk(r, &BULK_DEALS);
}

vo_err api_clients_bulk(struct vo_req *r)
{
    return crm_bulk(r, &BULK_CLIENTS);
}

vo_err api_activities_bulk(struct vo_req *r)
{
    return crm_bulk(r, &BULK_ACTIVITIES);
}

vo_err api_tasks_bulk(struct vo_req *r)
{
    return crm_bulk(r, &BULK_TASKS);
}

vo_err api_payments_bulk(struct vo_req *r)
{
    return crm_bulk(r, &BULK_PAYMENTS);
}
