/*
 * crm.c - the reads of the CRM objects (one by id, filtered lists, a
 * deal's history) and what the CRM write use cases of deals.c and work.c
 * share: who may own what, checking references, instants in the org's
 * zone, and the audit-then-commit ending of a transaction.
 *
 * Every read goes through vo_svc_check_owner once; a manager's list is
 * narrowed to the manager's own objects here, never by trusting a filter
 * of the request.
 */
#include "service/crm.h"

#include <string.h>

#include "base/timeutil.h"
#include "service/webhooks.h"

bool vo_crm_is_lead(const struct vo_svc *svc)
{
    return svc->actor_id == 0 || svc->actor_role == VO_ROLE_ADMIN ||
           svc->actor_role == VO_ROLE_HEAD;
}

vo_err vo_crm_owner(struct vo_svc *svc, const struct vo_crm_input *in, const char *field,
                    int64_t *owner, struct vo_error *e)
{
    if (!(in->set & VO_F_OWNER)) {
        if (!svc->actor_id)
            return vo_error_set(e, VO_EINVAL, field, "%s is required", field);
        *owner = svc->actor_id;
        return VO_OK;
    }
    if (in->null & VO_F_OWNER)
        return vo_error_set(e, VO_EINVAL, field, "%s cannot be null: give an active user's id",
                            field);
    vo_err rc = vo_num_check(VO_NUM_ID, in->owner_id, field, e);
    if (rc)
        return rc;
    if (!vo_crm_is_lead(svc) && in->owner_id != svc->actor_id)
        return vo_error_set(e, VO_EINVAL, field, "a manager cannot give work to someone else");
    struct vo_user u;
    struct vo_error tmp = {0};
    if (vo_store_user_get(svc->st, svc->org.id, in->owner_id, svc->arena, &u, &tmp) != VO_OK ||
        vo_crm_assignable(&u, field, &tmp))
        return vo_error_set(e, VO_EINVAL, field, "no active user %lld", (long long)in->owner_id);
    *owner = u.id;
    return VO_OK;
}

vo_err vo_crm_assignable(const struct vo_user *u, const char *field, struct vo_error *e)
{
    if (!u->active)
        return vo_error_set(e, VO_EINVAL, field,
                            "%s is disabled: work is given to active users only",
                            u->email ? u->email : u->name);
    return VO_OK;
}

vo_err vo_crm_ref(const struct vo_crm_input *in, unsigned bit, int64_t v, const char *field,
                  int64_t *out, struct vo_error *e)
{
    if (in->null & bit) {
        *out = 0;
        return VO_OK;
    }
    vo_err rc = vo_num_check(VO_NUM_ID, v, field, e);
    if (!rc)
        *out = v;
    return rc;
}

vo_err vo_crm_num(const struct vo_crm_input *in, unsigned bit, int64_t v, enum vo_num k,
                  const char *field, int64_t *out, struct vo_error *e)
{
    if (in->null & bit) {
        *out = VO_NULL;
        return VO_OK;
    }
    vo_err rc = vo_num_check(k, v, field, e);
    if (!rc)
        *out = v;
    return rc;
}

vo_err vo_crm_refs(struct vo_svc *svc, int64_t deal, int64_t client, int64_t *deal_owner,
                   int64_t *client_owner, struct vo_error *e)
{
    struct vo_error tmp = {0};
    if (deal > 0) {
        struct vo_deal_row d;
        vo_err rc = vo_store_deal_get(svc->st, svc->org.id, deal, svc->arena, &d, &tmp);
        if (rc == VO_ENOTFOUND || (!rc && vo_svc_check_owner(svc, d.d.owner_id, false, &tmp)))
            return vo_error_set(e, VO_EINVAL, "deal_id", "no deal %lld", (long long)deal);
        if (rc)
            return vo_error_pass(e, rc, &tmp);
        if (deal_owner)
            *deal_owner = d.d.owner_id;
    }
    if (client > 0) {
        struct vo_client c;
        vo_err rc = vo_store_client_get(svc->st, svc->org.id, client, svc->arena, &c, &tmp);
        if (rc == VO_ENOTFOUND || (!rc && vo_svc_check_owner(svc, c.owner_id, false, &tmp)))
            return vo_error_set(e, VO_EINVAL, "client_id", "no client %lld", (long long)client);
        if (rc)
            return vo_error_pass(e, rc, &tmp);
        if (client_owner)
            *client_owner = c.owner_id;
    }
    return VO_OK;
}

