/*
 * dataset_store.c - the SQL that feeds the analytics dataset: one streaming
 * SELECT per kind of row, in the order the dataset wants its rows (by time
 * for the event tables, so the dataset need not sort them), each row handed
 * to a callback with its text borrowed from SQLite for the call only. The
 * two big ones, activities and tasks, come in id order instead (a
 * sequential scan of the table: walking the time index costs a random table
 * look-up a row, 17 s instead of 2.6 s for 10M activities) and the dataset
 * sorts them by time.
 *
 * One loop (vo_store_load_rows) serves every kind; what differs is a row
 * of the table `kinds`: the statement, the pass's name, whether it is a
 * big scan, and the decoder that turns a result row into the model struct.
 * Each statement's columns are named by an enum in SELECT order.
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

static const char SQL_LOAD_TEAMS[] = "SELECT id, name FROM teams WHERE org_id = ?1 ORDER BY id";
enum { TEAM_ID, TEAM_NAME };

static vo_err team_decode(sqlite3_stmt *s, int64_t org, union vo_store_row *r, struct vo_error *e)
{
    (void)e;
    r->team = (struct vo_team){
        .id = sqlite3_column_int64(s, TEAM_ID), .org_id = org, .name = col_text(s, TEAM_NAME)};
    return VO_OK;
}

static const char SQL_LOAD_USERS[] =
    "SELECT id, name, email, role, team_id, active, created_at, rev FROM users "
    "WHERE org_id = ?1 ORDER BY id";
enum { USER_ID, USER_NAME, USER_EMAIL, USER_ROLE, USER_TEAM, USER_ACTIVE, USER_CREATED, USER_REV };

static vo_err user_decode(sqlite3_stmt *s, int64_t org, union vo_store_row *r, struct vo_error *e)
{
    struct vo_user *u = &r->user;
    *u = (struct vo_user){.id = sqlite3_column_int64(s, USER_ID), .org_id = org};
    u->name = col_text(s, USER_NAME);
    u->email = col_text(s, USER_EMAIL);
    u->team_id = vo_st_col_id(s, USER_TEAM);
    u->active = sqlite3_column_int(s, USER_ACTIVE) != 0;
    u->created_at = sqlite3_column_int64(s, USER_CREATED);
    u->rev = sqlite3_column_int64(s, USER_REV);
    return vo_role_parse(col_text(s, USER_ROLE), &u->role, "role", e);
}

static const char SQL_LOAD_PIPELINES[] =
    "SELECT id, name FROM pipelines WHERE org_id = ?1 ORDER BY id";
enum { PIPE_ID, PIPE_NAME };

static vo_err pipeline_decode(sqlite3_stmt *s, int64_t org, union vo_store_row *r,
                              struct vo_error *e)
{
    (void)e;
    r->pipeline = (struct vo_pipeline){
        .id = sqlite3_column_int64(s, PIPE_ID), .org_id = org, .name = col_text(s, PIPE_NAME)};
    return VO_OK;
}

static const char SQL_LOAD_STAGES[] =
    "SELECT id, pipeline_id, name, position, max_days FROM stages WHERE org_id = ?1 "
    "ORDER BY pipeline_id, position, id";
enum { STAGE_ID, STAGE_PIPELINE, STAGE_NAME, STAGE_POSITION, STAGE_MAX_DAYS };

static vo_err stage_decode(sqlite3_stmt *s, int64_t org, union vo_store_row *r, struct vo_error *e)
{
    (void)e;
    struct vo_stage *g = &r->stage;
    *g = (struct vo_stage){.id = sqlite3_column_int64(s, STAGE_ID), .org_id = org};
    g->pipeline_id = sqlite3_column_int64(s, STAGE_PIPELINE);
    g->name = col_text(s, STAGE_NAME);
    g->position = sqlite3_column_int(s, STAGE_POSITION);
    g->max_days = vo_st_col_opt(s, STAGE_MAX_DAYS);
    return VO_OK;
}

static const char SQL_LOAD_CLIENTS[] =
    "SELECT id, name, channel, region, segment, source, owner_id, created_at, key_account, rev "
    "FROM clients WHERE org_id = ?1 ORDER BY id";
enum {
    CLIENT_ID,
    CLIENT_NAME,
    CLIENT_CHANNEL,
    CLIENT_REGION,
    CLIENT_SEGMENT,
    CLIENT_SOURCE,
    CLIENT_OWNER,
    CLIENT_CREATED,
    CLIENT_KEY_ACCOUNT,
    CLIENT_REV
};

static vo_err client_decode(sqlite3_stmt *s, int64_t org, union vo_store_row *r, struct vo_error *e)
{
    (void)e;
    struct vo_client *c = &r->client;
    *c = (struct vo_client){.id = sqlite3_column_int64(s, CLIENT_ID), .org_id = org};
    c->name = col_text(s, CLIENT_NAME);
    c->channel = col_text(s, CLIENT_CHANNEL);
    c->region = col_text(s, CLIENT_REGION);
    c->segment = col_text(s, CLIENT_SEGMENT);
    c->source = col_text(s, CLIENT_SOURCE);
    c->owner_id = vo_st_col_id(s, CLIENT_OWNER);
    c->created_at = vo_st_col_opt(s, CLIENT_CREATED);
    c->key_account = sqlite3_column_int(s, CLIENT_KEY_ACCOUNT) != 0;
    c->rev = sqlite3_column_int64(s, CLIENT_REV);
    return VO_OK;
}

static const char SQL_LOAD_DEALS[] =
    "SELECT id, client_id, product_id, pipeline_id, stage_id, owner_id, status, amount, "
    "created_at, closed_at, loss_reason, channel, source, rev FROM deals WHERE org_id = ?1 "
    "ORDER BY created_at, id";
enum {
    DEAL_ID,
    DEAL_CLIENT,
    DEAL_PRODUCT,
    DEAL_PIPELINE,
    DEAL_STAGE,
    DEAL_OWNER,
    DEAL_STATUS,
    DEAL_AMOUNT,
    DEAL_CREATED,
    DEAL_CLOSED,
    DEAL_LOSS_REASON,
    DEAL_CHANNEL,
    DEAL_SOURCE,
    DEAL_REV
};

static vo_err deal_decode(sqlite3_stmt *s, int64_t org, union vo_store_row *r, struct vo_error *e)
{
    struct vo_deal *d = &r->deal;
    *d = (struct vo_deal){.id = sqlite3_column_int64(s, DEAL_ID), .org_id = org};
    d->client_id = vo_st_col_id(s, DEAL_CLIENT);
    d->product_id = vo_st_col_id(s, DEAL_PRODUCT);
    d->pipeline_id = sqlite3_column_int64(s, DEAL_PIPELINE);
    d->stage_id = vo_st_col_id(s, DEAL_STAGE);
    d->owner_id = sqlite3_column_int64(s, DEAL_OWNER);
    d->amount = vo_st_col_opt(s, DEAL_AMOUNT);
    d->created_at = sqlite3_column_int64(s, DEAL_CREATED);
    d->closed_at = vo_st_col_opt(s, DEAL_CLOSED);
    d->loss_reason = col_text(s, DEAL_LOSS_REASON);
    d->channel = col_text(s, DEAL_CHANNEL);
    d->source = col_text(s, DEAL_SOURCE);
    d->rev = sqlite3_column_int64(s, DEAL_REV);
    return vo_deal_status_parse(col_text(s, DEAL_STATUS), &d->status, "status", e);
}

static const char SQL_LOAD_STAGE_CHANGES[] =
    "SELECT deal_id, stage_id, at, user_id, id FROM stage_changes WHERE org_id = ?1 "
    "ORDER BY deal_id, at, id";
enum { SC_DEAL, SC_STAGE, SC_AT, SC_USER, SC_ID };

static vo_err sc_decode(sqlite3_stmt *s, int64_t org, union vo_store_row *r, struct vo_error *e)
{
    (void)e;
    struct vo_stage_change *c = &r->stage_change;
    *c = (struct vo_stage_change){.org_id = org};
    c->deal_id = sqlite3_column_int64(s, SC_DEAL);
    c->stage_id = sqlite3_column_int64(s, SC_STAGE);
    c->at = sqlite3_column_int64(s, SC_AT);
    c->user_id = vo_st_col_id(s, SC_USER);
    c->id = sqlite3_column_int64(s, SC_ID);
    return VO_OK;
}

/* Only what the dataset uses: no client_id, no direction (parsing the
 * direction of 10M rows cost more than the rest of the row). */
