/*
 * crm_sync_map.c - what a sync run reads from amoCRM's and Bitrix24's REST
 * APIs, turned into the rows of voronka's import format (crm_sync.h;
 * docs/sync.md, "What is read, and how it maps").
 *
 * The rows are those a preset makes of the same CRM's CSV export
 * (src/io/presets/amocrm.json, bitrix24.json), so a deal imported from the
 * export and later synced is the same deal: its id is the CRM's id, its
 * client the company's name, its owner the responsible user (by email,
 * which the APIs give and the exports do not: the import then matches a
 * user known by name and gives them the email). Won and lost come from the
 * CRM's own semantics (amoCRM's statuses 142 and 143; Bitrix24's
 * STAGE_SEMANTIC_ID S and F), not from stage names.
 */
#include "service/crm_sync.h"

#include <glib.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "io/rest_get.h"

/* ---- the tables ---- */

/* A table of the import format being filled: a name for messages (the
 * API list the rows came from), its target file, its columns. */
struct tab {
    struct vo_arena *a;
    struct vo_csv *t;
    GArray *rows;     /* struct vo_csv_row */
    GHashTable *keys; /* distinct: the first column's values seen */
};

static void tab_init(struct tab *tb, struct vo_arena *a, const char *name, const char *target,
                     const char *const *cols, bool distinct)
{
    tb->a = a;
    tb->t = vo_arena_array(a, 1, sizeof *tb->t);
    size_t n = 0;
    while (cols[n])
        n++;
    if (tb->t) {
        tb->t->name = name;
        tb->t->target = target;
        tb->t->ncols = n;
        tb->t->cols = (const char **)cols;
        tb->t->delim = ',';
        tb->t->encoding = "utf-8";
    }
    tb->rows = g_array_new(FALSE, FALSE, sizeof(struct vo_csv_row));
    tb->keys = distinct ? g_hash_table_new(g_str_hash, g_str_equal) : NULL;
}

/* Adds a row of the table's ncols values (v holds n: a row of another
 * width is a bug, and is dropped; copied; NULL or "" = empty); a
 * distinct table keeps the first row of each first value. TAB_ADD gives
 * n from the array. */
static void tab_add(struct tab *tb, const char *const *v, size_t n)
{
    if (!tb->t || n != tb->t->ncols || n == 0)
        return;
    if (tb->keys) {
        if (!v[0] || g_hash_table_contains(tb->keys, v[0]))
            return;
        g_hash_table_add(tb->keys, vo_arena_strdup(tb->a, v[0]));
    }
    struct vo_csv_row r = {.line = (int64_t)tb->rows->len + 2};
    r.f = vo_arena_array(tb->a, n, sizeof *r.f);
    if (!r.f)
        return;
    for (size_t i = 0; i < n; i++)
        r.f[i] = v[i] && v[i][0] ? vo_arena_strdup(tb->a, v[i]) : NULL;
    g_array_append_val(tb->rows, r);
}

#define TAB_ADD(tb, row) tab_add((tb), (row), G_N_ELEMENTS(row))

/* The finished table, its rows in the arena; adds it to rd when it has
 * any. */
static void tab_done(struct tab *tb, struct vo_sync_read *rd)
{
    if (tb->t && tb->rows->len) {
        tb->t->nrows = tb->rows->len;
        tb->t->rows = vo_arena_array(tb->a, tb->rows->len, sizeof *tb->t->rows);
        if (tb->t->rows) {
            memcpy(tb->t->rows, tb->rows->data, tb->rows->len * sizeof *tb->t->rows);
            rd->tables[rd->ntables++] = tb->t;
        }
    }
    g_array_free(tb->rows, TRUE);
    if (tb->keys)
        g_hash_table_destroy(tb->keys);
}

static const char *const USERS_COLS[] = {"name", "email", NULL};
static const char *const PIPES_COLS[] = {"pipeline", "stage", "position", NULL};
static const char *const CLIENTS_COLS[] = {"id", "name", NULL};
static const char *const DEALS_COLS[] = {
    "id",         "title",     "owner",       "pipeline", "stage",  "status", "amount",
    "created_at", "closed_at", "loss_reason", "client",   "source", NULL};
static const char *const MOVES_COLS[] = {"deal", "stage", "at", NULL};

