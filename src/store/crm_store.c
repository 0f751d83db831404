/*
 * crm_store.c - the reads and writes of the CRM screens and the JSON API:
 * one deal, client, activity, task or payment by id (always scoped to the
 * org), filtered lists with keyset paging, a deal's stage history, and
 * updates by id. Inserts reuse the upserts of records.c (res == NULL).
 *
 * A list statement binds the same parameters whatever the
 * resource (?1 org, ?2 owner, ?3 stage, ?4 status, ?5 channel or type,
 * ?6 pipeline, ?7 client, ?8 deal, ?9/?10 the [from, to) range, ?11 the
 * LIKE pattern, ?12-?14 the cursor, ?15 the limit, ?20 updated_since;
 * deals and clients also ?16/?17, a custom field's JSON path and value,
 * and deals ?18/?19, the team and the stuck instant); a filter that is NULL
 * matches everything. The ORDER BY is picked from a fixed table of
 * statements, one per sort key and direction, so nothing from a request
 * ever becomes SQL text. The sort value is selected as the last column
 * and becomes the next page's cursor.
 *
 * The updates by id are records.c's, beside the upserts whose parameter
 * row they share.
 */
#include "store/hygiene_store.h"
#include "store/store_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct list_sql {
    const char *asc, *desc;
    bool numeric; /* the sort value is an integer (else text) */
};

/* The custom field filter of deals and clients (?16 the JSON path, ?17
 * the value): a number stored as a JSON number is compared as a number
 * (both sides through vo_real, which reads a number or gives NULL on
 * either backend: PostgreSQL's json_extract gives text, and its cast of a
 * text that is no number would fail even in the branch not taken). */
#define CUSTOM_WHERE(T)                                                                            \
    " AND (?16 IS NULL OR CASE WHEN json_type(" T ".custom, ?16) IN ('integer', 'real') THEN "     \
    "vo_real(json_extract(" T ".custom, ?16)) = vo_real(?17) ELSE json_extract(" T                 \
    ".custom, ?16) = ?17 END)"

/* ?20: only the rows created or changed at or after an instant (the
 * updated_at of schema.c's migration 22; NULL: all). */
#define UPDATED_WHERE(A) " AND (?20 IS NULL OR " A ".updated_at >= ?20)"

/* A list's statement: the resource's columns (A its alias), the sort
 * value K, its FROM ... WHERE, the cursor (K, id) after (?13, ?14), the
 * order and the limit. */
#define LIST_SQL(COLS, FROM_WHERE, A, K, OP, DIR)                                                  \
    COLS ", " K FROM_WHERE " AND (?12 = 0 OR (" K ", " A ".id) " OP " (?13, ?14)) ORDER BY " K     \
         " " DIR ", " A ".id " DIR " LIMIT ?15"
/* A sort key's row of a list_sql table: ascending, descending, numeric. */
#define SORT(COLS, FROM_WHERE, A, K, NUM)                                                          \
    {                                                                                              \
        LIST_SQL(COLS, FROM_WHERE, A, K, ">", "ASC"),                                              \
            LIST_SQL(COLS, FROM_WHERE, A, K, "<", "DESC"), NUM                                     \
    }

/* ---- deals ---- */

/* When the deal entered its stage: its last move there, else its creation
 * (kept by the triggers of schema.c's migration 11). */
#define DEAL_SINCE "d.stage_since"
#define DEAL_COLS                                                                                  \
    "SELECT d.id, d.org_id, d.ext_id, d.title, d.client_id, d.product_id, d.pipeline_id, "         \
    "d.stage_id, d.owner_id, d.status, d.amount, d.created_at, d.closed_at, d.loss_reason, "       \
    "d.channel, d.source, d.custom, s.name, u.name, c.name, p.name, " DEAL_SINCE                   \
    ", d.rev, d.loss_reason_id, d.loss_comment, d.updated_at"
#define DEAL_NCOLS 26 /* the columns of DEAL_COLS; a list's sort value follows */
/* A deal's stage and owner (the filters' s and u), then its names; each
 * joined in the deal's org (the Citus rule, docs/SCALING.md). */
#define DEAL_STAGE_OWNER                                                                           \
    " LEFT JOIN stages s ON s.org_id = d.org_id AND s.id = d.stage_id LEFT JOIN users u ON "       \
    "u.org_id = d.org_id AND u.id = d.owner_id"
