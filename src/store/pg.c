/*
 * pg.c - the store on PostgreSQL through libpq: the connection, and the
 * statement calls of db.h for it.
 *
 * The store's SQL is written once, in the dialect both backends read, with
 * SQLite's numbered parameters (?1, ?2, ...). A statement is translated
 * once per connection (translate(): ?N becomes $N, SQLite's INDEXED BY
 * and unary + planner hints are left out, a IS [NOT] b with b not
 * NULL IS [NOT] DISTINCT FROM, CAST(x AS INTEGER)
 * a bigint, json_object() json_build_object(), and an INSERT into a table
 * with an id gets RETURNING id for vo_last_id), prepared on the server at its first
 * step with its parameters' types taken from the values bound (bigint,
 * text, bytea: PostgreSQL cannot always infer them, "?1 IS NULL OR x =
 * ?1"), and run at that step; its rows are then handed out one by one from
 * the result, in text form, as SQLite hands them out from its pages.
 *
 * Functions SQLite has and PostgreSQL lacks (vo_fold, ...) are created by
 * the schema's first migration (pg_schema.c).
 */
#include "store/store_int.h"
#include "store/pg_schema.h"

#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The types of pg_type this file reads (catalog/pg_type_d.h, stable). */
#define OID_BOOL    16
#define OID_BYTEA   17
#define OID_INT8    20
#define OID_INT2    21
#define OID_INT4    23
#define OID_TEXT    25
#define OID_OID     26
#define OID_FLOAT4  700
#define OID_FLOAT8  701
#define OID_NUMERIC 1700

/* A statement has at most this many parameters (the store's largest has
 * a few dozen; SQLite's own bound is 32766). */
#define MAX_PARAMS 1000

struct vo_pgstmt {
    struct vo_store *st;
    char name[24]; /* the prepared statement's name on the server */
    char *sql;     /* translated */
    int nparams;
    bool prepared;     /* on the server, with types */
    bool returning_id; /* RETURNING id added: its rows are vo_last_id, not the caller's */
    bool bad;          /* a bind failed: the step refuses */
    bool overflow;     /* an integer read past int64 */
    Oid *types;        /* each parameter's: OID_INT8, OID_TEXT, OID_BYTEA, 0 unbound */
    char **values;     /* each parameter's text (owned), NULL for SQL NULL */
    int *lengths, *formats;
    PGresult *res; /* the rows of the last run */
    int row, nrows;
    bool ran;            /* run since the last reset */
    unsigned char *blob; /* the last bytea read, decoded */
    size_t blob_len;
    /* bulk mode (pg_copy.c): whether the statement's rows can be queued
     * for COPY (0 not known yet, 1 yes, -1 no), its table and columns */
    int copy;
    char *copy_key;
    size_t copy_name;
    bool copy_conflict;
};

bool vo_pg_is_url(const char *path)
{
    return path &&
           (strncmp(path, "postgres://", 11) == 0 || strncmp(path, "postgresql://", 13) == 0);
}

/* Keeps the failure of res (or of the connection when res is NULL) on
 * the store for vo_pg_fail. */
void vo_pg_keep_error(struct vo_store *st, const PGresult *res)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(st->pg);
    if (!msg || !*msg)
        msg = PQerrorMessage(st->pg);
    snprintf(st->pg_state, sizeof st->pg_state, "%s", state ? state : "08006");
    free(st->pg_error);
    st->pg_error = strdup(msg ? msg : "");
    /* libpq's messages end with a newline, the store's do not */
    if (st->pg_error) {
        size_t n = strlen(st->pg_error);
        while (n && (st->pg_error[n - 1] == '\n' || st->pg_error[n - 1] == ' '))
            st->pg_error[--n] = '\0';
    }
}

#define FULL_MSG                                                                                   \
    "the server's disk is full: the change was not saved (free disk space on the server, then "    \
    "try again)"

vo_err vo_pg_fail(struct vo_store *st, const char *what, struct vo_error *e)
{
    const char *state = st->pg_state;
    const char *msg = st->pg_error ? st->pg_error : "failed";
    if (strcmp(state, "53100") == 0)
        return vo_error_set(e, VO_EFULL, NULL, FULL_MSG);
    if (strncmp(state, "23", 2) == 0)
        return vo_error_set(e, VO_ECONFLICT, what, "%s: %s", what, msg);
    if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 || strcmp(state, "55P03") == 0)
        return vo_error_set(e, VO_ESTORE, what, "%s: the database is busy (%s)", what, msg);
    if (strncmp(state, "53", 2) == 0)
        return vo_error_set(e, VO_ESTORE, what, "%s: out of memory", what);
    return vo_error_set(e, VO_ESTORE, what, "%s: %s", what, msg);
}

