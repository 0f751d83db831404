/*
 * import_row.c - reading a row of an import: its cells (text, times, money,
 * integers, custom fields), the problems noted against it, and the
 * references it makes (users, records by external id, pipelines, stages),
 * the duplicates check, the rules of who may write what, the counts.
 */
#include "service/import_int.h"

#include "service/custom_fields.h"

/* ---- reading a row ---- */

static int fmt_col(const struct vo_map_target *fmt, const char *col)
{
    for (int i = 0; fmt->cols[i]; i++)
        if (strcmp(fmt->cols[i], col) == 0)
            return i;
    return -1;
}

int imp_table_col(const struct row *rw, const char *col)
{
    int i = fmt_col(rw->fmt, col);
    return i < 0 ? vo_csv_col(rw->t, col) : rw->idx[i];
}

static const char *label(const struct row *rw, const char *col)
{
    int c = col ? imp_table_col(rw, col) : -1;
    if (c >= 0 && rw->t->origin && rw->t->origin[c])
        return vo_arena_printf(rw->im->a, "%s (%s)", col, rw->t->origin[c]);
    return col;
}

void imp_problem(struct row *rw, const char *col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vo_csv_note_addv(&rw->im->rep->problems, rw->im->a, rw->t->name, rw->r->line, label(rw, col),
                     fmt, ap);
    va_end(ap);
    rw->failed = true;
}

/* A problem from a vo_error: its field is the column. */
void imp_problem_e(struct row *rw, const char *col, const struct vo_error *e)
{
    vo_csv_note_add_e(&rw->im->rep->problems, rw->im->a, rw->t->name, rw->r->line,
                      label(rw, e->field[0] ? e->field : col), e);
    rw->failed = true;
}

/* The value of a format column, NULL when empty or absent. A cell the
 * mapping already reported marks the row failed and reads as empty. */
const char *imp_get(struct row *rw, const char *col)
{
    int c = imp_table_col(rw, col);
    if (c < 0)
        return NULL;
    if (rw->r->bad && rw->r->bad[c]) {
        rw->failed = true;
        return NULL;
    }
    return rw->r->f[c];
}

const char *imp_need(struct row *rw, const char *col)
{
    int c = imp_table_col(rw, col);
    const char *v = imp_get(rw, col);
    if (!v && !(c >= 0 && rw->r->bad && rw->r->bad[c]))
        imp_problem(rw, col, "a value is required");
    return v;
}

/* A timestamp (money false) or money column: VO_NULL when empty or bad
 * (a problem when bad, or empty and required). */
static int64_t get_parsed(struct row *rw, const char *col, bool required, bool money)
{
    const char *v = required ? imp_need(rw, col) : imp_get(rw, col);
    int64_t x = VO_NULL;
    struct vo_error e = {0};
    if (!v)
        return VO_NULL;
    vo_err rc = money ? vo_money_parse(v, rw->im->svc->currency_digits, &x, col, &e)
                      : vo_time_parse(v, rw->im->svc->tz, &x, col, &e);
    if (rc) {
        imp_problem_e(rw, col, &e);
        return VO_NULL;
    }
    return x;
}

int64_t imp_get_time(struct row *rw, const char *col, bool required)
{
    return get_parsed(rw, col, required, false);
}

int64_t imp_get_money(struct row *rw, const char *col, bool required)
{
    return get_parsed(rw, col, required, true);
}

/* A whole number in [lo, hi]; VO_NULL when empty or bad. */
int64_t imp_parse_int(struct row *rw, const char *col, const char *v, int64_t lo, int64_t hi)
{
    if (!v)
        return VO_NULL;
    char *end = NULL;
    errno = 0;
    long long n = strtoll(v, &end, 10);
    if (errno || end == v || *end) {
        imp_problem(rw, col, "\"%s\" is not a whole number", v);
        return VO_NULL;
    }
    if (n < lo || n > hi) {
        imp_problem(rw, col, "%lld is out of range (%lld..%lld)", n, (long long)lo, (long long)hi);
        return VO_NULL;
    }
    return n;
}

