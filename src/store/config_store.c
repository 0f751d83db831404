/*
 * config_store.c - the org's configuration as the API edits it one record
 * at a time: teams, products, pipelines and stages, holidays, the plans of
 * a month, and reading the audit log with filters and keyset paging.
 *
 * The import-side upserts of the same tables live in records.c; what is
 * here is what an administrator does by hand (create, rename, reorder,
 * delete) and the listings the settings screens show.
 */
#include "store/store_int.h"

#include <stdio.h>
#include <string.h>

/* Checks that an UPDATE or DELETE touched a row. */
static vo_err touched(struct vo_store *st, vo_err rc, const char *what, int64_t id,
                      struct vo_error *e)
{
    if (rc)
        return rc;
    if (sqlite3_changes(st->db) == 0)
        return vo_error_set(e, VO_ENOTFOUND, "id", "no %s %lld", what, (long long)id);
    return VO_OK;
}

/* ---- teams ---- */

static const char SQL_TEAM_LIST[] = "SELECT id, org_id, name FROM teams WHERE org_id = ?1 "
                                    "ORDER BY name, id";

/* The columns vo_store_team_list reads, by their place in the SELECT. */
enum { C_TEAM_ID, C_TEAM_ORG_ID, C_TEAM_NAME };

/* One row of vo_store_team_list. */
static void team_row(sqlite3_stmt *s, struct vo_arena *a, void *item)
{
    struct vo_team *v = item;
    *v = (struct vo_team){.id = sqlite3_column_int64(s, C_TEAM_ID),
                          .org_id = sqlite3_column_int64(s, C_TEAM_ORG_ID),
                          .name = vo_st_col_text(s, C_TEAM_NAME, a)};
}

vo_err vo_store_team_list(struct vo_store *st, int64_t org, struct vo_arena *a,
                          struct vo_team **out, size_t *n, struct vo_error *e)
{
    void *v = NULL;
    size_t cnt = 0;
    vo_err r =
        vo_st_list_by(st, SQL_TEAM_LIST, org, a, sizeof **out, team_row, &v, &cnt, "team", e);
    *out = v;
    *n = cnt;
    return r;
}

static const char SQL_TEAM_RENAME[] = "UPDATE teams SET name = ?3 WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_team_rename(struct vo_store *st, int64_t org, int64_t id, const char *name,
                            struct vo_error *e)
{
    sqlite3_stmt *s = vo_st_prep(st, SQL_TEAM_RENAME, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, org);
    vo_st_i64(s, 2, id);
    vo_st_text(s, 3, name);
    return touched(st, vo_st_exec(st, s, "team", e), "team", id, e);
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
    void *v = NULL;
    size_t cnt = 0;
    vo_err r = vo_st_list_by(st, SQL_PRODUCT_LIST, org, a, sizeof **out, product_row, &v, &cnt,
                             "product", e);
    *out = v;
    *n = cnt;
    return r;
}

