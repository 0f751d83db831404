/*
 * api_clients.c - the client resources of issue 10 beside api_crm.c's
 * client CRUD: the JSON of a client's card (model/requisites.h), which
 * GET, POST and PATCH /api/v1/clients answer with and the list carries.
 */
#include "http/api.h"

#include "service/crm.h"

vo_err vo_api_client_card_json(struct vo_req *r, const struct vo_client *c, json_t *o)
{
    struct vo_client_card card;
    vo_err rc = vo_svc_client_card_of(&r->svc, c, &card, &r->err);
    if (rc)
        return rc;
    const struct {
        const char *name, *v;
    } m[] = {
        {"inn", card.inn},
        {"kpp", card.kpp},
        {"address", card.address},
        {"phone", card.phone},
        {"phone_digits", card.phone_digits},
        {"email", card.email},
        {"website", card.website},
        {"comment", card.comment},
    };
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
        json_object_set_new(o, m[i].name, m[i].v ? json_string(m[i].v) : json_null());
    return VO_OK;
}
