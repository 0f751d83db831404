/*
 * records.c - the CRM records that imports and generators write: products,
 * pipelines and stages, clients, deals and their stage changes, activities,
 * tasks, payments, plans, marketing spend, NPS responses and holidays.
 *
 * Every upsert is one INSERT ... ON CONFLICT (key) DO UPDATE ... WHERE the
 * stored row differs, so re-importing the same data writes nothing and a
 * changed row is updated in place (vo_st_upsert tells which happened).
 * The rows a live dataset keeps (clients, deals, activities, tasks,
 * payments, plans) carry a revision: the update adds one to it, and the
 * record gets the stored row's (vo_st_upsert: from the look-up, +1 when it
 * wrote; no RETURNING, which doubled the cost of a bulk insert).
 */
#include "store/store_int.h"

#include <stdio.h>
#include <string.h>

/* ---- products ---- */

static const char SQL_PRODUCT_FIND[] = "SELECT id FROM products WHERE org_id = ?1 AND ext_id = ?2";
static const char SQL_PRODUCT_UPSERT[] =
    "INSERT INTO products(org_id, ext_id, name, category, price) VALUES(?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT(org_id, ext_id) DO UPDATE SET name = excluded.name, "
    "category = excluded.category, price = excluded.price "
    "WHERE (products.name, products.category, products.price) IS NOT "
    "(excluded.name, excluded.category, excluded.price)";

vo_err vo_store_product_upsert(struct vo_store *st, struct vo_product *p, enum vo_upsert *res,
                               struct vo_error *e)
{
    sqlite3_stmt *f = res ? vo_st_prep(st, SQL_PRODUCT_FIND, e) : NULL;
    sqlite3_stmt *w = vo_st_prep(st, SQL_PRODUCT_UPSERT, e);
    if ((res && !f) || !w)
        return VO_ESTORE;
    if (f) {
        vo_st_i64(f, 1, p->org_id);
        vo_st_text(f, 2, p->ext_id);
    }
    vo_st_i64(w, 1, p->org_id);
    vo_st_text(w, 2, p->ext_id);
    vo_st_text(w, 3, p->name);
    vo_st_text(w, 4, p->category);
    vo_st_opt(w, 5, p->price);
    return vo_st_upsert(st, f, w, &p->id, NULL, res, "product", e);
}

/* ---- pipelines and stages ---- */

static const char SQL_PIPELINE_FIND[] = "SELECT id FROM pipelines WHERE org_id = ?1 AND name = ?2";
static const char SQL_PIPELINE_INSERT[] = "INSERT INTO pipelines(org_id, name) VALUES(?1, ?2)";

vo_err vo_store_pipeline_find(struct vo_store *st, int64_t org, const char *name, int64_t *id,
                              struct vo_error *e)
{
    sqlite3_stmt *s = vo_st_prep(st, SQL_PIPELINE_FIND, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, org);
    vo_st_text(s, 2, name);
    vo_err rc = vo_st_one_i64(st, s, id, "pipeline", e);
    if (rc == VO_ENOTFOUND)
        vo_error_set(e, VO_ENOTFOUND, "pipeline", "no pipeline \"%s\"", name);
    return rc;
}

vo_err vo_store_pipeline_ensure(struct vo_store *st, int64_t org, const char *name, int64_t *id,
                                bool *created, struct vo_error *e)
{
    if (created)
        *created = false;
    vo_err rc = vo_store_pipeline_find(st, org, name, id, e);
    if (rc != VO_ENOTFOUND)
        return rc;
    sqlite3_stmt *s = vo_st_prep(st, SQL_PIPELINE_INSERT, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, org);
    vo_st_text(s, 2, name);
    rc = vo_st_exec(st, s, "pipeline", e);
    if (rc)
        return rc;
    *id = sqlite3_last_insert_rowid(st->db);
    if (created)
        *created = true;
    return VO_OK;
}

