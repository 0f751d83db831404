/*
 * dataset_store.c - the SQL that feeds the analytics dataset: one streaming
 * SELECT per table, in the order the dataset wants its rows (by time for
 * the event tables, so the dataset need not sort them), each row handed to
 * a callback with its text borrowed from SQLite for the call only. The two
 * big ones, activities and tasks, come in id order instead (a sequential
 * scan of the table: walking the time index costs a random table look-up
 * a row, 17 s instead of 2.6 s for 10M activities) and the dataset sorts
 * them by time.
 *
 * Only the columns the dataset uses are read; free text such as titles,
 * comments and recording URLs stays in the database.
 */
#include "store/store_int.h"

#include <string.h>

#include "base/timeutil.h"

/* Text of column i, borrowed until the next step; NULL for SQL NULL. */
static const char *col_text(sqlite3_stmt *s, int i)
{
    return (const char *)sqlite3_column_text(s, i);
}

/* Prepares sql bound to org; NULL with e set on failure. */
static sqlite3_stmt *prep_org(struct vo_store *st, const char *sql, int64_t org, struct vo_error *e)
{
    sqlite3_stmt *s = vo_st_prep(st, sql, e);
    if (s)
        vo_st_i64(s, 1, org);
    return s;
}

/* Finishes a pass: resets the statement and turns the last step's result
 * (or the callback's error) into a vo_err; then the test hook, if any. */
static vo_err finish(struct vo_store *st, sqlite3_stmt *s, int step_rc, vo_err cb_rc,
                     const char *what, struct vo_error *e)
{
    vo_err rc = VO_OK;
    if (cb_rc)
        rc = cb_rc;
    else if (step_rc != SQLITE_DONE)
        rc = vo_st_fail(st, what, e);
    sqlite3_reset(s);
    if (st->hook)
        st->hook(st->hook_ctx, what);
    return rc;
}

static const char SQL_LOAD_TEAMS[] = "SELECT id, name FROM teams WHERE org_id = ?1 ORDER BY id";

vo_err vo_store_load_teams(struct vo_store *st, int64_t org,
                           vo_err (*cb)(void *ctx, const struct vo_team *row), void *ctx,
                           struct vo_error *e)
{
    sqlite3_stmt *s = prep_org(st, SQL_LOAD_TEAMS, org, e);
    if (!s)
        return VO_ESTORE;
    int rc = SQLITE_DONE;
    vo_err crc = VO_OK;
    while (!crc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct vo_team t = {
            .id = sqlite3_column_int64(s, 0), .org_id = org, .name = col_text(s, 1)};
        crc = cb(ctx, &t);
    }
    return finish(st, s, crc ? SQLITE_DONE : rc, crc, "teams", e);
}

static const char SQL_LOAD_USERS[] =
    "SELECT id, name, email, role, team_id, active, created_at, rev FROM users "
    "WHERE org_id = ?1 ORDER BY id";

vo_err vo_store_load_users(struct vo_store *st, int64_t org,
                           vo_err (*cb)(void *ctx, const struct vo_user *row), void *ctx,
                           struct vo_error *e)
{
    sqlite3_stmt *s = prep_org(st, SQL_LOAD_USERS, org, e);
    if (!s)
        return VO_ESTORE;
    int rc = SQLITE_DONE;
    vo_err crc = VO_OK;
    while (!crc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct vo_user u = {.id = sqlite3_column_int64(s, 0), .org_id = org};
        u.name = col_text(s, 1);
        u.email = col_text(s, 2);
        crc = vo_role_parse(col_text(s, 3), &u.role, "role", e);
        u.team_id = vo_st_col_id(s, 4);
        u.active = sqlite3_column_int(s, 5) != 0;
        u.created_at = sqlite3_column_int64(s, 6);
        u.rev = sqlite3_column_int64(s, 7);
        if (!crc)
            crc = cb(ctx, &u);
    }
    return finish(st, s, crc ? SQLITE_DONE : rc, crc, "users", e);
}

static const char SQL_LOAD_PIPELINES[] =
    "SELECT id, name FROM pipelines WHERE org_id = ?1 ORDER BY id";

vo_err vo_store_load_pipelines(struct vo_store *st, int64_t org,
                               vo_err (*cb)(void *ctx, const struct vo_pipeline *row), void *ctx,
                               struct vo_error *e)
{
    sqlite3_stmt *s = prep_org(st, SQL_LOAD_PIPELINES, org, e);
    if (!s)
        return VO_ESTORE;
    int rc = SQLITE_DONE;
    vo_err crc = VO_OK;
    while (!crc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct vo_pipeline p = {
            .id = sqlite3_column_int64(s, 0), .org_id = org, .name = col_text(s, 1)};
        crc = cb(ctx, &p);
    }
    return finish(st, s, crc ? SQLITE_DONE : rc, crc, "pipelines", e);
}

