/*
 * request.c - from a matched route to a response: authentication (a
 * session cookie or an API token), the route's roles, the CSRF check of
 * cookie-authenticated mutations, the JSON body, the handler, and the one
 * table that maps a vo_err to an HTTP status and an error body
 * {"error":{"code","message","field"}}.
 */
#include "http/http_int.h"

#include "service/idempotency.h"

#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    vo_err code;
    unsigned status;
} status_table[] = {
    {VO_OK, 200},
    {VO_EINVAL, 422},
    {VO_ENOTFOUND, 404},
    {VO_EPERM, 403},
    {VO_ECONFLICT, 409},
    {VO_ESTORE, 503},
    {VO_ETOOBIG, 413},
    {VO_ENOMEM, 413},
    {VO_EIO, 500},
    {VO_EVERSION, 500},
    {VO_EUSAGE, 400},
    /* 507 Insufficient Storage: unlike 503 (busy), retrying will not help
     * until someone frees disk space on the server */
    {VO_EFULL, 507},
    /* optimistic concurrency: the If-Match / version the client read is
     * not the object's any more (docs/api-crm.md, "Versions") */
    {VO_ESTALE, 409},
    /* the org's SMTP server refused or did not answer (io/mail.c): a
     * verdict on the settings the caller gave, so 422 like other refused
     * input, its code "remote_refused" saying who refused. Not 502: a 5xx
     * is a fault of this server (test_api_fuzz holds every route below
     * 500) */
    {VO_EREMOTE, 422},
};

unsigned vo_http_status(vo_err code)
{
    for (size_t i = 0; i < sizeof status_table / sizeof status_table[0]; i++)
        if (status_table[i].code == code)
            return status_table[i].status;
    return 500;
}

json_t *vo_error_json(const char *code, const char *message, const char *field,
                      const char *message_id, const char *message_ru)
{
    /* The texts of a vo_error are valid UTF-8 (err.c); a message from
     * elsewhere that json_pack still refuses falls back to the code alone,
     * so an error never goes out without its body. */
    if (message_ru && !message_ru[0])
        message_ru = NULL;
    json_t *err = json_pack("{s:s, s:s, s:s?, s:s?, s:s?}", "code", code, "message", message,
                            "field", field, "message_id", message_id, "message_ru", message_ru);
    if (!err)
        err = json_pack("{s:s, s:s, s:n, s:n, s:n}", "code", code, "message", code, "field",
                        "message_id", "message_ru");
    return err ? json_pack("{s:o}", "error", err) : NULL;
}

static void error_body(struct vo_req *r, unsigned status, const char *code)
{
    if (r->out)
        json_decref(r->out);
    bool has = r->err.msg[0] != '\0';
    r->out = vo_error_json(code, has ? r->err.msg : code, r->err.field[0] ? r->err.field : NULL,
                           has ? r->err.id : NULL, has ? r->err.msg_ru : NULL);
    r->status = status;
}

void vo_req_error(struct vo_req *r, vo_err code)
{
    error_body(r, vo_http_status(code), vo_err_name(code));
}

static void fail_status(struct vo_req *r, unsigned status, const char *code, const char *msg)
{
    vo_error_set(&r->err, VO_EPERM, NULL, "%s", msg); /* msg may be r->err.msg: err.h allows it */
    error_body(r, status, code);
}

/* The first value of name in a list made by vo_req_run (header names
 * compared without case, as libmicrohttpd does). */
static const char *kv_get(const struct vo_req_kv *kv, size_t n, const char *name, bool nocase)
{
    for (size_t i = 0; i < n; i++)
        if (nocase ? g_ascii_strcasecmp(kv[i].name, name) == 0 : strcmp(kv[i].name, name) == 0)
            return kv[i].value;
    return NULL;
}

/* A value of the request's head: from libmicrohttpd's connection, or from
 * the lists of a request made without one (vo_req_run). */
const char *vo_req_header(struct vo_req *r, const char *name)
{
    if (r->conn)
        return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
    return r->fields ? kv_get(r->fields->headers, r->fields->n_headers, name, true) : NULL;
}

