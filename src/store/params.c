/*
 * params.c - binding a record's row from a table of its parameters, and
 * the upsert of a record so given (store_int.h): each record kind lists
 * its columns once instead of binding them one by one.
 */
#include "store/store_int.h"

#include <string.h>

/* The binder of each kind of integer parameter (VO_PK_TEXT binds text). */
static void (*const BIND_INT[])(vo_stmt *s, int i, int64_t v) = {
    [VO_PK_I64] = vo_st_i64,
    [VO_PK_OPT] = vo_st_opt,
    [VO_PK_ID] = vo_st_id,
};

void vo_st_bind(vo_stmt *s, const struct vo_st_param *p, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        int i = (int)k + 1;
        if (p[k].kind == VO_PK_TEXT)
            vo_st_text(s, i, p[k].s);
        else
            BIND_INT[p[k].kind](s, i, p[k].i);
    }
}

vo_err vo_st_upsert_row(struct vo_store *st, const char *find_sql, const char *write_sql,
                        const struct vo_st_param *row, size_t nkey, size_t n, int64_t *id,
                        int64_t *rev, enum vo_upsert *res, const char *what, struct vo_error *e)
{
    vo_stmt *f = res ? vo_st_prep(st, find_sql, e) : NULL;
    vo_stmt *w = vo_st_prep(st, write_sql, e);
    if ((res && !f) || !w)
        return VO_ESTORE;
    if (f)
        vo_st_bind(f, row, nkey);
    vo_st_bind(w, row, n);
    return vo_st_upsert(st, f, w, id, rev, res, what, e);
}

vo_err vo_st_list_done(struct vo_store *st, vo_stmt *s, int rc, bool oom, const char *what,
                       struct vo_error *e)
{
    vo_reset(s);
    if (oom)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    if (rc != VO_DONE)
        return vo_st_fail(st, what, e);
    return VO_OK;
}

vo_err vo_st_rows(struct vo_store *st, vo_stmt *s, struct vo_arena *a, size_t size, vo_st_row_fn fn,
                  void *out, size_t *n, const char *what, struct vo_error *e)
{
    char *v = NULL;
    size_t cap = 0, cnt = 0;
    int rc;
    bool oom = false;
    while ((rc = vo_step(s)) == VO_ROW) {
        void *grown = vo_arena_grow(a, v, &cap, cnt, size);
        if ((oom = !grown))
            break;
        v = grown;
        memset(v + cnt * size, 0, size);
        fn(s, a, v + cnt++ * size);
    }
    void *items = v;
    memcpy(out, &items, sizeof items);
    *n = cnt;
    return vo_st_list_done(st, s, rc, oom, what, e);
}

vo_stmt *vo_st_prep_bind(struct vo_store *st, const char *sql, const struct vo_st_param *p,
                         size_t n, struct vo_error *e)
{
    vo_stmt *s = vo_st_prep(st, sql, e);
    if (s)
        vo_st_bind(s, p, n);
    return s;
}

vo_err vo_st_list(struct vo_store *st, const char *sql, const struct vo_st_param *p, size_t np,
                  struct vo_arena *a, size_t size, vo_st_row_fn fn, void *out, size_t *n,
                  const char *what, struct vo_error *e)
{
    void *none = NULL;
    memcpy(out, &none, sizeof none);
    *n = 0;
    vo_stmt *s = vo_st_prep_bind(st, sql, p, np, e);
    if (!s)
        return VO_ESTORE;
    return vo_st_rows(st, s, a, size, fn, out, n, what, e);
}

vo_err vo_st_list_by(struct vo_store *st, const char *sql, int64_t key, struct vo_arena *a,
                     size_t size, vo_st_row_fn fn, void *out, size_t *n, const char *what,
                     struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(key)};
    return vo_st_list(st, sql, p, VO_ST_N(p), a, size, fn, out, n, what, e);
}

vo_err vo_st_run(struct vo_store *st, const char *sql, const struct vo_st_param *p, size_t n,
                 const char *what, struct vo_error *e)
{
    vo_stmt *s = vo_st_prep_bind(st, sql, p, n, e);
    if (!s)
        return VO_ESTORE;
    return vo_st_exec(st, s, what, e);
}

vo_err vo_st_run_one(struct vo_store *st, const char *sql, const struct vo_st_param *p, size_t n,
                     const char *what, struct vo_error *e)
{
    vo_err rc = vo_st_run(st, sql, p, n, what, e);
    if (!rc && vo_changes(st) == 0)
        return VO_ENOTFOUND;
    return rc;
}

vo_err vo_st_insert(struct vo_store *st, const char *sql, const struct vo_st_param *p, size_t n,
                    int64_t *id, const char *what, struct vo_error *e)
{
    vo_err rc = vo_st_run(st, sql, p, n, what, e);
    if (!rc)
        *id = vo_last_id(st);
    return rc;
}

vo_err vo_st_get(struct vo_store *st, const char *sql, const struct vo_st_param *p, size_t n,
                 struct vo_arena *a, vo_st_row_fn fn, void *item, const char *what,
                 struct vo_error *e)
{
    vo_stmt *s = vo_st_prep_bind(st, sql, p, n, e);
    if (!s)
        return VO_ESTORE;
    int rc = vo_step(s);
    if (rc == VO_ROW)
        fn(s, a, item);
    vo_err r = rc == VO_ROW ? VO_OK : rc == VO_DONE ? VO_ENOTFOUND : vo_st_fail(st, what, e);
    vo_reset(s);
    return r;
}

