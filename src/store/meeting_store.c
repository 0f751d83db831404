/*
 * meeting_store.c - meetings, their participants, agenda items and
 * decisions, the org's agenda templates, and promises (store.h, "meetings
 * and promises"; migration 12). Every statement names the org: an id of
 * another org is simply not found.
 */
#include "store/store_int.h"

#include <string.h>

#define MT_COLS                                                                                    \
    "SELECT id, org_id, kind, scheduled_at, limit_min, status, lead_id, report, started_at, "      \
    "closed_at, created_at, rev FROM meetings"

VO_ST_ROW_FN(meeting_row, vo_meeting, VO_C_INT(id), VO_C_INT(org_id), VO_C_TEXT(kind),
             VO_C_INT(scheduled_at), VO_C_INT(limit_min), VO_C_TEXT(status), VO_C_INT(lead_id),
             VO_C_TEXT(report), VO_C_OPT(started_at), VO_C_OPT(closed_at), VO_C_INT(created_at),
             VO_C_INT(rev))

static const char SQL_MT_LIST[] =
    MT_COLS " WHERE org_id = ?1 AND (?2 IS NULL OR kind = ?2) AND scheduled_at >= ?3 AND "
            "scheduled_at < ?4 AND (?5 = 0 OR lead_id = ?5 OR id IN (SELECT meeting_id FROM "
            "meeting_people WHERE org_id = ?1 AND user_id = ?5)) ORDER BY scheduled_at, id";

vo_err vo_store_meeting_list(struct vo_store *st, int64_t org, const char *kind, int64_t from,
                             int64_t to, int64_t user, struct vo_arena *a, struct vo_meeting **out,
                             size_t *n, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_TEXT(kind), VO_P_I64(from), VO_P_I64(to),
                                    VO_P_I64(user)};
    return vo_st_list(st, SQL_MT_LIST, p, VO_ST_N(p), a, sizeof **out, meeting_row, out, n,
                      "meetings", e);
}

static const char SQL_MT_GET[] = MT_COLS " WHERE org_id = ?1 AND id = ?2";

VO_ST_GET_FN(vo_store_meeting_get, struct vo_meeting, SQL_MT_GET, meeting_row, "meeting")

static const char SQL_MT_PREV[] =
    MT_COLS " WHERE org_id = ?1 AND kind = ?2 AND (scheduled_at < ?3 OR (scheduled_at = ?3 AND "
            "id < ?4)) ORDER BY scheduled_at DESC, id DESC LIMIT 1";

vo_err vo_store_meeting_prev(struct vo_store *st, const struct vo_meeting *m, struct vo_arena *a,
                             struct vo_meeting *out, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(m->org_id), VO_P_TEXT(m->kind),
                                    VO_P_I64(m->scheduled_at), VO_P_I64(m->id)};
    memset(out, 0, sizeof *out);
    return vo_st_get(st, SQL_MT_PREV, p, VO_ST_N(p), a, meeting_row, out, "meeting", e);
}

static const char SQL_MT_INSERT[] =
    "INSERT INTO meetings(org_id, kind, scheduled_at, limit_min, status, lead_id, created_at) "
    "VALUES (?1, ?2, ?3, ?4, 'planned', ?5, ?6)";

vo_err vo_store_meeting_insert(struct vo_store *st, struct vo_meeting *m, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(m->org_id),       VO_P_TEXT(m->kind),
                                    VO_P_I64(m->scheduled_at), VO_P_I64(m->limit_min),
                                    VO_P_I64(m->lead_id),      VO_P_I64(m->created_at)};
    m->rev = 0;
    m->status = "planned";
    return vo_st_insert(st, SQL_MT_INSERT, p, VO_ST_N(p), &m->id, "meeting", e);
}

static const char SQL_MT_UPDATE[] =
    "UPDATE meetings SET scheduled_at = ?2, limit_min = ?3, status = ?4, report = ?5, "
    "started_at = ?6, closed_at = ?7, rev = rev + 1 WHERE org_id = ?1 AND id = ?8 AND (?9 < 0 "
    "OR rev = ?9) RETURNING rev";

