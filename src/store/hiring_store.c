/*
 * hiring_store.c - vacancies, candidates, their stage changes, the
 * scorecard criteria and scores (hiring_store.h; migration 24 of this
 * branch). Every statement names the org and binds its parameters; the
 * CV is the one blob, bound and read here by hand (the row helpers hold
 * text and integers).
 */
#include "store/hiring_store.h"

#include <string.h>

#include "model/model.h"
#include "store/store.h"
#include "store/store_int.h"

/* ---- vacancies ---- */

#define VAC_COLS                                                                                   \
    "SELECT v.id, v.org_id, v.title, v.team, v.openings, v.status, v.description, v.created_by, "  \
    "v.created_at, v.closed_at, v.updated_at, "                                                    \
    "(SELECT count(*) FROM candidates c WHERE c.org_id = v.org_id AND c.vacancy_id = v.id), "      \
    "(SELECT count(*) FROM candidates c WHERE c.org_id = v.org_id AND c.vacancy_id = v.id AND "    \
    "c.stage = 'hired') FROM vacancies v"

VO_ST_ROW_FN(vacancy_row, vo_vacancy, VO_C_INT(id), VO_C_INT(org_id), VO_C_TEXT(title),
             VO_C_TEXT(team), VO_C_INT(openings), VO_C_TEXT(status), VO_C_TEXT(description),
             VO_C_INT(created_by), VO_C_INT(created_at), VO_C_OPT(closed_at), VO_C_INT(updated_at),
             VO_C_INT(candidates), VO_C_INT(hired))

static const char SQL_VAC_LIST[] =
    VAC_COLS " WHERE v.org_id = ?1 AND (?2 IS NULL OR v.status = ?2) "
             "ORDER BY v.status = 'closed', v.created_at DESC, v.id DESC";

vo_err vo_store_vacancy_list(struct vo_store *st, int64_t org, const char *status,
                             struct vo_arena *a, struct vo_vacancy **out, size_t *n,
                             struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_TEXT(status)};
    return vo_st_list(st, SQL_VAC_LIST, p, VO_ST_N(p), a, sizeof **out, vacancy_row, out, n,
                      "vacancies", e);
}

static const char SQL_VAC_GET[] = VAC_COLS " WHERE v.org_id = ?1 AND v.id = ?2";

VO_ST_GET_FN(vo_store_vacancy_get, struct vo_vacancy, SQL_VAC_GET, vacancy_row, "vacancy")

static const char SQL_VAC_INSERT[] =
    "INSERT INTO vacancies(org_id, title, team, openings, status, description, created_by, "
    "created_at, closed_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

vo_err vo_store_vacancy_insert(struct vo_store *st, struct vo_vacancy *x, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(x->org_id),    VO_P_TEXT(x->title),
                                    VO_P_TEXT(x->team),     VO_P_I64(x->openings),
                                    VO_P_TEXT(x->status),   VO_P_TEXT(x->description),
                                    VO_P_ID(x->created_by), VO_P_I64(x->created_at),
                                    VO_P_OPT(x->closed_at), VO_P_I64(x->updated_at)};
    return vo_st_insert(st, SQL_VAC_INSERT, p, VO_ST_N(p), &x->id, "vacancy", e);
}

static const char SQL_VAC_UPDATE[] =
    "UPDATE vacancies SET title = ?2, team = ?3, openings = ?4, status = ?5, description = ?6, "
    "closed_at = ?7, updated_at = ?8 WHERE org_id = ?1 AND id = ?9";

vo_err vo_store_vacancy_update(struct vo_store *st, const struct vo_vacancy *x, struct vo_error *e)
{
    const struct vo_st_param p[] = {
        VO_P_I64(x->org_id),    VO_P_TEXT(x->title),     VO_P_TEXT(x->team),
        VO_P_I64(x->openings),  VO_P_TEXT(x->status),    VO_P_TEXT(x->description),
        VO_P_OPT(x->closed_at), VO_P_I64(x->updated_at), VO_P_I64(x->id)};
    return vo_st_change_one(st, SQL_VAC_UPDATE, p, VO_ST_N(p), "vacancy", "id", "vacancy", x->id,
                            e);
}

/* ---- candidates ---- */

#define CAND_COLS                                                                                  \
    "SELECT c.id, c.org_id, c.vacancy_id, v.title, c.name, c.email, c.phone, c.source, c.stage, "  \
    "c.reject_reason, c.notes, c.cv_name, c.cv_type, c.cv_size, c.stage_since, c.hired_user_id, "  \
    "c.start_date, c.created_by, c.created_at, c.updated_at FROM candidates c "                    \
    "JOIN vacancies v ON v.org_id = c.org_id AND v.id = c.vacancy_id"