void vo_st_row_i64(vo_stmt *s, struct vo_arena *a, void *item)
{
    (void)a;
    int64_t v = vo_col_i64(s, 0);
    memcpy(item, &v, sizeof v);
}

vo_err vo_st_named_find(struct vo_store *st, const char *find_sql, int64_t org, const char *name,
                        int64_t *id, const char *what, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_TEXT(name)};
    vo_err rc = vo_st_get(st, find_sql, p, VO_ST_N(p), NULL, vo_st_row_i64, id, what, e);
    if (rc == VO_ENOTFOUND)
        vo_error_set(e, VO_ENOTFOUND, what, "no %s \"%s\"", what, name);
    return rc;
}

vo_err vo_st_named_ensure(struct vo_store *st, const char *find_sql, const char *insert_sql,
                          int64_t org, const char *name, int64_t *id, bool *created,
                          const char *what, struct vo_error *e)
{
    if (created)
        *created = false;
    vo_err rc = vo_st_named_find(st, find_sql, org, name, id, what, e);
    if (rc != VO_ENOTFOUND)
        return rc;
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_TEXT(name)};
    rc = vo_st_insert(st, insert_sql, p, VO_ST_N(p), id, what, e);
    if (!rc && created)
        *created = true;
    return rc;
}

void vo_st_row_text(vo_stmt *s, struct vo_arena *a, void *item)
{
    const char *v = vo_st_col_text(s, 0, a);
    memcpy(item, &v, sizeof v);
}

vo_err vo_st_update_rev(struct vo_store *st, const char *sql, const struct vo_st_param *p, size_t n,
                        int64_t *rev, const char *what, struct vo_error *e)
{
    vo_err rc = vo_st_get(st, sql, p, n, NULL, vo_st_row_i64, rev, what, e);
    if (rc == VO_ENOTFOUND)
        return vo_error_set(e, VO_ENOTFOUND, "id", "no %s %lld", what, (long long)p[n - 1].i);
    return rc;
}

vo_err vo_st_update_rev_if(struct vo_store *st, const char *sql, const struct vo_st_param *p,
                           size_t n, int64_t *rev, const char *what, struct vo_error *e)
{
    int64_t expect = p[n - 1].i;
    vo_err rc = vo_st_get(st, sql, p, n, NULL, vo_st_row_i64, rev, what, e);
    if (rc == VO_ENOTFOUND && expect >= 0)
        return vo_error_set(e, VO_ESTALE, "version",
                            "the %s has changed since version %lld: read it again and repeat "
                            "the change on the current version",
                            what, (long long)expect);
    if (rc == VO_ENOTFOUND)
        return vo_error_set(e, VO_ENOTFOUND, "id", "no %s %lld", what, (long long)p[n - 2].i);
    return rc;
}

vo_err vo_st_get_id(struct vo_store *st, const char *sql, int64_t org, int64_t id,
                    struct vo_arena *a, vo_st_row_fn fn, void *item, const char *field,
                    const char *what, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(id)};
    vo_err rc = vo_st_get(st, sql, p, VO_ST_N(p), a, fn, item, what, e);
    if (rc == VO_ENOTFOUND)
        return vo_error_set(e, VO_ENOTFOUND, field, "no %s %lld", what, (long long)id);
    return rc;
}

vo_err vo_st_change_one(struct vo_store *st, const char *sql, const struct vo_st_param *p, size_t n,
                        const char *what, const char *field, const char *noun, int64_t id,
                        struct vo_error *e)
{
    vo_err rc = vo_st_run_one(st, sql, p, n, what, e);
    if (rc == VO_ENOTFOUND)
        return vo_error_set(e, VO_ENOTFOUND, field, "no %s %lld", noun, (long long)id);
    return rc;
}

vo_err vo_st_get_id_z(struct vo_store *st, const char *sql, int64_t org, int64_t id,
                      struct vo_arena *a, vo_st_row_fn fn, void *item, size_t size,
                      const char *field, const char *what, struct vo_error *e)
{
    memset(item, 0, size);
    return vo_st_get_id(st, sql, org, id, a, fn, item, field, what, e);
}

void vo_st_row_i64x2(vo_stmt *s, struct vo_arena *a, void *item)
{
    (void)a;
    const int64_t v[2] = {vo_col_i64(s, 0), vo_col_i64(s, 1)};
    memcpy(item, v, sizeof v);
}

vo_err vo_st_first(struct vo_store *st, const char *sql, const struct vo_st_param *p, size_t np,
                   struct vo_arena *a, vo_st_row_fn fn, void *item, int *count, const char *what,
                   struct vo_error *e)
{
    vo_stmt *s = vo_st_prep_bind(st, sql, p, np, e);
    if (!s)
        return VO_ESTORE;
    int n = 0, rc;
    while ((rc = vo_step(s)) == VO_ROW) {
        if (n++ == 0)
            fn(s, a, item);
    }
    vo_reset(s);
    if (rc != VO_DONE)
        return vo_st_fail(st, what, e);
    *count = n;
    return VO_OK;
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

void vo_st_cols(vo_stmt *s, struct vo_arena *a, void *item, const struct vo_st_col *c, size_t n)
{
    char *base = item;
    for (size_t k = 0; k < n; k++) {
        int i = (int)k;
        if (c[k].kind == VO_CK_TEXT) {
            const char *t = a ? vo_st_col_text(s, i, a) : vo_col_text(s, i);
            memcpy(base + c[k].off, &t, sizeof t);
        } else if (c[k].kind != VO_CK_SKIP) {
            put_int(base + c[k].off, c[k].size,
                    c[k].kind == VO_CK_OPT ? vo_st_col_opt(s, i) : vo_col_i64(s, i));
        }
    }
}