/* The org's definition of entity's custom field key, NULL when none. */
static const struct vo_custom_field *custom_def(struct imp *im, const char *entity, const char *key)
{
    if (!im->cf_loaded) {
        struct vo_error e = {0};
        im->cf_loaded = true;
        if (vo_store_custom_field_list(im->svc->st, im->svc->org.id, NULL, im->a, &im->cf, &im->ncf,
                                       &e))
            imp_fatal(im, &e);
    }
    for (size_t i = 0; i < im->ncf; i++)
        if (strcmp(im->cf[i].entity, entity) == 0 && strcmp(im->cf[i].key, key) == 0)
            return &im->cf[i];
    return NULL;
}

/* The custom.X columns of the row as a JSON object text (keys sorted, so a
 * re-import compares equal). A column of a custom field the org defined
 * for entity is checked and stored as its type says (a number as a
 * number, a date as YYYY-MM-DD, a list's option: a problem naming the
 * column otherwise); any other custom.X column is kept as text. */
const char *imp_custom_json(struct row *rw, const char *entity)
{
    if (!rw->fmt->custom)
        return "{}";
    json_t *obj = NULL;
    for (size_t c = 0; c < rw->t->ncols; c++) {
        const char *name = rw->t->cols[c];
        if (strncasecmp(name, "custom.", 7) != 0 || !name[7] || !rw->r->f[c])
            continue;
        const struct vo_custom_field *f = custom_def(rw->im, entity, name + 7);
        json_t *v = NULL;
        if (f) {
            struct vo_error e = {0};
            if (vo_svc_custom_text_value(f, rw->r->f[c], name, &v, &e)) {
                imp_problem_e(rw, name, &e);
                continue;
            }
            if (!v)
                continue;
        } else {
            v = json_string(rw->r->f[c]);
        }
        if (!obj)
            obj = json_object();
        json_object_set_new(obj, name + 7, v);
    }
    if (!obj)
        return "{}";
    char *s = json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS);
    const char *out = vo_arena_strdup(rw->im->ra, s ? s : "{}");
    free(s);
    json_decref(obj);
    return out;
}

/* ---- references ---- */

void imp_fatal(struct imp *im, const struct vo_error *e)
{
    if (!im->fatal) {
        im->fatal = e->code ? e->code : VO_ESTORE;
        im->fe = *e;
    }
}

/* A user by email, or by full name (unique in the org). 0 when empty. */
int64_t imp_ref_user(struct row *rw, const char *col, const char *who)
{
    if (!who)
        return 0;
    struct imp *im = rw->im;
    struct who *w = g_hash_table_lookup(im->users, who);
    if (!w) {
        w = VO_ARENA_NEW(im->a, struct who);
        char *key = vo_arena_strdup(im->a, who);
        if (!w || !key)
            return 0;
        struct vo_user u;
        struct vo_error e = {0};
        vo_err rc;
        if (strchr(who, '@')) {
            rc = vo_store_user_find_email(im->svc->st, im->svc->org.id, who, im->a, &u, &e);
            w->count = rc == VO_OK;
        } else {
            rc = vo_store_user_find_name(im->svc->st, im->svc->org.id, who, im->a, &u, &w->count,
                                         &e);
        }
        if (rc && rc != VO_ENOTFOUND) {
            imp_fatal(im, &e);
            return 0;
        }
        w->id = rc ? 0 : u.id;
        w->active = rc == VO_OK && u.active;
        if (rc)
            w->count = 0;
        g_hash_table_insert(im->users, key, w);
    }
    gpointer where = NULL;
    if (w->count == 0 && im->skip &&
        g_hash_table_lookup_extended(im->failed_users, who, NULL, &where)) {
        imp_depends(rw, col, where);
        return 0;
    }
    if (w->count == 0) {
        imp_problem(rw, col, "no user \"%s\" (users.csv or `voronka user add`)", who);
        return 0;
    }
    if (w->count > 1) {
        imp_problem(rw, col, "%d users are named \"%s\": use the email instead", w->count, who);
        return 0;
    }
    return w->id;
}

static const char *const ext_file[] = {
    [VO_EXT_PRODUCT] = "products.csv", [VO_EXT_CLIENT] = "clients.csv",
    [VO_EXT_DEAL] = "deals.csv",       [VO_EXT_ACTIVITY] = "activities.csv",
    [VO_EXT_TASK] = "tasks.csv",       [VO_EXT_PAYMENT] = "payments.csv",
};
static const char *const ext_what[] = {
    [VO_EXT_PRODUCT] = "product",   [VO_EXT_CLIENT] = "client", [VO_EXT_DEAL] = "deal",
    [VO_EXT_ACTIVITY] = "activity", [VO_EXT_TASK] = "task",     [VO_EXT_PAYMENT] = "payment",
};

