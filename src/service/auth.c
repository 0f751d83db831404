/*
 * auth.c - logins, sessions, API tokens and login throttling.
 *
 * Secrets are 32 random bytes (libsodium randombytes_buf) shown to the
 * client once as 64 hex characters; the store keeps only their BLAKE2b-256
 * hash, so a stolen database holds no usable session. Password guessing is
 * throttled (throttle.c) per account and address and per address, kept in
 * memory by the serving process (a restart forgetting it is harmless), or
 * on PostgreSQL in the database the servers share.
 */
#include "service/auth.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/timeutil.h"

void vo_auth_hash_secret(const char *secret, char out[65])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)secret, strlen(secret), NULL, 0);
    sodium_bin2hex(out, 65, h, sizeof h);
}

/* 32 random bytes as 64 hex characters, in the arena. */
static const char *new_secret(struct vo_arena *a)
{
    unsigned char r[32];
    char hex[65];
    if (sodium_init() < 0)
        return NULL;
    randombytes_buf(r, sizeof r);
    sodium_bin2hex(hex, sizeof hex, r, sizeof r);
    return vo_arena_strdup(a, hex);
}

static const char *const scope_names[] = {"read", "write", "reports", "admin"};

const char *vo_scope_name(unsigned scope)
{
    for (unsigned i = 0; i < 4; i++)
        if (scope == 1u << i)
            return scope_names[i];
    return NULL;
}

vo_err vo_scope_parse(const char *list, const char *field, unsigned *out, struct vo_error *e)
{
    unsigned bits = 0;
    const char *p = list ? list : "";
    while (*p) {
        size_t n = strcspn(p, ",");
        unsigned bit = 0;
        for (unsigned i = 0; i < 4 && !bit; i++)
            if (n == strlen(scope_names[i]) && strncmp(p, scope_names[i], n) == 0)
                bit = 1u << i;
        if (!bit)
            return vo_error_set(e, VO_EINVAL, field,
                                "\"%.*s\" is not a scope (read, write, reports, admin)", (int)n, p);
        bits |= bit;
        p += n;
        if (*p == ',')
            p++;
    }
    if (!bits)
        return vo_error_set(e, VO_EINVAL, field,
                            "give at least one scope (read, write, reports, admin)");
    *out = bits;
    return VO_OK;
}

static const struct vo_auth_config default_cfg = {8 * 3600, 7 * 86400};

static vo_err fill_actor(struct vo_store *st, int64_t org, int64_t user, struct vo_arena *a,
                         struct vo_actor *out, struct vo_error *e)
{
    struct vo_user u;
    if (vo_store_user_get(st, org, user, a, &u, NULL) != VO_OK || !u.active)
        return vo_error_set(e, VO_EPERM, NULL, "not signed in");
    out->org_id = org;
    out->user_id = user;
    out->role = u.role;
    out->name = u.name;
    out->email = u.email;
    return VO_OK;
}

vo_err vo_auth_login(struct vo_store *st, struct vo_throttle *th, const struct vo_auth_config *cfg,
                     const char *email, const char *password, const char *org, const char *address,
                     struct vo_arena *a, struct vo_actor *out, const char **token,
                     int64_t *retry_after, struct vo_error *e)
{
    if (!cfg)
        cfg = &default_cfg;
    int64_t now = vo_now();
    /* The slot is taken before the password is checked (one step with the
     * check), so parallel guesses cannot all pass the limit. */
    struct vo_throttle_ticket tk;
    int64_t wait_ms = vo_throttle_begin(th, st, email, address, vo_throttle_now(th), &tk);
    if (wait_ms > 0) {
        int64_t wait = (wait_ms + 999) / 1000; /* whole seconds, rounded up */
        if (retry_after)
            *retry_after = wait;
        return vo_error_set(e, VO_ETOOBIG, NULL, "too many failed sign-ins: try again in %lld s",
                            (long long)wait);
    }
    int64_t org_id = 0, user_id = 0;
    int count = 0;
    vo_err rc = VO_EPERM;
    struct vo_user u;
    if (email && password &&
        vo_store_login_find(st, email, org, &org_id, &user_id, &count, NULL) == VO_OK) {
        if (count > 1) {
            vo_throttle_end(th, st, &tk, VO_THROTTLE_VOID, vo_throttle_now(th));
            return vo_error_set(e, VO_EINVAL, "org",
                                "this email belongs to several orgs: say which one (\"org\")");
        }
        if (vo_store_user_get(st, org_id, user_id, a, &u, NULL) == VO_OK && u.active &&
            vo_password_verify(u.password_hash, password))
            rc = VO_OK;
    } else if (password) {
        /* Spend the same time on an unknown email as on a wrong password. */
        vo_password_decoy(password);
    }
    vo_throttle_end(th, st, &tk, rc ? VO_THROTTLE_FAILED : VO_THROTTLE_PASSED, vo_throttle_now(th));
    if (rc)
        return vo_error_set(e, VO_EPERM, NULL, "wrong email or password");

    if (vo_password_needs_rehash(u.password_hash)) {
        char hash[crypto_pwhash_STRBYTES];
        if (vo_password_hash(password, hash, sizeof hash, NULL) == VO_OK)
            vo_store_user_set_password(st, org_id, user_id, hash, NULL);
    }

    const char *secret = new_secret(a);
    const char *csrf = new_secret(a);
    if (!secret || !csrf)
        return vo_error_set(e, VO_ENOMEM, NULL, "no randomness");
    char hash[65];
    vo_auth_hash_secret(secret, hash);
    struct vo_session s = {.org_id = org_id,
                           .user_id = user_id,
                           .csrf = csrf,
                           .created_at = now,
                           .seen_at = now,
                           .expires_at = now + cfg->absolute_timeout};
    if ((rc = vo_store_begin(st, e)))
        return rc;
    if (!(rc = vo_store_session_purge(st, org_id, now, e)) &&
        !(rc = vo_store_session_insert(st, &s, hash, address, e)) &&
        !(rc = vo_store_audit(st, org_id, user_id, "session.login", "user", user_id, address, e)))
        rc = vo_store_commit(st, e);
    if (rc) {
        vo_store_rollback(st);
        return rc;
    }
    memset(out, 0, sizeof *out);
    if ((rc = fill_actor(st, org_id, user_id, a, out, e)))
        return rc;
    out->session_id = s.id;
    out->csrf = csrf;
    *token = secret;
    return VO_OK;
}

