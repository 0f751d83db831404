/*
 * import.c - the importer: tables of the import format (read from a
 * directory, or produced by a mapping from a foreign export) checked and
 * written in one store transaction.
 *
 * One function per file of the format, in a table in dependency order
 * (users before deals, deals before payments). Each row is parsed column by
 * column, every problem is noted with the row's source file and line (the
 * row goes on being checked, so one run lists everything), and a row
 * without problems is validated by the model and upserted: later rows see
 * it through the store. References to a row that itself had a problem are
 * not reported a second time. At the end: any problem, or a dry run, rolls
 * everything back; otherwise one audit row and the commit.
 */
#include "service/import.h"

#include <errno.h>
#include <glib.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/money.h"
#include "base/timeutil.h"
#include "service/crm.h"
#include "service/plans.h"

/* A pipeline and its stages, cached for the deals that use it. */
struct pipe {
    int64_t id;
    const char *name; /* NULL when only known by id */
    struct vo_stage *stages;
    size_t n;
};

/* A user reference, cached: id, or how many users share the name. */
struct who {
    int64_t id;
    int count;
    bool active;
};

struct imp {
    struct vo_svc *svc;
    struct vo_arena *a;
    struct vo_import_report *rep;
    const struct vo_import_opts *opts;
    GHashTable *users;     /* text -> struct who */
    GHashTable *pipes;     /* name -> struct pipe */
    GHashTable *pipe_ids;  /* int64 id -> struct pipe */
    GHashTable *seen;      /* "file-target|key" -> "file:line" */
    GHashTable *moves;     /* "deal|stage|at" -> stage changes with that key so far */
    GHashTable *failed[6]; /* per vo_ext_kind: ext ids of rows with problems */
    vo_err fatal;
    struct vo_error fe;
};

struct row {
    struct imp *im;
    const struct vo_csv *t;
    const struct vo_csv_row *r;
    const struct vo_map_target *fmt;
    const int *idx; /* per format column: the table's column, or -1 */
    bool failed;
};

/* ---- reading a row ---- */

static int fmt_col(const struct vo_map_target *fmt, const char *col)
{
    for (int i = 0; fmt->cols[i]; i++)
        if (strcmp(fmt->cols[i], col) == 0)
            return i;
    return -1;
}

static int table_col(const struct row *rw, const char *col)
{
    int i = fmt_col(rw->fmt, col);
    return i < 0 ? vo_csv_col(rw->t, col) : rw->idx[i];
}

static const char *label(const struct row *rw, const char *col)
{
    int c = col ? table_col(rw, col) : -1;
    if (c >= 0 && rw->t->origin && rw->t->origin[c])
        return vo_arena_printf(rw->im->a, "%s (%s)", col, rw->t->origin[c]);
    return col;
}

static void problem(struct row *rw, const char *col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void problem(struct row *rw, const char *col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = vo_arena_vprintf(rw->im->a, fmt, ap);
    va_end(ap);
    vo_csv_note_add(&rw->im->rep->problems, rw->im->a, rw->t->name, rw->r->line, label(rw, col),
                    "%s", msg ? msg : "?");
    rw->failed = true;
}

/* A problem from a vo_error: its field is the column. */
static void problem_e(struct row *rw, const char *col, const struct vo_error *e)
{
    problem(rw, e->field[0] ? e->field : col, "%s", e->msg);
}

/* The value of a format column, NULL when empty or absent. A cell the
 * mapping already reported marks the row failed and reads as empty. */
static const char *get(struct row *rw, const char *col)
{
    int c = table_col(rw, col);
    if (c < 0)
        return NULL;
    if (rw->r->bad && rw->r->bad[c]) {
        rw->failed = true;
        return NULL;
    }
    return rw->r->f[c];
}

static const char *need(struct row *rw, const char *col)
{
    int c = table_col(rw, col);
    const char *v = get(rw, col);
    if (!v && !(c >= 0 && rw->r->bad && rw->r->bad[c]))
        problem(rw, col, "a value is required");
    return v;
}

/* A timestamp column: VO_NULL when empty (a problem when required). */
static int64_t get_time(struct row *rw, const char *col, bool required)
{
    const char *v = required ? need(rw, col) : get(rw, col);
    int64_t t = VO_NULL;
    struct vo_error e = {0};
    if (v && vo_time_parse(v, rw->im->svc->tz, &t, col, &e)) {
        problem_e(rw, col, &e);
        return VO_NULL;
    }
    return t;
}

static int64_t get_money(struct row *rw, const char *col, bool required)
{
    const char *v = required ? need(rw, col) : get(rw, col);
    int64_t m = VO_NULL;
    struct vo_error e = {0};
    if (v && vo_money_parse(v, rw->im->svc->currency_digits, &m, col, &e)) {
        problem_e(rw, col, &e);
        return VO_NULL;
    }
    return m;
}

/* A whole number in [lo, hi]; VO_NULL when empty or bad. */
static int64_t parse_int(struct row *rw, const char *col, const char *v, int64_t lo, int64_t hi)
{
    if (!v)
        return VO_NULL;
    char *end = NULL;
    errno = 0;
    long long n = strtoll(v, &end, 10);
    if (errno || end == v || *end) {
        problem(rw, col, "\"%s\" is not a whole number", v);
        return VO_NULL;
    }
    if (n < lo || n > hi) {
        problem(rw, col, "%lld is out of range (%lld..%lld)", n, (long long)lo, (long long)hi);
        return VO_NULL;
    }
    return n;
}

/* The custom.X columns of the row as a JSON object text (keys sorted, so a
 * re-import compares equal). */
static const char *custom_json(struct row *rw)
{
    if (!rw->fmt->custom)
        return "{}";
    json_t *obj = NULL;
    for (size_t c = 0; c < rw->t->ncols; c++) {
        const char *name = rw->t->cols[c];
        if (strncasecmp(name, "custom.", 7) != 0 || !name[7] || !rw->r->f[c])
            continue;
        if (!obj)
            obj = json_object();
        json_object_set_new(obj, name + 7, json_string(rw->r->f[c]));
    }
    if (!obj)
        return "{}";
    char *s = json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS);
    const char *out = vo_arena_strdup(rw->im->a, s ? s : "{}");
    free(s);
    json_decref(obj);
    return out;
}

/* ---- references ---- */

static void fatal(struct imp *im, const struct vo_error *e)
{
    if (!im->fatal) {
        im->fatal = e->code ? e->code : VO_ESTORE;
        im->fe = *e;
    }
}

