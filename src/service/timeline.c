/*
 * timeline.c - notes and timelines (timeline.h). The right to a note is
 * its object's: the owner checked is the deal's or the client's, once.
 */
#include "service/timeline.h"

#include "base/timeutil.h"
#include "service/crm.h"

/* The owner of the note's object (deal, else client): VO_ENOTFOUND naming
 * field when there is no such object. */
static vo_err object_owner(struct vo_svc *svc, int64_t deal, int64_t client, const char *field,
                           int64_t *owner, struct vo_error *e)
{
    vo_err rc;
    if (deal) {
        struct vo_deal_row d;
        rc = vo_store_deal_get(svc->st, svc->org.id, deal, svc->arena, &d, e);
        *owner = d.d.owner_id;
    } else {
        struct vo_client c;
        rc = vo_store_client_get(svc->st, svc->org.id, client, svc->arena, &c, e);
        *owner = c.owner_id;
    }
    if (rc == VO_ENOTFOUND)
        return vo_error_set(e, VO_ENOTFOUND, field, "no %s %lld", deal ? "deal" : "client",
                            (long long)(deal ? deal : client));
    return rc;
}

vo_err vo_svc_note_create(struct vo_svc *svc, int64_t deal, int64_t client, const char *text,
                          int64_t *id, struct vo_error *e)
{
    struct vo_note n = {.org_id = svc->org.id,
                        .deal_id = deal,
                        .client_id = deal ? 0 : client,
                        .author_id = svc->actor_id,
                        .text = text,
                        .created_at = vo_now(),
                        .edited_at = VO_NULL};
    int64_t owner = 0;
    vo_err rc = vo_note_validate(&n, e);
    if (rc)
        return rc;
    if (!n.author_id)
        return vo_error_set(e, VO_EINVAL, "author", "a note needs a signed-in author");
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = object_owner(svc, deal, client, "id", &owner, e)) ||
        (rc = vo_svc_check_owner(svc, owner, true, e)) ||
        (rc = vo_store_note_insert(svc->st, &n, e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    *id = n.id;
    return vo_crm_finish(svc, "note.create", "note", n.id, deal ? "deal" : "client", e);
}

vo_err vo_svc_note_get(struct vo_svc *svc, int64_t id, struct vo_note *out, struct vo_error *e)
{
    int64_t owner = 0;
    vo_err rc = vo_store_note_get(svc->st, svc->org.id, id, svc->arena, out, e);
    if (rc || (rc = object_owner(svc, out->deal_id, out->client_id, "id", &owner, e)) ||
        (rc = vo_svc_check_owner(svc, owner, false, e)))
        return rc == VO_ENOTFOUND
                   ? vo_error_set(e, VO_ENOTFOUND, "id", "no note %lld", (long long)id)
                   : rc;
    return VO_OK;
}

/* BEGIN, the note read as one the actor sees; then `may` decides. */
static vo_err begin_note(struct vo_svc *svc, int64_t id, struct vo_note *n, bool lead_may,
                         struct vo_error *e)
{
    vo_err rc = vo_store_begin(svc->st, e);
    if (rc)
        return rc;
    if ((rc = vo_svc_note_get(svc, id, n, e)))
        goto fail;
    if (n->author_id != svc->actor_id && !(lead_may && vo_crm_is_lead(svc))) {
        rc = vo_error_set(e, VO_EPERM, "id",
                          lead_may ? "a note is deleted by its author, an admin or the head"
                                   : "a note is edited by its author only");
        goto fail;
    }
    return VO_OK;
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_note_update(struct vo_svc *svc, int64_t id, const char *text, struct vo_error *e)
{
    struct vo_note n;
    vo_err rc = begin_note(svc, id, &n, false, e);
    if (rc)
        return rc;
    n.text = text;
    n.edited_at = vo_now();
    if ((rc = vo_note_validate(&n, e)) || (rc = vo_store_note_update(svc->st, &n, e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    return vo_crm_finish(svc, "note.update", "note", id, NULL, e);
}

vo_err vo_svc_note_delete(struct vo_svc *svc, int64_t id, struct vo_error *e)
{
    struct vo_note n;
    vo_err rc = begin_note(svc, id, &n, true, e);
    if (rc)
        return rc;
    if ((rc = vo_store_note_delete(svc->st, svc->org.id, id, e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    return vo_crm_finish(svc, "note.delete", "note", id, NULL, e);
}

vo_err vo_svc_timeline(struct vo_svc *svc, struct vo_timeline_query *q,
                       struct vo_timeline_item **out, size_t *n, struct vo_error *e)
{
    int64_t owner = 0;
    vo_err rc = object_owner(svc, q->deal, q->client, "id", &owner, e);
    if (rc || (rc = vo_svc_check_owner(svc, owner, false, e)))
        return rc;
    q->owner = svc->actor_role == VO_ROLE_MANAGER ? svc->actor_id : 0;
    return vo_store_timeline(svc->st, svc->org.id, q, svc->arena, out, n, e);
}
