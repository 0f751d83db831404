/*
 * training_store.c - trainings (training_store.h; issue 14, item 4;
 * migration 29: tables trainings, training_materials, training_attendees).
 * Every statement names the org and binds its parameters; a listing's
 * attendees and materials are read with the same filter as its trainings,
 * one statement each, not one per training.
 */
#include "store/training_store.h"

#include "store/store_int.h"

#define TR_COLS                                                                                    \
    "SELECT t.id, t.org_id, t.kind, t.topic, t.description, t.starts_at, t.duration_min, "         \
    "t.trainer_id, t.trainer_name, t.place, t.status, t.meeting_id, t.created_by, t.created_at, "  \
    "t.updated_at, u.name FROM trainings t "                                                       \
    "LEFT JOIN users u ON u.org_id = t.org_id AND u.id = t.trainer_id"

VO_ST_ROW_FN(training_row, vo_training, VO_C_INT(id), VO_C_INT(org_id), VO_C_TEXT(kind),
             VO_C_TEXT(topic), VO_C_TEXT(description), VO_C_INT(starts_at), VO_C_INT(duration_min),
             VO_C_INT(trainer_id), VO_C_TEXT(trainer_name), VO_C_TEXT(place), VO_C_TEXT(status),
             VO_C_INT(meeting_id), VO_C_INT(created_by), VO_C_INT(created_at), VO_C_INT(updated_at),
             VO_C_TEXT(trainer_user))

/* The filter's clause over t: [?2, ?3), ?4 an attendee (0: any), ?5 the
 * kind (NULL: any), ?6 the meeting (0: any). */
#define TR_FILTER                                                                                  \
    "t.org_id = ?1 AND t.starts_at >= ?2 AND t.starts_at < ?3 AND (?4 = 0 OR EXISTS (SELECT 1 "    \
    "FROM training_attendees x WHERE x.org_id = t.org_id AND x.training_id = t.id AND "            \
    "x.user_id = ?4)) AND (?5 IS NULL OR t.kind = ?5) AND (?6 = 0 OR t.meeting_id = ?6)"

#define TR_PARAMS(org, f)                                                                          \
    VO_P_I64(org), VO_P_I64((f)->from), VO_P_I64((f)->to), VO_P_I64((f)->user),                    \
        VO_P_TEXT((f)->kind), VO_P_I64((f)->meeting)

static const char SQL_TR_LIST[] =
    TR_COLS " WHERE " TR_FILTER " ORDER BY t.starts_at, t.id LIMIT 1000";

vo_err vo_store_training_list(struct vo_store *st, int64_t org, const struct vo_training_filter *f,
                              struct vo_arena *a, struct vo_training **out, size_t *n,
                              struct vo_error *e)
{
    const struct vo_st_param p[] = {TR_PARAMS(org, f)};
    return vo_st_list(st, SQL_TR_LIST, p, VO_ST_N(p), a, sizeof **out, training_row, out, n,
                      "trainings", e);
}

static const char SQL_TR_GET[] = TR_COLS " WHERE t.org_id = ?1 AND t.id = ?2";

VO_ST_GET_FN(vo_store_training_get, struct vo_training, SQL_TR_GET, training_row, "training")

static const char SQL_TR_INSERT[] =
    "INSERT INTO trainings(org_id, kind, topic, description, starts_at, duration_min, trainer_id, "
    "trainer_name, place, status, meeting_id, created_by, created_at, updated_at) VALUES (?1, ?2, "
    "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";

vo_err vo_store_training_insert(struct vo_store *st, struct vo_training *x, struct vo_error *e)
{
    const struct vo_st_param p[] = {
        VO_P_I64(x->org_id),       VO_P_TEXT(x->kind),         VO_P_TEXT(x->topic),
        VO_P_TEXT(x->description), VO_P_I64(x->starts_at),     VO_P_I64(x->duration_min),
        VO_P_ID(x->trainer_id),    VO_P_TEXT(x->trainer_name), VO_P_TEXT(x->place),
        VO_P_TEXT(x->status),      VO_P_ID(x->meeting_id),     VO_P_ID(x->created_by),
        VO_P_I64(x->created_at),   VO_P_I64(x->updated_at)};
    return vo_st_insert(st, SQL_TR_INSERT, p, VO_ST_N(p), &x->id, "training", e);
}

static const char SQL_TR_UPDATE[] =
    "UPDATE trainings SET kind = ?3, topic = ?4, description = ?5, starts_at = ?6, "
    "duration_min = ?7, trainer_id = ?8, trainer_name = ?9, place = ?10, status = ?11, "
    "meeting_id = ?12, updated_at = ?13 WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_training_update(struct vo_store *st, const struct vo_training *x,
                                struct vo_error *e)
{
    const struct vo_st_param p[] = {
        VO_P_I64(x->org_id),       VO_P_I64(x->id),           VO_P_TEXT(x->kind),
        VO_P_TEXT(x->topic),       VO_P_TEXT(x->description), VO_P_I64(x->starts_at),
        VO_P_I64(x->duration_min), VO_P_ID(x->trainer_id),    VO_P_TEXT(x->trainer_name),
        VO_P_TEXT(x->place),       VO_P_TEXT(x->status),      VO_P_ID(x->meeting_id),
        VO_P_I64(x->updated_at)};
    return vo_st_change_one(st, SQL_TR_UPDATE, p, VO_ST_N(p), "training", "id", "training", x->id,
                            e);
}