static const char SQL_STAGE_FIND[] = "SELECT id FROM stages WHERE pipeline_id = ?1 AND name = ?2";
static const char SQL_STAGE_UPSERT[] =
    "INSERT INTO stages(org_id, pipeline_id, name, position, max_days) "
    "VALUES(?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT(pipeline_id, name) DO UPDATE SET position = excluded.position, "
    "max_days = excluded.max_days "
    "WHERE (stages.position, stages.max_days) IS NOT (excluded.position, excluded.max_days)";

vo_err vo_store_stage_find(struct vo_store *st, int64_t pipeline, const char *name, int64_t *id,
                           struct vo_error *e)
{
    sqlite3_stmt *s = vo_st_prep(st, SQL_STAGE_FIND, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, pipeline);
    vo_st_text(s, 2, name);
    vo_err rc = vo_st_one_i64(st, s, id, "stage", e);
    if (rc == VO_ENOTFOUND)
        vo_error_set(e, VO_ENOTFOUND, "stage", "no stage \"%s\" in the pipeline", name);
    return rc;
}

vo_err vo_store_stage_upsert(struct vo_store *st, struct vo_stage *sg, enum vo_upsert *res,
                             struct vo_error *e)
{
    sqlite3_stmt *f = res ? vo_st_prep(st, SQL_STAGE_FIND, e) : NULL;
    sqlite3_stmt *w = vo_st_prep(st, SQL_STAGE_UPSERT, e);
    if ((res && !f) || !w)
        return VO_ESTORE;
    if (f) {
        vo_st_i64(f, 1, sg->pipeline_id);
        vo_st_text(f, 2, sg->name);
    }
    vo_st_i64(w, 1, sg->org_id);
    vo_st_i64(w, 2, sg->pipeline_id);
    vo_st_text(w, 3, sg->name);
    vo_st_i64(w, 4, sg->position);
    vo_st_opt(w, 5, sg->max_days);
    return vo_st_upsert(st, f, w, &sg->id, NULL, res, "stage", e);
}

static const char SQL_STAGE_LIST[] =
    "SELECT id, org_id, pipeline_id, name, position, max_days FROM stages "
    "WHERE pipeline_id = ?1 ORDER BY position, id";

vo_err vo_store_stage_list(struct vo_store *st, int64_t pipeline, struct vo_arena *a,
                           struct vo_stage **out, size_t *n, struct vo_error *e)
{
    sqlite3_stmt *s = vo_st_prep(st, SQL_STAGE_LIST, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, pipeline);
    size_t cap = 0, cnt = 0;
    struct vo_stage *v = NULL;
    int rc = SQLITE_DONE;
    bool oom = false;
    size_t refused = a->refused;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        void *grown = vo_arena_grow(a, v, &cap, cnt, sizeof *v);
        if ((oom = !grown))
            break;
        v = grown;
        struct vo_stage *sg = &v[cnt++];
        sg->id = sqlite3_column_int64(s, 0);
        sg->org_id = sqlite3_column_int64(s, 1);
        sg->pipeline_id = sqlite3_column_int64(s, 2);
        sg->name = vo_st_col_text(s, 3, a);
        sg->position = sqlite3_column_int(s, 4);
        sg->max_days = vo_st_col_opt(s, 5);
    }
    sqlite3_reset(s);
    if (oom || a->refused != refused)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    if (rc != SQLITE_DONE)
        return vo_st_fail(st, "stage", e);
    *out = v;
    *n = cnt;
    return VO_OK;
}

/* ---- clients ---- */

static const char SQL_CLIENT_FIND[] =
    "SELECT id, rev FROM clients WHERE org_id = ?1 AND ext_id = ?2";