static const char SQL_LOAD_ACTIVITIES[] =
    "SELECT id, type, user_id, at, deal_id, duration_s FROM activities "
    "WHERE org_id = ?1 ORDER BY id";
enum { ACT_ID, ACT_TYPE, ACT_USER, ACT_AT, ACT_DEAL, ACT_DURATION };

static vo_err act_decode(sqlite3_stmt *s, int64_t org, union vo_store_row *r, struct vo_error *e)
{
    struct vo_activity *a = &r->activity;
    *a = (struct vo_activity){.id = sqlite3_column_int64(s, ACT_ID), .org_id = org};
    a->user_id = sqlite3_column_int64(s, ACT_USER);
    a->at = sqlite3_column_int64(s, ACT_AT);
    a->deal_id = vo_st_col_id(s, ACT_DEAL);
    a->duration_s = vo_st_col_opt(s, ACT_DURATION);
    a->direction = VO_DIR_NONE;
    return vo_activity_type_parse(col_text(s, ACT_TYPE), &a->type, "type", e);
}

static const char SQL_LOAD_TASKS[] =
    "SELECT id, assignee_id, created_at, due_at, deal_id, client_id, done_at, rev FROM tasks "
    "WHERE org_id = ?1 ORDER BY id";
enum {
    TASK_ID,
    TASK_ASSIGNEE,
    TASK_CREATED,
    TASK_DUE,
    TASK_DEAL,
    TASK_CLIENT,
    TASK_DONE,
    TASK_REV
};