vo_err vo_auth_session(struct vo_store *st, const struct vo_auth_config *cfg, const char *token,
                       struct vo_arena *a, struct vo_actor *out, struct vo_error *e)
{
    return vo_auth_session_clock(st, cfg, token, a, out, NULL, e);
}

vo_err vo_auth_session_clock(struct vo_store *st, const struct vo_auth_config *cfg,
                             const char *token, struct vo_arena *a, struct vo_actor *out,
                             struct vo_auth_clock *clock, struct vo_error *e)
{
    if (!cfg)
        cfg = &default_cfg;
    if (!token || strlen(token) != 64)
        return vo_error_set(e, VO_EPERM, NULL, "not signed in");
    char hash[65];
    vo_auth_hash_secret(token, hash);
    struct vo_session s;
    if (vo_store_session_find(st, hash, a, &s, NULL) != VO_OK)
        return vo_error_set(e, VO_EPERM, NULL, "not signed in");
    int64_t now = vo_now();
    if (now >= s.expires_at || now - s.seen_at > cfg->idle_timeout) {
        vo_store_session_delete(st, s.org_id, s.id, NULL);
        return vo_error_set(e, VO_EPERM, NULL, "the session has expired: sign in again");
    }
    memset(out, 0, sizeof *out);
    vo_err rc = fill_actor(st, s.org_id, s.user_id, a, out, e);
    if (rc)
        return rc;
    /* Touch at most once a minute: the idle clock needs no finer grain. */
    if (now - s.seen_at >= 60 && vo_store_session_touch(st, s.org_id, s.id, now, NULL) == VO_OK)
        s.seen_at = now;
    out->session_id = s.id;
    out->csrf = s.csrf;
    out->scopes = VO_SCOPE_ALL;
    if (clock)
        *clock = (struct vo_auth_clock){.seen_at = s.seen_at, .expires_at = s.expires_at};
    return VO_OK;
}

vo_err vo_auth_bearer(struct vo_store *st, const char *token, struct vo_arena *a,
                      struct vo_actor *out, struct vo_error *e)
{
    return vo_auth_bearer_clock(st, token, a, out, NULL, e);
}

vo_err vo_auth_bearer_clock(struct vo_store *st, const char *token, struct vo_arena *a,
                            struct vo_actor *out, struct vo_auth_clock *clock, struct vo_error *e)
{
    if (!token || strlen(token) < 16)
        return vo_error_set(e, VO_EPERM, NULL, "not a valid API token");
    char hash[65];
    vo_auth_hash_secret(token, hash);
    struct vo_api_token t;
    if (vo_store_token_find(st, hash, a, &t, NULL) != VO_OK || t.revoked_at != VO_NULL)
        return vo_error_set(e, VO_EPERM, NULL, "not a valid API token");
    int64_t now = vo_now();
    if (t.expires_at != VO_NULL && now >= t.expires_at)
        return vo_error_set(e, VO_EPERM, NULL, "the API token has expired");
    memset(out, 0, sizeof *out);
    vo_err rc = fill_actor(st, t.org_id, t.user_id, a, out, e);
    if (rc)
        return rc;
    if ((t.used_at == VO_NULL || now - t.used_at >= 60) &&
        vo_store_token_used(st, t.org_id, t.id, now, NULL) == VO_OK)
        t.used_at = now;
    out->token_id = t.id;
    out->scopes = t.scopes & VO_SCOPE_ALL;
    if (clock)
        *clock = (struct vo_auth_clock){.seen_at = t.used_at,
                                        .expires_at = t.expires_at == VO_NULL ? 0 : t.expires_at};
    return VO_OK;
}

