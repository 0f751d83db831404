/*
 * trainings.c - training (trainings.h): who may read and write a training
 * (one check: the role for a write; a manager's read sees the schedule and
 * only their own attendance), the bounds of a training, the invitations
 * (a notification to each attendee added), attendance marks, and the
 * training made from the reviews' weakest item.
 */
#include "service/trainings.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "service/crm.h"
#include "service/notify.h"
#include "service/reviews.h"

static const char *const KINDS[] = {"pair",   "negotiation_review", "reading", "course", "speaker",
                                    "product"};
static const char *const STATUSES[] = {"planned", "held", "cancelled"};
static const char *const MARKS[] = {"invited", "attended", "absent"};

static bool one_of(const char *s, const char *const *v, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        if (strcmp(s, v[i]) == 0)
            return true;
    return false;
}

/* Writes are the head's and an admin's (and the operator's). */
static vo_err may_write(struct vo_svc *svc, struct vo_error *e)
{
    if (svc->actor_id == 0 || svc->actor_role == VO_ROLE_ADMIN || svc->actor_role == VO_ROLE_HEAD)
        return VO_OK;
    return vo_error_set(e, VO_EPERM, NULL, "trainings are planned by the head and an admin");
}

/* A manager sees their own attendance only. */
static bool sees_all(const struct vo_svc *svc)
{
    return svc->actor_id == 0 || svc->actor_role != VO_ROLE_MANAGER;
}

/* A text of up to max characters (NULL is ""), valid UTF-8. */
static vo_err text_up_to(const char *s, size_t max, const char *field, struct vo_error *e)
{
    vo_err rc = vo_text_check(VO_TEXT_NOTE, s, field, e);
    if (!rc && s && (size_t)g_utf8_strlen(s, -1) > max)
        rc = vo_error_set(e, VO_EINVAL, field, "%s is up to %d characters", field, (int)max);
    return rc;
}

/* Spreads materials m[0..nm) and people p[0..np) (both by training) over
 * the trainings v[0..n); a manager's people are their own. */
static void spread(const struct vo_svc *svc, struct vo_training_full *v, size_t n,
                   struct vo_training_material *m, size_t nm, struct vo_training_person *p,
                   size_t np)
{
    bool all = sees_all(svc);
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < nm; k++) {
            if (m[k].training_id != v[i].t.id)
                continue;
            if (!v[i].materials)
                v[i].materials = &m[k];
            v[i].nmaterials++;
        }
    }
    /* the people keep their order; a manager's view keeps their row only */
    size_t w = 0;
    for (size_t k = 0; k < np; k++) {
        struct vo_training_full *t = NULL;
        for (size_t i = 0; i < n && !t; i++)
            if (v[i].t.id == p[k].training_id)
                t = &v[i];
        if (!t)
            continue;
        t->people_count++;
        if (!all && p[k].user_id != svc->actor_id)
            continue;
        p[w] = p[k];
        w++;
    }
    for (size_t k = 0; k < w; k++) {
        for (size_t i = 0; i < n; i++) {
            if (v[i].t.id != p[k].training_id)
                continue;
            if (!v[i].people)
                v[i].people = &p[k];
            v[i].npeople++;
        }
    }
}

vo_err vo_svc_training_list(struct vo_svc *svc, struct vo_training_filter f,
                            struct vo_training_full **out, size_t *n, struct vo_error *e)
{
    struct vo_training *v = NULL;
    struct vo_training_material *m = NULL;
    struct vo_training_person *p = NULL;
    size_t nv = 0, nm = 0, np = 0;
    *out = NULL;
    *n = 0;
    if (!sees_all(svc) && f.user && f.user != svc->actor_id)
        return vo_error_set(e, VO_EPERM, "user_id",
                            "a manager sees their own attendance of trainings only");
    if (f.kind && *f.kind && !one_of(f.kind, KINDS, G_N_ELEMENTS(KINDS)))
        return vo_error_set(
            e, VO_EINVAL, "kind",
            "kind is pair, negotiation_review, reading, course, speaker or product");
    if (f.kind && !*f.kind)
        f.kind = NULL;
    vo_err rc = vo_store_training_list(svc->st, svc->org.id, &f, svc->arena, &v, &nv, e);
    if (rc ||
        (rc = vo_store_training_materials(svc->st, svc->org.id, &f, 0, svc->arena, &m, &nm, e)) ||
        (rc = vo_store_training_people(svc->st, svc->org.id, &f, 0, svc->arena, &p, &np, e)))
        return rc;
    struct vo_training_full *x = vo_arena_array(svc->arena, nv + 1, sizeof *x);
    if (!x)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < nv; i++)
        x[i].t = v[i];
    spread(svc, x, nv, m, nm, p, np);
    *out = x;
    *n = nv;
    return VO_OK;
}