static vo_err task_decode(sqlite3_stmt *s, int64_t org, union vo_store_row *r, struct vo_error *e)
{
    (void)e;
    struct vo_task *t = &r->task;
    *t = (struct vo_task){.id = sqlite3_column_int64(s, TASK_ID), .org_id = org};
    t->assignee_id = sqlite3_column_int64(s, TASK_ASSIGNEE);
    t->created_at = sqlite3_column_int64(s, TASK_CREATED);
    t->due_at = sqlite3_column_int64(s, TASK_DUE);
    t->deal_id = vo_st_col_id(s, TASK_DEAL);
    t->client_id = vo_st_col_id(s, TASK_CLIENT);
    t->done_at = vo_st_col_opt(s, TASK_DONE);
    t->rev = sqlite3_column_int64(s, TASK_REV);
    return VO_OK;
}

static const char SQL_LOAD_PAYMENTS[] =
    "SELECT id, amount, paid_at, deal_id, client_id, rev FROM payments WHERE org_id = ?1 "
    "ORDER BY paid_at, id";
enum { PAY_ID, PAY_AMOUNT, PAY_AT, PAY_DEAL, PAY_CLIENT, PAY_REV };

static vo_err pay_decode(sqlite3_stmt *s, int64_t org, union vo_store_row *r, struct vo_error *e)
{
    (void)e;
    struct vo_payment *p = &r->payment;
    *p = (struct vo_payment){.id = sqlite3_column_int64(s, PAY_ID), .org_id = org};
    p->amount = sqlite3_column_int64(s, PAY_AMOUNT);
    p->paid_at = sqlite3_column_int64(s, PAY_AT);
    p->deal_id = vo_st_col_id(s, PAY_DEAL);
    p->client_id = vo_st_col_id(s, PAY_CLIENT);
    p->rev = sqlite3_column_int64(s, PAY_REV);
    return VO_OK;
}

static const char SQL_LOAD_PLANS[] =
    "SELECT id, period, scope_kind, scope_id, metric, target, rev FROM plans WHERE org_id = ?1 "
    "ORDER BY period, scope_kind, scope_id, metric";
enum { PLAN_ID, PLAN_PERIOD, PLAN_SCOPE_KIND, PLAN_SCOPE, PLAN_METRIC, PLAN_TARGET, PLAN_REV };

static vo_err plan_decode(sqlite3_stmt *s, int64_t org, union vo_store_row *r, struct vo_error *e)
{
    struct vo_plan *p = &r->plan;
    memset(p, 0, sizeof *p);
    p->id = sqlite3_column_int64(s, PLAN_ID);
    p->org_id = org;
    const char *period = col_text(s, PLAN_PERIOD);
    if (!vo_month_scan(period, &p->year, &p->month))
        return vo_error_set(e, VO_ESTORE, "period", "plan %lld: \"%s\" is not a month",
                            (long long)p->id, period ? period : "");
    const char *scope = col_text(s, PLAN_SCOPE_KIND);
    if (scope && strcmp(scope, "org") == 0)
        p->scope_kind = VO_SCOPE_ORG;
    else if (scope && strcmp(scope, "team") == 0)
        p->scope_kind = VO_SCOPE_TEAM;
    else if (scope && strcmp(scope, "user") == 0)
        p->scope_kind = VO_SCOPE_USER;
    else
        return vo_error_set(e, VO_ESTORE, "scope", "plan %lld: unknown scope \"%s\"",
                            (long long)p->id, scope ? scope : "");
    p->scope_id = sqlite3_column_int64(s, PLAN_SCOPE);
    const char *metric = col_text(s, PLAN_METRIC);
    const struct vo_metric_def *m = vo_metric_find(metric ? metric : "");
    if (!m)
        return vo_error_set(e, VO_ESTORE, "metric", "plan %lld: unknown metric \"%s\"",
                            (long long)p->id, metric ? metric : "");
    p->metric = m->id;
    p->target = sqlite3_column_int64(s, PLAN_TARGET);
    p->rev = sqlite3_column_int64(s, PLAN_REV);
    return VO_OK;
}