/* The run's five tables, in the import's order. */
struct tabs {
    struct tab users, pipes, clients, deals, moves;
};

static void tabs_init(struct tabs *ts, struct vo_arena *a, const char *crm)
{
    tab_init(&ts->users, a, vo_arena_printf(a, "%s: users", crm), "users.csv", USERS_COLS, true);
    tab_init(&ts->pipes, a, vo_arena_printf(a, "%s: pipelines", crm), "pipelines.csv", PIPES_COLS,
             false);
    tab_init(&ts->clients, a, vo_arena_printf(a, "%s: companies", crm), "clients.csv", CLIENTS_COLS,
             true);
    tab_init(&ts->deals, a, vo_arena_printf(a, "%s: deals", crm), "deals.csv", DEALS_COLS, false);
    tab_init(&ts->moves, a, vo_arena_printf(a, "%s: stage history", crm), "stage_changes.csv",
             MOVES_COLS, false);
}

static void tabs_done(struct tabs *ts, struct vo_sync_read *rd)
{
    tab_done(&ts->users, rd);
    tab_done(&ts->pipes, rd);
    tab_done(&ts->clients, rd);
    tab_done(&ts->deals, rd);
    tab_done(&ts->moves, rd);
}

/* ---- JSON and time ---- */

/* A member as text: a string as is, an integer or a real printed, else
 * NULL. The text is in a. */
static const char *jtext(struct vo_arena *a, const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v))
        return vo_arena_printf(a, "%lld", (long long)json_integer_value(v));
    if (json_is_real(v))
        return vo_arena_printf(a, "%.2f", json_real_value(v));
    return NULL;
}

/* jtext copied into a: for what outlives the page it came from. */
static const char *jdup(struct vo_arena *a, const json_t *o, const char *key)
{
    const char *s = jtext(a, o, key);
    return s ? vo_arena_strdup(a, s) : NULL;
}

static int64_t jint(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    if (json_is_integer(v))
        return (int64_t)json_integer_value(v);
    if (json_is_string(v))
        return g_ascii_strtoll(json_string_value(v), NULL, 10);
    return 0;
}

/* UTC seconds as the import's ISO text ("2026-03-01T09:30:00Z"). */
static const char *iso(struct vo_arena *a, int64_t t)
{
    if (t <= 0)
        return NULL;
    GDateTime *d = g_date_time_new_from_unix_utc(t);
    if (!d)
        return NULL;
    char *s = g_date_time_format(d, "%Y-%m-%dT%H:%M:%SZ");
    const char *out = vo_arena_strdup(a, s);
    g_free(s);
    g_date_time_unref(d);
    return out;
}

/* Bitrix24's ISO 8601 text ("2026-03-01T12:30:00+03:00") as UTC seconds,
 * 0 when it is not one. */
static int64_t from_iso(const char *s)
{
    if (!s || !*s)
        return 0;
    GDateTime *d = g_date_time_new_from_iso8601(s, NULL);
    if (!d)
        return 0;
    int64_t t = g_date_time_to_unix(d);
    g_date_time_unref(d);
    return t;
}

/* Orders JSON objects by the integer member named by key (the CRMs'
 * "sort" / "SORT"), then by id. */
static gint by_sort(gconstpointer x, gconstpointer y, gpointer key)
{
    const json_t *a = *(const json_t *const *)x, *b = *(const json_t *const *)y;
    int64_t sa = jint(a, key), sb = jint(b, key);
    if (sa != sb)
        return sa < sb ? -1 : 1;
    int64_t ia = jint(a, "id"), ib = jint(b, "id");
    return ia < ib ? -1 : ia > ib;
}

/* The owner's reference in the deals (email, else name) and their row of
 * users.csv; NULL without either. */
static const char *owner_ref(struct tabs *ts, const char *name, const char *email)
{
    if (!name || !*name)
        return email;
    const char *row[] = {name, email};
    TAB_ADD(&ts->users, row);
    return email && *email ? email : name;
}

/* A list's id -> name, for the companies of both CRMs: the members
 * named id and name of each item, copied into a. */
struct names {
    struct vo_arena *a;
    GHashTable *h; /* id text -> name */
    const char *id, *name;
};

