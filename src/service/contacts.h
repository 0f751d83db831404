/*
 * contacts.h - a client's contact persons (model/contact.h; issue 10,
 * clients): list, read, add, change, delete. A contact belongs to its
 * client, and so does the right to it: the actor must see the client to
 * read its contacts and may change them when they may change the client
 * (vo_svc_check_owner of the client's owner, once per request: a
 * manager's other clients' contacts are VO_ENOTFOUND). Every write is one
 * transaction with an audit row ("contact.create", ".update", ".delete");
 * no figure reads contacts, so nothing is told to the live dataset.
 */
#ifndef VO_SERVICE_CONTACTS_H
#define VO_SERVICE_CONTACTS_H

#include "service/service.h"

/* Which fields of a struct vo_contact_input were given. */
enum vo_contact_field {
    VO_CF_NAME = 1u << 0,
    VO_CF_ROLE = 1u << 1,
    VO_CF_PHONES = 1u << 2,
    VO_CF_EMAILS = 1u << 3,
    VO_CF_TELEGRAM = 1u << 4,
    VO_CF_WHATSAPP = 1u << 5,
    VO_CF_COMMENT = 1u << 6,
};

/* What a request gives (strings borrowed; "" or NULL clears a text; a
 * list given replaces the stored one whole). */
struct vo_contact_input {
    unsigned set; /* enum vo_contact_field bits */
    const char *name, *role, *telegram, *whatsapp, *comment;
    const char *phones[VO_CONTACT_LIST_MAX];
    size_t n_phones;
    const char *emails[VO_CONTACT_LIST_MAX];
    size_t n_emails;
};

/* The contacts of client `client` by name (VO_ENOTFOUND naming "id" when
 * the actor does not see the client); in svc->arena. */
vo_err vo_svc_contact_list(struct vo_svc *svc, int64_t client, struct vo_contact **out, size_t *n,
                           struct vo_error *e);
/* One contact (VO_ENOTFOUND when absent or its client is not the
 * actor's). */
vo_err vo_svc_contact_get(struct vo_svc *svc, int64_t id, struct vo_contact *out,
                          struct vo_error *e);
/* Adds a contact to client `client` (name required); *id the new one. */
vo_err vo_svc_contact_create(struct vo_svc *svc, int64_t client, const struct vo_contact_input *in,
                             int64_t *id, struct vo_error *e);
/* Changes the fields `in` gives. */
vo_err vo_svc_contact_update(struct vo_svc *svc, int64_t id, const struct vo_contact_input *in,
                             struct vo_error *e);
/* Deletes a contact; the deals that named it name none. */
vo_err vo_svc_contact_delete(struct vo_svc *svc, int64_t id, struct vo_error *e);

/* The contact deal `deal` names (*contact 0 and *name NULL when none),
 * for a deal the actor has read through vo_svc_deal_get or _list. */
vo_err vo_svc_deal_contact_of(struct vo_svc *svc, int64_t deal, int64_t *contact, const char **name,
                              struct vo_error *e);

#endif
