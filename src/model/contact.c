/*
 * contact.c - validation of a client's contact person (contact.h): the
 * bounds of model.h's text table and the shapes of model/requisites.h for
 * every phone and e-mail, and the messenger handles.
 */
#include "model/contact.h"

#include <stdbool.h>
#include <string.h>

#include "model/model.h"
#include "model/requisites.h"

const char *const vo_contact_roles[] = {
    "ЛПР", "ЛВР", "бухгалтер", "закупщик", "юрист", "технический специалист", "секретарь", NULL,
};

/* A Telegram username: 5-32 of A-Z a-z 0-9 _ after an optional @. */
static vo_err telegram_check(const char *s, struct vo_error *e)
{
    const char *p = *s == '@' ? s + 1 : s;
    size_t n = strlen(p);
    bool ok = n >= 5 && n <= 32;
    for (size_t i = 0; ok && i < n; i++)
        ok = (p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' && p[i] <= 'Z') ||
             (p[i] >= '0' && p[i] <= '9') || p[i] == '_';
    if (!ok)
        return vo_error_set(e, VO_EINVAL, "telegram",
                            "telegram: a username is 5 to 32 Latin letters, digits or _ (an @ "
                            "before them is allowed)");
    return VO_OK;
}

vo_err vo_contact_validate(const struct vo_contact *c, struct vo_error *e)
{
    vo_err rc;
    if (c->client_id <= 0)
        return vo_error_set(e, VO_EINVAL, "client_id", "a contact needs a client");
    if (!c->name || !*c->name)
        return vo_error_set(e, VO_EINVAL, "name", "name: a contact needs a name");
    if ((rc = vo_text_check(VO_TEXT_NAME, c->name, "name", e)) ||
        (rc = vo_text_check(VO_TEXT_LABEL, c->role, "role", e)))
        return rc;
    if (c->n_phones > VO_CONTACT_LIST_MAX || c->n_emails > VO_CONTACT_LIST_MAX)
        return vo_error_set(e, VO_EINVAL, c->n_phones > VO_CONTACT_LIST_MAX ? "phones" : "emails",
                            "a contact holds at most %d phones and %d e-mails", VO_CONTACT_LIST_MAX,
                            VO_CONTACT_LIST_MAX);
    for (size_t i = 0; i < c->n_phones; i++)
        if ((rc = vo_text_check(VO_TEXT_PHONE, c->phones[i], "phones", e)) ||
            (rc = vo_phone_check(c->phones[i], "phones", e)))
            return rc;
    for (size_t i = 0; i < c->n_emails; i++)
        if ((rc = vo_email_check(c->emails[i], "emails",
                                 VO_MSG("emails: an e-mail is longer than 254 characters"), e)))
            return rc;
    if ((c->telegram && (rc = telegram_check(c->telegram, e))) ||
        (rc = vo_text_check(VO_TEXT_PHONE, c->whatsapp, "whatsapp", e)) ||
        (c->whatsapp && (rc = vo_phone_check(c->whatsapp, "whatsapp", e))) ||
        (rc = vo_text_check(VO_TEXT_NOTE, c->comment, "comment", e)))
        return rc;
    return VO_OK;
}
