/*
 * search.c - the global search (issue 10, clients): what a user types is
 * found at the start of a word of the index (SQLite's FTS5 phrase with a
 * prefix star, store/search_store.c) or anywhere in it (PostgreSQL's
 * trigrams), so "ром" finds "Ромашка", "ivan@romashka" finds the e-mail,
 * and nothing typed is the index's syntax. A
 * text that is a phone (only digits and + ( ) - . and spaces, 5 to 15
 * digits) is searched by its normalised digits (vo_phone_digits), so
 * "+7 (912) 345-67-89", "89123456789" and "9123456789" find the same
 * contact; an INN is digits and matches as typed. A manager finds their
 * own deals and clients and their clients' contacts only (the store
 * narrows by the owner in the index and checks it again).
 */
#include "service/crm.h"

#include <glib.h>
#include <string.h>

#include "model/requisites.h"

vo_err vo_svc_search(struct vo_svc *svc, const char *q, int64_t limit, struct vo_search_hit **out,
                     size_t *n, struct vo_error *e)
{
    struct vo_error ignored = {0};
    char digits[VO_PHONE_DIGITS_MAX + 1];
    *out = NULL;
    *n = 0;
    vo_err rc = vo_text_check(VO_TEXT_NAME, q, "q", e);
    if (rc)
        return rc;
    const char *text = q ? q : "";
    while (*text == ' ')
        text++;
    if (!*text)
        return VO_OK;
    if (vo_phone_check(text, "q", &ignored) == VO_OK &&
        vo_phone_digits(text, digits, sizeof digits))
        text = digits;
    /* a manager's search reads only their own matches (the store narrows
     * by the owner) */
    int64_t owner = svc->actor_role == VO_ROLE_MANAGER ? svc->actor_id : 0;
    rc = vo_store_search(svc->st, svc->org.id, text, owner, limit, svc->arena, out, n, e);
    return rc;
}