#define DEAL_JOINS                                                                                 \
    DEAL_STAGE_OWNER " LEFT JOIN clients c ON c.org_id = d.org_id AND c.id = d.client_id LEFT "    \
                     "JOIN pipelines p ON p.org_id = d.org_id AND p.id = d.pipeline_id"
#define DEAL_FROM " FROM deals d" DEAL_JOINS
/* The filters the deals list shares with the board: owner ?2, channel ?5,
 * the owner's team ?18, and ?19, an instant at which only the deals over
 * their stage's max_days are kept (days in stage counted in whole days, as
 * the API's days_in_stage is: more than max_days whole days). */
#define DEAL_FILTERS                                                                               \
    " AND (?2 IS NULL OR d.owner_id = ?2) AND (?5 IS NULL OR d.channel = ?5) AND (?18 IS NULL "    \
    "OR u.team_id = ?18) AND (?19 IS NULL OR (s.max_days IS NOT NULL AND ?19 - " DEAL_SINCE        \
    " >= (s.max_days + 1) * 86400))"
#define DEAL_WHERE                                                                                 \
    " WHERE d.org_id = ?1" DEAL_FILTERS " AND (?3 IS NULL OR d.stage_id = ?3) AND (?4 IS NULL OR " \
    "d.status = ?4) AND (?6 IS NULL OR d.pipeline_id = ?6) AND (?7 IS NULL OR d.client_id = ?7) "  \
    "AND (?9 IS NULL OR d.created_at >= ?9) AND (?10 IS NULL OR d.created_at < ?10) AND (?11 IS "  \
    "NULL OR vo_fold(d.title) LIKE ?11 ESCAPE '\\')" CUSTOM_WHERE("d") UPDATED_WHERE("d")
/* A board's column (?3 its stage; the other filters are NULL): hard
 * conditions first, so deals_stage (org_id, stage_id, status) finds the
 * rows whatever the org's size. */
#define BOARD_WHERE       " WHERE d.org_id = ?1 AND d.stage_id = ?3 AND d.status = 'open'" DEAL_FILTERS
#define DEAL_SORT(K, NUM) SORT(DEAL_COLS, DEAL_FROM DEAL_WHERE, "d", K, NUM)

static const char SQL_DEAL_GET[] = DEAL_COLS ", 0" DEAL_FROM " WHERE d.org_id = ?1 AND d.id = ?2";
static const char SQL_DEAL_GET_EXT[] =
    DEAL_COLS ", 0" DEAL_FROM " WHERE d.org_id = ?1 AND d.ext_id = ?2";

const char *const vo_store_deal_sorts[] = {"created_at",  "id",         "amount", "title",
                                           "stage_since", "updated_at", NULL};
static const struct list_sql DEAL_LISTS[] = {
    DEAL_SORT("d.created_at", true),
    DEAL_SORT("d.id", true),
    DEAL_SORT("COALESCE(d.amount, -1)", true),
    DEAL_SORT("COALESCE(d.title, '')", false),
    DEAL_SORT(DEAL_SINCE, true),
    DEAL_SORT("d.updated_at", true),
};
/* The board's cards of a column: longest in the stage (the stuck) first,
 * after (?13, ?14) always (the first page starts before every instant),
 * so the page walks an index from the cursor on and reads only its cards,
 * however deep in the column it is: deals_board for the whole column, and
 * for one owner's cards (a manager's board, an owner filter)
 * deals_board_sums, whose (stage_id, status, owner_id, stage_since) lead
 * is that owner's column in order (walking deals_board would skip every
 * other owner's deals: 50 ms for a manager of twelve on the 1M demo). */
#define BOARD_CARDS(INDEX, WHERE)                                                                  \
    {                                                                                              \
        DEAL_COLS ", " DEAL_SINCE " FROM deals d INDEXED BY " INDEX DEAL_JOINS WHERE               \
                  " AND (" DEAL_SINCE ", d.id) > (?13, ?14) ORDER BY " DEAL_SINCE                  \
                  ", d.id LIMIT ?15",                                                              \
            NULL, true                                                                             \
    }
enum { BOARD_ALL, BOARD_OWNER };
static const struct list_sql BOARD_LISTS[] = {
    [BOARD_ALL] = BOARD_CARDS("deals_board", BOARD_WHERE),
    [BOARD_OWNER] = BOARD_CARDS("deals_board_sums", BOARD_WHERE " AND d.owner_id = ?2"),
};

