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
 *
 * Each record kind binds one row of parameters, built once (<kind>_params):
 * its upsert, the API's insert of it and its update by id (the end of this
 * file, for crm_store.c's and config_store.c's screens) all bind that row.
 */
#include "store/store_int.h"

#include <stdio.h>
#include <string.h>

/* The upsert of a record given as its row (the first nkey parameters are
 * the key the find statement takes); st, res and e are the caller's. */
/* The number of parameters in each record kind's row (its builder's). */
enum {
    PRODUCT_NP = 5,
    STAGE_NP = 5,
    CLIENT_NP = 11,
    DEAL_NP = 16,
    ACTIVITY_NP = 11,
    TASK_NP = 10,
};

#define UPSERT(find, write, row, nkey, id, rev, what)                                              \
    vo_st_upsert_row(st, find, write, row, nkey, sizeof row / sizeof row[0], id, rev, res, what, e)

/* ---- products ---- */

static const char SQL_PRODUCT_FIND[] = "SELECT id FROM products WHERE org_id = ?1 AND ext_id = ?2";
static const char SQL_PRODUCT_UPSERT[] =
    "INSERT INTO products(org_id, ext_id, name, category, price) VALUES(?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT(org_id, ext_id) DO UPDATE SET name = excluded.name, "
    "category = excluded.category, price = excluded.price "
    "WHERE (products.name, products.category, products.price) IS NOT "
    "(excluded.name, excluded.category, excluded.price)";

static void product_params(const struct vo_product *p, struct vo_st_param *row)
{
    const struct vo_st_param v[PRODUCT_NP] = {
        VO_P_I64(p->org_id),    VO_P_TEXT(p->ext_id), VO_P_TEXT(p->name),
        VO_P_TEXT(p->category), VO_P_OPT(p->price),
    };
    memcpy(row, v, sizeof v);
}

vo_err vo_store_product_upsert(struct vo_store *st, struct vo_product *p, enum vo_upsert *res,
                               struct vo_error *e)
{
    struct vo_st_param row[PRODUCT_NP];
    product_params(p, row);
    return UPSERT(SQL_PRODUCT_FIND, SQL_PRODUCT_UPSERT, row, 2, &p->id, NULL, "product");
}

/* ---- pipelines and stages ---- */

static const char SQL_PIPELINE_FIND[] = "SELECT id FROM pipelines WHERE org_id = ?1 AND name = ?2";
static const char SQL_PIPELINE_INSERT[] = "INSERT INTO pipelines(org_id, name) VALUES(?1, ?2)";

vo_err vo_store_pipeline_find(struct vo_store *st, int64_t org, const char *name, int64_t *id,
                              struct vo_error *e)
{
    return vo_st_named_find(st, SQL_PIPELINE_FIND, org, name, id, "pipeline", e);
}

vo_err vo_store_pipeline_ensure(struct vo_store *st, int64_t org, const char *name, int64_t *id,
                                bool *created, struct vo_error *e)
{
    return vo_st_named_ensure(st, SQL_PIPELINE_FIND, SQL_PIPELINE_INSERT, org, name, id, created,
                              "pipeline", e);
}

static const char SQL_STAGE_FIND[] =
    "SELECT id FROM stages WHERE org_id = ?3 AND pipeline_id = ?1 AND name = ?2";
/* The same look-up with the parameters of the upsert's row (?1 the org;
 * a stage's key in the org is its pipeline and name). */
static const char SQL_STAGE_KEY_FIND[] =
    "SELECT id FROM stages WHERE org_id = ?1 AND pipeline_id = ?2 AND name = ?3";
static const char SQL_STAGE_UPSERT[] =
    "INSERT INTO stages(org_id, pipeline_id, name, position, max_days) "
    "VALUES(?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT(org_id, pipeline_id, name) DO UPDATE SET position = excluded.position, "
    "max_days = excluded.max_days "
    "WHERE (stages.position, stages.max_days) IS NOT (excluded.position, excluded.max_days)";

vo_err vo_store_stage_find(struct vo_store *st, int64_t org, int64_t pipeline, const char *name,
                           int64_t *id, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(pipeline), VO_P_TEXT(name), VO_P_I64(org)};
    vo_err rc = vo_st_get(st, SQL_STAGE_FIND, p, VO_ST_N(p), NULL, vo_st_row_i64, id, "stage", e);
    if (rc == VO_ENOTFOUND)
        vo_error_set(e, VO_ENOTFOUND, "stage", "no stage \"%s\" in the pipeline", name);
    return rc;
}