static vo_err name_of(void *ctx, const json_t *item, struct vo_error *e)
{
    (void)e;
    struct names *n = ctx;
    const char *id = jdup(n->a, item, n->id), *name = jdup(n->a, item, n->name);
    if (id && name)
        g_hash_table_insert(n->h, (gpointer)id, (gpointer)name);
    return VO_OK;
}

/* The deals' client placeholders ("\x01" and the company's id, text) as
 * the companies' names (companies: id text -> name), and their rows of
 * clients.csv; a company the account no longer has leaves no client. */
static void clients_resolve(struct tabs *ts, GHashTable *companies)
{
    struct tab *d = &ts->deals;
    const size_t ci = 10; /* DEALS_COLS' "client" */
    for (size_t r = 0; r < d->rows->len; r++) {
        struct vo_csv_row *row = &g_array_index(d->rows, struct vo_csv_row, r);
        const char *c = row->f[ci];
        if (!c || c[0] != '\x01')
            continue;
        const char *name = g_hash_table_lookup(companies, c + 1);
        row->f[ci] = name;
        if (name) {
            const char *crow[] = {name, name};
            TAB_ADD(&ts->clients, crow);
        }
    }
}

/* head and `param=ID` for the ids i.. i+49 of ids (placeholders: "\x01"
 * and the id), "&" between; g_free it. */
static char *ids_batch(GPtrArray *ids, size_t i, const char *head, const char *param)
{
    GString *q = g_string_new(head);
    for (size_t j = i; j < ids->len && j < i + 50; j++)
        g_string_append_printf(q, "%s%s=%s", j > i ? "&" : "", param,
                               (const char *)g_ptr_array_index(ids, j) + 1);
    return g_string_free(q, FALSE);
}

/* ---- the calls ---- */

/* GETs url and counts the call; a NULL *out is an empty answer. */
static vo_err get(struct vo_sync_read *rd, const char *url, const char *token, json_t **out,
                  struct vo_error *e)
{
    rd->requests++;
    return vo_rest_get(url, token, out, e);
}

/* A list's next page does not come: the answer runs past the bound. */
static vo_err too_many_pages(const char *what, struct vo_error *e)
{
    return vo_error_set(e, VO_ETOOBIG, NULL, "%s: more than %d pages in one run", what,
                        VO_SYNC_PAGES_MAX);
}

/* amoCRM: every page of base+path ("?" already in it) from
 * _embedded.<key>, each item handed to fn. Pages of 250 (the API's most);
 * the list ends with an empty answer (204) or with no _links.next. */
typedef vo_err (*amo_item_fn)(void *ctx, const json_t *item, struct vo_error *e);

static vo_err amo_pages(struct vo_sync_read *rd, const char *base, const char *token,
                        const char *path, const char *key, amo_item_fn fn, void *ctx,
                        struct vo_error *e)
{
    for (int page = 1;; page++) {
        if (page > VO_SYNC_PAGES_MAX)
            return too_many_pages(key, e);
        char *url = g_strdup_printf("%s%s&limit=250&page=%d", base, path, page);
        json_t *j = NULL;
        vo_err rc = get(rd, url, token, &j, e);
        g_free(url);
        if (rc)
            return rc;
        if (!j)
            return VO_OK;
        const json_t *items = json_object_get(json_object_get(j, "_embedded"), key);
        size_t i;
        const json_t *it;
        json_array_foreach(items, i, it)
        {
            if ((rc = fn(ctx, it, e))) {
                json_decref(j);
                return rc;
            }
        }
        bool more = json_object_get(json_object_get(json_object_get(j, "_links"), "next"),
                                    "href") != NULL &&
                    json_array_size(items) > 0;
        json_decref(j);
        if (!more)
            return VO_OK;
    }
}

/* ---- amoCRM ---- */

#define AMO_WON  142
#define AMO_LOST 143

struct amo {
    struct vo_arena *a;
    struct vo_sync_read *rd;
    struct tabs ts;
    GHashTable *users;      /* id -> json user (borrowed from users_j) */
    GHashTable *statuses;   /* status id -> stage name (open stages only) */
    GHashTable *pipes;      /* pipeline id -> name */
    GHashTable *leads;      /* the ids of the leads read (as text) */
    struct names companies; /* company id (text) -> name */
    GPtrArray *company_ids; /* the ids to look up (text) */
    json_t *users_j;
    const char *base, *token;
};

