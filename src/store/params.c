/*
 * params.c - binding a record's row from a table of its parameters, and
 * the upsert of a record so given (store_int.h): each record kind lists
 * its columns once instead of binding them one by one.
 */
#include "store/store_int.h"

#include <string.h>

void vo_st_bind(sqlite3_stmt *s, const struct vo_st_param *p, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        int i = (int)k + 1;
        switch (p[k].kind) {
        case VO_PK_I64:
            vo_st_i64(s, i, p[k].i);
            break;
        case VO_PK_OPT:
            vo_st_opt(s, i, p[k].i);
            break;
        case VO_PK_ID:
            vo_st_id(s, i, p[k].i);
            break;
        case VO_PK_TEXT:
            vo_st_text(s, i, p[k].s);
            break;
        }
    }
}

vo_err vo_st_upsert_row(struct vo_store *st, const char *find_sql, const char *write_sql,
                        const struct vo_st_param *row, size_t nkey, size_t n, int64_t *id,
                        int64_t *rev, enum vo_upsert *res, const char *what, struct vo_error *e)
{
    sqlite3_stmt *f = res ? vo_st_prep(st, find_sql, e) : NULL;
    sqlite3_stmt *w = vo_st_prep(st, write_sql, e);
    if ((res && !f) || !w)
        return VO_ESTORE;
    if (f)
        vo_st_bind(f, row, nkey);
    vo_st_bind(w, row, n);
    return vo_st_upsert(st, f, w, id, rev, res, what, e);
}

vo_err vo_st_list_done(struct vo_store *st, sqlite3_stmt *s, int rc, bool oom, const char *what,
                       struct vo_error *e)
{
    sqlite3_reset(s);
    if (oom)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    if (rc != SQLITE_DONE)
        return vo_st_fail(st, what, e);
    return VO_OK;
}

vo_err vo_st_rows(struct vo_store *st, sqlite3_stmt *s, struct vo_arena *a, size_t size,
                  vo_st_row_fn fn, void **out, size_t *n, const char *what, struct vo_error *e)
{
    char *v = NULL;
    size_t cap = 0, cnt = 0;
    int rc;
    bool oom = false;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        void *grown = vo_arena_grow(a, v, &cap, cnt, size);
        if ((oom = !grown))
            break;
        v = grown;
        memset(v + cnt * size, 0, size);
        fn(s, a, v + cnt++ * size);
    }
    *out = v;
    *n = cnt;
    return vo_st_list_done(st, s, rc, oom, what, e);
}

vo_err vo_st_list_by(struct vo_store *st, const char *sql, int64_t key, struct vo_arena *a,
                     size_t size, vo_st_row_fn fn, void **out, size_t *n, const char *what,
                     struct vo_error *e)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = vo_st_prep(st, sql, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, key);
    return vo_st_rows(st, s, a, size, fn, out, n, what, e);
}
