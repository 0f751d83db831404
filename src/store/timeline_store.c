/*
 * timeline_store.c - notes on deals and clients, and the timeline of a
 * deal or a client: one statement, a UNION ALL of every row that tells
 * what happened, newest first, paged by the key (at, id, kind): within a
 * second, the later of two audit rows (or of two rows of one table) first.
 *
 * Where each kind comes from:
 *   stage          stage_changes (text: the stage's name)
 *   activity       activities (type, text: outcome, num: duration_s)
 *   note           notes (text, num: edited_at)
 *   task_created   tasks at created_at (text: title; user: the assignee)
 *   task_done      tasks at done_at
 *   payment        payments at paid_at (num: amount)
 *   deal_created, client_created, won, lost, reopened, changed
 *                  audit_log rows of the deal or client (deal.create,
 *                  client.create, deal.win, deal.lose, deal.reopen,
 *                  deal.update, client.update, client.merge); text: the
 *                  row's detail (a title, a loss reason, the changes as
 *                  JSON)
 * A deal's timeline holds its rows; a client's, its own rows and those of
 * its deals (?4: only the deals of that owner, for a manager).
 */
#include "store/store_int.h"

#include <string.h>

/* The rows of deal ?2, or of client ?3 and its deals (of owner ?4). */
#define IN_SCOPE(d, c)                                                                             \
    "(" d " = ?2 OR " c " = ?3 OR " d " IN (SELECT id FROM deals WHERE org_id = ?1 AND "           \
    "client_id = ?3 AND (?4 IS NULL OR owner_id = ?4)))"
#define DEAL_SCOPE(d)                                                                              \
    "(" d " = ?2 OR " d " IN (SELECT id FROM deals WHERE org_id = ?1 AND client_id = ?3 AND "      \
    "(?4 IS NULL OR owner_id = ?4)))"

/* The union's parts: kind, at, user, the row's id, its deal, text, type,
 * num. */
#define TL_STAGES                                                                                  \
    "SELECT 'stage' AS kind, sc.at AS at, sc.user_id AS uid, sc.id AS id, sc.deal_id AS deal, "    \
    "s.name AS text, NULL AS type, NULL AS num FROM stage_changes sc JOIN stages s ON "            \
    "s.org_id = sc.org_id AND s.id = sc.stage_id WHERE sc.org_id = ?1 AND " DEAL_SCOPE(            \
        "sc.deal_id")
#define TL_ACTIVITIES                                                                              \
    " UNION ALL SELECT 'activity', a.at, a.user_id, a.id, a.deal_id, a.outcome, a.type, "          \
    "a.duration_s FROM activities a WHERE a.org_id = ?1 AND " IN_SCOPE("a.deal_id", "a.client_id")
#define TL_NOTES                                                                                   \
    " UNION ALL SELECT 'note', n.created_at, n.author_id, n.id, n.deal_id, n.text, NULL, "         \
    "n.edited_at FROM notes n WHERE n.org_id = ?1 AND " IN_SCOPE("n.deal_id", "n.client_id")
#define TL_TASKS                                                                                   \
    " UNION ALL SELECT 'task_created', k.created_at, k.assignee_id, k.id, k.deal_id, k.title, "    \
    "NULL, NULL FROM tasks k WHERE k.org_id = ?1 AND " IN_SCOPE("k.deal_id", "k.client_id")
#define TL_TASKS_DONE                                                                              \
    " UNION ALL SELECT 'task_done', k.done_at, k.assignee_id, k.id, k.deal_id, k.title, NULL, "    \
    "NULL FROM tasks k WHERE k.org_id = ?1 AND k.done_at IS NOT NULL AND " TASK_SCOPE
#define TASK_SCOPE IN_SCOPE("k.deal_id", "k.client_id")
#define TL_PAYMENTS                                                                                \
    " UNION ALL SELECT 'payment', p.paid_at, NULL, p.id, p.deal_id, NULL, NULL, p.amount FROM "    \
    "payments p WHERE p.org_id = ?1 AND " IN_SCOPE("p.deal_id", "p.client_id")
#define TL_AUDIT_KIND                                                                              \
    "CASE l.action WHEN 'deal.create' THEN 'deal_created' WHEN 'client.create' THEN "              \
    "'client_created' WHEN 'deal.win' THEN 'won' WHEN 'deal.lose' THEN 'lost' WHEN "               \
    "'deal.reopen' THEN 'reopened' ELSE 'changed' END"
