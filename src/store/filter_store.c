/*
 * filter_store.c - a user's saved filters of the CRM lists (store.h, "a
 * user's saved filters"; migration 10). Every statement names the org and
 * the user, so a user reads and changes their own filters only: another
 * user's id is simply not found.
 */
#include "store/store_int.h"

#include <string.h>

#define SF_COLS                                                                                    \
    "SELECT id, org_id, user_id, kind, name, query, is_default, created_at, rev FROM "             \
    "saved_filters"

/* The columns of SF_COLS, in its order. */
VO_ST_ROW_FN(saved_filter_row, vo_saved_filter, VO_C_INT(id), VO_C_INT(org_id), VO_C_INT(user_id),
             VO_C_TEXT(kind), VO_C_TEXT(name), VO_C_TEXT(query), VO_C_INT(is_default),
             VO_C_INT(created_at), VO_C_INT(rev))

static const char SQL_SF_LIST[] = SF_COLS " WHERE org_id = ?1 AND user_id = ?2 AND (?3 IS NULL "
                                          "OR kind = ?3) ORDER BY kind, name, id";

vo_err vo_store_saved_filter_list(struct vo_store *st, int64_t org, int64_t user, const char *kind,
                                  struct vo_arena *a, struct vo_saved_filter **out, size_t *n,
                                  struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(user), VO_P_TEXT(kind)};
    return vo_st_list(st, SQL_SF_LIST, p, VO_ST_N(p), a, sizeof **out, saved_filter_row, out, n,
                      "saved filters", e);
}

static const char SQL_SF_GET[] = SF_COLS " WHERE org_id = ?1 AND user_id = ?2 AND id = ?3";

vo_err vo_store_saved_filter_get(struct vo_store *st, int64_t org, int64_t user, int64_t id,
                                 struct vo_arena *a, struct vo_saved_filter *out,
                                 struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(user), VO_P_I64(id)};
    memset(out, 0, sizeof *out);
    vo_err rc =
        vo_st_get(st, SQL_SF_GET, p, VO_ST_N(p), a, saved_filter_row, out, "saved filter", e);
    if (rc == VO_ENOTFOUND)
        return vo_error_set(e, VO_ENOTFOUND, "id", "no saved filter %lld", (long long)id);
    return rc;
}

static const char SQL_SF_INSERT[] =
    "INSERT INTO saved_filters(org_id, user_id, kind, name, query, is_default, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

vo_err vo_store_saved_filter_insert(struct vo_store *st, struct vo_saved_filter *f,
                                    struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(f->org_id),    VO_P_I64(f->user_id),
                                    VO_P_TEXT(f->kind),     VO_P_TEXT(f->name),
                                    VO_P_TEXT(f->query),    VO_P_I64(f->is_default ? 1 : 0),
                                    VO_P_I64(f->created_at)};
    f->rev = 0;
    return vo_st_insert(st, SQL_SF_INSERT, p, VO_ST_N(p), &f->id, "name", e);
}

static const char SQL_SF_UPDATE[] =
    "UPDATE saved_filters SET name = ?3, query = ?4, is_default = ?5, rev = rev + 1 WHERE "
    "org_id = ?1 AND user_id = ?2 AND id = ?6 AND (?7 < 0 OR rev = ?7) RETURNING rev";

vo_err vo_store_saved_filter_update(struct vo_store *st, struct vo_saved_filter *f, int64_t expect,
                                    struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(f->org_id),
                                    VO_P_I64(f->user_id),
                                    VO_P_TEXT(f->name),
                                    VO_P_TEXT(f->query),
                                    VO_P_I64(f->is_default ? 1 : 0),
                                    VO_P_I64(f->id),
                                    VO_P_I64(expect)};
    return vo_st_update_rev_if(st, SQL_SF_UPDATE, p, VO_ST_N(p), &f->rev, "saved filter", e);
}

static const char SQL_SF_DELETE[] =
    "DELETE FROM saved_filters WHERE org_id = ?1 AND user_id = ?2 AND id = ?3 AND (?4 < 0 OR "
    "rev = ?4) RETURNING rev";

vo_err vo_store_saved_filter_delete(struct vo_store *st, int64_t org, int64_t user, int64_t id,
                                    int64_t expect, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(user), VO_P_I64(id), VO_P_I64(expect)};
    int64_t rev;
    return vo_st_update_rev_if(st, SQL_SF_DELETE, p, VO_ST_N(p), &rev, "saved filter", e);
}

static const char SQL_SF_UNDEFAULT[] = "UPDATE saved_filters SET is_default = 0, rev = rev + 1 "
                                       "WHERE org_id = ?1 AND user_id = ?2 AND kind = ?3 AND "
                                       "is_default = 1";

vo_err vo_store_saved_filter_undefault(struct vo_store *st, int64_t org, int64_t user,
                                       const char *kind, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(user), VO_P_TEXT(kind)};
    return vo_st_run(st, SQL_SF_UNDEFAULT, p, VO_ST_N(p), "saved filters", e);
}
