/*
 * pg_copy.c - new rows on PostgreSQL sent by COPY: bulk mode's (the demo
 * generator, vo_store_bulk_mode) and the import's (vo_store_copy_mode).
 *
 * Both write thousands of new rows, one INSERT each: on PostgreSQL each
 * would be a round trip to the server. While the queue is on, an INSERT of
 * a new row is queued instead, as a line of COPY's text format in its
 * table's buffer, and the buffers go to the server as one COPY FROM STDIN
 * per table:
 *
 *   - before any other statement runs on the connection (a read sees every
 *     row written before it, as without the queue), before COMMIT, when the
 *     queue passes QUEUE_BYTES, and when the queue is turned off; a
 *     ROLLBACK throws the queue away;
 *   - tables in the order of their foreign keys (a table after those it
 *     references), read from the catalogue once; a row referencing its own
 *     table is checked at the end of its COPY, as an INSERT's would be;
 *   - a table with an id gets its ids ahead, from its identity sequence in
 *     blocks (nextval, so other connections never get the same ones):
 *     vo_last_id is the queued row's id at once, as RETURNING id would give;
 *   - a COPY of deals or stage changes runs with voronka.bulk set, so the
 *     triggers of stage_since leave its rows alone (migration 34: their
 *     update per row made such a COPY 15 times slower); after the flush one
 *     statement sets the stage_since of every deal it wrote or moved;
 *   - so does the COPY of any table with org_id (deals and stage changes:
 *     those above), so the triggers of the dataset's stamp (migration 35)
 *     leave its rows alone too (an upsert of the org's one row per copied
 *     row); the flush then raises the stamp of each org it wrote, once. A
 *     COPY without org_id among its columns (orgs') keeps its triggers.
 *
 * Queued: an INSERT INTO t(columns) VALUES($1, ..., $n), each parameter in
 * order, with no ON CONFLICT clause, or with one when the caller said the
 * row is new (st->pg_new_row: the upsert's bulk path, an upsert the caller
 * knows is new, or one that found no row, vo_st_upsert). A row that breaks
 * a constraint fails its table's COPY, with PostgreSQL's message (which
 * names the table and the line), at the statement or COMMIT that flushed
 * it; the transaction then rolls back whole, as it would have at the
 * INSERT.
 */
#include "store/store_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The queue's size that makes it go to the server: large enough that a
 * COPY carries thousands of rows, small enough to bound the memory. */
#define QUEUE_BYTES (16u << 20)
/* Ids taken from a sequence at a time: the first block small (a bulk
 * write of a few rows wastes few ids), doubling up to the largest. */
#define ID_BLOCK_FIRST 64
#define ID_BLOCK_MAX   16384

struct copy_table {
    char *name;
    char *copy;    /* "COPY t(id, cols) FROM STDIN" */
    GString *rows; /* queued, COPY's text format */
    unsigned order;
    bool done;     /* flushed in this round (the order's walk) */
    int deal_col;  /* the value that is a deal's id (deals: the id given, 0; stage_changes:
                    * deal_id, n > 0), -1 none: its deal's stage_since is the flush's to set */
    int org_col;   /* the value that is the row's org_id (n > 0: the n-th), -1 none */
    bool bulk;     /* its COPY runs with voronka.bulk set: the flush does its triggers' work */
    GArray *deals; /* the queued rows' (org, deal) pairs, int64 each */
    GArray *orgs;  /* the queued rows' orgs (bulk), int64 each, a run of one org once */
    int64_t *ids;  /* taken from the sequence, not yet given */
    size_t nids, next, block;
};

struct vo_pg_copy {
    GHashTable *tables; /* "t(cols)" -> struct copy_table */
    GHashTable *refs;   /* table -> GPtrArray of the tables its foreign keys reference */
    GArray *since_org, *since_deal; /* the deals whose stage_since the flush sets */
    GArray *seq_orgs;               /* the orgs whose dataset stamp the flush raises */
    size_t bytes;                   /* queued in every table */
    unsigned order;                 /* tables queued since the last flush */
};

