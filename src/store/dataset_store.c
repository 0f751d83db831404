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
 * big scan, and the row reader (VO_ST_ROW_FN, its columns in SELECT order)
 * that turns a result row into the model struct.
 *
 * Only the columns the dataset uses are read; free text such as titles,
 * comments and recording URLs stays in the database.
 *
 * Beside them, the org's stamp (migration 35): the counter every write to
 * these tables raises, by which a snapshot of the dataset written to a
 * file knows whether it still holds what a load would read.
 */
#include "store/store_int.h"

#include <stddef.h>
#include <string.h>

#include "base/timeutil.h"

/* Text of column i, borrowed until the next step; NULL for SQL NULL. */
static const char *col_text(vo_stmt *s, int i)
{
    return vo_col_text(s, i);
}

/* Each statement's row reader: where each column goes, in SELECT order
 * (a VO_C_SKIP one, named by an enum, is parsed by the kind's fix). Text
 * is borrowed from the statement (no arena): the callback copies what it
 * keeps. */

static const char SQL_LOAD_TEAMS[] = "SELECT id, name FROM teams WHERE org_id = ?1 ORDER BY id";
VO_ST_ROW_FN(team_row, vo_team, VO_C_INT(id), VO_C_TEXT(name))

/* The org's rows, for a load. And the rows of a kind the org's change log
 * names after a seq (?2), for the replay of a snapshot
 * (vo_store_load_changed): looked up by id, the log's ids; "+org_id"
 * keeps SQLite's planner off the org's indexes, which it chose to scan
 * whole (10M activities at the 1M-deal demo) testing each id against the
 * list. */
#define OF_ORG " WHERE org_id = ?1"
/* A chunk of a big table's walk (below, vo_store_load_rows). */
#define WALK " WHERE +org_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3"
#define CHANGED(T)                                                                                 \
    " WHERE +org_id = ?1 AND id IN (SELECT row_id FROM dataset_log WHERE org_id = ?1 AND seq > "   \
    "?2 AND tbl = '" T "')"

#define USERS_FROM "SELECT id, name, email, role, team_id, active, created_at, rev FROM users"
static const char SQL_LOAD_USERS[] = USERS_FROM OF_ORG " ORDER BY id";
static const char SQL_CHANGED_USERS[] = USERS_FROM CHANGED("users") " ORDER BY id";
VO_ST_ROW_FN(user_row, vo_user, VO_C_INT(id), VO_C_TEXT(name), VO_C_TEXT(email), VO_C_SKIP,
             VO_C_INT(team_id), VO_C_INT(active), VO_C_INT(created_at), VO_C_INT(rev))
enum { USER_ROLE = 3 }; /* the VO_C_SKIP above */

static vo_err user_fix(vo_stmt *s, union vo_store_row *r, struct vo_error *e)
{
    return vo_role_parse(col_text(s, USER_ROLE), &r->user.role, "role", e);
}

static const char SQL_LOAD_PIPELINES[] =
    "SELECT id, name FROM pipelines WHERE org_id = ?1 ORDER BY id";
VO_ST_ROW_FN(pipe_row, vo_pipeline, VO_C_INT(id), VO_C_TEXT(name))

static const char SQL_LOAD_STAGES[] =
    "SELECT id, pipeline_id, name, position, max_days FROM stages WHERE org_id = ?1 "
    "ORDER BY pipeline_id, position, id";
VO_ST_ROW_FN(stage_row, vo_stage, VO_C_INT(id), VO_C_INT(pipeline_id), VO_C_TEXT(name),
             VO_C_INT(position), VO_C_OPT(max_days))

#define CLIENTS_FROM                                                                               \
    "SELECT id, name, channel, region, segment, source, owner_id, created_at, key_account, rev "   \
    "FROM clients"
static const char SQL_LOAD_CLIENTS[] = CLIENTS_FROM OF_ORG " ORDER BY id";
static const char SQL_CHANGED_CLIENTS[] = CLIENTS_FROM CHANGED("clients") " ORDER BY id";
static const char SQL_WALK_CLIENTS[] = CLIENTS_FROM WALK;
VO_ST_ROW_FN(client_row, vo_client, VO_C_INT(id), VO_C_TEXT(name), VO_C_TEXT(channel),
             VO_C_TEXT(region), VO_C_TEXT(segment), VO_C_TEXT(source), VO_C_INT(owner_id),
             VO_C_OPT(created_at), VO_C_INT(key_account), VO_C_INT(rev))

