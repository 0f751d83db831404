/*
 * review_store.c - call and negotiation reviews (review_store.h; issue 14,
 * item 5; migration 25 in this branch's list: the 24th entry). Every
 * statement names the org and binds its parameters; a review's score is
 * the sum of its score rows, each of which keeps its item's max_score.
 */
#include "store/review_store.h"

#include "store/store_int.h"

/* ---- checklists ---- */

#define RC_COLS                                                                                    \
    "SELECT c.id, c.org_id, c.name, c.archived, c.created_at, "                                    \
    "(SELECT count(*) FROM reviews r WHERE r.org_id = c.org_id AND r.checklist_id = c.id) "        \
    "FROM review_checklists c"

VO_ST_ROW_FN(checklist_row, vo_review_checklist, VO_C_INT(id), VO_C_INT(org_id), VO_C_TEXT(name),
             VO_C_INT(archived), VO_C_INT(created_at), VO_C_INT(used))

static const char SQL_RC_LIST[] = RC_COLS " WHERE c.org_id = ?1 ORDER BY c.name, c.id";

vo_err vo_store_review_checklist_list(struct vo_store *st, int64_t org, struct vo_arena *a,
                                      struct vo_review_checklist **out, size_t *n,
                                      struct vo_error *e)
{
    return vo_st_list_by(st, SQL_RC_LIST, org, a, sizeof **out, checklist_row, out, n,
                         "review checklists", e);
}

static const char SQL_RC_GET[] = RC_COLS " WHERE c.org_id = ?1 AND c.id = ?2";

VO_ST_GET_FN(vo_store_review_checklist_get, struct vo_review_checklist, SQL_RC_GET, checklist_row,
             "review checklist")

static const char SQL_RC_INSERT[] =
    "INSERT INTO review_checklists(org_id, name, archived, created_at) VALUES (?1, ?2, ?3, ?4)";

vo_err vo_store_review_checklist_insert(struct vo_store *st, struct vo_review_checklist *x,
                                        struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(x->org_id), VO_P_TEXT(x->name), VO_P_I64(x->archived),
                                    VO_P_I64(x->created_at)};
    return vo_st_insert(st, SQL_RC_INSERT, p, VO_ST_N(p), &x->id, "review checklist", e);
}

static const char SQL_RC_UPDATE[] =
    "UPDATE review_checklists SET name = ?3, archived = ?4 WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_review_checklist_update(struct vo_store *st, const struct vo_review_checklist *x,
                                        struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(x->org_id), VO_P_I64(x->id), VO_P_TEXT(x->name),
                                    VO_P_I64(x->archived)};
    return vo_st_change_one(st, SQL_RC_UPDATE, p, VO_ST_N(p), "review checklist", "id",
                            "review checklist", x->id, e);
}

VO_ST_ROW_FN(item_row, vo_review_item, VO_C_INT(checklist_id), VO_C_INT(position), VO_C_TEXT(text),
             VO_C_INT(max_score))

/* ?2 0: every checklist's */
static const char SQL_RI_LIST[] =
    "SELECT checklist_id, position, text, max_score FROM review_checklist_items WHERE org_id = ?1 "
    "AND (?2 = 0 OR checklist_id = ?2) ORDER BY checklist_id, position";

vo_err vo_store_review_items(struct vo_store *st, int64_t org, int64_t checklist,
                             struct vo_arena *a, struct vo_review_item **out, size_t *n,
                             struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(checklist)};
    return vo_st_list(st, SQL_RI_LIST, p, VO_ST_N(p), a, sizeof **out, item_row, out, n,
                      "review checklist items", e);
}

static const char SQL_RI_CLEAR[] =
    "DELETE FROM review_checklist_items WHERE org_id = ?1 AND checklist_id = ?2";
static const char SQL_RI_INSERT[] = "INSERT INTO review_checklist_items(org_id, checklist_id, "
                                    "position, text, max_score) VALUES (?1, ?2, ?3, ?4, ?5)";