static void stage_params(const struct vo_stage *sg, struct vo_st_param *row)
{
    const struct vo_st_param v[STAGE_NP] = {
        VO_P_I64(sg->org_id),   VO_P_I64(sg->pipeline_id), VO_P_TEXT(sg->name),
        VO_P_I64(sg->position), VO_P_OPT(sg->max_days),
    };
    memcpy(row, v, sizeof v);
}

vo_err vo_store_stage_upsert(struct vo_store *st, struct vo_stage *sg, enum vo_upsert *res,
                             struct vo_error *e)
{
    struct vo_st_param row[STAGE_NP];
    stage_params(sg, row);
    /* the key is (pipeline, name): ?2 and ?3 of the row */
    return UPSERT(SQL_STAGE_KEY_FIND, SQL_STAGE_UPSERT, row, 3, &sg->id, NULL, "stage");
}

static const char SQL_STAGE_LIST[] =
    "SELECT id, org_id, pipeline_id, name, position, max_days FROM stages "
    "WHERE org_id = ?1 AND pipeline_id = ?2 ORDER BY position, id";

/* The columns of SQL_STAGE_LIST, in its order. */
VO_ST_ROW_FN(stage_cols, vo_stage, VO_C_INT(id), VO_C_INT(org_id), VO_C_INT(pipeline_id),
             VO_C_TEXT(name), VO_C_INT(position), VO_C_OPT(max_days))

void vo_st_stage_row(vo_stmt *s, struct vo_arena *a, void *item)
{
    stage_cols(s, a, item);
}

vo_err vo_store_stage_list(struct vo_store *st, int64_t org, int64_t pipeline, struct vo_arena *a,
                           struct vo_stage **out, size_t *n, struct vo_error *e)
{
    size_t refused = a->refused;
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(pipeline)};
    vo_err r = vo_st_list(st, SQL_STAGE_LIST, p, VO_ST_N(p), a, sizeof **out, vo_st_stage_row, out,
                          n, "stage", e);
    /* A name the arena refused to copy is a NULL in its place. */
    if (!r && a->refused != refused)
        r = vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    return r;
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

static void client_params(const struct vo_client *c, struct vo_st_param *row)
{
    const struct vo_st_param v[CLIENT_NP] = {
        VO_P_I64(c->org_id),
        VO_P_TEXT(c->ext_id),
        VO_P_TEXT(c->name),
        VO_P_TEXT(c->channel),
        VO_P_TEXT(c->region),
        VO_P_TEXT(c->segment),
        VO_P_TEXT(c->source),
        VO_P_ID(c->owner_id),
        VO_P_OPT(c->created_at),
        VO_P_I64(c->key_account),
        VO_P_TEXT(c->custom ? c->custom : "{}"),
    };
    memcpy(row, v, sizeof v);
}

