/*
 * move_store.c - a database copied whole into another, SQLite or
 * PostgreSQL either way, and checked (move_store.h; docs/SCALING.md,
 * "Moving").
 *
 * What is copied is read from the catalogues, not from a list kept here:
 * every table both databases have (SQLite's pragma_table_list, its
 * virtual search index included and its shadow tables and sqlite_*
 * internals not; PostgreSQL's information_schema), every column of
 * dest's table by name, so that the two schemas' column orders need not
 * agree. SQLite's FTS5 index search_fts has its rowid where PostgreSQL's
 * table has the column id (pg_schema.c): a SQLite virtual table's rowid
 * is read and written as its column id. The tables a backend's own
 * migrations fill, and the datasets' stamps, are not copied
 * (BACKEND_TABLES); any other table or
 * column on one side only is refused by name, as nothing may be lost.
 *
 * dest is written in one transaction, with what would change a copied
 * value or slow the copy down set aside and put back before the commit
 * (set_aside): on SQLite its triggers and indexes dropped and created
 * again from their definitions in sqlite_schema, the foreign keys checked
 * at the commit; on PostgreSQL every table's triggers disabled (ALTER
 * TABLE ... DISABLE TRIGGER USER, enabled again), its foreign keys and the
 * indexes no key stands on dropped and made again from the catalogue
 * (pg_get_constraintdef, pg_get_indexdef: adding a foreign key checks
 * every row in one join), each table written by COPY FROM STDIN, and the
 * identity sequences set to the tables' largest ids. So a copied row
 * keeps every value: no updated_at stamped, no stage_since set, no org's
 * loss reasons or search row made twice. src is read in one transaction
 * (PostgreSQL's REPEATABLE READ, through a cursor a batch at a time): one
 * moment of it. The tables go in the order of dest's foreign keys.
 *
 * The check: a table's checksum is the sum (two 64-bit halves) of its
 * rows' hashes, a row's hash SHA-256 over its values in dest's column
 * order, each normalized so that both backends give the same bytes: an
 * integer (a boolean too) as a tag and its 64 bits, a real as a tag and
 * its double's, text and a blob alike as a tag, the length and the bytes,
 * NULL as a tag. A sum needs no order both sides agree on (PostgreSQL's
 * keys lead with org_id, its text sorts by collation): the same rows give
 * the same sum, and a row that differs changes it. src's are summed as
 * its rows are copied, dest's read back inside the copy's transaction, so
 * a difference rolls the copy back.
 */
#include "store/move_store.h"

#include "store/store_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* The tables a backend's migrations fill and the copy leaves alone: the
 * version (PostgreSQL's; SQLite's is a pragma) and PostgreSQL's default
 * loss reasons (a view on SQLite). And the datasets' stamps and change
 * logs (migrations 35 and 37), which say whether a snapshot file of the
 * source is current and what changed since: not data, and none of the
 * copy's (its stamps start at none, so no snapshot is read for it before
 * it has loaded from its own rows). */
static const char *const BACKEND_TABLES[] = {"schema_version", "loss_reason_defaults",
                                             "dataset_seq", "dataset_log"};

/* The catalogue's tables, columns and foreign keys. */
static const char SQL_LITE_TABLES[] =
    "SELECT name, type = 'virtual' FROM pragma_table_list WHERE schema = 'main' AND type IN "
    "('table', 'virtual') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name";
static const char SQL_LITE_COLUMNS[] =
    "SELECT name, upper(type) FROM pragma_table_info(?1) ORDER BY cid";
static const char SQL_LITE_FKEYS[] = "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?1)";
static const char SQL_LITE_TRIGGERS[] =
    "SELECT tbl_name, name, sql FROM sqlite_schema WHERE type = "
    "'trigger' AND sql IS NOT NULL ORDER BY name";
static const char SQL_LITE_INDEXES[] = "SELECT tbl_name, name, sql FROM sqlite_schema WHERE type = "
                                       "'index' AND sql IS NOT NULL ORDER BY name";
static const char SQL_PG_TABLES[] =
    "SELECT table_name::text, 0 FROM information_schema.tables WHERE table_schema = "
    "current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name";
static const char SQL_PG_COLUMNS[] =
    "SELECT column_name::text, data_type::text FROM information_schema.columns WHERE "
    "table_schema = current_schema() AND table_name = ?1 ORDER BY ordinal_position";
static const char SQL_PG_FKEYS[] =
    "SELECT DISTINCT p.relname::text FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid "
    "JOIN pg_class p ON p.oid = c.confrelid WHERE c.contype = 'f' AND r.relname = ?1 AND "
    "r.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())";
/* dest's foreign keys, and its indexes no primary or unique key stands
 * on: (table, name, definition). */
static const char SQL_PG_FKEY_DEFS[] =
    "SELECT r.relname::text, c.conname::text, pg_get_constraintdef(c.oid) FROM pg_constraint c "
    "JOIN pg_class r ON r.oid = c.conrelid WHERE c.contype = 'f' AND r.relnamespace = (SELECT "
    "oid FROM pg_namespace WHERE nspname = current_schema()) ORDER BY 1, 2";
