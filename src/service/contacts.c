/*
 * contacts.c - a client's contact persons (contacts.h) and the contact a
 * deal names (vo_crm_deal_contact_write of crm.h, in the deal's write).
 * The owner checked is always the client's: a contact has none of its
 * own.
 */
#include "service/contacts.h"

#include <string.h>

#include "base/timeutil.h"
#include "service/crm.h"

/* Loads client `client` and checks the actor may read it (write false) or
 * change it (write true). */
static vo_err client_check(struct vo_svc *svc, int64_t client, bool write, struct vo_error *e)
{
    struct vo_client c;
    vo_err rc = vo_store_client_get(svc->st, svc->org.id, client, svc->arena, &c, e);
    return rc ? rc : vo_svc_check_owner(svc, c.owner_id, write, e);
}

vo_err vo_svc_contact_list(struct vo_svc *svc, int64_t client, struct vo_contact **out, size_t *n,
                           struct vo_error *e)
{
    vo_err rc = client_check(svc, client, false, e);
    return rc ? rc : vo_store_contact_list(svc->st, svc->org.id, client, svc->arena, out, n, e);
}

vo_err vo_svc_contact_get(struct vo_svc *svc, int64_t id, struct vo_contact *out,
                          struct vo_error *e)
{
    vo_err rc = vo_store_contact_get(svc->st, svc->org.id, id, svc->arena, out, e);
    if (!rc && (rc = client_check(svc, out->client_id, false, e)) == VO_ENOTFOUND)
        rc = vo_error_set(e, VO_ENOTFOUND, "id", "no contact %lld", (long long)id);
    return rc;
}

/* A text given: "" is none. */
static const char *text(const char *s)
{
    return s && *s ? s : NULL;
}

/* Applies `in` to c (e-mails lower-cased into svc->arena) and validates. */
static vo_err contact_apply(struct vo_svc *svc, const struct vo_contact_input *in,
                            struct vo_contact *c, struct vo_error *e)
{
    if (in->set & VO_CF_NAME)
        c->name = in->name;
    if (in->set & VO_CF_ROLE)
        c->role = text(in->role);
    if (in->set & VO_CF_TELEGRAM)
        c->telegram = text(in->telegram);
    if (in->set & VO_CF_WHATSAPP)
        c->whatsapp = text(in->whatsapp);
    if (in->set & VO_CF_COMMENT)
        c->comment = text(in->comment);
    if (in->set & VO_CF_PHONES) {
        c->n_phones = in->n_phones;
        memcpy(c->phones, in->phones, sizeof c->phones);
    }
    if (in->set & VO_CF_EMAILS) {
        c->n_emails = in->n_emails;
        for (size_t i = 0; i < in->n_emails && i < VO_CONTACT_LIST_MAX; i++) {
            char *low = in->emails[i] ? vo_arena_strdup(svc->arena, in->emails[i]) : NULL;
            if (!low)
                return vo_error_set(e, VO_EINVAL, "emails", "emails: each is an e-mail (text)");
            for (char *p = low; *p; p++)
                if (*p >= 'A' && *p <= 'Z')
                    *p = (char)(*p - 'A' + 'a');
            c->emails[i] = low;
        }
    }
    return vo_contact_validate(c, e);
}

/* Audits and commits (vo_crm_finish): the detail is the contact's name. */
static vo_err finish(struct vo_svc *svc, const char *action, const struct vo_contact *c,
                     struct vo_error *e)
{
    return vo_crm_finish(svc, action, "contact", c->id, c->name, e);
}

vo_err vo_svc_contact_create(struct vo_svc *svc, int64_t client, const struct vo_contact_input *in,
                             int64_t *id, struct vo_error *e)
{
    struct vo_contact c = {.org_id = svc->org.id, .client_id = client, .created_at = vo_now()};
    vo_err rc = vo_store_begin(svc->st, e);
    if (rc)
        return rc;
    if ((rc = client_check(svc, client, true, e)) || (rc = contact_apply(svc, in, &c, e)) ||
        (rc = vo_store_contact_insert(svc->st, &c, e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    *id = c.id;
    return finish(svc, "contact.create", &c, e);
}

/* BEGIN, then contact id into *c, checked as a contact the actor may
 * change; nothing is left open on an error. */
static vo_err begin_contact(struct vo_svc *svc, int64_t id, struct vo_contact *c,
                            struct vo_error *e)
{
    vo_err rc = vo_store_begin(svc->st, e);
    if (rc)
        return rc;
    if ((rc = vo_store_contact_get(svc->st, svc->org.id, id, svc->arena, c, e)) ||
        (rc = client_check(svc, c->client_id, true, e))) {
        vo_store_rollback(svc->st);
        if (rc == VO_ENOTFOUND)
            rc = vo_error_set(e, VO_ENOTFOUND, "id", "no contact %lld", (long long)id);
    }
    return rc;
}

vo_err vo_svc_contact_update(struct vo_svc *svc, int64_t id, const struct vo_contact_input *in,
                             struct vo_error *e)
{
    struct vo_contact c;
    vo_err rc = begin_contact(svc, id, &c, e);
    if (rc)
        return rc;
    if ((rc = contact_apply(svc, in, &c, e)) || (rc = vo_store_contact_update(svc->st, &c, e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    return finish(svc, "contact.update", &c, e);
}

vo_err vo_svc_contact_delete(struct vo_svc *svc, int64_t id, struct vo_error *e)
{
    struct vo_contact c;
    vo_err rc = begin_contact(svc, id, &c, e);
    if (rc)
        return rc;
    if ((rc = vo_store_contact_delete(svc->st, svc->org.id, id, e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    return finish(svc, "contact.delete", &c, e);
}

vo_err vo_svc_deal_contact_of(struct vo_svc *svc, int64_t deal, int64_t *contact, const char **name,
                              struct vo_error *e)
{
    struct vo_contact c;
    *name = NULL;
    vo_err rc = vo_store_deal_contact_get(svc->st, svc->org.id, deal, contact, e);
    if (rc || !*contact)
        return rc;
    if ((rc = vo_store_contact_get(svc->st, svc->org.id, *contact, svc->arena, &c, e)))
        return rc;
    *name = c.name;
    return VO_OK;
}

vo_err vo_crm_deal_contact_write(struct vo_svc *svc, const struct vo_crm_input *in, int64_t deal,
                                 int64_t client, struct vo_error *e)
{
    struct vo_contact c;
    int64_t contact = 0;
    vo_err rc;
    if (in->set & VO_F_CONTACT) {
        if ((rc = vo_crm_ref(in, VO_F_CONTACT, in->contact_id, "contact_id", &contact, e)))
            return rc;
        if (contact && (vo_store_contact_get(svc->st, svc->org.id, contact, svc->arena, &c, e) ||
                        c.client_id != client || !client))
            return vo_error_set(e, VO_EINVAL, "contact_id",
                                "contact_id: %lld is not a contact of the deal's client",
                                (long long)contact);
        return vo_store_deal_contact_set(svc->st, svc->org.id, deal, contact, e);
    }
    if (!(in->set & VO_F_CLIENT))
        return VO_OK;
    /* a new client without a contact: the old client's contact goes */
    if ((rc = vo_store_deal_contact_get(svc->st, svc->org.id, deal, &contact, e)) || !contact)
        return rc;
    if ((rc = vo_store_contact_get(svc->st, svc->org.id, contact, svc->arena, &c, e)))
        return rc;
    return c.client_id == client ? VO_OK
                                 : vo_store_deal_contact_set(svc->st, svc->org.id, deal, 0, e);
}