VO_ST_ROW_FN(candidate_row, vo_candidate, VO_C_INT(id), VO_C_INT(org_id), VO_C_INT(vacancy_id),
             VO_C_TEXT(vacancy_title), VO_C_TEXT(name), VO_C_TEXT(email), VO_C_TEXT(phone),
             VO_C_TEXT(source), VO_C_TEXT(stage), VO_C_TEXT(reject_reason), VO_C_TEXT(notes),
             VO_C_TEXT(cv_name), VO_C_TEXT(cv_type), VO_C_INT(cv_size), VO_C_INT(stage_since),
             VO_C_INT(hired_user_id), VO_C_TEXT(start_date), VO_C_INT(created_by),
             VO_C_INT(created_at), VO_C_INT(updated_at))

/* ?5: a part of the name, email or phone in any case, Cyrillic too
 * (vo_st_like's pattern against the vo_fold-ed columns, as the CRM's
 * searches). */
static const char SQL_CAND_LIST[] =
    CAND_COLS " WHERE c.org_id = ?1 AND (?2 = 0 OR c.vacancy_id = ?2) AND "
              "(?3 IS NULL OR c.stage = ?3) AND (?4 IS NULL OR c.source = ?4) AND "
              "(?5 IS NULL OR vo_fold(c.name) LIKE ?5 ESCAPE '\\' OR "
              "vo_fold(COALESCE(c.email, '')) LIKE ?5 ESCAPE '\\' OR "
              "vo_fold(COALESCE(c.phone, '')) LIKE ?5 ESCAPE '\\') "
              "ORDER BY c.vacancy_id, c.created_at DESC, c.id DESC";

vo_err vo_store_candidate_list(struct vo_store *st, int64_t org,
                               const struct vo_candidate_filter *f, struct vo_arena *a,
                               struct vo_candidate **out, size_t *n, struct vo_error *e)
{
    const char *like = NULL;
    if (f->q && *f->q && !(like = vo_st_like(f->q, a)))
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(f->vacancy_id), VO_P_TEXT(f->stage),
                                    VO_P_TEXT(f->source), VO_P_TEXT(like)};
    return vo_st_list(st, SQL_CAND_LIST, p, VO_ST_N(p), a, sizeof **out, candidate_row, out, n,
                      "candidates", e);
}

static const char SQL_CAND_GET[] = CAND_COLS " WHERE c.org_id = ?1 AND c.id = ?2";

VO_ST_GET_FN(vo_store_candidate_get, struct vo_candidate, SQL_CAND_GET, candidate_row, "candidate")

static const char SQL_CAND_INSERT[] =
    "INSERT INTO candidates(org_id, vacancy_id, name, email, phone, source, stage, "
    "reject_reason, notes, stage_since, created_by, created_at, updated_at) VALUES (?1, ?2, ?3, "
    "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";

vo_err vo_store_candidate_insert(struct vo_store *st, struct vo_candidate *x, struct vo_error *e)
{
    const struct vo_st_param p[] = {
        VO_P_I64(x->org_id),      VO_P_I64(x->vacancy_id),     VO_P_TEXT(x->name),
        VO_P_TEXT(x->email),      VO_P_TEXT(x->phone),         VO_P_TEXT(x->source),
        VO_P_TEXT(x->stage),      VO_P_TEXT(x->reject_reason), VO_P_TEXT(x->notes),
        VO_P_I64(x->stage_since), VO_P_ID(x->created_by),      VO_P_I64(x->created_at),
        VO_P_I64(x->updated_at)};
    return vo_st_insert(st, SQL_CAND_INSERT, p, VO_ST_N(p), &x->id, "candidate", e);
}

static const char SQL_CAND_UPDATE[] =
    "UPDATE candidates SET vacancy_id = ?2, name = ?3, email = ?4, phone = ?5, source = ?6, "
    "stage = ?7, reject_reason = ?8, notes = ?9, stage_since = ?10, hired_user_id = ?11, "
    "start_date = ?12, updated_at = ?13 WHERE org_id = ?1 AND id = ?14";

vo_err vo_store_candidate_update(struct vo_store *st, const struct vo_candidate *x,
                                 struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(x->org_id),       VO_P_I64(x->vacancy_id),
                                    VO_P_TEXT(x->name),        VO_P_TEXT(x->email),
                                    VO_P_TEXT(x->phone),       VO_P_TEXT(x->source),
                                    VO_P_TEXT(x->stage),       VO_P_TEXT(x->reject_reason),
                                    VO_P_TEXT(x->notes),       VO_P_I64(x->stage_since),
                                    VO_P_ID(x->hired_user_id), VO_P_TEXT(x->start_date),
                                    VO_P_I64(x->updated_at),   VO_P_I64(x->id)};
    return vo_st_change_one(st, SQL_CAND_UPDATE, p, VO_ST_N(p), "candidate", "id", "candidate",
                            x->id, e);
}

