/*
 * import_people.c - the rows of users.csv and products.csv, and
 * pipelines.csv (a whole file: a pipeline's stages in their order).
 */
#include "service/import_int.h"

/* ---- one function per file ---- */

/* Finds the user a row of users.csv names: by email, else by name (for a
 * row without email, or a user who has none). false: the row stops here
 * (a problem noted, or the store failed). */
static bool user_find(struct row *rw, const char *name, const char *email, struct vo_user *old,
                      bool *found)
{
    struct imp *im = rw->im;
    struct vo_svc *svc = im->svc;
    struct vo_error e = {0};
    vo_err rc = VO_ENOTFOUND;
    if (email) {
        rc = vo_store_user_find_email(svc->st, svc->org.id, email, im->a, old, &e);
        *found = rc == VO_OK;
    }
    if (!*found && (rc == VO_ENOTFOUND)) {
        int count = 0;
        rc = vo_store_user_find_name(svc->st, svc->org.id, name, im->a, old, &count, &e);
        if (rc == VO_OK && count > 1 && !email) {
            imp_problem(rw, "name", "%d users are named \"%s\": give the email", count, name);
            return false;
        }
        *found = rc == VO_OK && count == 1 && (!email || !old->email);
    }
    if (rc && rc != VO_ENOTFOUND) {
        imp_fatal(im, &e);
        return false;
    }
    return true;
}

/* Writes user u of a row of users.csv: a new one (old == NULL), or old
 * changed (nothing written when u is the same). */
static void user_write(struct row *rw, struct vo_import_count *cnt, const struct vo_user *old,
                       struct vo_user *u)
{
    struct imp *im = rw->im;
    struct vo_svc *svc = im->svc;
    struct vo_error e = {0};
    vo_err rc;
    /* The rules of the routes' and the CLI's user writes
     * (vo_svc_user_check: an administrator's, the last admin kept), named
     * by the column that makes the write. */
    if (!old) {
        const char *col = u->email ? "email" : "name";
        if (!(rc = vo_svc_user_check(svc, NULL, u, &e)))
            rc = vo_store_user_insert(svc->st, u, &e);
        if (!rc)
            im->rep->users_without_password++;
        imp_counted(rw, VO_OBJ_USER, col, cnt, rc, VO_UPSERT_CREATED, &e);
        return;
    }
    bool same_email =
        (!old->email && !u->email) || (old->email && u->email && !strcmp(old->email, u->email));
    const char *col = old->role != u->role              ? "role"
                      : !same_email                     ? "email"
                      : strcmp(old->name, u->name) != 0 ? "name"
                      : old->team_id != u->team_id      ? "team"
                                                        : NULL;
    if (!col) {
        cnt->unchanged++;
        return;
    }
    if (!(rc = vo_svc_user_check(svc, old, u, &e)))
        rc = vo_store_user_update(svc->st, u, &e);
    imp_counted(rw, VO_OBJ_USER, col, cnt, rc, VO_UPSERT_UPDATED, &e);
}

void imp_row_users(struct row *rw, struct vo_import_count *cnt)
{
    struct imp *im = rw->im;
    struct vo_svc *svc = im->svc;
    const char *name = imp_need(rw, "name");
    const char *email_in = imp_get(rw, "email");
    const char *role = imp_get(rw, "role");
    const char *team = imp_get(rw, "team");
    bool has_team_col = imp_table_col(rw, "team") >= 0;
    struct vo_error e = {0};
    if (vo_text_check(VO_TEXT_NAME, team, "team", &e))
        imp_problem_e(rw, "team", &e);
    char *email = NULL;
    if (email_in) {
        email = vo_arena_strdup(im->a, email_in);
        if (vo_email_normalize(email, "email", &e))
            imp_problem_e(rw, "email", &e);
    }
    enum vo_role r = VO_ROLE_MANAGER;
    if (role && vo_role_parse(role, &r, "role", &e))
        imp_problem_e(rw, "role", &e);
    if (team && vo_text_required(VO_TEXT_NAME, team, "team", &e))
        imp_problem_e(rw, "team", &e);
    imp_dup_check(rw, email ? "email" : "name", email ? email : name);
    if (rw->failed)
        return;

    struct vo_user old;
    bool found = false;
    if (!user_find(rw, name, email, &old, &found))
        return;
    int64_t team_id = found ? old.team_id : 0;
    if (has_team_col)
        team_id = 0;
    bool new_team = false;
    if (team && vo_store_team_ensure(svc->st, svc->org.id, team, &team_id, &new_team, &e)) {
        imp_fatal(im, &e);
        return;
    }
    if (new_team && !imp_may_write(rw, VO_OBJ_TEAM, "team"))
        return;
    /* a new user is active from now; a known one keeps its email and role
     * unless the row gives them */
    struct vo_user u =
        found ? old
              : (struct vo_user){.org_id = svc->org.id, .active = true, .created_at = vo_now()};
    u.name = name;
    if (!found || email)
        u.email = email;
    if (!found || role)
        u.role = r;
    u.team_id = team_id;
    if (vo_user_validate(&u, &e)) {
        imp_problem_e(rw, "name", &e);
        return;
    }
    user_write(rw, cnt, found ? &old : NULL, &u);
}

