/*
 * contact_store.c - a client's contact persons (model/contact.h) and the
 * contact a deal names (deals.contact_id); issue 10, clients. A contact's
 * phones and e-mails are stored one a line (neither can hold a line
 * break: model/requisites.h), and its phones' digits (vo_phone_digits)
 * as " d1 d2 ", so that a search for a phone in any format is a LIKE on
 * one column.
 */
#include "store/store_int.h"

#include <string.h>

#include "model/requisites.h"

#define CONTACT_COLS                                                                               \
    "SELECT id, org_id, client_id, name, role, phones, emails, telegram, whatsapp, comment, "      \
    "created_at, rev FROM contacts"

static const char SQL_CONTACT_GET[] = CONTACT_COLS " WHERE org_id = ?1 AND id = ?2";
static const char SQL_CONTACT_LIST[] =
    CONTACT_COLS " WHERE org_id = ?1 AND client_id = ?2 ORDER BY name, id";
static const char SQL_CONTACT_INSERT[] =
    "INSERT INTO contacts(org_id, client_id, name, role, phones, phone_digits, emails, telegram, "
    "whatsapp, comment, created_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
static const char SQL_CONTACT_UPDATE[] =
    "UPDATE contacts SET client_id = ?2, name = ?3, role = ?4, phones = ?5, phone_digits = ?6, "
    "emails = ?7, telegram = ?8, whatsapp = ?9, comment = ?10, rev = rev + 1 "
    "WHERE org_id = ?1 AND id = ?12 RETURNING rev";
static const char SQL_CONTACT_DELETE[] = "DELETE FROM contacts WHERE org_id = ?1 AND id = ?2";
static const char SQL_DEAL_CONTACT_GET[] =
    "SELECT contact_id FROM deals WHERE org_id = ?1 AND id = ?2";
static const char SQL_DEAL_CONTACT_SET[] =
    "UPDATE deals SET contact_id = ?3 WHERE org_id = ?1 AND id = ?2";

/* Splits s (lines) into out[0..max), the strings in a; *n the count. */
static void split_lines(const char *s, struct vo_arena *a, const char **out, size_t max, size_t *n)
{
    *n = 0;
    if (!s || !*s)
        return;
    char *copy = vo_arena_strdup(a, s);
    if (!copy)
        return;
    for (char *p = copy; p && *n < max;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        out[(*n)++] = p;
        p = nl ? nl + 1 : NULL;
    }
}

/* The columns of CONTACT_COLS, in its order; the phones and the e-mails
 * are split by hand. */
VO_ST_ROW_FN(contact_cols, vo_contact, VO_C_INT(id), VO_C_INT(org_id), VO_C_INT(client_id),
             VO_C_TEXT(name), VO_C_TEXT(role), VO_C_SKIP, VO_C_SKIP, VO_C_TEXT(telegram),
             VO_C_TEXT(whatsapp), VO_C_TEXT(comment), VO_C_INT(created_at), VO_C_INT(rev))
enum { C_PHONES = 5, C_EMAILS = 6 }; /* the VO_C_SKIPs above */

static void contact_row(vo_stmt *s, struct vo_arena *a, void *item)
{
    struct vo_contact *c = item;
    contact_cols(s, a, c);
    split_lines(vo_st_col_text(s, C_PHONES, a), a, c->phones, VO_CONTACT_LIST_MAX, &c->n_phones);
    split_lines(vo_st_col_text(s, C_EMAILS, a), a, c->emails, VO_CONTACT_LIST_MAX, &c->n_emails);
}

/* The texts of c's lists: phones and e-mails one a line, the phones'
 * digits as " d1 d2 " (g_free each). */
struct lists {
    char *phones, *digits, *emails;
};

static void join(const char *const *v, size_t n, GString *g)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            g_string_append_c(g, '\n');
        g_string_append(g, v[i]);
    }
}

