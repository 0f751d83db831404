/*
 * onboarding_store.c - the onboarding templates, plans and items
 * (onboarding_store.h; migration 28). Every statement names the org and
 * binds its parameters.
 */
#include "store/onboarding_store.h"

#include "model/model.h"
#include "store/store.h"
#include "store/store_int.h"

/* ---- templates ---- */

VO_ST_ROW_FN(template_row, vo_onb_template_item, VO_C_INT(position), VO_C_TEXT(title),
             VO_C_TEXT(kind), VO_C_INT(due_day), VO_C_INT(document_id), VO_C_TEXT(document_title))

static const char SQL_TPL_LIST[] =
    "SELECT t.position, t.title, t.kind, t.due_day, t.document_id, d.title "
    "FROM onboarding_template_items t LEFT JOIN documents d ON d.org_id = t.org_id AND "
    "d.id = t.document_id WHERE t.org_id = ?1 AND t.role = ?2 ORDER BY t.position";

vo_err vo_store_onb_template(struct vo_store *st, int64_t org, const char *role, struct vo_arena *a,
                             struct vo_onb_template_item **out, size_t *n, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_TEXT(role)};
    return vo_st_list(st, SQL_TPL_LIST, p, VO_ST_N(p), a, sizeof **out, template_row, out, n,
                      "onboarding template", e);
}

static const char SQL_TPL_CLEAR[] =
    "DELETE FROM onboarding_template_items WHERE org_id = ?1 AND role = ?2";
static const char SQL_TPL_INSERT[] =
    "INSERT INTO onboarding_template_items(org_id, role, position, title, kind, due_day, "
    "document_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

vo_err vo_store_onb_template_put(struct vo_store *st, int64_t org, const char *role,
                                 const struct vo_onb_template_item *v, size_t n, struct vo_error *e)
{
    const struct vo_st_param k[] = {VO_P_I64(org), VO_P_TEXT(role)};
    vo_err rc = vo_st_run(st, SQL_TPL_CLEAR, k, VO_ST_N(k), "onboarding template", e);
    for (size_t i = 0; !rc && i < n; i++) {
        const struct vo_st_param p[] = {VO_P_I64(org),
                                        VO_P_TEXT(role),
                                        VO_P_I64((int64_t)i + 1),
                                        VO_P_TEXT(v[i].title),
                                        VO_P_TEXT(v[i].kind),
                                        VO_P_I64(v[i].due_day),
                                        VO_P_ID(v[i].document_id)};
        rc = vo_st_run(st, SQL_TPL_INSERT, p, VO_ST_N(p), "onboarding template item", e);
    }
    return rc;
}

/* ---- plans ---- */

#define PLAN_COLS                                                                                  \
    "SELECT p.id, p.org_id, p.user_id, p.mentor_id, p.role, p.start_date, p.status, p.closed_at, " \
    "p.closed_by, p.created_by, p.created_at, u.name, m.name FROM onboarding_plans p "             \
    "JOIN users u ON u.org_id = p.org_id AND u.id = p.user_id "                                    \
    "LEFT JOIN users m ON m.org_id = p.org_id AND m.id = p.mentor_id"

VO_ST_ROW_FN(plan_row, vo_onb_plan, VO_C_INT(id), VO_C_INT(org_id), VO_C_INT(user_id),
             VO_C_INT(mentor_id), VO_C_TEXT(role), VO_C_TEXT(start_date), VO_C_TEXT(status),
             VO_C_OPT(closed_at), VO_C_INT(closed_by), VO_C_INT(created_by), VO_C_INT(created_at),
             VO_C_TEXT(user_name), VO_C_TEXT(mentor_name))

static const char SQL_PLAN_LIST[] =
    PLAN_COLS " WHERE p.org_id = ?1 AND (?2 = 0 OR p.user_id = ?2) AND "
              "(?3 = 0 OR p.mentor_id = ?3) AND (?4 IS NULL OR p.status = ?4) "
              "ORDER BY p.status = 'closed', p.start_date DESC, p.id DESC";

vo_err vo_store_onb_plan_list(struct vo_store *st, int64_t org, const struct vo_onb_filter *f,
                              struct vo_arena *a, struct vo_onb_plan **out, size_t *n,
                              struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(f->user_id), VO_P_I64(f->mentor_id),
                                    VO_P_TEXT(f->status)};
    return vo_st_list(st, SQL_PLAN_LIST, p, VO_ST_N(p), a, sizeof **out, plan_row, out, n,
                      "onboarding plans", e);
}

static const char SQL_PLAN_GET[] = PLAN_COLS " WHERE p.org_id = ?1 AND p.id = ?2";