static const char SQL_CLIENT_UPSERT[] =
    "INSERT INTO clients(org_id, ext_id, name, channel, region, segment, source, owner_id, "
    "created_at, key_account, custom) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
    "ON CONFLICT(org_id, ext_id) DO UPDATE SET name = excluded.name, "
    "channel = excluded.channel, region = excluded.region, segment = excluded.segment, "
    "source = excluded.source, owner_id = excluded.owner_id, created_at = excluded.created_at, "
    "key_account = excluded.key_account, custom = excluded.custom, rev = clients.rev + 1 "
    "WHERE (clients.name, clients.channel, clients.region, clients.segment, clients.source, "
    "clients.owner_id, clients.created_at, clients.key_account, clients.custom) IS NOT "
    "(excluded.name, excluded.channel, excluded.region, excluded.segment, excluded.source, "
    "excluded.owner_id, excluded.created_at, excluded.key_account, excluded.custom)";

vo_err vo_store_client_upsert(struct vo_store *st, struct vo_client *c, enum vo_upsert *res,
                              struct vo_error *e)
{
    sqlite3_stmt *f = res ? vo_st_prep(st, SQL_CLIENT_FIND, e) : NULL;
    sqlite3_stmt *w = vo_st_prep(st, SQL_CLIENT_UPSERT, e);
    if ((res && !f) || !w)
        return VO_ESTORE;
    if (f) {
        vo_st_i64(f, 1, c->org_id);
        vo_st_text(f, 2, c->ext_id);
    }
    vo_st_i64(w, 1, c->org_id);
    vo_st_text(w, 2, c->ext_id);
    vo_st_text(w, 3, c->name);
    vo_st_text(w, 4, c->channel);
    vo_st_text(w, 5, c->region);
    vo_st_text(w, 6, c->segment);
    vo_st_text(w, 7, c->source);
    vo_st_id(w, 8, c->owner_id);
    vo_st_opt(w, 9, c->created_at);
    vo_st_i64(w, 10, c->key_account);
    vo_st_text(w, 11, c->custom ? c->custom : "{}");
    return vo_st_upsert(st, f, w, &c->id, &c->rev, res, "client", e);
}

/* ---- deals ---- */

static const char SQL_DEAL_FIND[] = "SELECT id, rev FROM deals WHERE org_id = ?1 AND ext_id = ?2";
static const char SQL_DEAL_UPSERT[] =
    "INSERT INTO deals(org_id, ext_id, title, client_id, product_id, pipeline_id, stage_id, "
    "owner_id, status, amount, created_at, closed_at, loss_reason, channel, source, custom) "
    "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) "
    "ON CONFLICT(org_id, ext_id) DO UPDATE SET title = excluded.title, "
    "client_id = excluded.client_id, product_id = excluded.product_id, "
    "pipeline_id = excluded.pipeline_id, stage_id = excluded.stage_id, "
    "owner_id = excluded.owner_id, status = excluded.status, amount = excluded.amount, "
    "created_at = excluded.created_at, closed_at = excluded.closed_at, "
    "loss_reason = excluded.loss_reason, channel = excluded.channel, "
    "source = excluded.source, custom = excluded.custom, rev = deals.rev + 1 "
    "WHERE (deals.title, deals.client_id, deals.product_id, deals.pipeline_id, deals.stage_id, "
    "deals.owner_id, deals.status, deals.amount, deals.created_at, deals.closed_at, "
    "deals.loss_reason, deals.channel, deals.source, deals.custom) IS NOT "
    "(excluded.title, excluded.client_id, excluded.product_id, excluded.pipeline_id, "
    "excluded.stage_id, excluded.owner_id, excluded.status, excluded.amount, "
    "excluded.created_at, excluded.closed_at, excluded.loss_reason, excluded.channel, "
    "excluded.source, excluded.custom)";