vo_err vo_store_review_items_put(struct vo_store *st, int64_t org, int64_t checklist,
                                 const struct vo_review_item *v, size_t n, struct vo_error *e)
{
    const struct vo_st_param k[] = {VO_P_I64(org), VO_P_I64(checklist)};
    vo_err rc = vo_st_run(st, SQL_RI_CLEAR, k, VO_ST_N(k), "review checklist items", e);
    for (size_t i = 0; !rc && i < n; i++) {
        const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(checklist),
                                        VO_P_I64((int64_t)i + 1), VO_P_TEXT(v[i].text),
                                        VO_P_I64(v[i].max_score)};
        rc = vo_st_run(st, SQL_RI_INSERT, p, VO_ST_N(p), "review checklist item", e);
    }
    return rc;
}

/* ---- reviews ---- */

#define RV_COLS                                                                                    \
    "SELECT r.id, r.org_id, r.subject_id, r.reviewer_id, r.checklist_id, r.kind, r.activity_id, "  \
    "r.recording_url, r.reviewed_at, r.strengths, r.mistakes, r.comment, r.created_at, "           \
    "(SELECT COALESCE(sum(s.score), 0) FROM review_scores s WHERE s.org_id = r.org_id AND "        \
    "s.review_id = r.id), "                                                                        \
    "(SELECT COALESCE(sum(s.max_score), 0) FROM review_scores s WHERE s.org_id = r.org_id AND "    \
    "s.review_id = r.id), "                                                                        \
    "su.name, rv.name, c.name "                                                                    \
    "FROM reviews r JOIN users su ON su.org_id = r.org_id AND su.id = r.subject_id "               \
    "LEFT JOIN users rv ON rv.org_id = r.org_id AND rv.id = r.reviewer_id "                        \
    "JOIN review_checklists c ON c.org_id = r.org_id AND c.id = r.checklist_id"

VO_ST_ROW_FN(review_row, vo_review, VO_C_INT(id), VO_C_INT(org_id), VO_C_INT(subject_id),
             VO_C_INT(reviewer_id), VO_C_INT(checklist_id), VO_C_TEXT(kind), VO_C_INT(activity_id),
             VO_C_TEXT(recording_url), VO_C_INT(reviewed_at), VO_C_TEXT(strengths),
             VO_C_TEXT(mistakes), VO_C_TEXT(comment), VO_C_INT(created_at), VO_C_INT(score),
             VO_C_INT(max_total), VO_C_TEXT(subject_name), VO_C_TEXT(reviewer_name),
             VO_C_TEXT(checklist_name))

/* The filter's clause over r: ?2 subject, ?3 checklist (0: any), [?4, ?5). */
#define RV_FILTER                                                                                  \
    "r.org_id = ?1 AND (?2 = 0 OR r.subject_id = ?2) AND (?3 = 0 OR r.checklist_id = ?3) AND "     \
    "r.reviewed_at >= ?4 AND r.reviewed_at < ?5"

static const char SQL_RV_LIST[] =
    RV_COLS " WHERE " RV_FILTER " ORDER BY r.reviewed_at DESC, r.id DESC LIMIT 1000";

vo_err vo_store_review_list(struct vo_store *st, int64_t org, const struct vo_review_filter *f,
                            struct vo_arena *a, struct vo_review **out, size_t *n,
                            struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(f->subject), VO_P_I64(f->checklist),
                                    VO_P_I64(f->from), VO_P_I64(f->to)};
    return vo_st_list(st, SQL_RV_LIST, p, VO_ST_N(p), a, sizeof **out, review_row, out, n,
                      "reviews", e);
}

static const char SQL_RV_GET[] = RV_COLS " WHERE r.org_id = ?1 AND r.id = ?2";

VO_ST_GET_FN(vo_store_review_get, struct vo_review, SQL_RV_GET, review_row, "review")

VO_ST_ROW_FN(score_row, vo_review_score, VO_C_INT(review_id), VO_C_INT(subject_id),
             VO_C_INT(checklist_id), VO_C_INT(reviewed_at), VO_C_INT(position), VO_C_INT(score),
             VO_C_INT(max_score))

/* ?6 0: the filter's reviews; else that review alone */
static const char SQL_RS_LIST[] =
    "SELECT s.review_id, r.subject_id, r.checklist_id, r.reviewed_at, s.position, s.score, "
    "s.max_score FROM review_scores s JOIN reviews r ON r.org_id = s.org_id AND r.id = s.review_id "
    "WHERE s.org_id = ?1 AND ((?6 = 0 AND " RV_FILTER ") OR r.id = ?6) "
    "ORDER BY s.review_id, s.position";

