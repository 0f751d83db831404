/*
 * notify_store.c - the users' notifications (crm-tasks, issue 10): the
 * reminders' scan of open tasks by due time, an assignment's notice, and
 * a user's inbox (list, read, read all, unread count). Every insert is
 * INSERT ... ON CONFLICT DO NOTHING on (org_id, user_id, key), so a
 * notification exists at most once whoever inserts it and however often:
 * the reminder thread after a restart, two servers on one database.
 * RETURNING gives the rows really created (for the live delivery).
 */
#include <string.h>

#include "store/store.h"
#include "store/store_int.h"

#define NOTE_COLS                                                                                  \
    "id, org_id, user_id, kind, key, object, object_id, title, at, actor_id, payload, "            \
    "created_at, read_at"

/* The columns of NOTE_COLS, in their order; the kind is parsed by hand. */
VO_ST_ROW_FN(note_cols, vo_notification, VO_C_INT(id), VO_C_INT(org_id), VO_C_INT(user_id),
             VO_C_SKIP, VO_C_TEXT(key), VO_C_TEXT(object), VO_C_INT(object_id), VO_C_TEXT(title),
             VO_C_OPT(at), VO_C_INT(actor_id), VO_C_TEXT(payload), VO_C_INT(created_at),
             VO_C_OPT(read_at))
enum { C_NOTE_KIND = 3 }; /* the VO_C_SKIP above */

void vo_st_note_row(vo_stmt *s, struct vo_arena *a, void *item)
{
    struct vo_notification *n = item;
    note_cols(s, a, n);
    VO_ST_COL_ENUM(s, C_NOTE_KIND, vo_notify_kind_parse, &n->kind, "kind");
}

/* ?1 kind, (?2, ?3] the due times, ?4 now. The key holds the due time, so
 * a task moved to another time is reminded of again. */
static const char SQL_NOTE_TASKS[] =
    "INSERT INTO notifications(org_id, user_id, kind, key, object, object_id, title, at, "
    "payload, created_at) "
    "SELECT t.org_id, t.assignee_id, ?1, ?1 || ':task:' || t.id || ':' || t.due_at, 'task', t.id, "
    "t.title, t.due_at, json_object('task_id', t.id, 'type', t.type, 'deal_id', t.deal_id, "
    "'deal', (SELECT d.title FROM deals d WHERE d.org_id = t.org_id AND d.id = t.deal_id), "
    "'client_id', t.client_id), ?4 "
    "FROM tasks t WHERE t.done_at IS NULL AND t.due_at > ?2 AND t.due_at <= ?3 "
    "ON CONFLICT DO NOTHING RETURNING " NOTE_COLS;

vo_err vo_store_notify_tasks(struct vo_store *st, enum vo_notify_kind kind, int64_t from,
                             int64_t to, int64_t now, struct vo_arena *a,
                             struct vo_notification **out, size_t *n, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_TEXT(vo_notify_kind_name(kind)), VO_P_I64(from),
                                    VO_P_I64(to), VO_P_I64(now)};
    return vo_st_list(st, SQL_NOTE_TASKS, p, VO_ST_N(p), a, sizeof **out, vo_st_note_row, out, n,
                      "notifications", e);
}

static const char SQL_NOTE_ADD[] =
    "INSERT INTO notifications(org_id, user_id, kind, key, object, object_id, title, at, "
    "actor_id, payload, created_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
    "ON CONFLICT DO NOTHING RETURNING " NOTE_COLS;

vo_err vo_store_notification_add(struct vo_store *st, struct vo_notification *nt, bool *created,
                                 struct vo_arena *a, struct vo_error *e)
{
    const struct vo_st_param p[] = {
        VO_P_I64(nt->org_id),
        VO_P_I64(nt->user_id),
        VO_P_TEXT(vo_notify_kind_name(nt->kind)),
        VO_P_TEXT(nt->key),
        VO_P_TEXT(nt->object),
        VO_P_I64(nt->object_id),
        VO_P_TEXT(nt->title),
        VO_P_OPT(nt->at),
        VO_P_ID(nt->actor_id),
        VO_P_TEXT(nt->payload ? nt->payload : "{}"),
        VO_P_I64(nt->created_at),
    };
    struct vo_notification *v = NULL;
    size_t n = 0;
    vo_err rc = vo_st_list(st, SQL_NOTE_ADD, p, VO_ST_N(p), a, sizeof *v, vo_st_note_row, &v, &n,
                           "notification", e);
    *created = !rc && n == 1;
    if (*created)
        *nt = v[0];
    return rc;
}