vo_err vo_auth_recheck(struct vo_store *st, const struct vo_auth_config *cfg,
                       const struct vo_actor *actor, struct vo_auth_clock *clock,
                       struct vo_error *e)
{
    if (!cfg)
        cfg = &default_cfg;
    int64_t now = vo_now();
    if (actor->session_id) {
        if (now >= clock->expires_at || now - clock->seen_at > cfg->idle_timeout)
            return vo_error_set(e, VO_EPERM, NULL, "the session has expired: sign in again");
        if (now - clock->seen_at >= 60 &&
            vo_store_session_touch(st, actor->org_id, actor->session_id, now, NULL) == VO_OK)
            clock->seen_at = now;
        return VO_OK;
    }
    if (clock->expires_at && now >= clock->expires_at)
        return vo_error_set(e, VO_EPERM, NULL, "the API token has expired");
    if ((clock->seen_at == VO_NULL || now - clock->seen_at >= 60) &&
        vo_store_token_used(st, actor->org_id, actor->token_id, now, NULL) == VO_OK)
        clock->seen_at = now;
    return VO_OK;
}

vo_err vo_auth_logout(struct vo_store *st, int64_t org, int64_t session_id, struct vo_error *e)
{
    return vo_store_session_delete(st, org, session_id, e);
}

vo_err vo_auth_token_create(struct vo_svc *svc, int64_t user_id, const char *name, unsigned scopes,
                            int64_t expires_at, struct vo_api_token *out, const char **token,
                            struct vo_error *e)
{
    vo_err perm = vo_svc_may_write(svc, VO_OBJ_TOKEN, e);
    if (perm)
        return perm;
    if (!name || !*name || strlen(name) > 200)
        return vo_error_set(e, VO_EINVAL, "name", "a token needs a name (at most 200 characters)");
    if (!scopes || (scopes & ~VO_SCOPE_ALL))
        return vo_error_set(e, VO_EINVAL, "scopes",
                            "give at least one scope (read, write, reports, admin)");
    int64_t now = vo_now();
    if (expires_at != VO_NULL &&
        (expires_at <= now || expires_at - now > (int64_t)VO_TOKEN_MAX_DAYS * 86400))
        return vo_error_set(e, VO_EINVAL, "expires_at",
                            "a token expires after now and within %d days", VO_TOKEN_MAX_DAYS);
    struct vo_user u;
    vo_err rc = vo_store_user_get(svc->st, svc->org.id, user_id, svc->arena, &u, NULL);
    if (rc || !u.active)
        return vo_error_set(e, VO_EINVAL, "user_id", "no active user %lld in the org",
                            (long long)user_id);
    const char *secret = new_secret(svc->arena);
    if (!secret)
        return vo_error_set(e, VO_ENOMEM, NULL, "no randomness");
    char hash[65];
    vo_auth_hash_secret(secret, hash);
    struct vo_api_token t = {.org_id = svc->org.id,
                             .user_id = user_id,
                             .name = name,
                             .created_at = now,
                             .scopes = scopes,
                             .expires_at = expires_at,
                             .created_by = svc->actor_id,
                             .used_at = VO_NULL,
                             .revoked_at = VO_NULL};
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    if (!(rc = vo_store_token_insert(svc->st, &t, hash, e)) &&
        !(rc = vo_store_audit(svc->st, svc->org.id, svc->actor_id, "token.create", "api_token",
                              t.id, name, e)))
        rc = vo_store_commit(svc->st, e);
    if (rc) {
        vo_store_rollback(svc->st);
        return rc;
    }
    *out = t;
    *token = secret;
    return VO_OK;
}

vo_err vo_auth_token_revoke(struct vo_svc *svc, int64_t id, struct vo_error *e)
{
    vo_err perm = vo_svc_may_write(svc, VO_OBJ_TOKEN, e);
    if (perm)
        return perm;
    vo_err rc = vo_store_begin(svc->st, e);
    if (rc)
        return rc;
    if (!(rc = vo_store_token_revoke(svc->st, svc->org.id, id, vo_now(), e)) &&
        !(rc = vo_store_audit(svc->st, svc->org.id, svc->actor_id, "token.revoke", "api_token", id,
                              NULL, e)))
        rc = vo_store_commit(svc->st, e);
    if (rc)
        vo_store_rollback(svc->st);
    return rc;
}