static const char SQL_LOAD_STAGES[] =
    "SELECT id, pipeline_id, name, position, max_days FROM stages WHERE org_id = ?1 "
    "ORDER BY pipeline_id, position, id";

vo_err vo_store_load_stages(struct vo_store *st, int64_t org,
                            vo_err (*cb)(void *ctx, const struct vo_stage *row), void *ctx,
                            struct vo_error *e)
{
    sqlite3_stmt *s = prep_org(st, SQL_LOAD_STAGES, org, e);
    if (!s)
        return VO_ESTORE;
    int rc = SQLITE_DONE;
    vo_err crc = VO_OK;
    while (!crc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct vo_stage g = {.id = sqlite3_column_int64(s, 0), .org_id = org};
        g.pipeline_id = sqlite3_column_int64(s, 1);
        g.name = col_text(s, 2);
        g.position = sqlite3_column_int(s, 3);
        g.max_days = vo_st_col_opt(s, 4);
        crc = cb(ctx, &g);
    }
    return finish(st, s, crc ? SQLITE_DONE : rc, crc, "stages", e);
}

static const char SQL_LOAD_CLIENTS[] =
    "SELECT id, name, channel, region, segment, source, owner_id, created_at, key_account, rev "
    "FROM clients WHERE org_id = ?1 ORDER BY id";

vo_err vo_store_load_clients(struct vo_store *st, int64_t org,
                             vo_err (*cb)(void *ctx, const struct vo_client *row), void *ctx,
                             struct vo_error *e)
{
    sqlite3_stmt *s = prep_org(st, SQL_LOAD_CLIENTS, org, e);
    if (!s)
        return VO_ESTORE;
    int rc = SQLITE_DONE;
    vo_err crc = VO_OK;
    while (!crc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct vo_client c = {.id = sqlite3_column_int64(s, 0), .org_id = org};
        c.name = col_text(s, 1);
        c.channel = col_text(s, 2);
        c.region = col_text(s, 3);
        c.segment = col_text(s, 4);
        c.source = col_text(s, 5);
        c.owner_id = vo_st_col_id(s, 6);
        c.created_at = vo_st_col_opt(s, 7);
        c.key_account = sqlite3_column_int(s, 8) != 0;
        c.rev = sqlite3_column_int64(s, 9);
        crc = cb(ctx, &c);
    }
    return finish(st, s, crc ? SQLITE_DONE : rc, crc, "clients", e);
}

static const char SQL_LOAD_DEALS[] =
    "SELECT id, client_id, product_id, pipeline_id, stage_id, owner_id, status, amount, "
    "created_at, closed_at, loss_reason, channel, source, rev FROM deals WHERE org_id = ?1 "
    "ORDER BY created_at, id";

vo_err vo_store_load_deals(struct vo_store *st, int64_t org,
                           vo_err (*cb)(void *ctx, const struct vo_deal *row), void *ctx,
                           struct vo_error *e)
{
    sqlite3_stmt *s = prep_org(st, SQL_LOAD_DEALS, org, e);
    if (!s)
        return VO_ESTORE;
    int rc = SQLITE_DONE;
    vo_err crc = VO_OK;
    while (!crc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct vo_deal d = {.id = sqlite3_column_int64(s, 0), .org_id = org};
        d.client_id = vo_st_col_id(s, 1);
        d.product_id = vo_st_col_id(s, 2);
        d.pipeline_id = sqlite3_column_int64(s, 3);
        d.stage_id = vo_st_col_id(s, 4);
        d.owner_id = sqlite3_column_int64(s, 5);
        crc = vo_deal_status_parse(col_text(s, 6), &d.status, "status", e);
        d.amount = vo_st_col_opt(s, 7);
        d.created_at = sqlite3_column_int64(s, 8);
        d.closed_at = vo_st_col_opt(s, 9);
        d.loss_reason = col_text(s, 10);
        d.channel = col_text(s, 11);
        d.source = col_text(s, 12);
        d.rev = sqlite3_column_int64(s, 13);
        if (!crc)
            crc = cb(ctx, &d);
    }
    return finish(st, s, crc ? SQLITE_DONE : rc, crc, "deals", e);
}

static const char SQL_LOAD_STAGE_CHANGES[] =
    "SELECT deal_id, stage_id, at, user_id, id FROM stage_changes WHERE org_id = ?1 "
    "ORDER BY deal_id, at, id";