static gint64 *key64(struct vo_arena *a, int64_t v)
{
    gint64 *k = vo_arena_array(a, 1, sizeof *k);
    if (k)
        *k = v;
    return k;
}

static vo_err amo_user(void *ctx, const json_t *u, struct vo_error *e)
{
    (void)e;
    struct amo *am = ctx;
    json_array_append(am->users_j, (json_t *)u);
    gint64 *k = key64(am->a, jint(u, "id"));
    if (k)
        g_hash_table_insert(am->users, k, (gpointer)u);
    return VO_OK;
}

/* A pipeline and its open stages in their order (won and lost are the
 * deals' statuses, not stages). */
static vo_err amo_pipeline(void *ctx, const json_t *p, struct vo_error *e)
{
    (void)e;
    struct amo *am = ctx;
    const char *name = jdup(am->a, p, "name");
    gint64 *pk = key64(am->a, jint(p, "id"));
    if (!name || !pk)
        return VO_OK;
    g_hash_table_insert(am->pipes, pk, (gpointer)name);
    const json_t *sts = json_object_get(json_object_get(p, "_embedded"), "statuses");
    size_t n = json_array_size(sts), k = 0;
    const json_t **v = vo_arena_array(am->a, n ? n : 1, sizeof *v);
    if (!v)
        return VO_OK;
    for (size_t i = 0; i < n; i++) {
        const json_t *s = json_array_get(sts, i);
        int64_t id = jint(s, "id");
        if (id != AMO_WON && id != AMO_LOST && jtext(am->a, s, "name"))
            v[k++] = s;
    }
    g_qsort_with_data(v, (gint)k, sizeof *v, by_sort, "sort");
    for (size_t i = 0; i < k; i++) {
        const char *stage = jdup(am->a, v[i], "name");
        const char *row[] = {name, stage, vo_arena_printf(am->a, "%zu", i + 1)};
        TAB_ADD(&am->ts.pipes, row);
        gint64 *sk = key64(am->a, jint(v[i], "id"));
        if (sk)
            g_hash_table_insert(am->statuses, sk, (gpointer)stage);
    }
    return VO_OK;
}

/* The responsible user's reference (owner_ref). */
static const char *amo_owner(struct amo *am, int64_t id)
{
    const json_t *u = g_hash_table_lookup(am->users, &id);
    return u ? owner_ref(&am->ts, jtext(am->a, u, "name"), jtext(am->a, u, "email")) : NULL;
}

static vo_err amo_lead(void *ctx, const json_t *l, struct vo_error *e)
{
    (void)e;
    struct amo *am = ctx;
    struct vo_arena *a = am->a;
    int64_t id = jint(l, "id"), status = jint(l, "status_id"), pipe = jint(l, "pipeline_id");
    int64_t updated = jint(l, "updated_at");
    const char *sid = vo_arena_printf(a, "%lld", (long long)id);
    if (!sid)
        return VO_OK;
    g_hash_table_add(am->leads, (gpointer)sid);
    am->rd->deals++;
    if (updated > am->rd->cursor)
        am->rd->cursor = updated;
    bool closed = status == AMO_WON || status == AMO_LOST;
    int64_t closed_at = jint(l, "closed_at");
    if (closed && closed_at <= 0)
        closed_at = updated;
    const json_t *emb = json_object_get(l, "_embedded");
    const json_t *reason = json_array_get(json_object_get(emb, "loss_reason"), 0);
    const json_t *company = json_array_get(json_object_get(emb, "companies"), 0);
    /* the company's name is looked up after the leads (amo_clients): its
     * id stands in, marked */
    const char *client =
        company ? vo_arena_printf(a, "\x01%lld", (long long)jint(company, "id")) : NULL;
    if (client)
        g_ptr_array_add(am->company_ids, (gpointer)client);
    const char *row[] = {sid,
                         jtext(a, l, "name"),
                         amo_owner(am, jint(l, "responsible_user_id")),
                         g_hash_table_lookup(am->pipes, &pipe),
                         closed ? NULL : g_hash_table_lookup(am->statuses, &status),
                         status == AMO_WON    ? "won"
                         : status == AMO_LOST ? "lost"
                                              : "open",
                         jtext(a, l, "price"),
                         iso(a, jint(l, "created_at")),
                         closed ? iso(a, closed_at) : NULL,
                         status == AMO_LOST && reason ? jtext(a, reason, "name") : NULL,
                         client,
                         "amoCRM"};
    TAB_ADD(&am->ts.deals, row);
    return VO_OK;
}