#define DEALS_FROM                                                                                 \
    "SELECT id, client_id, product_id, pipeline_id, stage_id, owner_id, status, amount, "          \
    "created_at, closed_at, loss_reason, channel, source, rev FROM deals"
static const char SQL_LOAD_DEALS[] = DEALS_FROM OF_ORG " ORDER BY created_at, id";
static const char SQL_CHANGED_DEALS[] = DEALS_FROM CHANGED("deals") " ORDER BY created_at, id";
VO_ST_ROW_FN(deal_row, vo_deal, VO_C_INT(id), VO_C_INT(client_id), VO_C_INT(product_id),
             VO_C_INT(pipeline_id), VO_C_INT(stage_id), VO_C_INT(owner_id), VO_C_SKIP,
             VO_C_OPT(amount), VO_C_INT(created_at), VO_C_OPT(closed_at), VO_C_TEXT(loss_reason),
             VO_C_TEXT(channel), VO_C_TEXT(source), VO_C_INT(rev))
enum { DEAL_STATUS = 6 }; /* the VO_C_SKIP above */

static vo_err deal_fix(vo_stmt *s, union vo_store_row *r, struct vo_error *e)
{
    return vo_deal_status_parse(col_text(s, DEAL_STATUS), &r->deal.status, "status", e);
}

#define SC_FROM "SELECT deal_id, stage_id, at, user_id, id FROM stage_changes"
static const char SQL_LOAD_STAGE_CHANGES[] = SC_FROM OF_ORG " ORDER BY deal_id, at, id";
static const char SQL_CHANGED_STAGE_CHANGES[] =
    SC_FROM CHANGED("stage_changes") " ORDER BY deal_id, at, id";
VO_ST_ROW_FN(sc_row, vo_stage_change, VO_C_INT(deal_id), VO_C_INT(stage_id), VO_C_INT(at),
             VO_C_INT(user_id), VO_C_INT(id))

/* The big tables (clients, activities, tasks) have two statements. The
 * org's index in any order SQLite likes (SQL_LOAD_*), for an org with few
 * rows in them. And the walk of the table's own b-tree by id, in chunks
 * (SQL_WALK_*: ?2 the last id read, ?3 the chunk's size; see
 * vo_store_load_rows): "+org_id" keeps SQLite's planner off the org's
 * indexes, whose rows it would look up in the table one by one and then
 * sort by id in a temporary b-tree (its statistics of the 1M-deal demo
 * made it choose so: 20.5 s for the 10M activities in the sqlite3 shell
 * against 2.6 s for the walk, 1.13 s for the 700k clients against 0.41 s).
 * The walk reads the other orgs' rows of the table too, hence the index
 * for a small org. pg.c leaves the + out: PostgreSQL's key (org_id, id)
 * serves the walk for any org, and Citus routes it by org_id. PROBE counts
 * an org's rows up to ?2, on the org's index. */
#define PROBE(table) "SELECT count(*) FROM (SELECT 1 FROM " table " WHERE org_id = ?1 LIMIT ?2)"
static const char SQL_PROBE_CLIENTS[] = PROBE("clients");
static const char SQL_PROBE_ACTIVITIES[] = PROBE("activities");
static const char SQL_PROBE_TASKS[] = PROBE("tasks");

/* * Only what the dataset uses: no client_id, no direction (parsing the
 * direction of 10M rows cost more than the rest of the row). */
#define ACTS_FROM "SELECT id, type, user_id, at, deal_id, duration_s FROM activities"
static const char SQL_LOAD_ACTIVITIES[] = ACTS_FROM OF_ORG " ORDER BY id";
static const char SQL_CHANGED_ACTIVITIES[] = ACTS_FROM CHANGED("activities") " ORDER BY id";
static const char SQL_WALK_ACTIVITIES[] = ACTS_FROM WALK;
VO_ST_ROW_FN(act_row, vo_activity, VO_C_INT(id), VO_C_SKIP, VO_C_INT(user_id), VO_C_INT(at),
             VO_C_INT(deal_id), VO_C_OPT(duration_s))