/* Whether the statement text at p starts with the keyword kw (any case)
 * followed by a non-identifier character. */
static bool keyword(const char *p, const char *kw)
{
    size_t n = strlen(kw);
    return g_ascii_strncasecmp(p, kw, n) == 0 && !(isalnum((unsigned char)p[n]) || p[n] == '_');
}

static const char *skip_space(const char *p)
{
    while (*p && isspace((unsigned char)*p))
        p++;
    return p;
}

/* Whether the text written so far ends with WHERE, AND or ON and spaces: a
 * + there is unary. */
static bool after_conjunction(const GString *out)
{
    size_t n = out->len;
    while (n && isspace((unsigned char)out->str[n - 1]))
        n--;
    static const char *const words[] = {"WHERE", "AND", "ON"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        size_t k = strlen(words[i]);
        if (n > k && isspace((unsigned char)out->str[n - k - 1]) &&
            g_ascii_strncasecmp(out->str + n - k, words[i], k) == 0)
            return true;
    }
    return false;
}

/* The table an INSERT writes (after INSERT [OR <action>] INTO), copied into
 * buf; "" when sql is not an INSERT. */
static void insert_table(const char *sql, char *buf, size_t size)
{
    buf[0] = '\0';
    const char *p = skip_space(sql);
    if (!keyword(p, "INSERT"))
        return;
    p = skip_space(p + 6);
    if (keyword(p, "OR")) {
        p = skip_space(p + 2);
        while (*p && !isspace((unsigned char)*p))
            p++;
        p = skip_space(p);
    }
    if (!keyword(p, "INTO"))
        return;
    p = skip_space(p + 4);
    size_t n = 0;
    while (p[n] && (isalnum((unsigned char)p[n]) || p[n] == '_') && n + 1 < size) {
        buf[n] = p[n];
        n++;
    }
    buf[n] = '\0';
}

/* Whether the connection's schema has a table `name` with an id column
 * (RETURNING id can be added to its INSERTs). Read once per connection. */
static bool has_id(struct vo_store *st, const char *name)
{
    if (!st->pg_id_tables) {
        st->pg_id_tables = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        PGresult *r = PQexec(st->pg, "SELECT table_name FROM information_schema.columns WHERE "
                                     "table_schema = current_schema() AND column_name = 'id'");
        if (PQresultStatus(r) == PGRES_TUPLES_OK)
            for (int i = 0; i < PQntuples(r); i++)
                g_hash_table_add(st->pg_id_tables, g_strdup(PQgetvalue(r, i, 0)));
        PQclear(r);
    }
    return g_hash_table_contains(st->pg_id_tables, name);
}

/* The statement sql in PostgreSQL's words (see the file's comment), in a
 * new string (g_free); *nparams gets its number of parameters. */