static const char *cookie(struct vo_req *r, const char *name)
{
    if (r->conn)
        return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
    return r->fields ? kv_get(r->fields->cookies, r->fields->n_cookies, name, false) : NULL;
}

const char *vo_req_query(struct vo_req *r, const char *name)
{
    vo_query_check(r, name);
    if (r->page_limit && strcmp(name, "limit") == 0)
        return r->page_limit;
    if (r->page_limit && strcmp(name, "cursor") == 0)
        return r->page_cursor;
    if (r->conn)
        return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
    return r->fields ? kv_get(r->fields->query, r->fields->n_query, name, false) : NULL;
}

/* vo_req_query_prefixed's search through libmicrohttpd's arguments. */
struct prefixed {
    const char *prefix;
    const char *name, *value;
    size_t n;
};

static enum MHD_Result prefixed_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                    const char *value)
{
    struct prefixed *p = cls;
    (void)kind;
    if (key && strncmp(key, p->prefix, strlen(p->prefix)) == 0) {
        if (p->n++ == 0) {
            p->name = key;
            p->value = value ? value : "";
        }
    }
    return MHD_YES;
}

size_t vo_req_query_prefixed(struct vo_req *r, const char *prefix, const char **name,
                             const char **value)
{
    struct prefixed p = {.prefix = prefix};
    if (r->conn) {
        MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, prefixed_arg, &p);
    } else if (r->fields) {
        for (size_t i = 0; i < r->fields->n_query; i++)
            prefixed_arg(&p, MHD_GET_ARGUMENT_KIND, r->fields->query[i].name,
                         r->fields->query[i].value);
    }
    *name = p.name;
    *value = p.value;
    return p.n;
}

/* Who is asking: a bearer token first, else the session cookie. A
 * credential verified less than 30 s ago (and not invalidated since, see
 * cache.c) is taken from the server's cache: no store read, only the
 * expiry check and the once-a-minute touch of vo_auth_recheck. */
static vo_err authenticate(struct vo_server *s, struct vo_req *r, bool *by_cookie)
{
    const char *auth = vo_req_header(r, "Authorization");
    const char *secret;
    char kind;
    if (auth && g_ascii_strncasecmp(auth, "Bearer ", 7) == 0) {
        *by_cookie = false;
        secret = auth + 7;
        kind = 'b';
    } else {
        secret = cookie(r, VO_SESSION_COOKIE);
        if (!secret)
            return vo_error_set(&r->err, VO_EPERM, NULL, "not signed in");
        *by_cookie = true;
        kind = 's';
    }
    char hash[65];
    vo_auth_hash_secret(secret, hash);
    struct vo_auth_clock clock;
    if (vo_cache_auth_get(s, kind, hash, &r->arena, &r->actor, &clock)) {
        if (vo_auth_recheck(r->st, NULL, &r->actor, &clock, &r->err) == VO_OK) {
            vo_cache_auth_clock(s, kind, hash, &clock);
            return VO_OK;
        }
        vo_cache_auth_drop(s, kind, hash); /* expired: the store path says so */
        memset(&r->err, 0, sizeof r->err);
    }
    gint gen = g_atomic_int_get(&s->meta_gen);
    vo_err rc =
        kind == 'b'
            ? vo_auth_bearer_clock(r->st, secret, &r->arena, &r->actor, &clock, &r->err)
            : vo_auth_session_clock(r->st, NULL, secret, &r->arena, &r->actor, &clock, &r->err);
    if (rc == VO_OK)
        vo_cache_auth_put(s, kind, hash, gen, &r->actor, &clock);
    return rc;
}

/* The service's change hook: the live datasets, then the caches' counters
 * (after the dataset has the change, so a report that reads the new
 * generation also reads the change). */
static void on_change(void *ctx, int64_t org, const struct vo_change *c)
{
    struct vo_server *s = ctx;
    vo_live_on_change(ctx, org, c);
    if (c->kind == VO_CHANGE_OTHER || c->kind == VO_CHANGE_USER)
        vo_cache_bump_meta(s);
    vo_cache_bump_live(s);
}

