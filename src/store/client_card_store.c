/*
 * client_card_store.c - a client's card (model/requisites.h): INN, KPP,
 * address, phone and its digits, e-mail, website and comment, the columns
 * migration 8 adds to clients. Kept apart from records.c's client row:
 * the import's upsert neither reads nor clears them, and the live
 * datasets never hold them.
 */
#include "store/store_int.h"

#include <string.h>

static const char SQL_CARD_GET[] =
    "SELECT inn, kpp, address, phone, phone_digits, email, website, comment FROM clients "
    "WHERE org_id = ?1 AND id = ?2";

/* The columns of SQL_CARD_GET, in its order. */
VO_ST_ROW_FN(card_row, vo_client_card, VO_C_TEXT(inn), VO_C_TEXT(kpp), VO_C_TEXT(address),
             VO_C_TEXT(phone), VO_C_TEXT(phone_digits), VO_C_TEXT(email), VO_C_TEXT(website),
             VO_C_TEXT(comment))

VO_ST_GET_FN(vo_store_client_card_get, struct vo_client_card, SQL_CARD_GET, card_row, "client")

static const char SQL_CARD_SET[] =
    "UPDATE clients SET inn = ?3, kpp = ?4, address = ?5, phone = ?6, phone_digits = ?7, "
    "email = ?8, website = ?9, comment = ?10 WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_client_card_set(struct vo_store *st, int64_t org, int64_t id,
                                const struct vo_client_card *c, struct vo_error *e)
{
    const struct vo_st_param p[] = {
        VO_P_I64(org),
        VO_P_I64(id),
        VO_P_TEXT(c->inn),
        VO_P_TEXT(c->kpp),
        VO_P_TEXT(c->address),
        VO_P_TEXT(c->phone),
        VO_P_TEXT(c->phone_digits),
        VO_P_TEXT(c->email),
        VO_P_TEXT(c->website),
        VO_P_TEXT(c->comment),
    };
    return vo_st_change_one(st, SQL_CARD_SET, p, VO_ST_N(p), "client card", "id", "client", id, e);
}
