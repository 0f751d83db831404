/*
 * attestation_store.c - attestation (attestation_store.h; issue 14, item
 * 6; migration 30). Every statement names the org and binds its
 * parameters; an assignment is overdue while its due day is past and no
 * attempt of its user at its test passed.
 */
#include "store/attestation_store.h"

#include "store/store_int.h"

/* ---- tests ---- */

#define AT_COLS                                                                                    \
    "SELECT t.id, t.org_id, t.title, t.description, t.pass_pct, t.max_attempts, t.time_limit, "    \
    "t.archived, t.created_at, (SELECT count(*) FROM attestation_attempts p WHERE p.org_id = "     \
    "t.org_id AND p.attestation_id = t.id) FROM attestations t"

VO_ST_ROW_FN(att_row, vo_att, VO_C_INT(id), VO_C_INT(org_id), VO_C_TEXT(title),
             VO_C_TEXT(description), VO_C_INT(pass_pct), VO_C_INT(max_attempts),
             VO_C_INT(time_limit), VO_C_INT(archived), VO_C_INT(created_at), VO_C_INT(attempts))

static const char SQL_AT_LIST[] = AT_COLS " WHERE t.org_id = ?1 ORDER BY t.title, t.id";

vo_err vo_store_att_list(struct vo_store *st, int64_t org, struct vo_arena *a, struct vo_att **out,
                         size_t *n, struct vo_error *e)
{
    return vo_st_list_by(st, SQL_AT_LIST, org, a, sizeof **out, att_row, out, n, "attestations", e);
}

static const char SQL_AT_GET[] = AT_COLS " WHERE t.org_id = ?1 AND t.id = ?2";

VO_ST_GET_FN(vo_store_att_get, struct vo_att, SQL_AT_GET, att_row, "attestation")

static const char SQL_AT_INSERT[] =
    "INSERT INTO attestations(org_id, title, description, pass_pct, max_attempts, time_limit, "
    "archived, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

vo_err vo_store_att_insert(struct vo_store *st, struct vo_att *x, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(x->org_id),       VO_P_TEXT(x->title),
                                    VO_P_TEXT(x->description), VO_P_I64(x->pass_pct),
                                    VO_P_I64(x->max_attempts), VO_P_ID(x->time_limit),
                                    VO_P_I64(x->archived),     VO_P_I64(x->created_at)};
    return vo_st_insert(st, SQL_AT_INSERT, p, VO_ST_N(p), &x->id, "attestation", e);
}

static const char SQL_AT_UPDATE[] =
    "UPDATE attestations SET title = ?3, description = ?4, pass_pct = ?5, max_attempts = ?6, "
    "time_limit = ?7, archived = ?8 WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_att_update(struct vo_store *st, const struct vo_att *x, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(x->org_id),    VO_P_I64(x->id),
                                    VO_P_TEXT(x->title),    VO_P_TEXT(x->description),
                                    VO_P_I64(x->pass_pct),  VO_P_I64(x->max_attempts),
                                    VO_P_ID(x->time_limit), VO_P_I64(x->archived)};
    return vo_st_change_one(st, SQL_AT_UPDATE, p, VO_ST_N(p), "attestation", "id", "attestation",
                            x->id, e);
}

VO_ST_ROW_FN(question_row, vo_att_question, VO_C_INT(attestation_id), VO_C_INT(position),
             VO_C_TEXT(topic), VO_C_TEXT(kind), VO_C_TEXT(text), VO_C_TEXT(options),
             VO_C_TEXT(correct), VO_C_INT(points))

static const char SQL_AQ_LIST[] =
    "SELECT attestation_id, position, topic, kind, text, options, correct, points FROM "
    "attestation_questions WHERE org_id = ?1 AND (?2 = 0 OR attestation_id = ?2) "
    "ORDER BY attestation_id, position";