bool imp_ext_on(const struct imp *im)
{
    return !im->skip;
}

/* A record's id as a hash table's value, and back (ids are positive, so
 * a value is never NULL). */
_Static_assert(sizeof(gpointer) >= sizeof(int64_t), "an id fits in a pointer");
#define ID_PTR(id) ((gpointer)(intptr_t)(id))
#define PTR_ID(p)  ((int64_t)(intptr_t)(p))

/* The file of the format whose rows carry kind's external ids. */
static size_t ext_fi(enum vo_ext_kind kind)
{
    return (size_t)(vo_map_target_find(ext_file[kind]) - vo_map_targets);
}

static void ext_loaded(void *ctx, const char *ext, int64_t id)
{
    struct imp *im = ((void **)ctx)[0];
    GHashTable *map = ((void **)ctx)[1];
    char *k = vo_arena_strdup(im->a, ext);
    if (k)
        g_hash_table_insert(map, k, ID_PTR(id));
}

/* The map of kind's external ids, read on the first call; NULL when it is
 * not used or could not be read (the import stops: imp_fatal). */
static GHashTable *ext_map(struct imp *im, enum vo_ext_kind kind)
{
    if (!imp_ext_on(im) || im->fatal)
        return NULL;
    if (!im->ext[kind]) {
        im->ext[kind] = g_hash_table_new(g_str_hash, g_str_equal);
        size_t refused = im->a->refused;
        void *ctx[2] = {im, im->ext[kind]};
        struct vo_error e = {0};
        if (vo_store_ext_ids(im->svc->st, kind, im->svc->org.id, ext_loaded, ctx, &e)) {
            imp_fatal(im, &e);
            return NULL;
        }
        if (im->a->refused != refused) {
            vo_error_set(&e, VO_ENOMEM, NULL, "out of memory");
            imp_fatal(im, &e);
            return NULL;
        }
    }
    return im->ext[kind];
}

bool imp_ext_new(struct row *rw, enum vo_ext_kind kind, const char *ext)
{
    GHashTable *map = ext && !rw->failed ? ext_map(rw->im, kind) : NULL;
    return map && !g_hash_table_contains(map, ext);
}

void imp_ext_add(struct imp *im, enum vo_ext_kind kind, const char *ext, int64_t id)
{
    GHashTable *map = ext ? ext_map(im, kind) : NULL;
    if (!map)
        return;
    /* the duplicates check has the same key already: shared */
    GHashTable *seen = im->seen[ext_fi(kind)];
    gpointer k = NULL;
    if (seen && g_hash_table_lookup_extended(seen, ext, &k, NULL))
        g_hash_table_insert(map, k, ID_PTR(id));
    else
        ext_loaded((void *[2]){im, map}, ext, id);
}

/* A record by its external id, 0 when empty. A reference to a row of this
 * import that had problems of its own is not reported again. */
int64_t imp_ref_ext(struct row *rw, enum vo_ext_kind kind, const char *col, const char *ext)
{
    if (!ext)
        return 0;
    struct imp *im = rw->im;
    int64_t id = 0;
    struct vo_error e = {0};
    GHashTable *map = ext_map(im, kind);
    gpointer known = map ? g_hash_table_lookup(map, ext) : NULL;
    vo_err rc = map ? (known ? VO_OK : VO_ENOTFOUND)
                    : vo_store_ext_find(im->svc->st, kind, im->svc->org.id, ext, &id, &e);
    if (known)
        id = PTR_ID(known);
    if (im->fatal)
        return 0;
    if (rc == VO_OK)
        return id;
    if (rc != VO_ENOTFOUND) {
        imp_fatal(im, &e);
        return 0;
    }
    gpointer where = NULL;
    if (g_hash_table_lookup_extended(im->failed[kind], ext, NULL, &where))
        imp_depends(rw, col, where);
    else
        imp_problem(rw, col, "no %s with id \"%s\" (in %s or the database)", ext_what[kind], ext,
                    ext_file[kind]);
    return 0;
}