static void table_free(gpointer p)
{
    struct copy_table *t = p;
    g_free(t->name);
    g_free(t->copy);
    g_string_free(t->rows, TRUE);
    g_array_free(t->deals, TRUE);
    g_array_free(t->orgs, TRUE);
    g_free(t->ids);
    g_free(t);
}

vo_err vo_pg_copy_begin(struct vo_store *st, struct vo_error *e)
{
    (void)e;
    if (st->pg_copy)
        return VO_OK;
    struct vo_pg_copy *c = g_new0(struct vo_pg_copy, 1);
    c->tables = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, table_free);
    c->since_org = g_array_new(FALSE, FALSE, sizeof(int64_t));
    c->since_deal = g_array_new(FALSE, FALSE, sizeof(int64_t));
    c->seq_orgs = g_array_new(FALSE, FALSE, sizeof(int64_t));
    st->pg_copy = c;
    return VO_OK;
}

void vo_pg_copy_discard(struct vo_store *st)
{
    struct vo_pg_copy *c = st->pg_copy;
    if (!c)
        return;
    GHashTableIter it;
    gpointer v;
    g_hash_table_iter_init(&it, c->tables);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        struct copy_table *t = v;
        g_string_truncate(t->rows, 0);
        g_array_set_size(t->deals, 0);
        g_array_set_size(t->orgs, 0);
        t->order = 0;
        /* ids taken stay valid: a sequence never gives them again */
    }
    c->bytes = 0;
    c->order = 0;
}

void vo_pg_copy_end(struct vo_store *st)
{
    struct vo_pg_copy *c = st->pg_copy;
    if (!c)
        return;
    g_hash_table_destroy(c->tables);
    if (c->refs)
        g_hash_table_destroy(c->refs);
    g_array_free(c->since_org, TRUE);
    g_array_free(c->since_deal, TRUE);
    g_array_free(c->seq_orgs, TRUE);
    g_free(c);
    st->pg_copy = NULL;
}

vo_err vo_pg_copy_finish(struct vo_store *st, struct vo_error *e)
{
    if (!st->pg_copy)
        return VO_OK;
    /* what is left is sent inside its transaction; outside one there is
     * none (COMMIT sent it, ROLLBACK dropped it) */
    vo_err rc = !vo_pg_autocommit(st) && vo_pg_copy_flush(st) ? vo_pg_fail(st, "write", e) : VO_OK;
    vo_pg_copy_end(st);
    return rc;
}

/* The skip of spaces, and whether p starts with the word w (any case). */
static const char *space(const char *p)
{
    while (isspace((unsigned char)*p))
        p++;
    return p;
}

static bool word(const char *p, const char *w)
{
    size_t n = strlen(w);
    return g_ascii_strncasecmp(p, w, n) == 0 && !isalnum((unsigned char)p[n]) && p[n] != '_';
}

/* Whether the translated INSERT sql can be queued: "INSERT INTO t(cols)
 * VALUES($1, ..., $n)", then nothing, ON CONFLICT ... or RETURNING id.
 * *key gets "t(cols)" (g_free), *name t's length in it, *conflict whether
 * an ON CONFLICT clause follows. */