enum { ACT_TYPE = 1 }; /* the VO_C_SKIP above */

static vo_err act_fix(vo_stmt *s, union vo_store_row *r, struct vo_error *e)
{
    r->activity.direction = VO_DIR_NONE;
    return vo_activity_type_parse(col_text(s, ACT_TYPE), &r->activity.type, "type", e);
}

#define TASKS_FROM                                                                                 \
    "SELECT id, assignee_id, created_at, due_at, deal_id, client_id, done_at, rev FROM tasks"
static const char SQL_LOAD_TASKS[] = TASKS_FROM OF_ORG " ORDER BY id";
static const char SQL_CHANGED_TASKS[] = TASKS_FROM CHANGED("tasks") " ORDER BY id";
static const char SQL_WALK_TASKS[] = TASKS_FROM WALK;
VO_ST_ROW_FN(task_row, vo_task, VO_C_INT(id), VO_C_INT(assignee_id), VO_C_INT(created_at),
             VO_C_INT(due_at), VO_C_INT(deal_id), VO_C_INT(client_id), VO_C_OPT(done_at),
             VO_C_INT(rev))

#define PAYS_FROM "SELECT id, amount, paid_at, deal_id, client_id, rev FROM payments"
static const char SQL_LOAD_PAYMENTS[] = PAYS_FROM OF_ORG " ORDER BY paid_at, id";
static const char SQL_CHANGED_PAYMENTS[] = PAYS_FROM CHANGED("payments") " ORDER BY paid_at, id";
VO_ST_ROW_FN(pay_row, vo_payment, VO_C_INT(id), VO_C_INT(amount), VO_C_INT(paid_at),
             VO_C_INT(deal_id), VO_C_INT(client_id), VO_C_INT(rev))

#define PLANS_FROM  "SELECT id, period, scope_kind, scope_id, metric, target, rev FROM plans"
#define PLANS_ORDER " ORDER BY period, scope_kind, scope_id, metric"
static const char SQL_LOAD_PLANS[] = PLANS_FROM OF_ORG PLANS_ORDER;
static const char SQL_CHANGED_PLANS[] = PLANS_FROM CHANGED("plans") PLANS_ORDER;
VO_ST_ROW_FN(plan_row, vo_plan, VO_C_INT(id), VO_C_SKIP, VO_C_SKIP, VO_C_INT(scope_id), VO_C_SKIP,
             VO_C_INT(target), VO_C_INT(rev))
enum { PLAN_PERIOD = 1, PLAN_SCOPE_KIND = 2, PLAN_METRIC = 4 }; /* the VO_C_SKIPs above */

static vo_err plan_fix(vo_stmt *s, union vo_store_row *r, struct vo_error *e)
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
VO_ST_ROW_FN(hol_row, vo_holiday, VO_C_INT(id), VO_C_SKIP, VO_C_SKIP, VO_C_TEXT(name))
enum { HOL_DATE = 1, HOL_KIND = 2 }; /* the VO_C_SKIPs above */

static vo_err holiday_fix(vo_stmt *s, union vo_store_row *r, struct vo_error *e)
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
 * (for errors and the test hook), the struct's size and where its org_id
 * and id go, its row reader, and what the table cannot say (fix: the enums
 * parsed, which set their own error detail; NULL when nothing). A big
 * table also has its walk and its probe (above; NULL for the others). */
struct kind {
    const char *sql, *what;
    size_t size, org_off, id_off;
    vo_st_row_fn read;
    vo_err (*fix)(vo_stmt *s, union vo_store_row *r, struct vo_error *e);
    const char *walk, *probe;
};
#define KIND(sql, what, T, read, fix)                                                              \
    {                                                                                              \
        sql, what, sizeof(T), offsetof(T, org_id), offsetof(T, id), read, fix, NULL, NULL          \
    }
#define BIG(name, what, T, read, fix)                                                              \
    {                                                                                              \
        SQL_LOAD_##name, what, sizeof(T), offsetof(T, org_id), offsetof(T, id), read, fix,         \
            SQL_WALK_##name, SQL_PROBE_##name                                                      \
    }

