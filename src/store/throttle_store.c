/*
 * throttle_store.c - the limits several servers share on PostgreSQL
 * (store.h; docs/SCALING.md "Several servers"): the login throttle's rows,
 * taken and ended by the schema's functions vo_throttle_take and
 * vo_throttle_end (pg_schema.c, migration 33: each one statement, the rows
 * locked address first), and the rate limit's token buckets, one upsert
 * per request. SQLite has the tables but no server writes them there (its
 * one server keeps both limits in memory), so these run on PostgreSQL only.
 */
#include "store/store_int.h"

static const char SQL_THROTTLE_TAKE[] =
    "SELECT wait, pair_fail, addr_fail FROM vo_throttle_take(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

static void take_row(vo_stmt *s, struct vo_arena *a, void *item)
{
    (void)a;
    struct vo_store_throttle_take *t = item;
    t->wait_ms = vo_col_i64(s, 0);
    t->pair_fail = vo_col_i64(s, 1);
    t->addr_fail = vo_col_i64(s, 2);
}

vo_err vo_store_throttle_take(struct vo_store *st, const char *pair_key, const char *addr_key,
                              int64_t now_ms, const struct vo_store_throttle_limits *lim,
                              struct vo_store_throttle_take *out, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_TEXT(pair_key),      VO_P_TEXT(addr_key),
                                    VO_P_I64(now_ms),         VO_P_I64(lim->pair_free),
                                    VO_P_I64(lim->pair_leak), VO_P_I64(lim->addr_free),
                                    VO_P_I64(lim->addr_leak), VO_P_I64(lim->max_wait)};
    return vo_st_get(st, SQL_THROTTLE_TAKE, p, VO_ST_N(p), NULL, take_row, out, "login throttle",
                     e);
}

static const char SQL_THROTTLE_END[] = "SELECT vo_throttle_end(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

vo_err vo_store_throttle_end(struct vo_store *st, const char *pair_key, const char *addr_key,
                             int64_t now_ms, const char *outcome,
                             const struct vo_store_throttle_take *taken, int64_t taken_ms,
                             const struct vo_store_throttle_limits *lim, struct vo_error *e)
{
    const struct vo_st_param p[] = {
        VO_P_TEXT(pair_key),        VO_P_TEXT(addr_key),      VO_P_I64(now_ms),
        VO_P_TEXT(outcome),         VO_P_I64(taken_ms),       VO_P_I64(taken->pair_fail),
        VO_P_I64(taken->addr_fail), VO_P_I64(lim->pair_leak), VO_P_I64(lim->addr_leak)};
    return vo_st_run(st, SQL_THROTTLE_END, p, VO_ST_N(p), "login throttle", e);
}

static const char SQL_THROTTLE_ROWS[] = "SELECT count(*) FROM login_throttle";

vo_err vo_store_throttle_rows(struct vo_store *st, int64_t *n, struct vo_error *e)
{
    return vo_st_get(st, SQL_THROTTLE_ROWS, NULL, 0, NULL, vo_st_row_i64, n, "login throttle", e);
}

/* A fresh bucket is full (cap), less the request taken; an existing one
 * is filled for the time since at_ms (at most up to cap: the elapsed time
 * is capped at the time to fill it, so nothing overflows), then gives one
 * request (cost) if it holds one. A clock behind at_ms adds nothing. */
#define RATE_FILL                                                                                  \
    "LEAST(?4, b.level + LEAST(GREATEST(?3 - b.at_ms, 0), GREATEST(?4 - b.level, 0) / ?5 + 1) * "  \
    "?5)"
static const char SQL_RATE_TAKE[] =
    "INSERT INTO rate_buckets AS b (org_id, principal, level, at_ms, allowed) VALUES (?1, ?2, ?4 "
    "- ?6, ?3, 1) ON CONFLICT (org_id, principal) DO UPDATE SET level = " RATE_FILL
    " - CASE WHEN " RATE_FILL " >= ?6 THEN ?6 ELSE 0 END, at_ms = GREATEST(b.at_ms, ?3), "
    "allowed = CASE WHEN " RATE_FILL " >= ?6 THEN 1 ELSE 0 END RETURNING level, allowed";

vo_err vo_store_rate_take(struct vo_store *st, int64_t org, const char *principal, int64_t now_ms,
                          int64_t cap, int64_t rate, int64_t cost, int64_t *level, bool *allowed,
                          struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_TEXT(principal), VO_P_I64(now_ms),
                                    VO_P_I64(cap), VO_P_I64(rate),       VO_P_I64(cost)};
    int64_t row[2] = {0, 0};
    vo_err rc =
        vo_st_get(st, SQL_RATE_TAKE, p, VO_ST_N(p), NULL, vo_st_row_i64x2, row, "rate limit", e);
    if (rc == VO_ENOTFOUND)
        return vo_error_set(e, VO_ESTORE, NULL, "rate limit: no bucket");
    if (rc)
        return rc;
    *level = row[0];
    *allowed = row[1] != 0;
    return VO_OK;
}

/* A bucket that is full by now holds nothing a fresh one would not. */
static const char SQL_RATE_PURGE[] =
    "DELETE FROM rate_buckets WHERE at_ms + (?2 - level + ?3 - 1) / ?3 <= ?1";

vo_err vo_store_rate_purge(struct vo_store *st, int64_t now_ms, int64_t cap, int64_t rate,
                           struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(now_ms), VO_P_I64(cap), VO_P_I64(rate)};
    return vo_st_run(st, SQL_RATE_PURGE, p, VO_ST_N(p), "rate limit", e);
}