vo_err vo_store_client_upsert(struct vo_store *st, struct vo_client *c, enum vo_upsert *res,
                              struct vo_error *e)
{
    struct vo_st_param row[CLIENT_NP];
    client_params(c, row);
    return UPSERT(SQL_CLIENT_FIND, SQL_CLIENT_UPSERT, row, 2, &c->id, &c->rev, "client");
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

static void deal_params(const struct vo_deal *d, struct vo_st_param *row)
{
    const struct vo_st_param v[DEAL_NP] = {
        VO_P_I64(d->org_id),
        VO_P_TEXT(d->ext_id),
        VO_P_TEXT(d->title),
        VO_P_ID(d->client_id),
        VO_P_ID(d->product_id),
        VO_P_I64(d->pipeline_id),
        VO_P_ID(d->stage_id),
        VO_P_I64(d->owner_id),
        VO_P_TEXT(vo_deal_status_name(d->status)),
        VO_P_OPT(d->amount),
        VO_P_I64(d->created_at),
        VO_P_OPT(d->closed_at),
        VO_P_TEXT(d->loss_reason),
        VO_P_TEXT(d->channel),
        VO_P_TEXT(d->source),
        VO_P_TEXT(d->custom ? d->custom : "{}"),
    };
    memcpy(row, v, sizeof v);
}

vo_err vo_store_deal_upsert(struct vo_store *st, struct vo_deal *d, enum vo_upsert *res,
                            struct vo_error *e)
{
    struct vo_st_param row[DEAL_NP];
    deal_params(d, row);
    return UPSERT(SQL_DEAL_FIND, SQL_DEAL_UPSERT, row, 2, &d->id, &d->rev, "deal");
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

static const char SQL_SC_GET[] = "SELECT id, org_id, deal_id, stage_id, at, user_id FROM "
                                 "stage_changes WHERE org_id = ?1 AND id = ?2";
VO_ST_ROW_FN(sc_get_row, vo_stage_change, VO_C_INT(id), VO_C_INT(org_id), VO_C_INT(deal_id),
             VO_C_INT(stage_id), VO_C_INT(at), VO_C_INT(user_id))

vo_err vo_store_stage_change_get(struct vo_store *st, int64_t org, int64_t id,
                                 struct vo_stage_change *out, struct vo_error *e)
{
    return vo_st_get_id_z(st, SQL_SC_GET, org, id, NULL, sc_get_row, out, sizeof *out, "id",
                          "stage change", e);
}

vo_err vo_store_stage_change_insert(struct vo_store *st, struct vo_stage_change *c,
                                    struct vo_error *e)
{
    const struct vo_st_param p[] = {
        VO_P_I64(c->org_id), VO_P_I64(c->deal_id), VO_P_I64(c->stage_id),
        VO_P_I64(c->at),     VO_P_ID(c->user_id),
    };
    return vo_st_insert(st, SQL_SC_INSERT, p, VO_ST_N(p), &c->id, "stage change", e);
}

static const char SQL_SC_FIND[] =
    "SELECT id FROM stage_changes WHERE org_id = ?5 AND deal_id = ?1 AND stage_id = ?2 "
    "AND at = ?3 ORDER BY id LIMIT 1 OFFSET ?4";
static const char SQL_SC_SET_USER[] =
    "UPDATE stage_changes SET user_id = ?2 WHERE org_id = ?3 AND id = ?1 AND user_id IS NOT ?2";

vo_err vo_store_stage_change_upsert(struct vo_store *st, struct vo_stage_change *c, int64_t nth,
                                    enum vo_upsert *res, struct vo_error *e)
{
    if (!res)
        return vo_store_stage_change_insert(st, c, e);
    const struct vo_st_param key[] = {
        VO_P_I64(c->deal_id), VO_P_I64(c->stage_id), VO_P_I64(c->at),
        VO_P_I64(nth),        VO_P_I64(c->org_id),
    };
    int64_t id = 0;
    vo_err rc =
        vo_st_get(st, SQL_SC_FIND, key, VO_ST_N(key), NULL, vo_st_row_i64, &id, "stage change", e);
    if (rc == VO_ENOTFOUND) {
        *res = VO_UPSERT_CREATED;
        return vo_store_stage_change_insert(st, c, e);
    }
    if (rc)
        return rc;
    const struct vo_st_param set[] = {VO_P_I64(id), VO_P_ID(c->user_id), VO_P_I64(c->org_id)};
    if ((rc = vo_st_run(st, SQL_SC_SET_USER, set, VO_ST_N(set), "stage change", e)))
        return rc;
    c->id = id;
    *res = vo_changes(st) ? VO_UPSERT_UPDATED : VO_UPSERT_UNCHANGED;
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

static void activity_params(const struct vo_activity *a, struct vo_st_param *row)
{
    const struct vo_st_param v[ACTIVITY_NP] = {
        VO_P_I64(a->org_id),
        VO_P_TEXT(a->ext_id),
        VO_P_TEXT(vo_activity_type_name(a->type)),
        VO_P_I64(a->user_id),
        VO_P_I64(a->at),
        VO_P_ID(a->deal_id),
        VO_P_ID(a->client_id),
        VO_P_OPT(a->duration_s),
        VO_P_TEXT(a->direction == VO_DIR_NONE ? NULL : vo_direction_name(a->direction)),
        VO_P_TEXT(a->outcome),
        VO_P_TEXT(a->recording_url),
    };
    memcpy(row, v, sizeof v);
}

vo_err vo_store_activity_upsert(struct vo_store *st, struct vo_activity *a, enum vo_upsert *res,
                                struct vo_error *e)
{
    struct vo_st_param row[ACTIVITY_NP];
    activity_params(a, row);
    return UPSERT(SQL_ACT_FIND, SQL_ACT_UPSERT, row, 2, &a->id, &a->rev, "activity");
}

/* ---- tasks ---- */

static const char SQL_TASK_FIND[] = "SELECT id, rev FROM tasks WHERE org_id = ?1 AND ext_id = ?2";
/* A new task gets t->type; a row imported again keeps the type it has (the
 * import's tasks.csv has no type: a task typed on its screen stays typed). */
static const char SQL_TASK_UPSERT[] =
    "INSERT INTO tasks(org_id, ext_id, assignee_id, title, created_at, due_at, deal_id, "
    "client_id, done_at, type) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
    "ON CONFLICT(org_id, ext_id) DO UPDATE SET assignee_id = excluded.assignee_id, "
    "title = excluded.title, created_at = excluded.created_at, due_at = excluded.due_at, "
    "deal_id = excluded.deal_id, client_id = excluded.client_id, done_at = excluded.done_at, "
    "rev = tasks.rev + 1 "
    "WHERE (tasks.assignee_id, tasks.title, tasks.created_at, tasks.due_at, tasks.deal_id, "
    "tasks.client_id, tasks.done_at) IS NOT (excluded.assignee_id, excluded.title, "
    "excluded.created_at, excluded.due_at, excluded.deal_id, excluded.client_id, "
    "excluded.done_at)";

static void task_params(const struct vo_task *t, struct vo_st_param *row)
{
    const struct vo_st_param v[TASK_NP] = {
        VO_P_I64(t->org_id),      VO_P_TEXT(t->ext_id),
        VO_P_I64(t->assignee_id), VO_P_TEXT(t->title),
        VO_P_I64(t->created_at),  VO_P_I64(t->due_at),
        VO_P_ID(t->deal_id),      VO_P_ID(t->client_id),
        VO_P_OPT(t->done_at),     VO_P_TEXT(vo_task_type_name(t->type)),
    };
    memcpy(row, v, sizeof v);
}

vo_err vo_store_task_upsert(struct vo_store *st, struct vo_task *t, enum vo_upsert *res,
                            struct vo_error *e)
{
    struct vo_st_param row[TASK_NP];
    task_params(t, row);
    return UPSERT(SQL_TASK_FIND, SQL_TASK_UPSERT, row, 2, &t->id, &t->rev, "task");
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
    const struct vo_st_param row[] = {
        VO_P_I64(p->org_id),  VO_P_TEXT(p->ext_id), VO_P_I64(p->amount),
        VO_P_I64(p->paid_at), VO_P_ID(p->deal_id),  VO_P_ID(p->client_id),
    };
    return UPSERT(SQL_PAY_FIND, SQL_PAY_UPSERT, row, 2, &p->id, &p->rev, "payment");
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
    const struct vo_st_param row[] = {
        VO_P_I64(p->org_id),
        VO_P_TEXT(period),
        VO_P_TEXT(vo_scope_kind_name(p->scope_kind)),
        VO_P_I64(p->scope_id),
        VO_P_TEXT(vo_metrics[p->metric].key),
        VO_P_I64(p->target),
    };
    return UPSERT(SQL_PLAN_FIND, SQL_PLAN_UPSERT, row, 5, &p->id, &p->rev, "plan");
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
    const struct vo_st_param row[] = {
        VO_P_I64(sp->org_id),
        VO_P_TEXT(sp->channel),
        VO_P_TEXT(month),
        VO_P_I64(sp->amount),
    };
    return UPSERT(SQL_SPEND_FIND, SQL_SPEND_UPSERT, row, 3, &sp->id, NULL, "spend");
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
    const struct vo_st_param row[] = {
        VO_P_I64(n->org_id), VO_P_I64(n->client_id), VO_P_I64(n->at),
        VO_P_I64(n->score),  VO_P_TEXT(n->comment),
    };
    return UPSERT(SQL_NPS_FIND, SQL_NPS_UPSERT, row, 3, &n->id, NULL, "nps");
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
    const struct vo_st_param row[] = {
        VO_P_I64(h->org_id),
        VO_P_TEXT(date),
        VO_P_TEXT(vo_day_kind_name(h->kind)),
        VO_P_TEXT(h->name),
    };
    return UPSERT(SQL_HOLIDAY_FIND, SQL_HOLIDAY_UPSERT, row, 2, &h->id, NULL, "holiday");
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
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_TEXT(ext_id)};
    vo_err rc = vo_st_get(st, SQL_EXT_FIND[kind], p, VO_ST_N(p), NULL, vo_st_row_i64, id,
                          EXT_NAME[kind], e);
    if (rc == VO_ENOTFOUND)
        vo_error_set(e, VO_ENOTFOUND, EXT_NAME[kind], "no %s with id \"%s\"", EXT_NAME[kind],
                     ext_id);
    return rc;
}

#define EXT_ALL(T) "SELECT ext_id, id FROM " T " WHERE org_id = ?1 AND ext_id IS NOT NULL"
static const char *const SQL_EXT_ALL[] = {
    [VO_EXT_PRODUCT] = EXT_ALL("products"), [VO_EXT_CLIENT] = EXT_ALL("clients"),
    [VO_EXT_DEAL] = EXT_ALL("deals"),       [VO_EXT_ACTIVITY] = EXT_ALL("activities"),
    [VO_EXT_TASK] = EXT_ALL("tasks"),       [VO_EXT_PAYMENT] = EXT_ALL("payments"),
};

vo_err vo_store_ext_ids(struct vo_store *st, enum vo_ext_kind kind, int64_t org,
                        void (*fn)(void *ctx, const char *ext_id, int64_t id), void *ctx,
                        struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org)};
    vo_stmt *s = vo_st_prep_bind(st, SQL_EXT_ALL[kind], p, VO_ST_N(p), e);
    if (!s)
        return VO_ESTORE;
    int rc;
    while ((rc = vo_step(s)) == VO_ROW)
        fn(ctx, vo_col_text(s, 0), vo_col_i64(s, 1));
    return vo_st_list_done(st, s, rc, false, EXT_NAME[kind], e);
}