static char *translate(struct vo_store *st, const char *sql, int *nparams, bool *returning_id)
{
    GString *out = g_string_sized_new(strlen(sql) + 32);
    int max = 0;
    const char *p = sql;
    while (*p) {
        char c = *p;
        if (c == '\'' || c == '"') { /* a literal or a quoted name, copied whole */
            const char *q = p + 1;
            while (*q && !(*q == c && q[1] != c))
                q += *q == c ? 2 : 1;
            if (*q)
                q++;
            g_string_append_len(out, p, q - p);
            p = q;
            continue;
        }
        if (c == '?') {
            int n = 0;
            const char *q = p + 1;
            if (isdigit((unsigned char)*q)) {
                while (isdigit((unsigned char)*q) && n <= MAX_PARAMS)
                    n = n * 10 + (*q++ - '0');
            } else { /* a bare ?: one past the largest so far, as SQLite numbers it */
                n = max + 1;
            }
            if (n > max)
                max = n;
            g_string_append_printf(out, "$%d", n);
            p = q;
            continue;
        }
        if (keyword(p, "json_object") && p[11] == '(' &&
            (p == sql || !isalnum((unsigned char)p[-1]))) {
            g_string_append(out, "json_build_object");
            p += 11;
            continue;
        }
        if (c == '+' && (isalpha((unsigned char)p[1]) || p[1] == '_') && after_conjunction(out)) {
            /* SQLite's unary + before a column (WHERE +org_id = ?1): a
             * planner's hint, left out so that PostgreSQL (and Citus,
             * which routes by org_id = $N) see the column itself */
            p++;
            continue;
        }
        if (keyword(p, "INDEXED") && p > sql && isspace((unsigned char)p[-1])) {
            /* SQLite's INDEXED BY name: a planner's hint PostgreSQL has not */
            const char *q = skip_space(p + 7);
            if (keyword(q, "BY")) {
                q = skip_space(q + 2);
                while (isalnum((unsigned char)*q) || *q == '_')
                    q++;
                p = q;
                continue;
            }
        }
        if (keyword(p, "IS") && p > sql && isspace((unsigned char)p[-1])) {
            /* SQLite's a IS b, a IS NOT b compare NULLs as values */
            const char *q = skip_space(p + 2);
            bool not = keyword(q, "NOT");
            const char *r = not ? skip_space(q + 3) : q;
            if (!keyword(r, "NULL") && !keyword(r, "DISTINCT") && !keyword(r, "TRUE") &&
                !keyword(r, "FALSE") && !keyword(r, "NOT")) {
                g_string_append(out, not ? "IS DISTINCT FROM " : "IS NOT DISTINCT FROM ");
                p = r;
                continue;
            }
        }
        if (keyword(p, "AS") && p > sql && isspace((unsigned char)p[-1])) {
            /* CAST(x AS INTEGER): SQLite's integers are 64-bit */
            const char *q = skip_space(p + 2);
            if (keyword(q, "INTEGER")) {
                g_string_append(out, "AS bigint");
                p = q + 7;
                continue;
            }
            if (keyword(q, "REAL")) {
                g_string_append(out, "AS double precision");
                p = q + 4;
                continue;
            }
        }
        g_string_append_c(out, c);
        p++;
    }
    /* the statement's end, before a trailing ';' and spaces */
    while (out->len &&
           (out->str[out->len - 1] == ';' || isspace((unsigned char)out->str[out->len - 1])))
        g_string_truncate(out, out->len - 1);
    char table[64];
    insert_table(sql, table, sizeof table);
    bool returning = strstr(out->str, "RETURNING") != NULL;
    *returning_id = false;
    if (table[0] && !returning && has_id(st, table)) {
        g_string_append(out, " RETURNING id");
        *returning_id = true;
    }
    *nparams = max;
    return g_string_free(out, FALSE);
}

