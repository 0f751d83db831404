/*
 * sessions.c - web sessions and API tokens. Only the hash of a secret is
 * stored (the caller hashes); a look-up by hash finds the org and the user
 * the secret speaks for.
 */
#include "store/store_int.h"

#include <string.h>

static const char SQL_SESSION_INSERT[] =
    "INSERT INTO sessions(org_id, user_id, token_hash, csrf, created_at, seen_at, expires_at, "
    "address) VALUES(?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7)";

vo_err vo_store_session_insert(struct vo_store *st, struct vo_session *s, const char *token_hash,
                               const char *address, struct vo_error *e)
{
    const struct vo_st_param p[] = {
        VO_P_I64(s->org_id),     VO_P_I64(s->user_id),    VO_P_TEXT(token_hash), VO_P_TEXT(s->csrf),
        VO_P_I64(s->created_at), VO_P_I64(s->expires_at), VO_P_TEXT(address),
    };
    return vo_st_insert(st, SQL_SESSION_INSERT, p, VO_ST_N(p), &s->id, "session", e);
}

static const char SQL_SESSION_FIND[] =
    "SELECT id, org_id, user_id, csrf, created_at, seen_at, expires_at FROM sessions "
    "WHERE token_hash = ?1";

/* The columns of SQL_SESSION_FIND, in its order. */
VO_ST_ROW_FN(session_row, vo_session, VO_C_INT(id), VO_C_INT(org_id), VO_C_INT(user_id),
             VO_C_TEXT(csrf), VO_C_INT(created_at), VO_C_INT(seen_at), VO_C_INT(expires_at))

vo_err vo_store_session_find(struct vo_store *st, const char *token_hash, struct vo_arena *a,
                             struct vo_session *out, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_TEXT(token_hash)};
    vo_err rc = vo_st_get(st, SQL_SESSION_FIND, p, VO_ST_N(p), a, session_row, out, "session", e);
    if (rc == VO_ENOTFOUND)
        return vo_error_set(e, VO_ENOTFOUND, "session", "no such session");
    return rc;
}

static const char SQL_SESSION_TOUCH[] =
    "UPDATE sessions SET seen_at = ?2 WHERE org_id = ?3 AND id = ?1";

vo_err vo_store_session_touch(struct vo_store *st, int64_t org, int64_t id, int64_t now,
                              struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(id), VO_P_I64(now), VO_P_I64(org)};
    return vo_st_run(st, SQL_SESSION_TOUCH, p, VO_ST_N(p), "session", e);
}

static const char SQL_SESSION_DELETE[] = "DELETE FROM sessions WHERE org_id = ?2 AND id = ?1";

vo_err vo_store_session_delete(struct vo_store *st, int64_t org, int64_t id, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(id), VO_P_I64(org)};
    return vo_st_run(st, SQL_SESSION_DELETE, p, VO_ST_N(p), "session", e);
}

static const char SQL_SESSION_DELETE_USER[] =
    "DELETE FROM sessions WHERE org_id = ?1 AND user_id = ?2 AND id IS NOT ?3";

vo_err vo_store_session_delete_user(struct vo_store *st, int64_t org, int64_t user, int64_t except,
                                    struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(user), VO_P_ID(except)};
    return vo_st_run(st, SQL_SESSION_DELETE_USER, p, VO_ST_N(p), "session", e);
}

static const char SQL_SESSION_PURGE[] =
    "DELETE FROM sessions WHERE org_id = ?2 AND expires_at <= ?1";

vo_err vo_store_session_purge(struct vo_store *st, int64_t org, int64_t now, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(now), VO_P_I64(org)};
    return vo_st_run(st, SQL_SESSION_PURGE, p, VO_ST_N(p), "session", e);
}

static const char SQL_TOKEN_INSERT[] =
    "INSERT INTO api_tokens(org_id, user_id, name, token_hash, created_at, created_by, scopes, "
    "expires_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