/* A user by email, or by full name (unique in the org). 0 when empty. */
static int64_t ref_user(struct row *rw, const char *col, const char *who)
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
            fatal(im, &e);
            return 0;
        }
        w->id = rc ? 0 : u.id;
        w->active = rc == VO_OK && u.active;
        if (rc)
            w->count = 0;
        g_hash_table_insert(im->users, key, w);
    }
    if (w->count == 0) {
        problem(rw, col, "no user \"%s\" (users.csv or `voronka user add`)", who);
        return 0;
    }
    if (w->count > 1) {
        problem(rw, col, "%d users are named \"%s\": use the email instead", w->count, who);
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

/* A record by its external id, 0 when empty. A reference to a row of this
 * import that had problems of its own is not reported again. */
static int64_t ref_ext(struct row *rw, enum vo_ext_kind kind, const char *col, const char *ext)
{
    if (!ext)
        return 0;
    struct imp *im = rw->im;
    int64_t id = 0;
    struct vo_error e = {0};
    vo_err rc = vo_store_ext_find(im->svc->st, kind, im->svc->org.id, ext, &id, &e);
    if (rc == VO_OK)
        return id;
    if (rc != VO_ENOTFOUND) {
        fatal(im, &e);
        return 0;
    }
    if (g_hash_table_contains(im->failed[kind], ext))
        rw->failed = true;
    else
        problem(rw, col, "no %s with id \"%s\" (in %s or the database)", ext_what[kind], ext,
                ext_file[kind]);
    return 0;
}

static void mark_failed(struct row *rw, enum vo_ext_kind kind, const char *ext)
{
    if (rw->failed && ext)
        g_hash_table_add(rw->im->failed[kind], vo_arena_strdup(rw->im->a, ext));
}

static struct pipe *pipe_load(struct imp *im, int64_t id, const char *name)
{
    struct pipe *p = VO_ARENA_NEW(im->a, struct pipe);
    struct vo_error e = {0};
    if (!p)
        return NULL;
    p->id = id;
    p->name = name ? vo_arena_strdup(im->a, name) : NULL;
    if (vo_store_stage_list(im->svc->st, id, im->a, &p->stages, &p->n, &e)) {
        fatal(im, &e);
        return NULL;
    }
    int64_t *key = VO_ARENA_NEW(im->a, int64_t);
    if (key) {
        *key = id;
        g_hash_table_insert(im->pipe_ids, key, p);
    }
    return p;
}

static struct pipe *ref_pipeline(struct row *rw, const char *col, const char *name)
{
    struct imp *im = rw->im;
    if (!name)
        return NULL;
    struct pipe *p = g_hash_table_lookup(im->pipes, name);
    if (p && !p->id)
        problem(rw, col, "no pipeline \"%s\" (pipelines.csv or the database)", name);
    if (p)
        return p->id ? p : NULL;
    int64_t id = 0;
    struct vo_error e = {0};
    vo_err rc = vo_store_pipeline_find(im->svc->st, im->svc->org.id, name, &id, &e);
    if (rc && rc != VO_ENOTFOUND) {
        fatal(im, &e);
        return NULL;
    }
    if (rc == VO_OK)
        p = pipe_load(im, id, name);
    else if ((p = VO_ARENA_NEW(im->a, struct pipe)))
        p->name = vo_arena_strdup(im->a, name);
    if (!p)
        return NULL;
    g_hash_table_insert(im->pipes, vo_arena_strdup(im->a, name), p);
    if (!p->id) {
        problem(rw, col, "no pipeline \"%s\" (pipelines.csv or the database)", name);
        return NULL;
    }
    return p;
}

static struct pipe *pipe_by_id(struct imp *im, int64_t id)
{
    struct pipe *p = g_hash_table_lookup(im->pipe_ids, &id);
    return p ? p : pipe_load(im, id, NULL);
}

/* The stage named `name` of pipeline p; 0 with a problem listing the
 * pipeline's stages when it is not one of them. */
static int64_t ref_stage(struct row *rw, const char *col, const struct pipe *p, const char *name)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->stages[i].name, name) == 0)
            return p->stages[i].id;
    GString *have = g_string_new(NULL);
    for (size_t i = 0; i < p->n; i++)
        g_string_append_printf(have, "%s%s", i ? ", " : "", p->stages[i].name);
    if (p->name)
        problem(rw, col, "\"%s\" is not a stage of pipeline \"%s\" (stages: %s)", name, p->name,
                have->len ? have->str : "none");
    else
        problem(rw, col, "\"%s\" is not a stage of the deal's pipeline (stages: %s)", name,
                have->len ? have->str : "none");
    g_string_free(have, TRUE);
    return 0;
}

/* A key seen twice in the same import is a problem (the second row would
 * silently overwrite the first). */
static void dup_check(struct row *rw, const char *col, const char *key)
{
    if (!key)
        return;
    struct imp *im = rw->im;
    char *k = vo_arena_printf(im->a, "%s|%s", rw->t->target, key);
    const char *first = k ? g_hash_table_lookup(im->seen, k) : NULL;
    if (first) {
        problem(rw, col, "\"%s\" appears again (first at %s)", key, first);
        return;
    }
    if (k)
        g_hash_table_insert(im->seen, k,
                            vo_arena_printf(im->a, "%s:%lld", rw->t->name, (long long)rw->r->line));
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
    fatal(rw->im, &fe);
}

/* The routes' rule for who may write obj (vo_svc_may_write), asked for
 * every row that creates or changes something: true when allowed. A row
 * that changes nothing writes nothing and needs no right. */
static bool may_write(struct row *rw, enum vo_object obj, const char *col)
{
    struct vo_error e = {0};
    if (vo_svc_may_write(rw->im->svc, obj, &e) == VO_OK)
        return true;
    refused(rw, col, &e);
    return false;
}

/* Counts an upsert of an object of kind obj (col: the row's key column),
 * checks the actor's right to the write, or notes its failure. */