vo_err vo_store_meeting_update(struct vo_store *st, struct vo_meeting *m, int64_t expect,
                               struct vo_error *e)
{
    const struct vo_st_param p[] = {
        VO_P_I64(m->org_id),    VO_P_I64(m->scheduled_at), VO_P_I64(m->limit_min),
        VO_P_TEXT(m->status),   VO_P_TEXT(m->report),      VO_P_OPT(m->started_at),
        VO_P_OPT(m->closed_at), VO_P_I64(m->id),           VO_P_I64(expect)};
    return vo_st_update_rev_if(st, SQL_MT_UPDATE, p, VO_ST_N(p), &m->rev, "meeting", e);
}

VO_ST_ROW_FN(person_row, vo_meeting_person, VO_C_INT(meeting_id), VO_C_INT(user_id),
             VO_C_TEXT(attendance), VO_C_TEXT(reason))

static const char SQL_MP_LIST[] = "SELECT meeting_id, user_id, attendance, reason FROM "
                                  "meeting_people WHERE org_id = ?1 AND meeting_id = ?2 ORDER BY "
                                  "user_id";

vo_err vo_store_meeting_people(struct vo_store *st, int64_t org, int64_t meeting,
                               struct vo_arena *a, struct vo_meeting_person **out, size_t *n,
                               struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(meeting)};
    return vo_st_list(st, SQL_MP_LIST, p, VO_ST_N(p), a, sizeof **out, person_row, out, n,
                      "participants", e);
}

static const char SQL_MP_ADD[] = "INSERT INTO meeting_people(org_id, meeting_id, "
                                 "user_id) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING";

vo_err vo_store_meeting_person_add(struct vo_store *st, int64_t org, int64_t meeting, int64_t user,
                                   struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(meeting), VO_P_I64(user)};
    return vo_st_run(st, SQL_MP_ADD, p, VO_ST_N(p), "participants", e);
}

static const char SQL_MP_MARK[] = "UPDATE meeting_people SET attendance = ?4, reason = ?5 WHERE "
                                  "org_id = ?1 AND meeting_id = ?2 AND user_id = ?3";

vo_err vo_store_meeting_person_mark(struct vo_store *st, int64_t org,
                                    const struct vo_meeting_person *mp, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(mp->meeting_id), VO_P_I64(mp->user_id),
                                    VO_P_TEXT(mp->attendance), VO_P_TEXT(mp->reason)};
    return vo_st_change_one(st, SQL_MP_MARK, p, VO_ST_N(p), "participants", "user_id",
                            "participant", mp->user_id, e);
}

VO_ST_ROW_FN(item_row, vo_meeting_item, VO_C_INT(id), VO_C_INT(meeting_id), VO_C_TEXT(kind),
             VO_C_INT(position), VO_C_TEXT(text), VO_C_TEXT(notes))

static const char SQL_MI_LIST[] = "SELECT id, meeting_id, kind, position, text, notes FROM "
                                  "meeting_items WHERE org_id = ?1 AND meeting_id = ?2 ORDER BY "
                                  "kind, position";

vo_err vo_store_meeting_items(struct vo_store *st, int64_t org, int64_t meeting, struct vo_arena *a,
                              struct vo_meeting_item **out, size_t *n, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(meeting)};
    return vo_st_list(st, SQL_MI_LIST, p, VO_ST_N(p), a, sizeof **out, item_row, out, n, "agenda",
                      e);
}

static const char SQL_MI_INSERT[] = "INSERT INTO meeting_items(org_id, meeting_id, kind, "
                                    "position, text, notes) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

vo_err vo_store_meeting_item_insert(struct vo_store *st, int64_t org, struct vo_meeting_item *it,
                                    struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org),       VO_P_I64(it->meeting_id),
                                    VO_P_TEXT(it->kind), VO_P_I64(it->position),
                                    VO_P_TEXT(it->text), VO_P_TEXT(it->notes ? it->notes : "")};
    return vo_st_insert(st, SQL_MI_INSERT, p, VO_ST_N(p), &it->id, "agenda", e);
}

static const char SQL_MI_NOTES[] = "UPDATE meeting_items SET notes = ?4 WHERE org_id = ?1 AND "
                                   "meeting_id = ?2 AND kind = 'agenda' AND position = ?3";