static const char SQL_PG_INDEX_DEFS[] =
    "SELECT r.relname::text, i.relname::text, pg_get_indexdef(x.indexrelid) FROM pg_index x JOIN "
    "pg_class i ON i.oid = x.indexrelid JOIN pg_class r ON r.oid = x.indrelid WHERE "
    "r.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) AND NOT "
    "EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.contype IN "
    "('p', 'u', 'x')) ORDER BY 1, 2";
static const char SQL_FIRST_ORG[] = "SELECT id, name FROM orgs ORDER BY id LIMIT 1";

/* Rows a PostgreSQL cursor hands out at a time, and the bytes of COPY
 * data sent at a time. */
#define FETCH_ROWS 4000
#define COPY_CHUNK (256 * 1024)
#define CURSOR     "vo_move_rows"

struct col {
    char *name;
    bool rowid; /* SQLite virtual table: its rowid, read and written as the column id */
    bool bytea; /* PostgreSQL bytea: COPY takes it as \x hex */
};

struct table {
    char *name;
    bool virt;          /* SQLite virtual table */
    GPtrArray *cols;    /* struct col * */
    GPtrArray *parents; /* char *: the tables its foreign keys point to */
    bool has_id;
};

static void col_free(gpointer p)
{
    struct col *c = p;
    g_free(c->name);
    g_free(c);
}

static void table_free(gpointer p)
{
    struct table *t = p;
    g_free(t->name);
    if (t->cols)
        g_ptr_array_free(t->cols, TRUE);
    if (t->parents)
        g_ptr_array_free(t->parents, TRUE);
    g_free(t);
}

/* name as an identifier: quoted, its quotes doubled (both dialects). */
static void quote(GString *g, const char *name)
{
    g_string_append_c(g, '"');
    for (const char *p = name; *p; p++) {
        if (*p == '"')
            g_string_append_c(g, '"');
        g_string_append_c(g, *p);
    }
    g_string_append_c(g, '"');
}

/* A column in a SELECT or an INSERT's list. */
static void col_ref(GString *g, const struct col *c)
{
    if (c->rowid)
        g_string_append(g, "rowid");
    else
        quote(g, c->name);
}

static bool backend_table(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(BACKEND_TABLES); i++)
        if (strcmp(BACKEND_TABLES[i], name) == 0)
            return true;
    return false;
}

/* Steps s (bound) to its end, each row's column 0 (and 1) handed to fn. */
typedef vo_err (*row_fn)(vo_stmt *s, void *ctx, struct vo_error *e);

static vo_err each_row(struct vo_store *st, const char *sql, const char *bind, row_fn fn, void *ctx,
                       const char *what, struct vo_error *e)
{
    vo_stmt *s = vo_st_prep_dyn(st, sql, e);
    if (!s)
        return VO_ESTORE;
    if (bind)
        vo_bind_text(s, 1, bind);
    int rc;
    vo_err err = VO_OK;
    while (!err && (rc = vo_step(s)) == VO_ROW)
        err = fn(s, ctx, e);
    if (!err && rc != VO_DONE)
        err = vo_st_fail(st, what, e);
    vo_st_finalize(s);
    return err;
}

static vo_err add_table(vo_stmt *s, void *ctx, struct vo_error *e)
{
    (void)e;
    GHashTable *tables = ctx;
    const char *name = vo_col_text(s, 0);
    if (!name || backend_table(name))
        return VO_OK;
    struct table *t = g_new0(struct table, 1);
    t->name = g_strdup(name);
    t->virt = vo_col_i64(s, 1) != 0;
    t->cols = g_ptr_array_new_with_free_func(col_free);
    t->parents = g_ptr_array_new_with_free_func(g_free);
    g_hash_table_replace(tables, t->name, t);
    return VO_OK;
}

static vo_err add_col(vo_stmt *s, void *ctx, struct vo_error *e)
{
    (void)e;
    struct table *t = ctx;
    struct col *c = g_new0(struct col, 1);
    c->name = g_strdup(vo_col_text(s, 0));
    const char *type = vo_col_text(s, 1);
    c->bytea = type && strcmp(type, "bytea") == 0;
    if (strcmp(c->name, "id") == 0)
        t->has_id = true;
    g_ptr_array_add(t->cols, c);
    return VO_OK;
}

static vo_err add_parent(vo_stmt *s, void *ctx, struct vo_error *e)
{
    (void)e;
    struct table *t = ctx;
    const char *p = vo_col_text(s, 0);
    if (p)
        g_ptr_array_add(t->parents, g_strdup(p));
    return VO_OK;
}

/* The tables of st's catalogue (name -> struct table), with their columns
 * and foreign keys' parents. */
