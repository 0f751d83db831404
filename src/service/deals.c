/*
 * deals.c - the deal use cases: create, change, move to a stage, win, lose
 * and reopen. Each loads the deal inside its transaction (BEGIN
 * IMMEDIATE, so nobody changes it in between), checks the actor once with
 * vo_svc_check_owner, writes, audits, commits and then tells the live
 * dataset (a move also tells the stage change it recorded; win and lose
 * carry status and closed_at on the deal itself, as won and lost are not
 * stages).
 */
#include "service/crm.h"
#include "service/notify.h"

#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "service/custom_fields.h"
#include "service/deal_products.h"
#include "service/loss_reasons.h"

/* The pipeline named by text (a name, or an id as digits). */
static vo_err find_pipeline(struct vo_svc *svc, const char *text, int64_t *id, struct vo_error *e)
{
    if (!text || !*text)
        return vo_error_set(e, VO_EINVAL, "pipeline", "pipeline is required");
    char *end = NULL;
    long long v = strtoll(text, &end, 10);
    struct vo_error tmp = {0};
    if (*end == '\0' && v > 0) {
        struct vo_pipeline p;
        if (vo_store_pipeline_get(svc->st, svc->org.id, v, svc->arena, &p, &tmp) == VO_OK) {
            *id = p.id;
            return VO_OK;
        }
    } else if (vo_store_pipeline_find(svc->st, svc->org.id, text, id, &tmp) == VO_OK) {
        return VO_OK;
    }
    if (tmp.code && tmp.code != VO_ENOTFOUND)
        return vo_error_pass(e, tmp.code, &tmp);
    return vo_error_set(e, VO_EINVAL, "pipeline", "no pipeline \"%s\"", text);
}

/* The stage of pipeline named by text (a name, or an id as digits); NULL
 * text is the first stage. */
static vo_err find_stage(struct vo_svc *svc, int64_t pipeline, const char *text, int64_t *id,
                         struct vo_error *e)
{
    struct vo_stage *stages = NULL;
    size_t n = 0;
    vo_err rc = vo_store_stage_list(svc->st, svc->org.id, pipeline, svc->arena, &stages, &n, e);
    if (rc)
        return rc;
    if (!text) {
        if (n == 0)
            return vo_error_set(e, VO_EINVAL, "stage", "the pipeline has no stages");
        *id = stages[0].id;
        return VO_OK;
    }
    char *end = NULL;
    long long v = strtoll(text, &end, 10);
    bool numeric = *text && *end == '\0';
    for (size_t i = 0; i < n; i++)
        if (strcmp(stages[i].name, text) == 0 || (numeric && stages[i].id == v)) {
            *id = stages[i].id;
            return VO_OK;
        }
    return vo_error_set(e, VO_EINVAL, "stage", "no stage \"%s\" in the deal's pipeline", text);
}

/* Tells the live dataset about the deal as stored now. */
static void emit_deal(struct vo_svc *svc, int64_t id, const struct vo_stage_change *sc)
{
    struct vo_deal_row d;
    struct vo_error tmp = {0};
    if (vo_store_deal_get(svc->st, svc->org.id, id, svc->arena, &d, &tmp) != VO_OK) {
        struct vo_change other = {.kind = VO_CHANGE_OTHER};
        vo_svc_emit(svc, &other);
        return;
    }
    struct vo_change c = {.kind = VO_CHANGE_DEAL, .deal = &d.d};
    vo_svc_emit(svc, &c);
    if (sc) {
        struct vo_change s = {.kind = VO_CHANGE_STAGE_CHANGE, .deal = &d.d, .stage_change = sc};
        vo_svc_emit(svc, &s);
    }
}

static vo_err closed_conflict(const struct vo_deal *d, struct vo_error *e);

/* The stage and pipeline of a PATCH (vo_svc_deal_update's contract): sets
 * d's stage and *moved when it changes. */
