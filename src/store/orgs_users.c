/*
 * orgs_users.c - orgs, teams, users and the audit log: the accounts side of
 * the store.
 */
#include "store/store_int.h"

#include <string.h>

/* An org's row: ?1..?5 of its INSERT; the update binds the same with the
 * id as ?6 (created_at, ?5, unused). */
enum { ORG_NP = 5 };

static void org_params(const struct vo_org *o, struct vo_st_param *row)
{
    const struct vo_st_param v[ORG_NP] = {
        VO_P_TEXT(o->name),      VO_P_TEXT(o->tz),
        VO_P_TEXT(o->currency),  VO_P_TEXT(o->settings ? o->settings : "{}"),
        VO_P_I64(o->created_at),
    };
    memcpy(row, v, sizeof v);
}

static const char SQL_ORG_INSERT[] =
    "INSERT INTO orgs(name, tz, currency, settings, created_at) VALUES(?1, ?2, ?3, ?4, ?5)";

vo_err vo_store_org_insert(struct vo_store *st, struct vo_org *o, struct vo_error *e)
{
    struct vo_st_param p[ORG_NP];
    org_params(o, p);
    return vo_st_insert(st, SQL_ORG_INSERT, p, VO_ST_N(p), &o->id, "org", e);
}

static const char SQL_ORG_UPDATE[] =
    "UPDATE orgs SET name = ?1, tz = ?2, currency = ?3, settings = ?4 WHERE id = ?6";

vo_err vo_store_org_update(struct vo_store *st, const struct vo_org *o, struct vo_error *e)
{
    struct vo_st_param p[ORG_NP + 1];
    org_params(o, p);
    p[ORG_NP] = (struct vo_st_param)VO_P_I64(o->id);
    return vo_st_run(st, SQL_ORG_UPDATE, p, VO_ST_N(p), "org", e);
}

/* One row of an org's SELECT, its columns in SELECT order. */
VO_ST_ROW_FN(org_row, vo_org, VO_C_INT(id), VO_C_TEXT(name), VO_C_TEXT(tz), VO_C_TEXT(currency),
             VO_C_TEXT(settings), VO_C_INT(created_at))

static const char SQL_ORG_GET[] =
    "SELECT id, name, tz, currency, settings, created_at FROM orgs WHERE id = ?1";

vo_err vo_store_org_get(struct vo_store *st, int64_t id, struct vo_arena *a, struct vo_org *out,
                        struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(id)};
    size_t refused = a->refused;
    vo_err rc = vo_st_get(st, SQL_ORG_GET, p, VO_ST_N(p), a, org_row, out, "org", e);
    if (rc == VO_ENOTFOUND)
        return vo_error_set(e, VO_ENOTFOUND, "org", "no org %lld", (long long)id);
    if (!rc && a->refused != refused)
        return vo_error_set(e, VO_ENOMEM, "org", "out of memory");
    return rc;
}

static const char SQL_ORG_LIST[] =
    "SELECT id, name, tz, currency, settings, created_at FROM orgs ORDER BY id";

vo_err vo_store_org_list(struct vo_store *st, struct vo_arena *a, struct vo_org **out, size_t *n,
                         struct vo_error *e)
{
    return vo_st_list(st, SQL_ORG_LIST, NULL, 0, a, sizeof **out, org_row, out, n, "orgs", e);
}

static const char SQL_TEAM_FIND[] = "SELECT id FROM teams WHERE org_id = ?1 AND name = ?2";
static const char SQL_TEAM_INSERT[] = "INSERT INTO teams(org_id, name) VALUES(?1, ?2)";

vo_err vo_store_team_find(struct vo_store *st, int64_t org, const char *name, int64_t *id,
                          struct vo_error *e)
{
    return vo_st_named_find(st, SQL_TEAM_FIND, org, name, id, "team", e);
}

vo_err vo_store_team_ensure(struct vo_store *st, int64_t org, const char *name, int64_t *id,
                            bool *created, struct vo_error *e)
{
    return vo_st_named_ensure(st, SQL_TEAM_FIND, SQL_TEAM_INSERT, org, name, id, created, "team",
                              e);
}

static const char SQL_TEAM_NAME[] = "SELECT name FROM teams WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_team_name(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                          const char **name, struct vo_error *e)
{
    return vo_st_get_id(st, SQL_TEAM_NAME, org, id, a, vo_st_row_text, name, "team", "team", e);
}