vo_err vo_store_load_stage_changes(struct vo_store *st, int64_t org,
                                   vo_err (*cb)(void *ctx, const struct vo_stage_change *row),
                                   void *ctx, struct vo_error *e)
{
    sqlite3_stmt *s = prep_org(st, SQL_LOAD_STAGE_CHANGES, org, e);
    if (!s)
        return VO_ESTORE;
    int rc = SQLITE_DONE;
    vo_err crc = VO_OK;
    while (!crc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct vo_stage_change c = {.org_id = org};
        c.deal_id = sqlite3_column_int64(s, 0);
        c.stage_id = sqlite3_column_int64(s, 1);
        c.at = sqlite3_column_int64(s, 2);
        c.user_id = vo_st_col_id(s, 3);
        c.id = sqlite3_column_int64(s, 4);
        crc = cb(ctx, &c);
    }
    return finish(st, s, crc ? SQLITE_DONE : rc, crc, "stage changes", e);
}

/* The big scans read the file through a memory map rather than read(2)
 * into SQLite's page cache (the kernel's copy was ~5% of the load's CPU);
 * the setting is put back after the scan, so the connection's other work
 * is unchanged. Best effort: on any error the scan reads as before. */
static void scan_mmap(struct vo_store *st, bool on)
{
    sqlite3_exec(st->db, on ? "PRAGMA mmap_size = 8589934592" : "PRAGMA mmap_size = 0", NULL, NULL,
                 NULL);
}

/* Only what the dataset uses: no client_id, no direction (parsing the
 * direction of 10M rows cost more than the rest of the row). */
static const char SQL_LOAD_ACTIVITIES[] =
    "SELECT id, type, user_id, at, deal_id, duration_s FROM activities "
    "WHERE org_id = ?1 ORDER BY id";

vo_err vo_store_load_activities(struct vo_store *st, int64_t org,
                                vo_err (*cb)(void *ctx, const struct vo_activity *row), void *ctx,
                                struct vo_error *e)
{
    sqlite3_stmt *s = prep_org(st, SQL_LOAD_ACTIVITIES, org, e);
    if (!s)
        return VO_ESTORE;
    scan_mmap(st, true);
    int rc = SQLITE_DONE;
    vo_err crc = VO_OK;
    while (!crc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct vo_activity a = {.id = sqlite3_column_int64(s, 0), .org_id = org};
        crc = vo_activity_type_parse(col_text(s, 1), &a.type, "type", e);
        a.user_id = sqlite3_column_int64(s, 2);
        a.at = sqlite3_column_int64(s, 3);
        a.deal_id = vo_st_col_id(s, 4);
        a.duration_s = vo_st_col_opt(s, 5);
        a.direction = VO_DIR_NONE;
        if (!crc)
            crc = cb(ctx, &a);
    }
    vo_err r = finish(st, s, crc ? SQLITE_DONE : rc, crc, "activities", e);
    scan_mmap(st, false);
    return r;
}

static const char SQL_LOAD_TASKS[] =
    "SELECT id, assignee_id, created_at, due_at, deal_id, client_id, done_at, rev FROM tasks "
    "WHERE org_id = ?1 ORDER BY id";

vo_err vo_store_load_tasks(struct vo_store *st, int64_t org,
                           vo_err (*cb)(void *ctx, const struct vo_task *row), void *ctx,
                           struct vo_error *e)
{
    sqlite3_stmt *s = prep_org(st, SQL_LOAD_TASKS, org, e);
    if (!s)
        return VO_ESTORE;
    scan_mmap(st, true);
    int rc = SQLITE_DONE;
    vo_err crc = VO_OK;
    while (!crc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct vo_task t = {.id = sqlite3_column_int64(s, 0), .org_id = org};
        t.assignee_id = sqlite3_column_int64(s, 1);
        t.created_at = sqlite3_column_int64(s, 2);
        t.due_at = sqlite3_column_int64(s, 3);
        t.deal_id = vo_st_col_id(s, 4);
        t.client_id = vo_st_col_id(s, 5);
        t.done_at = vo_st_col_opt(s, 6);
        t.rev = sqlite3_column_int64(s, 7);
        crc = cb(ctx, &t);
    }
    vo_err r = finish(st, s, crc ? SQLITE_DONE : rc, crc, "tasks", e);
    scan_mmap(st, false);
    return r;
}

static const char SQL_LOAD_PAYMENTS[] =
    "SELECT id, amount, paid_at, deal_id, client_id, rev FROM payments WHERE org_id = ?1 "
    "ORDER BY paid_at, id";