vo_stmt *vo_pg_prepare(struct vo_store *st, const char *sql, struct vo_error *e)
{
    vo_stmt *s = calloc(1, sizeof *s);
    struct vo_pgstmt *p = calloc(1, sizeof *p);
    if (!s || !p) {
        free(s);
        free(p);
        vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    s->pg = p;
    p->st = st;
    p->sql = translate(st, sql, &p->nparams, &p->returning_id);
    if (p->nparams > MAX_PARAMS) {
        vo_st_finalize(s);
        vo_error_set(e, VO_ESTORE, NULL, "prepare: more than %d parameters", MAX_PARAMS);
        return NULL;
    }
    snprintf(p->name, sizeof p->name, "vo%u", ++st->pg_seq);
    size_t n = (size_t)p->nparams + 1;
    p->types = calloc(n, sizeof *p->types);
    p->values = calloc(n, sizeof *p->values);
    p->lengths = calloc(n, sizeof *p->lengths);
    p->formats = calloc(n, sizeof *p->formats);
    if (!p->types || !p->values || !p->lengths || !p->formats) {
        vo_st_finalize(s);
        vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    return s;
}

static void clear_result(struct vo_pgstmt *p)
{
    PQclear(p->res);
    p->res = NULL;
    p->row = -1;
    p->nrows = 0;
    p->ran = false;
    PQfreemem(p->blob);
    p->blob = NULL;
    p->blob_len = 0;
}

void vo_pg_finalize(vo_stmt *s)
{
    struct vo_pgstmt *p = s->pg;
    if (!p)
        return;
    clear_result(p);
    if (p->prepared && p->st->pg && PQstatus(p->st->pg) == CONNECTION_OK) {
        char sql[64];
        snprintf(sql, sizeof sql, "DEALLOCATE %s", p->name);
        PQclear(PQexec(p->st->pg, sql));
    }
    for (int i = 0; p->values && i <= p->nparams; i++)
        free(p->values[i]);
    free(p->values);
    free(p->types);
    free(p->lengths);
    free(p->formats);
    g_free(p->sql);
    g_free(p->copy_key);
    free(p);
    s->pg = NULL;
}

void vo_pg_reset(vo_stmt *s)
{
    clear_result(s->pg);
}

int vo_pg_bind_count(vo_stmt *s)
{
    return s->pg->nparams;
}

/* Sets parameter i (1-based) to text v of n bytes (NULL: SQL NULL), of
 * type t. */
static int bind(vo_stmt *s, int i, Oid t, const char *v, size_t n, int format)
{
    struct vo_pgstmt *p = s->pg;
    if (i < 1 || i > p->nparams)
        return SQLITE_RANGE;
    clear_result(p);
    free(p->values[i - 1]);
    p->values[i - 1] = NULL;
    p->lengths[i - 1] = 0;
    p->formats[i - 1] = format;
    if (!p->types[i - 1] || !p->prepared)
        p->types[i - 1] = t;
    if (v) {
        if (n > INT32_MAX || !(p->values[i - 1] = malloc(n + 1))) {
            p->bad = true;
            return SQLITE_NOMEM;
        }
        memcpy(p->values[i - 1], v, n);
        p->values[i - 1][n] = '\0';
        p->lengths[i - 1] = (int)n;
    }
    return 0;
}

int vo_pg_bind_i64(vo_stmt *s, int i, int64_t v)
{
    char buf[24];
    int n = snprintf(buf, sizeof buf, "%lld", (long long)v);
    return bind(s, i, OID_INT8, buf, (size_t)n, 0);
}

int vo_pg_bind_text(vo_stmt *s, int i, const char *v)
{
    return bind(s, i, OID_TEXT, v, v ? strlen(v) : 0, 0);
}

int vo_pg_bind_blob(vo_stmt *s, int i, const void *v, size_t n)
{
    /* binary format: the bytes as they are */
    return bind(s, i, OID_BYTEA, v ? v : "", n, 1);
}

int vo_pg_bind_null(vo_stmt *s, int i, int type)
{
    Oid t = type == VO_T_TEXT ? OID_TEXT : type == VO_T_BLOB ? OID_BYTEA : OID_INT8;
    return bind(s, i, t, NULL, 0, 0);
}

/* Runs the statement: prepares it on the server first (once, with the
 * types of the values bound now), then executes it with them. */
static int run(struct vo_pgstmt *p)
{
    struct vo_store *st = p->st;
    if (p->bad) {
        snprintf(st->pg_state, sizeof st->pg_state, "53200");
        free(st->pg_error);
        st->pg_error = strdup("out of memory binding a value");
        return SQLITE_ERROR;
    }
    if (!p->prepared) {
        /* a parameter never bound is NULL, of the type PostgreSQL infers
         * from where it stands (its type stays 0) */
        PGresult *r = PQprepare(st->pg, p->name, p->sql, p->nparams, p->types);
        if (PQresultStatus(r) != PGRES_COMMAND_OK) {
            vo_pg_keep_error(st, r);
            PQclear(r);
            return SQLITE_ERROR;
        }
        PQclear(r);
        p->prepared = true;
    }
    p->res = PQexecPrepared(st->pg, p->name, p->nparams, (const char *const *)p->values, p->lengths,
                            p->formats, 0);
    p->ran = true;
    p->row = -1;
    ExecStatusType status = PQresultStatus(p->res);
    if (status == PGRES_COMMAND_OK) {
        const char *n = PQcmdTuples(p->res);
        st->pg_changes = n && *n ? strtoll(n, NULL, 10) : 0;
        p->nrows = 0;
        return 0;
    }
    if (status != PGRES_TUPLES_OK) {
        vo_pg_keep_error(st, p->res);
        PQclear(p->res);
        p->res = NULL;
        p->ran = false;
        return SQLITE_ERROR;
    }
    p->nrows = PQntuples(p->res);
    const char *n = PQcmdTuples(p->res);
    if (n && *n) /* INSERT/UPDATE/DELETE ... RETURNING */
        st->pg_changes = strtoll(n, NULL, 10);
    if (p->returning_id) {
        if (p->nrows > 0)
            st->pg_last_id = strtoll(PQgetvalue(p->res, p->nrows - 1, 0), NULL, 10);
        p->nrows = 0; /* the caller's INSERT returns no rows */
    }
    return 0;
}

/* Bulk mode: queues the statement's row for COPY (pg_copy.c) when it is
 * an INSERT of a new row; 1 queued, 0 not (the queue sent first), -1 on
 * failure. */
static int queue(struct vo_pgstmt *p)
{
    struct vo_store *st = p->st;
    if (!p->copy)
        p->copy =
            vo_pg_copy_form(p->sql, p->nparams, &p->copy_key, &p->copy_name, &p->copy_conflict)
                ? 1
                : -1;
    if (p->copy < 0 || (p->copy_conflict && !st->pg_new_row))
        return vo_pg_copy_flush(st) ? -1 : 0;
    if (p->bad)
        return run(p) ? -1 : 0; /* its error */
    if (vo_pg_copy_row(st, p->copy_key, p->copy_name, p->returning_id, p->nparams, p->values,
                       p->lengths, p->formats))
        return -1;
    p->ran = true;
    p->row = -1;
    p->nrows = 0;
    return 1;
}

int vo_pg_step(vo_stmt *s)
{
    struct vo_pgstmt *p = s->pg;
    if (!p->ran && p->st->pg_copy) {
        int q = queue(p);
        if (q < 0)
            return SQLITE_ERROR;
        if (q > 0)
            return VO_DONE;
    }
    if (!p->ran && run(p) != 0)
        return SQLITE_ERROR;
    if (p->row < p->nrows)
        p->row++;
    PQfreemem(p->blob);
    p->blob = NULL;
    return p->row < p->nrows ? VO_ROW : VO_DONE;
}

/* Whether column i of the current row can be read. */
static bool readable(const struct vo_pgstmt *p, int i)
{
    return p->res && p->row >= 0 && p->row < p->nrows && i >= 0 && i < PQnfields(p->res);
}

int vo_pg_col_type(vo_stmt *s, int i)
{
    struct vo_pgstmt *p = s->pg;
    if (!readable(p, i) || PQgetisnull(p->res, p->row, i))
        return VO_T_NULL;
    switch (PQftype(p->res, i)) {
    case OID_INT8:
    case OID_INT4:
    case OID_INT2:
    case OID_BOOL:
    case OID_OID:
        return VO_T_INT;
    case OID_FLOAT4:
    case OID_FLOAT8:
    case OID_NUMERIC:
        return VO_T_FLOAT;
    case OID_BYTEA:
        return VO_T_BLOB;
    default:
        return VO_T_TEXT;
    }
}

/* The text of column i of the current row, NULL when there is none or it
 * is NULL; *truth gets a boolean's value (1 or 0), -1 for another type. */
static const char *cell(const struct vo_pgstmt *p, int i, int *truth)
{
    *truth = -1;
    if (!readable(p, i) || PQgetisnull(p->res, p->row, i))
        return NULL;
    const char *v = PQgetvalue(p->res, p->row, i);
    if (PQftype(p->res, i) == OID_BOOL)
        *truth = v[0] == 't';
    return v;
}

int64_t vo_pg_col_i64(vo_stmt *s, int i)
{
    struct vo_pgstmt *p = s->pg;
    int truth;
    const char *v = cell(p, i, &truth);
    if (!v || truth >= 0)
        return v ? truth : 0;
    errno = 0;
    char *end = NULL;
    long long n = strtoll(v, &end, 10);
    if (errno == ERANGE) {
        p->overflow = true;
        return n;
    }
    if (end && *end) { /* a numeric or a float: its integer part, as SQLite reads a REAL */
        double d = strtod(v, NULL);
        if (d >= 9223372036854775807.0 || d < -9223372036854775808.0) {
            p->overflow = true;
            return d > 0 ? INT64_MAX : INT64_MIN;
        }
        return (int64_t)d;
    }
    return n;
}

double vo_pg_col_double(vo_stmt *s, int i)
{
    int truth;
    const char *v = cell(s->pg, i, &truth);
    if (!v || truth >= 0)
        return v ? truth : 0;
    return strtod(v, NULL);
}

const char *vo_pg_col_text(vo_stmt *s, int i)
{
    int truth;
    const char *v = cell(s->pg, i, &truth);
    if (v && truth >= 0) /* as SQLite, whose truth is 1 or 0 */
        return truth ? "1" : "0";
    return v;
}

const void *vo_pg_col_blob(vo_stmt *s, int i)
{
    struct vo_pgstmt *p = s->pg;
    if (!readable(p, i) || PQgetisnull(p->res, p->row, i))
        return NULL;
    const char *v = PQgetvalue(p->res, p->row, i);
    if (PQftype(p->res, i) != OID_BYTEA)
        return v;
    PQfreemem(p->blob);
    p->blob = PQunescapeBytea((const unsigned char *)v, &p->blob_len);
    return p->blob;
}

int vo_pg_col_bytes(vo_stmt *s, int i)
{
    struct vo_pgstmt *p = s->pg;
    if (!readable(p, i) || PQgetisnull(p->res, p->row, i))
        return 0;
    if (PQftype(p->res, i) == OID_BYTEA) {
        if (!p->blob)
            vo_pg_col_blob(s, i);
        return (int)p->blob_len;
    }
    if (PQftype(p->res, i) == OID_BOOL)
        return 1;
    return PQgetlength(p->res, p->row, i);
}

int vo_pg_col_count(vo_stmt *s)
{
    struct vo_pgstmt *p = s->pg;
    if (!p->ran && run(p) != 0)
        return 0;
    return p->res ? PQnfields(p->res) : 0;
}

const char *vo_pg_col_name(vo_stmt *s, int i)
{
    struct vo_pgstmt *p = s->pg;
    return p->res && i >= 0 && i < PQnfields(p->res) ? PQfname(p->res, i) : NULL;
}

bool vo_pg_overflow(vo_stmt *s)
{
    bool o = s->pg->overflow;
    s->pg->overflow = false;
    return o;
}

bool vo_pg_autocommit(struct vo_store *st)
{
    return PQtransactionStatus(st->pg) == PQTRANS_IDLE;
}

vo_err vo_pg_exec(struct vo_store *st, const char *sql, const char *what, struct vo_error *e)
{
    /* bulk mode's queued rows go before what follows them; a rollback
     * throws them away */
    if (st->pg_copy && g_ascii_strncasecmp(sql, "ROLLBACK", 8) == 0)
        vo_pg_copy_discard(st);
    else if (vo_pg_copy_flush(st))
        return vo_pg_fail(st, what, e);
    PGresult *r = PQexec(st->pg, sql);
    ExecStatusType status = PQresultStatus(r);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY) {
        vo_pg_keep_error(st, r);
        PQclear(r);
        return vo_pg_fail(st, what, e);
    }
    PQclear(r);
    return VO_OK;
}

static void stmt_free(gpointer s)
{
    vo_st_finalize(s);
}

/* The URL with its password, if any, hidden: the store's path shows in
 * messages. */
static char *hidden_url(const char *url)
{
    const char *scheme = strstr(url, "://");
    const char *at = scheme ? strchr(scheme + 3, '@') : NULL;
    const char *colon = scheme ? strchr(scheme + 3, ':') : NULL;
    if (!at || !colon || colon > at)
        return strdup(url);
    GString *g = g_string_new_len(url, colon - url);
    g_string_append(g, ":***");
    g_string_append(g, at);
    return g_string_free(g, FALSE);
}

vo_err vo_pg_open(const char *url, int flags, struct vo_store **out, struct vo_error *e)
{
    *out = NULL;
    struct vo_store *st = calloc(1, sizeof *st);
    if (!st)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    st->path = hidden_url(url);
    st->url = strdup(url);
    st->cache = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, stmt_free);
    st->pg = PQconnectdb(url);
    vo_err rc = VO_OK;
    if (!st->path || !st->url || !st->cache || !st->pg) {
        rc = vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
        goto fail;
    }
    if (PQstatus(st->pg) != CONNECTION_OK) {
        vo_pg_keep_error(st, NULL);
        rc = vo_error_set(e, VO_ESTORE, "db", "cannot connect to %s: %s", st->path,
                          st->pg_error ? st->pg_error : "");
        goto fail;
    }
    rc = vo_pg_exec(st,
                    "SET client_min_messages = warning; SET TIME ZONE 'UTC'; "
                    "SET standard_conforming_strings = on",
                    "open", e);
    if (rc)
        goto fail;
    if (flags & VO_STORE_READONLY)
        rc = vo_pg_exec(st, "SET default_transaction_read_only = on", "open", e);
    if (rc)
        goto fail;
    *out = st;
    return VO_OK;
fail:
    vo_store_close(st);
    return rc;
}