vo_err vo_store_deal_upsert(struct vo_store *st, struct vo_deal *d, enum vo_upsert *res,
                            struct vo_error *e)
{
    sqlite3_stmt *f = res ? vo_st_prep(st, SQL_DEAL_FIND, e) : NULL;
    sqlite3_stmt *w = vo_st_prep(st, SQL_DEAL_UPSERT, e);
    if ((res && !f) || !w)
        return VO_ESTORE;
    if (f) {
        vo_st_i64(f, 1, d->org_id);
        vo_st_text(f, 2, d->ext_id);
    }
    vo_st_i64(w, 1, d->org_id);
    vo_st_text(w, 2, d->ext_id);
    vo_st_text(w, 3, d->title);
    vo_st_id(w, 4, d->client_id);
    vo_st_id(w, 5, d->product_id);
    vo_st_i64(w, 6, d->pipeline_id);
    vo_st_id(w, 7, d->stage_id);
    vo_st_i64(w, 8, d->owner_id);
    vo_st_text(w, 9, vo_deal_status_name(d->status));
    vo_st_opt(w, 10, d->amount);
    vo_st_i64(w, 11, d->created_at);
    vo_st_opt(w, 12, d->closed_at);
    vo_st_text(w, 13, d->loss_reason);
    vo_st_text(w, 14, d->channel);
    vo_st_text(w, 15, d->source);
    vo_st_text(w, 16, d->custom ? d->custom : "{}");
    return vo_st_upsert(st, f, w, &d->id, &d->rev, res, "deal", e);
}

static const char SQL_DEAL_HISTORY[] = "SELECT count(*) FROM stage_changes WHERE deal_id = ?1";

vo_err vo_store_deal_has_history(struct vo_store *st, int64_t deal, bool *has, struct vo_error *e)
{
    sqlite3_stmt *s = vo_st_prep(st, SQL_DEAL_HISTORY, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, deal);
    int64_t n = 0;
    vo_err rc = vo_st_one_i64(st, s, &n, "stage history", e);
    *has = n > 0;
    return rc;
}

/* ---- stage changes ----
 *
 * A stage change is identified by its id alone: every move is a row, even
 * two moves into one stage within the same second. An insert takes the
 * next id (above every stored one), so (at, id) is the order of the moves.
 * The import matches its rows by their natural key (deal, stage, at) and
 * occurrence: the file's n-th row with a key is the n-th stored row with
 * it, in id order, so a re-import finds every row it wrote and a file that
 * lists the same key twice keeps two moves. */

static const char SQL_SC_INSERT[] =
    "INSERT INTO stage_changes(org_id, deal_id, stage_id, at, user_id) "
    "VALUES(?1, ?2, ?3, ?4, ?5)";

vo_err vo_store_stage_change_insert(struct vo_store *st, struct vo_stage_change *c,
                                    struct vo_error *e)
{
    sqlite3_stmt *s = vo_st_prep(st, SQL_SC_INSERT, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, c->org_id);
    vo_st_i64(s, 2, c->deal_id);
    vo_st_i64(s, 3, c->stage_id);
    vo_st_i64(s, 4, c->at);
    vo_st_id(s, 5, c->user_id);
    vo_err rc = vo_st_exec(st, s, "stage change", e);
    if (!rc)
        c->id = sqlite3_last_insert_rowid(st->db);
    return rc;
}

static const char SQL_SC_FIND[] =
    "SELECT id FROM stage_changes WHERE deal_id = ?1 AND stage_id = ?2 AND at = ?3 "
    "ORDER BY id LIMIT 1 OFFSET ?4";
static const char SQL_SC_SET_USER[] =
    "UPDATE stage_changes SET user_id = ?2 WHERE id = ?1 AND user_id IS NOT ?2";

