/*
 * work.c - the everyday CRM use cases besides deals: clients, activities
 * (calls, meetings, emails, messages), tasks and their completion, and
 * payments. The same shape as deals.c: one transaction that loads the
 * object, one vo_svc_check_owner, the write, an audit row, the commit,
 * then the change told to the live dataset.
 */
#include "service/crm.h"

#include <stddef.h>
#include <string.h>

#include "base/timeutil.h"
#include "service/custom_fields.h"
#include "service/notify.h"
#include "service/tasks.h"

/* Tells the change of the client, activity or task id (kind), as stored
 * after the commit (created by this write or not); VO_CHANGE_OTHER when it
 * cannot be read back. */
static void emit_back(struct vo_svc *svc, enum vo_change_kind kind, int64_t id, bool created)
{
    union {
        struct vo_client c;
        struct vo_activity a;
        struct vo_task t;
    } o;
    struct vo_error tmp = {0};
    struct vo_change ch = {.kind = kind, .created = created};
    vo_err rc;
    if (kind == VO_CHANGE_CLIENT) {
        rc = vo_store_client_get(svc->st, svc->org.id, id, svc->arena, &o.c, &tmp);
        ch.client = &o.c;
    } else if (kind == VO_CHANGE_ACTIVITY) {
        rc = vo_store_activity_get(svc->st, svc->org.id, id, svc->arena, &o.a, &tmp);
        ch.activity = &o.a;
    } else {
        rc = vo_store_task_get(svc->st, svc->org.id, id, svc->arena, &o.t, &tmp);
        ch.task = &o.t;
    }
    if (rc != VO_OK)
        ch = (struct vo_change){.kind = VO_CHANGE_OTHER};
    vo_svc_emit(svc, &ch);
}

/* Audits and commits the write of the client, activity or task id (kind;
 * vo_crm_finish), then sets *out (if not NULL) to id and tells the change. */
static vo_err end_write(struct vo_svc *svc, const char *action, enum vo_change_kind kind,
                        int64_t id, const char *detail, bool created, int64_t *out,
                        struct vo_error *e)
{
    const char *object = kind == VO_CHANGE_CLIENT     ? "client"
                         : kind == VO_CHANGE_ACTIVITY ? "activity"
                                                      : "task";
    vo_err rc = vo_crm_finish(svc, action, object, id, detail, e);
    if (rc)
        return rc;
    if (out)
        *out = id;
    emit_back(svc, kind, id, created);
    return VO_OK;
}

/* What an update writes besides the object's row, in its transaction
 * (`after` of WORK_UPDATE): nothing, or a client's card. */
static vo_err nothing_after(struct vo_svc *svc, const struct vo_crm_input *in, int64_t id,
                            struct vo_error *e)
{
    (void)svc, (void)in, (void)id, (void)e;
    return VO_OK;
}

/* vo_svc_<obj>_update: in one transaction, load the object, check the
 * actor owns it (its OWNER member), apply `in` (<obj>_apply), store it
 * (against the version the caller read, if given: VO_ESTALE), write what
 * goes with it (after: a client's card), do what follows the write of
 * that object (<obj>_written, given the object as it was and as it is)
 * and end the write, whose audit row tells what changed when the object
 * has a snapshot (snap: an enum vo_snap_kind, or -1 for none). The three
 * differ only in the object's type and store functions, which a function
 * cannot take. */
