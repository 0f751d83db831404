/*
 * doctor_store.c - the checks of `voronka doctor` on a database opened
 * without migrating (store.h, "doctor"): SQLite's own checks, the foreign
 * keys, rows whose parent belongs to another org, and the production
 * calendar's years. The statements over every table are built from the
 * schema itself (sqlite_master and PRAGMA foreign_key_list: no text of a
 * caller reaches them; identifiers quoted with %w); values are bound.
 */
#include "store/store_int.h"

#include <string.h>

#define MAX_FINDINGS 200

static vo_err add(struct vo_doctor *d, struct vo_arena *a, const struct vo_doctor_finding *f,
                  struct vo_error *e)
{
    if (d->n == d->cap || !d->v) { /* no array yet, or a full one */
        size_t cap = d->cap > d->n ? d->cap : d->n ? d->n * 2 : 16;
        struct vo_doctor_finding *v = vo_arena_alloc(a, cap * sizeof *v);
        if (!v)
            return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
        if (d->n && d->v)
            memcpy(v, d->v, d->n * sizeof *v);
        d->v = v;
        d->cap = cap;
    }
    d->v[d->n++] = *f;
    return VO_OK;
}

/* Runs a statement made from the schema; its rows through fn. */
static vo_err each_row(struct vo_store *st, const char *sql, vo_err (*fn)(vo_stmt *, void *),
                       void *ctx, struct vo_error *e)
{
    vo_stmt *s = vo_st_prep_dyn(st, sql, e);
    if (!s)
        return VO_ESTORE;
    int rc;
    vo_err err = VO_OK;
    while (!err && (rc = vo_step(s)) == VO_ROW)
        err = fn(s, ctx);
    if (!err && rc != VO_DONE)
        err = vo_st_fail(st, "doctor", e);
    vo_st_finalize(s);
    return err;
}

struct ctx {
    struct vo_store *st;
    struct vo_doctor *d;
    struct vo_arena *a;
    struct vo_error *e;
    const char *table;
};

static vo_err integrity_row(vo_stmt *s, void *p)
{
    struct ctx *c = p;
    const char *msg = vo_col_text(s, 0);
    if (!msg || strcmp(msg, "ok") == 0)
        return VO_OK;
    if (c->d->n >= MAX_FINDINGS)
        return VO_OK;
    struct vo_doctor_finding f = {.kind = VO_DOCTOR_INTEGRITY, .text = vo_arena_strdup(c->a, msg)};
    return add(c->d, c->a, &f, c->e);
}

/* PRAGMA foreign_key_check: table, rowid, parent, fkid; grouped by table
 * and parent (the rows come in table order). */
static vo_err fk_row(vo_stmt *s, void *p)
{
    struct ctx *c = p;
    const char *table = vo_col_text(s, 0);
    const char *parent = vo_col_text(s, 2);
    int64_t rowid = vo_col_i64(s, 1);
    if (!table || !parent)
        return VO_OK;
    struct vo_doctor_finding *last = c->d->n ? &c->d->v[c->d->n - 1] : NULL;
    if (last && last->kind == VO_DOCTOR_ORPHAN && strcmp(last->table, table) == 0 &&
        strcmp(last->parent, parent) == 0) {
        last->count++;
        return VO_OK;
    }
    struct vo_doctor_finding f = {.kind = VO_DOCTOR_ORPHAN,
                                  .table = vo_arena_strdup(c->a, table),
                                  .parent = vo_arena_strdup(c->a, parent),
                                  .row = rowid,
                                  .count = 1};
    return add(c->d, c->a, &f, c->e);
}

struct fk {
    char *table, *column, *parent, *parent_col;
};

static vo_err fk_list_row(vo_stmt *s, void *p)
{
    GArray *fks = p;
    /* id, seq, table, from, to, on_update, on_delete, match */
    const char *parent = vo_col_text(s, 2);
    const char *from = vo_col_text(s, 3);
    const char *to = vo_col_text(s, 4);
    if (!parent || !from)
        return VO_OK;
    struct fk f = {NULL, g_strdup(from), g_strdup(parent), g_strdup(to ? to : "id")};
    g_array_append_val(fks, f);
    return VO_OK;
}

static vo_err table_row(vo_stmt *s, void *p)
{
    GPtrArray *names = p;
    const char *name = vo_col_text(s, 0);
    if (name)
        g_ptr_array_add(names, g_strdup(name));
    return VO_OK;
}

static vo_err has_col_row(vo_stmt *s, void *p)
{
    const char *name = vo_col_text(s, 1);
    if (name && strcmp(name, "org_id") == 0)
        *(bool *)p = true;
    return VO_OK;
}

static bool has_org(struct vo_store *st, const char *table, struct vo_error *e)
{
    bool has = false;
    char *sql = sqlite3_mprintf("PRAGMA table_info(\"%w\")", table);
    if (sql && each_row(st, sql, has_col_row, &has, e))
        has = false;
    sqlite3_free(sql);
    return has;
}

static vo_err count_row(vo_stmt *s, void *p)
{
    int64_t *v = p;
    v[0] = vo_col_i64(s, 0);
    v[1] = vo_col_i64(s, 1);
    return VO_OK;
}

/* The rows of table whose column points to a parent row of another org
 * (both tables org-scoped). */