/* ---- the API's inserts and updates by id ----
 *
 * An update binds the row of the record's upsert above with the id after
 * it, so its SET names the upsert's parameters (?2, the external id, and
 * the columns it leaves alone go unused). */

static const char SQL_PRODUCT_INSERT[] =
    "INSERT INTO products(org_id, ext_id, name, category, price) VALUES(?1, ?2, ?3, ?4, ?5)";

vo_err vo_store_product_insert(struct vo_store *st, struct vo_product *p, struct vo_error *e)
{
    struct vo_st_param row[PRODUCT_NP];
    product_params(p, row);
    return vo_st_insert(st, SQL_PRODUCT_INSERT, row, VO_ST_N(row), &p->id, "product", e);
}

static const char SQL_PRODUCT_UPDATE[] =
    "UPDATE products SET name = ?3, category = ?4, price = ?5 WHERE org_id = ?1 AND id = ?6";

vo_err vo_store_product_update(struct vo_store *st, const struct vo_product *p, struct vo_error *e)
{
    struct vo_st_param row[PRODUCT_NP + 1];
    product_params(p, row);
    row[PRODUCT_NP] = (struct vo_st_param)VO_P_I64(p->id);
    return vo_st_change_one(st, SQL_PRODUCT_UPDATE, row, VO_ST_N(row), "product", "id", "product",
                            p->id, e);
}