static const struct kind kinds[] = {
    [VO_ROWS_TEAMS] = KIND(SQL_LOAD_TEAMS, "teams", struct vo_team, team_row, NULL),
    [VO_ROWS_USERS] = KIND(SQL_LOAD_USERS, "users", struct vo_user, user_row, user_fix),
    [VO_ROWS_PIPELINES] = KIND(SQL_LOAD_PIPELINES, "pipelines", struct vo_pipeline, pipe_row, NULL),
    [VO_ROWS_STAGES] = KIND(SQL_LOAD_STAGES, "stages", struct vo_stage, stage_row, NULL),
    [VO_ROWS_CLIENTS] = BIG(CLIENTS, "clients", struct vo_client, client_row, NULL),
    [VO_ROWS_DEALS] = KIND(SQL_LOAD_DEALS, "deals", struct vo_deal, deal_row, deal_fix),
    [VO_ROWS_STAGE_CHANGES] =
        KIND(SQL_LOAD_STAGE_CHANGES, "stage changes", struct vo_stage_change, sc_row, NULL),
    [VO_ROWS_ACTIVITIES] = BIG(ACTIVITIES, "activities", struct vo_activity, act_row, act_fix),
    [VO_ROWS_TASKS] = BIG(TASKS, "tasks", struct vo_task, task_row, NULL),
    [VO_ROWS_PAYMENTS] = KIND(SQL_LOAD_PAYMENTS, "payments", struct vo_payment, pay_row, NULL),
    [VO_ROWS_PLANS] = KIND(SQL_LOAD_PLANS, "plans", struct vo_plan, plan_row, plan_fix),
    [VO_ROWS_HOLIDAYS] =
        KIND(SQL_LOAD_HOLIDAYS, "holidays", struct vo_holiday, hol_row, holiday_fix),
};

/* The replayable kinds' statements of the rows the change log names
 * (CHANGED above); NULL for a kind whose change makes a load read the
 * store (teams, pipelines, stages, holidays: the dataset cannot take
 * them in place, as a live dataset reloads on them). */
#define CHANGED_SQL(K, T) [VO_ROWS_##K] = SQL_CHANGED_##K,
static const char *const changed_sql[] = {VO_STORE_REPLAYED(CHANGED_SQL)};

/* The big scans read the file through a memory map rather than read(2)
 * into SQLite's page cache (the kernel's copy was ~5% of the load's CPU);
 * the setting is put back after the scan, so the connection's other work
 * is unchanged. Turning it off unmaps the file (when no page of the map
 * is in use: between two chunks), so the pages a chunk touched leave the
 * process's resident memory. Best effort: on any error the scan reads as
 * before. */
static void scan_mmap(struct vo_store *st, bool on)
{
    if (st->db)
        sqlite3_exec(st->db, on ? "PRAGMA mmap_size = 8589934592" : "PRAGMA mmap_size = 0", NULL,
                     NULL, NULL);
}

/* Rows a chunk of a big scan: 256k activities are ~25 MB of table pages
 * mapped at a time, and on PostgreSQL a result of that many rows in the
 * client's memory instead of the whole table's. */
#define LOAD_CHUNK 262144
static _Atomic int64_t load_chunk = LOAD_CHUNK;

void vo_store_set_load_chunk(int64_t rows)
{
    load_chunk = rows > 0 ? rows : LOAD_CHUNK;
}

/* One statement's rows to cb; *n counts them, *last is the last one's id. */
static vo_err load_part(struct vo_store *st, vo_stmt *s, int64_t org, const struct kind *k,
                        vo_err (*cb)(void *ctx, const union vo_store_row *row), void *ctx,
                        int64_t *n, int64_t *last, struct vo_error *e)
{
    int step = VO_DONE;
    vo_err rc = VO_OK;
    union vo_store_row row;
    while (!rc && (step = vo_step(s)) == VO_ROW) {
        char *p = (char *)&row;
        memset(p, 0, k->size);
        memcpy(p + k->org_off, &org, sizeof org);
        k->read(s, NULL, p);
        memcpy(last, p + k->id_off, sizeof *last);
        ++*n;
        if (k->fix)
            rc = k->fix(s, &row, e);
        if (!rc)
            rc = cb(ctx, &row);
    }
    if (!rc && step != VO_DONE)
        rc = vo_st_fail(st, k->what, e);
    vo_reset(s);
    return rc;
}