static vo_err update_stage(struct vo_svc *svc, const struct vo_crm_input *in, struct vo_deal *d,
                           bool *moved, struct vo_error *e)
{
    vo_err rc;
    if (in->set & VO_F_PIPELINE) {
        int64_t pipeline = 0;
        if ((rc = find_pipeline(svc, in->pipeline, &pipeline, e)))
            return rc;
        if (pipeline != d->pipeline_id)
            return vo_error_set(e, VO_EINVAL, "pipeline",
                                "a deal does not change pipeline: close it and create a deal in "
                                "the other pipeline");
    }
    if (!(in->set & VO_F_STAGE))
        return VO_OK;
    int64_t stage = 0;
    if ((rc = find_stage(svc, d->pipeline_id, in->stage ? in->stage : "", &stage, e)))
        return rc;
    if (stage == d->stage_id)
        return VO_OK;
    if (d->status != VO_DEAL_OPEN)
        return closed_conflict(d, e);
    d->stage_id = stage;
    *moved = true;
    return VO_OK;
}

/* The product of a PATCH or a create: an id of the org's products, or
 * null for none (VO_EINVAL naming "product_id" otherwise). */
static vo_err update_product(struct vo_svc *svc, const struct vo_crm_input *in, struct vo_deal *d,
                             struct vo_error *e)
{
    if (!(in->set & VO_F_PRODUCT))
        return VO_OK;
    vo_err rc = vo_crm_ref(in, VO_F_PRODUCT, in->product_id, "product_id", &d->product_id, e);
    if (rc || d->product_id == 0)
        return rc;
    struct vo_product p;
    struct vo_error tmp = {0};
    rc = vo_store_product_get(svc->st, svc->org.id, d->product_id, svc->arena, &p, &tmp);
    if (rc == VO_ENOTFOUND)
        return vo_error_set(e, VO_EINVAL, "product_id", "no product %lld",
                            (long long)d->product_id);
    if (rc)
        return vo_error_pass(e, rc, &tmp);
    return VO_OK;
}

/* The client and amount of d as given in `in` (if given). */
static vo_err set_client_amount(const struct vo_crm_input *in, struct vo_deal *d,
                                struct vo_error *e)
{
    vo_err rc = VO_OK;
    if (in->set & VO_F_CLIENT)
        rc = vo_crm_ref(in, VO_F_CLIENT, in->client_id, "client_id", &d->client_id, e);
    if (!rc && (in->set & VO_F_AMOUNT))
        rc = vo_crm_num(in, VO_F_AMOUNT, in->amount, VO_NUM_AMOUNT, "amount", &d->amount, e);
    return rc;
}

/* Opens the transaction, loads the deal in it and checks the actor may
 * change it; on an error nothing is left open. */
static vo_err begin_write(struct vo_svc *svc, int64_t id, struct vo_deal_row *d, struct vo_error *e)
{
    vo_err rc = vo_store_begin(svc->st, e);
    if (rc)
        return rc;
    if ((rc = vo_store_deal_get(svc->st, svc->org.id, id, svc->arena, d, e)) ||
        (rc = vo_svc_check_owner(svc, d->d.owner_id, true, e)))
        vo_store_rollback(svc->st);
    return rc;
}

/* Audits and commits the write of deal id (vo_crm_finish), then tells the
 * live dataset (sc: the stage change recorded, or NULL). */
static vo_err commit_deal(struct vo_svc *svc, const char *action, int64_t id, const char *detail,
                          const struct vo_stage_change *sc, struct vo_error *e)
{
    vo_err rc = vo_crm_finish(svc, action, "deal", id, detail, e);
    if (!rc)
        emit_deal(svc, id, sc);
    return rc;
}