static vo_err read_catalogue(struct vo_store *st, GHashTable **out, struct vo_error *e)
{
    GHashTable *tables = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, table_free);
    bool pg = st->pg != NULL;
    vo_err rc = each_row(st, pg ? SQL_PG_TABLES : SQL_LITE_TABLES, NULL, add_table, tables,
                         "the catalogue", e);
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, tables);
    while (!rc && g_hash_table_iter_next(&it, &k, &v)) {
        struct table *t = v;
        rc = each_row(st, pg ? SQL_PG_COLUMNS : SQL_LITE_COLUMNS, t->name, add_col, t,
                      "the catalogue", e);
        if (!rc && t->virt && !t->has_id) {
            struct col *c = g_new0(struct col, 1);
            c->name = g_strdup("id");
            c->rowid = true;
            g_ptr_array_insert(t->cols, 0, c);
            t->has_id = true;
        }
        if (!rc)
            rc = each_row(st, pg ? SQL_PG_FKEYS : SQL_LITE_FKEYS, t->name, add_parent, t,
                          "the catalogue", e);
    }
    if (rc) {
        g_hash_table_destroy(tables);
        return rc;
    }
    *out = tables;
    return VO_OK;
}

static struct col *find_col(const struct table *t, const char *name)
{
    for (guint i = 0; i < t->cols->len; i++) {
        struct col *c = t->cols->pdata[i];
        if (strcmp(c->name, name) == 0)
            return c;
    }
    return NULL;
}

static gint by_name(gconstpointer a, gconstpointer b)
{
    return strcmp((*(struct table *const *)a)->name, (*(struct table *const *)b)->name);
}

/* The pairs (src's table, dest's table) to copy, parents before children
 * by dest's foreign keys (names in order where the keys leave a choice):
 * every table on both sides, refused by name when one side lacks a table
 * or a column the other has. */
static vo_err plan(struct vo_store *src, struct vo_store *dest, GHashTable *from, GHashTable *to,
                   GPtrArray *order, GPtrArray *sources, struct vo_error *e)
{
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, from);
    while (g_hash_table_iter_next(&it, &k, &v))
        if (!g_hash_table_contains(to, k))
            return vo_error_set(e, VO_EVERSION, "to",
                                "table %s of %s is not in %s: the schemas differ", (char *)k,
                                src->path, dest->path);
    GPtrArray *left = g_ptr_array_new();
    g_hash_table_iter_init(&it, to);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        struct table *d = v, *s = g_hash_table_lookup(from, k);
        if (!s) {
            g_ptr_array_free(left, TRUE);
            return vo_error_set(e, VO_EVERSION, "to",
                                "table %s of %s is not in %s: the schemas differ", d->name,
                                dest->path, src->path);
        }
        for (int side = 0; side < 2; side++) {
            const struct table *a = side ? s : d, *b = side ? d : s;
            for (guint i = 0; i < a->cols->len; i++) {
                const struct col *c = a->cols->pdata[i];
                if (!find_col(b, c->name)) {
                    g_ptr_array_free(left, TRUE);
                    return vo_error_set(e, VO_EVERSION, "to",
                                        "column %s.%s of %s is not in %s: the schemas differ",
                                        a->name, c->name, side ? src->path : dest->path,
                                        side ? dest->path : src->path);
                }
            }
        }
        g_ptr_array_add(left, d);
    }
    g_ptr_array_sort(left, by_name);
    /* Kahn's: take the first table whose parents are all taken */
    GHashTable *taken = g_hash_table_new(g_str_hash, g_str_equal);
    while (left->len) {
        guint pick = left->len;
        for (guint i = 0; i < left->len && pick == left->len; i++) {
            struct table *t = left->pdata[i];
            bool ready = true;
            for (guint j = 0; ready && j < t->parents->len; j++) {
                const char *p = t->parents->pdata[j];
                ready = strcmp(p, t->name) == 0 || !g_hash_table_contains(to, p) ||
                        g_hash_table_contains(taken, p);
            }
            if (ready)
                pick = i;
        }
        if (pick == left->len) {
            const char *name = ((struct table *)left->pdata[0])->name;
            vo_error_set(e, VO_ESTORE, "to",
                         "the foreign keys of %s make a cycle through table %s: no order to "
                         "copy in",
                         dest->path, name);
            g_hash_table_destroy(taken);
            g_ptr_array_free(left, TRUE);
            return VO_ESTORE;
        }
        struct table *t = g_ptr_array_steal_index(left, pick);
        g_hash_table_add(taken, t->name);
        g_ptr_array_add(order, t);
        g_ptr_array_add(sources, g_hash_table_lookup(from, t->name));
    }
    g_hash_table_destroy(taken);
    g_ptr_array_free(left, TRUE);
    return VO_OK;
}

/* ---- the checksum ---- */

struct sum {
    uint64_t a, b;
    int64_t rows;
};

static void put_u64(GChecksum *ck, uint64_t v)
{
    guchar b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (guchar)(v >> (8 * i));
    g_checksum_update(ck, b, 8);
}