/* A lead_status_changed event of a lead read: its passage into an open
 * stage. */
static vo_err amo_event(void *ctx, const json_t *ev, struct vo_error *e)
{
    (void)e;
    struct amo *am = ctx;
    const char *lead = vo_arena_printf(am->a, "%lld", (long long)jint(ev, "entity_id"));
    if (!lead || !g_hash_table_contains(am->leads, lead))
        return VO_OK;
    const json_t *after =
        json_object_get(json_array_get(json_object_get(ev, "value_after"), 0), "lead_status");
    int64_t status = jint(after, "id");
    const char *stage = g_hash_table_lookup(am->statuses, &status);
    if (!stage)
        return VO_OK;
    const char *row[] = {lead, stage, iso(am->a, jint(ev, "created_at"))};
    TAB_ADD(&am->ts.moves, row);
    am->rd->stage_changes++;
    return VO_OK;
}

/* The names of the companies the leads refer to, 50 ids a call; then each
 * deal's client and the companies' rows. */
static vo_err amo_clients(struct amo *am, struct vo_error *e)
{
    for (size_t i = 0; i < am->company_ids->len; i += 50) {
        char *path = ids_batch(am->company_ids, i, "/api/v4/companies?", "filter%5Bid%5D%5B%5D");
        vo_err rc =
            amo_pages(am->rd, am->base, am->token, path, "companies", name_of, &am->companies, e);
        g_free(path);
        if (rc)
            return rc;
    }
    clients_resolve(&am->ts, am->companies.h);
    return VO_OK;
}

vo_err vo_sync_read_amocrm(const char *base, const char *token, int64_t since, struct vo_arena *a,
                           struct vo_sync_read *rd, struct vo_error *e)
{
    struct amo am = {.a = a,
                     .rd = rd,
                     .base = base,
                     .token = token,
                     .users = g_hash_table_new(g_int64_hash, g_int64_equal),
                     .statuses = g_hash_table_new(g_int64_hash, g_int64_equal),
                     .pipes = g_hash_table_new(g_int64_hash, g_int64_equal),
                     .leads = g_hash_table_new(g_str_hash, g_str_equal),
                     .companies = {a, g_hash_table_new(g_str_hash, g_str_equal), "id", "name"},
                     .company_ids = g_ptr_array_new(),
                     .users_j = json_array()};
    tabs_init(&am.ts, a, "amoCRM");
    char *since_q =
        since > 0 ? g_strdup_printf("&filter%%5Bupdated_at%%5D%%5Bfrom%%5D=%lld", (long long)since)
                  : g_strdup("");
    char *leads =
        g_strdup_printf("/api/v4/leads?with=loss_reason&order%%5Bupdated_at%%5D=asc%s", since_q);
    char *events = since > 0
                       ? g_strdup_printf("/api/v4/events?filter%%5Btype%%5D=lead_status_changed"
                                         "&filter%%5Bcreated_at%%5D%%5Bfrom%%5D=%lld",
                                         (long long)since)
                       : g_strdup("/api/v4/events?filter%5Btype%5D=lead_status_changed");
    vo_err rc;
    if (!(rc = amo_pages(rd, base, token, "/api/v4/users?", "users", amo_user, &am, e)) &&
        !(rc = amo_pages(rd, base, token, "/api/v4/leads/pipelines?", "pipelines", amo_pipeline,
                         &am, e)) &&
        !(rc = amo_pages(rd, base, token, leads, "leads", amo_lead, &am, e)) &&
        !(rc = amo_clients(&am, e)) && g_hash_table_size(am.leads) > 0)
        rc = amo_pages(rd, base, token, events, "events", amo_event, &am, e);
    tabs_done(&am.ts, rd);
    g_free(since_q);
    g_free(leads);
    g_free(events);
    g_hash_table_destroy(am.users);
    g_hash_table_destroy(am.statuses);
    g_hash_table_destroy(am.pipes);
    g_hash_table_destroy(am.leads);
    g_hash_table_destroy(am.companies.h);
    g_ptr_array_free(am.company_ids, TRUE);
    json_decref(am.users_j);
    return rc;
}

/* ---- Bitrix24 ---- */