/* Whether a mutation of this path may change who is signed in, their role
 * or their org (the credential and org caches are then dropped). */
static bool touches_accounts(const char *path)
{
    static const char *const prefixes[] = {"/api/v1/session", "/api/v1/tokens", "/api/v1/users",
                                           "/api/v1/org"};
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        size_t n = strlen(prefixes[i]);
        if (strncmp(path, prefixes[i], n) == 0 && (path[n] == '\0' || path[n] == '/'))
            return true;
    }
    return false;
}

/* Who a request counts for, as the rate limit's buckets and the
 * Idempotency-Key records name it: "t<id>" an API token, "u<id>" a user
 * (all their sessions together). */
static void principal_of(const struct vo_req *r, char *buf, size_t n)
{
    if (r->actor.token_id)
        snprintf(buf, n, "t%lld", (long long)r->actor.token_id);
    else
        snprintf(buf, n, "u%lld", (long long)r->actor.user_id);
}

/* Takes the request from its principal's bucket: an API token's own, or
 * the user's (all their sessions together); on PostgreSQL the bucket the
 * servers share. false, with 429 and
 * Retry-After in r, when the bucket is empty. */
static bool rate_take(struct vo_server *s, struct vo_req *r)
{
    char key[48];
    principal_of(r, key, sizeof key);
    vo_ratelimit_take_in(s->ratelimit, r->st, r->actor.org_id, key, vo_ratelimit_now(s->ratelimit),
                         &r->rate);
    r->rate_on = true;
    if (r->rate.allowed)
        return true;
    r->retry_after = r->rate.retry_after_s;
    vo_error_set(&r->err, VO_ETOOBIG, NULL, "too many requests: try again in %lld s",
                 (long long)r->rate.retry_after_s);
    error_body(r, 429, "rate_limited");
    return false;
}

bool vo_dispatch_head(struct vo_server *s, struct vo_req *r, const struct vo_route *route)
{
    if (!route) {
        if (vo_static_serve(s, r))
            return false;
        if (vo_route_path_known(r->path)) {
            vo_error_set(&r->err, VO_EUSAGE, NULL, "method not allowed on %s", r->path);
            error_body(r, 405, "method_not_allowed");
        } else {
            vo_error_set(&r->err, VO_ENOTFOUND, NULL, "no such resource: %s", r->path);
            vo_req_error(r, VO_ENOTFOUND);
        }
        return false;
    }
    vo_route_match(r->method, r->path, r->param);
    for (int i = 0; i < 4; i++)
        r->param[i] = vo_arena_strdup(&r->arena, r->param[i]);
    if (route->roles == VO_R_PUBLIC)
        return true;
    r->st = vo_server_store(s, &r->err);
    if (!r->st) {
        vo_req_error(r, VO_ESTORE);
        return false;
    }
    bool by_cookie = false;
    if (authenticate(s, r, &by_cookie) != VO_OK) {
        /* An expired token has its own code: the client knows to ask for
         * a new one rather than to check what it sent. */
        bool expired = r->err.id && strcmp(r->err.id, "auth.token_expired") == 0;
        fail_status(r, 401, expired ? "token_expired" : "unauthorized",
                    r->err.msg[0] ? r->err.msg : VO_MSG("not signed in"));
        return false;
    }
    r->authed = true;
    if (s->ratelimit && !rate_take(s, r))
        return false;
    if (!((1u << r->actor.role) & route->roles)) {
        fail_status(r, 403, "forbidden", VO_MSG("your role may not do this"));
        return false;
    }
    unsigned need = vo_route_scope(route);
    if (need && !(r->actor.scopes & need)) {
        vo_error_set(&r->err, VO_EPERM, NULL, "this API token has no \"%s\" scope",
                     vo_scope_name(need));
        error_body(r, 403, "insufficient_scope");
        return false;
    }
    if (by_cookie && r->method != VO_GET) {
        const char *csrf = vo_req_header(r, "X-CSRF-Token");
        if (!csrf || !r->actor.csrf || strlen(csrf) != strlen(r->actor.csrf) ||
            sodium_memcmp(csrf, r->actor.csrf, strlen(csrf)) != 0) {
            fail_status(r, 403, "csrf", VO_MSG("the X-CSRF-Token header is missing or wrong"));
            return false;
        }
    }
    return true;
}