void vo_pg_close(struct vo_store *st)
{
    vo_pg_copy_end(st);
    if (st->pg_id_tables)
        g_hash_table_destroy(st->pg_id_tables);
    st->pg_id_tables = NULL;
    if (st->pg)
        PQfinish(st->pg);
    st->pg = NULL;
    free(st->pg_error);
    st->pg_error = NULL;
}

/* One integer the statement sql reads (no parameters); -1 on failure,
 * kept for vo_pg_fail. */
static int64_t read_int(struct vo_store *st, const char *sql)
{
    PGresult *r = PQexec(st->pg, sql);
    int64_t v = -1;
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0))
        v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    else if (PQresultStatus(r) != PGRES_TUPLES_OK)
        vo_pg_keep_error(st, r);
    PQclear(r);
    return v;
}

int vo_pg_schema_version(struct vo_store *st)
{
    int64_t has = read_int(st, "SELECT (to_regclass('schema_version') IS NOT NULL)::int");
    if (has <= 0)
        return has == 0 ? 0 : -1;
    int64_t v = read_int(st, "SELECT version FROM schema_version");
    return v < 0 || v > INT32_MAX ? -1 : (int)v;
}

/* The lock every migration takes, so that two servers starting on one
 * database migrate it once: the second finds the version moved. */