bool vo_pg_copy_form(const char *sql, int nparams, char **key, size_t *name, bool *conflict)
{
    const char *p = space(sql);
    if (!word(p, "INSERT"))
        return false;
    p = space(p + 6);
    if (!word(p, "INTO"))
        return false;
    p = space(p + 4);
    const char *t = p;
    while (isalnum((unsigned char)*p) || *p == '_')
        p++;
    size_t tn = (size_t)(p - t);
    p = space(p);
    if (!tn || *p != '(')
        return false;
    const char *cols = p++;
    while (*p && *p != ')' && *p != '(' && *p != '\'' && *p != '"')
        p++;
    if (*p != ')')
        return false;
    const char *cols_end = ++p;
    p = space(p);
    if (!word(p, "VALUES"))
        return false;
    p = space(p + 6);
    if (*p++ != '(')
        return false;
    for (int i = 1; i <= nparams; i++) {
        char want[16];
        int n = snprintf(want, sizeof want, "$%d", i);
        p = space(p);
        if (strncmp(p, want, (size_t)n) != 0 || isdigit((unsigned char)p[n]))
            return false;
        p = space(p + n);
        if (*p != (i == nparams ? ')' : ','))
            return false;
        p++;
    }
    if (nparams < 1)
        return false;
    p = space(p);
    *conflict = word(p, "ON");
    if (!*conflict && *p && !word(p, "RETURNING"))
        return false;
    GString *k = g_string_new_len(t, (gssize)tn);
    g_string_append_len(k, space(cols), (gssize)(cols_end - space(cols)));
    *name = tn;
    *key = g_string_free(k, FALSE);
    return true;
}

/* The foreign keys of the schema: table -> the tables it references. */
static GHashTable *read_refs(struct vo_store *st)
{
    GHashTable *refs =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
    PGresult *r = PQexec(st->pg, "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text "
                                 "FROM pg_constraint c WHERE c.contype = 'f' AND "
                                 "c.connamespace = current_schema()::regnamespace");
    if (PQresultStatus(r) == PGRES_TUPLES_OK)
        for (int i = 0; i < PQntuples(r); i++) {
            GPtrArray *to = g_hash_table_lookup(refs, PQgetvalue(r, i, 0));
            if (!to) {
                to = g_ptr_array_new_with_free_func(g_free);
                g_hash_table_insert(refs, g_strdup(PQgetvalue(r, i, 0)), to);
            }
            g_ptr_array_add(to, g_strdup(PQgetvalue(r, i, 1)));
        }
    PQclear(r);
    return refs;
}

/* Sends one table's queue as a COPY; 0, or SQLITE_ERROR with the error
 * kept (vo_pg_keep_error). */
static int send_table(struct vo_store *st, struct copy_table *t)
{
    /* the rows that name a deal: its stage_since is set after the flush,
     * once, not by a trigger's update per row (migration 34); the stamp of
     * the rows' orgs is raised after it (migration 35) */
    bool since = t->deal_col >= 0 && t->bulk;
    if (t->bulk)
        PQclear(PQexec(st->pg, "SET voronka.bulk = 'on'"));
    PGresult *r = PQexec(st->pg, t->copy);
    if (PQresultStatus(r) != PGRES_COPY_IN) {
        vo_pg_keep_error(st, r);
        PQclear(r);
        return SQLITE_ERROR;
    }
    PQclear(r);
    int ok = PQputCopyData(st->pg, t->rows->str, (int)t->rows->len) == 1;
    ok = PQputCopyEnd(st->pg, ok ? NULL : "the rows could not be sent") == 1 && ok;
    int rc = 0;
    while ((r = PQgetResult(st->pg))) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK && !rc) {
            vo_pg_keep_error(st, r);
            rc = SQLITE_ERROR;
        }
        PQclear(r);
    }
    if (!ok && !rc) {
        vo_pg_keep_error(st, NULL);
        rc = SQLITE_ERROR;
    }
    /* (in a transaction that failed, its rollback undoes the SET) */
    if (t->bulk)
        PQclear(PQexec(st->pg, "RESET voronka.bulk"));
    struct vo_pg_copy *c = st->pg_copy;
    if (!rc && since) {
        for (guint i = 0; i + 1 < t->deals->len; i += 2) {
            g_array_append_val(c->since_org, g_array_index(t->deals, int64_t, i));
            g_array_append_val(c->since_deal, g_array_index(t->deals, int64_t, i + 1));
        }
    }
    if (!rc)
        g_array_append_vals(c->seq_orgs, t->orgs->data, t->orgs->len);
    g_string_truncate(t->rows, 0);
    g_array_set_size(t->deals, 0);
    g_array_set_size(t->orgs, 0);
    t->order = 0;
    return rc;
}