static void counted(struct row *rw, enum vo_object obj, const char *col,
                    struct vo_import_count *cnt, vo_err rc, enum vo_upsert res,
                    const struct vo_error *e)
{
    if (rc == VO_OK) {
        if (res != VO_UPSERT_UNCHANGED && !may_write(rw, obj, col))
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
        problem_e(rw, col, e);
    } else {
        fatal(rw->im, e);
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
static int64_t ref_assignee(struct row *rw, enum vo_ext_kind kind, const char *ext, const char *col,
                            const char *who)
{
    int64_t id = ref_user(rw, col, who);
    const struct who *w = id ? g_hash_table_lookup(rw->im->users, who) : NULL;
    if (!w || w->active || (ext && stored_assignee(rw->im, kind, ext) == id))
        return id;
    struct vo_user u = {.id = id, .name = who, .active = false};
    struct vo_error e = {0};
    if (vo_crm_assignable(&u, col, &e))
        problem_e(rw, col, &e);
    return id;
}

/* ---- one function per file ---- */

static void row_users(struct row *rw, struct vo_import_count *cnt)
{
    struct imp *im = rw->im;
    struct vo_svc *svc = im->svc;
    const char *name = need(rw, "name");
    const char *email_in = get(rw, "email");
    const char *role = get(rw, "role");
    const char *team = get(rw, "team");
    bool has_team_col = table_col(rw, "team") >= 0;
    struct vo_error e = {0};
    if (vo_text_check(VO_TEXT_NAME, team, "team", &e))
        problem_e(rw, "team", &e);
    char *email = NULL;
    if (email_in) {
        email = vo_arena_strdup(im->a, email_in);
        if (vo_email_normalize(email, "email", &e))
            problem_e(rw, "email", &e);
    }
    enum vo_role r = VO_ROLE_MANAGER;
    if (role && vo_role_parse(role, &r, "role", &e))
        problem_e(rw, "role", &e);
    if (team && vo_text_required(VO_TEXT_NAME, team, "team", &e))
        problem_e(rw, "team", &e);
    dup_check(rw, email ? "email" : "name", email ? email : name);
    if (rw->failed)
        return;

    struct vo_user old;
    bool found = false;
    vo_err rc = VO_ENOTFOUND;
    if (email) {
        rc = vo_store_user_find_email(svc->st, svc->org.id, email, im->a, &old, &e);
        found = rc == VO_OK;
    }
    if (!found && (rc == VO_ENOTFOUND)) {
        int count = 0;
        rc = vo_store_user_find_name(svc->st, svc->org.id, name, im->a, &old, &count, &e);
        if (rc == VO_OK && count > 1 && !email) {
            problem(rw, "name", "%d users are named \"%s\": give the email", count, name);
            return;
        }
        /* By name only for a row without email, or a user who has none. */
        found = rc == VO_OK && count == 1 && (!email || !old.email);
    }
    if (rc && rc != VO_ENOTFOUND) {
        fatal(im, &e);
        return;
    }
    int64_t team_id = found ? old.team_id : 0;
    if (has_team_col)
        team_id = 0;
    bool new_team = false;
    if (team && vo_store_team_ensure(svc->st, svc->org.id, team, &team_id, &new_team, &e)) {
        fatal(im, &e);
        return;
    }
    if (new_team && !may_write(rw, VO_OBJ_TEAM, "team"))
        return;
    struct vo_user u = {.org_id = svc->org.id,
                        .name = name,
                        .email = email,
                        .role = r,
                        .team_id = team_id,
                        .active = true,
                        .created_at = vo_now()};
    if (found) {
        u = old;
        u.name = name;
        if (email)
            u.email = email;
        if (role)
            u.role = r;
        u.team_id = team_id;
    }
    if (vo_user_validate(&u, &e)) {
        problem_e(rw, "name", &e);
        return;
    }
    /* The rules of the routes' and the CLI's user writes
     * (vo_svc_user_check: an administrator's, the last admin kept), named
     * by the column that makes the write. */
    if (!found) {
        const char *col = email ? "email" : "name";
        if (!(rc = vo_svc_user_check(svc, NULL, &u, &e)))
            rc = vo_store_user_insert(svc->st, &u, &e);
        if (!rc)
            im->rep->users_without_password++;
        counted(rw, VO_OBJ_USER, col, cnt, rc, VO_UPSERT_CREATED, &e);
        return;
    }
    bool same_email =
        (!old.email && !u.email) || (old.email && u.email && !strcmp(old.email, u.email));
    const char *col = old.role != u.role              ? "role"
                      : !same_email                   ? "email"
                      : strcmp(old.name, u.name) != 0 ? "name"
                      : old.team_id != u.team_id      ? "team"
                                                      : NULL;
    if (!col) {
        cnt->unchanged++;
        return;
    }
    if (!(rc = vo_svc_user_check(svc, &old, &u, &e)))
        rc = vo_store_user_update(svc->st, &u, &e);
    counted(rw, VO_OBJ_USER, col, cnt, rc, VO_UPSERT_UPDATED, &e);
}

static void row_products(struct row *rw, struct vo_import_count *cnt)
{
    struct vo_product p = {.org_id = rw->im->svc->org.id};
    p.ext_id = need(rw, "id");
    p.name = need(rw, "name");
    p.category = get(rw, "category");
    p.price = get_money(rw, "price", false);
    struct vo_error e = {0};
    if (!rw->failed && vo_product_validate(&p, &e))
        problem_e(rw, NULL, &e);
    dup_check(rw, "id", p.ext_id);
    mark_failed(rw, VO_EXT_PRODUCT, p.ext_id);
    if (rw->failed)
        return;
    enum vo_upsert res;
    vo_err rc = vo_store_product_upsert(rw->im->svc->st, &p, &res, &e);
    counted(rw, VO_OBJ_PRODUCT, "id", cnt, rc, res, &e);
}

/* pipelines.csv is checked whole (positions 1..n per pipeline) before any
 * stage is written; see import_pipelines. */
struct stage_row {
    struct row rw;
    const char *pipeline;
    struct vo_stage s;
};

static void import_pipelines(struct imp *im, struct row *rows, size_t n,
                             struct vo_import_count *cnt)
{
    struct stage_row *sr = VO_ARENA_ARRAY(im->a, struct stage_row, n ? n : 1);
    if (!sr)
        return;
    for (size_t i = 0; i < n; i++) {
        struct row *rw = &sr[i].rw;
        *rw = rows[i];
        sr[i].pipeline = need(rw, "pipeline");
        struct vo_error e = {0};
        if (sr[i].pipeline && vo_text_required(VO_TEXT_NAME, sr[i].pipeline, "pipeline", &e))
            problem_e(rw, "pipeline", &e);
        sr[i].s.name = need(rw, "stage");
        sr[i].s.org_id = im->svc->org.id;
        sr[i].s.position = (int)parse_int(rw, "position", need(rw, "position"), 1, 1000);
        /* the bounds are vo_stage_validate's (model.h) */
        sr[i].s.max_days = parse_int(rw, "max_days", get(rw, "max_days"), 1, INT64_MAX);
        if (!rw->failed && vo_stage_validate(&sr[i].s, &e))
            problem_e(rw, "stage", &e);
    }
    /* Per pipeline: names and positions unique, positions 1..n. */
    for (size_t i = 0; i < n; i++) {
        if (!sr[i].pipeline)
            continue;
        bool first = true;
        for (size_t j = 0; j < i && first; j++)
            first = !sr[j].pipeline || strcmp(sr[j].pipeline, sr[i].pipeline) != 0;
        if (!first)
            continue;
        size_t count = 0, maxpos = 0;
        for (size_t j = i; j < n; j++) {
            if (!sr[j].pipeline || strcmp(sr[j].pipeline, sr[i].pipeline) != 0)
                continue;
            count++;
            if (sr[j].rw.failed)
                continue;
            if ((size_t)sr[j].s.position > maxpos)
                maxpos = (size_t)sr[j].s.position;
            for (size_t k = i; k < j; k++) {
                if (!sr[k].pipeline || strcmp(sr[k].pipeline, sr[i].pipeline) != 0 ||
                    sr[k].rw.failed)
                    continue;
                if (strcmp(sr[k].s.name, sr[j].s.name) == 0)
                    problem(&sr[j].rw, "stage", "stage \"%s\" appears again (line %lld)",
                            sr[j].s.name, (long long)sr[k].rw.r->line);
                else if (sr[k].s.position == sr[j].s.position)
                    problem(&sr[j].rw, "position",
                            "position %d is already \"%s\" (line %lld): positions are unique",
                            sr[j].s.position, sr[k].s.name, (long long)sr[k].rw.r->line);
            }
        }
        if (maxpos > count)
            problem(&sr[i].rw, "position",
                    "pipeline \"%s\" has %zu stages but a position %zu: positions run 1..%zu "
                    "without gaps",
                    sr[i].pipeline, count, maxpos, count);
    }
    for (size_t i = 0; i < n && !im->fatal; i++) {
        struct row *rw = &sr[i].rw;
        if (rw->failed)
            continue;
        struct vo_error e = {0};
        bool created = false;
        vo_err rc = vo_store_pipeline_ensure(im->svc->st, im->svc->org.id, sr[i].pipeline,
                                             &sr[i].s.pipeline_id, &created, &e);
        if (rc) {
            fatal(im, &e);
            break;
        }
        if (created && !may_write(rw, VO_OBJ_PIPELINE, "pipeline"))
            break;
        enum vo_upsert res;
        rc = vo_store_stage_upsert(im->svc->st, &sr[i].s, &res, &e);
        counted(rw, VO_OBJ_STAGE, "stage", cnt, rc, res, &e);
    }
}

static bool parse_bool01(struct row *rw, const char *col, const char *v)
{
    if (!v || strcmp(v, "0") == 0 || strcasecmp(v, "false") == 0 || strcasecmp(v, "no") == 0)
        return false;
    if (strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0 || strcasecmp(v, "yes") == 0)
        return true;
    problem(rw, col, "\"%s\" is not 0 or 1", v);
    return false;
}

static void row_clients(struct row *rw, struct vo_import_count *cnt)
{
    struct vo_client c = {.org_id = rw->im->svc->org.id};
    c.ext_id = need(rw, "id");
    c.name = need(rw, "name");
    c.channel = get(rw, "channel");
    c.region = get(rw, "region");
    c.segment = get(rw, "segment");
    c.source = get(rw, "source");
    c.owner_id = c.ext_id ? ref_assignee(rw, VO_EXT_CLIENT, c.ext_id, "owner", get(rw, "owner"))
                          : ref_user(rw, "owner", get(rw, "owner"));
    c.created_at = get_time(rw, "created_at", false);
    c.key_account = parse_bool01(rw, "key_account", get(rw, "key_account"));
    c.custom = custom_json(rw);
    struct vo_error e = {0};
    if (!rw->failed && vo_client_validate(&c, &e))
        problem_e(rw, NULL, &e);
    dup_check(rw, "id", c.ext_id);
    mark_failed(rw, VO_EXT_CLIENT, c.ext_id);
    if (rw->failed)
        return;
    enum vo_upsert res;
    vo_err rc = vo_store_client_upsert(rw->im->svc->st, &c, &res, &e);
    counted(rw, VO_OBJ_CLIENT, "id", cnt, rc, res, &e);
}

static void row_deals(struct row *rw, struct vo_import_count *cnt)
{
    struct vo_deal d = {.org_id = rw->im->svc->org.id};
    struct vo_error e = {0};
    d.ext_id = need(rw, "id");
    d.owner_id = ref_assignee(rw, VO_EXT_DEAL, d.ext_id, "owner", need(rw, "owner"));
    struct pipe *p = ref_pipeline(rw, "pipeline", need(rw, "pipeline"));
    d.created_at = get_time(rw, "created_at", true);
    d.title = get(rw, "title");
    d.client_id = ref_ext(rw, VO_EXT_CLIENT, "client", get(rw, "client"));
    d.product_id = ref_ext(rw, VO_EXT_PRODUCT, "product", get(rw, "product"));
    const char *stage = get(rw, "stage");
    if (p) {
        d.pipeline_id = p->id;
        if (stage)
            d.stage_id = ref_stage(rw, "stage", p, stage);
        else if (p->n)
            d.stage_id = p->stages[0].id;
    }
    const char *status = get(rw, "status");
    d.status = VO_DEAL_OPEN;
    if (status && vo_deal_status_parse(status, &d.status, "status", &e))
        problem_e(rw, "status", &e);
    d.amount = get_money(rw, "amount", false);
    d.closed_at = get_time(rw, "closed_at", false);
    d.loss_reason = get(rw, "loss_reason");
    d.channel = get(rw, "channel");
    d.source = get(rw, "source");
    d.custom = custom_json(rw);
    dup_check(rw, "id", d.ext_id);
    if (!rw->failed && vo_deal_validate(&d, &e))
        problem_e(rw, NULL, &e);
    mark_failed(rw, VO_EXT_DEAL, d.ext_id);
    if (rw->failed)
        return;
    enum vo_upsert res;
    vo_err rc = vo_store_deal_upsert(rw->im->svc->st, &d, &res, &e);
    counted(rw, VO_OBJ_DEAL, "id", cnt, rc, res, &e);
}

static void row_stage_changes(struct row *rw, struct vo_import_count *cnt)
{
    struct imp *im = rw->im;
    struct vo_stage_change c = {.org_id = im->svc->org.id};
    c.deal_id = ref_ext(rw, VO_EXT_DEAL, "deal", need(rw, "deal"));
    const char *stage = need(rw, "stage");
    c.at = get_time(rw, "at", true);
    struct vo_error e = {0};
    if (c.deal_id && stage) {
        int64_t pipeline = 0, client = 0;
        if (vo_store_deal_refs(im->svc->st, im->svc->org.id, c.deal_id, &pipeline, &client, &e)) {
            fatal(im, &e);
            return;
        }
        struct pipe *p = pipe_by_id(im, pipeline);
        if (p)
            c.stage_id = ref_stage(rw, "stage", p, stage);
    }
    if (rw->failed)
        return;
    /* Every row is a move, even one repeating another's deal, stage and
     * time (two moves within a second): the n-th row with a key matches
     * the n-th stored move with it, so a re-import finds each one. */
    char *key = vo_arena_printf(im->a, "%lld|%lld|%lld", (long long)c.deal_id,
                                (long long)c.stage_id, (long long)c.at);
    if (!key) {
        vo_error_set(&e, VO_ENOMEM, NULL, "out of memory");
        fatal(im, &e);
        return;
    }
    size_t nth = GPOINTER_TO_SIZE(g_hash_table_lookup(im->moves, key));
    g_hash_table_insert(im->moves, key, GSIZE_TO_POINTER(nth + 1));
    enum vo_upsert res;
    vo_err rc = vo_store_stage_change_upsert(im->svc->st, &c, (int64_t)nth, &res, &e);
    counted(rw, VO_OBJ_STAGE_CHANGE, "deal", cnt, rc, res, &e);
}

static void row_activities(struct row *rw, struct vo_import_count *cnt)
{
    struct vo_activity a = {.org_id = rw->im->svc->org.id};
    struct vo_error e = {0};
    a.ext_id = need(rw, "id");
    const char *type = need(rw, "type");
    if (type && vo_activity_type_parse(type, &a.type, "type", &e))
        problem_e(rw, "type", &e);
    a.user_id = ref_assignee(rw, VO_EXT_ACTIVITY, a.ext_id, "user", need(rw, "user"));
    a.at = get_time(rw, "at", true);
    a.deal_id = ref_ext(rw, VO_EXT_DEAL, "deal", get(rw, "deal"));
    a.client_id = ref_ext(rw, VO_EXT_CLIENT, "client", get(rw, "client"));
    a.duration_s = parse_int(rw, "duration_s", get(rw, "duration_s"), 0, INT64_MAX);
    const char *dir = get(rw, "direction");
    a.direction = VO_DIR_NONE;
    if (dir && vo_direction_parse(dir, &a.direction, "direction", &e))
        problem_e(rw, "direction", &e);
    a.outcome = get(rw, "outcome");
    dup_check(rw, "id", a.ext_id);
    if (!rw->failed && vo_activity_validate(&a, &e))
        problem_e(rw, NULL, &e);
    mark_failed(rw, VO_EXT_ACTIVITY, a.ext_id);
    if (rw->failed)
        return;
    enum vo_upsert res;
    vo_err rc = vo_store_activity_upsert(rw->im->svc->st, &a, &res, &e);
    counted(rw, VO_OBJ_ACTIVITY, "id", cnt, rc, res, &e);
}

static void row_tasks(struct row *rw, struct vo_import_count *cnt)
{
    struct vo_task t = {.org_id = rw->im->svc->org.id};
    struct vo_error e = {0};
    t.ext_id = need(rw, "id");
    t.assignee_id = ref_assignee(rw, VO_EXT_TASK, t.ext_id, "assignee", need(rw, "assignee"));
    t.title = need(rw, "title");
    t.created_at = get_time(rw, "created_at", true);
    t.due_at = get_time(rw, "due_at", true);
    t.deal_id = ref_ext(rw, VO_EXT_DEAL, "deal", get(rw, "deal"));
    t.client_id = ref_ext(rw, VO_EXT_CLIENT, "client", get(rw, "client"));
    t.done_at = get_time(rw, "done_at", false);
    dup_check(rw, "id", t.ext_id);
    if (!rw->failed && vo_task_validate(&t, &e))
        problem_e(rw, NULL, &e);
    mark_failed(rw, VO_EXT_TASK, t.ext_id);
    if (rw->failed)
        return;
    enum vo_upsert res;
    vo_err rc = vo_store_task_upsert(rw->im->svc->st, &t, &res, &e);
    counted(rw, VO_OBJ_TASK, "id", cnt, rc, res, &e);
}

static void row_payments(struct row *rw, struct vo_import_count *cnt)
{
    struct imp *im = rw->im;
    struct vo_payment p = {.org_id = im->svc->org.id};
    struct vo_error e = {0};
    p.ext_id = need(rw, "id");
    p.amount = get_money(rw, "amount", true);
    p.paid_at = get_time(rw, "paid_at", true);
    p.deal_id = ref_ext(rw, VO_EXT_DEAL, "deal", get(rw, "deal"));
    p.client_id = ref_ext(rw, VO_EXT_CLIENT, "client", get(rw, "client"));
    if (p.deal_id && !p.client_id && !get(rw, "client")) {
        int64_t pipeline = 0;
        if (vo_store_deal_refs(im->svc->st, im->svc->org.id, p.deal_id, &pipeline, &p.client_id,
                               &e)) {
            fatal(im, &e);
            return;
        }
    }
    dup_check(rw, "id", p.ext_id);
    if (!rw->failed && !p.deal_id && !get(rw, "client") && !get(rw, "deal"))
        problem(rw, "deal", "a payment needs a deal or a client");
    else if (!rw->failed && vo_payment_validate(&p, &e))
        problem_e(rw, NULL, &e);
    mark_failed(rw, VO_EXT_PAYMENT, p.ext_id);
    if (rw->failed)
        return;
    enum vo_upsert res;
    vo_err rc = vo_store_payment_upsert(im->svc->st, &p, &res, &e);
    counted(rw, VO_OBJ_PAYMENT, "id", cnt, rc, res, &e);
}

static void row_plans(struct row *rw, struct vo_import_count *cnt)
{
    struct imp *im = rw->im;
    struct vo_plan p = {.org_id = im->svc->org.id};
    struct vo_error e = {0};
    const char *period = need(rw, "period");
    if (period && vo_month_parse(period, &p.year, &p.month, "period", &e))
        problem_e(rw, "period", &e);
    const char *scope = need(rw, "scope");
    if (scope && strcmp(scope, "org") == 0) {
        p.scope_kind = VO_SCOPE_ORG;
    } else if (scope && strncmp(scope, "team:", 5) == 0) {
        p.scope_kind = VO_SCOPE_TEAM;
        vo_err rc = vo_store_team_find(im->svc->st, im->svc->org.id, scope + 5, &p.scope_id, &e);
        if (rc == VO_ENOTFOUND)
            problem(rw, "scope", "no team \"%s\" (teams come from users.csv)", scope + 5);
        else if (rc)
            fatal(im, &e);
    } else if (scope) {
        p.scope_kind = VO_SCOPE_USER;
        p.scope_id = ref_user(rw, "scope", scope);
    }
    const char *metric = need(rw, "metric");
    const struct vo_metric_def *m = metric ? vo_metric_find(metric) : NULL;
    if (metric && !m) {
        GString *keys = g_string_new(NULL);
        for (int i = 0; i < VO_M__COUNT; i++)
            g_string_append_printf(keys, "%s%s", i ? ", " : "", vo_metrics[i].key);
        problem(rw, "metric", "\"%s\" is not a metric (one of: %s)", metric, keys->str);
        g_string_free(keys, TRUE);
    }
    const char *target = need(rw, "target");
    if (m && target) {
        /* As the routes and `voronka plan set` read a target. */
        p.metric = m->id;
        if (vo_plan_target_parse(m, target, im->svc->currency_digits, &p.target, &e))
            problem_e(rw, "target", &e);
    }
    if (!rw->failed && vo_plan_validate(&p, &e))
        problem_e(rw, NULL, &e);
    if (period && scope && metric)
        dup_check(rw, "period", vo_arena_printf(im->a, "%s %s %s", period, scope, metric));
    if (rw->failed)
        return;
    enum vo_upsert res;
    vo_err rc = vo_store_plan_upsert(im->svc->st, &p, &res, &e);
    counted(rw, VO_OBJ_PLAN, "period", cnt, rc, res, &e);
}

static void row_spend(struct row *rw, struct vo_import_count *cnt)
{
    struct vo_spend s = {.org_id = rw->im->svc->org.id};
    struct vo_error e = {0};
    s.channel = need(rw, "channel");
    const char *month = need(rw, "month");
    if (month && vo_month_parse(month, &s.year, &s.month, "month", &e))
        problem_e(rw, "month", &e);
    s.amount = get_money(rw, "amount", true);
    if (!rw->failed && vo_spend_validate(&s, &e))
        problem_e(rw, NULL, &e);
    if (s.channel && month)
        dup_check(rw, "month", vo_arena_printf(rw->im->a, "%s %s", s.channel, month));
    if (rw->failed)
        return;
    enum vo_upsert res;
    vo_err rc = vo_store_spend_upsert(rw->im->svc->st, &s, &res, &e);
    counted(rw, VO_OBJ_SPEND, "month", cnt, rc, res, &e);
}

static void row_nps(struct row *rw, struct vo_import_count *cnt)
{
    struct vo_nps n = {.org_id = rw->im->svc->org.id};
    struct vo_error e = {0};
    n.client_id = ref_ext(rw, VO_EXT_CLIENT, "client", need(rw, "client"));
    const char *score = need(rw, "score");
    int64_t sc = parse_int(rw, "score", score, INT32_MIN, INT32_MAX);
    n.score = sc == VO_NULL ? 0 : (int)sc;
    n.at = get_time(rw, "at", true);
    n.comment = get(rw, "comment");
    struct vo_nps alone = n; /* the score judged on its own, client or not */
    alone.client_id = 1;
    if (sc != VO_NULL && vo_nps_validate(&alone, &e))
        problem_e(rw, "score", &e);
    if (!rw->failed && vo_nps_validate(&n, &e))
        problem_e(rw, NULL, &e);
    if (rw->failed)
        return;
    enum vo_upsert res;
    vo_err rc = vo_store_nps_upsert(rw->im->svc->st, &n, &res, &e);
    counted(rw, VO_OBJ_NPS, "client", cnt, rc, res, &e);
}

static void row_holidays(struct row *rw, struct vo_import_count *cnt)
{
    struct vo_holiday h = {.org_id = rw->im->svc->org.id};
    struct vo_error e = {0};
    struct vo_date d = {0, 0, 0};
    const char *date = need(rw, "date");
    if (date && vo_date_parse(date, &d, "date", &e))
        problem_e(rw, "date", &e);
    h.y = d.y;
    h.m = d.m;
    h.d = d.d;
    const char *kind = need(rw, "kind");
    if (kind && vo_day_kind_parse(kind, &h.kind, "kind", &e))
        problem_e(rw, "kind", &e);
    if (!rw->failed && vo_holiday_validate(&h, &e))
        problem_e(rw, NULL, &e);
    dup_check(rw, "date", date);
    if (rw->failed)
        return;
    enum vo_upsert res;
    vo_err rc = vo_store_holiday_upsert(rw->im->svc->st, &h, &res, &e);
    counted(rw, VO_OBJ_HOLIDAY, "date", cnt, rc, res, &e);
}

/* The importer of each file of the format, in vo_map_targets order. */
static void (*const row_fns[])(struct row *, struct vo_import_count *) = {
    row_users,      row_products, NULL /* pipelines: whole file */,
    row_clients,    row_deals,    row_stage_changes,
    row_activities, row_tasks,    row_payments,
    row_plans,      row_spend,    row_nps,
    row_holidays,
};

/* ---- a table ---- */

/* Warns about the columns that are not the format's: one warning for the
 * ones without a name and one for the unknown ones, each with a count and
 * the first few, however wide the header. */
static void unknown_columns(struct imp *im, const struct vo_map_target *fmt, const struct vo_csv *t)
{
    enum { SHOW = 5 };
    const char **unknown = VO_ARENA_ARRAY(im->a, const char *, t->ncols ? t->ncols : 1);
    const char **unnamed = VO_ARENA_ARRAY(im->a, const char *, t->ncols ? t->ncols : 1);
    size_t nu = 0, nn = 0;
    if (!unknown || !unnamed)
        return;
    for (size_t c = 0; c < t->ncols; c++) {
        if (!t->cols[c][0])
            unnamed[nn++] = vo_arena_printf(im->a, "%zu", c + 1);
        else if (!vo_map_target_has(fmt, t->cols[c]))
            unknown[nu++] = t->cols[c];
    }
    struct vo_csv_notes *w = &im->rep->warnings;
    if (nn == 1)
        vo_csv_note_add(w, im->a, t->name, 1, NULL, "column %s has no name: ignored", unnamed[0]);
    else if (nn > 1)
        vo_csv_note_add(w, im->a, t->name, 1, NULL, "%zu columns have no name (%s): ignored", nn,
                        vo_csv_name_list(im->a, unnamed, nn, SHOW));
    if (nu == 1)
        vo_csv_note_add(w, im->a, t->name, 1, unknown[0], "not a column of %s: ignored", fmt->name);
    else if (nu > 1)
        vo_csv_note_add(w, im->a, t->name, 1, NULL,
                        "%zu columns are not columns of %s: %s: ignored", nu, fmt->name,
                        vo_csv_name_list(im->a, unknown, nu, SHOW));
}

static void import_table(struct imp *im, size_t fi, const struct vo_csv *t)
{
    const struct vo_map_target *fmt = &vo_map_targets[fi];
    struct vo_import_count *cnt = &im->rep->files[fi];
    cnt->present = true;
    size_t ncol = 0;
    while (fmt->cols[ncol])
        ncol++;
    int *idx = VO_ARENA_ARRAY(im->a, int, ncol);
    if (!idx)
        return;
    for (size_t i = 0; i < ncol; i++)
        idx[i] = vo_csv_col(t, fmt->cols[i]);
    unknown_columns(im, fmt, t);
    bool missing = false;
    for (const char *const *r = fmt->required; *r; r++) {
        if (vo_csv_col(t, *r) < 0) {
            vo_csv_note_add(&im->rep->problems, im->a, t->name, 1, *r,
                            "the required column is missing");
            missing = true;
        }
    }
    if (missing)
        return;
    struct row base = {.im = im, .t = t, .fmt = fmt, .idx = idx};
    if (!row_fns[fi]) {
        struct row *rows = VO_ARENA_ARRAY(im->a, struct row, t->nrows ? t->nrows : 1);
        if (!rows)
            return;
        for (size_t i = 0; i < t->nrows; i++) {
            rows[i] = base;
            rows[i].r = &t->rows[i];
        }
        cnt->rows += (int64_t)t->nrows;
        import_pipelines(im, rows, t->nrows, cnt);
        return;
    }
    for (size_t i = 0; i < t->nrows && !im->fatal; i++) {
        struct row rw = base;
        rw.r = &t->rows[i];
        row_fns[fi](&rw, cnt);
        cnt->rows++;
        if (im->opts->progress && im->opts->progress_every > 0 &&
            cnt->rows % im->opts->progress_every == 0)
            im->opts->progress(im->opts->progress_ctx, t->name, cnt->rows);
    }
}

/* ---- the sources ---- */

/* Reads voronka's own files from dir; warns about other CSV files. */
static vo_err read_dir(struct imp *im, const char *dir, struct vo_csv ***tables, size_t *n,
                       struct vo_error *e)
{
    GError *gerr = NULL;
    GDir *d = g_dir_open(dir, 0, &gerr);
    if (!d) {
        vo_err rc = vo_error_set(e, VO_EIO, NULL, "%s", gerr->message);
        g_error_free(gerr);
        return rc;
    }
    const char *name;
    while ((name = g_dir_read_name(d))) {
        if (g_str_has_suffix(name, ".csv") && !vo_map_target_find(name))
            vo_csv_note_add(&im->rep->warnings, im->a, name, 0, NULL,
                            "not a file of the import format: ignored (docs/import.md; a "
                            "foreign export needs --map)");
    }
    g_dir_close(d);
    *tables = VO_ARENA_ARRAY(im->a, struct vo_csv *, vo_map_target_count);
    *n = 0;
    if (!*tables)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < vo_map_target_count; i++) {
        char *path = g_build_filename(dir, vo_map_targets[i].name, NULL);
        if (g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
            struct vo_csv *t = NULL;
            struct vo_error re = {0};
            vo_err rc =
                vo_csv_read(path, vo_map_targets[i].name, NULL, im->a, &t, &im->rep->problems, &re);
            if (rc == VO_ENOMEM) {
                g_free(path);
                *e = re;
                return rc;
            }
            if (rc)
                vo_csv_note_add(&im->rep->problems, im->a, vo_map_targets[i].name, 0, NULL, "%s",
                                re.msg);
            else
                (*tables)[(*n)++] = t;
            /* Even an unreadable file was there: show it in the summary. */
            im->rep->files[i].present = true;
        }
        g_free(path);
    }
    if (*n == 0 && im->rep->problems.n == 0) {
        GString *names = g_string_new(NULL);
        for (size_t i = 0; i < vo_map_target_count; i++)
            g_string_append_printf(names, "%s%s", i ? ", " : "", vo_map_targets[i].name);
        vo_err rc = vo_error_set(e, VO_EINVAL, NULL,
                                 "%s holds none of the import files (%s); for another CRM's "
                                 "export use --map",
                                 dir, names->str);
        g_string_free(names, TRUE);
        return rc;
    }
    return VO_OK;
}

static const char *audit_detail(struct imp *im, const char *dir)
{
    json_t *o = json_object();
    json_object_set_new(o, "dir", json_string(dir));
    if (im->rep->map_name)
        json_object_set_new(o, "mapping", json_string(im->rep->map_name));
    json_t *files = json_object();
    for (size_t i = 0; i < im->rep->nfiles; i++) {
        const struct vo_import_count *c = &im->rep->files[i];
        if (!c->present)
            continue;
        json_object_set_new(files, c->file,
                            json_pack("{sIsIsIsI}", "rows", (json_int_t)c->rows, "created",
                                      (json_int_t)c->created, "updated", (json_int_t)c->updated,
                                      "unchanged", (json_int_t)c->unchanged));
    }
    json_object_set_new(o, "files", files);
    int64_t skipped = 0;
    for (size_t i = 0; i < im->rep->map.nskips; i++)
        skipped += (int64_t)im->rep->map.skips[i].n;
    if (im->rep->map_name)
        json_object_set_new(o, "skipped", json_integer((json_int_t)skipped));
    char *s = json_dumps(o, JSON_COMPACT);
    const char *out = vo_arena_strdup(im->a, s ? s : "{}");
    free(s);
    json_decref(o);
    return out;
}

vo_err vo_svc_import(struct vo_svc *svc, const char *dir, const struct vo_import_opts *opts,
                     struct vo_import_report *rep, struct vo_error *e)
{
    static const struct vo_import_opts defaults = {0};
    if (!opts)
        opts = &defaults;
    memset(rep, 0, sizeof *rep);
    /* A copy the import could not make (a row, a problem note) may have
     * been dropped without a trace: any refusal of the arena fails it. */
    size_t refused = svc->arena->refused;
    rep->dir = vo_arena_strdup(svc->arena, dir);
    rep->dry_run = opts->dry_run;
    rep->files = VO_ARENA_ARRAY(svc->arena, struct vo_import_count, vo_map_target_count);
    if (!rep->files)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    rep->nfiles = vo_map_target_count;
    for (size_t i = 0; i < vo_map_target_count; i++)
        rep->files[i].file = vo_map_targets[i].name;
    vo_err rc = vo_svc_may_write(svc, VO_OBJ_IMPORT, e);
    if (rc)
        return rc;
    if (!g_file_test(dir, G_FILE_TEST_IS_DIR))
        return vo_error_set(e, VO_EIO, NULL, "%s: not a directory", dir);

    struct imp im = {.svc = svc, .a = svc->arena, .rep = rep, .opts = opts};
    struct vo_csv **tables = NULL;
    size_t ntables = 0;
    if (opts->map_path) {
        struct vo_map *m = NULL;
        if ((rc = vo_map_load(opts->map_path, svc->arena, &m, e)))
            return rc;
        rep->map_name = vo_map_name(m);
        if ((rc = vo_map_apply(m, dir, svc->arena, &rep->map, &rep->problems, &rep->warnings, e)))
            return rc;
        tables = rep->map.tables;
        ntables = rep->map.ntables;
    } else if ((rc = read_dir(&im, dir, &tables, &ntables, e))) {
        return rc;
    }

    im.users = g_hash_table_new(g_str_hash, g_str_equal);
    im.pipes = g_hash_table_new(g_str_hash, g_str_equal);
    im.pipe_ids = g_hash_table_new(g_int64_hash, g_int64_equal);
    im.seen = g_hash_table_new(g_str_hash, g_str_equal);
    im.moves = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t k = 0; k < 6; k++)
        im.failed[k] = g_hash_table_new(g_str_hash, g_str_equal);

    rc = vo_store_begin(svc->st, e);
    if (rc)
        goto out;
    for (size_t fi = 0; fi < vo_map_target_count && !im.fatal; fi++)
        for (size_t ti = 0; ti < ntables && !im.fatal; ti++)
            if (strcmp(tables[ti]->target, vo_map_targets[fi].name) == 0)
                import_table(&im, fi, tables[ti]);
    if (svc->arena->refused != refused) {
        rc = vo_error_set(e, VO_ENOMEM, NULL, "out of memory: nothing was imported");
    } else if (im.fatal) {
        *e = im.fe;
        rc = im.fatal;
    } else if (rep->problems.n) {
        rc = vo_error_set(e, VO_EINVAL, NULL, "%zu problem%s in the input: nothing was imported",
                          rep->problems.n, rep->problems.n == 1 ? "" : "s");
    } else if (!opts->dry_run) {
        rc = vo_store_audit(svc->st, svc->org.id, svc->actor_id, "import", "import", 0,
                            audit_detail(&im, dir), e);
        if (!rc)
            rc = vo_store_commit(svc->st, e);
        rep->committed = rc == VO_OK;
    }
    if (!rep->committed)
        vo_store_rollback(svc->st);
out:
    g_hash_table_destroy(im.users);
    g_hash_table_destroy(im.pipes);
    g_hash_table_destroy(im.pipe_ids);
    g_hash_table_destroy(im.seen);
    g_hash_table_destroy(im.moves);
    for (size_t k = 0; k < 6; k++)
        g_hash_table_destroy(im.failed[k]);
    return rc;
}

