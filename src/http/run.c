/*
 * run.c - a request without a connection: the head a client sent (method,
 * target, headers, body) run through the server's own steps, for the HTTP
 * fuzz targets (fuzz/, docs/internals/fuzz.md) and tests. No socket, no
 * libmicrohttpd thread: what libmicrohttpd does on a connection (split the
 * target, the query arguments, the cookies) is done here the way it does
 * it (0.9.75), and the rest is server.c's path, in its order:
 *
 *   vo_url_check      (on_request_line: 414)
 *   vo_route_match    (head)
 *   vo_dispatch_head  (no route, 401, 403, csrf)
 *   the body limit    (admit_body: 413)
 *   vo_dispatch_body  (the JSON body, the handler)
 *
 * What is not run here: the slow-client deadlines (watch.c), the server's
 * budget of body memory, a multipart body (read by libmicrohttpd's post
 * processor on the connection: refused here with 400; an import's JSON or
 * zip body is run), and the sending of the response (server.c's
 * send_req).
 */
#include "http/http_int.h"

#include <microhttpd.h>
#include <string.h>

/* libmicrohttpd's unescaping of a query argument: "+" is a space, then
 * %XX (an invalid escape stays as it is; %00 cuts the text). */
static char *unescape(struct vo_arena *a, const char *s, size_t n)
{
    char *t = vo_arena_strndup(a, s, n);
    if (!t)
        return NULL;
    for (char *p = t; *p; p++)
        if (*p == '+')
            *p = ' ';
    MHD_http_unescape(t);
    return t;
}

/* The query string split as MHD_parse_arguments_ does: "&" between
 * arguments, the first "=" between name and value, an argument without
 * "=" has no value (looked up, it is NULL like an absent one). */
static void parse_query(struct vo_arena *a, const char *q, GArray *out)
{
    while (q && *q) {
        size_t len = strcspn(q, "&");
        const char *eq = memchr(q, '=', len);
        struct vo_req_kv kv;
        kv.name = unescape(a, q, eq ? (size_t)(eq - q) : len);
        kv.value = eq ? unescape(a, eq + 1, len - (size_t)(eq - q) - 1) : NULL;
        if (kv.name)
            g_array_append_val(out, kv);
        if (!q[len])
            break;
        q += len + 1;
    }
}

/* The Cookie header split as libmicrohttpd's parse_cookie_header does:
 * pairs between ";" or ",", spaces before a name and after it dropped, a
 * name without "=" has the empty value, a value in double quotes (which
 * may hold ";" and ",") loses them. */
static void parse_cookies(struct vo_arena *a, const char *c, GArray *out)
{
    const char *p = c;
    while (p && *p) {
        while (*p == ' ')
            p++;
        const char *name = p;
        size_t nl = strcspn(p, ",;=");
        const char *sep = p + nl;
        size_t kl = nl;
        while (kl && name[kl - 1] == ' ')
            kl--;
        struct vo_req_kv kv = {vo_arena_strndup(a, name, kl), ""};
        if (*sep != '=') {
            if (kv.name)
                g_array_append_val(out, kv);
            if (!*sep)
                break;
            p = sep + 1;
            continue;
        }
        const char *v = sep + 1, *e = v;
        bool quoted = false;
        while (*e && (quoted || (*e != ';' && *e != ',')))
            quoted ^= *e++ == '"';
        const char *vs = v, *ve = e;
        if (ve - vs >= 2 && vs[0] == '"' && ve[-1] == '"')
            vs++, ve--;
        kv.value = vo_arena_strndup(a, vs, (size_t)(ve - vs));
        if (kv.name && kv.value)
            g_array_append_val(out, kv);
        p = *e ? e + 1 : NULL;
    }
}

static const struct vo_req_kv *arena_list(struct vo_arena *a, GArray *arr, size_t *n)
{
    *n = arr->len;
    void *copy = arr->len ? vo_arena_alloc(a, arr->len * sizeof(struct vo_req_kv)) : NULL;
    if (copy)
        memcpy(copy, arr->data, arr->len * sizeof(struct vo_req_kv));
    else
        *n = 0;
    g_array_free(arr, TRUE);
    return copy;
}