void imp_row_products(struct row *rw, struct vo_import_count *cnt)
{
    struct vo_product p = {.org_id = rw->im->svc->org.id};
    p.ext_id = imp_need(rw, "id");
    p.name = imp_need(rw, "name");
    p.category = imp_get(rw, "category");
    p.price = imp_get_money(rw, "price", false);
    struct vo_error e = {0};
    if (!rw->failed && vo_product_validate(&p, &e))
        imp_problem_e(rw, NULL, &e);
    imp_dup_check(rw, "id", p.ext_id);
    IMP_STORE_EXT(rw, cnt, VO_EXT_PRODUCT, VO_OBJ_PRODUCT, vo_store_product_upsert, p, &e);
}

/* pipelines.csv is checked whole (positions 1..n per pipeline) before any
 * stage is written; see import_pipelines. */
struct stage_row {
    struct row rw;
    const char *pipeline;
    struct vo_stage s;
};

void imp_import_pipelines(struct imp *im, struct row *rows, size_t n, struct vo_import_count *cnt)
{
    struct stage_row *sr = VO_ARENA_ARRAY(im->a, struct stage_row, n ? n : 1);
    if (!sr)
        return;
    for (size_t i = 0; i < n; i++) {
        struct row *rw = &sr[i].rw;
        *rw = rows[i];
        sr[i].pipeline = imp_need(rw, "pipeline");
        struct vo_error e = {0};
        if (sr[i].pipeline && vo_text_required(VO_TEXT_NAME, sr[i].pipeline, "pipeline", &e))
            imp_problem_e(rw, "pipeline", &e);
        sr[i].s.name = imp_need(rw, "stage");
        sr[i].s.org_id = im->svc->org.id;
        sr[i].s.position = (int)imp_parse_int(rw, "position", imp_need(rw, "position"), 1, 1000);
        /* the bounds are vo_stage_validate's (model.h) */
        sr[i].s.max_days = imp_parse_int(rw, "max_days", imp_get(rw, "max_days"), 1, INT64_MAX);
        if (!rw->failed && vo_stage_validate(&sr[i].s, &e))
            imp_problem_e(rw, "stage", &e);
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
                    imp_problem(&sr[j].rw, "stage", "stage \"%s\" appears again (line %lld)",
                                sr[j].s.name, (long long)sr[k].rw.r->line);
                else if (sr[k].s.position == sr[j].s.position)
                    imp_problem(&sr[j].rw, "position",
                                "position %d is already \"%s\" (line %lld): positions are unique",
                                sr[j].s.position, sr[k].s.name, (long long)sr[k].rw.r->line);
            }
        }
        if (maxpos > count)
            imp_problem(&sr[i].rw, "position",
                        "pipeline \"%s\" has %zu stages but a position %zu: positions run 1..%zu "
                        "without gaps",
                        sr[i].pipeline, count, maxpos, count);
    }
    if (im->skip) {
        /* A pipeline is checked whole: a rejected row of it rejects all. */
        for (size_t i = 0; i < n; i++)
            if (sr[i].rw.failed && sr[i].pipeline &&
                !g_hash_table_contains(im->failed_pipes, sr[i].pipeline))
                g_hash_table_insert(im->failed_pipes, (char *)sr[i].pipeline,
                                    (void *)imp_where(&sr[i].rw));
        for (size_t i = 0; i < n; i++) {
            gpointer where = NULL;
            if (!sr[i].rw.failed && sr[i].pipeline &&
                g_hash_table_lookup_extended(im->failed_pipes, sr[i].pipeline, NULL, &where))
                imp_depends(&sr[i].rw, "pipeline", where);
        }
    }
    for (size_t i = 0; i < n && !im->fatal; i++) {
        struct row *rw = &sr[i].rw;
        if (rw->failed) {
            imp_row_close(rw, cnt);
            continue;
        }
        if (!imp_row_open(rw))
            break;
        struct vo_error e = {0};
        bool created = false;
        vo_err rc = vo_store_pipeline_ensure(im->svc->st, im->svc->org.id, sr[i].pipeline,
                                             &sr[i].s.pipeline_id, &created, &e);
        if (rc) {
            imp_fatal(im, &e);
            break;
        }
        if (created && !imp_may_write(rw, VO_OBJ_PIPELINE, "pipeline"))
            break;
        enum vo_upsert res;
        rc = vo_store_stage_upsert(im->svc->st, &sr[i].s, &res, &e);
        imp_counted(rw, VO_OBJ_STAGE, "stage", cnt, rc, res, &e);
        imp_row_close(rw, cnt);
    }
}