/* A column's count, sum of the amounts given and count without one, from
 * deals_board_sums alone (it holds every column the filters read). */
static const char SQL_BOARD_SUMS[] =
    "SELECT count(*), sum(d.amount), count(*) - count(d.amount) FROM deals d INDEXED BY "
    "deals_board_sums" DEAL_STAGE_OWNER BOARD_WHERE;

/* The columns of DEAL_COLS, in its order; the status is parsed by hand. */
VO_ST_ROW_FN(deal_cols, vo_deal_row, VO_C_INT(d.id), VO_C_INT(d.org_id), VO_C_TEXT(d.ext_id),
             VO_C_TEXT(d.title), VO_C_INT(d.client_id), VO_C_INT(d.product_id),
             VO_C_INT(d.pipeline_id), VO_C_INT(d.stage_id), VO_C_INT(d.owner_id), VO_C_SKIP,
             VO_C_OPT(d.amount), VO_C_INT(d.created_at), VO_C_OPT(d.closed_at),
             VO_C_TEXT(d.loss_reason), VO_C_TEXT(d.channel), VO_C_TEXT(d.source),
             VO_C_TEXT(d.custom), VO_C_TEXT(stage_name), VO_C_TEXT(owner_name),
             VO_C_TEXT(client_name), VO_C_TEXT(pipeline_name), VO_C_INT(stage_since),
             VO_C_INT(d.rev), VO_C_INT(loss_reason_id), VO_C_TEXT(loss_comment),
             VO_C_INT(d.updated_at))
enum { C_DEAL_STATUS = 9 }; /* the VO_C_SKIP above */

static void deal_row(vo_stmt *s, struct vo_arena *a, void *item)
{
    struct vo_deal_row *r = item;
    deal_cols(s, a, r);
    r->d.status = VO_DEAL_OPEN;
    VO_ST_COL_ENUM(s, C_DEAL_STATUS, vo_deal_status_parse, &r->d.status, "status");
}

/* ---- clients ---- */

#define CLIENT_COLS                                                                                \
    "SELECT c.id, c.org_id, c.ext_id, c.name, c.channel, c.region, c.segment, c.source, "          \
    "c.owner_id, c.created_at, c.key_account, c.custom, c.rev, c.updated_at"
#define CLIENT_NCOLS 14
#define CLIENT_WHERE                                                                               \
    " FROM clients c WHERE c.org_id = ?1 AND (?2 IS NULL OR c.owner_id = ?2) AND (?5 IS NULL "     \
    "OR c.channel = ?5) AND (?9 IS NULL OR c.created_at >= ?9) AND (?10 IS NULL OR "               \
    "c.created_at < ?10) AND (?11 IS NULL OR vo_fold(c.name) LIKE ?11 ESCAPE '\\')" CUSTOM_WHERE(  \
        "c") UPDATED_WHERE("c")
#define CLIENT_SORT(K, NUM) SORT(CLIENT_COLS, CLIENT_WHERE, "c", K, NUM)

static const char SQL_CLIENT_GET[] =
    CLIENT_COLS ", 0 FROM clients c WHERE c.org_id = ?1 AND c.id = ?2";

const char *const vo_store_client_sorts[] = {"name", "id", "created_at", "updated_at", NULL};
static const struct list_sql CLIENT_LISTS[] = {
    CLIENT_SORT("c.name", false),
    CLIENT_SORT("c.id", true),
    CLIENT_SORT("COALESCE(c.created_at, 0)", true),
    CLIENT_SORT("c.updated_at", true),
};

/* The columns of CLIENT_COLS, in its order. */
VO_ST_ROW_FN(client_row, vo_client, VO_C_INT(id), VO_C_INT(org_id), VO_C_TEXT(ext_id),
             VO_C_TEXT(name), VO_C_TEXT(channel), VO_C_TEXT(region), VO_C_TEXT(segment),
             VO_C_TEXT(source), VO_C_INT(owner_id), VO_C_OPT(created_at), VO_C_INT(key_account),
             VO_C_TEXT(custom), VO_C_INT(rev), VO_C_INT(updated_at))

/* ---- activities ---- */

#define ACT_COLS                                                                                   \
    "SELECT a.id, a.org_id, a.ext_id, a.type, a.user_id, a.at, a.deal_id, a.client_id, "           \
    "a.duration_s, a.direction, a.outcome, a.recording_url, a.rev, a.updated_at"