/* The stage_since of the deals the flush wrote or whose stage changes it
 * wrote (the triggers' work, left to here), as SQLite's bulk mode sets it
 * (VO_ST_STAGE_SINCE). */
static const char SQL_SINCE[] = VO_ST_STAGE_SINCE(
    "WHERE (org_id, id) IN (SELECT o, d FROM unnest($1::bigint[], $2::bigint[]) AS t(o, d))");

static void int_array(GString *g, const GArray *a)
{
    g_string_assign(g, "{");
    for (guint i = 0; i < a->len; i++)
        g_string_append_printf(g, "%s%lld", i ? "," : "", (long long)g_array_index(a, int64_t, i));
    g_string_append_c(g, '}');
}

/* Runs sql with its n array parameters (int_array's texts); 0, or
 * SQLITE_ERROR with PostgreSQL's error kept for the caller. */
static int run_arrays(struct vo_store *st, const char *sql, int n, const char *const *params)
{
    PGresult *r = PQexecParams(st->pg, sql, n, NULL, params, NULL, NULL, 0);
    int rc = 0;
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        vo_pg_keep_error(st, r);
        rc = SQLITE_ERROR;
    }
    PQclear(r);
    return rc;
}

/* (Its update of each deal would raise the dataset's stamp of the deal's
 * org once per deal; raise_stamps does it once, the deals' orgs being
 * among the flush's: hence voronka.bulk.) */
static int set_since(struct vo_store *st)
{
    struct vo_pg_copy *c = st->pg_copy;
    if (!c->since_deal->len)
        return 0;
    GString *orgs = g_string_new(NULL), *deals = g_string_new(NULL);
    int_array(orgs, c->since_org);
    int_array(deals, c->since_deal);
    const char *params[2] = {orgs->str, deals->str};
    PQclear(PQexec(st->pg, "SET voronka.bulk = 'on'"));
    int rc = run_arrays(st, SQL_SINCE, 2, params);
    PQclear(PQexec(st->pg, "RESET voronka.bulk"));
    g_string_free(orgs, TRUE);
    g_string_free(deals, TRUE);
    return rc;
}

/* The dataset's stamp (migration 35) of every org the flush wrote, raised
 * once: what the triggers the COPY's voronka.bulk silenced would have
 * done row by row. */
static const char SQL_RAISE_STAMPS[] =
    "INSERT INTO dataset_seq(org_id, seq) SELECT DISTINCT o, 1 FROM unnest($1::bigint[]) AS t(o) "
    "ON CONFLICT (org_id) DO UPDATE SET seq = dataset_seq.seq + 1";

static int raise_stamps(struct vo_store *st)
{
    struct vo_pg_copy *c = st->pg_copy;
    if (!c->seq_orgs->len)
        return 0;
    GString *orgs = g_string_new(NULL);
    int_array(orgs, c->seq_orgs);
    const char *params[1] = {orgs->str};
    int rc = run_arrays(st, SQL_RAISE_STAMPS, 1, params);
    g_string_free(orgs, TRUE);
    return rc;
}

/* Whether table name has queued rows not yet sent in this round. */
static struct copy_table *pending(struct vo_pg_copy *c, const char *name)
{
    GHashTableIter it;
    gpointer v;
    g_hash_table_iter_init(&it, c->tables);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        struct copy_table *t = v;
        if (t->order && !t->done && strcmp(t->name, name) == 0)
            return t;
    }
    return NULL;
}

/* Whether t can go now: no table it references (but itself) waits. */
static bool ready(struct vo_pg_copy *c, const struct copy_table *t)
{
    GPtrArray *to = g_hash_table_lookup(c->refs, t->name);
    for (guint i = 0; to && i < to->len; i++)
        if (strcmp(to->pdata[i], t->name) != 0 && pending(c, to->pdata[i]))
            return false;
    return true;
}

