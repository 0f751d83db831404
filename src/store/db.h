/*
 * db.h - the statement layer under the store's files, over either backend:
 * SQLite (the default, a file) or PostgreSQL (libpq, a server: pg.c).
 *
 * A statement is one of the store's SQL constants prepared on a
 * connection (vo_st_prep), bound with the helpers of store_int.h, stepped
 * row by row with vo_step and read by column. The calls are SQLite's own
 * under other names, so a file of src/store/ reads the same whichever
 * backend is open; on SQLite each is the sqlite3_ call it names (inline,
 * one test of a pointer more), on PostgreSQL pg.c runs the statement at
 * its first step and hands its rows out one by one.
 *
 * Only src/store/ includes this file.
 */
#ifndef VO_STORE_DB_H
#define VO_STORE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

struct vo_store;
struct vo_pgstmt;

typedef struct vo_stmt {
    sqlite3_stmt *lite;   /* SQLite: the prepared statement; NULL on PostgreSQL */
    struct vo_pgstmt *pg; /* PostgreSQL (pg.c); NULL on SQLite */
} vo_stmt;

/* What vo_step returns: a row to read, the end, or (anything else) an
 * error that vo_st_fail words from the connection. SQLite's own codes. */
#define VO_ROW  SQLITE_ROW
#define VO_DONE SQLITE_DONE

/* A column's type (vo_col_type): SQLite's codes. On PostgreSQL a column
 * is VO_T_NULL, VO_T_INT (integer and boolean types), VO_T_FLOAT (real and
 * numeric ones), VO_T_BLOB (bytea) or else VO_T_TEXT. */
#define VO_T_INT   SQLITE_INTEGER
#define VO_T_FLOAT SQLITE_FLOAT
#define VO_T_TEXT  SQLITE_TEXT
#define VO_T_BLOB  SQLITE_BLOB
#define VO_T_NULL  SQLITE_NULL

/* PostgreSQL's side of each call (pg.c). */
int vo_pg_step(vo_stmt *s);
void vo_pg_reset(vo_stmt *s);
int64_t vo_pg_col_i64(vo_stmt *s, int i);
double vo_pg_col_double(vo_stmt *s, int i);
const char *vo_pg_col_text(vo_stmt *s, int i);
const void *vo_pg_col_blob(vo_stmt *s, int i);
int vo_pg_col_bytes(vo_stmt *s, int i);
int vo_pg_col_type(vo_stmt *s, int i);
int vo_pg_col_count(vo_stmt *s);
const char *vo_pg_col_name(vo_stmt *s, int i);
int vo_pg_bind_count(vo_stmt *s);
int vo_pg_bind_i64(vo_stmt *s, int i, int64_t v);
int vo_pg_bind_text(vo_stmt *s, int i, const char *v);
int vo_pg_bind_blob(vo_stmt *s, int i, const void *v, size_t n);
int vo_pg_bind_null(vo_stmt *s, int i, int type);

/* Runs s to its next row: VO_ROW, VO_DONE, or an error. */
static inline int vo_step(vo_stmt *s)
{
    return s->lite ? sqlite3_step(s->lite) : vo_pg_step(s);
}

/* Back to before the first step, the bindings kept. */
static inline void vo_reset(vo_stmt *s)
{
    if (s->lite)
        sqlite3_reset(s->lite);
    else
        vo_pg_reset(s);
}

static inline int64_t vo_col_i64(vo_stmt *s, int i)
{
    return s->lite ? sqlite3_column_int64(s->lite, i) : vo_pg_col_i64(s, i);
}

static inline int vo_col_int(vo_stmt *s, int i)
{
    return s->lite ? sqlite3_column_int(s->lite, i) : (int)vo_pg_col_i64(s, i);
}

static inline double vo_col_double(vo_stmt *s, int i)
{
    return s->lite ? sqlite3_column_double(s->lite, i) : vo_pg_col_double(s, i);
}

/* The column's text, NULL for SQL NULL; valid until the next step or
 * reset of s. */
static inline const char *vo_col_text(vo_stmt *s, int i)
{
    return s->lite ? (const char *)sqlite3_column_text(s->lite, i) : vo_pg_col_text(s, i);
}

static inline const void *vo_col_blob(vo_stmt *s, int i)
{
    return s->lite ? sqlite3_column_blob(s->lite, i) : vo_pg_col_blob(s, i);
}

/* The bytes of the column's text or blob (read after vo_col_text or
 * vo_col_blob, as SQLite wants). */
static inline int vo_col_bytes(vo_stmt *s, int i)
{
    return s->lite ? sqlite3_column_bytes(s->lite, i) : vo_pg_col_bytes(s, i);
}

static inline int vo_col_type(vo_stmt *s, int i)
{
    return s->lite ? sqlite3_column_type(s->lite, i) : vo_pg_col_type(s, i);
}

static inline bool vo_col_null(vo_stmt *s, int i)
{
    return vo_col_type(s, i) == VO_T_NULL;
}

static inline int vo_col_count(vo_stmt *s)
{
    return s->lite ? sqlite3_column_count(s->lite) : vo_pg_col_count(s);
}

static inline const char *vo_col_name(vo_stmt *s, int i)
{
    return s->lite ? sqlite3_column_name(s->lite, i) : vo_pg_col_name(s, i);
}

/* The number of parameters of s (the largest ?N). */
static inline int vo_bind_count(vo_stmt *s)
{
    return s->lite ? sqlite3_bind_parameter_count(s->lite) : vo_pg_bind_count(s);
}

/* Binding ?i (from 1): 0 when bound, else the backend's failure (no
 * memory). A NULL carries the type of the value that could have been
 * there (VO_T_INT, VO_T_TEXT, VO_T_BLOB), which PostgreSQL's parameters
 * are declared with. */
static inline int vo_bind_i64(vo_stmt *s, int i, int64_t v)
{
    return s->lite ? sqlite3_bind_int64(s->lite, i, v) : vo_pg_bind_i64(s, i, v);
}

static inline int vo_bind_text(vo_stmt *s, int i, const char *v)
{
    return s->lite ? sqlite3_bind_text(s->lite, i, v, -1, SQLITE_TRANSIENT)
                   : vo_pg_bind_text(s, i, v);
}

static inline int vo_bind_blob(vo_stmt *s, int i, const void *v, size_t n)
{
    return s->lite ? sqlite3_bind_blob64(s->lite, i, v, (sqlite3_uint64)n, SQLITE_TRANSIENT)
                   : vo_pg_bind_blob(s, i, v, n);
}

static inline int vo_bind_null(vo_stmt *s, int i, int type)
{
    return s->lite ? sqlite3_bind_null(s->lite, i) : vo_pg_bind_null(s, i, type);
}

#endif