vo_err vo_store_review_scores(struct vo_store *st, int64_t org, const struct vo_review_filter *f,
                              int64_t review, struct vo_arena *a, struct vo_review_score **out,
                              size_t *n, struct vo_error *e)
{
    static const struct vo_review_filter none = {0, 0, 0, 0};
    if (!f)
        f = &none;
    const struct vo_st_param p[] = {VO_P_I64(org),     VO_P_I64(f->subject), VO_P_I64(f->checklist),
                                    VO_P_I64(f->from), VO_P_I64(f->to),      VO_P_I64(review)};
    return vo_st_list(st, SQL_RS_LIST, p, VO_ST_N(p), a, sizeof **out, score_row, out, n,
                      "review scores", e);
}

static const char SQL_RV_INSERT[] =
    "INSERT INTO reviews(org_id, subject_id, reviewer_id, checklist_id, kind, activity_id, "
    "recording_url, reviewed_at, strengths, mistakes, comment, created_at) VALUES (?1, ?2, ?3, ?4, "
    "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";

vo_err vo_store_review_insert(struct vo_store *st, struct vo_review *x, struct vo_error *e)
{
    const struct vo_st_param p[] = {
        VO_P_I64(x->org_id),         VO_P_I64(x->subject_id),  VO_P_ID(x->reviewer_id),
        VO_P_I64(x->checklist_id),   VO_P_TEXT(x->kind),       VO_P_ID(x->activity_id),
        VO_P_TEXT(x->recording_url), VO_P_I64(x->reviewed_at), VO_P_TEXT(x->strengths),
        VO_P_TEXT(x->mistakes),      VO_P_TEXT(x->comment),    VO_P_I64(x->created_at)};
    return vo_st_insert(st, SQL_RV_INSERT, p, VO_ST_N(p), &x->id, "review", e);
}

static const char SQL_RV_UPDATE[] =
    "UPDATE reviews SET kind = ?3, activity_id = ?4, recording_url = ?5, reviewed_at = ?6, "
    "strengths = ?7, mistakes = ?8, comment = ?9 WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_review_update(struct vo_store *st, const struct vo_review *x, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(x->org_id),         VO_P_I64(x->id),
                                    VO_P_TEXT(x->kind),          VO_P_ID(x->activity_id),
                                    VO_P_TEXT(x->recording_url), VO_P_I64(x->reviewed_at),
                                    VO_P_TEXT(x->strengths),     VO_P_TEXT(x->mistakes),
                                    VO_P_TEXT(x->comment)};
    return vo_st_change_one(st, SQL_RV_UPDATE, p, VO_ST_N(p), "review", "id", "review", x->id, e);
}

static const char SQL_RS_CLEAR[] = "DELETE FROM review_scores WHERE org_id = ?1 AND review_id = ?2";
static const char SQL_RS_INSERT[] = "INSERT INTO review_scores(org_id, review_id, position, score, "
                                    "max_score) VALUES (?1, ?2, ?3, ?4, ?5)";

vo_err vo_store_review_scores_put(struct vo_store *st, int64_t org, int64_t review,
                                  const struct vo_review_score *v, size_t n, struct vo_error *e)
{
    const struct vo_st_param k[] = {VO_P_I64(org), VO_P_I64(review)};
    vo_err rc = vo_st_run(st, SQL_RS_CLEAR, k, VO_ST_N(k), "review scores", e);
    for (size_t i = 0; !rc && i < n; i++) {
        const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(review), VO_P_I64(v[i].position),
                                        VO_P_I64(v[i].score), VO_P_I64(v[i].max_score)};
        rc = vo_st_run(st, SQL_RS_INSERT, p, VO_ST_N(p), "review score", e);
    }
    return rc;
}

static const char SQL_RV_DELETE[] = "DELETE FROM reviews WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_review_delete(struct vo_store *st, int64_t org, int64_t id, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(id)};
    vo_err rc = vo_st_run(st, SQL_RS_CLEAR, p, VO_ST_N(p), "review scores", e);
    return rc ? rc
              : vo_st_change_one(st, SQL_RV_DELETE, p, VO_ST_N(p), "review", "id", "review", id, e);
}