vo_err vo_svc_training_get(struct vo_svc *svc, int64_t id, struct vo_training_full *out,
                           struct vo_error *e)
{
    struct vo_training_material *m = NULL;
    struct vo_training_person *p = NULL;
    size_t nm = 0, np = 0;
    memset(out, 0, sizeof *out);
    vo_err rc = vo_store_training_get(svc->st, svc->org.id, id, svc->arena, &out->t, e);
    if (rc ||
        (rc =
             vo_store_training_materials(svc->st, svc->org.id, NULL, id, svc->arena, &m, &nm, e)) ||
        (rc = vo_store_training_people(svc->st, svc->org.id, NULL, id, svc->arena, &p, &np, e)))
        return rc;
    spread(svc, out, 1, m, nm, p, np);
    return VO_OK;
}

/* An active user of the org as field ("no active user N"). */
static vo_err active_user(struct vo_svc *svc, int64_t id, const char *field, struct vo_user *u,
                          struct vo_error *e)
{
    struct vo_error tmp = {0};
    vo_err rc =
        id > 0 ? vo_store_user_get(svc->st, svc->org.id, id, svc->arena, u, &tmp) : VO_ENOTFOUND;
    if (rc == VO_ENOTFOUND || (!rc && !u->active))
        return vo_error_set(e, VO_EINVAL, field, "no active user %lld", (long long)id);
    return rc ? vo_error_pass(e, rc, &tmp) : VO_OK;
}

/* Checks ids[0..n) (each under field[i], at most max, no repeat). */
static vo_err id_list(const int64_t *ids, size_t n, size_t max, const char *field,
                      struct vo_error *e)
{
    if (n > max)
        return vo_error_set(e, VO_EINVAL, field, "%s has at most %d entries", field, (int)max);
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < i; k++)
            if (ids[k] == ids[i]) {
                char f[32];
                g_snprintf(f, sizeof f, "%s[%zu]", field, i);
                return vo_error_set(e, VO_EINVAL, f, "%lld is given twice", (long long)ids[i]);
            }
    return VO_OK;
}