#define ACT_NCOLS 14
#define ACT_WHERE                                                                                  \
    " FROM activities a WHERE a.org_id = ?1 AND (?2 IS NULL OR a.user_id = ?2) AND (?5 IS "        \
    "NULL OR a.type = ?5) AND (?7 IS NULL OR a.client_id = ?7) AND (?8 IS NULL OR a.deal_id = "    \
    "?8) AND (?9 IS NULL OR a.at >= ?9) AND (?10 IS NULL OR a.at < ?10) AND (?11 IS NULL OR "      \
    "vo_fold(a.outcome) LIKE ?11 ESCAPE '\\')" UPDATED_WHERE("a")
#define ACT_SORT(K, NUM) SORT(ACT_COLS, ACT_WHERE, "a", K, NUM)

static const char SQL_ACT_GET[] =
    ACT_COLS ", 0 FROM activities a WHERE a.org_id = ?1 AND a.id = ?2";

const char *const vo_store_activity_sorts[] = {"at", "id", "updated_at", NULL};
static const struct list_sql ACT_LISTS[] = {
    ACT_SORT("a.at", true),
    ACT_SORT("a.id", true),
    ACT_SORT("a.updated_at", true),
};

/* The columns of ACT_COLS, in its order; the type and the direction are
 * parsed by hand. */
VO_ST_ROW_FN(activity_cols, vo_activity, VO_C_INT(id), VO_C_INT(org_id), VO_C_TEXT(ext_id),
             VO_C_SKIP, VO_C_INT(user_id), VO_C_INT(at), VO_C_INT(deal_id), VO_C_INT(client_id),
             VO_C_OPT(duration_s), VO_C_SKIP, VO_C_TEXT(outcome), VO_C_TEXT(recording_url),
             VO_C_INT(rev), VO_C_INT(updated_at))
enum { C_ACTIVITY_TYPE = 3, C_ACTIVITY_DIR = 9 }; /* the VO_C_SKIPs above */

static void activity_row(vo_stmt *s, struct vo_arena *a, void *item)
{
    struct vo_activity *v = item;
    activity_cols(s, a, v);
    v->type = VO_ACT_CALL;
    VO_ST_COL_ENUM(s, C_ACTIVITY_TYPE, vo_activity_type_parse, &v->type, "type");
    v->direction = VO_DIR_NONE;
    VO_ST_COL_ENUM(s, C_ACTIVITY_DIR, vo_direction_parse, &v->direction, "direction");
}

/* ---- tasks ---- */

#define TASK_COLS                                                                                  \
    "SELECT t.id, t.org_id, t.ext_id, t.assignee_id, t.title, t.created_at, t.due_at, "            \
    "t.deal_id, t.client_id, t.done_at, t.rev, t.type, t.comment, t.reschedules, "                 \
    "t.recurrence_id, (SELECT td.title FROM deals td WHERE td.org_id = t.org_id AND td.id = "      \
    "t.deal_id), COALESCE((SELECT tc.name FROM clients tc WHERE tc.org_id = t.org_id AND tc.id = " \
    "t.client_id), (SELECT tc.name FROM deals td JOIN clients tc ON tc.org_id = td.org_id AND "    \
    "tc.id = td.client_id WHERE td.org_id = t.org_id AND td.id = t.deal_id)), t.updated_at"
#define TASK_NCOLS 18
#define TASK_WHERE                                                                                 \
    " FROM tasks t WHERE t.org_id = ?1 AND (?2 IS NULL OR t.assignee_id = ?2) AND (?4 IS NULL "    \
    "OR (?4 = 'open' AND t.done_at IS NULL) OR (?4 = 'done' AND t.done_at IS NOT NULL)) AND "      \
    "(?7 IS NULL OR t.client_id = ?7) AND (?8 IS NULL OR t.deal_id = ?8) AND (?9 IS NULL OR "      \
    "t.due_at >= ?9) AND (?10 IS NULL OR t.due_at < ?10) AND (?11 IS NULL OR vo_fold(t.title) "    \
    "LIKE ?11 "                                                                                    \
    "ESCAPE '\\')" UPDATED_WHERE("t")
#define TASK_SORT(K, NUM) SORT(TASK_COLS, TASK_WHERE, "t", K, NUM)

static const char SQL_TASK_GET[] = TASK_COLS ", 0 FROM tasks t WHERE t.org_id = ?1 AND t.id = ?2";

