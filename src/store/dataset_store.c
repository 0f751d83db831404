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

#include <stddef.h>
#include <string.h>

#include "base/timeutil.h"

/* Text of column i, borrowed until the next step; NULL for SQL NULL. */
static const char *col_text(sqlite3_stmt *s, int i)
{
    return (const char *)sqlite3_column_text(s, i);
}

/* How a result column goes into its field of the model struct. */
enum ctype {
    C_SKIP, /* not copied (the kind's fix parses it) */
    C_INT,  /* an integer field of any width (bool: nonzero) */
    C_ID,   /* int64, NULL -> 0 */
    C_OPT,  /* int64, NULL -> VO_NULL */
    C_TEXT, /* const char *, borrowed; NULL -> NULL */
};

struct column {
    enum ctype type;
    size_t off, size; /* of the field in the struct */
};
#define COL(type, T, field)                                                                        \
    {                                                                                              \
        type, offsetof(T, field), sizeof(((T *)0)->field)                                          \
    }

/* Stores v into the integer field at f of width size (a bool is 1 byte:
 * nonzero is true). */
static void put_int(char *f, size_t size, int64_t v)
{
    int32_t i32 = (int32_t)v;
    int16_t i16 = (int16_t)v;
    uint8_t b = v != 0;
    switch (size) {
    case sizeof v:
        memcpy(f, &v, sizeof v);
        break;
    case sizeof i32:
        memcpy(f, &i32, sizeof i32);
        break;
    case sizeof i16:
        memcpy(f, &i16, sizeof i16);
        break;
    default:
        memcpy(f, &b, sizeof b);
        break;
    }
}

/* Copies the n columns of the current row into the struct at row. */
static void decode_cols(sqlite3_stmt *s, const struct column *cols, int n, char *row)
{
    for (int i = 0; i < n; i++) {
        const struct column *c = &cols[i];
        const char *t;
        switch (c->type) {
        case C_INT:
            put_int(row + c->off, c->size, sqlite3_column_int64(s, i));
            break;
        case C_ID:
            put_int(row + c->off, c->size, vo_st_col_id(s, i));
            break;
        case C_OPT:
            put_int(row + c->off, c->size, vo_st_col_opt(s, i));
            break;
        case C_TEXT:
            t = col_text(s, i);
            memcpy(row + c->off, &t, sizeof t);
            break;
        case C_SKIP:
            break;
        }
    }
}

/* Each statement's columns, named by an enum in SELECT order, and the
 * table of where each goes (a C_SKIP one is parsed by the kind's fix). */

static const char SQL_LOAD_TEAMS[] = "SELECT id, name FROM teams WHERE org_id = ?1 ORDER BY id";
enum { TEAM_ID, TEAM_NAME, TEAM_NCOLS };
static const struct column team_cols[TEAM_NCOLS] = {
    [TEAM_ID] = COL(C_INT, struct vo_team, id),
    [TEAM_NAME] = COL(C_TEXT, struct vo_team, name),
};

static const char SQL_LOAD_USERS[] =
    "SELECT id, name, email, role, team_id, active, created_at, rev FROM users "
    "WHERE org_id = ?1 ORDER BY id";
enum {
    USER_ID,
    USER_NAME,
    USER_EMAIL,
    USER_ROLE,
    USER_TEAM,
    USER_ACTIVE,
    USER_CREATED,
    USER_REV,
    USER_NCOLS
};
static const struct column user_cols[USER_NCOLS] = {
    [USER_ID] = COL(C_INT, struct vo_user, id),
    [USER_NAME] = COL(C_TEXT, struct vo_user, name),
    [USER_EMAIL] = COL(C_TEXT, struct vo_user, email),
    [USER_ROLE] = {C_SKIP, 0, 0},
    [USER_TEAM] = COL(C_ID, struct vo_user, team_id),
    [USER_ACTIVE] = COL(C_INT, struct vo_user, active),
    [USER_CREATED] = COL(C_INT, struct vo_user, created_at),
    [USER_REV] = COL(C_INT, struct vo_user, rev),
};

static vo_err user_fix(sqlite3_stmt *s, union vo_store_row *r, struct vo_error *e)
{
    return vo_role_parse(col_text(s, USER_ROLE), &r->user.role, "role", e);
}

static const char SQL_LOAD_PIPELINES[] =
    "SELECT id, name FROM pipelines WHERE org_id = ?1 ORDER BY id";