const struct vo_import_count *vo_import_report_file(const struct vo_import_report *rep,
                                                    const char *file)
{
    for (size_t i = 0; i < rep->nfiles; i++)
        if (strcmp(rep->files[i].file, file) == 0)
            return &rep->files[i];
    return NULL;
}

/* ---- printing ---- */

static const char *rows_word(int64_t n)
{
    return n == 1 ? "row" : "rows";
}

static void print_note(FILE *f, const char *indent, const struct vo_csv_note *n)
{
    fprintf(f, "%s%s", indent, n->file);
    if (n->line > 0)
        fprintf(f, ":%lld", (long long)n->line);
    if (n->column)
        fprintf(f, ": %s", n->column);
    fprintf(f, ": %s\n", n->msg);
}

/* Line numbers as runs ("2, 5-9, 12"), wrapped; at most `limit` runs
 * (0 = all). */
static void print_lines(FILE *f, const struct vo_map_group *g, size_t limit)
{
    size_t col = 10, runs = 0, i = 0;
    fprintf(f, "    lines ");
    while (i < g->n && (!limit || runs < limit)) {
        size_t j = i;
        while (j + 1 < g->n && g->lines[j + 1] == g->lines[j] + 1)
            j++;
        char num[64];
        int len = j > i ? snprintf(num, sizeof num, "%lld-%lld", (long long)g->lines[i],
                                   (long long)g->lines[j])
                        : snprintf(num, sizeof num, "%lld", (long long)g->lines[i]);
        if (runs && col + (size_t)len + 2 > 96) {
            fprintf(f, ",\n          ");
            col = 10;
        } else if (runs) {
            fprintf(f, ", ");
            col += 2;
        }
        fprintf(f, "%s", num);
        col += (size_t)len;
        runs++;
        i = j + 1;
    }
    if (i < g->n)
        fprintf(f, " ... and %zu more (--verbose lists them all)", g->n - i);
    fprintf(f, "\n");
}