const char *const vo_store_task_sorts[] = {"due_at", "id", "created_at", "updated_at", NULL};
static const struct list_sql TASK_LISTS[] = {
    TASK_SORT("t.due_at", true),
    TASK_SORT("t.id", true),
    TASK_SORT("t.created_at", true),
    TASK_SORT("t.updated_at", true),
};

/* The columns of TASK_COLS, in its order; the type is parsed by hand. */
VO_ST_ROW_FN(task_cols, vo_task, VO_C_INT(id), VO_C_INT(org_id), VO_C_TEXT(ext_id),
             VO_C_INT(assignee_id), VO_C_TEXT(title), VO_C_INT(created_at), VO_C_INT(due_at),
             VO_C_INT(deal_id), VO_C_INT(client_id), VO_C_OPT(done_at), VO_C_INT(rev), VO_C_SKIP,
             VO_C_TEXT(comment), VO_C_INT(reschedules), VO_C_INT(recurrence_id),
             VO_C_TEXT(deal_title), VO_C_TEXT(client_name), VO_C_INT(updated_at))
enum { C_TASK_TYPE = 11 }; /* the VO_C_SKIP above */

static void task_row(vo_stmt *s, struct vo_arena *a, void *item)
{
    struct vo_task *t = item;
    task_cols(s, a, t);
    VO_ST_COL_ENUM(s, C_TASK_TYPE, vo_task_type_parse, &t->type, "type");
}

/* ---- payments ---- */

/* A payment belongs to its deal's owner, else to its client's owner
 * (METRICS.md, attribution). */
#define PAY_OWNER                                                                                  \
    "COALESCE((SELECT owner_id FROM deals WHERE org_id = p.org_id AND id = p.deal_id), (SELECT "   \
    "owner_id FROM clients WHERE org_id = p.org_id AND id = p.client_id), 0)"
#define PAY_COLS                                                                                   \
    "SELECT p.id, p.org_id, p.ext_id, p.amount, p.paid_at, p.deal_id, p.client_id, " PAY_OWNER     \
    ", p.rev, p.updated_at"
#define PAY_NCOLS 10
#define PAY_WHERE                                                                                  \
    " FROM payments p WHERE p.org_id = ?1 AND (?2 IS NULL OR " PAY_OWNER " = ?2) AND (?7 IS "      \
    "NULL OR p.client_id = ?7) AND (?8 IS NULL OR p.deal_id = ?8) AND (?9 IS NULL OR p.paid_at "   \
    ">= ?9) AND (?10 IS NULL OR p.paid_at < ?10)" UPDATED_WHERE("p")
#define PAY_SORT(K, NUM) SORT(PAY_COLS, PAY_WHERE, "p", K, NUM)

static const char SQL_PAY_GET[] = PAY_COLS ", 0 FROM payments p WHERE p.org_id = ?1 AND p.id = ?2";

const char *const vo_store_payment_sorts[] = {"paid_at", "id", "amount", "updated_at", NULL};
static const struct list_sql PAY_LISTS[] = {
    PAY_SORT("p.paid_at", true),
    PAY_SORT("p.id", true),
    PAY_SORT("p.amount", true),
    PAY_SORT("p.updated_at", true),
};

struct pay_item {
    struct vo_payment p;
    int64_t owner;
};

/* The columns of PAY_COLS, in its order; pay_item_row reads the owner. */
VO_ST_ROW_FN(payment_row, vo_payment, VO_C_INT(id), VO_C_INT(org_id), VO_C_TEXT(ext_id),
             VO_C_INT(amount), VO_C_INT(paid_at), VO_C_INT(deal_id), VO_C_INT(client_id), VO_C_SKIP,
             VO_C_INT(rev), VO_C_INT(updated_at))
enum { C_PAYMENT_OWNER = 7 }; /* the VO_C_SKIP above */

static void pay_item_row(vo_stmt *s, struct vo_arena *a, void *item)
{
    struct pay_item *pi = item;
    payment_row(s, a, &pi->p);
    pi->owner = vo_st_col_id(s, C_PAYMENT_OWNER);
}

/* ---- the shared runners ---- */

/* "%text%" with text case-folded (as vo_fold folds the column, so that
 * "ромашка" finds "ООО Ромашка") and its LIKE wildcards escaped by '\'. */
