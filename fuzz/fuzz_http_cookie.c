/*
 * fuzz_http_cookie.c - the credentials of a request: the Cookie header
 * (split as libmicrohttpd splits it, vo_req_run), the session cookie, its
 * CSRF token (X-CSRF-Token) and the Authorization header, read by
 * request.c's authenticate and the CSRF check of vo_dispatch_head, against
 * the sessions and API tokens of fuzz_http.h's company.
 *
 * Input: byte 0: bit 0 the request (0: GET /api/v1/session, who am I; 1:
 * POST /api/v1/users/{own id}/password with {}, a mutation every role may
 * make that is refused 422 after the router: nothing changes), bits 1-2
 * the role whose id goes into that path. The rest is up to three lines:
 * the Cookie header, the X-CSRF-Token header, the Authorization header
 * (a line left out: no such header). In them "$S0".."$S3" stand for the
 * session secret of the admin, head, manager, viewer, "$C0".."$C3" for
 * their CSRF tokens and "$B0".."$B3" for their API tokens (so that the
 * fuzzer can put real credentials into odd syntax).
 *
 * Checks, beyond the sanitizers: every response passes fuzz_http_check;
 * the answer is the router's refusal (401 "unauthorized", 403 "csrf") or
 * the handler's (GET: 200; POST: 422, or 403 or 404 for another's
 * password);
 * a request let through is signed in as a user one of whose credentials is
 * in its headers (a session secret in the Cookie header, an API token in
 * Authorization); a POST let through by a session has that session's CSRF
 * token, exactly, in X-CSRF-Token (or came with a bearer token).
 */
#include "fuzz_http.h"

const struct fuzz_http_target fuzz_http_target = {.with_web = false};

/* text with $S<n>, $C<n>, $B<n> replaced. */
static char *expand(const char *text)
{
    GString *s = g_string_new(NULL);
    for (const char *p = text; *p; p++) {
        if (p[0] == '$' && (p[1] == 'S' || p[1] == 'C' || p[1] == 'B') && p[2] >= '0' &&
            p[2] <= '3') {
            const struct fuzz_cred *c = &fuzz_http.role[p[2] - '0'];
            g_string_append(s, p[1] == 'S' ? c->secret : p[1] == 'C' ? c->csrf : c->bearer + 7);
            p += 2;
        } else {
            g_string_append_c(s, *p);
        }
    }
    return g_string_free(s, FALSE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    bool post = data[0] & 1;
    int role = (data[0] >> 1) & 3;
    char *text = fuzz_cstr(data + 1, size - 1);
    char *line[3] = {NULL, NULL, NULL};
    char *p = text;
    for (int i = 0; i < 3 && p; i++) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        line[i] = expand(p);
        p = nl ? nl + 1 : NULL;
    }
    static const char *const names[] = {"Cookie", "X-CSRF-Token", "Authorization"};
    const char *headers[10] = {"Content-Type", "application/json"};
    size_t nh = 2;
    for (int i = 0; i < 3; i++)
        if (line[i]) {
            headers[nh++] = names[i];
            headers[nh++] = line[i];
        }
    char *target = post ? g_strdup_printf("/api/v1/users/%lld/password",
                                          (long long)fuzz_http.role[role].user_id)
                        : g_strdup("/api/v1/session");
    struct vo_req_head h = {.method = post ? "POST" : "GET",
                            .target = target,
                            .headers = headers,
                            .body = post ? "{}" : NULL,
                            .body_len = post ? 2 : 0,
                            .address = "192.0.2.1"};
    struct vo_req r;
    fuzz_http_run(&h, &r);
    fuzz_http_check(&r, text);
    const char *code = fuzz_http_error_code(&r);
    bool refused = (r.status == 401 && code && strcmp(code, "unauthorized") == 0) ||
                   (r.status == 403 && code && strcmp(code, "csrf") == 0);
    /* Let through: GET is 200; the POST is the handler's 422 (no
     * password), or its 403 or 404 for another user's password. */
    bool through = post ? r.status == 422 ||
                              (r.status == 404 && code && strcmp(code, "not_found") == 0) ||
                              (r.status == 403 && code && strcmp(code, "forbidden") == 0 &&
                               !fuzz_http_role_refused(&r))
                        : r.status == 200;
    FUZZ_CHECK(through || refused, "an answer other than the route's, 401 or 403 csrf", text);
    if (through) {
        /* Signed in as whom, by what. */
        const struct fuzz_cred *c = NULL;
        for (int i = 0; i < FUZZ_ROLES; i++)
            if (fuzz_http.role[i].user_id == r.actor.user_id)
                c = &fuzz_http.role[i];
        FUZZ_CHECK(c != NULL, "signed in as nobody of the company", text);
        bool by_bearer = r.actor.session_id == 0;
        if (by_bearer)
            FUZZ_CHECK(line[2] && strstr(line[2], c->bearer + 7),
                       "signed in by a token not in Authorization", text);
        else
            FUZZ_CHECK(line[0] && strstr(line[0], c->secret),
                       "signed in by a session not in the Cookie header", text);
        if (post && !by_bearer)
            FUZZ_CHECK(line[1] && strcmp(line[1], c->csrf) == 0,
                       "a mutation by cookie without its exact CSRF token", text);
    }
    vo_req_finish(fuzz_http.srv, &r);
    g_free(target);
    for (int i = 0; i < 3; i++)
        g_free(line[i]);
    free(text);
    return 0;
}