static const char SQL_STAGE_UPDATE[] =
    "UPDATE stages SET name = ?3, position = ?4, max_days = ?5 WHERE org_id = ?1 AND id = ?6";

vo_err vo_store_stage_update(struct vo_store *st, const struct vo_stage *sg, struct vo_error *e)
{
    struct vo_st_param row[STAGE_NP + 1];
    stage_params(sg, row);
    row[STAGE_NP] = (struct vo_st_param)VO_P_I64(sg->id);
    return vo_st_change_one(st, SQL_STAGE_UPDATE, row, VO_ST_N(row), "stage", "id", "stage", sg->id,
                            e);
}

static const char SQL_DEAL_UPDATE[] =
    "UPDATE deals SET title = ?3, client_id = ?4, product_id = ?5, pipeline_id = ?6, "
    "stage_id = ?7, owner_id = ?8, status = ?9, amount = ?10, closed_at = ?12, "
    "loss_reason = ?13, channel = ?14, source = ?15, custom = ?16, rev = rev + 1 "
    "WHERE org_id = ?1 AND id = ?17 AND (?18 < 0 OR rev = ?18) RETURNING rev";

vo_err vo_store_deal_update(struct vo_store *st, struct vo_deal *d, struct vo_error *e)
{
    struct vo_st_param row[DEAL_NP + 2];
    deal_params(d, row);
    row[DEAL_NP] = (struct vo_st_param)VO_P_I64(d->id);
    row[DEAL_NP + 1] = (struct vo_st_param)VO_P_I64(d->rev);
    return vo_st_update_rev_if(st, SQL_DEAL_UPDATE, row, VO_ST_N(row), &d->rev, "deal", e);
}