vo_err vo_store_att_questions(struct vo_store *st, int64_t org, int64_t att, struct vo_arena *a,
                              struct vo_att_question **out, size_t *n, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(att)};
    return vo_st_list(st, SQL_AQ_LIST, p, VO_ST_N(p), a, sizeof **out, question_row, out, n,
                      "attestation questions", e);
}

static const char SQL_AQ_CLEAR[] =
    "DELETE FROM attestation_questions WHERE org_id = ?1 AND attestation_id = ?2";
static const char SQL_AQ_INSERT[] =
    "INSERT INTO attestation_questions(org_id, attestation_id, position, topic, kind, text, "
    "options, correct, points) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

vo_err vo_store_att_questions_put(struct vo_store *st, int64_t org, int64_t att,
                                  const struct vo_att_question *v, size_t n, struct vo_error *e)
{
    const struct vo_st_param k[] = {VO_P_I64(org), VO_P_I64(att)};
    vo_err rc = vo_st_run(st, SQL_AQ_CLEAR, k, VO_ST_N(k), "attestation questions", e);
    for (size_t i = 0; !rc && i < n; i++) {
        const struct vo_st_param p[] = {
            VO_P_I64(org),           VO_P_I64(att),           VO_P_I64((int64_t)i + 1),
            VO_P_TEXT(v[i].topic),   VO_P_TEXT(v[i].kind),    VO_P_TEXT(v[i].text),
            VO_P_TEXT(v[i].options), VO_P_TEXT(v[i].correct), VO_P_I64(v[i].points)};
        rc = vo_st_run(st, SQL_AQ_INSERT, p, VO_ST_N(p), "attestation question", e);
    }
    return rc;
}

/* ---- assignments ---- */

#define AS_COLS                                                                                    \
    "SELECT s.id, s.org_id, s.attestation_id, s.user_id, s.due, s.assigned_by, s.created_at, "     \
    "t.title, u.name, "                                                                            \
    "(SELECT count(*) FROM attestation_attempts p WHERE p.org_id = s.org_id AND "                  \
    "p.attestation_id = s.attestation_id AND p.user_id = s.user_id), "                             \
    "(SELECT count(*) FROM attestation_attempts p WHERE p.org_id = s.org_id AND "                  \
    "p.attestation_id = s.attestation_id AND p.user_id = s.user_id AND p.passed = 1) "             \
    "FROM attestation_assignments s "                                                              \
    "JOIN attestations t ON t.org_id = s.org_id AND t.id = s.attestation_id "                      \
    "JOIN users u ON u.org_id = s.org_id AND u.id = s.user_id"

VO_ST_ROW_FN(assignment_row, vo_att_assignment, VO_C_INT(id), VO_C_INT(org_id),
             VO_C_INT(attestation_id), VO_C_INT(user_id), VO_C_TEXT(due), VO_C_INT(assigned_by),
             VO_C_INT(created_at), VO_C_TEXT(title), VO_C_TEXT(user_name), VO_C_INT(attempts),
             VO_C_INT(passed))

static const char SQL_AS_LIST[] =
    AS_COLS " WHERE s.org_id = ?1 AND (?2 = 0 OR s.attestation_id = ?2) AND (?3 = 0 OR "
            "s.user_id = ?3) ORDER BY s.due, t.title, u.name, s.id";

vo_err vo_store_att_assignments(struct vo_store *st, int64_t org, int64_t att, int64_t user,
                                struct vo_arena *a, struct vo_att_assignment **out, size_t *n,
                                struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(att), VO_P_I64(user)};
    return vo_st_list(st, SQL_AS_LIST, p, VO_ST_N(p), a, sizeof **out, assignment_row, out, n,
                      "attestation assignments", e);
}

static const char SQL_AS_OVERDUE[] =
    AS_COLS " WHERE s.org_id = ?1 AND s.due < ?2 AND (?3 = 0 OR s.user_id = ?3) AND t.archived = 0 "
            "AND u.active = 1 AND NOT EXISTS (SELECT 1 FROM attestation_attempts p WHERE p.org_id "
            "= s.org_id AND p.attestation_id = s.attestation_id AND p.user_id = s.user_id AND "
            "p.passed = 1) ORDER BY s.due, u.name, t.title, s.id";