#define USER_COLS "id, org_id, name, email, role, team_id, password_hash, active, created_at, rev"

/* The columns of USER_COLS, in their order; the role is parsed by hand. */
VO_ST_ROW_FN(user_cols, vo_user, VO_C_INT(id), VO_C_INT(org_id), VO_C_TEXT(name), VO_C_TEXT(email),
             VO_C_SKIP, VO_C_INT(team_id), VO_C_TEXT(password_hash), VO_C_INT(active),
             VO_C_INT(created_at), VO_C_INT(rev))
enum { C_USER_ROLE = 4 }; /* the VO_C_SKIP above */

static void user_row(vo_stmt *s, struct vo_arena *a, void *item)
{
    struct vo_user *u = item;
    user_cols(s, a, u);
    vo_role_parse(vo_col_text(s, C_USER_ROLE), &u->role, "role", NULL);
}

/* Words a VO_ECONFLICT of an insert or update of u: its email is taken. */
static vo_err email_taken(vo_err rc, const struct vo_user *u, struct vo_error *e)
{
    if (rc == VO_ECONFLICT)
        return vo_error_set(e, VO_ECONFLICT, "email", "a user with email %s already exists",
                            u->email ? u->email : "");
    return rc;
}

/* A user's row: ?1..?8 of its INSERT; the update binds the same with the
 * id as ?9 (password_hash and created_at, ?6 and ?8, unused). */
enum { USER_NP = 8 };

static void user_params(const struct vo_user *u, struct vo_st_param *row)
{
    const struct vo_st_param v[USER_NP] = {
        VO_P_I64(u->org_id), VO_P_TEXT(u->name),
        VO_P_TEXT(u->email), VO_P_TEXT(vo_role_name(u->role)),
        VO_P_ID(u->team_id), VO_P_TEXT(u->password_hash),
        VO_P_I64(u->active), VO_P_I64(u->created_at),
    };
    memcpy(row, v, sizeof v);
}

static const char SQL_USER_INSERT[] =
    "INSERT INTO users(org_id, name, email, role, team_id, password_hash, active, created_at) "
    "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

vo_err vo_store_user_insert(struct vo_store *st, struct vo_user *u, struct vo_error *e)
{
    struct vo_st_param p[USER_NP];
    user_params(u, p);
    return email_taken(vo_st_insert(st, SQL_USER_INSERT, p, VO_ST_N(p), &u->id, "user", e), u, e);
}

static const char SQL_USER_UPDATE[] =
    "UPDATE users SET name = ?2, email = ?3, role = ?4, team_id = ?5, active = ?7, "
    "rev = rev + 1 WHERE org_id = ?1 AND id = ?9 RETURNING rev";

vo_err vo_store_user_update(struct vo_store *st, struct vo_user *u, struct vo_error *e)
{
    struct vo_st_param p[USER_NP + 1];
    user_params(u, p);
    p[USER_NP] = (struct vo_st_param)VO_P_I64(u->id);
    return email_taken(vo_st_update_rev(st, SQL_USER_UPDATE, p, VO_ST_N(p), &u->rev, "user", e), u,
                       e);
}

static const char SQL_USER_OTHER_ADMINS[] =
    "SELECT count(*) FROM users WHERE org_id = ?1 AND id <> ?2 AND role = 'admin' AND active = 1";

vo_err vo_store_user_count_other_admins(struct vo_store *st, int64_t org, int64_t except,
                                        int64_t *n, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(except)};
    return vo_st_get(st, SQL_USER_OTHER_ADMINS, p, VO_ST_N(p), NULL, vo_st_row_i64, n, "users", e);
}

static const char SQL_USER_PASSWORD[] =
    "UPDATE users SET password_hash = ?3, rev = rev + 1 WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_user_set_password(struct vo_store *st, int64_t org, int64_t id, const char *hash,
                                  struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(id), VO_P_TEXT(hash)};
    return vo_st_change_one(st, SQL_USER_PASSWORD, p, VO_ST_N(p), "user", "user", "user", id, e);
}

/* Runs a user query (?1 the org, ?2 the key) expected to give at most one
 * row (counting all). */
