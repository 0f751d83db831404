/*
 * config_store.c - the org's configuration as the API edits it one record
 * at a time: teams, products, pipelines and stages, holidays, the plans of
 * a month, and reading the audit log with filters and keyset paging.
 *
 * The writes that bind a record's whole row (the import's upserts, a
 * product's insert and update, a stage's update) live in records.c; what
 * is here is the rest of what an administrator does by hand (rename,
 * delete) and the listings the settings screens show.
 */
#include "store/store_int.h"

#include <stdio.h>
#include <string.h>

/* ---- teams ---- */

static const char SQL_TEAM_LIST[] = "SELECT id, org_id, name FROM teams WHERE org_id = ?1 "
                                    "ORDER BY name, id";

/* The columns of SQL_TEAM_LIST, in its order. */
VO_ST_ROW_FN(team_row, vo_team, VO_C_INT(id), VO_C_INT(org_id), VO_C_TEXT(name))

vo_err vo_store_team_list(struct vo_store *st, int64_t org, struct vo_arena *a,
                          struct vo_team **out, size_t *n, struct vo_error *e)
{
    return vo_st_list_by(st, SQL_TEAM_LIST, org, a, sizeof **out, team_row, out, n, "team", e);
}

static const char SQL_TEAM_RENAME[] = "UPDATE teams SET name = ?3 WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_team_rename(struct vo_store *st, int64_t org, int64_t id, const char *name,
                            struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(id), VO_P_TEXT(name)};
    return vo_st_change_one(st, SQL_TEAM_RENAME, p, VO_ST_N(p), "team", "id", "team", id, e);
}

/* ---- products ---- */

/* The columns of SQL_PRODUCT_LIST and SQL_PRODUCT_GET, in their order. */
VO_ST_ROW_FN(product_row, vo_product, VO_C_INT(id), VO_C_INT(org_id), VO_C_TEXT(ext_id),
             VO_C_TEXT(name), VO_C_TEXT(category), VO_C_OPT(price))

static const char SQL_PRODUCT_LIST[] =
    "SELECT id, org_id, ext_id, name, category, price FROM products WHERE org_id = ?1 "
    "ORDER BY name, id";

vo_err vo_store_product_list(struct vo_store *st, int64_t org, struct vo_arena *a,
                             struct vo_product **out, size_t *n, struct vo_error *e)
{
    return vo_st_list_by(st, SQL_PRODUCT_LIST, org, a, sizeof **out, product_row, out, n, "product",
                         e);
}

static const char SQL_PRODUCT_GET[] =
    "SELECT id, org_id, ext_id, name, category, price FROM products WHERE org_id = ?1 AND id = ?2";

VO_ST_GET_FN(vo_store_product_get, struct vo_product, SQL_PRODUCT_GET, product_row, "product")

/* ---- pipelines and stages ---- */

static const char SQL_PIPELINE_LIST[] =
    "SELECT id, org_id, name FROM pipelines WHERE org_id = ?1 ORDER BY id";

/* The columns of SQL_PIPELINE_LIST and SQL_PIPELINE_GET, in their order. */
VO_ST_ROW_FN(pipeline_row, vo_pipeline, VO_C_INT(id), VO_C_INT(org_id), VO_C_TEXT(name))

vo_err vo_store_pipeline_list(struct vo_store *st, int64_t org, struct vo_arena *a,
                              struct vo_pipeline **out, size_t *n, struct vo_error *e)
{
    return vo_st_list_by(st, SQL_PIPELINE_LIST, org, a, sizeof **out, pipeline_row, out, n,
                         "pipeline", e);
}

static const char SQL_PIPELINE_GET[] =
    "SELECT id, org_id, name FROM pipelines WHERE org_id = ?1 AND id = ?2";

VO_ST_GET_FN(vo_store_pipeline_get, struct vo_pipeline, SQL_PIPELINE_GET, pipeline_row, "pipeline")

static const char SQL_STAGE_GET[] =
    "SELECT id, org_id, pipeline_id, name, position, max_days FROM stages "
    "WHERE org_id = ?1 AND id = ?2";

VO_ST_GET_FN(vo_store_stage_get, struct vo_stage, SQL_STAGE_GET, vo_st_stage_row, "stage")

/* ---- holidays ---- */

static const char SQL_HOLIDAY_LIST[] =
    "SELECT id, org_id, date, kind, name FROM holidays WHERE org_id = ?1 "
    "AND (?2 IS NULL OR substr(date, 1, 4) = ?2) ORDER BY date";

/* The columns vo_store_holiday_list reads, by their place in the SELECT. */
enum { C_HOLIDAY_ID, C_HOLIDAY_ORG_ID, C_HOLIDAY_DATE, C_HOLIDAY_KIND, C_HOLIDAY_NAME };

vo_err vo_store_holiday_list(struct vo_store *st, int64_t org, int year, struct vo_arena *a,
                             struct vo_holiday **out, size_t *n, struct vo_error *e)
{
    vo_stmt *s = vo_st_prep(st, SQL_HOLIDAY_LIST, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, org);
    char y[16];
    snprintf(y, sizeof y, "%04d", year);
    vo_st_text(s, 2, year ? y : NULL);
    struct vo_holiday *v = NULL;
    size_t cap = 0, cnt = 0;
    int rc;
    bool oom = false;
    while ((rc = vo_step(s)) == VO_ROW) {
        void *grown = vo_arena_grow(a, v, &cap, cnt, sizeof *v);
        if ((oom = !grown))
            break;
        v = grown;
        struct vo_holiday *h = &v[cnt++];
        const char *date = vo_col_text(s, C_HOLIDAY_DATE);
        const char *kind = vo_col_text(s, C_HOLIDAY_KIND);
        *h = (struct vo_holiday){.id = vo_col_i64(s, C_HOLIDAY_ID),
                                 .org_id = vo_col_i64(s, C_HOLIDAY_ORG_ID),
                                 .kind = kind && strcmp(kind, "workday") == 0 ? VO_DAY_WORKDAY
                                                                              : VO_DAY_HOLIDAY,
                                 .name = vo_st_col_text(s, C_HOLIDAY_NAME, a)};
        if (!date || sscanf(date, "%d-%d-%d", &h->y, &h->m, &h->d) != 3) {
            rc = SQLITE_CORRUPT;
            break;
        }
    }
    vo_err r = vo_st_list_done(st, s, rc, oom, "holiday", e);
    *out = v;
    *n = cnt;
    return r;
}