/* query_text's collection of libmicrohttpd's arguments. */
static enum MHD_Result query_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    (void)kind;
    g_string_append_printf(cls, "%c%s=%s", ((GString *)cls)->len ? '&' : '?', key ? key : "",
                           value ? value : "");
    return MHD_YES;
}

/* The request's query arguments as "?k=v&k=v" in the order sent ("" when
 * none), in the arena: part of what an Idempotency-Key was used with (an
 * import's ?dry_run=1 is another request). */
static const char *query_text(struct vo_req *r)
{
    GString *q = g_string_new(NULL);
    if (r->conn) {
        MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, query_arg, q);
    } else if (r->fields) {
        for (size_t i = 0; i < r->fields->n_query; i++)
            query_arg(q, MHD_GET_ARGUMENT_KIND, r->fields->query[i].name,
                      r->fields->query[i].value);
    }
    const char *out = vo_arena_strdup(&r->arena, q->str);
    g_string_free(q, TRUE);
    return out;
}

/* The Idempotency-Key of a POST (service/idempotency.h): none, or a new
 * one (true, *id its record, to end with idem_end), or false with the
 * answer in r: the first answer replayed (Idempotent-Replayed: true), or
 * 400 for a malformed key, 422 for a key of another request, 409 for a key
 * whose first request is in flight. */
static bool idem_begin(struct vo_req *r, int64_t *id)
{
    const char *key = vo_req_header(r, "Idempotency-Key");
    if (!key)
        return true;
    char principal[48];
    principal_of(r, principal, sizeof principal);
    const char *request = vo_arena_printf(&r->arena, "POST %s%s", r->path, query_text(r));
    bool replay = false;
    struct vo_idem rec = {0};
    vo_err rc = vo_svc_idem_begin(r->st, r->actor.org_id, principal, key, request, r->raw,
                                  r->raw_len, &r->arena, &replay, &rec, &r->err);
    static const struct {
        vo_err rc;
        unsigned status;
        const char *code;
    } refusals[] = {{VO_EUSAGE, 400, "idempotency_key_invalid"},
                    {VO_EINVAL, 422, "idempotency_key_reused"},
                    {VO_ECONFLICT, 409, "idempotency_key_in_flight"}};
    if (rc) {
        for (size_t i = 0; i < sizeof refusals / sizeof refusals[0]; i++)
            if (refusals[i].rc == rc) {
                error_body(r, refusals[i].status, refusals[i].code);
                return false;
            }
        vo_req_error(r, rc);
        return false;
    }
    if (!replay) {
        *id = rec.id;
        return true;
    }
    json_t *body = json_loads(rec.response, 0, NULL);
    if (!body) {
        vo_error_set(&r->err, VO_ESTORE, NULL, "the stored answer of this Idempotency-Key is lost");
        vo_req_error(r, VO_ESTORE);
        return false;
    }
    vo_req_json(r, (unsigned)rec.status, body);
    r->replayed = true;
    return false;
}

/* Stores the answer of an idempotent POST (a JSON answer below 500; any
 * other is not replayed: the key is forgotten and a retry runs again). */
static void idem_end(struct vo_req *r, int64_t id)
{
    char *text = NULL;
    if (r->out && r->status < 500)
        text = json_dumps(r->out, JSON_COMPACT);
    struct vo_error e = {0};
    vo_svc_idem_end(r->st, r->actor.org_id, id, (int)r->status, text, &e);
    free(text);
}

/* query_utf8's check of one argument: the first whose name or value is
 * not UTF-8 text stops the walk (its name kept when that is valid). */
struct bad_arg {
    bool bad;
    const char *name;
};

