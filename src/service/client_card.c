/*
 * client_card.c - a client's card (model/requisites.h) as the client use
 * cases of work.c write it: inside their transaction, after the client
 * row, so a create or a change of a client and of its card is one write
 * with one audit row. The card is read here in full and written in full:
 * the fields a request leaves out keep their stored values.
 */
#include "service/crm.h"

#include <string.h>

#include "model/requisites.h"

/* The card's text members a request sets. */
#define CARD_ROW(bit, m) VO_CRM_TEXT(struct vo_client_card, bit, m)
static const struct vo_crm_text CARD[] = {
    CARD_ROW(VO_F_INN, inn),         CARD_ROW(VO_F_KPP, kpp),     CARD_ROW(VO_F_ADDRESS, address),
    CARD_ROW(VO_F_PHONE, phone),     CARD_ROW(VO_F_EMAIL, email), CARD_ROW(VO_F_WEBSITE, website),
    CARD_ROW(VO_F_COMMENT, comment),
};

void vo_crm_texts_copy(const struct vo_crm_input *in, const struct vo_crm_text *t, size_t n,
                       void *obj, bool empty_null)
{
    for (size_t i = 0; i < n; i++) {
        if (!(in->set & t[i].bit))
            continue;
        const char *v = *(const char *const *)(const void *)((const char *)in + t[i].from);
        *(const char **)(void *)((char *)obj + t[i].to) = empty_null && v && !*v ? NULL : v;
    }
}

vo_err vo_crm_client_card_write(struct vo_svc *svc, const struct vo_crm_input *in, int64_t id,
                                struct vo_error *e)
{
    if (!(in->set & VO_F_CLIENT_CARD))
        return VO_OK;
    struct vo_client_card c;
    vo_err rc = vo_store_client_card_get(svc->st, svc->org.id, id, svc->arena, &c, e);
    if (rc)
        return rc;
    vo_crm_texts_copy(in, CARD, sizeof CARD / sizeof CARD[0], &c, true);
    if (in->set & VO_F_EMAIL && c.email) {
        char *low = vo_arena_strdup(svc->arena, c.email);
        if (!low)
            return vo_error_set(e, VO_ENOMEM, "email", "out of memory");
        (void)vo_email_normalize(low, "email", e); /* its shape is validated below */
        c.email = low;
    }
    c.phone_digits = NULL;
    if (c.phone) {
        char *d = vo_arena_alloc(svc->arena, VO_PHONE_DIGITS_MAX + 1);
        if (!d)
            return vo_error_set(e, VO_ENOMEM, "phone", "out of memory");
        vo_phone_digits(c.phone, d, VO_PHONE_DIGITS_MAX + 1);
        c.phone_digits = d;
    }
    if ((rc = vo_client_card_validate(&c, e)))
        return rc;
    return vo_store_client_card_set(svc->st, svc->org.id, id, &c, e);
}

vo_err vo_svc_client_card_of(struct vo_svc *svc, const struct vo_client *c,
                             struct vo_client_card *out, struct vo_error *e)
{
    return vo_store_client_card_get(svc->st, svc->org.id, c->id, svc->arena, out, e);
}