vo_err vo_store_stage_change_upsert(struct vo_store *st, struct vo_stage_change *c, int64_t nth,
                                    enum vo_upsert *res, struct vo_error *e)
{
    if (!res)
        return vo_store_stage_change_insert(st, c, e);
    sqlite3_stmt *f = vo_st_prep(st, SQL_SC_FIND, e);
    if (!f)
        return VO_ESTORE;
    vo_st_i64(f, 1, c->deal_id);
    vo_st_i64(f, 2, c->stage_id);
    vo_st_i64(f, 3, c->at);
    vo_st_i64(f, 4, nth);
    int64_t id = 0;
    vo_err rc = vo_st_one_i64(st, f, &id, "stage change", e);
    if (rc == VO_ENOTFOUND) {
        *res = VO_UPSERT_CREATED;
        return vo_store_stage_change_insert(st, c, e);
    }
    if (rc)
        return rc;
    sqlite3_stmt *w = vo_st_prep(st, SQL_SC_SET_USER, e);
    if (!w)
        return VO_ESTORE;
    vo_st_i64(w, 1, id);
    vo_st_id(w, 2, c->user_id);
    if ((rc = vo_st_exec(st, w, "stage change", e)))
        return rc;
    c->id = id;
    *res = sqlite3_changes(st->db) ? VO_UPSERT_UPDATED : VO_UPSERT_UNCHANGED;
    return VO_OK;
}

/* ---- activities ---- */

static const char SQL_ACT_FIND[] =
    "SELECT id, rev FROM activities WHERE org_id = ?1 AND ext_id = ?2";
static const char SQL_ACT_UPSERT[] =
    "INSERT INTO activities(org_id, ext_id, type, user_id, at, deal_id, client_id, duration_s, "
    "direction, outcome, recording_url) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
    "ON CONFLICT(org_id, ext_id) DO UPDATE SET type = excluded.type, user_id = excluded.user_id, "
    "at = excluded.at, deal_id = excluded.deal_id, client_id = excluded.client_id, "
    "duration_s = excluded.duration_s, direction = excluded.direction, "
    "outcome = excluded.outcome, recording_url = excluded.recording_url, "
    "rev = activities.rev + 1 "
    "WHERE (activities.type, activities.user_id, activities.at, activities.deal_id, "
    "activities.client_id, activities.duration_s, activities.direction, activities.outcome, "
    "activities.recording_url) IS NOT (excluded.type, excluded.user_id, excluded.at, "
    "excluded.deal_id, excluded.client_id, excluded.duration_s, excluded.direction, "
    "excluded.outcome, excluded.recording_url)";

vo_err vo_store_activity_upsert(struct vo_store *st, struct vo_activity *a, enum vo_upsert *res,
                                struct vo_error *e)
{
    sqlite3_stmt *f = res ? vo_st_prep(st, SQL_ACT_FIND, e) : NULL;
    sqlite3_stmt *w = vo_st_prep(st, SQL_ACT_UPSERT, e);
    if ((res && !f) || !w)
        return VO_ESTORE;
    if (f) {
        vo_st_i64(f, 1, a->org_id);
        vo_st_text(f, 2, a->ext_id);
    }
    vo_st_i64(w, 1, a->org_id);
    vo_st_text(w, 2, a->ext_id);
    vo_st_text(w, 3, vo_activity_type_name(a->type));
    vo_st_i64(w, 4, a->user_id);
    vo_st_i64(w, 5, a->at);
    vo_st_id(w, 6, a->deal_id);
    vo_st_id(w, 7, a->client_id);
    vo_st_opt(w, 8, a->duration_s);
    vo_st_text(w, 9, a->direction == VO_DIR_NONE ? NULL : vo_direction_name(a->direction));
    vo_st_text(w, 10, a->outcome);
    vo_st_text(w, 11, a->recording_url);
    return vo_st_upsert(st, f, w, &a->id, &a->rev, res, "activity", e);
}

/* ---- tasks ---- */

