/*
 * recognition_store.c - recognitions, the non-material motivation (store.h,
 * "a recognition"; migration 12; docs/bonuses.md "Recognition"). Every
 * statement names the org; the names of the user and the author are read
 * with the row for the lists and the card.
 */
#include "store/store_int.h"

#include <string.h>

#define RC_COLS                                                                                    \
    "SELECT r.id, r.org_id, r.user_id, coalesce(r.author_id, 0), r.badge, r.comment, "             \
    "r.created_at, u.name, a.name FROM recognitions r JOIN users u ON u.org_id = r.org_id AND "    \
    "u.id = r.user_id LEFT JOIN users a ON a.org_id = r.org_id AND a.id = r.author_id"

VO_ST_ROW_FN(recognition_row, vo_recognition, VO_C_INT(id), VO_C_INT(org_id), VO_C_INT(user_id),
             VO_C_INT(author_id), VO_C_TEXT(badge), VO_C_TEXT(comment), VO_C_INT(created_at),
             VO_C_TEXT(user_name), VO_C_TEXT(author_name))

static const char SQL_RC_LIST[] =
    RC_COLS " WHERE r.org_id = ?1 AND (?2 = 0 OR r.user_id = ?2) AND r.created_at >= ?3 AND "
            "r.created_at < ?4 ORDER BY r.created_at DESC, r.id DESC LIMIT 500";

vo_err vo_store_recognition_list(struct vo_store *st, int64_t org, int64_t user, int64_t from,
                                 int64_t to, struct vo_arena *a, struct vo_recognition **out,
                                 size_t *n, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(user), VO_P_I64(from), VO_P_I64(to)};
    return vo_st_list(st, SQL_RC_LIST, p, VO_ST_N(p), a, sizeof **out, recognition_row, out, n,
                      "recognitions", e);
}

static const char SQL_RC_GET[] = RC_COLS " WHERE r.org_id = ?1 AND r.id = ?2";

VO_ST_GET_FN(vo_store_recognition_get, struct vo_recognition, SQL_RC_GET, recognition_row,
             "recognition")

static const char SQL_RC_INSERT[] =
    "INSERT INTO recognitions(org_id, user_id, author_id, badge, comment, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

vo_err vo_store_recognition_insert(struct vo_store *st, struct vo_recognition *r,
                                   struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(r->org_id),   VO_P_I64(r->user_id),
                                    VO_P_ID(r->author_id), VO_P_TEXT(r->badge),
                                    VO_P_TEXT(r->comment), VO_P_I64(r->created_at)};
    return vo_st_insert(st, SQL_RC_INSERT, p, VO_ST_N(p), &r->id, "recognition", e);
}

static const char SQL_RC_DELETE[] = "DELETE FROM recognitions WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_recognition_delete(struct vo_store *st, int64_t org, int64_t id, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(id)};
    return vo_st_change_one(st, SQL_RC_DELETE, p, VO_ST_N(p), "recognition", "id", "recognition",
                            id, e);
}
