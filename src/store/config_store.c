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

/* Reads a row of (id, org_id, name), a team's or a pipeline's, into the
 * three fields given. */
static void named_row(sqlite3_stmt *s, struct vo_arena *a, int64_t *id, int64_t *org,
                      const char **name)
{
    *id = sqlite3_column_int64(s, 0);
    *org = sqlite3_column_int64(s, 1);
    *name = vo_st_col_text(s, 2, a);
}

static void team_row(sqlite3_stmt *s, struct vo_arena *a, void *item)
{
    struct vo_team *v = item;
    named_row(s, a, &v->id, &v->org_id, &v->name);
}

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

/* The columns product_row reads, by their place in the SELECT. */
enum {
    C_PRODUCT_ID,
    C_PRODUCT_ORG_ID,
    C_PRODUCT_EXT_ID,
    C_PRODUCT_NAME,
    C_PRODUCT_CATEGORY,
    C_PRODUCT_PRICE
};

static void product_row(sqlite3_stmt *s, struct vo_arena *a, void *item)
{
    struct vo_product *p = item;
    p->id = sqlite3_column_int64(s, C_PRODUCT_ID);
    p->org_id = sqlite3_column_int64(s, C_PRODUCT_ORG_ID);
    p->ext_id = vo_st_col_text(s, C_PRODUCT_EXT_ID, a);
    p->name = vo_st_col_text(s, C_PRODUCT_NAME, a);
    p->category = vo_st_col_text(s, C_PRODUCT_CATEGORY, a);
    p->price = vo_st_col_opt(s, C_PRODUCT_PRICE);
}

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

vo_err vo_store_product_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                            struct vo_product *out, struct vo_error *e)
{
    return vo_st_get_id(st, SQL_PRODUCT_GET, org, id, a, product_row, out, "id", "product", e);
}

/* ---- pipelines and stages ---- */

static const char SQL_PIPELINE_LIST[] =
    "SELECT id, org_id, name FROM pipelines WHERE org_id = ?1 ORDER BY id";

static void pipeline_row(sqlite3_stmt *s, struct vo_arena *a, void *item)
{
    struct vo_pipeline *v = item;
    named_row(s, a, &v->id, &v->org_id, &v->name);
}

vo_err vo_store_pipeline_list(struct vo_store *st, int64_t org, struct vo_arena *a,
                              struct vo_pipeline **out, size_t *n, struct vo_error *e)
{
    return vo_st_list_by(st, SQL_PIPELINE_LIST, org, a, sizeof **out, pipeline_row, out, n,
                         "pipeline", e);
}

static const char SQL_PIPELINE_GET[] =
    "SELECT id, org_id, name FROM pipelines WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_pipeline_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                             struct vo_pipeline *out, struct vo_error *e)
{
    return vo_st_get_id(st, SQL_PIPELINE_GET, org, id, a, pipeline_row, out, "id", "pipeline", e);
}

static const char SQL_STAGE_GET[] =
    "SELECT id, org_id, pipeline_id, name, position, max_days FROM stages "
    "WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_stage_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                          struct vo_stage *out, struct vo_error *e)
{
    return vo_st_get_id(st, SQL_STAGE_GET, org, id, a, vo_st_stage_row, out, "id", "stage", e);
}

/* ---- holidays ---- */

static const char SQL_HOLIDAY_LIST[] =
    "SELECT id, org_id, date, kind, name FROM holidays WHERE org_id = ?1 "
    "AND (?2 IS NULL OR substr(date, 1, 4) = ?2) ORDER BY date";

/* The columns vo_store_holiday_list reads, by their place in the SELECT. */
enum { C_HOLIDAY_ID, C_HOLIDAY_ORG_ID, C_HOLIDAY_DATE, C_HOLIDAY_KIND, C_HOLIDAY_NAME };

vo_err vo_store_holiday_list(struct vo_store *st, int64_t org, int year, struct vo_arena *a,
                             struct vo_holiday **out, size_t *n, struct vo_error *e)
{
    sqlite3_stmt *s = vo_st_prep(st, SQL_HOLIDAY_LIST, e);
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
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        void *grown = vo_arena_grow(a, v, &cap, cnt, sizeof *v);
        if ((oom = !grown))
            break;
        v = grown;
        struct vo_holiday *h = &v[cnt++];
        const char *date = (const char *)sqlite3_column_text(s, C_HOLIDAY_DATE);
        const char *kind = (const char *)sqlite3_column_text(s, C_HOLIDAY_KIND);
        *h = (struct vo_holiday){.id = sqlite3_column_int64(s, C_HOLIDAY_ID),
                                 .org_id = sqlite3_column_int64(s, C_HOLIDAY_ORG_ID),
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
    sqlite3_stmt *s = vo_st_prep(st, SQL_PLAN_LIST, e);
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
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *kind = (const char *)sqlite3_column_text(s, C_PLAN_KIND);
        const struct vo_metric_def *md =
            vo_metric_find((const char *)sqlite3_column_text(s, C_PLAN_METRIC));
        if (!md || !kind)
            continue; /* written by a newer binary: not ours to show */
        void *grown = vo_arena_grow(a, v, &cap, cnt, sizeof *v);
        if ((oom = !grown))
            break;
        v = grown;
        v[cnt++] = (struct vo_plan){.id = sqlite3_column_int64(s, C_PLAN_ID),
                                    .org_id = org,
                                    .year = y,
                                    .month = m,
                                    .scope_kind = strcmp(kind, "team") == 0   ? VO_SCOPE_TEAM
                                                  : strcmp(kind, "user") == 0 ? VO_SCOPE_USER
                                                                              : VO_SCOPE_ORG,
                                    .scope_id = sqlite3_column_int64(s, C_PLAN_SCOPE_ID),
                                    .metric = md->id,
                                    .target = sqlite3_column_int64(s, C_PLAN_TARGET)};
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

/* The columns vo_store_audit_list reads, by their place in the SELECT. */
enum {
    C_AUDIT_ID,
    C_AUDIT_AT,
    C_AUDIT_USER_ID,
    C_AUDIT_ACTION,
    C_AUDIT_OBJECT,
    C_AUDIT_OBJECT_ID,
    C_AUDIT_DETAIL
};

/* One row of vo_store_audit_list. */
static void audit_row(sqlite3_stmt *s, struct vo_arena *a, void *item)
{
    struct vo_audit_entry *v = item;
    *v = (struct vo_audit_entry){.id = sqlite3_column_int64(s, C_AUDIT_ID),
                                 .at = sqlite3_column_int64(s, C_AUDIT_AT),
                                 .user_id = vo_st_col_id(s, C_AUDIT_USER_ID),
                                 .action = vo_st_col_text(s, C_AUDIT_ACTION, a),
                                 .object = vo_st_col_text(s, C_AUDIT_OBJECT, a),
                                 .object_id = vo_st_col_id(s, C_AUDIT_OBJECT_ID),
                                 .detail = vo_st_col_text(s, C_AUDIT_DETAIL, a)};
}

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