static const char SQL_TASK_FIND[] = "SELECT id, rev FROM tasks WHERE org_id = ?1 AND ext_id = ?2";
static const char SQL_TASK_UPSERT[] =
    "INSERT INTO tasks(org_id, ext_id, assignee_id, title, created_at, due_at, deal_id, "
    "client_id, done_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
    "ON CONFLICT(org_id, ext_id) DO UPDATE SET assignee_id = excluded.assignee_id, "
    "title = excluded.title, created_at = excluded.created_at, due_at = excluded.due_at, "
    "deal_id = excluded.deal_id, client_id = excluded.client_id, done_at = excluded.done_at, "
    "rev = tasks.rev + 1 "
    "WHERE (tasks.assignee_id, tasks.title, tasks.created_at, tasks.due_at, tasks.deal_id, "
    "tasks.client_id, tasks.done_at) IS NOT (excluded.assignee_id, excluded.title, "
    "excluded.created_at, excluded.due_at, excluded.deal_id, excluded.client_id, "
    "excluded.done_at)";

vo_err vo_store_task_upsert(struct vo_store *st, struct vo_task *t, enum vo_upsert *res,
                            struct vo_error *e)
{
    sqlite3_stmt *f = res ? vo_st_prep(st, SQL_TASK_FIND, e) : NULL;
    sqlite3_stmt *w = vo_st_prep(st, SQL_TASK_UPSERT, e);
    if ((res && !f) || !w)
        return VO_ESTORE;
    if (f) {
        vo_st_i64(f, 1, t->org_id);
        vo_st_text(f, 2, t->ext_id);
    }
    vo_st_i64(w, 1, t->org_id);
    vo_st_text(w, 2, t->ext_id);
    vo_st_i64(w, 3, t->assignee_id);
    vo_st_text(w, 4, t->title);
    vo_st_i64(w, 5, t->created_at);
    vo_st_i64(w, 6, t->due_at);
    vo_st_id(w, 7, t->deal_id);
    vo_st_id(w, 8, t->client_id);
    vo_st_opt(w, 9, t->done_at);
    return vo_st_upsert(st, f, w, &t->id, &t->rev, res, "task", e);
}

/* ---- payments ---- */

static const char SQL_PAY_FIND[] = "SELECT id, rev FROM payments WHERE org_id = ?1 AND ext_id = ?2";
static const char SQL_PAY_UPSERT[] =
    "INSERT INTO payments(org_id, ext_id, amount, paid_at, deal_id, client_id) "
    "VALUES(?1, ?2, ?3, ?4, ?5, ?6) "
    "ON CONFLICT(org_id, ext_id) DO UPDATE SET amount = excluded.amount, "
    "paid_at = excluded.paid_at, deal_id = excluded.deal_id, client_id = excluded.client_id, "
    "rev = payments.rev + 1 "
    "WHERE (payments.amount, payments.paid_at, payments.deal_id, payments.client_id) IS NOT "
    "(excluded.amount, excluded.paid_at, excluded.deal_id, excluded.client_id)";

vo_err vo_store_payment_upsert(struct vo_store *st, struct vo_payment *p, enum vo_upsert *res,
                               struct vo_error *e)
{
    sqlite3_stmt *f = res ? vo_st_prep(st, SQL_PAY_FIND, e) : NULL;
    sqlite3_stmt *w = vo_st_prep(st, SQL_PAY_UPSERT, e);
    if ((res && !f) || !w)
        return VO_ESTORE;
    if (f) {
        vo_st_i64(f, 1, p->org_id);
        vo_st_text(f, 2, p->ext_id);
    }
    vo_st_i64(w, 1, p->org_id);
    vo_st_text(w, 2, p->ext_id);
    vo_st_i64(w, 3, p->amount);
    vo_st_i64(w, 4, p->paid_at);
    vo_st_id(w, 5, p->deal_id);
    vo_st_id(w, 6, p->client_id);
    return vo_st_upsert(st, f, w, &p->id, &p->rev, res, "payment", e);
}

/* ---- plans ---- */

static const char SQL_PLAN_FIND[] =
    "SELECT id, rev FROM plans WHERE org_id = ?1 AND period = ?2 AND scope_kind = ?3 "
    "AND scope_id = ?4 AND metric = ?5";