/* Whether org has more than chunk rows in k's table (SQLite: then the
 * walk); *more false on an error, with e set and VO_ESTORE returned. */
static vo_err org_is_big(struct vo_store *st, int64_t org, const struct kind *k, int64_t chunk,
                         bool *more, struct vo_error *e)
{
    *more = false;
    vo_stmt *p = vo_st_prep(st, k->probe, e);
    if (!p)
        return VO_ESTORE;
    vo_st_i64(p, 1, org);
    vo_st_i64(p, 2, chunk < INT64_MAX ? chunk + 1 : chunk);
    vo_err rc = VO_OK;
    if (vo_step(p) == VO_ROW)
        *more = vo_col_i64(p, 0) > chunk;
    else
        rc = vo_st_fail(st, k->what, e);
    vo_reset(p);
    return rc;
}

/* A big table of an org with more rows than a chunk (on PostgreSQL: any)
 * is walked in chunks of load_chunk rows by id (the table's own order, a
 * range of its b-tree a chunk; several statements, so the caller's read
 * transaction makes them one snapshot), the memory map dropped between
 * chunks. Before the chunks, the load's peak resident memory held every
 * page of the table it had mapped (2.06 GB at 1M deals, of which the
 * dataset 0.5 GB), and PostgreSQL's client held the whole result. */
vo_err vo_store_load_rows(struct vo_store *st, int64_t org, enum vo_store_rows kind,
                          vo_err (*cb)(void *ctx, const union vo_store_row *row), void *ctx,
                          struct vo_error *e)
{
    if ((unsigned)kind >= sizeof kinds / sizeof *kinds)
        return vo_error_set(e, VO_EINVAL, NULL, "no such kind of row: %d", (int)kind);
    const struct kind *k = &kinds[kind];
    int64_t chunk = load_chunk, n = 0, last = INT64_MIN;
    bool walk = k->walk != NULL && st->pg != NULL;
    vo_err rc = VO_OK;
    if (k->walk && !st->pg)
        rc = org_is_big(st, org, k, chunk, &walk, e);
    vo_stmt *s = rc ? NULL : vo_st_prep(st, walk ? k->walk : k->sql, e);
    if (!s)
        return VO_ESTORE;
    if (!walk) {
        vo_st_i64(s, 1, org);
        rc = load_part(st, s, org, k, cb, ctx, &n, &last, e);
    }
    for (int64_t got = chunk; walk && !rc && got == chunk;) {
        scan_mmap(st, true);
        vo_st_i64(s, 1, org);
        vo_st_i64(s, 2, last);
        vo_st_i64(s, 3, chunk);
        got = 0;
        rc = load_part(st, s, org, k, cb, ctx, &got, &last, e);
        scan_mmap(st, false);
        if (st->hook)
            st->hook(st->hook_ctx, "chunk");
    }
    if (st->hook)
        st->hook(st->hook_ctx, k->what);
    return rc;
}

/* The dataset's stamp (migration 35; docs/internals/store.md). */
static const char SQL_STAMP[] = "SELECT seq, snap FROM dataset_seq WHERE org_id = ?1";
/* A claim is the org's row at the snapshot's seq taking its token; an org
 * with no row is at seq 0, which its first write leaves (to 1): the row
 * is made at 0 then, unless a write made it first (DO NOTHING, not
 * claimed). */
static const char SQL_CLAIM[] =
    "UPDATE dataset_seq SET snap = ?3, snap_seq = ?2 WHERE org_id = ?1 AND seq = ?2";
static const char SQL_CLAIM_NEW[] = "INSERT INTO dataset_seq(org_id, seq, snap, snap_seq) VALUES "
                                    "(?1, 0, ?2, 0) ON CONFLICT(org_id) DO NOTHING";
/* A claim at seq makes every file of an earlier one stale: the change log
 * up to it serves none (migration 37). */
static const char SQL_CLAIM_PRUNE[] = "DELETE FROM dataset_log WHERE org_id = ?1 AND seq <= ?2";
static const char SQL_LOG_COUNT[] =
    "SELECT count(*) FROM dataset_log WHERE org_id = ?1 AND seq > ?2";