static const char SQL_CV_PUT[] = "UPDATE candidates SET cv = ?3, cv_name = ?4, cv_type = ?5, "
                                 "cv_size = ?6, updated_at = ?7 WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_candidate_cv_put(struct vo_store *st, int64_t org, int64_t id, const char *name,
                                 const char *type, const void *data, size_t len, int64_t now,
                                 struct vo_error *e)
{
    vo_stmt *s = vo_st_prep(st, SQL_CV_PUT, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, org);
    vo_st_i64(s, 2, id);
    vo_st_blob(s, 3, len ? data : "", len);
    vo_st_text(s, 4, name);
    vo_st_text(s, 5, type);
    vo_st_i64(s, 6, (int64_t)len);
    vo_st_i64(s, 7, now);
    vo_err rc = vo_st_exec(st, s, "candidate", e);
    if (!rc && vo_changes(st) == 0)
        rc = vo_error_set(e, VO_ENOTFOUND, "id", "no %s %lld", "candidate", (long long)id);
    return rc;
}

static const char SQL_CV_GET[] = "SELECT cv FROM candidates WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_candidate_cv_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                                 const void **data, size_t *len, struct vo_error *e)
{
    *data = NULL;
    *len = 0;
    vo_stmt *s = vo_st_prep(st, SQL_CV_GET, e);
    if (!s)
        return VO_ESTORE;
    vo_st_i64(s, 1, org);
    vo_st_i64(s, 2, id);
    int step = vo_step(s);
    vo_err rc = VO_OK;
    if (step == VO_ROW) {
        const void *b = vo_col_blob(s, 0);
        int n = vo_col_bytes(s, 0);
        if (b && n > 0) {
            void *copy = vo_arena_alloc(a, (size_t)n);
            if (!copy)
                rc = vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
            else {
                memcpy(copy, b, (size_t)n);
                *data = copy;
                *len = (size_t)n;
            }
        }
    } else if (step == VO_DONE) {
        rc = vo_error_set(e, VO_ENOTFOUND, "id", "no %s %lld", "candidate", (long long)id);
    } else {
        rc = vo_st_fail(st, "candidate", e);
    }
    vo_reset(s);
    return rc;
}

/* ---- stage changes ---- */

static const char SQL_MOVE_ADD[] =
    "INSERT INTO candidate_stage_changes(org_id, candidate_id, from_stage, to_stage, at, by_user) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

vo_err vo_store_candidate_move_add(struct vo_store *st, int64_t org,
                                   const struct vo_candidate_move *m, struct vo_error *e)
{
    const struct vo_st_param p[] = {
        VO_P_I64(org),          VO_P_I64(m->candidate_id), VO_P_TEXT(m->from_stage),
        VO_P_TEXT(m->to_stage), VO_P_I64(m->at),           VO_P_ID(m->by)};
    return vo_st_run(st, SQL_MOVE_ADD, p, VO_ST_N(p), "candidate stage change", e);
}

VO_ST_ROW_FN(move_row, vo_candidate_move, VO_C_INT(candidate_id), VO_C_TEXT(from_stage),
             VO_C_TEXT(to_stage), VO_C_INT(at), VO_C_INT(by))

static const char SQL_MOVES[] =
    "SELECT candidate_id, from_stage, to_stage, at, by_user FROM candidate_stage_changes "
    "WHERE org_id = ?1 ORDER BY candidate_id, at, id";

vo_err vo_store_candidate_moves(struct vo_store *st, int64_t org, struct vo_arena *a,
                                struct vo_candidate_move **out, size_t *n, struct vo_error *e)
{
    return vo_st_list_by(st, SQL_MOVES, org, a, sizeof **out, move_row, out, n,
                         "candidate stage changes", e);
}

/* ---- criteria ---- */

#define CRIT_COLS "SELECT id, org_id, name, position, archived FROM hiring_criteria"

VO_ST_ROW_FN(criterion_row, vo_hiring_criterion, VO_C_INT(id), VO_C_INT(org_id), VO_C_TEXT(name),
             VO_C_INT(position), VO_C_INT(archived))

static const char SQL_CRIT_LIST[] = CRIT_COLS " WHERE org_id = ?1 ORDER BY position, id";

vo_err vo_store_hiring_criteria(struct vo_store *st, int64_t org, struct vo_arena *a,
                                struct vo_hiring_criterion **out, size_t *n, struct vo_error *e)
{
    return vo_st_list_by(st, SQL_CRIT_LIST, org, a, sizeof **out, criterion_row, out, n,
                         "hiring criteria", e);
}

