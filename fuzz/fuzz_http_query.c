/*
 * fuzz_http_query.c - query strings: split into arguments as
 * libmicrohttpd splits them (vo_req_run), then read by vo_req_query, the
 * cursor paging of every list (vo_page_parse: limit, sort, cursor) and the
 * handlers' own filters (?period=, ?from=, ?to=, ?year=, ?user=, ?scope=,
 * ?status=, ?list=, ...).
 *
 * Input: byte 0 picks a GET route of the route table with its {id} as 1,
 * byte 1 the role (admin, head, manager, viewer; by its API token); the
 * rest is the query string (after the "?").
 *
 * Checks, beyond the sanitizers: every response passes fuzz_http_check
 * (no 5xx, a body that encodes, the error shape); the query never changes
 * the router's answer (an allowed role is not refused 401/403 by it); and
 * on the same arguments vo_page_parse gives limit 1..500, a sort key of
 * its list, and for a cursor an id > 0 whose re-encoding
 * (vo_page_cursor) parses back to the same key and id.
 */
#include "fuzz_http.h"

#include "http/paging.h"

static const struct vo_route *gets[128];
static size_t n_gets;

/* The GET routes, which the target picks from. */
static void collect_gets(void)
{
    for (size_t i = 0; i < vo_route_count && n_gets < 128; i++)
        if (vo_routes[i].method == VO_GET)
            gets[n_gets++] = &vo_routes[i];
}

const struct fuzz_http_target fuzz_http_target = {.with_web = false, .init = collect_gets};

static void check_paging(struct vo_req *r, const char *input)
{
    static const char *const allowed[] = {"id", "name", "amount", "created_at", NULL};
    struct vo_page p;
    memset(&r->err, 0, sizeof r->err);
    if (vo_page_parse(r, allowed, &p) != VO_OK) {
        FUZZ_CHECK(r->err.field[0], "a paging refusal naming no parameter", input);
        return;
    }
    FUZZ_CHECK(p.limit >= 1 && p.limit <= 500, "limit out of 1..500", input);
    bool known = false;
    for (const char *const *a = allowed; *a; a++)
        known |= strcmp(*a, p.sort) == 0;
    FUZZ_CHECK(known, "a sort key outside the list's", input);
    if (!p.has_cursor)
        return;
    FUZZ_CHECK(p.after_id > 0 && p.after_key, "a cursor without its id or key", input);
    /* The cursor made from what was read parses back to it. */
    const char *cur = vo_page_cursor(r, p.after_key, p.after_id);
    struct vo_req_kv kv = {"cursor", cur};
    struct vo_req_fields f = {.query = &kv, .n_query = 1};
    struct vo_req again = {0};
    again.fields = &f;
    vo_arena_init(&again.arena, 0);
    struct vo_page q;
    FUZZ_CHECK(vo_page_parse(&again, allowed, &q) == VO_OK, "a re-encoded cursor is refused",
               input);
    FUZZ_CHECK(q.after_id == p.after_id && strcmp(q.after_key, p.after_key) == 0,
               "a re-encoded cursor reads back differently", input);
    vo_arena_cleanup(&again.arena);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2 || !n_gets)
        return 0;
    const struct vo_route *route = gets[data[0] % n_gets];
    int role = data[1] & 3;
    char *query = fuzz_cstr(data + 2, size - 2);
    GString *target = g_string_new(NULL);
    for (const char *p = route->path; *p;) {
        if (*p == '{') {
            g_string_append_c(target, '1');
            const char *e = strchr(p, '}');
            p = e ? e + 1 : p + strlen(p);
        } else {
            g_string_append_c(target, *p++);
        }
    }
    g_string_append_printf(target, "?%s", query);
    const char *headers[] = {"Authorization", fuzz_http.role[role].bearer, NULL};
    struct vo_req_head h = {
        .method = "GET", .target = target->str, .headers = headers, .address = "192.0.2.1"};
    struct vo_req r;
    fuzz_http_run(&h, &r);
    fuzz_http_check(&r, target->str);
    char msg[128];
    if (vo_url_check(target->str, msg, sizeof msg) && route->roles != VO_R_PUBLIC &&
        ((route->roles >> role) & 1u))
        FUZZ_CHECK(r.status != 401 && !fuzz_http_role_refused(&r),
                   "an allowed role refused by the router", target->str);
    if (r.fields)
        check_paging(&r, target->str);
    vo_req_finish(fuzz_http.srv, &r);
    g_string_free(target, TRUE);
    free(query);
    return 0;
}
