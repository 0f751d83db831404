/*
 * bonus_store.c - bonus schemes, their versions and who is paid by which
 * (store.h, "bonus schemes"; migration 12; docs/bonuses.md). Every
 * statement names the org. A version or an assignment of a month that
 * already has one replaces it: the key (org, scheme or user, month) is
 * the table's unique key, so "a new version from March" given twice is
 * one version.
 */
#include "store/store_int.h"

#include <string.h>

VO_ST_ROW_FN(scheme_row, vo_bonus_scheme, VO_C_INT(id), VO_C_INT(org_id), VO_C_TEXT(name),
             VO_C_INT(created_at))
VO_ST_ROW_FN(version_row, vo_bonus_version, VO_C_INT(id), VO_C_INT(org_id), VO_C_INT(scheme_id),
             VO_C_TEXT(from_month), VO_C_INT(base), VO_C_TEXT(metric), VO_C_INT(rate_ppm),
             VO_C_TEXT(tiers), VO_C_TEXT(kpi), VO_C_INT(created_at))
VO_ST_ROW_FN(assignment_row, vo_bonus_assignment, VO_C_INT(id), VO_C_INT(org_id), VO_C_INT(user_id),
             VO_C_INT(scheme_id), VO_C_TEXT(from_month), VO_C_INT(created_at))

static const char SQL_SCHEMES[] =
    "SELECT id, org_id, name, created_at FROM bonus_schemes WHERE org_id = ?1 ORDER BY name, id";

vo_err vo_store_bonus_scheme_list(struct vo_store *st, int64_t org, struct vo_arena *a,
                                  struct vo_bonus_scheme **out, size_t *n, struct vo_error *e)
{
    return vo_st_list_by(st, SQL_SCHEMES, org, a, sizeof **out, scheme_row, out, n, "bonus schemes",
                         e);
}

static const char SQL_VERSIONS[] =
    "SELECT id, org_id, scheme_id, from_month, base, metric, rate_ppm, tiers, kpi, created_at "
    "FROM bonus_scheme_versions WHERE org_id = ?1 ORDER BY scheme_id, from_month";

vo_err vo_store_bonus_version_list(struct vo_store *st, int64_t org, struct vo_arena *a,
                                   struct vo_bonus_version **out, size_t *n, struct vo_error *e)
{
    return vo_st_list_by(st, SQL_VERSIONS, org, a, sizeof **out, version_row, out, n,
                         "bonus scheme versions", e);
}

static const char SQL_ASSIGNMENTS[] =
    "SELECT id, org_id, user_id, scheme_id, from_month, created_at FROM bonus_assignments "
    "WHERE org_id = ?1 ORDER BY user_id, from_month";

vo_err vo_store_bonus_assignment_list(struct vo_store *st, int64_t org, struct vo_arena *a,
                                      struct vo_bonus_assignment **out, size_t *n,
                                      struct vo_error *e)
{
    return vo_st_list_by(st, SQL_ASSIGNMENTS, org, a, sizeof **out, assignment_row, out, n,
                         "bonus assignments", e);
}

static const char SQL_SCHEME_INSERT[] =
    "INSERT INTO bonus_schemes(org_id, name, created_at) VALUES (?1, ?2, ?3)";

vo_err vo_store_bonus_scheme_insert(struct vo_store *st, struct vo_bonus_scheme *s,
                                    struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(s->org_id), VO_P_TEXT(s->name),
                                    VO_P_I64(s->created_at)};
    return vo_st_insert(st, SQL_SCHEME_INSERT, p, VO_ST_N(p), &s->id, "name", e);
}

static const char SQL_SCHEME_RENAME[] =
    "UPDATE bonus_schemes SET name = ?3 WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_bonus_scheme_rename(struct vo_store *st, int64_t org, int64_t id, const char *name,
                                    struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(id), VO_P_TEXT(name)};
    return vo_st_change_one(st, SQL_SCHEME_RENAME, p, VO_ST_N(p), "name", "id", "bonus scheme", id,
                            e);
}

static const char SQL_VERSION_PUT[] =
    "INSERT INTO bonus_scheme_versions(org_id, scheme_id, from_month, base, metric, rate_ppm, "
    "tiers, kpi, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
    "ON CONFLICT (org_id, scheme_id, from_month) DO UPDATE SET base = excluded.base, "
    "metric = excluded.metric, rate_ppm = excluded.rate_ppm, tiers = excluded.tiers, "
    "kpi = excluded.kpi, created_at = excluded.created_at";

vo_err vo_store_bonus_version_put(struct vo_store *st, const struct vo_bonus_version *v,
                                  struct vo_error *e)
{
    const struct vo_st_param p[] = {
        VO_P_I64(v->org_id), VO_P_I64(v->scheme_id), VO_P_TEXT(v->from_month),
        VO_P_I64(v->base),   VO_P_TEXT(v->metric),   VO_P_I64(v->rate_ppm),
        VO_P_TEXT(v->tiers), VO_P_TEXT(v->kpi),      VO_P_I64(v->created_at)};
    return vo_st_run(st, SQL_VERSION_PUT, p, VO_ST_N(p), "bonus scheme version", e);
}

static const char SQL_ASSIGN[] =
    "INSERT INTO bonus_assignments(org_id, user_id, scheme_id, from_month, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (org_id, user_id, from_month) DO UPDATE SET "
    "scheme_id = excluded.scheme_id, created_at = excluded.created_at";

vo_err vo_store_bonus_assign(struct vo_store *st, const struct vo_bonus_assignment *x,
                             struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(x->org_id), VO_P_I64(x->user_id),
                                    VO_P_I64(x->scheme_id), VO_P_TEXT(x->from_month),
                                    VO_P_I64(x->created_at)};
    return vo_st_run(st, SQL_ASSIGN, p, VO_ST_N(p), "bonus assignment", e);
}