void imp_mark_failed(struct row *rw, enum vo_ext_kind kind, const char *ext)
{
    if (rw->failed && ext)
        g_hash_table_insert(rw->im->failed[kind], vo_arena_strdup(rw->im->a, ext),
                            (void *)imp_where(rw));
}

static char *noted_key(struct vo_arena *a, const char *file, int64_t line)
{
    return vo_arena_printf(a, "%s\n%lld", file, (long long)line);
}

void imp_row_noted(struct row *rw)
{
    struct imp *im = rw->im;
    if (im->skip && g_hash_table_size(im->noted)) {
        char *k = noted_key(im->a, rw->t->name, rw->r->line);
        if (!k || g_hash_table_contains(im->noted, k))
            rw->failed = true;
    }
}

bool imp_row_open(struct row *rw)
{
    struct vo_error e = {0};
    if (!rw->im->skip)
        return true;
    if (vo_store_savepoint(rw->im->svc->st, &e)) {
        imp_fatal(rw->im, &e);
        return false;
    }
    rw->savepoint = true;
    return true;
}

/* A rejected users.csv row: its email and name, for the rows naming it. */
static void user_rejected(struct row *rw)
{
    struct imp *im = rw->im;
    const char *cols[] = {"email", "name"};
    const char *where = imp_where(rw);
    for (size_t i = 0; i < 2; i++) {
        int c = imp_table_col(rw, cols[i]);
        const char *v = c >= 0 ? rw->r->f[c] : NULL;
        if (!v)
            continue;
        char *low = g_ascii_strdown(v, -1);
        const char *keys[] = {vo_arena_strdup(im->a, v), vo_arena_strdup(im->a, low)};
        g_free(low);
        for (size_t k = 0; k < 2; k++)
            if (keys[k] && !g_hash_table_contains(im->failed_users, keys[k]))
                g_hash_table_insert(im->failed_users, (char *)keys[k], (void *)where);
    }
}

void imp_row_close(struct row *rw, struct vo_import_count *cnt)
{
    struct imp *im = rw->im;
    struct vo_error e = {0};
    if (!im->skip)
        return;
    if (rw->savepoint && vo_store_savepoint_end(im->svc->st, !rw->failed, &e))
        imp_fatal(im, &e);
    rw->savepoint = false;
    if (!rw->failed)
        return;
    struct imp_rej rej = {rw->t, rw->r};
    g_array_append_val(im->rejected, rej);
    cnt->rejected++;
    if (strcmp(rw->fmt->name, "users.csv") == 0)
        user_rejected(rw);
}

const char *imp_where(struct row *rw)
{
    return vo_arena_printf(rw->im->a, "%s:%lld", rw->t->name, (long long)rw->r->line);
}

void imp_depends(struct row *rw, const char *col, const char *where)
{
    /* a mapped source line that fed both (a deal and its user) is one row:
     * its own problems say why */
    const char *self = rw->im->skip && where ? imp_where(rw) : NULL;
    if (rw->im->skip && !(self && strcmp(self, where) == 0))
        imp_problem(rw, col, "depends on the row %s, which was rejected", where ? where : "?");
    else
        rw->failed = true;
}

static struct pipe *pipe_load(struct imp *im, int64_t id, const char *name)
{
    struct pipe *p = VO_ARENA_NEW(im->a, struct pipe);
    struct vo_error e = {0};
    if (!p)
        return NULL;
    p->id = id;
    p->name = name ? vo_arena_strdup(im->a, name) : NULL;
    if (vo_store_stage_list(im->svc->st, im->svc->org.id, id, im->a, &p->stages, &p->n, &e)) {
        imp_fatal(im, &e);
        return NULL;
    }
    int64_t *key = VO_ARENA_NEW(im->a, int64_t);
    if (key) {
        *key = id;
        g_hash_table_insert(im->pipe_ids, key, p);
    }
    return p;
}