vo_err vo_store_token_insert(struct vo_store *st, struct vo_api_token *t, const char *token_hash,
                             struct vo_error *e)
{
    const struct vo_st_param p[] = {
        VO_P_I64(t->org_id),          VO_P_I64(t->user_id),    VO_P_TEXT(t->name),
        VO_P_TEXT(token_hash),        VO_P_I64(t->created_at), VO_P_ID(t->created_by),
        VO_P_I64((int64_t)t->scopes), VO_P_OPT(t->expires_at),
    };
    return vo_st_insert(st, SQL_TOKEN_INSERT, p, VO_ST_N(p), &t->id, "api token", e);
}

#define TOKEN_COLS                                                                                 \
    "id, org_id, user_id, name, created_at, created_by, used_at, revoked_at, scopes, expires_at"

/* The columns of TOKEN_COLS, in its order. */
VO_ST_ROW_FN(token_row, vo_api_token, VO_C_INT(id), VO_C_INT(org_id), VO_C_INT(user_id),
             VO_C_TEXT(name), VO_C_INT(created_at), VO_C_INT(created_by), VO_C_OPT(used_at),
             VO_C_OPT(revoked_at), VO_C_INT(scopes), VO_C_OPT(expires_at))

static const char SQL_TOKEN_FIND[] = "SELECT " TOKEN_COLS " FROM api_tokens WHERE token_hash = ?1";

vo_err vo_store_token_find(struct vo_store *st, const char *token_hash, struct vo_arena *a,
                           struct vo_api_token *out, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_TEXT(token_hash)};
    vo_err rc = vo_st_get(st, SQL_TOKEN_FIND, p, VO_ST_N(p), a, token_row, out, "api token", e);
    if (rc == VO_ENOTFOUND)
        return vo_error_set(e, VO_ENOTFOUND, "token", "no such API token");
    return rc;
}

static const char SQL_TOKEN_LIST[] =
    "SELECT " TOKEN_COLS " FROM api_tokens WHERE org_id = ?1 ORDER BY id";

vo_err vo_store_token_list(struct vo_store *st, int64_t org, struct vo_arena *a,
                           struct vo_api_token **out, size_t *n, struct vo_error *e)
{
    return vo_st_list_by(st, SQL_TOKEN_LIST, org, a, sizeof **out, token_row, out, n, "api token",
                         e);
}

static const char SQL_TOKEN_REVOKE[] =
    "UPDATE api_tokens SET revoked_at = ?3 WHERE org_id = ?1 AND id = ?2 AND revoked_at IS NULL";

vo_err vo_store_token_revoke(struct vo_store *st, int64_t org, int64_t id, int64_t now,
                             struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(id), VO_P_I64(now)};
    return vo_st_change_one(st, SQL_TOKEN_REVOKE, p, VO_ST_N(p), "api token", "id",
                            "active API token", id, e);
}

static const char SQL_TOKEN_USED[] =
    "UPDATE api_tokens SET used_at = ?2 WHERE org_id = ?3 AND id = ?1";

vo_err vo_store_token_used(struct vo_store *st, int64_t org, int64_t id, int64_t now,
                           struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(id), VO_P_I64(now), VO_P_I64(org)};
    return vo_st_run(st, SQL_TOKEN_USED, p, VO_ST_N(p), "api token", e);
}

static const char SQL_LOGIN_FIND[] =
    "SELECT u.org_id, u.id FROM users u JOIN orgs o ON o.id = u.org_id "
    "WHERE u.email = lower(?1) AND (?2 IS NULL OR o.name = ?2 OR CAST(o.id AS TEXT) = ?2) ORDER BY "
    "u.org_id";

vo_err vo_store_login_find(struct vo_store *st, const char *email, const char *org, int64_t *org_id,
                           int64_t *user_id, int *count, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_TEXT(email), VO_P_TEXT(org)};
    int64_t v[2];
    vo_err rc =
        vo_st_first(st, SQL_LOGIN_FIND, p, VO_ST_N(p), NULL, vo_st_row_i64x2, v, count, "login", e);
    if (rc)
        return rc;
    if (*count == 0)
        return VO_ENOTFOUND;
    *org_id = v[0];
    *user_id = v[1];
    return VO_OK;
}
