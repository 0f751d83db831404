/*
 * crm.h - the CRM use cases: clients, deals (create, change, move, win,
 * lose, reopen), activities, tasks (with completion) and payments, and the
 * reads that go with them. Every function checks the actor's role and
 * ownership once through vo_svc_check_owner (a manager works on their own
 * objects only and gets VO_ENOTFOUND for anyone else's; a viewer reads
 * all and changes nothing; admin and head do everything), writes in one
 * store transaction with an audit row, and tells the live dataset after
 * the commit (vo_svc_emit).
 */
#ifndef VO_SERVICE_CRM_H
#define VO_SERVICE_CRM_H

#include <jansson.h>
#include <stddef.h>

#include "service/service.h"

/* Which fields of a struct vo_crm_input were given (a create reads the ones
 * it needs; an update changes exactly these). */
enum vo_crm_field {
    VO_F_TITLE = 1u << 0,
    VO_F_NAME = 1u << 1,
    VO_F_CLIENT = 1u << 2,
    VO_F_DEAL = 1u << 3,
    VO_F_AMOUNT = 1u << 4,
    VO_F_OWNER = 1u << 5, /* deal/client owner, activity user, task assignee */
    VO_F_CHANNEL = 1u << 6,
    VO_F_SOURCE = 1u << 7,
    VO_F_REGION = 1u << 8,
    VO_F_SEGMENT = 1u << 9,
    VO_F_KEY_ACCOUNT = 1u << 10,
    VO_F_TYPE = 1u << 11,
    VO_F_AT = 1u << 12, /* activity at, task done_at, payment paid_at */
    VO_F_DURATION = 1u << 13,
    VO_F_DIRECTION = 1u << 14,
    VO_F_OUTCOME = 1u << 15,
    VO_F_DUE_AT = 1u << 16,
    VO_F_PIPELINE = 1u << 17,
    VO_F_STAGE = 1u << 18,
    VO_F_VERSION = 1u << 19, /* an update's optimistic concurrency (version) */
    VO_F_PRODUCT = 1u << 20, /* a deal's product_id */
    VO_F_CUSTOM = 1u << 21,  /* a deal's or client's custom fields */
    /* a client's card (service/client_card.c; issue 10, clients) */
    VO_F_INN = 1u << 22,
    VO_F_KPP = 1u << 23,
    VO_F_ADDRESS = 1u << 24,
    VO_F_PHONE = 1u << 25,
    VO_F_EMAIL = 1u << 26,
    VO_F_WEBSITE = 1u << 27,
    VO_F_COMMENT = 1u << 28,
    VO_F_CONTACT = 1u << 29, /* a deal's contact (service/contacts.c) */
};
/* Every bit of a client's card. */
#define VO_F_CLIENT_CARD                                                                           \
    (VO_F_INN | VO_F_KPP | VO_F_ADDRESS | VO_F_PHONE | VO_F_EMAIL | VO_F_WEBSITE | VO_F_COMMENT)

/* What a request gives for any CRM record; strings borrowed. `set` says
 * which fields were given, `null` which of those were given as null (an
 * explicit "none": it clears a deal or client reference, an amount, a
 * duration; for an owner or a required field it is refused). A number
 * that is given is a value, whatever it holds: ids must be > 0 and every
 * number is bounded by model.h's table (VO_EINVAL naming the field), no
 * value stands for "none". Instants are ISO 8601 text read in the org's
 * zone (vo_time_parse); pipeline and stage are a name or an id as text. */
struct vo_crm_input {
    unsigned set;  /* enum vo_crm_field bits */
    unsigned null; /* enum vo_crm_field bits, a subset of set */
    const char *title, *name, *channel, *source, *region, *segment;
    const char *type, *direction, *outcome;
    const char *at, *due_at;
    const char *pipeline, *stage;
    int64_t client_id, deal_id, amount, owner_id, duration_s;
    int64_t product_id;
    bool key_account;
    /* With VO_F_CUSTOM: {key: value or null} of the custom fields to set or
     * clear (borrowed; custom_fields.h checks them). */
    const json_t *custom;
    /* With VO_F_VERSION: an update's optimistic concurrency, the version
     * (the row's rev, 0 for a row never changed) the caller read; without
     * it the last writer wins. A stale one is VO_ESTALE naming "version",
     * checked by the UPDATE itself (store.h). */
    int64_t version;
    /* a client's card (VO_F_CLIENT_CARD; "" or null clears a field) */
    const char *inn, *kpp, *address, *phone, *email, *website, *comment;
    int64_t contact_id; /* a deal's contact (VO_F_CONTACT; null: none) */
};

/* The revision an update is made against: the caller's version when given
 * (NULL = none), else the one the row was loaded with. A negative version
 * is no row's: the update finds the object stale. */