vo_err vo_store_att_overdue(struct vo_store *st, int64_t org, const char *day, int64_t user,
                            struct vo_arena *a, struct vo_att_assignment **out, size_t *n,
                            struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_TEXT(day), VO_P_I64(user)};
    return vo_st_list(st, SQL_AS_OVERDUE, p, VO_ST_N(p), a, sizeof **out, assignment_row, out, n,
                      "overdue attestations", e);
}

static const char SQL_AS_FIND[] = "SELECT id FROM attestation_assignments WHERE org_id = ?1 AND "
                                  "attestation_id = ?2 AND user_id = ?3";
static const char SQL_AS_MOVE[] =
    "UPDATE attestation_assignments SET due = ?3, assigned_by = ?4 WHERE org_id = ?1 AND id = ?2";
static const char SQL_AS_INSERT[] =
    "INSERT INTO attestation_assignments(org_id, attestation_id, user_id, due, assigned_by, "
    "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

vo_err vo_store_att_assign(struct vo_store *st, struct vo_att_assignment *x, bool *created,
                           struct vo_error *e)
{
    const struct vo_st_param f[] = {VO_P_I64(x->org_id), VO_P_I64(x->attestation_id),
                                    VO_P_I64(x->user_id)};
    int count = 0;
    int64_t id = 0;
    vo_err rc = vo_st_first(st, SQL_AS_FIND, f, VO_ST_N(f), NULL, vo_st_row_i64, &id, &count,
                            "attestation assignment", e);
    if (rc)
        return rc;
    *created = count == 0;
    if (count) {
        x->id = id;
        const struct vo_st_param p[] = {VO_P_I64(x->org_id), VO_P_I64(id), VO_P_TEXT(x->due),
                                        VO_P_ID(x->assigned_by)};
        return vo_st_run(st, SQL_AS_MOVE, p, VO_ST_N(p), "attestation assignment", e);
    }
    const struct vo_st_param p[] = {VO_P_I64(x->org_id),     VO_P_I64(x->attestation_id),
                                    VO_P_I64(x->user_id),    VO_P_TEXT(x->due),
                                    VO_P_ID(x->assigned_by), VO_P_I64(x->created_at)};
    return vo_st_insert(st, SQL_AS_INSERT, p, VO_ST_N(p), &x->id, "attestation assignment", e);
}

/* ---- attempts ---- */

#define AP_COLS                                                                                    \
    "SELECT p.id, p.org_id, p.attestation_id, p.user_id, p.started_at, p.deadline, "               \
    "p.submitted_at, p.score, p.max_score, p.pending, p.passed, t.title, u.name "                  \
    "FROM attestation_attempts p "                                                                 \
    "JOIN attestations t ON t.org_id = p.org_id AND t.id = p.attestation_id "                      \
    "JOIN users u ON u.org_id = p.org_id AND u.id = p.user_id"

VO_ST_ROW_FN(attempt_row, vo_att_attempt, VO_C_INT(id), VO_C_INT(org_id), VO_C_INT(attestation_id),
             VO_C_INT(user_id), VO_C_INT(started_at), VO_C_INT(deadline), VO_C_INT(submitted_at),
             VO_C_INT(score), VO_C_INT(max_score), VO_C_INT(pending), VO_C_OPT(passed),
             VO_C_TEXT(title), VO_C_TEXT(user_name))

static const char SQL_AP_LIST[] =
    AP_COLS " WHERE p.org_id = ?1 AND (?2 = 0 OR p.user_id = ?2) AND (?3 = 0 OR "
            "p.attestation_id = ?3) AND (?4 = 0 OR (p.submitted_at IS NOT NULL AND p.pending > "
            "0)) ORDER BY p.started_at DESC, p.id DESC LIMIT 1000";

