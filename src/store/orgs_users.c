/*
 * orgs_users.c - orgs, teams, users and the audit log: the accounts side of
 * the store.
 */
#include "store/store_int.h"

#include <string.h>

static const char SQL_ORG_INSERT[] =
    "INSERT INTO orgs(name, tz, currency, settings, created_at) VALUES(?1, ?2, ?3, ?4, ?5)";

vo_err vo_store_org_insert(struct vo_store *st, struct vo_org *o, struct vo_error *e)
{
    sqlite3_stmt *s = vo_st_prep(st, SQL_ORG_INSERT, e);
    if (!s)
        return VO_ESTORE;
    vo_st_text(s, 1, o->name);
    vo_st_text(s, 2, o->tz);
    vo_st_text(s, 3, o->currency);
    vo_st_text(s, 4, o->settings ? o->settings : "{}");
    vo_st_i64(s, 5, o->created_at);
    vo_err rc = vo_st_exec(st, s, "org", e);
    if (!rc)
        o->id = sqlite3_last_insert_rowid(st->db);
    return rc;
}

static const char SQL_ORG_UPDATE[] =
    "UPDATE orgs SET name = ?2, tz = ?3, currency = ?4, settings = ?5 WHERE id = ?1";

vo_err vo_store_org_update(struct vo_store *st, const struct vo_org *o, struct vo_error *e)
{
    sqlite3_stmt *s = vo_st_prep(st, SQL_ORG_UPDATE, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, o->id);
    vo_st_text(s, 2, o->name);
    vo_st_text(s, 3, o->tz);
    vo_st_text(s, 4, o->currency);
    vo_st_text(s, 5, o->settings ? o->settings : "{}");
    return vo_st_exec(st, s, "org", e);
}

/* The columns org_row reads, by their place in the SELECT. */
enum { C_ORG_ID, C_ORG_NAME, C_ORG_TZ, C_ORG_CURRENCY, C_ORG_SETTINGS, C_ORG_CREATED_AT };

static void org_row(sqlite3_stmt *s, struct vo_arena *a, void *item)
{
    struct vo_org *o = item;
    o->id = sqlite3_column_int64(s, C_ORG_ID);
    o->name = vo_st_col_text(s, C_ORG_NAME, a);
    o->tz = vo_st_col_text(s, C_ORG_TZ, a);
    o->currency = vo_st_col_text(s, C_ORG_CURRENCY, a);
    o->settings = vo_st_col_text(s, C_ORG_SETTINGS, a);
    o->created_at = sqlite3_column_int64(s, C_ORG_CREATED_AT);
}

static const char SQL_ORG_GET[] =
    "SELECT id, name, tz, currency, settings, created_at FROM orgs WHERE id = ?1";

vo_err vo_store_org_get(struct vo_store *st, int64_t id, struct vo_arena *a, struct vo_org *out,
                        struct vo_error *e)
{
    sqlite3_stmt *s = vo_st_prep(st, SQL_ORG_GET, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        size_t refused = a->refused;
        org_row(s, a, out);
        sqlite3_reset(s);
        if (a->refused != refused)
            return vo_error_set(e, VO_ENOMEM, "org", "out of memory");
        return VO_OK;
    }
    sqlite3_reset(s);
    if (rc == SQLITE_DONE)
        return vo_error_set(e, VO_ENOTFOUND, "org", "no org %lld", (long long)id);
    return vo_st_fail(st, "org", e);
}

static const char SQL_ORG_LIST[] =
    "SELECT id, name, tz, currency, settings, created_at FROM orgs ORDER BY id";

vo_err vo_store_org_list(struct vo_store *st, struct vo_arena *a, struct vo_org **out, size_t *n,
                         struct vo_error *e)
{
    sqlite3_stmt *s = vo_st_prep(st, SQL_ORG_LIST, e);
    if (!s)
        return VO_ESTORE;
    void *v = NULL;
    size_t cnt = 0;
    vo_err r = vo_st_rows(st, s, a, sizeof **out, org_row, &v, &cnt, "orgs", e);
    *out = v;
    *n = cnt;
    return r;
}

static const char SQL_TEAM_FIND[] = "SELECT id FROM teams WHERE org_id = ?1 AND name = ?2";
static const char SQL_TEAM_INSERT[] = "INSERT INTO teams(org_id, name) VALUES(?1, ?2)";