static enum MHD_Result utf8_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *value)
{
    (void)kind;
    struct bad_arg *b = cls;
    bool key_ok = !key || g_utf8_validate(key, -1, NULL);
    if (key_ok && (!value || g_utf8_validate(value, -1, NULL)))
        return MHD_YES;
    b->bad = true;
    b->name = key_ok ? key : NULL;
    return MHD_NO;
}

/* Whether every query argument is UTF-8 text (what the store takes on
 * either backend: PostgreSQL refuses other bytes); else r gets a 422
 * naming the first that is not, as a handler's own check of a value. */
static bool query_utf8(struct vo_req *r)
{
    struct bad_arg b = {false, NULL};
    if (r->conn) {
        MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, utf8_arg, &b);
    } else if (r->fields) {
        for (size_t i = 0; !b.bad && i < r->fields->n_query; i++)
            utf8_arg(&b, MHD_GET_ARGUMENT_KIND, r->fields->query[i].name,
                     r->fields->query[i].value);
    }
    if (!b.bad)
        return true;
    if (b.name)
        vo_error_set(&r->err, VO_EINVAL, b.name, "the query parameter %s is not UTF-8 text",
                     b.name);
    else
        vo_error_set(&r->err, VO_EINVAL, NULL, "a query parameter's name is not UTF-8 text");
    vo_req_error(r, VO_EINVAL);
    return false;
}

void vo_dispatch_body(struct vo_server *s, struct vo_req *r, const struct vo_route *route,
                      const char *address)
{
    if (!query_utf8(r))
        return;
    if (!r->st && !(r->st = vo_server_store(s, &r->err))) {
        vo_req_error(r, VO_ESTORE);
        return;
    }
    if (r->authed) {
        if (vo_cache_svc_init(s, &r->svc, r->st, r->actor.org_id, &r->arena, &r->err) != VO_OK) {
            vo_req_error(r, r->err.code ? r->err.code : VO_ESTORE);
            return;
        }
        r->svc.actor_id = r->actor.user_id;
        r->svc.actor_role = r->actor.role;
        r->svc.actor_session = r->actor.session_id;
        r->svc.on_change = on_change;
        r->svc.on_change_ctx = s;
    }
    /* A JSON body, unless the route takes files (its own body limit). */
    if (r->raw_len && !route->body_limit) {
        json_error_t je;
        r->body = json_loadb(r->raw, r->raw_len, JSON_REJECT_DUPLICATES, &je);
        if (!r->body) {
            vo_error_set(&r->err, VO_EUSAGE, NULL, "malformed JSON at line %d column %d: %s",
                         je.line, je.column, je.text);
            error_body(r, 400, "bad_json");
            return;
        }
        /* every route's body is an object (the document says so): 422,
         * as vo_req_body_fields answers it */
        if (!json_is_object(r->body)) {
            vo_req_error(r,
                         vo_error_set(&r->err, VO_EINVAL, NULL, "the body must be a JSON object"));
            return;
        }
    }
    (void)address;
    r->status = 200;
    if (vo_export_wanted(r)) {
        /* format=csv|xlsx: the handler's JSON as a sheet (export.c) */
        vo_export_run(r, route->handler);
        return;
    }
    int64_t idem = 0;
    if (r->authed && r->method == VO_POST && !idem_begin(r, &idem))
        return;
    /* A GET's reads from one snapshot, in one read transaction: SQLite
     * takes and lets go of its WAL read lock once, not per statement */
    bool scoped = r->authed && r->method == VO_GET;
    if (scoped)
        vo_svc_read_scope(&r->svc, true);
    vo_err rc = route->handler(r);
    if (scoped)
        vo_svc_read_scope(&r->svc, false);
    /* After the handler's commit, before its response: no later request
     * authenticates from what it may have changed. */
    if (r->method != VO_GET && touches_accounts(r->path))
        vo_cache_bump_meta(s);
    if (rc) {
        if (!r->err.code)
            r->err.code = rc;
        vo_req_error(r, rc);
    }
    if (idem)
        idem_end(r, idem);
}