/* Bitrix24: every page of webhook+method ("?" and the parameters in it)
 * from result (or result.<key>), 50 a page, the next page's start in
 * "next". */
static vo_err bx_pages(struct vo_sync_read *rd, const char *webhook, const char *method,
                       const char *key, amo_item_fn fn, void *ctx, struct vo_error *e)
{
    int64_t start = 0;
    for (int page = 1;; page++) {
        if (page > VO_SYNC_PAGES_MAX)
            return too_many_pages(method, e);
        char *url = g_strdup_printf("%s%s&start=%lld", webhook, method, (long long)start);
        json_t *j = NULL;
        vo_err rc = get(rd, url, NULL, &j, e);
        g_free(url);
        if (rc)
            return rc;
        if (!j)
            return VO_OK;
        const json_t *res = json_object_get(j, "result");
        const json_t *items = key ? json_object_get(res, key) : res;
        size_t i;
        const json_t *it;
        json_array_foreach(items, i, it)
        {
            if ((rc = fn(ctx, it, e))) {
                json_decref(j);
                return rc;
            }
        }
        const json_t *next = json_object_get(j, "next");
        int64_t n = json_is_integer(next) ? (int64_t)json_integer_value(next) : 0;
        bool more = n > start && json_array_size(items) > 0;
        json_decref(j);
        if (!more)
            return VO_OK;
        start = n;
    }
}

struct bx {
    struct vo_arena *a;
    struct vo_sync_read *rd;
    struct tabs ts;
    const char *webhook;
    json_t *stages_j, *users_j;
    GHashTable *stages;     /* STATUS_ID -> name (open stages) */
    GHashTable *cat_names;  /* category id text -> name */
    GHashTable *users;      /* ID text -> json user */
    GHashTable *deals;      /* the ids of the deals read */
    struct names companies; /* company ID text -> TITLE */
    GPtrArray *company_ids; /* text */
    const char *cat;        /* the category whose stages are read */
};

static vo_err bx_category(void *ctx, const json_t *c, struct vo_error *e)
{
    (void)e;
    struct bx *b = ctx;
    const char *id = jdup(b->a, c, "id"), *name = jdup(b->a, c, "name");
    if (id && name)
        g_hash_table_insert(b->cat_names, (gpointer)id, (gpointer)name);
    return VO_OK;
}

static vo_err bx_stage(void *ctx, const json_t *s, struct vo_error *e)
{
    (void)e;
    struct bx *b = ctx;
    json_t *c = json_deep_copy(s);
    json_object_set_new(c, "_cat", json_string(b->cat));
    json_array_append_new(b->stages_j, c);
    return VO_OK;
}

static vo_err bx_user(void *ctx, const json_t *u, struct vo_error *e)
{
    (void)e;
    struct bx *b = ctx;
    json_array_append(b->users_j, (json_t *)u);
    const char *id = jdup(b->a, u, "ID");
    if (id)
        g_hash_table_insert(b->users, (gpointer)id, (gpointer)u);
    return VO_OK;
}

static const char *bx_owner(struct bx *b, const char *id)
{
    const json_t *u = id ? g_hash_table_lookup(b->users, id) : NULL;
    if (!u)
        return NULL;
    const char *first = jtext(b->a, u, "NAME"), *last = jtext(b->a, u, "LAST_NAME");
    const char *email = jtext(b->a, u, "EMAIL");
    char *name = g_strstrip(g_strdup_printf("%s %s", first ? first : "", last ? last : ""));
    const char *n = *name ? vo_arena_strdup(b->a, name) : NULL;
    g_free(name);
    return owner_ref(&b->ts, n, email);
}