static vo_err user_query(struct vo_store *st, const char *sql, const struct vo_st_param *p,
                         struct vo_arena *a, struct vo_user *out, int *count, const char *what,
                         struct vo_error *e)
{
    int n = 0;
    vo_err rc = vo_st_first(st, sql, p, 2, a, user_row, out, &n, "user", e);
    if (rc)
        return rc;
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
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(id)};
    return user_query(st, SQL_USER_GET, p, a, out, NULL, "with that id", e);
}

static const char SQL_USER_BY_EMAIL[] =
    "SELECT " USER_COLS " FROM users WHERE org_id = ?1 AND email = lower(?2)";

vo_err vo_store_user_find_email(struct vo_store *st, int64_t org, const char *email,
                                struct vo_arena *a, struct vo_user *out, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_TEXT(email)};
    vo_err rc = user_query(st, SQL_USER_BY_EMAIL, p, a, out, NULL, email, e);
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
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_TEXT(name)};
    vo_err rc = user_query(st, SQL_USER_BY_NAME, p, a, out, count, name, e);
    if (rc == VO_ENOTFOUND)
        vo_error_set(e, VO_ENOTFOUND, "name", "no user named \"%s\"", name);
    return rc;
}

static const char SQL_USER_LIST[] = "SELECT " USER_COLS " FROM users WHERE org_id = ?1 ORDER BY id";

vo_err vo_store_user_list(struct vo_store *st, int64_t org, struct vo_arena *a,
                          struct vo_user **out, size_t *n, struct vo_error *e)
{
    return vo_st_list_by(st, SQL_USER_LIST, org, a, sizeof **out, user_row, out, n, "user", e);
}

static const char SQL_AUDIT[] =
    "INSERT INTO audit_log(org_id, at, user_id, action, object, object_id, detail) "
    "VALUES(?1, vo_now(), ?2, ?3, ?4, ?5, ?6)";

vo_err vo_store_audit(struct vo_store *st, int64_t org, int64_t user, const char *action,
                      const char *object, int64_t object_id, const char *detail, struct vo_error *e)
{
    const struct vo_st_param p[] = {
        VO_P_I64(org),     VO_P_ID(user),      VO_P_TEXT(action),
        VO_P_TEXT(object), VO_P_ID(object_id), VO_P_TEXT(detail),
    };
    return vo_st_run(st, SQL_AUDIT, p, VO_ST_N(p), "audit", e);
}

/* Display order of the summary; each has a count statement below. */
const char *const vo_store_tables[] = {
    "teams",         "users",         "products",         "pipelines",
    "stages",        "clients",       "contacts",         "notes",
    "deals",         "stage_changes", "activities",       "tasks",
    "payments",      "plans",         "marketing_spend",  "nps_responses",
    "holidays",      "audit_log",     "task_recurrences", "task_reschedules",
    "notifications",
};
const size_t vo_store_table_count = sizeof vo_store_tables / sizeof vo_store_tables[0];

static const char *const SQL_COUNT[] = {
    "SELECT count(*) FROM teams WHERE org_id = ?1",
    "SELECT count(*) FROM users WHERE org_id = ?1",
    "SELECT count(*) FROM products WHERE org_id = ?1",
    "SELECT count(*) FROM pipelines WHERE org_id = ?1",
    "SELECT count(*) FROM stages WHERE org_id = ?1",
    "SELECT count(*) FROM clients WHERE org_id = ?1",
    "SELECT count(*) FROM contacts WHERE org_id = ?1",
    "SELECT count(*) FROM notes WHERE org_id = ?1",
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
    "SELECT count(*) FROM task_recurrences WHERE org_id = ?1",
    "SELECT count(*) FROM task_reschedules WHERE org_id = ?1",
    "SELECT count(*) FROM notifications WHERE org_id = ?1",
};

vo_err vo_store_count(struct vo_store *st, int64_t org, const char *table, int64_t *n,
                      struct vo_error *e)
{
    for (size_t i = 0; i < vo_store_table_count; i++) {
        if (strcmp(vo_store_tables[i], table) != 0)
            continue;
        const struct vo_st_param p[] = {VO_P_I64(org)};
        return vo_st_get(st, SQL_COUNT[i], p, VO_ST_N(p), NULL, vo_st_row_i64, n, table, e);
    }
    return vo_error_set(e, VO_EINVAL, "table", "no table %s", table);
}