/* Applies in's members named by in->set to x, checked. */
static vo_err training_apply(struct vo_svc *svc, const struct vo_training_input *in,
                             struct vo_training *x, struct vo_error *e)
{
    vo_err rc;
    if (in->set & VO_TRAINING_SET_KIND) {
        if (!in->kind || !*in->kind)
            return vo_error_set(e, VO_EINVAL, "kind", "%s is required", "kind");
        if (!one_of(in->kind, KINDS, G_N_ELEMENTS(KINDS)))
            return vo_error_set(
                e, VO_EINVAL, "kind",
                "kind is pair, negotiation_review, reading, course, speaker or product");
        x->kind = in->kind;
    }
    if (in->set & VO_TRAINING_SET_TOPIC) {
        if ((rc = vo_text_required(VO_TEXT_NAME, in->topic, "topic", e)) ||
            (rc = text_up_to(in->topic, VO_TRAINING_TOPIC_MAX, "topic", e)))
            return rc;
        x->topic = in->topic;
    }
    if (in->set & VO_TRAINING_SET_DESCRIPTION) {
        if ((rc = text_up_to(in->description, VO_TRAINING_TEXT_MAX, "description", e)))
            return rc;
        x->description = in->description ? in->description : "";
    }
    if (in->set & VO_TRAINING_SET_STARTS) {
        if (!in->starts_at || !*in->starts_at)
            return vo_error_set(e, VO_EINVAL, "starts_at", "%s is required", "starts_at");
        if ((rc = vo_crm_time(svc, in->starts_at, "starts_at", &x->starts_at, e)))
            return rc;
    }
    if (in->set & VO_TRAINING_SET_DURATION) {
        int64_t d = in->duration_min;
        if (d < 1 || d > VO_TRAINING_DURATION_MAX)
            return vo_error_set(e, VO_EINVAL, "duration_min", "duration_min is 1..%d minutes",
                                VO_TRAINING_DURATION_MAX);
        x->duration_min = d;
    }
    if (in->set & VO_TRAINING_SET_TRAINER) {
        const char *name = in->trainer_name && *in->trainer_name ? in->trainer_name : NULL;
        if (in->trainer_id) {
            struct vo_user u;
            if (name)
                return vo_error_set(e, VO_EINVAL, "trainer_name",
                                    "a trainer is a user (trainer_id) or an external name "
                                    "(trainer_name), not both");
            if ((rc = active_user(svc, in->trainer_id, "trainer_id", &u, e)))
                return rc;
        }
        x->trainer_id = in->trainer_id;
        x->trainer_name = name;
    }
    if (x->trainer_name) {
        if ((rc = text_up_to(x->trainer_name, VO_TRAINING_TOPIC_MAX, "trainer_name", e)))
            return rc;
        if (strcmp(x->kind, "course") != 0 && strcmp(x->kind, "speaker") != 0)
            return vo_error_set(e, VO_EINVAL, "trainer_name",
                                "an external trainer (trainer_name) is a course's or a speaker's: "
                                "give a trainer_id");
    }
    if (in->set & VO_TRAINING_SET_PLACE) {
        if ((rc = text_up_to(in->place, VO_TRAINING_PLACE_MAX, "place", e)))
            return rc;
        x->place = in->place ? in->place : "";
    }
    if (in->set & VO_TRAINING_SET_STATUS) {
        if (!one_of(in->status, STATUSES, G_N_ELEMENTS(STATUSES)))
            return vo_error_set(e, VO_EINVAL, "status", "status is planned, held or cancelled");
        x->status = in->status;
    }
    if ((in->set & VO_TRAINING_SET_MEETING) && in->meeting_id != x->meeting_id) {
        if (in->meeting_id) {
            struct vo_meeting m;
            struct vo_error tmp = {0};
            rc = in->meeting_id > 0 ? vo_store_meeting_get(svc->st, svc->org.id, in->meeting_id,
                                                           svc->arena, &m, &tmp)
                                    : VO_ENOTFOUND;
            if (rc == VO_ENOTFOUND || (!rc && strcmp(m.kind, "weekly") != 0))
                return vo_error_set(e, VO_EINVAL, "meeting_id", "no weekly meeting %lld",
                                    (long long)in->meeting_id);
            if (rc)
                return vo_error_pass(e, rc, &tmp);
            if (strcmp(m.status, "closed") == 0)
                return vo_error_set(e, VO_EINVAL, "meeting_id", "meeting %lld is closed",
                                    (long long)in->meeting_id);
        }
        x->meeting_id = in->meeting_id;
    }
    if (in->set & VO_TRAINING_SET_MATERIALS) {
        if ((rc =
                 id_list(in->materials, in->nmaterials, VO_TRAINING_MATERIALS_MAX, "materials", e)))
            return rc;
        for (size_t i = 0; i < in->nmaterials; i++) {
            struct vo_document d;
            struct vo_error tmp = {0};
            char f[32];
            g_snprintf(f, sizeof f, "materials[%zu]", i);
            rc = in->materials[i] > 0
                     ? vo_store_document_get(svc->st, svc->org.id, in->materials[i], 0, svc->arena,
                                             &d, &tmp)
                     : VO_ENOTFOUND;
            if (rc == VO_ENOTFOUND)
                return vo_error_set(e, VO_EINVAL, f, "no document %lld in the library",
                                    (long long)in->materials[i]);
            if (rc)
                return vo_error_pass(e, rc, &tmp);
        }
    }
    if (in->set & VO_TRAINING_SET_ATTENDEES) {
        if ((rc = id_list(in->attendees, in->nattendees, VO_TRAINING_PEOPLE_MAX, "attendees", e)))
            return rc;
        for (size_t i = 0; i < in->nattendees; i++) {
            struct vo_user u;
            char f[32];
            g_snprintf(f, sizeof f, "attendees[%zu]", i);
            if ((rc = active_user(svc, in->attendees[i], f, &u, e)))
                return rc;
        }
    }
    return VO_OK;
}

/* Stores the attendees of in (when set) over training x: those kept keep
 * their mark, those added are invited and told. Then the materials. */