/* ---- attendees ---- */

VO_ST_ROW_FN(person_row, vo_training_person, VO_C_INT(training_id), VO_C_INT(user_id),
             VO_C_TEXT(name), VO_C_TEXT(attendance))

/* ?7 0: the filter's trainings; else that training alone */
static const char SQL_TP_LIST[] =
    "SELECT a.training_id, a.user_id, u.name, a.attendance FROM training_attendees a "
    "JOIN trainings t ON t.org_id = a.org_id AND t.id = a.training_id "
    "JOIN users u ON u.org_id = a.org_id AND u.id = a.user_id "
    "WHERE a.org_id = ?1 AND ((?7 = 0 AND " TR_FILTER ") OR t.id = ?7) "
    "ORDER BY a.training_id, u.name, a.user_id";

static const struct vo_training_filter no_filter = {0, 0, 0, NULL, 0};

vo_err vo_store_training_people(struct vo_store *st, int64_t org,
                                const struct vo_training_filter *f, int64_t training,
                                struct vo_arena *a, struct vo_training_person **out, size_t *n,
                                struct vo_error *e)
{
    if (!f)
        f = &no_filter;
    const struct vo_st_param p[] = {TR_PARAMS(org, f), VO_P_I64(training)};
    return vo_st_list(st, SQL_TP_LIST, p, VO_ST_N(p), a, sizeof **out, person_row, out, n,
                      "training attendees", e);
}

static const char SQL_TP_CLEAR[] =
    "DELETE FROM training_attendees WHERE org_id = ?1 AND training_id = ?2";
static const char SQL_TP_INSERT[] = "INSERT INTO training_attendees(org_id, training_id, user_id, "
                                    "attendance) VALUES (?1, ?2, ?3, ?4)";

vo_err vo_store_training_people_put(struct vo_store *st, int64_t org, int64_t training,
                                    const struct vo_training_person *v, size_t n,
                                    struct vo_error *e)
{
    const struct vo_st_param k[] = {VO_P_I64(org), VO_P_I64(training)};
    vo_err rc = vo_st_run(st, SQL_TP_CLEAR, k, VO_ST_N(k), "training attendees", e);
    for (size_t i = 0; !rc && i < n; i++) {
        const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(training), VO_P_I64(v[i].user_id),
                                        VO_P_TEXT(v[i].attendance)};
        rc = vo_st_run(st, SQL_TP_INSERT, p, VO_ST_N(p), "training attendee", e);
    }
    return rc;
}

/* ---- materials ---- */

VO_ST_ROW_FN(material_row, vo_training_material, VO_C_INT(training_id), VO_C_INT(document_id),
             VO_C_INT(position), VO_C_TEXT(title))

static const char SQL_TM_LIST[] =
    "SELECT m.training_id, m.document_id, m.position, d.title FROM training_materials m "
    "JOIN trainings t ON t.org_id = m.org_id AND t.id = m.training_id "
    "JOIN documents d ON d.org_id = m.org_id AND d.id = m.document_id "
    "WHERE m.org_id = ?1 AND ((?7 = 0 AND " TR_FILTER ") OR t.id = ?7) "
    "ORDER BY m.training_id, m.position";

vo_err vo_store_training_materials(struct vo_store *st, int64_t org,
                                   const struct vo_training_filter *f, int64_t training,
                                   struct vo_arena *a, struct vo_training_material **out, size_t *n,
                                   struct vo_error *e)
{
    if (!f)
        f = &no_filter;
    const struct vo_st_param p[] = {TR_PARAMS(org, f), VO_P_I64(training)};
    return vo_st_list(st, SQL_TM_LIST, p, VO_ST_N(p), a, sizeof **out, material_row, out, n,
                      "training materials", e);
}

static const char SQL_TM_CLEAR[] =
    "DELETE FROM training_materials WHERE org_id = ?1 AND training_id = ?2";
static const char SQL_TM_INSERT[] = "INSERT INTO training_materials(org_id, training_id, "
                                    "document_id, position) VALUES (?1, ?2, ?3, ?4)";

vo_err vo_store_training_materials_put(struct vo_store *st, int64_t org, int64_t training,
                                       const int64_t *ids, size_t n, struct vo_error *e)
{
    const struct vo_st_param k[] = {VO_P_I64(org), VO_P_I64(training)};
    vo_err rc = vo_st_run(st, SQL_TM_CLEAR, k, VO_ST_N(k), "training materials", e);
    for (size_t i = 0; !rc && i < n; i++) {
        const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(training), VO_P_I64(ids[i]),
                                        VO_P_I64((int64_t)i + 1)};
        rc = vo_st_run(st, SQL_TM_INSERT, p, VO_ST_N(p), "training material", e);
    }
    return rc;
}