vo_err vo_store_load_payments(struct vo_store *st, int64_t org,
                              vo_err (*cb)(void *ctx, const struct vo_payment *row), void *ctx,
                              struct vo_error *e)
{
    sqlite3_stmt *s = prep_org(st, SQL_LOAD_PAYMENTS, org, e);
    if (!s)
        return VO_ESTORE;
    int rc = SQLITE_DONE;
    vo_err crc = VO_OK;
    while (!crc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct vo_payment p = {.id = sqlite3_column_int64(s, 0), .org_id = org};
        p.amount = sqlite3_column_int64(s, 1);
        p.paid_at = sqlite3_column_int64(s, 2);
        p.deal_id = vo_st_col_id(s, 3);
        p.client_id = vo_st_col_id(s, 4);
        p.rev = sqlite3_column_int64(s, 5);
        crc = cb(ctx, &p);
    }
    return finish(st, s, crc ? SQLITE_DONE : rc, crc, "payments", e);
}

static const char SQL_LOAD_PLANS[] =
    "SELECT id, period, scope_kind, scope_id, metric, target, rev FROM plans WHERE org_id = ?1 "
    "ORDER BY period, scope_kind, scope_id, metric";

static vo_err plan_row(sqlite3_stmt *s, int64_t org, struct vo_plan *p, struct vo_error *e)
{
    memset(p, 0, sizeof *p);
    p->id = sqlite3_column_int64(s, 0);
    p->org_id = org;
    const char *period = col_text(s, 1);
    if (!vo_month_scan(period, &p->year, &p->month))
        return vo_error_set(e, VO_ESTORE, "period", "plan %lld: \"%s\" is not a month",
                            (long long)p->id, period ? period : "");
    const char *scope = col_text(s, 2);
    if (scope && strcmp(scope, "org") == 0)
        p->scope_kind = VO_SCOPE_ORG;
    else if (scope && strcmp(scope, "team") == 0)
        p->scope_kind = VO_SCOPE_TEAM;
    else if (scope && strcmp(scope, "user") == 0)
        p->scope_kind = VO_SCOPE_USER;
    else
        return vo_error_set(e, VO_ESTORE, "scope", "plan %lld: unknown scope \"%s\"",
                            (long long)p->id, scope ? scope : "");
    p->scope_id = sqlite3_column_int64(s, 3);
    const char *metric = col_text(s, 4);
    const struct vo_metric_def *m = vo_metric_find(metric ? metric : "");
    if (!m)
        return vo_error_set(e, VO_ESTORE, "metric", "plan %lld: unknown metric \"%s\"",
                            (long long)p->id, metric ? metric : "");
    p->metric = m->id;
    p->target = sqlite3_column_int64(s, 5);
    p->rev = sqlite3_column_int64(s, 6);
    return VO_OK;
}

vo_err vo_store_load_plans(struct vo_store *st, int64_t org,
                           vo_err (*cb)(void *ctx, const struct vo_plan *row), void *ctx,
                           struct vo_error *e)
{
    sqlite3_stmt *s = prep_org(st, SQL_LOAD_PLANS, org, e);
    if (!s)
        return VO_ESTORE;
    int rc = SQLITE_DONE;
    vo_err crc = VO_OK;
    while (!crc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct vo_plan p;
        crc = plan_row(s, org, &p, e);
        if (!crc)
            crc = cb(ctx, &p);
    }
    return finish(st, s, crc ? SQLITE_DONE : rc, crc, "plans", e);
}

static const char SQL_LOAD_HOLIDAYS[] =
    "SELECT id, date, kind, name FROM holidays WHERE org_id = ?1 ORDER BY date";

vo_err vo_store_load_holidays(struct vo_store *st, int64_t org,
                              vo_err (*cb)(void *ctx, const struct vo_holiday *row), void *ctx,
                              struct vo_error *e)
{
    sqlite3_stmt *s = prep_org(st, SQL_LOAD_HOLIDAYS, org, e);
    if (!s)
        return VO_ESTORE;
    int rc = SQLITE_DONE;
    vo_err crc = VO_OK;
    while (!crc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct vo_holiday h = {.id = sqlite3_column_int64(s, 0), .org_id = org};
        struct vo_date d = {0, 0, 0};
        const char *date = col_text(s, 1);
        if (!vo_date_scan(date, &d))
            crc = vo_error_set(e, VO_ESTORE, "date", "holiday %lld: \"%s\" is not a date",
                               (long long)h.id, date ? date : "");
        h.y = d.y;
        h.m = d.m;
        h.d = d.d;
        if (!crc)
            crc = vo_day_kind_parse(col_text(s, 2), &h.kind, "kind", e);
        h.name = col_text(s, 3);
        if (!crc)
            crc = cb(ctx, &h);
    }
    return finish(st, s, crc ? SQLITE_DONE : rc, crc, "holidays", e);
}