static const char SQL_CRIT_DEFAULTS[] =
    "INSERT INTO hiring_criteria(org_id, name, position) SELECT ?1, d.column1, d.column2 FROM "
    "(VALUES ('Мотивация', 1), ('Коммуникация', 2), ('Работа с возражениями', 3), "
    "('Опыт продаж', 4), ('Обучаемость', 5)) d "
    "WHERE NOT EXISTS (SELECT 1 FROM hiring_criteria WHERE org_id = ?1)";

vo_err vo_store_hiring_criteria_defaults(struct vo_store *st, int64_t org, bool *made,
                                         struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org)};
    vo_err rc = vo_st_run(st, SQL_CRIT_DEFAULTS, p, VO_ST_N(p), "hiring criteria", e);
    if (made)
        *made = !rc && vo_changes(st) > 0;
    return rc;
}

static const char SQL_CRIT_GET[] = CRIT_COLS " WHERE org_id = ?1 AND id = ?2";

VO_ST_GET_FN(vo_store_hiring_criterion_get, struct vo_hiring_criterion, SQL_CRIT_GET, criterion_row,
             "criterion")

static const char SQL_CRIT_INSERT[] =
    "INSERT INTO hiring_criteria(org_id, name, position, archived) VALUES (?1, ?2, ?3, ?4)";

vo_err vo_store_hiring_criterion_insert(struct vo_store *st, struct vo_hiring_criterion *x,
                                        struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(x->org_id), VO_P_TEXT(x->name), VO_P_I64(x->position),
                                    VO_P_I64(x->archived)};
    return vo_st_insert(st, SQL_CRIT_INSERT, p, VO_ST_N(p), &x->id, "criterion", e);
}

static const char SQL_CRIT_UPDATE[] = "UPDATE hiring_criteria SET name = ?2, position = ?3, "
                                      "archived = ?4 WHERE org_id = ?1 AND id = ?5";

vo_err vo_store_hiring_criterion_update(struct vo_store *st, const struct vo_hiring_criterion *x,
                                        struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(x->org_id), VO_P_TEXT(x->name), VO_P_I64(x->position),
                                    VO_P_I64(x->archived), VO_P_I64(x->id)};
    return vo_st_change_one(st, SQL_CRIT_UPDATE, p, VO_ST_N(p), "criterion", "id", "criterion",
                            x->id, e);
}

/* ---- scores ---- */

static const char SQL_SCORE_PUT[] =
    "INSERT INTO candidate_scores(org_id, candidate_id, user_id, kind, criterion_id, score, "
    "comment, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
    "ON CONFLICT (org_id, candidate_id, user_id, kind, criterion_id) DO UPDATE SET "
    "score = excluded.score, comment = excluded.comment, at = excluded.at";

vo_err vo_store_candidate_score_put(struct vo_store *st, int64_t org,
                                    const struct vo_candidate_score *x, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org),
                                    VO_P_I64(x->candidate_id),
                                    VO_P_I64(x->user_id),
                                    VO_P_TEXT(x->kind),
                                    VO_P_I64(x->criterion_id),
                                    VO_P_I64(x->score),
                                    VO_P_TEXT(x->comment),
                                    VO_P_I64(x->at)};
    return vo_st_run(st, SQL_SCORE_PUT, p, VO_ST_N(p), "score", e);
}

VO_ST_ROW_FN(score_row, vo_candidate_score, VO_C_INT(id), VO_C_INT(candidate_id), VO_C_INT(user_id),
             VO_C_TEXT(user_name), VO_C_TEXT(kind), VO_C_INT(criterion_id), VO_C_TEXT(criterion),
             VO_C_INT(score), VO_C_TEXT(comment), VO_C_INT(at))

static const char SQL_SCORES[] =
    "SELECT s.id, s.candidate_id, s.user_id, u.name, s.kind, s.criterion_id, k.name, s.score, "
    "s.comment, s.at FROM candidate_scores s "
    "JOIN users u ON u.org_id = s.org_id AND u.id = s.user_id "
    "JOIN hiring_criteria k ON k.org_id = s.org_id AND k.id = s.criterion_id "
    "WHERE s.org_id = ?1 AND s.candidate_id = ?2 "
    "ORDER BY s.kind = 'final', s.user_id, k.position, k.id";

vo_err vo_store_candidate_scores(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                                 struct vo_candidate_score **out, size_t *n, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(id)};
    return vo_st_list(st, SQL_SCORES, p, VO_ST_N(p), a, sizeof **out, score_row, out, n, "scores",
                      e);
}
