/*
 * mail_store.c - the org's SMTP settings and the mailer's queue: the
 * notifications not mailed yet (mailed_at NULL, a partial index), each
 * with its user's address and name, its org's zone and mail settings, and
 * the marks of a send (mailed, failed once more, given up or skipped).
 */
#include "store/store.h"
#include "store/store_int.h"

#define MAIL_COLS                                                                                  \
    "org_id, enabled, url, username, password, from_addr, from_name, starttls, updated_at"

/* The settings' 9 columns from column i on (org_id NULL: no row). */
static void mail_cols(vo_stmt *s, int i, struct vo_arena *a, struct vo_mail_settings *m)
{
    m->org_id = vo_st_col_id(s, i);
    m->enabled = vo_col_int(s, i + 1) != 0;
    m->url = vo_st_col_text(s, i + 2, a);
    m->username = vo_st_col_text(s, i + 3, a);
    m->password = vo_st_col_text(s, i + 4, a);
    m->from = vo_st_col_text(s, i + 5, a);
    m->from_name = vo_st_col_text(s, i + 6, a);
    m->starttls = vo_col_int(s, i + 7) != 0;
    m->updated_at = vo_col_i64(s, i + 8);
}

static void mail_row(vo_stmt *s, struct vo_arena *a, void *item)
{
    mail_cols(s, 0, a, item);
}

static const char SQL_MAIL_GET[] = "SELECT " MAIL_COLS " FROM org_mail WHERE org_id = ?1";

vo_err vo_store_mail_get(struct vo_store *st, int64_t org, struct vo_arena *a,
                         struct vo_mail_settings *out, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org)};
    return vo_st_get(st, SQL_MAIL_GET, p, VO_ST_N(p), a, mail_row, out, "mail settings", e);
}

static const char SQL_MAIL_PUT[] =
    "INSERT INTO org_mail(" MAIL_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
    "ON CONFLICT (org_id) DO UPDATE SET enabled = excluded.enabled, url = excluded.url, "
    "username = excluded.username, password = excluded.password, "
    "from_addr = excluded.from_addr, from_name = excluded.from_name, "
    "starttls = excluded.starttls, updated_at = excluded.updated_at";

vo_err vo_store_mail_put(struct vo_store *st, const struct vo_mail_settings *m, struct vo_error *e)
{
    const struct vo_st_param p[] = {
        VO_P_I64(m->org_id),     VO_P_I64(m->enabled),   VO_P_TEXT(m->url),
        VO_P_TEXT(m->username),  VO_P_TEXT(m->password), VO_P_TEXT(m->from),
        VO_P_TEXT(m->from_name), VO_P_I64(m->starttls),  VO_P_I64(m->updated_at)};
    return vo_st_run(st, SQL_MAIL_PUT, p, VO_ST_N(p), "mail settings", e);
}

static const char SQL_MAIL_PENDING[] =
    "SELECT n.id, n.org_id, n.user_id, n.kind, n.key, n.object, n.object_id, n.title, n.at, "
    "n.actor_id, n.payload, n.created_at, n.read_at, u.email, u.name, o.tz, n.mail_tries, "
    "m.org_id, m.enabled, m.url, m.username, m.password, m.from_addr, m.from_name, m.starttls, "
    "m.updated_at FROM notifications n JOIN users u ON u.org_id = n.org_id AND u.id = n.user_id "
    "JOIN orgs o ON o.id = n.org_id LEFT JOIN org_mail m ON m.org_id = n.org_id "
    "WHERE n.mailed_at IS NULL ORDER BY n.id LIMIT ?1";

static void pending_row(vo_stmt *s, struct vo_arena *a, void *item)
{
    struct vo_mail_pending *p = item;
    vo_st_note_row(s, a, &p->n);
    p->email = vo_st_col_text(s, 13, a);
    p->name = vo_st_col_text(s, 14, a);
    p->tz = vo_st_col_text(s, 15, a);
    p->tries = vo_col_int(s, 16);
    mail_cols(s, 17, a, &p->mail);
}

vo_err vo_store_mail_pending(struct vo_store *st, int64_t limit, struct vo_arena *a,
                             struct vo_mail_pending **out, size_t *n, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(limit)};
    return vo_st_list(st, SQL_MAIL_PENDING, p, VO_ST_N(p), a, sizeof **out, pending_row, out, n,
                      "mail queue", e);
}

/* ?1 id, ?2 mailed_at (NULL: still to try), ?3 the error (NULL: sent),
 * ?4 1 when a send was tried. */
static const char SQL_MAIL_MARK[] =
    "UPDATE notifications SET mailed_at = ?2, mail_error = ?3, mail_tries = mail_tries + ?4 "
    "WHERE org_id = ?5 AND id = ?1 AND mailed_at IS NULL";

vo_err vo_store_mail_mark(struct vo_store *st, int64_t org, int64_t id, int64_t mailed_at,
                          const char *error, bool tried, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(id), VO_P_OPT(mailed_at), VO_P_TEXT(error),
                                    VO_P_I64(tried), VO_P_I64(org)};
    return vo_st_run(st, SQL_MAIL_MARK, p, VO_ST_N(p), "mail queue", e);
}
