/*
 * demo_store.c - what the demo generator needs from the store beyond the
 * records' bulk inserts: backdating the generated org and its users, and a
 * checksum of everything an org holds, which proves that the generator is
 * deterministic (same seed, same rows).
 */
#include "store/store_int.h"

#include <string.h>

static const char SQL_BACKDATE_ORG[] = "UPDATE orgs SET created_at = ?2 WHERE id = ?1";
static const char SQL_BACKDATE_USERS[] =
    "UPDATE users SET created_at = ?2, rev = rev + 1 WHERE org_id = ?1";

vo_err vo_store_demo_backdate(struct vo_store *st, int64_t org, int64_t at, struct vo_error *e)
{
    const char *const sqls[] = {SQL_BACKDATE_ORG, SQL_BACKDATE_USERS};
    for (size_t i = 0; i < 2; i++) {
        vo_stmt *s = vo_st_prep(st, sqls[i], e);
        if (!s)
            return VO_ESTORE;
        vo_st_i64(s, 1, org);
        vo_st_i64(s, 2, at);
        vo_err rc = vo_st_exec(st, s, "backdate", e);
        if (rc)
            return rc;
    }
    return VO_OK;
}

/* One statement per table of vo_store_tables (a table missing here fails
 * the checksum, so a new table is not silently left out). */
static const struct {
    const char *table, *sql;
} SQL_ROWS[] = {
    {"teams", "SELECT * FROM teams WHERE org_id = ?1 ORDER BY id"},
    {"users", "SELECT * FROM users WHERE org_id = ?1 ORDER BY id"},
    {"products", "SELECT * FROM products WHERE org_id = ?1 ORDER BY id"},
    {"pipelines", "SELECT * FROM pipelines WHERE org_id = ?1 ORDER BY id"},
    {"stages", "SELECT * FROM stages WHERE org_id = ?1 ORDER BY id"},
    {"clients", "SELECT * FROM clients WHERE org_id = ?1 ORDER BY id"},
    {"contacts", "SELECT * FROM contacts WHERE org_id = ?1 ORDER BY id"},
    {"notes", "SELECT * FROM notes WHERE org_id = ?1 ORDER BY id"},
    {"deals", "SELECT * FROM deals WHERE org_id = ?1 ORDER BY id"},
    {"stage_changes", "SELECT * FROM stage_changes WHERE org_id = ?1 ORDER BY id"},
    {"activities", "SELECT * FROM activities WHERE org_id = ?1 ORDER BY id"},
    {"tasks", "SELECT * FROM tasks WHERE org_id = ?1 ORDER BY id"},
    {"payments", "SELECT * FROM payments WHERE org_id = ?1 ORDER BY id"},
    {"plans", "SELECT * FROM plans WHERE org_id = ?1 ORDER BY id"},
    {"marketing_spend", "SELECT * FROM marketing_spend WHERE org_id = ?1 ORDER BY id"},
    {"nps_responses", "SELECT * FROM nps_responses WHERE org_id = ?1 ORDER BY id"},
    {"holidays", "SELECT * FROM holidays WHERE org_id = ?1 ORDER BY id"},
    {"audit_log", "SELECT * FROM audit_log WHERE org_id = ?1 ORDER BY id"},
    {"task_recurrences", "SELECT * FROM task_recurrences WHERE org_id = ?1 ORDER BY id"},
    {"task_reschedules", "SELECT * FROM task_reschedules WHERE org_id = ?1 ORDER BY id"},
    {"notifications", "SELECT * FROM notifications WHERE org_id = ?1 ORDER BY id"},
};
static const char SQL_ORG_ROW[] = "SELECT * FROM orgs WHERE id = ?1";

#define FNV_OFFSET 14695981039346656037ULL
#define FNV_PRIME  1099511628211ULL

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= FNV_PRIME;
    }
    return h;
}

static bool skipped(const char *table, const char *column)
{
    return strcmp(column, "password_hash") == 0 || strcmp(column, "updated_at") == 0 ||
           (strcmp(table, "audit_log") == 0 && strcmp(column, "at") == 0);
}

static vo_err hash_rows(struct vo_store *st, const char *sql, const char *table, int64_t org,
                        uint64_t *h, struct vo_error *e)
{
    /* Not through the statement cache: these run once, in tests and checks. */
    vo_stmt *s = vo_st_prep_dyn(st, sql, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, org);
    *h = fnv(*h, table, strlen(table) + 1);
    int rc;
    while ((rc = vo_step(s)) == VO_ROW) {
        int n = vo_col_count(s);
        for (int i = 0; i < n; i++) {
            if (skipped(table, vo_col_name(s, i)))
                continue;
            unsigned char type = (unsigned char)vo_col_type(s, i);
            *h = fnv(*h, &type, 1);
            if (type == VO_T_INT) {
                int64_t v = vo_col_i64(s, i);
                *h = fnv(*h, &v, sizeof v);
            } else if (type == VO_T_FLOAT) {
                double v = vo_col_double(s, i);
                *h = fnv(*h, &v, sizeof v);
            } else if (type != VO_T_NULL) {
                const void *p = vo_col_blob(s, i);
                size_t len = (size_t)vo_col_bytes(s, i);
                *h = fnv(*h, &len, sizeof len);
                if (p)
                    *h = fnv(*h, p, len);
            }
        }
    }
    vo_err res = rc == VO_DONE ? VO_OK : vo_st_fail(st, table, e);
    vo_st_finalize(s);
    return res;
}

vo_err vo_store_checksum(struct vo_store *st, int64_t org, uint64_t *out, struct vo_error *e)
{
    uint64_t h = FNV_OFFSET;
    vo_err rc = hash_rows(st, SQL_ORG_ROW, "orgs", org, &h, e);
    for (size_t i = 0; !rc && i < vo_store_table_count; i++) {
        const char *sql = NULL;
        for (size_t k = 0; k < sizeof SQL_ROWS / sizeof SQL_ROWS[0]; k++)
            if (strcmp(SQL_ROWS[k].table, vo_store_tables[i]) == 0)
                sql = SQL_ROWS[k].sql;
        if (!sql)
            return vo_error_set(e, VO_EINVAL, "table", "checksum: no statement for table %s",
                                vo_store_tables[i]);
        rc = hash_rows(st, sql, vo_store_tables[i], org, &h, e);
    }
    if (!rc)
        *out = h;
    return rc;
}