static const char SQL_DEAL_SET_STAGE[] =
    "UPDATE deals SET stage_id = ?2, rev = rev + 1 "
    "WHERE org_id = ?1 AND id = ?3 AND (?4 < 0 OR rev = ?4) RETURNING rev";

vo_err vo_store_deal_set_stage(struct vo_store *st, struct vo_deal *d, struct vo_error *e)
{
    const struct vo_st_param row[] = {VO_P_I64(d->org_id), VO_P_I64(d->stage_id), VO_P_I64(d->id),
                                      VO_P_I64(d->rev)};
    return vo_st_update_rev_if(st, SQL_DEAL_SET_STAGE, row, VO_ST_N(row), &d->rev, "deal", e);
}

static const char SQL_CLIENT_UPDATE[] =
    "UPDATE clients SET name = ?3, channel = ?4, region = ?5, segment = ?6, source = ?7, "
    "owner_id = ?8, key_account = ?10, custom = ?11, rev = rev + 1 "
    "WHERE org_id = ?1 AND id = ?12 AND (?13 < 0 OR rev = ?13) RETURNING rev";

vo_err vo_store_client_update(struct vo_store *st, struct vo_client *c, struct vo_error *e)
{
    struct vo_st_param row[CLIENT_NP + 2];
    client_params(c, row);
    row[CLIENT_NP] = (struct vo_st_param)VO_P_I64(c->id);
    row[CLIENT_NP + 1] = (struct vo_st_param)VO_P_I64(c->rev);
    return vo_st_update_rev_if(st, SQL_CLIENT_UPDATE, row, VO_ST_N(row), &c->rev, "client", e);
}

static const char SQL_ACT_UPDATE[] =
    "UPDATE activities SET type = ?3, user_id = ?4, at = ?5, deal_id = ?6, client_id = ?7, "
    "duration_s = ?8, direction = ?9, outcome = ?10, rev = rev + 1 "
    "WHERE org_id = ?1 AND id = ?12 AND (?13 < 0 OR rev = ?13) RETURNING rev";

vo_err vo_store_activity_update(struct vo_store *st, struct vo_activity *a, struct vo_error *e)
{
    struct vo_st_param row[ACTIVITY_NP + 2];
    activity_params(a, row);
    row[ACTIVITY_NP] = (struct vo_st_param)VO_P_I64(a->id);
    row[ACTIVITY_NP + 1] = (struct vo_st_param)VO_P_I64(a->rev);
    return vo_st_update_rev_if(st, SQL_ACT_UPDATE, row, VO_ST_N(row), &a->rev, "activity", e);
}

static const char SQL_TASK_UPDATE[] =
    "UPDATE tasks SET assignee_id = ?3, title = ?4, due_at = ?6, deal_id = ?7, client_id = ?8, "
    "done_at = ?9, rev = rev + 1 "
    "WHERE org_id = ?1 AND id = ?11 AND (?12 < 0 OR rev = ?12) RETURNING rev";

vo_err vo_store_task_update(struct vo_store *st, struct vo_task *t, struct vo_error *e)
{
    struct vo_st_param row[TASK_NP + 2];
    task_params(t, row);
    row[TASK_NP] = (struct vo_st_param)VO_P_I64(t->id);
    row[TASK_NP + 1] = (struct vo_st_param)VO_P_I64(t->rev);
    return vo_st_update_rev_if(st, SQL_TASK_UPDATE, row, VO_ST_N(row), &t->rev, "task", e);
}