static void make_fields(struct vo_req *r, const struct vo_req_head *h, const char *query)
{
    struct vo_req_fields *f = vo_arena_alloc(&r->arena, sizeof *f);
    if (!f)
        return;
    memset(f, 0, sizeof *f);
    GArray *headers = g_array_new(FALSE, FALSE, sizeof(struct vo_req_kv));
    for (const char *const *p = h->headers; p && p[0] && p[1]; p += 2) {
        struct vo_req_kv kv = {p[0], p[1]};
        g_array_append_val(headers, kv);
    }
    f->headers = arena_list(&r->arena, headers, &f->n_headers);
    r->fields = f; /* headers first: the cookies come from one */
    const char *cookie_header = NULL;
    for (size_t i = 0; i < f->n_headers && !cookie_header; i++)
        if (g_ascii_strcasecmp(f->headers[i].name, "Cookie") == 0)
            cookie_header = f->headers[i].value;
    GArray *cookies = g_array_new(FALSE, FALSE, sizeof(struct vo_req_kv));
    parse_cookies(&r->arena, cookie_header, cookies);
    f->cookies = arena_list(&r->arena, cookies, &f->n_cookies);
    GArray *args = g_array_new(FALSE, FALSE, sizeof(struct vo_req_kv));
    parse_query(&r->arena, query, args);
    f->query = arena_list(&r->arena, args, &f->n_query);
}

void vo_req_run(struct vo_server *s, const struct vo_req_head *h, struct vo_req *r)
{
    memset(r, 0, sizeof *r);
    r->srv = s;
    r->raw = "";
    vo_arena_init(&r->arena, VO_REQUEST_ARENA_CAP);
    const char *target = h->target ? h->target : "";
    char msg[128];
    if (!vo_url_check(target, msg, sizeof msg)) {
        vo_req_json(r, 414, vo_error_json("uri_too_long", msg, NULL, NULL, NULL));
        return;
    }
    size_t plen = strcspn(target, "?");
    r->path = vo_arena_strndup(&r->arena, target, plen);
    make_fields(r, h, target[plen] == '?' ? target + plen + 1 : NULL);
    if (!r->path || !r->fields) {
        vo_error_set(&r->err, VO_ENOMEM, NULL, "out of memory");
        vo_req_error(r, VO_ENOMEM);
        return;
    }
    r->method = vo_http_method(h->method ? h->method : "");
    r->content_type = vo_req_header(r, "Content-Type");
    const struct vo_route *route = vo_route_match(r->method, r->path, NULL);
    if (!vo_dispatch_head(s, r, route))
        return;
    r->address = h->address ? h->address : "";
    if (h->body && h->body_len) {
        size_t limit = route->body_limit ? s->opts.import_limit : s->opts.body_limit;
        if (h->body_len > limit) {
            vo_error_set(&r->err, VO_ETOOBIG, NULL, "the request body is larger than %zu bytes",
                         limit);
            vo_req_error(r, VO_ETOOBIG);
            return;
        }
        if (route->body_limit && r->content_type &&
            g_ascii_strncasecmp(r->content_type, "multipart/form-data", 19) == 0) {
            vo_error_set(&r->err, VO_EUSAGE, NULL, "a multipart body is read only on a connection");
            vo_req_error(r, VO_EUSAGE);
            return;
        }
        char *raw = vo_arena_strndup(&r->arena, h->body, h->body_len);
        if (!raw) {
            vo_error_set(&r->err, VO_ETOOBIG, NULL, "the request body does not fit in memory");
            vo_req_error(r, VO_ETOOBIG);
            return;
        }
        r->raw = raw;
        r->raw_len = h->body_len;
    }
    vo_dispatch_body(s, r, route, r->address);
}