static inline void vo_crm_expect(const int64_t *version, int64_t *rev)
{
    if (version)
        *rev = *version < 0 ? INT64_MAX : *version;
}
/* The version of in, NULL when not given. */
static inline const int64_t *vo_crm_version(const struct vo_crm_input *in)
{
    return (in->set & VO_F_VERSION) ? &in->version : NULL;
}

/* ---- reads: one object (VO_ENOTFOUND when absent or not the actor's) and
 * lists (a manager's list is narrowed to their own objects whatever q
 * says; q->owner_id is overwritten). Results in svc->arena. ---- */
#define VO_SVC_CRM_READS(obj, type)                                                                \
    vo_err vo_svc_##obj##_get(struct vo_svc *svc, int64_t id, type *out, struct vo_error *e);      \
    vo_err vo_svc_##obj##_list(struct vo_svc *svc, struct vo_crm_query *q, type **out,             \
                               struct vo_crm_page *pg, struct vo_error *e)
/* The narrowing of every list: a manager's q->owner_id becomes their own
 * id (whatever the request said); anyone else's q is left as it is. */
void vo_crm_narrow(struct vo_svc *svc, struct vo_crm_query *q);
/* vo_svc_deal_get, vo_svc_deal_list, vo_svc_client_get, ... */
VO_SVC_CRM_READS(deal, struct vo_deal_row);
VO_SVC_CRM_READS(client, struct vo_client);
VO_SVC_CRM_READS(activity, struct vo_activity);
VO_SVC_CRM_READS(task, struct vo_task);
VO_SVC_CRM_READS(payment, struct vo_payment);
/* The deal's stage changes, oldest first. */
vo_err vo_svc_deal_history(struct vo_svc *svc, int64_t id, struct vo_stage_change_row **out,
                           size_t *n, struct vo_error *e);

/* The sort keys each list takes (q->sort indexes them; NULL-terminated,
 * the first is the default): the store's, for the caller's paging. */
extern const char *const *const vo_svc_deal_sorts;
extern const char *const *const vo_svc_client_sorts;
extern const char *const *const vo_svc_activity_sorts;
extern const char *const *const vo_svc_task_sorts;
extern const char *const *const vo_svc_payment_sorts;

/* ---- deals (service/deals.c) ---- */
/* Creates an open deal in `pipeline` (required) at `stage` (default: the
 * first stage) created now. A manager owns what they create (owner_id
 * given by a manager for someone else is VO_EINVAL naming "owner_id");
 * admin and head may give any active user. *id is the new deal. */
vo_err vo_svc_deal_create(struct vo_svc *svc, const struct vo_crm_input *in, int64_t *id,
                          struct vo_error *e);
/* Changes title, client, product, amount, channel, source, stage and
 * (admin, head) owner. A new stage (name or id, of the deal's pipeline:
 * VO_EINVAL naming "stage" otherwise) is the rule of vo_svc_deal_move and
 * recorded in the history like a move; a closed deal's stage does not
 * change (VO_ECONFLICT), the stage it is in is no change. `pipeline` may
 * only name the deal's own pipeline (VO_EINVAL naming "pipeline"): a deal
 * does not change pipeline. Status changes only through win/lose/reopen.
 * Every update and deal action takes the version the caller read
 * (vo_crm_version(in), or `version`; NULL = no check): VO_ESTALE naming "version"
 * when the deal has changed since. */
vo_err vo_svc_deal_update(struct vo_svc *svc, int64_t id, const struct vo_crm_input *in,
                          struct vo_error *e);
/* Moves an open deal to a stage of its pipeline (name or id text) and
 * records the stage change (now, the actor). VO_EINVAL naming "stage" for
 * a stage not in the pipeline; VO_ECONFLICT for a closed deal or the
 * current stage. */
vo_err vo_svc_deal_move(struct vo_svc *svc, int64_t id, const char *stage, const int64_t *version,
                        struct vo_error *e);
/* Wins an open deal now; amount (NULL = keep the deal's; bounded by
 * VO_NUM_AMOUNT) must end up set (VO_EINVAL naming "amount"). VO_ECONFLICT
 * when the deal is closed. */
vo_err vo_svc_deal_win(struct vo_svc *svc, int64_t id, const int64_t *amount,
                       const int64_t *version, struct vo_error *e);
/* Loses an open deal now with a reason of the org's dictionary
 * (reason_id > 0) or a reason text (a name of it, else "Другое" with the
 * text as the comment) and a comment (required for "Другое"): the rules
 * of vo_loss_resolve (loss_reasons.h). The deal records the reason's name
 * as its loss_reason, its id and the comment. VO_ECONFLICT when the deal
 * is closed. */
vo_err vo_svc_deal_lose(struct vo_svc *svc, int64_t id, int64_t reason_id, const char *reason,
                        const char *comment, const int64_t *version, struct vo_error *e);