const char *vo_st_like(const char *query, struct vo_arena *a)
{
    char *folded = g_utf8_validate(query, -1, NULL) ? g_utf8_casefold(query, -1) : g_strdup(query);
    const char *q = vo_arena_strdup(a, folded);
    g_free(folded);
    if (!q)
        return NULL;
    size_t n = strlen(q);
    char *p = vo_arena_alloc(a, 2 * n + 3);
    if (!p)
        return NULL;
    size_t k = 0;
    p[k++] = '%';
    for (size_t i = 0; i < n; i++) {
        if (q[i] == '%' || q[i] == '_' || q[i] == '\\')
            p[k++] = '\\';
        p[k++] = q[i];
    }
    p[k++] = '%';
    p[k] = '\0';
    return p;
}

/* What a resource's list needs: its statements by sort, the column of
 * the sort value (after the row's), the row reader and the name. */
struct resource {
    const struct list_sql *lists;
    size_t nsorts;
    int keycol;
    vo_st_row_fn fn;
    const char *what;
};
#define RESOURCE(lists, keycol, fn, what)                                                          \
    {                                                                                              \
        lists, sizeof(lists) / sizeof((lists)[0]), keycol, fn, what                                \
    }

/* The cursor's parameters ?13 and ?14: the sort value after which the page
 * starts (an integer for a numeric sort) and the id; NULL without one. */
static vo_err cursor_params(const struct vo_crm_query *q, bool numeric, struct vo_st_param *key,
                            struct vo_st_param *id, struct vo_error *e)
{
    /* NULL of the sort's type: PostgreSQL types a parameter by its binding */
    *key = numeric ? (struct vo_st_param)VO_P_OPT(VO_NULL) : (struct vo_st_param)VO_P_TEXT(NULL);
    *id = (struct vo_st_param)VO_P_ID(0);
    if (!q->has_cursor)
        return VO_OK;
    if (numeric) {
        char *end = NULL;
        long long v = q->after_key ? strtoll(q->after_key, &end, 10) : 0;
        if (!q->after_key || !*q->after_key || *end)
            return vo_error_set(e, VO_EINVAL, "cursor", "not a cursor of this list");
        *key = (struct vo_st_param)VO_P_I64(v);
    } else {
        *key = (struct vo_st_param)VO_P_TEXT(q->after_key ? q->after_key : "");
    }
    *id = (struct vo_st_param)VO_P_I64(q->after_id);
    return VO_OK;
}

/* Binds the parameters every list statement numbers alike (the file's
 * head) to s: only deals and clients take ?16/?17 and only deals ?18/?19
 * (a parameter bound past the statement's would refuse it). */
static void bind_list(vo_stmt *s, int64_t org, const struct vo_crm_query *q, struct vo_st_param key,
                      struct vo_st_param after, struct vo_arena *a)
{
    const struct vo_st_param p[] = {
        VO_P_I64(org),
        VO_P_ID(q->owner_id),
        VO_P_ID(q->stage_id),
        VO_P_TEXT(q->status),
        VO_P_TEXT(q->channel),
        VO_P_ID(q->pipeline_id),
        VO_P_ID(q->client_id),
        VO_P_ID(q->deal_id),
        VO_P_OPT(q->from),
        VO_P_OPT(q->to),
        VO_P_TEXT(q->q && *q->q ? vo_st_like(q->q, a) : NULL),
        VO_P_I64(q->has_cursor ? 1 : 0),
        key,
        after,
        VO_P_I64(q->limit + 1),
        VO_P_TEXT(q->custom_path),
        VO_P_TEXT(q->custom_value),
        VO_P_ID(q->team_id),
        VO_P_ID(q->stuck_at),
        VO_P_ID(q->updated_since),
    };
    size_t np = (size_t)vo_bind_count(s);
    vo_st_bind(s, p, np < VO_ST_N(p) ? np : VO_ST_N(p));
}

/* One page of a resource's list: `out` is the address of the caller's
 * pointer to its items (NULL on error). */