vo_err vo_crm_time(struct vo_svc *svc, const char *text, const char *field, int64_t *out,
                   struct vo_error *e)
{
    if (!text || !*text)
        return vo_error_set(e, VO_EINVAL, field, "%s is required", field);
    return vo_time_parse(text, svc->tz, out, field, e);
}

vo_err vo_crm_finish(struct vo_svc *svc, const char *action, const char *object, int64_t id,
                     const char *detail, struct vo_error *e)
{
    /* the webhooks' outbox, in the write's transaction (webhooks.h) */
    vo_err rc = vo_svc_webhook_enqueue(svc, action, object, id, detail, e);
    if (!rc)
        rc = vo_store_audit(svc->st, svc->org.id, svc->actor_id, action, object, id, detail, e);
    if (!rc)
        rc = vo_store_commit(svc->st, e);
    if (rc)
        vo_store_rollback(svc->st);
    return rc;
}

/* ---- reads ---- */

const char *const *const vo_svc_deal_sorts = vo_store_deal_sorts;
const char *const *const vo_svc_client_sorts = vo_store_client_sorts;
const char *const *const vo_svc_activity_sorts = vo_store_activity_sorts;
const char *const *const vo_svc_task_sorts = vo_store_task_sorts;
const char *const *const vo_svc_payment_sorts = vo_store_payment_sorts;

/* rc of a store get, narrowed: an object that is not the actor's is absent
 * to them ("no <what> <id>", field "id"). */
static vo_err owned(struct vo_svc *svc, vo_err rc, int64_t owner, const char *what, int64_t id,
                    struct vo_error *e)
{
    if (!rc && vo_svc_check_owner(svc, owner, false, e))
        return vo_error_set(e, VO_ENOTFOUND, "id", "no %s %lld", what, (long long)id);
    return rc;
}

void vo_crm_narrow(struct vo_svc *svc, struct vo_crm_query *q)
{
    if (svc->actor_id && svc->actor_role == VO_ROLE_MANAGER)
        q->owner_id = svc->actor_id;
}

/* The reads differ only in the object's type, store functions and owner
 * column, which a function cannot take: CRM_GET defines vo_svc_<obj>_get
 * (the owner is out->OWNER), CRM_LIST vo_svc_<obj>_list. */
#define CRM_GET(obj, type, OWNER)                                                                  \
    vo_err vo_svc_##obj##_get(struct vo_svc *svc, int64_t id, type *out, struct vo_error *e)       \
    {                                                                                              \
        vo_err rc = vo_store_##obj##_get(svc->st, svc->org.id, id, svc->arena, out, e);            \
        return owned(svc, rc, rc ? 0 : out->OWNER, #obj, id, e);                                   \
    }
#define CRM_LIST(obj, type)                                                                        \
    vo_err vo_svc_##obj##_list(struct vo_svc *svc, struct vo_crm_query *q, type **out,             \
                               struct vo_crm_page *pg, struct vo_error *e)                         \
    {                                                                                              \
        vo_crm_narrow(svc, q);                                                                     \
        return vo_store_##obj##_list(svc->st, svc->org.id, q, svc->arena, out, pg, e);             \
    }

CRM_GET(deal, struct vo_deal_row, d.owner_id)
CRM_LIST(deal, struct vo_deal_row)
CRM_GET(client, struct vo_client, owner_id)
CRM_LIST(client, struct vo_client)
CRM_GET(activity, struct vo_activity, user_id)
CRM_LIST(activity, struct vo_activity)
CRM_GET(task, struct vo_task, assignee_id)
CRM_LIST(task, struct vo_task)
CRM_LIST(payment, struct vo_payment)

vo_err vo_svc_deal_history(struct vo_svc *svc, int64_t id, struct vo_stage_change_row **out,
                           size_t *n, struct vo_error *e)
{
    struct vo_deal_row d;
    vo_err rc = vo_svc_deal_get(svc, id, &d, e);
    if (rc)
        return rc;
    return vo_store_deal_history(svc->st, svc->org.id, id, svc->arena, out, n, e);
}

vo_err vo_svc_payment_get(struct vo_svc *svc, int64_t id, struct vo_payment *out,
                          struct vo_error *e)
{
    int64_t owner = 0;
    vo_err rc = vo_store_payment_get(svc->st, svc->org.id, id, svc->arena, out, &owner, e);
    return owned(svc, rc, owner, "payment", id, e);
}