static struct lists lists_of(const struct vo_contact *c)
{
    GString *p = g_string_new(""), *d = g_string_new(""), *m = g_string_new("");
    join(c->phones, c->n_phones, p);
    join(c->emails, c->n_emails, m);
    for (size_t i = 0; i < c->n_phones; i++) {
        char digits[VO_PHONE_DIGITS_MAX + 1];
        vo_phone_digits(c->phones[i], digits, sizeof digits);
        g_string_append_printf(d, "%s%s ", i ? "" : " ", digits);
    }
    return (struct lists){g_string_free(p, FALSE), g_string_free(d, FALSE),
                          g_string_free(m, FALSE)};
}

static void lists_free(struct lists *l)
{
    g_free(l->phones);
    g_free(l->digits);
    g_free(l->emails);
}

vo_err vo_store_contact_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                            struct vo_contact *out, struct vo_error *e)
{
    return vo_st_get_id(st, SQL_CONTACT_GET, org, id, a, contact_row, out, "id", "contact", e);
}

vo_err vo_store_contact_list(struct vo_store *st, int64_t org, int64_t client, struct vo_arena *a,
                             struct vo_contact **out, size_t *n, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(client)};
    return vo_st_list(st, SQL_CONTACT_LIST, p, VO_ST_N(p), a, sizeof **out, contact_row, out, n,
                      "contacts", e);
}

vo_err vo_store_contact_insert(struct vo_store *st, struct vo_contact *c, struct vo_error *e)
{
    struct lists l = lists_of(c);
    const struct vo_st_param p[] = {
        VO_P_I64(c->org_id),   VO_P_I64(c->client_id),  VO_P_TEXT(c->name),
        VO_P_TEXT(c->role),    VO_P_TEXT(l.phones),     VO_P_TEXT(l.digits),
        VO_P_TEXT(l.emails),   VO_P_TEXT(c->telegram),  VO_P_TEXT(c->whatsapp),
        VO_P_TEXT(c->comment), VO_P_I64(c->created_at),
    };
    vo_err rc = vo_st_insert(st, SQL_CONTACT_INSERT, p, VO_ST_N(p), &c->id, "contact", e);
    c->rev = 0;
    lists_free(&l);
    return rc;
}

vo_err vo_store_contact_update(struct vo_store *st, struct vo_contact *c, struct vo_error *e)
{
    struct lists l = lists_of(c);
    const struct vo_st_param p[] = {
        VO_P_I64(c->org_id),    VO_P_I64(c->client_id), VO_P_TEXT(c->name),  VO_P_TEXT(c->role),
        VO_P_TEXT(l.phones),    VO_P_TEXT(l.digits),    VO_P_TEXT(l.emails), VO_P_TEXT(c->telegram),
        VO_P_TEXT(c->whatsapp), VO_P_TEXT(c->comment),  VO_P_I64(0),         VO_P_I64(c->id),
    };
    vo_err rc = vo_st_update_rev(st, SQL_CONTACT_UPDATE, p, VO_ST_N(p), &c->rev, "contact", e);
    lists_free(&l);
    return rc;
}

vo_err vo_store_contact_delete(struct vo_store *st, int64_t org, int64_t id, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(id)};
    return vo_st_change_one(st, SQL_CONTACT_DELETE, p, VO_ST_N(p), "contact", "id", "contact", id,
                            e);
}

vo_err vo_store_deal_contact_get(struct vo_store *st, int64_t org, int64_t deal, int64_t *contact,
                                 struct vo_error *e)
{
    *contact = 0;
    return vo_st_get_id(st, SQL_DEAL_CONTACT_GET, org, deal, NULL, vo_st_row_i64, contact, "id",
                        "deal", e);
}

vo_err vo_store_deal_contact_set(struct vo_store *st, int64_t org, int64_t deal, int64_t contact,
                                 struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(deal), VO_P_ID(contact)};
    return vo_st_change_one(st, SQL_DEAL_CONTACT_SET, p, VO_ST_N(p), "deal contact", "id", "deal",
                            deal, e);
}