/* Adds the hash of the current row of s (its first n columns) to sum. */
static void hash_row(vo_stmt *s, int n, GChecksum *ck, struct sum *sum)
{
    g_checksum_reset(ck);
    for (int i = 0; i < n; i++) {
        int type = vo_col_type(s, i);
        guchar tag;
        if (type == VO_T_INT) {
            tag = 'i';
            g_checksum_update(ck, &tag, 1);
            put_u64(ck, (uint64_t)vo_col_i64(s, i));
        } else if (type == VO_T_FLOAT) {
            tag = 'f';
            g_checksum_update(ck, &tag, 1);
            double d = vo_col_double(s, i);
            uint64_t bits;
            memcpy(&bits, &d, sizeof bits);
            put_u64(ck, bits);
        } else if (type == VO_T_NULL) {
            tag = 'n';
            g_checksum_update(ck, &tag, 1);
        } else {
            tag = 's';
            g_checksum_update(ck, &tag, 1);
            const void *p = vo_col_blob(s, i);
            size_t len = (size_t)vo_col_bytes(s, i);
            put_u64(ck, len);
            if (p && len)
                g_checksum_update(ck, p, (gssize)len);
        }
    }
    guint8 d[32];
    gsize dl = sizeof d;
    g_checksum_get_digest(ck, d, &dl);
    uint64_t a = 0, b = 0;
    for (int i = 7; i >= 0; i--) {
        a = a << 8 | d[i];
        b = b << 8 | d[8 + i];
    }
    sum->a += a;
    sum->b += b;
    sum->rows++;
}

/* ---- reading a table, a batch at a time on PostgreSQL ---- */

struct reader {
    struct vo_store *st;
    vo_stmt *s;
    int in_batch; /* PostgreSQL: rows of the current FETCH */
    bool cursor;
};

static vo_err reader_open(struct reader *r, struct vo_store *st, const struct table *t,
                          bool ordered, struct vo_error *e)
{
    memset(r, 0, sizeof *r);
    r->st = st;
    GString *q =
        g_string_new(st->pg ? "DECLARE " CURSOR " NO SCROLL CURSOR FOR SELECT " : "SELECT ");
    for (guint i = 0; i < t->cols->len; i++) {
        if (i)
            g_string_append(q, ", ");
        col_ref(q, t->cols->pdata[i]);
    }
    g_string_append(q, " FROM ");
    quote(q, t->name);
    if (ordered && t->has_id) {
        g_string_append(q, " ORDER BY ");
        col_ref(q, find_col(t, "id"));
    }
    vo_err rc = VO_OK;
    if (st->pg) {
        rc = vo_st_exec_sql(st, q->str, t->name, e);
        r->cursor = !rc;
        if (!rc &&
            !(r->s = vo_st_prep_dyn(st, "FETCH " G_STRINGIFY(FETCH_ROWS) " FROM " CURSOR, e)))
            rc = VO_ESTORE;
    } else if (!(r->s = vo_st_prep_dyn(st, q->str, e))) {
        rc = VO_ESTORE;
    }
    g_string_free(q, TRUE);
    return rc;
}

/* The next row: VO_ROW, VO_DONE, or a step's failure. */
static int reader_next(struct reader *r)
{
    int rc = vo_step(r->s);
    if (!r->st->pg)
        return rc;
    if (rc == VO_ROW) {
        r->in_batch++;
        return rc;
    }
    if (rc != VO_DONE || r->in_batch < FETCH_ROWS)
        return rc;
    r->in_batch = 0;
    vo_reset(r->s); /* the next FETCH */
    rc = vo_step(r->s);
    if (rc == VO_ROW)
        r->in_batch++;
    return rc;
}

static void reader_close(struct reader *r)
{
    if (r->s)
        vo_st_finalize(r->s);
    r->s = NULL;
    if (r->cursor)
        vo_st_exec_sql(r->st, "CLOSE " CURSOR, "close", NULL);
    r->cursor = false;
}

/* Sums every row of table t of st. */
static vo_err sum_table(struct vo_store *st, const struct table *t, GChecksum *ck, struct sum *sum,
                        struct vo_error *e)
{
    struct reader r;
    vo_err err = reader_open(&r, st, t, false, e);
    int rc = VO_DONE;
    int n = (int)t->cols->len;
    while (!err && (rc = reader_next(&r)) == VO_ROW)
        hash_row(r.s, n, ck, sum);
    if (!err && rc != VO_DONE)
        err = vo_st_fail(st, t->name, e);
    reader_close(&r);
    return err;
}

/* Table s (src's) with its columns in t's (dest's) order: a shallow
 * copy, its column array freed by the caller. */
static struct table in_order_of(const struct table *s, const struct table *t)
{
    struct table view = *s;
    view.cols = g_ptr_array_new();
    for (guint i = 0; i < t->cols->len; i++)
        g_ptr_array_add(view.cols, find_col(s, ((struct col *)t->cols->pdata[i])->name));
    return view;
}