vo_err vo_store_team_find(struct vo_store *st, int64_t org, const char *name, int64_t *id,
                          struct vo_error *e)
{
    sqlite3_stmt *s = vo_st_prep(st, SQL_TEAM_FIND, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, org);
    vo_st_text(s, 2, name);
    vo_err rc = vo_st_one_i64(st, s, id, "team", e);
    if (rc == VO_ENOTFOUND)
        vo_error_set(e, VO_ENOTFOUND, "team", "no team \"%s\"", name);
    return rc;
}

vo_err vo_store_team_ensure(struct vo_store *st, int64_t org, const char *name, int64_t *id,
                            bool *created, struct vo_error *e)
{
    vo_err rc = vo_store_team_find(st, org, name, id, e);
    if (created)
        *created = false;
    if (rc != VO_ENOTFOUND)
        return rc;
    sqlite3_stmt *s = vo_st_prep(st, SQL_TEAM_INSERT, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, org);
    vo_st_text(s, 2, name);
    rc = vo_st_exec(st, s, "team", e);
    if (rc)
        return rc;
    *id = sqlite3_last_insert_rowid(st->db);
    if (created)
        *created = true;
    return VO_OK;
}

static const char SQL_TEAM_NAME[] = "SELECT name FROM teams WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_team_name(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                          const char **name, struct vo_error *e)
{
    sqlite3_stmt *s = vo_st_prep(st, SQL_TEAM_NAME, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, org);
    vo_st_i64(s, 2, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *name = vo_st_col_text(s, 0, a);
    sqlite3_reset(s);
    if (rc == SQLITE_ROW)
        return VO_OK;
    if (rc == SQLITE_DONE)
        return vo_error_set(e, VO_ENOTFOUND, "team", "no team %lld", (long long)id);
    return vo_st_fail(st, "team", e);
}

#define USER_COLS "id, org_id, name, email, role, team_id, password_hash, active, created_at, rev"

/* The columns user_row reads, by their place in the SELECT. */
enum {
    C_USER_ID,
    C_USER_ORG_ID,
    C_USER_NAME,
    C_USER_EMAIL,
    C_USER_ROLE,
    C_USER_TEAM_ID,
    C_USER_PASSWORD_HASH,
    C_USER_ACTIVE,
    C_USER_CREATED_AT,
    C_USER_REV
};

static void user_row(sqlite3_stmt *s, struct vo_arena *a, void *item)
{
    struct vo_user *u = item;
    u->id = sqlite3_column_int64(s, C_USER_ID);
    u->org_id = sqlite3_column_int64(s, C_USER_ORG_ID);
    u->name = vo_st_col_text(s, C_USER_NAME, a);
    u->email = vo_st_col_text(s, C_USER_EMAIL, a);
    const char *role = (const char *)sqlite3_column_text(s, C_USER_ROLE);
    vo_role_parse(role, &u->role, "role", NULL);
    u->team_id = vo_st_col_id(s, C_USER_TEAM_ID);
    u->password_hash = vo_st_col_text(s, C_USER_PASSWORD_HASH, a);
    u->active = sqlite3_column_int(s, C_USER_ACTIVE) != 0;
    u->created_at = sqlite3_column_int64(s, C_USER_CREATED_AT);
    u->rev = sqlite3_column_int64(s, C_USER_REV);
}

static const char SQL_USER_INSERT[] =
    "INSERT INTO users(org_id, name, email, role, team_id, password_hash, active, created_at) "
    "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

vo_err vo_store_user_insert(struct vo_store *st, struct vo_user *u, struct vo_error *e)
{
    sqlite3_stmt *s = vo_st_prep(st, SQL_USER_INSERT, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, u->org_id);
    vo_st_text(s, 2, u->name);
    vo_st_text(s, 3, u->email);
    vo_st_text(s, 4, vo_role_name(u->role));
    vo_st_id(s, 5, u->team_id);
    vo_st_text(s, 6, u->password_hash);
    vo_st_i64(s, 7, u->active);
    vo_st_i64(s, 8, u->created_at);
    vo_err rc = vo_st_exec(st, s, "user", e);
    if (rc == VO_ECONFLICT)
        return vo_error_set(e, VO_ECONFLICT, "email", "a user with email %s already exists",
                            u->email ? u->email : "");
    if (!rc)
        u->id = sqlite3_last_insert_rowid(st->db);
    return rc;
}

static const char SQL_USER_UPDATE[] =
    "UPDATE users SET name = ?3, email = ?4, role = ?5, team_id = ?6, active = ?7, "
    "rev = rev + 1 WHERE org_id = ?1 AND id = ?2 RETURNING rev";

vo_err vo_store_user_update(struct vo_store *st, struct vo_user *u, struct vo_error *e)
{
    sqlite3_stmt *s = vo_st_prep(st, SQL_USER_UPDATE, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, u->org_id);
    vo_st_i64(s, 2, u->id);
    vo_st_text(s, 3, u->name);
    vo_st_text(s, 4, u->email);
    vo_st_text(s, 5, vo_role_name(u->role));
    vo_st_id(s, 6, u->team_id);
    vo_st_i64(s, 7, u->active);
    int step = sqlite3_step(s);
    vo_err rc = VO_OK;
    if (step == SQLITE_ROW)
        u->rev = sqlite3_column_int64(s, 0);
    else if (step == SQLITE_DONE)
        rc = vo_error_set(e, VO_ENOTFOUND, "id", "no user %lld", (long long)u->id);
    else
        rc = vo_st_fail(st, "user", e);
    sqlite3_reset(s);
    if (rc == VO_ECONFLICT)
        return vo_error_set(e, VO_ECONFLICT, "email", "a user with email %s already exists",
                            u->email ? u->email : "");
    return rc;
}

static const char SQL_USER_OTHER_ADMINS[] =
    "SELECT count(*) FROM users WHERE org_id = ?1 AND id <> ?2 AND role = 'admin' AND active = 1";

vo_err vo_store_user_count_other_admins(struct vo_store *st, int64_t org, int64_t except,
                                        int64_t *n, struct vo_error *e)
{
    sqlite3_stmt *s = vo_st_prep(st, SQL_USER_OTHER_ADMINS, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, org);
    vo_st_i64(s, 2, except);
    return vo_st_one_i64(st, s, n, "users", e);
}

static const char SQL_USER_PASSWORD[] =
    "UPDATE users SET password_hash = ?3, rev = rev + 1 WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_user_set_password(struct vo_store *st, int64_t org, int64_t id, const char *hash,
                                  struct vo_error *e)
{
    sqlite3_stmt *s = vo_st_prep(st, SQL_USER_PASSWORD, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, org);
    vo_st_i64(s, 2, id);
    vo_st_text(s, 3, hash);
    vo_err rc = vo_st_exec(st, s, "user", e);
    if (!rc && sqlite3_changes(st->db) == 0)
        return vo_error_set(e, VO_ENOTFOUND, "user", "no user %lld", (long long)id);
    return rc;
}