vo_err vo_store_att_attempts(struct vo_store *st, int64_t org,
                             const struct vo_att_attempt_filter *f, struct vo_arena *a,
                             struct vo_att_attempt **out, size_t *n, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(f->user), VO_P_I64(f->att),
                                    VO_P_I64(f->pending)};
    return vo_st_list(st, SQL_AP_LIST, p, VO_ST_N(p), a, sizeof **out, attempt_row, out, n,
                      "attestation attempts", e);
}

static const char SQL_AP_GET[] = AP_COLS " WHERE p.org_id = ?1 AND p.id = ?2";

VO_ST_GET_FN(vo_store_att_attempt_get, struct vo_att_attempt, SQL_AP_GET, attempt_row,
             "attestation attempt")

static const char SQL_AP_INSERT[] =
    "INSERT INTO attestation_attempts(org_id, attestation_id, user_id, started_at, deadline, "
    "max_score) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

vo_err vo_store_att_attempt_insert(struct vo_store *st, struct vo_att_attempt *x,
                                   struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(x->org_id),  VO_P_I64(x->attestation_id),
                                    VO_P_I64(x->user_id), VO_P_I64(x->started_at),
                                    VO_P_ID(x->deadline), VO_P_I64(x->max_score)};
    return vo_st_insert(st, SQL_AP_INSERT, p, VO_ST_N(p), &x->id, "attestation attempt", e);
}

static const char SQL_AP_UPDATE[] =
    "UPDATE attestation_attempts SET submitted_at = ?3, score = ?4, max_score = ?5, pending = ?6, "
    "passed = ?7 WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_att_attempt_update(struct vo_store *st, const struct vo_att_attempt *x,
                                   struct vo_error *e)
{
    const struct vo_st_param p[] = {
        VO_P_I64(x->org_id),    VO_P_I64(x->id),      VO_P_ID(x->submitted_at), VO_P_I64(x->score),
        VO_P_I64(x->max_score), VO_P_I64(x->pending), VO_P_OPT(x->passed)};
    return vo_st_change_one(st, SQL_AP_UPDATE, p, VO_ST_N(p), "attestation attempt", "id",
                            "attestation attempt", x->id, e);
}

VO_ST_ROW_FN(answer_row, vo_att_answer, VO_C_INT(attempt_id), VO_C_INT(position), VO_C_TEXT(choice),
             VO_C_TEXT(text), VO_C_OPT(points), VO_C_TEXT(comment))

static const char SQL_AA_LIST[] =
    "SELECT attempt_id, position, choice, text, points, comment FROM attestation_answers "
    "WHERE org_id = ?1 AND attempt_id = ?2 ORDER BY position";

vo_err vo_store_att_answers(struct vo_store *st, int64_t org, int64_t attempt, struct vo_arena *a,
                            struct vo_att_answer **out, size_t *n, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(attempt)};
    return vo_st_list(st, SQL_AA_LIST, p, VO_ST_N(p), a, sizeof **out, answer_row, out, n,
                      "attestation answers", e);
}

static const char SQL_AA_PUT[] =
    "INSERT INTO attestation_answers(org_id, attempt_id, position, choice, text, points, "
    "comment) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(org_id, attempt_id, position) DO "
    "UPDATE SET choice = excluded.choice, text = excluded.text, points = excluded.points, "
    "comment = excluded.comment";

vo_err vo_store_att_answer_put(struct vo_store *st, int64_t org, const struct vo_att_answer *x,
                               struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org),
                                    VO_P_I64(x->attempt_id),
                                    VO_P_I64(x->position),
                                    VO_P_TEXT(x->choice),
                                    VO_P_TEXT(x->text),
                                    VO_P_OPT(x->points),
                                    VO_P_TEXT(x->comment ? x->comment : "")};
    return vo_st_run(st, SQL_AA_PUT, p, VO_ST_N(p), "attestation answer", e);
}