static const char SQL_LOAD_HOLIDAYS[] =
    "SELECT id, date, kind, name FROM holidays WHERE org_id = ?1 ORDER BY date";
enum { HOL_ID, HOL_DATE, HOL_KIND, HOL_NAME };

static vo_err holiday_decode(sqlite3_stmt *s, int64_t org, union vo_store_row *r,
                             struct vo_error *e)
{
    struct vo_holiday *h = &r->holiday;
    *h = (struct vo_holiday){.id = sqlite3_column_int64(s, HOL_ID), .org_id = org};
    struct vo_date d = {0, 0, 0};
    const char *date = col_text(s, HOL_DATE);
    if (!vo_date_scan(date, &d))
        return vo_error_set(e, VO_ESTORE, "date", "holiday %lld: \"%s\" is not a date",
                            (long long)h->id, date ? date : "");
    h->y = d.y;
    h->m = d.m;
    h->d = d.d;
    h->name = col_text(s, HOL_NAME);
    return vo_day_kind_parse(col_text(s, HOL_KIND), &h->kind, "kind", e);
}

/* One kind of row: its statement (bound to the org as ?1), the pass's name
 * (for errors and the test hook), whether it is a big scan read through a
 * memory map, and its decoder (which sets its own error detail). */
struct kind {
    const char *sql, *what;
    bool scan;
    vo_err (*decode)(sqlite3_stmt *s, int64_t org, union vo_store_row *r, struct vo_error *e);
};

static const struct kind kinds[] = {
    [VO_ROWS_TEAMS] = {SQL_LOAD_TEAMS, "teams", false, team_decode},
    [VO_ROWS_USERS] = {SQL_LOAD_USERS, "users", false, user_decode},
    [VO_ROWS_PIPELINES] = {SQL_LOAD_PIPELINES, "pipelines", false, pipeline_decode},
    [VO_ROWS_STAGES] = {SQL_LOAD_STAGES, "stages", false, stage_decode},
    [VO_ROWS_CLIENTS] = {SQL_LOAD_CLIENTS, "clients", false, client_decode},
    [VO_ROWS_DEALS] = {SQL_LOAD_DEALS, "deals", false, deal_decode},
    [VO_ROWS_STAGE_CHANGES] = {SQL_LOAD_STAGE_CHANGES, "stage changes", false, sc_decode},
    [VO_ROWS_ACTIVITIES] = {SQL_LOAD_ACTIVITIES, "activities", true, act_decode},
    [VO_ROWS_TASKS] = {SQL_LOAD_TASKS, "tasks", true, task_decode},
    [VO_ROWS_PAYMENTS] = {SQL_LOAD_PAYMENTS, "payments", false, pay_decode},
    [VO_ROWS_PLANS] = {SQL_LOAD_PLANS, "plans", false, plan_decode},
    [VO_ROWS_HOLIDAYS] = {SQL_LOAD_HOLIDAYS, "holidays", false, holiday_decode},
};

/* The big scans read the file through a memory map rather than read(2)
 * into SQLite's page cache (the kernel's copy was ~5% of the load's CPU);
 * the setting is put back after the scan, so the connection's other work
 * is unchanged. Best effort: on any error the scan reads as before. */
static void scan_mmap(struct vo_store *st, bool on)
{
    sqlite3_exec(st->db, on ? "PRAGMA mmap_size = 8589934592" : "PRAGMA mmap_size = 0", NULL, NULL,
                 NULL);
}

vo_err vo_store_load_rows(struct vo_store *st, int64_t org, enum vo_store_rows kind,
                          vo_err (*cb)(void *ctx, const union vo_store_row *row), void *ctx,
                          struct vo_error *e)
{
    if ((unsigned)kind >= sizeof kinds / sizeof *kinds)
        return vo_error_set(e, VO_EINVAL, NULL, "no such kind of row: %d", (int)kind);
    const struct kind *k = &kinds[kind];
    sqlite3_stmt *s = vo_st_prep(st, k->sql, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, org);
    if (k->scan)
        scan_mmap(st, true);
    int step = SQLITE_DONE;
    vo_err rc = VO_OK;
    union vo_store_row row;
    while (!rc && (step = sqlite3_step(s)) == SQLITE_ROW) {
        rc = k->decode(s, org, &row, e);
        if (!rc)
            rc = cb(ctx, &row);
    }
    if (!rc && step != SQLITE_DONE)
        rc = vo_st_fail(st, k->what, e);
    sqlite3_reset(s);
    if (st->hook)
        st->hook(st->hook_ctx, k->what);
    if (k->scan)
        scan_mmap(st, false);
    return rc;
}