vo_err vo_svc_deal_create(struct vo_svc *svc, const struct vo_crm_input *in, int64_t *id,
                          struct vo_error *e)
{
    struct vo_deal d = {.org_id = svc->org.id,
                        .status = VO_DEAL_OPEN,
                        .closed_at = VO_NULL,
                        .amount = VO_NULL,
                        .custom = "{}"};
    vo_err rc = vo_crm_owner(svc, in, "owner_id", &d.owner_id, e);
    if (rc || (rc = vo_svc_check_owner(svc, d.owner_id, true, e)))
        return rc;
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = find_pipeline(svc, in->pipeline, &d.pipeline_id, e)) ||
        (rc = find_stage(svc, d.pipeline_id, (in->set & VO_F_STAGE) ? in->stage : NULL, &d.stage_id,
                         e)))
        goto fail;
    d.title = in->title;
    if ((rc = set_client_amount(in, &d, e)))
        goto fail;
    if ((rc = update_product(svc, in, &d, e)))
        goto fail;
    d.channel = in->channel;
    d.source = in->source;
    d.created_at = vo_now();
    if ((rc = vo_crm_refs(svc, 0, d.client_id, NULL, NULL, e)) ||
        (rc = vo_svc_custom_apply(svc, "deal", NULL, (in->set & VO_F_CUSTOM) ? in->custom : NULL,
                                  true, &d.custom, e)) ||
        (rc = vo_deal_validate(&d, e)) || (rc = vo_store_deal_upsert(svc->st, &d, NULL, e)) ||
        (rc = vo_crm_deal_contact_write(svc, in, d.id, d.client_id, e)) ||
        (rc = vo_svc_notify_assigned(svc, "deal", d.id, d.title, d.owner_id, d.rev, e)))
        goto fail;
    *id = d.id;
    return commit_deal(svc, "deal.create", d.id, d.title, NULL, e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}

/* A PATCH of the amount: a number sets it by hand (it stops following the
 * deal's products); null gives it back to the products (their sum when
 * the deal has any, else none). */
static vo_err amount_by_hand(struct vo_svc *svc, const struct vo_crm_input *in, struct vo_deal *d,
                             struct vo_error *e)
{
    bool manual = !(in->null & VO_F_AMOUNT);
    vo_err rc;
    if (!manual) {
        int64_t sum = 0;
        size_t n = 0;
        if ((rc = vo_deal_products_sum(svc, d->id, &sum, &n, e)))
            return rc;
        if (n > 0)
            d->amount = sum;
    }
    return vo_store_deal_amount_manual_set(svc->st, svc->org.id, d->id, manual, e);
}