/* Sums every row of src's table s, its columns in the order of dest's t. */
static vo_err sum_src(struct vo_store *src, const struct table *s, const struct table *t,
                      GChecksum *ck, struct sum *sum, struct vo_error *e)
{
    struct table view = in_order_of(s, t);
    vo_err rc = sum_table(src, &view, ck, sum, e);
    g_ptr_array_free(view.cols, TRUE);
    return rc;
}

/* ---- writing a table ---- */

/* COPY's text form of value i of s into g (dest's column c). */
static void copy_value(GString *g, vo_stmt *s, int i, const struct col *c)
{
    int type = vo_col_type(s, i);
    if (type == VO_T_NULL) {
        g_string_append(g, "\\N");
    } else if (type == VO_T_INT) {
        g_string_append_printf(g, "%" PRId64, vo_col_i64(s, i));
    } else if (type == VO_T_FLOAT) {
        g_string_append_printf(g, "%.17g", vo_col_double(s, i));
    } else {
        vo_pg_copy_text(g, vo_col_blob(s, i), (size_t)vo_col_bytes(s, i), c->bytea);
    }
}

/* The failure of the COPY into table on dest's connection: the server's
 * message with its context (the COPY's line and column) when it sent
 * one, else libpq's. */
static vo_err copy_fail(struct vo_store *dest, const char *table, PGresult *r, struct vo_error *e)
{
    const char *primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    const char *context = r ? PQresultErrorField(r, PG_DIAG_CONTEXT) : NULL;
    char *m = primary ? g_strdup_printf("%s (%s)", primary, context ? context : table)
                      : g_strstrip(g_strdup(PQerrorMessage(dest->pg)));
    vo_error_set(e, VO_ESTORE, "to", "copying table %s into %s: %s", table, dest->path, m);
    g_free(m);
    return VO_ESTORE;
}

/* Ends a COPY FROM STDIN: its result. abort: with an error, so nothing
 * of it stays. */
static vo_err copy_end(struct vo_store *dest, const char *table, bool abort, struct vo_error *e)
{
    vo_err rc = VO_OK;
    if (PQputCopyEnd(dest->pg, abort ? "voronka: the copy stopped" : NULL) != 1)
        rc = copy_fail(dest, table, NULL, abort ? NULL : e);
    PGresult *r;
    while ((r = PQgetResult(dest->pg)) != NULL) {
        if (!rc && !abort && PQresultStatus(r) != PGRES_COMMAND_OK)
            rc = copy_fail(dest, table, r, e);
        PQclear(r);
    }
    return abort ? VO_ESTORE : rc;
}

/* Binds value i of s to parameter i + 1 of ins (SQLite), by its type. */
static int bind_lite(sqlite3_stmt *ins, vo_stmt *s, int i)
{
    switch (vo_col_type(s, i)) {
    case VO_T_INT:
        return sqlite3_bind_int64(ins, i + 1, vo_col_i64(s, i));
    case VO_T_FLOAT:
        return sqlite3_bind_double(ins, i + 1, vo_col_double(s, i));
    case VO_T_NULL:
        return sqlite3_bind_null(ins, i + 1);
    case VO_T_BLOB: {
        const void *p = vo_col_blob(s, i);
        return sqlite3_bind_blob64(ins, i + 1, p ? p : "", (sqlite3_uint64)vo_col_bytes(s, i),
                                   SQLITE_TRANSIENT);
    }
    default: {
        const char *p = vo_col_text(s, i);
        return sqlite3_bind_text64(ins, i + 1, p ? p : "", (sqlite3_uint64)vo_col_bytes(s, i),
                                   SQLITE_TRANSIENT, SQLITE_UTF8);
    }
    }
}

/* Copies every row of table (sfrom's in src, t's in dest), summing src's
 * rows into sum. */