/* Reopens a won or lost deal (admin and head only: a closed deal is in the
 * month's figures, so taking it back is a decision of the department's
 * lead, VO_EPERM for others). Clears closed_at and the loss reason. */
vo_err vo_svc_deal_reopen(struct vo_svc *svc, int64_t id, const int64_t *version,
                          struct vo_error *e);

/* Undoes a win or a loss (crm-edit, issue 10): only its actor, within
 * VO_DEAL_UNDO_S seconds, and only while nothing changed the deal since
 * (else VO_ECONFLICT naming "undo"). Restores status open, no closed_at,
 * the amount before and no loss reason, exactly as before; audit
 * "deal.undo". vo_svc_deal_undo_at takes the instant of the undo (tests). */
#define VO_DEAL_UNDO_S 30
vo_err vo_svc_deal_undo(struct vo_svc *svc, int64_t id, struct vo_error *e);
vo_err vo_svc_deal_undo_at(struct vo_svc *svc, int64_t id, int64_t now, struct vo_error *e);

/* ---- clients, activities, tasks, payments (service/work.c) ---- */
/* Clients: name required; the owner rule is that of deals. */
vo_err vo_svc_client_create(struct vo_svc *svc, const struct vo_crm_input *in, int64_t *id,
                            struct vo_error *e);
vo_err vo_svc_client_update(struct vo_svc *svc, int64_t id, const struct vo_crm_input *in,
                            struct vo_error *e);
/* Activities: type required, at defaults to now; the user (VO_F_OWNER) is
 * the actor unless admin/head name another; a deal or client referred to
 * must be one the actor sees (VO_EINVAL naming "deal_id" / "client_id"). */
vo_err vo_svc_activity_create(struct vo_svc *svc, const struct vo_crm_input *in, int64_t *id,
                              struct vo_error *e);
vo_err vo_svc_activity_update(struct vo_svc *svc, int64_t id, const struct vo_crm_input *in,
                              struct vo_error *e);
/* Tasks: title and due_at required; type (call, meeting, email, other)
 * defaults to other; the assignee rule is that of activities. A change of
 * an open task's due_at is logged as a reschedule (service/tasks.h). */
vo_err vo_svc_task_create(struct vo_svc *svc, const struct vo_crm_input *in, int64_t *id,
                          struct vo_error *e);
vo_err vo_svc_task_update(struct vo_svc *svc, int64_t id, const struct vo_crm_input *in,
                          struct vo_error *e);
/* Completes an open task at done_at (ISO text; NULL = now) with an
 * optional comment (NULL or empty = none; kept on the task). VO_ECONFLICT
 * when it is already done. A task of a running recurrence gets its next
 * occurrence in the same transaction (service/tasks.h). */
vo_err vo_svc_task_complete(struct vo_svc *svc, int64_t id, const char *done_at,
                            const char *comment, struct vo_error *e);
/* Payments: amount > 0, paid_at defaults to now, a deal or a client
 * required. The payment belongs to the deal's owner, else the client's: a
 * manager pays only on their own (VO_ENOTFOUND otherwise). */
vo_err vo_svc_payment_create(struct vo_svc *svc, const struct vo_crm_input *in, int64_t *id,
                             struct vo_error *e);

/* Shared by deals.c and work.c (crm.c). */
/* Is the actor admin, head, or the system? */
bool vo_crm_is_lead(const struct vo_svc *svc);
/* The owner a create or an owner change ends with: the actor for a manager
 * (someone else is VO_EINVAL naming `field`); for admin and head the given
 * active user of the org, or the actor when the field is not given. Given
 * as null, 0 or a negative number it is VO_EINVAL naming `field`: an owner
 * is never cleared (nor silently replaced by the actor). */
vo_err vo_crm_owner(struct vo_svc *svc, const struct vo_crm_input *in, const char *field,
                    int64_t *owner, struct vo_error *e);
/* May u be given work (own a deal or a client, do an activity, be a
 * task's assignee)? Only an active user (VO_EINVAL naming field). The rule
 * of vo_crm_owner; the importer applies it to the rows that give work. */
vo_err vo_crm_assignable(const struct vo_user *u, const char *field, struct vo_error *e);
/* The reference of field `bit` of in, into *out: 0 when given as null (no
 * deal, no client), the id when > 0, VO_EINVAL naming `field` otherwise.
 * Only for a field in in->set. */
vo_err vo_crm_ref(const struct vo_crm_input *in, unsigned bit, int64_t v, const char *field,
                  int64_t *out, struct vo_error *e);
/* An optional number of field `bit`: VO_NULL when given as null, the value
 * when within bound k, VO_EINVAL naming `field` otherwise. Only for a
 * field in in->set. */