void vo_import_report_print(const struct vo_import_report *rep, FILE *out, FILE *err, bool verbose)
{
    const struct vo_map_result *m = &rep->map;
    fprintf(out, "Import of %s%s%s%s\n", rep->dir, rep->map_name ? " through the mapping " : "",
            rep->map_name ? rep->map_name : "", rep->dry_run ? " (dry run)" : "");
    fprintf(out, "  %-20s %9s %9s %9s %9s\n", "file", "rows", "created", "updated", "unchanged");
    for (size_t i = 0; i < rep->nfiles; i++) {
        const struct vo_import_count *c = &rep->files[i];
        if (!c->present)
            continue;
        fprintf(out, "  %-20s %9lld %9lld %9lld %9lld\n", c->file, (long long)c->rows,
                (long long)c->created, (long long)c->updated, (long long)c->unchanged);
    }
    if (m->nsources) {
        fprintf(out, "Source files:\n");
        for (size_t i = 0; i < m->nsources; i++) {
            const struct vo_map_source *s = &m->sources[i];
            fprintf(out, "  %s: %lld %s read -> %s: %lld %s", s->file, (long long)s->read,
                    rows_word(s->read), s->target, (long long)s->produced, rows_word(s->produced));
            if (s->merged)
                fprintf(out, ", %lld repeated rows merged", (long long)s->merged);
            if (s->skipped)
                fprintf(out, ", %lld skipped (listed below)", (long long)s->skipped);
            fprintf(out, "\n");
        }
    }
    if (m->ncounts) {
        fprintf(out, "Values changed by the mapping:\n");
        for (size_t i = 0; i < m->ncounts; i++)
            fprintf(out, "  %s: %s: \"%s\" -> \"%s\" on %lld %s\n", m->counts[i].file,
                    m->counts[i].column, m->counts[i].from, m->counts[i].to,
                    (long long)m->counts[i].n, rows_word(m->counts[i].n));
    }
    bool any_skip = false;
    for (size_t i = 0; i < m->nskips; i++)
        any_skip |= m->skips[i].n > 0;
    if (any_skip) {
        fprintf(out, "Rows the mapping skipped (not imported):\n");
        for (size_t i = 0; i < m->nskips; i++) {
            if (!m->skips[i].n)
                continue;
            fprintf(out, "  %s: %zu %s: %s\n", m->skips[i].file, m->skips[i].n,
                    rows_word((int64_t)m->skips[i].n), m->skips[i].reason);
            print_lines(out, &m->skips[i], 0);
        }
    }
    bool any_empty = false;
    for (size_t i = 0; i < m->nempties; i++)
        any_empty |= m->empties[i].n > 0;
    if (rep->warnings.n || any_empty) {
        fprintf(out, "Warnings:\n");
        for (size_t i = 0; i < m->nempties; i++) {
            if (!m->empties[i].n)
                continue;
            fprintf(out, "  %s: %s: %zu %s: %s\n", m->empties[i].file, m->empties[i].column,
                    m->empties[i].n, rows_word((int64_t)m->empties[i].n), m->empties[i].reason);
            print_lines(out, &m->empties[i], verbose ? 0 : 20);
        }
        for (size_t i = 0; i < rep->warnings.n; i++)
            print_note(out, "  ", &rep->warnings.v[i]);
    }
    if (rep->users_without_password && (rep->committed || rep->dry_run))
        fprintf(out,
                "%lld user%s %s created without a password: they cannot log in until an "
                "administrator sets one (voronka user passwd EMAIL|NAME)\n",
                (long long)rep->users_without_password, rep->users_without_password == 1 ? "" : "s",
                rep->committed ? (rep->users_without_password == 1 ? "was" : "were") : "would be");
    for (size_t i = 0; i < rep->problems.n; i++)
        print_note(err, "", &rep->problems.v[i]);
    if (rep->problems.n)
        fprintf(err, "%zu problem%s: nothing was imported\n", rep->problems.n,
                rep->problems.n == 1 ? "" : "s");
    else if (rep->committed)
        fprintf(out, "Imported.\n");
    else if (rep->dry_run)
        fprintf(out, "Dry run: every check passed; nothing was written.\n");
}