static vo_err run_list(struct vo_store *st, const struct resource *r, int64_t org,
                       const struct vo_crm_query *q, struct vo_arena *a, size_t elt, void *out,
                       struct vo_crm_page *pg, struct vo_error *e)
{
    void *none = NULL;
    memcpy(out, &none, sizeof none);
    memset(pg, 0, sizeof *pg);
    if (q->sort < 0 || (size_t)q->sort >= r->nsorts || q->limit < 1 || q->limit > 500)
        return vo_error_set(e, VO_EINVAL, "sort", "no such sort or limit");
    const struct list_sql *ls = &r->lists[q->sort];
    struct vo_st_param key, after;
    vo_err err = cursor_params(q, ls->numeric, &key, &after, e);
    if (err)
        return err;
    vo_stmt *s = vo_st_prep(st, q->desc ? ls->desc : ls->asc, e);
    if (!s)
        return VO_ESTORE;
    bind_list(s, org, q, key, after, a);
    char *items = vo_arena_array(a, (size_t)q->limit, elt);
    if (!items) {
        vo_reset(s);
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    }
    size_t n = 0;
    int rc;
    const char *last_key = NULL;
    int64_t last_id = 0;
    bool more = false;
    while ((rc = vo_step(s)) == VO_ROW) {
        if (n == (size_t)q->limit) {
            more = true;
            break;
        }
        r->fn(s, a, items + n * elt);
        last_key = vo_st_col_text(s, r->keycol, a);
        last_id = vo_col_i64(s, 0);
        n++;
    }
    vo_reset(s);
    if (rc != VO_ROW && rc != VO_DONE)
        return vo_st_fail(st, r->what, e);
    void *v = items;
    memcpy(out, &v, sizeof v);
    pg->n = n;
    if (more) {
        pg->next_key = last_key ? last_key : "";
        pg->next_id = last_id;
    }
    return VO_OK;
}

VO_ST_GET_FN(vo_store_deal_get, struct vo_deal_row, SQL_DEAL_GET, deal_row, "deal")
VO_ST_GET_FN(vo_store_client_get, struct vo_client, SQL_CLIENT_GET, client_row, "client")
VO_ST_GET_FN(vo_store_activity_get, struct vo_activity, SQL_ACT_GET, activity_row, "activity")
VO_ST_GET_FN(vo_store_task_get, struct vo_task, SQL_TASK_GET, task_row, "task")

vo_err vo_store_deal_get_ext(struct vo_store *st, int64_t org, const char *ext_id,
                             struct vo_arena *a, struct vo_deal *out, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_TEXT(ext_id)};
    struct vo_deal_row r;
    memset(&r, 0, sizeof r);
    vo_err rc = vo_st_get(st, SQL_DEAL_GET_EXT, p, VO_ST_N(p), a, deal_row, &r, "deal", e);
    if (rc == VO_ENOTFOUND)
        return vo_error_set(e, VO_ENOTFOUND, "deal", "no deal with id \"%s\"", ext_id);
    if (!rc)
        *out = r.d;
    return rc;
}

vo_err vo_store_payment_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                            struct vo_payment *out, int64_t *owner, struct vo_error *e)
{
    struct pay_item pi;
    vo_err rc = vo_st_get_id_z(st, SQL_PAY_GET, org, id, a, pay_item_row, &pi, sizeof pi, "id",
                               "payment", e);
    if (rc)
        return rc;
    *out = pi.p;
    if (owner)
        *owner = pi.owner;
    return VO_OK;
}

static const struct resource DEALS = RESOURCE(DEAL_LISTS, DEAL_NCOLS, deal_row, "deal");
static const struct resource CLIENTS = RESOURCE(CLIENT_LISTS, CLIENT_NCOLS, client_row, "client");
static const struct resource ACTIVITIES = RESOURCE(ACT_LISTS, ACT_NCOLS, activity_row, "activity");
static const struct resource TASKS = RESOURCE(TASK_LISTS, TASK_NCOLS, task_row, "task");
static const struct resource PAYMENTS = RESOURCE(PAY_LISTS, PAY_NCOLS, payment_row, "payment");

/* The public list of one resource (store.h): a function per item type,
 * which a macro writes since only their types differ. */
#define LIST_FN(name, T, res)                                                                      \
    vo_err name(struct vo_store *st, int64_t org, const struct vo_crm_query *q,                    \
                struct vo_arena *a, T **out, struct vo_crm_page *pg, struct vo_error *e)           \
    {                                                                                              \
        return run_list(st, &res, org, q, a, sizeof **out, out, pg, e);                            \
    }

LIST_FN(vo_store_deal_list, struct vo_deal_row, DEALS)
LIST_FN(vo_store_client_list, struct vo_client, CLIENTS)
LIST_FN(vo_store_activity_list, struct vo_activity, ACTIVITIES)
LIST_FN(vo_store_task_list, struct vo_task, TASKS)
LIST_FN(vo_store_payment_list, struct vo_payment, PAYMENTS)