static const char SQL_HOLIDAY_DELETE[] = "DELETE FROM holidays WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_holiday_delete(struct vo_store *st, int64_t org, int64_t id, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(id)};
    return vo_st_change_one(st, SQL_HOLIDAY_DELETE, p, VO_ST_N(p), "holiday", "id", "holiday", id,
                            e);
}

/* ---- plans ---- */

static const char SQL_PLAN_LIST[] =
    "SELECT id, scope_kind, scope_id, metric, target FROM plans WHERE org_id = ?1 "
    "AND period = ?2 ORDER BY scope_kind, scope_id, metric, id";

/* The columns vo_store_plan_list reads, by their place in the SELECT. */
enum { C_PLAN_ID, C_PLAN_KIND, C_PLAN_SCOPE_ID, C_PLAN_METRIC, C_PLAN_TARGET };

vo_err vo_store_plan_list(struct vo_store *st, int64_t org, int y, int m, struct vo_arena *a,
                          struct vo_plan **out, size_t *n, struct vo_error *e)
{
    vo_stmt *s = vo_st_prep(st, SQL_PLAN_LIST, e);
    if (!s)
        return VO_ESTORE;
    char period[16];
    snprintf(period, sizeof period, "%04d-%02d", y, m);
    vo_st_i64(s, 1, org);
    vo_st_text(s, 2, period);
    struct vo_plan *v = NULL;
    size_t cap = 0, cnt = 0;
    int rc;
    bool oom = false;
    while ((rc = vo_step(s)) == VO_ROW) {
        const char *kind = vo_col_text(s, C_PLAN_KIND);
        const struct vo_metric_def *md = vo_metric_find(vo_col_text(s, C_PLAN_METRIC));
        if (!md || !kind)
            continue; /* written by a newer binary: not ours to show */
        void *grown = vo_arena_grow(a, v, &cap, cnt, sizeof *v);
        if ((oom = !grown))
            break;
        v = grown;
        v[cnt++] = (struct vo_plan){.id = vo_col_i64(s, C_PLAN_ID),
                                    .org_id = org,
                                    .year = y,
                                    .month = m,
                                    .scope_kind = strcmp(kind, "team") == 0   ? VO_SCOPE_TEAM
                                                  : strcmp(kind, "user") == 0 ? VO_SCOPE_USER
                                                                              : VO_SCOPE_ORG,
                                    .scope_id = vo_col_i64(s, C_PLAN_SCOPE_ID),
                                    .metric = md->id,
                                    .target = vo_col_i64(s, C_PLAN_TARGET)};
    }
    vo_err r = vo_st_list_done(st, s, rc, oom, "plan", e);
    *out = v;
    *n = cnt;
    return r;
}

/* ---- audit log ---- */

static const char SQL_AUDIT_ASC[] =
    "SELECT id, at, user_id, action, object, object_id, detail FROM audit_log "
    "WHERE org_id = ?1 AND (?2 IS NULL OR user_id = ?2) AND (?3 IS NULL OR action = ?3) "
    "AND (?4 IS NULL OR at >= ?4) AND (?5 IS NULL OR at < ?5) AND id > ?6 "
    "ORDER BY id LIMIT ?7";
static const char SQL_AUDIT_DESC[] =
    "SELECT id, at, user_id, action, object, object_id, detail FROM audit_log "
    "WHERE org_id = ?1 AND (?2 IS NULL OR user_id = ?2) AND (?3 IS NULL OR action = ?3) "
    "AND (?4 IS NULL OR at >= ?4) AND (?5 IS NULL OR at < ?5) AND id < ?6 "
    "ORDER BY id DESC LIMIT ?7";

/* The columns of SQL_AUDIT_ASC and SQL_AUDIT_DESC, in their order. */
VO_ST_ROW_FN(audit_row, vo_audit_entry, VO_C_INT(id), VO_C_INT(at), VO_C_INT(user_id),
             VO_C_TEXT(action), VO_C_TEXT(object), VO_C_INT(object_id), VO_C_TEXT(detail))

vo_err vo_store_audit_list(struct vo_store *st, int64_t org, const struct vo_audit_filter *f,
                           struct vo_arena *a, struct vo_audit_entry **out, size_t *n,
                           struct vo_error *e)
{
    const struct vo_st_param p[] = {
        VO_P_I64(org),
        VO_P_ID(f->user_id),
        VO_P_TEXT(f->action),
        VO_P_OPT(f->from),
        VO_P_OPT(f->to),
        VO_P_I64(f->after_id ? f->after_id
                 : f->desc   ? INT64_MAX
                             : 0),
        VO_P_I64(f->limit > 0 ? f->limit : 50),
    };
    return vo_st_list(st, f->desc ? SQL_AUDIT_DESC : SQL_AUDIT_ASC, p, VO_ST_N(p), a, sizeof **out,
                      audit_row, out, n, "audit", e);
}