static vo_err cross_org(struct ctx *c, const struct fk *f)
{
    char *sql = sqlite3_mprintf(
        "SELECT count(*), coalesce(min(c.rowid), 0) FROM \"%w\" c JOIN \"%w\" p ON p.\"%w\" = "
        "c.\"%w\" WHERE p.org_id <> c.org_id",
        f->table, f->parent, f->parent_col, f->column);
    if (!sql)
        return vo_error_set(c->e, VO_ENOMEM, NULL, "out of memory");
    int64_t v[2] = {0, 0};
    vo_err rc = each_row(c->st, sql, count_row, v, c->e);
    sqlite3_free(sql);
    if (rc || !v[0])
        return rc;
    struct vo_doctor_finding fd = {.kind = VO_DOCTOR_OTHER_ORG,
                                   .table = vo_arena_strdup(c->a, f->table),
                                   .parent = vo_arena_strdup(c->a, f->parent),
                                   .column = vo_arena_strdup(c->a, f->column),
                                   .row = v[1],
                                   .count = v[0]};
    return add(c->d, c->a, &fd, c->e);
}

static vo_err org_links(struct ctx *c)
{
    GPtrArray *tables = g_ptr_array_new_with_free_func(g_free);
    vo_err rc = each_row(c->st,
                         "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                         "'sqlite_%' ORDER BY name",
                         table_row, tables, c->e);
    for (guint i = 0; !rc && i < tables->len; i++) {
        const char *t = tables->pdata[i];
        if (!has_org(c->st, t, c->e))
            continue;
        GArray *fks = g_array_new(FALSE, TRUE, sizeof(struct fk));
        char *sql = sqlite3_mprintf("PRAGMA foreign_key_list(\"%w\")", t);
        rc = sql ? each_row(c->st, sql, fk_list_row, fks, c->e)
                 : vo_error_set(c->e, VO_ENOMEM, NULL, "out of memory");
        sqlite3_free(sql);
        for (guint k = 0; k < fks->len; k++) {
            struct fk *f = &g_array_index(fks, struct fk, k);
            f->table = g_strdup(t);
            if (!rc && strcmp(f->parent, "orgs") != 0 && has_org(c->st, f->parent, c->e))
                rc = cross_org(c, f);
            g_free(f->table);
            g_free(f->column);
            g_free(f->parent);
            g_free(f->parent_col);
        }
        g_array_free(fks, TRUE);
    }
    g_ptr_array_free(tables, TRUE);
    return rc;
}

/* The years an org needs a calendar for: those of its deals (created or
 * closed, UTC), the current and the next; and whether it has one (any
 * marked day in the year). */
static const char SQL_CAL_MISSING[] =
    "WITH years(org_id, y) AS ("
    "  SELECT org_id, CAST(strftime('%Y', created_at, 'unixepoch') AS INTEGER) FROM deals"
    "  UNION SELECT org_id, CAST(strftime('%Y', closed_at, 'unixepoch') AS INTEGER) FROM deals"
    "    WHERE closed_at IS NOT NULL"
    "  UNION SELECT id, ?1 FROM orgs UNION SELECT id, ?1 + 1 FROM orgs)"
    " SELECT y.org_id, o.name, y.y FROM years y JOIN orgs o ON o.id = y.org_id"
    " WHERE y.y BETWEEN ?2 AND ?3 AND NOT EXISTS (SELECT 1 FROM holidays h"
    "   WHERE h.org_id = y.org_id AND h.date >= printf('%04d-01-01', y.y)"
    "   AND h.date <= printf('%04d-12-31', y.y))"
    " ORDER BY y.org_id, y.y";

static void cal_row(vo_stmt *s, struct vo_arena *a, void *item)
{
    struct vo_doctor_finding *f = item;
    memset(f, 0, sizeof *f);
    f->kind = VO_DOCTOR_CALENDAR;
    f->org = vo_col_i64(s, 0);
    f->text = vo_st_col_text(s, 1, a);
    f->year = (int)vo_col_i64(s, 2);
}

vo_err vo_store_doctor(struct vo_store *st, bool full, int year_now, int year_min, int year_max,
                       struct vo_arena *a, struct vo_doctor *out, struct vo_error *e)
{
    memset(out, 0, sizeof *out);
    out->schema_version = vo_store_schema_version(st);
    out->schema_latest = vo_store_schema_latest();
    out->integrity = st->pg ? "none" : full ? "integrity_check" : "quick_check";
    struct ctx c = {st, out, a, e, NULL};
    vo_err rc = VO_OK;
    /* PostgreSQL checks its pages itself and enforces every foreign key,
     * the org's own included (docs/SCALING.md, "The Citus rule"): what
     * SQLite's checks below find cannot be there */
    if (!st->pg)
        rc = each_row(st, full ? "PRAGMA integrity_check" : "PRAGMA quick_check", integrity_row, &c,
                      e);
    if (!rc && !st->pg)
        rc = each_row(st, "PRAGMA foreign_key_check", fk_row, &c, e);
    if (!rc && !st->pg)
        rc = org_links(&c);
    if (rc || out->schema_version < 1)
        return rc;
    struct vo_st_param p[] = {VO_P_I64(year_now), VO_P_I64(year_min), VO_P_I64(year_max)};
    struct vo_doctor_finding *cal = NULL;
    size_t n = 0;
    rc = vo_st_list(st, SQL_CAL_MISSING, p, VO_ST_N(p), a, sizeof *cal, cal_row, &cal, &n,
                    "calendar years", e);
    for (size_t i = 0; !rc && i < n; i++)
        rc = add(out, a, &cal[i], e);
    return rc;
}