static const struct resource BOARD = RESOURCE(BOARD_LISTS, DEAL_NCOLS, deal_row, "deal");

vo_err vo_store_board_cards(struct vo_store *st, int64_t org, const struct vo_crm_query *q,
                            struct vo_arena *a, struct vo_deal_row **out, struct vo_crm_page *pg,
                            struct vo_error *e)
{
    struct vo_crm_query c = *q;
    c.sort = q->owner_id ? BOARD_OWNER : BOARD_ALL;
    c.desc = false;
    if (!c.has_cursor) {
        c.has_cursor = true;
        c.after_key = "-9223372036854775808"; /* INT64_MIN: before every instant */
        c.after_id = 0;
    }
    return run_list(st, &BOARD, org, &c, a, sizeof **out, out, pg, e);
}

vo_err vo_store_board_sums(struct vo_store *st, int64_t org, const struct vo_crm_query *q,
                           struct vo_board_sums *out, struct vo_error *e)
{
    memset(out, 0, sizeof *out);
    vo_stmt *s = vo_st_prep(st, SQL_BOARD_SUMS, e);
    if (!s)
        return VO_ESTORE;
    bind_list(s, org, q, (struct vo_st_param)VO_P_TEXT(NULL), (struct vo_st_param)VO_P_ID(0), NULL);
    /* SQLite's sum() of integers fails on an overflow ("integer
     * overflow") rather than wrapping: the step's error is the check. */
    int rc = vo_step(s);
    if (rc == VO_ROW) {
        out->count = vo_col_i64(s, 0);
        out->sum = vo_col_i64(s, 1);
        out->amount_missing = vo_col_i64(s, 2);
    }
    if (vo_st_overflow(st, s, rc)) {
        vo_reset(s);
        return vo_error_set(e, VO_ETOOBIG, "sum",
                            "the sum of a column's amounts is past the largest figure (%lld)",
                            (long long)INT64_MAX);
    }
    vo_reset(s);
    if (rc != VO_ROW)
        return vo_st_fail(st, "board", e);
    return VO_OK;
}

/* The hygiene list's overdue tasks (hygiene_store.h) as of ?2, in the
 * dataset's order. */
static const char SQL_TASKS_OVERDUE[] =
    TASK_COLS " FROM tasks t WHERE t.org_id = ?1 AND t.created_at < ?2 AND (t.done_at IS NULL "
              "OR t.done_at >= ?2) AND t.due_at < ?2 ORDER BY t.created_at, t.id";

vo_err vo_store_tasks_overdue(struct vo_store *st, int64_t org, int64_t as_of, struct vo_arena *a,
                              struct vo_task **out, size_t *n, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(as_of)};
    return vo_st_list(st, SQL_TASKS_OVERDUE, p, VO_ST_N(p), a, sizeof **out, task_row, out, n,
                      "tasks", e);
}

static const char SQL_DEAL_HISTORY_LIST[] =
    "SELECT sc.id, sc.org_id, sc.deal_id, sc.stage_id, sc.at, sc.user_id, s.name, u.name "
    "FROM stage_changes sc LEFT JOIN stages s ON s.org_id = sc.org_id AND s.id = sc.stage_id "
    "LEFT JOIN users u ON u.org_id = sc.org_id AND u.id = sc.user_id "
    "WHERE sc.org_id = ?1 AND sc.deal_id = ?2 ORDER BY sc.at, sc.id";

/* The columns of SQL_DEAL_HISTORY_LIST, in its order. */
VO_ST_ROW_FN(history_row, vo_stage_change_row, VO_C_INT(c.id), VO_C_INT(c.org_id),
             VO_C_INT(c.deal_id), VO_C_INT(c.stage_id), VO_C_INT(c.at), VO_C_INT(c.user_id),
             VO_C_TEXT(stage_name), VO_C_TEXT(user_name))

/* One row of vo_store_deal_history. */

vo_err vo_store_deal_history(struct vo_store *st, int64_t org, int64_t deal, struct vo_arena *a,
                             struct vo_stage_change_row **out, size_t *n, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(deal)};
    return vo_st_list(st, SQL_DEAL_HISTORY_LIST, p, VO_ST_N(p), a, sizeof **out, history_row, out,
                      n, "stage history", e);
}