vo_err vo_svc_deal_update(struct vo_svc *svc, int64_t id, const struct vo_crm_input *in,
                          struct vo_error *e)
{
    struct vo_deal_row row;
    vo_err rc = begin_write(svc, id, &row, e);
    if (rc)
        return rc;
    const char *before = vo_svc_snapshot(svc, VO_SNAP_DEAL, id); /* for the audit */
    struct vo_deal d = row.d;
    struct vo_stage_change sc = {
        .org_id = svc->org.id, .deal_id = id, .at = vo_now(), .user_id = svc->actor_id};
    bool moved = false;
    vo_crm_expect(vo_crm_version(in), &d.rev);
    if ((rc = update_stage(svc, in, &d, &moved, e)) || (rc = update_product(svc, in, &d, e)))
        goto fail;
    sc.stage_id = d.stage_id;
    if (in->set & VO_F_TITLE)
        d.title = in->title;
    if ((rc = set_client_amount(in, &d, e)))
        goto fail;
    if (in->set & VO_F_CHANNEL)
        d.channel = in->channel;
    if (in->set & VO_F_SOURCE)
        d.source = in->source;
    if ((in->set & VO_F_OWNER) && (rc = vo_crm_owner(svc, in, "owner_id", &d.owner_id, e)))
        goto fail;
    if ((in->set & VO_F_CLIENT) && (rc = vo_crm_refs(svc, 0, d.client_id, NULL, NULL, e)))
        goto fail;
    if ((in->set & VO_F_CUSTOM) &&
        (rc = vo_svc_custom_apply(svc, "deal", d.custom, in->custom, false, &d.custom, e)))
        goto fail;
    if ((in->set & VO_F_AMOUNT) && (rc = amount_by_hand(svc, in, &d, e)))
        goto fail;
    if ((rc = vo_deal_validate(&d, e)) || (rc = vo_store_deal_update(svc->st, &d, e)) ||
        (moved && (rc = vo_store_stage_change_insert(svc->st, &sc, e))) ||
        (rc = vo_crm_deal_contact_write(svc, in, id, d.client_id, e)))
        goto fail;
    if (d.owner_id != row.d.owner_id &&
        (rc = vo_svc_notify_assigned(svc, "deal", id, d.title, d.owner_id, d.rev, e)))
        goto fail;
    return commit_deal(svc, "deal.update", id, vo_svc_changes(svc, VO_SNAP_DEAL, id, before),
                       moved ? &sc : NULL, e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}

static vo_err closed_conflict(const struct vo_deal *d, struct vo_error *e)
{
    return vo_error_set(e, VO_ECONFLICT, "status", "the deal is %s already",
                        vo_deal_status_name(d->status));
}

vo_err vo_svc_deal_move(struct vo_svc *svc, int64_t id, const char *stage, const int64_t *version,
                        struct vo_error *e)
{
    if (!stage || !*stage)
        return vo_error_set(e, VO_EINVAL, "stage", "stage is required");
    struct vo_deal_row row;
    struct vo_stage_change sc = {
        .org_id = svc->org.id, .deal_id = id, .at = vo_now(), .user_id = svc->actor_id};
    vo_err rc = begin_write(svc, id, &row, e);
    if (rc)
        return rc;
    if (row.d.status != VO_DEAL_OPEN) {
        rc = closed_conflict(&row.d, e);
        goto fail;
    }
    if ((rc = find_stage(svc, row.d.pipeline_id, stage, &sc.stage_id, e)))
        goto fail;
    if (sc.stage_id == row.d.stage_id) {
        rc = vo_error_set(e, VO_ECONFLICT, "stage", "the deal is in stage \"%s\" already",
                          row.stage_name ? row.stage_name : stage);
        goto fail;
    }
    row.d.stage_id = sc.stage_id;
    vo_crm_expect(version, &row.d.rev);
    if ((rc = vo_store_deal_set_stage(svc->st, &row.d, e)) ||
        (rc = vo_store_stage_change_insert(svc->st, &sc, e)))
        goto fail;
    return commit_deal(svc, "deal.move", id, stage, &sc, e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}

/* What a loss is given: a reason of the dictionary or a text, a comment. */
struct loss {
    int64_t reason_id;
    const char *reason, *comment;
};

/* Closes an open deal as won (loss NULL) or lost now (amount: NULL keeps
 * the deal's). */
static vo_err close_deal(struct vo_svc *svc, int64_t id, enum vo_deal_status status,
                         const int64_t *amount, const struct loss *loss, const int64_t *version,
                         struct vo_error *e)
{
    const char *reason = NULL, *comment = NULL;
    int64_t reason_id = 0;
    struct vo_deal_row row;
    vo_err rc = begin_write(svc, id, &row, e);
    if (rc)
        return rc;
    struct vo_deal d = row.d;
    vo_crm_expect(version, &d.rev);
    if (d.status != VO_DEAL_OPEN) {
        rc = closed_conflict(&d, e);
        goto fail;
    }
    if (amount)
        d.amount = *amount;
    if (status == VO_DEAL_WON && d.amount == VO_NULL) {
        rc = vo_error_set(e, VO_EINVAL, "amount", "a won deal needs an amount");
        goto fail;
    }
    if (loss && (rc = vo_loss_resolve(svc, loss->reason_id, loss->reason, loss->comment, &reason_id,
                                      &reason, &comment, e)))
        goto fail;
    int64_t now = vo_now();
    struct vo_deal_undo undo = {
        .deal_id = id, .user_id = svc->actor_id, .at = now, .prev_amount = row.d.amount};
    d.status = status;
    d.closed_at = now < d.created_at ? d.created_at : now;
    d.loss_reason = reason;
    if ((rc = vo_deal_validate(&d, e)) || (rc = vo_store_deal_update(svc->st, &d, e)) ||
        (loss && (rc = vo_store_deal_loss_set(svc->st, svc->org.id, id, reason_id, comment, e))))
        goto fail;
    undo.rev_after = d.rev;
    if ((rc = vo_store_deal_undo_set(svc->st, svc->org.id, &undo, e)))
        goto fail;
    return commit_deal(svc, status == VO_DEAL_WON ? "deal.win" : "deal.lose", id, reason, NULL, e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_deal_win(struct vo_svc *svc, int64_t id, const int64_t *amount,
                       const int64_t *version, struct vo_error *e)
{
    vo_err rc;
    if (amount && (rc = vo_num_check(VO_NUM_AMOUNT, *amount, "amount", e)))
        return rc;
    return close_deal(svc, id, VO_DEAL_WON, amount, NULL, version, e);
}

vo_err vo_svc_deal_lose(struct vo_svc *svc, int64_t id, int64_t reason_id, const char *reason,
                        const char *comment, const int64_t *version, struct vo_error *e)
{
    const struct loss loss = {reason_id, reason, comment};
    return close_deal(svc, id, VO_DEAL_LOST, NULL, &loss, version, e);
}

vo_err vo_svc_deal_reopen(struct vo_svc *svc, int64_t id, const int64_t *version,
                          struct vo_error *e)
{
    struct vo_deal_row row;
    vo_err rc = begin_write(svc, id, &row, e);
    if (rc)
        return rc;
    if (!vo_crm_is_lead(svc)) {
        rc = vo_error_set(e, VO_EPERM, NULL, "only an admin or the head reopens a deal");
        goto fail;
    }
    if (row.d.status == VO_DEAL_OPEN) {
        rc = vo_error_set(e, VO_ECONFLICT, "status", "the deal is open");
        goto fail;
    }
    row.d.status = VO_DEAL_OPEN;
    vo_crm_expect(version, &row.d.rev);
    row.d.closed_at = VO_NULL;
    row.d.loss_reason = NULL;
    if ((rc = vo_store_deal_update(svc->st, &row.d, e)) ||
        (rc = vo_store_deal_loss_set(svc->st, svc->org.id, id, 0, NULL, e)) ||
        (rc = vo_store_deal_undo_clear(svc->st, svc->org.id, id, e)))
        goto fail;
    return commit_deal(svc, "deal.reopen", id, NULL, NULL, e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_deal_undo_at(struct vo_svc *svc, int64_t id, int64_t now, struct vo_error *e)
{
    struct vo_deal_row row;
    struct vo_deal_undo u;
    vo_err rc = begin_write(svc, id, &row, e);
    if (rc)
        return rc;
    if (row.d.status == VO_DEAL_OPEN) {
        rc = vo_error_set(e, VO_ECONFLICT, "undo", "the deal is open: nothing to undo");
        goto fail;
    }
    rc = vo_store_deal_undo_get(svc->st, svc->org.id, id, &u, e);
    if (rc == VO_ENOTFOUND || (!rc && u.user_id != svc->actor_id)) {
        rc = vo_error_set(e, VO_ECONFLICT, "undo",
                          "only who won or lost the deal undoes it, right after (reopen: "
                          "admin or head)");
        goto fail;
    }
    if (rc)
        goto fail;
    if (now - u.at > VO_DEAL_UNDO_S || now < u.at) {
        rc =
            vo_error_set(e, VO_ECONFLICT, "undo",
                         "the %d seconds to undo are over (reopen: admin or head)", VO_DEAL_UNDO_S);
        goto fail;
    }
    if (row.d.rev != u.rev_after) {
        rc = vo_error_set(e, VO_ECONFLICT, "undo",
                          "the deal changed after it was closed: it is not undone (reopen: "
                          "admin or head)");
        goto fail;
    }
    struct vo_deal d = row.d;
    d.status = VO_DEAL_OPEN;
    d.closed_at = VO_NULL;
    d.loss_reason = NULL;
    d.amount = u.prev_amount;
    d.rev = u.rev_after; /* the write happens only at that version */
    if ((rc = vo_store_deal_update(svc->st, &d, e)) ||
        (rc = vo_store_deal_loss_set(svc->st, svc->org.id, id, 0, NULL, e)) ||
        (rc = vo_store_deal_undo_clear(svc->st, svc->org.id, id, e)))
        goto fail;
    return commit_deal(svc, "deal.undo", id, vo_deal_status_name(row.d.status), NULL, e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_deal_undo(struct vo_svc *svc, int64_t id, struct vo_error *e)
{
    return vo_svc_deal_undo_at(svc, id, vo_now(), e);
}
