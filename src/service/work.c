/*
 * work.c - the everyday CRM use cases besides deals: clients, activities
 * (calls, meetings, emails, messages), tasks and their completion, and
 * payments. The same shape as deals.c: one transaction that loads the
 * object, one vo_svc_check_owner, the write, an audit row, the commit,
 * then the change told to the live dataset.
 */
#include "service/crm.h"

#include <string.h>

#include "base/timeutil.h"

static void emit_other(struct vo_svc *svc)
{
    struct vo_change c = {.kind = VO_CHANGE_OTHER};
    vo_svc_emit(svc, &c);
}

/* ---- clients ---- */

/* Tells the change of client id, as stored after the commit (created by
 * this write or not); VO_CHANGE_OTHER when it cannot be read back. */
static void emit_client(struct vo_svc *svc, int64_t id, bool created)
{
    struct vo_client c;
    struct vo_error tmp = {0};
    if (vo_store_client_get(svc->st, svc->org.id, id, svc->arena, &c, &tmp) != VO_OK) {
        emit_other(svc);
        return;
    }
    struct vo_change ch = {.kind = VO_CHANGE_CLIENT, .client = &c, .created = created};
    vo_svc_emit(svc, &ch);
}

static vo_err client_apply(struct vo_svc *svc, const struct vo_crm_input *in, struct vo_client *c,
                           struct vo_error *e)
{
    if (in->set & VO_F_NAME)
        c->name = in->name;
    if (in->set & VO_F_CHANNEL)
        c->channel = in->channel;
    if (in->set & VO_F_SOURCE)
        c->source = in->source;
    if (in->set & VO_F_REGION)
        c->region = in->region;
    if (in->set & VO_F_SEGMENT)
        c->segment = in->segment;
    if (in->set & VO_F_KEY_ACCOUNT)
        c->key_account = in->key_account;
    if ((in->set & VO_F_OWNER) && vo_crm_owner(svc, in, "owner_id", &c->owner_id, e))
        return VO_EINVAL;
    return vo_client_validate(c, e);
}