static vo_err copy_table(struct vo_store *src, struct vo_store *dest, const struct table *sfrom,
                         const struct table *t, GChecksum *ck, struct sum *sum, struct vo_error *e)
{
    struct table view = in_order_of(sfrom, t);
    int n = (int)t->cols->len;
    GString *q = g_string_new(dest->pg ? "COPY " : "INSERT INTO ");
    quote(q, t->name);
    g_string_append(q, " (");
    for (int i = 0; i < n; i++) {
        if (i)
            g_string_append(q, ", ");
        col_ref(q, t->cols->pdata[i]);
    }
    g_string_append(q, dest->pg ? ") FROM STDIN" : ") VALUES (");
    for (int i = 0; !dest->pg && i < n; i++)
        g_string_append_printf(q, i ? ", ?%d" : "?%d", i + 1);
    if (!dest->pg)
        g_string_append(q, ")");

    struct reader r;
    vo_stmt *ins = NULL;
    bool copying = false;
    GString *buf = g_string_sized_new(COPY_CHUNK + 4096);
    vo_err err = reader_open(&r, src, &view, true, e);
    if (!err && dest->pg) {
        PGresult *res = PQexec(dest->pg, q->str);
        if (PQresultStatus(res) != PGRES_COPY_IN)
            err = copy_fail(dest, t->name, res, e);
        else
            copying = true;
        PQclear(res);
    } else if (!err && !(ins = vo_st_prep_dyn(dest, q->str, e))) {
        err = VO_ESTORE;
    }
    int rc = VO_DONE;
    while (!err && (rc = reader_next(&r)) == VO_ROW) {
        hash_row(r.s, n, ck, sum);
        if (copying) {
            for (int i = 0; i < n; i++) {
                if (i)
                    g_string_append_c(buf, '\t');
                copy_value(buf, r.s, i, t->cols->pdata[i]);
            }
            g_string_append_c(buf, '\n');
            if (buf->len >= COPY_CHUNK) {
                if (PQputCopyData(dest->pg, buf->str, (int)buf->len) != 1)
                    err = copy_fail(dest, t->name, NULL, e);
                g_string_truncate(buf, 0);
            }
            continue;
        }
        for (int i = 0; !err && i < n; i++)
            if (bind_lite(ins->lite, r.s, i) != SQLITE_OK)
                err = vo_st_fail(dest, t->name, e);
        if (!err && vo_step(ins) != VO_DONE)
            err = vo_st_fail(dest, t->name, e);
        vo_reset(ins);
    }
    if (!err && rc != VO_DONE)
        err = vo_st_fail(src, t->name, e);
    if (copying) {
        if (!err && buf->len && PQputCopyData(dest->pg, buf->str, (int)buf->len) != 1)
            err = copy_fail(dest, t->name, NULL, e);
        vo_err end = copy_end(dest, t->name, err != VO_OK, err ? NULL : e);
        if (!err)
            err = end;
    }
    if (ins)
        vo_st_finalize(ins);
    reader_close(&r);
    g_string_free(buf, TRUE);
    g_string_free(q, TRUE);
    g_ptr_array_free(view.cols, TRUE);
    return err;
}

/* ---- around the copy ---- */

struct org_row {
    bool found;
    int64_t id;
    char *name;
};

static vo_err first_org(vo_stmt *s, void *ctx, struct vo_error *e)
{
    (void)e;
    struct org_row *o = ctx;
    o->found = true;
    o->id = vo_col_i64(s, 0);
    o->name = g_strdup(vo_col_text(s, 1) ? vo_col_text(s, 1) : "");
    return VO_OK;
}

static vo_err any_row(vo_stmt *s, void *ctx, struct vo_error *e)
{
    (void)s;
    (void)e;
    *(bool *)ctx = true;
    return VO_OK;
}

/* VO_ECONFLICT when dest holds an org, or a row in any table to copy. */
static vo_err check_empty(struct vo_store *dest, GPtrArray *order, struct vo_error *e)
{
    struct org_row org = {0};
    vo_err rc = each_row(dest, SQL_FIRST_ORG, NULL, first_org, &org, "orgs", e);
    if (!rc && org.found)
        rc = vo_error_set(e, VO_ECONFLICT, "to",
                          "%s already holds the org \"%s\" (id %lld): give an empty database to "
                          "copy into",
                          dest->path, org.name, (long long)org.id);
    g_free(org.name);
    for (guint i = 0; !rc && i < order->len; i++) {
        const struct table *t = order->pdata[i];
        GString *q = g_string_new("SELECT 1 FROM ");
        quote(q, t->name);
        g_string_append(q, " LIMIT 1");
        bool has = false;
        rc = each_row(dest, q->str, NULL, any_row, &has, t->name, e);
        g_string_free(q, TRUE);
        if (!rc && has)
            rc = vo_error_set(e, VO_ECONFLICT, "to",
                              "%s is not empty: its table %s has rows; give an empty database "
                              "to copy into",
                              dest->path, t->name);
    }
    return rc;
}

/* What dest sets aside for the copy: pairs of statements, the one that
 * takes a thing away (a trigger, an index, a foreign key) and the one that
 * puts it back. */
struct aside {
    struct vo_store *dest;
    GHashTable *tables; /* the tables copied: name -> struct table */
    GPtrArray *pairs;   /* char *: off, on, off, on, ... */
};

/* A row of (table, name, definition) read from dest's catalogue: the pair
 * for it of kind (a SQLite trigger or index; a PostgreSQL foreign key or
 * index), when table is one copied. */
static vo_err aside_row(vo_stmt *s, void *ctx, const char *kind)
{
    struct aside *x = ctx;
    const char *table = vo_col_text(s, 0), *name = vo_col_text(s, 1), *def = vo_col_text(s, 2);
    if (!table || !name || !def || !g_hash_table_contains(x->tables, table))
        return VO_OK;
    GString *off = g_string_new(NULL), *on = g_string_new(NULL);
    if (strcmp(kind, "fkey") == 0) {
        g_string_append(off, "ALTER TABLE ");
        quote(off, table);
        g_string_append(on, off->str);
        g_string_append(off, " DROP CONSTRAINT ");
        quote(off, name);
        g_string_append(on, " ADD CONSTRAINT ");
        quote(on, name);
        g_string_append_printf(on, " %s", def);
    } else {
        g_string_printf(off, "DROP %s ", kind);
        quote(off, name);
        g_string_append(on, def);
    }
    g_ptr_array_add(x->pairs, g_string_free(off, FALSE));
    g_ptr_array_add(x->pairs, g_string_free(on, FALSE));
    return VO_OK;
}

