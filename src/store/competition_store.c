/*
 * competition_store.c - the competitions of the sales floor (store.h,
 * "competitions"; migration 12): the competition rows, their members (user
 * or team ids) and, once one is over, its frozen final standings. Every
 * statement names the org. A standing's value is kept as text ("%.17g"
 * reads back to the same double), as the store binds no reals.
 */
#include "store/store_int.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

#define COMP_COLS                                                                                  \
    "SELECT id, org_id, name, metric, pct, teams, first_day, last_day, prize, rules, cancelled, "  \
    "fixed_at, created_by, created_at, rev FROM competitions"

/* The columns of COMP_COLS, in its order. */
VO_ST_ROW_FN(competition_row, vo_competition, VO_C_INT(id), VO_C_INT(org_id), VO_C_TEXT(name),
             VO_C_TEXT(metric), VO_C_INT(pct), VO_C_INT(teams), VO_C_TEXT(first_day),
             VO_C_TEXT(last_day), VO_C_TEXT(prize), VO_C_TEXT(rules), VO_C_INT(cancelled),
             VO_C_OPT(fixed_at), VO_C_INT(created_by), VO_C_INT(created_at), VO_C_INT(rev))

static const char SQL_COMP_LIST[] =
    COMP_COLS " WHERE org_id = ?1 ORDER BY last_day DESC, id DESC LIMIT ?2";

vo_err vo_store_competition_list(struct vo_store *st, int64_t org, int64_t limit,
                                 struct vo_arena *a, struct vo_competition **out, size_t *n,
                                 struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(limit)};
    return vo_st_list(st, SQL_COMP_LIST, p, VO_ST_N(p), a, sizeof **out, competition_row, out, n,
                      "competitions", e);
}

static const char SQL_COMP_GET[] = COMP_COLS " WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_competition_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                                struct vo_competition *out, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(id)};
    memset(out, 0, sizeof *out);
    vo_err rc =
        vo_st_get(st, SQL_COMP_GET, p, VO_ST_N(p), a, competition_row, out, "competition", e);
    if (rc == VO_ENOTFOUND)
        return vo_error_set(e, VO_ENOTFOUND, "id", "no competition %lld", (long long)id);
    return rc;
}

static const char SQL_COMP_INSERT[] =
    "INSERT INTO competitions(org_id, name, metric, pct, teams, first_day, last_day, prize, rules, "
    "cancelled, fixed_at, created_by, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";

vo_err vo_store_competition_insert(struct vo_store *st, struct vo_competition *c,
                                   struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(c->org_id),        VO_P_TEXT(c->name),
                                    VO_P_TEXT(c->metric),       VO_P_I64(c->pct ? 1 : 0),
                                    VO_P_I64(c->teams ? 1 : 0), VO_P_TEXT(c->first_day),
                                    VO_P_TEXT(c->last_day),     VO_P_TEXT(c->prize),
                                    VO_P_TEXT(c->rules),        VO_P_I64(c->cancelled ? 1 : 0),
                                    VO_P_OPT(c->fixed_at),      VO_P_ID(c->created_by),
                                    VO_P_I64(c->created_at)};
    c->rev = 0;
    return vo_st_insert(st, SQL_COMP_INSERT, p, VO_ST_N(p), &c->id, "competition", e);
}

static const char SQL_COMP_UPDATE[] =
    "UPDATE competitions SET name = ?3, metric = ?4, pct = ?5, teams = ?6, first_day = ?7, "
    "last_day = ?8, prize = ?9, rules = ?10, cancelled = ?11, fixed_at = ?12, rev = rev + 1 "
    "WHERE org_id = ?1 AND id = ?2 AND (?13 < 0 OR rev = ?13) RETURNING rev";

vo_err vo_store_competition_update(struct vo_store *st, struct vo_competition *c, int64_t expect,
                                   struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(c->org_id),
                                    VO_P_I64(c->id),
                                    VO_P_TEXT(c->name),
                                    VO_P_TEXT(c->metric),
                                    VO_P_I64(c->pct ? 1 : 0),
                                    VO_P_I64(c->teams ? 1 : 0),
                                    VO_P_TEXT(c->first_day),
                                    VO_P_TEXT(c->last_day),
                                    VO_P_TEXT(c->prize),
                                    VO_P_TEXT(c->rules),
                                    VO_P_I64(c->cancelled ? 1 : 0),
                                    VO_P_OPT(c->fixed_at),
                                    VO_P_I64(expect)};
    return vo_st_update_rev_if(st, SQL_COMP_UPDATE, p, VO_ST_N(p), &c->rev, "competition", e);
}