struct pipe *imp_ref_pipeline(struct row *rw, const char *col, const char *name)
{
    struct imp *im = rw->im;
    if (!name)
        return NULL;
    struct pipe *p = g_hash_table_lookup(im->pipes, name);
    gpointer where = NULL;
    bool rejected = im->skip && g_hash_table_lookup_extended(im->failed_pipes, name, NULL, &where);
    if (p && !p->id && rejected)
        imp_depends(rw, col, where);
    else if (p && !p->id)
        imp_problem(rw, col, "no pipeline \"%s\" (pipelines.csv or the database)", name);
    if (p)
        return p->id ? p : NULL;
    int64_t id = 0;
    struct vo_error e = {0};
    vo_err rc = vo_store_pipeline_find(im->svc->st, im->svc->org.id, name, &id, &e);
    if (rc && rc != VO_ENOTFOUND) {
        imp_fatal(im, &e);
        return NULL;
    }
    if (rc == VO_OK)
        p = pipe_load(im, id, name);
    else if ((p = VO_ARENA_NEW(im->a, struct pipe)))
        p->name = vo_arena_strdup(im->a, name);
    char *key = p ? vo_arena_strdup(im->a, name) : NULL;
    if (!key) /* out of memory: the arena's cap is the import's error */
        return NULL;
    g_hash_table_insert(im->pipes, key, p);
    if (!p->id && rejected) {
        imp_depends(rw, col, where);
        return NULL;
    }
    if (!p->id) {
        imp_problem(rw, col, "no pipeline \"%s\" (pipelines.csv or the database)", name);
        return NULL;
    }
    return p;
}

struct pipe *imp_pipe_by_id(struct imp *im, int64_t id)
{
    struct pipe *p = g_hash_table_lookup(im->pipe_ids, &id);
    return p ? p : pipe_load(im, id, NULL);
}

/* The stage named `name` of pipeline p; 0 with a problem listing the
 * pipeline's stages when it is not one of them. */
int64_t imp_ref_stage(struct row *rw, const char *col, const struct pipe *p, const char *name)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->stages[i].name, name) == 0)
            return p->stages[i].id;
    gpointer where = NULL;
    if (rw->im->skip && p->name &&
        g_hash_table_lookup_extended(rw->im->failed_pipes, p->name, NULL, &where)) {
        imp_depends(rw, col, where);
        return 0;
    }
    GString *have = g_string_new(NULL);
    for (size_t i = 0; i < p->n; i++)
        g_string_append_printf(have, "%s%s", i ? ", " : "", p->stages[i].name);
    if (p->name)
        imp_problem(rw, col, "\"%s\" is not a stage of pipeline \"%s\" (stages: %s)", name, p->name,
                    have->len ? have->str : "none");
    else
        imp_problem(rw, col, "\"%s\" is not a stage of the deal's pipeline (stages: %s)", name,
                    have->len ? have->str : "none");
    g_string_free(have, TRUE);
    return 0;
}

/* A key seen twice in the same import is a problem (the second row would
 * silently overwrite the first). */
void imp_dup_check(struct row *rw, const char *col, const char *key)
{
    if (!key)
        return;
    struct imp *im = rw->im;
    size_t fi = (size_t)(rw->fmt - vo_map_targets);
    if (!im->seen[fi])
        im->seen[fi] = g_hash_table_new(g_str_hash, g_str_equal);
    gpointer first = NULL;
    if (g_hash_table_lookup_extended(im->seen[fi], key, NULL, &first)) {
        uint64_t at = (uint64_t)(uintptr_t)first;
        const char *file = g_ptr_array_index(im->names, (guint)(at & 0xffff));
        imp_problem(rw, col, "\"%s\" appears again (first at %s)", key,
                    vo_arena_printf(im->a, "%s:%lld", file, (long long)(at >> 16)));
        return;
    }
    /* where, in the value itself: the line and the source file's index */
    guint n = 0;
    while (n < im->names->len && strcmp(g_ptr_array_index(im->names, n), rw->t->name) != 0)
        n++;
    if (n == im->names->len && n < 0xffff) {
        /* a refused copy leaves the key out: the arena counts the refusal
         * and the import fails on it (never a NULL name in the list) */
        char *name = vo_arena_strdup(im->a, rw->t->name);
        if (!name)
            return;
        g_ptr_array_add(im->names, name);
    }
    char *k = vo_arena_strdup(im->a, key);
    if (k && n < 0xffff)
        g_hash_table_insert(im->seen[fi], k,
                            (gpointer)(uintptr_t)(((uint64_t)rw->r->line << 16) | n));
}

/* The actor was refused the row's write (e, VO_EPERM): the import stops
 * as a whole, the error naming the file, the line and the column. */