static const char SQL_PLAN_UPSERT[] =
    "INSERT INTO plans(org_id, period, scope_kind, scope_id, metric, target) "
    "VALUES(?1, ?2, ?3, ?4, ?5, ?6) "
    "ON CONFLICT(org_id, period, scope_kind, scope_id, metric) DO UPDATE SET "
    "target = excluded.target, rev = plans.rev + 1 WHERE plans.target IS NOT excluded.target";

vo_err vo_store_plan_upsert(struct vo_store *st, struct vo_plan *p, enum vo_upsert *res,
                            struct vo_error *e)
{
    char period[16];
    snprintf(period, sizeof period, "%04d-%02d", p->year, p->month);
    const char *scope = vo_scope_kind_name(p->scope_kind);
    const char *metric = vo_metrics[p->metric].key;
    sqlite3_stmt *f = res ? vo_st_prep(st, SQL_PLAN_FIND, e) : NULL;
    sqlite3_stmt *w = vo_st_prep(st, SQL_PLAN_UPSERT, e);
    if ((res && !f) || !w)
        return VO_ESTORE;
    sqlite3_stmt *both[2] = {f, w};
    for (int i = 0; i < 2; i++) {
        if (!both[i])
            continue;
        vo_st_i64(both[i], 1, p->org_id);
        vo_st_text(both[i], 2, period);
        vo_st_text(both[i], 3, scope);
        vo_st_i64(both[i], 4, p->scope_id);
        vo_st_text(both[i], 5, metric);
    }
    vo_st_i64(w, 6, p->target);
    return vo_st_upsert(st, f, w, &p->id, &p->rev, res, "plan", e);
}

/* ---- marketing spend ---- */

static const char SQL_SPEND_FIND[] =
    "SELECT id FROM marketing_spend WHERE org_id = ?1 AND channel = ?2 AND month = ?3";
static const char SQL_SPEND_UPSERT[] =
    "INSERT INTO marketing_spend(org_id, channel, month, amount) VALUES(?1, ?2, ?3, ?4) "
    "ON CONFLICT(org_id, channel, month) DO UPDATE SET amount = excluded.amount "
    "WHERE marketing_spend.amount IS NOT excluded.amount";

vo_err vo_store_spend_upsert(struct vo_store *st, struct vo_spend *sp, enum vo_upsert *res,
                             struct vo_error *e)
{
    char month[16];
    snprintf(month, sizeof month, "%04d-%02d", sp->year, sp->month);
    sqlite3_stmt *f = res ? vo_st_prep(st, SQL_SPEND_FIND, e) : NULL;
    sqlite3_stmt *w = vo_st_prep(st, SQL_SPEND_UPSERT, e);
    if ((res && !f) || !w)
        return VO_ESTORE;
    sqlite3_stmt *both[2] = {f, w};
    for (int i = 0; i < 2; i++) {
        if (!both[i])
            continue;
        vo_st_i64(both[i], 1, sp->org_id);
        vo_st_text(both[i], 2, sp->channel);
        vo_st_text(both[i], 3, month);
    }
    vo_st_i64(w, 4, sp->amount);
    return vo_st_upsert(st, f, w, &sp->id, NULL, res, "spend", e);
}

/* ---- NPS ---- */

static const char SQL_NPS_FIND[] =
    "SELECT id FROM nps_responses WHERE org_id = ?1 AND client_id = ?2 AND at = ?3";
static const char SQL_NPS_UPSERT[] =
    "INSERT INTO nps_responses(org_id, client_id, at, score, comment) VALUES(?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT(org_id, client_id, at) DO UPDATE SET score = excluded.score, "
    "comment = excluded.comment WHERE (nps_responses.score, nps_responses.comment) IS NOT "
    "(excluded.score, excluded.comment)";

