/*
 * trainings.h - training, обучение (issue 14, item 4; docs/trainings.md):
 * the org's training events (pair training, a review of negotiations,
 * reading, a course, an external speaker, product training) with a topic,
 * a start and a duration, a trainer (a user, or an external name for a
 * speaker or a course), a place or link, materials from the library, the
 * attendees and their attendance (invited, attended, absent: marked by
 * the head after), and a status (planned, held, cancelled). A training
 * may be put in a weekly meeting's block «Групповое обучение на кейсах
 * недели» (meeting_id). The use cases behind /api/v1/trainings.
 *
 * Who: admin and head write (VO_EPERM otherwise). Everyone signed in
 * reads the schedule (every training of the org); a viewer, the head and
 * an admin see every attendee's record, a manager only their own (the
 * others are left out of `attendees`; `attendees_count` counts them all).
 * A manager's list of another user's trainings (user_id) is VO_EPERM
 * naming "user_id". Each write is one transaction with an audit row
 * (training.create, .update, .attend); an attendee invited is told once
 * (a 'training' notification, at the start).
 *
 * Bounds (VO_EINVAL naming the field): kind one of the six; topic 1..200
 * characters; description up to 5000; starts_at an instant or a date of
 * the org's zone; duration_min 1..1440 (default 60); trainer_id an active
 * user of the org; trainer_name 1..200 characters, for a course or a
 * speaker only, not with a trainer_id; place up to 500 characters;
 * materials up to 20 library documents (materials[i]); attendees up to
 * 200 active users (attendees[i]); status planned, held or cancelled;
 * meeting_id a weekly meeting that is not closed.
 */
#ifndef VO_SERVICE_TRAININGS_H
#define VO_SERVICE_TRAININGS_H

#include "service/service.h"
#include "store/training_store.h"

#define VO_TRAINING_TOPIC_MAX     200
#define VO_TRAINING_TEXT_MAX      5000
#define VO_TRAINING_PLACE_MAX     500
#define VO_TRAINING_MATERIALS_MAX 20
#define VO_TRAINING_PEOPLE_MAX    200
#define VO_TRAINING_DURATION_MAX  1440
#define VO_TRAINING_DURATION_DEF  60

/* A training with its materials and the attendees the actor may see. */
struct vo_training_full {
    struct vo_training t;
    struct vo_training_material *materials;
    size_t nmaterials;
    struct vo_training_person *people;
    size_t npeople;
    int64_t people_count; /* every attendee, also those not shown */
};

enum {
    VO_TRAINING_SET_KIND = 1 << 0,
    VO_TRAINING_SET_TOPIC = 1 << 1,
    VO_TRAINING_SET_DESCRIPTION = 1 << 2,
    VO_TRAINING_SET_STARTS = 1 << 3,
    VO_TRAINING_SET_DURATION = 1 << 4,
    VO_TRAINING_SET_TRAINER = 1 << 5, /* trainer_id and trainer_name together */
    VO_TRAINING_SET_PLACE = 1 << 6,
    VO_TRAINING_SET_MATERIALS = 1 << 7,
    VO_TRAINING_SET_ATTENDEES = 1 << 8,
    VO_TRAINING_SET_STATUS = 1 << 9,
    VO_TRAINING_SET_MEETING = 1 << 10,
};
/* What a training is given; an update changes the members `set` names. */
struct vo_training_input {
    unsigned set;
    const char *kind, *topic, *description;
    const char *starts_at; /* an instant or a date of the org's zone */
    int64_t duration_min;
    int64_t trainer_id; /* 0: none */
    const char *trainer_name;
    const char *place;
    const int64_t *materials; /* document ids */
    size_t nmaterials;
    const int64_t *attendees; /* user ids */
    size_t nattendees;
    const char *status;
    int64_t meeting_id; /* 0: none */
};

/* The trainings of f (a manager: f->user their own or 0), by start. */
vo_err vo_svc_training_list(struct vo_svc *svc, struct vo_training_filter f,
                            struct vo_training_full **out, size_t *n, struct vo_error *e);
vo_err vo_svc_training_get(struct vo_svc *svc, int64_t id, struct vo_training_full *out,
                           struct vo_error *e);
vo_err vo_svc_training_create(struct vo_svc *svc, const struct vo_training_input *in, int64_t *id,
                              struct vo_error *e);
vo_err vo_svc_training_update(struct vo_svc *svc, int64_t id, const struct vo_training_input *in,
                              struct vo_error *e);
/* Marks user's attendance of training id: invited, attended or absent
 * (VO_EINVAL naming "user_id" for someone not invited; VO_ECONFLICT
 * naming "status" on a cancelled training). */
vo_err vo_svc_training_attend(struct vo_svc *svc, int64_t id, int64_t user, const char *attendance,
                              struct vo_error *e);

/* The training the reviews suggest: item `position` of checklist_id over
 * the reviews of [from, to) (VO_EINVAL naming "position" when no review
 * of the period scores it). Topic the item's text, kind
 * negotiation_review, attendees the managers whose average share on the
 * item is below the team's (exact ratios compared), starts_at the given
 * one (NULL: 10:00 of tomorrow in the org's zone). Created planned. */
struct vo_training_from_reviews {
    int64_t checklist_id, position, from, to;
    const char *starts_at;
    int64_t duration_min; /* 0: the default */
};
vo_err vo_svc_training_from_reviews(struct vo_svc *svc, const struct vo_training_from_reviews *in,
                                    int64_t *id, struct vo_error *e);

#endif