static vo_err bx_deal(void *ctx, const json_t *d, struct vo_error *e)
{
    (void)e;
    struct bx *b = ctx;
    struct vo_arena *a = b->a;
    const char *id = jdup(a, d, "ID");
    if (!id)
        return VO_OK;
    g_hash_table_add(b->deals, (gpointer)id);
    b->rd->deals++;
    int64_t modified = from_iso(jtext(a, d, "DATE_MODIFY"));
    if (modified > b->rd->cursor)
        b->rd->cursor = modified;
    const char *sem = jtext(a, d, "STAGE_SEMANTIC_ID");
    bool won = sem && strcmp(sem, "S") == 0, lost = sem && strcmp(sem, "F") == 0;
    const char *closed_at = jtext(a, d, "CLOSEDATE");
    if ((won || lost) && !from_iso(closed_at))
        closed_at = jtext(a, d, "DATE_MODIFY");
    const char *cat = jtext(a, d, "CATEGORY_ID");
    const char *stage = jtext(a, d, "STAGE_ID");
    const char *company = jtext(a, d, "COMPANY_ID");
    const char *client = NULL;
    if (company && strcmp(company, "0") != 0) {
        client = vo_arena_printf(a, "\x01%s", company);
        g_ptr_array_add(b->company_ids, (gpointer)client);
    }
    const char *row[] = {id,
                         jtext(a, d, "TITLE"),
                         bx_owner(b, jtext(a, d, "ASSIGNED_BY_ID")),
                         g_hash_table_lookup(b->cat_names, cat ? cat : "0"),
                         won || lost || !stage ? NULL : g_hash_table_lookup(b->stages, stage),
                         won    ? "won"
                         : lost ? "lost"
                                : "open",
                         jtext(a, d, "OPPORTUNITY"),
                         jtext(a, d, "DATE_CREATE"),
                         won || lost ? closed_at : NULL,
                         NULL,
                         client,
                         "Bitrix24"};
    TAB_ADD(&b->ts.deals, row);
    return VO_OK;
}

static vo_err bx_move(void *ctx, const json_t *m, struct vo_error *e)
{
    (void)e;
    struct bx *b = ctx;
    const char *deal = jtext(b->a, m, "OWNER_ID"), *sid = jtext(b->a, m, "STAGE_ID");
    const char *stage = sid ? g_hash_table_lookup(b->stages, sid) : NULL;
    if (!deal || !stage || !g_hash_table_contains(b->deals, deal))
        return VO_OK;
    const char *row[] = {deal, stage, jtext(b->a, m, "CREATED_TIME")};
    TAB_ADD(&b->ts.moves, row);
    b->rd->stage_changes++;
    return VO_OK;
}

/* Each category's open stages (SEMANTICS neither S nor F), in order. */
static vo_err bx_pipelines(struct bx *b, struct vo_error *e)
{
    /* the default category 0 is listed by crm.category.list too; an
     * account without it listed still has it */
    if (!g_hash_table_contains(b->cat_names, "0"))
        g_hash_table_insert(b->cat_names, "0", "Общая");
    GList *ids = g_hash_table_get_keys(b->cat_names);
    ids = g_list_sort(ids, (GCompareFunc)strcmp);
    vo_err rc = VO_OK;
    for (GList *l = ids; l && !rc; l = l->next) {
        const char *cat = l->data;
        b->cat = cat;
        char *entity =
            strcmp(cat, "0") == 0 ? g_strdup("DEAL_STAGE") : g_strdup_printf("DEAL_STAGE_%s", cat);
        char *method = g_strdup_printf(
            "crm.status.list?filter%%5BENTITY_ID%%5D=%s&order%%5BSORT%%5D=ASC", entity);
        size_t before = json_array_size(b->stages_j);
        rc = bx_pages(b->rd, b->webhook, method, NULL, bx_stage, b, e);
        g_free(method);
        g_free(entity);
        size_t n = json_array_size(b->stages_j) - before, k = 0;
        const json_t **v = vo_arena_array(b->a, n ? n : 1, sizeof *v);
        for (size_t i = 0; v && i < n; i++) {
            const json_t *s = json_array_get(b->stages_j, before + i);
            const char *sem = jtext(b->a, s, "SEMANTICS");
            if (!sem || (strcmp(sem, "S") != 0 && strcmp(sem, "F") != 0))
                v[k++] = s;
        }
        if (v)
            g_qsort_with_data(v, (gint)k, sizeof *v, by_sort, "SORT");
        for (size_t i = 0; v && i < k; i++) {
            const char *sid = jtext(b->a, v[i], "STATUS_ID"), *name = jtext(b->a, v[i], "NAME");
            if (!sid || !name)
                continue;
            const char *row[] = {g_hash_table_lookup(b->cat_names, cat), name,
                                 vo_arena_printf(b->a, "%zu", i + 1)};
            TAB_ADD(&b->ts.pipes, row);
            g_hash_table_insert(b->stages, (gpointer)sid, (gpointer)name);
        }
    }
    g_list_free(ids);
    return rc;
}