enum { PIPE_ID, PIPE_NAME, PIPE_NCOLS };
static const struct column pipe_cols[PIPE_NCOLS] = {
    [PIPE_ID] = COL(C_INT, struct vo_pipeline, id),
    [PIPE_NAME] = COL(C_TEXT, struct vo_pipeline, name),
};

static const char SQL_LOAD_STAGES[] =
    "SELECT id, pipeline_id, name, position, max_days FROM stages WHERE org_id = ?1 "
    "ORDER BY pipeline_id, position, id";
enum { STAGE_ID, STAGE_PIPELINE, STAGE_NAME, STAGE_POSITION, STAGE_MAX_DAYS, STAGE_NCOLS };
static const struct column stage_cols[STAGE_NCOLS] = {
    [STAGE_ID] = COL(C_INT, struct vo_stage, id),
    [STAGE_PIPELINE] = COL(C_INT, struct vo_stage, pipeline_id),
    [STAGE_NAME] = COL(C_TEXT, struct vo_stage, name),
    [STAGE_POSITION] = COL(C_INT, struct vo_stage, position),
    [STAGE_MAX_DAYS] = COL(C_OPT, struct vo_stage, max_days),
};

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
    CLIENT_REV,
    CLIENT_NCOLS
};
static const struct column client_cols[CLIENT_NCOLS] = {
    [CLIENT_ID] = COL(C_INT, struct vo_client, id),
    [CLIENT_NAME] = COL(C_TEXT, struct vo_client, name),
    [CLIENT_CHANNEL] = COL(C_TEXT, struct vo_client, channel),
    [CLIENT_REGION] = COL(C_TEXT, struct vo_client, region),
    [CLIENT_SEGMENT] = COL(C_TEXT, struct vo_client, segment),
    [CLIENT_SOURCE] = COL(C_TEXT, struct vo_client, source),
    [CLIENT_OWNER] = COL(C_ID, struct vo_client, owner_id),
    [CLIENT_CREATED] = COL(C_OPT, struct vo_client, created_at),
    [CLIENT_KEY_ACCOUNT] = COL(C_INT, struct vo_client, key_account),
    [CLIENT_REV] = COL(C_INT, struct vo_client, rev),
};

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
    DEAL_REV,
    DEAL_NCOLS
};
static const struct column deal_cols[DEAL_NCOLS] = {
    [DEAL_ID] = COL(C_INT, struct vo_deal, id),
    [DEAL_CLIENT] = COL(C_ID, struct vo_deal, client_id),
    [DEAL_PRODUCT] = COL(C_ID, struct vo_deal, product_id),
    [DEAL_PIPELINE] = COL(C_INT, struct vo_deal, pipeline_id),
    [DEAL_STAGE] = COL(C_ID, struct vo_deal, stage_id),
    [DEAL_OWNER] = COL(C_INT, struct vo_deal, owner_id),
    [DEAL_STATUS] = {C_SKIP, 0, 0},
    [DEAL_AMOUNT] = COL(C_OPT, struct vo_deal, amount),
    [DEAL_CREATED] = COL(C_INT, struct vo_deal, created_at),
    [DEAL_CLOSED] = COL(C_OPT, struct vo_deal, closed_at),
    [DEAL_LOSS_REASON] = COL(C_TEXT, struct vo_deal, loss_reason),
    [DEAL_CHANNEL] = COL(C_TEXT, struct vo_deal, channel),
    [DEAL_SOURCE] = COL(C_TEXT, struct vo_deal, source),
    [DEAL_REV] = COL(C_INT, struct vo_deal, rev),
};

static vo_err deal_fix(sqlite3_stmt *s, union vo_store_row *r, struct vo_error *e)
{
    return vo_deal_status_parse(col_text(s, DEAL_STATUS), &r->deal.status, "status", e);
}

static const char SQL_LOAD_STAGE_CHANGES[] =
    "SELECT deal_id, stage_id, at, user_id, id FROM stage_changes WHERE org_id = ?1 "
    "ORDER BY deal_id, at, id";
enum { SC_DEAL, SC_STAGE, SC_AT, SC_USER, SC_ID, SC_NCOLS };
static const struct column sc_cols[SC_NCOLS] = {
    [SC_DEAL] = COL(C_INT, struct vo_stage_change, deal_id),
    [SC_STAGE] = COL(C_INT, struct vo_stage_change, stage_id),
    [SC_AT] = COL(C_INT, struct vo_stage_change, at),
    [SC_USER] = COL(C_ID, struct vo_stage_change, user_id),
    [SC_ID] = COL(C_INT, struct vo_stage_change, id),
};