/* The first logged change a replay cannot take: a delete (3), a row moved
 * between orgs (4), or a row of a table without a CHANGED statement (not
 * in VO_STORE_REPLAYED; '' closes the list). */
#define LOG_TABLE(K, T) "'" T "', "
static const char SQL_LOG_OTHER[] =
    "SELECT tbl, op FROM dataset_log WHERE org_id = ?1 AND seq > ?2 AND NOT (op IN (1, 2) AND "
    "tbl IN (" VO_STORE_REPLAYED(LOG_TABLE) "'')) ORDER BY seq LIMIT 1";

vo_err vo_store_dataset_stamp(struct vo_store *st, int64_t org, int64_t *seq, int64_t *snap,
                              struct vo_error *e)
{
    int64_t row[2] = {0, 0};
    const struct vo_st_param p[] = {VO_P_I64(org)};
    vo_err rc =
        vo_st_get(st, SQL_STAMP, p, VO_ST_N(p), NULL, vo_st_row_i64x2, row, "dataset stamp", e);
    if (rc && rc != VO_ENOTFOUND)
        return rc;
    *seq = row[0];
    *snap = row[1];
    return VO_OK;
}

vo_err vo_store_dataset_claim(struct vo_store *st, int64_t org, int64_t seq, int64_t token,
                              bool *claimed, struct vo_error *e)
{
    *claimed = false;
    vo_err rc = vo_store_begin(st, e);
    if (rc)
        return rc;
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(seq), VO_P_I64(token)};
    rc = vo_st_run(st, SQL_CLAIM, p, VO_ST_N(p), "dataset stamp", e);
    bool done = !rc && vo_changes(st) > 0;
    if (!rc && !done && seq == 0) {
        const struct vo_st_param q[] = {VO_P_I64(org), VO_P_I64(token)};
        rc = vo_st_run(st, SQL_CLAIM_NEW, q, VO_ST_N(q), "dataset stamp", e);
        done = !rc && vo_changes(st) > 0;
    }
    if (!rc && done) {
        const struct vo_st_param q[] = {VO_P_I64(org), VO_P_I64(seq)};
        rc = vo_st_run(st, SQL_CLAIM_PRUNE, q, VO_ST_N(q), "dataset log", e);
    }
    if (rc) {
        vo_store_rollback(st);
        return rc;
    }
    rc = vo_store_commit(st, e);
    *claimed = !rc && done;
    return rc;
}

vo_err vo_store_dataset_log(struct vo_store *st, int64_t org, int64_t after,
                            struct vo_store_log_sum *out, struct vo_error *e)
{
    memset(out, 0, sizeof *out);
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(after)};
    vo_err rc = vo_st_get(st, SQL_LOG_COUNT, p, VO_ST_N(p), NULL, vo_st_row_i64, &out->rows,
                          "dataset log", e);
    if (rc)
        return rc;
    vo_stmt *s = vo_st_prep(st, SQL_LOG_OTHER, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, org);
    vo_st_i64(s, 2, after);
    int step = vo_step(s);
    if (step == VO_ROW) {
        const char *t = vo_col_text(s, 0);
        g_strlcpy(out->table, t ? t : "", sizeof out->table);
        out->op = (int)vo_col_i64(s, 1);
    } else if (step != VO_DONE) {
        rc = vo_st_fail(st, "dataset log", e);
    }
    vo_reset(s);
    return rc;
}

vo_err vo_store_load_changed(struct vo_store *st, int64_t org, enum vo_store_rows kind,
                             int64_t after, vo_err (*cb)(void *ctx, const union vo_store_row *row),
                             void *ctx, struct vo_error *e)
{
    if ((unsigned)kind >= sizeof changed_sql / sizeof *changed_sql || !changed_sql[kind])
        return vo_error_set(e, VO_EINVAL, NULL, "no such kind of row: %d", (int)kind);
    const struct kind *k = &kinds[kind];
    vo_stmt *s = vo_st_prep(st, changed_sql[kind], e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, org);
    vo_st_i64(s, 2, after);
    int64_t n = 0, last = 0;
    return load_part(st, s, org, k, cb, ctx, &n, &last, e);
}