static vo_err aside_trigger(vo_stmt *s, void *ctx, struct vo_error *e)
{
    (void)e;
    return aside_row(s, ctx, "TRIGGER");
}

static vo_err aside_index(vo_stmt *s, void *ctx, struct vo_error *e)
{
    (void)e;
    return aside_row(s, ctx, "INDEX");
}

static vo_err aside_fkey(vo_stmt *s, void *ctx, struct vo_error *e)
{
    (void)e;
    return aside_row(s, ctx, "fkey");
}

/* Takes away what would change a copied value or slow the copy down, in
 * dest's open transaction, keeping the statements that put it back in
 * x->pairs: on SQLite its triggers (dropped) and indexes (an index built
 * once at the end is one sort instead of a B-tree insert per row); on
 * PostgreSQL every copied table's triggers (disabled), its foreign keys
 * (added again at the end, which checks every row in one join instead of
 * a look-up per row) and the indexes no key stands on. */
static vo_err set_aside(struct aside *x, GPtrArray *order, struct vo_error *e)
{
    struct vo_store *dest = x->dest;
    vo_err rc = VO_OK;
    if (dest->pg) {
        for (guint i = 0; i < order->len; i++) {
            GString *off = g_string_new("ALTER TABLE ");
            quote(off, ((struct table *)order->pdata[i])->name);
            GString *on = g_string_new(off->str);
            g_string_append(off, " DISABLE TRIGGER USER");
            g_string_append(on, " ENABLE TRIGGER USER");
            g_ptr_array_add(x->pairs, g_string_free(off, FALSE));
            g_ptr_array_add(x->pairs, g_string_free(on, FALSE));
        }
        rc = each_row(dest, SQL_PG_FKEY_DEFS, NULL, aside_fkey, x, "foreign keys", e);
        if (!rc)
            rc = each_row(dest, SQL_PG_INDEX_DEFS, NULL, aside_index, x, "indexes", e);
    } else {
        rc = each_row(dest, SQL_LITE_TRIGGERS, NULL, aside_trigger, x, "triggers", e);
        if (!rc)
            rc = each_row(dest, SQL_LITE_INDEXES, NULL, aside_index, x, "indexes", e);
    }
    for (guint i = 0; !rc && i + 1 < x->pairs->len; i += 2)
        rc = vo_st_exec_sql(dest, x->pairs->pdata[i], "set aside", e);
    return rc;
}

/* Puts back what set_aside took, the last taken first (an index before
 * the foreign key that may stand on it). */
static vo_err put_back(struct aside *x, struct vo_error *e)
{
    vo_err rc = VO_OK;
    for (guint i = x->pairs->len; !rc && i >= 2; i -= 2)
        rc = vo_st_exec_sql(x->dest, x->pairs->pdata[i - 1], "put back", e);
    return rc;
}

/* PostgreSQL: each table's identity sequence past its largest id, so the
 * next row gets a new one. */
static vo_err set_sequences(struct vo_store *dest, GPtrArray *order, struct vo_error *e)
{
    vo_err rc = VO_OK;
    for (guint i = 0; !rc && i < order->len; i++) {
        const struct table *t = order->pdata[i];
        if (!t->has_id)
            continue;
        GString *name = g_string_new(NULL);
        quote(name, t->name);
        char *lit = PQescapeLiteral(dest->pg, name->str, name->len);
        GString *q = g_string_new(NULL);
        g_string_printf(q,
                        "SELECT setval(pg_get_serial_sequence(%s, 'id'), max(id)) FROM %s "
                        "HAVING max(id) IS NOT NULL AND pg_get_serial_sequence(%s, 'id') IS "
                        "NOT NULL",
                        lit ? lit : "''", name->str, lit ? lit : "''");
        rc = vo_st_exec_sql(dest, q->str, "sequences", e);
        if (lit)
            PQfreemem(lit);
        g_string_free(q, TRUE);
        g_string_free(name, TRUE);
    }
    return rc;
}

static const char *begin_read(const struct vo_store *st)
{
    return st->pg ? "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY" : "BEGIN";
}

static void sum_hex(const struct sum *s, char out[33])
{
    snprintf(out, 33, "%016" PRIx64 "%016" PRIx64, s->a, s->b);
}