/* Only what the dataset uses: no client_id, no direction (parsing the
 * direction of 10M rows cost more than the rest of the row). */
static const char SQL_LOAD_ACTIVITIES[] =
    "SELECT id, type, user_id, at, deal_id, duration_s FROM activities "
    "WHERE org_id = ?1 ORDER BY id";
enum { ACT_ID, ACT_TYPE, ACT_USER, ACT_AT, ACT_DEAL, ACT_DURATION, ACT_NCOLS };
static const struct column act_cols[ACT_NCOLS] = {
    [ACT_ID] = COL(C_INT, struct vo_activity, id),
    [ACT_TYPE] = {C_SKIP, 0, 0},
    [ACT_USER] = COL(C_INT, struct vo_activity, user_id),
    [ACT_AT] = COL(C_INT, struct vo_activity, at),
    [ACT_DEAL] = COL(C_ID, struct vo_activity, deal_id),
    [ACT_DURATION] = COL(C_OPT, struct vo_activity, duration_s),
};

static vo_err act_fix(sqlite3_stmt *s, union vo_store_row *r, struct vo_error *e)
{
    r->activity.direction = VO_DIR_NONE;
    return vo_activity_type_parse(col_text(s, ACT_TYPE), &r->activity.type, "type", e);
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
    TASK_REV,
    TASK_NCOLS
};
static const struct column task_cols[TASK_NCOLS] = {
    [TASK_ID] = COL(C_INT, struct vo_task, id),
    [TASK_ASSIGNEE] = COL(C_INT, struct vo_task, assignee_id),
    [TASK_CREATED] = COL(C_INT, struct vo_task, created_at),
    [TASK_DUE] = COL(C_INT, struct vo_task, due_at),
    [TASK_DEAL] = COL(C_ID, struct vo_task, deal_id),
    [TASK_CLIENT] = COL(C_ID, struct vo_task, client_id),
    [TASK_DONE] = COL(C_OPT, struct vo_task, done_at),
    [TASK_REV] = COL(C_INT, struct vo_task, rev),
};

static const char SQL_LOAD_PAYMENTS[] =
    "SELECT id, amount, paid_at, deal_id, client_id, rev FROM payments WHERE org_id = ?1 "
    "ORDER BY paid_at, id";
enum { PAY_ID, PAY_AMOUNT, PAY_AT, PAY_DEAL, PAY_CLIENT, PAY_REV, PAY_NCOLS };
static const struct column pay_cols[PAY_NCOLS] = {
    [PAY_ID] = COL(C_INT, struct vo_payment, id),
    [PAY_AMOUNT] = COL(C_INT, struct vo_payment, amount),
    [PAY_AT] = COL(C_INT, struct vo_payment, paid_at),
    [PAY_DEAL] = COL(C_ID, struct vo_payment, deal_id),
    [PAY_CLIENT] = COL(C_ID, struct vo_payment, client_id),
    [PAY_REV] = COL(C_INT, struct vo_payment, rev),
};

static const char SQL_LOAD_PLANS[] =
    "SELECT id, period, scope_kind, scope_id, metric, target, rev FROM plans WHERE org_id = ?1 "
    "ORDER BY period, scope_kind, scope_id, metric";
enum {
    PLAN_ID,
    PLAN_PERIOD,
    PLAN_SCOPE_KIND,
    PLAN_SCOPE,
    PLAN_METRIC,
    PLAN_TARGET,
    PLAN_REV,
    PLAN_NCOLS
};
static const struct column plan_cols[PLAN_NCOLS] = {
    [PLAN_ID] = COL(C_INT, struct vo_plan, id),
    [PLAN_PERIOD] = {C_SKIP, 0, 0},
    [PLAN_SCOPE_KIND] = {C_SKIP, 0, 0},
    [PLAN_SCOPE] = COL(C_INT, struct vo_plan, scope_id),
    [PLAN_METRIC] = {C_SKIP, 0, 0},
    [PLAN_TARGET] = COL(C_INT, struct vo_plan, target),
    [PLAN_REV] = COL(C_INT, struct vo_plan, rev),
};

static vo_err plan_fix(sqlite3_stmt *s, union vo_store_row *r, struct vo_error *e)
{
    struct vo_plan *p = &r->plan;
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
    const char *metric = col_text(s, PLAN_METRIC);
    const struct vo_metric_def *m = vo_metric_find(metric ? metric : "");
    if (!m)
        return vo_error_set(e, VO_ESTORE, "metric", "plan %lld: unknown metric \"%s\"",
                            (long long)p->id, metric ? metric : "");
    p->metric = m->id;
    return VO_OK;
}