vo_err vo_store_meeting_item_notes(struct vo_store *st, int64_t org, int64_t meeting,
                                   int64_t position, const char *notes, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(meeting), VO_P_I64(position),
                                    VO_P_TEXT(notes)};
    return vo_st_change_one(st, SQL_MI_NOTES, p, VO_ST_N(p), "agenda", "item", "agenda item",
                            position, e);
}

static const char SQL_MI_DEL[] = "DELETE FROM meeting_items WHERE org_id = ?1 AND meeting_id = ?2 "
                                 "AND kind = 'decision' AND position = ?3";
static const char SQL_MI_SHIFT[] =
    "UPDATE meeting_items SET position = position - 1 WHERE org_id = ?1 AND meeting_id = ?2 AND "
    "kind = 'decision' AND position > ?3";

vo_err vo_store_meeting_decision_delete(struct vo_store *st, int64_t org, int64_t meeting,
                                        int64_t position, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(meeting), VO_P_I64(position)};
    vo_err rc = vo_st_change_one(st, SQL_MI_DEL, p, VO_ST_N(p), "decisions", "index", "decision",
                                 position, e);
    return rc ? rc : vo_st_run(st, SQL_MI_SHIFT, p, VO_ST_N(p), "decisions", e);
}

static const char SQL_TPL_GET[] =
    "SELECT items FROM meeting_templates WHERE org_id = ?1 AND kind = ?2";

vo_err vo_store_meeting_template_get(struct vo_store *st, int64_t org, const char *kind,
                                     struct vo_arena *a, const char **items, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_TEXT(kind)};
    return vo_st_get(st, SQL_TPL_GET, p, VO_ST_N(p), a, vo_st_row_text, items, "templates", e);
}

static const char SQL_TPL_PUT[] =
    "INSERT INTO meeting_templates(org_id, kind, items) VALUES (?1, ?2, ?3) ON CONFLICT "
    "(org_id, kind) DO UPDATE SET items = excluded.items";

vo_err vo_store_meeting_template_put(struct vo_store *st, int64_t org, const char *kind,
                                     const char *items, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_TEXT(kind), VO_P_TEXT(items)};
    return vo_st_run(st, SQL_TPL_PUT, p, VO_ST_N(p), "templates", e);
}

#define PR_COLS                                                                                    \
    "SELECT id, org_id, user_id, text, due_at, deal_id, client_id, metric, target, meeting_id, "   \
    "status, comment, created_at, resolved_at, notified_at, rev, target_stage_id FROM promises"

VO_ST_ROW_FN(promise_row, vo_promise, VO_C_INT(id), VO_C_INT(org_id), VO_C_INT(user_id),
             VO_C_TEXT(text), VO_C_INT(due_at), VO_C_INT(deal_id), VO_C_INT(client_id),
             VO_C_TEXT(metric), VO_C_OPT(target), VO_C_INT(meeting_id), VO_C_TEXT(status),
             VO_C_TEXT(comment), VO_C_INT(created_at), VO_C_OPT(resolved_at), VO_C_OPT(notified_at),
             VO_C_INT(rev), VO_C_INT(target_stage_id))

static const char SQL_PR_LIST[] =
    PR_COLS " WHERE org_id = ?1 AND (?2 = 0 OR user_id = ?2) AND (?3 IS NULL OR status = ?3) AND "
            "due_at >= ?4 AND due_at < ?5 AND (?6 = 0 OR meeting_id = ?6) ORDER BY due_at, id";

vo_err vo_store_promise_list(struct vo_store *st, int64_t org, const struct vo_promise_filter *f,
                             struct vo_arena *a, struct vo_promise **out, size_t *n,
                             struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org),     VO_P_I64(f->user), VO_P_TEXT(f->status),
                                    VO_P_I64(f->from), VO_P_I64(f->to),   VO_P_I64(f->meeting)};
    return vo_st_list(st, SQL_PR_LIST, p, VO_ST_N(p), a, sizeof **out, promise_row, out, n,
                      "promises", e);
}