#define MIGRATE_LOCK "SELECT pg_advisory_xact_lock(7283641)"

vo_err vo_pg_migrate_to(struct vo_store *st, int target, int *from, int *to, struct vo_error *e)
{
    int v = vo_pg_schema_version(st);
    if (v < 0)
        return vo_error_set(e, VO_ESTORE, NULL, "cannot read the schema version of %s", st->path);
    if (from)
        *from = v;
    int latest = vo_store_schema_latest();
    if (v > latest)
        return vo_error_set(e, VO_EVERSION, NULL,
                            "%s has schema version %d, newer than this voronka knows (%d): "
                            "upgrade voronka to open it",
                            st->path, v, latest);
    if (target > latest)
        target = latest;
    int reached = v;
    for (int i = 0; i < vo_store_pg_migration_count; i++) {
        const struct vo_pg_migration *m = &vo_store_pg_migrations[i];
        if (m->version <= reached)
            continue;
        if (m->version > target)
            break;
        vo_err rc = vo_pg_exec(st, "BEGIN", "migrate", e);
        if (!rc)
            rc = vo_pg_exec(st, MIGRATE_LOCK, "migrate", e);
        int now = rc ? -1 : vo_pg_schema_version(st);
        if (!rc && now < 0)
            rc = vo_pg_fail(st, "migrate", e);
        if (!rc && now < m->version) {
            char set[80];
            snprintf(set, sizeof set, "UPDATE schema_version SET version = %d", m->version);
            if (m->sql)
                rc = vo_pg_exec(st, m->sql, "migrate", e);
            if (!rc)
                rc = vo_pg_exec(st, set, "migrate", e);
        }
        if (!rc)
            rc = vo_pg_exec(st, "COMMIT", "migrate", e);
        if (rc) {
            PQclear(PQexec(st->pg, "ROLLBACK"));
            return rc;
        }
        reached = now > m->version ? now : m->version;
    }
    if (to)
        *to = reached;
    return VO_OK;
}