vo_err vo_crm_num(const struct vo_crm_input *in, unsigned bit, int64_t v, enum vo_num k,
                  const char *field, int64_t *out, struct vo_error *e);
/* Checks that deal / client ids (0 = none) exist in the org and that the
 * actor sees them (VO_EINVAL naming "deal_id" / "client_id"); *deal_owner
 * and *client_owner (may be NULL) get their owners. */
vo_err vo_crm_refs(struct vo_svc *svc, int64_t deal, int64_t client, int64_t *deal_owner,
                   int64_t *client_owner, struct vo_error *e);
/* Parses an instant in the org's zone naming field. */
vo_err vo_crm_time(struct vo_svc *svc, const char *text, const char *field, int64_t *out,
                   struct vo_error *e);
/* Commits after an audit row and the webhooks' outbox (the event of
 * action, webhooks.h); rolls back on any failure. */
vo_err vo_crm_finish(struct vo_svc *svc, const char *action, const char *object, int64_t id,
                     const char *detail, struct vo_error *e);

/* ---- a client's card (service/client_card.c; issue 10, clients) ---- */
/* A text member an input sets into an object: its bit, where it is in
 * struct vo_crm_input, where it goes in the object (of type). */
struct vo_crm_text {
    unsigned bit;
    size_t from, to;
};
#define VO_CRM_TEXT(type, bit, m)                                                                  \
    {                                                                                              \
        bit, offsetof(struct vo_crm_input, m), offsetof(type, m)                                   \
    }
/* Copies each of the n texts t that in sets into obj (the strings
 * borrowed), an empty one as NULL when empty_null (client_card.c). */
void vo_crm_texts_copy(const struct vo_crm_input *in, const struct vo_crm_text *t, size_t n,
                       void *obj, bool empty_null);
/* Writes the card fields `in` gives (VO_F_CLIENT_CARD; none: nothing
 * happens) over client id's stored card, inside the caller's transaction
 * (after its create or update of the client, which counts the revision):
 * "" is null, the e-mail is lower-cased, the phone's digits are kept for
 * search (vo_phone_digits), and the whole card is validated
 * (vo_client_card_validate, VO_EINVAL naming the field). */
vo_err vo_crm_client_card_write(struct vo_svc *svc, const struct vo_crm_input *in, int64_t id,
                                struct vo_error *e);
/* The card of client c, which the actor has read through vo_svc_client_get
 * or _list (their ownership check); strings in svc->arena. */
vo_err vo_svc_client_card_of(struct vo_svc *svc, const struct vo_client *c,
                             struct vo_client_card *out, struct vo_error *e);

/* Sets the contact deal `deal` names when `in` gives contact_id (null
 * clears it; a contact not of `client`, the deal's client after this
 * write, is VO_EINVAL naming "contact_id"); when `in` changes the client
 * without naming a contact, a contact of another client is cleared. In
 * the caller's transaction, after the deal's row (service/contacts.c). */
vo_err vo_crm_deal_contact_write(struct vo_svc *svc, const struct vo_crm_input *in, int64_t deal,
                                 int64_t client, struct vo_error *e);

/* The editable fields of deal or client id now, as JSON (svc->arena; NULL
 * when it cannot be read): the "before" of vo_svc_changes. */
const char *vo_svc_snapshot(struct vo_svc *svc, enum vo_snap_kind k, int64_t id);
/* What changed in deal or client id since `before` (vo_svc_snapshot in
 * the same transaction) as {"field": {"old", "new"}, ...} with sorted keys
 * (svc->arena), NULL when nothing did or it cannot be told: the detail of
 * an update's audit row (service/changes.c). */
const char *vo_svc_changes(struct vo_svc *svc, enum vo_snap_kind k, int64_t id, const char *before);

/* Merges clients from[0..n) into client keep (service/merge.c): admin and
 * head only (VO_EPERM); each duplicate's rows move to keep and it is
 * deleted, one audit row "client.merge" per duplicate, one transaction;
 * the live dataset is rebuilt after the commit. *total the rows moved.
 * VO_ENOTFOUND for keep, VO_EINVAL naming "from" for a bad duplicate. */
vo_err vo_svc_client_merge(struct vo_svc *svc, int64_t keep, const int64_t *from, size_t n,
                           struct vo_merge_counts *total, struct vo_error *e);

/* The global search (service/search.c): deals, clients and contacts
 * matching q (a prefix of a word or phrase, a phone in any format, an
 * e-mail, an INN), best first, at most limit; a manager's own only.
 * Empty q: no items. VO_EINVAL naming "q" for over 200 characters. */
vo_err vo_svc_search(struct vo_svc *svc, const char *q, int64_t limit, struct vo_search_hit **out,
                     size_t *n, struct vo_error *e);

#endif
