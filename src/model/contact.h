/*
 * contact.h - a contact person of a client: name, role in the deal (free
 * text with suggestions: ЛПР, ЛВР, бухгалтер, ...), several phones and
 * e-mails, messenger handles and a comment, and its validation.
 */
#ifndef VO_MODEL_CONTACT_H
#define VO_MODEL_CONTACT_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

/* The most phones and the most e-mails a contact holds. */
#define VO_CONTACT_LIST_MAX 10

struct vo_contact {
    int64_t id, org_id, client_id;
    const char *name;
    const char *role; /* free text, NULL when none */
    const char *phones[VO_CONTACT_LIST_MAX];
    size_t n_phones;
    const char *emails[VO_CONTACT_LIST_MAX]; /* lower case */
    size_t n_emails;
    const char *telegram; /* a username, with or without its @ */
    const char *whatsapp; /* a phone number */
    const char *comment;
    int64_t created_at;
    int64_t rev;
};

/* The roles the web suggests (NULL-terminated); any other text is a role
 * too. */
extern const char *const vo_contact_roles[];

/* VO_OK or VO_EINVAL naming the first bad field: "name" (required, a
 * name's bound), "role" (a label's), "phones" (each a phone of
 * model/requisites.h), "emails" (each an e-mail's shape), "telegram" (5-32
 * Latin letters, digits or _, after an optional @), "whatsapp" (a phone),
 * "comment" (a note's bound); "client_id" when there is no client. */
vo_err vo_contact_validate(const struct vo_contact *c, struct vo_error *e);

#endif