/* A REPEATABLE READ transaction's BEGIN: the read sees one snapshot. */
#define READ_BEGIN "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"

vo_err vo_pg_read_one(struct vo_store *st, struct vo_error *e)
{
    return vo_pg_exec(st, READ_BEGIN, "read", e);
}

vo_err vo_pg_read_pair(struct vo_store *st, struct vo_store **out, struct vo_error *e)
{
    *out = NULL;
    vo_err rc = vo_pg_exec(st, READ_BEGIN, "read", e);
    if (rc)
        return rc;
    /* The snapshot of st's transaction, which the second connection's
     * takes: both read the store as of one moment. */
    PGresult *r = PQexec(st->pg, "SELECT pg_export_snapshot()");
    char *snap = NULL;
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
        snap = PQescapeLiteral(st->pg, PQgetvalue(r, 0, 0), strlen(PQgetvalue(r, 0, 0)));
    else
        vo_pg_keep_error(st, r);
    PQclear(r);
    if (!snap) {
        vo_store_read_end(st);
        return vo_pg_fail(st, "read", e);
    }
    struct vo_store *two = NULL;
    if (vo_pg_open(st->url, VO_STORE_READONLY, &two, NULL) == VO_OK) {
        char *set = g_strdup_printf("SET TRANSACTION SNAPSHOT %s", snap);
        if (vo_pg_exec(two, READ_BEGIN, "read", NULL) != VO_OK ||
            vo_pg_exec(two, set, "read", NULL) != VO_OK) {
            vo_store_close(two); /* st alone, as SQLite without a file */
            two = NULL;
        }
        g_free(set);
    }
    PQfreemem(snap);
    if (st->hook)
        st->hook(st->hook_ctx, "read pair");
    *out = two;
    return VO_OK;
}