static const char SQL_PR_GET[] = PR_COLS " WHERE org_id = ?1 AND id = ?2";

VO_ST_GET_FN(vo_store_promise_get, struct vo_promise, SQL_PR_GET, promise_row, "promise")

static const char SQL_PR_INSERT[] =
    "INSERT INTO promises(org_id, user_id, text, due_at, deal_id, client_id, metric, target, "
    "meeting_id, created_at, target_stage_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
    "?11)";

vo_err vo_store_promise_insert(struct vo_store *st, struct vo_promise *pr, struct vo_error *e)
{
    const struct vo_st_param p[] = {
        VO_P_I64(pr->org_id),     VO_P_I64(pr->user_id),       VO_P_TEXT(pr->text),
        VO_P_I64(pr->due_at),     VO_P_ID(pr->deal_id),        VO_P_ID(pr->client_id),
        VO_P_TEXT(pr->metric),    VO_P_OPT(pr->target),        VO_P_ID(pr->meeting_id),
        VO_P_I64(pr->created_at), VO_P_ID(pr->target_stage_id)};
    pr->rev = 0;
    pr->status = "open";
    return vo_st_insert(st, SQL_PR_INSERT, p, VO_ST_N(p), &pr->id, "promise", e);
}

static const char SQL_PR_ORGS_DUE[] =
    "SELECT DISTINCT org_id FROM promises WHERE status = 'open' AND due_at <= ?1 AND "
    "(metric IS NOT NULL OR (deal_id IS NOT NULL AND target_stage_id IS NOT NULL)) ORDER BY "
    "org_id";

vo_err vo_store_promise_orgs_due(struct vo_store *st, int64_t now, struct vo_arena *a,
                                 int64_t **orgs, size_t *n, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(now)};
    return vo_st_list(st, SQL_PR_ORGS_DUE, p, VO_ST_N(p), a, sizeof **orgs, vo_st_row_i64, orgs, n,
                      "promises", e);
}

static const char SQL_PR_UPDATE[] =
    "UPDATE promises SET status = ?2, comment = ?3, resolved_at = ?4, notified_at = ?5, rev = "
    "rev + 1 WHERE org_id = ?1 AND id = ?6 AND (?7 < 0 OR rev = ?7) RETURNING rev";

vo_err vo_store_promise_update(struct vo_store *st, struct vo_promise *pr, int64_t expect,
                               struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(pr->org_id),      VO_P_TEXT(pr->status),
                                    VO_P_TEXT(pr->comment),    VO_P_OPT(pr->resolved_at),
                                    VO_P_OPT(pr->notified_at), VO_P_I64(pr->id),
                                    VO_P_I64(expect)};
    return vo_st_update_rev_if(st, SQL_PR_UPDATE, p, VO_ST_N(p), &pr->rev, "promise", e);
}

/* ?1 from, ?2 to (the due times), ?3 now: promise_due to the owner of
 * every open promise due in (from, to], once per promise and due time. */
static const char SQL_NOTE_PROMISES[] =
    "INSERT INTO notifications(org_id, user_id, kind, key, object, object_id, title, at, "
    "payload, created_at) "
    "SELECT p.org_id, p.user_id, 'promise_due', 'promise_due:promise:' || p.id || ':' || "
    "p.due_at, 'promise', p.id, p.text, p.due_at, json_object('promise_id', p.id, 'meeting_id', "
    "p.meeting_id, 'deal_id', p.deal_id), ?3 FROM promises p WHERE p.status = 'open' AND "
    "p.due_at > ?1 AND p.due_at <= ?2 ON CONFLICT DO NOTHING RETURNING id, org_id, user_id, "
    "kind, key, object, object_id, title, at, actor_id, payload, created_at, read_at";

vo_err vo_store_notify_promises(struct vo_store *st, int64_t from, int64_t to, int64_t now,
                                struct vo_arena *a, struct vo_notification **out, size_t *n,
                                struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(from), VO_P_I64(to), VO_P_I64(now)};
    return vo_st_list(st, SQL_NOTE_PROMISES, p, VO_ST_N(p), a, sizeof **out, vo_st_note_row, out, n,
                      "notifications", e);
}