/* Runs a user query expected to give at most one row (counting all). */
static vo_err user_query(struct vo_store *st, sqlite3_stmt *s, struct vo_arena *a,
                         struct vo_user *out, int *count, const char *what, struct vo_error *e)
{
    int n = 0, rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (n++ == 0)
            user_row(s, a, out);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return vo_st_fail(st, "user", e);
    if (count)
        *count = n;
    if (n == 0)
        return vo_error_set(e, VO_ENOTFOUND, "user", "no user %s", what);
    return VO_OK;
}

static const char SQL_USER_GET[] = "SELECT " USER_COLS " FROM users WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_user_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                         struct vo_user *out, struct vo_error *e)
{
    sqlite3_stmt *s = vo_st_prep(st, SQL_USER_GET, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, org);
    vo_st_i64(s, 2, id);
    return user_query(st, s, a, out, NULL, "with that id", e);
}

static const char SQL_USER_BY_EMAIL[] =
    "SELECT " USER_COLS " FROM users WHERE org_id = ?1 AND email = lower(?2)";

vo_err vo_store_user_find_email(struct vo_store *st, int64_t org, const char *email,
                                struct vo_arena *a, struct vo_user *out, struct vo_error *e)
{
    sqlite3_stmt *s = vo_st_prep(st, SQL_USER_BY_EMAIL, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, org);
    vo_st_text(s, 2, email);
    vo_err rc = user_query(st, s, a, out, NULL, email, e);
    if (rc == VO_ENOTFOUND)
        vo_error_set(e, VO_ENOTFOUND, "email", "no user with email %s", email);
    return rc;
}