static vo_err put_lists(struct vo_svc *svc, const struct vo_training_input *in,
                        const struct vo_training *x, struct vo_error *e)
{
    vo_err rc;
    if ((in->set & VO_TRAINING_SET_MATERIALS) &&
        (rc = vo_store_training_materials_put(svc->st, svc->org.id, x->id, in->materials,
                                              in->nmaterials, e)))
        return rc;
    if (!(in->set & VO_TRAINING_SET_ATTENDEES))
        return VO_OK;
    struct vo_training_person *old = NULL;
    size_t nold = 0;
    if ((rc = vo_store_training_people(svc->st, svc->org.id, NULL, x->id, svc->arena, &old, &nold,
                                       e)))
        return rc;
    struct vo_training_person *v = vo_arena_array(svc->arena, in->nattendees + 1, sizeof *v);
    if (!v)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < in->nattendees; i++) {
        v[i] = (struct vo_training_person){
            .training_id = x->id, .user_id = in->attendees[i], .attendance = "invited"};
        bool kept = false;
        for (size_t k = 0; k < nold; k++)
            if (old[k].user_id == in->attendees[i]) {
                v[i].attendance = old[k].attendance;
                kept = true;
            }
        if (kept)
            continue;
        const struct vo_notify_to to = {.user_id = in->attendees[i],
                                        .kind = VO_NOTIFY_TRAINING,
                                        .key =
                                            vo_arena_printf(svc->arena, "%lld", (long long)x->id),
                                        .object = "training",
                                        .object_id = x->id,
                                        .title = x->topic,
                                        .at = x->starts_at,
                                        .payload = NULL};
        if ((rc = vo_svc_notify_user(svc, &to, e)))
            return rc;
    }
    return vo_store_training_people_put(svc->st, svc->org.id, x->id, v, in->nattendees, e);
}