vo_err vo_store_nps_upsert(struct vo_store *st, struct vo_nps *n, enum vo_upsert *res,
                           struct vo_error *e)
{
    sqlite3_stmt *f = res ? vo_st_prep(st, SQL_NPS_FIND, e) : NULL;
    sqlite3_stmt *w = vo_st_prep(st, SQL_NPS_UPSERT, e);
    if ((res && !f) || !w)
        return VO_ESTORE;
    sqlite3_stmt *both[2] = {f, w};
    for (int i = 0; i < 2; i++) {
        if (!both[i])
            continue;
        vo_st_i64(both[i], 1, n->org_id);
        vo_st_i64(both[i], 2, n->client_id);
        vo_st_i64(both[i], 3, n->at);
    }
    vo_st_i64(w, 4, n->score);
    vo_st_text(w, 5, n->comment);
    return vo_st_upsert(st, f, w, &n->id, NULL, res, "nps", e);
}

/* ---- holidays ---- */

static const char SQL_HOLIDAY_FIND[] = "SELECT id FROM holidays WHERE org_id = ?1 AND date = ?2";
static const char SQL_HOLIDAY_UPSERT[] =
    "INSERT INTO holidays(org_id, date, kind, name) VALUES(?1, ?2, ?3, ?4) "
    "ON CONFLICT(org_id, date) DO UPDATE SET kind = excluded.kind, name = excluded.name "
    "WHERE (holidays.kind, holidays.name) IS NOT (excluded.kind, excluded.name)";

vo_err vo_store_holiday_upsert(struct vo_store *st, struct vo_holiday *h, enum vo_upsert *res,
                               struct vo_error *e)
{
    char date[16];
    snprintf(date, sizeof date, "%04d-%02d-%02d", h->y, h->m, h->d);
    sqlite3_stmt *f = res ? vo_st_prep(st, SQL_HOLIDAY_FIND, e) : NULL;
    sqlite3_stmt *w = vo_st_prep(st, SQL_HOLIDAY_UPSERT, e);
    if ((res && !f) || !w)
        return VO_ESTORE;
    sqlite3_stmt *both[2] = {f, w};
    for (int i = 0; i < 2; i++) {
        if (!both[i])
            continue;
        vo_st_i64(both[i], 1, h->org_id);
        vo_st_text(both[i], 2, date);
    }
    vo_st_text(w, 3, vo_day_kind_name(h->kind));
    vo_st_text(w, 4, h->name);
    return vo_st_upsert(st, f, w, &h->id, NULL, res, "holiday", e);
}

/* ---- look-ups by external id ---- */

static const char *const SQL_EXT_FIND[] = {
    [VO_EXT_PRODUCT] = SQL_PRODUCT_FIND, [VO_EXT_CLIENT] = SQL_CLIENT_FIND,
    [VO_EXT_DEAL] = SQL_DEAL_FIND,       [VO_EXT_ACTIVITY] = SQL_ACT_FIND,
    [VO_EXT_TASK] = SQL_TASK_FIND,       [VO_EXT_PAYMENT] = SQL_PAY_FIND,
};
static const char *const EXT_NAME[] = {
    [VO_EXT_PRODUCT] = "product",   [VO_EXT_CLIENT] = "client", [VO_EXT_DEAL] = "deal",
    [VO_EXT_ACTIVITY] = "activity", [VO_EXT_TASK] = "task",     [VO_EXT_PAYMENT] = "payment",
};

vo_err vo_store_ext_find(struct vo_store *st, enum vo_ext_kind kind, int64_t org,
                         const char *ext_id, int64_t *id, struct vo_error *e)
{
    sqlite3_stmt *s = vo_st_prep(st, SQL_EXT_FIND[kind], e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, org);
    vo_st_text(s, 2, ext_id);
    vo_err rc = vo_st_one_i64(st, s, id, EXT_NAME[kind], e);
    if (rc == VO_ENOTFOUND)
        vo_error_set(e, VO_ENOTFOUND, EXT_NAME[kind], "no %s with id \"%s\"", EXT_NAME[kind],
                     ext_id);
    return rc;
}