#define AUDIT_DEAL_SCOPE DEAL_SCOPE("l.object_id")
#define TL_AUDIT                                                                                   \
    " UNION ALL SELECT " TL_AUDIT_KIND ", l.at, l.user_id, l.id, CASE l.object WHEN 'deal' THEN "  \
    "l.object_id END, l.detail, NULL, NULL FROM audit_log l WHERE l.org_id = ?1 AND "              \
    "((l.object = 'deal' AND l.action IN ('deal.create', 'deal.win', 'deal.lose', "                \
    "'deal.reopen', 'deal.update') AND " AUDIT_DEAL_SCOPE ") OR (l.object = 'client' AND "         \
    "l.action IN ('client.create', 'client.update', 'client.merge') AND l.object_id = ?3))"

static const char SQL_TIMELINE[] =
    "SELECT t.kind, t.at, t.uid, u.name, t.id, t.deal, t.text, t.type, t.num FROM (" TL_STAGES
        TL_ACTIVITIES TL_NOTES TL_TASKS TL_TASKS_DONE TL_PAYMENTS TL_AUDIT
    ") t LEFT JOIN users u ON u.org_id = ?1 AND u.id = t.uid WHERE t.at IS NOT NULL AND (?5 = 0 OR "
    "(t.at, t.id, t.kind) < (?6, ?8, ?7)) ORDER BY t.at DESC, t.id DESC, t.kind DESC LIMIT ?9";

/* The columns of SQL_TIMELINE, in its order. */
VO_ST_ROW_FN(item_row, vo_timeline_item, VO_C_TEXT(kind), VO_C_INT(at), VO_C_INT(user_id),
             VO_C_TEXT(user), VO_C_INT(id), VO_C_INT(deal_id), VO_C_TEXT(text), VO_C_TEXT(type),
             VO_C_OPT(num))

vo_err vo_store_timeline(struct vo_store *st, int64_t org, const struct vo_timeline_query *q,
                         struct vo_arena *a, struct vo_timeline_item **out, size_t *n,
                         struct vo_error *e)
{
    const struct vo_st_param p[] = {
        VO_P_I64(org),
        VO_P_ID(q->deal),
        VO_P_ID(q->client),
        VO_P_ID(q->owner),
        VO_P_I64(q->after_kind != NULL),
        VO_P_I64(q->after_at),
        VO_P_TEXT(q->after_kind),
        VO_P_I64(q->after_id),
        VO_P_I64(q->limit),
    };
    return vo_st_list(st, SQL_TIMELINE, p, VO_ST_N(p), a, sizeof **out, item_row, out, n,
                      "timeline", e);
}

/* ---- notes ---- */

static const char SQL_NOTE_GET[] =
    "SELECT id, org_id, deal_id, client_id, author_id, text, created_at, edited_at FROM notes "
    "WHERE org_id = ?1 AND id = ?2";
static const char SQL_NOTE_INSERT[] =
    "INSERT INTO notes(org_id, deal_id, client_id, author_id, text, created_at) "
    "VALUES(?1, ?2, ?3, ?4, ?5, ?6)";
static const char SQL_NOTE_UPDATE[] =
    "UPDATE notes SET text = ?3, edited_at = ?4 WHERE org_id = ?1 AND id = ?2";
static const char SQL_NOTE_DELETE[] = "DELETE FROM notes WHERE org_id = ?1 AND id = ?2";

/* The columns of SQL_NOTE_GET, in its order. */
VO_ST_ROW_FN(note_row, vo_note, VO_C_INT(id), VO_C_INT(org_id), VO_C_INT(deal_id),
             VO_C_INT(client_id), VO_C_INT(author_id), VO_C_TEXT(text), VO_C_INT(created_at),
             VO_C_OPT(edited_at))

vo_err vo_store_note_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                         struct vo_note *out, struct vo_error *e)
{
    return vo_st_get_id(st, SQL_NOTE_GET, org, id, a, note_row, out, "id", "note", e);
}

vo_err vo_store_note_insert(struct vo_store *st, struct vo_note *n, struct vo_error *e)
{
    const struct vo_st_param p[] = {
        VO_P_I64(n->org_id),    VO_P_ID(n->deal_id), VO_P_ID(n->client_id),
        VO_P_I64(n->author_id), VO_P_TEXT(n->text),  VO_P_I64(n->created_at),
    };
    return vo_st_insert(st, SQL_NOTE_INSERT, p, VO_ST_N(p), &n->id, "note", e);
}

vo_err vo_store_note_update(struct vo_store *st, const struct vo_note *n, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(n->org_id), VO_P_I64(n->id), VO_P_TEXT(n->text),
                                    VO_P_OPT(n->edited_at)};
    return vo_st_change_one(st, SQL_NOTE_UPDATE, p, VO_ST_N(p), "note", "id", "note", n->id, e);
}

vo_err vo_store_note_delete(struct vo_store *st, int64_t org, int64_t id, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(id)};
    return vo_st_change_one(st, SQL_NOTE_DELETE, p, VO_ST_N(p), "note", "id", "note", id, e);
}