#define WORK_UPDATE(obj, type, OWNER, kind, after, snap)                                           \
    vo_err vo_svc_##obj##_update(struct vo_svc *svc, int64_t id, const struct vo_crm_input *in,    \
                                 struct vo_error *e)                                               \
    {                                                                                              \
        type x, was;                                                                               \
        const char *before = NULL, *detail = NULL;                                                 \
        vo_err rc = vo_store_begin(svc->st, e);                                                    \
        if (rc)                                                                                    \
            return rc;                                                                             \
        if ((snap) >= 0)                                                                           \
            before = vo_svc_snapshot(svc, (enum vo_snap_kind)(snap), id);                          \
        if (!(rc = vo_store_##obj##_get(svc->st, svc->org.id, id, svc->arena, &x, e)))             \
            vo_crm_expect(vo_crm_version(in), &x.rev);                                             \
        if (rc || (rc = vo_svc_check_owner(svc, x.OWNER, true, e)))                                \
            goto fail;                                                                             \
        was = x;                                                                                   \
        if ((rc = obj##_apply(svc, in, &x, e)) ||                                                  \
            (rc = vo_store_##obj##_update(svc->st, &x, e)) || (rc = after(svc, in, id, e)) ||      \
            (rc = obj##_written(svc, &was, &x, e)))                                                \
            goto fail;                                                                             \
        if ((snap) >= 0)                                                                           \
            detail = vo_svc_changes(svc, (enum vo_snap_kind)(snap), id, before);                   \
        return end_write(svc, #obj ".update", kind, id, detail, false, NULL, e);                   \
    fail:                                                                                          \
        vo_store_rollback(svc->st);                                                                \
        return rc;                                                                                 \
    }

/* ---- clients ---- */

/* The client's text members an input sets. */
#define CLIENT_TEXT_ROW(bit, m) VO_CRM_TEXT(struct vo_client, bit, m)
static const struct vo_crm_text CLIENT_TEXT[] = {
    CLIENT_TEXT_ROW(VO_F_NAME, name),       CLIENT_TEXT_ROW(VO_F_CHANNEL, channel),
    CLIENT_TEXT_ROW(VO_F_SOURCE, source),   CLIENT_TEXT_ROW(VO_F_REGION, region),
    CLIENT_TEXT_ROW(VO_F_SEGMENT, segment),
};

static vo_err client_apply(struct vo_svc *svc, const struct vo_crm_input *in, struct vo_client *c,
                           struct vo_error *e)
{
    vo_crm_texts_copy(in, CLIENT_TEXT, sizeof CLIENT_TEXT / sizeof CLIENT_TEXT[0], c, false);
    if (in->set & VO_F_KEY_ACCOUNT)
        c->key_account = in->key_account;
    if ((in->set & VO_F_OWNER) && vo_crm_owner(svc, in, "owner_id", &c->owner_id, e))
        return VO_EINVAL;
    /* custom fields merged into the stored ones (a create checks its
     * required ones again in its transaction) */
    vo_err rc;
    if ((in->set & VO_F_CUSTOM) &&
        (rc = vo_svc_custom_apply(svc, "client", c->custom, in->custom, false, &c->custom, e)))
        return rc;
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
    if ((rc = vo_svc_custom_apply(svc, "client", NULL, (in->set & VO_F_CUSTOM) ? in->custom : NULL,
                                  true, &c.custom, e)) ||
        (rc = vo_store_client_upsert(svc->st, &c, NULL, e)) ||
        (rc = vo_crm_client_card_write(svc, in, c.id, e)) ||
        (rc = vo_svc_notify_assigned(svc, "client", c.id, c.name, c.owner_id, c.rev, e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    return end_write(svc, "client.create", VO_CHANGE_CLIENT, c.id, c.name, true, id, e);
}

/* A client given to someone else than the actor: their notification. */
static vo_err client_written(struct vo_svc *svc, const struct vo_client *was, struct vo_client *c,
                             struct vo_error *e)
{
    if (c->owner_id == was->owner_id)
        return VO_OK;
    return vo_svc_notify_assigned(svc, "client", c->id, c->name, c->owner_id, c->rev, e);
}

WORK_UPDATE(client, struct vo_client, owner_id, VO_CHANGE_CLIENT, vo_crm_client_card_write,
            VO_SNAP_CLIENT)

/* ---- activities and tasks ---- */

/* The deal and client an activity or task names, if given. */
static vo_err link_ids(const struct vo_crm_input *in, int64_t *deal, int64_t *client,
                       struct vo_error *e)
{
    vo_err rc = VO_OK;
    if (in->set & VO_F_DEAL)
        rc = vo_crm_ref(in, VO_F_DEAL, in->deal_id, "deal_id", deal, e);
    if (!rc && (in->set & VO_F_CLIENT))
        rc = vo_crm_ref(in, VO_F_CLIENT, in->client_id, "client_id", client, e);
    return rc;
}

/* The owner given (field: its name), then the deal and client checked as
 * the actor's when either was given. */
static vo_err owner_and_links(struct vo_svc *svc, const struct vo_crm_input *in, const char *field,
                              int64_t *owner, int64_t deal, int64_t client, struct vo_error *e)
{
    vo_err rc;
    if ((in->set & VO_F_OWNER) && (rc = vo_crm_owner(svc, in, field, owner, e)))
        return rc;
    if (in->set & (VO_F_DEAL | VO_F_CLIENT))
        return vo_crm_refs(svc, deal, client, NULL, NULL, e);
    return VO_OK;
}

/* A create's owner (given as field, else the actor), checked as the
 * actor's, then BEGIN. */
static vo_err owned_begin(struct vo_svc *svc, const struct vo_crm_input *in, const char *field,
                          int64_t *owner, struct vo_error *e)
{
    vo_err rc = vo_crm_owner(svc, in, field, owner, e);
    if (rc || (rc = vo_svc_check_owner(svc, *owner, true, e)))
        return rc;
    return vo_store_begin(svc->st, e);
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
    if ((rc = link_ids(in, &a->deal_id, &a->client_id, e)) ||
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
    if ((rc = owner_and_links(svc, in, "user_id", &a->user_id, a->deal_id, a->client_id, e)))
        return rc;
    return vo_activity_validate(a, e);
}

vo_err vo_svc_activity_create(struct vo_svc *svc, const struct vo_crm_input *in, int64_t *id,
                              struct vo_error *e)
{
    struct vo_activity a = {.org_id = svc->org.id, .at = vo_now(), .duration_s = VO_NULL};
    if (!(in->set & VO_F_TYPE) || !in->type)
        return vo_error_set(e, VO_EINVAL, "type", "type is required");
    vo_err rc = owned_begin(svc, in, "user_id", &a.user_id, e);
    if (rc)
        return rc;
    if ((rc = activity_apply(svc, in, &a, e)) ||
        (rc = vo_store_activity_upsert(svc->st, &a, NULL, e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    return end_write(svc, "activity.create", VO_CHANGE_ACTIVITY, a.id,
                     vo_activity_type_name(a.type), true, id, e);
}

/* Nothing follows the write of an activity. */
static vo_err activity_written(struct vo_svc *svc, const struct vo_activity *was,
                               struct vo_activity *a, struct vo_error *e)
{
    (void)svc, (void)was, (void)a, (void)e;
    return VO_OK;
}

WORK_UPDATE(activity, struct vo_activity, user_id, VO_CHANGE_ACTIVITY, nothing_after, -1)

/* ---- tasks ---- */

static vo_err task_apply(struct vo_svc *svc, const struct vo_crm_input *in, struct vo_task *t,
                         struct vo_error *e)
{
    vo_err rc = VO_OK;
    if (in->set & VO_F_TITLE)
        t->title = in->title;
    if ((in->set & VO_F_TYPE) && (rc = vo_task_type_parse(in->type, &t->type, "type", e)))
        return rc;
    if ((in->set & VO_F_DUE_AT) && (rc = vo_crm_time(svc, in->due_at, "due_at", &t->due_at, e)))
        return rc;
    if ((rc = link_ids(in, &t->deal_id, &t->client_id, e)) ||
        (rc =
             owner_and_links(svc, in, "assignee_id", &t->assignee_id, t->deal_id, t->client_id, e)))
        return rc;
    return vo_task_validate(t, e);
}

vo_err vo_svc_task_create(struct vo_svc *svc, const struct vo_crm_input *in, int64_t *id,
                          struct vo_error *e)
{
    struct vo_task t = {.org_id = svc->org.id, .created_at = vo_now(), .done_at = VO_NULL};
    if (!(in->set & VO_F_TITLE) || !in->title || !*in->title)
        return vo_error_set(e, VO_EINVAL, "title", "title is required");
    if (!(in->set & VO_F_DUE_AT) || !in->due_at)
        return vo_error_set(e, VO_EINVAL, "due_at", "due_at is required");
    vo_err rc = owned_begin(svc, in, "assignee_id", &t.assignee_id, e);
    if (rc)
        return rc;
    int64_t next = 0;
    if ((rc = task_apply(svc, in, &t, e)) || (rc = vo_store_task_upsert(svc->st, &t, NULL, e)) ||
        (rc = vo_svc_task_written(svc, &t, false, &next, e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    return end_write(svc, "task.create", VO_CHANGE_TASK, t.id, t.title, false, id, e);
}

/* A due time moved by a PATCH is a reschedule too (counted, logged). */
static vo_err task_written(struct vo_svc *svc, const struct vo_task *was, struct vo_task *t,
                           struct vo_error *e)
{
    int64_t next = 0;
    struct vo_task_reschedule log = {.org_id = svc->org.id,
                                     .task_id = t->id,
                                     .user_id = svc->actor_id,
                                     .at = vo_now(),
                                     .from_due = was->due_at,
                                     .to_due = t->due_at};
    vo_err rc = vo_svc_task_written(svc, t, false, &next, e);
    if (!rc && log.to_due != log.from_due)
        rc = vo_store_task_reschedule_add(svc->st, &log, e);
    return rc;
}

WORK_UPDATE(task, struct vo_task, assignee_id, VO_CHANGE_TASK, nothing_after, -1)

vo_err vo_svc_task_complete(struct vo_svc *svc, int64_t id, const char *done_at,
                            const char *comment, struct vo_error *e)
{
    struct vo_task t;
    int64_t at = vo_now(), next = 0;
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
    if (comment && *comment)
        t.comment = comment;
    if ((rc = vo_task_validate(&t, e)) || (rc = vo_store_task_update(svc->st, &t, e)) ||
        (rc = vo_svc_task_written(svc, &t, true, &next, e)))
        goto fail;
    if ((rc = end_write(svc, "task.complete", VO_CHANGE_TASK, id, NULL, false, NULL, e)))
        return rc;
    if (next)
        emit_back(svc, VO_CHANGE_TASK, next, false);
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