static const char SQL_PRODUCT_GET[] =
    "SELECT id, org_id, ext_id, name, category, price FROM products WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_product_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                            struct vo_product *out, struct vo_error *e)
{
    sqlite3_stmt *s = vo_st_prep(st, SQL_PRODUCT_GET, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, org);
    vo_st_i64(s, 2, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        product_row(s, a, out);
    sqlite3_reset(s);
    if (rc == SQLITE_ROW)
        return VO_OK;
    if (rc == SQLITE_DONE)
        return vo_error_set(e, VO_ENOTFOUND, "id", "no product %lld", (long long)id);
    return vo_st_fail(st, "product", e);
}

static const char SQL_PRODUCT_INSERT[] =
    "INSERT INTO products(org_id, ext_id, name, category, price) VALUES(?1, ?2, ?3, ?4, ?5)";

vo_err vo_store_product_insert(struct vo_store *st, struct vo_product *p, struct vo_error *e)
{
    sqlite3_stmt *s = vo_st_prep(st, SQL_PRODUCT_INSERT, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, p->org_id);
    vo_st_text(s, 2, p->ext_id);
    vo_st_text(s, 3, p->name);
    vo_st_text(s, 4, p->category);
    vo_st_opt(s, 5, p->price);
    vo_err rc = vo_st_exec(st, s, "product", e);
    if (!rc)
        p->id = sqlite3_last_insert_rowid(st->db);
    return rc;
}

static const char SQL_PRODUCT_UPDATE[] =
    "UPDATE products SET name = ?3, category = ?4, price = ?5 WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_product_update(struct vo_store *st, const struct vo_product *p, struct vo_error *e)
{
    sqlite3_stmt *s = vo_st_prep(st, SQL_PRODUCT_UPDATE, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, p->org_id);
    vo_st_i64(s, 2, p->id);
    vo_st_text(s, 3, p->name);
    vo_st_text(s, 4, p->category);
    vo_st_opt(s, 5, p->price);
    return touched(st, vo_st_exec(st, s, "product", e), "product", p->id, e);
}

/* ---- pipelines and stages ---- */

static const char SQL_PIPELINE_LIST[] =
    "SELECT id, org_id, name FROM pipelines WHERE org_id = ?1 ORDER BY id";

/* The columns vo_store_pipeline_list reads, by their place in the SELECT. */
enum { C_PIPELINE_ID, C_PIPELINE_ORG_ID, C_PIPELINE_NAME };

/* One row of vo_store_pipeline_list. */
static void pipeline_row(sqlite3_stmt *s, struct vo_arena *a, void *item)
{
    struct vo_pipeline *v = item;
    *v = (struct vo_pipeline){.id = sqlite3_column_int64(s, C_PIPELINE_ID),
                              .org_id = sqlite3_column_int64(s, C_PIPELINE_ORG_ID),
                              .name = vo_st_col_text(s, C_PIPELINE_NAME, a)};
}

vo_err vo_store_pipeline_list(struct vo_store *st, int64_t org, struct vo_arena *a,
                              struct vo_pipeline **out, size_t *n, struct vo_error *e)
{
    void *v = NULL;
    size_t cnt = 0;
    vo_err r = vo_st_list_by(st, SQL_PIPELINE_LIST, org, a, sizeof **out, pipeline_row, &v, &cnt,
                             "pipeline", e);
    *out = v;
    *n = cnt;
    return r;
}

static const char SQL_STAGE_GET[] =
    "SELECT id, org_id, pipeline_id, name, position, max_days FROM stages "
    "WHERE org_id = ?1 AND id = ?2";

/* The columns vo_store_stage_get reads, by their place in the SELECT. */
enum {
    C_STAGE_ID,
    C_STAGE_ORG_ID,
    C_STAGE_PIPELINE_ID,
    C_STAGE_NAME,
    C_STAGE_POSITION,
    C_STAGE_MAX_DAYS
};

vo_err vo_store_stage_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                          struct vo_stage *out, struct vo_error *e)
{
    sqlite3_stmt *s = vo_st_prep(st, SQL_STAGE_GET, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, org);
    vo_st_i64(s, 2, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *out = (struct vo_stage){.id = sqlite3_column_int64(s, C_STAGE_ID),
                                 .org_id = sqlite3_column_int64(s, C_STAGE_ORG_ID),
                                 .pipeline_id = sqlite3_column_int64(s, C_STAGE_PIPELINE_ID),
                                 .name = vo_st_col_text(s, C_STAGE_NAME, a),
                                 .position = sqlite3_column_int(s, C_STAGE_POSITION),
                                 .max_days = vo_st_col_opt(s, C_STAGE_MAX_DAYS)};
    sqlite3_reset(s);
    if (rc == SQLITE_ROW)
        return VO_OK;
    if (rc == SQLITE_DONE)
        return vo_error_set(e, VO_ENOTFOUND, "id", "no stage %lld", (long long)id);
    return vo_st_fail(st, "stage", e);
}

static const char SQL_STAGE_UPDATE[] =
    "UPDATE stages SET name = ?3, position = ?4, max_days = ?5 WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_stage_update(struct vo_store *st, const struct vo_stage *sg, struct vo_error *e)
{
    sqlite3_stmt *s = vo_st_prep(st, SQL_STAGE_UPDATE, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, sg->org_id);
    vo_st_i64(s, 2, sg->id);
    vo_st_text(s, 3, sg->name);
    vo_st_i64(s, 4, sg->position);
    vo_st_opt(s, 5, sg->max_days);
    return touched(st, vo_st_exec(st, s, "stage", e), "stage", sg->id, e);
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
    sqlite3_stmt *s = vo_st_prep(st, SQL_HOLIDAY_DELETE, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, org);
    vo_st_i64(s, 2, id);
    return touched(st, vo_st_exec(st, s, "holiday", e), "holiday", id, e);
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
    sqlite3_stmt *s = vo_st_prep(st, f->desc ? SQL_AUDIT_DESC : SQL_AUDIT_ASC, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, org);
    vo_st_id(s, 2, f->user_id);
    vo_st_text(s, 3, f->action);
    vo_st_opt(s, 4, f->from);
    vo_st_opt(s, 5, f->to);
    vo_st_i64(s, 6, f->after_id ? f->after_id : f->desc ? INT64_MAX : 0);
    vo_st_i64(s, 7, f->limit > 0 ? f->limit : 50);
    void *v = NULL;
    size_t cnt = 0;
    vo_err r = vo_st_rows(st, s, a, sizeof **out, audit_row, &v, &cnt, "audit", e);
    *out = v;
    *n = cnt;
    return r;
}