int vo_pg_copy_flush(struct vo_store *st)
{
    struct vo_pg_copy *c = st->pg_copy;
    if (!c || !c->bytes)
        return 0;
    if (!c->refs)
        c->refs = read_refs(st);
    GPtrArray *queued = g_ptr_array_new();
    GHashTableIter it;
    gpointer v;
    g_hash_table_iter_init(&it, c->tables);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        struct copy_table *t = v;
        t->done = t->order == 0;
        if (t->order)
            g_ptr_array_add(queued, t);
    }
    int rc = 0;
    for (guint left = queued->len; left && !rc;) {
        /* the first queued (in the order of their first rows) that is
         * ready; none ready (foreign keys in a cycle): the first queued */
        struct copy_table *next = NULL, *first = NULL;
        for (guint i = 0; i < queued->len; i++) {
            struct copy_table *t = queued->pdata[i];
            if (t->done)
                continue;
            if (!first || t->order < first->order)
                first = t;
            if (ready(c, t) && (!next || t->order < next->order))
                next = t;
        }
        next = next ? next : first;
        rc = send_table(st, next);
        next->done = true;
        left--;
    }
    g_ptr_array_free(queued, TRUE);
    if (!rc)
        rc = set_since(st);
    if (!rc)
        rc = raise_stamps(st);
    /* the flush's deals and orgs, done or not (a failure rolls their rows
     * back) */
    g_array_set_size(c->since_org, 0);
    g_array_set_size(c->since_deal, 0);
    g_array_set_size(c->seq_orgs, 0);
    if (rc)
        vo_pg_copy_discard(st);
    c->bytes = 0;
    c->order = 0;
    return rc;
}

/* The next id of table t, taken from its sequence a block at a time; 0
 * with the error kept on failure. */
static int64_t next_id(struct vo_store *st, struct copy_table *t)
{
    if (t->next == t->nids) {
        t->block =
            t->block ? (t->block < ID_BLOCK_MAX ? t->block * 2 : ID_BLOCK_MAX) : ID_BLOCK_FIRST;
        char count[24];
        snprintf(count, sizeof count, "%zu", t->block);
        const char *params[2] = {t->name, count};
        PGresult *r = PQexecParams(st->pg,
                                   "SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM "
                                   "generate_series(1, $2::int)",
                                   2, NULL, params, NULL, NULL, 0);
        if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) < 1) {
            vo_pg_keep_error(st, r);
            PQclear(r);
            return 0;
        }
        t->nids = (size_t)PQntuples(r);
        t->ids = g_renew(int64_t, t->ids, t->nids);
        for (size_t i = 0; i < t->nids; i++)
            t->ids[i] = strtoll(PQgetvalue(r, (int)i, 0), NULL, 10);
        t->next = 0;
        PQclear(r);
    }
    return t->ids[t->next++];
}

void vo_pg_copy_text(GString *g, const void *v, size_t n, bool bytea)
{
    const unsigned char *p = v;
    if (bytea) {
        /* bytea's input \x and hex, its backslash doubled for COPY */
        static const char hex[] = "0123456789abcdef";
        g_string_append(g, "\\\\x");
        for (size_t k = 0; k < n; k++) {
            g_string_append_c(g, hex[p[k] >> 4]);
            g_string_append_c(g, hex[p[k] & 15]);
        }
        return;
    }
    for (size_t k = 0; k < n; k++) {
        unsigned char ch = p[k];
        if (ch == '\\')
            g_string_append(g, "\\\\");
        else if (ch == '\n')
            g_string_append(g, "\\n");
        else if (ch == '\r')
            g_string_append(g, "\\r");
        else if (ch == '\t')
            g_string_append(g, "\\t");
        else
            g_string_append_c(g, (char)ch);
    }
}