vo_err vo_svc_client_create(struct vo_svc *svc, const struct vo_crm_input *in, int64_t *id,
                            struct vo_error *e)
{
    struct vo_client c = {.org_id = svc->org.id, .created_at = vo_now(), .custom = "{}"};
    vo_err rc = vo_crm_owner(svc, in, "owner_id", &c.owner_id, e);
    if (rc || (rc = vo_svc_check_owner(svc, c.owner_id, true, e)) ||
        (rc = client_apply(svc, in, &c, e)))
        return rc;
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = vo_store_client_upsert(svc->st, &c, NULL, e)) ||
        (rc = vo_crm_client_card_write(svc, in, c.id, e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    if ((rc = vo_crm_finish(svc, "client.create", "client", c.id, c.name, e)))
        return rc;
    *id = c.id;
    emit_client(svc, c.id, true);
    return VO_OK;
}

vo_err vo_svc_client_update(struct vo_svc *svc, int64_t id, const struct vo_crm_input *in,
                            struct vo_error *e)
{
    struct vo_client c;
    vo_err rc = vo_store_begin(svc->st, e);
    if (rc)
        return rc;
    if ((rc = vo_store_client_get(svc->st, svc->org.id, id, svc->arena, &c, e)) ||
        (rc = vo_svc_check_owner(svc, c.owner_id, true, e)) ||
        (rc = client_apply(svc, in, &c, e)) || (rc = vo_store_client_update(svc->st, &c, e)) ||
        (rc = vo_crm_client_card_write(svc, in, id, e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    if ((rc = vo_crm_finish(svc, "client.update", "client", id, NULL, e)))
        return rc;
    emit_client(svc, id, false);
    return VO_OK;
}

/* ---- activities ---- */

static vo_err activity_apply(struct vo_svc *svc, const struct vo_crm_input *in,
                             struct vo_activity *a, struct vo_error *e)
{
    vo_err rc = VO_OK;
    if ((in->set & VO_F_TYPE) &&
        (rc = vo_activity_type_parse(in->type ? in->type : "", &a->type, "type", e)))
        return rc;
    if ((in->set & VO_F_AT) && (rc = vo_crm_time(svc, in->at, "at", &a->at, e)))
        return rc;
    if (((in->set & VO_F_DEAL) &&
         (rc = vo_crm_ref(in, VO_F_DEAL, in->deal_id, "deal_id", &a->deal_id, e))) ||
        ((in->set & VO_F_CLIENT) &&
         (rc = vo_crm_ref(in, VO_F_CLIENT, in->client_id, "client_id", &a->client_id, e))) ||
        ((in->set & VO_F_DURATION) &&
         (rc = vo_crm_num(in, VO_F_DURATION, in->duration_s, VO_NUM_DURATION, "duration_s",
                          &a->duration_s, e))))
        return rc;
    if (in->set & VO_F_DIRECTION) {
        a->direction = VO_DIR_NONE;
        if (in->direction &&
            (rc = vo_direction_parse(in->direction, &a->direction, "direction", e)))
            return rc;
    }
    if (in->set & VO_F_OUTCOME)
        a->outcome = in->outcome;
    if ((in->set & VO_F_OWNER) && (rc = vo_crm_owner(svc, in, "user_id", &a->user_id, e)))
        return rc;
    if ((in->set & (VO_F_DEAL | VO_F_CLIENT)) &&
        (rc = vo_crm_refs(svc, a->deal_id, a->client_id, NULL, NULL, e)))
        return rc;
    return vo_activity_validate(a, e);
}

static void emit_activity(struct vo_svc *svc, int64_t id, bool created)
{
    struct vo_activity a;
    struct vo_error tmp = {0};
    if (vo_store_activity_get(svc->st, svc->org.id, id, svc->arena, &a, &tmp) != VO_OK) {
        emit_other(svc);
        return;
    }
    struct vo_change c = {.kind = VO_CHANGE_ACTIVITY, .activity = &a, .created = created};
    vo_svc_emit(svc, &c);
}

vo_err vo_svc_activity_create(struct vo_svc *svc, const struct vo_crm_input *in, int64_t *id,
                              struct vo_error *e)
{
    struct vo_activity a = {.org_id = svc->org.id, .at = vo_now(), .duration_s = VO_NULL};
    if (!(in->set & VO_F_TYPE) || !in->type)
        return vo_error_set(e, VO_EINVAL, "type", "type is required");
    vo_err rc = vo_crm_owner(svc, in, "user_id", &a.user_id, e);
    if (rc || (rc = vo_svc_check_owner(svc, a.user_id, true, e)))
        return rc;
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = activity_apply(svc, in, &a, e)) ||
        (rc = vo_store_activity_upsert(svc->st, &a, NULL, e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    if ((rc = vo_crm_finish(svc, "activity.create", "activity", a.id, vo_activity_type_name(a.type),
                            e)))
        return rc;
    *id = a.id;
    emit_activity(svc, a.id, true);
    return VO_OK;
}

vo_err vo_svc_activity_update(struct vo_svc *svc, int64_t id, const struct vo_crm_input *in,
                              struct vo_error *e)
{
    struct vo_activity a;
    vo_err rc = vo_store_begin(svc->st, e);
    if (rc)
        return rc;
    if ((rc = vo_store_activity_get(svc->st, svc->org.id, id, svc->arena, &a, e)) ||
        (rc = vo_svc_check_owner(svc, a.user_id, true, e)) ||
        (rc = activity_apply(svc, in, &a, e)) || (rc = vo_store_activity_update(svc->st, &a, e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    if ((rc = vo_crm_finish(svc, "activity.update", "activity", id, NULL, e)))
        return rc;
    emit_activity(svc, id, false);
    return VO_OK;
}

/* ---- tasks ---- */

static vo_err task_apply(struct vo_svc *svc, const struct vo_crm_input *in, struct vo_task *t,
                         struct vo_error *e)
{
    vo_err rc = VO_OK;
    if (in->set & VO_F_TITLE)
        t->title = in->title;
    if ((in->set & VO_F_DUE_AT) && (rc = vo_crm_time(svc, in->due_at, "due_at", &t->due_at, e)))
        return rc;
    if (((in->set & VO_F_DEAL) &&
         (rc = vo_crm_ref(in, VO_F_DEAL, in->deal_id, "deal_id", &t->deal_id, e))) ||
        ((in->set & VO_F_CLIENT) &&
         (rc = vo_crm_ref(in, VO_F_CLIENT, in->client_id, "client_id", &t->client_id, e))))
        return rc;
    if ((in->set & VO_F_OWNER) && (rc = vo_crm_owner(svc, in, "assignee_id", &t->assignee_id, e)))
        return rc;
    if ((in->set & (VO_F_DEAL | VO_F_CLIENT)) &&
        (rc = vo_crm_refs(svc, t->deal_id, t->client_id, NULL, NULL, e)))
        return rc;
    return vo_task_validate(t, e);
}

static void emit_task(struct vo_svc *svc, int64_t id)
{
    struct vo_task t;
    struct vo_error tmp = {0};
    if (vo_store_task_get(svc->st, svc->org.id, id, svc->arena, &t, &tmp) != VO_OK) {
        emit_other(svc);
        return;
    }
    struct vo_change c = {.kind = VO_CHANGE_TASK, .task = &t};
    vo_svc_emit(svc, &c);
}

vo_err vo_svc_task_create(struct vo_svc *svc, const struct vo_crm_input *in, int64_t *id,
                          struct vo_error *e)
{
    struct vo_task t = {.org_id = svc->org.id, .created_at = vo_now(), .done_at = VO_NULL};
    if (!(in->set & VO_F_TITLE) || !in->title || !*in->title)
        return vo_error_set(e, VO_EINVAL, "title", "title is required");
    if (!(in->set & VO_F_DUE_AT) || !in->due_at)
        return vo_error_set(e, VO_EINVAL, "due_at", "due_at is required");
    vo_err rc = vo_crm_owner(svc, in, "assignee_id", &t.assignee_id, e);
    if (rc || (rc = vo_svc_check_owner(svc, t.assignee_id, true, e)))
        return rc;
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = task_apply(svc, in, &t, e)) || (rc = vo_store_task_upsert(svc->st, &t, NULL, e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    if ((rc = vo_crm_finish(svc, "task.create", "task", t.id, t.title, e)))
        return rc;
    *id = t.id;
    emit_task(svc, t.id);
    return VO_OK;
}

vo_err vo_svc_task_update(struct vo_svc *svc, int64_t id, const struct vo_crm_input *in,
                          struct vo_error *e)
{
    struct vo_task t;
    vo_err rc = vo_store_begin(svc->st, e);
    if (rc)
        return rc;
    if ((rc = vo_store_task_get(svc->st, svc->org.id, id, svc->arena, &t, e)) ||
        (rc = vo_svc_check_owner(svc, t.assignee_id, true, e)) ||
        (rc = task_apply(svc, in, &t, e)) || (rc = vo_store_task_update(svc->st, &t, e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    if ((rc = vo_crm_finish(svc, "task.update", "task", id, NULL, e)))
        return rc;
    emit_task(svc, id);
    return VO_OK;
}

vo_err vo_svc_task_complete(struct vo_svc *svc, int64_t id, const char *done_at, struct vo_error *e)
{
    struct vo_task t;
    int64_t at = vo_now();
    vo_err rc = vo_store_begin(svc->st, e);
    if (rc)
        return rc;
    if ((rc = vo_store_task_get(svc->st, svc->org.id, id, svc->arena, &t, e)) ||
        (rc = vo_svc_check_owner(svc, t.assignee_id, true, e)))
        goto fail;
    if (t.done_at != VO_NULL) {
        rc = vo_error_set(e, VO_ECONFLICT, "done_at", "the task is done already");
        goto fail;
    }
    if (done_at && (rc = vo_crm_time(svc, done_at, "done_at", &at, e)))
        goto fail;
    t.done_at = at;
    if ((rc = vo_task_validate(&t, e)) || (rc = vo_store_task_update(svc->st, &t, e)))
        goto fail;
    if ((rc = vo_crm_finish(svc, "task.complete", "task", id, NULL, e)))
        return rc;
    emit_task(svc, id);
    return VO_OK;
fail:
    vo_store_rollback(svc->st);
    return rc;
}

/* ---- payments ---- */

vo_err vo_svc_payment_create(struct vo_svc *svc, const struct vo_crm_input *in, int64_t *id,
                             struct vo_error *e)
{
    struct vo_payment p = {.org_id = svc->org.id, .paid_at = vo_now(), .amount = VO_NULL};
    vo_err rc = VO_OK;
    if (!(in->set & VO_F_AMOUNT) || (in->null & VO_F_AMOUNT))
        return vo_error_set(e, VO_EINVAL, "amount", "a payment needs an amount");
    if ((rc = vo_crm_num(in, VO_F_AMOUNT, in->amount, VO_NUM_PAYMENT, "amount", &p.amount, e)) ||
        ((in->set & VO_F_DEAL) &&
         (rc = vo_crm_ref(in, VO_F_DEAL, in->deal_id, "deal_id", &p.deal_id, e))) ||
        ((in->set & VO_F_CLIENT) &&
         (rc = vo_crm_ref(in, VO_F_CLIENT, in->client_id, "client_id", &p.client_id, e))) ||
        (rc = vo_payment_validate(&p, e)))
        return rc;
    if ((in->set & VO_F_AT) && (rc = vo_crm_time(svc, in->at, "paid_at", &p.paid_at, e)))
        return rc;
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    /* The payment's owner is its deal's, else its client's (METRICS.md);
     * the references are checked as the org's objects here, and the
     * ownership once below. */
    struct vo_error tmp = {0};
    int64_t owner = 0;
    if (p.deal_id) {
        struct vo_deal_row d;
        if (vo_store_deal_get(svc->st, svc->org.id, p.deal_id, svc->arena, &d, &tmp)) {
            rc = vo_error_set(e, VO_EINVAL, "deal_id", "no deal %lld", (long long)p.deal_id);
            goto fail;
        }
        owner = d.d.owner_id;
    }
    if (p.client_id) {
        struct vo_client c;
        if (vo_store_client_get(svc->st, svc->org.id, p.client_id, svc->arena, &c, &tmp)) {
            rc = vo_error_set(e, VO_EINVAL, "client_id", "no client %lld", (long long)p.client_id);
            goto fail;
        }
        if (!owner)
            owner = c.owner_id;
        else if (vo_svc_check_owner(svc, c.owner_id, false, &tmp)) {
            /* the deal is the actor's, the client someone else's */
            rc = vo_error_set(e, VO_EINVAL, "client_id", "no client %lld", (long long)p.client_id);
            goto fail;
        }
    }
    if ((rc = vo_svc_check_owner(svc, owner, true, e)) ||
        (rc = vo_store_payment_upsert(svc->st, &p, NULL, e)))
        goto fail;
    if ((rc = vo_crm_finish(svc, "payment.create", "payment", p.id, NULL, e)))
        return rc;
    *id = p.id;
    struct vo_change c = {.kind = VO_CHANGE_PAYMENT, .payment = &p};
    vo_svc_emit(svc, &c);
    return VO_OK;
fail:
    vo_store_rollback(svc->st);
    return rc;
}