static vo_err bx_clients(struct bx *b, struct vo_error *e)
{
    for (size_t i = 0; i < b->company_ids->len; i += 50) {
        char *m =
            ids_batch(b->company_ids, i, "crm.company.list?select%5B%5D=ID&select%5B%5D=TITLE&",
                      "filter%5BID%5D%5B%5D");
        vo_err rc = bx_pages(b->rd, b->webhook, m, NULL, name_of, &b->companies, e);
        g_free(m);
        if (rc)
            return rc;
    }
    clients_resolve(&b->ts, b->companies.h);
    return VO_OK;
}

/* A cursor as the filter Bitrix24 takes (ISO 8601 with an offset),
 * escaped. */
static char *bx_since(int64_t since)
{
    GDateTime *d = g_date_time_new_from_unix_utc(since);
    char *s = d ? g_date_time_format(d, "%Y-%m-%dT%H:%M:%S+00:00") : g_strdup("");
    if (d)
        g_date_time_unref(d);
    char *out = vo_rest_escape(s);
    g_free(s);
    return out;
}

vo_err vo_sync_read_bitrix24(const char *webhook, int64_t since, struct vo_arena *a,
                             struct vo_sync_read *rd, struct vo_error *e)
{
    struct bx b = {.a = a,
                   .rd = rd,
                   .webhook = webhook,
                   .stages_j = json_array(),
                   .users_j = json_array(),
                   .stages = g_hash_table_new(g_str_hash, g_str_equal),
                   .cat_names = g_hash_table_new(g_str_hash, g_str_equal),
                   .users = g_hash_table_new(g_str_hash, g_str_equal),
                   .deals = g_hash_table_new(g_str_hash, g_str_equal),
                   .companies = {a, g_hash_table_new(g_str_hash, g_str_equal), "ID", "TITLE"},
                   .company_ids = g_ptr_array_new()};
    tabs_init(&b.ts, a, "Bitrix24");
    char *s = since > 0 ? bx_since(since) : NULL;
    char *deals = g_strdup_printf(
        "crm.deal.list?order%%5BDATE_MODIFY%%5D=ASC&order%%5BID%%5D=ASC"
        "&select%%5B%%5D=ID&select%%5B%%5D=TITLE&select%%5B%%5D=CATEGORY_ID"
        "&select%%5B%%5D=STAGE_ID&select%%5B%%5D=STAGE_SEMANTIC_ID&select%%5B%%5D=OPPORTUNITY"
        "&select%%5B%%5D=ASSIGNED_BY_ID&select%%5B%%5D=DATE_CREATE&select%%5B%%5D=DATE_MODIFY"
        "&select%%5B%%5D=CLOSEDATE&select%%5B%%5D=COMPANY_ID%s%s",
        s ? "&filter%5B%3E%3DDATE_MODIFY%5D=" : "", s ? s : "");
    char *moves = g_strdup_printf("crm.stagehistory.list?entityTypeId=2&order%%5BID%%5D=ASC%s%s",
                                  s ? "&filter%5B%3E%3DCREATED_TIME%5D=" : "", s ? s : "");
    vo_err rc;
    if (!(rc = bx_pages(rd, webhook, "user.get?sort=ID&order=ASC", NULL, bx_user, &b, e)) &&
        !(rc = bx_pages(rd, webhook, "crm.category.list?entityTypeId=2", "categories", bx_category,
                        &b, e)) &&
        !(rc = bx_pipelines(&b, e)) && !(rc = bx_pages(rd, webhook, deals, NULL, bx_deal, &b, e)) &&
        !(rc = bx_clients(&b, e)) && g_hash_table_size(b.deals) > 0)
        rc = bx_pages(rd, webhook, moves, "items", bx_move, &b, e);
    tabs_done(&b.ts, rd);
    g_free(s);
    g_free(deals);
    g_free(moves);
    g_hash_table_destroy(b.stages);
    g_hash_table_destroy(b.cat_names);
    g_hash_table_destroy(b.users);
    g_hash_table_destroy(b.deals);
    g_hash_table_destroy(b.companies.h);
    g_ptr_array_free(b.company_ids, TRUE);
    json_decref(b.stages_j);
    json_decref(b.users_j);
    return rc;
}