static const char SQL_NOTE_LIST[] = "SELECT " NOTE_COLS " FROM notifications WHERE org_id = ?1 "
                                    "AND user_id = ?2 AND (?3 = 0 OR read_at IS NULL) AND "
                                    "(?4 = 0 OR id < ?4) ORDER BY id DESC LIMIT ?5";

vo_err vo_store_notification_list(struct vo_store *st, int64_t org, int64_t user, bool unread,
                                  int64_t before_id, int64_t limit, struct vo_arena *a,
                                  struct vo_notification **out, size_t *n, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(user), VO_P_I64(unread ? 1 : 0),
                                    VO_P_I64(before_id), VO_P_I64(limit)};
    return vo_st_list(st, SQL_NOTE_LIST, p, VO_ST_N(p), a, sizeof **out, vo_st_note_row, out, n,
                      "notifications", e);
}

static const char SQL_NOTE_READ[] =
    "UPDATE notifications SET read_at = coalesce(read_at, ?4) WHERE org_id = ?1 AND "
    "user_id = ?2 AND id = ?3 RETURNING " NOTE_COLS;

vo_err vo_store_notification_read(struct vo_store *st, int64_t org, int64_t user, int64_t id,
                                  int64_t now, struct vo_arena *a, struct vo_notification *out,
                                  struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(user), VO_P_I64(id), VO_P_I64(now)};
    vo_err rc =
        vo_st_get(st, SQL_NOTE_READ, p, VO_ST_N(p), a, vo_st_note_row, out, "notification", e);
    if (rc == VO_ENOTFOUND)
        return vo_error_set(e, VO_ENOTFOUND, "id", "no notification %lld", (long long)id);
    return rc;
}

static const char SQL_NOTE_READ_ALL[] =
    "UPDATE notifications SET read_at = ?3 WHERE org_id = ?1 AND user_id = ?2 AND read_at IS NULL "
    "RETURNING id";

vo_err vo_store_notification_read_all(struct vo_store *st, int64_t org, int64_t user, int64_t now,
                                      struct vo_arena *a, size_t *count, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(user), VO_P_I64(now)};
    int64_t *ids = NULL;
    return vo_st_list(st, SQL_NOTE_READ_ALL, p, VO_ST_N(p), a, sizeof *ids, vo_st_row_i64, &ids,
                      count, "notifications", e);
}

static const char SQL_NOTE_UNREAD[] = "SELECT count(*) FROM notifications WHERE org_id = ?1 AND "
                                      "user_id = ?2 AND read_at IS NULL";

vo_err vo_store_notification_unread(struct vo_store *st, int64_t org, int64_t user, int64_t *n,
                                    struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(user)};
    return vo_st_get(st, SQL_NOTE_UNREAD, p, VO_ST_N(p), NULL, vo_st_row_i64, n, "notifications",
                     e);
}

static const char SQL_NOTE_AFTER[] =
    "SELECT " NOTE_COLS " FROM notifications WHERE id > ?1 ORDER BY id LIMIT ?2";

vo_err vo_store_notification_after(struct vo_store *st, int64_t after, int64_t limit,
                                   struct vo_arena *a, struct vo_notification **out, size_t *n,
                                   struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(after), VO_P_I64(limit)};
    return vo_st_list(st, SQL_NOTE_AFTER, p, VO_ST_N(p), a, sizeof **out, vo_st_note_row, out, n,
                      "notifications", e);
}

static const char SQL_NOTE_SINCE[] = "SELECT " NOTE_COLS " FROM notifications WHERE org_id = ?1 "
                                     "AND user_id = ?2 AND id > ?3 ORDER BY id LIMIT ?4";

vo_err vo_store_notification_since(struct vo_store *st, int64_t org, int64_t user, int64_t after,
                                   int64_t limit, struct vo_arena *a, struct vo_notification **out,
                                   size_t *n, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(user), VO_P_I64(after),
                                    VO_P_I64(limit)};
    return vo_st_list(st, SQL_NOTE_SINCE, p, VO_ST_N(p), a, sizeof **out, vo_st_note_row, out, n,
                      "notifications", e);
}

static const char SQL_NOTE_LAST[] = "SELECT coalesce(max(id), 0) FROM notifications";

vo_err vo_store_notification_last(struct vo_store *st, int64_t *id, struct vo_error *e)
{
    return vo_st_get(st, SQL_NOTE_LAST, NULL, 0, NULL, vo_st_row_i64, id, "notifications", e);
}