vo_err vo_store_move(struct vo_store *src, struct vo_store *dest, bool copy, struct vo_arena *a,
                     struct vo_move_report *out, vo_move_hook hook, void *hook_ctx,
                     struct vo_error *e)
{
    memset(out, 0, sizeof *out);
    int latest = vo_store_schema_latest();
    int vs = vo_store_schema_version(src), vd = vo_store_schema_version(dest);
    if (vs != latest)
        return vo_error_set(e, VO_EVERSION, "db",
                            "%s has schema version %d, not the latest (%d): run `voronka migrate` "
                            "on it first",
                            src->path, vs, latest);
    if (vd != vs)
        return vo_error_set(e, VO_EVERSION, "to",
                            "%s has schema version %d and %s has %d: both must be at the same "
                            "version",
                            src->path, vs, dest->path, vd);
    out->version = vs;
    GHashTable *from = NULL, *to = NULL;
    GPtrArray *order = g_ptr_array_new(), *sources = g_ptr_array_new();
    struct aside aside = {dest, NULL, g_ptr_array_new_with_free_func(g_free)};
    GChecksum *ck = g_checksum_new(G_CHECKSUM_SHA256);
    bool src_tx = false, dest_tx = false;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    vo_err rc = read_catalogue(src, &from, e);
    if (!rc)
        rc = read_catalogue(dest, &to, e);
    if (!rc)
        rc = plan(src, dest, from, to, order, sources, e);
    if (!rc && copy)
        rc = check_empty(dest, order, e);
    if (!rc)
        rc = vo_st_exec_sql(src, begin_read(src), "read", e);
    src_tx = !rc;
    if (!rc)
        rc = vo_st_exec_sql(dest,
                            !copy      ? begin_read(dest)
                            : dest->pg ? "BEGIN"
                                       : "BEGIN IMMEDIATE",
                            "write", e);
    dest_tx = !rc;
    if (!rc && copy && !dest->pg)
        rc = vo_st_exec_sql(dest, "PRAGMA defer_foreign_keys = ON", "write", e);
    if (!rc && copy) {
        aside.tables = to;
        rc = set_aside(&aside, order, e);
    }
    struct sum *sums = g_new0(struct sum, order->len * 2 + 1);
    for (guint i = 0; !rc && i < order->len; i++)
        rc = copy ? copy_table(src, dest, sources->pdata[i], order->pdata[i], ck, &sums[2 * i], e)
                  : sum_src(src, sources->pdata[i], order->pdata[i], ck, &sums[2 * i], e);
    if (!rc && copy && dest->pg)
        rc = set_sequences(dest, order, e);
    if (!rc && copy)
        rc = put_back(&aside, e);
    if (!rc && hook)
        hook(hook_ctx, dest);
    for (guint i = 0; !rc && i < order->len; i++)
        rc = sum_table(dest, order->pdata[i], ck, &sums[2 * i + 1], e);
    if (!rc) {
        out->v = vo_arena_array(a, order->len ? order->len : 1, sizeof *out->v);
        if (!out->v)
            rc = vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    }
    for (guint i = 0; !rc && i < order->len; i++) {
        struct vo_move_table *m = &out->v[out->n++];
        const struct sum *s = &sums[2 * i], *d = &sums[2 * i + 1];
        m->table = vo_arena_strdup(a, ((struct table *)order->pdata[i])->name);
        m->rows = s->rows;
        m->dest_rows = d->rows;
        sum_hex(s, m->sum);
        sum_hex(d, m->dest_sum);
        m->ok = s->rows == d->rows && s->a == d->a && s->b == d->b;
        if (!m->ok && !out->bad)
            out->bad = m->table;
    }
    if (!rc && out->bad)
        rc = copy ? vo_error_set(e, VO_ESTORE, "to",
                                 "the copy of table %s differs from the source (rows or "
                                 "checksum): nothing was written to %s",
                                 out->bad, dest->path)
                  : vo_error_set(e, VO_ESTORE, "to",
                                 "table %s of %s differs from the source's "
                                 "(rows or checksum)",
                                 out->bad, dest->path);
    if (!rc && dest_tx && copy) {
        rc = vo_st_exec_sql(dest, "COMMIT", "commit", e);
        if (rc && !vo_st_autocommit(dest)) /* SQLite's stays open after a failed commit */
            vo_st_exec_sql(dest, "ROLLBACK", "rollback", NULL);
        /* the planners' statistics of the new rows (SQLite's sqlite_stat1
         * is not copied); a failure leaves them to be gathered later */
        if (!rc)
            vo_st_exec_sql(dest, "ANALYZE", "analyze", NULL);
    } else if (dest_tx)
        vo_st_exec_sql(dest, copy ? "ROLLBACK" : "COMMIT", "rollback", NULL);
    if (src_tx)
        vo_st_exec_sql(src, "COMMIT", "read", NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    out->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    g_free(sums);
    g_checksum_free(ck);
    g_ptr_array_free(aside.pairs, TRUE);
    g_ptr_array_free(order, TRUE);
    g_ptr_array_free(sources, TRUE);
    if (from)
        g_hash_table_destroy(from);
    if (to)
        g_hash_table_destroy(to);
    return rc;
}