static const char SQL_LOAD_HOLIDAYS[] =
    "SELECT id, date, kind, name FROM holidays WHERE org_id = ?1 ORDER BY date";
enum { HOL_ID, HOL_DATE, HOL_KIND, HOL_NAME, HOL_NCOLS };
static const struct column hol_cols[HOL_NCOLS] = {
    [HOL_ID] = COL(C_INT, struct vo_holiday, id),
    [HOL_DATE] = {C_SKIP, 0, 0},
    [HOL_KIND] = {C_SKIP, 0, 0},
    [HOL_NAME] = COL(C_TEXT, struct vo_holiday, name),
};

static vo_err holiday_fix(sqlite3_stmt *s, union vo_store_row *r, struct vo_error *e)
{
    struct vo_holiday *h = &r->holiday;
    struct vo_date d = {0, 0, 0};
    const char *date = col_text(s, HOL_DATE);
    if (!vo_date_scan(date, &d))
        return vo_error_set(e, VO_ESTORE, "date", "holiday %lld: \"%s\" is not a date",
                            (long long)h->id, date ? date : "");
    h->y = d.y;
    h->m = d.m;
    h->d = d.d;
    return vo_day_kind_parse(col_text(s, HOL_KIND), &h->kind, "kind", e);
}

/* One kind of row: its statement (bound to the org as ?1), the pass's name
 * (for errors and the test hook), whether it is a big scan read through a
 * memory map, the struct's size and where its org_id goes, its columns,
 * and what the table cannot say (fix: the enums parsed, which set their
 * own error detail; NULL when nothing). */
struct kind {
    const char *sql, *what;
    bool scan;
    size_t size, org_off;
    const struct column *cols;
    int ncols;
    vo_err (*fix)(sqlite3_stmt *s, union vo_store_row *r, struct vo_error *e);
};
#define KIND(sql, what, scan, T, cols, fix)                                                        \
    {                                                                                              \
        sql, what, scan, sizeof(T), offsetof(T, org_id), cols, (int)(sizeof cols / sizeof *cols),  \
            fix                                                                                    \
    }

static const struct kind kinds[] = {
    [VO_ROWS_TEAMS] = KIND(SQL_LOAD_TEAMS, "teams", false, struct vo_team, team_cols, NULL),
    [VO_ROWS_USERS] = KIND(SQL_LOAD_USERS, "users", false, struct vo_user, user_cols, user_fix),
    [VO_ROWS_PIPELINES] =
        KIND(SQL_LOAD_PIPELINES, "pipelines", false, struct vo_pipeline, pipe_cols, NULL),
    [VO_ROWS_STAGES] = KIND(SQL_LOAD_STAGES, "stages", false, struct vo_stage, stage_cols, NULL),
    [VO_ROWS_CLIENTS] =
        KIND(SQL_LOAD_CLIENTS, "clients", false, struct vo_client, client_cols, NULL),
    [VO_ROWS_DEALS] = KIND(SQL_LOAD_DEALS, "deals", false, struct vo_deal, deal_cols, deal_fix),
    [VO_ROWS_STAGE_CHANGES] =
        KIND(SQL_LOAD_STAGE_CHANGES, "stage changes", false, struct vo_stage_change, sc_cols, NULL),
    [VO_ROWS_ACTIVITIES] =
        KIND(SQL_LOAD_ACTIVITIES, "activities", true, struct vo_activity, act_cols, act_fix),
    [VO_ROWS_TASKS] = KIND(SQL_LOAD_TASKS, "tasks", true, struct vo_task, task_cols, NULL),
    [VO_ROWS_PAYMENTS] =
        KIND(SQL_LOAD_PAYMENTS, "payments", false, struct vo_payment, pay_cols, NULL),
    [VO_ROWS_PLANS] = KIND(SQL_LOAD_PLANS, "plans", false, struct vo_plan, plan_cols, plan_fix),
    [VO_ROWS_HOLIDAYS] =
        KIND(SQL_LOAD_HOLIDAYS, "holidays", false, struct vo_holiday, hol_cols, holiday_fix),
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
        char *p = (char *)&row;
        memset(p, 0, k->size);
        memcpy(p + k->org_off, &org, sizeof org);
        decode_cols(s, k->cols, k->ncols, p);
        if (k->fix)
            rc = k->fix(s, &row, e);
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