static const char SQL_MEMBERS[] = "SELECT member_id FROM competition_members WHERE org_id = ?1 "
                                  "AND competition_id = ?2 ORDER BY member_id";

vo_err vo_store_competition_members(struct vo_store *st, int64_t org, int64_t id,
                                    struct vo_arena *a, int64_t **out, size_t *n,
                                    struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(id)};
    return vo_st_list(st, SQL_MEMBERS, p, VO_ST_N(p), a, sizeof **out, vo_st_row_i64, out, n,
                      "competition members", e);
}

static const char SQL_MEMBERS_CLEAR[] =
    "DELETE FROM competition_members WHERE org_id = ?1 AND competition_id = ?2";
static const char SQL_MEMBER_ADD[] =
    "INSERT INTO competition_members(org_id, competition_id, member_id) "
    "VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING";

vo_err vo_store_competition_members_set(struct vo_store *st, int64_t org, int64_t id,
                                        const int64_t *ids, size_t n, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(id)};
    vo_err rc = vo_st_run(st, SQL_MEMBERS_CLEAR, p, VO_ST_N(p), "competition members", e);
    for (size_t i = 0; !rc && i < n; i++) {
        const struct vo_st_param q[] = {VO_P_I64(org), VO_P_I64(id), VO_P_I64(ids[i])};
        rc = vo_st_run(st, SQL_MEMBER_ADD, q, VO_ST_N(q), "competition members", e);
    }
    return rc;
}

/* A frozen row: rank, member_id, name, value (text, parsed here). */
static void result_row(vo_stmt *s, struct vo_arena *a, void *item)
{
    struct vo_competition_result *r = item;
    r->rank = (int32_t)vo_col_i64(s, 0);
    r->member_id = vo_col_i64(s, 1);
    const char *name = vo_col_text(s, 2);
    r->name = name ? vo_arena_strdup(a, name) : "";
    const char *v = vo_col_text(s, 3);
    r->value = v ? g_ascii_strtod(v, NULL) : 0;
}

static const char SQL_RESULTS[] =
    "SELECT rank, member_id, name, value FROM competition_results WHERE org_id = ?1 AND "
    "competition_id = ?2 ORDER BY pos";

vo_err vo_store_competition_results(struct vo_store *st, int64_t org, int64_t id,
                                    struct vo_arena *a, struct vo_competition_result **out,
                                    size_t *n, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(id)};
    return vo_st_list(st, SQL_RESULTS, p, VO_ST_N(p), a, sizeof **out, result_row, out, n,
                      "competition results", e);
}

static const char SQL_RESULT_ADD[] =
    "INSERT INTO competition_results(org_id, competition_id, pos, rank, member_id, name, value) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

vo_err vo_store_competition_result_add(struct vo_store *st, int64_t org, int64_t id, int64_t pos,
                                       const struct vo_competition_result *r, struct vo_error *e)
{
    char value[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_formatd(value, sizeof value, "%.17g", r->value);
    const struct vo_st_param p[] = {VO_P_I64(org),     VO_P_I64(id),           VO_P_I64(pos),
                                    VO_P_I64(r->rank), VO_P_I64(r->member_id), VO_P_TEXT(r->name),
                                    VO_P_TEXT(value)};
    return vo_st_run(st, SQL_RESULT_ADD, p, VO_ST_N(p), "competition results", e);
}

static const char SQL_ORGS_DUE[] =
    "SELECT DISTINCT org_id FROM competitions WHERE cancelled = 0 AND fixed_at IS NULL AND "
    "last_day < ?1 ORDER BY org_id";

vo_err vo_store_competition_orgs_due(struct vo_store *st, const char *before_day,
                                     struct vo_arena *a, int64_t **orgs, size_t *n,
                                     struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_TEXT(before_day)};
    return vo_st_list(st, SQL_ORGS_DUE, p, VO_ST_N(p), a, sizeof **orgs, vo_st_row_i64, orgs, n,
                      "competitions", e);
}