static const char SQL_USER_BY_NAME[] =
    "SELECT " USER_COLS " FROM users WHERE org_id = ?1 AND name = ?2 ORDER BY id";

vo_err vo_store_user_find_name(struct vo_store *st, int64_t org, const char *name,
                               struct vo_arena *a, struct vo_user *out, int *count,
                               struct vo_error *e)
{
    sqlite3_stmt *s = vo_st_prep(st, SQL_USER_BY_NAME, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, org);
    vo_st_text(s, 2, name);
    vo_err rc = user_query(st, s, a, out, count, name, e);
    if (rc == VO_ENOTFOUND)
        vo_error_set(e, VO_ENOTFOUND, "name", "no user named \"%s\"", name);
    return rc;
}

static const char SQL_USER_LIST[] = "SELECT " USER_COLS " FROM users WHERE org_id = ?1 ORDER BY id";

vo_err vo_store_user_list(struct vo_store *st, int64_t org, struct vo_arena *a,
                          struct vo_user **out, size_t *n, struct vo_error *e)
{
    void *v = NULL;
    size_t cnt = 0;
    vo_err r =
        vo_st_list_by(st, SQL_USER_LIST, org, a, sizeof **out, user_row, &v, &cnt, "user", e);
    *out = v;
    *n = cnt;
    return r;
}

static const char SQL_AUDIT[] =
    "INSERT INTO audit_log(org_id, at, user_id, action, object, object_id, detail) "
    "VALUES(?1, strftime('%s','now'), ?2, ?3, ?4, ?5, ?6)";

vo_err vo_store_audit(struct vo_store *st, int64_t org, int64_t user, const char *action,
                      const char *object, int64_t object_id, const char *detail, struct vo_error *e)
{
    sqlite3_stmt *s = vo_st_prep(st, SQL_AUDIT, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, org);
    vo_st_id(s, 2, user);
    vo_st_text(s, 3, action);
    vo_st_text(s, 4, object);
    vo_st_id(s, 5, object_id);
    vo_st_text(s, 6, detail);
    return vo_st_exec(st, s, "audit", e);
}

/* Display order of the summary; each has a count statement below. */
const char *const vo_store_tables[] = {
    "teams",           "users",         "products",   "pipelines", "stages",   "clients",
    "deals",           "stage_changes", "activities", "tasks",     "payments", "plans",
    "marketing_spend", "nps_responses", "holidays",   "audit_log",
};
const size_t vo_store_table_count = sizeof vo_store_tables / sizeof vo_store_tables[0];

static const char *const SQL_COUNT[] = {
    "SELECT count(*) FROM teams WHERE org_id = ?1",
    "SELECT count(*) FROM users WHERE org_id = ?1",
    "SELECT count(*) FROM products WHERE org_id = ?1",
    "SELECT count(*) FROM pipelines WHERE org_id = ?1",
    "SELECT count(*) FROM stages WHERE org_id = ?1",
    "SELECT count(*) FROM clients WHERE org_id = ?1",
    "SELECT count(*) FROM deals WHERE org_id = ?1",
    "SELECT count(*) FROM stage_changes WHERE org_id = ?1",
    "SELECT count(*) FROM activities WHERE org_id = ?1",
    "SELECT count(*) FROM tasks WHERE org_id = ?1",
    "SELECT count(*) FROM payments WHERE org_id = ?1",
    "SELECT count(*) FROM plans WHERE org_id = ?1",
    "SELECT count(*) FROM marketing_spend WHERE org_id = ?1",
    "SELECT count(*) FROM nps_responses WHERE org_id = ?1",
    "SELECT count(*) FROM holidays WHERE org_id = ?1",
    "SELECT count(*) FROM audit_log WHERE org_id = ?1",
};

vo_err vo_store_count(struct vo_store *st, int64_t org, const char *table, int64_t *n,
                      struct vo_error *e)
{
    for (size_t i = 0; i < vo_store_table_count; i++) {
        if (strcmp(vo_store_tables[i], table) != 0)
            continue;
        sqlite3_stmt *s = vo_st_prep(st, SQL_COUNT[i], e);
        if (!s)
            return VO_ESTORE;
        vo_st_i64(s, 1, org);
        return vo_st_one_i64(st, s, n, table, e);
    }
    return vo_error_set(e, VO_EINVAL, "table", "no table %s", table);
}