bool vo_store_path_is_pg(const char *path)
{
    return vo_pg_is_url(path);
}

int vo_store_backend_pid(struct vo_store *st)
{
    return st && st->pg ? PQbackendPID(st->pg) : 0;
}

/* ---- changes told between servers (store.h) ---- */

struct vo_store_listener {
    PGconn *conn;
};

vo_err vo_store_listen(const char *url, struct vo_store_listener **out, struct vo_error *e)
{
    *out = NULL;
    if (!vo_pg_is_url(url))
        return vo_error_set(e, VO_EINVAL, "db",
                            "changes are told between servers on PostgreSQL only");
    struct vo_store_listener *l = calloc(1, sizeof *l);
    if (!l)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    l->conn = PQconnectdb(url);
    PGresult *r = NULL;
    if (!l->conn || PQstatus(l->conn) != CONNECTION_OK ||
        PQresultStatus(r = PQexec(l->conn, "LISTEN voronka")) != PGRES_COMMAND_OK) {
        char *path = hidden_url(url);
        vo_error_set(e, VO_ESTORE, "db", "cannot connect to %s: %s", path ? path : "",
                     l->conn ? PQerrorMessage(l->conn) : "out of memory");
        free(path);
        PQclear(r);
        vo_store_listen_close(l);
        return VO_ESTORE;
    }
    PQclear(r);
    *out = l;
    return VO_OK;
}

/* Parses a note's payload "<org> <table> <ids>" into n (pointers into
 * buf, which it cuts); false when it is not one. */
static bool parse_note(char *buf, struct vo_store_note *n)
{
    char *sp1 = strchr(buf, ' ');
    char *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
    if (!sp1 || !sp2)
        return false;
    *sp1 = *sp2 = '\0';
    char *end = NULL;
    errno = 0;
    long long org = strtoll(buf, &end, 10);
    if (errno || !end || *end || org <= 0)
        return false;
    n->org = org;
    n->table = sp1 + 1;
    n->ids = sp2 + 1;
    return *n->table && *n->ids;
}

vo_err vo_store_listen_wait(struct vo_store_listener *l, int timeout_ms,
                            void (*fn)(void *ctx, const struct vo_store_note *n), void *ctx,
                            struct vo_error *e)
{
    int sock = PQsocket(l->conn);
    if (sock < 0 || PQstatus(l->conn) != CONNECTION_OK)
        return vo_error_set(e, VO_ESTORE, "db", "the connection to the database was lost");
    struct pollfd pfd = {.fd = sock, .events = POLLIN};
    int ready = poll(&pfd, 1, timeout_ms);
    if (ready < 0 && errno != EINTR)
        return vo_error_set(e, VO_ESTORE, "db", "the connection to the database was lost");
    if (ready > 0 && !PQconsumeInput(l->conn))
        return vo_error_set(e, VO_ESTORE, "db", "the connection to the database was lost");
    PGnotify *nt;
    while ((nt = PQnotifies(l->conn)) != NULL) {
        struct vo_store_note n = {.pid = nt->be_pid};
        if (parse_note(nt->extra, &n))
            fn(ctx, &n);
        PQfreemem(nt);
    }
    return VO_OK;
}

void vo_store_listen_close(struct vo_store_listener *l)
{
    if (!l)
        return;
    if (l->conn)
        PQfinish(l->conn);
    free(l);
}