void vo_req_json(struct vo_req *r, unsigned status, json_t *body)
{
    if (r->out)
        json_decref(r->out);
    r->out = body;
    r->status = status;
}

vo_err vo_req_id(struct vo_req *r, int i, int64_t *id)
{
    /* Decimal digits only, 1..INT64_MAX: strtoll would also take " 5" and
     * "+5" (other paths of the same object) and turn any longer number
     * into INT64_MAX (fuzz_http_request). */
    const char *p = r->param[i];
    int64_t v = 0;
    bool ok = p && *p;
    for (const char *q = p; ok && *q; q++) {
        int d = *q - '0';
        ok = d >= 0 && d <= 9 && v <= (INT64_MAX - d) / 10;
        v = ok ? v * 10 + d : 0;
    }
    if (!ok || v <= 0)
        return vo_error_set(&r->err, VO_ENOTFOUND, "id", "no such object: %s", p ? p : "");
    *id = v;
    return VO_OK;
}

vo_err vo_req_body_fields(struct vo_req *r, const char *const *allowed)
{
    if (!r->body)
        r->body = json_object();
    if (!json_is_object(r->body))
        return vo_error_set(&r->err, VO_EINVAL, NULL, "the body must be a JSON object");
    const char *key;
    json_t *v;
    json_object_foreach(r->body, key, v)
    {
        bool ok = false;
        for (const char *const *a = allowed; *a && !ok; a++)
            ok = strcmp(*a, key) == 0;
        if (!ok)
            return vo_error_set(&r->err, VO_EINVAL, key, "unknown or read-only field \"%s\"", key);
    }
    return VO_OK;
}

vo_err vo_req_str(struct vo_req *r, const char *field, bool required, const char **out)
{
    json_t *v = r->body ? json_object_get(r->body, field) : NULL;
    if (!v || json_is_null(v)) {
        *out = NULL;
        if (required)
            return vo_error_set(&r->err, VO_EINVAL, field, "%s is required", field);
        return VO_OK;
    }
    if (!json_is_string(v))
        return vo_error_set(&r->err, VO_EINVAL, field, "%s must be a string", field);
    if (required && json_string_length(v) == 0)
        return vo_error_set(&r->err, VO_EINVAL, field, "%s is required (not empty)", field);
    *out = vo_arena_strdup(&r->arena, json_string_value(v));
    return VO_OK;
}

vo_err vo_req_int(struct vo_req *r, const char *field, bool required, int64_t *out,
                  enum vo_req_has *has)
{
    json_t *v = r->body ? json_object_get(r->body, field) : NULL;
    enum vo_req_has h = !v ? VO_REQ_ABSENT : json_is_null(v) ? VO_REQ_NULL : VO_REQ_VALUE;
    if (has)
        *has = h;
    if (h != VO_REQ_VALUE)
        return required ? vo_error_set(&r->err, VO_EINVAL, field, "%s is required", field) : VO_OK;
    if (!json_is_integer(v))
        return vo_error_set(&r->err, VO_EINVAL, field, "%s must be an integer", field);
    *out = (int64_t)json_integer_value(v);
    return VO_OK;
}

vo_err vo_req_bool(struct vo_req *r, const char *field, bool *out, bool *present)
{
    json_t *v = r->body ? json_object_get(r->body, field) : NULL;
    if (present)
        *present = v != NULL;
    if (!v)
        return VO_OK;
    if (!json_is_boolean(v))
        return vo_error_set(&r->err, VO_EINVAL, field, "%s must be true or false", field);
    *out = json_is_true(v);
    return VO_OK;
}

vo_err vo_req_texts(struct vo_req *r, const struct vo_req_text *t, size_t n, void *in,
                    unsigned *set)
{
    for (size_t i = 0; i < n; i++) {
        vo_err rc = vo_req_str(r, t[i].name, false, (const char **)(void *)((char *)in + t[i].off));
        if (rc)
            return rc;
        if (json_object_get(r->body, t[i].name))
            *set |= t[i].bit;
    }
    return VO_OK;
}