static void refused(struct row *rw, const char *col, const struct vo_error *e)
{
    struct vo_error fe = {0};
    const char *file = rw->t->name, *target = rw->t->target;
    bool mapped = target && strcmp(file, target) != 0;
    vo_error_set(&fe, VO_EPERM, col, "%s%s%s%s line %lld, %s: %s; nothing was imported", file,
                 mapped ? " (" : "", mapped ? target : "", mapped ? ")" : "",
                 (long long)rw->r->line, col ? label(rw, col) : "the row", e->msg);
    imp_fatal(rw->im, &fe);
}

/* The routes' rule for who may write obj (vo_svc_may_write), asked for
 * every row that creates or changes something: true when allowed. A row
 * that changes nothing writes nothing and needs no right. */
bool imp_may_write(struct row *rw, enum vo_object obj, const char *col)
{
    struct vo_error e = {0};
    if (vo_svc_may_write(rw->im->svc, obj, &e) == VO_OK)
        return true;
    refused(rw, col, &e);
    return false;
}

/* Counts an upsert of an object of kind obj (col: the row's key column),
 * checks the actor's right to the write, or notes its failure. */
void imp_counted(struct row *rw, enum vo_object obj, const char *col, struct vo_import_count *cnt,
                 vo_err rc, enum vo_upsert res, const struct vo_error *e)
{
    if (rc == VO_OK) {
        if (res != VO_UPSERT_UNCHANGED && !imp_may_write(rw, obj, col))
            return;
        if (res == VO_UPSERT_CREATED)
            cnt->created++;
        else if (res == VO_UPSERT_UPDATED)
            cnt->updated++;
        else
            cnt->unchanged++;
    } else if (rc == VO_EPERM) {
        refused(rw, e->field[0] ? e->field : col, e);
    } else if (rc == VO_EINVAL || rc == VO_ECONFLICT) {
        imp_problem_e(rw, col, e);
    } else {
        imp_fatal(rw->im, e);
    }
}

/* The owner, user or assignee a stored record of kind `kind` with
 * external id ext has now; 0 when there is no such record. */
static int64_t stored_assignee(struct imp *im, enum vo_ext_kind kind, const char *ext)
{
    struct vo_store *st = im->svc->st;
    int64_t org = im->svc->org.id, id = 0;
    struct vo_error e = {0};
    if (kind == VO_EXT_DEAL) {
        struct vo_deal d;
        return vo_store_deal_get_ext(st, org, ext, im->a, &d, &e) == VO_OK ? d.owner_id : 0;
    }
    if (vo_store_ext_find(st, kind, org, ext, &id, &e) != VO_OK)
        return 0;
    struct vo_client c;
    struct vo_activity a;
    struct vo_task t;
    switch (kind) {
    case VO_EXT_CLIENT:
        return vo_store_client_get(st, org, id, im->a, &c, &e) == VO_OK ? c.owner_id : 0;
    case VO_EXT_ACTIVITY:
        return vo_store_activity_get(st, org, id, im->a, &a, &e) == VO_OK ? a.user_id : 0;
    case VO_EXT_TASK:
        return vo_store_task_get(st, org, id, im->a, &t, &e) == VO_OK ? t.assignee_id : 0;
    default:
        return 0;
    }
}

/* A user the row gives work to (a deal's or client's owner, an activity's
 * user, a task's assignee): ref_user, and the routes' rule that work goes
 * to active users only (vo_crm_assignable). A disabled user may stay on a
 * record that has them already (a re-import of history). */
int64_t imp_ref_assignee(struct row *rw, enum vo_ext_kind kind, const char *ext, const char *col,
                         const char *who)
{
    int64_t id = imp_ref_user(rw, col, who);
    const struct who *w = id ? g_hash_table_lookup(rw->im->users, who) : NULL;
    if (!w || w->active || (ext && stored_assignee(rw->im, kind, ext) == id))
        return id;
    struct vo_user u = {.id = id, .name = who, .active = false};
    struct vo_error e = {0};
    if (vo_crm_assignable(&u, col, &e))
        imp_problem_e(rw, col, &e);
    return id;
}

bool imp_parse_bool01(struct row *rw, const char *col, const char *v)
{
    if (!v || strcmp(v, "0") == 0 || strcasecmp(v, "false") == 0 || strcasecmp(v, "no") == 0)
        return false;
    if (strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0 || strcasecmp(v, "yes") == 0)
        return true;
    imp_problem(rw, col, "\"%s\" is not 0 or 1", v);
    return false;
}