VO_ST_GET_FN(vo_store_onb_plan_get, struct vo_onb_plan, SQL_PLAN_GET, plan_row, "onboarding plan")

static const char SQL_PLAN_INSERT[] =
    "INSERT INTO onboarding_plans(org_id, user_id, mentor_id, role, start_date, status, "
    "closed_at, closed_by, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
    "?10)";

vo_err vo_store_onb_plan_insert(struct vo_store *st, struct vo_onb_plan *x, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(x->org_id),      VO_P_I64(x->user_id),
                                    VO_P_ID(x->mentor_id),    VO_P_TEXT(x->role),
                                    VO_P_TEXT(x->start_date), VO_P_TEXT(x->status),
                                    VO_P_OPT(x->closed_at),   VO_P_ID(x->closed_by),
                                    VO_P_ID(x->created_by),   VO_P_I64(x->created_at)};
    return vo_st_insert(st, SQL_PLAN_INSERT, p, VO_ST_N(p), &x->id, "onboarding plan", e);
}

static const char SQL_PLAN_UPDATE[] =
    "UPDATE onboarding_plans SET mentor_id = ?3, status = ?4, closed_at = ?5, closed_by = ?6 "
    "WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_onb_plan_update(struct vo_store *st, const struct vo_onb_plan *x,
                                struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(x->org_id),    VO_P_I64(x->id),
                                    VO_P_ID(x->mentor_id),  VO_P_TEXT(x->status),
                                    VO_P_OPT(x->closed_at), VO_P_ID(x->closed_by)};
    return vo_st_change_one(st, SQL_PLAN_UPDATE, p, VO_ST_N(p), "onboarding plan", "id",
                            "onboarding plan", x->id, e);
}

/* ---- items ---- */

VO_ST_ROW_FN(item_row, vo_onb_item, VO_C_INT(plan_id), VO_C_INT(position), VO_C_TEXT(title),
             VO_C_TEXT(kind), VO_C_TEXT(due_date), VO_C_INT(document_id), VO_C_OPT(done_at),
             VO_C_INT(done_by), VO_C_TEXT(document_title), VO_C_TEXT(done_by_name))

static const char SQL_ITEM_LIST[] =
    "SELECT i.plan_id, i.position, i.title, i.kind, i.due_date, i.document_id, i.done_at, "
    "i.done_by, d.title, u.name FROM onboarding_items i "
    "LEFT JOIN documents d ON d.org_id = i.org_id AND d.id = i.document_id "
    "LEFT JOIN users u ON u.org_id = i.org_id AND u.id = i.done_by "
    "WHERE i.org_id = ?1 AND (?2 = 0 OR i.plan_id = ?2) ORDER BY i.plan_id, i.position";

vo_err vo_store_onb_items(struct vo_store *st, int64_t org, int64_t plan, struct vo_arena *a,
                          struct vo_onb_item **out, size_t *n, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(plan)};
    return vo_st_list(st, SQL_ITEM_LIST, p, VO_ST_N(p), a, sizeof **out, item_row, out, n,
                      "onboarding items", e);
}

static const char SQL_ITEM_INSERT[] =
    "INSERT INTO onboarding_items(org_id, plan_id, position, title, kind, due_date, document_id) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

vo_err vo_store_onb_items_add(struct vo_store *st, int64_t org, int64_t plan,
                              const struct vo_onb_item *v, size_t n, struct vo_error *e)
{
    vo_err rc = VO_OK;
    for (size_t i = 0; !rc && i < n; i++) {
        const struct vo_st_param p[] = {VO_P_I64(org),
                                        VO_P_I64(plan),
                                        VO_P_I64(v[i].position),
                                        VO_P_TEXT(v[i].title),
                                        VO_P_TEXT(v[i].kind),
                                        VO_P_TEXT(v[i].due_date),
                                        VO_P_ID(v[i].document_id)};
        rc = vo_st_run(st, SQL_ITEM_INSERT, p, VO_ST_N(p), "onboarding item", e);
    }
    return rc;
}

static const char SQL_ITEM_MARK[] =
    "UPDATE onboarding_items SET done_at = ?4, done_by = ?5 WHERE org_id = ?1 AND plan_id = ?2 "
    "AND position = ?3";

vo_err vo_store_onb_item_mark(struct vo_store *st, int64_t org, int64_t plan, int64_t position,
                              int64_t done_at, int64_t done_by, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(plan), VO_P_I64(position),
                                    VO_P_OPT(done_at), VO_P_ID(done_by)};
    return vo_st_change_one(st, SQL_ITEM_MARK, p, VO_ST_N(p), "onboarding item", "n",
                            "onboarding item", position, e);
}