vo_err vo_svc_training_create(struct vo_svc *svc, const struct vo_training_input *in, int64_t *id,
                              struct vo_error *e)
{
    int64_t now = vo_now();
    struct vo_training x = {.org_id = svc->org.id,
                            .description = "",
                            .place = "",
                            .status = "planned",
                            .duration_min = VO_TRAINING_DURATION_DEF,
                            .created_by = svc->actor_id,
                            .created_at = now,
                            .updated_at = now};
    struct vo_training_input all = *in;
    all.set |= VO_TRAINING_SET_KIND | VO_TRAINING_SET_TOPIC | VO_TRAINING_SET_STARTS;
    vo_err rc = may_write(svc, e);
    if (rc || (rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = training_apply(svc, &all, &x, e)) ||
        (rc = vo_store_training_insert(svc->st, &x, e)) || (rc = put_lists(svc, &all, &x, e)))
        goto fail;
    if ((rc = vo_crm_finish(svc, "training.create", "training", x.id, x.topic, e)))
        return rc;
    *id = x.id;
    return VO_OK;
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_training_update(struct vo_svc *svc, int64_t id, const struct vo_training_input *in,
                              struct vo_error *e)
{
    struct vo_training x;
    vo_err rc = may_write(svc, e);
    if (rc || (rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = vo_store_training_get(svc->st, svc->org.id, id, svc->arena, &x, e)))
        goto fail;
    x.updated_at = vo_now();
    if ((rc = training_apply(svc, in, &x, e)) || (rc = vo_store_training_update(svc->st, &x, e)) ||
        (rc = put_lists(svc, in, &x, e)))
        goto fail;
    return vo_crm_finish(svc, "training.update", "training", id, x.topic, e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_training_attend(struct vo_svc *svc, int64_t id, int64_t user, const char *attendance,
                              struct vo_error *e)
{
    struct vo_training x;
    struct vo_training_person *v = NULL;
    size_t n = 0;
    vo_err rc = may_write(svc, e);
    if (rc)
        return rc;
    if (!one_of(attendance, MARKS, G_N_ELEMENTS(MARKS)))
        return vo_error_set(e, VO_EINVAL, "attendance",
                            "attendance is invited, attended or absent");
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = vo_store_training_get(svc->st, svc->org.id, id, svc->arena, &x, e)) ||
        (rc = vo_store_training_people(svc->st, svc->org.id, NULL, id, svc->arena, &v, &n, e)))
        goto fail;
    if (strcmp(x.status, "cancelled") == 0) {
        rc = vo_error_set(e, VO_ECONFLICT, "status",
                          "training %lld is cancelled: attendance is not marked", (long long)id);
        goto fail;
    }
    size_t k = 0;
    while (k < n && v[k].user_id != user)
        k++;
    if (k == n) {
        rc = vo_error_set(e, VO_EINVAL, "user_id", "user %lld is not invited to training %lld",
                          (long long)user, (long long)id);
        goto fail;
    }
    v[k].attendance = attendance;
    if ((rc = vo_store_training_people_put(svc->st, svc->org.id, id, v, n, e)))
        goto fail;
    return vo_crm_finish(svc, "training.attend", "training", id,
                         vo_arena_printf(svc->arena, "%s: %s", v[k].name, attendance), e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}

/* ---- from the reviews ---- */

/* One manager's sums on the item: the scores and how many. */
struct item_sum {
    int64_t user, score, count;
};

vo_err vo_svc_training_from_reviews(struct vo_svc *svc, const struct vo_training_from_reviews *in,
                                    int64_t *id, struct vo_error *e)
{
    struct vo_review_score *sc = NULL;
    struct vo_review_item *items = NULL;
    size_t nsc = 0, ni = 0;
    vo_err rc = may_write(svc, e);
    if (rc)
        return rc;
    if (in->checklist_id <= 0)
        return vo_error_set(e, VO_EINVAL, "checklist_id", "%s is required", "checklist_id");
    if (in->position <= 0)
        return vo_error_set(e, VO_EINVAL, "position", "%s is required", "position");
    struct vo_review_filter f = {.checklist = in->checklist_id, .from = in->from, .to = in->to};
    if ((rc = vo_store_review_items(svc->st, svc->org.id, in->checklist_id, svc->arena, &items, &ni,
                                    e)) ||
        (rc = vo_store_review_scores(svc->st, svc->org.id, &f, 0, svc->arena, &sc, &nsc, e)))
        return rc;
    const char *text = NULL;
    for (size_t i = 0; i < ni; i++)
        if (items[i].position == in->position)
            text = items[i].text;
    if (ni == 0)
        return vo_error_set(e, VO_EINVAL, "checklist_id", "no review checklist %lld in use",
                            (long long)in->checklist_id);
    /* the item's max_score is the same in every review (a checklist in
     * use keeps its items), so shares compare as raw score means */
    struct item_sum *m = vo_arena_array(svc->arena, nsc + 1, sizeof *m);
    if (!m)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    size_t nm = 0;
    int64_t team_score = 0, team_count = 0;
    for (size_t j = 0; j < nsc; j++) {
        if (sc[j].position != in->position)
            continue;
        size_t k = 0;
        while (k < nm && m[k].user != sc[j].subject_id)
            k++;
        if (k == nm)
            m[nm++] = (struct item_sum){sc[j].subject_id, 0, 0};
        m[k].score += sc[j].score;
        m[k].count++;
        team_score += sc[j].score;
        team_count++;
    }
    if (team_count == 0 || !text)
        return vo_error_set(e, VO_EINVAL, "position",
                            "no review of the period scores item %lld of checklist %lld",
                            (long long)in->position, (long long)in->checklist_id);
    int64_t *people = vo_arena_array(svc->arena, nm + 1, sizeof *people);
    if (!people)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    size_t np = 0;
    for (size_t k = 0; k < nm; k++) {
        struct vo_user u;
        struct vo_error tmp = {0};
        /* below the team: score/count < team_score/team_count */
        if (m[k].score * team_count >= team_score * m[k].count)
            continue;
        if (vo_store_user_get(svc->st, svc->org.id, m[k].user, svc->arena, &u, &tmp) || !u.active)
            continue;
        people[np++] = m[k].user;
    }
    const char *starts = in->starts_at;
    if (!starts || !*starts) {
        struct vo_date d = vo_date_add_days(vo_date_of(svc->tz, vo_now()), 1);
        char day[16];
        vo_date_format(d, day, sizeof day);
        starts = vo_arena_printf(svc->arena, "%sT10:00", day);
    }
    struct vo_training_input t = {.set = VO_TRAINING_SET_ATTENDEES |
                                         (in->duration_min ? VO_TRAINING_SET_DURATION : 0u),
                                  .kind = "negotiation_review",
                                  .topic = text,
                                  .starts_at = starts,
                                  .duration_min = in->duration_min,
                                  .attendees = people,
                                  .nattendees = np};
    if ((size_t)g_utf8_strlen(text, -1) > VO_TRAINING_TOPIC_MAX)
        t.topic = vo_arena_printf(
            svc->arena, "%.*s", (int)(g_utf8_offset_to_pointer(text, VO_TRAINING_TOPIC_MAX) - text),
            text);
    return vo_svc_training_create(svc, &t, id, e);
}
