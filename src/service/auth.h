/*
 * auth.h - who is asking: logging in with a password (throttled), web
 * sessions (a random 256-bit token in a cookie, stored hashed, with an idle
 * and an absolute timeout and a CSRF token), API tokens for integrations
 * (created and revoked by an admin, stored hashed).
 */
#ifndef VO_SERVICE_AUTH_H
#define VO_SERVICE_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "service/service.h"
#include "service/throttle.h"

struct vo_auth_config {
    int64_t idle_timeout;     /* seconds without a request; default 8 hours */
    int64_t absolute_timeout; /* seconds since login; default 7 days */
};

/* What an API token may be used for (docs/api-session.md, "Scopes"): every
 * route of the API needs one of them (http/routes.c, vo_route_scope). A
 * session has them all (its role still limits it); a token only those it
 * was given, and its owner's role limits it as well. */
enum vo_scope {
    VO_SCOPE_READ = 1,    /* GET of the CRM's data and settings */
    VO_SCOPE_WRITE = 2,   /* creating and changing records */
    VO_SCOPE_REPORTS = 4, /* GET /api/v1/reports/... */
    VO_SCOPE_ADMIN = 8,   /* users, API tokens, the org's settings */
};
#define VO_SCOPE_ALL     15u
#define VO_SCOPE_DEFAULT (VO_SCOPE_READ | VO_SCOPE_WRITE | VO_SCOPE_REPORTS)
/* The longest life of a token: 5 years of 366 days. */
#define VO_TOKEN_MAX_DAYS 1830
/* The scope's name ("read", "write", "reports", "admin"; NULL for none or
 * several bits). */
const char *vo_scope_name(unsigned scope);
/* Parses "read,write" (names separated by commas, no spaces; at least
 * one) into *out; VO_EINVAL naming field for an unknown name. */
vo_err vo_scope_parse(const char *list, const char *field, unsigned *out, struct vo_error *e);

/* The outcome of authenticating a request. */
struct vo_actor {
    int64_t org_id, user_id;
    enum vo_role role;
    int64_t session_id; /* 0 for an API token */
    int64_t token_id;   /* 0 for a session */
    const char *csrf;   /* the session's CSRF token (arena), NULL for a token */
    const char *name, *email;
    unsigned scopes; /* VO_SCOPE_* bits: all for a session, the token's for a token */
};

/* Checks email + password (org: name or id, may be NULL when the email is
 * in one org) and opens a session. *token is the secret for the cookie and
 * *csrf its CSRF token, both in the arena, shown once. Errors: VO_EPERM for
 * a wrong email or password or a disabled user (one message for all, so
 * nothing leaks), VO_ETOOBIG (throttled; *retry_after seconds) when too many
 * failures came for this account from this address, or from this address
 * in all (throttle.h; th may be NULL: no throttling). A correct login
 * rehashes the password when the hashing parameters changed. */
vo_err vo_auth_login(struct vo_store *st, struct vo_throttle *th, const struct vo_auth_config *cfg,
                     const char *email, const char *password, const char *org, const char *address,
                     struct vo_arena *a, struct vo_actor *out, const char **token,
                     int64_t *retry_after, struct vo_error *e);
/* The actor of a session cookie; VO_EPERM when unknown, expired (idle or
 * absolute) or its user is disabled. Refreshes the idle clock. */
vo_err vo_auth_session(struct vo_store *st, const struct vo_auth_config *cfg, const char *token,
                       struct vo_arena *a, struct vo_actor *out, struct vo_error *e);
/* The actor of an API token (Authorization: Bearer); VO_EPERM when unknown
 * or revoked, and when expired with its own message (id
 * "auth.token_expired": the API answers 401 token_expired). */
vo_err vo_auth_bearer(struct vo_store *st, const char *token, struct vo_arena *a,
                      struct vo_actor *out, struct vo_error *e);
/* The clocks a cached verification re-checks without the store: for a
 * session its last touch and absolute expiry, for a token its last use
 * (VO_NULL when never). */
struct vo_auth_clock {
    int64_t seen_at;
    int64_t expires_at; /* a token's: 0 when it never expires */
};
/* vo_auth_session / vo_auth_bearer that also return the clocks (clock may
 * be NULL). */
vo_err vo_auth_session_clock(struct vo_store *st, const struct vo_auth_config *cfg,
                             const char *token, struct vo_arena *a, struct vo_actor *out,
                             struct vo_auth_clock *clock, struct vo_error *e);
vo_err vo_auth_bearer_clock(struct vo_store *st, const char *token, struct vo_arena *a,
                            struct vo_actor *out, struct vo_auth_clock *clock, struct vo_error *e);
/* For an actor taken from a cache of verified credentials: VO_EPERM when
 * its session has expired by the clock (the caller then asks the store,
 * which deletes it); otherwise touches the session's idle clock or the
 * token's last use when a minute has passed, exactly as the store path
 * does, and updates *clock. */
vo_err vo_auth_recheck(struct vo_store *st, const struct vo_auth_config *cfg,
                       const struct vo_actor *actor, struct vo_auth_clock *clock,
                       struct vo_error *e);
/* Ends org's session session_id on the server. */
vo_err vo_auth_logout(struct vo_store *st, int64_t org, int64_t session_id, struct vo_error *e);
/* Creates an API token for user (admin only) with scopes (VO_SCOPE_* bits,
 * at least one) and an expiry (VO_NULL: never; else after now and at most
 * VO_TOKEN_MAX_DAYS days away); *token is the secret, shown once.
 * VO_EINVAL naming "name", "user_id", "scopes" or "expires_at". */
vo_err vo_auth_token_create(struct vo_svc *svc, int64_t user_id, const char *name, unsigned scopes,
                            int64_t expires_at, struct vo_api_token *out, const char **token,
                            struct vo_error *e);
vo_err vo_auth_token_revoke(struct vo_svc *svc, int64_t id, struct vo_error *e);

/* The hex BLAKE2b-256 of a secret, as stored. out has 65 bytes. */
void vo_auth_hash_secret(const char *secret, char out[65]);

#endif