/* Which of the columns cols ("(a, b)") is col: n > 0 the n-th; -1 none. */
static int col_of(const char *cols, const char *col)
{
    int n = 1;
    for (const char *p = cols + 1; *p; n++) {
        p = space(p);
        if (word(p, col))
            return n;
        p = strchr(p, ',');
        if (!p)
            break;
        p++;
    }
    return -1;
}

/* Which value of a queued row of table name (columns cols) is a deal's
 * id whose stage_since its rows decide: 0 the id given to a deal, n > 0
 * the n-th parameter (stage_changes' deal_id); -1 none. */
static int deal_col(const char *name, const char *cols, bool with_id)
{
    if (strcmp(name, "deals") == 0)
        return with_id ? 0 : -1;
    if (strcmp(name, "stage_changes") != 0)
        return -1;
    return col_of(cols, "deal_id");
}

int vo_pg_copy_row(struct vo_store *st, const char *key, size_t name, bool with_id, int n,
                   char *const *values, const int *lengths, const int *formats)
{
    struct vo_pg_copy *c = st->pg_copy;
    struct copy_table *t = g_hash_table_lookup(c->tables, key);
    if (!t) {
        t = g_new0(struct copy_table, 1);
        t->name = g_strndup(key, name);
        const char *cols = key + name; /* "(a, b)" */
        t->copy = with_id ? g_strdup_printf("COPY %s(id, %s FROM STDIN", t->name, cols + 1)
                          : g_strdup_printf("COPY %s%s FROM STDIN", t->name, cols);
        t->rows = g_string_sized_new(4096);
        t->deals = g_array_new(FALSE, FALSE, sizeof(int64_t));
        t->orgs = g_array_new(FALSE, FALSE, sizeof(int64_t));
        t->deal_col = deal_col(t->name, cols, with_id);
        t->org_col = col_of(cols, "org_id");
        /* voronka.bulk silences the triggers of stage_since too: only
         * where the flush sets it (deals without their id given keep
         * theirs), and only with the rows' org known for their stamp */
        bool since_table = strcmp(t->name, "deals") == 0 || strcmp(t->name, "stage_changes") == 0;
        t->bulk = t->org_col > 0 && (t->deal_col >= 0 || !since_table);
        g_hash_table_insert(c->tables, g_strdup(key), t);
    }
    size_t before = t->rows->len;
    if (with_id) {
        int64_t id = next_id(st, t);
        if (!id)
            return SQLITE_ERROR;
        g_string_append_printf(t->rows, "%lld\t", (long long)id);
        st->pg_last_id = id;
    }
    for (int i = 0; i < n; i++) {
        if (i)
            g_string_append_c(t->rows, '\t');
        if (values[i])
            vo_pg_copy_text(t->rows, values[i], (size_t)lengths[i], formats[i] == 1);
        else
            g_string_append(t->rows, "\\N");
    }
    g_string_append_c(t->rows, '\n');
    const char *org_value = t->bulk && t->org_col <= n ? values[t->org_col - 1] : NULL;
    int64_t org = org_value ? strtoll(org_value, NULL, 10) : 0;
    if (org && (!t->orgs->len || g_array_index(t->orgs, int64_t, t->orgs->len - 1) != org))
        g_array_append_val(t->orgs, org);
    if (t->deal_col >= 0 && org) {
        /* (org, deal): the id given (deals), or the deal_id value */
        int64_t pair[2] = {org, st->pg_last_id};
        if (t->deal_col > 0)
            pair[1] = values[t->deal_col - 1] ? strtoll(values[t->deal_col - 1], NULL, 10) : 0;
        if (pair[1])
            g_array_append_vals(t->deals, pair, 2);
    }
    if (!t->order)
        t->order = ++c->order;
    c->bytes += t->rows->len - before;
    st->pg_changes = 1;
    return c->bytes >= QUEUE_BYTES ? vo_pg_copy_flush(st) : 0;
}
